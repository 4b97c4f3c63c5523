"""What a council report says: :func:`assemble` turns what :func:`model.report.compute.compute`
found into the summary's sentences, the sections' tables and the app's charts
(:mod:`model.present.charts`), and the data sheets behind them (:mod:`model.report.sheets`).
The layout per format is in :mod:`model.report.pdf`, :mod:`model.report.html` and
:mod:`model.report.xlsx`.
"""

from __future__ import annotations

import platform
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import numpy as np
import pandas as pd
import xarray as xr

from model import __version__
from model.analysis.plancost import stored_plan_realism
from model.analysis.sensitivity import top_parameters
from model.analysis.sets import DEFAULT_SET, describe_set
from model.i18n import t
from model.policy.activities import activity_money
from model.policy.budget import LINES, RESERVE_TOTAL
from model.policy.detectability import DETECTABLE
from model.policy.indicators import GOALS, INDICATORS, TARGET_YEAR
from model.policy.scenarios import Scenario
from model.present import charts as C
from model.present import decision as DF
from model.present import goaltree as G
from model.present.formats import amounts
from model.present.information import group_label, voi_pair, voi_sentences, voi_unit
from model.present.reduce import differences
from model.present.search import (
    candidate_frame,
    marginal_frame,
    marginal_sentences,
    objective_label,
    search_sentences,
)
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
)
from model.present.wording import (
    join_and,
    realism_counts,
    realism_frame,
    realism_sentences,
    realism_summary,
    time_findings,
)
from model.report.compute import Inputs, effects, ordered, ranking
from model.report.document import Block, Chart, GoalSummary, Report, Section, Table, Text
from model.report.sheets import discovery_message, sheets
from model.report.texts import origin, parameter_label, parameter_phrase, unit_nl
from model.run.goaltree import goal_tree
from model.run.summary import LIKELY, UNCERTAIN

TOP_RANKING = 15
"""Uncertainties in the ranking table over all outputs."""

# --------------------------------------------------------------------------- formatting


def _fmt(value: float, lang: str) -> str:
    return fmt_smart(float(value), lang) if value is not None and np.isfinite(value) else "—"


def _pct(p: float, lang: str) -> str:
    return fmt_pct(float(p), lang) if p is not None and np.isfinite(p) else "—"


def _index(x: float, lang: str) -> str:
    """A Sobol index with two decimals (``0,32``)."""
    return fmt_num(float(x), lang, 2) if np.isfinite(x) else "—"


def _band(lo: float, hi: float, lang: str) -> str:
    return f"{_fmt(lo, lang)} – {_fmt(hi, lang)}"


def _join(items: Sequence[str], lang: str) -> str:
    return join_and(list(items), lang)


def _goal_column(ids: Sequence[str], lang: str) -> list[str]:
    out, previous = [], None
    for i in ids:
        goal = INDICATORS[i].goal
        out.append(goal_name(goal, lang) if goal != previous else "")
        previous = goal
    return out


def _key_outputs(inp: Inputs) -> dict[str, str]:
    """Per goal, the output least likely to meet its target in the focus scenario."""
    fr = inp.runs[inp.focus].indicators
    out: dict[str, str] = {}
    for goal in GOALS:
        ids = [
            i
            for i in ordered(list(fr.index))
            if INDICATORS[i].goal == goal and INDICATORS[i].level == "output"
        ]
        p = fr.loc[ids, "p_target_met"].dropna() if ids else pd.Series(dtype=float)
        if not p.empty:
            out[goal] = str(p.idxmin())
    return out


def _top(si: xr.Dataset, indicator: str, k: int) -> list[tuple[str, float, float]]:
    return [t for t in top_parameters(si, indicator, k=k) if np.isfinite(t[1])]


def _label(inp: Inputs, name: str, width: int = 90) -> str:
    return parameter_label(inp.params[name], inp.lang, width) if name in inp.params else name


def assemble(inp: Inputs) -> Report:
    lang = inp.lang
    keys = _key_outputs(inp)
    goals, intro, closing = _summary(inp, keys)
    sections = [
        _money_section(inp),
        _tree_section(inp),
        _outputs_section(inp, keys),
        _realism_section(inp),
        _outcomes_section(inp),
        _time_section(inp),
        _sensitivity_section(inp, keys),
        _discovery_section(inp),
    ]
    if len(inp.runs) > 1:
        sections.append(_comparison_section(inp))
    if inp.search is not None:
        sections.append(_search_section(inp))
    if inp.voi is not None:
        sections.append(_decision_section(inp))
    sections.append(_assumptions_section(inp))
    colophon = _colophon(inp)
    sections.append(
        Section("colophon", t("report.colophon.heading", lang), [
            Table("colophon", "", pd.DataFrame(colophon, columns=[t("report.colophon.key", lang), t("report.colophon.value", lang)]), sheet="Colofon", widths=(1, 3))
        ])
    )  # fmt: skip
    titles = [inp.scenarios[label].title for label in inp.user_labels]
    today = datetime.now(UTC).date().isoformat()
    report = Report(
        lang=lang,
        title=t("report.title", lang),
        subtitle=t("report.subtitle", lang, names=" / ".join(titles), date=today),
        intro=intro,
        goals=goals,
        closing=closing,
        sections=sections,
        sheets={},
        colophon=colophon,
        footer=t("report.footer", lang, version=__version__, hash=inp.params.digest(), seed=inp.seed, samples=inp.samples, n=inp.sobol_n),
        settings={"samples": inp.samples, "sobol_n": inp.sobol_n, "seed": inp.seed, "lang": lang,
                  "scenarios": list(inp.user_labels), "focus": inp.focus, "parameter_hash": inp.params.digest(),
                  "model_runs_sobol": int(inp.sobol.attrs.get("model_runs", 0))},
    )  # fmt: skip
    report.sheets = sheets(inp, report)
    return report


