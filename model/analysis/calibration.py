"""Calibration: fitting the model to the observed data, and calibrated parameter sets.

The observations and their mapping to model quantities come from :mod:`model.analysis.observations`
(``calibration/data/*.csv`` with sidecars, ``calibration/mapping.toml``). Every model
evaluation here is one vectorised run of many parameter sets; nothing loops over samples.

* :func:`predict` — the model's value of every mapped observation for ``n`` parameter sets.
* :func:`screen` — which parameters each observation informs (from a prior ensemble), so
  the report can say which observations are informative and which only check consistency.
* :func:`fit_point` — bounded least squares (:func:`scipy.optimize.least_squares`) over the
  informed parameters; every Jacobian is one run of ``k + 1`` parameter sets.
* :func:`fit_posterior` — importance sampling: an ensemble drawn from the priors (the
  parameter files' ranges) weighted by a Gaussian likelihood with each series' stated
  observation error; when the effective sample size (ESS) is too small, adaptive rounds
  draw the informed parameters from truncated-normal proposals. The posterior is the set
  of weighted samples (netCDF).
* :func:`fit_report` — per observation: observed, fitted, residual, acceptable, and what
  it informs; :func:`plan_check` — the doelenboom output targets under a parameter set.
* :func:`calibrate` — all of it; writes ``calibration/sets/NAME.toml`` (value = posterior
  median, range = posterior 5–95 %, with provenance: data files and their SHA-256, date,
  method, ESS) and ``NAME.nc`` (the weighted samples). :func:`calibrated_parameters` turns
  a set into a :class:`~model.policy.parameters.ParameterSet` whose ``label`` is the set's name,
  so a run's ``parameter_set`` attribute names it.
* :func:`monitor_fit` / :func:`monitor_report` — a monitor file of the Province's own
  (:func:`~model.analysis.observations.load_monitor`), every row against the model's
  5-95 % band; no fitting, nothing written (``samenleven calibrate --monitor FILE``).

Command line::

    python -m model.analysis.calibration [--name NAME] [--out FILE] [--samples N] [--seed S]
    python -m model.analysis.calibration --monitor FILE [--parameters SET] [--lang nl|en]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import sys
import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import xarray as xr
from scipy import optimize, stats

from model.analysis.observations import (
    CALIBRATION_DIR,
    DATA_DIR,
    MAPPING_FILE,
    START,
    CalibrationError,
    MappingFile,
    Observation,
    Observations,
    Series,
    _display,
    load_mapping,
    load_monitor,
    load_observations,
    read_series,
)
from model.analysis.sets import (
    DEFAULT_SET,
    PRIORS,
    SETS_DIR,
    CalibrationWarning,
    _set_path,
    calibrated_parameters,
    default_parameters,
    draws_path,
    list_sets,
    parameter_set,
)
from model.common.files import write_atomic
from model.common.toml import toml_value
from model.engine import TimeAxis
from model.i18n import default_language, t
from model.policy.indicators import END_OF_TARGET_YEAR, OUTPUTS, REGIONS
from model.policy.parameters import Parameter, ParameterSet
from model.policy.scenarios import load_scenario
from model.run.results import read_netcdf, write_netcdf
from model.run.simulation import simulate
from model.version import __version__

__all__ = [
    "CALIBRATION_DIR",
    "DATA_DIR",
    "DEFAULT_SET",
    "MAPPING_FILE",
    "PRIORS",
    "SETS_DIR",
    "Calibration",
    "CalibrationError",
    "CalibrationWarning",
    "MappingFile",
    "Observation",
    "Observations",
    "PointFit",
    "Posterior",
    "Series",
    "calibrate",
    "calibrated_parameters",
    "default_parameters",
    "fit_point",
    "fit_posterior",
    "fit_report",
    "list_sets",
    "load_mapping",
    "load_monitor",
    "load_observations",
    "monitor_fit",
    "monitor_report",
    "monitor_table",
    "parameter_set",
    "plan_check",
    "predict",
    "read_posterior",
    "read_series",
    "screen",
]

DRAWS = 1000
"""Joint posterior draws a calibrated set keeps in git (``NAME.draws.csv``)."""
MIN_RANK_CORRELATION = 0.1
"""Rank correlations below this (or below 4 / sqrt(samples), the noise level) count as none."""


# --------------------------------------------------------------------------- prediction


def _prior_values(
    params: ParameterSet, n: int, *, seed: int | None, method: str = "lhs"
) -> dict[str, np.ndarray]:
    """A prior draw of every uncertain parameter (shape (n,) each)."""
    drawn = params.sample(n, seed=seed, method=method) if n > 1 else params.sample(1)
    return {k: np.asarray(drawn[k], dtype=float) for k in params.uncertain}


def _full(params: ParameterSet, values: Mapping[str, np.ndarray], n: int) -> dict[str, np.ndarray]:
    """Every parameter's value per sample: given values for uncertain ones, defaults elsewhere."""
    out = {k: np.full(n, p.value) for k, p in params.items()}
    for k, v in values.items():
        if k in out and params[k].uncertain:
            out[k] = np.broadcast_to(np.asarray(v, dtype=float), (n,))
    return out


def predict(
    observations: Observations, values: Mapping[str, np.ndarray], *, n: int | None = None
) -> np.ndarray:
    """The model's value of every mapped observation for ``n`` parameter sets at once.

    Parameters
    ----------
    values : dict of str to ndarray
        Values of (some of) the uncertain parameters, shape ``(n,)`` each; the others
        take their default values.

    Returns
    -------
    ndarray, shape (n, len(observations.items))
        In each series' unit.
    """
    if n is None:
        n = len(next(iter(values.values()))) if values else 1
    obs = observations.items
    params = observations.parameters
    full = _full(params, values, n)
    out = np.empty((n, len(obs)))
    needs_run = [o for o in obs if o.kind not in ("parameter", "rate")]
    ds = None
    rates = _rates_at_start(observations, full, n) if any(o.kind == "rate" for o in obs) else {}
    if needs_run:
        end = max(max(o.time, START + 1 / 12) for o in needs_run)
        year, frac = int(end), end - int(end)
        axis = TimeAxis(end=f"{year}-{round(frac * 12) + 1:02d}")
        scenario = load_scenario(observations.mapping.scenario)
        drawn = {k: v for k, v in full.items() if params[k].uncertain}
        ds = simulate(
            scenario,
            samples=n,
            parameters=observations.base,
            drawn=drawn,
            detail="indicators",
            time=axis,
        )
        ds = ds.sel(variant=observations.mapping.variant)
    for j, o in enumerate(obs):
        if o.kind == "parameter":
            out[:, j] = full[o.quantity] * o.scale
            continue
        if o.kind == "rate":
            out[:, j] = rates[(o.quantity, o.region, o.aggregate, o.trend_kind)] * o.scale
            continue
        assert ds is not None
        da = ds[o.quantity]

        def at(t: float, o: Observation = o, da: xr.DataArray = da) -> np.ndarray:
            x = da.sel(time=np.datetime64(f"{round(t)}-01-01")).values
            if x.ndim == 2:  # (sample, region)
                if o.region in REGIONS:
                    return x[:, REGIONS.index(o.region)]
                return x.mean(axis=1) if o.aggregate == "mean" else x.sum(axis=1)
            return x

        if o.kind == "growth":
            span = o.time - float(o.base_time)  # type: ignore[arg-type]
            with np.errstate(divide="ignore", invalid="ignore"):
                value = 100.0 * ((at(o.time) / at(float(o.base_time))) ** (1.0 / span) - 1.0)  # type: ignore[arg-type]
        elif o.kind == "backcast" and o.trend_kind == "points":
            value = at(START) + full[o.trend] * (o.time - START)
        elif o.kind == "backcast":
            value = at(START) * (1.0 + full[o.trend]) ** (o.time - START)
        else:
            value = at(o.time)
        out[:, j] = value * o.scale
    return out


