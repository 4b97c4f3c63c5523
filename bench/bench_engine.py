#!/usr/bin/env python
"""Benchmark: vectorised ensembles versus running the model one sample at a time.

    python bench/bench_engine.py                 # 1k, 10k and 100k samples (a few minutes)
    python bench/bench_engine.py --quick         # 1k and 10k, a smaller one-at-a-time subset
    python bench/bench_engine.py --sizes 1000 50000 --subset 500 --json bench.json

A script that prints figures, not a test: nothing here passes or fails on timing.
It is meant to be run again as the model grows, so the vectorised side uses only the
public API (``from model import load_scenario, simulate`` on the baseline scenario).

The figures are ratios measured in one run because the machine is shared: absolute
seconds move with whatever else the machine is doing, so compare the ratios (one
sample at a time / vectorised, per run) measured within one invocation, not seconds
across invocations. The ``cpu %`` column (process CPU time / wall time) shows when a
measurement was slowed by other load: well below 100 % means the process waited.

What is measured, each configuration in its own child process (this script run with
``--child``) so that each peak memory figure (max RSS, ``getrusage``) belongs to that
configuration alone:

1. one deterministic run, ``simulate(sc, samples=1)``, best of 5 repeats;
2. vectorised ensembles ``simulate(sc, samples=N, seed=1)``: wall time, runs per second;
3. the same ensemble one sample at a time, the way PySD and the EMA Workbench run a
   model: the N parameter sets are drawn once (``sc.parameters().sample(N, seed=1)``)
   and a Python loop calls ``simulate(sc, samples=1, drawn=...)`` once per set. Each
   "run" (either way) is one parameter set with its plan and no-reserve variants, and
   both ways record the same variables (``detail="indicators"``). Only the first
   ``--subset`` samples are timed; the total for N is extrapolated (and labelled so).
   The one-at-a-time results are checked against the vectorised results.
4. the ratio of the per-run times, one-at-a-time / vectorised (target: >= 100x at 10k);
5. peak memory (max RSS of the child, MiB) and the size of the resulting Dataset.

Both ways go through ``model.simulate``, so both pay for the ledger, merging and
provenance: the ratio is what vectorising over samples buys.
"""

from __future__ import annotations

import argparse
import datetime as _dt
import gc
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
DETAIL = "indicators"  # both ways keep the same variables: the indicators and the ledger
DETERMINISTIC_REPEATS = 5
DEFAULT_SIZES = (1_000, 10_000, 100_000)
QUICK_SIZES = (1_000, 10_000)
DEFAULT_SUBSET = 300
QUICK_SUBSET = 100
TARGET_SIZE, TARGET_RATIO = 10_000, 100.0
RESULT_TAG = "@@bench-result "
MiB = 2**20


# --------------------------------------------------------------------------- child side


