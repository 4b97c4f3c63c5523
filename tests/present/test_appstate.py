"""The app's state as pure functions: rebalancing, phasing, assumption knobs, the URL
round trip, upload checks and the evidence badge."""

from __future__ import annotations

import pytest

from model import (
    LINES,
    RESERVE_TOTAL,
    ScenarioError,
    list_scenarios,
    load_parameters,
    load_scenario,
)
from model.policy.parameters import EVIDENCE_KINDS, Parameter
from model.present import appstate as A

BASE = {"2.1.a": 4000, "2.1.b": 4000, "2.1.c": 1400, "2.1.d": 1400, "2.2": 15000, "2.3": 1200}
PARAMS = load_parameters()


# --------------------------------------------------------------------------- allocation


def test_slider_options_start_at_the_commitment_and_step_by_50() -> None:
    assert A.allocation_options("2.3")[:3] == [350, 400, 450]
    assert A.allocation_options("2.1.a")[:2] == [0, 50]
    assert A.allocation_options("2.2")[-1] == RESERVE_TOTAL
    for line, amount in BASE.items():  # every amount of the document is on the grid
        assert amount in A.allocation_options(line)


@pytest.mark.parametrize(
    ("change", "keep"),
    [
        ({"2.1.a": 8000}, "2.1.a"),
        ({"2.2": 27000}, "2.2"),
        ({"2.3": 27000}, "2.3"),
        ({"2.1.b": 9050, "2.1.c": 3000}, None),
    ],
)
def test_rebalance_fits_the_reserve_keeps_the_moved_line_and_the_commitment(
    change: dict[str, int], keep: str | None
) -> None:
    out = A.rebalance({**BASE, **change}, keep=keep)
    assert sum(out.values()) == RESERVE_TOTAL
    assert out["2.3"] >= 350
    assert all(v % 50 == 0 for v in out.values())
    if (
        keep
        and change[keep] + sum(A.min_allocation(x) for x in LINES if x != keep) <= RESERVE_TOTAL
    ):
        assert out[keep] == change[keep]
    others = [x for x in LINES if x != keep and x not in change]
    assert all(out[x] <= BASE[x] for x in others)  # only lowered, never raised
    A.build_scenario(
        load_scenario("baseline"),
        allocation=out,
        neighbourhood_share=0.5,
        jeugdfonds_share_130=None,
        phasing="loaded",
        assumptions={},
    )


def test_rebalance_leaves_a_valid_allocation_alone() -> None:
    assert A.rebalance({**BASE, "2.1.a": 3000}, keep="2.1.a") == {**BASE, "2.1.a": 3000}


def test_phasing_profiles_hold_the_2024_commitment() -> None:
    sc = load_scenario("baseline")
    for choice in A.PHASING_CHOICES:
        for amount in (350, 500, 1200, 5000):
            phasing = A.phasing_for(choice, sc, {**BASE, "2.3": amount})
            row = phasing["2.3"]
            assert sum(row.values()) == pytest.approx(1.0)
            assert amount * row[2024] >= 350 - 1e-9
    late = A.phasing_for("late", sc, {**BASE, "2.3": 1000})
    assert late["2.1.a"] == {2024: 0.1, 2025: 0.2, 2026: 0.3, 2027: 0.4}
    assert late["2.3"][2024] == pytest.approx(0.35)
    assert late["2.3"][2025] / late["2.3"][2027] == pytest.approx(
        0.2 / 0.4
    )  # the rest keeps its shape
    with pytest.raises(ValueError, match="allowed"):
        A.phasing_for("sometime", sc, BASE)


def test_build_scenario_validates_like_a_file() -> None:
    sc = load_scenario("baseline")
    built = A.build_scenario(
        sc,
        allocation={**BASE, "2.3": 350},
        neighbourhood_share=0.7,
        jeugdfonds_share_130=0.5,
        phasing="late",
        assumptions={},
    )
    assert (
        built.allocation["2.3"] == 350
        and built.neighbourhood_share == 0.7
        and built.jeugdfonds_share_130 == 0.5
    )
    assert A.is_modified(built, sc) and not A.is_modified(sc, sc)
    with pytest.raises(ScenarioError) as err:
        A.build_scenario(
            sc,
            allocation={**BASE, "2.2": 16000},
            neighbourhood_share=0.5,
            jeugdfonds_share_130=None,
            phasing="loaded",
            assumptions={},
        )
    assert "27.000" in err.value.message("nl")


# --------------------------------------------------------------------------- knobs


