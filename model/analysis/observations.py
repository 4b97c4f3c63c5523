"""Observed data with their sources, and how each series maps to the model.

``calibration/data/`` holds one series per CSV file — columns ``year``, ``region``,
``value`` and optionally ``low``, ``high`` (a reported range), ``sigma`` (observation
error), ``unit`` (must equal the sidecar's) and ``note`` — with a TOML sidecar of the same
name giving its ``title``, ``definition``, ``unit`` and ``source`` (the document's section
or a named public source), and optionally ``kind`` (measurement, derived or expectation),
``url``, ``note`` and ``timing`` (an annual figure describes the ``end_of_year``, default,
or the ``start_of_year``). Lines starting with ``#`` are comments.

``calibration/mapping.toml`` says which model quantity each series measures (see the
file's header). :func:`load_observations` reads both and joins them into
:class:`Observations`, checked against the model: every error names the file, the line,
the column, the value and what is allowed. Fitting is in :mod:`model.analysis.calibration`.

An observation of a doelenboom indicator is compared with the model in one of three ways,
chosen by its date (``kind`` in :class:`Observation`):

* ``in_period`` (years from 2024): the indicator at 1 January of the next year, as the
  model reads 2027 at 2028-01-01;
* ``start`` (year 2023): the model's starting value, usually taken by the parameter files
  from the same sentence of the document, so mostly a consistency check;
* ``backcast`` (before 2023): the level at the start carried back along the outcome's
  autonomous trend, ``x(2024) * (1 + trend) ** (t - 2024)``, or ``x(2024) + trend * (t -
  2024)`` for an outcome whose trend is in points a year (``trend_kind``) — the outcome
  equation of :func:`model.policy.blocks.add_outcome` run backwards.

A mapping entry can also compare a series with a parameter directly (``parameter``), with
an indicator's mean yearly growth (``growth``), or — ``rate`` — the series' own yearly rate
of change between consecutive rows with the model's rate of change at the start without
the reserve (the autonomous trend, e.g. of a national series taken as Limburg's: the only
way a national row is mapped), and take only some ``years`` or ``regions`` of a series.

:func:`load_monitor` reads a monitor file of the Province's own — one CSV, one observation a
row, the sidecar's fields inline (indicator, year, region, value, unit, source, ...), as a
policy officer keeps it in Excel — into the same :class:`Observations`, every row a check
against the model (:func:`model.analysis.calibration.monitor_fit` shows it against the
model's band).
"""

from __future__ import annotations

import csv
import hashlib
import itertools
import math
import tomllib
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, NoReturn

import pandas as pd

from model.common.dates import decimal_year
from model.errors import SamenlevenError
from model.policy.indicators import INDICATORS, REGIONAL_STARTS, REGIONS
from model.policy.parameters import ParameterSet, load_parameters
from model.policy.scenarios import load_scenario

ROOT = Path(__file__).resolve().parents[2]
CALIBRATION_DIR = ROOT / "calibration"
DATA_DIR = CALIBRATION_DIR / "data"
MAPPING_FILE = CALIBRATION_DIR / "mapping.toml"

START = 2024.0
"""Decimal year of the simulation start (1 January 2024 holds the level at the end of 2023)."""
LAST_MONTH = "2030-12"
"""Last month the default time axis simulates."""

REQUIRED_COLUMNS = ("year", "region", "value")
OPTIONAL_COLUMNS = ("low", "high", "sigma", "unit", "note")
ROW_REGIONS = ("limburg", *REGIONS, "nederland")
"""``limburg`` (the province), the model's regions, and ``nederland`` (national figures: kept, never mapped)."""
SIDECAR_REQUIRED = ("title", "definition", "unit", "source")
SIDECAR_OPTIONAL = ("kind", "url", "note", "timing")
SOURCE_KINDS = ("measurement", "derived", "expectation")
TIMINGS = ("end_of_year", "start_of_year")
MAP_KINDS = ("variable", "growth", "parameter", "rate")
CHANGES = ("relative", "points")
"""How a ``rate`` entry measures change: ``relative`` (growth in %/yr) or ``points`` (the
level's own units a year, e.g. %-points a year for a share)."""
ROLES = ("fit", "check")
AGGREGATES = ("mean", "sum")
MAP_KEYS = {
    "series",
    "kind",
    "variable",
    "parameter",
    "trend",
    "base_year",
    "years",
    "regions",
    "aggregate",
    "role",
    "sigma",
    "sigma_rel",
    "sigma_from_range",
    "weight",
    "tolerance",
    "tolerance_sigmas",
    "scale",
    "from_unit",
    "start_parameter",
    "why",
    "change",
}
SETTINGS_KEYS = {"scenario", "variant", "fit_parameters", "exclude_parameters", "screen_threshold"}
DEFAULT_TOLERANCE_SIGMAS = 2.0
DEFAULT_SCREEN_THRESHOLD = 0.3
"""A parameter is *informed* by an observation when moving it over its prior range moves the
prediction by at least this many observation errors (see :func:`model.analysis.calibration.screen`)."""


class CalibrationError(SamenlevenError):
    """A data file, sidecar, mapping or calibrated set is invalid; the message names the file,
    the row (line), the column, the value and what is allowed (``calib.*`` in the catalogue;
    ``str(err)`` is English)."""

    language = "en"
    plain_language = "en"


# --------------------------------------------------------------------------- data files


@dataclass(frozen=True)
class Row:
    """One row of an observation file (``line``: its line number in the file, header = 1)."""

    line: int
    year: int
    region: str
    value: float
    low: float | None = None
    high: float | None = None
    sigma: float | None = None
    note: str = ""


@dataclass(frozen=True)
class Series:
    """One observed series: its rows and the sidecar's provenance."""

    id: str
    file: Path
    sidecar: Path
    title: str
    definition: str
    unit: str
    source: str
    kind: str
    timing: str
    url: str
    note: str
    rows: tuple[Row, ...]

    def hashes(self) -> dict[str, str]:
        """SHA-256 of the data file and its sidecar, by path."""
        return {_display(p): _sha256(p) for p in (self.file, self.sidecar)}


