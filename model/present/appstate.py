"""The workshop app's state as pure functions: levers and assumption knobs to a
:class:`~model.policy.scenarios.Scenario`, a scenario to URL query parameters and back,
uploads checked before they replace anything, and the provenance badge of a parameter.

Nothing here imports streamlit, so everything is testable on its own (and usable by a
report). The app keeps only widget values; these functions turn them into scenarios.
"""

from __future__ import annotations

import math
import re
import unicodedata
import urllib.parse
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from model.analysis.futures import FAVOURABLE
from model.common.toml import excerpt, toml_value
from model.errors import SamenlevenError
from model.i18n import has_text, number, t
from model.policy.budget import (
    BUDGET_YEARS,
    COMMITTED,
    LINES,
    PHASING_PROFILES,
    RESERVE_TOTAL,
    hold_commitments,
    profile_phasing,
)
from model.policy.parameters import Parameter, ParameterSet
from model.policy.scenarios import Scenario, ScenarioError, parse_scenario
from model.present.texts import fmt_value, group_name

PAGES = (
    "allocate",
    "tree",
    "assumptions",
    "compare",
    "search",
    "drivers",
    "share",
    "explain",
    "calibration",
)
"""Page ids, in the order of the page selector (``page`` widget and URL parameter)."""

ALLOCATION_STEP = 50.0
"""k€ per step of an allocation slider: every amount of the document is a multiple."""

MAX_UPLOAD_BYTES = 64 * 1024
"""Largest scenario file accepted by the upload (a full scenario file is about 2 kB)."""

MAX_COMPARE = 4
"""Scenarios compared beside the baseline."""

PHASING_CHOICES = ("loaded", *PHASING_PROFILES)

SAMPLE_CHOICES = (1, 100, 300, 1000, 3000)
"""Draws of the uncertainties the computation settings offer."""

DEFAULT_SAMPLES = 1000
"""Draws a session starts with unless the server says otherwise (:func:`server_samples`)."""

SAMPLES_ENV = "SAMENLEVEN_SAMPLES"
"""Environment variable of the server: the draws every new session starts with (``make app
SAMPLES=300``); a facilitator serving a full room sets fewer (README, *Serving a workshop*)."""


def server_samples(environ: Mapping[str, str]) -> tuple[int, str | None]:
    """The draws a new session starts with, and why a value set on the server was not used.

    Parameters
    ----------
    environ : mapping of str to str
        The server's environment (``os.environ``); :data:`SAMPLES_ENV` is read.

    Returns
    -------
    (int, str or None)
        One of :data:`SAMPLE_CHOICES`: the variable's value when it is one, else
        :data:`DEFAULT_SAMPLES`; and None, or a message for the server's log naming the
        variable, its value and what is allowed.

    Examples
    --------
    >>> server_samples({"SAMENLEVEN_SAMPLES": "300"})
    (300, None)
    >>> server_samples({})
    (1000, None)
    >>> server_samples({"SAMENLEVEN_SAMPLES": "250"})[1]
    "SAMENLEVEN_SAMPLES = '250'; allowed: 1, 100, 300, 1000, 3000 (1000 is used)"
    """
    text = environ.get(SAMPLES_ENV, "").strip()
    if not text:
        return DEFAULT_SAMPLES, None
    if text.isdigit() and int(text) in SAMPLE_CHOICES:
        return int(text), None
    allowed = ", ".join(str(n) for n in SAMPLE_CHOICES)
    return DEFAULT_SAMPLES, (
        f"{SAMPLES_ENV} = {excerpt(text)!r}; allowed: {allowed} ({DEFAULT_SAMPLES} is used)"
    )


JEUGDFONDS_CHOICES: tuple[float | None, ...] = (None, 0.0, 0.25, 0.5, 0.75, 1.0)
"""Lever values for the share of municipalities at the 130 % threshold (None: they decide)."""


