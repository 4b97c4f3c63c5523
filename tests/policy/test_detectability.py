"""'Better' means better by at least what the outcome's public monitor can show."""

from __future__ import annotations

import numpy as np

from model.policy.detectability import DETECTABLE
from model.policy.indicators import INDICATORS
from model.run.summary import answers


def test_every_outcome_has_a_detectable_difference_with_reasoning_in_both_languages():
    outcomes = [i for i in INDICATORS.values() if i.level == "outcome"]
    assert {i.id for i in outcomes} == set(DETECTABLE)
    for ind in outcomes:
        d = DETECTABLE[ind.id]
        assert d.value > 0, ind.id
        assert d.reasoning("nl").strip() and d.reasoning("en").strip(), ind.id
        assert d.reasoning("nl") != d.reasoning("en"), ind.id


def test_a_difference_below_the_detectable_one_is_not_better_in_either_direction():
    lower = INDICATORS["persons_in_poverty"]  # lower is better, detectable 0.1 point
    higher = INDICATORS["movement_guideline_share"]  # higher is better, 0.8 point
    a = np.array([5.0, 5.0, 5.0])
    assert lower.better(a - np.array([0.05, 0.1, 0.11]), a).tolist() == [False, False, True]
    b = np.array([40.0, 40.0, 40.0])
    assert higher.better(b + np.array([0.0006, 0.8, 0.9]), b).tolist() == [False, False, True]
    # a worse value is never better
    assert not higher.better(39.0, 40.0) and not lower.better(6.0, 5.0)


def test_summary_chances_count_only_detectable_improvements():
    """The summary's 'better than without the reserve' uses the same rule: a plan that
    improves on no reserve by less than the detectable difference scores 0."""
    ind = INDICATORS["loneliness_share"]  # lower is better, detectable 0.8 point
    start = np.full(4, 52.0)
    none = np.full(4, 52.0)
    plan_end = np.array([51.9, 51.5, 51.1, 52.1])  # only the third is more than 0.8 better
    plan_late = np.array([51.0, 51.0, 51.0, 51.0])
    row = answers(ind, plan_end, start, none, plan_late, none)
    assert row["better_than_no_reserve"] == 0.25
    assert row["better_than_2023"] == 0.25
    assert row["better_than_no_reserve_late"] == 1.0
