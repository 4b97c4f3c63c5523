"""The value of information in words: which uncertainty is worth researching before the
council decides, and which changes no decision.

:func:`model.analysis.information.value_of_information` returns the numbers (EVPI, EVPPI per
group with their standard errors, which groups are negligible); the sentences are made here
from the catalogue (keys ``voi.*``), with numbers written by :func:`model.i18n.number`. The
command line calls these; the app and the report can too.
"""

from __future__ import annotations

import math

import xarray as xr

from model.i18n import has_text, number, t
from model.present.formats import fmt_pct


def _decimals(size: float) -> int:
    return 2 if size >= 0.1 else 1 - math.floor(math.log10(size))


def voi_number(value: float, lang: str, *, like: float | None = None) -> str:
    """A value of information: two decimals from 0.1 up, two significant digits below (the
    outcome gains' values are thousandths of a point), ``0`` for nothing; ``like``: as many
    decimals as the larger of ``value`` and ``like`` needs (a value and its error alike).

    Examples
    --------
    >>> voi_number(0.148, "nl"), voi_number(0.0029, "en"), voi_number(0.0, "nl")
    ('0,15', '0.0029', '0')
    >>> voi_number(0.00051, "en", like=0.0029), voi_number(0.02, "nl", like=0.15)
    ('0.0005', '0,02')
    """
    size = max(abs(value), abs(like) if like is not None else 0.0)
    if value == 0.0 or not math.isfinite(value) or size == 0.0:
        return number(value, lang)
    return number(value, lang, _decimals(size))


def voi_pair(value: float, error: float, lang: str) -> str:
    """``value ± error`` with the same decimals: ``0,0029 ± 0,0005``.

    >>> voi_pair(0.2, 0.04, "nl"), voi_pair(0.0, 0.0, "en")
    ('0,20 ± 0,04', '0 ± 0')
    """
    return f"{voi_number(value, lang, like=error)} ± {voi_number(error, lang, like=value)}"


def group_label(group: str, lang: str) -> str:
    """A VOI group's name (``voi.group.<id>``); a group of the caller's own: its id."""
    key = f"voi.group.{group}"
    return t(key, lang) if has_text(key) else group


def _know(group: str, lang: str) -> str:
    key = f"voi.know.{group}"
    return t(key, lang) if has_text(key) else t("voi.know_other", lang, group=group)


def _topic(group: str, lang: str) -> str:
    key = f"voi.topic.{group}"
    return t(key, lang) if has_text(key) else group


def _listing(items: list[str], lang: str) -> str:
    """``a, b en c`` / ``a, b and c``."""
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {t('voi.and', lang)} {items[-1]}"


def voi_unit(ds: xr.Dataset, lang: str) -> str:
    """The VOI's unit in words: percentage points (of attainment or of outcome gain), or targets."""
    return t(f"voi.unit.{ds.attrs.get('objective', 'attainment')}", lang)


def voi_sentences(ds: xr.Dataset, lang: str) -> list[str]:
    """The value of information of ``ds`` in plain words, most valuable first.

    Parameters
    ----------
    ds : xarray.Dataset
        A result of :func:`model.analysis.information.value_of_information`.
    lang : {"nl", "en"}

    Returns
    -------
    list of str
        Which option is best on expectation and how often; what knowing everything is
        worth (EVPI) and what that means; one sentence per group whose EVPPI matters,
        largest first; one sentence naming every group that changes no decision.

    Examples
    --------
    >>> import numpy as np
    >>> ds = xr.Dataset(
    ...     {"evpi": 0.4, "evpi_error": 0.02, "expected_net_benefit": ("decision", [85.1, 85.7]),
    ...      "p_best": ("decision", [0.43, 0.57]), "evppi": ("group", [0.15, 0.0]),
    ...      "evppi_error": ("group", [0.02, 0.001])},
    ...     coords={"decision": ["baseline", "armoede_eerst"], "group": ["execution", "unit_costs"],
    ...             "negligible": ("group", [0, 1])}, attrs={"objective": "attainment"})
    >>> print(voi_sentences(ds, "nl")[2])
    Weten hoeveel de uitvoerders per jaar aankunnen is 0,15 ± 0,02 procentpunt waard (37% van de EVPI).
    >>> print(voi_sentences(ds, "nl")[3])
    Meer onderzoek naar eenheidskosten verandert geen besluit (de waarde is niet van 0 te onderscheiden).
    """
    decisions = [str(d) for d in ds["decision"].values]
    unit = voi_unit(ds, lang)
    if len(decisions) < 2:
        return [t("voi.one", lang)]
    mean = ds["expected_net_benefit"].values
    best = int(mean.argmax())
    objective = str(ds.attrs.get("objective", "attainment"))
    level = number(float(mean[best]), lang, 2 if objective == "outcomes" else 1)
    rows = [
        t(
            "voi.best",
            lang,
            name=decisions[best],
            value=f"{level}%"
            if objective != "targets"
            else f"{level} {t('voi.unit.targets', lang)}",
            p=fmt_pct(float(ds["p_best"].values[best]), lang),
        )
    ]
    whole, error = float(ds["evpi"]), float(ds["evpi_error"])
    if whole <= 0.0:
        return [*rows, t("voi.evpi_zero", lang)]
    rows.append(
        t(
            "voi.evpi",
            lang,
            value=voi_number(whole, lang, like=error),
            error=voi_number(error, lang, like=whole),
            unit=unit,
        )
        + " "
        + t(f"voi.meaning.{objective}", lang)
    )
    groups = [str(g) for g in ds["group"].values]
    values = ds["evppi"].values
    errors = ds["evppi_error"].values
    small = ds["negligible"].values.astype(bool)
    order = sorted(range(len(groups)), key=lambda k: -values[k])
    for k in order:
        if small[k]:
            continue
        rows.append(
            t(
                "voi.worth",
                lang,
                know=_know(groups[k], lang),
                value=voi_number(float(values[k]), lang, like=float(errors[k])),
                error=voi_number(float(errors[k]), lang, like=float(values[k])),
                unit=unit,
                share=fmt_pct(float(values[k]) / whole, lang),
            )
        )
    nothing = [_topic(groups[k], lang) for k in order if small[k]]
    if nothing and len(nothing) == len(groups) and len(groups) > 1:
        rows.append(t("voi.none_alone", lang, topics=_listing(nothing, lang)))
    elif nothing:
        rows.append(t("voi.nothing", lang, topics=_listing(nothing, lang)))
    return rows
