"""Goal ``sport`` — Een gezonde Limburger door meer bewegen en sporten (line 2.3 and the
structural sport funds, §6.2.4).

Money
-----
* Line 2.3 (1,200 k€, §9.2). Of it, 350 k€ was committed in 2024 for two regulations (§9.2):
  Stimuleringsregeling Bovenlokale Evenementen 100 k€ and Subsidieregeling Topsportevenementen
  250 k€; the ledger pays that out during 2024 (``reserve_commitment_payout``). The rest, as the
  council releases it, is divided (fixed shares ``sport_share_*``) over the two event regulations
  and the three regional sport agreements.
* Structural funds (§9, §9.1): the sport-branch platforms (2,500 k€/yr, ledger fund
  ``sport_platforms``) and the Ondersteuningsstructuur Sport (1,230 k€/yr, part of the ledger fund
  ``social_basic_infrastructure``), which pays the assignment to Coöperatie Limburg Sport.

Mechanisms
----------
* Events: money -> grant -> event held after a lead time (a pipeline); the doelenboom counts events
  supported since 2024 (75 supra-local, 12 top-sport events with a mass-participation programme).
  The events a year that apply and that Limburg can host are a finite pool per regulation
  (``sport_*_events_pool``): the grants saturate towards it, so money buys fewer events as the
  pool thins out, and the money of a regulation that finds no event is not granted.
* Sport agreements: the three regional agreements are worked out from the start of the period
  (a third-order delay); one counts as *in execution* once worked out and the province's
  contribution to it is funded from line 2.3.
* Athletes supported via Coöperatie Limburg Sport follow the money of the assignment (about 1,500
  now, §6.2.4); the assignment is evaluated in 2025 and may be extended for 2026-2027 (an
  uncertainty: ``cls_assignment_extension``).
* Reach of the sport infrastructure: the platforms sharpen their yearly work plans after the 2024
  dialogue (§6.2.4, motie 3028), and the agreements add reach; it scales with the platforms' money.
* Outcomes: the index of Limburgers set moving follows the reach (while the work plans and
  agreements run) and the people events set moving (a stock that falls back at a relapse rate);
  the share of adults meeting the movement guideline (per region, 40.3 % Zuid and 45.1 %
  Noord/Midden in 2022, §1) counts the share of those extra people who come to meet the
  guideline, on top of an uncertain autonomous trend.
"""

from __future__ import annotations

import numpy as np

from model.engine import Structure, aux, flow, pulse, step
from model.policy.blocks import (
    Pipeline,
    add_indicator_alias,
    add_outcome,
    add_people_helped,
    add_pipeline,
)
from model.policy.budget import BUDGET_YEARS, LEDGER_LINES, STRUCTURAL_FUNDS
from model.policy.indicators import REGIONAL_STARTS, REGIONS

LINE = "2.3"
_LINE_INDEX = LEDGER_LINES.index(LINE)
_FUNDS = list(STRUCTURAL_FUNDS)
_PER_YEAR = {fund: amount / len(BUDGET_YEARS) for fund, amount in STRUCTURAL_FUNDS.items()}
MOVEMENT_START = np.array([REGIONAL_STARTS["movement_guideline_share"][r] for r in REGIONS])
"""Adults meeting the movement guideline in 2022 per region, % (§1), used for the end of 2023."""


def _released(reserve_spending: np.ndarray) -> np.ndarray:
    """Line 2.3 money released by the council and turned into work, k€/yr."""
    return reserve_spending[:, _LINE_INDEX]


def _committed(reserve_commitment_payout: np.ndarray) -> np.ndarray:
    """Line 2.3 money already committed in 2024 (the two event regulations), k€/yr."""
    return reserve_commitment_payout[:, _LINE_INDEX]


def _structural(structural_spending: np.ndarray, fund: str) -> np.ndarray:
    """Structural spending of one fund relative to its 2024-2027 yearly amount (1 = as budgeted)."""
    return structural_spending[:, _FUNDS.index(fund)] / _PER_YEAR[fund]


def _per_region(a: np.ndarray) -> np.ndarray:
    """The same value for every region, shape (n, len(REGIONS))."""
    return np.repeat(np.reshape(a, (-1, 1)), len(REGIONS), axis=1)


# -- events ----------------------------------------------------------------------------


def _granted(money: np.ndarray, cost: np.ndarray, pool: np.ndarray) -> np.ndarray:
    """Money granted to events (k€/yr): the events the money could pay, ``money / cost`` a
    year, saturate at the events a year the province can host, ``pool``:
    granted events = pool x (1 - exp(-(money / cost) / pool)). Close to money / cost while
    that is small against the pool, never above the pool: diminishing returns, not a clip."""
    pool = np.maximum(pool, 1e-12)
    return cost * pool * -np.expm1(-(money / cost) / pool)


