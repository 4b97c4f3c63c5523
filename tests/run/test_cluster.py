"""Chunks on Dask (model.run.cluster): a 2-worker local cluster of processes gives the
numbers of the single-process run, bit for bit, for ensembles (whole and reduced),
comparisons and sensitivity analyses, from the library and the command line; addresses
that are not one, schedulers that do not answer or have no workers, and workers that
run another toolkit are refused naming the field, the value and what is allowed."""

from __future__ import annotations

import logging
import os
import socket

import numpy as np
import pytest
import xarray as xr

from model import load_scenario
from model.analysis.sensitivity import morris, sobol
from model.analysis.uncertainty import compare, ensemble
from model.cli import main
from model.errors import SamenlevenError
from model.run import chunked, cluster
from model.run.cluster import check_scheduler, connect, run_tasks

distributed = pytest.importorskip("distributed")

SAMPLES = 200


@pytest.fixture(scope="module")
def address():
    """The scheduler address of a local cluster of 2 single-threaded worker processes."""
    with distributed.LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=True,
        dashboard_address=":0",
        silence_logs=logging.ERROR,
    ) as running:
        yield running.scheduler_address


@pytest.fixture
def small_chunks(monkeypatch):
    """Chunks of 128 samples, so that 200 samples make two tasks per scenario."""
    monkeypatch.setattr(chunked, "CHUNK_SAMPLES", 128)


def identical(a: xr.Dataset, b: xr.Dataset) -> None:
    """Equal values, dims, coordinates and attributes (but the creation time)."""
    a, b = a.copy(), b.copy()
    a.attrs.pop("created", None)
    b.attrs.pop("created", None)
    xr.testing.assert_identical(a, b)
    for name, var in a.variables.items():
        if var.dtype.kind == "f":
            assert np.array_equal(var.values, b[name].values, equal_nan=True), name


# --------------------------------------------------------------------------- the same numbers


def test_an_ensemble_on_the_cluster_is_the_single_process_one(address, baseline, small_chunks):
    here = ensemble(baseline, samples=SAMPLES, seed=4)
    there = ensemble(baseline, samples=SAMPLES, seed=4, scheduler=address)
    identical(here, there)
    assert there.sizes["time"] == 84  # kept whole: the run of simulate()


def test_a_reduced_ensemble_on_the_cluster_is_the_single_process_one(
    address, baseline, small_chunks
):
    here = ensemble(baseline, samples=SAMPLES, seed=4, chunked=True)
    there = ensemble(baseline, samples=SAMPLES, seed=4, chunked=True, scheduler=address)
    identical(here, there)
    assert there.attrs["chunk_samples"] == 128


def test_a_comparison_on_the_cluster_is_the_single_process_one(address, baseline, small_chunks):
    scenarios = [baseline, load_scenario("geen_rijksbijdrage_gbt")]  # it fixes an uncertainty
    for chunks in (False, True):
        here = compare(scenarios, samples=SAMPLES, seed=2, chunked=chunks)
        there = compare(scenarios, samples=SAMPLES, seed=2, chunked=chunks, scheduler=address)
        identical(here, there)


def test_sensitivity_on_the_cluster_is_the_single_process_one(address, baseline):
    vary = ["poverty_project_cost", "poverty_project_duration"]
    options = {"seed": 1, "indicator": "poverty_literacy_projects", "vary": vary}
    here = sobol(baseline, n=64, batch_rows=96, **options)  # 256 rows: three batches
    there = sobol(baseline, n=64, batch_rows=96, scheduler=address, **options)
    identical(here, there)
    here = morris(baseline, n=10, batch_rows=16, **options)
    there = morris(baseline, n=10, batch_rows=16, scheduler=address, **options)
    identical(here, there)


@pytest.mark.parametrize(
    "argv",
    [
        ["compare", "baseline", "armoede_eerst", "--samples", "40"],
        [
            "sensitivity",
            "baseline",
            "--method",
            "morris",
            "--n",
            "10",
            "--indicator",
            "gbt_schools",
        ],
    ],
    ids=["compare", "sensitivity"],
)
def test_the_command_line_prints_the_same_with_a_scheduler(address, capsys, argv):
    assert main(["--lang", "en", *argv]) == 0
    alone = capsys.readouterr().out
    assert main(["--lang", "en", *argv, "--scheduler", address]) == 0
    assert capsys.readouterr().out == alone
    assert ("armoede_eerst" if argv[0] == "compare" else "Morris") in alone