RATE_AXIS = TimeAxis(end="2024-02")
"""The run a ``rate`` observation reads: the first month, without the reserve."""


def _rates_at_start(
    observations: Observations, full: Mapping[str, np.ndarray], n: int
) -> dict[tuple[str, str, str, str], np.ndarray]:
    """The model's yearly rate of change at the start (end of 2023) without the reserve,
    for every ``rate`` observation's (variable, region, aggregate, change): one vectorised
    run of the first month (every variable recorded, the no-reserve variant only), the
    month's change annualised — growth ``100 * ((x1 / x0)^12 - 1)`` in %/yr, or a change in
    points ``12 * (x1 - x0)`` a year. For an outcome in points this is its autonomous
    trend itself; for a variable with a logistic or other dynamic (the Jeugdfonds demand)
    it is the model's own growth at that moment."""
    params = observations.parameters
    drawn = {k: v for k, v in full.items() if params[k].uncertain}
    ds = simulate(
        load_scenario(observations.mapping.scenario),
        samples=n,
        parameters=observations.base,
        drawn=drawn,
        detail="all",
        time=RATE_AXIS,
        variants=("no_reserve",),
        with_ledger=False,
    ).sel(variant="no_reserve")
    steps_a_year = 1.0 / RATE_AXIS.dt
    out = {}
    for o in observations.items:
        if o.kind != "rate":
            continue
        x = ds[o.quantity].values  # (sample, time[, region])
        if x.ndim == 3:
            x = (
                x[:, :, REGIONS.index(o.region)]
                if o.region in REGIONS
                else x.mean(axis=2)
                if o.aggregate == "mean"
                else x.sum(axis=2)
            )
        x0, x1 = x[:, 0], x[:, 1]
        with np.errstate(divide="ignore", invalid="ignore"):
            rate = (
                100.0 * ((x1 / x0) ** steps_a_year - 1.0)
                if o.trend_kind == "relative"
                else steps_a_year * (x1 - x0)
            )
        out[(o.quantity, o.region, o.aggregate, o.trend_kind)] = rate
    return out


def _loglik(observations: Observations, predicted: np.ndarray) -> np.ndarray:
    """Gaussian log-likelihood of the fitted observations, shape (n,)."""
    mask = np.array([o.role == "fit" and o.weight > 0 for o in observations.items])
    if not mask.any():
        return np.zeros(predicted.shape[0])
    obs = np.array([o.observed for o in observations.items])[mask]
    sigma = np.array([o.sigma for o in observations.items])[mask]
    weight = np.array([o.weight for o in observations.items])[mask]
    z = (predicted[:, mask] - obs) / sigma
    ll = -0.5 * (weight * z**2).sum(axis=1)
    return np.where(np.isfinite(ll), ll, -np.inf)


# --------------------------------------------------------------------------- screening


def screen(
    observations: Observations, values: Mapping[str, np.ndarray], predicted: np.ndarray
) -> pd.DataFrame:
    """Which parameters each observation informs, from a prior ensemble.

    Returns a table (observation x uncertain parameter) of *influence*: the absolute
    rank correlation between parameter and prediction times the prior predictive
    standard deviation over the observation error — roughly how many observation errors
    the parameter moves the prediction across its prior range. A parameter is informed
    when its influence reaches the mapping's ``screen_threshold`` (default 0.3).
    """
    names = [k for k in observations.parameters.uncertain if k in values and np.ptp(values[k]) > 0]
    if not names:
        return pd.DataFrame(index=pd.Index([o.id for o in observations.items], name="observation"))
    X = stats.rankdata(np.column_stack([values[k] for k in names]), axis=0)
    X = (X - X.mean(0)) / X.std(0)
    rows = {}
    for j, o in enumerate(observations.items):
        y = predicted[:, j]
        finite = np.isfinite(y)
        sd = float(np.std(y[finite])) if finite.any() else 0.0
        if sd <= 1e-12 * max(1.0, abs(o.observed)):
            rows[o.id] = np.zeros(len(names))
            continue
        r = stats.rankdata(np.where(finite, y, np.nanmedian(y)))
        r = (r - r.mean()) / r.std()
        rho = (X * r[:, None]).mean(0)
        # rank correlations of pure noise are about 1/sqrt(n): ignore those, and weak ones
        rho = np.where(np.abs(rho) < max(4.0 / math.sqrt(len(y)), MIN_RANK_CORRELATION), 0.0, rho)
        rows[o.id] = np.abs(rho) * sd / o.sigma
    return pd.DataFrame(rows, index=pd.Index(names, name="parameter")).T


def _informed(observations: Observations, influence: pd.DataFrame) -> list[str]:
    m = observations.mapping
    if m.fit_parameters is not None:
        names = list(m.fit_parameters)
        for name in names:
            if name not in observations.parameters or not observations.parameters[name].uncertain:
                raise CalibrationError("calib.fit_parameters", file=_display(m.file), name=name)
        return names
    fit_ids = [o.id for o in observations.fit]
    if not fit_ids:
        return []
    peak = influence.loc[fit_ids].max(axis=0)
    chosen = peak[peak >= m.screen_threshold].sort_values(ascending=False)
    return [k for k in chosen.index if k not in m.exclude_parameters]


# --------------------------------------------------------------------------- priors


def _prior_pdf(p: Parameter, x: np.ndarray) -> np.ndarray:
    lo, hi = float(p.low), float(p.high)  # type: ignore[arg-type]
    if p.distribution == "triangular":
        return stats.triang.pdf(x, (p.value - lo) / (hi - lo), loc=lo, scale=hi - lo)
    return np.where((x >= lo) & (x <= hi), 1.0 / (hi - lo), 0.0)


def _prior_sd(p: Parameter) -> float:
    lo, hi = float(p.low), float(p.high)  # type: ignore[arg-type]
    if p.distribution == "triangular":
        c = p.value
        return math.sqrt((lo**2 + hi**2 + c**2 - lo * hi - lo * c - hi * c) / 18.0)
    return (hi - lo) / math.sqrt(12.0)


def weighted_quantile(x: np.ndarray, w: np.ndarray, q: Sequence[float]) -> np.ndarray:
    """Quantiles ``q`` of samples ``x`` with weights ``w`` (midpoint interpolation)."""
    order = np.argsort(x)
    x, w = np.asarray(x)[order], np.asarray(w)[order]
    cdf = (np.cumsum(w) - 0.5 * w) / w.sum()
    return np.interp(q, cdf, x)


# --------------------------------------------------------------------------- posterior


