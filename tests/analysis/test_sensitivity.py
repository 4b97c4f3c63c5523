"""Global sensitivity analysis: the SALib code path against the Ishigami function's known
indices, reproducibility, relations that hold by construction in the model, convergence
checks and clear errors for bad requests."""

from dataclasses import replace

import numpy as np
import pytest
import xarray as xr
from scipy.stats import ks_2samp

from model import load_parameters, read_netcdf, simulate, write_netcdf
from model.analysis.sensitivity import (
    model_outputs,
    modelled_indicators,
    morris,
    morris_indices,
    salib_problem,
    saltelli_unit_sample,
    sobol,
    sobol_indices,
    to_values,
    top_parameters,
)
from model.analysis.uncertainty import UncertaintyError, value_at
from model.policy.indicators import END_OF_TARGET_YEAR, INDICATORS
from model.policy.parameters import Parameter, ParameterSet
from model.present.wording import convergence_message

# ------------------------------------------------------------------ Ishigami (SALib's reference case)

ISHIGAMI = ParameterSet(
    {
        k: Parameter(
            k,
            f"Ishigami input {k}",
            "1",
            0.0,
            source="Ishigami & Homma (1990)",
            low=-np.pi,
            high=np.pi,
        )
        for k in ("x1", "x2", "x3")
    }
)
A, B = 7.0, 0.1
# analytic indices (Sobol' & Levitan 1999; SALib's test_sobol.py)
_V = A**2 / 8 + B * np.pi**4 / 5 + B**2 * np.pi**8 / 18 + 0.5
_V1 = 0.5 * (1 + B * np.pi**4 / 5) ** 2
_V2 = A**2 / 8
_V13 = B**2 * np.pi**8 * (1 / 18 - 1 / 50)
S1_EXACT = np.array([_V1 / _V, _V2 / _V, 0.0])  # 0.314, 0.442, 0
ST_EXACT = np.array([(_V1 + _V13) / _V, _V2 / _V, _V13 / _V])  # 0.558, 0.442, 0.244
TOLERANCE = 0.03
"""Stated tolerance at N = 1024 (5,120 evaluations): every index within 0.03 of its
analytic value, and within its own 95 % confidence interval."""


def ishigami(v):
    return np.sin(v["x1"]) + A * np.sin(v["x2"]) ** 2 + B * v["x3"] ** 4 * np.sin(v["x1"])


def test_analytic_values_are_the_known_ones():
    np.testing.assert_allclose(S1_EXACT, [0.3139, 0.4424, 0.0], atol=5e-4)
    np.testing.assert_allclose(ST_EXACT, [0.5576, 0.4424, 0.2437], atol=5e-4)


@pytest.fixture(scope="module")
def ishigami_sobol():
    return sobol_indices(ishigami, ISHIGAMI, n=1024, seed=1)


def test_sobol_reproduces_ishigami(ishigami_sobol):
    si = ishigami_sobol.sel(output="y")
    for key, exact in (("S1", S1_EXACT), ("ST", ST_EXACT)):
        est, conf = si[key].values, si[f"{key}_conf"].values
        assert np.all(np.abs(est - exact) < TOLERANCE), (key, est, exact)
        assert np.all(np.abs(est - exact) <= conf), (key, est, exact, conf)
    assert list(si["rank"].values) == [1.0, 2.0, 3.0]
    assert ishigami_sobol.attrs["model_runs"] == 1024 * 5
    assert ishigami_sobol.attrs["convergence_ok"] == 1


def test_same_seed_same_numbers_other_seed_other_numbers(ishigami_sobol):
    again = sobol_indices(ishigami, ISHIGAMI, n=1024, seed=1)
    for key in ("S1", "S1_conf", "ST", "ST_conf"):
        np.testing.assert_array_equal(again[key].values, ishigami_sobol[key].values)
    other = sobol_indices(ishigami, ISHIGAMI, n=1024, seed=2)
    assert not np.array_equal(other["S1"].values, ishigami_sobol["S1"].values)


def test_morris_screens_ishigami():
    m = morris_indices(ishigami, ISHIGAMI, n=100, seed=3)
    again = morris_indices(ishigami, ISHIGAMI, n=100, seed=3)
    np.testing.assert_array_equal(m["mu_star"].values, again["mu_star"].values)
    mu_star, mu = m["mu_star"].sel(output="y").values, m["mu"].sel(output="y").values
    assert np.all(mu_star > 1.0)  # every input matters
    # x3 acts only through its interaction with sin(x1): effects of both signs cancel in mu
    assert abs(mu[2]) < 0.5 * mu_star[2]
    assert m.attrs["model_runs"] == 100 * 4


