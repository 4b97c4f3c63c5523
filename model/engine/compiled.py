"""The compiled engine: the declared equations traced to scalar code
(:mod:`model.engine.trace`) and compiled with numba into one fused kernel that runs
every sample's whole simulation in one loop, in parallel over samples.

The numpy engine (:mod:`model.engine.integrate`) stays the reference: both evaluate
the same equation functions, this one through their trace. Per sample and step the
kernel computes every flow and auxiliary in straight-line scalar code, limits the
outflows of non-negative stocks (:mod:`model.engine.kernel_runtime`) and records the
asked variables; nothing is allocated per step.

The generated source is written to a cache folder (``$SAMENLEVEN_CACHE`` or
``~/.cache/samenleven``) under a name made from its hash, and numba caches its
machine code beside it: only the first run after the model changes compiles
(:data:`COMPILE_MESSAGE` is shown), later processes load the kernel in about a second.
"""

from __future__ import annotations

import hashlib
import importlib.util
import inspect
import os
import sys
import threading
import warnings
from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

import numpy as np

from model.engine import kernel_runtime
from model.engine.integrate import Context, _Layout, _shape
from model.engine.structure import Structure, StructureError
from model.engine.timeaxis import TimeAxis
from model.engine.trace import Tape, TraceError, inputs, node_ids, tracing

Array = np.ndarray

COMPILE_MESSAGE = (
    "samenleven: compiling the model for this machine (first run after a model change, "
    "about a minute); later runs load it from the cache"
)
"""Shown once, when a kernel is compiled rather than loaded from the cache."""


class CompileWarning(UserWarning):
    """The compiled engine is compiling a kernel (shown once per new model), or cannot
    compile a model and the numpy engine runs it instead."""


class CompileError(StructureError):
    """An equation cannot be traced, so the structure cannot be compiled."""


def cache_dir() -> Path:
    """Where generated kernels and numba's machine code are kept."""
    env = os.environ.get("SAMENLEVEN_CACHE")
    if env:
        return Path(env)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "samenleven"


# -- tracing the structure --------------------------------------------------------------


@dataclass(frozen=True)
class ParamSlot:
    """Where one parameter's values sit in a sample's row of the kernel's parameter
    matrix: first column and the shape one sample sees."""

    start: int
    shape: tuple[int, ...]

    @property
    def size(self) -> int:
        return int(np.prod(self.shape)) if self.shape else 1


@dataclass
class Program:
    """A structure traced for one parameter layout and step: the tape, which nodes
    each output is, and the layout of the stocks, flows and auxiliaries."""

    tape: Tape
    params: dict[str, ParamSlot]
    n_params: int
    const_ids: list[int]
    init_ids: list[int]
    hoisted_ids: list[int]
    rate_ids: list[int]
    aux_ids: list[int]
    aux_columns: dict[str, tuple[int, int, tuple[int, ...]]]
    layout: _Layout
    dt: float
    held_ids: list[int] = field(default_factory=list)


def param_spec(params: Mapping[str, Any], n: int) -> dict[str, tuple[int, ...]]:
    """The shape each parameter has for one sample, by the numpy engine's rule
    (:func:`model.engine.integrate._slice_params`): an array with one row per sample
    has its first axis cut to 1; any other value is seen whole by every sample."""
    spec = {}
    for k, v in params.items():
        shape = tuple(np.shape(v))
        per_sample = len(shape) >= 1 and shape[0] == n and n > 1
        spec[k] = (1, *shape[1:]) if per_sample else shape
    return spec


