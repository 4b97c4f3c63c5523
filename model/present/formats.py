"""Numbers for users, built on the one formatter :func:`model.i18n.number`.

The app, the report and the command line write numbers the same way: ``27.000`` and
``0,5`` in Dutch, ``27,000`` and ``0.5`` in English. These helpers only choose how many
decimals, a sign or a percent sign; the separators always come from :func:`number`.
"""

from __future__ import annotations

import math

from model.i18n import decimal_mark, number
from model.policy.budget import COMMITTED, RESERVE_TOTAL


def fmt_num(value: float | None, lang: str | None = None, decimals: int = 0) -> str:
    """A number with the language's separators: ``12.345,6`` (nl) or ``12,345.6`` (en).

    Examples
    --------
    >>> fmt_num(27000, "nl"), fmt_num(27000, "en"), fmt_num(0.5, "nl", 1)
    ('27.000', '27,000', '0,5')
    """
    return number(value, lang, decimals)


def _missing(value: float | None) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def smart_decimals(value: float) -> int:
    """As many decimals as a value's size needs: 0 from 100 (or a whole number), 1 from 10,
    2 from 0.1, else 4.

    Examples
    --------
    >>> [smart_decimals(v) for v in (250.4, 12.34, 0.5, 0.01234, 3.0)]
    [0, 1, 2, 4, 0]
    """
    size = abs(value)
    if size >= 100 or float(value).is_integer():
        return 0
    return 1 if size >= 10 else 2 if size >= 0.1 else 4


def fmt_smart(value: float | None, lang: str | None = None) -> str:
    """A number with as many decimals as its size needs, trailing zeros dropped
    (for parameters and indicators).

    Examples
    --------
    >>> fmt_smart(1234.5, "nl"), fmt_smart(0.25, "en"), fmt_smart(0.5, "nl"), fmt_smart(12.0, "en")
    ('1.234', '0.25', '0,5', '12')
    """
    if value is None or _missing(value):
        return "—"
    decimals = smart_decimals(value)
    text = number(value, lang, decimals)
    if decimals:  # drop trailing zeros of the fraction
        sep = decimal_mark(lang)
        head, _, frac = text.rpartition(sep)
        frac = frac.rstrip("0")
        text = f"{head}{sep}{frac}" if frac else head
    return text


def fmt_value(value: float | None, unit: str, lang: str | None = None) -> str:
    """A parameter value for users: a calendar year (unit ``yr``, e.g. 2025.5) without a
    thousands separator, anything else as :func:`fmt_smart`.

    Examples
    --------
    >>> fmt_value(2025.5, "yr", "nl"), fmt_value(2025.5, "yr", "en"), fmt_value(1500, "k€", "nl")
    ('2025,5', '2025.5', '1.500')
    """
    if unit == "yr" and value is not None and 1900 <= abs(value) <= 2200:
        text = f"{value:g}"
        return text.replace(".", decimal_mark(lang))
    return fmt_smart(value, lang)


def fmt_pct(share: float | None, lang: str | None = None, decimals: int = 0) -> str:
    """A share 0…1 as a percentage: ``85%``, ``12,5%``; ``—`` when missing.

    Examples
    --------
    >>> fmt_pct(0.853, "nl"), fmt_pct(0.125, "nl", 1), fmt_pct(0.125, "en", 1), fmt_pct(None, "en")
    ('85%', '12,5%', '12.5%', '—')
    """
    if share is None or _missing(share):
        return "—"
    return f"{number(100 * share, lang, decimals)}%"


def fmt_signed(value: float, lang: str | None = None, decimals: int = 0) -> str:
    """An amount with an explicit sign: ``+1.000`` / ``−500`` / ``±0``.

    Examples
    --------
    >>> fmt_signed(1000, "nl"), fmt_signed(-500, "en"), fmt_signed(0, "nl")
    ('+1.000', '−500', '±0')
    """
    sign = "+" if value > 0 else "−" if value < 0 else "±"
    return f"{sign}{number(abs(value), lang, decimals)}"


def amounts(lang: str | None = None) -> dict[str, str]:
    """The amounts the texts name, from the budget's constants: ``total`` (the reserve, k€),
    ``millions`` (the reserve in M€) and ``committed`` (already committed, k€).

    Examples
    --------
    >>> amounts("nl")
    {'total': '27.000', 'millions': '27', 'committed': '350'}
    """
    committed = sum(v for by_year in COMMITTED.values() for v in by_year.values())
    return {
        "total": number(RESERVE_TOTAL, lang),
        "millions": number(RESERVE_TOTAL / 1000, lang),
        "committed": number(committed, lang),
    }