def test_convergence_check_says_when_n_is_too_small():
    small = sobol_indices(ishigami, ISHIGAMI, n=64, seed=1)
    assert small.attrs["convergence_ok"] == 0
    needed = small.attrs["convergence_n_needed"]
    assert needed > 64 and needed & (needed - 1) == 0  # a larger power of 2
    assert f"N = {needed}" in convergence_message(small, "en")
    assert "te onzeker" in convergence_message(small, "nl")
    # the advice follows conf ~ 1/sqrt(N)
    conf = small.attrs["convergence_max"]
    assert needed >= 64 * (conf / 0.1) ** 2


def test_an_output_that_does_not_vary_has_nan_indices():
    si = sobol_indices(
        lambda v: {"flat": np.zeros_like(v["x1"]), "y": ishigami(v)}, ISHIGAMI, n=64, seed=1
    )
    assert (
        np.isnan(si["S1"].sel(output="flat")).all() and np.isnan(si["ST"].sel(output="flat")).all()
    )
    assert np.isfinite(si["ST"].sel(output="y")).all()
    assert "flat" in convergence_message(si, "en")


# ------------------------------------------------------------------ the SALib problem


def test_salib_problem_from_ranges_and_distributions():
    ps = ParameterSet(
        {
            "u": Parameter("u", "uniform one", "k€", 2.0, source="x", low=1.0, high=3.0, group="g"),
            "t": Parameter(
                "t",
                "triangular one",
                "yr",
                2.0,
                source="x",
                low=1.0,
                high=5.0,
                distribution="triangular",
                group="g",
            ),
            "f": Parameter("f", "fixed one", "1", 0.5, source="x"),
        }
    )
    problem = salib_problem(ps)
    assert problem["names"] == ["u", "t"] and problem["num_vars"] == 2
    assert problem["dists"] == ["unif", "triang"]
    assert problem["bounds"] == [
        [1.0, 3.0],
        [1.0, 5.0, 0.25],
    ]  # SALib 1.6: [low, high, peak as a fraction of the width]
    assert salib_problem(ps, groups="group")["groups"] == ["g", "g"]
    assert salib_problem(ps, groups={"both": ["u", "t"]})["groups"] == ["both", "both"]


@pytest.mark.parametrize(
    "d, groups, n, seed",
    [(3, None, 64, 0), (7, None, 128, 5), (6, ["a", "b", "a", "c", "b", "a"], 64, 2)],
)
def test_the_sample_matrix_is_salibs(d, groups, n, seed):
    from SALib.sample import sobol as sobol_sample

    problem = {"num_vars": d, "names": [f"x{j}" for j in range(d)], "bounds": [[0.0, 1.0]] * d}
    if groups:
        problem["groups"] = groups
    expected = sobol_sample.sample(dict(problem), n, calc_second_order=False, seed=seed)
    np.testing.assert_array_equal(saltelli_unit_sample(problem, n, seed=seed), expected)


def test_sampled_marginals_match_the_parameter_set():
    from SALib.sample import sobol as sobol_sample
    from SALib.util import scale_samples

    ps = ParameterSet(
        {
            "u": Parameter("u", "uniform", "1", 2.0, source="x", low=1.0, high=3.0),
            "t": Parameter(
                "t",
                "triangular",
                "1",
                2.0,
                source="x",
                low=1.0,
                high=5.0,
                distribution="triangular",
            ),
            "n": Parameter(
                "n",
                "negative triangular",
                "1/yr",
                -0.01,
                source="x",
                low=-0.03,
                high=-0.005,
                distribution="triangular",
            ),
        }
    )
    names = ps.uncertain
    unit = sobol_sample.sample(
        {"num_vars": 3, "names": names, "bounds": [[0.0, 1.0]] * 3},
        1024,
        calc_second_order=False,
        seed=5,
    )
    values = to_values(ps, unit, names=names)
    # where SALib's own "triang" scaling applies, it agrees with the parameter set's inverse CDF
    problem = salib_problem(ps, vary=["u", "t"])
    scaled = scale_samples(unit[:, :2].copy(), problem)
    np.testing.assert_allclose(scaled[:, 0], values["u"], rtol=1e-12)
    np.testing.assert_allclose(scaled[:, 1], values["t"], rtol=1e-10)
    # and the marginals are those ParameterSet.sample draws (including a negative triangular range)
    reference = ps.sample(4096, seed=9)
    for name in names:
        assert ks_2samp(values[name], reference[name]).pvalue > 0.01, name
        assert values[name].min() >= ps[name].low and values[name].max() <= ps[name].high


