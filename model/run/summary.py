"""Read a run the way the doelenboom does: each output in 2027 against its target, each
outcome in 2027 against 2023 and against the run without the reserve.

One numpy implementation, shared by the command line (:func:`indicator_summary`) and
the app (:mod:`model.present.reduce`). :func:`model.analysis.uncertainty.target_probabilities` answers
the same questions as an xarray Dataset (with a ``scenario`` dimension); both apply the
one rule of :meth:`~model.policy.indicators.Indicator.meets_target` and
:meth:`~model.policy.indicators.Indicator.better`.

How a chance is read, everywhere (app, report, command line): :func:`chance_class` on the
scale :data:`LIKELY` / :data:`UNCERTAIN`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import xarray as xr

from model.policy.indicators import (
    END_OF_TARGET_YEAR,
    GOALS,
    INDICATORS,
    START_OF_PERIOD,
    Indicator,
)

RATES = ("target_met", "better_than_2023", "better_than_no_reserve")
LATE_RATES = ("trend_better_than_2023", "better_than_no_reserve_late")
"""Outcomes only: what the trend alone gives by 2027, and the reserve's effect at the horizon."""

LIKELY = 0.8
"""A chance of at least this is 'likely' (green); below :data:`UNCERTAIN` is 'unlikely' (red)."""
UNCERTAIN = 0.5
CHANCE_CLASSES = ("likely", "uncertain", "unlikely")


def chance_class(p: float | None) -> str:
    """``"likely"`` (≥ 80 %), ``"uncertain"`` (50–80 %), ``"unlikely"`` (< 50 %), or
    ``"none"`` for a missing chance (None or NaN).

    >>> [chance_class(p) for p in (0.8, 0.79, 0.5, 0.49, float("nan"))]
    ['likely', 'uncertain', 'uncertain', 'unlikely', 'none']
    """
    if p is None or np.isnan(p):
        return "none"
    return "likely" if p >= LIKELY else "uncertain" if p >= UNCERTAIN else "unlikely"


def plan_arrays(da: xr.DataArray | xr.Variable) -> np.ndarray:
    """An indicator as a plain array ``(variant, sample, time)``; regional indicators are
    averaged over the regions (unweighted).

    ``da`` may be the bare variable (``ds.variables[name]``): it skips building a
    DataArray with its coordinates, which cost more than the transpose itself."""
    head = [da.dims.index(d) for d in ("variant", "sample", "time")]
    a = np.transpose(da.values, head + [k for k in range(da.ndim) if k not in head])
    return a.reshape(*a.shape[:3], -1).mean(axis=3) if a.ndim > 3 else a


def index_of(times: np.ndarray, moment: str) -> int:
    """The position of ``moment`` (e.g. :data:`~model.policy.indicators.END_OF_TARGET_YEAR`) in ``times``."""
    return int(np.flatnonzero(times == np.datetime64(moment, "ns"))[0])


def answers(
    ind: Indicator,
    plan_end: np.ndarray,
    plan_start: np.ndarray,
    none_end: np.ndarray,
    plan_late: np.ndarray | None = None,
    none_late: np.ndarray | None = None,
) -> dict[str, float]:
    """The doelenboom's questions for one indicator, as the share of samples that say yes.

    Parameters
    ----------
    ind : Indicator
    plan_end, plan_start, none_end : ndarray, shape (sample,)
        The indicator with the plan at the end of 2027 and at the start of 2024, and
        without the reserve at the end of 2027, in the indicator's units.
    plan_late, none_late : ndarray, shape (sample,), optional
        The same with and without the reserve at the run's horizon after 2027 (None when
        the run ends in 2027).

    Returns
    -------
    dict
        :data:`RATES` and :data:`LATE_RATES` as keys: ``target_met`` (outputs: the 2027
        value reaches the target within :data:`~model.policy.indicators.TARGET_TOLERANCE`),
        ``better_than_2023`` and ``better_than_no_reserve`` (outcomes),
        ``trend_better_than_2023`` (outcomes: the run without the reserve is better at the
        end of 2027 than in 2023, the trend alone) and ``better_than_no_reserve_late``
        (outcomes, at the horizon); NaN where a question does not apply.
    """
    row = dict.fromkeys((*RATES, *LATE_RATES), np.nan)
    if ind.level == "output" and ind.target is not None:
        row["target_met"] = float(np.mean(ind.meets_target(plan_end)))
    elif ind.level == "outcome":
        row["better_than_2023"] = float(np.mean(ind.better(plan_end, plan_start)))
        row["better_than_no_reserve"] = float(np.mean(ind.better(plan_end, none_end)))
        row["trend_better_than_2023"] = float(np.mean(ind.better(none_end, plan_start)))
        if plan_late is not None and none_late is not None:
            row["better_than_no_reserve_late"] = float(np.mean(ind.better(plan_late, none_late)))
    return row


