"""The report as one self-contained HTML file: the app's plotly charts, interactive, with
plotly.js embedded (no server, no network: it opens from disk), the tables as HTML
tables with the app's chance colours and marks, and a table of contents."""

from __future__ import annotations

from html import escape

import numpy as np
import pandas as pd

from model.i18n import t
from model.present.charts import CHANCE_COLOURS, CHANCE_MARKS
from model.report.document import Chart, Report, Section, Text
from model.report.document import Table as ReportTable
from model.run.summary import CHANCE_CLASSES, chance_class

CSS = """
:root { --accent: #1f4e79; --grid: #d0d7de; --head: #e8edf2; }
body { font-family: "DejaVu Sans", Verdana, Arial, sans-serif; color: #1b1b1b; max-width: 1180px; margin: 0 auto; padding: 1.5rem 2rem 4rem; line-height: 1.45; }
h1 { color: var(--accent); font-size: 1.7rem; margin-bottom: .2rem; }
h2 { color: var(--accent); font-size: 1.35rem; margin-top: 2.4rem; border-bottom: 2px solid var(--accent); padding-bottom: .2rem; }
h3 { color: var(--accent); font-size: 1.05rem; margin: 1.3rem 0 .3rem; }
.subtitle { color: #555; margin-top: 0; }
nav { background: #f6f8fa; border: 1px solid var(--grid); padding: .6rem 1.2rem; margin: 1rem 0 1.5rem; }
nav ol { margin: .3rem 0; }
p.note { color: #444; font-size: .9rem; }
table { border-collapse: collapse; width: 100%; margin: .4rem 0 1.2rem; font-size: .86rem; }
caption { text-align: left; font-weight: bold; padding: .3rem 0; }
th { background: var(--head); text-align: left; border-bottom: 2px solid var(--accent); padding: .3rem .4rem; vertical-align: bottom; }
td { border-bottom: 1px solid var(--grid); padding: .25rem .4rem; vertical-align: top; white-space: pre-line; }
.grid { display: grid; grid-template-columns: 1fr 1fr; gap: .8rem; }
.chart { margin: .6rem 0 1rem; }
footer { margin-top: 3rem; color: #666; font-size: .8rem; border-top: 1px solid var(--grid); padding-top: .5rem; }
@media print { nav { display: none; } .grid { grid-template-columns: 1fr; } }
""" + "".join(
    f"td.{cls} {{ background: {CHANCE_COLOURS[cls]}; font-weight: 600; white-space: nowrap; }}\n"
    for cls in CHANCE_CLASSES
)


def _table(t: ReportTable, caption: bool = True) -> str:
    frame = t.frame.reset_index(drop=True)
    chances = (
        t.chances.reset_index(drop=True)
        if t.chances is not None
        else pd.DataFrame(index=frame.index)
    )
    head = "".join(f"<th>{escape(str(c))}</th>" for c in frame.columns)
    rows = []
    for r, row in frame.iterrows():
        cells = []
        for c, v in row.items():
            text = "" if (isinstance(v, float) and np.isnan(v)) else str(v)
            cls = chance_class(float(chances.at[r, c])) if c in chances.columns else "none"
            if cls != "none":
                cells.append(f'<td class="{cls}">{CHANCE_MARKS[cls]} {escape(text)}</td>')
            else:
                cells.append(f"<td>{escape(text)}</td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    cap = f"<caption>{escape(t.title)}</caption>" if caption and t.title else ""
    note = f'<p class="note">{escape(t.note)}</p>' if t.note else ""
    return f'<table id="{escape(t.key)}">{cap}<thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>{note}'


def _chart(c: Chart) -> str:
    import plotly.io as pio

    html = pio.to_html(
        c.figure,
        full_html=False,
        include_plotlyjs=False,
        div_id=f"chart_{c.key}",
        config={
            "displaylogo": False,
            "responsive": True,
            "toImageButtonOptions": {"format": "png", "filename": c.key},
        },
    )
    return f'<div class="chart">{html}</div>'


def _section(s: Section) -> str:
    parts = [f'<section id="{escape(s.key)}"><h2>{escape(s.title)}</h2>']
    for b in s.blocks:
        if isinstance(b, Text):
            if b.style == "heading":
                parts.append(f"<h3>{escape(b.text)}</h3>")
            else:
                parts.append(
                    f'<p class="{"note" if b.style == "note" else "body"}">{escape(b.text)}</p>'
                )
        elif isinstance(b, ReportTable):
            parts.append(_table(b))
        elif isinstance(b, Chart):
            parts.append(_chart(b))
        elif isinstance(b, list):
            parts.append('<div class="grid">' + "".join(_chart(c) for c in b) + "</div>")
    parts.append("</section>")
    return "\n".join(parts)


def render_html(report: Report) -> bytes:
    """The HTML file's bytes (UTF-8), plotly.js inline."""
    from plotly.offline import get_plotlyjs

    lang = report.lang
    toc = [f'<li><a href="#summary">{escape(t("report.summary.heading", lang))}</a></li>']
    toc += [f'<li><a href="#{escape(s.key)}">{escape(s.title)}</a></li>' for s in report.sections]
    summary = [f'<section id="summary"><h2>{escape(t("report.summary.heading", lang))}</h2>']
    summary += [f"<p>{escape(s)}</p>" for s in report.intro]
    for g in report.goals:
        summary.append(f"<h3>{escape(g.heading)}</h3><p>{escape(' '.join(g.sentences))}</p>")
        if len(g.table.frame):
            summary.append(_table(g.table, caption=False))
    summary += [f"<p>{escape(s)}</p>" for s in report.closing]
    summary.append("</section>")
    body = "\n".join(_section(s) for s in report.sections)
    page = f"""<!DOCTYPE html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="samenleven">
<title>{escape(report.title)}</title>
<style>{CSS}</style>
<script type="text/javascript">{get_plotlyjs()}</script>
</head>
<body>
<header><h1>{escape(report.title)}</h1><p class="subtitle">{escape(report.subtitle)}</p></header>
<nav><strong>{escape(t("report.contents", lang))}</strong><ol>{"".join(toc)}</ol></nav>
{"".join(summary)}
{body}
<footer>{escape(report.footer)}</footer>
</body>
</html>
"""
    return page.encode("utf-8")
