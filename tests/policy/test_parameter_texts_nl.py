"""Every parameter explanation exists in Dutch and English: each English text field
(``reasoning``, ``range_reasoning``, ``derivation``, ``source``) has a Dutch ``<field>_nl``
on the line after it that differs from the English, keeps every number of the English in
Dutch notation (``26.650``, ``3,5``) and has no English words left; and the loader gives
the text of the language asked for."""

from __future__ import annotations

import re
import tomllib
from dataclasses import replace

import pytest

from model.policy.parameters import (
    PARAMETER_DIR,
    TEXT_FIELDS,
    Parameter,
    ParameterError,
    load_parameters,
    parse_parameter,
)

FILES = sorted(PARAMETER_DIR.glob("*.toml"))
FIELDS = tuple(f for f in TEXT_FIELDS if f != "description")  # descriptions: test_parameters
TABLES = {path.name: tomllib.loads(path.read_text(encoding="utf-8")) for path in FILES}
TEXTS = [
    (file, name, field)
    for file, table in TABLES.items()
    for name, entry in table.items()
    for field in FIELDS
    if str(entry.get(field, "")).strip()
]

QUOTE = re.compile(r"(?<![A-Za-z])'(?=\S)(.*?)(?<=\S)'(?![A-Za-z])")
"""A quotation in single quotes (an apostrophe inside a word is not one)."""
URL = re.compile(r"https?://\S+")
NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
ENGLISH = {
    "the", "and", "which", "from", "are", "to", "by", "for", "gives", "about",
    "not", "that", "this", "its", "were", "has", "have", "than", "yr",
}  # fmt: skip
"""Words that are English and never Dutch: one left outside a quotation is untranslated
("with" is not among them: Handle with Care is a name)."""
NOT_DECIMAL = re.compile(r"(§\s?|\b(?:lines?|budget|Leefbaarometer)\s)$", re.IGNORECASE)
"""What precedes a dotted number that is a reference or a name, not a decimal (§9.2,
line 2.2, budget 2.3, Leefbaarometer 3.0)."""
LINES = {"2.2", "2.3"}
"""Budget lines without the word 'line' (the reserve on 2.2); an amount has a € before it."""


def unquoted(text: str) -> str:
    """``text`` without its quotations and addresses (the source's own words)."""
    return QUOTE.sub(" ", URL.sub(" ", text))


def english_words(text: str) -> set[str]:
    return set(re.findall(r"[a-z]+", unquoted(text).lower())) & ENGLISH


def digits(text: str) -> set[str]:
    """Every number of ``text`` as its digits (``26,650``, ``26.650`` -> ``26650``)."""
    return {re.sub(r"[.,]", "", m) for m in NUMBER.findall(text)}


def dutch_forms(english: str) -> dict[str, set[str]]:
    """Per separated number of an English text, how Dutch writes it: ``26,650`` ->
    ``26.650``, ``3.5`` -> ``3,5``. A number inside a quotation may stay as quoted, a
    reference (§9.2, line 2.1.a) and a whole number are left out."""
    quoted = {m.span(1) for m in QUOTE.finditer(english)}
    forms: dict[str, set[str]] = {}
    for m in NUMBER.finditer(english):
        token, start = m.group(0), m.start()
        if "." not in token and "," not in token:
            continue
        if token.count(".") > 1 or ("." in token and "," in token):
            continue  # 6.2.1, or a Dutch amount like 1.234,5 in a quotation
        if re.match(r"\.[a-z]", english[m.end() : m.end() + 2]):
            continue  # 2.1.a
        if NOT_DECIMAL.search(english[max(0, start - 16) : start]):
            continue
        if token in LINES and not english[max(0, start - 1) : start] == "€":
            continue
        in_quote = any(a <= start < b for a, b in quoted)
        if re.fullmatch(r"\d{1,3}(?:,\d{3})+", token):
            wanted = {token.replace(",", ".")}
        elif "." in token:
            whole, part = token.split(".")
            wanted = {f"{whole},{part}"}
            if len(part) == 3 and whole != "0":  # a Dutch thousand quoted in the English
                wanted.add(token)
        else:
            wanted = {token}  # a Dutch decimal (1,23) quoted in the English
        if in_quote:
            wanted.add(token)
        forms[token] = forms.get(token, set()) | wanted
    return forms


def test_every_file_is_read():
    assert len(FILES) == 8
    assert sum(len(t) for t in TABLES.values()) == len(load_parameters()) > 200


@pytest.mark.parametrize(("file", "name", "field"), TEXTS)
def test_every_english_text_has_a_dutch_one(file, name, field):
    """An English text without a Dutch one is allowed only when it holds no English:
    a quotation of the Dutch document or source with its citation."""
    entry = TABLES[file][name]
    dutch = str(entry.get(f"{field}_nl", ""))
    if not dutch.strip():
        assert english_words(entry[field]) == set(), f"{file} [{name}] needs {field}_nl"


