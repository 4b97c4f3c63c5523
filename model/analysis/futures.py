"""Named futures: stress cases of the world a robust allocation should survive.

A future fixes some uncertain parameters at one end of their range and leaves the others
to their distribution, so an allocation is still judged over samples in it. The values
come from the parameter set in use (for the calibrated set ``public`` the ends of a
calibrated parameter are its posterior 5 and 95 %), never from numbers written here:

``uncertain``
    nothing fixed: the ordinary ensemble (the central future).
``cof_pessimistic``
    every co-financing source with a favourable end (:data:`FAVOURABLE`) at its other end:
    no national GBT money and late, dear GBT running costs, the lowest partner, fund and
    Kansrijke Start ratios. The app's *pessimistic co-financing* preset does the same.
``tight_execution``
    every execution-capacity parameter (group ``execution``) at its low end, as the app's
    *tight execution* preset.
``no_gbt_national``
    only the national GBT contribution at its low end (0: no national money).

Which parameters count as co-financing is the parameter files' ``group = "cofinancing"``;
which end is favourable is :data:`FAVOURABLE`, an assumption of this toolkit read from the
document (§8.2, §9.3: more co-financing, earlier national money and cheaper running costs
help the goals).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from model.analysis.uncertainty import UncertaintyError
from model.policy.parameters import ParameterSet

FAVOURABLE: dict[str, str] = {
    "gbt_national_contribution": "high",
    "gbt_national_from": "low",
    "gbt_running_cost": "low",
    "keigezond_cofinancing_ratio": "high",
    "ks_cofinancing_ratio": "high",
    "area_partner_cofinancing_ratio": "high",
    "social_fund_cofinancing_ratio": "high",
    "continued_approaches_budget_2024": "high",
}
"""The favourable end (``"high"`` or ``"low"``) of each co-financing parameter that has one
(assumption, see the module's text); the app's co-financing presets read it too."""

FUTURES = ("uncertain", "cof_pessimistic", "tight_execution", "no_gbt_national")
"""The named futures, the central one first."""


def future_overrides(name: str, parameters: ParameterSet) -> dict[str, float]:
    """The parameters future ``name`` fixes, and their values from ``parameters``.

    Parameters
    ----------
    name : str
        One of :data:`FUTURES`.
    parameters : ParameterSet
        The set whose ranges give the ends (only its uncertain parameters are fixed).

    Returns
    -------
    dict of str to float
        Parameter name -> value, in the parameter's own unit; empty for ``uncertain``.

    Examples
    --------
    >>> from model.policy.parameters import load_parameters
    >>> future_overrides("no_gbt_national", load_parameters())
    {'gbt_national_contribution': 0.0}
    """
    if name not in FUTURES:
        raise UncertaintyError(
            field="future", value=name, allowed="allowed.options", options=", ".join(FUTURES)
        )
    out: dict[str, float] = {}
    for key, p in parameters.items():
        if not p.uncertain or p.low is None or p.high is None:
            continue
        if name == "cof_pessimistic" and p.group == "cofinancing" and key in FAVOURABLE:
            out[key] = float(p.low if FAVOURABLE[key] == "high" else p.high)
        elif name == "tight_execution" and p.group == "execution":
            out[key] = float(p.low)
        elif name == "no_gbt_national" and key == "gbt_national_contribution":
            out[key] = float(p.low)
    return out


def check_futures(futures: Sequence[str] | None, *, field: str = "futures") -> list[str]:
    """``futures`` as a list of distinct names of :data:`FUTURES` (None: all of them)."""
    if futures is None:
        return list(FUTURES)
    names = [futures] if isinstance(futures, str) else list(futures)
    unknown = [f for f in names if f not in FUTURES]
    if unknown or not names:
        raise UncertaintyError(
            field=field,
            value=unknown[0] if unknown else names,
            allowed="allowed.options",
            options=", ".join(FUTURES),
        )
    return list(dict.fromkeys(names))


def all_overrides(parameters: ParameterSet, futures: Sequence[str]) -> Mapping[str, dict]:
    """:func:`future_overrides` for each of ``futures`` (name -> overrides)."""
    return {f: future_overrides(f, parameters) for f in check_futures(futures)}
