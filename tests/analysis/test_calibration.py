"""Calibration: data files with provenance, the mapping, fitting and calibrated sets.

* Synthetic recovery: observations made by the model from known parameters (no noise) are
  fitted back. Stated tolerances: the point fit recovers each parameter within 1 % of its
  prior range; the posterior's 5-95 % interval covers every true value and is narrower than
  the prior (sd at most half the prior's for the trends the data pin down).
* The document's own observations: the fit report is produced, every residual is acceptable,
  the observations that only repeat a starting value say so, and the calibrated baseline
  still meets the doelenboom's output targets (or the plan check says why not).
* A new observation file (e.g. the 2025 effect measurement) is used without code change.
* Bad data files fail with the file, the line, the column, the value and what is allowed.
"""

from __future__ import annotations

import shutil
import warnings
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from model import load_scenario, simulate
from model.analysis.calibration import (
    DATA_DIR,
    MAPPING_FILE,
    SETS_DIR,
    CalibrationError,
    CalibrationWarning,
    calibrate,
    calibrated_parameters,
    fit_point,
    fit_posterior,
    fit_report,
    load_mapping,
    load_observations,
    plan_check,
    predict,
    read_series,
)
from model.policy.parameters import load_parameters

SAMPLES = 1000


# --------------------------------------------------------------------------- helpers


def write_series(
    folder: Path, name: str, rows: str, *, unit: str = "%", sidecar: str | None = None
) -> Path:
    path = folder / f"{name}.csv"
    path.write_text(rows, encoding="utf-8")
    if sidecar is None:
        sidecar = f'title = "{name}"\ndefinition = "test series"\nunit = "{unit}"\nsource = "test: made up for this test"\n'
    if sidecar:
        (folder / f"{name}.toml").write_text(sidecar, encoding="utf-8")
    return path


def copy_calibration(tmp_path: Path) -> Path:
    """A copy of calibration/data and calibration/mapping.toml to add files to."""
    shutil.copytree(DATA_DIR, tmp_path / "data")
    shutil.copy(MAPPING_FILE, tmp_path / "mapping.toml")
    return tmp_path / "data"


# --------------------------------------------------------------------------- the shipped data


def test_shipped_observations_cite_the_document_and_map_to_the_model():
    obs = load_observations()
    for s in obs.series.values():
        # the document's section, or a public source with its address (the public series
        # are checked in detail in tests/analysis/test_observations_public.py)
        assert "§" in s.source or s.url.startswith("http"), f"{s.id}: source must cite"
        assert s.unit and s.definition
    assert "movement_guideline_share_nl:nederland:2022" in obs.unmapped  # national
    assert "children_in_poverty:limburg:2023" in obs.unmapped  # '1 in 8': not the CBS measure
    fitted = {o.id for o in obs.fit}
    assert {
        "movement_guideline_share:zuid:2022",
        "movement_guideline_share:noord_midden:2022",
        "movement_guideline_share_2020:noord_midden:2020",
    } <= fitted
    kinds = {o.id: o.kind for o in obs.items}
    assert kinds["movement_guideline_share_2020:zuid:2020"] == "backcast"
    assert kinds["athletes_supported:limburg:2023"] == "start"
    assert kinds["jeugdfonds_growth:limburg:2027"] == "growth"
    # provenance: every data file, sidecar and the mapping, with a SHA-256
    files = {d["file"] for d in obs.provenance()}
    assert (
        "calibration/mapping.toml" in files
        and "calibration/data/movement_guideline_share.csv" in files
    )
    assert all(len(d["sha256"]) == 64 for d in obs.provenance())


def test_backcast_is_the_model_outcome_equation_run_backwards():
    obs = load_observations()
    trend = np.array([-0.02, 0.0, 0.01])
    pred = predict(obs, {"movement_guideline_trend": trend}, n=3)
    j = [o.id for o in obs.items].index("movement_guideline_share_2020:zuid:2020")
    # the model's 2023 start is the 2022 share moved one year along the trend; an annual
    # 2020 figure is read at the end of 2020, three years before that start
    np.testing.assert_allclose(pred[:, j], 40.3 * (1 + trend) * (1 + trend) ** -3)


