"""Named equations: inputs by argument name, parameters and levers checked at build."""

import numpy as np
import pytest

from model.engine import Structure, StructureError, Values, aux, flow, pulse, ramp, simulate, step
from model.policy.structure import build_structure


@aux(units="1/yr", long_name="loss rate")
def loss_rate(p, x):
    """x times the decay constant."""
    return x * p.k


@flow(units="1/yr", long_name="loss", source="x")
def loss(loss_rate):
    return loss_rate


def _decay() -> Structure:
    s = Structure("decay")
    s.stock("x", units="1", long_name="amount", initial=lambda p: p.x0)
    s.add(loss_rate, loss)
    return s


def test_named_equations_run_like_the_closed_form():
    s = _decay()
    s.validate(parameters=["k", "x0"])
    ds = simulate(s, {"k": np.array([0.5, 1.0]), "x0": 2.0}, method="rk4")
    assert float(ds["x"].isel(sample=1, time=12)) == pytest.approx(2 * np.exp(-1), rel=1e-6)
    # the auxiliary is recorded under its function's name
    assert float(ds["loss_rate"].isel(sample=0, time=0)) == pytest.approx(1.0)


def test_a_misspelt_parameter_fails_when_the_model_is_built():
    @aux(units="1", long_name="bad")
    def bad(p, x):
        return x * p.kk

    s = _decay()
    s.add(bad)
    with pytest.raises(StructureError, match=r"'bad' reads parameter p\.kk.*did you mean 'k'"):
        s.validate(parameters=["k", "x0"])


def test_a_misspelt_variable_or_lever_fails_when_the_model_is_built():
    @aux(units="1", long_name="bad")
    def bad(lever, xx):
        return xx * lever.allocaton

    s = _decay()
    s.lever("allocation", units="k€", long_name="allocation")
    s.add(bad)
    with pytest.raises(StructureError) as err:
        s.validate(parameters=["k", "x0"])
    assert "'bad' reads 'xx', which is not a stock, flow or auxiliary; did you mean 'x'" in str(
        err.value
    )
    assert "lever.allocaton" in str(err.value) and "'allocation'" in str(err.value)


def test_the_policy_model_validates_and_names_a_misspelt_parameter(monkeypatch):
    from model.policy.goals import cohesion

    def broken(p, loneliness_people_helped):
        return 100.0 * loneliness_people_helped / p.adults_limbrug

    monkeypatch.setattr(cohesion, "loneliness_share_effect_input", broken)
    build_structure.cache_clear()
    try:
        with pytest.raises(StructureError, match=r"p\.adults_limbrug"):
            build_structure()
    finally:
        monkeypatch.undo()
        build_structure.cache_clear()
    assert "loneliness_share" in build_structure().names


def test_parameters_are_read_only_attributes_with_a_clear_error():
    p = Values("parameter", {"k": 0.5})
    assert p.k == 0.5
    with pytest.raises(AttributeError, match="unknown parameter 'kk'; did you mean 'k'"):
        p.kk  # noqa: B018
    with pytest.raises(AttributeError, match="read-only"):
        p.k = 1.0


def test_step_ramp_pulse_follow_vensim():
    t = np.array([2024.0, 2024.5, 2025.0, 2026.0])
    assert step(3.0, 2025.0, t).tolist() == [0.0, 0.0, 3.0, 3.0]
    assert ramp(2.0, 2024.5, 2025.0, t).tolist() == [0.0, 0.0, 1.0, 1.0]
    dt = 1 / 12
    moved = sum(pulse(5.0, 2024.5, 2024.0 + k * dt, dt) * dt for k in range(24))
    assert float(moved) == pytest.approx(5.0)


def _helper_with_a_typo(p, n):
    return p.kk * n


def test_a_misspelt_parameter_inside_a_helper_the_equation_calls_fails_at_build():
    @aux(units="1", long_name="uses a helper")
    def via_helper(p, n):
        return _helper_with_a_typo(p, n)

    s = _decay()
    s.add(via_helper)
    assert "kk" in s.parameters_read()
    with pytest.raises(StructureError, match=r"'via_helper' reads parameter p\.kk"):
        s.validate(parameters=["k", "x0"])


def test_every_parameter_of_the_policy_model_is_read_by_an_equation():
    from model import load_parameters

    unread = set(load_parameters()) - build_structure().parameters_read()
    assert not unread, f"parameters no equation reads (remove them or use them): {sorted(unread)}"
