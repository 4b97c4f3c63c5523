"""Parameters as data with provenance.

Each ``model/policy/parameters/*.toml`` file holds tables, one per parameter::

    [execution_capacity]
    description = "How much reserve money the organisation can turn into work per year"
    unit = "k€/yr"
    value = 9000.0
    assumption = true
    reasoning = "The document gives no figure; ..."
    reasoning_nl = "Het beleidskader noemt geen getal; ..."
    range = [5000.0, 13000.0]          # optional: the value is uncertain within it
    distribution = "uniform"           # or "triangular" (mode = value); default uniform
    group = "execution"                # for grouped sensitivity indices

A parameter cites a ``source`` (a section of the policy document or a named public
source) *or* is marked ``assumption = true`` with its ``reasoning``. The loader
rejects a parameter without a unit or provenance, a value outside its range,
unknown keys and duplicate names.

Every text users read is written twice: in English (``description``, ``reasoning``,
``range_reasoning``, ``derivation``, ``source``) and in Dutch, on the line after it, as the
same name with ``_nl`` (:data:`TEXT_FIELDS`). :meth:`Parameter.text` gives the one of a
language (``describe``, ``reasoning_in``, ... for each field); where no Dutch is written
(a quotation of a Dutch source, a source built from the evidence register) the English
field is shown in both languages.
"""

from __future__ import annotations

import hashlib
import json
import math
import time
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
    "origin",
    "evidence",
    "grade",
    "derivation",
    "range_reasoning",
    "reasoning_nl",
    "range_reasoning_nl",
    "derivation_nl",
    "source_nl",
}

TEXT_FIELDS = ("description", "reasoning", "range_reasoning", "derivation", "source")
"""The fields users read, each in English under its own name and in Dutch as ``<field>_nl``
(:meth:`Parameter.text`)."""


EVIDENCE_KINDS = ("source", "derived", "assumption")
"""The display's three words for a parameter's origin (:attr:`Parameter.kind`): ``"source"``
(origin ``evidence`` or ``document``), ``"derived"`` (``plan``), ``"assumption"``."""

ORIGINS = ("evidence", "document", "plan", "assumption")
"""Where a parameter's value comes from (:attr:`Parameter.origin`): ``evidence`` (named public
sources in the evidence register), ``document`` (a section of the policy document), ``plan``
(solved from the plan's own targets, :mod:`model.analysis.plancost`), ``assumption``."""

GRADES = (
    "measured_limburg",
    "measured_elsewhere_nl",
    "programme_statement",
    "news_report",
    "expert_judgement",
)
"""Evidence grades of the register (``model/policy/evidence/register.toml``), strongest first."""

