"""Command-line subcommands for uncertainty: ``compare``, ``sensitivity`` and ``discover``,
and the target-probability lines of ``run`` (wired into :mod:`model.cli`).

    samenleven compare A.toml B.toml ... --samples N --seed S --out FILE.nc [--scheduler local|ADDRESS]
    samenleven sensitivity SCENARIO.toml --method sobol|morris --n N --seed S [--indicator ID] --out FILE.nc [--scheduler local|ADDRESS]
    samenleven discover SCENARIO.toml --indicator ID --samples N --seed S [--out FILE.nc]

Errors are :class:`~model.analysis.uncertainty.UncertaintyError` (a ``ValueError``), which
:func:`model.cli.main` turns into a message and exit status 2.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

import numpy as np
import xarray as xr

from model.analysis.discovery import discover
from model.analysis.sensitivity import (
    modelled_indicators,
    morris,
    size_estimate,
    sobol,
    top_parameters,
)
from model.analysis.uncertainty import check_indicators, compare, reduces
from model.cli.args import (
    add_command,
    add_engine,
    add_parameters,
    add_scheduler,
    add_seed,
    announce,
    any_whole_number,
    check_out,
    cluster,
    fits,
    parameters_of,
    scenario_of,
    whole_number,
    write_failure,
    write_result,
)
from model.engine import TimeAxis
from model.i18n import default_language, number, t
from model.policy.indicators import GOALS, INDICATORS
from model.present.formats import fmt_pct
from model.present.wording import (
    convergence_message,
    discovery_message,
    discovery_sentences,
    significant,
)
from model.run.chunked import REDUCE_ABOVE
from model.run.cluster import local_workers
from model.run.sizing import check_fits
from model.run.summary import LIKELY

DISCOVERY_TIME = TimeAxis(end="2028-01")
"""The horizon scenario discovery runs (:func:`model.analysis.discovery.discover`)."""


def add_subcommands(sub: argparse._SubParsersAction, lang: str | None = None) -> None:
    """Add ``compare``, ``sensitivity`` and ``discover`` to the ``samenleven`` parser
    (argument refusals in ``lang``)."""
    lang = lang or default_language()
    above = number(REDUCE_ABOVE, lang)
    cmp = add_command(sub, "compare", lang)
    cmp.add_argument("scenarios", nargs="+", help=t("help.scenarios", lang))
    cmp.add_argument(
        "--samples",
        type=whole_number("--samples", lang),
        default=200,
        help=t("help.compare.samples", lang),
    )
    add_seed(cmp, lang)
    add_engine(cmp)
    cmp.add_argument(
        "--sampling",
        choices=("lhs", "random"),
        default="lhs",
        help=t("help.compare.sampling", lang),
    )
    cmp.add_argument(
        "--out", type=Path, default=None, help=t("help.compare.out", lang, above=above)
    )
    add_parameters(cmp, t("help.compare.parameters", lang))
    add_scheduler(cmp, lang)

    sens = add_command(sub, "sensitivity", lang)
    sens.add_argument("scenario", help=t("help.scenario", lang))
    sens.add_argument(
        "--method",
        choices=("sobol", "morris"),
        default="sobol",
        help=t("help.sensitivity.method", lang),
    )
    sens.add_argument(
        "--n",
        type=any_whole_number("--n", lang),
        default=None,
        help=t("help.sensitivity.n", lang),
    )
    add_seed(sens, lang)
    add_engine(sens)
    sens.add_argument(
        "--indicator",
        action="append",
        default=None,
        help=t("help.sensitivity.indicator", lang),
    )
    sens.add_argument(
        "--year",
        type=any_whole_number("--year", lang),
        default=2027,
        help=t("help.sensitivity.year", lang),
    )
    sens.add_argument("--groups", action="store_true", help=t("help.sensitivity.groups", lang))
    sens.add_argument(
        "--top",
        type=whole_number("--top", lang),
        default=5,
        help=t("help.sensitivity.top", lang),
    )
    sens.add_argument("--out", type=Path, default=None, help=t("help.sensitivity.out", lang))
    add_parameters(sens, t("help.sensitivity.parameters", lang))
    add_scheduler(sens, lang)

    disc = add_command(sub, "discover", lang)
    disc.add_argument("scenario", help=t("help.scenario", lang))
    disc.add_argument("--indicator", required=True, help=t("help.discover.indicator", lang))
    disc.add_argument(
        "--criterion",
        choices=("target", "better_than_2023", "better_than_no_reserve"),
        default=None,
        help=t("help.discover.criterion", lang),
    )
    disc.add_argument(
        "--samples",
        type=whole_number("--samples", lang),
        default=2000,
        help=t("help.discover.samples", lang),
    )
    add_seed(disc, lang)
    add_engine(disc)
    disc.add_argument("--out", type=Path, default=None, help=t("help.discover.out", lang))
    add_parameters(disc)


COMMANDS = ("compare", "sensitivity", "discover")


def run_command(args: argparse.Namespace, lang: str | None) -> int:
    """Carry out one of :data:`COMMANDS`; returns the exit status (errors propagate)."""
    handlers: dict[str, Callable[[argparse.Namespace, str], int]] = {
        "compare": _compare,
        "sensitivity": _sensitivity,
        "discover": _discover,
    }
    return handlers[args.command](args, lang or default_language())


def _short(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


# --------------------------------------------------------------------------- compare


def _compare(args: argparse.Namespace, lang: str) -> int:
    check_out(args.out)
    scenarios = [scenario_of(s, lang) for s in args.scenarios]
    reduced = reduces(args.samples, None)  # above REDUCE_ABOVE: chunk by chunk
    estimate = fits(
        args.samples,
        scenarios=len(scenarios),
        compare=True,
        chunked=reduced,
        workers=local_workers(args.scheduler),
        out=args.out,
    )
    print(
        t(
            "unc.compare.running",
            lang,
            names=", ".join(s.name for s in scenarios),
            samples=number(args.samples, lang),
            seed=args.seed,
        ),
        file=sys.stderr,
    )
    announce(estimate, lang)
    params = parameters_of(args, lang)
    out = args.out if reduced else None  # a reduced comparison writes as it runs
    try:
        with cluster(args.scheduler) as client:
            ds = compare(
                scenarios,
                samples=args.samples,
                seed=args.seed,
                sampling=args.sampling,
                parameters=params,
                engine=args.engine,
                chunked=reduced,
                scheduler=client,
                out=out,
            )
    except OSError as err:
        if out is None:
            raise
        raise write_failure(out, err) from None
    print(compare_summary(ds, lang))
    if out is not None:
        print(t("cli.written", lang, file=out), file=sys.stderr)
    else:
        write_result(ds, args.out, lang)
    return 0


def compare_summary(ds: xr.Dataset, lang: str) -> str:
    """Per goal, each indicator's probabilities side by side for the scenarios of ``ds``."""
    names = [str(s) for s in ds["scenario"].values]
    width = max(12, *(len(n) + 2 for n in names))
    rows = [
        t(
            "unc.compare.title",
            lang,
            samples=number(ds.sizes["sample"], lang),
            seed=ds.attrs.get("seed", ""),
        ),
        "",
    ]
    head = f"    {'':<58}" + "".join(f"{_short(n, width - 2):>{width}}" for n in names)
    ids = [str(i) for i in ds["indicator"].values]
    for goal, info in GOALS.items():
        mine = [i for i in ids if INDICATORS[i].goal == goal]
        if not mine:
            continue
        rows.append(t("cli.goal", lang, name=info[lang], line=info["line"]))
        outputs = [i for i in mine if INDICATORS[i].level == "output"]
        outcomes = [i for i in mine if INDICATORS[i].level == "outcome"]
        if outputs:
            rows += [t("unc.compare.outputs", lang), head]
            for i in outputs:
                name = INDICATORS[i].nl if lang == "nl" else INDICATORS[i].en
                cells = "".join(
                    f"{float(ds['p_target_met'].sel(indicator=i, scenario=s)):>{width}.0%}"
                    for s in names
                )
                rows.append(f"    {_short(name, 57):<58}{cells}")
        if outcomes:
            rows += [t("unc.compare.outcomes", lang), head]
            for i in outcomes:
                name = INDICATORS[i].nl if lang == "nl" else INDICATORS[i].en
                cells = "".join(
                    f"{float(ds['p_better_than_2023'].sel(indicator=i, scenario=s)):.0%} / {float(ds['p_better_than_no_reserve'].sel(indicator=i, scenario=s)):.0%}".rjust(
                        width
                    )
                    for s in names
                )
                rows.append(f"    {_short(name, 57):<58}{cells}")
        rows.append("")
    return "\n".join(rows)


