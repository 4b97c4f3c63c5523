"""The doelenboom as a picture and the flow of money as a Sankey: pure functions, results
in, a plotly figure out (the app and the report draw the same ones).

:func:`goal_tree_figure` lays the goal tree (:func:`model.run.goaltree.goal_tree`) out in
four columns, lines -> activities -> outputs -> outcomes, each output coloured by its chance
of meeting the 2027 target and each outcome by its chance of being better than without the
reserve, in the app's classes (:func:`model.run.summary.chance_class`); the mark and the
percentage are written in the box, so it reads without colour too. :func:`money_flows`
tabulates the money from the reserve to the lines and the activities (the planned split,
:func:`model.policy.activities.activity_money`) with the co-financing received by
2027, and :func:`money_sankey` draws it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from model.i18n import SEPARATORS, t
from model.policy.activities import ACTIVITY_IDS
from model.policy.budget import LINES, RESERVE_TOTAL
from model.policy.indicators import GOALS, INDICATORS, TARGET_YEAR
from model.present.charts import CHANCE_COLOURS, CHANCE_MARKS, FONT_SIZE, LINE_COLOURS, _rgba
from model.present.reduce import Results
from model.present.texts import (
    fmt_num,
    fmt_pct,
    fmt_smart,
    indicator_name,
    indicator_unit,
    line_label,
    plain_html,
)
from model.run.goaltree import GoalTree
from model.run.summary import chance_class

# x ranges of the four columns (data units): lines, activities, outputs, outcomes
COLUMNS = {
    "line": (0.0, 1.0),
    "activity": (1.35, 2.85),
    "output": (3.2, 5.0),
    "outcome": (5.35, 7.0),
}
WRAP = {"line": 16, "activity": 26, "output": 34, "outcome": 32}
"""Characters per label line in each column's boxes (two lines shown; the hover has all)."""
ROW = 1.0
BOX = 0.84
"""Height of a box in rows: the gap between two boxes is what is left of a row."""
GOAL_GAP = 0.6
"""Extra rows between the outputs of two goals."""
ROW_PX = 50
"""Pixels per row: two lines of 14 px type and some air, readable on a wall."""
NODE_FONT = 14
EDGE_COLOUR = "#8c8c8c"
COFINANCING_COLOUR = "#5e9e6e"
NEUTRAL = "#f2f2f2"
"""Fill of a box whose chance cannot be computed (no target, or no samples)."""


def line_colour(line: str) -> str:
    """A budget line's colour in the app's charts (2.2: its neighbourhoods half's)."""
    return next(
        (c for k, c in LINE_COLOURS.items() if k == line or k.startswith(f"{line}.")), "#999999"
    )


def _node_key(kind: str, id: str) -> str:
    return f"{kind}:{id}"


def _lines_of(text: str, width: int, most: int = 2) -> list[str]:
    """``text`` broken into lines of about ``width`` characters, at most ``most`` (the
    last one ends in an ellipsis when text is left over)."""
    words, lines, line = text.split(), [], ""
    for w in words:
        if line and len(line) + 1 + len(w) > width:
            lines.append(line)
            line = w
        else:
            line = f"{line} {w}".strip()
    lines.append(line)
    if len(lines) > most:
        lines = lines[:most]
        lines[-1] = lines[-1][: max(width - 1, 1)].rstrip() + "…"
    return lines


def _spread(wanted: Sequence[float], lo: float) -> list[float]:
    """Positions as close to ``wanted`` (in that order, top to bottom) as a row apart
    allows, none above ``lo``; the block is shifted up again as far as ``lo`` permits, so
    that it stays centred on what it wants."""
    out: list[float] = []
    for y in wanted:
        out.append(max(y, lo if not out else out[-1] + ROW))
    if out:
        shift = np.mean(np.array(out) - np.array(wanted))
        room = out[0] - lo
        out = [y - min(max(shift, 0.0), room) for y in out]
    return out