REGISTER_PATH = Path(__file__).with_name("evidence") / "register.toml"
_KIND_OF_ORIGIN = {
    "evidence": "source",
    "document": "source",
    "plan": "derived",
    "assumption": "assumption",
}


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
        The other texts (``reasoning``, ``range_reasoning``, ``derivation``, ``source``) have
        a Dutch ``<field>_nl`` in the same way, see :meth:`text`.
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
    origin: str = ""
    evidence_ids: tuple[str, ...] = ()
    grade: str = ""
    derivation: str = ""
    range_reasoning: str = ""
    reasoning_nl: str = ""
    range_reasoning_nl: str = ""
    derivation_nl: str = ""
    source_nl: str = ""
    calibrated: str = ""
    """The calibrated parameter set whose posterior replaced this parameter's value and
    range (``model.analysis.sets``); empty for a prior from the parameter files."""
    prior_range: tuple[float, float] | None = None
    """A calibrated parameter's prior range: what a scenario may still fix it at (a
    what-if outside the posterior's 5-95 % is allowed, outside the prior is not)."""

    def text(self, field: str, lang: str = "nl") -> str:
        """One of the :data:`TEXT_FIELDS` in ``lang``: its Dutch ``<field>_nl`` for ``"nl"``
        where the file gives one, else the English field.

        Examples
        --------
        >>> p = Parameter("k", "rate", "1/yr", 0.5, assumption=True, reasoning="A guess.",
        ...               reasoning_nl="Een schatting.")
        >>> p.text("reasoning", "nl"), p.text("reasoning", "en")
        ('Een schatting.', 'A guess.')
        """
        if field not in TEXT_FIELDS:
            raise ParameterError(
                field="field",
                value=field,
                allowed="allowed.options",
                options=", ".join(TEXT_FIELDS),
            )
        english = str(getattr(self, field))
        dutch = str(getattr(self, f"{field}_nl"))
        return dutch if lang == "nl" and dutch else english

    def describe(self, lang: str = "nl") -> str:
        """The description for users: Dutch where the file gives one, else English."""
        return self.text("description", lang)

    def reasoning_in(self, lang: str = "nl") -> str:
        """Why the value is what it is (an assumption's reasoning), in ``lang``."""
        return self.text("reasoning", lang)

    def range_reasoning_in(self, lang: str = "nl") -> str:
        """Why the range is where it is (e.g. not centred on the value), in ``lang``."""
        return self.text("range_reasoning", lang)

    def derivation_in(self, lang: str = "nl") -> str:
        """How an evidence-based value follows from its sources' figures, in ``lang``."""
        return self.text("derivation", lang)

    def source_in(self, lang: str = "nl") -> str:
        """Where the value comes from (a section of the policy document, a public source or
        how it is derived from the plan), in ``lang``."""
        return self.text("source", lang)

    def origin_in(self, lang: str = "nl") -> str:
        """The one explanation a display shows: an assumption's reasoning, else its source."""
        return self.reasoning_in(lang) if self.assumption else self.source_in(lang)

    @property
    def uncertain(self) -> bool:
        return self.low is not None and self.high is not None and self.high > self.low

    @property
    def provenance(self) -> str:
        """One line for users: the source, or 'aanname: ...' (assumption)."""
        return self.source if not self.assumption else f"aanname — {self.reasoning}"

    @property
    def kind(self) -> str:
        """Its origin in the display's three words (:data:`EVIDENCE_KINDS`): ``"source"``
        (evidence or the document, or calibrated to public data), ``"derived"`` (plan) or
        ``"assumption"``."""
        if self.calibrated:
            return "source"
        return _KIND_OF_ORIGIN[self.origin or infer_origin(self)]

    @property
    def evidence(self) -> list[dict[str, Any]]:
        """The register's entries for :attr:`evidence_ids` (publisher, title, year, address,
        quote, figure, grade, ...), each with its ``id``; empty unless ``origin == "evidence"``."""
        register = load_register()
        return [{"id": i, **register[i]} for i in self.evidence_ids]

    def fixed_at(self, value: float) -> Parameter:
        """This parameter fixed at ``value`` (no longer uncertain); checked against the range
        (a calibrated parameter's: its prior range)."""
        low, high = self.prior_range if self.prior_range is not None else (self.low, self.high)
        _check_in_range(self.name, value, low, high, where="scenario assumption")
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
    if not assumption and not str(source).strip() and "evidence" not in entry:
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
    param = Parameter(
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
        reasoning_nl=str(entry.get("reasoning_nl", "")),
        source_nl=str(entry.get("source_nl", "")),
    )
    return _with_origin(param, entry, file)


