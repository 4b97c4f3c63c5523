"""What a council report is about, computed once: the scenarios on one draw of the
uncertainties (:func:`model.analysis.uncertainty.compare`), the Sobol analyses (per parameter
and per kind of uncertainty) and scenario discovery, gathered in :class:`Inputs`.

:mod:`model.report.assemble` words them and :mod:`model.report.sheets` tabulates them; the
few derived numbers both need (the reserve's effect on outcomes, the sensitivity ranking
over all outputs) are here, so that the text and the data sheets cannot disagree.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
import xarray as xr

from model.analysis.discovery import discover_in
from model.analysis.information import value_of_information
from model.analysis.marginal import marginal
from model.analysis.optimise import optimise
from model.analysis.sensitivity import sobol
from model.analysis.sets import default_parameters
from model.analysis.uncertainty import compare, value_at
from model.policy.indicators import END_OF_TARGET_YEAR, GOALS, INDICATORS
from model.policy.parameters import ParameterSet
from model.policy.scenarios import BASELINE, Scenario, load_scenario
from model.present import reduce as W
from model.run.simulation import DEFAULT_ENGINE


def ordered(ids: Sequence[str]) -> list[str]:
    """Indicator ids in the report's order: by goal, outputs before outcomes, then as in
    :data:`~model.policy.indicators.INDICATORS`."""
    goals = {g: k for k, g in enumerate(GOALS)}
    order = list(INDICATORS)
    return sorted(
        ids,
        key=lambda i: (goals[INDICATORS[i].goal], INDICATORS[i].level != "output", order.index(i)),
    )


SEARCH_SAMPLES = 300
"""Draws per candidate of the report's regret-robust search (over four futures, about
30 s on two cores; ``samenleven optimise`` searches with more)."""


@dataclass
class Inputs:
    """What :func:`compute` found, shared by the sections and the data sheets."""

    lang: str
    params: ParameterSet
    scenarios: dict[str, Scenario]  # label -> scenario, baseline first
    baseline: str
    focus: str
    user_labels: list[str]
    ds: xr.Dataset  # compare() over all labels
    runs: dict[str, W.Results]  # label -> reduced results, baseline first
    sobol: xr.Dataset
    sobol_groups: xr.Dataset
    discovery: dict[str, xr.Dataset]
    samples: int
    seed: int
    sobol_n: int
    voi: xr.Dataset | None = None
    """The value of information of the choice between the report's scenarios
    (:func:`decision_inputs`); None in a report without the decision section."""
    search: xr.Dataset | None = None
    """The regret-robust allocation search from the report's first scenario
    (:func:`decision_inputs`)."""
    marginal: xr.Dataset | None = None
    """What 1 M€ more on each line changes, from the report's first scenario."""


def compute(
    scenarios: list[Scenario],
    *,
    samples: int,
    sobol_n: int,
    seed: int,
    lang: str,
    parameters: ParameterSet | None,
    step: Callable[[str], None],
    engine: str = DEFAULT_ENGINE,
) -> Inputs:
    """Run everything a report shows: the scenarios (the baseline added in front when
    missing) on one draw, the Sobol analyses and scenario discovery of the first
    scenario; ``step(key)`` is called after each stage."""
    base = parameters if parameters is not None else default_parameters()
    if not any(s.name == BASELINE for s in scenarios):
        scenarios = [load_scenario(BASELINE), *scenarios]
        offset = 1
    else:
        offset = 0
    ds = compare(
        scenarios,
        samples=samples,
        seed=seed,
        parameters=base,
        quantiles=W.QUANTILES,
        engine=engine,
    )
    labels = [str(s) for s in ds["scenario"].values]
    by_label = dict(zip(labels, scenarios, strict=True))
    baseline = next(label for label, s in by_label.items() if s.name == BASELINE)
    labels_in_order = [baseline, *(label for label in labels if label != baseline)]
    runs = {
        label: W.summarise(ds.sel(scenario=label), by_label[label], seed=seed)
        for label in labels_in_order
    }
    user = labels[offset:]
    focus = user[0]
    step("runs")
    si = sobol(by_label[focus], n=sobol_n, seed=seed, parameters=base, engine=engine)
    sg = sobol(
        by_label[focus], n=sobol_n, seed=seed, parameters=base, groups="group", engine=engine
    )
    step("sobol")
    one = ds.sel(scenario=focus)
    found = {}
    for i in ordered(
        [
            i
            for i in runs[focus].indicators.index
            if INDICATORS[i].level == "output" and INDICATORS[i].target is not None
        ]
    ):
        found[i] = discover_in(one, indicator=i, parameters=base)
    step("discovery")
    return Inputs(
        lang=lang,
        params=base,
        scenarios={label: by_label[label] for label in labels_in_order},
        baseline=baseline,
        focus=focus,
        user_labels=user,
        ds=ds,
        runs=runs,
        sobol=si,
        sobol_groups=sg,
        discovery=found,
        samples=samples,
        seed=seed,
        sobol_n=sobol_n,
    )


