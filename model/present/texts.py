"""Names users read in the app and the report: budget lines, indicators, goals, units
and parameter groups, in the user's language.

Every text comes from the catalogue (:func:`model.i18n.t`, ``model/locales/``); indicator
and goal names from :mod:`model.policy.indicators`. Numbers are written by
:mod:`model.present.formats` (re-exported here for the callers that import them from here).

Scenario titles and names come from files and links anyone can make, so they are text to
show, never markup to interpret: :func:`plain_markdown` for what Streamlit renders as
markdown (headings, alerts, tables, widget labels), :func:`plain_html` for plotly's
texts (legend names). A scenario that carries the name or title of a scenario in
``scenarios/`` while its levers or assumptions differ is marked as changed wherever its
name is shown (:func:`marked_title`, :func:`marked`).
"""

from __future__ import annotations

import html
import math
import re
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path

from model.i18n import LANGUAGE_NAMES as LANGUAGES
from model.i18n import has_text, t, unit_label
from model.policy.indicators import GOALS, INDICATORS
from model.policy.scenarios import Scenario, list_scenarios, load_scenario
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
    "marked",
    "marked_title",
    "official_scenarios",
    "official_twin",
    "plain_html",
    "plain_markdown",
    "safe_file_stem",
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


# --------------------------------------------------------------------------- untrusted text

_MARKDOWN_SPECIAL = frozenset("\\`*[]<>#!~$|{}&@")
"""Characters escaped wherever they stand: emphasis, code, links and images, HTML,
headings, strikethrough, maths, tables, Streamlit's ``:red[...]`` directives, character
references and e-mail autolinks."""

WORD_JOINER = "\u2060"
"""An invisible character that breaks GitHub's bare-URL autolinks (``https://…``,
``www.…``, ``name@host``): Streamlit's renderer finds those in the text after the
backslash escapes are read, so an escape alone does not stop them (seen in chromium)."""


def plain_markdown(text: object) -> str:
    r"""``text`` on one line, escaped so that markdown shows it literally.

    Streamlit renders GitHub-flavoured markdown in ``st.markdown``, headings, alerts,
    table cells and widget labels; a scenario title from a link or an upload must not
    become a link, an image, a heading or coloured text there. Every character that can
    start markdown syntax gets a backslash; ordinary punctuation (full stops, commas,
    parentheses, intra-word underscores as in ``mijn_scenario.toml``) stays as it is, so
    normal titles and file names read unchanged.

    >>> def shown(text):  # the word joiners below are invisible
    ...     print(plain_markdown(text).replace(WORD_JOINER, ""))
    >>> shown("[Officieel: klik hier](https://evil.example)")
    \[Officieel: klik hier\](https\://evil.example)
    >>> shown("![x](http://example.org/x.png) <script>")
    \!\[x\](http\://example.org/x.png) \<script\>
    >>> shown("Jeugd eerst (geüpload) uit mijn_scenario.toml")
    Jeugd eerst (geüpload) uit mijn_scenario.toml

    Bare addresses get an invisible :data:`WORD_JOINER`, so that no autolink forms
    (``https:`` + joiner + ``//``, ``www`` + joiner + ``.``, joiner + ``@``):

    >>> plain_markdown("https://evil.example") == "https\\:\u2060//evil.example"
    True
    """
    s = " ".join(str(text).split())
    out = []
    for k, c in enumerate(s):
        before = s[k - 1] if k else ""
        after = s[k + 1] if k + 1 < len(s) else ""
        if (
            c in _MARKDOWN_SPECIAL
            or (c == "_" and not (before.isalnum() and after.isalnum()))  # emphasis
            or (c == ":" and (after.isalpha() or after == "/"))  # https://, :icon:, :red[
            or (c == "." and s[max(0, k - 3) : k].lower() == "www")  # www. autolinks
        ):
            joiner = WORD_JOINER if c in "@." or (c == ":" and after == "/") else ""
            out.append(f"{joiner}\\{c}" if c in "@." else f"\\{c}{joiner}")
        else:
            out.append(c)
    plain = "".join(out)
    # at the start: lists ("- ", "+ ", "1. ", "1) "), thematic breaks ("---"), "===" lines
    return re.sub(r"^([-+=]|\d{1,9}[.)](?=\s|$))", lambda m: m[0][:-1] + "\\" + m[0][-1], plain)


