"""Streamlit page: choose a scenario, change the reserve allocation, see the ledger.

Wiring only: widgets -> scenario -> ``model.simulate`` -> table and chart. All
arithmetic of the model lives in ``model/``; this file only selects and shows.
Run with ``make app`` (or ``streamlit run app.py``).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import plotly.graph_objects as go
import streamlit as st
from pandas.io.formats.style import Styler

from model import LINES, RESERVE_TOTAL, ScenarioError, list_scenarios, load_scenario, simulate
from model.texts import t as model_text

# --------------------------------------------------------------------------
# All user-facing text, Dutch first. Keys are the same in every language.
# --------------------------------------------------------------------------
TEXTS: dict[str, dict[str, str]] = {
    "nl": {
        "page_title": "Samen Leven – programmareserve",
        "title": "Verdeling van de programmareserve Samen Leven",
        "intro": (
            "Kader *Samen Leven en Bestaanszekerheid* 2024–2027 van de Provincie Limburg: "
            "€27 mln programmareserve die nog verdeeld moet worden. Kies een scenario, pas de "
            "verdeling per begrotingsregel aan en bekijk hoe het geld per begrotingsjaar wordt "
            "vrijgegeven en besteed."
        ),
        "scenario": "Scenario",
        "allocation": "Verdeling per begrotingsregel (k€)",
        "allocated": "Verdeeld",
        "unallocated": "Nog niet verdeeld",
        "invalid": "Deze verdeling is niet geldig:",
        "showing_last_valid": "Hieronder staat het resultaat van de laatste geldige verdeling.",
        "scenario_error": "Het scenariobestand kan niet worden gelezen:",
        "no_scenarios": "Geen scenariobestanden gevonden in scenarios/.",
        "ledger": "Reserve per begrotingsjaar (k€)",
        "chart_title": "Besteed per jaar en resterende reserve",
        "budget_year": "Begrotingsjaar",
        "reserve_released": "Vrijgegeven uit reserve",
        "reserve_spent": "Besteed",
        "cofinancing_received": "Cofinanciering ontvangen",
        "reserve_remaining": "Resterend in reserve",
        "note": "Eén doorrekening met de standaardwaarden van de parameters, zonder onzekerheid.",
    },
    "en": {
        "page_title": "Samen Leven – programme reserve",
        "title": "Allocating the Samen Leven programme reserve",
        "intro": (
            "The Province of Limburg's framework *Samen Leven en Bestaanszekerheid* 2024–2027: "
            "a €27M programme reserve still to be allocated. Choose a scenario, change the "
            "allocation per budget line and see how the money is released and spent per "
            "budget year."
        ),
        "scenario": "Scenario",
        "allocation": "Allocation per budget line (k€)",
        "allocated": "Allocated",
        "unallocated": "Not yet allocated",
        "invalid": "This allocation is not valid:",
        "showing_last_valid": "Below is the result of the last valid allocation.",
        "scenario_error": "The scenario file cannot be read:",
        "no_scenarios": "No scenario files found in scenarios/.",
        "ledger": "Reserve per budget year (k€)",
        "chart_title": "Spent per year and remaining reserve",
        "budget_year": "Budget year",
        "reserve_released": "Released from reserve",
        "reserve_spent": "Spent",
        "cofinancing_received": "Co-financing received",
        "reserve_remaining": "Remaining in reserve",
        "note": "One run at the default parameter values, without uncertainty.",
    },
}
LANGUAGES = {"nl": "Nederlands", "en": "English"}

LINE_IDS: tuple[str, ...] = tuple(LINES)  # "2.1.a" ... "2.3"; their names live in model/texts.py
LEDGER_VARS = ("reserve_released", "reserve_spent", "cofinancing_received", "reserve_remaining")


def fmt_keur(value: float, lang: str) -> str:
    """Format an amount in k€ as a whole number with the language's thousands separator."""
    text = f"{value:,.0f}"
    return text.replace(",", ".") if lang == "nl" else text


def error_text(err: ScenarioError, lang: str) -> str:
    """The model's own message for an invalid scenario, in the page's language."""
    message = getattr(err, "message", None)
    return message(lang) if callable(message) else str(err)


def scenario_label(path: Path) -> str:
    """'Title (file.toml)' for the scenario picker; the bare file name if it does not load."""
    try:
        return f"{load_scenario(path).title} ({path.name})"
    except ScenarioError:
        return path.name


