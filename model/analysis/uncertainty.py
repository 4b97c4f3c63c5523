"""Ensembles under uncertainty: how sure are we that the plan reaches its targets?

The uncertainties are the ranges and distributions in ``model/policy/parameters/*.toml`` (one
source of truth); a scenario's ``[assumptions]`` fix some of them. This module draws
them, runs scenarios on the same draw (common random numbers, so that differences
between scenarios are not sampling noise), and reads the ensemble the way the
doelenboom does:

* :func:`target_probabilities` — per output, the probability of meeting its 2027
  target; per outcome, the probability that 2027 is better than 2023 and better than
  without the reserve (``p_target_met``, ``p_better_than_2023``,
  ``p_better_than_no_reserve`` over ``indicator``);
* :func:`bands` — percentile bands over time (``quantile`` dimension);
* :func:`ensemble` and :func:`compare` — a scenario, or several on one draw, with both.

Everything is computed on whole arrays: there is no loop over samples.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import xarray as xr

from model.analysis.sets import default_parameters
from model.common.files import write_atomic
from model.errors import SamenlevenError
from model.i18n import number
from model.policy.indicators import (
    END_OF_TARGET_YEAR,
    INDICATORS,
    START_OF_PERIOD,
    TARGET_TOLERANCE,
    TARGET_YEAR,
)
from model.policy.parameters import ParameterSet
from model.policy.scenarios import Scenario
from model.run.chunked import REDUCE_ABOVE, NetCDFSink, fixed_parameters, run_chunks
from model.run.cluster import check_scheduler, local_workers
from model.run.results import provenance, write_netcdf
from model.run.simulation import simulate
from model.run.sizing import check_disk, check_fits, estimate_ensemble, estimate_file, steps_of

"""An output meets its target when its 2027 value is at least ``target * (1 - 0.005)``:
a plan-consistent output meets its target up to round-off (as in :mod:`model.run.summary`)."""

DEFAULT_QUANTILES = (0.05, 0.25, 0.5, 0.75, 0.95)
SAMPLING_METHODS = ("lhs", "random")
CRITERIA = ("target", "better_than_2023", "better_than_no_reserve")
PROBABILITIES = {
    "target": "p_target_met",
    "better_than_2023": "p_better_than_2023",
    "better_than_no_reserve": "p_better_than_no_reserve",
}
"""Variable name of the probability of success by each criterion."""
"""What success means for one indicator: an output meets its target; an outcome is
better in 2027 than in 2023, or better than without the reserve."""

_KEEP_DIMS = ("variant", "sample", "scenario")


class UncertaintyError(SamenlevenError):
    """A request for an ensemble, sensitivity analysis or scenario discovery is invalid.

    Attributes
    ----------
    field : str
        The argument or option, e.g. ``indicator`` or ``--n``.
    value : object
        The offending value.
    allowed : str
        What would be accepted.
    """

    language = "en"

    plain_language = "en"

    def __init__(
        self, *, field: str, value: Any, allowed: str, reason: str = "", **fields: Any
    ) -> None:
        super().__init__(field=field, value=value, allowed=allowed, reason=reason, **fields)


# --------------------------------------------------------------------------- helpers


SEED_LIMIT = 2**32
"""Seeds are whole numbers ``0 <= seed < 2**32``: what every consumer of a seed takes.
numpy's ``Generator`` and scipy's samplers take any size, but a seed is written to the
result's netCDF attributes (64-bit integers: a 2**70 seed made the run fail only when
writing) and to a calibrated set's TOML (64-bit), SALib's and numpy's legacy seeding
take 32 bits, the app's number field is exact only to 2**53, and calibration adds to
the seed (``seed + 7919``). 32 bits leave all of these room; more is never needed."""


def check_seed(seed: object, *, field: str = "seed") -> int:
    """``seed`` as an int, or an :class:`UncertaintyError` naming ``field`` (seeds are
    whole numbers from 0 to 2**32 - 1, :data:`SEED_LIMIT`).

    Examples
    --------
    >>> check_seed(4)
    4
    >>> check_seed(2**70)
    Traceback (most recent call last):
    ...
    model.analysis.uncertainty.UncertaintyError: seed = 1180591620717411303424; allowed: a whole number of at least 0 and at most 4294967295 (2**32 - 1)
    """
    if (
        isinstance(seed, bool)
        or not isinstance(seed, (int, np.integer))
        or not 0 <= seed < SEED_LIMIT
    ):
        raise UncertaintyError(
            field=field, value=seed, allowed="limits.seed", maximum=SEED_LIMIT - 1
        )
    return int(seed)


def _check_samples(samples: object, *, minimum: int = 1) -> int:
    if isinstance(samples, bool) or not isinstance(samples, (int, np.integer)) or samples < minimum:
        raise UncertaintyError(
            field="samples", value=samples, allowed="allowed.whole_number", minimum=minimum
        )
    return int(samples)


def indicators_in(ds: xr.Dataset) -> list[str]:
    """Ids of the doelenboom indicators present in ``ds``, in the order of :data:`INDICATORS`."""
    return [i for i in INDICATORS if i in ds.data_vars]


def check_indicators(
    requested: str | Iterable[str] | None, available: Sequence[str], *, field: str = "indicator"
) -> list[str]:
    """Validate indicator ids against those the model (or a Dataset) has.

    ``None`` means all of ``available``. An id that is not a doelenboom indicator, or
    one the model does not compute (yet), raises :class:`UncertaintyError`.
    """
    if requested is None:
        return list(available)
    ids = [requested] if isinstance(requested, str) else list(requested)
    if not ids:
        raise UncertaintyError(
            field=field, value=ids, allowed="allowed.indicators", options=", ".join(available)
        )
    for i in ids:
        if i not in INDICATORS:
            raise UncertaintyError(
                field=field,
                value=i,
                reason="reason.unknown_indicator",
                allowed="allowed.options",
                options=", ".join(available),
            )
        if i not in available:
            raise UncertaintyError(
                field=field,
                value=i,
                reason="reason.not_computed",
                allowed="allowed.options",
                options=", ".join(available),
            )
    return list(dict.fromkeys(ids))


def end_of_year(year: int) -> np.datetime64:
    """Time point holding the state at the end of ``year`` (1 January of the next year)."""
    return np.datetime64(f"{int(year) + 1}-01-01", "ns")


def value_at(da: xr.DataArray, time: np.datetime64 | str) -> xr.DataArray:
    """``da`` at one time point; dims other than variant, sample and scenario (regions)
    are averaged, unweighted, as :func:`model.run.summary.indicator_summary` does."""
    value = da.sel(time=np.asarray(time, dtype="datetime64[ns]")[()])
    extra = [d for d in value.dims if d not in _KEEP_DIMS]
    return value.mean(extra) if extra else value


def success(ds: xr.Dataset, indicator: str, *, criterion: str | None = None) -> xr.DataArray:
    """Per sample (and scenario): does ``indicator`` succeed by ``criterion`` in 2027?

    Parameters
    ----------
    ds : xarray.Dataset
        A run with ``variant`` and ``sample`` dims (:func:`model.simulate`, :func:`ensemble`).
    indicator : str
        An indicator id present in ``ds``.
    criterion : {"target", "better_than_2023", "better_than_no_reserve"}, optional
        Default: ``"target"`` for an output, ``"better_than_2023"`` for an outcome.

    Returns
    -------
    xarray.DataArray of bool
        Over ``sample`` (and ``scenario`` if present).
    """
    ind = INDICATORS[check_indicators(indicator, indicators_in(ds))[0]]
    if criterion is None:
        criterion = "target" if ind.level == "output" else "better_than_2023"
    allowed = ("target",) if ind.level == "output" and ind.target is not None else CRITERIA[1:]
    if criterion not in allowed:
        raise UncertaintyError(
            field="criterion",
            value=criterion,
            reason="reason.criterion_undefined",
            allowed="allowed.options",
            level=ind.level,
            indicator=ind.id,
            options=", ".join(allowed),
        )
    end = value_at(ds[ind.id], END_OF_TARGET_YEAR).drop_vars("time")
    plan = end.sel(variant="plan", drop=True)
    if criterion == "target":
        return ind.meets_target(plan)
    if criterion == "better_than_2023":
        return ind.better(
            plan,
            value_at(ds[ind.id], START_OF_PERIOD).drop_vars("time").sel(variant="plan", drop=True),
        )
    return ind.better(plan, end.sel(variant="no_reserve", drop=True))


def _indicator_coords(ids: Sequence[str]) -> dict[str, Any]:
    return {
        "indicator": (
            "indicator",
            list(ids),
            {"long_name": "indicator (id uit de doelenboom)", "units": "1"},
        ),
        "indicator_name": (
            "indicator",
            [INDICATORS[i].nl for i in ids],
            {"long_name": "naam van de indicator", "units": "1"},
        ),
        "indicator_units": (
            "indicator",
            [INDICATORS[i].units for i in ids],
            {"long_name": "eenheid van de indicator", "units": "1"},
        ),
        "indicator_level": (
            "indicator",
            [INDICATORS[i].level for i in ids],
            {"long_name": "output of outcome", "units": "1"},
        ),
        "goal": (
            "indicator",
            [INDICATORS[i].goal for i in ids],
            {"long_name": "doel", "units": "1"},
        ),
    }


# --------------------------------------------------------------------------- statistics


def target_probabilities(ds: xr.Dataset) -> xr.Dataset:
    """The doelenboom's questions as probabilities over the samples of ``ds``.

    Parameters
    ----------
    ds : xarray.Dataset
        A run or ensemble (dims ``variant``, ``sample``, ``time``; ``scenario`` is kept).

    Returns
    -------
    xarray.Dataset
        Over ``indicator`` (and ``scenario`` if ``ds`` has it), each in [0, 1] (units
        ``1``), NaN where the question does not apply:

        ``p_target_met``
            outputs: share of samples whose 2027 value reaches the target (0.5 % tolerance);
        ``p_better_than_2023``
            outcomes: share of samples better at the end of 2027 than at the end of 2023;
        ``p_better_than_no_reserve``
            outcomes: share of samples better than the same sample without the reserve.

        Regional indicators are averaged over the regions first. The values equal the
        columns ``target_met``, ``better_than_2023`` and ``better_than_no_reserve`` of
        :func:`model.run.summary.indicator_summary`.

    Examples
    --------
    >>> from model import load_scenario, simulate
    >>> p = target_probabilities(simulate(load_scenario("baseline"), samples=8, seed=1))
    >>> float(p["p_target_met"].sel(indicator="poverty_literacy_projects")) <= 1.0
    True
    """
    ids = indicators_in(ds)
    if not ids:
        raise UncertaintyError(
            field="ds",
            value="a Dataset without indicators",
            allowed="a result of simulate(), ensemble() or compare()",
        )
    template = ds[ids[0]].isel(time=0, variant=0, drop=True)
    template = (
        template.isel({d: 0 for d in template.dims if d not in _KEEP_DIMS}, drop=True).mean(
            "sample"
        )
        * np.nan
    )
    columns: dict[str, list[xr.DataArray]] = {c: [] for c in CRITERIA}
    for i in ids:
        ind = INDICATORS[i]
        for criterion in CRITERIA:
            applies = (criterion == "target") == (ind.level == "output") and not (
                criterion == "target" and ind.target is None
            )
            columns[criterion].append(
                success(ds, i, criterion=criterion).mean("sample") if applies else template
            )
    coords = _indicator_coords(ids)
    texts = {
        "target": (
            "kans dat de output eind 2027 het doel haalt",
            "probability that the output meets its 2027 target",
        ),
        "better_than_2023": (
            "kans dat de outcome eind 2027 beter is dan eind 2023",
            "probability that the outcome is better at the end of 2027 than at the end of 2023",
        ),
        "better_than_no_reserve": (
            "kans dat de outcome eind 2027 beter is dan zonder reserve",
            "probability that the outcome is better at the end of 2027 than without the reserve",
        ),
    }
    out = xr.Dataset()
    for criterion in CRITERIA:
        nl, en = texts[criterion]
        da = xr.concat(
            columns[criterion],
            dim="indicator",
            coords="minimal",
            compat="override",
            join="override",
        )
        out[PROBABILITIES[criterion]] = da.assign_coords(indicator=ids).assign_attrs(
            units="1",
            long_name=nl,
            long_name_en=en,
            samples=int(ds.sizes["sample"]),
            target_year=TARGET_YEAR,
            tolerance=TARGET_TOLERANCE if criterion == "target" else 0.0,
        )
    out = out.assign_coords({k: v for k, v in coords.items() if k != "indicator"})
    if "scenario" in out.dims:
        out = out.transpose("scenario", "indicator")
    out["indicator"].attrs.update(coords["indicator"][2])
    out.attrs.update(provenance(statistic="target probabilities", samples=int(ds.sizes["sample"])))
    return out


def bands(ds: xr.Dataset, quantiles: Sequence[float] = DEFAULT_QUANTILES) -> xr.Dataset:
    """Percentile bands over time of every indicator in ``ds``, for the plan and without the reserve.

    Parameters
    ----------
    ds : xarray.Dataset
        A run or ensemble.
    quantiles : sequence of float
        Probabilities in [0, 1], increasing (default 5, 25, 50, 75 and 95 %).

    Returns
    -------
    xarray.Dataset
        ``band_<indicator>`` over ``(quantile, variant, time, ...)`` (plus ``scenario``
        and ``region`` where ``ds`` has them), in the indicator's units.

    Examples
    --------
    >>> from model import load_scenario, simulate
    >>> b = bands(simulate(load_scenario("baseline"), samples=8, seed=1), quantiles=(0.1, 0.9))
    >>> b["band_poverty_literacy_projects"].sizes["quantile"]
    2
    """
    qs = [float(q) for q in quantiles] if not isinstance(quantiles, (str, bytes)) else []
    if (
        not qs
        or any(not (0.0 <= q <= 1.0) for q in qs)
        or any(b <= a for a, b in itertools.pairwise(qs))
    ):
        raise UncertaintyError(
            field="quantiles",
            value=quantiles,
            allowed="increasing probabilities between 0 and 1, e.g. (0.05, 0.5, 0.95)",
        )
    ids = indicators_in(ds)
    if not ids:
        raise UncertaintyError(
            field="ds",
            value="a Dataset without indicators",
            allowed="a result of simulate(), ensemble() or compare()",
        )
    q = ds[ids].quantile(
        qs, dim="sample", keep_attrs=True, skipna=False
    )  # no NaN in runs; skipna is 10x slower
    out = q.rename({i: f"band_{i}" for i in ids})
    for i in ids:
        out[f"band_{i}"].attrs.update(
            long_name=f"{INDICATORS[i].nl}: percentielband over trekkingen",
            long_name_en=f"{INDICATORS[i].en}: percentile band over samples",
            units=INDICATORS[i].units,
        )
    # transpose so that quantile comes first and the rest keeps the order of ``ds``
    out = out.transpose("quantile", ...)
    out["quantile"].attrs.update(units="1", long_name="kans (percentiel / 100) over de trekkingen")
    out.attrs.update(provenance(statistic="percentile bands", samples=int(ds.sizes["sample"])))
    return out


# --------------------------------------------------------------------------- running


def draw(
    parameters: ParameterSet | None = None, *, samples: int, seed: int, sampling: str = "lhs"
) -> dict[str, np.ndarray]:
    """One draw of every uncertain parameter (name -> array of ``samples``), to share
    between scenarios: what a scenario's assumptions fix stays fixed in its run. Default
    ``parameters``: :func:`model.analysis.sets.default_parameters`."""
    if sampling not in SAMPLING_METHODS:
        raise UncertaintyError(
            field="sampling",
            value=sampling,
            allowed="allowed.options",
            options=", ".join(SAMPLING_METHODS),
        )
    base = parameters if parameters is not None else default_parameters()
    return base.sample(_check_samples(samples), seed=check_seed(seed), method=sampling)


def reduces(samples: int, chunked: bool | None) -> bool:
    """Whether an ensemble of ``samples`` is reduced chunk by chunk: as ``chunked`` says,
    or (None) above :data:`~model.run.chunked.REDUCE_ABOVE` samples.

    Examples
    --------
    >>> reduces(1_000, None), reduces(50_000, None), reduces(1_000, True)
    (False, True, True)
    """
    return samples > REDUCE_ABOVE if chunked is None else bool(chunked)


def check_reduced_detail(detail: str, out: object, *, field: str = "detail") -> None:
    """Refuse ``detail="all"`` for a reduced ensemble without ``out`` (it keeps the
    indicators only; every variable needs a file to go to), naming ``field``."""
    if detail == "all" and out is None:
        raise ReducedDetailError(field=field, value=detail)


class ReducedDetailError(UncertaintyError):
    """``detail="all"`` for an ensemble reduced chunk by chunk, without a file to write
    every variable to (:func:`check_reduced_detail`)."""

    def __init__(self, *, field: str, value: Any) -> None:
        super().__init__(
            field=field,
            value=value,
            reason="reason.reduced_detail",
            allowed="allowed.reduced_detail",
        )

    def message(self, lang: str | None = None) -> str:
        self.fields["limit"] = number(REDUCE_ABOVE, lang)  # 10.000 / 10,000
        return super().message(lang)


def _sized(
    samples: int,
    *,
    scenarios: int,
    detail: str,
    reduce: bool,
    scheduler: object,
    out: str | Path | None,
    simulate_options: dict[str, Any],
    advice: tuple[str, ...] | None,
    compare: bool = False,
) -> None:
    """Refuse, before anything is drawn, what does not fit this machine's memory or
    ``out``'s disk."""
    steps = steps_of(simulate_options.get("time"))
    check_fits(
        estimate_ensemble(
            samples=_check_samples(samples),
            scenarios=scenarios,
            steps=steps,
            detail=detail,
            compare=compare,
            chunked=reduce,
            workers=local_workers(scheduler),
            write=reduce and out is not None,
        ),
        field="samples",
        value=samples,
        advice=advice,
        options={"detail": 'detail="indicators"', "scheduler": 'scheduler="ADDRESS"'},
    )
    if out is not None and reduce:
        check_disk(
            estimate_file(samples=samples, scenarios=scenarios, steps=steps, detail=detail),
            out,
            field="samples",
            value=samples,
            count=samples,
        )


