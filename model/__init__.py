"""samenleven: test how the Province of Limburg spends its social-policy reserve before spending it.

The public API::

    from model import load_scenario, simulate
    ds = simulate(load_scenario("baseline"), samples=1000, seed=1)
"""

__version__ = "0.1.0"

from .budget import LEDGER_LINES, LINES, RESERVE_TOTAL, ledger  # noqa: E402
from .parameters import ParameterError, ParameterSet, load_parameters  # noqa: E402
from .results import read_netcdf, write_netcdf  # noqa: E402
from .scenarios import Scenario, ScenarioError, list_scenarios, load_scenario, parse_scenario  # noqa: E402
from .simulation import simulate  # noqa: E402

__all__ = [
    "LEDGER_LINES",
    "LINES",
    "RESERVE_TOTAL",
    "ParameterError",
    "ParameterSet",
    "Scenario",
    "ScenarioError",
    "__version__",
    "ledger",
    "list_scenarios",
    "load_parameters",
    "load_scenario",
    "parse_scenario",
    "read_netcdf",
    "simulate",
    "write_netcdf",
]
