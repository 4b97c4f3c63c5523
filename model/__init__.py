"""samenleven: test how the Province of Limburg spends its social-policy reserve before spending it.

The public API::

    from model import load_scenario, simulate, ensemble, compare, sobol
    ds = simulate(load_scenario("baseline"))                    # one deterministic run, plan and no reserve
    ens = ensemble(load_scenario("baseline"), samples=1000, seed=1)   # + target probabilities and bands
    si = sobol(load_scenario("baseline"), n=256, seed=1)         # Sobol indices per indicator

Ensembles draw from :func:`default_parameters` (the calibrated set ``public``) unless given
``parameters=``; :func:`parameter_set` names another (``"priors"``: the parameter files alone).
"""

from model.analysis.information import value_of_information
from model.analysis.sensitivity import morris, sobol
from model.analysis.sets import default_parameters, parameter_set
from model.analysis.uncertainty import bands, compare, ensemble, target_probabilities
from model.policy.budget import LEDGER_LINES, LINES, RESERVE_TOTAL
from model.policy.parameters import ParameterError, ParameterSet, load_parameters
from model.policy.scenarios import (
    Scenario,
    ScenarioError,
    list_scenarios,
    load_scenario,
    parse_scenario,
)
from model.run.ledger import ledger
from model.run.results import read_netcdf, write_netcdf
from model.run.simulation import simulate
from model.version import __version__

__all__ = [
    "LEDGER_LINES",
    "LINES",
    "RESERVE_TOTAL",
    "ParameterError",
    "ParameterSet",
    "Scenario",
    "ScenarioError",
    "__version__",
    "bands",
    "compare",
    "default_parameters",
    "ensemble",
    "ledger",
    "list_scenarios",
    "load_parameters",
    "load_scenario",
    "morris",
    "parameter_set",
    "parse_scenario",
    "read_netcdf",
    "simulate",
    "sobol",
    "target_probabilities",
    "value_of_information",
    "write_netcdf",
]
