"""Command-line subcommand ``export`` (wired into :mod:`model.cli`)::

    samenleven export FILE.mdl [SCENARIO] [--variant plan|no_reserve] [--parameters SET]

writes the model with the values of one variant of a scenario (default: the baseline's
plan) as a Vensim model that PySD and Vensim open and run
(:func:`model.run.export.export_scenario`). The file is checked before anything is
computed and written atomically; a refusal names the field, the value and what is
allowed, in the language of ``--lang``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from model.analysis.calibration import calibrated_parameters
from model.cli.args import add_command, check_out, scenario_of, write_failure
from model.common.files import write_atomic
from model.errors import SamenlevenError
from model.i18n import default_language, number, t
from model.run.export import export_scenario
from model.run.simulation import VARIANTS

COMMANDS = ("export",)

SUFFIXES = (".mdl",)
"""What the exported file may end in: Vensim's text format."""

XMILE_SUFFIXES = (".xmile", ".xmi", ".stmx", ".itmx")
"""XMILE (Stella's format): not written (PySD runs the ``.mdl`` export faithfully)."""

FIELD = "FILE"
"""The file's name in English messages; each language's is the text ``help.metavar.file``
(:func:`field_name`), the same in ``--help`` and in a refusal."""


def field_name(lang: str | None) -> str:
    """What help and refusals call the file argument in ``lang`` (``BESTAND``, ``FILE``)."""
    return t("help.metavar.file", lang or default_language())


def add_subcommands(sub: argparse._SubParsersAction, lang: str | None = None) -> None:
    """Add ``export`` to the ``samenleven`` parser (its help in ``lang``)."""
    lang = lang or default_language()
    exp = add_command(sub, "export", lang)
    exp.add_argument("file", type=Path, metavar=field_name(lang), help=t("help.export.file", lang))
    exp.add_argument(
        "scenario", nargs="?", default="baseline", help=t("help.export.scenario", lang)
    )
    exp.add_argument(
        "--variant", choices=VARIANTS, default="plan", help=t("help.export.variant", lang)
    )
    exp.add_argument("--parameters", default=None, help=t("help.export.parameters", lang))


def run_command(args: argparse.Namespace, lang: str | None) -> int:
    """Carry out ``export``: check the file first, then export and write it."""
    lang = lang or default_language()
    field = field_name(lang)
    out = check_file(args.file, field=field)
    scenario = scenario_of(args.scenario, lang)
    parameters = calibrated_parameters(args.parameters) if args.parameters else None
    print(t("export.running", lang, name=scenario.name, variant=args.variant), file=sys.stderr)
    mdl = export_scenario(scenario, variant=args.variant, parameters=parameters)
    try:
        write_atomic(out, mdl.text)
    except OSError as err:
        raise write_failure(args.file, err, field=field) from None
    print(
        t(
            "export.written",
            lang,
            file=args.file,
            variables=number(sum(len(v) for v in mdl.variables.values()), lang),
            constants=number(sum(len(v) for v in mdl.parameters.values()), lang),
        ),
        file=sys.stderr,
    )
    print(t("export.difference", lang), file=sys.stderr)
    return 0


def check_file(path: Path, *, field: str = FIELD) -> Path:
    """The file to write, checked before anything runs: a ``.mdl`` name in a folder that
    may be written to (an XMILE name is refused with the reason); a refusal names
    ``field``."""
    if path.suffix.lower() in XMILE_SUFFIXES:
        raise SamenlevenError(
            field=field,
            value=str(path),
            reason="export.xmile",
            allowed="args.out.ending",
            suffixes=" / ".join(SUFFIXES),
        )
    checked = check_out(path, suffixes=SUFFIXES, field=field)
    return path if checked is None else checked