def _peak_rss_mib() -> float:
    """Max RSS of this process so far (Linux reports KiB, macOS bytes)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / MiB if sys.platform == "darwin" else peak / 1024


def _warm_up():
    """Import the model and run it once (untimed) so that one-time costs (imports,
    building the cached structure) are not charged to the measured configuration."""
    from model import load_scenario, simulate

    sc = load_scenario(SCENARIO)
    simulate(sc, samples=1)
    gc.collect()
    return sc, _peak_rss_mib()


def _timed(fn):
    gc.collect()
    c0, t0 = time.process_time(), time.perf_counter()
    value = fn()
    t1, c1 = time.perf_counter(), time.process_time()
    return value, t1 - t0, c1 - c0


def child_deterministic(cfg: dict) -> dict:
    from model import load_scenario, simulate

    sc = load_scenario(SCENARIO)
    base = (
        _peak_rss_mib()
    )  # imports only: the first repeat pays the one-time costs, best-of hides them
    walls, cpus, ds = [], [], None
    for _ in range(cfg["repeats"]):
        ds = None
        ds, wall, cpu = _timed(lambda: simulate(sc, samples=1))
        walls.append(wall)
        cpus.append(cpu)
    best = min(range(len(walls)), key=walls.__getitem__)
    return {
        "seconds": walls[best],
        "cpu_seconds": cpus[best],
        "all_seconds": walls,
        "peak_rss_mib": _peak_rss_mib(),
        "base_rss_mib": base,
        "dataset_mib": ds.nbytes / MiB,
    }


def child_vectorised(cfg: dict) -> dict:
    from model import simulate

    sc, base = _warm_up()
    n = cfg["samples"]
    walls, cpus, ds = [], [], None
    for _ in range(cfg["repeats"]):
        ds = None  # free the previous result before the next run
        ds, wall, cpu = _timed(lambda: simulate(sc, samples=n, seed=SEED, detail=DETAIL))
        walls.append(wall)
        cpus.append(cpu)
    peak = _peak_rss_mib()  # before the check below loads anything
    best = min(range(len(walls)), key=walls.__getitem__)
    out = {
        "seconds": walls[best],
        "cpu_seconds": cpus[best],
        "all_seconds": walls,
        "peak_rss_mib": peak,
        "base_rss_mib": base,
        "dataset_mib": ds.nbytes / MiB,
        "dataset_variables": len(ds.data_vars),
    }
    if cfg.get("compare"):
        out["check"] = _compare(ds, cfg["compare"])
    return out


def _compare(ds, path: str) -> dict:
    """Max |difference| between the one-at-a-time results saved at ``path`` and the
    same samples of the vectorised Dataset ``ds``."""
    import numpy as np

    with np.load(path) as saved:
        k = int(saved["__subset__"])
        diffs, scale = {}, {}
        for key in saved.files:
            if key == "__subset__":
                continue
            name = key[len("param:") :] if key.startswith("param:") else key
            ds_name = f"param_{name}" if key.startswith("param:") else name
            if ds_name not in ds:
                continue  # a fixed parameter (not stored in the Dataset)
            mine = ds[ds_name].isel(sample=slice(0, k)).values
            theirs = saved[key]
            diffs[key] = float(np.max(np.abs(mine - theirs))) if mine.size else 0.0
            scale[key] = float(np.max(np.abs(mine))) if mine.size else 0.0
    variables = {k_: v for k_, v in diffs.items() if not k_.startswith("param:")}
    params = {k_: v for k_, v in diffs.items() if k_.startswith("param:")}
    worst = max(variables, key=variables.get) if variables else ""
    return {
        "subset": k,
        "variables_compared": len(variables),
        "max_abs_diff": variables.get(worst, float("nan")),
        "worst_variable": worst,
        "worst_variable_scale": scale.get(worst, float("nan")),
        "reserve_spent_total_max_abs_diff": variables.get("reserve_spent_total", float("nan")),
        "reserve_available_max_abs_diff": variables.get("reserve_available", float("nan")),
        "parameters_compared": len(params),
        "parameters_max_abs_diff": max(params.values(), default=float("nan")),
        "per_variable": variables,
    }


def child_one_at_a_time(cfg: dict) -> dict:
    # The same ensemble, one parameter set per call (the way PySD and the EMA Workbench
    # run models): each call does the same work per sample as the vectorised run
    # (the plan, the no-reserve counterfactual, the ledger, a Dataset).
    import numpy as np

    from model import simulate

    sc, base = _warm_up()
    n, k = cfg["samples"], cfg["subset"]

    def setup():
        return sc.parameters().sample(n, seed=SEED)  # name -> array(n), drawn once

    drawn, setup_wall, _ = _timed(setup)

    def loop():
        runs = []
        for i in range(k):
            one = {name: values[i : i + 1] for name, values in drawn.items()}
            runs.append(
                simulate(sc, samples=1, drawn=one, detail=DETAIL)
            )  # keep each run's outcome
        return runs

    runs, wall, cpu = _timed(loop)
    peak = _peak_rss_mib()
    per_run = wall / k
    out = {
        "subset": k,
        "subset_seconds": wall,
        "cpu_seconds": cpu,
        "setup_seconds": setup_wall,
        "per_run_seconds": per_run,
        "seconds": setup_wall + per_run * n,  # extrapolated to all n samples
        "extrapolated": True,
        "peak_rss_mib": peak,
        "base_rss_mib": base,
        "dataset_mib": sum(r.nbytes for r in runs) / MiB,  # the k per-run Datasets together
    }
    if cfg.get("save"):
        arrays = {
            name: np.concatenate(
                [r[name].values for r in runs], axis=runs[0][name].dims.index("sample")
            )
            for name in runs[0].data_vars
            if "sample" in runs[0][name].dims and not name.startswith("param_")
        }
        arrays.update({f"param:{name}": values[:k] for name, values in drawn.items()})
        np.savez(cfg["save"], __subset__=np.array(k), **arrays)
    return out


CHILDREN = {
    "deterministic": child_deterministic,
    "vectorised": child_vectorised,
    "one_at_a_time": child_one_at_a_time,
}


def run_child(cfg_json: str) -> None:
    cfg = json.loads(cfg_json)
    result = CHILDREN[cfg["kind"]](cfg)
    sys.stdout.write(RESULT_TAG + json.dumps(result) + "\n")
    sys.stdout.flush()


# --------------------------------------------------------------------------- parent side


def _spawn(cfg: dict) -> dict:
    """Run one configuration in a fresh interpreter; return its figures (or the failure)."""
    cmd = [sys.executable, str(Path(__file__).resolve()), "--child", json.dumps(cfg)]
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, cwd=REPO)
    elapsed = time.perf_counter() - t0
    for line in reversed(proc.stdout.splitlines()):
        if line.startswith(RESULT_TAG):
            return {**cfg, **json.loads(line[len(RESULT_TAG) :]), "child_seconds": elapsed}
    why = f"exit status {proc.returncode}"
    if proc.returncode == -9:
        why += " (SIGKILL: out of memory?)"
    tail = "\n".join((proc.stderr or "").strip().splitlines()[-8:])
    return {**cfg, "error": why, "stderr_tail": tail, "child_seconds": elapsed}


def _mem_available_mib() -> float | None:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemAvailable:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return None


def machine_info() -> dict:
    import numpy as np
    import xarray as xr

    import model

    cpu_model = platform.processor() or ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu_model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        usable = len(os.sched_getaffinity(0))
    except AttributeError:
        usable = os.cpu_count()
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            capture_output=True,
            text=True,
            cwd=REPO,
            check=True,
        ).stdout.strip()
        dirty = bool(
            subprocess.run(
                ["git", "status", "--porcelain"], capture_output=True, text=True, cwd=REPO
            ).stdout.strip()
        )
        commit += " (uncommitted changes)" if dirty else ""
    except (OSError, subprocess.CalledProcessError):
        commit = "none"
    mem_total = None
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                mem_total = int(line.split()[1]) / 1024
    except OSError:
        pass
    thp = {}
    for knob in (
        "enabled",
        "defrag",
    ):  # numpy asks for huge pages; first-touch cost depends on these
        try:
            text = Path(f"/sys/kernel/mm/transparent_hugepage/{knob}").read_text()
            thp[knob] = text[text.index("[") + 1 : text.index("]")]
        except (OSError, ValueError):
            thp[knob] = "n/a"
    return {
        "transparent_hugepage": thp,
        "numpy_madvise_hugepage": os.environ.get("NUMPY_MADVISE_HUGEPAGE", "default"),
        "date": _dt.datetime.now(_dt.UTC).isoformat(timespec="seconds"),
        "cpu_count": os.cpu_count(),
        "cpus_usable": usable,
        "cpu_model": cpu_model,
        "mem_total_mib": mem_total,
        "mem_available_mib": _mem_available_mib(),
        "load_average": list(os.getloadavg()) if hasattr(os, "getloadavg") else None,
        "python": platform.python_version(),
        "numpy": np.__version__,
        "xarray": xr.__version__,
        "platform": platform.platform(),
        "samenleven": model.__version__,
        "git_commit": commit,
        "scenario": SCENARIO,
        "seed": SEED,
    }


def _fmt_int(x: float) -> str:
    return f"{x:,.0f}"


def _fmt_s(x: float) -> str:
    return f"{x:.4f}" if x < 1 else f"{x:.3f}" if x < 100 else f"{x:.1f}"


def _fmt_rate(x: float) -> str:
    return f"{x:,.0f}" if x >= 100 else f"{x:.1f}"


def _fmt_mib(x: float) -> str:
    return f"{x:,.1f}" if x >= 1 else f"{x:.3f}"


def print_report(
    info: dict, rows: list[dict], ratios: dict, checks: list[dict], notes: list[str]
) -> None:
    print(f"samenleven engine benchmark — scenario '{SCENARIO}', seed {SEED}")
    print(
        f"date {info['date']} | CPUs {info['cpu_count']} ({info['cpus_usable']} usable), {info['cpu_model']} | "
        f"RAM {_fmt_int(info['mem_total_mib'] or 0)} MiB"
    )
    load = info.get("load_average")
    print(
        f"python {info['python']} | numpy {info['numpy']} | xarray {info['xarray']} | samenleven {info['samenleven']} | "
        f"git {info['git_commit']} | load avg at start {', '.join(f'{x:.2f}' for x in load) if load else 'n/a'}"
    )
    thp = info["transparent_hugepage"]
    print(
        f"transparent hugepages {thp['enabled']}, defrag {thp['defrag']}, "
        f"NUMPY_MADVISE_HUGEPAGE={info['numpy_madvise_hugepage']} (first-touch page cost of large results depends on these)"
    )
    print(
        "Figures are ratios measured in one run because the machine is shared: compare ratios, not seconds across runs."
    )
    print()
    header = (
        "configuration",
        "samples",
        "seconds",
        "runs/s",
        "ratio 1-at-a-time/vec",
        "peak MiB",
        "dataset MiB",
        "cpu %",
    )
    table = []
    for r in rows:
        if "error" in r:
            table.append((r["label"], _fmt_int(r["samples"]), "failed", "", r["error"], "", "", ""))
            continue
        if r.get("skipped"):
            table.append(
                (r["label"], _fmt_int(r["samples"]), "skipped", "", r["skipped"], "", "", "")
            )
            continue
        seconds = ("~" if r.get("extrapolated") else "") + _fmt_s(r["seconds"])
        per_run = (
            r["per_run_seconds"] if r["kind"] == "one_at_a_time" else r["seconds"] / r["samples"]
        )
        if r["kind"] == "vectorised":
            ratio = ratios.get(r["samples"])
            ratio_s = f"{ratio:,.0f}x" if ratio is not None else "n/a"
        elif r["kind"] == "one_at_a_time":
            ratio_s = "1x (reference)"
        else:
            ratio_s = "-"
        cpu_wall = r["subset_seconds"] if r["kind"] == "one_at_a_time" else r["seconds"]
        table.append(
            (
                r["label"],
                _fmt_int(r["samples"]),
                seconds,
                _fmt_rate(1.0 / per_run),
                ratio_s,
                _fmt_mib(r["peak_rss_mib"]),
                _fmt_mib(r["dataset_mib"]),
                f"{100 * r['cpu_seconds'] / cpu_wall:.0f}",
            )
        )
    widths = [max(len(str(row[i])) for row in [header, *table]) for i in range(len(header))]
    line = lambda row: "  ".join(  # noqa: E731
        str(c).ljust(w) if i == 0 else str(c).rjust(w)
        for i, (c, w) in enumerate(zip(row, widths, strict=True))
    )
    print(line(header))
    print("  ".join("-" * w for w in widths))
    for row in table:
        print(line(row))
    print()
    for c in checks:
        if "check" not in c:
            continue
        k = c["check"]
        if k["max_abs_diff"] == 0:
            result = f"identical in all {k['variables_compared']} engine variables (max |diff| 0)"
        else:
            result = (
                f"max |diff| over {k['variables_compared']} engine variables = {k['max_abs_diff']:.3g} "
                f"({k['worst_variable']}, whose values reach {k['worst_variable_scale']:,.0f})"
            )
        print(
            f"check N={_fmt_int(c['samples'])}, first {k['subset']} samples, one-at-a-time vs vectorised: {result}; "
            f"reserve_spent_total max |diff| {k['reserve_spent_total_max_abs_diff']:.3g} k€; "
            f"same draw: max |diff| of the {k['parameters_compared']} sampled parameters {k['parameters_max_abs_diff']:.3g}"
        )
    for note in notes:
        print(note)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument(
        "--quick",
        action="store_true",
        help=f"sizes {' '.join(map(str, QUICK_SIZES))}, subset {QUICK_SUBSET}",
    )
    ap.add_argument(
        "--sizes",
        type=int,
        nargs="+",
        metavar="N",
        help=f"ensemble sizes (default {' '.join(map(str, DEFAULT_SIZES))})",
    )
    ap.add_argument(
        "--subset",
        type=int,
        metavar="K",
        help=f"one-at-a-time runs actually timed per size (default {DEFAULT_SUBSET})",
    )
    ap.add_argument(
        "--repeats",
        type=int,
        default=1,
        metavar="R",
        help="vectorised runs per size, best reported (default 1: one wall time)",
    )
    ap.add_argument("--json", metavar="FILE", help="also write the figures as JSON")
    ap.add_argument(
        "--force",
        action="store_true",
        help="run a size even when its estimated peak memory exceeds 80%% of available memory",
    )
    ap.add_argument("--child", metavar="CONFIG", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)

    if args.child:
        run_child(args.child)
        return 0

    sizes = args.sizes or (QUICK_SIZES if args.quick else DEFAULT_SIZES)
    subset = args.subset or (QUICK_SUBSET if args.quick else DEFAULT_SUBSET)
    if min(sizes) < 1 or subset < 1 or args.repeats < 1:
        ap.error("sizes, --subset and --repeats must be positive")

    info = machine_info()
    rows: list[dict] = []

    def progress(r: dict) -> None:
        status = (
            r.get("error")
            or r.get("skipped")
            or f"{r['seconds']:.3f} s, peak {r['peak_rss_mib']:.0f} MiB"
        )
        print(f"  [{r['label']}, N={r['samples']}] {status}", file=sys.stderr, flush=True)

    print(
        f"running {1 + 2 * len(sizes)} configurations, each in its own process ...",
        file=sys.stderr,
        flush=True,
    )
    det = _spawn({"kind": "deterministic", "samples": 1, "repeats": DETERMINISTIC_REPEATS})
    det["label"] = f"deterministic (best of {DETERMINISTIC_REPEATS})"
    rows.append(det)
    progress(det)

    ratios: dict[int, float] = {}
    notes: list[str] = []
    grown: tuple[int, float, float] | None = (
        None  # (samples, base MiB, peak MiB) of the largest vectorised run
    )
    with tempfile.TemporaryDirectory(prefix="bench-engine-") as tmp:
        for n in sorted(sizes):
            k = min(subset, n)
            saved = str(Path(tmp) / f"one_at_a_time_{n}.npz")
            one = _spawn({"kind": "one_at_a_time", "samples": n, "subset": k, "save": saved})
            one["label"] = f"one-at-a-time ({k} timed, extrapolated)"
            rows.append(one)
            progress(one)

            vec_cfg = {"kind": "vectorised", "samples": n, "repeats": args.repeats}
            if "error" not in one:
                vec_cfg["compare"] = saved
            label = "vectorised" + (f" (best of {args.repeats})" if args.repeats > 1 else "")
            available = _mem_available_mib()
            if grown is not None and available is not None:
                g_n, g_base, g_peak = grown
                estimate = g_base + (g_peak - g_base) * n / g_n
                if estimate > 0.8 * available and not args.force:
                    vec = {
                        **vec_cfg,
                        "skipped": f"est. peak {estimate:,.0f} MiB > 80% of {available:,.0f} MiB available (--force)",
                    }
                    vec["label"] = label
                    rows.append(vec)
                    progress(vec)
                    continue
            vec = _spawn(vec_cfg)
            vec["label"] = label
            rows.append(vec)
            progress(vec)
            if "error" not in vec:
                grown = (n, vec["base_rss_mib"], vec["peak_rss_mib"])
                if "error" not in one:
                    ratios[n] = one["per_run_seconds"] / (vec["seconds"] / n)

    ok = [r for r in rows if "error" not in r and not r.get("skipped")]
    ones = [r for r in ok if r["kind"] == "one_at_a_time"]
    vecs = [r for r in ok if r["kind"] == "vectorised"]
    if ones:
        notes.append(
            "~ one-at-a-time seconds are EXTRAPOLATED: the first K samples are run and timed, total = draw + per-run time x N; "
            "its peak MiB and dataset MiB are for those K runs (each run's Dataset kept, as PySD/EMA keep outcomes)."
        )
    if ratios:
        notes.append(
            "ratio = per-run time one-at-a-time / per-run time vectorised at the same N: "
            + ", ".join(f"{_fmt_int(n)}: {r:,.0f}x" for n, r in sorted(ratios.items()))
            + (
                f"  (target >= {TARGET_RATIO:.0f}x at {_fmt_int(TARGET_SIZE)}: "
                f"{'reached' if ratios[TARGET_SIZE] >= TARGET_RATIO else 'NOT reached'})"
                if TARGET_SIZE in ratios
                else ""
            )
        )
    bases = [r["base_rss_mib"] for r in ok if "base_rss_mib" in r]
    if bases:
        notes.append(
            f"peak MiB is each child's max RSS, including ~{min(bases):,.0f} MiB of interpreter, numpy, xarray and scipy "
            "(RSS after imports and a 1-sample warm-up)."
        )
    if vecs:
        big = max(vecs, key=lambda r: r["samples"])
        notes.append(
            f"largest vectorised run: N={_fmt_int(big['samples'])}, detail='indicators', peak {big['peak_rss_mib']:,.0f} MiB "
            f"({big['peak_rss_mib'] / 1024:.2f} GiB), Dataset {big['dataset_mib']:,.0f} MiB"
            + ("  -- above 8 GiB" if big["peak_rss_mib"] > 8 * 1024 else "")
        )
    failed = [r for r in rows if "error" in r]
    for r in failed:
        notes.append(
            f"FAILED {r['label']} N={r['samples']}: {r['error']}\n{r.get('stderr_tail', '')}"
        )
    load_end = os.getloadavg() if hasattr(os, "getloadavg") else None
    if load_end:
        notes.append(f"load avg at end {', '.join(f'{x:.2f}' for x in load_end)}")

    print_report(info, rows, ratios, [r for r in vecs if "check" in r], notes)

    if args.json:
        payload = {
            "machine": {**info, "load_average_end": list(load_end) if load_end else None},
            "sizes": sorted(sizes),
            "subset": subset,
            "results": rows,
            "ratio_one_at_a_time_over_vectorised": {str(n): r for n, r in sorted(ratios.items())},
            "target": {"samples": TARGET_SIZE, "ratio": TARGET_RATIO},
            "note": "Figures are ratios measured in one run because the machine is shared.",
        }
        Path(args.json).write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")
        print(f"figures written to {args.json}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
