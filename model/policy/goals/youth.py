"""Goal ``youth`` — Een jeugd die veilig, kansrijk en gezond opgroeit (line 2.1.b, §6.2.2).

Line 2.1.b's spending is divided over five activities (fixed shares ``youth_share_*``,
doelenboom annex): GBT, Keigezond Limburg, Kansrijke Start, Handle with Care 2.0 and
the Beweging Limburg tegen Kindermishandeling.

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
trends (§8.3). All numbers are in ``model/parameters/youth.toml`` with provenance.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from model.engine import Context, Structure
from model.policy.blocks import add_indicator_alias, add_outcome, add_pipeline, line_spending
from model.policy.indicators import REGIONS

LINE = "2.1.b"
REGION = ("region",)
GBT_SOFTMIN_K = 3.0
"""Sharpness of the smooth minimum of money and recruitment capacity (at equal limits
joining is 2^(-1/3) = 79 % of either; at twice the money, 96 % of capacity)."""


# --------------------------------------------------------------------------- helpers


def _spending(v: Context, activity: str) -> np.ndarray:
    """Provincial reserve spending on one activity of line 2.1.b, k€/yr, shape (n,)."""
    return line_spending(v, LINE) * v.p[f"youth_share_{activity}"]


def _by_region(v: Context, prefix: str) -> np.ndarray:
    """Parameters ``<prefix>_<region>`` stacked to shape (n, region)."""
    return np.stack([np.broadcast_to(v.p[f"{prefix}_{r}"], (v.n,)) for r in REGIONS], axis=1)


def _split_zuid(v: Context, share_zuid: str) -> np.ndarray:
    """Shares (zuid, noord_midden) from the parameter for Zuid, shape (n, region) (REGIONS order)."""
    zuid = np.broadcast_to(v.p[share_zuid], (v.n,))
    return np.stack([zuid, 1.0 - zuid], axis=1)


def _col(v: Context, name: str) -> np.ndarray:
    """Parameter ``name`` as a column, shape (n, 1), to combine with regional arrays."""
    return np.broadcast_to(v.p[name], (v.n,))[:, None]


def _after(v: Context, year_param: str) -> np.ndarray:
    """1.0 from the decimal year in parameter ``year_param`` on (switched on the step start)."""
    return (v.t_step >= v.p[year_param] - 1e-9).astype(float)


# --------------------------------------------------------------------------- GBT


def _gbt_recruitment_capacity(v: Context) -> np.ndarray:
    """Schools a year the recruitment effort can bring in; lower once the quartermasters stop."""
    with_quartermasters = v.t_step < v.p["gbt_quartermasters_until"] - 1e-9
    factor = np.where(with_quartermasters, 1.0, v.p["gbt_capacity_share_after"])
    return v.p["gbt_recruitment_capacity"] * factor


def _gbt_joins(v: Context) -> np.ndarray:
    """Schools joining per year: a smooth minimum of money-limited (M) and capacity-limited (C) joining.

    (M^-k + C^-k)^(-1/k) with k = GBT_SOFTMIN_K is below both, close to the smaller
    one, and rises with each: money waiting for schools is not used at once, and
    recruitment without money does not start schools.
    """
    k = GBT_SOFTMIN_K
    money, capacity = v["gbt_money_limited_joins"], v["gbt_recruitment_capacity"]
    # written as M*C / (M^k + C^k)^(1/k): exactly zero when either limit is zero
    return money * capacity / np.maximum((money**k + capacity**k) ** (1.0 / k), 1e-300)


def _add_gbt(s: Structure) -> None:
    s.stock(
        "gbt_startup_budget",
        units="k€",
        long_name="GBT: provinciaal startgeld nog niet aan een school gebonden",
    )
    s.flow(
        "gbt_startup_funding",
        units="k€/yr",
        long_name="GBT: provinciaal startgeld uit lijn 2.1.b",
        target="gbt_startup_budget",
        rate=lambda v: _spending(v, "gbt"),
    )
    s.auxiliary(
        "gbt_recruitment_capacity",
        units="schools/yr",
        long_name="GBT: wervingscapaciteit (kwartiermakers tot medio 2025)",
        func=_gbt_recruitment_capacity,
    )
    s.auxiliary(
        "gbt_money_limited_joins",
        units="schools/yr",
        long_name="GBT: scholen per jaar die het startgeld toelaat",
        func=lambda v: v["gbt_startup_budget"] / (v.p["gbt_startup_cost"] * v.p["gbt_commit_time"]),
    )
    s.auxiliary(
        "gbt_joins", units="schools/yr", long_name="GBT: nieuwe scholen per jaar", func=_gbt_joins
    )
    s.flow(
        "gbt_startup_use",
        units="k€/yr",
        long_name="GBT: startgeld gebonden aan nieuwe scholen",
        source="gbt_startup_budget",
        rate=lambda v: v["gbt_joins"] * v.p["gbt_startup_cost"],
    )
    s.stock(
        "gbt_schools_startup",
        units="schools",
        long_name="GBT-scholen in de opstartperiode (provinciaal gefinancierd)",
        initial=lambda v: v.p["gbt_schools_2023"] * v.p["gbt_startup_share_2023"],
    )
    s.stock(
        "gbt_schools_established",
        units="schools",
        long_name="GBT-scholen na de opstartperiode (lopende kosten nodig)",
        initial=lambda v: v.p["gbt_schools_2023"] * (1.0 - v.p["gbt_startup_share_2023"]),
    )
    s.flow(
        "gbt_join",
        units="schools/yr",
        long_name="GBT: scholen die instappen",
        target="gbt_schools_startup",
        rate=lambda v: v["gbt_joins"],
    )
    s.flow(
        "gbt_startup_completion",
        units="schools/yr",
        long_name="GBT: scholen die de opstartperiode afronden",
        source="gbt_schools_startup",
        target="gbt_schools_established",
        rate=lambda v: v["gbt_schools_startup"] / v.p["gbt_startup_duration"],
    )
    # Until the national decision falls, established schools run on their current
    # arrangements; from then on the share the Rijk does not fund stops at a rate.
    s.auxiliary(
        "gbt_national_share_received",
        units="1",
        long_name="GBT: deel van de lopende kosten dat de Rijksbijdrage dekt",
        func=lambda v: v.p["gbt_national_contribution"] * _after(v, "gbt_national_from"),
    )
    s.flow(
        "gbt_stop",
        units="schools/yr",
        long_name="GBT: scholen die stoppen zonder structurele financiering",
        source="gbt_schools_established",
        rate=lambda v: (
            v["gbt_schools_established"]
            * v.p["gbt_unfunded_stop_rate"]
            * (1.0 - v.p["gbt_national_contribution"])
            * _after(v, "gbt_national_from")
        ),
    )
    s.auxiliary(
        "cofinancing_gbt_national",
        units="k€/yr",
        long_name="Cofinanciering: Rijksbijdrage voor de lopende kosten van GBT-scholen",
        func=lambda v: (
            v["gbt_schools_established"]
            * v.p["gbt_running_cost"]
            * v["gbt_national_share_received"]
        ),
    )
    add_indicator_alias(
        s, "gbt_schools", lambda v: v["gbt_schools_startup"] + v["gbt_schools_established"]
    )
    add_indicator_alias(
        s, "gbt_children", lambda v: v["gbt_schools"] * v.p["gbt_children_per_school"]
    )


# --------------------------------------------------------------------------- Keigezond


def _add_keigezond(s: Structure) -> dict[str, str]:
    s.auxiliary(
        "cofinancing_keigezond",
        units="k€/yr",
        long_name="Cofinanciering: gemeenten en zorgverzekeraar voor Keigezond Limburg",
        func=lambda v: _spending(v, "keigezond") * v.p["keigezond_cofinancing_ratio"],
    )
    kg = add_pipeline(
        s,
        "keigezond",
        # co-financing adds to what the provincial euro buys
        funding=lambda v: _spending(v, "keigezond") + v["cofinancing_keigezond"],
        cost="keigezond_cost_per_municipality",
        start_delay="keigezond_start_delay",
        units="municipalities",
        long_name="Keigezond Limburg: nieuwe gemeenten",
    )
    # Unique children: a municipality reaches the children of its participating schools
    # and childcare when it starts, and then each year's newcomers.
    s.auxiliary(
        "keigezond_children_taking_part",
        units="children",
        long_name="Keigezond Limburg: kinderen die nu meedoen in de nieuwe gemeenten",
        func=lambda v: v[kg.running] * v.p["keigezond_children_per_municipality"],
    )
    s.stock(
        "keigezond_children_total",
        units="children",
        long_name="Keigezond Limburg: unieke kinderen bereikt sinds 2024",
    )
    s.flow(
        "keigezond_reach",
        units="children/yr",
        long_name="Keigezond Limburg: nieuw bereikte kinderen",
        target="keigezond_children_total",
        rate=lambda v: (
            v["keigezond_pipeline_out"] * v.p["keigezond_children_per_municipality"]
            + v["keigezond_children_taking_part"] * v.p["keigezond_yearly_renewal"]
        ),
    )
    add_indicator_alias(s, "keigezond_new_municipalities", lambda v: v[kg.started])
    add_indicator_alias(s, "keigezond_children", lambda v: v["keigezond_children_total"])
    return kg


# --------------------------------------------------------------------------- Kansrijke Start

KS_OUTPUTS = {
    # stock suffix: (indicator, KS sub-share parameter, unit-cost parameter, units)
    "voorzorg_nnz": (
        "voorzorg_nnz_trajectories",
        "ks_share_voorzorg_nnz",
        "ks_cost_voorzorg_nnz",
        "trajectories",
    ),
    "stevig_ouderschap": (
        "stevig_ouderschap_trajectories",
        "ks_share_stevig_ouderschap",
        "ks_cost_stevig_ouderschap",
        "trajectories",
    ),
    "centering_pregnancy": (
        "centering_pregnancy_professionals",
        "ks_share_centering_pregnancy",
        "ks_cost_centering_pregnancy",
        "professionals",
    ),
    "pilots": ("kansrijke_start_pilots", "ks_share_pilots", "ks_cost_pilot", "pilots"),
}
"""Cumulative Kansrijke Start outputs produced by the regional approaches' activity."""


