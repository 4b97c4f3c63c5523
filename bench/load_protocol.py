"""A workshop participant without a browser: Streamlit's websocket protocol as a load client.

``bench_load.py --driver protocol`` uses this module. A :class:`ProtocolSession` opens
the socket a browser tab opens (``ws://HOST:PORT/_stcore/stream``, subprotocol
``streamlit``) and speaks the same binary protobuf messages: a ``BackMsg`` with
``rerun_script`` (the address's query string and the state of every widget) asks for a
rerun; the server answers with ``ForwardMsg`` deltas, one per element, and
``script_finished``. The session keeps what the page would show (every element of the
last run by its delta path) and the current value of every widget, as the browser's
widget manager does, so a rerun it asks for carries all widget states with one changed.

It lists no cached messages (``cached_message_hashes`` empty), so the server sends every
element in full, as to a browser that opened the page just now: the most the server can
be asked to send.

What it measures is the server: from sending the input until ``script_finished``, with
the transfer of every element. A browser adds its own rendering (about 0.1–0.3 s on a
workshop laptop); it does not take CPU from the server there, as it does when the
browsers of the bench run on the server's two cores.

Checked against Streamlit 1.67 (``streamlit/web/server/starlette/starlette_websocket.py``
and the widgets' serde in ``streamlit/elements/widgets``).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.Slider_pb2 import Slider
from streamlit.proto.WidgetStates_pb2 import WidgetState

SIDEBAR = 1
"""The root container of the sidebar in a delta path (0 is the main area)."""

TEXT_ELEMENTS = ("markdown", "heading", "alert", "metric", "text", "code")
"""Elements whose text counts as what the page shows."""


def widget_key(widget_id: str) -> str | None:
    """The ``key=`` a widget was given, from its id ``$$ID-<hash>-<key>``; None when it
    has none.

    >>> widget_key("$$ID-68b3941af1f757a2da8dd8edd138180f-alloc_2.1.a")
    'alloc_2.1.a'
    >>> widget_key("$$ID-68b3941af1f757a2da8dd8edd138180f-None") is None
    True
    """
    parts = widget_id.split("-", 2)
    if len(parts) < 3 or parts[2] == "None":
        return None
    return parts[2]


def select_slider_value(slider: Any) -> list[str]:
    """The options a select_slider shows as chosen: the value the script set, else its
    default (both option indices)."""
    if slider.set_value and slider.raw_value:
        return list(slider.raw_value)
    indices = slider.value if slider.set_value and slider.value else slider.default
    return [slider.options[int(i)] for i in indices]


def widget_state(element: Any) -> WidgetState | None:
    """The state a browser reports for the widget ``element`` (an ``Element`` proto) as
    it was drawn; None for an element that is not a widget with a value (a button is a
    trigger: unpressed, it has no state).

    The value types are those the widgets' serde declares in Streamlit 1.67:
    select_slider and multiselect ``string_array_value``, radio and selectbox
    ``string_value`` (the option as shown), slider ``double_array_value``, checkbox
    ``bool_value``, number_input ``int_value`` or ``double_value``, text_input
    ``string_value``.
    """
    kind = element.WhichOneof("type")
    if kind is None:
        return None
    proto = getattr(element, kind)
    if not hasattr(proto, "id") or not proto.id:
        return None
    state = WidgetState(id=proto.id)
    if kind == "slider":
        if proto.type == Slider.SELECT_SLIDER:
            state.string_array_value.data.extend(select_slider_value(proto))
        else:
            state.double_array_value.data.extend(proto.value if proto.set_value else proto.default)
    elif kind in ("radio", "selectbox"):
        if proto.set_value and proto.HasField("raw_value"):
            state.string_value = proto.raw_value
        elif proto.HasField("default") and 0 <= proto.default < len(proto.options):
            state.string_value = proto.options[proto.default]
        else:
            return None  # nothing chosen: the browser sends no value either
    elif kind == "multiselect":
        chosen = (
            list(proto.raw_values) if proto.set_value else [proto.options[i] for i in proto.default]
        )
        state.string_array_value.data.extend(chosen)
    elif kind == "checkbox":
        state.bool_value = proto.value if proto.set_value else proto.default
    elif kind == "number_input":
        value = proto.value if proto.set_value else proto.default
        if proto.data_type == proto.INT:
            state.int_value = int(value)
        else:
            state.double_value = value
    elif kind == "text_input":
        state.string_value = proto.value if proto.set_value else proto.default
    else:
        return None
    return state


def current_states(page: Page, sent: dict[str, WidgetState]) -> dict[str, WidgetState]:
    """The value every widget of ``page`` now holds, as the browser's widget manager
    keeps it: the value the script set (``set_value``) wins; otherwise a widget keeps
    the value last sent for its id; a widget new to the page starts at its default.

    The server leaves ``set_value`` off for a value the client chose, and the element's
    ``default`` then says nothing about what the slider shows.
    """
    out = {}
    for widget_id, element in page.widgets().items():
        proto = getattr(element, element.WhichOneof("type"))
        if not getattr(proto, "set_value", False) and widget_id in sent:
            out[widget_id] = sent[widget_id]
        elif (state := widget_state(element)) is not None:
            out[widget_id] = state
    return out


def element_text(element: Any) -> str:
    """The text an element shows (its label and body), empty for others."""
    kind = element.WhichOneof("type")
    if kind not in TEXT_ELEMENTS:
        return ""
    proto = getattr(element, kind)
    if kind == "metric":
        return f"{proto.label}\n{proto.body}"
    return proto.body


@dataclass
class Page:
    """What one finished run of the script drew: every element by its delta path, the
    address's query string and the run's status."""

    elements: dict[tuple[int, ...], Any] = field(default_factory=dict)
    query_string: str = ""
    finished: int | None = None
    """``ForwardMsg.ScriptFinishedStatus`` of the run, None while it runs."""

    def add(self, msg: ForwardMsg) -> None:
        """Take one message of the run into the page."""
        kind = msg.WhichOneof("type")
        if kind == "delta" and msg.delta.WhichOneof("type") == "new_element":
            self.elements[tuple(msg.metadata.delta_path)] = msg.delta.new_element
        elif kind == "page_info_changed":
            self.query_string = msg.page_info_changed.query_string
        elif kind == "script_finished":
            self.finished = msg.script_finished

    def in_sidebar(self, path: tuple[int, ...]) -> bool:
        return bool(path) and path[0] == SIDEBAR

    def widgets(self) -> dict[str, Any]:
        """Every widget element by its id."""
        out = {}
        for element in self.elements.values():
            kind = element.WhichOneof("type")
            proto = getattr(element, kind) if kind else None
            if proto is not None and getattr(proto, "id", ""):
                out[proto.id] = element
        return out

    def find(self, kind: str, label: str | None = None, key: str | None = None) -> Any:
        """The widget proto of ``kind`` whose label starts with ``label`` or whose key is
        ``key``; KeyError when the page has none."""
        for element in self.elements.values():
            if element.WhichOneof("type") != kind:
                continue
            proto = getattr(element, kind)
            if label is not None and proto.label.strip().startswith(label):
                return proto
            if key is not None and widget_key(proto.id) == key:
                return proto
        raise KeyError(f"no {kind} with label {label!r} / key {key!r} on the page")

    def view(
        self, base_url: str, connected: bool, states: dict[str, WidgetState]
    ) -> dict[str, Any]:
        """What the page shows, in the form ``bench_load.check_view`` reads (as the
        browser driver's ``VIEW`` script collects it); ``states``: the widgets' values
        (:func:`current_states`)."""
        ordered = sorted(self.elements.items())
        sliders = {}
        for path, element in ordered:
            if self.in_sidebar(path) and element.WhichOneof("type") == "slider":
                slider = element.slider
                state = states.get(slider.id)
                if slider.type == Slider.SELECT_SLIDER and state is not None:
                    sliders[slider.label.strip()] = state.string_array_value.data[0]
        metric = next(
            (
                e.metric.body
                for p, e in ordered
                if self.in_sidebar(p) and e.WhichOneof("type") == "metric"
            ),
            None,
        )
        texts = [(p, element_text(e)) for p, e in ordered]
        alerts = [
            e.alert.body
            for _, e in ordered
            if e.WhichOneof("type") == "alert" and e.alert.format == e.alert.ERROR
        ]
        return {
            "sliders": sliders,
            "remaining": metric,
            "url": f"{base_url.rstrip('/')}/?{self.query_string}",
            "text": "\n".join(text for _, text in texts if text),
            "side": "\n".join(text for p, text in texts if text and self.in_sidebar(p)),
            "exceptions": sum(
                1 for e in self.elements.values() if e.WhichOneof("type") == "exception"
            ),
            "alerts": alerts,
            "connection": "CONNECTED" if connected else "DISCONNECTED",
        }


class ProtocolError(RuntimeError):
    """The server closed the socket or did not finish a run in time."""


class ProtocolSession:
    """One browser tab's worth of Streamlit session, over the websocket protocol.

    Parameters
    ----------
    base_url : str
        The app's address, ``http://HOST:PORT``.
    """

    def __init__(self, base_url: str) -> None:
        self.base_url = base_url.rstrip("/")
        self.ws: Any = None
        self.page = Page()
        self.states: dict[str, WidgetState] = {}
        self.query_string = ""

    async def connect(self) -> None:
        import websockets

        ws_url = self.base_url.replace("http://", "ws://", 1).replace("https://", "wss://", 1)
        self.ws = await websockets.connect(
            f"{ws_url}/_stcore/stream",
            subprotocols=["streamlit"],  # type: ignore[list-item]
            origin=self.base_url,  # type: ignore[arg-type]
            max_size=None,
            open_timeout=60,
        )

    @property
    def connected(self) -> bool:
        from websockets.protocol import State

        return self.ws is not None and self.ws.state is State.OPEN

    async def close(self) -> None:
        if self.ws is not None:
            await self.ws.close()

    async def open(self, query_string: str, timeout: float) -> float:
        """Open the page at ``?query_string`` (a share link); seconds until its first run
        finished."""
        self.query_string = query_string
        return await self.rerun({}, timeout)

    async def rerun(self, changes: dict[str, WidgetState], timeout: float) -> float:
        """Ask for a rerun with the widget states of the last run, ``changes`` (by widget
        id) replacing theirs; wait until it finished. Seconds from sending to
        ``script_finished``.

        Raises
        ------
        ProtocolError
            When the socket closes or no run finished within ``timeout`` seconds.
        """
        import asyncio

        msg = BackMsg()
        state = msg.rerun_script
        state.query_string = self.query_string
        for widget in {**self.states, **changes}.values():
            state.widget_states.widgets.append(widget)
        started = time.perf_counter()
        await self.ws.send(msg.SerializeToString())
        deadline = started + timeout
        page = Page()
        while True:
            left = deadline - time.perf_counter()
            if left <= 0:
                raise ProtocolError(f"no finished run within {timeout:.0f} s")
            try:
                data = await asyncio.wait_for(self.ws.recv(), left)
            except TimeoutError:
                raise ProtocolError(f"no finished run within {timeout:.0f} s") from None
            except Exception as err:  # the socket closed
                raise ProtocolError(f"connection lost: {err}") from err
            fwd = ForwardMsg()
            fwd.ParseFromString(data)
            kind = fwd.WhichOneof("type")
            if kind == "new_session":  # a run starts (again, after an st.rerun)
                page = Page(query_string=page.query_string or self.query_string)
                continue
            page.add(fwd)
            if kind == "script_finished":
                if fwd.script_finished == ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                    continue  # the script asked for another run: it follows
                break
        elapsed = time.perf_counter() - started
        if page.query_string:
            self.query_string = page.query_string
        self.page = page
        self.states = current_states(page, {**self.states, **changes})
        return elapsed

    def select(
        self, kind: str, option: str, *, label: str | None = None, key: str | None = None
    ) -> dict[str, WidgetState]:
        """The change that picks ``option`` in the select_slider, radio or selectbox found
        by ``label`` or ``key`` (for :meth:`rerun`)."""
        proto = self.page.find(kind, label=label, key=key)
        if option not in proto.options:
            raise KeyError(f"{kind} {proto.label!r} has no option {option!r}")
        state = WidgetState(id=proto.id)
        if kind == "slider":
            state.string_array_value.data.append(option)
        else:
            state.string_value = option
        return {proto.id: state}

    def step_down(self, label: str) -> tuple[str, dict[str, WidgetState]]:
        """The option one below the current one of the select_slider labelled ``label``
        (what an arrow-left key press chooses) and the change that picks it."""
        proto = self.page.find("slider", label=label)
        current = self.states[proto.id].string_array_value.data[0]
        index = list(proto.options).index(current)
        if index == 0:
            raise ValueError(f"slider {proto.label!r} is at its lowest option {current!r}")
        option = proto.options[index - 1]
        return option, self.select("slider", option, label=label)