@aux(
    units="k€/yr",
    long_name="Bovenlokale sportevenementen: geld uit de regeling (toezegging 2024 en lijn 2.3)",
)
def sport_supralocal_events_money(p, reserve_spending, reserve_commitment_payout):
    """Money for supra-local events: its part of the 2024 commitment (100 of 350 k€, §9.2)
    plus its share of the released line 2.3 money (k€/yr)."""
    return (
        _committed(reserve_commitment_payout)
        * (
            p.sport_regulation_supralocal_2024
            / (p.sport_regulation_supralocal_2024 + p.sport_regulation_topsport_2024)
        )
        + _released(reserve_spending) * p.sport_share_supralocal
    )


@aux(
    units="k€/yr",
    long_name="Topsportevenementen: geld uit de regeling (toezegging 2024 en lijn 2.3)",
)
def sport_topsport_events_money(p, reserve_spending, reserve_commitment_payout):
    """Money for top-sport events: its part of the 2024 commitment (250 of 350 k€, §9.2)
    plus its share of the released line 2.3 money (k€/yr)."""
    return (
        _committed(reserve_commitment_payout)
        * (
            p.sport_regulation_topsport_2024
            / (p.sport_regulation_supralocal_2024 + p.sport_regulation_topsport_2024)
        )
        + _released(reserve_spending) * p.sport_share_topsport
    )


def sport_supralocal_events_funding(p, sport_supralocal_events_money):
    """Money granted to supra-local events, saturating at the events a year Limburg has to
    support (``sport_supralocal_events_pool``)."""
    return _granted(
        sport_supralocal_events_money, p.sport_supralocal_event_cost, p.sport_supralocal_events_pool
    )


def sport_topsport_events_funding(p, sport_topsport_events_money):
    """Money granted to top-sport events, saturating at the events a year Limburg can host
    (``sport_topsport_events_pool``)."""
    return _granted(
        sport_topsport_events_money, p.sport_topsport_event_cost, p.sport_topsport_events_pool
    )


def supralocal_sport_events(sport_supralocal_events_started_total):
    """Supra-local sport events supported since 2024."""
    return sport_supralocal_events_started_total


def top_sport_events(sport_topsport_events_started_total):
    """Top-sport events with a mass-participation programme supported since 2024."""
    return sport_topsport_events_started_total


@aux(units="events/yr", long_name="Ondersteunde sportevenementen die plaatsvinden (per jaar)")
def sport_events_per_year(sport_supralocal_events_pipeline_out, sport_topsport_events_pipeline_out):
    """Supported events taking place per year, both regulations together."""
    return sport_supralocal_events_pipeline_out + sport_topsport_events_pipeline_out


# -- regional sport agreements ---------------------------------------------------------


def sport_agreements_development_input(p, t_step, dt):
    """The planned agreements start being worked out at once, at their start date."""
    return pulse(p.sport_agreements_planned, p.sport_agreements_start, t_step, dt)


def sport_agreements_development_delay(p):
    """Years to work out an agreement with municipalities, sport organisations and platforms."""
    return p.sport_agreements_work_out_time


@flow(
    units="k€/yr",
    long_name="Regionale sportakkoorden: provinciale bijdrage",
    target="sport_agreements_money_total",
)
def sport_agreements_money(p, reserve_spending):
    """Line 2.3's share for the province's contribution to the agreements."""
    return _released(reserve_spending) * p.sport_share_agreements


@aux(
    units="1",
    long_name="Deel van de akkoorden waarvan de provinciale bijdrage gefinancierd is",
)
def sport_agreements_funded_share(p, sport_agreements_money_total):
    """Share of the agreements whose provincial contribution has been paid."""
    return np.minimum(
        1.0,
        sport_agreements_money_total
        / (p.sport_agreements_planned * p.sport_agreement_contribution),
    )


def sport_agreements(sport_agreements_worked_out, sport_agreements_funded_share):
    """Regional sport agreements in execution: worked out and funded."""
    return sport_agreements_worked_out * sport_agreements_funded_share


# -- Coöperatie Limburg Sport: athletes supported ----------------------------------------


@aux(units="k€/yr", long_name="Opdracht Coöperatie Limburg Sport: budget (structureel)")
def cls_assignment_budget(p, structural_spending, t_step):
    """Budget of the assignment to Coöperatie Limburg Sport, as structurally spent."""
    return (
        p.sport_support_structure_budget
        * p.cls_share_of_support_structure
        * _structural(structural_spending, "social_basic_infrastructure")
        # evaluated in 2025, extension decided for 2026-2027 (§6.2.4)
        * np.where(t_step >= 2026.0, p.cls_assignment_extension, 1.0)
    )


