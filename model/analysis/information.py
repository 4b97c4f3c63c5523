"""Value of information for the choice between allocations of the reserve.

Which uncertainty is worth researching before the next council decision? The scenarios
given are the options (allocations, phasing, other levers); they run on one draw of the
uncertainties (common random numbers), each sample's objective is its net benefit, and
:mod:`model.analysis.voi` estimates

* EVPI: how much higher the expected objective of the chosen option would be if every
  uncertainty were resolved before choosing: an upper bound on what any research can add
  to this choice;
* EVPPI per uncertainty group (:data:`VOI_GROUPS`): the same when only that group were
  known. Close to 0 means: knowing it would change no decision between these options.

The objective (:data:`OBJECTIVES`):

``attainment`` (default)
    Expected attainment: the mean over the doelenboom's outputs with a 2027 target of
    ``min(value_2027 / target, 1)``, in percent (100 = every target met). VOI is then in
    **percentage points of attainment**: an EVPPI of 0.5 means that knowing the group
    before choosing would, on average, raise the chosen allocation's attainment by half a
    point (of 100).
``targets``
    The number of outputs that meet their 2027 target (within
    :data:`~model.policy.indicators.TARGET_TOLERANCE`); VOI in targets.
``outcomes``
    The outcomes' gain against the run without the reserve at the end of 2030, in percent of
    their 2023 level, each goal weighing the same (a choice of this toolkit, see
    :mod:`model.analysis.objectives`); VOI in percentage points of that gain.

The objectives are the allocation search's (:mod:`model.analysis.objectives`), so that
the value of information and the search judge allocations alike.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

import numpy as np
import xarray as xr

from model.analysis.objectives import (
    attainment,
    check_objective,
    indicator_values,
    outcome_gain,
    targets_met,
)
from model.analysis.sets import default_parameters
from model.analysis.uncertainty import (
    UncertaintyError,
    check_seed,
    draw,
    unique_labels,
)
from model.analysis.voi import ERROR_DRAWS, GP_MAX_INPUTS, METHODS, VoiError, evpi, evppi
from model.engine import TimeAxis
from model.policy.indicators import END_OF_TARGET_YEAR, OUTPUTS, START_OF_PERIOD
from model.policy.parameters import ParameterSet
from model.policy.scenarios import Scenario
from model.run.results import provenance
from model.run.simulation import DEFAULT_ENGINE, simulate

OBJECTIVE_UNITS = {"attainment": "%", "targets": "targets", "outcomes": "%"}
OBJECTIVE_NAMES = {
    "attainment": "verwachte doelbereiking (gemiddelde van min(waarde/doel, 1) over de outputs)",
    "targets": "aantal outputs dat het doel voor 2027 haalt",
    "outcomes": "winst van de outcomes t.o.v. zonder reserve, in % van 2023 (doelen wegen gelijk)",
}
"""Units of each objective; its value of information is in the same units (for
attainment: percentage points)."""
VOI_UNITS = {
    "attainment": "percentage points",
    "targets": "targets",
    "outcomes": "percentage points",
}

VOI_TIME = TimeAxis(end="2028-01")
"""The horizon the options run to for attainment and targets: the outputs at the end of
2027 (the outcome gains run to the default horizon, December 2030)."""

VOI_GROUPS: dict[str, tuple[str, ...]] = {
    "gbt_national": ("cofinancing",),
    "cofinancing": ("cofinancing",),
    "execution": ("execution", "gbt"),
    "delays": ("delays",),
    "unit_costs": ("unit_costs",),
    "effects": ("effects", "reach", "persistence", "spillovers"),
    "trends": ("trends",),
    "context": (),
}
"""The uncertainty groups the value of information is reported for, each made of the
parameters' own ``group`` fields (``model/policy/parameters/*.toml``):

``gbt_national``
    the national contribution to the Gezonde Basisschool van de Toekomst (Rijksbijdrage):
    the co-financing parameters named ``gbt_national_*`` (how much, from when);
