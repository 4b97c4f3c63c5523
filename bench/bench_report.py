#!/usr/bin/env python
"""Benchmark: the council report of the baseline, 1,000 samples, Sobol N = 512.

    python bench/bench_report.py                           # build once, render PDF, HTML and Excel
    python bench/bench_report.py --samples 1000 --sobol-n 512 --formats pdf --out-dir /tmp

A script that prints figures, not a test: nothing here passes or fails on timing.

What is measured, in one process: ``model.report.build_report`` (the baseline on the
draw; Sobol indices of every indicator over every uncertain parameter, and per group;
scenario discovery for every output; the tables and the app's charts), then
``model.report.render`` for each format. The headline figure is build + PDF render: what
``samenleven report baseline --format pdf`` costs (the PDF is the slowest format, as its
charts go through a headless Chromium). CPU time / wall time says how much the process
waited for the (shared) machine, or for Chromium, which runs in its own processes.
"""

from __future__ import annotations

import argparse
import platform
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from model import load_scenario
from model.report import FORMATS, build_report, render, write_bytes_atomic


def main() -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--samples", type=int, default=1000)
    ap.add_argument("--sobol-n", type=int, default=512)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--formats", nargs="+", choices=FORMATS, default=list(FORMATS))
    ap.add_argument("--out-dir", type=Path, default=None, help="also write the files here")
    args = ap.parse_args()

    print(
        f"samenleven report benchmark: baseline, {args.samples} samples, Sobol N = {args.sobol_n}, seed {args.seed}"
    )
    print(f"Python {platform.python_version()} on {platform.machine()}, {platform.node()}")
    steps: list[tuple[str, float]] = []
    wall0, cpu0 = time.perf_counter(), time.process_time()
    report = build_report(
        [load_scenario("baseline")], samples=args.samples, sobol_n=args.sobol_n, seed=args.seed,
        progress=lambda step, seconds: steps.append((step, seconds)),
    )  # fmt: skip
    build_wall, build_cpu = time.perf_counter() - wall0, time.process_time() - cpu0
    for step, seconds in steps:
        print(f"  build: {step:<32} {seconds:7.1f} s")
    print(
        f"build_report total                        {build_wall:7.1f} s  (cpu {100 * build_cpu / build_wall:.0f} %)"
    )
    print(f"  Sobol model runs: {report.settings['model_runs_sobol']:,}")
    renders = {}
    for fmt in args.formats:
        w, c = time.perf_counter(), time.process_time()
        data = render(report, fmt)
        renders[fmt] = time.perf_counter() - w
        print(
            f"render {fmt:<5} {len(data) / 1e6:6.1f} MB                   {renders[fmt]:7.1f} s  (cpu of this process {100 * (time.process_time() - c) / renders[fmt]:.0f} %)"
        )
        if args.out_dir is not None:
            write_bytes_atomic(data, args.out_dir / f"rapport_baseline.{fmt}")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory (max RSS): {peak:,.0f} MiB")
    for fmt, seconds in renders.items():
        print(f"REPORT {fmt}: build + render = {build_wall + seconds:.1f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
