"""Goal youth (line 2.1.b, §6.2.2): GBT schools kept by the national contribution and
recruited by the quartermasters, Keigezond's start-up delay, Kansrijke Start per region,
Handle with Care by region, money monotonicity, indicators and co-financing."""

import numpy as np
import pytest

from model import load_parameters, simulate
from model.policy.indicators import END_OF_TARGET_YEAR, INDICATORS, START_OF_PERIOD

YOUTH = [i.id for i in INDICATORS.values() if i.goal == "youth"]
OUTPUTS = [i for i in YOUTH if INDICATORS[i].level == "output"]
END_2027 = np.datetime64(END_OF_TARGET_YEAR)


def with_params(scenario, **overrides):
    """The deterministic plan with some parameters fixed."""
    ds = simulate(scenario, parameters=load_parameters().with_overrides(overrides))
    return ds.sel(variant="plan", sample=0)


def at(da, when):
    return float(da.sel(time=np.datetime64(when)))


# --------------------------------------------------------------------------- indicators


def test_all_youth_indicators_are_variables_with_their_attributes(baseline_run):
    assert len(YOUTH) == 13
    for name in YOUTH:
        ind = INDICATORS[name]
        attrs = baseline_run[name].attrs
        assert (
            attrs["goal"] == "youth"
            and attrs["level"] == ind.level
            and attrs["measure"] == ind.measure
        ), name
        assert attrs["units"] == ind.units, name
        if ind.level == "output":
            assert attrs["target"] == float(ind.target), name
        else:
            start = baseline_run[name].sel(
                variant="plan", sample=0, time=np.datetime64(START_OF_PERIOD)
            )
            assert start.values.ravel() == pytest.approx(MEASURED_STARTS[name]), name


MEASURED_STARTS = {
    # the share of children with overweight (overweight_children_share_2023)
    "youth_healthy_lifestyle": [15.0],
    # unplanned pregnancies under 25: Zuid-Limburg 3.4 % (Nu Niet Zwanger), Noord/Midden 2.5 %
    "prepared_pregnancies": [3.4, 2.5],
    # an index: no public monitor measures early recognition
    "vulnerable_children_recognised": [100.0],
}
"""Each youth outcome's level at the end of 2023 (per region where it has regions)."""


def better_or_equal(name, a, b):
    """``a - b`` signed so that a non-negative value means ``a`` is at least as good as ``b``."""
    return (b - a) if INDICATORS[name].direction == "lower" else (a - b)


NOT_PLAN_CONSISTENT = {"keigezond_children"}
"""Outputs whose parameters come from evidence, not from the target: the model's answer
may miss the target (Keigezond's reach is a share of the children with overweight)."""


def test_baseline_meets_every_youth_output_target_within_one_percent(baseline_run):
    """Every youth output whose plan parameter is solved from the plan; where evidence sets
    the parameter the plan need not be met (see analysis.plancost.plan_realism)."""
    from model.policy.goals.youth import PLAN_RULES

    params = load_parameters()
    by_evidence = {rule[0] for name, rule in PLAN_RULES.items() if params[name].origin != "plan"}
    plan = baseline_run.sel(variant="plan", sample=0, time=END_2027)
    for name in OUTPUTS:
        if name in by_evidence or name in NOT_PLAN_CONSISTENT:
            continue
        target = INDICATORS[name].target
        assert float(plan[name]) == pytest.approx(target, rel=0.01), name


def test_no_reserve_never_beats_the_plan_on_any_youth_indicator(baseline_run):
    for name in YOUTH:
        gap = better_or_equal(
            name,
            baseline_run[name].sel(variant="plan"),
            baseline_run[name].sel(variant="no_reserve"),
        )
        assert float(gap.min()) >= -1e-9, name
    funded = baseline_run.sel(variant="no_reserve", sample=0, time=END_2027)
    for name in (
        "keigezond_new_municipalities",
        "voorzorg_nnz_trajectories_additional",
        "stevig_ouderschap_trajectories_additional",
        "kansrijke_start_pilots",
    ):
        assert float(funded[name]) == 0.0, name


