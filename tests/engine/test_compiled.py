"""The compiled engine against the numpy reference engine, and its tracer.

Both engines run the same equation functions: the numpy engine on arrays of all
samples, the compiled kernel on their trace (model.engine.trace), one sample at a
time. They must agree on every recorded variable to a relative 1e-9, with an
absolute floor of 1e-9 times the variable's largest magnitude (a value that should be
zero may be 1e-17 in one engine and 0 in the other, from the order of additions).
"""

import os
import subprocess
import sys
import warnings

import numpy as np
import pytest

from model import load_scenario
from model.engine import Structure, StructureError, TimeAxis, simulate
from model.engine.compiled import CompileWarning, cache_dir, trace_structure
from model.engine.trace import Tape, TraceError, inputs, tracing
from model.policy.scenarios import list_scenarios
from model.run.simulation import simulate as run_scenario

RTOL = 1e-9


def assert_engines_agree(a, b):
    assert set(a.data_vars) == set(b.data_vars)
    for name in a.data_vars:
        x, y = a[name].values, b[name].values
        assert x.shape == y.shape, name
        finite = np.isfinite(x)
        np.testing.assert_array_equal(finite, np.isfinite(y), err_msg=f"variable {name}")
        scale = float(np.abs(x[finite]).max()) if finite.any() else 0.0
        np.testing.assert_allclose(
            y, x, rtol=RTOL, atol=RTOL * scale, equal_nan=True, err_msg=f"variable {name}"
        )


def both(scenario, **options):
    return (
        run_scenario(scenario, engine="numpy", **options),
        run_scenario(scenario, engine="compiled", **options),
    )


def test_engines_agree_on_every_variable_of_the_baseline():
    numpy_run, compiled_run = both(load_scenario("baseline"), detail="all")
    assert len(numpy_run.data_vars) > 400  # every stock, flow and auxiliary, and the ledger
    assert compiled_run.attrs["engine"] == "compiled" and numpy_run.attrs["engine"] == "numpy"
    assert_engines_agree(numpy_run, compiled_run)


def test_engines_agree_on_a_1000_sample_ensemble():
    numpy_run, compiled_run = both(load_scenario("baseline"), samples=1000, seed=3)
    assert numpy_run.sizes["sample"] == 1000
    assert_engines_agree(numpy_run, compiled_run)


@pytest.mark.parametrize("path", list_scenarios(), ids=lambda p: p.stem)
def test_engines_agree_on_every_scenario_file(path):
    assert_engines_agree(*both(load_scenario(path.stem), detail="all"))


@pytest.mark.parametrize("method,step_months", [("rk4", 1), ("euler", 0.25)])
def test_engines_agree_with_rk4_and_a_finer_step(method, step_months):
    axis = TimeAxis(step_months=step_months, end="2028-01")
    runs = both(load_scenario("baseline"), samples=20, seed=1, method=method, time=axis)
    assert all(
        np.isfinite(runs[0][k]).all() for k in ("jeugdfonds_children", "reserve_spent_total")
    )
    assert_engines_agree(*runs)


def chain_structure() -> Structure:
    """Three non-negative stocks in a chain whose outflows ask more than they hold, so
    the limiter binds, and limiting the middle stock's inflow starves its outflow."""
    s = Structure("chain")
    for name in ("a", "b", "c"):
        s.stock(name, units="1", long_name=name, initial=lambda v, name=name: v.p[f"{name}0"])
    s.flow(
        "ab",
        units="1/yr",
        long_name="a to b",
        source="a",
        target="b",
        rate=lambda v: v.p["k"] * 12.0,
    )
    s.flow(
        "bc",
        units="1/yr",
        long_name="b to c",
        source="b",
        target="c",
        rate=lambda v: v.p["k"] * 18.0,
    )
    s.flow("c_out", units="1/yr", long_name="c out", source="c", rate=lambda v: v["c"] * 30.0)
    return s


def test_engines_agree_when_the_outflow_limiter_binds_in_some_samples():
    params = {
        "a0": np.array([1.0, 0.5, 3.0, 0.0]),
        "b0": np.array([0.0, 0.2, 5.0, 1.0]),
        "c0": np.array([0.0, 0.0, 1.0, 0.0]),
        "k": np.array([1.0, 2.0, 0.1, 0.7]),
    }
    for method in ("euler", "rk4"):
        a = simulate(chain_structure(), params, method=method)
        b = simulate(chain_structure(), params, method=method, engine="compiled")
        assert float(a["a"].min()) == 0.0  # the limiter did bind
        assert_engines_agree(a, b)
        # material is conserved by the limited flows in both engines
        total = b["a"] + b["b"] + b["c"]
        out = (b["c_out"] * (1 / 12)).cumsum("time").shift(time=1, fill_value=0.0)
        conserved = (total + out).values
        np.testing.assert_allclose(conserved, conserved[:, :1] + 0 * conserved, rtol=1e-9)
        np.testing.assert_allclose(conserved[:, 0], [1.0, 0.7, 9.0, 1.0])


