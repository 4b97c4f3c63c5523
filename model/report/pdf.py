"""The report as PDF (reportlab): A4, the summary on page 1, then one chapter per section.

Charts are the app's plotly figures exported as PNG (:mod:`model.report.images`);
tables wrap their cells and repeat their header on every page; the text uses the
Bitstream Vera fonts that reportlab ships (so the PDF looks the same on every machine,
with €, ≥, ± and the Dutch diacritics); the chapters are PDF bookmarks.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from pathlib import Path
from xml.sax.saxutils import escape

import numpy as np
from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    Image,
    KeepTogether,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from model.i18n import t
from model.present.charts import CHANCE_COLOURS
from model.report.document import Chart, Report, ReportError, Section, Text
from model.report.document import Table as ReportTable
from model.report.images import ChartExportError, figure_pngs
from model.run.summary import chance_class

PAGE_W, PAGE_H = A4
MARGIN_X, MARGIN_TOP, MARGIN_BOTTOM = 16 * mm, 15 * mm, 16 * mm
TEXT_W = PAGE_W - 2 * MARGIN_X
FULL_PX, HALF_PX = 1000, 640
"""Export widths of full- and half-width charts, in CSS pixels (the app's 16 px type
then prints at about 7.5 and 5.8 pt)."""

HEADER_BG = colors.HexColor("#e8edf2")
GRID = colors.HexColor("#c9d1d9")
ACCENT = colors.HexColor("#1f4e79")

_FONT = "Vera"


def _register_fonts() -> None:
    """Bitstream Vera from reportlab's own folder, as a family (bold, italic)."""
    if _FONT in pdfmetrics.getRegisteredFontNames():
        return
    import reportlab

    folder = Path(reportlab.__file__).parent / "fonts"
    for name, file in (
        (_FONT, "Vera.ttf"),
        (f"{_FONT}-Bold", "VeraBd.ttf"),
        (f"{_FONT}-Italic", "VeraIt.ttf"),
        (f"{_FONT}-BoldItalic", "VeraBI.ttf"),
    ):
        pdfmetrics.registerFont(TTFont(name, str(folder / file)))
    pdfmetrics.registerFontFamily(
        _FONT,
        normal=_FONT,
        bold=f"{_FONT}-Bold",
        italic=f"{_FONT}-Italic",
        boldItalic=f"{_FONT}-BoldItalic",
    )


def _styles() -> dict[str, ParagraphStyle]:
    base = ParagraphStyle(
        "body", fontName=_FONT, fontSize=8.8, leading=11.6, alignment=TA_LEFT, spaceAfter=4
    )
    return {
        "title": ParagraphStyle(
            "title",
            parent=base,
            fontName=f"{_FONT}-Bold",
            fontSize=11.5,
            leading=14,
            textColor=ACCENT,
            spaceAfter=2,
        ),
        "subtitle": ParagraphStyle(
            "subtitle",
            parent=base,
            fontSize=8,
            leading=10,
            textColor=colors.HexColor("#555555"),
            spaceAfter=6,
        ),
        "h1": ParagraphStyle(
            "h1",
            parent=base,
            fontName=f"{_FONT}-Bold",
            fontSize=13,
            leading=16,
            textColor=ACCENT,
            spaceBefore=4,
            spaceAfter=6,
        ),
        "h2": ParagraphStyle(
            "h2",
            parent=base,
            fontName=f"{_FONT}-Bold",
            fontSize=9.5,
            leading=12,
            spaceBefore=6,
            spaceAfter=2,
        ),
        "goal": ParagraphStyle(
            "goal",
            parent=base,
            fontName=f"{_FONT}-Bold",
            fontSize=8.3,
            leading=10,
            textColor=ACCENT,
            spaceBefore=3,
            spaceAfter=0.5,
        ),
        "body": base,
        "summary": ParagraphStyle(
            "summary", parent=base, fontSize=7.7, leading=9.0, spaceAfter=1.5
        ),
        "note": ParagraphStyle(
            "note", parent=base, fontSize=7.8, leading=10, textColor=colors.HexColor("#444444")
        ),
        "cell": ParagraphStyle("cell", parent=base, fontSize=7.0, leading=8.6, spaceAfter=0),
        "cell_small": ParagraphStyle(
            "cell_small", parent=base, fontSize=6.5, leading=7.9, spaceAfter=0
        ),
        "head": ParagraphStyle(
            "head", parent=base, fontName=f"{_FONT}-Bold", fontSize=7.0, leading=8.6, spaceAfter=0
        ),
        "caption": ParagraphStyle(
            "caption",
            parent=base,
            fontName=f"{_FONT}-Bold",
            fontSize=8.2,
            leading=10.5,
            spaceBefore=4,
            spaceAfter=3,
            keepWithNext=1,
        ),
        "compact": ParagraphStyle("compact", parent=base, fontSize=6.6, leading=7.6, spaceAfter=0),
        "compact_head": ParagraphStyle(
            "compact_head",
            parent=base,
            fontName=f"{_FONT}-Bold",
            fontSize=6.6,
            leading=7.6,
            spaceAfter=0,
        ),
    }


