#!/usr/bin/env python
"""Benchmark: a Sobol analysis of all uncertainties of the full model.

    python bench/bench_sensitivity.py                    # N = 1024, every output indicator
    python bench/bench_sensitivity.py --n 256 --profile  # smaller, with a profile of the model runs
    python bench/bench_sensitivity.py --json bench_sensitivity.json
    python bench/bench_sensitivity.py --no-salib         # skip SALib's own analysis (slow)

A script that prints figures, not a test: nothing here passes or fails on timing.

What is measured: ``model.analysis.sensitivity.sobol_indices`` on the baseline scenario with
every uncertain parameter of ``model/policy/parameters/*.toml`` (D of them), first and total
order (Saltelli's scheme without second-order terms: N * (D + 2) model runs), for every
output indicator the model computes, at the end of 2027. A "model run" is one parameter
set, integrated once (the plan only: the analysis needs neither the no-reserve
counterfactual nor the ledger) up to the end of 2027. The rows go through
``model.simulate`` in batches of ``--batch-rows`` (each batch one vectorised call, which
bounds the memory).

Reported, from one run:

* end to end (the ``--analyzer``, default ``vectorised``): wall time split into sampling
  (the unit sample and its mapping through each parameter's inverse distribution
  function), model runs and analysis (the rest: the estimators and the Dataset); runs per second; CPU time / wall time (the machine is shared:
  well below 100 % means the process waited); peak memory (max RSS); the convergence
  verdict; against the issue's target (Sobol, all uncertainties, N = 1024, all outputs,
  end to end, <= 3 s);
* the analysis alone, on the same model outputs, by each analyzer: SALib's own
  (``SALib.analyze.sobol.analyze`` once per output, as the toolkit did before), the
  vectorised estimators (``model.analysis.estimators.sobol_first_total``: checked to give
  SALib's numbers exactly) and the fast variant (``exact=False``: the bootstrap by a matrix
  product; its largest difference from SALib's intervals is printed), with the ratios;
* for comparison, the time SALib's own ``sobol`` sampler takes to build the same matrix in
  its Python loop.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import os
import platform
import pstats
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import numpy as np

from model import load_parameters, load_scenario
from model.analysis.estimators import SOBOL_KEYS
from model.analysis.sensitivity import (
    ANALYZERS,
    BATCH_ROWS,
    model_outputs,
    modelled_indicators,
    saltelli_unit_sample,
    sobol_indices,
    to_values,
)
from model.common.files import write_atomic
from model.policy.indicators import OUTPUTS
from model.present.wording import convergence_message

TARGET_END_TO_END_S = 3.0
"""Issue 14's target: Sobol, all uncertainties, N = 1024, all outputs, end to end."""


