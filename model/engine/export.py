"""Export a structure with one parameter set to a Vensim ``.mdl`` model that PySD (and
Vensim) can open and run.

Every equation is traced on its own (:mod:`model.engine.trace`): the other variables it
reads, the parameters, the clock and the time step are named inputs, so the exported
model has the same variables as ours, each with its equation written as a Vensim
expression:

* a stock is ``INTEG(inflows - outflows, initial value)``, a flow and an auxiliary are
  plain equations, and a parameter is a constant with its value in the parameter set;
  units are the variables' units, the comment says what kind of variable it is and its
  long name (a flow: also from which stock to which);
* a variable with dimensions (``region``, ``line``, ...) becomes one scalar variable per
  element, named ``name element``: ``people[zuid]`` is ``people zuid``, with every
  character of the label other than a letter or a digit written ``_`` (line ``2.1.a``
  is ``2_1_a``); a parameter array without declared dims is numbered (``name 0``).
  :func:`vensim_names` gives a variable's names. Flat scalars rather than Vensim
  subscripts: an element's equation may differ from its neighbour's (the trace resolves
  every index), and PySD runs scalars without xarray;
* numpy's operations become Vensim's functions: ``MAX``, ``MIN``, ``IF THEN ELSE`` (the
  comparison, ``:AND:``, ``:OR:`` and ``:NOT:`` in its condition), ``EXP``, ``LN``,
  ``SQRT``, ``ABS``, lookup tables (linear, flat beyond their ends, as ``np.interp``),
  and ``INTEGER``, which truncates toward zero: ``floor(x)`` is written
  ``INTEGER(x) - IF THEN ELSE(x < INTEGER(x), 1, 0)``, right for negative numbers too.
  Brackets follow the trace, so that PySD adds and multiplies in numpy's order;
* the clock: our ``t`` and ``t_step`` (the start of the step: the same under Euler,
  the only method PySD has) are :data:`CLOCK`, ``INITIAL TIME + k TIME STEP`` at step
  ``k`` as our time axis counts it (PySD's ``Time`` adds ``TIME STEP`` every step and so
  drifts by round-off, which moves a switch at the start of a year by one step); ``dt``
  is ``TIME STEP``; the time in an initial value or a constant auxiliary is
  ``INITIAL TIME``.

Known difference (:data:`KNOWN_DIFFERENCE`, also in the file's header): our engine
limits the outflows of non-negative stocks so that a step never takes more than a
stock holds (:func:`model.engine.integrate._advance`); Vensim's and PySD's ``INTEG`` do
not. Where the limiter binds, the exported model lets the stock go below zero and
everything downstream follows (:meth:`MdlModel.downstream`). Without the limiter
(:func:`without_outflow_limits`) PySD reproduces the numpy engine's Euler run to
round-off (1e-13 on the Limburg baseline). With it, on the baseline's plan, the limiter
binds in four stocks and 42 of the 942 exported variables differ, all downstream of
those: every indicator agrees at the end of 2027, and in December 2030
``continued_area_approaches`` is 0.69 in the engine and -0.07 in PySD, while
``liveability_index``, ``residents_feel_at_home`` and ``neighbour_contact`` differ by
1e-5 relative or less. ``tests/engine/test_export.py`` checks both.

Why Vensim's ``.mdl`` and not XMILE: PySD's Vensim translator is its main one (its
documentation warns that the XMILE translator lags behind, for want of XMILE users
among its developers), and it reads every construct written here. XMILE's
``<non_negative/>`` would not remove the difference either: PySD implements it by
clamping the stock at zero after each step (``NonNegativeInteg``), so the outflow
still arrives in full downstream and material is created, which our limiter prevents.

:func:`pysd_model` loads an exported file in PySD and :func:`run_pysd` runs it once for
one parameter set, the way PySD's users run a model (the benchmark times it);
:meth:`MdlModel.arrays` turns PySD's output into our variables.
"""

