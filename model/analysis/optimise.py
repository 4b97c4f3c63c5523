"""Search for allocations of the reserve that do well across the uncertainties.

:func:`optimise` is the public entry. Every candidate runs on one common draw of the
uncertain parameters (and, for regret, in each named future of
:mod:`model.analysis.futures`), batched (:class:`model.analysis.search.Evaluator`), so two
candidates differ by their money and not by their luck. The decision variables are the
amounts of the free lines on the 50 k€ grid, 27,000 k€ in all, 2.3 at least its 350 k€
committed, within the user's bounds (:func:`model.analysis.allocations.allocation_space`).

Two searches:

**One objective** (``pareto=False``): a pairwise-exchange local search. From the better of
the scenario's own allocation and an even split, every move "``d`` k€ from line ``j`` to
line ``i``" is evaluated at once; the best improving one is taken, and when none improves,
``d`` halves (1,600 k€ down to one step). Deterministic, a few hundred candidates; a local
search, so it finds a good allocation, not surely the best one (the two-line test checks it
against brute force).

**Per goal** (``pareto=True``): NSGA-II of pymoo (Deb et al. 2002) with one objective per
goal of the doelenboom, integer steps per free line repaired onto the set
(:meth:`~model.analysis.allocations.Space.project`); the result is the non-dominated set.

Robustness (what "does well" means over the samples):

``mean``
    the mean over the samples (and the futures, if named);
``p10``
    the 10th percentile over the samples: the allocation's bad case;
``regret``
    minimax regret over the futures (default all of :data:`FUTURES`): per future the
    candidate's mean falls short of a reference by its regret; the score is minus the
    largest regret. The reference per future (and per goal) is the best mean among the
    first allocations evaluated (the start, an even split and each line getting all free
    money), raised to the best mean found when the result is reported; a fixed reference
    while searching keeps the comparison of two candidates the same from one iteration to
    the next (Savage 1951; EMA Workbench's ``max_regret``).

Scores are "higher is better" in every case: attainment (1), targets (outputs), outcomes (%).
"""

from __future__ import annotations

import time as clock
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from typing import Any

import numpy as np
import xarray as xr

from model.analysis.allocations import STEP, Space, allocation_space, check_allocations
from model.analysis.futures import FUTURES
from model.analysis.objectives import GOAL_IDS, UNITS, check_objective
from model.analysis.search import Evaluator
from model.analysis.uncertainty import UncertaintyError
from model.engine import TimeAxis
from model.policy.budget import LINES, PHASING_PROFILES, profile_phasing
from model.policy.parameters import ParameterSet
from model.policy.scenarios import Scenario
from model.run.results import provenance
from model.run.simulation import DEFAULT_ENGINE

ROBUSTNESS = ("mean", "p10", "regret")
"""How a candidate's values over the samples are summarised (see the module's text)."""

EXCHANGE_SIZES = (1600.0, 800.0, 400.0, 200.0, 100.0, 50.0)
"""k€ per pairwise exchange, largest first (the sizes below one step are dropped)."""

MAX_ITERATIONS = 200
"""Accepted moves at most in one single-objective search (it ends far earlier)."""

SCREEN_SAMPLES = 200
"""Samples on which a single search ranks an iteration's moves before the best few are run
on every sample (:data:`CONFIRM` of them): the ranking needs fewer draws than the decision."""

CONFIRM = 3
"""Moves per iteration run on every sample after screening."""

SOFT_MAX = {"attainment": 0.002, "targets": 0.05, "outcomes": 0.02}
"""Temperature of the soft maximum over the futures that a regret search climbs, in the
objective's unit (0.2 percentage point of attainment): the true maximum is flat along the
kinks where two futures tie, and a pairwise move would stop there; the result is reported
with the true maximum."""

_TOL = 1e-12  # an improvement smaller than this is round-off

Progress = Callable[[int, int], None]
Stop = Callable[[], bool]


def check_robustness(robustness: object) -> str:
    """``robustness`` if it is one of :data:`ROBUSTNESS`, else an :class:`UncertaintyError`."""
    if robustness not in ROBUSTNESS:
        raise UncertaintyError(
            field="robustness",
            value=robustness,
            allowed="allowed.options",
            options=", ".join(ROBUSTNESS),
        )
    return str(robustness)


