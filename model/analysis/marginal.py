"""What an extra amount on each line buys, from where a scenario stands.

:func:`marginal` moves ``step`` k€ onto each line in turn, taken from the other lines in
proportion to what they hold above their committed floor (or only from a named line), and
runs the scenario and every moved allocation on one common draw
(:func:`model.analysis.search.evaluate`). The change per sample is paired (the same draw
with and without the move), so its 90 % band is the move's own uncertainty, not the
spread of two independent ensembles.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import xarray as xr

from model.analysis.allocations import check_allocations, committed_floor
from model.analysis.search import evaluate
from model.analysis.uncertainty import UncertaintyError
from model.policy.budget import LINES
from model.policy.parameters import ParameterSet
from model.policy.scenarios import Scenario
from model.run.results import provenance
from model.run.simulation import DEFAULT_ENGINE

STEP = 1000.0
"""k€ moved onto a line by default: 1 M€, the issue's "what does an extra million buy"."""

QUANTILES = (0.05, 0.5, 0.95)
"""Quantiles of the paired change: the median and the 90 % band."""


def moved_allocations(
    allocation: np.ndarray, step: float, source: str | None = None
) -> tuple[list[str], np.ndarray]:
    """Per line that can receive ``step`` k€, the allocation with the move made.

    Parameters
    ----------
    allocation : ndarray, shape (len(LINES),)
        k€ per line of :data:`LINES`.
    step : float
        k€ moved onto each receiving line.
    source : str, optional
        The line that gives (default: every other line, in proportion to what it holds
        above its committed floor).

    Returns
    -------
    lines : list of str
        The receiving lines (a line is left out when the others cannot give ``step``).
    moved : ndarray, shape (len(lines), len(LINES))

    Examples
    --------
    >>> lines, moved = moved_allocations(np.array([4000, 6000, 3000, 2000, 11650, 350.0]), 1000)
    >>> lines[0], moved[0].round(1).tolist()
    ('2.1.a', [5000.0, 5735.1, 2867.5, 1911.7, 11135.7, 350.0])
    """
    floor = np.array([committed_floor(line) for line in LINES])
    spare = np.maximum(np.asarray(allocation, dtype=float) - floor, 0.0)
    lines, rows = [], []
    for k, line in enumerate(LINES):
        give = np.zeros(len(LINES))
        if source is not None:
            if line == source:
                continue
            give[LINES.index(source)] = step
        else:
            others = spare.copy()
            others[k] = 0.0
            if others.sum() <= 0:
                continue
            give = step * others / others.sum()
        if np.any(give > spare + 1e-9):
            continue
        y = np.asarray(allocation, dtype=float) - give
        y[k] += step
        lines.append(line)
        rows.append(y)
    return lines, np.array(rows).reshape(-1, len(LINES))


def marginal(
    scenario: Scenario,
    *,
    step: float = STEP,
    source: str | None = None,
    samples: int = 1000,
    seed: int = 0,
    parameters: ParameterSet | None = None,
    engine: str = DEFAULT_ENGINE,
    progress: Callable[[int, int], None] | None = None,
) -> xr.Dataset:
    """What ``step`` k€ more on each line changes in every output, outcome and objective.

    Parameters
    ----------
    scenario : Scenario
        Where it starts: its allocation, levers and assumptions.
    step : float
        k€ moved onto each line (default 1,000), a number > 0.
    source : str, optional
        The line the money comes from (default the others, in proportion to what they hold
        above what is committed).
    samples, seed : int
        The common draw.
    parameters : ParameterSet, optional
        Default the calibrated set.
    engine : {"compiled", "numpy"}
    progress : callable(done, total), optional

    Returns
    -------
    xarray.Dataset
        Dims ``line`` (the receiving line), ``indicator``, ``quantile`` (5, 50, 95 %),
        ``from_line``: ``change_2027`` (line, indicator, quantile): the paired change of
        each indicator at the end of 2027, in its units; ``change_2030`` the same at the
        end of the run (December 2030: the outcomes' slow effects); ``attainment_change``
        (line, quantile), 1, and ``targets_change``, outputs, at the end of 2027;
        ``moved_allocation`` (line, from_line), k€; ``base_allocation`` (from_line), k€.
        Attributes: provenance, step, source.

    Raises
    ------
    UncertaintyError
        A step that is not a number > 0, an unknown source line, or a source that
        cannot give the step.

    Examples
    --------
    >>> from model import load_scenario
    >>> ds = marginal(load_scenario("baseline"), samples=8, seed=1)
    >>> [str(x) for x in ds["line"].values]
    ['2.1.a', '2.1.b', '2.1.c', '2.1.d', '2.2', '2.3']
    """
    if (
        isinstance(step, bool)
        or not isinstance(step, (int, float))
        or not np.isfinite(step)
        or step <= 0
    ):
        raise UncertaintyError(field="step", value=step, allowed="opt.allowed.marginal_step")
    if source is not None and source not in LINES:
        raise UncertaintyError(
            field="source", value=source, reason="reason.unknown_line",
            allowed="allowed.options", options=", ".join(LINES),
        )  # fmt: skip
    base = check_allocations(scenario.allocation, field="scenario.allocation")[0]
    lines, moved = moved_allocations(base, float(step), source)
    if not lines:
        raise UncertaintyError(
            field="source" if source else "step", value=source or step,
            allowed="opt.allowed.marginal_source", step=float(step),
        )  # fmt: skip
    ds = evaluate(
        scenario,
        np.concatenate([base[None, :], moved]),
        samples=samples,
        seed=seed,
        parameters=parameters,
        engine=engine,
        progress=progress,
    )
    first, rest = ds.isel(candidate=0), ds.isel(candidate=slice(1, None))
    q = list(QUANTILES)

    def change(var: str) -> xr.DataArray:
        diff = (rest[var] - first[var]).rename(candidate="line").assign_coords(line=lines)
        return diff.quantile(q, dim="sample").transpose("line", ..., "quantile")

    out = xr.Dataset(
        {
            "change_2027": change("value_2027"),
            "change_2030": change("value_2030"),
            "attainment_change": change("attainment"),
            "targets_change": change("targets_met"),
            "moved_allocation": (("line", "from_line"), moved),
            "base_allocation": (("from_line",), base),
        },
        coords={"from_line": list(LINES)},
    )
    for var in ("change_2027", "change_2030"):
        out[var].attrs.update(units="the indicator's own (coordinate indicator_units)")
    out["attainment_change"].attrs.update(
        units="1", long_name="verandering verwachte doelbereiking"
    )
    out["targets_change"].attrs.update(
        units="outputs", long_name="verandering aantal gehaalde doelen"
    )
    out["moved_allocation"].attrs.update(units="k€", long_name="verdeling na de verschuiving")
    out["base_allocation"].attrs.update(units="k€", long_name="verdeling van het scenario")
    out.attrs.update(
        provenance(
            scenario=scenario.name,
            samples=int(samples),
            seed=int(seed),
            step=float(step),
            source=source or "",
            parameter_set=ds.attrs.get("parameter_set"),
            parameter_hash=ds.attrs.get("parameter_hash"),
            paired="every move runs on the same draw as the scenario; quantiles of the per-sample difference",
        )
    )
    return out


__all__ = ["QUANTILES", "STEP", "marginal", "moved_allocations"]
