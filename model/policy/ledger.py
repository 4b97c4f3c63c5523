"""The reserve ledger's equations: how a scenario's allocation of the €27M programme
reserve is released, spent and accompanied by co-financing.

Money moves only through engine flows between stocks, so no euro can appear or
vanish. The stocks (all k€, with a ``line`` dimension where marked):

``reserve_unallocated``          not given to any line by the scenario
``reserve_unreleased`` [line]    allocated, not yet released by a council decision
``reserve_available`` [line]     released, not yet turned into work
``reserve_spent_total`` [line]   turned into work (cumulative)

so that, at every moment, the sum of the four equals the reserve of 27,000 k€.

Release follows the scenario's phasing (the levers ``plan_*`` of
:meth:`model.policy.budget.ReservePlan.params`): the amount of budget year Y is released
at 1 January of Y, or at the council decision date if that is later (default: the
Voorjaarsnota of 28 June 2024, §9.2). The 350 k€ already committed in 2024 on line 2.3
(two sport-event regulations, §9.2) is paid out during 2024 whatever the decision
date. Released money is spent evenly over the rest of its budget year, as fast as
the shared execution capacity allows; what capacity does not allow stays available
and is spent later (cover letter, §8: a tight labour market limits execution).
"""

from __future__ import annotations

import numpy as np

from model.engine import Structure, StructureError, aux, flow
from model.engine.functions import EPS, first_step_from
from model.policy.budget import (
    BUDGET_YEARS,
    COFINANCING_SOURCES,
    LEDGER_LINES,
    RESERVE_TOTAL,
    STRUCTURAL_FUNDS,
)

LINE = ("line",)

LINE_SPENDING = {line: "spending_" + line.replace(".", "_") for line in LEDGER_LINES}
"""Ledger line -> the auxiliary holding its reserve spending (k€/yr), e.g. ``spending_2_1_a``:
goals read their line's money by that name."""

_YEARS = np.array(BUDGET_YEARS)
_STRUCTURAL_PER_YEAR = np.array(
    [amount / len(BUDGET_YEARS) for amount in STRUCTURAL_FUNDS.values()]
)


def reserve_unallocated_initial(lever):
    """Not given to any line by the scenario (k€)."""
    return RESERVE_TOTAL - np.sum(lever.plan_allocation, axis=-1)


def reserve_unreleased_initial(lever):
    """Allocated per line, not yet released (k€)."""
    return lever.plan_allocation


@flow(
    units="k€/yr",
    long_name="Vrijgave uit de reserve",
    source="reserve_unreleased",
    target="reserve_available",
    dims=LINE,
)
def reserve_release(lever, t_step, dt):
    """Each budget year's amount, released in the first step that starts on or after its
    release moment (several amounts can share a step)."""
    first = first_step_from(lever.plan_release_at, t_step, dt)
    return np.sum(lever.plan_release * first, axis=-1) / dt


@flow(
    units="k€/yr",
    long_name="Uitbetaling van al aangegane verplichtingen (2024: 350 op lijn 2.3)",
    source="reserve_unreleased",
    target="reserve_spent_total",
    dims=LINE,
)
def reserve_commitment_payout(lever, t_step):
    """Commitments already made, paid out evenly over their budget year."""
    in_year = (np.floor(t_step + EPS) == _YEARS).astype(float)
    return np.sum(lever.plan_committed * in_year, axis=-1)


@aux(
    units="k€/yr",
    long_name="Gewenste besteding: het beschikbare geld gelijkmatig over de rest van het jaar",
    dims=LINE,
)
def reserve_spending_desired(reserve_available, reserve_release, t, t_step, dt):
    """Available money spread over the rest of the year; money released in this step
    counts at once, so spending starts in the month of release."""
    return (reserve_available + dt * reserve_release) / np.maximum(
        np.floor(t_step + EPS) + 1.0 - t, dt
    )


@aux(
    units="1",
    long_name="Deel van de gewenste besteding dat de uitvoeringscapaciteit toelaat",
)
def execution_capacity_use(p, reserve_spending_desired):
    """Share of the desired spending that the shared execution capacity allows."""
    return np.minimum(
        1.0, p.execution_capacity / np.maximum(reserve_spending_desired.sum(axis=-1), 1e-12)
    )


@flow(
    units="k€/yr",
    long_name="Besteding uit de reserve (omgezet in werk)",
    source="reserve_available",
    target="reserve_spent_total",
    dims=LINE,
)
def reserve_spending(reserve_spending_desired, execution_capacity_use):
    """Spending: the desired amount as far as capacity allows."""
    return reserve_spending_desired * execution_capacity_use[:, None]


