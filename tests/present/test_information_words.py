"""The value of information in words (model.present.information): every case a result
can be in says what it means, in both languages."""

from __future__ import annotations

import pytest
import xarray as xr

from model.present.information import voi_sentences


def result(
    evpi, evppi, negligible, *, decisions=("baseline", "jeugd_eerst"), objective="attainment"
):
    groups = ["gbt_national", "unit_costs", "execution"][: len(evppi)]
    return xr.Dataset(
        {
            "evpi": evpi,
            "evpi_error": 0.01,
            "expected_net_benefit": ("decision", [85.0, 88.0][: len(decisions)]),
            "p_best": ("decision", [0.2, 0.8][: len(decisions)]),
            "evppi": ("group", evppi),
            "evppi_error": ("group", [0.01] * len(evppi)),
        },
        coords={"decision": list(decisions), "group": groups, "negligible": ("group", negligible)},
        attrs={"objective": objective},
    )


def test_the_example_of_the_issue_in_dutch_and_english():
    ds = result(0.5, [0.3, 0.0], [0, 1])
    nl = voi_sentences(ds, "nl")
    assert nl[0].startswith("Op verwachting is jeugd_eerst de beste optie (88,0%)")
    assert "0,50 ± 0,01 procentpunt waard (EVPI)" in nl[1]
    assert (
        nl[2]
        == "Weten of de rijksbijdrage GBT komt (en vanaf wanneer) is 0,30 ± 0,01 procentpunt waard (60% van de EVPI)."
    )
    assert nl[3].startswith("Meer onderzoek naar eenheidskosten verandert geen besluit")
    en = voi_sentences(ds, "en")
    assert en[2].startswith("Knowing whether the national GBT contribution comes")
    assert en[3].startswith("More research on unit costs changes no decision")


def test_most_valuable_group_first_and_the_rest_listed():
    ds = result(1.0, [0.1, 0.0, 0.6], [0, 1, 0])
    nl = voi_sentences(ds, "nl")
    assert nl[2].startswith("Weten hoeveel de uitvoerders") and nl[3].startswith(
        "Weten of de rijksbijdrage"
    )
    assert nl[4].startswith("Meer onderzoek naar eenheidskosten")


def test_no_group_alone_changes_the_decision():
    ds = result(0.2, [0.0, 0.001], [1, 1])
    last = voi_sentences(ds, "nl")[-1]
    assert last.startswith("Geen groep alleen verandert het besluit")
    assert "eenheidskosten en de rijksbijdrage GBT" in last  # larger value first


def test_nothing_to_learn_and_nothing_to_choose():
    assert "EVPI = 0" in voi_sentences(result(0.0, [0.0], [1]), "en")[-1]
    one = result(0.0, [0.0], [1], decisions=("baseline",))
    assert voi_sentences(one, "nl") == [
        "Met één scenario is er niets te kiezen: informatie kan geen besluit veranderen (EVPI = 0). Geef twee of meer scenario's om ertussen te kiezen."
    ]


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_targets_are_said_in_targets(lang):
    text = " ".join(voi_sentences(result(0.4, [0.2], [0], objective="targets"), lang))
    assert ("doelen" if lang == "nl" else "targets") in text and "procentpunt" not in text