from __future__ import annotations

import dataclasses
import itertools
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

import numpy as np

from model.engine.integrate import Context, _shape
from model.engine.structure import Structure, StructureError
from model.engine.timeaxis import TimeAxis
from model.engine.trace import Tape, TraceError, inputs, node_ids, tracing

Array = np.ndarray

KNOWN_DIFFERENCE = (
    "Known difference: the samenleven engine limits the outflows of a non-negative stock "
    "so that a time step never takes more than the stock holds plus what flows in during "
    "the step; INTEG in Vensim and PySD does not, so where that limit binds this model "
    "lets the stock go below zero, and what depends on it differs."
)
"""The one way the exported model differs from the engine by design (in the file's header)."""

CLOCK = "time on grid"
"""The exported clock: ``INITIAL TIME + k TIME STEP`` at step ``k``, as the engine's."""

RESERVED = ("time", "initial_time", "final_time", "time_step", "saveper")
"""Vensim's control variables: no exported name may be one of them."""


class ExportError(StructureError):
    """A structure cannot be written as a Vensim model: an operation or value without a
    Vensim equivalent, or two names that Vensim would read as one."""


# -- names -----------------------------------------------------------------------------


def _label(x: Any) -> str:
    """An element label as a part of a Vensim name: letters, digits and ``_``."""
    return re.sub(r"[^0-9A-Za-z]+", "_", str(x)).strip("_") or "_"


def _flat(name: str, labels: Sequence[Sequence[Any]]) -> list[str]:
    """``name label...`` for every element, row-major."""
    if not labels:
        return [name]
    return [" ".join([name, *map(_label, combo)]) for combo in itertools.product(*labels)]


def _variables(structure: Structure) -> dict[str, Any]:
    return {**structure.stocks, **structure.flows, **structure.auxiliaries}


def vensim_names(structure: Structure, name: str) -> list[str]:
    """The exported names of the elements of the variable ``name``, row-major over its
    dims (one name for a variable without dims).

    Examples
    --------
    >>> s = Structure("x", coords={"region": ["zuid", "noord_midden"]})
    >>> s.stock("people", units="persons", long_name="people", dims=("region",))
    >>> vensim_names(s, "people")
    ['people zuid', 'people noord_midden']
    """
    var = _variables(structure)[name]
    return _flat(name, [structure.coords[d] for d in var.dims])


def _param_labels(structure: Structure, name: str, shape: tuple[int, ...]) -> list[Sequence[Any]]:
    """A parameter's element labels: its lever's dims where they fit its shape, else
    positions; axes of length 1 (the sample axis) are left out."""
    sizes = [d for d in shape if d != 1]
    lever = structure.levers.get(name)
    if lever is not None:
        coords: list[Sequence[Any]] = [structure.coords[d] for d in lever.dims]
        if [len(c) for c in coords] == sizes:
            return coords
    return [range(d) for d in sizes]


def _canonical(name: str) -> str:
    """A name as Vensim compares names: case, and spaces against ``_``, do not count."""
    return re.sub(r"[\s_]+", "_", name.strip().lower())


def _check_names(names: Iterable[str], structure_name: str) -> None:
    seen: dict[str, str] = {}
    for name in names:
        key = _canonical(name)
        if key in RESERVED:
            raise ExportError(
                f"{structure_name}: '{name}' is the name of a Vensim control variable; "
                f"allowed: any name but {', '.join(RESERVED)}"
            )
        if key in seen:
            raise ExportError(
                f"{structure_name}: '{seen[key]}' and '{name}' are one name in Vensim "
                "(which ignores case and reads '_' as a space); allowed: names that differ otherwise"
            )
        seen[key] = name


# -- the exported model ---------------------------------------------------------------