class _Scorer:
    """Robust scores of candidates, with every evaluation kept (an allocation is run once)."""

    def __init__(
        self, ev: Evaluator, objective: str, robustness: str, index: np.ndarray | None = None
    ) -> None:
        self.ev, self.objective, self.robustness, self.index = ev, objective, robustness, index
        self.keys: dict[tuple[float, ...], int] = {}
        self.rows: list[np.ndarray] = []
        self.means: list[np.ndarray] = []  # per candidate (futures, 1 + goals): mean over samples
        self.lows: list[np.ndarray] = []  # per candidate (1 + goals): 10th percentile, pooled
        self.pooled: list[np.ndarray] = []  # per candidate (1 + goals): mean, pooled
        self.reference: np.ndarray | None = None  # (futures, 1 + goals), for regret

    def run(self, allocations: np.ndarray) -> np.ndarray:
        """Evaluate the allocations not seen yet; their indices in the store."""
        x = np.atleast_2d(allocations)
        keys = [tuple(np.round(row, 6)) for row in x]
        new = [k for k, key in enumerate(keys) if key not in self.keys]
        unique = {keys[k]: k for k in new}
        if unique:
            rows = x[list(unique.values())]
            overall, goals = self.ev.objectives_and_goals(rows, self.objective, index=self.index)
            both = np.concatenate([overall[..., None], goals], axis=-1)  # (K, F, S, 1+G)
            flat = both.reshape(len(rows), -1, both.shape[-1])  # futures and samples pooled
            for k, key in enumerate(unique):
                self.keys[key] = len(self.rows)
                self.rows.append(rows[k])
                self.means.append(both[k].mean(axis=1))
                self.pooled.append(flat[k].mean(axis=0))
                self.lows.append(np.quantile(flat[k], 0.1, axis=0))
        return np.array([self.keys[key] for key in keys], dtype=int)

    def fix_reference(self) -> None:
        """The regret's reference: the best mean per future among what is evaluated so far."""
        self.reference = np.max(np.stack(self.means), axis=0)

    def scores(
        self, index: np.ndarray, reference: np.ndarray | None = None, *, smooth: bool = False
    ) -> np.ndarray:
        """Robust scores (candidates, 1 + goals): overall first, then per goal. ``smooth``
        replaces the regret's maximum over the futures by a soft maximum (the search's
        surrogate, :data:`SOFT_MAX`)."""
        if self.robustness == "mean":
            return np.stack([self.pooled[k] for k in index])
        if self.robustness == "p10":
            return np.stack([self.lows[k] for k in index])
        ref = reference if reference is not None else self.reference
        if ref is None:
            raise RuntimeError("the regret's reference is not fixed yet")
        regret = ref[None] - np.stack([self.means[k] for k in index])  # (K, F, 1+G)
        if not smooth:
            return -np.max(regret, axis=1)
        tau = SOFT_MAX[self.objective]
        top = np.max(regret, axis=1, keepdims=True)
        return -(top[:, 0] + tau * np.log(np.exp((regret - top) / tau).sum(axis=1)))

    def final_reference(self) -> np.ndarray:
        return np.max(np.stack(self.means), axis=0)


def _starts(space: Space, scenario: Scenario) -> np.ndarray:
    """The scenario's allocation moved onto the set, an even split of the free money, and
    each free line with all free money it can take (the regret's first reference)."""
    own = space.project(space.start[None, :])
    even = space.project(
        np.where(space.free, space.free_total / max(1, space.free.sum()), 0.0)[None, :]
    )
    corners = []
    for k in np.flatnonzero(space.free):
        y = np.where(space.free, 0.0, space.start)
        y[k] = space.free_total
        corners.append(y)
    return np.concatenate([own, even, space.project(np.array(corners))])


