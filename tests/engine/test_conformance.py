"""Both engines against the system-dynamics community's canonical test models.

The cases are SDXorg's ``test-models`` (MIT licence; the expected values, copied from
Vensim's ``output.tab`` and Stella's ``output*.csv``, with the licence notice, are in
``tests/data/conformance/``, whose README says what was copied and how). Each case
declares the test model with the engine's own building blocks, runs it with the numpy
engine and with the compiled kernel, and compares every column of the file at every
saved time.

Time
    The engine's clock is a :class:`~model.engine.TimeAxis` of months on decimal years.
    One time unit of a test model (a Month in most files, a Minute in two, unnamed in the
    XMILE file) is one month of the axis, which starts in January 2000: model time
    ``x`` is the year ``2000 + x / 12``, a TIME STEP of ``h`` is ``step_months=h``, a
    duration of ``d`` (delay, adjustment or average time) is ``d / 12`` years and a rate
    per model time unit is 12 times that per year (the engine's rates are per year).
    Every file was made with Euler integration, so every case runs ``method="euler"``.

Precision
    A value is compared to half a unit of its last printed digit: Vensim prints 6
    significant digits, Stella 11, the TREND file 5 decimals and the XMILE file the full
    double; a zero may be off by 1e-12 (round-off of an exact zero: Stella prints
    1.249e-15 for one). Vensim computes in single precision, so its 6th digit also
    carries float32 round-off: after ``k`` steps its values may be off by ``k`` units of
    float32's round-off (2^-24) of the value, the bound on ``k`` operations' error
    (the largest needed: 2e-5 at 10 after 3,200 steps in ``euler_step_vs_saveper``,
    where Vensim prints 9.99998 for what is 9.99999999987 in double precision).
    Columns of the run settings (FINAL TIME, INITIAL TIME, SAVEPER, TIME STEP) are not
    compared.

What the engine does not offer
    DELAY N and SMOOTH N with an order that changes during the run (``delays``,
    ``smooth``): a declared structure has a fixed number of stocks; their columns (and
    the order variables) are left out. ``lookups_without_range`` declares the same tables
    without Vensim's graph bounds (which the engine's :func:`~model.engine.lookup` has no
    use for) and its output file is byte-identical to that of ``lookups``: that case is
    covered by ``lookups``. Stella's ``output.csv`` of ``builtin_min``/``builtin_max``
    repeats its ``output_stella.csv``. TREND and DELAY FIXED were added for this suite
    (:meth:`~model.engine.Structure.trend`, :meth:`~model.engine.Structure.delay_fixed`).
    DELAY FIXED's delay is a number fixed at declaration (Vensim evaluates it once, at
    the start), so ``2 + 2 SIN(Time)`` and ``Time / 2`` enter as their values at time 0.

Differences by design
    Material delays (:meth:`~model.engine.Structure.delay1`, ``delay3``) hold money and
    people, so their stocks are non-negative by default: an outflow (or a negative inflow)
    that would take a stock below zero is limited to what it holds. The ``delays`` test
    model feeds them a negative input (-1 until month 5) and starts DELAY1/DELAY3 with
    negative material in transit, which Vensim allows: with ``non_negative=False`` the
    engine matches Vensim's output to its printed precision; with the default it does
    not, and :func:`test_material_delays_are_non_negative_by_design` pins down how
    (where the stock would go negative it stays at zero, so the output is zero instead
    of Vensim's negative values, and it differs after the input turns positive too).
    Information smooths may go negative and match as they are. The XMILE
    ``non_negative_stocks`` case shows that the engine's limiter is XMILE's non-negative
    stock option, negative inflows included.

The compiled engine
    Runs every case, SIN/COS included (``euler_step_vs_saveper``, ``trend``), and also
    the same two models with that input tabulated at the step times (exact with Euler,
    which evaluates it only there).
"""

from __future__ import annotations

import csv
import dataclasses
import math
import re
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import xarray as xr

from model.engine import Structure, StructureError, TimeAxis, lookup, ramp, simulate, step

DATA = Path(__file__).resolve().parents[1] / "data" / "conformance"

