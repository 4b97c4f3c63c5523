"""A monitor file of the Province's own: loaded, checked against the model, and its fit shown.

* The example file (Dutch Excel: semicolons, decimal commas, Dutch column names) loads; every
  row becomes an observation with its source, and ``samenleven calibrate --monitor FILE``
  prints each row against the model's 5-95 % band, in Dutch or English, exit 0.
* A comma-separated file with English column names, names instead of ids, and unit labels
  loads the same way.
* A bad file (unknown indicator or column, a year the model cannot compare, a cell that is
  not a number, a unit that is not the model's, a region the indicator does not have, a
  duplicate) exits 2 with the file, the line, the column, the value and what is allowed,
  in Dutch and in English.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest

from model.analysis.calibration import (
    CALIBRATION_DIR,
    calibrated_parameters,
    load_monitor,
    monitor_fit,
)
from model.analysis.calibration import main as calibration_main
from model.analysis.observations import MonitorError
from model.cli import main

EXAMPLE = CALIBRATION_DIR / "examples" / "monitor_example.csv"
SAMPLES = "200"


def test_the_example_monitor_file_loads_every_row_with_its_source():
    obs = load_monitor(EXAMPLE)
    items = {o.id: o for o in obs.items}
    assert len(items) == 7 and all(o.role == "check" for o in obs.items)
    m2016 = items["movement_guideline_share:limburg:2016"]
    assert m2016.observed == 46.6 and m2016.kind == "backcast"  # decimal comma read
    assert m2016.trend == "movement_guideline_trend" and m2016.line == 5
    assert "Gezondheidsmonitor Volwassenen en Ouderen 2016" in m2016.source
    assert "leudal.nieuws.nl" in m2016.source  # the url column
    assert (
        items["movement_guideline_share:zuid:2022"].kind == "backcast"
    )  # end of 2022, one year before the start
    assert items["movement_guideline_share:limburg:2024"].kind == "in_period"
    literacy = items["low_literate_adults:limburg:2023"]
    assert literacy.kind == "start" and literacy.sigma == pytest.approx((106_000 - 84_000) / 4)
    assert math.isnan(m2016.sigma)  # no error given: compared with the band only
    assert set(obs.series) == {
        "movement_guideline_share",
        "low_literate_adults",
        "athletes_supported",
    }


def test_the_monitor_fit_puts_each_row_against_the_band():
    table = monitor_fit(load_monitor(EXAMPLE), samples=int(SAMPLES), seed=0)
    assert len(table) == 7
    for _, r in table.iterrows():
        assert r["model_p05"] <= r["model_median"] <= r["model_p95"]
        expected = (
            "below"
            if r["observed"] < r["model_p05"] - 1e-6
            else "above"
            if r["observed"] > r["model_p95"] + 1e-6
            else "inside"
        )
        assert r["verdict"] == expected, r
    # a figure the model takes as its start sits in the middle of a band of zero width
    start = table.loc["movement_guideline_share:zuid:2022"]
    assert start["verdict"] == "inside" and start["percentile"] == pytest.approx(0.5)
    # the measured 2024 share lies above what the priors' trends allow
    assert table.loc["movement_guideline_share:limburg:2024", "verdict"] == "above"


def test_a_calibrated_set_narrows_the_band(tmp_path):
    obs_prior = load_monitor(EXAMPLE)
    obs_public = load_monitor(EXAMPLE, parameters=calibrated_parameters("public"))
    prior = monitor_fit(obs_prior, samples=int(SAMPLES), seed=0)
    public = monitor_fit(obs_public, samples=int(SAMPLES), seed=0)
    width = lambda t: t["model_p95"] - t["model_p05"]  # noqa: E731
    oid = "movement_guideline_share:limburg:2016"
    assert width(public)[oid] < 0.8 * width(prior)[oid]


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("nl", ["waarneming(en) tegen de 5–95 %-band", "regel 5; bron:", "binnen de band", "46,6"]),
        (
            "en",
            [
                "observation(s) against the model's 5–95 % band",
                "line 5; source:",
                "inside the band",
                "46.6",
            ],
        ),
    ],
)
def test_calibrate_monitor_prints_the_fit_of_every_row(capsys, lang, words):
    assert main(["--lang", lang, "calibrate", "--monitor", str(EXAMPLE), "--samples", SAMPLES]) == 0
    out = capsys.readouterr().out
    for word in words:
        assert word in out, word
    for line in range(5, 12):  # every data row of the example, by its line in the file
        assert f" {line}; " in out, line


def test_calibrate_monitor_with_a_set_and_python_dash_m(capsys):
    # the calibrated set is the default, as for every ensemble; --parameters priors chooses the priors
    assert main(["calibrate", "--monitor", str(EXAMPLE), "--samples", SAMPLES]) == 0
    assert "parameterset public" in capsys.readouterr().out
    assert (
        calibration_main(
            [
                "--monitor",
                str(EXAMPLE),
                "--samples",
                SAMPLES,
                "--lang",
                "en",
                "--parameters",
                "priors",
            ]
        )
        == 0
    )
    assert "parameter set the priors" in capsys.readouterr().out


def test_rows_before_the_start_follow_the_outcomes_own_trend(tmp_path):
    """Movement: a relative trend a year; loneliness: points a year (as the model declares them)."""
    path = tmp_path / "monitor.csv"
    path.write_text(
        HEADER
        + "movement_guideline_share;2016;limburg;46,6;%;x\n"
        + "loneliness_share;2016;limburg;46,2;%;Gezondheidsmonitor 2016\n",
        encoding="utf-8",
    )
    obs = load_monitor(path)
    kinds = {o.quantity: (o.kind, o.trend, o.trend_kind) for o in obs.items}
    assert kinds == {
        "movement_guideline_share": ("backcast", "movement_guideline_trend", "relative"),
        "loneliness_share": ("backcast", "loneliness_trend", "points"),
    }
    table = monitor_fit(obs, samples=int(SAMPLES), seed=0)
    start = obs.parameters["loneliness_share_2023"]
    trend = obs.parameters["loneliness_trend"]
    # the band lies inside what the priors' start and trend ranges allow, seven years back
    low, high = start.low + 7 * -trend.high, start.high + 7 * -trend.low
    r = table.loc["loneliness_share:limburg:2016"]
    assert low <= r["model_p05"] < r["model_p95"] <= high


def test_a_comma_separated_file_with_names_and_labels_loads(tmp_path):
    path = tmp_path / "monitor.csv"
    path.write_text(
        "Indicator,Year,Region,Value,Unit,Source,Sigma\n"
        "Adults meeting the movement guideline,2025,Zuid-Limburg,39.5,%,Effectmeting 2025,1.0\n"
        '"Laaggeletterde volwassenen in Limburg",2025,Limburg,"91000",personen,Effectmeting 2025,\n',
        encoding="utf-8",
    )
    obs = load_monitor(path)
    assert [(o.quantity, o.region, o.year, o.observed) for o in obs.items] == [
        ("movement_guideline_share", "zuid", 2025, 39.5),
        ("low_literate_adults", "limburg", 2025, 91_000.0),
    ]
    assert obs.items[0].sigma == 1.0 and obs.items[0].kind == "in_period"
    table = monitor_fit(obs, samples=int(SAMPLES), seed=0)
    assert np.isfinite(table.loc["movement_guideline_share:zuid:2025", "z"])


def test_windows_1252_from_excel_is_read(tmp_path):
    path = tmp_path / "monitor.csv"
    path.write_bytes(
        "indicator;jaar;regio;waarde;eenheid;bron\n"
        "athletes_supported;2024;limburg;1600;sporters;Coöperatie Limburg Sport\n".encode("cp1252")
    )
    assert load_monitor(path).items[0].source == "Coöperatie Limburg Sport"


HEADER = "indicator;jaar;regio;waarde;eenheid;bron\n"
GOOD = "movement_guideline_share;2025;zuid;39,5;%;Effectmeting 2025\n"


@pytest.mark.parametrize(
    ("rows", "nl", "en"),
    [
        (
            HEADER + GOOD + "happiness;2025;limburg;7;index (2023 = 100);x\n",
            "regel 3, kolom indicator = 'happiness' is geen indicator van het model; toegestaan: de id van een indicator",
            "line 3, column indicator = 'happiness' is not an indicator of the model; allowed: an indicator id",
        ),
        (
            HEADER + "movement_guideline_share;2035;zuid;39,5;%;x\n",
            "regel 2, kolom jaar = '2035' is niet toegestaan voor movement_guideline_share; toegestaan: een heel jaar van 2000 tot en met 2029",
            "line 2, column jaar = '2035' is not allowed for movement_guideline_share; allowed: a whole year from 2000 to 2029",
        ),
        (
            HEADER + "jeugdfonds_children;2022;limburg;5731;kinderen;x\n",
            "kolom jaar = '2022' is niet toegestaan voor jeugdfonds_children; toegestaan: een heel jaar van 2023 tot en met 2029",
            "column jaar = '2022' is not allowed for jeugdfonds_children; allowed: a whole year from 2023 to 2029",
        ),
        (
            HEADER + "movement_guideline_share;volgend jaar;zuid;39,5;%;x\n",
            "kolom jaar = 'volgend jaar' is niet toegestaan",
            "column jaar = 'volgend jaar' is not allowed",
        ),
        (
            HEADER + GOOD + "low_literate_adults;2025;limburg;veel;personen;x\n",
            "regel 3, kolom waarde = 'veel' is geen getal; toegestaan: een getal met een decimale komma",
            "line 3, column waarde = 'veel' is not a number; allowed: a number with a decimal comma",
        ),
        (
            HEADER + "low_literate_adults;2025;limburg;91.000;personen;x\n",
            "kolom waarde = '91.000' is geen getal; toegestaan: een getal met een decimale komma, bv. 40,3, 16900 of 16.900,0",
            "column waarde = '91.000' is not a number; allowed: a number with a decimal comma, e.g. 40,3, 16900 or 16.900,0",
        ),
        (
            HEADER + "movement_guideline_share;2025;zuid;0,395;1;x\n",
            "kolom eenheid = '1' is niet de eenheid van movement_guideline_share in het model; toegestaan: de eenheid van de indicator in het model ('%'",
            "column eenheid = '1' is not the model's unit of movement_guideline_share; allowed: the model's unit of the indicator ('%'",
        ),
        (
            HEADER + "athletes_supported;2025;zuid;1600;sporters;x\n",
            "kolom regio = 'zuid' is niet toegestaan voor athletes_supported; toegestaan: limburg: athletes_supported heeft in het model geen regio's",
            "column regio = 'zuid' is not allowed for athletes_supported; allowed: limburg: athletes_supported has no regions in the model",
        ),
        (
            HEADER + GOOD + "movement_guideline_share;2025;Zuid-Limburg;40;%;y\n",
            "regel 3: movement_guideline_share voor zuid in 2025 staat ook op regel 2; toegestaan: één rij per indicator, regio en jaar",
            "line 3: movement_guideline_share for zuid in 2025 is also on line 2; allowed: one row per indicator, region and year",
        ),
        (
            HEADER + "movement_guideline_share;2025;zuid;39,5;%;\n",
            "regel 2, kolom bron is leeg; toegestaan: de bron van het cijfer",
            "line 2, column bron is empty; allowed: the source of the figure",
        ),
        (
            "indicator;jaar;regio;waarde;eenheid;bron;kleur\n" + GOOD,
            "regel 1 (kopregel): onbekende kolom(men) kleur; toegestaan: de kolommen indicator, year, region, value, unit, source (verplicht)",
            "line 1 (header): unknown column(s) kleur; allowed: the columns indicator, year, region, value, unit, source (required)",
        ),
        (
            "indicator;jaar;regio;waarde;bron\n" + "movement_guideline_share;2025;zuid;39,5;x\n",
            "regel 1 (kopregel) mist of herhaalt kolom(men): unit",
            "line 1 (header) lacks or repeats column(s): unit",
        ),
    ],
    ids=[
        "unknown_indicator",
        "year_after",
        "year_before_without_trend",
        "year_not_a_year",
        "not_a_number",
        "ambiguous_thousands",
        "unit_mismatch",
        "region_not_in_model",
        "duplicate",
        "no_source",
        "unknown_column",
        "missing_column",
    ],
)
def test_a_bad_monitor_file_exits_2_naming_field_value_and_allowed(tmp_path, capsys, rows, nl, en):
    path = tmp_path / "monitor.csv"
    path.write_text(rows, encoding="utf-8")
    assert main(["--lang", "nl", "calibrate", "--monitor", str(path)]) == 2
    err = capsys.readouterr().err
    assert str(path) in err or "monitor.csv" in err
    assert nl in err, err
    assert main(["--lang", "en", "calibrate", "--monitor", str(path)]) == 2
    err = capsys.readouterr().err
    assert en in err, err
    assert "Traceback" not in err


def test_the_error_carries_field_and_value(tmp_path):
    path = tmp_path / "monitor.csv"
    path.write_text(HEADER + "movement_guideline_share;2025;brabant;39,5;%;x\n", encoding="utf-8")
    with pytest.raises(MonitorError) as info:
        load_monitor(path)
    err = info.value
    assert (err.field, err.value) == ("regio", "brabant")
    assert "toegestaan: limburg (de provincie), zuid of noord_midden" in err.message("nl")
    assert "allowed: limburg (the province), zuid or noord_midden" in err.message("en")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("40,3", 40.3),
        ("16900", 16_900.0),
        ("16.900,0", 16_900.0),
        ("1.234.567,5", 1_234_567.5),
        ("-0,5", -0.5),
    ],
)
def test_numbers_as_dutch_excel_writes_them(tmp_path, text, expected):
    path = Path(tmp_path) / "monitor.csv"
    path.write_text(
        HEADER + f'low_literate_adults;2025;limburg;"{text}";personen;x\n', encoding="utf-8"
    )
    assert load_monitor(path).items[0].observed == pytest.approx(expected)
