"""The workshop app: allocate the €27M reserve, compare scenarios, see uncertainty and
what drives it. Run with ``make app`` (or ``streamlit run app.py``).

Wiring only: widgets -> scenario (``model.present.appstate``) -> library call
(``model.present.reduce``, ``model.analysis.sensitivity``, ``model.analysis.discovery``) -> chart or table
(``model.present.charts``). Texts live in the catalogue ``model/locales/`` (``model.i18n.t``).

Widget keys (stable; the tests use them):

========================  ==========================================================
``lang``                  language radio, ``"nl"`` / ``"en"``
``page``                  page radio, one of ``model.present.appstate.PAGES``
``scenario_file``         "start from" selectbox, a file name in ``scenarios/``, or
                          ``"opened"``: the scenario a link or an upload opened
``alloc_<line>``          allocation select-slider per line (k€), ``alloc_2.1.a`` …
``rebalance``             button that brings the total back to 27,000 k€
``nb_share``              slider: % of line 2.2 for priority neighbourhoods
``phasing``               radio, one of ``model.present.appstate.PHASING_CHOICES``
``j130``                  select-slider, Jeugdfonds 130 % lever (None or a share)
``samples`` / ``seed``    computation settings: samples (1 … 3,000), seed, and
``horizon``               the last year run, 2030 or 2027 (faster)
``assume_<knob id>``      assumption radios, e.g. ``assume_cof.gbt_national_contribution``,
                          ``assume_group.execution``
``preset_<name>``         assumption preset buttons, ``model.present.appstate.PRESETS``
``trend_indicator``       indicator of the trend chart on the allocation page
``compare_with``          multiselect of scenarios to compare; ``compare_same_assumptions``,
                          ``compare_indicator``, ``save_name``, ``save_current``
``driver_indicator``      drivers page: indicator, ``driver_method``, ``driver_size``,
                          ``driver_groups``, ``driver_run`` (button)
``search_objective``      search page: ``search_robustness``, ``search_samples``,
                          ``search_pareto``, ``search_levers`` (the 2.2 split and the
                          phasing too), ``search_lock_<line>``, ``search_range_<line>``
                          (k€ bounds), ``search_run`` / ``search_stop`` (buttons),
                          ``search_chart`` (the front: a click loads a candidate into the
                          sliders), ``search_x`` / ``search_y``, ``search_pick`` +
                          ``search_load``, ``search_table``
``marginal_run``          allocation page: the marginal value per line (button),
                          ``marginal_table``
``voi_options``           drivers page: the options of the value of information,
                          ``voi_run`` (button), ``voi_chart``
``report_decision``       share page: the report with the decision section (the
                          options of the drivers page's value of information)
``upload``                scenario file uploader; ``download_toml``, ``download_csv``,
                          ``download_netcdf``, ``download_excel``
``tree_chart``            goal-tree page: the doelenboom picture; ``sankey_chart`` the
                          flow of money
``explain_indicator``     explain page: indicator, ``explain_group``, ``explain_parameter``
``monitor_upload``        calibration page: monitor file uploader (CSV, read in memory,
                          never written to disk); ``monitor_parameters`` (compare with
                          the calibrated set or the priors), ``download_monitor_example``
========================  ==========================================================

Links and uploads are anyone's text: their titles, names and messages reach Streamlit only
through ``plain_markdown`` (no links, images or HTML from a URL), plotly's names through
``plain_html``; a scenario carrying an official scenario's name or title with other levers
is called changed in the heading, the "start from" list, the comparison, the report and
the downloads (``model.present.texts.marked``); and an unexpected error shows a short
message while its traceback goes to the server's log (``.streamlit/config.toml`` hides
Streamlit's own error details as well).
"""

from __future__ import annotations

import functools
import logging
import os
import time
from dataclasses import replace
from pathlib import Path
from urllib.parse import urlencode

import numpy as np
import streamlit as st

from model import (
    LINES,
    RESERVE_TOTAL,
    Scenario,
    ScenarioError,
    list_scenarios,
    load_parameters,
    load_scenario,
)
from model import report as R
from model.analysis.allocations import allocation_space
from model.analysis.marginal import marginal
from model.analysis.observations import CALIBRATION_DIR, MAX_MONITOR_BYTES
from model.analysis.optimise import optimise
from model.analysis.plancost import stored_plan_realism
from model.analysis.sets import DEFAULT_SET, default_parameters, describe_set, set_metadata
from model.errors import SamenlevenError
from model.i18n import t
from model.policy.activities import activity_money
from model.policy.detectability import DETECTABLE
from model.policy.indicators import INDICATORS
from model.policy.parameters import EVIDENCE_KINDS
from model.present import appstate as A
from model.present import calibration as K
from model.present import charts as C
from model.present import decision as DF
from model.present import downloads as D
from model.present import explain as E
from model.present import goaltree as G
from model.present import reduce as W
from model.present.formats import amounts
from model.present.information import voi_sentences
from model.present.jobs import Job
from model.present.search import (
    candidate_frame,
    marginal_frame,
    marginal_indicator_frame,
    marginal_sentences,
    objective_label,
    search_sentences,
)
from model.present.texts import (
    LANGUAGES,
    fmt_num,
    fmt_smart,
    goal_name,
    group_name,
    indicator_name,
    indicator_unit,
    line_label,
    marked,
    marked_title,
    official_scenarios,
    official_twin,
    safe_file_stem,
    same_content,
)
from model.present.texts import plain_markdown as md
from model.present.wording import (
    convergence_message,
    discovery_message,
    realism_counts,
    realism_frame,
    realism_sentences,
    realism_summary,
    time_findings,
)
from model.run import sizing as S
from model.run.goaltree import goal_tree

BASELINE = "baseline"
SAMPLE_CHOICES = A.SAMPLE_CHOICES
DEFAULT_SEED = 1
SIZES = {"morris": (10, 20, 50), "sobol": (64, 128, 256)}
DISCOVERY_SAMPLES = 1000
OPENED = "opened"
"""The "start from" entry of a scenario opened from a link or an upload (not a file's own)."""
LOG = logging.getLogger("samenleven.app")
"""Unexpected errors go here with their traceback (the server's log); visitors see a short text."""

_started = time.perf_counter()
DEFAULT_SAMPLES, _samples_problem = A.server_samples(os.environ)
if _samples_problem:  # the server's setting, not a visitor's input: said in the server's log
    LOG.warning(_samples_problem)
PARAMS = default_parameters()
"""What every ensemble draws from: the calibrated set (model.analysis.sets.default_parameters)."""
PRIORS = load_parameters()
KNOBS = A.knobs(PARAMS)
ss = st.session_state


# --------------------------------------------------------------------------- cached library calls

_SCENARIO_HASH = {Scenario: Scenario.to_toml}


REPORT_SOBOL_N = 128
"""Sobol sample size of the report built in the app (about 10 s; the CLI defaults to 512)."""


@st.cache_resource(show_spinner=False, max_entries=4, hash_funcs=_SCENARIO_HASH)
def counterfactual_for(scenario: Scenario, samples: int, seed: int, horizon: int):
    """The run without the reserve (shared, never modified): it does not depend on the
    allocation, so a moved slider reuses it and runs only the plan."""
    return W.counterfactual(scenario, samples=samples, seed=seed, horizon=horizon)


@st.cache_data(show_spinner=False, max_entries=128, hash_funcs=_SCENARIO_HASH)
def results_for(scenario: Scenario, samples: int, seed: int, horizon: int) -> W.Results:
    """One scenario's reduced results, cached by the scenario's content."""
    key = W.counterfactual_scenario(scenario, scenario_file(f"{BASELINE}.toml"))
    none = counterfactual_for(key, samples, seed, horizon)
    return W.results(scenario, samples=samples, seed=seed, horizon=horizon, counterfactual=none)


@st.cache_data(show_spinner=False, max_entries=16, hash_funcs=_SCENARIO_HASH)
def sensitivity_for(
    scenario: Scenario, method: str, n: int, grouped: bool, seed: int, _progress=None
):
    """Sobol or Morris indices of every indicator for ``scenario`` (cached)."""
    from model.analysis import sensitivity

    run = sensitivity.sobol if method == "sobol" else sensitivity.morris
    return run(scenario, n=n, seed=seed, groups="group" if grouped else None, progress=_progress)


