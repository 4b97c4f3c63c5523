"""The doelenboom's indicators: every output and outcome of the five goals, with the
ids of ``shared/domain/FACTS.md``, their targets and how their 2027 value is read.

Each indicator is a variable of the model with the same name; :func:`indicator_attrs`
gives the attributes it carries in a result Dataset.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from model.policy.detectability import DETECTABLE

TARGET_YEAR = 2027
END_OF_TARGET_YEAR = "2028-01-01"
"""Time point at which 2027 values are read: the state at the end of 2027."""
START_OF_PERIOD = "2024-01-01"
"""Time point holding the 2023 level (the state at the end of 2023)."""
TARGET_TOLERANCE = 0.005
"""An output counts as meeting its target within 0.5 % below it: plan-consistent
parameters are stored rounded, so a funded output may miss by round-off."""

GOALS: dict[str, dict[str, str]] = {
    "poverty": {
        "line": "2.1.a",
        "nl": "Terugdringen van armoede en laaggeletterdheid",
        "en": "Reducing poverty and low literacy",
    },
    "youth": {
        "line": "2.1.b",
        "nl": "Een jeugd die veilig, kansrijk en gezond opgroeit",
        "en": "Youth growing up safe, healthy and with chances",
    },
    "cohesion": {
        "line": "2.1.c",
        "nl": "Vergroten van de sociale cohesie en gemeenschapszin",
        "en": "More social cohesion and community spirit",
    },
    "sport": {
        "line": "2.3",
        "nl": "Een gezonde Limburger door meer bewegen en sporten",
        "en": "Healthier Limburgers through more exercise and sport",
    },
    "neighbourhoods": {
        "line": "2.2",
        "nl": "Limburgse wijken en dorpen zijn leefbaarder en veiliger",
        "en": "Neighbourhoods and villages more liveable and safer",
    },
}

MEASURES = {
    "level": "stand aan het eind van 2027",
    "cumulative": "totaal 2024 tot en met 2027",
    "in_year": "in het jaar 2027",
}


@dataclass(frozen=True)
class Indicator:
    """One doelenboom indicator.

    Attributes
    ----------
    id : str
        The FACTS.md id, also the variable name.
    goal, level : str
        Goal id and ``"output"`` or ``"outcome"``.
    units : str
    nl, en : str
        Names for users.
    target : float or None
        Output target for 2027 (None for outcomes).
    direction : str
        ``"higher"`` or ``"lower"`` is better.
    measure : str
        How the 2027 value is read: ``"level"`` (state at the end of 2027),
        ``"cumulative"`` (total reached 2024–2027) or ``"in_year"`` (during 2027).
    start : float or None
        Outcome level at the end of 2023 where the document gives one; None for
        outcomes shown as an index (2023 = 100).
    source : str
        Section of the policy document (and, for a measured outcome, the public source of its
        starting level).
    definition_nl, definition_en : str
        For outcomes: what exactly is measured (population, measure, year of the start
        value), so a council member can look it up; "" where not yet written. An outcome
        shown as an index says here why no measured indicator exists.
    monitor : str
        The public monitor or statistic the outcome matches (publisher, name, address),
        "" where there is none.
    """

    id: str
    goal: str
    level: str
    units: str
    nl: str
    en: str
    target: float | None = None
    direction: str = "higher"
    measure: str = "level"
    start: float | None = None
    source: str = "doelenboom (annex)"
    definition_nl: str = ""
    definition_en: str = ""
    monitor: str = ""

    def definition(self, lang: str) -> str:
        """The outcome's definition in ``lang`` (``"nl"`` or ``"en"``; "" if none)."""
        return self.definition_nl if lang == "nl" else self.definition_en

    @property
    def is_index(self) -> bool:
        return self.level == "outcome" and self.start is None

    def meets_target(self, value: Any) -> Any:
        """Whether the output's 2027 ``value`` (a number or an array of samples) meets its
        target: at least the target less :data:`TARGET_TOLERANCE`. The one rule for
        "target met", used by :mod:`model.run.summary` and :mod:`model.analysis.uncertainty`.

        >>> INDICATORS["poverty_literacy_projects"].meets_target(30 * 0.995)
        True
        """
        if self.target is None:
            raise ValueError(f"{self.id} has no target")
        return value >= self.target * (1.0 - TARGET_TOLERANCE)

    @property
    def detectable(self) -> float:
        """The smallest difference counted as better, in the outcome's unit
        (:data:`model.policy.detectability.DETECTABLE`; 0 for an output)."""
        found = DETECTABLE.get(self.id)
        return found.value if found is not None else 0.0

    def better(self, a: Any, b: Any) -> Any:
        """Whether outcome value ``a`` is better than ``b`` by at least the
        :attr:`detectable` difference (lower or higher, as the indicator's ``direction``
        says); numbers or arrays. The one rule for "better", used by
        :mod:`model.run.summary` and :mod:`model.analysis.uncertainty`.

        >>> lone = INDICATORS["loneliness_share"]
        >>> lone.detectable, bool(lone.better(51.0, 52.0)), bool(lone.better(51.9, 52.0))
        (0.8, True, False)
        """
        d = self.detectable
        return a < b - d if self.direction == "lower" else a > b + d


def _o(id: str, goal: str, units: str, target: float, nl: str, en: str, measure: str) -> Indicator:
    return Indicator(id, goal, "output", units, nl, en, target=target, measure=measure)


