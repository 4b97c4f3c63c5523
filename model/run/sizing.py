"""Requests sized before they run: the peak memory and rough time of an ensemble, a
comparison or a sensitivity analysis, checked against this machine's free memory (and,
for a file written chunk by chunk, its disk).

Above 10,000 samples (:data:`model.run.chunked.REDUCE_ABOVE`) an ensemble or comparison
is reduced chunk by chunk (:func:`estimate_chunked`): each chunk of 2,048 samples runs
whole and is reduced at once to the indicators at each 1 January and the last month, the
ledger and the parameters (1,134 floats per sample), so memory grows by about 11 kB per
sample instead of 142 kB. Measured with ``bench/bench_memory.py`` (peak RSS of a fresh
process, baseline, seed 1), with the compiled engine: 897 MiB at 30,000 samples and 1,630
MiB at 100,000 (the whole run: 12.4 GiB), 11.0 kB per sample between the two; writing each
chunk's whole run to a file as well: 1,703 MiB at 100,000 (a 12.2 GiB file, 128 kB per
sample). With the numpy engine 90 MiB less (807 and 1,540 MiB; 1,591 written). The
estimate: 913, 1,684 and 1,748 MiB. A whole run of 10,000 samples peaked at 1,595 MiB
(estimated 1,741).

A whole ensemble keeps everything it computes: the engine fills one ``(time, sample, ...)``
array per recorded variable chunk by chunk (:func:`model.engine.simulate`), but no
chunk is reduced or written before the whole run is done, so memory grows with
samples x variants x time steps x the values recorded per step (``detail``). A
sensitivity analysis runs its sample matrix in batches of a fixed number of rows and
keeps, per row, the matrix itself and the indicators' values.

How the figures were measured (``python -m model.run.sizing`` measures them again):
the peak resident memory of ``samenleven ...`` in a fresh process (``os.wait4``), at two
or three sizes, on this project's 2-core, 24 GB machine with the numpy engine; the
difference between sizes divided by the difference in samples is the cost of one more
sample; the per-value figures divide it by the values one sample records (indicators:
90 per month and variant, including the ledger's inputs per line; all: 670).

==============================================  ========  ========  ========  ============
command                                          1,000     4,000     8,000     per sample
==============================================  ========  ========  ========  ============
``run --samples N --out x.nc`` (indicators)      349 MiB   753 MiB  1294 MiB  141.8 kB
``run --samples N --detail all --out x.nc``     1112 MiB  3792 MiB            936 kB
``compare A B --samples N --out x.nc``           683 MiB  2127 MiB            505 kB
``compare A B C --samples N``                             3086 MiB            +252 kB each
``discover --samples N`` (to 2027, 48 months)    299 MiB   528 MiB            80.0 kB
``calibrate --samples N``                        285 MiB   526 MiB            84.1 kB
==============================================  ========  ========  ========  ============

Re-measured after issue 13's outcome changes (795 values per step with every variable):
``run --detail all`` 1,277 MiB at 1,000 and 2,337 MiB at 2,000 samples, 1,085 kB per sample,
again 8.3 bytes per value (the test compares per value, so it survives new variables).

A check far out: ``run --samples 30000 --out x.nc`` peaked at 4155 MiB (4.36 GB); the
estimate says 4.6 GB. Calibration is estimated as an ensemble over the whole horizon,
about 1.7 times what it needs.

An ensemble thus costs 141.8 kB per sample over 2 variants x 84 months x 90 values,
9.4 bytes per value kept (8 for the float, the rest for the statistics and the
summary); with every variable 8.3 bytes per value; discovery 9.3. A comparison keeps
each scenario's run and then concatenates them, a copy: 16.7 bytes per value and
scenario. Sensitivity (``sensitivity baseline``; D = 170 uncertain parameters; rows =
``n * (D + 2)`` for Sobol, Saltelli's scheme without the second-order terms, which
would take ``n * (2D + 2)``; ``n * (D + 1)`` for Morris):

==================================  ========  ========  ========
method, n                           rows      peak      time
==================================  ========  ========  ========
Sobol 64                            11,008    430 MiB   7.2 s
Sobol 256                           44,032    626 MiB   17.6 s
Sobol 512                           88,064    746 MiB   40.8 s
Morris 20                           3,420     292 MiB   4.4 s
Morris 100                          17,100    542 MiB   10.8 s
Morris 200                          34,200    594 MiB   12.5 s
==================================  ========  ========  ========

Past one batch (8,192 rows) a row costs 2.9-3.0 kB: the unit sample and the parameter
values (2 x D floats) and the outputs; a batch costs about 14 bytes per value it
records (8,192 rows x 48 months x 40 values, about 205 MiB). A process that has
imported the toolkit uses about 190 MiB before any of this.

Time, on the same machine shared with other work (rough, +- 50 %): 1.2 ms per sample
of an ensemble with the indicators (7.3 us per sample, variant and month; 2.0 ms at
30,000 samples, writing 4 GB), 7 ms with every variable written; 1.7 ms per sample and
scenario in a comparison; 0.3-0.45 ms per row of a sensitivity analysis (to the end of
2027). Python and the toolkit take 2-4 s to start before any of it.

The check (:func:`check_fits`) compares the estimate with :data:`SAFETY` x the memory
the operating system reports as available (:func:`available_memory`) and refuses,
before anything is drawn or run, with the largest size that fits and how to get more.
"""

