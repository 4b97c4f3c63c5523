"""The public series in calibration/data: sources, definitions, mapping and their fit.

* Every public series cites its page and quotes what was seen there; the figures are the
  ones verified in the stored pages (a changed figure must come with a new source).
* National rows stay in their own files and are never mapped; series whose model quantity
  does not exist yet (loneliness, child poverty on the CBS measure) wait, unmapped, in
  calibration/mapping_pending.toml.
* The movement-guideline series informs the autonomous trend backwards (2016, 2020) and
  forwards (2024); the document's 2022 shares, the model's start, inform nothing.
* The fit to all data ('public'): the trend's posterior is narrower than its prior and says
  the share declines; every measured row is within two observation errors of the calibrated
  model; the one derived row that is not (Noord- en Midden-Limburg 2020 read from the
  document's '7%') is reported as such.
"""

from __future__ import annotations

import tomllib

import numpy as np
import pytest

from model.analysis.calibration import (
    CALIBRATION_DIR,
    DATA_DIR,
    MAPPING_FILE,
    SETS_DIR,
    CalibrationError,
    calibrate,
    calibrated_parameters,
    load_mapping,
    load_observations,
    predict,
    read_series,
)

SAMPLES = 1000
PENDING = CALIBRATION_DIR / "mapping_pending.toml"

VERIFIED = {
    # series: {(year, region): value} as seen in the stored pages (address in the sidecar)
    "movement_guideline_share_gm": {
        (2016, "limburg"): 46.6,
        (2020, "zuid"): 44.3,
        (2024, "limburg"): 44.1,
    },
    "movement_guideline_share_adults_nl": {(2020, "nederland"): 50.4, (2022, "nederland"): 47.5},
    "children_low_income_cbs": {(2014, "limburg"): 9.8, (2016, "limburg"): 9.4},
    "children_low_income_cbs_count": {(2016, "limburg"): 16_900},
    "children_low_income_cbs_nl": {
        (2016, "nederland"): 8.9,
        (2020, "nederland"): 6.9,
        (2022, "nederland"): 5.2,
    },
    "children_low_income_cbs_count_nl": {
        (2020, "nederland"): 221_000,
        (2022, "nederland"): 165_000,
    },
    "jeugdfonds_children_limburg": {(2022, "limburg"): 4_860 + 871},
    "jeugdfonds_approvals_nl": {
        (2021, "nederland"): 65_865,
        (2022, "nederland"): 77_309,
        (2023, "nederland"): 86_293,
    },
    "loneliness_share": {(2016, "limburg"): 46.2, (2016, "zuid"): 48.0},
    "loneliness_share_nl": {
        (2016, "nederland"): 43.0,
        (2020, "nederland"): 46.6,
        (2022, "nederland"): 48.6,
    },
    "severe_loneliness_share": {(2016, "limburg"): 11.3},
    "severe_loneliness_share_nl": {(2016, "nederland"): 10.0, (2022, "nederland"): 14.2},
}


def test_every_public_series_cites_its_page_and_quotes_what_was_seen():
    for name, figures in VERIFIED.items():
        s = read_series(DATA_DIR / f"{name}.csv")
        assert s.url.startswith("https://") and s.url in s.source, name
        assert s.kind == "measurement", name
        assert "Seen in the stored page" in s.note, name  # the quote behind the figure
        # the definition says who is counted and how (the lead maps outcomes on it)
        assert any(w in s.definition for w in ("Share of", "Number of", "Children", "Approved")), (
            name
        )
        assert {(r.year, r.region): r.value for r in s.rows} == figures, name
        assert all(r.note for r in s.rows), f"{name}: every row says where its figure is"


def test_national_rows_are_kept_apart_and_mapped_only_by_their_change():
    """The model covers Limburg: a national level is never compared with it; a national
    series' change from wave to wave may stand for Limburg's (kind = 'rate', the transfer
    in its sigma)."""
    obs = load_observations()
    national = {
        f"{s.id}:{r.region}:{r.year}"
        for s in obs.series.values()
        for r in s.rows
        if r.region == "nederland"
    }
    compared = {o.id: o for o in obs.items if o.region == "nederland"}
    assert national and set(compared) <= national
    assert all(o.kind == "rate" for o in compared.values())
    assert national - set(compared) - set(obs.unmapped) <= {
        # the first row of a rate is only the base of the change to the next
        "loneliness_share_nl:nederland:2016",
        "jeugdfonds_approvals_nl:nederland:2021",
        "children_low_income_cbs_nl:nederland:2016",
    }
    for s in obs.series.values():
        regions = {r.region for r in s.rows}
        assert ("nederland" in regions) == s.id.endswith("_nl"), s.id
        assert regions == {"nederland"} or "nederland" not in regions, s.id


