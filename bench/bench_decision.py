#!/usr/bin/env python
"""Benchmark: the decision analyses of issue 15 on the baseline.

    python bench/bench_decision.py                   # all cases, 1,000 samples
    python bench/bench_decision.py --samples 1000 --cases single regret
    python bench/bench_decision.py --json bench_decision.json

A script that prints figures, not a test: nothing passes or fails on timing. The target
in the issue: a full single-objective search with 1,000 samples within 60 s on this
2-core machine. Cases (each from the baseline, seed 1, the calibrated parameter set):

``single``   ``optimise(objective="attainment", robustness="mean")``, all six lines free;
``p10``      the same with the 10th percentile;
``regret``   minimax regret over the four named futures;
``levers``   the single search with the 2.2 split and the phasing searched too;
``pareto``   NSGA-II, one objective per goal, population 40, 25 generations, at
             ``--pareto-samples`` (default 200) samples;
``marginal`` 1 M€ more on each line (seven allocations on one draw).

Per case: seconds, candidates evaluated on all samples and on the screening subset,
sample-runs of the engine and sample-runs per second, and the chosen allocation.
"""

from __future__ import annotations

import argparse
import json
import time

from model import load_scenario
from model.analysis.marginal import marginal
from model.analysis.optimise import optimise

CASES = ("single", "p10", "regret", "levers", "pareto", "marginal")


def run_case(case: str, samples: int, pareto_samples: int) -> dict:
    sc = load_scenario("baseline")
    began = time.perf_counter()
    if case == "marginal":
        ds = marginal(sc, samples=samples, seed=1)
        seconds = time.perf_counter() - began
        return {
            "case": case,
            "samples": samples,
            "seconds": round(seconds, 2),
            "runs": 7 * samples * 2,
        }
    kwargs: dict = {"samples": samples, "seed": 1}
    if case == "p10":
        kwargs["robustness"] = "p10"
    elif case == "regret":
        kwargs["robustness"] = "regret"
    elif case == "levers":
        kwargs["levers"] = ("split", "phasing")
    elif case == "pareto":
        kwargs.update(pareto=True, samples=pareto_samples)
    ds = optimise(sc, **kwargs)
    seconds = time.perf_counter() - began
    chosen = int(ds["chosen"])
    return {
        "case": case,
        "samples": kwargs["samples"],
        "seconds": round(seconds, 2),
        "candidates": int(ds.attrs["evaluations"]),
        "screened": int(ds.attrs.get("screened", 0)),
        "runs": int(ds.attrs["sample_runs"]),
        "runs_per_s": round(ds.attrs["sample_runs"] / seconds),
        "front": int(ds.sizes["candidate"]),
        "chosen": [float(v) for v in ds["allocation"].isel(candidate=chosen).values],
        "score": float(ds["overall_score"].isel(candidate=chosen)),
        "baseline_score": float(ds["baseline_overall_score"]),
        "baseline_dominated": bool(ds["baseline_dominated"]),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[1])
    ap.add_argument("--samples", type=int, default=1000)
    ap.add_argument("--pareto-samples", type=int, default=200)
    ap.add_argument("--cases", nargs="+", choices=CASES, default=list(CASES))
    ap.add_argument("--json", default=None)
    args = ap.parse_args()
    rows = []
    for case in args.cases:
        row = run_case(case, args.samples, args.pareto_samples)
        rows.append(row)
        extra = ""
        if "chosen" in row:
            extra = (
                f"  candidates {row['candidates']} (+{row['screened']} screened), {row['runs']:,} sample-runs,"
                f" {row['runs_per_s']:,}/s, chosen {[int(v) for v in row['chosen']]},"
                f" score {row['score']:.4f} vs baseline {row['baseline_score']:.4f}"
                f"{' (baseline dominated)' if row['baseline_dominated'] else ''}"
            )
        target = (
            "  [target <= 60 s: " + ("met]" if row["seconds"] <= 60 else "not met]")
            if case == "single" and row["samples"] >= 1000
            else ""
        )
        print(
            f"{case:9s} {row['samples']:>6,} samples {row['seconds']:>8.1f} s{target}{extra}",
            flush=True,
        )
    if args.json:
        with open(args.json, "w", encoding="utf-8") as fh:
            json.dump(rows, fh, indent=2)


if __name__ == "__main__":
    main()