def test_every_uncertain_parameter_is_under_exactly_one_knob() -> None:
    knobs = A.knobs(PARAMS)
    covered = [n for k in knobs for n in k.params]
    assert sorted(covered) == sorted(PARAMS.uncertain)
    cof = [k for k in knobs if k.id.startswith("cof.")]
    assert (
        cof[0].id == "cof.gbt_national_contribution"
    )  # the document's first named uncertainty leads
    assert {k.params[0] for k in cof} == {
        n for n in PARAMS.uncertain if PARAMS[n].group == "cofinancing"
    }
    assert any(k.id == "group.execution" for k in knobs)
    assert len({k.key for k in knobs}) == len(knobs)


def test_knob_levels_fix_parameters_and_read_back() -> None:
    knobs = A.knobs(PARAMS)
    gbt = next(k for k in knobs if k.id == "cof.gbt_national_contribution")
    delays = next(k for k in knobs if k.id == "group.delays")
    levels = {gbt.id: "low", delays.id: "high"}
    out = A.assumptions_from_knobs(levels, {}, PARAMS, knobs)
    assert out["gbt_national_contribution"] == PARAMS["gbt_national_contribution"].low
    assert all(out[n] == PARAMS[n].high for n in delays.params)
    assert A.knob_level(gbt, out, PARAMS) == "low"
    assert A.knob_level(delays, out, PARAMS) == "high"
    assert A.knob_level(gbt, {}, PARAMS) == "uncertain"
    load_scenario("baseline").with_levers(assumptions=out)  # valid assumptions


def test_a_scenario_value_that_is_no_level_stays_as_loaded() -> None:
    knobs = A.knobs(PARAMS)
    execution = next(k for k in knobs if k.id == "group.execution")
    loaded = {"execution_capacity": 7000.0}
    assert A.knob_level(execution, loaded, PARAMS) == "loaded"
    assert "loaded" in A.knob_options(execution, loaded, PARAMS)
    assert "loaded" not in A.knob_options(execution, {}, PARAMS)
    assert A.assumptions_from_knobs({execution.id: "loaded"}, loaded, PARAMS, knobs) == loaded
    assert A.assumptions_from_knobs({execution.id: "uncertain"}, loaded, PARAMS, knobs) == {}


def test_presets() -> None:
    knobs = A.knobs(PARAMS)
    start = {k.id: "uncertain" for k in knobs}
    pess = A.preset_levels("cof_pessimistic", start, knobs)
    assert pess["cof.gbt_national_contribution"] == "low"  # no national contribution
    assert pess["cof.gbt_national_from"] == "high"  # late
    assert pess["cof.gbt_running_cost"] == "high"  # expensive
    assert pess["group.execution"] == "uncertain"
    opt = A.preset_levels("cof_optimistic", start, knobs)
    assert opt["cof.gbt_national_contribution"] == "high"
    assert A.preset_levels("tight_execution", start, knobs)["group.execution"] == "low"
    assert set(A.preset_levels("uncertain", pess, knobs).values()) == {"uncertain"}
    with pytest.raises(ValueError):
        A.preset_levels("panic", start, knobs)


def test_knob_labels_say_the_values_in_the_language() -> None:
    knobs = A.knobs(PARAMS)
    gbt = next(k for k in knobs if k.id == "cof.gbt_national_contribution")
    assert [A.knob_label(gbt, lvl, PARAMS, "nl") for lvl in A.LEVELS] == [
        "onzeker (0 – 1)",
        "nee (0)",
        "deels (0,25)",  # the default: school-meal money (evidence register)
        "ja (1)",
    ]
    assert A.knob_label(gbt, "high", PARAMS, "en") == "yes (1)"
    when = next(k for k in knobs if k.id == "cof.gbt_national_from")
    assert A.knob_label(when, "low", PARAMS, "nl") == "vroeg (2025)"  # a year, not 2.025
    execution = next(k for k in knobs if k.id == "group.execution")
    assert A.knob_label(execution, "low", PARAMS, "nl") == "krap (5.000)"
    assert A.knob_title(gbt, PARAMS, "nl").startswith("Rijksbijdrage")


# --------------------------------------------------------------------------- URL


@pytest.mark.parametrize("path", list_scenarios(), ids=lambda p: p.stem)
def test_every_scenario_file_survives_the_url_round_trip(path) -> None:
    sc = load_scenario(path)
    back = A.scenario_from_query(A.scenario_to_query(sc))
    assert back is not None
    for field in (
        "name",
        "title",
        "allocation",
        "phasing",
        "neighbourhood_share",
        "decision_date",
        "jeugdfonds_share_130",
        "assumptions",
    ):
        assert getattr(back, field) == getattr(sc, field), field


