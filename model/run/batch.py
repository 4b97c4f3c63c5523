"""Many reserve plans on one common draw: ``K`` plans x ``S`` samples in as few engine
calls as memory allows, each call reduced at once to a few time points.

A search over allocations evaluates hundreds of candidates on the same samples (common
random numbers, so that two candidates differ by their money and not by their luck). The
plans enter the engine as per-sample rows (:func:`model.policy.budget.stack_plans`), so
the flattened run ``r`` is plan ``r // S`` on sample ``r % S``; runs go to the engine in
chunks of about :data:`CHUNK_RUNS`, and of each chunk only the requested time points of
the recorded variables are kept (a monthly record of 10,000 runs holds about 130 MB; two
time points about 3 MB).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

import numpy as np
import xarray as xr

from model.engine import TimeAxis
from model.engine import simulate as integrate
from model.policy.budget import ReservePlan, stack_plans
from model.policy.indicators import INDICATORS
from model.policy.parameters import ParameterSet, load_parameters
from model.policy.scenarios import Scenario
from model.policy.structure import build_structure
from model.run.simulation import DEFAULT_ENGINE, DEFAULT_METHOD, resolve_draw

CHUNK_RUNS = 8192
"""Sample-runs per engine call: large enough that the compiled kernel's threads stay busy,
small enough that the monthly record of one call stays near 100 MB."""


def indicator_names() -> list[str]:
    """The doelenboom indicators the model computes, in the order of :data:`INDICATORS`."""
    names = build_structure().names
    return [i for i in INDICATORS if i in names]


def run_plans(
    scenario: Scenario,
    plans: Sequence[ReservePlan],
    *,
    samples: int,
    drawn: Mapping[str, np.ndarray] | None = None,
    seed: int = 0,
    parameters: ParameterSet | None = None,
    at: Sequence[str | np.datetime64],
    names: Sequence[str] | None = None,
    time: TimeAxis | None = None,
    method: str = DEFAULT_METHOD,
    engine: str = DEFAULT_ENGINE,
    chunk_runs: int = CHUNK_RUNS,
    progress: Callable[[int, int], None] | None = None,
) -> xr.Dataset:
    """Run every plan of ``plans`` on the same ``samples`` parameter sets.

    Parameters
    ----------
    scenario : Scenario
        Its assumptions and its levers other than money (the Jeugdfonds threshold,
        carry-over) apply to every plan; its own allocation is not used.
    plans : sequence of ReservePlan
        The money levers, one per candidate (:meth:`ReservePlan.from_levers`).
    samples : int
        Parameter sets per plan.
    drawn : mapping of str to ndarray, optional
        The common draw (name -> ``samples`` values, :func:`model.analysis.uncertainty.draw`);
        None draws ``scenario``'s parameters with ``seed``.
    parameters : ParameterSet, optional
        The set the scenario's assumptions are applied to (default: the priors).
    at : sequence of time points
        The time points kept (each must lie on the time axis), e.g. ``"2028-01-01"``.
    names : sequence of str, optional
        Variables to record (default: the indicators, :func:`indicator_names`).
    time : TimeAxis, optional
        Default monthly 2024-01 to 2030-12; a shorter axis is cheaper (to ``2028-01`` the
        2027 values cost about two thirds less).
    method, engine
        As for :func:`model.simulate`.
    chunk_runs : int
        Sample-runs per engine call (:data:`CHUNK_RUNS`).
    progress : callable(done, total), optional
        Called after each engine call with the sample-runs done.

    Returns
    -------
    xarray.Dataset
        Each of ``names`` over ``(plan, sample, at, ...)`` in its units.

    Examples
    --------
    >>> from model import load_scenario
    >>> sc = load_scenario("baseline")
    >>> ds = run_plans(sc, [sc.reserve_plan(), ReservePlan.empty()], samples=3, at=["2028-01-01"])
    >>> ds["gbt_schools"].dims
    ('plan', 'sample', 'at')
    """
    if not plans:
        raise ValueError("plans=[] is not allowed; allowed: one or more ReservePlan")
    if isinstance(chunk_runs, bool) or not isinstance(chunk_runs, int) or chunk_runs < 1:
        raise ValueError(f"chunk_runs={chunk_runs!r} is not allowed; allowed: a whole number >= 1")
    axis = time or TimeAxis()
    points = np.asarray(list(at), dtype="datetime64[ns]")
    times = axis.datetimes.astype("datetime64[ns]")
    where = np.searchsorted(times, points)
    if np.any(where >= len(times)) or np.any(times[np.minimum(where, len(times) - 1)] != points):
        raise ValueError(
            f"at={[str(p)[:10] for p in points]} is not allowed; allowed: time points of the "
            f"axis {axis.start} to {axis.end}"
        )
    params_set = scenario.parameters(parameters if parameters is not None else load_parameters())
    values = resolve_draw(params_set, drawn, samples=samples, seed=seed)
    rows = stack_plans(list(plans), 1)  # one row per plan, indexed per run below
    levers = {k: np.array([v]) for k, v in scenario.lever_params().items()}
    structure = build_structure()
    record = list(names) if names is not None else indicator_names()
    n_plans, total = len(plans), len(plans) * samples
    out: dict[str, np.ndarray] = {}
    dims: dict[str, tuple[str, ...]] = {}
    attrs: dict[str, dict] = {}
    coords: dict[str, list] = {}
    for lo in range(0, total, chunk_runs):
        hi = min(total, lo + chunk_runs)
        run = np.arange(lo, hi)
        params: dict[str, object] = {k: v[run % samples] for k, v in values.items()}
        params.update({k: v[run // samples] for k, v in rows.items()})
        params.update(levers)
        ds = integrate(
            structure,
            params,
            time=axis,
            method=method,
            n_samples=hi - lo,
            record=record,
            engine=engine,
        )
        for name in record:
            da = ds[name]
            kept = da.values[:, where]  # (runs, at, ...)
            if name not in out:
                out[name] = np.empty((total, *kept.shape[1:]))
                dims[name] = tuple(str(d) for d in da.dims[2:])
                attrs[name] = dict(da.attrs)
                coords.update({d: list(ds[d].values) for d in dims[name]})
            out[name][lo:hi] = kept
        if progress is not None:
            progress(hi, total)
    variables = {
        name: (
            ("plan", "sample", "at", *dims[name]),
            array.reshape(n_plans, samples, *array.shape[1:]),
            attrs[name],
        )
        for name, array in out.items()
    }
    return xr.Dataset(
        variables,
        coords={"plan": np.arange(n_plans), "sample": np.arange(samples), "at": points, **coords},
    )
