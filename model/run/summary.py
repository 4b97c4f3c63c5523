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


def plan_arrays(da: xr.DataArray) -> np.ndarray:
    """An indicator as a plain array ``(variant, sample, time)``; regional indicators are
    averaged over the regions (unweighted)."""
    a = da.transpose("variant", "sample", "time", ...).values
    return a.reshape(*a.shape[:3], -1).mean(axis=3) if a.ndim > 3 else a


def index_of(times: np.ndarray, moment: str) -> int:
    """The position of ``moment`` (e.g. :data:`~model.policy.indicators.END_OF_TARGET_YEAR`) in ``times``."""
    return int(np.flatnonzero(times == np.datetime64(moment, "ns"))[0])


def answers(
    ind: Indicator, plan_end: np.ndarray, plan_start: np.ndarray, none_end: np.ndarray
) -> dict[str, float]:
    """The doelenboom's questions for one indicator, as the share of samples that say yes.

    Parameters
    ----------
    ind : Indicator
    plan_end, plan_start, none_end : ndarray, shape (sample,)
        The indicator with the plan at the end of 2027 and at the start of 2024, and
        without the reserve at the end of 2027, in the indicator's units.

    Returns
    -------
    dict
        :data:`RATES` as keys: ``target_met`` (outputs: the 2027 value reaches the
        target within :data:`~model.policy.indicators.TARGET_TOLERANCE`),
        ``better_than_2023`` and ``better_than_no_reserve`` (outcomes); NaN where a
        question does not apply.
    """
    row = dict.fromkeys(RATES, np.nan)
    if ind.level == "output" and ind.target is not None:
        row["target_met"] = float(np.mean(ind.meets_target(plan_end)))
    elif ind.level == "outcome":
        row["better_than_2023"] = float(np.mean(ind.better(plan_end, plan_start)))
        row["better_than_no_reserve"] = float(np.mean(ind.better(plan_end, none_end)))
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
        v = plan_arrays(ds[ind.id])
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
    rates = success_rates(ds)
    times = ds["time"].values
    end, start = index_of(times, END_OF_TARGET_YEAR), index_of(times, START_OF_PERIOD)
    late = late_index(times)
    variants = list(ds["variant"].values)
    plan, none = variants.index("plan"), variants.index("no_reserve")
    rows = []
    for i in rates.index:
        ind = INDICATORS[i]
        v = plan_arrays(ds[i])
        outcome = ind.level == "outcome"
        later = outcome and late is not None
        li = late if late is not None else end
        rows.append(
            {
                "id": i,
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
                **rates.loc[i].to_dict(),
                "trend_better_than_2023": (
                    float(np.mean(ind.better(v[none, :, end], v[plan, :, start])))
                    if outcome
                    else np.nan
                ),
                "plan_late": float(np.median(v[plan, :, li])) if later else np.nan,
                "no_reserve_late": float(np.median(v[none, :, li])) if later else np.nan,
                "better_than_no_reserve_late": (
                    float(np.mean(ind.better(v[plan, :, li], v[none, :, li]))) if later else np.nan
                ),
            }
        )
    frame = pd.DataFrame(rows).set_index("id")
    order = {g: k for k, g in enumerate(GOALS)}
    levels = {"output": 0, "outcome": 1}
    return frame.sort_values(
        ["goal", "level"], key=lambda c: c.map(order if c.name == "goal" else levels), kind="stable"
    )
