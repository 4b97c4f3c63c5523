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
outside; Zuid is largely in already, the scale-up is to Noord- en Midden-Limburg.

Outcomes (index 2023 = 100) respond with delays of years and are small against their
trends (§8.3). All numbers are in ``model/policy/parameters/youth.toml`` with provenance.

Every variable is a named equation (:mod:`model.engine.equations`): the function's
name is the variable, its arguments are its inputs.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from model.engine import Structure, aux, flow, step
from model.policy.blocks import Pipeline, add_indicator_alias, add_outcome, add_pipeline
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


@aux(units="schools/yr", long_name="GBT: nieuwe scholen per jaar")
def gbt_joins(gbt_money_limited_joins, gbt_recruitment_capacity):
    """Schools joining per year: a smooth minimum of money-limited (M) and capacity-limited (C) joining.

    (M^-k + C^-k)^(-1/k) with k = GBT_SOFTMIN_K is below both, close to the smaller
    one, and rises with each: money waiting for schools is not used at once, and
    recruitment without money does not start schools.
    """
    k = GBT_SOFTMIN_K
    money, capacity = gbt_money_limited_joins, gbt_recruitment_capacity
    # written as M*C / (M^k + C^k)^(1/k): exactly zero when either limit is zero
    return money * capacity / np.maximum((money**k + capacity**k) ** (1.0 / k), 1e-300)


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


