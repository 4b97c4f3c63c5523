"""The council report of a scenario from a hostile link: its title stays text in every
format (no image fetched, no link, no HTML, no spreadsheet formula, no markdown read as
markup), and a changed copy of an official scenario is reported as changed.

One small report (64 draws, Sobol N = 64) serves every test.
"""

from __future__ import annotations

import io
import re
import subprocess
from dataclasses import replace
from html import escape
from pathlib import Path

import openpyxl
import pytest
from pypdf import PdfReader

from model import load_scenario
from model.present.appstate import scenario_from_query, scenario_to_query
from model.report import build_report, file_name, render

SIZES = {"samples": 64, "sobol_n": 64, "seed": 1}
CHROMIUM = "/usr/bin/chromium"
TITLE = (
    "Jeugd eerst ![x](http://example.org/x.png) [Officieel: klik hier](https://evil.example)"
    ' <img src="http://example.org/y.png" onerror="alert(1)"> <a href="https://evil.example">a</a>'
)
FORMULA = '=HYPERLINK("https://evil.example","Officieel")'


@pytest.fixture(scope="module")
def disguised():
    """``jeugd_eerst`` by name, with all the money on 2.2 and a hostile title."""
    jeugd = load_scenario("jeugd_eerst")
    sc = scenario_from_query({**scenario_to_query(jeugd), "alloc": "0,0,0,0,25800,1200"})
    assert sc is not None and sc.name == "jeugd_eerst"
    return replace(sc, title=TITLE, description=FORMULA)


@pytest.fixture(scope="module")
def report(disguised):
    return build_report([disguised], **SIZES)


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _without_scripts(html: str) -> str:
    """The page without its <script> elements (plotly.js and the charts' JSON)."""
    return re.sub(r"<script\b.*?</script>", "", html, flags=re.IGNORECASE | re.DOTALL)


def test_the_cover_and_the_file_name_say_changed(report) -> None:
    assert "Jeugd eerst" in report.subtitle and "(gewijzigd)" in report.subtitle
    assert report.settings["scenarios"][-1] == "jeugd_eerst_gewijzigd"
    assert file_name(report, "pdf") == "rapport_jeugd_eerst_gewijzigd.pdf"


def test_an_unchanged_official_scenario_is_not_marked() -> None:
    """Marking is decided on the content: the file itself keeps its name (no run needed:
    the report marks before it computes)."""
    from model.present.texts import marked

    jeugd = load_scenario("jeugd_eerst")
    assert marked(jeugd, "nl") is jeugd


def test_html_shows_the_title_as_text(report) -> None:
    html = render(report, "html").decode("utf-8")
    page = _without_scripts(html)
    assert not re.search(r"<img\b", page, re.IGNORECASE)
    assert not re.search(r"<a\s[^>]*href=\"https://evil", page, re.IGNORECASE)
    assert not re.search(r"\bonerror\s*=", page.replace("onerror=&quot;", ""), re.IGNORECASE)
    # the title as it was typed, markdown included, escaped once
    assert escape(f"{TITLE} (gewijzigd)") in page
    # the charts' trace names, drawn by plotly, have their HTML escaped
    for chart in report.charts():
        for trace in chart.figure.data:
            assert "<a " not in str(trace.name or "") and "<img" not in str(trace.name or "")


@pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="needs Debian's chromium")
def test_html_drawn_in_a_browser_has_no_outside_link_or_image(report, tmp_path) -> None:
    path = tmp_path / "rapport.html"
    path.write_bytes(render(report, "html"))
    dom = subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", f"--user-data-dir={tmp_path / 'profile'}",
         "--virtual-time-budget=5000", "--dump-dom", path.resolve().as_uri()],
        capture_output=True, text=True, timeout=120, check=False,
    ).stdout  # fmt: skip
    assert dom.count("main-svg") >= len(report.charts())  # the legends are drawn
    drawn = _without_scripts(dom)
    assert "klik hier" in drawn
    assert not re.search(r"<img\b", drawn, re.IGNORECASE)
    assert not re.search(r"<a\s[^>]*href=\"https?://(evil|example)", drawn, re.IGNORECASE)
    assert "&lt;a href=" in drawn  # shown as text, in the legends too
    assert re.search(r"<text[^>]*>[^<]*&lt;a href=", drawn)


def test_excel_holds_text_not_formulas(report) -> None:
    book = openpyxl.load_workbook(io.BytesIO(render(report, "xlsx")))
    cells = [c for ws in book.worksheets for row in ws.iter_rows() for c in row]
    assert not [f"{c.parent.title}!{c.coordinate}" for c in cells if c.data_type == "f"]
    assert any(c.value == FORMULA for c in cells)  # the description, kept as text
    assert "(gewijzigd)" in (book.properties.subject or "")


@pytest.fixture(scope="module")
def chart_export():
    """Skip the PDF test where no Chrome/Chromium is installed (kaleido needs one)."""
    import plotly.graph_objects as go

    from model.report.images import ChartExportError, figure_pngs

    try:
        figure_pngs([(go.Figure(go.Bar(x=[1], y=[1])), 200, 150)])
    except ChartExportError as err:
        pytest.skip(f"no browser for static chart export: {err}")


def test_pdf_prints_the_title_literally(report, chart_export) -> None:
    data = render(report, "pdf")
    text = _norm(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages))
    assert "(gewijzigd)" in text
    # reportlab's markup (<img>, <a>) is escaped: the title prints as typed
    assert "[Officieel: klik hier](https://evil.example)" in text.replace("- ", "-")
    assert '<img src="http://example.org/y.png"' in text
