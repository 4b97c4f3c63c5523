"""``samenleven export FILE.mdl [SCENARIO]``: writes the Vensim model; refuses a file it
cannot write, or an XMILE name, before any work, in the language asked for."""

from __future__ import annotations

from model.cli import main
from model.engine.export import KNOWN_DIFFERENCE


def test_export_writes_the_baseline_as_a_vensim_model(tmp_path, capsys):
    out = tmp_path / "baseline.mdl"
    assert main(["export", str(out)]) == 0
    text = out.read_text(encoding="utf-8")
    assert text.startswith("{UTF-8}\n") and KNOWN_DIFFERENCE in text
    assert "scenario 'baseline'" in text and "variant 'plan'" in text
    assert "\nreserve_unallocated =\n\tINTEG(" in text
    said = capsys.readouterr().err
    assert "Vensim-model geschreven naar" in said and "Bekend verschil" in said
    assert [p.name for p in tmp_path.iterdir()] == ["baseline.mdl"]  # no temporary left


def test_export_writes_the_no_reserve_variant_of_a_scenario(tmp_path):
    out = tmp_path / "none.mdl"
    assert main(["export", str(out), "baseline", "--variant", "no_reserve"]) == 0
    assert "variant 'no_reserve'" in out.read_text(encoding="utf-8")


def test_export_refuses_xmile_with_the_reason(tmp_path, capsys):
    out = tmp_path / "model.xmile"
    assert main(["--lang", "en", "export", str(out)]) == 2
    said = capsys.readouterr().err
    assert f"FILE = '{out}': XMILE is not written" in said
    assert "allowed: a file name ending in .mdl" in said
    assert not out.exists()


def test_export_refuses_another_suffix_and_a_missing_folder_in_dutch(tmp_path, capsys):
    assert main(["export", str(tmp_path / "model.txt")]) == 2
    assert "de naam eindigt niet op .mdl" in capsys.readouterr().err
    assert main(["export", str(tmp_path / "nope" / "model.mdl")]) == 2
    assert "bestaat niet" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


def test_export_refuses_an_unknown_variant(tmp_path, capsys):
    assert main(["--lang", "en", "export", str(tmp_path / "x.mdl"), "--variant", "x"]) == 2
    assert "--variant = 'x'; allowed: plan, no_reserve" in capsys.readouterr().err