@st.cache_resource(show_spinner=False, max_entries=2, hash_funcs=_SCENARIO_HASH)
def ensemble_run(scenario: Scenario, samples: int, seed: int):
    """The ensemble itself (shared, never modified; to the end of 2027, all that scenario
    discovery reads): kept so that another indicator needs no new run."""
    return W.run(scenario, samples=samples, seed=seed, horizon=2027)


@st.cache_data(show_spinner=False, max_entries=64, hash_funcs=_SCENARIO_HASH)
def discovery_for(scenario: Scenario, indicator: str, samples: int, seed: int):
    """PRIM boxes where ``indicator`` fails in ``scenario`` (cached)."""
    from model.analysis import discovery

    return discovery.discover_in(
        ensemble_run(scenario, samples, seed), indicator=indicator, parameters=PARAMS
    )


@st.cache_data(show_spinner=False, max_entries=16)
def monitor_for(name: str, data: bytes, samples: int, seed: int, set_name: str, lang: str):
    """A monitor file's fit (model.present.calibration.monitor_result), from the upload's
    bytes (nothing written to disk); cached by its content and the settings."""
    return K.monitor_result(name, data, samples=samples, seed=seed, set_name=set_name, lang=lang)


@st.cache_data(show_spinner=False, ttl=60)
def scenario_file(name: str) -> Scenario:
    """A scenario file of ``scenarios/`` by file name (re-read after a minute)."""
    return load_scenario(scenario_files[name])


@functools.lru_cache(maxsize=4096)
def keur(value: float, lang: str) -> str:
    """An amount as a slider shows it (6 sliders x 541 options every rerun: worth caching)."""
    return f"{fmt_num(value, lang)} k€"


# --------------------------------------------------------------------------- state


def load_into_state(sc: Scenario) -> None:
    """Put a scenario into the widgets (only in callbacks or before the widgets exist)."""
    sc = replace(
        sc, source=Path(sc.source).name
    )  # messages name the file, not the server's folders
    ss["loaded"] = sc
    ss["last_valid"] = sc
    for line in LINES:
        ss[f"alloc_{line}"] = (
            int(sc.allocation[line])
            if float(sc.allocation[line]).is_integer()
            else sc.allocation[line]
        )
    ss["nb_share"] = round(100 * sc.neighbourhood_share)
    ss["phasing"] = "loaded"
    ss["j130"] = sc.jeugdfonds_share_130
    ss["carry_over"] = sc.carry_over
    for knob in KNOBS:
        ss[knob.key] = A.knob_level(knob, sc.assumptions, PARAMS)


def select_for(sc: Scenario) -> None:
    """Point the "start from" list at ``sc``: its file when ``sc`` is that file's scenario
    unchanged, else an entry of its own (named as changed when it carries an official
    name or title), so that the list never claims a file that was not opened."""
    file = f"{sc.name}.toml"
    if file in scenario_files and same_content(sc, scenario_file(file)):
        ss["scenario_file"] = file
    else:
        ss["opened"] = sc
        ss["scenario_file"] = OPENED


def error_text(err: BaseException, lang: str) -> str:
    """What a visitor reads of ``err``: a refusal's own message (escaped: it quotes what
    the link or file held), else the short text of an unexpected error, whose details
    are in the server's log."""
    if isinstance(err, SamenlevenError):
        try:
            return md(err.message(lang))
        except Exception:  # a message that cannot be worded must not take the page down
            LOG.exception("the message of %r could not be worded", err)
    return t("app.error.input", lang)


def init_session() -> None:
    """First run of a session: language, page and scenario from the URL, else the baseline."""
    # every value of each parameter: a link that repeats one with different values is refused
    query = {k: st.query_params.get_all(k) for k in st.query_params}
    view = {k: v[-1] for k, v in query.items() if k in A.VIEW_QUERY_KEYS and v}
    ss["lang"] = view.get("lang") if view.get("lang") in LANGUAGES else "nl"
    ss["url_warnings"] = A.link_warnings(query)
    ss["page"] = view.get("page") if view.get("page") in A.PAGES else A.PAGES[0]
    ss.setdefault("samples", DEFAULT_SAMPLES)
    ss.setdefault("seed", DEFAULT_SEED)
    ss.setdefault("horizon", W.HORIZONS[0])
    ss["saved"] = {}
    ss["scenario_file"] = f"{BASELINE}.toml"
    sc = None
    try:
        sc = A.scenario_from_query(query)
        if sc is not None:
            load_into_state(sc)
            select_for(sc)
    except SamenlevenError as err:  # the link's problem, in the model's words
        ss["url_error"] = err
        sc = None
    except Exception as err:  # anything else: logged, and the session opens all the same
        LOG.exception("a link could not be opened: %r", query)
        ss["url_error"] = err
        sc = None
    if sc is None:
        ss["scenario_file"] = f"{BASELINE}.toml"
        load_into_state(scenario_file(f"{BASELINE}.toml"))


def on_scenario_file() -> None:
    choice = ss["scenario_file"]
    load_into_state(ss["opened"] if choice == OPENED else scenario_file(choice))
    ss.pop("url_error", None)  # another scenario chosen: the link's problem is resolved
    ss.pop("url_warnings", None)


def on_moved(line: str) -> None:
    ss["last_moved"] = line


def on_rebalance() -> None:
    amounts = A.rebalance({line: ss[f"alloc_{line}"] for line in LINES}, keep=ss.get("last_moved"))
    for line, amount in amounts.items():
        ss[f"alloc_{line}"] = amount


def on_preset(preset: str) -> None:
    levels = A.preset_levels(preset, {k.id: ss.get(k.key, "uncertain") for k in KNOBS}, KNOBS)
    for knob in KNOBS:
        ss[knob.key] = levels[knob.id]


def on_upload() -> None:
    upload = ss.get("upload")
    if upload is None:  # the file taken away: nothing left to report
        ss.pop("upload_message", None)
        return
    before = ss["loaded"]
    try:
        sc = A.read_upload(upload.name, upload.getvalue())
        load_into_state(sc)
    except SamenlevenError as err:  # refused, with the reason; the current scenario stays
        ss["upload_message"] = ("error", err)
        return
    except Exception as err:  # anything else: logged; the current scenario stays
        LOG.exception("an upload could not be opened: %r", upload.name)
        load_into_state(before)
        ss["upload_message"] = ("error", err)
        return
    select_for(sc)
    ss.pop("url_error", None)
    ss.pop("url_warnings", None)
    ss["upload_message"] = ("ok", (sc, upload.name))


def on_save() -> None:
    name = (
        ss.get("save_name") or ""
    ).strip() or f"{t('app.compare.current', ss['lang'])} {len(ss['saved']) + 1}"
    ss["saved"][name] = A.renamed(
        ss["last_valid"], name=f"saved_{len(ss['saved']) + 1}", title=name
    )
    ss["saved_message"] = name


def current_levels() -> dict[str, str]:
    return {k.id: ss.get(k.key, "uncertain") for k in KNOBS}


# --------------------------------------------------------------------------- helpers


def show_table(shown, chances) -> None:
    """A table with coloured chances; its headers name scenarios, so they are shown as
    text (``st.table`` renders markdown in every cell)."""
    st.table(C.chance_cells(shown, chances).rename(columns=md), hide_index=True)


def titled(r: W.Results) -> W.Results:
    """``r`` with its title escaped, for the sentences that name it in markdown."""
    return replace(r, title=md(r.title))


def run_all(scenarios: dict[str, Scenario], lang: str) -> dict[str, W.Results]:
    """Results of several scenarios, with a progress bar while any is computed."""
    bar = st.progress(0.0, text=t("app.compare.computing", lang)) if len(scenarios) > 2 else None
    out = {}
    for k, (label, sc) in enumerate(scenarios.items()):
        out[label] = results_for(sc, samples, seed, horizon)
        if bar is not None:
            bar.progress((k + 1) / len(scenarios), text=t("app.compare.computing", lang))
    if bar is not None:
        bar.empty()
    return out