def _sha256(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def _display(path: Path) -> str:
    """A path relative to the repository when inside it (for provenance and messages)."""
    path = Path(path).resolve()
    try:
        return str(path.relative_to(ROOT))
    except ValueError:
        return str(path)


def _number(text: str, *, where: str, column: str, allowed: str = "calib.allowed_number") -> float:
    try:
        value = float(text)
    except ValueError:
        raise CalibrationError(
            "calib.not_number", where=where, column=column, cell=text, allowed=allowed
        ) from None
    if not math.isfinite(value):
        raise CalibrationError(
            "calib.not_finite", where=where, column=column, cell=text, allowed=allowed
        )
    return value


def read_series(path: str | Path) -> Series:
    """Read and validate one observation file and its sidecar (``NAME.csv`` + ``NAME.toml``).

    Raises
    ------
    CalibrationError
        Naming the file, the line, the column, the value and what is allowed: missing or
        unknown columns, non-numeric values, unknown regions, a unit that differs from
        the sidecar's, duplicate (year, region) rows, a missing or incomplete sidecar.
    """
    path = Path(path)
    name = _display(path)
    sidecar = path.with_suffix(".toml")
    meta = _read_sidecar(sidecar, data_file=name)
    try:
        lines = path.read_text(encoding="utf-8-sig").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise CalibrationError(
            "calib.unreadable", name=name, detail=getattr(exc, "strerror", None) or exc
        ) from None
    numbered = [
        (i + 1, text)
        for i, text in enumerate(lines)
        if text.strip() and not text.lstrip().startswith("#")
    ]
    if not numbered:
        raise CalibrationError("calib.empty_file", name=name, columns=", ".join(REQUIRED_COLUMNS))
    header_line, header_text = numbered[0]
    header = [h.strip() for h in next(csv.reader([header_text]))]
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    if missing:
        raise CalibrationError(
            "calib.missing_columns",
            name=name,
            header_line=header_line,
            missing=", ".join(missing),
            required=", ".join(REQUIRED_COLUMNS),
            optional=", ".join(OPTIONAL_COLUMNS),
        )
    unknown = [c for c in header if c not in (*REQUIRED_COLUMNS, *OPTIONAL_COLUMNS)]
    if unknown:
        raise CalibrationError(
            "calib.unknown_columns",
            name=name,
            header_line=header_line,
            unknown=", ".join(map(repr, unknown)),
            known=", ".join((*REQUIRED_COLUMNS, *OPTIONAL_COLUMNS)),
        )
    if len(set(header)) != len(header):
        raise CalibrationError(
            "calib.repeated_column", name=name, header_line=header_line, header=header
        )
    rows: list[Row] = []
    seen: dict[tuple[int, str], int] = {}
    for line, text in numbered[1:]:
        cells = [c.strip() for c in next(csv.reader([text]))]
        where = f"{name}: line {line}"
        short = header[len(cells) :]
        if len(cells) > len(header) or any(c in REQUIRED_COLUMNS for c in short):
            raise CalibrationError(
                "calib.cells",
                where=where,
                cells=len(cells),
                columns=len(header),
                header=", ".join(header),
            )
        cell = dict(zip(header, cells + [""] * len(short), strict=True))
        year_f = _number(
            cell["year"], where=where, column="year", allowed="a whole year such as 2022"
        )
        if year_f != int(year_f) or not 1900 <= year_f <= 2100:
            raise CalibrationError("calib.year", where=where, value=cell["year"])
        year = int(year_f)
        region = cell["region"].lower()
        if region not in ROW_REGIONS:
            raise CalibrationError(
                "calib.region", where=where, value=cell["region"], regions=", ".join(ROW_REGIONS)
            )
        value = _number(cell["value"], where=where, column="value")
        unit = cell.get("unit", "")
        if unit and unit != meta["unit"]:
            raise CalibrationError(
                "calib.unit_differs",
                where=where,
                unit=unit,
                expected=meta["unit"],
                sidecar=_display(sidecar),
                allowed_unit=meta["unit"],
            )
        low = _number(cell["low"], where=where, column="low") if cell.get("low") else None
        high = _number(cell["high"], where=where, column="high") if cell.get("high") else None
        if (low is None) != (high is None):
            raise CalibrationError(
                "calib.low_high", where=where, low=cell.get("low"), high=cell.get("high")
            )
        if low is not None and high is not None and not low <= value <= high:
            raise CalibrationError(
                "calib.outside_range", where=where, value=value, low=low, high=high
            )
        sigma = (
            _number(cell["sigma"], where=where, column="sigma", allowed="calib.allowed_positive")
            if cell.get("sigma")
            else None
        )
        if sigma is not None and sigma <= 0:
            raise CalibrationError(
                "calib.sigma", where=where, value=cell["sigma"], unit=meta["unit"]
            )
        key = (year, region)
        if key in seen:
            raise CalibrationError(
                "calib.duplicate", where=where, year=year, region=region, other=seen[key]
            )
        seen[key] = line
        rows.append(
            Row(
                line=line,
                year=year,
                region=region,
                value=value,
                low=low,
                high=high,
                sigma=sigma,
                note=cell.get("note", ""),
            )
        )
    if not rows:
        raise CalibrationError("calib.no_rows", name=name)
    return Series(
        id=path.stem,
        file=path,
        sidecar=sidecar,
        title=meta["title"],
        definition=meta["definition"],
        unit=meta["unit"],
        source=meta["source"],
        kind=meta.get("kind", "measurement"),
        timing=meta.get("timing", "end_of_year"),
        url=meta.get("url", ""),
        note=meta.get("note", ""),
        rows=tuple(rows),
    )


def _read_sidecar(path: Path, *, data_file: str) -> dict[str, str]:
    name = _display(path)
    if not path.exists():
        raise CalibrationError(
            "calib.no_sidecar", data_file=data_file, name=name, required=", ".join(SIDECAR_REQUIRED)
        )
    try:
        meta = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise CalibrationError("calib.toml", name=name, exc=exc) from None
    missing = [k for k in SIDECAR_REQUIRED if not str(meta.get(k, "")).strip()]
    if missing:
        raise CalibrationError(
            "calib.sidecar_lacks",
            name=name,
            missing=", ".join(missing),
            required=", ".join(SIDECAR_REQUIRED),
        )
    unknown = sorted(set(meta) - {*SIDECAR_REQUIRED, *SIDECAR_OPTIONAL})
    if unknown:
        raise CalibrationError(
            "calib.sidecar_unknown",
            name=name,
            unknown=unknown,
            known=", ".join((*SIDECAR_REQUIRED, *SIDECAR_OPTIONAL)),
        )
    for key, allowed in (("kind", SOURCE_KINDS), ("timing", TIMINGS)):
        if key in meta and meta[key] not in allowed:
            raise CalibrationError(
                "calib.sidecar_value",
                name=name,
                setting=key,
                value=meta[key],
                known=", ".join(allowed),
            )
    if any(not isinstance(v, str) for v in meta.values()):
        bad = next(k for k, v in meta.items() if not isinstance(v, str))
        raise CalibrationError("calib.sidecar_not_text", name=name, bad=bad, value=meta[bad])
    return {k: str(v) for k, v in meta.items()}


# --------------------------------------------------------------------------- mapping


@dataclass(frozen=True)
class MapEntry:
    """How one series (optionally only some of its years) relates to the model."""

    series: str
    kind: str = "variable"
    variable: str = ""
    parameter: str = ""
    trend: str = ""
    base_year: int | None = None
    years: tuple[int, ...] | None = None
    regions: tuple[str, ...] | None = None
    aggregate: str = "mean"
    role: str = "fit"
    sigma: float | None = None
    sigma_rel: float | None = None
    sigma_from_range: bool = False
    weight: float = 1.0
    tolerance: float | None = None
    tolerance_sigmas: float = DEFAULT_TOLERANCE_SIGMAS
    scale: float = 1.0
    from_unit: str = ""
    start_parameter: str = ""
    why: str = ""
    change: str = ""
    """For ``kind = "rate"``: ``relative`` or ``points`` (default: the outcome's own trend
    kind, relative for other variables)."""
    index: int = 0


@dataclass(frozen=True)
class MappingFile:
    """The parsed ``mapping.toml``."""

    file: Path
    scenario: str = "baseline"
    variant: str = "plan"
    entries: tuple[MapEntry, ...] = ()
    fit_parameters: tuple[str, ...] | None = None
    exclude_parameters: tuple[str, ...] = ()
    screen_threshold: float = DEFAULT_SCREEN_THRESHOLD


def load_mapping(path: str | Path = MAPPING_FILE) -> MappingFile:
    """Read and validate the mapping file (structure only; :func:`load_observations` checks it against the data and the model)."""
    path = Path(path)
    name = _display(path)
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise CalibrationError("calib.unreadable", name=name, detail=exc.strerror) from None
    except tomllib.TOMLDecodeError as exc:
        raise CalibrationError("calib.toml", name=name, exc=exc) from None
    unknown = sorted(set(raw) - {"settings", "map"})
    if unknown:
        raise CalibrationError("calib.mapping_tables", name=name, unknown=unknown)
    settings = raw.get("settings", {})
    bad = sorted(set(settings) - SETTINGS_KEYS)
    if bad:
        raise CalibrationError(
            "calib.settings_keys", name=name, bad=bad, known=", ".join(sorted(SETTINGS_KEYS))
        )
    variant = settings.get("variant", "plan")
    if variant not in ("plan", "no_reserve"):
        raise CalibrationError("calib.settings_variant", name=name, variant=variant)
    entries = []
    for i, item in enumerate(raw.get("map", [])):
        where = f"{name}: [[map]] entry {i + 1}"
        bad = sorted(set(item) - MAP_KEYS)
        if bad:
            raise CalibrationError(
                "calib.map_keys", where=where, bad=bad, known=", ".join(sorted(MAP_KEYS))
            )
        if not isinstance(item.get("series"), str):
            raise CalibrationError("calib.no_series", where=where)
        where = f"{name}: [[map]] series = {item['series']!r}"
        kind = item.get("kind", "variable")
        if kind not in MAP_KINDS:
            raise CalibrationError("calib.kind", where=where, kind=kind, known=", ".join(MAP_KINDS))
        role = item.get("role", "fit")
        if role not in ROLES:
            raise CalibrationError("calib.role", where=where, role=role)
        aggregate = item.get("aggregate", "mean")
        if aggregate not in AGGREGATES:
            raise CalibrationError(
                "calib.aggregate", where=where, aggregate=aggregate, known=", ".join(AGGREGATES)
            )
        need = {
            "variable": "variable",
            "growth": "variable",
            "parameter": "parameter",
            "rate": "variable",
        }[kind]
        if not item.get(need):
            raise CalibrationError("calib.needs", where=where, kind=kind, need=need)
        if kind == "growth" and not isinstance(item.get("base_year"), int):
            raise CalibrationError("calib.growth_base", where=where)
        change = item.get("change", "")
        if change and (kind != "rate" or change not in CHANGES):
            raise CalibrationError(
                "calib.change", where=where, kind=kind, change=change, known=", ".join(CHANGES)
            )
        numbers = {}
        for key in ("sigma", "sigma_rel", "weight", "tolerance", "tolerance_sigmas", "scale"):
            if key in item:
                v = item[key]
                if (
                    isinstance(v, bool)
                    or not isinstance(v, (int, float))
                    or not math.isfinite(v)
                    or v < 0
                    or (v == 0 and key != "weight")
                ):
                    raise CalibrationError(
                        "calib.positive_or_zero" if key == "weight" else "calib.positive",
                        where=where,
                        setting=key,
                        value=v,
                    )
                numbers[key] = float(v)
        years = item.get("years")
        if years is not None and (
            not isinstance(years, list) or not all(isinstance(y, int) for y in years)
        ):
            raise CalibrationError("calib.years", where=where, years=years)
        regions = item.get("regions")
        if regions is not None and (
            not isinstance(regions, list)
            or not regions
            or not all(isinstance(r, str) and r in ROW_REGIONS for r in regions)
        ):
            raise CalibrationError(
                "calib.regions", where=where, regions=regions, known=", ".join(ROW_REGIONS)
            )
        entries.append(
            MapEntry(
                series=item["series"],
                kind=kind,
                variable=str(item.get("variable", "")),
                parameter=str(item.get("parameter", "")),
                trend=str(item.get("trend", "")),
                base_year=item.get("base_year"),
                years=tuple(years) if years is not None else None,
                regions=tuple(regions) if regions is not None else None,
                aggregate=aggregate,
                role=role,
                sigma_from_range=bool(item.get("sigma_from_range", False)),
                from_unit=str(item.get("from_unit", "")),
                start_parameter=str(item.get("start_parameter", "")),
                why=str(item.get("why", "")),
                change=str(change),
                index=i + 1,
                **numbers,
            )
        )
    fit = settings.get("fit_parameters")
    return MappingFile(
        file=path,
        scenario=str(settings.get("scenario", "baseline")),
        variant=variant,
        entries=tuple(entries),
        fit_parameters=tuple(fit) if fit is not None else None,
        exclude_parameters=tuple(settings.get("exclude_parameters", ())),
        screen_threshold=float(settings.get("screen_threshold", DEFAULT_SCREEN_THRESHOLD)),
    )


# --------------------------------------------------------------------------- observations


@dataclass(frozen=True)
class Observation:
    """One observed value and the model quantity it is compared with."""

    id: str
    series: str
    file: str
    line: int
    region: str
    year: int
    kind: str
    """``backcast``, ``start``, ``in_period``, ``growth``, ``parameter`` or ``rate``."""
    quantity: str
    time: float
    base_time: float | None
    trend: str
    aggregate: str
    role: str
    observed: float
    sigma: float
    weight: float
    tolerance: float
    scale: float
    start_parameter: str
    why: str
    source_kind: str
    source: str = ""
    """The row's own source (monitor files give one per row; data files in their sidecar)."""
    trend_kind: str = "relative"
    """How a ``backcast`` carries the start back: ``relative`` (``x * (1 + trend)^dt``) or
    ``points`` (``x + trend * dt``, for an outcome whose trend is in its own units a year);
    for a ``rate``, how the change is measured (growth in %/yr, or points a year)."""
    base_year: int | None = None
    """For a ``rate``: the year of the row the change is measured from."""


@dataclass(frozen=True)
class Observations:
    """Observations joined with the mapping and checked against the model.

    Attributes
    ----------
    series : dict of str to Series
        Every data file read (mapped or not).
    items : tuple of Observation
        The mapped observations, ``fit`` and ``check``.
    unmapped : tuple of str
        Rows no mapping entry covers, as ``"series:region:year"``.
    mapping : MappingFile
    parameters : ParameterSet
        The base parameters (priors), with the mapped scenario's assumptions applied.
    """

    series: dict[str, Series]
    items: tuple[Observation, ...]
    unmapped: tuple[str, ...]
    mapping: MappingFile
    parameters: ParameterSet
    base: ParameterSet

    @property
    def fit(self) -> tuple[Observation, ...]:
        return tuple(o for o in self.items if o.role == "fit" and o.weight > 0)

    @property
    def table(self) -> pd.DataFrame:
        """One row per mapped observation."""
        cols = [
            "series",
            "region",
            "year",
            "kind",
            "quantity",
            "role",
            "observed",
            "sigma",
            "weight",
            "tolerance",
            "file",
            "line",
        ]
        return pd.DataFrame(
            [{c: getattr(o, c) for c in cols} for o in self.items],
            index=pd.Index([o.id for o in self.items], name="observation"),
        )

    def provenance(self) -> list[dict[str, str]]:
        """Every data file, sidecar and the mapping with its SHA-256."""
        files = [
            {"file": f, "sha256": h} for s in self.series.values() for f, h in s.hashes().items()
        ]
        files.append({"file": _display(self.mapping.file), "sha256": _sha256(self.mapping.file)})
        return files


def load_observations(
    directory: str | Path = DATA_DIR,
    *,
    mapping: str | Path | MappingFile | None = None,
    parameters: ParameterSet | None = None,
) -> Observations:
    """Read every ``*.csv`` in ``directory`` with its sidecar, and join them with the mapping.

    Parameters
    ----------
    directory : path
        Folder of observation files (default ``calibration/data``).
    mapping : path or MappingFile, optional
        Default: ``mapping.toml`` in the folder above ``directory``.
    parameters : ParameterSet, optional
        Priors (default: ``model/policy/parameters/*.toml``).

    Raises
    ------
    CalibrationError
        A bad data file (naming file, line, column, value and what is allowed) or a mapping
        that does not fit the data or the model (unknown series, variable or parameter, a
        unit that differs from the model's, a region the model does not have, a date
        outside the simulated period without a trend to backcast along).

    Examples
    --------
    >>> obs = load_observations()
    >>> sorted({o.kind for o in obs.items}) >= ["backcast"]
    True
    """
    directory = Path(directory)
    if not directory.is_dir():
        raise CalibrationError("calib.no_folder", directory=directory)
    series = {}
    for path in sorted(directory.glob("*.csv")):
        s = read_series(path)
        series[s.id] = s
    if not series:
        raise CalibrationError("calib.no_files", directory=_display(directory))
    if not isinstance(mapping, MappingFile):
        mapping = load_mapping(
            mapping if mapping is not None else directory.parent / "mapping.toml"
        )
    base = parameters if parameters is not None else load_parameters()
    params = load_scenario(mapping.scenario).parameters(base)
    items: list[Observation] = []
    covered: dict[tuple[str, int, str], int] = {}
    bases: set[tuple[str, int, str]] = set()
    for entry in mapping.entries:
        if entry.series not in series:
            raise CalibrationError(
                "calib.no_data_file",
                mapping=_display(mapping.file),
                entry=entry.index,
                series=entry.series,
                known=", ".join(sorted(series)),
            )
        s = series[entry.series]
        _check_entry(entry, s, mapping, params)
        chosen = [
            row
            for row in s.rows
            if (entry.years is None or row.year in entry.years)
            and (entry.regions is None or row.region in entry.regions)
        ]
        observed = chosen
        if entry.kind == "rate":
            # each region's first row is only the base of the change to the next: it may be
            # another entry's observation too (the 2022 row ends 2021-22 and starts 2022-23)
            firsts = {r.region: min(x.year for x in chosen if x.region == r.region) for r in chosen}
            observed = [r for r in chosen if r.year != firsts[r.region]]
            bases.update((s.id, r.year, r.region) for r in chosen if r.year == firsts[r.region])
        for row in observed:
            key = (s.id, row.year, row.region)
            if key in covered:
                raise CalibrationError(
                    "calib.mapped_twice",
                    file=_display(s.file),
                    line=row.line,
                    first=covered[key],
                    entry=entry.index,
                    mapping=_display(mapping.file),
                )
            covered[key] = entry.index
        if entry.kind == "rate":
            items.extend(_rates(entry, s, chosen, mapping, params))
            continue
        items.extend(_observation(entry, s, row, mapping, params) for row in chosen)
    unmapped = tuple(
        f"{s.id}:{r.region}:{r.year}"
        for s in series.values()
        for r in s.rows
        if (s.id, r.year, r.region) not in covered and (s.id, r.year, r.region) not in bases
    )
    return Observations(
        series=series,
        items=tuple(items),
        unmapped=unmapped,
        mapping=mapping,
        parameters=params,
        base=base,
    )


def _model_unit(entry: MapEntry, params: ParameterSet) -> str:
    if entry.kind == "parameter":
        return params[entry.parameter].unit
    if entry.kind == "growth":
        return "%/yr"
    if entry.kind == "rate":
        return _variable_units(entry.variable)
    return INDICATORS[entry.variable].units


def _variable_units(name: str) -> str:
    """Units of a doelenboom indicator or of any other variable of the model."""
    if name in INDICATORS:
        return INDICATORS[name].units
    from model.policy.structure import build_structure

    s = build_structure()
    declared = {**s.stocks, **s.flows, **s.auxiliaries}
    return str(declared[name].units) if name in declared else ""


def _change_of(entry: MapEntry) -> str:
    """How a ``rate`` entry measures change: as given, else the outcome's own trend kind
    (``points`` for an outcome whose trend is in its own units a year), else relative."""
    return entry.change or (
        _trend_kind(entry.variable) if entry.variable in INDICATORS else "relative"
    )


def rate_unit(change: str, level_unit: str) -> str:
    """The unit of a yearly rate of change of a level in ``level_unit``: ``%/yr`` for
    growth, ``<unit>-points/yr`` for a share's change in points (``%-points/yr``), else
    ``<unit>/yr``.

    Examples
    --------
    >>> rate_unit("relative", "children"), rate_unit("points", "%")
    ('%/yr', '%-points/yr')
    """
    if change == "relative":
        return "%/yr"
    return "%-points/yr" if level_unit == "%" else f"{level_unit}/yr"


def _check_entry(entry: MapEntry, s: Series, mapping: MappingFile, params: ParameterSet) -> None:
    where = f"{_display(mapping.file)}: [[map]] series = {entry.series!r}"
    for key in ("parameter", "trend", "start_parameter"):
        name = getattr(entry, key)
        if name and name not in params:
            raise CalibrationError("calib.not_parameter", where=where, setting=key, name=name)
    if entry.kind in ("variable", "growth") and entry.variable not in INDICATORS:
        raise CalibrationError(
            "calib.not_indicator",
            where=where,
            variable=entry.variable,
            known=", ".join(sorted(INDICATORS)),
        )
    unit = _model_unit(entry, params)
    if entry.kind == "rate":
        if not unit:
            raise CalibrationError("calib.not_variable", where=where, variable=entry.variable)
        # a growth rate does not depend on the level's unit (approvals grow as children
        # do); a change in points does
        if _change_of(entry) == "points" and s.unit != unit:
            raise CalibrationError(
                "calib.unit_mismatch",
                sidecar=_display(s.sidecar),
                series_unit=s.unit,
                series=s.id,
                target=entry.variable,
                unit=unit,
                mapping=_display(mapping.file),
            )
        if entry.sigma_from_range:
            raise CalibrationError("calib.rate_sigma", where=where)
        return
    if entry.from_unit:
        if entry.from_unit != s.unit:
            raise CalibrationError(
                "calib.from_unit",
                sidecar=_display(s.sidecar),
                unit=s.unit,
                from_unit=entry.from_unit,
                where=where,
                allowed_unit=entry.from_unit,
            )
    elif s.unit != unit:
        raise CalibrationError(
            "calib.unit_mismatch",
            sidecar=_display(s.sidecar),
            series_unit=s.unit,
            series=s.id,
            target=entry.variable or entry.parameter,
            unit=unit,
            mapping=_display(mapping.file),
        )


def _observation(
    entry: MapEntry, s: Series, row: Row, mapping: MappingFile, params: ParameterSet
) -> Observation:
    where = f"{_display(s.file)}: line {row.line}"
    time = float(row.year + (1 if s.timing == "end_of_year" else 0))
    regional = entry.kind != "parameter" and entry.variable in _regional_indicators()
    if row.region == "nederland":
        raise CalibrationError(
            "calib.national",
            where=where,
            mapping=_display(mapping.file),
            entry=entry.index,
            regions=", ".join(REGIONS),
        )
    if row.region in REGIONS and not regional:
        raise CalibrationError(
            "calib.no_regions",
            where=where,
            region=row.region,
            target=entry.variable or entry.parameter,
        )
    base_time = None
    if entry.kind == "parameter":
        kind, quantity = "parameter", entry.parameter
    elif entry.kind == "growth":
        kind, quantity = "growth", entry.variable
        base_time = float(entry.base_year) + (1 if s.timing == "end_of_year" else 0)  # type: ignore[arg-type]
        if not START <= base_time < time:
            raise CalibrationError(
                "calib.growth_years", where=where, base_year=entry.base_year, year=row.year
            )
    else:
        quantity = entry.variable
        if time < START:
            if not entry.trend:
                raise CalibrationError(
                    "calib.year_before",
                    where=where,
                    year=row.year,
                    mapping=_display(mapping.file),
                    entry=entry.index,
                )
            kind = "backcast"
        else:
            kind = "start" if time == START else "in_period"
    if time > _decimal(LAST_MONTH):
        raise CalibrationError(
            "calib.year_after", where=where, year=row.year, LAST_MONTH=LAST_MONTH
        )
    sigma = row.sigma or entry.sigma
    if sigma is None and entry.sigma_rel is not None:
        sigma = entry.sigma_rel * abs(row.value)
    if sigma is None and entry.sigma_from_range:
        if row.low is None or row.high is None:
            raise CalibrationError("calib.no_range_row", where=where)
        sigma = (row.high - row.low) / 4.0
    if sigma is None or sigma <= 0:
        raise CalibrationError(
            "calib.no_sigma", where=where, mapping=_display(mapping.file), entry=entry.index
        )
    tolerance = entry.tolerance if entry.tolerance is not None else entry.tolerance_sigmas * sigma
    return Observation(
        id=f"{s.id}:{row.region}:{row.year}",
        series=s.id,
        file=_display(s.file),
        line=row.line,
        region=row.region,
        year=row.year,
        kind=kind,
        quantity=quantity,
        time=time,
        base_time=base_time,
        trend=entry.trend,
        aggregate=entry.aggregate,
        role=entry.role,
        observed=row.value,
        sigma=float(sigma),
        weight=entry.weight,
        tolerance=float(tolerance),
        scale=entry.scale,
        start_parameter=entry.start_parameter,
        why=entry.why,
        source_kind=s.kind,
        trend_kind=_trend_kind(entry.variable) if kind == "backcast" else "relative",
    )


def _rates(
    entry: MapEntry, s: Series, rows: list[Row], mapping: MappingFile, params: ParameterSet
) -> list[Observation]:
    """A ``rate`` entry's observations: per region, the yearly rate of change from each
    row to the next (by year), as growth in %/yr or a change in points a year, compared
    with the model's rate of change at the start without the reserve. The first row of a
    region is the base of the second and gives no observation of its own."""
    change = _change_of(entry)
    out = []
    regional = entry.variable in _regional_indicators()
    for region in dict.fromkeys(r.region for r in rows):
        mine = sorted((r for r in rows if r.region == region), key=lambda r: r.year)
        if len(mine) < 2:
            raise CalibrationError(
                "calib.rate_rows",
                file=_display(s.file),
                region=region,
                mapping=_display(mapping.file),
                entry=entry.index,
            )
        for before, row in itertools.pairwise(mine):
            where = f"{_display(s.file)}: line {row.line}"
            if row.region in REGIONS and not regional:
                raise CalibrationError(
                    "calib.no_regions", where=where, region=row.region, target=entry.variable
                )
            span = row.year - before.year
            if change == "relative":
                if before.value <= 0 or row.value <= 0:
                    raise CalibrationError(
                        "calib.rate_positive", where=where, value=row.value, other=before.value
                    )
                observed = 100.0 * ((row.value / before.value) ** (1.0 / span) - 1.0)
            else:
                observed = (row.value - before.value) / span
            sigma = row.sigma or entry.sigma
            if sigma is None and entry.sigma_rel is not None:
                sigma = entry.sigma_rel * abs(observed)
            if sigma is None or sigma <= 0:
                raise CalibrationError(
                    "calib.no_sigma", where=where, mapping=_display(mapping.file), entry=entry.index
                )
            tolerance = (
                entry.tolerance if entry.tolerance is not None else entry.tolerance_sigmas * sigma
            )
            out.append(
                Observation(
                    id=f"{s.id}:{row.region}:{row.year}",
                    series=s.id,
                    file=_display(s.file),
                    line=row.line,
                    region=row.region,
                    year=row.year,
                    kind="rate",
                    quantity=entry.variable,
                    time=START,
                    base_time=None,
                    trend="",
                    aggregate=entry.aggregate,
                    role=entry.role,
                    observed=float(observed),
                    sigma=float(sigma),
                    weight=entry.weight,
                    tolerance=float(tolerance),
                    scale=entry.scale,
                    start_parameter=entry.start_parameter,
                    why=entry.why,
                    source_kind=s.kind,
                    trend_kind=change,
                    base_year=before.year,
                )
            )
    return out


def _regional_indicators() -> set[str]:
    return set(REGIONAL_STARTS)


def _decimal(month: str) -> float:
    y, m = month.split("-")
    return decimal_year(date(int(y), int(m), 1))


# --------------------------------------------------------------------------- monitor file

MONITOR_REQUIRED = ("indicator", "year", "region", "value", "unit", "source")
MONITOR_OPTIONAL = ("low", "high", "sigma", "kind", "url", "note")
MONITOR_ALIASES = {
    "jaar": "year",
    "regio": "region",
    "waarde": "value",
    "eenheid": "unit",
    "bron": "source",
    "laag": "low",
    "hoog": "high",
    "soort": "kind",
    "opmerking": "note",
}
"""Dutch column names a monitor file may use instead of the English ones."""
FIRST_MONITOR_YEAR = 2000
"""Earliest year of a monitor row (before 2023 only for an outcome with an autonomous trend,
carried back along it; further back a constant trend says nothing)."""
LAST_YEAR = int(LAST_MONTH[:4]) - 1
"""Last year whose end the default time axis reaches."""


class MonitorError(CalibrationError):
    """A monitor file is invalid: the message names the file, the line, the column, the
    value and what is allowed (``calib.monitor.*``), in Dutch or English (``message(lang)``)."""


def _normal(text: str) -> str:
    return " ".join(text.replace("_", " ").lower().split())


def _outcomes() -> list[Any]:
    """The outcomes as the model declares them (id, trend parameter, additive trend or not)."""
    from model.policy.structure import build_structure

    return list(build_structure().metadata.get("outcomes", []))


def _outcome_trends() -> dict[str, str]:
    """Each outcome's autonomous-trend parameter, as the model declares it."""
    return {o.id: o.trend for o in _outcomes()}


def _trend_kind(indicator: str) -> str:
    """``points`` for an outcome whose trend is in its own units a year, else ``relative``."""
    additive = {o.id: bool(getattr(o, "additive", False)) for o in _outcomes()}
    return "points" if additive.get(indicator, False) else "relative"


def _read_text(path: Path, name: str) -> str:
    """The file's text: UTF-8 (with or without a byte-order mark), else Windows-1252 (what
    Excel writes as 'CSV (gescheiden door lijstscheidingsteken)')."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise MonitorError(
            "calib.monitor.unreadable", file=name, detail=exc.strerror or exc
        ) from None
    return _decode(raw)


def _decode(raw: bytes) -> str:
    """UTF-8 (with or without a byte-order mark), else Windows-1252."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")


