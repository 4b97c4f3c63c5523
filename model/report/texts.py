"""Every text of the council report (``samenleven report``), Dutch first, English on ``--lang en``.

``rt(key, lang, **fields)`` formats a text. Indicator and goal names come from
:mod:`model.policy.indicators`, budget lines and number formats from :mod:`model.present.texts`
(shared with the app), so that the report and the app say the same things the same way.
Column explanations of the Excel workbook's sheets are here too (:data:`SHEET_NOTES`).
"""

from __future__ import annotations

import re

from model.policy.parameters import Parameter

TEXTS: dict[str, dict[str, str]] = {
    # --- frame --------------------------------------------------------------------------
    "title": {
        "nl": "Ramingsonzekerheid programmareserve Samen Leven en Bestaanszekerheid",
        "en": "Estimation uncertainty: Samen Leven en Bestaanszekerheid programme reserve",
    },
    "subtitle": {
        "nl": "Gevoeligheidsrapport voor Provinciale Staten · scenario: {names} · {date}",
        "en": "Sensitivity report for the Provincial Council · scenario: {names} · {date}",
    },
    "page": {"nl": "pagina {n}", "en": "page {n}"},
    "footer": {
        "nl": "samenleven {version} · parameterset {hash} · seed {seed} · {samples} trekkingen · Sobol N = {n}",
        "en": "samenleven {version} · parameter set {hash} · seed {seed} · {samples} samples · Sobol N = {n}",
    },
    "contents": {"nl": "Inhoud", "en": "Contents"},
    # --- summary ------------------------------------------------------------------------
    "summary.heading": {"nl": "Samenvatting", "en": "Summary"},
    "summary.intro": {
        "nl": "Wat levert de programmareserve van 27.000 k€ naar verwachting op in 2027, en hoe zeker is dat? Het model rekende scenario '{title}' {samples} keer door, telkens met andere waarden voor de onzekere kosten, vertragingen, effecten en cofinanciering (de ramingsonzekerheid van §8.2 en §9.3). De kans is het deel van die doorrekeningen waarin een doel wordt gehaald: waarschijnlijk bij minstens 80 %, onzeker bij 50–80 %, waarschijnlijk niet onder 50 %. Van de {outputs} outputs halen er {likely} hun doel voor 2027 waarschijnlijk en {unlikely} waarschijnlijk niet.",
        "en": "What will the 27,000 k€ programme reserve deliver by 2027, and how sure is that? The model ran scenario '{title}' {samples} times, each time with other values for the uncertain costs, delays, effects and co-financing (the estimation uncertainty of §8.2 and §9.3). The chance is the share of those runs in which a target is met: likely at 80 % or more, uncertain at 50–80 %, unlikely below 50 %. Of the {outputs} outputs, {likely} likely meet their 2027 target and {unlikely} likely do not.",
    },
    "summary.plan_note": {
        "nl": "Let op: veel kosten zijn zo uit het plan afgeleid dat de indicatieve verdeling bij de standaardwaarden precies haar doelen haalt; een kans rond 50 % betekent dus dat het plan klopt op zijn eigen ramingen, zonder marge voor tegenvallers.",
        "en": "Note: many costs per project are derived from the plan so that the indicative split just meets the target at the default values. A chance around 50 % therefore means: the plan adds up on its own estimates, but has no margin for setbacks.",
    },
    "summary.goal_heading": {
        "nl": "{goal} (lijn {line}, {amount} k€)",
        "en": "{goal} (line {line}, {amount} k€)",
    },
    "summary.goal_outputs": {
        "nl": "Outputs: {likely} waarschijnlijk gehaald, {uncertain} onzeker, {unlikely} waarschijnlijk niet.",
        "en": "Outputs: {likely} likely met, {uncertain} uncertain, {unlikely} likely missed.",
    },
    "summary.goal_outcomes": {
        "nl": "Outcomes: {better} van de {n} waarschijnlijk beter dan zonder reserve, {better_2023} beter dan eind 2023.",
        "en": "Outcomes: {better} of {n} likely better than without the reserve, {better_2023} better than at the end of 2023.",
    },
    "summary.weakest": {
        "nl": "Het zwakst staat '{name}' (kans {p}); dat hangt vooral af van {driver}.",
        "en": "Weakest is '{name}' (chance {p}); it depends mostly on {driver}.",
    },
    "summary.weakest_two": {
        "nl": "Het zwakst staat '{name}' (kans {p}); dat hangt vooral af van {driver}, en daarna van {second}.",
        "en": "Weakest is '{name}' (chance {p}); it depends mostly on {driver}, and next on {second}.",
    },
    "summary.weakest_plain": {
        "nl": "Het zwakst staat '{name}' (kans {p}).",
        "en": "Weakest is '{name}' (chance {p}).",
    },
    "summary.goal_drivers": {
        "nl": "Voor de andere outputs van dit doel telt verder vooral {items}.",
        "en": "For this goal's other outputs, {items} also matter most.",
    },
    "summary.overall": {
        "nl": "Welke onzekerheden tellen het zwaarst? Cofinanciering is de grootste bron van onzekerheid bij {cof} van de {outputs} outputs; kosten per project, school of kind bij {costs}; uitvoeringscapaciteit en vertragingen bij {time}. Over alle outputs samen wegen het zwaarst: {items}.",
        "en": "Which uncertainties matter most? Co-financing is the largest source of uncertainty for {cof} of the {outputs} outputs; costs per project, school or child for {costs}; execution capacity and delays for {time}. Over all outputs together, the heaviest are: {items}.",
    },
    "summary.compare": {
        "nl": "Op dezelfde trekkingen: {items} (zie Scenariovergelijking).",
        "en": "On the same samples: {items} (see Scenario comparison).",
    },
    "summary.compare_item": {
        "nl": "'{title}' haalt {n} doelen waarschijnlijk",
        "en": "'{title}' likely meets {n} targets",
    },
    "summary.table_chance": {"nl": "Kans", "en": "Chance"},
    "summary.table_expected": {"nl": "Verwacht (90%-band)", "en": "Expected (90% band)"},
    "summary.experiments": {
        "nl": "Lijn 2.1.d (experimenten, {amount} k€) heeft geen eigen outputs; haar effect telt mee in de outcomes.",
        "en": "Line 2.1.d (experiments, {amount} k€) has no outputs of its own; its effect counts in the outcomes.",
    },
    # --- money --------------------------------------------------------------------------
    "money.heading": {"nl": "Verdeling en geld per jaar", "en": "Allocation and money per year"},
    "money.intro": {
        "nl": "De verdeling van de reserve over de begrotingslijnen (k€) en wat er per begrotingsjaar uit de reserve wordt besteed (mediaan over de trekkingen). Wat niet besteed wordt, blijft in de reserve.",
        "en": "The allocation of the reserve over the budget lines (k€) and what is spent from the reserve per budget year (median over the samples). What is not spent stays in the reserve.",
    },
    "money.allocation": {
        "nl": "Verdeling van de reserve (k€)",
        "en": "Allocation of the reserve (k€)",
    },
    "money.ledger": {
        "nl": "Reserve per begrotingsjaar (k€, mediaan)",
        "en": "Reserve per budget year (k€, median)",
    },
    "col.line": {"nl": "Begrotingslijn", "en": "Budget line"},
    "col.unallocated": {"nl": "niet toegewezen", "en": "unallocated"},
    "col.total": {"nl": "totaal", "en": "total"},
    # --- outputs ------------------------------------------------------------------------
    "outputs.heading": {
        "nl": "Outputs tegen de doelen voor 2027",
        "en": "Outputs against the 2027 targets",
    },
    "outputs.intro": {
        "nl": "Per output van de doelenboom: het doel voor 2027, de verwachte stand eind 2027 (mediaan) met de 90%-band (5 % van de doorrekeningen komt lager uit, 5 % hoger) en de kans dat het doel wordt gehaald. Groen: kans ≥ 80 %, geel: 50–80 %, rood: < 50 %.",
        "en": "Per output of the goal tree: the 2027 target, the expected value at the end of 2027 (median) with the 90 % band (5 % of the runs end lower, 5 % higher) and the chance that the target is met. Green: chance ≥ 80 %, amber: 50–80 %, red: < 50 %.",
    },
    "outputs.table": {"nl": "Outputs eind 2027", "en": "Outputs at the end of 2027"},
    "outputs.trends": {
        "nl": "Verloop van de zwakste output per doel, met 90%-band, de basis en de situatie zonder reserve.",
        "en": "Course of the weakest output per goal, with its 90 % band, the baseline and the situation without the reserve.",
    },
    # --- outcomes -----------------------------------------------------------------------
    "outcomes.heading": {
        "nl": "Outcomes: 2027 tegen 2023 en tegen zonder reserve",
        "en": "Outcomes: 2027 against 2023 and against no reserve",
    },
    "outcomes.intro": {
        "nl": "De doelenboom vraagt per outcome een verbetering in 2027 ten opzichte van 2023. Het model rekent ook steeds de situatie zonder reserve door: het verschil is het effect van de reserve. Veel outcomes bewegen vooral door autonome trends, waar de provincie weinig invloed op heeft; daarom staan beide vergelijkingen naast elkaar.",
        "en": "The goal tree asks for each outcome to improve in 2027 compared with 2023. The model also runs the situation without the reserve every time: the difference is the reserve's effect. Many outcomes move mainly through autonomous trends that the province hardly influences, so both comparisons are shown side by side.",
    },
    "outcomes.table": {"nl": "Outcomes eind 2027", "en": "Outcomes at the end of 2027"},
    "outcomes.trends": {
        "nl": "Verloop van elke outcome: mediaan met 90%-band, en zonder reserve (gestreept).",
        "en": "Course of each outcome: median with its 90 % band, and without the reserve (dashed).",
    },
    "col.start": {"nl": "Eind 2023", "en": "End of 2023"},
    "col.expected_band": {"nl": "Verwacht 2027 (90%-band)", "en": "Expected 2027 (90% band)"},
    "col.no_reserve": {"nl": "Zonder reserve", "en": "Without reserve"},
    "col.effect": {"nl": "Effect reserve (90%-band)", "en": "Effect of the reserve (90% band)"},
    "col.p_2023": {"nl": "Kans beter dan 2023", "en": "Chance better than 2023"},
    "col.p_none": {
        "nl": "Kans beter dan zonder reserve",
        "en": "Chance better than without reserve",
    },
    "col.direction": {"nl": "Beter is", "en": "Better is"},
    "direction.higher": {"nl": "hoger", "en": "higher"},
    "direction.lower": {"nl": "lager", "en": "lower"},
    # --- sensitivity ----------------------------------------------------------------------
    "sens.heading": {
        "nl": "Gevoeligheid: welke onzekerheden tellen?",
        "en": "Sensitivity: which uncertainties matter?",
    },
    "sens.intro": {
        "nl": "Een Sobol-analyse varieert alle {d} onzekere parameters tegelijk ({runs} doorrekeningen van scenario '{title}') en verdeelt de spreiding van elke uitkomst eind 2027 over de onzekerheden. De totale index ST is het deel van de spreiding dat verdwijnt als die ene onzekerheid bekend zou zijn (inclusief samenspel met andere); S1 is het deel door die onzekerheid alleen. Na ± staat de halve breedte van het 95%-betrouwbaarheidsinterval.",
        "en": "A Sobol analysis varies all {d} uncertain parameters at once ({runs} runs of scenario '{title}') and divides the spread of each result at the end of 2027 among the uncertainties. The total index ST is the share of the spread that would vanish if that one uncertainty were known (including its interplay with others); S1 is the share due to that uncertainty alone. After ± is the half-width of the 95 % confidence interval.",
    },
    "sens.convergence": {"nl": "Nauwkeurigheid: {message}", "en": "Precision: {message}"},
    "sens.groups_table": {
        "nl": "Soorten onzekerheid per output: totale Sobol-index per groep (de grootste drie, en cofinanciering)",
        "en": "Kinds of uncertainty per output: total Sobol index per group (the largest three, and co-financing)",
    },
    "sens.ranking_table": {
        "nl": "Rangorde over alle outputs: gemiddelde totale index en bij hoeveel outputs de onzekerheid in de top 3 staat",
        "en": "Ranking over all outputs: mean total index and for how many outputs the uncertainty is in the top 3",
    },
    "sens.top_table": {
        "nl": "De drie grootste onzekerheden per indicator (totale index ST ± 95%-interval)",
        "en": "The three largest uncertainties per indicator (total index ST ± 95 % interval)",
    },
    "sens.charts": {
        "nl": "Rangorde voor de zwakste output per doel: totale index (met interval) en eigen effect.",
        "en": "Ranking for the weakest output per goal: total index (with interval) and first-order effect.",
    },
    "sens.converged": {
        "nl": "Nauwkeurigheid: alle 95%-intervallen zijn smaller dan ±{threshold} (het breedste ±{widest}, bij '{name}'): N = {n} is groot genoeg.",
        "en": "Precision: every 95 % interval is narrower than ±{threshold} (the widest ±{widest}, for '{name}'): N = {n} is large enough.",
    },
    "sens.not_converged": {
        "nl": "Nauwkeurigheid: het breedste 95%-interval is ±{widest} (bij '{name}'), breder dan ±{threshold}. Vergelijk twee indices daarom alleen als hun intervallen elkaar niet overlappen; met N = {needed} in plaats van {n} zouden alle intervallen smal genoeg zijn.",
        "en": "Precision: the widest 95 % interval is ±{widest} (for '{name}'), wider than ±{threshold}. Compare two indices only where their intervals do not overlap; N = {needed} instead of {n} would make every interval narrow enough.",
    },
    "sens.constant": {
        "nl": "Geen indices voor {names}: die varieert niet in dit scenario.",
        "en": "No indices for {names}: it does not vary in this scenario.",
    },
    "sens.outputs_only": {
        "nl": "De analyse is beperkt tot de outputs.",
        "en": "The analysis is restricted to the outputs.",
    },
    "col.group": {"nl": "Soort onzekerheid", "en": "Kind of uncertainty"},
    "col.first": {"nl": "Grootste", "en": "Largest"},
    "col.second": {"nl": "Tweede", "en": "Second"},
    "col.third": {"nl": "Derde", "en": "Third"},
    "col.cofinancing": {"nl": "Cofinanciering", "en": "Co-financing"},
    "col.mean_st": {"nl": "Gemiddelde ST", "en": "Mean ST"},
    "col.top3": {"nl": "In top 3 bij", "en": "In top 3 for"},
    "col.kind": {"nl": "Soort", "en": "Kind"},
    "no_variation": {"nl": "varieert niet", "en": "does not vary"},
    # --- discovery ----------------------------------------------------------------------
    "disc.heading": {
        "nl": "Faalcondities: wanneer wordt een doel niet gehaald?",
        "en": "Failure conditions: when is a target missed?",
    },
    "disc.intro": {
        "nl": "Scenario-ontdekking zoekt per output in de {samples} doorrekeningen van '{title}' naar de combinaties van onzekerheden waarin het doel mislukt (een ondiepe beslisboom, CART). Dekking: welk deel van alle mislukkingen in dat gebied valt; dichtheid: welk deel van de doorrekeningen in dat gebied mislukt.",
        "en": "Scenario discovery searches, per output, the {samples} runs of '{title}' for the combinations of uncertainties in which the target fails (a shallow decision tree, CART). Coverage: the share of all failures that fall in the region; density: the share of the runs in the region that fail.",
    },
    "disc.table": {"nl": "Faalcondities per output", "en": "Failure conditions per output"},
    "col.conditions": {"nl": "Wanneer mislukt het doel?", "en": "When does the target fail?"},
    # --- comparison ---------------------------------------------------------------------
    "cmp.heading": {"nl": "Scenariovergelijking", "en": "Scenario comparison"},
    "cmp.intro": {
        "nl": "Alle scenario's zijn doorgerekend op dezelfde {samples} trekkingen van de onzekerheden (common random numbers): verschillen komen door de keuzes, niet door toeval. Een scenario dat zelf aannames vastzet, rekent met die vaste waarden.",
        "en": "All scenarios were run on the same {samples} samples of the uncertainties (common random numbers): differences come from the choices, not from chance. A scenario that fixes assumptions itself runs with those fixed values.",
    },
    "cmp.scenarios": {"nl": "De scenario's", "en": "The scenarios"},
    "cmp.outputs": {
        "nl": "Kans dat het doel voor 2027 wordt gehaald, per scenario",
        "en": "Chance of meeting the 2027 target, per scenario",
    },
    "cmp.outcomes": {
        "nl": "Kans dat de outcome eind 2027 beter is dan zonder reserve, per scenario",
        "en": "Chance that the outcome is better at the end of 2027 than without the reserve, per scenario",
    },
    "cmp.words": {"nl": "'{title}' tegen de basis", "en": "'{title}' against the baseline"},
    "cmp.assumptions_none": {
        "nl": "geen (alle onzekerheden over hun hele bereik)",
        "en": "none (every uncertainty over its whole range)",
    },
    "col.title": {"nl": "Titel", "en": "Title"},
    "col.description": {"nl": "Omschrijving", "en": "Description"},
    "col.assumptions": {"nl": "Vastgezette aannames", "en": "Fixed assumptions"},
    "col.likely": {"nl": "Doelen waarschijnlijk gehaald", "en": "Targets likely met"},
    # --- assumptions ----------------------------------------------------------------------
    "assume.heading": {"nl": "Aannames: alle parameters", "en": "Assumptions: every parameter"},
    "assume.intro": {
        "nl": "Elk getal in het model, met zijn waarde, bereik (als het onzeker is), eenheid en herkomst. Bron: uit het beleidskader of een genoemde openbare bron. Afgeleid: berekend uit het plan zelf. Aanname: een inschatting van de modelbouwers, met een bandbreedte. Van {n} parameters zijn er {uncertain} onzeker; {source} hebben een bron, {derived} zijn afgeleid en {assumption} zijn aannames. De volledige onderbouwing per parameter staat in de Excel-versie van dit rapport (blad Parameters, in het Engels zoals in de parameterbestanden).",
        "en": "Every number in the model, with its value, range (where uncertain), unit and origin. Source: from the policy framework or a named public source. Derived: computed from the plan itself. Assumption: the modellers' judgement, with a range. Of {n} parameters, {uncertain} are uncertain; {source} have a source, {derived} are derived and {assumption} are assumptions. The full reasoning per parameter is in the Excel version of this report (sheet Parameters).",
    },
    "assume.table": {
        "nl": "Parameters per soort onzekerheid",
        "en": "Parameters by kind of uncertainty",
    },
    "assume.fixed": {
        "nl": "Door scenario '{title}' vastgezet: {items}.",
        "en": "Fixed by scenario '{title}': {items}.",
    },
    "col.parameter": {"nl": "Parameter", "en": "Parameter"},
    "col.value": {"nl": "Waarde", "en": "Value"},
    "col.range": {"nl": "Bereik", "en": "Range"},
    "col.unit": {"nl": "Eenheid", "en": "Unit"},
    "col.origin": {"nl": "Herkomst", "en": "Origin"},
    "fixed": {"nl": "vast", "en": "fixed"},
    "kind.source": {"nl": "bron", "en": "source"},
    "kind.derived": {"nl": "afgeleid", "en": "derived"},
    "kind.assumption": {"nl": "aanname", "en": "assumption"},
    "origin.sections": {"nl": "{kind}: {refs}", "en": "{kind}: {refs}"},
    "origin.reasoning": {"nl": "onderbouwing: zie Excel", "en": "reasoning: see Excel"},
    "origin.plan": {"nl": "afgeleid uit het plan", "en": "derived from the plan"},
    # --- colophon -----------------------------------------------------------------------
    "colophon.heading": {"nl": "Colofon", "en": "Colophon"},
    "colophon.toolkit": {"nl": "Rekenmodel", "en": "Toolkit"},
    "colophon.parameters": {"nl": "Parameterset", "en": "Parameter set"},
    "colophon.hash": {"nl": "Hash van de parameterset", "en": "Hash of the parameter set"},
    "colophon.scenarios": {"nl": "Scenario's (bestand)", "en": "Scenarios (file)"},
    "colophon.seed": {"nl": "Seed (startgetal)", "en": "Seed"},
    "colophon.samples": {"nl": "Trekkingen (Latin hypercube)", "en": "Samples (Latin hypercube)"},
    "colophon.sobol": {"nl": "Sobol-analyse", "en": "Sobol analysis"},
    "colophon.sobol_value": {
        "nl": "N = {n}, {d} onzekere parameters, {runs} modelruns, 95%-intervallen uit {resamples} bootstrap-herhalingen (SALib)",
        "en": "N = {n}, {d} uncertain parameters, {runs} model runs, 95 % intervals from {resamples} bootstrap resamples (SALib)",
    },
    "colophon.discovery": {"nl": "Scenario-ontdekking", "en": "Scenario discovery"},
    "colophon.discovery_value": {
        "nl": "CART (scikit-learn), hoogstens 2 gebieden van hoogstens 3 onzekerheden per output",
        "en": "CART (scikit-learn), at most 2 regions of at most 3 uncertainties per output",
    },
    "colophon.date": {"nl": "Datum", "en": "Date"},
    "colophon.command": {"nl": "Opnieuw maken met", "en": "Reproduce with"},
    "colophon.software": {"nl": "Programmatuur", "en": "Software"},
    "colophon.source": {"nl": "Bron van het plan", "en": "Source of the plan"},
    "colophon.source_value": {
        "nl": "Provincie Limburg, concept-beleidskader Samen Leven en Bestaanszekerheid 2024–2027 (december 2023), met doelenboom",
        "en": "Province of Limburg, concept policy framework Samen Leven en Bestaanszekerheid 2024–2027 (December 2023), with goal tree",
    },
    "colophon.elapsed": {"nl": "Rekentijd", "en": "Computing time"},
    "colophon.elapsed_value": {"nl": "{seconds} s", "en": "{seconds} s"},
    "colophon.key": {"nl": "Onderdeel", "en": "Item"},
    "colophon.value": {"nl": "Waarde", "en": "Value"},
    # --- errors -------------------------------------------------------------------------
    "err.format": {"nl": "onbekend formaat", "en": "unknown format"},
    "err.folder": {"nl": "de map bestaat niet", "en": "the folder does not exist"},
    "err.suffix": {
        "nl": "de bestandsnaam past niet bij het formaat",
        "en": "the file name does not match the format",
    },
    "err.charts": {
        "nl": "de grafieken konden niet als afbeelding worden gemaakt ({detail}); voor PDF is Chromium nodig (Debian: apt-get install chromium), of kies --format html of xlsx",
        "en": "the charts could not be exported as images ({detail}); PDF needs Chromium (Debian: apt-get install chromium), or choose --format html or xlsx",
    },
    # --- command line -------------------------------------------------------------------
    "cli.building": {
        "nl": "Rapport over {names}: {samples} trekkingen, Sobol N = {n}, seed {seed}",
        "en": "Report on {names}: {samples} samples, Sobol N = {n}, seed {seed}",
    },
    "cli.step": {"nl": "  {step} ({seconds} s)", "en": "  {step} ({seconds} s)"},
    "cli.written": {
        "nl": "Rapport geschreven naar {file} ({kb} kB, {seconds} s)",
        "en": "Report written to {file} ({kb} kB, {seconds} s)",
    },
    "step.runs": {"nl": "scenario's doorgerekend", "en": "scenarios run"},
    "step.sobol": {"nl": "Sobol-analyse", "en": "Sobol analysis"},
    "step.discovery": {"nl": "faalcondities gezocht", "en": "failure conditions found"},
    "step.tables": {"nl": "tabellen en grafieken", "en": "tables and charts"},
    "step.render": {"nl": "rapport opgemaakt ({format})", "en": "report laid out ({format})"},
}