def _file_statistics(ds: xr.Dataset) -> xr.Dataset:
    """The statistics of a reduced ensemble as its file holds them: the bands over
    ``band_time`` (the reduction's yearly points; the file's ``time`` is monthly)."""
    names = [k for k in ds.data_vars if str(k).startswith(("band_", "p_"))]
    stats = ds[names]
    stats = stats.drop_vars([k for k in stats.coords if "sample" in stats[k].dims])
    out = stats.rename({"time": "band_time"}) if "time" in stats.dims else stats
    if "band_time" in out.coords:
        out["band_time"].attrs = {
            "long_name": "tijdpunten van de banden (elke 1 januari en het laatste)"
        }
    return out


def ensemble(
    scenario: Scenario,
    *,
    samples: int,
    seed: int,
    sampling: str = "lhs",
    parameters: ParameterSet | None = None,
    quantiles: Sequence[float] = DEFAULT_QUANTILES,
    detail: str = "indicators",
    chunked: bool | None = None,
    scheduler: Any = None,
    out: str | Path | None = None,
    **simulate_options: Any,
) -> xr.Dataset:
    """Run ``scenario`` for ``samples`` draws of the uncertainties and add the statistics.

    Parameters
    ----------
    scenario : Scenario
    samples : int
        Number of draws (1 gives the deterministic run at the default values).
    seed : int
        Seed of the draw (>= 0); the same seed gives the same numbers, and another
        scenario run with the same seed and samples gets the same draw.
    sampling : {"lhs", "random"}
        Latin hypercube or plain Monte Carlo.
    parameters : ParameterSet, optional
        Default :func:`model.analysis.sets.default_parameters` (the calibrated set
        ``public``: its informed parameters from their posterior, the others from the
        priors of ``model/policy/parameters/*.toml``); ``load_parameters()`` for the priors.
        The result's ``parameter_set`` attribute names the set.
    quantiles : sequence of float
        For the percentile bands.
    detail : {"indicators", "all", "auto"}
        What :func:`model.simulate` keeps (a reduced ensemble: what ``out`` receives).
    chunked : bool, optional
        Reduce the ensemble chunk by chunk (:mod:`model.run.chunked`): memory then grows
        by about 10 kB per sample instead of 140 kB, and the result holds the indicators
        at each 1 January and the last time point only (the bands and probabilities are
        exactly those of the whole run at these points). Default: above
        :data:`~model.run.chunked.REDUCE_ABOVE` (10,000) samples.
    scheduler : None, "local", str or distributed.Client, optional
        Run the chunks on Dask (:mod:`model.run.cluster`): ``"local"`` starts a cluster
        with a worker per core, an address such as ``"tcp://10.0.0.5:8786"`` uses a
        running cluster. The numbers are those of the run in this process, bit for bit.
    out : str or Path, optional
        Also write the ensemble to this netCDF file, atomically (a temporary file renamed
        when complete). A reduced ensemble writes each chunk's whole run as it comes
        (monthly, ``detail``), so the file may be larger than memory, plus the statistics
        (the bands over ``band_time``, the reduction's points).
    **simulate_options
        Passed to :func:`model.simulate` (``method`` of integration, ``time``, ``progress``, ...).

    Returns
    -------
    xarray.Dataset
        The run of :func:`model.simulate` plus ``p_target_met``,
        ``p_better_than_2023``, ``p_better_than_no_reserve`` over ``indicator``
        (:func:`target_probabilities`) and ``band_<indicator>`` over ``quantile``
        (:func:`bands`); attribute ``sampling``. Reduced: the indicators (and
        ``reserve_unallocated``) at the reduction's time points, the ledger, the
        parameters; attribute ``reduced``.

    Examples
    --------
    >>> from model import load_scenario
    >>> ds = ensemble(load_scenario("baseline"), samples=16, seed=1)
    >>> sorted(v for v in ds.data_vars if v.startswith("p_"))
    ['p_better_than_2023', 'p_better_than_no_reserve', 'p_target_met']
    """
    scheduler = check_scheduler(scheduler)
    reduce = reduces(_check_samples(samples), chunked)
    if reduce:
        check_reduced_detail(detail, out)
    # sized before anything is drawn: what does not fit this machine is refused now
    _sized(
        samples,
        scenarios=1,
        detail=detail,
        reduce=reduce,
        scheduler=scheduler,
        out=out,
        simulate_options=simulate_options,
        advice=("fewer", "detail", "machine", "later")
        if detail != "indicators" and not reduce
        else None,
    )
    base = parameters if parameters is not None else default_parameters()
    drawn = draw(base, samples=samples, seed=seed, sampling=sampling)
    if not reduce and scheduler is None:
        ds = simulate(
            scenario,
            samples=int(samples),
            seed=int(seed),
            parameters=base,
            drawn=drawn,
            detail=detail,
            **simulate_options,
        )
        result = _with_statistics(ds, quantiles, sampling)
        if out is not None:
            write_netcdf(result, out)
        return result
    return _chunked(
        [scenario],
        samples=int(samples),
        seed=int(seed),
        parameters=base,
        drawn=drawn,
        detail=detail,
        reduce=reduce,
        scheduler=scheduler,
        out=out,
        finish=lambda ds: _with_statistics(ds, quantiles, sampling),
        simulate_options=simulate_options,
    )