from __future__ import annotations

import functools
import math
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np

from model.engine import TimeAxis
from model.errors import SamenlevenError
from model.i18n import default_language, number, t
from model.policy.structure import build_structure

VALUE_BYTES = 9.5
"""Bytes per recorded value an ensemble keeps (measured 9.4 with the indicators, 8.3
with every variable, 9.3 for discovery; see the module's table)."""
COMPARE_VALUE_BYTES = 17.0
"""Bytes per recorded value and scenario of a comparison (measured 16.7: each
scenario's run, then their concatenation)."""
PARAMETER_BYTES = 8 * 3
"""Bytes per uncertain parameter and sample: the draw, its copy per variant for the
engine, the ``param_<name>`` variable."""
ROW_VALUE_BYTES = 8.8
"""Bytes per float a sensitivity analysis keeps per row (the unit sample, the parameter
values, the outputs): measured 2.9-3.0 kB per row with 2 x 170 + 38 floats, plus 10 %."""
BATCH_VALUE_BYTES = 15.0
"""Bytes per value one batch of a sensitivity analysis records (measured about 14)."""
REDUCED_VALUE_BYTES = 8.4
"""Bytes per value a reduced ensemble keeps per sample (the float, plus what the
statistics and the summary take while they are computed); measured by
``bench/bench_memory.py``."""
DRAW_BYTES = 8 * 1.3
"""Bytes per uncertain parameter and sample of the one draw every chunk takes its part
of (the parameters the draw fixes are repeated too: 236 of which 194 uncertain)."""
ENGINE_BYTES = 96 * 2**20
"""The compiled engine's share once it has run (numba, llvmlite and the loaded kernels):
measured 90 MiB more than the numpy engine at the same ensemble."""
WRITE_BYTES = 64 * 2**20
"""What writing each chunk's whole run to a file adds (measured 51-73 MiB at 100,000 samples)."""
WORKER_BYTES = 250 * 2**20
"""A worker process of a local Dask cluster that has imported the toolkit."""
WORKING_BYTES = 200 * 2**20
"""A fixed allowance for what does not grow with the samples: the engine's working
arrays for one chunk, the summary, writing the file."""
SAFETY = 0.8
"""Share of the available memory a request may plan to use."""

SECONDS_PER_SAMPLE_STEP = 2.0e-6
"""Rough time per sample, variant and step, besides :data:`SECONDS_PER_VALUE`."""
SECONDS_PER_VALUE = 60e-9
"""Rough time per recorded value (recording, statistics, writing): with
:data:`SECONDS_PER_SAMPLE_STEP` it gives the measured 7.3 us per sample-step with the
indicators and 42 us with every variable written."""
COMPARE_TIME_FACTOR = 1.4
"""A comparison's extra time for concatenating the runs (measured 10 us per sample-step
and scenario against 7.3)."""
SECONDS_PER_ROW_STEP = 9e-6
"""Rough time per row and month of a sensitivity analysis (measured 6-9 us)."""

