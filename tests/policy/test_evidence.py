"""The evidence register in the parameter files: every parameter states its origin, evidence
parameters cite verified public sources through the register, and no range is silently
one-sided or skewed."""

import math
import tomllib

import pytest

from model.policy.parameters import (
    EVIDENCE_KINDS,
    GRADES,
    ORIGINS,
    PARAMETER_DIR,
    ParameterError,
    load_parameters,
    load_register,
)

SOURCE_FIELDS = ("publisher", "title", "year", "address", "quote", "figure", "grade")


def raw_entries():
    for path in sorted(PARAMETER_DIR.glob("*.toml")):
        for name, entry in tomllib.loads(path.read_text(encoding="utf-8")).items():
            yield path.name, name, entry


def test_every_parameter_states_exactly_one_origin():
    params = load_parameters()
    for file, name, entry in raw_entries():
        assert entry.get("origin") in ORIGINS, f"{file}: [{name}] lacks origin = one of {ORIGINS}"
        assert params[name].origin == entry["origin"], name
        if entry["origin"] == "assumption":
            assert entry.get("assumption") is True and entry.get("reasoning", "").strip(), name
        elif entry["origin"] in ("document", "plan"):
            assert entry.get("source", "").strip() and not entry.get("assumption"), name
        else:
            assert not entry.get("assumption") and "reasoning" not in entry, name
    assert {params[n].kind for n in params} <= set(EVIDENCE_KINDS)


def test_every_evidence_parameter_has_its_source_fields_through_the_register():
    params = load_parameters()
    evidence = [params[n] for n in params if params[n].origin == "evidence"]
    assert len(evidence) >= 25, f"only {len(evidence)} parameters carry public evidence"
    for p in evidence:
        assert p.evidence, p.name
        assert p.derivation.strip() and p.grade in GRADES, p.name
        assert p.grade in {s["grade"] for s in p.evidence}, p.name
        assert p.source.strip(), p.name  # a one-line citation for displays
        for src in p.evidence:
            assert src["verified"] is True, (p.name, src["id"])
            for field in SOURCE_FIELDS:
                assert str(src.get(field, "")).strip(), (p.name, src["id"], field)
            assert str(src["address"]).startswith("http"), (p.name, src["id"])
            assert isinstance(src["year"], int) and 1990 < src["year"] < 2030


def test_every_register_id_referenced_exists_and_is_verified():
    register = load_register()
    referenced = set()
    for file, name, entry in raw_entries():
        ids = entry.get("evidence", [])
        ids = [ids] if isinstance(ids, str) else ids
        for i in ids:
            assert i in register, f"{file}: [{name}] cites unknown source {i!r}"
            assert register[i]["verified"] is True, f"{file}: [{name}] cites unverified {i!r}"
        referenced.update(ids)
    assert len(referenced) >= 40


def test_no_range_is_silently_one_sided_or_skewed():
    """A default that is not the middle of its range (more than 5 % of the width off) says
    why in range_reasoning; an evidence range also says where its ends come from."""
    params = load_parameters()
    for name in params:
        p = params[name]
        if not p.uncertain:
            continue
        off = abs(p.value - (p.low + p.high) / 2) / (p.high - p.low)
        if off > 0.05:
            assert (
                p.range_reasoning.startswith("Not centred")
                or "not centred" in p.range_reasoning.lower()
                or "top of the range" in p.range_reasoning
            ), (
                f"{name}: default {p.value} in [{p.low}, {p.high}] is not central and range_reasoning does not say why"
            )
        if p.origin == "evidence":
            assert p.range_reasoning.strip(), f"{name}: say where the range's ends come from"


def test_evidence_sets_values_where_it_exists():
    params = load_parameters()
    expected = {
        "ks_cost_stevig_ouderschap": (2.0, "ncj_stevig_ouderschap_kosten"),
        "sport_supralocal_event_cost": (2.0, "innofunding_bovenlokale_2015"),
        "sport_topsport_event_cost": (11.25, "fondswervingonline_sportevenementen_2022"),
        "social_fund_partnership_cost": (300.0, "limburg_fondsen_op_naam_2020"),
        "jeugdfonds_children_2023": (6300.0, "jeugdfonds_limburg_2022"),
        "gbt_running_cost": (200.0, "rivm_schoollunch_kosten"),
    }
    for name, (value, source) in expected.items():
        assert params[name].origin == "evidence" and params[name].value == value, name
        assert source in params[name].evidence_ids, name
    # the SCP found no demonstrable effect of area approaches: the ranges include zero, and
    # small losses (an estimate of zero cannot exclude them)
    for name in (
        "liveability_pts_per_neighbourhood_approach",
        "liveability_pts_per_village_approach",
    ):
        assert params[name].low < 0.0 < params[name].high, name


GOOD = """
[k]
description = "a cost"
unit = "k€"
value = 2.0
origin = "evidence"
evidence = ["ncj_stevig_ouderschap_kosten"]
grade = "measured_elsewhere_nl"
derivation = "about €2,000 per visited family"
range = [1.5, 2.5]
range_reasoning = "±25 %"
"""


def load(tmp_path, text):
    path = tmp_path / "p.toml"
    path.write_text(text, encoding="utf-8")
    return load_parameters([path])


def test_a_good_evidence_entry_loads_with_its_sources(tmp_path):
    p = load(tmp_path, GOOD)["k"]
    assert p.origin == "evidence" and p.kind == "source" and p.grade == "measured_elsewhere_nl"
    assert [s["id"] for s in p.evidence] == ["ncj_stevig_ouderschap_kosten"]
    assert p.evidence[0]["publisher"].startswith("Nederlands Centrum Jeugdgezondheid")
    assert "Stevig Ouderschap" in p.source and p.derivation


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            ('["ncj_stevig_ouderschap_kosten"]', '["no_such_source"]'),
            "not in the evidence register",
        ),
        (
            ('["ncj_stevig_ouderschap_kosten"]', '["rekenkamer_laaggeletterdheid_2016"]'),
            "is not verified",
        ),
        (('derivation = "about €2,000 per visited family"', 'derivation = ""'), "no derivation"),
        (
            ('grade = "measured_elsewhere_nl"', 'grade = "measured_limburg"'),
            "grade = 'measured_limburg'",
        ),
        (
            ('origin = "evidence"', 'origin = "hunch"'),
            "origin = 'hunch'; allowed: evidence, document, plan, assumption",
        ),
        (('evidence = ["ncj_stevig_ouderschap_kosten"]', "evidence = []"), "no evidence ids"),
        (
            ('origin = "evidence"', 'origin = "document"'),
            "has evidence ids but origin = 'document'",
        ),
    ],
)
def test_incomplete_evidence_is_rejected(tmp_path, change, message):
    with pytest.raises(ParameterError, match=message.replace("(", r"\(").replace("[", r"\[")):
        load(tmp_path, GOOD.replace(*change))


def test_origin_is_inferred_for_older_files(tmp_path):
    plain = '[k]\ndescription = "d"\nunit = "1"\nvalue = 1.0\n'
    ps = load(tmp_path, plain + 'source = "§9.2"\n')
    assert ps["k"].origin == "document" and ps["k"].kind == "source"
    ps = load(tmp_path, plain + 'source = "Plan-consistent: solved"\n')
    assert ps["k"].origin == "plan" and ps["k"].kind == "derived"
    ps = load(tmp_path, plain + 'assumption = true\nreasoning = "why"\n')
    assert ps["k"].origin == "assumption" and ps["k"].kind == "assumption"
    assert not math.isnan(ps["k"].value)
