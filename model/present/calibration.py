"""The app's calibration page without streamlit: the calibrated parameters against their
priors, and a monitor file of the Province's own against the model's band, as tables in
one language.

:func:`monitor_result` is what ``samenleven calibrate --monitor FILE`` computes and prints
(:func:`model.analysis.calibration.monitor_table`, :func:`~model.analysis.calibration.format_monitor`),
read from the upload's bytes: nothing is written to or read from disk.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from model.analysis.calibration import format_monitor, monitor_table
from model.analysis.sets import DEFAULT_SET, PRIORS, parameter_set
from model.i18n import t, unit_label
from model.policy.indicators import INDICATORS, REGION_NAMES
from model.policy.parameters import ParameterSet
from model.present.formats import fmt_num, fmt_value

MIN_MONITOR_SAMPLES = 100
"""The fewest parameter samples a monitor's band is drawn from (a band from fewer says
little; the app's deterministic setting of 1 sample is raised to this)."""

SET_CHOICES = (DEFAULT_SET, PRIORS)
"""What the app lets a monitor file be compared with: the calibrated set or the priors."""


def set_table(params: ParameterSet, priors: ParameterSet, *, lang: str) -> pd.DataFrame:
    """The calibrated parameters of ``params``: description, unit, prior (value and range)
    and posterior (median and 5-95 %), and how much narrower the posterior is.

    Examples
    --------
    >>> from model.analysis.sets import default_parameters
    >>> from model.policy.parameters import load_parameters
    >>> frame = set_table(default_parameters(), load_parameters(), lang="en")
    >>> "movement_guideline_trend" in set(frame["parameter"])
    True
    """
    rows = []
    for name in params:
        p = params[name]
        if not p.calibrated:
            continue
        prior = priors[name]
        narrower = (float(p.high) - float(p.low)) / (float(prior.high) - float(prior.low))  # type: ignore[arg-type]
        rows.append(
            {
                t("app.calib.col.description", lang): p.describe(lang),
                "parameter": name,
                t("app.col.unit", lang): unit_label(p.unit, lang),
                t("app.calib.col.prior", lang): fmt_value(prior.value, p.unit, lang),
                t("app.calib.col.prior_range", lang): _range(prior.low, prior.high, p.unit, lang),
                t("app.calib.col.posterior", lang): fmt_value(p.value, p.unit, lang),
                t("app.calib.col.posterior_range", lang): _range(p.low, p.high, p.unit, lang),
                t("app.calib.col.narrower", lang): f"{fmt_num(100 * narrower, lang)} %",
            }
        )
    return pd.DataFrame(rows)


def _range(low: float | None, high: float | None, unit: str, lang: str) -> str:
    return (
        f"{fmt_value(float(low or 0.0), unit, lang)} – {fmt_value(float(high or 0.0), unit, lang)}"
    )


@dataclass(frozen=True)
class MonitorResult:
    """A monitor file's fit: the table shown, the text the command line prints, and how
    to reproduce it there."""

    frame: pd.DataFrame
    text: str
    inside: int
    rows: int
    command: str


def monitor_result(
    name: str, data: bytes, *, samples: int, seed: int, set_name: str, lang: str
) -> MonitorResult:
    """Compare an uploaded monitor file (``data``, its bytes; ``name`` only for messages)
    with the model's band drawn from ``set_name`` (:data:`SET_CHOICES`), in ``lang``.

    Raises
    ------
    MonitorError
        A bad file, naming the line, the column, the value and what is allowed.
    """
    samples = max(int(samples), MIN_MONITOR_SAMPLES)
    params = parameter_set(set_name)
    table, label = monitor_table(
        name, data=data, parameters=params, samples=samples, seed=seed, lang=lang
    )
    text = format_monitor(table, lang=lang, samples=samples, parameter_set=label)
    chosen = "" if set_name == DEFAULT_SET else f" --parameters {set_name}"
    command = f"samenleven --lang {lang} calibrate --monitor {name} --samples {samples} --seed {seed}{chosen}"
    return MonitorResult(
        frame=monitor_frame(table, lang=lang),
        text=text,
        inside=int((table["verdict"] == "inside").sum()),
        rows=len(table),
        command=command,
    )


def monitor_frame(table: pd.DataFrame, *, lang: str) -> pd.DataFrame:
    """The rows of :func:`model.analysis.calibration.monitor_fit` as users read them:
    indicator (unit), region, year, observed, the model's median and 5-95 % band, the
    verdict, the file's line and source."""
    rows = []
    for _, r in table.iterrows():
        ind = INDICATORS[str(r["indicator"])]
        region = str(r["region"])
        decimals = 0 if abs(float(r["model_median"])) >= 100 else 1

        def fmt(x: float, decimals: int = decimals) -> str:
            return fmt_num(float(x), lang, decimals)

        rows.append(
            {
                t(
                    "calib.monitor.col.indicator", lang
                ): f"{ind.nl if lang == 'nl' else ind.en} ({unit_label(ind.units, lang)})",
                t("calib.monitor.col.region", lang): REGION_NAMES[region][lang]
                if region in REGION_NAMES
                else "Limburg",
                t("calib.monitor.col.year", lang): str(int(r["year"])),
                t("calib.monitor.col.observed", lang): fmt(r["observed"]),
                t("calib.monitor.col.median", lang): fmt(r["model_median"]),
                t("calib.monitor.col.band", lang): f"{fmt(r['model_p05'])} – {fmt(r['model_p95'])}",
                t("calib.monitor.col.verdict", lang): t(
                    f"calib.monitor.{r['verdict']}", lang, percentile=round(100 * r["percentile"])
                ),
                t("app.calib.col.line", lang): str(int(r["line"])),
                t("app.calib.col.source", lang): str(r["source"]),
            }
        )
    return pd.DataFrame(rows)
