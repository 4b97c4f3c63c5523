"""Running the chunks of an ensemble, a comparison or a sensitivity analysis on Dask.

``scheduler`` is where the work goes:

* ``None`` - here, in this process, one chunk after the other;
* ``"local"`` - a :class:`distributed.LocalCluster` on this machine, one single-threaded
  worker process per core (:func:`os.cpu_count`), started for the request and stopped after it;
* an address such as ``tcp://10.0.0.5:8786`` or ``10.0.0.5:8786`` - the scheduler of a
  running cluster (``dask scheduler`` on one machine, ``dask worker tcp://...`` on each
  of the others, with the same samenleven installed);
* a :class:`distributed.Client` - an existing connection (a library user's own).

The tasks are the same plain functions of plain data that run here, and their split does
not depend on the workers, so the numbers are those of the single-process run, bit for
bit, as long as the workers run the same toolkit (checked: :func:`fingerprint`) on the
same kind of processor and numpy.

Refusals are :class:`~model.errors.SamenlevenError` naming the field, the value and what
is allowed: an address that is not one (:func:`check_scheduler`), a scheduler that cannot
be reached or has no workers, workers without samenleven or with another version.
"""

from __future__ import annotations

import ctypes
import functools
import hashlib
import logging
import os
import re
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

from model.errors import SamenlevenError
from model.version import __version__

LOCAL = "local"
"""The value of ``scheduler`` that starts a cluster on this machine."""
CONNECT_SECONDS = 10.0
"""How long a connection to a scheduler's address is tried before it is refused."""
WORKER_SECONDS = 30.0
"""How long a cluster without workers is waited for before it is refused."""
MMAP_THRESHOLD = 32 * 2**20
TRIM_THRESHOLD = 128 * 2**20
"""glibc's allocator settings on a worker (:func:`tune_allocator`): arrays below 32 MiB come
from the heap, and up to 128 MiB of freed heap is kept for the next chunk."""
IN_FLIGHT_PER_THREAD = 2
"""Tasks submitted per worker thread at a time: enough to keep every worker busy, few
enough that results waiting to be collected stay bounded (memory does not grow with the
number of chunks)."""
PROTOCOLS = ("tcp", "tls", "ucx", "ws", "wss", "inproc")
_ADDRESS = re.compile(
    r"^(?:(?P<protocol>[a-z]+)://)?"
    r"(?P<host>\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9](?:[A-Za-z0-9.\-]*[A-Za-z0-9])?)"
    r"(?::(?P<port>\d{1,5}))?/?$"
)

T = TypeVar("T")
R = TypeVar("R")


def check_scheduler(value: object, *, field: str = "scheduler") -> Any:
    """``value`` if it names a scheduler (``None``, ``"local"``, an address
    ``[protocol://]host[:port]`` with protocol one of :data:`PROTOCOLS` and port 1-65535,
    or a ``distributed.Client``), else a :class:`~model.errors.SamenlevenError` naming
    ``field``. Nothing is connected to.

    Examples
    --------
    >>> check_scheduler("tcp://10.0.0.5:8786"), check_scheduler("local"), check_scheduler(None)
    ('tcp://10.0.0.5:8786', 'local', None)
    >>> check_scheduler("http://x:80", field="--scheduler")
    Traceback (most recent call last):
    ...
    model.errors.SamenlevenError: --scheduler = 'http://x:80': geen adres van een Dask-scheduler; toegestaan: local, of het adres van de scheduler van een Dask-cluster, bv. tcp://10.0.0.5:8786 (protocol tcp, tls, ucx, ws, wss of inproc; poort 1-65535)
    """
    if value is None or _is_client(value):
        return value
    if isinstance(value, str):
        text = value.strip()
        if text == LOCAL:
            return LOCAL
        m = _ADDRESS.match(text)
        if (
            m
            and (m["protocol"] or "tcp") in PROTOCOLS
            and (not m["port"] or 1 <= int(m["port"]) <= 65535)
        ):
            return text
    raise SamenlevenError(
        field=field,
        value=value,
        reason="reason.scheduler_address",
        allowed="allowed.scheduler",
        protocols=", ".join(PROTOCOLS[:-1]),
        last=PROTOCOLS[-1],
    )


def local_workers(scheduler: object) -> int:
    """Tasks that run at once on this machine: a local cluster's workers (one per core),
    else 1 (here, or on other machines).

    Examples
    --------
    >>> local_workers(None), local_workers("tcp://10.0.0.5:8786")
    (1, 1)
    """
    return (os.cpu_count() or 1) if scheduler == LOCAL else 1


def _is_client(value: object) -> bool:
    try:
        from distributed import Client
    except ImportError:  # pragma: no cover - a dependency
        return False
    return isinstance(value, Client)


@functools.cache
def fingerprint() -> str:
    """The toolkit's version and a digest of its code and data (every ``.py`` and
    ``.toml`` file of the ``model`` package): workers must run the same model.

    Examples
    --------
    >>> fingerprint().startswith(__version__ + "+")
    True
    """
    root = Path(__file__).resolve().parents[1]
    digest = hashlib.sha256()
    for path in sorted([*root.rglob("*.py"), *root.rglob("*.toml")]):
        digest.update(str(path.relative_to(root)).encode())
        digest.update(path.read_bytes())
    return f"{__version__}+{digest.hexdigest()[:16]}"


def _worker_fingerprint() -> str:
    """What a worker reports (:func:`fingerprint`, imported there)."""
    from model.run.cluster import fingerprint as theirs

    return theirs()


