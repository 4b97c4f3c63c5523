"""Arguments shared by the command-line modules, checked in the language of the run.

Every refusal is a :class:`~model.errors.SamenlevenError` (field, value, what is
allowed) in the language ``--lang`` asks for, including argparse's own complaints
(:class:`Parser` rewrites them), and an ``--out`` path is checked before any work is
done (:func:`check_out`), naming the path as the user gave it.

``--help`` is in that language too. The parser is built knowing the language
(:func:`language_of` reads ``--lang`` before parsing): :class:`Parser` puts argparse's
own words ("usage:", "options", "show this help message and exit") in it, and its
:class:`HelpFormatter` the placeholder after an option (``--samples AANTAL``) from the
catalogues' ``[help.metavar]`` table, by the option's ``dest``; argparse's error texts are
left alone (:func:`argparse_message` reads them). Nothing of the standard library is
patched. To add a subcommand ``NAME`` in ``add_subcommands(sub, lang)``::

    cmd = add_command(sub, "NAME", lang)  # help and description: text help.NAME.about
    cmd.add_argument("--budget", help=t(BUDGET, lang))  # BUDGET = "help.NAME.budget"

with the texts in the ``[help.NAME]`` table of both ``model/locales/nl.toml`` and
``en.toml``: plain text, a ``%`` is a percent sign (the formatter escapes argparse's
%-formatting). A new option whose placeholder should read differently in Dutch gets a
``[help.metavar]`` entry under its ``dest``. The shared options (:func:`add_seed`,
:func:`add_engine`, :func:`add_parameters`, :func:`add_scheduler`) take the language
from the parser. ``tests/cli/test_cli_help.py`` renders every subcommand's help in both
languages and fails on a text of the other language.
"""

from __future__ import annotations

import argparse
import errno
import functools
import os
import re
import sys
import tempfile
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, NoReturn

from model.analysis.sets import DEFAULT_SET, PRIORS, describe_set, parameter_set
from model.analysis.uncertainty import check_seed
from model.common.files import check_writable
from model.engine.integrate import ENGINES
from model.errors import SamenlevenError
from model.i18n import LANGUAGES, default_language, has_text, t
from model.policy.parameters import ParameterSet
from model.policy.scenarios import Scenario, load_scenario
from model.present.texts import marked
from model.run.cluster import check_scheduler, connect
from model.run.results import write_netcdf
from model.run.simulation import DEFAULT_ENGINE
from model.run.sizing import (
    DEFAULT_STEPS,
    Estimate,
    check_disk,
    check_fits,
    estimate_ensemble,
    estimate_file,
    format_bytes,
    format_seconds,
)

EXIT_BAD_INPUT = 2

NETCDF_SUFFIXES = (".nc",)
"""What an ``--out`` netCDF file may end in."""

ANNOUNCE_SECONDS = 30.0
"""Requests estimated to take at least this long say so before they start."""


def announce(estimate: Estimate, lang: str) -> None:
    """Say on stderr what a long request will take (memory and rough time), before it starts."""
    if estimate.seconds >= ANNOUNCE_SECONDS:
        print(
            t(
                "size.estimate",
                lang,
                need=format_bytes(estimate.bytes, lang),
                time=format_seconds(estimate.seconds, lang),
            ),
            file=sys.stderr,
        )


def language_of(argv: Sequence[str]) -> str:
    """The language ``--lang`` asks for in ``argv`` (read before the arguments are
    parsed, so that argparse's complaints are in that language too), else the default.

    Examples
    --------
    >>> language_of(["--lang", "en", "run", "x"]), language_of(["--lang=en"]), language_of(["--lang", "xx"])
    ('en', 'en', 'nl')
    """
    args = list(argv)
    for k, arg in enumerate(args):
        value = None
        if arg == "--lang" and k + 1 < len(args):
            value = args[k + 1]
        elif arg.startswith("--lang="):
            value = arg.split("=", 1)[1]
        if value in LANGUAGES:
            return value
    return default_language()


# --------------------------------------------------------------------------- argument types


def _as_int(text: str) -> int | None:
    try:
        return int(text.replace("_", "")) if text.strip() else None
    except ValueError:
        return None


