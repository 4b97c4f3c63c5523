"""Scenario discovery: the CART boxes recover thresholds that are known, prune limits
that do not matter, say so when a target never or always fails, write readable
sentences, and find in the model what holds by construction."""

import inspect
import re

import numpy as np
import pytest
import xarray as xr

from model import load_parameters, load_scenario, read_netcdf, simulate, write_netcdf
from model.analysis import discovery
from model.analysis.discovery import _prune, discover, discover_in, find_boxes
from model.analysis.uncertainty import UncertaintyError
from model.policy.parameters import Parameter, ParameterSet
from model.present.wording import condition as _condition
from model.present.wording import discovery_message, discovery_sentences
from model.present.wording import significant as _number

N = 2000


@pytest.fixture(scope="module")
def synthetic():
    """Six uncertainties; the target fails exactly when co-financing < 0.3 and capacity < 7,000."""
    rng = np.random.default_rng(42)
    x = {
        "cofinancing": rng.random(N),
        "capacity": 5000.0 + 8000.0 * rng.random(N),
        **{f"noise_{k}": rng.random(N) for k in range(4)},
    }
    params = ParameterSet(
        {
            "cofinancing": Parameter(
                "cofinancing",
                "Partnercofinanciering per euro van de provincie",
                "k€/k€",
                0.5,
                source="test",
                low=0.0,
                high=1.0,
            ),
            "capacity": Parameter(
                "capacity",
                "Uitvoeringscapaciteit",
                "k€/yr",
                9000.0,
                source="test",
                low=5000.0,
                high=13000.0,
            ),
            **{
                f"noise_{k}": Parameter(
                    f"noise_{k}", f"Ruis {k}", "1", 0.5, source="test", low=0.0, high=1.0
                )
                for k in range(4)
            },
        }
    )
    failed = (x["cofinancing"] < 0.3) & (x["capacity"] < 7000.0)
    return x, failed, params


def _inside(boxes, b, x):
    """Which samples lie in box ``b``: ``lower < value <= upper`` on every restricted parameter."""
    box = boxes.sel(box=b)
    inside = np.ones(len(next(iter(x.values()))), dtype=bool)
    for p in boxes["parameter"].values:
        lo, hi = float(box["lower"].sel(parameter=p)), float(box["upper"].sel(parameter=p))
        inside &= (x[str(p)] > lo if np.isfinite(lo) else True) & (
            x[str(p)] <= hi if np.isfinite(hi) else True
        )
    return inside


def _restricted(boxes, b):
    box = boxes.sel(box=b)
    return sorted(
        str(p)
        for p in boxes["parameter"].values
        if np.isfinite(box["lower"].sel(parameter=p)) or np.isfinite(box["upper"].sel(parameter=p))
    )


def test_tree_recovers_the_known_box(synthetic):
    x, failed, params = synthetic
    boxes = find_boxes(x, failed, params=params)
    first = boxes.sel(box=1)
    assert _restricted(boxes, 1) == ["capacity", "cofinancing"]
    # tolerance: 2 % of each range (0.02 of 1, 160 of 8,000 k€/yr); a split lies midway between two samples
    assert abs(float(first["upper"].sel(parameter="cofinancing")) - 0.3) < 0.02
    assert abs(float(first["upper"].sel(parameter="capacity")) - 7000.0) < 160.0
    assert np.isnan(first["lower"].sel(parameter="cofinancing")) and np.isnan(
        first["lower"].sel(parameter="capacity")
    )
    assert float(first["coverage"]) > 0.95 and float(first["density"]) > 0.95
    # coverage, density and mass are what they say they are, for the limits as reported
    inside = _inside(boxes, 1, x)
    assert float(first["coverage"]) == pytest.approx((inside & failed).sum() / failed.sum())
    assert float(first["density"]) == pytest.approx((inside & failed).sum() / inside.sum())
    assert float(first["mass"]) == pytest.approx(inside.mean())
    assert int(first["n_restricted"]) == 2
    # a quasi-p value for each limit, far below 5 %; none for unrestricted parameters
    assert float(first["qp_value"].sel(parameter="cofinancing")) < 1e-6 and np.isnan(
        first["qp_value"].sel(parameter="noise_0")
    )
    assert boxes.attrs["coverage_total"] == pytest.approx(float(first["coverage"]))


