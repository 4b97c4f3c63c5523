"""The report as an Excel workbook (pandas + openpyxl): the data behind every table and
chart, one sheet each, plain numbers with ids as keys, and a first sheet 'Toelichting'
that says what every sheet and column holds."""

from __future__ import annotations

import io
from collections.abc import Sequence

import pandas as pd
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from model.present.downloads import literal_strings
from model.report.document import Report
from model.report.texts import SHEET_NOTES, sheet_note

HEADER_FILL = PatternFill("solid", fgColor="E8EDF2")
WRAP = {
    "sentence",
    "betekenis",
    "description_nl",
    "description_en",
    "source",
    "reasoning",
    "range_reasoning",
    "derivation",
    "toml",
    "description",
    "value",
    "parameter_description",
    "assumptions",
}


def _layout(ws, frame: pd.DataFrame) -> None:
    """Bold header, frozen and filterable; columns as wide as their contents (capped)."""
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(vertical="top", wrap_text=True)
    ws.freeze_panes = "A2"
    if ws.max_row > 1 and ws.max_column > 0:
        ws.auto_filter.ref = ws.dimensions
    for j, column in enumerate(frame.columns, start=1):
        values = [str(v) for v in frame[column].head(300).tolist()]
        longest = max([len(str(column)), *(len(v) for v in values)]) if values else len(str(column))
        wrap = str(column) in WRAP
        ws.column_dimensions[get_column_letter(j)].width = min(
            70 if wrap else 40, max(8, longest + 2)
        )
        if wrap:
            for row in ws.iter_rows(min_row=2, min_col=j, max_col=j):
                for cell in row:
                    cell.alignment = Alignment(wrap_text=True, vertical="top")


def toelichting(lang: str, sheets: Sequence[str]) -> pd.DataFrame:
    """The 'Toelichting' sheet: per sheet, what it holds, and per column what it means."""
    rows = []
    for sheet in ["Toelichting", *sheets]:
        if sheet not in SHEET_NOTES:
            continue
        rows.append({"blad": sheet, "kolom": "", "betekenis": sheet_note(sheet, lang)})
        for column in SHEET_NOTES[sheet]:
            rows.append(
                {"blad": sheet, "kolom": column, "betekenis": sheet_note(sheet, lang, column)}
            )
    return pd.DataFrame(rows)


def render_xlsx(report: Report) -> bytes:
    """The workbook's bytes: 'Toelichting' first, then one sheet per table or chart dataset."""
    buffer = io.BytesIO()
    sheets = dict(report.sheets)
    notes = toelichting(report.lang, list(sheets))
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        for name, frame in {"Toelichting": notes, **sheets}.items():
            frame = frame.copy()
            for column in frame.columns:  # Excel has no time zones
                if isinstance(frame[column].dtype, pd.DatetimeTZDtype):
                    frame[column] = frame[column].dt.tz_localize(None)
            frame.to_excel(writer, sheet_name=name[:31], index=False)
            _layout(writer.sheets[name[:31]], frame)
        literal_strings(writer.book)  # titles from links and uploads: never a formula
        writer.book.properties.title = report.title
        writer.book.properties.creator = "samenleven"
        writer.book.properties.subject = report.subtitle
    return buffer.getvalue()
