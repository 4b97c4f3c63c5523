"""Value of information from a probabilistic sample: EVPI and partial EVPI (EVPPI).

A decision picks one of ``D`` options (allocations of the reserve); each sample ``i`` of
the uncertainties gives every option a net benefit ``NB[i, d]``, in the objective's units.
Deciding now, under uncertainty, takes the option with the highest expected net benefit;
knowing the uncertainties first would let each world take its own best option:

* :func:`evpi` — the expected value of perfect information,
  ``E[max_d NB] - max_d E[NB]``: what resolving *all* uncertainty is worth;
* :func:`evppi` — the partial value for a group of inputs ``theta``,
  ``E_theta[max_d E[NB | theta]] - max_d E[NB]``: what knowing only that group is worth.

The conditional expectations ``E[NB_d | theta]`` come from the regression estimator of
Strong, Oakley & Brennan (2014), *Estimating multiparameter partial expected value of
perfect information from a probabilistic sensitivity analysis sample: a nonparametric
regression approach*, Medical Decision Making 34(3):311-326: regress each option's
incremental net benefit against the first option on the group's inputs, over the same
sample; the fitted values estimate the conditional expectations, and

    EVPPI = mean_i max_d g_d(theta_i) - max_d mean_i g_d(theta_i),  g_0 = 0.

The regression (scikit-learn):

* ``method="gam"`` (the default): a GAM-like spline model. Cubic B-splines per input
  (``SplineTransformer``, knots at quantiles) for the main effects, the products of two
  inputs' coarser bases for the pairwise interactions, and a ridge penalty per option
  chosen by generalised cross-validation (``RidgeCV``). A group of up to
  :data:`GAM_MAX_INPUTS` inputs gets every pair; a larger group gets the main effects of
  every input and the pairs among its :data:`GAM_MAX_INPUTS` strongest inputs (ranked by
  an additive fit first, :func:`strongest_inputs`). The ridge penalty shrinks the fit
  towards a constant, as a GAM's smoothing penalty shrinks it towards a smooth curve; with
  few knots the two are close (Strong et al. use mgcv's penalised regression splines).
* ``method="gp"``: a Gaussian process (``GaussianProcessRegressor``) with one length scale
  per input and a white-noise term, as Strong et al. (§3.2) advise for groups of many
  inputs, for groups of at most :data:`GP_MAX_INPUTS` inputs. Its hyperparameters are
  fitted by maximum likelihood on at most :data:`GP_FIT_SAMPLES` samples and shared by the
  options' incremental net benefits; its fitted values are the leave-one-out predictions
  on every sample.

Why the spline model by default, against Strong et al.'s advice for large groups. Measured
on this model (five scenarios, 1,000 samples, seed 1; 5-fold cross-validated R^2 of each
option's incremental attainment on each group): the spline model with screened interactions
predicted as well as a GP on the group's six strongest inputs or better (execution
0.48/0.14/0.20 against 0.50/0.12/0.22; unit costs 0.26 against 0.30 on one option, 0.07
against 0.02 on another; where a group explains nothing it stays at 0, the GP went to
-0.08), in a second instead of 10-15 s per group. A GP on all of a group's 43-47 inputs
found, by maximum likelihood, a nearly diagonal kernel that interpolates the noise (fitted
R^2 = 1, held-out R^2 = 0): with many inputs that each explain a little, the split between
signal and noise is not identified. Its in-sample fit then gave EVPPI = EVPI for all three
such groups; its leave-one-out fit still gave 0.19-0.22 points each (of an EVPI of 0.41,
baseline against armoede_eerst), for groups whose held-out R^2 is about 0 under every
regression tried: noisy fitted values raise EVPPI (the mean of a maximum grows with the
noise). Hence the limit of :data:`GP_MAX_INPUTS`; even below it, on a group that explains
nothing (co-financing for that pair: held-out R^2 <= 0) the GP gave 0.04 ± 0.01 where the
spline model gave 0.00; where a group matters the two agree (execution: 0.16 ± 0.02 and
0.15 ± 0.02). On the analytic cases of ``tests/analysis/test_voi.py`` both agree with the
exact values.

Both are linear smoothers with an approximate Gaussian posterior of the fitted values
``N(g, sigma^2 U diag(f) U^T)`` (``U`` orthonormal, ``0 <= f < 1``; ridge: the Bayesian
ridge posterior, GP: the GP's). The **standard error** of an EVPPI estimate is that of
Strong et al.'s appendix: draw the fitted values from this posterior (:data:`ERROR_DRAWS`
times), compute EVPPI for each draw, take the standard deviation; to it is added, in
quadrature, the Monte Carlo standard error of the mean over samples (the appendix's draws
hold the sample fixed). EVPI's standard error is the Monte Carlo one. Estimates are clipped
to ``[0, EVPI]``; the errors are not.

Everything works on whole arrays: one regression per group for all options, no loop over
samples.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from itertools import combinations
from typing import Any

import numpy as np

from model.errors import SamenlevenError

GAM_MAX_INPUTS = 4
"""The spline model's interactions: every pair of up to this many inputs, and for a larger
group the pairs among this many strongest (Strong et al. 2014 use a full GAM for one to
about four inputs: the tensor-product basis grows with the square of the inputs)."""
GP_MAX_INPUTS = 15
"""The Gaussian process is refused for groups of more varying inputs than this (see the
module docstring: on this model it passed noise off as information there)."""
GP_FIT_SAMPLES = 300
"""The Gaussian process's hyperparameters are fitted on at most this many samples (a fit
with 43 inputs and 300 samples took 6-70 s on this shared 2-core machine)."""
ERROR_DRAWS = 500
"""Draws of the fitted values from their posterior for the standard error (the relative
error of a standard deviation from 500 draws is about 3 %)."""
MAIN_KNOTS = 6
"""Knots per input of the main-effect splines (cubic: 8 functions, 7 after the one the
intercept makes redundant)."""
PAIR_KNOTS = 4
"""Knots per input of the bases whose products make the pairwise interactions (cubic: 5
functions each after dropping one; 25 products per pair)."""
ALPHAS = np.logspace(-6, 4, 41)
"""Ridge penalties that generalised cross-validation chooses from (per option)."""
METHODS = ("gam", "gp")


class VoiError(SamenlevenError):
    """An input to a value-of-information estimator is invalid (names the argument, its
    value and what is allowed; English, as the library's callers are programs)."""

    language = "en"
    plain_language = "en"


@dataclass(frozen=True)
class Estimate:
    """A value of information with its standard error.

    Attributes
    ----------
    value : float
        The estimate, in the net benefit's units (clipped to ``[0, EVPI]`` for EVPPI).
    error : float
        Its standard error, same units (see the module docstring for how it is found).
    method : str
        ``"monte_carlo"`` (EVPI), ``"gam"`` or ``"gp"`` (the EVPPI regression), or
        ``"none"`` where nothing needed estimating (one option, or inputs that never vary).
    """

    value: float
    error: float
    method: str

    def __float__(self) -> float:
        return self.value


# --------------------------------------------------------------------------- checks


def _net_benefit(net_benefit: Any) -> np.ndarray:
    nb = np.asarray(net_benefit, dtype=float)
    if nb.ndim == 1:
        nb = nb[:, None]
    if nb.ndim != 2 or nb.shape[0] < 2 or nb.shape[1] < 1:
        raise VoiError(
            field="net_benefit",
            value=f"an array of shape {np.shape(net_benefit)}",
            allowed="an array (samples, decisions) with at least 2 samples and 1 decision",
        )
    if not np.all(np.isfinite(nb)):
        raise VoiError(
            field="net_benefit",
            value=f"{int(np.sum(~np.isfinite(nb)))} values that are NaN or infinite",
            allowed="finite numbers only",
        )
    return nb


def _inputs(inputs: Any, samples: int) -> np.ndarray:
    x = np.asarray(inputs, dtype=float)
    if x.ndim == 1:
        x = x[:, None]
    if x.ndim != 2 or x.shape[0] != samples or x.shape[1] < 1:
        raise VoiError(
            field="inputs",
            value=f"an array of shape {np.shape(inputs)}",
            allowed=f"an array (samples, k) with the net benefit's {samples} samples and k >= 1",
        )
    if not np.all(np.isfinite(x)):
        raise VoiError(field="inputs", value="NaN or infinite values", allowed="finite numbers")
    return x


def _gain(nb: np.ndarray) -> np.ndarray:
    """Per sample, how much better the sample's best option is than the option that is best
    on average: ``max_d nb[i, d] - nb[i, d*]``; its mean is the value of information."""
    best = int(np.argmax(nb.mean(axis=0)))
    return nb.max(axis=1) - nb[:, best]


# --------------------------------------------------------------------------- EVPI


def evpi(net_benefit: Any) -> Estimate:
    """Expected value of perfect information, ``E[max_d NB] - max_d E[NB]``.

    Parameters
    ----------
    net_benefit : array_like
        Shape ``(samples, decisions)``: each option's net benefit in each sample of the
        uncertainties (all options evaluated on the same samples), in the objective's units.

    Returns
    -------
    Estimate
        The value (>= 0, in the net benefit's units) and its Monte Carlo standard error.

    Examples
    --------
    >>> nb = np.array([[0.0, 1.0], [0.0, -1.0], [0.0, 2.0], [0.0, -2.0]])
    >>> evpi(nb).value    # both options have mean 0; knowing first gains (1 + 2) / 4
    0.75
    """
    nb = _net_benefit(net_benefit)
    gain = _gain(nb)
    return Estimate(float(gain.mean()), float(gain.std(ddof=1) / np.sqrt(len(gain))), "monte_carlo")


# --------------------------------------------------------------------------- EVPPI


def evppi(
    net_benefit: Any,
    inputs: Any,
    *,
    method: str = "gam",
    reference: int = 0,
    seed: int = 0,
    error_draws: int = ERROR_DRAWS,
) -> Estimate:
    """Partial EVPI of a group of inputs, by Strong, Oakley & Brennan's (2014) regression.

    Parameters
    ----------
    net_benefit : array_like
        Shape ``(samples, decisions)``, as for :func:`evpi`.
    inputs : array_like
        Shape ``(samples, k)`` (or ``(samples,)``): the group's input values in the same
        samples. Inputs that never vary are dropped.
    method : {"gam", "gp"}
        The regression (see the module docstring): splines with pairwise interactions
        (screened above :data:`GAM_MAX_INPUTS` varying inputs), or a Gaussian process (at
        most :data:`GP_MAX_INPUTS` varying inputs).
    reference : int
        The option the others' incremental net benefits are taken against (the result does
        not depend on it, up to round-off and the regression's fit).
    seed : int
        Seed of the Gaussian process's fitting subsample and of the error's posterior draws.
    error_draws : int
        Posterior draws for the standard error (at least 2).

    Returns
    -------
    Estimate
        The value in the net benefit's units, clipped to ``[0, EVPI]``, its standard error
        (posterior draws of the regression, Strong et al.'s appendix, and the Monte Carlo
        error of the mean, in quadrature), and the regression used (``"gam"`` or ``"gp"``;
        ``"none"`` for one option or inputs that never vary: exactly 0).

    Examples
    --------
    >>> rng = np.random.default_rng(1)
    >>> theta = rng.normal(size=(2000, 2))
    >>> nb = np.column_stack([np.zeros(2000), theta[:, 0] + 0.1 * theta[:, 1]])
    >>> est = evppi(nb, theta[:, 0])       # the true value is 1/sqrt(2 pi) = 0.399
    >>> est.method, abs(est.value - 0.399) < 3 * est.error
    ('gam', True)
    """
    nb = _net_benefit(net_benefit)
    x = _inputs(inputs, len(nb))
    if method not in METHODS:
        raise VoiError(field="method", value=method, allowed=", ".join(METHODS))
    decisions = nb.shape[1]
    if isinstance(reference, bool) or not isinstance(reference, (int, np.integer)):
        raise VoiError(field="reference", value=reference, allowed="an option's index")
    if not 0 <= reference < decisions:
        raise VoiError(
            field="reference", value=reference, allowed=f"an index from 0 to {decisions - 1}"
        )
    if isinstance(error_draws, bool) or not isinstance(error_draws, (int, np.integer)):
        raise VoiError(field="error_draws", value=error_draws, allowed="a whole number >= 2")
    if error_draws < 2:
        raise VoiError(field="error_draws", value=error_draws, allowed="a whole number >= 2")
    x = x[:, np.ptp(x, axis=0) > 0]
    incremental = np.delete(nb - nb[:, [reference]], reference, axis=1)
    if decisions == 1 or x.shape[1] == 0 or not np.any(np.ptp(incremental, axis=0) > 0):
        return Estimate(0.0, 0.0, "none")
    chosen = method
    if chosen == "gp" and x.shape[1] > GP_MAX_INPUTS:
        raise VoiError(
            field="method",
            value=f"gp for a group of {x.shape[1]} varying inputs",
            allowed=f"gp for at most {GP_MAX_INPUTS} inputs; gam for any group",
        )
    rng = np.random.default_rng(seed)
    smoother = (
        _spline_smoother(x, incremental) if chosen == "gam" else _gp_smoother(x, incremental, rng)
    )
    with_reference = np.column_stack([np.zeros(len(nb)), smoother.fit])
    gain = _gain(with_reference)
    draws = smoother.draw(error_draws, rng)  # (draws, samples, options - 1)
    per_draw = np.maximum(draws.max(axis=2), 0.0).mean(axis=1) - np.maximum(
        draws.mean(axis=1).max(axis=1), 0.0
    )
    regression = float(per_draw.std(ddof=1))
    monte_carlo = float(gain.std(ddof=1) / np.sqrt(len(gain)))
    ceiling = evpi(nb).value
    value = float(np.clip(gain.mean(), 0.0, ceiling))
    return Estimate(value, float(np.hypot(regression, monte_carlo)), chosen)


# --------------------------------------------------------------------------- smoothers


@dataclass(frozen=True)
class _Smoother:
    """A fitted regression of several targets (columns of ``y``) with an approximate
    Gaussian posterior of its fitted values: ``N(fit, sigma^2 U diag(f) U^T)`` per target.

    ``basis`` is ``U`` (samples, r), orthonormal and shared by the targets; ``shrink`` holds
    each target's ``f`` (targets, r), ``noise`` its ``sigma^2``, ``intercept_var`` the
    variance of its mean (the ridge's unpenalised intercept; 0 for the GP, whose mean is
    fixed)."""

    fit: np.ndarray
    basis: np.ndarray
    shrink: np.ndarray
    noise: np.ndarray
    intercept_var: np.ndarray

    def draw(self, n: int, rng: np.random.Generator) -> np.ndarray:
        """``n`` draws of the fitted values from their posterior, (n, samples, targets)."""
        r, targets = self.basis.shape[1], self.fit.shape[1]
        z = rng.standard_normal((targets, r, n))
        scale = np.sqrt(self.noise[:, None] * self.shrink)  # (targets, r)
        # one matrix product per target (option), not per sample
        spread = np.stack([self.basis @ (z[t] * scale[t][:, None]) for t in range(targets)], -1)
        level = rng.standard_normal((n, 1, targets)) * np.sqrt(self.intercept_var)
        return self.fit[None] + spread.transpose(1, 0, 2) + level


def _splines(x: np.ndarray, knots: int) -> list[np.ndarray]:
    """Cubic B-splines of each input (knots at quantiles), the last of each dropped (the
    intercept makes it redundant)."""
    from sklearn.preprocessing import SplineTransformer

    spline = SplineTransformer(
        n_knots=knots, degree=3, knots="quantile", extrapolation="linear", include_bias=False
    )
    return [spline.fit_transform(x[:, [j]]) for j in range(x.shape[1])]


def spline_basis(x: np.ndarray, pairs: Any = None) -> np.ndarray:
    """The GAM-like design matrix for inputs ``x`` (samples, k), without an intercept: cubic
    B-splines per input and the products of two inputs' coarser bases (tensor-product
    interactions) for every pair of the inputs ``pairs`` (indices; default all).

    Examples
    --------
    >>> spline_basis(np.random.default_rng(0).normal(size=(50, 2))).shape   # 2 x 7 + 25
    (50, 39)
    >>> spline_basis(np.random.default_rng(0).normal(size=(50, 3)), pairs=[0, 2]).shape
    (50, 46)
    """
    main = _splines(x, MAIN_KNOTS)
    chosen = list(range(x.shape[1])) if pairs is None else [int(j) for j in pairs]
    coarse = _splines(x[:, chosen], PAIR_KNOTS) if len(chosen) > 1 else []
    products = [
        (coarse[a][:, :, None] * coarse[b][:, None, :]).reshape(len(x), -1)
        for a, b in combinations(range(len(chosen)), 2)
    ]
    return np.hstack([*main, *products])


def strongest_inputs(x: np.ndarray, y: np.ndarray, count: int) -> np.ndarray:
    """Indices of the ``count`` inputs whose main effects (an additive spline fit with a
    ridge penalty by generalised cross-validation) explain most of the targets' variance,
    summed over the targets (each relative to its own variance), strongest first.

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> x = rng.normal(size=(400, 5))
    >>> strongest_inputs(x, (x[:, 3] + 0.5 * x[:, 1] ** 2)[:, None], 2).tolist()
    [3, 1]
    """
    from sklearn.linear_model import RidgeCV

    main = _splines(x, MAIN_KNOTS)
    design = np.hstack(main)
    ridge = RidgeCV(alphas=ALPHAS, alpha_per_target=True).fit(design, y)
    coef = np.atleast_2d(ridge.coef_)  # (targets, columns)
    spread = np.maximum(y.var(axis=0), 1e-300)
    scores, start = [], 0
    for block in main:
        part = block @ coef[:, start : start + block.shape[1]].T  # (samples, targets)
        scores.append(float((part.var(axis=0) / spread).sum()))
        start += block.shape[1]
    return np.argsort(scores)[::-1][:count]


def _spline_smoother(x: np.ndarray, y: np.ndarray) -> _Smoother:
    """Main-effect splines of every input and tensor-product interactions between up to
    :data:`GAM_MAX_INPUTS` of them (the strongest, :func:`strongest_inputs`, when the group
    has more), with a ridge penalty per target chosen by generalised cross-validation
    (``RidgeCV``); the Bayesian ridge posterior of the fitted values."""
    from sklearn.linear_model import RidgeCV

    pairs = None if x.shape[1] <= GAM_MAX_INPUTS else strongest_inputs(x, y, GAM_MAX_INPUTS)
    design = spline_basis(x, pairs)
    ridge = RidgeCV(alphas=ALPHAS, alpha_per_target=True).fit(design, y)
    alpha = np.broadcast_to(np.asarray(ridge.alpha_, dtype=float), (y.shape[1],))
    u, s, _ = np.linalg.svd(design - design.mean(axis=0), full_matrices=False)
    keep = s > s[0] * 1e-10
    u, s2 = u[:, keep], s[keep] ** 2
    shrink = s2[None, :] / (s2[None, :] + alpha[:, None])  # (targets, r)
    n, mean = len(y), y.mean(axis=0)
    fit = mean + u @ ((u.T @ (y - mean)) * shrink.T)  # = ridge.predict(design)
    freedom = shrink.sum(axis=1) + 1.0  # effective degrees of freedom, intercept included
    noise = ((y - fit) ** 2).sum(axis=0) / np.maximum(n - freedom, 1.0)
    return _Smoother(fit, u, shrink, noise, noise / n)


def _gp_optimiser(obj_func: Any, initial_theta: np.ndarray, bounds: np.ndarray) -> Any:
    """L-BFGS-B on the log marginal likelihood, at most 200 iterations (sklearn's default
    optimiser runs to convergence, which in 40 dimensions took over a minute)."""
    from scipy.optimize import minimize

    result = minimize(
        obj_func,
        initial_theta,
        method="L-BFGS-B",
        jac=True,
        bounds=bounds,
        options={"maxiter": 200},
    )
    return result.x, result.fun


def _gp_smoother(x: np.ndarray, y: np.ndarray, rng: np.random.Generator) -> _Smoother:
    """A Gaussian process with an anisotropic squared-exponential kernel and white noise,
    its hyperparameters fitted by maximum likelihood on at most :data:`GP_FIT_SAMPLES`
    samples and shared by the targets; the fitted values are its leave-one-out predictions
    on every sample, the posterior spread that of the whole fit."""
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.gaussian_process import GaussianProcessRegressor
    from sklearn.gaussian_process.kernels import RBF, ConstantKernel, WhiteKernel

    n, k = x.shape
    z = (x - x.mean(axis=0)) / x.std(axis=0)
    mean, scale = y.mean(axis=0), y.std(axis=0)
    scale = np.where(scale > 0, scale, 1.0)
    yn = (y - mean) / scale
    # every length scale starts long (sqrt(k) standard deviations): an input the data do
    # not need keeps a long one
    kernel = ConstantKernel(1.0, (1e-3, 1e3)) * RBF(
        np.full(k, np.sqrt(k)), (1e-2, 1e3)
    ) + WhiteKernel(0.1, (1e-6, 10.0))
    subset = rng.choice(n, size=min(n, GP_FIT_SAMPLES), replace=False)
    with warnings.catch_warnings():  # length scales at their bound: inputs that do not matter
        warnings.simplefilter("ignore", ConvergenceWarning)
        gp = GaussianProcessRegressor(kernel, optimizer=_gp_optimiser, random_state=0)
        gp.fit(z[subset], yn[subset])
    signal, noise = gp.kernel_.k1, float(gp.kernel_.k2.noise_level)
    lam, u = np.linalg.eigh(signal(z))
    lam = np.maximum(lam, 0.0)
    # leave-one-out means (Rasmussen & Williams 2006, eq. 5.12): where many inputs each
    # explain little, maximum likelihood can find a nearly diagonal kernel that
    # interpolates the noise (seen on this model: fitted R^2 = 1, held out 0); its
    # in-sample fit would pass the noise off as information, its leave-one-out fit cannot
    inverse_diag = (u**2) @ (1.0 / (lam + noise))
    alpha = u @ ((u.T @ yn) / (lam + noise)[:, None])
    fit = mean + scale * (yn - alpha / inverse_diag[:, None])
    keep = lam > lam.max() * 1e-10
    shrink = np.broadcast_to(lam[keep] / (lam[keep] + noise), (y.shape[1], int(keep.sum())))
    return _Smoother(fit, u[:, keep], shrink, noise * scale**2, np.zeros(y.shape[1]))