@flow(
    units="schools/yr",
    long_name="GBT: scholen die stoppen zonder structurele financiering",
    source="gbt_schools_established",
)
def gbt_stop(p, t_step, gbt_schools_established):
    """Established schools stopping for the share the Rijk does not fund, after its decision."""
    return (
        gbt_schools_established
        * p.gbt_unfunded_stop_rate
        * (1.0 - p.gbt_national_contribution)
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
    s.add(gbt_startup_funding, gbt_recruitment_capacity, gbt_money_limited_joins, gbt_joins)
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


def keigezond_funding(p, spending_2_1_b, cofinancing_keigezond):
    """Money that starts Keigezond municipalities: co-financing adds to what the provincial euro buys."""
    return spending_2_1_b * p.youth_share_keigezond + cofinancing_keigezond


# Unique children: a municipality reaches the children of its participating schools
# and childcare when it starts, and then each year's newcomers.
@aux(
    units="children",
    long_name="Keigezond Limburg: kinderen die nu meedoen in de nieuwe gemeenten",
)
def keigezond_children_taking_part(p, keigezond_running):
    """Children taking part now in the new Keigezond municipalities."""
    return keigezond_running * p.keigezond_children_per_municipality


@flow(
    units="children/yr",
    long_name="Keigezond Limburg: nieuw bereikte kinderen",
    target="keigezond_children_total",
)
def keigezond_reach(p, keigezond_pipeline_out, keigezond_children_taking_part):
    """Children newly reached: all of a starting municipality's, then each year's newcomers."""
    return (
        keigezond_pipeline_out * p.keigezond_children_per_municipality
        + keigezond_children_taking_part * p.keigezond_yearly_renewal
    )


def keigezond_new_municipalities(keigezond_started_total):
    """New Keigezond municipalities since 2024."""
    return keigezond_started_total


def keigezond_children(keigezond_children_total):
    """Unique children Keigezond reached since 2024."""
    return keigezond_children_total


def _add_keigezond(s: Structure) -> Pipeline:
    s.add(cofinancing_keigezond)
    kg = add_pipeline(
        s,
        "keigezond",
        funding=keigezond_funding,
        cost="keigezond_cost_per_municipality",
        start_delay="keigezond_start_delay",
        units="municipalities",
        long_name="Keigezond Limburg: nieuwe gemeenten",
    )
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


@flow(
    units="trajectories/yr",
    long_name="Kansrijke Start: voorzorg nnz per jaar",
    target="ks_voorzorg_nnz_total",
    dims=REGION,
)
def ks_voorzorg_nnz_production(p, n, ks_activity):
    """Voorzorg/Nu Niet Zwanger trajectories a year per region."""
    return ks_activity * _col(p.ks_share_voorzorg_nnz, n) / _col(p.ks_cost_voorzorg_nnz, n)


@flow(
    units="trajectories/yr",
    long_name="Kansrijke Start: stevig ouderschap per jaar",
    target="ks_stevig_ouderschap_total",
    dims=REGION,
)
def ks_stevig_ouderschap_production(p, n, ks_activity):
    """Stevig Ouderschap trajectories a year per region."""
    return (
        ks_activity * _col(p.ks_share_stevig_ouderschap, n) / _col(p.ks_cost_stevig_ouderschap, n)
    )


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


def voorzorg_nnz_trajectories(ks_voorzorg_nnz_total):
    """Voorzorg/Nu Niet Zwanger trajectories since 2024, all Limburg."""
    return ks_voorzorg_nnz_total.sum(axis=1)


def stevig_ouderschap_trajectories(ks_stevig_ouderschap_total):
    """Stevig Ouderschap trajectories since 2024, all Limburg."""
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

    for key, units, production, indicator, equation in KS_OUTPUTS:
        s.stock(
            f"ks_{key}_total",
            units=units,
            long_name=f"Kansrijke Start: {key.replace('_', ' ')} sinds 2024",
            dims=REGION,
        )
        s.add(production)
        add_indicator_alias(s, indicator, equation)

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
def hwc_join(hwc_schools_outside, hwc_capacity):
    """Schools a year joining per region: the scale-up capacity, directed to where schools are missing.

    The engine's first-order control keeps the stock of schools outside the network
    from going negative, so the network can be complete in finite time.
    """
    outside = hwc_schools_outside
    weights = outside / np.maximum(outside.sum(axis=1, keepdims=True), 1e-9)
    return hwc_capacity[:, None] * weights


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


def lifestyle_effect(p, gbt_children, keigezond_children_taking_part):
    """Index points from children reached beyond 2023 (GBT schools lost count against)."""
    gbt_extra = gbt_children - p.gbt_schools_2023 * p.gbt_children_per_school
    return (gbt_extra + keigezond_children_taking_part) / 1000.0 * p.lifestyle_pts_per_1000_children


def pregnancy_effect(p, ks_voorzorg_nnz_production, centering_pregnancy_professionals):
    """Index points from Voorzorg/NNZ trajectories a year and Centering-trained professionals."""
    trajectories = ks_voorzorg_nnz_production.sum(axis=1)
    return (
        trajectories * p.pregnancy_pts_per_trajectory_rate
        + centering_pregnancy_professionals * p.pregnancy_pts_per_professional
    )


def recognition_effect(
    p,
    handle_with_care_school_share,
    hwc_share_2023_province,
    ks_stevig_ouderschap_production,
    bk_funds_out,
):
    """Index points from the Handle with Care network's growth, Stevig Ouderschap and the Beweging."""
    hwc_gain = handle_with_care_school_share - hwc_share_2023_province
    return (
        hwc_gain * p.recognised_pts_per_hwc_pct
        + ks_stevig_ouderschap_production.sum(axis=1) * p.recognised_pts_per_so_rate
        + bk_funds_out * p.recognised_pts_per_bk_keur
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

    add_outcome(
        s,
        "youth_healthy_lifestyle",
        trend="lifestyle_trend",
        start=100.0,
        delay="lifestyle_effect_delay",
        effect=lifestyle_effect,
    )
    add_outcome(
        s,
        "prepared_pregnancies",
        trend="pregnancy_trend",
        start=100.0,
        delay="pregnancy_effect_delay",
        effect=pregnancy_effect,
    )
    add_outcome(
        s,
        "vulnerable_children_recognised",
        trend="recognised_trend",
        start=100.0,
        delay="recognised_effect_delay",
        effect=recognition_effect,
    )


PLAN_RULES = {
    # plan-consistent parameter: (indicator it is derived from, (low, high) range as factors of the value)
    # solved in this order: Keigezond's reach needs its municipalities first
    "gbt_startup_cost": ("gbt_schools", (0.7, 1.3)),
    "keigezond_cost_per_municipality": ("keigezond_new_municipalities", (0.7, 1.3)),
    "keigezond_children_per_municipality": ("keigezond_children", (0.7, 1.3)),
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
