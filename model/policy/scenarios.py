"""Scenarios: small TOML files of levers over a named baseline.

A scenario file looks like this (``scenarios/baseline.toml`` is the document's
indicative split, §9.2; every other file extends a base and says only what differs)::

    [scenario]
    name = "armoede_eerst"
    title = "Armoede eerst"
    description = "..."
    extends = "baseline"

    [levers.allocation]            # k€ per budget line of the reserve
    "2.1.a" = 8000
    "2.2" = 11000

    [levers]
    neighbourhood_share = 0.6      # share of line 2.2 for neighbourhood approaches
    decision_date = 2024-06-28     # reserve money released from this date on

    [levers.phasing.default]       # share per budget year, adds up to 1
    "2024" = 0.15
    ...
    [levers.phasing."2.3"]         # per-line phasing overrides the default

    [assumptions]                  # fixes uncertain parameters, e.g. pessimistic co-financing
    gbt_national_contribution = 0.0

Levers (what a council decides) are kept apart from assumptions (what the world
does). Every validation error is a :class:`ScenarioError` naming the file, the
field, the value and what is allowed.

A scenario's text may come from anyone (an upload, a link), so reading it never fails
with anything but a :class:`ScenarioError`: bytes that are not UTF-8, TOML nested too
deeply, date-times where a date belongs, numbers too large for a float, an empty file.
``extends`` names a scenario in the scenarios folder by its name only (no path, no
``.toml``); a refused name and a missing one get the same message, which never shows
a path of the server, and a cycle of bases is found by the files' resolved paths.
"""

from __future__ import annotations

import errno
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from model.common.dates import decimal_year
from model.common.toml import (
    Excerpt,
    Phrase,
    TomlError,
    excerpt,
    message_with_phrases,
    read_toml,
    toml_key,
    toml_value,
)
from model.errors import SamenlevenError
from model.i18n import number
from model.policy.budget import (
    BUDGET_YEARS,
    COMMITTED,
    DEFAULT_DECISION_DATE,
    LINES,
    RESERVE_TOTAL,
    ReservePlan,
)
from model.policy.parameters import ParameterError, ParameterSet, load_parameters

SCENARIO_DIR = Path(__file__).resolve().parents[2] / "scenarios"
"""Where named scenarios live (``scenarios/`` at the top of the repository)."""

BASELINE = "baseline"
_TOLERANCE = 1e-6  # k€ or share: float round-off, not money
_SECTIONS = {"scenario", "levers", "assumptions"}
_SCENARIO_KEYS = {"name", "title", "description", "extends"}
_NAME = re.compile(r"[a-z0-9_]{1,64}")
"""What ``extends`` may be: the name of a file in the scenarios folder, nothing more."""
_FIELD_LIMIT = 120  # characters of a field name in a message (keys come from the file)
_LEVER_KEYS = {
    "allocation",
    "phasing",
    "neighbourhood_share",
    "decision_date",
    "jeugdfonds_share_130",
    "carry_over",
}


class ScenarioError(SamenlevenError):
    """A scenario is invalid.

    Attributes
    ----------
    file, field : str
        Where: the file and the dotted field, e.g. ``levers.allocation."2.1.a"``.
    value : object
        The offending value.
    reason, allowed : str
        Why it is refused and what would be accepted: catalogue keys (``reason.*``,
        ``allowed.*``) or plain text.
    """

    def __init__(
        self,
        *,
        file: str,
        field: str = "",
        value: Any = None,
        reason: str = "",
        allowed: str = "",
        text: str = "",
        **fields: Any,
    ):
        if len(field) > _FIELD_LIMIT:  # a key from the file may be as long as the file
            field = field[: _FIELD_LIMIT - 1] + "…"
        super().__init__(
            text,
            file=file,
            field=field,
            value=excerpt(value),
            reason=f"reason.{reason}" if reason else "",
            allowed=allowed,
            **fields,
        )

    @classmethod
    def from_toml(cls, err: TomlError) -> ScenarioError:
        """The scenario's error for a text that :func:`~model.common.toml.read_toml` refused."""
        return cls(
            file=err.file,
            field=err.field,
            value=err.value,
            text=err.text,
            allowed=err.allowed,
            **err.fields,
        )

    def message(self, lang: str | None = None) -> str:
        """The message in ``lang`` ("nl" or "en"); amounts come from the budget's constants."""
        self.fields.update(_amounts(lang))
        return message_with_phrases(self, lang, super().message)