SENSITIVITY_METHODS = ("sobol", "morris")
DEFAULT_STEPS = len(TimeAxis())
"""Steps of the default time axis (monthly, 2024-01 to 2030-12)."""
VARIANTS = 2
"""Variants an ensemble runs: the plan and the run without the reserve."""


# --------------------------------------------------------------------------- what a run keeps


@functools.cache
def values_per_step(detail: str = "indicators", *, with_ledger: bool = True) -> int:
    """Values one sample and variant records per time step: a scalar variable counts 1,
    a regional one the number of regions.

    Parameters
    ----------
    detail : {"indicators", "all"}
        The indicators (and the ledger's inputs when ``with_ledger``), or every stock,
        flow and recorded auxiliary.

    Examples
    --------
    >>> values_per_step("indicators") < values_per_step("all")
    True
    """
    from model.run.simulation import record_list  # simulation imports nothing of this module

    structure = build_structure()
    dims = {
        **{k: v.dims for k, v in structure.stocks.items()},
        **{k: v.dims for k, v in structure.flows.items()},
        **{k: v.dims for k, v in structure.auxiliaries.items()},
    }
    if detail == "all":
        names = [
            *structure.stocks,
            *structure.flows,
            *(a for a, aux in structure.auxiliaries.items() if aux.record),
        ]
    else:
        names = record_list("indicators", 2, with_ledger=with_ledger) or []
    return sum(math.prod(len(structure.coords[d]) for d in dims[name]) for name in names)


@functools.cache
def uncertain_parameters() -> int:
    """Number of uncertain parameters in ``model/policy/parameters/``."""
    from model.policy.parameters import load_parameters

    return len(load_parameters().uncertain)


def steps_of(time: TimeAxis | None) -> int:
    """Time points of ``time`` (None: the default axis)."""
    return DEFAULT_STEPS if time is None else len(time)


# --------------------------------------------------------------------------- estimates


@dataclass(frozen=True)
class Estimate:
    """Peak memory (bytes) and rough time (s) of one request, and how they grow.

    ``count`` is the size asked for (samples, or a sensitivity analysis' ``n``);
    ``fixed + per_unit * count`` bounds ``bytes`` from above for every count, so that
    :meth:`largest` can invert it.
    """

    count: int
    bytes: int
    per_unit: float
    fixed: float
    seconds: float
    power_of_2: bool = False
    """Whether sizes must be powers of 2 (Sobol's ``n``)."""
    smaller: Estimate | None = None
    """Another estimate for counts up to ``smaller.count``: an ensemble of that many
    samples or fewer is run whole (:data:`model.run.chunked.REDUCE_ABOVE`), this one above."""

    def largest(self, budget: float) -> int:
        """The largest ``count`` whose estimate stays within ``budget`` bytes (0 if none).

        Examples
        --------
        >>> Estimate(count=10, bytes=1100, per_unit=100.0, fixed=100.0, seconds=1.0).largest(1000)
        9
        >>> Estimate(count=10, bytes=1100, per_unit=100.0, fixed=100.0, seconds=1.0, power_of_2=True).largest(1000)
        8
        """
        room = (budget - self.fixed) / self.per_unit if self.per_unit > 0 else math.inf
        largest = max(0, math.floor(min(room, 2.0**62)))
        if self.power_of_2 and largest >= 1:
            largest = 2 ** (largest.bit_length() - 1)
        if self.smaller is not None and largest <= self.smaller.count:
            # this estimate holds only above smaller.count: below, the other one does
            return min(self.smaller.count, self.smaller.largest(budget))
        return largest

    def __add__(self, other: Estimate) -> Estimate:
        """Two requests held at once (the count and the growth are ``self``'s)."""
        return Estimate(
            count=self.count,
            bytes=self.bytes + other.bytes,
            per_unit=self.per_unit,
            fixed=self.fixed + other.bytes,
            seconds=self.seconds + other.seconds,
            power_of_2=self.power_of_2,
            smaller=None if self.smaller is None else self.smaller + other,
        )


