"""Command-line subcommands ``optimise`` and ``marginal`` (wired into :mod:`model.cli`)::

    samenleven optimise SCENARIO --samples N --seed S [--objective attainment|targets|outcomes]
        [--robustness mean|p10|regret] [--pareto] [--min LINE=K€ ...] [--max LINE=K€ ...]
        [--lock LINE ...] [--future NAME ...] [--step K€] [--lever split|phasing ...] [--out FILE.nc]
        [--write-scenario FILE.toml]
    samenleven marginal SCENARIO [--step K€] [--from LINE] --samples N --seed S [--out FILE.nc]

``optimise`` searches for an allocation (:func:`model.analysis.optimise.optimise`) and
prints it beside the scenario's, with the words of :func:`model.present.search.search_sentences`;
``--write-scenario`` writes the chosen allocation as an ordinary scenario file that every
other command accepts. ``marginal`` prints what ``--step`` k€ more on each line changes
(:func:`model.analysis.marginal.marginal`).

Both check ``--out`` and ``--write-scenario`` and the size of the request before anything
runs, write atomically, and end bad input with a message naming the field, the value and
what is allowed (exit status 2).
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import replace
from pathlib import Path

import xarray as xr

from model.analysis.allocations import STEP, SpaceError, as_scenario
from model.analysis.futures import FUTURES
from model.analysis.marginal import STEP as MARGINAL_STEP
from model.analysis.marginal import marginal
from model.analysis.objectives import OBJECTIVES
from model.analysis.optimise import LEVERS, ROBUSTNESS, optimise
from model.analysis.uncertainty import UncertaintyError
from model.cli.args import (
    add_command,
    add_engine,
    add_parameters,
    add_seed,
    announce,
    check_out,
    fits,
    parameters_of,
    whole_number,
    write_failure,
    write_result,
)
from model.common.files import write_atomic
from model.i18n import default_language, number, t
from model.policy.budget import LINES, profile_phasing
from model.policy.scenarios import load_scenario
from model.present.formats import fmt_pct
from model.present.search import (
    marginal_frame,
    marginal_indicator_frame,
    marginal_sentences,
    objective_label,
    score_text,
    search_sentences,
)
from model.present.texts import line_label

COMMANDS = ("optimise", "marginal")

SEARCH_STEPS = 48
"""Time points of a search's run (to the end of 2027), for the size check."""


def add_subcommands(sub: argparse._SubParsersAction, lang: str | None = None) -> None:
    """Add ``optimise`` and ``marginal`` to the ``samenleven`` parser."""
    lang = lang or default_language()
    opt = add_command(sub, "optimise", lang)
    opt.add_argument("scenario", help=t("help.scenario", lang))
    opt.add_argument(
        "--samples", type=whole_number("--samples", lang, minimum=2), default=1000,
        help=t("help.optimise.samples", lang),
    )  # fmt: skip
    add_seed(opt, lang)
    opt.add_argument(
        "--objective",
        choices=OBJECTIVES,
        default="attainment",
        help=t("help.optimise.objective", lang),
    )
    opt.add_argument(
        "--robustness", choices=ROBUSTNESS, default="mean", help=t("help.optimise.robustness", lang)
    )
    opt.add_argument("--pareto", action="store_true", help=t("help.optimise.pareto", lang))
    opt.add_argument("--min", action="append", default=[], help=t("help.optimise.min", lang))
    opt.add_argument("--max", action="append", default=[], help=t("help.optimise.max", lang))
    opt.add_argument("--lock", action="append", default=[], help=t("help.optimise.lock", lang))
    opt.add_argument("--future", action="append", default=None, choices=FUTURES,
                     help=t("help.optimise.future", lang, futures=", ".join(FUTURES)))  # fmt: skip
    opt.add_argument("--step", type=float, default=STEP, help=t("help.optimise.step", lang))
    opt.add_argument(
        "--lever", action="append", default=[], choices=LEVERS, help=t("help.optimise.lever", lang)
    )
    opt.add_argument("--out", type=Path, default=None, help=t("help.optimise.out", lang))
    opt.add_argument("--write-scenario", type=Path, default=None,
                     help=t("help.optimise.write_scenario", lang))  # fmt: skip
    add_engine(opt)
    add_parameters(opt, t("help.optimise.parameters", lang))

    mar = add_command(sub, "marginal", lang)
    mar.add_argument("scenario", help=t("help.scenario", lang))
    mar.add_argument(
        "--step", type=float, default=MARGINAL_STEP, help=t("help.marginal.step", lang)
    )
    mar.add_argument(
        "--from", dest="source", default=None, choices=LINES, help=t("help.marginal.source", lang)
    )
    mar.add_argument(
        "--samples", type=whole_number("--samples", lang, minimum=2), default=1000,
        help=t("help.marginal.samples", lang),
    )  # fmt: skip
    add_seed(mar, lang)
    mar.add_argument("--out", type=Path, default=None, help=t("help.marginal.out", lang))
    add_engine(mar)
    add_parameters(mar, t("help.marginal.parameters", lang))


