"""Every text of the workshop app, Dutch first, English on a switch, in one place.

``tr(key, lang, **fields)`` formats a text. Names of budget lines and units come from
:mod:`model.i18n` (shared with the command line); indicator names from
:mod:`model.policy.indicators`. Number formatting follows the language: ``1.234`` and
``0,5`` in Dutch, ``1,234`` and ``0.5`` in English.
"""

from __future__ import annotations

import math

from model.i18n import t as model_text
from model.i18n import unit_label
from model.policy.indicators import GOALS, INDICATORS

LANGUAGES = {"nl": "Nederlands", "en": "English"}

TEXTS: dict[str, dict[str, str]] = {
    # --- frame ---------------------------------------------------------------------------
    "page_title": {
        "nl": "Samen Leven – werksessie programmareserve",
        "en": "Samen Leven – programme reserve workshop",
    },
    "app_title": {
        "nl": "Samen Leven: waar gaat de reserve van 27 miljoen heen?",
        "en": "Samen Leven: where does the 27 million reserve go?",
    },
    "language": {"nl": "Taal / Language", "en": "Taal / Language"},
    "page": {"nl": "Onderdeel", "en": "Section"},
    "page.allocate": {"nl": "Verdeling", "en": "Allocation"},
    "page.assumptions": {"nl": "Aannames", "en": "Assumptions"},
    "page.compare": {"nl": "Vergelijken", "en": "Compare"},
    "page.drivers": {"nl": "Wat drijft het?", "en": "What drives it?"},
    "page.share": {"nl": "Bewaren en delen", "en": "Keep and share"},
    "page.explain": {"nl": "Uitleg", "en": "Explain"},
    # --- sidebar: levers -------------------------------------------------------------------
    "start_from": {"nl": "Begin met scenario", "en": "Start from scenario"},
    "current_scenario": {
        "nl": "Huidig scenario: **{title}**",
        "en": "Current scenario: **{title}**",
    },
    "modified": {"nl": "aangepast", "en": "modified"},
    "remaining": {"nl": "Nog te verdelen", "en": "Still to allocate"},
    "allocated_of": {
        "nl": "{allocated} van {total} k€ verdeeld",
        "en": "{allocated} of {total} k€ allocated",
    },
    "over_reserve": {
        "nl": "Er is {over} k€ méér verdeeld dan de reserve van {total} k€. De resultaten hieronder horen bij de laatste geldige verdeling.",
        "en": "{over} k€ more is allocated than the reserve of {total} k€. The results below belong to the last valid allocation.",
    },
    "invalid": {
        "nl": "Deze keuze is niet geldig: {message}",
        "en": "This choice is not valid: {message}",
    },
    "showing_last_valid": {
        "nl": "De resultaten horen bij de laatste geldige keuze.",
        "en": "The results belong to the last valid choice.",
    },
    "rebalance": {"nl": "Breng terug naar {total} k€", "en": "Bring back to {total} k€"},
    "rebalance_help": {
        "nl": "Verlaagt de andere lijnen naar verhouding; de lijn die u het laatst verschoof ({line}) en de 350 k€ die al is vastgelegd blijven staan.",
        "en": "Lowers the other lines in proportion; the line you moved last ({line}) and the 350 k€ already committed stay as they are.",
    },
    "lines_heading": {
        "nl": "Verdeling per begrotingslijn (k€)",
        "en": "Allocation per budget line (k€)",
    },
    "committed_note": {
        "nl": "Waarvan 350 k€ al vastgelegd in 2024 (evenementenregelingen, §9.2): vast.",
        "en": "Of which 350 k€ already committed in 2024 (event regulations, §9.2): locked.",
    },
    "more_levers": {
        "nl": "Meer keuzes: wijken/dorpen, fasering, Jeugdfonds",
        "en": "More choices: neighbourhoods/villages, phasing, Jeugdfonds",
    },
    "nb_share": {
        "nl": "Lijn 2.2: deel voor aandachtswijken",
        "en": "Line 2.2: share for priority neighbourhoods",
    },
    "nb_split": {
        "nl": "Wijken {nb} k€ · dorpen en buurten {vil} k€",
        "en": "Neighbourhoods {nb} k€ · villages {vil} k€",
    },
    "phasing": {"nl": "Fasering over de begrotingsjaren", "en": "Phasing over the budget years"},
    "phasing.loaded": {"nl": "zoals in het scenario", "en": "as in the scenario"},
    "phasing.even": {"nl": "gelijk: 25% per jaar", "en": "even: 25% a year"},
    "phasing.early": {"nl": "vroeg: 40 / 30 / 20 / 10%", "en": "early: 40 / 30 / 20 / 10%"},
    "phasing.late": {"nl": "laat: 10 / 20 / 30 / 40%", "en": "late: 10 / 20 / 30 / 40%"},
    "phasing_shown": {"nl": "2024–2027: {shares}", "en": "2024–2027: {shares}"},
    "j130": {
        "nl": "Jeugdfonds: gemeenten op de inkomensgrens van 130%",
        "en": "Jeugdfonds: municipalities at the 130% income threshold",
    },
    "j130.none": {"nl": "gemeenten kiezen zelf", "en": "municipalities decide"},
    "j130.share": {"nl": "{pct} van de gemeenten", "en": "{pct} of municipalities"},
    "settings": {"nl": "Rekeninstellingen", "en": "Computation settings"},
    "samples": {"nl": "Trekkingen voor de onzekerheid", "en": "Samples for the uncertainty"},
    "samples_help": {
        "nl": "1 = één doorrekening met de standaardwaarden, zonder onzekerheidsband. Meer trekkingen geven een nauwkeuriger band en kansen.",
        "en": "1 = one run at the default values, without an uncertainty band. More samples give a more precise band and probabilities.",
    },
    "rerun_time": {"nl": "Pagina bijgewerkt in {seconds} s", "en": "Page updated in {seconds} s"},
    "horizon": {"nl": "Doorrekenen tot en met", "en": "Run up to and including"},
    "horizon.2030": {"nl": "2030", "en": "2030"},
    "horizon.2027": {"nl": "2027 (sneller)", "en": "2027 (faster)"},
    "my_allocation": {"nl": "Uw verdeling", "en": "Your allocation"},
    "seed": {"nl": "Startgetal (seed)", "en": "Random seed"},
    # --- allocation page -----------------------------------------------------------------
    "alloc.heading": {
        "nl": "Wat levert deze verdeling op in 2027?",
        "en": "What does this allocation deliver by 2027?",
    },
    "alloc.intro": {
        "nl": "Schuif links met de bedragen per begrotingslijn. Elke grafiek toont ook de **basis** (de indicatieve verdeling van §9.2, onder dezelfde aannames) en de situatie **zonder reserve**.",
        "en": "Move the amounts per budget line on the left. Every chart also shows the **baseline** (the indicative split of §9.2, under the same assumptions) and the situation **without the reserve**.",
    },
    "metric.likely": {"nl": "Doelen waarschijnlijk gehaald", "en": "Targets likely met"},
    "metric.likely_help": {
        "nl": "Outputs met een kans van minstens 80% dat het doel voor 2027 wordt gehaald.",
        "en": "Outputs with at least an 80% chance of meeting the 2027 target.",
    },
    "metric.of": {"nl": "{n} van {total}", "en": "{n} of {total}"},
    "metric.vs_baseline": {"nl": "{delta} t.o.v. basis", "en": "{delta} vs baseline"},
    "metric.outcomes_better": {
        "nl": "Outcomes beter dan zonder reserve",
        "en": "Outcomes better than without reserve",
    },
    "metric.outcomes_help": {
        "nl": "Outcomes die in 2027 met minstens 80% kans beter zijn dan zonder de reserve.",
        "en": "Outcomes that are better in 2027 than without the reserve with at least an 80% chance.",
    },
    "metric.spent": {"nl": "Besteed uit reserve t/m 2027", "en": "Spent from the reserve by 2027"},
    "metric.cofinancing": {"nl": "Cofinanciering t/m 2027", "en": "Co-financing by 2027"},
    "outputs_heading": {
        "nl": "Outputs: kans dat het doel voor 2027 wordt gehaald",
        "en": "Outputs: chance of meeting the 2027 target",
    },
    "outcomes_heading": {
        "nl": "Outcomes: kans op verbetering in 2027",
        "en": "Outcomes: chance of improvement by 2027",
    },
    "legend": {
        "nl": ":green-background[**✓ ≥ 80%: waarschijnlijk**] · :orange-background[**~ 50–80%: onzeker**] · :red-background[**✗ < 50%: waarschijnlijk niet**]. De kans is het deel van de {samples} doorrekeningen (met onzekere kosten, vertragingen en cofinanciering) waarin het doel gehaald wordt. Ook de basis (§9.2) heeft weinig kans bij veel doelen: de kosten per eenheid zijn zo afgeleid dat de basis het doel precies haalt, dus elke tegenvaller in kosten, tempo of cofinanciering betekent dat het doel niet gehaald wordt. Een lage kans voor de basis betekent dus: het plan heeft geen marge.",
        "en": ":green-background[**✓ ≥ 80%: likely**] · :orange-background[**~ 50–80%: uncertain**] · :red-background[**✗ < 50%: unlikely**]. The chance is the share of the {samples} runs (with uncertain costs, delays and co-financing) in which the target is met. The baseline (§9.2) too has a low chance for many targets: the costs per unit are derived so that the baseline just meets the target, so any setback in costs, pace or co-financing means the target is missed. A low chance for the baseline means: the plan has no margin.",
    },
    "legend_deterministic": {
        "nl": "Eén doorrekening met de standaardwaarden: 100% = gehaald, 0% = niet gehaald. Kies meer trekkingen (links, rekeninstellingen) voor kansen.",
        "en": "One run at the default values: 100% = met, 0% = not met. Choose more samples (left, computation settings) for probabilities.",
    },
    "trend_heading": {"nl": "Verloop in de tijd", "en": "Over time"},
    "indicator": {"nl": "Indicator", "en": "Indicator"},
    "ledger_heading": {"nl": "Geld per begrotingsjaar (k€)", "en": "Money per budget year (k€)"},
    "differences_heading": {
        "nl": "Verschil met de basis, in woorden",
        "en": "Difference from the baseline, in words",
    },
    "about_indicator": {"nl": "Over deze indicator", "en": "About this indicator"},
    # --- table columns ---------------------------------------------------------------
    "col.goal": {"nl": "Doel", "en": "Goal"},
    "col.indicator": {"nl": "Indicator", "en": "Indicator"},
    "col.target": {"nl": "Doel 2027", "en": "Target 2027"},
    "col.expected": {"nl": "Verwacht 2027", "en": "Expected 2027"},
    "col.interval": {"nl": "90%-bandbreedte", "en": "90% range"},
    "col.chance": {"nl": "Kans: {name}", "en": "Chance: {name}"},
    "col.better_2023": {"nl": "Beter dan 2023: {name}", "en": "Better than 2023: {name}"},
    "col.better_none": {
        "nl": "Beter dan zonder reserve: {name}",
        "en": "Better than no reserve: {name}",
    },
    "col.year": {"nl": "Begrotingsjaar", "en": "Budget year"},
    "col.scenario": {"nl": "Scenario", "en": "Scenario"},
    "col.unit": {"nl": "Eenheid", "en": "Unit"},
    "col.level": {"nl": "Niveau", "en": "Level"},
    "col.measure": {"nl": "Hoe gemeten", "en": "How measured"},
    "col.source": {"nl": "Bron", "en": "Source"},
    "col.id": {"nl": "Code", "en": "Id"},
    "col.kind": {"nl": "Soort", "en": "Kind"},
    "col.value": {"nl": "Waarde", "en": "Value"},
    "col.range": {"nl": "Bereik", "en": "Range"},
    "col.group": {"nl": "Groep", "en": "Group"},
    "col.description": {"nl": "Omschrijving", "en": "Description"},
    "col.parameter": {"nl": "Parameter", "en": "Parameter"},
    "col.rank": {"nl": "#", "en": "#"},
    "col.share": {"nl": "Aandeel in de onzekerheid", "en": "Share of the uncertainty"},
    "level.output": {"nl": "output", "en": "output"},
    "level.outcome": {"nl": "outcome", "en": "outcome"},
    "measure.level": {"nl": "stand eind 2027", "en": "level at the end of 2027"},
    "measure.cumulative": {"nl": "totaal 2024–2027", "en": "total 2024–2027"},
    "measure.in_year": {"nl": "in het jaar 2027", "en": "during 2027"},
    # --- chart labels ----------------------------------------------------------------
    "chart.baseline": {"nl": "Basis (§9.2)", "en": "Baseline (§9.2)"},
    "chart.no_reserve": {"nl": "Zonder reserve", "en": "Without reserve"},
    "chart.band": {"nl": "{name}: 90%-band", "en": "{name}: 90% band"},
    "chart.target": {"nl": "Doel 2027", "en": "Target 2027"},
    "chart.end_2027": {"nl": "eind 2027", "en": "end of 2027"},
    "chart.time": {"nl": "Tijd", "en": "Time"},
    "chart.spent": {"nl": "Besteed", "en": "Spent"},
    "chart.remaining": {"nl": "Resterend in reserve", "en": "Remaining in reserve"},
    "chart.cofinancing": {"nl": "Cofinanciering", "en": "Co-financing"},
    "chart.year": {"nl": "Begrotingsjaar", "en": "Budget year"},
    "chart.ledger_title": {
        "nl": "Besteed uit de reserve per jaar (mediaan)",
        "en": "Spent from the reserve per year (median)",
    },
    "chart.ledger_compare_title": {
        "nl": "Besteed uit de reserve per jaar, per scenario (mediaan)",
        "en": "Spent from the reserve per year, per scenario (median)",
    },
    "chart.chance": {"nl": "Kans dat het doel wordt gehaald", "en": "Chance the target is met"},
    "chart.sobol_title": {
        "nl": "Welke onzekerheden bepalen {name}?",
        "en": "Which uncertainties drive {name}?",
    },
    "chart.total_effect": {"nl": "Totaal effect (ST)", "en": "Total effect (ST)"},
    "chart.first_order": {"nl": "Eigen effect (S1)", "en": "First-order effect (S1)"},
    "chart.mu_star": {"nl": "Gemiddeld effect (μ*)", "en": "Mean effect (μ*)"},
    "chart.sigma": {"nl": "Wisselwerking (σ)", "en": "Interaction (σ)"},
    "chart.regions_mean": {"nl": "gemiddelde van de regio's", "en": "mean of the regions"},
    "chart.index_note": {"nl": "index, 2023 = 100", "en": "index, 2023 = 100"},
    # --- differences in words ----------------------------------------------------------
    "diff.none": {
        "nl": "{name} verschilt nauwelijks van de basis: geen enkele kans verandert meer dan 5 procentpunt.",
        "en": "{name} hardly differs from the baseline: no chance changes by more than 5 percentage points.",
    },
    "diff.summary": {
        "nl": "{name} haalt {n} doelen waarschijnlijk (kans ≥ 80%), tegen {n_base} in de basis.",
        "en": "{name} likely meets {n} targets (chance ≥ 80%), against {n_base} in the baseline.",
    },
    "diff.better": {
        "nl": "Beter dan de basis: {items}.",
        "en": "Better than the baseline: {items}.",
    },
    "diff.worse": {
        "nl": "Slechter dan de basis: {items}.",
        "en": "Worse than the baseline: {items}.",
    },
    "diff.item": {"nl": "{name} ({before} → {after})", "en": "{name} ({before} → {after})"},
    "diff.money": {
        "nl": "Verdeling ten opzichte van de basis: {items}.",
        "en": "Allocation compared with the baseline: {items}.",
    },
    "diff.money_item": {"nl": "{line} {delta} k€", "en": "{line} {delta} k€"},
    "diff.same_money": {
        "nl": "Dezelfde verdeling als de basis.",
        "en": "The same allocation as the baseline.",
    },
    "diff.and_more": {"nl": "en nog {n}", "en": "and {n} more"},
    # --- assumptions page ----------------------------------------------------------------
    "assume.heading": {
        "nl": "Aannames: wat de wereld doet",
        "en": "Assumptions: what the world does",
    },
    "assume.intro": {
        "nl": "Dit zijn **geen beleidskeuzes** maar onzekerheden: komt de cofinanciering binnen, is er genoeg uitvoeringscapaciteit? Standaard rekent het model met de hele bandbreedte (**onzeker**). Zet een aanname vast om bijvoorbeeld *uw verdeling bij pessimistische cofinanciering* door te rekenen. De keuzes gelden voor het huidige scenario en voor de basis in de grafieken.",
        "en": "These are **not policy choices** but uncertainties: does co-financing come in, is there enough execution capacity? By default the model uses the whole range (**uncertain**). Fix an assumption to run, for example, *your allocation under pessimistic co-financing*. The choices apply to the current scenario and to the baseline in the charts.",
    },
    "assume.presets": {"nl": "Snel kiezen", "en": "Quick choice"},
    "preset.uncertain": {"nl": "Alles onzeker (standaard)", "en": "Everything uncertain (default)"},
    "preset.cof_pessimistic": {
        "nl": "Pessimistische cofinanciering",
        "en": "Pessimistic co-financing",
    },
    "preset.cof_optimistic": {
        "nl": "Optimistische cofinanciering",
        "en": "Optimistic co-financing",
    },
    "preset.tight_execution": {"nl": "Krappe uitvoering", "en": "Tight execution"},
    "assume.cofinancing": {"nl": "Cofinanciering per bron", "en": "Co-financing per source"},
    "assume.execution": {"nl": "Uitvoeringscapaciteit", "en": "Execution capacity"},
    "assume.other": {
        "nl": "Overige onzekerheden, per groep",
        "en": "Other uncertainties, by group",
    },
    "assume.other_help": {
        "nl": "Zet een hele groep op de onder- of bovengrens van de bandbreedte, bijvoorbeeld alle kosten hoog.",
        "en": "Set a whole group to the low or high end of its range, for instance all costs high.",
    },
    "assume.fixed_count": {"nl": "{n} aannames vastgezet", "en": "{n} assumptions fixed"},
    "assume.none_fixed": {
        "nl": "Geen aannames vastgezet: het model rekent met de hele bandbreedte.",
        "en": "No assumptions fixed: the model uses the whole range.",
    },
    "assume.params_in_group": {"nl": "{n} parameters: {names}", "en": "{n} parameters: {names}"},
    "level.uncertain": {"nl": "onzeker ({low} – {high})", "en": "uncertain ({low} – {high})"},
    "level.uncertain_group": {"nl": "onzeker (hele bandbreedte)", "en": "uncertain (whole range)"},
    "level.low": {"nl": "laag ({value})", "en": "low ({value})"},
    "level.default": {"nl": "standaard ({value})", "en": "default ({value})"},
    "level.high": {"nl": "hoog ({value})", "en": "high ({value})"},
    "level.low_group": {"nl": "alle op de ondergrens", "en": "all at the low end"},
    "level.default_group": {"nl": "alle op de standaardwaarde", "en": "all at the default"},
    "level.high_group": {"nl": "alle op de bovengrens", "en": "all at the high end"},
    "level.loaded": {"nl": "zoals in het scenario", "en": "as in the scenario"},
    "level.yes": {"nl": "ja ({value})", "en": "yes ({value})"},
    "level.partly": {"nl": "deels ({value})", "en": "partly ({value})"},
    "level.no": {"nl": "nee ({value})", "en": "no ({value})"},
    "level.early": {"nl": "vroeg ({value})", "en": "early ({value})"},
    "level.late": {"nl": "laat ({value})", "en": "late ({value})"},
    "level.tight": {"nl": "krap ({value})", "en": "tight ({value})"},
    "level.ample": {"nl": "ruim ({value})", "en": "ample ({value})"},
    "level.cheap": {"nl": "goedkoop ({value})", "en": "cheap ({value})"},
    "level.dear": {"nl": "duur ({value})", "en": "expensive ({value})"},
    # co-financing knobs (parameter id -> label)
    "cof.gbt_national_contribution": {
        "nl": "Rijksbijdrage Gezonde Basisschool van de Toekomst (GBT)",
        "en": "National contribution, Healthy Primary School of the Future (GBT)",
    },
    "cof.gbt_national_from": {
        "nl": "Rijksbijdrage GBT gaat in vanaf",
        "en": "National GBT contribution starts in",
    },
    "cof.gbt_running_cost": {
        "nl": "Exploitatiekosten van een GBT-school (k€ per jaar)",
        "en": "Running costs of a GBT school (k€ a year)",
    },
    "cof.keigezond_cofinancing_ratio": {
        "nl": "Cofinanciering Keigezond Limburg (gemeenten, zorgverzekeraar)",
        "en": "Co-financing Keigezond Limburg (municipalities, health insurer)",
    },
    "cof.ks_cofinancing_ratio": {
        "nl": "Cofinanciering Kansrijke Start (gemeenten, partners)",
        "en": "Co-financing Kansrijke Start (municipalities, partners)",
    },
    "cof.area_partner_cofinancing_ratio": {
        "nl": "Cofinanciering door partners in de gebiedsaanpakken (2.2)",
        "en": "Co-financing by partners in the area approaches (2.2)",
    },
    "cof.social_fund_cofinancing_ratio": {
        "nl": "Bijdrage sociale fondsen (2.1.c)",
        "en": "Contribution of social funds (2.1.c)",
    },
    "cof.continued_approaches_budget_2024": {
        "nl": "Geld uit de vorige periode voor Donderberg en Vastenavondkamp (k€)",
        "en": "Money from the previous period for Donderberg and Vastenavondkamp (k€)",
    },
    # group names
    "group.execution": {"nl": "Uitvoeringscapaciteit", "en": "Execution capacity"},
    "group.unit_costs": {
        "nl": "Kosten per project, school of kind",
        "en": "Costs per project, school or child",
    },
    "group.delays": {"nl": "Vertragingen en looptijden", "en": "Delays and durations"},
    "group.effects": {"nl": "Effecten op de outcomes", "en": "Effects on the outcomes"},
    "group.trends": {
        "nl": "Autonome trends (zonder beleid)",
        "en": "Autonomous trends (without policy)",
    },
    "group.spillovers": {
        "nl": "Doorwerking tussen doelen (hefboom, §5)",
        "en": "Spillovers between goals (leverage, §5)",
    },
    "group.structural": {"nl": "Structurele middelen na 2027", "en": "Structural funds after 2027"},
    "group.starting_levels": {
        "nl": "Beginstanden eind 2023",
        "en": "Starting levels at the end of 2023",
    },
    "group.jeugdfonds": {"nl": "Jeugdfonds Sport & Cultuur", "en": "Jeugdfonds Sport & Culture"},
    "group.gbt": {
        "nl": "Gezonde Basisschool van de Toekomst",
        "en": "Healthy Primary School of the Future",
    },
    "group.handle_with_care": {"nl": "Handle with Care", "en": "Handle with Care"},
    "group.regional": {"nl": "Regionale verschillen", "en": "Regional differences"},
    "group.cofinancing": {"nl": "Cofinanciering", "en": "Co-financing"},
    "group.allocation_within_line": {
        "nl": "Verdeling binnen een begrotingslijn",
        "en": "Split within a budget line",
    },
    "group.": {
        "nl": "Vaste gegevens uit het beleidskader",
        "en": "Fixed figures from the framework",
    },
    # --- compare page --------------------------------------------------------------------
    "compare.heading": {"nl": "Scenario's naast elkaar", "en": "Scenarios side by side"},
    "compare.intro": {
        "nl": "Kies tot vier scenario's; de basis staat er altijd bij. Alle scenario's rekenen met dezelfde trekkingen van de onzekerheden, zodat verschillen door de keuzes komen en niet door toeval.",
        "en": "Choose up to four scenarios; the baseline is always included. All scenarios use the same draws of the uncertainties, so differences come from the choices, not from chance.",
    },
    "compare.choose": {
        "nl": "Scenario's om te vergelijken (max. 4)",
        "en": "Scenarios to compare (max. 4)",
    },
    "compare.current": {"nl": "Huidig scenario", "en": "Current scenario"},
    "compare.saved": {"nl": "bewaard: {name}", "en": "saved: {name}"},
    "compare.same_assumptions": {
        "nl": "Reken alle scenario's met de aannames van het huidige scenario",
        "en": "Run every scenario with the current scenario's assumptions",
    },
    "compare.save_name": {
        "nl": "Naam om het huidige scenario onder te bewaren",
        "en": "Name to keep the current scenario under",
    },
    "compare.save": {"nl": "Bewaar voor vergelijking", "en": "Keep for comparison"},
    "compare.saved_ok": {
        "nl": "Bewaard als '{name}'. Kies het hierboven om te vergelijken.",
        "en": "Kept as '{name}'. Choose it above to compare.",
    },
    "compare.empty": {"nl": "Kies minstens één scenario.", "en": "Choose at least one scenario."},
    "compare.computing": {"nl": "Scenario's doorrekenen …", "en": "Running scenarios …"},
    "compare.unavailable": {
        "nl": "Dit scenario kan niet worden doorgerekend: {message}",
        "en": "This scenario cannot be run: {message}",
    },
    # --- drivers page --------------------------------------------------------------------
    "drivers.heading": {"nl": "Wat drijft de uitkomst?", "en": "What drives the result?"},
    "drivers.intro": {
        "nl": "Welke onzekerheden bepalen het meest of een indicator zijn doel haalt? De gevoeligheidsanalyse varieert alle onzekere parameters tegelijk (Sobol of Morris) voor het **huidige scenario** en rangschikt ze. Daaronder: onder welke omstandigheden het doel níet wordt gehaald.",
        "en": "Which uncertainties matter most for whether an indicator meets its target? The sensitivity analysis varies all uncertain parameters at once (Sobol or Morris) for the **current scenario** and ranks them. Below: under which conditions the target is *not* met.",
    },
    "drivers.method": {"nl": "Methode", "en": "Method"},
    "drivers.morris": {"nl": "Morris (snel, rangorde)", "en": "Morris (fast, ranking)"},
    "drivers.sobol": {
        "nl": "Sobol (grondig, aandelen in de variantie)",
        "en": "Sobol (thorough, shares of the variance)",
    },
    "drivers.size": {"nl": "Omvang van de analyse", "en": "Size of the analysis"},
    "drivers.size_option": {"nl": "{n} (≈ {runs} doorrekeningen)", "en": "{n} (≈ {runs} runs)"},
    "drivers.grouped": {
        "nl": "Per groep van onzekerheden (kosten, vertragingen, …)",
        "en": "By group of uncertainties (costs, delays, …)",
    },
    "drivers.run": {"nl": "Bereken", "en": "Compute"},
    "drivers.running": {
        "nl": "Gevoeligheidsanalyse loopt …",
        "en": "Sensitivity analysis running …",
    },
    "drivers.done": {"nl": "Klaar in {seconds} s", "en": "Done in {seconds} s"},
    "drivers.press": {
        "nl": "Druk op **Bereken** om de analyse voor deze indicator te starten. De uitkomst wordt bewaard, dus een tweede keer is direct klaar.",
        "en": "Press **Compute** to start the analysis for this indicator. The result is kept, so a second time is instant.",
    },
    "drivers.unavailable": {
        "nl": "De gevoeligheidsanalyse is nog niet beschikbaar in deze versie ({detail}).",
        "en": "The sensitivity analysis is not available in this version yet ({detail}).",
    },
    "drivers.failed": {
        "nl": "De analyse is mislukt: {detail}",
        "en": "The analysis failed: {detail}",
    },
    "drivers.no_variation": {
        "nl": "**{name}** varieert niet in dit scenario (bijvoorbeeld omdat er geen geld naar gaat): er valt niets te verklaren.",
        "en": "**{name}** does not vary in this scenario (for instance because no money goes to it): there is nothing to explain.",
    },
    "drivers.ranking": {"nl": "Rangorde van de onzekerheden", "en": "Ranking of the uncertainties"},
    "drivers.sentence": {
        "nl": "De onzekerheid in **{name}** komt vooral van: {items}.",
        "en": "The uncertainty in **{name}** comes mostly from: {items}.",
    },
    "drivers.sentence_item": {"nl": "{desc} ({kind})", "en": "{desc} ({kind})"},
    "drivers.conditions": {
        "nl": "Wanneer wordt het doel niet gehaald?",
        "en": "When is the target not met?",
    },
    "drivers.conditions_unavailable": {
        "nl": "De scenario-ontdekking (wanneer faalt een doel) is nog niet beschikbaar in deze versie ({detail}).",
        "en": "Scenario discovery (when does a target fail) is not available in this version yet ({detail}).",
    },
    "drivers.no_target": {
        "nl": "Deze indicator heeft geen doel voor 2027; de voorwaarden gaan over 'eind 2027 niet beter dan eind 2023'.",
        "en": "This indicator has no 2027 target; the conditions are about 'no better at the end of 2027 than at the end of 2023'.",
    },
    "drivers.always_met": {
        "nl": "In alle doorrekeningen wordt het doel gehaald: er is geen faalgebied.",
        "en": "The target is met in every run: there is no failure region.",
    },
    "drivers.never_met": {
        "nl": "In geen enkele doorrekening wordt het doel gehaald.",
        "en": "The target is met in no run at all.",
    },
    # --- share page ----------------------------------------------------------------------
    "share.heading": {"nl": "Bewaren en delen", "en": "Keep and share"},
    "share.scenario_file": {"nl": "Scenariobestand", "en": "Scenario file"},
    "share.download_toml": {"nl": "Download scenario (.toml)", "en": "Download scenario (.toml)"},
    "share.upload": {
        "nl": "Open een scenariobestand (.toml, hoogstens {kb} kB)",
        "en": "Open a scenario file (.toml, at most {kb} kB)",
    },
    "share.upload_ok": {
        "nl": "Scenario '{title}' geopend uit {file}.",
        "en": "Scenario '{title}' opened from {file}.",
    },
    "share.upload_error": {
        "nl": "Dit bestand is niet geopend; het huidige scenario blijft staan. {message}",
        "en": "This file was not opened; the current scenario stays. {message}",
    },
    "share.link": {"nl": "Link naar dit scenario", "en": "Link to this scenario"},
    "share.link_help": {
        "nl": "Wie deze link opent, ziet dezelfde verdeling, fasering en aannames. De adresbalk van de browser houdt de link ook steeds bij.",
        "en": "Whoever opens this link sees the same allocation, phasing and assumptions. The browser's address bar keeps the link up to date too.",
    },
    "share.results": {"nl": "Resultaten downloaden", "en": "Download results"},
    "share.results_help": {
        "nl": "De resultaten van het huidige scenario met {samples} trekkingen.",
        "en": "The results of the current scenario with {samples} samples.",
    },
    "share.csv": {"nl": "Samenvatting (CSV)", "en": "Summary (CSV)"},
    "share.netcdf": {"nl": "Alle resultaten (netCDF)", "en": "All results (netCDF)"},
    "share.report": {
        "nl": "Rapport voor Provinciale Staten",
        "en": "Report for the Provincial Council",
    },
    "share.report_help": {
        "nl": "Samenvatting, doelen en kansen, gevoeligheid (Sobol) en faalcondities, alle aannames en een colofon. Het opstellen duurt even.",
        "en": "Summary, targets and chances, sensitivity (Sobol) and failure conditions, every assumption and a colophon. Building it takes a little while.",
    },
    "share.report_build": {"nl": "Stel het rapport op", "en": "Build the report"},
    "share.report_busy": {"nl": "Het rapport wordt opgesteld …", "en": "Building the report …"},
    "share.report_pdf": {"nl": "Rapport (PDF)", "en": "Report (PDF)"},
    "share.report_html": {"nl": "Rapport (HTML)", "en": "Report (HTML)"},
    "share.report_xlsx": {"nl": "Rapport (Excel)", "en": "Report (Excel)"},
    "share.excel": {"nl": "Tabellen (Excel)", "en": "Tables (Excel)"},
    "share.toml_preview": {
        "nl": "Inhoud van het scenariobestand",
        "en": "Contents of the scenario file",
    },
    "url.error": {
        "nl": "De link bevat geen geldig scenario; het basisscenario is geopend. {message}",
        "en": "The link holds no valid scenario; the baseline is opened. {message}",
    },
    # upload errors
    "upload.too_large": {
        "nl": "{file}: het bestand is {size} kB; toegestaan is hoogstens {limit} kB.",
        "en": "{file}: the file is {size} kB; at most {limit} kB is allowed.",
    },
    "upload.empty": {"nl": "{file}: het bestand is leeg.", "en": "{file}: the file is empty."},
    "upload.not_text": {
        "nl": "{file}: geen tekstbestand (UTF-8); een scenario is een TOML-tekstbestand.",
        "en": "{file}: not a text file (UTF-8); a scenario is a TOML text file.",
    },
    "upload.bad_toml": {
        "nl": "{file}: geen geldig TOML-bestand ({detail})",
        "en": "{file}: not a valid TOML file ({detail})",
    },
    "upload.not_toml": {
        "nl": "{file}: de naam eindigt niet op .toml.",
        "en": "{file}: the name does not end in .toml.",
    },
    "url.bad_value": {
        "nl": "{field} = {value!r}: {allowed}",
        "en": "{field} = {value!r}: {allowed}",
    },
    "url.allowed_numbers": {
        "nl": "verwacht {n} getallen gescheiden door komma's",
        "en": "expected {n} numbers separated by commas",
    },
    "url.allowed_number": {"nl": "verwacht een getal", "en": "expected a number"},
    "url.allowed_phasing": {
        "nl": "verwacht lijn=vier percentages, met lijn een van {lines}",
        "en": "expected line=four percentages, line one of {lines}",
    },
    "url.allowed_pairs": {
        "nl": "verwacht naam:getal, gescheiden door komma's",
        "en": "expected name:number pairs separated by commas",
    },
    # --- explain page --------------------------------------------------------------------
    "explain.heading": {
        "nl": "Uitleg: indicatoren en parameters",
        "en": "Explain: indicators and parameters",
    },
    "explain.intro": {
        "nl": "Elk getal in het model heeft een herkomst. **Bron**: uit het beleidskader of een genoemde openbare bron. **Afgeleid**: berekend uit het plan zelf (bijv. de kosten waarbij de basis precies het doel haalt). **Aanname**: een inschatting van de modelbouwers, met een bandbreedte en een onderbouwing.",
        "en": "Every number in the model has an origin. **Source**: from the policy framework or a named public source. **Derived**: computed from the plan itself (e.g. the cost at which the baseline just meets the target). **Assumption**: the modellers' judgement, with a range and a reasoning.",
    },
    "explain.indicators": {"nl": "Indicatoren (doelenboom)", "en": "Indicators (goal tree)"},
    "explain.parameters": {"nl": "Parameters", "en": "Parameters"},
    "explain.pick_indicator": {"nl": "Toon indicator", "en": "Show indicator"},
    "explain.pick_parameter": {"nl": "Toon parameter", "en": "Show parameter"},
    "explain.filter_group": {"nl": "Groep", "en": "Group"},
    "explain.all_groups": {"nl": "alle groepen", "en": "all groups"},
    "explain.counts": {
        "nl": "{n} parameters: {source} bron, {derived} afgeleid, {assumption} aanname.",
        "en": "{n} parameters: {source} source, {derived} derived, {assumption} assumption.",
    },
    "explain.card_indicator": {
        "nl": "**{name}** (`{id}`)  \nDoel: {goal} · {level} · eenheid: {unit} · {measure}  \nDoel 2027: {target} · Bron: {source}",
        "en": "**{name}** (`{id}`)  \nGoal: {goal} · {level} · unit: {unit} · {measure}  \nTarget 2027: {target} · Source: {source}",
    },
    "explain.card_parameter": {
        "nl": "{badge} **{name}**: {description}  \nWaarde: {value} {unit} · bereik: {range} · groep: {group}  \n{origin}",
        "en": "{badge} **{name}**: {description}  \nValue: {value} {unit} · range: {range} · group: {group}  \n{origin}",
    },
    "explain.origin_source": {"nl": "Bron: {text}", "en": "Source: {text}"},
    "explain.origin_assumption": {
        "nl": "Aanname, onderbouwing: {text}",
        "en": "Assumption, reasoning: {text}",
    },
    "kind.source": {"nl": ":green-badge[bron]", "en": ":green-badge[source]"},
    "kind.derived": {"nl": ":blue-badge[afgeleid]", "en": ":blue-badge[derived]"},
    "kind.assumption": {"nl": ":orange-badge[aanname]", "en": ":orange-badge[assumption]"},
    "kindword.source": {"nl": "bron", "en": "source"},
    "kindword.derived": {"nl": "afgeleid", "en": "derived"},
    "kindword.assumption": {"nl": "aanname", "en": "assumption"},
    "no_target": {"nl": "—", "en": "—"},
    "fixed": {"nl": "vast", "en": "fixed"},
}


