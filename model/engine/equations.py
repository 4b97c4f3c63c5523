"""Named equations: one pure function per variable, its arguments naming its inputs.

A model's equations read like PySD's named components or OpenFisca's formulas::

    @aux(units="children", long_name="Kinderen die een bijdrage zouden aanvragen")
    def jeugdfonds_demand(p, jeugdfonds_eligible, jeugdfonds_awareness):
        \"\"\"Children whose families would apply.\"\"\"
        return jeugdfonds_eligible * jeugdfonds_awareness * p.jeugdfonds_take_up_if_aware

The function's name is the variable; each argument is another variable (stock, flow
or auxiliary) or one of the reserved inputs :data:`SPECIAL_INPUTS`: ``p`` (the
parameters, read as attributes), ``lever`` (the levers, apart from the uncertain
parameters), ``t`` (decimal year of this evaluation), ``t_step`` (start of the current
step, the same in every RK4 stage), ``dt`` (step, years) and ``n`` (samples).
:meth:`model.engine.Structure.validate` checks every argument and every ``p.<name>``
and ``lever.<name>`` against what exists, so a misspelt name fails when the model is
built, not during a run.

Equations are plain functions of numpy values (``np.minimum``, ``np.where``, ...), so
the same function runs in the numpy engine and can be compiled.
"""

from __future__ import annotations

import difflib
import dis
import inspect
import itertools
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from types import CodeType
from typing import Any

SPECIAL_INPUTS = ("p", "lever", "t", "t_step", "dt", "n")
"""Argument names that are not variables: parameters, levers and the clock."""

SPECIAL_KEY = {name: f"@{name}" for name in SPECIAL_INPUTS}
"""Where the evaluation context holds each reserved input (a key no variable can have)."""

CONTEXT_ARGUMENT = "v"
"""A function whose only argument is ``v`` receives the evaluation context itself (the
engine's low-level form, used by its own building blocks)."""


@dataclass(frozen=True)
class Equation:
    """A variable's equation: its function, inputs and declaration (units, long name).

    Made by :func:`aux` and :func:`flow`; declared on a structure with
    :meth:`model.engine.Structure.add`. Calling it calls the function.
    """

    name: str
    kind: str  # "aux" or "flow"
    func: Callable[..., Any]
    units: str
    long_name: str
    dims: tuple[str, ...] = ()
    source: str | None = None
    target: str | None = None
    record: bool = True
    constant: bool = False
    held: bool = False
    attrs: Mapping[str, Any] = field(default_factory=dict)

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return self.func(*args, **kwargs)

    @property
    def inputs(self) -> tuple[str, ...]:
        return inputs_of(self.func)


def aux(
    *,
    units: str,
    long_name: str,
    dims: Iterable[str] = (),
    record: bool = True,
    constant: bool = False,
    held: bool = False,
    attrs: Mapping[str, Any] | None = None,
    name: str | None = None,
) -> Callable[[Callable[..., Any]], Equation]:
    """Decorator: the function is the equation of the auxiliary of its name.

    ``constant=True`` for one that reads parameters and other constants only (computed
    once per run); ``held=True`` for one held over each step at its value at the step's
    start (see :meth:`model.engine.Structure.auxiliary`).

    Examples
    --------
    >>> @aux(units="1", long_name="half of x")
    ... def half(x):
    ...     return x / 2
    >>> half.name, half.inputs, half(3.0)
    ('half', ('x',), 1.5)
    """

    def declare(func: Callable[..., Any]) -> Equation:
        return Equation(
            name or func.__name__,
            "aux",
            func,
            units,
            long_name,
            tuple(dims),
            record=record,
            constant=constant,
            held=held,
            attrs=dict(attrs or {}),
        )

    return declare


def flow(
    *,
    units: str,
    long_name: str,
    source: str | None = None,
    target: str | None = None,
    dims: Iterable[str] = (),
    attrs: Mapping[str, Any] | None = None,
    name: str | None = None,
) -> Callable[[Callable[..., Any]], Equation]:
    """Decorator: the function is the rate of the flow of its name, from ``source`` to
    ``target`` (stock names; ``None`` is outside the model)."""

    def declare(func: Callable[..., Any]) -> Equation:
        return Equation(
            name or func.__name__,
            "flow",
            func,
            units,
            long_name,
            tuple(dims),
            source=source,
            target=target,
            attrs=dict(attrs or {}),
        )

    return declare