def _ks_rate(v: Context, share: str, cost: str) -> np.ndarray:
    """Units a year one kind of Kansrijke Start work produces per region, shape (n, region)."""
    return v["ks_activity"] * _col(v, share) / _col(v, cost)


def _add_kansrijke_start(s: Structure) -> None:
    s.auxiliary(
        "ks_provincial_funding",
        units="k€/yr",
        long_name="Kansrijke Start: provinciaal geld per regio",
        dims=REGION,
        func=lambda v: (
            _spending(v, "kansrijke_start")[:, None] * _split_zuid(v, "ks_region_share_zuid")
        ),
    )
    s.auxiliary(
        "cofinancing_kansrijke_start",
        units="k€/yr",
        long_name="Cofinanciering: gemeenten en partners in de Kansrijke Start-coalities",
        func=lambda v: _spending(v, "kansrijke_start") * v.p["ks_cofinancing_ratio"],
    )
    # The coalitions turn received money into work with a delay (hiring, training);
    # a material delay so that no euro is lost on the way.
    s.delay1(
        "ks_funds",
        input=lambda v: v["ks_provincial_funding"] * (1.0 + _col(v, "ks_cofinancing_ratio")),
        delay=lambda v: _col(v, "ks_spend_time"),
        units="k€/yr",
        long_name="Kansrijke Start: uitgevoerd werk van de regionale coalities",
        dims=REGION,
    )
    s.auxiliary(
        "ks_activity",
        units="k€/yr",
        long_name="Kansrijke Start: activiteit per regio",
        dims=REGION,
        func=lambda v: v["ks_funds_out"],
    )

    for key, (indicator, share, cost, units) in KS_OUTPUTS.items():
        stock = f"ks_{key}_total"
        s.stock(
            stock,
            units=units,
            long_name=f"Kansrijke Start: {key.replace('_', ' ')} sinds 2024",
            dims=REGION,
        )
        s.flow(
            f"ks_{key}_production",
            units=f"{units}/yr",
            long_name=f"Kansrijke Start: {key.replace('_', ' ')} per jaar",
            target=stock,
            dims=REGION,
            rate=lambda v, share=share, cost=cost: _ks_rate(v, share, cost),
        )
        add_indicator_alias(s, indicator, lambda v, stock=stock: v[stock].sum(axis=1))

    s.stock(
        "ks_centering_ouderschap_clinics",
        units="clinics",
        long_name="Consultatiebureaus die werken met Centering Ouderschap",
        dims=REGION,
        initial=lambda v: _col(v, "ks_clinics_2023") * _split_zuid(v, "ks_region_share_zuid"),
    )
    s.flow(
        "ks_clinic_adoption",
        units="clinics/yr",
        long_name="Consultatiebureaus die Centering Ouderschap invoeren",
        target="ks_centering_ouderschap_clinics",
        dims=REGION,
        rate=lambda v: _ks_rate(v, "ks_share_centering_ouderschap", "ks_cost_centering_ouderschap"),
    )
    s.flow(
        "ks_clinic_discontinuation",
        units="clinics/yr",
        long_name="Consultatiebureaus die met Centering Ouderschap stoppen",
        source="ks_centering_ouderschap_clinics",
        dims=REGION,
        rate=lambda v: v["ks_centering_ouderschap_clinics"] * _col(v, "ks_clinic_discontinuation"),
    )
    add_indicator_alias(
        s,
        "centering_ouderschap_bureaus",
        lambda v: v["ks_centering_ouderschap_clinics"].sum(axis=1),
    )


