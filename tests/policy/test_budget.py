"""The reserve ledger: no euro appears or vanishes, release follows the council
decision, the 350 k€ commitment is honoured, capacity delays but does not destroy."""

from dataclasses import replace
from datetime import date

import numpy as np
import pandas as pd
import pytest

from model import (
    LEDGER_LINES,
    RESERVE_TOTAL,
    ParameterSet,
    load_parameters,
    parse_scenario,
    simulate,
)
from model.common.dates import decimal_year
from model.engine import TimeAxis
from model.policy.budget import BUDGET_YEARS


def line_alone(baseline, line):
    """The whole reserve on one line: line 2.3 keeps only the 350 k€ already committed in
    2024 (§9.2, paid in 2024), everything else (26,650 k€) goes to ``line``."""
    in_2024 = {2024: 1.0, 2025: 0.0, 2026: 0.0, 2027: 0.0}
    sc = baseline.with_levers(phasing={**baseline.phasing, "2.3": in_2024})
    return sc.with_allocation(
        {x: 0.0 for x in baseline.allocation} | {"2.3": 350.0, line: 26_650.0}
    )


def plan_run(*args, **kwargs):
    """The plan variant of a run (the ledger tests look at the scenario itself)."""
    return simulate(*args, **kwargs).sel(variant="plan")


@pytest.fixture(scope="module")
def ensemble(baseline):
    return plan_run(baseline, samples=200, seed=3)


def test_spent_plus_remaining_is_the_reserve_every_year(ensemble):
    cumulative = ensemble["reserve_spent"].cumsum("budget_year")
    np.testing.assert_allclose(
        (cumulative + ensemble["reserve_remaining"]).values, RESERVE_TOTAL, atol=1e-6
    )


def test_remaining_matches_the_stocks_at_the_next_year_start(ensemble):
    """Computed from flows and from stocks independently: a leak in either shows here."""
    held = (
        ensemble["reserve_unallocated"]
        + ensemble["reserve_unreleased"].sum("line")
        + ensemble["reserve_available"].sum("line")
    )
    for year in range(2024, 2030):
        at_next_start = held.sel(time=f"{year + 1}-01-01")
        np.testing.assert_allclose(
            ensemble["reserve_remaining"].sel(budget_year=year).values,
            at_next_start.values,
            atol=1e-6,
        )
    total = held + ensemble["reserve_spent_total"].sum("line")
    np.testing.assert_allclose(total.values, RESERVE_TOTAL, atol=1e-6)  # every month, every sample


def test_stocks_never_go_negative(ensemble):
    for name in (
        "reserve_unallocated",
        "reserve_unreleased",
        "reserve_available",
        "reserve_spent_total",
    ):
        assert float(ensemble[name].min()) >= 0.0, name


def test_whole_allocation_is_released_by_2027_following_the_phasing(baseline, baseline_run):
    ds = baseline_run.sel(variant="plan")
    released = ds["reserve_released"].isel(sample=0)
    assert float(released.sel(budget_year=slice(2024, 2027)).sum()) == pytest.approx(27_000)
    expected_2025 = sum(
        baseline.allocation[x] * baseline.phasing[x][2025] for x in baseline.allocation
    )
    assert float(released.sel(budget_year=2025)) == pytest.approx(expected_2025)
    assert float(released.sel(budget_year=2028)) == 0.0


def test_no_release_before_the_council_decision(baseline):
    for decision in (date(2024, 6, 28), date(2025, 3, 1)):
        ds = plan_run(baseline.with_levers(decision_date=decision))
        release = ds["reserve_release"].isel(sample=0).sum("line")
        before = release.sel(time=slice(None, np.datetime64(decision) - np.timedelta64(1, "D")))
        assert float(before.sum()) == 0.0
        assert float(release.sum()) > 0.0


def test_the_ledger_and_the_levers_read_a_date_the_same_way(baseline):
    """One conversion of a date to a decimal year (model.common.dates), the inverse of the
    engine's time axis: the decision date means the same moment to the ledger's release and
    to the Jeugdfonds lever."""
    for day in (date(2024, 6, 28), date(2024, 7, 1), date(2024, 2, 29), date(2025, 3, 15)):
        sc = baseline.with_levers(decision_date=day, jeugdfonds_share_130=1.0)
        release_at = sc.reserve_plan().params()["plan_release_at"].ravel()
        lever_from = sc.lever_params()["lever_jeugdfonds_from"]
        assert release_at[BUDGET_YEARS.index(day.year)] == lever_from == decimal_year(day)
    assert decimal_year(date(2024, 6, 28)) == pytest.approx(2024 + 5 / 12 + 27 / (30 * 12))
    axis = TimeAxis("2024-01", "2025-12", step_months=0.5)
    times = pd.to_datetime(axis.datetimes).to_pydatetime()
    np.testing.assert_allclose([decimal_year(t) for t in times], axis.years, rtol=0, atol=1e-9)


