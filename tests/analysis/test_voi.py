"""Value of information: the estimators against closed forms, and applied to the model.

The analytic case: two options, ``NB_1 = 0`` and ``NB_2 = a theta_1 + b theta_2`` with
independent normal thetas. For ``X ~ N(mu, s^2)``, ``E[max(0, X)] = mu Phi(mu/s) + s phi(mu/s)``:

* EVPI = E[max(0, NB_2)] - max(0, E NB_2) with ``s^2 = a^2 s_1^2 + b^2 s_2^2``;
* EVPPI(theta_1): ``E[NB_2 | theta_1] = a theta_1 + b mu_2`` is normal with ``s = a s_1``.
"""

from __future__ import annotations

import numpy as np
import pytest
from scipy.stats import norm

from model.analysis.information import (
    VOI_GROUPS,
    VOI_TIME,
    objective_values,
    value_of_information,
    voi_groups,
)
from model.analysis.sets import default_parameters
from model.analysis.uncertainty import UncertaintyError, draw, success
from model.analysis.voi import VoiError, evpi, evppi, strongest_inputs
from model.policy.indicators import INDICATORS
from model.policy.parameters import load_parameters
from model.policy.scenarios import load_scenario
from model.run.simulation import simulate

A, B = 1.0, 0.7
MU1, S1, MU2, S2 = 0.2, 1.0, 0.1, 1.5


def expected_positive_part(mu: float, s: float) -> float:
    """E[max(0, X)] for X ~ N(mu, s^2)."""
    return mu * norm.cdf(mu / s) + s * norm.pdf(mu / s)


MU = A * MU1 + B * MU2
TRUE_EVPI = expected_positive_part(MU, np.hypot(A * S1, B * S2)) - max(0.0, MU)
TRUE_EVPPI_1 = expected_positive_part(MU, A * S1) - max(0.0, MU)


def analytic_case(seed: int, n: int = 1000, noise_inputs: int = 0):
    """Net benefit (n, 2), theta_1, theta_2 and ``noise_inputs`` inputs without effect."""
    rng = np.random.default_rng(seed)
    t1, t2 = rng.normal(MU1, S1, n), rng.normal(MU2, S2, n)
    nb = np.column_stack([np.zeros(n), A * t1 + B * t2])
    return nb, t1, t2, rng.normal(size=(n, noise_inputs))


# --------------------------------------------------------------------------- estimators


def test_evpi_matches_the_closed_form_within_its_error():
    nb, *_ = analytic_case(0, n=20_000)
    est = evpi(nb)
    assert est.method == "monte_carlo"
    assert abs(est.value - TRUE_EVPI) <= 3 * est.error
    assert est.error < 0.03 * TRUE_EVPI  # an error so wide that any value passes fails here


def test_evppi_of_one_input_matches_the_closed_form_within_its_stated_error():
    """Over 20 independent samples the estimate lies within 2 stated standard errors of
    the exact value in at least 80 % of them (95 % expected), within 4 in all, and the
    stated error matches the estimates' actual spread."""
    estimates = [evppi(analytic_case(seed)[0], analytic_case(seed)[1]) for seed in range(20)]
    values = np.array([e.value for e in estimates])
    errors = np.array([e.error for e in estimates])
    z = (values - TRUE_EVPPI_1) / errors
    assert {e.method for e in estimates} == {"gam"}
    assert np.mean(np.abs(z) <= 2) >= 0.8
    assert np.all(np.abs(z) <= 4)
    assert 0.6 < values.std(ddof=1) / errors.mean() < 1.6
    assert errors.mean() < 0.15 * TRUE_EVPPI_1


@pytest.mark.parametrize("method", ["gam", "gp"])
def test_evppi_of_a_large_group_matches_the_closed_form(method):
    """theta_1 with five inputs that do not matter: the GAM screens the interactions, the
    GP gives the five long length scales; both find EVPPI(theta_1)."""
    for seed in (3, 4):
        nb, t1, _, noise = analytic_case(seed, noise_inputs=5)
        est = evppi(nb, np.column_stack([t1, noise]), method=method, seed=seed)
        assert est.method == method
        assert abs(est.value - TRUE_EVPPI_1) <= 3 * est.error, (seed, est)


