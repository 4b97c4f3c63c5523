"""The social side's outcomes (issue 13): loneliness responds to line 2.1.c, the cohesion
outcomes are measured shares with a definition and a monitor, liveability is the one index
and says why, its effect may be zero or negative (SCP 2013) so the reserve does not improve it
for certain, and others' programmes are kept apart from the reserve's effect."""

from __future__ import annotations

from functools import cache

import numpy as np
import pytest

from model import load_parameters, load_scenario, simulate
from model.analysis.uncertainty import target_probabilities
from model.policy.budget import RESERVE_TOTAL
from model.policy.indicators import INDICATORS, OUTCOMES

SOCIAL_GOALS = ("cohesion", "neighbourhoods")
SOCIAL = [o for o in OUTCOMES if o.goal in SOCIAL_GOALS]
Y2030 = np.datetime64("2030-12-01")


@cache
def _base():
    return load_scenario("baseline")


def with_2_1_c(amount: float):
    """The baseline with ``amount`` k€ on line 2.1.c; the difference goes to or comes from 2.2."""
    base = _base()
    alloc = dict(base.allocation)
    alloc["2.2"] += alloc["2.1.c"] - amount
    alloc["2.1.c"] = amount
    return base.with_allocation(alloc)


@cache
def loneliness_2030(amount: float) -> tuple[float, float]:
    ds = simulate(with_2_1_c(amount), detail="indicators", with_ledger=False)
    x = ds["loneliness_share"].sel(sample=0, time=Y2030)
    return float(x.sel(variant="plan")), float(x.sel(variant="no_reserve"))


# --------------------------------------------------------------------------- loneliness


def test_loneliness_is_a_measured_outcome_of_line_2_1_c():
    ind = INDICATORS["loneliness_share"]
    assert ind.goal == "cohesion" and ind.level == "outcome"
    assert ind.units == "%" and ind.direction == "lower"
    assert ind.start == load_parameters()["loneliness_share_2023"].value
    assert "Gezondheidsmonitor" in ind.monitor
    # right after the other cohesion outcomes
    ids = [o.id for o in OUTCOMES]
    cohesion = [i for i in ids if INDICATORS[i].goal == "cohesion"]
    assert cohesion[-1] == "loneliness_share"
    assert ids.index("loneliness_share") == ids.index(cohesion[-2]) + 1


def test_loneliness_start_and_trend_have_ranges_for_calibration():
    params = load_parameters()
    start, trend = params["loneliness_share_2023"], params["loneliness_trend"]
    # Limburg 46.2 % in 2016, NL 48.6 % in 2022 and rising: the 2023 range lies above both
    assert 46.2 < start.low < start.value < start.high
    assert start.low <= 48.6 + 1.0
    assert trend.unit == "%-points/yr" and trend.uncertain
    assert trend.low < 0.0 < trend.high  # the calibration can fit a fall or a rise


def test_more_money_on_2_1_c_lowers_loneliness_in_2030():
    plans = [loneliness_2030(a)[0] for a in (700.0, 1400.0, 2800.0)]
    assert plans[0] > plans[1] > plans[2]


def test_no_money_on_2_1_c_gives_the_autonomous_path():
    plan, without = loneliness_2030(0.0)
    assert plan == pytest.approx(without, abs=1e-12)
    params = load_parameters()
    years = 2030 + 11 / 12 - 2024.0
    expected = params["loneliness_share_2023"].value + params["loneliness_trend"].value * years
    assert plan == pytest.approx(expected, rel=1e-9)


def test_people_helped_out_of_loneliness_stay_helped_for_a_while_after_the_money_stops():
    ds = simulate(_base(), detail="all", with_ledger=False).sel(sample=0, variant="plan")
    helped = ds["loneliness_people_helped"]
    peak_time = helped["time"].values[int(np.argmax(helped.values))]
    assert np.datetime64("2027-06-01") <= peak_time <= np.datetime64("2029-01-01")
    # relapse is first order over loneliness_relapse_time (3 yr): not gone by 2030
    assert 0.0 < float(helped.sel(time=Y2030)) < float(helped.max())


# --------------------------------------------------------------------------- definitions


