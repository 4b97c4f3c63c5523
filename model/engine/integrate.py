"""Evaluation and integration: the context equations see, the stock/flow layout on
2-D arrays, the non-negative outflow limiter, Euler and RK4, and :func:`simulate`."""

from __future__ import annotations

import warnings
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import xarray as xr
from scipy import sparse

from model.engine.equations import Values
from model.engine.structure import Rate, Structure, StructureError, _Var
from model.engine.timeaxis import TimeAxis

Array = np.ndarray

ENGINES = ("numpy", "compiled")
"""The engines :func:`simulate` offers: the numpy reference and the compiled kernel."""


class Context(dict):
    """What a rate or auxiliary function sees: ``v["name"]`` for any stock, flow or
    auxiliary, ``v.p["param"]`` for parameters, ``v.t`` (decimal year of this
    evaluation), ``v.t_step`` (start of the current step; the same for every RK4
    stage: switch steps and pulses on it, so that a discontinuity falls on a step
    boundary), ``v.dt`` (step, years) and ``v.n`` (samples).

    A dict of the values known in this evaluation: a name seen before is a plain dict
    lookup (done in C), and ``__missing__`` computes the others once.
    """

    __slots__ = ("_constants", "_fixed", "_funcs", "_structure", "dt", "n", "p", "t", "t_step")

    def __init__(self, structure: Structure, params: Mapping[str, Any], n: int, dt: float) -> None:
        super().__init__()
        self._structure = structure
        self._funcs: dict[str, Rate] = {
            **{k: a.func for k, a in structure.auxiliaries.items()},
            **{k: f.rate for k, f in structure.flows.items()},
        }
        self._constants: dict[str, Any] = {}
        self.p = params
        self.n = n
        self.dt = dt
        self.t = 0.0
        self.t_step = 0.0
        # the reserved inputs of named equations: parameters and levers as attributes
        levers = structure.levers
        self._fixed = {
            "@p": Values("parameter", {k: x for k, x in params.items() if k not in levers}),
            "@lever": Values("lever", {k: x for k, x in params.items() if k in levers}),
            "@dt": dt,
            "@n": n,
        }

    def _reset(self, stocks: Mapping[str, Array], t: float, t_step: float) -> None:
        self.clear()
        self.update(self._fixed)
        self.update(self._constants)
        self.update(stocks)
        self["@t"] = self.t = t
        self["@t_step"] = self.t_step = t_step

    def _compute_constants(self) -> None:
        """Evaluate the constant auxiliaries once; each may read only parameters and
        other constants."""
        names = [k for k, a in self._structure.auxiliaries.items() if a.constant]
        if not names:
            return
        allowed = set(names)
        funcs = self._funcs
        refuse = {
            k: _not_constant(self._structure.name, k)
            for k in (*self._structure.stocks, *funcs)
            if k not in allowed
        }
        self._funcs = {**funcs, **refuse}
        try:
            self._reset({}, self.t, self.t_step)
            self._constants = {k: self[k] for k in names}
        finally:
            self._funcs = funcs

    def __missing__(self, name: str) -> Any:
        try:
            func = self._funcs[name]
        except KeyError:
            raise StructureError(
                f"{self._structure.name}: '{name}' is not a stock, flow or auxiliary; known names include "
                f"{sorted(self._structure.names)[:12]}..."
            ) from None
        # a cycle among auxiliaries recurses until Python's limit; simulate reports it
        value = self[name] = func(self)
        return value

    # compared by identity, as before it became a dict (two contexts are never 'equal')
    __eq__ = object.__eq__
    __hash__ = object.__hash__  # type: ignore[assignment]


def _not_constant(structure_name: str, name: str) -> Rate:
    def refuse(v: Context) -> Any:
        raise StructureError(
            f"{structure_name}: a constant auxiliary reads '{name}', which can change over time; "
            "allowed: parameters and other constant auxiliaries"
        )

    return refuse


def _shape(var: _Var, structure: Structure, n: int) -> tuple[int, ...]:
    return (n, *(len(structure.coords[d]) for d in var.dims))


@dataclass(frozen=True)
class _LimitPlan:
    """The part of the structure the outflow limiter works on for one set of binding
    stocks: their rows, the flows around them (``work``) and sparse matrices restricted
    to those. Built once per set (a run meets a handful of sets) and reused."""

    rows: Array
    work: Array
    into: Any
    out_of: Any
    src_slot: Array
    tgt_slot: Array
    touched: Array  # stock rows the worked flows move material into or out of
    is_row: Array  # over all stock rows: whether it is one of ``rows``
    net_touched: Any  # those rows of the incidence matrix, times dt