# --------------------------------------------------------------------------- allocation


def min_allocation(line: str) -> float:
    """The least a line can get: what is already committed on it (k€)."""
    return float(sum(COMMITTED.get(line, {}).values()))


def allocation_options(line: str) -> list[int]:
    """The amounts an allocation slider offers for ``line`` (k€, steps of 50)."""
    low = int(min_allocation(line))
    return list(range(low, int(RESERVE_TOTAL) + 1, int(ALLOCATION_STEP)))


def snap(amount: float, line: str) -> int:
    """``amount`` rounded to the slider's grid for ``line`` and kept within it."""
    low = min_allocation(line)
    steps = round((float(amount) - low) / ALLOCATION_STEP)
    return int(min(max(low + steps * ALLOCATION_STEP, low), RESERVE_TOTAL))


def rebalance(allocation: Mapping[str, float], keep: str | None = None) -> dict[str, int]:
    """Bring an allocation back within the reserve by lowering the other lines in proportion.

    The line ``keep`` (the one moved last) stays as it is unless it alone leaves no room;
    no line goes below what is committed on it. Amounts stay on the slider grid (50 k€),
    and the result never exceeds :data:`RESERVE_TOTAL`.

    Examples
    --------
    >>> a = {"2.1.a": 4000, "2.1.b": 4000, "2.1.c": 1400, "2.1.d": 1400, "2.2": 15000, "2.3": 1200}
    >>> b = rebalance({**a, "2.1.a": 8000}, keep="2.1.a")
    >>> b["2.1.a"], sum(b.values()) <= 27000
    (8000, True)
    """
    amounts = {line: float(allocation.get(line, 0.0)) for line in LINES}
    if sum(amounts.values()) <= RESERVE_TOTAL + 1e-9:
        return {
            line: snap(v, line) if v >= min_allocation(line) else int(v)
            for line, v in amounts.items()
        }
    floors = {line: min_allocation(line) for line in LINES}
    if keep in amounts:
        room_for_keep = RESERVE_TOTAL - sum(floors[line] for line in LINES if line != keep)
        amounts[keep] = min(amounts[keep], room_for_keep)
    fixed = {keep} if keep in amounts else set()
    others = [line for line in LINES if line not in fixed]
    budget = RESERVE_TOTAL - sum(amounts[line] for line in fixed)
    above = {line: amounts[line] - floors[line] for line in others}
    room = budget - sum(floors[line] for line in others)
    total_above = sum(above.values())
    scale = 0.0 if total_above <= 0 else min(1.0, max(room, 0.0) / total_above)
    result = {line: amounts[line] for line in fixed}
    for line in others:
        result[line] = floors[line] + above[line] * scale
    # onto the grid, rounding down; leftover steps go to the lines that lost most to rounding
    out = {
        line: int(
            floors[line]
            + math.floor((result[line] - floors[line]) / ALLOCATION_STEP + 1e-9) * ALLOCATION_STEP
        )
        for line in LINES
    }
    spare = RESERVE_TOTAL - sum(out.values())
    for line in sorted(others, key=lambda x: out[x] - result[x]):
        if spare < ALLOCATION_STEP - 1e-9:
            break
        if result[line] - out[line] > 1e-9:
            out[line] += int(ALLOCATION_STEP)
            spare -= ALLOCATION_STEP
    return out


# --------------------------------------------------------------------------- phasing


def phasing_for(
    choice: str, loaded: Scenario, allocation: Mapping[str, float]
) -> dict[str, dict[int, float]]:
    """Phasing per line for a phasing ``choice``, holding what is committed.

    ``"loaded"`` keeps the loaded scenario's phasing; a profile of
    :data:`PHASING_PROFILES` applies to every line. A line with a commitment in a year
    (2024: 350 k€ on line 2.3) gets at least that amount in that year; the other
    years are scaled down in proportion so that the shares still add up to 1.
    """
    if choice == "loaded":
        base = {line: dict(loaded.phasing[line]) for line in LINES}
    elif choice in PHASING_PROFILES:
        base = profile_phasing(choice)
    else:
        raise ValueError(f"phasing = {choice!r}; allowed: {', '.join(PHASING_CHOICES)}")
    return hold_commitments(base, allocation)


