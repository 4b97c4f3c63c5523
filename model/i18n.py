"""User-facing texts in one place: Dutch first, English available.

Code and docstrings are English; what a strategist or council member reads comes
from here. ``t(key, lang, **fields)`` formats a text; the language defaults to the
``SAMENLEVEN_LANG`` environment variable, else Dutch.
"""

from __future__ import annotations

import os

LANGUAGES = ("nl", "en")

TEXTS: dict[str, dict[str, str]] = {
    # --- scenario validation (field, value, allowed are filled in) ---------------
    "err.toml": {
        "nl": "{file}: geen geldig TOML-bestand ({detail})",
        "en": "{file}: not a valid TOML file ({detail})",
    },
    "err.unreadable": {
        "nl": "{file}: kan niet gelezen worden ({detail})",
        "en": "{file}: cannot be read ({detail})",
    },
    "err.field": {
        "nl": "{file}: {field} = {value}: {reason}; toegestaan: {allowed}",
        "en": "{file}: {field} = {value}: {reason}; allowed: {allowed}",
    },
    "reason.unknown_key": {"nl": "onbekend veld", "en": "unknown field"},
    "reason.unknown_line": {"nl": "onbekende begrotingslijn", "en": "unknown budget line"},
    "reason.not_number": {"nl": "geen getal", "en": "not a number"},
    "reason.not_finite": {
        "nl": "geen eindig getal (NaN of oneindig)",
        "en": "not a finite number (NaN or infinity)",
    },
    "reason.negative": {
        "nl": "een bedrag kan niet negatief zijn",
        "en": "an amount cannot be negative",
    },
    "reason.over_reserve": {
        "nl": "de lijnen samen zijn meer dan de reserve van 27.000 k€",
        "en": "the lines together exceed the reserve of 27,000 k€",
    },
    "reason.phasing_sum": {
        "nl": "de fasering telt niet op tot 1",
        "en": "the phasing does not add up to 1",
    },
    "reason.unknown_year": {"nl": "onbekend begrotingsjaar", "en": "unknown budget year"},
    "reason.share": {"nl": "een aandeel ligt tussen 0 en 1", "en": "a share lies between 0 and 1"},
    "reason.committed": {
        "nl": "minder dan wat al is vastgelegd (2024: 350 k€ op lijn 2.3 voor de evenementenregelingen)",
        "en": "less than what is already committed (2024: 350 k€ on line 2.3 for the event regulations)",
    },
    "reason.date": {
        "nl": "geen datum binnen de looptijd",
        "en": "not a date within the framework period",
    },
    "reason.text": {"nl": "geen tekst", "en": "not a text"},
    "reason.table": {"nl": "geen tabel", "en": "not a table"},
    "reason.extends": {"nl": "onbekend basisscenario", "en": "unknown base scenario"},
    "reason.extends_cycle": {
        "nl": "scenario's verwijzen in een kring naar elkaar",
        "en": "scenarios extend each other in a cycle",
    },
    "reason.parameter": {"nl": "ongeldige aanname", "en": "invalid assumption"},
    "allowed.number": {"nl": "een getal ≥ 0 in k€", "en": "a number ≥ 0 in k€"},
    "allowed.total": {"nl": "samen hoogstens 27.000 k€", "en": "together at most 27,000 k€"},
    "allowed.text": {"nl": "tekst tussen aanhalingstekens", "en": "text in quotes"},
    "allowed.other_scenario": {"nl": "een ander scenario", "en": "another scenario"},
    "allowed.phasing_all_lines": {
        "nl": "een fasering voor elke lijn (of levers.phasing.default)",
        "en": "a phasing for every line (or levers.phasing.default)",
    },
    "allowed.date": {
        "nl": "een TOML-datum tussen 2024-01-01 en 2027-12-31, bv. 2024-06-28",
        "en": "a TOML date between 2024-01-01 and 2027-12-31, e.g. 2024-06-28",
    },
    "allowed.table": {"nl": "een TOML-tabel", "en": "a TOML table"},
    "allowed.phasing": {
        "nl": "aandelen per jaar 2024–2027 die samen 1 zijn",
        "en": "shares per year 2024–2027 that add up to 1",
    },
    # --- budget lines -------------------------------------------------------------
    "line.2.1.a": {"nl": "Armoede en laaggeletterdheid", "en": "Poverty and low literacy"},
    "line.2.1.b": {
        "nl": "Jeugd: veilig, kansrijk en gezond opgroeien",
        "en": "Youth: growing up safe, healthy, with chances",
    },
    "line.2.1.c": {"nl": "Sociale cohesie en eenzaamheid", "en": "Social cohesion and loneliness"},
    "line.2.1.d": {
        "nl": "Experimenten en kansrijke vernieuwingen",
        "en": "Experiments and promising innovations",
    },
    "line.2.2": {
        "nl": "Krachtige gemeenschappen in wijken en dorpen",
        "en": "Strong communities in neighbourhoods and villages",
    },
    "line.2.2.neighbourhoods": {
        "nl": "Integrale aanpakken in aandachtswijken",
        "en": "Integrated approaches in priority neighbourhoods",
    },
    "line.2.2.villages": {
        "nl": "Dorps- en buurtgerichte aanpakken",
        "en": "Village and local approaches",
    },
    "line.2.3": {"nl": "Sport en bewegen", "en": "Sport and exercise"},
    # --- command line summary -------------------------------------------------------
    "cli.valid": {
        "nl": "{file}: geldig scenario '{name}' ({title})",
        "en": "{file}: valid scenario '{name}' ({title})",
    },
    "cli.running": {
        "nl": "Scenario '{name}' wordt doorgerekend ({samples} trekkingen)",
        "en": "Running scenario '{name}' ({samples} samples)",
    },
    "cli.written": {"nl": "Resultaten geschreven naar {file}", "en": "Results written to {file}"},
    "cli.allocation": {
        "nl": "Verdeling van de reserve (k€)",
        "en": "Allocation of the reserve (k€)",
    },
    "cli.unallocated": {"nl": "niet toegewezen", "en": "unallocated"},
    "cli.ledger": {
        "nl": "Reserve per begrotingsjaar (k€, mediaan over trekkingen)",
        "en": "Reserve per budget year (k€, median over samples)",
    },
    "cli.col.year": {"nl": "jaar", "en": "year"},
    "cli.col.released": {"nl": "vrijgegeven", "en": "released"},
    "cli.col.spent": {"nl": "besteed", "en": "spent"},
    "cli.col.cofinancing": {"nl": "cofinanciering", "en": "co-financing"},
    "cli.col.remaining": {"nl": "resterend", "en": "remaining"},
    "cli.error": {"nl": "Fout", "en": "Error"},
    "cli.goal": {"nl": "Doel: {name} (lijn {line})", "en": "Goal: {name} (line {line})"},
    "cli.outputs": {
        "nl": "  Outputs eind 2027 tegen het doel",
        "en": "  Outputs at the end of 2027 against the target",
    },
    "cli.outcomes": {
        "nl": "  Outcomes: 2027 tegen 2023 en tegen zonder reserve",
        "en": "  Outcomes: 2027 against 2023 and against no reserve",
    },
    "cli.col.indicator": {"nl": "indicator", "en": "indicator"},
    "cli.col.plan": {"nl": "plan", "en": "plan"},
    "cli.col.target": {"nl": "doel", "en": "target"},
    "cli.col.no_reserve": {"nl": "zonder reserve", "en": "no reserve"},
    "cli.col.verdict": {"nl": "oordeel", "en": "verdict"},
    "cli.col.2023": {"nl": "2023", "en": "2023"},
    "cli.met": {"nl": "gehaald", "en": "met"},
    "cli.not_met": {"nl": "niet gehaald", "en": "not met"},
    "cli.p_met": {"nl": "kans gehaald {p:.0%}", "en": "chance met {p:.0%}"},
    "cli.better": {
        "nl": "beter dan 2023: {a}; beter dan zonder reserve: {b}",
        "en": "better than 2023: {a}; better than no reserve: {b}",
    },
    "cli.yes": {"nl": "ja", "en": "yes"},
    "cli.no": {"nl": "nee", "en": "no"},
    "cli.interval": {"nl": "90%-interval", "en": "90% interval"},
}


