"""A scenario's parameters for the engine and its Vensim export (model.run.export)."""

from __future__ import annotations

import numpy as np
import pytest

from model.engine import simulate as integrate
from model.errors import SamenlevenError
from model.policy.parameters import load_parameters
from model.policy.structure import build_structure
from model.run.export import engine_parameters, export_scenario
from model.run.simulation import VARIANTS, simulate


@pytest.mark.parametrize("variant", VARIANTS)
def test_engine_parameters_are_those_of_the_deterministic_run(baseline, variant):
    """The export's values are the ones `samenleven run` computes with: the engine given
    engine_parameters gives the scenario's deterministic run of that variant exactly."""
    structure = build_structure()
    ours = integrate(
        structure, engine_parameters(baseline, variant=variant), engine="numpy", record=None
    )
    # Euler: the method of the export (PySD has only Euler; model.engine.export)
    run = simulate(baseline, variants=(variant,), engine="numpy", with_ledger=False, method="euler")
    for name in ours.data_vars:
        np.testing.assert_array_equal(
            ours[name].isel(sample=0).values, run[name].sel(variant=variant, sample=0).values
        )


def test_an_unknown_variant_is_refused_naming_the_allowed_ones(baseline):
    with pytest.raises(SamenlevenError) as err:
        engine_parameters(baseline, variant="plan_b")
    assert err.value.field == "variant"
    assert "plan, no_reserve" in err.value.message("en")


def test_the_export_names_the_scenario_and_gives_parameters_their_units(baseline):
    mdl = export_scenario(baseline, variant="no_reserve")
    params = load_parameters()
    assert "scenario 'baseline'" in mdl.text and "variant 'no_reserve'" in mdl.text
    assert params.digest() in mdl.text
    entry = mdl.text.split("\nexecution_capacity =\n")[1].split("|")[0]
    assert f"~\t{params['execution_capacity'].unit}\n" in entry
    assert params["execution_capacity"].description in entry
    # the no-reserve plan allocates nothing
    assert "plan_allocation 2_1_a =\n\t0.0\n" in mdl.text
