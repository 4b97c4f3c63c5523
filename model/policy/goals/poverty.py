"""Goal ``poverty`` — Terugdringen van armoede en laaggeletterdheid (line 2.1.a, §6.2.1).

Line 2.1.a's spending is divided over four activities (fixed shares, parameters
``poverty_share_*``): poverty & literacy projects, projects for NEET/early-school-
leaver youth, the provincial contribution to the Jeugdfonds Sport & Cultuur, and
outreach of the social basic infrastructure (action plan, conferences).

Jeugdfonds Sport & Cultuur (§6.2.1): the children eligible depend on the income
threshold their municipality uses (110 %, 120 % or 130 % of the social minimum) and
on the share of low-income children under each threshold; municipalities move to
130 % over time (an uncertainty) or by a council lever. Awareness spreads as a
logistic diffusion; take-up = awareness x take-up among the aware. The provincial
money per child caps the reach: reach = min(demand, budget / cost per child). The
children reached adjust to that within half a year (grants are yearly). Reserve money
above what the applications absorb (``jeugdfonds_reserve_absorbable``) is not spent:
the ledger leaves it in the reserve, so the Jeugdfonds is saturated by its eligible
pool, not by money. The other activities share the rest of the line's spending
(``spending_2_1_a_other``).
"""

from __future__ import annotations

import numpy as np

from model.engine import Structure, aux, flow, ramp
from model.policy.blocks import add_indicator_alias, add_outcome, add_pipeline

LINE = "2.1.a"


# -- projects --------------------------------------------------------------------------


def _other_share(p, share):
    """An activity's share of line 2.1.a's spending other than the Jeugdfonds."""
    return share / (1.0 - p.poverty_share_jeugdfonds)


def poverty_projects_funding(p, spending_2_1_a_other):
    """Line 2.1.a's share for poverty and literacy projects (k€/yr)."""
    return spending_2_1_a_other * _other_share(p, p.poverty_share_projects)


def poverty_literacy_projects(poverty_projects_started_total):
    """Poverty and literacy projects that reached execution since 2024."""
    return poverty_projects_started_total


def neet_projects_funding(p, spending_2_1_a_other):
    """Line 2.1.a's share for projects for NEET and early-school-leaver youth (k€/yr)."""
    return spending_2_1_a_other * _other_share(p, p.poverty_share_neet)


def neet_projects_initial_running(p):
    """NEET/early-school-leaver projects already running at the end of 2023."""
    return p.neet_projects_2023


def neet_vsv_projects(neet_projects_running):
    """NEET/early-school-leaver projects in execution."""
    return neet_projects_running


# -- outreach of the social basic infrastructure ---------------------------------------


@aux(
    units="k€/yr",
    long_name="Bereik sociale basisinfrastructuur (actieplan, conferenties): financiering",
)
def poverty_outreach_funding(p, spending_2_1_a_other):
    """Line 2.1.a's share for the outreach of the social basic infrastructure."""
    return spending_2_1_a_other * _other_share(p, p.poverty_share_outreach)


def support_use_increase_input(p, poverty_outreach_funding):
    """Increase in the use of support the outreach money brings once it has worked through (%)."""
    return poverty_outreach_funding * p.support_use_pct_per_keur


def support_use_increase_delay(p):
    """Years for the outreach to raise the use of support."""
    return p.support_use_delay


def support_use_increase_pct(support_use_increase):
    """Increase in the use of the social basic infrastructure's support since 2023 (%)."""
    return support_use_increase


# -- Jeugdfonds Sport & Cultuur --------------------------------------------------------


@aux(units="1", long_name="Aandeel gemeenten met inkomensgrens 130%")
def jeugdfonds_share_130(p, lever, t):
    """Share of municipalities (weighted by children) at the 130 % threshold."""
    autonomous = np.minimum(
        1.0,
        p.jeugdfonds_share_130_2023 + ramp(p.jeugdfonds_shift_to_130_per_year, 2024.0, np.inf, t),
    )
    target = lever.lever_jeugdfonds_share_130  # < 0: no lever
    from_date = lever.lever_jeugdfonds_from
    # the lever phases in over one year from its date
    phase_in = ramp(1.0, from_date, from_date + 1.0, t)
    with_lever = autonomous + phase_in * np.maximum(target - autonomous, 0.0)
    return np.where(target >= 0.0, with_lever, autonomous)


def _eligible(p, share_130):
    """Children under the income threshold of their municipality, when ``share_130`` of
    them live in municipalities at the 130 % threshold (the rest at 110-120 %)."""
    return p.children_4_17 * (
        share_130 * p.low_income_share_130
        + (1.0 - share_130) * 0.5 * (p.low_income_share_110 + p.low_income_share_120)
    )


@aux(units="children", long_name="Kinderen die in aanmerking komen voor het Jeugdfonds")
def jeugdfonds_eligible(p, jeugdfonds_share_130):
    """Children under the income threshold of their municipality."""
    return _eligible(p, jeugdfonds_share_130)


