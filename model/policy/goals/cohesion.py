"""Goal ``cohesion`` — Vergroten van de sociale cohesie en gemeenschapszin (line 2.1.c, §6.2.3).

Line 2.1.c (1,400 k€, §9.2) is divided over four activities (fixed shares ``cohesion_share_*``,
a planning choice the document leaves open):

* **Citizen initiatives** (participation subsidy, §6.2.3 "minimaal 20 projecten"): money starts
  projects that run after a start-up delay and end after their duration. The doelenboom's 20
  projects count those that reached execution since 2024.
* **Social funds** ("Fonds op naam", §6.2.3; §5 "onderzoeken ... samenwerking met diverse sociale
  fondsen"): partnerships with funds form after a negotiation delay, paced by the provincial
  contribution. Once formed, a fund adds its own money to the cohesion projects it facilitates:
  ``cofinancing_social_funds`` = ratio x provincial money through the formed partnerships. The
  ratio is uncertain down to zero (the document only says "willen wij").
* **Loneliness and volunteers**: the follow-up approach on loneliness with the social basic
  infrastructure and the volunteer action plan (§6.2.3); its money feeds the outcomes directly.
* **UN disability symposium** (doelenboom: 1 symposium): its preparation is paced by its money;
  it counts as held once fully prepared. Afterwards this share goes to the loneliness approach.

Outcomes are indices (2023 = 100; the document gives no measured level): residents feel at home,
contact with neighbours, volunteer and resident initiatives. Each is an autonomous trend plus
small contributions of the running projects and of the money of the approaches, arriving with a
delay (§8.3: the province's contribution is hard to trace within the trend).
"""

from __future__ import annotations

import numpy as np

from model.engine import Context, Structure
from model.policy.blocks import add_indicator_alias, add_outcome, add_pipeline, line_spending

LINE = "2.1.c"


def _line(v: Context) -> np.ndarray:
    """Reserve spending of line 2.1.c, k€/yr."""
    return line_spending(v, LINE)


def _symposium_pending(v: Context) -> np.ndarray:
    """1 while the symposium is still being prepared, 0 once it has been held."""
    return (v["cohesion_symposium_to_prepare"] > 1e-9).astype(float)


def _add_symposium(s: Structure) -> None:
    """The symposium: money paces its preparation; held once fully prepared."""
    s.auxiliary(
        "cohesion_symposium_funding",
        units="k€/yr",
        long_name="Symposium VN-verdrag Handicap: financiering",
        func=lambda v: _line(v) * v.p["cohesion_share_symposium"] * _symposium_pending(v),
    )
    s.stock(
        "cohesion_symposium_to_prepare",
        units="symposia",
        long_name="Symposium VN-verdrag Handicap: nog voor te bereiden",
        initial=lambda v: v.p["cohesion_symposia_planned"],
    )
    s.stock(
        "cohesion_symposium_prepared",
        units="symposia",
        long_name="Symposium VN-verdrag Handicap: voorbereid",
    )
    # The limiter of the non-negative stock stops preparation once the planned symposium is done.
    s.flow(
        "cohesion_symposium_preparation",
        units="symposia/yr",
        long_name="Symposium VN-verdrag Handicap: voorbereiding",
        source="cohesion_symposium_to_prepare",
        target="cohesion_symposium_prepared",
        rate=lambda v: v["cohesion_symposium_funding"] / v.p["cohesion_symposium_cost"],
    )
    # A symposium is held only when fully prepared: count whole symposia.
    add_indicator_alias(
        s, "un_disability_symposia", lambda v: np.floor(v["cohesion_symposium_prepared"] + 1e-6)
    )


def _funds_money(v: Context) -> np.ndarray:
    """Provincial money that passes through formed social-fund partnerships, k€/yr."""
    return v["social_fund_partnerships_funding"] * v["social_fund_formed_share"]


