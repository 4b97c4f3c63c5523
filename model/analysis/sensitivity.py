"""Global sensitivity analysis with SALib: what do the outcomes depend on?

The SALib problem is built from the parameter files' ranges and distributions (one
source of truth, :func:`salib_problem`). The model is called once per batch on the
whole sample matrix (all rows advance together as arrays), and the indices come back
as an :class:`xarray.Dataset` over ``(indicator, parameter)`` — or ``(indicator,
group)`` for grouped indices — with their confidence intervals and a convergence check
that says when the intervals are too wide for the sample size and what size would do.

* :func:`sobol` — Sobol first-order and total indices (``S1``, ``S1_conf``, ``ST``,
  ``ST_conf``), Saltelli's scheme on SALib's ``sobol`` sampler (its matrix built with
  whole-array operations: :func:`saltelli_unit_sample`);
* :func:`morris` — Morris screening (``mu_star``, ``mu_star_conf``, ``sigma``);
* :func:`sobol_indices`, :func:`morris_indices` — the same code path for any vectorised
  function (tested on the Ishigami function's known indices).

How indices are computed (``analyzer``): by default with SALib 1.6's estimators
vectorised over all outputs at once (:mod:`model.analysis.estimators`: the same numbers
as SALib's, bit for bit, tested); ``analyzer="salib"`` calls ``SALib.analyze`` once per
output, the reference; ``analyzer="fast"`` (Sobol only) sums the bootstrap resamples with
one matrix product, intervals equal to SALib's within 1e-12. The result's ``analyzer``
attribute says which one ran.

How samples are drawn: SALib samples the unit hypercube and each column is mapped
through the parameter's own inverse distribution function (the one
:meth:`ParameterSet.sample` uses), so the marginals are those of the parameter files
exactly. SALib's own ``"triang"`` scaling is equivalent where it applies (tested), but
rejects a triangular range whose upper end is negative or whose mode sits at the upper
end, both of which the parameter files allow.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import xarray as xr

from model.analysis.estimators import (
    MORRIS_KEYS,
    SOBOL_KEYS,
    check_bootstrap,
    morris_effects,
    sobol_first_total,
    usable,
)
from model.analysis.sets import default_parameters
from model.analysis.uncertainty import (
    UncertaintyError,
    check_indicators,
    check_seed,
    end_of_year,
    value_at,
)
from model.engine import TimeAxis
from model.policy.indicators import INDICATORS, TARGET_YEAR
from model.policy.parameters import Parameter, ParameterSet, _ppf
from model.policy.scenarios import Scenario
from model.policy.structure import build_structure
from model.run.cluster import check_scheduler, local_workers, run_tasks
from model.run.results import provenance
from model.run.simulation import DEFAULT_ENGINE, simulate
from model.run.sizing import Estimate, check_fits, estimate_sensitivity

METHODS = ("sobol", "morris")
ANALYZERS = ("vectorised", "fast", "salib")
"""How indices are computed: ``vectorised`` (SALib's estimators over all outputs at once,
identical numbers), ``fast`` (as ``vectorised``, the Sobol bootstrap by a matrix product:
intervals within 1e-12 of SALib's) and ``salib`` (``SALib.analyze`` per output)."""
_VECTORISED = "SALib 1.6's estimators vectorised over outputs; identical numbers"
ESTIMATORS: dict[str, dict[str, str]] = {
    "sobol": {
        "vectorised": f"model.analysis.estimators.sobol_first_total ({_VECTORISED})",
        "fast": "model.analysis.estimators.sobol_first_total, exact=False (the bootstrap sums "
        "by a matrix product; intervals within 1e-12 of SALib's)",
        "salib": "SALib.analyze.sobol.analyze, once per output",
    },
    "morris": {
        "vectorised": f"model.analysis.estimators.morris_effects ({_VECTORISED}; elementary "
        "effects in the unit hypercube)",
        "salib": "SALib.analyze.morris.analyze, once per output (elementary effects in the "
        "unit hypercube)",
    },
}
"""What each analyzer runs, per method (the result's ``estimator`` attribute)."""
SOBOL_MIN_N = 64
"""Smallest base sample for Sobol indices (a power of 2); below it the bootstrap
confidence intervals themselves are unreliable."""
MORRIS_MIN_N = 10
"""Smallest number of Morris trajectories."""
DEFAULT_THRESHOLD = 0.1
"""Convergence: widest acceptable half-width of a 95 % confidence interval (Sobol, in
index units) or of mu_star's interval relative to the largest mu_star (Morris)."""
YEARS = range(2024, 2030)
"""Years whose end the default time axis covers."""
BATCH_ROWS = 8192
"""Rows of the sample matrix per call of :func:`model.simulate` (bounds memory: a call
keeps the ledger of every row over time)."""

Outputs = Mapping[str, np.ndarray]
ModelFunction = Callable[[dict[str, np.ndarray]], "Outputs | np.ndarray"]


# --------------------------------------------------------------------------- problem


def _varied(params: ParameterSet, vary: Sequence[str] | None) -> list[str]:
    """Names of the parameters to vary: ``vary`` checked against the ranges, or all uncertain."""
    uncertain = params.uncertain
    if vary is None:
        if not uncertain:
            raise UncertaintyError(
                field="parameters",
                value="none with a range",
                allowed="a parameter set with at least one range",
            )
        return uncertain
    names = [vary] if isinstance(vary, str) else list(vary)
    known = set(
        params
    )  # not `name in params`: ParameterSet.__getitem__ raises ParameterError, not KeyError
    if not names:
        raise UncertaintyError(
            field="vary", value=names, allowed="one or more of: " + ", ".join(uncertain)
        )
    for name in names:
        if name not in known:
            raise UncertaintyError(
                field="vary",
                value=name,
                reason="reason.unknown_parameter",
                allowed="allowed.options",
                options=", ".join(uncertain),
            )
        if name not in uncertain:
            raise UncertaintyError(
                field="vary",
                value=name,
                reason="has no range (fixed in its parameter file or by the scenario's assumptions)",
                allowed=", ".join(uncertain),
            )
    return list(dict.fromkeys(names))


def _group_labels(params: ParameterSet, names: list[str], groups: object) -> list[str] | None:
    """One group label per name, or None for indices per parameter."""
    if groups is None or groups is False:
        return None
    if groups == "group":
        return [params[n].group or n for n in names]
    if isinstance(groups, Mapping):
        known = set(params)
        label_of: dict[str, str] = {}
        for group, members in groups.items():
            if not isinstance(group, str) or not group:
                raise UncertaintyError(
                    field="groups", value=group, allowed="group names as non-empty text"
                )
            members = [members] if isinstance(members, str) else list(members)
            if not members:
                raise UncertaintyError(
                    field=f"groups.{group}", value=members, allowed="one or more parameter names"
                )
            for m in members:
                if m not in known:
                    raise UncertaintyError(
                        field=f"groups.{group}",
                        value=m,
                        reason="reason.unknown_parameter",
                        allowed="allowed.options",
                        options=", ".join(names),
                    )
                if m not in names:
                    raise UncertaintyError(
                        field=f"groups.{group}",
                        value=m,
                        reason="has no range here (fixed, or not among the parameters varied)",
                        allowed=", ".join(names),
                    )
                if m in label_of:
                    raise UncertaintyError(
                        field=f"groups.{group}",
                        value=m,
                        reason=f"already in group {label_of[m]!r}",
                        allowed="each parameter in one group",
                    )
                label_of[m] = group
        return [label_of.get(n, n) for n in names]
    raise UncertaintyError(
        field="groups",
        value=groups,
        allowed='None, "group" (the parameter files\' groups) or a mapping group -> parameter names',
    )


def salib_problem(
    params: ParameterSet,
    *,
    groups: bool | str | Mapping[str, Sequence[str]] | None = False,
    vary: Sequence[str] | None = None,
) -> dict[str, Any]:
    """The SALib problem of the uncertain parameters, from their ranges and distributions.

    Parameters
    ----------
    params : ParameterSet
        Typically ``scenario.parameters()``: the scenario's assumptions are fixed.
    groups : False, None, "group" or mapping, optional
        ``"group"`` groups parameters by their ``group`` field (a parameter without one
        is its own group); a mapping ``{"all co-financing": [names...]}`` names groups
        explicitly (other parameters stay on their own).
    vary : sequence of str, optional
        The parameters to vary (default: every parameter with a range).

    Returns
    -------
    dict
        ``num_vars``, ``names``, ``bounds``, ``dists`` and, with groups, ``groups``.
        A uniform parameter is ``"unif"`` with bounds ``[low, high]``; a triangular one
        is ``"triang"`` with SALib 1.6's bounds ``[low, high, (mode - low) / (high - low)]``
        (peak as a fraction of the width).

    Examples
    --------
    >>> ps = ParameterSet({"k": Parameter("k", "rate", "1/yr", 0.5, source="x", low=0.0, high=2.0, distribution="triangular")})
    >>> salib_problem(ps)["bounds"], salib_problem(ps)["dists"]
    ([[0.0, 2.0, 0.25]], ['triang'])
    """
    names = _varied(params, vary)
    bounds: list[list[float]] = []
    dists: list[str] = []
    for n in names:
        p = params[n]
        lo, hi = float(p.low), float(p.high)  # type: ignore[arg-type]
        if p.distribution == "triangular":
            bounds.append([lo, hi, (p.value - lo) / (hi - lo)])
            dists.append("triang")
        else:
            bounds.append([lo, hi])
            dists.append("unif")
    problem: dict[str, Any] = {
        "num_vars": len(names),
        "names": names,
        "bounds": bounds,
        "dists": dists,
    }
    labels = _group_labels(params, names, groups)
    if labels is not None:
        problem["groups"] = labels
    return problem


def _unit_problem(names: list[str], labels: list[str] | None) -> dict[str, Any]:
    problem: dict[str, Any] = {
        "num_vars": len(names),
        "names": list(names),
        "bounds": [[0.0, 1.0]] * len(names),
    }
    if labels is not None:
        problem["groups"] = list(labels)
    return problem


def to_values(
    params: ParameterSet, unit: np.ndarray, *, names: Sequence[str]
) -> dict[str, np.ndarray]:
    """Map a unit-hypercube sample (rows x len(names)) to parameter values through each
    parameter's inverse distribution function (as :meth:`ParameterSet.sample` does)."""
    return {n: _ppf(params[n], unit[:, j]) for j, n in enumerate(names)}


def saltelli_unit_sample(problem: Mapping[str, Any], n: int, *, seed: int) -> np.ndarray:
    """The unit-hypercube sample matrix of ``SALib.sample.sobol.sample(problem, n,
    calc_second_order=False, seed=seed)`` for a problem with bounds [0, 1], built with
    whole-array operations.

    Same scrambled Sobol' base sequence (``scipy.stats.qmc.Sobol(d=2D, seed=seed)``) and
    the same row layout (per base point: A, then A with the columns of group k taken
    from B for each k, then B), so the numbers are identical to SALib's (tested); SALib
    builds the matrix in a Python loop over rows and columns, which takes seconds at
    N = 1024 and D = 140 and grows as N x D^2.
    """
    from scipy.stats import qmc

    names = list(problem["names"])
    d = len(names)
    labels = list(problem.get("groups") or names)
    unique = list(dict.fromkeys(labels))  # first-appearance order, as SALib's pd.unique
    column_group = np.array([unique.index(g) for g in labels])
    base = qmc.Sobol(d=2 * d, scramble=True, seed=seed).random(n)
    a, b = base[:, :d], base[:, d:]
    rows = np.empty((n, len(unique) + 2, d))
    rows[:] = a[:, None, :]  # every row A ...
    rows[:, 1 + column_group, np.arange(d)] = b  # ... but group k's columns from B in row 1 + k
    rows[:, -1] = b
    return rows.reshape(n * (len(unique) + 2), d)


# --------------------------------------------------------------------------- checks


def _check_n(n: object, method: str) -> int:
    whole = int(n) if isinstance(n, (int, np.integer)) and not isinstance(n, bool) else None
    if method == "sobol":
        if whole is None or whole < SOBOL_MIN_N or whole & (whole - 1):
            raise UncertaintyError(
                field="n",
                value=n,
                reason="reason.not_for_sobol",
                allowed="allowed.power_of_2",
                minimum=SOBOL_MIN_N,
            )
    elif whole is None or whole < MORRIS_MIN_N:
        raise UncertaintyError(
            field="n",
            value=n,
            reason="reason.few_trajectories",
            allowed="allowed.whole_number",
            minimum=MORRIS_MIN_N,
        )
    return whole


def _check_year(year: object) -> int:
    if isinstance(year, bool) or not isinstance(year, (int, np.integer)) or int(year) not in YEARS:
        raise UncertaintyError(
            field="year",
            value=year,
            allowed="allowed.year",
            first=YEARS[0],
            last=YEARS[-1],
        )
    return int(year)


def _outputs(result: Outputs | np.ndarray, rows: int) -> dict[str, np.ndarray]:
    out = {"y": result} if isinstance(result, np.ndarray) else dict(result)
    for k, v in out.items():
        v = np.asarray(v, dtype=float)
        if v.shape != (rows,):
            raise UncertaintyError(
                field=f"output {k}",
                value=f"shape {v.shape}",
                allowed=f"one value per row of the sample matrix, shape ({rows},)",
            )
        out[k] = v
    return out


def _check_analyzer(analyzer: object, method: str) -> str:
    known = list(ESTIMATORS[method])
    if analyzer not in known:
        raise UncertaintyError(
            field="analyzer",
            value=analyzer,
            allowed="allowed.options",
            options=", ".join(known),
        )
    return str(analyzer)


def _next_power_of_2(x: float) -> int:
    return 1 << max(0, math.ceil(math.log2(max(x, 1.0))))


# --------------------------------------------------------------------------- generic


def _coords(
    params: ParameterSet, names: list[str], labels: list[str] | None
) -> tuple[str, dict[str, Any]]:
    if labels is None:
        return "parameter", {
            "parameter": ("parameter", names, {"long_name": "onzekere parameter", "units": "1"}),
            "parameter_description": (
                "parameter",
                [params[n].description for n in names],
                {"long_name": "beschrijving", "units": "1"},
            ),
            "parameter_unit": (
                "parameter",
                [params[n].unit for n in names],
                {"long_name": "eenheid van de parameter", "units": "1"},
            ),
            "parameter_group": (
                "parameter",
                [params[n].group for n in names],
                {"long_name": "groep van de parameter", "units": "1"},
            ),
            "parameter_low": (
                "parameter",
                [float(params[n].low) for n in names],  # type: ignore[arg-type]
                {"long_name": "ondergrens van het bereik", "units": "see parameter_unit"},
            ),
            "parameter_high": (
                "parameter",
                [float(params[n].high) for n in names],  # type: ignore[arg-type]
                {"long_name": "bovengrens van het bereik", "units": "see parameter_unit"},
            ),
        }
    unique = list(dict.fromkeys(labels))
    members = [", ".join(n for n, g in zip(names, labels, strict=True) if g == u) for u in unique]
    return "group", {
        "group": ("group", unique, {"long_name": "groep onzekere parameters", "units": "1"}),
        "group_members": ("group", members, {"long_name": "parameters in de groep", "units": "1"}),
    }


def _dataset(
    variables: dict[str, tuple[np.ndarray, dict[str, Any]]],
    out_ids: list[str],
    dim: str,
    coords: dict[str, Any],
) -> xr.Dataset:
    ds = xr.Dataset(
        coords={"output": ("output", out_ids, {"long_name": "uitkomst", "units": "1"}), **coords}
    )
    for name, (data, attrs) in variables.items():
        dims = ("output", dim) if data.ndim == 2 else ("output",)
        ds[name] = xr.DataArray(data, dims=dims, attrs=attrs)
    return ds


def _rank(values: np.ndarray) -> np.ndarray:
    """Rank per row, 1 = largest; NaN where the value is NaN."""
    order = np.argsort(-np.nan_to_num(values, nan=-np.inf), axis=1, kind="stable")
    ranks = np.empty_like(values)
    np.put_along_axis(
        ranks,
        order,
        np.arange(1, values.shape[1] + 1, dtype=float)[None, :].repeat(values.shape[0], 0),
        axis=1,
    )
    return np.where(np.isnan(values), np.nan, ranks)


def sobol_indices(
    func: ModelFunction,
    params: ParameterSet,
    *,
    n: int,
    seed: int,
    vary: Sequence[str] | None = None,
    groups: bool | str | Mapping[str, Sequence[str]] | None = None,
    conf_level: float = 0.95,
    num_resamples: int = 100,
    threshold: float = DEFAULT_THRESHOLD,
    analyzer: str = "vectorised",
) -> xr.Dataset:
    """Sobol first-order and total indices of a vectorised function.

    The sample matrix (``n * (D + 2)`` rows, D parameters or groups; Saltelli's scheme
    without second-order terms) is SALib's ``sobol`` sampler's on the unit hypercube
    (:func:`saltelli_unit_sample`, identical numbers), is mapped to parameter values,
    handed to ``func`` in one call, and the outputs are analysed with SALib's estimators
    (Saltelli 2010's first-order, Jansen's total-order, bootstrap intervals), all outputs
    at once (:func:`model.analysis.estimators.sobol_first_total`) or, with
    ``analyzer="salib"``, one ``SALib.analyze.sobol.analyze`` call per output.

    Parameters
    ----------
    func : callable
        ``func(values)`` with ``values`` a dict name -> array of rows; returns an array
        of rows or a dict output name -> array of rows.
    params : ParameterSet
        Ranges and distributions of the parameters.
    n : int
        Base sample size, a power of 2 of at least 64.
    seed : int
        Seed of the sampler and of the bootstrap (>= 0): the same seed gives the same numbers.
    vary, groups
        As for :func:`salib_problem`.
    conf_level : float
        Level of the bootstrap confidence intervals.
    num_resamples : int
        Bootstrap resamples.
    threshold : float
        Convergence: the widest acceptable confidence half-width (index units).
    analyzer : {"vectorised", "fast", "salib"}
        ``vectorised``: SALib's numbers, all outputs at once; ``fast``: the same indices,
        the bootstrap sums by a matrix product (intervals within 1e-12 of SALib's, a few
        times faster again); ``salib``: ``SALib.analyze.sobol.analyze`` per output, the
        reference. Recorded in the ``analyzer`` and ``estimator`` attributes.

    Returns
    -------
    xarray.Dataset
        ``S1``, ``S1_conf``, ``ST``, ``ST_conf`` and ``rank`` (1 = largest ST) over
        ``(output, parameter)`` or ``(output, group)``, units ``1``; per output
        ``output_mean``, ``output_std``, ``max_conf``, ``converged`` and ``n_needed``;
        attributes with the method, N, seed, number of model runs and the convergence
        verdict (``convergence_ok``, ``convergence_n_needed``, ``convergence_worst_*``; in words:
        :func:`model.present.wording.convergence_message`).
        An output that does not vary (or is not finite) has NaN indices.

    Examples
    --------
    >>> ps = ParameterSet({k: Parameter(k, k, "1", 0.5, source="x", low=0.0, high=1.0) for k in ("a", "b")})
    >>> si = sobol_indices(lambda v: v["a"] + 0.1 * v["b"], ps, n=256, seed=1)
    >>> [round(float(x), 1) for x in si["ST"].sel(output="y")]
    [1.0, 0.0]
    """
    n = _check_n(n, "sobol")
    seed = check_seed(seed)
    analyzer = _check_analyzer(analyzer, "sobol")
    check_bootstrap(num_resamples, conf_level)
    names = _varied(params, vary)
    labels = _group_labels(params, names, groups)
    problem = _unit_problem(names, labels)
    unit = saltelli_unit_sample(problem, n, seed=seed)
    rows = unit.shape[0]
    outputs = _outputs(func(to_values(params, unit, names=names)), rows)
    dim, coords = _coords(params, names, labels)
    k = len(dict.fromkeys(labels)) if labels is not None else len(names)
    if analyzer == "salib":
        res = _salib_sobol(problem, outputs, k, conf_level, num_resamples, seed + 1)
    else:
        res = sobol_first_total(
            np.stack(list(outputs.values())),
            d=k,
            seed=seed + 1,
            num_resamples=num_resamples,
            conf_level=conf_level,
            exact=analyzer == "vectorised",
        )
    widest = np.fmax(res["S1_conf"], res["ST_conf"])
    max_conf = np.full(len(outputs), np.nan)
    has = ~np.all(np.isnan(widest), axis=1)
    max_conf[has] = np.nanmax(widest[has], axis=1)
    needed = np.array(
        [
            n
            if not np.isfinite(c) or c <= threshold
            else _next_power_of_2(n * (c / threshold) ** 2)
            for c in max_conf
        ]
    )
    pct = f"{conf_level:.0%}"
    variables: dict[str, tuple[np.ndarray, dict[str, Any]]] = {
        "S1": (
            res["S1"],
            {
                "units": "1",
                "long_name": "eerste-orde Sobol-index (aandeel van de variantie door deze onzekerheid alleen)",
                "long_name_en": "first-order Sobol index",
            },
        ),
        "S1_conf": (
            res["S1_conf"],
            {
                "units": "1",
                "long_name": f"halve breedte van het {pct}-betrouwbaarheidsinterval van S1",
                "long_name_en": f"half-width of the {pct} confidence interval of S1",
            },
        ),
        "ST": (
            res["ST"],
            {
                "units": "1",
                "long_name": "totale Sobol-index (aandeel van de variantie inclusief interacties)",
                "long_name_en": "total-order Sobol index",
            },
        ),
        "ST_conf": (
            res["ST_conf"],
            {
                "units": "1",
                "long_name": f"halve breedte van het {pct}-betrouwbaarheidsinterval van ST",
                "long_name_en": f"half-width of the {pct} confidence interval of ST",
            },
        ),
        "rank": (
            _rank(res["ST"]),
            {
                "units": "1",
                "long_name": "rangorde naar totale index (1 = meest invloedrijk)",
                "long_name_en": "rank by total index (1 = most influential)",
            },
        ),
        "output_mean": (
            np.array([y.mean() for y in outputs.values()]),
            {
                "units": "see indicator_units",
                "long_name": "gemiddelde van de uitkomst over de steekproef",
            },
        ),
        "output_std": (
            np.array([y.std() for y in outputs.values()]),
            {
                "units": "see indicator_units",
                "long_name": "standaardafwijking van de uitkomst over de steekproef",
            },
        ),
        "max_conf": (
            max_conf,
            {
                "units": "1",
                "long_name": f"breedste halve {pct}-interval van S1 en ST",
                "threshold": threshold,
            },
        ),
        "converged": (
            np.isfinite(max_conf) & (max_conf <= threshold),
            {"units": "1", "long_name": f"alle {pct}-intervallen smaller dan ±{threshold}"},
        ),
        "n_needed": (
            needed.astype(np.int64),
            {
                "units": "1",
                "long_name": "basissteekproef N die de intervallen onder de drempel brengt (intervallen krimpen met 1/√N)",
            },
        ),
    }
    ds = _dataset(variables, list(outputs), dim, coords)
    ds.attrs.update(
        provenance(
            method="sobol",
            sampler="SALib.sample.sobol.sample (Saltelli scheme, scrambled Sobol' sequence), calc_second_order=False; built vectorised, identical numbers",
            analyzer=analyzer,
            estimator=ESTIMATORS["sobol"][analyzer],
            N=n,
            seed=seed,
            model_runs=rows,
            num_vars=len(names),
            grouped=int(labels is not None),
            conf_level=conf_level,
            num_resamples=num_resamples,
        )
    )
    _convergence_attrs(
        ds, method="sobol", n=n, rows=rows, threshold=threshold, conf_level=conf_level
    )
    return ds


def _salib_sobol(
    problem: dict[str, Any],
    outputs: dict[str, np.ndarray],
    k: int,
    conf_level: float,
    num_resamples: int,
    seed: int,
) -> dict[str, np.ndarray]:
    """``SALib.analyze.sobol.analyze`` once per usable output (NaN for the others)."""
    from SALib.analyze import sobol as sobol_analyze

    res = {key: np.full((len(outputs), k), np.nan) for key in SOBOL_KEYS}
    for i, y in enumerate(outputs.values()):
        if not usable(y)[0]:
            continue
        with warnings.catch_warnings(), np.errstate(divide="ignore", invalid="ignore"):
            warnings.simplefilter("ignore", RuntimeWarning)
            si = sobol_analyze.analyze(
                dict(problem),
                y,
                calc_second_order=False,
                conf_level=conf_level,
                num_resamples=num_resamples,
                seed=seed,
            )
        for key in SOBOL_KEYS:
            res[key][i] = np.asarray(si[key], dtype=float)
    return res


def _salib_morris(
    problem: dict[str, Any],
    unit: np.ndarray,
    outputs: dict[str, np.ndarray],
    k: int,
    num_levels: int,
    conf_level: float,
    num_resamples: int,
    seed: int,
) -> dict[str, np.ndarray]:
    """``SALib.analyze.morris.analyze`` once per finite output (NaN for the others)."""
    from SALib.analyze import morris as morris_analyze

    res = {key: np.full((len(outputs), k), np.nan) for key in MORRIS_KEYS}
    for i, y in enumerate(outputs.values()):
        if not np.all(np.isfinite(y)):
            continue
        with warnings.catch_warnings(), np.errstate(divide="ignore", invalid="ignore"):
            warnings.simplefilter("ignore", RuntimeWarning)
            si = morris_analyze.analyze(
                dict(problem),
                unit,
                y,
                num_resamples=num_resamples,
                conf_level=conf_level,
                num_levels=num_levels,
                seed=seed,
            )
        for key in MORRIS_KEYS:
            res[key][i] = np.asarray(si[key], dtype=float)
    return res


def morris_indices(
    func: ModelFunction,
    params: ParameterSet,
    *,
    n: int,
    seed: int,
    vary: Sequence[str] | None = None,
    groups: bool | str | Mapping[str, Sequence[str]] | None = None,
    num_levels: int = 4,
    conf_level: float = 0.95,
    num_resamples: int = 100,
    threshold: float = DEFAULT_THRESHOLD,
    analyzer: str = "vectorised",
) -> xr.Dataset:
    """Morris elementary-effects screening of a vectorised function.

    ``n`` trajectories of ``D + 1`` points (``SALib.sample.morris.sample`` on the unit
    hypercube, ``num_levels`` grid levels) are evaluated in one call of ``func`` and
    analysed with SALib's estimators, all outputs at once
    (:func:`model.analysis.estimators.morris_effects`, identical numbers) or, with
    ``analyzer="salib"``, one ``SALib.analyze.morris.analyze`` call per output.
    Elementary effects are taken in the unit hypercube, so ``mu_star`` is the mean
    absolute change of the output when a parameter moves across its whole range (in
    probability), in the output's units.

    Returns
    -------
    xarray.Dataset
        ``mu_star``, ``mu_star_conf``, ``sigma``, ``mu`` and ``rank`` (1 = largest
        mu_star) over ``(output, parameter)`` or ``(output, group)``; per output
        ``max_relative_conf`` (widest mu_star interval / largest mu_star), ``converged``
        and ``n_needed`` (trajectories); convergence attributes as for :func:`sobol_indices`.
        An output that does not vary has zero effects.
    """
    from SALib.sample import morris as morris_sample

    n = _check_n(n, "morris")
    seed = check_seed(seed)
    analyzer = _check_analyzer(analyzer, "morris")
    check_bootstrap(num_resamples, conf_level)
    if (
        isinstance(num_levels, bool)
        or not isinstance(num_levels, int)
        or num_levels < 2
        or num_levels % 2
    ):
        raise UncertaintyError(
            field="num_levels",
            value=num_levels,
            allowed="allowed.even_levels",
        )
    names = _varied(params, vary)
    labels = _group_labels(params, names, groups)
    problem = _unit_problem(names, labels)
    unit = morris_sample.sample(dict(problem), n, num_levels=num_levels, seed=seed)
    rows = unit.shape[0]
    outputs = _outputs(func(to_values(params, unit, names=names)), rows)
    dim, coords = _coords(params, names, labels)
    k = len(dict.fromkeys(labels)) if labels is not None else len(names)
    if analyzer == "salib":
        res = _salib_morris(
            problem, unit, outputs, k, num_levels, conf_level, num_resamples, seed + 1
        )
    else:
        res = morris_effects(
            unit,
            np.stack(list(outputs.values())),
            groups=labels,
            num_levels=num_levels,
            seed=seed + 1,
            num_resamples=num_resamples,
            conf_level=conf_level,
        )
    top = np.nanmax(np.where(np.isnan(res["mu_star"]), -np.inf, res["mu_star"]), axis=1)
    widest = np.nanmax(
        np.where(np.isnan(res["mu_star_conf"]), -np.inf, res["mu_star_conf"]), axis=1
    )
    with np.errstate(divide="ignore", invalid="ignore"):
        rel = np.where(top > 0, widest / top, np.nan)
    needed = np.array(
        [
            n
            if not np.isfinite(r) or r <= threshold
            else int(math.ceil(n * (r / threshold) ** 2 / 10.0) * 10)
            for r in rel
        ]
    )
    pct = f"{conf_level:.0%}"
    variables: dict[str, tuple[np.ndarray, dict[str, Any]]] = {
        "mu_star": (
            res["mu_star"],
            {
                "units": "see indicator_units",
                "long_name": "gemiddeld absoluut elementair effect (verandering van de uitkomst over het hele bereik)",
                "long_name_en": "mean absolute elementary effect",
            },
        ),
        "mu_star_conf": (
            res["mu_star_conf"],
            {
                "units": "see indicator_units",
                "long_name": f"halve breedte van het {pct}-betrouwbaarheidsinterval van mu_star",
            },
        ),
        "sigma": (
            res["sigma"],
            {
                "units": "see indicator_units",
                "long_name": "standaardafwijking van de elementaire effecten (interacties, niet-lineariteit)",
            },
        ),
        "mu": (
            res["mu"],
            {
                "units": "see indicator_units",
                "long_name": "gemiddeld elementair effect (met teken)",
            },
        ),
        "rank": (
            _rank(res["mu_star"]),
            {"units": "1", "long_name": "rangorde naar mu_star (1 = meest invloedrijk)"},
        ),
        "max_relative_conf": (
            rel,
            {
                "units": "1",
                "long_name": "breedste interval van mu_star gedeeld door de grootste mu_star",
                "threshold": threshold,
            },
        ),
        "converged": (
            np.isfinite(rel) & (rel <= threshold),
            {
                "units": "1",
                "long_name": f"alle {pct}-intervallen van mu_star smaller dan {threshold:.0%} van de grootste mu_star",
            },
        ),
        "n_needed": (
            needed.astype(np.int64),
            {
                "units": "1",
                "long_name": "aantal trajecten dat de intervallen onder de drempel brengt",
            },
        ),
    }
    ds = _dataset(variables, list(outputs), dim, coords)
    ds.attrs.update(
        provenance(
            method="morris",
            sampler=f"SALib.sample.morris.sample, num_levels={num_levels}",
            analyzer=analyzer,
            estimator=ESTIMATORS["morris"][analyzer],
            N=n,
            seed=seed,
            model_runs=rows,
            num_vars=len(names),
            grouped=int(labels is not None),
            conf_level=conf_level,
            num_resamples=num_resamples,
            num_levels=num_levels,
        )
    )
    _convergence_attrs(
        ds, method="morris", n=n, rows=rows, threshold=threshold, conf_level=conf_level
    )
    return ds


def _convergence_attrs(
    ds: xr.Dataset, *, method: str, n: int, rows: int, threshold: float, conf_level: float
) -> None:
    """Set the ``convergence_*`` attributes: the verdict and what it rests on, as numbers
    and names (:func:`model.present.wording.convergence_message` says it in words).

    ``convergence_worst_output`` is the output with the widest interval and
    ``convergence_worst_index`` / ``convergence_worst_parameter`` the index (``S1``,
    ``ST`` or ``mu_star``) and the parameter (or group) where it is widest;
    ``convergence_constant`` lists the outputs that do not vary (comma-separated).
    """
    wide = ds["max_conf"] if method == "sobol" else ds["max_relative_conf"]
    dim = "parameter" if "parameter" in ds.dims else "group"
    finite = wide.where(np.isfinite(wide), drop=True)
    constant = [str(o) for o in ds["output"].values[~np.isfinite(wide.values)]]
    worst_output = worst_index = worst_parameter = ""
    if finite.size == 0:
        ok, needed = True, n
    else:
        worst_output = str(finite.idxmax("output").values)
        ok = float(finite.max()) <= threshold
        needed = int(ds["n_needed"].max())
        if method == "sobol":
            row = ds.sel(output=worst_output)
            conf = np.fmax(row["S1_conf"].values, row["ST_conf"].values)
            j = int(np.nanargmax(conf))
            worst_index = "ST" if row["ST_conf"].values[j] >= row["S1_conf"].values[j] else "S1"
            worst_parameter = str(ds[dim].values[j])
        else:
            worst_index = "mu_star"
    ds.attrs.update(
        convergence_ok=int(ok),
        convergence_threshold=threshold,
        convergence_max=float(finite.max()) if finite.size else float("nan"),
        convergence_n_needed=int(needed),
        convergence_method=method,
        convergence_n=int(n),
        convergence_rows=int(rows),
        convergence_conf_level=float(conf_level),
        convergence_worst_output=worst_output,
        convergence_worst_index=worst_index,
        convergence_worst_parameter=worst_parameter,
        convergence_constant=",".join(constant),
    )


# --------------------------------------------------------------------------- the model


def modelled_indicators() -> list[str]:
    """Ids of the doelenboom indicators the model computes now."""
    names = set(build_structure().names)
    return [i for i in INDICATORS if i in names]


@dataclass(frozen=True)
class Batch:
    """Rows ``start`` onwards of a sensitivity analysis' sample matrix: plain data that
    runs the same here and on a Dask worker (:func:`model.run.cluster.run_tasks`)."""

    scenario: Scenario
    start: int
    values: dict[str, np.ndarray]
    indicators: tuple[str, ...]
    year: int
    parameters: ParameterSet | None
    options: dict[str, Any] = field(default_factory=dict)

    def run(self) -> tuple[int, dict[str, np.ndarray]]:
        """``(start, indicator -> values of these rows)``."""
        rows = len(next(iter(self.values.values())))
        ds = simulate(
            self.scenario,
            samples=rows,
            parameters=self.parameters,
            drawn=self.values,
            detail="indicators",
            time=TimeAxis(end=f"{int(self.year) + 1}-01"),
            variants=("plan",),  # the counterfactual and the ledger are not analysed here
            with_ledger=False,
            **self.options,
        )
        at = end_of_year(self.year)
        return self.start, {
            i: value_at(ds[i].sel(variant="plan"), at).values for i in self.indicators
        }


def run_batch(batch: Batch) -> tuple[int, dict[str, np.ndarray]]:
    """:meth:`Batch.run` as a plain function (what a Dask worker is sent)."""
    return batch.run()


def model_outputs(
    scenario: Scenario,
    values: dict[str, np.ndarray],
    *,
    indicators: Sequence[str],
    year: int = TARGET_YEAR,
    parameters: ParameterSet | None = None,
    batch_rows: int = BATCH_ROWS,
    progress: Callable[[int, int], None] | None = None,
    scheduler: Any = None,
    engine: str = DEFAULT_ENGINE,
    **simulate_options: Any,
) -> dict[str, np.ndarray]:
    """The plan's indicators at the end of ``year`` for every row of ``values``.

    Each batch of rows is one vectorised call of :func:`model.simulate` (rows advance
    together; no loop over samples) on a time axis that stops at the end of ``year``
    (the model is causal, so later months cannot change it). Regional indicators are
    averaged over the regions. With ``scheduler`` (:mod:`model.run.cluster`) the batches
    run on Dask; the batches and so the numbers are the same.
    """
    rows = len(next(iter(values.values())))
    out = {i: np.empty(rows) for i in indicators}
    batches = [
        Batch(
            scenario=scenario,
            start=start,
            values={k: v[start : start + batch_rows] for k, v in values.items()},
            indicators=tuple(indicators),
            year=int(year),
            parameters=parameters,
            options={"engine": engine, **simulate_options},
        )
        for start in range(0, rows, batch_rows)
    ]
    done = 0

    def consume(result: tuple[int, dict[str, np.ndarray]]) -> None:
        nonlocal done
        start, found = result
        for i, v in found.items():
            out[i][start : start + len(v)] = v
        done += len(next(iter(found.values()))) if found else 0
        if progress is not None:
            progress(done, rows)

    run_tasks(run_batch, batches, consume=consume, scheduler=scheduler)
    return out


def size_estimate(
    method: str,
    scenario: Scenario,
    *,
    n: int,
    indicator: str | Sequence[str] | None = None,
    year: int = TARGET_YEAR,
    groups: bool | str | Mapping[str, Sequence[str]] | None = None,
    vary: Sequence[str] | None = None,
    parameters: ParameterSet | None = None,
    batch_rows: int = BATCH_ROWS,
    scheduler: Any = None,
) -> Estimate:
    """Peak memory and rough time of :func:`sobol` or :func:`morris` with these
    arguments (:func:`model.run.sizing.estimate_sensitivity`; a local Dask cluster's
    workers each hold a batch), without running anything.

    Examples
    --------
    >>> from model import load_scenario
    >>> size_estimate("sobol", load_scenario("baseline"), n=256).bytes < 2e9
    True
    """
    params = scenario.parameters(parameters if parameters is not None else default_parameters())
    names = _varied(params, vary)
    labels = _group_labels(params, names, groups)
    ids = check_indicators(indicator, modelled_indicators())
    return estimate_sensitivity(
        method=method,
        n=_check_n(n, method),
        parameters=len(dict.fromkeys(labels)) if labels is not None else len(names),
        varied=len(names),
        indicators=len(ids),
        steps=len(TimeAxis(end=f"{_check_year(year) + 1}-01")),
        batch_rows=batch_rows,
        workers=local_workers(scheduler),
    )


def _model_analysis(
    method: str,
    scenario: Scenario,
    *,
    n: int,
    seed: int,
    indicator: str | Sequence[str] | None,
    year: int,
    groups: bool | str | Mapping[str, Sequence[str]] | None,
    vary: Sequence[str] | None,
    parameters: ParameterSet | None,
    batch_rows: int,
    progress: Callable[[int, int], None] | None,
    scheduler: Any,
    simulate_options: dict[str, Any],
    engine: str = DEFAULT_ENGINE,
    **options: Any,
) -> xr.Dataset:
    _check_n(n, method)
    check_seed(seed)
    scheduler = check_scheduler(scheduler)
    year = _check_year(year)
    ids = check_indicators(indicator, modelled_indicators())
    base = parameters if parameters is not None else default_parameters()
    params = scenario.parameters(base)
    # sized before the sample matrix is drawn: what does not fit this machine is refused now
    estimate = size_estimate(
        method,
        scenario,
        n=n,
        indicator=ids,
        year=year,
        groups=groups,
        vary=vary,
        parameters=base,
        batch_rows=batch_rows,
        scheduler=scheduler,
    )
    check_fits(
        estimate,
        field="n",
        value=n,
        advice=("fewer", "machine", "later", *(("groups",) if groups is None else ())),
        options={"groups": 'groups="group"', "scheduler": 'scheduler="ADDRESS"'},
    )

    def func(values: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
        return model_outputs(
            scenario,
            values,
            indicators=ids,
            year=year,
            parameters=base,
            batch_rows=batch_rows,
            progress=progress,
            scheduler=scheduler,
            engine=engine,
            **simulate_options,
        )

    run = sobol_indices if method == "sobol" else morris_indices
    ds = run(func, params, n=n, seed=seed, vary=vary, groups=groups, **options)
    ds = ds.rename({"output": "indicator"})
    ds = ds.assign_coords(
        indicator_name=(
            "indicator",
            [INDICATORS[i].nl for i in ids],
            {"long_name": "naam van de indicator", "units": "1"},
        ),
        indicator_units=(
            "indicator",
            [INDICATORS[i].units for i in ids],
            {"long_name": "eenheid van de indicator", "units": "1"},
        ),
        indicator_level=(
            "indicator",
            [INDICATORS[i].level for i in ids],
            {"long_name": "output of outcome", "units": "1"},
        ),
        goal=("indicator", [INDICATORS[i].goal for i in ids], {"long_name": "doel", "units": "1"}),
    )
    ds["indicator"].attrs.update(long_name="indicator (id uit de doelenboom)", units="1")
    ds.attrs.update(
        scenario=scenario.name,
        scenario_title=scenario.title,
        scenario_source=scenario.source,
        parameter_set=base.label,
        parameter_hash=params.digest(),
        year=year,
        time_point=f"end of {year} (value at {year + 1}-01-01), variant plan; regions averaged",
    )
    return ds


def sobol(
    scenario: Scenario,
    *,
    n: int,
    seed: int,
    indicator: str | Sequence[str] | None = None,
    year: int = TARGET_YEAR,
    groups: bool | str | Mapping[str, Sequence[str]] | None = None,
    vary: Sequence[str] | None = None,
    parameters: ParameterSet | None = None,
    threshold: float = DEFAULT_THRESHOLD,
    conf_level: float = 0.95,
    num_resamples: int = 100,
    batch_rows: int = BATCH_ROWS,
    progress: Callable[[int, int], None] | None = None,
    engine: str = DEFAULT_ENGINE,
    analyzer: str = "vectorised",
    scheduler: Any = None,
    **simulate_options: Any,
) -> xr.Dataset:
    """Sobol first-order and total indices of the model's indicators for ``scenario``.

    Parameters
    ----------
    scenario : Scenario
        Its assumptions fix parameters, which then are not varied.
    n : int
        Base sample, a power of 2 of at least 64; the model runs ``n * (D + 2)`` times
        (D uncertain parameters, or groups).
    seed : int
        Same seed, same numbers.
    indicator : str or sequence of str, optional
        Indicator ids (default: every indicator the model computes).
    year : int
        The indicators' value at the end of this year (default 2027), plan variant.
    groups : None, "group" or mapping, optional
        Grouped indices: by the parameter files' ``group`` field, or named groups
        such as ``{"all co-financing": [...]}``.
    vary : sequence of str, optional
        Vary only these parameters (others stay at their default value).
    parameters : ParameterSet, optional
        Default :func:`model.analysis.sets.default_parameters` (a calibrated parameter
        varies uniformly over its posterior 5-95 %: the indices need independent inputs).
    threshold : float
        Convergence threshold on the confidence half-widths.
    engine : {"compiled", "numpy"}
        The engine of the model runs (default the compiled kernel).
    analyzer : {"vectorised", "fast", "salib"}
        How the indices are computed (:func:`sobol_indices`): SALib's numbers for all
        indicators at once (default), the same with the bootstrap by a matrix product,
        or SALib's own ``analyze`` per indicator.
    scheduler : None, "local", str or distributed.Client, optional
        Run the batches of the sample matrix on Dask (:mod:`model.run.cluster`):
        ``"local"`` (a worker per core) or a running cluster's address; the indices are
        those of the run in this process, bit for bit.
    **simulate_options
        Passed to :func:`model.simulate` for every batch (e.g. ``method``).

    Returns
    -------
    xarray.Dataset
        ``S1``, ``S1_conf``, ``ST``, ``ST_conf``, ``rank`` over ``(indicator,
        parameter)`` (or ``(indicator, group)``), plus per-indicator convergence
        variables and attributes; see :func:`sobol_indices`.

    Raises
    ------
    UncertaintyError
        An unknown or not-modelled indicator, ``n`` not a power of 2 of at least 64,
        a parameter or group member without a range, a year outside 2024–2029.

    Examples
    --------
    >>> from model import load_scenario
    >>> si = sobol(load_scenario("baseline"), n=64, seed=1, indicator="poverty_literacy_projects",
    ...            vary=["poverty_project_cost", "poverty_project_duration"])
    >>> top_parameters(si, "poverty_literacy_projects", k=1)[0][0]
    'poverty_project_cost'
    """
    return _model_analysis(
        "sobol",
        scenario,
        n=n,
        seed=seed,
        indicator=indicator,
        year=year,
        groups=groups,
        vary=vary,
        parameters=parameters,
        batch_rows=batch_rows,
        progress=progress,
        scheduler=scheduler,
        simulate_options=simulate_options,
        engine=engine,
        threshold=threshold,
        conf_level=conf_level,
        num_resamples=num_resamples,
        analyzer=analyzer,
    )


def morris(
    scenario: Scenario,
    *,
    n: int,
    seed: int,
    indicator: str | Sequence[str] | None = None,
    year: int = TARGET_YEAR,
    groups: bool | str | Mapping[str, Sequence[str]] | None = None,
    vary: Sequence[str] | None = None,
    parameters: ParameterSet | None = None,
    num_levels: int = 4,
    threshold: float = DEFAULT_THRESHOLD,
    conf_level: float = 0.95,
    num_resamples: int = 100,
    batch_rows: int = BATCH_ROWS,
    progress: Callable[[int, int], None] | None = None,
    engine: str = DEFAULT_ENGINE,
    analyzer: str = "vectorised",
    scheduler: Any = None,
    **simulate_options: Any,
) -> xr.Dataset:
    """Morris screening of the model's indicators for ``scenario``: ``n`` trajectories
    (at least 10), ``n * (D + 1)`` model runs. Arguments as for :func:`sobol`
    (``analyzer``: ``"vectorised"`` or ``"salib"``).

    Returns
    -------
    xarray.Dataset
        ``mu_star``, ``mu_star_conf``, ``sigma``, ``mu``, ``rank`` over ``(indicator,
        parameter)`` (or ``group``), in the indicator's units per move across the
        parameter's range; convergence as for :func:`morris_indices`. ``scheduler`` and
        ``simulate_options`` as for :func:`sobol`.
    """
    return _model_analysis(
        "morris",
        scenario,
        n=n,
        seed=seed,
        indicator=indicator,
        year=year,
        groups=groups,
        vary=vary,
        parameters=parameters,
        batch_rows=batch_rows,
        progress=progress,
        scheduler=scheduler,
        simulate_options=simulate_options,
        engine=engine,
        num_levels=num_levels,
        threshold=threshold,
        conf_level=conf_level,
        num_resamples=num_resamples,
        analyzer=analyzer,
    )


def top_parameters(ds: xr.Dataset, indicator: str, *, k: int = 5) -> list[tuple[str, float, float]]:
    """The ``k`` most influential uncertainties for one indicator: (name, index, conf),
    by ST for Sobol and mu_star for Morris; empty when the indicator does not vary."""
    key, conf = ("ST", "ST_conf") if "ST" in ds else ("mu_star", "mu_star_conf")
    dim = "parameter" if "parameter" in ds.dims else "group"
    row = ds.sel(indicator=indicator)
    values = row[key].values
    if np.all(np.isnan(values)):
        return []
    order = np.argsort(-np.nan_to_num(values, nan=-np.inf), kind="stable")[:k]
    return [(str(ds[dim].values[j]), float(values[j]), float(row[conf].values[j])) for j in order]


__all__ = [
    "ANALYZERS",
    "METHODS",
    "MORRIS_MIN_N",
    "SOBOL_MIN_N",
    "Parameter",
    "model_outputs",
    "modelled_indicators",
    "morris",
    "morris_indices",
    "salib_problem",
    "saltelli_unit_sample",
    "sobol",
    "sobol_indices",
    "to_values",
    "top_parameters",
]
