"""Goal ``neighbourhoods`` — Limburgse wijken en dorpen zijn leefbaarder en veiliger (line 2.2, §6.1).

Money
-----
Line 2.2 (15,000 k€, §9.2) is split by the scenario lever ``neighbourhood_share`` into the ledger
lines ``2.2.neighbourhoods`` (integrated approaches in priority neighbourhoods, §6.1.1; its money
is the ledger's ``spending_2_2_neighbourhoods``) and ``2.2.villages`` (village and local
approaches, "dorpendeals", §6.1.2; ``spending_2_2_villages``); the document does not split it. The two
running approaches are funded **before** that split: a fixed share of all of line 2.2
(``continued_share_of_line_2_2``) comes off the line first, and the neighbourhoods/villages split
applies to the rest, so moving 2.2 to villages does not stop Donderberg and Vastenavondkamp. Partners in the area approaches (municipalities, housing corporations, ...) add money:
``cofinancing_area_partners`` = ratio x provincial spending on 2.2, uncertain down to zero (§8.2,
§9.3).

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

Pools
-----
New approaches draw from finite pools and saturate as they approach them (diminishing returns,
not a hard clip): the approaches started, in analysis or in agreement never exceed the priority
neighbourhoods not yet in an approach (``priority_neighbourhoods_limburg`` less the two continued
ones) or the villages that can get a village approach (``village_approach_pool``); the start rate
is the money's rate times the room left, 1 - (started + in preparation) / pool. Money that finds no
neighbourhood stays in the approach's budget stock and keeps running approaches going longer.

What others fund (the honest counterfactual)
--------------------------------------------
Others work in the same neighbourhoods whether or not the reserve is spent: the national
liveability programme (NPLV) in Heerlen-Noord and the Regio Deals' liveability lines
(``others_area_programmes``, counted as integrated-approach equivalents in Zuid-Limburg), and
the partners of the two running approaches, who keep paying part of them
(``continued_partner_own_funding``; Vastenavondkamp's partners signed a covenant for at least
15 years). Both variants keep this work, so ``plan - no_reserve`` is the reserve's *additional*
effect.

A running approach costs money every year. It keeps running while its budget and inflow cover
that; when the money runs out it winds down (over ``area_wind_down_time``) and does not restart.
Money left at the end of 2027 keeps approaches running afterwards, as §8.1 intends ("langdurig
geborgd"); §8.1 also speaks of five to ten neighbourhoods in all.

Outcome
-------
``liveability_index`` per region (index 2023 = 100): a Leefbaarometer-style score of the
priority neighbourhoods and villages with an approach, not a province-wide index (an index
because their Leefbaarometer scores were not found; see its definition). Running approaches
change it with a long delay (§8.3: area approaches will not all bear fruit within four years).
The effect per approach may be zero or even negative: SCP's quasi-experimental evaluation of
the krachtwijken approach (*Werk aan de wijk*, 2013) found no demonstrable effect on
liveability. Others' programmes (NPLV, Regio Deals) enter as ``liveability_index_others``, in
both variants, apart from the effect of the province's approaches, so they are neither credited
to the reserve nor spread to other goals by spillovers. Most priority
neighbourhoods are in Zuid-Limburg (Heerlen, Kerkrade, Brunssum, Maastricht, Sittard-Geleen; Venlo
in the north, §1); both continued approaches are in Noord- en Midden-Limburg. The regional shares
of new approaches are assumptions.

Every variable is a named equation (:mod:`model.engine.equations`): the function's name is the
variable, its arguments are its inputs. The three kinds of approach have the same structure,
written out for each kind.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from model.engine import Equation, Structure, aux, flow
from model.policy.blocks import add_indicator_alias, add_outcome
from model.policy.indicators import REGIONS

NEIGHBOURHOODS, VILLAGES = "2.2.neighbourhoods", "2.2.villages"
NEIGHBOURHOOD_NAME = "Nieuwe integrale aanpakken in aandachtswijken"
VILLAGE_NAME = "Dorps- en buurtgerichte aanpakken"
CONTINUED_NAME = "Lopende gebiedsgerichte aanpakken (Donderberg, Vastenavondkamp)"


def _partner_factor(p: Any) -> Any:
    """Money for the approaches per euro of provincial money (1 + partner ratio)."""
    return 1.0 + p.area_partner_cofinancing_ratio


def _after_continued(p: Any) -> Any:
    """Share of line 2.2 left for new and village approaches once the continued ones are funded."""
    return 1.0 - p.continued_share_of_line_2_2


def _room(in_approach: Any, pool: Any) -> np.ndarray:
    """Room left in a pool: 1 - (approaches started or in preparation) / pool, never below 0.
    Starts at the money's rate times this slow down as the pool fills: diminishing returns."""
    return np.clip(1.0 - in_approach / np.maximum(pool, 1e-12), 0.0, 1.0)