def whole_number(field: str, lang: str, *, minimum: int = 1) -> Callable[[str], int]:
    """An argparse type: a whole number of at least ``minimum``; a refusal names ``field``
    and the value in ``lang``.

    Examples
    --------
    >>> whole_number("--samples", "en")("12")
    12
    >>> whole_number("--samples", "en")("0")
    Traceback (most recent call last):
    ...
    argparse.ArgumentTypeError: --samples = 0; allowed: a whole number of at least 1
    """

    def parse(text: str) -> int:
        value = _as_int(text)
        if value is None or value < minimum:
            raise argparse.ArgumentTypeError(
                SamenlevenError(
                    field=field,
                    value=text if value is None else value,
                    allowed="allowed.whole_number",
                    minimum=minimum,
                ).message(lang)
            )
        return value

    parse.__name__ = "whole number"
    return parse


def any_whole_number(field: str, lang: str) -> Callable[[str], int]:
    """An argparse type: any whole number (the command checks its range)."""

    def parse(text: str) -> int:
        value = _as_int(text)
        if value is None:
            raise argparse.ArgumentTypeError(
                SamenlevenError(field=field, value=text, allowed="args.whole").message(lang)
            )
        return value

    parse.__name__ = "whole number"
    return parse


def add_seed(parser: argparse.ArgumentParser, lang: str) -> None:
    """The ``--seed`` option every sampling command has: 0 to 2**32 - 1, default 0."""
    parser.add_argument(
        "--seed",
        type=seed(lang),
        default=0,
        help=t("help.seed", lang),
    )


def add_scheduler(parser: argparse.ArgumentParser, lang: str) -> None:
    """The ``--scheduler`` option of the commands that run ensembles, comparisons and
    sensitivity analyses (:mod:`model.run.cluster`), its form checked before anything runs."""
    parser.add_argument(
        "--scheduler",
        type=scheduler(lang),
        default=None,
        help=t("help.scheduler", lang),
    )


def scheduler(lang: str, field: str = "--scheduler") -> Callable[[str], str]:
    """An argparse type: ``local`` or the address of a Dask scheduler
    (:func:`model.run.cluster.check_scheduler`; whether one answers there is checked
    when the command runs).

    Examples
    --------
    >>> scheduler("en")("tcp://10.0.0.5:8786")
    'tcp://10.0.0.5:8786'
    >>> scheduler("en")("http://x")
    Traceback (most recent call last):
    ...
    argparse.ArgumentTypeError: --scheduler = 'http://x': not the address of a Dask scheduler; allowed: local, or the address of a Dask cluster's scheduler, e.g. tcp://10.0.0.5:8786 (protocol tcp, tls, ucx, ws, wss or inproc; port 1-65535)
    """

    def parse(text: str) -> str:
        try:
            return str(check_scheduler(text, field=field))
        except SamenlevenError as err:
            raise argparse.ArgumentTypeError(err.message(lang)) from None

    parse.__name__ = "scheduler"
    return parse


@contextmanager
def cluster(scheduler: str | None, field: str = "--scheduler") -> Iterator[Any]:
    """A connection to ``--scheduler`` for the whole command (None: no cluster, the work
    runs here): a scheduler that cannot be reached, has no workers or runs another
    samenleven is refused naming ``field`` before anything is drawn."""
    if scheduler is None:
        yield None
        return
    with connect(scheduler, field=field) as client:
        yield client


def add_engine(parser: argparse.ArgumentParser) -> None:
    """The ``--engine`` option of every command that runs the model: the compiled kernel
    (default) or the numpy reference engine (the same numbers to round-off)."""
    parser.add_argument(
        "--engine",
        choices=ENGINES,
        default=DEFAULT_ENGINE,
        help=t("help.engine", _language(parser)),
    )


def add_parameters(parser: argparse.ArgumentParser, what: str | None = None) -> None:
    """The ``--parameters SET`` option of every command that runs the model: the
    calibrated set ``public`` by default (:func:`model.analysis.sets.default_parameters`),
    ``priors`` for the parameter files alone, or another calibrated set. ``what`` ends
    "parameter set ..." in the parser's language (default: the text
    ``help.parameters_what``, "the ensemble draws from")."""
    lang = _language(parser)
    what = t("help.parameters_what", lang) if what is None else what
    parser.add_argument(
        "--parameters",
        default=None,
        help=t("help.parameters", lang, what=what, default=DEFAULT_SET, priors=PRIORS),
    )


