"""The doelenboom reading of a run: outcomes at 2027 and at the later horizon, and what the
trend alone gives (model.run.summary.indicator_summary)."""

from __future__ import annotations

import numpy as np
import pytest

from model.policy.indicators import END_OF_TARGET_YEAR, INDICATORS, START_OF_PERIOD
from model.run.summary import horizon_year, indicator_summary


@pytest.fixture(scope="module")
def table(baseline_run):
    return indicator_summary(baseline_run)


def test_the_trend_alone_is_read_from_the_run_without_the_reserve(baseline_run, table):
    ds = baseline_run
    for i in table[table["level"] == "outcome"].index:
        ind = INDICATORS[i]
        da = ds[i].mean("region") if "region" in ds[i].dims else ds[i]
        start = da.sel(variant="plan", time=np.datetime64(START_OF_PERIOD))
        none = da.sel(variant="no_reserve", time=np.datetime64(END_OF_TARGET_YEAR))
        expected = float(np.mean(ind.better(none.values, start.values)))
        assert table.at[i, "trend_better_than_2023"] == expected, i
    # outputs have no such reading
    outputs = table[table["level"] == "output"]
    assert outputs["trend_better_than_2023"].isna().all()
    assert outputs["plan_late"].isna().all()


def test_outcomes_are_read_again_at_the_horizon(baseline_run, table):
    ds = baseline_run
    assert horizon_year(ds) == 2030
    outcomes = table[table["level"] == "outcome"]
    for i in outcomes.index:
        da = ds[i].mean("region") if "region" in ds[i].dims else ds[i]
        last = da.isel(time=-1)
        assert table.at[i, "plan_late"] == pytest.approx(float(last.sel(variant="plan").median()))
        assert table.at[i, "no_reserve_late"] == pytest.approx(
            float(last.sel(variant="no_reserve").median())
        )
    assert outcomes["better_than_no_reserve_late"].between(0, 1).all()


def test_a_run_that_ends_in_2027_has_no_later_reading(baseline_run):
    ds = baseline_run.sel(time=slice(None, np.datetime64(END_OF_TARGET_YEAR)))
    assert horizon_year(ds) is None
    table = indicator_summary(ds)
    assert table["plan_late"].isna().all()


def test_outputs_that_follow_yearly_money_fall_after_2027_as_a_finding(baseline_run):
    from model.run.summary import cliffs

    found = cliffs(baseline_run)
    # the Jeugdfonds' reach follows the yearly money, which stops after 2027 (about a third)
    assert "jeugdfonds_children" in found.index
    assert 0.2 < found.at["jeugdfonds_children", "drop"] < 0.5
    assert not found.at["jeugdfonds_children", "points"]
    # an output in % (a change since 2023) falls in points, not as a share of itself
    row = found.loc["support_use_increase_pct"]
    assert row["points"] and row["drop"] == pytest.approx(row["end"] - row["after"])
    # running totals never fall, so they are never a cliff
    assert all(INDICATORS[i].measure != "cumulative" for i in found.index)


def test_late_spending_is_flagged_only_when_a_line_spends_late():
    import datetime as dt

    from model import load_scenario, simulate
    from model.run.summary import late_spending, time_reading

    base = load_scenario("baseline")
    assert late_spending(simulate(base, detail="indicators")).empty
    late = simulate(base.with_levers(decision_date=dt.date(2026, 6, 30)), detail="indicators")
    flagged = late_spending(late)
    assert "jeugdfonds_children" in flagged.index
    assert (flagged["share_2027"] >= 1.25 * flagged["even"]).all()
    # running totals are not inflated by the pace of spending
    assert all(INDICATORS[i].measure != "cumulative" for i in flagged.index)
    reading = time_reading(late)
    assert reading.sees_2028 and reading.unspent_2027 >= 0.0


def test_money_left_at_the_end_of_2027_is_named_with_the_carry_over_choice():
    import datetime as dt

    from model import load_scenario, simulate
    from model.present.wording import time_findings
    from model.run.summary import time_reading

    base = load_scenario("baseline").with_levers(decision_date=dt.date(2027, 11, 1))
    kept = time_findings(time_reading(simulate(base, detail="indicators")), "nl")
    assert any("blijft in de reserve (geen overheveling gekozen)" in s for s in kept)
    carried = simulate(base.with_levers(carry_over=True), detail="indicators")
    assert any("Carried over" in s for s in time_findings(time_reading(carried), "en"))


def test_money_the_scenario_never_allocated_is_not_called_unspent():
    from model import load_scenario, simulate
    from model.run.summary import time_reading

    # 1,000 k€ left unallocated; everything allocated is spent by 2027
    left = load_scenario("baseline").with_allocation({"2.2": 14_000})
    reading = time_reading(simulate(left, detail="indicators"))
    assert reading.unspent_2027 == pytest.approx(0.0, abs=1e-6)


def test_plan_arrays_reads_a_bare_variable_in_any_dimension_order():
    """The per-move reduction passes ``ds.variables[name]`` (no DataArray is built): the
    array comes back as (variant, sample, time) with the regions averaged, whatever order
    the dimensions are stored in (a netCDF file may keep another)."""
    import xarray as xr

    from model.run.summary import plan_arrays

    rng = np.random.default_rng(1)
    da = xr.DataArray(rng.normal(size=(2, 5, 7, 3)), dims=("variant", "sample", "time", "region"))
    expected = da.mean("region").values
    shuffled = da.transpose("region", "time", "variant", "sample")
    np.testing.assert_array_equal(plan_arrays(da), expected)
    np.testing.assert_allclose(plan_arrays(shuffled.variable), expected, rtol=0, atol=1e-15)
    flat = da.isel(region=0, drop=True).transpose("time", "sample", "variant")
    np.testing.assert_array_equal(plan_arrays(flat.variable), da.isel(region=0).values)
