"""What an allocation achieves, per sample: the objectives a search compares.

Each function takes indicator values as one array over ``indicator`` (from
:func:`indicator_values`), with any other dims (``candidate``, ``sample``, ``future``, ...)
carried along, and returns the objective per element of those dims; nothing loops over
samples. The three objectives:

``attainment`` (1)
    The mean over the outputs with a target of ``min(value_2027 / target, 1)`` (for a
    lower-is-better output ``min(target / value, 1)``): 1 when every output meets its 2027
    target, partial credit for getting close, no extra credit beyond the target.
``targets`` (outputs)
    The number of outputs that meet their 2027 target
    (:meth:`~model.policy.indicators.Indicator.meets_target`, 0.5 % tolerance as everywhere).
``outcomes`` (%)
    The outcomes' gain against the run without the reserve at the end of the horizon
    (default December 2030), in percent of the outcome's 2023 level, signed so that a gain
    is an improvement in the indicator's better direction (fewer persons in poverty, more
    residents at home): ``sign * (plan - no_reserve) / level_2023 * 100``. Per goal the mean
    over its outcomes; overall the mean over the goals, each goal weighing the same.

The common scale of the outcomes is a choice of this toolkit, not of the document: the
outcomes have different units (%, persons, index 2023 = 100), and the document gives no
weights. Percent of the 2023 level makes "0.1 point less child poverty" (1.7 % of 5.9 %)
and "500 fewer low-literate adults" (0.5 % of 95,000) comparable without a value judgement
beyond "each goal counts the same, each outcome within a goal counts the same". Another
weighting changes which allocation is best; the per-goal values are kept so that the
weighting can be redone (and a Pareto search needs none).

Examples
--------
>>> from model import load_scenario, simulate
>>> ds = simulate(load_scenario("baseline"), samples=4, seed=1, detail="indicators")
>>> v = indicator_values(ds.sel(variant="plan"), "2028-01-01")
>>> a = attainment(v)
>>> a.dims, bool(((a >= 0) & (a <= 1)).all())
(('sample',), True)
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import xarray as xr

from model.analysis.uncertainty import UncertaintyError
from model.policy.indicators import GOALS, INDICATORS, OUTCOMES, OUTPUTS

OBJECTIVES = ("attainment", "targets", "outcomes")
"""The objectives a search can maximise (see the module's text)."""


def check_objective(objective: object) -> str:
    """``objective`` if it is one of :data:`OBJECTIVES`, else an :class:`UncertaintyError`."""
    if objective not in OBJECTIVES:
        raise UncertaintyError(
            field="objective",
            value=objective,
            allowed="allowed.options",
            options=", ".join(OBJECTIVES),
        )
    return str(objective)


UNITS = {"attainment": "1", "targets": "outputs", "outcomes": "%"}
"""Units of each objective."""

GOAL_IDS = tuple(GOALS)
"""The doelenboom's goals in the document's order."""

_KEEP = ("plan", "candidate", "future", "variant", "sample", "scenario", "indicator")
"""Dims an indicator value keeps; every other (``region``) is averaged, unweighted, as
:func:`model.analysis.uncertainty.value_at` does."""


def indicator_values(
    ds: xr.Dataset, time: str | np.datetime64, *, ids: Sequence[str] | None = None
) -> xr.DataArray:
    """The indicators of ``ds`` at one time point, as one array over ``indicator``.

    Parameters
    ----------
    ds : xarray.Dataset
        A run (:func:`model.simulate`, dim ``time``) or a batch of plans
        (:func:`model.run.batch.run_plans`, dim ``at``).
    time : str or numpy.datetime64
        The time point, e.g. ``"2028-01-01"`` (the end of 2027).
    ids : sequence of str, optional
        Indicator ids (default: every indicator of :data:`INDICATORS` present in ``ds``).

    Returns
    -------
    xarray.DataArray
        Over ``ds``'s other dims and ``indicator`` (last), in each indicator's units;
        regional indicators averaged over the regions, unweighted.
    """
    ids = [i for i in INDICATORS if i in ds.data_vars] if ids is None else list(ids)
    dim = "at" if "at" in ds.dims else "time"
    point = np.asarray(time, dtype="datetime64[ns]")[()]
    columns = []
    for i in ids:
        da = ds[i].sel({dim: point}, drop=True)
        extra = [d for d in da.dims if d not in _KEEP]
        columns.append(da.mean(extra) if extra else da)
    out = xr.concat(columns, dim="indicator", coords="minimal", compat="override")
    return out.assign_coords(indicator=ids).transpose(..., "indicator")


def _subset(values: xr.DataArray, ids: Sequence[str]) -> xr.DataArray:
    present = [i for i in ids if i in values["indicator"].values]
    return values.sel(indicator=present)


def _by_goal(per_indicator: xr.DataArray, how: str) -> xr.DataArray:
    """Per goal (dim ``goal`` in :data:`GOAL_IDS` order) the mean or sum over its indicators."""
    goals = np.array([INDICATORS[str(i)].goal for i in per_indicator["indicator"].values])
    parts = []
    for goal in GOAL_IDS:
        mine = per_indicator.isel(indicator=np.flatnonzero(goals == goal))
        parts.append(getattr(mine, how)("indicator"))
    return xr.concat(parts, dim="goal", coords="minimal", compat="override").assign_coords(
        goal=list(GOAL_IDS)
    )


def attainment_shares(values_2027: xr.DataArray) -> xr.DataArray:
    """Per output with a target, ``min(value / target, 1)`` (lower is better:
    ``min(target / value, 1)``), in [0, 1]; over ``indicator`` (the outputs)."""
    ids = [i.id for i in OUTPUTS if i.target is not None]
    v = _subset(values_2027, ids)
    targets = xr.DataArray(
        [float(INDICATORS[str(i)].target) for i in v["indicator"].values],  # type: ignore[arg-type]
        dims="indicator",
        coords={"indicator": v["indicator"].values},
    )
    lower = xr.DataArray(
        [INDICATORS[str(i)].direction == "lower" for i in v["indicator"].values],
        dims="indicator",
        coords={"indicator": v["indicator"].values},
    )
    v = v.clip(min=0.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        share = xr.where(lower, xr.where(v > 0, targets / v, 1.0), v / targets)
    return share.clip(max=1.0)


def attainment(values_2027: xr.DataArray, *, by_goal: bool = False) -> xr.DataArray:
    """Expected-attainment objective per element (unit 1): the mean over the outputs
    with a target of :func:`attainment_shares`; ``by_goal`` per goal (dim ``goal``)."""
    shares = attainment_shares(values_2027)
    out = _by_goal(shares, "mean") if by_goal else shares.mean("indicator")
    return out.assign_attrs(units="1", long_name="verwachte doelbereiking (outputs)")


def target_hits(values_2027: xr.DataArray) -> xr.DataArray:
    """Per output with a target, whether its 2027 value meets it (bool, 0.5 % tolerance)."""
    ids = [i.id for i in OUTPUTS if i.target is not None]
    v = _subset(values_2027, ids)
    hits = [INDICATORS[str(i)].meets_target(v.sel(indicator=i)) for i in v["indicator"].values]
    return xr.concat(hits, dim="indicator", coords="minimal", compat="override").transpose(
        ..., "indicator"
    )


def targets_met(values_2027: xr.DataArray, *, by_goal: bool = False) -> xr.DataArray:
    """Number of outputs meeting their 2027 target per element (unit: outputs);
    ``by_goal`` per goal (dim ``goal``)."""
    hits = target_hits(values_2027).astype(float)
    out = _by_goal(hits, "sum") if by_goal else hits.sum("indicator")
    return out.assign_attrs(units="outputs", long_name="aantal outputs dat het doel haalt")


def outcome_gains(
    late: xr.DataArray, no_reserve_late: xr.DataArray, start: xr.DataArray
) -> xr.DataArray:
    """Per outcome, the gain against the run without the reserve, in % of its 2023 level,
    positive in the better direction; over ``indicator`` (the outcomes).

    Parameters
    ----------
    late, no_reserve_late : xarray.DataArray
        Outcome values at the horizon with the plan and without the reserve (the latter
        broadcasts, e.g. over ``candidate``).
    start : xarray.DataArray
        Their values at the end of 2023 (``START_OF_PERIOD``), per sample.
    """
    ids = [i.id for i in OUTCOMES]
    plan, none, base = _subset(late, ids), _subset(no_reserve_late, ids), _subset(start, ids)
    sign = xr.DataArray(
        [
            -1.0 if INDICATORS[str(i)].direction == "lower" else 1.0
            for i in plan["indicator"].values
        ],
        dims="indicator",
        coords={"indicator": plan["indicator"].values},
    )
    gain = sign * (plan - none) / abs(base).where(base != 0) * 100.0
    return gain.assign_attrs(units="%", long_name="winst t.o.v. zonder reserve, % van 2023")


def outcome_gain(
    late: xr.DataArray,
    no_reserve_late: xr.DataArray,
    start: xr.DataArray,
    *,
    by_goal: bool = False,
) -> xr.DataArray:
    """Outcome objective per element (%): per goal the mean of :func:`outcome_gains` over
    its outcomes (``by_goal``, dim ``goal``), else the mean of those over the goals."""
    per_goal = _by_goal(outcome_gains(late, no_reserve_late, start), "mean")
    out = per_goal if by_goal else per_goal.mean("goal")
    return out.assign_attrs(units="%", long_name="winst outcomes t.o.v. zonder reserve")
