"""A write killed with SIGKILL at any moment leaves the old file or the complete new one,
and the next write of the same file removes what the killed one left."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import numpy as np
import pytest

from model.common.files import remove_stale_temporaries, write_atomic
from model.run.results import read_netcdf, write_netcdf

WRITER = textwrap.dedent(
    """
    import sys
    import numpy as np
    import xarray as xr
    from model.run.results import write_netcdf

    path, first = sys.argv[1], int(sys.argv[2])
    rng = np.random.default_rng(first)
    for k in range(first, first + 1000):
        data = rng.random((400, 2000))  # about 6 MB: the write takes a while
        ds = xr.Dataset({"x": (("a", "b"), data)}, attrs={"k": k, "total": float(data.sum())})
        write_netcdf(ds, path)
    """
)


def _complete(path: Path) -> int:
    """The file's generation, after checking that it is whole (its data match its sum)."""
    ds = read_netcdf(path)
    assert float(ds["x"].values.sum()) == pytest.approx(float(ds.attrs["total"]), rel=1e-12)
    return int(ds.attrs["k"])


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_sigkill_at_several_moments_leaves_old_or_new_file_and_no_debris(tmp_path):
    import xarray as xr

    dest = tmp_path / "result.nc"
    write_netcdf(
        xr.Dataset({"x": (("a", "b"), np.zeros((2, 2)))}, attrs={"k": -1, "total": 0.0}), dest
    )
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    replaced, debris = 0, 0
    for i, delay in enumerate((0.4, 0.8, 1.2, 1.6, 2.5, 4.0)):
        before = _complete(dest)
        proc = subprocess.Popen(
            [sys.executable, "-c", WRITER, str(dest), str(100 * (i + 1))], env=env
        )
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        after = _complete(dest)  # never a partial file
        assert after == before or after >= 100 * (i + 1)
        replaced += after != before
        debris += any(p.name.endswith(".tmp") for p in tmp_path.iterdir())
    # the last kills come after at least one whole write (the writer starts in ~1 s)
    assert replaced >= 1, "no write completed before a kill: the test did not test a replace"
    # the next write of the same file removes what killed writes left behind
    write_netcdf(
        xr.Dataset({"x": (("a", "b"), np.ones((2, 2)))}, attrs={"k": 7, "total": 4.0}), dest
    )
    assert _complete(dest) == 7
    assert sorted(p.name for p in tmp_path.iterdir()) == ["result.nc"], (
        f"{debris} kills left debris"
    )


def test_a_running_writer_keeps_its_temporary_file(tmp_path):
    dest = tmp_path / "a.txt"
    mine = tmp_path / f".a.txt.{os.getpid()}.abc.tmp"
    mine.write_text("in progress")
    dead = tmp_path / ".a.txt.999999999.xyz.tmp"
    dead.write_text("left by a killed write")
    other = tmp_path / ".b.txt.999999999.xyz.tmp"
    other.write_text("another file's")
    assert remove_stale_temporaries(dest) == [dead]
    assert mine.exists() and other.exists()


def test_a_replaced_file_keeps_its_permissions(tmp_path):
    dest = tmp_path / "shared.nc"
    dest.write_text("old")
    dest.chmod(0o640)
    write_atomic(dest, "new")
    assert dest.read_text() == "new"
    assert (dest.stat().st_mode & 0o777) == 0o640


def test_errors_name_the_users_path_not_a_temporary_file(tmp_path):
    with pytest.raises(IsADirectoryError, match=re.escape(str(tmp_path))):
        write_atomic(tmp_path, "x")
    with pytest.raises(FileNotFoundError, match=r"missing/x\.nc"):
        write_atomic(tmp_path / "missing" / "x.nc", "x")
    assert list(tmp_path.iterdir()) == []