# --------------------------------------------------------------------------- assumption knobs


@dataclass(frozen=True)
class Knob:
    """One control on the assumptions page: it fixes one or more uncertain parameters.

    Attributes
    ----------
    id : str
        Widget key suffix: ``cof.<parameter>`` for a co-financing source,
        ``group.<group>`` for a whole parameter group.
    params : tuple of str
        The uncertain parameters it sets.
    style : str
        How its levels are named: ``"share"`` (yes / partly / no), ``"timing"``
        (early / late), ``"capacity"`` (tight / ample), ``"cost"`` (cheap / expensive),
        ``"plain"`` (low / high) or ``"group"`` (all low / all high).
    good : str
        The favourable end (``"high"`` or ``"low"``) for the presets; ``""`` if none.
    """

    id: str
    params: tuple[str, ...]
    style: str = "plain"
    good: str = ""

    @property
    def key(self) -> str:
        return f"assume_{self.id}"


COFINANCING_STYLES: dict[str, tuple[str, str]] = {
    # parameter: (style, favourable end); the ends are the analysis layer's, which the
    # named futures (model.analysis.futures) use for the same presets
    name: (style, FAVOURABLE[name])
    for name, style in {
        "gbt_national_contribution": "share",
        "gbt_national_from": "timing",
        "gbt_running_cost": "cost",
        "keigezond_cofinancing_ratio": "share",
        "ks_cofinancing_ratio": "share",
        "area_partner_cofinancing_ratio": "share",
        "social_fund_cofinancing_ratio": "share",
        "continued_approaches_budget_2024": "plain",
    }.items()
}
"""How each co-financing parameter is offered; one not listed gets plain low / high."""

LEVELS = ("uncertain", "low", "default", "high")
"""Knob levels: the whole range, or fixed at the low end, the default or the high end."""


def knobs(params: ParameterSet) -> list[Knob]:
    """The knobs for ``params``: one per co-financing parameter, one for the execution
    capacity, then one per other group that has uncertain parameters."""
    out: list[Knob] = []
    groups: dict[str, list[str]] = {}
    known = [n for n in COFINANCING_STYLES if n in params]
    for name, p in sorted(
        params.items(), key=lambda item: known.index(item[0]) if item[0] in known else len(known)
    ):
        if not p.uncertain:
            continue
        if p.group == "cofinancing":
            style, good = COFINANCING_STYLES.get(name, ("plain", ""))
            out.append(Knob(f"cof.{name}", (name,), style, good))
        else:
            groups.setdefault(p.group or "other", []).append(name)
    execution = groups.pop("execution", [])
    if execution:
        out.append(Knob("group.execution", tuple(execution), "capacity", "high"))
    for group, names in groups.items():
        out.append(Knob(f"group.{group}", tuple(names), "group"))
    return out


def _level_value(p: Parameter, level: str) -> float:
    if level == "low":
        return float(p.low)  # type: ignore[arg-type]
    if level == "high":
        return float(p.high)  # type: ignore[arg-type]
    return float(p.value)


def knob_options(
    knob: Knob, loaded_assumptions: Mapping[str, float], params: ParameterSet
) -> list[str]:
    """The levels a knob offers; ``"loaded"`` when the loaded scenario fixes its
    parameters at values that are none of the levels."""
    options = list(LEVELS)
    if knob_level(knob, loaded_assumptions, params) == "loaded":
        options.append("loaded")
    return options