@dataclass
class Posterior:
    """Weighted samples of the informed parameters and what the model predicts with them.

    Attributes
    ----------
    samples : xarray.Dataset
        ``param_<name>`` and ``weight`` over ``sample``; ``predicted`` over
        (``sample``, ``observation``); ``observed``, ``sigma``; provenance attributes.
    parameters : list of str
        The parameters the data inform (fitted).
    ess : float
        Effective sample size of all rounds' weighted samples, ``(sum w)^2 / sum w^2``.
    influence : DataFrame
        The screen (observation x parameter), from the prior ensemble.
    prior_predicted : ndarray (n, m)
        Prior predictive values (first round).
    """

    samples: xr.Dataset
    parameters: list[str]
    ess: float
    influence: pd.DataFrame
    prior_predicted: np.ndarray
    rounds: list[dict[str, Any]] = field(default_factory=list)

    @property
    def weights(self) -> np.ndarray:
        w = self.samples["weight"].values
        return w / w.sum()

    def summary(self, base: ParameterSet) -> pd.DataFrame:
        """Per informed parameter: prior value and range, posterior median, 5–95 %, sd ratio."""
        w = self.weights
        rows = []
        for name in self.parameters:
            p = base[name]
            x = self.samples[f"param_{name}"].values
            q05, q50, q95 = weighted_quantile(x, w, [0.05, 0.5, 0.95])
            mean = float((w * x).sum())
            sd = float(np.sqrt((w * (x - mean) ** 2).sum()))
            rows.append(
                {
                    "parameter": name,
                    "unit": p.unit,
                    "prior_value": p.value,
                    "prior_low": p.low,
                    "prior_high": p.high,
                    "posterior_median": q50,
                    "posterior_p05": q05,
                    "posterior_p95": q95,
                    "posterior_mean": mean,
                    "sd_ratio": sd / _prior_sd(p),
                }
            )
        return pd.DataFrame(rows).set_index("parameter") if rows else pd.DataFrame()

    def medians(self) -> dict[str, float]:
        """Posterior median of each informed parameter (the calibrated set's values)."""
        w = self.weights
        return {
            k: float(weighted_quantile(self.samples[f"param_{k}"].values, w, [0.5])[0])
            for k in self.parameters
        }

    def best(self) -> dict[str, float]:
        """The sample with the highest likelihood (a start for :func:`fit_point`)."""
        i = int(np.argmax(self.samples["log_likelihood"].values))
        return {k: float(self.samples[f"param_{k}"].values[i]) for k in self.parameters}

    def draws(self, n: int, *, seed: int = 0) -> dict[str, np.ndarray]:
        """``n`` posterior draws (systematic resampling of the weighted samples), usable as
        ``simulate(..., drawn=...)``: informed parameters from the posterior, the others
        from their priors when the ensemble is run."""
        rng = np.random.default_rng(seed)
        cdf = np.cumsum(self.weights)
        idx = np.searchsorted(cdf, (rng.random() + np.arange(n)) / n)
        idx = np.minimum(idx, len(cdf) - 1)
        rng.shuffle(idx)
        return {k: self.samples[f"param_{k}"].values[idx] for k in self.parameters}


def _ess(logw: np.ndarray) -> tuple[np.ndarray, float]:
    finite = np.isfinite(logw)
    if not finite.any():
        return np.zeros_like(logw), 0.0
    w = np.where(finite, np.exp(logw - logw[finite].max()), 0.0)
    return w, float(w.sum() ** 2 / (w**2).sum())


@dataclass(frozen=True)
class _Proposal:
    """Defensive mixture over the informed parameters: ``defensive`` x prior + the rest x a
    multivariate normal truncated to the prior ranges."""

    names: tuple[str, ...]
    mean: np.ndarray
    cov: np.ndarray
    lo: np.ndarray
    hi: np.ndarray
    defensive: float
    log_inside: float

    @classmethod
    def make(
        cls,
        params: ParameterSet,
        names: Sequence[str],
        mean: np.ndarray,
        cov: np.ndarray,
        *,
        defensive: float,
        rng: np.random.Generator,
    ) -> _Proposal:
        lo = np.array([float(params[k].low) for k in names])  # type: ignore[arg-type]
        hi = np.array([float(params[k].high) for k in names])  # type: ignore[arg-type]
        cov = 0.5 * (cov + cov.T) + np.diag(((hi - lo) / 200.0) ** 2)
        mean = np.clip(mean, lo, hi)
        probe = rng.multivariate_normal(mean, cov, size=20_000, method="eigh")
        inside = float(np.mean(np.all((probe >= lo) & (probe <= hi), axis=1)))
        return cls(tuple(names), mean, cov, lo, hi, defensive, math.log(max(inside, 1e-6)))

    def draw(
        self, prior_draw: Mapping[str, np.ndarray], n: int, rng: np.random.Generator
    ) -> dict[str, np.ndarray]:
        """Informed parameters from the mixture (its prior part taken from ``prior_draw``)."""
        out: list[np.ndarray] = []
        for _ in range(1000):
            x = rng.multivariate_normal(self.mean, self.cov, size=2 * n, method="eigh")
            out.append(x[np.all((x >= self.lo) & (x <= self.hi), axis=1)])
            if sum(len(x) for x in out) >= n:
                break
        mvn = np.concatenate(out)
        if len(mvn) < n:
            raise CalibrationError("calib.proposal")
        from_prior = rng.random(n) < self.defensive
        return {
            k: np.where(from_prior, prior_draw[k], mvn[:n, j]) for j, k in enumerate(self.names)
        }

    def log_pdf(self, values: Mapping[str, np.ndarray], log_prior: np.ndarray) -> np.ndarray:
        X = np.column_stack([values[k] for k in self.names])
        log_mvn = (
            np.atleast_1d(
                stats.multivariate_normal(self.mean, self.cov, allow_singular=True).logpdf(X)
            )
            - self.log_inside
        )
        return np.logaddexp(
            math.log(self.defensive) + log_prior, math.log1p(-self.defensive) + log_mvn
        )


def _log_prior(
    params: ParameterSet, names: Sequence[str], values: Mapping[str, np.ndarray]
) -> np.ndarray:
    """Log prior density of the informed parameters (product of their marginals), shape (n,)."""
    n = len(next(iter(values.values()))) if values else 0
    return (
        np.sum(
            [np.log(np.maximum(_prior_pdf(params[k], values[k]), 1e-300)) for k in names], axis=0
        )
        if names
        else np.zeros(n)
    )


