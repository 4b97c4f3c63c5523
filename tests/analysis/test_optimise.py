"""The allocation search (model.analysis.optimise) and the marginal value per line
(model.analysis.marginal): the search finds the brute-force optimum of a two-line
sub-problem within one step, every candidate is a valid allocation within the bounds and
locks, the robust summaries order as they must, the search stops when asked, and the
Pareto set is non-dominated."""

from __future__ import annotations

import numpy as np
import pytest

from model import load_scenario
from model.analysis.allocations import SpaceError, allocation_space
from model.analysis.marginal import marginal, moved_allocations
from model.analysis.optimise import SPLIT_GRID, non_dominated, optimise
from model.analysis.search import Evaluator
from model.analysis.uncertainty import UncertaintyError
from model.policy.budget import LINES, PHASING_PROFILES

SAMPLES = 24


@pytest.fixture(scope="module")
def baseline():
    return load_scenario("baseline")


@pytest.fixture(scope="module")
def single(baseline):
    return optimise(
        baseline,
        samples=SAMPLES,
        seed=3,
        bounds={"2.2": (5000, None), "2.1.a": (None, 9000)},
        locks=["2.1.d"],
    )


def _valid(ds, scenario, bounds=None, locks=()):
    x = ds["allocation"].values
    assert np.allclose(x.sum(axis=1), 27000.0)
    assert (x[:, LINES.index("2.3")] >= 350 - 1e-9).all()
    assert np.allclose(x / 50, np.round(x / 50))
    for line in locks:
        assert np.allclose(x[:, LINES.index(line)], scenario.allocation[line])
    for line, (lo, hi) in (bounds or {}).items():
        k = LINES.index(line)
        assert lo is None or (x[:, k] >= lo - 1e-9).all()
        assert hi is None or (x[:, k] <= hi + 1e-9).all()


def test_two_lines_the_search_finds_the_brute_force_optimum_within_one_step(baseline):
    locks = ["2.1.c", "2.1.d", "2.2", "2.3"]
    found = optimise(baseline, samples=SAMPLES, seed=5, locks=locks)
    space = allocation_space(baseline, locks=locks)
    i, j = LINES.index("2.1.a"), LINES.index("2.1.b")
    grid = np.arange(0, space.free_total + 1, 50.0)
    x = np.tile(space.start, (len(grid), 1))
    x[:, i], x[:, j] = grid, space.free_total - grid
    ev = Evaluator(baseline, samples=SAMPLES, seed=5, outcomes=False)
    brute = ev.objectives(x, "attainment")[:, 0, :].mean(axis=1)
    best = brute.max()
    chosen = found["allocation"].isel(candidate=int(found["chosen"])).values
    score = float(found["score"].isel(candidate=int(found["chosen"])).sel(objective="attainment"))
    assert (
        score == pytest.approx(best, abs=1e-9)
        or min(abs(chosen[i] - grid[k]) for k in np.flatnonzero(brute >= best - 1e-12)) <= 50.0
    )
    assert space.grid_size() == len(grid)


def test_every_candidate_is_a_valid_allocation_within_bounds_and_locks(baseline, single):
    _valid(single, baseline, bounds={"2.2": (5000, None), "2.1.a": (None, 9000)}, locks=["2.1.d"])
    assert single.sizes["candidate"] >= 2 and int(single["chosen"]) == single.sizes["candidate"] - 1
    scores = single["score"].sel(objective="attainment").values
    assert (np.diff(scores) > 0).all()  # the path climbs
    assert scores[-1] >= float(single["baseline_score"].sel(objective="attainment")) - 1e-12
    assert np.allclose(
        single["baseline_allocation"].values, [baseline.allocation[line] for line in LINES]
    )
    assert single.attrs["evaluations"] > 20 and single.attrs["stopped"] == 0


def test_the_search_is_deterministic_for_a_seed(baseline, single):
    again = optimise(
        baseline,
        samples=SAMPLES,
        seed=3,
        bounds={"2.2": (5000, None), "2.1.a": (None, 9000)},
        locks=["2.1.d"],
    )
    assert np.array_equal(again["allocation"].values, single["allocation"].values)


def test_the_tenth_percentile_is_below_the_mean_and_regret_is_never_positive(baseline):
    locks = ["2.1.c", "2.1.d", "2.3"]
    mean = optimise(baseline, samples=SAMPLES, seed=2, locks=locks, step=500)
    p10 = optimise(baseline, samples=SAMPLES, seed=2, locks=locks, step=500, robustness="p10")
    assert float(p10["baseline_score"][0]) <= float(mean["baseline_score"][0])
    regret = optimise(baseline, samples=SAMPLES, seed=2, locks=locks, step=500, robustness="regret")
    assert regret.attrs["futures"] == "uncertain, cof_pessimistic, tight_execution, no_gbt_national"
    assert (regret["score"].values <= 1e-12).all() and float(regret["baseline_score"][0]) <= 0
    assert float(regret["score"].isel(candidate=int(regret["chosen"]))[0]) >= float(
        regret["baseline_score"][0]
    )
    _valid(regret, baseline, locks=locks)


