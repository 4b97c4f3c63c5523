"""``run`` and ``compare`` above REDUCE_ABOVE samples: reduced chunk by chunk, the whole run
written to ``--out`` as it runs, and a write that fails named by ``--out``."""

from __future__ import annotations

import errno

import pytest

from model import read_netcdf
from model.analysis import uncertainty
from model.cli import main
from model.run import chunked


@pytest.fixture(autouse=True)
def reduced_from_100(monkeypatch):
    """Reduce above 100 samples, in chunks of 64: small runs take the large-ensemble path."""
    monkeypatch.setattr(uncertainty, "REDUCE_ABOVE", 100)
    monkeypatch.setattr(chunked, "CHUNK_SAMPLES", 64)


@pytest.mark.parametrize(
    "argv",
    [["run", "baseline"], ["compare", "baseline", "armoede_eerst"]],
    ids=["run", "compare"],
)
def test_a_reduced_ensemble_writes_its_whole_run_to_out(tmp_path, capsys, argv):
    out = tmp_path / "x.nc"
    assert main(["--lang", "en", *argv, "--samples", "150", "--out", str(out)]) == 0
    assert f"Results written to {out}" in capsys.readouterr().err
    ds = read_netcdf(out)
    assert ds.sizes["sample"] == 150 and ds.sizes["time"] == 84 and ds.sizes["band_time"] == 8
    assert "p_target_met" in ds and "reduced" in ds.attrs
    assert [p.name for p in tmp_path.iterdir()] == ["x.nc"]


def test_a_write_that_fails_while_running_names_out(tmp_path, capsys, monkeypatch):
    out = tmp_path / "x.nc"

    def full_disk(self, index, lo, ds):
        raise OSError(errno.ENOSPC, "No space left on device", str(tmp_path / ".x.nc.1.a.tmp"))

    monkeypatch.setattr(chunked.NetCDFSink, "put", full_disk)
    assert main(["--lang", "nl", "run", "baseline", "--samples", "150", "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert f"--out = '{out}': kon niet geschreven worden (systeemfout ENOSPC)" in err
    assert ".tmp" not in err and list(tmp_path.iterdir()) == []
