"""Names users read in the app and the report: budget lines, indicators, goals, units
and parameter groups, in the user's language.

Every text comes from the catalogue (:func:`model.i18n.t`, ``model/locales/``); indicator
and goal names from :mod:`model.policy.indicators`. Numbers are written by
:mod:`model.present.formats` (re-exported here for the callers that import them from here).
"""

from __future__ import annotations

from model.i18n import LANGUAGE_NAMES as LANGUAGES
from model.i18n import has_text, t, unit_label
from model.policy.indicators import GOALS, INDICATORS
from model.present.formats import fmt_num, fmt_pct, fmt_signed, fmt_smart, fmt_value

__all__ = [
    "LANGUAGES",
    "fmt_num",
    "fmt_pct",
    "fmt_signed",
    "fmt_smart",
    "fmt_value",
    "goal_name",
    "group_name",
    "indicator_name",
    "indicator_unit",
    "line_label",
]


def line_label(line: str, lang: str) -> str:
    """``"2.1.a Armoede en laaggeletterdheid"``; the ledger's halves of 2.2 as ``"2.2 Dorps- en ..."``."""
    return f"{line[:3] if line.startswith('2.2.') else line} {t('line.' + line, lang)}"


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
    key = f"app.group.{group}"
    return t(key, lang) if has_text(key) else group.replace("_", " ")