def _amounts(lang: str | None) -> dict[str, str]:
    """The amounts messages name: the reserve and what is already committed, in k€."""
    committed = sum(v for by_year in COMMITTED.values() for v in by_year.values())
    return {"total": number(RESERVE_TOTAL, lang), "committed": number(committed, lang)}


@dataclass(frozen=True)
class Scenario:
    """A fully resolved, validated scenario.

    Attributes
    ----------
    name, title, description : str
    allocation : dict of str to float
        k€ per budget line ``2.1.a``–``2.1.d``, ``2.2``, ``2.3``.
    phasing : dict of str to dict of int to float
        Per line, the share of its amount per budget year (adds up to 1).
    neighbourhood_share : float
        Share of line 2.2 for integrated neighbourhood approaches; the rest goes to
        village and local approaches (the document does not split 2.2).
    decision_date : datetime.date
        Reserve money is released from this date on.
    assumptions : dict of str to float
        Parameters fixed by this scenario (overriding their uncertainty).
    source : str
        The file the scenario came from (or a description).
    """

    name: str
    title: str
    description: str
    allocation: dict[str, float]
    phasing: dict[str, dict[int, float]]
    neighbourhood_share: float
    decision_date: date
    assumptions: dict[str, float] = field(default_factory=dict)
    source: str = "<memory>"
    extends: str = ""
    jeugdfonds_share_130: float | None = None
    """Lever: share of municipalities at the 130 % income threshold for the Jeugdfonds
    from the decision date on (phased in over a year); None leaves it to the municipalities."""
    carry_over: bool = False
    """Lever: money released but not spent by the end of 2027 is carried over and spent
    afterwards (a council decision the framework does not take); False keeps it in the
    reserve, unspent, as the ledger then shows."""

    @property
    def allocated(self) -> float:
        """Total allocated, k€."""
        return sum(self.allocation.values())

    @property
    def unallocated(self) -> float:
        """What the scenario leaves in the reserve, k€."""
        return RESERVE_TOTAL - self.allocated

    def reserve_plan(self) -> ReservePlan:
        """The money levers as arrays for the ledger."""
        return ReservePlan.from_levers(
            allocation=self.allocation,
            phasing=self.phasing,
            neighbourhood_share=self.neighbourhood_share,
            decision_date=self.decision_date,
        )

    def lever_params(self) -> dict[str, float]:
        """Levers other than money, as engine parameters (``lever_*``; -1 means not used)."""
        share = -1.0 if self.jeugdfonds_share_130 is None else self.jeugdfonds_share_130
        return {
            "lever_jeugdfonds_share_130": share,
            "lever_jeugdfonds_from": decimal_year(self.decision_date),
            "lever_carry_over": 1.0 if self.carry_over else 0.0,
        }

    def parameters(self, base: ParameterSet | None = None) -> ParameterSet:
        """The parameter set with this scenario's assumptions applied."""
        base = base if base is not None else load_parameters()
        return base.with_overrides(self.assumptions, where=self.source)

    def with_allocation(self, allocation: Mapping[str, float]) -> Scenario:
        """A copy with some lines' amounts changed (k€), validated like a file."""
        merged = {**self.allocation, **{str(k): v for k, v in allocation.items()}}
        return _validated(replace(self, allocation=merged), raw_allocation=merged)

    def with_levers(self, **changes: Any) -> Scenario:
        """A copy with other levers changed (``neighbourhood_share``, ``decision_date``, ``phasing``)."""
        return _validated(replace(self, **changes), raw_allocation=self.allocation)

    def to_toml(self) -> str:
        """The scenario as a self-contained TOML file (no ``extends``)."""
        v = toml_value
        lines = [
            "[scenario]",
            f"name = {v(self.name)}",
            f"title = {v(self.title)}",
            f"description = {v(self.description)}",
            "",
            "[levers]",
            f"neighbourhood_share = {v(self.neighbourhood_share)}",
            f"decision_date = {v(self.decision_date)}",
            *(
                [f"jeugdfonds_share_130 = {v(self.jeugdfonds_share_130)}"]
                if self.jeugdfonds_share_130 is not None
                else []
            ),
            *([f"carry_over = {v(self.carry_over)}"] if self.carry_over else []),
            "",
            "[levers.allocation]",
            *(f"{toml_key(line)} = {v(self.allocation.get(line, 0.0))}" for line in LINES),
        ]
        for line in LINES:
            lines += [
                "",
                f"[levers.phasing.{toml_key(line)}]",
                *(f"{v(str(y))} = {v(self.phasing[line][y])}" for y in BUDGET_YEARS),
            ]
        if self.assumptions:
            lines += [
                "",
                "[assumptions]",
                *(f"{toml_key(k)} = {v(x)}" for k, x in self.assumptions.items()),
            ]
        return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------- loading


