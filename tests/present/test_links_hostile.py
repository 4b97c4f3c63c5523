"""Share links from anyone: every bad parameter is a :class:`QueryError` or the model's
:class:`ScenarioError` (the two the app catches), naming the parameter, the value and what
is allowed in both languages; unknown parameters are returned as warnings (issue 16)."""

from __future__ import annotations

import re
import tomllib
from dataclasses import replace
from pathlib import Path

import pytest

import model.present.appstate as A
from model.i18n import has_text, t
from model.policy.scenarios import ScenarioError, load_scenario

BASE = A.scenario_to_query(load_scenario("baseline"))
APPSTATE = Path(A.__file__).read_text(encoding="utf-8")


def refused(**changes: object) -> A.QueryError | ScenarioError:
    query = {**BASE, **changes}
    with pytest.raises((A.QueryError, ScenarioError)) as info:
        A.scenario_from_query(query)
    err = info.value
    for lang in ("nl", "en"):  # as the app shows it: its warning around the message
        assert t("app.url.error", lang, message=err.message(lang))
    return err


def test_every_allowed_text_of_a_link_error_exists_in_both_languages() -> None:
    """The key a QueryError looks up is in the catalogue (a missing one killed the session)."""
    keys = set(
        re.findall(r'QueryError\([^)]*?"(app\.url\.[a-z_]+|allowed\.[a-z_]+)"', APPSTATE, re.S)
    )
    keys |= set(re.findall(r'"(app\.url\.allowed_[a-z_]+)"', APPSTATE))
    assert {"app.url.allowed_date", "app.url.allowed_once", "app.url.allowed_numbers"} <= keys
    assert all(has_text(k) for k in keys), sorted(k for k in keys if not has_text(k))


@pytest.mark.parametrize(
    "dd",
    [
        "x",
        "2024-02-30",
        "2024-6-28",
        "2024-06-28T10:00",
        "20240628",
        "२०२४-०६-२८",
        "",
        "2024-W26-5",
    ],
)
def test_a_decision_date_that_is_not_a_day_is_named(dd: str) -> None:
    err = refused(dd=dd)
    assert isinstance(err, A.QueryError) and err.field == "dd"
    nl, en = err.message("nl"), err.message("en")
    assert nl.startswith(f"dd = {dd!r}: een datum JJJJ-MM-DD tussen 2024-01-01 en 2027-12-31")
    assert en.startswith(f"dd = {dd!r}: a date YYYY-MM-DD between 2024-01-01 and 2027-12-31")


def test_a_decision_date_outside_the_period_gets_the_models_message() -> None:
    err = refused(dd="2023-12-31")
    assert isinstance(err, ScenarioError) and err.field == "levers.decision_date"
    assert "2027-12-31" in err.message("en")


@pytest.mark.parametrize(
    ("alloc", "kind"),
    [
        ("", A.QueryError),
        ("1,2,3", A.QueryError),
        ("4000,4000,1400,1400,15000,1200,7", A.QueryError),
        ("a,b,c,d,e,f", A.QueryError),
        ("4000,4000,1400,1400,15000,1e309", A.QueryError),  # infinite
        ("4000,4000,1400,1400,15000,nan", A.QueryError),
        (f"{2**70},0,0,0,0,1200", ScenarioError),  # over the reserve
        ("1e308,0,0,0,0,1200", ScenarioError),
        ("-5,4000,1400,1400,15000,1200", ScenarioError),
        ("4000;4000,1400,1400,15000,1200", A.QueryError),
    ],
)
def test_bad_allocations_are_named(alloc: str, kind: type) -> None:
    err = refused(alloc=alloc)
    assert isinstance(err, kind)
    assert ("alloc" in err.message("en")) or ("levers.allocation" in err.message("en"))
    assert len(err.message("nl")) < 400


def test_a_long_value_is_shown_by_its_start() -> None:
    err = refused(alloc="1," * 5000)
    assert len(err.message("en")) < 200 and "…" in err.message("en")