def test_a_national_level_cannot_be_compared_with_the_model(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    (data / "x.csv").write_text("year,region,value\n2025,nederland,44\n", encoding="utf-8")
    (data / "x.toml").write_text(
        'title = "x"\ndefinition = "d"\nunit = "%"\nsource = "s"\n', encoding="utf-8"
    )
    (tmp_path / "mapping.toml").write_text(
        '[[map]]\nseries = "x"\nvariable = "movement_guideline_share"\nsigma = 1\n',
        encoding="utf-8",
    )
    with pytest.raises(CalibrationError, match=r"compare their rate of change with kind = 'rate'"):
        load_observations(data)


def test_pending_series_have_data_but_no_mapping_yet():
    pending = load_mapping(PENDING)  # the same format as mapping.toml
    series = {e.series for e in pending.entries}
    assert series == {"children_low_income_cbs_count", "severe_loneliness_share"}
    obs = load_observations()
    assert series <= set(obs.series)  # the data files are there ...
    mapped = {o.series for o in obs.items}
    assert not series & mapped  # ... and not compared with today's model
    # persons_in_poverty is the CBS low-income share of minors: fitted to the CBS series; the
    # document's '1 in 8' is another measure and is not compared with it
    assert {
        o.series for o in obs.items if o.quantity == "persons_in_poverty" and o.kind != "rate"
    } == {"children_low_income_cbs"}
    assert all(e.why for e in pending.entries)
    text = PENDING.read_text(encoding="utf-8")
    assert "NOT read by the code" in text and "For: the count of children" in text


def test_loneliness_is_checked_along_its_trend_in_points():
    """loneliness_share's trend is in points a year: the 2016 row is the 2023 start minus
    seven years of trend, not a relative change; a check, since the start is derived from it."""
    obs = load_observations()
    items = {o.id: o for o in obs.items}
    row = items["loneliness_share:limburg:2016"]
    assert (row.kind, row.trend_kind, row.role) == ("backcast", "points", "check")
    assert "loneliness_share:zuid:2016" in obs.unmapped  # the outcome has no regions
    trend = np.array([-0.5, 0.0, 0.5, 1.5])
    pred = predict(obs, {"loneliness_trend": trend}, n=4)
    j = list(items).index("loneliness_share:limburg:2016")
    start = obs.parameters["loneliness_share_2023"].value
    np.testing.assert_allclose(pred[:, j], start + trend * (2017 - 2024))


def test_the_movement_series_informs_the_trend_backwards_and_forwards():
    obs = load_observations()
    items = {o.id: o for o in obs.items}
    assert items["movement_guideline_share_gm:limburg:2016"].kind == "backcast"
    assert items["movement_guideline_share_gm:zuid:2020"].kind == "backcast"
    assert items["movement_guideline_share_gm:limburg:2024"].kind == "in_period"
    trend = np.array([-0.02, 0.0, 0.01])
    pred = predict(obs, {"movement_guideline_trend": trend}, n=3)
    col = {oid: j for j, oid in enumerate(items)}
    # Limburg: the unweighted mean of the regions' 2022 shares, carried back from the end of
    # 2022 to the end of 2016 along the trend (the start is 2022 moved one year forward)
    start = (40.3 + 45.1) / 2
    np.testing.assert_allclose(
        pred[:, col["movement_guideline_share_gm:limburg:2016"]], start * (1 + trend) ** -6
    )
    # the 2022 rows are the start whatever the trend; 2024 rises with it
    np.testing.assert_allclose(pred[:, col["movement_guideline_share:zuid:2022"]], 40.3)
    assert np.all(np.diff(pred[:, col["movement_guideline_share_gm:limburg:2024"]]) > 0)
    # the document's derived Zuid 2020 figure is the measured one: checked, not counted twice
    assert items["movement_guideline_share_2020:zuid:2020"].role == "check"
    assert items["movement_guideline_share_gm:zuid:2020"].role == "fit"
    assert items["movement_guideline_share_2020:noord_midden:2020"].role == "fit"


def test_a_regions_filter_takes_only_those_rows(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    (data / "x.csv").write_text(
        "year,region,value\n2025,zuid,40\n2025,noord_midden,45\n", encoding="utf-8"
    )
    (data / "x.toml").write_text(
        'title = "x"\ndefinition = "d"\nunit = "%"\nsource = "s"\n', encoding="utf-8"
    )
    entry = 'series = "x"\nvariable = "movement_guideline_share"\nsigma = 1\n'
    (tmp_path / "mapping.toml").write_text(
        f'[[map]]\n{entry}regions = ["zuid"]\n\n[[map]]\n{entry}regions = ["noord_midden"]\nrole = "check"\n',
        encoding="utf-8",
    )
    obs = load_observations(data)
    assert {o.id: o.role for o in obs.items} == {
        "x:zuid:2025": "fit",
        "x:noord_midden:2025": "check",
    }
    (tmp_path / "mapping.toml").write_text(
        f'[[map]]\n{entry}regions = ["brabant"]\n', encoding="utf-8"
    )
    with pytest.raises(
        CalibrationError,
        match=r"regions = \['brabant'\]; allowed: a list of one or more of limburg, zuid",
    ):
        load_observations(data)


@pytest.fixture(scope="module")
def public(tmp_path_factory):
    out = tmp_path_factory.mktemp("sets") / "public.toml"
    return calibrate("public", samples=SAMPLES, seed=1, out=out)


def test_the_public_fit_narrows_the_movement_trend(public):
    # the public series inform the movement and child-poverty trends (and the poverty start)
    assert {"movement_guideline_trend", "persons_in_poverty_trend"} <= set(
        public.posterior.parameters
    )
    row = public.summary.loc["movement_guideline_trend"]
    # a decline of about 1-3 % a year, half as uncertain as the prior (-3 % to +1.5 %)
    assert -0.03 < row["posterior_p05"] < row["posterior_median"] < row["posterior_p95"] < 0.0
    assert -0.025 < row["posterior_median"] < -0.01
    assert row["sd_ratio"] < 0.6
    assert public.posterior.ess > SAMPLES / 10
    assert {
        "movement_guideline_share_gm:limburg:2016",
        "movement_guideline_share_gm:zuid:2020",
        "movement_guideline_share_gm:limburg:2024",
        "movement_guideline_share_2020:noord_midden:2020",
    } <= {o.id for o in public.observations.fit}


def test_the_cbs_series_fits_a_falling_child_poverty_trend(public):
    """CBS: 9.8 % (2014) and 9.4 % (2016) of Limburg's minors in a low-income household,
    against about 6 % at the end of 2023: a fall of several per cent a year, as nationally
    (8.9 % in 2016 to 5.2 % in 2022), narrower than the prior (-8 % to +2 %)."""
    row = public.summary.loc["persons_in_poverty_trend"]
    assert -0.08 < row["posterior_p05"] < row["posterior_median"] < row["posterior_p95"] < -0.01
    assert row["sd_ratio"] < 0.6
    assert {"children_low_income_cbs:limburg:2014", "children_low_income_cbs:limburg:2016"} <= {
        o.id for o in public.observations.fit
    }


def test_the_public_fit_report_shows_each_row_against_the_posterior_band(public):
    report = public.report
    measured = [
        "movement_guideline_share_gm:limburg:2016",
        "movement_guideline_share_gm:zuid:2020",
        "movement_guideline_share_gm:limburg:2024",
    ]
    for oid in measured:
        r = report.loc[oid]
        assert r["posterior_p05"] < r["posterior_median"] < r["posterior_p95"], oid
        assert r["acceptable"], (oid, r["observed"], r["fitted"], r["tolerance"])
        assert r["informs"] == "movement_guideline_trend", oid
    # the constant trend cannot give both a 2020 peak in Noord- en Midden-Limburg (52.1 %,
    # derived from the document's '7%') and the 2016/2024 levels: reported, not hidden
    nm = report.loc["movement_guideline_share_2020:noord_midden:2020"]
    assert not nm["acceptable"] and "residual above tolerance" in nm["note"]
    assert "derived, not a measurement" in nm["note"]
    # the 2024 row lies above the calibrated band: the share recovered after 2022
    r2024 = report.loc["movement_guideline_share_gm:limburg:2024"]
    assert r2024["observed"] > r2024["posterior_p95"] and r2024["band"] == "above"
    assert report.loc["movement_guideline_share_gm:limburg:2016", "band"] == "inside"
    assert set(report["band"]) <= {"inside", "above", "below"}
    assert report.loc["athletes_supported:limburg:2023", "band"] == "inside"  # a zero-width band
    assert report.loc["jeugdfonds_children_limburg:limburg:2022", "note"].startswith(
        "consistency check"
    )


def test_the_shipped_public_set_records_every_data_file():
    meta = tomllib.loads((SETS_DIR / "public.toml").read_text(encoding="utf-8"))
    files = {d["file"] for d in meta["calibration"]["data"]}
    for name in VERIFIED:
        assert f"calibration/data/{name}.csv" in files and f"calibration/data/{name}.toml" in files
    assert "calibration/mapping.toml" in files and "calibration/mapping_pending.toml" not in files
    params = calibrated_parameters("public")
    trend = params["movement_guideline_trend"]
    assert params.label == "public" and trend.low < trend.value < trend.high < 0.0
    assert (
        MAPPING_FILE.exists() and (SETS_DIR / "document.toml").exists()
    )  # the document's set is kept


# --------------------------------------------------------------------------- rates of change


def test_a_rate_is_the_change_from_row_to_row_against_the_models_rate_at_the_start():
    """Loneliness: the national change in points a year (43 -> 46.6 -> 48.6 %) against
    loneliness_trend, which is the model's change of loneliness_share without the reserve;
    the Jeugdfonds: the national growth of approvals against the growth of the model's
    demand at the start, the logistic awareness growth r (1 - a0) plus the growth of the
    eligible group."""
    obs = load_observations()
    items = {o.id: o for o in obs.items}
    a, b = items["loneliness_share_nl:nederland:2020"], items["loneliness_share_nl:nederland:2022"]
    assert (a.kind, a.trend_kind, a.base_year, a.role) == ("rate", "points", 2016, "fit")
    assert a.observed == pytest.approx(0.9) and b.observed == pytest.approx(1.0)
    assert b.base_year == 2020
    growth = items["jeugdfonds_approvals_nl:nederland:2023"]
    assert (growth.kind, growth.trend_kind, growth.role) == ("rate", "relative", "fit")
    assert growth.observed == pytest.approx(100 * (86_293 / 77_309 - 1))
    assert items["jeugdfonds_approvals_nl:nederland:2022"].role == "check"  # the post-corona return
    col = {oid: j for j, oid in enumerate(items)}
    trend = np.array([-0.5, 0.0, 0.7, 1.5])
    pred = predict(obs, {"loneliness_trend": trend}, n=4)
    np.testing.assert_allclose(pred[:, col[a.id]], trend, atol=1e-9)
    r = np.array([0.2, 0.4, 0.6])
    pred = predict(obs, {"jeugdfonds_awareness_growth_rate": r}, n=3)[:, col[growth.id]]
    p = obs.parameters
    eligible = p["children_4_17"].value * (
        p["jeugdfonds_share_130_2023"].value * p["low_income_share_130"].value
        + (1 - p["jeugdfonds_share_130_2023"].value)
        * 0.5
        * (p["low_income_share_110"].value + p["low_income_share_120"].value)
    )
    a0 = p["jeugdfonds_children_2023"].value / (eligible * p["jeugdfonds_take_up_if_aware"].value)
    widening = (
        p["children_4_17"].value
        * p["jeugdfonds_shift_to_130_per_year"].value
        * (
            p["low_income_share_130"].value
            - 0.5 * (p["low_income_share_110"].value + p["low_income_share_120"].value)
        )
        / eligible
    )
    np.testing.assert_allclose(pred, 100 * (np.exp(r * (1 - a0) + widening) - 1), atol=0.5)
    assert np.all(np.diff(pred) > 0)


def test_the_base_row_of_a_rate_counts_as_used_and_may_end_another_rate():
    obs = load_observations()
    # 2021 is only the base of 2021-22 (checked), 2022 ends it and starts 2022-23 (fitted)
    assert not {
        "jeugdfonds_approvals_nl:nederland:2021",
        "jeugdfonds_approvals_nl:nederland:2022",
        "loneliness_share_nl:nederland:2016",
    } & set(obs.unmapped)
    assert "children_low_income_cbs_nl:nederland:2022" in obs.unmapped  # the energy allowance


RATE_ROWS = "year,region,value\n2020,nederland,40\n2022,nederland,44\n"


@pytest.mark.parametrize(
    ("rows", "entry", "expected"),
    [
        (
            "year,region,value\n2020,nederland,40\n",
            'kind = "rate"\nvariable = "loneliness_share"\nsigma = 1',
            r"region nederland has one row only, but kind = 'rate'",
        ),
        (
            RATE_ROWS,
            'kind = "rate"\nvariable = "loneliness_share"\nsigma_from_range = true',
            r"sigma_from_range is not allowed",
        ),
        (
            RATE_ROWS,
            'kind = "variable"\nvariable = "loneliness_share"\nchange = "points"\nsigma = 1',
            r"change = 'points' is not allowed with kind = 'variable'",
        ),
        (
            RATE_ROWS,
            'kind = "rate"\nvariable = "no_such_variable"\nsigma = 1',
            r"variable = 'no_such_variable' is not a variable of the model",
        ),
        (
            "year,region,value\n2020,nederland,0\n2022,nederland,44\n",
            'kind = "rate"\nvariable = "jeugdfonds_demand"\nsigma = 1',
            r"a growth rate needs positive levels",
        ),
        (
            RATE_ROWS,
            'kind = "rate"\nvariable = "loneliness_share"',
            r"no observation error",
        ),
    ],
)
def test_a_rate_mapping_that_does_not_fit_is_named(tmp_path, rows, entry, expected):
    data = tmp_path / "data"
    data.mkdir()
    (data / "x.csv").write_text(rows, encoding="utf-8")
    (data / "x.toml").write_text(
        'title = "x"\ndefinition = "d"\nunit = "%"\nsource = "s"\n', encoding="utf-8"
    )
    (tmp_path / "mapping.toml").write_text(f'[[map]]\nseries = "x"\n{entry}\n', encoding="utf-8")
    with pytest.raises(CalibrationError, match=expected):
        load_observations(data)


def test_four_public_series_are_fitted_and_their_trends_come_from_the_data(public):
    """The Gezondheidsmonitor's movement shares, the CBS child-poverty series, the
    national loneliness series and the Jeugdfonds approvals are fitted (not only checked):
    each informs its trend, whose posterior is narrower than the prior and moved by the
    data (loneliness rising faster than the prior's +0.5 points a year, the Jeugdfonds
    demand growing at about the national pace rather than the prior's 22 % a year)."""
    fitted = {o.series for o in public.observations.fit}
    informs = {
        "movement_guideline_share_gm": "movement_guideline_trend",
        "children_low_income_cbs": "persons_in_poverty_trend",
        "loneliness_share_nl": "loneliness_trend",
        "jeugdfonds_approvals_nl": "jeugdfonds_awareness_growth_rate",
    }
    assert set(informs) <= fitted
    report = public.report
    for series, parameter in informs.items():
        rows = report[(report["series"] == series) & (report["role"] == "fit")]
        assert len(rows) and all(parameter in r for r in rows["informs"]), series
        assert parameter in public.posterior.parameters, parameter
    loneliness = public.summary.loc["loneliness_trend"]
    assert 0.5 < loneliness["posterior_median"] < 1.2 and loneliness["sd_ratio"] < 0.85
    jeugdfonds = public.summary.loc["jeugdfonds_awareness_growth_rate"]
    assert jeugdfonds["posterior_median"] < 0.35 and jeugdfonds["sd_ratio"] < 0.8
    row = report.loc["jeugdfonds_approvals_nl:nederland:2023"]
    assert row["posterior_median"] < row["prior_median"] - 3  # %/yr: the data pulled it down
    assert row["acceptable"]
    # the Limburg 2016 loneliness share agrees with the fitted trend carried back from the start
    assert report.loc["loneliness_share:limburg:2016", "acceptable"]