def _linear_gaussian(
    observations: Observations,
    names: Sequence[str],
    values: Mapping[str, np.ndarray],
    predicted: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """Gaussian approximation of the posterior of ``names`` from an ensemble, without new runs.

    Regresses the fitted observations' predictions linearly on the parameters over the
    ensemble (the rest of the prediction's spread — other parameters, non-linearity —
    is added to the observation error), approximates each prior by a normal with its mean
    and variance, and returns the linear-Gaussian posterior mean and covariance (the
    analysis step of an ensemble Kalman smoother).
    """
    params = observations.parameters
    fit = [j for j, o in enumerate(observations.items) if o.role == "fit" and o.weight > 0]
    X = np.column_stack([values[k] for k in names])
    Y = predicted[:, fit]
    ok = np.all(np.isfinite(Y), axis=1)
    X, Y = X[ok], Y[ok]
    xm, ym = X.mean(0), Y.mean(0)
    B, *_ = np.linalg.lstsq(X - xm, Y - ym, rcond=None)  # (k, m)
    resid = (Y - ym) - (X - xm) @ B
    obs = np.array([observations.items[j].observed for j in fit])
    sigma = np.array([observations.items[j].sigma for j in fit])
    weight = np.array([observations.items[j].weight for j in fit])
    r_inv = weight / (sigma**2 + resid.var(0))
    m0 = np.array(
        [
            0.5 * (float(params[k].low) + float(params[k].high))  # type: ignore[arg-type]
            if params[k].distribution == "uniform"
            else (float(params[k].low) + float(params[k].high) + params[k].value) / 3.0  # type: ignore[arg-type]
            for k in names
        ]
    )
    v0 = np.array([_prior_sd(params[k]) ** 2 for k in names])
    precision = np.diag(1.0 / v0) + (B * r_inv) @ B.T
    cov = np.linalg.inv(precision)
    c = ym - xm @ B
    mean = cov @ (m0 / v0 + (B * r_inv) @ (obs - c))
    return mean, cov


def fit_posterior(
    observations: Observations,
    *,
    samples: int = 2000,
    seed: int = 0,
    rounds: int = 5,
    min_ess: float | None = None,
    inflation: float = 1.5,
    defensive: float = 0.1,
) -> Posterior:
    """Posterior of the informed parameters by importance sampling on vectorised ensembles.

    Round 1 draws every uncertain parameter from its prior (Latin hypercube, ``samples``
    sets, one vectorised run) and weights each set by the Gaussian likelihood of the
    fitted observations; the screen (:func:`screen`) picks the parameters the data inform.
    When the data are informative enough that few prior draws carry weight (ESS below
    ``min_ess``, default ``samples / 10``), further rounds draw the informed parameters
    from a proposal and weight them by likelihood x prior / proposal (adaptive importance
    sampling). The proposal is a defensive mixture — ``defensive`` x prior + the rest x a
    multivariate normal truncated to the prior ranges, with covariance x ``inflation``^2 —
    centred on the weighted samples so far when they have an ESS of at least 50, otherwise
    on a linear-Gaussian (ensemble Kalman) approximation fitted to the last round's
    ensemble. The other parameters are drawn from their priors each round. All rounds'
    samples together form the posterior, each weighted against the mixture of every
    round's proposal (deterministic-mixture weights, as in adaptive multiple importance
    sampling); rounds stop once the ESS reaches ``min_ess`` or after ``rounds``.

    Returns
    -------
    Posterior
    """
    if samples < 10:
        raise CalibrationError("calib.samples_proposal", samples=samples)
    params = observations.parameters
    min_ess = samples / 10 if min_ess is None else min_ess
    first = _prior_values(params, samples, seed=seed)
    predicted = predict(observations, first, n=samples)
    prior_predicted = predicted
    influence = screen(observations, first, predicted)
    informed = _informed(observations, influence)
    # every round's informed values, predictions, log prior, and the proposals drawn from
    values = {k: first[k] for k in informed}
    loglik = _loglik(observations, predicted)
    log_prior = _log_prior(params, informed, values)
    proposals: list[_Proposal | None] = [None]  # round 1: the prior
    w, ess = _ess(loglik)
    history = [{"round": 1, "ess": ess, "proposal": "prior"}]
    rng = np.random.default_rng(seed + 7919)
    for r in range(2, rounds + 1):
        if not informed or ess >= min_ess:
            break
        if ess >= 50:
            X = np.column_stack([values[k] for k in informed])
            wn = w / w.sum()
            mean = wn @ X
            cov = ((X - mean) * wn[:, None]).T @ (X - mean)
            kind = "weighted samples"
        else:
            last = slice(-samples, None)
            mean, cov = _linear_gaussian(
                observations, informed, {k: v[last] for k, v in values.items()}, predicted[last]
            )
            kind = "linear-Gaussian"
        proposal = _Proposal.make(
            params, informed, mean, inflation**2 * cov, defensive=defensive, rng=rng
        )
        new = _prior_values(params, samples, seed=seed + r, method="random")
        new.update(proposal.draw(new, samples, rng))
        new_pred = predict(observations, new, n=samples)
        values = {k: np.concatenate([values[k], new[k]]) for k in informed}
        predicted = np.concatenate([predicted, new_pred])
        loglik = np.concatenate([loglik, _loglik(observations, new_pred)])
        log_prior = np.concatenate([log_prior, _log_prior(params, informed, new)])
        proposals.append(proposal)
        # all rounds together, each sample weighted against the mixture of every round's
        # proposal (deterministic-mixture / AMIS weights)
        log_q = np.stack(
            [log_prior if q is None else q.log_pdf(values, log_prior) for q in proposals]
        )
        log_mix = np.logaddexp.reduce(log_q, axis=0) - math.log(len(proposals))
        w, ess = _ess(loglik + log_prior - log_mix)
        history.append({"round": r, "ess": ess, "proposal": kind})
    samples_total = len(w)
    ids = [o.id for o in observations.items]
    data: dict[str, Any] = {
        f"param_{k}": xr.DataArray(
            values[k],
            dims=("sample",),
            attrs={"units": params[k].unit, "long_name": params[k].description},
        )
        for k in informed
    }
    data["weight"] = xr.DataArray(
        w / w.sum() if w.sum() > 0 else w,
        dims=("sample",),
        attrs={"units": "1", "long_name": "importance weight (normalised)"},
    )
    data["log_likelihood"] = xr.DataArray(
        loglik,
        dims=("sample",),
        attrs={"units": "1", "long_name": "Gaussian log-likelihood of the fitted observations"},
    )
    data["predicted"] = xr.DataArray(
        predicted,
        dims=("sample", "observation"),
        attrs={"units": "series unit", "long_name": "model value of each observation"},
    )
    data["observed"] = xr.DataArray(
        [o.observed for o in observations.items],
        dims=("observation",),
        attrs={"units": "series unit", "long_name": "observed value"},
    )
    data["sigma"] = xr.DataArray(
        [o.sigma for o in observations.items],
        dims=("observation",),
        attrs={"units": "series unit", "long_name": "observation error (1 sd)"},
    )
    data["role"] = xr.DataArray(
        [o.role for o in observations.items],
        dims=("observation",),
        attrs={"units": "1", "long_name": "fit or check"},
    )
    ds = xr.Dataset(data, coords={"sample": np.arange(samples_total), "observation": ids})
    ds["sample"].attrs.update({"units": "1", "long_name": "weighted sample"})
    ds["observation"].attrs.update({"units": "1", "long_name": "series:region:year"})
    ds.attrs.update(
        {
            "method": f"importance sampling, {len(history)} round(s) of {samples} vectorised runs (adaptive truncated-normal proposals; defensive mixture {defensive}, inflation {inflation})",
            "ess": ess,
            "samples": samples,
            "rounds": len(history),
            "seed": seed,
            "scenario": observations.mapping.scenario,
            "variant": observations.mapping.variant,
            "parameters": " ".join(informed),
            "data_files": json.dumps(observations.provenance()),
            "base_parameter_hash": observations.base.digest(),
            "toolkit_version": __version__,
        }
    )
    if ess < min_ess and informed:
        warnings.warn(
            f"calibration: effective sample size {ess:.0f} is below {min_ess:.0f}; use more samples",
            CalibrationWarning,
            stacklevel=2,
        )
    return Posterior(
        samples=ds,
        parameters=informed,
        ess=ess,
        influence=influence,
        prior_predicted=prior_predicted,
        rounds=history,
    )


# --------------------------------------------------------------------------- point fit


@dataclass
class PointFit:
    """Result of :func:`fit_point`.

    Attributes
    ----------
    values : dict of str to float
        Fitted values of the fitted parameters.
    sd : dict of str to float
        Approximate standard errors from the Jacobian (Laplace approximation).
    predicted : ndarray (m,)
        Model value of every mapped observation at the fit.
    success : bool
    message : str
    evaluations : int
        Vectorised model runs used.
    """

    values: dict[str, float]
    sd: dict[str, float]
    predicted: np.ndarray
    cost: float
    success: bool
    message: str
    evaluations: int
    at_bound: tuple[str, ...] = ()
    """Parameters the fit pushed to an end of their prior range (the data want more)."""


def fit_point(
    observations: Observations,
    *,
    parameters: Sequence[str] | None = None,
    start: Mapping[str, float] | None = None,
    prior_weight: float = 0.0,
    max_evaluations: int = 40,
    step: float = 1e-3,
) -> PointFit:
    """Bounded least squares: the parameter values that best reproduce the fitted observations.

    Minimises ``sum(weight * ((model - observed) / sigma)^2)`` with
    :func:`scipy.optimize.least_squares` (trust region reflective, bounded by each
    parameter's range), plus, if ``prior_weight > 0``, a ridge term
    ``prior_weight * sum(((x - default) / prior_sd)^2)`` that keeps the fit well posed when
    the data inform only combinations of parameters. Each Jacobian is one vectorised run of
    the ``k + 1`` parameter sets of a forward difference (``step`` in units of the range).
    A quick answer; :func:`fit_posterior` gives the uncertainty.

    Parameters
    ----------
    parameters : list of str, optional
        Which parameters to fit (default: those the mapping's screen finds informed, from
        a prior ensemble of 256 sets).
    start : dict, optional
        Starting values (default: the parameters' default values).
    """
    params = observations.parameters
    if parameters is None:
        values = _prior_values(params, 256, seed=0)
        parameters = _informed(
            observations, screen(observations, values, predict(observations, values, n=256))
        )
    names = list(parameters)
    fit = observations.fit
    mask = np.array([o in fit for o in observations.items])
    if not names or not mask.any():
        pred = predict(observations, {}, n=1)[0]
        return PointFit({}, {}, pred, 0.0, True, "nothing to fit", 1)
    lo = np.array([float(params[k].low) for k in names])  # type: ignore[arg-type]
    hi = np.array([float(params[k].high) for k in names])  # type: ignore[arg-type]
    width = hi - lo
    x_default = np.array([(params[k].value - lo[i]) / width[i] for i, k in enumerate(names)])
    prior_sd = np.array([_prior_sd(params[k]) / width[i] for i, k in enumerate(names)])
    obs = np.array([o.observed for o in fit])
    sigma = np.array([o.sigma for o in fit])
    sqrt_w = np.sqrt([o.weight for o in fit])
    evaluations = 0
    cache: dict[bytes, np.ndarray] = {}

    def residuals_of(pred: np.ndarray, x: np.ndarray) -> np.ndarray:
        data = sqrt_w * (pred[:, mask] - obs) / sigma
        prior = math.sqrt(prior_weight) * (x - x_default) / prior_sd
        return np.concatenate([data, prior], axis=1) if prior_weight > 0 else data

    def run(xs: np.ndarray) -> np.ndarray:
        nonlocal evaluations
        evaluations += 1
        vals = {k: lo[i] + xs[:, i] * width[i] for i, k in enumerate(names)}
        return predict(observations, vals, n=len(xs))

    def fun(x: np.ndarray) -> np.ndarray:
        key = x.tobytes()
        if key not in cache:
            cache[key] = run(x[None, :])[0]
        r = residuals_of(cache[key][None, :], x[None, :])[0]
        return np.where(np.isfinite(r), r, 1e6)

    def jac(x: np.ndarray) -> np.ndarray:
        h = np.where(x + step <= 1.0, step, -step)
        xs = np.vstack([x, x + np.diag(h)])
        pred = run(xs)
        cache[x.tobytes()] = pred[0]
        r = residuals_of(pred, xs)
        return ((r[1:] - r[0]) / h[:, None]).T

    x0 = x_default.copy()
    if start:
        for i, k in enumerate(names):
            if k in start:
                x0[i] = np.clip((start[k] - lo[i]) / width[i], 0.0, 1.0)
    res = optimize.least_squares(
        fun, x0, jac=jac, bounds=(0.0, 1.0), method="trf", x_scale=1.0, max_nfev=max_evaluations
    )
    J = res.jac
    try:
        cov = np.linalg.pinv(J.T @ J)
        sd = np.sqrt(np.clip(np.diag(cov), 0.0, None)) * width
    except np.linalg.LinAlgError:
        sd = np.full(len(names), np.nan)
    pred = cache.get(res.x.tobytes())
    if pred is None:
        pred = run(res.x[None, :])[0]
    return PointFit(
        values={k: float(lo[i] + res.x[i] * width[i]) for i, k in enumerate(names)},
        sd={k: float(sd[i]) for i, k in enumerate(names)},
        predicted=pred,
        cost=float(res.cost),
        success=bool(res.success),
        message=str(res.message),
        evaluations=evaluations,
        at_bound=tuple(k for i, k in enumerate(names) if min(res.x[i], 1.0 - res.x[i]) < 1e-6),
    )


# --------------------------------------------------------------------------- report


def fit_report(
    observations: Observations, *, point: PointFit | None = None, posterior: Posterior | None = None
) -> pd.DataFrame:
    """Per observation: observed, fitted, residual and whether the fit is acceptable.

    Columns: ``series, region, year, kind, quantity, role, observed, sigma, tolerance``;
    with a posterior the prior predictive ``prior_median, prior_p05, prior_p95``, the
    posterior predictive ``posterior_median, posterior_p05, posterior_p95``, ``band`` (the
    observation ``inside``, ``above`` or ``below`` that 5-95 % band) and ``informs`` (parameters the observation moves by at least the screen threshold);
    ``point_fit`` (the model at the point fit); ``fitted`` — the model at the calibrated
    values (posterior medians of the informed parameters, the others at their defaults:
    what a run with the calibrated set gives), or the point fit without a posterior —
    ``residual = observed - fitted``,
    ``z = residual / sigma``, ``acceptable = |residual| <= tolerance``, and ``note``
    saying whether the observation was fitted or only checks consistency.
    """
    table = observations.table.drop(columns=["weight"])
    table["tolerance"] = [o.tolerance for o in observations.items]
    fitted = None
    if posterior is not None:
        w = posterior.weights
        pred = posterior.samples["predicted"].values
        prior = posterior.prior_predicted
        with np.errstate(invalid="ignore"):
            table["prior_median"], table["prior_p05"], table["prior_p95"] = (
                np.nanquantile(prior, q, axis=0) for q in (0.5, 0.05, 0.95)
            )
        q = np.array(
            [weighted_quantile(pred[:, j], w, [0.5, 0.05, 0.95]) for j in range(pred.shape[1])]
        )
        table["posterior_median"], table["posterior_p05"], table["posterior_p95"] = (
            q[:, 0],
            q[:, 1],
            q[:, 2],
        )
        # each observation against the posterior predictive 5-95 % band (a band of zero
        # width, a figure the model takes as given, counts as inside at its value)
        eps = 1e-9 * np.maximum(1.0, np.abs(table["observed"].to_numpy()))
        table["band"] = np.where(
            table["observed"] < table["posterior_p05"] - eps,
            "below",
            np.where(table["observed"] > table["posterior_p95"] + eps, "above", "inside"),
        )
        threshold = observations.mapping.screen_threshold
        table["informs"] = [
            ", ".join(
                posterior.influence.loc[o.id][posterior.influence.loc[o.id] >= threshold]
                .sort_values(ascending=False)
                .index[:4]
            )
            for o in observations.items
        ]
        medians = {k: np.array([v]) for k, v in posterior.medians().items()}
        fitted = predict(observations, medians, n=1)[0]
    if point is not None:
        table["point_fit"] = point.predicted
        if fitted is None:
            fitted = point.predicted
    if fitted is not None:
        table["fitted"] = fitted
        table["residual"] = table["observed"] - table["fitted"]
        table["z"] = table["residual"] / table["sigma"]
        table["acceptable"] = table["residual"].abs() <= table["tolerance"]
    notes = []
    for o in observations.items:
        spread = (
            0.0
            if posterior is None
            else float(table.loc[o.id, "prior_p95"] - table.loc[o.id, "prior_p05"])
        )
        if posterior is not None and spread <= 1e-9 * max(1.0, abs(o.observed)):
            start = f" (parameter {o.start_parameter})" if o.start_parameter else ""
            text = (
                f"consistency check: the model takes this figure as given{start}; informs nothing"
            )
        elif o.role == "check":
            text = "check only (not fitted): " + (o.why or "see mapping")
        else:
            text = "fitted"
            if o.kind == "backcast":
                text += f"; backcast along {o.trend}"
            if o.kind == "rate":
                text += (
                    f"; the yearly change {o.base_year}-{o.year} against the model's rate at the "
                    "start without the reserve"
                )
        if o.source_kind != "measurement":
            text += f"; the figure is a {o.source_kind}, not a measurement"
        if fitted is not None and not bool(table.loc[o.id, "acceptable"]):
            text += "; residual above tolerance"
        notes.append(text)
    table["note"] = notes
    return table


def plan_check(
    parameters: ParameterSet,
    *,
    base: ParameterSet | None = None,
    scenario: str = "baseline",
    tolerance: float = 0.005,
) -> pd.DataFrame:
    """The doelenboom output targets in the deterministic baseline with ``parameters``.

    For each output: its 2027 value, target and whether it is met (within ``tolerance``,
    as in ``tests/test_plan.py``). With ``base`` (the uncalibrated parameters), a missed
    target's ``why`` names the calibrated parameters whose reset to the base value alone
    brings it back (one vectorised run).
    """
    sc = load_scenario(scenario)
    end = np.datetime64(END_OF_TARGET_YEAR)
    ds = simulate(sc, parameters=parameters, detail="indicators").sel(
        variant="plan", sample=0, time=end
    )
    rows = []
    for o in OUTPUTS:
        if o.id not in ds:
            continue
        value = float(ds[o.id].mean())
        rows.append(
            {
                "output": o.id,
                "target": float(o.target or 0.0),
                "value": value,
                "met": value >= float(o.target or 0.0) * (1 - tolerance),
                "why": "",
            }
        )
    table = pd.DataFrame(rows).set_index("output")
    missed = table.index[~table["met"]]
    if base is not None and len(missed):
        changed = [k for k in parameters if k in base and parameters[k].value != base[k].value]
        # sample 0: every calibrated parameter back at its base value; sample i: only the i-th
        n = len(changed) + 1
        drawn = {k: np.full(n, parameters[k].value) for k in parameters.uncertain}
        for i, k in enumerate(changed):
            drawn.setdefault(k, np.full(n, parameters[k].value))
            drawn[k][0] = drawn[k][i + 1] = base[k].value
        reset = simulate(
            sc, samples=n, parameters=parameters, drawn=drawn, detail="indicators"
        ).sel(variant="plan", time=end)
        for out in missed:
            target = table.loc[out, "target"] * (1 - tolerance)
            if not changed or float(reset[out].isel(sample=0).mean()) < target:
                table.loc[out, "why"] = (
                    "missed by the uncalibrated baseline too: not caused by the calibration"
                )
                continue
            fixes = [
                k
                for i, k in enumerate(changed)
                if float(reset[out].isel(sample=i + 1).mean()) >= target
            ]
            if fixes:
                table.loc[out, "why"] = "met again when " + ", ".join(
                    f"{k} is reset from {parameters[k].value:.4g} to {base[k].value:.4g}"
                    for k in fixes
                )
                continue
            # no single reset is enough: name those that move it towards the target, most first
            value = float(table.loc[out, "value"])
            gains = {
                k: float(reset[out].isel(sample=i + 1).mean()) - value
                for i, k in enumerate(changed)
            }
            movers = sorted(
                (k for k, g in gains.items() if g > 0.01 * (target - value)),
                key=lambda k: -gains[k],
            )
            table.loc[out, "why"] = "caused by the calibrated parameters together: " + ", ".join(
                f"{k} ({parameters[k].value:.4g} instead of {base[k].value:.4g}: {-gains[k]:+.4g})"
                for k in movers or changed
            )
    return table


# --------------------------------------------------------------------------- calibrated sets


def _toml(x: Any) -> str:
    """A TOML value, floats to six significant digits (a calibrated set needs no more)."""
    return toml_value(x, digits=6)


def write_set(
    path: str | Path,
    *,
    posterior: Posterior,
    observations: Observations,
    point: PointFit | None = None,
    report: pd.DataFrame | None = None,
    draws: int = DRAWS,
) -> Path:
    """Write a calibrated set: ``NAME.toml`` (overrides with provenance), ``NAME.draws.csv``
    (``draws`` equally weighted joint posterior draws of the informed parameters, which
    ensembles draw from; kept in git) and ``NAME.nc`` (the weighted samples)."""
    path = Path(path)
    name = path.stem
    summary = posterior.summary(observations.base)
    created = datetime.now(UTC).isoformat(timespec="seconds")
    fitted = [o.id for o in observations.fit]
    lines = [
        f"# Calibrated parameter set {name!r}, written by `samenleven calibrate` (model/calibration.py).",
        "# Each [parameters.X] replaces X's value by its posterior median and its range by the posterior",
        "# 5-95 % (uniform); every other parameter keeps its prior from model/policy/parameters/*.toml.",
        "# Use it with model.analysis.calibration.calibrated_parameters(NAME); the weighted samples are in NAME.nc.",
        "",
        "[calibration]",
        f"name = {_toml(name)}",
        f"created = {_toml(created)}",
        f"method = {_toml(posterior.samples.attrs['method'] + '; point fit: bounded least squares (scipy.optimize.least_squares)')}",
        f"samples = {int(posterior.samples.attrs['samples'])}",
        f"seed = {int(posterior.samples.attrs['seed'])}",
        f"ess = {_toml(posterior.ess)}",
        f"scenario = {_toml(observations.mapping.scenario)}",
        f"variant = {_toml(observations.mapping.variant)}",
        f"base_parameter_hash = {_toml(observations.base.digest())}",
        f"toolkit_version = {_toml(__version__)}",
        f"fitted_observations = {_toml(fitted)}",
        f"posterior = {_toml(path.with_suffix('.nc').name)}",
    ]
    draws_text = _draws_csv(
        posterior, name=name, samples=draws, seed=int(posterior.samples.attrs["seed"])
    )
    if draws_text is not None:
        lines += [
            f"draws = {_toml(draws_path(path).name)}",
            f"draws_sha256 = {_toml(hashlib.sha256(draws_text.encode('utf-8')).hexdigest())}",
        ]
    if report is not None and "acceptable" in report:
        bad = [str(i) for i in report.index[~report["acceptable"].astype(bool)]]
        lines.append(f"not_acceptable = {_toml(bad)}")
    lines += ["data = ["] + [f"  {_toml(d)}," for d in observations.provenance()] + ["]", ""]
    for k, row in summary.iterrows():
        p = observations.base[str(k)]
        lines += [
            f"[parameters.{k}]",
            f"value = {_toml(row['posterior_median'])}",
            f"range = {_toml([row['posterior_p05'], row['posterior_p95']])}",
            f"unit = {_toml(p.unit)}",
            f"prior_value = {_toml(p.value)}",
            f"prior_range = {_toml([p.low, p.high])}",
            f"sd_ratio = {_toml(row['sd_ratio'])}",
        ]
        if point is not None and str(k) in point.values:
            lines.append(f"point_fit = {_toml(point.values[str(k)])}")
            if str(k) in point.at_bound:
                lines.append(
                    "# the point fit lies at an end of the prior range: the data alone would go further"
                )
        lines.append("")
    if draws_text is not None:
        write_atomic(draws_path(path), draws_text)
    write_atomic(path, "\n".join(lines))
    write_netcdf(posterior.samples, path.with_suffix(".nc"))
    return path


def _draws_csv(posterior: Posterior, *, name: str, samples: int, seed: int) -> str | None:
    """The posterior as ``samples`` equally weighted joint draws of the informed
    parameters (systematic resampling of the importance weights), as CSV text; None when
    the data inform no parameter."""
    if not posterior.parameters:
        return None
    drawn = posterior.draws(samples, seed=seed)
    rows = [
        f"# Posterior draws of calibrated set {name!r}: {samples} equally weighted joint draws of the",
        "# informed parameters, resampled from the importance weights of NAME.nc; ensembles draw",
        "# rows of this table (model.policy.parameters.ParameterSet.joint). Written by samenleven calibrate.",
        ",".join(posterior.parameters),
    ]
    rows += [
        ",".join(f"{float(drawn[k][i]):.6g}" for k in posterior.parameters) for i in range(samples)
    ]
    return "\n".join(rows) + "\n"


def read_posterior(name: str | Path, *, sets_dir: Path = SETS_DIR) -> xr.Dataset:
    """The weighted samples of calibrated set ``name``."""
    return read_netcdf(_set_path(name, Path(sets_dir)).with_suffix(".nc"))


# --------------------------------------------------------------------------- one call


@dataclass
class Calibration:
    """What :func:`calibrate` produced."""

    observations: Observations
    posterior: Posterior
    point: PointFit
    report: pd.DataFrame
    summary: pd.DataFrame
    plan: pd.DataFrame | None
    path: Path | None


def calibrate(
    name: str = "document",
    *,
    data: str | Path = DATA_DIR,
    mapping: str | Path | MappingFile | None = None,
    samples: int = 2000,
    seed: int = 0,
    out: str | Path | None = None,
    sets_dir: Path = SETS_DIR,
    write: bool = True,
    check_plan: bool = True,
) -> Calibration:
    """Load the observations, fit, report, check the plan and write the calibrated set.

    The set goes to ``out`` (a ``.toml`` path; its stem is the set's name) or to
    ``calibration/sets/NAME.toml``; the weighted samples next to it as ``.nc``.
    """
    if out is not None and Path(out).suffix != ".toml":
        raise CalibrationError("calib.out_suffix", out=out)
    if not isinstance(samples, int) or samples < 10:
        raise CalibrationError("calib.samples", samples=samples)
    obs = load_observations(data, mapping=mapping)
    posterior = fit_posterior(obs, samples=samples, seed=seed)
    summary = posterior.summary(obs.base)
    point = fit_point(obs, parameters=posterior.parameters, start=posterior.best())
    report = fit_report(obs, point=point, posterior=posterior)
    path = Path(out) if out is not None else Path(sets_dir) / f"{name}.toml"
    plan = None
    if write:
        write_set(path, posterior=posterior, observations=obs, point=point, report=report)
        if check_plan:
            plan = plan_check(calibrated_parameters(path, base=obs.base), base=obs.base)
    elif check_plan:
        # the calibrated values as a set with ranges, as a written set gives them: fixed
        # values would leave plan_check nothing to reset
        calibrated = dict(obs.base)
        for k, row in summary.iterrows():
            calibrated[str(k)] = replace(
                obs.base[str(k)],
                value=float(row["posterior_median"]),
                low=float(row["posterior_p05"]),
                high=float(row["posterior_p95"]),
                distribution="uniform",
            )
        plan = plan_check(ParameterSet(calibrated, label=name), base=obs.base)
    return Calibration(obs, posterior, point, report, summary, plan, path if write else None)


def format_calibration(c: Calibration) -> str:
    """A plain-text summary for the command line."""
    pd_opts = {"display.width": 200, "display.max_columns": 30, "display.max_colwidth": 60}
    cols = [
        "kind",
        "role",
        "observed",
        "sigma",
        "prior_median",
        "point_fit",
        "fitted",
        "posterior_p05",
        "posterior_p95",
        "band",
        "residual",
        "acceptable",
        "informs",
    ]
    with pd.option_context(*[x for kv in pd_opts.items() for x in kv]):
        parts = [
            f"Observations: {len(c.observations.items)} mapped ({len(c.observations.fit)} fitted), {len(c.observations.unmapped)} rows unmapped"
            + (f": {', '.join(c.observations.unmapped)}" if c.observations.unmapped else ""),
            f"Posterior: {c.posterior.samples.attrs['method']}; ESS {c.posterior.ess:.0f} of {c.posterior.samples.attrs['samples']}",
            "",
            "Fit report",
            c.report[cols].to_string(float_format=lambda x: f"{x:.4g}"),
            "",
            "Calibrated parameters (value = posterior median, range = posterior 5-95 %)",
            c.summary.to_string(float_format=lambda x: f"{x:.4g}")
            if len(c.summary)
            else "(none: the data inform no uncertain parameter)",
            f"Point fit (least squares, {c.point.evaluations} vectorised runs): "
            + ", ".join(f"{k} = {v:.4g} ± {c.point.sd[k]:.2g}" for k, v in c.point.values.items())
            + (
                f"; at the end of its prior range: {', '.join(c.point.at_bound)}"
                if c.point.at_bound
                else ""
            ),
        ]
        if c.plan is not None:
            missed = c.plan[~c.plan["met"]]
            parts += [
                "",
                f"Plan check (calibrated baseline): {int(c.plan['met'].sum())} of {len(c.plan)} output targets met",
            ]
            if len(missed):
                parts.append(missed.to_string(float_format=lambda x: f"{x:.4g}"))
        if c.path is not None:
            parts += ["", f"written: {_display(c.path)} and {_display(c.path.with_suffix('.nc'))}"]
    return "\n".join(parts)


# --------------------------------------------------------------------------- monitor files


def monitor_fit(observations: Observations, *, samples: int = 1000, seed: int = 0) -> pd.DataFrame:
    """Each row of a monitor file (:func:`~model.analysis.observations.load_monitor`)
    against the model's band: one vectorised ensemble of ``samples`` parameter sets drawn
    from ``observations.parameters`` (the priors or a calibrated set).

    Returns
    -------
    DataFrame
        Indexed by observation (``indicator:region:year``): ``indicator, region, year,
        kind, unit, observed, model_median, model_p05, model_p95`` (the model's 5-95 %
        band, in the indicator's unit), ``percentile`` (share of the ensemble below the
        observed value, 0-1), ``verdict`` (``inside``, ``above`` or ``below`` the band),
        ``z`` ((observed - median) / sigma where the row gives an error, else NaN),
        ``file``, ``line``, ``source``.
    """
    if not isinstance(samples, int) or samples < 10:
        raise CalibrationError("calib.samples", samples=samples)
    values = _prior_values(observations.parameters, samples, seed=seed)
    predicted = predict(observations, values, n=samples)
    rows = []
    for j, o in enumerate(observations.items):
        y = predicted[:, j]
        y = y[np.isfinite(y)]
        q05, q50, q95 = (float(q) for q in np.quantile(y, [0.05, 0.5, 0.95]))
        # values that differ only by rounding (e.g. a starting level the model takes as
        # given) count as equal: half below, half above
        eps = 1e-9 * max(1.0, abs(o.observed))
        same = np.abs(y - o.observed) <= eps
        below = float(np.mean((y < o.observed) & ~same) + 0.5 * np.mean(same))
        if o.observed < q05 - eps:
            verdict = "below"
        elif o.observed > q95 + eps:
            verdict = "above"
        else:
            verdict = "inside"
        rows.append(
            {
                "observation": o.id,
                "indicator": o.quantity,
                "region": o.region,
                "year": o.year,
                "kind": o.kind,
                "unit": observations.series[o.series].unit,
                "observed": o.observed,
                "model_median": q50,
                "model_p05": q05,
                "model_p95": q95,
                "percentile": below,
                "verdict": verdict,
                "z": (o.observed - q50) / o.sigma if math.isfinite(o.sigma) else math.nan,
                "file": o.file,
                "line": o.line,
                "source": o.source,
            }
        )
    return pd.DataFrame(rows).set_index("observation")


def format_monitor(
    table: pd.DataFrame, *, lang: str | None = None, samples: int, parameter_set: str
) -> str:
    """The monitor's fit as text for the command line, in ``lang``."""
    from model.i18n import number, unit_label
    from model.policy.indicators import INDICATORS, REGION_NAMES

    lang = lang or default_language()
    files = ", ".join(dict.fromkeys(table["file"]))
    lines = [
        t(
            "calib.monitor.heading",
            lang,
            file=files,
            n=len(table),
            samples=samples,
            set=parameter_set,
        ),
        "",
        f"  {t('calib.monitor.col.indicator', lang):<44}{t('calib.monitor.col.region', lang):<26}"
        f"{t('calib.monitor.col.year', lang):>6}{t('calib.monitor.col.observed', lang):>12}"
        f"{t('calib.monitor.col.median', lang):>12}{t('calib.monitor.col.band', lang):>22}  "
        f"{t('calib.monitor.col.verdict', lang)}",
    ]
    for _, r in table.iterrows():
        ind = INDICATORS[str(r["indicator"])]
        name = ind.nl if lang == "nl" else ind.en
        label = f"{name} ({unit_label(ind.units, lang)})"
        label = label if len(label) <= 43 else label[:42] + "…"
        region = REGION_NAMES[r["region"]][lang] if r["region"] in REGION_NAMES else "Limburg"
        decimals = 0 if abs(float(r["model_median"])) >= 100 else 1

        def fmt(x: float, decimals: int = decimals) -> str:
            return number(float(x), lang, decimals)

        band = f"{fmt(r['model_p05'])} – {fmt(r['model_p95'])}"
        verdict = t(f"calib.monitor.{r['verdict']}", lang, percentile=round(100 * r["percentile"]))
        lines.append(
            f"  {label:<44}{region:<26}{int(r['year']):>6}{fmt(r['observed']):>12}"
            f"{fmt(r['model_median']):>12}{band:>22}  {verdict}"
        )
        lines.append(
            f"  {'':<4}{t('calib.monitor.source_line', lang, line=int(r['line']), source=r['source'])}"
        )
    inside = int((table["verdict"] == "inside").sum())
    lines += ["", t("calib.monitor.summary", lang, inside=inside, n=len(table))]
    return "\n".join(lines)


def monitor_report(
    path: str | Path,
    *,
    data: bytes | None = None,
    parameters: ParameterSet | None = None,
    samples: int = 1000,
    seed: int = 0,
    lang: str | None = None,
) -> str:
    """Load a monitor file (or, with ``data``, its content from memory), compare every
    row with the model's band, and say so in ``lang`` (what ``samenleven calibrate
    --monitor FILE`` prints). ``parameters`` default to :func:`default_parameters`."""
    table, label = monitor_table(
        path, data=data, parameters=parameters, samples=samples, seed=seed, lang=lang
    )
    return format_monitor(table, lang=lang, samples=samples, parameter_set=label)


def monitor_table(
    path: str | Path,
    *,
    data: bytes | None = None,
    parameters: ParameterSet | None = None,
    samples: int = 1000,
    seed: int = 0,
    lang: str | None = None,
) -> tuple[pd.DataFrame, str]:
    """The fit of a monitor file (:func:`monitor_fit`) and the name of the parameter set
    it was compared with, as users read it in ``lang`` (the priors named as such)."""
    params = parameters if parameters is not None else default_parameters()
    obs = load_monitor(path, data=data, parameters=params)
    table = monitor_fit(obs, samples=samples, seed=seed)
    label = obs.base.label
    if label == PRIORS:
        label = t("calib.monitor.priors", lang)
    return table, label


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m model.analysis.calibration``: the same as ``samenleven calibrate``."""
    p = argparse.ArgumentParser(
        prog="python -m model.analysis.calibration",
        description="Fit the model to calibration/data and write a calibrated parameter set.",
    )
    p.add_argument("--name", default="document", help="name of the set (default: document)")
    p.add_argument(
        "--out",
        type=Path,
        default=None,
        help="write the set to this .toml file (its stem is the name)",
    )
    p.add_argument(
        "--samples", type=int, default=2000, help="ensemble size per importance-sampling round"
    )
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--data", type=Path, default=DATA_DIR, help="folder of observation files")
    p.add_argument(
        "--mapping",
        type=Path,
        default=None,
        help="mapping file (default: mapping.toml above the data folder)",
    )
    p.add_argument(
        "--monitor",
        type=Path,
        default=None,
        help="instead of fitting: compare a monitor file (CSV, see calibration/README.md) with the model's band",
    )
    p.add_argument(
        "--parameters",
        default=None,
        metavar="SET",
        help=f"with --monitor: the parameter set whose band the rows are compared with: a calibrated set, or {PRIORS} (default: {DEFAULT_SET})",
    )
    p.add_argument(
        "--lang", choices=("nl", "en"), default=None, help="language of the monitor's fit"
    )
    args = p.parse_args(argv)
    if args.monitor is not None:
        try:
            params = parameter_set(args.parameters)
            print(
                monitor_report(
                    args.monitor,
                    parameters=params,
                    samples=args.samples,
                    seed=args.seed,
                    lang=args.lang,
                )
            )
        except CalibrationError as exc:
            print(f"error: {exc.message(args.lang)}", file=sys.stderr)
            return 2
        return 0
    try:
        c = calibrate(
            args.name,
            data=args.data,
            mapping=args.mapping,
            samples=args.samples,
            seed=args.seed,
            out=args.out,
        )
    except (CalibrationError, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(format_calibration(c))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
