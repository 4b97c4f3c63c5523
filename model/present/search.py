"""Words and tables of an allocation search and of the marginal value per line, as pure
functions (the app and the report show the same).

A search result (:func:`model.analysis.optimise.optimise`) holds ``allocation``
(candidate, line) in k€, ``score`` (candidate, objective) and ``baseline_score``
(objective) as the robust value that was optimised, ``score_goal`` / ``baseline_score_goal``
per goal, ``chosen`` (the recommended candidate) and ``baseline_dominated``. A marginal
result (:func:`model.analysis.marginal.marginal`) holds per receiving ``line`` the paired
change of the objectives and the indicators with their 5/50/95 % quantiles.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import xarray as xr

from model.i18n import t
from model.policy.budget import LINES
from model.policy.indicators import INDICATORS
from model.present.formats import fmt_num, fmt_smart
from model.present.texts import goal_name, indicator_name, indicator_unit, line_label

SHIFT_SHOWN = 50.0
"""k€: line changes smaller than one step of the grid are not worth a sentence."""


def objective_base(objective: str) -> tuple[str, str | None]:
    """``"attainment:youth"`` -> ``("attainment", "youth")``; ``"targets"`` -> ``("targets", None)``."""
    base, _, goal = str(objective).partition(":")
    return base, goal or None


def objective_label(objective: str, lang: str) -> str:
    """An objective coordinate in words, e.g. *Verwachte doelbereiking: Jeugd ...*."""
    base, goal = objective_base(objective)
    name = t(f"app.search.objective.{base}", lang)
    return f"{name}: {goal_name(goal, lang)}" if goal else name


def score_text(value: float, objective: str, lang: str) -> str:
    """A score in its unit: attainment as a percentage, targets as a count, outcomes as %."""
    base, _ = objective_base(objective)
    if not np.isfinite(value):
        return "—"
    if base == "attainment":
        return f"{fmt_num(100 * value, lang, 1)}%"
    if base == "targets":
        return fmt_num(value, lang, 1)
    return f"{fmt_num(value, lang, 2)}%"


def robustness_label(robustness: str, lang: str) -> str:
    """How the samples were summarised (mean, 10th percentile, regret over futures)."""
    return t(f"app.search.robustness.{robustness}", lang)


def candidate_frame(ds: xr.Dataset, lang: str) -> pd.DataFrame:
    """One row per candidate: its number, the amount per line (k€) and its scores; the
    baseline (the allocation the search started from) as the first row."""
    objectives = [str(o) for o in ds["objective"].values]
    chosen = int(ds["chosen"])
    regret = ds.attrs.get("robustness") == "regret"
    sign = -1.0 if regret else 1.0  # a regret's score is minus the largest regret

    def label(o: str) -> str:
        if regret:
            return t(
                "opt.max_regret", lang, objective=objective_label(o, lang).lower()
            ).capitalize()
        return objective_label(o, lang)

    def row_of(name: str, amounts: np.ndarray, scores: xr.DataArray) -> dict[str, str]:
        row = {t("app.search.col.candidate", lang): name}
        for line, v in zip(ds["line"].values, amounts, strict=True):
            row[line_label(str(line), lang)] = fmt_num(float(v), lang)
        for o in objectives:
            row[label(o)] = score_text(sign * float(scores.sel(objective=o)), o, lang)
        return row

    rows = []
    if "baseline_allocation" in ds:
        rows.append(
            row_of(
                t("app.chart.baseline", lang),
                ds["baseline_allocation"].values,
                ds["baseline_score"],
            )
        )
    for k in range(ds.sizes["candidate"]):
        name = f"{k} ({t('app.search.proposal', lang)})" if k == chosen else str(k)
        rows.append(
            row_of(name, ds["allocation"].isel(candidate=k).values, ds["score"].isel(candidate=k))
        )
    return pd.DataFrame(rows)


def _shifts(before: np.ndarray, after: np.ndarray, lang: str) -> str:
    """``"+2.000 k€ naar 2.1.b, −1.500 k€ van 2.2"`` for the lines that move."""
    parts = []
    for k in np.argsort(-(after - before)):
        delta = float(after[k] - before[k])
        if abs(delta) < SHIFT_SHOWN - 1e-9:
            continue
        key = "app.search.shift_to" if delta > 0 else "app.search.shift_from"
        parts.append(t(key, lang, amount=fmt_num(abs(delta), lang), line=LINES[k]))
    return ", ".join(parts) if parts else t("app.search.no_shift", lang)


def search_sentences(ds: xr.Dataset, lang: str) -> list[str]:
    """What the search found, in plain words: the recommended allocation against the one
    it started from, whether that one is dominated, and what each goal gains or loses.

    Parameters
    ----------
    ds : xarray.Dataset
        :func:`model.analysis.optimise.optimise`'s result.
    lang : str

    Returns
    -------
    list of str
        Markdown-free sentences (the caller escapes nothing: they hold only numbers,
        line ids and the catalogue's words).
    """
    chosen = int(ds["chosen"])
    objective = str(ds.attrs.get("objective", objective_base(str(ds["objective"].values[0]))[0]))
    robustness = str(ds.attrs.get("robustness", "mean"))
    alloc = ds["allocation"].isel(candidate=chosen).values.astype(float)
    base_alloc = (
        ds["baseline_allocation"].values.astype(float) if "baseline_allocation" in ds else alloc
    )
    goals = [str(g) for g in ds["goal"].values]
    plain = "mean_goal" in ds  # goal by goal the plain mean reads best (a regret is relative)
    mine = ds["mean_goal" if plain else "score_goal"].isel(candidate=chosen).values.astype(float)
    theirs = ds["baseline_mean_goal" if plain else "baseline_score_goal"].values.astype(float)
    out = [
        t(
            "app.search.found",
            lang,
            n=fmt_num(ds.sizes["candidate"], lang),
            evaluations=fmt_num(int(ds.attrs.get("evaluations", 0)), lang),
            samples=fmt_num(int(ds.attrs.get("samples", 0)), lang),
            robustness=robustness_label(robustness, lang),
        )
    ]
    overall = [o for o in (str(x) for x in ds["objective"].values) if objective_base(o)[1] is None]
    if overall and robustness == "regret":
        o = overall[0]
        out.append(
            t(
                "app.search.best_regret",
                lang,
                candidate=chosen,
                objective=objective_label(o, lang).lower(),
                value=score_text(
                    -float(ds["score"].isel(candidate=chosen).sel(objective=o)), o, lang
                ),
                baseline=score_text(-float(ds["baseline_score"].sel(objective=o)), o, lang),
                mean=score_text(float(ds["mean_overall"].isel(candidate=chosen)), o, lang),
                mean_baseline=score_text(float(ds["baseline_mean_overall"]), o, lang),
            )
        )
    elif overall:
        o = overall[0]
        out.append(
            t(
                "app.search.best",
                lang,
                candidate=chosen,
                objective=objective_label(o, lang),
                value=score_text(
                    float(ds["score"].isel(candidate=chosen).sel(objective=o)), o, lang
                ),
                baseline=score_text(float(ds["baseline_score"].sel(objective=o)), o, lang),
            )
        )
    out.append(
        t("app.search.moves", lang, candidate=chosen, shifts=_shifts(base_alloc, alloc, lang))
    )
    dominated = bool(ds["baseline_dominated"]) if "baseline_dominated" in ds else False
    if dominated and "dominating" in ds:
        which = [int(k) for k in np.flatnonzero(ds["dominating"].values)]
        out.append(t("app.search.dominated", lang, candidates=", ".join(str(k) for k in which[:5])))
    else:
        out.append(
            t(
                "app.search.dominated" if dominated else "app.search.not_dominated",
                lang,
                candidates="—",
            )
        )
    gains = [g for g, a, b in zip(goals, mine, theirs, strict=True) if a > b + 1e-9]
    losses = [g for g, a, b in zip(goals, mine, theirs, strict=True) if a < b - 1e-9]
    if gains:
        out.append(
            t(
                "app.search.gains",
                lang,
                goals="; ".join(
                    _goal_change(g, mine, theirs, goals, objective, lang) for g in gains
                ),
            )
        )
    if losses:
        out.append(t("app.search.losses", lang, goals="; ".join(_goal_change(g, mine, theirs, goals, objective, lang) for g in losses)))  # fmt: skip
    if not gains and not losses:
        out.append(t("app.search.no_goal_change", lang))
    out.append(t("app.search.caveat", lang))
    return out


def _goal_change(goal, mine, theirs, goals, objective, lang) -> str:
    k = goals.index(goal)
    return t(
        "app.search.goal_change",
        lang,
        goal=goal_name(goal, lang),
        before=score_text(float(theirs[k]), objective, lang),
        after=score_text(float(mine[k]), objective, lang),
    )


def marginal_frame(ds: xr.Dataset, lang: str) -> pd.DataFrame:
    """Per receiving line, what ``step`` k€ more changes: expected targets met and
    attainment (median and 90 % band of the paired difference), and the output that
    gains most.

    Parameters
    ----------
    ds : xarray.Dataset
        :func:`model.analysis.marginal.marginal`'s result.
    """
    rows = []
    q = ds["quantile"].values
    lo, mid, hi = (int(np.argmin(abs(q - x))) for x in (0.05, 0.5, 0.95))
    outputs = [str(i) for i in ds["indicator"].values if INDICATORS[str(i)].level == "output"]
    step = fmt_num(float(ds.attrs.get("step", 1000.0)), lang)
    for line in (str(x) for x in ds["line"].values):
        row = {t("app.marginal.col.line", lang, step=step): line_label(line, lang)}
        a = ds["attainment_change"].sel(line=line).values * 100.0
        row[t("app.marginal.col.attainment", lang)] = _band(a[mid], a[lo], a[hi], lang, 2, " pp")
        n = ds["targets_change"].sel(line=line).values
        row[t("app.marginal.col.targets", lang)] = _band(n[mid], n[lo], n[hi], lang, 2, "")
        change = ds["change_2027"].sel(line=line, indicator=outputs).isel(quantile=mid)
        rel = []
        for i in outputs:
            target = INDICATORS[i].target
            v = float(change.sel(indicator=i))
            sign = -1.0 if INDICATORS[i].direction == "lower" else 1.0
            rel.append(sign * v / float(target) if target else 0.0)
        best = int(np.argmax(rel)) if rel else -1
        if best >= 0 and rel[best] > 0:
            i = outputs[best]
            v = float(change.sel(indicator=i))
            row[t("app.marginal.col.best", lang)] = (
                f"{indicator_name(i, lang)}: {'+' if v >= 0 else '−'}{fmt_smart(abs(v), lang)} {indicator_unit(i, lang)}"
            )
        else:
            row[t("app.marginal.col.best", lang)] = t("app.marginal.none", lang)
        rows.append(row)
    return pd.DataFrame(rows)


def _band(mid: float, lo: float, hi: float, lang: str, decimals: int, unit: str) -> str:
    def s(x: float) -> str:
        return ("+" if x > 0 else "−" if x < 0 else "±") + fmt_num(abs(x), lang, decimals)

    return f"{s(mid)}{unit} ({s(lo)} … {s(hi)})"


def marginal_sentences(ds: xr.Dataset, lang: str) -> list[str]:
    """The marginal value in words: which line an extra step buys most targets on, and
    which lines buy nothing distinguishable from zero."""
    q = ds["quantile"].values
    lo, mid, hi = (int(np.argmin(abs(q - x))) for x in (0.05, 0.5, 0.95))
    step = fmt_num(float(ds.attrs.get("step", 1000.0)), lang)
    a = ds["attainment_change"].values * 100.0
    lines = [str(x) for x in ds["line"].values]
    best = int(np.argmax(a[:, mid]))
    out = [
        t(
            "app.marginal.best",
            lang,
            step=step,
            line=line_label(lines[best], lang),
            value=fmt_num(a[best, mid], lang, 2),
        )
    ]
    zero = [lines[k] for k in range(len(lines)) if a[k, lo] <= 0 <= a[k, hi]]
    if zero:
        out.append(t("app.marginal.zero", lang, step=step, lines=", ".join(zero)))
    source = ds.attrs.get("source")
    out.append(
        t("app.marginal.from_line", lang, line=source)
        if source
        else t("app.marginal.from_others", lang)
    )
    return out


def marginal_indicator_frame(ds: xr.Dataset, lang: str) -> pd.DataFrame:
    """Every output (end of 2027) and outcome (end of the run, 2030) by receiving line: the
    median change and its 90 % band, in the indicator's unit.

    Parameters
    ----------
    ds : xarray.Dataset
        :func:`model.analysis.marginal.marginal`'s result.
    """
    q = ds["quantile"].values
    lo, mid, hi = (int(np.argmin(abs(q - x))) for x in (0.05, 0.5, 0.95))
    rows = []
    for i in (str(x) for x in ds["indicator"].values):
        ind = INDICATORS[i]
        var = "change_2027" if ind.level == "output" else "change_2030"
        row = {
            t("app.marginal.col.indicator", lang): indicator_name(i, lang),
            t("app.marginal.col.when", lang): t(f"app.marginal.when.{ind.level}", lang),
            t("app.marginal.col.unit", lang): indicator_unit(i, lang),
        }
        for line in (str(x) for x in ds["line"].values):
            v = ds[var].sel(line=line, indicator=i).values
            row[line] = _band(float(v[mid]), float(v[lo]), float(v[hi]), lang, _decimals(v), "")
        rows.append(row)
    return pd.DataFrame(rows)


def _decimals(values: np.ndarray) -> int:
    """Decimals that show a change of this size (0 for whole counts, more for shares)."""
    size = float(np.nanmax(np.abs(values))) if np.isfinite(values).any() else 0.0
    return 0 if size >= 100 else 1 if size >= 1 else 3