def test_no_reserve_keeps_what_other_funders_pay(baseline_run):
    """The counterfactual is honest: without the reserve, the GGD/JGZ's Stevig Ouderschap
    (>= 150 a year in Zuid-Limburg since May 2022), nationally funded Nu Niet Zwanger,
    Venlo's municipal GBT schools and the project-funded Keigezond municipalities remain."""
    p = load_parameters()
    none = baseline_run.sel(variant="no_reserve", sample=0)
    plan = baseline_run.sel(variant="plan", sample=0)
    years = 4.0  # 2024-2027
    so = float(none["stevig_ouderschap_trajectories"].sel(time=END_2027))
    assert so == pytest.approx(p["stevig_ouderschap_jgz_zuid_per_year"].value * years, rel=0.03)
    nnz = float(none["voorzorg_nnz_trajectories"].sel(time=END_2027))
    assert nnz == pytest.approx(p["nnz_other_funded_per_year"].value * years, rel=0.03)
    # Venlo's schools stay whatever the Rijk decides; more stay with school meals
    assert float(none["gbt_schools"].min()) >= p["gbt_schools_municipal"].value - 1e-9
    assert float(none["keigezond_children"].sel(time=END_2027)) > 0.0
    # the indicator is other funders plus the reserve; the reserve's part is separate
    for name in ("stevig_ouderschap_trajectories", "voorzorg_nnz_trajectories"):
        additional = plan[f"{name}_additional"]
        np.testing.assert_allclose(
            (plan[name] - none[name]).values, additional.values, rtol=1e-9, atol=1e-9
        )


def test_more_money_on_line_2_1_b_never_lowers_a_youth_output_or_outcome(baseline):
    runs = [
        simulate(
            baseline.with_allocation({"2.1.b": amount, "2.2": 15_000 - max(amount - 4_000, 0)})
        ).sel(variant="plan", sample=0)
        for amount in (2_000, 4_000, 6_000)
    ]
    for name in YOUTH:
        values = np.stack([r[name].values for r in runs])
        assert np.all(better_or_equal(name, values[1:], values[:-1]) >= -1e-9), name
    assert at(runs[2]["gbt_schools"], END_OF_TARGET_YEAR) > at(
        runs[0]["gbt_schools"], END_OF_TARGET_YEAR
    )


# --------------------------------------------------------------------------- GBT


def test_without_national_contribution_fewer_gbt_schools_are_kept(baseline):
    none = with_params(baseline, gbt_national_contribution=0.0)
    full = with_params(baseline, gbt_national_contribution=1.0)
    for when in ("2028-01-01", "2030-12-01"):
        assert at(none["gbt_schools"], when) < at(full["gbt_schools"], when) - 1.0
    # schools only stop once the national decision has fallen (default 2026) and only without full funding
    assert float(none["gbt_stop"].sel(time=slice(None, "2025-12-01")).max()) == 0.0
    assert float(none["gbt_stop"].sel(time=slice("2026-01-01", None)).min()) > 0.0
    assert float(full["gbt_stop"].max()) == 0.0
    # the national money received is the co-financing
    assert float(none["cofinancing_gbt_national"].max()) == 0.0
    assert at(full["cofinancing_gbt_national"], "2027-01-01") > 0.0
    # with the default (partial) contribution there are fewer schools in 2030 than at the end of 2027,
    # once the provincial start-up money has run out
    default = with_params(baseline)
    assert at(default["gbt_schools"], "2030-12-01") < at(default["gbt_schools"], END_OF_TARGET_YEAR)


def test_quartermasters_ending_mid_2025_slows_joining(baseline):
    ended = with_params(baseline)
    kept = with_params(baseline, gbt_quartermasters_until=2028.0)
    capacity = ended["gbt_recruitment_capacity"]
    assert at(capacity, "2025-06-01") > at(capacity, "2025-07-01")

    def joins_2026(ds):
        return float(ds["gbt_joins"].sel(time=slice("2026-01-01", "2026-12-01")).mean())

    assert joins_2026(kept) > joins_2026(ended)
    assert at(kept["gbt_schools"], END_OF_TARGET_YEAR) > at(
        ended["gbt_schools"], END_OF_TARGET_YEAR
    )
    # start-up money not yet bound to a school piles up when recruitment is the bottleneck
    assert at(ended["gbt_startup_budget"], END_OF_TARGET_YEAR) > at(
        kept["gbt_startup_budget"], END_OF_TARGET_YEAR
    )