def list_scenarios(directory: Path | None = None) -> list[Path]:
    """Scenario files in ``directory`` (default ``scenarios/``), the baseline first.

    >>> list_scenarios()[0].name
    'baseline.toml'
    """
    folder = directory or SCENARIO_DIR
    files = sorted(folder.glob("*.toml"))
    return sorted(files, key=lambda p: (p.stem != BASELINE, p.stem))


def load_scenario(source: str | Path, *, directory: Path | None = None) -> Scenario:
    """Load and validate a scenario file, resolving ``extends`` from ``directory``.

    Parameters
    ----------
    source : str or Path
        A path to a ``.toml`` file, or the name of a scenario in ``directory``.

    Raises
    ------
    ScenarioError
        With the file, field, value and what is allowed; also for a file that cannot
        be read or is not UTF-8 text.

    Examples
    --------
    >>> sc = load_scenario("baseline")
    >>> sc.name, sum(sc.allocation.values())
    ('baseline', 27000.0)
    """
    folder = directory or SCENARIO_DIR
    path = Path(source)
    shown = str(path)
    if not path.suffix and not path.exists():
        path = folder / f"{source}.toml"
        shown = f"{folder.name}/{source}.toml"  # a name: no path of the server in messages
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ScenarioError(file=shown, text="err.unreadable", detail=_os_reason(exc)) from None
    return parse_scenario(data, source=str(path), directory=folder, _identity=_resolved(path))


def _resolved(path: Path) -> str:
    """A file's identity for finding cycles of ``extends``: its resolved path."""
    try:
        return str(path.resolve())
    except (OSError, RuntimeError):  # a symlink loop: then the path as given
        return str(path.absolute())


def _os_reason(exc: OSError) -> Phrase:
    """Why a file cannot be read, as a phrase in the message's language."""
    if exc.errno == errno.ENOENT:
        return Phrase("err.os_missing")
    if exc.errno in (errno.EACCES, errno.EPERM):
        return Phrase("err.os_denied")
    if exc.errno == errno.EISDIR:
        return Phrase("err.os_folder")
    code = errno.errorcode.get(exc.errno, str(exc.errno)) if exc.errno else type(exc).__name__
    return Phrase("err.os_other", {"code": code})


