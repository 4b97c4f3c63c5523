"""The reserve ledger: how a scenario's allocation of the €27M programme reserve is
released, spent and accompanied by co-financing, per budget year.

Money moves only through engine flows between stocks, so no euro can appear or
vanish. The stocks (all k€, with a ``line`` dimension where marked):

``reserve_unallocated``          not given to any line by the scenario
``reserve_unreleased`` [line]    allocated, not yet released by a council decision
``reserve_available`` [line]     released, not yet turned into work
``reserve_spent_total`` [line]   turned into work (cumulative)

so that, at every moment, the sum of the four equals the reserve of 27,000 k€.

Release follows the scenario's phasing: the amount of budget year Y is released at
1 January of Y, or at the council decision date if that is later (default: the
Voorjaarsnota of 28 June 2024, §9.2). The 350 k€ already committed in 2024 on line 2.3
(two sport-event regulations, §9.2) is paid out during 2024 whatever the decision
date. Released money is spent evenly over the rest of its budget year, as fast as
the shared execution capacity allows; what capacity does not allow stays available
and is spent later (cover letter, §8: a tight labour market limits execution).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np
import xarray as xr

from model.common.dates import decimal_year
from model.engine import Context, Structure

RESERVE_TOTAL = 27_000.0
"""The programme reserve still to allocate, k€ (§9, cover letter)."""

LINES = ("2.1.a", "2.1.b", "2.1.c", "2.1.d", "2.2", "2.3")
"""Budget lines of the reserve as the document names them (§9.2)."""

LEDGER_LINES = ("2.1.a", "2.1.b", "2.1.c", "2.1.d", "2.2.neighbourhoods", "2.2.villages", "2.3")
"""Lines as the ledger books them: 2.2 split into neighbourhood and village approaches."""

BUDGET_YEARS = (2024, 2025, 2026, 2027)
"""Budget years of the framework."""

COMMITTED = {"2.3": {2024: 350.0}}
"""Already committed from the reserve (§9.2): Stimuleringsregeling Bovenlokale
Evenementen 100 + Subsidieregeling Topsportevenementen 250, both line 2.3, in 2024."""

DEFAULT_DECISION_DATE = date(2024, 6, 28)
"""First council decision on the reserve: the Voorjaarsnota of 28 June 2024 (§9.2)."""

STRUCTURAL_FUNDS = {"social_basic_infrastructure": 37_000.0, "sport_platforms": 10_000.0}
"""Structural funds over 2024–2027, k€ (§9): fixed inputs, not part of the reserve."""

COFINANCING_SOURCES = {
    # source id: ledger lines whose spending it accompanies (§8.2, §9.3)
    "gbt_national": ("2.1.b",),
    "kansrijke_start": ("2.1.b",),
    "keigezond": ("2.1.b",),
    "area_partners": ("2.2.neighbourhoods", "2.2.villages"),
    "social_funds": ("2.1.c",),
}
"""Co-financing sources the document names as uncertain, and the lines they accompany."""


@dataclass(frozen=True)
class ReservePlan:
    """The levers of a scenario that concern money, as arrays the ledger uses.

    Attributes
    ----------
    allocation : ndarray, shape (len(LEDGER_LINES),)
        k€ per ledger line.
    phasing : ndarray, shape (len(LEDGER_LINES), len(BUDGET_YEARS))
        Share of each line's amount per budget year (rows add up to 1).
    decision_date : date
        From this date on, reserve money may be released.
    """

    allocation: np.ndarray
    phasing: np.ndarray
    decision_date: date = DEFAULT_DECISION_DATE

    @classmethod
    def from_levers(
        cls,
        *,
        allocation: Mapping[str, float],
        phasing: Mapping[str, Mapping[int, float]],
        neighbourhood_share: float,
        decision_date: date = DEFAULT_DECISION_DATE,
    ) -> ReservePlan:
        """Build from document-level lines (2.2 undivided) and the 2.2 split lever."""
        amounts = []
        shares = []
        for line in LEDGER_LINES:
            doc_line = "2.2" if line.startswith("2.2") else line
            amount = float(allocation.get(doc_line, 0.0))
            if line == "2.2.neighbourhoods":
                amount *= neighbourhood_share
            elif line == "2.2.villages":
                amount *= 1.0 - neighbourhood_share
            amounts.append(amount)
            shares.append([float(phasing[doc_line][y]) for y in BUDGET_YEARS])
        return cls(np.array(amounts), np.array(shares), decision_date)

    @classmethod
    def empty(cls, decision_date: date = DEFAULT_DECISION_DATE) -> ReservePlan:
        """No reserve spending at all, not even the 2024 commitments: the ``no_reserve``
        counterfactual, which keeps the structural funds and the autonomous trends."""
        phasing = np.zeros((len(LEDGER_LINES), len(BUDGET_YEARS)))
        phasing[:, 0] = 1.0
        return cls(np.zeros(len(LEDGER_LINES)), phasing, decision_date)

    def params(self) -> dict[str, Any]:
        """The plan as engine parameters (prefix ``plan_``), each with a leading sample
        axis of length 1 so that it broadcasts over any number of samples."""
        committed = np.zeros((len(LEDGER_LINES), len(BUDGET_YEARS)))
        for line, by_year in COMMITTED.items():
            i = LEDGER_LINES.index(line)
            for year, amount in by_year.items():
                committed[i, BUDGET_YEARS.index(year)] = min(amount, self.allocation[i])
        by_year = self.allocation[:, None] * self.phasing
        release_at = np.array(
            [max(float(y), decimal_year(self.decision_date)) for y in BUDGET_YEARS]
        )
        return {
            "plan_allocation": self.allocation[None, :],  # (1, line), k€
            "plan_release": np.maximum(by_year - committed, 0.0)[None],  # (1, line, year), k€
            "plan_release_at": release_at[None, None, :],  # (1, 1, year), decimal year
            "plan_committed": committed[None],  # (1, line, year), k€, paid out evenly over the year
        }


def stack_plans(plans: list[ReservePlan], repeats: int) -> dict[str, np.ndarray]:
    """Engine parameters for several plans on one sample axis: plan k occupies samples
    ``k*repeats`` to ``(k+1)*repeats - 1`` (used for variants and scenario comparison)."""
    per_plan = [p.params() for p in plans]
    return {
        key: np.repeat(np.concatenate([pp[key] for pp in per_plan]), repeats, axis=0)
        for key in per_plan[0]
    }


def _year_window(v: Context) -> np.ndarray:
    """1.0 for budget years containing the current step, shape (len(BUDGET_YEARS),)."""
    return (np.floor(v.t_step + 1e-9) == np.array(BUDGET_YEARS)).astype(float)


def cofinancing_from_structure(v: Context) -> np.ndarray:
    """Co-financing per source as the goal modules declare it: the auxiliary
    ``cofinancing_<source>`` (k€/yr), zero for a source no module declares.

    Returns k€/yr, shape (n, len(COFINANCING_SOURCES)).
    """
    cols = [
        np.broadcast_to(v[f"cofinancing_{source}"], (v.n,))
        if v.has(f"cofinancing_{source}")
        else np.zeros(v.n)
        for source in COFINANCING_SOURCES
    ]
    return np.stack(cols, axis=1)


def add_reserve_ledger(s: Structure, *, cofinancing=cofinancing_from_structure) -> None:
    """Declare the reserve ledger's stocks and flows in ``s``.

    Parameters used: the ``plan_*`` entries of :meth:`ReservePlan.params`,
    ``execution_capacity`` (k€/yr) and ``structural_continuation`` (share of the
    structural funds' yearly amount that continues after 2027). Co-financing per
    source comes from ``cofinancing`` (default: the goal modules' auxiliaries).
    """
    s.coords["line"] = list(LEDGER_LINES)
    s.coords["cofinancing_source"] = list(COFINANCING_SOURCES)
    s.coords["structural_fund"] = list(STRUCTURAL_FUNDS)
    line = ("line",)

    s.stock(
        "reserve_unallocated",
        units="k€",
        long_name="Reserve niet toegewezen aan een begrotingslijn",
        initial=lambda v: RESERVE_TOTAL - np.sum(v.p["plan_allocation"], axis=-1),
    )
    s.stock(
        "reserve_unreleased",
        units="k€",
        long_name="Toegewezen, nog niet vrijgegeven door PS-besluit",
        initial=lambda v: v.p["plan_allocation"],
        dims=line,
    )
    s.stock("reserve_available", units="k€", long_name="Vrijgegeven, nog niet besteed", dims=line)
    s.stock(
        "reserve_spent_total",
        units="k€",
        long_name="Besteed uit de reserve (cumulatief)",
        dims=line,
    )

    s.flow(
        "reserve_release",
        units="k€/yr",
        long_name="Vrijgave uit de reserve",
        source="reserve_unreleased",
        target="reserve_available",
        dims=line,
        rate=lambda v: (
            np.sum(
                v.p["plan_release"]
                * (
                    # in the first step that starts on or after the release moment
                    (v.t_step >= v.p["plan_release_at"] - 1e-9)
                    & (v.t_step < v.p["plan_release_at"] + v.dt - 1e-9)
                ),
                axis=-1,
            )
            / v.dt
        ),
    )
    s.flow(
        "reserve_commitment_payout",
        units="k€/yr",
        long_name="Uitbetaling van al aangegane verplichtingen (2024: 350 op lijn 2.3)",
        source="reserve_unreleased",
        target="reserve_spent_total",
        dims=line,
        rate=lambda v: np.sum(v.p["plan_committed"] * _year_window(v), axis=-1),
    )
    s.auxiliary(
        "reserve_spending_desired",
        units="k€/yr",
        long_name="Gewenste besteding: het beschikbare geld gelijkmatig over de rest van het jaar",
        dims=line,
        # money released in this step counts at once, so spending starts in the month of release
        func=lambda v: (
            (v["reserve_available"] + v.dt * v["reserve_release"])
            / np.maximum(np.floor(v.t_step + 1e-9) + 1.0 - v.t, v.dt)
        ),
    )
    s.auxiliary(
        "execution_capacity_use",
        units="1",
        long_name="Deel van de gewenste besteding dat de uitvoeringscapaciteit toelaat",
        func=lambda v: np.minimum(
            1.0,
            v.p["execution_capacity"]
            / np.maximum(v["reserve_spending_desired"].sum(axis=-1), 1e-12),
        ),
    )
    s.flow(
        "reserve_spending",
        units="k€/yr",
        long_name="Besteding uit de reserve (omgezet in werk)",
        source="reserve_available",
        target="reserve_spent_total",
        dims=line,
        rate=lambda v: v["reserve_spending_desired"] * v["execution_capacity_use"][:, None],
    )

    s.stock(
        "cofinancing_received_total",
        units="k€",
        long_name="Ontvangen cofinanciering (cumulatief)",
        dims=("cofinancing_source",),
    )
    s.flow(
        "cofinancing_inflow",
        units="k€/yr",
        long_name="Cofinanciering die binnenkomt",
        target="cofinancing_received_total",
        dims=("cofinancing_source",),
        rate=cofinancing,
    )

    per_year = np.array([amount / len(BUDGET_YEARS) for amount in STRUCTURAL_FUNDS.values()])
    s.stock(
        "structural_spent_total",
        units="k€",
        long_name="Besteed uit structurele middelen (cumulatief)",
        dims=("structural_fund",),
    )
    s.flow(
        "structural_spending",
        units="k€/yr",
        long_name="Besteding structurele middelen (basisinfrastructuur, sporttakplatforms)",
        target="structural_spent_total",
        dims=("structural_fund",),
        rate=lambda v: (
            per_year
            * np.where(v.t_step < BUDGET_YEARS[-1] + 1, 1.0, v.p["structural_continuation"])[
                ..., None
            ]
            * np.ones((v.n, 1))
        ),
    )


def ledger(ds: xr.Dataset) -> xr.Dataset:
    """Summarise a run per budget year: released, spent, co-financing, remaining (k€).

    Parameters
    ----------
    ds : xarray.Dataset
        A run containing the ledger's stocks and flows.

    Returns
    -------
    xarray.Dataset
        ``reserve_released``, ``reserve_spent``, ``cofinancing_received``,
        ``reserve_remaining`` (k€, dims ``sample, budget_year``); ``reserve_spent_by_line``
        (adds ``line``); ``cofinancing_by_source`` (adds ``cofinancing_source``) and
        ``structural_spent`` (adds ``structural_fund``). ``reserve_remaining`` is what
        is left in the reserve (unallocated, unreleased or unspent) at the end of the
        year; the cumulative spent plus the remaining is 27,000 in every year.
    """
    dt = float(ds.attrs["dt_years"])
    years = ds["time"].dt.year.values
    starts = np.flatnonzero(np.r_[True, years[1:] != years[:-1]])
    # the engine's order: the sample dims, time, then the variable's own dims
    lead = ds["reserve_spending"].dims[: ds["reserve_spending"].dims.index("time")]

    def values(name: str) -> np.ndarray:
        return ds[name].transpose(*lead, "time", ...).values

    def per_year(name: str) -> np.ndarray:
        # sum of rate x dt over the steps of each calendar year; plain numpy, since
        # xarray's groupby and aligned arithmetic cost more than the sums themselves
        return np.add.reduceat(values(name), starts, axis=len(lead)) * dt

    payout = per_year("reserve_commitment_payout")
    released = per_year("reserve_release") + payout
    spent_by_line = per_year("reserve_spending") + payout
    cof = per_year("cofinancing_inflow")
    held_at_start = (
        values("reserve_unallocated")[..., 0]
        + values("reserve_unreleased")[..., 0, :].sum(axis=-1)
        + values("reserve_available")[..., 0, :].sum(axis=-1)
    )
    spent = spent_by_line.sum(axis=-1)
    remaining = held_at_start[..., None] - np.cumsum(spent, axis=-1)

    def var(data: np.ndarray, long_name: str, *extra: str) -> tuple:
        return ((*lead, "budget_year", *extra), data, {"units": "k€", "long_name": long_name})

    coords = {d: ds[d].values for d in (*lead, "line", "cofinancing_source", "structural_fund")}
    out = xr.Dataset(
        {
            "reserve_released": var(
                released.sum(axis=-1), "Vrijgegeven uit de reserve in het begrotingsjaar"
            ),
            "reserve_spent": var(spent, "Besteed uit de reserve in het begrotingsjaar"),
            "cofinancing_received": var(
                cof.sum(axis=-1), "Ontvangen cofinanciering in het begrotingsjaar"
            ),
            "reserve_remaining": var(
                remaining, "Resterend in de reserve aan het eind van het begrotingsjaar"
            ),
            "reserve_spent_by_line": var(
                spent_by_line, "Besteed uit de reserve per begrotingslijn", "line"
            ),
            "cofinancing_by_source": var(
                cof, "Ontvangen cofinanciering per bron", "cofinancing_source"
            ),
            "structural_spent": var(
                per_year("structural_spending"),
                "Besteed uit structurele middelen",
                "structural_fund",
            ),
        },
        coords={**coords, "budget_year": years[starts]},
    )
    out["budget_year"].attrs.update({"long_name": "begrotingsjaar", "units": "1"})
    return out
