"""TOML in and out: values as text for the files the toolkit writes (scenarios, calibrated
parameter sets), and :func:`read_toml` for text that may come from anyone (an upload, a
link, a file named on the command line).

:func:`read_toml` never fails with anything but a :class:`TomlError` (a
:class:`~model.errors.SamenlevenError`): bytes that are not UTF-8, lists or tables nested
too deeply for the parser, a TOML syntax error, a number with too many digits. Its message
names the place (line and column), what was read and what is allowed, all in the asked
language; a UTF-8 byte-order mark at the start is dropped.
"""

from __future__ import annotations

import ast
import json
import math
import re
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from model.errors import SamenlevenError
from model.i18n import t

_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")
# TOML forbids these in basic strings unescaped; JSON's escapes cover all but DEL
_UNESCAPED = re.compile("[\x7f]")


def toml_key(key: object) -> str:
    """A key: bare where TOML allows it (``neighbourhood_share``), else quoted (``"2.1.a"``)."""
    text = str(key)
    return text if _BARE_KEY.fullmatch(text) else toml_value(text)


def toml_value(x: Any, *, digits: int | None = None) -> str:
    """One TOML value: a string, boolean, integer, float, date, array or inline table.

    Floats are written exactly (``repr``) unless ``digits`` asks for that many significant
    digits; ``nan`` and ``inf`` as TOML spells them. Strings are basic strings with
    JSON's escapes, which TOML shares (newlines as ``\\n``).

    Examples
    --------
    >>> toml_value(0.1), toml_value(2.0 / 3.0, digits=6), toml_value("a \\"b\\"")
    ('0.1', '0.666667', '"a \\\\"b\\\\""')
    >>> toml_value({"2.1.a": 1500.0, "x": [1, True]})
    '{ "2.1.a" = 1500.0, x = [1, true] }'
    """
    kind = getattr(getattr(x, "dtype", None), "kind", "")  # numpy scalars
    if isinstance(x, str):
        return _UNESCAPED.sub(
            lambda m: f"\\u{ord(m.group()):04x}", json.dumps(x, ensure_ascii=False)
        )
    if isinstance(x, bool) or kind == "b":
        return "true" if x else "false"
    if isinstance(x, date):
        return x.isoformat()
    if isinstance(x, int) or kind in ("i", "u"):
        return str(int(x))
    if isinstance(x, float) or kind == "f":
        v = float(x)
        if math.isnan(v):
            return "nan"
        if math.isinf(v):
            return "inf" if v > 0 else "-inf"
        return repr(float(f"{v:.{digits}g}")) if digits is not None else repr(v)
    if isinstance(x, (list, tuple)):
        return "[" + ", ".join(toml_value(v, digits=digits) for v in x) + "]"
    if isinstance(x, Mapping):
        items = ", ".join(f"{toml_key(k)} = {toml_value(v, digits=digits)}" for k, v in x.items())
        return "{ " + items + " }"
    raise TypeError(f"no TOML value for {type(x).__name__}: {x!r}")


# --------------------------------------------------------------------------- reading

MAX_DEPTH = 20
"""Deepest nesting of lists and tables :func:`read_toml` accepts (a scenario needs 3)."""

BOM = "\ufeff"
"""The UTF-8 byte-order mark some editors put at the start of a file; it is dropped."""

_EXCERPT = 60  # characters of a line shown in a message


@dataclass(frozen=True)
class Phrase:
    """A catalogue text that fills a message's field in the message's own language.

    An error is raised once and may be shown in either language (``message(lang)``), so
    a part of it that is itself a text (what went wrong in the TOML, why a file cannot be
    read) is kept as its key and written when the message is.

    Examples
    --------
    >>> Phrase("toml.unclosed_array").text("en")
    'a list [ ... ] is not closed'
    """

    key: str
    fields: Mapping[str, Any] = field(default_factory=dict)

    def text(self, lang: str | None) -> str:
        """The phrase in ``lang``."""
        return t(self.key, lang, **self.fields)