def test_a_stop_request_ends_the_search_after_one_iteration(baseline):
    seen = []
    ds = optimise(baseline, samples=8, seed=1, should_stop=lambda: len(seen) > 0,
                  progress=lambda done, total: seen.append((done, total)))  # fmt: skip
    assert ds.attrs["stopped"] == 1 and ds.attrs["iterations"] == 1 and len(seen) == 1
    assert ds.sizes["candidate"] >= 1


def test_the_pareto_set_is_non_dominated_and_valid(baseline):
    ds = optimise(
        baseline, samples=8, seed=1, pareto=True, population=8, generations=3, locks=["2.1.d"]
    )
    goals = ds["score_goal"].values
    assert non_dominated(goals).all()
    assert list(ds["objective"].values) == [f"attainment:{g}" for g in ds["goal"].values]
    assert np.allclose(ds["score"].values, goals)
    _valid(ds, baseline, locks=["2.1.d"])
    assert bool(ds["baseline_dominated"]) == any(
        (goals[k] >= ds["baseline_score_goal"].values - 1e-12).all() and (goals[k] > ds["baseline_score_goal"].values + 1e-12).any()
        for k in range(len(goals))
    )  # fmt: skip


def test_non_dominated_on_a_known_case():
    scores = np.array([[1, 1], [2, 0], [0.5, 0.5], [1, 1], [0, 2]])
    assert non_dominated(scores).tolist() == [True, True, False, True, True]


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"robustness": "worst"}, "robustness"),
        ({"objective": "joy"}, "objective"),
        ({"bounds": {"2.2": (20000, None), "2.1.a": (10000, None)}}, "bounds"),
        ({"locks": ["2.9"]}, "locks"),
        ({"step": 30}, "step"),
        ({"population": 2, "pareto": True}, "population"),
    ],
)
def test_bad_requests_name_the_field(baseline, kwargs, field):
    with pytest.raises(UncertaintyError) as err:
        optimise(baseline, samples=4, seed=1, **kwargs)
    assert err.value.field == field or err.value.field.startswith(field)
    assert err.value.message("en")


def test_moving_a_million_keeps_the_total_and_what_is_committed():
    base = np.array([4000, 4000, 1400, 1400, 15000, 1200.0])
    lines, moved = moved_allocations(base, 1000.0)
    assert lines == list(LINES)
    assert np.allclose(moved.sum(axis=1), base.sum())
    assert (moved[:, LINES.index("2.3")] >= 350 - 1e-9).all()
    for k, line in enumerate(lines):
        assert moved[k, LINES.index(line)] == pytest.approx(base[LINES.index(line)] + 1000)
    lines, moved = moved_allocations(base, 1000.0, source="2.2")
    assert "2.2" not in lines and np.allclose(moved[:, LINES.index("2.2")], 14000)
    lines, _ = moved_allocations(np.array([0, 0, 0, 0, 0, 350.0]), 1000.0)
    assert lines == []  # nothing above what is committed to give


def test_the_marginal_value_is_paired_and_lands_on_the_line_that_gets_the_money(baseline):
    ds = marginal(baseline, samples=SAMPLES, seed=1)
    assert list(ds["line"].values) == list(LINES) and list(ds["quantile"].values) == [
        0.05,
        0.5,
        0.95,
    ]
    youth = ds["change_2027"].sel(line="2.1.b", quantile=0.5)
    assert (
        float(youth.sel(indicator="gbt_schools")) >= 0
        and float(ds["attainment_change"].sel(line="2.1.b", quantile=0.5)) > 0
    )
    # money moved away from 2.1.b to 2.2 costs 2.1.b's outputs in every sample's median
    assert (
        float(ds["change_2027"].sel(line="2.2", indicator="jeugdfonds_children", quantile=0.5)) <= 0
    )
    lo, mid, hi = ds["attainment_change"].sel(line="2.1.a").values
    assert lo <= mid <= hi
    with pytest.raises(UncertaintyError) as err:
        marginal(baseline, step=-5, samples=4)
    assert err.value.field == "step"
    with pytest.raises(UncertaintyError) as err:
        marginal(baseline, source="9.9", samples=4)
    assert err.value.field == "source"


def test_a_space_error_is_the_projects_error(baseline):
    with pytest.raises(SpaceError):
        allocation_space(baseline, locks=list(LINES))


def test_the_split_and_phasing_levers_are_searched_when_asked(baseline):
    ds = optimise(
        baseline, samples=8, seed=4, levers=("split", "phasing"), locks=["2.1.c", "2.1.d"], step=200
    )
    shares = ds["neighbourhood_share"].values
    assert set(np.round(shares, 6)) <= {round(x, 6) for x in SPLIT_GRID} | {0.5}
    assert set(ds["phasing"].values) <= {"loaded", *PHASING_PROFILES}
    assert ds.attrs["levers"] == "split, phasing"
    scores = ds["score"].sel(objective="attainment").values
    assert (np.diff(scores) > 0).all()  # a lever value is taken only when it improves
    _valid(ds, baseline, locks=["2.1.c", "2.1.d"])
    plain = optimise(baseline, samples=8, seed=4, locks=["2.1.c", "2.1.d"], step=200)
    assert float(scores.max()) >= float(plain["score"].values.max()) - 1e-12
    with pytest.raises(UncertaintyError) as err:
        optimise(baseline, samples=4, seed=1, levers=["timing"])
    assert err.value.field == "levers"
