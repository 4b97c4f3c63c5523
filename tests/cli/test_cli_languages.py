"""One language per run: every error path of the command line, driven with ``--lang nl``
and ``--lang en``, answers in that language only (exit status 2, no traceback).

A message is judged by marker words: words only Dutch messages use, and words only
English ones use. What the user typed (paths, values, names) is taken out first, so
that a file called ``not_here.toml`` does not count as English.
"""

from __future__ import annotations

import re

import pytest

from model.cli import main
from model.policy.scenarios import SCENARIO_DIR

BASELINE = str(SCENARIO_DIR / "baseline.toml")

DUTCH = {
    "toegestaan", "ontbreekt", "bestaat", "niet", "geen", "een", "kan", "onbekend",
    "onbekende", "ongeldig", "ongeldige", "fout", "map", "mag", "waarde", "opdracht",
    "toont", "alle", "opties", "minstens", "hoogstens", "geheel", "getal", "deze", "vrij",
    "geheugen", "bestand", "gelezen", "worden", "wordt", "aanname", "het", "de", "van",
    "zijn", "dat", "voor", "met", "naam", "eindigt", "op", "tot", "en", "waarin", "schrijven",
    "kleinere", "indicatoren", "basisscenario", "geldig", "moet", "ligt",
    "tussen", "bedrag", "eindig", "datum", "tekst", "lijnen", "samen",
}  # fmt: skip
"""Words of the Dutch messages that English ones never use."""

ENGLISH = {
    "allowed", "missing", "exist", "exists", "not", "no", "cannot", "invalid", "unknown",
    "error", "folder", "the", "and", "needs", "value", "lists", "every", "option", "whole",
    "number", "least", "most", "file", "read", "assumption", "must", "expected", "argument",
    "arguments", "required", "choose", "from", "are", "be", "may", "write", "there",
    "machine", "memory", "free", "smaller", "ending", "name", "does", "end", "in", "of",
    "a", "an", "to", "valid", "between", "amount", "finite", "date", "text", "lines",
    "together", "base", "could", "written", "system",
}  # fmt: skip
"""Words of the English messages that Dutch ones never use, with a few (``in``, ``of``,
``a``) that are Dutch words too: those show a message is English, never that it is not
Dutch (:data:`ENGLISH_ONLY`)."""

ENGLISH_ONLY = ENGLISH - {"in", "of", "a"}
"""English markers that are no Dutch words."""

WORD = re.compile(r"[A-Za-zÀ-ÿ]+")


def _words(text: str, typed: list[str]) -> list[str]:
    for value in sorted(typed, key=len, reverse=True):
        text = text.replace(value, " ")
    text = re.sub(r"--[a-z][a-z-]*", " ", text)  # option names are the same in both
    text = re.sub(r"datetime\.\w+\([^)]*\)", " ", text)  # a value's repr
    text = re.sub(r"\b[a-z]+(?:_[a-z0-9]+)+\b", " ", text)  # ids: no_reserve, poverty_…
    return [w.lower() for w in WORD.findall(text)]


def _files(tmp_path):
    files = {
        "bad_value.toml": '[levers.allocation]\n"2.1.a" = -5\n',
        "nan.toml": '[levers.allocation]\n"2.1.a" = nan\n',
        "syntax.toml": "[levers\nx = = 1\n",
        "unknown_assumption.toml": "[assumptions]\nno_such_parameter = 1.0\n",
        "out_of_range.toml": "[assumptions]\ngbt_national_contribution = 99.0\n",
        "unknown_extends.toml": '[scenario]\nextends = "no_such_scenario"\n',
        "unknown_field.toml": "[levers]\nno_such_lever = 1\n",
        "bad_date.toml": "[levers]\ndecision_date = 2031-01-01\n",
    }
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    (tmp_path / "folder").mkdir()
    (tmp_path / "latin1.toml").write_bytes(b'[scenario]\ntitle = "caf\xe9"\n')
    return tmp_path


