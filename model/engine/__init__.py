"""A domain-free, vectorised system-dynamics engine.

A :class:`Structure` declares stocks, flows and auxiliaries once. :func:`simulate`
integrates it over a :class:`TimeAxis` for ``n`` parameter sets at the same time:
every quantity is a numpy array whose first axis is the sample axis, so an ensemble
of 10,000 runs costs about as many Python operations as a single run.

Conventions
-----------
* Time ``t`` is a decimal calendar year (``2024.0`` is 1 January 2024); rates are
  per year and delays are in years.
* A flow moves material from its ``source`` stock to its ``target`` stock (either
  may be ``None``: outside the model). Stocks change only through flows, so
  material is conserved by construction.
* A stock declared ``non_negative`` never goes below zero: when its outflows in a
  step would take more than it holds, they are scaled down together (the standard
  "first-order control" of Sterman, *Business Dynamics*, §13.3.3). The same scaled
  amount arrives at the target, so the limit neither leaks nor creates mass.
  Stocks are non-negative by default, and so is the material in transit of the
  delays (``delay1``, ``delay3``): unlike Vensim's DELAY1/DELAY3, a negative input
  does not build up negative material; ``non_negative=False`` gives Vensim's meaning.
* The building blocks follow Vensim's DELAY1(I), DELAY3(I), SMOOTH(I), SMOOTH3(I),
  TREND and DELAY FIXED; STEP, RAMP and lookups are in :mod:`model.engine.functions`,
  MIN and MAX are numpy's. Both engines are checked against the SD community's test
  models (SDXorg test-models, ``tests/engine/test_conformance.py``, which states what
  differs and why).
* Auxiliaries are evaluated lazily and memoised per evaluation, so they may be
  declared in any order; a cycle among auxiliaries raises :class:`StructureError`.
  Auxiliaries declared ``constant`` (parameters only) are computed once per run.

The engine knows nothing of Limburg; ``model.policy.structure`` declares the policy model.
"""

from model.engine.equations import Equation, Values, aux, flow
from model.engine.functions import lookup, pulse, ramp, step
from model.engine.integrate import Context, simulate
from model.engine.structure import Structure, StructureError
from model.engine.timeaxis import TimeAxis

__all__ = [
    "Context",
    "Equation",
    "Structure",
    "StructureError",
    "TimeAxis",
    "Values",
    "aux",
    "flow",
    "lookup",
    "pulse",
    "ramp",
    "simulate",
    "step",
]
