"""Reusable system-dynamics building blocks of the doelenboom model.

* :func:`line_spending` — reserve money a budget line turns into work (k€/yr).
* :func:`add_pipeline` — money -> units started (after a start-up delay) -> units
  running -> units completed: projects, approaches, trajectories, schools.
* :func:`add_outcome` — an outcome = autonomous trend + delayed programme effect +
  spillovers, with the 2023 level at the start.

Parameter names are passed as strings so that every number comes from the
parameter files (``model/parameters/*.toml``) with its provenance.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from .budget import LEDGER_LINES
from .engine import Context, Structure
from .indicators import INDICATORS, indicator_attrs

Rate = Callable[[Context], Any]


def line_spending(v: Context, line: str) -> np.ndarray:
    """Reserve spending of one ledger line, k€/yr, shape (n,)."""
    return v["reserve_spending"][:, LEDGER_LINES.index(line)] + v["reserve_commitment_payout"][:, LEDGER_LINES.index(line)]


def p(name: str) -> Rate:
    """A rate that reads parameter ``name`` (for delays and costs given by name)."""
    return lambda v: v.p[name]


def add_pipeline(
    s: Structure,
    name: str,
    *,
    funding: Rate,
    cost: str,
    start_delay: str,
    units: str,
    long_name: str,
    duration: str | None = None,
    initial_running: float | Rate = 0.0,
    dims: tuple[str, ...] = (),
) -> dict[str, str]:
    """Money becomes units that run for a while.

    ``funding`` (k€/yr) divided by the parameter ``cost`` (k€ per unit) starts units;
    they become *running* after a third-order start-up delay ``start_delay`` (years:
    subsidy decision, hiring, preparation) and, if ``duration`` is given, are
    *completed* at a first-order rate 1/duration. Declares (``units`` are e.g.
    "projects"):

    ``{name}_funding``   aux, k€/yr
    ``{name}_pipeline*`` delay3 stocks and flows (units being started)
    ``{name}_running``   stock, units in execution
    ``{name}_completed`` stock, units finished (if ``duration``)
    ``{name}_started``   aux, units that reached execution since the start of 2024

    Returns the names as a dict with keys funding, running, started, completed.
    """
    s.auxiliary(f"{name}_funding", units="k€/yr", long_name=f"{long_name}: financiering", func=funding, dims=dims)
    running = f"{name}_running"
    s.stock(running, units=units, long_name=f"{long_name}: in uitvoering", initial=initial_running, dims=dims)
    s.delay3(
        f"{name}_pipeline",
        input=lambda v: v[f"{name}_funding"] / v.p[cost] if not dims else v[f"{name}_funding"] / v.p[cost][:, None],
        delay=p(start_delay),
        units=f"{units}/yr",
        long_name=f"{long_name}: van besluit tot uitvoering",
        target=running,
        dims=dims,
    )
    s.stock(
        f"{name}_started_total",
        units=units,
        long_name=f"{long_name}: in uitvoering gekomen sinds 2024",
        dims=dims,
    )
    s.flow(
        f"{name}_start_count",
        units=f"{units}/yr",
        long_name=f"{long_name}: starts (telling)",
        target=f"{name}_started_total",
        rate=lambda v: v[f"{name}_pipeline_out"],
        dims=dims,
    )
    names = {"funding": f"{name}_funding", "running": running, "started": f"{name}_started_total"}
    if duration is not None:
        completed = f"{name}_completed"
        s.stock(completed, units=units, long_name=f"{long_name}: afgerond", dims=dims)
        s.flow(
            f"{name}_completion",
            units=f"{units}/yr",
            long_name=f"{long_name}: afronding",
            source=running,
            target=completed,
            rate=lambda v: v[running] / (v.p[duration] if not dims else v.p[duration][:, None]),
            dims=dims,
        )
        names["completed"] = completed
    return names


def add_indicator_alias(s: Structure, indicator_id: str, func: Rate, *, dims: tuple[str, ...] = ()) -> None:
    """Declare the auxiliary that *is* doelenboom indicator ``indicator_id`` (with its attributes)."""
    ind = INDICATORS[indicator_id]
    attrs = indicator_attrs(ind)
    s.auxiliary(indicator_id, units=ind.units, long_name=ind.nl, func=func, dims=dims, attrs={k: v for k, v in attrs.items() if k not in ("units", "long_name")})


def relative_time(v: Context) -> Any:
    """Years since the end of 2023 (the outcomes' reference point)."""
    return v.t - 2024.0


def add_outcome(
    s: Structure,
    indicator_id: str,
    *,
    trend: str,
    effect: Rate,
    delay: str,
    start: float | Rate,
    dims: tuple[str, ...] = (),
) -> None:
    """An outcome indicator: autonomous trend + delayed programme effect + spillovers.

    Parameters
    ----------
    trend : str
        Parameter: relative change per year without the reserve (fraction/yr; e.g.
        -0.01 is 1 % lower each year), applied from the 2023 level ``start``.
    effect : Rate
        The programme's contribution once fully arrived, in the indicator's units,
        signed so that positive is *better* (lower for "lower is better" outcomes).
    delay : str
        Parameter: years for the effect to arrive (third-order smoothing, so it
        also fades with that delay when the programme stops).
    start : float or Rate
        The 2023 level (100 for an index).

    Declares ``{id}_autonomous``, ``{id}_effect`` (the smoothed contribution, a stock
    set), ``{id}_spillover`` (filled by :mod:`model.spillovers` via the auxiliary
    ``spillover_<goal>``), and the indicator ``{id}`` itself.
    """
    ind = INDICATORS[indicator_id]
    sign = -1.0 if ind.direction == "lower" else 1.0
    start_of = start if callable(start) else (lambda v, _s=float(start): _s)
    expand = (lambda a: a[:, None]) if dims else (lambda a: a)

    s.auxiliary(
        f"{indicator_id}_autonomous",
        units=ind.units,
        long_name=f"{ind.nl}: autonome trend (zonder programma)",
        func=lambda v: start_of(v) * (1.0 + expand(v.p[trend])) ** relative_time(v),
        dims=dims,
    )
    s.smooth3(
        f"{indicator_id}_effect",
        input=effect,
        delay=lambda v: expand(v.p[delay]),
        units=ind.units,
        long_name=f"{ind.nl}: bijdrage van de activiteiten (verbetering)",
        dims=dims,
    )
    s.auxiliary(
        f"{indicator_id}_spillover",
        units=ind.units,
        long_name=f"{ind.nl}: doorwerking vanuit andere doelen (hefboom, §5)",
        func=lambda v: start_of(v) * (v[f"spillover_{ind.goal}"] if not dims else v[f"spillover_{ind.goal}"][:, None]) / 100.0,
        dims=dims,
    )
    s.auxiliary(
        f"{indicator_id}_effect_pct",
        units="%",
        long_name=f"{ind.nl}: bijdrage van de activiteiten, in % van het niveau van 2023",
        func=lambda v: _mean_over_extra(100.0 * v[f"{indicator_id}_effect"] / start_of(v)),
    )
    add_indicator_alias(
        s,
        indicator_id,
        lambda v: v[f"{indicator_id}_autonomous"] + sign * (v[f"{indicator_id}_effect"] + v[f"{indicator_id}_spillover"]),
        dims=dims,
    )


def _mean_over_extra(a: Any) -> Any:
    """Average over any axes after the sample axis (e.g. regions)."""
    a = np.asarray(a)
    return a.reshape(a.shape[0], -1).mean(axis=1) if a.ndim > 1 else a
