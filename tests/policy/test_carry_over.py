"""Money unspent at the end of 2027 is an explicit choice (lever ``carry_over``), and a late
council decision is honest about what it leaves unspent."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from model import load_scenario, parse_scenario, simulate
from model.policy.budget import RESERVE_TOTAL
from model.policy.scenarios import ScenarioError

LATE = dt.date(2027, 11, 1)


def _plan(scenario):
    return simulate(scenario, detail="indicators").sel(variant="plan", sample=0)


@pytest.fixture(scope="module")
def runs():
    base = load_scenario("baseline")
    return {
        "base": _plan(base),
        "base_carry": _plan(base.with_levers(carry_over=True)),
        "late": _plan(base.with_levers(decision_date=LATE)),
        "late_carry": _plan(base.with_levers(decision_date=LATE, carry_over=True)),
    }


def _after_2027(p):
    return float(p["reserve_spent"].sel(budget_year=slice(2028, None)).sum())


def test_without_carry_over_nothing_is_spent_after_2027(runs):
    p = runs["late"]
    assert _after_2027(p) == 0.0
    # what was released late and not spent stays in the reserve, to the euro
    left = float(p["reserve_remaining"].sel(budget_year=2030))
    spent = float(p["reserve_spent"].sum())
    assert left > 20_000  # a decision in November 2027 leaves most of the reserve unspent
    assert spent + left == pytest.approx(RESERVE_TOTAL, abs=1e-6)


def test_carried_over_money_is_spent_after_2027_within_capacity(runs):
    p = runs["late_carry"]
    after = p["reserve_spent"].sel(budget_year=slice(2028, None))
    assert float(after.sum()) > 20_000
    # never faster than the shared execution capacity (9,000 k€/yr at the default)
    assert float(after.max()) <= 9000.0 + 1e-6
    assert float(p["reserve_spent"].sum() + p["reserve_remaining"].sel(budget_year=2030)) == (
        pytest.approx(RESERVE_TOTAL, abs=1e-6)
    )


def test_the_baseline_spends_everything_by_2027_so_carry_over_changes_nothing(runs):
    for name in runs["base"].data_vars:
        a, b = runs["base"][name].values, runs["base_carry"][name].values
        assert np.allclose(a, b, equal_nan=True), name


def test_a_late_decision_reaches_less_by_2027_than_the_plan(runs):
    for output in ("poverty_literacy_projects", "gbt_schools", "village_approaches"):
        late = float(runs["late"][output].sel(time="2028-01-01").mean())
        base = float(runs["base"][output].sel(time="2028-01-01").mean())
        assert late < base, output


def test_carry_over_is_a_yes_no_lever_in_the_file_and_round_trips():
    text = '[scenario]\nname = "x"\n[levers]\ncarry_over = true\n'
    sc = parse_scenario(text)
    assert sc.carry_over is True
    assert "carry_over = true" in sc.to_toml()
    assert parse_scenario(sc.to_toml()).carry_over is True
    with pytest.raises(ScenarioError) as err:
        parse_scenario('[scenario]\nname = "x"\n[levers]\ncarry_over = "ja"\n')
    assert err.value.field == "levers.carry_over"
    assert "true, false" in err.value.message("nl")