@flow(
    units="k€/yr",
    long_name="Cofinanciering die binnenkomt",
    target="cofinancing_received_total",
    dims=("cofinancing_source",),
)
def cofinancing_inflow(
    n,
    cofinancing_gbt_national,
    cofinancing_kansrijke_start,
    cofinancing_keigezond,
    cofinancing_area_partners,
    cofinancing_social_funds,
):
    """Co-financing per source, as the goals declare it (``cofinancing_<source>``)."""
    sources = (
        cofinancing_gbt_national,
        cofinancing_kansrijke_start,
        cofinancing_keigezond,
        cofinancing_area_partners,
        cofinancing_social_funds,
    )
    return np.stack([np.broadcast_to(x, (n,)) for x in sources], axis=1)


# the inflow's arguments are the sources, in the order of COFINANCING_SOURCES
if cofinancing_inflow.inputs[1:] != tuple(f"cofinancing_{x}" for x in COFINANCING_SOURCES):
    raise StructureError(
        f"cofinancing_inflow reads {cofinancing_inflow.inputs[1:]}, not the sources "
        f"{tuple(COFINANCING_SOURCES)} in their order"
    )


@flow(
    units="k€/yr",
    long_name="Besteding structurele middelen (basisinfrastructuur, sporttakplatforms)",
    target="structural_spent_total",
    dims=("structural_fund",),
)
def structural_spending(p, t_step, n):
    """The structural funds' yearly amount; after 2027 the share that continues."""
    return (
        _STRUCTURAL_PER_YEAR
        * np.where(t_step < BUDGET_YEARS[-1] + 1, 1.0, p.structural_continuation)[..., None]
        * np.ones((n, 1))
    )


def _line_spending_equation(i: int):
    def spending(reserve_spending, reserve_commitment_payout):
        return reserve_spending[:, i] + reserve_commitment_payout[:, i]

    return spending


def add_reserve_ledger(s: Structure) -> None:
    """Declare the reserve ledger's levers, stocks and flows in ``s``.

    Parameters read: ``execution_capacity`` (k€/yr) and ``structural_continuation``
    (share of the structural funds' yearly amount that continues after 2027); the
    co-financing per source comes from the goals' ``cofinancing_<source>`` auxiliaries.
    """
    s.coords["line"] = list(LEDGER_LINES)
    s.coords["cofinancing_source"] = list(COFINANCING_SOURCES)
    s.coords["structural_fund"] = list(STRUCTURAL_FUNDS)
    s.coords["budget_year_index"] = list(BUDGET_YEARS)
    years = ("line", "budget_year_index")
    s.lever("plan_allocation", units="k€", long_name="Toewijzing per begrotingslijn", dims=LINE)
    s.lever("plan_release", units="k€", long_name="Vrijgave per lijn en begrotingsjaar", dims=years)
    s.lever("plan_release_at", units="yr", long_name="Moment van vrijgave per begrotingsjaar")
    s.lever("plan_committed", units="k€", long_name="Al vastgelegd per lijn en jaar", dims=years)

    s.stock(
        "reserve_unallocated",
        units="k€",
        long_name="Reserve niet toegewezen aan een begrotingslijn",
        initial=reserve_unallocated_initial,
    )
    s.stock(
        "reserve_unreleased",
        units="k€",
        long_name="Toegewezen, nog niet vrijgegeven door PS-besluit",
        initial=reserve_unreleased_initial,
        dims=LINE,
    )
    s.stock("reserve_available", units="k€", long_name="Vrijgegeven, nog niet besteed", dims=LINE)
    s.stock(
        "reserve_spent_total",
        units="k€",
        long_name="Besteed uit de reserve (cumulatief)",
        dims=LINE,
    )
    s.add(reserve_release, reserve_commitment_payout, reserve_spending_desired)
    s.add(execution_capacity_use, reserve_spending)
    s.stock(
        "cofinancing_received_total",
        units="k€",
        long_name="Ontvangen cofinanciering (cumulatief)",
        dims=("cofinancing_source",),
    )
    s.add(cofinancing_inflow)
    for i, ledger_line in enumerate(LEDGER_LINES):
        s.auxiliary(
            LINE_SPENDING[ledger_line],
            units="k€/yr",
            long_name=f"Besteding uit de reserve, lijn {ledger_line}",
            func=_line_spending_equation(i),
            record=False,
        )
    s.stock(
        "structural_spent_total",
        units="k€",
        long_name="Besteed uit structurele middelen (cumulatief)",
        dims=("structural_fund",),
    )
    s.add(structural_spending)