def tr(key: str, lang: str, **fields: object) -> str:
    """The app text ``key`` in ``lang``, formatted with ``fields``.

    Examples
    --------
    >>> tr("remaining", "en")
    'Still to allocate'
    """
    entry = TEXTS[key]
    text = entry.get(lang, entry["nl"])
    return text.format(**fields) if fields else text


def fmt_num(value: float, lang: str, decimals: int = 0) -> str:
    """A number with the language's separators: ``12.345,6`` (nl) or ``12,345.6`` (en).

    Examples
    --------
    >>> fmt_num(27000, "nl"), fmt_num(27000, "en"), fmt_num(0.5, "nl", 1)
    ('27.000', '27,000', '0,5')
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    text = f"{value:,.{decimals}f}"
    if lang == "nl":
        text = text.replace(",", "\0").replace(".", ",").replace("\0", ".")
    return "0" if text in ("-0", "−0") else text


def fmt_smart(value: float, lang: str) -> str:
    """A number with as many decimals as its size needs (for parameters and indicators)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    size = abs(value)
    decimals = (
        0
        if size >= 100 or float(value).is_integer()
        else 1
        if size >= 10
        else 2
        if size >= 0.1
        else 4
    )
    text = fmt_num(value, lang, decimals)
    if decimals and ("," in text or "." in text):  # drop trailing zeros of the fraction
        sep = "," if lang == "nl" else "."
        head, _, frac = text.rpartition(sep)
        frac = frac.rstrip("0")
        text = f"{head}{sep}{frac}" if frac else head
    return text


