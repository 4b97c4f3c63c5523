"""The baseline against the doelenboom, and what the plan requires against the evidence.

Plan-origin parameters (no public evidence) are solved so that the §9.2 split just meets
its target: those outputs meet it to round-off. Where evidence sets the parameter, the
target may be missed or exceeded: :func:`model.analysis.plancost.plan_realism` says by how
much, and the outputs the baseline does not meet are listed with the reason.

Tolerance: plan-origin parameters are stored to six significant figures: 0.5 %.
"""

import math

import numpy as np
import pytest

from model.analysis.plancost import REALISM_COLUMNS, VERDICTS, plan_realism, plan_rules
from model.policy.indicators import END_OF_TARGET_YEAR, OUTPUTS, TARGET_TOLERANCE
from model.policy.parameters import load_parameters
from model.policy.structure import build_structure

TOLERANCE = TARGET_TOLERANCE

NOT_MET_BY_THE_PLAN: dict[str, str] = {
    # indicator id: why the baseline does not meet it (kept honest: the test fails if one is met after all)
    "stevig_ouderschap_trajectories": "NCJ: about 2 k€ per trajectory; with the JGZ's own 150 a year the plan needs about 1.5 k€ each",
    "social_fund_partnerships": "the province paid 300 k€ per Fonds op Naam in 2020-2023, the plan's 350 k€ forms one",
    "keigezond_children": (
        "Keigezond is a care network for children with overweight: its reach is a share a year "
        "(keigezond_reach_share_per_year, from the project's own 880 children in 4 municipalities) "
        "of the children with overweight in the running municipalities, not a number solved from "
        "the target; with 8 new municipalities that gives about 1,800 children by 2027, not 2,500"
    ),
}


@pytest.fixture(scope="module")
def end_values(baseline_run):
    ds = baseline_run
    at_end = ds.sel(variant="plan", sample=0, time=np.datetime64(END_OF_TARGET_YEAR))
    return {o.id: float(at_end[o.id].mean()) for o in OUTPUTS if o.id in ds}


@pytest.fixture(scope="module")
def realism():
    return plan_realism()


def test_every_output_of_the_doelenboom_is_in_the_model():
    names = build_structure().names
    missing = [o.id for o in OUTPUTS if o.id not in names]
    assert not missing, f"outputs not yet modelled: {missing}"


def test_plan_origin_outputs_meet_their_target(end_values):
    params = load_parameters()
    solved = {
        indicator: target
        for name, (indicator, _, target) in plan_rules().items()
        if params[name].origin == "plan" and indicator not in NOT_MET_BY_THE_PLAN
    }
    assert len(solved) >= 10, "no plan-origin parameters found"
    for indicator, target in solved.items():
        assert end_values[indicator] == pytest.approx(target, rel=TOLERANCE), indicator


def test_baseline_meets_every_other_target(end_values):
    for o in OUTPUTS:
        if o.id not in end_values or o.id in NOT_MET_BY_THE_PLAN:
            continue
        assert end_values[o.id] >= o.target * (1 - TOLERANCE), (
            f"{o.id}: {end_values[o.id]:.2f} < target {o.target}"
        )


def test_targets_the_plan_does_not_meet_are_listed_truthfully(end_values):
    for name, why in NOT_MET_BY_THE_PLAN.items():
        target = next(o.target for o in OUTPUTS if o.id == name)
        assert end_values[name] < target * (1 - TOLERANCE), (
            f"{name} is met after all; remove it from the list ({why})"
        )


def test_plan_realism_has_one_coded_row_per_rule(realism, end_values):
    assert list(realism.columns) == list(REALISM_COLUMNS)
    assert list(realism["parameter"]) == list(plan_rules())
    assert set(realism["verdict"]) <= set(VERDICTS)
    params = load_parameters()
    for row in realism.itertuples():
        assert row.end_value == pytest.approx(end_values[row.indicator]), row.parameter
        if params[row.parameter].origin != "evidence":
            assert row.verdict in ("no_evidence", "unreachable"), row.parameter
            assert math.isnan(row.evidence_low) and math.isnan(row.evidence_high)
        if row.origin == "plan" and row.verdict == "no_evidence":
            # a plan-origin default is the plan's requirement (stored to six figures)
            assert row.ratio == pytest.approx(1.0, rel=0.005), row.parameter
        if row.verdict in ("under_budgeted", "over_budgeted"):
            assert not row.evidence_low <= row.plan_required <= row.evidence_high
            assert (row.factor > 1.0) == (row.verdict == "under_budgeted")
        if row.verdict in ("within", "tight"):
            # inside the range; tight when the central value misses the target
            assert row.evidence_low <= row.plan_required <= row.evidence_high
            assert (row.factor > 1.0) == (row.verdict == "tight")
    # unmet outputs are exactly the under-budgeted and unreachable ones
    short = set(
        realism.loc[realism["verdict"].isin(["under_budgeted", "unreachable"]), "indicator"]
    )
    assert short <= set(NOT_MET_BY_THE_PLAN)
    # the other unmet ones: evidence within its range, but the default above what the plan needs
    by_indicator = realism.set_index("indicator")
    for name in set(NOT_MET_BY_THE_PLAN) - short:
        if name in by_indicator.index:
            assert by_indicator.at[name, "verdict"] == "tight", name


def test_plan_realism_stevig_ouderschap_end_to_end(realism):
    """NCJ: about 2 k€ per visited family. The JGZ in Zuid-Limburg funds at least 150
    trajectories a year itself, so the reserve has to buy only the rest of the 800: the
    plan needs about 1.53 k€ each, inside the evidence's 1.5-2.5 but below its 2.0, so the
    baseline falls short (about 765 of 800): tight, not realistic."""
    row = realism.set_index("parameter").loc["ks_cost_stevig_ouderschap"]
    assert row["indicator"] == "stevig_ouderschap_trajectories" and row["target"] == 800
    assert row["origin"] == "evidence" and row["grade"] == "measured_elsewhere_nl"
    assert row["value"] == 2.0 and (row["evidence_low"], row["evidence_high"]) == (1.5, 2.5)
    assert row["plan_required"] == pytest.approx(1.529, rel=0.02)
    assert row["verdict"] == "tight"
    assert row["ratio"] == pytest.approx(2.0 / 1.529, rel=0.02)
    assert row["end_value"] == pytest.approx(765, rel=0.02)


def test_plan_realism_events_are_over_budgeted_and_cached(realism):
    table = realism.set_index("parameter")
    for name in ("sport_supralocal_event_cost", "sport_topsport_event_cost"):
        assert table.loc[name, "verdict"] == "over_budgeted", name
        assert table.loc[name, "factor"] < 1.0
        assert table.loc[name, "end_value"] > table.loc[name, "target"]
    again = plan_realism()
    assert again.equals(realism) and again is not realism  # a copy from the cache
