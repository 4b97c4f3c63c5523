"""The doelenboom picture and the money Sankey (model.present.goaltree): every box is
there and coloured by its chance, the links are the tree's, the flows add up to the
allocation, and the labels follow the language."""

from __future__ import annotations

import itertools
from dataclasses import replace

import numpy as np
import pandas as pd
import pytest

from model.policy.activities import ACTIVITIES, activity_money
from model.policy.budget import LINES, RESERVE_TOTAL
from model.present import goaltree as G
from model.present import reduce as W
from model.present.charts import CHANCE_COLOURS
from model.run.goaltree import goal_tree


@pytest.fixture(scope="module")
def results(baseline):
    return W.results(baseline, samples=20, seed=3, horizon=2027)


@pytest.fixture(scope="module")
def tree():
    return goal_tree()


def _boxes(fig) -> dict[str, dict]:
    return {s.name: s for s in fig.layout.shapes}


def test_every_line_activity_output_and_outcome_has_a_box(tree, results, baseline) -> None:
    fig = G.goal_tree_figure(tree, results, activity_money(baseline), lang="nl")
    boxes = _boxes(fig)
    expected = (
        {f"line:{line}" for line in LINES}
        | {f"activity:{a.id}" for a in ACTIVITIES}
        | {f"output:{o}" for o in results.indicators.index if results.indicators.at[o, "level"] == "output"}
        | {f"outcome:{y}" for y in tree.outcomes}
    )  # fmt: skip
    assert set(boxes) == expected
    # no two boxes of a column overlap
    for kind in ("line", "activity", "output", "outcome"):
        spans = sorted((b.y0, b.y1) for k, b in boxes.items() if k.startswith(f"{kind}:"))
        assert all(b0 >= a1 for (_, a1), (b0, _) in itertools.pairwise(spans)), kind
    # one curve per link: the solid trace holds lines->activities->outputs->outcomes
    solid, dashed = fig.data[0], fig.data[1]
    n_solid = sum(1 for x in solid.x if x is None)
    n_dashed = sum(1 for x in dashed.x if x is None)
    links = (
        len(ACTIVITIES)
        + sum(len(v) for v in tree.activity_outputs.values())
        + sum(len(v) for v in tree.output_outcomes.values())
    )
    assert n_solid == links
    assert n_dashed == sum(len(v) for v in tree.direct_outcomes.values())


def test_boxes_are_coloured_by_their_chances(tree, results, baseline) -> None:
    fr = results.indicators.copy()
    wanted = {
        "gbt_schools": 0.9,
        "gbt_children": 0.6,
        "keigezond_children": 0.1,
        "jeugdfonds_children": np.nan,
    }
    for i, p in wanted.items():
        fr.at[i, "p_target_met"] = p
    fr.at["loneliness_share", "p_better_than_no_reserve"] = 0.55
    fig = G.goal_tree_figure(
        tree, replace(results, indicators=fr), activity_money(baseline), lang="nl"
    )
    boxes = _boxes(fig)
    assert boxes["output:gbt_schools"].fillcolor == CHANCE_COLOURS["likely"]
    assert boxes["output:gbt_children"].fillcolor == CHANCE_COLOURS["uncertain"]
    assert boxes["output:keigezond_children"].fillcolor == CHANCE_COLOURS["unlikely"]
    assert boxes["output:jeugdfonds_children"].fillcolor == G.NEUTRAL  # no chance known
    assert boxes["outcome:loneliness_share"].fillcolor == CHANCE_COLOURS["uncertain"]
    # the mark and the percentage are in the box too (it reads without colour)
    texts = [a.text for a in fig.layout.annotations]
    assert any(t.startswith("<b>✓ 90%</b>") and "Gezonde Basisscholen" in t for t in texts)
    assert any(t.startswith("<b>✗ 10%</b>") for t in texts)
    # every other output follows the run's own chances
    for key, box in boxes.items():
        kind, id_ = key.split(":", 1)
        if kind == "output" and id_ not in wanted:
            p = fr.at[id_, "p_target_met"]
            cls = "likely" if p >= 0.8 else "uncertain" if p >= 0.5 else "unlikely"
            assert box.fillcolor == CHANCE_COLOURS[cls], id_