def _chance_counts(p: pd.Series) -> tuple[int, int, int]:
    p = p.dropna()
    return (
        int((p >= LIKELY).sum()),
        int(((p >= UNCERTAIN) & (p < LIKELY)).sum()),
        int((p < UNCERTAIN).sum()),
    )


def _summary(
    inp: Inputs, keys: Mapping[str, str]
) -> tuple[list[GoalSummary], list[str], list[str]]:
    lang = inp.lang
    res = inp.runs[inp.focus]
    fr = res.indicators
    sc = inp.scenarios[inp.focus]
    outputs = [
        i
        for i in ordered(list(fr.index))
        if INDICATORS[i].level == "output" and INDICATORS[i].target is not None
    ]
    likely, _, unlikely = _chance_counts(fr.loc[outputs, "p_target_met"])
    intro = [
        t(
            "report.summary.intro",
            lang,
            title=sc.title,
            samples=fmt_num(inp.samples, lang),
            likely=likely,
            outputs=len(outputs),
            unlikely=unlikely,
            **amounts(lang),
        ),
        t("report.summary.plan_note", lang),
        describe_set(inp.params, lang, names=False),
    ]
    goals: list[GoalSummary] = []
    for goal, info in GOALS.items():
        ids = [i for i in outputs if INDICATORS[i].goal == goal]
        outcomes = [
            i
            for i in ordered(list(fr.index))
            if INDICATORS[i].goal == goal and INDICATORS[i].level == "outcome"
        ]
        if not ids and not outcomes:
            continue
        amount = sc.allocation.get(info["line"], float("nan"))
        sentences = []
        if ids:
            a, b, c = _chance_counts(fr.loc[ids, "p_target_met"])
            sentences.append(
                t(
                    "report.summary.goal_outputs",
                    lang,
                    n=len(ids),
                    likely=a,
                    uncertain=b,
                    unlikely=c,
                )
            )
        if outcomes:
            better = int((fr.loc[outcomes, "p_better_than_no_reserve"] >= LIKELY).sum())
            better_2023 = int((fr.loc[outcomes, "p_better_than_2023"] >= LIKELY).sum())
            sentences.append(
                t(
                    "report.summary.goal_outcomes",
                    lang,
                    n=len(outcomes),
                    better=better,
                    better_2023=better_2023,
                )
            )
        named_now: list[str] = []
        if goal in keys:
            weakest = keys[goal]
            p = _pct(fr.at[weakest, "p_target_met"], lang)
            top = _top(inp.sobol, weakest, 2) if weakest in inp.sobol["indicator"].values else []
            name = indicator_name(weakest, lang)
            named_now = [t[0] for t in top]
            if len(top) >= 2 and top[1][1] >= 0.5 * top[0][1]:
                sentences.append(
                    t(
                        "report.summary.weakest_two",
                        lang,
                        name=name,
                        p=p,
                        driver=parameter_phrase(inp.params[top[0][0]], lang),
                        second=parameter_phrase(inp.params[top[1][0]], lang),
                    )
                )
            elif top:
                named_now = named_now[:1]
                sentences.append(
                    t(
                        "report.summary.weakest",
                        lang,
                        name=name,
                        p=p,
                        driver=parameter_phrase(inp.params[top[0][0]], lang),
                    )
                )
            else:
                sentences.append(t("report.summary.weakest_plain", lang, name=name, p=p))
        named = set(named_now)
        drivers = [d for d in _goal_drivers(inp, ids) if d not in named][:1]
        if drivers and len(ids) > 1:
            sentences.append(
                t(
                    "report.summary.goal_drivers",
                    lang,
                    items=_join([parameter_phrase(inp.params[d], lang) for d in drivers], lang),
                )
            )
        rows = []
        for i in ids:
            rows.append({
                "Output": indicator_name(i, lang),
                _col_target(lang): f"{_fmt(float(INDICATORS[i].target or np.nan), lang)} {indicator_unit(i, lang)}",
                t("report.summary.table_expected", lang): f"{_fmt(fr.at[i, 'median'], lang)} ({_band(fr.at[i, 'p05'], fr.at[i, 'p95'], lang)})",
                t("report.summary.table_chance", lang): _pct(fr.at[i, "p_target_met"], lang),
            })  # fmt: skip
        frame = pd.DataFrame(rows, index=pd.Index(ids, name="id"))
        chances = pd.DataFrame(
            {t("report.summary.table_chance", lang): fr.loc[ids, "p_target_met"].values},
            index=frame.index,
        )
        heading = t(
            "report.summary.goal_heading",
            lang,
            goal=info[lang],
            line=info["line"],
            amount=fmt_num(amount, lang),
        )
        goals.append(
            GoalSummary(
                goal,
                heading,
                sentences,
                Table(
                    f"summary_{goal}",
                    heading,
                    frame,
                    sheet="Outputs",
                    chances=chances,
                    widths=(5.2, 1.7, 2.2, 0.8),
                ),
            )
        )
    intro.append(_overall_sentence(inp, outputs))
    if len(inp.runs) > 1:
        items = [
            t(
                "report.summary.compare_item",
                lang,
                title=inp.runs[label].title,
                n=inp.runs[label].likely_met(),
            )
            for label in inp.runs
        ]
        intro.append(t("report.summary.compare", lang, items="; ".join(items)))
    closing = []
    if "2.1.d" in sc.allocation and sc.allocation["2.1.d"] > 0:
        closing.append(
            t("report.summary.experiments", lang, amount=fmt_num(sc.allocation["2.1.d"], lang))
        )
    return goals, intro, closing


