"""The baseline's key results as a small table, checked in as ``tests/golden/baseline.csv``,
so that a change in the model's numbers shows up in ``tests/run/test_golden.py``.

The table holds the deterministic run ``simulate(load_scenario("baseline"))``, both
variants (``plan`` and ``no_reserve``):

- every output and outcome indicator of :data:`~model.policy.indicators.INDICATORS` the
  model computes (regional outcomes per region) at the end of 2027 (time point
  ``2028-01-01``) and at the run's last time point (``2030-12-01``: the default time axis
  ends with December 2030);
- the ledger per budget year: every variable of the run over ``budget_year``, per line,
  co-financing source or structural fund where it has one.

After an intended change of the model, regenerate the file and commit it with the reason::

    python -m model.run.golden --write      # or: make golden

Without ``--write`` the command compares the model with the file and lists what moved.
"""

from __future__ import annotations

import argparse
import csv
import io
import math
import sys
from collections.abc import Hashable, Iterable, Sequence
from pathlib import Path
from typing import NamedTuple

import numpy as np
import xarray as xr

from model.policy.indicators import END_OF_TARGET_YEAR, INDICATORS
from model.policy.scenarios import load_scenario
from model.run.simulation import simulate

GOLDEN = Path(__file__).resolve().parents[2] / "tests" / "golden" / "baseline.csv"
"""The checked-in file (in the repository, beside the tests)."""
REGENERATE = "python -m model.run.golden --write"
"""The command that rewrites :data:`GOLDEN` (``make golden`` runs it)."""
RTOL = 1e-9
"""Relative tolerance of the comparison."""
ATOL = 1e-12
"""Absolute tolerance, for values that are zero."""
COLUMNS = ("variable", "variant", "where", "at", "value")
SHOWN = 40
"""At most this many moved rows are listed in a comparison."""


class Row(NamedTuple):
    """One key result: ``variable`` of ``variant`` at ``where`` (e.g. ``region=zuid``,
    empty without one) and ``at`` (a time point or a budget year)."""

    variable: str
    variant: str
    where: str
    at: str
    value: float

    @property
    def key(self) -> tuple[str, str, str, str]:
        return self.variable, self.variant, self.where, self.at


def format_value(x: float) -> str:
    """``x`` with every digit it needs to be read back exactly (Python's ``repr``).

    >>> format_value(0.1), format_value(27000.0), format_value(float("nan"))
    ('0.1', '27000.0', 'nan')
    """
    return repr(float(x))


def _where(da: xr.DataArray, skip: Iterable[str]) -> list[tuple[str, dict[Hashable, object]]]:
    """``(label, selection)`` for every combination of ``da``'s dims other than ``skip``."""
    dims = [d for d in da.dims if str(d) not in set(skip)]
    if not dims:
        return [("", {})]
    labels = [[str(v) for v in da[d].values] for d in dims]
    picks: list[tuple[str, dict[Hashable, object]]] = []
    for idx in np.ndindex(*(len(x) for x in labels)):
        sel = {d: da[d].values[i] for d, i in zip(dims, idx, strict=True)}
        label = ",".join(
            f"{d}={labels[k][i]}" for k, (d, i) in enumerate(zip(dims, idx, strict=True))
        )
        picks.append((label, sel))
    return picks


def key_results(ds: xr.Dataset | None = None) -> list[Row]:
    """The rows of the golden table for ``ds`` (default: the deterministic baseline).

    >>> from model import load_scenario, simulate
    >>> rows = key_results(simulate(load_scenario("baseline")))
    >>> sorted({r.variant for r in rows})
    ['no_reserve', 'plan']
    >>> [r.at for r in rows if r.key[:3] == ("movement_guideline_share", "plan", "region=zuid")]
    ['2028-01-01', '2030-12-01']
    """
    if ds is None:
        ds = simulate(load_scenario("baseline"))
    ds = ds.sel(sample=0)
    times = ds["time"].values
    moments = [np.datetime64(END_OF_TARGET_YEAR, "ns"), times[-1]]
    rows: list[Row] = []
    for variant in (str(v) for v in ds["variant"].values):
        run = ds.sel(variant=variant)
        for name in (i for i in INDICATORS if i in run.data_vars):
            da = run[name]
            for label, sel in _where(da, ("time",)):
                for moment in moments:
                    value = da.sel(sel).sel(time=moment).item()
                    rows.append(Row(name, variant, label, str(moment)[:10], value))
        for ledger_name in (v for v in run.data_vars if "budget_year" in run[v].dims):
            da = run[ledger_name]
            for label, sel in _where(da, ("budget_year",)):
                for year in run["budget_year"].values:
                    value = da.sel(sel).sel(budget_year=year).item()
                    rows.append(Row(str(ledger_name), variant, label, str(int(year)), value))
    return rows


