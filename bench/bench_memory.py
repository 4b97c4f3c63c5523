#!/usr/bin/env python
"""Benchmark: the peak memory of a large ensemble reduced chunk by chunk.

    python bench/bench_memory.py                   # 100,000 samples reduced; a whole 10,000 for scale
    python bench/bench_memory.py --samples 20000   # a smaller check (about 30 s)
    python bench/bench_memory.py --write           # also write each chunk's whole run to a netCDF file
    python bench/bench_memory.py --scheduler local --json mem.json

A script that prints figures, not a test. Each configuration runs in its own child process
(this script with ``--child``), so that its peak resident memory (max RSS, ``getrusage``)
is its own; the figure includes the interpreter and the imported toolkit (about 190 MiB).

What is measured:

1. ``reduced``: ``ensemble(load_scenario("baseline"), samples=N, seed=1)`` through the public
   API; above 10,000 samples it runs chunk by chunk and keeps each chunk's reduction (the
   indicators at each 1 January and the last month, the ledger, the parameters), then
   computes the bands and target probabilities from it. The issue's target: at most
   2 GiB at N = 100,000 (the whole run peaked at 12.4 GiB).
2. ``write`` (``--write``): the same, writing each chunk's whole run (monthly, the
   indicators and the ledger's inputs) to a netCDF file as it comes.
3. ``whole`` (``--whole M``, default 10,000): ``ensemble(..., chunked=False)``, the run kept
   whole, for the cost per sample it replaces.

Each line also prints the size check's estimate (:func:`model.run.sizing.estimate_ensemble`),
which must not be below the measurement by much (then a run the check admits is killed).
With ``--scheduler`` the chunks run on Dask; the figure is then this process only (a local
cluster's workers are processes of their own, reported as ``workers_peak_rss_mib``).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:  # benchmark the working tree, installed or not
    sys.path.insert(0, str(REPO))

SCENARIO = "baseline"
SEED = 1
DEFAULT_SAMPLES = 100_000
DEFAULT_WHOLE = 10_000
TARGET_MIB = 2048
RESULT_TAG = "@@bench-memory "
MiB = 2**20


def _peak_mib(who: int = resource.RUSAGE_SELF) -> float:
    peak = resource.getrusage(who).ru_maxrss
    return peak / MiB if sys.platform == "darwin" else peak / 1024


def child(cfg: dict) -> dict:
    from model import load_scenario
    from model.analysis.uncertainty import ensemble
    from model.run.sizing import estimate_ensemble

    sc = load_scenario(SCENARIO)
    base = _peak_mib()
    n, kind = cfg["samples"], cfg["kind"]
    out = Path(cfg["folder"]) / "ensemble.nc" if kind == "write" else None
    chunked = kind != "whole"
    started = time.perf_counter()
    ds = ensemble(
        sc,
        samples=n,
        seed=SEED,
        chunked=chunked,
        out=out,
        scheduler=cfg.get("scheduler"),
    )
    seconds = time.perf_counter() - started
    peak = _peak_mib()
    p = ds["p_target_met"].dropna("indicator")
    bands = [k for k in ds.data_vars if k.startswith("band_")]
    estimate = estimate_ensemble(samples=n, chunked=chunked, write=out is not None)
    result = {
        "kind": kind,
        "samples": n,
        "seconds": seconds,
        "peak_rss_mib": peak,
        "base_rss_mib": base,
        "per_sample_kb": (peak - base) * MiB / n / 1e3,
        "estimate_mib": estimate.bytes / MiB,
        "dataset_mib": ds.nbytes / MiB,
        "time_points": int(ds.sizes["time"]),
        "bands": len(bands),
        "probabilities": int(p.size),
        "lowest_p_target_met": float(p.min()),
    }
    if out is not None:
        result["file_mib"] = out.stat().st_size / MiB
    if cfg.get("scheduler"):
        result["workers_peak_rss_mib"] = _peak_mib(resource.RUSAGE_CHILDREN)
    return result


def run_child(cfg: dict) -> dict:
    proc = subprocess.run(
        [sys.executable, __file__, "--child", json.dumps(cfg)],
        capture_output=True,
        text=True,
        check=False,
    )
    for line in proc.stdout.splitlines():
        if line.startswith(RESULT_TAG):
            return json.loads(line[len(RESULT_TAG) :])
    raise RuntimeError(f"child {cfg} failed:\n{proc.stdout}\n{proc.stderr}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--samples", type=int, default=DEFAULT_SAMPLES)
    ap.add_argument("--whole", type=int, default=DEFAULT_WHOLE, help="0 skips the whole run")
    ap.add_argument("--write", action="store_true", help="also measure writing to a file")
    ap.add_argument("--scheduler", default=None, help="local or a Dask scheduler's address")
    ap.add_argument("--json", type=Path, default=None, help="write the figures as JSON")
    ap.add_argument("--child", default=None, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.child is not None:
        print(RESULT_TAG + json.dumps(child(json.loads(args.child))), flush=True)
        return 0

    with tempfile.TemporaryDirectory() as folder:
        configs = [{"kind": "reduced", "samples": args.samples}]
        if args.write:
            configs.append({"kind": "write", "samples": args.samples})
        if args.whole:
            configs.append({"kind": "whole", "samples": args.whole})
        for cfg in configs:
            cfg.update(folder=folder, scheduler=args.scheduler)
        print(
            f"samenleven bench_memory: {SCENARIO}, seed {SEED}, {platform.machine()}, "
            f"{os.cpu_count()} cores, Python {platform.python_version()}"
        )
        head = f"{'run':<9}{'samples':>9}{'peak MiB':>10}{'estimate':>10}{'kB/sample':>11}{'seconds':>9}  notes"
        print(head)
        results = []
        for cfg in configs:
            r = run_child(cfg)
            results.append(r)
            notes = f"{r['time_points']} time points, {r['bands']} bands, {r['probabilities']} probabilities"
            if "file_mib" in r:
                notes += f", file {r['file_mib']:.0f} MiB"
            if "workers_peak_rss_mib" in r:
                notes += f", workers {r['workers_peak_rss_mib']:.0f} MiB"
            print(
                f"{r['kind']:<9}{r['samples']:>9,}{r['peak_rss_mib']:>10.0f}{r['estimate_mib']:>10.0f}"
                f"{r['per_sample_kb']:>11.1f}{r['seconds']:>9.1f}  {notes}"
            )
    reduced = results[0]
    met = reduced["peak_rss_mib"] <= TARGET_MIB
    print(
        f"\ntarget: {reduced['samples']:,}-sample ensemble reduced to bands and probabilities, "
        f"peak {reduced['peak_rss_mib']:.0f} MiB (<= {TARGET_MIB} MiB: {'met' if met else 'NOT met'}; "
        "kept whole it peaked at 12.4 GiB)"
    )
    if args.json is not None:
        args.json.write_text(json.dumps({"results": results, "target_mib": TARGET_MIB}, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
