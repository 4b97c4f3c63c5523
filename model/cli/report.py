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

from model.analysis.sensitivity import size_estimate
from model.cli.args import (
    add_command,
    add_engine,
    add_parameters,
    add_seed,
    parameters_of,
    scenario_of,
    whole_number,
)
from model.cli.args import check_out as check_writable_out
from model.i18n import default_language, number, t
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
from model.run.sizing import SAFETY, available_memory, check_fits, estimate_ensemble

COMMANDS = ("report",)


def add_subcommands(sub: argparse._SubParsersAction, lang: str | None = None) -> None:
    """Add ``report`` to the ``samenleven`` parser (argument refusals in ``lang``)."""
    lang = lang or default_language()
    rep = add_command(sub, "report", lang)
    rep.add_argument("scenarios", nargs="+", help=t("help.report.scenarios", lang))
    rep.add_argument(
        "--format", default=None, help=t("help.report.format", lang, formats=" | ".join(FORMATS))
    )
    rep.add_argument("--out", type=Path, required=True, help=t("help.report.out", lang))
    rep.add_argument(
        "--samples",
        type=whole_number("--samples", lang),
        default=DEFAULT_SAMPLES,
        help=t("help.report.samples", lang, default=number(DEFAULT_SAMPLES, lang)),
    )
    rep.add_argument(
        "--sobol-n",
        type=whole_number("--sobol-n", lang),
        default=DEFAULT_SOBOL_N,
        help=t("help.report.sobol_n", lang, default=number(DEFAULT_SOBOL_N, lang)),
    )
    rep.add_argument(
        "--decision",
        action="store_true",
        help=t("help.report.decision", lang),
    )
    add_seed(rep, lang)
    add_parameters(rep)
    add_engine(rep)


def _fits(scenarios: list, *, samples: int, sobol_n: int) -> None:
    """Refuse ``--samples`` or ``--sobol-n`` before anything runs when the report's runs
    (a comparison, the baseline included, kept while the Sobol analyses run) do not fit."""
    runs = estimate_ensemble(
        samples=samples,
        scenarios=len(scenarios) + (0 if any(s.name == "baseline" for s in scenarios) else 1),
        compare=True,
    )
    try:
        indices = size_estimate("sobol", scenarios[0], n=sobol_n)
    except ValueError:  # an n the analysis refuses: build_report says why
        return
    free = available_memory()
    if free is None:
        return
    if runs.bytes + indices.fixed > SAFETY * free:  # not even the smallest Sobol run fits
        check_fits(
            runs + indices,
            field="--samples",
            value=samples,
            available=free,
            advice=["fewer", "scenarios", "machine", "later"],
        )
    check_fits(
        indices + runs,
        field="--sobol-n",
        value=sobol_n,
        available=free,
        advice=["fewer", "machine", "later"],
    )


def run_command(args: argparse.Namespace, lang: str | None) -> int:
    """Carry out ``report``: check the request first (format, folder), then compute and write."""
    lang = lang or default_language()
    started = time.perf_counter()
    fmt = check_format(args.format) if args.format is not None else format_from_path(args.out)
    out = check_out(args.out, fmt)
    check_writable_out(out, suffixes=())  # the suffix is checked against the format above
    scenarios = [scenario_of(s, lang) for s in args.scenarios]
    _fits(scenarios, samples=args.samples, sobol_n=args.sobol_n)
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
        parameters=parameters_of(args, lang),
        progress=progress,
        **({"decision": True} if getattr(args, "decision", False) else {}),  # type: ignore[arg-type]
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