@pytest.mark.parametrize("ind", SOCIAL, ids=lambda o: o.id)
def test_every_social_outcome_has_a_definition_and_a_monitor(ind):
    assert len(ind.definition_nl) > 80 and len(ind.definition_en) > 80
    assert ind.definition_nl != ind.definition_en
    assert ind.monitor.strip()


def test_at_most_one_index_among_the_social_outcomes_and_it_says_why():
    indices = [o for o in SOCIAL if o.is_index]
    assert [o.id for o in indices] == ["liveability_index"]
    assert "not found" in indices[0].definition_en
    assert "not a province-wide index" in indices[0].definition_en
    for o in SOCIAL:
        if not o.is_index:
            assert o.units == "%" and o.start is not None, o.id


def test_measured_outcomes_start_at_their_stated_level(baseline_run):
    for o in SOCIAL:
        if o.is_index:
            continue
        start = baseline_run[o.id].sel(variant="plan", sample=0).isel(time=0)
        assert float(start) == pytest.approx(o.start), o.id


# --------------------------------------------------------------------------- liveability


def test_others_programmes_act_in_both_variants_apart_from_the_reserve(baseline_run):
    ds = baseline_run.sel(sample=0, time=Y2030)
    others = ds["liveability_index_others"]
    # the same in both variants, all in Zuid-Limburg
    np.testing.assert_allclose(others.sel(variant="plan"), others.sel(variant="no_reserve"))
    assert float(others.sel(variant="plan", region="noord_midden")) == 0.0
    assert float(others.sel(variant="plan", region="zuid")) > 0.0
    # not part of what the activities contribute (so not spread by spillovers either): without
    # the reserve no approach runs in Zuid-Limburg, so the effect there is nil
    effect = ds["liveability_index_effect"].sel(variant="no_reserve", region="zuid")
    assert float(effect) == 0.0
    live = ds["liveability_index"].sel(variant="no_reserve", region="zuid")
    auto = ds["liveability_index_autonomous"].sel(variant="no_reserve", region="zuid")
    spill = ds["liveability_index_spillover"].sel(variant="no_reserve", region="zuid")
    assert float(live) == pytest.approx(
        float(auto + others.sel(variant="no_reserve", region="zuid") + spill)
    )


def test_liveability_effect_ranges_include_zero_and_losses():
    params = load_parameters()
    for name in (
        "liveability_pts_per_neighbourhood_approach",
        "liveability_pts_per_village_approach",
    ):
        p = params[name]
        assert p.low < 0.0 < p.value < p.high, name
        assert "gebiedsontwikkeling_scp_werk_aan_de_wijk" in p.evidence_ids, name


@pytest.fixture(scope="module")
def ensemble_run():
    return simulate(_base(), samples=200, seed=1, detail="indicators", with_ledger=False)


def test_the_reserve_does_not_improve_liveability_for_certain(ensemble_run):
    """SCP found no demonstrable effect of area approaches: some samples must show none,
    at the end of 2027 and, when the approaches have had time, at the end of 2030; and
    "better" counts only a difference the monitor could show."""
    p = float(
        target_probabilities(ensemble_run)["p_better_than_no_reserve"].sel(
            indicator="liveability_index"
        )
    )
    assert p < 0.97
    ind = INDICATORS["liveability_index"]
    late = ensemble_run["liveability_index"].sel(time="2030-12-01")
    plan, none = late.sel(variant="plan"), late.sel(variant="no_reserve")
    p_late = float(ind.better(plan, none).mean())
    assert 0.05 < p_late < 0.97
    # some samples improve by less than the detectable difference: those do not count
    small = ((plan - none) > 0) & ((plan - none) <= ind.detectable)
    assert bool(small.any())
    assert float((plan > none).mean()) > p_late


def test_the_whole_reserve_on_2_2_still_leaves_liveability_uncertain():
    base = _base()
    alloc = {line: 0.0 for line in base.allocation} | {"2.3": 350.0, "2.2": RESERVE_TOTAL - 350.0}
    phasing = dict(base.phasing) | {"2.3": {2024: 1.0, 2025: 0.0, 2026: 0.0, 2027: 0.0}}
    sc = base.with_levers(phasing=phasing).with_allocation(alloc)
    p = target_probabilities(simulate(sc, samples=100, seed=3, detail="indicators"))
    assert float(p["p_better_than_no_reserve"].sel(indicator="liveability_index")) < 1.0