@pytest.mark.parametrize(
    ("changes", "field", "nl", "en"),
    [
        ({"nb": "x"}, "nb", "verwacht een getal", "expected a number"),
        ({"j130": "inf"}, "j130", "verwacht een getal", "expected a number"),
        ({"ph": "25,25,25"}, "ph", "verwacht 4 getallen", "expected 4 numbers"),
        ({"ph": "25,25,25,25;9.9=1,2,3,4"}, "ph", "lijn=vier percentages", "line=four percentages"),
        ({"as": "x²:1"}, "as", "naam:getal", "name:number"),
        ({"as": "execution_capacity:6000,execution_capacity:7000"}, "as", "één keer", "once"),
        ({"as": "execution_capacity:x"}, "as", "verwacht een getal", "expected a number"),
        ({"title": "x" * 201}, "title", "hoogstens 200 tekens", "at most 200 characters"),
        ({"name": "n" * 500}, "name", "hoogstens 200 tekens", "at most 200 characters"),
    ],
)
def test_other_bad_parameters_are_named(changes: dict, field: str, nl: str, en: str) -> None:
    err = refused(**changes)
    assert isinstance(err, A.QueryError) and err.field == field
    assert nl in err.message("nl") and en in err.message("en")


def test_a_parameter_given_twice_with_different_values_is_refused() -> None:
    err = refused(dd=["2024-06-28", "2025-01-01"])
    assert isinstance(err, A.QueryError) and err.field == "dd"
    assert "'2024-06-28&2025-01-01'" in err.message("en")
    assert "elke parameter één keer (nu 2 keer gegeven)" in err.message("nl")
    assert "each parameter once (now given 2 times)" in err.message("en")


def test_a_parameter_given_twice_with_the_same_value_is_that_value() -> None:
    sc = A.scenario_from_query({**BASE, "dd": ["2024-09-01", "2024-09-01"]})
    assert sc is not None and sc.decision_date.isoformat() == "2024-09-01"


def test_unknown_parameters_open_the_link_and_come_back_as_warnings() -> None:
    query = {**BASE, "utm_source": "mail", "fbclid": "abc", "page": "share", "lang": "en"}
    sc = A.scenario_from_query(query)
    assert sc is not None and sc.allocation == load_scenario("baseline").allocation
    warnings = A.link_warnings(query)
    assert [w.field for w in warnings] == ["utm_source", "fbclid"]
    assert "deze parameter is genegeerd" in warnings[0].message("nl")
    assert "this parameter was ignored" in warnings[0].message("en")
    assert A.link_warnings(BASE) == []


def test_parse_link_reads_whole_links_and_refuses_floods() -> None:
    query = A.parse_link("http://localhost:8501/?alloc=1,2&dd=2024-06-28&dd=x#top")
    assert query == {"alloc": ["1,2"], "dd": ["2024-06-28", "x"]}
    assert A.parse_link("alloc=%ff%00") == {"alloc": ["\ufffd\x00"]}
    with pytest.raises(A.QueryError) as info:
        A.parse_link("&".join(f"k{i}=1" for i in range(A.MAX_LINK_FIELDS + 1)))
    assert "at most 50 parameters" in info.value.message("en")
    assert "hoogstens 50 parameters" in info.value.message("nl")


def test_a_title_keeps_no_control_or_direction_characters() -> None:
    sc = A.scenario_from_query({**BASE, "title": "Jeugd\u202e eerst\x00\x7f\nnu"})
    assert sc is not None and sc.title == "Jeugd eerst nu"


def test_a_title_with_del_still_writes_valid_toml() -> None:
    """TOML forbids DEL unescaped in a string; the writer escapes it."""
    odd = replace(load_scenario("baseline"), title="a\x7fb")
    assert tomllib.loads(odd.to_toml())["scenario"]["title"] == "a\x7fb"


def test_the_app_catches_every_link_error_it_can_get() -> None:
    """The app catches QueryError and ScenarioError; nothing else may leave the parser."""
    for query in (
        {"alloc": "1,2,three"},
        {**BASE, "dd": "2024-02-30"},
        {**BASE, "dd": ["a", "b"]},
        {**BASE, "as": "x:1"},
        {**BASE, "ph": ";;;"},
        {**BASE, "name": "baseline", "ph": "1,2,3,4"},
        {**BASE, "title": "\ud800"},
    ):
        try:
            A.scenario_from_query(query)
        except (A.QueryError, ScenarioError) as err:
            assert err.message("nl") and err.message("en")
