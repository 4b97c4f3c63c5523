"""Goal ``cohesion`` — Vergroten van de sociale cohesie en gemeenschapszin (line 2.1.c, §6.2.3).

Line 2.1.c (1,400 k€, §9.2) is divided over four activities (fixed shares ``cohesion_share_*``,
a planning choice the document leaves open):

* **Citizen initiatives** (participation subsidy, §6.2.3 "minimaal 20 projecten"): money starts
  projects that run after a start-up delay and end after their duration. The doelenboom's 20
  projects count those that reached execution since 2024.
  The initiatives that apply a year are a finite pool (``citizen_initiative_pool``): grants
  saturate towards it, so money buys fewer projects as the pool thins out.
* **Social funds** ("Fonds op naam", §6.2.3; §5 "onderzoeken ... samenwerking met diverse sociale
  fondsen"): partnerships with funds form after a negotiation delay, paced by the provincial
  contribution. Once formed, a fund adds its own money to the cohesion projects it facilitates:
  ``cofinancing_social_funds`` = ratio x provincial money through the formed partnerships. The
  ratio is uncertain down to zero (the document only says "willen wij"). The social funds that
  could partner are a finite pool (``social_fund_pool``): new partnerships slow as it fills, while
  the line's money keeps flowing to the projects of the formed ones. A partnership runs for a
  set term (``social_fund_partnership_duration``) and then ends, freeing its fund for a new one;
  the funds add money only while provincial money flows through them.
* **Loneliness and volunteers**: the follow-up approach on loneliness with the social basic
  infrastructure and the volunteer action plan (§6.2.3); its money feeds the outcomes directly.
* **UN disability symposium** (doelenboom: 1 symposium): its preparation is paced by its money;
  it counts as held once fully prepared. Afterwards this share goes to the loneliness approach.

Outcomes are measured shares of Limburg's population (%, public monitors; definitions in
:mod:`model.policy.indicators`): residents who feel at home with the people in their
neighbourhood (CBS Veiligheidsmonitor), people with weekly contact with their neighbours and
people who volunteer (CBS Sociale samenhang en welzijn), and adults who are lonely (GGD
Gezondheidsmonitor). Each is an autonomous trend in %-points a year plus the activities'
contribution, arriving with a delay (§8.3: the province's contribution is hard to trace within
the trend). The activities work in a few neighbourhoods and villages, so their contribution is
the change among the people they reach, as a share of the province's adults: small. People
helped out of loneliness are a stock that loses them again over ``loneliness_relapse_time``,
so the gain persists for a while after the money stops.
"""

from __future__ import annotations

import numpy as np

from model.engine import Structure, aux, flow
from model.policy.blocks import Pipeline, add_indicator_alias, add_outcome, add_pipeline
from model.policy.indicators import INDICATORS

LINE = "2.1.c"


# -- citizen initiatives ---------------------------------------------------------------


@aux(units="k€/yr", long_name="Participatiesubsidie: geld van lijn 2.1.c")
def citizen_initiatives_money(p, spending_2_1_c):
    """Line 2.1.c's share for citizen initiatives and participation (k€/yr)."""
    return spending_2_1_c * p.cohesion_share_initiatives


def citizen_initiatives_funding(p, citizen_initiatives_money):
    """Money granted to projects (k€/yr): the projects the money could pay a year saturate at
    the initiatives a year that apply (``citizen_initiative_pool``):
    granted projects = pool x (1 - exp(-(money / cost) / pool)), never above the pool."""
    cost = p.citizen_initiative_cost
    pool = np.maximum(p.citizen_initiative_pool, 1e-12)
    return cost * pool * -np.expm1(-(citizen_initiatives_money / cost) / pool)


def citizen_initiative_projects(citizen_initiatives_started_total):
    """Citizen-initiative projects that reached execution since 2024."""
    return citizen_initiatives_started_total


# -- UN disability symposium -----------------------------------------------------------


def _pending(cohesion_symposium_to_prepare: np.ndarray) -> np.ndarray:
    """1 while the symposium is still being prepared, 0 once it has been held."""
    return (cohesion_symposium_to_prepare > 1e-9).astype(float)


@aux(units="k€/yr", long_name="Symposium VN-verdrag Handicap: financiering")
def cohesion_symposium_funding(p, spending_2_1_c, cohesion_symposium_to_prepare):
    """Line 2.1.c's share for the symposium, while it is still being prepared."""
    return spending_2_1_c * p.cohesion_share_symposium * _pending(cohesion_symposium_to_prepare)


def cohesion_symposium_to_prepare_initial(p):
    """Symposia planned (the doelenboom: one)."""
    return p.cohesion_symposia_planned


# The limiter of the non-negative stock stops preparation once the planned symposium is done.
@flow(
    units="symposia/yr",
    long_name="Symposium VN-verdrag Handicap: voorbereiding",
    source="cohesion_symposium_to_prepare",
    target="cohesion_symposium_prepared",
)
def cohesion_symposium_preparation(p, cohesion_symposium_funding):
    """Preparation paced by the symposium's money."""
    return cohesion_symposium_funding / p.cohesion_symposium_cost


