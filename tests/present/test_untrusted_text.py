"""Text from links and uploads stays text (model.present.texts, charts, downloads), and a
changed copy of an official scenario is called changed.

Markdown is checked on its source: what Streamlit's renderer would turn into a link, an
image, HTML, a heading or a directive must arrive with a backslash in front of it.
"""

from __future__ import annotations

import io
import re
from dataclasses import replace

import openpyxl
import pandas as pd
import pytest

from model import load_scenario
from model.present import charts as C
from model.present import downloads as D
from model.present import reduce as W
from model.present.appstate import scenario_from_query, scenario_to_query
from model.present.texts import (
    WORD_JOINER,
    marked,
    marked_title,
    official_scenarios,
    official_twin,
    plain_html,
    plain_markdown,
    safe_file_stem,
)

HOSTILE = {
    "image": "![x](http://example.org/x.png)",
    "link": "[Officieel: klik hier](https://evil.example)",
    "html": '<script>alert(1)</script><img src=x onerror="alert(2)">',
    "autolink": "zie https://evil.example of www.evil.example of iemand@evil.example",
    "angle": "<https://evil.example>",
    "reference": "[klik][1] en [1]: https://evil.example",
    "directive": ":red[alarm] :material/warning: :smile:",
    "emphasis": "**vet** __ook__ *schuin* _dit_ ~~weg~~",
    "code": "`code` en $x^2$",
    "heading": "# Kop",
    "list": "- punt",
    "ordered": "1. eerste",
    "quote": "> citaat",
    "newlines": "eerste regel\n\n# tweede\n- derde",
    "entity": "&lt;script&gt; &#60;",
    "table": "a | b",
    "backslash": "\\[niet ontsnapt]\\",
}

UNESCAPED = {
    "link or image": r"(?<!\\)\]\(",
    "link start": r"(?<!\\)\[",
    "html": r"(?<!\\)<",
    "autolink": r"(?i)://|www\.|\w@",
    "www": r"(?i)www(?!\\)\.",
    "mail": r"(?<!\\)@",
    "directive": r"(?<!\\):[a-z]",
    "emphasis": r"(?<!\\)[*~`$]",
    "underscore emphasis": r"(?<![\\A-Za-z0-9])_|(?<!\\)_(?![A-Za-z0-9])",
    "heading, list, quote at the start": r"^(#|-|\d+\.|>)",
    "entity": r"(?<!\\)&",
    "table": r"(?<!\\)\|",
}


@pytest.mark.parametrize("kind", list(HOSTILE))
def test_markdown_syntax_from_a_title_arrives_escaped(kind: str) -> None:
    text = plain_markdown(HOSTILE[kind])
    assert "\n" not in text  # one line: no block structure
    for what, pattern in UNESCAPED.items():
        assert not re.search(pattern, text), (what, text)
    # nothing is lost: without the escapes it is the same text (whitespace on one line)
    assert re.sub(r"\\(.)", r"\1", text.replace(WORD_JOINER, "")) == " ".join(HOSTILE[kind].split())


def test_ordinary_titles_and_file_names_read_unchanged() -> None:
    for text in (
        "Jeugd eerst",
        "Basis (§9.2)",
        "Jeugd eerst (geüpload)",
        "mijn_scenario.toml",
        "27.000 k€; toegestaan: samen hoogstens 27.000 k€",
        "x.toml: scenario.name = 1: geen tekst",
    ):
        assert plain_markdown(text) == text


def test_plotly_names_have_their_html_escaped() -> None:
    assert plain_html('<a href="https://evil.example">x</a> & <b>') == (
        '&lt;a href="https://evil.example"&gt;x&lt;/a&gt; &amp; &lt;b&gt;'
    )


def test_file_stems_hold_only_safe_characters() -> None:
    assert safe_file_stem("../../etc/passwd") == "______etc_passwd"
    assert safe_file_stem('a"b;c\n') == "a_b_c_"
    assert safe_file_stem("") == "scenario"
    assert len(safe_file_stem("x" * 500)) == 60


def test_chart_legends_show_a_hostile_title_as_text() -> None:
    sc = load_scenario("jeugd_eerst")
    r = W.results(sc, samples=1, seed=1, horizon=2027)
    hostile = replace(r, title='<a href="https://evil.example">Officieel</a>')
    base = W.results(load_scenario("baseline"), samples=1, seed=1, horizon=2027)
    runs = {"baseline": base, "x": hostile}
    ind = str(r.indicators.index[0])
    figures = [
        C.trend_figure(runs, ind, lang="nl", baseline="baseline"),
        C.ledger_figure(runs, lang="nl", baseline="baseline"),
        C.chance_figure(runs, lang="nl", baseline="baseline"),
    ]
    for fig in figures:
        names = [str(trace.name) for trace in fig.data if trace.name]
        assert any("&lt;a href" in n for n in names), names
        assert not any("<a " in n for n in names), names


