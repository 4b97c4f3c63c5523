"""Extreme-condition tests of the whole model (Sterman, *Business Dynamics*, ch. 21).

Through the library, since scenario files refuse out-of-range values: each line alone with the
whole reserve, zero and maximum co-financing, a decision date in late 2027, execution capacity at
and beyond its bounds. In every one of these runs

* no output exceeds its pool (the finite number of neighbourhoods, villages, funds, events a
  year, initiatives a year, municipalities, schools, children, births ...);
* the reserve adds up to 27,000 k€ at every moment;

and, across the line-alone runs,

* no spillover makes a line more effective for another goal than that goal's own line;
* more money for a goal never lowers that goal's outcomes at the horizon (2030).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from functools import cache, lru_cache

import numpy as np
import pytest

from model import load_parameters, load_scenario, simulate
from model.policy.budget import RESERVE_TOTAL
from model.policy.indicators import END_OF_TARGET_YEAR, INDICATORS, OUTCOMES
from model.policy.parameters import ParameterSet

LINES = ("2.1.a", "2.1.b", "2.1.c", "2.1.d", "2.2", "2.3")
GOAL_OF_LINE = {
    "2.1.a": "poverty",
    "2.1.b": "youth",
    "2.1.c": "cohesion",
    "2.2": "neighbourhoods",
    "2.3": "sport",
}
"""Line 2.1.d (experiments) has no goal of its own: it serves all five."""
LINE_OF_GOAL = {goal: line for line, goal in GOAL_OF_LINE.items()}
COMMITTED_2_3 = 350.0
HORIZON = np.datetime64("2030-12-01")
END_2027 = np.datetime64(END_OF_TARGET_YEAR)
TOLERANCE = 1e-9


# --------------------------------------------------------------------------- runs


@lru_cache(maxsize=1)
def _baseline():
    return load_scenario("baseline")


def alone(line: str, amount: float | None = None):
    """The baseline with only ``line`` funded (``amount``, default the whole reserve); line 2.3
    keeps the 350 k€ already committed in 2024, paid that year."""
    base = _baseline()
    alloc = {x: 0.0 for x in LINES}
    phasing = dict(base.phasing)
    if line == "2.3":
        alloc["2.3"] = RESERVE_TOTAL if amount is None else max(amount, COMMITTED_2_3)
        # the 350 k€ committed in 2024 must fit in 2024's share
        row = base.phasing["2.3"]
        first = max(row[2024], COMMITTED_2_3 / alloc["2.3"])
        rest = (1.0 - first) / (1.0 - row[2024]) if row[2024] < 1.0 else 0.0
        phasing["2.3"] = {y: first if y == 2024 else row[y] * rest for y in row}
    else:
        alloc[line] = RESERVE_TOTAL - COMMITTED_2_3 if amount is None else amount
        alloc["2.3"] = COMMITTED_2_3
        phasing["2.3"] = {2024: 1.0, 2025: 0.0, 2026: 0.0, 2027: 0.0}
    return base.with_levers(phasing=phasing).with_allocation(alloc)


def fixed(values: dict[str, float]) -> ParameterSet:
    """The parameter set with ``values`` fixed, also outside their ranges (an extreme test)."""
    params = load_parameters()
    new = {
        name: replace(params[name], value=float(values[name]), low=None, high=None)
        if name in values
        else params[name]
        for name in params
    }
    return ParameterSet(new, label="extreme")


def _cofinancing(end: str) -> dict[str, float]:
    params = load_parameters()
    return {
        name: (p.low if end == "low" else p.high)
        for name, p in params.items()
        if p.group == "cofinancing" and p.uncertain
    }


CASES = {
    **{f"alone_{line}": (lambda line=line: (alone(line), None)) for line in LINES},
    "cofinancing_zero": lambda: (_baseline(), fixed(_cofinancing("low"))),
    "cofinancing_max": lambda: (_baseline(), fixed(_cofinancing("high"))),
    "decision_late_2027": lambda: (_baseline().with_levers(decision_date=date(2027, 11, 1)), None),
    "capacity_low_bound": lambda: (_baseline(), fixed({"execution_capacity": 5000.0})),
    "capacity_high_bound": lambda: (_baseline(), fixed({"execution_capacity": 13000.0})),
    "capacity_none": lambda: (_baseline(), fixed({"execution_capacity": 0.0})),
    "capacity_tiny": lambda: (_baseline(), fixed({"execution_capacity": 500.0})),
    "capacity_unlimited": lambda: (_baseline(), fixed({"execution_capacity": 100_000.0})),
    "alone_2.2_capacity_unlimited": lambda: (
        alone("2.2"),
        fixed({"execution_capacity": 100_000.0}),
    ),
    "alone_2.3_capacity_unlimited": lambda: (
        alone("2.3"),
        fixed({"execution_capacity": 100_000.0}),
    ),
    "alone_2.1.c_capacity_unlimited": lambda: (
        alone("2.1.c"),
        fixed({"execution_capacity": 100_000.0}),
    ),
}


@cache
def run(case: str):
    scenario, params = CASES[case]()
    ds = simulate(scenario, parameters=params, detail="all", with_ledger=False)
    return ds.sel(sample=0)


@cache
def run_alone(line: str, amount: float | None = None):
    ds = simulate(alone(line, amount), detail="indicators", with_ledger=False)
    return ds.sel(sample=0)


# --------------------------------------------------------------------------- pools


def _years_since_2024(ds) -> np.ndarray:
    t = ds["time"]
    return (t.dt.year + (t.dt.month - 1) / 12 - 2024.0).values


def _p(name: str) -> float:
    return load_parameters()[name].value


# output -> pool, as a function of the run (a number, or an array over time for yearly pools)
POOLS_MINE = {
    "new_neighbourhood_approaches": lambda ds: (
        _p("priority_neighbourhoods_limburg") - _p("continued_approaches_2023")
    ),
    "village_approaches": lambda ds: _p("village_approach_pool"),
    "continued_area_approaches": lambda ds: _p("continued_approaches_2023"),
    "citizen_initiative_projects": lambda ds: _p("citizen_initiative_pool") * _years_since_2024(ds),
    "social_fund_partnerships": lambda ds: _p("social_fund_pool"),
    "un_disability_symposia": lambda ds: _p("cohesion_symposia_planned"),
    "supralocal_sport_events": lambda ds: (
        _p("sport_supralocal_events_pool") * _years_since_2024(ds)
    ),
    "top_sport_events": lambda ds: _p("sport_topsport_events_pool") * _years_since_2024(ds),
    "sport_agreements": lambda ds: _p("sport_agreements_planned"),
    # Coöperatie Limburg Sport's budget, not the reserve, pays them; the former Topsport
    # Limburg facilitated 1,800 athletes (register: sportzaken_topsport_limburg_2019)
    "athletes_supported": lambda ds: 1800.0,
    "sport_infrastructure_reach_increase_pct": lambda ds: 100.0,
}
"""Every output of the goals neighbourhoods, sport and cohesion and its pool."""

BIRTHS_A_YEAR = 8880.0  # register: arbeidsmarktinzicht_geboorten_limburg
POOLS_YOUTH_POVERTY = {
    # Limburg has 31 municipalities (register: leudal_beweegrichtlijn_2024)
    "keigezond_new_municipalities": lambda ds: 31.0,
    # ≈ 410 primary-school locations, 92,000 pupils (register: cbs_basisonderwijs_limburg_2009)
    "gbt_schools": lambda ds: 410.0,
    "gbt_children": lambda ds: 92_000.0,
    # ≈ 28,000 children with overweight or obesity (register: 1limburg_keigezond_28000)
    "keigezond_children": lambda ds: 28_000.0,
    # trajectories since 2024 cannot outnumber the births since 2024
    "voorzorg_nnz_trajectories": lambda ds: BIRTHS_A_YEAR * _years_since_2024(ds),
    "stevig_ouderschap_trajectories": lambda ds: BIRTHS_A_YEAR * _years_since_2024(ds),
    "handle_with_care_school_share": lambda ds: 100.0,
    # ≈ 180,000 minors in Limburg (register: limburger_kinderarmoede_2016, derived)
    "jeugdfonds_children": lambda ds: 180_000.0,
    "support_use_increase_pct": lambda ds: 100.0,
}
"""Youth and poverty outputs with an obvious pool (those goals are another helper's)."""
XFAIL_YOUTH_POVERTY: dict[str, str] = {}
"""Pools a youth or poverty output still breaks (none since Keigezond draws from the 31)."""
"""Youth/poverty outputs whose pool is not yet a mechanism of the model (output -> reason)."""


def test_every_output_of_these_goals_has_a_pool():
    mine = {
        i
        for i, ind in INDICATORS.items()
        if ind.level == "output" and ind.goal in ("neighbourhoods", "sport", "cohesion")
    }
    assert mine == set(POOLS_MINE)


def _over_pool(ds, output: str, pool) -> str | None:
    x = ds[output].sel(variant="plan")
    if x.ndim > 1:
        x = x.max([d for d in x.dims if d != "time"])
    values = x.values
    limit = np.broadcast_to(np.asarray(pool, dtype=float), values.shape)
    worst = np.argmax(values - limit)
    if values[worst] > limit[worst] + 1e-6:
        return f"{output} = {values[worst]:.4g} above its pool {limit[worst]:.4g} at {str(x['time'].values[worst])[:7]}"
    return None


@pytest.mark.parametrize("case", list(CASES))
def test_no_output_of_these_goals_exceeds_its_pool(case):
    ds = run(case)
    problems = [msg for out, pool in POOLS_MINE.items() if (msg := _over_pool(ds, out, pool(ds)))]
    assert not problems, f"{case}: " + "; ".join(problems)


@pytest.mark.parametrize(
    "output",
    [
        pytest.param(
            out,
            marks=pytest.mark.xfail(strict=True, reason=XFAIL_YOUTH_POVERTY[out])
            if out in XFAIL_YOUTH_POVERTY
            else (),
        )
        for out in POOLS_YOUTH_POVERTY
    ],
)
def test_no_youth_or_poverty_output_exceeds_its_pool(output):
    problems = []
    for case in CASES:
        ds = run(case)
        if msg := _over_pool(ds, output, POOLS_YOUTH_POVERTY[output](ds)):
            problems.append(f"{case}: {msg}")
    assert not problems, "; ".join(problems)


# --------------------------------------------------------------------------- money


@pytest.mark.parametrize("case", list(CASES))
def test_the_reserve_adds_up_to_27000_at_every_moment(case):
    ds = run(case)
    for variant in ("plan", "no_reserve"):
        v = ds.sel(variant=variant)
        total = (
            v["reserve_unallocated"]
            + v["reserve_unreleased"].sum("line")
            + v["reserve_available"].sum("line")
            + v["reserve_spent_total"].sum("line")
        )
        assert np.allclose(total.values, RESERVE_TOTAL, rtol=0, atol=1e-6), (case, variant)
        for name in ("reserve_unreleased", "reserve_available", "reserve_spent_total"):
            assert float(v[name].min()) >= -1e-9, (case, variant, name)


def test_no_capacity_spends_nothing_and_keeps_the_money():
    ds = run("capacity_none").sel(variant="plan")
    spent = ds["reserve_spent_total"].sum("line").isel(time=-1)
    # only the 350 k€ already committed in 2024 is paid (it bypasses the capacity)
    assert float(spent) == pytest.approx(COMMITTED_2_3)


# --------------------------------------------------------------------------- goals and lines


def _gain(ds, outcome: str, when) -> float:
    """How much the reserve improved ``outcome`` (plan - no reserve, signed so that positive is
    better; averaged over regions)."""
    x = ds[outcome].sel(time=when)
    d = x.sel(variant="plan") - x.sel(variant="no_reserve")
    d = float(d.mean()) if d.ndim else float(d)
    return -d if INDICATORS[outcome].direction == "lower" else d


def _outcomes(goal: str) -> list[str]:
    return [o.id for o in OUTCOMES if o.goal == goal]


@pytest.mark.parametrize("when", [END_2027, HORIZON], ids=["end_2027", "2030"])
@pytest.mark.parametrize("goal", list(LINE_OF_GOAL))
def test_no_line_serves_a_goal_better_than_its_own_line(goal, when):
    """27 M€ on any other line raises each of goal's outcomes less than 27 M€ on its own line."""
    own = run_alone(LINE_OF_GOAL[goal])
    problems = []
    for line in LINES:
        if GOAL_OF_LINE.get(line) == goal:
            continue
        other = run_alone(line)
        for outcome in _outcomes(goal):
            by_own, by_other = _gain(own, outcome, when), _gain(other, outcome, when)
            if not by_other < by_own:
                problems.append(
                    f"{outcome}: line {line} +{by_other:.4g} vs own line {LINE_OF_GOAL[goal]} +{by_own:.4g}"
                )
    assert not problems, "; ".join(problems)


AMOUNTS = (0.0, 2000.0, 6000.0, 13500.0, RESERVE_TOTAL - COMMITTED_2_3)


def assert_more_money_never_lowers(goal: str, run) -> None:
    """With more and more of the reserve on ``goal``'s line alone (``run(line, amount)``),
    none of the goal's outcomes gets worse at the horizon."""
    line = LINE_OF_GOAL[goal]
    amounts = AMOUNTS if line != "2.3" else (COMMITTED_2_3, 2000.0, 6000.0, 13500.0, RESERVE_TOTAL)
    for outcome in _outcomes(goal):
        values = []
        for amount in amounts:
            x = run(line, amount)[outcome].sel(variant="plan", time=HORIZON)
            values.append(float(x.mean()) if x.ndim else float(x))
        better = -np.array(values) if INDICATORS[outcome].direction == "lower" else np.array(values)
        assert np.all(np.diff(better) >= -TOLERANCE * np.maximum(1.0, np.abs(better[1:]))), (
            outcome,
            dict(zip(amounts, values, strict=True)),
        )


@pytest.mark.parametrize("goal", list(LINE_OF_GOAL))
def test_more_money_for_a_goal_never_lowers_its_outcomes(goal):
    assert_more_money_never_lowers(goal, run_alone)
