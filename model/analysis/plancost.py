"""Plan-consistent parameters: the unit costs (and response sizes) at which the
baseline just meets the doelenboom targets.

Where the document gives both a budget and a target, the default cost per unit is
the one that makes the plan add up (MODEL.md). With delays and phasing, "budget /
target" is not quite that, so each goal module lists its plan-consistent parameters
in ``PLAN_RULES = {parameter: (indicator, (low, high)[, target])}``; this module
solves each with :func:`scipy.optimize.brentq` on the deterministic baseline, so that
the indicator equals its target (or the given target, e.g. 99.9 % for a share capped
at 100 %) at the end of 2027, and sets the range to ``value x (low, high)``
(estimation uncertainty, §8.2). Goal modules' ``DERIVED`` entries are
recomputed after each change.

    python -m model.analysis.plancost            # print the values
    python -m model.analysis.plancost --write    # and write them into model/policy/parameters/*.toml

``tests/test_plan.py`` checks that the stored values still meet the targets.
"""

from __future__ import annotations

import argparse
import importlib
import re
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import numpy as np
from scipy.optimize import brentq

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


def solve(params: ParameterSet | None = None, *, rtol: float = 1e-6) -> dict[str, float]:
    """Solve every plan-consistent parameter, one after another (later ones see earlier ones)."""
    params = params or load_parameters()
    solved: dict[str, float] = {}
    for name, (indicator, _, target) in plan_rules().items():
        x0 = params[name].value

        def gap(
            x: float, indicator: str = indicator, name: str = name, target: float = target
        ) -> float:
            return baseline_value(indicator, _with_values(params, {**solved, name: x})) - target

        lo, hi = x0 / 4.0, x0 * 4.0
        if np.sign(gap(lo)) == np.sign(gap(hi)):
            raise ValueError(
                f"{name}: the target of {indicator} ({target}) is not reached for values between {lo:g} and {hi:g}"
            )
        solved[name] = brentq(gap, lo, hi, rtol=rtol)
    return solved


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
        for name in [*rules, *derived]:
            table = re.search(rf"^\[{re.escape(name)}\]\n(?:(?!^\[).*\n?)*", text, flags=re.M)
            if not table:
                continue
            block = table.group(0)
            value = params[name].value
            new = re.sub(r"^value = .*$", f"value = {_format(value)}", block, count=1, flags=re.M)
            if name in rules:
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
        "--write", action="store_true", help="write the values into model/policy/parameters/*.toml"
    )
    args = parser.parse_args(argv)
    values = solve()
    current = load_parameters()
    for name, value in values.items():
        print(
            f"{name:<40} {current[name].value:>12.5g} -> {value:>12.5g}  ({plan_rules()[name][0]})"
        )
    if args.write:
        for path in write(values):
            print(f"written: {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
