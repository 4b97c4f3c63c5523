"""The result files the app offers for download: the indicator summary as CSV, an Excel
workbook (indicators, ledger, allocation, scenario files) and the full ensemble as netCDF.

Scenario names and titles come from links and uploads: a spreadsheet must show them as
text, never run them as a formula (:func:`literal_cell`, :func:`literal_strings`). The app
passes scenarios through :func:`model.present.texts.marked` first, so that a changed copy
of an official scenario is called changed in the file names and the metadata.
"""

from __future__ import annotations

import io
import os
import tempfile
from collections.abc import Sequence
from typing import Any

import pandas as pd
import xarray as xr

from model.policy.budget import LINES
from model.policy.indicators import INDICATORS
from model.policy.scenarios import Scenario
from model.present.reduce import Results
from model.present.texts import indicator_name, line_label
from model.run.results import NETCDF_ENGINE

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
"""How a spreadsheet cell that it would evaluate as a formula starts."""


def literal_cell(text: object) -> str:
    """``text`` for a CSV cell that a spreadsheet shows as text: a leading apostrophe
    before ``=``, ``+``, ``-``, ``@``, a tab or a carriage return.

    >>> print(literal_cell('=HYPERLINK("https://evil.example")'))
    '=HYPERLINK("https://evil.example")
    >>> literal_cell("Jeugd eerst")
    'Jeugd eerst'
    """
    s = str(text)
    return "'" + s if s.startswith(FORMULA_START) else s


def literal_strings(book: Any) -> None:
    """Store every text cell of the openpyxl workbook ``book`` as text: openpyxl writes a
    string that starts with ``=`` as a formula, which Excel would evaluate (a title
    ``=HYPERLINK(...)`` would become a link). No sheet here holds a formula of its own."""
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    cell.data_type = "s"


def summary_frame(items: Sequence[Results], *, lang: str) -> pd.DataFrame:
    """All indicators of several scenarios in one long table (for CSV and Excel)."""
    frames = []
    for r in items:
        f = r.indicators.copy()
        f.insert(0, "scenario", r.name)
        f.insert(1, "scenario_title", r.title)
        f.insert(2, "indicator_name", [indicator_name(str(i), lang) for i in f.index])
        f["units"] = [INDICATORS[str(i)].units for i in f.index]
        f["samples"] = r.samples
        f["seed"] = r.seed
        frames.append(f.reset_index(names="indicator"))
    return pd.concat(frames, ignore_index=True)


def ledger_frame(items: Sequence[Results]) -> pd.DataFrame:
    """The ledgers (median per budget year, k€) of several scenarios in one long table."""
    frames = []
    for r in items:
        f = r.ledger.join(r.spent_by_line.add_prefix("spent_")).reset_index()
        f.insert(0, "scenario", r.name)
        frames.append(f)
    return pd.concat(frames, ignore_index=True)


def results_csv(items: Sequence[Results], *, lang: str) -> bytes:
    """The indicator summary of ``items`` as CSV (UTF-8, comma-separated, point decimals)."""
    frame = summary_frame(items, lang=lang)
    for column in ("scenario", "scenario_title"):  # from links and uploads: never a formula
        frame[column] = frame[column].map(literal_cell)
    return frame.to_csv(index=False).encode("utf-8")


def results_excel(items: Sequence[Results], scenarios: Sequence[Scenario], *, lang: str) -> bytes:
    """An Excel workbook: indicators, ledger, allocation and the scenario files."""
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        summary_frame(items, lang=lang).to_excel(writer, sheet_name="indicators", index=False)
        ledger_frame(items).to_excel(writer, sheet_name="ledger", index=False)
        alloc = pd.DataFrame(
            {r.name: [r.allocation[line] for line in LINES] for r in items},
            index=pd.Index([line_label(line, lang) for line in LINES], name="line"),
        )
        alloc.to_excel(writer, sheet_name="allocation")
        files = pd.DataFrame(
            {"scenario": [s.name for s in scenarios], "toml": [s.to_toml() for s in scenarios]}
        )
        files.to_excel(writer, sheet_name="scenario_files", index=False)
        literal_strings(writer.book)
    return buffer.getvalue()


def netcdf_bytes(ds: xr.Dataset, *, compress: bool = True) -> bytes:
    """``ds`` as the bytes of a netCDF-4 file (the format ``samenleven run --out`` writes),
    numbers zlib-compressed by default (a 1,000-sample ensemble: about 40 MB instead of 125)."""
    encoding = (
        {v: {"zlib": True, "complevel": 1} for v in ds.data_vars if ds[v].dtype.kind in "fiu"}
        if compress
        else None
    )
    fd, path = tempfile.mkstemp(suffix=".nc")
    os.close(fd)
    try:
        ds.to_netcdf(path, engine=NETCDF_ENGINE, encoding=encoding)
        with open(path, "rb") as f:
            return f.read()
    finally:
        os.unlink(path)
