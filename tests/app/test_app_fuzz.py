"""Mutated share links through the whole app (AppTest): the page always renders, with the
project's own message where the link is refused, never an exception or a traceback."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from model import list_scenarios, load_scenario
from model.present.appstate import scenario_to_query

APP = Path(__file__).resolve().parents[2] / "app.py"
CASES = 24
SEED = 20261201

_NASTY = [
    "", "x", "-1", "1e309", "nan", "inf", str(2**70), "2024-02-30", "2027-13-01",
    "0,0,0,0,0", "1,2,3,4,5,6,7", "%00", "\u202e", "<script>alert(1)</script>",
    "![x](http://example.org/x.png)", "[a](https://evil.example)", "a" * 500,
    "..%2F..%2Fetc%2Fpasswd", "2024-06-28T10:00:00", "ja", "1;2.1.a=1,2", "as:1",
]  # fmt: skip


def _mutations(rng: random.Random) -> list[dict[str, str | list[str]]]:
    bases = [scenario_to_query(load_scenario(p.stem)) for p in list_scenarios()]
    out = []
    for _ in range(CASES):
        query: dict[str, str | list[str]] = dict(rng.choice(bases))
        for _ in range(rng.randint(1, 3)):
            kind = rng.random()
            key = rng.choice([*query, "co", "j130", "page", "lang", "utm_source"])
            if kind < 0.5:
                query[key] = rng.choice(_NASTY)
            elif kind < 0.7:
                query.pop(key, None)
            elif kind < 0.85:
                query[key] = [str(query.get(key, "")), rng.choice(_NASTY)]  # repeated
            else:
                value = str(query.get(key, ""))
                cut = rng.randint(0, len(value))
                query[key] = value[:cut] + rng.choice(_NASTY) + value[cut:]
        out.append(query)
    return out


@pytest.mark.parametrize(
    "query", _mutations(random.Random(SEED)), ids=[f"link{i}" for i in range(CASES)]
)
def test_a_mutated_link_never_breaks_the_page(query):
    at = AppTest.from_file(str(APP), default_timeout=120)
    at.session_state["samples"] = 1
    for key, value in query.items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, (query, at.exception)
    shown = " ".join(
        str(getattr(e, "value", "")) for e in (*at.markdown, *at.warning, *at.error, *at.info)
    )
    assert "Traceback" not in shown and 'File "/' not in shown, query
    assert at.title, query  # the page rendered