def main() -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument(
        "--n", type=int, default=1024, help="Sobol base sample (power of 2; default 1024)"
    )
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument(
        "--batch-rows",
        type=int,
        default=BATCH_ROWS,
        help=f"rows per simulate call (default {BATCH_ROWS})",
    )
    ap.add_argument(
        "--all-indicators", action="store_true", help="outcomes too, not only the outputs"
    )
    ap.add_argument(
        "--profile", action="store_true", help="profile the model runs and print the top functions"
    )
    ap.add_argument(
        "--json", type=Path, default=None, help="also write the figures to this JSON file"
    )
    ap.add_argument(
        "--analyzer",
        choices=ANALYZERS,
        default="vectorised",
        help="analyzer of the end-to-end run (default vectorised)",
    )
    ap.add_argument(
        "--no-salib",
        action="store_true",
        help="skip SALib's own analysis (about 0.6 s per output at N = 1024, D = 194)",
    )
    args = ap.parse_args()

    scenario = load_scenario("baseline")
    base = load_parameters()
    params = scenario.parameters(base)
    present = modelled_indicators()
    ids = present if args.all_indicators else [o.id for o in OUTPUTS if o.id in present]
    d = len(params.uncertain)
    runs = args.n * (d + 2)
    print(
        f"samenleven Sobol benchmark — {platform.python_version()}, numpy {np.__version__}, {os.cpu_count()} CPUs, {platform.machine()}"
    )
    print(
        f"baseline, D = {d} uncertain parameters, N = {args.n}: {runs:,} model runs (plan variant, to the end of 2027), "
        f"{len(ids)} indicators, batches of {args.batch_rows:,} rows"
    )

    timing = {"model": 0.0}
    profiler = cProfile.Profile() if args.profile else None
    kept: dict[str, np.ndarray] = {}

    def func(values: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
        t0 = time.perf_counter()
        if profiler is not None:
            profiler.enable()
        try:
            out = model_outputs(
                scenario,
                values,
                indicators=ids,
                year=2027,
                parameters=base,
                batch_rows=args.batch_rows,
            )
            kept.update(out)
            return out
        finally:
            if profiler is not None:
                profiler.disable()
            timing["model"] += time.perf_counter() - t0

    def kept_outputs(values: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
        return kept  # the same sample matrix (same n and seed): the model's outputs again

    # sampling alone (the call sobol_indices makes), to split the wall time; and SALib's own
    # sampler, which builds the identical matrix in a Python loop
    from SALib.sample import sobol as sobol_sample

    problem = {"num_vars": d, "names": params.uncertain, "bounds": [[0.0, 1.0]] * d}
    saltelli_unit_sample(problem, 2, seed=0)  # imports (scipy.stats, SALib) outside the timings
    sobol_sample.sample(problem, 2, calc_second_order=False, seed=0)
    from SALib.analyze import sobol as _  # noqa: F401

    t0 = time.perf_counter()
    unit = saltelli_unit_sample(problem, args.n, seed=args.seed)
    t_sampling = time.perf_counter() - t0
    t0 = time.perf_counter()
    to_values(params, unit, names=params.uncertain)  # each column through its inverse CDF
    t_sampling += time.perf_counter() - t0
    del unit
    t0 = time.perf_counter()
    sobol_sample.sample(problem, args.n, calc_second_order=False, seed=args.seed)
    t_salib_sampler = time.perf_counter() - t0

    # end to end: sampling, model runs, analysis
    t0, c0 = time.perf_counter(), time.process_time()
    ds = sobol_indices(func, params, n=args.n, seed=args.seed, analyzer=args.analyzer)
    wall, cpu = time.perf_counter() - t0, time.process_time() - c0
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0
    t_analysis = max(0.0, wall - timing["model"] - t_sampling)

    # the analysis alone, by each analyzer, on the same outputs (the model is not run again)
    analysis = {args.analyzer: t_analysis}
    results = {args.analyzer: ds}
    for analyzer in ANALYZERS:
        if analyzer in results or (analyzer == "salib" and args.no_salib):
            continue
        t0 = time.perf_counter()
        results[analyzer] = sobol_indices(
            kept_outputs, params, n=args.n, seed=args.seed, analyzer=analyzer
        )
        analysis[analyzer] = max(0.0, time.perf_counter() - t0 - t_sampling)

    def same(a: str, b: str) -> bool:
        return all(
            np.array_equal(results[a][k].values, results[b][k].values, equal_nan=True)
            for k in SOBOL_KEYS
        )

    def widest_difference(a: str, b: str) -> float:
        return max(
            float(np.nanmax(np.abs(results[a][k].values - results[b][k].values), initial=0.0))
            for k in SOBOL_KEYS
        )

    reference = "salib" if "salib" in results else None
    figures = {
        "N": args.n,
        "D": d,
        "indicators": len(ids),
        "model_runs": int(ds.attrs["model_runs"]),
        "analyzer": args.analyzer,
        "wall_s": round(wall, 2),
        "end_to_end_target_s": TARGET_END_TO_END_S,
        "end_to_end_target_met": bool(wall <= TARGET_END_TO_END_S),
        "sampling_s": round(t_sampling, 2),
        "salib_sampler_loop_s": round(t_salib_sampler, 2),
        "cpu_percent": round(100 * cpu / wall),
        "model_s": round(timing["model"], 2),
        "analysis_s": round(t_analysis, 2),
        **{f"analysis_{a}_s": round(t, 3) for a, t in analysis.items()},
        "runs_per_s": round(ds.attrs["model_runs"] / wall),
        "model_runs_per_s": round(ds.attrs["model_runs"] / timing["model"]),
        "peak_rss_mib": round(peak_mib),
        "batch_rows": args.batch_rows,
        "convergence_ok": int(ds.attrs["convergence_ok"]),
        "convergence_max_conf": round(float(ds.attrs["convergence_max"]), 3),
        "convergence_n_needed": int(ds.attrs["convergence_n_needed"]),
    }
    if reference is not None:
        for a in analysis:
            if a != reference:
                figures[f"analysis_ratio_salib_to_{a}"] = round(
                    analysis[reference] / max(analysis[a], 1e-9), 1
                )
                figures[f"identical_to_salib_{a}"] = same(a, reference)
                figures[f"max_difference_from_salib_{a}"] = widest_difference(a, reference)
    print()
    print(
        f"  end to end ({args.analyzer}) {wall:6.1f} s   (sampling and mapping {t_sampling:.1f} s, model {timing['model']:.1f} s, analysis {t_analysis:.1f} s)"
        f"; target <= {TARGET_END_TO_END_S:.0f} s: {'met' if figures['end_to_end_target_met'] else 'not met'}"
    )
    print(
        f"  cpu / wall         {figures['cpu_percent']:8d} %   (well below 100 %: the process waited for a busy machine)"
    )
    print(
        f"  SALib's sampler    {t_salib_sampler:8.1f} s   (same matrix, built in a Python loop; not used)"
    )
    print(f"  model runs         {figures['model_runs']:8,d}")
    print(
        f"  runs per second    {figures['runs_per_s']:8,d}   (model part alone: {figures['model_runs_per_s']:,d})"
    )
    print(f"  peak memory        {figures['peak_rss_mib']:8,d} MiB")
    print(f"  {convergence_message(ds, 'en')}")
    print()
    print(f"  analysis alone, {len(ids)} outputs x {d} parameters, same model outputs:")
    for a in ANALYZERS:
        if a not in analysis:
            print(f"    {a:<11} skipped (--no-salib)")
            continue
        line = f"    {a:<11} {analysis[a]:8.2f} s"
        if reference is not None and a != reference:
            line += f"   {figures[f'analysis_ratio_salib_to_{a}']:6.1f}x faster than SALib; "
            line += (
                "identical numbers"
                if figures[f"identical_to_salib_{a}"]
                else f"largest difference {figures[f'max_difference_from_salib_{a}']:.1e}"
            )
        print(line)
    print()
    print("  most influential uncertainty per output (ST ± 95 %):")
    for i in ids:
        st = ds["ST"].sel(output=i)
        if np.isnan(st).all():
            print(f"    {i:<40} does not vary")
            continue
        j = int(np.nanargmax(st.values))
        print(
            f"    {i:<40} {ds['parameter'].values[j]!s:<36} {float(st[j]):.2f} ± {float(ds['ST_conf'].sel(output=i)[j]):.2f}"
        )
    if profiler is not None:
        print("\n  profile of the model runs (top 15 by own time):")
        pstats.Stats(profiler, stream=sys.stdout).sort_stats("tottime").print_stats(15)
    if args.json is not None:
        write_atomic(args.json, json.dumps(figures, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