class _Layout:
    """The structure laid out on two 2-D arrays for one chunk of ``n`` samples.

    All stocks live in one state array of shape ``(stock columns, n)`` and all flows
    in one array of shape ``(flow columns, n)`` (a stock or flow with extra dims takes
    several columns). Functions still see each stock as an ``(n, ...)`` view. Moving
    the flows into the stocks and limiting outflows are then a few sparse matrix
    products per step instead of Python loops over flows.
    """

    def __init__(self, structure: Structure, n: int, dt: float) -> None:

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
        # flows without extra dims are one row each: assigned directly, no reshaping
        self.plain_flows = [(name, a) for name, a, _, shape in self.flows if not shape]
        self.shaped_flows = [f for f in self.flows if f[3]]
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
        # flows into minus flows out of each stock, times the step: state change = net_dt @ rates
        self.net_dt = sparse.csr_array(
            (
                np.r_[np.full(has_tgt.sum(), dt), np.full(has_src.sum(), -dt)],
                (np.r_[tgt[has_tgt], src[has_src]], np.r_[rows[has_tgt], rows[has_src]]),
            ),
            shape=shape2,
        )
        guarded_row = np.zeros(self.n_state + 1, dtype=bool)
        for name, a, b, _ in self.stocks:
            guarded_row[a:b] = name in guarded
        self.guarded = guarded_row[: self.n_state]
        g_src = has_src & guarded_row[src]
        g_tgt = has_tgt & guarded_row[tgt]
        self.out_of = sparse.csr_array(
            (np.ones(g_src.sum()), (src[g_src], rows[g_src])), shape=shape2
        )
        self.into = sparse.csr_array(
            (np.ones(g_tgt.sum()), (tgt[g_tgt], rows[g_tgt])), shape=shape2
        )
        # only guarded stocks that something can drain need checking each step
        self.drainable = np.zeros(self.n_state, dtype=bool)
        self.drainable[np.unique(np.r_[src[g_src], tgt[g_tgt]]).astype(int)] = True
        self._plans: dict[tuple[int, ...], _LimitPlan] = {}

    def limit_plan(self, rows: Array) -> _LimitPlan:
        """The :class:`_LimitPlan` for the binding stock rows ``rows`` (sorted)."""
        key = tuple(rows.tolist())
        plan = self._plans.get(key)
        if plan is None:
            into, out_of = self.into[rows], self.out_of[rows]
            work = np.union1d(into.indices, out_of.indices)
            work = np.union1d(
                work, np.flatnonzero(np.isin(self.src, rows) | np.isin(self.tgt, rows))
            )
            # each worked flow's source and target as a row of the factors (the last: factor 1)
            slot = np.full(self.n_state + 1, rows.size)
            slot[rows] = np.arange(rows.size)
            touched = np.union1d(self.src[work], self.tgt[work])
            touched = touched[touched < self.n_state]
            plan = self._plans[key] = _LimitPlan(
                rows=rows,
                work=work,
                into=into[:, work],
                out_of=out_of[:, work],
                src_slot=slot[self.src[work]],
                tgt_slot=slot[self.tgt[work]],
                touched=touched,
                is_row=np.isin(np.arange(self.n_state), rows),
                net_touched=self.net_dt[touched],
            )
        return plan

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


def _evaluate_flows(
    structure: Structure,
    layout: _Layout,
    ctx: Context,
    views: Mapping[str, Array],
    t: float,
    t_step: float,
    rates: Array,
    held: Mapping[str, Any] | None = None,
) -> Array:
    """Evaluate every flow into ``rates`` (flow columns x n); the auxiliaries in ``held``
    take those values instead of being evaluated (RK4's later stages)."""
    ctx._reset(views, t, t_step)
    if held:
        ctx.update(held)
    n = layout.n
    for name, a in layout.plain_flows:
        value = ctx[name]
        try:
            rates[a] = value  # a scalar or (n,) array; anything else raises
        except (ValueError, TypeError):
            raise StructureError(
                f"{structure.name}: flow '{name}' returned shape {np.shape(value)}, expected {(n,)}"
            ) from None
    for name, a, b, shape in layout.shaped_flows:
        value = np.asarray(ctx[name], dtype=float)
        try:
            rates[a:b] = np.broadcast_to(value, (n, *shape)).reshape(n, b - a).T
        except ValueError:
            raise StructureError(
                f"{structure.name}: flow '{name}' returned shape {value.shape}, expected {(n, *shape)}"
            ) from None
    return rates


def _binding(layout: _Layout, state: Array, new: Array, rows: Array) -> Array:
    """Those of ``rows`` (stocks with a value below zero in ``new``) that are drainable
    and below zero by more than float round-off (which the final clamp removes)."""
    rows = rows[layout.drainable[rows]]
    if rows.size:
        rows = rows[np.any(new[rows] < -1e-12 * (1.0 + np.abs(state[rows])), axis=1)]
    return rows


