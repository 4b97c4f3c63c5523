#!/usr/bin/env python
"""Benchmark: the compiled engine, the numpy engine and PySD on the same parameter sets.

    python bench/bench_engine.py --quick        # 1k and 10k samples, PySD on 5 runs
    python bench/bench_engine.py                # 1k, 10k, 100k samples, Sobol N=1024, memory
    python bench/bench_engine.py --sizes 10000 --pysd 10 --sobol --memory --json bench.json

A script that prints figures, not a test: nothing here passes or fails on timing.
It uses only the public API (``model.simulate(..., engine=...)``, ``model.sobol``).

The figures are ratios measured in one run because the machine is shared: absolute
seconds move with whatever else the machine is doing, so compare the ratios measured
within one invocation. The ``cpu %`` column (process CPU time / wall time; above 100 %
when several cores work) shows when a measurement was slowed by other load.

Each configuration runs in its own child process (this script with ``--child``), so
that each peak memory figure (max RSS) belongs to that configuration alone:

1. one deterministic run, ``simulate(sc, samples=1)``, best of 5, per engine;
2. ensembles ``simulate(sc, samples=N, seed=1, detail="indicators")`` with the numpy
   engine, the compiled engine on every core and the compiled engine on one core
   (``NUMBA_NUM_THREADS=1``); their results are compared (relative 1e-9);
3. one run at a time, the way PySD and the EMA Workbench run a model: the first K
   parameter sets of the same draw, one call each, with the compiled engine and with
   PySD on the model exported by ``samenleven export`` (model.engine.export); PySD's
   outputs are compared with the engine's;
4. with ``--sobol``: Sobol over every uncertainty at N=1024 for every indicator, end to
   end (``model.sobol``, compiled engine, vectorised estimators);
5. with ``--memory``: a 100,000-sample ensemble reduced to bands and probabilities
   chunk by chunk, peak memory;
6. the issue's targets, each with the figure of this run.

The app's slider-to-page time is measured by ``bench/bench_app.py --browser``; run it
beside this script (it starts a streamlit server and chromium).
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
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:  # benchmark the working tree, installed or not
    sys.path.insert(0, str(REPO))

SCENARIO = "baseline"
SEED = 1
DETAIL = "indicators"
DETERMINISTIC_REPEATS = 5
DEFAULT_SIZES = (1_000, 10_000, 100_000)
QUICK_SIZES = (1_000, 10_000)
ONE_AT_A_TIME = 50  # compiled engine, one run per call
PYSD_RUNS, QUICK_PYSD_RUNS = 20, 5
RESULT_TAG = "@@bench-result "
MiB = 2**20
RTOL = 1e-9

TARGETS = {
    "deterministic": ("deterministic run (warm)", "<= 10 ms"),
    "ensemble": ("10,000-sample ensemble, compiled vs numpy engine", ">= 20x"),
    "pysd": ("compiled engine vs PySD on the exported model, per run", ">= 1,000x"),
    "sobol": ("Sobol, all uncertainties, N = 1024, all outputs, end to end", "<= 3 s"),
    "memory": (
        "100,000-sample ensemble reduced to bands and probabilities, peak memory",
        "<= 2 GiB",
    ),
    "app": ("app: slider step to updated page, real browser, median", "<= 0.2 s (--app)"),
}


# --------------------------------------------------------------------------- child side


def _peak_rss_mib() -> float:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / MiB if sys.platform == "darwin" else peak / 1024


def _timed(fn):
    gc.collect()
    c0, t0 = time.process_time(), time.perf_counter()
    value = fn()
    return value, time.perf_counter() - t0, time.process_time() - c0


def _scenario_and_warm_up(engine: str):
    """The scenario, run once untimed so that imports, the structure and (compiled) the
    kernel's loading are not charged to the measured runs."""
    from model import load_scenario, simulate

    sc = load_scenario(SCENARIO)
    simulate(sc, samples=2, seed=SEED, engine=engine)
    gc.collect()
    return sc, _peak_rss_mib()


