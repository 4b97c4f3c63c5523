"""The report's document model: what a council report holds, independent of any format.

A :class:`Report` is a title page, a summary per goal and a list of :class:`Section`\\ s of
blocks (:class:`Text`, :class:`Table`, :class:`Chart`, or a row of charts), plus the data
sheets behind them. :mod:`model.report.assemble` fills it; the renderers
(:mod:`model.report.pdf`, :mod:`model.report.html`, :mod:`model.report.xlsx`) lay it
out. This module imports nothing of :mod:`model.report`: everything else in the package
builds on it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from model.errors import SamenlevenError

FORMATS = ("pdf", "html", "xlsx")
MEDIA_TYPES = {
    "pdf": "application/pdf",
    "html": "text/html",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
LANGUAGES = ("nl", "en")
DEFAULT_SAMPLES = 1000
DEFAULT_SOBOL_N = 512
MIN_SAMPLES = 20
"""Fewer draws give no usable bands, probabilities or failure regions."""


class ReportError(SamenlevenError):
    """A report request is invalid: names the field, the value and what is allowed."""

    language = "en"

    plain_language = "en"

    def __init__(
        self, *, field: str, value: Any, allowed: str, reason: str = "", **fields: Any
    ) -> None:
        super().__init__(field=field, value=value, allowed=allowed, reason=reason, **fields)


@dataclass
class Text:
    """A paragraph; ``style`` is ``"body"``, ``"note"`` (small) or ``"heading"`` (a sub-heading)."""

    text: str
    style: str = "body"


@dataclass
class Table:
    """A table as shown: formatted cells (``frame``), and for cells that are chances the
    probabilities 0…1 (``chances``: same index, a subset of the columns) for colouring.

    ``widths`` are relative column widths for the PDF (None: equal); ``sheet`` names the
    Excel sheet with the data behind it.
    """

    key: str
    title: str
    frame: pd.DataFrame
    sheet: str
    chances: pd.DataFrame | None = None
    widths: Sequence[float] | None = None
    note: str = ""


@dataclass
class Chart:
    """One of the app's figures; ``half`` figures go two to a row in the PDF; ``sheet``
    names the Excel sheet with the data behind it."""

    key: str
    figure: Any  # plotly.graph_objects.Figure
    sheet: str
    half: bool = False
    height: int = 460


Block = Text | Table | Chart | list[Chart]
"""What a section holds: a paragraph, a table, a chart or a row of charts."""


@dataclass
class Section:
    key: str
    title: str
    blocks: list[Block]


@dataclass
class GoalSummary:
    goal: str
    heading: str
    sentences: list[str]
    table: Table


@dataclass
class Report:
    """Everything a report shows, computed once; :func:`model.report.render` lays it out per format."""

    lang: str
    title: str
    subtitle: str
    intro: list[str]
    goals: list[GoalSummary]
    closing: list[str]
    sections: list[Section]
    sheets: dict[str, pd.DataFrame]
    colophon: list[tuple[str, str]]
    footer: str
    settings: dict[str, Any] = field(default_factory=dict)

    def charts(self) -> list[Chart]:
        """Every chart, in the order of the report."""
        out: list[Chart] = []
        for s in self.sections:
            for b in s.blocks:
                if isinstance(b, Chart):
                    out.append(b)
                elif isinstance(b, list):
                    out.extend(b)
        return out

    def summary_sentences(self) -> list[str]:
        """The summary's sentences: intro, per goal, closing."""
        return [*self.intro, *(s for g in self.goals for s in g.sentences), *self.closing]
