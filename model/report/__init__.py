"""Reports for the council: the plan's estimation uncertainty as PDF, HTML and Excel.

A report is built once (:func:`build_report`: the scenarios on one draw of the
uncertainties, a Sobol analysis, scenario discovery, tables and the app's charts) and
then rendered to any of :data:`FORMATS` (:func:`render`), so that the three files say
the same thing. Nothing here imports streamlit: the app calls :func:`report_bytes`.

    from model import load_scenario
    from model.report import build_report, render, write_report
    rep = build_report([load_scenario("baseline")], samples=1000, sobol_n=512, seed=0)
    write_report(rep, "pdf", "rapport.pdf")        # atomic: a temporary file, then a rename

What a report holds (Dutch first, English with ``lang="en"``):

1. a one-page summary in plain language: per goal what the allocation is expected to
   deliver, how likely each target is, and the uncertainties that matter most;
2. money: the allocation and the reserve per budget year;
3. outputs against their 2027 targets and outcomes in 2027 against 2023 and against the
   run without the reserve, with 90 % bands;
4. the sensitivity ranking (Sobol total indices with 95 % intervals, per parameter and per
   kind of uncertainty, co-financing among them) and the failure conditions from
   scenario discovery;
5. the scenario comparison (when there is more than one scenario);
6. the assumptions: every parameter with its value or range, unit and origin;
7. a colophon: toolkit version, parameter set and hash, seed, sample sizes, date.

The baseline is always run beside the scenarios (the charts show it, as in the app); the
sensitivity analysis and scenario discovery are of the first scenario given.

Where the parts live (each imports only those before it):

- :mod:`model.report.texts` (the wording) and :mod:`model.report.document` (the report's
  structure: :class:`Report` of :class:`Section` blocks, the formats, :class:`ReportError`);
- :mod:`model.report.compute` runs the analyses, :mod:`model.report.sheets` gathers the data
  behind the report, :mod:`model.report.assemble` words it into sections;
- :mod:`model.report.images`, then the renderers :mod:`model.report.pdf`,
  :mod:`model.report.html` and :mod:`model.report.xlsx`, which lay out a
  :class:`Report` and know nothing of how it was made;
- this module: the API.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from model.analysis.sensitivity import SOBOL_MIN_N
from model.analysis.uncertainty import UncertaintyError, check_seed
from model.common.files import write_atomic
from model.i18n import t
from model.policy.parameters import ParameterSet
from model.policy.scenarios import Scenario
from model.present.texts import fmt_num, marked
from model.report.assemble import assemble
from model.report.compute import compute, decision_inputs
from model.report.document import (
    DEFAULT_SAMPLES,
    DEFAULT_SOBOL_N,
    FORMATS,
    LANGUAGES,
    MEDIA_TYPES,
    MIN_SAMPLES,
    Chart,
    GoalSummary,
    Report,
    ReportError,
    Section,
    Table,
    Text,
)
from model.report.html import render_html
from model.report.pdf import render_pdf
from model.report.xlsx import render_xlsx
from model.run.simulation import DEFAULT_ENGINE

# --------------------------------------------------------------------------- checks


def _check_lang(lang: object) -> str:
    if lang not in LANGUAGES:
        raise ReportError(
            field="lang", value=lang, allowed="allowed.options", options=", ".join(LANGUAGES)
        )
    return str(lang)


def check_format(fmt: object) -> str:
    """``fmt`` lower-cased, or a :class:`ReportError` naming the formats."""
    text = str(fmt).lower().lstrip(".") if isinstance(fmt, str) else fmt
    if text not in FORMATS:
        raise ReportError(
            field="--format",
            value=fmt,
            reason="report.err.format",
            allowed="allowed.options",
            options=", ".join(FORMATS),
        )
    return str(text)


def check_out(out: str | Path, fmt: str) -> Path:
    """The output path: its folder must exist and its suffix (if any) match ``fmt``."""
    path = Path(out)
    folder = path.expanduser().resolve().parent
    if not folder.is_dir():
        raise ReportError(
            field="--out",
            value=str(out),
            reason="reason.folder_missing",
            allowed="allowed.existing_folder",
            folder=folder,
        )
    if path.is_dir():
        raise ReportError(
            field="--out",
            value=str(out),
            reason="reason.is_folder",
            allowed="allowed.file_ending",
            format=fmt,
        )
    if path.suffix and path.suffix.lower().lstrip(".") != fmt:
        raise ReportError(
            field="--out",
            value=str(out),
            reason="reason.suffix_mismatch",
            allowed="allowed.file_ending",
            suffix=path.suffix,
            format=fmt,
        )
    return path


def format_from_path(out: str | Path) -> str:
    """The format a file name asks for (``rapport.pdf`` -> ``pdf``)."""
    suffix = Path(out).suffix.lower().lstrip(".")
    if suffix not in FORMATS:
        raise ReportError(
            field="--format",
            value=None,
            reason="reason.no_known_suffix",
            allowed="allowed.options",
            name=repr(Path(out).name),
            options=", ".join(FORMATS),
        )
    return suffix


def _check_sizes(samples: object, sobol_n: object) -> tuple[int, int]:
    if (
        isinstance(samples, bool)
        or not isinstance(samples, (int, np.integer))
        or samples < MIN_SAMPLES
    ):
        raise ReportError(
            field="samples", value=samples, allowed="allowed.whole_number", minimum=MIN_SAMPLES
        )
    n = (
        int(sobol_n)
        if isinstance(sobol_n, (int, np.integer)) and not isinstance(sobol_n, bool)
        else -1
    )
    if n < SOBOL_MIN_N or n & (n - 1):
        raise ReportError(
            field="sobol_n",
            value=sobol_n,
            allowed="allowed.power_of_2",
            minimum=SOBOL_MIN_N,
        )
    return int(samples), n


# --------------------------------------------------------------------------- building


def build_report(
    scenarios: Sequence[Scenario],
    *,
    samples: int = DEFAULT_SAMPLES,
    sobol_n: int = DEFAULT_SOBOL_N,
    seed: int = 0,
    lang: str = "nl",
    parameters: ParameterSet | None = None,
    progress: Callable[[str, float], None] | None = None,
    engine: str = DEFAULT_ENGINE,
    decision: bool = False,
) -> Report:
    """Compute everything a report shows, once.

    Parameters
    ----------
    scenarios : sequence of Scenario
        The scenarios to report on; the first is the one the summary, the sensitivity
        analysis and scenario discovery are about. The baseline is added in front for
        reference when it is not among them. One that carries the name or title of a
        scenario in ``scenarios/`` but differs from it is reported under a marked name
        ("Jeugd eerst (gewijzigd)", :func:`model.present.texts.marked`).
    samples : int
        Draws of the uncertainties (Latin hypercube), shared by every scenario (common
        random numbers); at least 20.
    sobol_n : int
        Base sample of the Sobol analysis, a power of 2 of at least 64; the model runs
        ``sobol_n * (D + 2)`` times for D uncertain parameters.
    seed : int
        Same seed, same report (apart from the date).
    lang : {"nl", "en"}
    parameters : ParameterSet, optional
        Default :func:`model.analysis.sets.default_parameters` (the calibrated set
        ``public``); the report says which set it drew from.
    progress : callable, optional
        Called as ``progress(step, seconds)`` after each step.
    engine : {"compiled", "numpy"}
        The engine of the model runs (default the compiled kernel).
    decision : bool
        Add the decision section: the value of information of the choice between the
        scenarios (on the same samples; a few seconds per scenario at 1,000 samples).
        Off by default, so that the default report takes the time it did.

    Returns
    -------
    Report

    Raises
    ------
    ReportError
        Bad sizes, language or scenarios.
    """
    lang = _check_lang(lang)
    samples, sobol_n = _check_sizes(samples, sobol_n)
    try:
        seed = check_seed(seed)
    except UncertaintyError as err:
        raise ReportError(field="seed", value=seed, allowed=err.allowed, **err.fields) from None
    scenarios = list(scenarios)
    if not scenarios or not all(isinstance(s, Scenario) for s in scenarios):
        raise ReportError(field="scenarios", value=scenarios, allowed="allowed.scenarios")
    # a changed copy of an official scenario is called changed on the cover and everywhere
    scenarios = [marked(s, lang) for s in scenarios]
    started = time.perf_counter()
    clock = [started]

    def step(key: str) -> None:
        now = time.perf_counter()
        if progress is not None:
            progress(t(f"report.step.{key}", lang), now - clock[0])
        clock[0] = now

    inputs = compute(
        scenarios,
        samples=samples,
        sobol_n=sobol_n,
        seed=seed,
        lang=lang,
        parameters=parameters,
        step=step,
        engine=engine,
    )
    if decision:
        decision_inputs(inputs, engine=engine)
        step("decision")
    report = assemble(inputs)
    step("tables")
    elapsed = time.perf_counter() - started
    report.settings["elapsed_s"] = elapsed
    report.colophon.append(
        (
            t("report.colophon.elapsed", lang),
            t("report.colophon.elapsed_value", lang, seconds=fmt_num(elapsed, lang, 1)),
        )
    )
    report.sheets["Colofon"] = pd.DataFrame(report.colophon, columns=["item", "value"])
    table = report.sections[-1].blocks[0]
    if isinstance(table, Table):
        table.frame = pd.DataFrame(report.colophon, columns=list(table.frame.columns))
    return report


# --------------------------------------------------------------------------- output


def render(report: Report, fmt: str) -> bytes:
    """The report as the bytes of a PDF, HTML or Excel file."""
    fmt = check_format(fmt)
    if fmt == "pdf":
        return render_pdf(report)
    if fmt == "html":
        return render_html(report)
    return render_xlsx(report)


def write_bytes_atomic(data: bytes, out: str | Path) -> Path:
    """Write ``data`` to ``out`` atomically (:func:`model.common.files.write_atomic`): a
    failure never leaves a half-written file at ``out``; a :class:`ReportError` when the
    folder does not exist."""
    path = Path(out).expanduser()
    folder = path.resolve().parent
    if not folder.is_dir():
        raise ReportError(
            field="--out",
            value=str(out),
            reason="reason.folder_missing",
            allowed="allowed.existing_folder",
            folder=folder,
        )
    return write_atomic(path, data)


def write_report(report: Report, fmt: str, out: str | Path) -> Path:
    """Render ``report`` as ``fmt`` and write it to ``out`` atomically."""
    fmt = check_format(fmt)
    path = check_out(out, fmt)
    return write_bytes_atomic(render(report, fmt), path)


def file_name(report: Report, fmt: str) -> str:
    """A file name for a download: ``rapport_baseline.pdf``."""
    stem = "rapport" if report.lang == "nl" else "report"
    names = "_".join(report.settings.get("scenarios", [])) or "scenario"
    safe = "".join(c if c.isalnum() or c in "-_" else "_" for c in names)[:60]
    return f"{stem}_{safe}.{check_format(fmt)}"


def report_bytes(
    scenarios: Scenario | Sequence[Scenario],
    fmt: str,
    *,
    samples: int = DEFAULT_SAMPLES,
    sobol_n: int = DEFAULT_SOBOL_N,
    seed: int = 0,
    lang: str = "nl",
    progress: Callable[[str, float], None] | None = None,
) -> bytes:
    """Build a report and render it in one call (for the app's download button).

    Examples
    --------
    >>> from model import load_scenario
    >>> data = report_bytes(load_scenario("baseline"), "xlsx", samples=32, sobol_n=64, seed=1)
    >>> data[:2]
    b'PK'
    """
    fmt = check_format(fmt)
    items = [scenarios] if isinstance(scenarios, Scenario) else list(scenarios)
    report = build_report(
        items, samples=samples, sobol_n=sobol_n, seed=seed, lang=lang, progress=progress
    )
    return render(report, fmt)


__all__ = [
    "DEFAULT_SAMPLES",
    "DEFAULT_SOBOL_N",
    "FORMATS",
    "LANGUAGES",
    "MEDIA_TYPES",
    "MIN_SAMPLES",
    "Chart",
    "GoalSummary",
    "Report",
    "ReportError",
    "Section",
    "Table",
    "Text",
    "build_report",
    "check_format",
    "check_out",
    "file_name",
    "format_from_path",
    "render",
    "report_bytes",
    "write_bytes_atomic",
    "write_report",
]