def _col_target(lang: str) -> str:
    return t("app.col.target", lang)


def _goal_drivers(inp: Inputs, ids: Sequence[str], k: int = 3) -> list[str]:
    """The ``k`` parameters with the largest mean total index over ``ids`` (NaN = 0)."""
    ids = [i for i in ids if i in inp.sobol["indicator"].values]
    if not ids:
        return []
    st = inp.sobol["ST"].sel(indicator=ids).fillna(0.0).clip(min=0.0).mean("indicator")
    order = np.argsort(-st.values, kind="stable")[:k]
    return [str(inp.sobol["parameter"].values[j]) for j in order if st.values[j] > 0.02]


def _top_group(inp: Inputs, indicator: str) -> str | None:
    top = _top(inp.sobol_groups, indicator, 1)
    return top[0][0] if top else None


def _overall_sentence(inp: Inputs, outputs: Sequence[str]) -> str:
    lang = inp.lang
    varying = [
        i
        for i in outputs
        if i in inp.sobol_groups["indicator"].values and _top_group(inp, i) is not None
    ]
    tops = [_top_group(inp, i) for i in varying]
    cof = sum(g == "cofinancing" for g in tops)
    costs = sum(g == "unit_costs" for g in tops)
    timing = sum(g in ("execution", "delays") for g in tops)
    drivers = _goal_drivers(inp, outputs, k=3)
    return t("report.summary.overall", lang, cof=cof, outputs=len(varying), costs=costs, time=timing,
              items=_join([parameter_phrase(inp.params[d], lang) for d in drivers], lang))  # fmt: skip


def _money_section(inp: Inputs) -> Section:
    lang = inp.lang
    rows = {}
    for label, res in inp.runs.items():
        alloc = [res.allocation.get(line, 0.0) for line in LINES]
        rows[res.title if label != inp.baseline else t("app.chart.baseline", lang)] = [
            *(fmt_num(a, lang) for a in alloc), fmt_num(RESERVE_TOTAL - sum(alloc), lang), fmt_num(RESERVE_TOTAL, lang)
        ]  # fmt: skip
    index = [line_label(line, lang) for line in LINES] + [
        t("report.col.unallocated", lang),
        t("report.col.total", lang),
    ]
    alloc = pd.DataFrame(rows, index=pd.Index(index, name=t("report.col.line", lang))).reset_index()
    res = inp.runs[inp.focus]
    years = [y for y in res.ledger.index if y <= TARGET_YEAR + 1]
    ledger = pd.DataFrame(
        {
            t("app.col.year", lang): [str(y) for y in years],
            _ledger_col("released", lang): [fmt_num(v, lang) for v in res.ledger.loc[years, "reserve_released"]],
            _ledger_col("spent", lang): [fmt_num(v, lang) for v in res.ledger.loc[years, "reserve_spent"]],
            _ledger_col("cofinancing", lang): [fmt_num(v, lang) for v in res.ledger.loc[years, "cofinancing_received"]],
            _ledger_col("remaining", lang): [fmt_num(v, lang) for v in res.ledger.loc[years, "reserve_remaining"]],
        }
    )  # fmt: skip
    fig = C.ledger_figure(inp.runs, lang=lang, baseline=inp.baseline, years=years)
    return Section("money", t("report.money.heading", lang), [
        Text(t("report.money.intro", lang)),
        Table("allocation", t("report.money.allocation", lang), alloc, sheet="Verdeling", widths=(3.2, *([1.0] * len(rows)))),
        Table("ledger", f"{t('report.money.ledger', lang)}: {res.title}", ledger, sheet="Kasstroom"),
        Chart("ledger", fig, sheet="Kasstroom", height=520),
    ])  # fmt: skip