OUTPUTS: tuple[Indicator, ...] = (
    # poverty (2.1.a)
    _o(
        "support_use_increase_pct",
        "poverty",
        "%",
        5,
        "Meer gebruik ondersteuningsaanbod sociale basisinfrastructuur door doelgroepen (t.o.v. 2023)",
        "More use of the social basic infrastructure's support by target groups (vs 2023)",
        "level",
    ),
    _o(
        "poverty_literacy_projects",
        "poverty",
        "projects",
        30,
        "Projecten armoede en laaggeletterdheid in uitvoering",
        "Poverty and low-literacy projects in execution",
        "cumulative",
    ),
    _o(
        "neet_vsv_projects",
        "poverty",
        "projects",
        5,
        "Lopende projecten voor NEET- en VSV-jongeren",
        "Running projects for NEET and early-school-leaver youth",
        "level",
    ),
    _o(
        "jeugdfonds_children",
        "poverty",
        "children",
        10_000,
        "Kinderen uit gezinnen met een laag inkomen bereikt via het Jeugdfonds Sport & Cultuur",
        "Children from low-income families reached by the Jeugdfonds Sport & Cultuur",
        "in_year",
    ),
    # youth (2.1.b)
    _o(
        "gbt_schools",
        "youth",
        "schools",
        45,
        "Gezonde Basisscholen van de Toekomst",
        "Healthy Primary Schools of the Future (GBT)",
        "level",
    ),
    _o(
        "gbt_children",
        "youth",
        "children",
        10_000,
        "Kinderen die gezond ontbijten en lunchen op een GBT-school",
        "Children with a healthy breakfast and lunch at a GBT school",
        "level",
    ),
    _o(
        "keigezond_new_municipalities",
        "youth",
        "municipalities",
        8,
        "Nieuwe gemeenten in Keigezond Limburg",
        "New municipalities in Keigezond Limburg",
        "cumulative",
    ),
    _o(
        "keigezond_children",
        "youth",
        "children",
        2_500,
        "Kinderen bereikt met Keigezond Limburg",
        "Children reached by Keigezond Limburg",
        "cumulative",
    ),
    _o(
        "voorzorg_nnz_trajectories",
        "youth",
        "trajectories",
        1_350,
        "Gevolgde trajecten Voorzorg en Nu Niet Zwanger",
        "Voorzorg and Nu Niet Zwanger trajectories",
        "cumulative",
    ),
    _o(
        "centering_pregnancy_professionals",
        "youth",
        "professionals",
        50,
        "Verloskundigen/gynaecologen opgeleid in Centering Pregnancy",
        "Midwives/gynaecologists trained in Centering Pregnancy",
        "cumulative",
    ),
    _o(
        "kansrijke_start_pilots",
        "youth",
        "pilots",
        2,
        "Projectpilots Kansrijke Start",
        "Kansrijke Start pilots",
        "cumulative",
    ),
    _o(
        "stevig_ouderschap_trajectories",
        "youth",
        "trajectories",
        800,
        "Gestarte trajecten Stevig Ouderschap",
        "Stevig Ouderschap trajectories started",
        "cumulative",
    ),
    _o(
        "centering_ouderschap_bureaus",
        "youth",
        "clinics",
        5,
        "Consultatiebureaus die werken met Centering Ouderschap",
        "Child-health clinics working with Centering Ouderschap",
        "level",
    ),
    _o(
        "handle_with_care_school_share",
        "youth",
        "%",
        100,
        "Limburgse scholen in het Handle with Care-netwerk",
        "Limburg schools in the Handle with Care network",
        "level",
    ),
    # cohesion (2.1.c)
    _o(
        "citizen_initiative_projects",
        "cohesion",
        "projects",
        20,
        "Projecten voor burgerinitiatieven (participatie, sociale cohesie)",
        "Citizen-initiative projects (participation, cohesion)",
        "cumulative",
    ),
    _o(
        "social_fund_partnerships",
        "cohesion",
        "partnerships",
        2,
        "Samenwerkingen met sociale fondsen",
        "Partnerships with social funds",
        "level",
    ),
    _o(
        "un_disability_symposia",
        "cohesion",
        "symposia",
        1,
        "Symposium VN-verdrag Handicap",
        "Symposium on the UN disability convention",
        "cumulative",
    ),
    # sport (2.3 and structural sport funds)
    _o(
        "sport_infrastructure_reach_increase_pct",
        "sport",
        "%",
        5,
        "Meer Limburgers bereikt door de provinciale sportinfrastructuur (t.o.v. 2023)",
        "More Limburgers reached by the provincial sport infrastructure (vs 2023)",
        "level",
    ),
    _o(
        "athletes_supported",
        "sport",
        "athletes",
        1_500,
        "Sporters ondersteund via Coöperatie Limburg Sport",
        "Athletes supported via Coöperatie Limburg Sport",
        "in_year",
    ),
    _o(
        "supralocal_sport_events",
        "sport",
        "events",
        75,
        "Ondersteunde bovenlokale sportevenementen",
        "Supported supra-local sport events",
        "cumulative",
    ),
    _o(
        "top_sport_events",
        "sport",
        "events",
        12,
        "Ondersteunde topsportevenementen met breedtesportprogramma",
        "Supported top-sport events with a mass-participation programme",
        "cumulative",
    ),
    _o(
        "sport_agreements",
        "sport",
        "agreements",
        3,
        "Regionale sportakkoorden in uitvoering",
        "Regional sport agreements in execution",
        "level",
    ),
    # neighbourhoods (2.2)
    _o(
        "new_neighbourhood_approaches",
        "neighbourhoods",
        "approaches",
        5,
        "Nieuwe integrale aanpakken in aandachtswijken (in uitvoering)",
        "New integrated approaches in priority neighbourhoods (in execution)",
        "cumulative",
    ),
    _o(
        "village_approaches",
        "neighbourhoods",
        "approaches",
        10,
        "Dorps- en buurtgerichte aanpakken (in uitvoering)",
        "Village and local approaches (in execution)",
        "cumulative",
    ),
    _o(
        "continued_area_approaches",
        "neighbourhoods",
        "approaches",
        2,
        "Lopende gebiedsgerichte aanpakken gecontinueerd (Donderberg, Vastenavondkamp)",
        "Ongoing area approaches continued (Donderberg, Vastenavondkamp)",
        "level",
    ),
)