@pytest.fixture(scope="module")
def document(tmp_path_factory):
    """The fit to the document's own figures alone (the files citing its sections)."""
    data = tmp_path_factory.mktemp("document") / "data"
    data.mkdir()
    for csv in DATA_DIR.glob("*.csv"):
        if "§" in read_series(csv).source:
            shutil.copy(csv, data)
            shutil.copy(csv.with_suffix(".toml"), data)
    full = load_mapping(MAPPING_FILE)
    names = {p.stem for p in data.glob("*.csv")}
    mapping = replace(full, entries=tuple(e for e in full.entries if e.series in names))
    out = tmp_path_factory.mktemp("sets") / "document.toml"
    return calibrate("document", data=data, mapping=mapping, samples=SAMPLES, seed=0, out=out)


def test_fit_report_on_the_document_data(document):
    report = document.report
    for column in (
        "observed",
        "fitted",
        "residual",
        "acceptable",
        "sigma",
        "tolerance",
        "informs",
        "note",
        "prior_median",
        "posterior_median",
        "posterior_p05",
        "posterior_p95",
    ):
        assert column in report, column
    assert len(report) == len(document.observations.items)
    assert report["acceptable"].all(), report.loc[
        ~report["acceptable"], ["observed", "fitted", "residual", "tolerance"]
    ]
    # figures that are the model's own starting values inform nothing, and the report says so
    for oid in (
        "athletes_supported:limburg:2023",
        "low_digital_skills:limburg:2023",
        "jeugdfonds_children:limburg:2023",
    ):
        assert report.loc[oid, "note"].startswith("consistency check"), oid
        assert report.loc[oid, "residual"] == pytest.approx(0.0, abs=1e-6)
    assert report.loc["jeugdfonds_growth:limburg:2027", "note"].startswith("check only")
    assert "expectation" in report.loc["jeugdfonds_growth:limburg:2027", "note"]
    # the movement shares inform the trend; the posterior says the decline continues
    assert document.posterior.parameters == ["movement_guideline_trend"]
    assert (
        report.loc["movement_guideline_share_2020:zuid:2020", "informs"]
        == "movement_guideline_trend"
    )
    trend = document.summary.loc["movement_guideline_trend"]
    assert trend["posterior_median"] < 0.0 and trend["sd_ratio"] < 0.8
    assert document.posterior.ess > SAMPLES / 10


def test_calibrated_baseline_meets_the_plan_or_says_why(document):
    plan = document.plan
    assert plan is not None and len(plan) > 20
    assert (plan["met"] | (plan["why"].str.len() > 0)).all()
    # every target the uncalibrated baseline meets, the calibrated one meets too: the trend
    # the data inform drives no output
    uncalibrated = plan_check(document.observations.base)
    assert not (uncalibrated["met"] & ~plan["met"]).any(), plan[~plan["met"]]
    assert plan.loc[~plan["met"], "why"].str.contains("uncalibrated baseline too").all()


def test_a_calibrated_set_is_a_parameter_set_runs_can_name(document):
    path = document.path
    assert path is not None and path.exists() and path.with_suffix(".nc").exists()
    text = path.read_text(encoding="utf-8")
    for key in (
        "created",
        "method",
        "ess",
        "sha256",
        "data/movement_guideline_share.csv",
        "base_parameter_hash",
    ):
        assert key in text, key
    params = calibrated_parameters(path)
    base = load_parameters()
    assert params.label == "document"
    p = params["movement_guideline_trend"]
    assert p.low <= p.value <= p.high and p.low >= base[p.name].low and p.high <= base[p.name].high
    assert "Calibrated set 'document'" in p.source and not p.assumption
    assert params.digest() != base.digest()
    ds = simulate(
        load_scenario("baseline"), parameters=params, samples=2, seed=1, detail="indicators"
    )
    assert ds.attrs["parameter_set"] == "document" and ds.attrs["parameter_hash"] == params.digest()
    # posterior draws plug into a run as common random numbers
    draws = document.posterior.draws(4, seed=0)
    assert (
        set(draws) == {"movement_guideline_trend"} and len(draws["movement_guideline_trend"]) == 4
    )


def test_the_shipped_set_is_up_to_date_with_the_data():
    # 'public' is the set made from the current data (the document's figures and the public
    # series); 'document' is kept as the record of the fit to the document's figures alone,
    # its data list naming the files as they were then
    path = SETS_DIR / "public.toml"
    assert path.exists(), "run: python -m model.analysis.calibration --name public"
    import tomllib

    meta = tomllib.loads(path.read_text(encoding="utf-8"))["calibration"]
    current = {d["file"]: d["sha256"] for d in load_observations().provenance()}
    recorded = {d["file"]: d["sha256"] for d in meta["data"]}
    assert recorded == current, (
        "calibration/data or mapping.toml changed: run samenleven calibrate again"
    )
    with warnings.catch_warnings():
        warnings.simplefilter(
            "error"
        )  # the calibrated parameters' priors are still those of the parameter files
        assert calibrated_parameters("public").label == "public"


