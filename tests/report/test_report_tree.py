"""The council report's doelenboom section: the picture and the money Sankey in every
format (PDF text, HTML charts, Excel data sheets), for the scenario the report is about."""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import openpyxl
import pytest
from pypdf import PdfReader

from model import load_scenario
from model.policy.activities import ACTIVITIES
from model.policy.budget import LINES
from model.report import build_report, render

SIZES = {"samples": 32, "sobol_n": 64, "seed": 2}


@pytest.fixture(scope="module")
def report():
    return build_report([load_scenario("armoede_eerst")], **SIZES)


def test_the_section_holds_both_charts_for_the_focus_scenario(report) -> None:
    section = next(s for s in report.sections if s.key == "tree")
    assert section.title == "Doelenboom en geldstroom"
    charts = {c.key: c for c in report.charts()}
    tree, sankey = charts["goaltree"], charts["sankey"]
    assert "Armoede eerst" in tree.figure.layout.title.text  # the focus, not the baseline
    sk = sankey.figure.data[0]
    alloc = load_scenario("armoede_eerst").allocation
    labels = list(sk.node.label)
    assert (
        f"2.1.a Armoede en laaggeletterdheid: {alloc['2.1.a']:,.0f} k€".replace(",", ".") in labels
    )


def test_excel_has_the_tree_and_the_flows(report) -> None:
    wb = openpyxl.load_workbook(io.BytesIO(render(report, "xlsx")), read_only=True)
    rows = list(wb["Geldstroom"].iter_rows(values_only=True))
    flows = [dict(zip(rows[0], r, strict=True)) for r in rows[1:]]
    alloc = load_scenario("armoede_eerst").allocation
    from_reserve = sum(r["keur"] for r in flows if r["source"] == "reserve")
    assert from_reserve == pytest.approx(27_000)
    assert sum(r["keur"] for r in flows if r["source"] == "line:2.1.a") == pytest.approx(
        alloc["2.1.a"]
    )
    rows = list(wb["Doelenboom"].iter_rows(values_only=True))
    boxes = [dict(zip(rows[0], r, strict=True)) for r in rows[1:]]
    assert {b["id"] for b in boxes if b["kind"] == "activity"} == {a.id for a in ACTIVITIES}
    notes = list(wb["Toelichting"].iter_rows(values_only=True))
    assert any(r[0] == "Doelenboom" and r[1] == "feeds" for r in notes)


def test_html_draws_both_charts(report) -> None:
    html = render(report, "html")
    html = html.decode() if isinstance(html, bytes) else html
    assert "Doelenboom en geldstroom" in html
    assert '"type":"sankey"' in html.replace(" ", "")


@pytest.mark.skipif(not Path("/usr/bin/chromium").exists(), reason="needs Debian's chromium")
def test_pdf_shows_the_section(report) -> None:
    pages = [p.extract_text() for p in PdfReader(io.BytesIO(render(report, "pdf"))).pages]
    text = " ".join(pages)
    assert "Doelenboom en geldstroom" in text
    assert "Het beleidskader is een doelenboom" in text


def test_the_decision_section_is_there_only_when_asked(report) -> None:
    assert "decision" not in {s.key for s in report.sections}  # default: as before
    assert "Informatiewaarde" not in report.sheets
    asked = build_report(
        [
            load_scenario("baseline"),
            load_scenario("jeugd_eerst"),
            load_scenario("geen_rijksbijdrage_gbt"),
        ],
        decision=True,
        **SIZES,
    )
    section = next(s for s in asked.sections if s.key == "decision")
    texts = [b.text for b in section.blocks if hasattr(b, "text")]
    # the options: the two with the same assumptions (no national GBT money is a future)
    assert "Indicatieve verdeling (§9.2) en Jeugd eerst" in texts[0]
    assert any("EVPI" in x for x in texts)
    sheet = asked.sheets["Informatiewaarde"]
    assert len(sheet) == 8 and (sheet["evppi"] <= sheet["evpi"] + 2 * sheet["evppi_error"]).all()
    assert "voi" in {c.key for c in asked.charts()}
    wb = openpyxl.load_workbook(io.BytesIO(render(asked, "xlsx")), read_only=True)
    assert "Informatiewaarde" in wb.sheetnames
    # the robust search and the marginal value, in words, a chart and two tables
    search = next(s for s in asked.sections if s.key == "search")
    words = " ".join(b.text for b in search.blocks if hasattr(b, "text"))
    assert "zo weinig mogelijk spijt over vier toekomsten" in words
    assert "kleinste grootste spijt" in words and "meer levert de meeste doelbereiking op" in words
    assert "search" in {c.key for c in asked.charts()}
    found = asked.sheets["Zoeken"]
    assert found["candidate"].iloc[0] == "baseline" and found["chosen"].sum() == 1
    assert np.allclose(found[list(LINES)].sum(axis=1), 27000)
    assert set(asked.sheets["Marginaal"]["line"]) == set(LINES)
    assert {"Zoeken", "Marginaal"} <= set(wb.sheetnames)


def test_the_command_line_asks_for_the_decision_section(tmp_path) -> None:
    import subprocess
    import sys

    out = tmp_path / "besluit.xlsx"
    done = subprocess.run(
        [sys.executable, "-m", "model", "report", "baseline", "jeugd_eerst", "--decision", "--samples", "24",
         "--sobol-n", "64", "--seed", "3", "--out", str(out)],
        capture_output=True, text=True, timeout=600, check=False, cwd=Path(__file__).resolve().parents[2],
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "waarde van informatie" in done.stderr  # the step is reported
    wb = openpyxl.load_workbook(out, read_only=True)
    assert "Informatiewaarde" in wb.sheetnames