def _c(
    id: str,
    goal: str,
    units: str,
    direction: str,
    nl: str,
    en: str,
    start: float | None = None,
    source: str = "doelenboom (annex)",
) -> Indicator:
    return Indicator(
        id, goal, "outcome", units, nl, en, direction=direction, start=start, source=source
    )


OUTCOMES: tuple[Indicator, ...] = (
    Indicator(
        "persons_in_poverty",
        "poverty",
        "outcome",
        "%",
        "Minderjarigen in Limburg in een huishouden met een laag inkomen (CBS)",
        "Minors in Limburg in a low-income household (CBS)",
        direction="lower",
        start=5.9,
        source=(
            "CBS, lage-inkomensgrens: Armoede en sociale uitsluiting 2021 en 2023 (landelijk 6,6 % in"
            " 2021, 5,2 % in 2022); Limburg 9,4 % in 2016 (De Limburger, 16-01-2018, CBS-cijfers);"
            " eind 2023 afgeleid: 5,9 %"
        ),
        definition_nl=(
            "Aandeel minderjarigen (0-17 jaar) in Limburg in een huishouden met een inkomen onder de"
            " lage-inkomensgrens van het CBS, een vast koopkrachtbedrag (in 2022 € 2.300 netto per"
            " maand voor een paar met twee kinderen). Beginstand eind 2023: 5,9 %, ongeveer 10.000"
            " van de 170.000 Limburgse minderjarigen (het model toont ook het aantal:"
            " children_in_low_income_households). Afgeleid: Limburg lag op 1,01 tot 1,06 keer het"
            " landelijke aandeel (9,8 % in 2014, 9,4 % in 2016); landelijk 6,6 % in 2021 en 5,2 % in"
            " 2022, tijdelijk verlaagd door de energietoeslag. De 'één op de acht' (12,5 %) van het"
            " beleidskader (§6.2.1) is een andere, bredere maat: kinderen in huishoudens onder 120-130 %"
            " van het sociaal minimum, zoals gemeenten en het Jeugdfonds die gebruiken. Het model"
            " gebruikt de CBS-maat omdat die een openbare reeks per gemeente en provincie heeft."
        ),
        definition_en=(
            "Share of minors (0-17) in Limburg living in a household with an income below the CBS"
            " low-income line, a fixed purchasing-power amount (in 2022 € 2,300 net a month for a"
            " couple with two children). Starting level at the end of 2023: 5.9 %, about 10,000 of"
            " Limburg's 170,000 minors (the model also shows the count:"
            " children_in_low_income_households). Derived: Limburg was 1.01 to 1.06 times the national"
            " share (9.8 % in 2014, 9.4 % in 2016); nationally 6.6 % in 2021 and 5.2 % in 2022,"
            " lowered for a while by the energy allowance. The framework's '1 in 8' (12.5 %, §6.2.1)"
            " is another, broader measure: children in households below 120-130 % of the social"
            " minimum, as municipalities and the Jeugdfonds use it. The model uses the CBS measure"
            " because it has a public series per municipality and province."
        ),
        monitor=(
            "CBS StatLine 85678NED 'Laag en langdurig laag inkomen; regio' (per gemeente en"
            " provincie, jaarlijks) en CBS, Armoede en sociale uitsluiting (jaarlijks), https://www.cbs.nl"
        ),
    ),
    Indicator(
        "low_literate_adults",
        "poverty",
        "outcome",
        "persons",
        "Laaggeletterde volwassenen in Limburg",
        "Low-literate adults in Limburg",
        direction="lower",
        start=95_000.0,
        source=(
            "§6.2.1: 84.000–106.000 (midden 95.000); schattingen op basis van PIAAC per gemeente"
            " (ROA, CINOP en Etil; geletterdheidinzicht.nl)"
        ),
        definition_nl=(
            "Volwassenen (16-65 jaar) in Limburg die laaggeletterd zijn: een geschatte score van 225"
            " of lager op de leesvaardigheidsschaal (0-500) van PIAAC, het internationale onderzoek"
            " naar de vaardigheden van volwassenen (2012), doorgerekend naar gemeenten door ROA,"
            " CINOP en Etil voor OCW en SZW. Laaggecijferdheid en weinig digitale vaardigheden tellen"
            " hier niet mee. Beginstand: het midden van de 84.000-106.000 van het beleidskader"
            " (§6.2.1, 'één op de acht'); het Limburgse totaal is niet bij de bron zelf nagegaan. De"
            " taalprojecten tellen mee met de deelnemers die boven de grens uitkomen en zolang zij"
            " daar blijven."
        ),
        definition_en=(
            "Adults (16-65) in Limburg who are low-literate: an estimated score of 225 or lower on"
            " the literacy scale (0-500) of PIAAC, the international survey of adult skills (2012),"
            " modelled to municipalities by ROA, CINOP and Etil for the ministries of education and"
            " social affairs. Low numeracy and low digital skills do not count here. Starting level:"
            " the middle of the framework's 84,000-106,000 (§6.2.1, '1 in 8'); the Limburg total was"
            " not checked at the source itself. The literacy projects count with the participants who"
            " come above the threshold, for as long as they stay there."
        ),
        monitor=(
            "Stichting Lezen & Schrijven en geletterdheidinzicht.nl (schattingen per gemeente);"
            " de volgende ronde van PIAAC (OESO)"
        ),
    ),
    Indicator(
        "low_digital_skills",
        "poverty",
        "outcome",
        "persons",
        "Limburgers met weinig digitale vaardigheden",
        "Limburgers with low digital skills",
        direction="lower",
        start=300_000.0,
        source="§6.2.1: 300.000 laag-digivaardigen; maat: CBS, digitale vaardigheden (ICT-gebruik van huishoudens en personen)",
        definition_nl=(
            "Limburgers die minder dan digitale basisvaardigheden hebben volgens de indicator van het"
            " CBS (enquête ICT-gebruik van huishoudens en personen, de Europese maat: activiteiten op"
            " vijf gebieden, van informatie en communicatie tot online diensten, privacy en software)."
            " Beginstand: de 300.000 van het beleidskader (§6.2.1), ongeveer 30 % van de ongeveer 1"
            " miljoen Limburgers van 12 jaar en ouder; dat past bij het niveau van de CBS-maat vóór"
            " 2023 (landelijk 26 % in 2021, ongeveer 20 % in 2023). Het beleidskader noemt geen bron of"
            " jaar. De projecten voor digitale vaardigheden tellen mee met de deelnemers die het"
            " basisniveau halen, zolang zij het houden."
        ),
        definition_en=(
            "Limburgers with less than basic digital skills on the CBS indicator (survey of ICT use"
            " by households and persons, the European measure: activities in five areas, from"
            " information and communication to online services, privacy and software). Starting"
            " level: the framework's 300,000 (§6.2.1), about 30 % of Limburg's roughly 1 million"
            " inhabitants aged 12+; that fits the level of the CBS measure before 2023 (26 %"
            " nationally in 2021, about 20 % in 2023). The framework names no source or year. The"
            " digital-skills projects count with the participants who reach the basic level, for as"
            " long as they keep it."
        ),
        monitor=(
            "CBS, ICT-gebruik van huishoudens en personen: digitale vaardigheden (per provincie),"
            " https://www.cbs.nl"
        ),
    ),
    Indicator(
        "youth_labour_participation",
        "poverty",
        "outcome",
        "persons",
        "Jongeren (16-34) zonder werk, opleiding of training (NEET) in Limburg",
        "Young people (16-34) not in employment, education or training (NEET) in Limburg",
        direction="lower",
        start=20_900.0,
        source=(
            "ROA (Universiteit Maastricht) voor 4Limburg: ongeveer 20.900 NEET-jongeren van 16-34"
            " jaar (Academische Werkplaats Limburg; L1, maart 2022)"
        ),
        definition_nl=(
            "De arbeidsparticipatie van jongeren uit de doelenboom, gemeten als haar keerzijde: het"
            " aantal jongeren van 16 tot 34 jaar in Limburg dat niet werkt en geen onderwijs of"
            " training volgt (NEET), zoals het ROA het voor 4Limburg telde op basis van CBS-microdata:"
            " ongeveer 20.900, stijgend tegen de landelijke trend in. Minder is beter. De telling is"
            " van vóór de coronajaren en geldt hier als stand van eind 2023 (er is geen latere"
            " Limburgse telling gevonden). De NEET/VSV-projecten tellen mee met de jongeren die zij"
            " naar werk of opleiding brengen, zolang die daar blijven."
        ),
        definition_en=(
            "The doelenboom's youth labour participation, measured as its reverse: the number of"
            " young people aged 16 to 34 in Limburg not in employment, education or training (NEET),"
            " as ROA counted it for 4Limburg from CBS microdata: about 20,900, rising against the"
            " national trend. Fewer is better. The count is from before the corona years and is taken"
            " as the level at the end of 2023 (no later Limburg count was found). The NEET/VSV"
            " projects count with the young people they bring into work or education, for as long as"
            " they stay there."
        ),
        monitor=(
            "CBS StatLine: jongeren (15-27 jaar) die geen onderwijs volgen en niet werken, per regio"
            " (jaarlijks, een smallere leeftijdsgroep); ROA, NEETs in Limburg (4Limburg)"
        ),
    ),
    Indicator(
        "youth_healthy_lifestyle",
        "youth",
        "outcome",
        "%",
        "Kinderen in Limburg met overgewicht (inclusief obesitas)",
        "Children in Limburg with overweight (including obesity)",
        direction="lower",
        start=15.0,
        source=(
            "Limburg 15 % tegen 11 % landelijk (ANP via Gezondheidsnet, cijfers van rond 2013);"
            " 28.000 kinderen met overgewicht of obesitas (1Limburg, 2022); landelijk 13,5 % van de"
            " 4-18-jarigen (RIVM 2020)"
        ),
        definition_nl=(
            "Aandeel minderjarigen in Limburg met overgewicht, inclusief obesitas, zoals de"
            " jeugdgezondheidszorg het meet (lengte en gewicht op vaste contactmomenten, BMI-grenzen"
            " naar leeftijd en geslacht). Een gezonde leefstijl zelf wordt niet gemeten; overgewicht"
            " is de gemeten uitkomst waar de Gezonde Basisschool van de Toekomst (gezonde lunch en"
            " bewegen op school) en Keigezond (zorgnetwerk voor kinderen met overgewicht) op werken."
            " Beginstand 15 %: Limburg tegen 11 % landelijk (de cijfers zijn van rond 2013), en 28.000"
            " Limburgse kinderen met overgewicht of obesitas in 2022; landelijk 13,5 % van de"
            " 4-18-jarigen (RIVM 2020). Lager is beter."
        ),
        definition_en=(
            "Share of minors in Limburg with overweight, including obesity, as youth health care"
            " measures it (height and weight at fixed check-ups, BMI cut-offs by age and sex). A"
            " healthy lifestyle itself is not measured; overweight is the measured outcome that the"
            " Healthy Primary School of the Future (healthy lunch and exercise at school) and"
            " Keigezond (a care network for children with overweight) work on. Starting level 15 %:"
            " Limburg against 11 % nationally (figures from around 2013), and 28,000 Limburg children"
            " with overweight or obesity in 2022; nationally 13.5 % of 4-18-year-olds (RIVM 2020)."
            " Lower is better."
        ),
        monitor=(
            "JGZ-gegevens van GGD Zuid Limburg en GGD Limburg-Noord; landelijk RIVM VZinfo,"
            " Overgewicht (CBS Gezondheidsenquête, Leefstijlmonitor), https://www.vzinfo.nl"
        ),
    ),
    Indicator(
        "prepared_pregnancies",
        "youth",
        "outcome",
        "%",
        "Ongeplande zwangerschappen bij jongvolwassenen onder de 25",
        "Unplanned pregnancies among young adults under 25",
        direction="lower",
        start=3.4,
        source=(
            "Nu Niet Zwanger Zuid-Limburg (naviegator.nl): van 3,4 % naar 2,5 % (landelijk"
            " gemiddelde); Noord- en Midden-Limburg 2,5 % (aanname)"
        ),
        definition_nl=(
            "Aandeel jongvolwassenen onder de 25 met een ongeplande zwangerschap, per regio: de maat"
            " die Nu Niet Zwanger Zuid-Limburg noemt, 3,4 % in Zuid-Limburg, met als doel 2,5 % (het"
            " landelijk gemiddelde); het programma noemt niet uit welk onderzoek en jaar het cijfer"
            " komt. Voor Noord- en Midden-Limburg is geen cijfer gevonden: 2,5 % is een aanname. Lager"
            " is beter: meer kwetsbare (aanstaande) ouders worden bewust en voorbereid zwanger."
            " Voorzorg en Nu Niet Zwanger tellen mee met de cliënten die betrouwbare anticonceptie"
            " gaan gebruiken, zolang zij die houden; Centering Pregnancy werkt tijdens een"
            " zwangerschap en verandert deze maat niet."
        ),
        definition_en=(
            "Share of young adults under 25 with an unplanned pregnancy, per region: the measure"
            " Nu Niet Zwanger Zuid-Limburg names, 3.4 % in Zuid-Limburg, aiming at 2.5 % (the national"
            " average); the programme does not say which survey and year the figure comes from. No"
            " figure for Noord- en Midden-Limburg was found: 2.5 % is an assumption. Lower is better:"
            " more vulnerable (expectant) parents start a pregnancy consciously and prepared."
            " Voorzorg and Nu Niet Zwanger count with the clients who start reliable contraception,"
            " for as long as they keep it; Centering Pregnancy works during a pregnancy and does not"
            " change this measure."
        ),
        monitor=(
            "Factsheet Nu Niet Zwanger Zuid-Limburg (GGD Zuid Limburg, jaarlijks); landelijk RIVM,"
            " Monitor onbedoelde zwangerschappen (jaarlijks), https://www.rivm.nl"
        ),
    ),
    Indicator(
        "vulnerable_children_recognised",
        "youth",
        "outcome",
        "index (2023 = 100)",
        "Kinderen uit kwetsbare gezinnen eerder herkend en ondersteund (index)",
        "Children from vulnerable homes recognised and supported earlier (index)",
        direction="higher",
        source="doelenboom (annex); index: geen openbare maat",
        definition_nl=(
            "Index (2023 = 100) van kinderen uit kwetsbare gezinnen die eerder herkend en"
            " ondersteund worden. Geen openbare monitor meet dit: tellingen die erop lijken (meldingen"
            " bij Veilig Thuis, jeugdhulpgebruik, signalen via Handle with Care) stijgen zowel als er"
            " beter herkend wordt als wanneer er meer misgaat, dus geen ervan is een maat voor eerder"
            " herkennen; daarom blijft dit een index. 100 staat voor naar schatting 17.000 kinderen"
            " (één op de tien minderjarigen) die in 2023 herkend werden, een aanname. Mee tellen: de"
            " gezinnen die Stevig Ouderschap nog versterkt (ouders melden de baat vijf jaar later"
            " nog), de scholen in het Handle with Care-netwerk en de professionals die de Beweging"
            " tegen Kindermishandeling bereikte en die nog in functie zijn."
        ),
        definition_en=(
            "Index (2023 = 100) of children from vulnerable homes who are recognised and supported"
            " earlier. No public monitor measures it: counts that resemble it (reports to Veilig"
            " Thuis, youth-care use, Handle with Care signals) rise both when recognition improves"
            " and when more goes wrong, so none of them measures earlier recognition; hence an"
            " index. 100 stands for an estimated 17,000 children (one in ten minors) recognised in"
            " 2023, an assumption. Counting: the families Stevig Ouderschap still strengthens"
            " (parents report the benefit five years later), the schools in the Handle with Care"
            " network and the professionals the Beweging tegen Kindermishandeling reached who are"
            " still in their jobs."
        ),
    ),
    Indicator(
        "residents_feel_at_home",
        "cohesion",
        "outcome",
        "%",
        "Inwoners die zich thuis voelen bij de mensen in hun buurt",
        "Residents who feel at home with the people in their neighbourhood",
        direction="higher",
        start=63.0,
        source=(
            "doelenboom (annex); start: CBS Veiligheidsmonitor 2023 (Nederland 62,1 %, "
            "Zuid-Nederland 64,3 %; register: cbs_veiligheidsmonitor_regio_2023)"
        ),
        definition_nl=(
            "Aandeel inwoners van Limburg van 15 jaar en ouder dat het (helemaal) eens is met "
            "'Ik voel mij thuis bij de mensen die in deze buurt wonen' (CBS Veiligheidsmonitor, "
            "tweejaarlijks). Start eind 2023: 63 %, tussen Nederland (62,1 %) en Zuid-Nederland "
            "(64,3 %) in 2023; de eigen Limburgse rij van de tabel is niet opgehaald. Dezelfde "
            "tabel geeft de waarde per gemeente, zodat de geselecteerde wijken te volgen zijn. "
            "De projecten werken in enkele wijken: hun bijdrage is de verandering onder de "
            "bereikte bewoners, als aandeel van alle Limburgers."
        ),
        definition_en=(
            "Share of Limburg residents aged 15+ who (fully) agree with 'I feel at home with the "
            "people who live in this neighbourhood' (CBS Veiligheidsmonitor, every two years). "
            "Start at the end of 2023: 63 %, between the Netherlands (62.1 %) and Zuid-Nederland "
            "(64.3 %) in 2023; Limburg's own row of the table was not retrieved. The same table "
            "gives the value per municipality, so the selected neighbourhoods can be followed. "
            "The projects work in a few neighbourhoods: their contribution is the change among "
            "the residents reached, as a share of all Limburgers."
        ),
        monitor="CBS, Veiligheidsmonitor; kerncijfers, regio (StatLine 85146NED), https://www.cbs.nl/nl-nl/cijfers/detail/85146NED",
    ),
    Indicator(
        "neighbour_contact",
        "cohesion",
        "outcome",
        "%",
        "Inwoners met minstens wekelijks contact met de buren",
        "Residents with at least weekly contact with their neighbours",
        direction="higher",
        start=55.5,
        source=(
            "doelenboom (annex); start: CBS Sociale samenhang en welzijn (56 % in 2022; "
            "register: cbs_burencontact_2022)"
        ),
        definition_nl=(
            "Aandeel mensen van 15 jaar en ouder met minstens wekelijks contact met de buren "
            "(persoonlijk, telefoon, app of e-mail; CBS Sociale samenhang en welzijn, jaarlijks). "
            "Start eind 2023: 55,5 %, de landelijke 56 % van 2022 een jaar langs de trend; een "
            "Limburgse waarde wordt niet gepubliceerd (de steekproef is landelijk), dus dit is de "
            "landelijke waarde als benadering. De projecten dragen bij via de bereikte bewoners, "
            "als aandeel van alle Limburgers."
        ),
        definition_en=(
            "Share of people aged 15+ with at least weekly contact with their neighbours (in "
            "person, phone, app or e-mail; CBS Sociale samenhang en welzijn, yearly). Start at "
            "the end of 2023: 55.5 %, the national 56 % of 2022 one year along the trend; no "
            "Limburg value is published (the sample is national), so the national value stands "
            "in for it. The projects contribute through the residents they reach, as a share of "
            "all Limburgers."
        ),
        monitor="CBS, Sociale contacten en maatschappelijke participatie (StatLine 85541NED, Sociale samenhang en welzijn), https://www.cbs.nl/nl-nl/cijfers/detail/85541NED",
    ),
    Indicator(
        "volunteer_initiatives",
        "cohesion",
        "outcome",
        "%",
        "Inwoners die vrijwilligerswerk doen (vrijwilligers- en bewonersinitiatieven)",
        "Residents who volunteer (volunteer and resident initiatives)",
        direction="higher",
        start=36.5,
        source=(
            "doelenboom (annex); start: CBS (Limburg 44 % against Nederland 50 % in 2012–13, "
            "Nederland 41 % in 2022; register: cbs_vrijwilligers_provincie_2015, "
            "cbs_vrijwilligerswerk_2022)"
        ),
        definition_nl=(
            "Aandeel inwoners van Limburg van 15 jaar en ouder dat minstens één keer per jaar "
            "vrijwilligerswerk doet voor een organisatie of vereniging (CBS Sociale samenhang en "
            "welzijn). Het aantal bewonersinitiatieven zelf wordt nergens geteld; het aandeel "
            "vrijwilligers is de gemeten maat die er het dichtst bij ligt. Start eind 2023: "
            "36,5 %: Limburg zat in 2012–13 op 0,88 keer het landelijke aandeel (44 tegen 50 %), "
            "toegepast op de landelijke 41 % van 2022 met wat herstel in 2023."
        ),
        definition_en=(
            "Share of Limburg residents aged 15+ who volunteer at least once a year for an "
            "organisation or association (CBS Sociale samenhang en welzijn). The number of "
            "resident initiatives itself is counted nowhere; the volunteer share is the closest "
            "measured indicator. Start at the end of 2023: 36.5 %: Limburg was at 0.88 times the "
            "national share in 2012–13 (44 against 50 %), applied to the national 41 % of 2022 "
            "with some recovery in 2023."
        ),
        monitor="CBS, Sociale contacten en maatschappelijke participatie (StatLine 85541NED); provincial values in CBS publications on volunteering",
    ),
    Indicator(
        "loneliness_share",
        "cohesion",
        "outcome",
        "%",
        "Volwassenen in Limburg die eenzaam zijn",
        "Adults in Limburg who are lonely",
        direction="lower",
        start=52.0,
        source=(
            "§6.2.3 (vervolgaanpak eenzaamheid); start: GGD Gezondheidsmonitor (Limburg 46,2 % "
            "in 2016, Nederland 48,6 % in 2022; parameter loneliness_share_2023)"
        ),
        definition_nl=(
            "Aandeel volwassenen (18+; tot 2016 19+) in Limburg dat matig of sterk eenzaam is op "
            "de eenzaamheidsschaal van De Jong-Gierveld (GGD Gezondheidsmonitor Volwassenen en "
            "Ouderen, om de twee tot vier jaar: 2016, 2020, 2022, 2024). Start eind 2023: 52 % "
            "(49–55 %): Limburg 46,2 % in 2016, 3,2 punten boven Nederland; Nederland 48,6 % in "
            "2022; in Limburg meer eenzamen in 2022 dan in 2020."
        ),
        definition_en=(
            "Share of adults (18+; 19+ until 2016) in Limburg who are moderately or severely "
            "lonely on the De Jong-Gierveld loneliness scale (GGD Gezondheidsmonitor Volwassenen "
            "en Ouderen, every two to four years: 2016, 2020, 2022, 2024). Start at the end of "
            "2023: 52 % (49–55 %): Limburg 46.2 % in 2016, 3.2 points above the Netherlands; "
            "the Netherlands 48.6 % in 2022; more Limburgers lonely in 2022 than in 2020."
        ),
        monitor="GGD'en, CBS en RIVM, Gezondheidsmonitor Volwassenen en Ouderen; VZinfo, Eenzaamheid regionaal, https://www.vzinfo.nl/eenzaamheid/regionaal/volwassenen (per GGD-regio, gemeente, wijk; RIVM StatLine)",
    ),
    Indicator(
        "sport_infrastructure_stimulated",
        "sport",
        "outcome",
        "index (2023 = 100)",
        "Limburgers in beweging gebracht via de sociale basisinfrastructuur (index)",
        "Limburgers set moving via the social basic infrastructure (index)",
        direction="higher",
        source="doelenboom (annex); index: geen openbare maat",
        definition_nl=(
            "Index (2023 = 100) van Limburgers die via de sociale basisinfrastructuur voor sport"
            " (sporttakplatforms, Ondersteuningsstructuur Sport, regionale sportakkoorden,"
            " ondersteunde evenementen) in beweging komen. Niemand telt die groep openbaar: het"
            " bereik van de platforms staat in hun werkplannen, niet in een gepubliceerde reeks;"
            " daarom een index. 100 staat voor naar schatting 100.000 Limburgers, een aanname. Wie"
            " door een evenement in beweging komt, telt mee tot hij terugvalt; het extra bereik van"
            " werkplannen en akkoorden telt zolang die lopen."
        ),
        definition_en=(
            "Index (2023 = 100) of Limburgers set moving via the social basic infrastructure for sport"
            " (sport-branch platforms, Ondersteuningsstructuur Sport, regional sport agreements,"
            " supported events). Nobody counts this group publicly: the platforms' reach is in their"
            " work plans, not in a published series; hence an index. 100 stands for an estimated"
            " 100,000 Limburgers, an assumption. Someone an event sets moving counts until they fall"
            " back; the extra reach of work plans and agreements counts while they run."
        ),
    ),
    Indicator(
        "movement_guideline_share",
        "sport",
        "outcome",
        "%",
        "Volwassenen die voldoen aan de beweegrichtlijn",
        "Adults meeting the movement guideline",
        direction="higher",
        start=42.7,
        source=(
            "§1: 2022 Zuid-Limburg 40,3%, Noord- en Midden-Limburg 45,1% (Gezondheidsmonitor,"
            " vzinfo.nl); Limburg 46,6 % (2016) en 44,1 % (2024)"
        ),
        definition_nl=(
            "Aandeel volwassenen (18+) dat voldoet aan de Beweegrichtlijnen van de Gezondheidsraad"
            " (2017): minstens 150 minuten per week matig intensief bewegen, verspreid over diverse"
            " dagen, en minstens twee keer per week spier- en botversterkende activiteiten; per"
            " regio, uit de Gezondheidsmonitor Volwassenen en Ouderen van GGD'en, CBS en RIVM."
            " Beginstand: 40,3 % in Zuid-Limburg en 45,1 % in Noord- en Midden-Limburg in 2022 (§1;"
            " 42,7 % is hun ongewogen gemiddelde), één jaar langs de autonome trend naar eind 2023."
            " Ter vergelijking: Limburg 46,6 % (2016) en 44,1 % (2024), Zuid-Limburg 44,3 % (2020):"
            " schommelingen van 4 tot 7 punten in enkele jaren. Meetelt het deel van de extra"
            " Limburgers in beweging gebracht dat daardoor aan de richtlijn gaat voldoen."
        ),
        definition_en=(
            "Share of adults (18+) meeting the Health Council's movement guideline (2017): at least"
            " 150 minutes a week of moderate-intensity activity spread over several days, and muscle-"
            " and bone-strengthening activities at least twice a week; per region, from the"
            " Gezondheidsmonitor Volwassenen en Ouderen of the GGDs, CBS and RIVM. Starting level:"
            " 40.3 % in Zuid-Limburg and 45.1 % in Noord- en Midden-Limburg in 2022 (§1; 42.7 % is"
            " their unweighted mean), one year along the autonomous trend to the end of 2023. For"
            " comparison: Limburg 46.6 % (2016) and 44.1 % (2024), Zuid-Limburg 44.3 % (2020): swings"
            " of 4 to 7 points within a few years. Counting: the share of the extra Limburgers set"
            " moving who thereby come to meet the guideline."
        ),
        monitor=(
            "Gezondheidsmonitor Volwassenen en Ouderen (GGD'en, CBS, RIVM; per GGD-regio en"
            " gemeente, elke vier jaar), https://www.vzinfo.nl/bewegen/regionaal/volwassenen"
        ),
    ),
    Indicator(
        "liveability_index",
        "neighbourhoods",
        "outcome",
        "index (2023 = 100)",
        "Leefbaarheid en veiligheid in de aandachtswijken en dorpen met een aanpak (index)",
        "Liveability and safety in the priority neighbourhoods and villages with an approach (index)",
        direction="higher",
        definition_nl=(
            "Leefbaarometer-achtige score van de aandachtswijken en dorpen met een "
            "gebiedsgerichte aanpak (van de provincie of van anderen), per regio, als index "
            "(2023 = 100); geen provinciebrede index. Een index omdat de Leefbaarometer-scores "
            "van de Limburgse aandachtswijken niet in openbare bronnen zijn gevonden (EVIDENCE.md, "
            "'not found'): de Leefbaarometer (BZK, per buurt, tweejaarlijks) meet ze wel, dus de "
            "provincie kan de index vervangen door de gemeten scores van de geselecteerde wijken. "
            "Wat het NPLV (Heerlen-Noord) en de Regio Deals doen, telt in beide varianten mee en "
            "wordt niet aan de reserve toegerekend."
        ),
        definition_en=(
            "A Leefbaarometer-style score of the priority neighbourhoods and villages with an "
            "area approach (the province's or others'), per region, as an index (2023 = 100); "
            "not a province-wide index. An index because the Leefbaarometer scores of Limburg's "
            "priority neighbourhoods were not found in public sources (EVIDENCE.md, 'not "
            "found'): the Leefbaarometer (BZK, per neighbourhood, every two years) does measure "
            "them, so the Province can replace the index by the measured scores of the selected "
            "neighbourhoods. What the NPLV (Heerlen-Noord) and the Regio Deals do counts in both "
            "variants and is not credited to the reserve."
        ),
        monitor="Ministerie van BZK, Leefbaarometer 3.0 (per buurt en wijk), https://www.leefbaarometer.nl",
    ),
)