def parameters_of(args: argparse.Namespace, lang: str) -> ParameterSet:
    """The parameter set ``--parameters`` names (default: the calibrated ``public`` set),
    announced on stderr in plain words: which set, and how many of its parameters come
    from calibration to data."""
    params = parameter_set(getattr(args, "parameters", None))
    print(describe_set(params, lang), file=sys.stderr)
    return params


def seed(lang: str, field: str = "--seed") -> Callable[[str], int]:
    """An argparse type: a seed, ``0 <= seed < 2**32``
    (:data:`model.analysis.uncertainty.SEED_LIMIT`), checked before anything runs.

    Examples
    --------
    >>> seed("en")("7")
    7
    >>> seed("en")(str(2**70))
    Traceback (most recent call last):
    ...
    argparse.ArgumentTypeError: --seed = 1180591620717411303424; allowed: a whole number of at least 0 and at most 4294967295 (2**32 - 1)
    """

    def parse(text: str) -> int:
        value = _as_int(text)
        try:
            return check_seed(text if value is None else value, field=field)
        except SamenlevenError as err:
            raise argparse.ArgumentTypeError(err.message(lang)) from None

    parse.__name__ = "seed"
    return parse


# --------------------------------------------------------------------------- the parser

_ARGUMENT = re.compile(r"^argument (?P<field>[^:]+?): (?P<message>.*)$", re.DOTALL)
_CHOICE = re.compile(r"^invalid choice: (?P<value>.*?) \(choose from (?P<options>.*)\)$")
_TYPE = re.compile(r"^invalid (?P<type>.+?) value: (?P<value>.*)$")
_EXPECTED = re.compile(r"^expected (?:one|at most one|at least one|\d+) arguments?$")
_EXPLICIT = re.compile(r"^ignored explicit argument (?P<value>.*)$")
_REQUIRED = re.compile(r"^the following arguments are required: (?P<names>.*)$")
_UNRECOGNIZED = re.compile(r"^unrecognized arguments: (?P<names>.*)$")
_AMBIGUOUS = re.compile(r"^ambiguous option: (?P<field>\S+) could match (?P<options>.*)$")


def _unquote(text: str) -> str:
    return re.sub(r"'([^']*)'", r"\1", text)


def argparse_message(message: str, lang: str, *, command: str = "samenleven") -> str:
    """argparse's own (English) complaint ``message`` in ``lang``, in the project's
    frame (field, value, allowed) where it has one.

    Examples
    --------
    >>> argparse_message("argument --method: invalid choice: 'x' (choose from 'euler', 'rk4')", "nl")
    "--method = 'x'; toegestaan: euler, rk4"
    >>> argparse_message("the following arguments are required: scenario", "nl", command="samenleven run")
    'scenario ontbreekt (samenleven run --help toont alle opties)'
    """
    hint = {"command": command}
    m = _ARGUMENT.match(message)
    if m:
        field, text = m["field"].split("/")[-1], m["message"]
        if text.startswith(f"{field} = ") or text.startswith(f"{m['field']} = "):
            return text  # our own argument types: already the project's message
        if field == "command":
            field = t("args.command", lang)
        if c := _CHOICE.match(text):
            return SamenlevenError(
                field=field,
                value=_unquote(c["value"]),
                allowed="allowed.options",
                options=_unquote(c["options"]),
            ).message(lang)
        if c := _TYPE.match(text):
            return SamenlevenError(
                field=field, value=_unquote(c["value"]), allowed="args.whole"
            ).message(lang)
        if _EXPECTED.match(text):
            return t("args.expected", lang, field=field, **hint)
        if c := _EXPLICIT.match(text):
            return t("args.explicit", lang, field=field, value=c["value"], **hint)
        return t("args.other", lang, field=field, **hint)
    if m := _REQUIRED.match(message):
        return t("args.required", lang, names=m["names"], **hint)
    if m := _UNRECOGNIZED.match(message):
        return t("args.unrecognized", lang, names=m["names"], **hint)
    if m := _AMBIGUOUS.match(message):
        return t("args.ambiguous", lang, field=m["field"], options=m["options"], **hint)
    return t("args.unknown", lang, **hint)


