"""Vensim-style library functions of time and tables, written once: pure numpy
functions that work on scalars and arrays alike."""

from __future__ import annotations

from typing import Any

import numpy as np

Array = np.ndarray


def lookup(x: Any, xs: Any, ys: Any) -> Array:
    """Piecewise-linear table lookup (Vensim ``WITH LOOKUP``), flat beyond the ends.

    Examples
    --------
    >>> float(lookup(1.5, [0, 1, 2], [0, 10, 20]))
    15.0
    """
    return np.interp(x, xs, ys)


EPS = 1e-9
"""Tolerance in years for comparing times (a month is 0.083 yr; round-off is ~1e-13)."""


def step(height: Any, start: Any, t: Any) -> Any:
    """Vensim's ``STEP(height, start)``: 0 before ``start``, ``height`` from it on.

    Pass the step start ``t_step`` as ``t`` so that the switch falls on a step boundary
    and every RK4 stage sees the same value.

    Examples
    --------
    >>> float(step(2.0, 2025.0, 2024.5)), float(step(2.0, 2025.0, 2025.0))
    (0.0, 2.0)
    """
    return np.where(t >= start - EPS, height, 0.0)


def ramp(slope: Any, start: Any, end: Any, t: Any) -> Any:
    """Vensim's ``RAMP(slope, start, end)``: 0 before ``start``, rising by ``slope`` a
    year until ``end``, then constant.

    Examples
    --------
    >>> [float(ramp(1.0, 2025.0, 2026.0, x)) for x in (2024.0, 2025.5, 2027.0)]
    [0.0, 0.5, 1.0]
    """
    return slope * np.clip(t - start, 0.0, end - start)


def pulse(amount: Any, at: Any, t_step: Any, dt: Any) -> Any:
    """A rate that moves ``amount`` in the one step whose start lies in ``(at - dt, at]``
    (Vensim's ``PULSE`` of one step, scaled so that the amount moved is ``amount``).

    Evaluated on the step start, so RK4 moves exactly ``amount`` too.

    Examples
    --------
    >>> float(pulse(12.0, 2024.5, 2024.5, 1 / 12)), float(pulse(12.0, 2024.5, 2024.0, 1 / 12))
    (144.0, 0.0)
    """
    return np.where(in_step(at, t_step, dt), amount / dt, 0.0)


def first_step_from(at: Any, t_step: Any, dt: Any) -> Any:
    """Whether the step that starts at ``t_step`` is the first one that starts on or
    after the moment ``at`` (Vensim's ``PULSE(at, TIME STEP)``): an event at ``at`` takes
    effect from the next step boundary, never before it.

    Examples
    --------
    >>> bool(first_step_from(2024.49, 2024.5, 1 / 12)), bool(first_step_from(2024.49, 2024.41, 1 / 12))
    (True, False)
    """
    return (t_step >= at - EPS) & (t_step < at + dt - EPS)


def in_step(at: Any, t_step: Any, dt: Any) -> Any:
    """Whether the moment ``at`` falls in the step that starts at ``t_step``: in
    ``(at - dt, at]``, with a tolerance for round-off."""
    return (t_step <= at + EPS) & (at < t_step + dt - EPS)
