"""The command line: ``samenleven run|validate`` (also ``python -m model``).

Bad input ends with a message naming the field, the value and what is allowed, in the
language of ``--lang``, and exit status 2; never with a traceback. A request is
checked before it is computed: the ``--out`` path can be written, the seed is in range,
and the samples fit this machine's memory (:mod:`model.run.sizing`).
"""

from __future__ import annotations

import argparse
import errno
import sys
import warnings
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import xarray as xr

from model.analysis.calibration import (
    SETS_DIR,
    calibrate,
    format_calibration,
    monitor_report,
)
from model.analysis.plancost import stored_plan_realism
from model.analysis.uncertainty import check_reduced_detail, ensemble, reduces
from model.cli import decision as cli_decision
from model.cli import export as cli_export
from model.cli import report as cli_report
from model.cli import uncertainty as cli_uncertainty
from model.cli import voi as cli_voi
from model.cli.args import (
    EXIT_BAD_INPUT,
    Parser,
    add_command,
    add_engine,
    add_parameters,
    add_scheduler,
    add_seed,
    announce,
    check_out,
    cluster,
    fits,
    language_of,
    parameters_of,
    scenario_of,
    whole_number,
    write_failure,
    write_result,
)
from model.errors import SamenlevenError
from model.i18n import LANGUAGES, default_language, number, t, unit_label
from model.policy.budget import LINES, RESERVE_TOTAL
from model.policy.indicators import END_OF_TARGET_YEAR, GOALS, REGION_NAMES, START_OF_PERIOD
from model.policy.scenarios import Scenario
from model.present.formats import amounts, fmt_pct
from model.present.wording import (
    realism_counts,
    realism_sentences,
    realism_summary,
    time_findings,
)
from model.run.chunked import REDUCE_ABOVE
from model.run.cluster import local_workers
from model.run.simulation import DEFAULT_METHOD, simulate
from model.run.summary import horizon_year, indicator_summary, time_reading
from model.version import __version__

__all__ = ["EXIT_BAD_INPUT", "main"]


def _parser(lang: str | None = None) -> argparse.ArgumentParser:
    lang = lang or default_language()
    p = Parser(prog="samenleven", description=t("help.program", lang, **amounts(lang)), lang=lang)
    p.add_argument(
        "--version",
        action="version",
        version=f"samenleven {__version__}",
        help=t("help.version", lang),
    )
    p.add_argument("--lang", choices=LANGUAGES, default=None, help=t("help.lang", lang))
    sub = p.add_subparsers(dest="command", required=True, help=t("help.commands", lang))
    above = number(REDUCE_ABOVE, lang)

    run = add_command(sub, "run", lang)
    run.add_argument("scenario", help=t("help.scenario", lang))
    run.add_argument(
        "--samples",
        type=whole_number("--samples", lang),
        default=1,
        help=t("help.run.samples", lang),
    )
    add_seed(run, lang)
    add_engine(run)
    run.add_argument(
        "--method",
        choices=("euler", "rk4"),
        default=DEFAULT_METHOD,
        help=t("help.run.method", lang),
    )
    run.add_argument("--out", type=Path, default=None, help=t("help.run.out", lang, above=above))

    run.add_argument(
        "--detail",
        choices=("indicators", "all"),
        default="indicators",
        help=t("help.run.detail", lang),
    )
    add_scheduler(run, lang)

    add_parameters(run, t("help.run.parameters", lang))

    cal = add_command(sub, "calibrate", lang)
    cal.add_argument("--out", type=Path, default=None, help=t("help.calibrate.out", lang))
    cal.add_argument("--name", default="document", help=t("help.calibrate.name", lang))
    cal.add_argument(
        "--samples",
        type=whole_number("--samples", lang),
        default=2000,
        help=t("help.calibrate.samples", lang),
    )
    add_seed(cal, lang)
    cal.add_argument("--monitor", type=Path, default=None, help=t("help.calibrate.monitor", lang))
    add_parameters(cal, t("help.calibrate.parameters", lang))

    val = add_command(sub, "validate", lang)
    val.add_argument("scenario", help=t("help.scenario", lang))
    cli_uncertainty.add_subcommands(sub, lang)
    cli_report.add_subcommands(sub, lang)
    cli_export.add_subcommands(sub, lang)
    cli_voi.add_subcommands(sub, lang)
    cli_decision.add_subcommands(sub, lang)
    return p


def _amount(x: float, lang: str | None) -> str:
    return number(x, lang, 0 if abs(x) >= 100 else 2)


