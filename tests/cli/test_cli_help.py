"""``--help`` in the run's language: ``samenleven --help`` and every ``samenleven <cmd>
--help`` in Dutch (the default) and English exit 0 and show no text of the other
language, argparse's own words ("usage:", "options") included.

The texts to look for are the ``[help]`` table of the catalogues
(``model/locales/*.toml``), not a hand list; the commands are the parser's own. A text
with fields (``{what}``) is matched as a pattern, a field standing for any words.
"""

from __future__ import annotations

import argparse
import re
import string

import pytest

from model.cli import _parser, main
from model.cli.args import HelpFormatter, Parser
from model.i18n import LANGUAGES, catalogue

OTHER = {"nl": "en", "en": "nl"}


@pytest.fixture(autouse=True)
def _wide_and_default(monkeypatch):
    """No line wrapping (argparse reads COLUMNS), so a text is one run of characters; and
    the default language is Dutch whatever the machine sets."""
    monkeypatch.setenv("COLUMNS", "2000")
    monkeypatch.delenv("SAMENLEVEN_LANG", raising=False)


def _commands() -> list[str]:
    """The subcommands as the parser has them (one built for each language: the same)."""
    found = []
    for lang in LANGUAGES:
        sub = next(a for a in _parser(lang)._actions if isinstance(a, argparse._SubParsersAction))
        found.append(sorted(sub.choices))
    assert found[0] == found[1] and len(found[0]) >= 8
    return found[0]


COMMANDS = _commands()
INVOCATIONS = [[], *([c] for c in COMMANDS)]


def _help(capsys, lang: str | None, words: list[str]) -> str:
    argv = ([] if lang is None else ["--lang", lang]) + [*words, "--help"]
    assert main(argv) == 0, argv
    out, err = capsys.readouterr()
    assert err == "", argv
    return out


def _pattern(text: str) -> re.Pattern[str]:
    """A catalogue text as a pattern on rendered help: its fields stand for any words,
    and it must stand on its own (not inside a longer word)."""
    parts = []
    for literal, field, _, _ in string.Formatter().parse(text):
        parts.append(re.escape(literal))
        if field is not None:
            parts.append(r".+?")
    return re.compile(r"(?<!\w)" + "".join(parts) + r"(?!\w)")


def _help_texts(lang: str) -> dict[str, str]:
    return {k: v for k, v in catalogue(lang).items() if k.startswith("help.")}


def _foreign(lang: str) -> dict[str, re.Pattern[str]]:
    """The other language's help texts that differ from this language's (a placeholder
    such as ``N`` or ``SET`` is the same in both)."""
    own, other = _help_texts(lang), _help_texts(OTHER[lang])
    return {k: _pattern(v) for k, v in other.items() if v != own[k]}


@pytest.mark.parametrize("words", INVOCATIONS, ids=lambda w: " ".join(w) or "samenleven")
@pytest.mark.parametrize("lang", LANGUAGES)
def test_help_shows_no_text_of_the_other_language(capsys, lang, words):
    out = _help(capsys, lang, words)
    shown = [k for k, pattern in _foreign(lang).items() if pattern.search(out)]
    assert shown == [], f"{lang}: {OTHER[lang]} texts in `samenleven {' '.join(words)} --help`"
    # argparse's own words, in the catalogue's form, start the page and name its groups
    assert out.startswith(catalogue(lang)["help.argparse.usage"] + " samenleven")
    assert f"\n{catalogue(lang)['help.argparse.options']}:\n" in out
    assert catalogue(lang)["help.argparse.help"] in out


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_help_text_is_shown_in_its_language(capsys, lang):
    """Each text of the [help] table appears on some help page of its language: a text
    that is never shown (a key the code does not use, or still English in the code) fails."""
    pages = "\n".join(_help(capsys, lang, words) for words in INVOCATIONS)
    missing = [k for k, v in _help_texts(lang).items() if not _pattern(v).search(pages)]
    assert missing == []


def test_dutch_is_the_default_and_samenleven_lang_chooses_another(capsys, monkeypatch):
    assert _help(capsys, None, ["run"]) == _help(capsys, "nl", ["run"])
    assert "gebruik: samenleven run" in _help(capsys, None, ["run"])
    monkeypatch.setenv("SAMENLEVEN_LANG", "en")
    assert _help(capsys, None, ["run"]) == _help(capsys, "en", ["run"])
    assert _help(capsys, "nl", ["run"]).startswith("gebruik:")  # --lang wins


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_help_text_with_a_percent_sign_renders(capsys, lang):
    """argparse %-formats help texts; the catalogues' ``%`` is a percent sign."""
    with_percent = {k: v for k, v in _help_texts(lang).items() if "%" in v}
    assert {"help.calibrate.monitor", "help.sensitivity.parameters"} <= set(with_percent)
    pages = {c: _help(capsys, lang, [c]) for c in ("calibrate", "sensitivity")}
    monitor = catalogue(lang)["help.calibrate.monitor"]
    assert monitor in pages["calibrate"] and "%%" not in pages["calibrate"]
    assert "5-95 %" in pages["sensitivity"] and "%%" not in pages["sensitivity"]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_option_placeholders_follow_the_language(capsys, lang):
    out = _help(capsys, lang, ["run"])
    metavar = {k.rsplit(".", 1)[1]: v for k, v in _help_texts(lang).items() if ".metavar." in k}
    for option in ("samples", "seed", "out", "scheduler", "parameters"):
        assert f"--{option} {metavar[option]}" in out


def test_the_export_file_has_one_name_in_help_and_refusal(capsys):
    """The positional's placeholder is also the name a refusal gives it."""
    for lang in LANGUAGES:
        name = catalogue(lang)["help.metavar.file"]
        assert f" {name} " in _help(capsys, lang, ["export"])
        assert main(["--lang", lang, "export"]) == 2
        assert capsys.readouterr().err.split(": ", 1)[1].startswith(f"{name} ")
        assert main(["--lang", lang, "export", "model.xmile"]) == 2
        assert f"{name} = 'model.xmile'" in capsys.readouterr().err


def test_argparse_itself_is_left_alone(capsys):
    """Building and showing a Dutch parser changes nothing in argparse for other code,
    and its refusals are still read from argparse's English (one language per message)."""
    _help(capsys, "nl", ["run"])
    plain = argparse.ArgumentParser(prog="x")
    plain.add_argument("--n", help="50 %% of it")
    text = plain.format_help()
    assert text.startswith("usage: x") and "\noptions:\n" in text and "50 % of it" in text
    assert "show this help message and exit" in text
    assert main(["run", "x.toml", "--method", "y"]) == 2
    assert "--method = 'y'; toegestaan: euler, rk4" in capsys.readouterr().err


def test_a_new_subcommand_gets_the_language_from_the_parser():
    """The mechanism a new subcommand uses: a Parser's subparsers are Parsers of its
    language, with its formatter."""
    parser = Parser(prog="samenleven", lang="en")
    cmd = parser.add_subparsers(dest="command").add_parser("x")
    assert isinstance(cmd, Parser) and cmd.lang == "en"
    assert issubclass(cmd.formatter_class, HelpFormatter) and cmd.formatter_class.lang == "en"
    assert cmd.format_help().startswith("usage: samenleven x")