@dataclass(frozen=True)
class MdlModel:
    """An exported model: the ``.mdl`` text and where our names went.

    Attributes
    ----------
    text : str
        The Vensim model.
    variables : dict of str to list of str
        Each stock, flow and auxiliary -> the exported names of its elements (row-major).
    shapes : dict of str to tuple of int
        Each variable's dims' lengths (``()`` for a scalar).
    parameters : dict of str to list of str
        Each parameter the equations read -> the exported constants of its elements.
    reads : dict of str to set of str
        Each exported variable -> the exported variables its equation reads (a stock's:
        its flows and what its initial value reads).
    """

    text: str
    variables: dict[str, list[str]]
    shapes: dict[str, tuple[int, ...]]
    parameters: dict[str, list[str]]
    reads: dict[str, set[str]] = field(repr=False)

    def downstream(self, names: Iterable[str]) -> set[str]:
        """The exported variables ``names`` and every one whose equation reads one of
        them, directly or through others."""
        readers: dict[str, set[str]] = {}
        for reader, read in self.reads.items():
            for x in read:
                readers.setdefault(x, set()).add(reader)
        found = set(names)
        todo = list(found)
        while todo:
            for reader in readers.get(todo.pop(), ()):
                if reader not in found:
                    found.add(reader)
                    todo.append(reader)
        return found

    def arrays(self, frame: Any) -> dict[str, Array]:
        """PySD's output (:func:`run_pysd`) as our variables: name -> array of shape
        ``(time, *dims)``."""
        n = len(frame)
        return {
            name: np.column_stack([frame[x].to_numpy(dtype=float) for x in flat]).reshape(
                n, *self.shapes[name]
            )
            for name, flat in self.variables.items()
        }


def without_outflow_limits(structure: Structure) -> Structure:
    """A copy of ``structure`` in which every stock may go below zero: the model as
    Vensim's and PySD's ``INTEG`` integrate it (the engine then limits no outflow)."""
    stocks = {k: dataclasses.replace(st, non_negative=False) for k, st in structure.stocks.items()}
    return dataclasses.replace(structure, stocks=stocks)


@dataclass
class _Inputs:
    """The named inputs of the traces: input ``(kind, k)`` is ``names[kind][k]``."""

    names: dict[str, list[str]]
    starts: dict[str, int]  # a variable's first input
    shapes: dict[str, tuple[int, ...]]  # a variable's shape for one sample
    param_starts: dict[str, int]  # a parameter's first input


class _ExportContext(Context):
    """A context in which every variable but the one being traced is a named input
    (``V``), so that each equation is traced on its own and reads its inputs by name."""

    def __init__(
        self,
        structure: Structure,
        params: Mapping[str, Any],
        dt: Any,
        current: str | None,
        named: _Inputs,
        tape: Tape,
    ) -> None:
        super().__init__(structure, params, 1, dt)
        self.current = current
        self.named = named
        self.tape = tape

    def __missing__(self, name: str) -> Any:
        if name != self.current and name in self.named.starts:
            value = self[name] = inputs(
                self.tape, "V", self.named.shapes[name], self.named.starts[name]
            )
            return value
        return super().__missing__(name)


@dataclass(frozen=True)
class _Trace:
    tape: Tape
    ids: list[int]
    numeric_dt: bool  # the equation needed the step as a number (not TIME STEP)


def _trace(
    structure: Structure,
    spec: Mapping[str, tuple[int, ...]],
    named: _Inputs,
    current: str | None,
    run: Callable[[Context], Any],
    shape: tuple[int, ...],
    *,
    initial: bool,
    dt: float,
) -> _Trace:
    """Trace ``run(ctx)``, one equation or initial value, with every other variable, the
    parameters, the clock and the step as named inputs. The step is traced as ``TIME
    STEP``; an equation that needs it as a number is traced again with its value."""
    for symbolic in (True, False):
        tape = Tape()
        with tracing(tape):
            params = {
                name: inputs(tape, "P", shp, named.param_starts[name]) for name, shp in spec.items()
            }
            step: Any = inputs(tape, "dt", ()) if symbolic else dt
            ctx = _ExportContext(structure, params, step, current, named, tape)
            clock = inputs(tape, "t0" if initial else "t", ())
            ctx._reset({}, clock, clock)  # type: ignore[arg-type]
            try:
                ids = node_ids(run(ctx), shape)
            except TraceError as exc:
                if symbolic:
                    continue
                raise ExportError(
                    f"{structure.name}: the equation of '{current}' cannot be exported: {exc}"
                ) from None
        return _Trace(tape, ids, not symbolic)
    raise AssertionError("unreachable")  # pragma: no cover