def message_with_phrases(
    err: SamenlevenError, lang: str | None, write: Callable[[str | None], str]
) -> str:
    """``write(lang)`` with the :class:`Phrase` fields of ``err`` written in ``lang``."""
    fields = err.fields
    err.fields = {k: v.text(lang) if isinstance(v, Phrase) else v for k, v in fields.items()}
    try:
        return write(lang)
    finally:
        err.fields = fields


class TomlError(SamenlevenError):
    """A TOML text cannot be read; ``message(lang)`` says where, what and what is allowed.

    ``field`` is the place, ``file:line:column`` (or the dotted key for nesting found
    after parsing); ``value`` is an excerpt of what was read there.
    """

    def message(self, lang: str | None = None) -> str:
        return message_with_phrases(self, lang, super().message)


class Excerpt(str):
    """Text shown as it is in a message (its ``repr`` adds no quotes or escapes)."""

    def __repr__(self) -> str:
        return str(self)


def excerpt(value: Any, limit: int = _EXCERPT) -> Any:
    """``value`` itself when its ``repr`` is short, else the start of that ``repr`` and ``…``.

    Examples
    --------
    >>> excerpt(5), excerpt("x" * 100, 8)
    (5, 'xxxxxx…)
    """
    try:
        shown = repr(value)
    except (RecursionError, ValueError):  # a structure too deep, an int with too many digits
        return Excerpt(f"<{type(value).__name__}>")
    return value if len(shown) <= limit else Excerpt(shown[: limit - 1] + "…")


def decode_toml(data: bytes | str, *, file: str) -> str:
    """The text of ``data``: UTF-8 decoded, a leading byte-order mark dropped.

    Raises
    ------
    TomlError
        The bytes are not UTF-8; the message gives the first bad byte and its line.

    Examples
    --------
    >>> decode_toml(b"\\xef\\xbb\\xbfa = 1\\n", file="x.toml")
    'a = 1\\n'
    >>> decode_toml(b"a = 1\\nb = '\\xe9'\\n", file="x.toml").startswith("a")
    Traceback (most recent call last):
    ...
    model.common.toml.TomlError: x.toml: geen tekstbestand in UTF-8: byte 12 (regel 2) is 0xe9; toegestaan: platte tekst in UTF-8, zoals scenarios/baseline.toml
    """
    if isinstance(data, bytes):
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            line = data.count(b"\n", 0, exc.start) + 1
            raise TomlError(
                "err.not_utf8",
                file=file,
                field=f"{file}:{line}",
                value=Excerpt(f"0x{data[exc.start]:02x}"),
                allowed="allowed.utf8",
                position=exc.start + 1,
                line=line,
                byte=f"0x{data[exc.start]:02x}",
            ) from None
    else:
        text = data
    return text[1:] if text.startswith(BOM) else text


# strings and comments (skipped); brackets, dots, separators and newlines (counted)
_TOKENS = re.compile(
    r'"""(?:[^\\]|\\.)*?"""|\'\'\'.*?\'\'\'|"(?:[^"\\\n]|\\.)*"|\'[^\'\n]*\'|#[^\n]*|[\[\]{}\n.=,]',
    re.DOTALL,
)


def nesting(text: str) -> tuple[int, int]:
    """How deeply ``text`` nests, counted before parsing, and the line where it is deepest.

    Counts ``[`` and ``{`` and the parts of dotted keys (``a.b.c``), outside strings and
    comments. A cheap check: :mod:`tomllib` parses nested lists by recursion (it fails
    with :class:`RecursionError` a few hundred levels down), and its time grows with the
    square of a dotted key's length (a 64 kB key takes it half a minute).

    Examples
    --------
    >>> nesting("a = [[1], {b = [2]}]\\nc = '[[['\\n")
    (3, 1)
    >>> nesting("x = 1\\n[a.b.c]\\n")
    (3, 2)
    """
    depth = dots = deepest = 0
    line = where = 1
    for m in _TOKENS.finditer(text):
        token = m.group()
        if token == ".":
            dots += 1
            if depth + dots > deepest:
                deepest, where = depth + dots, line
            continue
        dots = 0
        if token == "\n":
            line += 1
        elif token in "[{":
            depth += 1
            if depth > deepest:
                deepest, where = depth, line
        elif token in "]}":
            depth = max(depth - 1, 0)
        elif token.startswith('"""') or token.startswith("'''"):
            line += token.count("\n")
    return deepest, where


