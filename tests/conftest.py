"""Shared fixtures: the runs several test files read, computed once per test session.

The runs are shared, so a test must not change them: their arrays are made read-only,
and a test that writes into one fails with ``ValueError: assignment destination is
read-only`` instead of quietly changing what the other tests see. A test that needs to
change a run makes its own (``simulate(...)``) or copies it (``ds.copy(deep=True)``).
"""

from __future__ import annotations

import numpy as np
import pytest
import xarray as xr

from model import Scenario, load_scenario, simulate
from model.analysis.uncertainty import ensemble

ENSEMBLE_SAMPLES = 64
ENSEMBLE_SEED = 5


def read_only(ds: xr.Dataset) -> xr.Dataset:
    """``ds`` with every variable's and coordinate's array made read-only (in place)."""
    for var in ds.variables.values():
        data = var.data
        if isinstance(data, np.ndarray):
            data.flags.writeable = False
    return ds


@pytest.fixture(scope="session")
def baseline_scenario() -> Scenario:
    """``load_scenario("baseline")`` (a frozen dataclass: derive others with ``with_*`` or
    ``dataclasses.replace``)."""
    return load_scenario("baseline")


@pytest.fixture(scope="session")
def baseline(baseline_scenario: Scenario) -> Scenario:
    """The name most test files use for :func:`baseline_scenario`."""
    return baseline_scenario


@pytest.fixture(scope="session")
def baseline_run(baseline_scenario: Scenario) -> xr.Dataset:
    """The deterministic baseline, ``simulate(load_scenario("baseline"))``: one sample at
    the default parameter values, both variants, every variable (``detail="auto"`` keeps
    everything for one sample), the ledger per budget year."""
    return read_only(simulate(baseline_scenario))


@pytest.fixture(scope="session")
def baseline_ensemble(baseline_scenario: Scenario) -> xr.Dataset:
    """A small ensemble of the baseline: ``ensemble(baseline, samples=64, seed=5)``."""
    return read_only(ensemble(baseline_scenario, samples=ENSEMBLE_SAMPLES, seed=ENSEMBLE_SEED))
