"""A parameter card (the app's Explain page) is wholly in the language asked for: the
Dutch reasoning, range reasoning, derivation and source in 'nl', the English in 'en'."""

from __future__ import annotations

import pytest

from model.policy.parameters import load_parameters
from model.present.explain import parameter_card


@pytest.mark.parametrize(
    ("name", "fields"),
    [
        ("execution_capacity", ("reasoning",)),  # an assumption
        ("structural_continuation", ("reasoning", "range_reasoning")),
        ("citizen_initiative_cost", ("source",)),  # derived from the plan
        ("social_fund_partnership_cost", ("range_reasoning", "derivation")),  # evidence
    ],
)
def test_a_parameter_card_follows_the_language(name, fields):
    p = load_parameters()[name]
    nl, en = parameter_card(p, "nl"), parameter_card(p, "en")
    for field in fields:
        dutch, english = p.text(field, "nl"), p.text(field, "en")
        assert dutch != english
        assert dutch in nl and english not in nl, field
        assert english in en and dutch not in en, field
    assert p.describe("nl") in nl and p.description in en
    assert "Waarde:" in nl and "Value:" in en