def indicator_card(ind_id: str, lang: str) -> str:
    ind = INDICATORS[ind_id]
    return (
        t(
            "app.explain.card_indicator",
            lang,
            name=indicator_name(ind_id, lang),
            id=ind_id,
            goal=goal_name(ind.goal, lang),
            level=t(f"app.level.{ind.level}", lang),
            unit=indicator_unit(ind_id, lang),
            measure=t(f"app.measure.{ind.measure}", lang),
            target=t("app.no_target", lang) if ind.target is None else fmt_smart(ind.target, lang),
            source=ind.source,
        )
        + "".join(
            f"  \n{t(key, lang, text=text)}"
            for key, text in (
                ("app.explain.definition", ind.definition(lang)),
                ("app.explain.monitor", ind.monitor),
            )
            if text
        )
        + (
            f"  \n{t('app.explain.detectable', lang, value=f'{fmt_smart(DETECTABLE[ind_id].value, lang)} {indicator_unit(ind_id, lang)}', text=DETECTABLE[ind_id].reasoning(lang))}"
            if ind_id in DETECTABLE
            else ""
        )
    )


def parameter_card(name: str, lang: str) -> str:
    return E.parameter_card(PARAMS[name], lang)


def parameter_label(name: str, lang: str) -> str:
    """A parameter (or group) as a bar label: description and its evidence badge."""
    if name not in PARAMS:
        return group_name(name, lang)
    p = PARAMS[name]
    text = p.describe(lang)
    desc = text if len(text) <= 70 else text[:67] + "…"
    return f"{desc} ({t(f'app.kindword.{p.kind}', lang)})"


# --------------------------------------------------------------------------- frame and sidebar

scenario_files = {p.name: p for p in list_scenarios()}
if "loaded" not in ss:
    init_session()

# A widget whose label or option texts change (as on a language switch) is a new widget to
# the browser, which would reset it; writing the values back first keeps every choice. Only
# then: on other reruns it would overwrite input still in flight (a slider key held down).
for _key in (
    "lang", "page", "scenario_file", *(f"alloc_{line}" for line in LINES), "nb_share", "phasing", "j130", "samples",
    "seed", "horizon", *(k.key for k in KNOBS), "trend_indicator", "compare_with", "compare_same_assumptions",
    "compare_indicator", "driver_indicator", "driver_method", "driver_size", "driver_groups", "explain_indicator",
    "explain_group", "explain_parameter", "monitor_parameters", "search_objective", "search_robustness",
    "search_samples", "search_pareto", "search_levers", *(f"search_{w}_{line}" for w in ("lock", "range") for line in LINES),
    "search_x", "search_y", "search_pick",
):  # fmt: skip
    if _key in ss and ss.get("rendered_lang", ss.get("lang")) != ss.get("lang"):
        ss[_key] = ss[_key]

lang = ss["lang"]
st.set_page_config(
    page_title=t("app.page_title", lang), layout="wide", initial_sidebar_state="expanded"
)
st.markdown(
    "<style>[data-testid='stTable'] td, [data-testid='stTable'] th {font-size: 1.0rem;}"
    " [data-testid='stMetricValue'] {font-size: 2.4rem;}"
    " .block-container, [data-testid='stMainBlockContainer'] {padding-top: 2rem;}</style>",
    unsafe_allow_html=True,
)

side = st.sidebar
lang = side.radio(
    t("app.language", lang),
    list(LANGUAGES),
    format_func=LANGUAGES.__getitem__,
    key="lang",
    horizontal=True,
)
page = side.radio(
    t("app.page", lang), A.PAGES, format_func=lambda p: t(f"app.page.{p}", lang), key="page"
)
opened_label = (
    t("app.changed.option", lang, title=marked_title(ss["opened"], lang)) if "opened" in ss else ""
)
side.selectbox(
    t("app.start_from", lang),
    [*([OPENED] if "opened" in ss else []), *scenario_files],
    format_func=lambda name: opened_label if name == OPENED else scenario_file(name).title,
    key="scenario_file",
    on_change=on_scenario_file,
)
remaining_box = side.container()
side.markdown(f"**{t('app.lines_heading', lang)}**")
for line in LINES:
    # the options must not change while the user moves the slider (that would reset it):
    # the grid, plus the loaded scenario's own amount if it is off the grid
    options = sorted({*A.allocation_options(line), ss["loaded"].allocation[line]})
    side.select_slider(
        line_label(line, lang),
        options=options,
        format_func=lambda v: keur(v, lang),
        key=f"alloc_{line}",
        on_change=on_moved,
        args=(line,),
        help=t("app.committed_note", lang, **amounts(lang)) if A.min_allocation(line) > 0 else None,
    )
allocation = {line: float(ss[f"alloc_{line}"]) for line in LINES}

with side.expander(t("app.more_levers", lang)):
    st.slider(t("app.nb_share", lang), 0, 100, step=1, format="%d%%", key="nb_share")
    st.caption(
        t(
            "app.nb_split",
            lang,
            nb=fmt_num(allocation["2.2"] * ss["nb_share"] / 100, lang),
            vil=fmt_num(allocation["2.2"] * (100 - ss["nb_share"]) / 100, lang),
        )
    )
    st.radio(
        t("app.phasing", lang),
        A.PHASING_CHOICES,
        format_func=lambda c: t(f"app.phasing.{c}", lang),
        key="phasing",
    )
    j_options = list(A.JEUGDFONDS_CHOICES)
    if ss["loaded"].jeugdfonds_share_130 not in j_options:
        j_options = [
            None,
            *sorted({*(x for x in j_options if x is not None), ss["loaded"].jeugdfonds_share_130}),
        ]
    st.select_slider(
        t("app.j130", lang),
        options=j_options,
        format_func=lambda v: (
            t("app.j130.none", lang)
            if v is None
            else t("app.j130.share", lang, pct=f"{fmt_num(100 * v, lang)}%")
        ),
        key="j130",
    )
    st.checkbox(t("app.carry_over", lang), key="carry_over", help=t("app.carry_over_help", lang))
with side.expander(t("app.settings", lang)):
    st.selectbox(
        t("app.samples", lang),
        SAMPLE_CHOICES,
        key="samples",
        help=t("app.samples_help", lang),
        format_func=lambda n: fmt_num(n, lang),
    )
    st.number_input(t("app.seed", lang), min_value=0, max_value=2**32 - 1, step=1, key="seed")
    st.radio(
        t("app.horizon", lang),
        W.HORIZONS,
        format_func=lambda h: t(f"app.horizon.{h}", lang),
        key="horizon",
        horizontal=True,
    )
samples, seed, horizon = int(ss["samples"]), int(ss["seed"]), int(ss["horizon"])
try:  # sized before any run: refused here, not by the operating system (model.run.sizing)
    S.check_fits(S.estimate_ensemble(samples=samples, steps=12 * (horizon - 2023)), field=t("app.samples", lang), value=samples)  # fmt: skip
except SamenlevenError as err:
    st.error(err.message(lang))
    st.stop()

# --------------------------------------------------------------------------- the scenario

loaded: Scenario = ss["loaded"]
assumptions = A.assumptions_from_knobs(current_levels(), loaded.assumptions, PARAMS, KNOBS)
error: BaseException | None = None
try:
    current = A.build_scenario(
        loaded,
        allocation=allocation,
        neighbourhood_share=ss["nb_share"] / 100,
        jeugdfonds_share_130=ss["j130"],
        phasing=ss["phasing"],
        assumptions=assumptions,
        carry_over=ss["carry_over"],
    )
    ss["last_valid"] = current
except ScenarioError as err:
    error = err
except Exception as err:  # logged; the last valid scenario stays on screen
    LOG.exception("the scenario could not be built from the widgets")
    error = err
shown: Scenario = ss["last_valid"]
allocated = sum(allocation.values())

with remaining_box:
    left = RESERVE_TOTAL - allocated
    st.metric(
        t("app.remaining", lang),
        f"{fmt_num(left, lang)} k€",
        help=t(
            "app.allocated_of",
            lang,
            allocated=fmt_num(allocated, lang),
            total=fmt_num(RESERVE_TOTAL, lang),
        ),
    )
    if left < -1e-6:
        st.error(
            t(
                "app.over_reserve",
                lang,
                over=fmt_num(-left, lang),
                total=fmt_num(RESERVE_TOTAL, lang),
            )
        )
        st.button(
            t("app.rebalance", lang, total=fmt_num(RESERVE_TOTAL, lang)),
            key="rebalance",
            on_click=on_rebalance,
            type="primary",
            help=t("app.rebalance_help", lang, line=ss.get("last_moved") or "—", **amounts(lang)),
        )

view = {"page": page, "lang": lang}
query = {**A.scenario_to_query(shown), **view}
if {k: st.query_params.get(k) for k in st.query_params} != query:
    st.query_params.from_dict(query)

