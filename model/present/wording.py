"""The analyses' results in words: scenario discovery's boxes and the sensitivity
analysis's precision.

:mod:`model.analysis` returns numbers and names (limits, coverage, density, a status;
the widest confidence interval and where it is); the sentences are made here, from the
catalogue (:func:`model.i18n.t`, keys ``disc.*`` and ``conv.*``), with numbers written by
:func:`model.i18n.number`. The app, the report and the command line all call these.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping
from datetime import date, timedelta

import numpy as np
import pandas as pd
import xarray as xr

from model.i18n import decimal_mark, has_text, number, t
from model.policy.indicators import INDICATORS
from model.policy.parameters import ParameterSet, load_parameters
from model.present.formats import fmt_pct
from model.present.texts import indicator_name
from model.run.summary import CLIFF_THRESHOLD, TimeReading

FREQUENCIES = ((0.9, "almost_never"), (0.75, "usually_not"), (0.0, "often_not"))
"""How often a box's samples succeed, by its density (the failure share): the ``{freq}``
of a sentence, ``disc.freq.<word>``."""

DECIMAL_YEAR = "yr (decimal year)"
"""The unit of a moment in time (e.g. 2025.25 is early April 2025), said as a date; a
parameter in ``yr`` whose value is a calendar year (>= 1000) is one too."""


# --------------------------------------------------------------------------- numbers and words


def significant(x: float, lang: str, digits: int = 3) -> str:
    """``x`` to ``digits`` significant digits, trailing zeros dropped, with the language's
    separators.

    Examples
    --------
    >>> significant(6949.3, "nl"), significant(6949.3, "en"), significant(0.2897, "nl"), significant(30.0, "nl")
    ('6.949', '6,949', '0,29', '30')
    """
    if x == 0 or not math.isfinite(x):
        return f"{x:g}"
    decimals = max(0, digits - 1 - math.floor(math.log10(abs(x))))
    text = number(round(x, decimals), lang, decimals)
    mark = decimal_mark(lang)
    if mark in text:
        text = text.rstrip("0").rstrip(mark)
    return text


def said_unit(unit: str, lang: str) -> str:
    """A parameter unit inside a discovery sentence: ``k€/yr`` is ``k€/jr`` in Dutch."""
    return unit.replace("/yr", "/jr").replace("yr", "jaar") if lang == "nl" else unit


def _quantity(
    x: float, unit: str, *, as_percent: bool, lang: str, unit_text: Callable[[str, str], str]
) -> str:
    if as_percent:
        return t("disc.percent", lang, value=significant(100 * x, lang))
    if unit == "1/yr":
        return t("disc.percent_per_year", lang, value=significant(100 * x, lang))
    if unit in ("1", ""):
        return significant(x, lang)
    return f"{significant(x, lang)} {unit_text(unit, lang)}"


def _lower_first(description: str) -> str:
    """A description as part of a sentence: first letter in lower case unless an acronym."""
    if len(description) > 1 and description[0].isupper() and not description[1].isupper():
        return description[0].lower() + description[1:]
    return description


def join_and(parts: list[str], lang: str) -> str:
    """``a, b en c`` (``a, b and c``).

    Examples
    --------
    >>> join_and(["a", "b", "c"], "nl"), join_and(["a"], "en")
    ('a, b en c', 'a')
    """
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + f" {t('disc.and', lang)} " + parts[-1]


def day_of(x: float, lang: str) -> str:
    """The decimal year ``x`` as a day, e.g. ``14 april 2025`` (``14 April 2025``).

    Examples
    --------
    >>> day_of(2025.284, "nl"), day_of(2025.5, "en")
    ('14 april 2025', '2 July 2025')
    """
    year = math.floor(x)
    start = date(year, 1, 1)
    day = start + timedelta(days=int((x - year) * (date(year + 1, 1, 1) - start).days))
    months = t("disc.months", lang).split(",")
    return f"{day.day} {months[day.month - 1].strip()} {day.year}"


# --------------------------------------------------------------------------- discovery


def condition(
    name: str,
    lower: float,
    upper: float,
    *,
    params: ParameterSet,
    labels: Mapping[str, str] | None = None,
    lang: str,
    unit_text: Callable[[str, str], str] = said_unit,
) -> str:
    """One limit of a box in words: ``<parameter> tussen 25 % en 50 % ligt``.

    ``labels`` names parameters instead of their descriptions; ``unit_text(unit, lang)``
    says a unit (default :func:`said_unit`).
    """
    p = params[name] if name in set(params) else None
    own = p.describe(lang) if p is not None else ""
    desc = (labels or {}).get(name) or (_lower_first(own) if own else name)
    unit = p.unit if p is not None else ""
    if p is not None and (unit == DECIMAL_YEAR or (unit == "yr" and float(p.value or 0) >= 1000)):
        lo, hi = (day_of(v, lang) if np.isfinite(v) else "" for v in (lower, upper))
        key = "between" if lo and hi else "before" if hi else "after"
        return t(f"disc.{key}", lang, desc=desc, lo=lo, hi=hi)
    pct = (
        unit == "1"
        and p is not None
        and p.low is not None
        and p.high is not None
        and 0.0 <= p.low
        and p.high <= 1.0
    )
    lo, hi = (
        _quantity(v, unit, as_percent=pct, lang=lang, unit_text=unit_text) if np.isfinite(v) else ""
        for v in (lower, upper)
    )
    key = "between" if lo and hi else "below" if hi else "above"
    return t(f"disc.{key}", lang, desc=desc, lo=lo, hi=hi)


def failure_phrase(boxes: xr.Dataset, lang: str) -> str:
    """What success means for the boxes' indicator, with ``{freq}`` left to fill in:
    ``het doel van 30 voor '...' wordt {freq} gehaald``."""
    indicator = str(boxes.attrs.get("indicator", ""))
    criterion = str(boxes.attrs.get("criterion", ""))
    if indicator not in INDICATORS:
        return t("disc.failure.any", lang)
    ind = INDICATORS[indicator]
    name = ind.nl if lang == "nl" else ind.en
    if criterion == "target":
        target = significant(float(ind.target or 0), lang)
        return t("disc.failure.target", lang, target=target, name=name, freq="{freq}")
    key = "better_than_2023" if criterion == "better_than_2023" else "better_than_no_reserve"
    return t(f"disc.failure.{key}", lang, name=name, freq="{freq}")


def discovery_sentences(
    boxes: xr.Dataset,
    lang: str,
    *,
    params: ParameterSet | None = None,
    labels: Mapping[str, str] | None = None,
    unit_text: Callable[[str, str], str] = said_unit,
) -> list[str]:
    """Each box of :func:`model.analysis.discovery.find_boxes` (or ``discover``) as a
    sentence: *Het doel wordt bijna nooit gehaald als ... (dekking 64 %, dichtheid 100 %).*
    """
    if not boxes.sizes.get("box", 0):
        return []
    params = params if params is not None else load_parameters()
    names = [str(p) for p in boxes["parameter"].values]
    lower = boxes["lower"].transpose("box", "parameter").values
    upper = boxes["upper"].transpose("box", "parameter").values
    order = (
        boxes["limit_order"].transpose("box", "parameter").values
        if "limit_order" in boxes
        else np.zeros(lower.shape, dtype=int)
    )
    failure = failure_phrase(boxes, lang)
    out = []
    for b in range(boxes.sizes["box"]):
        limits = np.flatnonzero(np.isfinite(lower[b]) | np.isfinite(upper[b]))
        limits = limits[np.argsort(order[b, limits], kind="stable")]  # as the box found them
        conditions = [
            condition(
                names[j],
                lower[b, j],
                upper[b, j],
                params=params,
                labels=labels,
                lang=lang,
                unit_text=unit_text,
            )
            for j in limits
        ]
        density = float(boxes["density"].values[b])
        freq = next(word for limit, word in FREQUENCIES if density >= limit)
        text = t(
            "disc.sentence",
            lang,
            failure=failure.format(freq=t(f"disc.freq.{freq}", lang)),
            conditions=join_and(conditions, lang),
            coverage=significant(100 * float(boxes["coverage"].values[b]), lang),
            density=significant(100 * density, lang),
        )
        out.append(text[0].upper() + text[1:])
    return out


def discovery_message(
    boxes: xr.Dataset,
    lang: str,
    *,
    params: ParameterSet | None = None,
    labels: Mapping[str, str] | None = None,
    unit_text: Callable[[str, str], str] = said_unit,
    sep: str = " ",
) -> str:
    """The boxes in words (joined by ``sep``), or why there are none: the target is met
    in every sample, in none, too few samples fail (or succeed), or the failures do not
    gather in a simple region."""
    status = str(boxes.attrs.get("status", "found"))
    if status == "found":
        return sep.join(
            discovery_sentences(boxes, lang, params=params, labels=labels, unit_text=unit_text)
        )
    n, n_fail = int(boxes.attrs.get("samples", 0)), int(boxes.attrs.get("failures", 0))
    return t(f"disc.status.{status}", lang, n=number(n, lang), n_fail=number(n_fail, lang))


# --------------------------------------------------------------------------- sensitivity


def convergence_message(si: xr.Dataset, lang: str) -> str:
    """Whether a Sobol or Morris analysis's confidence intervals are narrow enough, from
    its ``convergence_*`` attributes (:mod:`model.analysis.sensitivity`), in words."""
    a = si.attrs
    method = "sobol" if a.get("convergence_method", "sobol") == "sobol" else "morris"
    n, needed = int(a.get("convergence_n", 0)), int(a.get("convergence_n_needed", 0))
    what = t(f"conv.what.{method}", lang, n=n, rows=number(int(a.get("convergence_rows", 0)), lang))
    pct = f"{float(a.get('convergence_conf_level', 0.95)):.0%}"
    worst_output = str(a.get("convergence_worst_output", ""))
    if not worst_output:
        text = t("conv.none_varies", lang, what=what)
    else:
        widest, threshold = float(a["convergence_max"]), float(a["convergence_threshold"])
        if method == "sobol":
            worst = t(
                "conv.worst.sobol",
                lang,
                index=a.get("convergence_worst_index", ""),
                parameter=a.get("convergence_worst_parameter", ""),
                output=worst_output,
            )
            size = f"±{number(widest, lang, 2)}"
            limit = f"±{number(threshold, lang, 2)}"
        else:
            worst = t("conv.worst.morris", lang, output=worst_output)
            size = t("conv.size.morris", lang, value=number(100 * widest, lang))
            limit = f"{number(100 * threshold, lang)}%"
        fields = {"what": what, "pct": pct, "limit": limit, "size": size, "worst": worst}
        if int(a.get("convergence_ok", 1)):
            text = t("conv.ok", lang, **fields)
        else:
            unit = t(f"conv.unit.{method}", lang)
            text = t("conv.not_ok", lang, unit=unit, needed=needed, **fields)
    constant = [o for o in str(a.get("convergence_constant", "")).split(",") if o]
    if constant:
        text += " " + t("conv.constant", lang, outputs=", ".join(constant))
    return text


# --------------------------------------------------------------------------- plan realism


def per_unit(unit: str, lang: str) -> str:
    """A parameter unit after a number: ``k€/trajectory`` is ``k€ per traject``,
    ``k€/child/yr`` is ``k€ per kind per jaar``; ``1`` is nothing.

    Examples
    --------
    >>> per_unit("k€/trajectory", "nl"), per_unit("k€/child/yr", "en"), per_unit("1", "nl")
    ('k€ per traject', 'k€ per child per yr', '')
    """
    if unit in ("1", ""):
        return ""
    head, _, rest = unit.partition("/")
    words = [
        re.sub(r"[A-Za-z]+", lambda m: _unit_word(m.group(0), lang), part)
        for part in (head, *rest.split("/"))
        if part
    ]
    return f" {t('report.unitword.per', lang)} ".join(words)


def _unit_word(word: str, lang: str) -> str:
    key = f"report.unitword.{word}"
    return t(key, lang) if has_text(key) else word


def _rough(x: float, lang: str) -> str:
    return significant(x, lang, 2) if math.isfinite(x) else "—"


def _with_unit(x: float, unit: str, lang: str) -> str:
    return f"{_rough(x, lang)} {unit}".strip()


def realism_sentence(row: Mapping, lang: str) -> str:
    """One row of :func:`model.analysis.plancost.plan_realism` in words (``realism.<verdict>``).

    Examples
    --------
    >>> from model.analysis.plancost import stored_plan_realism
    >>> row = stored_plan_realism().set_index("parameter").loc["ks_cost_stevig_ouderschap"]
    >>> realism_sentence(row, "nl").startswith("Gestarte trajecten Stevig Ouderschap: het plan vraagt")
    True
    """
    verdict = str(row["verdict"])
    unit = str(row["unit"])
    short = per_unit(unit if verdict == "unreachable" else unit.partition("/")[0], lang)
    factor = float(row["factor"])
    if verdict == "over_budgeted" and factor:
        factor = 1.0 / factor  # how many times the need the plan's money buys
    return t(
        f"realism.{verdict}",
        lang,
        name=indicator_name(str(row["indicator"]), lang),
        required=_with_unit(float(row["plan_required"]), per_unit(unit, lang), lang),
        value=_with_unit(float(row["value"]), short, lang),
        low=_rough(float(row["evidence_low"]), lang),
        high=_rough(float(row["evidence_high"]), lang),
        factor=_rough(factor, lang),
        expected=_rough(float(row["end_value"]), lang),
        target=significant(float(row["target"]), lang),
    )


_VERDICT_ORDER = ("unreachable", "under_budgeted", "tight", "within", "over_budgeted")
"""Order of the sentences: first the targets the evidence says the split will not buy."""


def realism_sentences(table: pd.DataFrame, lang: str) -> list[str]:
    """One sentence per output whose unit cost has a public source (why its target is or is
    not realistic), the unrealistic ones first; plan-derived outputs are only counted.

    Examples
    --------
    >>> from model.analysis.plancost import stored_plan_realism
    >>> sentences = realism_sentences(stored_plan_realism(), "nl")
    >>> "te krap begroot" in sentences[0]
    True
    """
    rows = table[table["origin"] == "evidence"]
    order = {v: i for i, v in enumerate(_VERDICT_ORDER)}
    ranked = sorted(rows.to_dict("records"), key=lambda r: order.get(str(r["verdict"]), 99))
    return [realism_sentence(row, lang) for row in ranked]


def realism_counts(table: pd.DataFrame) -> dict[str, int]:
    """The summary's counts: evidence-based rows by verdict, plan-derived and unreachable rows."""
    evidence = table[table["origin"] == "evidence"]
    return {
        "evidence": len(evidence),
        "within": int((evidence["verdict"] == "within").sum()),
        "tight": int((evidence["verdict"] == "tight").sum()),
        "under": int((evidence["verdict"] == "under_budgeted").sum()),
        "over": int((evidence["verdict"] == "over_budgeted").sum()),
        "derived": int((table["origin"] != "evidence").sum()),
        "unreachable": int((table["verdict"] == "unreachable").sum()),
    }


