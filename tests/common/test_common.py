"""The domain-free helpers of model.common: one atomic write, one TOML value writer."""

import datetime
import os
import stat
import tomllib

import numpy as np
import pytest

from model.common.files import write_atomic
from model.common.toml import toml_key, toml_value


def test_write_atomic_writes_bytes_text_and_through_a_writer(tmp_path):
    assert write_atomic(tmp_path / "a.bin", b"\x00\x01").read_bytes() == b"\x00\x01"
    assert write_atomic(tmp_path / "b.txt", "één").read_text(encoding="utf-8") == "één"
    out = write_atomic(tmp_path / "c.txt", lambda p: p.write_text("via"))
    assert out.read_text() == "via"
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(out.stat().st_mode) == 0o666 & ~umask  # not mkstemp's private 0600
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.bin", "b.txt", "c.txt"]


def test_write_atomic_leaves_nothing_behind_on_failure(tmp_path):
    target = tmp_path / "keep.txt"
    target.write_text("old")

    def fail(path):
        path.write_text("half")
        raise RuntimeError("disk full")

    with pytest.raises(RuntimeError):
        write_atomic(target, fail)
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["keep.txt"]
    with pytest.raises(FileNotFoundError, match="does not exist"):
        write_atomic(tmp_path / "no" / "x.txt", "x")


@pytest.mark.parametrize(
    "value",
    [
        0.1,
        2.0 / 3.0,
        -0.0,
        1e-300,
        3,
        True,
        'a "quoted" \\ line\nwith é and a\ttab',
        datetime.date(2024, 6, 28),
        [1.5, 2, "x"],
        {"2.1.a": 1500.0, "bare_key": {"nested": False}},
    ],
)
def test_toml_values_read_back_unchanged(value):
    assert tomllib.loads(f"v = {toml_value(value)}")["v"] == value


def test_toml_numpy_scalars_digits_and_keys():
    assert toml_value(np.float64(0.25)) == "0.25"
    assert toml_value(np.int64(7)) == "7"
    assert toml_value(np.bool_(False)) == "false"
    assert toml_value(float("nan")) == "nan" and toml_value(-np.inf) == "-inf"
    assert toml_value(2.0 / 3.0, digits=6) == "0.666667"
    assert toml_value([1 / 3, {"a": 2 / 3}], digits=3) == "[0.333, { a = 0.667 }]"
    assert toml_key("neighbourhood_share") == "neighbourhood_share"
    assert toml_key("2.1.a") == '"2.1.a"'
    with pytest.raises(TypeError):
        toml_value(object())
