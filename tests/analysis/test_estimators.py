"""The vectorised estimators against SALib 1.6's own analyze, number for number: on the
Ishigami function (several outputs at once, with groups, confidence intervals included), on
a small model run, and on degenerate outputs (constant, NaN)."""

import warnings

import numpy as np
import pytest
import xarray as xr
from SALib.analyze import morris as salib_morris
from SALib.analyze import sobol as salib_sobol
from SALib.sample import morris as morris_sample
from SALib.sample import sobol as sobol_sample
from SALib.test_functions import Ishigami

from model import load_parameters
from model.analysis.estimators import (
    MORRIS_KEYS,
    SOBOL_KEYS,
    morris_effects,
    resampled_sums,
    sobol_first_total,
)
from model.analysis.sensitivity import (
    model_outputs,
    morris,
    morris_indices,
    sobol,
    sobol_indices,
)
from model.analysis.uncertainty import UncertaintyError
from model.policy.parameters import Parameter, ParameterSet


def problem(d: int, groups: list[str] | None = None) -> dict:
    p = {"num_vars": d, "names": [f"x{j + 1}" for j in range(d)], "bounds": [[-np.pi, np.pi]] * d}
    if groups:
        p["groups"] = groups
    return p


def ishigami_outputs(x: np.ndarray) -> np.ndarray:
    """Several outputs of the first three columns: Ishigami with SALib's constants and two
    others, and a smooth function of every column."""
    x3 = x[:, :3]
    return np.stack(
        [
            Ishigami.evaluate(x3),
            Ishigami.evaluate(x3, A=2.0, B=0.5),
            Ishigami.evaluate(x3, A=7.0, B=0.0),
            np.exp(np.sin(x)).sum(axis=1) * x[:, 0],
        ]
    )


def salib(analyze, *args, **kwargs) -> dict[str, np.ndarray]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        result = analyze(*args, **kwargs)
    return {k: np.asarray(v, dtype=float) for k, v in result.items() if k != "names"}


# ------------------------------------------------------------------ Sobol


@pytest.mark.parametrize(
    "d, groups, n, resamples, level",
    [
        (3, None, 1024, 100, 0.95),  # SALib's Ishigami case
        (5, None, 256, 37, 0.9),
        (4, ["a", "b", "a", "c"], 128, 100, 0.95),  # grouped: D + 2 = 5 rows per base point
        (1, None, 64, 100, 0.95),
    ],
)
def test_sobol_is_salibs_to_the_last_bit(d, groups, n, resamples, level):
    p = problem(d, groups)
    x = sobol_sample.sample(dict(p), n, calc_second_order=False, seed=4)
    if d < 3:
        x = np.column_stack([x, np.full((len(x), 3 - d), 0.3)])
    y = ishigami_outputs(x)
    k = len(dict.fromkeys(groups)) if groups else d
    mine = sobol_first_total(y, d=k, seed=9, num_resamples=resamples, conf_level=level)
    for i, yi in enumerate(y):
        ref = salib(
            salib_sobol.analyze,
            dict(p),
            yi,
            calc_second_order=False,
            num_resamples=resamples,
            conf_level=level,
            seed=9,
        )
        for key in SOBOL_KEYS:
            np.testing.assert_array_equal(mine[key][i], ref[key], err_msg=f"{key}, output {i}")
    # and the numbers are Ishigami's (SALib's constants; STYLE.md quotes S1 0.316/0.438/0.001)
    if d == 3:
        np.testing.assert_allclose(mine["S1"][0], [0.314, 0.442, 0.0], atol=0.03)
        np.testing.assert_allclose(mine["ST"][0], [0.558, 0.442, 0.244], atol=0.03)


def test_sobol_in_chunks_of_outputs_is_the_same(monkeypatch):
    import model.analysis.estimators as estimators

    p = problem(3)
    x = sobol_sample.sample(dict(p), 256, calc_second_order=False, seed=1)
    y = ishigami_outputs(x)
    whole = sobol_first_total(y, d=3, seed=2)
    monkeypatch.setattr(estimators, "CHUNK_ELEMENTS", 1)  # one output per chunk
    monkeypatch.setattr(estimators, "COLUMNS", 3)  # blocks of 3 columns, the last of 2 + 1
    chunked = sobol_first_total(y, d=3, seed=2)
    for key in SOBOL_KEYS:
        np.testing.assert_array_equal(chunked[key], whole[key])


def test_the_fast_bootstrap_differs_only_in_the_last_bits():
    p = problem(3)
    x = sobol_sample.sample(dict(p), 1024, calc_second_order=False, seed=4)
    y = ishigami_outputs(x)
    exact = sobol_first_total(y, d=3, seed=9)
    fast = sobol_first_total(y, d=3, seed=9, exact=False)
    for key in ("S1", "ST"):
        np.testing.assert_array_equal(fast[key], exact[key])
    for key in ("S1_conf", "ST_conf"):
        np.testing.assert_allclose(fast[key], exact[key], rtol=0, atol=1e-12)
        assert np.count_nonzero(exact[key]) >= 10
        # an input without effect (x3 when B = 0) has an interval of exactly 0 in both
        assert exact[key][2, 2] == 0.0 and fast[key][2, 2] == 0.0


