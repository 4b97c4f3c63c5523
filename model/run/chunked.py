"""Ensembles in bounded memory: run the samples chunk by chunk, reduce each chunk at once,
and (optionally) write each chunk's whole run to a netCDF file as it comes.

A whole run keeps every recorded variable monthly for every sample (a 100,000-sample
ensemble peaked at 12.4 GiB). Here the parameter sets are drawn once, centrally (a Latin
hypercube depends on the number of samples, so a chunk never draws its own), and each
chunk of them runs through :func:`model.run.simulation.simulate` with ``drawn=`` (the
same code as a whole run). What is kept of a chunk is its reduction
(:func:`reduce_chunk`): the indicators at yearly points (each 1 January and the last time
point, per variant), ``reserve_unallocated`` at the same points, the ledger per budget year,
the sampled parameters. Memory then grows with the samples only by these few kB per sample.

A sample's numbers do not depend on the other samples of its chunk (every operation is
elementwise over samples; tested bitwise), so the reduction holds exactly the values a
whole run would hold at those points, and so do the statistics computed from it.

The chunks are :class:`Chunk` tasks: plain data that runs the same in this process or on
a Dask worker (:func:`model.run.cluster.run_tasks`); their boundaries depend only on the
number of samples and :data:`CHUNK_SAMPLES`, never on the number of workers, so a run on
a cluster gives the numbers of a run here, bit for bit.

* :func:`run_chunks` - run the chunks (here or on a cluster) into an :class:`ArraySink`
  (the reduced ensemble in memory) and, when asked, a :class:`NetCDFSink` (each chunk's
  whole run written to a file as it comes, so the file may be larger than memory);
* :func:`keep_points` - the time points a reduction keeps.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import xarray as xr

from model.engine import TimeAxis
from model.policy.indicators import INDICATORS
from model.policy.parameters import ParameterSet
from model.policy.scenarios import Scenario
from model.run.results import NETCDF_ENGINE
from model.run.simulation import AUTO_DETAIL_LIMIT, simulate

CHUNK_SAMPLES = 2048
"""Samples per chunk. A chunk's whole run (both variants, monthly, the indicators and the
ledger's inputs) takes about 290 MB while it runs; 2 x 2,048 rows are one chunk of the
engine (:func:`model.engine.simulate`'s ``chunk_size``). Smaller chunks cost more in the
per-call overhead of :func:`~model.run.simulation.simulate` (about 0.3 s)."""
CHUNK_SAMPLES_ALL = 256
"""Samples per chunk when every variable is written to a file (``detail="all"``: about
1.1 MB per sample while it runs)."""
REDUCE_ABOVE = 10_000
"""An ensemble of more samples than this is reduced chunk by chunk unless asked otherwise
(:func:`model.analysis.uncertainty.ensemble`'s ``chunked``): a whole run of 10,000
samples keeps about 1.4 GB."""
KEPT_TIME_VARIABLES = ("reserve_unallocated",)
"""Time series kept besides the indicators: what :func:`model.run.summary.time_reading`
reads (the unallocated reserve at the end of 2027)."""


def keep_points(times: np.ndarray) -> np.ndarray:
    """Indices of the time points a reduction keeps: each 1 January and the last point.

    The start of 2024 and the end of 2027 (:data:`~model.policy.indicators.START_OF_PERIOD`,
    :data:`~model.policy.indicators.END_OF_TARGET_YEAR`) are 1 January points, and the last
    point is the horizon the outcomes are read at after 2027.

    Examples
    --------
    >>> axis = TimeAxis()
    >>> [str(t)[:7] for t in axis.datetimes[keep_points(axis.datetimes)]]
    ['2024-01', '2025-01', '2026-01', '2027-01', '2028-01', '2029-01', '2030-01', '2030-12']
    """
    times = np.asarray(times, dtype="datetime64[ns]")
    months = times.astype("datetime64[M]").astype(int) % 12
    keep = set(np.flatnonzero(months == 0).tolist()) | {len(times) - 1}
    return np.array(sorted(keep), dtype=int)


def chunk_bounds(samples: int, size: int) -> list[tuple[int, int]]:
    """``(lo, hi)`` of each chunk of ``samples`` samples, ``size`` at a time.

    Examples
    --------
    >>> chunk_bounds(5000, 2048)
    [(0, 2048), (2048, 4096), (4096, 5000)]
    """
    if size < 1:
        raise ValueError(f"chunk size {size!r} is not allowed; expected a whole number >= 1")
    return [(lo, min(samples, lo + size)) for lo in range(0, samples, size)]


def resolve_detail(detail: str, samples: int) -> str:
    """``detail`` of a whole run of ``samples`` (``auto``: everything up to
    :data:`~model.run.simulation.AUTO_DETAIL_LIMIT` samples), so that every chunk records
    what the whole run would."""
    if detail == "auto":
        return "all" if samples <= AUTO_DETAIL_LIMIT else "indicators"
    return detail


def reduce_chunk(ds: xr.Dataset, keep: np.ndarray) -> xr.Dataset:
    """What a reduced ensemble keeps of a run: the indicators and
    :data:`KEPT_TIME_VARIABLES` at the time points ``keep`` (indices), every variable
    without a time axis (the ledger per budget year, the sampled parameters, the
    allocation); the rest is dropped."""
    dims = {k: ds.variables[k].dims for k in ds.data_vars}
    timed = [
        k for k, d in dims.items() if "time" in d and (k in INDICATORS or k in KEPT_TIME_VARIABLES)
    ]
    untimed = [k for k, d in dims.items() if "time" not in d]
    part = ds[[*timed, *untimed]].isel(time=keep)
    # a copy: the chunk's whole run (which the selection would otherwise keep alive) can go
    return part.copy(deep=True)


@dataclass(frozen=True)
class Chunk:
    """One chunk of an ensemble: samples ``lo`` to ``hi`` of ``scenario`` (index
    ``scenario_index`` of a comparison). Plain data: it runs the same here and on a Dask
    worker."""

    scenario: Scenario
    scenario_index: int
    lo: int
    hi: int
    seed: int
    """The seed of the draw (recorded in the chunk's provenance)."""
    parameters: ParameterSet
    drawn: dict[str, np.ndarray]
    detail: str
    keep: np.ndarray | None
    """Time points (indices) the reduction keeps; None keeps the whole run."""
    whole: bool
    """Also return the chunk's whole run (to be written to a file)."""
    fill_fixed: bool
    """Add ``param_<name>`` for the parameters the scenario's assumptions fix (a
    comparison holds every scenario's value of every uncertain parameter)."""
    options: dict[str, Any] = field(default_factory=dict)
    """Further keywords of :func:`~model.run.simulation.simulate` (``method``, ``time``, ...)."""

    def run(self) -> tuple[int, int, xr.Dataset, xr.Dataset | None]:
        """``(scenario_index, lo, reduced, whole or None)``."""
        n = self.hi - self.lo
        ds = simulate(
            self.scenario,
            samples=n,
            seed=self.seed,
            parameters=self.parameters,
            drawn=self.drawn,
            detail=self.detail,
            **self.options,
        )
        if self.fill_fixed:
            ds = ds.assign(fixed_parameters(self.scenario, self.parameters, n, ds))
        reduced = ds if self.keep is None else reduce_chunk(ds, self.keep)
        return self.scenario_index, self.lo, reduced, ds if self.whole else None


def run_chunk(chunk: Chunk) -> tuple[int, int, xr.Dataset, xr.Dataset | None]:
    """:meth:`Chunk.run` as a plain function (what a Dask worker is sent)."""
    return chunk.run()


def fixed_parameters(
    scenario: Scenario, base: ParameterSet, samples: int, ds: xr.Dataset
) -> dict[str, xr.DataArray]:
    """``param_<name>`` for each parameter uncertain in ``base`` that ``scenario`` fixes
    (its value repeated over ``sample``), for those missing in ``ds``."""
    fixed = scenario.parameters(base)
    return {
        f"param_{name}": xr.DataArray(
            np.full(int(samples), fixed[name].value),
            dims=("sample",),
            attrs={
                "units": base[name].unit,
                "long_name": base[name].description,
                "provenance": f"fixed by scenario {scenario.name}",
            },
        )
        for name in base.uncertain
        if f"param_{name}" not in ds
    }


# --------------------------------------------------------------------------- where chunks go


def _placed(var: xr.Variable, samples: int) -> tuple[tuple[Hashable, ...], tuple[int, ...]]:
    """Dims and the whole run's shape of a chunk's variable (its ``sample`` axis at full size)."""
    shape = tuple(samples if d == "sample" else n for d, n in zip(var.dims, var.shape, strict=True))
    return var.dims, shape


def _where(var: xr.Variable, lo: int) -> tuple[slice, ...]:
    return tuple(
        slice(lo, lo + n) if d == "sample" else slice(None)
        for d, n in zip(var.dims, var.shape, strict=True)
    )


class ArraySink:
    """Collects chunks (reduced or whole) into one Dataset over all ``samples``, each
    variable filled in place (no concatenation, no copy of the whole).

    With ``scenarios`` (a comparison), every data variable gets a leading ``scenario``
    dimension of that length, as :func:`xarray.concat` over the scenarios would give.
    """

    def __init__(self, samples: int, *, scenarios: int | None = None) -> None:
        self.samples, self.scenarios = int(samples), scenarios
        self._data: dict[Hashable, np.ndarray] = {}
        self._dims: dict[Hashable, tuple[Hashable, ...]] = {}
        self._attrs: dict[Hashable, dict[str, Any]] = {}
        self._attrs_from: dict[Hashable, tuple[int, int]] = {}
        self._coords: dict[Hashable, xr.Variable] = {}
        self._first = (0, 0)
        self.attrs: dict[str, Any] = {}

    def put(self, index: int, lo: int, ds: xr.Dataset) -> None:
        """Place chunk ``ds`` (samples ``lo`` onwards) of scenario ``index``.

        Chunks may come in any order; the coordinates and attributes are those of the
        first chunk of the first scenario, as a whole run's (or a concatenation's) would be.
        """
        order = (index, lo)
        if not self._coords or order < self._first:
            self._coords = {k: v.variable for k, v in ds.coords.items()}
            self.attrs, self._first = dict(ds.attrs), order
        lead = () if self.scenarios is None else (index,)
        for name in ds.data_vars:
            var = ds.variables[name]  # a Variable: no DataArray (with its coordinates) built
            if name not in self._data:
                dims, shape = _placed(var, self.samples)
                if self.scenarios is not None:
                    dims, shape = ("scenario", *dims), (self.scenarios, *shape)
                fill = np.nan if np.issubdtype(var.dtype, np.floating) else 0
                self._data[name] = np.full(shape, fill, dtype=var.dtype)
                self._dims[name] = dims
            if name not in self._attrs or order < self._attrs_from[name]:
                self._attrs[name], self._attrs_from[name] = dict(var.attrs), order
            self._data[name][(*lead, *_where(var, lo))] = var.values

    def dataset(self) -> xr.Dataset:
        """The collected Dataset (``sample`` labelled 0 to ``samples - 1``)."""
        coords = dict(self._coords)
        if "sample" in coords:
            coords["sample"] = xr.Variable(
                ("sample",), np.arange(self.samples), attrs=coords["sample"].attrs
            )
        variables = {
            k: xr.Variable(self._dims[k], v, attrs=self._attrs[k]) for k, v in self._data.items()
        }
        return xr.Dataset(variables, coords=coords, attrs=self.attrs)


class NetCDFSink:
    """Writes chunks of a whole run into one netCDF file (``h5netcdf``) as they come, so
    that memory does not grow with the number of samples.

    The file is laid out for all ``samples`` when the first chunk arrives (coordinates
    through xarray, so that times and labels are encoded as :func:`xarray.Dataset.to_netcdf`
    does; then each data variable, filled with NaN), and every chunk writes its samples
    in place, in whatever order chunks finish. :meth:`finish` adds variables without a
    ``sample`` axis (the statistics) and the global attributes. Write to a temporary file
    and rename it when done (:func:`model.common.files.write_atomic`): a run that is
    stopped leaves no partial file under the final name.
    """

    def __init__(
        self,
        path: str | Path,
        samples: int,
        *,
        scenarios: int | None = None,
        coords: Mapping[str, Any] | None = None,
    ) -> None:
        self.path, self.samples, self.scenarios = Path(path), int(samples), scenarios
        self.coords = dict(coords or {})
        """Coordinates the file gets besides the chunks' own (a comparison's ``scenario``)."""
        self.chunk_rows = 0
        """Samples per chunk of the run (:func:`run_chunks` sets it): the file's HDF5 chunks
        along ``sample``, so that each chunk of the run is written in whole HDF5 chunks."""
        self._file: Any = None
        self._variables: dict[Hashable, Any] = {}

    def _layout(self, ds: xr.Dataset) -> None:
        import h5netcdf

        coords = xr.Dataset(coords={k: v.variable for k, v in ds.coords.items()})
        coords = coords.assign_coords(
            sample=("sample", np.arange(self.samples), ds["sample"].attrs)
        )
        if self.scenarios is not None:
            coords = coords.assign_coords(scenario=("scenario", np.arange(self.scenarios)))
        coords = coords.assign_coords(self.coords)
        coords.to_netcdf(self.path, engine=NETCDF_ENGINE)
        self._file = h5netcdf.File(self.path, "a")
        self.chunk_rows = max(self.chunk_rows, int(ds.sizes.get("sample", 1)))

    def put(self, index: int, lo: int, ds: xr.Dataset) -> None:
        """Write chunk ``ds`` (samples ``lo`` onwards) of scenario ``index``."""
        if self._file is None:
            self._layout(ds)
        lead = () if self.scenarios is None else (index,)
        for name in ds.data_vars:
            var = ds.variables[name]  # a Variable: no DataArray (with its coordinates) built
            if name not in self._variables:
                dims, shape = _placed(var, self.samples)
                if self.scenarios is not None:
                    dims, shape = ("scenario", *dims), (self.scenarios, *shape)
                chunks = tuple(
                    1
                    if d in ("scenario", "variant")
                    else min(n, self.chunk_rows)
                    if d == "sample"
                    else n
                    for d, n in zip(dims, shape, strict=True)
                )
                created = self._file.create_variable(
                    str(name),
                    tuple(str(d) for d in dims),
                    dtype=var.dtype,
                    chunks=chunks,
                    fillvalue=np.nan if np.issubdtype(var.dtype, np.floating) else None,
                )
                for key, value in var.attrs.items():
                    created.attrs[key] = value
                self._variables[name] = created
            self._variables[name][(*lead, *_where(var, lo))] = var.values

    def finish(self, extra: xr.Dataset | None, attrs: Mapping[str, Any]) -> None:
        """Close the file after adding ``extra`` (variables without ``sample``, through
        xarray) and the global ``attrs``."""
        import h5netcdf

        self.close()
        if extra is not None and extra.data_vars:
            with h5netcdf.File(self.path, "r") as f:
                taken = set(f.variables)
            # coordinates the file holds already stay as written
            extra = extra.drop_vars([k for k in extra.coords if k in taken])
            extra.to_netcdf(self.path, mode="a", engine=NETCDF_ENGINE)
        with h5netcdf.File(self.path, "a") as f:
            for key, value in attrs.items():
                f.attrs[key] = value

    def close(self) -> None:
        """Close the file (again: nothing happens)."""
        if self._file is not None:
            self._file.close()
            self._file, self._variables = None, {}


# --------------------------------------------------------------------------- running


def chunk_size_for(detail: str, whole: bool) -> int:
    """Samples per chunk: :data:`CHUNK_SAMPLES`, or :data:`CHUNK_SAMPLES_ALL` when every
    variable of every chunk is kept whole (written, or collected without reduction)."""
    return CHUNK_SAMPLES_ALL if detail == "all" and whole else CHUNK_SAMPLES


def run_chunks(
    scenarios: Sequence[Scenario],
    *,
    samples: int,
    seed: int,
    parameters: ParameterSet,
    drawn: Mapping[str, np.ndarray],
    detail: str = "indicators",
    reduce: bool = True,
    compare: bool = False,
    out: NetCDFSink | None = None,
    chunk_samples: int | None = None,
    scheduler: Any = None,
    scheduler_field: str = "scheduler",
    progress: Callable[[int, int], None] | None = None,
    **simulate_options: Any,
) -> xr.Dataset:
    """Run ``scenarios`` on the draw ``drawn``, chunk by chunk, here or on a Dask cluster.

    Parameters
    ----------
    scenarios : sequence of Scenario
        One for an ensemble; several (``compare=True``) for a comparison on one draw.
    samples, seed : int
        Samples of ``drawn`` and the seed it was drawn with (recorded).
    parameters : ParameterSet
        The base set (each scenario's assumptions apply on top).
    drawn : mapping of str to ndarray
        The draw, name -> array of ``samples`` values, drawn once for all chunks.
    detail : {"indicators", "all", "auto"}
        What each chunk records (and ``out`` receives); ``auto`` as a whole run of
        ``samples`` would (:func:`resolve_detail`).
    reduce : bool
        Keep the reduction of each chunk (:func:`reduce_chunk` at :func:`keep_points`);
        False keeps each chunk whole: the result is then the whole run's.
    compare : bool
        A leading ``scenario`` dimension, and ``param_<name>`` of every scenario.
    out : NetCDFSink, optional
        Receives each chunk's whole run.
    chunk_samples : int, optional
        Default :func:`chunk_size_for`.
    scheduler : None, "local", an address or a ``distributed.Client``
        Where the chunks run (:func:`model.run.cluster.run_tasks`); None: here.
    progress : callable(done, total), optional
        Samples done (over all scenarios) after each chunk.
    **simulate_options
        Passed to :func:`~model.run.simulation.simulate` (``method``, ``time``, ...).

    Returns
    -------
    xarray.Dataset
        As :func:`~model.run.simulation.simulate` returns it (with ``scenario`` first when
        ``compare``), at the kept time points when ``reduce``; attributes ``samples`` and
        ``seed`` are the ensemble's.
    """
    from model.run.cluster import run_tasks

    given_detail, detail = detail, resolve_detail(detail, samples)
    whole = out is not None or not reduce
    size = chunk_samples or chunk_size_for(detail, whole)
    record = detail if (out is not None or not reduce) else "indicators"
    axis = simulate_options.get("time")
    times = (axis if isinstance(axis, TimeAxis) else TimeAxis()).datetimes
    keep = keep_points(times) if reduce else None
    given = {
        k: np.asarray(v) for k, v in drawn.items() if k in parameters and parameters[k].uncertain
    }
    tasks = [
        Chunk(
            scenario=sc,
            scenario_index=k,
            lo=lo,
            hi=hi,
            seed=seed,
            parameters=parameters,
            drawn={name: v[lo:hi] for name, v in given.items()},
            detail=record,
            keep=keep,
            whole=out is not None,
            fill_fixed=compare,
            options=dict(simulate_options),
        )
        for k, sc in enumerate(scenarios)
        for lo, hi in chunk_bounds(samples, size)
    ]
    sink = ArraySink(samples, scenarios=len(scenarios) if compare else None)
    if out is not None:
        out.chunk_rows = size
    total, done = samples * len(scenarios), 0

    def consume(result: tuple[int, int, xr.Dataset, xr.Dataset | None]) -> None:
        nonlocal done
        index, lo, reduced, full = result
        sink.put(index, lo, reduced)
        if out is not None and full is not None:
            out.put(index if compare else 0, lo, full)
        done += reduced.sizes["sample"]
        if progress is not None:
            progress(done, total)

    run_tasks(run_chunk, tasks, consume=consume, scheduler=scheduler, field=scheduler_field)
    ds = sink.dataset()
    ds.attrs.update(samples=int(samples), seed=int(seed), detail=given_detail)
    if reduce:
        ds.attrs.update(
            reduced=f"chunk by chunk ({size} samples at a time): the indicators at each "
            "1 January and the last time point",
            chunk_samples=int(size),
        )
    return ds


def points_kept(steps: int) -> int:
    """Time points a reduction keeps of a monthly axis of ``steps`` points from January
    (the 1 January points and the last one).

    Examples
    --------
    >>> points_kept(84), points_kept(49)
    (8, 5)
    """
    return math.ceil(steps / 12) + (0 if (steps - 1) % 12 == 0 else 1)
