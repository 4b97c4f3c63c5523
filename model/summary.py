"""Read a run the way the doelenboom does: each output in 2027 against its target, each
outcome in 2027 against 2023 and against the run without the reserve."""

from __future__ import annotations

import numpy as np
import pandas as pd
import xarray as xr

from .indicators import END_OF_TARGET_YEAR, GOALS, INDICATORS, START_OF_PERIOD


def _at(da: xr.DataArray, time: str) -> xr.DataArray:
    value = da.sel(time=np.datetime64(time))
    extra = [d for d in value.dims if d not in ("variant", "sample")]
    return value.mean(extra) if extra else value  # regional indicators: unweighted mean of the regions


def indicator_summary(ds: xr.Dataset, *, lang: str = "nl") -> pd.DataFrame:
    """One row per indicator present in ``ds``.

    Columns: ``goal``, ``level``, ``name``, ``units``, ``target``, ``start`` (end of
    2023), ``plan`` and ``no_reserve`` (median at the end of 2027), ``plan_p05`` and
    ``plan_p95`` (5th and 95th percentiles over samples), ``target_met`` (share of
    samples meeting the target; outputs), ``better_than_2023`` and
    ``better_than_no_reserve`` (share of samples; outcomes). Regional indicators are
    averaged over the regions.
    """
    rows = []
    for ind in INDICATORS.values():
        if ind.id not in ds:
            continue
        end = _at(ds[ind.id], END_OF_TARGET_YEAR)
        start = _at(ds[ind.id], START_OF_PERIOD).sel(variant="plan")
        plan, none = end.sel(variant="plan"), end.sel(variant="no_reserve")
        better = (lambda a, b: a < b) if ind.direction == "lower" else (lambda a, b: a > b)
        row = {
            "id": ind.id,
            "goal": ind.goal,
            "level": ind.level,
            "name": ind.nl if lang == "nl" else ind.en,
            "units": ind.units,
            "target": ind.target,
            "start": float(start.median("sample")),
            "plan": float(plan.median("sample")),
            "plan_p05": float(plan.quantile(0.05, "sample")),
            "plan_p95": float(plan.quantile(0.95, "sample")),
            "no_reserve": float(none.median("sample")),
            "target_met": np.nan,
            "better_than_2023": np.nan,
            "better_than_no_reserve": np.nan,
        }
        if ind.level == "output" and ind.target is not None:
            # 0.5 % tolerance: a plan-consistent output meets its target up to round-off
            row["target_met"] = float((plan >= ind.target * 0.995).mean())
        if ind.level == "outcome":
            row["better_than_2023"] = float(better(plan, start).mean())
            row["better_than_no_reserve"] = float(better(plan, none).mean())
        rows.append(row)
    frame = pd.DataFrame(rows).set_index("id")
    order = {g: i for i, g in enumerate(GOALS)}
    return frame.sort_values(["goal", "level"], key=lambda c: c.map(order) if c.name == "goal" else c.map({"output": 0, "outcome": 1}), kind="stable")
