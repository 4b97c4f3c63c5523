"""Goal ``youth`` — Een jeugd die veilig, kansrijk en gezond opgroeit (line 2.1.b, §6.2.2).

Line 2.1.b's spending (the ledger's ``spending_2_1_b``) is divided over five activities
(fixed shares ``youth_share_*``, doelenboom annex): GBT, Keigezond Limburg, Kansrijke
Start, Handle with Care 2.0 and the Beweging Limburg tegen Kindermishandeling.

Gezonde Basisschool van de Toekomst (GBT; §6.2.2, §8.2, §8.3). Almost 30 schools run
now. Provincial start-up money waits in a budget until a school is recruited; joining
is limited both by that money (budget / start-up cost) and by the recruitment
capacity of the two quartermasters, funded to mid-2025, after which capacity drops
(a smooth minimum of the two, so each always matters a little). A school runs its
start-up period on provincial money, then needs running money: the national
contribution (Rijksbijdrage, the lobby of §8.2/§8.3; ``gbt_national_contribution``
0 = none … 1 = full) keeps it; the unfunded part stops at a rate once the national
decision has fallen. The national money received is co-financing ``gbt_national``.

Keigezond Limburg (§6.2.2): provincial money plus municipal/insurer co-financing
starts new municipalities after a start-up delay (third-order); a municipality
reaches the children of its participating schools and childcare when it starts and
each year's newcomers while it runs (unique children, counted cumulatively).

Kansrijke Start (§6.2.2, doelenboom): the two regional approaches (Zuid and Noord-/
Midden-Limburg, dimension ``region``) receive provincial money plus co-financing and
turn it into work with a first-order delay (hiring, training); their activity
produces Voorzorg/Nu Niet Zwanger and Stevig Ouderschap trajectories, professionals
trained in Centering Pregnancy, pilots, and child-health clinics that adopt Centering
Ouderschap (a stock with some discontinuation).

Handle with Care 2.0 (§6.2.2): money becomes scale-up capacity (schools brought in per
year) with a delay, directed to the regions in proportion to the schools still
outside; Zuid is largely in already, the scale-up is to Noord- en Midden-Limburg. The
last schools are the hardest: joining slows as the gap closes (``hwc_last_schools_share``).

Outcomes: the share of children with overweight (GBT, Keigezond), unplanned pregnancies
among young adults per region (Voorzorg/Nu Niet Zwanger) and an index of vulnerable children
recognised early (Stevig Ouderschap, Handle with Care, the Beweging); each activity acts on
one of them through a stock of people helped that outlasts the money (see ACTIVITY_OUTCOMES).
The effects are small against the trends (§8.3). All numbers are in ``model/policy/parameters/youth.toml`` with provenance.

Every variable is a named equation (:mod:`model.engine.equations`): the function's
name is the variable, its arguments are its inputs.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from model.engine import Structure, aux, flow, step
from model.policy.blocks import (
    Pipeline,
    add_indicator_alias,
    add_outcome,
    add_people_helped,
    add_pipeline,
)
from model.policy.indicators import REGIONS

LINE = "2.1.b"
REGION = ("region",)
GBT_SOFTMIN_K = 3.0
"""Sharpness of the smooth minimum of money and recruitment capacity (at equal limits
joining is 2^(-1/3) = 79 % of either; at twice the money, 96 % of capacity)."""


# --------------------------------------------------------------------------- helpers


def _by_region(n: int, **values: Any) -> np.ndarray:
    """Per-region values given by region (``zuid=..., noord_midden=...``) stacked to shape
    (n, region) in REGIONS order."""
    return np.stack([np.broadcast_to(values[r], (n,)) for r in REGIONS], axis=1)


def _split_zuid(share_zuid: Any, n: int) -> np.ndarray:
    """Shares (zuid, noord_midden) from the share for Zuid, shape (n, region) (REGIONS order)."""
    zuid = np.broadcast_to(share_zuid, (n,))
    return np.stack([zuid, 1.0 - zuid], axis=1)


def _col(value: Any, n: int) -> np.ndarray:
    """A parameter as a column, shape (n, 1), to combine with regional arrays."""
    return np.broadcast_to(value, (n,))[:, None]


# --------------------------------------------------------------------------- GBT


@flow(
    units="k€/yr",
    long_name="GBT: provinciaal startgeld uit lijn 2.1.b",
    target="gbt_startup_budget",
)
def gbt_startup_funding(p, spending_2_1_b):
    """Provincial start-up money for GBT: line 2.1.b's spending times GBT's share."""
    return spending_2_1_b * p.youth_share_gbt


@aux(units="schools/yr", long_name="GBT: wervingscapaciteit (kwartiermakers tot medio 2025)")
def gbt_recruitment_capacity(p, t_step):
    """Schools a year the recruitment effort can bring in; lower once the quartermasters stop."""
    with_quartermasters = t_step < p.gbt_quartermasters_until - 1e-9
    factor = np.where(with_quartermasters, 1.0, p.gbt_capacity_share_after)
    return p.gbt_recruitment_capacity_quartermasters * factor


@aux(units="schools/yr", long_name="GBT: scholen per jaar die het startgeld toelaat")
def gbt_money_limited_joins(p, gbt_startup_budget):
    """Schools a year the start-up money waiting in the budget allows."""
    return gbt_startup_budget / (p.gbt_startup_cost * p.gbt_commit_time)


@aux(units="1", long_name="GBT: deel van de Limburgse basisschoollocaties nog zonder GBT")
def gbt_pool_left(p, gbt_schools_startup, gbt_schools_established):
    """Share of Limburg's primary-school locations (``gbt_school_locations``) not yet a GBT school."""
    schools = gbt_schools_startup + gbt_schools_established
    return np.clip(1.0 - schools / p.gbt_school_locations, 0.0, 1.0)


