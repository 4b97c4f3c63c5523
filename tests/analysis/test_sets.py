"""Parameter sets: the calibrated set 'public' is what every ensemble draws from by default,
its informed parameters from the posterior itself (the joint draws kept in git), the
others from their priors; the priors are one name away; results say which set they drew
from; the deterministic run stays on the priors.

Small ensembles (a few hundred samples, a 2025 horizon where the question allows it):
every test runs in a few seconds.
"""

from __future__ import annotations

import shutil
import warnings

import numpy as np
import pytest

from model import load_scenario, simulate
from model.analysis import sets as S
from model.analysis.calibration import CalibrationError, CalibrationWarning
from model.analysis.discovery import discover
from model.analysis.sensitivity import sobol
from model.analysis.uncertainty import compare, draw, ensemble
from model.engine import TimeAxis
from model.policy.parameters import ParameterError, load_parameters

SHORT = TimeAxis(end="2028-01")
"""To the end of 2027: what the probabilities of the doelenboom read."""


@pytest.fixture(scope="module")
def public():
    return S.default_parameters()


@pytest.fixture(scope="module")
def draws(public):
    """The shipped joint posterior draws, one row per draw."""
    names = list(public.joint)
    return names, np.column_stack([public.joint[k] for k in names])


def test_the_default_is_the_calibrated_public_set_with_its_posterior(public):
    priors = load_parameters()
    assert public.label == "public" and S.parameter_set().label == "public"
    calibrated = [k for k in public if public[k].calibrated]
    # the four public series inform at least the loneliness, Jeugdfonds, movement and
    # child-poverty trends; every calibrated parameter is drawn from the joint draws
    assert {
        "loneliness_trend",
        "jeugdfonds_awareness_growth_rate",
        "movement_guideline_trend",
        "persons_in_poverty_trend",
    } <= set(calibrated)
    assert set(public.joint) == set(calibrated)
    for k in calibrated:
        p, prior = public[k], priors[k]
        assert p.calibrated == "public" and p.prior_range == (prior.low, prior.high)
        assert prior.low <= p.low < p.value < p.high <= prior.high, k
        values = public.joint[k]
        assert len(values) == 1000 and prior.low <= values.min() and values.max() <= prior.high
        # the median of the draws is the set's value (the posterior median), up to resampling
        assert abs(np.median(values) - p.value) < 0.1 * (prior.high - prior.low), k
    for k in public:  # everything else is the prior itself
        if k not in calibrated:
            assert public[k] == priors[k], k


def test_the_calibrated_set_is_described_in_dutch_and_english(public):
    nl, en = S.describe_set(public, "nl"), S.describe_set(public, "en")
    assert "gekalibreerde parameterset 'public'" in nl and "posterior" in nl and "priors" in nl
    assert "calibrated parameter set 'public'" in en and "joint draws from the posterior" in en
    assert S.describe_set(S.parameter_set("priors"), "nl").startswith("Onzekerheid uit de priors")
    p = public["loneliness_trend"]
    assert p.source.startswith("Calibrated set 'public'") and "Prior: 0.5" in p.source
    assert p.source_in("nl").startswith("Gekalibreerde set 'public'")
    assert "Prior: 0,5 (bandbreedte -0,5 tot 1,5" in p.source_in("nl")
    assert p.kind == "source"  # calibrated to data, whatever the prior's origin was
    assert public["jeugdfonds_awareness_growth_rate"].kind == "source"


def test_ensembles_draw_the_calibrated_parameters_jointly_from_the_posterior(public, draws):
    names, table = draws
    ds = ensemble(load_scenario("baseline"), samples=300, seed=2, time=SHORT)
    assert ds.attrs["parameter_set"] == "public" and ds.attrs["parameter_hash"] == public.digest()
    drawn = np.column_stack([ds[f"param_{k}"].values for k in names])
    # every sample's calibrated values are one row of the posterior draws (kept together,
    # so their correlation is the posterior's) ...
    rows = {tuple(np.round(r, 12)) for r in table}
    assert all(tuple(np.round(r, 12)) in rows for r in drawn)
    # ... spread over the table as the posterior is (stratified picks): the same quantiles
    priors = load_parameters()
    for j, k in enumerate(names):
        width = priors[k].high - priors[k].low
        np.testing.assert_allclose(
            np.quantile(drawn[:, j], [0.1, 0.5, 0.9]),
            np.quantile(table[:, j], [0.1, 0.5, 0.9]),
            atol=0.05 * width,
            err_msg=k,
        )
    a, b = (
        names.index("jeugdfonds_awareness_growth_rate"),
        names.index("jeugdfonds_take_up_if_aware"),
    )
    posterior = np.corrcoef(table[:, a], table[:, b])[0, 1]
    sampled = np.corrcoef(drawn[:, a], drawn[:, b])[0, 1]
    assert abs(posterior) > 0.15 and abs(sampled - posterior) < 0.15
    # an uncalibrated parameter is drawn from its prior range as before
    cost = ds["param_execution_capacity"].values
    prior = load_parameters()["execution_capacity"]
    assert prior.low <= cost.min() < cost.max() <= prior.high


