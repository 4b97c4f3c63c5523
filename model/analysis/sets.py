"""Parameter sets: the priors, the calibrated sets, and the one every ensemble uses by default.

* :func:`default_parameters` — what ensembles, comparisons, sensitivity analyses, scenario
  discovery, the command line, the app and the reports draw from unless told otherwise:
  the calibrated set :data:`DEFAULT_SET` (``public``, fitted to the public series in
  ``calibration/data``), whose informed parameters carry their posterior (the joint draws
  of ``calibration/sets/public.draws.csv``) and whose other parameters keep their priors.
* :func:`parameter_set` — a set by name: :data:`PRIORS` (``"priors"``, the parameter files
  alone) or a calibrated set in ``calibration/sets`` (or a ``.toml`` path).
* :func:`calibrated_parameters` — a calibrated set applied to the priors.

A result names the set it drew from in its ``parameter_set`` attribute (and its hash in
``parameter_hash``). The deterministic run of :func:`model.simulate` without ``parameters``
stays on the priors' default values: the golden run, the plan-derived values and the
doctests are the parameter files' model.

A calibrated set is ``NAME.toml`` (value = posterior median, range = posterior 5-95 %,
with provenance) and, when it was written with them, ``NAME.draws.csv``: equally weighted
draws of the informed parameters from the posterior (resampled from the importance
weights), which :meth:`~model.policy.parameters.ParameterSet.sample` draws rows of, so that
an ensemble follows the posterior itself, correlations and tails included. The range
(posterior 5-95 %) is what a sensitivity analysis varies uniformly (it needs independent
inputs) and what the app's assumption buttons call low and high.
"""

from __future__ import annotations

import csv
import hashlib
import io
import warnings
from dataclasses import replace
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from model.analysis.observations import CALIBRATION_DIR, CalibrationError, _display
from model.common.toml import read_toml
from model.errors import SamenlevenError
from model.i18n import decimal_mark, t
from model.policy.parameters import PARAMETER_DIR, Parameter, ParameterSet, load_parameters

__all__ = [
    "DEFAULT_SET",
    "PRIORS",
    "SETS_DIR",
    "CalibrationWarning",
    "calibrated_parameters",
    "default_parameters",
    "describe_set",
    "list_sets",
    "parameter_set",
    "set_metadata",
]

SETS_DIR = CALIBRATION_DIR / "sets"
DEFAULT_SET = "public"
"""The calibrated set ensembles use by default (:func:`default_parameters`)."""
PRIORS = "priors"
"""The name that chooses the parameter files' priors instead (``--parameters priors``)."""
DRAWS_SUFFIX = ".draws.csv"
"""A set's joint posterior draws: ``NAME.draws.csv`` next to ``NAME.toml``."""


class CalibrationWarning(UserWarning):
    """A calibrated set was made from other priors than the current parameter files', the
    default set cannot be read, or the posterior's effective sample size is small."""


def list_sets(sets_dir: Path = SETS_DIR) -> list[str]:
    """Names of the calibrated sets in ``calibration/sets``."""
    return sorted(p.stem for p in Path(sets_dir).glob("*.toml"))


def _set_path(name: str | Path, sets_dir: Path) -> Path:
    path = Path(name)
    if path.suffix == ".toml" or path.exists():
        return path
    return sets_dir / f"{name}.toml"


def draws_path(path: str | Path) -> Path:
    """Where the joint posterior draws of the set at ``path`` (``NAME.toml``) are."""
    path = Path(path)
    return path.with_name(path.stem + DRAWS_SUFFIX)


def _close(a: Any, b: Any) -> bool:
    """Whether two (value, [low, high]) priors agree to the 6 significant figures a set stores."""
    try:
        x = np.array([a[0], *a[1]], dtype=float)
        y = np.array([b[0], *b[1]], dtype=float)
    except (TypeError, ValueError):
        return False
    return bool(np.allclose(x, y, rtol=1e-5, atol=0.0))


def _figure(x: float, lang: str) -> str:
    """A number to four significant figures in the language's notation."""
    text = f"{float(x):.4g}"
    return text.replace(".", decimal_mark(lang)) if "e" not in text else text


def _source_text(p: Parameter, *, label: str, where: str, meta: dict[str, Any], lang: str) -> str:
    """Where a calibrated value comes from, in ``lang``: the set, the posterior and the prior."""
    prior = t("calib.set.prior_assumption", lang) if p.assumption else p.source_in(lang) or p.origin
    return t(
        "calib.set.source",
        lang,
        set=label,
        file=where,
        created=str(meta.get("created", "?"))[:10],
        n=len(meta.get("fitted_observations", [])),
        prior_value=_figure(p.value, lang),
        prior_low=_figure(float(p.low), lang),  # type: ignore[arg-type]
        prior_high=_figure(float(p.high), lang),  # type: ignore[arg-type]
        prior=prior,
    )