PARAMETER_PHRASES: dict[str, dict[str, str]] = {
    "gbt_national_contribution": {
        "nl": "de vraag of de Rijksbijdrage voor de Gezonde Basisschool van de Toekomst komt",
        "en": "whether the national contribution for the Healthy Primary School of the Future comes",
    },
    "gbt_national_from": {
        "nl": "het moment waarop de Rijksbijdrage voor de GBT ingaat",
        "en": "when the national GBT contribution starts",
    },
    "keigezond_cofinancing_ratio": {
        "nl": "hoeveel gemeenten en zorgverzekeraar meebetalen aan Keigezond Limburg",
        "en": "how much municipalities and the health insurer co-finance Keigezond Limburg",
    },
    "ks_cofinancing_ratio": {
        "nl": "hoeveel gemeenten en partners meebetalen aan Kansrijke Start",
        "en": "how much municipalities and partners co-finance Kansrijke Start",
    },
    "area_partner_cofinancing_ratio": {
        "nl": "hoeveel partners meebetalen aan de gebiedsaanpakken (2.2)",
        "en": "how much partners co-finance the area approaches (2.2)",
    },
    "social_fund_cofinancing_ratio": {
        "nl": "hoeveel de sociale fondsen bijdragen",
        "en": "how much the social funds contribute",
    },
    "execution_capacity": {
        "nl": "de uitvoeringscapaciteit van provincie en partners",
        "en": "the execution capacity of the province and its partners",
    },
}
"""Plain-language phrases for the uncertainties the document names (§8.2, §9.3) and the
execution capacity (cover letter), used in the summary's sentences."""