def test_a_group_without_effect_is_worth_about_nothing():
    for seed in range(5):
        nb, _, _, noise = analytic_case(seed, noise_inputs=3)
        est = evppi(nb, noise)
        assert est.value <= max(2 * est.error, 0.02 * TRUE_EVPI), (seed, est)
    # the hard case: options equal on average, so overfitted noise would show as value
    rng = np.random.default_rng(9)
    nb = np.column_stack([np.zeros(1000), rng.normal(0.0, 1.0, 1000)])
    est = evppi(nb, rng.normal(size=(1000, 2)))
    assert est.value < 0.1 * evpi(nb).value


def test_evppi_lies_between_0_and_evpi():
    nb, t1, t2, _ = analytic_case(1)
    whole = evpi(nb).value
    both = evppi(nb, np.column_stack([t1, t2]))
    assert 0.0 <= both.value <= whole
    assert abs(both.value - whole) < 0.02 * whole  # knowing everything is worth the EVPI
    assert 0.0 <= evppi(nb, t1).value <= evppi(nb, np.column_stack([t1, t2])).value


def test_three_options_and_the_reference_option():
    """NB = (0, theta_1, theta_2 - 0.2): knowing theta_1 is worth E[max(0, theta_1)] for
    standard normal theta_1 (option 3 is never best given theta_1 alone), whichever option
    the increments are taken against."""
    rng = np.random.default_rng(5)
    t1, t2 = rng.normal(size=2000), rng.normal(size=2000)
    nb = np.column_stack([np.zeros(2000), t1, t2 - 0.2])
    truth = norm.pdf(0.0)
    for reference in (0, 1, 2):
        est = evppi(nb, t1, reference=reference)
        assert abs(est.value - truth) <= 3 * est.error, (reference, est)


def test_one_option_or_inputs_that_never_vary_are_worth_exactly_nothing():
    nb, t1, *_ = analytic_case(0)
    assert evpi(nb[:, :1]).value == 0.0
    assert evppi(nb[:, :1], t1).value == 0.0
    assert evppi(nb, np.full(len(nb), 3.0)) == type(evppi(nb, np.full(len(nb), 3.0)))(
        0.0, 0.0, "none"
    )


def test_strongest_inputs_ranks_by_main_effect():
    rng = np.random.default_rng(0)
    x = rng.normal(size=(500, 6))
    y = (2.0 * x[:, 4] + np.sin(2 * x[:, 0]) + 0.1 * rng.normal(size=500))[:, None]
    assert strongest_inputs(x, y, 2).tolist() == [4, 0]


@pytest.mark.parametrize(
    ("call", "field"),
    [
        (lambda nb, t: evppi(nb, t[:-1]), "inputs"),
        (lambda nb, t: evppi(np.where(nb > 1, np.nan, nb), t), "net_benefit"),
        (lambda nb, t: evppi(nb, t, method="loess"), "method"),
        (lambda nb, t: evppi(nb, t, reference=2), "reference"),
        (lambda nb, t: evppi(nb, t, error_draws=1), "error_draws"),
        (
            lambda nb, t: evppi(nb, np.random.default_rng(0).normal(size=(50, 16)), method="gp"),
            "method",
        ),
        (lambda nb, t: evpi(nb[:1]), "net_benefit"),
    ],
)
def test_bad_input_names_the_argument(call, field):
    nb, t1, *_ = analytic_case(0, n=50)
    with pytest.raises(VoiError) as err:
        call(nb, t1)
    assert err.value.field == field
    assert field in str(err.value) and "allowed" in str(err.value)


# --------------------------------------------------------------------------- the model


