"""Parameters as data with provenance.

Each ``model/policy/parameters/*.toml`` file holds tables, one per parameter::

    [execution_capacity]
    description = "How much reserve money the organisation can turn into work per year"
    unit = "k€/yr"
    value = 9000.0
    assumption = true
    reasoning = "The document gives no figure; ..."
    range = [5000.0, 13000.0]          # optional: the value is uncertain within it
    distribution = "uniform"           # or "triangular" (mode = value); default uniform
    group = "execution"                # for grouped sensitivity indices

A parameter cites a ``source`` (a section of the policy document or a named public
source) *or* is marked ``assumption = true`` with its ``reasoning``. The loader
rejects a parameter without a unit or provenance, a value outside its range,
unknown keys and duplicate names.
"""

from __future__ import annotations

import hashlib
import json
import math
import tomllib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
from scipy.stats import qmc

from model.errors import SamenlevenError

PARAMETER_DIR = Path(__file__).with_name("parameters")
DISTRIBUTIONS = ("uniform", "triangular")
_KEYS = {
    "description",
    "description_nl",
    "unit",
    "value",
    "source",
    "assumption",
    "reasoning",
    "range",
    "distribution",
    "group",
}


EVIDENCE_KINDS = ("source", "derived", "assumption")
"""Where a parameter's value comes from: see :attr:`Parameter.kind`."""


class ParameterError(SamenlevenError):
    """A parameter file or override is invalid; the message names file, field, value and what
    is allowed (``param.*`` in the catalogue; ``str(err)`` is English)."""

    language = "en"
    plain_language = "en"


@dataclass(frozen=True)
class Parameter:
    """One model parameter with its provenance.

    Attributes
    ----------
    name, description, unit : str
        ``description`` is English; ``description_nl`` (optional) Dutch, see :meth:`describe`.
    value : float
        Default (best-estimate) value, in ``unit``.
    source : str
        Where the value comes from; empty for an assumption.
    assumption : bool
        True when the value is the modellers' judgement, explained in ``reasoning``.
    low, high : float or None
        The range within which the value is uncertain; None when it is fixed.
    distribution : str
        ``"uniform"`` or ``"triangular"`` (mode at ``value``) over ``[low, high]``.
    group : str
        Group for grouped sensitivity analysis.
    """

    name: str
    description: str
    unit: str
    value: float
    source: str = ""
    assumption: bool = False
    reasoning: str = ""
    low: float | None = None
    high: float | None = None
    distribution: str = "uniform"
    group: str = ""
    file: str = ""
    description_nl: str = ""

    def describe(self, lang: str = "nl") -> str:
        """The description for users: Dutch where the file gives one, else English."""
        return self.description_nl if lang == "nl" and self.description_nl else self.description

    @property
    def uncertain(self) -> bool:
        return self.low is not None and self.high is not None and self.high > self.low

    @property
    def provenance(self) -> str:
        """One line for users: the source, or 'aanname: ...' (assumption)."""
        return self.source if not self.assumption else f"aanname — {self.reasoning}"

    @property
    def kind(self) -> str:
        """Its origin, one of :data:`EVIDENCE_KINDS`: ``"assumption"`` (the modellers'
        judgement), ``"derived"`` (computed from the plan itself: plan-consistent costs,
        ratios of the document's own figures) or ``"source"`` (a figure from the document
        or a named public source)."""
        if self.assumption:
            return "assumption"
        head = self.source.strip().lower()
        if head.startswith(("plan-consistent", "derived", "afgeleid")):
            return "derived"
        return "source"

    def fixed_at(self, value: float) -> Parameter:
        """This parameter fixed at ``value`` (no longer uncertain); checked against the range."""
        _check_in_range(self.name, value, self.low, self.high, where="scenario assumption")
        return replace(self, value=float(value), low=None, high=None)


def _check_in_range(
    name: str, value: float, low: float | None, high: float | None, *, where: str
) -> None:
    if low is not None and high is not None and not (low <= value <= high):
        raise ParameterError(
            "param.out_of_range", where=where, field=name, value=value, low=low, high=high
        )