# -- Vensim expressions -----------------------------------------------------------------

# precedence of what an expression is: an operand of lower precedence gets brackets
_ATOM, _POW, _MUL, _ADD, _NEG = 9, 7, 5, 4, 3
_INFIX = {"add": ("+", _ADD), "sub": ("-", _ADD), "mul": ("*", _MUL), "div": ("/", _MUL)}
_COMPARE = {"gt": ">", "ge": ">=", "lt": "<", "le": "<=", "eq": "=", "ne": "<>"}
_LOGICAL = {*_COMPARE, "and", "or", "not", "isnan", "isfinite"}
_CALL = {"exp": "EXP", "log": "LN", "sqrt": "SQRT", "abs": "ABS", "max": "MAX", "min": "MIN"}
_CALL.update({"fmax": "MAX", "fmin": "MIN"})
_CLOCK = {"t": CLOCK, "t0": "INITIAL TIME", "dt": "TIME STEP"}


def _number(x: float) -> tuple[str, int]:
    """A number as Vensim reads it back exactly (Python's shortest round-trip form)."""
    if not np.isfinite(x):
        raise ExportError(
            f"the value {x!r} has no Vensim equivalent; allowed: finite numbers "
            "(min(x, inf) and max(x, -inf) are written as x)"
        )
    text = repr(float(x))
    return (text, _NEG) if text.startswith("-") else (text, _ATOM)