def test_gbt_children_are_schools_times_children_per_school(baseline_run):
    plan = baseline_run.sel(variant="plan", sample=0)
    per_school = load_parameters()["gbt_children_per_school"].value
    np.testing.assert_allclose(plan["gbt_children"].values, plan["gbt_schools"].values * per_school)
    assert per_school == pytest.approx(10_000 / 45, rel=1e-3)


# --------------------------------------------------------------------------- Keigezond


def test_keigezond_reaches_children_with_overweight_in_running_municipalities(
    baseline_run, baseline
):
    plan = baseline_run.sel(variant="plan", sample=0)
    none = baseline_run.sel(variant="no_reserve", sample=0)
    p = load_parameters()
    per_municipality = p["overweight_children_limburg"].value / p["limburg_municipalities"].value
    share = p["keigezond_reach_share_per_year"].value
    # before the council decision (28 June 2024) only the 4 project-funded municipalities run
    assert at(plan["keigezond_new_municipalities"], "2024-07-01") == 0.0
    assert at(plan["keigezond_children"], "2024-07-01") == pytest.approx(
        at(none["keigezond_children"], "2024-07-01")
    )
    assert at(plan["keigezond_children"], "2024-07-01") <= (
        p["keigezond_municipalities_2023"].value * per_municipality * share * 0.5 + 1e-9
    )
    # children reached never exceed the running municipalities' yearly share, cumulated
    running = plan["keigezond_running"] + plan["keigezond_running_structural"]
    dt = 1.0 / 12.0
    ceiling = (running * per_municipality * share * dt).cumsum("time")
    assert np.all(plan["keigezond_children"].values <= ceiling.values + 1e-6)
    # without money the project-funded municipalities wind down after 2024; some are taken over
    assert at(none["keigezond_running"], END_OF_TARGET_YEAR) < 0.05
    taken_over = at(none["keigezond_running_structural"], END_OF_TARGET_YEAR)
    assert taken_over == pytest.approx(
        p["keigezond_municipalities_2023"].value * p["keigezond_structural_share"].value,
        rel=0.05,
    )
    # after the reserve ends (2028) the reserve-funded municipalities decay too
    assert at(plan["keigezond_running"], "2030-12-01") < 0.5 * at(
        plan["keigezond_running"], END_OF_TARGET_YEAR
    )
    # a longer start-up delay postpones the reach
    slow = with_params(baseline, keigezond_start_delay=1.5)
    fast = with_params(baseline, keigezond_start_delay=0.5)
    assert at(slow["keigezond_children"], "2026-01-01") < at(
        fast["keigezond_children"], "2026-01-01"
    )


# --------------------------------------------------------------------------- Kansrijke Start


def test_kansrijke_start_produces_in_both_regions_by_their_share(baseline_run, baseline):
    plan = baseline_run.sel(variant="plan", sample=0, time=END_2027)
    zuid = load_parameters()["ks_region_share_zuid"].value
    for stock in (
        "ks_voorzorg_nnz_total",
        "ks_stevig_ouderschap_total",
        "ks_centering_pregnancy_total",
        "ks_pilots_total",
    ):
        by_region = plan[stock]
        assert (
            float(by_region.sel(region="zuid")) > 0
            and float(by_region.sel(region="noord_midden")) > 0
        ), stock
    # outputs without a pool follow the money's split exactly
    for stock in ("ks_centering_pregnancy_total", "ks_pilots_total"):
        by_region = plan[stock]
        assert float(by_region.sel(region="zuid") / by_region.sum("region")) == pytest.approx(
            zuid
        ), stock
    # trajectories saturate in each region's pool: Zuid, where the GGD/JGZ already visits
    # most eligible families, gets less than its money's share of Stevig Ouderschap
    so = plan["ks_stevig_ouderschap_total"]
    assert float(so.sel(region="zuid") / so.sum("region")) < zuid
    assert float(plan["voorzorg_nnz_trajectories"]) == pytest.approx(
        float((plan["ks_voorzorg_nnz_total"] + plan["ks_voorzorg_nnz_other_total"]).sum("region"))
    )
    only_zuid = with_params(baseline, ks_region_share_zuid=1.0)
    assert float(only_zuid["ks_voorzorg_nnz_total"].sel(region="noord_midden").max()) == 0.0
    # all money in one region buys fewer trajectories: its pool thins out
    assert at(only_zuid["voorzorg_nnz_trajectories"], END_OF_TARGET_YEAR) < float(
        plan["voorzorg_nnz_trajectories"]
    )