def knob_level(knob: Knob, assumptions: Mapping[str, float], params: ParameterSet) -> str:
    """The level that reproduces ``assumptions`` for this knob's parameters."""
    fixed = [name for name in knob.params if name in assumptions]
    if not fixed:
        return "uncertain"
    if len(fixed) == len(knob.params):
        for level in ("low", "default", "high"):
            if all(
                math.isclose(
                    assumptions[n], _level_value(params[n], level), rel_tol=1e-9, abs_tol=1e-12
                )
                for n in fixed
            ):
                return level
    return "loaded"


def knob_label(knob: Knob, level: str, params: ParameterSet, lang: str) -> str:
    """What a level is called in the widget, with the value(s) it means."""
    if level == "loaded":
        return t("app.level.loaded", lang)
    if knob.style == "group":
        return t(
            f"app.level.{level}_group" if level != "uncertain" else "app.level.uncertain_group",
            lang,
        )
    p = params[knob.params[0]]
    if level == "uncertain":
        return t(
            "app.level.uncertain",
            lang,
            low=fmt_value(float(p.low), p.unit, lang),  # type: ignore[arg-type]
            high=fmt_value(float(p.high), p.unit, lang),  # type: ignore[arg-type]
        )
    value = fmt_value(_level_value(p, level), p.unit, lang)
    names = {
        "share": {"low": "no", "default": "partly", "high": "yes"},
        "timing": {"low": "early", "high": "late"},
        "capacity": {"low": "tight", "high": "ample"},
        "cost": {"low": "cheap", "high": "dear"},
    }.get(knob.style, {})
    return t(f"app.level.{names.get(level, level)}", lang, value=value)


def knob_title(knob: Knob, params: ParameterSet, lang: str) -> str:
    """The knob's label: the co-financing source or the group's name."""
    kind, _, name = knob.id.partition(".")
    if kind == "cof":
        key = f"app.cof.{name}"
        return t(key, lang) if has_text(key) else params[name].describe(lang)
    return group_name(name, lang)


def assumptions_from_knobs(
    levels: Mapping[str, str],
    loaded_assumptions: Mapping[str, float],
    params: ParameterSet,
    all_knobs: Sequence[Knob],
) -> dict[str, float]:
    """The scenario's ``[assumptions]`` for the knobs' levels (knob id -> level).

    A knob at ``"uncertain"`` leaves its parameters to their range, ``"loaded"`` keeps
    the loaded scenario's values, the other levels fix every parameter of the knob.
    Loaded assumptions on parameters no knob covers are kept.
    """
    covered = {n for k in all_knobs for n in k.params}
    out = {n: float(v) for n, v in loaded_assumptions.items() if n not in covered}
    for knob in all_knobs:
        level = levels.get(knob.id, "uncertain")
        if level == "uncertain":
            continue
        if level == "loaded":
            out.update(
                {n: float(loaded_assumptions[n]) for n in knob.params if n in loaded_assumptions}
            )
            continue
        if level not in LEVELS:
            raise ValueError(f"{knob.key} = {level!r}; allowed: {', '.join((*LEVELS, 'loaded'))}")
        out.update({n: _level_value(params[n], level) for n in knob.params})
    return out


PRESETS = ("uncertain", "cof_pessimistic", "cof_optimistic", "tight_execution")


def preset_levels(
    preset: str, current: Mapping[str, str], all_knobs: Sequence[Knob]
) -> dict[str, str]:
    """Knob levels after a preset button: co-financing all unfavourable / favourable,
    execution capacity tight, or everything back to uncertain."""
    if preset not in PRESETS:
        raise ValueError(f"preset = {preset!r}; allowed: {', '.join(PRESETS)}")
    levels = dict(current)
    for knob in all_knobs:
        if preset == "uncertain":
            levels[knob.id] = "uncertain"
        elif preset in ("cof_pessimistic", "cof_optimistic") and knob.id.startswith("cof."):
            if knob.good:
                bad = "low" if knob.good == "high" else "high"
                levels[knob.id] = bad if preset == "cof_pessimistic" else knob.good
        elif preset == "tight_execution" and knob.id == "group.execution":
            levels[knob.id] = "low"
    return levels