def _deepest_key(data: Mapping[str, Any]) -> tuple[int, str]:
    """The deepest nesting of the parsed tables and lists (dotted keys nest without
    brackets) and the dotted key where it is."""
    deepest, where = 0, ""
    stack: list[tuple[Any, int, str]] = [(data, 0, "")]
    while stack:
        node, depth, path = stack.pop()
        if depth > deepest:
            deepest, where = depth, path
        if depth > MAX_DEPTH:
            break
        if isinstance(node, Mapping):
            stack.extend((v, depth + 1, f"{path}.{k}" if path else str(k)) for k, v in node.items())
        elif isinstance(node, list):
            stack.extend((v, depth + 1, f"{path}[{i}]") for i, v in enumerate(node))
    return deepest - 1, where


def _line_text(text: str, line: int) -> Excerpt:
    lines = text.split("\n")
    shown = lines[line - 1] if 0 < line <= len(lines) else ""
    return Excerpt(repr(excerpt(shown.rstrip("\r"))))


def _too_deep(text: str, file: str, *, line: int = 0, key: str = "", depth: int) -> TomlError:
    where = Phrase("err.at_line", {"line": line}) if line else excerpt(key, 80)
    return TomlError(
        "err.toml_depth",
        file=file,
        field=f"{file}:{line}" if line else str(excerpt(key, 80)),
        value=_line_text(text, line) if line else Excerpt(f"{depth}"),
        allowed="allowed.toml_depth",
        where=where,
        depth=depth if depth > 0 else f"> {MAX_DEPTH}",
        limit=MAX_DEPTH,
    )


# what tomllib says (English) -> a catalogue phrase; the first group, if any, is {what}
_PROBLEMS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), key)
    for pattern, key in (
        (r"Invalid statement", "toml.invalid_statement"),
        (r"Expected newline or end of document after a statement", "toml.end_of_statement"),
        (r"Expected \']\' at the end of a table declaration", "toml.table_end"),
        (r"Expected \']]\' at the end of an array declaration", "toml.array_table_end"),
        (r"Expected \'=\' after a key in a key/value pair", "toml.expected_equals"),
        (r"Expected (.+)", "toml.expected"),
        (r"Found invalid character (.+)", "toml.invalid_character"),
        (r"Cannot declare (.+) twice", "toml.declared_twice"),
        (r"Cannot overwrite a value", "toml.overwrite"),
        (r"Cannot mutate immutable namespace (.+)", "toml.immutable"),
        (r"Cannot redefine namespace (.+)", "toml.redefine"),
        (r"Invalid initial character for a key part", "toml.key_start"),
        (r"Unclosed array", "toml.unclosed_array"),
        (r"Duplicate inline table key (.+)", "toml.duplicate_key"),
        (r"Unclosed inline table", "toml.unclosed_inline_table"),
        (r"Unescaped \'\\\\?\' in a string", "toml.unescaped_backslash"),
        (r"Invalid hex value", "toml.hex"),
        (r"Escaped character is not a Unicode scalar value", "toml.unicode_scalar"),
        (r"Unterminated string", "toml.unterminated_string"),
        (r"Illegal character (.+)", "toml.illegal_character"),
        (r"Invalid date or datetime", "toml.invalid_date"),
        (r"Invalid value", "toml.invalid_value"),
    )
)
_AT = re.compile(
    r"^(?P<msg>.*) \(at (?:line (?P<line>\d+), column (?P<column>\d+)|end of document)\)$",
    re.DOTALL,
)


