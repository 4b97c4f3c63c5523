"""The reserve ledger's equations: how a scenario's allocation of the €27M programme
reserve is released, spent and accompanied by co-financing.

Money moves only through engine flows between stocks, so no euro can appear or
vanish. The stocks (all k€, with a ``line`` dimension where marked):

``reserve_unallocated``          not given to any line by the scenario
``reserve_unreleased`` [line]    allocated, not yet released by a council decision
``reserve_available`` [line]     released, not yet turned into work
``reserve_spent_total`` [line]   turned into work (cumulative)

so that, at every moment, the sum of the four equals the reserve of 27,000 k€. Line
2.1.a's available money is also kept in two memo parts (``jeugdfonds_reserve_account``
and ``poverty_other_reserve_account``, adding up to its ``reserve_available``).

Release follows the scenario's phasing (the levers ``plan_*`` of
:meth:`model.policy.budget.ReservePlan.params`): the amount of budget year Y is released
at 1 January of Y, or at the council decision date if that is later (default: the
Voorjaarsnota of 28 June 2024, §9.2). The 350 k€ already committed in 2024 on line 2.3
(two sport-event regulations, §9.2) is paid out during 2024 whatever the decision
date. Released money is spent evenly over the rest of its budget year, as fast as
the execution capacity allows: each line's own organisations (``execution_capacity_<line>``)
and the province's shared capacity (``execution_capacity``); what capacity does not
allow stays available and is spent later (cover letter, §8: a tight labour market
limits execution). Money not spent by the end of 2027 stays in the reserve unless the scenario carries it over
(lever ``carry_over``). Line 2.1.a's two parts are spread and capacity-limited each on
its own (each within its share of the line's capacity): the Jeugdfonds part only as far
as the applications can absorb it (``jeugdfonds_reserve_absorbable``, poverty goal); the
rest stays available in the reserve for the Jeugdfonds (money that cannot be used is not
booked as spent, and is not passed to the line's other activities).

The spread ("what is available over the time left in the year") is a decision taken at the
start of each step and held for the step (``held=True``: the requests
``reserve_spending_desired``, ``jeugdfonds_request`` and ``poverty_other_request``), as a
monthly spending decision is; the caps (capacity, what the applications absorb) act at every
moment. Evaluated from RK4's intermediate states instead, the spread is 0/0 at the end of
the year (the stage state is empty when the time left is zero), and RK4 left part of each
year's last step unspent, an error of first order in the step (Jeugdfonds children in 2027
off by 0.86 % at a monthly step). Held, RK4 at a month agrees with RK4 at 1/8 month to
0.03 % on every output with a target; Euler, which evaluates once per step, is unchanged.
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

_JEUGDFONDS_LINE = LEDGER_LINES.index("2.1.a")

LINE_SPENDING = {line: "spending_" + line.replace(".", "_") for line in LEDGER_LINES}
"""Ledger line -> the auxiliary holding its reserve spending (k€/yr), e.g. ``spending_2_1_a``:
goals read their line's money by that name."""

LINE_CAPACITY = {line: "execution_capacity_" + line.replace(".", "_") for line in LEDGER_LINES}
"""Ledger line -> the parameter holding the execution capacity of the organisations that
carry out that line's work (k€/yr), e.g. ``execution_capacity_2_1_b``."""

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


def _rest_of_year(t, t_step, dt):
    return np.maximum(np.floor(t_step + EPS) + 1.0 - t, dt)


def _jeugdfonds_request(share, account, release, rest, dt):
    return (account + dt * release[:, _JEUGDFONDS_LINE] * share) / rest


def _other_desired(share, account, release, rest, dt):
    return (account + dt * release[:, _JEUGDFONDS_LINE] * (1.0 - share)) / rest


@aux(
    units="k€/yr",
    long_name="Gewenste besteding: het beschikbare geld gelijkmatig over de rest van het jaar",
    dims=LINE,
    held=True,
)
def reserve_spending_desired(
    p,
    reserve_available,
    reserve_release,
    jeugdfonds_reserve_account,
    poverty_other_reserve_account,
    t,
    t_step,
    dt,
):
    """Available money spread over the rest of the year; money released in this step
    counts at once, so spending starts in the month of release. Line 2.1.a's available
    money is held in two parts, each spread on its own: the Jeugdfonds' part
    (``jeugdfonds_reserve_account``) and the other activities' part
    (``poverty_other_reserve_account``), so money the Jeugdfonds cannot use never goes to
    the other activities."""
    rest = _rest_of_year(t, t_step, dt)
    desired = (reserve_available + dt * reserve_release) / rest
    share = p.poverty_share_jeugdfonds
    desired[:, _JEUGDFONDS_LINE] = _other_desired(
        share, poverty_other_reserve_account, reserve_release, rest, dt
    ) + _jeugdfonds_request(share, jeugdfonds_reserve_account, reserve_release, rest, dt)
    return desired