def test_url_with_assumptions_and_changed_levers() -> None:
    sc = A.build_scenario(
        load_scenario("baseline"),
        allocation={**BASE, "2.1.a": 3000},
        neighbourhood_share=0.35,
        jeugdfonds_share_130=0.75,
        phasing="early",
        assumptions={"gbt_national_contribution": 0.0, "execution_capacity": 5000.0},
    )
    query = A.scenario_to_query(sc)
    assert query["as"] == "execution_capacity:5000,gbt_national_contribution:0"
    back = A.scenario_from_query(query)
    assert back.allocation == sc.allocation and back.assumptions == sc.assumptions
    assert all(A.phasing_shares_close(back.phasing[x], sc.phasing[x]) for x in LINES)


def test_url_without_a_scenario_is_none_and_bad_values_are_named() -> None:
    assert A.scenario_from_query({"page": "compare"}) is None
    with pytest.raises(A.QueryError) as err:
        A.scenario_from_query({"alloc": "1,2,3"})
    assert "alloc" in err.value.message("nl") and "6 getallen" in err.value.message("nl")
    with pytest.raises(A.QueryError):
        A.scenario_from_query({"alloc": "4000,4000,1400,1400,15000,nan"})
    with pytest.raises(A.QueryError):
        A.scenario_from_query({"alloc": "4000,4000,1400,1400,15000,1200", "as": "x=1"})
    with pytest.raises(A.QueryError):
        A.scenario_from_query(
            {"alloc": "4000,4000,1400,1400,15000,1200", "ph": "25,25,25,25;9.9=1,2,3,4"}
        )
    with pytest.raises(ScenarioError):  # valid numbers, invalid scenario: the model's message
        A.scenario_from_query(
            {"alloc": "4000,4000,1400,1400,15000,1200", "as": "execution_capacity:1"}
        )
    with pytest.raises(ScenarioError):
        A.scenario_from_query({"alloc": "9000,4000,1400,1400,15000,1200"})


# --------------------------------------------------------------------------- upload


def test_upload_accepts_a_scenario_file() -> None:
    text = load_scenario("armoede_eerst").to_toml().encode()
    sc = A.read_upload("armoede.toml", text)
    assert sc.allocation == load_scenario("armoede_eerst").allocation
    assert sc.source == "armoede.toml"


def test_upload_extends_a_named_scenario() -> None:
    sc = A.read_upload(
        "x.toml",
        b'[scenario]\nname = "x"\nextends = "jeugd_eerst"\n[levers.allocation]\n"2.1.c" = 1000\n"2.1.d" = 1800\n',
    )
    assert sc.allocation["2.1.b"] == 8000 and sc.allocation["2.1.c"] == 1000


@pytest.mark.parametrize(
    ("name", "data", "nl", "en"),
    [
        (
            "big.toml",
            b"#" * (A.MAX_UPLOAD_BYTES + 1),
            "toegestaan is hoogstens 64 kB",
            "at most 64 kB is allowed",
        ),
        ("x.txt", b'[scenario]\nname = "x"\n', "eindigt niet op .toml", "does not end in .toml"),
        ("x.toml", b"", "leeg", "empty"),
        ("x.toml", "naïef".encode("latin-1"), "geen tekstbestand", "not a text file"),
        ("x.toml", b"[levers\n", "geen geldig TOML-bestand", "not a valid TOML file"),
        (
            "x.toml",
            b'[levers.allocation]\n"2.1.a" = 30000\n',
            "meer dan de reserve",
            "exceed the reserve",
        ),
        (
            "x.toml",
            b'[levers.allocation]\n"9.9" = 1\n',
            "onbekende begrotingslijn",
            "unknown budget line",
        ),
        ("x.toml", b'[levers.allocation]\n"2.3" = 100\n', "al is vastgelegd", "already committed"),
        (
            "x.toml",
            b"[assumptions]\nexecution_capacity = 1\n",
            "ligt buiten het bereik",
            "outside its range",
        ),
        (
            "x.toml",
            b"[assumptions]\nno_such_thing = 1\n",
            "is geen bekende parameter",
            "not a known parameter",
        ),
    ],
)
def test_upload_refuses_with_a_message_in_each_language(
    name: str, data: bytes, nl: str, en: str
) -> None:
    with pytest.raises(A.UploadError) as err:
        A.read_upload(name, data)
    assert nl in err.value.message("nl")
    assert en in err.value.message("en")


# --------------------------------------------------------------------------- provenance


def test_evidence_kinds() -> None:
    kinds = {n: PARAMS[n].kind for n in PARAMS}
    assert kinds["execution_capacity"] == "assumption"
    assert kinds["poverty_project_cost"] == "derived"  # plan-consistent
    assert kinds["neet_projects_2023"] == "source"
    assert set(kinds.values()) == set(EVIDENCE_KINDS)
    assert Parameter("x", "d", "1", 1.0, source="Derived from the doelenboom").kind == "derived"