def child_deterministic(cfg: dict) -> dict:
    from model import simulate

    sc, base = _scenario_and_warm_up(cfg["engine"])
    walls, cpus = [], []
    for _ in range(cfg["repeats"]):
        _, wall, cpu = _timed(lambda: simulate(sc, samples=1, engine=cfg["engine"]))
        walls.append(wall)
        cpus.append(cpu)
    best = min(range(len(walls)), key=walls.__getitem__)
    return {
        "seconds": walls[best],
        "cpu_seconds": cpus[best],
        "peak_rss_mib": _peak_rss_mib(),
        "base_rss_mib": base,
    }


def child_ensemble(cfg: dict) -> dict:
    import numpy as np

    from model import simulate

    sc, base = _scenario_and_warm_up(cfg["engine"])
    n = cfg["samples"]
    ds, wall, cpu = _timed(
        lambda: simulate(sc, samples=n, seed=SEED, detail=DETAIL, engine=cfg["engine"])
    )
    out = {
        "seconds": wall,
        "cpu_seconds": cpu,
        "peak_rss_mib": _peak_rss_mib(),
        "base_rss_mib": base,
    }
    if cfg.get("save"):
        np.savez(cfg["save"], **{k: ds[k].values for k in ds.data_vars if ds[k].dtype.kind == "f"})
    if cfg.get("compare"):
        out["check"] = _compare(ds, cfg["compare"])
    return out


def _compare(ds, path: str) -> dict:
    """The largest difference between ``ds`` and the results saved at ``path``, in
    units of the 1e-9 tolerance (relative, with a floor of 1e-9 x the variable's scale)."""
    import numpy as np

    worst, where = 0.0, ""
    with np.load(path) as saved:
        for key in saved.files:
            x, y = saved[key], ds[key].values
            finite = np.isfinite(x)
            scale = float(np.abs(x[finite]).max()) if finite.any() else 0.0
            err = np.abs(x - y)[finite] / (RTOL * (np.abs(x[finite]) + scale) + 1e-300)
            e = float(err.max()) if err.size else 0.0
            if e > worst:
                worst, where = e, key
        count = len(saved.files)
    return {"variables": count, "worst_in_tolerances": worst, "worst_variable": where}


def child_one_at_a_time(cfg: dict) -> dict:
    from model import simulate

    sc, base = _scenario_and_warm_up(cfg["engine"])
    k = cfg["runs"]
    drawn = sc.parameters().sample(cfg["samples"], seed=SEED)

    def loop():
        for i in range(k):
            one = {name: values[i : i + 1] for name, values in drawn.items()}
            simulate(sc, samples=1, drawn=one, detail=DETAIL, engine=cfg["engine"])

    _, wall, cpu = _timed(loop)
    return {
        "seconds": wall,
        "per_run_seconds": wall / k,
        "cpu_seconds": cpu,
        "peak_rss_mib": _peak_rss_mib(),
        "base_rss_mib": base,
    }


