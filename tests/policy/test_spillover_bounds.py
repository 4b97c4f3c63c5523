"""Spillovers per outcome pair, bounded (issue 13): every pair has a parameter with reasoning
and a range from zero, links two different goals and acts on its one receiving outcome only;
line 2.1.d lifts no outcome; and with every spillover at the top of its range, the whole reserve
on one line still gives its own goal more on each outcome than any other line's allocation gives
it, and more money for a goal never lowers its own outcomes (2030). The runs go through the
library (``with_allocation``), since scenario files refuse these extreme allocations. The
default-parameter versions of the last two checks are in ``test_extreme_conditions.py``."""

from __future__ import annotations

from dataclasses import replace
from functools import cache

import numpy as np
import pytest
from test_extreme_conditions import (
    COMMITTED_2_3,
    GOAL_OF_LINE,
    HORIZON,
    LINE_OF_GOAL,
    LINES,
    _gain,
    _outcomes,
    alone,
    assert_more_money_never_lowers,
)

from model import load_parameters, simulate
from model.policy.indicators import INDICATORS, OUTCOMES
from model.policy.parameters import ParameterSet
from model.policy.spillovers import SPILLOVERS, pairs_in
from model.policy.structure import build_structure


@cache
def spill_high() -> ParameterSet:
    """Every spillover at the top of its range, the rest at their defaults."""
    params = load_parameters()
    names = set(SPILLOVERS.values())
    return ParameterSet(
        {n: replace(params[n], value=params[n].high) if n in names else params[n] for n in params},
        label="spillovers high",
    )


@cache
def run_alone(line: str, amount: float | None = None, high: bool = True):
    ds = simulate(
        alone(line, amount),
        parameters=spill_high() if high else None,
        detail="indicators",
        with_ledger=False,
    )
    return ds.sel(sample=0)


# --------------------------------------------------------------------------- the table


def test_every_pair_links_two_goals_and_has_a_reasoned_parameter_from_zero():
    params = load_parameters()
    assert SPILLOVERS, "no spillovers left"
    for (giver, receiver), name in SPILLOVERS.items():
        assert giver in INDICATORS and receiver in INDICATORS, (giver, receiver)
        assert INDICATORS[giver].level == INDICATORS[receiver].level == "outcome"
        assert INDICATORS[giver].goal != INDICATORS[receiver].goal, (giver, receiver)
        p = params[name]
        assert p.group == "spillovers" and p.unit == "%/%", name
        assert p.reasoning.strip() and p.reasoning_nl.strip(), name
        assert p.low == 0.0 < p.value < p.high, name
    # no spillover parameter without a pair (the old blanket lifts are gone)
    spill_params = {n for n in params if params[n].group == "spillovers"}
    assert spill_params == set(SPILLOVERS.values())
    assert "spill_experiments_share_per_goal" not in params


def test_only_receiving_outcomes_get_a_spillover():
    s = build_structure()
    receivers = {b for _, b in pairs_in(s)}
    for o in OUTCOMES:
        assert (f"spillover_pct_{o.id}" in s.names) == (o.id in receivers), o.id
    assert "experiment_effect_pct" not in s.names


def test_experiments_lift_no_outcome():
    """Line 2.1.d has no outcome effect: the whole reserve on it changes no outcome against
    a plan with only the 350 k€ already committed on line 2.3."""
    ds = run_alone("2.1.d")
    only_committed = run_alone("2.3", COMMITTED_2_3)
    for o in OUTCOMES:
        for when in (np.datetime64("2028-01-01"), HORIZON):
            a = ds[o.id].sel(variant="plan", time=when).values
            b = only_committed[o.id].sel(variant="plan", time=when).values
            np.testing.assert_allclose(a, b, rtol=0, atol=1e-12, err_msg=f"{o.id} {when}")


# --------------------------------------------------------------------------- bounds


@pytest.mark.parametrize("goal", list(LINE_OF_GOAL))
def test_own_line_beats_every_other_line_with_spillovers_at_their_top(goal):
    own = run_alone(LINE_OF_GOAL[goal])
    problems = []
    for line in LINES:
        if GOAL_OF_LINE.get(line) == goal:
            continue
        other = run_alone(line)
        for outcome in _outcomes(goal):
            by_own, by_other = _gain(own, outcome, HORIZON), _gain(other, outcome, HORIZON)
            if not by_other < by_own:
                problems.append(f"{outcome}: line {line} +{by_other:.4g} vs own +{by_own:.4g}")
    assert not problems, "; ".join(problems)


@pytest.mark.parametrize("goal", list(LINE_OF_GOAL))
def test_more_money_for_a_goal_never_lowers_its_outcomes_with_spillovers_at_their_top(goal):
    assert_more_money_never_lowers(goal, run_alone)