def un_disability_symposia(cohesion_symposium_prepared):
    """Symposia held: a symposium is held only when fully prepared, so whole symposia count."""
    return np.floor(cohesion_symposium_prepared + 1e-6)


# -- social funds ----------------------------------------------------------------------


@aux(units="k€/yr", long_name="Sociale fondsen: geld van lijn 2.1.c")
def social_fund_money(p, spending_2_1_c):
    """Line 2.1.c's share for cohesion projects through social funds (k€/yr)."""
    return spending_2_1_c * p.cohesion_share_social_funds


@aux(
    units="partnerships",
    long_name="Samenwerkingen met sociale fondsen: gevormd of in onderhandeling",
)
def social_fund_partnerships_in_pool(
    social_fund_partnerships_running,
    social_fund_partnerships_pipeline_1,
    social_fund_partnerships_pipeline_2,
    social_fund_partnerships_pipeline_3,
):
    """Funds taken from the pool: partnerships formed or being negotiated."""
    return (
        social_fund_partnerships_running
        + social_fund_partnerships_pipeline_1
        + social_fund_partnerships_pipeline_2
        + social_fund_partnerships_pipeline_3
    )


def social_fund_partnerships_funding(p, social_fund_money, social_fund_partnerships_in_pool):
    """Money that starts new partnerships (k€/yr): the funds' money times the room left among
    the social funds that could partner, 1 - (formed + negotiating) / pool (diminishing
    returns as the pool of funds fills)."""
    room = np.clip(
        1.0 - social_fund_partnerships_in_pool / np.maximum(p.social_fund_pool, 1e-12), 0.0, 1.0
    )
    return social_fund_money * room


def social_fund_partnerships(social_fund_partnerships_running):
    """Partnerships with social funds formed."""
    return social_fund_partnerships_running


@aux(
    units="1",
    long_name="Deel van de bijdrage aan sociale fondsen dat via gevormde samenwerkingen loopt",
)
def social_fund_formed_share(
    social_fund_partnerships_running,
    social_fund_partnerships_pipeline_1,
    social_fund_partnerships_pipeline_2,
    social_fund_partnerships_pipeline_3,
):
    """Share of the provincial money for social funds that flows through formed partnerships."""
    # money committed to partnerships still in negotiation (the pipeline's three
    # stages) is not matched yet; with neither formed nor negotiating partnerships, none is
    negotiating = (
        social_fund_partnerships_pipeline_1
        + social_fund_partnerships_pipeline_2
        + social_fund_partnerships_pipeline_3
    )
    formed = social_fund_partnerships_running
    total = formed + negotiating
    return np.where(total > 1e-12, formed / np.maximum(total, 1e-12), 0.0)


@aux(
    units="k€/yr",
    long_name="Cofinanciering door sociale fondsen (eigen middelen bij de projecten)",
)
def cofinancing_social_funds(p, social_fund_money, social_fund_formed_share):
    """The funds' own money: ratio x provincial money through the formed partnerships."""
    return p.social_fund_cofinancing_ratio * (social_fund_money * social_fund_formed_share)


@aux(
    units="k€/yr",
    long_name="Geld voor cohesieprojecten via sociale fondsen (provincie + fondsen)",
)
def cohesion_fund_project_money(
    social_fund_money, social_fund_formed_share, cofinancing_social_funds
):
    """Money for cohesion projects through the social funds: provincial plus the funds' own."""
    return social_fund_money * social_fund_formed_share + cofinancing_social_funds


# -- loneliness and volunteers ---------------------------------------------------------


@aux(
    units="k€/yr",
    long_name="Vervolgaanpak eenzaamheid en actieplan vrijwilligers: financiering",
)
def cohesion_loneliness_funding(p, spending_2_1_c, cohesion_symposium_to_prepare):
    """Line 2.1.c's share for the loneliness approach and the volunteer action plan."""
    # after the symposium its share joins this activity
    return spending_2_1_c * (
        p.cohesion_share_loneliness
        + p.cohesion_share_symposium * (1.0 - _pending(cohesion_symposium_to_prepare))
    )


# -- outcomes (measured shares, %) -----------------------------------------------------
#
# What each activity acts on (no activity is counted on an outcome twice):
#   running citizen-initiative projects -> feel at home, neighbour contact, volunteering
#       (one project in one neighbourhood: the change on each measure among its residents,
#       as a share of Limburg's adults);
#   social funds' projects (provincial + fund money) -> neighbour contact;
#   loneliness approach and volunteer action plan money -> loneliness (people helped, a stock).


@flow(
    units="persons/yr",
    long_name="Eenzame volwassenen die dankzij de aanpak niet meer eenzaam zijn (instroom)",
    target="loneliness_people_helped",
)
def loneliness_helping(p, cohesion_loneliness_funding):
    """Lonely adults helped out of loneliness a year: the approach's money x people per k€."""
    return cohesion_loneliness_funding * p.loneliness_people_per_keur


@flow(
    units="persons/yr",
    long_name="Geholpen volwassenen bij wie de winst verloren gaat (terugval)",
    source="loneliness_people_helped",
)
def loneliness_relapse(p, loneliness_people_helped):
    """People helped whose gain is lost again: first order over ``loneliness_relapse_time``."""
    return loneliness_people_helped / p.loneliness_relapse_time