def test_a_second_box_covers_the_failures_the_first_misses(synthetic):
    x, _, params = synthetic
    failed = (x["cofinancing"] < 0.2) | (x["capacity"] > 11000.0)  # two separate causes
    boxes = find_boxes(x, failed, params=params)
    assert boxes.sizes["box"] == 2
    assert sorted(r for b in (1, 2) for r in _restricted(boxes, b)) == ["capacity", "cofinancing"]
    assert abs(float(boxes["upper"].sel(parameter="cofinancing").max()) - 0.2) < 0.02
    assert abs(float(boxes["lower"].sel(parameter="capacity").max()) - 11000.0) < 160.0
    for b in (1, 2):  # every box's numbers are those of its own limits over all samples
        inside = _inside(boxes, b, x)
        assert float(boxes["coverage"].sel(box=b)) == pytest.approx(
            (inside & failed).sum() / failed.sum()
        )
        assert float(boxes["density"].sel(box=b)) == pytest.approx(1.0)
    assert boxes.attrs["coverage_total"] == pytest.approx(1.0)


def test_rare_failures_still_form_a_dense_box(synthetic):
    x, _, params = synthetic
    failed = (x["cofinancing"] < 0.1) & (
        x["capacity"] > 11000.0
    )  # about 2.5 %: fewer than mass_min (5 %) of the samples
    boxes = find_boxes(x, failed, params=params)
    assert failed.mean() < 0.05 and boxes.sizes["box"] == 1
    assert _restricted(boxes, 1) == ["capacity", "cofinancing"]
    assert float(boxes["coverage"].sel(box=1)) > 0.9 and float(boxes["density"].sel(box=1)) > 0.9


def test_pruning_drops_limits_that_do_not_raise_the_density(synthetic):
    x, _, _ = synthetic
    values = np.column_stack([x["cofinancing"], x["noise_0"]])
    failed = x["cofinancing"] < 0.3
    limits = [
        (0, True, 0.3),
        (1, True, 0.9),
    ]  # cofinancing <= 0.3 matters; noise_0 <= 0.9 adds nothing
    assert _prune(values, failed, limits, 0.05) == [(0, True, 0.3)]
    assert _prune(values, failed, limits, 0.0) == [
        (0, True, 0.3)
    ]  # dropping noise_0 does not lower the density at all
    assert _prune(values, failed, limits, 1.0) == []  # nothing raises the density by 100 points
    # and in a whole run: with failures that are noisy around cofinancing < 0.3, the tree
    # also splits on a noise column; pruning (min_gain 5 points) drops that limit
    noisy = np.random.default_rng(5).random(N) < np.where(x["cofinancing"] < 0.3, 0.85, 0.1)
    unpruned = find_boxes(x, noisy, params=synthetic[2], max_boxes=1, min_gain=0.0)
    assert "cofinancing" in _restricted(unpruned, 1) and any(
        p.startswith("noise") for p in _restricted(unpruned, 1)
    )
    boxes = find_boxes(x, noisy, params=synthetic[2], max_boxes=1)
    assert _restricted(boxes, 1) == ["cofinancing"]
    assert float(boxes["coverage"].sel(box=1)) > float(unpruned["coverage"].sel(box=1))


def test_the_box_in_words(synthetic):
    x, failed, params = synthetic
    boxes = find_boxes(x, failed, params=params, max_boxes=1)
    [nl], [en] = (discovery_sentences(boxes, lang, params=params) for lang in ("nl", "en"))
    cof = float(boxes["upper"].sel(box=1, parameter="cofinancing"))
    cap = float(boxes["upper"].sel(box=1, parameter="capacity"))
    assert nl.startswith("Het doel wordt bijna nooit gehaald als ")
    assert (
        f"partnercofinanciering per euro van de provincie onder {_number(cof, 'nl')} k€/k€ ligt"
        in nl
    )
    assert re.search(
        r"uitvoeringscapaciteit onder \d\.\d{3} k€/jr ligt", nl
    )  # Dutch thousands point, k€/jr
    assert f"uitvoeringscapaciteit onder {_number(cap, 'nl')} k€/jr ligt" in nl and " en " in nl
    assert re.search(r"\(dekking \d+(,\d+)? %, dichtheid \d+(,\d+)? %\)\.$", nl)
    assert en.startswith("The target is almost never met if ")
    assert f"stays below {_number(cap, 'en')} k€/yr" in en and " and " in en
    assert re.search(r"\(coverage \d+(\.\d+)? %, density \d+(\.\d+)? %\)\.$", en)
    assert boxes.attrs["status"] == "found"
    assert discovery_message(boxes, "nl", params=params) == nl
    assert discovery_message(boxes, "en", params=params) == en


