"""Run a scenario: sample its parameters, integrate the structure for the plan and
for the counterfactual without the reserve, add the ledger and provenance."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Mapping, Sequence

import numpy as np
import xarray as xr

from model.engine import TimeAxis
from model.engine import simulate as integrate
from model.errors import SamenlevenError
from model.policy.budget import LEDGER_LINES, ReservePlan, stack_plans
from model.policy.indicators import INDICATORS
from model.policy.parameters import ParameterSet, load_parameters
from model.policy.scenarios import Scenario
from model.policy.structure import build_structure
from model.run.ledger import ledger
from model.run.results import provenance
from model.run.sizing import check_fits, estimate_ensemble, steps_of

VARIANTS = ("plan", "no_reserve")
"""``plan``: the scenario; ``no_reserve``: the same world without any reserve spending."""

LEDGER_INPUTS = (
    "reserve_unallocated",
    "reserve_unreleased",
    "reserve_available",
    "reserve_spent_total",
    "reserve_release",
    "reserve_commitment_payout",
    "reserve_spending",
    "cofinancing_inflow",
    "structural_spending",
)
DEFAULT_ENGINE = "compiled"
"""The engine runs use unless asked otherwise: the compiled kernel (model.engine.compiled);
``"numpy"`` is the reference engine."""
DEFAULT_METHOD = "rk4"
"""Integration method of the model's runs: RK4 at a month is within a tenth of the 0.5 %
target margin of a quarter-month reference on every output (Euler at a month errs 1.4 %
on the Jeugdfonds and 4.2 % on NEET projects; tests/engine/test_integration_accuracy.py),
at about 1.6 times Euler's cost on the compiled engine."""
DETAILS = ("all", "indicators", "auto")
AUTO_DETAIL_LIMIT = 100
"""With ``detail="auto"``, runs of up to this many samples record every variable."""


def record_list(detail: str, samples: int, *, with_ledger: bool = True) -> list[str] | None:
    """Names the engine records for ``detail`` (None: everything)."""
    if detail not in DETAILS:
        raise ValueError(f"detail={detail!r} is not allowed; allowed: {', '.join(DETAILS)}")
    if detail == "all" or (detail == "auto" and samples <= AUTO_DETAIL_LIMIT):
        return None
    structure = build_structure()
    keep = [
        *(LEDGER_INPUTS if with_ledger else ()),
        *(i for i in INDICATORS if i in structure.names),
    ]
    return list(dict.fromkeys(keep))


def resolve_draw(
    params_set: ParameterSet,
    drawn: Mapping[str, np.ndarray] | None,
    *,
    samples: int,
    seed: int | None = 0,
) -> dict[str, np.ndarray]:
    """The parameter values a run uses, name -> array of ``samples``: a new draw of
    ``params_set`` when ``drawn`` is None, else ``drawn`` for every parameter
    ``params_set`` leaves uncertain (common random numbers) and the set's own value for
    the ones it fixes (a scenario's assumptions)."""
    if drawn is None:
        return params_set.sample(samples, seed=seed)
    given = {k: v for k, v in drawn.items() if k in params_set and params_set[k].uncertain}
    return {
        k: np.broadcast_to(np.asarray(v, dtype=float), (samples,))
        for k, v in {**params_set.sample(1), **given}.items()
    }


def check_run_size(
    samples: object, *, time: TimeAxis | None = None, detail: str = "auto", variants: int = 2
) -> int:
    """``samples`` as an int if it is a whole number >= 1 whose run fits this machine's
    memory, else a :class:`~model.errors.SamenlevenError` (a :class:`~model.run.sizing.SizeError`
    for a run too large), raised before anything is drawn or run.

    The command line and the app check sizes themselves, with advice in their own words;
    this check is for direct library calls, so that ``simulate(sc, samples=10**9)`` is
    refused with a message instead of being killed by the operating system.
    """
    if isinstance(samples, bool) or not isinstance(samples, (int, np.integer)) or samples < 1:
        raise SamenlevenError(
            field="samples", value=samples, allowed="allowed.whole_number", minimum=1
        )
    check_fits(
        estimate_ensemble(
            samples=int(samples), steps=steps_of(time), detail=detail, variants=variants
        ),
        field="samples",
        value=samples,
    )
    return int(samples)