# ------------------------------------------------------------------ the model (baseline)

VARY = [
    "poverty_project_cost",
    "poverty_project_start_delay",
    "poverty_project_duration",
    "execution_capacity",
    "jeugdfonds_cost_per_child",
    "neet_project_cost",
    "persons_in_poverty_trend",
    "spill_poverty_to_youth_lifestyle",
]
POVERTY_OUTPUTS = [
    "poverty_literacy_projects",
    "neet_vsv_projects",
    "jeugdfonds_children",
    "support_use_increase_pct",
]


def other_goal_cofinancing(params: ParameterSet) -> list[str]:
    """Co-financing parameters of goals other than poverty (e.g. the area partners' share in
    the neighbourhood approaches; more appear as goals are added)."""
    return [
        n
        for n in params.uncertain
        if params[n].group == "cofinancing" and params[n].file != "poverty.toml"
    ]


def other_goal_outputs() -> list[str]:
    """The first modelled output of every other goal (more appear as goals are added)."""
    present = modelled_indicators()
    first: dict[str, str] = {}
    for i in present:
        ind = INDICATORS[i]
        if ind.level == "output" and ind.goal != "poverty":
            first.setdefault(ind.goal, i)
    return list(first.values())


def model_indicators() -> list[str]:
    return [*POVERTY_OUTPUTS, "persons_in_poverty", *other_goal_outputs()]


@pytest.fixture(scope="module")
def model_sobol(baseline):
    vary = VARY + other_goal_cofinancing(load_parameters())
    return sobol(baseline, n=128, seed=7, indicator=model_indicators(), vary=vary)


def test_indices_rank_the_uncertainties_per_output(model_sobol):
    ds = model_sobol
    assert ds["S1"].dims == ("indicator", "parameter")
    for key in ("S1", "S1_conf", "ST", "ST_conf"):
        assert ds[key].attrs["units"] == "1" and ds[key].attrs["long_name"]
    for i in POVERTY_OUTPUTS:
        ranks = ds["rank"].sel(indicator=i).values
        assert sorted(ranks) == list(range(1, ds.sizes["parameter"] + 1))
    # the unit cost of poverty projects dominates the number of poverty projects
    assert top_parameters(ds, "poverty_literacy_projects", k=1)[0][0] == "poverty_project_cost"
    # the structural part of the Jeugdfonds is anchored to the measured 2023 reach in every
    # sample, so only the reserve's part depends on the cost per child; how fast the reserve
    # becomes work (execution capacity) matters as much
    top_two = {name for name, *_ in top_parameters(ds, "jeugdfonds_children", k=2)}
    assert top_two == {"execution_capacity", "jeugdfonds_cost_per_child"}
    # the shared execution capacity binds: it matters for the projects, less than their cost
    st = ds["ST"].sel(indicator="poverty_literacy_projects")
    assert (
        0.01
        < float(st.sel(parameter="execution_capacity"))
        < float(st.sel(parameter="poverty_project_cost"))
    )
    # ST >= S1 up to the estimation error
    gap = ds["S1"] - ds["ST"] - (ds["S1_conf"] + ds["ST_conf"])
    assert float(gap.max()) <= 0.0


