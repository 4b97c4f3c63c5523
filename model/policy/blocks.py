"""Reusable system-dynamics building blocks of the doelenboom model.

* :func:`add_pipeline` — money -> units started (after a start-up delay) -> units
  running -> units completed: projects, approaches, trajectories, schools.
* :func:`add_people_helped` — people whom the activities help: a stock that gains the
  newly helped and loses them at a rate (relapse, leaving the measured group), so an
  outcome that reads it keeps its gain after the money stops.
* :func:`add_outcome` — an outcome = autonomous trend + what others fund (both variants) +
  delayed programme effect + spillovers, with the 2023 level at the start;
  :func:`add_outcome_bank` then declares all outcomes together as columns of one set of arrays.

Parameter names are passed as strings so that every number comes from the
parameter files (``model/policy/parameters/*.toml``) with its provenance.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from model.engine import Context, Structure
from model.policy.indicators import INDICATORS, indicator_attrs

Rate = Callable[..., Any]


@dataclass(frozen=True)
class Pipeline:
    """The variables :func:`add_pipeline` declares, by role (names of the structure)."""

    funding: str
    """k€/yr that starts units."""
    running: str
    """Stock: units in execution."""
    started: str
    """Stock: units that reached execution since the start of 2024."""
    arrivals: str
    """Flow: units reaching execution, per year (the start-up delay's output)."""
    completed: str | None = None
    """Stock: units finished (when the units have a duration)."""


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
) -> Pipeline:
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
    ``{name}_started_total`` stock, units that reached execution since the start of 2024

    ``funding`` and ``initial_running`` are named-input equations (or numbers); the
    parameter names ``cost``, ``start_delay`` and ``duration`` are checked when the
    structure is validated. Returns a :class:`Pipeline` with the declared names.
    """
    s.reads_parameters(f"{name}_pipeline", cost, start_delay, *([duration] if duration else []))
    s.auxiliary(
        f"{name}_funding",
        units="k€/yr",
        long_name=f"{long_name}: financiering",
        func=funding,
        dims=dims,
    )
    running = f"{name}_running"
    s.stock(
        running,
        units=units,
        long_name=f"{long_name}: in uitvoering",
        initial=initial_running,
        dims=dims,
    )
    s.delay3(
        f"{name}_pipeline",
        input=lambda v: (
            v[f"{name}_funding"] / v.p[cost]
            if not dims
            else v[f"{name}_funding"] / v.p[cost][:, None]
        ),
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
    handle = Pipeline(
        funding=f"{name}_funding",
        running=running,
        started=f"{name}_started_total",
        arrivals=f"{name}_pipeline_out",
    )
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
        handle = replace(handle, completed=completed)
    return handle


@dataclass(frozen=True)
class PeopleHelped:
    """The variables :func:`add_people_helped` declares (names of the structure)."""

    stock: str
    """Stock: people whose situation the activities changed and who are still helped."""
    gain: str
    """Flow: people newly helped, per year."""
    loss: str
    """Flow: people who no longer count as helped, per year (stock x loss rate)."""


def add_people_helped(
    s: Structure,
    name: str,
    *,
    gain: Rate,
    loss_rate: str,
    units: str,
    long_name: str,
    dims: tuple[str, ...] = (),
) -> PeopleHelped:
    """People who are helped: a stock that keeps them after the money stops.

    ``gain`` (people a year; a named-input equation) flows into the stock ``{name}``;
    they leave it at the parameter ``loss_rate`` (1/yr): relapse, and leaving the group
    the outcome measures (children turning 18, adults moving away). So an outcome that
    reads the stock keeps its gain when the activities stop and loses it at the rate the
    evidence supports, not at once. Declares ``{name}`` (stock), ``{name}_gain`` and
    ``{name}_loss`` (flows).

    The stock may be negative where ``gain`` counts activity relative to what the
    outcome's autonomous trend already holds (e.g. schools above or below their 2023
    number): then it is the people helped *beyond* the trend, and a shortfall counts.
    """
    s.reads_parameters(name, loss_rate)
    s.stock(
        name,
        units=units,
        long_name=long_name,
        non_negative=False,
        dims=dims,
    )
    s.flow(
        f"{name}_gain",
        units=f"{units}/yr",
        long_name=f"{long_name}: nieuw geholpen per jaar",
        target=name,
        rate=gain,
        dims=dims,
    )
    s.flow(
        f"{name}_loss",
        units=f"{units}/yr",
        long_name=f"{long_name}: niet langer geholpen per jaar (terugval, uit de groep)",
        source=name,
        rate=(
            (lambda v: v[name] * v.p[loss_rate])
            if not dims
            else (lambda v: v[name] * np.reshape(v.p[loss_rate], (-1,) + (1,) * len(dims)))
        ),
        dims=dims,
    )
    return PeopleHelped(stock=name, gain=f"{name}_gain", loss=f"{name}_loss")


def add_indicator_alias(
    s: Structure, indicator_id: str, func: Rate, *, dims: tuple[str, ...] = ()
) -> None:
    """Declare the auxiliary that *is* doelenboom indicator ``indicator_id`` (with its attributes)."""
    ind = INDICATORS[indicator_id]
    attrs = indicator_attrs(ind)
    s.auxiliary(
        indicator_id,
        units=ind.units,
        long_name=ind.nl,
        func=func,
        dims=dims,
        attrs={k: v for k, v in attrs.items() if k not in ("units", "long_name")},
    )


def relative_time(v: Context) -> Any:
    """Years since the end of 2023 (the outcomes' reference point)."""
    return v.t - 2024.0


@dataclass(frozen=True)
class _Outcome:
    """One outcome's declaration, kept until :func:`add_outcome_bank` lays them all out."""

    id: str
    trend: str
    effect: Rate
    delay: str
    start: Rate
    dims: tuple[str, ...]
    first: int  # its columns in the bank: first .. stop - 1
    stop: int
    additive: bool = False  # trend in units a year (True) or a relative change a year
    others: Rate | None = None  # what others fund, in both variants (not the activities')


def _outcomes(s: Structure) -> list[_Outcome]:
    return s.metadata.setdefault("outcomes", [])


@dataclass(frozen=True)
class OutcomeHandle:
    """The variables :func:`add_outcome` declares for one outcome (names of the structure)."""

    id: str
    """The indicator itself: autonomous trend + effect + spillover."""
    effect_pct: str
    """The activities' contribution in % of the 2023 level (what spillovers spread)."""


def declared_outcomes(s: Structure) -> list[OutcomeHandle]:
    """Handles of the outcomes declared so far, in declaration order."""
    return [OutcomeHandle(o.id, f"{o.id}_effect_pct") for o in _outcomes(s)]


def add_outcome(
    s: Structure,
    indicator_id: str,
    *,
    trend: str,
    effect: Rate,
    delay: str,
    start: float | Rate,
    dims: tuple[str, ...] = (),
    trend_kind: str = "relative",
    others: Rate | None = None,
) -> None:
    """An outcome indicator: autonomous trend + others' work + delayed programme effect +
    spillovers.

    Parameters
    ----------
    trend : str
        Parameter: the change per year without the reserve, applied from the 2023 level
        ``start``: with ``trend_kind="relative"`` a fraction a year (e.g. -0.01 is 1 % lower
        each year: start x (1 + trend)^t), with ``trend_kind="points"`` in the outcome's own
        units a year (e.g. %-points a year for a share: start + trend x t).
    effect : Rate
        The programme's contribution once fully arrived, in the indicator's units,
        signed so that positive is *better* (lower for "lower is better" outcomes).
    delay : str
        Parameter: years for the effect to arrive (third-order smoothing, so it
        also fades with that delay when the programme stops).
    start : float or Rate
        The 2023 level (100 for an index).
    trend_kind : {"relative", "points"}
        How ``trend`` is applied (above).
    others : Rate, optional
        What others fund (national programmes, partners) in the same units and sign as
        ``effect``, arriving with the same delay. It acts in both variants and is not the
        activities' contribution: it is kept out of ``{id}_effect`` and ``{id}_effect_pct``
        (so it is neither credited to the reserve nor spread by spillovers).

    Declares ``{id}_autonomous``, ``{id}_others`` (only with ``others``), ``{id}_effect``
    (the smoothed contribution), ``{id}_spillover`` (from :mod:`model.policy.spillovers`
    via ``spillover_pct_<id>``, zero where no other outcome spills over to it),
    ``{id}_effect_pct`` and the indicator ``{id}`` itself. They read the columns of
    this outcome in the outcome bank, which :func:`add_outcome_bank` declares once all
    outcomes are known: every outcome's smoothing and arithmetic then costs a few numpy
    operations per step for all outcomes together, instead of a few dozen per outcome.
    """
    ind = INDICATORS[indicator_id]
    bank = _outcomes(s)
    shape = tuple(len(s.coords[d]) for d in dims)
    width = int(np.prod(shape))  # 1 without dims
    first = bank[-1].stop if bank else 0
    stop = first + width
    # effect and start are named-input equations (or a number for start)
    start_of = (
        s.equation_function(indicator_id, start)
        if callable(start)
        else (lambda v, _s=float(start): _s)
    )
    if trend_kind not in ("relative", "points"):
        raise ValueError(f"{indicator_id}: trend_kind = {trend_kind!r}; allowed: relative, points")
    s.reads_parameters(indicator_id, trend, delay)
    bank.append(
        _Outcome(
            indicator_id,
            trend,
            s.equation_function(f"{indicator_id}_effect", effect),
            delay,
            start_of,
            tuple(dims),
            first,
            stop,
            additive=trend_kind == "points",
            others=None
            if others is None
            else s.equation_function(f"{indicator_id}_others", others),
        )
    )

    def take(bank_var: str) -> Rate:
        if not dims:
            return lambda v: v[bank_var][:, first]
        return lambda v: v[bank_var][:, first:stop].reshape(-1, *shape)

    parts = [
        ("autonomous", "outcome_autonomous", "autonome trend (zonder programma)"),
        ("effect", "outcome_effect", "bijdrage van de activiteiten (verbetering)"),
        ("spillover", "outcome_spillover", "doorwerking vanuit andere doelen (hefboom, §5)"),
    ]
    if others is not None:
        parts.insert(
            1, ("others", "outcome_others", "wat anderen financieren (in beide varianten)")
        )
    for suffix, bank_var, what in parts:
        s.auxiliary(
            f"{indicator_id}_{suffix}",
            units=ind.units,
            long_name=f"{ind.nl}: {what}",
            func=take(bank_var),
            dims=dims,
        )
    s.auxiliary(
        f"{indicator_id}_effect_pct",
        units="%",
        long_name=f"{ind.nl}: bijdrage van de activiteiten, in % van het niveau van 2023",
        # averaged over any extra dims (e.g. regions)
        func=(lambda v: v["outcome_effect_pct"][:, first])
        if width == 1
        else (lambda v: np.add.reduce(v["outcome_effect_pct"][:, first:stop], axis=1) / width),
    )
    add_indicator_alias(s, indicator_id, take("outcome_value"), dims=dims)


def add_outcome_bank(s: Structure) -> None:
    """Declare the outcome bank: every outcome of :func:`add_outcome` as columns of one
    set of arrays over ``outcome_slot`` (an outcome with regions takes one column per
    region). Call once, after the last :func:`add_outcome`.

    Each column is an outcome's: ``outcome_start`` (2023 level), ``outcome_autonomous``
    (start × (1 + trend)^(t − 2024), or start + trend × (t − 2024) for a trend in points),
    ``outcome_others`` (what others fund, through the same smoothing), ``outcome_effect``
    (the programme effect through a third-order smoothing over the outcome's delay),
    ``outcome_spillover`` (start × ``spillover_pct_<id>`` / 100), ``outcome_effect_pct`` and
    ``outcome_value`` = autonomous + sign × (others + effect + spillover), sign −1 where
    lower is better.
    """
    bank = _outcomes(s)
    if not bank:
        return
    labels: list[str] = []
    for o in bank:
        if not o.dims:
            labels.append(o.id)
        else:
            shape = tuple(len(s.coords[d]) for d in o.dims)
            labels.extend(
                f"{o.id}[{'/'.join(str(s.coords[d][i]) for d, i in zip(o.dims, idx, strict=True))}]"
                for idx in np.ndindex(*shape)
            )
    s.coords["outcome_slot"] = labels
    slot = ("outcome_slot",)
    sign = np.concatenate(
        [
            np.full(o.stop - o.first, -1.0 if INDICATORS[o.id].direction == "lower" else 1.0)
            for o in bank
        ]
    )
    additive = np.concatenate([np.full(o.stop - o.first, float(o.additive)) for o in bank])
    # outcomes that receive a spillover (model.policy.spillovers declares spillover_pct_<id>)
    receiving = [o for o in bank if f"spillover_pct_{o.id}" in s.names]

    def spillover_columns(v: Context) -> np.ndarray:
        # built by concatenation, not by filling np.zeros, so that the compiled engine
        # can trace it (model.engine.trace)
        parts = [v[f"spillover_pct_{o.id}"] if o in receiving else 0.0 for o in bank]
        return columns(v, parts)

    def columns(v: Context, parts: list[Any]) -> np.ndarray:
        """Each outcome's value (a number, (n,) or (n, extra dims)) in its columns, (n, slots)."""
        blocks = []
        for o, x in zip(bank, parts, strict=True):
            x = np.reshape(x, (-1, 1)) if np.ndim(x) <= 1 else np.reshape(x, (np.shape(x)[0], -1))
            blocks.append(np.broadcast_to(x, (v.n, o.stop - o.first)))
        return np.concatenate(blocks, axis=1).astype(float, copy=False)

    units = "eenheid van de outcome (per outcome_slot)"
    s.auxiliary(
        "outcome_start",
        units=units,
        long_name="Niveau van 2023 per outcome",
        func=lambda v: columns(v, [o.start(v) for o in bank]),
        dims=slot,
        record=False,
        constant=True,
    )
    s.auxiliary(
        "outcome_trend",
        units="1/yr",
        long_name="Autonome trend per outcome",
        func=lambda v: columns(v, [v.p[o.trend] for o in bank]),
        dims=slot,
        record=False,
        constant=True,
    )
    s.auxiliary(
        "outcome_delay",
        units="yr",
        long_name="Tijd tot het effect van de activiteiten doorwerkt, per outcome",
        func=lambda v: columns(v, [v.p[o.delay] for o in bank]),
        dims=slot,
        record=False,
        constant=True,
    )
    s.auxiliary(
        "outcome_effect_input",
        units=units,
        long_name="Bijdrage van de activiteiten zodra die volledig doorwerkt, per outcome",
        func=lambda v: columns(v, [o.effect(v) for o in bank]),
        dims=slot,
    )
    s.smooth3(
        "outcome_effect",
        input=lambda v: v["outcome_effect_input"],
        delay=lambda v: v["outcome_delay"],
        units=units,
        long_name="Bijdrage van de activiteiten (verbetering), per outcome",
        dims=slot,
    )
    s.auxiliary(
        "outcome_log_growth",
        units="1/yr",
        long_name="ln(1 + autonome trend) per outcome (0 bij een trend in punten)",
        func=lambda v: np.log1p(v["outcome_trend"] * (1.0 - additive)),
        dims=slot,
        record=False,
        constant=True,
    )
    s.auxiliary(
        "outcome_linear_trend",
        units=f"{units} per jaar",
        long_name="Autonome trend in eenheden per jaar (0 bij een relatieve trend), per outcome",
        func=lambda v: v["outcome_trend"] * additive,
        dims=slot,
        record=False,
        constant=True,
    )
    s.auxiliary(
        "outcome_autonomous",
        units=units,
        long_name="Autonome trend (zonder programma), per outcome",
        # start x (1 + trend)^t, as an exponential: several times cheaper than a power;
        # plus trend x t for a trend in points (0 for the others)
        func=lambda v: (
            v["outcome_start"] * np.exp(v["outcome_log_growth"] * relative_time(v))
            + v["outcome_linear_trend"] * relative_time(v)
        ),
        dims=slot,
    )
    s.auxiliary(
        "outcome_others_input",
        units=units,
        long_name="Wat anderen financieren (in beide varianten), zodra het volledig doorwerkt, per outcome",
        func=lambda v: columns(v, [o.others(v) if o.others is not None else 0.0 for o in bank]),
        dims=slot,
    )
    s.smooth3(
        "outcome_others",
        input=lambda v: v["outcome_others_input"],
        delay=lambda v: v["outcome_delay"],
        units=units,
        long_name="Wat anderen financieren (in beide varianten), per outcome",
        dims=slot,
    )
    s.auxiliary(
        "outcome_spillover",
        units=units,
        long_name="Doorwerking vanuit andere doelen (hefboom, §5), per outcome",
        func=lambda v: v["outcome_start"] * spillover_columns(v) / 100.0,
        dims=slot,
    )
    s.auxiliary(
        "outcome_effect_pct",
        units="%",
        long_name="Bijdrage van de activiteiten in % van het niveau van 2023, per outcome",
        func=lambda v: 100.0 * v["outcome_effect"] / v["outcome_start"],
        dims=slot,
    )
    s.auxiliary(
        "outcome_value",
        units=units,
        long_name="Outcome: autonome trend + bijdrage + doorwerking, per outcome",
        func=lambda v: (
            v["outcome_autonomous"]
            + sign * (v["outcome_others"] + v["outcome_effect"] + v["outcome_spillover"])
        ),
        dims=slot,
    )
