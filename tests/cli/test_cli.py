"""The command line: runs write a Dataset that reads back identical; bad input exits
non-zero with the message and no traceback."""

import subprocess
import sys
from pathlib import Path

import pytest
import xarray as xr

from model import read_netcdf
from model.cli import main
from model.policy.scenarios import SCENARIO_DIR

BASELINE = str(SCENARIO_DIR / "baseline.toml")


def test_run_writes_a_dataset_that_reads_back_identical(tmp_path, capsys):
    out = tmp_path / "x.nc"
    assert main(["run", BASELINE, "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "Verdeling van de reserve" in printed and "Armoede en laaggeletterdheid" in printed
    assert "27.000" in printed  # Dutch by default: 27.000 (as in the app and the report)
    back = read_netcdf(out)
    with xr.open_dataset(out, engine="h5netcdf") as lazy:
        xr.testing.assert_identical(lazy.load(), back)
    for name, var in back.variables.items():
        if name in back.dims and name != "sample":
            continue
        assert var.attrs.get("units"), f"{name} has no units"
    for name in ("reserve_released", "reserve_spent", "cofinancing_received", "reserve_remaining"):
        assert back[name].dims == ("variant", "sample", "budget_year")
        assert back[name].attrs["units"] == "k€"
    spent = back["reserve_spent"].cumsum("budget_year")
    assert ((spent + back["reserve_remaining"]) - 27_000).__abs__().max() < 1e-6
    assert back.attrs["scenario"] == "baseline" and back.attrs["samples"] == 1
    assert back.attrs["parameter_hash"]


def test_round_trip_is_identical_to_the_run(tmp_path):
    from model import load_scenario, simulate, write_netcdf

    ds = simulate(load_scenario("baseline"), samples=5, seed=2)
    write_netcdf(ds, tmp_path / "r.nc")
    xr.testing.assert_identical(read_netcdf(tmp_path / "r.nc"), ds)


def test_ensemble_run_is_seeded(tmp_path, capsys):
    a, b = tmp_path / "a.nc", tmp_path / "b.nc"
    assert main(["run", BASELINE, "--samples", "50", "--seed", "4", "--out", str(a)]) == 0
    assert main(["run", BASELINE, "--samples", "50", "--seed", "4", "--out", str(b)]) == 0
    assert "90%" in capsys.readouterr().out
    xr.testing.assert_equal(
        read_netcdf(a)[["reserve_remaining"]], read_netcdf(b)[["reserve_remaining"]]
    )


def test_validate_accepts_a_good_file(capsys):
    assert main(["validate", BASELINE]) == 0
    assert "geldig scenario 'baseline'" in capsys.readouterr().out


def test_validate_rejects_a_bad_file_with_the_message(tmp_path, capsys):
    path = tmp_path / "bad.toml"
    path.write_text('[levers.allocation]\n"2.1.a" = -5\n', encoding="utf-8")
    assert main(["validate", str(path)]) == 2
    err = capsys.readouterr().err
    assert 'levers.allocation."2.1.a" = -5' in err and "toegestaan" in err
    assert main(["--lang", "en", "validate", str(path)]) == 2
    assert "allowed: a number ≥ 0 in k€" in capsys.readouterr().err


def test_run_refuses_to_write_into_a_missing_folder_and_leaves_nothing(tmp_path, capsys):
    out = tmp_path / "nope" / "x.nc"
    assert main(["run", BASELINE, "--out", str(out)]) == 2
    assert "bestaat niet" in capsys.readouterr().err  # Dutch by default, as every message
    assert not out.exists()


@pytest.mark.parametrize(
    "args, expected",
    [
        (["run", "bad.toml"], 'levers.allocation."2.1.a" = nan'),
        (["validate", "bad.toml"], "geen eindig getal"),
        (["run", "missing.toml"], "kan niet gelezen worden"),
        (
            ["run", "bad.toml", "--samples", "0"],
            "--samples = 0; toegestaan: een geheel getal van minstens 1",
        ),
    ],
)
def test_python_dash_m_model_exits_non_zero_without_traceback(tmp_path, args, expected):
    (tmp_path / "bad.toml").write_text('[levers.allocation]\n"2.1.a" = nan\n', encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-m", "model", *args],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(Path(__file__).resolve().parents[2]), "PATH": "/usr/bin:/bin"},
        timeout=120,
    )
    assert proc.returncode == 2
    assert expected in proc.stderr
    assert "Traceback" not in proc.stderr + proc.stdout


def test_calibrate_writes_a_set_that_runs_can_name(tmp_path, capsys):
    out = tmp_path / "mine.toml"
    assert main(["calibrate", "--out", str(out), "--samples", "200"]) == 0
    assert out.exists() and out.with_suffix(".nc").exists()
    assert "Fit report" in capsys.readouterr().out
    nc = tmp_path / "run.nc"
    assert main(["run", BASELINE, "--parameters", str(out), "--out", str(nc)]) == 0
    assert read_netcdf(nc).attrs["parameter_set"] == "mine"
    assert (
        main(["run", BASELINE, "--parameters", "document", "--samples", "20", "--out", str(nc)])
        == 0
    )
    assert read_netcdf(nc).attrs["parameter_set"] == "document"


def test_bad_calibration_input_exits_2_with_the_message(tmp_path, capsys):
    assert main(["run", BASELINE, "--parameters", "no_such_set"]) == 2
    assert "no_such_set" in capsys.readouterr().err
    assert main(["calibrate", "--out", str(tmp_path / "x.nc")]) == 2
    assert "toegestaan: een pad dat eindigt op .toml" in capsys.readouterr().err  # Dutch by default
    assert main(["--lang", "en", "calibrate", "--out", str(tmp_path / "x.nc")]) == 2
    assert "allowed: a path ending in .toml" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("nl", ("Realisme van het plan",
                "Van de 4 doelen waarvan de kostprijs een openbare bron heeft, is de begroting bij 0 realistisch, bij 1 krap",
                "Samenwerkingen met sociale fondsen: het plan gaat uit van ca. 59 k€ per samenwerking",
                "Gestarte trajecten Stevig Ouderschap: het plan vraagt ca. 1,5 k€ per traject",
                "(1,5–2,5). Dat lukt alleen als de kosten aan de lage kant van die bandbreedte uitvallen: krap begroot",
                "ca. 765 van de 800", "16 doelen zijn afgeleid uit het plan zelf")),
        ("en", ("Realism of the plan",
                "Of the 4 goals whose unit cost has a public source, the budget is realistic for 0, tight for 1",
                "Partnerships with social funds: the plan assumes about 59 k€ per partnership",
                "Stevig Ouderschap trajectories started: the plan needs about 1.5 k€ per trajectory",
                "(1.5–2.5). That works only if costs turn out at the low end of that range: tightly budgeted",
                "about 765 of the 800", "16 goals are derived from the plan itself")),
    ],
)  # fmt: skip
def test_run_says_how_realistic_the_plan_is(capsys, lang, expected):
    assert main(["--lang", lang, "run", BASELINE]) == 0
    out = capsys.readouterr().out
    section = out[out.index(expected[0]) :]
    for text in expected[1:]:
        assert text in section, text
    # the targets the evidence says the split will not buy come first
    assert section.index(expected[2]) < section.index(expected[3])


