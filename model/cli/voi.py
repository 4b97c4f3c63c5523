"""Command-line subcommand ``voi`` (wired into :mod:`model.cli`)::

    samenleven voi SCENARIO [SCENARIO ...] --samples N --seed S [--objective attainment|targets|outcomes]
        [--group ID ...] [--method gam|gp] [--parameters SET] [--engine ...] [--out FILE.nc]

The value of information for the choice between the scenarios
(:func:`model.analysis.information.value_of_information`): a table of the options (expected
objective, chance of being best), EVPI, EVPPI per uncertainty group, and the same in plain
words (:func:`model.present.information.voi_sentences`).

Decisions documented here:

* **one scenario** is not an error: with nothing to choose, information cannot change a
  decision, so EVPI and every EVPPI are 0. The command says so in words, writes the file
  if asked, and exits 0;
* scenarios whose ``[assumptions]`` differ (e.g. ``geen_rijksbijdrage_gbt``, which fixes
  the national GBT contribution) are refused with exit status 2: such a scenario is a
  future, not an option; the value of knowing that future is the EVPPI of its group.

``--out`` is checked before anything runs and written atomically; bad input ends with a
message naming the field, the value and what is allowed, and exit status 2.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import xarray as xr

from model.analysis.information import VOI_GROUPS, VOI_TIME, value_of_information
from model.analysis.objectives import OBJECTIVES
from model.analysis.voi import METHODS
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
    write_result,
)
from model.i18n import default_language, number, t
from model.policy.scenarios import load_scenario
from model.present.formats import fmt_pct
from model.present.information import (
    group_label,
    voi_number,
    voi_pair,
    voi_sentences,
    voi_unit,
)

COMMANDS = ("voi",)


def add_subcommands(sub: argparse._SubParsersAction, lang: str | None = None) -> None:
    """Add ``voi`` to the ``samenleven`` parser (argument refusals in ``lang``)."""
    lang = lang or default_language()
    voi = add_command(sub, "voi", lang)
    voi.add_argument("scenarios", nargs="+", help=t("help.voi.scenarios", lang))
    voi.add_argument(
        "--samples",
        type=whole_number("--samples", lang, minimum=2),
        default=1000,
        help=t("help.voi.samples", lang),
    )
    add_seed(voi, lang)
    voi.add_argument(
        "--objective",
        choices=OBJECTIVES,
        default="attainment",
        help=t("help.voi.objective", lang),
    )
    voi.add_argument(
        "--group",
        action="append",
        default=None,
        choices=tuple(VOI_GROUPS),
        metavar="ID",
        help=t("help.voi.group", lang, groups=", ".join(VOI_GROUPS)),
    )
    voi.add_argument(
        "--method",
        choices=METHODS,
        default="gam",
        help=t("help.voi.method", lang),
    )
    add_engine(voi)
    voi.add_argument("--out", type=Path, default=None, help=t("help.voi.out", lang))
    add_parameters(voi, t("help.voi.parameters", lang))


def run_command(args: argparse.Namespace, lang: str | None) -> int:
    """Carry out ``voi``; returns the exit status (errors propagate to :func:`model.cli.main`)."""
    lang = lang or default_language()
    check_out(args.out)
    scenarios = [load_scenario(s) for s in args.scenarios]
    estimate = fits(args.samples, scenarios=len(scenarios), steps=len(VOI_TIME))
    print(
        t(
            "voi.running",
            lang,
            names=", ".join(s.name for s in scenarios),
            samples=number(args.samples, lang),
            seed=args.seed,
        ),
        file=sys.stderr,
    )
    announce(estimate, lang)
    ds = value_of_information(
        scenarios,
        samples=args.samples,
        seed=args.seed,
        objective=args.objective,
        groups=args.group,
        parameters=parameters_of(args, lang),
        method=args.method,
        engine=args.engine,
    )
    print(voi_summary(ds, lang))
    write_result(ds, args.out, lang)
    return 0


def _short(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def voi_summary(ds: xr.Dataset, lang: str) -> str:
    """The options, EVPI and EVPPI per group as a table, then the same in words (one
    option: only the sentence that there is nothing to choose)."""
    if ds.sizes["decision"] < 2:
        return "\n".join(voi_sentences(ds, lang))
    objective = str(ds.attrs.get("objective", "attainment"))
    unit = voi_unit(ds, lang)
    rows = [
        t(
            "voi.title",
            lang,
            n=ds.sizes["decision"],
            samples=number(ds.sizes["sample"], lang),
            seed=ds.attrs.get("seed", ""),
            objective=t(f"voi.objective.{objective}", lang),
        ),
        "",
        f"  {t('voi.col.option', lang):<30}{t('voi.col.expected', lang):>12}{t('voi.col.p_best', lang):>16}",
    ]
    for d in ds["decision"].values:
        row = ds.sel(decision=d)
        rows.append(
            f"  {_short(str(d), 29):<30}{number(float(row['expected_net_benefit']), lang, 2):>12}"
            f"{fmt_pct(float(row['p_best']), lang):>16}"
        )
    rows += [
        "",
        "  "
        + t(
            "voi.evpi_line",
            lang,
            value=voi_number(float(ds["evpi"]), lang, like=float(ds["evpi_error"])),
            error=voi_number(float(ds["evpi_error"]), lang, like=float(ds["evpi"])),
            unit=unit,
        ),
        "",
        f"  {t('voi.col.group', lang):<52}{t('voi.col.evppi', lang):>18}{t('voi.col.parameters', lang):>13}",
    ]
    order = ds["evppi"].to_series().sort_values(ascending=False, kind="stable").index
    for g in order:
        row = ds.sel(group=g)
        cell = voi_pair(float(row["evppi"]), float(row["evppi_error"]), lang)
        rows.append(
            f"  {_short(group_label(str(g), lang), 51):<52}{cell:>18}{int(row['group_size']):>13}"
        )
    rows += ["", *voi_sentences(ds, lang)]
    return "\n".join(rows)