TREE_PRINT = {"row_px": 36, "font_size": 11}
"""The doelenboom on an A4 page: smaller rows and type than on a wall, so that it fits."""


def _tree_section(inp: Inputs) -> Section:
    """The doelenboom picture with the focus scenario's chances, and its flow of money."""
    lang = inp.lang
    res = inp.runs[inp.focus]
    money = activity_money(inp.scenarios[inp.focus], inp.params)
    tree = G.goal_tree_figure(goal_tree(), res, money, lang=lang, **TREE_PRINT)
    flows = G.money_flows(res.allocation, money, G.cofinancing_totals(res), lang=lang)
    sankey = G.money_sankey(flows, lang=lang, name=res.title)
    return Section("tree", t("tree.report.heading", lang), [
        Text(t("tree.report.intro", lang)),
        Chart("goaltree", tree, sheet="Doelenboom", height=int(tree.layout.height)),
        Text(t("tree.sankey_intro", lang)),
        Chart("sankey", sankey, sheet="Geldstroom", height=int(sankey.layout.height)),
    ])  # fmt: skip


def _search_section(inp: Inputs) -> Section:  # called only when inp.search is set
    """The robust allocation search and the marginal value per line, in words, as the
    search's chart and as tables."""
    lang = inp.lang
    found, more = inp.search, inp.marginal
    if found is None or more is None:  # pragma: no cover - assemble adds it only with both
        raise ValueError("no allocation search computed")
    objective = str(found["objective"].values[0])
    labels = {str(o): objective_label(str(o), lang) for o in found["objective"].values}
    front = DF.front_figure(found, x=objective, y=objective, lang=lang, labels=labels)
    front.update_layout(title={"text": t("report.search.chart", lang)})
    return Section("search", t("report.search.heading", lang), [
        Text(t("report.search.intro", lang, name=inp.runs[inp.focus].title, samples=fmt_num(int(found.attrs.get("samples", 0)), lang))),
        *(Text(s) for s in search_sentences(found, lang)),
        Chart("search", front, sheet="Zoeken", height=480),
        Table("search", t("app.search.table", lang), candidate_frame(found, lang), sheet="Zoeken"),
        Text(t("report.search.marginal_intro", lang, step=fmt_num(float(more.attrs.get("step", 1000.0)), lang), samples=fmt_num(inp.samples, lang))),
        *(Text(s) for s in marginal_sentences(more, lang)),
        Table("marginal", t("app.marginal.heading", lang), marginal_frame(more, lang), sheet="Marginaal", widths=(3, 2, 2, 4)),
    ])  # fmt: skip


def _decision_section(inp: Inputs) -> Section:  # called only when inp.voi is set
    """The value of information of the choice between the report's scenarios, in words,
    as bars and as a table."""
    lang = inp.lang
    voi = inp.voi
    if voi is None:  # pragma: no cover - assemble adds the section only with it
        raise ValueError("no value of information computed")
    ds = voi.assign_coords(decision=voi["decision_title"].values)
    groups = [str(g) for g in ds["group"].values]
    order = sorted(range(len(groups)), key=lambda k: -float(ds["evppi"].values[k]))
    table = pd.DataFrame(
        {
            t("report.decision.col.group", lang): [group_label(groups[k], lang) for k in order],
            t("report.decision.col.evppi", lang, unit=voi_unit(ds, lang)): [
                voi_pair(float(ds["evppi"].values[k]), float(ds["evppi_error"].values[k]), lang) for k in order
            ],
            t("report.decision.col.changes", lang): [
                t("report.decision.no" if bool(ds["negligible"].values[k]) else "report.decision.yes", lang) for k in order
            ],
        }
    )  # fmt: skip
    options = join_and([str(x) for x in ds["decision"].values], lang)
    return Section("decision", t("report.decision.heading", lang), [
        Text(t("report.decision.intro", lang, options=options, samples=fmt_num(inp.samples, lang))),
        *(Text(s) for s in voi_sentences(ds, lang)),
        Chart("voi", DF.voi_figure(ds, lang=lang), sheet="Informatiewaarde", height=max(360, 46 * len(groups) + 160)),
        Table("voi", t("report.decision.table", lang), table, sheet="Informatiewaarde", widths=(3, 2, 2)),
    ])  # fmt: skip


def _ledger_col(key: str, lang: str) -> str:
    return t(f"cli.col.{key}", lang)


