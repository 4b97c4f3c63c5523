"""Command-line subcommand ``report`` (wired into :mod:`model.cli`)::

    samenleven report SCENARIO.toml [MORE.toml ...] --format pdf|html|xlsx --out FILE
                      [--samples 1000] [--sobol-n 512] [--seed 0]

Errors are :class:`~model.report.ReportError` (a ``ValueError``), which
:func:`model.cli.main` turns into a message and exit status 2.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from model.cli.args import positive_int
from model.i18n import default_language, number, t
from model.policy.scenarios import load_scenario
from model.report import (
    DEFAULT_SAMPLES,
    DEFAULT_SOBOL_N,
    FORMATS,
    build_report,
    check_format,
    check_out,
    format_from_path,
    render,
    write_bytes_atomic,
)

COMMANDS = ("report",)


def add_subcommands(sub: argparse._SubParsersAction) -> None:
    """Add ``report`` to the ``samenleven`` parser."""
    rep = sub.add_parser("report", help="sensitivity report for the council (PDF, HTML or Excel)")
    rep.add_argument(
        "scenarios",
        nargs="+",
        help="scenario files (.toml) or names in scenarios/; the first is reported on, the others compared",
    )
    rep.add_argument(
        "--format", default=None, help=f"{' | '.join(FORMATS)} (default: from the --out suffix)"
    )
    rep.add_argument("--out", type=Path, required=True, help="the report file (written atomically)")
    rep.add_argument(
        "--samples",
        type=positive_int,
        default=DEFAULT_SAMPLES,
        help=f"draws of the uncertainties, shared by all scenarios (default {DEFAULT_SAMPLES})",
    )
    rep.add_argument(
        "--sobol-n",
        type=positive_int,
        default=DEFAULT_SOBOL_N,
        help=f"Sobol base sample, a power of 2 >= 64 (default {DEFAULT_SOBOL_N})",
    )
    rep.add_argument("--seed", type=int, default=0, help="random seed (same seed, same numbers)")


def run_command(args: argparse.Namespace, lang: str | None) -> int:
    """Carry out ``report``: check the request first (format, folder), then compute and write."""
    lang = lang or default_language()
    started = time.perf_counter()
    fmt = check_format(args.format) if args.format is not None else format_from_path(args.out)
    out = check_out(args.out, fmt)
    scenarios = [load_scenario(s) for s in args.scenarios]
    names = ", ".join(s.name for s in scenarios)
    print(
        t(
            "report.cli.building",
            lang,
            names=names,
            samples=number(args.samples, lang),
            n=args.sobol_n,
            seed=args.seed,
        ),
        file=sys.stderr,
    )

    def progress(step: str, seconds: float) -> None:
        print(
            t("report.cli.step", lang, step=step, seconds=number(seconds, lang, 1)), file=sys.stderr
        )

    report = build_report(
        scenarios,
        samples=args.samples,
        sobol_n=args.sobol_n,
        seed=args.seed,
        lang=lang,
        progress=progress,
    )
    rendering = time.perf_counter()
    data = render(report, fmt)
    progress(t("report.step.render", lang, format=fmt), time.perf_counter() - rendering)
    write_bytes_atomic(data, out)
    print(
        t(
            "report.cli.written",
            lang,
            file=out,
            kb=number(len(data) / 1024, lang),
            seconds=number(time.perf_counter() - started, lang, 1),
        ),
        file=sys.stderr,
    )
    return 0
