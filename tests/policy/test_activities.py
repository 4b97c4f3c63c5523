"""The activities of each budget line (model.policy.activities): the planned split adds up
to the line, follows the levers, and is the split the model's equations make."""

from __future__ import annotations

import pytest

from model.policy.activities import ACTIVITIES, ACTIVITY_IDS, activity_money
from model.policy.budget import COMMITTED, LINES
from model.run.export import export_scenario


def _by_line(money: dict[str, float]) -> dict[str, float]:
    out = dict.fromkeys(LINES, 0.0)
    for a, value in money.items():
        out[ACTIVITY_IDS[a].line] += value
    return out


@pytest.mark.parametrize(
    "allocation, share",
    [
        (None, None),
        ({"2.1.a": 6000, "2.1.b": 2000, "2.1.c": 3000, "2.1.d": 0, "2.2": 13000, "2.3": 1200}, 0.8),
        ({"2.1.a": 1000, "2.1.b": 9000, "2.1.c": 0, "2.1.d": 2000, "2.2": 10000, "2.3": 5000}, 0.0),
    ],
)
def test_each_lines_activities_add_up_to_the_line(baseline, allocation, share) -> None:
    sc = baseline if allocation is None else baseline.with_allocation(allocation)
    if share is not None:
        sc = sc.with_levers(neighbourhood_share=share)
    money = activity_money(sc)
    assert list(money) == [a.id for a in ACTIVITIES]
    assert all(v >= 0 for v in money.values())
    for line, total in _by_line(money).items():
        assert total == pytest.approx(sc.allocation[line], abs=1e-9), line


def test_the_levers_move_the_split_of_line_2_2_and_the_2024_commitment_stays(baseline) -> None:
    half = activity_money(baseline.with_levers(neighbourhood_share=0.5))
    most = activity_money(baseline.with_levers(neighbourhood_share=0.8))
    assert most["neighbourhood_approaches"] > half["neighbourhood_approaches"]
    assert most["village_approaches"] < half["village_approaches"]
    assert most["continued_approaches"] == half["continued_approaches"]  # funded before the split
    # line 2.3 at its committed minimum: only the two 2024 regulations (100 and 250 k€)
    from types import SimpleNamespace

    p = SimpleNamespace(**baseline.parameters().values())
    committed = sum(COMMITTED["2.3"].values())
    low = {
        a: ACTIVITY_IDS[a].money(p, committed, baseline)
        for a in ("supralocal_events", "topsport_events", "sport_agreements")
    }
    assert low == pytest.approx(
        {"supralocal_events": 100.0, "topsport_events": 250.0, "sport_agreements": 0.0}
    )


@pytest.mark.parametrize(
    "activity, line",
    [("gbt", "2.1.b"), ("kansrijke_start", "2.1.b"), ("citizen_initiatives", "2.1.c"),
     ("social_funds", "2.1.c"), ("experiments", "2.1.d")],
)  # fmt: skip
def test_the_planned_split_is_the_split_the_equations_make(
    baseline, baseline_run, activity, line
) -> None:
    """Over the whole run, the activity's money variable takes the activity's part of its
    line's reserve spending (the activities whose variable is a plain share of the line)."""
    plan = baseline_run.sel(variant="plan").isel(sample=0)
    taken = plan[ACTIVITY_IDS[activity].variable]
    if "region" in taken.dims:
        taken = taken.sum("region")
    spent = plan["reserve_spending"].sel(line=line)
    assert float(spent.sum()) > 0
    ratio = float(taken.sum()) / float(spent.sum())
    money = activity_money(baseline)
    assert ratio == pytest.approx(money[activity] / baseline.allocation[line], rel=1e-9)


def test_every_activity_variable_reads_its_own_lines_spending(baseline) -> None:
    mdl = export_scenario(baseline)
    for a in ACTIVITIES:
        read = set().union(*(mdl.reads[node] for node in mdl.variables[a.variable]))
        # named as the ledger names them: spending_2_1_b, or reserve_spending 2_3 (2.3)
        tag = a.line.replace(".", "_")
        assert any(
            r.startswith(f"spending_{tag}") or r == f"reserve_spending {tag}" for r in read
        ), (a.id, sorted(read))


def test_cofinancing_sources_belong_to_their_activities_lines() -> None:
    from model.policy.budget import COFINANCING_SOURCES

    named = {a.cofinancing for a in ACTIVITIES if a.cofinancing}
    assert named == set(COFINANCING_SOURCES)  # every source flows into some activity