# --------------------------------------------------------------------------- Handle with Care


def _hwc_joining(v: Context) -> np.ndarray:
    """Schools a year joining per region: the scale-up capacity, directed to where schools are missing.

    The engine's first-order control keeps the stock of schools outside the network
    from going negative, so the network can be complete in finite time.
    """
    outside = v["hwc_schools_outside"]
    weights = outside / np.maximum(outside.sum(axis=1, keepdims=True), 1e-9)
    return v["hwc_capacity"][:, None] * weights


def _add_handle_with_care(s: Structure) -> None:
    s.delay1(
        "hwc_funds",
        input=lambda v: _spending(v, "handle_with_care"),
        delay=lambda v: v.p["hwc_spend_time"],
        units="k€/yr",
        long_name="Handle with Care 2.0: uitgevoerd opschalingswerk",
    )
    s.auxiliary(
        "hwc_capacity",
        units="schools/yr",
        long_name="Handle with Care 2.0: scholen per jaar die de opschaling kan aansluiten",
        func=lambda v: v["hwc_funds_out"] / v.p["hwc_cost_per_school"],
    )
    s.stock(
        "hwc_schools_in",
        units="schools",
        long_name="Scholen in het Handle with Care-netwerk",
        dims=REGION,
        initial=lambda v: _by_region(v, "hwc_schools") * _by_region(v, "hwc_share_2023"),
    )
    s.stock(
        "hwc_schools_outside",
        units="schools",
        long_name="Scholen nog buiten het Handle with Care-netwerk",
        dims=REGION,
        initial=lambda v: _by_region(v, "hwc_schools") * (1.0 - _by_region(v, "hwc_share_2023")),
    )
    s.flow(
        "hwc_join",
        units="schools/yr",
        long_name="Scholen die aansluiten bij Handle with Care",
        source="hwc_schools_outside",
        target="hwc_schools_in",
        dims=REGION,
        rate=_hwc_joining,
    )
    s.auxiliary(
        "hwc_share_by_region",
        units="%",
        long_name="Aandeel scholen in het Handle with Care-netwerk per regio",
        dims=REGION,
        func=lambda v: (
            100.0 * v["hwc_schools_in"] / (v["hwc_schools_in"] + v["hwc_schools_outside"])
        ),
    )
    s.auxiliary(
        "hwc_share_2023_province",
        units="%",
        long_name="Aandeel scholen in het Handle with Care-netwerk eind 2023, heel Limburg",
        func=_hwc_share_2023,
        constant=True,
    )
    # province-wide: weighted by the number of schools per region
    add_indicator_alias(
        s,
        "handle_with_care_school_share",
        lambda v: (
            100.0
            * v["hwc_schools_in"].sum(axis=1)
            / (v["hwc_schools_in"] + v["hwc_schools_outside"]).sum(axis=1)
        ),
    )


