"""Charts and tables (model.present.charts) and the results behind them (model.present.reduce):
pure functions, no streamlit, the same numbers as model.analysis.uncertainty."""

from __future__ import annotations

import io
import subprocess
import sys

import numpy as np
import pandas as pd
import pytest
import xarray as xr

from model import LINES, load_parameters, load_scenario
from model.analysis.uncertainty import bands, ensemble, target_probabilities
from model.policy.indicators import INDICATORS
from model.present import charts as C
from model.present import downloads as D
from model.present import reduce as W

SAMPLES, SEED = 64, 3


@pytest.fixture(scope="module")
def runs() -> dict[str, W.Results]:
    return {
        "baseline": W.results(load_scenario("baseline"), samples=SAMPLES, seed=SEED),
        "armoede": W.results(load_scenario("armoede_eerst"), samples=SAMPLES, seed=SEED),
    }


# --------------------------------------------------------------------------- workshop results


def test_results_match_model_uncertainty(runs: dict[str, W.Results]) -> None:
    sc = load_scenario("armoede_eerst")
    ds = ensemble(sc, samples=SAMPLES, seed=SEED, quantiles=W.QUANTILES)
    r = runs["armoede"]
    probs = target_probabilities(ds)
    for col in ("p_target_met", "p_better_than_2023", "p_better_than_no_reserve"):
        np.testing.assert_allclose(r.indicators[col].values, probs[col].values, equal_nan=True)
    b = bands(ds, W.QUANTILES)
    for i in r.indicators.index:
        expected = b[f"band_{i}"]
        extra = [d for d in expected.dims if d not in ("quantile", "variant", "time")]
        if extra:  # regional: the app averages the regions first, as the summary does
            continue
        expected = expected.sel(time=r.bands["time"]).transpose(
            "quantile", "variant", "time"
        )  # the app's band is quarterly
        np.testing.assert_allclose(r.bands[f"band_{i}"].values, expected.values)
    ledger = ds["reserve_spent"].sel(variant="plan").median("sample").values
    np.testing.assert_allclose(r.ledger["reserve_spent"].values, ledger)
    assert r.samples == SAMPLES and r.allocation == sc.allocation


def test_bands_keep_the_start_and_the_end_of_2027(runs: dict[str, W.Results]) -> None:
    times = runs["baseline"].bands["time"].values
    assert np.datetime64("2024-01-01", "ns") in times and np.datetime64("2028-01-01", "ns") in times
    assert len(times) < 40  # quarterly, not monthly


def test_horizon_2027_runs_to_the_end_of_the_target_year() -> None:
    short = W.results(load_scenario("baseline"), samples=16, seed=1, horizon=2027)
    full = W.results(load_scenario("baseline"), samples=16, seed=1)
    assert list(short.ledger.index) == [2024, 2025, 2026, 2027]
    assert short.bands["time"].values[-1] == np.datetime64("2028-01-01", "ns")
    late = [c for c in full.indicators.columns if c.endswith("_late")]
    pd.testing.assert_frame_equal(
        short.indicators, full.indicators.assign(**dict.fromkeys(late, np.nan))
    )  # the model is causal: 2027 does not change; only the full run reads 2030
    assert full.indicators.loc[full.indicators["level"] == "outcome", late].notna().all().all()
    pd.testing.assert_frame_equal(short.ledger, full.ledger.loc[2024:2027])
    with pytest.raises(ValueError, match="horizon"):
        W.run(load_scenario("baseline"), samples=1, seed=1, horizon=2029)