def _problem(msg: str) -> Phrase:
    for pattern, key in _PROBLEMS:
        m = pattern.fullmatch(msg)
        if m:
            return Phrase(key, {"what": _key_text(m.group(1))} if m.groups() else {})
    return Phrase("toml.other", {"detail": excerpt(msg, 200)})


def _key_text(what: str) -> str:
    """A key as tomllib names it (``('levers', 'allocation')``) as the file writes it."""
    if what.startswith("("):
        try:
            parts = ast.literal_eval(what)
        except (ValueError, SyntaxError, MemoryError, RecursionError):
            parts = None
        if isinstance(parts, tuple) and all(isinstance(p, str) for p in parts):
            what = ".".join(toml_key(p) for p in parts)
    return str(excerpt(what))


def _syntax_error(exc: ValueError, text: str, file: str) -> TomlError:
    m = _AT.match(str(exc))
    if m is None:  # not tomllib's own wording: e.g. an integer with too many digits
        detail = str(exc)
        problem = (
            Phrase("toml.too_many_digits")
            if "digits" in detail and "integer" in detail
            else Phrase("toml.other", {"detail": detail})
        )
        return TomlError(
            "err.toml_document",
            file=file,
            field=file,
            value=None,
            allowed="allowed.toml_syntax",
            problem=problem,
        )
    if m.group("line") is None:  # at the end of the document
        return TomlError(
            "err.toml_document",
            file=file,
            field=file,
            value=None,
            allowed="allowed.toml_syntax",
            problem=_problem(m.group("msg")),
        )
    line, column = int(m.group("line")), int(m.group("column"))
    return TomlError(
        "err.toml_syntax",
        file=file,
        field=f"{file}:{line}:{column}",
        value=_line_text(text, line),
        allowed="allowed.toml_syntax",
        line=line,
        column=column,
        problem=_problem(m.group("msg")),
    )


def read_toml(data: bytes | str, *, file: str) -> dict[str, Any]:
    """Parse TOML from anyone: the one way the toolkit reads a scenario's text.

    Parameters
    ----------
    data : bytes or str
        The file's bytes (decoded as UTF-8) or its text; a leading byte-order mark is
        dropped.
    file : str
        The name the messages give the text (an upload's name, a path, ``URL``).

    Raises
    ------
    TomlError
        Not UTF-8, nested more than :data:`MAX_DEPTH` levels, or not valid TOML; the
        message names the line and column, what was read there and what is allowed.

    Examples
    --------
    >>> read_toml(b"\\xef\\xbb\\xbf[levers]\\nneighbourhood_share = 0.5\\n", file="x.toml")
    {'levers': {'neighbourhood_share': 0.5}}
    >>> read_toml("[levers\\n", file="x.toml")
    Traceback (most recent call last):
    ...
    model.common.toml.TomlError: x.toml: geen geldig TOML-bestand: regel 1, kolom 8: de tabelkop mist de sluitende ]; gelezen: '[levers'; toegestaan: TOML-syntaxis zoals in scenarios/baseline.toml (zie https://toml.io)
    """
    text = decode_toml(data, file=file)
    line = 0
    if text.count("[") + text.count("{") + text.count(".") > MAX_DEPTH:  # else it cannot
        depth, line = nesting(text)
        if depth > MAX_DEPTH:
            raise _too_deep(text, file, line=line, depth=depth)
    try:
        parsed = tomllib.loads(text)
    except RecursionError:  # the pre-check counts conservatively; this is the backstop
        raise _too_deep(text, file, line=line or 1, depth=0) from None
    except ValueError as exc:  # TOMLDecodeError, or an integer too long to convert
        raise _syntax_error(exc, text, file) from None
    depth, key = _deepest_key(parsed)
    if depth > MAX_DEPTH:
        raise _too_deep(text, file, key=key, depth=depth)
    return parsed
