"""Ensembles: common random numbers across scenarios, target probabilities by the one
"target met" rule, percentile bands, netCDF round trips, clear errors; and the command-line
subcommands of ``model.cli.uncertainty``."""

import argparse
from dataclasses import replace

import numpy as np
import pytest
import xarray as xr

from model import load_parameters, load_scenario, read_netcdf, simulate, write_netcdf
from model.analysis.sets import default_parameters
from model.analysis.uncertainty import (
    UncertaintyError,
    bands,
    compare,
    draw,
    ensemble,
    success,
    target_probabilities,
    value_at,
)
from model.policy.indicators import END_OF_TARGET_YEAR, INDICATORS, TARGET_TOLERANCE
from model.run.summary import indicator_summary

P_VARS = ("p_target_met", "p_better_than_2023", "p_better_than_no_reserve")


@pytest.fixture(scope="module")
def ens(baseline_ensemble):
    """``ensemble(baseline, samples=64, seed=5)``, shared (tests/conftest.py)."""
    return baseline_ensemble


@pytest.fixture(scope="module")
def pessimistic(baseline):
    """The baseline with one uncertainty fixed by an assumption."""
    return replace(
        baseline,
        name="pessimistic",
        title="Krappe uitvoering",
        assumptions={"execution_capacity": 6000.0},
    )


@pytest.fixture(scope="module")
def cmp(baseline, pessimistic):
    return compare(
        [baseline, load_scenario("armoede_eerst"), pessimistic, baseline], samples=32, seed=11
    )


# ------------------------------------------------------------------ common random numbers


def test_the_same_scenario_twice_gives_identical_results_per_sample(cmp):
    assert list(cmp["scenario"].values) == [
        "baseline",
        "armoede_eerst",
        "pessimistic",
        "baseline (2)",
    ]
    xr.testing.assert_equal(cmp.isel(scenario=0, drop=True), cmp.isel(scenario=3, drop=True))


def test_scenarios_share_the_draw_except_what_their_assumptions_fix(cmp):
    params = load_parameters()
    for name in params.uncertain:
        values = cmp[f"param_{name}"]
        np.testing.assert_array_equal(
            values.sel(scenario="baseline").values, values.sel(scenario="armoede_eerst").values
        )
        if name != "execution_capacity":
            np.testing.assert_array_equal(
                values.sel(scenario="baseline").values, values.sel(scenario="pessimistic").values
            )
    assert (cmp["param_execution_capacity"].sel(scenario="pessimistic") == 6000.0).all()
    assert cmp["param_execution_capacity"].sel(scenario="baseline").std() > 0


def test_compare_equals_separate_ensembles_on_the_same_seed(cmp, baseline):
    alone = ensemble(load_scenario("armoede_eerst"), samples=32, seed=11)
    xr.testing.assert_equal(
        alone["poverty_literacy_projects"],
        cmp["poverty_literacy_projects"].sel(scenario="armoede_eerst", drop=True),
    )
    for v in P_VARS:
        xr.testing.assert_allclose(alone[v], cmp[v].sel(scenario="armoede_eerst", drop=True))


def test_ensemble_is_simulate_plus_statistics(ens, baseline):
    # on the default parameter set (the calibrated one; simulate alone defaults to the priors)
    plain = simulate(
        baseline, samples=64, seed=5, detail="indicators", parameters=default_parameters()
    )
    xr.testing.assert_equal(plain["persons_in_poverty"], ens["persons_in_poverty"])
    assert ens.attrs["parameter_set"] == "public"
    assert (
        ens.attrs["sampling"] == "lhs"
        and ens.attrs["scenario"] == "baseline"
        and ens.attrs["parameter_hash"]
    )
    again = ensemble(baseline, samples=64, seed=5)
    xr.testing.assert_equal(again[list(P_VARS)], ens[list(P_VARS)])


def test_monte_carlo_sampling_is_also_seeded(baseline):
    a = draw(samples=16, seed=3, sampling="random")
    b = draw(samples=16, seed=3, sampling="random")
    c = draw(samples=16, seed=3, sampling="lhs")
    assert all(np.array_equal(a[k], b[k]) for k in a)
    assert not np.array_equal(a["execution_capacity"], c["execution_capacity"])