def parse_scenario(
    text: str | bytes,
    *,
    source: str = "<upload>",
    directory: Path | None = None,
    _seen: tuple[tuple[str, str], ...] = (),
    _identity: str = "",
) -> Scenario:
    """Validate scenario TOML ``text`` (e.g. an upload) and resolve it over its base.

    The one entry point for a scenario's text, whoever wrote it: the upload, a link and
    :func:`load_scenario` (the command line) all end here.

    Parameters
    ----------
    text : str or bytes
        The TOML text, or the file's bytes (UTF-8; a leading byte-order mark is dropped).
    source : str
        The name messages give the text (an upload's name, a path, ``URL``).
    directory : Path, optional
        The scenarios folder that ``extends`` names a scenario of (default ``scenarios/``).

    Raises
    ------
    ScenarioError
        For anything the text holds that is not a valid scenario, with the file, field,
        value and what is allowed; never another exception.

    Examples
    --------
    >>> sc = parse_scenario(
    ...     '''
    ...     [scenario]
    ...     extends = "baseline"
    ...     [levers.allocation]
    ...     "2.1.a" = 5000
    ...     "2.1.d" = 400
    ...     ''',
    ...     source="mine.toml",
    ... )
    >>> sc.name, sc.allocation["2.1.a"], sum(sc.allocation.values())
    ('mine', 5000.0, 27000.0)
    """
    folder = directory or SCENARIO_DIR
    try:
        raw = read_toml(text, file=source)
    except TomlError as exc:
        raise ScenarioError.from_toml(exc) from None
    if not raw:
        raise ScenarioError(
            file=source, field="", text="err.empty_scenario", allowed="allowed.scenario_file"
        )
    _check_keys(raw, _SECTIONS, "", source)
    meta = _table(raw.get("scenario", {}), "scenario", source)
    _check_keys(meta, _SCENARIO_KEYS, "scenario.", source)
    for key in ("name", "title", "description", "extends"):
        if key in meta and not isinstance(meta[key], str):
            raise ScenarioError(
                file=source,
                field=f"scenario.{key}",
                value=meta[key],
                reason="text",
                allowed="allowed.text",
            )
    name = meta.get("name") or Path(source).stem
    extends = meta.get("extends", "")
    if not extends and name != BASELINE:
        extends = BASELINE

    if extends:
        chain = (*_seen, (_identity, Path(source).stem if _seen else Path(source).name))
        base_path = _base_file(extends, folder, source)
        identity = _resolved(base_path)
        if identity in {ident for ident, _ in chain if ident}:
            names = [shown for _, shown in chain]
            raise ScenarioError(
                file=source,
                field="scenario.extends",
                value=extends,
                reason="extends_cycle",
                allowed="allowed.no_cycle",
                chain=" → ".join([*names, extends]),
            )
        try:
            data = base_path.read_bytes()
        except OSError:  # gone or unreadable since it was listed: the one message
            raise _no_base(extends, folder, source) from None
        base = parse_scenario(
            data,
            source=f"{folder.name}/{extends}.toml",  # never a path of the server
            directory=folder,
            _seen=chain,
            _identity=identity,
        )
    else:
        base = None

    levers = _table(raw.get("levers", {}), "levers", source)
    _check_keys(levers, _LEVER_KEYS, "levers.", source)
    allocation = dict(base.allocation) if base else {}
    raw_alloc = _table(levers.get("allocation", {}), "levers.allocation", source)
    for line, amount in raw_alloc.items():
        if line not in LINES:
            raise ScenarioError(
                file=source,
                field=f'levers.allocation."{line}"',
                value=line,
                reason="unknown_line",
                allowed=", ".join(LINES),
            )
        allocation[line] = amount
    if base is None:
        allocation = {line: allocation.get(line, 0.0) for line in LINES}

    phasing = {line: dict(base.phasing[line]) for line in LINES} if base else {}
    raw_phasing = _table(levers.get("phasing", {}), "levers.phasing", source)
    if "default" in raw_phasing:
        default = _phasing_row(raw_phasing["default"], "levers.phasing.default", source)
        # the default applies to every line the file does not phase explicitly
        for line in LINES:
            phasing[line] = dict(default)
    for line, row in raw_phasing.items():
        if line == "default":
            continue
        if line not in LINES:
            raise ScenarioError(
                file=source,
                field=f'levers.phasing."{line}"',
                value=line,
                reason="unknown_line",
                allowed="default, " + ", ".join(LINES),
            )
        phasing[line] = _phasing_row(row, f'levers.phasing."{line}"', source)
    missing = [line for line in LINES if line not in phasing]
    if missing:
        raise ScenarioError(
            file=source,
            field="levers.phasing",
            value=None,
            reason="phasing_sum",
            allowed="allowed.phasing_all_lines",
        )

    share = levers.get("neighbourhood_share", base.neighbourhood_share if base else 0.5)
    decision = levers.get("decision_date", base.decision_date if base else DEFAULT_DECISION_DATE)
    share_130 = levers.get("jeugdfonds_share_130", base.jeugdfonds_share_130 if base else None)
    carry_over = levers.get("carry_over", base.carry_over if base else False)

    assumptions = dict(base.assumptions) if base else {}
    raw_assumptions = _table(raw.get("assumptions", {}), "assumptions", source)
    for key, value in raw_assumptions.items():
        assumptions[key] = _number(value, f"assumptions.{key}", source, allow_negative=True)

    scenario = Scenario(
        name=name,
        title=meta.get("title", base.title if base else name),
        description=meta.get("description", base.description if base else ""),
        allocation=allocation,
        phasing=phasing,
        neighbourhood_share=share,
        decision_date=decision,
        assumptions=assumptions,
        source=source,
        extends=extends,
        jeugdfonds_share_130=share_130,
        carry_over=carry_over,
    )
    return _validated(scenario, raw_allocation=allocation)