def inputs_of(func: Callable[..., Any]) -> tuple[str, ...]:
    """The argument names of an equation function (its inputs, in order); arguments
    with a default value (e.g. ``lambda v, i=i: ...``) are not inputs."""
    code = getattr(func, "__code__", None)
    if code is None:
        params = inspect.signature(func).parameters.values()
        return tuple(x.name for x in params if x.default is inspect.Parameter.empty)
    n = code.co_argcount - len(getattr(func, "__defaults__", None) or ())
    return tuple(code.co_varnames[:n])


def is_context_function(func: Callable[..., Any]) -> bool:
    """Whether ``func`` takes the evaluation context (``v``) rather than named inputs."""
    return inputs_of(func) == (CONTEXT_ARGUMENT,)


def as_rate(func: Callable[..., Any]) -> Callable[[Any], Any]:
    """A function of the evaluation context that calls ``func`` with its named inputs.

    The context is a dict of the values known in an evaluation, with the reserved
    inputs among them (under :data:`SPECIAL_KEY`), so each argument is one dict lookup.
    """
    if is_context_function(func):
        return func
    names = tuple(SPECIAL_KEY.get(x, x) for x in inputs_of(func))
    if not names:
        return lambda v: func()
    if len(names) == 1:
        (a,) = names
        return lambda v: func(v[a])
    if len(names) == 2:
        a, b = names
        return lambda v: func(v[a], v[b])
    return lambda v: func(*map(v.__getitem__, names))


def attributes_read(func: Callable[..., Any], argument: str) -> set[str]:
    """Attribute names read from the argument ``argument`` inside ``func`` (``p.x`` -> x),
    including inside nested functions and comprehensions, and inside the module's helper
    functions that ``func`` calls and that take an argument of the same name."""
    code = getattr(func, "__code__", None)
    if code is None or argument not in inputs_of(func):
        return set()
    return _attributes(code, argument, getattr(func, "__globals__", {}), set())


def _attributes(code: CodeType, argument: str, names: dict[str, Any], seen: set[int]) -> set[str]:
    found: set[str] = set()
    instructions = list(dis.get_instructions(code))
    for ins, nxt in itertools.pairwise(instructions):
        if (
            ins.opname in ("LOAD_FAST", "LOAD_DEREF", "LOAD_CLOSURE", "LOAD_FAST_CHECK")
            and ins.argval == argument
            and nxt.opname in ("LOAD_ATTR", "LOAD_METHOD")
        ):
            found.add(nxt.argval)
    for ins in instructions:
        helper = names.get(ins.argval) if ins.opname == "LOAD_GLOBAL" else None
        if inspect.isfunction(helper) and id(helper) not in seen:
            seen.add(id(helper))
            if argument in helper.__code__.co_varnames[: helper.__code__.co_argcount]:
                found |= _attributes(helper.__code__, argument, helper.__globals__, seen)
    for const in code.co_consts:
        if isinstance(const, CodeType) and (
            argument in const.co_freevars or argument in const.co_varnames
        ):
            found |= _attributes(const, argument, names, seen)
    return found


def close_to(name: str, known: Iterable[str]) -> str:
    """'; did you mean ...?' for the known names closest to ``name`` (or '')."""
    near = difflib.get_close_matches(name, list(known), n=3, cutoff=0.6)
    return f"; did you mean {', '.join(repr(x) for x in near)}?" if near else ""


class Values:
    """Named values read as attributes (``p.cost``), refusing names that do not exist.

    Examples
    --------
    >>> p = Values("parameter", {"cost": 2.0})
    >>> p.cost
    2.0
    >>> p.cots
    Traceback (most recent call last):
    ...
    AttributeError: unknown parameter 'cots'; did you mean 'cost'?
    """

    def __init__(self, kind: str, values: Mapping[str, Any]) -> None:
        self.__dict__.update(values)
        object.__setattr__(self, "_Values__kind", kind)

    def __getattr__(self, name: str) -> Any:
        # only called when the name is missing
        if name.startswith("__"):
            raise AttributeError(name)
        known = [k for k in self.__dict__ if not k.startswith("_Values")]
        raise AttributeError(f"unknown {self.__kind} '{name}'{close_to(name, known)}")

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"{self.__kind} values are read-only ('{name}')")
