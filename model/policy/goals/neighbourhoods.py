"""Goal ``neighbourhoods`` — Limburgse wijken en dorpen zijn leefbaarder en veiliger (line 2.2, §6.1).

Money
-----
Line 2.2 (15,000 k€, §9.2) is split by the scenario lever ``neighbourhood_share`` into the ledger
lines ``2.2.neighbourhoods`` (integrated approaches in priority neighbourhoods, §6.1.1) and
``2.2.villages`` (village and local approaches, "dorpendeals", §6.1.2); the document does not split
it. The neighbourhood line is divided (fixed shares) between continuing the two running approaches
and new ones. Partners in the area approaches (municipalities, housing corporations, ...) add
money: ``cofinancing_area_partners`` = ratio x provincial spending on 2.2, uncertain down to zero
(§8.2, §9.3).

Approaches
----------
Three kinds, each with its own budget stock (provincial + partner money not yet used):

* **new neighbourhood approaches** and **village approaches**: money starts approaches, each
  sized for its yearly cost over a planned number of years (a "deal"). An approach goes through
  *analysis* -> *agreement with the municipality* -> *execution* (third-order delays of months
  each, §6.1.1 "Op basis van deze analyse gaan we in gesprek met de betreffende gemeenten");
  the doelenboom counts approaches that reached execution since 2024 (≥5 and ≥10). The money of
  one kind is pooled: its approaches run while the pool lasts.
* **continued approaches**: Donderberg (Roermond) and Vastenavondkamp (Venlo) are running at the
  start (§6.1.1) on money left from the previous period, and continue from the 2.2 money.

A running approach costs money every year. It keeps running while its budget and inflow cover
that; when the money runs out it winds down (over ``area_wind_down_time``) and does not restart.
Money left at the end of 2027 keeps approaches running afterwards, as §8.1 intends ("langdurig
geborgd"); §8.1 also speaks of five to ten neighbourhoods in all.

Outcome
-------
``liveability_index`` per region (index 2023 = 100). Running approaches improve it with a long
delay (§8.3: area approaches will not all bear fruit within four years). Most priority
neighbourhoods are in Zuid-Limburg (Heerlen, Kerkrade, Brunssum, Maastricht, Sittard-Geleen; Venlo
in the north, §1); both continued approaches are in Noord- en Midden-Limburg. The regional shares
of new approaches are assumptions.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from model.engine import Context, Structure
from model.policy.blocks import add_indicator_alias, add_outcome, line_spending
from model.policy.indicators import REGIONS

NEIGHBOURHOODS, VILLAGES = "2.2.neighbourhoods", "2.2.villages"
Rate = Callable[[Context], np.ndarray]


def _partner_factor(v: Context) -> np.ndarray:
    """Money for the approaches per euro of provincial money (1 + partner ratio)."""
    return 1.0 + v.p["area_partner_cofinancing_ratio"]


def _add_budget(
    s: Structure,
    kind: str,
    *,
    provincial: Rate,
    cost: str,
    long_name: str,
    initial: Rate | float = 0.0,
) -> None:
    """Money for one kind of approach and how well it covers the running approaches.

    Declares ``{kind}_budget`` (k€), its inflow ``{kind}_money_in`` (provincial + partners),
    its outflow ``{kind}_spending`` (running approaches x yearly cost) and the auxiliary
    ``{kind}_coverage`` (1 while the money covers the running approaches). Needs the stock
    ``{kind}_running``.
    """
    s.stock(
        f"{kind}_budget",
        units="k€",
        long_name=f"{long_name}: geld beschikbaar (provincie en partners)",
        initial=initial,
    )
    s.flow(
        f"{kind}_money_in",
        units="k€/yr",
        long_name=f"{long_name}: geld dat binnenkomt (provincie en partners)",
        target=f"{kind}_budget",
        rate=lambda v: provincial(v) * _partner_factor(v),
    )
    s.flow(
        f"{kind}_spending",
        units="k€/yr",
        long_name=f"{long_name}: besteding aan lopende aanpakken",
        source=f"{kind}_budget",
        rate=lambda v: v[f"{kind}_running"] * v.p[cost],
    )

    def coverage(v: Context) -> np.ndarray:
        # what this step can pay: the inflow plus everything in the budget
        need = v[f"{kind}_running"] * v.p[cost]
        can_pay = v[f"{kind}_money_in"] + v[f"{kind}_budget"] / v.dt
        return np.where(need > 1e-12, np.minimum(1.0, can_pay / np.maximum(need, 1e-12)), 1.0)

    s.auxiliary(
        f"{kind}_coverage",
        units="1",
        long_name=f"{long_name}: deel van de lopende aanpakken dat gefinancierd is",
        func=coverage,
    )


def _add_wind_down(s: Structure, kind: str, long_name: str) -> None:
    """Approaches without money wind down (and do not restart)."""
    s.flow(
        f"{kind}_wind_down",
        units="approaches/yr",
        long_name=f"{long_name}: afbouw bij gebrek aan geld",
        source=f"{kind}_running",
        rate=lambda v: (
            v[f"{kind}_running"] * (1.0 - v[f"{kind}_coverage"]) / v.p["area_wind_down_time"]
        ),
    )


def _add_new_approaches(s: Structure, kind: str, *, provincial: Rate, long_name: str) -> str:
    """Money -> analysis -> agreement -> execution for one kind of new approach.

    Parameters read: ``{kind}_approach_cost`` (k€/yr per running approach), ``{kind}_deal_years``,
    ``{kind}_analysis_time`` and ``{kind}_agreement_time`` (yr). Returns the name of the stock
    counting approaches that reached execution since 2024.
    """
    cost = f"{kind}_approach_cost"
    running = f"{kind}_running"
    s.stock(running, units="approaches", long_name=f"{long_name}: in uitvoering")
    _add_budget(s, kind, provincial=provincial, cost=cost, long_name=long_name)
    # each approach started is sized for its yearly cost over the years of its deal
    analysed = s.delay3(
        f"{kind}_analysis",
        input=lambda v: v[f"{kind}_money_in"] / (v.p[cost] * v.p[f"{kind}_deal_years"]),
        delay=lambda v: v.p[f"{kind}_analysis_time"],
        units="approaches/yr",
        long_name=f"{long_name}: analyse (wijkscan, urgentie, partners)",
    )
    s.delay3(
        f"{kind}_agreement",
        input=lambda v: v[analysed],
        delay=lambda v: v.p[f"{kind}_agreement_time"],
        units="approaches/yr",
        long_name=f"{long_name}: afspraken met gemeente en partners",
        target=running,
    )
    started = f"{kind}_started_total"
    s.stock(started, units="approaches", long_name=f"{long_name}: in uitvoering gekomen sinds 2024")
    s.flow(
        f"{kind}_start_count",
        units="approaches/yr",
        long_name=f"{long_name}: in uitvoering gekomen (telling)",
        target=started,
        rate=lambda v: v[f"{kind}_agreement_out"],
    )
    _add_wind_down(s, kind, long_name)
    return started


def _add_continued(s: Structure) -> None:
    """Donderberg and Vastenavondkamp: running at the start, continued while money lasts."""
    name = "Lopende gebiedsgerichte aanpakken (Donderberg, Vastenavondkamp)"
    s.stock(
        "continued_running",
        units="approaches",
        long_name=f"{name}: in uitvoering",
        initial=lambda v: v.p["continued_approaches_2023"],
    )
    _add_budget(
        s,
        "continued",
        provincial=lambda v: (
            line_spending(v, NEIGHBOURHOODS) * v.p["neighbourhood_share_continued"]
        ),
        cost="continued_approach_cost",
        long_name=name,
        initial=lambda v: v.p["continued_approaches_budget_2024"],
    )
    _add_wind_down(s, "continued", name)
    add_indicator_alias(s, "continued_area_approaches", lambda v: v["continued_running"])


ZUID = np.array([region == "zuid" for region in REGIONS], dtype=float)
"""1.0 for Zuid-Limburg, 0.0 for Noord- en Midden-Limburg, in REGIONS order."""


def _region_split(share_zuid: str) -> Rate:
    """Shares per region (REGIONS order) from the parameter for Zuid, shape (n, region)."""

    def split(v: Context) -> np.ndarray:
        zuid = np.asarray(v.p[share_zuid])[:, None]
        return zuid * ZUID + (1.0 - zuid) * (1.0 - ZUID)

    return split


def _liveability_effect(v: Context) -> np.ndarray:
    """Index points per region from the running approaches, shape (n, len(REGIONS))."""
    neighbourhood = (
        v["neighbourhood_running"][:, None] * v["neighbourhood_region_split"]
        # Roermond and Venlo lie in Noord- en Midden-Limburg
        + v["continued_running"][:, None] * (1.0 - ZUID)
    )
    village = v["village_running"][:, None] * v["village_region_split"]
    return (
        neighbourhood * v.p["liveability_pts_per_neighbourhood_approach"][:, None]
        + village * v.p["liveability_pts_per_village_approach"][:, None]
    )


def add_neighbourhoods(s: Structure) -> None:
    """Declare the neighbourhoods goal's approaches, outputs and outcome."""
    s.auxiliary(
        "cofinancing_area_partners",
        units="k€/yr",
        long_name="Cofinanciering door partners in de gebiedsgerichte aanpakken",
        func=lambda v: (
            v.p["area_partner_cofinancing_ratio"]
            * (line_spending(v, NEIGHBOURHOODS) + line_spending(v, VILLAGES))
        ),
    )
    new = _add_new_approaches(
        s,
        "neighbourhood",
        provincial=lambda v: line_spending(v, NEIGHBOURHOODS) * v.p["neighbourhood_share_new"],
        long_name="Nieuwe integrale aanpakken in aandachtswijken",
    )
    add_indicator_alias(s, "new_neighbourhood_approaches", lambda v: v[new])
    villages = _add_new_approaches(
        s,
        "village",
        provincial=lambda v: line_spending(v, VILLAGES),
        long_name="Dorps- en buurtgerichte aanpakken",
    )
    add_indicator_alias(s, "village_approaches", lambda v: v[villages])
    _add_continued(s)

    for kind in ("neighbourhood", "village"):
        s.auxiliary(
            f"{kind}_region_split",
            units="1",
            long_name=f"Verdeling van de {'wijk' if kind == 'neighbourhood' else 'dorps'}aanpakken over de regio's",
            func=_region_split(f"{kind}_zuid_share"),
            dims=("region",),
            constant=True,
        )
    add_outcome(
        s,
        "liveability_index",
        trend="liveability_trend",
        start=100.0,
        delay="liveability_effect_delay",
        effect=_liveability_effect,
        dims=("region",),
    )


PLAN_RULES = {
    # plan-consistent parameter: (indicator it is derived from, (low, high) range as factors of the value)
    "neighbourhood_approach_cost": ("new_neighbourhood_approaches", (0.7, 1.3)),
    "village_approach_cost": ("village_approaches", (0.7, 1.3)),
}
"""Parameters derived so that the baseline meets the doelenboom target (``python -m model.analysis.plancost``)."""

DERIVED: dict = {}
"""No parameter of this goal is computed from others."""