def test_dates_and_shares_in_words():
    params = ParameterSet(
        {
            "start": Parameter(
                "start",
                "When the work plans take effect",
                "yr (decimal year)",
                2025.0,
                source="test",
                low=2024.5,
                high=2026.0,
            ),
            "share": Parameter(
                "share", "Share of schools", "1", 0.5, source="test", low=0.0, high=1.0
            ),
        }
    )
    assert (
        _condition("start", 2025.284, np.nan, params=params, labels={}, lang="nl")
        == "when the work plans take effect na 14 april 2025 ligt"
    )
    assert (
        _condition("start", np.nan, 2025.5, params=params, labels={}, lang="en")
        == "when the work plans take effect is before 2 July 2025"
    )
    assert (
        _condition("share", 0.25, 0.5, params=params, labels={"share": "het aandeel"}, lang="nl")
        == "het aandeel tussen 25 % en 50 % ligt"
    )


def test_never_always_and_rarely_failing_targets(synthetic):
    x, _, params = synthetic
    never = find_boxes(x, np.zeros(N, dtype=bool), params=params)
    assert never.sizes["box"] == 0 and never.attrs["status"] == "all_met"
    assert "in alle 2.000 trekkingen gehaald" in discovery_message(never, "nl", params=params)
    always = find_boxes(x, np.ones(N, dtype=bool), params=params)
    assert (
        always.sizes["box"] == 0
        and "in geen enkele" in discovery_message(always, "nl", params=params)
        and "missed in all 2,000" in discovery_message(always, "en", params=params)
    )
    rare = np.zeros(N, dtype=bool)
    rare[:3] = True
    few = find_boxes(x, rare, params=params)
    assert few.sizes["box"] == 0 and few.attrs["status"] == "too_few_failures"
    assert "te weinig mislukkingen" in discovery_message(few, "nl", params=params)


def test_unstructured_failures_give_no_box(synthetic):
    x, _, params = synthetic
    noise = np.random.default_rng(1).random(N) < 0.3
    boxes = find_boxes(x, noise, params=params)
    assert boxes.sizes["box"] == 0
    assert "niet in een eenvoudig gebied" in discovery_message(
        boxes, "nl", params=params
    ) and "simple region" in discovery_message(boxes, "en", params=params)


def test_screening_keeps_the_columns_that_matter(synthetic):
    x, failed, params = synthetic
    boxes = find_boxes(x, failed, params=params, screen=2)
    assert set(boxes["parameter"].values) == set(x)  # every column is reported ...
    assert _restricted(boxes, 1) == [
        "capacity",
        "cofinancing",
    ]  # ... and the two screened in are the two that matter
    unscreened = find_boxes(x, failed, params=params, screen=None)
    xr.testing.assert_equal(
        unscreened[["lower", "upper", "coverage", "density"]],
        boxes[["lower", "upper", "coverage", "density"]],
    )


def test_number_format():
    assert _number(6949.3, "nl") == "6.949" and _number(6949.3, "en") == "6,949"
    assert _number(0.2897, "nl") == "0,29" and _number(30.0, "nl") == "30"


def test_boxes_write_netcdf(synthetic, tmp_path):
    x, failed, params = synthetic
    for name, f in (("b.nc", failed), ("none.nc", np.zeros(N, dtype=bool))):
        boxes = find_boxes(x, f, params=params)
        write_netcdf(boxes, tmp_path / name)
        xr.testing.assert_equal(read_netcdf(tmp_path / name), boxes)


# ------------------------------------------------------------------ the model


@pytest.fixture(scope="module")
def poverty_boxes():
    return discover(
        load_scenario("baseline"), indicator="poverty_literacy_projects", samples=600, seed=3
    )


def test_model_expensive_projects_make_the_target_fail(poverty_boxes):
    first = poverty_boxes.sel(box=1)
    # by construction: fewer projects when each costs more, so failure lies above a cost
    assert np.isfinite(first["lower"].sel(parameter="poverty_project_cost"))
    assert np.isnan(first["upper"].sel(parameter="poverty_project_cost"))
    assert float(first["density"]) > 0.8
    assert (
        poverty_boxes.attrs["indicator"] == "poverty_literacy_projects"
        and poverty_boxes.attrs["criterion"] == "target"
    )
    assert "het doel van 30" in discovery_sentences(poverty_boxes, "nl")[0].lower()