def test_a_shared_counterfactual_gives_the_same_results() -> None:
    base = load_scenario("baseline")
    sc = load_scenario("armoede_eerst").with_levers(
        assumptions={"execution_capacity": 7000.0}, jeugdfonds_share_130=0.5
    )
    key = W.counterfactual_scenario(sc, base)
    moved = W.counterfactual_scenario(sc.with_allocation({"2.1.a": 6000, "2.2": 13000}), base)
    assert (
        key.to_toml() == moved.to_toml()
    )  # moving money does not change the run without the reserve
    assert (
        W.counterfactual_scenario(sc.with_levers(assumptions={}), base).to_toml() != key.to_toml()
    )
    none = W.counterfactual(key, samples=32, seed=4)
    assert none.end.shape == (len(none.ids), 32) and none.bands.shape[:2] == (len(none.ids), 3)
    a = W.results(sc, samples=32, seed=4, counterfactual=none)
    b = W.results(sc, samples=32, seed=4)
    pd.testing.assert_frame_equal(a.indicators, b.indicators)
    pd.testing.assert_frame_equal(a.ledger, b.ledger)
    for name in a.bands.data_vars:
        np.testing.assert_array_equal(a.bands[name].values, b.bands[name].values)
    # a counterfactual of other samples or another horizon is refused, not silently mixed in
    with pytest.raises(ValueError, match="counterfactual: 32 samples"):
        W.results(sc, samples=16, seed=4, counterfactual=none)


def test_results_are_small_enough_to_cache(runs: dict[str, W.Results]) -> None:
    import pickle

    assert len(pickle.dumps(runs["baseline"])) < 2_000_000


def test_same_seed_same_draw_for_every_scenario(runs: dict[str, W.Results]) -> None:
    """Common random numbers: with no money moved, the no-reserve runs are identical."""
    a, b = runs["baseline"].bands, runs["armoede"].bands
    for name in a.data_vars:
        np.testing.assert_allclose(
            a[name].sel(variant="no_reserve").values, b[name].sel(variant="no_reserve").values
        )


def test_deterministic_results_have_zero_width_bands() -> None:
    r = W.results(load_scenario("baseline"), samples=1, seed=0)
    assert (r.indicators["p05"] == r.indicators["p95"]).all()
    assert set(r.indicators["p_target_met"].dropna().unique()) <= {0.0, 1.0}


def test_differences_in_words(runs: dict[str, W.Results]) -> None:
    nl = W.differences(runs["armoede"], runs["baseline"], lang="nl")
    assert nl[0] == "Verdeling ten opzichte van de basis: 2.1.a +4.000 k€, 2.2 −4.000 k€."
    assert nl[1].startswith("Armoede eerst haalt ")
    assert any(s.startswith("Beter dan de basis: ") for s in nl)
    assert "Projecten armoede en laaggeletterdheid in uitvoering" in " ".join(nl)
    en = W.differences(runs["armoede"], runs["baseline"], lang="en")
    assert en[0] == "Allocation compared with the baseline: 2.1.a +4,000 k€, 2.2 −4,000 k€."
    same = W.differences(runs["baseline"], runs["baseline"], lang="nl")
    assert same[0] == "Dezelfde verdeling als de basis." and "nauwelijks" in same[-1]


def test_downloads(runs: dict[str, W.Results], tmp_path) -> None:
    csv = pd.read_csv(io.BytesIO(D.results_csv(list(runs.values()), lang="nl")))
    assert set(csv["scenario"]) == {"baseline", "armoede_eerst"}
    assert {"indicator", "indicator_name", "median", "p05", "p95", "p_target_met", "units"} <= set(
        csv.columns
    )
    xlsx = pd.read_excel(
        io.BytesIO(
            D.results_excel(
                list(runs.values()),
                [load_scenario("baseline"), load_scenario("armoede_eerst")],
                lang="en",
            )
        ),
        sheet_name=None,
    )
    assert set(xlsx) == {"indicators", "ledger", "allocation", "scenario_files"}
    assert xlsx["allocation"].shape[0] == len(LINES)
    ds = W.full_ensemble(load_scenario("baseline"), samples=8, seed=1)
    data = D.netcdf_bytes(ds)
    assert data[:8] == b"\x89HDF\r\n\x1a\n"  # netCDF-4 is HDF5
    path = tmp_path / "x.nc"
    path.write_bytes(data)
    from model import read_netcdf

    back = read_netcdf(path)
    assert "p_target_met" in back and back.attrs["scenario"] == "baseline"


