"""Figures of the decision analyses, as pure functions (the app and the report draw the same):
the value of information per uncertainty group as bars
(:func:`model.analysis.information.value_of_information`)."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go
import xarray as xr

from model.i18n import t
from model.present.charts import SCENARIO_COLOURS, _figure
from model.present.information import group_label, voi_unit

NEGLIGIBLE_COLOUR = "#bdbdbd"


def voi_figure(ds: xr.Dataset, *, lang: str) -> go.Figure:
    """EVPPI per uncertainty group as horizontal bars with their standard error, largest
    on top; groups that change no decision (``negligible``) in grey; the EVPI as a line.

    Parameters
    ----------
    ds : xarray.Dataset
        :func:`model.analysis.information.value_of_information`.

    Returns
    -------
    plotly.graph_objects.Figure
        One bar trace; bars in the VOI's units (percentage points of attainment, or targets).
    """
    values = np.nan_to_num(ds["evppi"].values.astype(float))
    errors = np.nan_to_num(ds["evppi_error"].values.astype(float))
    small = ds["negligible"].values.astype(bool)
    order = np.argsort(values)  # plotly draws the first bar at the bottom
    groups = [str(g) for g in ds["group"].values]
    names = [group_label(groups[k], lang) for k in order]
    colours = [NEGLIGIBLE_COLOUR if small[k] else SCENARIO_COLOURS[0] for k in order]
    unit = voi_unit(ds, lang)
    evpi = float(ds["evpi"])
    trace = {
        "type": "bar", "x": values[order], "y": names, "orientation": "h", "name": t("app.voi.evppi", lang),
        "marker": {"color": colours}, "error_x": {"type": "data", "array": errors[order], "color": "#555555"},
        "hovertemplate": "%{y}: %{x:.3g} " + unit + "<extra></extra>",
    }  # fmt: skip
    shapes = [
        {"type": "line", "xref": "x", "x0": evpi, "x1": evpi, "yref": "paper", "y0": 0, "y1": 1,
         "line": {"color": "#222222", "dash": "dot", "width": 2}}
    ]  # fmt: skip
    notes = [
        {"xref": "x", "x": evpi, "yref": "paper", "y": 1, "text": t("app.voi.evpi_line", lang), "showarrow": False,
         "xanchor": "right", "yanchor": "bottom"}
    ]  # fmt: skip
    return _figure(
        [trace],
        lang=lang,
        title=t("app.voi.chart_title", lang),
        height=max(360, 46 * len(groups) + 160),
        shapes=shapes,
        annotations=notes,
        hovermode="closest",
        showlegend=False,
        xaxis={"title": {"text": unit}, "rangemode": "tozero"},
        yaxis={"tickformat": ""},
    )


def front_figure(
    ds: xr.Dataset, *, x: str, y: str, lang: str, labels: dict[str, str] | None = None
) -> go.Figure:
    """The candidates of an allocation search on two of its objectives, the baseline marked.

    Parameters
    ----------
    ds : xarray.Dataset
        A search result with ``score`` over ``(candidate, objective)`` and
        ``baseline_score`` over ``objective`` (the shape of
        :func:`model.analysis.optimise.optimise`'s result).
    x, y : str
        Two ``objective`` coordinates (the same one twice plots it against the candidate's
        number).
    labels : dict, optional
        Objective -> axis title.

    Returns
    -------
    plotly.graph_objects.Figure
        Trace 0: the candidates, ``customdata`` their ``candidate`` index (what a click on a
        point selects, :func:`selected_candidate`); trace 1: the baseline (a diamond).
    """
    labels = labels or {}
    score = ds["score"]
    n = score.sizes["candidate"]
    xs = score.sel(objective=x).values if x != y else np.arange(n)
    ys = score.sel(objective=y).values
    base = ds["baseline_score"]
    bx = float(base.sel(objective=x)) if x != y else -1.0
    traces: list[dict] = [
        {"type": "scatter", "x": xs, "y": ys, "mode": "markers", "name": t("app.search.candidates", lang),
         "customdata": list(range(n)), "marker": {"size": 14, "color": SCENARIO_COLOURS[0], "line": {"color": "white", "width": 1}},
         "hovertemplate": t("app.search.hover", lang) + "<extra></extra>"},
        {"type": "scatter", "x": [bx], "y": [float(base.sel(objective=y))], "mode": "markers+text",
         "name": t("app.chart.baseline", lang), "text": [t("app.chart.baseline", lang)], "textposition": "top center",
         "marker": {"size": 18, "symbol": "diamond", "color": "#4d4d4d"}, "hoverinfo": "skip"},
    ]  # fmt: skip
    return _figure(
        traces,
        lang=lang,
        title=t("app.search.front_title", lang),
        height=520,
        hovermode="closest",
        clickmode="event+select",
        xaxis={"title": {"text": labels.get(x, x) if x != y else t("app.search.candidate", lang)}},
        yaxis={"title": {"text": labels.get(y, y)}, "tickformat": ""},
    )


def selected_candidate(selection: object) -> int | None:
    """The candidate a click on :func:`front_figure` selected: the first selected point's
    ``customdata`` (Streamlit's ``on_select`` state), None when no candidate is selected
    (nothing, or the baseline's marker)."""
    points: list = []
    if isinstance(selection, dict):
        points = (selection.get("selection") or {}).get("points") or []
    for point in points:
        if isinstance(point, dict) and point.get("curve_number", point.get("curveNumber", 0)) == 0:
            data = point.get("customdata")
            if isinstance(data, list):
                data = data[0] if data else None
            if isinstance(data, (int, float)) and not isinstance(data, bool):
                return int(data)
    return None


def candidate_allocation(ds: xr.Dataset, candidate: int) -> dict[str, float]:
    """A candidate's allocation, line -> k€ (``allocation`` over ``(candidate, line)``)."""
    row = ds["allocation"].isel(candidate=int(candidate))
    return {str(line): float(v) for line, v in zip(row["line"].values, row.values, strict=True)}
