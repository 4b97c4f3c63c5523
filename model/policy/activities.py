"""The doelenboom's activities: what each budget line's money is divided over, and how.

Each goal module divides its line's spending over its activities by fixed shares (the
``*_share_*`` parameters of group ``allocation_within_line``, a planning choice the policy
document leaves open). This module names those activities once, with

* the model variable that carries the activity's money (``variable``): the first equation
  that takes the activity's part of the line's spending. Which outputs and outcomes each
  activity feeds is derived from the model's dependency graph, downstream of this variable
  (:mod:`model.run.goaltree`), not declared here;
* the activity's part of its line (``money``): a function of the parameters (``p.<name>``,
  as in the equations) and the line's amount, the same arithmetic as the equation that
  splits the money, so that the parts of a line add up to the line (tested);
* the co-financing source (:data:`~model.policy.budget.COFINANCING_SOURCES`) that flows
  into the activity's work, if any.

:func:`activity_money` gives every activity's part of a scenario's allocation in k€: the
planned split. What is spent by when is the ledger's business (:mod:`model.run.ledger`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any

from model.policy.budget import COFINANCING_SOURCES, COMMITTED, LINES
from model.policy.parameters import ParameterSet
from model.policy.scenarios import Scenario


@dataclass(frozen=True)
class Activity:
    """One activity of a budget line.

    Attributes
    ----------
    id : str
        Its key; the label is ``activity.<id>`` in the text catalogue.
    line : str
        The budget line (:data:`~model.policy.budget.LINES`).
    variable : str
        The model variable that takes the activity's part of the line's spending (k€/yr).
    money : callable
        ``money(p, amount, levers)`` -> k€: the activity's part of ``amount`` k€ on its line;
        ``p`` reads parameter values as attributes, ``levers`` the scenario's levers.
    cofinancing : str or None
        The co-financing source that funds the activity's work beside the reserve.
    """

    id: str
    line: str
    variable: str
    money: Callable[[Any, float, Any], float]
    cofinancing: str | None = None


def _share(name: str) -> Callable[[Any, float, Any], float]:
    """The part a fixed share ``p.<name>`` of the line takes."""
    return lambda p, amount, levers: amount * getattr(p, name)


_SPORT_COMMITTED = sum(COMMITTED["2.3"].values())
"""Line 2.3's money committed in 2024 (§9.2): the two event regulations' 100 and 250 k€."""


def _sport_event(regulation: str, share: str) -> Callable[[Any, float, Any], float]:
    """An event regulation: its part of the 2024 commitment plus its share of the rest
    (model.policy.goals.sport.sport_supralocal_events_money)."""

    def money(p: Any, amount: float, levers: Any) -> float:
        committed = p.sport_regulation_supralocal_2024 + p.sport_regulation_topsport_2024
        own = getattr(p, regulation) / committed
        return min(amount, _SPORT_COMMITTED) * own + max(amount - _SPORT_COMMITTED, 0.0) * getattr(
            p, share
        )

    return money


def _sport_agreements(p: Any, amount: float, levers: Any) -> float:
    return max(amount - _SPORT_COMMITTED, 0.0) * p.sport_share_agreements


def _continued(p: Any, amount: float, levers: Any) -> float:
    # the two running approaches come off line 2.2 before the neighbourhoods/villages split
    return amount * p.continued_share_of_line_2_2


def _neighbourhoods(p: Any, amount: float, levers: Any) -> float:
    return amount * (1.0 - p.continued_share_of_line_2_2) * levers.neighbourhood_share


def _villages(p: Any, amount: float, levers: Any) -> float:
    return amount * (1.0 - p.continued_share_of_line_2_2) * (1.0 - levers.neighbourhood_share)


# Line 2.1.a: the ledger splits off the Jeugdfonds part first and the other activities
# share the rest by their shares renormalised to it (model.policy.goals.poverty._other_share):
# the same money as their share of the whole line.
ACTIVITIES: tuple[Activity, ...] = (
    Activity("poverty_projects", "2.1.a", "poverty_projects_funding", _share("poverty_share_projects")),
    Activity("neet_projects", "2.1.a", "neet_projects_funding", _share("poverty_share_neet")),
    Activity("jeugdfonds", "2.1.a", "jeugdfonds_budget", _share("poverty_share_jeugdfonds")),
    Activity("poverty_outreach", "2.1.a", "poverty_outreach_funding", _share("poverty_share_outreach")),
    Activity("gbt", "2.1.b", "gbt_startup_funding", _share("youth_share_gbt"), "gbt_national"),
    Activity("keigezond", "2.1.b", "keigezond_money", _share("youth_share_keigezond"), "keigezond"),
    Activity("kansrijke_start", "2.1.b", "ks_provincial_funding", _share("youth_share_kansrijke_start"), "kansrijke_start"),
    Activity("handle_with_care", "2.1.b", "hwc_funds_in", _share("youth_share_handle_with_care")),
    Activity("kindermishandeling", "2.1.b", "bk_funds_in", _share("youth_share_kindermishandeling")),
    Activity("citizen_initiatives", "2.1.c", "citizen_initiatives_money", _share("cohesion_share_initiatives")),
    Activity("social_funds", "2.1.c", "social_fund_money", _share("cohesion_share_social_funds"), "social_funds"),
    Activity("loneliness", "2.1.c", "cohesion_loneliness_funding", _share("cohesion_share_loneliness")),
    Activity("symposium", "2.1.c", "cohesion_symposium_funding", _share("cohesion_share_symposium")),
    Activity("experiments", "2.1.d", "experiments_funding", lambda p, amount, levers: amount),
    Activity("neighbourhood_approaches", "2.2", "neighbourhood_money_in", _neighbourhoods, "area_partners"),
    Activity("village_approaches", "2.2", "village_money_in", _villages, "area_partners"),
    Activity("continued_approaches", "2.2", "continued_money_in", _continued, "area_partners"),
    Activity("supralocal_events", "2.3", "sport_supralocal_events_money", _sport_event("sport_regulation_supralocal_2024", "sport_share_supralocal")),
    Activity("topsport_events", "2.3", "sport_topsport_events_money", _sport_event("sport_regulation_topsport_2024", "sport_share_topsport")),
    Activity("sport_agreements", "2.3", "sport_agreements_money", _sport_agreements),
)  # fmt: skip
"""Every activity the reserve funds, in line order (the order of the doelenboom annex).
The symposium's share goes to the loneliness approach once the symposium is prepared
(model.policy.goals.cohesion); the planned split shows it as the symposium's."""

