"""``samenleven voi``: the value of information in a table and in plain words (Dutch by
default, English with --lang en), the file written atomically and checked first, bad input
refused with exit status 2 and a message naming the field."""

from __future__ import annotations

import numpy as np
import pytest

from model import read_netcdf
from model.cli import main


def test_voi_prints_the_ranking_in_plain_dutch_and_writes_the_file(tmp_path, capsys):
    out = tmp_path / "voi.nc"
    args = ["voi", "baseline", "armoede_eerst", "--samples", "200", "--seed", "3"]
    assert main([*args, "--out", str(out)]) == 0
    printed = capsys.readouterr()
    text = printed.out
    assert "Waarde van informatie: keuze tussen 2 opties (200 trekkingen, seed 3)" in text
    assert "EVPI (alles weten):" in text and "procentpunt" in text
    assert "Uitvoeringscapaciteit" in text and "Rijksbijdrage GBT" in text
    # execution capacity decides between these two (tests/analysis/test_voi.py);
    # autonomous trends act on outcomes only: "changes no decision"
    assert "Weten hoeveel de uitvoerders per jaar aankunnen is " in text
    assert "Meer onderzoek naar" in text and "autonome trends" in text
    assert "verandert geen besluit" in text
    assert str(out) in printed.err
    ds = read_netcdf(out)
    assert ds.attrs["samples"] == 200 and ds.attrs["seed"] == 3
    assert ds.attrs["objective"] == "attainment" and "Strong" in ds.attrs["estimator"]
    assert set(ds["group"].values) >= {"gbt_national", "cofinancing", "unit_costs", "execution"}
    assert np.all(ds["evppi"].values <= float(ds["evpi"]) + 1e-12)
    assert [str(d) for d in ds["decision"].values] == ["baseline", "armoede_eerst"]
    # the same seed gives the same numbers
    again = tmp_path / "again.nc"
    assert main([*args, "--out", str(again), "--group", "execution"]) == 0
    np.testing.assert_array_equal(read_netcdf(again)["net_benefit"], ds["net_benefit"])
    assert float(read_netcdf(again)["evppi"].sel(group="execution")) == float(
        ds["evppi"].sel(group="execution")
    )


def test_voi_in_english_with_the_targets_objective(capsys):
    args = ["--lang", "en", "voi", "baseline", "jeugd_eerst", "--samples", "60"]
    assert main([*args, "--objective", "targets", "--group", "gbt_national"]) == 0
    text = capsys.readouterr().out
    assert "Value of information: a choice between 2 options (60 samples, seed 0)" in text
    assert "National GBT contribution" in text and "targets" in text
    assert "Waarde" not in text


def test_one_scenario_says_there_is_nothing_to_choose(tmp_path, capsys):
    out = tmp_path / "one.nc"
    args = ["voi", "baseline", "--samples", "20", "--group", "delays", "--out", str(out)]
    assert main(args) == 0
    assert "Met één scenario is er niets te kiezen" in capsys.readouterr().out
    assert float(read_netcdf(out)["evpi"]) == 0.0


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["baseline", "jeugd_eerst", "--samples", "1"], "--samples = 1"),
        (["baseline", "jeugd_eerst", "--group", "rijks"], "--group = 'rijks'"),
        (["baseline", "jeugd_eerst", "--objective", "geluk"], "--objective = 'geluk'"),
        (["baseline", "jeugd_eerst", "--seed", "-1"], "--seed"),
        (["baseline", "geen_rijksbijdrage_gbt", "--samples", "10"], "toekomst, geen keuze"),
        (["baseline", "geen_scenario", "--samples", "10"], "geen_scenario"),
        (["baseline", "jeugd_eerst", "--out", "x.csv"], "--out = 'x.csv'"),
    ],
)
def test_bad_input_exits_2_naming_the_field(args, says, capsys):
    assert main(["voi", *args]) == 2
    err = capsys.readouterr().err
    assert says in err and "Traceback" not in err


def test_a_future_among_the_options_is_refused_in_english_too(capsys):
    args = ["--lang", "en", "voi", "baseline", "geen_rijksbijdrage_gbt", "--samples", "10"]
    assert main(args) == 2
    err = capsys.readouterr().err
    assert "a future, not a choice" in err and "allowed: scenarios that differ only" in err
    assert "toekomst" not in err


def test_out_is_checked_before_anything_runs(tmp_path, capsys, monkeypatch):
    """A folder that does not exist is refused before a single model run."""
    import model.cli.voi as cli_voi

    def never(*args, **kwargs):
        raise AssertionError("ran the model before checking --out")

    monkeypatch.setattr(cli_voi, "value_of_information", never)
    missing = tmp_path / "no_such_folder" / "v.nc"
    assert main(["voi", "baseline", "jeugd_eerst", "--out", str(missing)]) == 2
    assert "bestaat niet" in capsys.readouterr().err
    assert not missing.parent.exists()
