"""Integration methods at the default monthly step against a finer step, read as the doelenboom reads a run:
every output with a target within the 0.5 % margin used to call a target met, every
outcome within its detectable difference, at the end of 2027 (issue 13).

Runs on the deterministic baseline and on allocations with the whole reserve on one line
(all as samples of one numpy run per method). The reference is RK4 at a quarter month
(:data:`model.analysis.accuracy.REFERENCE`), itself checked against RK4 at half a month.
"""

import numpy as np
import pytest

from model.analysis.accuracy import REFERENCE, end_of_2027, integration_errors
from model.analysis.allocations import reserve_plans
from model.policy.budget import LINES, RESERVE_TOTAL
from model.policy.scenarios import load_scenario
from model.run.simulation import DEFAULT_METHOD

# Euler at a month (the default until issue 13), against RK4 at 1/4 month: Jeugdfonds
# children 1.4 % on the baseline (what the applications absorb, a rising cap, is read at
# the start of each month: money the Jeugdfonds cannot spend early in a year is carried
# over and raises the 2027 rate) and NEET projects 4.2 % with nothing on line 2.1.a
# (third-order start-up delays whose stage times are a few months at a one-month step).
# Kept as a strict xfail so that a change which makes Euler good enough is noticed.
XFAIL_EULER = (
    "Euler at one month differs from the reference by up to 1.4 % (Jeugdfonds children) and "
    "4.2 % (NEET projects) on outputs with a target, more than the 0.5 % margin"
)


def _plans():
    scenario = load_scenario("baseline")
    plans = {"baseline": scenario.reserve_plan()}
    committed = LINES.index("2.3")
    for i, line in enumerate(LINES):
        allocation = np.zeros(len(LINES))
        allocation[committed] = 350.0  # what is already committed on line 2.3 (§9.2)
        allocation[i] += RESERVE_TOTAL - allocation.sum()
        plans["all on " + line] = reserve_plans(scenario, allocation[None])[0]
    return scenario, plans


@pytest.fixture(scope="module")
def reference():
    scenario, plans = _plans()
    values = end_of_2027(scenario, plans, method=REFERENCE[0], step_months=REFERENCE[1])
    return scenario, plans, values


def _outside(errors):
    bad = errors[~errors["within"]]
    return [f"{plan} {ind}: {row.error:.4f} > {row.limit}" for (plan, ind), row in bad.iterrows()]


def test_default_integration_well_within_target_margin_and_detectable_difference(reference):
    # the default of model.simulate, with the ledger's spending requests held over each
    # step (model.policy.ledger); "well within": a tenth of the margin, a tenth of a
    # detectable difference, on every output with a target and every outcome
    scenario, plans, values = reference
    errors = integration_errors(
        scenario, plans, method=DEFAULT_METHOD, step_months=1.0, reference_values=values
    )
    assert not _outside(errors), _outside(errors)
    assert (errors["error"] < 0.1 * errors["limit"]).all(), errors["error"].max()


@pytest.mark.xfail(strict=True, reason=XFAIL_EULER)
def test_euler_at_a_month_within_target_margin_and_detectable_difference(reference):
    scenario, plans, values = reference
    errors = integration_errors(
        scenario, plans, method="euler", step_months=1.0, reference_values=values
    )
    assert not _outside(errors), _outside(errors)


def test_reference_step_is_converged_for_rk4(reference):
    """RK4 at the reference step against RK4 at twice that step: their difference bounds
    the reference's own error (RK4 converges at least at first order here), so it must
    be well inside the margin for the comparison above to mean anything."""
    scenario, plans, values = reference
    coarse = integration_errors(
        scenario, plans, method="rk4", step_months=2 * REFERENCE[1], reference_values=values
    )
    assert (coarse["error"] < 0.5 * coarse["limit"]).all(), _outside(coarse)