def _coverage(need: Any, money_in: Any, budget: Any, dt: float) -> np.ndarray:
    """1 while what this step can pay (the inflow plus everything in the budget) covers ``need``."""
    can_pay = money_in + budget / dt
    return np.where(need > 1e-12, np.minimum(1.0, can_pay / np.maximum(need, 1e-12)), 1.0)


@aux(
    units="k€/yr",
    long_name="Cofinanciering door partners in de gebiedsgerichte aanpakken",
)
def cofinancing_area_partners(p, spending_2_2_neighbourhoods, spending_2_2_villages):
    """Partner money in the area approaches: a ratio of the provincial spending on line 2.2."""
    return p.area_partner_cofinancing_ratio * (spending_2_2_neighbourhoods + spending_2_2_villages)


# --------------------------------------------------------------------------- new neighbourhood approaches


@flow(
    units="k€/yr",
    long_name=f"{NEIGHBOURHOOD_NAME}: geld dat binnenkomt (provincie en partners)",
    target="neighbourhood_budget",
)
def neighbourhood_money_in(p, spending_2_2_neighbourhoods):
    """Money for new neighbourhood approaches: the neighbourhood part of what line 2.2 has left
    after the continued approaches, plus partner money."""
    return spending_2_2_neighbourhoods * _after_continued(p) * _partner_factor(p)


@flow(
    units="k€/yr",
    long_name=f"{NEIGHBOURHOOD_NAME}: besteding aan lopende aanpakken",
    source="neighbourhood_budget",
)
def neighbourhood_spending(p, neighbourhood_running):
    """Yearly cost of the running new neighbourhood approaches."""
    return neighbourhood_running * p.neighbourhood_approach_cost


@aux(
    units="1",
    long_name=f"{NEIGHBOURHOOD_NAME}: deel van de lopende aanpakken dat gefinancierd is",
)
def neighbourhood_coverage(
    p, dt, neighbourhood_running, neighbourhood_money_in, neighbourhood_budget
):
    """Share of the running new neighbourhood approaches the money covers this step."""
    need = neighbourhood_running * p.neighbourhood_approach_cost
    return _coverage(need, neighbourhood_money_in, neighbourhood_budget, dt)


@aux(
    units="approaches",
    long_name=f"{NEIGHBOURHOOD_NAME}: gestart of in voorbereiding (uit de pool van aandachtswijken)",
)
def neighbourhood_in_approach(
    neighbourhood_started_total,
    neighbourhood_analysis_1,
    neighbourhood_analysis_2,
    neighbourhood_analysis_3,
    neighbourhood_agreement_1,
    neighbourhood_agreement_2,
    neighbourhood_agreement_3,
):
    """Priority neighbourhoods taken from the pool: approaches in execution since 2024 or in
    analysis or agreement."""
    return (
        neighbourhood_started_total
        + neighbourhood_analysis_1
        + neighbourhood_analysis_2
        + neighbourhood_analysis_3
        + neighbourhood_agreement_1
        + neighbourhood_agreement_2
        + neighbourhood_agreement_3
    )


@aux(
    units="approaches",
    long_name=f"{NEIGHBOURHOOD_NAME}: aandachtswijken beschikbaar voor een nieuwe aanpak",
    constant=True,
)
def neighbourhood_pool(p):
    """Limburg priority neighbourhoods not already in one of the continued approaches."""
    return np.maximum(p.priority_neighbourhoods_limburg - p.continued_approaches_2023, 0.0)


def neighbourhood_analysis_input(
    p, neighbourhood_money_in, neighbourhood_in_approach, neighbourhood_pool
):
    """Approaches started a year: each sized for its yearly cost over the years of its deal,
    slowing as the pool of priority neighbourhoods fills."""
    return (
        neighbourhood_money_in
        / (p.neighbourhood_approach_cost * p.neighbourhood_deal_years)
        * _room(neighbourhood_in_approach, neighbourhood_pool)
    )


def neighbourhood_analysis_delay(p):
    """Years of analysis of a new neighbourhood approach."""
    return p.neighbourhood_analysis_time


def neighbourhood_agreement_input(neighbourhood_analysis_out):
    """Approaches whose analysis is done go on to the agreement with the municipality."""
    return neighbourhood_analysis_out