@aux(units="k€/yr", long_name="Uitvoeringscapaciteit per begrotingslijn", dims=LINE)
def line_execution_capacity(p, n):
    """What the organisations of each line can turn into work per year (k€/yr)."""
    return np.stack(
        [np.broadcast_to(getattr(p, LINE_CAPACITY[x]), (n,)) for x in LEDGER_LINES], axis=1
    )


@aux(
    units="k€/yr",
    long_name="Jeugdfonds: gewenste besteding van zijn deel van lijn 2.1.a",
    held=True,
)
def jeugdfonds_request(p, jeugdfonds_reserve_account, reserve_release, t, t_step, dt):
    """The Jeugdfonds' part of line 2.1.a's available money, spread over the rest of the year."""
    rest = _rest_of_year(t, t_step, dt)
    return _jeugdfonds_request(
        p.poverty_share_jeugdfonds, jeugdfonds_reserve_account, reserve_release, rest, dt
    )


@aux(
    units="k€/yr",
    long_name="Jeugdfonds: besteding binnen zijn deel van de capaciteit en de aanvragen",
)
def jeugdfonds_line_limited(
    p, jeugdfonds_request, line_execution_capacity, jeugdfonds_reserve_absorbable
):
    """The Jeugdfonds' request within its share of line 2.1.a's capacity and within what the
    applications absorb (``jeugdfonds_reserve_absorbable``, poverty goal): money demand
    cannot absorb is not spent and stays in the reserve."""
    cap = line_execution_capacity[:, _JEUGDFONDS_LINE] * p.poverty_share_jeugdfonds
    return np.minimum(np.minimum(jeugdfonds_request, cap), jeugdfonds_reserve_absorbable)


@aux(
    units="k€/yr",
    long_name="Lijn 2.1.a zonder Jeugdfonds: gewenste besteding van hun deel",
    held=True,
)
def poverty_other_request(p, poverty_other_reserve_account, reserve_release, t, t_step, dt):
    """Line 2.1.a's other activities: their money spread over the rest of the year."""
    rest = _rest_of_year(t, t_step, dt)
    return _other_desired(
        p.poverty_share_jeugdfonds, poverty_other_reserve_account, reserve_release, rest, dt
    )


@aux(
    units="k€/yr",
    long_name="Lijn 2.1.a zonder Jeugdfonds: besteding binnen hun deel van de capaciteit",
)
def poverty_other_line_limited(p, poverty_other_request, line_execution_capacity):
    """Line 2.1.a's other activities: their request within their share of the line's
    capacity (each activity has its own organisations)."""
    share = p.poverty_share_jeugdfonds
    return np.minimum(
        poverty_other_request, line_execution_capacity[:, _JEUGDFONDS_LINE] * (1.0 - share)
    )


@aux(
    units="k€/yr",
    long_name="Gewenste besteding binnen de uitvoeringscapaciteit van de lijn",
    dims=LINE,
)
def reserve_spending_line_limited(
    reserve_spending_desired,
    line_execution_capacity,
    poverty_other_line_limited,
    jeugdfonds_line_limited,
):
    """Desired spending as far as each line's own execution capacity allows; on line 2.1.a,
    its other activities plus the Jeugdfonds' money as far as demand absorbs it (money
    the applications cannot absorb takes no capacity)."""
    limited = np.minimum(reserve_spending_desired, line_execution_capacity)
    limited[:, _JEUGDFONDS_LINE] = poverty_other_line_limited + jeugdfonds_line_limited
    return limited


@aux(
    units="1",
    long_name="Besteding uit de reserve toegestaan (na 2027 alleen bij overheveling)",
)
def reserve_spending_allowed(lever, t_step, n):
    """1 during the budget years; after 2027 only if the scenario carries unspent money
    over (``carry_over``): otherwise what is left stays in the reserve, unspent."""
    open_ = (t_step < BUDGET_YEARS[-1] + 1.0) | (lever.lever_carry_over >= 0.5)
    return np.broadcast_to(np.where(open_, 1.0, 0.0), (n,))


@aux(
    units="1",
    long_name="Deel van de gewenste besteding dat de uitvoeringscapaciteit toelaat",
)
def execution_capacity_use(p, reserve_spending_line_limited, reserve_spending_allowed):
    """Share of the line-limited spending that the shared capacity of the province's own
    organisation (``execution_capacity``, all lines together) allows; none after 2027
    unless the money is carried over (``reserve_spending_allowed``)."""
    return reserve_spending_allowed * np.minimum(
        1.0, p.execution_capacity / np.maximum(reserve_spending_line_limited.sum(axis=-1), 1e-12)
    )


