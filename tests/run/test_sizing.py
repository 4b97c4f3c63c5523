"""The size estimate (model.run.sizing): monotone in what makes a request larger,
close to the measured cost per sample, and refused above the machine's budget with the
largest size that fits; the library's ensembles and analyses refuse before drawing."""

from __future__ import annotations

import pytest

from model.errors import SamenlevenError
from model.run import sizing
from model.run.sizing import (
    DEFAULT_STEPS,
    PARAMETER_BYTES,
    SAFETY,
    Estimate,
    SizeError,
    check_fits,
    estimate_ensemble,
    estimate_sensitivity,
    sensitivity_rows,
    uncertain_parameters,
    values_per_step,
)

GB = 10**9


# --------------------------------------------------------------------------- the estimate


@pytest.mark.parametrize("detail", ["indicators", "all"])
def test_the_estimate_grows_with_samples_horizon_and_scenarios(detail):
    sizes = [estimate_ensemble(samples=s, detail=detail).bytes for s in (1, 10, 1000, 10**6)]
    assert sizes == sorted(sizes) and len(set(sizes)) == 4
    horizons = [estimate_ensemble(samples=1000, steps=s, detail=detail).bytes for s in (12, 48, 84)]
    assert horizons == sorted(horizons) and len(set(horizons)) == 3
    scenarios = [
        estimate_ensemble(samples=1000, scenarios=k, detail=detail, compare=True).bytes
        for k in (1, 2, 5)
    ]
    assert scenarios == sorted(scenarios) and len(set(scenarios)) == 3
    seconds = [estimate_ensemble(samples=s, detail=detail).seconds for s in (10, 1000, 10**6)]
    assert seconds == sorted(seconds) and len(set(seconds)) == 3


def test_more_detail_and_comparing_cost_more():
    one = estimate_ensemble(samples=1000)
    assert estimate_ensemble(samples=1000, detail="all").bytes > 3 * one.bytes
    assert estimate_ensemble(samples=1000, scenarios=1, compare=True).bytes > one.bytes
    # detail="auto" keeps everything up to 100 samples, then the indicators
    assert estimate_ensemble(samples=100, detail="auto") == estimate_ensemble(
        samples=100, detail="all"
    )
    assert estimate_ensemble(samples=101, detail="auto") == estimate_ensemble(samples=101)


def test_the_cost_per_value_is_the_measured_one():
    """Measured (module docstring): 9.4 bytes per recorded value with the indicators, 8.3
    with every variable (re-measured at 795 values per step: 1,085 kB per sample), 16.7 per
    value and scenario in a comparison. Compared per value, so that a model recording more
    variables keeps the test meaningful; the estimate may be somewhat above (it must not be
    below by much: then the OS kills the run)."""
    cells = {d: 2 * DEFAULT_STEPS * values_per_step(d) for d in ("indicators", "all")}
    params = uncertain_parameters() * PARAMETER_BYTES
    per = {
        "indicators": (estimate_ensemble(samples=1).per_unit - params) / cells["indicators"],
        "all": (estimate_ensemble(samples=1, detail="all").per_unit - params) / cells["all"],
        "compare": (estimate_ensemble(samples=1, scenarios=2, compare=True).per_unit / 2 - params)
        / cells["indicators"],
    }
    measured = {"indicators": 9.4, "all": 8.3, "compare": 16.7}
    for kind, value in per.items():
        assert 0.95 * measured[kind] <= value <= 1.3 * measured[kind], (kind, value)
    # the figure: about 12 GB at 10**5 samples (then killed by the OS)
    assert 12 * GB < estimate_ensemble(samples=10**5).bytes < 18 * GB


def test_sensitivity_rows_follow_the_sampling_schemes():
    """Saltelli without second order: n (D + 2) rows; Morris: n (D + 1)."""
    assert sensitivity_rows("sobol", 256, 170) == 256 * 172
    assert sensitivity_rows("morris", 50, 170) == 50 * 171
    sizes = [
        estimate_sensitivity(method="sobol", n=n, parameters=170).bytes for n in (64, 512, 4096)
    ]
    assert sizes == sorted(sizes) and len(set(sizes)) == 3
    assert (
        estimate_sensitivity(method="sobol", n=256, parameters=20).bytes
        < estimate_sensitivity(method="sobol", n=256, parameters=170).bytes
    )
    # measured past one batch: 2.9-3.0 kB per row (module docstring)
    a = estimate_sensitivity(method="sobol", n=256, parameters=170)
    b = estimate_sensitivity(method="sobol", n=512, parameters=170)
    per_row = (b.bytes - a.bytes) / (sensitivity_rows("sobol", 256, 170))
    assert 2.8e3 < per_row < 4e3
    with pytest.raises(sizing.SamenlevenError, match="method"):
        sensitivity_rows("fast", 64, 3)


