"""The command line checks a request before computing it: samples that do not fit this
machine's memory, an ``--out`` path that cannot be written, a seed out of range are
refused with exit status 2 and a message naming the option, the value and what is
allowed, before anything is drawn or run."""

from __future__ import annotations

import errno
import os
import subprocess
import sys
from pathlib import Path

import pytest

from model.cli import main
from model.policy.scenarios import SCENARIO_DIR

BASELINE = str(SCENARIO_DIR / "baseline.toml")
ROOT = Path(__file__).resolve().parents[2]
BILLION = "1000000000"


@pytest.fixture
def nothing_runs(monkeypatch):
    """Every computation the commands could start raises: a refusal must come first."""

    def no_run(*args, **kwargs):
        raise AssertionError("the computation was started instead of the request refused")

    for name in ("model.cli.ensemble", "model.cli.simulate"):
        monkeypatch.setattr(name, no_run)
    for name in ("compare", "sobol", "morris", "discover"):
        monkeypatch.setattr(f"model.cli.uncertainty.{name}", no_run)
    monkeypatch.setattr("model.analysis.calibration.fit_posterior", no_run)
    monkeypatch.setattr("model.report.compute", no_run)
    monkeypatch.setattr("model.analysis.uncertainty.draw", no_run)
    monkeypatch.setattr("model.analysis.sensitivity.saltelli_unit_sample", no_run)


def _cli(
    argv: list[str], *, lang: str = "en", timeout: float = 20, cwd: Path | None = None
) -> subprocess.CompletedProcess:
    """``python -m model --lang LANG ...`` in a fresh process (nothing mocked)."""
    return subprocess.run(
        [sys.executable, "-m", "model", "--lang", lang, *argv],
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
        timeout=timeout,
        cwd=cwd,
    )


# --------------------------------------------------------------------------- samples


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_a_billion_samples_are_refused_within_seconds(lang):
    """The issue's request: killed by the operating system before; now a message."""
    proc = _cli(["run", "baseline", "--samples", BILLION], lang=lang, timeout=20)
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr + proc.stdout
    assert f"--samples = {BILLION}" in proc.stderr
    largest = "hoogstens" if lang == "nl" else "at most"
    assert largest in proc.stderr and ("GB" in proc.stderr or "TB" in proc.stderr)


@pytest.mark.parametrize(
    ("argv", "field"),
    [
        (["run", BASELINE, "--samples", BILLION], "--samples"),
        (
            ["run", BASELINE, "--samples", BILLION, "--detail", "all", "--out", "{tmp}/x.nc"],
            "--samples",
        ),
        (["compare", BASELINE, "armoede_eerst", "--samples", BILLION], "--samples"),
        (["discover", BASELINE, "--indicator", "gbt_schools", "--samples", BILLION], "--samples"),
        (["calibrate", "--samples", BILLION, "--out", "{tmp}/c.toml"], "--samples"),
        (["sensitivity", BASELINE, "--n", str(2**30)], "--n"),
        (["sensitivity", BASELINE, "--method", "morris", "--n", str(10**9)], "--n"),
        (["report", BASELINE, "--samples", BILLION, "--out", "{tmp}/r.xlsx"], "--samples"),
        (["report", BASELINE, "--sobol-n", str(2**30), "--out", "{tmp}/r.xlsx"], "--sobol-n"),
    ],
)
def test_every_command_refuses_what_does_not_fit_before_running(
    tmp_path, capsys, nothing_runs, argv, field
):
    args = [a.replace("{tmp}", str(tmp_path)) for a in argv]
    value = args[args.index(field) + 1]
    assert main(["--lang", "en", *args]) == 2
    err = capsys.readouterr().err
    assert f"{field} = {value}: too large for this machine" in err
    assert "allowed: at most" in err and f"a smaller value for {field}" in err
    assert "chunk by chunk" in err and "Dask" in err
    assert not list(tmp_path.iterdir())  # nothing written