def _read_draws(path: Path, *, expected: str | None, names: list[str]) -> dict[str, np.ndarray]:
    """The joint posterior draws of a set (``NAME.draws.csv``), checked against the SHA-256
    its ``.toml`` records and the parameters it calibrates."""
    where = _display(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise CalibrationError("calib.draws_missing", where=where, detail=exc.strerror) from None
    if expected is not None and hashlib.sha256(data).hexdigest() != expected:
        raise CalibrationError("calib.draws_changed", where=where)
    lines = [x for x in data.decode("utf-8").splitlines() if x.strip() and not x.startswith("#")]
    rows = list(csv.reader(io.StringIO("\n".join(lines))))
    header, body = (rows[0], rows[1:]) if rows else ([], [])
    if sorted(header) != sorted(names) or not body:
        raise CalibrationError(
            "calib.draws_columns", where=where, columns=", ".join(header), names=", ".join(names)
        )
    try:
        table = np.array([[float(x) for x in row] for row in body], dtype=float)
    except ValueError:
        raise CalibrationError("calib.draws_number", where=where) from None
    if table.shape[1] != len(header) or not np.isfinite(table).all():
        raise CalibrationError("calib.draws_number", where=where)
    return {name: table[:, j] for j, name in enumerate(header)}


def calibrated_parameters(
    name: str | Path, *, base: ParameterSet | None = None, sets_dir: Path = SETS_DIR
) -> ParameterSet:
    """The parameters with calibrated set ``name`` applied; ``label`` is the set's name.

    Each calibrated parameter takes its posterior median as value and its posterior
    5–95 % as range (uniform); its source says so, in Dutch and English, and keeps the
    prior's. With the set's joint posterior draws (``NAME.draws.csv``), the returned set
    draws the calibrated parameters from them (:attr:`ParameterSet.joint`); without, each
    uniformly from its range.

    Raises
    ------
    CalibrationError
        Unknown set, unknown parameter, a value outside its range, or draws that are
        missing, changed since the set was written, or do not match its parameters.

    Examples
    --------
    >>> ps = calibrated_parameters("document")  # calibration/sets/document.toml
    >>> ps.label, ps["movement_guideline_trend"].value < 0
    ('document', True)
    """
    path = _set_path(name, Path(sets_dir))
    where = _display(path)
    if not path.exists():
        raise CalibrationError(
            "calib.no_set",
            set=str(name),
            where=where,
            known=", ".join(list_sets(Path(sets_dir))) or "none (run samenleven calibrate)",
        )
    # the toolkit's own reader: its messages name line, column and what is allowed in the
    # language asked for (tomllib's own are English)
    raw = read_toml(path.read_bytes(), file=where)
    base = base if base is not None else load_parameters()
    meta = raw.get("calibration", {})
    label = path.stem
    new = dict(base)
    for k, entry in raw.get("parameters", {}).items():
        if k not in base:
            raise CalibrationError("calib.set_unknown", where=where, k=k)
        value, rng = entry.get("value"), entry.get("range")
        if (
            not isinstance(value, (int, float))
            or not isinstance(rng, list)
            or len(rng) != 2
            or not rng[0] <= value <= rng[1]
        ):
            raise CalibrationError("calib.set_value", where=where, k=k, value=value, rng=rng)
        p = base[k]
        recorded = (entry.get("prior_value"), entry.get("prior_range"))
        if (
            recorded != (None, None)
            and recorded != (p.value, [p.low, p.high])
            and not _close(recorded, (p.value, [p.low, p.high]))
        ):
            warnings.warn(
                f"{where}: {k} was calibrated from the prior {recorded[0]} in {recorded[1]}, but the parameter files now say "
                f"{p.value} in [{p.low}, {p.high}]; run samenleven calibrate again",
                CalibrationWarning,
                stacklevel=2,
            )
        new[k] = replace(
            p,
            value=float(value),
            low=float(rng[0]),
            high=float(rng[1]),
            distribution="uniform",
            assumption=False,
            reasoning="",
            reasoning_nl="",  # the prior's texts no longer describe the calibrated value
            range_reasoning="",
            range_reasoning_nl="",
            source=_source_text(p, label=label, where=where, meta=meta, lang="en"),
            source_nl=_source_text(p, label=label, where=where, meta=meta, lang="nl"),
            calibrated=label,
            prior_range=(float(p.low), float(p.high))  # type: ignore[arg-type]
            if p.uncertain
            else None,
        )
    joint: dict[str, np.ndarray] = {}
    if meta.get("draws"):
        calibrated = list(raw.get("parameters", {}))
        joint = _read_draws(
            path.with_name(str(meta["draws"])),
            expected=meta.get("draws_sha256"),
            names=calibrated,
        )
    return ParameterSet(new, label=label, joint=joint)


def parameter_set(name: str | Path | None = None, *, sets_dir: Path = SETS_DIR) -> ParameterSet:
    """A parameter set by name: ``None`` the default (:func:`default_parameters`),
    :data:`PRIORS` the parameter files alone, anything else a calibrated set
    (:func:`calibrated_parameters`: a name in ``calibration/sets`` or a ``.toml`` file).

    Examples
    --------
    >>> parameter_set("priors").label, parameter_set().label
    ('priors', 'public')
    """
    if name is None:
        return default_parameters()
    if str(name) == PRIORS:
        return load_parameters()
    return calibrated_parameters(name, sets_dir=sets_dir)


def default_parameters() -> ParameterSet:
    """The parameters every ensemble draws from unless told otherwise: the calibrated set
    :data:`DEFAULT_SET` (its informed parameters from their posterior, the others from
    their priors). Read again only when the set, its draws or a parameter file changed.

    When the set cannot be read (deleted, or made from other priors than the parameter
    files'), the priors are returned with a :class:`CalibrationWarning`; the result's
    ``parameter_set`` attribute then says ``priors``.

    Examples
    --------
    >>> ps = default_parameters()
    >>> ps.label, bool(ps.joint), ps["movement_guideline_trend"].calibrated
    ('public', True, 'public')
    """
    path = SETS_DIR / f"{DEFAULT_SET}.toml"
    files = [path, draws_path(path), *sorted(PARAMETER_DIR.glob("*.toml"))]
    stamp = tuple((str(f), *_stat(f)) for f in files)
    params, problem = _default_at(stamp)
    if problem:  # said on every call, not only on the first (cached) read
        warnings.warn(problem, CalibrationWarning, stacklevel=2)
    return params


def _stat(path: Path) -> tuple[int, int]:
    try:
        st = path.stat()
    except OSError:
        return (0, -1)
    return (st.st_mtime_ns, st.st_size)


@lru_cache(maxsize=4)
def _default_at(stamp: tuple[tuple[Any, ...], ...]) -> tuple[ParameterSet, str]:
    """The default set for these file stamps, and what was wrong if it fell back."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", CalibrationWarning)
            return calibrated_parameters(DEFAULT_SET, sets_dir=SETS_DIR), ""
    except (SamenlevenError, CalibrationWarning) as exc:
        message = exc.message("en") if isinstance(exc, SamenlevenError) else str(exc)
        return load_parameters(), (
            f"the default parameter set {DEFAULT_SET!r} cannot be used ({message}); "
            "ensembles use the priors instead"
        )


def set_metadata(name: str | Path, *, sets_dir: Path = SETS_DIR) -> dict[str, Any]:
    """The ``[calibration]`` table of a calibrated set (created, method, ESS, the fitted
    observations, ...); empty for :data:`PRIORS` or a set that cannot be read."""
    if str(name) == PRIORS:
        return {}
    path = _set_path(name, Path(sets_dir))
    try:
        return dict(read_toml(path.read_bytes(), file=_display(path)).get("calibration", {}))
    except (OSError, SamenlevenError):
        return {}


def describe_set(params: ParameterSet, lang: str, *, names: bool = True) -> str:
    """One plain sentence on the parameter set a result drew from, in ``lang``: the
    calibrated set and how many of its parameters come from the data (and, with
    ``names``, which), or the priors.

    Examples
    --------
    >>> describe_set(load_parameters(), "en")
    'Uncertainty from the priors: the ranges in the parameter files (model/policy/parameters/), no calibration to data.'
    """
    calibrated = [k for k in params if params[k].calibrated]
    if not calibrated:
        return t("calib.set.describe_priors", lang)
    if not names:
        return t("calib.set.describe_short", lang, set=params.label, n=len(calibrated))
    return t(
        "calib.set.describe",
        lang,
        set=params.label,
        n=len(calibrated),
        names=", ".join(calibrated),
        draws=t("calib.set.joint" if params.joint else "calib.set.uniform", lang),
    )