class ParameterSet(Mapping[str, Parameter]):
    """An immutable, validated collection of parameters (one source of truth for
    default values and for the uncertainty ranges that ensembles sample).

    Parameters
    ----------
    parameters : mapping of str to Parameter
    label : str
        Its name in results (``parameter_set``): ``"priors"`` for the parameter files,
        a calibrated set's name otherwise.
    joint : mapping of str to ndarray, optional
        Equally weighted draws from a joint distribution of some uncertain parameters
        (a calibrated set's posterior: name -> array of ``m`` values, the same ``m`` for
        all). :meth:`sample` draws these parameters together, as rows of the table, so
        that their correlation is kept; every other uncertain parameter is drawn from its
        own range.
    """

    def __init__(
        self,
        parameters: Mapping[str, Parameter],
        *,
        label: str = "priors",
        joint: Mapping[str, np.ndarray] | None = None,
    ) -> None:
        self._p = dict(parameters)
        self.label = label
        self._joint: dict[str, np.ndarray] = {}
        for name, values in (joint or {}).items():
            array = np.array(values, dtype=float)  # a copy: the set stays immutable
            array.flags.writeable = False
            if name not in self._p or not self._p[name].uncertain:
                raise ParameterError(
                    field="joint", value=name, allowed="an uncertain parameter of the set"
                )
            if array.ndim != 1 or not len(array) or not np.isfinite(array).all():
                raise ParameterError(
                    field=f"joint.{name}",
                    value=f"{array.size} values",
                    allowed="a non-empty list of finite numbers",
                )
            self._joint[name] = array
        if len({len(a) for a in self._joint.values()}) > 1:
            raise ParameterError(
                field="joint",
                value={k: len(a) for k, a in self._joint.items()},
                allowed="the same number of draws for every parameter",
            )

    @property
    def joint(self) -> dict[str, np.ndarray]:
        """The joint draws (name -> read-only array); empty when every parameter is drawn
        from its own range."""
        return dict(self._joint)

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
        # a fixed parameter leaves the joint draws; the others keep theirs
        joint = {k: v for k, v in self._joint.items() if k not in overrides}
        return ParameterSet(new, label=self.label, joint=joint)

    def digest(self) -> str:
        """Short SHA-256 of the values, ranges and provenance (for result provenance).

        Computed once per set (it is immutable): every run asks for it, and a JSON dump
        of every parameter took about 2 % of a rerun of the workshop app."""
        cached = self.__dict__.get("_digest")
        if cached is None:
            cached = self.__dict__["_digest"] = self._compute_digest()
        return cached

    def _compute_digest(self) -> str:
        blob = json.dumps(
            {
                k: [
                    p.value,
                    p.unit,
                    p.low,
                    p.high,
                    p.distribution,
                    p.source,
                    p.assumption,
                    p.origin,
                    list(p.evidence_ids),
                ]
                for k, p in sorted(self._p.items())
            },
            sort_keys=True,
        )
        if self._joint:  # the joint draws are part of what a run drew from
            blob += json.dumps({k: v.tolist() for k, v in sorted(self._joint.items())})
        return hashlib.sha256(blob.encode()).hexdigest()[:16]

    def sample(self, n: int, *, seed: int | None = 0, method: str = "lhs") -> dict[str, np.ndarray]:
        """Draw ``n`` parameter sets; the result maps each name to an array of shape ``(n,)``.

        With ``n == 1`` every parameter takes its default value (a deterministic run).
        Uncertain parameters are drawn by Latin hypercube (``"lhs"``) or plain Monte
        Carlo (``"random"``) from their distribution; fixed ones repeat their value. The
        parameters of :attr:`joint` are drawn together: one more column of the hypercube
        picks a row of the joint draws for each sample (stratified, so that ``n`` samples
        spread over the table), keeping their correlation.

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
        names = [k for k in self.uncertain if k not in self._joint]
        if n == 1 or not (names or self._joint):
            return out
        d = len(names) + (1 if self._joint else 0)
        if method == "lhs":
            u = qmc.LatinHypercube(d=d, seed=seed).random(n)
        elif method == "random":
            u = np.random.default_rng(seed).random((n, d))
        else:
            raise ParameterError("param.sampling", field="method", value=method)
        for j, name in enumerate(names):
            out[name] = _ppf(self._p[name], u[:, j])
        if self._joint:
            rows = len(next(iter(self._joint.values())))
            pick = np.minimum((u[:, -1] * rows).astype(int), rows - 1)
            for name, values in self._joint.items():
                out[name] = values[pick]
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
    if paths is None:  # the package's files: looked at again at most once a second
        now = time.monotonic()
        last = _DEFAULT_STAMP.get("at")
        if last is not None and now - last < DEFAULT_RECHECK_SECONDS:
            return _load_cached(_DEFAULT_STAMP["stamp"])
    files = sorted(PARAMETER_DIR.glob("*.toml")) if paths is None else [Path(p) for p in paths]
    try:
        stamp = tuple((str(f), f.stat().st_mtime_ns, f.stat().st_size) for f in files)
    except OSError:
        return _load(files)
    result = _load_cached(stamp)  # raises for a bad file: the stamp is then not kept
    if paths is None:
        _DEFAULT_STAMP.update(at=time.monotonic(), stamp=stamp)
    return result


DEFAULT_RECHECK_SECONDS = 1.0
"""How long the package's parameter files are taken as unchanged. Every scenario that is
built or changed validates against them; the app builds several a rerun, and listing and
stat-ing the files each time took about 4 % of a rerun (py-spy, workshop load)."""
_DEFAULT_STAMP: dict[str, Any] = {}


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


# ---------------------------------------------------------------- origin and evidence register


@lru_cache(maxsize=4)
def _register_at(path: str, stamp: int) -> dict[str, dict[str, Any]]:
    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ParameterError(
            f"{Path(path).name}: the evidence register cannot be read ({exc})"
        ) from None
    return dict(data.get("source", {}))


def load_register(path: Path | None = None) -> dict[str, dict[str, Any]]:
    """The evidence register: source id -> its table (publisher, title, year, address, quote,
    figure, geography, grade, verified, informs, derivation, note). Read once per change."""
    path = Path(path or REGISTER_PATH)
    try:
        stamp = path.stat().st_mtime_ns
    except OSError:
        stamp = 0
    return _register_at(str(path), stamp)


def infer_origin(p: Parameter) -> str:
    """The origin of a parameter that does not state one (older files): evidence ids ->
    ``evidence``; ``assumption = true`` -> ``assumption``; a source starting "Plan-consistent"
    or "Derived" (computed from the plan's own targets) -> ``plan``; any other source (the
    policy document) -> ``document``."""
    if p.evidence_ids:
        return "evidence"
    if p.assumption:
        return "assumption"
    if p.source.strip().lower().startswith(("plan-consistent", "derived", "afgeleid")):
        return "plan"
    return "document"


def _with_origin(param: Parameter, entry: Mapping[str, Any], file: str) -> Parameter:
    """``param`` with its origin, evidence ids, grade, derivation and range reasoning checked:
    ``evidence`` needs verified register ids, a derivation and a grade of one of its sources;
    ``document`` and ``plan`` a source; ``assumption`` its reasoning (checked before)."""
    name = param.name
    raw = entry.get("evidence", [])
    ids = [raw] if isinstance(raw, str) else raw
    if not isinstance(ids, list) or not all(isinstance(i, str) and i for i in ids):
        raise ParameterError(
            f"{file}: [{name}] evidence = {raw!r}; expected a register id or a list of them"
        )
    for key in ("grade", "derivation", "range_reasoning", *(f"{f}_nl" for f in TEXT_FIELDS)):
        if not isinstance(entry.get(key, ""), str):
            raise ParameterError(f"{file}: [{name}] {key} = {entry[key]!r}; expected text")
    param = replace(
        param,
        evidence_ids=tuple(ids),
        grade=str(entry.get("grade", "")),
        derivation=str(entry.get("derivation", "")),
        range_reasoning=str(entry.get("range_reasoning", "")),
        derivation_nl=str(entry.get("derivation_nl", "")),
        range_reasoning_nl=str(entry.get("range_reasoning_nl", "")),
    )
    origin = entry.get("origin") or infer_origin(param)
    if origin not in ORIGINS:
        raise ParameterError(f"{file}: [{name}] origin = {origin!r}; allowed: {', '.join(ORIGINS)}")
    if origin == "evidence":
        if not ids:
            raise ParameterError(
                f'{file}: [{name}] has origin = "evidence" but no evidence ids; cite the register'
            )
        register = load_register()
        for i in ids:
            if i not in register:
                raise ParameterError(
                    f"{file}: [{name}] evidence id {i!r} is not in the evidence register"
                )
            if register[i].get("verified") is not True:
                raise ParameterError(
                    f"{file}: [{name}] evidence id {i!r} is not verified in the register; it cannot be evidence"
                )
        if not param.derivation.strip():
            raise ParameterError(
                f"{file}: [{name}] has evidence but no derivation; say how the value follows from the figure"
            )
        if not param.source.strip():  # one line for displays that show a source
            param = replace(
                param,
                source="; ".join(
                    f"{register[i]['publisher']}, {register[i]['title']} ({register[i]['year']})"
                    for i in ids
                ),
            )
        grades = {register[i].get("grade") for i in ids}
        if param.grade not in GRADES or param.grade not in grades:
            raise ParameterError(
                f"{file}: [{name}] grade = {param.grade!r}; allowed: the grade of one of its sources ({', '.join(sorted(g for g in grades if g))})"
            )
    elif ids:
        raise ParameterError(
            f'{file}: [{name}] has evidence ids but origin = {origin!r}; use origin = "evidence"'
        )
    elif origin in ("document", "plan") and not param.source.strip():
        raise ParameterError(f"{file}: [{name}] has origin = {origin!r} but no source")
    elif origin == "assumption" and not param.reasoning.strip():
        raise ParameterError(f'{file}: [{name}] has origin = "assumption" but no reasoning')
    return replace(param, origin=origin)
