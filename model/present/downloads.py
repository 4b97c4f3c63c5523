"""The result files the app offers for download: the indicator summary as CSV, an Excel
workbook (indicators, ledger, allocation, scenario files) and the full ensemble as netCDF."""

from __future__ import annotations

import io
import os
import tempfile
from collections.abc import Sequence

import pandas as pd
import xarray as xr

from model.policy.budget import LINES
from model.policy.indicators import INDICATORS
from model.policy.scenarios import Scenario
from model.present.reduce import Results
from model.present.texts import indicator_name, line_label
from model.run.results import NETCDF_ENGINE


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
    return summary_frame(items, lang=lang).to_csv(index=False).encode("utf-8")


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
