"""The data sheets of a council report: the numbers behind every table and chart, one
DataFrame each (plain numbers, indicator and parameter ids as keys), which
:mod:`model.report.xlsx` writes to Excel with a sheet that explains the columns; and the
failure conditions of scenario discovery in words (:func:`discovery_message`), as both the
sheet and the report's table say them."""

from __future__ import annotations

import numpy as np
import pandas as pd
import xarray as xr

from model.policy.activities import activity_money
from model.policy.budget import LINES
from model.policy.indicators import INDICATORS
from model.present import goaltree, wording
from model.present.downloads import ledger_frame
from model.present.texts import group_name, indicator_name, line_label
from model.report.compute import Inputs, effects, ordered, ranking
from model.report.document import Report
from model.report.texts import SHEET_NOTES, unit_nl
from model.run.goaltree import goal_tree


def sheets(inp: Inputs, report: Report) -> dict[str, pd.DataFrame]:
    """The data behind every table and chart, one sheet each (plain numbers, ids as keys)."""
    lang = inp.lang
    sheets: dict[str, pd.DataFrame] = {}
    summary = [{"goal": "", "sentence": s} for s in report.intro]
    summary += [
        {"goal": g.goal, "sentence": s} for g in report.goals for s in [g.heading, *g.sentences]
    ]
    summary += [{"goal": "", "sentence": s} for s in report.closing]
    sheets["Samenvatting"] = pd.DataFrame(summary)
    sheets["Verdeling"] = pd.DataFrame(
        [{"scenario": label, "line": line, "line_name": line_label(line, lang), "amount_keur": float(res.allocation.get(line, 0.0))}
         for label, res in inp.runs.items() for line in LINES]
    )  # fmt: skip
    ledger = ledger_frame(list(inp.runs.values()))
    ledger["scenario"] = [label for label, res in inp.runs.items() for _ in range(len(res.ledger))]
    sheets["Kasstroom"] = ledger
    if inp.voi is not None:
        voi = inp.voi
        sheets["Informatiewaarde"] = pd.DataFrame(
            {
                "group": [str(g) for g in voi["group"].values],
                "parameters": [str(p) for p in voi["group_parameters"].values],
                "evppi": voi["evppi"].values.astype(float),
                "evppi_error": voi["evppi_error"].values.astype(float),
                "negligible": voi["negligible"].values.astype(bool),
                "evpi": float(voi["evpi"]),
                "units": str(voi.attrs.get("voi_units", "")),
            }
        )
    if inp.search is not None and inp.marginal is not None:
        sheets["Zoeken"] = search_sheet(inp.search)
        sheets["Marginaal"] = marginal_sheet(inp.marginal)
    focus = inp.runs[inp.focus]
    money = activity_money(inp.scenarios[inp.focus], inp.params)
    sheets["Doelenboom"] = goaltree.tree_table(goal_tree(), focus, money, lang=lang)
    sheets["Geldstroom"] = goaltree.money_flows(
        focus.allocation, money, goaltree.cofinancing_totals(focus), lang=lang
    )
    outputs, outcomes, bands = [], [], []
    for label, res in inp.runs.items():
        fr = res.indicators
        ids = ordered(list(fr.index))
        eff = effects(inp, label, [i for i in ids if INDICATORS[i].level == "outcome"])
        for i in ids:
            ind = INDICATORS[i]
            common = {
                "scenario": label,
                "indicator": i,
                "indicator_name": indicator_name(i, lang),
                "goal": ind.goal,
                "units": ind.units,
            }
            if ind.level == "output":
                outputs.append(
                    {
                        **common,
                        "target": ind.target,
                        **{
                            k: fr.at[i, k]
                            for k in ("start", "median", "p05", "p95", "no_reserve", "p_target_met")
                        },
                    }
                )
            else:
                outcomes.append({**common, "direction": ind.direction, **{k: fr.at[i, k] for k in ("start", "median", "p05", "p95", "no_reserve")},
                                 **eff.loc[i].to_dict(), "p_better_than_2023": fr.at[i, "p_better_than_2023"],
                                 "p_better_than_no_reserve": fr.at[i, "p_better_than_no_reserve"]})  # fmt: skip
            band = res.bands[f"band_{i}"]
            for variant in band["variant"].values:
                one = band.sel(variant=variant)
                frame = pd.DataFrame({
                    "scenario": label, "indicator": i, "variant": str(variant), "time": pd.to_datetime(band["time"].values),
                    "p05": one.sel(quantile=0.05).values, "p50": one.sel(quantile=0.5).values, "p95": one.sel(quantile=0.95).values,
                })  # fmt: skip
                bands.append(frame)
    sheets["Outputs"] = pd.DataFrame(outputs)
    sheets["Outcomes"] = pd.DataFrame(outcomes)
    sheets["Banden"] = pd.concat(bands, ignore_index=True)
    si = inp.sobol
    long = si[["S1", "S1_conf", "ST", "ST_conf", "rank"]].to_dataframe().reset_index()
    long = long[["indicator", "parameter", "S1", "S1_conf", "ST", "ST_conf", "rank"]]
    long.insert(
        2, "parameter_description", [inp.params[p].describe(lang) for p in long["parameter"]]
    )
    long.insert(3, "group", [inp.params[p].group for p in long["parameter"]])
    sheets["Sobol"] = long
    sg = inp.sobol_groups[["S1", "S1_conf", "ST", "ST_conf", "rank"]].to_dataframe().reset_index()
    sg = sg[["indicator", "group", "S1", "S1_conf", "ST", "ST_conf", "rank"]]
    sg.insert(2, "group_name", [group_name(g, lang) for g in sg["group"]])
    sheets["Sobol_groepen"] = sg
    outputs_ids = [
        i
        for i in ordered([str(x) for x in si["indicator"].values])
        if INDICATORS[i].level == "output"
    ]
    sheets["Sobol_rangorde"] = ranking(inp, outputs_ids)
    sheets["Sobol_convergentie"] = (
        si[["output_mean", "output_std", "max_conf", "converged", "n_needed"]]
        .to_dataframe()
        .reset_index()[
            ["indicator", "output_mean", "output_std", "max_conf", "converged", "n_needed"]
        ]
    )
    fr = inp.runs[inp.focus].indicators
    rows = []
    for i, boxes in inp.discovery.items():
        message = discovery_message(inp, boxes)
        if boxes.sizes["box"] == 0:
            rows.append(
                {
                    "indicator": i,
                    "p_target_met": fr.at[i, "p_target_met"],
                    "box": None,
                    "sentence": message,
                }
            )
            continue
        sentences = discovery_sentences(inp, boxes)
        names = [str(p) for p in boxes["parameter"].values]
        lower, upper, qp = (
            boxes[v].transpose("box", "parameter").values for v in ("lower", "upper", "qp_value")
        )
        for b, box in enumerate(boxes["box"].values):
            sentence = sentences[b]
            for j in np.flatnonzero(np.isfinite(lower[b]) | np.isfinite(upper[b])):
                rows.append({
                    "indicator": i, "p_target_met": fr.at[i, "p_target_met"], "box": int(box), "coverage": float(boxes["coverage"].values[b]),
                    "density": float(boxes["density"].values[b]), "mass": float(boxes["mass"].values[b]), "parameter": names[j],
                    "unit": inp.params[names[j]].unit, "lower": float(lower[b, j]), "upper": float(upper[b, j]), "qp_value": float(qp[b, j]),
                    "sentence": sentence,
                })  # fmt: skip
    # the columns the Toelichting sheet explains, in its order
    sheets["Faalcondities"] = pd.DataFrame(rows, columns=list(SHEET_NOTES["Faalcondities"]))
    if len(inp.runs) > 1:
        rows = []
        base = inp.runs[inp.baseline].indicators
        for i in ordered(list(base.index)):
            column = (
                "p_target_met" if INDICATORS[i].level == "output" else "p_better_than_no_reserve"
            )
            for label, res in inp.runs.items():
                p = res.indicators.at[i, column] if i in res.indicators.index else np.nan
                rows.append({"indicator": i, "indicator_name": indicator_name(i, lang), "level": INDICATORS[i].level, "scenario": label,
                             "chance": p, "difference_from_baseline": p - base.at[i, column]})  # fmt: skip
        sheets["Vergelijking"] = pd.DataFrame(rows)
    sheets["Scenarios"] = pd.DataFrame([
        {"scenario": label, "title": sc.title, "description": sc.description, "file": sc.source,
         "assumptions": "; ".join(f"{k} = {v:g}" for k, v in sc.assumptions.items()), "toml": sc.to_toml()}
        for label, sc in inp.scenarios.items()
    ])  # fmt: skip
    params = inp.params
    fixed: dict[str, list[str]] = {}
    for label, sc in inp.scenarios.items():
        for k, v in sc.assumptions.items():
            fixed.setdefault(k, []).append(f"{label}: {v:g}")
    sheets["Parameters"] = pd.DataFrame([
        {"parameter": n, "description_nl": p.description_nl, "description_en": p.description, "value": p.value,
         "low": p.low if p.uncertain else None, "high": p.high if p.uncertain else None, "distribution": p.distribution if p.uncertain else "",
         "unit": p.unit, "group": p.group, "kind": p.kind, "source": p.source_in(lang), "reasoning": p.reasoning_in(lang),
         "range_reasoning": p.range_reasoning_in(lang), "derivation": p.derivation_in(lang),
         "fixed_by": "; ".join(fixed.get(n, [])), "file": p.file}
        for n, p in ((n, params[n]) for n in params)
    ])  # fmt: skip
    sheets["Colofon"] = pd.DataFrame(report.colophon, columns=["item", "value"])
    return sheets


