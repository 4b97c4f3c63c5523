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
children reached adjust to that within half a year (grants are yearly).
"""

from __future__ import annotations

import numpy as np

from model.engine import Context, Structure
from model.policy.blocks import add_indicator_alias, add_outcome, add_pipeline, line_spending

LINE = "2.1.a"


def _share_130(v: Context) -> np.ndarray:
    """Share of municipalities (weighted by children) at the 130 % threshold."""
    autonomous = np.minimum(
        1.0,
        v.p["jeugdfonds_share_130_2023"]
        + v.p["jeugdfonds_shift_to_130_per_year"] * np.maximum(v.t - 2024.0, 0.0),
    )
    lever = v.p["lever_jeugdfonds_share_130"]  # < 0: no lever
    from_date = v.p["lever_jeugdfonds_from"]
    # the lever phases in over one year from its date
    ramp = np.clip((v.t - from_date), 0.0, 1.0)
    with_lever = autonomous + ramp * np.maximum(lever - autonomous, 0.0)
    return np.where(lever >= 0.0, with_lever, autonomous)


def add_poverty(s: Structure) -> None:
    """Declare the poverty goal's activities, outputs and outcomes."""
    s.lever(
        "lever_jeugdfonds_share_130",
        units="1",
        long_name="Hefboom: aandeel gemeenten op 130% (< 0: niet gebruikt)",
    )
    s.lever("lever_jeugdfonds_from", units="yr", long_name="Hefboom: vanaf (decimaal jaar)")
    # -- projects --------------------------------------------------------------
    projects = add_pipeline(
        s,
        "poverty_projects",
        funding=lambda v: line_spending(v, LINE) * v.p["poverty_share_projects"],
        cost="poverty_project_cost",
        start_delay="poverty_project_start_delay",
        duration="poverty_project_duration",
        units="projects",
        long_name="Projecten armoede en laaggeletterdheid",
    )
    add_indicator_alias(s, "poverty_literacy_projects", lambda v: v[projects.started])

    neet = add_pipeline(
        s,
        "neet_projects",
        funding=lambda v: line_spending(v, LINE) * v.p["poverty_share_neet"],
        cost="neet_project_cost",
        start_delay="neet_project_start_delay",
        duration="neet_project_duration",
        units="projects",
        long_name="Projecten passend perspectief NEET/VSV-jongeren",
        initial_running=lambda v: v.p["neet_projects_2023"],
    )
    add_indicator_alias(s, "neet_vsv_projects", lambda v: v[neet.running])

    # -- outreach of the social basic infrastructure ----------------------------
    s.auxiliary(
        "poverty_outreach_funding",
        units="k€/yr",
        long_name="Bereik sociale basisinfrastructuur (actieplan, conferenties): financiering",
        func=lambda v: line_spending(v, LINE) * v.p["poverty_share_outreach"],
    )
    s.smooth3(
        "support_use_increase",
        input=lambda v: v["poverty_outreach_funding"] * v.p["support_use_pct_per_keur"],
        delay=lambda v: v.p["support_use_delay"],
        units="%",
        long_name="Meer gebruik ondersteuningsaanbod sociale basisinfrastructuur door doelgroepen (t.o.v. 2023)",
    )
    add_indicator_alias(s, "support_use_increase_pct", lambda v: v["support_use_increase"])

    # -- Jeugdfonds Sport & Cultuur --------------------------------------------
    s.auxiliary(
        "jeugdfonds_share_130",
        units="1",
        long_name="Aandeel gemeenten met inkomensgrens 130%",
        func=_share_130,
    )
    s.auxiliary(
        "jeugdfonds_eligible",
        units="children",
        long_name="Kinderen die in aanmerking komen voor het Jeugdfonds",
        func=lambda v: (
            v.p["children_4_17"]
            * (
                v["jeugdfonds_share_130"] * v.p["low_income_share_130"]
                + (1.0 - v["jeugdfonds_share_130"])
                * 0.5
                * (v.p["low_income_share_110"] + v.p["low_income_share_120"])
            )
        ),
    )
    s.stock(
        "jeugdfonds_awareness",
        units="1",
        long_name="Bekendheid van het Jeugdfonds onder gezinnen die in aanmerking komen",
        initial=lambda v: v.p["jeugdfonds_awareness_2023"],
    )
    s.flow(
        "jeugdfonds_awareness_growth",
        units="1/yr",
        long_name="Groei van de bekendheid (diffusie)",
        target="jeugdfonds_awareness",
        rate=lambda v: (
            v.p["jeugdfonds_awareness_growth"]
            * v["jeugdfonds_awareness"]
            * (1.0 - v["jeugdfonds_awareness"])
        ),
    )
    s.auxiliary(
        "jeugdfonds_demand",
        units="children",
        long_name="Kinderen die een bijdrage zouden aanvragen",
        func=lambda v: (
            v["jeugdfonds_eligible"]
            * v["jeugdfonds_awareness"]
            * v.p["jeugdfonds_take_up_if_aware"]
        ),
    )
    s.auxiliary(
        "jeugdfonds_budget",
        units="k€/yr",
        long_name="Provinciale bijdrage aan het Jeugdfonds (structureel + reserve)",
        func=lambda v: (
            v.p["jeugdfonds_structural_budget"]
            + line_spending(v, LINE) * v.p["poverty_share_jeugdfonds"]
        ),
    )
    s.auxiliary(
        "jeugdfonds_funded_places",
        units="children",
        long_name="Kinderen die met de provinciale bijdrage gefinancierd kunnen worden",
        func=lambda v: v["jeugdfonds_budget"] / v.p["jeugdfonds_cost_per_child"],
    )
    s.auxiliary(
        "jeugdfonds_extra_cost_to_meet_demand",
        units="k€/yr",
        long_name="Extra provinciale bijdrage nodig om alle aanvragen te bedienen",
        func=lambda v: (
            np.maximum(v["jeugdfonds_demand"] - v["jeugdfonds_funded_places"], 0.0)
            * v.p["jeugdfonds_cost_per_child"]
        ),
    )
    s.stock(
        "jeugdfonds_participants",
        units="children",
        long_name="Kinderen bereikt via het Jeugdfonds (per jaar)",
        initial=lambda v: v.p["jeugdfonds_children_2023"],
    )
    s.flow(
        "jeugdfonds_reach_adjustment",
        units="children/yr",
        long_name="Aanpassing van het bereik aan vraag en geld",
        target="jeugdfonds_participants",
        rate=lambda v: (
            (
                np.minimum(v["jeugdfonds_demand"], v["jeugdfonds_funded_places"])
                - v["jeugdfonds_participants"]
            )
            / v.p["jeugdfonds_adjustment_time"]
        ),
    )
    add_indicator_alias(s, "jeugdfonds_children", lambda v: v["jeugdfonds_participants"])

    # -- outcomes --------------------------------------------------------------
    add_outcome(
        s,
        "persons_in_poverty",
        trend="poverty_trend",
        start=lambda v: v.p["children_in_poverty_2023"],
        delay="poverty_effect_delay",
        effect=lambda v: v[projects.running] * v.p["poverty_pp_per_project"],
    )
    add_outcome(
        s,
        "low_literate_adults",
        trend="low_literacy_trend",
        start=lambda v: v.p["low_literate_adults_2023"],
        delay="literacy_effect_delay",
        effect=lambda v: v[projects.running] * v.p["literacy_adults_per_project"],
    )
    add_outcome(
        s,
        "low_digital_skills",
        trend="low_digital_skills_trend",
        start=lambda v: v.p["low_digital_skills_2023"],
        delay="literacy_effect_delay",
        effect=lambda v: v[projects.running] * v.p["digital_adults_per_project"],
    )
    add_outcome(
        s,
        "youth_labour_participation",
        trend="youth_labour_trend",
        start=100.0,
        delay="neet_effect_delay",
        effect=lambda v: v[neet.running] * v.p["youth_labour_points_per_project"],
    )


PLAN_RULES = {
    # plan-consistent parameter: (indicator it is derived from, (low, high) range as factors of the value)
    "poverty_project_cost": ("poverty_literacy_projects", (0.7, 1.3)),
    "neet_project_cost": ("neet_vsv_projects", (0.7, 1.3)),
    "support_use_pct_per_keur": ("support_use_increase_pct", (0.5, 1.5)),
    "jeugdfonds_cost_per_child": ("jeugdfonds_children", (0.7, 1.3)),
}
"""Parameters derived so that the baseline meets the doelenboom target (``python -m model.analysis.plancost``)."""

DERIVED = {
    # parameter computed from others after a plan-consistent value changes
    "jeugdfonds_structural_budget": lambda values: (
        values["jeugdfonds_children_2023"] * values["jeugdfonds_cost_per_child"]
    ),
}
