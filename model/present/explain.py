"""A parameter explained, in one language: the card the app's Explain page shows (and the
assumption buttons' help), with its kind, description, value, range, group, where the
value comes from and, where the parameter file gives them, why the range is where it is
and how an evidence-based value follows from its sources.

Every explanation is written in Dutch and English in the parameter files
(:meth:`model.policy.parameters.Parameter.text`); the card's frame comes from the
catalogue (``app.explain.*``), so a card is wholly in the language asked for.
"""

from __future__ import annotations

from model.i18n import t
from model.policy.parameters import Parameter
from model.present.formats import fmt_value
from model.present.texts import group_name

LINE_BREAK = "  \n"
"""A line break inside a markdown paragraph (the card's lines)."""


def parameter_range(p: Parameter, lang: str) -> str:
    """The range as users read it, ``5.000 – 13.000``, or the word for a fixed value."""
    if not p.uncertain or p.low is None or p.high is None:
        return t("app.fixed", lang)
    return f"{fmt_value(float(p.low), p.unit, lang)} – {fmt_value(float(p.high), p.unit, lang)}"


def parameter_card(p: Parameter, lang: str) -> str:
    """The parameter explained in ``lang``, as markdown.

    The first lines come from ``app.explain.card_parameter``: the kind's badge, the name,
    the description, value, unit, range and group, and the origin (an assumption's
    reasoning, else its source). Then, where the file gives them, a line on the range
    (``range_reasoning``) and one on the derivation of an evidence-based value (when it
    says more than the source line).

    Examples
    --------
    >>> p = Parameter("k", "A rate", "1/yr", 0.5, assumption=True, reasoning="A guess.",
    ...               reasoning_nl="Een schatting.", description_nl="Een tempo")
    >>> "Een schatting." in parameter_card(p, "nl"), "A guess." in parameter_card(p, "nl")
    (True, False)
    >>> "A guess." in parameter_card(p, "en")
    True
    """
    key = "app.explain.origin_assumption" if p.assumption else "app.explain.origin_source"
    card = t(
        "app.explain.card_parameter",
        lang,
        badge=t(f"app.kind.{p.kind}", lang),
        name=p.name,
        description=p.describe(lang),
        value=fmt_value(p.value, p.unit, lang),
        unit=p.unit,
        range=parameter_range(p, lang),
        group=group_name(p.group, lang),
        origin=t(key, lang, text=p.origin_in(lang)),
    )
    lines = [card]
    if p.range_reasoning_in(lang).strip():
        lines.append(t("app.explain.card_range_reasoning", lang, text=p.range_reasoning_in(lang)))
    derivation = p.derivation_in(lang).strip()
    if derivation and derivation != p.origin_in(lang).strip():
        # a calibrated parameter's derivation explains its prior, not the calibrated value
        key = "app.explain.card_prior_derivation" if p.calibrated else "app.explain.card_derivation"
        lines.append(t(key, lang, text=derivation))
    return LINE_BREAK.join(lines)