T0 = 2000.0
"""Model time 0 is January 2000 (one model time unit is one month of the axis)."""
PER_UNIT = 12.0
"""A rate per model time unit (month) is 12 times that rate per year."""
ZERO = 1e-12
"""How far from an exact zero round-off may take a value."""

ENGINES = ["numpy", "compiled"]


class FellBack(AssertionError):
    """The compiled engine did not run the case (it fell back to the numpy engine)."""


# -- time, in the model's units ------------------------------------------------------------


def axis(final: float, time_step: float) -> TimeAxis:
    """The axis from model time 0 to ``final`` (months) in steps of ``time_step``."""
    months = int(final)
    assert months == final, "the test models end on a whole month"
    return TimeAxis(
        start="2000-01", end=f"{2000 + months // 12}-{months % 12 + 1:02d}", step_months=time_step
    )


def at(x: float) -> float:
    """Model time ``x`` as a decimal year."""
    return T0 + x / 12.0


def years(duration: float) -> float:
    """A duration in model time units, in years."""
    return duration / 12.0


def now(t: Any) -> Any:
    """The engine's time ``t`` (a decimal year) as model time."""
    return (t - T0) * 12.0


# -- the expected values ---------------------------------------------------------------------


@dataclass(frozen=True)
class Expected:
    """A copied output file: the model time of each row and, per column, the values and
    the tolerance of each (NaN where the file leaves the cell blank)."""

    name: str
    time: np.ndarray
    values: dict[str, np.ndarray]
    tolerance: dict[str, np.ndarray]
    single: bool = False
    """Whether the tool computed in single precision (Vensim does)."""


def half_unit(text: str, significant: int | None, decimals: int | None) -> float:
    """Half a unit of the last digit of ``text`` in a file printed with ``significant``
    digits or ``decimals`` decimals (trailing zeros are left out, so the file's format
    says which digit is the last one)."""
    value = float(text)
    if decimals is not None:
        return 0.5 * 10.0**-decimals
    assert significant is not None
    if value == 0.0:
        return 0.0
    return 0.5 * 10.0 ** (math.floor(math.log10(abs(value))) - significant + 1)


def expected(
    file: str, *, significant: int | None = None, decimals: int | None = None, single: bool = False
) -> Expected:
    with open(DATA / file, newline="") as f:
        header, *rows = list(csv.reader(f))
    time = np.array([float(r[0]) for r in rows])
    values, tolerance = {}, {}
    for j, column in enumerate(header[1:], start=1):
        cells = [r[j].strip() for r in rows]
        values[column] = np.array([float(c) if c else np.nan for c in cells])
        tolerance[column] = np.array(
            [half_unit(c, significant, decimals) if c else np.nan for c in cells]
        )
    return Expected(file, time, values, tolerance, single)


def select(exp: Expected, *columns: str) -> Expected:
    """``exp`` with only ``columns``."""
    return dataclasses.replace(
        exp,
        values={c: exp.values[c] for c in columns},
        tolerance={c: exp.tolerance[c] for c in columns},
    )


VENSIM = {"significant": 6, "single": True}
STELLA = {"significant": 11}
FLOAT32 = 2.0**-24
"""Unit round-off of single precision: n operations may be off by n times this, relative."""


# -- running and comparing -----------------------------------------------------------------