st.title(t("app.app_title", lang, **amounts(lang)))
modified = A.is_modified(shown, loaded)
official = official_scenarios()
twin = official_twin(loaded, official)  # the official scenario a link or upload passes for
loaded_title = marked_title(loaded, lang, official)
st.markdown(
    t("app.current_scenario", lang, title=md(loaded_title))
    + (f" — *{t('app.modified', lang)}*" if modified else "")
)
if twin is not None:
    st.info(t("app.changed.note", lang, file=md(f"{twin.name}.toml")))
if "url_error" in ss:
    st.warning(t("app.url.error", lang, message=error_text(ss["url_error"], lang)))
for warning in ss.get("url_warnings", []):
    st.info(t("app.url.ignored", lang, message=error_text(warning, lang)))
if error is not None:
    st.error(t("app.invalid", lang, message=error_text(error, lang)))
    st.info(t("app.showing_last_valid", lang))

baseline_sc = A.with_assumptions(scenario_file(f"{BASELINE}.toml"), shown.assumptions)
shown_label = "current"
shown_title = t("app.my_allocation", lang) if modified else loaded_title
exported = marked(shown, lang, official)
"""The current scenario as files and reports name it: changed when it differs from the
official scenario whose name or title it carries."""


# --------------------------------------------------------------------------- pages


@st.cache_data(show_spinner=False, max_entries=4)
def realism_texts(lang: str):
    """The plan-realism section's texts and table: a file of the repository, the same for
    every scenario, so worded once per language (not on every slider move)."""
    table = stored_plan_realism()
    return (
        f"{t('realism.intro', lang)} {realism_summary(table, lang)}",
        "\n".join(f"- {s}" for s in realism_sentences(table, lang)),
        realism_frame(table, lang),
        t("realism.derived_count", lang, n=realism_counts(table)["derived"]),
    )


def show_realism() -> None:
    """The stored plan-realism table: what the plan requires against public sources."""
    intro, sentences, frame, derived = realism_texts(lang)
    st.subheader(t("realism.heading", lang))
    st.markdown(intro)
    st.markdown(sentences)
    with st.expander(t("realism.table_heading", lang)):
        st.dataframe(frame, hide_index=True, key="realism_table")
    st.caption(derived)


def page_allocate() -> None:
    st.header(t("app.alloc.heading", lang))
    st.markdown(t("app.alloc.intro", lang))
    same = shown.to_toml() == A.renamed(baseline_sc, name=shown.name, title=shown.title).to_toml()
    scenarios = {BASELINE: baseline_sc} if same else {BASELINE: baseline_sc, shown_label: shown}
    runs = run_all(scenarios, lang)
    if not same:  # the current choice, named as the user knows it
        runs[shown_label] = replace(runs[shown_label], title=shown_title)
    cur, base = runs.get(shown_label, runs[BASELINE]), runs[BASELINE]
    m1, m2, m3, m4 = st.columns(4)
    for col, key, mine, theirs, total in (
        (m1, "likely", cur.likely_met(), base.likely_met(), cur.n_outputs),
        (m2, "outcomes_better", cur.outcomes_better(), base.outcomes_better(), cur.n_outcomes),
    ):
        col.metric(
            t(f"app.metric.{key}", lang),
            t("app.metric.of", lang, n=mine, total=total),
            delta=None
            if same
            else t("app.metric.vs_baseline", lang, delta=f"{mine - theirs:+d}".replace("+0", "±0")),
            delta_color="normal" if mine != theirs else "off",
            delta_arrow="auto" if mine != theirs else "off",
            help=t(f"app.metric.{'likely' if key == 'likely' else 'outcomes'}_help", lang),
        )
    spent = cur.ledger.loc[[y for y in cur.ledger.index if y <= 2027], "reserve_spent"].sum()
    cof = cur.ledger.loc[[y for y in cur.ledger.index if y <= 2027], "cofinancing_received"].sum()
    m3.metric(t("app.metric.spent", lang), f"{fmt_num(spent, lang)} k€")
    m4.metric(t("app.metric.cofinancing", lang), f"{fmt_num(cof, lang)} k€")

    st.subheader(t("app.outputs_heading", lang))
    st.markdown(
        t("app.legend", lang, samples=fmt_num(samples, lang))
        if samples > 1
        else t("app.legend_deterministic", lang)
    )
    st.caption(f"{describe_set(PARAMS, lang)} {t('app.calib.more', lang)}")
    show_table(
        *C.output_table(
            runs, lang=lang, baseline=BASELINE, focus=shown_label if not same else BASELINE
        )
    )
    show_marginal()
    show_realism()
    st.subheader(t("time.heading", lang))
    st.markdown("\n".join(f"- {s}" for s in time_findings(cur.time, lang)))

    left_col, right_col = st.columns(2)
    with left_col:
        ids = list(cur.indicators.index)
        outcomes = [i for i in ids if INDICATORS[i].level == "outcome"]
        if ss.get("trend_indicator") not in ids:
            ss["trend_indicator"] = outcomes[0] if outcomes else ids[0]
        ind = st.selectbox(
            t("app.indicator", lang),
            ids,
            format_func=lambda i: indicator_name(i, lang),
            key="trend_indicator",
        )
        st.plotly_chart(C.trend_figure(runs, ind, lang=lang, baseline=BASELINE), key="trend_chart")
        with st.expander(t("app.about_indicator", lang)):
            st.markdown(indicator_card(ind, lang))
    with right_col:
        st.markdown(f"**{t('app.ledger_heading', lang)}**")
        st.plotly_chart(
            C.ledger_figure({shown_label: cur}, lang=lang, baseline=shown_label), key="ledger_chart"
        )
        st.table(W.ledger_table({cur.title: cur.ledger}, lang=lang).rename(columns=md))
    if not same:
        st.subheader(t("app.differences_heading", lang))
        st.markdown("\n".join(f"- {s}" for s in W.differences(titled(cur), base, lang=lang)))
    st.subheader(t("app.outcomes_heading", lang))
    show_table(
        *C.outcome_table(
            runs, lang=lang, baseline=BASELINE, focus=shown_label if not same else BASELINE
        )
    )


def page_tree() -> None:
    """The doelenboom as a picture, coloured by the current scenario's chances, and the
    flow of its money from the reserve to the activities."""
    st.header(t("tree.heading", lang))
    st.markdown(t("tree.intro", lang))
    st.caption(t("tree.samples", lang, samples=fmt_num(samples, lang)))
    cur = replace(results_for(shown, samples, seed, horizon), title=shown_title)
    money = activity_money(shown, PARAMS)
    with st.spinner(t("app.compare.computing", lang)):
        tree = goal_tree()  # traced once per server process (about a second)
    st.plotly_chart(G.goal_tree_figure(tree, cur, money, lang=lang), key="tree_chart")
    st.subheader(t("tree.sankey_heading", lang))
    st.markdown(t("tree.sankey_intro", lang))
    flows = G.money_flows(cur.allocation, money, G.cofinancing_totals(cur), lang=lang)
    st.plotly_chart(G.money_sankey(flows, lang=lang, name=cur.title), key="sankey_chart")


def page_assumptions() -> None:
    st.header(t("app.assume.heading", lang))
    st.markdown(t("app.assume.intro", lang))
    st.markdown(f"**{t('app.assume.presets', lang)}**")
    cols = st.columns(len(A.PRESETS))
    for col, preset in zip(cols, A.PRESETS, strict=True):
        col.button(
            t(f"app.preset.{preset}", lang),
            key=f"preset_{preset}",
            on_click=on_preset,
            args=(preset,),
            use_container_width=True,
        )
    fixed = len(shown.assumptions)
    st.info(
        t("app.assume.fixed_count", lang, n=fixed) if fixed else t("app.assume.none_fixed", lang)
    )

    def knob_radio(knob: A.Knob) -> None:
        st.radio(
            A.knob_title(knob, PARAMS, lang),
            A.knob_options(knob, loaded.assumptions, PARAMS),
            format_func=lambda level, k=knob: A.knob_label(k, level, PARAMS, lang),
            key=knob.key,
            horizontal=True,
            persist_state="session",
            help=" · ".join(parameter_card(n, lang).replace("  \n", " · ") for n in knob.params[:1])
            if len(knob.params) == 1
            else None,
        )

    st.subheader(t("app.assume.cofinancing", lang))
    for knob in (k for k in KNOBS if k.id.startswith("cof.")):
        knob_radio(knob)
    st.subheader(t("app.assume.execution", lang))
    for knob in (k for k in KNOBS if k.id == "group.execution"):
        knob_radio(knob)
    st.subheader(t("app.assume.other", lang))
    st.caption(t("app.assume.other_help", lang))
    for knob in (k for k in KNOBS if k.id.startswith("group.") and k.id != "group.execution"):
        knob_radio(knob)
        names = ", ".join(knob.params[:6]) + (" …" if len(knob.params) > 6 else "")
        st.caption(t("app.assume.params_in_group", lang, n=len(knob.params), names=names))


