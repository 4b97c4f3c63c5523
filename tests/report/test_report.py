"""The council report (model.report): each format for the baseline and for a two-scenario
comparison, checked on its content; bad requests; atomic writes; the command line.

Sizes are small (64 draws, Sobol N = 64) so that the file runs in well under a minute;
the benchmark at full size is bench/bench_report.py.
"""

from __future__ import annotations

import argparse
import io
import re
import subprocess
from pathlib import Path

import openpyxl
import pytest
from pypdf import PdfReader

from model import load_scenario
from model.policy.indicators import INDICATORS, OUTCOMES, OUTPUTS
from model.present.texts import fmt_smart, indicator_unit
from model.report import (
    FORMATS,
    ReportError,
    build_report,
    check_format,
    check_out,
    render,
    write_bytes_atomic,
    write_report,
)
from model.report.texts import SHEET_NOTES

SIZES = {"samples": 64, "sobol_n": 64, "seed": 1}
CHROMIUM = "/usr/bin/chromium"


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


@pytest.fixture(scope="module")
def baseline_report():
    return build_report([load_scenario("baseline")], **SIZES)


@pytest.fixture(scope="module")
def comparison_report():
    return build_report([load_scenario("baseline"), load_scenario("armoede_eerst")], **SIZES)


@pytest.fixture(scope="module")
def chart_export():
    """Skip the PDF tests where no Chrome/Chromium is installed (kaleido needs one)."""
    import plotly.graph_objects as go

    from model.report.images import ChartExportError, figure_pngs

    try:
        figure_pngs([(go.Figure(go.Bar(x=[1], y=[1])), 200, 150)])
    except ChartExportError as err:
        pytest.skip(f"no browser for static chart export: {err}")


def _pdf_pages(data: bytes) -> list[str]:
    return [_norm(p.extract_text()) for p in PdfReader(io.BytesIO(data)).pages]


# --------------------------------------------------------------------------- PDF


def test_pdf_baseline_holds_the_summary_on_page_one_and_every_target(baseline_report, chart_export):
    data = render(baseline_report, "pdf")
    assert data[:5] == b"%PDF-"
    pages = _pdf_pages(data)
    first, everything = pages[0], " ".join(pages)
    # the one-page summary: every sentence and every goal on page 1
    for sentence in baseline_report.summary_sentences():
        assert _norm(sentence) in first, sentence
    for goal in baseline_report.goals:
        assert _norm(goal.heading) in first
    assert first.count("hangt vooral af van") >= 4  # per goal, the uncertainties that matter most
    # every output's 2027 target, with its unit, on the summary page
    for ind in OUTPUTS:
        assert f"{fmt_smart(ind.target, 'nl')} {indicator_unit(ind.id, 'nl')}" in first, ind.id
    # the chapters
    for heading in ("Verdeling en geld per jaar", "Outputs tegen de doelen voor 2027", "Outcomes: 2027 tegen 2023 en tegen zonder reserve",
                    "Gevoeligheid: welke onzekerheden tellen?", "Faalcondities", "Aannames: alle parameters", "Colofon"):  # fmt: skip
        assert heading in everything
    assert "Scenariovergelijking" not in everything  # one scenario: no comparison
    # the colophon: version, parameter hash, seed, sizes
    assert (
        "e01ad642c469ed1c" in everything or baseline_report.settings["parameter_hash"] in everything
    )
    assert "N = 64" in everything
    # every parameter is listed in the assumptions
    assert "Reservegeld dat provincie en partners per jaar in werk kunnen omzetten" in everything


def test_pdf_comparison_has_the_comparison_chapter(comparison_report, chart_export):
    pages = _pdf_pages(render(comparison_report, "pdf"))
    everything = " ".join(pages)
    assert "Scenariovergelijking" in everything
    assert "Armoede eerst" in everything and "Basis (§9.2)" in everything
    summary = " ".join(pages[:2])  # the summary may run onto the second page
    for sentence in comparison_report.summary_sentences():
        assert _norm(sentence) in summary, sentence