def test_the_priors_are_one_name_away_and_results_say_which_set(public):
    sc = load_scenario("baseline")
    priors = S.parameter_set("priors")
    assert priors.label == "priors" and not priors.joint
    ds = ensemble(sc, samples=50, seed=1, parameters=priors, time=SHORT)
    assert ds.attrs["parameter_set"] == "priors"
    trend = ds["param_loneliness_trend"].values
    assert trend.min() < -0.3 and trend.max() > 1.4  # the prior's range, -0.5 to 1.5
    both = compare([sc, load_scenario("armoede_eerst")], samples=20, seed=1, time=SHORT)
    assert both.attrs["parameter_set"] == "public"
    si = sobol(sc, n=64, seed=1, indicator="loneliness_share", vary=["loneliness_trend"], year=2024)
    assert si.attrs["parameter_set"] == "public"
    boxes = discover(sc, indicator="jeugdfonds_children", samples=200, seed=1)
    assert boxes.attrs["parameter_set"] == "public"
    # the same draw for the same seed: the default set's draw is what draw() gives
    first = draw(samples=20, seed=4)
    again = public.sample(20, seed=4)
    assert all(np.array_equal(first[k], again[k]) for k in public)


def test_the_deterministic_run_and_the_golden_file_stay_on_the_priors():
    ds = simulate(load_scenario("baseline"), detail="indicators", time=SHORT)
    assert ds.attrs["parameter_set"] == "priors"
    assert float(ds["param_movement_guideline_trend"].values[0]) == 0.0  # the prior default
    # one sample of the default set is its own values: the posterior medians
    one = simulate(load_scenario("baseline"), parameters=S.default_parameters(), time=SHORT)
    assert float(one["param_movement_guideline_trend"].values[0]) == pytest.approx(
        S.default_parameters()["movement_guideline_trend"].value
    )


def test_a_scenario_may_fix_a_calibrated_parameter_anywhere_in_its_prior(public):
    p = public["loneliness_trend"]
    assert p.fixed_at(-0.4).value == -0.4  # outside the posterior's 5-95 %, inside the prior
    with pytest.raises(ParameterError, match=r"loneliness_trend"):
        p.fixed_at(2.0)  # outside the prior
    fixed = public.with_overrides({"loneliness_trend": 1.4})
    assert "loneliness_trend" not in fixed.joint and "movement_guideline_trend" in fixed.joint
    assert fixed.sample(10, seed=0)["loneliness_trend"].tolist() == [1.4] * 10


def test_a_missing_default_set_falls_back_to_the_priors_and_says_so(tmp_path, monkeypatch):
    monkeypatch.setattr(S, "SETS_DIR", tmp_path)
    with pytest.warns(CalibrationWarning, match=r"'public' cannot be used .* use the priors"):
        params = S.default_parameters()
    assert params.label == "priors" and not params.joint


def test_changed_or_missing_draws_are_refused(tmp_path):
    for name in ("public.toml", "public.draws.csv"):
        shutil.copy(S.SETS_DIR / name, tmp_path / name)
    path = tmp_path / "public.draws.csv"
    text = path.read_text(encoding="utf-8")
    path.write_text(text + text.splitlines()[-1] + "\n", encoding="utf-8")  # one more draw
    with pytest.raises(
        CalibrationError, match=r"public\.draws\.csv: changed since the set was written"
    ):
        S.calibrated_parameters(tmp_path / "public.toml")
    path.unlink()
    with pytest.raises(CalibrationError, match=r"posterior draws cannot be read"):
        S.calibrated_parameters(tmp_path / "public.toml")
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # the shipped set is made from the current priors
        assert S.calibrated_parameters("public").label == "public"