def test_resampled_sums_add_rows_in_salibs_order():
    rng = np.random.default_rng(0)
    terms = rng.standard_normal((1000, 5)) * 10.0 ** rng.integers(-8, 8, size=(1000, 5))
    resample = rng.integers(1000, size=(1000, 30))
    expected = terms[resample].sum(axis=0)  # what SALib sums, per column: down axis 0
    np.testing.assert_array_equal(resampled_sums(terms, resample), expected)
    np.testing.assert_array_equal(resampled_sums(terms[:, :1], resample), expected[:, :1])
    # the order matters at this scale: pairwise sums of the same numbers differ
    pairwise = np.array([[terms[resample[:, b], c].sum() for c in range(5)] for b in range(30)])
    assert not np.array_equal(pairwise, expected)


def test_sobol_degenerate_outputs_are_nan_as_with_salib():
    p = problem(3)
    x = sobol_sample.sample(dict(p), 64, calc_second_order=False, seed=1)
    good = Ishigami.evaluate(x)
    with_nan = good.copy()
    with_nan[5] = np.nan
    with_inf = good.copy()
    with_inf[7] = np.inf
    y = np.stack([np.full(len(x), 3.0), good, with_nan, with_inf])
    si = sobol_first_total(y, d=3, seed=2)
    for key in SOBOL_KEYS:
        assert np.isnan(si[key][[0, 2, 3]]).all() and np.isfinite(si[key][1]).all()
    # and sobol_indices gives the same through either analyzer
    ps = ParameterSet(
        {
            k: Parameter(k, k, "1", 0.0, source="x", low=-np.pi, high=np.pi)
            for k in ("x1", "x2", "x3")
        }
    )

    def func(v):
        y = np.sin(v["x1"]) + 7 * np.sin(v["x2"]) ** 2 + 0.1 * v["x3"] ** 4 * np.sin(v["x1"])
        return {"flat": np.zeros_like(y), "y": y, "nan": np.where(v["x1"] > 3.0, np.nan, y)}

    ours = sobol_indices(func, ps, n=64, seed=1)
    theirs = sobol_indices(func, ps, n=64, seed=1, analyzer="salib")
    xr.testing.assert_equal(ours, theirs)
    assert np.isnan(ours["ST"].sel(output=["flat", "nan"])).all()
    assert (ours.attrs["analyzer"], theirs.attrs["analyzer"]) == ("vectorised", "salib")
    assert "SALib.analyze.sobol.analyze" in theirs.attrs["estimator"]
    assert "estimators.sobol_first_total" in ours.attrs["estimator"]


# ------------------------------------------------------------------ Morris


@pytest.mark.parametrize(
    "d, groups, trajectories, levels, resamples",
    [
        (3, None, 100, 4, 100),  # Ishigami
        (5, None, 37, 6, 50),
        (6, ["a", "b", "a", "c", "b", "a"], 20, 4, 100),
        (4, ["g"] * 4, 12, 4, 100),  # one group: SALib sums over its members pairwise
        (1, None, 30, 4, 100),  # one parameter: SALib sums over trajectories pairwise
    ],
)
def test_morris_is_salibs_to_the_last_bit(d, groups, trajectories, levels, resamples):
    p = problem(d, groups)
    x = morris_sample.sample(dict(p), trajectories, num_levels=levels, seed=3)
    padded = np.column_stack([x, np.full((len(x), max(0, 3 - d)), 0.3)])
    y = ishigami_outputs(padded)
    mine = morris_effects(x, y, groups=groups, num_levels=levels, seed=5, num_resamples=resamples)
    for i, yi in enumerate(y):
        ref = salib(
            salib_morris.analyze,
            dict(p),
            x,
            yi,
            num_levels=levels,
            num_resamples=resamples,
            seed=5,
        )
        for key in MORRIS_KEYS:
            np.testing.assert_array_equal(mine[key][i], ref[key], err_msg=f"{key}, output {i}")


def test_morris_degenerate_outputs_as_with_salib():
    p = problem(3)
    x = morris_sample.sample(dict(p), 10, num_levels=4, seed=1)
    good = Ishigami.evaluate(x)
    with_nan = good.copy()
    with_nan[3] = np.nan
    m = morris_effects(x, np.stack([np.full(len(x), 2.0), good, with_nan]), num_levels=4, seed=2)
    for key in MORRIS_KEYS:
        assert np.all(m[key][0] == 0.0), key  # a constant output has zero effects (SALib too)
        assert np.isnan(m[key][2]).all() and np.isfinite(m[key][1]).all(), key
    ref = salib(salib_morris.analyze, dict(p), x, np.full(len(x), 2.0), num_levels=4, seed=2)
    for key in MORRIS_KEYS:
        np.testing.assert_array_equal(m[key][0], ref[key])