def success_rates(ds: xr.Dataset) -> pd.DataFrame:
    """Per indicator in ``ds``, the share of samples for which the answer is yes
    (:func:`answers`), columns :data:`RATES`."""
    times = ds["time"].values
    end, start = index_of(times, END_OF_TARGET_YEAR), index_of(times, START_OF_PERIOD)
    variants = list(ds["variant"].values)
    plan, none = variants.index("plan"), variants.index("no_reserve")
    rows = {}
    for ind in (INDICATORS[i] for i in INDICATORS if i in ds.data_vars):
        v = plan_arrays(ds.variables[ind.id])
        rows[ind.id] = answers(ind, v[plan, :, end], v[plan, :, start], v[none, :, end])
    return pd.DataFrame.from_dict(rows, orient="index", columns=list(RATES))


def late_index(times: np.ndarray) -> int | None:
    """The position of the run's last time point when it lies after 2027 (the horizon at
    which slow outcome effects show, by default December 2030), else None."""
    last = len(times) - 1
    return last if times[last] > np.datetime64(END_OF_TARGET_YEAR, "ns") else None


def horizon_year(ds: xr.Dataset) -> int | None:
    """The calendar year of :func:`late_index`'s time point (e.g. 2030), or None."""
    late = late_index(ds["time"].values)
    return None if late is None else int(str(ds["time"].values[late])[:4])


def indicator_summary(ds: xr.Dataset, *, lang: str = "nl") -> pd.DataFrame:
    """One row per indicator present in ``ds``, goals in doelenboom order.

    Columns: ``goal``, ``level``, ``name``, ``units``, ``target``, ``start`` (end of
    2023, median), ``plan`` and ``no_reserve`` (median at the end of 2027), ``plan_p05``
    and ``plan_p95`` (5th and 95th percentiles over samples), and the shares of
    :func:`success_rates`. Regional indicators are averaged over the regions.

    For outcomes also: ``trend_better_than_2023``, the share of samples in which the run
    *without* the reserve is better at the end of 2027 than in 2023 (the autonomous trend
    alone: a "better than 2023" it explains is not the reserve's), and at the run's
    horizon after 2027 (:func:`late_index`, NaN when the run ends in 2027)
    ``plan_late``, ``no_reserve_late`` (medians) and ``better_than_no_reserve_late``.
    """
    times = ds["time"].values
    end, start = index_of(times, END_OF_TARGET_YEAR), index_of(times, START_OF_PERIOD)
    late = late_index(times)
    variants = list(ds["variant"].values)
    plan, none = variants.index("plan"), variants.index("no_reserve")
    rows = []
    for ind in (INDICATORS[i] for i in INDICATORS if i in ds.data_vars):
        v = plan_arrays(ds.variables[ind.id])
        later = ind.level == "outcome" and late is not None
        li = late if late is not None else end
        rows.append(
            {
                "id": ind.id,
                "goal": ind.goal,
                "level": ind.level,
                "name": ind.nl if lang == "nl" else ind.en,
                "units": ind.units,
                "target": ind.target,
                "start": float(np.median(v[plan, :, start])),
                "plan": float(np.median(v[plan, :, end])),
                "plan_p05": float(np.quantile(v[plan, :, end], 0.05)),
                "plan_p95": float(np.quantile(v[plan, :, end], 0.95)),
                "no_reserve": float(np.median(v[none, :, end])),
                **answers(
                    ind,
                    v[plan, :, end],
                    v[plan, :, start],
                    v[none, :, end],
                    *((v[plan, :, li], v[none, :, li]) if later else ()),
                ),
                "plan_late": float(np.median(v[plan, :, li])) if later else np.nan,
                "no_reserve_late": float(np.median(v[none, :, li])) if later else np.nan,
            }
        )
    frame = pd.DataFrame(rows).set_index("id")
    order = {g: k for k, g in enumerate(GOALS)}
    levels = {"output": 0, "outcome": 1}
    return frame.sort_values(
        ["goal", "level"], key=lambda c: c.map(order if c.name == "goal" else levels), kind="stable"
    )


CLIFF_THRESHOLD = 0.10
"""An output whose plan value falls by at least this share in the year after 2027 has a
cliff worth reporting (e.g. reach that follows yearly money that stops). A reporting
threshold, not a model parameter (judgement): smaller falls are within the year-to-year
noise of the doelenboom's counts."""
LATE_SPENDING_FACTOR = 1.25
"""A line spending at least this many times its average yearly amount in 2027 inflates the
2027 value of outputs that follow the current spending rate. A reporting threshold
(judgement): the indicative phasing of §9.2 puts 25-30 % in a single year (1.0-1.2 times the
average), so only clearly back-loaded spending is flagged."""
_RATE_MEASURES = ("level", "in_year")  # outputs read as a current level, not a running total


def _line_of(goal: str) -> str:
    return GOALS[goal]["line"]