@aux(units="schools/yr", long_name="GBT: nieuwe scholen per jaar")
def gbt_joins(gbt_money_limited_joins, gbt_recruitment_capacity, gbt_pool_left):
    """Schools joining per year: a smooth minimum of money-limited (M) and capacity-limited (C)
    joining, times the share of school locations still outside GBT.

    (M^-k + C^-k)^(-1/k) with k = GBT_SOFTMIN_K is below both, close to the smaller
    one, and rises with each: money waiting for schools is not used at once, and
    recruitment without money does not start schools. The pool factor makes schools
    harder to find as GBT approaches every location (diminishing returns, never above
    the pool); money not bound to a school waits in the start-up budget.
    """
    k = GBT_SOFTMIN_K
    money, capacity = gbt_money_limited_joins, gbt_recruitment_capacity
    # written as M*C / (M^k + C^k)^(1/k): exactly zero when either limit is zero
    both = money * capacity / np.maximum((money**k + capacity**k) ** (1.0 / k), 1e-300)
    return both * gbt_pool_left


@flow(
    units="k€/yr",
    long_name="GBT: startgeld gebonden aan nieuwe scholen",
    source="gbt_startup_budget",
)
def gbt_startup_use(p, gbt_joins):
    """Start-up money bound to the schools that join."""
    return gbt_joins * p.gbt_startup_cost


def gbt_schools_startup_2023(p):
    """GBT schools in their start-up period at the end of 2023."""
    return p.gbt_schools_2023 * p.gbt_startup_share_2023


def gbt_schools_established_2023(p):
    """GBT schools past their start-up period at the end of 2023."""
    return p.gbt_schools_2023 * (1.0 - p.gbt_startup_share_2023)


@flow(units="schools/yr", long_name="GBT: scholen die instappen", target="gbt_schools_startup")
def gbt_join(gbt_joins):
    """Schools entering their start-up period."""
    return gbt_joins


@flow(
    units="schools/yr",
    long_name="GBT: scholen die de opstartperiode afronden",
    source="gbt_schools_startup",
    target="gbt_schools_established",
)
def gbt_startup_completion(p, gbt_schools_startup):
    """Schools finishing their start-up period."""
    return gbt_schools_startup / p.gbt_startup_duration


# Until the national decision falls, established schools run on their current
# arrangements; from then on the share the Rijk does not fund stops at a rate.
@aux(units="1", long_name="GBT: deel van de lopende kosten dat de Rijksbijdrage dekt")
def gbt_national_share_received(p, t_step):
    """Share of the running costs the national contribution covers, from its decision on."""
    return p.gbt_national_contribution * step(1.0, p.gbt_national_from, t_step)


@aux(
    units="1",
    long_name="GBT: deel van de lopende kosten dat andere financiers dan de provincie dragen",
)
def gbt_running_cost_covered(p, gbt_national_share_received):
    """Share of an established school's running costs paid by others than the province once the
    national decision has fallen: the GBT Rijksbijdrage, and for the rest the national
    school meals (Schoolmaaltijden) in the schools that qualify for them."""
    meals = p.gbt_school_meals_eligible_share * p.gbt_school_meals_cost_share
    return 1.0 - (1.0 - gbt_national_share_received) * (1.0 - meals)


@flow(
    units="schools/yr",
    long_name="GBT: scholen die stoppen zonder structurele financiering",
    source="gbt_schools_established",
)
def gbt_stop(p, t_step, gbt_schools_established, gbt_running_cost_covered):
    """Established schools stopping for the share of running costs nobody pays, after the
    national decision; schools a municipality funds structurally (Venlo) do not stop."""
    at_risk = np.maximum(gbt_schools_established - p.gbt_schools_municipal, 0.0)
    return (
        at_risk
        * p.gbt_unfunded_stop_rate
        * (1.0 - gbt_running_cost_covered)
        * step(1.0, p.gbt_national_from, t_step)
    )


@aux(
    units="k€/yr",
    long_name="Cofinanciering: Rijksbijdrage voor de lopende kosten van GBT-scholen",
)
def cofinancing_gbt_national(p, gbt_schools_established, gbt_national_share_received):
    """National money received for the running costs of established GBT schools."""
    return gbt_schools_established * p.gbt_running_cost * gbt_national_share_received


def gbt_schools(gbt_schools_startup, gbt_schools_established):
    """GBT schools: in their start-up period and established."""
    return gbt_schools_startup + gbt_schools_established


def gbt_children(p, gbt_schools):
    """Children in GBT schools."""
    return gbt_schools * p.gbt_children_per_school


def _add_gbt(s: Structure) -> None:
    s.stock(
        "gbt_startup_budget",
        units="k€",
        long_name="GBT: provinciaal startgeld nog niet aan een school gebonden",
    )
    s.add(gbt_startup_funding, gbt_recruitment_capacity, gbt_money_limited_joins)
    s.add(gbt_pool_left, gbt_joins)
    s.add(gbt_startup_use)
    s.stock(
        "gbt_schools_startup",
        units="schools",
        long_name="GBT-scholen in de opstartperiode (provinciaal gefinancierd)",
        initial=gbt_schools_startup_2023,
    )
    s.stock(
        "gbt_schools_established",
        units="schools",
        long_name="GBT-scholen na de opstartperiode (lopende kosten nodig)",
        initial=gbt_schools_established_2023,
    )
    s.add(
        gbt_join,
        gbt_startup_completion,
        gbt_national_share_received,
        gbt_running_cost_covered,
        gbt_stop,
        cofinancing_gbt_national,
    )
    add_indicator_alias(s, "gbt_schools", gbt_schools)
    add_indicator_alias(s, "gbt_children", gbt_children)