def trace_structure(
    structure: Structure, spec: Mapping[str, tuple[int, ...]], dt: float
) -> Program:
    """Trace every constant, stock initial value, flow and auxiliary of ``structure``
    for one sample whose parameters have the shapes ``spec`` (:func:`param_spec`)."""
    tape = Tape()
    layout = _Layout(structure, 1, dt)
    slots: dict[str, ParamSlot] = {}
    n_params = 0
    with tracing(tape):
        traced_params = {}
        for name, shape in spec.items():
            slot = slots[name] = ParamSlot(n_params, shape)
            n_params += slot.size
            traced_params[name] = inputs(tape, "P", shape, slot.start)
        t0 = inputs(tape, "t0", ())
        ctx = Context(structure, traced_params, 1, dt)
        ctx._reset({}, t0, t0)  # type: ignore[arg-type]

        # constants and stock initial values, once per sample
        def constants() -> list[int]:
            ctx._compute_constants()
            return []

        def elements(value: Any, shape: tuple[int, ...]) -> Callable[[], list[int]]:
            return lambda: node_ids(value, shape)

        def initial(st: Any) -> Callable[[], list[int]]:
            return lambda: node_ids(
                st.initial(ctx) if callable(st.initial) else st.initial, _shape(st, structure, 1)
            )

        def evaluated(name: str, shape: tuple[int, ...]) -> Callable[[], list[int]]:
            return lambda: node_ids(ctx[name], shape)

        _traced("the constant auxiliaries", constants)
        const_ids: list[int] = []
        const_inputs = {}
        for name, value in ctx._constants.items():
            shape = tuple(np.shape(value))
            const_inputs[name] = inputs(tape, "C", shape, len(const_ids))
            const_ids += _traced(name, elements(value, shape))
        init_ids: list[int] = []
        for name, st in structure.stocks.items():
            init_ids += _traced(f"{name} (initial value)", initial(st))
        # one step: every flow and auxiliary from the stocks, the clock and the constants
        ctx._constants = const_inputs
        views = {
            name: inputs(tape, "S", (1, *shape) if shape else (1,), a)
            for name, a, _, shape in layout.stocks
        }
        ctx._reset(views, inputs(tape, "t", ()), inputs(tape, "ts", ()))  # type: ignore[arg-type]
        rate_ids: list[int] = []
        for name, _, _, shape in layout.flows:
            rate_ids += _traced(name, evaluated(name, (1, *shape)))
        aux_ids: list[int] = []
        aux_columns = {}
        for name, var in structure.auxiliaries.items():
            shape = _shape(var, structure, 1)
            ids = _traced(name, evaluated(name, shape))
            aux_columns[name] = (len(aux_ids), len(aux_ids) + len(ids), shape[1:])
            aux_ids += ids
    hoisted = _hoist(tape, rate_ids + aux_ids)
    # held auxiliaries: computed in the first stage, read by RK4's later stages
    held_ids = [
        x
        for name, var in structure.auxiliaries.items()
        if var.held
        for x in aux_ids[aux_columns[name][0] : aux_columns[name][1]]
    ]
    return Program(
        tape,
        slots,
        n_params,
        const_ids,
        init_ids,
        hoisted,
        rate_ids,
        aux_ids,
        aux_columns,
        layout,
        dt,
        held_ids,
    )


def _hoist(tape: Tape, outputs: list[int]) -> list[int]:
    """The nodes of a step that depend neither on the stocks nor on the clock but are
    used by one that does (or are outputs): computed once per sample, not every step."""
    varies = [False] * len(tape.ops)
    for i, op in enumerate(tape.ops):
        if op[0] == "in":
            varies[i] = op[1] in ("S", "t", "ts")
        elif op[0] == "interp":
            varies[i] = varies[op[1]]
        elif op[0] != "const":
            varies[i] = any(varies[a] for a in op[1:])
    hoisted: set[int] = set()
    for i in tape.reachable(outputs):
        op = tape.ops[i]
        if varies[i] and op[0] not in ("in", "const"):
            args = [op[1]] if op[0] == "interp" else op[1:]
            hoisted.update(a for a in args if not varies[a] and tape.ops[a][0] != "const")
    hoisted.update(o for o in outputs if not varies[o] and tape.ops[o][0] != "const")
    return sorted(hoisted)


def _traced(name: str, run: Callable[[], list[int]]) -> list[int]:
    try:
        return run()
    except TraceError as exc:
        raise CompileError(f"'{name}' cannot be compiled: {exc}") from None


# -- generating the kernel's source ---------------------------------------------------------

