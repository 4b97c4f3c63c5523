"""The parts of the compiled kernel that do not depend on the model: moving one
sample's flows into its stocks, with the non-negative outflow limiter of
:func:`model.engine.integrate._advance`, in scalar form for numba.

Per sample, not per chunk: the numpy engine limits a stock in every sample of a chunk
as soon as it binds in one, with factor 1 where it does not bind, so the result per
sample is the same fixed point (tested to 1e-9 in tests/engine/test_compiled.py).
"""

from __future__ import annotations

import numpy as np
from numba import njit

_JIT = {"cache": True, "error_model": "numpy", "nogil": True}


@njit(**_JIT)
def net_change(rates, dt, src, tgt, n_state, delta):  # pragma: no cover - compiled
    """``delta`` = dt x (flows into - flows out of) each stock (``net_dt @ rates``)."""
    for s in range(n_state):
        delta[s] = 0.0
    for f in range(rates.shape[0]):
        r = dt * rates[f]
        if tgt[f] < n_state:
            delta[tgt[f]] += r
        if src[f] < n_state:
            delta[src[f]] -= r


@njit(**_JIT)
def _binds(state, new, s, drainable):  # pragma: no cover - compiled
    return drainable[s] and new[s] < -1e-12 * (1.0 + abs(state[s]))


@njit(**_JIT)
def advance(state, rates, net, dt, new, src, tgt, guarded, drainable, work):  # pragma: no cover
    """``new`` = state + ``net`` (dt x net flows, :func:`net_change` of ``rates``),
    limiting outflows of non-negative stocks so that a step takes no more than a
    stock holds plus what flows in during the step.

    ``rates`` is changed in place to the limited rates; ``work`` is scratch space of
    at least ``5 * n_state + 4 * n_flow`` floats.
    """
    n_state = state.shape[0]
    n_flow = rates.shape[0]
    delta = work[:n_state]
    for s in range(n_state):
        delta[s] = net[s]
    any_negative = False
    any_binding = False
    for s in range(n_state):
        new[s] = state[s] + delta[s]
        if guarded[s] and new[s] < 0.0:
            any_negative = True
            if _binds(state, new, s, drainable):
                any_binding = True
    if any_binding:
        is_row = work[n_state : 2 * n_state]
        factor = work[2 * n_state : 3 * n_state]
        demand = work[3 * n_state : 4 * n_state]
        held = work[4 * n_state : 5 * n_state]
        base = 5 * n_state
        asked = work[base : base + n_flow]
        lpos = work[base + n_flow : base + 2 * n_flow]
        lneg = work[base + 2 * n_flow : base + 3 * n_flow]
        in_work = work[base + 3 * n_flow : base + 4 * n_flow]
        n_rows = 0
        for s in range(n_state):
            is_row[s] = 0.0
            if guarded[s] and new[s] < 0.0 and _binds(state, new, s, drainable):
                is_row[s] = 1.0
                n_rows += 1
        while n_rows > 0:
            # the flows around the binding stocks, and what each stock is asked to give
            for s in range(n_state):
                demand[s] = 0.0
                factor[s] = 1.0
                held[s] = max(state[s], 0.0)
            for f in range(n_flow):
                asked[f] = rates[f]
                a = src[f] < n_state and is_row[src[f]] > 0.0
                b = tgt[f] < n_state and is_row[tgt[f]] > 0.0
                in_work[f] = 1.0 if (a or b) else 0.0
                pos = max(rates[f], 0.0)
                neg = max(-rates[f], 0.0)
                lpos[f] = pos
                lneg[f] = neg
                if in_work[f] > 0.0:
                    if a:
                        demand[src[f]] += pos
                    if b:
                        demand[tgt[f]] += neg
            for s in range(n_state):
                demand[s] *= dt
            for _ in range(n_rows + 1):
                # supply: what a stock holds plus what the (limited) flows bring in
                supply = new  # reused as scratch: rebuilt below
                for s in range(n_state):
                    supply[s] = 0.0
                for f in range(n_flow):
                    if in_work[f] > 0.0:
                        if tgt[f] < n_state and is_row[tgt[f]] > 0.0:
                            supply[tgt[f]] += lpos[f]
                        if src[f] < n_state and is_row[src[f]] > 0.0:
                            supply[src[f]] += lneg[f]
                changed = False
                for s in range(n_state):
                    if is_row[s] > 0.0:
                        sup = held[s] + supply[s] * dt
                        fraction = sup / demand[s] if demand[s] > sup else 1.0
                        if fraction != factor[s]:
                            changed = True
                        factor[s] = fraction
                if not changed:
                    break
                for f in range(n_flow):
                    if in_work[f] > 0.0:
                        pos = max(asked[f], 0.0)
                        neg = max(-asked[f], 0.0)
                        fs = factor[src[f]] if src[f] < n_state and is_row[src[f]] > 0.0 else 1.0
                        ft = factor[tgt[f]] if tgt[f] < n_state and is_row[tgt[f]] > 0.0 else 1.0
                        lpos[f] = pos * fs
                        lneg[f] = neg * ft
            for f in range(n_flow):
                if in_work[f] > 0.0:
                    rates[f] = lpos[f] - lneg[f]
            net_change(rates, dt, src, tgt, n_state, delta)
            more = 0
            for s in range(n_state):
                new[s] = state[s] + delta[s]
            for s in range(n_state):
                if (
                    guarded[s]
                    and is_row[s] == 0.0
                    and new[s] < 0.0
                    and _binds(state, new, s, drainable)
                    and _touched(s, src, tgt, in_work, n_flow)
                ):
                    is_row[s] = 1.0
                    more += 1
            if more == 0:
                break
            # a stock fed by a limited flow now binds too: start again with both
            for f in range(n_flow):
                rates[f] = asked[f]
            net_change(rates, dt, src, tgt, n_state, delta)
            for s in range(n_state):
                new[s] = state[s] + delta[s]
            n_rows += more
        any_negative = True
    if any_negative:
        # only float round-off can remain below zero
        for s in range(n_state):
            if guarded[s] and new[s] < 0.0:
                new[s] = 0.0


@njit(**_JIT)
def _touched(s, src, tgt, in_work, n_flow):  # pragma: no cover - compiled
    for f in range(n_flow):
        if in_work[f] > 0.0 and (src[f] == s or tgt[f] == s):
            return True
    return False


@njit(**_JIT)
def stage_state(state, rates, weight, dt, src, tgt, out, delta):  # pragma: no cover
    """An RK4 stage's state: ``state + weight * (net_dt @ rates)``."""
    n_state = state.shape[0]
    net_change(rates, dt, src, tgt, n_state, delta)
    for s in range(n_state):
        out[s] = state[s] + weight * delta[s]


__all__ = ["advance", "net_change", "np", "stage_state"]