def realism_summary(table: pd.DataFrame, lang: str) -> str:
    """The plan-realism table in one or two sentences (``realism.summary``).

    Examples
    --------
    >>> from model.analysis.plancost import stored_plan_realism
    >>> realism_summary(stored_plan_realism(), "nl").startswith("Van de 4 doelen waarvan de kostprijs")
    True
    """
    counts = realism_counts(table)
    text = t(
        "realism.summary",
        lang,
        **{k: counts[k] for k in ("within", "tight", "evidence", "under", "over", "derived")},
    )
    if counts["unreachable"]:
        text += " " + t("realism.summary_unreachable", lang, n=counts["unreachable"])
    return text


def realism_source(parameter: str, lang: str, parameters: ParameterSet | None = None) -> str:
    """The public sources of an evidence parameter: ``publisher (year)``, joined."""
    params = parameters or load_parameters()
    sources = [
        f"{s.get('publisher', s['id'])} ({s['year']})"
        if s.get("year")
        else str(s.get("publisher", s["id"]))
        for s in params[parameter].evidence
    ]
    return "; ".join(sources)


def realism_frame(
    table: pd.DataFrame, lang: str, parameters: ParameterSet | None = None
) -> pd.DataFrame:
    """The evidence-based rows as shown (app and report): output, what the plan requires,
    the evidence (range), the verdict in words and the sources."""
    rows = table[table["origin"] == "evidence"]
    return pd.DataFrame(
        {
            t("realism.col.output", lang): [indicator_name(i, lang) for i in rows["indicator"]],
            t("realism.col.required", lang): [
                _with_unit(x, per_unit(u, lang), lang)
                for x, u in zip(rows["plan_required"], rows["unit"], strict=True)
            ],
            t("realism.col.evidence", lang): [
                f"{_rough(v, lang)} ({_rough(lo, lang)}–{_rough(hi, lang)})"
                for v, lo, hi in zip(
                    rows["value"], rows["evidence_low"], rows["evidence_high"], strict=True
                )
            ],
            t("realism.col.verdict", lang): [
                t(f"realism.verdict.{v}", lang) for v in rows["verdict"]
            ],
            t("realism.col.source", lang): [
                realism_source(p, lang, parameters) for p in rows["parameter"]
            ],
        }
    )