def _exchange_search(
    scorer: _Scorer,
    space: Space,
    starts: np.ndarray,
    *,
    screen: _Scorer | None,
    progress: Progress | None,
    should_stop: Stop | None,
) -> tuple[list[int], int, bool]:
    """Pairwise exchanges from the best start; the accepted path (store indices), the
    iterations done and whether it was stopped. With ``screen`` (the same scores on a
    subset of the samples) every move is ranked there and only the :data:`CONFIRM` best
    run on all samples; a move is accepted on all samples only."""
    index = scorer.run(starts)
    score = scorer.scores(index, smooth=True)[:, 0]
    best = int(np.argmax(score[:2]))  # the start or the even split, not a corner
    current, value = int(index[best]), float(score[best])
    path = [current]
    sizes = [s for s in EXCHANGE_SIZES if s >= space.step - 1e-9]
    iterations, stopped, level = 0, False, 0
    while level < len(sizes) and iterations < MAX_ITERATIONS:
        if should_stop is not None and should_stop():
            stopped = True
            break
        moves = space.exchanges(scorer.rows[current], sizes[level])
        iterations += 1
        if len(moves) and screen is not None and len(moves) > CONFIRM:
            ranked = screen.scores(screen.run(moves), smooth=True)[:, 0]
            moves = moves[np.argsort(-ranked, kind="stable")[:CONFIRM]]
        if len(moves):
            idx = scorer.run(moves)
            s = scorer.scores(idx, smooth=True)[:, 0]
            k = int(np.argmax(s))
            if s[k] > value + _TOL:
                current, value = int(idx[k]), float(s[k])
                path.append(current)
            else:
                level += 1
        else:
            level += 1
        if progress is not None:
            progress(iterations, iterations + len(sizes) - level)
    return path, iterations, stopped


def _pareto_search(
    scorer: _Scorer,
    space: Space,
    starts: np.ndarray,
    *,
    population: int,
    generations: int,
    seed: int,
    progress: Progress | None,
    should_stop: Stop | None,
) -> tuple[list[int], int, bool]:
    """NSGA-II over the free lines' steps, one objective per goal; the non-dominated
    candidates (store indices), the generations done and whether it was stopped."""
    from pymoo.algorithms.moo.nsga2 import NSGA2  # imported here: a second to load
    from pymoo.core.callback import Callback
    from pymoo.core.problem import Problem
    from pymoo.core.repair import Repair
    from pymoo.operators.crossover.sbx import SBX
    from pymoo.operators.mutation.pm import PM
    from pymoo.optimize import minimize

    free = np.flatnonzero(space.free)
    lo = space.low[free] / space.step
    hi = space.high[free] / space.step

    def to_allocation(steps: np.ndarray) -> np.ndarray:
        y = np.tile(space.start, (len(steps), 1))
        y[:, free] = np.asarray(steps, dtype=float) * space.step
        return space.project(y)

    class OnTheSet(Repair):
        def _do(self, problem: Any, X: np.ndarray, **kwargs: Any) -> np.ndarray:
            return to_allocation(X)[:, free] / space.step

    class Goals(Problem):
        def __init__(self) -> None:
            super().__init__(n_var=len(free), n_obj=len(GOAL_IDS), xl=lo, xu=hi, vtype=int)

        def _evaluate(self, X: np.ndarray, out: dict, *args: Any, **kwargs: Any) -> None:
            idx = scorer.run(to_allocation(X))
            out["F"] = -scorer.scores(idx)[:, 1:]  # pymoo minimises

    done: dict[str, Any] = {"generations": 0, "stopped": False}

    class Watch(Callback):
        def notify(self, algorithm: Any) -> None:
            done["generations"] = int(algorithm.n_gen)
            if progress is not None:
                progress(min(done["generations"], generations), generations)
            if should_stop is not None and should_stop():
                done["stopped"] = True
                algorithm.termination.force_termination = True

    rng = np.random.default_rng(seed)
    first = starts[:, free] / space.step
    extra = lo + rng.random((max(0, population - len(first)), len(free))) * (hi - lo)
    initial = OnTheSet()._do(None, np.concatenate([first, extra])[:population])
    algorithm = NSGA2(
        pop_size=population,
        sampling=initial,
        crossover=SBX(prob=0.9, eta=15, vtype=float),
        mutation=PM(eta=20, vtype=float),
        repair=OnTheSet(),
        eliminate_duplicates=True,
    )
    result = minimize(
        Goals(), algorithm, ("n_gen", generations), seed=seed, callback=Watch(), verbose=False
    )
    X = np.atleast_2d(result.X if result.X is not None else initial)
    # the starts (the scenario's split moved onto the set, the even split) compete with
    # the last population: a short run may not have kept a start that no member dominates
    front = np.concatenate([scorer.run(to_allocation(X)), scorer.run(starts[:2])])
    return (
        list(dict.fromkeys(int(k) for k in front)),
        int(done["generations"]),
        bool(done["stopped"]),
    )