def child_pysd(cfg: dict) -> dict:
    """PySD on the exported baseline (``samenleven export``), one run per call, and the
    agreement of its first run with the
    engine's on every indicator at the end of 2027."""
    import tempfile

    import numpy as np

    try:
        import pysd  # noqa: F401
    except ImportError:
        return {"skipped": "pysd is not installed (pip install -e '.[test]')"}
    from model import load_scenario
    from model.engine import simulate as integrate
    from model.engine.export import pysd_model, run_pysd
    from model.policy.indicators import INDICATORS
    from model.policy.structure import build_structure
    from model.run.export import engine_parameters, export_scenario

    sc = load_scenario(SCENARIO)
    base = _peak_rss_mib()
    k = cfg["runs"]
    # the deterministic parameter set each time: a run's cost does not depend on the values
    # (a drawn set can stop PySD with ZeroDivisionError where numpy gives inf)
    sets = [engine_parameters(sc) for _ in range(k)]
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "baseline.mdl"
        mdl, export_seconds, _ = _timed(lambda: export_scenario(sc))
        path.write_text(mdl.text, encoding="utf-8")
        model, load_seconds, _ = _timed(lambda: pysd_model(path))
        frames, wall, cpu = _timed(lambda: [run_pysd(model, p) for p in sets])
    ours = integrate(build_structure(), sets[0], engine="numpy")
    theirs = mdl.arrays(frames[0])
    at = int(np.searchsorted(ours["time"].values, np.datetime64("2028-01-01")))
    worst, where = 0.0, ""
    for name in INDICATORS:
        if name in theirs and name in ours:
            x = ours[name].values[0].reshape(ours[name].shape[1], -1)[at]
            y = theirs[name].reshape(theirs[name].shape[0], -1)[at]
            rel = float(np.max(np.abs(x - y) / np.maximum(np.abs(x), 1e-12)))
            if rel > worst:
                worst, where = rel, name
    return {
        "seconds": wall,
        "per_run_seconds": wall / k,
        "cpu_seconds": cpu,
        "export_seconds": export_seconds,
        "load_seconds": load_seconds,
        "peak_rss_mib": _peak_rss_mib(),
        "base_rss_mib": base,
        "pysd_check": f"every indicator at the end of 2027 within {worst:.1e} (relative) of the numpy engine's ({where}); PySD translated the model in {load_seconds:.0f} s",
    }


def child_sobol(cfg: dict) -> dict:
    from model import load_scenario
    from model.analysis.sensitivity import sobol

    sc, base = _scenario_and_warm_up("compiled")
    sc = load_scenario(SCENARIO)
    ds, wall, cpu = _timed(lambda: sobol(sc, n=cfg["n"], seed=SEED, engine="compiled"))
    return {
        "seconds": wall,
        "cpu_seconds": cpu,
        "peak_rss_mib": _peak_rss_mib(),
        "base_rss_mib": base,
        "indicators": int(ds.sizes.get("indicator", 0)),
        "parameters": int(ds.sizes.get("parameter", 0)),
    }


def child_memory(cfg: dict) -> dict:
    """A large ensemble through the public API, reduced chunk by chunk (model.run.chunked:
    ``ensemble`` reduces above 10,000 samples), to bands and probabilities."""
    from model import load_scenario
    from model.analysis.uncertainty import ensemble

    sc = load_scenario(SCENARIO)
    base = _peak_rss_mib()
    ds, wall, cpu = _timed(lambda: ensemble(sc, samples=cfg["samples"], seed=SEED))
    return {
        "seconds": wall,
        "cpu_seconds": cpu,
        "peak_rss_mib": _peak_rss_mib(),
        "base_rss_mib": base,
        "statistics": sorted(v for v in ds.data_vars if v.startswith(("p_", "band_")))[:3],
    }


CHILDREN = {
    "deterministic": child_deterministic,
    "ensemble": child_ensemble,
    "one_at_a_time": child_one_at_a_time,
    "pysd": child_pysd,
    "sobol": child_sobol,
    "memory": child_memory,
}


def run_child(cfg_json: str) -> None:
    cfg = json.loads(cfg_json)
    result = CHILDREN[cfg["kind"]](cfg)
    sys.stdout.write(RESULT_TAG + json.dumps(result) + "\n")
    sys.stdout.flush()


# --------------------------------------------------------------------------- parent side


