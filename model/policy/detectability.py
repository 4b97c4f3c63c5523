"""The smallest change of an outcome that its public monitor can show.

"Better" (than 2023, than the run without the reserve) counts only a difference of at least
this much in the better direction: a model difference of 0.0006 points is not a finding a
council member could ever check in the monitor. The values are assumptions with a stated
derivation (a range where it matters); none comes from the policy document.

For a survey share the derivation is the minimal detectable difference between two rounds
at 95 % confidence, 1.96 * sqrt(2 p (1 - p) / n), with p the share and n the respondents in
Limburg. Register-based figures (full population, no sampling error) are limited by the
precision they are published with.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Detectable:
    """A detectable difference in the outcome's own unit, with its reasoning."""

    value: float
    reasoning_nl: str
    reasoning_en: str

    def reasoning(self, lang: str) -> str:
        return self.reasoning_nl if lang == "nl" else self.reasoning_en


_SURVEY_NL = (
    "Het kleinste verschil dat twee rondes van de Gezondheidsmonitor Volwassenen en Ouderen met"
    " 95 % zekerheid tonen: in 2022 vulden ruim 26.000 Limburgers de vragenlijst in (GGD'en in"
    " Limburg; Omroep P&M, 20-06-2023), in 2016 ruim 61.000 (Veiligheidsregio Limburg-Noord,"
    " jaarverslag 2018); 1,96 x wortel(2 p (1 - p) / n) = 0,86 procentpunt bij p = 50 % en"
    " n = 26.000; hier 0,8. Aanname voor de CBS-enquêtes (Veiligheidsmonitor, sociale samenhang)"
    " en de jeugdgezondheidszorg: hun Limburgse steekproef is niet groter, het verschil dus niet"
    " kleiner."
)
_SURVEY_EN = (
    "The smallest difference two rounds of the Gezondheidsmonitor Volwassenen en Ouderen show at"
    " 95 % confidence: in 2022 over 26,000 Limburg residents answered (the GGDs in Limburg;"
    " Omroep P&M, 20-06-2023), in 2016 over 61,000 (Veiligheidsregio Limburg-Noord, annual"
    " report 2018); 1.96 x sqrt(2 p (1 - p) / n) = 0.86 points at p = 50 % and n = 26,000; here"
    " 0.8. An assumption for the CBS surveys (Veiligheidsmonitor, social cohesion) and youth"
    " health care: their Limburg samples are not larger, so the difference is not smaller."
)
_REGISTER_NL = (
    "Registergegevens zonder steekproeffout (CBS), gepubliceerd met één decimaal: een kleiner"
    " verschil is in de monitor niet te zien."
)
_REGISTER_EN = (
    "Register data without sampling error (CBS), published with one decimal: a smaller"
    " difference cannot be seen in the monitor."
)
_ESTIMATE_NL = (
    "Aanname: 1 % van de beginstand. Het aantal is een schatting uit een steekproefonderzoek,"
    " gepubliceerd in duizendtallen (§6.2.1: 84.000-106.000); een kleiner verschil is niet te"
    " onderscheiden, en ook een groter verschil ligt binnen de onzekerheid van de schatting."
)
_ESTIMATE_EN = (
    "Assumption: 1 % of the starting level. The number is an estimate from a sample survey,"
    " published in thousands (§6.2.1: 84,000-106,000); a smaller difference cannot be told"
    " apart, and a larger one still lies within the estimate's uncertainty."
)
_DIGITAL_NL = (
    "Aanname: 1 % van de beginstand. Het aantal is afgeleid van het aandeel met weinig digitale"
    " vaardigheden in de ICT-enquête van het CBS, een steekproef met een paar honderd Limburgse"
    " respondenten: een kleiner verschil is niet te onderscheiden, en ook een groter ligt binnen de"
    " steekproefonzekerheid."
)
_DIGITAL_EN = (
    "Assumption: 1 % of the starting level. The number is derived from the share with low"
    " digital skills in CBS's ICT survey, a sample with a few hundred Limburg respondents: a"
    " smaller difference cannot be told apart, and a larger one still lies within the sampling"
    " uncertainty."
)
_PREGNANCY_NL = (
    "Aanname: 0,3 procentpunt, het kleinste verschil tussen twee metingen bij een aandeel van 3,4 %"
    " en ongeveer 30.000 waarnemingen: 1,96 x wortel(2 p (1 - p) / n) = 0,29. De bron van het"
    " cijfer is niet genoemd; met minder waarnemingen is het verschil groter."
)
_PREGNANCY_EN = (
    "Assumption: 0.3 points, the smallest difference between two measurements at a share of"
    " 3.4 % and about 30,000 observations: 1.96 x sqrt(2 p (1 - p) / n) = 0.29. The figure's"
    " source is not named; with fewer observations the difference is larger."
)
_COUNT_NL = (
    "Aanname: 0,5 % van de beginstand (ongeveer 100 jongeren): registertellingen van het CBS per"
    " regio zijn afgerond op tientallen, en verschuivingen tussen rondes van deze orde zijn ruis"
    " van definitie en afbakening."
)
_COUNT_EN = (
    "Assumption: 0.5 % of the starting level (about 100 young people): CBS register counts per"
    " region are rounded to tens, and shifts of this size between rounds are noise of"
    " definition and delineation."
)
_INDEX_NL = (
    "Aanname: 0,5 indexpunt. Er is geen openbare meting van deze index; een verschil kleiner dan"
    " een half procent van de stand van 2023 zou ook met een meting niet te zien zijn."
)
_INDEX_EN = (
    "Assumption: 0.5 index points. No public measurement of this index exists; a difference of"
    " less than half a per cent of the 2023 level could not be seen even if it were measured."
)

DETECTABLE: dict[str, Detectable] = {
    "persons_in_poverty": Detectable(0.1, _REGISTER_NL, _REGISTER_EN),
    "low_literate_adults": Detectable(950.0, _ESTIMATE_NL, _ESTIMATE_EN),
    "low_digital_skills": Detectable(3000.0, _DIGITAL_NL, _DIGITAL_EN),
    "youth_labour_participation": Detectable(100.0, _COUNT_NL, _COUNT_EN),
    "youth_healthy_lifestyle": Detectable(0.8, _SURVEY_NL, _SURVEY_EN),
    "prepared_pregnancies": Detectable(0.3, _PREGNANCY_NL, _PREGNANCY_EN),
    "vulnerable_children_recognised": Detectable(0.5, _INDEX_NL, _INDEX_EN),
    "residents_feel_at_home": Detectable(0.8, _SURVEY_NL, _SURVEY_EN),
    "neighbour_contact": Detectable(0.8, _SURVEY_NL, _SURVEY_EN),
    "volunteer_initiatives": Detectable(0.8, _SURVEY_NL, _SURVEY_EN),
    "loneliness_share": Detectable(0.8, _SURVEY_NL, _SURVEY_EN),
    "sport_infrastructure_stimulated": Detectable(0.5, _INDEX_NL, _INDEX_EN),
    "movement_guideline_share": Detectable(0.8, _SURVEY_NL, _SURVEY_EN),
    "liveability_index": Detectable(0.5, _INDEX_NL, _INDEX_EN),
}
"""Per outcome id: the smallest difference counted as "better" (the outcome's unit)."""