class _Writer:
    """Vensim expressions of the nodes of one tape."""

    def __init__(self, tape: Tape, names: Mapping[str, list[str]], table: Callable[[int], str]):
        self.tape = tape
        self.names = names
        self.table = table
        self.memo: dict[int, tuple[str, int]] = {}
        self.read: set[str] = set()  # the variables the expressions written so far read

    def text(self, i: int, at_least: int = 0) -> str:
        """Node ``i`` as a number, in brackets when its precedence is below ``at_least``."""
        got = self.memo.get(i)
        if got is None:
            got = self.memo[i] = self._value(i)
        text, prec = got
        return text if prec >= at_least else f"({text})"

    def _value(self, i: int) -> tuple[str, int]:
        op = self.tape.ops[i]
        kind, args = op[0], op[1:]
        if kind == "const":
            return _number(op[1])
        if kind == "in":
            if op[1] in _CLOCK:
                return _CLOCK[op[1]], _ATOM
            name = self.names[op[1]][op[2]]
            if op[1] == "V":
                self.read.add(name)
            return name, _ATOM
        if kind == "interp":
            return f"{self.table(op[2])}({self.text(args[0])})", _ATOM
        if kind in _INFIX:
            symbol, prec = _INFIX[kind]
            # the right operand in brackets at equal precedence: float arithmetic is not
            # associative, so a + (b + c) stays as the trace has it
            return f"{self.text(args[0], prec)} {symbol} {self.text(args[1], prec + 1)}", prec
        if kind == "pow":
            return f"{self.text(args[0], _ATOM)} ^ {self.text(args[1], _ATOM)}", _POW
        if kind == "neg":
            return f"-{self.text(args[0], _ATOM)}", _NEG
        if kind in ("max", "min", "fmax", "fmin"):
            # min(x, inf) and max(x, -inf) are x (nan too): Vensim has no infinity
            neutral = np.inf if kind in ("min", "fmin") else -np.inf
            a, b = (self.tape.values[x] for x in args)
            if a == neutral or b == neutral:
                return self._value(args[1] if a == neutral else args[0])
        if kind in _CALL:
            return f"{_CALL[kind]}({', '.join(self.text(a) for a in args)})", _ATOM
        if kind in _LOGICAL:
            return f"IF THEN ELSE({self.condition(i)}, 1, 0)", _ATOM
        if kind == "where":
            c, x, y = args
            return f"IF THEN ELSE({self.condition(c)}, {self.text(x)}, {self.text(y)})", _ATOM
        return self._derived(kind, args)

    def _derived(self, kind: str, args: tuple[Any, ...]) -> tuple[str, int]:
        """Operations Vensim writes with more than one function."""
        if kind == "expm1":
            return f"EXP({self.text(args[0])}) - 1", _ADD
        if kind == "log1p":
            return f"LN(1 + {self.text(args[0], _ADD + 1)})", _ATOM
        if kind == "floor":
            return _floor(self.text(args[0])), _ADD
        if kind == "ceil":
            x = self.text(args[0])
            return f"INTEGER({x}) + IF THEN ELSE({x} > INTEGER({x}), 1, 0)", _ADD
        if kind == "floordiv":
            return _floor(f"{self.text(args[0], _MUL)} / {self.text(args[1], _MUL + 1)}"), _ADD
        if kind == "mod":  # numpy's: the sign of the divisor, a - b floor(a / b)
            a, b = args
            quotient = _floor(f"{self.text(a, _MUL)} / {self.text(b, _MUL + 1)}")
            return f"{self.text(a, _ADD)} - {self.text(b, _MUL)} * ({quotient})", _ADD
        if kind == "sign":
            x = self.text(args[0])
            return f"IF THEN ELSE({x} > 0, 1, IF THEN ELSE({x} < 0, -1, 0))", _ATOM
        raise ExportError(f"the operation {kind!r} has no Vensim equivalent")

    def condition(self, i: int) -> str:
        """Node ``i`` as a Vensim condition: true where the value is not 0."""
        op = self.tape.ops[i]
        kind, args = op[0], op[1:]
        if kind in _COMPARE:
            return f"{self.text(args[0], _ADD)} {_COMPARE[kind]} {self.text(args[1], _ADD)}"
        if kind in ("and", "or"):
            word = ":AND:" if kind == "and" else ":OR:"
            return f"({self.condition(args[0])}) {word} ({self.condition(args[1])})"
        if kind == "not":
            return f":NOT: ({self.condition(args[0])})"
        if kind == "isnan":
            x = self.text(args[0], _ADD)
            return f"{x} <> {x}"
        if kind == "isfinite":  # nan compares false, as np.isfinite(nan) is false
            return f"ABS({self.text(args[0])}) <= 1.7976931348623157e+308"
        return f"{self.text(i, _ADD)} <> 0"


def _floor(x: str) -> str:
    # INTEGER truncates toward zero: one less for a negative number that is not whole
    return f"INTEGER({x}) - IF THEN ELSE({x} < INTEGER({x}), 1, 0)"


# -- writing the file -------------------------------------------------------------------


def _comment(text: str) -> str:
    """Text that may stand in a comment (no ``~`` or ``|``, one line)."""
    return " ".join(re.sub(r"[~|]", "-", str(text)).split())


def _units(text: str) -> str:
    """Units as Vensim reads them: without ``[...]`` (its range syntax), ``~`` or ``|``."""
    return re.sub(r"[\[\]~|]", "", str(text)).strip() or "1"


def _entry(name: str, equation: str, units: str, comment: str, *, raw_units: bool = False) -> str:
    units = units if raw_units else _units(units)
    return f"{name} =\n\t{equation}\n\t~\t{units}\n\t~\t{_comment(comment)}\n\t|\n"