def _chunked(
    scenarios: Sequence[Scenario],
    *,
    samples: int,
    seed: int,
    parameters: ParameterSet,
    drawn: dict[str, np.ndarray],
    detail: str,
    reduce: bool,
    scheduler: Any,
    out: str | Path | None,
    finish: Callable[[xr.Dataset], xr.Dataset],
    simulate_options: dict[str, Any],
    compare: bool = False,
    coords: dict[str, Any] | None = None,
) -> xr.Dataset:
    """Run ``scenarios`` chunk by chunk (:func:`model.run.chunked.run_chunks`), ``finish``
    the collected run (coordinates, statistics) and write it to ``out`` if given: a reduced
    run streams each chunk's whole run into the file, a whole one writes the result."""
    options = dict(simulate_options)
    progress = options.pop("progress", None)

    def run(sink: NetCDFSink | None) -> xr.Dataset:
        ds = run_chunks(
            scenarios,
            samples=samples,
            seed=seed,
            parameters=parameters,
            drawn=drawn,
            detail=detail,
            reduce=reduce,
            compare=compare,
            out=sink,
            scheduler=scheduler,
            progress=progress,
            **options,
        )
        return finish(ds.assign_coords(coords) if coords else ds)

    if out is None or not reduce:
        result = run(None)
        if out is not None:
            write_netcdf(result, out)
        return result
    done: list[xr.Dataset] = []

    def stream(tmp: Path) -> None:
        sink = NetCDFSink(
            tmp, samples, scenarios=len(scenarios) if compare else None, coords=coords
        )
        try:
            done.append(run(sink))
            sink.finish(_file_statistics(done[0]), done[0].attrs)
        finally:
            sink.close()

    write_atomic(out, stream)
    return done[0]