def test_centering_ouderschap_clinics_are_a_stock_that_grows_to_five(baseline_run):
    clinics = baseline_run["centering_ouderschap_bureaus"].sel(variant="plan", sample=0)
    assert at(clinics, START_OF_PERIOD) == pytest.approx(load_parameters()["ks_clinics_2023"].value)
    assert at(clinics, END_OF_TARGET_YEAR) == pytest.approx(5.0, rel=0.01)
    # without the reserve the clinics slowly stop using the method
    idle = baseline_run["centering_ouderschap_bureaus"].sel(variant="no_reserve", sample=0)
    assert at(idle, END_OF_TARGET_YEAR) < at(idle, START_OF_PERIOD)


# --------------------------------------------------------------------------- Handle with Care


def test_handle_with_care_scales_up_in_noord_midden_and_weights_by_schools(baseline_run):
    plan = baseline_run.sel(variant="plan", sample=0)
    share = plan["hwc_share_by_region"]
    gain = share.sel(time=END_2027) - share.sel(time=np.datetime64(START_OF_PERIOD))
    assert float(gain.sel(region="noord_midden")) > float(gain.sel(region="zuid")) > 0.0
    schools = plan["hwc_schools_in"] + plan["hwc_schools_outside"]
    weighted = (share * schools).sum("region") / schools.sum("region")
    np.testing.assert_allclose(plan["handle_with_care_school_share"].values, weighted.values)
    assert float(plan["handle_with_care_school_share"].max()) <= 100.0 + 1e-9


# --------------------------------------------------------------------------- co-financing


def test_youth_cofinancing_appears_in_the_ledger_by_source(baseline_run):
    plan = baseline_run.sel(variant="plan", sample=0)
    by_source = plan["cofinancing_by_source"]
    for source in ("gbt_national", "keigezond", "kansrijke_start"):
        assert float(by_source.sel(cofinancing_source=source).sum()) > 0.0, source
    # Keigezond's co-financing is its ratio times the provincial Keigezond money, year by year
    p = load_parameters()
    line = plan["reserve_spent_by_line"].sel(line="2.1.b")
    expected = line * p["youth_share_keigezond"].value * p["keigezond_cofinancing_ratio"].value
    np.testing.assert_allclose(
        by_source.sel(cofinancing_source="keigezond").values, expected.values, rtol=1e-9, atol=1e-9
    )
    idle = baseline_run["cofinancing_by_source"].sel(variant="no_reserve", sample=0)
    assert float(idle.sel(cofinancing_source=["keigezond", "kansrijke_start"]).sum()) == 0.0


# --------------------------------------------------------------------------- outcomes


def test_children_helped_to_a_healthier_weight_outlast_the_reserve(baseline_run):
    """GBT and Keigezond help children to a healthier weight; they are a stock that the
    outcome reads, so the reserve's gain on overweight is still there (and larger, as the
    effect builds up) in 2030, after the reserve's money has stopped."""
    plan = baseline_run.sel(variant="plan", sample=0)
    none = baseline_run.sel(variant="no_reserve", sample=0)
    for when in ("2028-01-01", "2030-12-01"):
        assert float(plan["healthier_weight_children"].sel(time=when)) > float(
            none["healthier_weight_children"].sel(time=when)
        )
    gain = none["youth_healthy_lifestyle"] - plan["youth_healthy_lifestyle"]  # lower is better
    assert float(gain.sel(time="2030-12-01")) > float(gain.sel(time=END_OF_TARGET_YEAR)) > 0.0


def test_unplanned_pregnancies_fall_in_the_region_whose_trajectories_the_reserve_adds(
    baseline_run,
):
    """Voorzorg/Nu Niet Zwanger trajectories protect clients per region; each region's share
    of young adults with an unplanned pregnancy falls by its own protected clients."""
    plan = baseline_run.sel(variant="plan", sample=0, time=END_2027)
    none = baseline_run.sel(variant="no_reserve", sample=0, time=END_2027)
    protected = plan["clients_protected"] - none["clients_protected"]
    fall = none["prepared_pregnancies"] - plan["prepared_pregnancies"]
    assert list(fall["region"].values) == list(protected["region"].values)
    assert (protected.values > 0).all() and (fall.values > 0).all()