# --------------------------------------------------------------------------- Excel


def _sheet(wb, name: str) -> list[dict]:
    rows = list(wb[name].iter_rows(values_only=True))
    return [dict(zip(rows[0], r, strict=True)) for r in rows[1:]]


def test_excel_baseline_sheets_hold_the_indicators(baseline_report, tmp_path):
    path = write_report(baseline_report, "xlsx", tmp_path / "rapport.xlsx")
    wb = openpyxl.load_workbook(path, read_only=True)
    assert wb.sheetnames[0] == "Toelichting"
    for name in (
        "Samenvatting",
        "Verdeling",
        "Kasstroom",
        "Outputs",
        "Outcomes",
        "Banden",
        "Sobol",
        "Sobol_groepen",
        "Faalcondities",
        "Parameters",
        "Colofon",
    ):
        assert name in wb.sheetnames
    assert "Vergelijking" not in wb.sheetnames
    assert {r["indicator"] for r in _sheet(wb, "Outputs")} == {i.id for i in OUTPUTS}
    assert {r["indicator"] for r in _sheet(wb, "Outcomes")} == {i.id for i in OUTCOMES}
    assert {r["indicator"] for r in _sheet(wb, "Banden")} == set(INDICATORS)
    assert {r["indicator"] for r in _sheet(wb, "Sobol")} == set(INDICATORS)
    gbt = next(r for r in _sheet(wb, "Outputs") if r["indicator"] == "gbt_schools")
    assert gbt["target"] == 45 and 0.0 <= gbt["p_target_met"] <= 1.0
    # the explanation sheet explains every sheet and every column of it
    notes = _sheet(wb, "Toelichting")
    for name in wb.sheetnames:
        assert any(r["blad"] == name and not r["kolom"] for r in notes), name
        if name in SHEET_NOTES and name not in ("Kasstroom",):
            header = next(wb[name].iter_rows(max_row=1, values_only=True))
            explained = {r["kolom"] for r in notes if r["blad"] == name}
            assert set(header) <= explained, (name, set(header) - explained)
    params = _sheet(wb, "Parameters")
    assert len(params) == len(baseline_report.sheets["Parameters"]) and all(
        r["unit"] for r in params
    )


def test_excel_comparison_has_both_scenarios(comparison_report):
    wb = openpyxl.load_workbook(io.BytesIO(render(comparison_report, "xlsx")), read_only=True)
    compared = _sheet(wb, "Vergelijking")
    assert {r["scenario"] for r in compared} == {"baseline", "armoede_eerst"}
    assert {r["indicator"] for r in compared} == set(INDICATORS)
    assert {r["scenario"] for r in _sheet(wb, "Outputs")} == {"baseline", "armoede_eerst"}


# --------------------------------------------------------------------------- HTML


def _single_file_checks(html: str) -> None:
    assert html.startswith("<!DOCTYPE html>")
    assert not re.search(r"<script[^>]*\bsrc\s*=", html, re.IGNORECASE)
    assert not re.search(r"<link\b", html, re.IGNORECASE)
    assert not re.search(r"<(img|iframe)[^>]*\bsrc\s*=\s*[\"']?(https?:)?//", html, re.IGNORECASE)
    assert "Plotly.newPlot" in html and len(html) > 3_000_000  # plotly.js inline


def test_html_baseline_is_one_self_contained_file(baseline_report, tmp_path):
    path = write_report(baseline_report, "html", tmp_path / "rapport.html")
    html = path.read_text(encoding="utf-8")
    _single_file_checks(html)
    from html import escape

    for sentence in baseline_report.summary_sentences():
        assert escape(sentence) in html
    for ind in OUTPUTS:
        assert ind.id in html or escape(ind.nl) in html
    assert html.count('class="plotly-graph-div"') == len(baseline_report.charts())


@pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="needs Debian's chromium")
def test_html_opens_from_disk_without_a_server(comparison_report, tmp_path):
    path = write_report(comparison_report, "html", tmp_path / "vergelijking.html")
    _single_file_checks(path.read_text(encoding="utf-8"))
    profile = tmp_path / "profile"
    dom = subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", f"--user-data-dir={profile}", "--virtual-time-budget=5000",
         "--dump-dom", path.resolve().as_uri()],
        capture_output=True, text=True, timeout=120, check=False,
    ).stdout  # fmt: skip
    assert "Scenariovergelijking" in dom
    assert dom.count("main-svg") >= len(
        comparison_report.charts()
    )  # every chart drawn by the inline plotly.js


# --------------------------------------------------------------------------- requests


def test_bad_requests_name_the_field(tmp_path):
    with pytest.raises(ReportError, match="--format"):
        check_format("docx")
    with pytest.raises(ReportError, match="does not exist"):
        check_out(tmp_path / "missing" / "rapport.pdf", "pdf")
    with pytest.raises(ReportError, match=r"ends in \.html"):
        check_out(tmp_path / "rapport.html", "pdf")
    sc = load_scenario("baseline")
    with pytest.raises(ReportError, match="sobol_n"):
        build_report([sc], samples=64, sobol_n=100, seed=1)
    with pytest.raises(ReportError, match="samples"):
        build_report([sc], samples=5, sobol_n=64, seed=1)
    with pytest.raises(ReportError, match="lang"):
        build_report([sc], samples=64, sobol_n=64, seed=1, lang="fr")
    with pytest.raises(ReportError, match="scenarios"):
        build_report([], samples=64, sobol_n=64, seed=1)
    assert check_format("PDF") == "pdf" and set(FORMATS) == {"pdf", "html", "xlsx"}


def test_writes_are_atomic(tmp_path, monkeypatch):
    target = tmp_path / "rapport.xlsx"
    target.write_bytes(b"old")

    def fail(*_args, **_kwargs):
        raise OSError("disk full")

    monkeypatch.setattr("model.common.files.os.replace", fail)
    with pytest.raises(OSError, match="disk full"):
        write_bytes_atomic(b"new", target)
    monkeypatch.undo()
    assert target.read_bytes() == b"old"  # untouched
    assert [p.name for p in tmp_path.iterdir()] == ["rapport.xlsx"]  # no temporary file left
    write_bytes_atomic(b"new", target)
    assert target.read_bytes() == b"new"


def test_every_report_text_has_dutch_and_english():
    from model.i18n import catalogue

    nl, en = catalogue("nl"), catalogue("en")
    keys = [k for k in nl if k.startswith("report.")]
    assert len(keys) > 150 and all(nl[k] and en.get(k) for k in keys)


# --------------------------------------------------------------------------- command line


def _cli(argv: list[str]) -> int:
    from model.cli import report as cli_report

    parser = argparse.ArgumentParser(prog="samenleven")
    cli_report.add_subcommands(parser.add_subparsers(dest="command", required=True))
    return cli_report.run_command(parser.parse_args(argv), "nl")


def test_cli_writes_an_excel_report(tmp_path, capsys, monkeypatch, baseline_report):
    seen = {}

    def build(scenarios, **kwargs):  # the computation is tested above; here: arguments and writing
        seen.update(kwargs, names=[s.name for s in scenarios])
        return baseline_report

    monkeypatch.setattr("model.cli.report.build_report", build)
    out = tmp_path / "rapport.xlsx"
    assert (
        _cli(
            [
                "report",
                "baseline",
                "armoede_eerst",
                "--samples",
                "32",
                "--sobol-n",
                "128",
                "--seed",
                "2",
                "--out",
                str(out),
            ]
        )
        == 0
    )
    assert seen == {
        "samples": 32,
        "sobol_n": 128,
        "seed": 2,
        "lang": "nl",
        "progress": seen["progress"],
        "parameters": seen["parameters"],
        "names": ["baseline", "armoede_eerst"],
    }
    assert seen["parameters"].label == "public"  # the default set, as every ensemble
    assert "Rapport geschreven naar" in capsys.readouterr().err
    wb = openpyxl.load_workbook(out, read_only=True)
    assert "Outputs" in wb.sheetnames