# --------------------------------------------------------------------------- outcomes


def _hwc_share_2023(v: Context) -> np.ndarray:
    """Province-wide Handle with Care share at the end of 2023, %."""
    schools = _by_region(v, "hwc_schools")
    return 100.0 * (schools * _by_region(v, "hwc_share_2023")).sum(axis=1) / schools.sum(axis=1)


def _lifestyle_effect(v: Context) -> Any:
    """Index points from children reached beyond 2023 (GBT schools lost count against)."""
    gbt_extra = v["gbt_children"] - v.p["gbt_schools_2023"] * v.p["gbt_children_per_school"]
    return (
        (gbt_extra + v["keigezond_children_taking_part"])
        / 1000.0
        * v.p["lifestyle_pts_per_1000_children"]
    )


def _pregnancy_effect(v: Context) -> Any:
    """Index points from Voorzorg/NNZ trajectories a year and Centering-trained professionals."""
    trajectories = v["ks_voorzorg_nnz_production"].sum(axis=1)
    return (
        trajectories * v.p["pregnancy_pts_per_trajectory_rate"]
        + v["centering_pregnancy_professionals"] * v.p["pregnancy_pts_per_professional"]
    )


def _recognition_effect(v: Context) -> Any:
    """Index points from the Handle with Care network's growth, Stevig Ouderschap and the Beweging."""
    hwc_gain = v["handle_with_care_school_share"] - v["hwc_share_2023_province"]
    return (
        hwc_gain * v.p["recognised_pts_per_hwc_pct"]
        + v["ks_stevig_ouderschap_production"].sum(axis=1) * v.p["recognised_pts_per_so_rate"]
        + v["bk_funds_out"] * v.p["recognised_pts_per_bk_keur"]
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
        input=lambda v: _spending(v, "kindermishandeling"),
        delay=lambda v: v.p["bk_spend_time"],
        units="k€/yr",
        long_name="Beweging Limburg tegen Kindermishandeling: uitgevoerd werk",
    )

    add_outcome(
        s,
        "youth_healthy_lifestyle",
        trend="lifestyle_trend",
        start=100.0,
        delay="lifestyle_effect_delay",
        effect=_lifestyle_effect,
    )
    add_outcome(
        s,
        "prepared_pregnancies",
        trend="pregnancy_trend",
        start=100.0,
        delay="pregnancy_effect_delay",
        effect=_pregnancy_effect,
    )
    add_outcome(
        s,
        "vulnerable_children_recognised",
        trend="recognised_trend",
        start=100.0,
        delay="recognised_effect_delay",
        effect=_recognition_effect,
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
