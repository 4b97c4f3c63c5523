"""The pure helpers of ``bench/bench_load.py``: argument checks, the step plan, the
percentile and summary figures, the leak check and the verdicts. No server and no browser
start here (a load test does not belong in CI)."""

from __future__ import annotations

import doctest
import importlib.util
import os
import sys
from pathlib import Path

import pytest

from model import LINES, RESERVE_TOTAL

ROOT = Path(__file__).resolve().parents[1]


def _load():
    spec = importlib.util.spec_from_file_location("bench_load", ROOT / "bench" / "bench_load.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench_load"] = module
    spec.loader.exec_module(module)
    return module


B = _load()


def view_of(plan, allocation, *, title=None, text=None, remaining=None, slider_22=None):
    """What the page of ``plan`` shows when it is right, with one thing changed."""
    title = plan.title if title is None else title
    sliders = {
        B.line_label(line, "nl"): f"{allocation[line]:,} k€".replace(",", ".") for line in LINES
    }
    if slider_22 is not None:
        sliders[B.line_label("2.2", "nl")] = slider_22
    left = int(RESERVE_TOTAL) - sum(allocation.values())
    alloc = "%2C".join(str(allocation[line]) for line in LINES)
    return {
        "sliders": sliders,
        "remaining": f"{left:,} k€".replace(",", ".") if remaining is None else remaining,
        "url": f"http://127.0.0.1:1/?title={title.replace(' ', '+')}&alloc={alloc}&page=allocate",
        "text": f"Huidig scenario: {title}\n" if text is None else text,
    }


def test_doctests_pass() -> None:
    assert doctest.testmod(B).failed == 0


def test_parse_args_defaults_are_the_issue_counts() -> None:
    args = B.parse_args([])
    assert args.sessions == [1, 5, 10]
    assert args.url is None and args.json is None
    assert args.steps > 0 and args.max_seconds > 0 and args.step_timeout > 0


def test_parse_args_reads_counts_and_bounds() -> None:
    args = B.parse_args(["--sessions", "2", "4", "--steps", "7", "--max-seconds", "30"])
    assert (args.sessions, args.steps, args.max_seconds) == ([2, 4], 7, 30.0)


@pytest.mark.parametrize(
    "argv",
    [
        ["--sessions", "0"],
        ["--sessions", "200", "200"],  # more sessions than marker amounts
        ["--steps", "0"],
        ["--steps", "100000"],  # more steps than the walked lines have room for
        ["--max-seconds", "inf"],
        ["--max-seconds", "0"],
        ["--step-timeout", "-1"],
        ["--think", "nan"],
        ["--page-every", "-1"],
        ["--server-pid", "1"],  # without --url
    ],
)
def test_parse_args_refuses_unbounded_or_impossible_runs(argv, capsys) -> None:
    with pytest.raises(SystemExit) as exc:
        B.parse_args(argv)
    assert exc.value.code == 2
    assert argv[0] in capsys.readouterr().err


def test_steps_per_count_reaches_the_reruns_the_memory_figure_needs() -> None:
    sessions = [1, 5, 10]
    steps = B.steps_per_count(sessions, 10, 500)
    reruns = sum(n * s for n, s in zip(sessions, steps, strict=True)) + sum(sessions[1:])
    assert steps[:2] == [10, 10] and reruns >= 500
    assert B.steps_per_count(sessions, 10, 0) == [10, 10, 10]
    assert B.steps_per_count([1], 10, 10**6) == [B.MAX_STEPS]  # bounded, never endless


def test_percentile_interpolates_between_ranks() -> None:
    values = [float(v) for v in range(1, 101)]
    assert B.percentile(values, 50) == pytest.approx(50.5)
    assert B.percentile(values, 95) == pytest.approx(95.05)
    assert B.percentile(values, 100) == 100.0
    assert B.percentile([3.0], 95) == 3.0
    with pytest.raises(ValueError):
        B.percentile([], 50)
    with pytest.raises(ValueError):
        B.percentile([1.0], 101)


def test_summarise_gives_median_p95_max_and_handles_no_steps() -> None:
    out = B.summarise([0.4, 0.5, 0.6, 3.0])
    assert out == {"n": 4, "median": 0.55, "p95": pytest.approx(2.64), "max": 3.0}
    assert B.summarise([]) == {"n": 0, "median": None, "p95": None, "max": None}
    assert B.summarise([None, 2.0]) == {"n": 1, "median": 2.0, "p95": 2.0, "max": 2.0}


def test_rss_summary_growth_is_end_minus_start() -> None:
    out = B.rss_summary([None, 300.0, 420.0, 350.0])
    assert out == {"start": 300.0, "peak": 420.0, "end": 350.0, "growth": 50.0}
    assert B.rss_summary([None])["growth"] is None


def test_session_plans_have_markers_no_other_session_has() -> None:
    plans = [B.session_plan(i) for i in range(1, 17)]
    assert len({p.title for p in plans}) == len({p.marker for p in plans}) == 16
    assert not any(a.title in b.title for a in plans for b in plans if a is not b)
    assert len({p.walk[0] for p in plans[:5]}) == 5  # a different line per session
    for p in plans:
        assert sum(p.allocation.values()) <= RESERVE_TOTAL
        assert "title=Bench-sessie" in B.session_link("http://h:1", p)