def _summary(sc: Scenario, ds: xr.Dataset, lang: str | None) -> str:
    rows = [t("cli.allocation", lang)]
    for line in LINES:
        rows.append(
            f"  {line:<6} {t('line.' + line, lang):<48} {number(sc.allocation[line], lang):>9}"
        )
    rows.append(f"  {'':<6} {t('cli.unallocated', lang):<48} {number(sc.unallocated, lang):>9}")
    rows.append(f"  {'':<6} {'':<48} {number(RESERVE_TOTAL, lang):>9}")
    rows.append("")
    rows.append(t("cli.ledger", lang))
    cols = ("reserve_released", "reserve_spent", "cofinancing_received", "reserve_remaining")
    heads = [
        t(k, lang)
        for k in ("cli.col.released", "cli.col.spent", "cli.col.cofinancing", "cli.col.remaining")
    ]
    rows.append(f"  {t('cli.col.year', lang):<6}" + "".join(f"{h:>16}" for h in heads))
    median = ds[list(cols)].sel(variant="plan").median("sample")
    for year in ds["budget_year"].values:
        cells = "".join(f"{number(float(median[c].sel(budget_year=year)), lang):>16}" for c in cols)
        rows.append(f"  {int(year):<6}{cells}")
    rows += [
        "",
        *cli_uncertainty.probability_lines(ds, lang),
        *_goal_summary(ds, lang or default_language()),
        *_time_lines(ds, lang or default_language()),
        *_realism_lines(lang or default_language()),
    ]
    return "\n".join(rows)


def _time_lines(ds: xr.Dataset, lang: str) -> list[str]:
    """After 2027 and late spending: cliffs, inflated 2027 values and unspent money."""
    return [
        t("time.heading", lang),
        *(f"  - {s}" for s in time_findings(time_reading(ds), lang)),
        "",
    ]


def _realism_lines(lang: str) -> list[str]:
    """The stored plan-realism table: the summary, one sentence per evidence-based goal and
    the count of plan-derived ones (``python -m model.analysis.plancost --write`` renews it)."""
    table = stored_plan_realism()
    rows = [t("realism.heading", lang), f"  {realism_summary(table, lang)}"]
    rows.extend(f"  - {sentence}" for sentence in realism_sentences(table, lang))
    rows.append(f"  {t('realism.derived_count', lang, n=realism_counts(table)['derived'])}")
    rows.append("")
    return rows


def _label(name: str, units: str, lang: str, width: int = 57) -> str:
    unit = f" ({unit_label(units, lang)})"
    room = width - len(unit)
    return (name if len(name) <= room else name[: room - 1] + "…") + unit


def _regional_rows(ds: xr.Dataset, indicator: str, lang: str) -> list[str]:
    """Per-region lines for an indicator with a ``region`` dimension (median over samples)."""
    da = ds[indicator]
    if "region" not in da.dims:
        return []
    start = da.sel(variant="plan", time=np.datetime64(START_OF_PERIOD)).median("sample")
    end = da.sel(time=np.datetime64(END_OF_TARGET_YEAR)).median("sample")
    late = da.isel(time=-1).median("sample") if horizon_year(ds) else None
    rows = []
    for region in da["region"].values:
        label = f"  – {REGION_NAMES[str(region)][lang]}"
        values = (
            float(start.sel(region=region)),
            float(end.sel(variant="plan", region=region)),
            float(end.sel(variant="no_reserve", region=region)),
        )
        later = (
            f"{_amount(float(late.sel(variant='plan', region=region)), lang):>10}"
            f"{_amount(float(late.sel(variant='no_reserve', region=region)), lang):>14}"
            if late is not None
            else ""
        )
        rows.append(
            f"    {label:<58}{_amount(values[0], lang):>10}{_amount(values[1], lang):>10}{_amount(values[2], lang):>16}{later}"
        )
    return rows


