"""What the plan requires: per output with a target, the unit cost (or response) at
which the §9.2 split just meets its 2027 target — a comparison with the evidence, and
the default only for parameters without evidence (``origin = "plan"``).

Each goal module lists the parameters that bear on one target in
``PLAN_RULES = {parameter: (indicator, (low, high)[, target])}``. :func:`solve` finds each
with :func:`scipy.optimize.brentq` on the deterministic baseline so that the indicator
equals its target (or the given target, e.g. 99.9 % for a share capped at 100 %) at the
end of 2027.

* ``origin = "plan"`` parameters (no evidence): the solved value is the default, with the
  range ``value x (low, high)`` (estimation uncertainty, §8.2); ``--write`` stores them, and
  goal modules' ``DERIVED`` entries are recomputed after each change.
* ``origin = "evidence"`` parameters keep their evidence value; :func:`plan_realism` puts the
  value the plan would need next to the evidence, with a verdict.

    python -m model.analysis.plancost            # the plan-realism table (and its time)
    python -m model.analysis.plancost --write    # and re-solve and store the plan-origin values
                                                 # and the table (model/policy/evidence/plan_realism.csv)

``tests/analysis/test_plan.py`` checks that the plan-origin values still meet their targets
and one plan-realism row end to end.
"""

from __future__ import annotations

import argparse
import importlib
import math
import re
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import numpy as np
import pandas as pd
from scipy.optimize import brentq

from model.common.files import write_atomic
from model.policy.indicators import END_OF_TARGET_YEAR, INDICATORS
from model.policy.parameters import PARAMETER_DIR, ParameterSet, load_parameters
from model.policy.scenarios import load_scenario
from model.policy.structure import GOAL_BUILDERS
from model.run.simulation import simulate


def plan_rules() -> dict[str, tuple[str, tuple[float, float], float]]:
    """All goal modules' plan-consistent parameters: name -> (indicator, range factors, target)."""
    rules: dict[str, tuple[str, tuple[float, float], float]] = {}
    for goal in GOAL_BUILDERS:
        for name, rule in getattr(
            importlib.import_module(f"model.policy.goals.{goal}"), "PLAN_RULES", {}
        ).items():
            indicator, factors = rule[0], rule[1]
            target = rule[2] if len(rule) > 2 else float(INDICATORS[indicator].target or 0.0)
            rules[name] = (indicator, factors, target)
    return rules


def derived_rules() -> dict[str, Callable[[dict[str, float]], float]]:
    """All goal modules' derived parameters (functions of other parameters' values)."""
    rules: dict[str, Callable[[dict[str, float]], float]] = {}
    for goal in GOAL_BUILDERS:
        rules.update(getattr(importlib.import_module(f"model.policy.goals.{goal}"), "DERIVED", {}))
    return rules


def _with_values(params: ParameterSet, values: dict[str, float]) -> ParameterSet:
    """``params`` with some values replaced and those parameters fixed (ranges dropped)."""
    new = dict(params)
    for name, value in values.items():
        new[name] = replace(params[name], value=float(value), low=None, high=None)
    current = {k: p.value for k, p in new.items()}
    for name, rule in derived_rules().items():
        if name in new:
            new[name] = replace(new[name], value=float(rule(current)), low=None, high=None)
    return ParameterSet(new)


def baseline_value(indicator: str, params: ParameterSet) -> float:
    """Indicator at the end of 2027 in the deterministic baseline plan (regions averaged)."""
    ds = simulate(load_scenario("baseline"), parameters=params, detail="indicators")
    value = ds[indicator].sel(variant="plan", sample=0, time=np.datetime64(END_OF_TARGET_YEAR))
    return float(value.mean()) if value.ndim else float(value)


def _solve_one(
    params: ParameterSet, name: str, indicator: str, target: float, *, rtol: float
) -> tuple[float, int]:
    """The value of ``name`` at which ``indicator`` meets ``target`` (others as in ``params``)
    and the direction: -1 when more of the parameter gives less output (a cost), +1 when
    more (a response). NaN when no value within 1/64 to 64 times the default reaches it."""
    x0 = params[name].value

    def gap(x: float) -> float:
        return baseline_value(indicator, _with_values(params, {name: x})) - target

    for factor in (1.25, 4.0, 16.0, 64.0):  # a narrow bracket first: most defaults are close
        lo, hi = x0 / factor, x0 * factor
        g_lo, g_hi = gap(lo), gap(hi)
        if np.sign(g_lo) != np.sign(g_hi):
            return float(brentq(gap, lo, hi, rtol=rtol)), (1 if g_hi > g_lo else -1)
    return math.nan, (1 if g_hi > g_lo else -1)


