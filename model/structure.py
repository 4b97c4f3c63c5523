"""The policy structure: which stocks, flows and auxiliaries the Limburg model has.

For now this is the reserve ledger (``model.budget``); the doelenboom (budget lines
-> activities -> outputs -> outcomes) is added here as it is built.
"""

from __future__ import annotations

from functools import lru_cache

from .budget import add_reserve_ledger
from .engine import Structure


@lru_cache(maxsize=1)
def build_structure() -> Structure:
    """The whole model, declared once (levers and parameters enter as engine parameters)."""
    s = Structure("samenleven")
    add_reserve_ledger(s)
    return s
