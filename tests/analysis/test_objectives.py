"""Objectives per sample (model.analysis.objectives) and the batched evaluation of
candidate allocations on common random numbers (model.analysis.search.evaluate)."""

from __future__ import annotations

import numpy as np
import pytest
import xarray as xr

from model.analysis.objectives import (
    GOAL_IDS,
    attainment,
    attainment_shares,
    outcome_gain,
    outcome_gains,
    targets_met,
)
from model.analysis.search import evaluate
from model.analysis.sets import default_parameters
from model.analysis.uncertainty import UncertaintyError, draw, value_at
from model.policy.indicators import END_OF_TARGET_YEAR, INDICATORS, OUTCOMES, OUTPUTS
from model.run.simulation import simulate

TARGETED = [i for i in OUTPUTS if i.target is not None]


def _outputs(values: dict[str, list[float]]) -> xr.DataArray:
    """Output values over (sample, indicator): every output at its target unless given."""
    n = len(next(iter(values.values())))
    data = np.array([values.get(i.id, [float(i.target)] * n) for i in TARGETED]).T
    return xr.DataArray(
        data, dims=("sample", "indicator"), coords={"indicator": [i.id for i in TARGETED]}
    )


def test_attainment_gives_partial_credit_and_none_beyond_the_target():
    target = float(INDICATORS["gbt_schools"].target)
    v = _outputs({"gbt_schools": [target, target / 2, 3 * target]})
    shares = attainment_shares(v).sel(indicator="gbt_schools")
    assert shares.values.tolist() == [1.0, 0.5, 1.0]
    a = attainment(v)
    assert a.values[0] == 1.0
    assert a.values[1] == pytest.approx(1.0 - 0.5 / len(TARGETED))
    assert a.values[2] == 1.0
    by_goal = attainment(v, by_goal=True)
    assert list(by_goal["goal"].values) == list(GOAL_IDS)
    youth = [i for i in TARGETED if i.goal == "youth"]
    assert float(by_goal.sel(goal="youth").isel(sample=1)) == pytest.approx(1.0 - 0.5 / len(youth))
    assert float(by_goal.sel(goal="poverty").isel(sample=1)) == 1.0


def test_targets_met_counts_with_the_tolerance():
    target = float(INDICATORS["gbt_schools"].target)
    v = _outputs({"gbt_schools": [target * 0.996, target * 0.99, 0.0]})
    met = targets_met(v)
    assert met.values.tolist() == [len(TARGETED), len(TARGETED) - 1, len(TARGETED) - 1]
    assert float(targets_met(v, by_goal=True).sel(goal="youth").isel(sample=1)) == (
        len([i for i in TARGETED if i.goal == "youth"]) - 1
    )


def test_outcome_gains_are_positive_in_the_better_direction():
    ids = [i.id for i in OUTCOMES]
    coords = {"indicator": ids}
    start = xr.DataArray(np.full(len(ids), 50.0), dims=("indicator",), coords=coords)
    none = start.copy()
    plan = start.copy()
    # one point more of each: better for a higher-is-better outcome, worse for a lower one
    plan = plan + 1.0
    gains = outcome_gains(plan, none, start)
    for i in OUTCOMES:
        expected = 2.0 if i.direction == "higher" else -2.0  # 1 of 50 = 2 %
        assert float(gains.sel(indicator=i.id)) == pytest.approx(expected)
    per_goal = outcome_gain(plan, none, start, by_goal=True)
    lower = [i for i in OUTCOMES if i.goal == "poverty"]
    assert all(i.direction == "lower" for i in lower)
    assert float(per_goal.sel(goal="poverty")) == pytest.approx(-2.0)
    overall = outcome_gain(plan, none, start)
    assert float(overall) == pytest.approx(float(per_goal.mean("goal")))


def test_evaluate_runs_each_candidate_on_the_common_draw(baseline):
    """Candidate 0 is the baseline: its values are those of simulate() on the same draw;
    candidate 1 moves money, and only its own values change."""
    moved = {**baseline.allocation, "2.2": 13000.0, "2.1.b": 6000.0}
    ds = evaluate(baseline, [baseline.allocation, moved], samples=6, seed=3)
    assert ds["attainment"].dims == ("candidate", "sample")
    assert ds["outcome_gain_goal"].dims == ("candidate", "sample", "goal")
    params = default_parameters()
    ref = simulate(
        baseline,
        samples=6,
        seed=3,
        parameters=params,
        drawn=draw(params, samples=6, seed=3),
        detail="indicators",
    )
    for i in ("gbt_schools", "movement_guideline_share", "village_approaches"):
        expected = value_at(ref[i], END_OF_TARGET_YEAR).sel(variant="plan").values
        got = ds["value_2027"].sel(candidate=0, indicator=i).values
        np.testing.assert_allclose(got, expected, rtol=1e-12)
        late = value_at(ref[i], ref["time"].values[-1]).sel(variant="no_reserve").values
        np.testing.assert_allclose(ds["no_reserve_2030"].sel(indicator=i).values, late, rtol=1e-12)
    gbt = ds["value_2027"].sel(indicator="gbt_schools")
    assert (gbt.sel(candidate=1) >= gbt.sel(candidate=0) - 1e-9).all()  # more money on 2.1.b
    assert ds["allocation"].sel(candidate=1, line="2.2") == 13000.0


def test_evaluate_in_named_futures_fixes_their_parameters(baseline):
    ds = evaluate(
        baseline,
        [baseline.allocation],
        samples=8,
        seed=2,
        futures=["uncertain", "tight_execution"],
    )
    assert ds["attainment"].dims == ("candidate", "sample", "future")
    a = ds["attainment"].mean("sample").sel(candidate=0)
    assert float(a.sel(future="tight_execution")) < float(a.sel(future="uncertain"))


def test_evaluate_refuses_an_allocation_over_the_reserve(baseline):
    with pytest.raises(UncertaintyError) as err:
        evaluate(baseline, [{**baseline.allocation, "2.2": 16000.0}], samples=2, seed=1)
    assert err.value.field == "allocations[0]"
    with pytest.raises(UncertaintyError, match=r"2\.3"):
        evaluate(baseline, [{**baseline.allocation, "2.3": 100.0}], samples=2, seed=1)
