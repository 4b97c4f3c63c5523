"""The app on time: what happens after 2027, late spending, the carry-over choice, and
link parameters it ignores (AppTest, in process)."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

from model import load_scenario
from model.present.appstate import scenario_to_query

APP = Path(__file__).resolve().parents[2] / "app.py"


def start(query: dict[str, str | list[str]] | None = None) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=180)
    # deterministic: fast; the values are the default (calibrated) set's, as every app run
    at.session_state["samples"] = 1
    for key, value in (query or {}).items():
        at.query_params[key] = value
    return at.run()


def texts(at: AppTest) -> str:
    return "\n".join(m.value for m in at.markdown)


def test_the_first_page_says_what_happens_after_2027():
    at = start()
    assert not at.exception
    assert "Na 2027 en late besteding" in [h.value for h in at.subheader]
    shown = texts(at)
    # the calibrated Jeugdfonds demand (national growth of approvals) reaches 8,856 children
    # in 2027, and without money after 2027 a quarter of them drop out (33 % on the priors)
    assert "Sport & Cultuur: daalt in 2028 met 25% (van 8.856 naar 6.646)" in shown
    assert "tenzij de financiering doorloopt" in shown


def test_a_late_decision_without_carry_over_names_the_money_left_and_the_box_changes_it():
    query = scenario_to_query(load_scenario("baseline"))
    query["dd"] = "2027-11-01"
    at = start(query)
    assert not at.exception
    assert "blijft in de reserve (geen overheveling gekozen)" in texts(at)
    box = at.checkbox(key="carry_over")
    assert box.value is False
    box.check().run()
    assert not at.exception
    assert "Overgeheveld:" in texts(at)
    # the share link now carries the choice
    assert at.query_params["co"] == ["1"] or at.query_params["co"] == "1"


def test_a_link_with_carry_over_opens_with_the_box_ticked():
    sc = load_scenario("baseline").with_levers(carry_over=True)
    at = start(scenario_to_query(sc))
    assert not at.exception
    assert at.checkbox(key="carry_over").value is True


def test_parameters_the_app_does_not_know_are_named_and_the_scenario_opens():
    query = scenario_to_query(load_scenario("jeugd_eerst"))
    query["utm_source"] = "nieuwsbrief"
    at = start(query)
    assert not at.exception
    infos = " ".join(i.value for i in at.info)
    assert "Genegeerd in de link" in infos and "utm_source" in infos
    assert at.session_state["scenario_file"] == "jeugd_eerst.toml"