def page_compare() -> None:
    st.header(t("app.compare.heading", lang))
    st.markdown(t("app.compare.intro", lang))
    options = [
        "current",
        *(n for n in scenario_files if n != f"{BASELINE}.toml"),
        *(f"saved:{k}" for k in ss["saved"]),
    ]
    if "compare_with" not in ss:  # by default the current scenario and the first two alternatives
        ss["compare_with"] = options[:3]
    ss["compare_with"] = [o for o in ss["compare_with"] if o in options]

    def label(option: str) -> str:
        if option == "current":
            return f"{t('app.compare.current', lang)}: {shown_title}"
        if option.startswith("saved:"):
            return t("app.compare.saved", lang, name=option[6:])
        return scenario_file(option).title

    chosen = st.multiselect(
        t("app.compare.choose", lang),
        options,
        format_func=label,
        key="compare_with",
        max_selections=A.MAX_COMPARE,
        persist_state="session",
    )
    if "compare_same_assumptions" not in ss:
        ss["compare_same_assumptions"] = True
    same_assumptions = st.checkbox(
        t("app.compare.same_assumptions", lang),
        key="compare_same_assumptions",
        persist_state="session",
    )
    if not chosen:
        st.info(t("app.compare.empty", lang))
        return
    scenarios: dict[str, Scenario] = {
        BASELINE: baseline_sc if same_assumptions else scenario_file(f"{BASELINE}.toml")
    }
    for option in chosen:
        if option == "current":
            sc = shown
        elif option.startswith("saved:"):
            sc = marked(ss["saved"][option[6:]], lang, official)
        else:
            sc = scenario_file(option)
        if same_assumptions:
            sc = A.with_assumptions(sc, shown.assumptions)
        scenarios[option] = sc
    runs = run_all(scenarios, lang)
    if "current" in runs:  # named as in the heading: "your allocation", or marked as changed
        runs["current"] = replace(runs["current"], title=shown_title)

    cols = st.columns(len(runs))
    for col, (key, r) in zip(cols, runs.items(), strict=True):
        col.metric(
            t("app.chart.baseline", lang) if key == BASELINE else md(r.title),
            t("app.metric.of", lang, n=r.likely_met(), total=r.n_outputs),
            help=t("app.metric.likely_help", lang),
        )
    st.subheader(t("app.outputs_heading", lang))
    st.markdown(
        t("app.legend", lang, samples=fmt_num(samples, lang))
        if samples > 1
        else t("app.legend_deterministic", lang)
    )
    st.caption(f"{describe_set(PARAMS, lang)} {t('app.calib.more', lang)}")
    shown_t, chances = C.output_table(runs, lang=lang, baseline=BASELINE)
    shown_t = shown_t.drop(columns=[t("app.col.expected", lang), t("app.col.interval", lang)])
    show_table(shown_t, chances)

    st.subheader(t("app.differences_heading", lang))
    for key, r in runs.items():
        if key != BASELINE:
            st.markdown(
                f"**{md(r.title)}**\n"
                + "\n".join(f"- {s}" for s in W.differences(titled(r), runs[BASELINE], lang=lang))
            )

    left_col, right_col = st.columns(2)
    with left_col:
        ids = list(runs[BASELINE].indicators.index)
        if ss.get("compare_indicator") not in ids:
            ss["compare_indicator"] = next(
                (i for i in ids if INDICATORS[i].level == "outcome"), ids[0]
            )
        ind = st.selectbox(
            t("app.indicator", lang),
            ids,
            format_func=lambda i: indicator_name(i, lang),
            key="compare_indicator",
        )
        st.plotly_chart(
            C.trend_figure(runs, ind, lang=lang, baseline=BASELINE), key="compare_trend_chart"
        )
    with right_col:
        st.markdown(f"**{t('app.ledger_heading', lang)}**")
        st.plotly_chart(
            C.ledger_figure(runs, lang=lang, baseline=BASELINE), key="compare_ledger_chart"
        )
    st.table(
        W.ledger_table(
            {
                (t("app.chart.baseline", lang) if k == BASELINE else r.title): r.ledger
                for k, r in runs.items()
            },
            lang=lang,
        ).rename(columns=md)
    )
    st.subheader(t("app.outcomes_heading", lang))
    shown_o, chances_o = C.outcome_table(runs, lang=lang, baseline=BASELINE)
    show_table(
        shown_o.drop(columns=[t("app.col.expected", lang), t("app.chart.no_reserve", lang)]),
        chances_o,
    )

    st.divider()
    c1, c2 = st.columns([3, 1], vertical_alignment="bottom")
    c1.text_input(t("app.compare.save_name", lang), key="save_name")
    c2.button(t("app.compare.save", lang), key="save_current", on_click=on_save)
    if "saved_message" in ss:
        st.success(t("app.compare.saved_ok", lang, name=md(ss.pop("saved_message"))))


SEARCH_SAMPLES = (100, 200, 500)
"""Draws per candidate the search page offers: a single-objective search from the baseline
took 11.8 s at 100 draws, 18.7 s at 200 and 26.4 s at 500 on two cores with RK4, and 34 s at
the command line's default of 1,000 (``bench/bench_decision.py --samples N --cases single``,
2026-12-02)."""
SEARCH_SECONDS = {100: 12, 200: 19, 500: 27}
"""Rough seconds of a single-objective search per choice of draws (shown before it runs)."""
MARGINAL_SAMPLES = 300
"""Draws of the marginal-value table: about a second on two cores."""


def search_settings() -> dict:
    """What the search page's widgets ask for, as :func:`model.analysis.optimise.optimise`'s
    keywords (bounds and locks in k€ per line)."""
    bounds, locks = {}, []
    for line in LINES:
        if ss.get(f"search_lock_{line}"):
            locks.append(line)
            continue
        low, high = ss.get(f"search_range_{line}", (A.min_allocation(line), RESERVE_TOTAL))
        if low > A.min_allocation(line) or high < RESERVE_TOTAL:
            bounds[line] = (float(low), float(high))
    return {
        "objective": ss.get("search_objective", "attainment"),
        "robustness": ss.get("search_robustness", "mean"),
        "pareto": bool(ss.get("search_pareto", False)),
        "levers": ("split", "phasing")
        if ss.get("search_levers") and not ss.get("search_pareto")
        else (),
        "samples": int(ss.get("search_samples", SEARCH_SAMPLES[1])),
        "bounds": bounds,
        "locks": locks,
    }


def search_key(sc: Scenario, settings: dict) -> tuple:
    """What a search result depends on, apart from the allocation it starts from (a loaded
    candidate must not make its own search stale); the locked lines' amounts do count."""
    return (
        tuple(sorted(sc.assumptions.items())), sc.neighbourhood_share, ss.get("phasing"),
        sc.jeugdfonds_share_130, sc.carry_over, str(sc.decision_date), seed,
        tuple(sorted((k, str(v)) for k, v in settings.items())),
        tuple(sc.allocation[line] for line in settings["locks"]),
    )  # fmt: skip


def start_search(sc: Scenario, settings: dict) -> None:
    """Check the bounds here (a message at once), then run the search in a thread of its own."""
    try:
        allocation_space(
            sc,
            bounds=settings["bounds"],
            locks=settings["locks"],
            fields={"bounds": t("app.search.bounds", lang), "low": t("app.search.bounds", lang),
                    "high": t("app.search.bounds", lang), "locks": t("app.search.bounds", lang)},
        )  # fmt: skip
    except SamenlevenError as err:
        ss["search_error"] = err
        return
    ss.pop("search_error", None)
    options = {k: v for k, v in settings.items() if k != "samples"}

    def work(progress, should_stop):
        return optimise(sc, samples=settings["samples"], seed=seed, parameters=PARAMS,
                        progress=progress, should_stop=should_stop, **options)  # fmt: skip

    ss["search_job"] = Job(work)
    ss["search_job_key"] = search_key(sc, settings)
    ss["search_job_start"] = dict(sc.allocation)


