"""``samenleven optimise`` and ``samenleven marginal``: the chosen allocation beside the
scenario's in the user's language, a written scenario file that validates and runs, the
files checked before anything is computed, and bad bounds, locks and amounts refused with
exit status 2 and a message naming the option, the value and what is allowed."""

from __future__ import annotations

import numpy as np
import pytest

from model import load_scenario, read_netcdf
from model.cli import main
from model.policy.budget import LINES

FAST = [
    "--samples",
    "12",
    "--seed",
    "2",
    "--lock",
    "2.1.c",
    "--lock",
    "2.1.d",
    "--lock",
    "2.3",
    "--step",
    "500",
]


def test_optimise_prints_the_allocation_writes_the_front_and_a_scenario_that_runs(tmp_path, capsys):
    out, toml = tmp_path / "zoek.nc", tmp_path / "gezocht.toml"
    args = [
        "optimise",
        "baseline",
        *FAST,
        "--min",
        "2.2=6000",
        "--out",
        str(out),
        "--write-scenario",
        str(toml),
    ]
    assert main(args) == 0
    printed = capsys.readouterr()
    assert (
        "Voorgestelde verdeling: nr." in printed.out
        and "2.1.a Armoede en laaggeletterdheid" in printed.out
    )
    assert "verdelingen gevonden na" in printed.out and "Verwachte doelbereiking" in printed.out
    ds = read_netcdf(out)
    x = ds["allocation"].values
    assert np.allclose(x.sum(axis=1), 27000) and (x[:, LINES.index("2.2")] >= 6000).all()
    assert ds.attrs["locks"] == "2.1.c, 2.1.d, 2.3" and ds.attrs["objective"] == "attainment"
    found = load_scenario(toml)
    chosen = ds["allocation"].isel(candidate=int(ds["chosen"])).values
    assert [found.allocation[line] for line in LINES] == pytest.approx(chosen.tolist())
    assert found.name == "baseline_gezocht"
    assert main(["validate", str(toml)]) == 0
    assert main(["run", str(toml), "--samples", "5"]) == 0


def test_optimise_in_english_with_regret(capsys):
    args = [
        "--lang",
        "en",
        "optimise",
        "baseline",
        *FAST,
        "--robustness",
        "regret",
        "--future",
        "uncertain",
        "--future",
        "no_gbt_national",
    ]
    assert main(args) == 0
    text = capsys.readouterr().out
    assert "Proposed allocation: no." in text and "largest regret across the futures" in text
    assert "Voorgestelde" not in text


@pytest.mark.parametrize(
    ("extra", "field", "value"),
    [
        (["--min", "2.1.x=500"], "--min", "2.1.x=500"),
        (["--max", "2.2=veel"], "--max", "2.2=veel"),
        (["--min", "2.2=20000", "--min", "2.1.a=9000"], "--min/--max", None),
        (["--lock", "9.9"], "--lock", "9.9"),
        (["--step", "30"], "--step", "30"),
        (["--min", "2.1.c=2000"], "--lock", "2.1.c"),  # a locked line with a bound that excludes it
    ],
)
def test_bad_bounds_and_locks_exit_2_with_field_and_value(capsys, extra, field, value):
    assert main(["optimise", "baseline", *FAST, *extra]) == 2
    err = capsys.readouterr().err
    assert field in err and "Traceback" not in err
    if value is not None:
        assert value in err
    assert "toegestaan" in err


def test_the_files_are_checked_before_anything_runs(tmp_path, capsys, monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("computed before the files were checked")

    monkeypatch.setattr("model.cli.decision.optimise", refuse)
    monkeypatch.setattr("model.cli.decision.marginal", refuse)
    missing = tmp_path / "no" / "such" / "folder" / "x.nc"
    assert main(["optimise", "baseline", *FAST, "--out", str(missing)]) == 2
    assert str(missing) in capsys.readouterr().err
    assert main(["optimise", "baseline", *FAST, "--write-scenario", str(tmp_path / "x.txt")]) == 2
    assert "--write-scenario" in capsys.readouterr().err
    assert main(["marginal", "baseline", "--out", str(missing)]) == 2
    assert str(missing) in capsys.readouterr().err


def test_marginal_prints_the_table_and_writes_the_file(tmp_path, capsys):
    out = tmp_path / "marg.nc"
    assert main(["marginal", "baseline", "--samples", "20", "--seed", "1", "--out", str(out)]) == 0
    text = capsys.readouterr().out
    assert (
        "Lijn die 1.000 k€ meer krijgt" in text and "meer levert de meeste doelbereiking op" in text
    )
    ds = read_netcdf(out)
    assert list(ds["line"].values) == list(LINES) and ds.attrs["step"] == 1000.0
    assert (
        main(
            [
                "--lang",
                "en",
                "marginal",
                "baseline",
                "--samples",
                "20",
                "--from",
                "2.2",
                "--step",
                "500",
            ]
        )
        == 0
    )
    text = capsys.readouterr().out
    assert "Line that gets 500 k€ more" in text and "The money comes from line 2.2." in text
    assert main(["marginal", "baseline", "--samples", "20", "--step", "-1"]) == 2
    err = capsys.readouterr().err
    assert "--step = -1" in err and "toegestaan" in err
