"""Run a scenario: sample its parameters, integrate the structure, add the ledger and provenance."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import xarray as xr

from .budget import ledger
from .engine import TimeAxis, simulate as integrate
from .parameters import ParameterSet, load_parameters
from .results import provenance
from .scenarios import Scenario
from .structure import build_structure


def simulate(
    scenario: Scenario,
    *,
    samples: int = 1,
    seed: int | None = 0,
    method: str = "euler",
    time: TimeAxis | None = None,
    parameters: ParameterSet | None = None,
    chunk_size: int = 4096,
    progress: Callable[[int, int], None] | None = None,
) -> xr.Dataset:
    """Run ``scenario`` for ``samples`` parameter sets at once.

    Parameters
    ----------
    scenario : Scenario
        Levers and assumptions.
    samples : int
        1 gives a deterministic run at the default values; more draws the uncertain
        parameters by Latin hypercube from their ranges.
    seed : int, optional
        Seed of the draw; the same seed gives the same numbers.
    method : {"euler", "rk4"}
    time : TimeAxis, optional
        Default monthly from 2024-01 to 2030-12.
    parameters : ParameterSet, optional
        Default: ``model/parameters/*.toml``.
    progress : callable(done, total), optional

    Returns
    -------
    xarray.Dataset
        Stocks, flows and auxiliaries over ``(sample, time, ...)``, the ledger per
        ``budget_year`` (k€), the sampled parameters over ``sample``, and provenance
        attributes (scenario, parameter-set hash, seed, samples, toolkit version).

    Examples
    --------
    >>> from model import load_scenario
    >>> ds = simulate(load_scenario("baseline"))
    >>> float((ds["reserve_spent"].sum("budget_year") + ds["reserve_remaining"].isel(budget_year=-1))[0])
    27000.0
    """
    params_set = scenario.parameters(parameters if parameters is not None else load_parameters())
    drawn = params_set.sample(samples, seed=seed)
    engine_params = {**drawn, **scenario.reserve_plan().params()}
    ds = integrate(
        build_structure(),
        engine_params,
        time=time,
        method=method,
        n_samples=samples,
        chunk_size=chunk_size,
        progress=progress,
    )
    ds = xr.merge([ds, ledger(ds)], combine_attrs="override")
    for name in params_set.uncertain:
        p = params_set[name]
        ds[f"param_{name}"] = xr.DataArray(
            np.asarray(drawn[name]),
            dims=("sample",),
            attrs={"units": p.unit, "long_name": p.description, "provenance": p.provenance},
        )
    ds.attrs.update(
        provenance(
            scenario=scenario.name,
            scenario_title=scenario.title,
            scenario_source=scenario.source,
            parameter_set=params_set.label,
            parameter_hash=params_set.digest(),
            seed=-1 if seed is None else int(seed),
            samples=int(samples),
        )
    )
    return ds