_HET_NOUNS = {
    "aandeel",
    "deel",
    "gebruik",
    "aantal",
    "budget",
    "effect",
    "bedrag",
    "percentage",
    "geld",
    "niveau",
    "bereik",
    "moment",
    "jaarbedrag",
    "tempo",
    "risico",
}


def rt(key: str, lang: str, **fields: object) -> str:
    """The report text ``key`` in ``lang``, formatted with ``fields``.

    Examples
    --------
    >>> rt("summary.heading", "nl")
    'Samenvatting'
    """
    entry = TEXTS[key]
    text = entry.get(lang, entry["nl"])
    return text.format(**fields) if fields else text


def _lower_first(text: str) -> str:
    """First letter in lower case, unless the word is an acronym (``GBT``, ``NEET/VSV``)."""
    if len(text) > 1 and text[0].isupper() and not text[1].isupper():
        return text[0].lower() + text[1:]
    return text


def _article(text: str) -> str:
    """'het' or 'de' before a Dutch noun phrase (a heuristic good enough for parameter
    descriptions: 'het aandeel ...', 'het provinciaal startgeld ...', 'de kosten ...')."""
    for word in text.lower().split()[:3]:
        word = word.strip(",.:;()")
        if word in _HET_NOUNS or word.endswith("geld"):
            return "het"
        if word not in (
            "provinciaal",
            "provinciale",
            "extra",
            "gemiddeld",
            "gemiddelde",
            "jaarlijks",
            "jaarlijkse",
            "relatieve",
            "autonome",
        ):
            break
    return "de"