# --------------------------------------------------------------------------- Keigezond


@aux(
    units="k€/yr",
    long_name="Cofinanciering: gemeenten en zorgverzekeraar voor Keigezond Limburg",
)
def cofinancing_keigezond(p, spending_2_1_b):
    """Municipal and insurer co-financing of Keigezond: a ratio of the provincial money."""
    return spending_2_1_b * p.youth_share_keigezond * p.keigezond_cofinancing_ratio


@aux(units="k€/yr", long_name="Keigezond Limburg: geld van provincie en cofinanciers")
def keigezond_money(p, spending_2_1_b, cofinancing_keigezond):
    """Provincial money for Keigezond plus municipal and insurer co-financing."""
    return spending_2_1_b * p.youth_share_keigezond + cofinancing_keigezond


@aux(
    units="1",
    long_name="Keigezond Limburg: deel van de lopende kosten dat andere financiers dragen",
)
def keigezond_other_funded_share(p, t_step):
    """Share of a running municipality's network costs paid without the reserve: all of it
    by the project funding (GGD Zuid Limburg and partners) until its end, none after."""
    return np.where(t_step < p.keigezond_project_funded_until - 1e-9, 1.0, 0.0)


@aux(units="k€/yr", long_name="Keigezond Limburg: lopende kosten die de reserve moet dragen")
def keigezond_running_need(p, keigezond_running, keigezond_other_funded_share):
    """Running network costs of the running municipalities not paid by others."""
    return keigezond_running * p.keigezond_running_cost * (1.0 - keigezond_other_funded_share)


@aux(units="1", long_name="Keigezond Limburg: deel van de lopende kosten dat gedekt is")
def keigezond_funded_share(keigezond_money, keigezond_running_need):
    """Share of the running municipalities' uncovered costs the Keigezond money pays."""
    return np.where(
        keigezond_running_need > 0.0,
        np.minimum(1.0, keigezond_money / np.maximum(keigezond_running_need, 1e-300)),
        1.0,
    )


@aux(units="1", long_name="Keigezond Limburg: deel van de Limburgse gemeenten nog zonder Keigezond")
def keigezond_pool_left(
    p,
    keigezond_running,
    keigezond_running_structural,
    keigezond_pipeline_1,
    keigezond_pipeline_2,
    keigezond_pipeline_3,
):
    """Share of Limburg's municipalities neither running Keigezond nor starting it."""
    taken = (
        keigezond_running
        + keigezond_running_structural
        + keigezond_pipeline_1
        + keigezond_pipeline_2
        + keigezond_pipeline_3
    )
    return np.clip(1.0 - taken / p.limburg_municipalities, 0.0, 1.0)


def keigezond_funding(keigezond_money, keigezond_running_need, keigezond_pool_left):
    """Money that starts new municipalities: what is left after the running ones, buying
    fewer starts as the municipalities without Keigezond run out (diminishing returns)."""
    return np.maximum(keigezond_money - keigezond_running_need, 0.0) * keigezond_pool_left


def keigezond_running_2023(p):
    """Municipalities running Keigezond at the end of 2023 (project-funded)."""
    return p.keigezond_municipalities_2023


@flow(
    units="municipalities/yr",
    long_name="Keigezond Limburg: gemeenten die stoppen zonder geld",
    source="keigezond_running",
)
def keigezond_stop(p, keigezond_running, keigezond_funded_share):
    """Running municipalities whose network is not paid wind down, except the share whose
    municipality and insurers take it over (``keigezond_takeover``)."""
    unfunded = keigezond_running * (1.0 - keigezond_funded_share) / p.keigezond_wind_down_time
    return unfunded * (1.0 - p.keigezond_structural_share)


@flow(
    units="municipalities/yr",
    long_name="Keigezond Limburg: gemeenten die het netwerk zelf structureel voortzetten",
    source="keigezond_running",
    target="keigezond_running_structural",
)
def keigezond_takeover(p, keigezond_running, keigezond_funded_share):
    """Of the municipalities whose network the reserve no longer pays, the share whose
    municipality and insurers continue it structurally (no longer needing the reserve)."""
    unfunded = keigezond_running * (1.0 - keigezond_funded_share) / p.keigezond_wind_down_time
    return unfunded * p.keigezond_structural_share


@aux(
    units="children",
    long_name="Keigezond Limburg: kinderen met overgewicht in de gemeenten waar het loopt",
)
def keigezond_children_taking_part(p, keigezond_running, keigezond_running_structural):
    """Children with (risk of) overweight living in the municipalities running Keigezond
    (reserve-funded or continued structurally): the care network's pool (an average
    municipality's share of Limburg's children with overweight)."""
    running = keigezond_running + keigezond_running_structural
    return running * p.overweight_children_limburg / p.limburg_municipalities


@flow(
    units="children/yr",
    long_name="Keigezond Limburg: nieuw bereikte kinderen",
    target="keigezond_children_total",
)
def keigezond_reach(p, keigezond_children_taking_part, keigezond_children_total):
    """Children with overweight newly taken into the care network: a yearly share of those
    in running municipalities, fewer as the children reached approach Limburg's pool."""
    left = np.clip(1.0 - keigezond_children_total / p.overweight_children_limburg, 0.0, 1.0)
    return keigezond_children_taking_part * p.keigezond_reach_share_per_year * left


def keigezond_new_municipalities(keigezond_started_total):
    """New Keigezond municipalities since 2024."""
    return keigezond_started_total


def keigezond_children(keigezond_children_total):
    """Unique children with (risk of) overweight Keigezond's care network reached since 2024."""
    return keigezond_children_total