def _layout(tree: GoalTree) -> dict[str, float]:
    """Each node's row (its vertical centre, top = 0)."""
    order = {g: LINES.index(GOALS[g]["line"]) for g in GOALS}  # goals in line order, as the outputs
    fed = {o for a in tree.activities for o in tree.activity_outputs[a.id]}
    outputs = list(tree.outputs)
    # outputs no reserve activity feeds (e.g. athletes supported from structural money)
    # go with their goal
    for o in (i for i, ind in INDICATORS.items() if ind.level == "output" and i not in fed):
        goal = INDICATORS[o].goal
        last = max(
            (k for k, x in enumerate(outputs) if INDICATORS[x].goal == goal),
            default=len(outputs) - 1,
        )
        outputs.insert(last + 1, o)
    rows: dict[str, float] = {}
    y, previous = 0.0, None
    for o in outputs:
        goal = INDICATORS[o].goal
        if previous is not None and goal != previous:
            y += GOAL_GAP
        rows[_node_key("output", o)] = y
        y += ROW
        previous = goal
    # an activity beside its outputs; one without outputs beside its outcomes, or after
    # the activity above it
    wanted = []
    for a in tree.activities:
        ys = [rows[_node_key("output", o)] for o in tree.activity_outputs[a.id]]
        wanted.append(float(np.mean(ys)) if ys else np.nan)
    for k, w in enumerate(wanted):
        if np.isnan(w):
            wanted[k] = (wanted[k - 1] + ROW) if k else 0.0
    for a, y_ in zip(tree.activities, _spread(wanted, 0.0), strict=True):
        rows[_node_key("activity", a.id)] = y_
    lines = [line for line in LINES if any(a.line == line for a in tree.activities)]
    wanted = [
        float(
            np.mean([rows[_node_key("activity", a.id)] for a in tree.activities if a.line == line])
        )
        for line in lines
    ]
    for line, y_ in zip(lines, _spread(wanted, 0.0), strict=True):
        rows[_node_key("line", line)] = y_
    targets = {}
    for y_id in tree.outcomes:
        ys = [
            rows[_node_key("output", o)] for o, ys_ in tree.output_outcomes.items() if y_id in ys_
        ]
        ys += [
            rows[_node_key("activity", a)] for a, ys_ in tree.direct_outcomes.items() if y_id in ys_
        ]
        targets[y_id] = float(np.mean(ys))
    ordered = sorted(tree.outcomes, key=lambda i: (order[INDICATORS[i].goal], targets[i]))
    for y_id, y_ in zip(ordered, _spread([targets[i] for i in ordered], 0.0), strict=True):
        rows[_node_key("outcome", y_id)] = y_
    return rows


def _edges(tree: GoalTree) -> list[tuple[str, str, bool]]:
    """(from, to, direct): every link of the picture; ``direct`` for an activity's link to
    an outcome through none of its outputs."""
    out = []
    for a in tree.activities:
        out.append((_node_key("line", a.line), _node_key("activity", a.id), False))
        for o in tree.activity_outputs[a.id]:
            out.append((_node_key("activity", a.id), _node_key("output", o), False))
        for y_id in tree.direct_outcomes[a.id]:
            out.append((_node_key("activity", a.id), _node_key("outcome", y_id), True))
    for o, ys in tree.output_outcomes.items():
        for y_id in ys:
            out.append((_node_key("output", o), _node_key("outcome", y_id), False))
    return list(dict.fromkeys(out))


def _curve(
    x0: float, y0: float, x1: float, y1: float, n: int = 16
) -> tuple[list[float], list[float]]:
    """A horizontal S-curve (cubic Bézier) from (x0, y0) to (x1, y1)."""
    s = np.linspace(0.0, 1.0, n)
    mid = (x0 + x1) / 2
    xs = (1 - s) ** 3 * x0 + 3 * (1 - s) ** 2 * s * mid + 3 * (1 - s) * s**2 * mid + s**3 * x1
    ys = (1 - s) ** 3 * y0 + 3 * (1 - s) ** 2 * s * y0 + 3 * (1 - s) * s**2 * y1 + s**3 * y1
    return xs.tolist(), ys.tolist()


def node_chances(tree: GoalTree, results: Results) -> dict[str, float]:
    """The chance each output and outcome box shows: an output's chance of meeting its
    2027 target, an outcome's chance of being better than without the reserve (NaN where
    the results hold none), by node key (``"output:<id>"``, ``"outcome:<id>"``)."""
    fr = results.indicators
    out = {}
    for i, ind in INDICATORS.items():
        if ind.level == "output" or i in tree.outcomes:
            col = "p_target_met" if ind.level == "output" else "p_better_than_no_reserve"
            p = fr.at[i, col] if i in fr.index else np.nan
            out[_node_key(ind.level, i)] = float(p) if p is not None else np.nan
    return out