def _spawn(cfg: dict, label: str, threads: int | None = None) -> dict:
    """Run one configuration in a fresh interpreter; its figures, or the failure."""
    cmd = [sys.executable, str(Path(__file__).resolve()), "--child", json.dumps(cfg)]
    env = dict(os.environ)
    if threads is not None:
        env["NUMBA_NUM_THREADS"] = str(threads)
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, cwd=REPO, env=env)
    elapsed = time.perf_counter() - t0
    row = {**cfg, "label": label, "threads": threads, "child_seconds": elapsed}
    for line in reversed(proc.stdout.splitlines()):
        if line.startswith(RESULT_TAG):
            row.update(json.loads(line[len(RESULT_TAG) :]))
            break
    else:
        tail = "\n".join((proc.stderr or "").strip().splitlines()[-8:])
        row.update(error=f"exit status {proc.returncode}", stderr_tail=tail)
    status = (
        row.get("error")
        or row.get("skipped")
        or f"{row['seconds']:.3f} s, peak {row['peak_rss_mib']:.0f} MiB"
    )
    print(f"  [{label}] {status}", file=sys.stderr, flush=True)
    return row


def _browser_step() -> dict:
    """The median time from a slider's key press to the updated page, from
    ``bench/bench_app.py --browser`` (streamlit and chromium on this machine)."""
    import re

    cmd = [sys.executable, str(REPO / "bench" / "bench_app.py"), "--browser", "--no-app"]
    cmd += ["--samples", "1000", "--horizons", "2030", "--repeats", "5"]
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, cwd=REPO)
    row = {"kind": "app", "label": "app: slider step to updated page (chromium, 1,000 samples)"}
    found = re.search(
        r"key press to page updated\s+best\s+([\d.]+) s\s+median\s+([\d.]+) s", proc.stdout
    )
    if found is None:
        tail = "\n".join((proc.stdout + proc.stderr).strip().splitlines()[-5:])
        return {**row, "error": f"bench_app.py exit status {proc.returncode}", "stderr_tail": tail}
    median = float(found.group(2))
    print(f"  [{row['label']}] median {median:.3f} s", file=sys.stderr, flush=True)
    return {
        **row,
        "seconds": median,
        "best_seconds": float(found.group(1)),
        "cpu_seconds": float("nan"),
        "peak_rss_mib": float("nan"),
        "child_seconds": time.perf_counter() - t0,
    }


def machine_info() -> dict:
    import numba
    import numpy as np

    import model

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
    except (OSError, subprocess.CalledProcessError):
        commit = "none"
    return {
        "date": _dt.datetime.now(_dt.UTC).isoformat(timespec="seconds"),
        "cpu_count": os.cpu_count(),
        "cpus_usable": usable,
        "load_average": list(os.getloadavg()) if hasattr(os, "getloadavg") else None,
        "python": platform.python_version(),
        "numpy": np.__version__,
        "numba": numba.__version__,
        "samenleven": model.__version__,
        "git_commit": commit,
    }


def _ok(r: dict | None) -> bool:
    return r is not None and "error" not in r and not r.get("skipped")


def _per_run(r: dict) -> float:
    return r["per_run_seconds"] if "per_run_seconds" in r else r["seconds"] / r["samples"]