def collect_search() -> None:
    """A finished search's result (or its failure) into the session."""
    job = ss.get("search_job")
    if job is None or not job.finished:
        return
    ss.pop("search_job")
    if job.error is not None or job.result is None:
        ss["search_result"] = {"error": True}
        return
    ss["search_result"] = {"ds": job.result, "key": ss.pop("search_job_key"),
                           "start": ss.pop("search_job_start")}  # fmt: skip


def load_candidate(candidate: int) -> None:
    """Put a found allocation into the sliders (a callback: before the sliders exist)."""
    found = ss.get("search_result", {}).get("ds")
    if found is None or not 0 <= candidate < found.sizes["candidate"]:
        return
    for line, amount in DF.candidate_allocation(found, candidate).items():
        ss[f"alloc_{line}"] = A.snap(amount, line)
    if "neighbourhood_share" in found and found.attrs.get("levers", "-") != "-":
        ss["nb_share"] = round(100 * float(found["neighbourhood_share"].values[candidate]))
        ss["phasing"] = str(found["phasing"].values[candidate])
    ss["last_moved"] = None
    ss["search_loaded"] = candidate


def on_front_select() -> None:
    candidate = DF.selected_candidate(ss.get("search_chart"))
    if candidate is not None:
        load_candidate(candidate)


@st.fragment(run_every=1.0)
def search_progress() -> None:
    """Progress and a stop button while a search runs; the whole page once it is done."""
    job = ss.get("search_job")
    if job is None:
        return
    if job.finished:
        st.rerun()
    text = t("app.search.stopping", lang) if job.stopping else t(
        "app.search.running", lang, done=job.done, total=job.total or "…",
        seconds=fmt_num(job.seconds, lang))  # fmt: skip
    st.progress(job.fraction, text=text)
    st.button(
        t("app.search.stop", lang), key="search_stop", on_click=job.stop, disabled=job.stopping
    )


def page_search() -> None:
    collect_search()
    settings = search_settings()
    st.header(t("app.search.heading", lang))
    st.markdown(
        t("app.search.intro", lang, samples=fmt_num(settings["samples"], lang), **amounts(lang))
    )
    c1, c2, c3 = st.columns([2, 3, 2])
    c1.radio(t("app.search.objective", lang), ("attainment", "targets", "outcomes"),
             format_func=lambda o: t(f"app.search.objective.{o}", lang), key="search_objective")  # fmt: skip
    c2.radio(t("app.search.robustness", lang), ("mean", "p10", "regret"),
             format_func=lambda r: t(f"app.search.robustness.{r}", lang), key="search_robustness")  # fmt: skip
    ss.setdefault("search_samples", SEARCH_SAMPLES[1])
    c3.selectbox(t("app.search.samples", lang), SEARCH_SAMPLES, key="search_samples",
                 format_func=lambda n: fmt_num(n, lang))  # fmt: skip
    c3.checkbox(t("app.search.pareto", lang), key="search_pareto")
    c3.checkbox(
        t("app.search.levers", lang), key="search_levers", disabled=bool(ss.get("search_pareto"))
    )
    with st.expander(t("app.search.bounds", lang)):
        for line in LINES:
            a, b = st.columns([2, 3])
            a.checkbox(t("app.search.lock", lang, line=line, amount=fmt_num(shown.allocation[line], lang)),
                       key=f"search_lock_{line}")  # fmt: skip
            floor = int(A.min_allocation(line))
            ss.setdefault(f"search_range_{line}", (floor, int(RESERVE_TOTAL)))
            b.slider(t("app.search.range", lang, line=line_label(line, lang)), floor, int(RESERVE_TOTAL),
                     step=int(A.ALLOCATION_STEP), key=f"search_range_{line}",
                     disabled=bool(ss.get(f"search_lock_{line}")))  # fmt: skip
    settings = search_settings()
    running = ss.get("search_job") is not None
    st.button(t("app.search.run", lang), key="search_run", type="primary", disabled=running,
              on_click=start_search, args=(shown, settings))  # fmt: skip
    if "search_error" in ss:
        st.error(error_text(ss["search_error"], lang))
    if running:
        search_progress()
        return
    result = ss.get("search_result")
    if result is None:
        st.info(t("app.search.press", lang, samples=fmt_num(settings["samples"], lang),
                  seconds=fmt_num(SEARCH_SECONDS[settings["samples"]] * (10 if settings["pareto"] else 1), lang)))  # fmt: skip
        return
    if result.get("error"):
        st.error(t("app.search.failed", lang))
        return
    found = result["ds"]
    if result["key"] != search_key(shown, settings):
        st.info(t("app.search.stale", lang))
    if int(found.attrs.get("stopped", 0)):
        st.warning(t("app.search.stopped", lang))
    if "search_loaded" in ss:
        st.success(t("app.search.loaded", lang, candidate=ss["search_loaded"]))
    st.markdown("\n".join(f"- {s}" for s in search_sentences(found, lang)))
    objectives = [str(o) for o in found["objective"].values]
    labels = {o: objective_label(o, lang) for o in objectives}
    x = y = objectives[0]
    if len(objectives) > 1:
        a, b = st.columns(2)
        x = a.selectbox(
            t("app.search.chart_x", lang), objectives, format_func=labels.get, key="search_x"
        )
        y = b.selectbox(
            t("app.search.chart_y", lang),
            objectives,
            index=1,
            format_func=labels.get,
            key="search_y",
        )
    st.caption(t("app.search.click", lang))
    st.plotly_chart(DF.front_figure(found, x=x, y=y, lang=lang, labels=labels), key="search_chart",
                    on_select=on_front_select, selection_mode="points")  # fmt: skip
    a, b = st.columns([1, 3])
    pick = a.selectbox(t("app.search.pick", lang), list(range(found.sizes["candidate"])),
                       index=int(found["chosen"]), key="search_pick")  # fmt: skip
    b.button(
        t("app.search.load", lang, candidate=pick),
        key="search_load",
        on_click=load_candidate,
        args=(pick,),
    )
    st.markdown(f"**{t('app.search.table', lang)}**")
    st.dataframe(candidate_frame(found, lang), hide_index=True, key="search_table")


@st.cache_data(show_spinner=False, max_entries=32, hash_funcs=_SCENARIO_HASH)
def marginal_for(scenario: Scenario, samples: int, seed: int):
    """What a million more on each line changes (cached by the scenario's content)."""
    return marginal(scenario, samples=samples, seed=seed, parameters=PARAMS)


def show_marginal() -> None:
    """The marginal value per line beside the allocation: computed on request, then kept."""
    st.subheader(t("app.marginal.heading", lang))
    st.markdown(
        t(
            "app.marginal.intro",
            lang,
            step=fmt_num(1000, lang),
            samples=fmt_num(MARGINAL_SAMPLES, lang),
        )
    )
    key = (shown.to_toml(), seed)
    done = ss.setdefault("marginal", {})
    if key not in done and st.button(t("app.marginal.run", lang), key="marginal_run"):
        with st.spinner(t("app.compare.computing", lang)):
            try:
                done[key] = marginal_for(shown, MARGINAL_SAMPLES, seed)
            except Exception:  # a failed analysis must not take the workshop down
                LOG.exception("the marginal value failed")
                st.error(t("app.error.analysis", lang))
                return
    if key not in done:
        st.caption(
            t(
                "app.marginal.press",
                lang,
                samples=fmt_num(MARGINAL_SAMPLES, lang),
                seconds=fmt_num(2, lang),
            )
        )
        return
    st.markdown("\n".join(f"- {s}" for s in marginal_sentences(done[key], lang)))
    st.dataframe(marginal_frame(done[key], lang), hide_index=True, key="marginal_table")
    with st.expander(t("app.marginal.per_indicator", lang, step=fmt_num(1000, lang))):
        st.dataframe(
            marginal_indicator_frame(done[key], lang), hide_index=True, key="marginal_indicators"
        )


def page_drivers() -> None:
    show_drivers()
    st.divider()
    show_voi()


