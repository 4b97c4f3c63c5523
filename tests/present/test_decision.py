"""Figures of the decision analyses (model.present.decision): the value of information as
bars, the search's candidates against the baseline, and what a click on a point selects."""

from __future__ import annotations

import numpy as np
import xarray as xr

from model.policy.budget import LINES
from model.present import decision as DF


def _search() -> xr.Dataset:
    # the documented shape of an allocation search: candidates x lines, candidates x objectives
    alloc = np.array([[4000, 4000, 1400, 1400, 15000, 1200], [5000, 4000, 1400, 1400, 14000, 1200],
                      [6000, 3000, 1400, 1400, 14000, 1200]], dtype=float)  # fmt: skip
    return xr.Dataset(
        {
            "allocation": (("candidate", "line"), alloc),
            "score": (("candidate", "objective"), [[60.0, 10.0], [62.0, 9.0], [63.0, 8.5]]),
            "baseline_score": (("objective",), [60.0, 10.0]),
        },
        coords={"candidate": [0, 1, 2], "line": list(LINES), "objective": ["poverty", "youth"]},
    )


def test_the_front_plots_every_candidate_and_marks_the_baseline() -> None:
    fig = DF.front_figure(
        _search(), x="poverty", y="youth", lang="nl", labels={"poverty": "Armoede"}
    )
    points, base = fig.data
    assert list(points.x) == [60.0, 62.0, 63.0] and list(points.y) == [10.0, 9.0, 8.5]
    assert list(points.customdata) == [0, 1, 2]
    assert (
        base.marker.symbol == "diamond" and list(base.x) == [60.0] and base.name == "Basis (§9.2)"
    )
    assert fig.layout.xaxis.title.text == "Armoede"


def test_a_click_selects_its_candidate_and_loads_its_allocation() -> None:
    state = {"selection": {"points": [{"curve_number": 0, "point_index": 2, "customdata": 2}]}}
    k = DF.selected_candidate(state)
    assert k == 2
    assert DF.candidate_allocation(_search(), k) == dict(
        zip(LINES, [6000, 3000, 1400, 1400, 14000, 1200], strict=True)
    )
    assert DF.selected_candidate({"selection": {"points": []}}) is None
    assert (
        DF.selected_candidate({"selection": {"points": [{"curve_number": 1, "customdata": None}]}})
        is None
    )
    assert DF.selected_candidate(None) is None


def test_the_value_of_information_bars_grey_what_changes_no_choice() -> None:
    ds = xr.Dataset(
        {
            "evpi": 0.5,
            "evppi": ("group", [0.3, 0.0, 0.01]),
            "evppi_error": ("group", [0.02, 0.001, 0.02]),
        },
        coords={"group": ["execution", "unit_costs", "delays"], "negligible": ("group", [0, 1, 1])},
        attrs={"objective": "attainment"},
    )
    fig = DF.voi_figure(ds, lang="nl")
    bar = fig.data[0]
    assert list(bar.y)[-1] == "Uitvoeringscapaciteit"  # the largest on top
    colours = dict(zip(bar.y, bar.marker.color, strict=True))
    assert (
        colours["Eenheidskosten"] == DF.NEGLIGIBLE_COLOUR
        and colours["Uitvoeringscapaciteit"] != DF.NEGLIGIBLE_COLOUR
    )
    assert fig.layout.shapes[0].x0 == 0.5  # the EVPI line