def parameter_phrase(p: Parameter, lang: str) -> str:
    """A parameter as a noun phrase inside a sentence: 'de vraag of de Rijksbijdrage ...
    komt', 'de provinciale subsidie per project ...'."""
    if p.name in PARAMETER_PHRASES:
        return PARAMETER_PHRASES[p.name][lang if lang in ("nl", "en") else "nl"]
    text = _lower_first(p.describe(lang).rstrip("."))
    text = re.split(r":\s", text, maxsplit=1)[0]
    if lang == "nl":
        return f"{_article(text)} {text}"
    return f"the {text}"


def parameter_label(p: Parameter, lang: str, width: int = 90) -> str:
    """A parameter's description as a table cell or bar label, shortened to ``width``."""
    text = p.describe(lang)
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


UNIT_WORDS_NL = {
    "yr": "jaar",
    "project": "project",
    "projects": "projecten",
    "approach": "aanpak",
    "approaches": "aanpakken",
    "event": "evenement",
    "events": "evenementen",
    "school": "school",
    "schools": "scholen",
    "child": "kind",
    "children": "kinderen",
    "athlete": "sporter",
    "athletes": "sporters",
    "trajectory": "traject",
    "trajectories": "trajecten",
    "municipality": "gemeente",
    "professional": "professional",
    "pilot": "pilot",
    "clinic": "consultatiebureau",
    "clinics": "consultatiebureaus",
    "partnership": "samenwerking",
    "symposium": "symposium",
    "symposia": "symposia",
    "experiment": "experiment",
    "agreement": "akkoord",
    "agreements": "akkoorden",
    "persons": "personen",
    "index": "index",
    "points": "punten",
    "per": "per",
    "decimal": "decimaal",
    "year": "jaar",
}


