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

from model.common.dates import decimal_year

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


def hold_commitments(
    phasing: Mapping[str, Mapping[int, float]], allocation: Mapping[str, float]
) -> dict[str, dict[int, float]]:
    """``phasing`` (share per budget year, per document line) with each line's commitments
    held: a line with a commitment in a year (2024: 350 k€ on line 2.3, :data:`COMMITTED`)
    gets at least that amount in that year, and its other years are scaled down in
    proportion so that the shares still add up to 1. Lines without a commitment, or
    whose shares already hold it, keep their row.

    Examples
    --------
    >>> rows = {"2.3": {2024: 0.3, 2025: 0.25, 2026: 0.25, 2027: 0.2}}
    >>> held = hold_commitments(rows, {"2.3": 500.0})["2.3"]
    >>> round(held[2024], 3), round(sum(held.values()), 9)
    (0.7, 1.0)
    """
    base = {line: {int(y): float(s) for y, s in row.items()} for line, row in phasing.items()}
    for line, by_year in COMMITTED.items():
        amount = float(allocation.get(line, 0.0))
        if amount <= 0 or line not in base:
            continue
        shares = base[line]
        need = {y: min(1.0, c / amount) for y, c in by_year.items()}
        short = {y: s for y, s in need.items() if shares[y] < s - 1e-12}
        if not short:
            continue
        fixed = {y: max(shares[y], need.get(y, 0.0)) for y in short}
        rest = [y for y in BUDGET_YEARS if y not in fixed]
        left = max(0.0, 1.0 - sum(fixed.values()))
        rest_total = sum(shares[y] for y in rest)
        new = dict(fixed)
        for y in rest:
            new[y] = left * (shares[y] / rest_total) if rest_total > 0 else left / len(rest)
        base[line] = {y: new[y] for y in BUDGET_YEARS}
    return base


def stack_plans(plans: list[ReservePlan], repeats: int) -> dict[str, np.ndarray]:
    """Engine parameters for several plans on one sample axis: plan k occupies samples
    ``k*repeats`` to ``(k+1)*repeats - 1`` (used for variants and scenario comparison)."""
    per_plan = [p.params() for p in plans]
    return {
        key: np.repeat(np.concatenate([pp[key] for pp in per_plan]), repeats, axis=0)
        for key in per_plan[0]
    }


PHASING_PROFILES: dict[str, tuple[float, ...]] = {
    "even": (0.25, 0.25, 0.25, 0.25),
    "early": (0.40, 0.30, 0.20, 0.10),
    "late": (0.10, 0.20, 0.30, 0.40),
}
"""Phasing presets (share per budget year 2024–2027) applied to every line (assumption of
this toolkit: the document gives no phasing beyond its indicative split, §9.2); the app's
phasing choice and the search's phasing lever offer them."""


def profile_phasing(name: str) -> dict[str, dict[int, float]]:
    """Phasing per line for the preset ``name`` of :data:`PHASING_PROFILES` (commitments
    not yet held: :func:`hold_commitments` does that for an allocation)."""
    if name not in PHASING_PROFILES:
        raise ValueError(f"phasing = {name!r}; allowed: {', '.join(PHASING_PROFILES)}")
    return {line: dict(zip(BUDGET_YEARS, PHASING_PROFILES[name], strict=True)) for line in LINES}