def solve(
    params: ParameterSet | None = None, *, rtol: float = 1e-6, origins: tuple[str, ...] = ("plan",)
) -> dict[str, float]:
    """Solve the plan parameters of the given origins (default: ``plan`` only, the ones
    without evidence), one after another: later ones see earlier ones. A parameter whose
    target no value within 1/64 to 64 times its default reaches (another limit binds, e.g.
    demand) is left out: its stored value stays, and :func:`plan_realism` says
    ``unreachable``."""
    params = params or load_parameters()
    solved: dict[str, float] = {}
    for name, (indicator, _, target) in plan_rules().items():
        if params[name].origin not in origins:
            continue
        value, _ = _solve_one(_with_values(params, solved), name, indicator, target, rtol=rtol)
        if not math.isnan(value):  # unreachable (another limit binds): the stored value stays
            solved[name] = value
    return solved


REALISM_COLUMNS = (
    "indicator", "target", "end_value", "parameter", "origin", "grade", "unit", "value",
    "plan_required", "evidence_low", "evidence_high", "ratio", "direction", "factor", "verdict",
)  # fmt: skip
"""Columns of :func:`plan_realism`: numbers and codes only (sentences are the presentation's)."""

VERDICTS = ("within", "tight", "under_budgeted", "over_budgeted", "no_evidence", "unreachable")
"""``within``: the plan's required value lies in the evidence range and at the evidence's
central value the split meets the target; ``tight``: the required value lies in the range,
but at the central value the split misses the target, so it is met only if the true value
falls on the favourable side of the range; ``under_budgeted``: the required value lies
beyond the range's favourable end (``factor`` = how many times the plan's assumption is too
optimistic); ``over_budgeted``: beyond the unfavourable end, the target is met with money
to spare (``factor`` the same way round); ``no_evidence``: the parameter is not
``origin = "evidence"``; ``unreachable``: no value within 1/64 to 64 times the default
meets the target (another limit binds)."""


def plan_realism(parameters: ParameterSet | None = None, *, rtol: float = 1e-3) -> pd.DataFrame:
    """Per output with a plan rule: what the plan requires against the evidence.

    Each rule's parameter is solved on the deterministic baseline with every other
    parameter at its default (one brentq each); ``ratio`` = default / required;
    ``direction`` -1 for a cost (more of it, less output), +1 for a response; ``factor``
    > 1 means the evidence makes the target harder than the plan assumes (``ratio`` for
    a cost, its inverse for a response). Cached per parameter set (digest) in the process.

    It takes 20-60 s; :func:`stored_plan_realism` reads the table ``--write`` stored.
    """
    params = parameters or load_parameters()
    key = (params.digest(), rtol)
    if key not in _REALISM_CACHE:
        if len(_REALISM_CACHE) >= 8:
            _REALISM_CACHE.pop(next(iter(_REALISM_CACHE)))
        _REALISM_CACHE[key] = _realism(params, rtol)
    return _REALISM_CACHE[key].copy()


_REALISM_CACHE: dict[tuple[str, float], pd.DataFrame] = {}


def _realism(params: ParameterSet, rtol: float) -> pd.DataFrame:
    ds = simulate(load_scenario("baseline"), parameters=params, detail="indicators")
    at_end = ds.sel(variant="plan", sample=0, time=np.datetime64(END_OF_TARGET_YEAR))
    rows = []
    for name, (indicator, _, target) in plan_rules().items():
        p = params[name]
        required, direction = _solve_one(params, name, indicator, target, rtol=rtol)
        evidence = p.origin == "evidence"
        low, high = (
            (float(p.low), float(p.high))  # type: ignore[arg-type]
            if evidence and p.uncertain
            else (p.value, p.value)
        )
        ratio = p.value / required if required and not math.isnan(required) else math.nan
        factor = ratio if direction < 0 else (1.0 / ratio if ratio else math.nan)
        if math.isnan(required):
            verdict = "unreachable"
        elif not evidence:
            verdict = "no_evidence"
        elif low <= required <= high:
            verdict = "tight" if factor > 1.0 else "within"
        else:
            verdict = "under_budgeted" if factor > 1.0 else "over_budgeted"
        value = at_end[indicator]
        rows.append({
            "indicator": indicator,
            "target": float(target),
            "end_value": float(value.mean()) if value.ndim else float(value),
            "parameter": name,
            "origin": p.origin,
            "grade": p.grade,
            "unit": p.unit,
            "value": p.value,
            "plan_required": required,
            "evidence_low": low if evidence else math.nan,
            "evidence_high": high if evidence else math.nan,
            "ratio": ratio,
            "direction": direction,
            "factor": factor,
            "verdict": verdict,
        })  # fmt: skip
    return pd.DataFrame(rows, columns=list(REALISM_COLUMNS))


