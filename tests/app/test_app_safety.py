"""The app with hostile links and uploads (AppTest, in process): a title is shown as
text, never as markdown or HTML; an official scenario's name on other levers is called
changed in the heading, the "start from" list, the comparison and the downloads; and an
unexpected error shows a short message while its traceback goes to the server's log.

Few runs, 100 samples each: every test stays well under half a minute.
"""

from __future__ import annotations

import io
import logging
import re
import tomllib
from pathlib import Path

import pandas as pd
import streamlit as st
from streamlit.elements.widgets.button import ButtonMixin
from streamlit.testing.v1 import AppTest

from model import LINES, load_scenario
from model.i18n import t
from model.present.appstate import scenario_to_query
from model.present.texts import WORD_JOINER

ROOT = Path(__file__).resolve().parents[2]
APP = ROOT / "app.py"
SAMPLES = 100
IMAGE = "![x](http://example.org/x.png)"
LINK = "[Officieel: klik hier](https://evil.example)"
HTML = '<script>alert(1)</script><img src=x onerror="alert(2)">'
HOSTILE = f"Plan {IMAGE} {LINK} {HTML} www.evil.example iemand@evil.example"
DISGUISED = {
    **scenario_to_query(load_scenario("jeugd_eerst")),
    "alloc": "0,0,0,0,25800,1200",
}


def start(query: dict[str, str] | None = None) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=180)
    at.session_state["samples"] = SAMPLES
    for key, value in (query or {}).items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, at.exception
    return at


def go(at: AppTest, page: str) -> AppTest:
    at.radio(key="page").set_value(page).run()
    assert not at.exception, at.exception
    return at


def markdown_bodies(at: AppTest) -> list[str]:
    """Everything Streamlit renders as markdown: text, headings, alerts, metric labels,
    table headers."""
    out: list[str] = []
    for kind in ("title", "header", "subheader", "markdown", "caption"):
        out += [e.value for e in getattr(at, kind)]
    for kind in ("info", "warning", "error", "success"):
        out += [e.value for e in getattr(at, kind)]
    out += [m.label for m in at.metric]
    for table in at.table:
        frame: pd.DataFrame = table.value
        out += [str(c) for c in frame.columns.to_flat_index()]
    return out


def everything_shown(at: AppTest) -> str:
    """Every element's and block's content, as sent to the browser."""
    return "\n".join(str(node.proto) for node in at._tree if getattr(node, "proto", None))


def selected_label(at: AppTest) -> str:
    box = at.selectbox(key="scenario_file")
    return box.options[box.index]


# --------------------------------------------------------------------------- text stays text


def test_a_hostile_title_from_a_link_is_shown_as_text() -> None:
    at = start({"name": "mijn", "title": HOSTILE, "alloc": "3000,5000,1400,1400,15000,1200"})
    for page in ("allocate", "compare"):
        go(at, page)
        joined = "\n".join(markdown_bodies(at))
        assert IMAGE not in joined and LINK not in joined and "<script>" not in joined, page
        assert not re.search(r"(?<!\\)\]\(", joined), page  # no link or image syntax
        assert not re.search(r"(?<!\\)<(img|script|a)\b", joined), page
        # no bare address that GitHub markdown would turn into a link by itself
        assert "https://evil" not in joined and "www.evil" not in joined, page
        assert "iemand@evil" not in joined and "http://example.org" not in joined, page
        # the title is there, every special character escaped (and the joiners invisible)
        readable = joined.replace(WORD_JOINER, "")
        assert r"\!\[x\](http\://example.org/x.png)" in readable, page
        assert r"\[Officieel: klik hier\](https\://evil.example)" in readable, page
        assert r"\<script\>alert(1)\</script\>" in readable, page
        assert r"www\.evil.example iemand\@evil.example" in readable, page
        # plotly's names: HTML escaped (plotly would draw <a href> as a link)
        for chart in at.get("plotly_chart"):
            spec = chart.proto.spec
            assert "<a " not in spec and "<img" not in spec and "\\u003cimg" not in spec, page
            assert "&lt;img src=x" in spec or "\\u0026lt;img src=x" in spec, page
    assert "Geopend: " + HOSTILE == selected_label(at)  # a plain-text option: as typed
    on_compare = [b for b in markdown_bodies(at) if "Plan" in b]
    assert any(r"\[Officieel" in b for b in on_compare)  # metric label and differences


# --------------------------------------------------------------------------- changed scenarios


