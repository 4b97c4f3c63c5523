"""Scenario files: the baseline is §9.2, and every kind of bad input gets a message
naming the field, the value and what is allowed."""

import shutil
from datetime import date

import pytest

from model import LINES, ScenarioError, list_scenarios, load_scenario, parse_scenario
from model.policy.scenarios import SCENARIO_DIR


def test_baseline_is_the_indicative_split_of_section_9_2():
    sc = load_scenario("baseline")
    assert sc.allocation == {
        "2.1.a": 4000,
        "2.1.b": 4000,
        "2.1.c": 1400,
        "2.1.d": 1400,
        "2.2": 15000,
        "2.3": 1200,
    }
    assert sc.allocated == 27_000 and sc.unallocated == 0
    assert sc.decision_date == date(2024, 6, 28)
    for line in LINES:
        assert sum(sc.phasing[line].values()) == pytest.approx(1.0)
    assert sc.allocation["2.3"] * sc.phasing["2.3"][2024] >= 350  # the commitments fit


def test_list_scenarios_puts_the_baseline_first():
    files = list_scenarios()
    assert files[0].name == "baseline.toml"
    assert all(p.suffix == ".toml" for p in files)


def test_override_file_changes_only_what_it_says(tmp_path):
    shutil.copy(SCENARIO_DIR / "baseline.toml", tmp_path)
    (tmp_path / "poverty.toml").write_text(
        '[scenario]\nname = "poverty"\ntitle = "Armoede eerst"\n\n[levers.allocation]\n"2.1.a" = 6000\n"2.2" = 13000\n'
        "\n[assumptions]\nexecution_capacity = 7000\n",
        encoding="utf-8",
    )
    sc = load_scenario(tmp_path / "poverty.toml", directory=tmp_path)
    assert sc.extends == "baseline"
    assert (
        sc.allocation["2.1.a"] == 6000
        and sc.allocation["2.2"] == 13000
        and sc.allocation["2.1.b"] == 4000
    )
    assert sc.assumptions == {"execution_capacity": 7000.0}
    assert sc.parameters()["execution_capacity"].value == 7000.0
    assert not sc.parameters()["execution_capacity"].uncertain


def test_to_toml_round_trips():
    sc = (
        load_scenario("baseline")
        .with_allocation({"2.1.a": 3000})
        .with_levers(neighbourhood_share=0.7)
    )
    again = parse_scenario(sc.to_toml(), source="roundtrip.toml")
    assert again.allocation == sc.allocation
    assert again.phasing == sc.phasing
    assert again.neighbourhood_share == 0.7
    assert again.decision_date == sc.decision_date


def bad(text: str):
    """Parse an override of the baseline and return the error."""
    with pytest.raises(ScenarioError) as info:
        parse_scenario(text, source="bad.toml")
    return info.value


@pytest.mark.parametrize(
    "text, field, value, allowed",
    [
        (
            '[levers.allocation]\n"2.9" = 100\n',
            'levers.allocation."2.9"',
            "'2.9'",
            "2.1.a, 2.1.b, 2.1.c, 2.1.d, 2.2, 2.3",
        ),
        ('[levers.allocation]\n"2.1.a" = -5\n', 'levers.allocation."2.1.a"', "-5", "≥ 0"),
        ('[levers.allocation]\n"2.1.a" = "veel"\n', 'levers.allocation."2.1.a"', "'veel'", "≥ 0"),
        ('[levers.allocation]\n"2.1.a" = true\n', 'levers.allocation."2.1.a"', "True", "≥ 0"),
        ('[levers.allocation]\n"2.1.a" = nan\n', 'levers.allocation."2.1.a"', "nan", "≥ 0"),
        ('[levers.allocation]\n"2.1.a" = inf\n', 'levers.allocation."2.1.a"', "inf", "≥ 0"),
        ('[levers.allocation]\n"2.1.a" = 5000\n', "levers.allocation", "28000.0", "27.000"),
        (
            '[levers.phasing.default]\n"2024" = 0.5\n"2025" = 0.4\n',
            "levers.phasing.default",
            "0.9",
            "samen 1",
        ),
        (
            '[levers.phasing."2.1.b"]\n"2023" = 1.0\n',
            'levers.phasing."2.1.b"."2023"',
            "'2023'",
            "2024, 2025, 2026, 2027",
        ),
        ('[levers.allocation]\n"2.3" = 300\n', 'levers.allocation."2.3"', "300.0", "≥ 350"),
        (
            '[levers.phasing."2.3"]\n"2024" = 0.1\n"2025" = 0.9\n',
            'levers.phasing."2.3"."2024"',
            "0.1",
            "≥ 0.2917",
        ),
        ("[levers]\nneighbourhood_share = 1.5\n", "levers.neighbourhood_share", "1.5", "0 … 1"),
        (
            "[levers]\ndecision_date = 2023-01-01\n",
            "levers.decision_date",
            "datetime.date(2023, 1, 1)",
            "2024-01-01",
        ),
        ("[levers]\nbudget = 5\n", "levers.budget", "'budget'", "allocation"),
        ("[extra]\nx = 1\n", "extra", "'extra'", "assumptions, levers, scenario"),
        ('[scenario]\nextends = "nergens"\n', "scenario.extends", "'nergens'", "baseline"),
    ],
)
def test_bad_input_names_field_value_and_what_is_allowed(text, field, value, allowed):
    err = bad(text)
    msg = str(err)
    assert msg.startswith("bad.toml: ")
    assert err.field == field and field in msg
    assert f"= {value}" in msg
    assert allowed in msg


def test_malformed_toml_names_the_file_and_position():
    err = bad('[levers.allocation\n"2.1.a" = 1\n')
    assert "bad.toml: geen geldig TOML-bestand" in str(err)
    assert "regel 1, kolom 19" in str(err)  # Dutch throughout (the parser's own text is English)
    assert "bad.toml: not a valid TOML file: line 1, column 19" in err.message("en")


def test_assumption_errors_name_the_parameter():
    unknown = bad("[assumptions]\nonzin = 1\n")
    assert "assumptions.onzin is not a known parameter" in unknown.message("en")
    assert "assumptions.onzin is geen bekende parameter" in str(unknown)  # Dutch by default
    outside = bad("[assumptions]\nexecution_capacity = 100\n")
    assert (
        "execution_capacity = 100.0 lies outside its range; allowed: 5000.0 to 13000.0"
        in outside.message("en")
    )
    assert (
        "execution_capacity = 100.0 ligt buiten het bereik; toegestaan: 5000.0 tot 13000.0"
        in str(outside)
    )
    assert outside.field == "execution_capacity" and outside.value == 100.0
    assert "assumptions.execution_capacity = 'veel'" in str(
        bad('[assumptions]\nexecution_capacity = "veel"\n')
    )


def test_messages_are_available_in_english():
    err = bad('[levers.allocation]\n"2.1.a" = -5\n')
    assert "een bedrag kan niet negatief zijn" in err.message("nl")
    assert "an amount cannot be negative; allowed: a number ≥ 0 in k€" in err.message("en")


def test_with_allocation_validates_like_a_file():
    sc = load_scenario("baseline")
    with pytest.raises(ScenarioError, match=r"27[.,]000"):
        sc.with_allocation({"2.1.a": 4001})
    lower = sc.with_allocation({"2.1.a": 3000})
    assert lower.unallocated == 1000


def test_unreadable_file_is_a_clear_error(tmp_path):
    with pytest.raises(ScenarioError, match="kan niet gelezen worden"):
        load_scenario(tmp_path / "missing.toml")