def voi_options(inp: Inputs) -> list[Scenario]:
    """The report's scenarios that are a choice beside the focus: those with the focus's
    assumptions (one that fixes other assumptions is another future, not a choice)."""
    focus = inp.scenarios[inp.focus]
    return [sc for sc in inp.scenarios.values() if dict(sc.assumptions) == dict(focus.assumptions)]


def decision_inputs(inp: Inputs, *, engine: str = DEFAULT_ENGINE) -> None:
    """Add what the decision section shows to ``inp``: the value of information of the
    choice between :func:`voi_options` (the same samples and seed as the report), when
    there are at least two."""
    options = voi_options(inp)
    if len(options) >= 2:
        inp.voi = value_of_information(
            options, samples=inp.samples, seed=inp.seed, parameters=inp.params, engine=engine
        )
    focus = inp.scenarios[inp.focus]
    inp.search = optimise(
        focus,
        samples=min(inp.samples, SEARCH_SAMPLES),
        seed=inp.seed,
        robustness="regret",
        parameters=inp.params,
        engine=engine,
    )
    inp.marginal = marginal(
        focus, samples=inp.samples, seed=inp.seed, parameters=inp.params, engine=engine
    )


def effects(inp: Inputs, label: str, ids: Sequence[str]) -> pd.DataFrame:
    """Per outcome: the reserve's effect at the end of 2027 (plan minus no reserve, per
    sample), its median and 90 % band."""
    one = inp.ds.sel(scenario=label)
    rows = {}
    for i in ids:
        end = value_at(one[i], END_OF_TARGET_YEAR)
        diff = (end.sel(variant="plan") - end.sel(variant="no_reserve")).values
        rows[i] = {
            "effect_median": float(np.median(diff)),
            "effect_p05": float(np.quantile(diff, 0.05)),
            "effect_p95": float(np.quantile(diff, 0.95)),
        }
    return pd.DataFrame.from_dict(rows, orient="index")


def ranking(inp: Inputs, outputs: Sequence[str]) -> pd.DataFrame:
    """The parameters by their mean total Sobol index over ``outputs`` (NaN = 0), with how
    often each is among an output's three largest."""
    si = inp.sobol
    ids = [i for i in outputs if i in si["indicator"].values]
    st = si["ST"].sel(indicator=ids).fillna(0.0).clip(min=0.0)
    rank = si["rank"].sel(indicator=ids)
    frame = pd.DataFrame({
        "parameter": [str(p) for p in si["parameter"].values],
        "parameter_description": [inp.params[str(p)].describe(inp.lang) for p in si["parameter"].values],
        "group": [inp.params[str(p)].group for p in si["parameter"].values],
        "mean_ST": st.mean("indicator").values,
        "top3_outputs": (rank <= 3).sum("indicator").values.astype(int),
    })  # fmt: skip
    return frame.sort_values(
        ["mean_ST", "top3_outputs"], ascending=False, kind="stable"
    ).reset_index(drop=True)