# --------------------------------------------------------------------------- scenario


def build_scenario(
    loaded: Scenario,
    *,
    allocation: Mapping[str, float],
    neighbourhood_share: float,
    jeugdfonds_share_130: float | None,
    phasing: str,
    assumptions: Mapping[str, float],
    carry_over: bool | None = None,
) -> Scenario:
    """The scenario the widgets describe, validated like a file.

    Raises
    ------
    ScenarioError
        E.g. when the lines together exceed the reserve.
    """
    amounts = {line: float(allocation.get(line, 0.0)) for line in LINES}
    # the phasing must fit the new amounts (commitments), so it goes in before the
    # allocation is validated; with_allocation then checks the whole scenario
    sc = replace(loaded, phasing=phasing_for(phasing, loaded, amounts)).with_allocation(amounts)
    return sc.with_levers(
        neighbourhood_share=float(neighbourhood_share),
        jeugdfonds_share_130=jeugdfonds_share_130,
        assumptions=dict(assumptions),
        carry_over=loaded.carry_over if carry_over is None else bool(carry_over),
    )


def is_modified(current: Scenario, loaded: Scenario) -> bool:
    """Whether the widgets changed anything relative to the loaded scenario."""
    keys = (
        "allocation",
        "phasing",
        "neighbourhood_share",
        "jeugdfonds_share_130",
        "assumptions",
        "decision_date",
        "carry_over",
    )
    return any(getattr(current, k) != getattr(loaded, k) for k in keys)


def with_assumptions(scenario: Scenario, assumptions: Mapping[str, float]) -> Scenario:
    """``scenario`` with its assumptions replaced (e.g. the baseline under the
    current scenario's assumptions)."""
    return scenario.with_levers(assumptions=dict(assumptions))


def renamed(scenario: Scenario, *, name: str, title: str) -> Scenario:
    """``scenario`` under another name and title (nothing else changes)."""
    return replace(scenario, name=name, title=title)


# --------------------------------------------------------------------------- URL


class QueryError(SamenlevenError):
    """A URL query parameter cannot be read; ``message(lang)`` says which and why.

    ``allowed_key`` is a catalogue text (``app.url.allowed_*``) saying what the
    parameter may hold; a long value is shown by its start only.
    """

    language = "en"

    def __init__(self, field: str, value: str, allowed_key: str, **fields: Any) -> None:
        self.allowed_key = allowed_key
        super().__init__(field=field, value=excerpt(value), allowed=allowed_key, **fields)

    def message(self, lang: str | None = None) -> str:
        allowed = t(self.allowed, lang, **self.fields)
        return t("app.url.bad_value", lang, field=self.field, value=self.value, allowed=allowed)


SCENARIO_QUERY_KEYS = ("name", "title", "alloc", "nb", "j130", "ph", "dd", "co", "as")
"""Query parameters that describe a scenario (``page`` and ``lang`` describe the view)."""

VIEW_QUERY_KEYS = ("page", "lang")
"""Query parameters that describe the view; the app reads them itself."""

MAX_LINK_TEXT = 200
"""Longest name or title a link may carry (characters)."""

MAX_LINK_FIELDS = 50
"""Most parameters :func:`parse_link` reads from one link."""

_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_PARAMETER_NAME = re.compile(r"[A-Za-z0-9_]{1,100}")