# ------------------------------------------------------------------ target probabilities


def test_probabilities_lie_in_0_1_and_apply_where_they_should(ens):
    ids = list(ens["indicator"].values)
    assert ids == [i for i in INDICATORS if i in ens.data_vars]
    for v in P_VARS:
        da = ens[v]
        assert da.dims == ("indicator",) and da.attrs["units"] == "1" and da.attrs["long_name"]
        finite = da.values[np.isfinite(da.values)]
        assert ((finite >= 0) & (finite <= 1)).all()
    for i in ids:
        level = INDICATORS[i].level
        p = {v: float(ens[v].sel(indicator=i)) for v in P_VARS}
        assert np.isfinite(p["p_target_met"]) == (level == "output")
        assert np.isfinite(p["p_better_than_2023"]) == (level == "outcome")
        assert np.isfinite(p["p_better_than_no_reserve"]) == (level == "outcome")


def test_one_rule_for_target_met_and_better(ens):
    """ "Target met" and "better" have one definition (on the indicator), which the
    ensemble's probabilities apply per sample."""
    ind = INDICATORS["poverty_literacy_projects"]  # target 30
    edge = ind.target * (1 - TARGET_TOLERANCE)
    assert ind.meets_target(edge) and not ind.meets_target(np.nextafter(edge, 0.0))
    np.testing.assert_array_equal(
        ind.meets_target(np.array([edge, 29.0, 31.0])), [True, False, True]
    )
    lower = next(i for i in INDICATORS.values() if i.direction == "lower")
    higher = next(
        i for i in INDICATORS.values() if i.level == "outcome" and i.direction == "higher"
    )
    assert lower.better(1.0, 2.0) and not lower.better(2.0, 1.0)
    assert higher.better(2.0, 1.0) and not higher.better(1.0, 1.0)
    with pytest.raises(ValueError, match="no target"):
        higher.meets_target(1.0)
    end = value_at(ens[ind.id], END_OF_TARGET_YEAR).sel(variant="plan")
    assert float(ens["p_target_met"].sel(indicator=ind.id)) == float(
        np.mean(ind.meets_target(end.values))
    )
    table = indicator_summary(ens)
    assert table.at[ind.id, "target_met"] == float(ens["p_target_met"].sel(indicator=ind.id))


def test_probabilities_per_scenario(cmp):
    assert cmp["p_target_met"].dims == ("scenario", "indicator")
    p = cmp["p_target_met"].sel(indicator="poverty_literacy_projects")
    # twice the money for poverty (armoede_eerst) makes the 30 projects more likely, never less likely per sample
    assert float(p.sel(scenario="armoede_eerst")) > float(p.sel(scenario="baseline"))
    ok = success(cmp, "poverty_literacy_projects")
    assert bool((ok.sel(scenario="armoede_eerst") >= ok.sel(scenario="baseline")).all())


def test_a_deterministic_run_gives_zero_or_one(baseline_run):
    p = target_probabilities(baseline_run)
    values = p["p_target_met"].dropna("indicator").values
    assert set(np.unique(values)) <= {0.0, 1.0}


# ------------------------------------------------------------------ bands


def test_bands_are_ordered_percentiles(ens):
    band = ens["band_poverty_literacy_projects"]
    assert band.dims[0] == "quantile" and set(band.dims) == {"quantile", "variant", "time"}
    assert list(band["quantile"].values) == [0.05, 0.25, 0.5, 0.75, 0.95]
    assert band.attrs["units"] == "projects"
    assert bool((band.diff("quantile") >= 0).all())
    median = ens["poverty_literacy_projects"].sel(variant="plan").median("sample")
    xr.testing.assert_allclose(
        band.sel(quantile=0.5, variant="plan", drop=True),
        median.drop_vars("variant", errors="ignore"),
    )
    regional = [v for v in ens.data_vars if v.startswith("band_") and "region" in ens[v].dims]
    assert all(ens[v].dims[0] == "quantile" for v in regional)


