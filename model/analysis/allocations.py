"""The set of allocations a search may propose: the reserve's lines in steps of 50 k€,
27,000 k€ in all, line 2.3 at least its 350 k€ committed, the user's bounds and locks.

:func:`allocation_space` checks a request and returns a :class:`Space`; the space puts
any real-valued proposal onto the set (:meth:`Space.project`, used as the repair operator
of the multi-objective search) and lists the pairwise exchanges around an allocation
(:meth:`Space.exchanges`, the moves of the single-objective search). Everything works on
arrays of candidates (rows) at once.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from model.analysis.uncertainty import UncertaintyError
from model.i18n import number
from model.policy.budget import COMMITTED, LINES, RESERVE_TOTAL, ReservePlan, hold_commitments
from model.policy.scenarios import Scenario

STEP = 50.0
"""k€ per step of the grid: every amount of the document is a multiple (as the app's sliders)."""

_EPS = 1e-6  # k€: round-off, not money


def committed_floor(line: str) -> float:
    """What is already committed on ``line`` (k€): the least it can get."""
    return float(sum(COMMITTED.get(line, {}).values()))


class SpaceError(UncertaintyError):
    """A search's bounds, locks or step cannot be met (field, value, what is allowed)."""

    def message(self, lang: str | None = None) -> str:
        for key in ("total", "free", "low", "high", "step", "amount"):
            if isinstance(self.fields.get(key), (int, float)):
                self.fields[key] = number(self.fields[key], lang)
        return super().message(lang)


@dataclass(frozen=True)
class Space:
    """Allocations of the reserve a search may propose.

    Attributes
    ----------
    start : ndarray, shape (len(LINES),)
        The scenario's allocation, k€ (the locked lines keep it).
    free : ndarray of bool
        Lines the search may change.
    low, high : ndarray
        Per line the least and most k€ (locked lines: their amount).
    step : float
        Grid of the free lines, k€.
    total : float
        What all lines together get, k€ (the reserve).
    """

    start: np.ndarray
    free: np.ndarray
    low: np.ndarray
    high: np.ndarray
    step: float = STEP
    total: float = RESERVE_TOTAL

    @property
    def free_lines(self) -> list[str]:
        return [line for line, f in zip(LINES, self.free, strict=True) if f]

    @property
    def free_total(self) -> float:
        """What the free lines share, k€."""
        return float(self.total - self.start[~self.free].sum())

    def contains(self, allocations: np.ndarray) -> np.ndarray:
        """Per row of ``allocations`` (k€, columns :data:`LINES`), whether it is in the set."""
        x = np.atleast_2d(np.asarray(allocations, dtype=float))
        units = x[:, self.free] / self.step
        return (
            (np.abs(x.sum(axis=1) - self.total) <= _EPS)
            & np.all(x >= self.low - _EPS, axis=1)
            & np.all(x <= self.high + _EPS, axis=1)
            & np.all(np.abs(units - np.round(units)) <= _EPS, axis=1)
            & np.all(np.abs(x[:, ~self.free] - self.start[~self.free]) <= _EPS, axis=1)
        )

    def project(self, proposals: np.ndarray) -> np.ndarray:
        """Each row of ``proposals`` (k€ per free line, or per line) moved onto the set.

        The free lines are first projected onto ``low <= x <= high, sum = free_total``
        (Euclidean: ``clip(y - lambda, low, high)`` with ``lambda`` found by bisection), then
        rounded onto the grid so that the sum stays exact (largest remainders go up). The
        locked lines get their amount.

        Returns
        -------
        ndarray, shape (rows, len(LINES))
            k€, every row in the set (:meth:`contains`).
        """
        y = np.atleast_2d(np.asarray(proposals, dtype=float))
        if y.shape[1] == len(LINES):
            y = y[:, self.free]
        lo, hi, total = self.low[self.free], self.high[self.free], self.free_total
        a = (y - hi).min(axis=1) - 1.0  # sum(clip(y - a)) = sum(hi) >= total
        b = (y - lo).max(axis=1) + 1.0  # sum(clip(y - b)) = sum(lo) <= total
        for _ in range(80):  # bisection on the shift: 2**-80 of the range
            mid = 0.5 * (a + b)
            above = np.clip(y - mid[:, None], lo, hi).sum(axis=1) > total
            a = np.where(above, mid, a)
            b = np.where(above, b, mid)
        x = np.clip(y - (0.5 * (a + b))[:, None], lo, hi)
        units = (x - lo) / self.step
        whole = np.floor(units + 1e-9)
        room = np.round((hi - lo) / self.step) - whole
        missing = np.round((total - lo.sum()) / self.step - whole.sum(axis=1)).astype(int)
        frac = np.where(room > 0, units - whole, -np.inf)
        order = np.argsort(-frac, axis=1, kind="stable")
        rank = np.empty_like(order)
        np.put_along_axis(rank, order, np.arange(order.shape[1])[None, :], axis=1)
        whole += (rank < missing[:, None]) & (room > 0)
        out = np.tile(self.start, (len(y), 1))
        out[:, self.free] = lo + whole * self.step
        return out

    def exchanges(self, allocation: np.ndarray, size: float) -> np.ndarray:
        """The allocations one pairwise exchange of up to ``size`` k€ away from
        ``allocation``: for every ordered pair of free lines ``(i, j)``, ``i`` gains and
        ``j`` loses ``min(size, room of i, room of j)`` (so that a bound can be reached
        exactly); exchanges of less than one step are left out.

        Returns
        -------
        ndarray, shape (moves, len(LINES))
        """
        x = np.asarray(allocation, dtype=float)
        free = np.flatnonzero(self.free)
        rows = []
        for i in free:
            for j in free:
                if i == j:
                    continue
                d = min(size, self.high[i] - x[i], x[j] - self.low[j])
                d = math.floor(d / self.step + 1e-9) * self.step
                if d >= self.step - _EPS:
                    y = x.copy()
                    y[i] += d
                    y[j] -= d
                    rows.append(y)
        return np.array(rows).reshape(-1, len(LINES))

    def grid_size(self) -> int:
        """Allocations on the grid along the one exchange direction when exactly two
        lines are free (else 0): what a brute-force search of that sub-problem evaluates."""
        if int(self.free.sum()) != 2:
            return 0
        i, j = np.flatnonzero(self.free)
        lo = max(self.low[i], self.free_total - self.high[j])
        hi = min(self.high[i], self.free_total - self.low[j])
        return math.floor((hi - lo) / self.step + 1e-9) + 1 if hi >= lo else 0


def allocation_space(
    scenario: Scenario,
    *,
    bounds: Mapping[str, tuple[float | None, float | None]] | None = None,
    locks: Sequence[str] = (),
    step: float = STEP,
    fields: Mapping[str, str] | None = None,
) -> Space:
    """The allocations a search from ``scenario`` may propose, or a :class:`SpaceError`.

    Parameters
    ----------
    scenario : Scenario
        The locked lines keep its amounts.
    bounds : mapping of line to (low, high), optional
        k€; None for either end leaves it open (0 and the reserve). Line 2.3 never goes
        below its 350 k€ committed. The ends are rounded inwards onto the grid.
    locks : sequence of str
        Lines the search leaves as they are.
    step : float
        Grid of the free lines, k€ (default 50).
    fields : mapping, optional
        Names the messages give the arguments (``bounds``, ``low``, ``high``, ``locks``,
        ``step``), e.g. the command line's ``--min``, ``--max``, ``--lock``.

    Raises
    ------
    SpaceError
        An unknown line, an amount that is not a number >= 0, a low end above the high end,
        a locked line with a bound that excludes its amount, fewer than two free lines,
        locked amounts that leave the free lines a total off the grid, or bounds that
        cannot add up to the reserve.

    Examples
    --------
    >>> from model import load_scenario
    >>> space = allocation_space(load_scenario("baseline"), locks=["2.2"], bounds={"2.1.a": (5000, None)})
    >>> space.free_lines, space.free_total, float(space.low[0])
    (['2.1.a', '2.1.b', '2.1.c', '2.1.d', '2.3'], 12000.0, 5000.0)
    """
    names = {"bounds": "bounds", "low": "bounds", "high": "bounds", "locks": "locks"}
    names.update({"step": "step", **(fields or {})})
    if isinstance(step, bool) or not isinstance(step, (int, float)) or not step > 0:
        raise SpaceError(field=names["step"], value=step, allowed="opt.allowed.step")
    step = float(step)
    if not math.isclose(step / STEP, round(step / STEP)) or step < STEP:
        raise SpaceError(field=names["step"], value=step, allowed="opt.allowed.step")
    start = np.array([float(scenario.allocation.get(line, 0.0)) for line in LINES])
    locks = [locks] if isinstance(locks, str) else list(locks)
    for line in locks:
        if line not in LINES:
            raise SpaceError(
                field=names["locks"],
                value=line,
                reason="reason.unknown_line",
                allowed="allowed.options",
                options=", ".join(LINES),
            )
    free = np.array([line not in locks for line in LINES])
    low = np.where(free, 0.0, start)
    high = np.where(free, RESERVE_TOTAL, start)
    for k, line in enumerate(LINES):
        if free[k]:  # on the grid: 350 committed on 2.3 stays 350 with 50 k€ steps
            low[k] = math.ceil(committed_floor(line) / step - 1e-9) * step
    for line, pair in (bounds or {}).items():
        if line not in LINES:
            raise SpaceError(
                field=names["bounds"],
                value=line,
                reason="reason.unknown_line",
                allowed="allowed.options",
                options=", ".join(LINES),
            )
        k = LINES.index(line)
        lo_hi = _pair(pair, line, names)
        if not free[k]:
            if (lo_hi[0] is not None and start[k] < lo_hi[0] - _EPS) or (
                lo_hi[1] is not None and start[k] > lo_hi[1] + _EPS
            ):
                raise SpaceError(
                    field=names["locks"],
                    value=line,
                    reason="opt.reason.lock_bound",
                    allowed="opt.allowed.lock_bound",
                    amount=float(start[k]),
                )
            continue
        if lo_hi[0] is not None:
            low[k] = max(low[k], math.ceil(lo_hi[0] / step - 1e-9) * step)
        if lo_hi[1] is not None:
            high[k] = min(high[k], math.floor(lo_hi[1] / step + 1e-9) * step)
        if low[k] > high[k] + _EPS:
            raise SpaceError(
                field=f"{names['low']} {line}",
                value=lo_hi,
                reason="opt.reason.empty_bound",
                allowed="opt.allowed.bound",
                low=low[k],
                high=high[k],
                step=step,
            )
    if int(free.sum()) < 2:
        raise SpaceError(
            field=names["locks"],
            value=locks,
            reason="opt.reason.too_few_free",
            allowed="opt.allowed.two_free",
        )
    space = Space(start=start, free=free, low=low, high=high, step=step)
    rest = space.free_total
    if rest < -_EPS or abs(rest / step - round(rest / step)) > 1e-6:
        raise SpaceError(
            field=names["locks"],
            value=locks,
            reason="opt.reason.off_grid",
            allowed="opt.allowed.off_grid",
            free=rest,
            step=step,
        )
    high_free = np.minimum(high, rest)
    space = replace(space, high=np.where(free, high_free, high))
    if low[free].sum() > rest + _EPS or space.high[free].sum() < rest - _EPS:
        raise SpaceError(
            field=names["bounds"],
            value=_shown_bounds(bounds),
            reason="opt.reason.bounds_sum",
            allowed="opt.allowed.bounds_sum",
            free=rest,
            low=float(low[free].sum()),
            high=float(space.high[free].sum()),
            total=RESERVE_TOTAL,
        )
    return space


def _pair(pair: Any, line: str, names: Mapping[str, str]) -> tuple[float | None, float | None]:
    """A bound ``(low, high)`` checked: numbers >= 0 (None: open), low <= high."""
    if not isinstance(pair, (tuple, list)) or len(pair) != 2:
        raise SpaceError(field=f"{names['bounds']} {line}", value=pair, allowed="opt.allowed.pair")
    out: list[float | None] = []
    for end, value in zip(("low", "high"), pair, strict=True):
        if value is None:
            out.append(None)
            continue
        if (
            isinstance(value, bool)
            or not isinstance(value, (int, float, np.integer, np.floating))
            or not math.isfinite(float(value))
            or float(value) < 0
        ):
            raise SpaceError(field=f"{names[end]} {line}", value=value, allowed="allowed.number")
        out.append(float(value))
    if out[0] is not None and out[1] is not None and out[0] > out[1]:
        raise SpaceError(
            field=f"{names['bounds']} {line}",
            value=tuple(out),
            reason="opt.reason.low_above_high",
            allowed="opt.allowed.pair",
        )
    return out[0], out[1]


def _shown_bounds(bounds: Mapping[str, Any] | None) -> str:
    return ", ".join(f"{k}={v[0]}..{v[1]}" for k, v in (bounds or {}).items()) or "-"


def reserve_plans(scenario: Scenario, allocations: np.ndarray) -> list[ReservePlan]:
    """One :class:`ReservePlan` per row of ``allocations`` (k€ per line of :data:`LINES`),
    with the scenario's phasing, 2.2 split and decision date; a line's phasing holds what
    is committed on it (:func:`~model.policy.budget.hold_commitments`), as the app does."""
    plans = []
    for row in np.atleast_2d(allocations):
        amounts = dict(zip(LINES, (float(v) for v in row), strict=True))
        plans.append(
            ReservePlan.from_levers(
                allocation=amounts,
                phasing=hold_commitments(scenario.phasing, amounts),
                neighbourhood_share=scenario.neighbourhood_share,
                decision_date=scenario.decision_date,
            )
        )
    return plans


def as_scenario(
    scenario: Scenario,
    allocation: np.ndarray,
    *,
    name: str | None = None,
    title: str | None = None,
    description: str | None = None,
) -> Scenario:
    """``scenario`` with ``allocation`` (k€ per line) and the phasing that holds its
    commitments, validated like a file; ``name``, ``title`` and ``description`` replace
    the scenario's where given."""
    amounts = dict(zip(LINES, (float(v) for v in allocation), strict=True))
    held = replace(
        scenario,
        phasing=hold_commitments(scenario.phasing, amounts),
        name=scenario.name if name is None else name,
        title=scenario.title if title is None else title,
        description=scenario.description if description is None else description,
    )
    return held.with_allocation(amounts)


def _committed() -> dict[str, str]:
    return {"committed": f"{committed_floor('2.3'):g}"}


def check_allocations(allocations: Any, *, field: str = "allocations") -> np.ndarray:
    """``allocations`` as an array (candidates, len(LINES)) of k€, each row a valid
    reserve allocation: numbers >= 0, at most the reserve in all, 2.3 at least what is
    committed. A mapping (line -> k€) or a sequence of them is accepted too."""
    if isinstance(allocations, Mapping):
        allocations = [allocations]
    if (
        isinstance(allocations, Sequence)
        and allocations
        and all(isinstance(a, Mapping) for a in allocations)
    ):
        for a in allocations:
            unknown = [k for k in a if k not in LINES]
            if unknown:
                raise UncertaintyError(
                    field=field,
                    value=unknown[0],
                    reason="reason.unknown_line",
                    allowed="allowed.options",
                    options=", ".join(LINES),
                )
        allocations = [[float(a.get(line, 0.0)) for line in LINES] for a in allocations]
    try:
        x = np.array(allocations, dtype=float)
    except (TypeError, ValueError):
        raise UncertaintyError(
            field=field, value=allocations, allowed="opt.allowed.allocations", **_committed()
        ) from None
    if x.ndim == 1:
        x = x[None, :]
    if x.ndim != 2 or x.shape[1] != len(LINES) or not len(x):
        raise UncertaintyError(
            field=field, value=f"shape {x.shape}", allowed="opt.allowed.allocations", **_committed()
        )
    floor = np.array([committed_floor(line) for line in LINES])
    bad = (
        ~np.isfinite(x).all(axis=1)
        | (x < 0).any(axis=1)
        | (x.sum(axis=1) > RESERVE_TOTAL + _EPS)
        | (x < floor - _EPS).any(axis=1)
    )
    if bad.any():
        k = int(np.flatnonzero(bad)[0])
        raise UncertaintyError(
            field=f"{field}[{k}]",
            value=dict(zip(LINES, x[k].tolist(), strict=True)),
            allowed="opt.allowed.allocations",
            **_committed(),
        )
    return x
