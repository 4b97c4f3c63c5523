"""The simulation clock: a monthly (or finer) axis of decimal calendar years."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

Array = np.ndarray


@dataclass(frozen=True)
class TimeAxis:
    """The simulation clock.

    Parameters
    ----------
    start, end : str
        First and last time point as ``"YYYY-MM"`` (inclusive). Default 2024-01 to 2030-12.
    step_months : float
        Integration step in months (default 1). Fractions such as 0.5 are allowed
        for integration-error checks.

    Examples
    --------
    >>> ax = TimeAxis()
    >>> len(ax), ax.dt
    (84, 0.08333333333333333)
    >>> str(ax.datetimes[12])[:10]
    '2025-01-01'
    """

    start: str = "2024-01"
    end: str = "2030-12"
    step_months: float = 1.0

    def __post_init__(self) -> None:
        for name in ("start", "end"):
            value = getattr(self, name)
            try:
                np.datetime64(value, "M")
            except (ValueError, TypeError):
                raise ValueError(
                    f"time axis {name}={value!r} is not a month; expected 'YYYY-MM', e.g. '2024-01'"
                ) from None
        if not (isinstance(self.step_months, (int, float)) and 0 < self.step_months <= 12):
            raise ValueError(
                f"time axis step_months={self.step_months!r} is not allowed; expected a number in (0, 12]"
            )
        if self._months_span() < 0:
            raise ValueError(f"time axis end={self.end!r} lies before start={self.start!r}")

    def _months_span(self) -> int:
        return int((np.datetime64(self.end, "M") - np.datetime64(self.start, "M")).astype(int))

    @property
    def dt(self) -> float:
        """Step in years."""
        return self.step_months / 12.0

    @property
    def t0(self) -> float:
        """Start as a decimal year."""
        m = np.datetime64(self.start, "M").astype(int)  # months since 1970-01
        return 1970.0 + m / 12.0

    def __len__(self) -> int:
        return int(np.floor(self._months_span() / self.step_months + 1e-9)) + 1

    @property
    def years(self) -> Array:
        """Time points as decimal years, shape ``(n_time,)``."""
        return self.t0 + np.arange(len(self)) * self.dt

    @property
    def datetimes(self) -> Array:
        """Time points as ``datetime64[ns]``; whole months fall on the 1st of the month."""
        months = np.arange(len(self)) * self.step_months
        whole = np.floor(months + 1e-9)
        frac = months - whole
        first = np.datetime64(self.start, "M") + whole.astype(int)
        days_in_month = ((first + 1).astype("M8[D]") - first.astype("M8[D]")).astype(float)
        offset = np.round(frac * days_in_month * 86400).astype("timedelta64[s]")
        return (first.astype("M8[s]") + offset).astype("M8[ns]")