def test_bands_with_other_quantiles(ens):
    b = bands(ens, quantiles=(0.1, 0.9))
    assert list(b["quantile"].values) == [0.1, 0.9]


# ------------------------------------------------------------------ files


def test_comparison_writes_netcdf(cmp, tmp_path):
    part = cmp[
        [
            *P_VARS,
            "poverty_literacy_projects",
            "band_poverty_literacy_projects",
            "param_execution_capacity",
            "allocation",
            "reserve_spent",
        ]
    ]
    write_netcdf(part, tmp_path / "c.nc")
    back = read_netcdf(tmp_path / "c.nc")
    xr.testing.assert_identical(back, part)
    assert back.attrs["scenarios"] == "baseline, armoede_eerst, pessimistic, baseline (2)"
    assert "same draw" in back.attrs["common_random_numbers"]


# ------------------------------------------------------------------ bad requests


@pytest.mark.parametrize(
    "kwargs, field",
    [
        ({"samples": 0}, "samples"),
        ({"samples": 2.5}, "samples"),
        ({"seed": -3}, "seed"),
        ({"sampling": "sobol"}, "sampling"),
        ({"quantiles": (0.9, 0.1)}, "quantiles"),
        ({"quantiles": (0.5, 1.5)}, "quantiles"),
    ],
)
def test_bad_ensemble_requests(baseline, kwargs, field):
    args = {"samples": 4, "seed": 0, **kwargs}
    with pytest.raises(UncertaintyError) as err:
        ensemble(baseline, **args)
    assert err.value.field == field and "allowed:" in str(err.value)


def test_bad_compare_and_probability_requests(ens):
    with pytest.raises(UncertaintyError, match="one or more Scenario"):
        compare([], samples=4, seed=0)
    with pytest.raises(UncertaintyError, match="unknown indicator"):
        success(ens, "no_such_indicator")
    with pytest.raises(UncertaintyError, match="not defined for the outcome"):
        success(ens, "persons_in_poverty", criterion="target")
    with pytest.raises(UncertaintyError, match="without indicators"):
        target_probabilities(xr.Dataset({"x": ("sample", np.zeros(3))}))


# ------------------------------------------------------------------ command line


def _cli(argv):
    from model.cli.uncertainty import add_subcommands, run_command

    parser = argparse.ArgumentParser()
    add_subcommands(parser.add_subparsers(dest="command", required=True))
    return run_command(parser.parse_args(argv), "nl")


def test_cli_compare(capsys):
    assert _cli(["compare", "baseline", "armoede_eerst", "--samples", "16", "--seed", "2"]) == 0
    printed = capsys.readouterr().out
    assert "dezelfde trekkingen" in printed and "armoede_eerst" in printed and "%" in printed


def test_cli_sensitivity_and_discover(tmp_path, capsys):
    out = tmp_path / "s.nc"
    assert (
        _cli(
            [
                "sensitivity",
                "baseline",
                "--method",
                "morris",
                "--n",
                "10",
                "--seed",
                "1",
                "--indicator",
                "poverty_literacy_projects",
                "--out",
                str(out),
            ]
        )
        == 0
    )
    printed = capsys.readouterr().out
    assert "poverty_project_cost" in printed and "Morris" in printed
    assert read_netcdf(out).attrs["method"] == "morris"
    assert (
        _cli(
            [
                "discover",
                "baseline",
                "--indicator",
                "poverty_literacy_projects",
                "--samples",
                "400",
                "--seed",
                "1",
            ]
        )
        == 0
    )
    assert "dekking" in capsys.readouterr().out
    with pytest.raises(UncertaintyError, match="power of 2"):
        _cli(["sensitivity", "baseline", "--n", "100"])


def test_probability_line_for_run(ens, baseline_run):
    from model.cli.uncertainty import probability_lines

    line = probability_lines(ens, "nl")[0]
    assert "van" in line and "outputs" in line
    assert probability_lines(baseline_run, "nl") == []
