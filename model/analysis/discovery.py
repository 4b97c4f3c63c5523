"""Scenario discovery: which combinations of uncertainties make a target fail?

For a chosen indicator, an ensemble marks every sample as success or failure (an
output against its 2027 target; an outcome against 2023 or against no reserve). A
shallow classification tree (CART, Breiman et al. 1984; scikit-learn's
``DecisionTreeClassifier``), as compared with PRIM for scenario discovery by Lempert,
Bryant and Bankes (2008), then splits the space of uncertainties into boxes where
failures concentrate. Each box is reported with

* **coverage** — the share of all failures that fall inside the box;
* **density** — the share of samples inside the box that fail;
* **mass** — the share of all samples inside the box;
* the restricted uncertainties and their limits, and
* a ``status``: boxes found, or why there are none.

The results are numbers; :func:`model.present.wording.discovery_sentences` says each box
in Dutch or English, e.g. *"Het doel wordt bijna nooit gehaald als ... boven 61,4
k€/project ligt (dekking 64,2 %, dichtheid 100 %)"*.

How a box is found (:func:`find_boxes`):

1. The tree is grown to depth ``max_dims`` (so a box restricts at most that many
   uncertainties) on the ``screen`` uncertainties whose distributions differ most
   between failures and successes (Kolmogorov–Smirnov), with leaves of at least
   ``mass_min`` of the samples (at most half the failures), and failures and successes
   weighted equally (``balanced``: CART with equal priors, so that the splits do not
   depend on how rare failure is).
2. Every node of the tree is a candidate box: the conditions on the path from the root,
   the tightest per uncertainty and side. A path from the root to a leaf is a sequence
   of nested boxes of decreasing coverage, like PRIM's peeling trajectory.
3. Each candidate is pruned: repeatedly, the limit whose removal lowers the density
   least is dropped, as long as that loss is at most ``min_gain`` (5 percentage points).
   The tree needs some conditions only to separate *other* leaves, and with many
   uncertainties some splits fit noise; a limit that does not buy a visible rise in
   density does not belong in the sentence. The criterion is in the unit the sentence
   reports (density), unlike cost-complexity pruning, which weighs the whole tree's
   impurity and would keep or drop a split regardless of what it does to one box.
   Each remaining limit's quasi-p value (Bryant & Lempert 2010) is reported as a check.
4. As in PRIM, the densest candidate with a coverage of at least ``min_coverage`` is
   chosen, else the one with the largest coverage x density; boxes less dense than
   ``min_density`` (or than failure overall) are not reported.
5. The next box is looked for by a new tree on the samples outside the earlier boxes.

Coverage, density and mass are those of the reported limits over *all* samples, so
each sentence is literally true; a later box may overlap an earlier one
(``coverage_total`` is the share of failures in at least one box).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd
import xarray as xr

from model.analysis.sets import default_parameters
from model.analysis.uncertainty import (
    CRITERIA,
    UncertaintyError,
    check_indicators,
    check_seed,
    draw,
    indicators_in,
    success,
)
from model.engine import TimeAxis
from model.policy.indicators import INDICATORS
from model.policy.parameters import ParameterSet
from model.policy.scenarios import Scenario
from model.run.results import provenance
from model.run.simulation import DEFAULT_ENGINE, check_run_size, simulate

MIN_FAILURES = 5
"""Fewer failing (or succeeding) samples than this leave no pattern to find."""

STATUSES = ("found", "all_met", "all_failed", "too_few_failures", "too_few_successes", "no_region")
"""What a discovery found (the ``status`` attribute): boxes, or why there are none."""

DISCOVERY_TIME = TimeAxis(end="2028-01")
"""Discovery reads the end of 2027 only, so its runs stop there."""


# --------------------------------------------------------------------------- CART boxes


def find_boxes(
    x: Mapping[str, np.ndarray] | pd.DataFrame,
    failed: np.ndarray,
    *,
    params: ParameterSet,
    max_boxes: int = 2,
    max_dims: int = 3,
    min_coverage: float = 0.5,
    min_density: float = 0.5,
    min_gain: float = 0.05,
    mass_min: float = 0.05,
    balanced: bool = True,
    screen: int | None = 12,
) -> xr.Dataset:
    """Boxes where ``failed`` concentrates in the space of ``x``, from a shallow CART tree.

    Parameters
    ----------
    x : mapping of str to array, or DataFrame
        The uncertainties' sampled values, one column per parameter.
    failed : array of bool
        One per sample: True where the target fails.
    params : ParameterSet
        Descriptions and units of the parameters, for the sentences.
    max_boxes : int
        Boxes to find; each next box is looked for among the samples that earlier
        boxes do not contain (a new tree on those), so it adds failures not yet covered.
    max_dims : int
        Depth of the tree, and so the most restricted uncertainties a box can have
        (readability).
    min_coverage : float
        Every node of the tree is a candidate box (a path from the root to a leaf is a
        sequence of nested boxes, like PRIM's peeling trajectory). The densest candidate
        that covers at least this share of the failures (not yet covered) is chosen; if
        none does, the candidate with the largest coverage x density.
    min_density : float
        Boxes less dense than this, or than failure over all samples, are not reported.
    min_gain : float
        A limit stays in a box only if dropping it would lower the box's density by
        more than this (0.05: five percentage points; with 0, every limit that raises
        the density at all stays); see the module docstring.
    mass_min : float
        Smallest box, as a share of all samples (the tree's ``min_samples_leaf``);
        never more than half the failures, so that rare failures can form a dense box.
    balanced : bool
        Weigh failures and successes equally when growing the tree (CART with equal
        priors), so that the splits do not depend on how rare failure is. Coverage and
        density are always plain counts of samples.
    screen : int or None
        Give the tree only the ``screen`` uncertainties whose distribution differs most
        between failing and succeeding samples (two-sample Kolmogorov–Smirnov
        statistic); None gives it all. Not for speed (a tree on all ~140 uncertainties
        takes milliseconds) but against chance: the fewer columns the tree searches,
        the less often a limit on an irrelevant uncertainty survives pruning. An
        uncertainty that matters only jointly, with no trace in its own distribution,
        is lost by screening, but a greedy tree would not split on it first either.

    Returns
    -------
    xarray.Dataset
        Over ``box`` (possibly empty) and ``parameter``: ``coverage``, ``density``,
        ``mass`` (share of all samples in the box), ``n_restricted``, ``lower`` and
        ``upper`` (the limits, a sample is inside when ``lower < value <= upper``; NaN
        where that side is not restricted), ``qp_value`` and ``limit_order`` (the order in
        which a box's limits were found, the order its sentence names them); attributes ``samples``,
        ``failures``, ``failure_rate`` and ``status`` (one of :data:`STATUSES`: boxes
        found, or why there are none: the target never or always fails, too few
        failures or successes, no simple region). Coverage, density and
        mass are those of the reported limits over all samples, so a later box may
        overlap an earlier one.

    Examples
    --------
    >>> from model.policy.parameters import Parameter
    >>> rng = np.random.default_rng(0)
    >>> x = {"a": rng.random(2000), "b": rng.random(2000)}
    >>> ps = ParameterSet({k: Parameter(k, f"parameter {k}", "1", 0.5, source="x", low=0.0, high=1.0) for k in x})
    >>> boxes = find_boxes(x, x["a"] < 0.3, params=ps, max_boxes=1)
    >>> round(float(boxes["upper"].sel(box=1, parameter="a")), 1)
    0.3
    """
    frame = (
        pd.DataFrame({k: np.asarray(v, dtype=float) for k, v in x.items()})
        if not isinstance(x, pd.DataFrame)
        else x.astype(float)
    )
    y = np.asarray(failed)
    if y.dtype != bool or y.ndim != 1 or len(y) != len(frame):
        raise UncertaintyError(
            field="failed",
            value=f"{y.dtype} array of shape {y.shape}",
            allowed=f"a bool array with one value per sample ({len(frame)})",
        )
    if frame.shape[1] == 0:
        raise UncertaintyError(
            field="x", value="no columns", allowed="one or more sampled uncertainties"
        )
    if not np.isfinite(frame.to_numpy()).all():
        raise UncertaintyError(
            field="x", value="values that are NaN or infinite", allowed="finite sampled values"
        )
    for name, value in (("max_boxes", max_boxes), ("max_dims", max_dims)):
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise UncertaintyError(field=name, value=value, allowed="a whole number of at least 1")
    for name, share in (
        ("min_coverage", min_coverage),
        ("min_density", min_density),
        ("min_gain", min_gain),
        ("mass_min", mass_min),
    ):
        if (
            isinstance(share, bool)
            or not isinstance(share, (int, float))
            or not 0.0 <= share <= 1.0
        ):
            raise UncertaintyError(field=name, value=share, allowed="a number from 0 to 1")
    if screen is not None and (
        isinstance(screen, bool) or not isinstance(screen, int) or screen < 1
    ):
        raise UncertaintyError(
            field="screen", value=screen, allowed="None or a whole number of at least 1"
        )
    n, n_fail = len(y), int(y.sum())
    names = [str(c) for c in frame.columns]
    boxes: list[dict[str, Any]] = []
    if n_fail == 0:
        status = "all_met"
    elif n_fail == n:
        status = "all_failed"
    elif min(n_fail, n - n_fail) < MIN_FAILURES:
        status = "too_few_failures" if n_fail < MIN_FAILURES else "too_few_successes"
    else:
        columns = _screened(frame, y, screen)
        boxes = _tree_boxes(
            frame[columns],
            y,
            max_boxes=max_boxes,
            max_dims=max_dims,
            min_coverage=min_coverage,
            min_density=min_density,
            min_gain=min_gain,
            mass_min=mass_min,
            balanced=balanced,
        )
        status = "found" if boxes else "no_region"
    union = np.zeros(n, dtype=bool)
    for b in boxes:
        union |= b["inside"]
    total = float((union & y).sum() / n_fail) if n_fail else float("nan")
    return _boxes_dataset(
        boxes,
        names,
        params,
        n=n,
        n_fail=n_fail,
        status=status,
        settings={
            "coverage_total": total,
            "max_boxes": max_boxes,
            "max_dims": max_dims,
            "min_coverage": min_coverage,
            "min_density": min_density,
            "min_gain": min_gain,
            "mass_min": mass_min,
            "balanced": int(balanced),
            "screen": -1 if screen is None else screen,
        },
    )


def _screened(frame: pd.DataFrame, y: np.ndarray, screen: int | None) -> list[str]:
    """The ``screen`` columns whose values differ most between failures and successes."""
    names = list(frame.columns)
    if screen is None or len(names) <= screen:
        return names
    from scipy.stats import ks_2samp

    values = frame.to_numpy()
    statistic = np.atleast_1d(ks_2samp(values[y], values[~y], axis=0).statistic)
    keep = np.sort(np.argsort(-statistic, kind="stable")[:screen])
    return [names[j] for j in keep]


# A box is a list of limits (column, is_upper, threshold): ``value <= threshold`` for an
# upper limit, ``value > threshold`` for a lower one (the convention of the tree's splits).
_Limit = tuple[int, bool, float]


def _inside_each(values: np.ndarray, limits: list[_Limit]) -> np.ndarray:
    """(samples, limits) bool: does each sample satisfy each limit?"""
    if not limits:
        return np.ones((len(values), 0), dtype=bool)
    cols = values[:, [j for j, _, _ in limits]]
    upper = np.array([u for _, u, _ in limits])
    t = np.array([t for _, _, t in limits])
    return np.where(upper, cols <= t, cols > t)


def _share(part: np.ndarray, whole: np.ndarray) -> np.ndarray:
    """``part / whole`` with 0 where ``whole`` is 0."""
    return np.divide(
        part, whole, out=np.zeros(np.shape(part), dtype=float), where=np.asarray(whole) > 0
    )


def _prune(
    values: np.ndarray, y: np.ndarray, limits: list[_Limit], min_gain: float
) -> list[_Limit]:
    """Drop, one at a time, the limit whose removal lowers the density least, while that loss is at most ``min_gain``."""
    limits = list(limits)
    while limits:
        each = _inside_each(values, limits)
        count = each.sum(axis=1)
        inside = count == len(limits)
        density = _share((inside & y).sum(), inside.sum())
        # without limit j: inside all the others (vectorised over j)
        without = (count[:, None] - each) == len(limits) - 1
        loss = density - _share((without & y[:, None]).sum(axis=0), without.sum(axis=0))
        j = int(np.argmin(loss))
        if loss[j] > min_gain:
            break
        del limits[j]
    return limits


def _candidates(tree: Any) -> list[list[_Limit]]:
    """Every node but the root as a box: the limits on its path, tightest per column and side, in path order."""
    t = tree.tree_
    out: list[list[_Limit]] = []
    stack: list[tuple[int, dict[tuple[int, bool], float]]] = [(0, {})]
    while stack:  # over the nodes of a shallow tree, not the samples
        node, path = stack.pop()
        if node:
            out.append([(j, u, th) for (j, u), th in path.items()])
        left, right = int(t.children_left[node]), int(t.children_right[node])
        if left < 0:
            continue
        j, th = int(t.feature[node]), float(t.threshold[node])
        up, low = dict(path), dict(path)
        up[(j, True)] = min(th, path.get((j, True), np.inf))
        low[(j, False)] = max(th, path.get((j, False), -np.inf))
        stack += [(right, low), (left, up)]
    return out


def _tree_boxes(
    frame: pd.DataFrame,
    y: np.ndarray,
    *,
    max_boxes: int,
    max_dims: int,
    min_coverage: float,
    min_density: float,
    min_gain: float,
    mass_min: float,
    balanced: bool,
) -> list[dict[str, Any]]:
    from scipy.stats import binom
    from sklearn.tree import DecisionTreeClassifier

    values = frame.to_numpy(dtype=float)
    names = [str(c) for c in frame.columns]
    n, n_fail = len(y), int(y.sum())
    floor = max(min_density, n_fail / n)
    leaf = max(1, min(math.ceil(mass_min * n), math.ceil(n_fail / 2)))
    covered = np.zeros(n, dtype=bool)
    boxes: list[dict[str, Any]] = []
    for _ in range(max_boxes):
        rest = ~covered
        v, yr = values[rest], y[rest]
        if yr.sum() < MIN_FAILURES or yr.all():
            break
        tree = DecisionTreeClassifier(
            max_depth=max_dims,
            min_samples_leaf=min(leaf, len(yr)),
            class_weight="balanced" if balanced else None,
            random_state=0,
        ).fit(v, yr)
        seen: set[tuple[_Limit, ...]] = set()
        found: list[tuple[float, float, int, list[_Limit]]] = []
        for cand in _candidates(tree):
            limits = _prune(v, yr, cand, min_gain)
            key = tuple(sorted(limits))
            if not limits or key in seen:
                continue
            seen.add(key)
            inside = _inside_each(v, limits).all(axis=1)
            hits = int((inside & yr).sum())
            density = hits / max(int(inside.sum()), 1)
            if density >= floor and hits >= MIN_FAILURES:
                found.append((hits / n_fail, density, len(limits), limits))
        if not found:
            break
        good = [f for f in found if f[0] >= min_coverage]
        # PRIM's choice (Bryant & Lempert 2010): the densest box with enough coverage, else the best trade-off
        *_, limits = (
            max(good, key=lambda f: (f[1], f[0], -f[2]))
            if good
            else max(found, key=lambda f: (f[0] * f[1], f[1], -f[2]))
        )
        each = _inside_each(values, limits)
        inside = each.all(axis=1)
        k, m = int((inside & y).sum()), int(inside.sum())
        # order: first limit on the path first (the root's split matters most); merge both sides of a column
        order = list(dict.fromkeys(j for j, _, _ in limits))
        stats: dict[str, tuple[float, float, float]] = {}
        for j in order:
            others = np.array([jj != j for jj, _, _ in limits])
            free = each[:, others].all(axis=1)  # the box without any limit on column j
            lo = max((t for jj, u, t in limits if jj == j and not u), default=np.nan)
            hi = min((t for jj, u, t in limits if jj == j and u), default=np.nan)
            # quasi-p value (Bryant & Lempert 2010): chance of >= k failures among m samples at the density without this limit
            qp = float(binom.sf(k - 1, m, _share((free & y).sum(), free.sum())))
            stats[names[j]] = (float(lo), float(hi), qp)
        boxes.append(
            {
                "coverage": k / n_fail,
                "density": k / m,
                "mass": m / n,
                "limits": stats,
                "inside": inside,
            }
        )
        covered |= inside
    return boxes


def _boxes_dataset(
    boxes: list[dict[str, Any]],
    names: list[str],
    params: ParameterSet,
    *,
    n: int,
    n_fail: int,
    status: str,
    settings: dict[str, Any],
) -> xr.Dataset:
    k = len(boxes)
    lower = np.full((k, len(names)), np.nan)
    upper = np.full((k, len(names)), np.nan)
    qp = np.full((k, len(names)), np.nan)
    order = np.zeros((k, len(names)), dtype=np.int64)
    for b, box in enumerate(boxes):
        for rank, (name, (lo, hi, q)) in enumerate(box["limits"].items(), 1):
            j = names.index(name)
            lower[b, j], upper[b, j], qp[b, j], order[b, j] = lo, hi, q, rank
    known = set(
        params
    )  # not `nm in params`: ParameterSet raises ParameterError for an unknown name
    units = [params[nm].unit if nm in known else "" for nm in names]
    ds = xr.Dataset(
        {
            "coverage": (
                "box",
                np.array([b["coverage"] for b in boxes], dtype=float),
                {
                    "units": "1",
                    "long_name": "dekking: aandeel van alle mislukte trekkingen dat in het gebied valt",
                    "long_name_en": "coverage: share of all failures inside the box",
                },
            ),
            "density": (
                "box",
                np.array([b["density"] for b in boxes], dtype=float),
                {
                    "units": "1",
                    "long_name": "dichtheid: aandeel mislukte trekkingen binnen het gebied",
                    "long_name_en": "density: share of failures among the samples inside the box",
                },
            ),
            "mass": (
                "box",
                np.array([b["mass"] for b in boxes], dtype=float),
                {
                    "units": "1",
                    "long_name": "aandeel van alle trekkingen in het gebied",
                    "long_name_en": "share of all samples inside the box",
                },
            ),
            "n_restricted": (
                "box",
                np.array([len(b["limits"]) for b in boxes], dtype=np.int64),
                {"units": "1", "long_name": "aantal begrensde onzekerheden"},
            ),
            "limit_order": (
                ("box", "parameter"),
                order,
                {
                    "units": "1",
                    "long_name": "volgorde van de begrenzing in het gebied (1 = eerst; 0: niet begrensd)",
                    "long_name_en": "order of the limit within the box, as found (1 = first; 0: not restricted)",
                },
            ),
            "lower": (
                ("box", "parameter"),
                lower,
                {
                    "units": "see parameter_unit",
                    "long_name": "ondergrens van het gebied, exclusief (NaN: niet begrensd)",
                    "long_name_en": "lower limit of the box, exclusive (NaN: not restricted)",
                },
            ),
            "upper": (
                ("box", "parameter"),
                upper,
                {
                    "units": "see parameter_unit",
                    "long_name": "bovengrens van het gebied, inclusief (NaN: niet begrensd)",
                    "long_name_en": "upper limit of the box, inclusive (NaN: not restricted)",
                },
            ),
            "qp_value": (
                ("box", "parameter"),
                qp,
                {
                    "units": "1",
                    "long_name": "quasi-p-waarde van de begrenzing (Bryant & Lempert 2010)",
                    "long_name_en": "quasi-p value of a limit: chance of at least the box's failures at the density of the box without that limit",
                },
            ),
        },
        coords={
            "box": (
                "box",
                np.arange(1, k + 1),
                {"long_name": "gebied (1 = eerst gevonden)", "units": "1"},
            ),
            "parameter": ("parameter", names, {"long_name": "onzekere parameter", "units": "1"}),
            "parameter_unit": (
                "parameter",
                units,
                {"long_name": "eenheid van de parameter", "units": "1"},
            ),
            "parameter_description": (
                "parameter",
                [params[nm].description if nm in known else nm for nm in names],
                {"long_name": "beschrijving", "units": "1"},
            ),
        },
    )
    ds.attrs.update(
        provenance(
            method=f"CART (Breiman et al. 1984) for scenario discovery (Lempert, Bryant & Bankes 2008): scikit-learn {_sklearn_version()} DecisionTreeClassifier; every node a candidate box; limits kept only if they raise the density by more than min_gain",
            samples=n,
            failures=n_fail,
            failure_rate=n_fail / n if n else float("nan"),
            status=status,
            **settings,
        )
    )
    return ds


def _sklearn_version() -> str:
    from importlib.metadata import version

    return version("scikit-learn")


# --------------------------------------------------------------------------- the model


def discover_in(
    ds: xr.Dataset,
    *,
    indicator: str,
    criterion: str | None = None,
    parameters: ParameterSet | None = None,
    **options: Any,
) -> xr.Dataset:
    """Scenario discovery on an existing ensemble (``param_<name>`` variables hold the draw).

    Parameters
    ----------
    ds : xarray.Dataset
        From :func:`model.simulate` or :func:`model.analysis.uncertainty.ensemble`, more than one
        sample, without a ``scenario`` dimension (select one scenario first).
    indicator : str
    criterion : {"target", "better_than_2023", "better_than_no_reserve"}, optional
        Default ``"target"`` for outputs, ``"better_than_2023"`` for outcomes.
    parameters : ParameterSet, optional
        For descriptions and units (default :func:`model.analysis.sets.default_parameters`).
    **options
        Passed to :func:`find_boxes`.

    Returns
    -------
    xarray.Dataset
        As :func:`find_boxes`, with attributes ``indicator`` and ``criterion``.
    """
    if "scenario" in ds.dims:
        raise UncertaintyError(
            field="ds",
            value="a Dataset with a scenario dimension",
            allowed="one scenario: ds.sel(scenario=NAME)",
        )
    ids = check_indicators(indicator, indicators_in(ds))
    ind = INDICATORS[ids[0]]
    criterion = criterion or ("target" if ind.level == "output" else "better_than_2023")
    if criterion not in CRITERIA:
        raise UncertaintyError(
            field="criterion",
            value=criterion,
            allowed="allowed.options",
            options=", ".join(CRITERIA),
        )
    ok = success(ds, ind.id, criterion=criterion).values
    x = {
        str(v)[len("param_") :]: ds[v].values
        for v in ds.data_vars
        if str(v).startswith("param_") and ds[v].dims == ("sample",)
    }
    x = {k: v for k, v in x.items() if np.ptp(v) > 0}
    if not x:
        raise UncertaintyError(
            field="ds",
            value="no sampled uncertainties (param_*)",
            allowed="an ensemble with more than one sample",
        )
    params = parameters if parameters is not None else default_parameters()
    out = find_boxes(x, ~ok, params=params, **options)
    out.attrs.update(
        indicator=ind.id,
        criterion=criterion,
        scenario=str(ds.attrs.get("scenario", "")),
        seed=ds.attrs.get("seed", -1),
        parameter_set=str(ds.attrs.get("parameter_set", params.label)),
    )
    return out


def discover(
    scenario: Scenario,
    *,
    indicator: str,
    samples: int = 2000,
    seed: int = 0,
    criterion: str | None = None,
    sampling: str = "lhs",
    parameters: ParameterSet | None = None,
    engine: str = DEFAULT_ENGINE,
    **options: Any,
) -> xr.Dataset:
    """Which combinations of uncertainties make ``indicator`` fail in ``scenario``?

    Runs an ensemble of ``samples`` draws (to the end of 2027 only, with ``engine``)
    and calls :func:`discover_in`. Same seed, same boxes.

    Examples
    --------
    >>> from model import load_scenario
    >>> d = discover(load_scenario("baseline"), indicator="poverty_literacy_projects", samples=500, seed=1)
    >>> "poverty_project_cost" in [str(p) for p in d["parameter"].values]
    True
    """
    check_seed(seed)
    check_run_size(samples, time=DISCOVERY_TIME, detail="indicators")
    base = parameters if parameters is not None else default_parameters()
    drawn = draw(base, samples=samples, seed=seed, sampling=sampling)
    ds = simulate(
        scenario,
        samples=int(samples),
        seed=int(seed),
        parameters=base,
        drawn=drawn,
        detail="indicators",
        time=DISCOVERY_TIME,
        engine=engine,
    )
    return discover_in(ds, indicator=indicator, criterion=criterion, parameters=base, **options)


__all__ = ["MIN_FAILURES", "STATUSES", "discover", "discover_in", "find_boxes"]
