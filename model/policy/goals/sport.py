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
* Sport agreements: the three regional agreements are worked out from the start of the period
  (a third-order delay); one counts as *in execution* once worked out and the province's
  contribution to it is funded from line 2.3.
* Athletes supported via Coöperatie Limburg Sport follow the money of the assignment (about 1,500
  now, §6.2.4); the assignment is evaluated in 2025 and may be extended for 2026-2027 (an
  uncertainty: ``cls_assignment_extension``).
* Reach of the sport infrastructure: the platforms sharpen their yearly work plans after the 2024
  dialogue (§6.2.4, motie 3028), and the agreements add reach; it scales with the platforms' money.
* Outcomes: the index of Limburgers stimulated to move follows reach and events; the share of adults
  meeting the movement guideline (per region, 40.3 % Zuid and 45.1 % Noord/Midden in 2022, §1)
  follows the stimulated index slowly, on top of an uncertain autonomous trend.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from model.engine import Context, Structure
from model.policy.blocks import add_indicator_alias, add_outcome, add_pipeline
from model.policy.budget import BUDGET_YEARS, LEDGER_LINES, STRUCTURAL_FUNDS
from model.policy.indicators import REGIONAL_STARTS, REGIONS

LINE = "2.3"
Rate = Callable[[Context], np.ndarray]
_LINE_INDEX = LEDGER_LINES.index(LINE)
_FUNDS = list(STRUCTURAL_FUNDS)
_PER_YEAR = {fund: amount / len(BUDGET_YEARS) for fund, amount in STRUCTURAL_FUNDS.items()}
MOVEMENT_START = np.array([REGIONAL_STARTS["movement_guideline_share"][r] for r in REGIONS])
"""Adults meeting the movement guideline in 2022 per region, % (§1), used for the end of 2023."""


def _released(v: Context) -> np.ndarray:
    """Line 2.3 money released by the council and turned into work, k€/yr."""
    return v["reserve_spending"][:, _LINE_INDEX]


def _committed(v: Context) -> np.ndarray:
    """Line 2.3 money already committed in 2024 (the two event regulations), k€/yr."""
    return v["reserve_commitment_payout"][:, _LINE_INDEX]


def _committed_share(v: Context, regulation: str) -> np.ndarray:
    """Share of the 2024 commitment that belongs to one regulation (100 and 250 k€, §9.2)."""
    supralocal, top = v.p["sport_regulation_supralocal_2024"], v.p["sport_regulation_topsport_2024"]
    return (supralocal if regulation == "supralocal" else top) / (supralocal + top)


def _structural(v: Context, fund: str) -> np.ndarray:
    """Structural spending of one fund relative to its 2024-2027 yearly amount (1 = as budgeted)."""
    return v["structural_spending"][:, _FUNDS.index(fund)] / _PER_YEAR[fund]


def _per_region(a: np.ndarray) -> np.ndarray:
    """The same value for every region, shape (n, len(REGIONS))."""
    return np.repeat(np.asarray(a)[:, None], len(REGIONS), axis=1)


def _add_events(s: Structure) -> dict[str, dict[str, str]]:
    """Supra-local and top-sport events: regulation money -> grant -> event held."""
    out = {}
    for kind, indicator, long_name in (
        ("supralocal", "supralocal_sport_events", "Bovenlokale sportevenementen"),
        ("topsport", "top_sport_events", "Topsportevenementen met breedtesportprogramma"),
    ):
        events = add_pipeline(
            s,
            f"sport_{kind}_events",
            funding=lambda v, kind=kind: (
                _committed(v) * _committed_share(v, kind)
                + _released(v) * v.p[f"sport_share_{kind}"]
            ),
            cost=f"sport_{kind}_event_cost",
            start_delay="sport_event_lead_time",
            units="events",
            long_name=long_name,
        )
        add_indicator_alias(s, indicator, lambda v, n=events.started: v[n])
        out[kind] = events
    s.auxiliary(
        "sport_events_per_year",
        units="events/yr",
        long_name="Ondersteunde sportevenementen die plaatsvinden (per jaar)",
        func=lambda v: (
            v["sport_supralocal_events_pipeline_out"] + v["sport_topsport_events_pipeline_out"]
        ),
    )
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
        input=lambda v: v.pulse(v.p["sport_agreements_planned"], v.p["sport_agreements_start"]),
        delay=lambda v: v.p["sport_agreements_work_out_time"],
        units="agreements/yr",
        long_name="Regionale sportakkoorden: uitwerking met gemeenten, sportorganisaties en sporttakplatforms",
        target="sport_agreements_worked_out",
    )
    s.stock(
        "sport_agreements_money_total",
        units="k€",
        long_name="Regionale sportakkoorden: provinciale bijdrage ontvangen (cumulatief)",
    )
    s.flow(
        "sport_agreements_money",
        units="k€/yr",
        long_name="Regionale sportakkoorden: provinciale bijdrage",
        target="sport_agreements_money_total",
        rate=lambda v: _released(v) * v.p["sport_share_agreements"],
    )
    s.auxiliary(
        "sport_agreements_funded_share",
        units="1",
        long_name="Deel van de akkoorden waarvan de provinciale bijdrage gefinancierd is",
        func=lambda v: np.minimum(
            1.0,
            v["sport_agreements_money_total"]
            / (v.p["sport_agreements_planned"] * v.p["sport_agreement_contribution"]),
        ),
    )
    add_indicator_alias(
        s,
        "sport_agreements",
        lambda v: v["sport_agreements_worked_out"] * v["sport_agreements_funded_share"],
    )