def _number(file: str, name: str, key: str, raw: Any) -> float:
    if isinstance(raw, bool) or not isinstance(raw, (int, float)) or not math.isfinite(raw):
        raise ParameterError("param.not_finite", file=file, name=name, field=key, value=raw)
    return float(raw)


def parse_parameter(name: str, entry: Mapping[str, Any], file: str = "<memory>") -> Parameter:
    """Validate one parameter table and return it as a :class:`Parameter`."""
    if not isinstance(entry, Mapping):
        raise ParameterError("param.not_table", file=file, name=name)
    unknown = set(entry) - _KEYS
    if unknown:
        raise ParameterError(
            "param.unknown_keys", file=file, name=name, unknown=sorted(unknown), known=sorted(_KEYS)
        )
    unit = entry.get("unit")
    if not isinstance(unit, str) or not unit.strip():
        raise ParameterError("param.no_unit", file=file, name=name, field="unit", value=unit)
    if "value" not in entry:
        raise ParameterError("param.no_value", file=file, name=name, field="value")
    value = _number(file, name, "value", entry["value"])
    source = entry.get("source", "")
    assumption = entry.get("assumption", False)
    if not isinstance(assumption, bool):
        raise ParameterError(
            "param.assumption_bool", file=file, name=name, field="assumption", value=assumption
        )
    reasoning = entry.get("reasoning", "")
    if assumption and not str(reasoning).strip():
        raise ParameterError("param.no_reasoning", file=file, name=name, field="reasoning")
    if not assumption and not str(source).strip():
        raise ParameterError("param.no_source", file=file, name=name, field="source")
    low = high = None
    if "range" in entry:
        rng = entry["range"]
        if not isinstance(rng, list) or len(rng) != 2:
            raise ParameterError(
                "param.range_shape", file=file, name=name, field="range", value=rng
            )
        low, high = (_number(file, name, "range", x) for x in rng)
        if low > high:
            raise ParameterError(
                "param.range_order", file=file, name=name, field="range", value=rng
            )
        _check_in_range(name, value, low, high, where=file)
    distribution = entry.get("distribution", "uniform")
    if distribution not in DISTRIBUTIONS:
        raise ParameterError(
            "param.distribution",
            file=file,
            name=name,
            field="distribution",
            value=distribution,
            allowed="allowed.options",
            options=", ".join(DISTRIBUTIONS),
        )
    return Parameter(
        name=name,
        description=str(entry.get("description", "")),
        unit=unit,
        value=value,
        source=str(source),
        assumption=assumption,
        reasoning=str(reasoning),
        low=low,
        high=high,
        distribution=distribution,
        group=str(entry.get("group", "")),
        file=file,
        description_nl=str(entry.get("description_nl", "")),
    )