# --------------------------------------------------------------------------- changed scenarios


def test_official_scenarios_unchanged_are_not_marked() -> None:
    for name, sc in official_scenarios().items():
        assert official_twin(sc) is None, name
        assert marked(sc, "nl") is sc
        assert marked_title(sc, "en") == sc.title


def test_a_link_to_an_official_scenario_is_that_scenario() -> None:
    """A link rounds shares to percentages: the same scenario all the same."""
    for name, sc in official_scenarios().items():
        again = scenario_from_query(scenario_to_query(sc))
        assert again is not None
        assert official_twin(again) is None, name


def test_an_official_name_with_other_money_is_marked_changed() -> None:
    jeugd = load_scenario("jeugd_eerst")
    query = {**scenario_to_query(jeugd), "alloc": "0,0,0,0,25800,1200"}
    disguised = scenario_from_query(query)
    assert disguised is not None and disguised.name == "jeugd_eerst"
    assert disguised.title == jeugd.title
    assert official_twin(disguised) == jeugd
    assert marked_title(disguised, "nl") == "Jeugd eerst (gewijzigd)"
    assert marked_title(disguised, "en") == "Jeugd eerst (changed)"
    m = marked(disguised, "nl")
    assert (m.name, m.title) == ("jeugd_eerst_gewijzigd", "Jeugd eerst (gewijzigd)")
    assert m.allocation == disguised.allocation
    assert marked(m, "nl") is m  # marking once is enough: the marked name is no file's


@pytest.mark.parametrize(
    "change",
    [
        {"nb": "0.1"},
        {"j130": "0.5"},
        {"dd": "2025-01-01"},
        {"as": "execution_capacity:5000"},
        {"ph": "40,30,20,10"},
    ],
)
def test_other_levers_or_assumptions_also_count_as_a_change(change: dict[str, str]) -> None:
    jeugd = load_scenario("jeugd_eerst")
    disguised = scenario_from_query({**scenario_to_query(jeugd), **change})
    assert disguised is not None
    assert official_twin(disguised) == jeugd


def test_an_official_title_under_another_name_is_marked_too() -> None:
    query = {
        "name": "link",
        "title": "Jeugd eerst",
        "alloc": "0,0,0,0,25800,1200",
    }
    sc = scenario_from_query(query)
    assert sc is not None
    assert official_twin(sc) is not None and official_twin(sc).name == "jeugd_eerst"
    assert marked_title(sc, "nl") == "Jeugd eerst (gewijzigd)"


def test_a_scenario_of_its_own_is_not_marked() -> None:
    sc = scenario_from_query({"name": "mijn", "title": "Mijn plan", "alloc": "0,0,0,0,25800,1200"})
    assert sc is not None
    assert official_twin(sc) is None
    assert marked(sc, "nl") is sc


# --------------------------------------------------------------------------- downloads


@pytest.fixture(scope="module")
def disguised_results():
    jeugd = load_scenario("jeugd_eerst")
    sc = scenario_from_query({**scenario_to_query(jeugd), "alloc": "0,0,0,0,25800,1200"})
    assert sc is not None
    hostile = replace(sc, title='=HYPERLINK("https://evil.example","Officieel")')
    shown = marked(hostile, "nl")
    return shown, W.results(shown, samples=1, seed=1, horizon=2027)


def test_csv_names_the_changed_scenario_and_runs_no_formula(disguised_results) -> None:
    _, r = disguised_results
    frame = pd.read_csv(io.BytesIO(D.results_csv([r], lang="nl")))
    assert set(frame["scenario"]) == {"jeugd_eerst_gewijzigd"}
    (title,) = set(frame["scenario_title"])
    assert title.startswith("'=HYPERLINK(") and title.endswith("(gewijzigd)")


def test_excel_stores_a_formula_like_title_as_text(disguised_results) -> None:
    shown, r = disguised_results
    book = openpyxl.load_workbook(io.BytesIO(D.results_excel([r], [shown], lang="nl")))
    cells = [c for ws in book.worksheets for row in ws.iter_rows() for c in row]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    assert [c for c in cells if isinstance(c.value, str) and c.value.startswith("=HYPERLINK(")]
    names = book["indicators"]
    header = [c.value for c in names[1]]
    assert names.cell(2, header.index("scenario") + 1).value == "jeugd_eerst_gewijzigd"