def test_next_move_gives_a_new_valid_allocation_every_step() -> None:
    plan = B.session_plan(3)
    allocation, seen = dict(plan.allocation), set()
    for _ in range(B.MAX_STEPS):
        line, allocation = B.next_move(allocation, plan.walk)
        key = tuple(allocation[x] for x in LINES)
        assert key not in seen and allocation[line] >= B.min_allocation(line)
        seen.add(key)
    with pytest.raises(ValueError):
        B.next_move(allocation, plan.walk)


def test_check_view_accepts_the_sessions_own_page() -> None:
    plan = B.session_plan(2)
    others = [B.session_plan(i) for i in range(1, 6)]
    assert B.check_view(view_of(plan, plan.allocation), plan, plan.allocation, others) == ([], [])


def test_check_view_finds_another_sessions_title_as_a_leak() -> None:
    plan, other = B.session_plan(2), B.session_plan(3)
    view = view_of(plan, plan.allocation, text=f"Huidig scenario: {plan.title}\n{other.title}")
    problems, leaks = B.check_view(view, plan, plan.allocation, [plan, other])
    assert problems == [] and leaks == [f"session 2 shows {other.title!r}"]


def test_check_view_finds_another_sessions_marker_amount_as_a_leak() -> None:
    plan, other = B.session_plan(2), B.session_plan(3)
    view = view_of(plan, plan.allocation, slider_22=f"{other.marker:,} k€".replace(",", "."))
    problems, leaks = B.check_view(view, plan, plan.allocation, [plan, other])
    assert any("slider 2.2" in p for p in problems)
    assert any(str(other.marker) in leak for leak in leaks)


def test_check_view_finds_wrong_own_numbers_without_calling_them_a_leak() -> None:
    plan = B.session_plan(1)
    _, moved = B.next_move(plan.allocation, plan.walk)
    view = view_of(plan, plan.allocation)  # the page still shows the old allocation
    problems, leaks = B.check_view(view, plan, moved, [plan, B.session_plan(2)])
    assert leaks == []
    assert any("still to allocate" in p for p in problems)
    assert any("alloc=" in p for p in problems)
    view = view_of(plan, plan.allocation, title="Iets anders", text="Huidig scenario: Iets anders")
    problems, _ = B.check_view(view, plan, plan.allocation, [plan])
    assert any("own title" in p for p in problems) and any("title=" in p for p in problems)


def test_parse_amount_reads_dutch_notation() -> None:
    assert B.parse_amount("14.950 k€") == 14950
    assert B.parse_amount("\u221250 k€") == -50
    assert B.parse_amount("0 k€") == 0
    with pytest.raises(ValueError):
        B.parse_amount("—")


def _phase(sessions, median, p95, errors=0, leaks=0):
    return {
        "sessions": sessions,
        "steps": {"median": median, "p95": p95},
        "errors": errors,
        "leaks": leaks,
    }


def test_verdicts_compare_the_ten_session_figures_with_the_targets() -> None:
    memory = {"room": {"growth": 40.0, "reruns": 520}}
    met = {w: m for w, _, _, m in B.verdicts([_phase(1, 0.1, 0.2), _phase(10, 0.4, 1.9)], memory)}
    assert all(met.values())
    slow = B.verdicts(
        [_phase(10, 3.0, 9.0, errors=1, leaks=2)], {"room": {"growth": 150.0, "reruns": 600}}
    )
    assert [m for *_, m in slow] == [False] * 5


def test_verdicts_do_not_judge_what_was_not_measured() -> None:
    out = B.verdicts([_phase(5, 0.1, 0.2)], {"room": {"growth": 10.0, "reruns": 100}})
    assert [m for *_, m in out] == [None] * 5


def test_memory_is_judged_in_the_room_not_over_sessions_opening() -> None:
    # The whole run's growth includes the state of every session opened on the way (the
    # 5 and then 10 of a 1/5/10 run); the target is growth over reruns in one room.
    memory = {"growth": 140.0, "reruns": 600, "room": {"growth": 20.0, "reruns": 500}}
    assert B.verdicts([_phase(10, 0.4, 1.9)], memory)[-1][-1] is True
    assert B.verdicts([_phase(10, 0.4, 1.9)], {"growth": 20.0, "reruns": 600})[-1][-1] is None


def test_process_helpers_read_this_process() -> None:
    table = B.process_table()
    assert os.getpid() in table and table[os.getpid()][0] == os.getppid()
    assert os.getpid() in B.tree(os.getppid(), table)
    assert B.rss_mb({os.getpid()}) > 1
    parent, cpu = B.parse_stat("42 (a b) c) S 7 " + " ".join(["0"] * 9) + " 300 100 0 0")
    assert parent == 7 and cpu == pytest.approx(400 / os.sysconf("SC_CLK_TCK"))
