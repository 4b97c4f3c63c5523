"""The stored plan-realism table (model/policy/evidence/plan_realism.csv) is what a fresh
:func:`plan_realism` gives: the command line, the app's first page and the report read it."""

from __future__ import annotations

import math

import pytest

from model.analysis.plancost import (
    REALISM_COLUMNS,
    REALISM_TABLE,
    VERDICTS,
    plan_realism,
    plan_rules,
    stored_plan_realism,
)

REGENERATE = "regenerate it with: python -m model.analysis.plancost --write"
CODES = ("indicator", "parameter", "origin", "grade", "unit", "verdict")


def test_the_stored_table_has_one_row_per_plan_rule():
    table = stored_plan_realism()
    assert list(table.columns) == list(REALISM_COLUMNS)
    assert sorted(table["parameter"]) == sorted(plan_rules()), REGENERATE
    assert set(table["verdict"]) <= set(VERDICTS)
    assert REALISM_TABLE.is_file()


# ~50 s: one brentq per plan rule
def test_the_stored_table_equals_a_fresh_plan_realism():
    stored = stored_plan_realism().set_index("parameter")
    fresh = plan_realism().set_index("parameter")
    assert sorted(stored.index) == sorted(fresh.index), REGENERATE
    for name in fresh.index:
        for col in REALISM_COLUMNS:
            if col == "parameter":
                continue
            a, b = stored.at[name, col], fresh.at[name, col]
            if col in CODES:
                assert str(a) == str(b), f"{name}.{col}: stored {a!r}, now {b!r}; {REGENERATE}"
            elif not (math.isnan(float(a)) and math.isnan(float(b))):
                assert float(a) == pytest.approx(float(b), rel=1e-6), (
                    f"{name}.{col}: stored {a!r}, now {b!r}; {REGENERATE}"
                )