def goal_tree_figure(
    tree: GoalTree,
    results: Results,
    money: Mapping[str, float],
    *,
    lang: str,
    row_px: int = ROW_PX,
    font_size: int = NODE_FONT,
) -> go.Figure:
    """The doelenboom as a layered node-link diagram.

    Parameters
    ----------
    tree : GoalTree
        :func:`model.run.goaltree.goal_tree`.
    results : Results
        The scenario's reduced results: the chances colour the outputs and outcomes.
    money : mapping of str to float
        Activity id -> k€ (:func:`model.policy.activities.activity_money`), for the hover.
    row_px, font_size : int
        Pixels per row and the boxes' type size (smaller for print: the report's page).

    Returns
    -------
    plotly.graph_objects.Figure
        One rectangle shape per node, named by its key (``"line:2.1.b"``,
        ``"activity:gbt"``, ``"output:gbt_schools"``, ``"outcome:loneliness_share"``) and
        filled with its chance's colour (:data:`~model.present.charts.CHANCE_COLOURS`);
        the links as curves, dashed where an activity feeds an outcome directly.
    """
    rows = _layout(tree)
    chances = node_chances(tree, results)
    shapes: list[dict] = []
    notes: list[dict] = []
    hover: dict[str, list] = {"x": [], "y": [], "text": []}

    def box(key: str) -> tuple[float, float, float, float]:
        kind = key.split(":", 1)[0]
        x0, x1 = COLUMNS[kind]
        y = rows[key]
        return x0, x1, y - BOX / 2, y + BOX / 2

    for key, y in rows.items():
        kind, id_ = key.split(":", 1)
        x0, x1, y0, y1 = box(key)
        if kind in ("line", "activity"):
            line = id_ if kind == "line" else ACTIVITY_IDS[id_].line
            colour = line_colour(line)
            fill = _rgba(colour, 0.45 if kind == "line" else 0.2)
            border = colour
            if kind == "line":
                name = line_label(id_, lang)
                amount = float(results.allocation.get(id_, 0.0))
                tip = t("tree.hover.line", lang, name=name, amount=fmt_num(amount, lang))
            else:
                name = t(f"tree.activity.{id_}", lang)
                tip = t(
                    "tree.hover.activity",
                    lang,
                    name=name,
                    amount=fmt_num(money.get(id_, 0.0), lang),
                    line=line,
                )
            text = "<br>".join(_lines_of(name, WRAP[kind]))
        else:
            p = chances.get(key, np.nan)
            cls = chance_class(p)
            fill = CHANCE_COLOURS[cls] if cls != "none" else NEUTRAL
            border = "#555555"
            name = indicator_name(id_, lang)
            pct = fmt_pct(p, lang) if np.isfinite(p) else "—"
            lines = _lines_of(name, WRAP[kind])
            lines[0] = f"<b>{CHANCE_MARKS[cls]} {pct}</b>  {lines[0]}".strip()
            text = "<br>".join(lines)
            if kind == "output":
                target = f"{fmt_smart(INDICATORS[id_].target, lang)} {indicator_unit(id_, lang)}"
                tip = t("tree.hover.output", lang, name=name, target=target, chance=pct)
                if not any(id_ in v for v in tree.activity_outputs.values()):
                    tip += "<br>" + t("tree.no_money", lang)
            else:
                tip = t("tree.hover.outcome", lang, name=name, chance=pct)
        shapes.append(
            {"type": "rect", "name": key, "xref": "x", "yref": "y", "x0": x0, "x1": x1, "y0": y0, "y1": y1,
             "fillcolor": fill, "line": {"color": border, "width": 1.5}, "layer": "above"}
        )  # fmt: skip
        notes.append(
            {"x": x0 + 0.04, "y": y, "xref": "x", "yref": "y", "text": text, "showarrow": False,
             "xanchor": "left", "yanchor": "middle", "align": "left", "font": {"size": font_size, "color": "#111111"}}
        )  # fmt: skip
        hover["x"].append((x0 + x1) / 2)
        hover["y"].append(y)
        hover["text"].append(tip)

    traces: list[dict] = []
    for dashed in (False, True):
        xs: list[float | None] = []
        ys: list[float | None] = []
        for a, b, direct in _edges(tree):
            if direct != dashed:
                continue
            ax1 = box(a)[1]
            bx0 = box(b)[0]
            cx, cy = _curve(ax1, rows[a], bx0, rows[b])
            xs += [*cx, None]
            ys += [*cy, None]
        traces.append(
            {"type": "scatter", "x": xs, "y": ys, "mode": "lines", "hoverinfo": "skip", "showlegend": False,
             "line": {"color": EDGE_COLOUR, "width": 1.6, "dash": "dot" if dashed else "solid"}}
        )  # fmt: skip
    traces.append(
        {"type": "scatter", "x": hover["x"], "y": hover["y"], "mode": "markers", "hovertext": hover["text"],
         "hoverinfo": "text", "marker": {"size": 30, "opacity": 0}, "showlegend": False}
    )  # fmt: skip
    for cls in ("likely", "uncertain", "unlikely"):
        traces.append(
            {"type": "scatter", "x": [None], "y": [None], "mode": "markers", "name": f"{CHANCE_MARKS[cls]} {t(f'tree.legend.{cls}', lang)}",
             "marker": {"symbol": "square", "size": 18, "color": CHANCE_COLOURS[cls], "line": {"color": "#555555", "width": 1}}}
        )  # fmt: skip
    for kind, key in (
        ("line", "lines"),
        ("activity", "activities"),
        ("output", "outputs"),
        ("outcome", "outcomes"),
    ):
        x0, _ = COLUMNS[kind]
        notes.append(
            {"x": x0, "y": -0.9, "xref": "x", "yref": "y", "text": f"<b>{t(f'tree.col.{key}', lang)}</b>", "showarrow": False,
             "xanchor": "left", "yanchor": "bottom", "font": {"size": font_size + 2}}
        )  # fmt: skip
    bottom = max(rows.values()) + ROW
    height = int(row_px * (bottom + 1.5) + 130)
    return go.Figure(
        data=traces,
        layout={
            "title": {
                "text": t("tree.title", lang, name=plain_html(results.title)),
                "font": {"size": FONT_SIZE + 4},
            },
            "font": {"size": FONT_SIZE},
            "separators": "".join(reversed(SEPARATORS.get(lang, SEPARATORS["nl"]))),
            "shapes": shapes,
            "annotations": notes,
            "height": height,
            "margin": {"t": 70, "b": 20, "l": 10, "r": 10},
            "plot_bgcolor": "white",
            "hovermode": "closest",
            "legend": {
                "orientation": "h",
                "yanchor": "bottom",
                "y": 1.0,
                "xanchor": "right",
                "x": 1.0,
            },
            "xaxis": {
                "visible": False,
                "range": [-0.05, COLUMNS["outcome"][1] + 0.05],
                "fixedrange": True,
            },
            "yaxis": {"visible": False, "range": [bottom, -1.3], "fixedrange": True},
        },
    )


