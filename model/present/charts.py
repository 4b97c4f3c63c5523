"""Charts and tables as pure functions: results in, a plotly figure or a pandas table out.

Used by the workshop app and meant for the reports too, so nothing here imports
streamlit. Every chart shows the baseline and the situation without the reserve
beside the scenarios, in large type for a projector, with the language's number
format (``1.234,5`` in Dutch).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import xarray as xr

from model.i18n import SEPARATORS, t
from model.policy.budget import LEDGER_LINES
from model.policy.indicators import END_OF_TARGET_YEAR, GOALS, INDICATORS, REGIONAL_STARTS
from model.policy.parameters import ParameterSet
from model.present.reduce import Results
from model.present.texts import (
    fmt_num,
    fmt_pct,
    fmt_smart,
    fmt_value,
    goal_name,
    group_name,
    indicator_name,
    indicator_unit,
    line_label,
    plain_html,
)
from model.run.summary import LIKELY, UNCERTAIN, chance_class, horizon_year

FONT_SIZE = 16
"""Base font size: readable on a wall."""

BASELINE_COLOUR = "#4d4d4d"
NO_RESERVE_COLOUR = "#9e9e9e"
SCENARIO_COLOURS = ("#0072b2", "#d55e00", "#009e73", "#cc79a7", "#e69f00")
"""Okabe–Ito colours (distinguishable with colour blindness), one per compared scenario."""
LINE_COLOURS = dict(
    zip(
        LEDGER_LINES,
        ("#0072b2", "#56b4e9", "#009e73", "#f0e442", "#d55e00", "#e69f00", "#cc79a7"),
        strict=True,
    )
)

CHANCE_COLOURS = {
    "likely": "#b7e1b9",
    "uncertain": "#ffe08a",
    "unlikely": "#f4b4b0",
    "none": "#ffffff",
}
"""Cell colours of the probability tables: green ≥ 80 %, amber 50–80 %, red < 50 %."""
CHANCE_MARKS = {"likely": "✓", "uncertain": "~", "unlikely": "✗", "none": ""}
"""Marks beside the percentages, so the table reads without colour too."""


def _figure(
    traces: list[dict],
    *,
    lang: str,
    title: str = "",
    yaxis_title: str = "",
    height: int = 460,
    **layout: object,
) -> go.Figure:
    """A figure from trace dicts and one nested layout (plotly validates it once; the
    ``update_layout(yaxis_title=...)`` style costs tens of milliseconds per chart)."""
    base: dict = {
        "title": {"text": title, "font": {"size": FONT_SIZE + 4}},
        "font": {"size": FONT_SIZE},
        "separators": "".join(reversed(SEPARATORS.get(lang, SEPARATORS["nl"]))),
        "legend": {"orientation": "h", "yanchor": "top", "y": -0.1, "xanchor": "left", "x": 0},
        "margin": {"t": 60, "b": 20, "l": 20, "r": 20},
        "height": height,
        "plot_bgcolor": "white",
        "hovermode": "x unified",
        "xaxis": {"showgrid": True, "gridcolor": "#eeeeee"},
        "yaxis": {
            "showgrid": True,
            "gridcolor": "#eeeeee",
            "zeroline": False,
            "tickformat": ",~r",
            "title": {"text": yaxis_title},
        },
    }
    for key, value in layout.items():
        if isinstance(value, dict) and isinstance(base.get(key), dict):
            base[key] = {**base[key], **value}
        else:
            base[key] = value
    return go.Figure(data=traces, layout=base)


def _rgba(hex_colour: str, alpha: float) -> str:
    r, g, b = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgba({r},{g},{b},{alpha})"


def chance_text(p: float, lang: str) -> str:
    """``"✓ 92%"``: the mark of its class and the percentage."""
    cls = chance_class(p)
    return "—" if cls == "none" else f"{CHANCE_MARKS[cls]} {fmt_pct(p, lang)}"


# --------------------------------------------------------------------------- trends


def trend_figure(
    runs: Mapping[str, Results],
    indicator: str,
    *,
    lang: str,
    baseline: str,
    show_band: bool = True,
) -> go.Figure:
    """One indicator over time: every scenario's median with its 90 % band, the
    baseline's median (grey) and the run without the reserve (dashed), plus the
    2027 target for an output.

    Parameters
    ----------
    runs : mapping of label to Results
        The scenarios, in the order of the legend; must contain ``baseline``.
    indicator : str
        An indicator id present in the results.
    baseline : str
        The label of the baseline in ``runs``.
    """
    ind = INDICATORS[indicator]
    base = runs[baseline].bands[f"band_{indicator}"]
    times = pd.to_datetime(base["time"].values)

    def q(band: xr.DataArray, variant: str, quantile: float) -> np.ndarray:
        return band.sel(variant=variant, quantile=quantile).values

    traces: list[dict] = [
        {
            "type": "scatter", "x": times, "y": q(base, "no_reserve", 0.5), "name": t("app.chart.no_reserve", lang), "mode": "lines",
            "line": {"color": NO_RESERVE_COLOUR, "dash": "dash", "width": 3},
        }
    ]  # fmt: skip
    others = [label for label in runs if label != baseline]
    for k, label in enumerate([baseline, *others]):
        band = runs[label].bands[f"band_{indicator}"]
        colour = (
            BASELINE_COLOUR
            if label == baseline
            else SCENARIO_COLOURS[(k - 1) % len(SCENARIO_COLOURS)]
        )
        name = t("app.chart.baseline", lang) if label == baseline else plain_html(runs[label].title)
        if show_band and runs[label].samples > 1:
            traces.append(
                {"type": "scatter", "x": times, "y": q(band, "plan", 0.95), "mode": "lines", "line": {"width": 0},
                 "showlegend": False, "hoverinfo": "skip", "legendgroup": label}
            )  # fmt: skip
            traces.append(
                {"type": "scatter", "x": times, "y": q(band, "plan", 0.05), "mode": "lines", "line": {"width": 0},
                 "fill": "tonexty", "fillcolor": _rgba(colour, 0.12 if label == baseline else 0.22),
                 "name": t("app.chart.band", lang, name=name), "hoverinfo": "skip", "legendgroup": label, "showlegend": False}
            )  # fmt: skip
        traces.append(
            {"type": "scatter", "x": times, "y": q(band, "plan", 0.5), "name": name, "mode": "lines", "legendgroup": label,
             "line": {"color": colour, "width": 3 if label == baseline else 4}}
        )  # fmt: skip
    end = pd.Timestamp(END_OF_TARGET_YEAR)
    shapes = [
        {
            "type": "line",
            "xref": "x",
            "x0": end,
            "x1": end,
            "yref": "paper",
            "y0": 0,
            "y1": 1,
            "line": {"color": "#999999", "width": 1},
        }
    ]
    notes = [
        {
            "xref": "x",
            "x": end,
            "yref": "paper",
            "y": 1,
            "text": t("app.chart.end_2027", lang),
            "showarrow": False,
            "xanchor": "left",
            "yanchor": "top",
        }
    ]
    if ind.target is not None:
        shapes.append(
            {"type": "line", "xref": "paper", "x0": 0, "x1": 1, "yref": "y", "y0": ind.target, "y1": ind.target,
             "line": {"color": "#222222", "dash": "dot", "width": 2}}
        )  # fmt: skip
        notes.append(
            {"xref": "paper", "x": 0, "yref": "y", "y": ind.target, "text": f"{t('app.chart.target', lang)}: {fmt_smart(ind.target, lang)}",
             "showarrow": False, "xanchor": "left", "yanchor": "bottom"}
        )  # fmt: skip
    title = indicator_name(indicator, lang)
    if indicator in REGIONAL_STARTS:
        title += f" ({t('app.chart.regions_mean', lang)})"
    return _figure(
        traces,
        lang=lang,
        title=_wrap(title, 70),
        yaxis_title=indicator_unit(indicator, lang),
        shapes=shapes,
        annotations=notes,
    )


def _wrap(text: str, width: int) -> str:
    """Break a long title onto lines of about ``width`` characters (plotly's ``<br>``)."""
    words, lines, line = text.split(), [], ""
    for w in words:
        if line and len(line) + 1 + len(w) > width:
            lines.append(line)
            line = w
        else:
            line = f"{line} {w}".strip()
    lines.append(line)
    return "<br>".join(lines)


# --------------------------------------------------------------------------- money


def ledger_figure(
    runs: Mapping[str, Results], *, lang: str, baseline: str, years: Sequence[int] | None = None
) -> go.Figure:
    """Money per budget year: reserve spent (bars, one colour per scenario; a single
    scenario is split by budget line) and what remains in the reserve (lines)."""
    labels = [baseline, *(label for label in runs if label != baseline)]
    first = runs[labels[0]].ledger
    keep = [y for y in first.index if years is None or y in years]
    x = [str(y) for y in keep]
    traces: list[dict] = []
    if len(labels) == 1:
        by_line = runs[labels[0]].spent_by_line.loc[keep]
        for line in by_line.columns:
            traces.append(
                {
                    "type": "bar",
                    "x": x,
                    "y": by_line[line].values,
                    "name": line_label(str(line), lang),
                    "marker": {"color": LINE_COLOURS.get(str(line))},
                }
            )
    else:
        for k, label in enumerate(labels):
            colour = (
                BASELINE_COLOUR
                if label == baseline
                else SCENARIO_COLOURS[(k - 1) % len(SCENARIO_COLOURS)]
            )
            name = (
                t("app.chart.baseline", lang)
                if label == baseline
                else plain_html(runs[label].title)
            )
            traces.append(
                {"type": "bar", "x": x, "y": runs[label].ledger.loc[keep, "reserve_spent"].values, "name": name,
                 "marker": {"color": colour}, "legendgroup": label}
            )  # fmt: skip
    for k, label in enumerate(labels):
        colour = (
            BASELINE_COLOUR
            if label == baseline
            else SCENARIO_COLOURS[(k - 1) % len(SCENARIO_COLOURS)]
        )
        name = (
            t("app.chart.baseline", lang)
            if label == baseline and len(labels) > 1
            else plain_html(runs[label].title)
        )
        traces.append(
            {"type": "scatter", "x": x, "y": runs[label].ledger.loc[keep, "reserve_remaining"].values, "mode": "lines+markers",
             "name": f"{t('app.chart.remaining', lang)}: {name}", "line": {"color": colour, "dash": "dot", "width": 2}, "legendgroup": label}
        )  # fmt: skip
    title = (
        t("app.chart.ledger_title", lang)
        if len(labels) == 1
        else t("app.chart.ledger_compare_title", lang)
    )
    return _figure(
        traces,
        lang=lang,
        title=title,
        yaxis_title="k€",
        height=560,
        barmode="stack" if len(labels) == 1 else "group",
        xaxis={"type": "category"},
    )


# --------------------------------------------------------------------------- tables


def _goal_order(ids: Sequence[str]) -> list[str]:
    order = {g: k for k, g in enumerate(GOALS)}
    return sorted(ids, key=lambda i: (order[INDICATORS[i].goal], list(INDICATORS).index(i)))


def _table_rows(
    runs: Mapping[str, Results], *, lang: str, baseline: str, focus: str | None, level: str
) -> tuple[list[str], dict[str, str], pd.DataFrame, list[str]]:
    """The scenarios (baseline first), their display names, the focus scenario's
    indicator frame and the ids of ``level`` in goal order: what both tables share."""
    labels = [baseline, *(label for label in runs if label != baseline)]
    fr = runs[focus or labels[-1]].indicators
    ids = _goal_order([i for i in fr.index if fr.at[i, "level"] == level])
    names = {
        label: t("app.chart.baseline", lang) if label == baseline else runs[label].title
        for label in labels
    }
    return labels, names, fr, ids


def _with_chances(
    shown: pd.DataFrame,
    runs: Mapping[str, Results],
    labels: list[str],
    names: dict[str, str],
    *,
    column: str,
    rate: str,
    lang: str,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Add one chance column per scenario to ``shown``; return it with the raw chances."""
    chances = pd.DataFrame(index=shown.index)
    for label in labels:
        col = t(column, lang, name=names[label])
        p = runs[label].indicators[rate].reindex(shown.index)
        shown[col] = [chance_text(v, lang) for v in p]
        chances[col] = p.values
    return shown, chances


def output_table(
    runs: Mapping[str, Results], *, lang: str, baseline: str, focus: str | None = None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The outputs against their 2027 targets: one row per output, the expected value
    of ``focus`` (default: the last scenario) with its 90 % range, and per scenario
    the chance of meeting the target.

    Returns
    -------
    (shown, chances) : tuple of DataFrame
        ``shown`` holds the formatted cells; ``chances`` the probabilities (0…1) of the
        chance columns, same index, for colouring (:func:`style_chances`).
    """
    labels, names, fr, ids = _table_rows(
        runs, lang=lang, baseline=baseline, focus=focus, level="output"
    )
    shown = pd.DataFrame(
        {
            t("app.col.goal", lang): _goal_column(ids, lang),
            t("app.col.indicator", lang): [indicator_name(i, lang) for i in ids],
            t("app.col.target", lang): [
                f"{fmt_smart(INDICATORS[i].target, lang)} {indicator_unit(i, lang)}" for i in ids
            ],
            t("app.col.expected", lang): [fmt_smart(fr.at[i, "median"], lang) for i in ids],
            t("app.col.interval", lang): [
                f"{fmt_smart(fr.at[i, 'p05'], lang)} – {fmt_smart(fr.at[i, 'p95'], lang)}"
                for i in ids
            ],
        },
        index=pd.Index(ids, name="id"),
    )
    return _with_chances(
        shown, runs, labels, names, column="app.col.chance", rate="p_target_met", lang=lang
    )


def outcome_table(
    runs: Mapping[str, Results], *, lang: str, baseline: str, focus: str | None = None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The outcomes in 2027: the level in 2023, the expected level of ``focus`` and
    without the reserve, and per scenario the chance of being better than without the
    reserve. Returns ``(shown, chances)`` as :func:`output_table`."""
    labels, names, fr, ids = _table_rows(
        runs, lang=lang, baseline=baseline, focus=focus, level="outcome"
    )
    shown = pd.DataFrame(
        {
            t("app.col.goal", lang): _goal_column(ids, lang),
            t("app.col.indicator", lang): [indicator_name(i, lang) for i in ids],
            "2023": [fmt_smart(fr.at[i, "start"], lang) for i in ids],
            t("app.col.expected", lang): [fmt_smart(fr.at[i, "median"], lang) for i in ids],
            t("app.chart.no_reserve", lang): [fmt_smart(fr.at[i, "no_reserve"], lang) for i in ids],
        },
        index=pd.Index(ids, name="id"),
    )
    year = horizon_year(runs[focus or labels[-1]].bands)
    if year is not None and "median_late" in fr:  # slow effects: the horizon after 2027
        shown[t("app.col.expected_year", lang, year=year)] = [
            fmt_smart(fr.at[i, "median_late"], lang) for i in ids
        ]
        shown[t("app.col.no_reserve_year", lang, year=year)] = [
            fmt_smart(fr.at[i, "no_reserve_late"], lang) for i in ids
        ]
    shown, chances = _with_chances(
        shown,
        runs,
        labels,
        names,
        column="app.col.better_none",
        rate="p_better_than_no_reserve",
        lang=lang,
    )
    if year is not None and "p_better_than_no_reserve_late" in fr:
        label = t("app.col.better_none_year", lang, year=year, name=names[focus or labels[-1]])
        chances[label] = [float(fr.at[i, "p_better_than_no_reserve_late"]) for i in ids]
        shown[label] = [chance_text(p, lang) for p in chances[label]]
    return shown, chances


CHANCE_MARKDOWN = {"likely": "green", "uncertain": "orange", "unlikely": "red"}
"""Streamlit's background colours of the chance cells in the app's tables (the colour
classes of :data:`CHANCE_COLOURS`, in the colours of the app's theme)."""


def chance_cells(shown: pd.DataFrame, chances: pd.DataFrame) -> pd.DataFrame:
    """``shown`` with each chance cell wrapped in Streamlit's markdown background colour
    (``:green-background[**✓ 92%**]``; a cell without a chance stays ``—``), for
    ``st.table(..., hide_index=True)``.

    Colour by markdown costs the page about 1 ms a table, where a pandas Styler cost
    about 9 ms (Streamlit renders a Styler to HTML to read its colours; measured with
    py-spy on a moved slider, three tables a page). The cells of ``chances`` are
    numbers and the marks are the module's own, so no text from a user is wrapped.
    """
    table = shown.reset_index(drop=True)
    for col in chances.columns:
        cells = []
        for text, p in zip(table[col], chances[col], strict=True):
            colour = CHANCE_MARKDOWN.get(chance_class(p))
            cells.append(f":{colour}-background[**{text}**]" if colour else text)
        table[col] = cells
    return table


def _goal_column(ids: Sequence[str], lang: str) -> list[str]:
    """The goal's name on the first row of each goal, blank below it (reads as groups)."""
    out, previous = [], None
    for i in ids:
        goal = INDICATORS[i].goal
        out.append(goal_name(goal, lang) if goal != previous else "")
        previous = goal
    return out


def chance_figure(runs: Mapping[str, Results], *, lang: str, baseline: str) -> go.Figure:
    """The chance of meeting each output's target as dots per scenario on a 0–100 %
    scale, over green / amber / red zones (for reports and slides)."""
    labels = [baseline, *(label for label in runs if label != baseline)]
    fr = runs[labels[-1]].indicators
    ids = _goal_order([i for i in fr.index if fr.at[i, "level"] == "output"])[::-1]
    names = [_wrap(indicator_name(i, lang), 55) for i in ids]
    shapes = [
        {"type": "rect", "xref": "x", "x0": 100 * x0, "x1": 100 * x1, "yref": "paper", "y0": 0, "y1": 1,
         "fillcolor": CHANCE_COLOURS[cls], "opacity": 0.5, "line": {"width": 0}, "layer": "below"}
        for x0, x1, cls in ((0, UNCERTAIN, "unlikely"), (UNCERTAIN, LIKELY, "uncertain"), (LIKELY, 1.0, "likely"))
    ]  # fmt: skip
    traces = []
    for k, label in enumerate(labels):
        colour = (
            BASELINE_COLOUR
            if label == baseline
            else SCENARIO_COLOURS[(k - 1) % len(SCENARIO_COLOURS)]
        )
        p = runs[label].indicators["p_target_met"].reindex(ids) * 100
        traces.append(
            {"type": "scatter", "x": p.values, "y": names, "mode": "markers",
             "name": t("app.chart.baseline", lang) if label == baseline else plain_html(runs[label].title),
             "marker": {"color": colour, "size": 14 if label != baseline else 11, "symbol": "circle" if label != baseline else "diamond"}}
        )  # fmt: skip
    return _figure(
        traces,
        lang=lang,
        title=t("app.outputs_heading", lang),
        height=max(400, 34 * len(ids) + 160),
        shapes=shapes,
        xaxis={
            "range": [-2, 102],
            "ticksuffix": "%",
            "title": {"text": t("app.chart.chance", lang)},
        },
        hovermode="closest",
    )


# --------------------------------------------------------------------------- sensitivity


def sensitivity_figure(
    indices: xr.Dataset,
    *,
    lang: str,
    title: str,
    labels: Mapping[str, str],
    top: int = 12,
) -> go.Figure:
    """Horizontal bars ranking the uncertain parameters for one indicator.

    ``indices`` is one indicator's slice of :func:`model.analysis.sensitivity.sobol` (``ST``,
    ``ST_conf``, ``S1``, ``S1_conf`` over ``parameter``) or
    :func:`model.analysis.sensitivity.morris` (``mu_star``, ``mu_star_conf``, ``sigma``);
    ``labels`` maps a parameter id to what the bar is called.
    """
    sobol = "ST" in indices
    main, conf = ("ST", "ST_conf") if sobol else ("mu_star", "mu_star_conf")
    second = "S1" if sobol else "sigma"
    values = indices[main].to_pandas().fillna(0.0)
    values = (
        values[values > 0].sort_values(ascending=False).head(top)[::-1]
    )  # what has no effect is no driver
    params = [str(p) for p in values.index]
    names = [_wrap(labels.get(p, p), 60) for p in params]
    err = indices[conf].to_series().reindex(params).fillna(0.0).values if conf in indices else None
    traces = [
        {"type": "bar", "x": values.values, "y": names, "orientation": "h", "name": t("app.chart.total_effect" if sobol else "app.chart.mu_star", lang),
         "marker": {"color": SCENARIO_COLOURS[0]}, "error_x": {"type": "data", "array": err, "visible": err is not None, "color": "#555555"}}
    ]  # fmt: skip
    if second in indices:
        traces.append(
            {"type": "bar", "x": indices[second].to_series().reindex(params).fillna(0.0).values, "y": names, "orientation": "h",
             "name": t("app.chart.first_order" if sobol else "app.chart.sigma", lang), "marker": {"color": SCENARIO_COLOURS[1]}}
        )  # fmt: skip
    return _figure(
        traces,
        lang=lang,
        title=_wrap(title, 70),
        height=max(380, 46 * len(params) + 160),
        barmode="group",
        hovermode="closest",
    )


def indicator_table(ids: Sequence[str], *, lang: str) -> pd.DataFrame:
    """Every indicator with its goal, level, unit, 2027 target, how it is read and its source."""
    rows = []
    for i in _goal_order(list(ids)):
        ind = INDICATORS[i]
        rows.append(
            {
                t("app.col.goal", lang): goal_name(ind.goal, lang),
                t("app.col.level", lang): t(f"app.level.{ind.level}", lang),
                t("app.col.indicator", lang): indicator_name(i, lang),
                t("app.col.unit", lang): indicator_unit(i, lang),
                t("app.col.target", lang): t("app.no_target", lang)
                if ind.target is None
                else fmt_smart(ind.target, lang),
                t("app.col.measure", lang): t(f"app.measure.{ind.measure}", lang),
                t("app.col.source", lang): ind.source,
                t("app.col.id", lang): i,
            }
        )
    return pd.DataFrame(rows)


def parameter_table(params: ParameterSet, names: Sequence[str], *, lang: str) -> pd.DataFrame:
    """Parameters with their kind (source / derived / assumption), description, value,
    unit, range and the source or the reasoning behind an assumption."""
    rows = []
    for n in names:
        p = params[n]
        rng = (
            t("app.fixed", lang)
            if not p.uncertain
            else f"{fmt_value(float(p.low), p.unit, lang)} – {fmt_value(float(p.high), p.unit, lang)}"  # type: ignore[arg-type]
        )
        rows.append(
            {
                t("app.col.kind", lang): t(f"app.kindword.{p.kind}", lang),
                t("app.col.parameter", lang): n,
                t("app.col.description", lang): p.describe(lang),
                t("app.col.value", lang): fmt_value(p.value, p.unit, lang),
                t("app.col.unit", lang): p.unit,
                t("app.col.range", lang): rng,
                t("app.col.group", lang): group_name(p.group, lang),
                t("app.col.source", lang): p.origin_in(lang),
            }
        )
    return pd.DataFrame(rows)


def money_label(value: float, lang: str) -> str:
    """An amount in k€ for display: ``15.000 k€``."""
    return f"{fmt_num(value, lang)} k€"
