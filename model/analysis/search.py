"""Evaluate many candidate allocations on common random numbers, in batched engine runs.

:func:`evaluate` is the public entry: ``K`` allocations x ``S`` samples (x the named
futures) in as few engine calls as memory allows (:func:`model.run.batch.run_plans`), the
run without the reserve once per future (it does not depend on the allocation), and the
objectives of :mod:`model.analysis.objectives` per candidate and sample. :class:`Evaluator`
keeps the draw and the runs without the reserve between calls: the searches of
:mod:`model.analysis.optimise` call it once per iteration.
"""

from __future__ import annotations

import copy
import time as clock
from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import Any

import numpy as np
import xarray as xr

from model.analysis.allocations import check_allocations, reserve_plans
from model.analysis.futures import check_futures, future_overrides
from model.analysis.objectives import (
    attainment,
    check_objective,
    indicator_values,
    outcome_gain,
    targets_met,
)
from model.analysis.sets import default_parameters
from model.analysis.uncertainty import UncertaintyError, _check_samples, check_seed, draw
from model.engine import TimeAxis
from model.policy.budget import LINES, ReservePlan
from model.policy.indicators import END_OF_TARGET_YEAR, INDICATORS, START_OF_PERIOD
from model.policy.parameters import ParameterSet
from model.policy.scenarios import Scenario
from model.run.batch import indicator_names, run_plans
from model.run.results import provenance
from model.run.simulation import DEFAULT_ENGINE

CANDIDATE_RUNS = 32_768
"""Sample-runs whose indicator values are held at once while objectives are computed
(about 30 MB at three time points): candidates beyond go in further chunks."""

TARGET_HORIZON = TimeAxis(end="2028-01")
"""The shortest run that holds the 2027 values (a third of the default run's steps)."""


def _future_scenario(scenario: Scenario, overrides: dict[str, float]) -> Scenario:
    # a future is a stress case of the world: it fixes its parameters over the scenario's own
    return replace(scenario, assumptions={**scenario.assumptions, **overrides})