VOI_SAMPLES = 300
"""Draws of the value of information in the app: about 5 s for five options on two cores
(the command line defaults to more; 300 gives errors of a few hundredths of a point)."""
VOI_DEFAULT = (
    "current",
    "baseline.toml",
    "armoede_eerst.toml",
    "jeugd_eerst.toml",
    "wijken_eerst.toml",
)


@st.cache_data(show_spinner=False, max_entries=8, hash_funcs=_SCENARIO_HASH)
def voi_for(options: tuple[Scenario, ...], samples: int, seed: int, _progress=None):
    """The value of information of the choice between ``options`` (cached by their content)."""
    from model.analysis.information import value_of_information

    ds = value_of_information(list(options), samples=samples, seed=seed, progress=_progress)
    return ds.assign_coords(decision=ds["decision_title"].values)  # the sentences name titles


def voi_options() -> dict[str, Scenario]:
    """The options the value of information may choose between: the current scenario and
    each scenario file, all under the current assumptions (a choice, not a future)."""
    out = {"current": A.renamed(shown, name="current", title=shown_title)}
    for file in scenario_files:
        out[file] = A.with_assumptions(scenario_file(file), shown.assumptions)
    return out


def show_voi() -> None:
    st.subheader(t("app.voi.heading", lang))
    st.markdown(t("app.voi.intro", lang, samples=fmt_num(VOI_SAMPLES, lang)))
    options = voi_options()
    if "voi_options" not in ss:
        ss["voi_options"] = [o for o in VOI_DEFAULT if o in options]
    ss["voi_options"] = [o for o in ss["voi_options"] if o in options]
    chosen = st.multiselect(
        t("app.voi.options", lang),
        list(options),
        format_func=lambda o: md(options[o].title),
        key="voi_options",
    )
    # the same allocation and levers twice is one option
    unique: dict[str, Scenario] = {}
    for o in chosen:
        levers = A.renamed(options[o], name="x", title="x").to_toml()
        unique.setdefault(levers, options[o])
    picked = tuple(unique.values())
    key = (tuple(sc.to_toml() for sc in picked), seed)
    done = ss.setdefault("voi", {})
    if st.button(t("app.voi.run", lang), key="voi_run", type="primary"):
        if len(picked) < 2:
            st.warning(t("app.voi.need_two", lang))
        elif key not in done:
            bar = st.progress(0.0, text=t("app.voi.running", lang))
            try:
                done[key] = voi_for(
                    picked, VOI_SAMPLES, seed,
                    _progress=lambda k, n: bar.progress(min(k / n, 1.0), text=t("app.voi.running", lang)),
                )  # fmt: skip
            except Exception:  # a failed analysis must not take the workshop down
                LOG.exception("the value of information failed")
                st.error(t("app.error.analysis", lang))
            bar.empty()
    if key not in done:
        st.info(t("app.voi.press", lang, samples=fmt_num(VOI_SAMPLES, lang)))
        return
    ds = done[key]
    st.markdown("\n".join(f"- {md(s)}" for s in voi_sentences(ds, lang)))
    st.plotly_chart(DF.voi_figure(ds, lang=lang), key="voi_chart")


def show_drivers() -> None:
    st.header(t("app.drivers.heading", lang))
    st.markdown(t("app.drivers.intro", lang))
    try:
        from model.analysis import sensitivity
    except ImportError as err:  # the analysis module is optional in a partial install
        st.info(t("app.drivers.unavailable", lang, detail=err))
        return
    ids = sensitivity.modelled_indicators()
    if ss.get("driver_indicator") not in ids:
        ss["driver_indicator"] = ids[0]
    c1, c2, c3 = st.columns([3, 2, 2])
    ind = c1.selectbox(
        t("app.indicator", lang),
        ids,
        format_func=lambda i: indicator_name(i, lang),
        key="driver_indicator",
        persist_state="session",
    )
    if "driver_method" not in ss:
        ss["driver_method"] = "morris"
    method = c2.radio(
        t("app.drivers.method", lang),
        ("morris", "sobol"),
        format_func=lambda m: t(f"app.drivers.{m}", lang),
        key="driver_method",
        persist_state="session",
    )
    if ss.get("driver_size") not in SIZES[method]:
        ss["driver_size"] = SIZES[method][0]
    n_vars = len(shown.parameters(PARAMS).uncertain)
    size = c3.selectbox(
        t("app.drivers.size", lang),
        SIZES[method],
        key="driver_size",
        format_func=lambda n: t(
            "app.drivers.size_option",
            lang,
            n=n,
            runs=fmt_num(n * (n_vars + (2 if method == "sobol" else 1)), lang),
        ),
    )
    if "driver_groups" not in ss:
        ss["driver_groups"] = False
    grouped = st.toggle(
        t("app.drivers.grouped", lang), key="driver_groups", persist_state="session"
    )
    key = (shown.to_toml(), method, int(size), bool(grouped), seed)
    done = ss.setdefault("drivers", {})
    if st.button(t("app.drivers.run", lang), key="driver_run", type="primary") and key not in done:
        bar = st.progress(0.0, text=t("app.drivers.running", lang))
        started = time.perf_counter()
        try:
            done[key] = sensitivity_for(
                shown, method, int(size), bool(grouped), seed,
                _progress=lambda k, n: bar.progress(min(k / n, 1.0), text=t("app.drivers.running", lang)),
            )  # fmt: skip
            ensemble_run(shown, DISCOVERY_SAMPLES, seed)
        except Exception:  # a failed analysis must not take the workshop down
            LOG.exception("the sensitivity analysis failed")
            st.error(t("app.error.analysis", lang))
        bar.empty()
        st.caption(
            t("app.drivers.done", lang, seconds=fmt_num(time.perf_counter() - started, lang, 1))
        )
    if key not in done:
        st.info(t("app.drivers.press", lang))
        return

    ds = done[key]
    dim = "parameter" if "parameter" in ds.dims else "group"
    strength = ds["ST" if "ST" in ds else "mu_star"].sel(indicator=ind).values
    if not np.any(np.nan_to_num(strength) > 0):  # nothing varies (e.g. a line without money)
        st.info(t("app.drivers.no_variation", lang, name=indicator_name(ind, lang)))
        return
    labels = {str(p): parameter_label(str(p), lang) for p in ds[dim].values}
    st.subheader(t("app.drivers.ranking", lang))
    title = t("app.chart.sobol_title", lang, name=indicator_name(ind, lang))
    st.plotly_chart(
        C.sensitivity_figure(ds.sel(indicator=ind), lang=lang, title=title, labels=labels),
        key="driver_chart",
    )
    top = sensitivity.top_parameters(ds, ind, k=3)
    if top:
        st.markdown(
            t(
                "app.drivers.sentence",
                lang,
                name=indicator_name(ind, lang),
                items="; ".join(labels[name] for name, _, _ in top),
            )
        )
    st.caption(convergence_message(ds, lang))

    st.subheader(t("app.drivers.conditions", lang))
    if INDICATORS[ind].target is None:
        st.caption(t("app.drivers.no_target", lang))
    try:
        with st.spinner(t("app.drivers.running", lang)):
            boxes = discovery_for(shown, ind, DISCOVERY_SAMPLES, seed)
    except ImportError as err:  # e.g. the PRIM package missing
        st.info(t("app.drivers.conditions_unavailable", lang, detail=md(err)))
        return
    except Exception:  # logged; the rest of the page stays
        LOG.exception("scenario discovery failed")
        st.error(t("app.error.analysis", lang))
        return
    st.markdown(discovery_message(boxes, lang, params=PARAMS))