@contextmanager
def connect(scheduler: Any, *, field: str = "scheduler") -> Iterator[Any]:
    """A ``distributed.Client`` for ``scheduler`` (see the module), with at least one
    worker that runs this toolkit; a cluster started here (``"local"``) is stopped when
    the block ends, a given client is left open."""
    scheduler = check_scheduler(scheduler, field=field)
    if scheduler is None:
        raise ValueError("connect() needs a scheduler; None runs here (run_tasks)")
    from distributed import Client, LocalCluster

    if _is_client(scheduler):
        _check_workers(scheduler, scheduler, field)
        yield scheduler
        return
    if scheduler == LOCAL:
        cluster = LocalCluster(
            n_workers=os.cpu_count() or 1,
            threads_per_worker=1,
            processes=True,
            dashboard_address=":0",
            silence_logs=logging.ERROR,
        )
        try:
            with Client(cluster) as client:
                _check_workers(client, scheduler, field)
                yield client
        finally:
            cluster.close()
        return
    try:
        client = Client(scheduler, timeout=CONNECT_SECONDS)
    except (OSError, TimeoutError) as err:
        raise SamenlevenError(
            field=field,
            value=scheduler,
            reason="reason.scheduler_unreachable",
            allowed="allowed.scheduler_running",
            seconds=int(CONNECT_SECONDS),
            detail=type(err).__name__,
        ) from None
    try:
        _check_workers(client, scheduler, field)
        yield client
    finally:
        client.close()


def _check_workers(client: Any, scheduler: Any, field: str) -> None:
    value = (
        scheduler
        if isinstance(scheduler, str)
        else str(getattr(getattr(client, "scheduler", None), "address", client))
    )
    try:
        client.wait_for_workers(1, timeout=WORKER_SECONDS)
    except (OSError, TimeoutError):
        raise SamenlevenError(
            field=field,
            value=value,
            reason="reason.scheduler_no_workers",
            allowed="allowed.scheduler_workers",
            seconds=int(WORKER_SECONDS),
        ) from None
    try:
        found = client.run(_worker_fingerprint)
    except (ImportError, AttributeError) as err:
        raise SamenlevenError(
            field=field,
            value=value,
            reason="reason.scheduler_no_toolkit",
            allowed="allowed.scheduler_same_toolkit",
            mine=fingerprint(),
            detail=type(err).__name__,
        ) from None
    other = sorted({str(v) for v in found.values()} - {fingerprint()})
    if other:
        raise SamenlevenError(
            field=field,
            value=value,
            reason="reason.scheduler_other_toolkit",
            allowed="allowed.scheduler_same_toolkit",
            theirs=", ".join(other),
            mine=fingerprint(),
        )


@functools.cache
def tune_allocator() -> bool:
    """Give this process (a Dask worker) glibc's allocator settings the engine runs well
    with; True if they were set.

    A Dask nanny starts its workers with ``MALLOC_TRIM_THRESHOLD_=65536``, which also
    fixes glibc's mmap threshold at 128 kB: every temporary array of a chunk (the engine
    makes many per step) is then mapped and unmapped, and a chunk took three times as long
    as in a plain process (measured: 6.0 s against 2.0 s for 2,048 samples).
    :data:`MMAP_THRESHOLD` and :data:`TRIM_THRESHOLD` restore the plain process' speed. Once per
    process; elsewhere than Linux with glibc nothing is changed.
    """
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL("libc.so.6")
    except OSError:
        return False
    m_trim_threshold, m_mmap_threshold = -1, -3  # <malloc.h>
    return bool(
        libc.mallopt(m_mmap_threshold, MMAP_THRESHOLD)
        and libc.mallopt(m_trim_threshold, TRIM_THRESHOLD)
    )


def on_worker(func: Callable[[T], R], task: T) -> R:
    """``func(task)`` on a worker, its allocator tuned first (:func:`tune_allocator`)."""
    tune_allocator()
    return func(task)


def run_tasks(
    func: Callable[[T], R],
    tasks: Sequence[T],
    *,
    consume: Callable[[R], None],
    scheduler: Any = None,
    field: str = "scheduler",
) -> None:
    """``consume(func(task))`` for every task: here in order (``scheduler`` None), or on
    a Dask cluster in the order the tasks finish, with at most
    :data:`IN_FLIGHT_PER_THREAD` tasks per worker thread submitted at a time and each
    result released once consumed.

    ``func`` must be a module-level function (workers import it) and ``consume`` must not
    depend on the order of the results.

    Examples
    --------
    >>> out = []
    >>> run_tasks(abs, [-1, 2, -3], consume=out.append)
    >>> out
    [1, 2, 3]
    """
    if scheduler is None:
        for task in tasks:
            consume(func(task))
        return
    from distributed import as_completed

    with connect(scheduler, field=field) as client:
        threads = max(1, sum(client.nthreads().values()))
        pending = iter(tasks)
        # range first: zip stops on it without taking a task from ``pending``
        first = [
            client.submit(on_worker, func, task, pure=False)
            for _, task in zip(range(IN_FLIGHT_PER_THREAD * threads), pending, strict=False)
        ]
        running = as_completed(first)
        try:
            for future in running:
                result = future.result()
                future.release()
                consume(result)
                for task in pending:
                    running.add(client.submit(on_worker, func, task, pure=False))
                    break
        except BaseException:
            client.cancel(list(running.futures))
            raise