def _amounts(pairs: list[str], field: str) -> dict[str, float]:
    """``["2.1.a=5000", ...]`` as line -> k€; a refusal names ``field`` and the pair."""
    out: dict[str, float] = {}
    for pair in pairs:
        line, sep, value = pair.partition("=")
        if not sep or line.strip() not in LINES:
            raise SpaceError(
                field=field, value=pair, allowed="opt.allowed.line_amount", lines=", ".join(LINES)
            )
        try:
            amount = float(value.replace("_", ""))
        except ValueError:
            raise SpaceError(
                field=field, value=pair, allowed="opt.allowed.line_amount", lines=", ".join(LINES)
            ) from None
        out[line.strip()] = amount
    return out


def _bounds(args: argparse.Namespace) -> dict[str, tuple[float | None, float | None]]:
    low, high = _amounts(args.min, "--min"), _amounts(args.max, "--max")
    return {line: (low.get(line), high.get(line)) for line in LINES if line in low or line in high}


def run_command(args: argparse.Namespace, lang: str | None) -> int:
    """Carry out ``optimise`` or ``marginal``; returns the exit status."""
    lang = lang or default_language()
    return _optimise(args, lang) if args.command == "optimise" else _marginal(args, lang)


def _optimise(args: argparse.Namespace, lang: str) -> int:
    check_out(args.out)
    check_out(args.write_scenario, suffixes=(".toml",), field="--write-scenario")
    for line in args.lock:
        if line not in LINES:
            raise SpaceError(field="--lock", value=line, reason="reason.unknown_line",
                             allowed="allowed.options", options=", ".join(LINES))  # fmt: skip
    sc = load_scenario(args.scenario)
    worlds = len(args.future or (FUTURES if args.robustness == "regret" else [None]))
    steps = 84 if args.objective == "outcomes" else SEARCH_STEPS
    estimate = fits(args.samples, scenarios=worlds, steps=steps)
    print(
        t("opt.running", lang, name=sc.name, samples=number(args.samples, lang), seed=args.seed,
          objective=objective_label(args.objective, lang), robustness=t(f"app.search.robustness.{args.robustness}", lang)),
        file=sys.stderr,
    )  # fmt: skip
    announce(estimate, lang)
    ds = optimise(
        sc,
        samples=args.samples,
        seed=args.seed,
        objective=args.objective,
        robustness=args.robustness,
        bounds=_bounds(args),
        locks=args.lock,
        step=args.step,
        parameters=parameters_of(args, lang),
        futures=args.future,
        pareto=args.pareto,
        levers=args.lever,
        engine=args.engine,
        fields={
            "bounds": "--min/--max",
            "low": "--min",
            "high": "--max",
            "locks": "--lock",
            "step": "--step",
        },
    )
    print(optimise_summary(ds, lang))
    write_result(ds, args.out, lang)
    if args.write_scenario is not None:
        chosen = int(ds["chosen"])
        label = str(ds["phasing"].values[chosen])
        levers = replace(
            sc,
            neighbourhood_share=float(ds["neighbourhood_share"].values[chosen]),
            phasing=sc.phasing if label == "loaded" else profile_phasing(label),
        )
        found = as_scenario(
            levers,
            ds["allocation"].isel(candidate=chosen).values,
            name=f"{sc.name}_gezocht",
            title=t("opt.scenario_title", lang, title=sc.title),
            description=t("opt.scenario_description", lang, name=sc.name, objective=objective_label(args.objective, lang),
                          robustness=t(f"app.search.robustness.{args.robustness}", lang), samples=args.samples, seed=args.seed),
        )  # fmt: skip
        try:
            write_atomic(args.write_scenario, found.to_toml())
        except OSError as err:
            raise write_failure(args.write_scenario, err, field="--write-scenario") from None
        print(t("cli.written", lang, file=args.write_scenario), file=sys.stderr)
    return 0


