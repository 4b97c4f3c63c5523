"""The policy structure: the reserve ledger, the five goals of the doelenboom and the
spillovers between them, declared once on the domain-free engine.

Levers (the reserve plan) and parameters enter as engine parameters, so the same
structure serves every scenario, variant and sample.
"""

from __future__ import annotations

from functools import lru_cache

from model.engine import Structure
from model.policy.blocks import add_outcome_bank
from model.policy.goals.cohesion import add_cohesion
from model.policy.goals.experiments import add_experiments
from model.policy.goals.neighbourhoods import add_neighbourhoods
from model.policy.goals.poverty import add_poverty
from model.policy.goals.sport import add_sport
from model.policy.goals.youth import add_youth
from model.policy.indicators import REGIONS
from model.policy.ledger import add_reserve_ledger
from model.policy.parameters import load_parameters
from model.policy.spillovers import add_spillovers

GOAL_BUILDERS = {
    "poverty": add_poverty,
    "youth": add_youth,
    "cohesion": add_cohesion,
    "sport": add_sport,
    "neighbourhoods": add_neighbourhoods,
}
"""Goal id -> function declaring that goal's activities, outputs and outcomes."""


@lru_cache(maxsize=1)
def build_structure() -> Structure:
    """The whole model, declared once."""
    s = Structure("samenleven", coords={"region": list(REGIONS)})
    add_reserve_ledger(s)
    for build in GOAL_BUILDERS.values():
        build(s)
    add_experiments(s)  # line 2.1.d: no outputs of its own, feeds every goal
    add_spillovers(s, tuple(GOAL_BUILDERS))
    add_outcome_bank(s)  # after the last outcome: lays them all out as one set of arrays
    # every name an equation reads must exist: a misspelt one fails here, not in a run
    s.validate(parameters=list(load_parameters()))
    return s