_TEMPLATES = {
    "add": "{0} + {1}",
    "sub": "{0} - {1}",
    "mul": "{0} * {1}",
    "div": "{0} / {1}",
    "pow": "{0} ** {1}",
    "neg": "-{0}",
    "max": "np.maximum({0}, {1})",
    "min": "np.minimum({0}, {1})",
    "fmax": "np.fmax({0}, {1})",
    "fmin": "np.fmin({0}, {1})",
    "gt": "(1.0 if {0} > {1} else 0.0)",
    "ge": "(1.0 if {0} >= {1} else 0.0)",
    "lt": "(1.0 if {0} < {1} else 0.0)",
    "le": "(1.0 if {0} <= {1} else 0.0)",
    "eq": "(1.0 if {0} == {1} else 0.0)",
    "ne": "(1.0 if {0} != {1} else 0.0)",
    "and": "(1.0 if ({0} != 0.0 and {1} != 0.0) else 0.0)",
    "or": "(1.0 if ({0} != 0.0 or {1} != 0.0) else 0.0)",
    "not": "(1.0 if {0} == 0.0 else 0.0)",
    "where": "({1} if {0} != 0.0 else {2})",
    "exp": "np.exp({0})",
    "expm1": "np.expm1({0})",
    "log": "np.log({0})",
    "log1p": "np.log1p({0})",
    "sqrt": "np.sqrt({0})",
    "floor": "np.floor({0})",
    "ceil": "np.ceil({0})",
    "abs": "abs({0})",
    "sign": "np.sign({0})",
    "isnan": "(1.0 if np.isnan({0}) else 0.0)",
    "isfinite": "(1.0 if np.isfinite({0}) else 0.0)",
    "sin": "np.sin({0})",
    "cos": "np.cos({0})",
    "tan": "np.tan({0})",
    "arctan": "np.arctan({0})",
    "tanh": "np.tanh({0})",
    "log10": "np.log10({0})",
    "log2": "np.log2({0})",
    "mod": "np.mod({0}, {1})",
    "floordiv": "np.floor_divide({0}, {1})",
}
_INPUTS = {"S": "S[{}]", "P": "P[{}]", "C": "C[{}]", "H": "H[{}]", "t": "t", "ts": "ts", "t0": "t0"}


def _literal(x: float) -> str:
    if np.isnan(x):
        return "np.nan"
    if np.isinf(x):
        return "np.inf" if x > 0 else "(-np.inf)"
    text = repr(float(x))
    return f"({text})" if x < 0 or text.startswith("-") else text


def _body(
    tape: Tape,
    outputs: list[tuple[str, list[int]]],
    given: Mapping[int, str] | None = None,
    indent: str = "    ",
) -> list[str]:
    """Straight-line code computing the nodes that ``outputs`` need, then storing each
    output array's nodes (``R[0] = v12``); nodes in ``given`` are read, not computed."""
    lines = []
    names: dict[int, str] = {}
    given = dict(given or {})
    for i in tape.reachable([x for _, ids in outputs for x in ids], stop=given):
        op = tape.ops[i]
        if op[0] == "const":
            names[i] = _literal(op[1])
            continue
        if i in given:
            expr = given[i]
        elif op[0] == "in":
            expr = _INPUTS[op[1]].format(op[2])
        elif op[0] == "interp":
            expr = f"np.interp({names[op[1]]}, _X{op[2]}, _Y{op[2]})"
        else:
            expr = _TEMPLATES[op[0]].format(*(names[a] for a in op[1:]))
        names[i] = f"v{i}"
        lines.append(f"{indent}v{i} = {expr}")
    for array, ids in outputs:
        lines += [f"{indent}{array}[{k}] = {names[x]}" for k, x in enumerate(ids)]
    return lines


def _net(program: Program, rates: str) -> list[str]:
    """Straight-line ``D[s] = dt * (flows into s - flows out of s)`` for every stock."""
    layout = program.layout
    terms: list[list[str]] = [[] for _ in range(layout.n_state)]
    for f in range(layout.n_flow):
        if layout.tgt[f] < layout.n_state:
            terms[layout.tgt[f]].append(f"+ dt * {rates}[{f}]")
        if layout.src[f] < layout.n_state:
            terms[layout.src[f]].append(f"- dt * {rates}[{f}]")
    lines = [f"    dt = {program.dt!r}"]
    for s, parts in enumerate(terms):
        expr = " ".join(parts) if parts else "0.0"
        lines.append(f"    D[{s}] = {expr.removeprefix('+ ')}")
    return lines