def discovery_message(inp: Inputs, boxes: xr.Dataset) -> str:
    """The boxes in words (one line per box), with the parameters' units in the report's language."""
    return wording.discovery_message(
        boxes, inp.lang, params=inp.params, unit_text=unit_nl, sep="\n"
    )


def discovery_sentences(inp: Inputs, boxes: xr.Dataset) -> list[str]:
    """One sentence per box, with the parameters' units in the report's language."""
    return wording.discovery_sentences(boxes, inp.lang, params=inp.params, unit_text=unit_nl)


def search_sheet(found: xr.Dataset) -> pd.DataFrame:
    """The candidates of the allocation search: k€ per line and the robust score; the
    starting allocation as candidate ``baseline``."""
    objective = str(found["objective"].values[0])
    rows = []
    chosen = int(found["chosen"])
    starts = [
        (
            "baseline",
            found["baseline_allocation"].values,
            float(found["baseline_score"].sel(objective=objective)),
        )
    ]
    for k in range(found.sizes["candidate"]):
        starts.append(
            (
                str(k),
                found["allocation"].isel(candidate=k).values,
                float(found["score"].isel(candidate=k).sel(objective=objective)),
            )
        )
    for label, amounts, score in starts:
        row = {"candidate": label, "chosen": label == str(chosen)}
        row.update({line: float(v) for line, v in zip(LINES, amounts, strict=True)})
        row.update(
            {
                "score": score,
                "objective": objective,
                "robustness": str(found.attrs.get("robustness", "")),
            }
        )
        rows.append(row)  # fmt: skip
    return pd.DataFrame(rows)


def marginal_sheet(more: xr.Dataset) -> pd.DataFrame:
    """Per receiving line the paired change of attainment, targets met and every
    indicator (5/50/95 % quantiles)."""
    q = [float(x) for x in more["quantile"].values]
    rows = []
    for line in (str(x) for x in more["line"].values):
        measures = [("attainment", more["attainment_change"].sel(line=line).values, "1"),
                    ("targets_met", more["targets_change"].sel(line=line).values, "outputs")]  # fmt: skip
        for i in (str(x) for x in more["indicator"].values):
            measures.append(
                (i, more["change_2027"].sel(line=line, indicator=i).values, INDICATORS[i].units)
            )
        for name, values, units in measures:
            row: dict[str, object] = {"line": line, "measure": name}
            row.update({f"p{round(100 * x):02d}": float(v) for x, v in zip(q, values, strict=True)})
            row["units"] = units
            rows.append(row)
    return pd.DataFrame(rows)
