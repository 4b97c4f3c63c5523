"""Golden regression test: the deterministic baseline's key results (every indicator at
the end of 2027 and at the end of the run, the ledger per budget year) against the
checked-in ``tests/golden/baseline.csv``, within a relative tolerance of 1e-9.

After an intended change of the model: ``python -m model.run.golden --write`` (or
``make golden``), and commit the file with the reason.
"""

import pytest

from model.policy.indicators import INDICATORS
from model.policy.structure import build_structure
from model.run import golden


@pytest.fixture(scope="module")
def rows(baseline_run):
    return golden.key_results(baseline_run)


def test_baseline_matches_the_golden_file(rows):
    assert golden.GOLDEN.exists(), (
        f"{golden.GOLDEN} is missing; write it with `{golden.REGENERATE}` (or `make golden`)"
    )
    lines = golden.differences(golden.read(), rows)
    assert not lines, golden.report(lines)


def test_the_table_holds_every_modelled_indicator_and_the_ledger(rows):
    names = {r.variable for r in rows}
    modelled = {i for i in INDICATORS if i in build_structure().names}
    assert modelled <= names, sorted(modelled - names)
    years = {r.at for r in rows if r.variable == "reserve_spent"}
    assert years == {str(y) for y in range(2024, 2031)}
    assert {r.variant for r in rows} == {"plan", "no_reserve"}


def test_the_file_reads_back_exactly_and_is_deterministic(rows):
    text = golden.dumps(rows)
    assert golden.loads(text) == rows
    assert golden.dumps(golden.loads(text)) == text


def test_a_moved_row_is_named_with_its_change_and_the_command_to_regenerate(rows):
    moved = [rows[0]._replace(value=rows[0].value * (1 + 1e-6)), *rows[1:]]
    lines = golden.differences(rows, moved)
    assert len(lines) == 1 and lines[0].startswith(f"moved   {rows[0].variable} plan")
    assert "+0.0001 %" in lines[0]
    message = golden.report(lines)
    assert golden.REGENERATE in message and "make golden" in message
    # within the tolerance nothing moves; missing and new rows are named
    assert golden.differences(rows[:1], [rows[0]._replace(value=rows[0].value * (1 + 1e-12))]) == []
    extra = golden.Row("x", "plan", "", "2024", 1.0)
    assert golden.differences(rows[:1], [*rows[:1], extra]) == [
        "new     x plan 2024 (in the model, not in the file)"
    ]
    assert golden.differences([*rows[:1], extra], rows[:1]) == [
        "missing x plan 2024 (in the file, not in the model)"
    ]