def _add_keigezond(s: Structure) -> Pipeline:
    s.add(cofinancing_keigezond, keigezond_money, keigezond_other_funded_share)
    kg = add_pipeline(
        s,
        "keigezond",
        funding=keigezond_funding,
        cost="keigezond_cost_per_municipality",
        start_delay="keigezond_start_delay",
        units="municipalities",
        long_name="Keigezond Limburg: nieuwe gemeenten",
        initial_running=keigezond_running_2023,
    )
    s.stock(
        "keigezond_running_structural",
        units="municipalities",
        long_name="Keigezond Limburg: gemeenten die het netwerk zonder de reserve voortzetten",
    )
    s.add(keigezond_running_need, keigezond_funded_share, keigezond_pool_left)
    s.add(keigezond_stop, keigezond_takeover)
    s.add(keigezond_children_taking_part)
    s.stock(
        "keigezond_children_total",
        units="children",
        long_name="Keigezond Limburg: unieke kinderen bereikt sinds 2024",
    )
    s.add(keigezond_reach)
    add_indicator_alias(s, "keigezond_new_municipalities", keigezond_new_municipalities)
    add_indicator_alias(s, "keigezond_children", keigezond_children)
    return kg


# --------------------------------------------------------------------------- Kansrijke Start


@aux(units="k€/yr", long_name="Kansrijke Start: provinciaal geld per regio", dims=REGION)
def ks_provincial_funding(p, n, spending_2_1_b):
    """Provincial money for Kansrijke Start, split over the two regional approaches."""
    return (spending_2_1_b * p.youth_share_kansrijke_start)[:, None] * _split_zuid(
        p.ks_region_share_zuid, n
    )


@aux(
    units="k€/yr",
    long_name="Cofinanciering: gemeenten en partners in de Kansrijke Start-coalities",
)
def cofinancing_kansrijke_start(p, spending_2_1_b):
    """Co-financing by the municipalities and partners of the Kansrijke Start coalitions."""
    return spending_2_1_b * p.youth_share_kansrijke_start * p.ks_cofinancing_ratio


def ks_funds_input(p, n, ks_provincial_funding):
    """Money the regional coalitions receive: provincial money plus co-financing."""
    return ks_provincial_funding * (1.0 + _col(p.ks_cofinancing_ratio, n))


def ks_funds_delay(p, n):
    """Years for the coalitions to turn received money into work."""
    return _col(p.ks_spend_time, n)


@aux(units="k€/yr", long_name="Kansrijke Start: activiteit per regio", dims=REGION)
def ks_activity(ks_funds_out):
    """The regional coalitions' activity: the work their money has become."""
    return ks_funds_out


def _births_by_region(p, n):
    """Births a year per region, shape (n, region)."""
    return _col(p.births_limburg, n) * _split_zuid(p.births_share_zuid, n)


def _saturating(wanted, room):
    """What money that would buy ``wanted`` a year gets where only ``room`` a year is left
    in the pool: close to ``wanted`` when the pool is wide, never above ``room``
    (room x (1 - exp(-wanted / room)), diminishing returns)."""
    safe = np.maximum(room, 1e-300)
    return np.where(room > 0.0, safe * -np.expm1(-wanted / safe), 0.0)


@aux(
    units="trajectories/yr",
    long_name="Voorzorg en Nu Niet Zwanger: trajecten per jaar zonder de reserve (landelijk gefinancierd)",
    dims=REGION,
)
def ks_voorzorg_nnz_other_rate(p, n, ks_voorzorg_nnz_pool):
    """Trajectories a year other funders pay (Nu Niet Zwanger's national funding through the
    GGDs), split by births, no more than the pool."""
    other = _col(p.nnz_other_funded_per_year, n) * _split_zuid(p.births_share_zuid, n)
    return np.minimum(other, ks_voorzorg_nnz_pool)


@aux(
    units="trajectories/yr",
    long_name="Voorzorg en Nu Niet Zwanger: trajecten per jaar waarvoor gezinnen in aanmerking komen",
    dims=REGION,
)
def ks_voorzorg_nnz_pool(p, n):
    """Births a year times the share of (expectant) parents eligible for Voorzorg or NNZ."""
    return _births_by_region(p, n) * _col(p.voorzorg_nnz_eligible_share, n)


@flow(
    units="trajectories/yr",
    long_name="Kansrijke Start: voorzorg nnz per jaar",
    target="ks_voorzorg_nnz_total",
    dims=REGION,
)
def ks_voorzorg_nnz_production(p, n, ks_activity, ks_voorzorg_nnz_pool, ks_voorzorg_nnz_other_rate):
    """Voorzorg/Nu Niet Zwanger trajectories a year per region that the reserve's work adds,
    saturating in the eligible families other funders do not already reach."""
    wanted = ks_activity * _col(p.ks_share_voorzorg_nnz, n) / _col(p.ks_cost_voorzorg_nnz, n)
    return _saturating(wanted, ks_voorzorg_nnz_pool - ks_voorzorg_nnz_other_rate)


@flow(
    units="trajectories/yr",
    long_name="Voorzorg en Nu Niet Zwanger: trajecten zonder de reserve",
    target="ks_voorzorg_nnz_other_total",
    dims=REGION,
)
def ks_voorzorg_nnz_other(ks_voorzorg_nnz_other_rate):
    """Trajectories other funders pay, counted."""
    return ks_voorzorg_nnz_other_rate


@aux(
    units="trajectories/yr",
    long_name="Stevig Ouderschap: gezinnen per jaar die in aanmerking komen",
    dims=REGION,
)
def ks_stevig_ouderschap_pool(p, n):
    """Births a year times the share of families Stevig Ouderschap visits."""
    return _births_by_region(p, n) * _col(p.stevig_ouderschap_eligible_share, n)