def _advance(layout: _Layout, state: Array, rates: Array, dt: float, new: Array) -> None:
    """Write ``state + dt * (flows into - flows out of)`` into ``new``, limiting the
    outflows of non-negative stocks (in ``rates``, in place) so that a step never takes
    more than a stock holds plus what flows in during the step.

    The cheap check comes first: the unlimited step, which is needed anyway, shows which
    stocks would go below zero. Only the flows around those are limited. Limiting an
    inflow can starve the stock it feeds, so the limiter's factors are iterated to their
    fixed point, and stocks that the limited step still takes below zero join the set.
    """
    np.add(state, layout.net_dt @ rates, out=new)
    negative = np.flatnonzero(layout.guarded & np.any(new < 0.0, axis=1))
    rows = _binding(layout, state, new, negative)
    limited = rows.size > 0
    while rows.size:
        plan = layout.limit_plan(rows)
        asked = rates[plan.work]
        pos, neg = np.maximum(asked, 0.0), np.maximum(-asked, 0.0)
        # what each binding stock is asked to give in this step, and what it holds
        demand = (plan.out_of @ pos + plan.into @ neg) * dt
        held = np.maximum(state[rows], 0.0)
        factor = np.ones((rows.size + 1, layout.n))
        limited_pos, limited_neg = pos, neg
        for _ in range(rows.size + 1):
            supply = held + (plan.into @ limited_pos + plan.out_of @ limited_neg) * dt
            binds = demand > supply
            fraction = np.where(binds, supply / np.where(binds, demand, 1.0), 1.0)
            if np.array_equal(fraction, factor[:-1]):
                break
            factor[:-1] = fraction
            limited_pos = pos * factor[plan.src_slot]
            limited_neg = neg * factor[plan.tgt_slot]
        rates[plan.work] = limited_pos - limited_neg
        # only the stocks the limited flows touch change
        touched = plan.touched
        new[touched] = state[touched] + plan.net_touched @ rates
        still = touched[layout.guarded[touched] & np.any(new[touched] < 0.0, axis=1)]
        more = _binding(layout, state, new, still[~plan.is_row[still]])
        if more.size == 0:
            break
        # a stock fed by a limited flow now binds too: start again with both
        rates[plan.work] = asked
        new[touched] = state[touched] + plan.net_touched @ rates
        rows = np.union1d(rows, more)
    if limited:
        negative = np.flatnonzero(layout.guarded & np.any(new < 0.0, axis=1))
    # only float round-off can remain below zero
    if negative.size:
        new[negative] = np.maximum(new[negative], 0.0)


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
    structure: Structure,
    params: Mapping[str, Any],
    axis: TimeAxis,
    method: str,
    n: int,
    out: Mapping[str, Array],
) -> None:
    """Integrate ``n`` samples, writing each recorded name into ``out[name]``, a
    time-major view of shape (time, n, ...) so that each step writes contiguous rows."""
    dt = axis.dt
    years = axis.years
    layout = _Layout(structure, n, dt)
    ctx = Context(structure, params, n, dt)
    ctx._reset({}, years[0], years[0])
    ctx._compute_constants()
    # preallocated buffers, each with its stock views made once
    buffers = [np.empty((layout.n_state, n)) for _ in range(2 if method == "euler" else 5)]
    views = [layout.views(buf) for buf in buffers]
    state, state_views = buffers[0], views[0]
    for name, st in structure.stocks.items():
        init = st.initial(ctx) if callable(st.initial) else st.initial
        state_views[name][...] = np.broadcast_to(
            np.asarray(init, dtype=float), _shape(st, structure, n)
        )
    rates = np.empty((layout.n_flow, n))
    stage_rates = [np.empty((layout.n_flow, n)) for _ in range(4)] if method == "rk4" else []
    # what to record, sorted once: stocks and flows are rows of the state and flow arrays
    stock_cols = {name: (a, b, shape) for name, a, b, shape in layout.stocks}
    flow_cols = {name: (a, b, shape) for name, a, b, shape in layout.flows}
    rec_stocks = [(out[x], *stock_cols[x]) for x in out if x in stock_cols]
    rec_flows = [(out[x], *flow_cols[x]) for x in out if x in flow_cols]
    rec_aux = [(out[x], x) for x in out if x not in stock_cols and x not in flow_cols]
    current = 0
    held = [k for k, a in structure.auxiliaries.items() if a.held]

    for k, t in enumerate(years):
        if method == "euler":
            applied = _evaluate_flows(structure, layout, ctx, views[current], t, t, rates)
        else:  # rk4 on the flows, then limit the combined flows
            k1, k2, k3, k4 = stage_rates
            s2, s3, s4 = (buffers[i] for i in (2, 3, 4))
            _evaluate_flows(structure, layout, ctx, views[current], t, t, k1)
            seen_at_t = dict(ctx)  # the auxiliaries recorded are those of the first stage
            # held auxiliaries keep their first-stage value for the whole step
            kept = {x: ctx[x] for x in held}
            np.add(state, 0.5 * (layout.net_dt @ k1), out=s2)
            _evaluate_flows(structure, layout, ctx, views[2], t + dt / 2, t, k2, kept)
            np.add(state, 0.5 * (layout.net_dt @ k2), out=s3)
            _evaluate_flows(structure, layout, ctx, views[3], t + dt / 2, t, k3, kept)
            np.add(state, layout.net_dt @ k3, out=s4)
            _evaluate_flows(structure, layout, ctx, views[4], t + dt, t, k4, kept)
            applied = (k1 + 2 * k2 + 2 * k3 + k4) / 6.0
            ctx._reset(seen_at_t, t, t)
        nxt = 1 - current
        _advance(layout, state, applied, dt, buffers[nxt])
        # record the state at t, the auxiliaries seen at t and the flows applied over [t, t+dt)
        for arr, a, b, shape in rec_stocks:
            arr[k] = state[a] if not shape else state[a:b].T.reshape(n, *shape)
        for arr, a, b, shape in rec_flows:
            arr[k] = applied[a] if not shape else applied[a:b].T.reshape(n, *shape)
        for arr, name in rec_aux:
            arr[k] = ctx[name]
        current = nxt
        state = buffers[current]