_DRIVER = """
@njit(**_JIT)
def run(P, years, dt, rk4, src, tgt, guarded, drainable, adj, rec, out, lo):
    n = P.shape[0]
    n_time = years.shape[0]
    n_rec = rec.shape[0]
    for i in range(n):
        Pi = P[i]
        C = np.empty(N_CONST)
        H = np.empty(N_HOIST)
        S = np.empty(N_STATE)
        new = np.empty(N_STATE)
        R = np.empty(N_FLOW)
        A = np.empty(N_AUX)
        D = np.empty(N_STATE)
        K1 = np.empty(N_FLOW)
        K2 = np.empty(N_FLOW)
        K3 = np.empty(N_FLOW)
        K4 = np.empty(N_FLOW)
        Q = np.empty(N_HELD)
        S2 = np.empty(N_STATE)
        work = np.empty(4 * N_STATE + 4 * N_FLOW)
        iwork = np.empty(2 * N_STATE + N_FLOW, dtype=np.int64)
        out_ptr, out_idx, in_ptr, in_idx = adj
        init(Pi, years[0], C, S, H)
        for k in range(n_time):
            t = years[k]
            if rk4:
                rates(S, H, t, t, K1, A, D, Q)
                for s in range(N_STATE):
                    S2[s] = S[s] + 0.5 * D[s]
                flows(S2, H, t + dt / 2, t, K2, D, Q)
                for s in range(N_STATE):
                    S2[s] = S[s] + 0.5 * D[s]
                flows(S2, H, t + dt / 2, t, K3, D, Q)
                for s in range(N_STATE):
                    S2[s] = S[s] + D[s]
                flows(S2, H, t + dt, t, K4, D, Q)
                for f in range(N_FLOW):
                    R[f] = (K1[f] + 2 * K2[f] + 2 * K3[f] + K4[f]) / 6.0
                net_change(R, dt, src, tgt, N_STATE, D)
            else:
                rates(S, H, t, t, R, A, D, Q)
            advance(S, R, D, dt, new, src, tgt, guarded, drainable, out_ptr, out_idx, in_ptr, in_idx, work, iwork)
            for j in range(n_rec):
                c = rec[j]
                if c < N_STATE:
                    out[k, lo + i, j] = S[c]
                elif c < N_STATE + N_FLOW:
                    out[k, lo + i, j] = R[c - N_STATE]
                else:
                    out[k, lo + i, j] = A[c - N_STATE - N_FLOW]
            S, new = new, S
"""