def run(structure: Structure, time: TimeAxis, engine: str) -> xr.Dataset:
    """``simulate`` with Euler; for the compiled engine, fail with :class:`FellBack` (and
    the engine's reason) if it did not compile the structure."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        ds = simulate(structure, {}, time=time, method="euler", engine=engine)
    if ds.attrs["engine"] != engine:
        reasons = "; ".join(str(w.message) for w in caught if "numpy engine" in str(w.message))
        raise FellBack(f"{structure.name}: ran on the {ds.attrs['engine']} engine ({reasons})")
    return ds


Column = Callable[[xr.Dataset], np.ndarray]


def var(name: str, scale: float = 1.0, **labels: str) -> Column:
    """A column: variable ``name`` of the first sample (at ``labels`` of its dims), times
    ``scale`` (e.g. 1/12 for a rate per year read per month)."""

    def read(ds: xr.Dataset) -> np.ndarray:
        return np.asarray(ds[name].isel(sample=0).sel(labels).values) * scale

    return read


def assert_matches(
    ds: xr.Dataset, exp: Expected, columns: dict[str, Column], time: TimeAxis
) -> None:
    """Every column of ``exp`` (all of them must be mapped) equals the run's value at each
    saved time to the column's tolerance; a failure lists each column that differs, its
    first differing time and both values."""
    assert set(columns) == set(exp.values), f"unmapped columns: {set(exp.values) ^ set(columns)}"
    rows = np.rint(exp.time / time.step_months).astype(int)
    assert np.allclose(rows * time.step_months, exp.time), "the file's times are not on the axis"
    problems = []
    for column, read in columns.items():
        got = read(ds)[rows]
        want, tol = exp.values[column], exp.tolerance[column]
        if exp.single:  # the round-off of a float32 value after k steps
            tol = tol + (rows + 1) * FLOAT32 * np.abs(want)
        given = ~np.isnan(want)
        bad = given & ~(np.abs(got - want) <= tol * (1 + 1e-9) + ZERO)
        if bad.any():
            k = int(np.flatnonzero(bad)[0])
            problems.append(
                f"{column}: {int(bad.sum())} of {int(given.sum())} differ, first at time "
                f"{exp.time[k]:g}: engine {got[k]!r}, {exp.name} {want[k]!r} ± {tol[k]:.1g}"
            )
    assert not problems, "\n".join(problems)


def tabulated(func: Callable[[np.ndarray], np.ndarray], time: TimeAxis) -> Callable[..., object]:
    """``func`` of model time as a lookup table at the step times of ``time``: with Euler
    the same values as ``func`` wherever the engine evaluates it."""
    knots = np.arange(len(time)) * time.step_months
    table = func(knots)
    return lambda x: lookup(x, knots, table)


def ident(column: str) -> str:
    """A column name as a variable name: 'Output Delay1' -> 'output_delay1'."""
    return re.sub(r"\W+", "_", column.strip()).strip("_").lower()


# -- MIN and MAX -------------------------------------------------------------------------------


def builtin(kind: str) -> Structure:
    s = Structure(f"builtin_{kind}")
    func = np.minimum if kind == "min" else np.maximum
    s.auxiliary(
        "output",
        units="1",
        long_name=f"{kind.upper()}(Time, 5)",
        func=lambda v: func(now(v.t), 5.0),
    )
    return s


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("kind", ["min", "max"])
def test_builtin_min_max(kind: str, engine: str) -> None:
    time = axis(10, 1)
    ds = run(builtin(kind), time, engine)
    for tool in (VENSIM, STELLA):
        file = f"builtin_{kind}.{'vensim' if tool is VENSIM else 'stella'}.csv"
        assert_matches(ds, expected(file, **tool), {"output": var("output")}, time)


# -- delays -------------------------------------------------------------------------------


def delays(non_negative: bool) -> Structure:
    """``delays/test_delays.mdl`` without DELAY N: DELAY1, DELAY1I, DELAY3, DELAY3I of an
    input that steps from -1 to 4 at month 5, with a delay time that steps from 4 to 6
    months at month 15."""
    s = Structure(f"delays_{'non_negative' if non_negative else 'free'}")
    s.auxiliary(
        "delay_time",
        units="month",
        long_name="Delay Time",
        func=lambda v: 4.0 + step(2.0, at(15), v.t_step),
    )
    s.auxiliary(
        "initial_value",
        units="1/month",
        long_name="Initial Value",
        func=lambda v: 6.0,
        constant=True,
    )
    s.auxiliary(
        "input",
        units="1/month",
        long_name="Input",
        func=lambda v: -1.0 + step(5.0, at(5), v.t_step),
    )
    for name, block, initial in (
        ("output_delay1", s.delay1, -1.0),  # DELAY1 starts at its input: -1
        ("output_delay1i", s.delay1, 6.0),
        ("output_delay3", s.delay3, -1.0),
        ("output_delay3i", s.delay3, 6.0),
    ):
        block(
            name,
            input=lambda v: v["input"] * PER_UNIT,
            delay=lambda v: years(v["delay_time"]),
            units="1/yr",
            long_name=name,
            initial_output=initial * PER_UNIT,
            non_negative=non_negative,
        )
    return s


DELAY_COLUMNS = {
    "Delay Time": var("delay_time"),
    "Initial Value": var("initial_value"),
    "Input": var("input"),
    **{
        column: var(f"{ident(column)}_out", 1 / PER_UNIT)
        for column in ("Output Delay1", "Output Delay1I", "Output Delay3", "Output Delay3I")
    },
}


@pytest.mark.parametrize("engine", ENGINES)
def test_delays_match_vensim_when_the_material_may_go_negative(engine: str) -> None:
    time = axis(100, 1)
    ds = run(delays(non_negative=False), time, engine)
    assert_matches(ds, expected("delays.vensim.csv", **VENSIM), DELAY_COLUMNS, time)


@pytest.mark.parametrize("engine", ENGINES)
def test_material_delays_are_non_negative_by_design(engine: str) -> None:
    time = axis(100, 1)
    ds = run(delays(non_negative=True), time, engine)
    exp = expected("delays.vensim.csv", **VENSIM)
    later = slice(1, None)  # DELAY1 and DELAY3 start at their input, -1, as in Vensim
    for name in ds.data_vars:
        if ds[name].attrs["sd_kind"] == "stock" or name.endswith("_out"):
            assert float(ds[name].isel(time=later).min()) >= 0.0, name
    for column in ("Output Delay1", "Output Delay3", "Output Delay3I"):
        assert exp.values[column].min() < -0.9  # Vensim's material goes negative
    # DELAY1I's material never runs out: nothing to limit, Vensim's numbers throughout
    only = ("Output Delay1I",)
    assert_matches(ds, select(exp, *only), {c: DELAY_COLUMNS[c] for c in only}, time)
    # DELAY1 holds no material while its input is negative (Vensim: -4 in transit), so
    # its output is 0 instead of -1, and the 4 that come in over month 5 leave at 4/4 = 1
    # in month 6, where Vensim first refills its negative material and gives 0.25
    delay1 = DELAY_COLUMNS["Output Delay1"](ds)
    np.testing.assert_array_equal(delay1[1:6], 0.0)
    assert delay1[6] == pytest.approx(1.0, abs=1e-12)
    assert exp.values["Output Delay1"][6] == 0.25


# -- DELAY FIXED -----------------------------------------------------------------------------

FIXED = {  # column: (delay time at the start, months; initial value)
    "DF05": (0.5, -10.0),
    "DF1": (1.0, 10.0),
    "DF12": (1.2, -4.0),
    "DF15": (1.5, 20.0),
    "DF2": (2.0, -3.0),
    "DF37": (3.7, 4.0),
    "DST": (2 + 2 * math.sin(0.0), 7.0),  # 2 + 2 SIN(Time) at the start
    "DT2": (0.0 / 2, 4.0),  # Time / 2 at the start
}


def delay_fixed() -> Structure:
    """``delay_fixed/test_delay_fixed.mdl``: DELAY FIXED of Time² with delays that are
    not multiples of the step (0.5, 1.2, 1.5, 3.7 months) and one of zero."""
    s = Structure("delay_fixed")
    s.auxiliary(
        "time_squared", units="month2", long_name="time squared", func=lambda v: now(v.t) ** 2
    )
    for column, (delay, initial) in FIXED.items():
        s.delay_fixed(
            ident(column),
            input=lambda v: v["time_squared"],
            delay=years(delay),
            step_months=1,
            initial=initial,
            units="month2",
            long_name=column,
        )
    return s


@pytest.mark.parametrize("engine", ENGINES)
def test_delay_fixed(engine: str) -> None:
    time = axis(50, 1)
    columns = {"time squared": var("time_squared"), **{c: var(ident(c)) for c in FIXED}}
    ds = run(delay_fixed(), time, engine)
    assert_matches(ds, expected("delay_fixed.vensim.csv", **VENSIM), columns, time)


def test_delay_fixed_refuses_another_step() -> None:
    with pytest.raises(StructureError, match="declared for steps of 1 months"):
        simulate(delay_fixed(), {}, time=axis(50, 0.5))


# -- the integration step against the saving period ------------------------------------------


def euler_step_vs_saveper(form: str, time: TimeAxis) -> Structure:
    """``euler_step_vs_saveper/test_euler_step_vs_saveper.mdl``: the integral of a cosine
    whose period is the saving period (1 month), with steps of 1/32 month."""

    def cosine(x: np.ndarray) -> np.ndarray:
        return np.cos(x * 2 * 3.14159265358)

    wave = cosine if form == "np.sin" else tabulated(cosine, time)
    s = Structure(f"euler_step_vs_saveper_{form}")
    s.auxiliary("cosine_of_t", units="1", long_name="Cosine of t", func=lambda v: wave(now(v.t)))
    s.stock("sine_of_t", units="1", long_name="Sine of t", initial=10.0, non_negative=False)
    s.flow(
        "sine_of_t_change",
        units="1/yr",
        long_name="Sine of t (inflow)",
        target="sine_of_t",
        rate=lambda v: v["cosine_of_t"] * PER_UNIT,
    )
    return s


def trig_forms() -> list[object]:
    """(engine, form of SIN/COS): the model's own (np.sin, np.cos), and tabulated at the
    step times, on both engines."""
    return [
        pytest.param("numpy", "np.sin", id="numpy-sin"),
        pytest.param("compiled", "np.sin", id="compiled-sin"),
        pytest.param("numpy", "tabulated", id="numpy-tabulated"),
        pytest.param("compiled", "tabulated", id="compiled-tabulated"),
    ]


@pytest.mark.parametrize(("engine", "form"), trig_forms())
def test_euler_step_vs_saveper(engine: str, form: str) -> None:
    time = axis(100, 0.03125)
    ds = run(euler_step_vs_saveper(form, time), time, engine)
    columns = {"Cosine of t": var("cosine_of_t"), "Sine of t": var("sine_of_t")}
    assert_matches(ds, expected("euler_step_vs_saveper.vensim.csv", **VENSIM), columns, time)


# -- lookups ---------------------------------------------------------------------------------

TABLE_X = [0, 5, 10, 15, 20, 25, 30, 35, 40, 45]
TABLE_Y = [0, 0, 1, 1, 0, 0, -1, -1, 0, 0]


def lookups() -> Structure:
    """``lookups/test_lookups.mdl``: a table of Time, and its integral (minutes)."""
    s = Structure("lookups")
    s.auxiliary(
        "lookup_function_call",
        units="1/minute",
        long_name="lookup function call",
        func=lambda v: lookup(now(v.t), TABLE_X, TABLE_Y),
    )
    s.auxiliary(
        "rate", units="1/minute", long_name="rate", func=lambda v: v["lookup_function_call"]
    )
    s.stock("accumulation", units="1", long_name="accumulation", non_negative=False)
    s.flow(
        "accumulation_in",
        units="1/yr",
        long_name="accumulation (inflow)",
        target="accumulation",
        rate=lambda v: v["rate"] * PER_UNIT,
    )
    return s


@pytest.mark.parametrize("engine", ENGINES)
def test_lookups(engine: str) -> None:
    time = axis(45, 0.25)
    ds = run(lookups(), time, engine)
    columns = {c: var(ident(c)) for c in ("accumulation", "lookup function call", "rate")}
    assert_matches(ds, expected("lookups.vensim.csv", **VENSIM), columns, time)
    assert_matches(ds, expected("lookups.stella.csv", **STELLA), columns, time)


# -- non-negative stocks (XMILE) -------------------------------------------------------------


def non_negative_stocks(defaults: bool) -> Structure:
    """``non_negative_stocks/test_non_negative_stocks.xmile`` (each stock's option given)
    or, with ``defaults``, ``..._behavior.xmile`` (non-negative unless a stock says
    otherwise, as the engine's default). OutFlow drains two stocks and if_else fills
    two, so each stock has its own flow at that rate."""
    s = Structure("non_negative_stocks" + ("_defaults" if defaults else ""))
    s.auxiliary("outflow", units="1/unit", long_name="OutFlow", func=lambda v: 1.0)
    s.auxiliary(
        "if_else",
        units="1/unit",
        long_name="IF Time > 10 THEN Time ELSE -Time",
        func=lambda v: np.where(now(v.t) > 10, now(v.t), -now(v.t)),
    )
    guarded = {} if defaults else {"non_negative": True}
    for k, (initial, options, rate) in enumerate(
        [
            (25.0, {"non_negative": False}, "outflow"),
            (25.0, guarded, "outflow"),
            (10.0, {"non_negative": False}, "if_else"),
            (10.0, guarded, "if_else"),
        ]
    ):
        stock = f"teststock{k}"
        s.stock(stock, units="1", long_name=f"TestStock{k}", initial=initial, **options)
        s.flow(
            f"{rate}_{k}",
            units="1/yr",
            long_name=f"{rate} of TestStock{k}",
            rate=lambda v, rate=rate: v[rate] * PER_UNIT,
            **({"source": stock} if rate == "outflow" else {"target": stock}),
        )
    return s


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("defaults", [False, True], ids=["options", "behavior"])
def test_non_negative_stocks_are_xmiles_option(defaults: bool, engine: str) -> None:
    time = axis(60, 1.5)
    ds = run(non_negative_stocks(defaults), time, engine)
    columns = {"OutFlow": var("outflow"), "if_else": var("if_else")}
    columns |= {f"TestStock{k}": var(f"teststock{k}") for k in range(4)}
    assert_matches(ds, expected("non_negative_stocks.xmile.csv", significant=15), columns, time)
    # the limiter moved only what TestStock1 held (1 of the 1.5 asked from time 24) and
    # took from TestStock3 only what it held (3.25 of the 6.75 asked from time 4.5)
    moved = {name: ds[name].isel(sample=0).values * time.dt for name in ("outflow_1", "if_else_3")}
    assert moved["outflow_1"][16] == pytest.approx(1.0)  # row 16 is time 24
    assert moved["if_else_3"][3] == pytest.approx(-3.25)  # row 3 is time 4.5


# -- smooth ----------------------------------------------------------------------------------


def smooth() -> Structure:
    """``smooth/test_smooth.mdl`` without SMOOTH N: SMOOTH, SMOOTHI, SMOOTH3, SMOOTH3I of
    an input that steps from -1 to 4 at month 5, with an adjustment time that steps from 2
    to 4 months at month 10; steps of 1/4 month."""
    s = Structure("smooth")
    s.auxiliary(
        "adjustment_time",
        units="month",
        long_name="Adjustment Time",
        func=lambda v: 2.0 + step(2.0, at(10), v.t_step),
    )
    s.auxiliary(
        "initial_value", units="1", long_name="Initial Value", func=lambda v: 5.0, constant=True
    )
    s.auxiliary(
        "input", units="1", long_name="Input", func=lambda v: -1.0 + step(5.0, at(5), v.t_step)
    )
    for name, block, initial in (
        ("smooth_output", s.smooth, None),  # SMOOTH starts at its input
        ("smoothi_output", s.smooth, 5.0),
        ("smooth3_output", s.smooth3, None),
        ("smooth3i_output", s.smooth3, 5.0),
    ):
        block(
            name,
            input=lambda v: v["input"],
            delay=lambda v: years(v["adjustment_time"]),
            units="1",
            long_name=name,
            initial=(lambda v: v["input"]) if initial is None else initial,
        )
    return s


@pytest.mark.parametrize("engine", ENGINES)
def test_smooth(engine: str) -> None:
    time = axis(20, 0.25)
    ds = run(smooth(), time, engine)
    exp = expected("smooth.vensim.csv", **VENSIM)
    assert_matches(ds, exp, {c: var(ident(c)) for c in exp.values}, time)


def smooth_and_stock() -> Structure:
    """``smooth_and_stock/test_smooth_and_stock.mdl``: a smooth of a stock, smooths of a
    constant and an integral (minutes, steps of 1/4)."""
    s = Structure("smooth_and_stock")
    s.stock("input", units="issues", long_name="Input", initial=4.0, non_negative=False)
    s.flow(
        "input_change",
        units="issues/yr",
        long_name="Input (INTEG(0, 4))",
        target="input",
        rate=lambda v: 0.0,
    )
    s.auxiliary(
        "smoothing_time",
        units="meetings",
        long_name="Smoothing Time",
        func=lambda v: 2.0,
        constant=True,
    )
    # SMOOTH starts at its input; initial values cannot read a stock, so Input's own: 4
    s.smooth(
        "smoothed_input",
        input=lambda v: v["input"],
        delay=lambda v: years(v["smoothing_time"]),
        units="issues",
        long_name="Smoothed Input",
        initial=4.0,
    )
    s.auxiliary("rate", units="1/minute", long_name="rate", func=lambda v: 5.0, constant=True)
    s.stock("accumulation", units="1", long_name="accumulation", non_negative=False)
    s.flow(
        "accumulation_in",
        units="1/yr",
        long_name="accumulation (inflow)",
        target="accumulation",
        rate=lambda v: v["rate"] * PER_UNIT,
    )
    s.smooth3(
        "third_order_smooth",
        input=lambda v: 100.0,
        delay=years(2),
        units="1",
        long_name="SMOOTH3(100, 2)",
        initial=100.0,
    )
    s.smooth(
        "first_order_smooth",
        input=lambda v: 100.0,
        delay=years(2),
        units="1",
        long_name="SMOOTH(100, 2)",
        initial=100.0,
    )
    return s


@pytest.mark.parametrize("engine", ENGINES)
def test_smooth_and_stock(engine: str) -> None:
    time = axis(45, 0.25)
    ds = run(smooth_and_stock(), time, engine)
    vensim = expected("smooth_and_stock.vensim.csv", **VENSIM)
    stella = expected("smooth_and_stock.stella.csv", **STELLA)
    columns = {c: var(ident(c)) for c in vensim.values}
    assert_matches(ds, vensim, columns, time)
    assert_matches(ds, stella, {c: columns[c] for c in stella.values}, time)


# -- STEP and RAMP, with subscripts ----------------------------------------------------------

COORDS = {"dim1": ["A", "B", "C"], "dim2": ["A", "B"], "dim3": ["X", "Y"]}
CONSTANTS = {  # name: (dims, values)
    "finish1": ((), 5.0),
    "finish2": (("dim1",), [6, 5, 8]),
    "finish3": (("dim1",), [8.5, 6.5, 7.25]),
    "finish4": (("dim3",), [10, 9]),
    "finish5": (("dim1", "dim3"), [[10, 7], [9, 8], [6.5, 7.5]]),
    "slope1": (("dim1",), [1.5, -2.5, 4]),
    "slope2": (("dim2",), [-1.5, 1.5]),
    "slope3": (("dim2", "dim3"), [[3.1, 0.4], [-0.3, -1.5]]),
    "start1": ((), 1.0),
    "start2": (("dim1",), [2, 4, 3]),
    "start3": (("dim2",), [2.5, 3.25]),
    "start4": (("dim3",), [0, 1]),
    "start5": (("dim2", "dim3"), [[1, 3], [0.5, 1.5]]),
}
RAMPS = {  # name: (dims, slope, start, finish); a name is a constant, a number a literal
    "ramp1": (("dim1",), 5.0, "start1", "finish2"),
    "ramp2": (("dim1",), 3.0, "start2", "finish1"),
    "ramp3": (("dim2", "dim3"), -1.0, "start3", "finish4"),
    "ramp4": (("dim1", "dim3"), -7.0, "start4", "finish5"),
    "ramp5": (("dim1", "dim2", "dim3"), 2.1, "start5", "finish3"),
    "ramp6": (("dim1",), "slope1", "start1", "finish1"),
    "ramp7": (("dim1", "dim2"), "slope2", "start2", 7.5),
    "ramp8": (("dim1", "dim2", "dim3"), "slope3", 1.5, "finish2"),
    "ramp9": (("dim1", "dim2", "dim3"), "slope2", "start2", "finish4"),
}
STEPS = {  # name: (dims, height, start)
    "step1": (("dim1",), "finish2", "start1"),
    "step2": (("dim1",), "finish1", "start2"),
    "step3": (("dim2", "dim3"), "finish4", "start3"),
    "step4": (("dim1", "dim3"), "finish5", "start4"),
    "step5": (("dim1", "dim2", "dim3"), "finish3", "start5"),
}
DIMS = {name: spec[0] for table in (CONSTANTS, RAMPS, STEPS) for name, spec in table.items()}


def subscripted(v: Any, term: str | float, dims: tuple[str, ...]) -> Any:
    """A constant (by name) or a literal, laid out on ``dims`` for broadcasting."""
    if not isinstance(term, str):
        return term
    own = DIMS[term]
    shape = [len(COORDS[d]) if d in own else 1 for d in dims]
    return np.reshape(v[term], shape)


def subscripted_ramp_step() -> Structure:
    """``subscripted_ramp_step/test_subscripted_ramp_step.mdl``: RAMP and STEP with
    subscripted slopes, heights, starts and finishes (months, steps of 1/4)."""
    s = Structure("subscripted_ramp_step", coords=COORDS)
    for name, (dims, values) in CONSTANTS.items():
        array = np.asarray(values, dtype=float)
        s.auxiliary(
            name, units="1", long_name=name, func=lambda v, a=array: a, dims=dims, constant=True
        )
    for name, (dims, slope, start, finish) in RAMPS.items():

        def rising(v: Any, dims=dims, slope=slope, start=start, finish=finish) -> Any:
            per_year = np.multiply(subscripted(v, slope, dims), PER_UNIT)
            begin, end = (at(subscripted(v, x, dims)) for x in (start, finish))
            return np.broadcast_to(ramp(per_year, begin, end, v.t), [len(COORDS[d]) for d in dims])

        s.auxiliary(name, units="1", long_name=name.upper(), func=rising, dims=dims)
    for name, (dims, height, start) in STEPS.items():

        def stepping(v: Any, dims=dims, height=height, start=start) -> Any:
            begin = at(subscripted(v, start, dims))
            value = step(subscripted(v, height, dims), begin, v.t_step)
            return np.broadcast_to(value, [len(COORDS[d]) for d in dims])

        s.auxiliary(name, units="1", long_name=name.upper(), func=stepping, dims=dims)
    return s


def subscripted_column(column: str) -> Column:
    """'RAMP5[A,B,X]' -> variable ramp5 at dim1=A, dim2=B, dim3=X."""
    name, _, labels = column.partition("[")
    name = name.lower()
    picked = labels.rstrip("]").split(",") if labels else []
    return var(name, **dict(zip(DIMS[name], picked, strict=True)))


@pytest.mark.parametrize("engine", ENGINES)
def test_subscripted_ramp_step(engine: str) -> None:
    time = axis(10, 0.25)
    ds = run(subscripted_ramp_step(), time, engine)
    exp = expected("subscripted_ramp_step.vensim.csv", **VENSIM)
    assert_matches(ds, exp, {c: subscripted_column(c) for c in exp.values}, time)


# -- TREND -----------------------------------------------------------------------------------


def trend(form: str, time: TimeAxis) -> Structure:
    """``trend/test_trend.mdl``: TREND of a sine wave of period 20 months, average time
    6 months, initial trend 0."""

    def wave(x: np.ndarray) -> np.ndarray:
        return 1 + 0.5 * np.sin(2 * 3.14159 * x / 20)

    input = wave if form == "np.sin" else tabulated(wave, time)
    s = Structure(f"trend_{form}")
    s.auxiliary("input", units="widgets/month", long_name="input", func=lambda v: input(now(v.t)))
    s.trend(
        "trend_of_input",
        input=lambda v: v["input"],
        average_time=years(6),
        initial_trend=0.0 * PER_UNIT,
        units="widgets/month",
        long_name="TREND of input",
    )
    return s


@pytest.mark.parametrize(("engine", "form"), trig_forms())
def test_trend(engine: str, form: str) -> None:
    time = axis(100, 1)
    ds = run(trend(form, time), time, engine)
    columns = {"input": var("input"), "TREND of input": var("trend_of_input", 1 / PER_UNIT)}
    assert_matches(ds, expected("trend.vensim.csv", decimals=5, single=True), columns, time)