def _validated(s: Scenario, *, raw_allocation: Mapping[str, Any]) -> Scenario:
    """Check every lever and assumption; return the scenario with clean numbers."""
    src = s.source
    allocation = {}
    for line in LINES:
        if line not in raw_allocation:
            allocation[line] = 0.0
            continue
        allocation[line] = _number(raw_allocation[line], f'levers.allocation."{line}"', src)
    unknown = [k for k in raw_allocation if k not in LINES]
    if unknown:
        raise ScenarioError(
            file=src,
            field=f'levers.allocation."{unknown[0]}"',
            value=unknown[0],
            reason="unknown_line",
            allowed=", ".join(LINES),
        )
    total = sum(allocation.values())
    if total > RESERVE_TOTAL + _TOLERANCE:
        raise ScenarioError(
            file=src,
            field="levers.allocation",
            value=round(total, 3),
            reason="over_reserve",
            allowed="allowed.total",
        )

    share = _number(s.neighbourhood_share, "levers.neighbourhood_share", src)
    if share > 1.0:
        raise ScenarioError(
            file=src,
            field="levers.neighbourhood_share",
            value=share,
            reason="share",
            allowed="0 … 1",
        )

    share_130 = s.jeugdfonds_share_130
    if share_130 is not None:
        share_130 = _number(share_130, "levers.jeugdfonds_share_130", src)
        if share_130 > 1.0:
            raise ScenarioError(
                file=src,
                field="levers.jeugdfonds_share_130",
                value=share_130,
                reason="share",
                allowed="0 … 1",
            )

    if not isinstance(s.carry_over, bool):
        raise ScenarioError(
            file=src,
            field="levers.carry_over",
            value=s.carry_over,
            reason="boolean",
            allowed="true, false",
        )

    decision = s.decision_date
    if isinstance(decision, (datetime, time)):  # a TOML date-time, local date-time or time
        raise ScenarioError(
            file=src,
            field="levers.decision_date",
            value=Excerpt(decision.isoformat()),  # as the file writes it
            reason="datetime" if isinstance(decision, datetime) else "date",
            allowed="allowed.date",
        )
    if not isinstance(decision, date) or not (date(2024, 1, 1) <= decision <= date(2027, 12, 31)):
        raise ScenarioError(
            file=src,
            field="levers.decision_date",
            value=decision,
            reason="date",
            allowed="allowed.date",
        )

    for line, by_year in COMMITTED.items():
        for year, amount in by_year.items():
            if allocation[line] < amount - _TOLERANCE:
                raise ScenarioError(
                    file=src,
                    field=f'levers.allocation."{line}"',
                    value=allocation[line],
                    reason="committed",
                    allowed=f"≥ {amount:g}",
                )
            in_year = allocation[line] * s.phasing[line][year]
            if in_year < amount - _TOLERANCE:
                raise ScenarioError(
                    file=src,
                    field=f'levers.phasing."{line}"."{year}"',
                    value=s.phasing[line][year],
                    reason="committed",
                    allowed="allowed.committed_share",
                    share=f"{amount / allocation[line]:.4f}",
                    amount=f"{amount:g}",
                    line_amount=f"{allocation[line]:g}",
                )

    params = load_parameters()
    _check_assumptions(s.assumptions, params, src)
    try:
        params.with_overrides(s.assumptions, where=src)
    except ParameterError as exc:
        raise ScenarioError(
            file=src, field=exc.field, value=exc.value, text=exc.text, **exc.fields
        ) from None
    return replace(
        s, allocation=allocation, neighbourhood_share=share, jeugdfonds_share_130=share_130
    )


# --------------------------------------------------------------------------- helpers


def _shown_name(value: str) -> Excerpt:
    """``extends`` as a message shows it: a path only by its last part (``'…/settings'``),
    so that a message never repeats a path, and never longer than a line."""
    parts = re.split(r"[/\\]", value)
    last = parts[-1] if len(parts[-1]) <= 40 else parts[-1][:39] + "…"
    return Excerpt(repr(last if len(parts) == 1 else "…/" + last))


