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

_jit = njit(cache=True, error_model="numpy", nogil=True)


@_jit
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


@_jit
def _binds(state, new, s, drainable):  # pragma: no cover - compiled
    return drainable[s] and new[s] < -1e-12 * (1.0 + abs(state[s]))


def adjacency(src: np.ndarray, tgt: np.ndarray, n_state: int) -> tuple[np.ndarray, ...]:
    """Per stock, the flows out of it and into it, as CSR pointer and index arrays
    (``out_ptr, out_idx, in_ptr, in_idx``), so the limiter visits only the flows
    around the stocks that bind."""
    out_lists: list[list[int]] = [[] for _ in range(n_state)]
    in_lists: list[list[int]] = [[] for _ in range(n_state)]
    for f, (a, b) in enumerate(zip(src.tolist(), tgt.tolist(), strict=True)):
        if a < n_state:
            out_lists[a].append(f)
        if b < n_state:
            in_lists[b].append(f)

    def csr(lists: list[list[int]]) -> tuple[np.ndarray, np.ndarray]:
        ptr = np.zeros(n_state + 1, dtype=np.int64)
        ptr[1:] = np.cumsum([len(x) for x in lists])
        idx = np.array([f for x in lists for f in x], dtype=np.int64)
        return ptr, idx

    return (*csr(out_lists), *csr(in_lists))


@_jit
def _recompute(s, state, rates, dt, new, out_ptr, out_idx, in_ptr, in_idx):  # pragma: no cover
    """``new[s]`` from the flows around stock ``s`` (as the numpy engine's row of ``net_dt``)."""
    total = 0.0
    for j in range(in_ptr[s], in_ptr[s + 1]):
        total += dt * rates[in_idx[j]]
    for j in range(out_ptr[s], out_ptr[s + 1]):
        total -= dt * rates[out_idx[j]]
    new[s] = state[s] + total