def parse_link(link: str) -> dict[str, list[str]]:
    """The query parameters of a link (a whole URL or its query string), each with every
    value it is given, for :func:`scenario_from_query` and :func:`link_warnings`.

    Raises
    ------
    QueryError
        The link holds more than :data:`MAX_LINK_FIELDS` parameters.

    Examples
    --------
    >>> parse_link("http://localhost:8501/?alloc=1,2&dd=2024-06-28&dd=x")
    {'alloc': ['1,2'], 'dd': ['2024-06-28', 'x']}
    """
    query = str(link).partition("#")[0]
    if "?" in query:
        query = query.partition("?")[2]
    try:
        return urllib.parse.parse_qs(query, keep_blank_values=True, max_num_fields=MAX_LINK_FIELDS)
    except ValueError:  # more fields than max_num_fields
        raise QueryError("link", query, "app.url.allowed_fields", limit=MAX_LINK_FIELDS) from None


def link_warnings(query: Mapping[str, Any]) -> list[QueryError]:
    """What a link holds that is ignored: parameters that are neither the scenario's
    (:data:`SCENARIO_QUERY_KEYS`) nor the view's (:data:`VIEW_QUERY_KEYS`).

    They never stop a link from opening (a link passed through a mail program or a chat
    may gain tracking parameters); the app can show them as a warning.

    Examples
    --------
    >>> [w.message("en") for w in link_warnings({"alloc": "1", "utm_source": "mail"})]
    ["utm_source = 'mail': one of name, title, alloc, nb, j130, ph, dd, co, as, page, lang (this parameter was ignored)"]
    """
    known = (*SCENARIO_QUERY_KEYS, *VIEW_QUERY_KEYS)
    return [
        QueryError(
            str(excerpt(str(key), 40)),
            _joined(value),
            "app.url.allowed_known",
            known=", ".join(known),
        )
        for key, value in query.items()
        if key not in known
    ]


def _joined(value: Any) -> str:
    if isinstance(value, (list, tuple)):
        return "&".join(str(v) for v in value)
    return "" if value is None else str(value)


def _value(query: Mapping[str, Any], key: str) -> str:
    """The one value of ``key``: a parameter given more than once with different values
    is refused (which of them would the link mean?)."""
    value = query[key]
    if isinstance(value, (list, tuple)):
        distinct = list(dict.fromkeys(str(v) for v in value))
        if len(distinct) > 1:
            raise QueryError(key, _joined(value), "app.url.allowed_once", n=len(value))
        return distinct[0] if distinct else ""
    return "" if value is None else str(value)


def _num(x: float) -> str:
    """Shortest exact text for a float in a URL (``0.15``, ``4000``)."""
    return repr(int(x)) if float(x).is_integer() else repr(float(x))


def scenario_to_query(scenario: Scenario) -> dict[str, str]:
    """The scenario as URL query parameters; :func:`scenario_from_query` reads them back.

    ``alloc`` holds the amounts of the lines 2.1.a … 2.3 in that order; ``ph`` the
    phasing as percentages 2024–2027 shared by most lines, then ``;line=...`` for each
    line phased otherwise; ``as`` the assumptions as ``name:value`` pairs.

    Examples
    --------
    >>> from model import load_scenario
    >>> q = scenario_to_query(load_scenario("baseline"))
    >>> q["alloc"]
    '4000,4000,1400,1400,15000,1200'
    """
    rows = {
        line: ",".join(_num(round(100 * scenario.phasing[line][y], 6)) for y in BUDGET_YEARS)
        for line in LINES
    }
    common = max(rows.values(), key=list(rows.values()).count)
    phasing = ";".join([common, *(f"{line}={row}" for line, row in rows.items() if row != common)])
    query = {
        "name": scenario.name,
        "title": scenario.title,
        "alloc": ",".join(_num(scenario.allocation[line]) for line in LINES),
        "nb": _num(scenario.neighbourhood_share),
        "ph": phasing,
        "dd": scenario.decision_date.isoformat(),
    }
    if scenario.jeugdfonds_share_130 is not None:
        query["j130"] = _num(scenario.jeugdfonds_share_130)
    if scenario.carry_over:
        query["co"] = "1"
    if scenario.assumptions:
        query["as"] = ",".join(f"{k}:{_num(v)}" for k, v in sorted(scenario.assumptions.items()))
    return query