def test_every_uncertain_parameter_is_in_exactly_one_voi_group():
    params = load_parameters()
    groups = voi_groups(params)
    members = [n for names in groups.values() for n in names]
    assert sorted(members) == sorted(params.uncertain)
    assert len(members) == len(set(members))
    # the groups the council asks about, each made from the parameters' own groups
    for gid in ("gbt_national", "cofinancing", "unit_costs", "effects", "execution", "trends"):
        assert groups[gid], gid
    assert set(groups["gbt_national"]) == {"gbt_national_contribution", "gbt_national_from"}
    assert all(params[n].group == "unit_costs" for n in groups["unit_costs"])
    assert all(params[n].group in VOI_GROUPS["execution"] for n in groups["execution"])


def test_objectives_read_the_outputs_at_the_end_of_2027():
    ds = simulate(load_scenario("baseline"), samples=6, seed=2, detail="indicators")
    attainment = objective_values(ds, "attainment")
    targets = objective_values(ds, "targets")
    outputs = [i for i, ind in INDICATORS.items() if ind.level == "output" and ind.target]
    end = ds.sel(time=np.datetime64("2028-01-01"), variant="plan")
    by_hand = np.mean(
        [
            np.minimum(end[i].values.reshape(6, -1).mean(axis=1) / INDICATORS[i].target, 1.0)
            for i in outputs
        ],
        axis=0,
    )
    np.testing.assert_allclose(attainment.values, 100 * by_hand, rtol=1e-12)
    met = sum(success(ds, i).values.astype(int) for i in outputs)
    np.testing.assert_array_equal(targets.values, met)
    assert attainment.attrs["units"] == "%" and targets.attrs["units"] == "targets"


def test_outcome_gains_need_the_run_without_the_reserve():
    ds = simulate(load_scenario("baseline"), samples=4, seed=2, detail="indicators")
    gain = objective_values(ds, "outcomes")
    assert gain.dims == ("sample",) and gain.attrs["units"] == "%"
    assert np.all(np.isfinite(gain.values))
    with pytest.raises(UncertaintyError) as err:
        objective_values(ds.sel(variant=["plan"]), "outcomes")
    assert err.value.field == "ds"


def test_effect_sizes_decide_the_outcome_gains():
    """Between the baseline and armoede_eerst, judged by the outcome gains in 2030, what
    knowing the effect sizes is worth stands out (measured at 1,000 samples: 0.0022 of an
    EVPI of 0.0038 points); knowing the autonomous trends is worth less (measured: 0), as
    a gain against the same world without the reserve leaves little of a trend."""
    scenarios = [load_scenario("baseline"), load_scenario("armoede_eerst")]
    common = {"samples": 200, "seed": 4, "groups": ["effects", "trends"]}
    outcomes = value_of_information(scenarios, objective="outcomes", **common)
    assert outcomes.attrs["objective"] == "outcomes" and outcomes["evpi"].attrs["units"]
    effects = outcomes.sel(group="effects")
    assert float(effects["evppi"]) > 2 * float(effects["evppi_error"])
    assert float(effects["evppi"]) > float(outcomes["evppi"].sel(group="trends"))


@pytest.fixture(scope="module")
def two_options():
    scenarios = [load_scenario("baseline"), load_scenario("armoede_eerst")]
    return value_of_information(scenarios, samples=300, seed=3)


def test_value_of_information_dataset(two_options):
    ds = two_options
    assert [str(d) for d in ds["decision"].values] == ["baseline", "armoede_eerst"]
    assert list(ds["group"].values) == list(voi_groups(load_parameters()))
    assert ds["net_benefit"].dims == ("decision", "sample") and ds.sizes["sample"] == 300
    np.testing.assert_allclose(
        ds["expected_net_benefit"].values, ds["net_benefit"].mean("sample").values
    )
    assert float(ds["p_best"].sum()) == pytest.approx(1.0)
    assert float(ds["evpi"]) == pytest.approx(evpi(ds["net_benefit"].values.T).value)
    assert np.all((ds["evppi"].values >= 0) & (ds["evppi"].values <= float(ds["evpi"])))
    assert ds["evppi"].attrs["units"] == "percentage points"
    for key in ("estimator", "samples", "seed", "objective", "best_decision", "parameter_set"):
        assert key in ds.attrs
    assert ds.attrs["samples"] == 300 and ds.attrs["seed"] == 3
    # common random numbers: sample k of each option is the run on the same draw
    run = simulate(
        load_scenario("armoede_eerst"),
        samples=300,
        seed=3,
        parameters=default_parameters(),
        drawn=draw(samples=300, seed=3),
        detail="indicators",
        time=VOI_TIME,
    )
    np.testing.assert_allclose(
        ds["net_benefit"].sel(decision="armoede_eerst").values,
        objective_values(run).values,
        rtol=1e-12,
    )