REGIONAL_STARTS = {"movement_guideline_share": {"zuid": 40.3, "noord_midden": 45.1}}
"""Outcomes with a regional starting level (§1, 2022 values; the sport goal moves them one
year along the autonomous trend to the end of 2023, where the simulation starts)."""

REGIONS = ("zuid", "noord_midden")
REGION_NAMES = {
    "zuid": {"nl": "Zuid-Limburg", "en": "South Limburg"},
    "noord_midden": {"nl": "Noord- en Midden-Limburg", "en": "North and Central Limburg"},
}

INDICATORS: dict[str, Indicator] = {i.id: i for i in (*OUTPUTS, *OUTCOMES)}


def indicator_attrs(ind: Indicator) -> dict[str, object]:
    """Attributes an indicator variable carries in a result Dataset (netCDF-safe types)."""
    attrs: dict[str, object] = {
        "long_name": ind.nl,
        "long_name_en": ind.en,
        "units": ind.units,
        "goal": ind.goal,
        "level": ind.level,
        "direction": ind.direction,
        "measure": ind.measure,
        "source": ind.source,
        "target_year": TARGET_YEAR,
    }
    if ind.target is not None:
        attrs["target"] = float(ind.target)
    if ind.level == "outcome":
        attrs["detectable"] = float(ind.detectable)
        attrs["baseline"] = "index, 2023 = 100" if ind.is_index else "2023 level from the document"
    return attrs