def page_share() -> None:
    st.header(t("app.share.heading", lang))
    st.subheader(t("app.share.scenario_file", lang))
    toml = exported.to_toml()
    stem = safe_file_stem(exported.name)
    st.download_button(
        t("app.share.download_toml", lang),
        toml,
        file_name=f"{stem}.toml",
        mime="application/toml",
        key="download_toml",
    )
    with st.expander(t("app.share.toml_preview", lang)):
        st.code(toml, language="toml")
    st.file_uploader(
        t("app.share.upload", lang, kb=A.MAX_UPLOAD_BYTES // 1024),
        type=["toml"],
        key="upload",
        on_change=on_upload,
        max_upload_size=1,
    )
    message = ss.get("upload_message")
    if message and message[0] == "error":
        st.error(t("app.share.upload_error", lang, message=error_text(message[1], lang)))
    elif message:
        opened, file = message[1]
        title = md(marked_title(opened, lang, official))
        st.success(t("app.share.upload_ok", lang, title=title, file=md(file)))

    st.subheader(t("app.share.link", lang))
    base_url = (getattr(st.context, "url", None) or "").split("?")[0]
    st.code(f"{base_url}?{urlencode(query, safe=',:;')}", language=None, wrap_lines=True)
    st.caption(t("app.share.link_help", lang))

    st.subheader(t("app.share.results", lang))
    st.caption(t("app.share.results_help", lang, samples=fmt_num(samples, lang)))
    cur = results_for(shown, samples, seed, horizon)
    cur = replace(cur, name=exported.name, title=exported.title)
    c1, c2, c3 = st.columns(3)
    c1.download_button(
        t("app.share.csv", lang),
        lambda: D.results_csv([cur], lang=lang),
        file_name=f"{stem}.csv",
        mime="text/csv",
        key="download_csv",
    )
    c2.download_button(
        t("app.share.excel", lang),
        lambda: D.results_excel([cur], [exported], lang=lang),
        file_name=f"{stem}.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key="download_excel",
    )
    c3.download_button(
        t("app.share.netcdf", lang),
        lambda: D.netcdf_bytes(W.full_ensemble(exported, samples=samples, seed=seed)),
        file_name=f"{stem}.nc",
        mime="application/x-netcdf",
        key="download_netcdf",
    )

    # the council report: built once behind a button (a Sobol analysis takes tens of
    # seconds), then each format is rendered on demand
    st.subheader(t("app.share.report", lang))
    st.caption(t("app.share.report_help", lang))
    decision = st.checkbox(t("app.share.report_decision", lang), key="report_decision")
    if st.button(t("app.share.report_build", lang), key="build_report"):
        with st.spinner(t("app.share.report_busy", lang)):
            options = [exported, *(sc for o, sc in voi_options().items() if o in ss.get("voi_options", []) and o != "current")]  # fmt: skip
            report = R.build_report(
                options if decision else [exported],
                samples=samples,
                sobol_n=REPORT_SOBOL_N,
                seed=seed,
                lang=lang,
                decision=decision,
            )
            try:  # the PDF now (its chart images need a browser); HTML and Excel on click
                pdf: bytes | str = R.render(report, "pdf")
            except R.ReportError as err:
                pdf = err.message(lang)
            ss["report"] = (report, pdf)
    if ss.get("report") is not None:
        report, pdf = ss["report"]
        r1, r2, r3 = st.columns(3)
        if isinstance(pdf, bytes):
            r1.download_button(
                t("app.share.report_pdf", lang),
                pdf,
                file_name=R.file_name(report, "pdf"),
                mime=R.MEDIA_TYPES["pdf"],
                key="download_report_pdf",
            )
        else:
            r1.warning(pdf)
        for column, fmt in ((r2, "html"), (r3, "xlsx")):
            column.download_button(
                t(f"app.share.report_{fmt}", lang),
                lambda fmt=fmt: R.render(report, fmt),
                file_name=R.file_name(report, fmt),
                mime=R.MEDIA_TYPES[fmt],
                key=f"download_report_{fmt}",
            )


def page_explain() -> None:
    st.header(t("app.explain.heading", lang))
    st.markdown(t("app.explain.intro", lang))
    st.subheader(t("app.explain.indicators", lang))
    ids = list(results_for(shown, 1, seed, horizon).indicators.index)
    st.dataframe(C.indicator_table(ids, lang=lang), hide_index=True)
    if ss.get("explain_indicator") not in ids:
        ss["explain_indicator"] = ids[0]
    ind = st.selectbox(
        t("app.explain.pick_indicator", lang),
        ids,
        format_func=lambda i: indicator_name(i, lang),
        key="explain_indicator",
    )
    st.markdown(indicator_card(ind, lang))

    st.subheader(t("app.explain.parameters", lang))
    kinds = [PARAMS[n].kind for n in PARAMS]
    st.markdown(
        t("app.explain.counts", lang, n=len(PARAMS), **{k: kinds.count(k) for k in EVIDENCE_KINDS})
    )
    groups = ["", *sorted({PARAMS[n].group for n in PARAMS if PARAMS[n].group})]
    if ss.get("explain_group") not in groups:
        ss["explain_group"] = ""
    group = st.selectbox(
        t("app.explain.filter_group", lang),
        groups,
        format_func=lambda g: t("app.explain.all_groups", lang) if g == "" else group_name(g, lang),
        key="explain_group",
    )
    names = [n for n in PARAMS if not group or PARAMS[n].group == group]
    st.dataframe(C.parameter_table(PARAMS, names, lang=lang), hide_index=True)
    if ss.get("explain_parameter") not in names:
        ss["explain_parameter"] = names[0]
    name = st.selectbox(t("app.explain.pick_parameter", lang), names, key="explain_parameter")
    st.markdown(parameter_card(name, lang))


def page_calibration() -> None:
    st.header(t("app.calib.heading", lang))
    meta = set_metadata(PARAMS.label)
    if any(PARAMS[n].calibrated for n in PARAMS):
        st.markdown(
            t(
                "app.calib.intro",
                lang,
                set=md(PARAMS.label),
                n=len(meta.get("fitted_observations", [])),
            )
        )
        st.subheader(t("app.calib.set_heading", lang))
        st.dataframe(K.set_table(PARAMS, PRIORS, lang=lang), hide_index=True)
        st.caption(t("app.calib.set_caption", lang))
    else:
        st.warning(t("app.calib.intro_priors", lang))

    st.subheader(t("app.calib.monitor_heading", lang))
    st.markdown(t("app.calib.monitor_intro", lang))
    example = CALIBRATION_DIR / "examples" / "monitor_example.csv"
    st.download_button(
        t("app.calib.example", lang),
        example.read_bytes(),
        file_name=example.name,
        mime="text/csv",
        key="download_monitor_example",
    )
    if ss.get("monitor_parameters") not in K.SET_CHOICES:
        ss["monitor_parameters"] = DEFAULT_SET
    set_name = st.radio(
        t("app.calib.compare_with", lang),
        K.SET_CHOICES,
        format_func=lambda c: t(f"app.calib.set_option.{c}", lang, set=DEFAULT_SET),
        key="monitor_parameters",
        horizontal=True,
    )
    upload = st.file_uploader(
        t("app.calib.upload", lang, kb=MAX_MONITOR_BYTES // 1024),
        type=["csv", "txt"],
        key="monitor_upload",
        max_upload_size=1,
    )
    if upload is None:
        return
    try:  # the upload's bytes, in memory: nothing is written to disk
        with st.spinner(t("app.calib.monitor_busy", lang)):
            result = monitor_for(upload.name, upload.getvalue(), samples, seed, set_name, lang)
    except SamenlevenError as err:  # the file's problem, in the model's words
        st.error(t("app.calib.monitor_error", lang, message=error_text(err, lang)))
        return
    except Exception as err:  # logged; the page stays
        LOG.exception("a monitor file could not be compared: %r", upload.name)
        st.error(t("app.calib.monitor_error", lang, message=error_text(err, lang)))
        return
    st.markdown(
        t(
            "app.calib.monitor_summary",
            lang,
            inside=result.inside,
            n=result.rows,
            samples=fmt_num(max(samples, K.MIN_MONITOR_SAMPLES), lang),
            seed=seed,
        )
    )
    st.dataframe(result.frame, hide_index=True)
    if result.inside < result.rows:
        st.info(t("app.calib.monitor_outside", lang))
    with st.expander(t("app.calib.monitor_text", lang)):
        st.code(result.text, language=None)
        st.caption(t("app.calib.monitor_command", lang))
        st.code(result.command, language=None)


PAGE_VIEWS = {
    "allocate": page_allocate,
    "tree": page_tree,
    "assumptions": page_assumptions,
    "compare": page_compare,
    "search": page_search,
    "drivers": page_drivers,
    "share": page_share,
    "explain": page_explain,
    "calibration": page_calibration,
}
try:
    PAGE_VIEWS[page]()
except Exception:  # visitors read a short message; the traceback goes to the server's log
    LOG.exception("the page %r failed", page)
    st.error(t("app.error.page", lang))
ss["rendered_lang"] = lang
side.caption(t("app.rerun_time", lang, seconds=fmt_num(time.perf_counter() - _started, lang, 2)))
