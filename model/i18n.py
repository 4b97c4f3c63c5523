"""User-facing texts in one place: Dutch first, English available.

Code and docstrings are English; what a strategist or council member reads comes from
the catalogues ``model/locales/nl.toml`` and ``model/locales/en.toml``: the app, the
council report, the command line and the error messages. ``t(key, lang, **fields)``
formats a text; the language defaults to the ``SAMENLEVEN_LANG`` environment variable,
else Dutch. :func:`number` writes a number the way the language does (``27.000`` and
``0,5`` in Dutch, ``27,000`` and ``0.5`` in English), the same in every output.

Keys are flat (a ``[section]`` and its key joined by ``.``) and grouped by who reads them:
``app.*`` (the workshop app), ``report.*`` (the council report and its Excel notes,
``report.sheet.<sheet>.<column>``), ``cli.*`` and ``unc.*`` (the command line),
``disc.*`` and ``conv.*`` (the analyses' results in words, :mod:`model.present.wording`),
``err.*``, ``reason.*`` and ``allowed.*`` (error messages, :mod:`model.errors`), and
``line.*`` and ``unit.*`` (names shared by all). Amounts are never written into a text:
``{total}``, ``{committed}`` and ``{millions}`` are filled from the budget's constants
(:func:`model.present.formats.amounts`).

This module imports nothing else from :mod:`model`, so every layer may use it.
"""

from __future__ import annotations

import functools
import math
import os
import string
import tomllib
from pathlib import Path

LANGUAGES = ("nl", "en")
LANGUAGE_NAMES = {"nl": "Nederlands", "en": "English"}
"""The languages as the language switch names them."""

LOCALES = Path(__file__).with_name("locales")
"""Folder of the catalogues, one ``<lang>.toml`` per language."""


class TextError(KeyError):
    """A text is missing from the catalogue, or a field it names is not given."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else ""


def default_language() -> str:
    """``SAMENLEVEN_LANG`` when it names a known language, else ``"nl"``."""
    lang = os.environ.get("SAMENLEVEN_LANG", "nl").lower()
    return lang if lang in LANGUAGES else "nl"


def _flatten(table: dict, prefix: str, into: dict[str, str], file: Path) -> None:
    for key, value in table.items():
        full = f"{prefix}.{key}" if prefix else key
        if isinstance(value, dict):
            _flatten(value, full, into, file)
        elif not isinstance(value, str):
            raise TextError(f"{file.name}: {full} = {value!r}: a text must be a string")
        elif full in into:
            raise TextError(f"{file.name}: {full} is given twice")
        else:
            into[full] = value


@functools.cache
def catalogue(lang: str) -> dict[str, str]:
    """Every text of ``lang`` by its flat key (``[app]`` + ``page`` -> ``"app.page"``), read once.

    Examples
    --------
    >>> catalogue("en")["line.2.3"]
    'Sport and exercise'
    """
    if lang not in LANGUAGES:
        raise TextError(f"language {lang!r} is not known; allowed: {', '.join(LANGUAGES)}")
    file = LOCALES / f"{lang}.toml"
    with file.open("rb") as f:
        data = tomllib.load(f)
    texts: dict[str, str] = {}
    _flatten(data, "", texts, file)
    return texts


def has_text(key: str) -> bool:
    """Whether the catalogue holds ``key`` (the Dutch one; the languages hold the same keys)."""
    return key in catalogue("nl")


def placeholders(text: str) -> set[str]:
    """The names of the ``{fields}`` a text asks for.

    Examples
    --------
    >>> sorted(placeholders("{n} van {total} ({p:.0%}, {{literal}})"))
    ['n', 'p', 'total']
    """
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def t(key: str, lang: str | None = None, **fields: object) -> str:
    """The text ``key`` in ``lang`` (default: :func:`default_language`), formatted with ``fields``.

    An unknown language falls back to Dutch. A key that is not in the catalogue, or a
    field that the text names but is not given, raises :class:`TextError`.

    Examples
    --------
    >>> t("line.2.3", "en")
    'Sport and exercise'
    >>> t("app.metric.of", "nl", n=3, total=5)
    '3 van 5'
    >>> t("no_such_key", "nl")
    Traceback (most recent call last):
    ...
    model.i18n.TextError: no text 'no_such_key' in model/locales/nl.toml
    """
    lang = lang or default_language()
    if lang not in LANGUAGES:
        lang = "nl"
    try:
        text = catalogue(lang)[key]
    except KeyError:
        raise TextError(f"no text {key!r} in model/locales/{lang}.toml") from None
    if not fields:
        return text
    try:
        return text.format(**fields)
    except KeyError as err:
        raise TextError(
            f"text {key!r} ({lang}) needs the field {err.args[0]!r}; given: {', '.join(fields)}"
        ) from None


def unit_label(units: str, lang: str | None = None) -> str:
    """A unit as users read it (Dutch names for counted things)."""
    key = f"unit.{units}"
    return t(key, lang) if has_text(key) else units


# --------------------------------------------------------------------------- numbers


SEPARATORS = {"nl": (".", ","), "en": (",", ".")}
"""Per language: the thousands separator and the decimal mark."""


def decimal_mark(lang: str | None = None) -> str:
    """``","`` in Dutch, ``"."`` in English."""
    return SEPARATORS.get(lang or default_language(), SEPARATORS["nl"])[1]


def number(value: float | None, lang: str | None = None, decimals: int = 0) -> str:
    """A number with the language's separators, the same in the app, the report and the CLI.

    Dutch writes ``12.345,6``, English ``12,345.6``; a missing value (None, NaN) is ``—``;
    a value that rounds to zero is ``0`` (never ``-0``).

    Examples
    --------
    >>> number(27000, "nl"), number(27000, "en"), number(0.5, "nl", 1), number(0.5, "en", 1)
    ('27.000', '27,000', '0,5', '0.5')
    >>> number(-0.2, "nl"), number(float("nan"), "en"), number(1234.5678, "nl", 2)
    ('0', '—', '1.234,57')
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    thousands, mark = SEPARATORS.get(lang or default_language(), SEPARATORS["nl"])
    text = f"{value:,.{decimals}f}".replace(",", "\0").replace(".", mark).replace("\0", thousands)
    if text.lstrip("-").strip("0.,") == "":
        return text.lstrip("-")
    return text
