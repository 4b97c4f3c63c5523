#!/usr/bin/env python
"""Load benchmark: N concurrent sessions against the workshop app's server(s).

    python bench/bench_load.py                              # 1, 5 and 10 sessions, 32 steps each
    python bench/bench_load.py --servers 2 --app-samples 100        # one server per core
    python bench/bench_load.py --sessions 10 --steps 52 --servers 2  # a room of 520 reruns
    python bench/bench_load.py --sessions 4 --steps 10 --think 0      # worst case: no pause
    python bench/bench_load.py --driver browser --sessions 1 5       # headless chromium
    python bench/bench_load.py --url http://10.0.0.5:8501 --server-pid 1234   # a running server

A script that prints figures, not a test: nothing fails on timing. It starts
``streamlit run app.py`` on a free port of localhost (``--servers N``: N of them, each on
its own port, the sessions dealt over them in turn as the tables of a room would be), or
attaches to ``--url``. For each count of ``--sessions`` in turn it opens that many
sessions on the server(s):

- ``--driver protocol`` (the default): each session speaks Streamlit's own websocket
  protocol (``load_protocol.py``), as a browser tab does: the share link's query string
  and every widget's state go up, every element of the page comes down. No browser runs,
  so the two cores are the server's, as in a workshop where every laptop renders its own
  page. A step ends when the server's ``script_finished`` arrives.
- ``--driver browser``: one headless Debian chromium (``/usr/bin/chromium`` or
  ``$CHROMIUM``) with one context per session (own cookies, storage and websocket; each
  gets its own renderer process). A step ends when the page has finished the rerun,
  measured inside the page. The browsers share the server's two cores here.

Each session opens a share link with a scenario of its own: its title (``Bench-sessie
007``) and an amount on line 2.2 that no other session has are its **markers**. Then it
runs a bounded loop (``--steps``, ``--max-seconds`` per session count) of steps, each one
input and the rerun it causes: one arrow-key step down (50 k€) of an allocation slider (a
different line per session, so every step is a new scenario: no cache hit), and every
``--page-every``-th step a switch between the Allocation and the Compare page (a slider
moved on the Compare page reruns the comparison). Between steps it pauses ``--think``
seconds (±50 %), the time a participant looks at the result.

With the browser driver it measures per step, inside the page (a MutationObserver on the
app's script state, as ``bench_app.py --browser`` does), the time from the input until the
rerun has finished. Under load the page can receive "running" and "finished" together and
never show the running state; such a step ends when the rerun time caption (the script's
last element) has changed, and the figures count these steps.

After each step, with either driver, it checks that the page shows the session's own
numbers (every allocation slider, the amount still to allocate, the address's ``alloc``
and ``title``, its own title on the page) and no other session's marker (a **leak**). The
amount still to allocate and the address are computed by the server from what it holds
for the session, so with the protocol driver too they show what the server made of the
session's inputs. An exception on the page, an error box, a lost connection, a step
without a finished rerun in ``--step-timeout`` or a JavaScript error count as **errors**.
The rerun time the app reports in its sidebar is read too.

The servers' resident memory (``VmRSS`` of the server processes and their children,
together) and the CPU time of the servers and of this script with its browser are
sampled twice a second. The server's CPU seconds per rerun say what the server alone
needs.

The targets of issue 16 are printed beside the figures with met / not met. Memory growth
is judged in the last session count's room: the servers' RSS at its end less their RSS
once its sessions had opened, over its reruns (``--sessions 10 --steps 50`` gives 500);
the growth over the whole run, which also holds the state of every session opened on the
way, is printed beside it. A Ctrl-C (or SIGTERM) closes the sessions and stops the
servers.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import os
import random
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlencode, urlparse

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:  # benchmark the working tree, installed or not
    sys.path.insert(0, str(REPO))

from model import LINES, RESERVE_TOTAL, load_scenario  # noqa: E402
from model.common.files import write_atomic  # noqa: E402
from model.i18n import t  # noqa: E402
from model.present.appstate import ALLOCATION_STEP, min_allocation  # noqa: E402
from model.present.texts import line_label  # noqa: E402

LANG = "nl"
"""The app's default language; labels and texts are looked up in it."""

MARKER_LINE = "2.2"
"""The line whose amount marks a session: the baseline's, less 50 k€ times its number."""

WALK_LINES = ("2.1.a", "2.1.b", "2.1.c", "2.1.d", "2.3")
"""The lines the sessions move, each session starting at another one."""