def unit_nl(unit: str, lang: str) -> str:
    """A parameter unit in the report's language: ``k€/athlete/yr`` -> ``k€/sporter/jaar``,
    ``1/yr`` -> ``per jaar``, ``1`` -> ``–`` (a pure number)."""
    if unit in ("1", ""):
        return "–"
    if lang != "nl":
        return unit
    if unit == "1/yr":
        return "per jaar"
    if unit == "yr (decimal year)":
        return "jaar (decimaal)"
    if unit == "index (2023 = 100)":
        return "index, 2023 = 100"
    return re.sub(r"[A-Za-z]+", lambda m: UNIT_WORDS_NL.get(m.group(0), m.group(0)), unit)


_SECTION_REF = re.compile(
    r"§\s?\d+(?:\.\d+)*|doelenboom|cover letter|aanbiedingsbrief", re.IGNORECASE
)


def origin(p: Parameter, kind: str, lang: str) -> str:
    """Where a parameter comes from, in a few words of the report's language: the kind
    and the sections of the policy document its source or reasoning cites."""
    text = p.reasoning if p.assumption else p.source
    refs = list(dict.fromkeys(m.group(0).replace("§ ", "§") for m in _SECTION_REF.finditer(text)))
    if lang == "nl":
        refs = [
            "aanbiedingsbrief"
            if r.lower() == "cover letter"
            else r.lower()
            if r.lower() == "doelenboom"
            else r
            for r in refs
        ]
    label = rt(f"kind.{kind}", lang)
    if refs:
        return rt("origin.sections", lang, kind=label, refs=", ".join(refs[:4]))
    if kind == "source":  # a named public source without a section: say which, shortly
        return f"{label}: {p.source[:80]}"
    if kind == "derived":
        return rt("origin.plan", lang)
    return f"{label}, {rt('origin.reasoning', lang)}"