PARSER = "parser messages are localised on branch hostile_input"
"""Dutch messages that still hold English from the scenario parser
(model/policy/scenarios.py: TOML syntax, unreadable files, assumption ranges), which
branch hostile_input localises: expected to fail in Dutch until it is merged."""
TOMLLIB = "tomllib's own (English) detail in a calibrated set's TOML error (model/analysis/calibration.py)"
"""A calibrated set that is not valid TOML: the message quotes tomllib's English text."""

CASES = [
    # argparse's own complaints
    ("unknown command", ["frob"]),
    ("scenario missing", ["run"]),
    ("invalid choice", ["run", BASELINE, "--method", "x"]),
    ("option without its value", ["run", BASELINE, "--samples"]),
    ("unknown option", ["run", BASELINE, "--bogus", "3"]),
    ("samples not a number", ["run", BASELINE, "--samples", "x"]),
    ("zero samples", ["run", BASELINE, "--samples", "0"]),
    ("a flag given a value", ["sensitivity", BASELINE, "--groups=3"]),
    ("report without --out", ["report", BASELINE]),
    ("n not a number", ["sensitivity", BASELINE, "--n", "x"]),
    ("year not a number", ["sensitivity", BASELINE, "--year", "20x"]),
    ("scenarios missing", ["compare"]),
    # scenario files
    ("negative amount", ["validate", "{tmp}/bad_value.toml"]),
    ("NaN amount", ["validate", "{tmp}/nan.toml"]),
    ("unknown lever", ["validate", "{tmp}/unknown_field.toml"]),
    ("date out of range", ["validate", "{tmp}/bad_date.toml"]),
    ("unknown assumption", ["validate", "{tmp}/unknown_assumption.toml"]),
    ("assumption out of range", ["validate", "{tmp}/out_of_range.toml"]),
    ("unknown base scenario", ["validate", "{tmp}/unknown_extends.toml"]),
    ("bad TOML", ["validate", "{tmp}/syntax.toml"]),
    ("file missing", ["validate", "{tmp}/not_here.toml"]),
    ("file is a folder", ["validate", "{tmp}/folder"]),
    ("file not UTF-8", ["validate", "{tmp}/latin1.toml"]),
    ("scenario of run missing", ["run", "{tmp}/not_here.toml"]),
    # --out, checked before anything runs
    ("--out in a missing folder", ["run", BASELINE, "--out", "{tmp}/nope/x.nc"]),
    ("--out is a folder", ["run", BASELINE, "--out", "{tmp}"]),
    ("--out with another suffix", ["run", BASELINE, "--out", "{tmp}/x.csv"]),
    ("--out unwritable", ["run", BASELINE, "--out", "/sys/x.nc"]),
    ("compare --out is a folder", ["compare", BASELINE, "--out", "{tmp}"]),
    ("sensitivity --out missing folder", ["sensitivity", BASELINE, "--out", "{tmp}/nope/s.nc"]),
    ("discover --out is a folder", ["discover", BASELINE, "--indicator", "x", "--out", "{tmp}"]),
    ("calibrate --out is a folder", ["calibrate", "--out", "{tmp}/folder"]),
    ("calibrate --out not .toml", ["calibrate", "--out", "{tmp}/x.nc"]),
    ("report format unknown", ["report", BASELINE, "--format", "docx", "--out", "{tmp}/r.docx"]),
    ("report without a suffix", ["report", BASELINE, "--out", "{tmp}/rapport"]),
    ("report --out missing folder", ["report", BASELINE, "--out", "{tmp}/nope/r.pdf"]),
    # sizes and seeds
    ("too many samples", ["run", BASELINE, "--samples", "1000000000"]),
    ("too many samples, all detail", ["run", BASELINE, "--samples", "100000", "--detail", "all"]),
    ("too many compared samples", ["compare", BASELINE, BASELINE, "--samples", "1000000000"]),
    ("too many discovery samples", ["discover", BASELINE, "--indicator", "x", "--samples", "1000000000"]),
    ("too many calibration samples", ["calibrate", "--samples", "1000000000", "--out", "{tmp}/c.toml"]),
    ("Sobol n too large", ["sensitivity", BASELINE, "--n", str(2**30)]),
    ("Morris n too large", ["sensitivity", BASELINE, "--method", "morris", "--n", str(10**9)]),
    ("report samples too many", ["report", BASELINE, "--samples", "1000000000", "--out", "{tmp}/r.pdf"]),
    ("seed too large", ["run", BASELINE, "--seed", str(2**70)]),
    ("seed negative", ["compare", BASELINE, "--seed", "-1"]),
    ("seed not a number", ["sensitivity", BASELINE, "--seed", "x"]),
    # analysis requests
    ("unknown indicator", ["sensitivity", BASELINE, "--indicator", "no_such_indicator"]),
    ("Sobol n not a power of 2", ["sensitivity", BASELINE, "--n", "100"]),
    ("Morris too few trajectories", ["sensitivity", BASELINE, "--method", "morris", "--n", "3"]),
    ("year out of range", ["sensitivity", BASELINE, "--year", "2035"]),
    ("report Sobol n not a power of 2", ["report", BASELINE, "--sobol-n", "100", "--out", "{tmp}/r.pdf"]),
    ("unknown parameter set", ["run", BASELINE, "--parameters", "no_such_set"]),
    ("parameter set is a folder", ["run", BASELINE, "--parameters", "{tmp}/folder"]),
    ("parameter set not TOML", ["run", BASELINE, "--parameters", "{tmp}/syntax.toml"]),
    ("discover unknown indicator", ["discover", BASELINE, "--indicator", "no_such_indicator"]),
    ("too few calibration samples", ["calibrate", "--samples", "5", "--out", "{tmp}/c.toml"]),
]  # fmt: skip