@aux(
    units="trajectories/yr",
    long_name="Stevig Ouderschap: trajecten per jaar zonder de reserve (GGD/JGZ Zuid-Limburg)",
    dims=REGION,
)
def ks_stevig_ouderschap_other_rate(p, n, ks_stevig_ouderschap_pool):
    """Trajectories a year the GGD/JGZ pays structurally in Zuid-Limburg, no more than the pool."""
    other = _by_region(n, zuid=p.stevig_ouderschap_jgz_zuid_per_year, noord_midden=0.0)
    return np.minimum(other, ks_stevig_ouderschap_pool)


@flow(
    units="trajectories/yr",
    long_name="Kansrijke Start: stevig ouderschap per jaar",
    target="ks_stevig_ouderschap_total",
    dims=REGION,
)
def ks_stevig_ouderschap_production(
    p, n, ks_activity, ks_stevig_ouderschap_pool, ks_stevig_ouderschap_other_rate
):
    """Stevig Ouderschap trajectories a year per region that the reserve's work adds,
    saturating in the eligible families the GGD/JGZ does not already visit."""
    wanted = (
        ks_activity * _col(p.ks_share_stevig_ouderschap, n) / _col(p.ks_cost_stevig_ouderschap, n)
    )
    return _saturating(wanted, ks_stevig_ouderschap_pool - ks_stevig_ouderschap_other_rate)


@flow(
    units="trajectories/yr",
    long_name="Stevig Ouderschap: trajecten zonder de reserve",
    target="ks_stevig_ouderschap_other_total",
    dims=REGION,
)
def ks_stevig_ouderschap_other(ks_stevig_ouderschap_other_rate):
    """Trajectories the GGD/JGZ pays, counted."""
    return ks_stevig_ouderschap_other_rate


@flow(
    units="professionals/yr",
    long_name="Kansrijke Start: centering pregnancy per jaar",
    target="ks_centering_pregnancy_total",
    dims=REGION,
)
def ks_centering_pregnancy_production(p, n, ks_activity):
    """Professionals trained in Centering Pregnancy a year per region."""
    return (
        ks_activity
        * _col(p.ks_share_centering_pregnancy, n)
        / _col(p.ks_cost_centering_pregnancy, n)
    )


@flow(
    units="pilots/yr",
    long_name="Kansrijke Start: pilots per jaar",
    target="ks_pilots_total",
    dims=REGION,
)
def ks_pilots_production(p, n, ks_activity):
    """Kansrijke Start pilots a year per region."""
    return ks_activity * _col(p.ks_share_pilots, n) / _col(p.ks_cost_pilot, n)


def voorzorg_nnz_trajectories(ks_voorzorg_nnz_total, ks_voorzorg_nnz_other_total):
    """Voorzorg/Nu Niet Zwanger trajectories since 2024, all Limburg: other funders' and
    the reserve's (``voorzorg_nnz_trajectories_additional``)."""
    return (ks_voorzorg_nnz_total + ks_voorzorg_nnz_other_total).sum(axis=1)


@aux(
    units="trajectories",
    long_name="Voorzorg en Nu Niet Zwanger: trajecten sinds 2024 die de reserve toevoegt",
)
def voorzorg_nnz_trajectories_additional(ks_voorzorg_nnz_total):
    """The reserve's part of the Voorzorg/NNZ trajectories since 2024."""
    return ks_voorzorg_nnz_total.sum(axis=1)


def stevig_ouderschap_trajectories(ks_stevig_ouderschap_total, ks_stevig_ouderschap_other_total):
    """Stevig Ouderschap trajectories since 2024, all Limburg: the GGD/JGZ's and the
    reserve's (``stevig_ouderschap_trajectories_additional``)."""
    return (ks_stevig_ouderschap_total + ks_stevig_ouderschap_other_total).sum(axis=1)


@aux(
    units="trajectories",
    long_name="Stevig Ouderschap: trajecten sinds 2024 die de reserve toevoegt",
)
def stevig_ouderschap_trajectories_additional(ks_stevig_ouderschap_total):
    """The reserve's part of the Stevig Ouderschap trajectories since 2024."""
    return ks_stevig_ouderschap_total.sum(axis=1)


def centering_pregnancy_professionals(ks_centering_pregnancy_total):
    """Professionals trained in Centering Pregnancy since 2024, all Limburg."""
    return ks_centering_pregnancy_total.sum(axis=1)


def kansrijke_start_pilots(ks_pilots_total):
    """Kansrijke Start pilots since 2024, all Limburg."""
    return ks_pilots_total.sum(axis=1)


KS_OUTPUTS = (
    # stock suffix, units, production flow, indicator, its equation
    (
        "voorzorg_nnz",
        "trajectories",
        ks_voorzorg_nnz_production,
        "voorzorg_nnz_trajectories",
        voorzorg_nnz_trajectories,
    ),
    (
        "stevig_ouderschap",
        "trajectories",
        ks_stevig_ouderschap_production,
        "stevig_ouderschap_trajectories",
        stevig_ouderschap_trajectories,
    ),
    (
        "centering_pregnancy",
        "professionals",
        ks_centering_pregnancy_production,
        "centering_pregnancy_professionals",
        centering_pregnancy_professionals,
    ),
    (
        "pilots",
        "pilots",
        ks_pilots_production,
        "kansrijke_start_pilots",
        kansrijke_start_pilots,
    ),
)
"""Cumulative Kansrijke Start outputs produced by the regional approaches' activity."""


def ks_centering_ouderschap_clinics_2023(p, n):
    """Clinics working with Centering Ouderschap at the end of 2023, per region."""
    return _col(p.ks_clinics_2023, n) * _split_zuid(p.ks_region_share_zuid, n)