def test_ledger_table(runs: dict[str, W.Results]) -> None:
    table = W.ledger_table({"Basis": runs["baseline"].ledger}, lang="nl")
    assert list(table.index[:4]) == ["2024", "2025", "2026", "2027"]
    assert ("Basis", "Besteed") in table.columns
    # what remains at the end of 2027 is Jeugdfonds money its applications could not absorb
    # (it stays in the reserve): at most the Jeugdfonds' share of line 2.1.a (20 % of 4,000 k€)
    left = float(table.loc["2027", ("Basis", "Resterend in reserve")].replace(".", ""))
    assert 0.0 <= left <= 800.0


def test_modules_need_no_streamlit() -> None:
    code = "import sys, model.present.charts, model.present.reduce, model.present.appstate, model.present.texts; print('streamlit' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


# --------------------------------------------------------------------------- charts


def names(fig) -> list[str]:
    return [t.name for t in fig.data if t.showlegend is not False and t.name]


def test_trend_shows_scenario_band_baseline_and_no_reserve(runs: dict[str, W.Results]) -> None:
    fig = C.trend_figure(runs, "persons_in_poverty", lang="nl", baseline="baseline")
    assert names(fig) == ["Zonder reserve", "Basis (§9.2)", "Armoede eerst"]
    fills = [t for t in fig.data if t.fill == "tonexty"]
    assert len(fills) == 2  # a band for the baseline and for the scenario
    assert fig.layout.separators == ",."
    assert (
        "Minderjarigen in Limburg in een huishouden met een laag inkomen" in fig.layout.title.text
    )
    no_reserve = fig.data[0]
    assert no_reserve.line.dash == "dash"
    np.testing.assert_allclose(
        no_reserve.y,
        runs["baseline"]
        .bands["band_persons_in_poverty"]
        .sel(variant="no_reserve", quantile=0.5)
        .values,
    )
    en = C.trend_figure(runs, "poverty_literacy_projects", lang="en", baseline="baseline")
    assert names(en)[:2] == ["Without reserve", "Baseline (§9.2)"]
    assert any(
        "Target 2027: 30" in (a.text or "") for a in en.layout.annotations
    )  # outputs show their target
    assert en.layout.separators == ".,"


def test_trend_without_samples_has_no_band() -> None:
    det = {"baseline": W.results(load_scenario("baseline"), samples=1, seed=0)}
    fig = C.trend_figure(det, "poverty_literacy_projects", lang="nl", baseline="baseline")
    assert not [t for t in fig.data if t.fill == "tonexty"]


def test_ledger_figure(runs: dict[str, W.Results]) -> None:
    one = C.ledger_figure({"x": runs["armoede"]}, lang="nl", baseline="x", years=range(2024, 2028))
    bars = [t for t in one.data if t.type == "bar"]
    assert len(bars) == 7 and one.layout.barmode == "stack"  # one bar per ledger line
    assert bars[0].name == "2.1.a Armoede en laaggeletterdheid"
    assert bars[4].name == "2.2 Integrale aanpakken in aandachtswijken"
    assert list(bars[0].x) == ["2024", "2025", "2026", "2027"]
    # each bar is the line's median spending; medians of the lines need not add up to the
    # median total (spending varies by sample with the capacities and the Jeugdfonds' demand)
    total = sum(np.asarray(b.y) for b in bars)
    np.testing.assert_allclose(
        total, runs["armoede"].ledger.loc[2024:2027, "reserve_spent"].values, rtol=0.02
    )
    many = C.ledger_figure(runs, lang="en", baseline="baseline")
    assert many.layout.barmode == "group"
    assert [t.name for t in many.data if t.type == "bar"] == ["Baseline (§9.2)", "Armoede eerst"]


def test_output_table_and_colours(runs: dict[str, W.Results]) -> None:
    shown, chances = C.output_table(runs, lang="nl", baseline="baseline")
    outputs = [i for i in runs["baseline"].indicators.index if INDICATORS[i].level == "output"]
    assert len(shown) == len(outputs)
    assert list(chances.columns) == ["Kans: Basis (§9.2)", "Kans: Armoede eerst"]
    assert shown["Kans: Armoede eerst"].iloc[0].endswith("%")
    assert (
        shown["Doel"].iloc[0] == "Terugdringen van armoede en laaggeletterdheid"
        and shown["Doel"].iloc[1] == ""
    )
    cells = C.chance_cells(shown, chances)
    assert list(cells.index) == list(range(len(shown)))  # shown with hide_index=True
    for col in chances.columns:
        for cell, text, p in zip(cells[col], shown[col], chances[col], strict=True):
            colour = C.CHANCE_MARKDOWN.get(C.chance_class(p))
            assert cell == (f":{colour}-background[**{text}**]" if colour else text)
    assert cells.drop(columns=chances.columns).equals(
        shown.drop(columns=chances.columns).reset_index(drop=True)
    )
    en, _ = C.output_table(runs, lang="en", baseline="baseline")
    assert "Chance: Baseline (§9.2)" in en.columns