def test_relations_that_hold_by_construction(model_sobol, baseline):
    st = model_sobol["ST"]
    s1 = model_sobol["S1"]

    def zero(indicator, parameter):
        assert abs(float(st.sel(indicator=indicator, parameter=parameter))) < 1e-9, (
            indicator,
            parameter,
        )
        assert abs(float(s1.sel(indicator=indicator, parameter=parameter))) < 1e-9, (
            indicator,
            parameter,
        )

    # a project's duration does not change how many projects have started (cumulative)
    zero("poverty_literacy_projects", "poverty_project_duration")

    def small(indicator, parameter):
        assert abs(float(st.sel(indicator=indicator, parameter=parameter))) < 0.01, (
            indicator,
            parameter,
        )

    # one activity's unit cost does not move another activity's output, except through the
    # shared execution capacity: the Jeugdfonds' grants (their size set by its cost per child
    # and its applications) take part of it when it binds
    small("poverty_literacy_projects", "jeugdfonds_cost_per_child")
    zero("jeugdfonds_children", "poverty_project_cost")
    zero("jeugdfonds_children", "neet_project_cost")
    # trends and spillovers act on outcomes, never on outputs
    for output in POVERTY_OUTPUTS:
        zero(output, "persons_in_poverty_trend")
        zero(output, "spill_poverty_to_youth_lifestyle")
    # another goal's co-financing has no index on the poverty goal's outputs (e.g. the Jeugdfonds)
    for name in other_goal_cofinancing(load_parameters()):
        for output in POVERTY_OUTPUTS:
            zero(output, name)
    # a parameter of the poverty goal alone has no index on another goal's outputs
    for output in other_goal_outputs():
        # (the Jeugdfonds' cost per child only through the shared execution capacity)
        small(output, "jeugdfonds_cost_per_child")
        for name in (
            "poverty_project_cost",
            "poverty_project_duration",
            "neet_project_cost",
            "persons_in_poverty_trend",
        ):
            zero(output, name)
    # while the outcome follows its autonomous trend
    assert (
        top_parameters(model_sobol, "persons_in_poverty", k=1)[0][0] == "persons_in_poverty_trend"
    )


def test_grouped_indices(baseline):
    params = load_parameters()
    groups = {
        "poverty project costs": ["poverty_project_cost", "neet_project_cost"],
        "all co-financing": other_goal_cofinancing(params) or ["execution_capacity"],
    }
    vary = [
        "poverty_project_cost",
        "neet_project_cost",
        "poverty_project_start_delay",
        *groups["all co-financing"],
    ]
    ds = sobol(
        baseline, n=64, seed=2, indicator="poverty_literacy_projects", vary=vary, groups=groups
    )
    assert ds["ST"].dims == ("indicator", "group")
    assert set(ds["group"].values) == {
        "poverty project costs",
        "all co-financing",
        "poverty_project_start_delay",
    }
    assert "poverty_project_cost" in str(
        ds["group_members"].sel(group="poverty project costs").values
    )
    assert ds.attrs["model_runs"] == 64 * (3 + 2) and ds.attrs["grouped"] == 1
    assert top_parameters(ds, "poverty_literacy_projects", k=1)[0][0] == "poverty project costs"
    by_file = sobol(
        baseline, n=64, seed=2, indicator="poverty_literacy_projects", vary=vary, groups="group"
    )
    assert "unit_costs" in list(by_file["group"].values)


def test_an_indicator_that_does_not_vary_gives_nan_not_a_crash(baseline):
    ds = sobol(
        baseline,
        n=64,
        seed=1,
        indicator=["poverty_literacy_projects", "jeugdfonds_children"],
        vary=["jeugdfonds_cost_per_child"],
        # on the priors the money binds the Jeugdfonds reach (on the calibrated set the
        # slower demand does, and the cost per child no longer moves it)
        parameters=load_parameters(),
    )
    assert np.isnan(ds["ST"].sel(indicator="poverty_literacy_projects")).all()
    assert np.isfinite(ds["ST"].sel(indicator="jeugdfonds_children")).all()
    assert top_parameters(ds, "poverty_literacy_projects") == []


def test_model_sobol_is_seeded_and_writes_netcdf(baseline, model_sobol, tmp_path):
    vary = VARY + other_goal_cofinancing(load_parameters())
    again = sobol(baseline, n=128, seed=7, indicator=model_indicators(), vary=vary)
    xr.testing.assert_equal(
        again[["S1", "ST", "S1_conf", "ST_conf"]], model_sobol[["S1", "ST", "S1_conf", "ST_conf"]]
    )
    assert (
        model_sobol.attrs["scenario"] == "baseline"
        and model_sobol.attrs["parameter_hash"]
        and model_sobol.attrs["year"] == 2027
    )
    write_netcdf(model_sobol, tmp_path / "s.nc")
    xr.testing.assert_identical(read_netcdf(tmp_path / "s.nc"), model_sobol)


def test_model_morris(baseline):
    ds = morris(
        baseline,
        n=10,
        seed=4,
        indicator="poverty_literacy_projects",
        vary=["poverty_project_cost", "poverty_project_duration", "execution_capacity"],
    )
    assert ds["mu_star"].dims == ("indicator", "parameter") and ds.attrs["model_runs"] == 10 * 4
    mu_star = ds["mu_star"].sel(indicator="poverty_literacy_projects")
    assert float(mu_star.sel(parameter="poverty_project_duration")) == 0.0
    assert str(mu_star.idxmax().values) == "poverty_project_cost"
    again = morris(
        baseline,
        n=10,
        seed=4,
        indicator="poverty_literacy_projects",
        vary=["poverty_project_cost", "poverty_project_duration", "execution_capacity"],
    )
    xr.testing.assert_equal(again["mu_star"], ds["mu_star"])