def loneliness_share_start(p):
    """Lonely adults at the end of 2023 (%)."""
    return p.loneliness_share_2023


def loneliness_share_effect_input(p, loneliness_people_helped):
    """Percentage points fewer lonely adults: the people still helped out of loneliness, as a
    share of Limburg's adults (positive = fewer lonely)."""
    return 100.0 * loneliness_people_helped / p.adults_limburg


def residents_feel_at_home_effect_input(p, citizen_initiatives_running):
    """Percentage points more residents feeling at home, through the running initiatives."""
    return citizen_initiatives_running * p.feel_at_home_pts_per_initiative


def neighbour_contact_effect_input(p, citizen_initiatives_running, cohesion_fund_project_money):
    """Percentage points more people with weekly neighbour contact, through the running
    initiatives and the social funds' projects."""
    return (
        citizen_initiatives_running * p.neighbour_contact_pts_per_initiative
        + cohesion_fund_project_money * p.neighbour_contact_pts_per_keur_funds
    )


def volunteer_initiatives_effect_input(p, citizen_initiatives_running):
    """Percentage points more people volunteering: the new volunteers of the running initiatives."""
    return citizen_initiatives_running * p.volunteer_pts_per_initiative


def _add_symposium(s: Structure) -> None:
    """The symposium: money paces its preparation; held once fully prepared."""
    s.add(cohesion_symposium_funding)
    s.stock(
        "cohesion_symposium_to_prepare",
        units="symposia",
        long_name="Symposium VN-verdrag Handicap: nog voor te bereiden",
        initial=cohesion_symposium_to_prepare_initial,
    )
    s.stock(
        "cohesion_symposium_prepared",
        units="symposia",
        long_name="Symposium VN-verdrag Handicap: voorbereid",
    )
    s.add(cohesion_symposium_preparation)
    add_indicator_alias(s, "un_disability_symposia", un_disability_symposia)


def _add_social_funds(s: Structure) -> Pipeline:
    """Partnerships with social funds and the co-financing they bring."""
    s.add(social_fund_money, social_fund_partnerships_in_pool)
    funds = add_pipeline(
        s,
        "social_fund_partnerships",
        funding=social_fund_partnerships_funding,
        cost="social_fund_partnership_cost",
        start_delay="social_fund_partnership_delay",
        duration="social_fund_partnership_duration",
        units="partnerships",
        long_name="Samenwerkingen met sociale fondsen",
    )
    add_indicator_alias(s, "social_fund_partnerships", social_fund_partnerships)
    s.add(social_fund_formed_share, cofinancing_social_funds, cohesion_fund_project_money)
    return funds


def add_cohesion(s: Structure) -> None:
    """Declare the cohesion goal's activities, outputs and outcomes."""
    s.add(citizen_initiatives_money)
    add_pipeline(
        s,
        "citizen_initiatives",
        funding=citizen_initiatives_funding,
        cost="citizen_initiative_cost",
        start_delay="citizen_initiative_start_delay",
        duration="citizen_initiative_duration",
        units="projects",
        long_name="Projecten burgerinitiatieven en -participatie",
    )
    add_indicator_alias(s, "citizen_initiative_projects", citizen_initiative_projects)

    _add_social_funds(s)
    _add_symposium(s)
    s.add(cohesion_loneliness_funding)

    # -- outcomes (measured shares of Limburg's population, %) ----------------------
    for outcome, trend, effect in (
        ("residents_feel_at_home", "feel_at_home_trend", residents_feel_at_home_effect_input),
        ("neighbour_contact", "neighbour_contact_trend", neighbour_contact_effect_input),
        (
            "volunteer_initiatives",
            "volunteer_initiatives_trend",
            volunteer_initiatives_effect_input,
        ),
    ):
        add_outcome(
            s,
            outcome,
            trend=trend,
            trend_kind="points",
            start=float(INDICATORS[outcome].start or 0.0),
            delay="cohesion_effect_delay",
            effect=effect,
        )
    s.stock(
        "loneliness_people_helped",
        units="persons",
        long_name="Volwassenen die dankzij de aanpak eenzaamheid (nog) niet meer eenzaam zijn",
    )
    s.add(loneliness_helping, loneliness_relapse)
    add_outcome(
        s,
        "loneliness_share",
        trend="loneliness_trend",
        trend_kind="points",
        start=loneliness_share_start,
        delay="cohesion_effect_delay",
        effect=loneliness_share_effect_input,
    )


PLAN_RULES = {
    # plan-derived parameter ("what the plan requires"): (indicator it is solved for, (low, high) range as factors of the value)
    "citizen_initiative_cost": ("citizen_initiative_projects", (0.7, 1.3)),
    "social_fund_partnership_cost": ("social_fund_partnerships", (0.7, 1.3)),
}
"""Parameters derived so that the baseline meets the doelenboom target (``python -m model.analysis.plancost``)."""

DERIVED: dict = {}
"""No parameter of this goal is computed from others."""