def _monitor_number(text: str, *, comma: bool, file: str, line: int, column: str) -> float:
    """A number as Excel writes it: with ``comma`` (a file separated by semicolons) the
    decimal mark is a comma and dots may only group thousands before one (``1.234,5``);
    a bare ``16.900`` is refused there, as it could mean 16.9 or 16900."""
    allowed = "calib.monitor.number_comma" if comma else "calib.monitor.number_point"
    cleaned = text.replace("\u00a0", "").replace(" ", "")
    if comma:
        grouped = cleaned.lstrip("+-")
        head = grouped.partition(",")[0]
        if "." in head:
            groups = head.split(".")
            ok = (
                "," in grouped
                and 1 <= len(groups[0]) <= 3
                and all(len(g) == 3 for g in groups[1:])
                and all(g.isdigit() for g in groups)
            )
            if not ok:
                raise MonitorError(
                    "calib.monitor.not_number",
                    file=file,
                    field=column,
                    value=text,
                    allowed=allowed,
                    line=line,
                )
            cleaned = cleaned.replace(".", "")
        cleaned = cleaned.replace(",", ".")
    try:
        value = float(cleaned)
    except ValueError:
        value = math.nan
    if not math.isfinite(value) or not cleaned:
        raise MonitorError(
            "calib.monitor.not_number",
            file=file,
            field=column,
            value=text,
            allowed=allowed,
            line=line,
        )
    return value