def test_an_official_name_on_other_money_is_marked_changed_everywhere(monkeypatch) -> None:
    downloads: dict[str, object] = {}
    original = ButtonMixin.download_button

    def record(self, label, data, file_name=None, *args, **kwargs):
        downloads[str(file_name)] = data
        return original(self, label, data, file_name, *args, **kwargs)

    monkeypatch.setattr(ButtonMixin, "download_button", record)  # in columns
    main = st.download_button  # bound to the main area when streamlit was imported
    monkeypatch.setattr(st, "download_button", lambda *a, **k: record(main.__self__, *a, **k))
    at = start(DISGUISED)
    assert {line: at.select_slider(key=f"alloc_{line}").value for line in LINES}["2.2"] == 25800
    assert "Huidig scenario: **Jeugd eerst (gewijzigd)**" in "\n".join(m.value for m in at.markdown)
    assert any("jeugd_eerst.toml" in i.value and "(gewijzigd)" in i.value for i in at.info)
    # the list does not claim the file: the opened scenario has an entry of its own
    assert at.selectbox(key="scenario_file").value == "opened"
    assert selected_label(at) == "Geopend: Jeugd eerst (gewijzigd)"
    assert "Kans: Jeugd eerst (gewijzigd)" in at.table[0].value.columns
    go(at, "compare")
    labels = [m.label for m in at.metric]
    assert "Jeugd eerst (gewijzigd)" in labels and "Jeugd eerst" not in labels
    go(at, "share")
    toml = tomllib.loads(at.code[0].value)
    assert toml["scenario"]["name"] == "jeugd_eerst_gewijzigd"
    assert toml["scenario"]["title"] == "Jeugd eerst (gewijzigd)"
    files = sorted(f for f in downloads if f.startswith("jeugd_eerst"))
    assert files == [f"jeugd_eerst_gewijzigd.{x}" for x in ("csv", "nc", "toml", "xlsx")]
    csv = downloads["jeugd_eerst_gewijzigd.csv"]
    frame = pd.read_csv(io.BytesIO(csv() if callable(csv) else csv))
    assert set(frame["scenario"]) == {"jeugd_eerst_gewijzigd"}
    assert set(frame["scenario_title"]) == {"Jeugd eerst (gewijzigd)"}
    # in English too, and the file itself is still there, unchanged
    at.radio(key="lang").set_value("en").run()
    assert "Current scenario: **Jeugd eerst (changed)**" in "\n".join(m.value for m in at.markdown)
    at.selectbox(key="scenario_file").set_value("jeugd_eerst.toml").run()
    assert "Current scenario: **Jeugd eerst**" in "\n".join(m.value for m in at.markdown)
    assert not any("(changed)" in i.value for i in at.info)


def test_a_link_to_the_official_file_selects_that_file() -> None:
    at = start(scenario_to_query(load_scenario("jeugd_eerst")))
    assert at.selectbox(key="scenario_file").value == "jeugd_eerst.toml"
    assert "Huidig scenario: **Jeugd eerst**" in "\n".join(m.value for m in at.markdown)
    assert "gewijzigd" not in "\n".join(markdown_bodies(at))


# --------------------------------------------------------------------------- errors


def test_an_unexpected_error_shows_a_short_message_and_logs_the_traceback(
    monkeypatch, caplog
) -> None:
    def broken(*args, **kwargs):
        raise RuntimeError("secret /root/path")

    monkeypatch.setattr("model.present.charts.output_table", broken)
    with caplog.at_level(logging.ERROR, logger="samenleven.app"):
        at = start()
    assert [e.value for e in at.error] == [t("app.error.page", "nl")]
    shown = everything_shown(at)
    assert "/root/path" not in shown and "Traceback" not in shown and "RuntimeError" not in shown
    logged = [r for r in caplog.records if r.name == "samenleven.app"]
    assert logged and logged[0].exc_info and "secret /root/path" in str(logged[0].exc_info[1])
    assert at.sidebar.metric  # the rest of the app is still there


def test_a_link_or_upload_that_breaks_the_reader_keeps_the_scenario(monkeypatch) -> None:
    def deep(*args, **kwargs):
        raise RecursionError("maximum recursion depth exceeded in /root/path/toml.py")

    monkeypatch.setattr("model.present.appstate.scenario_from_query", deep)
    at = start({"page": "share", "alloc": "1,2,3"})
    assert [w.value for w in at.warning] == [
        t("app.url.error", "nl", message=t("app.error.input", "nl"))
    ]
    assert "/root/path" not in everything_shown(at)
    assert at.selectbox(key="scenario_file").value == "baseline.toml"
    # resolved by choosing a scenario: the warning goes
    at.selectbox(key="scenario_file").set_value("armoede_eerst.toml").run()
    assert not at.warning
    before = {line: at.select_slider(key=f"alloc_{line}").value for line in LINES}

    monkeypatch.setattr(
        "model.present.appstate.read_upload",
        lambda *a, **k: (_ for _ in ()).throw(TypeError("bad /root/path")),
    )
    at.file_uploader(key="upload").set_value(("x.toml", b"x = 1\n", "application/toml")).run()
    assert not at.exception, at.exception
    assert [e.value for e in at.error] == [
        t("app.share.upload_error", "nl", message=t("app.error.input", "nl"))
    ]
    assert {line: at.select_slider(key=f"alloc_{line}").value for line in LINES} == before
    assert "/root/path" not in everything_shown(at)
    monkeypatch.undo()
    # a good file afterwards: opened, and the error is gone
    text = load_scenario("wijken_eerst").to_toml().replace('name = "wijken_eerst"', 'name = "w2"')
    at.file_uploader(key="upload").set_value(("w2.toml", text.encode(), "application/toml")).run()
    assert not at.error and at.success
    assert selected_label(at).startswith("Geopend: ")


def test_a_link_with_a_bad_date_opens_the_baseline_with_a_warning() -> None:
    for day in ("x", "2024-02-30"):
        at = start({**scenario_to_query(load_scenario("baseline")), "dd": day})
        assert len(at.warning) == 1
        assert at.selectbox(key="scenario_file").value == "baseline.toml"
        at.run()  # and the next rerun holds as well
        assert not at.exception, at.exception


def test_the_served_app_shows_no_error_details() -> None:
    from streamlit.config import ShowErrorDetailsConfigOptions as Options

    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    value = config["client"]["showErrorDetails"]
    # "none": no type, message or trace (the legacy false still shows the stack trace)
    assert value == Options.NONE.value
    assert value in {o.value for o in Options}