def neighbourhood_agreement_delay(p):
    """Years to agree a new neighbourhood approach with the municipality and partners."""
    return p.neighbourhood_agreement_time


@flow(
    units="approaches/yr",
    long_name=f"{NEIGHBOURHOOD_NAME}: in uitvoering gekomen (telling)",
    target="neighbourhood_started_total",
)
def neighbourhood_start_count(neighbourhood_agreement_out):
    """New neighbourhood approaches reaching execution (counted)."""
    return neighbourhood_agreement_out


@flow(
    units="approaches/yr",
    long_name=f"{NEIGHBOURHOOD_NAME}: afbouw bij gebrek aan geld",
    source="neighbourhood_running",
)
def neighbourhood_wind_down(p, neighbourhood_running, neighbourhood_coverage):
    """New neighbourhood approaches without money winding down (they do not restart)."""
    return neighbourhood_running * (1.0 - neighbourhood_coverage) / p.area_wind_down_time


def new_neighbourhood_approaches(neighbourhood_started_total):
    """New neighbourhood approaches that reached execution since 2024."""
    return neighbourhood_started_total


# --------------------------------------------------------------------------- village approaches


@flow(
    units="k€/yr",
    long_name=f"{VILLAGE_NAME}: geld dat binnenkomt (provincie en partners)",
    target="village_budget",
)
def village_money_in(p, spending_2_2_villages):
    """Money for village approaches: the village part of what line 2.2 has left after the
    continued approaches, plus partner money."""
    return spending_2_2_villages * _after_continued(p) * _partner_factor(p)


@flow(
    units="k€/yr",
    long_name=f"{VILLAGE_NAME}: besteding aan lopende aanpakken",
    source="village_budget",
)
def village_spending(p, village_running):
    """Yearly cost of the running village approaches."""
    return village_running * p.village_approach_cost


@aux(
    units="1",
    long_name=f"{VILLAGE_NAME}: deel van de lopende aanpakken dat gefinancierd is",
)
def village_coverage(p, dt, village_running, village_money_in, village_budget):
    """Share of the running village approaches the money covers this step."""
    need = village_running * p.village_approach_cost
    return _coverage(need, village_money_in, village_budget, dt)


@aux(
    units="approaches",
    long_name=f"{VILLAGE_NAME}: gestart of in voorbereiding (uit de pool van dorpen)",
)
def village_in_approach(
    village_started_total,
    village_analysis_1,
    village_analysis_2,
    village_analysis_3,
    village_agreement_1,
    village_agreement_2,
    village_agreement_3,
):
    """Villages taken from the pool: approaches in execution since 2024 or in analysis or agreement."""
    return (
        village_started_total
        + village_analysis_1
        + village_analysis_2
        + village_analysis_3
        + village_agreement_1
        + village_agreement_2
        + village_agreement_3
    )


def village_analysis_input(p, village_money_in, village_in_approach):
    """Approaches started a year: each sized for its yearly cost over the years of its deal,
    slowing as the pool of villages fills."""
    return (
        village_money_in
        / (p.village_approach_cost * p.village_deal_years)
        * _room(village_in_approach, p.village_approach_pool)
    )


def village_analysis_delay(p):
    """Years of analysis of a village approach."""
    return p.village_analysis_time


def village_agreement_input(village_analysis_out):
    """Approaches whose analysis is done go on to the agreement with the municipality."""
    return village_analysis_out


def village_agreement_delay(p):
    """Years to agree a village approach with the municipality and partners."""
    return p.village_agreement_time


@flow(
    units="approaches/yr",
    long_name=f"{VILLAGE_NAME}: in uitvoering gekomen (telling)",
    target="village_started_total",
)
def village_start_count(village_agreement_out):
    """Village approaches reaching execution (counted)."""
    return village_agreement_out


@flow(
    units="approaches/yr",
    long_name=f"{VILLAGE_NAME}: afbouw bij gebrek aan geld",
    source="village_running",
)
def village_wind_down(p, village_running, village_coverage):
    """Village approaches without money winding down (they do not restart)."""
    return village_running * (1.0 - village_coverage) / p.area_wind_down_time


def village_approaches(village_started_total):
    """Village approaches that reached execution since 2024."""
    return village_started_total


# --------------------------------------------------------------------------- continued approaches


def continued_running_2023(p):
    """Continued approaches running at the start."""
    return p.continued_approaches_2023


def continued_budget_2024(p):
    """Money left from the previous period for the continued approaches at the start of 2024."""
    return p.continued_approaches_budget_2024