def _find_indicator(text: str) -> str | None:
    wanted = _normal(text)
    for k, ind in INDICATORS.items():
        if wanted in (_normal(k), _normal(ind.nl), _normal(ind.en)):
            return k
    return None


def _find_region(text: str) -> str | None:
    from model.policy.indicators import REGION_NAMES

    wanted = _normal(text)
    if wanted in ("limburg", "provincie limburg", "province of limburg"):
        return "limburg"
    for r in REGIONS:
        if wanted in (_normal(r), *(_normal(n) for n in REGION_NAMES[r].values())):
            return r
    return None


def _unit_matches(given: str, units: str) -> bool:
    from model.i18n import LANGUAGES, unit_label

    return _normal(given) in {_normal(units), *(_normal(unit_label(units, g)) for g in LANGUAGES)}


MAX_MONITOR_BYTES = 256 * 1024
"""Largest monitor file read from memory (an upload; a monitor of a few hundred rows is
tens of kB)."""


def load_monitor(
    path: str | Path,
    *,
    data: bytes | None = None,
    parameters: ParameterSet | None = None,
    scenario: str = "baseline",
    variant: str = "plan",
) -> Observations:
    """Read a monitor file of the Province's own and check it against the model.

    One CSV file, one observation a row, with the columns ``indicator`` (a doelenboom
    indicator id, or its Dutch or English name), ``year``, ``region`` (``limburg``, or
    ``zuid`` / ``noord_midden`` for an indicator with regions), ``value``, ``unit`` (the
    model's unit of that indicator, or its Dutch or English label) and ``source``, and
    optionally ``low`` and ``high`` (a reported range), ``sigma`` (the observation error,
    1 sd), ``kind`` (measurement, derived or expectation), ``url`` and ``note``. The Dutch
    column names (jaar, regio, waarde, eenheid, bron, laag, hoog, soort, opmerking) are
    accepted too. Columns may be separated by commas (decimal point) or, as Dutch Excel
    writes them, by semicolons (decimal comma); lines starting with ``#`` are comments.
    See calibration/README.md and calibration/examples/monitor_example.csv.

    A figure for year *Y* is read at the end of *Y*, as the calibration data are: from
    2023 (the model's start) to 2029; before 2023 only for an outcome with an autonomous
    trend, whose starting level is carried back along it (from 2000).

    Parameters
    ----------
    path : path
        The monitor file; with ``data``, only its name (for the messages).
    data : bytes, optional
        The file's content, read from memory instead of ``path`` (an upload: nothing is
        read from or written to disk); at most :data:`MAX_MONITOR_BYTES`.
    parameters : ParameterSet, optional
        The parameters whose ensemble the rows are compared with (default: the priors of
        ``model/policy/parameters/``; or a calibrated set).
    scenario, variant : str
        The world the rows from 2024 on are compared with (default: the baseline with the
        reserve).

    Returns
    -------
    Observations
        Every row as an observation with ``role = "check"``, its ``source`` and, where
        given, ``sigma``; ``series`` holds one series per indicator.

    Raises
    ------
    MonitorError
        Naming the file, the line, the column, the value and what is allowed: a missing
        or unknown column, an unknown indicator or region, a year outside what the model
        can compare, a cell that is not a number, a unit that is not the model's, a
        duplicate row.

    Examples
    --------
    >>> obs = load_monitor(CALIBRATION_DIR / "examples" / "monitor_example.csv")
    >>> len(obs.items), obs.items[0].id, obs.items[0].observed, obs.items[0].kind
    (7, 'movement_guideline_share:limburg:2016', 46.6, 'backcast')
    """
    path = Path(path)
    if data is None:
        name = _display(path)
        text = _read_text(path, name)
    else:
        name = path.name  # an upload's own name, never a folder of the server
        if len(data) > MAX_MONITOR_BYTES:
            raise MonitorError(
                "calib.monitor.too_large",
                file=name,
                size=len(data) // 1024,
                limit=MAX_MONITOR_BYTES // 1024,
            )
        text = _decode(data)
    numbered = [
        (i + 1, t)
        for i, t in enumerate(text.splitlines())
        if t.strip() and not t.lstrip().startswith("#")
    ]
    required = ", ".join(MONITOR_REQUIRED)
    if not numbered:
        raise MonitorError("calib.monitor.empty", file=name, required=required)
    header_line, header_text = numbered[0]
    delimiter = max((";", ",", "\t"), key=header_text.count)
    comma = delimiter != ","
    written = [h.strip() for h in next(csv.reader([header_text], delimiter=delimiter))]
    header = [MONITOR_ALIASES.get(h.lower(), h.lower()) for h in written]
    known = (*MONITOR_REQUIRED, *MONITOR_OPTIONAL)
    unknown = [w for w, h in zip(written, header, strict=True) if h not in known]
    if unknown:
        raise MonitorError(
            "calib.monitor.unknown_columns",
            file=name,
            field="header",
            value=", ".join(unknown),
            allowed="calib.monitor.columns",
            line=header_line,
            required=required,
            optional=", ".join(MONITOR_OPTIONAL),
        )
    missing = [c for c in MONITOR_REQUIRED if c not in header]
    if missing or len(set(header)) != len(header):
        raise MonitorError(
            "calib.monitor.missing_columns",
            file=name,
            field="header",
            value=", ".join(missing) or ", ".join(written),
            allowed="calib.monitor.columns",
            line=header_line,
            required=required,
            optional=", ".join(MONITOR_OPTIONAL),
        )
    base = parameters if parameters is not None else load_parameters()
    params = load_scenario(scenario).parameters(base)
    trends = _outcome_trends()
    regional = _regional_indicators()
    column = dict(zip(header, written, strict=True))
    seen: dict[tuple[str, str, int], int] = {}
    items: list[Observation] = []
    rows: dict[str, list[Row]] = {}
    sources: dict[str, list[str]] = {}
    for line, text_line in numbered[1:]:
        cells = [c.strip() for c in next(csv.reader([text_line], delimiter=delimiter))]
        if len(cells) > len(header):
            raise MonitorError(
                "calib.monitor.cells",
                file=name,
                field="",
                value=len(cells),
                allowed="calib.monitor.one_cell",
                line=line,
                columns=len(header),
            )
        cell = dict(zip(header, cells + [""] * (len(header) - len(cells)), strict=True))

        def refuse(
            text: str,
            key: str,
            allowed: str,
            value: Any = None,
            cell: dict[str, str] = cell,
            line: int = line,
            **fields: Any,
        ) -> NoReturn:
            """Refuse this row: ``text`` names what is wrong with its cell ``key``."""
            raise MonitorError(
                text,
                file=name,
                field=column.get(key, key),
                value=cell[key] if value is None else value,
                allowed=allowed,
                line=line,
                **fields,
            )

        def need(key: str, allowed: str, cell: dict[str, str] = cell, **fields: Any) -> str:
            """The cell ``key``, refused when empty."""
            if not cell[key]:
                refuse("calib.monitor.empty_cell", key, allowed, value="", **fields)
            return cell[key]

        indicator = _find_indicator(
            need("indicator", "calib.monitor.indicators", known=", ".join(INDICATORS))
        )
        if indicator is None:
            refuse(
                "calib.monitor.unknown_indicator",
                "indicator",
                "calib.monitor.indicators",
                known=", ".join(INDICATORS),
            )
        ind = INDICATORS[indicator]
        trend = trends.get(indicator, "")
        first = FIRST_MONITOR_YEAR if trend else int(START) - 1
        years_allowed = "calib.monitor.years_trend" if trend else "calib.monitor.years"
        year_text = need("year", years_allowed, first=first, last=LAST_YEAR, trend=trend)
        try:
            year = int(year_text)
        except ValueError:
            year = None
        if year is None or not first <= year <= LAST_YEAR:
            refuse(
                "calib.monitor.year",
                "year",
                years_allowed,
                indicator=indicator,
                first=first,
                last=LAST_YEAR,
                trend=trend,
            )
        region_allowed = (
            "calib.monitor.regions" if indicator in regional else "calib.monitor.limburg"
        )
        region = _find_region(
            need(
                "region",
                region_allowed,
                indicator=indicator,
                regions=", ".join(("limburg", *REGIONS)),
            )
        )
        if region is None or (region in REGIONS and indicator not in regional):
            refuse(
                "calib.monitor.region",
                "region",
                region_allowed,
                indicator=indicator,
                regions=", ".join(("limburg", *REGIONS)),
            )
        value = _monitor_number(
            need("value", "calib.monitor.number_comma" if comma else "calib.monitor.number_point"),
            comma=comma,
            file=name,
            line=line,
            column=column["value"],
        )
        unit = need("unit", "calib.monitor.unit_allowed", unit=ind.units)
        if not _unit_matches(unit, ind.units):
            refuse(
                "calib.monitor.unit",
                "unit",
                "calib.monitor.unit_allowed",
                indicator=indicator,
                unit=ind.units,
            )
        source = need("source", "calib.monitor.source_allowed")
        number = {
            k: _monitor_number(cell[k], comma=comma, file=name, line=line, column=column[k])
            for k in ("low", "high", "sigma")
            if cell.get(k)
        }
        low, high, sigma = number.get("low"), number.get("high"), number.get("sigma")
        if (low is None) != (high is None):
            absent = "high" if high is None else "low"
            refuse("calib.monitor.low_high", absent, "calib.monitor.low_high_allowed", value="")
        if low is not None and high is not None and not low <= value <= high:
            refuse(
                "calib.monitor.outside_range",
                "value",
                "calib.monitor.inside_range",
                low=cell["low"],
                high=cell["high"],
            )
        if sigma is not None and sigma <= 0:
            refuse("calib.monitor.sigma", "sigma", "calib.monitor.sigma_allowed", unit=ind.units)
        kind = cell.get("kind", "").lower() or "measurement"
        if kind not in SOURCE_KINDS:
            refuse(
                "calib.monitor.kind", "kind", "calib.monitor.kinds", known=", ".join(SOURCE_KINDS)
            )
        key = (indicator, region, year)
        if key in seen:
            refuse(
                "calib.monitor.duplicate",
                "year",
                "calib.monitor.one_row",
                indicator=indicator,
                region=region,
                other=seen[key],
            )
        seen[key] = line
        time = float(year + 1)
        kind_of = "backcast" if time < START else "start" if time == START else "in_period"
        if sigma is None and low is not None and high is not None and high > low:
            sigma = (high - low) / 4.0
        note = cell.get("note", "")
        rows.setdefault(indicator, []).append(
            Row(
                line=line,
                year=year,
                region=region,
                value=value,
                low=low,
                high=high,
                sigma=sigma,
                note=note,
            )
        )
        sources.setdefault(indicator, []).append(source)
        items.append(
            Observation(
                id=f"{indicator}:{region}:{year}",
                series=indicator,
                file=name,
                line=line,
                region=region,
                year=year,
                kind=kind_of,
                quantity=indicator,
                time=time,
                base_time=None,
                trend=trend if kind_of == "backcast" else "",
                aggregate="mean",
                role="check",
                observed=value,
                sigma=float(sigma) if sigma is not None else math.nan,
                weight=0.0,
                tolerance=2.0 * float(sigma) if sigma is not None else math.nan,
                scale=1.0,
                start_parameter="",
                why=note,
                source_kind=kind,
                source=source + (f" ({cell['url']})" if cell.get("url") else ""),
                trend_kind=_trend_kind(indicator) if kind_of == "backcast" else "relative",
            )
        )
    if not items:
        raise MonitorError("calib.monitor.no_rows", file=name, required=required)
    series = {
        k: Series(
            id=k,
            file=path,
            sidecar=path,
            title=INDICATORS[k].nl,
            definition=INDICATORS[k].definition_en,
            unit=INDICATORS[k].units,
            source="; ".join(dict.fromkeys(sources[k])),
            kind="measurement",
            timing="end_of_year",
            url="",
            note="",
            rows=tuple(r),
        )
        for k, r in rows.items()
    }
    return Observations(
        series=series,
        items=tuple(items),
        unmapped=(),
        mapping=MappingFile(file=path, scenario=scenario, variant=variant),
        parameters=params,
        base=base,
    )