def _outcome_rows(
    ds: xr.Dataset, outcomes: pd.DataFrame, lang: str, *, ensemble: bool
) -> list[str]:
    """Outcomes: 2023, the end of 2027 and the run's later horizon (slow effects), with and
    without the reserve; "better than 2023" is split from what the trend alone gives."""
    yes, no = t("cli.yes", lang), t("cli.no", lang)
    year = horizon_year(ds)
    late_cols = (
        f"{t('cli.col.plan_year', lang, year=year):>10}{t('cli.col.no_reserve_year', lang, year=year):>14}"
        if year
        else ""
    )
    rows = [
        t("cli.outcomes", lang),
        f"    {t('cli.col.indicator', lang):<58}{t('cli.col.2023', lang):>10}{t('cli.col.plan', lang):>10}"
        f"{t('cli.col.no_reserve', lang):>16}{late_cols}",
    ]

    def word(p: float) -> str:
        return fmt_pct(p, lang) if ensemble else yes if p >= 0.5 else no

    for _, r in outcomes.iterrows():
        name = _label(r["name"], r["units"], lang)
        late_values = (
            f"{_amount(r['plan_late'], lang):>10}{_amount(r['no_reserve_late'], lang):>14}"
            if year
            else ""
        )
        rows.append(
            f"    {name:<58}{_amount(r['start'], lang):>10}{_amount(r['plan'], lang):>10}"
            f"{_amount(r['no_reserve'], lang):>16}{late_values}"
        )
        rows += _regional_rows(ds, str(r.name), lang)
        trend = r["trend_better_than_2023"]
        verdict = t(
            "cli.better",
            lang,
            a=word(r["better_than_2023"]),
            trend=t("cli.better_trend", lang, t=word(trend)) if trend >= 0.5 or ensemble else "",
            b=word(r["better_than_no_reserve"]),
            late=t("cli.better_late", lang, b=word(r["better_than_no_reserve_late"]), year=year)
            if year
            else "",
        )
        rows.append(f"    {'':<4}{verdict}")
    return rows


def _goal_summary(ds: xr.Dataset, lang: str) -> list[str]:
    """Per goal: outputs against targets, outcomes against 2023 and the no-reserve run."""
    table = indicator_summary(ds, lang=lang)
    ensemble = ds.sizes["sample"] > 1
    rows: list[str] = []
    for goal, info in GOALS.items():
        part = table[table["goal"] == goal]
        if part.empty:
            continue
        rows.append(t("cli.goal", lang, name=info[lang], line=info["line"]))
        outputs, outcomes = part[part["level"] == "output"], part[part["level"] == "outcome"]
        if not outputs.empty:
            rows.append(t("cli.outputs", lang))
            rows.append(
                f"    {t('cli.col.indicator', lang):<58}{t('cli.col.plan', lang):>10}{t('cli.col.target', lang):>9}"
                f"{t('cli.col.no_reserve', lang):>16}  {t('cli.col.verdict', lang)}"
            )
            for _, r in outputs.iterrows():
                verdict = (
                    t("cli.p_met", lang, p=fmt_pct(r["target_met"], lang))
                    if ensemble
                    else t("cli.met", lang)
                    if r["target_met"] >= 0.5
                    else t("cli.not_met", lang)
                )
                name = _label(r["name"], r["units"], lang)
                rows.append(
                    f"    {name:<58}{_amount(r['plan'], lang):>10}{_amount(r['target'], lang):>9}{_amount(r['no_reserve'], lang):>16}  {verdict}"
                )
                if ensemble:
                    rows.append(
                        f"    {'':<58}{t('cli.interval', lang)}: {_amount(r['plan_p05'], lang)} – {_amount(r['plan_p95'], lang)}"
                    )
        if not outcomes.empty:
            rows += _outcome_rows(ds, outcomes, lang, ensemble=ensemble)
        rows.append("")
    return rows


def _progress_bar(total: int):
    """A tqdm progress callback for runs long enough to need one (None otherwise)."""
    if total < 5000:
        return None, None
    from tqdm import tqdm

    bar = tqdm(total=total, unit="samples", file=sys.stderr, leave=False)

    def update(done: int, total: int) -> None:
        if bar.total != total:  # the engine counts samples x variants
            bar.total = total
        bar.update(done - bar.n)

    return update, bar


