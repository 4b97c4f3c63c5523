"""The reserve ledger of a run, per budget year: released, spent, co-financing,
remaining (k€), summed from the ledger's stocks and flows (:mod:`model.policy.ledger`)."""

from __future__ import annotations

import numpy as np
import xarray as xr


def ledger(ds: xr.Dataset) -> xr.Dataset:
    """Summarise a run per budget year: released, spent, co-financing, remaining (k€).

    Parameters
    ----------
    ds : xarray.Dataset
        A run containing the ledger's stocks and flows.

    Returns
    -------
    xarray.Dataset
        ``reserve_released``, ``reserve_spent``, ``cofinancing_received``,
        ``reserve_remaining`` (k€, dims ``sample, budget_year``); ``reserve_spent_by_line``
        (adds ``line``); ``cofinancing_by_source`` (adds ``cofinancing_source``) and
        ``structural_spent`` (adds ``structural_fund``). ``reserve_remaining`` is what
        is left in the reserve (unallocated, unreleased or unspent) at the end of the
        year; the cumulative spent plus the remaining is 27,000 in every year.
    """
    dt = float(ds.attrs["dt_years"])
    years = ds["time"].dt.year.values
    starts = np.flatnonzero(np.r_[True, years[1:] != years[:-1]])
    # the engine's order: the sample dims, time, then the variable's own dims
    lead = ds["reserve_spending"].dims[: ds["reserve_spending"].dims.index("time")]

    def values(name: str) -> np.ndarray:
        return ds[name].transpose(*lead, "time", ...).values

    def per_year(name: str) -> np.ndarray:
        # sum of rate x dt over the steps of each calendar year; plain numpy, since
        # xarray's groupby and aligned arithmetic cost more than the sums themselves
        return np.add.reduceat(values(name), starts, axis=len(lead)) * dt

    payout = per_year("reserve_commitment_payout")
    released = per_year("reserve_release") + payout
    spent_by_line = per_year("reserve_spending") + payout
    cof = per_year("cofinancing_inflow")
    held_at_start = (
        values("reserve_unallocated")[..., 0]
        + values("reserve_unreleased")[..., 0, :].sum(axis=-1)
        + values("reserve_available")[..., 0, :].sum(axis=-1)
    )
    spent = spent_by_line.sum(axis=-1)
    remaining = held_at_start[..., None] - np.cumsum(spent, axis=-1)

    def var(data: np.ndarray, long_name: str, *extra: str) -> tuple:
        return ((*lead, "budget_year", *extra), data, {"units": "k€", "long_name": long_name})

    coords = {d: ds[d].values for d in (*lead, "line", "cofinancing_source", "structural_fund")}
    out = xr.Dataset(
        {
            "reserve_released": var(
                released.sum(axis=-1), "Vrijgegeven uit de reserve in het begrotingsjaar"
            ),
            "reserve_spent": var(spent, "Besteed uit de reserve in het begrotingsjaar"),
            "cofinancing_received": var(
                cof.sum(axis=-1), "Ontvangen cofinanciering in het begrotingsjaar"
            ),
            "reserve_remaining": var(
                remaining, "Resterend in de reserve aan het eind van het begrotingsjaar"
            ),
            "reserve_spent_by_line": var(
                spent_by_line, "Besteed uit de reserve per begrotingslijn", "line"
            ),
            "cofinancing_by_source": var(
                cof, "Ontvangen cofinanciering per bron", "cofinancing_source"
            ),
            "structural_spent": var(
                per_year("structural_spending"),
                "Besteed uit structurele middelen",
                "structural_fund",
            ),
        },
        coords={**coords, "budget_year": years[starts]},
    )
    out["budget_year"].attrs.update({"long_name": "begrotingsjaar", "units": "1"})
    return out