@flow(
    units="clinics/yr",
    long_name="Consultatiebureaus die Centering Ouderschap invoeren",
    target="ks_centering_ouderschap_clinics",
    dims=REGION,
)
def ks_clinic_adoption(p, n, ks_activity):
    """Clinics a year adopting Centering Ouderschap per region."""
    return (
        ks_activity
        * _col(p.ks_share_centering_ouderschap, n)
        / _col(p.ks_cost_centering_ouderschap, n)
    )


@flow(
    units="clinics/yr",
    long_name="Consultatiebureaus die met Centering Ouderschap stoppen",
    source="ks_centering_ouderschap_clinics",
    dims=REGION,
)
def ks_clinic_discontinuation(p, n, ks_centering_ouderschap_clinics):
    """Clinics a year that stop working with Centering Ouderschap per region."""
    return ks_centering_ouderschap_clinics * _col(p.ks_clinic_discontinuation_rate, n)


def centering_ouderschap_bureaus(ks_centering_ouderschap_clinics):
    """Clinics working with Centering Ouderschap, all Limburg."""
    return ks_centering_ouderschap_clinics.sum(axis=1)


def _add_kansrijke_start(s: Structure) -> None:
    s.add(ks_provincial_funding, cofinancing_kansrijke_start)
    # The coalitions turn received money into work with a delay (hiring, training);
    # a material delay so that no euro is lost on the way.
    s.delay1(
        "ks_funds",
        input=ks_funds_input,
        delay=ks_funds_delay,
        units="k€/yr",
        long_name="Kansrijke Start: uitgevoerd werk van de regionale coalities",
        dims=REGION,
    )
    s.add(ks_activity)

    s.add(ks_voorzorg_nnz_pool, ks_voorzorg_nnz_other_rate)
    s.add(ks_stevig_ouderschap_pool, ks_stevig_ouderschap_other_rate)
    for key, units, production, indicator, equation in KS_OUTPUTS:
        s.stock(
            f"ks_{key}_total",
            units=units,
            long_name=f"Kansrijke Start: {key.replace('_', ' ')} sinds 2024",
            dims=REGION,
        )
        s.add(production)
        add_indicator_alias(s, indicator, equation)
    for key, other in (
        ("voorzorg_nnz", ks_voorzorg_nnz_other),
        ("stevig_ouderschap", ks_stevig_ouderschap_other),
    ):
        s.stock(
            f"ks_{key}_other_total",
            units="trajectories",
            long_name=f"{key.replace('_', ' ')}: trajecten sinds 2024 zonder de reserve",
            dims=REGION,
        )
        s.add(other)
    s.add(voorzorg_nnz_trajectories_additional, stevig_ouderschap_trajectories_additional)

    s.stock(
        "ks_centering_ouderschap_clinics",
        units="clinics",
        long_name="Consultatiebureaus die werken met Centering Ouderschap",
        dims=REGION,
        initial=ks_centering_ouderschap_clinics_2023,
    )
    s.add(ks_clinic_adoption, ks_clinic_discontinuation)
    add_indicator_alias(s, "centering_ouderschap_bureaus", centering_ouderschap_bureaus)


# --------------------------------------------------------------------------- Handle with Care


def hwc_funds_input(p, spending_2_1_b):
    """Provincial money for the Handle with Care scale-up."""
    return spending_2_1_b * p.youth_share_handle_with_care


def hwc_funds_delay(p):
    """Years for the scale-up money to become work."""
    return p.hwc_spend_time


@aux(
    units="schools/yr",
    long_name="Handle with Care 2.0: scholen per jaar die de opschaling kan aansluiten",
)
def hwc_capacity(p, hwc_funds_out):
    """Schools a year the scale-up work can bring into the network."""
    return hwc_funds_out / p.hwc_cost_per_school


def hwc_schools_per_region(p, n):
    """Schools per region, shape (n, region)."""
    return _by_region(n, zuid=p.hwc_schools_zuid, noord_midden=p.hwc_schools_noord_midden)


def hwc_share_2023_per_region(p, n):
    """Share of the schools in the network at the end of 2023 per region, shape (n, region)."""
    return _by_region(n, zuid=p.hwc_share_2023_zuid, noord_midden=p.hwc_share_2023_noord_midden)


def hwc_schools_in_2023(p, n):
    """Schools in the Handle with Care network at the end of 2023, per region."""
    return hwc_schools_per_region(p, n) * hwc_share_2023_per_region(p, n)


def hwc_schools_outside_2023(p, n):
    """Schools outside the Handle with Care network at the end of 2023, per region."""
    return hwc_schools_per_region(p, n) * (1.0 - hwc_share_2023_per_region(p, n))


@flow(
    units="schools/yr",
    long_name="Scholen die aansluiten bij Handle with Care",
    source="hwc_schools_outside",
    target="hwc_schools_in",
    dims=REGION,
)
def hwc_join(p, n, hwc_schools_outside, hwc_capacity):
    """Schools a year joining per region: the scale-up capacity, directed to where schools
    are missing, slowing as the gap closes (the last schools are the hardest):
    joining = capacity x weight x outside / (outside + k), k = ``hwc_last_schools_share``
    x the region's schools outside at the end of 2023. Close to the capacity while many
    schools are outside; diminishing returns near the pool, not a hard stop at 100 %
    (k = 0 gives the hard stop, which the engine's first-order control then enforces).
    """
    # RK4's trial states may overshoot the pool a little; a negative count of schools would
    # turn the slowdown's ratio into a huge negative flow
    outside = np.maximum(hwc_schools_outside, 0.0)
    weights = outside / np.maximum(outside.sum(axis=1, keepdims=True), 1e-9)
    k = np.broadcast_to(p.hwc_last_schools_share, (n,))[:, None] * hwc_schools_outside_2023(p, n)
    slowdown = outside / np.maximum(outside + k, 1e-9)
    return hwc_capacity[:, None] * weights * slowdown


