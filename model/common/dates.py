"""Dates as decimal years, the way the engine's time axis counts them."""

from __future__ import annotations

import calendar
from datetime import date, datetime


def decimal_year(d: date | datetime | str) -> float:
    """``d`` as a decimal year on the engine's month-based time axis: month ``m`` of year
    ``y`` starts at ``y + (m - 1) / 12`` and the days of a month divide its twelfth evenly,
    so that ``decimal_year`` inverts :attr:`model.engine.TimeAxis.datetimes`.

    The one conversion for every date the model reads (the decision date of the ledger,
    the dates of levers, observation months).

    Parameters
    ----------
    d : date, datetime or str
        A date (its start, 00:00), a datetime (its time of day counts) or an ISO date
        string (``"2024-06-28"``).

    Examples
    --------
    >>> decimal_year(date(2024, 7, 1))
    2024.5
    >>> round(decimal_year("2024-06-28"), 6)   # 27 of June's 30 days gone
    2024.491667
    """
    if isinstance(d, str):
        d = date.fromisoformat(d)
    days = calendar.monthrange(d.year, d.month)[1]
    elapsed = float(d.day - 1)
    if isinstance(d, datetime):
        elapsed += (d.hour * 3600 + d.minute * 60 + d.second + d.microsecond / 1e6) / 86400.0
    return d.year + (d.month - 1) / 12.0 + elapsed / (days * 12.0)