# --------------------------------------------------------------------------- sensitivity


def _sensitivity(args: argparse.Namespace, lang: str) -> int:
    check_out(args.out)
    scenario = scenario_of(args.scenario, lang)
    n = args.n if args.n is not None else (256 if args.method == "sobol" else 50)
    params = parameters_of(args, lang)
    estimate = check_fits(
        size_estimate(
            args.method,
            scenario,
            n=n,
            indicator=args.indicator,
            year=args.year,
            groups="group" if args.groups else None,
            parameters=params,
            scheduler=args.scheduler,
        ),
        field="--n",
        value=n,
        advice=["fewer", "machine", "later", *([] if args.groups else ["groups"])],
    )
    print(t("unc.sens.running", lang, method=args.method, n=n, name=scenario.name), file=sys.stderr)
    announce(estimate, lang)
    run = sobol if args.method == "sobol" else morris
    with cluster(args.scheduler) as client:
        ds = run(
            scenario,
            n=n,
            seed=args.seed,
            indicator=args.indicator,
            year=args.year,
            groups="group" if args.groups else None,
            engine=args.engine,
            parameters=params,
            scheduler=client,
        )
    print(sensitivity_summary(ds, lang, top=args.top))
    write_result(ds, args.out, lang)
    return 0


def sensitivity_summary(ds: xr.Dataset, lang: str, *, top: int = 5) -> str:
    """Per indicator, the ``top`` uncertainties by ST (Sobol) or mu_star (Morris), and the convergence verdict."""
    method = str(ds.attrs.get("method", "sobol"))
    rows = [
        t(
            "unc.sens.title",
            lang,
            method="Sobol" if method == "sobol" else "Morris",
            year=ds.attrs.get("year", ""),
            name=ds.attrs.get("scenario", ""),
            runs=number(int(ds.attrs.get("model_runs", 0)), lang),
        ),
        "",
    ]
    dim = "parameter" if "parameter" in ds.dims else "group"
    for i in [str(x) for x in ds["indicator"].values]:
        ind = INDICATORS[i]
        rows.append(f"  {ind.nl if lang == 'nl' else ind.en} ({i})")
        best = top_parameters(ds, i, k=top)
        if not best:
            rows.append(t("unc.sens.constant", lang))
            continue
        rows.append(f"    {t('unc.sens.head.' + method, lang)}")
        row = ds.sel(indicator=i)
        for name, value, conf in best:
            if method == "sobol":
                s1, s1c = float(row["S1"].sel({dim: name})), float(row["S1_conf"].sel({dim: name}))
                rows.append(
                    f"    {_short(name, 38):<38}{number(value, lang, 2):>6} ± {number(conf, lang, 2):<5}"
                    f"{number(s1, lang, 2):>8} ± {number(s1c, lang, 2):<5}"
                )
            else:
                sigma = float(row["sigma"].sel({dim: name}))
                rows.append(
                    f"    {_short(name, 34):<34}{significant(value, lang):>9} ± "
                    f"{significant(conf, lang, 2):<8}{significant(sigma, lang):>9}"
                )
    rows += ["", convergence_message(ds, lang)]
    return "\n".join(rows)


