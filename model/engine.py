"""A domain-free, vectorised system-dynamics engine.

A :class:`Structure` declares stocks, flows and auxiliaries once. :func:`simulate`
integrates it over a :class:`TimeAxis` for ``n`` parameter sets at the same time:
every quantity is a numpy array whose first axis is the sample axis, so an ensemble
of 10,000 runs costs about as many Python operations as a single run.

Conventions
-----------
* Time ``t`` is a decimal calendar year (``2024.0`` is 1 January 2024); rates are
  per year and delays are in years.
* A flow moves material from its ``source`` stock to its ``target`` stock (either
  may be ``None``: outside the model). Stocks change only through flows, so
  material is conserved by construction.
* A stock declared ``non_negative`` never goes below zero: when its outflows in a
  step would take more than it holds, they are scaled down together (the standard
  "first-order control" of Sterman, *Business Dynamics*, §13.3.3). The same scaled
  amount arrives at the target, so the limit neither leaks nor creates mass.
* Auxiliaries are evaluated lazily and memoised per evaluation, so they may be
  declared in any order; a cycle among auxiliaries raises :class:`StructureError`.

The engine knows nothing of Limburg; ``model.structure`` declares the policy model.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import xarray as xr

Array = np.ndarray
Rate = Callable[["Context"], Any]

__all__ = [
    "Context",
    "Structure",
    "StructureError",
    "TimeAxis",
    "lookup",
    "simulate",
]


class StructureError(ValueError):
    """A structure is declared inconsistently (unknown stock, duplicate name, cycle, shape)."""


# --------------------------------------------------------------------------- time


@dataclass(frozen=True)
class TimeAxis:
    """The simulation clock.

    Parameters
    ----------
    start, end : str
        First and last time point as ``"YYYY-MM"`` (inclusive). Default 2024-01 to 2030-12.
    step_months : float
        Integration step in months (default 1). Fractions such as 0.5 are allowed
        for integration-error checks.

    Examples
    --------
    >>> ax = TimeAxis()
    >>> len(ax), ax.dt
    (84, 0.08333333333333333)
    >>> str(ax.datetimes[12])[:10]
    '2025-01-01'
    """

    start: str = "2024-01"
    end: str = "2030-12"
    step_months: float = 1.0

    def __post_init__(self) -> None:
        for name in ("start", "end"):
            value = getattr(self, name)
            try:
                np.datetime64(value, "M")
            except (ValueError, TypeError):
                raise ValueError(
                    f"time axis {name}={value!r} is not a month; expected 'YYYY-MM', e.g. '2024-01'"
                ) from None
        if not (isinstance(self.step_months, (int, float)) and 0 < self.step_months <= 12):
            raise ValueError(
                f"time axis step_months={self.step_months!r} is not allowed; expected a number in (0, 12]"
            )
        if self._months_span() < 0:
            raise ValueError(f"time axis end={self.end!r} lies before start={self.start!r}")

    def _months_span(self) -> int:
        return int((np.datetime64(self.end, "M") - np.datetime64(self.start, "M")).astype(int))

    @property
    def dt(self) -> float:
        """Step in years."""
        return self.step_months / 12.0

    @property
    def t0(self) -> float:
        """Start as a decimal year."""
        m = np.datetime64(self.start, "M").astype(int)  # months since 1970-01
        return 1970.0 + m / 12.0

    def __len__(self) -> int:
        return int(np.floor(self._months_span() / self.step_months + 1e-9)) + 1

    @property
    def years(self) -> Array:
        """Time points as decimal years, shape ``(n_time,)``."""
        return self.t0 + np.arange(len(self)) * self.dt

    @property
    def datetimes(self) -> Array:
        """Time points as ``datetime64[ns]``; whole months fall on the 1st of the month."""
        months = np.arange(len(self)) * self.step_months
        whole = np.floor(months + 1e-9)
        frac = months - whole
        first = np.datetime64(self.start, "M") + whole.astype(int)
        days_in_month = ((first + 1).astype("M8[D]") - first.astype("M8[D]")).astype(float)
        offset = np.round(frac * days_in_month * 86400).astype("timedelta64[s]")
        return (first.astype("M8[s]") + offset).astype("M8[ns]")


# --------------------------------------------------------------------------- declarations


@dataclass(frozen=True)
class _Var:
    name: str
    units: str
    long_name: str
    dims: tuple[str, ...]
    attrs: Mapping[str, Any]


@dataclass(frozen=True)
class _Stock(_Var):
    initial: Callable[["Context"], Any] | float
    non_negative: bool


@dataclass(frozen=True)
class _Flow(_Var):
    rate: Rate
    source: str | None
    target: str | None


@dataclass(frozen=True)
class _Aux(_Var):
    func: Rate
    record: bool


@dataclass
class Structure:
    """Declarations of stocks, flows and auxiliaries.

    Every declaration states ``units`` and ``long_name``; extra dimensions after the
    sample axis (e.g. ``("region",)``) are named in ``dims`` with their labels in
    :attr:`coords`.

    Examples
    --------
    >>> s = Structure("decay")
    >>> s.stock("x", units="1", long_name="amount", initial=1.0)
    >>> s.flow("loss", units="1/yr", long_name="loss", source="x", rate=lambda v: v["x"] * 0.5)
    >>> sorted(s.names)
    ['loss', 'x']
    """

    name: str = "structure"
    coords: dict[str, list[Any]] = field(default_factory=dict)
    stocks: dict[str, _Stock] = field(default_factory=dict)
    flows: dict[str, _Flow] = field(default_factory=dict)
    auxiliaries: dict[str, _Aux] = field(default_factory=dict)

    # -- declaring -------------------------------------------------------------

    @property
    def names(self) -> set[str]:
        return set(self.stocks) | set(self.flows) | set(self.auxiliaries)

    def _check_new(self, name: str, units: str, dims: Iterable[str]) -> tuple[str, ...]:
        if name in self.names:
            raise StructureError(f"{self.name}: '{name}' is declared twice")
        if not units:
            raise StructureError(f"{self.name}: '{name}' has no units; every variable needs them")
        dims = tuple(dims)
        for d in dims:
            if d not in self.coords:
                raise StructureError(
                    f"{self.name}: '{name}' uses dimension '{d}' without coordinates; "
                    f"add it to Structure.coords (known: {sorted(self.coords)})"
                )
        return dims

    def stock(
        self,
        name: str,
        *,
        units: str,
        long_name: str,
        initial: Callable[["Context"], Any] | float = 0.0,
        non_negative: bool = True,
        dims: Iterable[str] = (),
        attrs: Mapping[str, Any] | None = None,
    ) -> None:
        """Declare a stock; ``initial`` is a number or a function of the context (parameters)."""
        dims = self._check_new(name, units, dims)
        self.stocks[name] = _Stock(name, units, long_name, dims, dict(attrs or {}), initial, non_negative)

    def flow(
        self,
        name: str,
        *,
        units: str,
        long_name: str,
        rate: Rate,
        source: str | None = None,
        target: str | None = None,
        dims: Iterable[str] = (),
        attrs: Mapping[str, Any] | None = None,
    ) -> None:
        """Declare a flow from ``source`` to ``target`` (stock names, or None for outside)."""
        dims = self._check_new(name, units, dims)
        for end in (source, target):
            if end is not None and end not in self.stocks:
                raise StructureError(
                    f"{self.name}: flow '{name}' refers to unknown stock '{end}'; declare the stock first"
                )
        if source is None and target is None:
            raise StructureError(f"{self.name}: flow '{name}' has neither source nor target")
        self.flows[name] = _Flow(name, units, long_name, dims, dict(attrs or {}), rate, source, target)

    def auxiliary(
        self,
        name: str,
        *,
        units: str,
        long_name: str,
        func: Rate,
        dims: Iterable[str] = (),
        record: bool = True,
        attrs: Mapping[str, Any] | None = None,
    ) -> None:
        """Declare an auxiliary (a function of stocks, parameters, time and other auxiliaries)."""
        dims = self._check_new(name, units, dims)
        self.auxiliaries[name] = _Aux(name, units, long_name, dims, dict(attrs or {}), func, record)

    # -- Vensim-style building blocks ------------------------------------------

    def delay1(
        self,
        name: str,
        *,
        input: Rate,
        delay: Rate | float,
        units: str,
        long_name: str,
        target: str | None = None,
        initial_output: float = 0.0,
        dims: Iterable[str] = (),
    ) -> str:
        """First-order material delay, as Vensim's ``DELAY1I(input, delay, initial_output)``.

        Declares the stock ``name`` (material in transit, in ``units``·yr), the inflow
        ``{name}_in`` and the outflow ``{name}_out`` (both in ``units``, a rate), which
        moves into ``target`` if given. Returns the name of the output flow.
        """
        delay_of = _as_func(delay)
        stock_units = _times_year(units)
        self.stock(
            name,
            units=stock_units,
            long_name=f"{long_name} (in transit)",
            initial=lambda v: initial_output * delay_of(v),
            dims=dims,
        )
        self.flow(f"{name}_in", units=units, long_name=f"{long_name} (input)", rate=input, target=name, dims=dims)
        self.flow(
            f"{name}_out",
            units=units,
            long_name=long_name,
            rate=lambda v: v[name] / delay_of(v),
            source=name,
            target=target,
            dims=dims,
        )
        return f"{name}_out"

    def delay3(
        self,
        name: str,
        *,
        input: Rate,
        delay: Rate | float,
        units: str,
        long_name: str,
        target: str | None = None,
        initial_output: float = 0.0,
        dims: Iterable[str] = (),
    ) -> str:
        """Third-order material delay, as Vensim's ``DELAY3I(input, delay, initial_output)``.

        Three stocks ``{name}_1..3`` in series, each with delay ``delay / 3``. Returns the
        name of the output flow ``{name}_out``.
        """
        delay_of = _as_func(delay)
        stock_units = _times_year(units)
        stages = [f"{name}_{i}" for i in (1, 2, 3)]
        for stage in stages:
            self.stock(
                stage,
                units=stock_units,
                long_name=f"{long_name} (in transit, stage {stage[-1]})",
                initial=lambda v: initial_output * delay_of(v) / 3.0,
                dims=dims,
            )
        self.flow(f"{name}_in", units=units, long_name=f"{long_name} (input)", rate=input, target=stages[0], dims=dims)
        for a, b in zip(stages, stages[1:]):
            self.flow(
                f"{a}_to_{b[-1]}",
                units=units,
                long_name=f"{long_name} (stage {a[-1]} to {b[-1]})",
                rate=lambda v, a=a: v[a] * 3.0 / delay_of(v),
                source=a,
                target=b,
                dims=dims,
            )
        self.flow(
            f"{name}_out",
            units=units,
            long_name=long_name,
            rate=lambda v: v[stages[2]] * 3.0 / delay_of(v),
            source=stages[2],
            target=target,
            dims=dims,
        )
        return f"{name}_out"

    def smooth(
        self,
        name: str,
        *,
        input: Rate,
        delay: Rate | float,
        units: str,
        long_name: str,
        initial: Callable[["Context"], Any] | float = 0.0,
        dims: Iterable[str] = (),
    ) -> str:
        """First-order information smoothing, as Vensim's ``SMOOTHI(input, delay, initial)``.

        Declares the stock ``name`` (the smoothed value, in ``units``, free to go
        negative) adjusted by the flow ``{name}_adjustment`` = (input − name) / delay.
        """
        delay_of = _as_func(delay)
        self.stock(name, units=units, long_name=long_name, initial=initial, non_negative=False, dims=dims)
        self.flow(
            f"{name}_adjustment",
            units=f"({units})/yr",
            long_name=f"{long_name} (adjustment)",
            rate=lambda v: (input(v) - v[name]) / delay_of(v),
            target=name,
            dims=dims,
        )
        return name

    def smooth3(
        self,
        name: str,
        *,
        input: Rate,
        delay: Rate | float,
        units: str,
        long_name: str,
        initial: Callable[["Context"], Any] | float = 0.0,
        dims: Iterable[str] = (),
    ) -> str:
        """Third-order information smoothing, as Vensim's ``SMOOTH3I(input, delay, initial)``.

        Three first-order smooths in series, each with ``delay / 3``; the result is the
        stock ``name`` (the last stage). Returns ``name``.
        """
        delay_of = _as_func(delay)
        third = lambda v: delay_of(v) / 3.0  # noqa: E731
        first = self.smooth(f"{name}_s1", input=input, delay=third, units=units, long_name=f"{long_name} (stage 1)", initial=initial, dims=dims)
        second = self.smooth(f"{name}_s2", input=lambda v: v[first], delay=third, units=units, long_name=f"{long_name} (stage 2)", initial=initial, dims=dims)
        return self.smooth(name, input=lambda v: v[second], delay=third, units=units, long_name=long_name, initial=initial, dims=dims)


def _as_func(value: Rate | float) -> Callable[["Context"], Any]:
    if callable(value):
        return value
    constant = float(value)
    return lambda v: constant


def _times_year(units: str) -> str:
    """'k€/yr' -> 'k€' ; anything else -> '(units)*yr'."""
    return units[: -len("/yr")] if units.endswith("/yr") else f"({units})*yr"


def lookup(x: Any, xs: Any, ys: Any) -> Array:
    """Piecewise-linear table lookup (Vensim ``WITH LOOKUP``), flat beyond the ends.

    Examples
    --------
    >>> float(lookup(1.5, [0, 1, 2], [0, 10, 20]))
    15.0
    """
    return np.interp(x, xs, ys)


# --------------------------------------------------------------------------- evaluation


class Context:
    """What a rate or auxiliary function sees: ``v["name"]`` for any stock, flow or
    auxiliary, ``v.p["param"]`` for parameters, ``v.t`` (decimal year of this
    evaluation), ``v.t_step`` (start of the current step; the same for every RK4
    stage: switch steps and pulses on it, so that a discontinuity falls on a step
    boundary), ``v.dt`` (step, years) and ``v.n`` (samples).
    """

    __slots__ = ("_structure", "_values", "_funcs", "p", "t", "t_step", "dt", "n")

    def __init__(self, structure: Structure, params: Mapping[str, Any], n: int, dt: float) -> None:
        self._structure = structure
        self._values: dict[str, Any] = {}
        self._funcs: dict[str, Rate] = {
            **{k: a.func for k, a in structure.auxiliaries.items()},
            **{k: f.rate for k, f in structure.flows.items()},
        }
        self.p = params
        self.n = n
        self.dt = dt
        self.t = 0.0
        self.t_step = 0.0

    def _reset(self, stocks: Mapping[str, Array], t: float, t_step: float) -> None:
        self._values = dict(stocks)
        self.t = t
        self.t_step = t_step

    def __getitem__(self, name: str) -> Any:
        try:
            return self._values[name]
        except KeyError:
            pass
        try:
            func = self._funcs[name]
        except KeyError:
            raise StructureError(
                f"{self._structure.name}: '{name}' is not a stock, flow or auxiliary; known names include "
                f"{sorted(self._structure.names)[:12]}..."
            ) from None
        # a cycle among auxiliaries recurses until Python's limit; _evaluate_flows reports it
        value = self._values[name] = func(self)
        return value

    def has(self, name: str) -> bool:
        """Whether the structure declares ``name``."""
        s = self._structure
        return name in s.stocks or name in s.flows or name in s.auxiliaries

    def pulse(self, amount: Any, at: Any) -> Any:
        """Rate that moves ``amount`` in the one step whose start lies in ``(at - dt, at]``.

        Evaluated on the step start, so RK4 moves exactly ``amount`` too.
        """
        hit = (self.t_step <= at + 1e-9) & (at < self.t_step + self.dt - 1e-9)
        return np.where(hit, amount / self.dt, 0.0)


def _shape(var: _Var, structure: Structure, n: int) -> tuple[int, ...]:
    return (n, *(len(structure.coords[d]) for d in var.dims))


class _Layout:
    """The structure laid out on two 2-D arrays for one chunk of ``n`` samples.

    All stocks live in one state array of shape ``(stock columns, n)`` and all flows
    in one array of shape ``(flow columns, n)`` (a stock or flow with extra dims takes
    several columns). Functions still see each stock as an ``(n, ...)`` view. Moving
    the flows into the stocks and limiting outflows are then a few sparse matrix
    products per step instead of Python loops over flows.
    """

    def __init__(self, structure: Structure, n: int) -> None:
        from scipy import sparse

        self.n = n
        self.stocks: list[tuple[str, int, int, tuple[int, ...]]] = []
        col = 0
        for name, st in structure.stocks.items():
            shape = _shape(st, structure, n)[1:]
            width = int(np.prod(shape)) if shape else 1
            self.stocks.append((name, col, col + width, shape))
            col += width
        self.n_state = col
        self.flows: list[tuple[str, int, int, tuple[int, ...]]] = []
        col = 0
        for name, fl in structure.flows.items():
            shape = _shape(fl, structure, n)[1:]
            width = int(np.prod(shape)) if shape else 1
            self.flows.append((name, col, col + width, shape))
            col += width
        self.n_flow = col
        start = {name: a for name, a, _, _ in self.stocks}
        guarded = {name for name, st in structure.stocks.items() if st.non_negative}
        src = np.full(self.n_flow, self.n_state)  # the extra row n_state is "no stock" (factor 1)
        tgt = np.full(self.n_flow, self.n_state)
        for name, a, b, _ in self.flows:
            fl = structure.flows[name]
            cols = np.arange(b - a)
            if fl.source is not None:
                src[a:b] = start[fl.source] + cols
            if fl.target is not None:
                tgt[a:b] = start[fl.target] + cols
        self.src, self.tgt = src, tgt
        rows = np.arange(self.n_flow)
        has_src, has_tgt = src < self.n_state, tgt < self.n_state
        shape2 = (self.n_state, self.n_flow)
        self.net = sparse.csr_array(
            (np.r_[np.ones(has_tgt.sum()), -np.ones(has_src.sum())], (np.r_[tgt[has_tgt], src[has_src]], np.r_[rows[has_tgt], rows[has_src]])),
            shape=shape2,
        )
        guarded_row = np.zeros(self.n_state + 1, dtype=bool)
        for name, a, b, _ in self.stocks:
            guarded_row[a:b] = name in guarded
        self.guarded = guarded_row[: self.n_state]
        g_src = has_src & guarded_row[src]
        g_tgt = has_tgt & guarded_row[tgt]
        self.out_of = sparse.csr_array((np.ones(g_src.sum()), (src[g_src], rows[g_src])), shape=shape2)
        self.into = sparse.csr_array((np.ones(g_tgt.sum()), (tgt[g_tgt], rows[g_tgt])), shape=shape2)
        # only guarded stocks that something can drain need checking each step
        self.drainable = np.unique(np.r_[src[g_src], tgt[g_tgt]]).astype(int)
        # the flows that can drain them (columns), so the check touches only those
        self.drain_flows = np.flatnonzero(g_src | g_tgt)
        self.drain_out = self.out_of[self.drainable][:, self.drain_flows]
        self.drain_in = self.into[self.drainable][:, self.drain_flows]

    def views(self, state: Array) -> dict[str, Array]:
        """Each stock as an ``(n, ...)`` view into ``state``."""
        out = {}
        for name, a, b, shape in self.stocks:
            if not shape:
                out[name] = state[a]
            elif len(shape) == 1:
                out[name] = state[a:b].T
            else:
                out[name] = state[a:b].T.reshape(self.n, *shape)
        return out


def _evaluate_flows(structure: Structure, layout: _Layout, ctx: Context, views: Mapping[str, Array], t: float, t_step: float, rates: Array) -> Array:
    """Evaluate every flow into ``rates`` (flow columns x n)."""
    ctx._reset(views, t, t_step)
    n = layout.n
    for name, a, b, shape in layout.flows:
        value = np.asarray(ctx[name], dtype=float)
        try:
            if not shape and value.ndim <= 1 and value.size in (1, n):
                rates[a] = value
            else:
                rates[a:b] = np.broadcast_to(value, (n, *shape)).reshape(n, b - a).T
        except ValueError:
            raise StructureError(
                f"{structure.name}: flow '{name}' returned shape {value.shape}, expected {(n, *shape)}"
            ) from None
    return rates


def _limit_outflows(layout: _Layout, state: Array, rates: Array, dt: float) -> Array:
    """Scale outflows of non-negative stocks so a step never takes more than the stock
    holds plus what flows in during the step.

    Limiting an inflow can tighten the stock it comes from, so the factors are
    iterated to their fixed point (one pass per link of a chain; a quick check ends
    it at once in the usual case where nothing binds).
    """
    if layout.drain_flows.size == 0:
        return rates
    draining = rates[layout.drain_flows]
    # what each drainable guarded stock is asked to give in this step
    demand = (layout.drain_out @ np.maximum(draining, 0.0) + layout.drain_in @ np.maximum(-draining, 0.0)) * dt
    held = np.maximum(state[layout.drainable], 0.0)
    # a stock asked for no more than it holds never binds, whatever its inflows do; the
    # tolerance keeps float round-off (left to the final clamp) from starting the iteration
    binding = np.flatnonzero(np.any(demand > held * (1.0 + 1e-12) + 1e-12, axis=1))
    if binding.size == 0:
        return rates
    rows = layout.drainable[binding]
    demand, held = demand[binding], held[binding]
    into, out_of = layout.into[rows], layout.out_of[rows]
    # work only on the flows that feed or drain a binding stock (a few of them)
    work = np.union1d(into.indices, out_of.indices)
    work = np.union1d(work, np.flatnonzero(np.isin(layout.src, rows) | np.isin(layout.tgt, rows)))
    into, out_of = into[:, work], out_of[:, work]
    pos = np.maximum(rates[work], 0.0)
    neg = np.maximum(-rates[work], 0.0)
    # each worked flow's source and target as a row of ``factor`` (the last row: factor 1)
    slot = np.full(layout.n_state + 1, rows.size)
    slot[rows] = np.arange(rows.size)
    src_slot, tgt_slot = slot[layout.src[work]], slot[layout.tgt[work]]
    factor = np.ones((rows.size + 1, layout.n))
    limited_pos, limited_neg = pos, neg
    for _ in range(rows.size + 1):
        supply = held + (into @ limited_pos + out_of @ limited_neg) * dt
        binds = demand > supply
        new = np.where(binds, supply / np.where(binds, demand, 1.0), 1.0)
        if np.array_equal(new, factor[:-1]):
            break
        factor[:-1] = new
        limited_pos = pos * factor[src_slot]
        limited_neg = neg * factor[tgt_slot]
    out = rates.copy()
    out[work] = limited_pos - limited_neg
    return out


def _n_samples(params: Mapping[str, Any], n: int | None) -> int:
    sizes = {np.shape(v)[0] for v in params.values() if np.ndim(v) >= 1}
    if n is not None:
        bad = sizes - {n, 1}
        if bad:
            raise ValueError(f"parameters have sample sizes {sorted(sizes)}, but n_samples={n}")
        return n
    if len(sizes - {1}) > 1:
        raise ValueError(f"parameters disagree on the number of samples: {sorted(sizes)}")
    return max(sizes - {1}, default=1)


def _slice_params(params: Mapping[str, Any], lo: int, hi: int, n: int) -> dict[str, Any]:
    out = {}
    for k, v in params.items():
        if np.ndim(v) >= 1 and np.shape(v)[0] == n and n > 1:
            out[k] = v[lo:hi]
        else:
            out[k] = v
    return out


def _run_chunk(
    structure: Structure, params: Mapping[str, Any], axis: TimeAxis, method: str, n: int, out: Mapping[str, Array]
) -> None:
    """Integrate ``n`` samples, writing each recorded name into ``out[name]``, a
    time-major view of shape (time, n, ...) so that each step writes contiguous rows."""
    dt = axis.dt
    years = axis.years
    layout = _Layout(structure, n)
    ctx = Context(structure, params, n, dt)
    ctx._reset({}, years[0], years[0])
    # preallocated buffers, each with its stock views made once
    buffers = [np.empty((layout.n_state, n)) for _ in range(2 if method == "euler" else 5)]
    views = [layout.views(buf) for buf in buffers]
    state, state_views = buffers[0], views[0]
    for name, st in structure.stocks.items():
        init = st.initial(ctx) if callable(st.initial) else st.initial
        state_views[name][...] = np.broadcast_to(np.asarray(init, dtype=float), _shape(st, structure, n))
    rates = np.empty((layout.n_flow, n))
    stage_rates = [np.empty((layout.n_flow, n)) for _ in range(4)] if method == "rk4" else []
    flow_cols = {name: (a, b, shape) for name, a, b, shape in layout.flows}
    stock_cols = {name: (a, b, shape) for name, a, b, shape in layout.stocks}
    guarded = layout.guarded
    record = list(out)
    current = 0

    for k, t in enumerate(years):
        if method == "euler":
            applied = _evaluate_flows(structure, layout, ctx, views[current], t, t, rates)
            recorded_ctx = ctx._values
        else:  # rk4 on the flows, then limit the combined flows
            k1, k2, k3, k4 = stage_rates
            s2, s3, s4 = (buffers[i] for i in (2, 3, 4))
            _evaluate_flows(structure, layout, ctx, views[current], t, t, k1)
            recorded_ctx = ctx._values
            np.add(state, (dt / 2) * (layout.net @ k1), out=s2)
            _evaluate_flows(structure, layout, ctx, views[2], t + dt / 2, t, k2)
            np.add(state, (dt / 2) * (layout.net @ k2), out=s3)
            _evaluate_flows(structure, layout, ctx, views[3], t + dt / 2, t, k3)
            np.add(state, dt * (layout.net @ k3), out=s4)
            _evaluate_flows(structure, layout, ctx, views[4], t + dt, t, k4)
            applied = (k1 + 2 * k2 + 2 * k3 + k4) / 6.0
            ctx._reset(views[current], t, t)
            ctx._values.update(recorded_ctx)
            recorded_ctx = ctx._values
        applied = _limit_outflows(layout, state, applied, dt)
        # record the state at t, the auxiliaries seen at t and the flows applied over [t, t+dt)
        for name in record:
            if name in stock_cols:
                a, b, shape = stock_cols[name]
                out[name][k] = views[current][name]
            elif name in flow_cols:
                a, b, shape = flow_cols[name]
                out[name][k] = applied[a] if not shape else applied[a:b].T.reshape(n, *shape)
            else:
                value = recorded_ctx[name] if name in recorded_ctx else ctx[name]
                out[name][k] = np.broadcast_to(value, out[name].shape[1:])
        nxt = 1 - current
        np.add(state, dt * (layout.net @ applied), out=buffers[nxt])
        # only float round-off can remain below zero after the limiter
        np.maximum(buffers[nxt], 0.0, out=buffers[nxt], where=guarded[:, None])
        current = nxt
        state = buffers[current]


def _all_vars(structure: Structure) -> list[tuple[str, _Var]]:
    return [*structure.stocks.items(), *structure.flows.items(), *structure.auxiliaries.items()]


def simulate(
    structure: Structure,
    params: Mapping[str, Any] | None = None,
    *,
    time: TimeAxis | None = None,
    method: str = "euler",
    n_samples: int | None = None,
    sample_dims: Mapping[str, Any] | None = None,
    chunk_size: int = 4096,
    record: Iterable[str] | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> xr.Dataset:
    """Integrate ``structure`` for all samples at once.

    Parameters
    ----------
    structure : Structure
        The model.
    params : mapping of str to float or array
        Parameter values; arrays have the sample axis first, shape ``(n,)`` or ``(n, ...)``.
    time : TimeAxis, optional
        Default 2024-01 to 2030-12 in monthly steps.
    method : {"euler", "rk4"}
        Integration method.
    n_samples : int, optional
        Number of samples; inferred from the parameter arrays when omitted.
    sample_dims : mapping of str to sequence, optional
        Name and labels of the leading dimensions the sample axis is split into,
        row-major (e.g. ``{"variant": ["a", "b"], "sample": range(n // 2)}``); the
        product of their lengths is the number of samples. Default ``{"sample": range(n)}``.
    chunk_size : int
        Samples integrated together; large ensembles go in chunks that stay in the CPU cache.
    record : iterable of str, optional
        Names to keep in the result (default: all stocks, flows and recorded auxiliaries).
    progress : callable(done, total), optional
        Called after each chunk with the number of samples done.

    Returns
    -------
    xarray.Dataset
        One variable per recorded name, dims ``("sample", "time", *dims)``; ``time`` is
        ``datetime64[ns]`` and each variable has ``units`` and ``long_name``. Stocks are
        the value at each time point; flows are the rate applied from that time point
        to the next (units per year).

    Examples
    --------
    >>> s = Structure("decay")
    >>> s.stock("x", units="1", long_name="amount", initial=1.0)
    >>> s.flow("loss", units="1/yr", long_name="loss", source="x", rate=lambda v: v["x"] * v.p["k"])
    >>> ds = simulate(s, {"k": np.array([0.5, 1.0])}, method="rk4")
    >>> ds["x"].dims
    ('sample', 'time')
    >>> round(float(ds["x"].isel(sample=1, time=12)), 4)  # exp(-1)
    0.3679
    """
    if method not in ("euler", "rk4"):
        raise ValueError(f"method={method!r} is not allowed; expected 'euler' or 'rk4'")
    if chunk_size < 1:
        raise ValueError(f"chunk_size={chunk_size!r} is not allowed; expected a positive integer")
    axis = time or TimeAxis()
    params = dict(params or {})
    n = _n_samples(params, n_samples)
    if record is None:
        names = [*structure.stocks, *structure.flows, *(a for a, aux in structure.auxiliaries.items() if aux.record)]
    else:
        names = list(record)
        unknown = [x for x in names if x not in structure.names]
        if unknown:
            raise StructureError(f"{structure.name}: cannot record unknown names {unknown}")

    lead = {k: list(v) for k, v in (sample_dims or {"sample": range(n)}).items()}
    lead_shape = tuple(len(v) for v in lead.values())
    if int(np.prod(lead_shape)) != n:
        raise ValueError(f"sample_dims {dict(zip(lead, lead_shape))} hold {int(np.prod(lead_shape))} samples, not {n}")
    lookup_vars = dict(_all_vars(structure))
    results = {}
    for name in names:
        shape = _shape(lookup_vars[name], structure, n)
        results[name] = np.empty((len(axis), *shape))  # time-major, filled chunk by chunk
    for lo in range(0, n, chunk_size):
        hi = min(n, lo + chunk_size)
        views = {name: arr[:, lo:hi] for name, arr in results.items()}
        try:
            _run_chunk(structure, _slice_params(params, lo, hi, n), axis, method, hi - lo, views)
        except RecursionError:
            raise StructureError(
                f"{structure.name}: a variable depends on itself through auxiliaries (a cycle without a stock)"
            ) from None
        if progress is not None:
            progress(hi, n)

    variables = {}
    for name in names:
        var = lookup_vars[name]
        data = results[name]
        kind = "stock" if name in structure.stocks else "flow" if name in structure.flows else "auxiliary"
        attrs = {"units": var.units, "long_name": var.long_name, "sd_kind": kind, **var.attrs}
        # a transposed view: the Dataset reads (sample, time, ...) without copying
        # (time, n, ...) -> (time, *lead, ...) is a free reshape; moving time behind the
        # leading dims is a view: the Dataset reads (*lead, time, ...) without copying
        data = data.reshape(len(axis), *lead_shape, *data.shape[2:])
        variables[name] = ((*lead, "time", *var.dims), np.moveaxis(data, 0, len(lead_shape)), attrs)
    coords: dict[str, Any] = {**lead, "time": axis.datetimes}
    used_dims = {d for name in names for d in lookup_vars[name].dims}
    coords.update({d: list(c) for d, c in structure.coords.items() if d in used_dims})
    ds = xr.Dataset(variables, coords=coords)
    ds["time"].attrs.update({"long_name": "time", "step_months": axis.step_months})
    if "sample" in ds.coords:
        ds["sample"].attrs.update({"long_name": "parameter sample", "units": "1"})
    ds.attrs.update({"structure": structure.name, "integration_method": method, "dt_years": axis.dt})
    return ds
