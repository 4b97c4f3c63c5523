"""The text catalogues: both languages hold the same keys with the same placeholders,
every key the code asks for exists, and a missing key or field fails clearly."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

from model.i18n import (
    LANGUAGES,
    LOCALES,
    TextError,
    catalogue,
    decimal_mark,
    has_text,
    number,
    placeholders,
    t,
)

ROOT = Path(__file__).resolve().parents[1]
SOURCES = [ROOT / "app.py", *sorted((ROOT / "model").rglob("*.py"))]
LITERAL_KEY = re.compile(r"""(?<![\w.])t\(\s*(f?)(["'])([A-Za-z0-9_.\-]+)(\{|\2)""")


def test_both_languages_have_the_same_keys():
    nl, en = set(catalogue("nl")), set(catalogue("en"))
    assert nl - en == set(), "only in nl.toml"
    assert en - nl == set(), "only in en.toml"
    assert len(nl) > 500


def test_every_text_has_the_same_placeholders_in_both_languages():
    nl, en = catalogue("nl"), catalogue("en")
    differ = {k: (placeholders(nl[k]), placeholders(en[k])) for k in nl if k in en}
    differ = {k: v for k, v in differ.items() if v[0] != v[1]}
    assert differ == {}


def test_no_placeholder_takes_a_reserved_name():
    """``t(key, lang, **fields)`` takes ``key`` and ``lang`` itself; an error's message text
    (``SamenlevenError(text, ...)``) cannot have fields named ``text`` or ``reason``."""
    errors = ("param.", "calib.", "allowed.", "reason.")
    clash = {
        k: v
        for k, v in catalogue("en").items()
        if placeholders(v) & {"key", "lang"}
        or (k.startswith(errors) and placeholders(v) & {"text", "reason"})
    }
    assert clash == {}


def test_every_text_is_filled_in():
    for lang in LANGUAGES:
        empty = [k for k, v in catalogue(lang).items() if not v.strip()]
        assert empty == [], lang


def test_the_catalogues_are_valid_toml_with_only_texts():
    for lang in LANGUAGES:
        data = tomllib.loads((LOCALES / f"{lang}.toml").read_text(encoding="utf-8"))
        assert set(data) >= {"err", "reason", "allowed", "line", "cli", "app", "report"}


def test_every_literal_key_used_in_the_code_exists():
    missing = []
    for path in SOURCES:
        for m in LITERAL_KEY.finditer(path.read_text(encoding="utf-8")):
            key = m.group(3)
            if m.group(1) or key.endswith((".", "_")):  # f-string or "a." + b: check the start
                prefix = key
                if not any(k.startswith(prefix) for k in catalogue("nl")):
                    missing.append(f"{path.name}: {prefix}…")
            elif not has_text(key) and "." in key:  # a dotted literal is a key
                missing.append(f"{path.name}: {key}")
    assert missing == []


def test_the_code_uses_the_one_lookup():
    """No second text table or lookup function is left behind."""
    old = re.compile(r"(?<![\w.])(tr|rt|_t)\(|TEXTS\b|UNITS_NL|SHEET_NOTES\s*\[.*\]\s*\[")
    found = [
        f"{p.relative_to(ROOT)}:{i}"
        for p in SOURCES
        for i, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
        if old.search(line)
    ]
    assert found == []


def test_a_missing_key_raises_a_clear_error():
    with pytest.raises(TextError, match=r"no text 'app\.nothing' in model/locales/nl\.toml"):
        t("app.nothing", "nl")
    with pytest.raises(KeyError):  # a TextError is a KeyError
        t("app.nothing", "en")


def test_a_missing_field_raises_a_clear_error():
    with pytest.raises(TextError, match=r"'app.metric.of' \(en\) needs the field 'total'"):
        t("app.metric.of", "en", n=3)


def test_language_default_and_fallback(monkeypatch):
    monkeypatch.setenv("SAMENLEVEN_LANG", "en")
    assert t("line.2.3") == "Sport and exercise"
    monkeypatch.setenv("SAMENLEVEN_LANG", "xx")
    assert t("line.2.3") == "Sport en bewegen"
    assert t("line.2.3", "fr") == "Sport en bewegen"  # an unknown language: Dutch


@pytest.mark.parametrize(
    ("value", "lang", "decimals", "expected"),
    [
        (27000, "nl", 0, "27.000"),
        (27000, "en", 0, "27,000"),
        (0.5, "nl", 1, "0,5"),
        (0.5, "en", 1, "0.5"),
        (1234567.891, "nl", 2, "1.234.567,89"),
        (1234567.891, "en", 2, "1,234,567.89"),
        (-1500, "nl", 0, "-1.500"),
        (-0.04, "nl", 1, "0,0"),
        (-0.4, "en", 0, "0"),
        (None, "nl", 0, "—"),
        (float("nan"), "en", 2, "—"),
    ],
)
def test_one_number_format_per_language(value, lang, decimals, expected):
    assert number(value, lang, decimals) == expected


def test_the_presentation_formatters_use_the_one_format():
    from model.present.formats import fmt_num, fmt_pct, fmt_signed, fmt_smart, fmt_value

    for lang in LANGUAGES:
        mark = decimal_mark(lang)
        assert fmt_num(27000, lang) == number(27000, lang)
        assert fmt_smart(0.25, lang) == f"0{mark}25"
        assert fmt_pct(0.125, lang, 1) == f"12{mark}5%"
        assert fmt_signed(-1500, lang) == "−" + number(1500, lang)
        assert fmt_value(2025.5, "yr", lang) == f"2025{mark}5"


def test_amounts_in_texts_come_from_the_budget():
    from model.policy.budget import RESERVE_TOTAL
    from model.present.formats import amounts

    nl, en = amounts("nl"), amounts("en")
    assert nl["total"] == number(RESERVE_TOTAL, "nl") == "27.000" and en["total"] == "27,000"
    assert "27.000" in t("reason.over_reserve", "nl", **nl)
    assert "{total}" in catalogue("nl")["reason.over_reserve"]
    amount = re.compile(r"\b27[.,]000\b|\b350 k€|\b27 (miljoen|million)")
    for lang in LANGUAGES:
        written = [k for k, v in catalogue(lang).items() if amount.search(v)]
        assert written == [], lang


def test_errors_share_one_base_and_speak_both_languages():
    from model import ParameterError, ScenarioError
    from model.analysis.observations import CalibrationError
    from model.analysis.uncertainty import UncertaintyError
    from model.errors import SamenlevenError
    from model.present.appstate import QueryError, UploadError
    from model.report import ReportError

    for cls in (
        ScenarioError,
        ParameterError,
        QueryError,
        UploadError,
        UncertaintyError,
        ReportError,
        CalibrationError,
    ):
        assert issubclass(cls, SamenlevenError) and issubclass(cls, ValueError), cls
    err = ScenarioError(
        file="x.toml",
        field="levers.allocation",
        value=30000.0,
        reason="over_reserve",
        allowed="allowed.total",
    )
    assert err.field == "levers.allocation" and err.value == 30000.0
    assert err.message("nl") == (
        "x.toml: levers.allocation = 30000.0: de lijnen samen zijn meer dan de reserve van "
        "27.000 k€; toegestaan: samen hoogstens 27.000 k€"
    )
    assert err.message("en").endswith(
        "exceed the reserve of 27,000 k€; allowed: together at most 27,000 k€"
    )
    bad = UncertaintyError(field="--n", value=3, allowed="a power of 2")
    assert str(bad) == "--n = 3; allowed: a power of 2"
    assert bad.message("nl") == str(bad)  # plain English text: never half Dutch, half English
    seed = UncertaintyError(field="seed", value=-1, allowed="allowed.whole_number", minimum=0)
    assert str(seed) == "seed = -1; allowed: a whole number of at least 0"
    assert seed.message("nl") == "seed = -1; toegestaan: een geheel getal van minstens 0"
    fmt = ReportError(
        field="--format",
        value="docx",
        reason="report.err.format",
        allowed="allowed.options",
        options="pdf, html",
    )
    assert fmt.message("nl") == "--format = 'docx': onbekend formaat; toegestaan: pdf, html"
    assert (
        QueryError("nb", "x", "app.url.allowed_number").message("nl")
        == "nb = 'x': verwacht een getal"
    )


def test_a_report_error_follows_the_language():
    from model.report import ReportError

    err = ReportError(
        field="--format",
        value="pdf",
        reason="report.err.charts",
        allowed="allowed.pdf_formats",
        detail="no browser",
    )
    nl, en = err.message("nl"), err.message("en")
    assert "konden niet als afbeelding" in nl and "toegestaan: pdf (met Chromium)" in nl
    assert "could not be exported" in en and "allowed: pdf (with Chromium)" in en
    assert str(err) == en and "no browser" in nl