def test_the_bound_is_above_the_estimate_for_every_count():
    """``fixed + per_unit * count`` is what :meth:`Estimate.largest` inverts: it must not
    be below the estimate itself (then the largest would not fit)."""
    for n in (10, 50, 64, 1024, 10**5):
        for method in ("sobol", "morris"):
            e = estimate_sensitivity(method=method, n=n, parameters=170)
            assert e.bytes <= e.fixed + e.per_unit * e.count
    for s in (1, 1000, 10**6):
        e = estimate_ensemble(samples=s)
        assert e.bytes <= e.fixed + e.per_unit * e.count


# --------------------------------------------------------------------------- the check


@pytest.mark.parametrize("available", [2 * GB, 8 * GB, 64 * GB])
def test_the_refusal_threshold_is_the_largest_count_that_fits(available):
    budget = SAFETY * available
    largest = estimate_ensemble(samples=1).largest(budget)
    assert estimate_ensemble(samples=largest).bytes <= budget
    assert estimate_ensemble(samples=largest + 1).bytes > budget
    check_fits(
        estimate_ensemble(samples=largest), field="samples", value=largest, available=available
    )
    with pytest.raises(SizeError) as err:
        check_fits(
            estimate_ensemble(samples=largest + 1),
            field="--samples",
            value=largest + 1,
            available=available,
        )
    assert err.value.field == "--samples" and err.value.value == largest + 1
    assert err.value.largest == largest


def test_the_message_names_field_value_need_and_what_fits_in_both_languages():
    with pytest.raises(SizeError) as err:
        check_fits(
            estimate_ensemble(samples=10**9),
            field="--samples",
            value=10**9,
            advice=["fewer", "detail", "machine", "later"],
            available=16 * GB,
        )
    largest = err.value.largest
    nl, en = err.value.message("nl"), err.value.message("en")
    assert nl.startswith("--samples = 1000000000: te groot voor deze computer: vraagt ca. ")
    assert "TB geheugen" in nl and "vrij is 16,0 GB, waarvan 12,8 GB" in nl
    assert f"toegestaan: hoogstens {largest:,}".replace(",", ".") in nl
    assert (
        "een kleinere waarde voor --samples; alleen de indicatoren bewaren (--detail indicators)"
        in nl
    )
    assert "Dask-cluster" in nl
    assert en.startswith("--samples = 1000000000: too large for this machine: needs about ")
    assert "16.0 GB is free, of which 12.8 GB may be used" in en
    assert (
        f"allowed: at most {largest:,} on this machine; for more: a smaller value for --samples"
        in en
    )
    assert "keep only the indicators (--detail indicators)" in en and "Dask cluster" in en


def test_sobol_sizes_that_fit_are_powers_of_2():
    e = estimate_sensitivity(method="sobol", n=2**20, parameters=170)
    with pytest.raises(SizeError) as err:
        check_fits(e, field="--n", value=2**20, available=8 * GB)
    largest = err.value.largest
    assert largest & (largest - 1) == 0 and 64 <= largest < 2**20
    fits = estimate_sensitivity(method="sobol", n=largest, parameters=170)
    assert fits.bytes <= SAFETY * 8 * GB
    assert (
        estimate_sensitivity(method="sobol", n=2 * largest, parameters=170).bytes > SAFETY * 8 * GB
    )


def test_nothing_fits_says_so():
    with pytest.raises(SizeError) as err:
        check_fits(estimate_ensemble(samples=10), field="samples", value=10, available=10**6)
    assert err.value.largest == 0
    assert "not even the smallest size fits now (1 MB free)" in err.value.message("en")


def test_unknown_memory_means_no_refusal(monkeypatch):
    monkeypatch.setattr(sizing, "available_memory", lambda: None)
    big = estimate_ensemble(samples=10**9)
    assert check_fits(big, field="samples", value=10**9) is big