@aux(
    units="%",
    long_name="Aandeel scholen in het Handle with Care-netwerk per regio",
    dims=REGION,
)
def hwc_share_by_region(hwc_schools_in, hwc_schools_outside):
    """Share of the schools in the Handle with Care network per region."""
    return 100.0 * hwc_schools_in / (hwc_schools_in + hwc_schools_outside)


@aux(
    units="%",
    long_name="Aandeel scholen in het Handle with Care-netwerk eind 2023, heel Limburg",
    constant=True,
)
def hwc_share_2023_province(p, n):
    """Province-wide Handle with Care share at the end of 2023."""
    schools = hwc_schools_per_region(p, n)
    return 100.0 * (schools * hwc_share_2023_per_region(p, n)).sum(axis=1) / schools.sum(axis=1)


def handle_with_care_school_share(hwc_schools_in, hwc_schools_outside):
    """Province-wide share of the schools in the network, weighted by the schools per region."""
    return 100.0 * hwc_schools_in.sum(axis=1) / (hwc_schools_in + hwc_schools_outside).sum(axis=1)


def _add_handle_with_care(s: Structure) -> None:
    s.delay1(
        "hwc_funds",
        input=hwc_funds_input,
        delay=hwc_funds_delay,
        units="k€/yr",
        long_name="Handle with Care 2.0: uitgevoerd opschalingswerk",
    )
    s.add(hwc_capacity)
    s.stock(
        "hwc_schools_in",
        units="schools",
        long_name="Scholen in het Handle with Care-netwerk",
        dims=REGION,
        initial=hwc_schools_in_2023,
    )
    s.stock(
        "hwc_schools_outside",
        units="schools",
        long_name="Scholen nog buiten het Handle with Care-netwerk",
        dims=REGION,
        initial=hwc_schools_outside_2023,
    )
    s.add(hwc_join, hwc_share_by_region, hwc_share_2023_province)
    add_indicator_alias(s, "handle_with_care_school_share", handle_with_care_school_share)


# --------------------------------------------------------------------------- Beweging


def bk_funds_input(p, spending_2_1_b):
    """Provincial money for the Beweging Limburg tegen Kindermishandeling."""
    return spending_2_1_b * p.youth_share_kindermishandeling


def bk_funds_delay(p):
    """Years for the Beweging's money to become work."""
    return p.bk_spend_time


# --------------------------------------------------------------------------- outcomes
# Each activity acts on one outcome, through a stock of people helped
# (:func:`model.policy.blocks.add_people_helped`) that keeps its gain after the money stops:
#
# * GBT and Keigezond -> children with a healthier weight -> ``youth_healthy_lifestyle``
#   (the share of children with overweight);
# * Voorzorg / Nu Niet Zwanger -> clients protected against an unplanned pregnancy ->
#   ``prepared_pregnancies`` (unplanned pregnancies among young adults, per region);
# * Stevig Ouderschap (families), the Beweging tegen Kindermishandeling (professionals
#   reached) and Handle with Care (the schools in the network, a stock itself) ->
#   ``vulnerable_children_recognised`` (an index: no public monitor measures it).
#
# Centering Pregnancy and the Kansrijke Start pilots act on none of the three: group
# prenatal care works during a pregnancy that has begun, so it cannot change whether it was
# planned, and neither is a doelenboom outcome the model measures.

ACTIVITY_OUTCOMES = {
    "gbt": "youth_healthy_lifestyle",
    "keigezond": "youth_healthy_lifestyle",
    "voorzorg_nnz": "prepared_pregnancies",
    "stevig_ouderschap": "vulnerable_children_recognised",
    "handle_with_care": "vulnerable_children_recognised",
    "beweging_kindermishandeling": "vulnerable_children_recognised",
    "centering_pregnancy": None,
    "kansrijke_start_pilots": None,
}
"""The one outcome each youth activity acts on (None: none of the goal's outcomes)."""


def gbt_children_2023(p):
    """Children at GBT schools at the end of 2023."""
    return p.gbt_schools_2023 * p.gbt_children_per_school


def healthier_weight_gain(p, gbt_children, keigezond_children_taking_part):
    """Children a year who come to a healthier weight beyond the 2023 activity.

    GBT: the extra children at GBT schools (above 2023; fewer count against) have
    ``gbt_overweight_reduction_pp`` points less overweight once the effect has built up
    (the delay of the outcome); each year as many of them gain it as the helped leave, so
    the GBT part of the stock equals the study's difference while the schools run, and
    falls at the loss rate when they stop. Keigezond: the children its care network takes
    in beyond its 2023 municipalities, times the share who come to a healthy weight."""
    gbt_extra = gbt_children - gbt_children_2023(p)
    gbt_target = gbt_extra * p.gbt_overweight_reduction_pp / 100.0
    kg_2023 = (
        p.keigezond_municipalities_2023 * p.overweight_children_limburg / p.limburg_municipalities
    )
    kg_extra = (keigezond_children_taking_part - kg_2023) * p.keigezond_reach_share_per_year
    return gbt_target * p.healthy_weight_loss_rate + kg_extra * p.keigezond_healthy_weight_share


def lifestyle_start(p):
    """Share of children with overweight (incl. obesity) in Limburg at the end of 2023 (%)."""
    return p.overweight_children_share_2023


def lifestyle_effect(p, healthier_weight_children):
    """%-points fewer children with overweight: the children still at a healthier weight."""
    return 100.0 * healthier_weight_children / p.minors_limburg


def _young_adults_by_region(p, n):
    """Young adults (16-24) per region, shape (n, region), split like the births."""
    return _col(p.young_adults_16_24_limburg, n) * _split_zuid(p.births_share_zuid, n)