def simulate(
    scenario: Scenario,
    *,
    samples: int = 1,
    seed: int | None = 0,
    method: str = DEFAULT_METHOD,
    time: TimeAxis | None = None,
    parameters: ParameterSet | None = None,
    drawn: dict[str, np.ndarray] | None = None,
    detail: str = "auto",
    variants: Sequence[str] = VARIANTS,
    with_ledger: bool = True,
    chunk_size: int = 4096,
    progress: Callable[[int, int], None] | None = None,
    engine: str = DEFAULT_ENGINE,
) -> xr.Dataset:
    """Run ``scenario`` for ``samples`` parameter sets at once, with and without the reserve.

    Parameters
    ----------
    scenario : Scenario
        Levers and assumptions.
    samples : int
        1 gives a deterministic run at the default values; more draws the uncertain
        parameters by Latin hypercube from their ranges.
    seed : int, optional
        Seed of the draw; the same seed gives the same numbers.
    method : {"rk4", "euler"}
        Default RK4 (:data:`DEFAULT_METHOD`).
    time : TimeAxis, optional
        Default monthly from 2024-01 to 2030-12.
    parameters : ParameterSet, optional
        Default: ``model/policy/parameters/*.toml``; the scenario's assumptions are applied on top.
    drawn : dict of str to ndarray, optional
        Parameter values to use instead of a new draw (name -> array of ``samples``
        values), e.g. to run several scenarios on the same samples (common random
        numbers). Parameters the scenario's assumptions fix keep their fixed value.
    detail : {"auto", "all", "indicators"}
        What to keep: every stock, flow and auxiliary, or only the indicators and the
        ledger. ``auto`` keeps everything up to 100 samples.
    variants : sequence of {"plan", "no_reserve"}
        Which variants to run (default both; a sensitivity analysis needs only the plan).
    with_ledger : bool
        Add the ledger per budget year (default True; False saves time when only the
        indicators matter).
    progress : callable(done, total), optional
    engine : {"compiled", "numpy"}
        The compiled kernel (default) or the numpy reference engine; the same numbers
        to round-off (tested to a relative 1e-9).

    Returns
    -------
    xarray.Dataset
        Variables over ``(variant, sample, time, ...)`` with ``variant`` in
        ``("plan", "no_reserve")``; the ledger per ``budget_year`` (k€); the sampled
        parameters ``param_<name>`` over ``sample``; the allocation per ``line``;
        provenance attributes (scenario, parameter-set hash, seed, samples, version).

    Examples
    --------
    >>> from model import load_scenario
    >>> ds = simulate(load_scenario("baseline"))
    >>> plan = ds.sel(variant="plan", sample=0)
    >>> float(plan["reserve_spent"].sum("budget_year") + plan["reserve_remaining"].isel(budget_year=-1))
    27000.0
    """
    check_run_size(samples, time=time, detail=detail, variants=len(variants))
    params_set = scenario.parameters(parameters if parameters is not None else load_parameters())
    drawn = resolve_draw(params_set, drawn, samples=samples, seed=seed)
    unknown = [v for v in variants if v not in VARIANTS]
    if unknown or not variants:
        raise ValueError(
            f"variants={list(variants)!r} is not allowed; allowed: a non-empty selection of {list(VARIANTS)}"
        )
    plans = {
        "plan": scenario.reserve_plan(),
        "no_reserve": ReservePlan.empty(scenario.decision_date),
    }
    n_variants = len(variants)
    engine_params: dict[str, object] = {k: np.tile(v, n_variants) for k, v in drawn.items()}
    # one plan for all samples stays a single row that broadcasts: the ledger's flows then
    # cost the same for 1 or 10,000 samples
    engine_params.update(
        stack_plans([plans[v] for v in variants], samples if n_variants > 1 else 1)
    )
    engine_params.update({k: np.array([v]) for k, v in scenario.lever_params().items()})

    ds = integrate(
        build_structure(),
        engine_params,
        time=time,
        method=method,
        n_samples=n_variants * samples,
        sample_dims={"variant": list(variants), "sample": range(samples)},
        record=record_list(detail, samples, with_ledger=with_ledger),
        chunk_size=chunk_size,
        progress=progress,
        engine=engine,
    )
    extras = {
        f"param_{name}": xr.Variable(
            ("sample",),
            np.asarray(drawn[name]),
            attrs={
                "units": params_set[name].unit,
                "long_name": params_set[name].description,
                "provenance": params_set[name].provenance,
            },
        )
        for name in params_set.uncertain
    }
    extras["allocation"] = xr.Variable(
        ("line",),
        scenario.reserve_plan().allocation,
        attrs={"units": "k€", "long_name": "Toewijzing uit de reserve per lijn"},
    )
    # one Dataset from plain variables on the run's coordinates: merging Datasets would
    # align every variable's index again (a large share of a small run's time)
    parts = [ds, ledger(ds)] if with_ledger else [ds]
    variables = {k: part.variables[k] for part in parts for k in part.data_vars}
    coords: dict[Hashable, xr.Variable] = {}
    for part in parts:  # the run's own coordinates (with their attributes) come first
        for k in part.coords:
            coords.setdefault(k, part.variables[k])
    coords.setdefault("line", xr.Variable(("line",), list(LEDGER_LINES)))
    ds = xr.Dataset({**variables, **extras}, coords=coords, attrs=ds.attrs)
    ds["variant"].attrs.update({"long_name": "plan of zonder reserve", "units": "1"})
    ds.attrs.update(
        provenance(
            scenario=scenario.name,
            scenario_title=scenario.title,
            scenario_source=scenario.source,
            parameter_set=params_set.label,
            parameter_hash=params_set.digest(),
            seed=-1 if seed is None else int(seed),
            samples=int(samples),
            detail=detail,
        )
    )
    return ds