def test_a_set_made_from_another_prior_warns(document, tmp_path):
    text = document.path.read_text(encoding="utf-8").replace(
        "prior_range = [-0.03, 0.015]", "prior_range = [-0.05, 0.015]"
    )
    stale = tmp_path / "stale.toml"
    stale.write_text(
        text.replace('draws = "document.draws.csv"', 'draws = "stale.draws.csv"'), encoding="utf-8"
    )
    shutil.copy(document.path.with_name("document.draws.csv"), tmp_path / "stale.draws.csv")
    with pytest.warns(
        CalibrationWarning,
        match=r"movement_guideline_trend was calibrated from the prior 0.0 in \[-0.05, 0.015\]",
    ):
        calibrated_parameters(stale)


def test_unknown_set_is_a_clear_error():
    with pytest.raises(CalibrationError, match=r"no_such_set.*does not exist; known sets"):
        calibrated_parameters("no_such_set")


# --------------------------------------------------------------------------- synthetic recovery

TRUTH = {
    "movement_guideline_trend": -0.02,
    "persons_in_poverty_trend": 0.015,
    "low_literate_adults_trend": -0.012,
    "low_literate_adults_2023": 100_000.0,
    "children_4_17": 145_000.0,
}
SYNTHETIC = {
    # series: (model quantity, unit, rows, mapping lines)
    "movement": (
        "movement_guideline_share",
        "%",
        [(y, r) for y in (2020, 2022, 2025) for r in ("zuid", "noord_midden")],
        'variable = "movement_guideline_share"\ntrend = "movement_guideline_trend"\nsigma = 0.5',
    ),
    "poverty": (
        "persons_in_poverty",
        "%",
        # the 2023 level is uncertain too (children_in_poverty_2023): a 2023 row pins it
        [(2023, "limburg"), (2025, "limburg")],
        'variable = "persons_in_poverty"\nsigma = 0.1',
    ),
    "literacy": (
        "low_literate_adults",
        "persons",
        [(2023, "limburg"), (2025, "limburg")],
        'variable = "low_literate_adults"\nsigma = 1000',
    ),
    "children": (
        "children_4_17",
        "children",
        [(2023, "limburg")],
        'kind = "parameter"\nparameter = "children_4_17"\nsigma = 1000',
    ),
}


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory):
    """Observations the model makes from TRUTH (the other parameters at their defaults)."""
    root = tmp_path_factory.mktemp("synthetic")
    (root / "data").mkdir()
    mapping = ['[settings]\nscenario = "baseline"\n']
    for name, (_, unit, rows, lines) in SYNTHETIC.items():
        write_series(
            root / "data",
            name,
            "year,region,value\n" + "".join(f"{y},{r},0\n" for y, r in rows),
            unit=unit,
        )
        mapping.append(f'[[map]]\nseries = "{name}"\n{lines}\n')
    (root / "mapping.toml").write_text("\n".join(mapping), encoding="utf-8")
    obs = load_observations(root / "data")
    truth = predict(obs, {k: np.array([v]) for k, v in TRUTH.items()}, n=1)[0]
    for name in SYNTHETIC:
        rows = [
            f"{o.year},{o.region},{float(v)!r}"
            for o, v in zip(obs.items, truth, strict=True)
            if o.series == name
        ]
        (root / "data" / f"{name}.csv").write_text(
            "year,region,value\n" + "\n".join(rows) + "\n", encoding="utf-8"
        )
    return load_observations(root / "data")


def test_point_fit_recovers_known_parameters(synthetic):
    params = synthetic.parameters
    fit = fit_point(synthetic, parameters=list(TRUTH))
    assert fit.success, fit.message
    for name, true in TRUTH.items():
        width = params[name].high - params[name].low
        assert abs(fit.values[name] - true) <= 0.01 * width, (name, fit.values[name], true)
    assert fit.cost < 1e-3