def jeugdfonds_awareness_initial(p):
    """Awareness of the Jeugdfonds at the end of 2023, per sample: the share of eligible
    families that must know the fund for the 2023 demand to equal the children reached in
    2023 (``jeugdfonds_children_2023``), so every sample starts from the measured level;
    at most 1 (a sample whose pool is smaller than the children reached starts saturated)."""
    eligible_2023 = _eligible(p, p.jeugdfonds_share_130_2023)
    return np.minimum(
        p.jeugdfonds_children_2023 / (eligible_2023 * p.jeugdfonds_take_up_if_aware), 1.0
    )


@flow(
    units="1/yr",
    long_name="Groei van de bekendheid (diffusie)",
    target="jeugdfonds_awareness",
)
def jeugdfonds_awareness_growth(p, jeugdfonds_awareness):
    """Awareness spreads as a logistic diffusion."""
    return p.jeugdfonds_awareness_growth_rate * jeugdfonds_awareness * (1.0 - jeugdfonds_awareness)


@aux(units="children", long_name="Kinderen die een bijdrage zouden aanvragen")
def jeugdfonds_demand(p, jeugdfonds_eligible, jeugdfonds_awareness):
    """Children whose families would apply."""
    return jeugdfonds_eligible * jeugdfonds_awareness * p.jeugdfonds_take_up_if_aware


@aux(
    units="k€/yr",
    long_name="Structurele provinciale bijdrage aan het Jeugdfonds",
)
def jeugdfonds_structural_budget(p):
    """The province's structural contribution (§6.2.1 'wij continueren onze steun'), per
    sample: what the children of 2023 cost at the sample's cost per child. The document
    gives no amount; taking the measured 2023 reach as what the contribution pays keeps
    every sample consistent with it (a fixed amount would start a costlier sample below
    the measured level)."""
    return p.jeugdfonds_children_2023 * p.jeugdfonds_cost_per_child


@aux(
    units="k€/yr",
    long_name="Provinciale bijdrage aan het Jeugdfonds (structureel + reserve)",
)
def jeugdfonds_budget(jeugdfonds_structural_budget, spending_2_1_a_jeugdfonds):
    """Provincial money for the Jeugdfonds: the structural budget plus what the ledger
    spends of line 2.1.a's Jeugdfonds share (no more than demand absorbs)."""
    return jeugdfonds_structural_budget + spending_2_1_a_jeugdfonds


@aux(
    units="k€/yr",
    long_name="Reservegeld dat het Jeugdfonds kan opnemen: aanvragen boven de structurele bijdrage",
)
def jeugdfonds_reserve_absorbable(p, jeugdfonds_demand, jeugdfonds_structural_budget):
    """Reserve money the applications can absorb: the provincial cost of every
    application less what the structural budget already pays (the ledger reads this)."""
    return np.maximum(
        jeugdfonds_demand * p.jeugdfonds_cost_per_child - jeugdfonds_structural_budget, 0.0
    )


@aux(
    units="children",
    long_name="Kinderen die met de provinciale bijdrage gefinancierd kunnen worden",
)
def jeugdfonds_funded_places(p, jeugdfonds_budget):
    """Children the provincial money can pay for."""
    return jeugdfonds_budget / p.jeugdfonds_cost_per_child


@aux(
    units="k€/yr",
    long_name="Extra provinciale bijdrage nodig om alle aanvragen te bedienen",
)
def jeugdfonds_extra_cost_to_meet_demand(p, jeugdfonds_demand, jeugdfonds_funded_places):
    """Extra provincial money needed to serve every application."""
    return (
        np.maximum(jeugdfonds_demand - jeugdfonds_funded_places, 0.0) * p.jeugdfonds_cost_per_child
    )


def jeugdfonds_participants_initial(p):
    """Children reached by the Jeugdfonds in 2023."""
    return p.jeugdfonds_children_2023


# A first-order smooth of min(demand, funded places), written out rather than with
# Structure.smooth: that would name the flow jeugdfonds_participants_adjustment and let
# the stock go negative.
@flow(
    units="children/yr",
    long_name="Aanpassing van het bereik aan vraag en geld",
    target="jeugdfonds_participants",
)
def jeugdfonds_reach_adjustment(
    p, jeugdfonds_demand, jeugdfonds_funded_places, jeugdfonds_participants
):
    """Children reached move towards the lesser of demand and funded places."""
    return (
        np.minimum(jeugdfonds_demand, jeugdfonds_funded_places) - jeugdfonds_participants
    ) / p.jeugdfonds_adjustment_time


def jeugdfonds_children(jeugdfonds_participants):
    """Children reached by the Jeugdfonds per year."""
    return jeugdfonds_participants


# -- outcomes --------------------------------------------------------------------------


def persons_in_poverty_start(p):
    """Children in poverty at the end of 2023."""
    return p.children_in_poverty_2023


def persons_in_poverty_effect_input(p, poverty_projects_running):
    """Fewer persons in poverty through the running projects, once fully arrived."""
    return poverty_projects_running * p.poverty_pp_per_project


def low_literate_adults_start(p):
    """Low-literate adults at the end of 2023."""
    return p.low_literate_adults_2023