def tree_table(
    tree: GoalTree, results: Results, money: Mapping[str, float], *, lang: str
) -> pd.DataFrame:
    """The picture as a table, one row per box: ``kind`` (line, activity, output,
    outcome), ``id``, ``name`` in ``lang``, ``line``, ``amount_keur`` (lines and
    activities), ``chance`` (outputs: of meeting the 2027 target; outcomes: of being better
    than without the reserve) and ``feeds`` (the ids it links to, comma-separated)."""
    chances = node_chances(tree, results)
    links: dict[str, list[str]] = {}
    for a, b, _ in _edges(tree):
        links.setdefault(a, []).append(b.split(":", 1)[1])
    rows = []
    for key in _layout(tree):
        kind, id_ = key.split(":", 1)
        if kind == "line":
            name, line, amount = line_label(id_, lang), id_, float(results.allocation.get(id_, 0.0))
        elif kind == "activity":
            name, line, amount = (
                t(f"tree.activity.{id_}", lang),
                ACTIVITY_IDS[id_].line,
                float(money.get(id_, 0.0)),
            )
        else:
            name, line, amount = (
                indicator_name(id_, lang),
                GOALS[INDICATORS[id_].goal]["line"],
                np.nan,
            )
        rows.append(
            {"kind": kind, "id": id_, "name": name, "line": line, "amount_keur": amount,
             "chance": chances.get(key, np.nan), "feeds": ", ".join(links.get(key, []))}
        )  # fmt: skip
    order = {"line": 0, "activity": 1, "output": 2, "outcome": 3}
    return (
        pd.DataFrame(rows)
        .sort_values("kind", key=lambda c: c.map(order), kind="stable")
        .reset_index(drop=True)
    )


