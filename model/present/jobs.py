"""Long analyses in the app without blocking it: a :class:`Job` runs one function in a
thread of its own, keeps its progress, and can be asked to stop.

Why a thread: a Streamlit script run that computes for a minute cannot read a button
pressed meanwhile (the press reruns the script only when the run reaches Streamlit
again, and that rerun starts the work over). The page instead starts a job, keeps it in
the session, and a fragment that reruns every second shows its progress and a stop
button; ``stop`` sets an event that the work's ``should_stop`` reads between iterations,
so the search ends within one iteration and returns what it has. The work must not call
Streamlit itself: its progress callback only stores two numbers.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import Any

LOG = logging.getLogger("samenleven.app")

Work = Callable[[Callable[[int, int], None], Callable[[], bool]], Any]
"""``work(progress, should_stop) -> result``: the analysis, with the callbacks it takes."""


class Job:
    """``work`` running in a daemon thread.

    Attributes
    ----------
    done, total : int
        The last progress the work reported (0, 0 before any).
    result : object
        What ``work`` returned, once :attr:`finished`.
    error : BaseException or None
        What it raised instead (logged with its traceback).
    started, ended : float
        ``time.perf_counter()`` at the start and the end (``ended`` is None while running).

    Examples
    --------
    >>> job = Job(lambda progress, should_stop: 6 * 7)
    >>> job.wait(5.0), job.result
    (True, 42)
    """

    def __init__(self, work: Work) -> None:
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self.done, self.total = 0, 0
        self.result: Any = None
        self.error: BaseException | None = None
        self.started = time.perf_counter()
        self.ended: float | None = None
        self._thread = threading.Thread(target=self._run, args=(work,), daemon=True)
        self._thread.start()

    def _run(self, work: Work) -> None:
        try:
            self.result = work(self._progress, self._stop.is_set)
        except Exception as err:  # kept for the page to show; the traceback to the log
            LOG.exception("a background analysis failed")
            self.error = err
        finally:
            self.ended = time.perf_counter()

    def _progress(self, done: int, total: int) -> None:
        with self._lock:
            self.done, self.total = int(done), int(total)

    @property
    def fraction(self) -> float:
        """Progress as a share 0…1 (0 before the work reported any)."""
        with self._lock:
            return min(self.done / self.total, 1.0) if self.total > 0 else 0.0

    @property
    def finished(self) -> bool:
        return not self._thread.is_alive()

    @property
    def stopping(self) -> bool:
        """Whether a stop was asked for."""
        return self._stop.is_set()

    @property
    def seconds(self) -> float:
        """How long it has run (or ran)."""
        return (self.ended if self.ended is not None else time.perf_counter()) - self.started

    def stop(self) -> None:
        """Ask the work to stop: its ``should_stop()`` returns True from now on."""
        self._stop.set()

    def wait(self, timeout: float | None = None) -> bool:
        """Wait until the work has ended (at most ``timeout`` s); whether it has."""
        self._thread.join(timeout)
        return self.finished