def dumps(rows: Sequence[Row]) -> str:
    """``rows`` as CSV text (header :data:`COLUMNS`, ``\\n`` line ends)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    writer.writerows((*r.key, format_value(r.value)) for r in rows)
    return out.getvalue()


def loads(text: str) -> list[Row]:
    """The rows of CSV text written by :func:`dumps`.

    >>> loads(dumps([Row("x", "plan", "", "2024", 0.1)]))
    [Row(variable='x', variant='plan', where='', at='2024', value=0.1)]
    """
    reader = csv.reader(io.StringIO(text))
    header = tuple(next(reader))
    if header != COLUMNS:
        raise ValueError(f"golden table: columns {header}, expected {COLUMNS}")
    return [Row(v, variant, where, at, float(x)) for v, variant, where, at, x in reader]


def write(rows: Sequence[Row], path: Path = GOLDEN) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(dumps(rows), encoding="utf-8")
    return path


def read(path: Path = GOLDEN) -> list[Row]:
    return loads(path.read_text(encoding="utf-8"))


def _same(a: float, b: float) -> bool:
    if math.isnan(a) or math.isnan(b):
        return math.isnan(a) and math.isnan(b)
    return math.isclose(a, b, rel_tol=RTOL, abs_tol=ATOL)


def _change(old: float, new: float) -> str:
    if old == 0.0 or math.isnan(old) or math.isnan(new):
        return f"{new - old:+.6g}"
    return f"{100.0 * (new - old) / abs(old):+.6g} %"


def differences(expected: Sequence[Row], actual: Sequence[Row]) -> list[str]:
    """What moved between two tables, one line per row (empty when they agree within
    :data:`RTOL`): changed values, rows the model no longer gives, and new rows."""
    old = {r.key: r.value for r in expected}
    new = {r.key: r.value for r in actual}
    lines = []
    for key, value in old.items():
        if key in new and not _same(value, new[key]):
            lines.append(
                f"moved   {' '.join(k for k in key if k)}: {value!r} -> {new[key]!r} ({_change(value, new[key])})"
            )
    lines += [
        f"missing {' '.join(k for k in key if k)} (in the file, not in the model)"
        for key in old
        if key not in new
    ]
    lines += [
        f"new     {' '.join(k for k in key if k)} (in the model, not in the file)"
        for key in new
        if key not in old
    ]
    return lines


def report(lines: Sequence[str], path: Path = GOLDEN) -> str:
    """A failure message for :func:`differences`: what moved and how to regenerate."""
    moved = sum(line.startswith("moved") for line in lines)
    shown = [f"  {line}" for line in lines[:SHOWN]]
    if len(lines) > SHOWN:
        shown.append(f"  ... and {len(lines) - SHOWN} more")
    return "\n".join(
        [
            f"The baseline's key results differ from {path} (relative tolerance {RTOL:g}): "
            f"{moved} rows moved, {len(lines) - moved} missing or new.",
            *shown,
            "If the change is intended, regenerate the file and commit it with the reason:",
            f"    {REGENERATE}    (or: make golden)",
        ]
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m model.run.golden",
        description="Compare the deterministic baseline with its golden table, or rewrite the table.",
    )
    parser.add_argument("--write", action="store_true", help="rewrite the table from the model")
    parser.add_argument("--path", type=Path, default=GOLDEN, help=f"default: {GOLDEN}")
    args = parser.parse_args(argv)
    rows = key_results()
    if args.write:
        print(f"wrote {len(rows)} rows to {write(rows, args.path)}")
        return 0
    lines = differences(read(args.path), rows)
    if lines:
        print(report(lines, args.path))
        return 1
    print(f"{args.path}: {len(rows)} rows, the model agrees")
    return 0


if __name__ == "__main__":
    sys.exit(main())
