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

Outcomes (measured; definitions in :mod:`model.policy.indicators`): the share of minors in
CBS low-income households, low-literate adults, Limburgers with low digital skills, and NEET
young people (the doelenboom's youth labour participation, measured as its reverse). The
projects' participants are split over the first three by fixed shares (one outcome per
participant, ``PROJECT_EFFECT_SHARES``); the people they help, and the young people the NEET
projects bring into work, are stocks that outlast the projects and fall back at an
evidence-based rate. The NEET projects also keep some participants from work they would
have found while they run (lock-in), so their effect can be negative at first.
"""

from __future__ import annotations

import numpy as np

from model.engine import Structure, aux, flow, ramp
from model.policy.blocks import (
    add_indicator_alias,
    add_outcome,
    add_people_helped,
    add_pipeline,
)

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


# -- outcomes: people helped -----------------------------------------------------------
# The poverty and literacy projects are of three kinds (fixed shares of the running
# projects, ``poverty_projects_share_*``, adding up to 1): income (debt help, work and
# benefit take-up, the action plan against poverty), literacy (the attack plan) and digital
# skills. A project's participants are helped on its own outcome only: no participant
# counts for child poverty, low literacy and low digital skills at once. Each outcome reads
# a stock of people helped (:func:`model.policy.blocks.add_people_helped`), which keeps its
# gain after the money stops and loses it at an evidence-based rate.

PROJECT_EFFECT_SHARES = {
    "persons_in_poverty": "poverty_projects_share_income",
    "low_literate_adults": "poverty_projects_share_literacy",
    "low_digital_skills": "poverty_projects_share_digital",
}
"""Each outcome the poverty and literacy projects act on and the parameter holding the share
of the running projects that act on it (the shares add up to at most 1)."""


@aux(units="persons/yr", long_name="Deelnemers aan projecten armoede en laaggeletterdheid per jaar")
def poverty_project_participants(p, poverty_projects_running):
    """Adults taking part in the running poverty and literacy projects, per year."""
    return poverty_projects_running * p.poverty_project_participants_per_year


def children_lifted_gain(p, poverty_project_participants):
    """Children whose household the income projects bring above the CBS low-income line, per
    year: the income projects' participants times the children lifted per participant."""
    return (
        poverty_project_participants
        * p.poverty_projects_share_income
        * p.poverty_children_lifted_per_participant
    )


def adults_literate_gain(p, poverty_project_participants):
    """Adults the literacy projects bring above the low-literacy threshold, per year."""
    return (
        poverty_project_participants * p.poverty_projects_share_literacy * p.literacy_success_share
    )


def adults_digital_gain(p, poverty_project_participants):
    """Adults the digital-skills projects bring to at least basic digital skills, per year."""
    return poverty_project_participants * p.poverty_projects_share_digital * p.digital_success_share


@aux(units="persons/yr", long_name="Deelnemers aan projecten voor NEET- en VSV-jongeren per jaar")
def neet_project_participants(p, neet_projects_running):
    """Young people taking part in the running NEET/early-school-leaver projects, per year."""
    return neet_projects_running * p.neet_participants_per_year


def youth_in_work_gain(p, neet_project_participants):
    """Young people the NEET projects bring into work or education that lasts past the
    project, per year."""
    return neet_project_participants * p.neet_success_share


def persons_in_poverty_start(p):
    """Share of minors in CBS low-income households in Limburg at the end of 2023 (%)."""
    return p.children_in_poverty_2023


def persons_in_poverty_effect_input(p, children_lifted_out_of_poverty):
    """%-points fewer minors in low-income households: the children still lifted."""
    return 100.0 * children_lifted_out_of_poverty / p.minors_limburg


@aux(
    units="children",
    long_name="Minderjarigen in Limburg in een huishouden met een laag inkomen (CBS)",
)
def children_in_low_income_households(p, persons_in_poverty):
    """The child-poverty share as a count: share x minors in Limburg."""
    return persons_in_poverty / 100.0 * p.minors_limburg


def low_literate_adults_start(p):
    """Low-literate adults at the end of 2023."""
    return p.low_literate_adults_2023


def low_literate_adults_effect_input(adults_made_literate):
    """Fewer low-literate adults: the course participants who are still literate."""
    return adults_made_literate


def low_digital_skills_start(p):
    """Adults with low digital skills at the end of 2023."""
    return p.low_digital_skills_2023


def low_digital_skills_effect_input(adults_digitally_skilled):
    """Fewer adults with low digital skills: the participants who still have basic skills."""
    return adults_digitally_skilled


def youth_labour_participation_start(p):
    """NEET young people (16-34) in Limburg at the end of 2023."""
    return p.neet_youth_2023


def youth_labour_participation_effect_input(p, youth_helped_into_work, neet_project_participants):
    """Fewer NEET young people: those the projects brought into work or education who stay,
    less the participants the running projects keep from work they would have found on
    their own (lock-in, as if each spends about a year in a project): negative while the
    projects run if the lock-in outweighs the helped."""
    return youth_helped_into_work - neet_project_participants * p.neet_lock_in_share


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

    # -- outcomes: stocks of people helped, then the outcomes --------------------
    s.add(poverty_project_participants, neet_project_participants)
    for stock, gain, loss, units, long_name in (
        (
            "children_lifted_out_of_poverty",
            children_lifted_gain,
            "poverty_lifted_loss_rate",
            "children",
            "Kinderen boven de lage-inkomensgrens geholpen door de inkomensprojecten",
        ),
        (
            "adults_made_literate",
            adults_literate_gain,
            "literacy_loss_rate",
            "persons",
            "Volwassenen die door een taalproject niet langer laaggeletterd zijn",
        ),
        (
            "adults_digitally_skilled",
            adults_digital_gain,
            "digital_loss_rate",
            "persons",
            "Volwassenen die door een project digitale basisvaardigheden hebben",
        ),
        (
            "youth_helped_into_work",
            youth_in_work_gain,
            "neet_helped_loss_rate",
            "persons",
            "Jongeren die door een NEET/VSV-project werk of opleiding hebben",
        ),
    ):
        add_people_helped(s, stock, gain=gain, loss_rate=loss, units=units, long_name=long_name)

    add_outcome(
        s,
        "persons_in_poverty",
        trend="persons_in_poverty_trend",
        start=persons_in_poverty_start,
        delay="poverty_effect_delay",
        effect=persons_in_poverty_effect_input,
    )
    add_outcome(
        s,
        "low_literate_adults",
        trend="low_literate_adults_trend",
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
        trend="youth_labour_participation_trend",
        start=youth_labour_participation_start,
        delay="neet_effect_delay",
        effect=youth_labour_participation_effect_input,
    )
    s.add(children_in_low_income_households)


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