@aux(
    units="k€/yr",
    long_name="Besteding uit de reserve voor het Jeugdfonds (lijn 2.1.a)",
)
def spending_2_1_a_jeugdfonds(jeugdfonds_line_limited, execution_capacity_use):
    """Line 2.1.a's spending on the Jeugdfonds: as far as its capacity, the applications and
    the shared capacity allow."""
    return jeugdfonds_line_limited * execution_capacity_use


@aux(
    units="k€/yr",
    long_name="Besteding uit de reserve voor de overige activiteiten van lijn 2.1.a",
)
def spending_2_1_a_other(poverty_other_line_limited, execution_capacity_use):
    """Line 2.1.a's spending on its activities other than the Jeugdfonds."""
    return poverty_other_line_limited * execution_capacity_use


@flow(
    units="k€/yr",
    long_name="Jeugdfonds: vrijgegeven deel van lijn 2.1.a",
    target="jeugdfonds_reserve_account",
)
def jeugdfonds_account_release(p, reserve_release):
    """The Jeugdfonds' share of what is released on line 2.1.a."""
    return reserve_release[:, _JEUGDFONDS_LINE] * p.poverty_share_jeugdfonds


@flow(
    units="k€/yr",
    long_name="Jeugdfonds: besteed uit zijn deel van lijn 2.1.a",
    source="jeugdfonds_reserve_account",
)
def jeugdfonds_account_spending(spending_2_1_a_jeugdfonds):
    """What the Jeugdfonds spends leaves its part of the available reserve."""
    return spending_2_1_a_jeugdfonds


@flow(
    units="k€/yr",
    long_name="Lijn 2.1.a zonder Jeugdfonds: vrijgegeven deel",
    target="poverty_other_reserve_account",
)
def poverty_other_account_release(p, reserve_release):
    """The other activities' share of what is released on line 2.1.a."""
    return reserve_release[:, _JEUGDFONDS_LINE] * (1.0 - p.poverty_share_jeugdfonds)


@flow(
    units="k€/yr",
    long_name="Lijn 2.1.a zonder Jeugdfonds: besteed",
    source="poverty_other_reserve_account",
)
def poverty_other_account_spending(spending_2_1_a_other):
    """What the other activities spend leaves their part of the available reserve."""
    return spending_2_1_a_other


@flow(
    units="k€/yr",
    long_name="Besteding uit de reserve (omgezet in werk)",
    source="reserve_available",
    target="reserve_spent_total",
    dims=LINE,
)
def reserve_spending(
    reserve_spending_line_limited,
    execution_capacity_use,
    spending_2_1_a_jeugdfonds,
    spending_2_1_a_other,
):
    """Spending: the desired amount as far as the line's and the shared capacity allow;
    on line 2.1.a its two parts (the Jeugdfonds only as far as demand absorbs it)."""
    spending = reserve_spending_line_limited * execution_capacity_use[:, None]
    spending[:, _JEUGDFONDS_LINE] = spending_2_1_a_other + spending_2_1_a_jeugdfonds
    return spending


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

    Parameters read: ``execution_capacity`` and ``execution_capacity_<line>`` (k€/yr) and ``structural_continuation``
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
    s.stock(
        "jeugdfonds_reserve_account",
        units="k€",
        long_name="Deel van de beschikbare reserve van lijn 2.1.a voor het Jeugdfonds (vrijgegeven, niet besteed)",
    )
    s.stock(
        "poverty_other_reserve_account",
        units="k€",
        long_name="Deel van de beschikbare reserve van lijn 2.1.a voor de andere activiteiten dan het Jeugdfonds",
    )
    s.add(reserve_release, reserve_commitment_payout, reserve_spending_desired)
    s.reads_parameters("line_execution_capacity", *LINE_CAPACITY.values())
    s.add(line_execution_capacity, jeugdfonds_request, jeugdfonds_line_limited)
    s.lever(
        "lever_carry_over",
        units="1",
        long_name="Hefboom: onbesteed geld na 2027 overhevelen (1) of niet (0)",
    )
    s.add(poverty_other_request, poverty_other_line_limited, reserve_spending_line_limited)
    s.add(reserve_spending_allowed, execution_capacity_use)
    s.add(spending_2_1_a_jeugdfonds, spending_2_1_a_other)
    s.add(jeugdfonds_account_release, jeugdfonds_account_spending)
    s.add(poverty_other_account_release, poverty_other_account_spending, reserve_spending)
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
