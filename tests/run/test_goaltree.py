"""The goal tree read from the model's dependency graph (model.run.goaltree): the walk's
rules on a small graph, and the Limburg tree against what the goal modules say in words
and tables of their own."""

from __future__ import annotations

import pytest

from model.policy.activities import ACTIVITIES, Activity
from model.policy.goals import sport, youth
from model.policy.indicators import GOALS, INDICATORS
from model.run.goaltree import derive, goal_tree


def _money(p, amount, levers):  # pragma: no cover - not called by derive
    return amount


def test_derive_follows_each_activity_and_stops_at_shared_accounts() -> None:
    # two activities of one line; a co-financing account and a spillover read both, and
    # through them one could reach every indicator: the walk must not pass them
    reads = {
        "money_a": {"spending"},
        "money_b": {"spending"},
        "stock_a": {"money_a"},
        "stock_b": {"money_b"},
        "count_a": {"stock_a"},
        "poverty_literacy_projects": {"count_a"},  # output of a
        "neet_vsv_projects": {"stock_b"},  # output of b
        "helped_a": {"stock_a"},
        "persons_in_poverty": {"helped_a"},  # outcome of a, not through its output alias
        "cofinancing_inflow": {"stock_a", "stock_b"},
        "youth_labour_participation": {"cofinancing_inflow", "x_spillover"},
        "x_spillover": {"persons_in_poverty"},
        "loneliness_share": {"money_b"},  # b's outcome without an output of its own
    }
    variables = {name: [name] for name in {*reads, "spending"}}
    acts = [Activity("a", "2.1.a", "money_a", _money), Activity("b", "2.1.a", "money_b", _money)]
    tree = derive(reads, variables, acts)
    assert tree.activity_outputs == {
        "a": ("poverty_literacy_projects",),
        "b": ("neet_vsv_projects",),
    }
    assert tree.activity_outcomes == {"a": ("persons_in_poverty",), "b": ("loneliness_share",)}
    # a's only output is its whole mechanism: the outcome hangs from it
    assert tree.output_outcomes["poverty_literacy_projects"] == ("persons_in_poverty",)
    assert tree.direct_outcomes == {"a": (), "b": ("loneliness_share",)}


def test_an_output_links_only_to_the_outcomes_of_its_own_branch() -> None:
    reads = {
        "money": {"spending"},
        "work": {"money"},
        "rate_x": {"work"},
        "rate_y": {"work"},
        "voorzorg_nnz_trajectories": {"rate_x"},
        "centering_pregnancy_professionals": {"rate_y"},
        "protected": {"rate_x"},
        "prepared_pregnancies": {"protected"},
    }
    variables = {name: [name] for name in {*reads, "spending"}}
    tree = derive(reads, variables, [Activity("ks", "2.1.b", "money", _money)])
    assert tree.output_outcomes["voorzorg_nnz_trajectories"] == ("prepared_pregnancies",)
    assert tree.output_outcomes["centering_pregnancy_professionals"] == ()
    assert tree.direct_outcomes["ks"] == ()


@pytest.fixture(scope="module")
def tree():
    return goal_tree()


def test_the_limburg_tree_agrees_with_the_goal_modules_own_tables(tree) -> None:
    # youth.ACTIVITY_OUTCOMES: the one outcome each youth activity acts on, in words there
    outputs_of = {
        "gbt": ("gbt", "gbt_children"),
        "keigezond": ("keigezond", "keigezond_children"),
        "voorzorg_nnz": ("kansrijke_start", "voorzorg_nnz_trajectories"),
        "stevig_ouderschap": ("kansrijke_start", "stevig_ouderschap_trajectories"),
        "handle_with_care": ("handle_with_care", "handle_with_care_school_share"),
        "centering_pregnancy": ("kansrijke_start", "centering_pregnancy_professionals"),
        "kansrijke_start_pilots": ("kansrijke_start", "kansrijke_start_pilots"),
    }
    for name, outcome in youth.ACTIVITY_OUTCOMES.items():
        if name == "beweging_kindermishandeling":  # no output of its own: hangs from the activity
            assert tree.direct_outcomes["kindermishandeling"] == (outcome,)
            continue
        activity, output = outputs_of[name]
        assert output in tree.activity_outputs[activity]
        assert tree.output_outcomes[output] == (() if outcome is None else (outcome,)), name
    # sport.ACTIVITY_OUTCOMES: events and agreements act on the index of people set moving
    for activity in ("supralocal_events", "topsport_events", "sport_agreements"):
        assert "sport_infrastructure_stimulated" in tree.activity_outcomes[activity]
    assert set(sport.ACTIVITY_OUTCOMES.values()) == {"sport_infrastructure_stimulated"}


def test_every_outcome_hangs_from_an_activity_and_only_structural_outputs_from_none(tree) -> None:
    outcomes = {i for i, ind in INDICATORS.items() if ind.level == "outcome"}
    outputs = {i for i, ind in INDICATORS.items() if ind.level == "output"}
    assert set(tree.outcomes) == outcomes
    # athletes supported are paid by the structural Ondersteuningsstructuur Sport, not the reserve
    assert outputs - set(tree.outputs) == {"athletes_supported"}
    assert (
        tree.activity_outputs["experiments"] == () and tree.activity_outcomes["experiments"] == ()
    )
    # each output belongs to the goal of its activity's line
    for a in ACTIVITIES:
        for o in tree.activity_outputs[a.id]:
            assert GOALS[INDICATORS[o].goal]["line"] == a.line, (a.id, o)
    # the outcomes an activity feeds come through its outputs or hang from it directly
    for a in ACTIVITIES:
        through = {y for o in tree.activity_outputs[a.id] for y in tree.output_outcomes[o]}
        assert through | set(tree.direct_outcomes[a.id]) == set(tree.activity_outcomes[a.id])
