"""The command line on hostile scenario files: exit status 2 and the message in the language
asked for, never a traceback (issue 16: nested lists, a date-time, a byte-order mark, an
``extends`` path and an ``extends`` loop)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

import model.policy.scenarios as scenarios
from model.cli import main
from model.policy.scenarios import SCENARIO_DIR

ROOT = Path(__file__).resolve().parents[2]
BOM = b"\xef\xbb\xbf"

FILES = {
    "nested": b"[levers]\nneighbourhood_share = " + b"[" * 500 + b"]" * 500 + b"\n",
    "datetime": b"[levers]\ndecision_date = 2024-06-28T10:00:00\n",
    "bom_and_a_bad_value": BOM + b'[levers.allocation]\n"2.1.a" = -5\n',
    "extends_path": b'[scenario]\nextends = "../../../root/.rustup/settings"\n',
    "extends_absolute": b'[scenario]\nextends = "/etc/hosts"\n',
}
# per file: a Dutch and an English part of its message
WORDS = {
    "nested": ("niveaus diep genest", "levels deep"),
    "datetime": ("een datum met een tijd", "a date with a time"),
    "bom_and_a_bad_value": ("kan niet negatief zijn", "cannot be negative"),
    "extends_path": (
        "geen scenario in de map scenarios/",
        "not a scenario in the scenarios/ folder",
    ),
    "extends_absolute": (
        "geen scenario in de map scenarios/",
        "not a scenario in the scenarios/ folder",
    ),
}


def validate(path: Path, lang: str, capsys) -> tuple[int, str]:
    status = main(["--lang", lang, "validate", str(path)])
    captured = capsys.readouterr()
    return status, captured.err + captured.out


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("case", sorted(FILES))
def test_hostile_files_exit_2_with_the_message_in_the_language(
    tmp_path: Path, capsys, case: str, lang: str
) -> None:
    path = tmp_path / f"{case}.toml"
    path.write_bytes(FILES[case])
    status, printed = validate(path, lang, capsys)
    assert status == 2, printed
    nl, en = WORDS[case]
    if lang == "nl":
        assert printed.startswith("Fout: ") and nl in printed and "toegestaan" in printed
        assert en not in printed and "allowed" not in printed
    else:
        assert printed.startswith("Error: ") and en in printed and "allowed" in printed
        assert nl not in printed and "toegestaan" not in printed
    assert "Traceback" not in printed and "/root" not in printed


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_a_byte_order_mark_alone_is_no_problem(tmp_path: Path, capsys, lang: str) -> None:
    path = tmp_path / "armoede.toml"
    path.write_bytes(BOM + (SCENARIO_DIR / "armoede_eerst.toml").read_bytes())
    status, printed = validate(path, lang, capsys)
    assert status == 0, printed
    assert (
        "geldig scenario 'armoede_eerst'" if lang == "nl" else "valid scenario 'armoede_eerst'"
    ) in printed


@pytest.mark.parametrize(("lang", "words"), [("nl", "in een kring"), ("en", "in a cycle")])
def test_an_extends_loop_exits_2(
    tmp_path: Path, capsys, monkeypatch, lang: str, words: str
) -> None:
    """Two scenarios of the folder that extend each other; the command line reads them
    from its scenarios folder (here a copy)."""
    folder = tmp_path / "scenarios"
    folder.mkdir()
    (folder / "baseline.toml").write_bytes((SCENARIO_DIR / "baseline.toml").read_bytes())
    (folder / "a.toml").write_text('[scenario]\nname = "a"\nextends = "b"\n', encoding="utf-8")
    (folder / "b.toml").write_text('[scenario]\nname = "b"\nextends = "a"\n', encoding="utf-8")
    monkeypatch.setattr(scenarios, "SCENARIO_DIR", folder)
    mine = tmp_path / "mine.toml"
    mine.write_text('[scenario]\nextends = "a"\n', encoding="utf-8")
    status, printed = validate(mine, lang, capsys)
    assert status == 2, printed
    assert words in printed and "mine.toml → a → b → a" in printed
    assert str(tmp_path) not in printed  # the base is named scenarios/b.toml, not by its path
    status, printed = validate(folder / "a.toml", lang, capsys)  # by the command line's own file
    assert status == 2 and words in printed, printed


def test_a_file_that_extends_itself_by_path_exits_2(tmp_path: Path, capsys) -> None:
    """The loop of the issue: ``extends`` walked out of scenarios/ back to the file itself."""
    path = tmp_path / "self.toml"
    up = os.path.relpath(tmp_path, SCENARIO_DIR)
    path.write_text(f'[scenario]\nextends = "{up}/self"\n', encoding="utf-8")
    status, printed = validate(path, "en", capsys)
    assert status == 2 and "not a scenario in the scenarios/ folder" in printed, printed
    assert "'…/self'" in printed


@pytest.mark.parametrize(("lang", "word"), [("nl", "genest"), ("en", "nested")])
def test_no_traceback_in_a_real_process(tmp_path: Path, lang: str, word: str) -> None:
    """``python -m model`` in a process of its own: the RecursionError of the issue is gone."""
    path = tmp_path / "nested.toml"
    path.write_bytes(FILES["nested"])
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-m", "model", "--lang", lang, "run", str(path)],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=120,
    )
    assert done.returncode == 2, done.stderr
    assert word in done.stderr and "Traceback" not in done.stderr
