"""Declarations: stocks, flows and auxiliaries, and Vensim-style delays and smooths
built from them. Nothing here evaluates anything; :mod:`model.engine.integrate` does."""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from model.engine.equations import (
    SPECIAL_INPUTS,
    Equation,
    as_rate,
    attributes_read,
    close_to,
    inputs_of,
    is_context_function,
)

Array = np.ndarray
Rate = Callable[..., Any]
"""A function of the evaluation context (:class:`model.engine.integrate.Context`)."""


class StructureError(ValueError):
    """A structure is declared inconsistently (unknown stock, duplicate name, cycle, shape)."""


@dataclass(frozen=True)
class _Var:
    name: str
    units: str
    long_name: str
    dims: tuple[str, ...]
    attrs: Mapping[str, Any]


@dataclass(frozen=True)
class _Stock(_Var):
    initial: Rate | float
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
    constant: bool = False
    held: bool = False


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
    levers: dict[str, _Var] = field(default_factory=dict)
    """Decision inputs (allocation, release plan, council levers): read by equations as
    ``lever.<name>``, apart from the uncertain parameters ``p.<name>``."""
    metadata: dict[str, Any] = field(default_factory=dict)
    """Free-form notes of the building blocks layered on the engine (e.g. variables that
    a block declares together at the end); the engine itself ignores them."""
    uses: list[tuple[str, Callable[..., Any] | None, tuple[str, ...]]] = field(default_factory=list)
    """(variable, named-input function or None, parameter names it reads by name): what
    :meth:`validate` checks."""

    # -- declaring -------------------------------------------------------------

    @property
    def names(self) -> set[str]:
        return set(self.stocks) | set(self.flows) | set(self.auxiliaries)

    def equation_function(self, owner: str, func: Any) -> Any:
        """A context function for ``func``; a named-input function is remembered for
        :meth:`validate` and wrapped (see :func:`model.engine.equations.as_rate`)."""
        if callable(func) and not is_context_function(func):
            self.uses.append((owner, func, ()))
            return as_rate(func)
        return func

    def reads_parameters(self, owner: str, *names: str) -> None:
        """Record that ``owner`` reads the parameters ``names`` (given by name, e.g. to a
        building block), so that :meth:`validate` checks that they exist."""
        self.uses.append((owner, None, tuple(names)))

    def lever(self, name: str, *, units: str, long_name: str, dims: Iterable[str] = ()) -> None:
        """Declare a lever: a decision input that equations read as ``lever.<name>``."""
        if name in self.levers:
            raise StructureError(f"{self.name}: lever '{name}' is declared twice")
        self.levers[name] = _Var(name, units, long_name, tuple(dims), {})

    def add(self, *equations: Equation) -> None:
        """Declare named equations (made by :func:`model.engine.aux` and :func:`model.engine.flow`)."""
        for eq in equations:
            if eq.kind == "flow":
                self.flow(
                    eq.name,
                    units=eq.units,
                    long_name=eq.long_name,
                    rate=eq.func,
                    source=eq.source,
                    target=eq.target,
                    dims=eq.dims,
                    attrs=eq.attrs,
                )
            else:
                self.auxiliary(
                    eq.name,
                    units=eq.units,
                    long_name=eq.long_name,
                    func=eq.func,
                    dims=eq.dims,
                    record=eq.record,
                    constant=eq.constant,
                    held=eq.held,
                    attrs=eq.attrs,
                )

    def parameters_read(self) -> set[str]:
        """Every parameter name the equations read (``p.<name>``, also inside the helpers
        they call) or the building blocks were given by name."""
        read: set[str] = set()
        for _owner, func, by_name in self.uses:
            read.update(by_name)
            if func is not None:
                read |= attributes_read(func, "p")
        return read

    def validate(self, parameters: Iterable[str]) -> None:
        """Check every named input against what exists: variables, the reserved inputs,
        ``parameters`` (for ``p.<name>``) and the declared levers (``lever.<name>``).

        Raises
        ------
        StructureError
            Naming each unknown name, the variable whose equation reads it, and the
            closest known names.
        """
        known_params = set(parameters)
        variables = self.names
        problems = []
        for owner, func, by_name in self.uses:
            if func is not None:
                for arg in inputs_of(func):
                    if arg not in variables and arg not in SPECIAL_INPUTS:
                        problems.append(
                            f"'{owner}' reads '{arg}', which is not a stock, flow or auxiliary"
                            f"{close_to(arg, variables)}"
                        )
                for attr in sorted(attributes_read(func, "p")):
                    if attr not in known_params:
                        problems.append(
                            f"'{owner}' reads parameter p.{attr}, which does not exist"
                            f"{close_to(attr, known_params)}"
                        )
                for attr in sorted(attributes_read(func, "lever")):
                    if attr not in self.levers:
                        problems.append(
                            f"'{owner}' reads lever.{attr}, which is not a declared lever"
                            f"{close_to(attr, self.levers)}"
                        )
            for name in by_name:
                if name not in known_params:
                    problems.append(
                        f"'{owner}' reads parameter '{name}', which does not exist"
                        f"{close_to(name, known_params)}"
                    )
        if problems:
            raise StructureError(f"{self.name}: " + "; ".join(dict.fromkeys(problems)))

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
        initial: Rate | float = 0.0,
        non_negative: bool = True,
        dims: Iterable[str] = (),
        attrs: Mapping[str, Any] | None = None,
    ) -> None:
        """Declare a stock; ``initial`` is a number or a function of the context (parameters)."""
        dims = self._check_new(name, units, dims)
        self.stocks[name] = _Stock(
            name,
            units,
            long_name,
            dims,
            dict(attrs or {}),
            self.equation_function(name, initial),
            non_negative,
        )

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
        self.flows[name] = _Flow(
            name,
            units,
            long_name,
            dims,
            dict(attrs or {}),
            self.equation_function(name, rate),
            source,
            target,
        )

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
        constant: bool = False,
        held: bool = False,
    ) -> None:
        """Declare an auxiliary (a function of stocks, parameters, time and other auxiliaries).

        ``constant=True`` declares one that depends on parameters and other constants
        only: it is computed once per run instead of every step. Reading a stock, a flow
        or another auxiliary from it raises :class:`StructureError` (reading ``v.t`` is
        not caught: it would see the start time).

        ``held=True`` declares a decision taken at the start of each step and kept for the
        whole step (a sample-and-hold, as a monthly spending decision is): RK4's later
        stages see its value of the first stage instead of re-evaluating it. Euler, which
        evaluates once per step, is unaffected. Use it for a rule that is singular inside a
        step in continuous time, such as "spread what is left over the time left", whose
        rate at the end of the period is 0/0 from the stage states.
        """
        dims = self._check_new(name, units, dims)
        self.auxiliaries[name] = _Aux(
            name,
            units,
            long_name,
            dims,
            dict(attrs or {}),
            self.equation_function(name, func),
            record,
            constant,
            held,
        )

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
        non_negative: bool = True,
        dims: Iterable[str] = (),
    ) -> str:
        """First-order material delay, as Vensim's ``DELAY1I(input, delay, initial_output)``.

        Declares the stock ``name`` (material in transit, in ``units``·yr), the inflow
        ``{name}_in`` and the outflow ``{name}_out`` (both in ``units``, a rate), which
        moves into ``target`` if given. Returns the name of the output flow.

        The material in transit is a non-negative stock (money and people cannot be
        negative), so a negative input is limited once the stock is empty; Vensim's
        DELAY1 lets it go negative, as ``non_negative=False`` does.
        """
        delay_of = _as_func(self.equation_function(name, delay))
        input = self.equation_function(name, input)
        stock_units = _times_year(units)
        self.stock(
            name,
            units=stock_units,
            long_name=f"{long_name} (in transit)",
            initial=lambda v: initial_output * delay_of(v),
            non_negative=non_negative,
            dims=dims,
        )
        self.flow(
            f"{name}_in",
            units=units,
            long_name=f"{long_name} (input)",
            rate=input,
            target=name,
            dims=dims,
        )
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
        non_negative: bool = True,
        dims: Iterable[str] = (),
    ) -> str:
        """Third-order material delay, as Vensim's ``DELAY3I(input, delay, initial_output)``.

        Three stocks ``{name}_1..3`` in series, each with delay ``delay / 3``. Returns the
        name of the output flow ``{name}_out``. The stages are non-negative unless
        ``non_negative=False`` (Vensim's DELAY3), as in :meth:`delay1`.
        """
        delay_of = _as_func(self.equation_function(name, delay))
        input = self.equation_function(name, input)
        stock_units = _times_year(units)
        stages = [f"{name}_{i}" for i in (1, 2, 3)]
        for stage in stages:
            self.stock(
                stage,
                units=stock_units,
                long_name=f"{long_name} (in transit, stage {stage[-1]})",
                initial=lambda v: initial_output * delay_of(v) / 3.0,
                non_negative=non_negative,
                dims=dims,
            )
        self.flow(
            f"{name}_in",
            units=units,
            long_name=f"{long_name} (input)",
            rate=input,
            target=stages[0],
            dims=dims,
        )
        for a, b in itertools.pairwise(stages):
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
        initial: Rate | float = 0.0,
        dims: Iterable[str] = (),
    ) -> str:
        """First-order information smoothing, as Vensim's ``SMOOTHI(input, delay, initial)``.

        Declares the stock ``name`` (the smoothed value, in ``units``, free to go
        negative) adjusted by the flow ``{name}_adjustment`` = (input − name) / delay.
        """
        delay_of = _as_func(self.equation_function(name, delay))
        input = self.equation_function(name, input)
        self.stock(
            name, units=units, long_name=long_name, initial=initial, non_negative=False, dims=dims
        )
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
        initial: Rate | float = 0.0,
        dims: Iterable[str] = (),
    ) -> str:
        """Third-order information smoothing, as Vensim's ``SMOOTH3I(input, delay, initial)``.

        Three first-order smooths in series, each with ``delay / 3``; the result is the
        stock ``name`` (the last stage). Returns ``name``.
        """
        delay_of = _as_func(self.equation_function(name, delay))
        input = self.equation_function(name, input)
        third = lambda v: delay_of(v) / 3.0  # noqa: E731
        first = self.smooth(
            f"{name}_s1",
            input=input,
            delay=third,
            units=units,
            long_name=f"{long_name} (stage 1)",
            initial=initial,
            dims=dims,
        )
        second = self.smooth(
            f"{name}_s2",
            input=lambda v: v[first],
            delay=third,
            units=units,
            long_name=f"{long_name} (stage 2)",
            initial=initial,
            dims=dims,
        )
        return self.smooth(
            name,
            input=lambda v: v[second],
            delay=third,
            units=units,
            long_name=long_name,
            initial=initial,
            dims=dims,
        )

    def trend(
        self,
        name: str,
        *,
        input: Rate,
        average_time: Rate | float,
        units: str,
        long_name: str,
        initial_trend: Rate | float = 0.0,
        dims: Iterable[str] = (),
    ) -> str:
        """Fractional growth rate of ``input``, as Vensim's ``TREND(input, average time,
        initial trend)``.

        ``(input - average) / (average_time * |average|)``, where ``average`` is the
        :meth:`smooth` ``{name}_average`` of ``input`` over ``average_time`` (years),
        starting at ``input / (1 + initial_trend * average_time)`` so that the trend
        starts at ``initial_trend`` (per year); zero where the average is zero. Declares
        that stock, its adjustment flow and the auxiliary ``name`` (in 1/yr); returns
        ``name``.

        Examples
        --------
        An input that grows 10 % a year has a trend of 0.1 a year:

        >>> from model.engine import TimeAxis, simulate
        >>> s = Structure("growth")
        >>> s.trend("g", input=lambda v: np.exp(0.1 * (v.t - 2024.0)), average_time=1.0,
        ...         initial_trend=0.1, units="1", long_name="growth rate")
        'g'
        >>> ds = simulate(s, {}, time=TimeAxis(end="2026-01"))
        >>> round(float(ds["g"].isel(sample=0, time=-1)), 3)
        0.1
        """
        average_of = _as_func(self.equation_function(name, average_time))
        trend_at_start = _as_func(self.equation_function(name, initial_trend))
        input = self.equation_function(name, input)
        average = self.smooth(
            f"{name}_average",
            input=input,
            delay=average_of,
            units=units,
            long_name=f"{long_name} (average of the input)",
            initial=lambda v: input(v) / (1.0 + trend_at_start(v) * average_of(v)),
            dims=dims,
        )

        def growth(v: Any) -> Any:
            scale = average_of(v) * np.abs(v[average])
            empty = scale == 0.0
            return np.where(empty, 0.0, (input(v) - v[average]) / np.where(empty, 1.0, scale))

        self.auxiliary(name, units="1/yr", long_name=long_name, func=growth, dims=dims)
        return name

    def delay_fixed(
        self,
        name: str,
        *,
        input: Rate,
        delay: float,
        step_months: float,
        units: str,
        long_name: str,
        initial: Rate | float = 0.0,
        dims: Iterable[str] = (),
    ) -> str:
        """Pipeline delay, as Vensim's ``DELAY FIXED(input, delay, initial)``: the value
        ``input`` had ``delay`` years earlier, and ``initial`` until then.

        As in Vensim, the delay is fixed when the run starts and counts whole steps of
        the run, ``max(1, round(delay / dt))`` of them (halves round up), so it is declared
        for the step the structure will run with (``step_months``); a run with another step
        raises :class:`StructureError`. The pipeline is a stock per step (``{name}_1``, ...,
        the last one ``name``, free to go negative), each taking the previous one's value in
        one step: its flow ``{name}_shift_k`` is (previous - stage) / dt. That shift is
        exact with Euler integration, which Vensim uses for DELAY FIXED; RK4 blurs it.
        Returns ``name``, the output.

        Examples
        --------
        >>> from model.engine import TimeAxis, simulate
        >>> s = Structure("pipeline")
        >>> s.delay_fixed("late", input=lambda v: 12 * (v.t - 2024.0), delay=0.25,
        ...               step_months=1, initial=-1.0, units="1", long_name="months, 3 late")
        'late'
        >>> ds = simulate(s, {}, time=TimeAxis(end="2024-06"))
        >>> [round(float(x), 9) for x in ds["late"].isel(sample=0)]
        [-1.0, -1.0, -1.0, 0.0, 1.0, 2.0]
        """
        dt = step_months / 12.0
        steps = max(1, math.floor(delay / dt + 0.5 + 1e-9))
        input = self.equation_function(name, input)
        stages = [*(f"{name}_{k}" for k in range(1, steps)), name]
        structure_name = self.name

        def shift(previous: Rate, stage: str) -> Rate:
            def rate(v: Any) -> Any:
                if abs(v.dt - dt) > 1e-12:
                    raise StructureError(
                        f"{structure_name}: delay_fixed '{name}' was declared for steps of "
                        f"{step_months:g} months (step_months), but the run steps "
                        f"{v.dt * 12:g} months; declare it with step_months={v.dt * 12:g}"
                    )
                return (previous(v) - v[stage]) / v.dt

            return rate

        previous = input
        for k, stage in enumerate(stages, start=1):
            self.stock(
                stage,
                units=units,
                long_name=long_name if stage == name else f"{long_name} (stage {k} of {steps})",
                initial=initial,
                non_negative=False,
                dims=dims,
            )
            self.flow(
                f"{name}_shift_{k}",
                units=f"({units})/yr",
                long_name=f"{long_name} (shift into stage {k})",
                rate=shift(previous, stage),
                target=stage,
                dims=dims,
            )
            previous = lambda v, stage=stage: v[stage]  # noqa: E731
        return name


def _as_func(value: Rate | float) -> Callable[[Any], Any]:
    if callable(value):
        return value
    constant = float(value)
    return lambda v: constant


def _times_year(units: str) -> str:
    """'k€/yr' -> 'k€' ; anything else -> '(units)*yr'."""
    return units[: -len("/yr")] if units.endswith("/yr") else f"({units})*yr"