def test_available_memory_reads_meminfo_and_a_container_limit(monkeypatch):
    text = "MemTotal:       24683568 kB\nMemFree:  100 kB\nMemAvailable:   2000000 kB\n"
    assert sizing._meminfo(text) == 2_000_000 * 1024
    assert sizing._meminfo("MemTotal: 5 kB\n") is None
    found = sizing.available_memory()
    assert found is None or found > 0
    monkeypatch.setattr(sizing, "_cgroup_room", lambda: 1000)
    assert sizing.available_memory() == 1000  # the smaller of the two


def test_estimates_add_for_requests_held_at_once():
    a, b = (
        estimate_ensemble(samples=1000),
        estimate_sensitivity(method="sobol", n=256, parameters=170),
    )
    both = a + b
    assert both.bytes == a.bytes + b.bytes and both.count == 1000
    assert both.largest(10 * GB) < a.largest(10 * GB)


@pytest.mark.parametrize(
    "bad", [{"samples": -1}, {"samples": 1.5}, {"samples": True}, {"steps": -3}]
)
def test_the_estimate_refuses_nonsense(bad):
    with pytest.raises(sizing.SamenlevenError):
        estimate_ensemble(**{"samples": 10, **bad})


def test_largest_of_an_estimate():
    e = Estimate(count=10, bytes=1100, per_unit=100.0, fixed=100.0, seconds=1.0)
    assert e.largest(1000) == 9 and e.largest(50) == 0 and e.largest(1e30) == 2**62


# --------------------------------------------------------------------------- the library refuses first