def generate_source(program: Program) -> str:
    """The kernel module's source: ``init`` (constants and stock initial values),
    ``rates`` (every flow and auxiliary of one evaluation) and the driver ``run``."""
    tape = program.tape
    layout = program.layout
    head = [
        '"""Generated by model.engine.compiled from the traced equations; do not edit."""',
        "import numpy as np",
        "from numba import njit",
        "from model.engine.kernel_runtime import advance, net_change",
        "",
        '_JIT = {"cache": True, "error_model": "numpy", "nogil": True, "fastmath": False}',
        f"N_STATE = {layout.n_state}",
        f"N_FLOW = {layout.n_flow}",
        f"N_AUX = {max(len(program.aux_ids), 1)}",
        f"N_CONST = {max(len(program.const_ids), 1)}",
        f"N_HOIST = {max(len(program.hoisted_ids), 1)}",
        f"N_HELD = {max(len(program.held_ids), 1)}",
    ]
    for k, (xs, ys) in enumerate(tape.tables):
        head.append(f"_X{k} = np.array({list(xs)!r})")
        head.append(f"_Y{k} = np.array({list(ys)!r})")
    init = ["", "", "@njit(**_JIT)", "def init(P, t0, C, S, H):"]
    init += _body(tape, [("C", program.const_ids), ("S", program.init_ids)])
    # what a step needs that depends on neither the stocks nor the clock, from C
    init += _body(tape, [("H", program.hoisted_ids)])
    init.append("    return")
    hoisted = {x: f"H[{k}]" for k, x in enumerate(program.hoisted_ids)}
    # every flow and auxiliary, and dt x the net flow into each stock (D)
    rates = ["", "", "@njit(**_JIT)", "def rates(S, H, t, ts, R, A, D, Q):"]
    outputs = [("R", program.rate_ids), ("A", program.aux_ids), ("Q", program.held_ids)]
    rates += _body(tape, outputs, hoisted)
    rates += _net(program, "R")
    rates.append("    return")
    # the flows alone, for RK4's later stages (their auxiliaries are not recorded; the
    # held ones keep the first stage's values, Q)
    held = {**hoisted, **{x: f"Q[{k}]" for k, x in enumerate(program.held_ids)}}
    rates += ["", "", "@njit(**_JIT)", "def flows(S, H, t, ts, R, D, Q):"]
    rates += _body(tape, [("R", program.rate_ids)], held)
    rates += _net(program, "R")
    rates.append("    return")
    return "\n".join(head + init + rates) + "\n" + _DRIVER


# -- loading (or compiling) the kernel ---------------------------------------------------------


def _runtime_digest() -> str:
    text = inspect.getsource(kernel_runtime) + _DRIVER
    import numba

    return hashlib.sha256((text + numba.__version__ + np.__version__).encode()).hexdigest()[:12]


_LOADED: dict[str, ModuleType] = {}
_LOCK = threading.Lock()


def load_kernel(source: str) -> ModuleType:
    """The kernel module for ``source``: from this process's memory, the disk cache, or
    written and compiled now (with :data:`COMPILE_MESSAGE`)."""
    key = hashlib.sha256(source.encode()).hexdigest()[:16] + "_" + _runtime_digest()
    with _LOCK:
        module = _LOADED.get(key)
        if module is not None:
            return module
        folder = cache_dir() / "kernels"
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"kernel_{key}.py"
        if not path.exists() or path.read_text() != source:
            tmp = path.with_suffix(f".{os.getpid()}.tmp")
            tmp.write_text(source)
            os.replace(tmp, path)
        name = f"_samenleven_kernel_{key}"
        spec = importlib.util.spec_from_file_location(name, path)
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
        if not _is_cached(module):
            warnings.warn(COMPILE_MESSAGE, CompileWarning, stacklevel=3)
        _LOADED[key] = module
        return module


def _is_cached(module: ModuleType) -> bool:
    """Whether numba has machine code for the driver on disk already."""
    folder = Path(module.__file__ or "").parent / "__pycache__"
    stem = Path(module.__file__ or "").stem
    return folder.is_dir() and any(
        p.name.startswith(stem) and p.suffix == ".nbi" for p in folder.iterdir()
    )


@dataclass
class Kernel:
    """A structure compiled for one parameter layout and step."""

    program: Program
    module: ModuleType
    columns: dict[str, tuple[int, int, tuple[int, ...]]]  # name -> columns of S ++ R ++ A
    structure: Structure

    def column_index(
        self, names: list[str]
    ) -> tuple[Array, dict[str, tuple[int, int, tuple[int, ...]]]]:
        """The kernel's record index for ``names`` and each name's columns in the output."""
        rec: list[int] = []
        where = {}
        for name in names:
            a, b, shape = self.columns[name]
            where[name] = (len(rec), len(rec) + b - a, shape)
            rec += range(a, b)
        return np.asarray(rec, dtype=np.int64), where


_KERNELS: dict[tuple[Any, ...], Kernel] = {}