def test_cli_checks_the_request_before_computing(tmp_path):
    with pytest.raises(ReportError, match="--format"):
        _cli(["report", "baseline", "--format", "docx", "--out", str(tmp_path / "r.docx")])
    with pytest.raises(ReportError, match="does not exist"):
        _cli(["report", "baseline", "--format", "pdf", "--out", str(tmp_path / "nope" / "r.pdf")])
    with pytest.raises(ReportError, match="not given"):
        _cli(["report", "baseline", "--out", str(tmp_path / "rapport")])
    bad = tmp_path / "bad.toml"
    bad.write_text(
        '[scenario]\nname = "x"\ntitle = "x"\n[levers.allocation]\n"2.1.a" = -5\n', encoding="utf-8"
    )
    from model import ScenarioError

    with pytest.raises(ScenarioError):
        _cli(["report", str(bad), "--format", "xlsx", "--out", str(tmp_path / "r.xlsx")])
    assert not list(tmp_path.glob("r.*"))


def test_samenleven_report_is_wired_into_the_command_line(tmp_path, capsys):
    from model import cli

    if "report" not in cli._parser()._subparsers._group_actions[0].choices:  # type: ignore[union-attr]
        pytest.skip("`samenleven report` is not wired into model/cli.py yet")
    assert (
        cli.main(["report", "baseline", "--format", "docx", "--out", str(tmp_path / "r.docx")]) == 2
    )
    assert "--format" in capsys.readouterr().err


def test_html_has_the_plan_realism_section(baseline_report, tmp_path):
    from html import escape

    from model.analysis.plancost import stored_plan_realism
    from model.present.wording import realism_summary

    html = write_report(baseline_report, "html", tmp_path / "rapport.html").read_text("utf-8")
    assert "Realisme van het plan" in html
    assert escape(realism_summary(stored_plan_realism(), "nl")) in html
    assert "Gestarte trajecten Stevig Ouderschap" in html and "1,5 k€ per traject" in html
    assert escape("2 (1,5–2,5)") in html and "realistisch" in html


def test_html_says_what_happens_after_2027_and_why_targets_are_or_are_not_realistic(
    baseline_report, tmp_path
):
    from html import escape

    html = write_report(baseline_report, "html", tmp_path / "rapport.html").read_text("utf-8")
    assert "Na 2027 en late besteding" in html
    assert "daalt in 2028 met" in html and "tenzij de financiering doorloopt" in html
    # the plan-realism sentences say why, the unrealistic one first
    under = html.index("Samenwerkingen met sociale fondsen: het plan gaat uit van ca. 59 k€")
    tight = html.index(
        escape("krap begroot. Met de bronwaarde haalt de verdeling ca. 765 van de 800")
    )
    assert under < tight


def test_the_report_says_what_each_outcome_measures_and_where_to_follow_it(
    baseline_report, tmp_path
):
    from html import escape

    from model.policy.indicators import INDICATORS

    html = write_report(baseline_report, "html", tmp_path / "rapport.html").read_text("utf-8")
    assert "Wat elke outcome meet en waar u die kunt volgen" in html
    loneliness = INDICATORS["loneliness_share"]
    assert escape(loneliness.definition("nl")) in html and escape(loneliness.monitor) in html


def test_the_report_says_which_parameter_set_it_drew_from(baseline_report):
    from model.i18n import t

    assert any("gekalibreerde parameterset 'public'" in p for p in baseline_report.intro)
    value = dict(baseline_report.colophon)[t("report.colophon.parameters", "nl")]
    assert value.startswith("public: Onzekerheid uit de gekalibreerde parameterset 'public'")
    assert "loneliness_trend" in value and "jeugdfonds_awareness_growth_rate" in value
    command = dict(baseline_report.colophon)[t("report.colophon.command", "nl")]
    assert "--parameters" not in command  # the default set needs no option to reproduce
