"""The websocket-protocol load client of ``bench/bench_load.py --driver protocol``
(``bench/load_protocol.py``): widget states as a browser reports them, the page as the
server drew it, and one short live run against ``streamlit run app.py``."""

from __future__ import annotations

import asyncio
import doctest
import importlib.util
import sys
import tempfile
from pathlib import Path

import pytest
from streamlit.proto.Element_pb2 import Element
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.Slider_pb2 import Slider
from streamlit.proto.WidgetStates_pb2 import WidgetState

ROOT = Path(__file__).resolve().parents[1]


def _load(name: str):
    if str(ROOT / "bench") not in sys.path:  # bench_load imports load_protocol by name
        sys.path.insert(0, str(ROOT / "bench"))
    spec = importlib.util.spec_from_file_location(name, ROOT / "bench" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


P = _load("load_protocol")
B = _load("bench_load")

OPTIONS = ["0 k€", "50 k€", "100 k€"]


def select_slider(key: str, label: str, *, default=(1,), raw=None) -> Element:
    element = Element()
    s = element.slider
    s.id, s.label, s.type = f"$$ID-0123456789abcdef-{key}", label, Slider.SELECT_SLIDER
    s.options.extend(OPTIONS)
    s.default.extend(default)
    if raw is not None:
        s.set_value = True
        s.raw_value.extend(raw)
    return element


def delta(path: tuple[int, ...], element: Element) -> ForwardMsg:
    msg = ForwardMsg()
    msg.metadata.delta_path.extend(path)
    msg.delta.new_element.CopyFrom(element)
    return msg


def test_doctests_pass() -> None:
    assert doctest.testmod(P).failed == 0


def test_select_slider_state_is_the_set_value_else_the_default_option() -> None:
    assert list(P.widget_state(select_slider("a", "A")).string_array_value.data) == ["50 k€"]
    state = P.widget_state(select_slider("a", "A", raw=["100 k€"]))
    assert state.id.endswith("-a") and list(state.string_array_value.data) == ["100 k€"]


def test_widget_states_have_the_value_types_of_streamlits_serde() -> None:
    radio = Element()
    radio.radio.id, radio.radio.default = "$$ID-x-page", 1
    radio.radio.options.extend(["Verdeling", "Vergelijken"])
    assert P.widget_state(radio).string_value == "Vergelijken"
    empty = Element()  # a selectbox with nothing chosen sends no value
    empty.selectbox.id = "$$ID-x-choice"
    empty.selectbox.options.extend(["a", "b"])
    assert P.widget_state(empty) is None
    box = Element()
    box.checkbox.id, box.checkbox.default = "$$ID-x-carry", True
    assert P.widget_state(box).WhichOneof("value") == "bool_value"
    number = Element()
    number.number_input.id, number.number_input.default = "$$ID-x-seed", 7
    number.number_input.data_type = number.number_input.INT
    state = P.widget_state(number)
    assert state.WhichOneof("value") == "int_value" and state.int_value == 7
    button = Element()
    button.button.id = "$$ID-x-go"
    assert P.widget_state(button) is None  # a trigger: unpressed, no state


def test_current_states_keep_what_the_client_sent_unless_the_script_set_a_value() -> None:
    page = P.Page()
    page.add(delta((1, 0), select_slider("a", "A")))  # the client moved it: no set_value
    page.add(delta((1, 1), select_slider("b", "B", raw=["0 k€"])))  # the script set it
    page.add(delta((1, 2), select_slider("c", "C")))  # new to the page
    sent = {}
    for key, option in (("a", "100 k€"), ("b", "100 k€")):
        sent[f"$$ID-0123456789abcdef-{key}"] = WidgetState(id=f"$$ID-0123456789abcdef-{key}")
        sent[f"$$ID-0123456789abcdef-{key}"].string_array_value.data.append(option)
    states = P.current_states(page, sent)
    values = {P.widget_key(k): list(v.string_array_value.data) for k, v in states.items()}
    assert values == {"a": ["100 k€"], "b": ["0 k€"], "c": ["50 k€"]}


def test_view_reads_sliders_metric_address_text_and_error_boxes() -> None:
    page = P.Page()
    page.add(delta((1, 0), select_slider("alloc_2.2", "2.2 Wijken")))
    metric = Element()
    metric.metric.label, metric.metric.body = "Nog te verdelen", "50 k€"
    page.add(delta((1, 1), metric))
    heading = Element()
    heading.heading.body = "Bench-sessie 001"
    page.add(delta((0, 0), heading))
    alert = Element()
    alert.alert.body, alert.alert.format = "Kapot", alert.alert.ERROR
    page.add(delta((0, 1), alert))
    info = ForwardMsg()
    info.page_info_changed.query_string = "title=Bench-sessie+001&alloc=1"
    page.add(info)
    done = ForwardMsg()
    done.script_finished = ForwardMsg.FINISHED_SUCCESSFULLY
    page.add(done)
    view = page.view("http://h:1", True, P.current_states(page, {}))
    assert view["sliders"] == {"2.2 Wijken": "50 k€"}
    assert view["remaining"] == "50 k€"
    assert view["url"] == "http://h:1/?title=Bench-sessie+001&alloc=1"
    assert "Bench-sessie 001" in view["text"] and "Nog te verdelen" in view["side"]
    assert "Bench-sessie 001" not in view["side"]
    assert view["alerts"] == ["Kapot"] and view["connection"] == "CONNECTED"
    assert page.finished == ForwardMsg.FINISHED_SUCCESSFULLY


def test_step_down_chooses_the_option_below_and_stops_at_the_lowest() -> None:
    client = P.ProtocolSession("http://h:1")
    client.page.add(delta((1, 0), select_slider("a", "A Armoede", default=(1,))))
    client.states = P.current_states(client.page, {})
    option, change = client.step_down("A")
    assert option == "0 k€"
    assert [list(s.string_array_value.data) for s in change.values()] == [["0 k€"]]
    client.states = P.current_states(client.page, change)
    with pytest.raises(ValueError, match="lowest option"):
        client.step_down("A")
    with pytest.raises(KeyError, match="no option"):
        client.select("slider", "7 k€", label="A")


def test_a_short_protocol_run_against_the_app_has_no_errors_and_no_leaks() -> None:
    """Two sessions on one started server (one draw, so it is quick): every step's page
    shows the session's own allocation, the amount left and the address the server
    computed from the widget states the client sent, and no other session's marker."""
    args = B.parse_args(
        ["--sessions", "2", "--steps", "4", "--think", "0", "--page-every", "3",
         "--step-timeout", "120", "--app-samples", "1"]
    )  # fmt: skip
    log = Path(tempfile.mkdtemp(prefix="bench_load_test_")) / "streamlit.log"
    server, url = B.start_server(log, args.app_samples)
    try:
        result = asyncio.run(B.run_all([url], [server.pid], args))
    finally:
        B.stop_server(server)
    (phase,) = result["phases"]
    assert phase["errors"] == 0, phase["problems"]
    assert phase["leaks"] == 0, phase["leak_details"]
    assert phase["steps_done"] == 8
    assert set(phase["by_kind"]) == {"slider@allocate", "page:compare", "slider@compare"}
    assert phase["server_cpu_per_rerun_s"] is not None and phase["server_rss_mb"]["end"] > 50
    assert "Traceback" not in log.read_text(errors="replace")