@_jit
def advance(
    state,
    rates,
    net,
    dt,
    new,
    src,
    tgt,
    guarded,
    drainable,
    out_ptr,
    out_idx,
    in_ptr,
    in_idx,
    work,
    iwork,
):  # pragma: no cover - compiled
    """``new`` = state + ``net`` (dt x net flows of ``rates``), limiting outflows of
    non-negative stocks so that a step takes no more than a stock holds plus what flows
    in during the step.

    The same fixed point as :func:`model.engine.integrate._advance`: the binding
    stocks' outflows are scaled by the share of the demand that supply covers,
    iterated because limiting an inflow can starve the stock it feeds, and a stock that
    the limited step still takes below zero joins the set. ``rates`` is changed in
    place to the limited rates; ``work`` (floats) and ``iwork`` (ints) are scratch
    space of at least ``4 * n_state + 4 * n_flow`` and ``n_state + n_flow + n_state``.
    """
    n_state = state.shape[0]
    n_flow = rates.shape[0]
    any_negative = False
    any_binding = False
    for s in range(n_state):
        new[s] = state[s] + net[s]
        if guarded[s] and new[s] < 0.0:
            any_negative = True
            if _binds(state, new, s, drainable):
                any_binding = True
    if any_binding:
        is_row = work[:n_state]
        factor = work[n_state : 2 * n_state]
        demand = work[2 * n_state : 3 * n_state]
        held = work[3 * n_state : 4 * n_state]
        base = 4 * n_state
        asked = work[base : base + n_flow]
        lpos = work[base + n_flow : base + 2 * n_flow]
        lneg = work[base + 2 * n_flow : base + 3 * n_flow]
        in_work = work[base + 3 * n_flow : base + 4 * n_flow]
        rows = iwork[:n_state]
        flows = iwork[n_state : n_state + n_flow]
        touched = iwork[n_state + n_flow : 2 * n_state + n_flow]
        n_rows = 0
        for s in range(n_state):
            is_row[s] = 0.0
            if guarded[s] and new[s] < 0.0 and _binds(state, new, s, drainable):
                is_row[s] = 1.0
                rows[n_rows] = s
                n_rows += 1
        for f in range(n_flow):
            in_work[f] = 0.0
        while True:
            # the flows around the binding stocks
            n_work = 0
            for k in range(n_rows):
                r = rows[k]
                for j in range(out_ptr[r], out_ptr[r + 1]):
                    f = out_idx[j]
                    if in_work[f] == 0.0:
                        in_work[f] = 1.0
                        flows[n_work] = f
                        n_work += 1
                for j in range(in_ptr[r], in_ptr[r + 1]):
                    f = in_idx[j]
                    if in_work[f] == 0.0:
                        in_work[f] = 1.0
                        flows[n_work] = f
                        n_work += 1
            for k in range(n_work):
                f = flows[k]
                asked[f] = rates[f]
                lpos[f] = max(rates[f], 0.0)
                lneg[f] = max(-rates[f], 0.0)
            # what each binding stock is asked to give in this step, and what it holds
            for k in range(n_rows):
                r = rows[k]
                factor[r] = 1.0
                held[r] = max(state[r], 0.0)
                out_sum = 0.0
                for j in range(out_ptr[r], out_ptr[r + 1]):
                    out_sum += max(asked[out_idx[j]], 0.0)
                in_sum = 0.0
                for j in range(in_ptr[r], in_ptr[r + 1]):
                    in_sum += max(-asked[in_idx[j]], 0.0)
                demand[r] = (out_sum + in_sum) * dt
            for _ in range(n_rows + 1):
                changed = False
                for k in range(n_rows):
                    r = rows[k]
                    in_sum = 0.0
                    for j in range(in_ptr[r], in_ptr[r + 1]):
                        in_sum += lpos[in_idx[j]]
                    out_sum = 0.0
                    for j in range(out_ptr[r], out_ptr[r + 1]):
                        out_sum += lneg[out_idx[j]]
                    supply = held[r] + (in_sum + out_sum) * dt
                    fraction = supply / demand[r] if demand[r] > supply else 1.0
                    if fraction != factor[r]:
                        changed = True
                    factor[r] = fraction
                if not changed:
                    break
                for k in range(n_work):
                    f = flows[k]
                    fs = factor[src[f]] if src[f] < n_state and is_row[src[f]] > 0.0 else 1.0
                    ft = factor[tgt[f]] if tgt[f] < n_state and is_row[tgt[f]] > 0.0 else 1.0
                    lpos[f] = max(asked[f], 0.0) * fs
                    lneg[f] = max(-asked[f], 0.0) * ft
            for k in range(n_work):
                f = flows[k]
                rates[f] = lpos[f] - lneg[f]
            # only the stocks the limited flows touch change
            n_touched = 0
            for k in range(n_work):
                f = flows[k]
                for s in (src[f], tgt[f]):
                    if s < n_state:
                        seen = False
                        for q in range(n_touched):
                            if touched[q] == s:
                                seen = True
                                break
                        if not seen:
                            touched[n_touched] = s
                            n_touched += 1
            for q in range(n_touched):
                _recompute(touched[q], state, rates, dt, new, out_ptr, out_idx, in_ptr, in_idx)
            more = 0
            for q in range(n_touched):
                s = touched[q]
                if (
                    guarded[s]
                    and is_row[s] == 0.0
                    and new[s] < 0.0
                    and _binds(state, new, s, drainable)
                ):
                    is_row[s] = 1.0
                    rows[n_rows + more] = s
                    more += 1
            for k in range(n_work):
                in_work[flows[k]] = 0.0
            if more == 0:
                break
            # a stock fed by a limited flow now binds too: start again with both
            for k in range(n_work):
                rates[flows[k]] = asked[flows[k]]
            for q in range(n_touched):
                _recompute(touched[q], state, rates, dt, new, out_ptr, out_idx, in_ptr, in_idx)
            n_rows += more
        any_negative = True
    if any_negative:
        # only float round-off can remain below zero
        for s in range(n_state):
            if guarded[s] and new[s] < 0.0:
                new[s] = 0.0


__all__ = ["adjacency", "advance", "net_change"]