def cliffs(ds: xr.Dataset, *, threshold: float = CLIFF_THRESHOLD) -> pd.DataFrame:
    """Outputs whose median plan value falls by ``threshold`` or more during the year after
    2027 (a finding: the reach follows money that stops, unless funding continues).

    Returns a frame indexed by indicator with ``end`` (median at the end of 2027),
    ``after`` (one year later), ``drop`` (share lost, > 0; for an output in %, the points
    lost, counted as a cliff when they are ``threshold`` of the larger of its value and its
    target) and ``points`` (whether ``drop`` is in points); empty when the run ends before
    the end of 2028.
    """
    columns = ["end", "after", "drop", "points"]
    times = ds["time"].values
    after_moment = np.datetime64(END_OF_TARGET_YEAR, "ns") + np.timedelta64(365, "D")
    if times[-1] < after_moment:
        return pd.DataFrame(columns=columns)
    end = index_of(times, END_OF_TARGET_YEAR)
    after = int(np.searchsorted(times, after_moment))
    plan = list(ds["variant"].values).index("plan")
    rows = {}
    for i in (i for i in INDICATORS if i in ds.data_vars):
        ind = INDICATORS[i]
        if ind.level != "output" or ind.measure not in _RATE_MEASURES:
            continue
        v = plan_arrays(ds.variables[i])
        a, b = float(np.median(v[plan, :, end])), float(np.median(v[plan, :, after]))
        if ind.units == "%":  # a share or a change in %: the fall in points, against the target
            scale = max(abs(a), float(ind.target or 0.0))
            if scale > 0 and (a - b) / scale >= threshold:
                rows[i] = {"end": a, "after": b, "drop": a - b, "points": True}
        elif a > 0 and 1.0 - b / a >= threshold:
            rows[i] = {"end": a, "after": b, "drop": 1.0 - b / a, "points": False}
    return pd.DataFrame.from_dict(rows, orient="index", columns=columns)


def late_spending(ds: xr.Dataset, *, factor: float = LATE_SPENDING_FACTOR) -> pd.DataFrame:
    """Outputs whose 2027 value is inflated by late spending: their line spends at least
    ``factor`` times its average yearly amount (2024-2027) in 2027, and they follow the
    current spending rate (measure ``level`` or ``in_year``).

    Returns a frame indexed by indicator with ``line``, ``share_2027`` (the line's 2027
    spending as a share of its 2024-2027 spending, median) and ``even`` (a quarter).
    """
    columns = ["line", "share_2027", "even"]
    spent = ds["reserve_spent_by_line"].sel(variant="plan", budget_year=slice(2024, 2027))
    x_all = spent.transpose("sample", "budget_year", "line").values
    # ledger lines to budget lines: the two parts of 2.2 spend for one line (plain numpy:
    # an xarray groupby cost more than the rest of this function, every slider move)
    budget_line = ["2.2" if str(x).startswith("2.2.") else str(x) for x in spent["line"].values]
    by_line = {}
    for line in sorted(set(budget_line)):
        x = x_all[:, :, [k for k, b in enumerate(budget_line) if b == line]].sum(axis=2)
        total = x.sum(axis=1)
        share = np.where(total > 0, x[:, -1] / np.maximum(total, 1e-12), 0.0)
        by_line[line] = float(np.median(share))
    even = 1.0 / spent.sizes["budget_year"]
    rows = {}
    for i in (i for i in INDICATORS if i in ds.data_vars):
        ind = INDICATORS[i]
        if ind.level != "output" or ind.measure not in _RATE_MEASURES:
            continue
        line_share = by_line.get(_line_of(ind.goal), 0.0)
        if line_share >= factor * even:
            rows[i] = {"line": _line_of(ind.goal), "share_2027": line_share, "even": even}
    return pd.DataFrame.from_dict(rows, orient="index", columns=columns)


@dataclass(frozen=True)
class TimeReading:
    """What a reader of 2027 values should know about time (:func:`time_reading`).

    ``cliffs`` and ``late`` are the frames of :func:`cliffs` and :func:`late_spending`;
    ``unspent_2027`` the median allocated reserve left unspent at the end of 2027 (k€); ``spent_after_2027``
    the median reserve spent afterwards (k€; > 0 only when carried over); ``sees_2028``
    whether the run reaches the end of 2028 (else cliffs cannot be seen).
    """

    cliffs: pd.DataFrame
    late: pd.DataFrame
    unspent_2027: float
    spent_after_2027: float
    sees_2028: bool


def time_reading(ds: xr.Dataset) -> TimeReading:
    """The :class:`TimeReading` of a run with a ``plan`` variant and the ledger."""
    # only the ledger columns read here: selecting the plan in the whole run costs more
    plan = ds[["reserve_remaining", "reserve_unallocated", "reserve_spent"]].sel(variant="plan")
    years = plan["budget_year"].values
    after = [y for y in years if y > 2027]
    times = ds["time"].values
    return TimeReading(
        cliffs=cliffs(ds),
        late=late_spending(ds),
        # allocated money not spent by 2027 (what the scenario leaves unallocated is not
        # "unspent": it was never given to a line)
        unspent_2027=float(
            (
                plan["reserve_remaining"].sel(budget_year=2027)
                - plan["reserve_unallocated"].sel(time=np.datetime64(END_OF_TARGET_YEAR))
            ).median("sample")
        ),
        spent_after_2027=float(
            plan["reserve_spent"].sel(budget_year=after).sum("budget_year").median("sample")
        )
        if after
        else 0.0,
        sees_2028=bool(
            times[-1] >= np.datetime64(END_OF_TARGET_YEAR, "ns") + np.timedelta64(365, "D")
        ),
    )