STEP = int(ALLOCATION_STEP)
BASELINE = {line: int(v) for line, v in load_scenario("baseline").allocation.items()}
MAX_STEPS = sum((BASELINE[line] - int(min_allocation(line))) // STEP for line in WALK_LINES)
"""Steps down a session can take before every walked line is at its minimum."""
MAX_SESSIONS = (BASELINE[MARKER_LINE] // STEP) - 1
"""Sessions in one run (each needs its own marker amount on line 2.2)."""

TARGETS = {
    "sessions": 10,
    "median_s": 0.5,
    "p95_s": 2.0,
    "errors": 0,
    "leaks": 0,
    "growth_mb": 100.0,
    "reruns": 500,
}
"""Issue 16, on this 2-core machine with the compiled engine."""

CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    # every context is a laptop in its own right: none is throttled as a background tab
    "--disable-background-timer-throttling", "--disable-renderer-backgrounding",
    "--disable-backgrounding-occluded-windows",
]  # fmt: skip

VIEWPORT = {"width": 1400, "height": 1000}

# --------------------------------------------------------------------------- pure helpers


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """The command line, checked: every bound finite and positive."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument(
        "--sessions", type=int, nargs="+", default=[1, 5, 10], help="session counts, in turn"
    )
    parser.add_argument("--steps", type=int, default=32, help="steps per session (default 32)")
    parser.add_argument(
        "--max-seconds",
        type=float,
        default=300.0,
        help="time bound of the loop of one session count (default 300)",
    )
    parser.add_argument(
        "--step-timeout",
        type=float,
        default=60.0,
        help="seconds a step may take before it counts as an error (default 60)",
    )
    parser.add_argument(
        "--think", type=float, default=1.0, help="pause between steps, ±50 %% (default 1 s)"
    )
    parser.add_argument(
        "--page-every",
        type=int,
        default=5,
        help="every n-th step switches between Allocation and Compare (0: never; default 5)",
    )
    parser.add_argument(
        "--reruns-for-memory",
        type=int,
        default=0,
        help="reruns the memory figure needs (the target is judged over 500): the last "
        "session count runs more steps when the others do not reach it (default 0: the "
        "steps alone decide)",
    )
    parser.add_argument(
        "--app-samples",
        type=int,
        choices=(1, 100, 300, 1000, 3000),
        help="the draws the started server's sessions use (make app SAMPLES=...; default: "
        "the app's 1000)",
    )
    parser.add_argument(
        "--driver",
        choices=("protocol", "browser"),
        default="protocol",
        help="protocol: each session speaks Streamlit's websocket protocol (the server "
        "measured alone; default); browser: each session is a headless chromium context "
        "(the browsers share the server's cores)",
    )
    parser.add_argument(
        "--servers",
        type=int,
        default=1,
        help="server processes to start, each on its own port; the sessions are dealt "
        "over them in turn (default 1)",
    )
    parser.add_argument(
        "--url", nargs="+", help="attach to these running apps instead of starting servers"
    )
    parser.add_argument(
        "--server-pid",
        type=int,
        nargs="+",
        help="with --url: the servers' process ids, for their memory and CPU",
    )
    parser.add_argument("--seed", type=int, default=1, help="seed of the pauses (default 1)")
    parser.add_argument("--json", type=Path, help="also write the figures to this JSON file")
    args = parser.parse_args(argv)
    if not args.sessions or min(args.sessions) < 1:
        parser.error(f"--sessions {args.sessions}: each count must be at least 1")
    if sum(args.sessions) > MAX_SESSIONS:
        parser.error(
            f"--sessions {args.sessions}: at most {MAX_SESSIONS} sessions in all "
            "(each needs its own marker amount)"
        )
    if not 1 <= args.steps <= MAX_STEPS:
        parser.error(f"--steps {args.steps}: from 1 to {MAX_STEPS}")
    for name in ("max_seconds", "step_timeout"):
        value = getattr(args, name)
        if not (math.isfinite(value) and value > 0):
            parser.error(f"--{name.replace('_', '-')} {value}: a positive number of seconds")
    if not (math.isfinite(args.think) and 0 <= args.think <= 60):
        parser.error(f"--think {args.think}: from 0 to 60 seconds")
    if args.page_every < 0:
        parser.error(f"--page-every {args.page_every}: 0 (never) or more")
    if args.reruns_for_memory < 0:
        parser.error(f"--reruns-for-memory {args.reruns_for_memory}: 0 or more")
    if args.server_pid is not None and args.url is None:
        parser.error("--server-pid needs --url (a started server's id is known)")
    if not 1 <= args.servers <= 8:
        parser.error(f"--servers {args.servers}: from 1 to 8")
    if args.url is not None and args.servers != 1:
        parser.error("--servers starts servers; with --url list every running one instead")
    return args


def steps_per_count(sessions: list[int], steps: int, reruns: int) -> list[int]:
    """Steps per session for each session count: ``steps``, and for the last count as
    many more as the whole run needs to reach ``reruns`` reruns after the first sessions
    opened (each step and each session opened later is one rerun), within
    :data:`MAX_STEPS`.

    >>> steps_per_count([1, 5, 10], 30, 500)
    [30, 30, 31]
    >>> steps_per_count([1, 5, 10], 32, 500)
    [32, 32, 32]
    """
    out = [steps] * len(sessions)
    fixed = sum(n * steps for n in sessions[:-1]) + sum(sessions[1:])
    need = math.ceil((reruns - fixed) / sessions[-1])
    out[-1] = min(MAX_STEPS, max(steps, need))
    return out


def percentile(values: list[float], q: float) -> float:
    """The ``q``-th percentile (0–100) with linear interpolation between ranks (numpy's
    default).

    >>> percentile([1.0, 2.0, 3.0, 4.0], 50)
    2.5
    >>> percentile([1.0, 2.0, 3.0, 4.0], 95)
    3.85
    """
    if not values:
        raise ValueError("percentile of no values")
    if not 0 <= q <= 100:
        raise ValueError(f"q = {q}: from 0 to 100")
    ordered = sorted(values)
    rank = (len(ordered) - 1) * q / 100
    low = math.floor(rank)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def summarise(samples: list[float | None]) -> dict[str, float | int | None]:
    """Count, median, 95th percentile and maximum of the values that are not None
    (None for no values)."""
    values = [v for v in samples if v is not None]
    if not values:
        return {"n": 0, "median": None, "p95": None, "max": None}
    return {
        "n": len(values),
        "median": statistics.median(values),
        "p95": percentile(values, 95),
        "max": max(values),
    }


def rss_summary(samples: list[float | None]) -> dict[str, float | None]:
    """Start, peak, end and growth (end − start) of a series of memory samples (MB);
    None stands for a sample not taken."""
    rss_mb = [v for v in samples if v is not None]
    if not rss_mb:
        return {"start": None, "peak": None, "end": None, "growth": None}
    return {
        "start": rss_mb[0],
        "peak": max(rss_mb),
        "end": rss_mb[-1],
        "growth": rss_mb[-1] - rss_mb[0],
    }


def marker_title(index: int) -> str:
    """The title that marks session ``index`` (1-based, three digits: no title is part of
    another)."""
    return f"Bench-sessie {index:03d}"


@dataclass(frozen=True)
class Plan:
    """What one session does: its markers, its starting allocation and the lines it
    moves, in order."""

    index: int
    title: str
    marker: int
    allocation: dict[str, int]
    walk: tuple[str, ...]


def session_plan(index: int) -> Plan:
    """Session ``index`` (1-based, unique over the whole run): line 2.2 lowered by
    ``index`` steps of 50 k€ (its marker amount), walking down from line
    ``WALK_LINES[(index - 1) % 5]``."""
    if not 1 <= index <= MAX_SESSIONS:
        raise ValueError(f"session {index}: from 1 to {MAX_SESSIONS}")
    marker = BASELINE[MARKER_LINE] - STEP * index
    start = (index - 1) % len(WALK_LINES)
    return Plan(
        index=index,
        title=marker_title(index),
        marker=marker,
        allocation={**BASELINE, MARKER_LINE: marker},
        walk=WALK_LINES[start:] + WALK_LINES[:start],
    )


def session_link(url: str, plan: Plan) -> str:
    """The share link that opens ``plan``'s scenario on the Allocation page."""
    query = {
        "name": f"bench_{plan.index:03d}",
        "title": plan.title,
        "alloc": ",".join(str(plan.allocation[line]) for line in LINES),
        "page": "allocate",
        "lang": LANG,
    }
    return f"{url.rstrip('/')}/?{urlencode(query)}"


def next_move(allocation: dict[str, int], walk: tuple[str, ...]) -> tuple[str, dict[str, int]]:
    """The line a step moves (the first of ``walk`` above its minimum) and the
    allocation after it (that line 50 k€ lower): every step a scenario not seen before.

    >>> line, after = next_move({**BASELINE, "2.1.c": 0}, ("2.1.c", "2.1.d"))
    >>> line, after["2.1.d"]
    ('2.1.d', 1350)
    """
    for line in walk:
        if allocation[line] - STEP >= min_allocation(line):
            return line, {**allocation, line: allocation[line] - STEP}
    raise ValueError(f"no line of {walk} can go lower than {allocation}")


def step_kind(step: int, page_every: int) -> str:
    """``"page"`` for every ``page_every``-th step (0-based ``step``), else ``"slider"``.

    >>> [step_kind(k, 3) for k in range(6)]
    ['slider', 'slider', 'page', 'slider', 'slider', 'page']
    """
    return "page" if page_every and (step + 1) % page_every == 0 else "slider"


def parse_amount(text: str) -> int:
    """An amount as the app shows it in Dutch, ``"14.950 k€"`` or ``"−50 k€"``, in k€."""
    cleaned = text.replace("k€", "").replace("\u2212", "-").replace(".", "").strip()
    return int(float(cleaned.replace(",", ".")))


def check_view(
    view: dict[str, Any], plan: Plan, allocation: dict[str, int], others: list[Plan]
) -> tuple[list[str], list[str]]:
    """What is wrong with a session's page after a step.

    Parameters
    ----------
    view : dict
        What the page shows: ``sliders`` (label -> value text), ``remaining`` (the
        metric's text), ``url`` and ``text`` (all text of the page).
    plan, allocation : Plan, dict
        The session and the allocation it should now show.
    others : list of Plan
        Every other session of the run.

    Returns
    -------
    problems, leaks : list of str
        Own numbers that are not shown (a wrong number); markers of other sessions that
        are (a leak).
    """
    problems: list[str] = []
    leaks: list[str] = []
    shown: dict[str, int | None] = {}
    for line in LINES:
        text = next(
            (v for k, v in view["sliders"].items() if k.strip().startswith(f"{line} ")), None
        )
        try:
            shown[line] = None if text is None else parse_amount(text)
        except ValueError:
            shown[line] = None
        if shown[line] != allocation[line]:
            problems.append(f"slider {line} shows {text!r}, expected {allocation[line]}")
    try:
        remaining = parse_amount(view["remaining"] or "")
    except ValueError:
        remaining = None
    expected_left = int(RESERVE_TOTAL) - sum(allocation.values())
    if remaining != expected_left:
        problems.append(f"still to allocate shows {view['remaining']!r}, expected {expected_left}")
    query = parse_qs(urlparse(view["url"]).query)
    alloc = ",".join(str(allocation[line]) for line in LINES)
    if query.get("alloc") != [alloc]:
        problems.append(f"address has alloc={query.get('alloc')}, expected {alloc}")
    if query.get("title") != [plan.title]:
        problems.append(f"address has title={query.get('title')}, expected {plan.title!r}")
    if plan.title not in view["text"]:
        problems.append(f"own title {plan.title!r} not on the page")
    for other in others:
        if other.index == plan.index:
            continue
        if other.title in view["text"] or other.title in query.get("title", []):
            leaks.append(f"session {plan.index} shows {other.title!r}")
        if shown[MARKER_LINE] == other.marker:
            leaks.append(f"session {plan.index} shows line 2.2 = {other.marker} of {other.title!r}")
    return problems, leaks


def verdicts(
    phases: list[dict[str, Any]], memory: dict[str, Any]
) -> list[tuple[str, str, str, bool | None]]:
    """Each target of issue 16 beside the measured figure: (what, target, measured, met);
    ``met`` is None when the run did not measure it (no phase with the target's session
    count, or fewer reruns than the memory target needs)."""
    n = TARGETS["sessions"]
    phase = next((p for p in phases if p["sessions"] == n), None)

    def seconds(value: float | None) -> str:
        return "—" if value is None else f"{value:.2f} s"

    out: list[tuple[str, str, str, bool | None]] = []
    steps = phase["steps"] if phase else {"median": None, "p95": None}
    for key, what in (("median_s", "median"), ("p95_s", "p95")):
        value = steps[what]
        out.append(
            (
                f"{n} sessions: {what} step",
                f"≤ {TARGETS[key]:.1f} s",
                seconds(value),
                None if value is None else value <= TARGETS[key],
            )
        )
    for key in ("errors", "leaks"):
        value = None if phase is None else phase[key]
        out.append(
            (
                f"{n} sessions: {key}",
                f"{TARGETS[key]}",
                "—" if value is None else str(value),
                None if value is None else value <= TARGETS[key],
            )
        )
    # Judged in a room whose sessions stay the same (the last session count, from its
    # sessions' opening to its end): each session that opens holds its own state (about
    # 7 MB), which is not growth over reruns.
    room = memory.get("room") or {}
    growth, reruns = room.get("growth"), room.get("reruns", 0)
    judged = growth is not None and reruns >= TARGETS["reruns"]
    out.append(
        (
            f"memory growth over {TARGETS['reruns']} reruns",
            f"≤ {TARGETS['growth_mb']:.0f} MB",
            "—" if growth is None else f"{growth:+.0f} MB over {reruns} reruns",
            (growth <= TARGETS["growth_mb"]) if judged else None,
        )
    )
    return out


# --------------------------------------------------------------------------- processes


def parse_stat(text: str) -> tuple[int, float]:
    """Parent id and CPU seconds (user + system) from the text of ``/proc/PID/stat``
    (the command name in parentheses may hold spaces)."""
    fields = text[text.rindex(")") + 2 :].split()
    ticks = os.sysconf("SC_CLK_TCK")
    return int(fields[1]), (int(fields[11]) + int(fields[12])) / ticks


def process_table() -> dict[int, tuple[int, float]]:
    """Every process: id -> (parent id, CPU seconds)."""
    table = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                table[int(entry)] = parse_stat(Path(f"/proc/{entry}/stat").read_text())
            except (OSError, ValueError, IndexError):  # gone meanwhile
                continue
    return table


def tree(pid: int, table: dict[int, tuple[int, float]]) -> set[int]:
    """``pid`` and its descendants."""
    children: dict[int, list[int]] = {}
    for child, (parent, _) in table.items():
        children.setdefault(parent, []).append(child)
    out, todo = set(), [pid]
    while todo:
        p = todo.pop()
        if p in out:
            continue
        out.add(p)
        todo.extend(children.get(p, []))
    return out & (set(table) | {pid})


def rss_mb(pids: set[int]) -> float:
    """Resident memory of ``pids`` together (``VmRSS``), MB."""
    total = 0
    for pid in pids:
        try:
            for row in Path(f"/proc/{pid}/status").read_text().splitlines():
                if row.startswith("VmRSS:"):
                    total += int(row.split()[1])
        except OSError:
            continue
    return total / 1024


def reap_children() -> None:
    """Kill what this script started and is still running (a browser left behind by an
    interrupt), by id."""
    me = os.getpid()
    for pid in tree(me, process_table()) - {me}:
        try:
            os.kill(pid, signal.SIGKILL)
        except OSError:
            pass


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(
    log: Path, samples: int | None = None, threads: int | None = None
) -> tuple[subprocess.Popen[bytes], str]:
    """``streamlit run app.py`` on a free port of localhost, once it answers its health
    check. Its own session: a Ctrl-C reaches this script, which then stops it. ``samples``:
    the draws its sessions start with (``SAMENLEVEN_SAMPLES``, as ``make app SAMPLES=``);
    ``threads``: the compiled kernel's threads (``SAMENLEVEN_THREADS``; default every
    core), 1 when one server per core shares the machine (as ``make workshop`` does)."""
    port = free_port()
    cmd = [
        sys.executable, "-m", "streamlit", "run", str(REPO / "app.py"),
        "--server.headless", "true", "--server.address", "127.0.0.1",
        "--server.port", str(port), "--server.fileWatcherType", "none",
        "--browser.gatherUsageStats", "false",
    ]  # fmt: skip
    with open(log, "wb") as out:
        proc = subprocess.Popen(
            cmd,
            cwd=REPO,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
            env={
                **os.environ,
                "PYTHONUNBUFFERED": "1",
                **({"SAMENLEVEN_SAMPLES": str(samples)} if samples else {}),
                **({"SAMENLEVEN_THREADS": str(threads)} if threads else {}),
            },
            start_new_session=True,
        )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while True:
        if proc.poll() is not None:
            raise RuntimeError(f"streamlit exited with {proc.returncode}; see {log}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
                if r.read() == b"ok":
                    return proc, url
        except OSError:
            pass
        if time.monotonic() > deadline:
            stop_server(proc)
            raise RuntimeError(f"streamlit not healthy after 120 s; see {log}")
        time.sleep(0.25)


def stop_server(proc: subprocess.Popen[bytes]) -> None:
    """SIGINT to the server's process group (it was started in its own), SIGKILL after 15 s."""
    if proc.poll() is not None:
        return
    try:
        os.killpg(proc.pid, signal.SIGINT)
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
    except ProcessLookupError:
        pass


# --------------------------------------------------------------------------- in the page

INSTRUMENT = """() => {
  window.__ev = [];
  const app = document.querySelector('[data-testid="stApp"]');
  new MutationObserver(records => {
    const now = performance.now();
    for (const r of records) window.__ev.push([now, 'was:' + r.oldValue]);
    window.__ev.push([now, app.getAttribute('data-test-script-state')]);
  }).observe(app, {attributes: true, attributeOldValue: true,
                   attributeFilter: ['data-test-script-state']});
  for (const type of ['keydown', 'click'])
    document.addEventListener(type, () => window.__ev.push([performance.now(), 'input']), true);
  window.__captionOf = prefix => {
    const boxes = document.querySelectorAll(
      '[data-testid="stSidebar"] [data-testid="stCaptionContainer"]');
    const box = [...boxes].find(e => e.textContent.startsWith(prefix));
    return box ? box.textContent : null;
  };
}"""

RESET = """(prefix) => { window.__ev = []; window.__caption = window.__captionOf(prefix); }"""

RERUN_DONE = """(prefix) => {
  const ev = window.__ev, i = ev.findIndex(e => e[1] === 'input');
  if (i < 0) return false;
  const app = document.querySelector('[data-testid="stApp"]');
  if (app.getAttribute('data-test-script-state') !== 'notRunning') return false;
  if (ev.slice(i).some(e => e[1] === 'running' || e[1] === 'was:running')) return true;
  // Under load the browser may get "running" and "finished" in one batch and never show
  // the running state: then the rerun time caption, the script's last element, changed.
  const caption = window.__captionOf(prefix);
  if (caption !== null && caption !== window.__caption) {
    ev.push([performance.now(), 'caption']);
    return true;
  }
  return false;
}"""

TIMES = """() => {
  const ev = window.__ev, i = ev.findIndex(e => e[1] === 'input');
  const t0 = ev[i][0], after = ev.slice(i);
  const done = after.filter(e => e[1] === 'notRunning' || e[1] === 'caption').map(e => e[0]);
  const start = after.find(e => e[1] === 'running' || e[1] === 'was:running');
  return [start ? (start[0] - t0) / 1000 : null, (Math.max(...done) - t0) / 1000];
}"""

VIEW = """() => {
  const side = document.querySelector('[data-testid="stSidebar"]');
  const app = document.querySelector('[data-testid="stApp"]');
  const sliders = {};
  for (const box of side.querySelectorAll('[data-testid="stSlider"]')) {
    const label = box.querySelector('[data-testid="stWidgetLabel"]');
    const input = box.querySelector('input[type="range"]');
    if (label && input) sliders[label.innerText.trim()] = input.getAttribute('aria-valuetext');
  }
  const metric = side.querySelector('[data-testid="stMetricValue"]');
  return {
    sliders, remaining: metric ? metric.innerText : null, url: location.href,
    text: document.body.innerText, side: side.innerText,
    exceptions: document.querySelectorAll('.stException, [data-testid="stException"]').length,
    alerts: [...document.querySelectorAll('[data-testid="stAlertContentError"]')].map(e => e.innerText),
    connection: app.getAttribute('data-test-connection-state'),
    status: document.querySelectorAll('[data-testid="stStatusWidget"]').length,
  };
}"""


def rerun_pattern() -> re.Pattern[str]:
    """The sidebar caption with the rerun time the app reports, seconds as group 1."""
    before, _, after = t("app.rerun_time", LANG, seconds="\0").partition("\0")
    return re.compile(re.escape(before) + r"([\d.,]+)" + re.escape(after))


def caption_prefix() -> str:
    """How the rerun time caption begins."""
    return t("app.rerun_time", LANG, seconds="\0").partition("\0")[0]


@dataclass
class Session:
    """What one session measured."""

    plan: Plan
    opened: float | None = None
    steps: list[dict[str, Any]] = field(default_factory=list)
    errors: dict[str, int] = field(default_factory=dict)
    leaks: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    js_errors: list[str] = field(default_factory=list)

    def error(self, kind: str, detail: str = "") -> None:
        self.errors[kind] = self.errors.get(kind, 0) + 1
        if detail and len(self.problems) < 20:
            self.problems.append(f"{kind}: {detail}")


async def wait_idle(page: Any, timeout_ms: float) -> None:
    await page.wait_for_selector(
        '[data-testid="stApp"][data-test-script-state="notRunning"]', timeout=timeout_ms
    )
    await page.wait_for_selector(
        '[data-testid="stStatusWidget"]', state="detached", timeout=timeout_ms
    )


async def open_session(page: Any, url: str, s: Session, timeout_ms: float) -> None:
    """Open the session's link and wait until its first rerun has finished."""
    page.on("pageerror", lambda err: s.js_errors.append(str(err)[:200]))
    started = time.perf_counter()
    await page.goto(session_link(url, s.plan), wait_until="domcontentloaded")
    await page.wait_for_selector(
        '[data-testid="stApp"][data-test-connection-state="CONNECTED"]', timeout=timeout_ms
    )
    await page.get_by_text(s.plan.title).first.wait_for(timeout=timeout_ms)
    await wait_idle(page, timeout_ms)
    s.opened = time.perf_counter() - started
    await page.evaluate(INSTRUMENT)


async def drive(
    page: Any,
    s: Session,
    *,
    steps: int,
    deadline: float,
    args: argparse.Namespace,
    others: list[Plan],
    counter: list[int],
) -> None:
    """The bounded loop of one session: ``steps`` steps, none started after ``deadline``."""
    rng = random.Random(args.seed * 100_003 + s.plan.index)
    timeout_ms = args.step_timeout * 1000
    side = page.locator('[data-testid="stSidebar"]')
    pages = (t("app.page.allocate", LANG), t("app.page.compare", LANG))
    headings = (t("app.alloc.heading", LANG), t("app.compare.heading", LANG))
    on_page = 0
    allocation = dict(s.plan.allocation)
    caption = rerun_pattern()
    prefix = caption_prefix()
    await asyncio.sleep(rng.uniform(0, args.think + 0.5))  # the room does not move in step
    failed_in_a_row = 0
    for k in range(steps):
        if time.monotonic() > deadline or failed_in_a_row >= 3:
            break
        kind = step_kind(k, args.page_every)
        await page.evaluate(RESET, prefix)
        before = allocation  # kept when the key press itself never lands
        pressed = False
        try:
            if kind == "page":
                on_page = 1 - on_page
                await side.get_by_text(pages[on_page], exact=True).first.click()
                kind = f"page:{('allocate', 'compare')[on_page]}"
            else:
                line, allocation = next_move(allocation, s.plan.walk)
                label = line_label(line, LANG)
                box = side.locator('[data-testid="stSlider"]').filter(has_text=label)
                await box.get_by_role("slider").press("ArrowLeft", timeout=timeout_ms)
                pressed = True
                kind = f"slider@{('allocate', 'compare')[on_page]}"
            await page.wait_for_function(RERUN_DONE, arg=prefix, polling=50, timeout=timeout_ms)
            started, finished = await page.evaluate(TIMES)
            await page.wait_for_selector(
                '[data-testid="stStatusWidget"]', state="detached", timeout=timeout_ms
            )
        except Exception as err:  # a timeout, or the page gone
            try:  # what the page saw, for the report
                seen = await page.evaluate("() => window.__ev.map(e => e[1]).join(' ')")
            except Exception:
                seen = "?"
            s.error(
                "no finished rerun",
                f"step {k} ({kind}): {str(err).splitlines()[0][:120]}; page saw: {seen[:200]}",
            )
            failed_in_a_row += 1
            if kind == "slider" and not pressed:  # the page never got the key: nothing moved
                allocation = before
            try:
                await wait_idle(page, timeout_ms)
            except Exception:
                continue
            started = finished = None
        counter[0] += 1
        view = await page.evaluate(VIEW)
        problems, leaks = check_view(view, s.plan, allocation, others)
        if headings[on_page] not in view["text"]:
            problems.append(f"page heading {headings[on_page]!r} not shown")
        if problems:  # the numbers may still be painting: look once more
            await page.wait_for_timeout(1000)
            view = await page.evaluate(VIEW)
            problems, leaks = check_view(view, s.plan, allocation, others)
            if headings[on_page] not in view["text"]:
                problems.append(f"page heading {headings[on_page]!r} not shown")
        for problem in problems:
            s.error("wrong numbers", f"step {k}: {problem}")
        s.leaks.extend(f"step {k}: {leak}" for leak in leaks)
        if view["exceptions"]:
            s.error("exception shown", f"step {k}")
        for alert in view["alerts"]:
            s.error("error box", f"step {k}: {alert[:120]}")
        if view["connection"] != "CONNECTED":
            s.error("not connected", f"step {k}: {view['connection']}")
        if finished is not None and not problems:
            failed_in_a_row = 0
        match = caption.search(view["side"])
        s.steps.append(
            {
                "kind": kind,
                "started": started,
                "finished": finished,
                "running_seen": started is not None,
                "server": float(match.group(1).replace(".", "").replace(",", "."))
                if match
                else None,
            }
        )
        await asyncio.sleep(args.think * rng.uniform(0.5, 1.5))


class Monitor:
    """Memory and CPU of the server and of the browser side, sampled twice a second."""

    def __init__(self, server_pids: list[int], counter: list[int]) -> None:
        self.server_pids = server_pids
        self.counter = counter
        self.samples: list[dict[str, Any]] = []

    def sample(self) -> dict[str, Any]:
        table = process_table()
        me = tree(os.getpid(), table)
        server = set().union(*(tree(pid, table) for pid in self.server_pids))
        client = me - server
        renderers = sum(1 for p in client if _is_renderer(p))
        row = {
            "t": time.monotonic(),
            "server_rss_mb": rss_mb(server) if server else None,
            "server_cpu_s": sum(table[p][1] for p in server if p in table),
            "client_rss_mb": rss_mb(client),
            "client_cpu_s": sum(table[p][1] for p in client if p in table),
            "renderers": renderers,
            "load1": os.getloadavg()[0],
            "reruns": self.counter[0],
        }
        self.samples.append(row)
        return row

    async def run(self) -> None:
        while True:
            await asyncio.to_thread(self.sample)
            await asyncio.sleep(0.5)


def _is_renderer(pid: int) -> bool:
    try:
        return b"--type=renderer" in Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return False


async def run_count(
    browser: Any,
    urls: list[str],
    plans: list[Plan],
    all_plans: list[Plan],
    steps: int,
    args: argparse.Namespace,
    monitor: Monitor,
    counter: list[int],
) -> dict[str, Any]:
    """One session count: open every session, run their loops together, close them."""
    timeout_ms = args.step_timeout * 1000
    contexts = [await browser.new_context(viewport=VIEWPORT) for _ in plans]
    sessions = [Session(plan) for plan in plans]
    try:
        pages = [await ctx.new_page() for ctx in contexts]
        opened = await asyncio.gather(
            *(
                open_session(pg, server_of(urls, s.plan), s, timeout_ms)
                for pg, s in zip(pages, sessions, strict=True)
            ),
            return_exceptions=True,
        )
        for s, result in zip(sessions, opened, strict=True):
            if isinstance(result, BaseException):
                s.error("did not open", str(result).splitlines()[0][:160])
        counter[0] += len(plans)
        first = monitor.sample()
        reruns_before = counter[0]
        deadline = time.monotonic() + args.max_seconds
        await asyncio.gather(
            *(
                drive(pg, s, steps=steps, deadline=deadline, args=args, others=all_plans, counter=counter)
                for pg, s, result in zip(pages, sessions, opened, strict=True)
                if not isinstance(result, BaseException)
            )
        )  # fmt: skip
        last = monitor.sample()
    finally:
        for ctx in contexts:
            try:
                await ctx.close()
            except Exception:
                pass
    return phase_figures(sessions, plans, steps, first, last, reruns_before, monitor, counter)


def phase_figures(
    sessions: list[Session],
    plans: list[Plan],
    steps: int,
    first: dict[str, Any],
    last: dict[str, Any],
    reruns_before: int,
    monitor: Monitor,
    counter: list[int],
) -> dict[str, Any]:
    """The figures of one session count, from its sessions and the monitor's samples
    between ``first`` and ``last`` (either driver)."""
    wall = last["t"] - first["t"]
    reruns = counter[0] - reruns_before
    done = [st for s in sessions for st in s.steps if st["finished"] is not None]
    window = [r for r in monitor.samples if first["t"] <= r["t"] <= last["t"]]
    errors: dict[str, int] = {}
    for s in sessions:
        for kind, n in s.errors.items():
            errors[kind] = errors.get(kind, 0) + n
        if s.js_errors:
            errors["javascript error"] = errors.get("javascript error", 0) + len(s.js_errors)
    kinds = sorted({st["kind"] for st in done})
    server_cpu = last["server_cpu_s"] - first["server_cpu_s"]
    return {
        "sessions": len(plans),
        "steps_planned": steps,
        "steps_done": len(done),
        "reruns": reruns,
        "wall_s": wall,
        "steps": summarise([st["finished"] for st in done]),
        "rerun_started": summarise([st["started"] for st in done if st["started"] is not None]),
        "by_kind": {
            k: summarise([st["finished"] for st in done if st["kind"] == k]) for k in kinds
        },
        "server_rerun": summarise([st["server"] for st in done if st["server"] is not None]),
        "opened": summarise([s.opened for s in sessions if s.opened is not None]),
        "errors": sum(errors.values()),
        "errors_by_kind": errors,
        "leaks": sum(len(s.leaks) for s in sessions),
        "leak_details": [leak for s in sessions for leak in s.leaks][:20],
        "problems": [p for s in sessions for p in s.problems][:20],
        "javascript_errors": [e for s in sessions for e in s.js_errors][:10],
        "server_cpu_s": server_cpu,
        "server_cpu_per_rerun_s": server_cpu / reruns if reruns else None,
        "server_cores": server_cpu / wall if wall > 0 else None,
        "server_cores_peak_5s": peak_cores(window, "server_cpu_s"),
        "without_running_state": sum(1 for st in done if not st["running_seen"]),
        "client_cores": (last["client_cpu_s"] - first["client_cpu_s"]) / wall if wall > 0 else None,
        "renderer_processes": max((r["renderers"] for r in window), default=0),
        "server_rss_mb": rss_summary([r["server_rss_mb"] for r in window]),
        "client_rss_mb_peak": max((r["client_rss_mb"] for r in window), default=None),
        "load1": summarise([r["load1"] for r in window]),
    }


def server_of(urls: list[str], plan: Plan) -> str:
    """The server a session is dealt to: the sessions go over ``urls`` in turn.

    >>> [server_of(["a", "b"], session_plan(i)) for i in (1, 2, 3)]
    ['a', 'b', 'a']
    """
    return urls[(plan.index - 1) % len(urls)]


async def open_protocol(s: Session, url: str, timeout: float) -> Any:
    """Open the session's share link over the websocket protocol; the open session."""
    from load_protocol import ProtocolSession

    client = ProtocolSession(url)
    started = time.perf_counter()
    await client.connect()
    await client.open(urlparse(session_link(url, s.plan)).query, timeout)
    s.opened = time.perf_counter() - started
    return client


async def drive_protocol(
    client: Any,
    s: Session,
    *,
    steps: int,
    deadline: float,
    args: argparse.Namespace,
    others: list[Plan],
    counter: list[int],
) -> None:
    """The bounded loop of one protocol session: the same steps, pauses and checks as
    :func:`drive`, with each input a widget state sent and each rerun timed from
    sending it until ``script_finished``."""
    from load_protocol import ProtocolError

    rng = random.Random(args.seed * 100_003 + s.plan.index)
    pages = (t("app.page.allocate", LANG), t("app.page.compare", LANG))
    headings = (t("app.alloc.heading", LANG), t("app.compare.heading", LANG))
    on_page = 0
    allocation = dict(s.plan.allocation)
    caption = rerun_pattern()
    await asyncio.sleep(rng.uniform(0, args.think + 0.5))  # the room does not move in step
    failed_in_a_row = 0
    for k in range(steps):
        if time.monotonic() > deadline or failed_in_a_row >= 3:
            break
        kind = step_kind(k, args.page_every)
        before = allocation
        finished: float | None = None
        try:
            if kind == "page":
                on_page = 1 - on_page
                change = client.select("radio", pages[on_page], key="page")
                kind = f"page:{('allocate', 'compare')[on_page]}"
            else:
                line, allocation = next_move(allocation, s.plan.walk)
                _, change = client.step_down(line_label(line, LANG))
                kind = f"slider@{('allocate', 'compare')[on_page]}"
            finished = await client.rerun(change, args.step_timeout)
        except (ProtocolError, KeyError, ValueError) as err:
            s.error("no finished rerun", f"step {k} ({kind}): {str(err)[:160]}")
            failed_in_a_row += 1
            if not isinstance(err, ProtocolError):  # the input was never sent: nothing moved
                allocation = before
            if not client.connected:
                break
        counter[0] += 1
        view = client.page.view(client.base_url, client.connected, client.states)
        problems, leaks = check_view(view, s.plan, allocation, others)
        if headings[on_page] not in view["text"]:
            problems.append(f"page heading {headings[on_page]!r} not shown")
        for problem in problems:
            s.error("wrong numbers", f"step {k}: {problem}")
        s.leaks.extend(f"step {k}: {leak}" for leak in leaks)
        if view["exceptions"]:
            s.error("exception shown", f"step {k}")
        for alert in view["alerts"]:
            s.error("error box", f"step {k}: {alert[:120]}")
        if view["connection"] != "CONNECTED":
            s.error("not connected", f"step {k}")
        if finished is not None and not problems:
            failed_in_a_row = 0
        match = caption.search(view["side"])
        s.steps.append(
            {
                "kind": kind,
                "started": None,
                "finished": finished,
                "running_seen": True,  # the protocol sees every message: no state is missed
                "server": float(match.group(1).replace(".", "").replace(",", "."))
                if match
                else None,
            }
        )
        await asyncio.sleep(args.think * rng.uniform(0.5, 1.5))


async def run_count_protocol(
    urls: list[str],
    plans: list[Plan],
    all_plans: list[Plan],
    steps: int,
    args: argparse.Namespace,
    monitor: Monitor,
    counter: list[int],
) -> dict[str, Any]:
    """One session count over the websocket protocol: open, drive together, close."""
    sessions = [Session(plan) for plan in plans]
    opened = await asyncio.gather(
        *(open_protocol(s, server_of(urls, s.plan), args.step_timeout) for s in sessions),
        return_exceptions=True,
    )
    clients = [c for c in opened if not isinstance(c, BaseException)]
    try:
        for s, result in zip(sessions, opened, strict=True):
            if isinstance(result, BaseException):
                s.error(
                    "did not open",
                    str(result).splitlines()[0][:160] if str(result) else repr(result),
                )
        counter[0] += len(plans)
        first = monitor.sample()
        reruns_before = counter[0]
        deadline = time.monotonic() + args.max_seconds
        await asyncio.gather(
            *(
                drive_protocol(c, s, steps=steps, deadline=deadline, args=args, others=all_plans, counter=counter)
                for c, s in zip(opened, sessions, strict=True)
                if not isinstance(c, BaseException)
            )
        )  # fmt: skip
        last = monitor.sample()
    finally:
        for c in clients:
            try:
                await c.close()
            except Exception:
                pass
    return phase_figures(sessions, plans, steps, first, last, reruns_before, monitor, counter)


async def run_all(
    urls: list[str], server_pids: list[int], args: argparse.Namespace
) -> dict[str, Any]:
    """Every session count in turn, with the driver ``args.driver``; the phases' figures
    and the servers' memory over the whole run."""
    counts = steps_per_count(args.sessions, args.steps, args.reruns_for_memory)
    plans, first = [], 1
    for n in args.sessions:
        plans.append([session_plan(i) for i in range(first, first + n)])
        first += n
    all_plans = [p for group in plans for p in group]
    counter = [0]
    monitor = Monitor(server_pids, counter)
    ready = monitor.sample()
    sampler = asyncio.create_task(monitor.run())
    phases = []
    try:
        if args.driver == "protocol":
            for group, steps in zip(plans, counts, strict=True):
                phase = await run_count_protocol(
                    urls, group, all_plans, steps, args, monitor, counter
                )
                phases.append(phase)
                print(row(phase), flush=True)
        else:
            from playwright.async_api import async_playwright

            chromium = os.environ.get("CHROMIUM", "/usr/bin/chromium")
            if not os.path.exists(chromium):
                raise RuntimeError(f"no chromium at {chromium} (apt-get install -y chromium)")
            async with async_playwright() as pw:
                browser = await pw.chromium.launch(
                    executable_path=chromium, headless=True, args=CHROMIUM_ARGS
                )
                try:
                    for group, steps in zip(plans, counts, strict=True):
                        phase = await run_count(
                            browser, urls, group, all_plans, steps, args, monitor, counter
                        )
                        phases.append(phase)
                        print(row(phase), flush=True)
                finally:
                    await browser.close()
    finally:
        sampler.cancel()
    end = monitor.sample()
    series = [r["server_rss_mb"] for r in monitor.samples if r["t"] > ready["t"]]
    memory: dict[str, Any] = {"ready_mb": ready["server_rss_mb"]}
    first_start = phases[0]["server_rss_mb"]["start"] if phases else None
    if first_start is not None and end["server_rss_mb"] is not None:
        memory.update(
            {
                "start": first_start,
                "peak": rss_summary(series)["peak"],
                "end": end["server_rss_mb"],
                "growth": end["server_rss_mb"] - first_start,
                "reruns": counter[0] - phases[0]["sessions"],
            }
        )
    if phases and phases[-1]["server_rss_mb"]["growth"] is not None:
        memory["room"] = {
            "sessions": phases[-1]["sessions"],
            "reruns": phases[-1]["reruns"],
            "start": phases[-1]["server_rss_mb"]["start"],
            "end": phases[-1]["server_rss_mb"]["end"],
            "growth": phases[-1]["server_rss_mb"]["growth"],
        }
    t0 = ready["t"]
    memory["series"] = [
        {
            "s": round(r["t"] - t0, 1),
            "reruns": r["reruns"],
            "server_rss_mb": None if r["server_rss_mb"] is None else round(r["server_rss_mb"], 1),
        }
        for r in monitor.samples[::4]
    ]
    return {"phases": phases, "memory": memory, "steps_per_count": counts}


def peak_cores(window: list[dict[str, Any]], key: str, span: float = 5.0) -> float | None:
    """The most CPU cores ``key`` (a column of CPU seconds) used over any ``span``
    seconds of the samples ``window``; None when they cover less.

    >>> peak_cores([{"t": float(i), "cpu": [0, 1, 1, 3, 4][i]} for i in range(5)], "cpu", 2)
    1.5
    """
    best = None
    j = 0
    for r in window:
        while j + 1 < len(window) and r["t"] - window[j + 1]["t"] >= span:
            j += 1
        dt = r["t"] - window[j]["t"]
        if dt >= span:
            value = (r[key] - window[j][key]) / dt
            best = value if best is None else max(best, value)
    return best


# --------------------------------------------------------------------------- output

HEADER = (
    f"{'sessions':>8} {'steps':>6} {'median':>8} {'p95':>8} {'max':>8} {'errors':>6} "
    f"{'leaks':>5} {'server rerun':>12} {'CPU/rerun':>9} {'server':>7} {'browser':>7} "
    f"{'server RSS start/peak/end MB':>28} {'load':>5}"
)


def _cores(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f}"


def _s(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f} s"


def row(p: dict[str, Any]) -> str:
    """One line of the table for one session count."""
    rss = p["server_rss_mb"]
    mem = "—" if rss["start"] is None else f"{rss['start']:.0f}/{rss['peak']:.0f}/{rss['end']:.0f}"
    cores = "—" if p["server_cores"] is None else f"{p['server_cores']:.2f}"
    client = "—" if p["client_cores"] is None else f"{p['client_cores']:.2f}"
    load = "—" if p["load1"]["median"] is None else f"{p['load1']['median']:.1f}"
    return (
        f"{p['sessions']:>8} {p['steps_done']:>6} {_s(p['steps']['median']):>8} "
        f"{_s(p['steps']['p95']):>8} {_s(p['steps']['max']):>8} {p['errors']:>6} "
        f"{p['leaks']:>5} {_s(p['server_rerun']['median']):>12} "
        f"{_s(p['server_cpu_per_rerun_s']):>9} {cores:>7} {client:>7} {mem:>28} {load:>5}"
    )


def report(result: dict[str, Any]) -> str:
    """The table, the details per session count and the targets, as printed."""
    lines = ["", HEADER, *(row(p) for p in result["phases"]), ""]
    lines.append(
        "median/p95/max: input to finished rerun in the page; server rerun: what the app "
        "reports (median); CPU/rerun: server CPU seconds per rerun; server, browser: CPU "
        "cores used (the browsers share the machine); load: 1-minute load average (median)."
    )
    for p in result["phases"]:
        kinds = ", ".join(f"{k} {_s(v['median'])} (n={v['n']})" for k, v in p["by_kind"].items())
        lines.append(
            f"  {p['sessions']} sessions: {p['reruns']} reruns in {p['wall_s']:.0f} s; "
            f"opened in {_s(p['opened']['median'])} (max {_s(p['opened']['max'])}); "
            f"rerun started after {_s(p['rerun_started']['median'])}; "
            f"{p['renderer_processes']} renderer processes; server CPU at most "
            f"{_cores(p['server_cores_peak_5s'])} cores over 5 s; by step: {kinds}"
        )
        if p["without_running_state"]:
            lines.append(
                f"    {p['without_running_state']} steps finished without the page showing the "
                "running state (known by the rerun time caption)"
            )
        if p["errors_by_kind"]:
            lines.append(f"    errors: {p['errors_by_kind']}; first: {p['problems'][:3]}")
        if p["leaks"]:
            lines.append(f"    LEAKS: {p['leak_details'][:5]}")
    mem = result["memory"]
    if "growth" in mem:
        lines.append(
            f"server memory: {mem['ready_mb']:.0f} MB when ready; {mem['start']:.0f} MB after "
            f"the first sessions opened, peak {mem['peak']:.0f}, end {mem['end']:.0f}: "
            f"{mem['growth']:+.0f} MB over {mem['reruns']} reruns"
        )
    if "room" in mem:
        room = mem["room"]
        lines.append(
            f"server memory in the room of {room['sessions']} sessions (after they opened): "
            f"{room['start']:.0f} to {room['end']:.0f} MB, {room['growth']:+.0f} MB over "
            f"{room['reruns']} reruns"
        )
    lines += ["", "targets (issue 16):"]
    for what, target, measured, met in verdicts(result["phases"], mem):
        verdict = "not measured" if met is None else ("met" if met else "NOT MET")
        lines.append(f"  {what:<32} target {target:<10} measured {measured:<26} {verdict}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)

    def on_term(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, on_term)
    print(
        f"bench_load: {os.cpu_count()} CPUs, load average {os.getloadavg()}, "
        f"sessions {args.sessions}, {args.steps} steps, think {args.think} s, "
        f"page switch every {args.page_every or 'never'} steps, "
        f"draws {args.app_samples or 'the app default'}, driver {args.driver}, "
        f"{len(args.url) if args.url else args.servers} server process(es)",
        flush=True,
    )
    servers: list[subprocess.Popen[bytes]] = []
    logs: list[Path] = []
    try:
        if args.url:
            urls, pids = args.url, list(args.server_pid or [])
        else:
            folder = Path(tempfile.mkdtemp(prefix="bench_load_"))
            urls, pids = [], []
            for k in range(args.servers):
                logs.append(folder / f"streamlit_{k + 1}.log")
                # one server per core: each kernel on one thread, or they oversubscribe
                proc, url = start_server(
                    logs[-1], args.app_samples, 1 if args.servers > 1 else None
                )
                servers.append(proc)
                urls.append(url)
                pids.append(proc.pid)
                print(f"server {url} (pid {proc.pid}, log {logs[-1]})", flush=True)
        print(HEADER, flush=True)
        result = asyncio.run(run_all(urls, pids, args))
    except KeyboardInterrupt:
        print("interrupted: stopping the sessions and the servers", file=sys.stderr)
        return 130
    finally:
        for proc in servers:
            stop_server(proc)
        reap_children()
    result["args"] = {k: str(v) if isinstance(v, Path) else v for k, v in vars(args).items()}
    result["load_average_end"] = os.getloadavg()
    result["cpus"] = os.cpu_count()
    if logs:
        result["server_log"] = [
            {"path": str(log), "tracebacks": log.read_text(errors="replace").count("Traceback")}
            for log in logs
        ]
    print(report(result))
    for entry in result.get("server_log", []):
        print(f"server log: {entry['path']} ({entry['tracebacks']} tracebacks)")
    print(f"load average at the end: {os.getloadavg()}")
    if args.json:
        write_atomic(args.json, json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