class HelpFormatter(argparse.HelpFormatter):
    """argparse's help layout in the language :attr:`lang` (a subclass per language,
    :func:`help_formatter`): the "usage:" prefix, option placeholders from the
    ``[help.metavar]`` texts, and help texts taken as plain text."""

    lang = "nl"

    def add_usage(
        self,
        usage: str | None,
        actions: Any,
        groups: Any,
        prefix: str | None = None,
    ) -> None:
        """The usage block under the language's "usage:" (argparse passes its own
        prefix only to compute a subcommand's name, which stays as it is)."""
        if prefix is None:
            prefix = t("help.argparse.usage", self.lang) + " "
        super().add_usage(usage, actions, groups, prefix)

    def _get_help_string(self, action: argparse.Action) -> str | None:
        # argparse %-formats help texts; the catalogues' are plain text ("5-95 %")
        return None if action.help is None else action.help.replace("%", "%%")

    def _get_default_metavar_for_optional(self, action: argparse.Action) -> str:
        key = f"help.metavar.{action.dest}"
        if has_text(key):
            return t(key, self.lang)
        return super()._get_default_metavar_for_optional(action)


@functools.cache
def help_formatter(lang: str) -> type[HelpFormatter]:
    """The :class:`HelpFormatter` of ``lang`` (argparse makes the formatter itself, from
    a class)."""
    return type(f"HelpFormatter_{lang}", (HelpFormatter,), {"lang": lang})


def _language(parser: argparse.ArgumentParser) -> str:
    """The language a parser was built in (:class:`Parser`), else the default."""
    return getattr(parser, "lang", None) or default_language()


def add_command(sub: Any, name: str, lang: str | None = None) -> argparse.ArgumentParser:
    """Add the subcommand ``name`` to ``sub`` (a parser's ``add_subparsers()``): its line
    in ``samenleven --help`` and the description of ``samenleven NAME --help`` are the
    text ``help.NAME.about`` in ``lang``."""
    about = t(f"help.{name}.about", lang or default_language())
    parser: argparse.ArgumentParser = sub.add_parser(name, help=about, description=about)
    return parser


class Parser(argparse.ArgumentParser):
    """An :class:`argparse.ArgumentParser` in the run's language: its refusals end with
    exit status 2 and no usage block in English, and its ``--help`` is in that language
    (:class:`HelpFormatter`, and argparse's own group titles and ``-h`` text)."""

    def __init__(self, *args: Any, lang: str | None = None, **kwargs: Any) -> None:
        self.lang = lang or default_language()
        # argparse's own -h text is English: the parser adds its own below
        add_help = kwargs.pop("add_help", True)
        kwargs["add_help"] = False
        kwargs.setdefault("formatter_class", help_formatter(self.lang))
        super().__init__(*args, **kwargs)
        # argparse names its two groups through gettext, in English: set them here
        self._positionals.title = t("help.argparse.positionals", self.lang)
        self._optionals.title = t("help.argparse.options", self.lang)
        if add_help:
            self.add_argument(
                "-h",
                "--help",
                action="help",
                default=argparse.SUPPRESS,
                help=t("help.argparse.help", self.lang),
            )

    def add_subparsers(self, **kwargs: Any) -> Any:
        """Subcommands are :class:`Parser` objects in the same language."""
        lang = self.lang

        class Sub(Parser):
            def __init__(self, *args: Any, **kw: Any) -> None:
                super().__init__(*args, lang=lang, **kw)

        kwargs.setdefault("parser_class", Sub)
        return super().add_subparsers(**kwargs)

    def error(self, message: str) -> NoReturn:
        """Print ``Fout: <message in the run's language>`` and exit with status 2."""
        text = argparse_message(message, self.lang, command=self.prog)
        print(f"{t('cli.error', self.lang)}: {text}", file=sys.stderr)
        self.exit(EXIT_BAD_INPUT)


# --------------------------------------------------------------------------- --out


