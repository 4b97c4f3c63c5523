"""Ensembles chunk by chunk (model.run.chunked): the chunks hold a whole run's numbers bit
for bit, a reduction keeps exactly the whole run's values at its time points, and a file
written chunk by chunk holds the whole run, complete or not at all."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest
import xarray as xr

from model import load_parameters, read_netcdf, simulate
from model.engine import TimeAxis
from model.policy.indicators import END_OF_TARGET_YEAR, INDICATORS, START_OF_PERIOD
from model.run import chunked
from model.run.chunked import (
    ArraySink,
    Chunk,
    NetCDFSink,
    chunk_bounds,
    keep_points,
    reduce_chunk,
    run_chunks,
)

ROOT = Path(__file__).resolve().parents[2]
SAMPLES, SEED, CHUNK = 300, 3, 128


@pytest.fixture(scope="module")
def base():
    return load_parameters()


@pytest.fixture(scope="module")
def drawn(base):
    return base.sample(SAMPLES, seed=SEED)


@pytest.fixture(scope="module")
def whole(baseline, base, drawn):
    """The whole run of the draw, one call of simulate()."""
    return simulate(
        baseline, samples=SAMPLES, seed=SEED, parameters=base, drawn=drawn, detail="indicators"
    )


def without_time_stamps(ds: xr.Dataset) -> xr.Dataset:
    out = ds.copy()
    out.attrs = {k: v for k, v in ds.attrs.items() if k not in ("created",)}
    return out


def test_keep_points_are_each_first_of_january_and_the_last_point():
    to_2028 = TimeAxis(end="2028-01").datetimes
    kept = to_2028[keep_points(to_2028)]
    assert [str(t)[:7] for t in kept] == ["2024-01", "2025-01", "2026-01", "2027-01", "2028-01"]
    full = TimeAxis().datetimes[keep_points(TimeAxis().datetimes)]
    for moment in (START_OF_PERIOD, END_OF_TARGET_YEAR):
        assert np.datetime64(moment, "ns") in full
    assert full[-1] == TimeAxis().datetimes[-1]
    assert chunked.points_kept(len(TimeAxis())) == len(full)
    assert chunked.points_kept(len(TimeAxis(end="2028-01"))) == len(kept)


def test_chunk_bounds_cover_every_sample_once():
    for n, size in ((1, 5), (300, 128), (4096, 2048), (4097, 2048)):
        bounds = chunk_bounds(n, size)
        covered = np.concatenate([np.arange(lo, hi) for lo, hi in bounds])
        assert np.array_equal(covered, np.arange(n))
        assert all(hi - lo <= size for lo, hi in bounds)
    with pytest.raises(ValueError, match="chunk size"):
        chunk_bounds(10, 0)


def test_chunks_kept_whole_give_the_whole_run_bit_for_bit(baseline, base, drawn, whole):
    """A sample's numbers do not depend on the other samples of its chunk: three chunks of
    at most 128 samples, put together, are the one call's Dataset."""
    ds = run_chunks(
        [baseline],
        samples=SAMPLES,
        seed=SEED,
        parameters=base,
        drawn=drawn,
        detail="indicators",
        reduce=False,
        chunk_samples=CHUNK,
    )
    xr.testing.assert_identical(without_time_stamps(ds), without_time_stamps(whole))
    for name in whole.data_vars:
        assert np.array_equal(ds[name].values, whole[name].values), name


def test_the_reduction_is_the_whole_run_at_its_points(baseline, base, drawn, whole):
    ds = run_chunks(
        [baseline], samples=SAMPLES, seed=SEED, parameters=base, drawn=drawn, chunk_samples=CHUNK
    )
    keep = keep_points(whole["time"].values)
    kept_ids = [i for i in INDICATORS if i in whole.data_vars]
    assert set(ds.data_vars) == {
        *kept_ids,
        *chunked.KEPT_TIME_VARIABLES,
        *(k for k in whole.data_vars if "time" not in whole[k].dims),
    }
    for name in ds.data_vars:
        expected = whole[name].isel(time=keep) if "time" in whole[name].dims else whole[name]
        assert np.array_equal(ds[name].values, expected.values), name
        assert ds[name].dims == expected.dims and ds[name].attrs == expected.attrs, name
    assert np.array_equal(ds["time"].values, whole["time"].values[keep])
    assert ds.attrs["samples"] == SAMPLES and ds.attrs["seed"] == SEED
    assert "chunk by chunk (128 samples" in ds.attrs["reduced"]


def test_a_reduction_keeps_a_few_kilobytes_per_sample(baseline, base, drawn):
    """What lets memory stay bounded: about 9 kB per sample (the indicators at 8 points
    for both variants, the ledger, the parameters), against about 130 kB for a whole run."""
    ds = run_chunks(
        [baseline], samples=SAMPLES, seed=SEED, parameters=base, drawn=drawn, chunk_samples=CHUNK
    )
    per_sample = ds.nbytes / SAMPLES
    assert per_sample < 12e3
    whole = run_chunks(
        [baseline],
        samples=SAMPLES,
        seed=SEED,
        parameters=base,
        drawn=drawn,
        reduce=False,
        chunk_samples=CHUNK,
    )
    assert whole.nbytes / SAMPLES > 10 * per_sample