def _outputs_section(inp: Inputs, keys: Mapping[str, str]) -> Section:
    lang = inp.lang
    shown, chances = C.output_table(inp.runs, lang=lang, baseline=inp.baseline, focus=inp.focus)
    for col in chances.columns:  # the same numbers without the app's marks (the PDF font has none)
        shown[col] = [_pct(p, lang) for p in chances[col]]
    n_chance = len(chances.columns)
    widths = (1.75, 2.55, 1.6, 1.05, 1.8, *([0.9] * n_chance))
    title = t("report.outputs.table", lang)
    if len(inp.runs) > 1:
        title += f" ({t('app.col.expected', lang).lower()}: {inp.runs[inp.focus].title})"
    blocks: list[Block] = [
        Text(t("report.outputs.intro", lang)),
        Chart("chances", C.chance_figure(inp.runs, lang=lang, baseline=inp.baseline), sheet="Outputs", height=max(400, 34 * len(shown) + 160)),
        Table("outputs", title, shown.reset_index(drop=True), sheet="Outputs", chances=chances.reset_index(drop=True), widths=widths),
        Text(t("report.outputs.trends", lang), "note"),
        [Chart(f"trend_{i}", C.trend_figure(inp.runs, i, lang=lang, baseline=inp.baseline), sheet="Banden", half=True) for i in keys.values()],
    ]  # fmt: skip
    return Section("outputs", t("report.outputs.heading", lang), blocks)


def _time_section(inp: Inputs) -> Section:
    """After 2027 and late spending, for the scenario the report is about: outputs whose
    reach falls during 2028, 2027 values inflated by late spending, unspent money."""
    sentences = time_findings(inp.runs[inp.focus].time, inp.lang)
    return Section("time", t("time.heading", inp.lang), [Text(s) for s in sentences])


def _realism_section(inp: Inputs) -> Section:
    """The stored plan-realism table: per evidence-based output what the plan requires
    against public sources (``python -m model.analysis.plancost --write`` renews it)."""
    lang = inp.lang
    table = stored_plan_realism()
    frame = realism_frame(table, lang)
    return Section("realism", t("realism.heading", lang), [
        Text(t("realism.intro", lang)),
        Text(realism_summary(table, lang)),
        *(Text(sentence) for sentence in realism_sentences(table, lang)),
        Table("realism", t("realism.heading", lang), frame, sheet="Parameters", widths=(2.4, 1.6, 1.5, 1.2, 3.3)),
        Text(t("realism.derived_count", lang, n=realism_counts(table)["derived"]), "note"),
    ])  # fmt: skip


def _outcomes_section(inp: Inputs) -> Section:
    lang = inp.lang
    fr = inp.runs[inp.focus].indicators
    ids = [i for i in ordered(list(fr.index)) if INDICATORS[i].level == "outcome"]
    eff = effects(inp, inp.focus, ids)
    p23, pnone = t("report.col.p_2023", lang), t("report.col.p_none", lang)
    frame = pd.DataFrame(
        {
            t("app.col.goal", lang): _goal_column(ids, lang),
            t("app.col.indicator", lang): [
                f"{indicator_name(i, lang)} ({indicator_unit(i, lang)}; {t('report.col.direction', lang).lower()} {t('report.direction.' + INDICATORS[i].direction, lang)})" for i in ids
            ],
            t("report.col.start", lang): [_fmt(fr.at[i, "start"], lang) for i in ids],
            t("report.col.expected_band", lang): [f"{_fmt(fr.at[i, 'median'], lang)} ({_band(fr.at[i, 'p05'], fr.at[i, 'p95'], lang)})" for i in ids],
            t("report.col.no_reserve", lang): [_fmt(fr.at[i, "no_reserve"], lang) for i in ids],
            t("report.col.effect", lang): [f"{_signed(eff.at[i, 'effect_median'], lang)} ({_band(eff.at[i, 'effect_p05'], eff.at[i, 'effect_p95'], lang)})" for i in ids],
            p23: [_pct(fr.at[i, "p_better_than_2023"], lang) for i in ids],
            pnone: [_pct(fr.at[i, "p_better_than_no_reserve"], lang) for i in ids],
        }
    )  # fmt: skip
    chances = pd.DataFrame(
        {
            p23: fr.loc[ids, "p_better_than_2023"].values,
            pnone: fr.loc[ids, "p_better_than_no_reserve"].values,
        }
    )
    return Section("outcomes", t("report.outcomes.heading", lang), [
        Text(t("report.outcomes.intro", lang)),
        Table("outcomes", t("report.outcomes.table", lang), frame, sheet="Outcomes", chances=chances, widths=(1.85, 3.25, 1.0, 1.9, 1.0, 1.9, 0.95, 0.95)),
        Text(t("report.outcomes.trends", lang), "note"),
        [Chart(f"trend_{i}", C.trend_figure(inp.runs, i, lang=lang, baseline=inp.baseline), sheet="Banden", half=True) for i in ids],
        Table("outcome_definitions", t("report.outcomes.definitions", lang), _definitions(ids, lang), sheet="Outcomes", widths=(2.0, 4.0, 2.2, 2.6)),
    ])  # fmt: skip


