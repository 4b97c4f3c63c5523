"""Large ensembles reduced chunk by chunk (ensemble and compare with ``chunked``): the
same bands and probabilities as the whole run, exactly; the same summary on the command
line; the whole run in the ``out`` file; reduced by default above REDUCE_ABOVE samples."""

from __future__ import annotations

import numpy as np
import pytest

from model import load_scenario, read_netcdf
from model.analysis import uncertainty
from model.analysis.uncertainty import compare, ensemble, reduces
from model.cli import main
from model.run import chunked
from model.run.chunked import keep_points

SAMPLES, SEED = 300, 7


@pytest.fixture(autouse=True)
def small_chunks(monkeypatch):
    """Chunks of 128 samples: 300 samples make three."""
    monkeypatch.setattr(chunked, "CHUNK_SAMPLES", 128)


@pytest.fixture(scope="module")
def whole(baseline):
    return ensemble(baseline, samples=SAMPLES, seed=SEED, chunked=False)


def per_sample(ds):
    return [k for k in ds.data_vars if "sample" in ds[k].dims]


def test_reduced_bands_and_probabilities_are_the_whole_runs(baseline, whole):
    reduced = ensemble(baseline, samples=SAMPLES, seed=SEED, chunked=True)
    keep = keep_points(whole["time"].values)
    for name in ("p_target_met", "p_better_than_2023", "p_better_than_no_reserve"):
        assert np.array_equal(reduced[name].values, whole[name].values, equal_nan=True), name
    bands = [k for k in whole.data_vars if k.startswith("band_")]
    assert bands and set(bands) == {k for k in reduced.data_vars if k.startswith("band_")}
    for name in bands:
        assert np.array_equal(reduced[name].values, whole[name].isel(time=keep).values), name
    for name in per_sample(reduced):
        expected = whole[name].isel(time=keep) if "time" in whole[name].dims else whole[name]
        assert np.array_equal(reduced[name].values, expected.values), name
    assert reduced.attrs["sampling"] == whole.attrs["sampling"] == "lhs"
    assert reduced.sizes["time"] == 8 and whole.sizes["time"] == 84


def test_a_reduced_comparison_is_the_whole_one(baseline):
    """With a scenario that fixes an uncertainty (its param_ holds the fixed value)."""
    scenarios = [baseline, load_scenario("geen_rijksbijdrage_gbt")]
    full = compare(scenarios, samples=SAMPLES, seed=SEED, chunked=False)
    reduced = compare(scenarios, samples=SAMPLES, seed=SEED, chunked=True)
    keep = keep_points(full["time"].values)
    assert list(reduced["scenario"].values) == list(full["scenario"].values)
    assert list(reduced["scenario_title"].values) == list(full["scenario_title"].values)
    fixed = ["param_gbt_national_contribution"]  # the scenario's assumption
    kept = per_sample(reduced)
    assert set(kept) >= {*fixed, "gbt_schools", "reserve_spent", "reserve_unallocated"}
    for name in [*kept, "p_target_met", "p_better_than_no_reserve", "allocation"]:
        expected = full[name].isel(time=keep) if "time" in full[name].dims else full[name]
        assert reduced[name].dims == expected.dims, name
        assert np.array_equal(reduced[name].values, expected.values, equal_nan=True), name
    for name in fixed:
        assert reduced[name].attrs == full[name].attrs
        assert (reduced[name].sel(scenario="geen_rijksbijdrage_gbt") == 0.0).all()
        assert (reduced[name].sel(scenario="baseline") > 0.0).all()
    differ = {k for k, v in reduced.attrs.items() if v != full.attrs.get(k)}
    assert differ - {"created"} == {"reduced", "chunk_samples"}  # created: the clock


def test_the_run_command_prints_the_same_summary_reduced(capsys, monkeypatch):
    """Every figure the summary prints (medians, percentiles, chances, cliffs, unspent
    money) is read at a point the reduction keeps."""
    argv = ["--lang", "en", "run", "baseline", "--samples", str(SAMPLES), "--seed", str(SEED)]
    assert main(argv) == 0
    whole_text = capsys.readouterr().out
    monkeypatch.setattr(uncertainty, "REDUCE_ABOVE", 100)
    assert main(argv) == 0
    assert capsys.readouterr().out == whole_text


def test_a_reduced_ensemble_writes_the_whole_run_to_out(tmp_path, baseline, whole):
    out = tmp_path / "x.nc"
    reduced = ensemble(baseline, samples=SAMPLES, seed=SEED, chunked=True, out=out)
    back = read_netcdf(out)
    for name in per_sample(whole):
        assert np.array_equal(back[name].values, whole[name].values), name
    for name in ("p_target_met", "p_better_than_2023"):
        assert np.array_equal(back[name].values, reduced[name].values, equal_nan=True)
    band = back["band_poverty_literacy_projects"]
    assert band.dims == ("quantile", "variant", "band_time")
    assert np.array_equal(band["band_time"].values, reduced["time"].values)
    assert back.attrs["samples"] == SAMPLES and back.attrs["reduced"] == reduced.attrs["reduced"]
    assert [p.name for p in tmp_path.iterdir()] == ["x.nc"]


def test_a_whole_ensemble_writes_its_result_to_out(tmp_path, baseline):
    out = tmp_path / "w.nc"
    ds = ensemble(baseline, samples=5, seed=1, out=out)
    back = read_netcdf(out)
    assert set(back.data_vars) == set(ds.data_vars)
    assert np.array_equal(back["p_target_met"].values, ds["p_target_met"].values, equal_nan=True)


def test_ensembles_are_reduced_above_the_limit_unless_asked_otherwise(baseline, monkeypatch):
    assert not reduces(chunked.REDUCE_ABOVE, None) and reduces(chunked.REDUCE_ABOVE + 1, None)
    assert reduces(10, True) and not reduces(10**6, False)
    monkeypatch.setattr(uncertainty, "REDUCE_ABOVE", 100)
    assert "reduced" not in ensemble(baseline, samples=100, seed=1).attrs
    assert "reduced" in ensemble(baseline, samples=101, seed=1).attrs
    assert "reduced" not in ensemble(baseline, samples=101, seed=1, chunked=False).attrs