def kernel_for(structure: Structure, spec: Mapping[str, tuple[int, ...]], dt: float) -> Kernel:
    """The compiled kernel of ``structure`` for the parameter layout ``spec``."""
    key = (id(structure), tuple(sorted(spec.items())), dt)
    kernel = _KERNELS.get(key)
    if kernel is not None:
        return kernel
    program = trace_structure(structure, spec, dt)
    module = load_kernel(generate_source(program))
    layout = program.layout
    columns: dict[str, tuple[int, int, tuple[int, ...]]] = {}
    for name, a, b, shape in layout.stocks:
        columns[name] = (a, b, shape)
    for name, a, b, shape in layout.flows:
        columns[name] = (layout.n_state + a, layout.n_state + b, shape)
    base = layout.n_state + layout.n_flow
    for name, (a, b, shape) in program.aux_columns.items():
        columns[name] = (base + a, base + b, shape)
    # the kernel holds its structure, so no other structure can take its id while cached
    kernel = _KERNELS[key] = Kernel(program, module, columns, structure)
    return kernel


def pack(program: Program, params: Mapping[str, Any], lo: int, hi: int, n: int) -> Array:
    """The kernel's parameter matrix for samples ``lo:hi``: one row per sample, a
    shared value repeated in every row."""
    P = np.empty((hi - lo, max(program.n_params, 1)))
    for name, slot in program.params.items():
        value = np.asarray(params[name], dtype=float)
        cols = slice(slot.start, slot.start + slot.size)
        if value.ndim >= 1 and value.shape[0] == n and n > 1:
            P[:, cols] = value[lo:hi].reshape(hi - lo, -1)
        else:
            P[:, cols] = value.reshape(1, -1)
    return P


def threads() -> int:
    """Threads the kernel runs on: ``$SAMENLEVEN_THREADS`` or ``$NUMBA_NUM_THREADS``, else
    every usable core."""
    for name in ("SAMENLEVEN_THREADS", "NUMBA_NUM_THREADS"):
        value = os.environ.get(name, "")
        if value.isdigit() and int(value) > 0:
            return int(value)
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


_POOLS: dict[int, ThreadPoolExecutor] = {}


def _pool(workers: int) -> ThreadPoolExecutor:
    with _LOCK:
        pool = _POOLS.get(workers)
        if pool is None:
            pool = _POOLS[workers] = ThreadPoolExecutor(
                workers, thread_name_prefix="samenleven-kernel"
            )
        return pool


def run_kernel(
    structure: Structure,
    params: Mapping[str, Any],
    axis: TimeAxis,
    method: str,
    n: int,
    names: list[str],
    chunk_size: int,
    progress: Callable[[int, int], None] | None,
) -> dict[str, Array]:
    """Integrate ``n`` samples with the compiled kernel; each recorded name as a
    time-major array of shape (time, n, ...), as the numpy engine fills them."""
    spec = param_spec(params, n)
    kernel = kernel_for(structure, spec, axis.dt)
    layout = kernel.program.layout
    rec, where = kernel.column_index(names)
    out = np.empty((len(axis), n, max(rec.size, 1)))
    years = np.ascontiguousarray(axis.years, dtype=float)
    src = layout.src.astype(np.int64)
    tgt = layout.tgt.astype(np.int64)
    guarded = layout.guarded.astype(np.bool_)
    drainable = layout.drainable.astype(np.bool_)
    adj = kernel_runtime.adjacency(src, tgt, layout.n_state)

    def part(lo: int, hi: int) -> None:
        P = pack(kernel.program, params, lo, hi, n)
        kernel.module.run(
            P,
            years,
            float(axis.dt),
            method == "rk4",
            src,
            tgt,
            guarded,
            drainable,
            adj,
            rec,
            out,
            lo,
        )

    workers = threads()
    for lo in range(0, n, chunk_size):
        hi = min(n, lo + chunk_size)
        # the kernel releases the GIL: each thread runs its share of the chunk's samples
        # (they write disjoint rows of ``out``)
        shares = min(workers, hi - lo)
        bounds = np.linspace(lo, hi, shares + 1).astype(int)
        if shares <= 1:
            part(lo, hi)
        else:
            list(_pool(workers).map(part, bounds[:-1], bounds[1:]))
        if progress is not None:
            progress(hi, n)
    results = {}
    for name in names:
        a, b, shape = where[name]
        results[name] = out[:, :, a:b].reshape(len(axis), n, *shape)
    return results