# --------------------------------------------------------------------------- discover


def _discover(args: argparse.Namespace, lang: str) -> int:
    check_out(args.out)
    check_indicators(args.indicator, modelled_indicators(), field="--indicator")  # before the run
    scenario = scenario_of(args.scenario, lang)
    estimate = fits(args.samples, steps=len(DISCOVERY_TIME))
    print(
        t(
            "unc.disc.running",
            lang,
            indicator=args.indicator,
            name=scenario.name,
            samples=number(args.samples, lang),
        ),
        file=sys.stderr,
    )
    announce(estimate, lang)
    ds = discover(
        scenario,
        indicator=args.indicator,
        samples=args.samples,
        seed=args.seed,
        criterion=args.criterion,
        engine=args.engine,
        parameters=parameters_of(args, lang),
    )
    if ds.sizes["box"]:
        sentences = discovery_sentences(ds, lang)
        print("\n".join(f"{int(b)}. {s}" for b, s in zip(ds["box"].values, sentences, strict=True)))
    else:
        print(discovery_message(ds, lang))
    write_result(ds, args.out, lang)
    return 0


# --------------------------------------------------------------------------- run


def probability_lines(ds: xr.Dataset, lang: str | None) -> list[str]:
    """One summary line for ``samenleven run --samples N`` (N > 1): how many outputs are
    likely (>= 80 %) to meet their target, and which is least likely."""
    if "p_target_met" not in ds or ds.sizes.get("sample", 1) < 2:
        return []
    p = ds["p_target_met"].dropna("indicator")
    if p.size == 0:
        return []
    worst = str(p["indicator"].values[int(np.argmin(p.values))])
    ind = INDICATORS[worst]
    return [
        t(
            "unc.run.probabilities",
            lang,
            samples=number(ds.sizes["sample"], lang),
            met=int((p >= LIKELY).sum()),
            outputs=int(p.size),
            name=ind.nl if (lang or default_language()) == "nl" else ind.en,
            p=fmt_pct(float(p.min()), lang),
        ),
        "",
    ]
