"""Spillovers between goals: the "hefboom" of §5 (an investment in one liveability
interest lifts others).

An explicit, small matrix: ``spill_<from>_to_<to>`` (parameters, all assumptions
with ranges) says how many per cent a goal's outcomes improve per per cent of direct
improvement of another goal's outcomes. A goal's direct improvement is the mean of
its outcomes' ``<id>_effect_pct``. Spillovers use only direct effects, never other
spillovers, so there is no feedback loop among goals. The experiments of line 2.1.d
(``experiment_effect_pct``, the lift if every running experiment served one goal) add to every
goal's spillover term, each goal its share ``spill_experiments_share_per_goal`` (the line's
experiments are spread over the five goals, not each of them serving all five at once).

Extreme-condition check (``tests/policy/test_extreme_conditions.py``): the whole reserve on any
line raises another goal's outcomes less than the whole reserve on that goal's own line. Counting
the experiments' lift in full for every goal broke it (27 M€ on 2.1.d raised the movement-guideline
share more than 27 M€ on sport): five goals each getting the full lift counted every experiment
five times.
"""

from __future__ import annotations

from model.engine import Context, Structure
from model.policy.blocks import declared_outcomes
from model.policy.indicators import GOALS, OUTCOMES

SPILLOVERS: tuple[tuple[str, str], ...] = (
    ("neighbourhoods", "cohesion"),
    ("neighbourhoods", "youth"),
    ("neighbourhoods", "poverty"),
    ("cohesion", "neighbourhoods"),
    ("sport", "youth"),
    ("poverty", "youth"),
)
"""(from, to) pairs with a non-zero spillover; each has a parameter ``spill_<from>_to_<to>``."""


def add_spillovers(s: Structure, goals: tuple[str, ...] = tuple(GOALS)) -> None:
    """Declare ``goal_effect_<goal>`` (%) and ``spillover_<goal>`` (%) for ``goals``."""
    declared = {h.id: h for h in declared_outcomes(s)}
    for goal in goals:
        # in the indicator table's order, so the mean adds up the same way every time
        ids = [declared[o.id].effect_pct for o in OUTCOMES if o.goal == goal and o.id in declared]

        def direct(v: Context, ids=ids) -> object:
            return (
                sum(v[name] for name in ids) / len(ids) if ids else 0.0 * v.p["execution_capacity"]
            )

        s.auxiliary(
            f"goal_effect_{goal}",
            units="%",
            long_name=f"Directe verbetering van de outcomes van doel '{GOALS[goal]['nl']}' (gemiddeld, % van 2023)",
            func=direct,
        )
    # experiments (line 2.1.d) serve all five goals alike, when the model has them
    with_experiments = "experiment_effect_pct" in s.names
    for goal in goals:
        sources = [src for src, dst in SPILLOVERS if dst == goal and src in goals]
        s.reads_parameters(
            f"spillover_{goal}",
            *(f"spill_{src}_to_{goal}" for src in sources),
            *(["spill_experiments_share_per_goal"] if with_experiments else []),
        )

        def spill(v: Context, goal=goal, sources=sources) -> object:
            total = (
                v["experiment_effect_pct"] * v.p["spill_experiments_share_per_goal"]
                if with_experiments
                else 0.0 * v.p["execution_capacity"]
            )
            for src in sources:
                total = total + v.p[f"spill_{src}_to_{goal}"] * v[f"goal_effect_{src}"]
            return total

        s.auxiliary(
            f"spillover_{goal}",
            units="%",
            long_name=f"Doorwerking naar doel '{GOALS[goal]['nl']}' vanuit andere doelen (% van 2023)",
            func=spill,
        )