def test_chunks_may_arrive_in_any_order(baseline, base, drawn, whole):
    """On a cluster chunks finish in any order: the sink puts each in its place, and the
    coordinates and attributes are the first chunk's."""
    keep = keep_points(whole["time"].values)
    tasks = [
        Chunk(
            scenario=baseline,
            scenario_index=0,
            lo=lo,
            hi=hi,
            seed=SEED,
            parameters=base,
            drawn={k: v[lo:hi] for k, v in drawn.items() if base[k].uncertain},
            detail="indicators",
            keep=keep,
            whole=False,
            fill_fixed=False,
        )
        for lo, hi in chunk_bounds(SAMPLES, CHUNK)
    ]
    sink = ArraySink(SAMPLES)
    for task in reversed(tasks):
        index, lo, reduced, full = task.run()
        assert full is None
        sink.put(index, lo, reduced)
    ds = sink.dataset()
    expected = reduce_chunk(whole, keep)
    for name in expected.data_vars:
        assert np.array_equal(ds[name].values, expected[name].values), name
    assert list(ds["sample"].values) == list(range(SAMPLES))


def test_a_file_written_chunk_by_chunk_holds_the_whole_run(tmp_path, baseline, base, drawn, whole):
    path = tmp_path / "x.nc"
    sink = NetCDFSink(path, SAMPLES)
    reduced = run_chunks(
        [baseline],
        samples=SAMPLES,
        seed=SEED,
        parameters=base,
        drawn=drawn,
        out=sink,
        chunk_samples=CHUNK,
    )
    stats = xr.Dataset({"p_example": ("indicator", [0.5, 1.0])}, coords={"indicator": ["a", "b"]})
    sink.finish(stats, {**reduced.attrs, "statistics": "p_example"})
    back = read_netcdf(path)
    for name in whole.data_vars:
        assert np.array_equal(back[name].values, whole[name].values), name
        assert back[name].dims == whole[name].dims, name
        assert back[name].attrs.get("units") == whole[name].attrs.get("units"), name
    for name in whole.coords:
        assert np.array_equal(back[name].values, whole[name].values), name
    assert list(back["p_example"].values) == [0.5, 1.0]
    assert back.attrs["samples"] == SAMPLES and back.attrs["statistics"] == "p_example"


def test_a_failed_run_leaves_no_file(tmp_path, baseline, monkeypatch):
    """An error in the third chunk: the temporary file is removed, nothing is at --out."""
    from model.analysis.uncertainty import ensemble

    calls = []
    real = Chunk.run

    def fail_third(self):
        calls.append(self.lo)
        if len(calls) == 3:
            raise RuntimeError("a chunk failed")
        return real(self)

    monkeypatch.setattr(chunked, "CHUNK_SAMPLES", 64)
    monkeypatch.setattr(Chunk, "run", fail_third)
    out = tmp_path / "x.nc"
    with pytest.raises(RuntimeError, match="a chunk failed"):
        ensemble(baseline, samples=200, seed=1, chunked=True, out=out)
    assert list(tmp_path.iterdir()) == []


def test_a_killed_run_leaves_no_file_and_the_next_write_clears_its_temporary(tmp_path):
    """SIGKILL while the chunks are being written: no file under the final name, only the
    hidden temporary one (named by the dead process), which the next write removes."""
    out = tmp_path / "big.nc"
    script = (
        "import model.run.chunked as c; c.CHUNK_SAMPLES = 64\n"
        "from model import load_scenario\n"
        "from model.analysis.uncertainty import ensemble\n"
        f"ensemble(load_scenario('baseline'), samples=20000, seed=1, chunked=True, out={str(out)!r})\n"
    )
    proc = subprocess.Popen(
        [sys.executable, "-c", script],
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 60
        temporaries: list[Path] = []
        while time.monotonic() < deadline and proc.poll() is None:
            temporaries = list(tmp_path.glob(".big.nc.*.tmp"))
            if temporaries and temporaries[0].stat().st_size > 4 * 2**20:  # chunks written
                break
            time.sleep(0.2)
        assert proc.poll() is None, proc.stderr.read().decode() if proc.stderr else ""
        assert temporaries, "the run never started writing"
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=10)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert not out.exists()
    assert [p.name for p in tmp_path.iterdir()] == [temporaries[0].name]
    from model import load_scenario
    from model.analysis.uncertainty import ensemble

    ensemble(load_scenario("baseline"), samples=20, seed=1, out=out)
    assert [p.name for p in tmp_path.iterdir()] == ["big.nc"]


def test_further_keywords_reach_simulate_in_every_chunk(baseline, base, drawn):
    """``engine=`` (and any other keyword of simulate) goes to each chunk's run."""
    options = {"engine": "numpy", "method": "rk4", "time": TimeAxis(end="2026-01")}
    one = simulate(
        baseline,
        samples=SAMPLES,
        seed=SEED,
        parameters=base,
        drawn=drawn,
        detail="indicators",
        **options,
    )
    ds = run_chunks(
        [baseline],
        samples=SAMPLES,
        seed=SEED,
        parameters=base,
        drawn=drawn,
        reduce=False,
        chunk_samples=CHUNK,
        **options,
    )
    xr.testing.assert_identical(without_time_stamps(ds), without_time_stamps(one))
    assert ds.attrs["integration_method"] == "rk4" and ds.sizes["time"] == 25