def test_model_discovery_is_seeded(poverty_boxes):
    again = discover(
        load_scenario("baseline"), indicator="poverty_literacy_projects", samples=600, seed=3
    )
    xr.testing.assert_equal(again.drop_attrs(), poverty_boxes.drop_attrs())


def test_discovery_on_an_existing_ensemble_and_outcome_criteria():
    ds = simulate(load_scenario("baseline"), samples=300, seed=2, detail="indicators")
    out = discover_in(ds, indicator="low_digital_skills", criterion="better_than_2023")
    assert out.attrs["criterion"] == "better_than_2023"
    assert "low_digital_skills_trend" in [str(p) for p in out["parameter"].values]
    if out.sizes["box"]:
        assert np.isfinite(
            out["lower"].sel(box=1, parameter="low_digital_skills_trend")
        )  # a rising trend fails


def test_bad_discovery_requests(synthetic):
    x, failed, params = synthetic
    with pytest.raises(UncertaintyError, match="bool array"):
        find_boxes(x, failed.astype(int), params=params)
    with pytest.raises(UncertaintyError, match="bool array"):
        find_boxes(x, failed[:10], params=params)
    with pytest.raises(UncertaintyError, match="at least 1"):
        find_boxes(x, failed, params=params, max_dims=0)
    with pytest.raises(UncertaintyError, match="max_boxes"):
        find_boxes(x, failed, params=params, max_boxes=1.5)
    with pytest.raises(UncertaintyError, match="min_gain"):
        find_boxes(x, failed, params=params, min_gain=1.5)
    with pytest.raises(UncertaintyError, match="screen"):
        find_boxes(x, failed, params=params, screen=0)
    with pytest.raises(UncertaintyError, match="NaN or infinite"):
        find_boxes(
            {**x, "capacity": np.where(failed, np.nan, x["capacity"])}, failed, params=params
        )
    with pytest.raises(UncertaintyError, match="no columns"):
        find_boxes({}, np.zeros(0, dtype=bool), params=params)
    with pytest.raises(TypeError, match="peel_alpha"):
        find_boxes(x, failed, params=params, peel_alpha=0.05)  # PRIM's settings are gone
    baseline = load_scenario("baseline")
    with pytest.raises(UncertaintyError, match="unknown indicator"):
        discover(baseline, indicator="nope", samples=50)
    with pytest.raises(UncertaintyError, match="allowed: better_than_2023, better_than_no_reserve"):
        discover(baseline, indicator="persons_in_poverty", criterion="target", samples=50)
    both = simulate(baseline, samples=2, detail="indicators").expand_dims(scenario=["a", "b"])
    with pytest.raises(UncertaintyError, match="one scenario"):
        discover_in(both, indicator="poverty_literacy_projects")
    with pytest.raises(UncertaintyError, match="more than one sample"):
        discover_in(simulate(baseline, detail="indicators"), indicator="poverty_literacy_projects")
    assert load_parameters()  # the model's parameter set is untouched


def test_every_variable_has_units_and_a_name(poverty_boxes):
    for name, var in poverty_boxes.variables.items():
        assert var.attrs.get("units"), name
    for name, var in poverty_boxes.data_vars.items():
        assert var.attrs.get("long_name"), name
    for key in (
        "toolkit_version",
        "created",
        "method",
        "samples",
        "failures",
        "status",
        "indicator",
        "seed",
        "min_gain",
        "mass_min",
        "balanced",
        "coverage_total",
    ):
        assert key in poverty_boxes.attrs, key
    assert (
        "CART" in poverty_boxes.attrs["method"] and "scikit-learn" in poverty_boxes.attrs["method"]
    )


def test_no_gpl_prim_package():
    """The PRIM package (GPL-3.0) is not used: the boxes come from scikit-learn (BSD-3)."""
    source = inspect.getsource(discovery)
    assert not re.search(
        r"^\s*(import prim|from prim)\b", source, flags=re.MULTILINE | re.IGNORECASE
    )
    assert "from sklearn.tree import DecisionTreeClassifier" in source