# --------------------------------------------------------------------------- money


def cofinancing_totals(results: Results, *, until: int = TARGET_YEAR) -> dict[str, float]:
    """Co-financing received per source, budget years up to ``until`` (median per year,
    summed; k€)."""
    by_source = results.cofinancing_by_source
    years = [y for y in by_source.index if y <= until]
    return {str(c): float(by_source.loc[years, c].sum()) for c in by_source.columns}


def money_flows(
    allocation: Mapping[str, float],
    money: Mapping[str, float],
    cofinancing: Mapping[str, float] | None = None,
    *,
    lang: str,
) -> pd.DataFrame:
    """The flows of the money Sankey, one row each.

    Parameters
    ----------
    allocation : mapping of str to float
        k€ per line.
    money : mapping of str to float
        k€ per activity (:func:`model.policy.activities.activity_money`).
    cofinancing : mapping of str to float, optional
        k€ per co-financing source (:func:`cofinancing_totals`); a source that accompanies
        several activities (the area partners of 2.2) is split over them in proportion to
        their reserve money, as the model pays it (a ratio to the provincial spending).

    Returns
    -------
    pandas.DataFrame
        ``source``, ``target`` (node keys: ``"reserve"``, ``"unallocated"``,
        ``"line:<line>"``, ``"activity:<id>"``, ``"cofinancing:<source>"``), ``kind``
        (``allocation``, ``unallocated``, ``activity``, ``cofinancing``), ``keur`` (k€) and
        ``source_label`` / ``target_label`` in ``lang``. Flows of zero are left out.
    """
    rows = []

    def add(source: str, target: str, kind: str, value: float) -> None:
        if value > 1e-9:
            rows.append({"source": source, "target": target, "kind": kind, "keur": float(value)})

    for line in LINES:
        add("reserve", _node_key("line", line), "allocation", float(allocation.get(line, 0.0)))
    add(
        "reserve",
        "unallocated",
        "unallocated",
        RESERVE_TOTAL - sum(float(allocation.get(x, 0.0)) for x in LINES),
    )
    for id_, value in money.items():
        add(
            _node_key("line", ACTIVITY_IDS[id_].line), _node_key("activity", id_), "activity", value
        )
    for source, value in (cofinancing or {}).items():
        takers = [a for a in money if ACTIVITY_IDS[a].cofinancing == source]
        base = sum(money[a] for a in takers)
        for a in takers:
            share = money[a] / base if base > 0 else 1.0 / len(takers)
            add(
                _node_key("cofinancing", source),
                _node_key("activity", a),
                "cofinancing",
                value * share,
            )
    frame = pd.DataFrame(rows, columns=["source", "target", "kind", "keur"])
    frame["source_label"] = [node_label(k, lang) for k in frame["source"]]
    frame["target_label"] = [node_label(k, lang) for k in frame["target"]]
    return frame


def node_label(key: str, lang: str) -> str:
    """A Sankey node's name in ``lang``."""
    kind, _, id_ = key.partition(":")
    if kind == "reserve":
        return t("tree.reserve", lang)
    if kind == "unallocated":
        return t("tree.unallocated", lang)
    if kind == "line":
        return line_label(id_, lang)
    if kind == "activity":
        return t(f"tree.activity.{id_}", lang)
    return t("tree.cofinancing", lang, name=t(f"tree.source.{id_}", lang))