LEVERS = ("split", "phasing")
"""Levers other than money a single search may change (``levers``)."""

SPLIT_GRID = tuple(k / 10 for k in range(11))
"""Shares of line 2.2 for the neighbourhoods the split sweep tries (the rest: villages)."""


def check_levers(levers: object) -> tuple[str, ...]:
    """``levers`` as a tuple of distinct names of :data:`LEVERS`, else an error."""
    names = [levers] if isinstance(levers, str) else list(levers)  # type: ignore[call-overload]
    unknown = [x for x in names if x not in LEVERS]
    if unknown:
        raise UncertaintyError(
            field="levers", value=unknown[0], allowed="allowed.options", options=", ".join(LEVERS)
        )
    return tuple(dict.fromkeys(names))


Entry = tuple["_Scorer", int, float, str]
"""A candidate: the scorer that holds it, its index there, its 2.2 split and phasing."""


def _lever_sweeps(
    last: Entry,
    scenario: Scenario,
    space: Space,
    levers: Sequence[str],
    scorers: Callable[[Evaluator], tuple[_Scorer, _Scorer | None]],
    main: _Scorer,
    *,
    progress: Progress | None,
    should_stop: Stop | None,
) -> tuple[list[Entry], int, bool]:
    """Sweep the 2.2 split, then the phasing, on the best allocation; when a lever value
    improves it, search the lines again from there. Returns the new candidates, the
    iterations and whether the search was stopped."""
    scorer, k, share, label = last
    x = scorer.rows[k]
    value = float(scorer.scores(np.array([k]), smooth=True)[0, 0])
    out: list[Entry] = []
    iterations = 0

    def variant(share: float, label: str) -> Scenario:
        phasing = scenario.phasing if label == "loaded" else profile_phasing(label)
        return replace(scenario, neighbourhood_share=share, phasing=phasing)

    sweeps = []
    if "split" in levers:
        sweeps.append("split")
    if "phasing" in levers:
        sweeps.append("phasing")
    for lever in sweeps:
        if should_stop is not None and should_stop():
            return out, iterations, True
        options = (
            [(s, label) for s in SPLIT_GRID]
            if lever == "split"
            else [(share, p) for p in ("loaded", *PHASING_PROFILES)]
        )
        best = None
        for s, p in options:
            if (s, p) == (share, label):
                continue
            sc, screen = scorers(main.ev.with_levers(variant(s, p)))
            # regret against the main search's reference on all samples; the screen's
            # subset has its own, from the allocation the sweep starts at
            sc.reference = main.reference
            if screen is not None and main.robustness == "regret":
                screen.run(x[None, :])
                screen.fix_reference()
            idx = sc.run(x[None, :])
            v = float(sc.scores(idx, smooth=True)[0, 0])
            if v > value + _TOL:
                best, value = (sc, screen, int(idx[0]), s, p), v
        iterations += 1
        if progress is not None:
            progress(iterations, iterations + len(sweeps))
        if best is None:
            continue
        sc, screen, k, share, label = best
        out.append((sc, k, share, label))
        path, more, stopped = _exchange_search(
            sc, space, x[None, :], screen=screen, progress=progress, should_stop=should_stop
        )
        iterations += more
        out += [(sc, j, share, label) for j in path[1:]]
        x = sc.rows[path[-1]]
        value = float(sc.scores(np.array([path[-1]]), smooth=True)[0, 0])
        if stopped:
            return out, iterations, True
    return out, iterations, False


def _dominates(a: np.ndarray, b: np.ndarray) -> bool:
    return bool(np.all(a >= b - _TOL) and np.any(a > b + _TOL))


def non_dominated(scores: np.ndarray) -> np.ndarray:
    """Boolean mask of the rows of ``scores`` (higher is better in every column) that no
    other row dominates."""
    s = np.atleast_2d(scores)
    keep = np.ones(len(s), dtype=bool)
    for k in range(len(s)):
        others = np.delete(s, k, axis=0)
        if len(others) and np.any(
            np.all(others >= s[k] - _TOL, axis=1) & np.any(others > s[k] + _TOL, axis=1)
        ):
            keep[k] = False
    return keep