# ------------------------------------------------------------------ the model


MODEL_VARY = [
    "poverty_project_cost",
    "poverty_project_duration",
    "execution_capacity",
    "jeugdfonds_cost_per_child",
]
MODEL_OUTPUTS = [
    "poverty_literacy_projects",
    "neet_vsv_projects",
    "jeugdfonds_children",
    "support_use_increase_pct",
    "persons_in_poverty",
]


def cached_model(baseline):
    """The model as a function of the sample, run once per distinct sample matrix."""
    base = load_parameters()
    seen: list[tuple[dict, dict]] = []

    def func(values):
        for drawn, out in seen:
            if drawn.keys() == values.keys() and all(
                np.array_equal(drawn[k], values[k]) for k in values
            ):
                return out
        out = model_outputs(baseline, values, indicators=MODEL_OUTPUTS, parameters=base)
        seen.append((values, out))
        return out

    return func, baseline.parameters(base)


def test_model_sobol_is_salibs(baseline):
    func, params = cached_model(baseline)
    ours = sobol_indices(func, params, n=64, seed=3, vary=MODEL_VARY)
    theirs = sobol_indices(func, params, n=64, seed=3, vary=MODEL_VARY, analyzer="salib")
    xr.testing.assert_equal(ours, theirs)
    # the model's outputs are not all degenerate: some indices and intervals are not zero
    assert float(ours["ST"].max()) > 0.1 and float(ours["ST_conf"].max()) > 0.0
    grouped = {"costs": ["poverty_project_cost", "jeugdfonds_cost_per_child"]}
    ours = sobol_indices(func, params, n=64, seed=3, vary=MODEL_VARY, groups=grouped)
    theirs = sobol_indices(
        func, params, n=64, seed=3, vary=MODEL_VARY, groups=grouped, analyzer="salib"
    )
    xr.testing.assert_equal(ours, theirs)


def test_model_morris_is_salibs(baseline):
    func, params = cached_model(baseline)
    ours = morris_indices(func, params, n=10, seed=3, vary=MODEL_VARY)
    theirs = morris_indices(func, params, n=10, seed=3, vary=MODEL_VARY, analyzer="salib")
    xr.testing.assert_equal(ours, theirs)
    assert float(ours["mu_star"].max()) > 0.0
    assert (ours.attrs["analyzer"], theirs.attrs["analyzer"]) == ("vectorised", "salib")


@pytest.mark.parametrize("groups", [None, "group"])
def test_every_uncertainty_of_the_parameter_files_is_salibs(groups):
    """All ~200 ranges of the parameter files, per parameter and in their (large) groups,
    through a cheap stand-in for the model (six smooth outputs of every parameter)."""
    params = load_parameters()
    names = params.uncertain
    weights = np.random.default_rng(0).standard_normal((len(names), 6))

    def func(v):
        unit = np.column_stack(
            [(v[n] - params[n].low) / (params[n].high - params[n].low) for n in names]
        )
        z = np.tanh(unit @ weights)
        return {f"y{i}": z[:, i] * np.exp(z[:, (i + 1) % 6]) for i in range(6)}

    for run, n in ((sobol_indices, 64), (morris_indices, 10)):
        ours = run(func, params, n=n, seed=5, groups=groups)
        theirs = run(func, params, n=n, seed=5, groups=groups, analyzer="salib")
        xr.testing.assert_equal(ours, theirs)


def test_the_analyzer_is_a_keyword_of_sobol_and_morris(baseline):
    args = {"n": 64, "seed": 0, "indicator": "poverty_literacy_projects"}
    args["vary"] = ["poverty_project_cost"]
    ds = sobol(baseline, analyzer="fast", **args)
    assert ds.attrs["analyzer"] == "fast" and "exact=False" in ds.attrs["estimator"]
    with pytest.raises(UncertaintyError) as err:
        morris(baseline, analyzer="fast", **{**args, "n": 10})
    assert err.value.field == "analyzer" and "vectorised, salib" in str(err.value)


@pytest.mark.parametrize(
    "kwargs, field",
    [
        ({"analyzer": "numba"}, "analyzer"),
        ({"conf_level": 1.0}, "conf_level"),
        ({"conf_level": True}, "conf_level"),
        ({"num_resamples": 1}, "num_resamples"),
        ({"num_resamples": 10.0}, "num_resamples"),
    ],
)
def test_bad_analysis_options_give_clear_errors(kwargs, field):
    ps = ParameterSet({"a": Parameter("a", "a", "1", 0.5, source="x", low=0.0, high=1.0)})
    for run, n in ((sobol_indices, 64), (morris_indices, 10)):
        with pytest.raises(UncertaintyError) as err:
            run(lambda v: v["a"], ps, n=n, seed=1, **kwargs)
        assert err.value.field == field and "allowed:" in str(err.value)