@flow(
    units="k€/yr",
    long_name=f"{CONTINUED_NAME}: geld dat binnenkomt (provincie en partners)",
    target="continued_budget",
)
def continued_money_in(p, spending_2_2_neighbourhoods, spending_2_2_villages):
    """Money for the continued approaches: their share of all of line 2.2, taken off before the
    neighbourhoods/villages split, plus partner money on it, plus what the partners pay
    of their own whether or not the province does."""
    line = spending_2_2_neighbourhoods + spending_2_2_villages
    return (
        line * p.continued_share_of_line_2_2 * _partner_factor(p) + p.continued_partner_own_funding
    )


@flow(
    units="k€/yr",
    long_name=f"{CONTINUED_NAME}: besteding aan lopende aanpakken",
    source="continued_budget",
)
def continued_spending(p, continued_running):
    """Yearly cost of the running continued approaches."""
    return continued_running * p.continued_approach_cost


@aux(
    units="1",
    long_name=f"{CONTINUED_NAME}: deel van de lopende aanpakken dat gefinancierd is",
)
def continued_coverage(p, dt, continued_running, continued_money_in, continued_budget):
    """Share of the running continued approaches the money covers this step."""
    need = continued_running * p.continued_approach_cost
    return _coverage(need, continued_money_in, continued_budget, dt)


@flow(
    units="approaches/yr",
    long_name=f"{CONTINUED_NAME}: afbouw bij gebrek aan geld",
    source="continued_running",
)
def continued_wind_down(p, continued_running, continued_coverage):
    """Continued approaches without money winding down (they do not restart)."""
    return continued_running * (1.0 - continued_coverage) / p.area_wind_down_time


def continued_area_approaches(continued_running):
    """Continued area approaches running."""
    return continued_running


# --------------------------------------------------------------------------- declaring


def _add_budget(
    s: Structure,
    kind: str,
    long_name: str,
    *,
    money_in: Equation,
    spending: Equation,
    coverage: Equation,
    initial: Any = 0.0,
) -> None:
    """Money for one kind of approach and how well it covers the running approaches.

    Declares the stock ``{kind}_budget`` (k€) and the equations of its inflow
    ``{kind}_money_in`` (provincial + partners), its outflow ``{kind}_spending`` (running
    approaches x yearly cost) and of ``{kind}_coverage`` (1 while the money covers the
    running approaches). Needs the stock ``{kind}_running``.
    """
    s.stock(
        f"{kind}_budget",
        units="k€",
        long_name=f"{long_name}: geld beschikbaar (provincie en partners)",
        initial=initial,
    )
    s.add(money_in, spending, coverage)


def _add_new_approaches(
    s: Structure,
    kind: str,
    long_name: str,
    *,
    money_in: Equation,
    spending: Equation,
    coverage: Equation,
    analysis: tuple[Any, Any],
    agreement: tuple[Any, Any],
    start_count: Equation,
    wind_down: Equation,
) -> str:
    """Money -> analysis -> agreement -> execution for one kind of new approach.

    ``analysis`` and ``agreement`` are each (input, delay) of a third-order delay. Returns
    the name of the stock counting approaches that reached execution since 2024.
    """
    running = f"{kind}_running"
    s.stock(running, units="approaches", long_name=f"{long_name}: in uitvoering")
    _add_budget(s, kind, long_name, money_in=money_in, spending=spending, coverage=coverage)
    analysis_input, analysis_delay = analysis
    s.delay3(
        f"{kind}_analysis",
        input=analysis_input,
        delay=analysis_delay,
        units="approaches/yr",
        long_name=f"{long_name}: analyse (wijkscan, urgentie, partners)",
    )
    agreement_input, agreement_delay = agreement
    s.delay3(
        f"{kind}_agreement",
        input=agreement_input,
        delay=agreement_delay,
        units="approaches/yr",
        long_name=f"{long_name}: afspraken met gemeente en partners",
        target=running,
    )
    started = f"{kind}_started_total"
    s.stock(started, units="approaches", long_name=f"{long_name}: in uitvoering gekomen sinds 2024")
    s.add(start_count, wind_down)
    return started


def _add_continued(s: Structure) -> None:
    """Donderberg and Vastenavondkamp: running at the start, continued while money lasts."""
    s.stock(
        "continued_running",
        units="approaches",
        long_name=f"{CONTINUED_NAME}: in uitvoering",
        initial=continued_running_2023,
    )
    _add_budget(
        s,
        "continued",
        CONTINUED_NAME,
        money_in=continued_money_in,
        spending=continued_spending,
        coverage=continued_coverage,
        initial=continued_budget_2024,
    )
    s.add(continued_wind_down)
    add_indicator_alias(s, "continued_area_approaches", continued_area_approaches)