def test_release_in_the_first_month_from_the_decision(baseline):
    """A decision on 28 June releases the money in July's step (nothing in June)."""
    ds = plan_run(baseline.with_levers(decision_date=date(2024, 6, 28)))
    release = ds["reserve_release"].isel(sample=0).sum("line")
    assert float(release.sel(time="2024-06-01")) == 0.0
    assert float(release.sel(time="2024-07-01")) > 0.0


def test_committed_350_is_paid_in_2024_whatever_the_decision(baseline):
    late = baseline.with_levers(decision_date=date(2025, 1, 1))
    ds = plan_run(late)
    spent_23 = ds["reserve_spent_by_line"].isel(sample=0).sel(line="2.3", budget_year=2024)
    assert float(spent_23) == pytest.approx(350.0)
    assert float(ds["reserve_spent"].isel(sample=0).sel(budget_year=2024)) == pytest.approx(350.0)


def test_zero_capacity_spends_only_the_commitments(baseline):
    """Extreme condition: nobody to do the work. Only the 350 already committed is paid."""
    params = load_parameters()
    extreme = ParameterSet(
        {
            **params,
            "execution_capacity": replace(
                params["execution_capacity"], value=0.0, low=None, high=None
            ),
        }
    )
    ds = plan_run(baseline, parameters=extreme)
    assert float(ds["reserve_spent"].isel(sample=0).sum()) == pytest.approx(350.0)
    assert float(ds["reserve_remaining"].isel(sample=0, budget_year=-1)) == pytest.approx(26_650.0)
    assert float(ds["reserve_available"].isel(sample=0, time=-1).sum()) == pytest.approx(26_650.0)


def test_execution_capacity_limits_spending_and_money_stays_in_the_reserve(baseline):
    low = plan_run(parse_scenario("[assumptions]\nexecution_capacity = 5000\n", source="low.toml"))
    spent = low["reserve_spent"].isel(sample=0)
    # at most the capacity per year, plus the commitment paid outside it in 2024
    assert float(spent.sel(budget_year=2024)) <= 5000 * 0.5 + 350 + 1e-6
    for year in (2025, 2026, 2027):
        assert float(spent.sel(budget_year=year)) <= 5000 + 1e-6
    leftover = float(low["reserve_remaining"].isel(sample=0).sel(budget_year=2027))
    assert leftover > 5000  # not spent by 2027 ...
    assert float(spent.sum()) + float(
        low["reserve_remaining"].isel(sample=0, budget_year=-1)
    ) == pytest.approx(27_000)
    # ... and, without a carry-over decision, not spent after 2027: it stays in the reserve
    assert float(spent.sel(budget_year=slice(2028, 2030)).sum()) == 0.0
    assert float(low["reserve_remaining"].isel(sample=0).sel(budget_year=2030)) == pytest.approx(
        leftover, rel=1e-9
    )
    # with carry-over it is spent later, not lost; what is left at the end of 2030 is
    # Jeugdfonds money waiting for applications, still in the reserve
    carried = plan_run(
        parse_scenario(
            "[levers]\ncarry_over = true\n[assumptions]\nexecution_capacity = 5000\n",
            source="low_carried.toml",
        )
    )
    spent_c = carried["reserve_spent"].isel(sample=0)
    remaining_2030 = float(carried["reserve_remaining"].isel(sample=0).sel(budget_year=2030))
    assert float(spent_c.sel(budget_year=slice(2028, 2030)).sum()) + remaining_2030 == (
        pytest.approx(leftover, rel=1e-9)
    )
    held = float(carried["jeugdfonds_reserve_account"].isel(sample=0, time=-1))
    available = float(carried["reserve_available"].isel(sample=0, time=-1).sum())
    assert available == pytest.approx(held, abs=1.0)
    assert remaining_2030 <= held + 1e-6