def athletes_supported_level_initial(p):
    """Athletes supported in 2023 (about 1,500, §6.2.4)."""
    return p.athletes_supported_2023


# A first-order smooth written out rather than with Structure.smooth: that would name
# the flow athletes_supported_level_adjustment and let the stock go negative.
@flow(
    units="athletes/yr",
    long_name="Aanpassing van het aantal ondersteunde sporters aan het budget",
    target="athletes_supported_level",
)
def athletes_supported_adjustment(p, cls_assignment_budget, athletes_supported_level):
    """Athletes supported move towards what the assignment's budget pays for."""
    return (
        cls_assignment_budget / p.sport_athlete_support_cost - athletes_supported_level
    ) / p.athletes_adjustment_time


def athletes_supported(athletes_supported_level):
    """Athletes supported via Coöperatie Limburg Sport per year."""
    return athletes_supported_level


# -- reach of the sport infrastructure's work plans -------------------------------------


@aux(units="%", long_name="Bereik van de werkplannen zodra verwerkt, t.o.v. 2023")
def sport_reach_target(p, t_step, structural_spending, sport_agreements):
    """Reach the platforms' work plans and the agreements add once worked through (%)."""
    return (
        100.0
        * (
            (1.0 + step(p.sport_workplan_gain, p.sport_workplans_sharpened_from, t_step))
            * _structural(structural_spending, "sport_platforms")
            - 1.0
        )
        + p.sport_reach_pct_per_agreement * sport_agreements
    )


def sport_reach_increase_input(sport_reach_target):
    """The reach the work plans aim at (%)."""
    return sport_reach_target


def sport_reach_increase_delay(p):
    """Years for the work plans' reach to materialise."""
    return p.sport_reach_delay


def sport_infrastructure_reach_increase_pct(sport_reach_increase):
    """More Limburgers reached by the provincial sport infrastructure since 2023 (%)."""
    return sport_reach_increase


# -- outcomes --------------------------------------------------------------------------
# Two nested measures: the Limburgers the infrastructure sets moving (an index: nobody counts
# them publicly) and, among them, those who come to meet the movement guideline (measured by
# the Gezondheidsmonitor). The same people count in both by definition: the guideline share
# reads the extra people set moving times the share of them who meet the guideline
# (``movement_share_of_stimulated``), not a second effect of the activities. People set
# moving by an event are a stock that outlasts the event and falls back at
# ``sport_relapse_rate``; the reach of the work plans and agreements lasts while they run.

ACTIVITY_OUTCOMES = {
    "events": "sport_infrastructure_stimulated",
    "sport_agreements": "sport_infrastructure_stimulated",
    "platform_work_plans": "sport_infrastructure_stimulated",
}
"""The outcome each sport activity acts on directly; ``movement_guideline_share`` follows
``sport_infrastructure_stimulated`` as the nested share of the same people."""


def event_stimulated_gain(p, sport_events_per_year):
    """Limburgers a year whom a supported event (with its mass-participation programme) sets
    moving lastingly."""
    return sport_events_per_year * p.sport_event_people_stimulated


def sport_infrastructure_stimulated_effect_input(
    p, sport_reach_increase, people_set_moving_by_events
):
    """Index points of Limburgers set moving (2023 = 100, ``sport_stimulated_2023`` people):
    the extra reach of the infrastructure (% above 2023, while it runs) times the share of it
    that sets people moving, plus the people events set moving who still move."""
    return (
        sport_reach_increase * p.sport_stimulated_pts_per_reach_pct
        + 100.0 * people_set_moving_by_events / p.sport_stimulated_2023
    )


def movement_guideline_share_start(p):
    """Adults meeting the movement guideline at the end of 2023 per region (%)."""
    # the document's shares are for 2022 (§1); one year of the autonomous trend
    # brings them to the end of 2023, where the simulation starts
    return MOVEMENT_START[None, :] * (1.0 + np.reshape(p.movement_guideline_trend, (-1, 1)))


def movement_guideline_share_effect_input(p, sport_infrastructure_stimulated_effect):
    """%-points more adults meeting the guideline: the extra Limburgers set moving (index
    points x ``sport_stimulated_2023`` / 100) times the share of them who come to meet it,
    over Limburg's adults."""
    extra_people = sport_infrastructure_stimulated_effect / 100.0 * p.sport_stimulated_2023
    points = 100.0 * extra_people * p.movement_share_of_stimulated / p.adults_limburg
    # the same %-points in both regions: the platforms and agreements cover all of Limburg
    return _per_region(points)