class _Bookmark(Flowable):
    """An invisible flowable that adds a PDF bookmark (outline entry) where it lands."""

    def __init__(self, key: str, title: str, level: int = 0) -> None:
        super().__init__()
        self.key, self.title, self.level = key, title, level
        self.width = self.height = 0

    def draw(self) -> None:
        self.canv.bookmarkPage(self.key)
        self.canv.addOutlineEntry(self.title, self.key, level=self.level, closed=False)


_MISSING_GLYPHS = str.maketrans({"→": "->", "★": "*"})
"""Characters the report's texts use that Bitstream Vera has no glyph for (it would print
an empty box), with what the PDF shows instead."""


def _p(text: object, style: ParagraphStyle) -> Paragraph:
    return Paragraph(escape(str(text).translate(_MISSING_GLYPHS)).replace("\n", "<br/>"), style)


def _table(
    t: ReportTable, st: dict[str, ParagraphStyle], width: float = TEXT_W, *, compact: bool = False
) -> list[Flowable]:
    frame = t.frame.reset_index(drop=True)
    cols = list(frame.columns)
    rel = (
        list(t.widths) if t.widths is not None and len(t.widths) == len(cols) else [1.0] * len(cols)
    )
    total = sum(rel)
    col_w = [width * r / total for r in rel]
    small = len(frame) > 60 or len(cols) > 8
    cell = st["compact"] if compact else st["cell_small"] if small else st["cell"]
    head = st["compact_head"] if compact else st["head"]
    pad = (0.3, 0.6) if compact else (1.6, 1.8)
    data = [[_p(c, head) for c in cols]]
    for _, row in frame.iterrows():
        data.append(
            [_p("" if (isinstance(v, float) and np.isnan(v)) else v, cell) for v in row.values]
        )
    table = Table(data, colWidths=col_w, repeatRows=1, hAlign="LEFT")
    style = [
        ("BACKGROUND", (0, 0), (-1, 0), HEADER_BG),
        ("LINEBELOW", (0, 0), (-1, 0), 0.8, ACCENT),
        ("LINEBELOW", (0, 1), (-1, -1), 0.25, GRID),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ("TOPPADDING", (0, 0), (-1, -1), pad[0]),
        ("BOTTOMPADDING", (0, 0), (-1, -1), pad[1]),
    ]
    if t.chances is not None:
        chances = t.chances.reset_index(drop=True)
        for col in chances.columns:
            if col not in cols:
                continue
            j = cols.index(col)
            for r, p in enumerate(chances[col].values):
                cls = chance_class(None if p is None else float(p))
                if cls != "none":
                    style.append(
                        ("BACKGROUND", (j, r + 1), (j, r + 1), colors.HexColor(CHANCE_COLOURS[cls]))
                    )
    table.setStyle(TableStyle(style))
    out: list[Flowable] = []
    if t.title:
        out.append(_p(t.title, st["caption"]))
    out.append(table)
    if t.note:
        out.append(_p(t.note, st["note"]))
    out.append(Spacer(1, 5))
    return out


def _image(png: bytes, width: float, px: tuple[int, int]) -> Image:
    w_px, h_px = px
    return Image(io.BytesIO(png), width=width, height=width * h_px / w_px)


def _chart_size(c: Chart) -> tuple[int, int]:
    if c.half:
        return HALF_PX, min(c.height, 440)
    return FULL_PX, c.height


def _for_print(c: Chart) -> object:
    """The chart as exported: half-width charts get their title wrapped to the narrower
    image (the app wraps at 70 characters for a full-width chart)."""
    if not c.half:
        return c.figure
    import plotly.graph_objects as go

    fig = go.Figure(c.figure)
    title = str(fig.layout.title.text or "").replace("<br>", " ")
    words, lines, line = title.split(), [], ""
    for w in words:
        if line and len(line) + 1 + len(w) > 46:
            lines.append(line)
            line = w
        else:
            line = f"{line} {w}".strip()
    lines.append(line)
    fig.update_layout(title_text="<br>".join(lines), margin_t=40 + 22 * len(lines))
    return fig