def _numbers(field: str, text: str, n: int | None) -> list[float]:
    allowed = "app.url.allowed_number" if n == 1 else "app.url.allowed_numbers"
    try:
        values = [float(x) for x in text.split(",")]
    except ValueError:
        raise QueryError(field, text, allowed, n=n or "") from None
    if (n is not None and len(values) != n) or not all(math.isfinite(v) for v in values):
        raise QueryError(field, text, allowed, n=n or "")
    return values


def _one_line(field: str, text: str) -> str:
    """A name or title from a URL: on one line, without control or formatting characters
    (such as a right-to-left override), at most :data:`MAX_LINK_TEXT` characters."""
    kept = "".join(
        " " if ch in "\n\r\t" else ch
        for ch in text
        if ch in "\n\r\t" or unicodedata.category(ch) not in ("Cc", "Cf", "Cs", "Co", "Cn")
    )
    if len(kept) > MAX_LINK_TEXT:
        raise QueryError(field, text, "app.url.allowed_text", limit=MAX_LINK_TEXT)
    return kept


def scenario_from_query(query: Mapping[str, Any]) -> Scenario | None:
    """The scenario in URL query parameters, validated like a file; None when the URL
    holds no scenario.

    ``query`` maps each parameter to its value, or to the list of its values (as
    :func:`parse_link` gives them). Parameters other than :data:`SCENARIO_QUERY_KEYS`
    are ignored here (:func:`link_warnings` names them).

    Raises
    ------
    QueryError
        A parameter cannot be read (numbers, a date, a pair), is given more than once
        with different values, or a name or title is too long.
    ScenarioError
        The scenario it describes is invalid (e.g. over the reserve), with the model's
        own message naming the field, the value and what is allowed.

    Nothing else: every message names the parameter, the value and what is allowed.
    """
    if "alloc" not in query:
        return None
    given = {key: _value(query, key) for key in SCENARIO_QUERY_KEYS if key in query}
    amounts = _numbers("alloc", given["alloc"], len(LINES))
    name = _one_line("name", given.get("name", "link")) or "link"
    title = _one_line("title", given["title"]) if "title" in given else name
    lines = [
        "[scenario]",
        f"name = {toml_value(name)}",
        f"title = {toml_value(title)}",
        'extends = "baseline"' if name != "baseline" else "",
        "",
        "[levers]",
    ]
    if name == "baseline":
        lines = [line for line in lines if line]
    if "nb" in given:
        lines.append(f"neighbourhood_share = {toml_value(_numbers('nb', given['nb'], 1)[0])}")
    if "j130" in given:
        lines.append(f"jeugdfonds_share_130 = {toml_value(_numbers('j130', given['j130'], 1)[0])}")
    if "dd" in given:
        lines.append(f"decision_date = {_link_date(given['dd']).isoformat()}")
    if "co" in given:
        if given["co"] not in ("0", "1"):
            raise QueryError("co", given["co"], "app.url.allowed_yes_no")
        lines.append(f"carry_over = {'true' if given['co'] == '1' else 'false'}")
    lines += [
        "",
        "[levers.allocation]",
        *(f'"{line}" = {toml_value(v)}' for line, v in zip(LINES, amounts, strict=True)),
    ]
    if "ph" in given:
        default, *overrides = given["ph"].split(";")
        rows = dict.fromkeys(LINES, _numbers("ph", default, len(BUDGET_YEARS)))
        for item in overrides:
            line, sep, numbers = item.partition("=")
            if not sep or line not in LINES:
                raise QueryError("ph", item, "app.url.allowed_phasing", lines=", ".join(LINES))
            rows[line] = _numbers("ph", numbers, len(BUDGET_YEARS))
        for line, row in rows.items():
            lines += [
                "",
                f'[levers.phasing."{line}"]',
                *(f'"{y}" = {toml_value(v / 100)}' for y, v in zip(BUDGET_YEARS, row, strict=True)),
            ]
    if given.get("as"):
        lines += ["", "[assumptions]"]
        seen: set[str] = set()
        for pair in given["as"].split(","):
            key, sep, value = pair.partition(":")
            key = key.strip()
            if not sep or not _PARAMETER_NAME.fullmatch(key):
                raise QueryError("as", given["as"], "app.url.allowed_pairs")
            if key in seen:
                raise QueryError("as", given["as"], "app.url.allowed_assumption_once", name=key)
            seen.add(key)
            lines.append(f"{key} = {toml_value(_numbers('as', value, 1)[0])}")
    return parse_scenario("\n".join(lines) + "\n", source="URL")