def test_what_decides_between_baseline_and_poverty_first(two_options):
    """Execution capacity decides between the baseline and armoede_eerst (measured at
    1,000 samples: 0.15 of an EVPI of 0.41 points); autonomous trends act on outcomes
    only, never on the outputs the attainment counts, so knowing them changes nothing."""
    ev = two_options["evppi"]
    err = two_options["evppi_error"]
    assert float(ev.sel(group="execution")) > 2 * float(err.sel(group="execution"))
    assert float(ev.sel(group="trends")) == pytest.approx(0.0, abs=1e-9)
    assert int(two_options["negligible"].sel(group="trends")) == 1
    assert int(two_options["negligible"].sel(group="execution")) == 0


def test_the_gaussian_process_only_for_groups_it_is_trusted_with():
    scenarios = [load_scenario("baseline"), load_scenario("armoede_eerst")]
    ds = value_of_information(
        scenarios, samples=60, seed=1, method="gp", groups=["gbt_national", "delays"]
    )
    assert ds["estimator_method"].values.tolist() == ["gp", "gam"]  # delays: 43 inputs
    assert ds.attrs["method"] == "gp"


def test_the_same_seed_gives_the_same_numbers():
    scenarios = [load_scenario("baseline"), load_scenario("jeugd_eerst")]
    a = value_of_information(scenarios, samples=40, seed=5, groups=["execution"])
    b = value_of_information(scenarios, samples=40, seed=5, groups=["execution"])
    np.testing.assert_array_equal(a["net_benefit"].values, b["net_benefit"].values)
    assert float(a["evppi"][0]) == float(b["evppi"][0])


def test_one_scenario_is_worth_nothing_and_says_so():
    ds = value_of_information([load_scenario("baseline")], samples=20, seed=1, groups=["delays"])
    assert float(ds["evpi"]) == 0.0 and float(ds["evppi"].sel(group="delays")) == 0.0
    assert str(ds["estimator_method"].sel(group="delays").values) == "none"


def test_own_groups_and_the_targets_objective():
    scenarios = [load_scenario("baseline"), load_scenario("armoede_eerst")]
    ds = value_of_information(
        scenarios,
        samples=60,
        seed=2,
        objective="targets",
        groups={"capacity_2_1_a": ["execution_capacity_2_1_a", "execution_capacity"]},
    )
    assert list(ds["group"].values) == ["capacity_2_1_a"]
    assert ds["evpi"].attrs["units"] == "targets"
    assert np.all(ds["net_benefit"].values == np.round(ds["net_benefit"].values))


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"groups": ["rijksbijdrage"]}, "groups"),
        ({"groups": {"mine": ["no_such_parameter"]}}, "groups['mine']"),
        ({"objective": "happiness"}, "objective"),
        ({"samples": 1}, "samples"),
        ({"seed": -1}, "seed"),
        ({"method": "loess"}, "method"),
    ],
)
def test_bad_requests_name_the_field(kwargs, field):
    args = {"samples": 10, "seed": 1, **kwargs}
    with pytest.raises((UncertaintyError, VoiError)) as err:
        value_of_information([load_scenario("baseline")], **args)
    assert err.value.field == field


def test_options_must_share_their_assumptions():
    """geen_rijksbijdrage_gbt fixes the national contribution: a future, not a choice."""
    with pytest.raises(UncertaintyError) as err:
        value_of_information(
            [load_scenario("baseline"), load_scenario("geen_rijksbijdrage_gbt")],
            samples=10,
            seed=1,
        )
    assert err.value.field == "scenarios"
    assert "gbt_national_contribution" in err.value.message("nl")
    assert "toekomst" in err.value.message("nl")
