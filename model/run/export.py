"""A scenario as a Vensim model: the engine's parameters of one variant at the default
values (the deterministic run), and the model exported with them
(:func:`model.engine.export.export_mdl`)."""

from __future__ import annotations

import numpy as np

from model.engine import TimeAxis
from model.engine.export import MdlModel, export_mdl
from model.errors import SamenlevenError
from model.policy.budget import ReservePlan
from model.policy.parameters import ParameterSet, load_parameters
from model.policy.scenarios import Scenario
from model.policy.structure import build_structure
from model.run.simulation import VARIANTS
from model.version import __version__


def engine_parameters(
    scenario: Scenario, *, variant: str = "plan", parameters: ParameterSet | None = None
) -> dict[str, np.ndarray]:
    """The parameters :func:`model.engine.simulate` gets for one variant of ``scenario``
    in a deterministic run (every uncertain parameter at its default value), as
    :func:`model.run.simulation.simulate` builds them.

    Parameters
    ----------
    scenario : Scenario
    variant : {"plan", "no_reserve"}
        The scenario's reserve plan, or none at all (the counterfactual).
    parameters : ParameterSet, optional
        Default: ``model/policy/parameters/*.toml``; the scenario's assumptions apply on top.

    Examples
    --------
    >>> from model import load_scenario
    >>> params = engine_parameters(load_scenario("baseline"), variant="no_reserve")
    >>> float(params["plan_allocation"].sum())
    0.0
    """
    if variant not in VARIANTS:
        raise SamenlevenError(
            field="variant", value=variant, allowed="allowed.options", options=", ".join(VARIANTS)
        )
    params_set = scenario.parameters(parameters if parameters is not None else load_parameters())
    plan = (
        scenario.reserve_plan() if variant == "plan" else ReservePlan.empty(scenario.decision_date)
    )
    params: dict[str, np.ndarray] = {
        k: np.asarray(v, dtype=float) for k, v in params_set.sample(1).items()
    }
    params.update(plan.params())
    params.update({k: np.array([v]) for k, v in scenario.lever_params().items()})
    return params


def export_scenario(
    scenario: Scenario,
    *,
    variant: str = "plan",
    parameters: ParameterSet | None = None,
    time: TimeAxis | None = None,
) -> MdlModel:
    """The Limburg model with the values of one variant of ``scenario`` as a Vensim
    model (:func:`model.engine.export.export_mdl`); parameters carry their units and
    descriptions, the header the scenario, the parameter set and its hash.

    Examples
    --------
    >>> from model import load_scenario
    >>> mdl = export_scenario(load_scenario("baseline"))
    >>> mdl.variables["reserve_unallocated"]
    ['reserve_unallocated']
    """
    params_set = scenario.parameters(parameters if parameters is not None else load_parameters())
    params = engine_parameters(scenario, variant=variant, parameters=parameters)
    title = (
        f"Samen Leven en Bestaanszekerheid (Limburg), scenario '{scenario.name}' "
        f"({scenario.title}), variant '{variant}', parameter set '{params_set.label}' "
        f"({params_set.digest()}), samenleven {__version__}"
    )
    info = {name: (p.unit, p.description) for name, p in params_set.items()}
    return export_mdl(build_structure(), params, time=time, title=title, parameter_info=info)
