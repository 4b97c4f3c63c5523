"""Phrases of the council report (``samenleven report``) built from the catalogue.

Every text comes from :func:`model.i18n.t` (``model/locales/``, keys ``report.*``); indicator
and goal names from :mod:`model.policy.indicators`, budget lines and number formats from
:mod:`model.present` (shared with the app), so that the report and the app say the same
things the same way. Here: how a parameter reads inside a sentence, its unit in the
report's language, its origin, and the columns of the Excel workbook's sheets
(:data:`SHEET_NOTES`).
"""

from __future__ import annotations

import re

from model.i18n import has_text, t
from model.policy.parameters import Parameter

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
    if has_text(f"report.phrase.{p.name}"):
        return t(f"report.phrase.{p.name}", lang)
    text = _lower_first(p.describe(lang).rstrip("."))
    text = re.split(r":\s", text, maxsplit=1)[0]
    if lang == "nl":
        return f"{_article(text)} {text}"
    return f"the {text}"


def parameter_label(p: Parameter, lang: str, width: int = 90) -> str:
    """A parameter's description as a table cell or bar label, shortened to ``width``."""
    text = p.describe(lang)
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


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
    return re.sub(r"[A-Za-z]+", lambda m: _unit_word(m.group(0), lang), unit)


def _unit_word(word: str, lang: str) -> str:
    key = f"report.unitword.{word}"
    return t(key, lang) if has_text(key) else word


_SECTION_REF = re.compile(
    r"§\s?\d+(?:\.\d+)*|doelenboom|cover letter|aanbiedingsbrief", re.IGNORECASE
)


def origin(p: Parameter, kind: str, lang: str) -> str:
    """Where a parameter comes from, in a few words of the report's language: the kind
    and the sections of the policy document its source or reasoning cites (read from the
    English text, whose references every translation keeps)."""
    text = p.origin_in("en")
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
    label = t(f"report.kind.{kind}", lang)
    if refs:
        return t("report.origin.sections", lang, kind=label, refs=", ".join(refs[:4]))
    if kind == "source":  # a named public source without a section: say which, shortly
        return f"{label}: {p.source_in(lang)[:80]}"
    if kind == "derived":
        return t("report.origin.plan", lang)
    return f"{label}, {t('report.origin.reasoning', lang)}"


SHEET_NOTES: dict[str, tuple[str, ...]] = {
    "Toelichting": (
        "blad",
        "kolom",
        "betekenis",
    ),
    "Samenvatting": (
        "goal",
        "sentence",
    ),
    "Verdeling": (
        "scenario",
        "line",
        "line_name",
        "amount_keur",
    ),
    "Kasstroom": (
        "scenario",
        "budget_year",
        "reserve_released",
        "reserve_spent",
        "cofinancing_received",
        "reserve_remaining",
        "spent_<lijn>",
    ),
    "Informatiewaarde": (
        "group",
        "parameters",
        "evppi",
        "evppi_error",
        "negligible",
        "evpi",
        "units",
    ),
    "Zoeken": (
        "candidate",
        "chosen",
        "<lijn>",
        "score",
        "objective",
        "robustness",
    ),
    "Marginaal": (
        "line",
        "measure",
        "p05",
        "p50",
        "p95",
        "units",
    ),
    "Doelenboom": ("kind", "id", "name", "line", "amount_keur", "chance", "feeds"),
    "Geldstroom": ("source", "target", "kind", "keur", "source_label", "target_label"),
    "Outputs": (
        "scenario",
        "indicator",
        "indicator_name",
        "goal",
        "units",
        "target",
        "start",
        "median",
        "p05",
        "p95",
        "no_reserve",
        "p_target_met",
    ),
    "Outcomes": (
        "scenario",
        "indicator",
        "indicator_name",
        "goal",
        "units",
        "direction",
        "start",
        "median",
        "p05",
        "p95",
        "no_reserve",
        "effect_median",
        "effect_p05",
        "effect_p95",
        "p_better_than_2023",
        "p_better_than_no_reserve",
    ),
    "Banden": (
        "scenario",
        "indicator",
        "variant",
        "time",
        "p05",
        "p50",
        "p95",
    ),
    "Sobol": (
        "indicator",
        "parameter",
        "parameter_description",
        "group",
        "S1",
        "S1_conf",
        "ST",
        "ST_conf",
        "rank",
    ),
    "Sobol_groepen": (
        "indicator",
        "group",
        "group_name",
        "S1",
        "S1_conf",
        "ST",
        "ST_conf",
        "rank",
    ),
    "Sobol_rangorde": (
        "parameter",
        "parameter_description",
        "group",
        "mean_ST",
        "top3_outputs",
    ),
    "Sobol_convergentie": (
        "indicator",
        "output_mean",
        "output_std",
        "max_conf",
        "converged",
        "n_needed",
    ),
    "Faalcondities": (
        "indicator",
        "p_target_met",
        "box",
        "coverage",
        "density",
        "mass",
        "parameter",
        "unit",
        "lower",
        "upper",
        "qp_value",
        "sentence",
    ),
    "Vergelijking": (
        "indicator",
        "indicator_name",
        "level",
        "scenario",
        "chance",
        "difference_from_baseline",
    ),
    "Scenarios": (
        "scenario",
        "title",
        "description",
        "file",
        "assumptions",
        "toml",
    ),
    "Parameters": (
        "parameter",
        "description_nl",
        "description_en",
        "value",
        "low",
        "high",
        "distribution",
        "unit",
        "group",
        "kind",
        "source",
        "reasoning",
        "range_reasoning",
        "derivation",
        "fixed_by",
        "file",
    ),
    "Colofon": (
        "item",
        "value",
    ),
}
"""Per Excel sheet, its columns in order; what the sheet holds is the text
``report.sheet.<sheet>``, what a column means ``report.sheet.<sheet>.<column>``
(the 'Toelichting' sheet, :func:`sheet_note`)."""


def sheet_note(sheet: str, lang: str, column: str = "") -> str:
    """What ``sheet`` holds, or what its ``column`` means, in ``lang``."""
    return t(f"report.sheet.{sheet}" + (f".{column}" if column else ""), lang)