def fmt_value(value: float, unit: str, lang: str) -> str:
    """A parameter value for users: a calendar year (unit ``yr``, e.g. 2025.5) without a
    thousands separator, anything else as :func:`fmt_smart`."""
    if unit == "yr" and value is not None and 1900 <= abs(value) <= 2200:
        text = f"{value:g}"
        return text.replace(".", ",") if lang == "nl" else text
    return fmt_smart(value, lang)


def fmt_pct(share: float, lang: str) -> str:
    """A share 0…1 as a whole percentage: ``85%``; ``—`` when missing."""
    if share is None or (isinstance(share, float) and math.isnan(share)):
        return "—"
    return f"{fmt_num(100 * share, lang)}%"


def fmt_signed(value: float, lang: str) -> str:
    """An amount with an explicit sign: ``+1.000`` / ``−500``."""
    sign = "+" if value > 0 else "−" if value < 0 else "±"
    return f"{sign}{fmt_num(abs(value), lang)}"


def line_label(line: str, lang: str) -> str:
    """``"2.1.a Armoede en laaggeletterdheid"``; the ledger's halves of 2.2 as ``"2.2 Dorps- en ..."``."""
    return f"{line[:3] if line.startswith('2.2.') else line} {model_text('line.' + line, lang)}"


def indicator_name(ind_id: str, lang: str) -> str:
    """The indicator's name in ``lang``."""
    ind = INDICATORS[ind_id]
    return ind.nl if lang == "nl" else ind.en


def goal_name(goal: str, lang: str) -> str:
    """The goal's name in ``lang``."""
    return GOALS[goal]["nl" if lang == "nl" else "en"]


def indicator_unit(ind_id: str, lang: str) -> str:
    """The indicator's unit as users read it."""
    return unit_label(INDICATORS[ind_id].units, lang)


def group_name(group: str, lang: str) -> str:
    """A parameter group's name; the id itself when there is no text for it."""
    key = f"group.{group}"
    return tr(key, lang) if key in TEXTS else group.replace("_", " ")