def test_values_at_the_end_of_the_year_do_not_depend_on_the_horizon(baseline):
    params = load_parameters()
    drawn = params.sample(6, seed=3)
    ids = ["poverty_literacy_projects", "persons_in_poverty"]
    short = model_outputs(
        baseline, {k: drawn[k] for k in params.uncertain}, indicators=ids, year=2027, batch_rows=4
    )
    full = simulate(baseline, samples=6, drawn=drawn, detail="indicators")
    for i in ids:
        np.testing.assert_array_equal(
            short[i], value_at(full[i].sel(variant="plan"), END_OF_TARGET_YEAR).values
        )


# ------------------------------------------------------------------ bad requests


@pytest.mark.parametrize(
    "kwargs, field, words",
    [
        ({"indicator": "no_such_indicator"}, "indicator", "unknown indicator"),
        ({"n": 100}, "n", "power of 2"),
        ({"n": 32}, "n", "at least 64"),
        ({"n": True}, "n", "power of 2"),
        ({"vary": ["poverty_share_projects"]}, "vary", "has no range"),
        ({"vary": ["no_such_parameter"]}, "vary", "unknown parameter"),
        (
            {"groups": {"shares": ["poverty_share_projects"]}, "vary": ["poverty_project_cost"]},
            "groups.shares",
            "has no range here",
        ),
        (
            {"groups": {"x": ["no_such_parameter"]}, "vary": ["poverty_project_cost"]},
            "groups.x",
            "unknown parameter",
        ),
        (
            {"groups": {"costs": ["neet_project_cost"]}, "vary": ["poverty_project_cost"]},
            "groups.costs",
            "has no range here",
        ),
        ({"groups": "by_file"}, "groups", "mapping"),
        ({"year": 2035}, "year", "2024 to 2029"),
        ({"seed": -1}, "seed", "at least 0"),
    ],
)
def test_bad_requests_give_clear_errors(baseline, kwargs, field, words):
    args = {
        "n": 64,
        "seed": 0,
        "indicator": "poverty_literacy_projects",
        "vary": ["poverty_project_cost"],
        **kwargs,
    }
    with pytest.raises(UncertaintyError) as err:
        sobol(baseline, **args)
    assert err.value.field == field
    assert words in str(err.value) and "allowed:" in str(err.value)
    assert isinstance(err.value, ValueError)


def test_indicator_not_modelled_yet(baseline, monkeypatch):
    import model.analysis.sensitivity as sensitivity

    present = modelled_indicators()
    monkeypatch.setattr(
        sensitivity,
        "modelled_indicators",
        lambda: [i for i in present if INDICATORS[i].goal != "sport"],
    )
    with pytest.raises(UncertaintyError, match="not computed by the model") as err:
        sobol(baseline, n=64, seed=0, indicator="sport_agreements", vary=["poverty_project_cost"])
    assert err.value.field == "indicator" and "sport_agreements" not in err.value.allowed


def test_a_parameter_the_scenario_fixes_cannot_be_varied(baseline):
    pessimistic = replace(baseline, name="pessimistic", assumptions={"poverty_project_cost": 70.0})
    with pytest.raises(UncertaintyError, match="scenario's assumptions"):
        sobol(
            pessimistic,
            n=64,
            seed=0,
            indicator="poverty_literacy_projects",
            vary=["poverty_project_cost"],
        )


def test_morris_needs_enough_trajectories(baseline):
    with pytest.raises(UncertaintyError, match="at least 10") as err:
        morris(
            baseline,
            n=4,
            seed=0,
            indicator="poverty_literacy_projects",
            vary=["poverty_project_cost"],
        )
    assert err.value.field == "n"


def test_every_variable_has_units_and_a_name(model_sobol):
    for name, var in model_sobol.variables.items():
        assert var.attrs.get("units"), name
    for name, var in model_sobol.data_vars.items():
        assert var.attrs.get("long_name"), name
    for key in (
        "toolkit_version",
        "created",
        "method",
        "N",
        "seed",
        "model_runs",
        "scenario",
        "parameter_hash",
    ):
        assert key in model_sobol.attrs, key