def _plain_warning(lang: str) -> Callable[..., None]:
    """Warnings as one line for a user, not a source location: the compiled engine's
    one-time compile notice in the user's language."""

    def show(message: Warning | str, category: type[Warning], *args: Any, **kwargs: Any) -> None:
        text = (
            t("cli.compiling", lang)
            if category.__name__ == "CompileWarning" and "compiling" in str(message)
            else str(message)
        )
        print(text, file=sys.stderr)

    return show


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point; returns the exit status."""
    argv = list(sys.argv[1:] if argv is None else argv)
    lang = language_of(argv)
    try:
        args = _parser(lang).parse_args(argv)
    except SystemExit as exc:  # --help, --version, or a refusal already printed
        return exc.code if isinstance(exc.code, int) else EXIT_BAD_INPUT
    warnings.showwarning = _plain_warning(lang)
    try:
        if args.command in cli_uncertainty.COMMANDS:
            return cli_uncertainty.run_command(args, lang)
        if args.command in cli_report.COMMANDS:
            return cli_report.run_command(args, lang)
        if args.command in cli_export.COMMANDS:
            return cli_export.run_command(args, lang)
        if args.command in cli_voi.COMMANDS:
            return cli_voi.run_command(args, lang)
        if args.command in cli_decision.COMMANDS:
            return cli_decision.run_command(args, lang)
        if args.command == "calibrate" and args.monitor is not None:
            # a monitor file of the Province's own against the model's band (nothing is fitted)
            params = parameters_of(args, lang)
            fits(args.samples)
            print(
                monitor_report(
                    args.monitor, parameters=params, samples=args.samples, seed=args.seed, lang=lang
                )
            )
            return 0
        if args.command == "calibrate":
            target = args.out if args.out is not None else SETS_DIR / f"{args.name}.toml"
            # the suffix (.toml) is calibrate's own first check; here: can both be written
            check_out(target, suffixes=())
            check_out(Path(target).with_suffix(".nc"), suffixes=())  # the posterior
            fits(args.samples)
            result = calibrate(
                args.out.stem if args.out else args.name,
                samples=args.samples,
                seed=args.seed,
                out=args.out,
            )
            print(format_calibration(result))
            return 0
        if args.command == "run":
            check_out(args.out)
        scenario = scenario_of(args.scenario, lang)
        if args.command == "validate":
            print(
                t("cli.valid", lang, file=args.scenario, name=scenario.name, title=scenario.title)
            )
            return 0
        # an ensemble above REDUCE_ABOVE samples is reduced chunk by chunk, and written
        # to --out as it runs
        reduced = args.samples > 1 and reduces(args.samples, None)
        if reduced:
            check_reduced_detail(args.detail, args.out, field="--detail")
        estimate = fits(
            args.samples,
            detail=args.detail,
            chunked=reduced,
            workers=local_workers(args.scheduler),
            out=args.out,
        )
        # the default (calibrated) set, the priors, or a calibrated set by name or file;
        # the result's parameter_set / parameter_hash attributes record which
        print(t("cli.running", lang, name=scenario.name, samples=args.samples), file=sys.stderr)
        parameters = parameters_of(args, lang)
        announce(estimate, lang)
        update, bar = _progress_bar(args.samples)
        try:
            if (
                args.samples > 1
            ):  # an ensemble: adds p_target_met, p_better_than_*, band_* to the file
                with cluster(args.scheduler) as client:
                    ds = streamed(
                        lambda: ensemble(
                            scenario,
                            samples=args.samples,
                            seed=args.seed,
                            parameters=parameters,
                            detail=args.detail,
                            method=args.method,
                            progress=update,
                            engine=args.engine,
                            chunked=reduced,
                            scheduler=client,
                            out=args.out if reduced else None,
                        ),
                        args.out if reduced else None,
                    )
            else:
                ds = simulate(
                    scenario,
                    samples=1,
                    seed=args.seed,
                    method=args.method,
                    parameters=parameters,
                    detail=args.detail,
                    progress=update,
                    engine=args.engine,
                )
        finally:
            if bar is not None:
                bar.close()
        print(_summary(scenario, ds, lang))
        if reduced and args.out is not None:
            print(t("cli.written", lang, file=args.out), file=sys.stderr)
        else:
            write_result(ds, args.out, lang)
        return 0
    except SamenlevenError as exc:  # in the language asked for (--lang)
        print(f"{t('cli.error', lang)}: {exc.message(lang)}", file=sys.stderr)
    except ValueError as exc:
        print(f"{t('cli.error', lang)}: {exc}", file=sys.stderr)
    except OSError as exc:  # a file that cannot be read (writes are checked and named above)
        code = errno.errorcode.get(exc.errno or 0, type(exc).__name__)
        detail = t("args.system_error", lang, code=code)
        print(
            f"{t('cli.error', lang)}: {t('err.unreadable', lang, file=exc.filename or '', detail=detail)}",
            file=sys.stderr,
        )
    return EXIT_BAD_INPUT


def streamed(run: Callable[[], xr.Dataset], out: Path | None) -> xr.Dataset:
    """``run()``, which writes ``out`` as it runs (None: writes nothing): a failed write
    names ``out``, never the temporary file."""
    if out is None:
        return run()
    try:
        return run()
    except OSError as err:
        raise write_failure(out, err) from None