def add_sport(s: Structure) -> None:
    """Declare the sport goal's activities, outputs and outcomes."""
    _add_events(s)
    _add_agreements(s)

    # -- Coöperatie Limburg Sport: athletes supported --------------------------------
    s.auxiliary(
        "cls_assignment_budget",
        units="k€/yr",
        long_name="Opdracht Coöperatie Limburg Sport: budget (structureel)",
        func=lambda v: (
            v.p["sport_support_structure_budget"]
            * v.p["cls_share_of_support_structure"]
            * _structural(v, "social_basic_infrastructure")
            # evaluated in 2025, extension decided for 2026-2027 (§6.2.4)
            * np.where(v.t_step >= 2026.0, v.p["cls_assignment_extension"], 1.0)
        ),
    )
    s.stock(
        "athletes_supported_level",
        units="athletes",
        long_name="Sporters ondersteund via Coöperatie Limburg Sport (per jaar)",
        initial=lambda v: v.p["athletes_supported_2023"],
    )
    s.flow(
        "athletes_supported_adjustment",
        units="athletes/yr",
        long_name="Aanpassing van het aantal ondersteunde sporters aan het budget",
        target="athletes_supported_level",
        rate=lambda v: (
            (
                v["cls_assignment_budget"] / v.p["sport_athlete_support_cost"]
                - v["athletes_supported_level"]
            )
            / v.p["athletes_adjustment_time"]
        ),
    )
    add_indicator_alias(s, "athletes_supported", lambda v: v["athletes_supported_level"])

    # -- reach of the sport infrastructure's work plans -----------------------------
    s.auxiliary(
        "sport_reach_target",
        units="%",
        long_name="Bereik van de werkplannen zodra verwerkt, t.o.v. 2023",
        func=lambda v: (
            100.0
            * (
                (
                    1.0
                    + v.p["sport_workplan_gain"]
                    * (v.t_step >= v.p["sport_workplans_sharpened_from"])
                )
                * _structural(v, "sport_platforms")
                - 1.0
            )
            + v.p["sport_reach_pct_per_agreement"] * v["sport_agreements"]
        ),
    )
    s.smooth3(
        "sport_reach_increase",
        input=lambda v: v["sport_reach_target"],
        delay=lambda v: v.p["sport_reach_delay"],
        units="%",
        long_name="Meer Limburgers bereikt door de provinciale sportinfrastructuur (t.o.v. 2023)",
    )
    add_indicator_alias(
        s, "sport_infrastructure_reach_increase_pct", lambda v: v["sport_reach_increase"]
    )

    # -- outcomes ------------------------------------------------------------------
    add_outcome(
        s,
        "sport_infrastructure_stimulated",
        trend="sport_stimulated_trend",
        start=100.0,
        delay="sport_stimulated_delay",
        effect=lambda v: (
            v["sport_reach_increase"] * v.p["sport_stimulated_pts_per_reach_pct"]
            + v["sport_events_per_year"] * v.p["sport_stimulated_pts_per_event"]
        ),
    )

    def movement_effect(v: Context) -> np.ndarray:
        # the same %-points in both regions: the platforms and agreements cover all of Limburg
        return _per_region(
            v["sport_infrastructure_stimulated_effect"] * v.p["movement_pts_per_stimulated_pt"]
        )

    add_outcome(
        s,
        "movement_guideline_share",
        trend="movement_guideline_trend",
        # the document's shares are for 2022 (§1); one year of the autonomous trend
        # brings them to the end of 2023, where the simulation starts
        start=lambda v: (
            MOVEMENT_START[None, :] * (1.0 + np.asarray(v.p["movement_guideline_trend"]))[:, None]
        ),
        delay="movement_effect_delay",
        effect=movement_effect,
        dims=("region",),
    )


PLAN_RULES = {
    # plan-consistent parameter: (indicator it is derived from, (low, high) range as factors of the value)
    "sport_supralocal_event_cost": ("supralocal_sport_events", (0.7, 1.3)),
    "sport_topsport_event_cost": ("top_sport_events", (0.7, 1.3)),
    "sport_athlete_support_cost": ("athletes_supported", (0.8, 1.2)),
    "sport_workplan_gain": ("sport_infrastructure_reach_increase_pct", (0.5, 1.5)),
}
"""Parameters derived so that the baseline meets the doelenboom target (``python -m model.analysis.plancost``)."""

DERIVED: dict = {}
"""No parameter of this goal is computed from others."""