def _add_events(s: Structure) -> dict[str, Pipeline]:
    """Supra-local and top-sport events: regulation money -> grant -> event held."""
    s.add(sport_supralocal_events_money, sport_topsport_events_money)
    out = {}
    for kind, funding, indicator, long_name in (
        (
            "supralocal",
            sport_supralocal_events_funding,
            supralocal_sport_events,
            "Bovenlokale sportevenementen",
        ),
        (
            "topsport",
            sport_topsport_events_funding,
            top_sport_events,
            "Topsportevenementen met breedtesportprogramma",
        ),
    ):
        out[kind] = add_pipeline(
            s,
            f"sport_{kind}_events",
            funding=funding,
            cost=f"sport_{kind}_event_cost",
            start_delay="sport_event_lead_time",
            units="events",
            long_name=long_name,
        )
        add_indicator_alias(s, indicator.__name__, indicator)
    s.add(sport_events_per_year)
    return out


def _add_agreements(s: Structure) -> None:
    """Three regional sport agreements: worked out with a delay, in execution once funded."""
    s.stock(
        "sport_agreements_worked_out",
        units="agreements",
        long_name="Regionale sportakkoorden: uitgewerkt",
    )
    s.delay3(
        "sport_agreements_development",
        input=sport_agreements_development_input,
        delay=sport_agreements_development_delay,
        units="agreements/yr",
        long_name="Regionale sportakkoorden: uitwerking met gemeenten, sportorganisaties en sporttakplatforms",
        target="sport_agreements_worked_out",
    )
    s.stock(
        "sport_agreements_money_total",
        units="k€",
        long_name="Regionale sportakkoorden: provinciale bijdrage ontvangen (cumulatief)",
    )
    s.add(sport_agreements_money, sport_agreements_funded_share)
    add_indicator_alias(s, "sport_agreements", sport_agreements)


def add_sport(s: Structure) -> None:
    """Declare the sport goal's activities, outputs and outcomes."""
    _add_events(s)
    _add_agreements(s)

    # -- Coöperatie Limburg Sport: athletes supported --------------------------------
    s.add(cls_assignment_budget)
    s.stock(
        "athletes_supported_level",
        units="athletes",
        long_name="Sporters ondersteund via Coöperatie Limburg Sport (per jaar)",
        initial=athletes_supported_level_initial,
    )
    s.add(athletes_supported_adjustment)
    add_indicator_alias(s, "athletes_supported", athletes_supported)

    # -- reach of the sport infrastructure's work plans -----------------------------
    s.add(sport_reach_target)
    s.smooth3(
        "sport_reach_increase",
        input=sport_reach_increase_input,
        delay=sport_reach_increase_delay,
        units="%",
        long_name="Meer Limburgers bereikt door de provinciale sportinfrastructuur (t.o.v. 2023)",
    )
    add_indicator_alias(
        s, "sport_infrastructure_reach_increase_pct", sport_infrastructure_reach_increase_pct
    )

    # -- outcomes ------------------------------------------------------------------
    add_people_helped(
        s,
        "people_set_moving_by_events",
        gain=event_stimulated_gain,
        loss_rate="sport_relapse_rate",
        units="persons",
        long_name="Limburgers die door ondersteunde evenementen blijvend meer zijn gaan bewegen",
    )
    add_outcome(
        s,
        "sport_infrastructure_stimulated",
        trend="sport_infrastructure_stimulated_trend",
        start=100.0,
        delay="sport_stimulated_delay",
        effect=sport_infrastructure_stimulated_effect_input,
    )
    add_outcome(
        s,
        "movement_guideline_share",
        trend="movement_guideline_trend",
        start=movement_guideline_share_start,
        delay="movement_effect_delay",
        effect=movement_guideline_share_effect_input,
        dims=("region",),
    )


PLAN_RULES = {
    # plan-derived parameter ("what the plan requires"): (indicator it is solved for, (low, high) range as factors of the value)
    "sport_supralocal_event_cost": ("supralocal_sport_events", (0.7, 1.3)),
    "sport_topsport_event_cost": ("top_sport_events", (0.7, 1.3)),
    "sport_athlete_support_cost": ("athletes_supported", (0.8, 1.2)),
    "sport_workplan_gain": ("sport_infrastructure_reach_increase_pct", (0.5, 1.5)),
}
"""Parameters derived so that the baseline meets the doelenboom target (``python -m model.analysis.plancost``)."""

DERIVED: dict = {}
"""No parameter of this goal is computed from others."""
