"""Results as xarray Datasets: provenance attributes and safe netCDF files."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Final

import xarray as xr

from model.common.files import write_atomic
from model.version import __version__

NETCDF_ENGINE: Final = "h5netcdf"


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
    """Write ``ds`` to ``path`` atomically (:func:`model.common.files.write_atomic`): a
    failure never leaves a half-written file at ``path``."""
    return write_atomic(path, lambda tmp: ds.to_netcdf(tmp, engine=NETCDF_ENGINE))


def read_netcdf(path: str | Path) -> xr.Dataset:
    """Read a result file fully into memory (the file is closed afterwards)."""
    with xr.open_dataset(path, engine=NETCDF_ENGINE) as ds:
        return ds.load()