def _params():
    for case, argv, *known in CASES:  # known: why the Dutch message is not Dutch yet
        for lang in ("nl", "en"):
            marks = (
                [pytest.mark.xfail(strict=False, reason=known[0])] if known and lang == "nl" else []
            )
            yield pytest.param(case, argv, lang, id=f"{case}-{lang}", marks=marks)


@pytest.mark.parametrize(("case", "argv", "lang"), list(_params()))
def test_every_error_is_in_the_language_asked_for(tmp_path, capsys, monkeypatch, lang, case, argv):
    def no_run(*args, **kwargs):
        raise AssertionError(f"{case}: the request was run instead of refused")

    # the checks before the work run; the work itself is refused
    for name in ("model.cli.ensemble", "model.cli.simulate"):
        monkeypatch.setattr(name, no_run)
    for name in ("compare", "sobol", "morris", "discover"):
        monkeypatch.setattr(f"model.cli.uncertainty.{name}", no_run)
    monkeypatch.setattr("model.analysis.calibration.fit_posterior", no_run)
    monkeypatch.setattr("model.report.compute", no_run)
    folder = _files(tmp_path)
    args = [a.replace("{tmp}", str(folder)) for a in argv]
    assert main(["--lang", lang, *args]) == 2, case
    captured = capsys.readouterr()
    message = captured.err + captured.out
    assert "Traceback" not in message
    typed = [str(folder), *args[1:], BASELINE]
    words = _words(message, typed)
    other, own = (ENGLISH_ONLY, DUTCH) if lang == "nl" else (DUTCH - ENGLISH, ENGLISH)
    foreign = sorted(set(words) & other)
    assert not foreign, f"{case} ({lang}): {foreign} in {message!r}"
    assert set(words) & own, f"{case} ({lang}): no {lang} word in {message!r}"


def test_the_markers_tell_the_languages_apart():
    """The markers themselves: a Dutch text is found Dutch, an English one English."""
    from model.i18n import t

    nl = _words(t("err.value", "nl", field="x", value=1, reason="r", allowed="y"), [])
    en = _words(t("err.value", "en", field="x", value=1, reason="r", allowed="y"), [])
    assert set(nl) & DUTCH and not set(nl) & ENGLISH_ONLY
    assert set(en) & ENGLISH and not set(en) & (DUTCH - ENGLISH)
    # what main printed before: a Dutch frame around the system's English
    mixed = _words("Fout: x.toml: kan niet gelezen worden (No such file or directory)", ["x.toml"])
    assert set(mixed) & ENGLISH_ONLY == {"no", "file"}
    mixed = _words("samenleven run: error: argument --samples: expected one argument", [])
    assert {"error", "expected", "argument"} <= set(mixed) and not set(mixed) & DUTCH