def _no_base(extends: str, folder: Path, source: str) -> ScenarioError:
    """The one message for a base that is refused or missing: it does not say which."""
    names = ", ".join(p.stem for p in list_scenarios(folder) if _NAME.fullmatch(p.stem))
    return ScenarioError(
        file=source,
        field="scenario.extends",
        value=_shown_name(extends),
        reason="extends_name",
        allowed="allowed.base_scenario",
        names=names or "—",
    )


def _base_file(extends: str, folder: Path, source: str) -> Path:
    """The file of the scenario ``extends`` names: a name of a file in ``folder``, no path."""
    if not _NAME.fullmatch(extends):
        raise _no_base(extends, folder, source)
    by_name = {p.stem: p for p in list_scenarios(folder)}
    path = by_name.get(extends)
    if path is None:
        raise _no_base(extends, folder, source)
    try:  # a link in the folder that points out of it is not a scenario of the folder
        inside = path.resolve().is_file() and path.resolve().is_relative_to(folder.resolve())
    except (OSError, RuntimeError):
        inside = False
    if not inside:
        raise _no_base(extends, folder, source)
    return path


def _check_assumptions(assumptions: Mapping[str, float], params: ParameterSet, src: str) -> None:
    """Every assumption is a known parameter and lies within its range; the messages in
    the reader's language (the parameter set's own checks speak English)."""
    for name, value in assumptions.items():
        if name not in params:
            raise ScenarioError(
                file=src,
                field=f"assumptions.{name}",
                value=name,
                text="param.unknown_assumption",
                where=src,
                name=name,
                known=", ".join(sorted(params)),
            )
        p = params[name]
        if p.low is not None and p.high is not None and not (p.low <= value <= p.high):
            raise ScenarioError(
                file=src,
                field=name,
                value=value,
                text="param.out_of_range",
                where=f"{src}: [assumptions]",
                low=p.low,
                high=p.high,
            )


def _table(value: Any, where: str, source: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise ScenarioError(
            file=source, field=where, value=value, reason="table", allowed="allowed.table"
        )
    return value


def _check_keys(table: Mapping[str, Any], allowed: set[str], prefix: str, source: str) -> None:
    for key in table:
        if key not in allowed:
            raise ScenarioError(
                file=source,
                field=f"{prefix}{key}",
                value=key,
                reason="unknown_key",
                allowed=", ".join(sorted(allowed)),
            )


def _number(value: Any, where: str, source: str, *, allow_negative: bool = False) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ScenarioError(
            file=source, field=where, value=value, reason="not_number", allowed="allowed.number"
        )
    try:
        x = float(value)
    except OverflowError:  # an integer beyond any float (TOML integers have no limit here)
        raise ScenarioError(
            file=source, field=where, value=value, reason="too_large", allowed="allowed.number"
        ) from None
    if not math.isfinite(x):
        raise ScenarioError(
            file=source, field=where, value=value, reason="not_finite", allowed="allowed.number"
        )
    if x < 0 and not allow_negative:
        raise ScenarioError(
            file=source, field=where, value=value, reason="negative", allowed="allowed.number"
        )
    return x


def _phasing_row(row: Any, where: str, source: str) -> dict[int, float]:
    row = _table(row, where, source)
    years = [str(y) for y in BUDGET_YEARS]
    shares: dict[int, float] = {}
    for key, value in row.items():
        if str(key) not in years:
            raise ScenarioError(
                file=source,
                field=f'{where}."{key}"',
                value=key,
                reason="unknown_year",
                allowed=", ".join(years),
            )
        share = _number(value, f'{where}."{key}"', source)
        if share > 1.0:
            raise ScenarioError(
                file=source, field=f'{where}."{key}"', value=share, reason="share", allowed="0 … 1"
            )
        shares[int(key)] = share
    full = {y: shares.get(y, 0.0) for y in BUDGET_YEARS}
    total = sum(full.values())
    if abs(total - 1.0) > _TOLERANCE:
        raise ScenarioError(
            file=source,
            field=where,
            value=round(total, 6),
            reason="phasing_sum",
            allowed="allowed.phasing",
        )
    return full
