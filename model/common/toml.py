"""TOML values as text, for the files the toolkit writes (scenarios, calibrated parameter
sets); they are read back with :mod:`tomllib`."""

from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping
from datetime import date
from typing import Any

_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")


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
        return json.dumps(x, ensure_ascii=False)
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