def _link_date(text: str) -> date:
    """``dd``: a calendar date written YYYY-MM-DD (the range is the scenario's check)."""
    try:
        if not _ISO_DATE.fullmatch(text):
            raise ValueError(text)
        return date.fromisoformat(text)
    except ValueError:  # not the form, or no such day (2024-02-30)
        raise QueryError("dd", text, "app.url.allowed_date") from None


def phasing_shares_close(a: Mapping[int, float], b: Mapping[int, float]) -> bool:
    """Whether two phasing rows are the same up to round-off (URL percentages)."""
    return all(math.isclose(a[y], b[y], abs_tol=1e-6) for y in BUDGET_YEARS)


# --------------------------------------------------------------------------- upload


class UploadError(SamenlevenError):
    """An uploaded scenario file is refused; ``message(lang)`` says why, in the user's language.

    ``key`` is the catalogue text of the refusal (``app.upload.*``), formatted with ``fields``;
    a file that is read but is not a valid scenario carries the :class:`ScenarioError`.
    """

    language = "en"

    def __init__(
        self, key: str = "", *, scenario_error: ScenarioError | None = None, **fields: Any
    ) -> None:
        self.key, self.scenario_error = key, scenario_error
        super().__init__(key, field="upload", value=fields.get("file"), **fields)

    def message(self, lang: str | None = None) -> str:
        if self.scenario_error is not None:
            return self.scenario_error.message(lang)
        if self.key == "app.upload.too_large":  # bytes, said in kB in the user's language
            size, limit = self.fields["size"], self.fields["limit"]
            return t(self.key, lang, file=self.value, size=_kb(size, lang), limit=_kb(limit, lang))
        return super().message(lang)


def read_upload(name: str, data: bytes, *, limit: int = MAX_UPLOAD_BYTES) -> Scenario:
    """Check an uploaded scenario file and return its scenario; nothing else changes.

    Refused, with an :class:`UploadError` whose message names the problem: a file
    larger than ``limit`` bytes, an empty file, a name not ending in ``.toml``, text
    that is not UTF-8, and anything :func:`model.parse_scenario` rejects (TOML syntax,
    unknown fields, amounts out of range, over the reserve, ...).

    Examples
    --------
    >>> read_upload("x.toml", b"[scenario]\\nname = 1\\n")
    Traceback (most recent call last):
    ...
    model.present.appstate.UploadError: x.toml: scenario.name = 1: not a text; allowed: text in quotes
    """
    if len(data) > limit:
        raise UploadError("app.upload.too_large", file=name, size=len(data), limit=limit)
    if not name.lower().endswith(".toml"):
        raise UploadError("app.upload.not_toml", file=name)
    if not data.strip():
        raise UploadError("app.upload.empty", file=name)
    try:  # the bytes as they came: parse_scenario checks UTF-8, nesting, syntax and content
        return parse_scenario(data, source=name)
    except ScenarioError as err:
        raise UploadError(scenario_error=err) from None


def _kb(n: int, lang: str | None) -> str:
    """``n`` bytes in kB, one decimal below 10 kB, in the language's number format."""
    return number(n / 1024, lang, 0 if n >= 10 * 1024 else 1)