def _fmt_s(x: float) -> str:
    return f"{x * 1000:.1f} ms" if x < 1 else f"{x:.2f} s"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument(
        "--quick",
        action="store_true",
        help=f"sizes {' '.join(map(str, QUICK_SIZES))}, PySD on {QUICK_PYSD_RUNS} runs",
    )
    ap.add_argument("--sizes", type=int, nargs="+", metavar="N", help="ensemble sizes")
    ap.add_argument(
        "--pysd", type=int, metavar="K", help=f"PySD runs timed (default {PYSD_RUNS}; 0 skips PySD)"
    )
    ap.add_argument(
        "--sobol", action="store_true", help="also Sobol N=1024 end to end (a few minutes)"
    )
    ap.add_argument(
        "--memory",
        action="store_true",
        help="also the 100,000-sample reduced ensemble's peak memory",
    )
    ap.add_argument(
        "--app",
        action="store_true",
        help="also the app's slider step in a real browser (runs bench/bench_app.py --browser)",
    )
    ap.add_argument("--json", metavar="FILE", help="also write the figures as JSON")
    ap.add_argument("--child", metavar="CONFIG", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.child:
        run_child(args.child)
        return 0
    sizes = sorted(args.sizes or (QUICK_SIZES if args.quick else DEFAULT_SIZES))
    pysd_runs = (
        args.pysd if args.pysd is not None else (QUICK_PYSD_RUNS if args.quick else PYSD_RUNS)
    )
    full = not args.quick and args.sizes is None
    info = machine_info()
    rows: list[dict] = []
    figures: dict[str, dict] = {}

    import tempfile

    cores = info["cpus_usable"] or 1
    for engine in ("numpy", "compiled"):
        rows.append(
            _spawn(
                {
                    "kind": "deterministic",
                    "engine": engine,
                    "repeats": DETERMINISTIC_REPEATS,
                    "samples": 1,
                },
                f"deterministic, {engine} (best of {DETERMINISTIC_REPEATS})",
            )
        )
        figures[f"deterministic_{engine}"] = rows[-1]
    with tempfile.TemporaryDirectory(prefix="bench-engine-") as tmp:
        for n in sizes:
            saved = str(Path(tmp) / f"numpy_{n}.npz")
            ref = _spawn(
                {"kind": "ensemble", "engine": "numpy", "samples": n, "save": saved},
                f"ensemble N={n:,}, numpy engine",
            )
            rows.append(ref)
            figures[f"ensemble_numpy_{n}"] = ref
            for threads, what in ((None, f"every core ({cores})"), (1, "one core")):
                cfg = {"kind": "ensemble", "engine": "compiled", "samples": n}
                if _ok(ref):
                    cfg["compare"] = saved
                r = _spawn(cfg, f"ensemble N={n:,}, compiled, {what}", threads)
                rows.append(r)
                figures[f"ensemble_compiled_{n}_{'serial' if threads == 1 else 'parallel'}"] = r
    rows.append(
        _spawn(
            {"kind": "one_at_a_time", "engine": "compiled", "samples": 1000, "runs": ONE_AT_A_TIME},
            f"one at a time, compiled ({ONE_AT_A_TIME} runs)",
        )
    )
    figures["one_compiled"] = rows[-1]
    rows.append(
        _spawn(
            {
                "kind": "one_at_a_time",
                "engine": "numpy",
                "samples": 1000,
                "runs": ONE_AT_A_TIME // 5,
            },
            f"one at a time, numpy ({ONE_AT_A_TIME // 5} runs)",
        )
    )
    figures["one_numpy"] = rows[-1]
    if pysd_runs > 0:
        rows.append(
            _spawn(
                {"kind": "pysd", "runs": pysd_runs, "samples": 1},
                f"one at a time, PySD on the exported model ({pysd_runs} runs)",
            )
        )
        figures["pysd"] = rows[-1]
    if args.sobol or full:
        rows.append(
            _spawn(
                {"kind": "sobol", "n": 1024, "samples": 1},
                "Sobol N=1024, every uncertainty and indicator, end to end",
            )
        )
        figures["sobol"] = rows[-1]
    if args.memory or full:
        rows.append(
            _spawn(
                {"kind": "memory", "samples": 100_000}, "ensemble N=100,000 reduced chunk by chunk"
            )
        )
        figures["memory"] = rows[-1]

    if args.app:
        figures["app"] = _browser_step()
        rows.append(figures["app"])
    print(f"samenleven engine benchmark, scenario '{SCENARIO}', seed {SEED}")
    print(
        f"date {info['date']} | CPUs {info['cpu_count']} ({info['cpus_usable']} usable) | python {info['python']} | numpy {info['numpy']} | numba {info['numba']} | git {info['git_commit']} | load {info['load_average']}"
    )
    print(
        "Figures are ratios measured in one run because the machine is shared: compare ratios, not seconds across runs."
    )
    print()
    header = ("configuration", "seconds", "runs/s", "peak MiB", "cpu %", "check")
    table = []
    for r in rows:
        if not _ok(r):
            table.append((r["label"], r.get("error") or r.get("skipped"), "", "", "", ""))
            continue
        runs = 2 * r["samples"] if r["kind"] in ("ensemble", "deterministic") else r.get("runs", 1)
        rate = (
            runs / r["seconds"]
            if r["kind"] in ("ensemble", "deterministic", "one_at_a_time", "pysd")
            else None
        )
        check = ""
        if "check" in r:
            c = r["check"]
            check = f"{c['variables']} variables agree, worst {c['worst_in_tolerances']:.2g} of the 1e-9 tolerance ({c['worst_variable']})"
        if "pysd_check" in r:
            check = str(r["pysd_check"])
        table.append(
            (
                r["label"],
                _fmt_s(r["seconds"]),
                f"{rate:,.0f}" if rate else "",
                f"{r['peak_rss_mib']:,.0f}",
                f"{100 * r['cpu_seconds'] / r['seconds']:.0f}",
                check,
            )
        )
    widths = [max(len(str(row[i])) for row in [header, *table]) for i in range(len(header))]
    for row in [header, tuple("-" * w for w in widths), *table]:
        print(
            "  ".join(
                str(c).ljust(w) if i in (0, 5) else str(c).rjust(w)
                for i, (c, w) in enumerate(zip(row, widths, strict=True))
            )
        )
    print(
        "runs/s counts each parameter set's plan and no-reserve variant as two runs for simulate(); PySD and one-at-a-time rows count calls."
    )
    print()
    print("Targets (issue 14), figures of this run:")
    measured = {}
    det = figures.get("deterministic_compiled")
    if _ok(det):
        num = figures["deterministic_numpy"]
        measured["deterministic"] = (
            f"{_fmt_s(det['seconds'])} ({num['seconds'] / det['seconds']:.1f}x faster than numpy's {_fmt_s(num['seconds'])})"
            if _ok(num)
            else _fmt_s(det["seconds"])
        )
    n_target = 10_000 if 10_000 in sizes else sizes[-1]
    par, ref = (
        figures.get(f"ensemble_compiled_{n_target}_parallel"),
        figures.get(f"ensemble_numpy_{n_target}"),
    )
    ser = figures.get(f"ensemble_compiled_{n_target}_serial")
    if _ok(par) and _ok(ref):
        measured["ensemble"] = (
            f"{ref['seconds'] / par['seconds']:.1f}x on every core"
            + (f", {ref['seconds'] / ser['seconds']:.1f}x on one core" if _ok(ser) else "")
            + f" (N={n_target:,})"
        )
    pysd, one = figures.get("pysd"), figures.get("one_compiled")
    if _ok(pysd) and _ok(one) and _ok(par):
        measured["pysd"] = (
            f"{_per_run(pysd) / (par['seconds'] / (2 * par['samples'])):,.0f}x per run in an ensemble, {_per_run(pysd) / _per_run(one):,.0f}x one call at a time"
        )
    if _ok(figures.get("sobol")):
        measured["sobol"] = _fmt_s(figures["sobol"]["seconds"])
    if _ok(figures.get("app")):
        measured["app"] = (
            f"median {figures['app']['seconds']:.3f} s (best {figures['app']['best_seconds']:.3f} s)"
        )
    if _ok(figures.get("memory")):
        measured["memory"] = f"{figures['memory']['peak_rss_mib'] / 1024:.2f} GiB"
    for key, (what, target) in TARGETS.items():
        print(f"  {what}: target {target}; this run: {measured.get(key, 'not measured here')}")
    if args.json:
        from model.common.files import write_atomic

        payload = {
            "machine": info,
            "results": rows,
            "targets": {
                k: {"what": w, "target": t, "measured": measured.get(k)}
                for k, (w, t) in TARGETS.items()
            },
        }
        write_atomic(Path(args.json), (json.dumps(payload, indent=2) + "\n").encode())
        print(f"figures written to {args.json}")
    return 1 if any("error" in r for r in rows) else 0


if __name__ == "__main__":
    sys.exit(main())
