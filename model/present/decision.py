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
