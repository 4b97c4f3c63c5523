"""Results as xarray Datasets: provenance attributes and safe netCDF files."""

from __future__ import annotations

import os
import tempfile
from datetime import UTC, datetime
from pathlib import Path

import xarray as xr

from model.version import __version__

NETCDF_ENGINE = "h5netcdf"


def provenance(**attrs: object) -> dict[str, object]:
    """Global attributes every result carries: toolkit version and creation time, plus ``attrs``."""
    base: dict[str, object] = {
        "toolkit": "samenleven",
        "toolkit_version": __version__,
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
        "Conventions": "CF-1.8",
    }
    base.update({k: v for k, v in attrs.items() if v is not None})
    return base


def write_netcdf(ds: xr.Dataset, path: str | Path) -> Path:
    """Write ``ds`` to ``path`` atomically: a temporary file in the same folder, then a rename.

    A failure never leaves a half-written file at ``path``.
    """
    path = Path(path)
    folder = path.resolve().parent
    if not folder.is_dir():
        raise FileNotFoundError(f"--out {path}: folder {folder} does not exist")
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    os.close(fd)
    try:
        ds.to_netcdf(tmp, engine=NETCDF_ENGINE)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def read_netcdf(path: str | Path) -> xr.Dataset:
    """Read a result file fully into memory (the file is closed afterwards)."""
    with xr.open_dataset(path, engine=NETCDF_ENGINE) as ds:
        return ds.load()
