"""A changed copy of an official scenario is called changed in every command's output
(issue 16): the summary, the netCDF attributes of `samenleven run`, the comparison."""

from __future__ import annotations

from pathlib import Path

import xarray as xr

from model import load_scenario
from model.cli import main


def _changed_copy(tmp_path: Path) -> Path:
    """jeugd_eerst's own name and title with another allocation (a disguised official)."""
    sc = load_scenario("jeugd_eerst").with_allocation({"2.1.b": 7000, "2.2": 12000})
    path = tmp_path / "jeugd_eerst.toml"
    path.write_text(sc.to_toml(), encoding="utf-8")
    return path


def test_run_marks_a_changed_official_scenario_in_its_summary_and_file(tmp_path, capsys):
    out = tmp_path / "run.nc"
    assert main(["run", str(_changed_copy(tmp_path)), "--out", str(out)]) == 0
    printed = capsys.readouterr()
    assert "jeugd_eerst_gewijzigd" in printed.out + printed.err
    with xr.open_dataset(out) as ds:
        assert ds.attrs["scenario"] == "jeugd_eerst_gewijzigd"
        assert ds.attrs["scenario_title"].endswith("(gewijzigd)")


def test_run_of_the_official_file_itself_is_not_marked(tmp_path):
    out = tmp_path / "run.nc"
    assert main(["run", "jeugd_eerst", "--out", str(out)]) == 0
    with xr.open_dataset(out) as ds:
        assert ds.attrs["scenario"] == "jeugd_eerst"
        assert "gewijzigd" not in ds.attrs["scenario_title"]


def test_english_run_marks_it_changed_in_english(tmp_path, capsys):
    out = tmp_path / "run.nc"
    assert main(["--lang", "en", "run", str(_changed_copy(tmp_path)), "--out", str(out)]) == 0
    printed = capsys.readouterr()
    assert "jeugd_eerst_changed" in printed.out + printed.err
    assert "gewijzigd" not in printed.out + printed.err


def test_compare_marks_a_changed_official_scenario(tmp_path, capsys):
    out = tmp_path / "cmp.nc"
    code = main(
        ["compare", "baseline", str(_changed_copy(tmp_path)), "--samples", "4", "--seed", "1",
         "--out", str(out)]
    )  # fmt: skip
    assert code == 0
    with xr.open_dataset(out) as ds:
        assert "jeugd_eerst_gewijzigd" in [str(s) for s in ds["scenario"].values]