# --------------------------------------------------------------------------- outcome

ZUID = np.array([region == "zuid" for region in REGIONS], dtype=float)
"""1.0 for Zuid-Limburg, 0.0 for Noord- en Midden-Limburg, in REGIONS order."""


def _region_split(share_zuid: Any) -> np.ndarray:
    """Shares per region (REGIONS order) from the share for Zuid, shape (n, region)."""
    zuid = np.reshape(share_zuid, (-1, 1))
    return zuid * ZUID + (1.0 - zuid) * (1.0 - ZUID)


@aux(
    units="1",
    long_name="Verdeling van de wijkaanpakken over de regio's",
    dims=("region",),
    constant=True,
)
def neighbourhood_region_split(p):
    """Shares of the new neighbourhood approaches per region."""
    return _region_split(p.neighbourhood_zuid_share)


@aux(
    units="1",
    long_name="Verdeling van de dorpsaanpakken over de regio's",
    dims=("region",),
    constant=True,
)
def village_region_split(p):
    """Shares of the village approaches per region."""
    return _region_split(p.village_zuid_share)


def liveability_effect(
    p,
    neighbourhood_running,
    neighbourhood_region_split,
    continued_running,
    village_running,
    village_region_split,
):
    """Index points per region from the running approaches the province's line 2.2 pays for
    (with its partners), shape (n, len(REGIONS))."""
    neighbourhood = (
        neighbourhood_running[:, None] * neighbourhood_region_split
        # Roermond and Venlo lie in Noord- en Midden-Limburg
        + continued_running[:, None] * (1.0 - ZUID)
    )
    village = village_running[:, None] * village_region_split
    return (
        neighbourhood * p.liveability_pts_per_neighbourhood_approach[:, None]
        + village * p.liveability_pts_per_village_approach[:, None]
    )


def liveability_others(p):
    """Index points per region from what others fund in the same kind of neighbourhoods, with
    or without the reserve: NPLV Heerlen-Noord and the Regio Deals' liveability lines, all in
    Zuid-Limburg, shape (n, len(REGIONS)). Not the reserve's: kept apart from the effect."""
    return (
        np.reshape(p.others_area_programmes, (-1, 1))
        * ZUID
        * np.reshape(p.liveability_pts_per_neighbourhood_approach, (-1, 1))
    )


def add_neighbourhoods(s: Structure) -> None:
    """Declare the neighbourhoods goal's approaches, outputs and outcome."""
    s.add(cofinancing_area_partners)
    _add_new_approaches(
        s,
        "neighbourhood",
        NEIGHBOURHOOD_NAME,
        money_in=neighbourhood_money_in,
        spending=neighbourhood_spending,
        coverage=neighbourhood_coverage,
        analysis=(neighbourhood_analysis_input, neighbourhood_analysis_delay),
        agreement=(neighbourhood_agreement_input, neighbourhood_agreement_delay),
        start_count=neighbourhood_start_count,
        wind_down=neighbourhood_wind_down,
    )
    s.add(neighbourhood_in_approach, neighbourhood_pool)
    add_indicator_alias(s, "new_neighbourhood_approaches", new_neighbourhood_approaches)
    _add_new_approaches(
        s,
        "village",
        VILLAGE_NAME,
        money_in=village_money_in,
        spending=village_spending,
        coverage=village_coverage,
        analysis=(village_analysis_input, village_analysis_delay),
        agreement=(village_agreement_input, village_agreement_delay),
        start_count=village_start_count,
        wind_down=village_wind_down,
    )
    s.add(village_in_approach)
    add_indicator_alias(s, "village_approaches", village_approaches)
    _add_continued(s)
    s.add(neighbourhood_region_split, village_region_split)
    add_outcome(
        s,
        "liveability_index",
        trend="liveability_trend",
        start=100.0,
        delay="liveability_effect_delay",
        effect=liveability_effect,
        others=liveability_others,
        dims=("region",),
    )


PLAN_RULES = {
    # plan-derived parameter ("what the plan requires"): (indicator it is solved for, (low, high) range as factors of the value)
    "neighbourhood_approach_cost": ("new_neighbourhood_approaches", (0.7, 1.3)),
    "village_approach_cost": ("village_approaches", (0.7, 1.3)),
}
"""Parameters derived so that the baseline meets the doelenboom target (``python -m model.analysis.plancost``)."""

DERIVED: dict = {}
"""No parameter of this goal is computed from others."""