def test_a_kernel_is_reused_from_the_disk_cache_by_a_new_process(tmp_path):
    """The first run compiles (and says so); a new process loads the kernel from the
    cache folder without compiling."""
    code = (
        "import warnings, numpy as np\n"
        "from model.engine import Structure, simulate\n"
        "s = Structure('cached')\n"
        "s.stock('x', units='1', long_name='x', initial=1.0)\n"
        "s.flow('loss', units='1/yr', long_name='loss', source='x', rate=lambda v: v['x'] * v.p['k'])\n"
        "with warnings.catch_warnings(record=True) as w:\n"
        "    warnings.simplefilter('always')\n"
        "    ds = simulate(s, {'k': np.array([0.5, 1.0])}, engine='compiled')\n"
        "print(sum('compiling' in str(x.message) for x in w), round(float(ds['x'][1, 12]), 6))\n"
    )
    env = {**os.environ, "SAMENLEVEN_CACHE": str(tmp_path)}
    first = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    second = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    assert first.returncode == 0, first.stderr
    assert first.stdout.split() == ["1", str(round((1 - 1 / 12) ** 12, 6))]  # Euler, k = 1
    assert second.stdout.split()[0] == "0"
    assert list((tmp_path / "kernels").glob("kernel_*.py"))


def test_cache_dir_follows_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("SAMENLEVEN_CACHE", str(tmp_path / "c"))
    assert cache_dir() == tmp_path / "c"


# -- the tracer ---------------------------------------------------------------------------


def test_tracing_records_numpy_operations_and_folds_constants():
    tape = Tape()
    with tracing(tape):
        x = inputs(tape, "P", (1, 3))
        y = np.maximum(x * 2.0 - np.array([1.0, 2.0, 3.0]), 0.0).sum(axis=1)
        z = np.where(x[:, 0] > 1.0, np.exp(x[:, 1]), 3.0 * 4.0)
    assert y.shape == (1,) and z.shape == (1,)
    ops = [tape.ops[i][0] for i in tape.reachable([y.a[0].i, z.a[0].i])]
    assert ops.count("max") == 3 and "where" in ops and "exp" in ops
    assert 12.0 in tape.values  # 3 * 4 folded at trace time


def test_an_equation_that_branches_on_a_value_is_refused_with_its_name():
    s = Structure("branchy")
    s.stock("x", units="1", long_name="x", initial=1.0)

    def bad_rate(v):
        return 1.0 if v["x"][0] > 0 else 0.0  # Python control flow on a value

    s.flow("loss", units="1/yr", long_name="loss", source="x", rate=bad_rate)
    with pytest.raises(StructureError, match=r"'loss' cannot be compiled.*Python bool"):
        trace_structure(s, {}, 1 / 12)


def test_a_structure_that_cannot_be_compiled_runs_on_the_numpy_engine_with_a_warning():
    s = Structure("branchy")
    s.stock("x", units="1", long_name="x", initial=1.0)
    s.flow(
        "loss", units="1/yr", long_name="loss", source="x", rate=lambda v: float(v["x"][0]) * 0.5
    )
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        ds = simulate(s, {}, engine="compiled")
    assert ds.attrs["engine"] == "numpy"
    assert any(
        issubclass(w.category, CompileWarning) and "numpy engine" in str(w.message) for w in caught
    )
    np.testing.assert_allclose(ds["x"].values, simulate(s, {})["x"].values)


def test_a_traced_value_refuses_python_conversion():
    tape = Tape()
    with tracing(tape):
        x = inputs(tape, "P", (1,))
        with pytest.raises(TraceError, match="Python bool"):
            bool(x > 0)
        with pytest.raises(TraceError, match="float array"):
            np.zeros((1, 2))[:, 0] = x


def test_an_unknown_engine_is_refused():
    with pytest.raises(ValueError, match="engine='fast' is not allowed"):
        simulate(chain_structure(), {"a0": 1.0, "b0": 1.0, "c0": 1.0, "k": 1.0}, engine="fast")