def test_posterior_covers_known_parameters(synthetic):
    post = fit_posterior(synthetic, samples=SAMPLES, seed=3)
    assert set(TRUTH) <= set(post.parameters), post.parameters
    summary = post.summary(synthetic.base)
    for name, true in TRUTH.items():
        row = summary.loc[name]
        assert row["posterior_p05"] <= true <= row["posterior_p95"], (name, true, row.to_dict())
    for name in (
        "movement_guideline_trend",
        "persons_in_poverty_trend",
        "low_literate_adults_2023",
        "children_4_17",
    ):
        assert summary.loc[name, "sd_ratio"] < 0.5, (name, summary.loc[name, "sd_ratio"])
    assert post.ess >= SAMPLES / 10
    report = fit_report(synthetic, posterior=post)
    assert report["acceptable"].all()


# --------------------------------------------------------------------------- new data, no code change


def test_a_new_observation_file_is_used_without_code_change(tmp_path):
    data = copy_calibration(tmp_path)
    before = load_observations(data)
    # the 2025 integral effect measurement: a new series with its sidecar and a mapping entry ...
    write_series(
        data,
        "effect_measurement_2025_low_literacy",
        "year,region,value\n2025,limburg,91000\n",
        unit="persons",
    )
    with (tmp_path / "mapping.toml").open("a", encoding="utf-8") as f:
        f.write(
            '\n[[map]]\nseries = "effect_measurement_2025_low_literacy"\nvariable = "low_literate_adults"\nsigma = 2000\n'
        )
    # ... and new rows in an existing file, which its mapping entry picks up as it stands
    movement = data / "movement_guideline_share.csv"
    movement.write_text(
        movement.read_text(encoding="utf-8") + "2025,zuid,38.5\n2025,noord_midden,43.0\n",
        encoding="utf-8",
    )
    after = load_observations(data)
    new = {o.id for o in after.fit} - {o.id for o in before.fit}
    assert new == {
        "effect_measurement_2025_low_literacy:limburg:2025",
        "movement_guideline_share:zuid:2025",
        "movement_guideline_share:noord_midden:2025",
    }
    assert (
        next(o for o in after.items if o.id == "movement_guideline_share:zuid:2025").kind
        == "in_period"
    )
    post = fit_posterior(after, samples=SAMPLES, seed=0)
    # one count in 2025 informs the 2023 level and the trend together
    assert {
        "low_literate_adults_trend",
        "low_literate_adults_2023",
        "movement_guideline_trend",
    } <= set(post.parameters)
    report = fit_report(after, posterior=post)
    row = report.loc["effect_measurement_2025_low_literacy:limburg:2025"]
    assert (
        "low_literate_adults_trend" in row["informs"]
        and "low_literate_adults_2023" in row["informs"]
    )
    assert abs(row["posterior_median"] - 91_000) < 0.5 * abs(row["prior_median"] - 91_000)
    assert row["acceptable"]


# --------------------------------------------------------------------------- bad data

GOOD = "year,region,value\n2022,zuid,40.3\n2022,noord_midden,45.1\n"


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        (
            "year,region\n2022,zuid\n",
            r"x\.csv: line 1 \(header\) lacks column\(s\) value; required: year, region, value",
        ),
        (
            "year,region,value,colour\n2022,zuid,40.3,red\n",
            r"x\.csv: line 1 \(header\) has unknown column\(s\) 'colour'; allowed: year, region, value",
        ),
        (
            "year,region,value\n2022,zuid,40.3\n2022,noord_midden,veel\n",
            r"x\.csv: line 3: column value = 'veel' is not a number; allowed: a number",
        ),
        (
            "year,region,value\n2022,zuid,40.3\n2022,zuid,41.0\n",
            r"x\.csv: line 3: duplicate year 2022 for region zuid \(also on line 2\)",
        ),
        (
            "year,region,value\n2022.5,zuid,40.3\n",
            r"x\.csv: line 2: column year = '2022.5' is not allowed; allowed: a whole year",
        ),
        (
            "year,region,value\n2022,brabant,40.3\n",
            r"x\.csv: line 2: column region = 'brabant' is not allowed; allowed: limburg, zuid, noord_midden, nederland",
        ),
        (
            "year,region,value,unit\n2022,zuid,40.3,%\n2022,noord_midden,0.451,1\n",
            r"x\.csv: line 3: column unit = '1' differs from the unit '%'",
        ),
        (
            "year,region,value\n2022,zuid,40.3,1\n",
            r"x\.csv: line 2: has 4 cells but the header has 3 columns",
        ),
        (
            "year,region,value,low,high\n2022,zuid,40.3,41,45\n",
            r"x\.csv: line 2: value = 40.3 lies outside its range low = 41 to high = 45",
        ),
        ("# only a comment\n", r"x\.csv: the file is empty"),
    ],
)
def test_bad_data_files_name_file_line_column_and_what_is_allowed(tmp_path, rows, expected):
    path = write_series(tmp_path, "x", rows)
    with pytest.raises(CalibrationError, match=expected):
        read_series(path)