@st.cache_data(show_spinner=False, max_entries=256)
def ledger_for(scenario_file: str, allocation: tuple[tuple[str, float], ...]) -> pd.DataFrame:
    """Simulate one allocation of one scenario file; the ledger of sample 0, one row a year."""
    scenario = load_scenario(Path(scenario_file)).with_allocation(dict(allocation))
    ds = simulate(scenario, samples=1, seed=0)
    return ds[list(LEDGER_VARS)].sel(variant="plan").isel(sample=0).to_dataframe()[list(LEDGER_VARS)]


def ledger_table(ledger: pd.DataFrame, t: dict[str, str], lang: str) -> Styler:
    """The ledger with labels of the chosen language, amounts formatted for display."""
    shown = pd.DataFrame(
        {t[var]: ledger[var].to_numpy() for var in LEDGER_VARS},
        index=pd.Index([str(y) for y in ledger.index], name=t["budget_year"]),
    )
    separators = {"thousands": ".", "decimal": ","} if lang == "nl" else {"thousands": ","}
    return shown.style.format(precision=0, **separators)


def ledger_figure(ledger: pd.DataFrame, t: dict[str, str], lang: str) -> go.Figure:
    """Bars of spending per budget year, with the reserve left at the end of each year."""
    years = [str(y) for y in ledger.index]
    fig = go.Figure()
    fig.add_bar(x=years, y=ledger["reserve_spent"], name=t["reserve_spent"])
    fig.add_scatter(
        x=years, y=ledger["reserve_remaining"], name=t["reserve_remaining"], mode="lines+markers"
    )
    fig.update_layout(
        title=t["chart_title"],
        xaxis={"title": t["budget_year"], "type": "category"},
        yaxis_title="k€",
        legend={"orientation": "h", "y": -0.2},
        margin={"t": 60, "b": 40},
        separators=",." if lang == "nl" else ".,",
    )
    return fig


# --------------------------------------------------------------------------
# Page
# --------------------------------------------------------------------------
st.set_page_config(
    page_title=TEXTS[st.session_state.get("lang", "nl")]["page_title"], layout="wide"
)
lang = st.sidebar.radio(
    "Taal / Language", list(LANGUAGES), format_func=LANGUAGES.__getitem__, key="lang"
)
T = TEXTS[lang]
st.title(T["title"])
st.markdown(T["intro"])

scenario_files = {path.name: path for path in list_scenarios()}
if not scenario_files:
    st.error(T["no_scenarios"])
    st.stop()
chosen = st.selectbox(
    T["scenario"],
    list(scenario_files),
    format_func=lambda name: scenario_label(scenario_files[name]),
    key="scenario",
)
scenario_file = str(scenario_files[chosen])
try:
    base = load_scenario(scenario_files[chosen])
except ScenarioError as err:
    st.error(f"{T['scenario_error']} {error_text(err, lang)}")
    st.stop()
if base.description:
    st.caption(f"**{base.title}** — {base.description}")

# A newly chosen scenario file puts its own allocation in the inputs.
if st.session_state.get("loaded_scenario") != scenario_file:
    for line in LINE_IDS:
        st.session_state[f"alloc_{line}"] = float(base.allocation.get(line, 0.0))
    st.session_state["loaded_scenario"] = scenario_file
    st.session_state["last_valid"] = {
        line: float(base.allocation.get(line, 0.0)) for line in LINE_IDS
    }

st.subheader(T["allocation"])
columns = st.columns(3)
for i, line in enumerate(LINE_IDS):
    with columns[i % 3]:
        st.number_input(
            f"{line} {model_text('line.' + line, lang)}", min_value=0.0, step=100.0, format="%.0f", key=f"alloc_{line}"
        )
allocation = {line: float(st.session_state[f"alloc_{line}"]) for line in LINE_IDS}

allocated = sum(allocation.values())
left, right, _ = st.columns([1, 1, 2])
left.metric(T["allocated"], f"{fmt_keur(allocated, lang)} k€")
right.metric(T["unallocated"], f"{fmt_keur(RESERVE_TOTAL - allocated, lang)} k€")

try:
    base.with_allocation(allocation)
except ScenarioError as err:
    st.error(f"{T['invalid']} {error_text(err, lang)}")
    st.info(T["showing_last_valid"])
else:
    st.session_state["last_valid"] = allocation

shown_allocation = tuple(sorted(st.session_state["last_valid"].items()))
ledger = ledger_for(scenario_file, shown_allocation)

st.subheader(T["ledger"])
st.table(ledger_table(ledger, T, lang))
st.caption(T["note"])
st.plotly_chart(ledger_figure(ledger, T, lang), key="ledger_chart")