def optimise_summary(ds: xr.Dataset, lang: str) -> str:
    """The chosen allocation beside the scenario's, line by line, its robust score, and the
    search's findings in words."""
    chosen = int(ds["chosen"])
    base = ds["baseline_allocation"].values
    mine = ds["allocation"].isel(candidate=chosen).values
    rows = [
        t("opt.title", lang, candidate=chosen, n=ds.sizes["candidate"]),
        "",
        f"  {t('opt.col.line', lang):<52}{t('opt.col.scenario', lang):>12}{t('opt.col.found', lang):>12}{t('opt.col.change', lang):>12}",
    ]
    for k, line in enumerate(LINES):
        delta = mine[k] - base[k]
        rows.append(
            f"  {line_label(line, lang)[:51]:<52}{number(base[k], lang):>12}{number(mine[k], lang):>12}"
            f"{('+' if delta > 0 else '') + number(delta, lang) if abs(delta) > 1e-9 else '0':>12}"
        )
    if ds.attrs.get("levers", "-") != "-":
        rows.append(
            "  " + t("opt.levers_found", lang, share=fmt_pct(float(ds["neighbourhood_share"].values[chosen]), lang),
                     phasing=t(f"app.phasing.{ds['phasing'].values[chosen]}", lang))
        )  # fmt: skip
    rows.append("")
    regret = ds.attrs.get("robustness") == "regret"
    sign = -1.0 if regret else 1.0  # a regret's score is minus the largest regret
    for o in (str(x) for x in ds["objective"].values):
        label = (
            t("opt.max_regret", lang, objective=objective_label(o, lang).lower())
            if regret
            else objective_label(o, lang)
        )
        rows.append(
            f"  {label}: {score_text(sign * float(ds['score'].isel(candidate=chosen).sel(objective=o)), o, lang)}"
            f" ({t('opt.col.scenario', lang).lower()}: {score_text(sign * float(ds['baseline_score'].sel(objective=o)), o, lang)})"
        )
    rows += ["", *(f"- {s}" for s in search_sentences(ds, lang))]
    return "\n".join(rows)


def _marginal(args: argparse.Namespace, lang: str) -> int:
    check_out(args.out)
    if not args.step > 0 or args.step != args.step or args.step == float("inf"):
        raise UncertaintyError(field="--step", value=args.step, allowed="opt.allowed.marginal_step")
    sc = load_scenario(args.scenario)
    estimate = fits(args.samples, scenarios=len(LINES) + 1, compare=True)
    print(t("opt.marginal_running", lang, name=sc.name, step=number(args.step, lang),
            samples=number(args.samples, lang), seed=args.seed), file=sys.stderr)  # fmt: skip
    announce(estimate, lang)
    ds = marginal(
        sc,
        step=args.step,
        source=args.source,
        samples=args.samples,
        seed=args.seed,
        parameters=parameters_of(args, lang),
        engine=args.engine,
    )
    frame = marginal_frame(ds, lang)
    print(frame.to_string(index=False))
    print()
    print(t("app.marginal.per_indicator", lang, step=number(args.step, lang)))
    print(marginal_indicator_frame(ds, lang).to_string(index=False))
    print()
    print("\n".join(f"- {s}" for s in marginal_sentences(ds, lang)))
    write_result(ds, args.out, lang)
    return 0