def money_sankey(flows: pd.DataFrame, *, lang: str, name: str) -> go.Figure:
    """The money Sankey of :func:`money_flows`: the reserve to the lines to the
    activities, co-financing into the activities; every node with its amount in k€.
    ``name`` is the scenario's title (shown as text, never as markup)."""
    rank = {"reserve": 0, "line": 1, "unallocated": 2, "cofinancing": 3, "activity": 4}
    found = list(dict.fromkeys([*flows["source"], *flows["target"]]))
    keys = sorted(found, key=lambda k: (rank[k.partition(":")[0]], found.index(k)))
    index = {k: n for n, k in enumerate(keys)}
    inflow = flows.groupby("target")["keur"].sum()
    outflow = flows.groupby("source")["keur"].sum()

    def base(key: str) -> str:
        kind, _, id_ = key.partition(":")
        if kind == "line":
            return line_colour(id_)
        if kind == "activity":
            return line_colour(ACTIVITY_IDS[id_].line)
        return {"cofinancing": COFINANCING_COLOUR, "unallocated": "#cccccc"}.get(kind, "#4d4d4d")

    def colour(key: str) -> str:
        return _rgba(base(key), 0.7) if key.startswith("activity:") else base(key)

    def amount(key: str) -> float:
        return float(max(inflow.get(key, 0.0), outflow.get(key, 0.0)))

    labels = [f"{node_label(k, lang)}: {fmt_num(amount(k), lang)} k€" for k in keys]
    link_colours = [
        _rgba(COFINANCING_COLOUR if kind == "cofinancing" else base(target), 0.35)
        for kind, target in zip(flows["kind"], flows["target"], strict=True)
    ]
    hover = [
        t("tree.flow", lang, source=s, target=g, amount=fmt_num(v, lang))
        for s, g, v in zip(flows["source_label"], flows["target_label"], flows["keur"], strict=True)
    ]
    n_right = sum(1 for k in keys if k.startswith("activity:"))
    height = max(560, 34 * n_right + 160)
    x, y = _sankey_positions(keys, amount, height)
    sankey = go.Sankey(
        arrangement="snap",
        node={"label": labels, "color": [colour(k) for k in keys], "pad": 14, "thickness": 22, "x": x, "y": y,
              "line": {"color": "#555555", "width": 0.5}, "hovertemplate": "%{label}<extra></extra>"},
        link={"source": [index[s] for s in flows["source"]], "target": [index[g] for g in flows["target"]],
              "value": flows["keur"].tolist(), "color": link_colours, "customdata": hover,
              "hovertemplate": "%{customdata}<extra></extra>"},
        textfont={"size": NODE_FONT + 1, "color": "#111111"},
        valueformat=",.0f",
        valuesuffix=" k€",
    )  # fmt: skip
    return go.Figure(
        data=[sankey],
        layout={
            "title": {
                "text": t("tree.sankey_title", lang, name=plain_html(name)),
                "font": {"size": FONT_SIZE + 4},
            },
            "font": {"size": FONT_SIZE},
            "separators": "".join(reversed(SEPARATORS.get(lang, SEPARATORS["nl"]))),
            "height": height,
            "margin": {"t": 70, "b": 20, "l": 10, "r": 10},
        },
    )


SANKEY_X = {
    "reserve": 0.001,
    "unallocated": 0.4,
    "line": 0.4,
    "cofinancing": 0.4,
    "activity": 0.999,
}
"""Columns of the Sankey: the reserve, then the lines with the co-financing sources below
them (they flow into the activities, not through the lines), then the activities."""


def _sankey_positions(
    keys: Sequence[str], amount: Callable[[str], float], height: int
) -> tuple[list[float], list[float]]:
    """Node centres (0…1, top = 0) that keep each column in the order of ``keys`` (lines
    and activities in line order), spaced by their amounts and at least a label apart."""
    kinds = [k.partition(":")[0] for k in keys]
    x = [SANKEY_X[kind] for kind in kinds]
    y = [0.5] * len(keys)
    usable = max(height - 90, 100)  # the plot area without title and margins, px
    for column in sorted(set(x)):
        members = [n for n, xx in enumerate(x) if xx == column]
        total = sum(amount(keys[n]) for n in members) or 1.0
        pad = 14 / usable
        scale = (1.0 - pad * (len(members) - 1)) / total
        top, wanted = 0.0, []
        for n in members:
            size = amount(keys[n]) * scale
            wanted.append(top + size / 2)
            top += size + pad
        gap = 20 / usable  # a label's height
        placed: list[float] = []
        for w in wanted:
            placed.append(max(w, placed[-1] + gap) if placed else w)
        over = placed[-1] - 0.99 if placed else 0.0
        if over > 0:  # squeeze back into the plot from the top
            placed = [p * (0.99 / placed[-1]) for p in placed]
        for n, p in zip(members, placed, strict=True):
            y[n] = float(min(max(p, 0.01), 0.99))
    return x, y