def test_a_client_of_ones_own_is_used_and_left_open(address, baseline, small_chunks):
    with distributed.Client(address) as client:
        here = ensemble(baseline, samples=SAMPLES, seed=5, chunked=True)
        identical(here, ensemble(baseline, samples=SAMPLES, seed=5, chunked=True, scheduler=client))
        assert client.status == "running"
        assert client.submit(abs, -3).result() == 3


def test_local_starts_a_cluster_of_this_machine_and_stops_it():
    found: list[int] = []
    with connect("local") as client:
        workers = client.scheduler_info()["workers"]
        assert len(workers) == (os.cpu_count() or 1)
        assert all(w["nthreads"] == 1 for w in workers.values())
        run_tasks(abs, [-1, -2, -3], consume=found.append, scheduler=client)
    assert sorted(found) == [1, 2, 3] and client.status == "closed"


def test_run_tasks_consumes_every_result_once_in_any_order(address):
    found: list[int] = []
    run_tasks(abs, list(range(-20, 0)), consume=found.append, scheduler=address)
    assert sorted(found) == list(range(1, 21))


# --------------------------------------------------------------------------- refusals


@pytest.mark.parametrize(
    "value",
    [
        "tcp://10.0.0.5:8786",
        "10.0.0.5:8786",
        "tls://scheduler.example.org:8786",
        "localhost",
        "local",
    ],
)
def test_scheduler_addresses_that_are_allowed(value):
    assert check_scheduler(value) == value


@pytest.mark.parametrize(
    "value", ["http://x:8786", "tcp://x:0", "tcp://x:70000", "", "two words", "tcp://", 8786]
)
@pytest.mark.parametrize("lang", ["nl", "en"])
def test_scheduler_addresses_that_are_refused_name_field_value_and_what_is_allowed(value, lang):
    with pytest.raises(SamenlevenError) as err:
        check_scheduler(value, field="--scheduler")
    text = err.value.message(lang)
    assert text.startswith(f"--scheduler = {value!r}: ")
    allowed = (
        "toegestaan: local, of het adres" if lang == "nl" else "allowed: local, or the address"
    )
    assert allowed in text and "tcp://10.0.0.5:8786" in text


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_command_line_refuses_a_bad_address_before_running(capsys, lang):
    assert (
        main(["--lang", lang, "run", "baseline", "--samples", "5", "--scheduler", "http://x"]) == 2
    )
    err = capsys.readouterr().err
    assert "--scheduler = 'http://x': " in err and "Traceback" not in err
    assert (
        "geen adres van een Dask-scheduler"
        if lang == "nl"
        else "not the address of a Dask scheduler"
    ) in err


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_a_scheduler_that_does_not_answer_is_refused(monkeypatch, capsys, lang):
    monkeypatch.setattr(cluster, "CONNECT_SECONDS", 1.0)
    nowhere = f"tcp://127.0.0.1:{_free_port()}"
    argv = ["--lang", lang, "compare", "baseline", "--samples", "5", "--scheduler", nowhere]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert f"--scheduler = '{nowhere}': " in err
    expected = (
        "daar antwoordt binnen 1 seconden geen Dask-scheduler"
        if lang == "nl"
        else "no Dask scheduler answers there within 1 seconds"
    )
    assert expected in err and ("dask scheduler" in err)


def test_a_scheduler_without_workers_is_refused(monkeypatch):
    monkeypatch.setattr(cluster, "WORKER_SECONDS", 1.0)
    with distributed.LocalCluster(
        n_workers=0, dashboard_address=":0", silence_logs=logging.ERROR
    ) as empty:
        with pytest.raises(SamenlevenError) as err, connect(empty.scheduler_address):
            pass
    assert err.value.field == "scheduler" and err.value.value == empty.scheduler_address
    assert "the scheduler has no workers" in err.value.message("en")
    assert "de scheduler heeft geen workers" in err.value.message("nl")


def test_workers_that_run_another_toolkit_are_refused(address, monkeypatch):
    """The workers report their own fingerprint (this toolkit's); this process pretends
    to be another version, so the two differ."""
    real = cluster.fingerprint()
    monkeypatch.setattr(cluster, "fingerprint", lambda: "0.0.0+other")
    with pytest.raises(SamenlevenError) as err, connect(address, field="--scheduler"):
        pass
    text = err.value.message("en")
    assert text.startswith(
        f"--scheduler = '{address}': its workers run another samenleven ({real})"
    )
    assert "allowed: workers that run this samenleven (0.0.0+other)" in text