def protected_clients_gain(p, n, ks_voorzorg_nnz_production):
    """Clients a year who choose reliable contraception in a Voorzorg/NNZ trajectory the
    reserve adds, per region."""
    return ks_voorzorg_nnz_production * _col(p.nnz_contraception_share, n)


def pregnancy_start(p, n):
    """Unplanned pregnancies among young adults under 25 per region at the end of 2023 (%)."""
    return _by_region(
        n,
        zuid=p.unplanned_pregnancies_zuid_2023,
        noord_midden=p.unplanned_pregnancies_noord_midden_2023,
    )


def pregnancy_effect(p, n, clients_protected):
    """%-points fewer young adults with an unplanned pregnancy, per region: the protected
    clients whose unplanned pregnancy under 25 is averted."""
    averted = clients_protected * _col(p.nnz_unplanned_averted_per_protected, n)
    return 100.0 * averted / _young_adults_by_region(p, n)


def families_helped_gain(ks_stevig_ouderschap_production):
    """Families a year that complete a Stevig Ouderschap trajectory the reserve adds."""
    return ks_stevig_ouderschap_production.sum(axis=1)


def professionals_reached_gain(p, bk_funds_out):
    """Professionals a year the Beweging tegen Kindermishandeling reaches (meetings, congress)."""
    return bk_funds_out * p.bk_professionals_per_keur


def recognition_effect(
    p,
    handle_with_care_school_share,
    hwc_share_2023_province,
    families_strengthened,
    professionals_alert,
):
    """Index points from the Handle with Care network's growth (schools stay in it), the
    families Stevig Ouderschap still strengthens and the professionals the Beweging reached
    who are still in their jobs."""
    hwc_gain = handle_with_care_school_share - hwc_share_2023_province
    return (
        hwc_gain * p.recognised_pts_per_hwc_pct
        + families_strengthened * p.recognised_pts_per_so_family
        + professionals_alert / 1000.0 * p.recognised_pts_per_1000_professionals
    )


def add_youth(s: Structure) -> None:
    """Declare the youth goal's activities, outputs and outcomes."""
    _add_gbt(s)
    _add_keigezond(s)
    _add_kansrijke_start(s)
    _add_handle_with_care(s)
    # Beweging Limburg tegen Kindermishandeling: ambassador meetings and a yearly
    # conference; no output indicator, its work feeds earlier recognition.
    s.delay1(
        "bk_funds",
        input=bk_funds_input,
        delay=bk_funds_delay,
        units="k€/yr",
        long_name="Beweging Limburg tegen Kindermishandeling: uitgevoerd werk",
    )

    # -- outcomes: stocks of people helped, then the outcomes ---------------------
    add_people_helped(
        s,
        "healthier_weight_children",
        gain=healthier_weight_gain,
        loss_rate="healthy_weight_loss_rate",
        units="children",
        long_name="Kinderen met een gezonder gewicht door GBT en Keigezond (boven 2023)",
    )
    add_people_helped(
        s,
        "clients_protected",
        gain=protected_clients_gain,
        loss_rate="nnz_protection_loss_rate",
        units="persons",
        long_name="Cliënten van Voorzorg/Nu Niet Zwanger die betrouwbare anticonceptie gebruiken",
        dims=REGION,
    )
    add_people_helped(
        s,
        "families_strengthened",
        gain=families_helped_gain,
        loss_rate="so_benefit_loss_rate",
        units="families",
        long_name="Gezinnen die Stevig Ouderschap nog versterkt",
    )
    add_people_helped(
        s,
        "professionals_alert",
        gain=professionals_reached_gain,
        loss_rate="bk_professional_turnover",
        units="professionals",
        long_name="Professionals bereikt door de Beweging tegen Kindermishandeling, nog in functie",
    )
    add_outcome(
        s,
        "youth_healthy_lifestyle",
        trend="youth_healthy_lifestyle_trend",
        start=lifestyle_start,
        delay="lifestyle_effect_delay",
        effect=lifestyle_effect,
    )
    add_outcome(
        s,
        "prepared_pregnancies",
        trend="prepared_pregnancies_trend",
        start=pregnancy_start,
        delay="pregnancy_effect_delay",
        effect=pregnancy_effect,
        dims=REGION,
    )
    add_outcome(
        s,
        "vulnerable_children_recognised",
        trend="vulnerable_children_recognised_trend",
        start=100.0,
        delay="recognised_effect_delay",
        effect=recognition_effect,
    )


PLAN_RULES = {
    # plan-derived parameter ("what the plan requires"): (indicator it is solved for, (low, high) range as factors of the value)
    "gbt_startup_cost": ("gbt_schools", (0.7, 1.3)),
    "keigezond_cost_per_municipality": ("keigezond_new_municipalities", (0.7, 1.3)),
    "ks_cost_voorzorg_nnz": ("voorzorg_nnz_trajectories", (0.7, 1.3)),
    "ks_cost_stevig_ouderschap": ("stevig_ouderschap_trajectories", (0.7, 1.3)),
    "ks_cost_centering_pregnancy": ("centering_pregnancy_professionals", (0.7, 1.3)),
    "ks_cost_pilot": ("kansrijke_start_pilots", (0.7, 1.3)),
    "ks_cost_centering_ouderschap": ("centering_ouderschap_bureaus", (0.7, 1.3)),
    # the network share is capped at 100 %: solve for 99.9 % ("all schools") instead
    "hwc_cost_per_school": ("handle_with_care_school_share", (0.7, 1.3), 99.9),
}
"""Parameters derived so that the baseline meets the doelenboom target (``python -m model.analysis.plancost``)."""

DERIVED: dict[str, Any] = {}
"""No parameter of this goal is computed from others."""