def check_out(
    out: str | Path | None, *, suffixes: Sequence[str] = NETCDF_SUFFIXES, field: str = "--out"
) -> Path | None:
    """Check, before any computation, that the file ``out`` can be written: its suffix
    is one of ``suffixes``, it is not a folder, its folder exists and may be written to
    (:func:`model.common.files.check_writable`). The refusal names ``out`` as given.

    Examples
    --------
    >>> import tempfile
    >>> folder = tempfile.mkdtemp()
    >>> check_out(Path(folder) / "x.nc").name
    'x.nc'
    >>> try:
    ...     check_out(folder)
    ... except SamenlevenError as err:
    ...     print(err.message("en"))  # doctest: +ELLIPSIS
    --out = '...': is a folder; allowed: a file name ending in .nc
    """
    if out is None:
        return None
    path = Path(out)
    wanted = " / ".join(suffixes)
    given = {"field": field, "value": str(out)}
    try:
        if path.expanduser().is_dir():
            raise IsADirectoryError(str(out))
        if suffixes and path.suffix.lower() not in suffixes:
            raise SamenlevenError(
                **given,
                reason="args.out.suffix",
                allowed="args.out.ending",
                suffixes=wanted,
            )
        checked = check_writable(path)
    except IsADirectoryError:
        raise SamenlevenError(
            **given,
            reason="reason.is_folder",
            allowed="args.out.ending",
            suffixes=wanted,
        ) from None
    except FileNotFoundError:
        raise SamenlevenError(
            **given,
            reason="reason.folder_missing",
            allowed="allowed.existing_folder",
            folder=path.expanduser().resolve().parent,
        ) from None
    except PermissionError:
        raise SamenlevenError(
            **given, reason="args.out.permission", allowed="args.out.writable"
        ) from None
    try:
        _probe(checked)
    except PermissionError:
        raise SamenlevenError(
            **given, reason="args.out.permission", allowed="args.out.writable"
        ) from None
    except OSError as err:  # e.g. a folder of the system (/proc) or a read-only disk
        raise write_failure(out, err, field=field) from None
    return checked


def _probe(path: Path) -> None:
    """Create and remove a file next to ``path``: permissions alone do not tell (root may
    write anywhere the permissions say, but not in /proc or on a read-only disk). The
    name is a temporary one of :func:`model.common.files.write_atomic`'s form, which the
    next write removes should this process be killed in between."""
    fd, name = tempfile.mkstemp(
        prefix=f".{path.name}.{os.getpid()}.", suffix=".tmp", dir=path.resolve().parent
    )
    os.close(fd)
    os.unlink(name)


def write_failure(out: str | Path, err: OSError, *, field: str = "--out") -> SamenlevenError:
    """A failed write of ``out`` as the project's error, naming ``out`` (never the
    temporary file it was being written to) and the system's error code."""
    code = errno.errorcode.get(err.errno or 0, type(err).__name__)
    return SamenlevenError(
        field=field,
        value=str(out),
        reason="args.out.failed",
        allowed="args.out.writable",
        code=code,
    )


def fits(
    samples: int,
    *,
    field: str = "--samples",
    scenarios: int = 1,
    steps: int | None = None,
    detail: str = "indicators",
    compare: bool = False,
    chunked: bool = False,
    workers: int = 1,
    out: Path | None = None,
) -> Estimate:
    """Refuse ``samples`` before anything runs when the ensemble would not fit this
    machine's memory (:func:`model.run.sizing.check_fits`), or, reduced chunk by chunk
    (``chunked``) and written to ``out``, its file the disk; naming ``field``. Else the
    estimate."""
    advice = ["fewer", "machine", "later"]
    if detail != "indicators" and not chunked:
        advice.append("detail")
    if scenarios > 1:
        advice.append("scenarios")
    steps = DEFAULT_STEPS if steps is None else steps
    estimate = check_fits(
        estimate_ensemble(
            samples=samples,
            scenarios=scenarios,
            detail=detail,
            compare=compare,
            steps=steps,
            chunked=chunked,
            workers=workers,
            write=chunked and out is not None,
        ),
        field=field,
        value=samples,
        advice=advice,
    )
    if chunked and out is not None:
        need = estimate_file(samples=samples, scenarios=scenarios, steps=steps, detail=detail)
        check_disk(need, out, field=field, value=samples, count=samples)
    return estimate


def scenario_of(source: str | Path, lang: str | None) -> Scenario:
    """The scenario file ``source``, under a marked name and title ("Jeugd eerst
    (gewijzigd)") when it carries an official scenario's name or title but differs from
    it: every output of the command (summary, netCDF and CSV attributes, file names)
    then says it was changed (:func:`model.present.texts.marked`)."""
    return marked(load_scenario(source), lang or default_language())


def write_result(ds: Any, out: Path | None, lang: str) -> None:
    """Write the Dataset ``ds`` to ``out`` (checked before the computation, written
    atomically); a failure names ``out``, success is said on stderr. None: nothing."""
    if out is None:
        return
    try:
        write_netcdf(ds, out)
    except OSError as err:
        raise write_failure(out, err) from None
    print(t("cli.written", lang, file=out), file=sys.stderr)