def _group(name: str, comment: str) -> str:
    stars = "*" * 56
    return f"{stars}\n\t.{name}\n{stars}~\n\t\t{_comment(comment)}\n\t|\n"


def _control(axis: TimeAxis) -> str:
    return "".join(
        [
            _group("Control", "Simulation Control Parameters"),
            _entry(
                "FINAL TIME", repr(float(axis.years[-1])), "Year", "The final time (decimal year)."
            ),
            _entry(
                "INITIAL TIME", repr(float(axis.t0)), "Year", "The initial time (decimal year)."
            ),
            _entry(
                "SAVEPER", "TIME STEP", "Year [0,?]", "How often output is stored.", raw_units=True
            ),
            _entry(
                "TIME STEP", repr(float(axis.dt)), "Year [0,?]", "The time step.", raw_units=True
            ),
            _entry(
                CLOCK,
                "INITIAL TIME + INTEGER((Time - INITIAL TIME) / TIME STEP + 0.5) * TIME STEP",
                "Year",
                "The time of the current step on the grid INITIAL TIME + k TIME STEP, as the "
                "samenleven engine counts it: Time itself is the sum of the steps so far, "
                "which drifts by round-off (a twelfth of a year is not exact in binary: after "
                "48 monthly steps Time is 2027.9999999999964, not 2028), so that an equation "
                "comparing the time with the start of a year would switch one step late.",
            ),
        ]
    )