REALISM_TABLE = Path(__file__).resolve().parents[1] / "policy" / "evidence" / "plan_realism.csv"
"""The stored :func:`plan_realism` table (``python -m model.analysis.plancost --write``):
read by the command line, the app's first page and the report, which cannot wait ~50 s."""

_CODE_COLUMNS = ("indicator", "parameter", "origin", "grade", "unit", "verdict")


def realism_csv(table: pd.DataFrame) -> str:
    """The table as CSV text with deterministic numbers (``repr`` of each float)."""
    out = table[list(REALISM_COLUMNS)].copy()
    for col in REALISM_COLUMNS:
        if col not in _CODE_COLUMNS:
            out[col] = [repr(float(x)) for x in out[col]]
    return out.to_csv(index=False, lineterminator="\n")


def write_realism_table(table: pd.DataFrame, path: Path = REALISM_TABLE) -> Path:
    """Store the plan-realism table (atomically)."""
    return write_atomic(path, realism_csv(table))


_STORED: dict[Path, pd.DataFrame] = {}


def stored_plan_realism(path: Path = REALISM_TABLE) -> pd.DataFrame:
    """The stored plan-realism table (columns :data:`REALISM_COLUMNS`), read once per process.

    Examples
    --------
    >>> table = stored_plan_realism()
    >>> set(table["verdict"]) <= set(VERDICTS)
    True
    """
    if path not in _STORED:
        table = pd.read_csv(path, dtype={c: str for c in _CODE_COLUMNS}, keep_default_na=False)
        for col in REALISM_COLUMNS:
            if col not in _CODE_COLUMNS:
                table[col] = table[col].astype(float)
        table["direction"] = table["direction"].astype(int)
        _STORED[path] = table[list(REALISM_COLUMNS)]
    return _STORED[path].copy()


def _format(x: float) -> str:
    """Six significant figures (no exponent below a million): round-off stays far below
    the 0.5 % tolerance of tests/test_plan.py."""
    return f"{x:.6g}" if abs(x) < 1e6 else f"{x:.0f}"


def write(values: dict[str, float]) -> list[Path]:
    """Write values and ranges into the parameter files in place (atomically per file)."""
    rules = plan_rules()
    derived = derived_rules()
    params = _with_values(load_parameters(), values)
    changed: list[Path] = []
    for path in sorted(PARAMETER_DIR.glob("*.toml")):
        text = original = path.read_text(encoding="utf-8")
        for name in [*(n for n in rules if n in values), *derived]:
            table = re.search(rf"^\[{re.escape(name)}\]\n(?:(?!^\[).*\n?)*", text, flags=re.M)
            if not table:
                continue
            block = table.group(0)
            value = params[name].value
            new = re.sub(r"^value = .*$", f"value = {_format(value)}", block, count=1, flags=re.M)
            if name in rules and name in values:
                low, high = rules[name][1]
                new = re.sub(
                    r"^range = .*$",
                    f"range = [{_format(value * low)}, {_format(value * high)}]",
                    new,
                    count=1,
                    flags=re.M,
                )
            text = text.replace(block, new)
        if text != original:
            tmp = path.with_suffix(".toml.tmp")
            tmp.write_text(text, encoding="utf-8")
            tmp.replace(path)
            changed.append(path)
    return changed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m model.analysis.plancost", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument(
        "--write",
        action="store_true",
        help="re-solve the plan-origin parameters and write them into model/policy/parameters/*.toml",
    )
    args = parser.parse_args(argv)
    if args.write:
        values = solve()
        current = load_parameters()
        for name, value in values.items():
            print(
                f"{name:<40} {current[name].value:>12.5g} -> {value:>12.5g}  ({plan_rules()[name][0]})"
            )
        for name in sorted(
            set(n for n, r in plan_rules().items() if current[n].origin == "plan") - set(values)
        ):
            print(
                f"{name:<40} {current[name].value:>12.5g}    (target of {plan_rules()[name][0]} not reachable: kept)"
            )
        for path in write(values):
            print(f"written: {path}")
    start = time.perf_counter()
    table = plan_realism()
    if args.write:
        print(f"written: {write_realism_table(table)}")
    with pd.option_context("display.width", 200, "display.max_columns", None):
        print(
            table.drop(columns=["unit", "grade"]).to_string(
                index=False, float_format=lambda x: f"{x:.4g}"
            )
        )
    print(f"plan_realism: {time.perf_counter() - start:.1f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