@pytest.fixture
def nothing_is_drawn(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("drawn or run before the size was checked")

    monkeypatch.setattr("model.analysis.uncertainty.draw", refuse)
    monkeypatch.setattr("model.analysis.uncertainty.simulate", refuse)
    monkeypatch.setattr("model.analysis.sensitivity.saltelli_unit_sample", refuse)
    monkeypatch.setattr("model.analysis.sensitivity.simulate", refuse)


def test_ensemble_compare_and_sensitivity_refuse_before_drawing(baseline, nothing_is_drawn):
    from model.analysis.sensitivity import morris, sobol
    from model.analysis.uncertainty import compare, ensemble

    with pytest.raises(SizeError) as err:
        ensemble(baseline, samples=10**9, seed=1)
    assert err.value.field == "samples" and 'detail="indicators"' not in err.value.message("en")
    with pytest.raises(SizeError) as err:
        ensemble(baseline, samples=10**6, seed=1, detail="all", chunked=False)
    assert 'keep only the indicators (detail="indicators")' in err.value.message("en")
    with pytest.raises(SamenlevenError) as err:  # reduced: every variable needs a file
        ensemble(baseline, samples=10**6, seed=1, detail="all")
    assert err.value.field == "detail" and "out=FILE.nc" in err.value.message("en")
    with pytest.raises(SizeError) as err:  # reduced, but 10 kB per sample is still too much
        ensemble(baseline, samples=10**9, seed=1, chunked=True)
    assert err.value.field == "samples" and "not a Dask cluster" in err.value.message("en")
    with pytest.raises(SizeError) as err:
        compare([baseline, baseline], samples=10**9, seed=1)
    assert "fewer scenarios at once" in err.value.message("en")
    with pytest.raises(SizeError) as err:
        sobol(baseline, n=2**30, seed=1)
    assert err.value.field == "n" and 'indices per group (groups="group")' in err.value.message(
        "en"
    )
    with pytest.raises(SizeError) as err:
        morris(baseline, n=10**9, seed=1, groups="group")
    assert "indices per group" not in err.value.message("en")


def test_direct_simulate_and_discover_refuse_before_drawing(baseline, monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("drawn or run before the size was checked")

    monkeypatch.setattr("model.run.simulation.resolve_draw", refuse)
    monkeypatch.setattr("model.run.simulation.integrate", refuse)
    monkeypatch.setattr("model.analysis.discovery.draw", refuse)
    from model.analysis.discovery import discover
    from model.run.simulation import simulate

    with pytest.raises(SizeError) as err:
        simulate(baseline, samples=10**9)
    assert err.value.field == "samples" and "10" in err.value.message("en")
    with pytest.raises(SizeError):
        simulate(baseline, samples=10**6, detail="all")
    with pytest.raises(SizeError):
        discover(baseline, indicator="gbt_schools", samples=10**9)
    for bad in (0, -3, 2.5, True, "10"):
        with pytest.raises(SamenlevenError) as err:
            simulate(baseline, samples=bad)
        assert err.value.field == "samples"


def test_a_request_that_fits_still_runs(baseline):
    from model.analysis.uncertainty import ensemble

    ds = ensemble(baseline, samples=8, seed=1)
    assert ds.sizes["sample"] == 8


# --------------------------------------------------------------------------- reduced chunk by chunk


def test_a_reduced_ensemble_is_estimated_as_measured():
    """bench/bench_memory.py measured, with the compiled engine, 897 MiB at 30,000 samples
    and 1,630 MiB at 100,000 (11.0 kB per sample between the two), 1,703 MiB when each
    chunk is also written to a file: the estimate may be somewhat above, not below."""
    MiB = 2**20
    small, large = (sizing.estimate_chunked(samples=n) for n in (30_000, 100_000))
    assert 897 * MiB <= small.bytes <= 1.15 * 897 * MiB
    assert 1630 * MiB <= large.bytes <= 1.15 * 1630 * MiB
    assert large.bytes < 2 * 2**30  # the target
    written = sizing.estimate_chunked(samples=100_000, write=True)
    assert 1703 * MiB <= written.bytes <= 1.15 * 1703 * MiB
    per_sample = (large.bytes - small.bytes) / 70_000
    assert 0.95 * 11.0e3 <= per_sample <= 1.2 * 11.0e3
    # against a whole run: more than ten times less per sample
    assert estimate_ensemble(samples=1).per_unit > 10 * large.per_unit


def test_the_default_estimate_follows_what_an_ensemble_does():
    from model.run.chunked import REDUCE_ABOVE

    limit = REDUCE_ABOVE
    assert estimate_ensemble(samples=limit, chunked=None) == estimate_ensemble(samples=limit)
    above = estimate_ensemble(samples=limit + 1, chunked=None)
    assert above.bytes == sizing.estimate_chunked(samples=limit + 1).bytes
    assert above.bytes < estimate_ensemble(samples=limit + 1).bytes
    # more scenarios and more workers on this machine cost more
    assert sizing.estimate_chunked(samples=50_000, scenarios=3).bytes > above.bytes
    assert (
        sizing.estimate_chunked(samples=50_000, workers=2).bytes
        > sizing.estimate_chunked(samples=50_000).bytes
    )
    assert (
        estimate_sensitivity(method="sobol", n=256, parameters=170, workers=2).bytes
        > estimate_sensitivity(method="sobol", n=256, parameters=170).bytes
    )


@pytest.mark.parametrize("available", [6 * 10**8, 15 * 10**8, 8 * GB])
def test_the_largest_size_is_right_on_both_sides_of_the_limit(available):
    """Whole up to 10,000 samples, reduced above: the largest size that fits is one of
    either regime, and one more does not fit."""
    budget = SAFETY * available

    def estimate(n):
        return estimate_ensemble(samples=n, chunked=None)

    largest = estimate(10**6).largest(budget)
    assert largest >= 1 and estimate(largest).bytes <= budget
    assert estimate(largest + 1).bytes > budget


def test_the_file_of_a_whole_run_is_estimated_as_measured():
    """A 30,000-sample baseline written chunk by chunk: 3,729 MiB (130 kB per sample)."""
    per_sample = sizing.estimate_file(samples=30_000) / 30_000
    assert 0.95 * 130.3e3 <= per_sample <= 1.1 * 130.3e3
    assert sizing.estimate_file(samples=1000, detail="all") > 5 * sizing.estimate_file(samples=1000)
    assert sizing.estimate_file(samples=1000, scenarios=2) > sizing.estimate_file(samples=1000)


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_a_file_the_disk_cannot_hold_is_refused(tmp_path, lang):
    need = sizing.estimate_file(samples=200_000)
    with pytest.raises(sizing.DiskError) as err:
        sizing.check_disk(
            need, tmp_path / "x.nc", field="--samples", value=200_000, count=200_000, free=GB
        )
    assert err.value.field == "--samples" and err.value.value == 200_000
    assert 0 < err.value.largest < 200_000
    assert sizing.estimate_file(samples=err.value.largest) <= GB
    text = err.value.message(lang)
    if lang == "nl":
        assert text.startswith(
            "--samples = 200000: het bestand past niet op zijn schijf: vraagt ca. "
        )
        assert "vrij is 1,0 GB" in text and "toegestaan: hoogstens " in text
    else:
        assert text.startswith(
            "--samples = 200000: the file would not fit on its disk: needs about "
        )
        assert "1.0 GB is free" in text and "allowed: at most " in text
    sizing.check_disk(need, tmp_path / "x.nc", field="--samples", value=1, count=1, free=need)