def test_jeugdfonds_money_above_demand_stays_in_the_reserve(baseline):
    """A fault the ledger must not make: with all 27,000 k€ on line 2.1.a the Jeugdfonds'
    share is far above what the applications absorb; that money is not booked as spent."""
    ds = plan_run(line_alone(baseline, "2.1.a"))
    s0 = ds.isel(sample=0)
    held = s0["jeugdfonds_reserve_account"]
    assert float(held.max()) > 200.0
    # the Jeugdfonds' part and the other activities' part make up line 2.1.a's available
    # reserve, and the reserve adds up
    parts = held + s0["poverty_other_reserve_account"]
    assert float(abs(s0["reserve_available"].sel(line="2.1.a") - parts).max()) < 1e-6
    total = (
        s0["reserve_unallocated"]
        + s0["reserve_unreleased"].sum("line")
        + s0["reserve_available"].sum("line")
        + s0["reserve_spent_total"].sum("line")
    )
    assert float(abs(total - 27_000).max()) < 1e-6
    # the reserve never pays the Jeugdfonds more than its applications absorb
    reserve_part = s0["spending_2_1_a_jeugdfonds"]
    assert float((reserve_part - s0["jeugdfonds_reserve_absorbable"]).max()) <= 1e-6
    # children reached follow demand (their 2023 start is 0.3 % above the 2023 demand)
    over = (s0["jeugdfonds_children"] - s0["jeugdfonds_demand"]).sel(time=slice("2025", None))
    assert float(over.max()) <= 1e-6


def test_unallocated_money_stays_in_the_reserve(baseline):
    sc = baseline.with_allocation({"2.2": 8000})
    ds = plan_run(sc)
    assert sc.unallocated == 7000
    # plus the tail of Jeugdfonds money still waiting for applications (line 2.1.a)
    held = float(ds["jeugdfonds_reserve_account"].isel(sample=0, time=-1))
    assert held < 5.0
    assert float(ds["reserve_remaining"].isel(sample=0, budget_year=-1)) == pytest.approx(
        7000 + held, abs=0.1
    )
    assert float(ds["reserve_unallocated"].isel(sample=0, time=-1)) == pytest.approx(7000)


def test_neighbourhood_share_splits_line_2_2(baseline):
    ds = plan_run(baseline.with_levers(neighbourhood_share=0.8))
    by_line = ds["reserve_spent_by_line"].isel(sample=0).sum("budget_year")
    assert float(by_line.sel(line="2.2.neighbourhoods")) == pytest.approx(12_000)
    assert float(by_line.sel(line="2.2.villages")) == pytest.approx(3_000)
    assert list(ds["line"].values) == list(LEDGER_LINES)


def test_cofinancing_in_the_ledger_is_what_the_goal_modules_declare(baseline):
    # Euler: the ledger's flows against the recorded auxiliaries they are computed from, which
    # Euler records at the same moment (RK4, the default, integrates their step averages)
    ds = plan_run(baseline, samples=4, seed=2, method="euler")
    dt = ds.attrs["dt_years"]
    by_source = ds["cofinancing_by_source"].sum("budget_year")
    for source in ds["cofinancing_source"].values:
        name = f"cofinancing_{source}"
        declared = (
            ds[name].sum("time") * dt
            if name in ds
            else 0.0 * by_source.sel(cofinancing_source=source)
        )
        np.testing.assert_allclose(
            by_source.sel(cofinancing_source=source).values,
            np.asarray(declared),
            rtol=1e-9,
            atol=1e-9,
        )
    np.testing.assert_allclose(
        ds["cofinancing_received"].values,
        ds["cofinancing_by_source"].sum("cofinancing_source").values,
    )


def test_structural_funds_are_fixed_inputs(baseline_run):
    ds = baseline_run.sel(variant="plan")
    funds = ds["structural_spent"].isel(sample=0)
    assert float(
        funds.sel(
            structural_fund="social_basic_infrastructure", budget_year=slice(2024, 2027)
        ).sum()
    ) == pytest.approx(37_000)
    assert float(
        funds.sel(structural_fund="sport_platforms", budget_year=slice(2024, 2027)).sum()
    ) == pytest.approx(10_000)
    np.testing.assert_allclose(
        funds.sel(structural_fund="sport_platforms", budget_year=slice(2024, 2027)).values, 2500
    )


def test_no_reserve_variant_spends_nothing_and_keeps_the_structural_funds(baseline):
    ds = simulate(baseline, samples=3, seed=1).sel(variant="no_reserve")
    assert float(abs(ds["reserve_spent"]).max()) == 0.0
    np.testing.assert_allclose(ds["reserve_remaining"].values, RESERVE_TOTAL)
    plan = simulate(baseline, samples=3, seed=1).sel(variant="plan")
    np.testing.assert_allclose(ds["structural_spent"].values, plan["structural_spent"].values)