def _with_dutch():
    return [(f, n, k) for f, n, k in TEXTS if str(TABLES[f][n].get(f"{k}_nl", "")).strip()]


@pytest.mark.parametrize(("file", "name", "field"), _with_dutch())
def test_the_dutch_text_is_a_translation_with_the_same_numbers(file, name, field):
    entry = TABLES[file][name]
    english, dutch = entry[field], entry[f"{field}_nl"]
    assert dutch != english
    assert digits(dutch) == digits(english), (
        f"only in English: {digits(english) - digits(dutch)}, only in Dutch: {digits(dutch) - digits(english)}"
    )
    found = set(NUMBER.findall(dutch))
    wrong = {token: forms for token, forms in dutch_forms(english).items() if not forms & found}
    assert wrong == {}, "written the English way (or missing) in Dutch"
    assert english_words(dutch) == set(), "English left in the Dutch text"


def test_each_dutch_field_follows_its_english_one():
    """Dutch fields only for English ones that exist, each on the line right after it."""
    for path in FILES:
        lines = path.read_text(encoding="utf-8").splitlines()
        for i, line in enumerate(lines):
            m = re.match(r"^(\w+)_nl\s*=", line)
            if not m or m.group(1) == "description":
                continue
            field = m.group(1)
            assert field in FIELDS, f"{path.name}:{i + 1}"
            j = i - 1
            while not re.match(rf"^{field}\s*=", lines[j]):  # back over a multi-line string
                assert not re.match(r"^\w+\s*=|^\[", lines[j]), f"{path.name}:{i + 1}"
                j -= 1


def test_the_loader_gives_each_text_in_the_language_asked_for():
    params = load_parameters()
    for name in params:
        p = params[name]
        entry = TABLES[p.file][name]
        for field in FIELDS:
            english = str(entry.get(field, ""))
            dutch = str(entry.get(f"{field}_nl", "")) or english
            if field == "source" and not english:
                continue  # built from the evidence register: language-neutral names
            assert p.text(field, "en") == english, (name, field)
            assert p.text(field, "nl") == dutch, (name, field)
    p = params["execution_capacity"]
    assert p.reasoning_in("nl") == TABLES["budget.toml"]["execution_capacity"]["reasoning_nl"]
    assert p.reasoning_in("en") == p.reasoning
    assert p.origin_in("nl") == p.reasoning_in("nl")  # an assumption: its reasoning
    source = params["citizen_initiative_cost"]
    assert source.origin_in("nl") == source.source_nl and source.origin_in("en") == source.source


def test_a_text_without_dutch_is_shown_in_english_in_both_languages():
    p = parse_parameter(
        "k", {"description": "rate", "unit": "1", "value": 0.5, "source": "§9.2: 'x'"}
    )
    assert p.source_in("nl") == p.source_in("en") == "§9.2: 'x'"


def test_a_dutch_field_must_be_text_and_an_unknown_field_is_refused():
    entry = {"description": "rate", "unit": "1", "value": 0.5, "source": "s", "source_nl": 3}
    with pytest.raises(ParameterError, match="source_nl"):
        parse_parameter("k", entry)
    with pytest.raises(ParameterError, match="allowed: description, reasoning"):
        Parameter("k", "rate", "1", 0.5, source="s").text("note", "nl")


def test_the_number_check_reads_both_notations():
    english = "26,650 k€ over about 3.5 years (§9.2, line 2.1.a); 'Ongeveer 1.500 sporters'"
    dutch = "26.650 k€ in ongeveer 3,5 jaar (§9.2, lijn 2.1.a); 'Ongeveer 1.500 sporters'"
    assert digits(english) == digits(dutch)
    forms = dutch_forms(english)
    assert forms["26,650"] == {"26.650"} and forms["3.5"] == {"3,5"}
    assert "9.2" not in forms and "2.1" not in forms and "1.500" in forms["1.500"]
    assert "2.2" not in dutch_forms("the reserve on 2.2")
    assert dutch_forms("€2.2M") == {"2.2": {"2,2"}}
    assert not {"26,650", "3.5"} <= set(NUMBER.findall(dutch))
    assert english_words("Het plan, 'the quote'") == set()
    assert english_words("Het plan of the province") == {"the"}


def test_model_numbers_do_not_depend_on_the_texts():
    """The texts are not part of the parameter set's digest (the result provenance)."""
    params = load_parameters()
    name = "execution_capacity"
    changed = type(params)({**params, name: replace(params[name], reasoning_nl="anders")})
    assert changed.digest() == params.digest()