class Evaluator:
    """Objectives of candidate allocations of one scenario on one common draw.

    Parameters
    ----------
    scenario : Scenario
        Levers other than the allocation, and assumptions.
    samples, seed : int
        The common draw (:func:`model.analysis.uncertainty.draw`).
    parameters : ParameterSet, optional
        Default :func:`model.analysis.sets.default_parameters`.
    futures : sequence of str, optional
        Named futures (:mod:`model.analysis.futures`); None: the scenario's world only.
    time : TimeAxis, optional
        Default 2024-01 to 2030-12; the outcomes are read at its last point.
    outcomes : bool
        Whether outcome gains are asked for: False runs only to the end of 2027 unless
        ``time`` says otherwise, and needs no run without the reserve.
    sampling, engine
        As for :func:`model.analysis.uncertainty.ensemble`.
    """

    def __init__(
        self,
        scenario: Scenario,
        *,
        samples: int,
        seed: int,
        parameters: ParameterSet | None = None,
        futures: Sequence[str] | None = None,
        time: TimeAxis | None = None,
        outcomes: bool = True,
        sampling: str = "lhs",
        engine: str = DEFAULT_ENGINE,
    ) -> None:
        self.scenario = scenario
        self.samples = _check_samples(samples)
        self.seed = check_seed(seed)
        self.base = parameters if parameters is not None else default_parameters()
        self.drawn = draw(self.base, samples=self.samples, seed=self.seed, sampling=sampling)
        self.futures = None if futures is None else check_futures(futures)
        labels = self.futures if self.futures is not None else [None]
        self.worlds = {
            f: scenario if f is None else _future_scenario(scenario, future_overrides(f, self.base))
            for f in labels
        }
        self.outcomes = outcomes
        self.time = time if time is not None else (TimeAxis() if outcomes else TARGET_HORIZON)
        last = self.time.datetimes[-1].astype("datetime64[ns]")
        if last < np.datetime64(END_OF_TARGET_YEAR, "ns"):
            raise UncertaintyError(field="time", value=self.time.end, allowed="opt.allowed.horizon")
        self.late = last
        self.at = [np.datetime64(START_OF_PERIOD, "ns"), np.datetime64(END_OF_TARGET_YEAR, "ns")]
        if outcomes and last != self.at[-1]:
            self.at.append(last)
        self.engine = engine
        self.names = indicator_names()
        self.runs = 0
        """Sample-runs done so far (the engine's work)."""
        self.engine_seconds = 0.0
        """Seconds spent in engine runs so far."""
        self._none: dict[Any, xr.Dataset] = {}
        if outcomes:  # the run without the reserve, once per future
            for f, world in self.worlds.items():
                self._none[f] = self._run(world, [ReservePlan.empty(world.decision_date)], None)

    def _run(
        self,
        world: Scenario,
        plans: list[ReservePlan],
        index: np.ndarray | None,
        progress: Callable[[int, int], None] | None = None,
    ) -> xr.Dataset:
        drawn = self.drawn if index is None else {k: v[index] for k, v in self.drawn.items()}
        n = self.samples if index is None else len(index)
        began = clock.perf_counter()
        ds = run_plans(
            world,
            plans,
            samples=n,
            drawn=drawn,
            parameters=self.base,
            at=self.at,
            names=self.names,
            time=self.time,
            engine=self.engine,
            progress=progress,
        )
        self.engine_seconds += clock.perf_counter() - began
        self.runs += len(plans) * n
        return ds

    def with_levers(self, scenario: Scenario) -> Evaluator:
        """This evaluator for ``scenario``'s levers other than money (the 2.2 split, the
        phasing): the same draw, futures and runs without the reserve (which do not
        depend on those levers), so its candidates compare with this one's on common
        random numbers."""
        other = copy.copy(self)
        other.scenario = scenario
        other.worlds = {
            f: scenario if f is None else _future_scenario(scenario, future_overrides(f, self.base))
            for f in self.worlds
        }
        return other

    @property
    def future_labels(self) -> list[Any]:
        return list(self.worlds)

    def values(
        self,
        allocations: np.ndarray,
        *,
        index: np.ndarray | None = None,
        progress: Callable[[int, int], None] | None = None,
    ) -> dict[Any, xr.Dataset]:
        """The indicators of each candidate per future: future -> Dataset over
        ``(plan, sample, at, ...)`` (:func:`model.run.batch.run_plans`)."""
        plans = reserve_plans(self.scenario, allocations)
        return {f: self._run(w, plans, index, progress) for f, w in self.worlds.items()}

    def no_reserve(self, future: Any, index: np.ndarray | None = None) -> xr.Dataset:
        """The run without the reserve in ``future`` (samples ``index``)."""
        ds = self._none[future]
        return ds if index is None else ds.isel(sample=index)

    def objectives(
        self,
        allocations: np.ndarray,
        objective: str,
        *,
        by_goal: bool = False,
        index: np.ndarray | None = None,
    ) -> np.ndarray:
        """Per candidate, future and sample the ``objective`` (:data:`OBJECTIVES`).

        Returns
        -------
        ndarray
            Shape ``(candidates, futures, samples)``, or with ``by_goal``
            ``(candidates, futures, samples, goals)``; futures is 1 without named futures.
        """
        overall, goals = self.objectives_and_goals(allocations, objective, index=index)
        return goals if by_goal else overall

    def objectives_and_goals(
        self, allocations: np.ndarray, objective: str, *, index: np.ndarray | None = None
    ) -> tuple[np.ndarray, np.ndarray]:
        """:meth:`objectives` overall and per goal from one engine run per candidate:
        shapes ``(candidates, futures, samples)`` and ``(candidates, futures, samples, goals)``."""
        check_objective(objective)
        if objective == "outcomes" and not self.outcomes:
            raise UncertaintyError(
                field="objective", value=objective, allowed="opt.allowed.no_outcomes"
            )
        x = np.atleast_2d(allocations)
        n = self.samples if index is None else len(index)
        per = max(1, CANDIDATE_RUNS // (n * len(self.worlds)))
        overall, goals = [], []
        for lo in range(0, len(x), per):
            runs = self.values(x[lo : lo + per], index=index)
            overall.append(
                np.stack(
                    [
                        self._objective(ds, f, objective, False, index).values
                        for f, ds in runs.items()
                    ],
                    axis=1,
                )
            )
            goals.append(np.stack([self._objective(ds, f, objective, True, index).values for f, ds in runs.items()], axis=1))  # fmt: skip
        return np.concatenate(overall, axis=0), np.concatenate(goals, axis=0)

    def _objective(
        self, ds: xr.Dataset, future: Any, objective: str, by_goal: bool, index: Any
    ) -> xr.DataArray:
        end = indicator_values(ds, END_OF_TARGET_YEAR)
        if objective == "attainment":
            out = attainment(end, by_goal=by_goal)
        elif objective == "targets":
            out = targets_met(end, by_goal=by_goal)
        else:
            none = self.no_reserve(future, index).isel(plan=0, drop=True)
            out = outcome_gain(
                indicator_values(ds, self.late),
                indicator_values(none, self.late),
                indicator_values(none, START_OF_PERIOD),
                by_goal=by_goal,
            )
        return out.transpose("plan", "sample", *(["goal"] if by_goal else []))


def evaluate(
    scenario: Scenario,
    allocations: Any,
    *,
    samples: int,
    seed: int,
    parameters: ParameterSet | None = None,
    futures: Sequence[str] | None = None,
    engine: str = DEFAULT_ENGINE,
    time: TimeAxis | None = None,
    sampling: str = "lhs",
    progress: Callable[[int, int], None] | None = None,
) -> xr.Dataset:
    """Evaluate candidate allocations of the reserve on common random numbers.

    Every candidate runs on the same ``samples`` draws of the uncertainties (and, with
    ``futures``, in each named future), so differences between candidates are their
    money's, not sampling noise. The runs are batched: candidates x samples go to the
    engine together, in chunks that keep memory bounded.

    Parameters
    ----------
    scenario : Scenario
        Levers other than the allocation (phasing, 2.2 split, decision date, Jeugdfonds,
        carry-over) and assumptions; a candidate's phasing holds what is committed.
    allocations : array_like, shape (K, 6), or mapping / sequence of mappings
        k€ per line of :data:`model.policy.budget.LINES`; each at most the reserve in all,
        2.3 at least its 350 k€ committed.
    samples, seed : int
        The common draw.
    parameters : ParameterSet, optional
        Default :func:`model.analysis.sets.default_parameters` (the calibrated set ``public``).
    futures : sequence of str, optional
        Named futures of :data:`model.analysis.futures.FUTURES` (adds dim ``future``).
    engine : {"compiled", "numpy"}
    time : TimeAxis, optional
        Default 2024-01 to 2030-12; must reach 2028-01 (the 2027 values).
    sampling : {"lhs", "random"}
    progress : callable(done, total), optional
        Called with the candidates evaluated.

    Returns
    -------
    xarray.Dataset
        Dims ``candidate``, ``sample`` (``future``), ``indicator``, ``goal``, ``line``:

        ``allocation`` (candidate, line), k€;
        ``attainment`` (candidate, sample[, future]), 1; ``targets_met``, outputs;
        ``outcome_gain``, % (:mod:`model.analysis.objectives`); the same per goal
        (``attainment_goal``, ``targets_met_goal``, ``outcome_gain_goal``, dim ``goal``);
        ``value_2027`` and ``value_2030`` (candidate, sample[, future], indicator): the
        indicators at the end of 2027 and at the run's last point (default December
        2030); ``no_reserve_2030`` and ``level_2023`` (sample[, future], indicator).

    Examples
    --------
    >>> from model import load_scenario
    >>> sc = load_scenario("baseline")
    >>> ds = evaluate(sc, [sc.allocation, {**sc.allocation, "2.2": 14000, "2.1.a": 5000}], samples=4, seed=1)
    >>> ds["attainment"].dims, ds.sizes["candidate"]
    (('candidate', 'sample'), 2)
    """
    x = check_allocations(allocations)
    ev = Evaluator(
        scenario,
        samples=samples,
        seed=seed,
        parameters=parameters,
        futures=futures,
        time=time,
        outcomes=True,
        sampling=sampling,
        engine=engine,
    )
    per = max(1, CANDIDATE_RUNS // (ev.samples * len(ev.worlds)))
    pieces: list[xr.Dataset] = []
    for lo in range(0, len(x), per):
        runs = ev.values(x[lo : lo + per])
        per_future = []
        for f, ds in runs.items():
            none = ev.no_reserve(f).isel(plan=0, drop=True)
            end = indicator_values(ds, END_OF_TARGET_YEAR)
            late = indicator_values(ds, ev.late)
            none_late = indicator_values(none, ev.late)
            start = indicator_values(none, START_OF_PERIOD)
            per_future.append(
                xr.Dataset(
                    {
                        "attainment": attainment(end),
                        "targets_met": targets_met(end),
                        "outcome_gain": outcome_gain(late, none_late, start),
                        "attainment_goal": attainment(end, by_goal=True),
                        "targets_met_goal": targets_met(end, by_goal=True),
                        "outcome_gain_goal": outcome_gain(late, none_late, start, by_goal=True),
                        "value_2027": end,
                        "value_2030": late,
                        "no_reserve_2030": none_late,
                        "level_2023": start,
                    }
                )
            )
        piece = per_future[0] if ev.futures is None else _stack_futures(per_future, ev.futures)
        pieces.append(
            piece.rename(plan="candidate").assign_coords(
                candidate=np.arange(lo, lo + len(piece["plan"]))
            )
        )
        if progress is not None:
            progress(min(len(x), lo + per), len(x))
    out = xr.concat(
        pieces, dim="candidate", data_vars="minimal", coords="minimal", compat="override"
    )
    order = ["candidate", "sample", *(["future"] if ev.futures is not None else [])]
    out = out.transpose(*order, ...)
    out["allocation"] = xr.DataArray(
        x, dims=("candidate", "line"), coords={"line": list(LINES)}
    ).assign_attrs(units="k€", long_name="toewijzing uit de reserve per lijn")
    _describe(out, ev)
    out.attrs.update(
        provenance(
            scenario=scenario.name,
            parameter_set=ev.base.label,
            parameter_hash=ev.base.digest(),
            seed=int(seed),
            samples=int(samples),
            sampling=sampling,
            horizon=str(ev.late)[:10],
            common_random_numbers="every candidate runs on the same draw of the uncertain parameters",
            outcome_scale="gain against no reserve in % of the 2023 level, better direction positive; goals weigh the same (model.analysis.objectives)",
        )
    )
    return out


def _stack_futures(parts: list[xr.Dataset], names: list[str]) -> xr.Dataset:
    return xr.concat(parts, dim="future", coords="minimal", compat="override").assign_coords(
        future=names
    )


def _describe(ds: xr.Dataset, ev: Evaluator) -> None:
    texts = {
        "attainment": (
            "1",
            "verwachte doelbereiking: gemiddelde over de outputs van min(waarde 2027 / doel, 1)",
        ),
        "targets_met": ("outputs", "aantal outputs dat eind 2027 het doel haalt"),
        "outcome_gain": (
            "%",
            "winst van de outcomes t.o.v. zonder reserve, % van het niveau van 2023, gemiddeld over de doelen",
        ),
        "attainment_goal": ("1", "verwachte doelbereiking per doel"),
        "targets_met_goal": ("outputs", "outputs die het doel halen, per doel"),
        "outcome_gain_goal": (
            "%",
            "winst van de outcomes per doel t.o.v. zonder reserve, % van 2023",
        ),
        "value_2027": ("", "waarde van de indicator eind 2027"),
        "value_2030": ("", f"waarde van de indicator op {str(ev.late)[:10]}"),
        "no_reserve_2030": ("", f"waarde zonder reserve op {str(ev.late)[:10]}"),
        "level_2023": ("", "waarde eind 2023"),
    }
    for name, (units, long_name) in texts.items():
        ds[name].attrs = {"units": units or "see indicator_units", "long_name": long_name}
    ids = [str(i) for i in ds["indicator"].values]
    ds.coords["indicator_units"] = ("indicator", [INDICATORS[i].units for i in ids])
    ds.coords["indicator_level"] = ("indicator", [INDICATORS[i].level for i in ids])
    ds.coords["indicator_goal"] = ("indicator", [INDICATORS[i].goal for i in ids])
