"""Parameter files: provenance is required, ranges are enforced, sampling is seeded."""

import numpy as np
import pytest

from model.policy.parameters import PARAMETER_DIR, ParameterError, load_parameters


def write(tmp_path, text, name="p.toml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


GOOD = """
[k]
description = "a rate"
unit = "1/yr"
value = 0.5
source = "§9.2"
range = [0.1, 0.9]
"""


def test_every_shipped_parameter_has_unit_and_provenance():
    params = load_parameters()
    assert len(params) > 0
    files = {p.name for p in PARAMETER_DIR.glob("*.toml")}
    for name, p in params.items():
        assert p.unit.strip(), name
        assert p.description.strip(), name
        assert p.source.strip() or (p.assumption and p.reasoning.strip()), name
        assert p.file in files
        if p.uncertain:
            assert p.low <= p.value <= p.high, name


def test_missing_unit_is_rejected(tmp_path):
    path = write(tmp_path, GOOD.replace('unit = "1/yr"\n', ""))
    with pytest.raises(
        ParameterError, match=r"p.toml: \[k\] unit = None: every parameter needs a unit"
    ):
        load_parameters([path])


def test_missing_source_and_assumption_is_rejected(tmp_path):
    path = write(tmp_path, GOOD.replace('source = "§9.2"\n', ""))
    with pytest.raises(ParameterError, match=r"\[k\] has neither a source nor assumption = true"):
        load_parameters([path])


def test_assumption_needs_reasoning(tmp_path):
    path = write(tmp_path, GOOD.replace('source = "§9.2"', "assumption = true"))
    with pytest.raises(ParameterError, match="assumption without reasoning"):
        load_parameters([path])


def test_value_outside_range_is_rejected(tmp_path):
    path = write(tmp_path, GOOD.replace("value = 0.5", "value = 1.5"))
    with pytest.raises(
        ParameterError, match=r"k = 1.5 lies outside its range; allowed: 0.1 to 0.9"
    ):
        load_parameters([path])


def test_duplicate_across_files_and_bad_toml(tmp_path):
    a, b = write(tmp_path, GOOD, "a.toml"), write(tmp_path, GOOD, "b.toml")
    with pytest.raises(ParameterError, match=r"b.toml: parameter \[k\] is also defined in a.toml"):
        load_parameters([a, b])
    bad = write(tmp_path, "[k]\nvalue = = 1\n", "bad.toml")
    with pytest.raises(ParameterError, match=r"bad\.toml: not valid TOML"):
        load_parameters([bad])
    dup = write(tmp_path, GOOD + GOOD, "dup.toml")  # duplicate table in one file
    with pytest.raises(ParameterError, match=r"dup\.toml: not valid TOML"):
        load_parameters([dup])


def test_unknown_keys_and_non_numbers_are_rejected(tmp_path):
    with pytest.raises(ParameterError, match=r"unknown keys \['valeu'\]"):
        load_parameters([write(tmp_path, GOOD + "valeu = 3\n")])
    with pytest.raises(
        ParameterError, match=r"value = 'veel' is not allowed; expected a finite number"
    ):
        load_parameters([write(tmp_path, GOOD.replace("value = 0.5", 'value = "veel"'))])
    with pytest.raises(ParameterError, match=r"value = nan is not allowed"):
        load_parameters([write(tmp_path, GOOD.replace("value = 0.5", "value = nan"))])


def test_sampling_is_seeded_within_range_and_deterministic_for_one_sample(tmp_path):
    params = load_parameters(
        [
            write(
                tmp_path,
                GOOD
                + '\n[t]\ndescription = "tri"\nunit = "1"\nvalue = 2.0\nsource = "x"\nrange = [0.0, 10.0]\ndistribution = "triangular"\n',
            )
        ]
    )
    a = params.sample(2000, seed=7)
    b = params.sample(2000, seed=7)
    c = params.sample(2000, seed=8)
    np.testing.assert_array_equal(a["k"], b["k"])
    assert not np.array_equal(a["k"], c["k"])
    assert a["k"].min() >= 0.1 and a["k"].max() <= 0.9
    assert np.mean(a["k"]) == pytest.approx(0.5, abs=0.01)  # uniform on [0.1, 0.9]
    assert np.mean(a["t"]) == pytest.approx((0 + 2 + 10) / 3, abs=0.05)  # triangular mean
    one = params.sample(1, seed=7)
    assert one["k"].tolist() == [0.5] and one["t"].tolist() == [2.0]


def test_overrides_fix_a_parameter_within_its_range(tmp_path):
    params = load_parameters([write(tmp_path, GOOD)])
    fixed = params.with_overrides({"k": 0.2})
    assert fixed["k"].value == 0.2 and not fixed["k"].uncertain
    assert fixed.digest() != params.digest()
    with pytest.raises(
        ParameterError, match=r"k = 2.0 lies outside its range; allowed: 0.1 to 0.9"
    ):
        params.with_overrides({"k": 2.0})
    with pytest.raises(ParameterError, match=r"assumptions.q is not a known parameter"):
        params.with_overrides({"q": 1.0})


# --------------------------------------------------------------------------- joint draws


def _joint_set():
    from model.policy.parameters import Parameter, ParameterSet

    params = {k: Parameter(k, k, "1", 0.5, source="x", low=0.0, high=1.0) for k in ("a", "b", "c")}
    a = np.linspace(0.1, 0.9, 50)
    return ParameterSet(params, label="joint", joint={"a": a, "b": 1.0 - a})


def test_joint_draws_are_drawn_together_and_spread_over_the_table():
    ps = _joint_set()
    s = ps.sample(25, seed=3)
    np.testing.assert_allclose(s["a"] + s["b"], 1.0)  # each sample is one row: b = 1 - a
    # stratified: 25 samples, one from each pair of the 50 rows
    rows = np.rint((s["a"] - 0.1) / (0.8 / 49)).astype(int)
    assert sorted(rows // 2) == list(range(25))
    assert 0.0 <= s["c"].min() and s["c"].max() <= 1.0 and len(set(s["c"])) == 25
    again = ps.sample(25, seed=3)
    assert all(np.array_equal(s[k], again[k]) for k in s)  # seeded
    assert ps.sample(1)["a"].tolist() == [0.5]  # one sample: the default values
    with pytest.raises(ValueError):
        ps.joint["a"][0] = 2.0  # read-only: the set stays immutable


def test_fixing_a_joint_parameter_takes_it_out_of_the_table_only():
    ps = _joint_set()
    fixed = ps.with_overrides({"a": 0.3})
    assert set(fixed.joint) == {"b"} and fixed.label == "joint"
    s = fixed.sample(10, seed=1)
    assert s["a"].tolist() == [0.3] * 10 and set(s["b"]) <= set(1.0 - np.linspace(0.1, 0.9, 50))
    assert ps.digest() != load_parameters().digest() and ps.digest() != fixed.digest()


def test_joint_draws_must_be_uncertain_parameters_with_as_many_rows():
    from model.policy.parameters import Parameter, ParameterSet

    params = {"a": Parameter("a", "a", "1", 0.5, source="x", low=0.0, high=1.0)}
    params["f"] = Parameter("f", "f", "1", 0.5, source="x")  # fixed
    with pytest.raises(ParameterError, match="joint"):
        ParameterSet(params, joint={"f": [0.5, 0.6]})
    with pytest.raises(ParameterError, match="joint"):
        ParameterSet(params, joint={"a": [0.5, float("nan")]})
    params["b"] = Parameter("b", "b", "1", 0.5, source="x", low=0.0, high=1.0)
    with pytest.raises(ParameterError, match="the same number of draws"):
        ParameterSet(params, joint={"a": [0.5, 0.6], "b": [0.5]})