def test_the_refusal_says_what_fits_and_that_fits_runs(capsys, monkeypatch):
    """The largest count in the message is one the check accepts (above 10,000 samples an
    ensemble is reduced chunk by chunk: about 11 kB per sample)."""
    import model.run.sizing as sizing

    monkeypatch.setattr(sizing, "available_memory", lambda: 15 * 10**8)  # a small machine
    assert main(["--lang", "en", "run", BASELINE, "--samples", "100000"]) == 2
    err = capsys.readouterr().err
    largest = int(err.split("at most ")[1].split(" ")[0].replace(",", ""))
    assert 10_000 < largest < 100_000

    def estimate(n):
        return sizing.estimate_ensemble(samples=n, chunked=None)

    sizing.check_fits(estimate(largest), field="--samples", value=largest)
    with pytest.raises(sizing.SizeError):
        sizing.check_fits(estimate(largest + 1), field="--samples", value=largest + 1)


def test_all_detail_of_a_whole_ensemble_advises_the_indicators(capsys, monkeypatch, nothing_runs):
    import model.run.sizing as sizing

    monkeypatch.setattr(sizing, "available_memory", lambda: 4 * 10**9)
    assert main(["--lang", "nl", "run", BASELINE, "--samples", "10000", "--detail", "all"]) == 2
    assert "alleen de indicatoren bewaren (--detail indicators)" in capsys.readouterr().err


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_all_detail_of_a_reduced_ensemble_needs_a_file(capsys, nothing_runs, lang):
    """Above 10,000 samples only the indicators are kept in memory: every variable needs
    --out, where each chunk's whole run is written as it runs."""
    assert main(["--lang", lang, "run", BASELINE, "--samples", "200000", "--detail", "all"]) == 2
    err = capsys.readouterr().err
    assert "--detail = 'all': " in err
    if lang == "nl":
        assert "meer dan 10.000 trekkingen" in err and "--out BESTAND.nc" in err
    else:
        assert "more than 10,000 samples" in err and "--out FILE.nc" in err


def test_a_file_the_disk_cannot_hold_is_refused_before_running(
    tmp_path, capsys, monkeypatch, nothing_runs
):
    """A reduced ensemble written chunk by chunk is bounded in memory, not on disk."""
    import shutil
    from collections import namedtuple

    usage = namedtuple("usage", "total used free")
    monkeypatch.setattr(shutil, "disk_usage", lambda folder: usage(10**12, 10**12 - 10**9, 10**9))
    out = tmp_path / "x.nc"
    argv = ["run", BASELINE, "--samples", "200000", "--out", str(out)]
    assert main(["--lang", "en", *argv]) == 2
    err = capsys.readouterr().err
    assert "--samples = 200000: the file would not fit on its disk: needs about " in err
    assert "1.0 GB is free" in err and "allowed: at most 7," in err
    assert main(["--lang", "nl", *argv]) == 2
    assert "het bestand past niet op zijn schijf" in capsys.readouterr().err
    assert not out.exists()


# --------------------------------------------------------------------------- --out


def _unwritable(tmp_path: Path) -> Path:
    """A folder this process cannot create files in (root writes anywhere permissions
    allow, so then a folder of the system)."""
    if os.geteuid() == 0:
        if not Path("/sys").is_dir():
            pytest.skip("no folder root cannot write to")
        return Path("/sys")
    folder = tmp_path / "read_only"
    folder.mkdir()
    folder.chmod(0o555)
    return folder


OUT_COMMANDS = [
    ["run", BASELINE, "--samples", "50"],
    ["compare", BASELINE, "armoede_eerst", "--samples", "50"],
    ["sensitivity", BASELINE, "--method", "morris", "--n", "10"],
    ["discover", BASELINE, "--indicator", "gbt_schools", "--samples", "50"],
]