def _whole(value: object, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 0:
        raise SamenlevenError(field=name, value=value, allowed="allowed.whole_number", minimum=0)
    return int(value)


def estimate_ensemble(
    *,
    samples: int,
    scenarios: int = 1,
    steps: int = DEFAULT_STEPS,
    detail: str = "indicators",
    variants: int = VARIANTS,
    parameters: int | None = None,
    compare: bool = False,
    chunked: bool | None = False,
    workers: int = 1,
    write: bool = False,
) -> Estimate:
    """Peak memory and rough time of an ensemble (:func:`model.analysis.uncertainty.ensemble`),
    a comparison (``compare=True``, ``scenarios`` of them) or a plain run of ``samples``,
    kept whole or reduced chunk by chunk (``chunked``, :func:`estimate_chunked`).

    Parameters
    ----------
    samples : int
        Samples (draws of the uncertainties).
    scenarios : int
        Scenarios run on the same draw (a comparison); 1 for an ensemble.
    steps : int
        Time points of the horizon (84 months for 2024-01 to 2030-12).
    detail : {"indicators", "all", "auto"}
        What is kept per step (``auto`` keeps everything up to 100 samples).
    variants : int
        Variants per sample (2: the plan and the run without the reserve).
    parameters : int, optional
        Uncertain parameters (default: those of ``model/policy/parameters/``).
    compare : bool
        The runs are concatenated into one Dataset (:func:`model.analysis.uncertainty.compare`).
    chunked : bool or None
        False: the run is kept whole; True: reduced chunk by chunk
        (:func:`estimate_chunked`); None: as :func:`model.analysis.uncertainty.ensemble`
        decides by default, reduced above :data:`~model.run.chunked.REDUCE_ABOVE` samples.
    workers : int
        Chunks that run at once on this machine (a local Dask cluster's workers), when
        reduced.
    write : bool
        Reduced, and each chunk's whole run written to a file.

    Returns
    -------
    Estimate
        Growing with ``samples``; monotone in samples, scenarios, steps and detail.

    Examples
    --------
    >>> small, large = estimate_ensemble(samples=1_000), estimate_ensemble(samples=4_000)
    >>> 100e6 < large.bytes - small.bytes < 1e9  # about 140 kB per sample
    True
    >>> estimate_ensemble(samples=1_000, detail="all").bytes > small.bytes
    True
    """
    samples = _whole(samples, "samples")
    scenarios = max(1, _whole(scenarios, "scenarios"))
    steps, variants = _whole(steps, "steps"), _whole(variants, "variants")
    if chunked is None:
        from model.run.chunked import REDUCE_ABOVE

        whole = estimate_ensemble(
            samples=min(samples, REDUCE_ABOVE),
            scenarios=scenarios,
            steps=steps,
            detail=detail,
            variants=variants,
            parameters=parameters,
            compare=compare,
        )
        if samples <= REDUCE_ABOVE:
            return whole
        reduced = estimate_chunked(
            samples=samples,
            scenarios=scenarios,
            steps=steps,
            variants=variants,
            parameters=parameters,
            workers=workers,
            write=write,
        )
        return replace(reduced, smaller=whole)
    if chunked:
        return estimate_chunked(
            samples=samples,
            scenarios=scenarios,
            steps=steps,
            variants=variants,
            parameters=parameters,
            workers=workers,
            write=write,
        )
    if detail == "auto":
        from model.run.simulation import AUTO_DETAIL_LIMIT

        detail = "all" if samples <= AUTO_DETAIL_LIMIT else "indicators"
    values = values_per_step("all" if detail == "all" else "indicators")
    d = uncertain_parameters() if parameters is None else _whole(parameters, "parameters")
    per_value = COMPARE_VALUE_BYTES if compare else VALUE_BYTES
    per_sample = scenarios * (variants * steps * values * per_value + d * PARAMETER_BYTES)
    sample_steps = scenarios * variants * steps
    seconds = samples * sample_steps * (SECONDS_PER_SAMPLE_STEP + values * SECONDS_PER_VALUE)
    if compare:
        seconds *= COMPARE_TIME_FACTOR
    return Estimate(
        count=samples,
        bytes=int(WORKING_BYTES + ENGINE_BYTES + per_sample * samples),
        per_unit=per_sample,
        fixed=WORKING_BYTES + ENGINE_BYTES,
        seconds=seconds,
    )


def ledger_values(steps: int = DEFAULT_STEPS) -> int:
    """Values of the ledger per sample and variant: per budget year the four totals and the
    amounts per line, per co-financing source and per structural fund.

    Examples
    --------
    >>> ledger_values()
    126
    """
    coords = build_structure().coords
    years = math.ceil(_whole(steps, "steps") / 12)
    per_year = 4 + sum(len(coords[d]) for d in ("line", "cofinancing_source", "structural_fund"))
    return years * per_year


@functools.cache
def indicator_values() -> int:
    """Values per sample, variant and time point a reduced ensemble keeps: the indicators
    (a regional one counts its regions) and ``reserve_unallocated``."""
    from model.policy.indicators import INDICATORS
    from model.run.chunked import KEPT_TIME_VARIABLES

    structure = build_structure()
    dims = {
        **{k: v.dims for k, v in structure.stocks.items()},
        **{k: v.dims for k, v in structure.flows.items()},
        **{k: v.dims for k, v in structure.auxiliaries.items()},
    }
    names = [*(i for i in INDICATORS if i in dims), *KEPT_TIME_VARIABLES]
    return sum(math.prod(len(structure.coords[d]) for d in dims[name]) for name in names)


def estimate_chunked(
    *,
    samples: int,
    scenarios: int = 1,
    steps: int = DEFAULT_STEPS,
    variants: int = VARIANTS,
    parameters: int | None = None,
    workers: int = 1,
    chunk_samples: int | None = None,
    write: bool = False,
) -> Estimate:
    """Peak memory and rough time of an ensemble or comparison reduced chunk by chunk
    (:func:`model.run.chunked.run_chunks`): what grows with the samples is the reduction
    (the indicators at yearly points, the ledger, the parameters: about 9 kB per sample
    and scenario) and the draw; one chunk's whole run per worker on this machine
    (``workers``) is held while it runs. Writing the whole run to a file as well
    (``write``) adds a little (:data:`WRITE_BYTES`): each chunk is written and dropped.

    Examples
    --------
    >>> small, large = estimate_chunked(samples=20_000), estimate_chunked(samples=100_000)
    >>> 5e3 < (large.bytes - small.bytes) / 80_000 < 15e3  # about 10 kB per sample
    True
    >>> large.bytes < 2 * 2**30  # the issue's target: 100,000 samples in 2 GiB
    True
    """
    from model.run.chunked import CHUNK_SAMPLES, points_kept

    samples = _whole(samples, "samples")
    scenarios = max(1, _whole(scenarios, "scenarios"))
    steps, variants = _whole(steps, "steps"), _whole(variants, "variants")
    workers = max(1, _whole(workers, "workers"))
    d = uncertain_parameters() if parameters is None else _whole(parameters, "parameters")
    kept = variants * (points_kept(steps) * indicator_values() + ledger_values(steps)) + d
    per_sample = scenarios * kept * REDUCED_VALUE_BYTES + d * DRAW_BYTES
    chunk = chunk_samples or CHUNK_SAMPLES
    one_chunk = chunk * variants * steps * values_per_step("indicators") * VALUE_BYTES
    # a local cluster's workers are processes of their own, each holding its chunk
    fixed = (
        WORKING_BYTES
        + ENGINE_BYTES
        + workers * one_chunk
        + (workers * WORKER_BYTES if workers > 1 else 0)
        + (WRITE_BYTES if write else 0)
    )
    seconds = (
        samples
        * scenarios
        * variants
        * steps
        * (SECONDS_PER_SAMPLE_STEP + values_per_step("indicators") * SECONDS_PER_VALUE)
        / workers
    )
    return Estimate(
        count=samples,
        bytes=int(fixed + per_sample * samples),
        per_unit=per_sample,
        fixed=fixed,
        seconds=seconds,
    )


def estimate_file(
    *,
    samples: int,
    scenarios: int = 1,
    steps: int = DEFAULT_STEPS,
    detail: str = "indicators",
    variants: int = VARIANTS,
    parameters: int | None = None,
) -> int:
    """Bytes of the netCDF file of an ensemble's whole run (8 bytes per value, plus the
    ledger and the parameters per sample).

    Examples
    --------
    >>> 10e9 < estimate_file(samples=100_000) < 15e9
    True
    """
    samples = _whole(samples, "samples")
    d = uncertain_parameters() if parameters is None else _whole(parameters, "parameters")
    values = values_per_step("all" if detail == "all" else "indicators")
    per_sample = variants * (steps * values + ledger_values(steps)) + d
    return 8 * per_sample * samples * max(1, scenarios)


def check_disk(
    need: int,
    path: str | Path,
    *,
    field: str,
    value: Any,
    count: int,
    free: int | None = None,
) -> None:
    """Refuse, before anything runs, a file of about ``need`` bytes that the disk holding
    ``path`` has no room for (:class:`DiskError`, naming ``field`` and ``value`` and the
    largest ``count`` that fits); ``free`` defaults to what the disk reports."""
    import shutil

    folder = Path(path).expanduser().resolve().parent
    if free is None:
        try:
            free = shutil.disk_usage(folder).free
        except OSError:
            return
    if need <= free:
        return
    raise DiskError(
        field=field,
        value=value,
        need=need,
        free=free,
        folder=folder,
        largest=max(0, math.floor(count * free / need)),
    )


def sensitivity_rows(method: str, n: int, parameters: int) -> int:
    """Model runs of a sensitivity analysis: Saltelli's scheme without second-order
    terms (as :func:`model.analysis.sensitivity.sobol` samples) ``n * (D + 2)``; Morris
    ``n * (D + 1)`` (``D`` parameters or groups).

    Examples
    --------
    >>> sensitivity_rows("sobol", 256, 170), sensitivity_rows("morris", 50, 170)
    (44032, 8550)
    """
    if method not in SENSITIVITY_METHODS:
        raise SamenlevenError(
            field="method",
            value=method,
            allowed="allowed.options",
            options=", ".join(SENSITIVITY_METHODS),
        )
    n, parameters = _whole(n, "n"), _whole(parameters, "parameters")
    return n * (parameters + (2 if method == "sobol" else 1))


def estimate_sensitivity(
    *,
    method: str,
    n: int,
    parameters: int,
    varied: int | None = None,
    indicators: int | None = None,
    steps: int = len(TimeAxis(end="2028-01")),
    batch_rows: int = 8192,
    workers: int = 1,
) -> Estimate:
    """Peak memory and rough time of :func:`model.analysis.sensitivity.sobol` or ``morris``.

    Parameters
    ----------
    method : {"sobol", "morris"}
    n : int
        Sobol's base sample or the number of Morris trajectories.
    parameters : int
        ``D``: the parameters varied, or the groups for grouped indices.
    varied : int, optional
        Parameters varied (the columns of the sample matrix); default ``parameters``.
    indicators : int, optional
        Indicators analysed (default: every modelled one).
    steps : int
        Time points run (to the end of the analysed year; 48 for 2027).
    batch_rows : int
        Rows per call of the model (:data:`model.analysis.sensitivity.BATCH_ROWS`).
    workers : int
        Batches that run at once on this machine (a local Dask cluster's workers, each
        a process of its own).

    Examples
    --------
    >>> a = estimate_sensitivity(method="sobol", n=256, parameters=170)
    >>> b = estimate_sensitivity(method="sobol", n=512, parameters=170)
    >>> 100e6 < b.bytes - a.bytes < 300e6  # about 3 kB per row, 172 rows per n
    True
    """
    rows = sensitivity_rows(method, n, parameters)
    columns = parameters if varied is None else _whole(varied, "varied")
    outputs = values_per_step("indicators", with_ledger=False)
    kept = indicators if indicators is not None else outputs
    per_row = (2 * columns + kept) * ROW_VALUE_BYTES
    per_n = (parameters + (2 if method == "sobol" else 1)) * per_row
    batch = steps * outputs * BATCH_VALUE_BYTES  # per row of one batch
    workers = max(1, _whole(workers, "workers"))
    processes = workers * WORKER_BYTES if workers > 1 else 0
    return Estimate(
        count=n,
        bytes=int(
            WORKING_BYTES + processes + workers * min(rows, batch_rows) * batch + rows * per_row
        ),
        per_unit=per_n,
        fixed=WORKING_BYTES + processes + workers * batch_rows * batch,  # full batches: larger n
        seconds=rows * steps * SECONDS_PER_ROW_STEP / workers,
        power_of_2=method == "sobol",
    )


# --------------------------------------------------------------------------- this machine


def _meminfo(text: str) -> int | None:
    m = re.search(r"^MemAvailable:\s+(\d+)\s*kB", text, re.MULTILINE)
    return int(m.group(1)) * 1024 if m else None


def _cgroup_room() -> int | None:
    """Room left under this process' cgroup memory limit (containers), if any."""
    for limit_file, usage_file in (
        ("/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory.current"),
        (
            "/sys/fs/cgroup/memory/memory.limit_in_bytes",
            "/sys/fs/cgroup/memory/memory.usage_in_bytes",
        ),
    ):
        try:
            limit = Path(limit_file).read_text().strip()
            usage = int(Path(usage_file).read_text().strip())
        except (OSError, ValueError):
            continue
        if limit.isdigit() and int(limit) < 2**60:
            return max(0, int(limit) - usage)
    return None


def available_memory() -> int | None:
    """Bytes of memory this process may still take, or None when unknown.

    Linux: ``MemAvailable`` of ``/proc/meminfo`` (free memory plus what the kernel can
    reclaim), and no more than the room under a container's cgroup limit. Elsewhere
    :mod:`psutil` when installed, else ``os.sysconf`` (free physical pages).
    """
    found: int | None = None
    try:
        found = _meminfo(Path("/proc/meminfo").read_text())
    except OSError:
        found = None
    if found is None:
        try:
            import psutil  # type: ignore[import-untyped]

            found = int(psutil.virtual_memory().available)
        except ImportError:
            try:
                found = os.sysconf("SC_AVPHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
            except (AttributeError, ValueError, OSError):
                found = None
    room = _cgroup_room()
    if room is not None:
        found = room if found is None else min(found, room)
    return found


# --------------------------------------------------------------------------- the check


def format_bytes(value: float, lang: str | None = None) -> str:
    """A size as people read it: ``850 MB``, ``1,4 GB`` (Dutch) / ``1.4 GB``, ``140 TB``.

    Examples
    --------
    >>> format_bytes(1.4e9, "nl"), format_bytes(1.4e9, "en"), format_bytes(8.5e8, "en")
    ('1,4 GB', '1.4 GB', '850 MB')
    """
    for unit, size in (("PB", 1e15), ("TB", 1e12), ("GB", 1e9)):
        if value >= size:
            return f"{number(value / size, lang, 1 if value / size < 100 else 0)} {unit}"
    return f"{number(value / 1e6, lang, 0)} MB"


def format_seconds(seconds: float, lang: str | None = None) -> str:
    """A rough duration: ``ca. 40 seconden`` / ``about 40 seconds``, minutes, hours, days.

    Examples
    --------
    >>> format_seconds(40, "en"), format_seconds(5400, "nl")
    ('about 40 seconds', 'ca. 1,5 uur')
    """
    for key, size in (("days", 86400), ("hours", 3600), ("minutes", 60)):
        if seconds >= 1.5 * size:
            amount = seconds / size
            return t(f"size.{key}", lang, n=number(amount, lang, 1 if amount < 10 else 0))
    return t("size.seconds", lang, n=number(max(1.0, seconds), lang, 0))


ADVICE = ("fewer", "detail", "scenarios", "groups", "machine", "later")
"""Ways to get more, in the order they are offered (keys ``size.advice.<name>``)."""


class SizeError(SamenlevenError):
    """A request needs more memory than this machine has free: names the field, the
    value, what it needs and the largest value that fits, and how to get more."""

    def __init__(
        self,
        *,
        field: str,
        value: Any,
        estimate: Estimate,
        available: int,
        largest: int,
        advice: Sequence[str],
        options: dict[str, str] | None = None,
    ) -> None:
        self.estimate, self.available, self.largest = estimate, available, largest
        self.advice = [a for a in ADVICE if a in advice]
        self.options = {
            "field": field,
            "detail": "--detail indicators",
            "groups": "--groups",
            "scheduler": "--scheduler",
            **(options or {}),
        }
        super().__init__(
            field=field,
            value=value,
            reason="size.reason",
            allowed="size.allowed" if largest >= 1 else "size.allowed_none",
        )

    def message(self, lang: str | None = None) -> str:
        lang = lang or default_language()
        advice = "; ".join(t(f"size.advice.{a}", lang, **self.options) for a in self.advice)
        self.fields = {
            "need": format_bytes(self.estimate.bytes, lang),
            "time": format_seconds(self.estimate.seconds, lang),
            "free": format_bytes(self.available, lang),
            "budget": format_bytes(SAFETY * self.available, lang),
            "largest": number(self.largest, lang),
            "advice": advice,
        }
        return super().message(lang)


class DiskError(SamenlevenError):
    """A file would not fit on its disk: names the field and value, what the file needs,
    what is free, and the largest value that fits."""

    def __init__(
        self, *, field: str, value: Any, need: int, free: int, folder: Path, largest: int
    ) -> None:
        self.need, self.free, self.largest = need, free, largest
        super().__init__(
            field=field,
            value=value,
            reason="size.disk_reason",
            allowed="size.disk_allowed",
            folder=folder,
        )

    def message(self, lang: str | None = None) -> str:
        lang = lang or default_language()
        self.fields.update(
            need=format_bytes(self.need, lang),
            free=format_bytes(self.free, lang),
            largest=number(self.largest, lang),
        )
        return super().message(lang)


def check_fits(
    estimate: Estimate,
    *,
    field: str,
    value: Any,
    advice: Sequence[str] | None = None,
    options: dict[str, str] | None = None,
    available: int | None = None,
) -> Estimate:
    """``estimate`` if it fits this machine, else a :class:`SizeError` (raised before
    anything is run).

    Parameters
    ----------
    estimate : Estimate
    field, value
        The option or argument the size came from (``--samples``, ``samples``, ``--n``)
        and its value, for the message.
    advice : sequence of str, optional
        Which ways to get more the message offers (names in :data:`ADVICE`; default
        fewer, another machine, later versions).
    options : dict of str to str, optional
        Names the advice texts fill in, e.g. ``{"detail": "--detail indicators"}``.
    available : int, optional
        Bytes available (default :func:`available_memory`; unknown: no check).

    Examples
    --------
    >>> ok = check_fits(estimate_ensemble(samples=10), field="samples", value=10, available=2**33)
    >>> check_fits(estimate_ensemble(samples=10**9), field="--samples", value=10**9,
    ...            available=2**33)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    model.run.sizing.SizeError: --samples = 1000000000: ...
    """
    free = available_memory() if available is None else available
    if free is None:
        return estimate
    budget = SAFETY * free
    if estimate.bytes <= budget:
        return estimate
    raise SizeError(
        field=field,
        value=value,
        estimate=estimate,
        available=free,
        largest=estimate.largest(budget),
        advice=advice if advice is not None else ("fewer", "machine", "later"),
        options=options,
    )


# --------------------------------------------------------------------------- measuring again


def measure(
    commands: Sequence[Sequence[str]] | None = None, *, folder: str | Path | None = None
) -> list[tuple[str, int, float]]:
    """Peak resident memory (bytes) and wall time (s) of ``samenleven`` commands, each in
    a fresh process (``os.wait4``); the figures of this module's docstring.

    Not part of any check (it takes minutes); run ``python -m model.run.sizing``.
    """
    import subprocess
    import sys
    import tempfile
    import time

    out = Path(folder) if folder is not None else Path(tempfile.mkdtemp())
    if commands is None:
        nc = str(out / "x.nc")
        commands = [
            ["validate", "baseline"],
            *(["run", "baseline", "--samples", str(s), "--out", nc] for s in (1000, 4000, 8000)),
            *(
                ["run", "baseline", "--samples", str(s), "--detail", "all", "--out", nc]
                for s in (1000, 4000)
            ),
            *(
                ["compare", "baseline", "armoede_eerst", "--samples", str(s), "--out", nc]
                for s in (1000, 4000)
            ),
            *(["sensitivity", "baseline", "--n", str(n)] for n in (64, 256, 512)),
            *(["sensitivity", "baseline", "--method", "morris", "--n", str(n)] for n in (20, 200)),
        ]
    results = []
    for args in commands:
        started = time.perf_counter()
        proc = subprocess.Popen(
            [sys.executable, "-m", "model", *args],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            cwd=out,
        )
        _, _, usage = os.wait4(proc.pid, 0)
        results.append((" ".join(args), usage.ru_maxrss * 1024, time.perf_counter() - started))
    return results


if __name__ == "__main__":  # pragma: no cover - a measuring tool
    for line, peak, seconds in measure():
        print(f"{line:<70} {peak / 2**20:8.1f} MiB {seconds:7.2f} s")
