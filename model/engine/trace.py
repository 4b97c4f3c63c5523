"""Tracing: run the declared equations once on symbolic values and record, per
sample, every scalar operation they perform.

The equations are ordinary numpy functions of arrays whose first axis is the sample
axis. Called with a :class:`Traced` array (one sample, ``n = 1``) in place of each
stock, parameter and the clock, every numpy operation they perform on it is
recorded on a :class:`Tape` as scalar operations on named inputs, with shapes and
indices resolved at trace time. The tape is then the model for one sample as
straight-line scalar code, which :mod:`model.engine.compiled` turns into one fused,
compiled kernel (and :mod:`model.engine.export` into a Vensim model).

Only what depends on a value is recorded: shapes, indices and Python control flow
on shapes run as usual. An equation that branches in Python on a traced value (``if
x > 0:``) or converts one to a Python number cannot be traced; :class:`TraceError`
names it. Constants (module-level arrays, literals) fold at trace time with numpy's
own float64 arithmetic, so the kernel computes what numpy computes.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

Array = np.ndarray


class TraceError(TypeError):
    """An equation does something with a traced value that cannot be recorded."""


# -- the tape -------------------------------------------------------------------------

UNARY = {
    "neg": np.negative,
    "exp": np.exp,
    "expm1": np.expm1,
    "log": np.log,
    "log1p": np.log1p,
    "sqrt": np.sqrt,
    "floor": np.floor,
    "ceil": np.ceil,
    "abs": np.abs,
    "not": np.logical_not,
    "sign": np.sign,
    "isnan": np.isnan,
    "isfinite": np.isfinite,
    "sin": np.sin,
    "cos": np.cos,
    "tan": np.tan,
    "arctan": np.arctan,
    "tanh": np.tanh,
    "log10": np.log10,
    "log2": np.log2,
}
BINARY = {
    "add": np.add,
    "sub": np.subtract,
    "mul": np.multiply,
    "div": np.divide,
    "pow": np.power,
    "max": np.maximum,
    "min": np.minimum,
    "fmax": np.fmax,
    "fmin": np.fmin,
    "gt": np.greater,
    "ge": np.greater_equal,
    "lt": np.less,
    "le": np.less_equal,
    "eq": np.equal,
    "ne": np.not_equal,
    "and": np.logical_and,
    "or": np.logical_or,
    "mod": np.mod,
    "floordiv": np.floor_divide,
}
_UFUNC_OP = {
    np.negative: "neg",
    np.positive: None,  # identity
    np.exp: "exp",
    np.expm1: "expm1",
    np.log: "log",
    np.log1p: "log1p",
    np.sqrt: "sqrt",
    np.floor: "floor",
    np.ceil: "ceil",
    np.absolute: "abs",
    np.fabs: "abs",
    np.logical_not: "not",
    np.sign: "sign",
    np.isnan: "isnan",
    np.isfinite: "isfinite",
    np.sin: "sin",
    np.cos: "cos",
    np.tan: "tan",
    np.arctan: "arctan",
    np.tanh: "tanh",
    np.log10: "log10",
    np.log2: "log2",
    np.add: "add",
    np.subtract: "sub",
    np.multiply: "mul",
    np.true_divide: "div",
    np.power: "pow",
    np.float_power: "pow",
    np.maximum: "max",
    np.minimum: "min",
    np.fmax: "fmax",
    np.fmin: "fmin",
    np.greater: "gt",
    np.greater_equal: "ge",
    np.less: "lt",
    np.less_equal: "le",
    np.equal: "eq",
    np.not_equal: "ne",
    np.logical_and: "and",
    np.logical_or: "or",
    np.bitwise_and: "and",
    np.bitwise_or: "or",
    np.invert: "not",
    np.remainder: "mod",
    np.floor_divide: "floordiv",
}
_BOOLEAN = {"gt", "ge", "lt", "le", "eq", "ne", "and", "or", "not", "isnan", "isfinite"}


@dataclass
class Tape:
    """The recorded operations: node ``i`` is ``ops[i] = (op, *args)``, its arguments
    earlier nodes (ints) or, for ``"const"``, the value and for ``"in"`` the input's
    kind and index. Equal operations on equal arguments are recorded once."""

    ops: list[tuple[Any, ...]] = field(default_factory=list)
    values: list[float | None] = field(default_factory=list)  # a constant's value, else None
    tables: list[tuple[tuple[float, ...], tuple[float, ...]]] = field(default_factory=list)
    _index: dict[tuple[Any, ...], int] = field(default_factory=dict)

    def add(self, op: tuple[Any, ...], value: float | None = None) -> int:
        key = op if op[0] != "const" else ("const", _const_key(op[1]))
        i = self._index.get(key)
        if i is None:
            i = self._index[key] = len(self.ops)
            self.ops.append(op)
            self.values.append(value)
        return i

    def const(self, x: float) -> int:
        x = float(x)
        return self.add(("const", x), x)

    def input(self, kind: str, index: int = 0) -> int:
        return self.add(("in", kind, index))

    def table(self, xs: Any, ys: Any) -> int:
        key = (tuple(float(x) for x in np.ravel(xs)), tuple(float(y) for y in np.ravel(ys)))
        if key not in self.tables:
            self.tables.append(key)
        return self.tables.index(key)

    def apply(self, op: str, *args: int) -> int:
        """Record ``op`` on nodes ``args``, folding it when every argument is a constant
        (with numpy's float64 arithmetic, so the value is numpy's)."""
        vals = [self.values[a] for a in args]
        if all(v is not None for v in vals):
            with np.errstate(all="ignore"):
                if op in UNARY:
                    out = UNARY[op](np.float64(vals[0]))
                elif op in BINARY:
                    out = BINARY[op](np.float64(vals[0]), np.float64(vals[1]))
                elif op == "where":
                    out = vals[1] if vals[0] else vals[2]
                elif op == "interp":
                    xs, ys = self.tables[args[1]]
                    out = np.interp(float(vals[0] or 0.0), xs, ys)
                else:  # pragma: no cover - every op is listed above
                    raise TraceError(f"unknown operation {op!r}")
            return self.const(float(out))
        # identities that keep the kernel small (exact in float arithmetic)
        if op == "where" and vals[0] is not None:
            return args[1] if vals[0] else args[2]
        if op == "mul" and (vals[0] == 1.0 or vals[1] == 1.0):
            return args[1] if vals[0] == 1.0 else args[0]
        if op in ("add", "sub") and vals[1] == 0.0 and not _is_negative_zero(vals[1]):
            return args[0]
        if op == "add" and vals[0] == 0.0 and not _is_negative_zero(vals[0]):
            return args[1]
        if op == "div" and vals[1] == 1.0:
            return args[0]
        return self.add((op, *args))

    def interp(self, x: int, xs: Any, ys: Any) -> int:
        table = self.table(xs, ys)
        if self.values[x] is not None:
            return self.const(float(np.interp(float(self.values[x] or 0.0), *self.tables[table])))
        return self.add(("interp", x, table))

    def reachable(self, outputs: Iterable[int], stop: Iterable[int] = ()) -> list[int]:
        """The nodes ``outputs`` need, in order (arguments before their users); the
        arguments of nodes in ``stop`` are not followed (they are given)."""
        given = set(stop)
        need: set[int] = set()
        stack = [int(o) for o in outputs]
        while stack:
            i = stack.pop()
            if i in need:
                continue
            need.add(i)
            op = self.ops[i]
            if i in given or op[0] in ("const", "in"):
                continue
            stack.extend([op[1]] if op[0] == "interp" else op[1:])
        return sorted(need)


def _const_key(x: float) -> Any:
    # -0.0 and 0.0 compare equal but are different constants; nan != nan
    if math.isnan(x):
        return "nan"
    return (x, math.copysign(1.0, x))


def _is_negative_zero(x: float | None) -> bool:
    return x is not None and x == 0.0 and math.copysign(1.0, x) < 0


_TAPE: Tape | None = None


def _tape() -> Tape:
    if _TAPE is None:
        raise TraceError("a traced value was used outside tracing")
    return _TAPE


class Node:
    """One recorded scalar: an index on the current tape. Arithmetic on nodes records
    operations; using one as a Python bool or number is refused."""

    __slots__ = ("i",)

    def __init__(self, i: int) -> None:
        self.i = i

    def _bin(self, op: str, other: Any, swap: bool = False) -> Node:
        a, b = self.i, _node_id(other)
        return Node(_tape().apply(op, *((b, a) if swap else (a, b))))

    def __add__(self, o: Any) -> Node:
        return self._bin("add", o)

    def __radd__(self, o: Any) -> Node:
        return self._bin("add", o, True)

    def __sub__(self, o: Any) -> Node:
        return self._bin("sub", o)

    def __rsub__(self, o: Any) -> Node:
        return self._bin("sub", o, True)

    def __mul__(self, o: Any) -> Node:
        return self._bin("mul", o)

    def __rmul__(self, o: Any) -> Node:
        return self._bin("mul", o, True)

    def __truediv__(self, o: Any) -> Node:
        return self._bin("div", o)

    def __rtruediv__(self, o: Any) -> Node:
        return self._bin("div", o, True)

    def __pow__(self, o: Any) -> Node:
        return self._bin("pow", o)

    def __rpow__(self, o: Any) -> Node:
        return self._bin("pow", o, True)

    def __neg__(self) -> Node:
        return Node(_tape().apply("neg", self.i))

    def __pos__(self) -> Node:
        return self

    def __bool__(self) -> bool:
        raise TraceError(
            "an equation uses a traced value as a Python bool (an `if`, `and`, `or`, `max()` "
            "or a numpy function the tracer does not cover); use np.where / np.maximum instead"
        )

    def __float__(self) -> float:
        raise TraceError(
            "an equation converts a traced value to a Python number (float(), or assigning "
            "it into a float array made with np.zeros/np.empty); build arrays from the "
            "inputs instead (np.stack, np.concatenate, np.zeros_like)"
        )

    __int__ = __float__
    __index__ = __float__


def _node_id(x: Any) -> int:
    if isinstance(x, Node):
        return x.i
    if isinstance(x, (bool, np.bool_)):
        return _tape().const(1.0 if x else 0.0)
    if isinstance(x, (int, float, np.integer, np.floating)):
        return _tape().const(float(x))
    raise TraceError(f"cannot trace a value of type {type(x).__name__} in an equation")


def _nodes(x: Any) -> Array:
    """``x`` as an object array of nodes (numbers become constants)."""
    if isinstance(x, Traced):
        return x.a
    arr = np.asarray(x)
    if arr.dtype == object:
        return (
            np.vectorize(
                lambda v: v if isinstance(v, Node) else Node(_node_id(v)), otypes=[object]
            )(arr)
            if arr.size
            else arr
        )
    if arr.dtype.kind not in "biuf":
        raise TraceError(f"cannot trace an array of dtype {arr.dtype} in an equation")
    out = np.empty(arr.shape, dtype=object)
    flat = out.reshape(-1)
    tape = _tape()
    for k, v in enumerate(arr.reshape(-1).tolist()):
        flat[k] = Node(tape.const(float(v)))
    return out


def _elementwise(op: str, *args: Any) -> Traced:
    tape = _tape()
    arrays = [_nodes(a) for a in args]
    if len(arrays) == 1:
        f = np.frompyfunc(lambda a: Node(tape.apply(op, a.i)), 1, 1)
    elif len(arrays) == 2:
        f = np.frompyfunc(lambda a, b: Node(tape.apply(op, a.i, b.i)), 2, 1)
    else:
        f = np.frompyfunc(lambda a, b, c: Node(tape.apply(op, a.i, b.i, c.i)), 3, 1)
    return Traced(np.asarray(f(*arrays), dtype=object))


def _interp(x: Any, xs: Any, ys: Any) -> Traced:
    if isinstance(xs, Traced) or isinstance(ys, Traced):
        raise TraceError("np.interp with a traced table: only the x value may vary per sample")
    tape = _tape()
    f = np.frompyfunc(lambda a: Node(tape.interp(a.i, xs, ys)), 1, 1)
    return Traced(np.asarray(f(_nodes(x)), dtype=object))


def _wrap(result: Any) -> Any:
    if isinstance(result, np.ndarray) and result.dtype == object:
        return Traced(_nodes(result))
    if isinstance(result, Node):
        return Traced(np.asarray(result, dtype=object).reshape(()))
    if isinstance(result, (tuple, list)):
        return type(result)(_wrap(r) for r in result)
    return result


def _unwrap(x: Any) -> Any:
    if isinstance(x, Traced):
        return x.a
    if isinstance(x, (list, tuple)):
        return type(x)(_unwrap(v) for v in x)
    return x


def _has_traced(x: Any) -> bool:
    if isinstance(x, Traced):
        return True
    if isinstance(x, (list, tuple)):
        return any(_has_traced(v) for v in x)
    return False


def _mixed(xs: Sequence[Any]) -> list[Any]:
    """Sequence members as object arrays when any member is traced (numpy would
    otherwise keep a float array's dtype and refuse nodes)."""
    return [_nodes(x) for x in xs] if any(_has_traced(x) for x in xs) else list(xs)


def _clip(a: Any, a_min: Any = None, a_max: Any = None, out: Any = None, **kw: Any) -> Traced:
    x = _nodes(a)
    if a_min is not None:
        x = _elementwise("max", x, a_min).a
    if a_max is not None:
        x = _elementwise("min", x, a_max).a
    return Traced(x)


def _where(cond: Any, x: Any = None, y: Any = None) -> Traced:
    if x is None or y is None:
        raise TraceError("np.where(condition) with one argument cannot be traced")
    return _elementwise("where", cond, x, y)


def _structural(func: Callable[..., Any]) -> Callable[..., Any]:
    """A numpy function that only moves, selects or adds elements: run it on the
    object arrays (numpy's object loops add nodes with ``+``)."""

    def run(*args: Any, **kwargs: Any) -> Any:
        if func in (np.stack, np.concatenate, np.vstack, np.hstack, np.column_stack):
            args = (_mixed(args[0]), *args[1:])
        if func in (np.sum, np.prod, np.cumsum):
            kwargs.pop("dtype", None)  # an object array's sum of nodes has no float dtype
        return _wrap(func(*_unwrap(args), **{k: _unwrap(v) for k, v in kwargs.items()}))

    return run


def _zeros_like(a: Any, dtype: Any = None, **kw: Any) -> Traced:
    return Traced(_nodes(np.zeros(np.shape(_unwrap(a)))))


def _ones_like(a: Any, dtype: Any = None, **kw: Any) -> Traced:
    return Traced(_nodes(np.ones(np.shape(_unwrap(a)))))


def _full_like(a: Any, fill_value: Any, dtype: Any = None, **kw: Any) -> Traced:
    return Traced(np.broadcast_to(_nodes(fill_value), np.shape(_unwrap(a))).copy())


def _refuse(name: str) -> Callable[..., Any]:
    def run(*args: Any, **kwargs: Any) -> Any:
        raise TraceError(f"np.{name} on a traced value cannot be compiled (it needs a Python bool)")

    return run


_FUNCTIONS: dict[Any, Callable[..., Any]] = {
    np.where: _where,
    np.clip: _clip,
    np.interp: _interp,
    np.zeros_like: _zeros_like,
    np.ones_like: _ones_like,
    np.full_like: _full_like,
    np.any: _refuse("any"),
    np.all: _refuse("all"),
    np.array_equal: _refuse("array_equal"),
    np.allclose: _refuse("allclose"),
    np.isclose: lambda a, b, rtol=1e-5, atol=1e-8, equal_nan=False: _elementwise(
        "le",
        _elementwise("abs", _elementwise("sub", a, b)),
        _elementwise("add", atol, _elementwise("mul", rtol, _elementwise("abs", b))),
    ),
}


class Traced(np.lib.mixins.NDArrayOperatorsMixin):
    """An array of recorded scalars with numpy's shape semantics (indexing, broadcasting,
    reshaping run on an object array of :class:`Node`)."""

    __slots__ = ("a",)
    __array_priority__ = 1000

    def __init__(self, a: Array) -> None:
        self.a = a

    # -- what arrays have ----------------------------------------------------------
    @property
    def shape(self) -> tuple[int, ...]:
        return self.a.shape

    @property
    def ndim(self) -> int:
        return self.a.ndim

    @property
    def size(self) -> int:
        return self.a.size

    @property
    def dtype(self) -> np.dtype:
        return np.dtype(float)

    @property
    def T(self) -> Traced:
        return Traced(self.a.T)

    def __len__(self) -> int:
        return len(self.a)

    def __iter__(self) -> Any:
        return (
            Traced(np.asarray(x, dtype=object)) if not isinstance(x, np.ndarray) else Traced(x)
            for x in self.a
        )

    def __getitem__(self, key: Any) -> Traced:
        if _has_traced(key):
            raise TraceError("indexing with a traced value (a per-sample index) cannot be compiled")
        out = self.a[key]
        return Traced(
            out if isinstance(out, np.ndarray) else np.asarray(out, dtype=object).reshape(())
        )

    def __setitem__(self, key: Any, value: Any) -> None:
        if _has_traced(key):
            raise TraceError("indexing with a traced value (a per-sample index) cannot be compiled")
        self.a[key] = _nodes(value)

    def __array__(self, dtype: Any = None, copy: Any = None) -> Array:
        if dtype is not None and np.dtype(dtype) != object:
            raise TraceError(
                "an equation converts a traced value to a float array (np.asarray(x, dtype=float) "
                "or assigning it into a float array); use np.reshape/np.broadcast_to or build "
                "arrays with np.zeros_like"
            )
        return self.a

    def reshape(self, *shape: Any, **kw: Any) -> Traced:
        return Traced(self.a.reshape(*shape, **kw))

    def ravel(self) -> Traced:
        return Traced(self.a.ravel())

    def flatten(self) -> Traced:
        return Traced(self.a.flatten())

    def copy(self) -> Traced:
        return Traced(self.a.copy())

    def transpose(self, *axes: Any) -> Traced:
        return Traced(self.a.transpose(*axes))

    def squeeze(self, axis: Any = None) -> Traced:
        return Traced(self.a.squeeze(axis))

    def astype(self, dtype: Any, **kw: Any) -> Traced:
        kind = np.dtype(dtype).kind
        if kind == "f":
            return self
        if kind == "b":
            return _elementwise("ne", self, 0.0)
        raise TraceError(f"astype({dtype}) on a traced value cannot be compiled")

    def sum(self, axis: Any = None, **kw: Any) -> Any:
        return _wrap(np.sum(self.a, axis=axis, **kw))

    def prod(self, axis: Any = None, **kw: Any) -> Any:
        return _wrap(np.prod(self.a, axis=axis, **kw))

    def __bool__(self) -> bool:
        raise TraceError(
            "an equation uses a traced array as a Python bool (an `if` on a value); "
            "use np.where instead"
        )

    def __float__(self) -> float:
        raise TraceError("an equation converts a traced value to a Python number")

    # -- numpy protocols -------------------------------------------------------------
    def __array_ufunc__(self, ufunc: Any, method: str, *inputs: Any, **kwargs: Any) -> Any:
        out = kwargs.pop("out", None)
        if kwargs.get("where", True) is not True:
            raise TraceError(f"{ufunc.__name__}(where=...) cannot be traced")
        kwargs.pop("where", None)
        if method == "__call__" and ufunc is np.square:
            result = _elementwise("mul", inputs[0], inputs[0])
        elif method == "__call__":
            if ufunc not in _UFUNC_OP:
                raise TraceError(f"np.{ufunc.__name__} is not supported in compiled equations")
            op = _UFUNC_OP[ufunc]
            result = Traced(_nodes(inputs[0]).copy()) if op is None else _elementwise(op, *inputs)
        elif method == "reduce" and ufunc in (np.add, np.multiply, np.maximum, np.minimum):
            arr = _nodes(inputs[0])
            axis = kwargs.get("axis", 0)
            keepdims = kwargs.get("keepdims", False)
            if ufunc in (np.add, np.multiply):
                red = (np.add if ufunc is np.add else np.multiply).reduce(
                    arr, axis=axis, keepdims=keepdims
                )
            else:
                op = "max" if ufunc is np.maximum else "min"
                red = _reduce_pairwise(arr, axis, op, keepdims)
            result = _wrap(red) if not isinstance(red, Traced) else red
        else:
            raise TraceError(f"np.{ufunc.__name__}.{method} is not supported in compiled equations")
        if out is not None:
            (target,) = out
            if not isinstance(target, Traced):
                raise TraceError(
                    f"np.{ufunc.__name__}(out=...) into a float array cannot be traced"
                )
            target.a[...] = _nodes(result)
            return target
        return result

    def __array_function__(self, func: Any, types: Any, args: Any, kwargs: Any) -> Any:
        handler = _FUNCTIONS.get(func)
        if handler is not None:
            return handler(*args, **kwargs)
        return _structural(func)(*args, **kwargs)


def _reduce_pairwise(arr: Array, axis: int, op: str, keepdims: bool) -> Traced:
    moved = np.moveaxis(arr, axis, -1)
    acc = moved[..., 0]
    for k in range(1, moved.shape[-1]):
        acc = _elementwise(op, acc, moved[..., k]).a
    out = np.asarray(acc, dtype=object)
    if keepdims:
        out = np.expand_dims(out, axis)
    return Traced(out)


# -- tracing a function ---------------------------------------------------------------


class tracing:
    """Context manager: record onto ``tape`` inside the block."""

    def __init__(self, tape: Tape) -> None:
        self.tape = tape
        self._previous: Tape | None = None

    def __enter__(self) -> Tape:
        global _TAPE
        self._previous, _TAPE = _TAPE, self.tape
        return self.tape

    def __exit__(self, *exc: Any) -> None:
        global _TAPE
        _TAPE = self._previous


def inputs(tape: Tape, kind: str, shape: tuple[int, ...], start: int = 0) -> Traced:
    """A traced array of fresh inputs ``kind[start], kind[start + 1], ...`` (row-major)."""
    size = int(np.prod(shape)) if shape else 1
    out = np.empty(size, dtype=object)
    for k in range(size):
        out[k] = Node(tape.input(kind, start + k))
    return Traced(out.reshape(shape))


def node_ids(value: Any, shape: tuple[int, ...]) -> list[int]:
    """The node of each element of ``value`` broadcast to ``shape`` (row-major)."""
    arr = _nodes(value)
    try:
        arr = np.broadcast_to(arr, shape)
    except ValueError:
        raise TraceError(f"a value of shape {arr.shape} where {shape} was expected") from None
    return [x.i for x in arr.reshape(-1)]
