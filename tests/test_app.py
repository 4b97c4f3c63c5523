"""The Streamlit page, run in process with streamlit's AppTest (no server, no browser)."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from model import LINES, ScenarioError, list_scenarios, load_scenario

APP = Path(__file__).resolve().parent.parent / "app.py"
LINE_IDS = tuple(LINES)


@pytest.fixture
def at() -> AppTest:
    app = AppTest.from_file(str(APP), default_timeout=60).run()
    assert not app.exception, app.exception
    return app


def ledger(app: AppTest):
    """The ledger table as shown (a DataFrame of formatted strings)."""
    assert len(app.table) == 1
    return app.table[0].value


def test_baseline_page_loads(at: AppTest) -> None:
    baseline = list_scenarios()[0]
    assert at.selectbox(key="scenario").value == baseline.name
    sc = load_scenario(baseline)
    for line in LINE_IDS:
        assert at.number_input(key=f"alloc_{line}").value == pytest.approx(sc.allocation[line])
    table = ledger(at)
    assert len(table) >= 1  # one row per budget year
    assert list(table.columns) == [
        "Vrijgegeven uit reserve",
        "Besteed",
        "Cofinanciering ontvangen",
        "Resterend in reserve",
    ]
    assert not at.error
    assert len(at.get("plotly_chart")) == 1


def test_changing_an_allocation_changes_the_ledger(at: AppTest) -> None:
    before = ledger(at).copy()
    metrics_before = [m.value for m in at.metric]
    current = at.number_input(key="alloc_2.1.a").value
    at.number_input(key="alloc_2.1.a").set_value(current - 2000).run()
    assert not at.exception, at.exception
    assert not at.error
    assert not ledger(at).equals(before)
    assert [m.value for m in at.metric] != metrics_before  # allocated / left to allocate


def test_exceeding_the_reserve_shows_the_error_and_keeps_last_result(at: AppTest) -> None:
    at.number_input(key="alloc_2.1.a").set_value(1000).run()  # a valid change first
    last_valid = ledger(at).copy()

    values = {line: at.number_input(key=f"alloc_{line}").value for line in LINE_IDS}
    values["2.2"] = 30_000.0
    with pytest.raises(ScenarioError) as raised:
        load_scenario(list_scenarios()[0]).with_allocation(values)

    at.number_input(key="alloc_2.2").set_value(30_000).run()
    assert not at.exception, at.exception
    assert len(at.error) == 1
    assert raised.value.message("nl") in at.error[0].value  # the model's own message
    assert ledger(at).equals(last_valid)  # the last valid result stays on screen

    at.number_input(key="alloc_2.2").set_value(1000).run()  # back under the reserve
    assert not at.error
    assert not ledger(at).equals(last_valid)


def test_switching_language_changes_headings_and_keeps_inputs(at: AppTest) -> None:
    assert at.title[0].value == "Verdeling van de programmareserve Samen Leven"
    at.number_input(key="alloc_2.3").set_value(500).run()

    at.radio(key="lang").set_value("en").run()
    assert not at.exception, at.exception
    assert at.title[0].value == "Allocating the Samen Leven programme reserve"
    assert "Spent" in ledger(at).columns
    assert at.number_input(key="alloc_2.3").value == 500

    at.radio(key="lang").set_value("nl").run()
    assert at.title[0].value == "Verdeling van de programmareserve Samen Leven"


def test_choosing_another_scenario_loads_its_allocation(at: AppTest) -> None:
    files = list_scenarios()
    if len(files) < 2:
        pytest.skip("only one scenario file in scenarios/")
    other = files[1]
    at.selectbox(key="scenario").set_value(other.name).run()
    assert not at.exception, at.exception
    sc = load_scenario(other)
    for line in LINE_IDS:
        assert at.number_input(key=f"alloc_{line}").value == pytest.approx(sc.allocation[line])
