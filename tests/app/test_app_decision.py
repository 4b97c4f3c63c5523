"""The app's decision pages in process (streamlit's AppTest): the doelenboom page draws
the picture and the money Sankey of the current scenario, in both languages."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

APP = Path(__file__).resolve().parents[2] / "app.py"


def start(query: dict[str, str] | None = None, samples: int = 100) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=180)
    at.session_state["samples"] = samples
    for key, value in (query or {}).items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, at.exception
    return at


def _figures(at: AppTest) -> dict[str, dict]:
    import json

    return {c.proto.id: json.loads(c.proto.spec) for c in at.get("plotly_chart")}


def test_the_tree_page_draws_the_current_scenarios_tree_and_money() -> None:
    at = start({"page": "tree"})
    assert not at.error
    assert at.header[0].value == "Doelenboom: van geld naar doelen"
    figs = list(_figures(at).values())
    assert len(figs) == 2
    tree, sankey = figs
    names = {s["name"] for s in tree["layout"]["shapes"]}
    assert {
        "line:2.1.b",
        "activity:gbt",
        "output:gbt_schools",
        "outcome:youth_healthy_lifestyle",
    } <= names
    assert sankey["data"][0]["type"] == "sankey"
    values = sankey["data"][0]["link"]["value"]
    labels = sankey["data"][0]["node"]["label"]
    assert "Programmareserve: 27.000 k€" in labels

    # moving a slider moves the money: 2.1.a down by 2,000 leaves 2,000 unallocated
    at.select_slider(key="alloc_2.1.a").set_value(2000).run()
    assert not at.exception, at.exception
    _tree2, sankey2 = list(_figures(at).values())
    labels2 = sankey2["data"][0]["node"]["label"]
    assert "Nog niet verdeeld: 2.000 k€" in labels2
    assert "2.1.a Armoede en laaggeletterdheid: 2.000 k€" in labels2
    assert sum(sankey2["data"][0]["link"]["value"]) != sum(values)

    at.radio(key="lang").set_value("en").run()
    assert not at.exception, at.exception
    assert at.header[0].value == "Goal tree: from money to goals"
    _, sankey_en = list(_figures(at).values())
    assert "Not yet allocated: 2,000 k€" in sankey_en["data"][0]["node"]["label"]


def test_the_value_of_information_ranks_the_groups_in_words() -> None:
    at = start({"page": "drivers"})
    assert not at.error
    chosen = at.multiselect(key="voi_options").value
    assert chosen[0] == "current" and "jeugd_eerst.toml" in chosen
    assert any("druk op de knop" in m.value for m in at.info)
    at.multiselect(key="voi_options").set_value(["current"]).run()
    at.button(key="voi_run").click().run()
    assert any("ten minste twee opties" in w.value for w in at.warning)  # one option: no choice
    at.multiselect(key="voi_options").set_value(
        ["current", "jeugd_eerst.toml", "wijken_eerst.toml"]
    ).run()
    at.button(key="voi_run").click().run()
    assert not at.exception, at.exception
    assert not at.error
    words = "\n".join(m.value for m in at.markdown)
    assert "EVPI" in words
    assert "verandert geen besluit" in words or "waard" in words
    chart = next(c for c in at.get("plotly_chart") if "voi_chart" in c.proto.id)
    import json

    spec = json.loads(chart.proto.spec)
    assert len(spec["data"][0]["y"]) == 8  # every uncertainty group has a bar
    assert "Uitvoeringscapaciteit" in spec["data"][0]["y"]


def _run_search(at: AppTest) -> AppTest:
    """Press Search and wait for the background search, then rerun the page."""
    at.button(key="search_run").click().run()
    assert not at.exception, at.exception
    job = at.session_state["search_job"]
    assert job.wait(240), "the search did not finish"
    at.run()
    assert not at.exception, at.exception
    return at


def test_the_search_page_finds_an_allocation_and_loads_it_into_the_sliders() -> None:
    at = start({"page": "search"})
    assert not at.error
    assert at.header[0].value == "Zoek een verdeling"
    assert any("druk op Zoek" in m.value for m in at.info)
    at.selectbox(key="search_samples").set_value(100).run()
    # a bound that cannot be met is refused at once, naming the bound, and nothing runs
    at.slider(key="search_range_2.3").set_value((20000, 27000)).run()
    at.slider(key="search_range_2.2").set_value((20000, 27000)).run()
    at.button(key="search_run").click().run()
    assert at.error and "Grenzen" in at.error[0].value
    assert "search_job" not in at.session_state
    at.slider(key="search_range_2.3").set_value((350, 27000)).run()
    at.slider(key="search_range_2.2").set_value((0, 27000)).run()
    at.checkbox(key="search_lock_2.1.d").check().run()  # experiments keep their 1,400 k€
    _run_search(at)
    assert not at.error
    words = "\n".join(m.value for m in at.markdown)
    assert "verdelingen gevonden" in words and "Verdeling nr." in words
    found = at.session_state["search_result"]["ds"]
    assert (found["allocation"].sel(line="2.1.d") == 1400.0).all()  # locked at the baseline's
    assert (abs(found["allocation"].sum("line") - 27000) < 1e-6).all()
    chosen = int(found["chosen"])
    want = {
        str(k): float(v)
        for k, v in zip(
            found["line"].values, found["allocation"].isel(candidate=chosen).values, strict=True
        )
    }
    assert at.selectbox(key="search_pick").value == chosen
    at.button(key="search_load").click().run()
    assert not at.exception, at.exception
    for line, amount in want.items():
        assert float(at.select_slider(key=f"alloc_{line}").value) == amount, line
    assert any("staat nu in de schuifregelaars" in s.value for s in at.success)
    assert not any("veranderd sinds dit zoeken" in m.value for m in at.info)  # its own result
    # in English the same result is worded again
    at.radio(key="lang").set_value("en").run()
    assert not at.exception, at.exception
    assert any("allocations found" in m.value for m in at.markdown)


def test_the_search_can_be_stopped_and_keeps_what_it_found() -> None:
    at = start({"page": "search"})
    at.selectbox(key="search_samples").set_value(100).run()
    at.button(key="search_run").click().run()
    job = at.session_state["search_job"]
    job.stop()
    assert job.wait(120)
    at.run()
    assert not at.exception, at.exception
    assert any("gestopt" in w.value for w in at.warning)
    assert at.session_state["search_result"]["ds"].sizes["candidate"] >= 1


def test_the_marginal_value_table_beside_the_allocation() -> None:
    at = start({"page": "allocate"})
    assert any("Druk op de knop" in c.value for c in at.caption)
    at.button(key="marginal_run").click().run()
    assert not at.exception, at.exception
    table = next(d.value for d in at.dataframe if "Doelbereiking" in d.value.columns)
    assert len(table) == 6 and "Doelbereiking" in table.columns
    assert table.iloc[0, 0].startswith("2.1.a")
    assert any("meer levert de meeste doelbereiking op" in m.value for m in at.markdown)