def _add_social_funds(s: Structure) -> dict[str, str]:
    """Partnerships with social funds and the co-financing they bring."""
    funds = add_pipeline(
        s,
        "social_fund_partnerships",
        funding=lambda v: _line(v) * v.p["cohesion_share_social_funds"],
        cost="social_fund_partnership_cost",
        start_delay="social_fund_partnership_delay",
        units="partnerships",
        long_name="Samenwerkingen met sociale fondsen",
    )
    add_indicator_alias(s, "social_fund_partnerships", lambda v: v[funds.running])

    def formed_share(v: Context) -> np.ndarray:
        # money committed to partnerships still in negotiation is not matched yet
        negotiating = sum(v[f"social_fund_partnerships_pipeline_{i}"] for i in (1, 2, 3))
        formed = v[funds.running]
        total = formed + negotiating
        return np.where(total > 1e-12, formed / np.maximum(total, 1e-12), 0.0)

    s.auxiliary(
        "social_fund_formed_share",
        units="1",
        long_name="Deel van de bijdrage aan sociale fondsen dat via gevormde samenwerkingen loopt",
        func=formed_share,
    )
    s.auxiliary(
        "cofinancing_social_funds",
        units="k€/yr",
        long_name="Cofinanciering door sociale fondsen (eigen middelen bij de projecten)",
        func=lambda v: v.p["social_fund_cofinancing_ratio"] * _funds_money(v),
    )
    s.auxiliary(
        "cohesion_fund_project_money",
        units="k€/yr",
        long_name="Geld voor cohesieprojecten via sociale fondsen (provincie + fondsen)",
        func=lambda v: _funds_money(v) + v["cofinancing_social_funds"],
    )
    return funds


def add_cohesion(s: Structure) -> None:
    """Declare the cohesion goal's activities, outputs and outcomes."""
    initiatives = add_pipeline(
        s,
        "citizen_initiatives",
        funding=lambda v: _line(v) * v.p["cohesion_share_initiatives"],
        cost="citizen_initiative_cost",
        start_delay="citizen_initiative_start_delay",
        duration="citizen_initiative_duration",
        units="projects",
        long_name="Projecten burgerinitiatieven en -participatie",
    )
    add_indicator_alias(s, "citizen_initiative_projects", lambda v: v[initiatives.started])

    _add_social_funds(s)
    _add_symposium(s)
    s.auxiliary(
        "cohesion_loneliness_funding",
        units="k€/yr",
        long_name="Vervolgaanpak eenzaamheid en actieplan vrijwilligers: financiering",
        # after the symposium its share joins this activity
        func=lambda v: (
            _line(v)
            * (
                v.p["cohesion_share_loneliness"]
                + v.p["cohesion_share_symposium"] * (1.0 - _symposium_pending(v))
            )
        ),
    )

    # -- outcomes (index 2023 = 100) -----------------------------------------------
    running = initiatives.running
    add_outcome(
        s,
        "residents_feel_at_home",
        trend="feel_at_home_trend",
        start=100.0,
        delay="cohesion_effect_delay",
        effect=lambda v: (
            v[running] * v.p["feel_at_home_pts_per_initiative"]
            + v["cohesion_loneliness_funding"] * v.p["feel_at_home_pts_per_keur_loneliness"]
        ),
    )
    add_outcome(
        s,
        "neighbour_contact",
        trend="neighbour_contact_trend",
        start=100.0,
        delay="cohesion_effect_delay",
        effect=lambda v: (
            v[running] * v.p["neighbour_contact_pts_per_initiative"]
            + v["cohesion_fund_project_money"] * v.p["neighbour_contact_pts_per_keur_funds"]
        ),
    )
    add_outcome(
        s,
        "volunteer_initiatives",
        trend="volunteer_initiatives_trend",
        start=100.0,
        delay="cohesion_effect_delay",
        effect=lambda v: (
            v[running] * v.p["volunteer_pts_per_initiative"]
            + (v["cohesion_loneliness_funding"] + v["cohesion_fund_project_money"])
            * v.p["volunteer_pts_per_keur"]
        ),
    )


PLAN_RULES = {
    # plan-consistent parameter: (indicator it is derived from, (low, high) range as factors of the value)
    "citizen_initiative_cost": ("citizen_initiative_projects", (0.7, 1.3)),
    "social_fund_partnership_cost": ("social_fund_partnerships", (0.7, 1.3)),
}
"""Parameters derived so that the baseline meets the doelenboom target (``python -m model.analysis.plancost``)."""

DERIVED: dict = {}
"""No parameter of this goal is computed from others."""