def _with_statistics(ds: xr.Dataset, quantiles: Sequence[float], sampling: str) -> xr.Dataset:
    attrs = dict(ds.attrs)
    out = xr.merge(
        [ds, target_probabilities(ds), bands(ds, quantiles)],
        combine_attrs="override",
        compat="override",
        join="outer",
    )
    out.attrs = {
        **attrs,
        "sampling": sampling,
        "statistics": "p_target_met, p_better_than_2023, p_better_than_no_reserve, band_<indicator>",
    }
    return out


def unique_labels(scenarios: Sequence[Scenario]) -> list[str]:
    """The scenarios' names, a repeated one with a suffix (``baseline``, ``baseline (2)``).

    >>> from model import load_scenario
    >>> unique_labels([load_scenario("baseline")] * 2)
    ['baseline', 'baseline (2)']
    """
    labels: list[str] = []
    for sc in scenarios:
        label, k = sc.name, 1
        while label in labels:
            k += 1
            label = f"{sc.name} ({k})"
        labels.append(label)
    return labels


def compare(
    scenarios: Sequence[Scenario],
    *,
    samples: int,
    seed: int,
    sampling: str = "lhs",
    parameters: ParameterSet | None = None,
    quantiles: Sequence[float] = DEFAULT_QUANTILES,
    detail: str = "indicators",
    chunked: bool | None = None,
    scheduler: Any = None,
    out: str | Path | None = None,
    **simulate_options: Any,
) -> xr.Dataset:
    """Run several scenarios on the same draw of the uncertainties (common random numbers).

    The uncertain parameters are drawn once; every scenario runs on that draw, except
    for the parameters its own assumptions fix. Sample ``k`` of one scenario therefore
    describes the same world as sample ``k`` of another, and differences between
    scenarios are not sampling noise.

    Parameters
    ----------
    scenarios : sequence of Scenario
        At least one. Repeated names get a suffix (``baseline``, ``baseline (2)``).
    samples, seed, sampling, parameters, quantiles, detail, chunked, scheduler, out, simulate_options
        As for :func:`ensemble`; a reduced comparison keeps about 10 kB per sample and
        scenario.

    Returns
    -------
    xarray.Dataset
        As :func:`ensemble`, with a leading ``scenario`` dimension (coordinate
        ``scenario_title``); ``param_<name>`` over ``(scenario, sample)`` holds the
        value each scenario ran with.

    Examples
    --------
    >>> from model import load_scenario
    >>> ds = compare([load_scenario("baseline"), load_scenario("armoede_eerst")], samples=8, seed=1)
    >>> [str(s) for s in ds["scenario"].values]
    ['baseline', 'armoede_eerst']
    """
    scenarios = list(scenarios)
    if not scenarios or not all(isinstance(s, Scenario) for s in scenarios):
        raise UncertaintyError(
            field="scenarios",
            value=scenarios,
            allowed="one or more Scenario objects (load_scenario)",
        )
    scheduler = check_scheduler(scheduler)
    reduce = reduces(_check_samples(samples), chunked)
    if reduce:
        check_reduced_detail(detail, out)
    _sized(
        samples,
        scenarios=len(scenarios),
        detail=detail,
        reduce=reduce,
        scheduler=scheduler,
        out=out,
        simulate_options=simulate_options,
        advice=("fewer", "scenarios", "machine", "later"),
        compare=True,
    )
    base = parameters if parameters is not None else default_parameters()
    drawn = draw(base, samples=samples, seed=seed, sampling=sampling)
    labels = unique_labels(scenarios)
    coords = {
        "scenario": ("scenario", labels, {"long_name": "scenario", "units": "1"}),
        "scenario_title": (
            "scenario",
            [sc.title for sc in scenarios],
            {"long_name": "titel van het scenario", "units": "1"},
        ),
        "scenario_source": (
            "scenario",
            [sc.source for sc in scenarios],
            {"long_name": "scenariobestand", "units": "1"},
        ),
    }

    def finish(out: xr.Dataset, first_attrs: dict[str, Any]) -> xr.Dataset:
        # variables that do not depend on the scenario (the common draw itself) need not repeat
        attrs = {k: v for k, v in first_attrs.items() if not k.startswith("scenario")}
        out.attrs = {
            **attrs,
            **provenance(
                scenarios=", ".join(labels),
                parameter_set=base.label,
                parameter_hash=base.digest(),
                seed=int(seed),
                samples=int(samples),
                common_random_numbers="every scenario runs on the same draw of the uncertain parameters; a scenario's assumptions stay fixed",
            ),
        }
        return _with_statistics(out, quantiles, sampling)

    if reduce or scheduler is not None:
        return _chunked(
            scenarios,
            samples=int(samples),
            seed=int(seed),
            parameters=base,
            drawn=drawn,
            detail=detail,
            reduce=reduce,
            scheduler=scheduler,
            out=out,
            finish=lambda ds: finish(ds, dict(ds.attrs)),
            simulate_options=simulate_options,
            compare=True,
            coords=coords,
        )
    runs = []
    for sc in scenarios:
        ds = simulate(
            sc,
            samples=int(samples),
            seed=int(seed),
            parameters=base,
            drawn=drawn,
            detail=detail,
            **simulate_options,
        )
        extra = fixed_parameters(sc, base, int(samples), ds)
        runs.append(ds.assign(extra) if extra else ds)
    whole = xr.concat(
        runs,
        dim="scenario",
        data_vars="all",
        coords="minimal",
        compat="override",
        join="override",
        combine_attrs="override",
    )
    result = finish(whole.assign_coords(coords), dict(runs[0].attrs))
    if out is not None:
        write_netcdf(result, out)
    return result