def _export(report: Report) -> dict[int, bytes]:
    charts = report.charts()
    try:
        pngs = figure_pngs([(_for_print(c), *_chart_size(c)) for c in charts])
    except ChartExportError as err:
        raise ReportError(
            field="--format",
            value="pdf",
            reason="report.err.charts",
            allowed="allowed.pdf_formats",
            detail=str(err),
        ) from None
    return {id(c): png for c, png in zip(charts, pngs, strict=True)}


def _section(s: Section, st: dict[str, ParagraphStyle], images: dict[int, bytes]) -> list[Flowable]:
    out: list[Flowable] = [_Bookmark(s.key, s.title), _p(s.title, st["h1"])]
    for k, b in enumerate(s.blocks):
        if isinstance(b, Text):
            style = {"note": st["note"], "heading": st["h2"]}.get(b.style, st["body"])
            following = s.blocks[k + 1] if k + 1 < len(s.blocks) else None
            if (
                isinstance(following, (Chart, list)) or b.style == "heading"
            ):  # not alone at the foot of a page
                style = ParagraphStyle(f"{style.name}_kwn", parent=style, keepWithNext=1)
            out.append(_p(b.text, style))
        elif isinstance(b, ReportTable):
            out.extend(_table(b, st))
        elif isinstance(b, Chart):
            out.append(KeepTogether([_image(images[id(b)], TEXT_W, _chart_size(b)), Spacer(1, 6)]))
        elif isinstance(b, list):
            out.extend(_grid(b, images))
    return out


def _grid(charts: Sequence[Chart], images: dict[int, bytes]) -> list[Flowable]:
    """Half-width charts, two to a row."""
    gap = 4 * mm
    w = (TEXT_W - gap) / 2
    rows = []
    for k in range(0, len(charts), 2):
        pair = [_image(images[id(c)], w, _chart_size(c)) for c in charts[k : k + 2]]
        if len(pair) == 1:
            pair.append(Spacer(w, 1))
        rows.append(pair)
    if not rows:
        return []
    table = Table(rows, colWidths=[w + gap / 2, w + gap / 2], hAlign="LEFT")
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                               ("BOTTOMPADDING", (0, 0), (-1, -1), 4)]))  # fmt: skip
    return [table, Spacer(1, 4)]


def _summary(report: Report, st: dict[str, ParagraphStyle]) -> list[Flowable]:
    out: list[Flowable] = [
        _Bookmark("summary", t("report.summary.heading", report.lang)),
        _p(report.title, st["title"]),
        _p(report.subtitle, st["subtitle"]),
        _p(t("report.summary.heading", report.lang), st["h2"]),
    ]
    out += [_p(s, st["summary"]) for s in report.intro]
    for g in report.goals:
        block: list[Flowable] = [
            _p(g.heading, st["goal"]),
            _p(" ".join(g.sentences), st["summary"]),
        ]
        if len(g.table.frame):
            table = ReportTable(
                g.table.key,
                "",
                g.table.frame,
                sheet=g.table.sheet,
                chances=g.table.chances,
                widths=g.table.widths,
            )
            block += _table(table, st, compact=True)[:-1]
        out.append(KeepTogether(block))
    out.append(Spacer(1, 3))
    out += [_p(s, st["summary"]) for s in report.closing]
    return out


def render_pdf(report: Report) -> bytes:
    """The PDF file's bytes."""
    _register_fonts()
    st = _styles()
    images = _export(report)
    buffer = io.BytesIO()

    def on_page(canvas, doc) -> None:
        canvas.saveState()
        canvas.setFont(_FONT, 6.8)
        canvas.setFillColor(colors.HexColor("#666666"))
        canvas.drawString(MARGIN_X, 9 * mm, report.footer)
        canvas.drawRightString(PAGE_W - MARGIN_X, 9 * mm, t("report.page", report.lang, n=doc.page))
        canvas.restoreState()

    doc = BaseDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=MARGIN_X,
        rightMargin=MARGIN_X,
        topMargin=MARGIN_TOP,
        bottomMargin=MARGIN_BOTTOM,
        title=report.title,
        author="samenleven",
        subject=report.subtitle,
        lang="nl-NL" if report.lang == "nl" else "en-GB",
        creator=f"samenleven (reportlab) {report.footer}",
    )
    frame = Frame(
        MARGIN_X,
        MARGIN_BOTTOM,
        TEXT_W,
        PAGE_H - MARGIN_TOP - MARGIN_BOTTOM,
        id="body",
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
    )
    doc.addPageTemplates([PageTemplate(id="page", frames=[frame], onPage=on_page)])
    story: list[Flowable] = _summary(report, st)
    for s in report.sections:
        story.append(
            PageBreak()
            if s.key in ("money", "sensitivity", "assumptions", "comparison")
            else CondPageBreak(90 * mm)
        )
        story += _section(s, st, images)
    doc.build(story)
    return buffer.getvalue()