def _definitions(ids: list[str], lang: str) -> pd.DataFrame:
    """What each outcome measures and where a council member can follow it."""
    return pd.DataFrame(
        {
            t("app.col.indicator", lang): [indicator_name(i, lang) for i in ids],
            t("report.col.definition", lang): [INDICATORS[i].definition(lang) or "—" for i in ids],
            t("report.col.monitor", lang): [INDICATORS[i].monitor or "—" for i in ids],
            t("report.col.detectable", lang): [_detectable(i, lang) for i in ids],
        }
    )


def _detectable(ind_id: str, lang: str) -> str:
    """The smallest difference counted as better, with its unit and why."""
    found = DETECTABLE.get(ind_id)
    if found is None:
        return "—"
    return f"{fmt_smart(found.value, lang)} {indicator_unit(ind_id, lang)}: {found.reasoning(lang)}"


def _signed(x: float, lang: str) -> str:
    text = _fmt(x, lang)
    return f"+{text}" if np.isfinite(x) and x > 0 else text


def _st_text(inp: Inputs, si: xr.Dataset, indicator: str, name: str, *, label: bool = True) -> str:
    dim = "parameter" if "parameter" in si.dims else "group"
    row = si.sel({"indicator": indicator, dim: name})
    value = f"{_index(float(row['ST']), inp.lang)} ± {_index(float(row['ST_conf']), inp.lang)}"
    if not label:
        return value
    text = _label(inp, name, 100) if dim == "parameter" else group_name(name, inp.lang)
    return f"{text}: {value}"


def _sensitivity_section(inp: Inputs, keys: Mapping[str, str]) -> Section:
    lang = inp.lang
    si, sg = inp.sobol, inp.sobol_groups
    sc = inp.scenarios[inp.focus]
    available = [str(i) for i in si["indicator"].values]
    outputs = [i for i in ordered(available) if INDICATORS[i].level == "output"]
    blocks: list[Block] = [
        Text(t("report.sens.intro", lang, d=int(si.attrs.get("num_vars", si.sizes.get("parameter", 0))), runs=fmt_num(int(si.attrs.get("model_runs", 0)), lang), title=sc.title)),
        Text(_convergence(inp), "note"),
    ]  # fmt: skip
    # kinds of uncertainty per output
    cols = [t("report.col.first", lang), t("report.col.second", lang), t("report.col.third", lang)]
    rows = []
    for i in outputs:
        top = _top(sg, i, 3)
        row = {t("app.col.indicator", lang): indicator_name(i, lang)}
        for k, col in enumerate(cols):
            row[col] = (
                _st_text(inp, sg, i, top[k][0])
                if k < len(top)
                else ("—" if top else t("report.no_variation", lang) if k == 0 else "")
            )
        row[t("report.col.cofinancing", lang)] = (
            _st_text(inp, sg, i, "cofinancing", label=False)
            if top and "cofinancing" in sg["group"].values
            else "—"
        )
        rows.append(row)
    blocks.append(
        Table(
            "sobol_groups",
            t("report.sens.groups_table", lang),
            pd.DataFrame(rows),
            sheet="Sobol_groepen",
            widths=(2.8, 2.2, 2.2, 2.2, 1.5),
        )
    )
    # ranking over all outputs
    order = ranking(inp, outputs)
    shown = pd.DataFrame({
        "#": [str(k + 1) for k in range(len(order))],
        t("report.col.parameter", lang): [_label(inp, p, 110) for p in order["parameter"]],
        t("report.col.group", lang): [group_name(g, lang) for g in order["group"]],
        t("report.col.mean_st", lang): [_index(x, lang) for x in order["mean_ST"]],
        t("report.col.top3", lang): [f"{n} / {len(outputs)}" for n in order["top3_outputs"]],
    }).head(TOP_RANKING)  # fmt: skip
    blocks.append(
        Table(
            "sobol_ranking",
            t("report.sens.ranking_table", lang),
            shown,
            sheet="Sobol_rangorde",
            widths=(0.4, 5.0, 2.2, 1.1, 1.1),
        )
    )
    # the three largest per indicator
    rows = []
    for i in ordered(available):
        top = _top(si, i, 3)
        row = {t("app.col.indicator", lang): indicator_name(i, lang)}
        for k, col in enumerate(cols):
            row[col] = (
                _st_text(inp, si, i, top[k][0])
                if k < len(top)
                else ("—" if top else t("report.no_variation", lang) if k == 0 else "")
            )
        rows.append(row)
    blocks.append(
        Table(
            "sobol_top",
            t("report.sens.top_table", lang),
            pd.DataFrame(rows),
            sheet="Sobol",
            widths=(2.6, 2.8, 2.8, 2.8),
        )
    )
    # the app's ranking chart for the weakest output per goal
    labels = {
        str(p): f"{_label(inp, str(p), 100)} ({t('report.kind.' + inp.params[str(p)].kind, lang)})"
        for p in si["parameter"].values
    }
    charts = []
    for i in keys.values():
        if i in available and _top(si, i, 1):
            title = t("app.chart.sobol_title", lang, name=indicator_name(i, lang))
            fig = C.sensitivity_figure(
                si.sel(indicator=i), lang=lang, title=title, labels=labels, top=8
            )
            charts.append(
                Chart(f"sobol_{i}", fig, sheet="Sobol", height=int(fig.layout.height or 460))
            )
    if charts:
        blocks.append(Text(t("report.sens.charts", lang), "note"))
        blocks.extend(charts)
    return Section("sensitivity", t("report.sens.heading", lang), blocks)