def test_comment_lines_keep_line_numbers(tmp_path):
    path = write_series(
        tmp_path, "x", "# source: §1\nyear,region,value\n2022,zuid,40.3\n2022,zuid,x\n"
    )
    with pytest.raises(CalibrationError, match=r"line 4: column value = 'x'"):
        read_series(path)


@pytest.mark.parametrize(
    ("sidecar", "expected"),
    [
        ("", r"x\.csv: its sidecar .*x\.toml is missing"),
        (
            'title = "t"\ndefinition = "d"\nunit = "%"\n',
            r"x\.toml: lacks source; required: title, definition, unit, source",
        ),
        (
            'title = "t"\ndefinition = "d"\nunit = "%"\nsource = "s"\nkind = "guess"\n',
            r"x\.toml: kind = 'guess' is not allowed; allowed: measurement, derived, expectation",
        ),
        (
            'title = "t"\ndefinition = "d"\nunit = "%"\nsource = "s"\nyear = 2022\n',
            r"x\.toml: unknown key\(s\) \['year'\]",
        ),
    ],
)
def test_bad_sidecars_are_named(tmp_path, sidecar, expected):
    path = write_series(tmp_path, "x", GOOD, sidecar=sidecar)
    with pytest.raises(CalibrationError, match=expected):
        read_series(path)


IN_PERIOD = "year,region,value\n2025,zuid,40.3\n2025,noord_midden,45.1\n"


def _one_series(
    tmp_path, *, unit="%", rows=IN_PERIOD, entry='variable = "movement_guideline_share"\nsigma = 1'
):
    data = tmp_path / "data"
    data.mkdir()
    write_series(data, "x", rows, unit=unit)
    (tmp_path / "mapping.toml").write_text(f'[[map]]\nseries = "x"\n{entry}\n', encoding="utf-8")
    return data


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        (
            {"unit": "1"},
            r"x\.toml: unit = '1' but the mapping compares series 'x' with movement_guideline_share in '%'; allowed: '%'",
        ),
        (
            {"rows": "year,region,value\n2020,zuid,44.3\n"},
            r"x\.csv: line 2: year 2020 lies before the simulation start \(end of 2023\); give trend",
        ),
        (
            {"rows": "year,region,value\n2022,nederland,44\n"},
            r"x\.csv: line 2: region = 'nederland' is mapped .* the model covers Limburg only",
        ),
        (
            {"entry": 'variable = "happiness"\nsigma = 1'},
            r"variable = 'happiness' is not a doelenboom indicator",
        ),
        (
            {"entry": 'variable = "movement_guideline_share"\ntrend = "no_such_trend"\nsigma = 1'},
            r"trend = 'no_such_trend' is not a parameter",
        ),
        (
            {"entry": 'variable = "movement_guideline_share"\nsigma = -1'},
            r"sigma = -1; allowed: a positive number",
        ),
        (
            {"entry": 'variable = "movement_guideline_share"\nrole = "maybe"\nsigma = 1'},
            r"role = 'maybe'; allowed: fit",
        ),
        (
            {"entry": 'variable = "movement_guideline_share"'},
            r"x\.csv: line 2: no observation error; give sigma",
        ),
    ],
)
def test_mapping_that_does_not_fit_data_or_model_is_named(tmp_path, kwargs, expected):
    data = _one_series(tmp_path, **kwargs)
    with pytest.raises(CalibrationError, match=expected):
        load_observations(data)


def test_mapping_of_a_missing_series_lists_the_known_ones(tmp_path):
    data = _one_series(tmp_path)
    with (tmp_path / "mapping.toml").open("a", encoding="utf-8") as f:
        f.write('\n[[map]]\nseries = "y"\nvariable = "gbt_schools"\nsigma = 1\n')
    with pytest.raises(CalibrationError, match=r"series = 'y' has no data file; known: x"):
        load_observations(data)
