"""Physical expectations for the youth and poverty goals and the ledger (Sterman ch. 21,
extreme conditions): with the whole reserve on one line no output exceeds its pool,
more money never lowers an output at 2027 or 2030, and zero or very large
co-financing stays bounded. Extreme allocations go through the library
(``with_levers``/``with_allocation``), since scenario files refuse them."""

from dataclasses import replace

import numpy as np
import pytest

from model import ParameterSet, load_parameters, simulate
from model.policy.budget import RESERVE_TOTAL
from model.policy.indicators import END_OF_TARGET_YEAR

END_2027 = np.datetime64(END_OF_TARGET_YEAR)
END_2030 = np.datetime64("2030-12-01")
SAMPLES = 16


def line_alone(baseline, line, amount=26_650.0):
    """``amount`` on ``line``, the rest of the 26,650 k€ on line 2.2; line 2.3 keeps only the
    350 k€ already committed in 2024 (§9.2, paid in 2024)."""
    in_2024 = {2024: 1.0, 2025: 0.0, 2026: 0.0, 2027: 0.0}
    sc = baseline.with_levers(phasing={**baseline.phasing, "2.3": in_2024})
    allocation = {x: 0.0 for x in baseline.allocation} | {"2.3": 350.0, line: amount}
    if amount < 26_650.0:
        allocation["2.2"] = 26_650.0 - amount
    return sc.with_allocation(allocation)


def fixed(**values):
    """Parameters with some fixed outside their range (extreme conditions)."""
    params = load_parameters()
    return ParameterSet(
        {
            **params,
            **{k: replace(params[k], value=v, low=None, high=None) for k, v in values.items()},
        }
    )


def value(name):
    return load_parameters()[name].value


def years_since_2024(ds):
    return ds.time.dt.year + (ds.time.dt.month - 1) / 12.0 - 2024.0


@pytest.fixture(scope="module")
def youth_alone(baseline):
    return simulate(line_alone(baseline, "2.1.b"), samples=SAMPLES, seed=7).sel(variant="plan")


@pytest.fixture(scope="module")
def poverty_alone(baseline):
    return simulate(line_alone(baseline, "2.1.a"), samples=SAMPLES, seed=7).sel(variant="plan")


def test_whole_reserve_on_youth_stays_within_every_pool(youth_alone):
    ds = youth_alone
    p = load_parameters()
    municipalities = ds["keigezond_running"] + ds["keigezond_running_structural"]
    assert float(municipalities.max()) <= value("limburg_municipalities") + 1e-6
    assert float(ds["keigezond_children"].max()) <= value("overweight_children_limburg") + 1e-6
    assert float(ds["gbt_schools"].max()) <= value("gbt_school_locations") + 1e-6
    assert float(ds["handle_with_care_school_share"].max()) <= 100.0 + 1e-9
    # trajectories: never more than the eligible births since 2024 (upper end of each range)
    births = p["births_limburg"].high
    years = years_since_2024(ds) + 1.0 / 12.0
    for name, share in (
        ("stevig_ouderschap_trajectories", p["stevig_ouderschap_eligible_share"].high),
        ("voorzorg_nnz_trajectories", p["voorzorg_nnz_eligible_share"].high),
    ):
        assert float((ds[name] - births * share * years).max()) <= 1e-6, name
    # the money is not all spent: the line's execution capacity holds the rest in the reserve
    assert float(ds["reserve_available"].sel(line="2.1.b").sel(time=END_2027).min()) > 0.0


def test_whole_reserve_on_poverty_stays_within_the_eligible_children(poverty_alone):
    ds = poverty_alone
    # children reached follow demand and never exceed the eligible children
    assert float((ds["jeugdfonds_children"] - ds["jeugdfonds_eligible"]).max()) <= 0.0
    over = (ds["jeugdfonds_children"] - ds["jeugdfonds_demand"]).sel(time=slice("2025", None))
    assert float(over.max()) <= 1e-6
    # the money demand cannot absorb is held, not spent, and the reserve adds up
    total = (
        ds["reserve_unallocated"]
        + ds["reserve_unreleased"].sum("line")
        + ds["reserve_available"].sum("line")
        + ds["reserve_spent_total"].sum("line")
    )
    assert float(abs(total - RESERVE_TOTAL).max()) < 1e-6
    assert float(ds["jeugdfonds_reserve_account"].max()) > 0.0


@pytest.mark.parametrize(
    ("line", "outputs"),
    [
        (
            "2.1.b",
            (
                "gbt_schools",
                "keigezond_new_municipalities",
                "keigezond_children",
                "voorzorg_nnz_trajectories",
                "stevig_ouderschap_trajectories",
                "handle_with_care_school_share",
                "centering_ouderschap_bureaus",
            ),
        ),
        ("2.1.a", ("jeugdfonds_children", "poverty_literacy_projects", "neet_vsv_projects")),
    ],
)
def test_more_money_for_the_goal_never_lowers_its_outputs_at_2027_and_2030(baseline, line, outputs):
    # the shared capacity at its upper end: where it binds, line 2.1.a's activities are
    # rationed in proportion, and more project money on 2.1.a can cost the Jeugdfonds a few
    # children (measured: 6.5 of 12,850 at 2027 going from 4,000 to 8,000 k€)
    params = fixed(execution_capacity=load_parameters()["execution_capacity"].high)
    runs = [
        simulate(line_alone(baseline, line, amount), parameters=params, samples=8, seed=3).sel(
            variant="plan"
        )
        for amount in (2_000.0, 4_000.0, 8_000.0, 16_000.0, 26_650.0)
    ]
    for name in outputs:
        for when in (END_2027, END_2030):
            values = np.stack([r[name].sel(time=when).values for r in runs])
            steps = np.diff(values, axis=0)
            scale = max(1.0, float(np.abs(values).max()))
            assert float(steps.min()) >= -1e-6 * scale, f"{name} at {when}"


@pytest.mark.parametrize(
    "cofinancing",
    [
        {
            "keigezond_cofinancing_ratio": 0.0,
            "ks_cofinancing_ratio": 0.0,
            "gbt_national_contribution": 0.0,
        },
        {
            "keigezond_cofinancing_ratio": 20.0,
            "ks_cofinancing_ratio": 20.0,
            "gbt_national_contribution": 1.0,
        },
    ],
)
def test_zero_and_huge_cofinancing_stay_bounded(baseline, cofinancing):
    ds = simulate(line_alone(baseline, "2.1.b"), parameters=fixed(**cofinancing)).sel(
        variant="plan", sample=0
    )
    for name in (
        "gbt_schools",
        "keigezond_children",
        "voorzorg_nnz_trajectories",
        "stevig_ouderschap_trajectories",
    ):
        assert np.all(np.isfinite(ds[name].values)) and float(ds[name].min()) >= 0.0, name
    years = years_since_2024(ds) + 1.0 / 12.0
    births = value("births_limburg")
    assert (
        float(
            (
                ds["stevig_ouderschap_trajectories"]
                - births * value("stevig_ouderschap_eligible_share") * years
            ).max()
        )
        <= 1e-6
    )
    assert (
        float(
            (
                ds["voorzorg_nnz_trajectories"]
                - births * value("voorzorg_nnz_eligible_share") * years
            ).max()
        )
        <= 1e-6
    )
    municipalities = ds["keigezond_running"] + ds["keigezond_running_structural"]
    assert float(municipalities.max()) <= value("limburg_municipalities") + 1e-6
    assert float(ds["gbt_schools"].max()) <= value("gbt_school_locations") + 1e-6