``cofinancing``
    every other co-financing source (partners, social funds, municipalities, insurers,
    national school meals, others' funding) and the GBT running costs they cover;
``execution``
    execution capacity per line and in total, and GBT recruitment capacity;
``delays``
    delays and durations;
``unit_costs``
    costs per project, school, child or agreement;
``effects``
    effect sizes of the outputs on the outcomes, reach per project, how long effects last,
    spillovers between goals;
``trends``
    autonomous trends (what happens without the policy);
``context``
    the rest: target-group sizes, starting levels, Jeugdfonds take-up, Handle with Care
    and Keigezond specifics, regional shares, structural funds after 2027,
    counterfactual funding (every parameter group not named above).

Every uncertain parameter is in exactly one group (:func:`voi_groups`)."""

NEGLIGIBLE_SHARE = 0.05
"""An EVPPI counts as negligible ("changes no decision") when it is below twice its
standard error (indistinguishable from 0) or below this share of the EVPI."""


def voi_groups(parameters: ParameterSet) -> dict[str, tuple[str, ...]]:
    """The uncertain parameters of ``parameters`` by VOI group (:data:`VOI_GROUPS`); every
    uncertain parameter in exactly one group, groups without any left out.

    Examples
    --------
    >>> from model.policy.parameters import load_parameters
    >>> groups = voi_groups(load_parameters())
    >>> groups["gbt_national"]
    ('gbt_national_contribution', 'gbt_national_from')
    """
    named = {g for gs in VOI_GROUPS.values() for g in gs}
    out: dict[str, list[str]] = {g: [] for g in VOI_GROUPS}
    for name in parameters.uncertain:
        group = parameters[name].group
        if group == "cofinancing" and name.startswith("gbt_national_"):
            out["gbt_national"].append(name)
        elif group not in named:
            out["context"].append(name)
        else:
            voi = next(g for g, gs in VOI_GROUPS.items() if group in gs and g != "gbt_national")
            out[voi].append(name)
    return {g: tuple(names) for g, names in out.items() if names}


def _check_groups(
    groups: Sequence[str] | Mapping[str, Sequence[str]] | None,
    available: Mapping[str, tuple[str, ...]],
    uncertain: Sequence[str],
) -> dict[str, tuple[str, ...]]:
    if groups is None:
        return dict(available)
    if isinstance(groups, Mapping):
        out: dict[str, tuple[str, ...]] = {}
        for gid, names in groups.items():
            names = [names] if isinstance(names, str) else list(names)
            bad = [n for n in names if n not in uncertain]
            if not names or bad:
                raise UncertaintyError(
                    field=f"groups[{gid!r}]",
                    value=bad or names,
                    allowed="one or more uncertain parameters of the parameter set (not fixed by the scenarios)",
                )
            out[str(gid)] = tuple(dict.fromkeys(names))
        if not out:
            raise UncertaintyError(field="groups", value={}, allowed="at least one group")
        return out
    ids = [groups] if isinstance(groups, str) else list(groups)
    bad = [g for g in ids if g not in available]
    if not ids or bad:
        raise UncertaintyError(
            field="groups",
            value=bad or ids,
            allowed="allowed.options",
            options=", ".join(available),
        )
    return {g: available[g] for g in dict.fromkeys(ids)}


# --------------------------------------------------------------------------- objectives


def objective_values(ds: xr.Dataset, objective: str = "attainment") -> xr.DataArray:
    """Per sample (and scenario), the objective of a run: the allocation search's objectives
    (:mod:`model.analysis.objectives`), attainment in percent.

    Parameters
    ----------
    ds : xarray.Dataset
        A run (:func:`model.simulate`) with the plan variant; for ``outcomes`` also the
        run without the reserve, to the horizon whose last point the gains are read at.
    objective : {"attainment", "targets", "outcomes"}
        Expected attainment: the mean over the outputs with a target of
        ``min(value_2027 / target, 1)``, in percent; the number of targets met; or the
        outcomes' gain against no reserve at the horizon in % of the 2023 level (goals
        weigh the same).

    Returns
    -------
    xarray.DataArray
        Over ``sample`` (and ``scenario``); units :data:`OBJECTIVE_UNITS`.

    Examples
    --------
    >>> from model import load_scenario, simulate
    >>> a = objective_values(simulate(load_scenario("baseline"), time=VOI_TIME))
    >>> 0.0 < float(a.squeeze()) <= 100.0
    True
    """
    check_objective(objective)
    if not any(i.id in ds.data_vars for i in OUTPUTS):
        raise UncertaintyError(
            field="ds", value="a Dataset without outputs", allowed="a result of simulate()"
        )
    if objective == "outcomes":
        if "variant" not in ds.dims or "no_reserve" not in ds["variant"].values:
            raise UncertaintyError(
                field="ds",
                value="a run without the no_reserve variant",
                allowed="a run of both variants (plan and no_reserve)",
            )
        late = ds["time"].values[-1]
        plan, none = ds.sel(variant="plan"), ds.sel(variant="no_reserve")
        value = outcome_gain(
            indicator_values(plan, late),
            indicator_values(none, late),
            indicator_values(none, START_OF_PERIOD),
        )
    else:
        end = indicator_values(
            ds.sel(variant="plan") if "variant" in ds.dims else ds, END_OF_TARGET_YEAR
        )
        value = attainment(end) * 100.0 if objective == "attainment" else targets_met(end)
    return value.assign_attrs(
        units=OBJECTIVE_UNITS[objective], long_name=OBJECTIVE_NAMES[objective]
    )


# --------------------------------------------------------------------------- VOI


def _check_scenarios(scenarios: Sequence[Scenario]) -> list[Scenario]:
    scenarios = list(scenarios) if not isinstance(scenarios, Scenario) else [scenarios]
    if not scenarios or not all(isinstance(s, Scenario) for s in scenarios):
        raise UncertaintyError(field="scenarios", value=scenarios, allowed="allowed.scenarios")
    # the options must face one world: an [assumptions] table that fixes what another
    # option leaves uncertain describes a future, not a choice
    first = scenarios[0]
    for sc in scenarios[1:]:
        if sc.assumptions != first.assumptions:
            raise UncertaintyError(
                field="scenarios",
                value={s.name: dict(s.assumptions) for s in scenarios},
                reason="reason.voi_assumptions",
                allowed="allowed.voi_assumptions",
            )
    return scenarios


def value_of_information(
    scenarios: Sequence[Scenario],
    *,
    samples: int,
    seed: int,
    objective: str = "attainment",
    groups: Sequence[str] | Mapping[str, Sequence[str]] | None = None,
    parameters: ParameterSet | None = None,
    sampling: str = "lhs",
    engine: str = DEFAULT_ENGINE,
    method: str = "gam",
    error_draws: int = ERROR_DRAWS,
    progress: Callable[[int, int], None] | None = None,
) -> xr.Dataset:
    """EVPI of the choice between ``scenarios`` and EVPPI per uncertainty group.

    Parameters
    ----------
    scenarios : sequence of Scenario
        The options, differing in their levers; their ``[assumptions]`` must be the same
        (an option that fixes what another leaves uncertain is a future, not a choice).
        One scenario is allowed: there is nothing to choose, so every value is 0.
    samples : int
        Samples of the uncertainties, shared by all options (at least 2; the regressions
        need a few hundred, 1,000 is a good size).
    seed : int
        Seed of the draw and of the estimators' own random numbers.
    objective : {"attainment", "targets", "outcomes"}
        The net benefit (:func:`objective_values`); ``outcomes`` runs to 2030 and also
        without the reserve.
    groups : sequence of str or mapping, optional
        Ids of :data:`VOI_GROUPS` (default all that have uncertain parameters), or a mapping
        of your own group names to parameter names.
    parameters : ParameterSet, optional
        Default :func:`model.analysis.sets.default_parameters` (the calibrated set).
    sampling : {"lhs", "random"}
        Latin hypercube or plain Monte Carlo.
    engine : {"compiled", "numpy"}
    method : {"gam", "gp"}
        The EVPPI regression (:mod:`model.analysis.voi`: splines with pairwise
        interactions, or a Gaussian process; groups of more than
        :data:`~model.analysis.voi.GP_MAX_INPUTS` inputs get the splines either way).
    error_draws : int
        Posterior draws for each EVPPI's standard error (:func:`model.analysis.voi.evppi`).
    progress : callable(done, total), optional
        Called after the runs and after each group.

    Returns
    -------
    xarray.Dataset
        ``net_benefit`` (decision, sample) in the objective's units;
        ``expected_net_benefit`` and ``p_best`` (the share of samples in which the option
        is best, ties shared) over ``decision``; ``evpi`` and ``evpi_error`` (scalars) and
        ``evppi`` and ``evppi_error`` over ``group``, in the VOI's units (percentage points
        of attainment, or targets); coordinates ``decision_title``, ``group_parameters``
        (their names, comma-separated), ``group_size``, ``estimator_method`` (``gam``,
        ``gp`` or ``none``) and ``negligible`` (the EVPPI changes no decision, see
        :data:`NEGLIGIBLE_SHARE`); attributes ``estimator``, ``samples``, ``seed``,
        ``objective``, ``best_decision``, ``parameter_set``, ``parameter_hash``.

    Examples
    --------
    >>> from model import load_scenario
    >>> ds = value_of_information([load_scenario("baseline"), load_scenario("jeugd_eerst")],
    ...                           samples=60, seed=1, groups=["gbt_national"])
    >>> float(ds["evppi"].sel(group="gbt_national")) <= float(ds["evpi"])
    True
    """
    scenarios = _check_scenarios(scenarios)
    objective = check_objective(objective)
    seed = check_seed(seed)
    if isinstance(samples, bool) or not isinstance(samples, (int, np.integer)) or samples < 2:
        raise UncertaintyError(
            field="samples", value=samples, allowed="allowed.whole_number", minimum=2
        )
    if method not in METHODS:
        raise VoiError(field="method", value=method, allowed=", ".join(METHODS))
    base = parameters if parameters is not None else default_parameters()
    world = scenarios[0].parameters(base)  # the assumptions every option shares
    chosen = _check_groups(groups, voi_groups(world), world.uncertain)
    drawn = draw(base, samples=int(samples), seed=seed, sampling=sampling)
    total = len(chosen) + 1
    runs = []
    for sc in scenarios:  # one run per option, every sample at once
        ds = simulate(
            sc,
            samples=int(samples),
            seed=seed,
            parameters=base,
            drawn=drawn,
            detail="indicators",
            variants=("plan", "no_reserve") if objective == "outcomes" else ("plan",),
            with_ledger=False,
            time=None if objective == "outcomes" else VOI_TIME,
            engine=engine,
        )
        runs.append(objective_values(ds, objective).values)
    nb = np.stack(runs, axis=1)  # (samples, decisions)
    if progress is not None:
        progress(1, total)
    whole = evpi(nb)
    values, errors, methods = [], [], []
    for k, names in enumerate(chosen.values()):
        inputs = np.column_stack([np.asarray(drawn[n], dtype=float) for n in names])
        varying = int(np.sum(np.ptp(inputs, axis=0) > 0))
        # the GP only where it is trusted (model.analysis.voi); the coordinate
        # estimator_method says which regression each group got
        own = "gam" if method == "gp" and varying > GP_MAX_INPUTS else method
        est = evppi(nb, inputs, method=own, seed=seed + k, error_draws=error_draws)
        values.append(est.value)
        errors.append(est.error)
        methods.append(est.method)
        if progress is not None:
            progress(k + 2, total)
    return _dataset(
        nb,
        scenarios,
        chosen,
        whole,
        np.array(values),
        np.array(errors),
        methods,
        objective=objective,
        samples=int(samples),
        seed=seed,
        sampling=sampling,
        base=base,
        engine=engine,
        method=method,
    )


def _p_best(nb: np.ndarray) -> np.ndarray:
    """Share of samples in which each option is best; a tie is shared among the tied."""
    best = nb >= nb.max(axis=1, keepdims=True) - 1e-12 * np.abs(nb).max(initial=1.0)
    return (best / best.sum(axis=1, keepdims=True)).mean(axis=0)


def negligible(value: Any, error: Any, evpi_value: float) -> Any:
    """Whether an EVPPI changes no decision: below twice its standard error or below
    :data:`NEGLIGIBLE_SHARE` of the EVPI (arrays or numbers).

    >>> bool(negligible(0.01, 0.02, 1.0)), bool(negligible(0.3, 0.02, 1.0))
    (True, False)
    """
    value, error = np.asarray(value, dtype=float), np.asarray(error, dtype=float)
    return (value <= 2.0 * error) | (value < NEGLIGIBLE_SHARE * evpi_value) | (value <= 0.0)


def _dataset(
    nb: np.ndarray,
    scenarios: Sequence[Scenario],
    groups: Mapping[str, tuple[str, ...]],
    whole: Any,
    values: np.ndarray,
    errors: np.ndarray,
    methods: Sequence[str],
    *,
    objective: str,
    samples: int,
    seed: int,
    sampling: str,
    base: ParameterSet,
    engine: str,
    method: str,
) -> xr.Dataset:
    labels = unique_labels(scenarios)
    unit, voi_unit = OBJECTIVE_UNITS[objective], VOI_UNITS[objective]
    mean = nb.mean(axis=0)
    best = labels[int(np.argmax(mean))]
    gids = list(groups)
    ds = xr.Dataset(
        {
            "net_benefit": (
                ("decision", "sample"),
                nb.T,
                {"units": unit, "long_name": f"netto baat per trekking: {objective}"},
            ),
            "expected_net_benefit": (
                "decision",
                mean,
                {
                    "units": unit,
                    "long_name": "verwachte netto baat (gemiddelde over de trekkingen)",
                },
            ),
            "p_best": (
                "decision",
                _p_best(nb),
                {"units": "1", "long_name": "kans dat deze optie de beste is"},
            ),
            "evpi": (
                (),
                whole.value,
                {
                    "units": voi_unit,
                    "long_name": "verwachte waarde van volledige informatie (EVPI)",
                    "long_name_en": "expected value of perfect information (EVPI)",
                },
            ),
            "evpi_error": (
                (),
                whole.error,
                {"units": voi_unit, "long_name": "standaardfout van de EVPI"},
            ),
            "evppi": (
                "group",
                values,
                {
                    "units": voi_unit,
                    "long_name": "verwachte waarde van gedeeltelijke volledige informatie (EVPPI) per groep onzekerheden",
                    "long_name_en": "expected value of partial perfect information (EVPPI) per uncertainty group",
                },
            ),
            "evppi_error": (
                "group",
                errors,
                {"units": voi_unit, "long_name": "standaardfout van de EVPPI"},
            ),
        },
        coords={
            "decision": ("decision", labels, {"long_name": "optie (scenario)", "units": "1"}),
            "decision_title": (
                "decision",
                [sc.title for sc in scenarios],
                {"long_name": "titel van het scenario", "units": "1"},
            ),
            "sample": ("sample", np.arange(samples), {"long_name": "trekking", "units": "1"}),
            "group": ("group", gids, {"long_name": "groep onzekerheden", "units": "1"}),
            "group_parameters": (
                "group",
                [", ".join(groups[g]) for g in gids],
                {"long_name": "parameters in de groep", "units": "1"},
            ),
            "group_size": (
                "group",
                [len(groups[g]) for g in gids],
                {"long_name": "aantal parameters in de groep", "units": "1"},
            ),
            "estimator_method": (
                "group",
                list(methods),
                {
                    "long_name": "regressie: gam (splines), gp (Gaussisch proces) of none",
                    "units": "1",
                },
            ),
            "negligible": (
                "group",
                negligible(values, errors, whole.value).astype(np.int8),
                {"long_name": "verandert geen besluit (1) of wel (0)", "units": "1"},
            ),
        },
        attrs=provenance(
            statistic="value of information",
            estimator="EVPI: Monte Carlo over the samples; EVPPI: nonparametric regression of Strong, Oakley & Brennan (2014, Med Decis Making 34:311-326) on the incremental net benefit against the first option (gam: cubic splines per input with pairwise tensor products among up to 4 inputs, the strongest in a larger group, and a ridge penalty by GCV; gp: a Gaussian process with one length scale per input, leave-one-out fit); standard errors: posterior draws of the regression (Strong et al.'s appendix) and the Monte Carlo error of the mean, in quadrature",
            objective=objective,
            objective_units=unit,
            voi_units=voi_unit,
            samples=samples,
            seed=seed,
            sampling=sampling,
            engine=engine,
            method=method,
            best_decision=best,
            decisions=", ".join(labels),
            parameter_set=base.label,
            parameter_hash=base.digest(),
            common_random_numbers="every option runs on the same draw of the uncertain parameters",
            negligible_rule=f"below twice its standard error or below {NEGLIGIBLE_SHARE:.0%} of the EVPI",
        ),
    )
    ds["negligible"].attrs["units"] = "1"
    return ds