def optimise(
    scenario: Scenario,
    *,
    samples: int,
    seed: int,
    objective: str = "attainment",
    robustness: str = "mean",
    bounds: Mapping[str, tuple[float | None, float | None]] | None = None,
    locks: Sequence[str] = (),
    step: float = STEP,
    parameters: ParameterSet | None = None,
    futures: Sequence[str] | None = None,
    pareto: bool = False,
    population: int = 40,
    generations: int = 25,
    engine: str = DEFAULT_ENGINE,
    time: TimeAxis | None = None,
    progress: Progress | None = None,
    should_stop: Stop | None = None,
    levers: Sequence[str] = (),
    fields: Mapping[str, str] | None = None,
) -> xr.Dataset:
    """Search for an allocation of the reserve that meets the goals well across the uncertainties.

    Parameters
    ----------
    scenario : Scenario
        Where the search starts (its allocation is the baseline it is compared with) and
        what it keeps: phasing, the 2.2 split, decision date, Jeugdfonds lever, carry-over,
        assumptions; locked lines keep its amounts.
    samples, seed : int
        The common draw every candidate runs on.
    objective : {"attainment", "targets", "outcomes"}
        :mod:`model.analysis.objectives`: expected attainment of the 2027 targets (1),
        targets met (outputs), outcome gain against no reserve at the horizon (%).
    robustness : {"mean", "p10", "regret"}
        See the module's text; ``regret`` runs every candidate in each of ``futures``.
    bounds : mapping of line to (low, high), optional
        k€ per line, None for an open end (:func:`~model.analysis.allocations.allocation_space`).
    locks : sequence of str
        Lines kept at the scenario's amount.
    step : float
        Grid, k€ (a multiple of 50).
    parameters : ParameterSet, optional
        Default the calibrated set (:func:`model.analysis.sets.default_parameters`).
    futures : sequence of str, optional
        Named futures (:data:`FUTURES`); default all of them for ``regret``, none otherwise
        (with ``mean`` / ``p10`` the futures' samples are pooled).
    pareto : bool
        One objective per goal, NSGA-II; the result is the non-dominated set.
    population, generations : int
        NSGA-II's population and generations (``pareto`` only).
    engine : {"compiled", "numpy"}
    time : TimeAxis, optional
        Default to the end of 2027 for attainment and targets, to December 2030 for outcomes.
    progress : callable(done, total), optional
        After each iteration (single) or generation (pareto).
    should_stop : callable() -> bool, optional
        Read between iterations: True ends the search with what it has found.
    levers : sequence of {"split", "phasing"}
        Levers other than money the single search may change too: the 2.2 split between
        neighbourhoods and villages (:data:`SPLIT_GRID`) and the phasing (the scenario's
        own or a profile of :data:`~model.policy.budget.PHASING_PROFILES`). After the lines
        converge, each is swept on the best allocation (split first), and if one improves,
        the lines are searched again from there.
    fields : mapping, optional
        Names the messages give ``bounds``, ``locks`` and ``step`` (the CLI's options).

    Returns
    -------
    xarray.Dataset
        Dims ``candidate``, ``line``, ``objective``, ``goal``:

        ``allocation`` (candidate, line), k€: the accepted path of the single search
        (start first, best last) or the non-dominated set;
        ``score`` (candidate, objective): the robust value (higher is better), objective
        ``[objective]`` or, with ``pareto``, ``f"{objective}:{goal}"`` per goal;
        ``score_goal`` (candidate, goal); ``baseline_allocation`` (line),
        ``baseline_score`` (objective), ``baseline_score_goal`` (goal): the same for the
        scenario's own allocation; ``chosen``: the recommended candidate (the best
        overall robust value); ``baseline_dominated``: whether a candidate is at least as
        good on every goal and better on one; ``baseline_gap`` (objective): chosen minus
        baseline; ``mean_goal`` / ``mean_overall`` (and ``baseline_mean_*``): the plain
        mean over the samples in the first future (the central one), what the words compare
        goal by goal; ``neighbourhood_share`` and ``phasing`` (candidate): the 2.2 split
        and the phasing (``loaded``: the scenario's own) each candidate runs with.
        Attributes: provenance, levers, objective, robustness, step, locks, bounds,
        futures, iterations, evaluations, seconds, stopped (0/1).

    Raises
    ------
    UncertaintyError
        Unknown objective or robustness, bad samples or seed, or bounds and locks that
        cannot be met (:class:`~model.analysis.allocations.SpaceError`).

    Examples
    --------
    >>> from model import load_scenario
    >>> ds = optimise(load_scenario("baseline"), samples=8, seed=1, locks=["2.1.b", "2.1.c", "2.1.d", "2.3"], step=1000)
    >>> bool((abs(ds["allocation"].sum("line") - 27000) < 1e-6).all())
    True
    """
    began = clock.perf_counter()
    objective = check_objective(objective)
    robustness = check_robustness(robustness)
    space = allocation_space(scenario, bounds=bounds, locks=locks, step=step, fields=fields)
    if isinstance(pareto, bool) is False:
        raise UncertaintyError(
            field="pareto", value=pareto, allowed="allowed.options", options="True, False"
        )
    for name, value, least in (("population", population, 4), ("generations", generations, 1)):
        if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < least:
            raise UncertaintyError(
                field=name, value=value, allowed="allowed.whole_number", minimum=least
            )
    if robustness == "regret" and futures is None:
        futures = list(FUTURES)
    levers = check_levers(levers)
    baseline = check_allocations(scenario.allocation, field="scenario.allocation")
    ev = Evaluator(
        scenario,
        samples=samples,
        seed=seed,
        parameters=parameters,
        futures=futures,
        time=time,
        outcomes=objective == "outcomes",
        engine=engine,
    )
    subset = np.linspace(0, ev.samples - 1, SCREEN_SAMPLES).round().astype(int)

    def scorers(evaluator: Evaluator) -> tuple[_Scorer, _Scorer | None]:
        """The scorer of ``evaluator`` and, for a large single search, its screen (every
        k-th sample: the draw is a Latin hypercube, so a regular subset spans it)."""
        screened = not pareto and evaluator.samples > SCREEN_SAMPLES
        return _Scorer(evaluator, objective, robustness), (
            _Scorer(evaluator, objective, robustness, index=subset) if screened else None
        )

    scorer, screen = scorers(ev)
    starts = _starts(space, scenario)
    base_index = scorer.run(baseline)
    scorer.run(starts)
    if screen is not None:
        screen.run(starts)
    if robustness == "regret":
        scorer.fix_reference()
        if screen is not None:
            screen.fix_reference()
    if pareto:
        found, iterations, stopped = _pareto_search(
            scorer, space, starts, population=int(population), generations=int(generations),
            seed=int(seed), progress=progress, should_stop=should_stop,
        )  # fmt: skip
    else:
        found, iterations, stopped = _exchange_search(
            scorer, space, starts, screen=screen, progress=progress, should_stop=should_stop
        )
    entries = [(scorer, k, float(scenario.neighbourhood_share), "loaded") for k in found]
    if levers and not pareto and not stopped:
        more, extra, stopped = _lever_sweeps(
            entries[-1], scenario, space, levers, scorers, scorer,
            progress=progress, should_stop=should_stop,
        )  # fmt: skip
        entries += more
        iterations += extra
    every = list(dict.fromkeys([scorer, *(e[0] for e in entries)]))  # the scorers used
    reference = (
        np.max(np.stack([m for sc in every for m in sc.means]), axis=0)
        if robustness == "regret"
        else None
    )
    scores = np.concatenate([e[0].scores(np.array([e[1]]), reference) for e in entries])  # (K, 1+G)
    base = scorer.scores(base_index, reference)[0]
    if pareto:
        keep = non_dominated(scores[:, 1:])
        entries = [e for e, flag in zip(entries, keep, strict=True) if flag]
        scores = scores[keep]
        order = np.argsort(-scores[:, 0], kind="stable")  # best overall first
        entries, scores = [entries[k] for k in order], scores[order]
        names = [f"{objective}:{g}" for g in GOAL_IDS]
        score, base_score = scores[:, 1:], base[1:]
    else:
        names = [objective]
        score, base_score = scores[:, :1], base[:1]
    found = [e[1] for e in entries]
    central = np.stack([e[0].means[e[1]][0] for e in entries])  # the first world's mean
    base_central = scorer.means[int(base_index[0])][0]
    chosen = int(np.argmax(scores[:, 0]))
    dominating = [k for k in range(len(found)) if _dominates(scores[k, 1:], base[1:])]
    dominated = bool(dominating)
    allocation = np.stack([e[0].rows[e[1]] for e in entries])
    unit = UNITS[objective]
    central_name = str(ev.future_labels[0] or "de wereld van het scenario")
    out = xr.Dataset(
        {
            "allocation": (("candidate", "line"), allocation, {"units": "k€", "long_name": "toewijzing uit de reserve per lijn"}),
            "score": (("candidate", "objective"), score, {"units": unit, "long_name": f"robuuste waarde ({robustness}), hoger is beter"}),
            "score_goal": (("candidate", "goal"), scores[:, 1:], {"units": unit, "long_name": "robuuste waarde per doel"}),
            "overall_score": (("candidate",), scores[:, 0], {"units": unit, "long_name": "robuuste waarde over alle doelen"}),
            "baseline_allocation": (("line",), baseline[0], {"units": "k€", "long_name": "de verdeling waarmee het zoeken begon"}),
            "baseline_score": (("objective",), base_score, {"units": unit}),
            "baseline_score_goal": (("goal",), base[1:], {"units": unit}),
            "baseline_overall_score": ((), base[0], {"units": unit}),
            "chosen": ((), chosen, {"long_name": "de voorgestelde kandidaat"}),
            "baseline_dominated": ((), dominated, {"long_name": "een kandidaat is op elk doel minstens zo goed en op één beter"}),
            "dominating": (("candidate",), np.isin(np.arange(len(found)), dominating), {"long_name": "de kandidaat domineert de verdeling waarmee het zoeken begon (op elk doel minstens zo goed, op één beter)"}),
            "baseline_gap": (("objective",), score[chosen] - base_score, {"units": unit}),
            "mean_goal": (("candidate", "goal"), central[:, 1:], {"units": unit, "long_name": f"{objective} per doel, gemiddeld over de trekkingen ({central_name})"}),
            "mean_overall": (("candidate",), central[:, 0], {"units": unit, "long_name": f"{objective}, gemiddeld over de trekkingen ({central_name})"}),
            "baseline_mean_goal": (("goal",), base_central[1:], {"units": unit}),
            "baseline_mean_overall": ((), base_central[0], {"units": unit}),
            "neighbourhood_share": (("candidate",), [e[2] for e in entries], {"units": "1", "long_name": "deel van 2.2 voor de wijken"}),
            "phasing": (("candidate",), [e[3] for e in entries], {"long_name": "fasering: die van het scenario (loaded) of een profiel"}),
        },
        coords={"candidate": np.arange(len(found)), "line": list(LINES), "objective": names, "goal": list(GOAL_IDS)},
    )  # fmt: skip
    out.attrs.update(
        provenance(
            scenario=scenario.name,
            parameter_set=ev.base.label,
            parameter_hash=ev.base.digest(),
            seed=int(seed),
            samples=int(samples),
            objective=objective,
            robustness=robustness,
            pareto=int(bool(pareto)),
            step=float(space.step),
            locks=", ".join(line for line, f in zip(LINES, space.free, strict=True) if not f) or "-",
            bounds=", ".join(f"{line}={lo:g}..{hi:g}" for line, lo, hi, f in zip(LINES, space.low, space.high, space.free, strict=True) if f) or "-",
            futures=", ".join(str(f) for f in ev.future_labels if f is not None) or "-",
            iterations=int(iterations),
            levers=", ".join(levers) or "-",
            evaluations=sum(len(sc.rows) for sc in every),
            screened=0 if screen is None else len(screen.rows),
            screen_samples=0 if screen is None else SCREEN_SAMPLES,
            sample_runs=int(sum(sc.ev.runs for sc in every)),  # one evaluator per scorer
            seconds=round(clock.perf_counter() - began, 3),
            stopped=int(stopped),
            common_random_numbers="every candidate runs on the same draw of the uncertain parameters",
        )
    )  # fmt: skip
    return out


__all__ = [
    "EXCHANGE_SIZES",
    "LEVERS",
    "ROBUSTNESS",
    "SPLIT_GRID",
    "check_levers",
    "check_robustness",
    "non_dominated",
    "optimise",
]