def low_literate_adults_effect_input(p, poverty_projects_running):
    """Fewer low-literate adults through the running projects, once fully arrived."""
    return poverty_projects_running * p.literacy_adults_per_project


def low_digital_skills_start(p):
    """Adults with low digital skills at the end of 2023."""
    return p.low_digital_skills_2023


def low_digital_skills_effect_input(p, poverty_projects_running):
    """Fewer adults with low digital skills through the running projects, once fully arrived."""
    return poverty_projects_running * p.digital_adults_per_project


def youth_labour_participation_effect_input(p, neet_projects_running):
    """Points of youth labour participation the running NEET projects add, once fully arrived."""
    return neet_projects_running * p.youth_labour_points_per_project


def add_poverty(s: Structure) -> None:
    """Declare the poverty goal's activities, outputs and outcomes."""
    s.lever(
        "lever_jeugdfonds_share_130",
        units="1",
        long_name="Hefboom: aandeel gemeenten op 130% (< 0: niet gebruikt)",
    )
    s.lever("lever_jeugdfonds_from", units="yr", long_name="Hefboom: vanaf (decimaal jaar)")
    # -- projects --------------------------------------------------------------
    add_pipeline(
        s,
        "poverty_projects",
        funding=poverty_projects_funding,
        cost="poverty_project_cost",
        start_delay="poverty_project_start_delay",
        duration="poverty_project_duration",
        units="projects",
        long_name="Projecten armoede en laaggeletterdheid",
    )
    add_indicator_alias(s, "poverty_literacy_projects", poverty_literacy_projects)

    add_pipeline(
        s,
        "neet_projects",
        funding=neet_projects_funding,
        cost="neet_project_cost",
        start_delay="neet_project_start_delay",
        duration="neet_project_duration",
        units="projects",
        long_name="Projecten passend perspectief NEET/VSV-jongeren",
        initial_running=neet_projects_initial_running,
    )
    add_indicator_alias(s, "neet_vsv_projects", neet_vsv_projects)

    # -- outreach of the social basic infrastructure ----------------------------
    s.add(poverty_outreach_funding)
    s.smooth3(
        "support_use_increase",
        input=support_use_increase_input,
        delay=support_use_increase_delay,
        units="%",
        long_name="Meer gebruik ondersteuningsaanbod sociale basisinfrastructuur door doelgroepen (t.o.v. 2023)",
    )
    add_indicator_alias(s, "support_use_increase_pct", support_use_increase_pct)

    # -- Jeugdfonds Sport & Cultuur --------------------------------------------
    s.add(jeugdfonds_share_130, jeugdfonds_eligible)
    s.stock(
        "jeugdfonds_awareness",
        units="1",
        long_name="Bekendheid van het Jeugdfonds onder gezinnen die in aanmerking komen",
        initial=jeugdfonds_awareness_initial,
    )
    s.add(
        jeugdfonds_awareness_growth,
        jeugdfonds_demand,
        jeugdfonds_structural_budget,
        jeugdfonds_reserve_absorbable,
        jeugdfonds_budget,
        jeugdfonds_funded_places,
        jeugdfonds_extra_cost_to_meet_demand,
    )
    s.stock(
        "jeugdfonds_participants",
        units="children",
        long_name="Kinderen bereikt via het Jeugdfonds (per jaar)",
        initial=jeugdfonds_participants_initial,
    )
    s.add(jeugdfonds_reach_adjustment)
    add_indicator_alias(s, "jeugdfonds_children", jeugdfonds_children)

    # -- outcomes --------------------------------------------------------------
    add_outcome(
        s,
        "persons_in_poverty",
        trend="poverty_trend",
        start=persons_in_poverty_start,
        delay="poverty_effect_delay",
        effect=persons_in_poverty_effect_input,
    )
    add_outcome(
        s,
        "low_literate_adults",
        trend="low_literacy_trend",
        start=low_literate_adults_start,
        delay="literacy_effect_delay",
        effect=low_literate_adults_effect_input,
    )
    add_outcome(
        s,
        "low_digital_skills",
        trend="low_digital_skills_trend",
        start=low_digital_skills_start,
        delay="literacy_effect_delay",
        effect=low_digital_skills_effect_input,
    )
    add_outcome(
        s,
        "youth_labour_participation",
        trend="youth_labour_trend",
        start=100.0,
        delay="neet_effect_delay",
        effect=youth_labour_participation_effect_input,
    )


PLAN_RULES = {
    # plan-derived parameter ("what the plan requires"): (indicator it is solved for, (low, high) range as factors of the value)
    "poverty_project_cost": ("poverty_literacy_projects", (0.7, 1.3)),
    "neet_project_cost": ("neet_vsv_projects", (0.7, 1.3)),
    "support_use_pct_per_keur": ("support_use_increase_pct", (0.5, 1.5)),
    "jeugdfonds_cost_per_child": ("jeugdfonds_children", (0.7, 1.3)),
}
"""Parameters derived so that the baseline meets the doelenboom target (``python -m model.analysis.plancost``)."""

DERIVED: dict = {}
"""Parameters computed from others after a plan-derived value changes (none: the Jeugdfonds'
structural budget and 2023 awareness are equations, derived per sample)."""
