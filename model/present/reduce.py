"""What the workshop app shows, computed without streamlit: a scenario's ensemble reduced
to the few small tables and bands the pages draw, the differences between scenarios said
in words. The result files users download are made by :mod:`model.present.downloads`.

:func:`results` runs :func:`model.analysis.uncertainty.ensemble` and keeps only what the pages
need (a few hundred kB instead of the ensemble's tens of MB), so that the app can cache
one entry per scenario cheaply.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import pandas as pd
import xarray as xr

from model.analysis.sets import default_parameters
from model.analysis.uncertainty import draw, ensemble
from model.engine import TimeAxis
from model.i18n import t
from model.policy.budget import LINES
from model.policy.indicators import END_OF_TARGET_YEAR, INDICATORS, START_OF_PERIOD
from model.policy.scenarios import Scenario
from model.present.texts import fmt_num, fmt_pct, fmt_signed, indicator_name
from model.run.simulation import simulate
from model.run.summary import (
    LATE_RATES,
    LIKELY,
    RATES,
    TimeReading,
    answers,
    index_of,
    plan_arrays,
    time_reading,
)

QUANTILES = (0.05, 0.5, 0.95)
"""The band the app draws: median and the 90 % interval."""

HORIZONS = (2030, 2027)
"""Last year a run covers: 2030 (the model's default time axis) or 2027, the target
year, which runs in about 60 % of the time."""


LEDGER_COLUMNS = ("reserve_released", "reserve_spent", "cofinancing_received", "reserve_remaining")


@dataclass(frozen=True)
class Results:
    """The reduced results of one scenario.

    Attributes
    ----------
    name, title : str
        The scenario's.
    samples, seed : int
    indicators : pandas.DataFrame
        One row per indicator the model computes (index: id): ``level``, ``goal``,
        ``target``, ``start`` (median, end of 2023), ``median``, ``p05``, ``p95`` (end
        of 2027, plan), ``no_reserve`` (median, end of 2027), ``p_target_met``,
        ``p_better_than_2023``, ``p_better_than_no_reserve``.
    bands : xarray.Dataset
        ``band_<id>`` over ``(quantile, variant, time)`` with quantiles
        :data:`QUANTILES`, every :data:`BAND_STEP` months; regional indicators
        averaged over the regions.
    ledger : pandas.DataFrame
        Median over samples per budget year (index), columns :data:`LEDGER_COLUMNS`, k€.
    spent_by_line : pandas.DataFrame
        Median spent per budget year (index) and ledger line (columns), k€.
    cofinancing_by_source : pandas.DataFrame
        Median co-financing received per budget year (index) and source (columns,
        :data:`~model.policy.budget.COFINANCING_SOURCES`), k€.
    allocation : dict of str to float
        The scenario's amounts per line, k€.
    time : TimeReading
        Falls during 2028, outputs inflated by late spending, money unspent after 2027.
    """

    name: str
    title: str
    samples: int
    seed: int
    indicators: pd.DataFrame
    bands: xr.Dataset
    ledger: pd.DataFrame
    spent_by_line: pd.DataFrame
    cofinancing_by_source: pd.DataFrame
    allocation: dict[str, float]
    time: TimeReading

    def likely_met(self) -> int:
        """Outputs with a chance of at least :data:`~model.run.summary.LIKELY` of meeting their target."""
        return int((self.indicators["p_target_met"] >= LIKELY).sum())

    def outcomes_better(self) -> int:
        """Outcomes better than without the reserve with a chance of at least :data:`~model.run.summary.LIKELY`."""
        return int((self.indicators["p_better_than_no_reserve"] >= LIKELY).sum())

    @property
    def n_outputs(self) -> int:
        return int((self.indicators["level"] == "output").sum())

    @property
    def n_outcomes(self) -> int:
        return int((self.indicators["level"] == "outcome").sum())


BAND_STEP = 3
"""Months between the points of a band: quarterly is smooth enough on a chart and
three times cheaper than monthly (the start and the end of 2027 are always included)."""


def band_times(times: np.ndarray) -> np.ndarray:
    """Indices of the time points a band keeps: every :data:`BAND_STEP` months plus the
    start of the period and the end of 2027."""
    keep = set(range(0, len(times), BAND_STEP)) | {len(times) - 1}
    for moment in (START_OF_PERIOD, END_OF_TARGET_YEAR):
        keep |= set(np.flatnonzero(times == np.datetime64(moment, "ns")).tolist())
    return np.array(sorted(keep))


@dataclass(frozen=True)
class Reduced:
    """One variant of a run reduced to what the pages read: plain numpy, a few hundred kB.

    Attributes
    ----------
    ids : tuple of str
        The indicators, in :data:`~model.policy.indicators.INDICATORS` order.
    times : ndarray of datetime64
        The band's time points (:func:`band_times`).
    bands : ndarray, shape (indicator, quantile, time)
        :data:`QUANTILES` over the samples, in each indicator's units.
    start, end : ndarray, shape (indicator, sample)
        Each sample's value at the start of 2024 and at the end of 2027.
    late : ndarray, shape (indicator, sample)
        Each sample's value at the last band time (the horizon; equal to ``end`` for a
        run that ends in 2027).
    """

    ids: tuple[str, ...]
    times: np.ndarray
    bands: np.ndarray
    start: np.ndarray
    end: np.ndarray
    late: np.ndarray


def reduce_variant(ds: xr.Dataset, variant: str) -> Reduced:
    """Reduce one variant of a run of :func:`model.simulate` to a :class:`Reduced`;
    regional indicators are averaged over the regions (:func:`model.run.summary.plan_arrays`)."""
    times = ds["time"].values
    keep = band_times(times)
    start, end = index_of(times[keep], START_OF_PERIOD), index_of(times[keep], END_OF_TARGET_YEAR)
    which = list(ds["variant"].values).index(variant)
    ids = tuple(i for i in INDICATORS if i in ds.data_vars)
    series = np.empty((len(ids), ds.sizes["sample"], keep.size))
    for k, i in enumerate(ids):
        series[k] = plan_arrays(ds.variables[i])[which][:, keep]
    # one quantile call for all indicators: (quantile, indicator, time) -> (indicator, quantile, time)
    bands = np.quantile(series, list(QUANTILES), axis=1).transpose(1, 0, 2)
    return Reduced(
        ids,
        times[keep],
        bands,
        series[:, :, start].copy(),
        series[:, :, end].copy(),
        series[:, :, -1].copy(),
    )


def summarise(
    ds: xr.Dataset,
    scenario: Scenario,
    *,
    seed: int,
    horizon: int = HORIZONS[0],
    counterfactual: Reduced | None = None,
) -> Results:
    """Reduce a run of :func:`model.simulate` (variants, samples) to a :class:`Results`;
    the ledger keeps the budget years up to ``horizon``. A run of the plan alone needs
    the ``counterfactual`` (:func:`counterfactual`, same samples, seed and horizon)."""
    plan = reduce_variant(ds, "plan")
    none = reduce_variant(ds, "no_reserve") if counterfactual is None else counterfactual
    if (
        none.ids != plan.ids
        or none.start.shape != plan.start.shape
        or not np.array_equal(none.times, plan.times)
    ):
        raise ValueError(
            f"counterfactual: {none.start.shape[1]} samples to {none.times[-1]}, "
            f"but the plan has {plan.start.shape[1]} to {plan.times[-1]}; allowed: the same samples, seed and horizon"
        )
    start, end = index_of(plan.times, START_OF_PERIOD), index_of(plan.times, END_OF_TARGET_YEAR)
    mid = QUANTILES.index(0.5)
    later = plan.times[-1] > plan.times[end]
    rows = []
    for k, i in enumerate(plan.ids):
        ind = INDICATORS[i]
        late = (plan.late[k], none.late[k]) if later and ind.level == "outcome" else ()
        chances = answers(ind, plan.end[k], plan.start[k], none.end[k], *late)
        rows.append(
            {
                "id": i,
                "level": ind.level,
                "goal": ind.goal,
                "target": np.nan if ind.target is None else float(ind.target),
                "start": float(plan.bands[k, mid, start]),
                "median": float(plan.bands[k, mid, end]),
                "p05": float(plan.bands[k, 0, end]),
                "p95": float(plan.bands[k, -1, end]),
                "no_reserve": float(none.bands[k, mid, end]),
                **{f"p_{r}": chances[r] for r in (*RATES, *LATE_RATES)},
                # the horizon after 2027 (slow effects); NaN for outputs and runs to 2027
                "median_late": float(plan.bands[k, mid, -1]) if late else np.nan,
                "no_reserve_late": float(none.bands[k, mid, -1]) if late else np.nan,
            }
        )
    bands = np.stack([plan.bands, none.bands], axis=2)  # (indicator, quantile, variant, time)
    plan_ds = ds[[*LEDGER_COLUMNS, "reserve_spent_by_line", "cofinancing_by_source"]]
    if "variant" in plan_ds.dims:
        plan_ds = plan_ds.sel(variant="plan")
    ledger = pd.DataFrame(
        {
            c: np.median(plan_ds[c].transpose("sample", "budget_year").values, axis=0)
            for c in LEDGER_COLUMNS
        },
        index=pd.Index(plan_ds["budget_year"].values, name="budget_year"),
    )
    years = ledger.index <= horizon  # a run to 2028-01 books one month of 2028
    by_line = plan_ds["reserve_spent_by_line"].transpose("sample", "budget_year", "line")
    spent_by_line = pd.DataFrame(
        np.median(by_line.values, axis=0),
        index=ledger.index,
        columns=pd.Index([str(x) for x in by_line["line"].values], name="line"),
    )
    by_source = plan_ds["cofinancing_by_source"].transpose(
        "sample", "budget_year", "cofinancing_source"
    )
    cofinancing_by_source = pd.DataFrame(
        np.median(by_source.values, axis=0),
        index=ledger.index,
        columns=pd.Index(
            [str(x) for x in by_source["cofinancing_source"].values], name="cofinancing_source"
        ),
    )
    return Results(
        name=scenario.name,
        title=scenario.title,
        samples=int(ds.sizes["sample"]),
        seed=int(seed),
        indicators=pd.DataFrame(rows).set_index("id"),
        bands=xr.Dataset(
            {
                f"band_{i}": (("quantile", "variant", "time"), bands[k])
                for k, i in enumerate(plan.ids)
            },
            coords={
                "quantile": list(QUANTILES),
                "variant": ["plan", "no_reserve"],
                "time": plan.times,
            },
        ),
        ledger=ledger[years],
        spent_by_line=spent_by_line[years],
        cofinancing_by_source=cofinancing_by_source[years],
        allocation=dict(scenario.allocation),
        time=time_reading(ds),
    )


@lru_cache(maxsize=4)
def _draw(samples: int, seed: int, digest: str) -> dict[str, np.ndarray]:
    """:func:`model.analysis.uncertainty.draw` of the default parameters
    (:func:`model.analysis.sets.default_parameters`, whose :meth:`digest` is ``digest``),
    kept: every slider move reuses the same draw (read-only arrays, so no caller can
    change it for the next)."""
    drawn = draw(default_parameters(), samples=samples, seed=seed)
    for values in drawn.values():
        values.flags.writeable = False
    return drawn


def run(
    scenario: Scenario,
    *,
    samples: int,
    seed: int,
    horizon: int = HORIZONS[0],
    variants: Sequence[str] = ("plan", "no_reserve"),
) -> xr.Dataset:
    """The run behind the app's pages: :func:`model.simulate` on the draw
    :func:`model.analysis.uncertainty.ensemble` uses for this ``samples`` and ``seed`` (so
    every scenario gets the same draw: common random numbers) of the default parameter
    set (:func:`model.analysis.sets.default_parameters`: the calibrated set), indicators
    and ledger only, up to the end of ``horizon``. ``samples=1`` is the deterministic run
    at the set's values. ``variants=("no_reserve",)`` runs the counterfactual alone
    (indicators only, no ledger)."""
    if horizon not in HORIZONS:
        raise ValueError(f"horizon = {horizon!r}; allowed: {', '.join(map(str, HORIZONS))}")
    time = (
        None if horizon == 2030 else TimeAxis(end=f"{horizon + 1}-01")
    )  # the state at the end of the year
    base = default_parameters()
    drawn = _draw(int(samples), int(seed), base.digest())
    return simulate(
        scenario,
        samples=int(samples),
        seed=int(seed),
        parameters=base,
        drawn=drawn,
        detail="indicators",
        time=time,
        variants=tuple(variants),
        with_ledger="plan" in variants,
    )


def counterfactual_scenario(scenario: Scenario, baseline: Scenario) -> Scenario:
    """The one scenario whose no-reserve run equals ``scenario``'s: the baseline with
    what the run without the reserve depends on (the assumptions, the decision date and
    the Jeugdfonds lever). Every allocation, phasing and 2.2 split shares it, so moving
    those levers never needs the counterfactual again."""
    return baseline.with_levers(
        assumptions=dict(scenario.assumptions),
        decision_date=scenario.decision_date,
        jeugdfonds_share_130=scenario.jeugdfonds_share_130,
    )


def counterfactual(
    scenario: Scenario, *, samples: int, seed: int, horizon: int = HORIZONS[0]
) -> Reduced:
    """The run without the reserve for ``scenario``'s assumptions and levers, reduced
    (:func:`reduce_variant`): what :func:`results` needs to run only the plan."""
    ds = run(scenario, samples=samples, seed=seed, horizon=horizon, variants=("no_reserve",))
    return reduce_variant(ds, "no_reserve")


def results(
    scenario: Scenario,
    *,
    samples: int,
    seed: int,
    horizon: int = HORIZONS[0],
    counterfactual: Reduced | None = None,
) -> Results:
    """Run ``scenario`` (``samples`` draws; 1 = the deterministic run) and reduce it.

    With ``counterfactual`` (:func:`counterfactual` of :func:`counterfactual_scenario`,
    same samples, seed and horizon) only the plan is run: about 40 % less time, the
    same numbers.
    """
    variants = ("plan", "no_reserve") if counterfactual is None else ("plan",)
    ds = run(scenario, samples=samples, seed=seed, horizon=horizon, variants=variants)
    return summarise(ds, scenario, seed=seed, horizon=horizon, counterfactual=counterfactual)


def full_ensemble(scenario: Scenario, *, samples: int, seed: int) -> xr.Dataset:
    """:func:`model.analysis.uncertainty.ensemble` of ``scenario`` (for the netCDF download)."""
    return ensemble(
        scenario, samples=int(samples), seed=int(seed), quantiles=QUANTILES, detail="indicators"
    )


# --------------------------------------------------------------------------- in words


@dataclass(frozen=True)
class Changes:
    """How a scenario differs from the baseline, in numbers (:func:`changes`).

    ``money``: (line, k€ more or less) for every line that moved; ``likely`` and
    ``likely_base``: targets likely met in each; ``better`` and ``worse``: (indicator,
    chance in the baseline, chance in the scenario), largest change first.
    """

    title: str
    money: list[tuple[str, float]]
    likely: int
    likely_base: int
    better: list[tuple[str, float, float]]
    worse: list[tuple[str, float, float]]
    threshold: float


def changes(current: Results, baseline: Results, *, threshold: float = 0.05) -> Changes:
    """The differences between a scenario and the baseline: the money per line, and which
    chances rose or fell by at least ``threshold``. Outputs are compared by the chance of
    meeting the target, outcomes by the chance of being better than without the reserve."""
    better: list[tuple[float, str, float, float]] = []
    worse: list[tuple[float, str, float, float]] = []
    for i, row in current.indicators.iterrows():
        if i not in baseline.indicators.index:
            continue
        col = "p_target_met" if row["level"] == "output" else "p_better_than_no_reserve"
        a, b = float(baseline.indicators.at[i, col]), float(row[col])
        if np.isnan(a) or np.isnan(b) or abs(b - a) < threshold:
            continue
        (better if b > a else worse).append((abs(b - a), str(i), a, b))
    return Changes(
        title=current.title,
        money=[
            (line, current.allocation[line] - baseline.allocation[line])
            for line in LINES
            if abs(current.allocation[line] - baseline.allocation[line]) >= 0.5
        ],
        likely=current.likely_met(),
        likely_base=baseline.likely_met(),
        better=[(i, a, b) for _, i, a, b in sorted(better, reverse=True)],
        worse=[(i, a, b) for _, i, a, b in sorted(worse, reverse=True)],
        threshold=threshold,
    )


def _listing(items: list[tuple[str, float, float]], lang: str, most: int) -> str:
    shown = [
        t(
            "app.diff.item",
            lang,
            name=indicator_name(i, lang),
            before=fmt_pct(a, lang),
            after=fmt_pct(b, lang),
        )
        for i, a, b in items[:most]
    ]
    if len(items) > most:
        shown.append(t("app.diff.and_more", lang, n=len(items) - most))
    return "; ".join(shown)


def differences(
    current: Results, baseline: Results, *, lang: str, threshold: float = 0.05, most: int = 4
) -> list[str]:
    """The differences between a scenario and the baseline (:func:`changes`), as sentences.

    Says how the money moved (per line, k€), how many targets are likely met in each,
    and which chances rose or fell by at least ``threshold`` (largest first, at most
    ``most`` of each).
    """
    c = changes(current, baseline, threshold=threshold)
    money = [
        t("app.diff.money_item", lang, line=line, delta=fmt_signed(delta, lang))
        for line, delta in c.money
    ]
    out = [
        t("app.diff.money", lang, items=", ".join(money))
        if money
        else t("app.diff.same_money", lang)
    ]
    out.append(t("app.diff.summary", lang, name=c.title, n=c.likely, n_base=c.likely_base))
    if not c.better and not c.worse:
        out.append(t("app.diff.none", lang, name=c.title, points=fmt_num(100 * threshold, lang)))
    if c.better:
        out.append(t("app.diff.better", lang, items=_listing(c.better, lang, most)))
    if c.worse:
        out.append(t("app.diff.worse", lang, items=_listing(c.worse, lang, most)))
    return out


def ledger_table(ledgers: Mapping[str, pd.DataFrame], *, lang: str) -> pd.DataFrame:
    """Money per budget year for display: one row per year, per scenario the amount
    spent and what remains in the reserve, formatted in k€."""
    cols = {}
    for title, f in ledgers.items():
        cols[(title, t("app.chart.spent", lang))] = [fmt_num(v, lang) for v in f["reserve_spent"]]
        cols[(title, t("app.chart.cofinancing", lang))] = [
            fmt_num(v, lang) for v in f["cofinancing_received"]
        ]
        cols[(title, t("app.chart.remaining", lang))] = [
            fmt_num(v, lang) for v in f["reserve_remaining"]
        ]
    first = next(iter(ledgers.values()))
    frame = pd.DataFrame(
        cols, index=pd.Index([str(y) for y in first.index], name=t("app.col.year", lang))
    )
    frame.columns = pd.MultiIndex.from_tuples(frame.columns)
    return frame