UNITS_NL = {
    "projects": "projecten",
    "children": "kinderen",
    "schools": "scholen",
    "municipalities": "gemeenten",
    "trajectories": "trajecten",
    "professionals": "professionals",
    "pilots": "pilots",
    "clinics": "consultatiebureaus",
    "partnerships": "samenwerkingen",
    "symposia": "symposia",
    "athletes": "sporters",
    "events": "evenementen",
    "agreements": "akkoorden",
    "approaches": "aanpakken",
    "persons": "personen",
    "index (2023 = 100)": "index, 2023 = 100",
}


def unit_label(units: str, lang: str | None = None) -> str:
    """A unit as users read it (Dutch names for counted things)."""
    return UNITS_NL.get(units, units) if (lang or default_language()) == "nl" else units


def default_language() -> str:
    lang = os.environ.get("SAMENLEVEN_LANG", "nl").lower()
    return lang if lang in LANGUAGES else "nl"


def t(key: str, lang: str | None = None, **fields: object) -> str:
    """The text ``key`` in ``lang`` (default: :func:`default_language`), formatted with ``fields``.

    Examples
    --------
    >>> t("line.2.3", "en")
    'Sport and exercise'
    """
    entry = TEXTS[key]
    text = entry.get(lang or default_language(), entry["nl"])
    return text.format(**fields) if fields else text