SHEET_NOTES: dict[str, dict[str, object]] = {
    "Toelichting": {
        "nl": "Deze toelichting: per blad wat erin staat en wat elke kolom betekent.",
        "en": "This explanation: per sheet what it holds and what each column means.",
        "columns": {
            "blad": ("het blad", "the sheet"),
            "kolom": (
                "de kolom (leeg: het blad als geheel)",
                "the column (empty: the sheet as a whole)",
            ),
            "betekenis": ("wat erin staat", "what it holds"),
        },
    },
    "Samenvatting": {
        "nl": "De zinnen van de samenvatting (pagina 1 van het rapport), per doel.",
        "en": "The sentences of the summary (page 1 of the report), per goal.",
        "columns": {
            "goal": (
                "doel (id uit de doelenboom; leeg: over alle doelen)",
                "goal (goal-tree id; empty: all goals)",
            ),
            "sentence": ("de zin", "the sentence"),
        },
    },
    "Verdeling": {
        "nl": "De verdeling van de reserve per begrotingslijn, per scenario (tabel Verdeling).",
        "en": "The allocation of the reserve per budget line, per scenario (table Allocation).",
        "columns": {
            "scenario": ("scenario (naam)", "scenario (name)"),
            "line": ("begrotingslijn (§9.2)", "budget line (§9.2)"),
            "line_name": ("naam van de lijn", "name of the line"),
            "amount_keur": ("bedrag in k€", "amount in k€"),
        },
    },
    "Kasstroom": {
        "nl": "Geld per begrotingsjaar, mediaan over de trekkingen, in k€ (tabel en grafiek Geld per jaar).",
        "en": "Money per budget year, median over the samples, in k€ (table and chart Money per year).",
        "columns": {
            "scenario": ("scenario (naam)", "scenario (name)"),
            "budget_year": ("begrotingsjaar", "budget year"),
            "reserve_released": (
                "vrijgegeven uit de reserve in dat jaar, k€",
                "released from the reserve that year, k€",
            ),
            "reserve_spent": (
                "besteed uit de reserve in dat jaar, k€",
                "spent from the reserve that year, k€",
            ),
            "cofinancing_received": (
                "ontvangen cofinanciering in dat jaar, k€",
                "co-financing received that year, k€",
            ),
            "reserve_remaining": (
                "resterend in de reserve aan het eind van het jaar, k€",
                "remaining in the reserve at the end of the year, k€",
            ),
            "spent_<lijn>": (
                "besteed per begrotingslijn (2.2 gesplitst in wijken en dorpen), k€",
                "spent per budget line (2.2 split into neighbourhoods and villages), k€",
            ),
        },
    },
    "Outputs": {
        "nl": "Per scenario en output: doel, verwachting eind 2027 en kans dat het doel wordt gehaald (tabel Outputs, grafiek kansen, samenvatting).",
        "en": "Per scenario and output: target, expectation at the end of 2027 and chance of meeting the target (table Outputs, chance chart, summary).",
        "columns": {
            "scenario": ("scenario (naam)", "scenario (name)"),
            "indicator": ("indicator-id uit de doelenboom", "indicator id from the goal tree"),
            "indicator_name": ("naam van de indicator", "name of the indicator"),
            "goal": ("doel (id)", "goal (id)"),
            "units": ("eenheid", "unit"),
            "target": ("doel voor 2027 (doelenboom)", "2027 target (goal tree)"),
            "start": ("stand eind 2023 (mediaan)", "value at the end of 2023 (median)"),
            "median": (
                "verwachte stand eind 2027 (mediaan over de trekkingen)",
                "expected value at the end of 2027 (median over samples)",
            ),
            "p05": (
                "5e percentiel eind 2027 (ondergrens van de 90%-band)",
                "5th percentile at the end of 2027 (lower end of the 90% band)",
            ),
            "p95": (
                "95e percentiel eind 2027 (bovengrens van de 90%-band)",
                "95th percentile at the end of 2027 (upper end of the 90% band)",
            ),
            "no_reserve": (
                "mediaan eind 2027 zonder reserve",
                "median at the end of 2027 without the reserve",
            ),
            "p_target_met": (
                "kans (0–1) dat het doel eind 2027 gehaald wordt (0,5 % tolerantie)",
                "chance (0–1) that the target is met at the end of 2027 (0.5% tolerance)",
            ),
        },
    },
    "Outcomes": {
        "nl": "Per scenario en outcome: stand eind 2023 en eind 2027, zonder reserve, effect van de reserve en de kansen (tabel Outcomes).",
        "en": "Per scenario and outcome: value at the end of 2023 and 2027, without the reserve, effect of the reserve and the chances (table Outcomes).",
        "columns": {
            "scenario": ("scenario (naam)", "scenario (name)"),
            "indicator": ("indicator-id uit de doelenboom", "indicator id from the goal tree"),
            "indicator_name": ("naam van de indicator", "name of the indicator"),
            "goal": ("doel (id)", "goal (id)"),
            "units": ("eenheid", "unit"),
            "direction": (
                "welke kant beter is (higher/lower)",
                "which way is better (higher/lower)",
            ),
            "start": ("stand eind 2023 (mediaan)", "value at the end of 2023 (median)"),
            "median": (
                "verwachte stand eind 2027 (mediaan)",
                "expected value at the end of 2027 (median)",
            ),
            "p05": ("5e percentiel eind 2027", "5th percentile at the end of 2027"),
            "p95": ("95e percentiel eind 2027", "95th percentile at the end of 2027"),
            "no_reserve": (
                "mediaan eind 2027 zonder reserve",
                "median at the end of 2027 without the reserve",
            ),
            "effect_median": (
                "effect van de reserve eind 2027 (met min zonder, per trekking), mediaan",
                "effect of the reserve at the end of 2027 (with minus without, per sample), median",
            ),
            "effect_p05": (
                "effect van de reserve, 5e percentiel",
                "effect of the reserve, 5th percentile",
            ),
            "effect_p95": (
                "effect van de reserve, 95e percentiel",
                "effect of the reserve, 95th percentile",
            ),
            "p_better_than_2023": (
                "kans (0–1) dat de outcome eind 2027 beter is dan eind 2023",
                "chance (0–1) that the outcome is better at the end of 2027 than at the end of 2023",
            ),
            "p_better_than_no_reserve": (
                "kans (0–1) dat de outcome eind 2027 beter is dan zonder reserve",
                "chance (0–1) that the outcome is better at the end of 2027 than without the reserve",
            ),
        },
    },
    "Banden": {
        "nl": "De gegevens achter de verloopgrafieken: per scenario, indicator, variant en kwartaal de 5e, 50e en 95e percentielen (regionale indicatoren: gemiddelde van de regio's).",
        "en": "The data behind the trend charts: per scenario, indicator, variant and quarter the 5th, 50th and 95th percentiles (regional indicators: mean of the regions).",
        "columns": {
            "scenario": ("scenario (naam)", "scenario (name)"),
            "indicator": ("indicator-id", "indicator id"),
            "variant": (
                "plan (met reserve) of no_reserve (zonder reserve)",
                "plan (with the reserve) or no_reserve (without)",
            ),
            "time": (
                "tijdstip (de stand op die datum; 2028-01-01 is eind 2027)",
                "time (the value on that date; 2028-01-01 is the end of 2027)",
            ),
            "p05": ("5e percentiel over de trekkingen", "5th percentile over the samples"),
            "p50": ("mediaan", "median"),
            "p95": ("95e percentiel", "95th percentile"),
        },
    },
    "Sobol": {
        "nl": "Sobol-indices per indicator en onzekere parameter, eind 2027, voor het eerste scenario (rangorde-tabellen en -grafieken).",
        "en": "Sobol indices per indicator and uncertain parameter, end of 2027, for the first scenario (ranking tables and charts).",
        "columns": {
            "indicator": ("indicator-id", "indicator id"),
            "parameter": (
                "onzekere parameter (naam in de parameterbestanden)",
                "uncertain parameter (name in the parameter files)",
            ),
            "parameter_description": (
                "omschrijving van de parameter",
                "description of the parameter",
            ),
            "group": (
                "soort onzekerheid (groep van de parameter)",
                "kind of uncertainty (the parameter's group)",
            ),
            "S1": (
                "eerste-orde index: deel van de spreiding door deze onzekerheid alleen",
                "first-order index: share of the spread due to this uncertainty alone",
            ),
            "S1_conf": (
                "halve breedte van het 95%-interval van S1",
                "half-width of the 95% interval of S1",
            ),
            "ST": (
                "totale index: deel van de spreiding inclusief samenspel met andere onzekerheden",
                "total index: share of the spread including interplay with other uncertainties",
            ),
            "ST_conf": (
                "halve breedte van het 95%-interval van ST",
                "half-width of the 95% interval of ST",
            ),
            "rank": (
                "rangorde naar ST (1 = meest invloedrijk)",
                "rank by ST (1 = most influential)",
            ),
        },
    },
    "Sobol_groepen": {
        "nl": "Sobol-indices per indicator en soort onzekerheid (de parameters van een groep samen gevarieerd), eind 2027 (tabel Soorten onzekerheid).",
        "en": "Sobol indices per indicator and kind of uncertainty (a group's parameters varied together), end of 2027 (table Kinds of uncertainty).",
        "columns": {
            "indicator": ("indicator-id", "indicator id"),
            "group": ("soort onzekerheid (groep)", "kind of uncertainty (group)"),
            "group_name": ("naam van de groep", "name of the group"),
            "S1": ("eerste-orde index van de groep", "first-order index of the group"),
            "S1_conf": (
                "halve breedte van het 95%-interval van S1",
                "half-width of the 95% interval of S1",
            ),
            "ST": ("totale index van de groep", "total index of the group"),
            "ST_conf": (
                "halve breedte van het 95%-interval van ST",
                "half-width of the 95% interval of ST",
            ),
            "rank": ("rangorde naar ST", "rank by ST"),
        },
    },
    "Sobol_rangorde": {
        "nl": "Rangorde van de onzekerheden over alle outputs (tabel Rangorde).",
        "en": "Ranking of the uncertainties over all outputs (table Ranking).",
        "columns": {
            "parameter": ("onzekere parameter", "uncertain parameter"),
            "parameter_description": ("omschrijving", "description"),
            "group": ("soort onzekerheid", "kind of uncertainty"),
            "mean_ST": (
                "gemiddelde totale index over de outputs",
                "mean total index over the outputs",
            ),
            "top3_outputs": (
                "aantal outputs waarvoor de parameter bij de grootste drie hoort",
                "number of outputs for which the parameter is among the largest three",
            ),
        },
    },
    "Sobol_convergentie": {
        "nl": "Per indicator: spreiding en of de Sobol-intervallen smal genoeg zijn.",
        "en": "Per indicator: spread and whether the Sobol intervals are narrow enough.",
        "columns": {
            "indicator": ("indicator-id", "indicator id"),
            "output_mean": (
                "gemiddelde van de indicator eind 2027 over de Sobol-steekproef",
                "mean of the indicator at the end of 2027 over the Sobol sample",
            ),
            "output_std": ("standaardafwijking daarvan", "its standard deviation"),
            "max_conf": (
                "breedste halve 95%-interval van S1 en ST",
                "widest half 95% interval of S1 and ST",
            ),
            "converged": (
                "alle intervallen smaller dan de drempel (±0,1)",
                "all intervals narrower than the threshold (±0.1)",
            ),
            "n_needed": (
                "basissteekproef N die de intervallen onder de drempel brengt",
                "base sample N that brings the intervals under the threshold",
            ),
        },
    },
    "Faalcondities": {
        "nl": "Scenario-ontdekking per output van het eerste scenario: de gebieden in de onzekerheden waar het doel mislukt, met hun grenzen (tabel Faalcondities).",
        "en": "Scenario discovery per output of the first scenario: the regions of the uncertainties where the target fails, with their limits (table Failure conditions).",
        "columns": {
            "indicator": ("indicator-id", "indicator id"),
            "p_target_met": ("kans dat het doel gehaald wordt", "chance the target is met"),
            "box": (
                "gebied (1 = eerst gevonden; leeg: geen gebied, zie message)",
                "region (1 = found first; empty: none, see message)",
            ),
            "coverage": (
                "dekking: deel van alle mislukkingen dat in het gebied valt",
                "coverage: share of all failures inside the region",
            ),
            "density": (
                "dichtheid: deel van de doorrekeningen in het gebied dat mislukt",
                "density: share of the runs inside the region that fail",
            ),
            "mass": (
                "deel van alle doorrekeningen in het gebied",
                "share of all runs inside the region",
            ),
            "parameter": ("begrensde onzekerheid", "restricted uncertainty"),
            "unit": ("eenheid van de parameter", "unit of the parameter"),
            "lower": (
                "ondergrens (exclusief; leeg: niet begrensd)",
                "lower limit (exclusive; empty: not restricted)",
            ),
            "upper": (
                "bovengrens (inclusief; leeg: niet begrensd)",
                "upper limit (inclusive; empty: not restricted)",
            ),
            "qp_value": (
                "quasi-p-waarde van de grens (Bryant & Lempert 2010)",
                "quasi-p value of the limit (Bryant & Lempert 2010)",
            ),
            "sentence": ("het gebied in woorden", "the region in words"),
        },
    },
    "Vergelijking": {
        "nl": "Per indicator de kansen per scenario naast elkaar, en het verschil met de basis (hoofdstuk Scenariovergelijking).",
        "en": "Per indicator the chances per scenario side by side, and the difference from the baseline (chapter Scenario comparison).",
        "columns": {
            "indicator": ("indicator-id", "indicator id"),
            "indicator_name": ("naam van de indicator", "name of the indicator"),
            "level": ("output of outcome", "output or outcome"),
            "scenario": ("scenario (naam)", "scenario (name)"),
            "chance": (
                "outputs: kans doel gehaald; outcomes: kans beter dan zonder reserve",
                "outputs: chance target met; outcomes: chance better than without the reserve",
            ),
            "difference_from_baseline": (
                "verschil met de basis in kans (procentpunt / 100)",
                "difference from the baseline in chance (percentage points / 100)",
            ),
        },
    },
    "Scenarios": {
        "nl": "De doorgerekende scenario's: naam, titel, omschrijving, bestand, vastgezette aannames en het scenariobestand zelf.",
        "en": "The scenarios run: name, title, description, file, fixed assumptions and the scenario file itself.",
        "columns": {
            "scenario": ("naam", "name"),
            "title": ("titel", "title"),
            "description": ("omschrijving", "description"),
            "file": ("scenariobestand", "scenario file"),
            "assumptions": (
                "door het scenario vastgezette parameters",
                "parameters fixed by the scenario",
            ),
            "toml": (
                "het scenario als TOML (opnieuw te gebruiken)",
                "the scenario as TOML (reusable)",
            ),
        },
    },
    "Parameters": {
        "nl": "Alle parameters van het model (hoofdstuk Aannames), met de volledige bron of onderbouwing uit de parameterbestanden (Engels).",
        "en": "Every parameter of the model (chapter Assumptions), with the full source or reasoning from the parameter files.",
        "columns": {
            "parameter": ("naam in de parameterbestanden", "name in the parameter files"),
            "description_nl": ("omschrijving (Nederlands)", "description (Dutch)"),
            "description_en": ("omschrijving (Engels)", "description (English)"),
            "value": ("standaardwaarde", "default value"),
            "low": (
                "ondergrens van het bereik (leeg: vast)",
                "lower end of the range (empty: fixed)",
            ),
            "high": (
                "bovengrens van het bereik (leeg: vast)",
                "upper end of the range (empty: fixed)",
            ),
            "distribution": (
                "verdeling over het bereik (uniform of triangular met top bij de standaardwaarde)",
                "distribution over the range (uniform, or triangular with its mode at the default)",
            ),
            "unit": ("eenheid", "unit"),
            "group": ("soort onzekerheid (groep)", "kind of uncertainty (group)"),
            "kind": (
                "source (bron), derived (afgeleid uit het plan) of assumption (aanname)",
                "source, derived (from the plan) or assumption",
            ),
            "source": ("bron (bij source en derived)", "source (for source and derived)"),
            "reasoning": ("onderbouwing (bij een aanname)", "reasoning (for an assumption)"),
            "fixed_by": (
                "scenario's die de parameter vastzetten, met de waarde",
                "scenarios that fix the parameter, with the value",
            ),
            "file": ("parameterbestand", "parameter file"),
        },
    },
    "Colofon": {
        "nl": "Hoe het rapport is gemaakt: versie, parameterset en hash, seed, steekproefgrootte, datum.",
        "en": "How the report was made: version, parameter set and hash, seed, sample size, date.",
        "columns": {
            "item": ("onderdeel", "item"),
            "value": ("waarde", "value"),
        },
    },
}
"""Per Excel sheet: what it holds and what each column means (the 'Toelichting' sheet)."""
