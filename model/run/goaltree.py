"""The doelenboom as the model computes it: which outputs and outcomes each activity feeds,
read from the model's dependency graph rather than declared.

The graph is the one :func:`model.run.export.export_scenario` traces (every equation on its
own, each element of a variable with dimensions a node of its own): an activity feeds an
indicator when the indicator's equation depends, through other equations, on the
activity's money variable (:data:`model.policy.activities.ACTIVITIES`). The walk downstream
stops at another activity's money, at an outcome, at the spillovers between goals and at
the co-financing accounts (they read every line: following them would connect everything
to everything). An output links to an outcome when a variable on the output's own branch
of the activity (one upstream of that output and not of all the activity's outputs; all
that is upstream of it when it is the activity's only output) is upstream of the outcome; an outcome that the activity reaches through
none of its outputs (e.g. the loneliness approach, which has no output) hangs from the
activity itself.

Tracing the model takes about a second; :func:`goal_tree` does it once per process.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache

from model.policy.activities import ACTIVITIES, Activity
from model.policy.indicators import GOALS, INDICATORS
from model.policy.scenarios import load_scenario
from model.run.export import export_scenario

_STOP_PREFIXES = ("cofinancing_inflow", "cofinancing_received")
"""Accounts that sum every line's co-financing: a walk through them would reach everything."""


@dataclass(frozen=True)
class GoalTree:
    """Lines, activities, outputs and outcomes with the links between them.

    Attributes
    ----------
    activities : tuple of Activity
        In line order.
    activity_outputs : dict of str to tuple of str
        Activity id -> the outputs it feeds (indicator ids, in :data:`INDICATORS` order).
    activity_outcomes : dict of str to tuple of str
        Activity id -> every outcome it feeds (directly or through its outputs).
    output_outcomes : dict of str to tuple of str
        Output id -> the outcomes its branch of the activity feeds.
    direct_outcomes : dict of str to tuple of str
        Activity id -> the outcomes it feeds through none of its outputs.
    """

    activities: tuple[Activity, ...]
    activity_outputs: dict[str, tuple[str, ...]]
    activity_outcomes: dict[str, tuple[str, ...]]
    output_outcomes: dict[str, tuple[str, ...]]
    direct_outcomes: dict[str, tuple[str, ...]]

    @property
    def outputs(self) -> tuple[str, ...]:
        """Every output an activity feeds, in activity order (then indicator order)."""
        return tuple(dict.fromkeys(o for a in self.activities for o in self.activity_outputs[a.id]))

    @property
    def outcomes(self) -> tuple[str, ...]:
        """Every outcome an activity feeds, in goal order (then indicator order)."""
        order = {g: k for k, g in enumerate(GOALS)}
        found = {y for a in self.activities for y in self.activity_outcomes[a.id]}
        return tuple(
            sorted(found, key=lambda i: (order[INDICATORS[i].goal], list(INDICATORS).index(i)))
        )


def _in_order(ids: Iterable[str]) -> tuple[str, ...]:
    found = set(ids)
    return tuple(i for i in INDICATORS if i in found)


def derive(
    reads: Mapping[str, set[str]],
    variables: Mapping[str, list[str]],
    activities: Iterable[Activity] = ACTIVITIES,
) -> GoalTree:
    """The goal tree of a dependency graph.

    Parameters
    ----------
    reads : mapping of str to set of str
        Each node -> the nodes its equation reads (:attr:`model.engine.export.MdlModel.reads`).
    variables : mapping of str to list of str
        Each model variable -> its nodes (:attr:`model.engine.export.MdlModel.variables`).
    activities : iterable of Activity
    """
    activities = tuple(activities)
    owner = {node: name for name, nodes in variables.items() for node in nodes}
    readers: dict[str, set[str]] = {}
    for reader, read in reads.items():
        for node in read:
            readers.setdefault(node, set()).add(reader)
    money_vars = {a.variable for a in activities}
    outcomes = {i for i, ind in INDICATORS.items() if ind.level == "outcome"}
    outputs = {i for i, ind in INDICATORS.items() if ind.level == "output"}

    def stops(node: str) -> bool:
        name = owner.get(node, node)
        return (
            name in money_vars
            or name in outcomes
            or "spillover" in name
            or name.startswith(_STOP_PREFIXES)
        )

    def downstream(start: Iterable[str]) -> set[str]:
        found: set[str] = set()
        todo = list(start)
        while todo:
            for reader in readers.get(todo.pop(), ()):
                if reader not in found:
                    found.add(reader)
                    if not stops(reader):
                        todo.append(reader)
        return found

    def names(nodes: Iterable[str]) -> set[str]:
        return {owner.get(n, n) for n in nodes}

    act_outputs: dict[str, tuple[str, ...]] = {}
    act_outcomes: dict[str, tuple[str, ...]] = {}
    out_outcomes: dict[str, tuple[str, ...]] = {}
    direct: dict[str, tuple[str, ...]] = {}
    for a in activities:
        sub = downstream(variables[a.variable])
        reached = names(sub)
        mine = _in_order(reached & outputs)
        act_outputs[a.id] = mine
        act_outcomes[a.id] = _in_order(reached & outcomes)
        # upstream of each output within the activity's subgraph
        upstream = {o: _upstream(variables[o], reads, sub) for o in mine}
        # what every output of the activity depends on is the activity's, not an output's
        # branch; an activity's only output is its whole mechanism
        shared = set.intersection(*upstream.values()) if len(mine) > 1 else set()
        linked: set[str] = set()
        for o in mine:
            branch = (upstream[o] - shared) | set(variables[o])
            feeds = names(downstream(branch)) & set(act_outcomes[a.id])
            out_outcomes[o] = _in_order(set(out_outcomes.get(o, ())) | feeds)
            linked |= feeds
        direct[a.id] = _in_order(set(act_outcomes[a.id]) - linked)
    return GoalTree(activities, act_outputs, act_outcomes, out_outcomes, direct)


def _upstream(start: Iterable[str], reads: Mapping[str, set[str]], within: set[str]) -> set[str]:
    """The nodes of ``within`` that ``start`` depends on (``start`` included)."""
    found = set(start)
    todo = list(found)
    while todo:
        for node in reads.get(todo.pop(), ()):
            if node in within and node not in found:
                found.add(node)
                todo.append(node)
    return found


@lru_cache(maxsize=1)
def goal_tree() -> GoalTree:
    """The Limburg model's goal tree (:func:`derive` of the baseline's traced model; the
    links do not depend on the allocation or the parameters' values).

    Examples
    --------
    >>> tree = goal_tree()
    >>> tree.activity_outputs["gbt"]
    ('gbt_schools', 'gbt_children')
    >>> tree.direct_outcomes["loneliness"]
    ('loneliness_share',)
    """
    mdl = export_scenario(load_scenario("baseline"))
    return derive(mdl.reads, mdl.variables)