ACTIVITY_IDS = {a.id: a for a in ACTIVITIES}

if {a.line for a in ACTIVITIES} != set(LINES):  # every line's money goes somewhere
    raise RuntimeError(
        f"activities cover lines {sorted({a.line for a in ACTIVITIES})}, not {LINES}"
    )
for _a in ACTIVITIES:
    if _a.cofinancing is not None and not any(
        ledger_line.startswith(_a.line) for ledger_line in COFINANCING_SOURCES[_a.cofinancing]
    ):
        raise RuntimeError(
            f"activity {_a.id}: co-financing {_a.cofinancing} accompanies another line"
        )


def activity_money(scenario: Scenario, parameters: ParameterSet | None = None) -> dict[str, float]:
    """The planned split of ``scenario``'s allocation over the activities.

    Parameters
    ----------
    scenario : Scenario
        Its allocation (k€ per line) and levers (the 2.2 neighbourhoods/villages split).
    parameters : ParameterSet, optional
        The shares' values (default: the parameter files); the scenario's assumptions apply.

    Returns
    -------
    dict of str to float
        Activity id -> k€, in :data:`ACTIVITIES` order; each line's activities add up to
        the line's amount.

    Examples
    --------
    >>> from model import load_scenario
    >>> money = activity_money(load_scenario("baseline"))
    >>> round(money["gbt"]), round(sum(v for k, v in money.items() if ACTIVITY_IDS[k].line == "2.1.b"))
    (1400, 4000)
    """
    p = _values(scenario.parameters(parameters))
    return {
        a.id: float(a.money(p, float(scenario.allocation.get(a.line, 0.0)), scenario))
        for a in ACTIVITIES
    }


def _values(params: ParameterSet) -> Any:
    """Parameter values readable as ``p.<name>``, as the equations read them."""
    values: Mapping[str, float] = params.values()
    return SimpleNamespace(**values)