def _convergence(inp: Inputs) -> str:
    """The Sobol analysis's precision in words, with the indicators' names (not ids)."""
    lang, si = inp.lang, inp.sobol
    conf = si["max_conf"].to_series()
    threshold = float(si.attrs.get("convergence_threshold", 0.1))
    constant = [indicator_name(str(i), lang) for i, v in conf.items() if not np.isfinite(v)]
    conf = conf[np.isfinite(conf)]
    if conf.empty:
        return t("report.sens.constant", lang, names=_join(["'" + c + "'" for c in constant], lang))
    worst = str(conf.idxmax())
    fields = {
        "threshold": fmt_num(threshold, lang, 2),
        "widest": fmt_num(float(conf.max()), lang, 2),
        "name": indicator_name(worst, lang),
        "n": inp.sobol_n,
    }
    if float(conf.max()) <= threshold:
        text = t("report.sens.converged", lang, **fields)
    else:
        text = t(
            "report.sens.not_converged",
            lang,
            needed=int(si.attrs.get("convergence_n_needed", inp.sobol_n)),
            **fields,
        )
    if constant:
        text += " " + t(
            "report.sens.constant", lang, names=_join(["'" + c + "'" for c in constant], lang)
        )
    return text


def _discovery_section(inp: Inputs) -> Section:
    lang = inp.lang
    fr = inp.runs[inp.focus].indicators
    chance = t("report.summary.table_chance", lang)
    ids = list(inp.discovery)
    frame = pd.DataFrame({
        t("app.col.indicator", lang): [indicator_name(i, lang) for i in ids],
        chance: [_pct(fr.at[i, "p_target_met"], lang) for i in ids],
        t("report.col.conditions", lang): [discovery_message(inp, inp.discovery[i]) for i in ids],
    })  # fmt: skip
    chances = pd.DataFrame({chance: fr.loc[ids, "p_target_met"].values})
    return Section("discovery", t("report.disc.heading", lang), [
        Text(t("report.disc.intro", lang, samples=fmt_num(inp.samples, lang), title=inp.scenarios[inp.focus].title)),
        Table("discovery", t("report.disc.table", lang), frame, sheet="Faalcondities", chances=chances, widths=(2.4, 0.7, 7.0)),
    ])  # fmt: skip


def _assumption_text(inp: Inputs, sc: Scenario) -> str:
    if not sc.assumptions:
        return t("report.cmp.assumptions_none", inp.lang)
    items = []
    for name, value in sc.assumptions.items():
        p = inp.params[name]
        items.append(
            f"{parameter_label(p, inp.lang, 70)} = {fmt_value(float(value), p.unit, inp.lang)} {unit_nl(p.unit, inp.lang) if p.unit != '1' else ''}".strip()
        )
    return "; ".join(items)


def _comparison_section(inp: Inputs) -> Section:
    lang = inp.lang
    labels = list(inp.runs)
    names = {
        label: t("app.chart.baseline", lang) if label == inp.baseline else inp.runs[label].title
        for label in labels
    }
    n_out = inp.runs[inp.focus].n_outputs
    scen = pd.DataFrame({
        t("report.col.title", lang): [names[label] for label in labels],
        t("report.col.description", lang): [inp.scenarios[label].description for label in labels],
        t("report.col.assumptions", lang): [_assumption_text(inp, inp.scenarios[label]) for label in labels],
        t("report.col.likely", lang): [f"{inp.runs[label].likely_met()} / {n_out}" for label in labels],
    })  # fmt: skip
    blocks: list[Block] = [
        Text(t("report.cmp.intro", lang, samples=inp.samples)),
        Table(
            "scenarios",
            t("report.cmp.scenarios", lang),
            scen,
            sheet="Scenarios",
            widths=(1.6, 3.6, 3.0, 1.2),
        ),
    ]
    fr = inp.runs[inp.focus].indicators
    for level, column, key in (
        ("output", "p_target_met", "report.cmp.outputs"),
        ("outcome", "p_better_than_no_reserve", "report.cmp.outcomes"),
    ):
        ids = [
            i
            for i in ordered(list(fr.index))
            if INDICATORS[i].level == level and np.isfinite(fr.at[i, column])
        ]
        frame = pd.DataFrame(
            {
                t("app.col.goal", lang): _goal_column(ids, lang),
                t("app.col.indicator", lang): [indicator_name(i, lang) for i in ids],
            }
        )
        chances = pd.DataFrame(index=frame.index)
        for label in labels:
            p = inp.runs[label].indicators[column].reindex(ids).values
            frame[names[label]] = [_pct(x, lang) for x in p]
            chances[names[label]] = p
        blocks.append(
            Table(
                f"compare_{level}",
                t(key, lang),
                frame,
                sheet="Vergelijking",
                chances=chances,
                widths=(1.85, 3.75, *([1.2] * len(labels))),
            )
        )
    base = inp.runs[inp.baseline]
    for label in labels:
        if label == inp.baseline:
            continue
        blocks.append(Text(t("report.cmp.words", lang, title=inp.runs[label].title), "heading"))
        blocks.extend(Text(s) for s in differences(inp.runs[label], base, lang=lang))
    return Section("comparison", t("report.cmp.heading", lang), blocks)


