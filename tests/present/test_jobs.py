"""Background jobs of the app (model.present.jobs): progress, result, error and a stop
that the work honours at its next check."""

from __future__ import annotations

import time

from model.present.jobs import Job


def _loop(progress, should_stop):
    """Work that runs until told to stop, reporting each step, and returns how far it got."""
    k = 0
    while not should_stop():
        k += 1
        progress(k, 1000)
        time.sleep(0.01)
        if k > 5000:  # a stop that never comes must fail the test, not hang it
            raise RuntimeError("never stopped")
    return k


def test_a_stop_is_honoured_at_the_next_check_and_keeps_the_result() -> None:
    job = Job(_loop)
    time.sleep(0.2)
    assert not job.finished and job.done > 0 and 0 < job.fraction < 1
    asked = time.perf_counter()
    job.stop()
    assert job.wait(2.0)
    assert time.perf_counter() - asked < 0.5  # within one step of the work
    assert job.stopping and job.error is None
    assert job.result == job.done >= 1


def test_an_error_is_kept_not_raised() -> None:
    def fails(progress, should_stop):
        progress(1, 2)
        raise ValueError("boom")

    job = Job(fails)
    assert job.wait(2.0)
    assert isinstance(job.error, ValueError) and job.result is None
    assert job.fraction == 0.5 and job.seconds >= 0.0