def export_mdl(
    structure: Structure,
    params: Mapping[str, Any],
    *,
    time: TimeAxis | None = None,
    title: str = "",
    parameter_info: Mapping[str, tuple[str, str]] | None = None,
) -> MdlModel:
    """Write ``structure`` with one parameter set as a Vensim model.

    Parameters
    ----------
    structure : Structure
        The model.
    params : mapping of str to float or array
        One parameter set, as :func:`model.engine.simulate` takes it for one sample (an
        array may have a leading sample axis of length 1).
    time : TimeAxis, optional
        The simulation clock (default 2024-01 to 2030-12, monthly).
    title : str
        What the file's header says the model is.
    parameter_info : mapping of str to (units, description), optional
        The parameters' units and descriptions (the structure's levers have their own).

    Returns
    -------
    MdlModel
        The ``.mdl`` text and the exported names of every variable and parameter.

    Raises
    ------
    ExportError
        An equation uses an operation or a value Vensim has no equivalent for, or two
        names would be one name in Vensim.

    Examples
    --------
    >>> s = Structure("decay")
    >>> s.stock("x", units="1", long_name="amount", initial=1.0)
    >>> s.flow("loss", units="1/yr", long_name="loss", source="x", rate=lambda v: v["x"] * v.p["k"])
    >>> mdl = export_mdl(s, {"k": 0.5})
    >>> print(mdl.text.split("x =")[1].split("~")[0].strip())
    INTEG(-loss, 1.0)
    >>> print(mdl.text.split("loss =")[1].split("~")[0].strip())
    x * k
    """
    axis = time or TimeAxis()
    # one sample: every value is seen whole (model.engine.integrate._slice_params)
    spec = {k: tuple(np.shape(v)) for k, v in params.items()}
    info = dict(parameter_info or {})
    variables = _variables(structure)

    names: dict[str, list[str]] = {"V": [], "P": []}
    starts: dict[str, int] = {}
    shapes: dict[str, tuple[int, ...]] = {}
    flat: dict[str, list[str]] = {}
    for name in variables:
        shapes[name] = _shape(variables[name], structure, 1)
        starts[name] = len(names["V"])
        flat[name] = vensim_names(structure, name)
        names["V"] += flat[name]
    flat_params: dict[str, list[str]] = {}
    param_starts: dict[str, int] = {}
    for name, shape in spec.items():
        param_starts[name] = len(names["P"])
        flat_params[name] = _flat(name, _param_labels(structure, name, shape))
        names["P"] += flat_params[name]
    named = _Inputs(names, starts, shapes, param_starts)
    param_of = [name for name in spec for _ in flat_params[name]]

    traces: dict[str, _Trace] = {}
    initials: dict[str, _Trace] = {}
    for name, var in variables.items():
        if name in structure.stocks:
            initials[name] = _trace(
                structure,
                spec,
                named,
                None,
                partial(_initial_value, var.initial),
                shapes[name],
                initial=True,
                dt=axis.dt,
            )
        else:
            constant = name in structure.auxiliaries and var.constant
            traces[name] = _trace(
                structure,
                spec,
                named,
                name,
                partial(_lookup, name),
                shapes[name],
                initial=constant,  # computed once, at the initial time
                dt=axis.dt,
            )

    tables = _Tables()
    inflows: dict[str, list[str]] = {}
    outflows: dict[str, list[str]] = {}
    for name, fl in structure.flows.items():
        if fl.target is not None:
            inflows.setdefault(fl.target, []).append(name)
        if fl.source is not None:
            outflows.setdefault(fl.source, []).append(name)

    body: list[str] = []
    reads: dict[str, set[str]] = {}
    used: set[str] = set()  # parameters the equations read
    for name, var in variables.items():
        stock = name in structure.stocks
        tr = initials[name] if stock else traces[name]
        for i in tr.tape.reachable(tr.ids):
            op = tr.tape.ops[i]
            if op[0] == "in" and op[1] == "P":
                used.add(param_of[op[2]])
        kind = "Stock" if stock else "Flow" if name in structure.flows else "Auxiliary"
        note = ""
        if stock and var.non_negative:
            note = " Never below zero in the samenleven engine, which limits its outflows."
        elif name in structure.flows:
            note = f" From {var.source or 'outside'} to {var.target or 'outside'}."
        elif name in structure.auxiliaries and var.constant:
            note = " Constant: computed once, at the initial time."
        if tr.numeric_dt:
            note += f" Written for TIME STEP = {axis.dt!r} (the equation needs it as a number)."
        for k, element in enumerate(flat[name]):
            writer = _Writer(tr.tape, names, partial(tables.name, tr.tape, element))
            value = writer.text(tr.ids[k])
            if stock:
                plus = [flat[f][k] for f in inflows.get(name, [])]
                minus = [flat[f][k] for f in outflows.get(name, [])]
                writer.read.update(plus + minus)
                value = f"INTEG({_net(plus, minus)}, {value})"
            reads[element] = writer.read
            body.append(_entry(element, value, var.units, f"{kind}: {var.long_name}.{note}"))

    constants: list[str] = []
    for name in (k for k in spec if k in used):
        values = np.broadcast_to(np.asarray(params[name], dtype=float), spec[name]).reshape(-1)
        units, description = info.get(name) or _lever_info(structure, name)
        for element, x in zip(flat_params[name], values.tolist(), strict=True):
            constants.append(_entry(element, _num(x), units, f"Parameter: {description}."))

    _check_names(
        [
            *names["V"],
            *(x for k in spec if k in used for x in flat_params[k]),
            *tables.names.values(),
            CLOCK,
        ],
        structure.name,
    )
    header = _group(
        "samenleven",
        f"{title or structure.name}. Written by samenleven (model.engine.export) from the "
        "declared equations, with one parameter set; a variable with dimensions is one "
        f"variable per element (name element). {KNOWN_DIFFERENCE}",
    )
    text = "".join(
        [
            "{UTF-8}\n",
            header,
            *body,
            *tables.text,
            *constants,
            _control(axis),
            "\\\\\\---/// Sketch information - do not modify anything except names\n"
            "V300  Do not put anything below this section - it will be ignored\n",
        ]
    )
    return MdlModel(
        text,
        flat,
        {k: v[1:] for k, v in shapes.items()},
        {k: v for k, v in flat_params.items() if k in used},
        reads,
    )