class ParameterSet(Mapping[str, Parameter]):
    """An immutable, validated collection of parameters (one source of truth for
    default values and for the uncertainty ranges that ensembles sample)."""

    def __init__(self, parameters: Mapping[str, Parameter], *, label: str = "default") -> None:
        self._p = dict(parameters)
        self.label = label

    def __getitem__(self, name: str) -> Parameter:
        try:
            return self._p[name]
        except KeyError:
            raise ParameterError(
                "param.unknown", field="name", value=name, known=", ".join(sorted(self._p))
            ) from None

    def __contains__(self, name: object) -> bool:
        return name in self._p

    def __iter__(self) -> Iterator[str]:
        return iter(self._p)

    def __len__(self) -> int:
        return len(self._p)

    def values(self) -> dict[str, float]:  # type: ignore[override]
        """Default values, name -> float."""
        return {k: p.value for k, p in self._p.items()}

    @property
    def uncertain(self) -> list[str]:
        """Names of the parameters that have a range, in file order."""
        return [k for k, p in self._p.items() if p.uncertain]

    def with_overrides(
        self, overrides: Mapping[str, float], *, where: str = "scenario"
    ) -> ParameterSet:
        """Fix some parameters at given values (e.g. a scenario's assumptions)."""
        new = dict(self._p)
        for name, value in overrides.items():
            if name not in self._p:
                raise ParameterError(
                    "param.unknown_assumption",
                    where=where,
                    field=f"assumptions.{name}",
                    name=name,
                    known=", ".join(sorted(self._p)),
                )
            new[name] = self._p[name].fixed_at(value)
        return ParameterSet(new, label=self.label)

    def digest(self) -> str:
        """Short SHA-256 of the values, ranges and provenance (for result provenance)."""
        blob = json.dumps(
            {
                k: [p.value, p.unit, p.low, p.high, p.distribution, p.source, p.assumption]
                for k, p in sorted(self._p.items())
            },
            sort_keys=True,
        )
        return hashlib.sha256(blob.encode()).hexdigest()[:16]

    def sample(self, n: int, *, seed: int | None = 0, method: str = "lhs") -> dict[str, np.ndarray]:
        """Draw ``n`` parameter sets; the result maps each name to an array of shape ``(n,)``.

        With ``n == 1`` every parameter takes its default value (a deterministic run).
        Uncertain parameters are drawn by Latin hypercube (``"lhs"``) or plain Monte
        Carlo (``"random"``) from their distribution; fixed ones repeat their value.

        Examples
        --------
        >>> ps = ParameterSet({"k": Parameter("k", "rate", "1/yr", 0.5, source="x", low=0.0, high=1.0)})
        >>> s = ps.sample(4, seed=1)
        >>> s["k"].shape, bool(((s["k"] >= 0) & (s["k"] <= 1)).all())
        ((4,), True)
        """
        if not isinstance(n, int) or isinstance(n, bool) or n < 1:
            raise ParameterError("param.samples", field="samples", value=n)
        out = {k: np.full(n, p.value) for k, p in self._p.items()}
        names = self.uncertain
        if n == 1 or not names:
            return out
        if method == "lhs":
            u = qmc.LatinHypercube(d=len(names), seed=seed).random(n)
        elif method == "random":
            u = np.random.default_rng(seed).random((n, len(names)))
        else:
            raise ParameterError("param.sampling", field="method", value=method)
        for j, name in enumerate(names):
            out[name] = _ppf(self._p[name], u[:, j])
        return out


def _ppf(p: Parameter, u: np.ndarray) -> np.ndarray:
    """Inverse CDF of the parameter's distribution at probabilities ``u``."""
    lo, hi = float(p.low or 0.0), float(p.high or 0.0)
    if p.distribution == "uniform":
        return lo + u * (hi - lo)
    # triangular with mode at the default value
    c = (p.value - lo) / (hi - lo)
    left = lo + np.sqrt(u * (hi - lo) * (p.value - lo))
    right = hi - np.sqrt((1 - u) * (hi - lo) * (hi - p.value))
    return np.where(u < c, left, right)


def load_parameters(paths: list[Path] | None = None) -> ParameterSet:
    """Load and validate parameter files (default: every ``model/policy/parameters/*.toml``).

    Files already read are not read again unless they changed (the result is
    immutable, so sharing it is safe).

    Raises
    ------
    ParameterError
        Naming the file, the parameter, the field and what is allowed.
    """
    files = sorted(PARAMETER_DIR.glob("*.toml")) if paths is None else [Path(p) for p in paths]
    try:
        stamp = tuple((str(f), f.stat().st_mtime_ns, f.stat().st_size) for f in files)
    except OSError:
        return _load(files)
    return _load_cached(stamp)


@lru_cache(maxsize=8)
def _load_cached(stamp: tuple[tuple[str, int, int], ...]) -> ParameterSet:
    return _load([Path(name) for name, _, _ in stamp])


def _load(files: list[Path]) -> ParameterSet:
    params: dict[str, Parameter] = {}
    for path in files:
        label = path.name
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except tomllib.TOMLDecodeError as exc:
            raise ParameterError("param.toml", file=label, detail=str(exc)) from None
        except OSError as exc:
            raise ParameterError("param.unreadable", file=label, detail=exc.strerror) from None
        for name, entry in data.items():
            if name in params:
                raise ParameterError(
                    "param.duplicate", file=label, name=name, other=params[name].file
                )
            params[name] = parse_parameter(name, entry, label)
    return ParameterSet(params)