def plain_html(text: object) -> str:
    """``text`` with ``&``, ``<`` and ``>`` escaped: plotly renders a subset of HTML in
    trace names and titles (``<a href>``, ``<b>``, ``<br>``), and shows entities as the
    characters they stand for.

    >>> plain_html('<a href="https://evil.example">Officieel</a>')
    '&lt;a href="https://evil.example"&gt;Officieel&lt;/a&gt;'
    """
    return html.escape(str(text), quote=False)


def safe_file_stem(name: str, fallback: str = "scenario") -> str:
    """``name`` as part of a file name: letters, digits, ``-`` and ``_`` (at most 60).

    >>> safe_file_stem("../jeugd eerst")
    '___jeugd_eerst'
    """
    stem = "".join(c if c.isalnum() or c in "-_" else "_" for c in str(name))[:60]
    return stem or fallback


# --------------------------------------------------------------------------- changed scenarios

_official_cache: dict[tuple, dict[str, Scenario]] = {}


def official_scenarios(directory: Path | None = None) -> dict[str, Scenario]:
    """The scenarios of ``scenarios/`` (or ``directory``) by name, read again when a
    file changes (the files' modification times are the cache key)."""
    files = list_scenarios(directory)
    key = (str(directory), *((str(p), p.stat().st_mtime_ns) for p in files))
    if key not in _official_cache:
        _official_cache.clear()
        _official_cache[key] = {p.stem: load_scenario(p, directory=directory) for p in files}
    return _official_cache[key]


def _close(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is b
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-6)


def same_content(a: Scenario, b: Scenario) -> bool:
    """Whether ``a`` and ``b`` have the same levers and assumptions (names, titles,
    descriptions and sources aside; amounts and shares within rounding, as a link
    writes them)."""
    return (
        a.decision_date == b.decision_date
        and _close(a.neighbourhood_share, b.neighbourhood_share)
        and _close(a.jeugdfonds_share_130, b.jeugdfonds_share_130)
        and set(a.allocation) == set(b.allocation)
        and all(_close(a.allocation[k], b.allocation[k]) for k in a.allocation)
        and set(a.phasing) == set(b.phasing)
        and all(
            set(a.phasing[k]) == set(b.phasing[k])
            and all(_close(a.phasing[k][y], b.phasing[k][y]) for y in a.phasing[k])
            for k in a.phasing
        )
        and set(a.assumptions) == set(b.assumptions)
        and all(_close(a.assumptions[k], b.assumptions[k]) for k in a.assumptions)
    )


def official_twin(
    scenario: Scenario, official: Mapping[str, Scenario] | None = None
) -> Scenario | None:
    """The scenario of ``scenarios/`` whose name or title ``scenario`` carries while its
    levers or assumptions differ from that file; None when it carries none, or is the
    file's scenario unchanged.

    >>> from model import load_scenario
    >>> official_twin(load_scenario("jeugd_eerst")) is None
    True
    >>> changed = load_scenario("jeugd_eerst").with_allocation({"2.1.b": 7000, "2.2": 12000})
    >>> official_twin(changed).name
    'jeugd_eerst'
    """
    files = official_scenarios() if official is None else official
    claimed = files.get(scenario.name) or next(
        (
            f
            for f in files.values()
            if f.title.strip().casefold() == scenario.title.strip().casefold()
        ),
        None,
    )
    if claimed is None or same_content(scenario, claimed):
        return None
    return claimed


def marked_title(
    scenario: Scenario, lang: str, official: Mapping[str, Scenario] | None = None
) -> str:
    """The title to show: ``"Jeugd eerst (gewijzigd)"`` when ``scenario`` passes itself
    off as an official scenario it differs from (see :func:`official_twin`)."""
    if official_twin(scenario, official) is None:
        return scenario.title
    return t("app.changed.title", lang, title=scenario.title)


def marked(
    scenario: Scenario, lang: str, official: Mapping[str, Scenario] | None = None
) -> Scenario:
    """``scenario`` under a marked name and title when it passes itself off as an
    official scenario it differs from (``jeugd_eerst_gewijzigd``, "Jeugd eerst
    (gewijzigd)"): for reports and downloads, whose file names and metadata carry the
    name. Otherwise ``scenario`` itself."""
    if official_twin(scenario, official) is None:
        return scenario
    return replace(
        scenario,
        name=t("app.changed.name", lang, name=scenario.name),
        title=t("app.changed.title", lang, title=scenario.title),
    )