class _Tables:
    """The lookup tables of the exported model, each named after the first variable
    that uses it."""

    def __init__(self) -> None:
        self.names: dict[tuple[Any, ...], str] = {}
        self.text: list[str] = []

    def name(self, tape: Tape, owner: str, k: int) -> str:
        """The name of table ``k`` of ``tape``, written the first time it is asked for."""
        key = tape.tables[k]
        if key not in self.names:
            name = self.names[key] = f"{owner} table {len(self.names) + 1}"
            xs, ys = key
            points = ",".join(f"({_num(x)},{_num(y)})" for x, y in zip(xs, ys, strict=True))
            bounds = f"[({_num(min(xs))},{_num(min(ys))})-({_num(max(xs))},{_num(max(ys))})]"
            comment = f"Lookup of {_comment(owner)}: linear, flat beyond its ends."
            self.text.append(f"{name}(\n\t{bounds},{points})\n\t~\t1\n\t~\t{comment}\n\t|\n")
        return self.names[key]


def _num(x: float) -> str:
    return _number(x)[0]


def _net(plus: list[str], minus: list[str]) -> str:
    """A stock's net flow: inflows - outflows (0 without flows)."""
    net = " + ".join(plus)
    for m in minus:
        net = f"{net} - {m}" if net else f"-{m}"
    return net or "0"


def _initial_value(initial: Any, v: Context) -> Any:
    return initial(v) if callable(initial) else initial


def _lookup(name: str, v: Context) -> Any:
    return v[name]


def _lever_info(structure: Structure, name: str) -> tuple[str, str]:
    lever = structure.levers.get(name)
    return (lever.units, lever.long_name) if lever is not None else ("1", name)


# -- running it in PySD -----------------------------------------------------------------


def pysd_model(path: str | Path) -> Any:
    """The exported ``.mdl`` file at ``path`` loaded in PySD (``pysd.read_vensim``, which
    translates it to a Python file beside it; about 20 s for the Limburg model)."""
    import pysd

    return pysd.read_vensim(str(path))


def run_pysd(
    model: Any, params: Mapping[str, Any] | None = None, *, columns: Sequence[str] | None = None
) -> Any:
    """Run a model loaded with :func:`pysd_model` once, for one parameter set.

    Parameters
    ----------
    model : pysd.py_backend.model.Model
    params : mapping of str to float or array, optional
        Our parameter names and values, as :func:`model.engine.simulate` takes them for
        one sample: the exported constants of each parameter's elements are set to them
        before the run (PySD keeps them for later runs). Parameters that the exported
        equations do not read are not in the model and are skipped.
    columns : sequence of str, optional
        The exported variables to return (default: all).

    Returns
    -------
    pandas.DataFrame
        One row per time point, one column per exported variable; :meth:`MdlModel.arrays`
        turns it into our variables.
    """
    constants = _constants_of(model)
    values: dict[str, float] = {}
    for name, value in (params or {}).items():
        names = constants.get(name)
        if names is None:
            continue
        flat = np.asarray(value, dtype=float).reshape(-1)
        if flat.size != len(names):
            raise ExportError(
                f"parameter '{name}' has {flat.size} values; allowed: {len(names)}, as exported"
            )
        values.update(zip(names, flat.tolist(), strict=True))
    kwargs = {"return_columns": list(columns)} if columns is not None else {}
    return model.run(params=values, progress=False, **kwargs)


def _constants_of(model: Any) -> dict[str, list[str]]:
    """Our parameter name -> the exported constants of its elements (``name`` or ``name
    element...``, their comment starting with ``Parameter:``), in the order the file has
    them, which PySD's namespace keeps."""
    doc = model.doc
    ours = (doc["Type"] == "Constant") & doc["Comment"].str.startswith("Parameter:", na=False)
    constant = set(doc.loc[ours, "Real Name"])
    out: dict[str, list[str]] = {}
    for real in model.namespace:
        if real in constant:
            out.setdefault(str(real).split(" ")[0], []).append(str(real))
    return out
