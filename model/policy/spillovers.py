"""Spillovers between goals: the "hefboom" of §5 (an investment in one liveability
interest lifts others), per pair of outcomes.

Each pair in :data:`SPILLOVERS` has a parameter (``model/policy/parameters/spillovers.toml``,
with its source or reasoning): the per cent by which the receiving outcome improves per per
cent of *direct* improvement of the giving outcome (its ``<id>_effect_pct``, the activities'
contribution in % of its 2023 level). A pair acts on that one outcome only, never on every
outcome of a goal. Spillovers use only direct effects, never other spillovers, so there is no
feedback loop among goals; what others fund (``<id>_others``) does not spill over either, so a
spillover is always the reserve's or its partners' doing.

Pairs that were tried and removed (their reasoning is in the parameter file's header): every
goal lifted by the experiments of line 2.1.d (no evaluation quantifies such a lift: the line
has no outcome effect in the model, :mod:`model.policy.goals.experiments`); liveability to
poverty and to youth (SCP 2013 found no effect of the area approach on social mobility or
safety); liveability to volunteering and to loneliness (no link found, and SCP found resident
involvement did not rise).

Extreme-condition check (``tests/policy/test_extreme_conditions.py``,
``tests/policy/test_spillover_bounds.py``): the whole reserve on any line raises each outcome of
another goal less than the whole reserve on that goal's own line.
"""

from __future__ import annotations

from model.engine import Context, Structure
from model.policy.blocks import declared_outcomes
from model.policy.indicators import GOALS, INDICATORS

SPILLOVERS: dict[tuple[str, str], str] = {
    ("liveability_index", "residents_feel_at_home"): "spill_liveability_to_feel_at_home",
    ("liveability_index", "neighbour_contact"): "spill_liveability_to_neighbour_contact",
    ("neighbour_contact", "liveability_index"): "spill_neighbour_contact_to_liveability",
    ("movement_guideline_share", "youth_healthy_lifestyle"): "spill_movement_to_youth_lifestyle",
    ("persons_in_poverty", "youth_healthy_lifestyle"): "spill_poverty_to_youth_lifestyle",
}
"""(giving outcome, receiving outcome) -> parameter (%/%). Only pairs between different goals."""


def pairs_in(s: Structure) -> dict[tuple[str, str], str]:
    """The pairs of :data:`SPILLOVERS` whose two outcomes the structure declares."""
    declared = {h.id for h in declared_outcomes(s)}
    return {pair: name for pair, name in SPILLOVERS.items() if set(pair) <= declared}


def add_spillovers(s: Structure, goals: tuple[str, ...] = tuple(GOALS)) -> None:
    """Declare ``spillover_pct_<outcome>`` (%) for each outcome of ``goals`` that receives a
    spillover from an outcome of another goal in ``goals``."""
    pairs = {
        (a, b): name
        for (a, b), name in pairs_in(s).items()
        if INDICATORS[a].goal in goals and INDICATORS[b].goal in goals
    }
    receivers = dict.fromkeys(b for _, b in pairs)  # in the table's order
    for receiver in receivers:
        sources = [(a, name) for (a, b), name in pairs.items() if b == receiver]
        s.reads_parameters(f"spillover_pct_{receiver}", *(name for _, name in sources))

        def spill(v: Context, sources=sources) -> object:
            total = 0.0
            for giver, name in sources:
                total = total + v.p[name] * v[f"{giver}_effect_pct"]
            return total

        ind = INDICATORS[receiver]
        s.auxiliary(
            f"spillover_pct_{receiver}",
            units="%",
            long_name=f"Doorwerking naar '{ind.nl}' vanuit outcomes van andere doelen (% van 2023)",
            func=spill,
        )