@pytest.mark.parametrize("argv", OUT_COMMANDS, ids=lambda a: a[0])
@pytest.mark.parametrize("where", ["unwritable folder", "a folder", "missing folder", "suffix"])
def test_out_is_checked_before_the_computation(tmp_path, capsys, nothing_runs, argv, where):
    out = {
        "unwritable folder": lambda: _unwritable(tmp_path) / "x.nc",
        "a folder": lambda: tmp_path,
        "missing folder": lambda: tmp_path / "nope" / "x.nc",
        "suffix": lambda: tmp_path / "x.csv",
    }[where]()
    assert main(["--lang", "en", *argv, "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert f"--out = '{out}'" in err  # the user's path ...
    assert ".tmp" not in err  # ... never the temporary file
    assert {
        "unwritable folder": "no permission to write there",
        "a folder": "is a folder",
        "missing folder": "does not exist",
        "suffix": "does not end in .nc",
    }[where] in err


@pytest.mark.parametrize("where", ["unwritable folder", "a folder"])
def test_calibrate_and_report_check_out_first(tmp_path, capsys, nothing_runs, where):
    folder = _unwritable(tmp_path) if where == "unwritable folder" else tmp_path
    for argv, out in (
        (["calibrate", "--samples", "50"], folder / "set.toml" if where != "a folder" else folder),
        (["report", BASELINE, "--format", "xlsx"], folder / "r.xlsx" if where != "a folder" else folder),
    ):  # fmt: skip
        assert main(["--lang", "en", *argv, "--out", str(out)]) == 2
        err = capsys.readouterr().err
        assert f"'{out}'" in err and ".tmp" not in err


def test_out_checks_take_no_time_in_a_fresh_process(tmp_path):
    """Without the computation mocked away: the refusal comes before it (a generous
    bound; a run of 1,000 samples takes longer than the start of the interpreter)."""
    proc = _cli(["run", BASELINE, "--samples", "100000", "--out", str(tmp_path)], timeout=20)
    assert proc.returncode == 2
    assert f"--out = '{tmp_path}': is a folder" in proc.stderr


def test_a_write_that_fails_names_the_out_path_not_the_temporary_file(
    tmp_path, capsys, monkeypatch
):
    out = tmp_path / "x.nc"
    hidden = tmp_path / ".x.nc.123.abcd.tmp"

    def full_disk(ds, path):
        raise OSError(errno.ENOSPC, "No space left on device", str(hidden))

    monkeypatch.setattr("model.cli.args.write_netcdf", full_disk)  # write_result
    assert main(["--lang", "nl", "run", BASELINE, "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert f"--out = '{out}': kon niet geschreven worden (systeemfout ENOSPC)" in err
    assert hidden.name not in err


# --------------------------------------------------------------------------- seeds


@pytest.mark.parametrize("value", [str(2**70), "-1", str(2**32), "x"])
@pytest.mark.parametrize(
    "argv",
    [
        ["run", BASELINE],
        ["compare", BASELINE],
        ["sensitivity", BASELINE],
        ["discover", BASELINE, "--indicator", "gbt_schools"],
        ["calibrate"],
        ["report", BASELINE, "--out", "r.xlsx"],
    ],
    ids=lambda a: a[0],
)
def test_a_seed_out_of_range_is_refused_before_anything_runs(capsys, nothing_runs, argv, value):
    assert main(["--lang", "en", *argv, "--seed", value]) == 2
    err = capsys.readouterr().err
    shown = value if value != "x" else "'x'"
    assert f"--seed = {shown}; allowed: a whole number of at least 0 and at most 4294967295" in err


def test_the_largest_seed_runs_and_is_written(tmp_path):
    """2**32 - 1 is allowed and reaches the file: the range is what writing accepts."""
    from model import read_netcdf

    out = tmp_path / "x.nc"
    assert (
        main(["run", BASELINE, "--samples", "3", "--seed", str(2**32 - 1), "--out", str(out)]) == 0
    )
    assert int(read_netcdf(out).attrs["seed"]) == 2**32 - 1


def test_the_issue_seed_exits_2_without_a_traceback(tmp_path):
    proc = _cli(
        ["run", "baseline", "--seed", "1180591620717411303424", "--out", "x.nc"], cwd=tmp_path
    )
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert "--seed = 1180591620717411303424; allowed:" in proc.stderr
    assert not list(tmp_path.iterdir())