@pytest.mark.parametrize(
    ("lang", "columns", "trend"),
    [
        ("nl", ("plan 2030", "zonder 2030"), "(ook zonder reserve: ja; dat deel is de trend)"),
        (
            "en",
            ("plan 2030", "none 2030"),
            "(without the reserve too: yes; that part is the trend)",
        ),
    ],
)
def test_run_reads_outcomes_at_2030_and_splits_off_the_trend(capsys, lang, columns, trend):
    assert main(["--lang", lang, "run", BASELINE]) == 0
    out = capsys.readouterr().out
    assert all(c in out for c in columns)
    # an outcome the trend improves without the reserve says so; one it does not, does not
    assert trend in out
    lines = out.splitlines()
    verdicts = [line for line in lines if ("eind 2030" in line or "end of 2030" in line)]
    assert verdicts and any(trend not in v for v in verdicts)


def test_runs_draw_from_the_calibrated_set_unless_told_the_priors(tmp_path, capsys):
    nc = tmp_path / "d.nc"
    assert main(["run", BASELINE, "--samples", "20", "--out", str(nc)]) == 0
    assert "Onzekerheid uit de gekalibreerde parameterset 'public'" in capsys.readouterr().err
    assert read_netcdf(nc).attrs["parameter_set"] == "public"
    args = ["run", BASELINE, "--samples", "20", "--parameters", "priors", "--out", str(nc)]
    assert main(["--lang", "en", *args]) == 0
    assert "Uncertainty from the priors" in capsys.readouterr().err
    assert read_netcdf(nc).attrs["parameter_set"] == "priors"
    assert main(["compare", BASELINE, "--samples", "10", "--out", str(nc)]) == 0
    assert read_netcdf(nc).attrs["parameter_set"] == "public"
    assert (
        main(["compare", BASELINE, "--samples", "10", "--parameters", "priors", "--out", str(nc)])
        == 0
    )
    assert read_netcdf(nc).attrs["parameter_set"] == "priors"