def cliff_sentences(frame: pd.DataFrame, lang: str) -> list[str]:
    """One sentence per output of :func:`model.run.summary.cliffs` (a fall during 2028)."""
    return [
        t(
            "time.cliff_points" if bool(r["points"]) else "time.cliff",
            lang,
            name=indicator_name(str(i), lang),
            drop=significant(float(r["drop"]), lang)
            if bool(r["points"])
            else fmt_pct(float(r["drop"]), lang),
            end=significant(float(r["end"]), lang),
            after=significant(float(r["after"]), lang),
        )
        for i, r in frame.iterrows()
    ]


def late_spending_sentences(frame: pd.DataFrame, lang: str) -> list[str]:
    """One sentence per line of :func:`model.run.summary.late_spending` naming the outputs
    whose 2027 value its late spending inflates."""
    sentences = []
    for line, part in frame.groupby("line", sort=False):
        sentences.append(
            t(
                "time.late",
                lang,
                line=line,
                share=fmt_pct(float(part["share_2027"].iloc[0]), lang),
                even=fmt_pct(float(part["even"].iloc[0]), lang),
                names=join_and([indicator_name(str(i), lang) for i in part.index], lang),
            )
        )
    return sentences


def time_findings(reading: TimeReading, lang: str) -> list[str]:
    """What a reader of 2027 values should know about time (``time.*`` texts): outputs
    inflated by late spending, falls during 2028, and money left unspent (or carried
    over) after 2027."""
    sentences = late_spending_sentences(reading.late, lang)
    sentences += cliff_sentences(reading.cliffs, lang)
    if not reading.sees_2028:
        sentences.append(t("time.short_horizon", lang))
    elif not sentences:
        sentences.append(t("time.none", lang, threshold=fmt_pct(CLIFF_THRESHOLD, lang)))
    if reading.unspent_2027 > 0.5:
        key = "time.carried" if reading.spent_after_2027 > 0.5 else "time.carry_over"
        sentences.append(t(key, lang, amount=number(reading.unspent_2027, lang, 0)))
    return sentences