def test_labels_follow_the_language_and_titles_are_text(tree, results, baseline) -> None:
    money = activity_money(baseline)
    named = replace(results, title="<b onmouseover=x>Mijn</b>")
    nl = G.goal_tree_figure(tree, named, money, lang="nl")
    en = G.goal_tree_figure(tree, named, money, lang="en")
    nl_text = " ".join(a.text for a in nl.layout.annotations)
    en_text = " ".join(a.text for a in en.layout.annotations)
    assert "Burgerinitiatieven" in nl_text and "Activiteit" in nl_text
    assert "Citizen initiatives" in en_text and "Activity" in en_text
    assert "<b onmouseover" not in nl.layout.title.text


def test_sankey_flows_add_up_to_the_allocation(results, baseline) -> None:
    sc = baseline.with_allocation({"2.1.a": 3000, "2.2": 14000})  # 2,000 k€ left unallocated
    money = activity_money(sc)
    cof = {"area_partners": 900.0, "gbt_national": 300.0, "keigezond": 0.0}
    flows = G.money_flows(sc.allocation, money, cof, lang="nl")
    by = flows.groupby(["source", "target"])["keur"].sum()
    assert by[("reserve", "unallocated")] == pytest.approx(2000.0)
    assert flows.loc[flows["source"] == "reserve", "keur"].sum() == pytest.approx(RESERVE_TOTAL)
    for line in LINES:
        into = by[("reserve", f"line:{line}")]
        out = flows.loc[flows["source"] == f"line:{line}", "keur"].sum()
        assert into == pytest.approx(sc.allocation[line]) and out == pytest.approx(into), line
    # co-financing flows into its activities; the area partners split by the 2.2 money
    partners = flows[flows["source"] == "cofinancing:area_partners"].set_index("target")["keur"]
    assert partners.sum() == pytest.approx(900.0)
    line_22 = {
        a: money[a]
        for a in ("neighbourhood_approaches", "village_approaches", "continued_approaches")
    }
    for a, v in line_22.items():
        assert partners[f"activity:{a}"] == pytest.approx(900.0 * v / sum(line_22.values()))
    assert by[("cofinancing:gbt_national", "activity:gbt")] == pytest.approx(300.0)
    assert "cofinancing:keigezond" not in set(flows["source"])  # a flow of zero is left out
    # the Sankey draws exactly these flows
    fig = G.money_sankey(flows, lang="en", name="Mine")
    sankey = fig.data[0]
    assert list(sankey.link.value) == pytest.approx(flows["keur"].tolist())
    labels = list(sankey.node.label)
    assert labels[next(iter(sankey.link.source))].startswith("Programme reserve: 27,000 k€")
    assert any(label.startswith("Not yet allocated: 2,000 k€") for label in labels)


def test_cofinancing_totals_are_the_median_per_year_summed_to_2027(results) -> None:
    totals = G.cofinancing_totals(results)
    frame = results.cofinancing_by_source
    assert set(totals) == set(frame.columns)
    years = [y for y in frame.index if y <= 2027]
    assert totals["gbt_national"] == pytest.approx(float(frame.loc[years, "gbt_national"].sum()))
    assert all(v >= 0 for v in totals.values())


def test_tree_table_holds_every_box_with_its_links(tree, results, baseline) -> None:
    table = G.tree_table(tree, results, activity_money(baseline), lang="nl")
    assert isinstance(table, pd.DataFrame)
    assert list(table["kind"].unique()) == ["line", "activity", "output", "outcome"]
    gbt = table.set_index("id").loc["gbt"]
    assert gbt["feeds"] == "gbt_schools, gbt_children" and gbt["amount_keur"] == pytest.approx(
        1400.0
    )
    chance = table.set_index("id").loc["gbt_schools", "chance"]
    assert chance == pytest.approx(results.indicators.at["gbt_schools", "p_target_met"])