def _run_compiled(
    structure: Structure,
    params: Mapping[str, Any],
    axis: TimeAxis,
    method: str,
    n: int,
    names: list[str],
    chunk_size: int,
    progress: Callable[[int, int], None] | None,
) -> dict[str, Array] | None:
    """The compiled kernel's results, or None (with a warning) when this structure
    cannot be compiled or numba is missing: the numpy engine then runs it."""
    try:
        from model.engine.compiled import CompileError, CompileWarning, run_kernel
    except ImportError as exc:  # numba is a dependency; a broken install still runs
        warnings.warn(f"compiled engine unavailable ({exc}); using the numpy engine", stacklevel=3)
        return None
    try:
        return run_kernel(structure, params, axis, method, n, names, chunk_size, progress)
    except CompileError as exc:
        warnings.warn(f"{exc}; using the numpy engine", CompileWarning, stacklevel=3)
        return None


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
    engine: str = "numpy",
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
    engine : {"numpy", "compiled"}
        ``"numpy"``: evaluate the equations on arrays of all samples (the reference);
        ``"compiled"``: their trace compiled into one kernel
        (:mod:`model.engine.compiled`), the same numbers to round-off, much faster.

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
    if engine not in ENGINES:
        raise ValueError(f"engine={engine!r} is not allowed; expected one of {', '.join(ENGINES)}")
    if method not in ("euler", "rk4"):
        raise ValueError(f"method={method!r} is not allowed; expected 'euler' or 'rk4'")
    if chunk_size < 1:
        raise ValueError(f"chunk_size={chunk_size!r} is not allowed; expected a positive integer")
    axis = time or TimeAxis()
    params = dict(params or {})
    n = _n_samples(params, n_samples)
    if record is None:
        names = [
            *structure.stocks,
            *structure.flows,
            *(a for a, aux in structure.auxiliaries.items() if aux.record),
        ]
    else:
        names = list(record)
        unknown = [x for x in names if x not in structure.names]
        if unknown:
            raise StructureError(f"{structure.name}: cannot record unknown names {unknown}")

    lead = {k: list(v) for k, v in (sample_dims or {"sample": range(n)}).items()}
    lead_shape = tuple(len(v) for v in lead.values())
    if int(np.prod(lead_shape)) != n:
        raise ValueError(
            f"sample_dims {dict(zip(lead, lead_shape, strict=True))} hold {int(np.prod(lead_shape))} samples, not {n}"
        )
    lookup_vars = dict(_all_vars(structure))
    results = {}
    if engine == "compiled":
        try:
            compiled = _run_compiled(
                structure, params, axis, method, n, names, chunk_size, progress
            )
        except RecursionError:
            raise StructureError(
                f"{structure.name}: a variable depends on itself through auxiliaries (a cycle without a stock)"
            ) from None
        if compiled is None:
            engine = "numpy"
        else:
            results = compiled
    if engine == "numpy":
        for name in names:
            shape = _shape(lookup_vars[name], structure, n)
            results[name] = np.empty((len(axis), *shape))  # time-major, filled chunk by chunk
    for lo in range(0, n, chunk_size) if engine == "numpy" else ():
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
        kind = (
            "stock"
            if name in structure.stocks
            else "flow"
            if name in structure.flows
            else "auxiliary"
        )
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
    ds.attrs.update(
        {
            "structure": structure.name,
            "integration_method": method,
            "dt_years": axis.dt,
            "engine": engine,
        }
    )
    return ds