def test_chance_classes_and_marks() -> None:
    assert [C.chance_class(p) for p in (0.95, 0.8, 0.79, 0.5, 0.49, float("nan"))] == [
        "likely",
        "likely",
        "uncertain",
        "uncertain",
        "unlikely",
        "none",
    ]
    assert (
        C.chance_text(0.92, "nl") == "✓ 92%"
        and C.chance_text(0.6, "en") == "~ 60%"
        and C.chance_text(0.1, "nl") == "✗ 10%"
    )
    assert C.chance_text(float("nan"), "nl") == "—"


def test_outcome_table(runs: dict[str, W.Results]) -> None:
    shown, chances = C.outcome_table(runs, lang="nl", baseline="baseline")
    assert "2023" in shown.columns and "Zonder reserve" in shown.columns
    assert list(chances.columns) == [
        "Beter dan zonder reserve: Basis (§9.2)",
        "Beter dan zonder reserve: Armoede eerst",
        "Beter dan zonder reserve 2030: Armoede eerst",  # slow effects, for the scenario shown
    ]
    assert {"Verwacht 2030", "Zonder reserve 2030"} <= set(shown.columns)


def test_chance_figure(runs: dict[str, W.Results]) -> None:
    fig = C.chance_figure(runs, lang="nl", baseline="baseline")
    assert [t.name for t in fig.data] == ["Basis (§9.2)", "Armoede eerst"]
    assert max(max(t.x) for t in fig.data) <= 100


def test_sensitivity_figure_for_sobol_and_morris() -> None:
    params = ["a", "b", "c"]
    sobol = xr.Dataset(
        {
            k: ("parameter", v)
            for k, v in {
                "ST": [0.1, 0.6, 0.3],
                "ST_conf": [0.01, 0.05, 0.02],
                "S1": [0.05, 0.5, 0.2],
                "S1_conf": [0.01] * 3,
            }.items()
        },
        coords={"parameter": params},
    )
    fig = C.sensitivity_figure(sobol, lang="nl", title="t", labels={"b": "Parameter B"})
    assert list(fig.data[0].y)[-1] == "Parameter B"  # the largest total effect on top
    assert fig.data[0].name == "Totaal effect (ST)" and fig.data[1].name == "Eigen effect (S1)"
    morris = xr.Dataset(
        {
            k: ("parameter", v)
            for k, v in {
                "mu_star": [3.0, 1.0, 2.0],
                "mu_star_conf": [0.1] * 3,
                "sigma": [1.0] * 3,
            }.items()
        },
        coords={"parameter": params},
    )
    fig = C.sensitivity_figure(morris, lang="en", title="t", labels={}, top=2)
    assert list(fig.data[0].y) == ["c", "a"] and fig.data[0].name == "Mean effect (μ*)"


def test_explain_tables() -> None:
    ids = list(INDICATORS)[:5]
    table = C.indicator_table(ids, lang="nl")
    assert len(table) == 5 and table["Eenheid"].iloc[0] == "%"
    params = load_parameters()
    ptable = C.parameter_table(params, list(params), lang="en")
    assert len(ptable) == len(params)
    assert set(ptable["Kind"]) == {"source", "derived", "assumption"}
    row = ptable.set_index("Parameter").loc["gbt_national_from"]
    assert row["Range"] == "2025 – 2027"
    assert row["Description"] == params["gbt_national_from"].description
    nl = C.parameter_table(params, ["gbt_national_from"], lang="nl")
    assert nl["Omschrijving"].iloc[0] == params["gbt_national_from"].describe("nl")