def _assumptions_section(inp: Inputs) -> Section:
    lang = inp.lang
    params = inp.params
    kinds = {n: params[n].kind for n in params}
    groups = list(dict.fromkeys(params[n].group for n in params))
    names = sorted(params, key=lambda n: (groups.index(params[n].group), list(params).index(n)))
    group_col, previous = [], None
    for n in names:
        g = params[n].group
        group_col.append(group_name(g, lang) if g != previous else "")
        previous = g
    frame = pd.DataFrame({
        t("report.col.group", lang): group_col,
        t("report.col.parameter", lang): [params[n].describe(lang) for n in names],
        t("report.col.value", lang): [fmt_value(params[n].value, params[n].unit, lang) for n in names],
        t("report.col.range", lang): [
            f"{fmt_value(float(params[n].low), params[n].unit, lang)} – {fmt_value(float(params[n].high), params[n].unit, lang)}"  # type: ignore[arg-type]
            if params[n].uncertain else t("report.fixed", lang)
            for n in names
        ],
        t("report.col.unit", lang): [unit_nl(params[n].unit, lang) for n in names],
        t("report.col.origin", lang): [origin(params[n], kinds[n], lang) for n in names],
    })  # fmt: skip
    counts = {k: sum(v == k for v in kinds.values()) for k in ("source", "derived", "assumption")}
    blocks: list[Block] = [
        Text(
            t("report.assume.intro", lang, n=len(params), uncertain=len(params.uncertain), **counts)
        ),
    ]
    for sc in inp.scenarios.values():
        if sc.assumptions:
            blocks.append(
                Text(
                    t("report.assume.fixed", lang, title=sc.title, items=_assumption_text(inp, sc)),
                    "note",
                )
            )
    blocks.append(
        Table(
            "parameters",
            t("report.assume.table", lang),
            frame,
            sheet="Parameters",
            widths=(1.75, 4.2, 0.9, 1.45, 1.25, 2.0),
        )
    )
    return Section("assumptions", t("report.assume.heading", lang), blocks)


def _package_version(name: str) -> str:
    try:
        return version(name)
    except PackageNotFoundError:
        return "?"


def _colophon(inp: Inputs) -> list[tuple[str, str]]:
    lang = inp.lang
    si = inp.sobol
    files = [
        f"{inp.scenarios[label].title} ({Path(inp.scenarios[label].source).name})"
        for label in inp.scenarios
    ]
    names = " ".join(
        Path(inp.scenarios[label].source).name
        if inp.scenarios[label].source.endswith(".toml")
        else label
        for label in inp.user_labels
    )
    chosen = "" if inp.params.label == DEFAULT_SET else f" --parameters {inp.params.label}"
    command = f"samenleven --lang {lang} report {names} --samples {inp.samples} --sobol-n {inp.sobol_n} --seed {inp.seed}{chosen} --format pdf --out rapport.pdf"
    software = ", ".join(
        f"{p} {_package_version(p)}"
        for p in (
            "numpy",
            "xarray",
            "SALib",
            "scikit-learn",
            "plotly",
            "kaleido",
            "reportlab",
            "openpyxl",
        )
    )
    return [
        (t("report.colophon.toolkit", lang), f"samenleven {__version__}"),
        (t("report.colophon.parameters", lang), f"{inp.params.label}: {describe_set(inp.params, lang)}"),
        (t("report.colophon.hash", lang), inp.params.digest()),
        (t("report.colophon.scenarios", lang), "; ".join(files)),
        (t("report.colophon.seed", lang), str(inp.seed)),
        (t("report.colophon.samples", lang), fmt_num(inp.samples, lang)),
        (t("report.colophon.sobol", lang), t("report.colophon.sobol_value", lang, n=inp.sobol_n, d=int(si.attrs.get("num_vars", 0)),
                                        runs=fmt_num(int(si.attrs.get("model_runs", 0)), lang), resamples=int(si.attrs.get("num_resamples", 100)))),
        (t("report.colophon.discovery", lang), t("report.colophon.discovery_value", lang)),
        (t("report.colophon.date", lang), datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")),
        (t("report.colophon.source", lang), t("report.colophon.source_value", lang)),
        (t("report.colophon.software", lang), f"Python {platform.python_version()}, {software}"),
        (t("report.colophon.command", lang), command),
    ]  # fmt: skip
