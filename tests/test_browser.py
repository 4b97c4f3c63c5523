"""The app in a real browser: `streamlit run app.py` + Playwright + Debian's chromium.

Needs /usr/bin/chromium (or $CHROMIUM); `.ci/run` installs it. Without it the test is
skipped, except under CI=true, where it fails: CI must never pass without running it.
Full-page screenshots go to artifacts/screenshots/ (or $SCREENSHOT_DIR).
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parent.parent
APP = ROOT / "app.py"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
IN_CI = os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}
TIMEOUT_MS = 60_000

# Labels as shown in Dutch (the default language), see TEXTS in app.py.
LABEL_2_1_A = "2.1.a Armoede en laaggeletterdheid"
LABEL_2_2 = "2.2 Krachtige gemeenschappen in wijken en dorpen"


def skip_or_fail(reason: str) -> None:
    if IN_CI:
        pytest.fail(f"{reason} -- CI=true, so the browser test must run, not skip")
    pytest.skip(reason)


def screenshot_dir() -> Path:
    path = Path(os.environ.get("SCREENSHOT_DIR") or ROOT / "artifacts" / "screenshots")
    path.mkdir(parents=True, exist_ok=True)
    return path


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def sync_api():
    try:
        from playwright import sync_api
    except ImportError as err:
        skip_or_fail(f"playwright is not installed ({err}); pip install -e '.[test]'")
    if not os.path.exists(CHROMIUM):
        skip_or_fail(f"no chromium at {CHROMIUM} (apt-get install -y chromium)")
    sync_api.expect.set_options(timeout=TIMEOUT_MS)
    return sync_api


@pytest.fixture(scope="module")
def server(sync_api, tmp_path_factory) -> Iterator[str]:
    port = _free_port()
    log = tmp_path_factory.mktemp("server") / "streamlit.log"
    cmd = [
        sys.executable, "-m", "streamlit", "run", str(APP),
        "--server.headless", "true",
        "--server.address", "127.0.0.1",
        "--server.port", str(port),
        "--browser.gatherUsageStats", "false",
        "--server.fileWatcherType", "none",
    ]  # fmt: skip
    with open(log, "wb") as out:
        proc = subprocess.Popen(
            cmd,
            cwd=ROOT,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
            stdout=out,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            if proc.poll() is not None:
                pytest.fail(f"streamlit exited early:\n{log.read_text()}")
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
                    if r.read() == b"ok":
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"streamlit not healthy after 60 s:\n{log.read_text()}")
            time.sleep(0.25)
        yield url
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@pytest.fixture(scope="module")
def page(sync_api, tmp_path_factory):
    profile = tmp_path_factory.mktemp("chromium-profile")
    with sync_api.sync_playwright() as p:
        ctx = p.chromium.launch_persistent_context(
            str(profile),
            executable_path=CHROMIUM,
            headless=True,
            viewport={"width": 1400, "height": 2000},
            args=[
                "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update",
                "--disable-sync",
            ],
        )  # fmt: skip
        pg = ctx.pages[0] if ctx.pages else ctx.new_page()
        pg.set_default_timeout(TIMEOUT_MS)
        yield pg
        ctx.close()


def wait_for_idle(page) -> None:
    """Connected websocket and the script finished its rerun."""
    page.wait_for_selector('[data-testid="stApp"][data-test-connection-state="CONNECTED"]')
    page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]')
    page.wait_for_selector('[data-testid="stStatusWidget"]', state="detached")


def assert_no_exception(page, expect) -> None:
    expect(page.locator('.stException, [data-testid="stException"]')).to_have_count(0)


def set_number(page, label: str, value: int) -> None:
    box = page.get_by_role("spinbutton", name=label, exact=True)
    box.fill(str(value))
    box.press("Enter")


def test_browser_change_allocation(server, page, sync_api) -> None:
    expect = sync_api.expect
    shots = screenshot_dir()

    page.goto(server, wait_until="domcontentloaded")
    wait_for_idle(page)
    heading = page.get_by_role("heading", name="Verdeling van de programmareserve Samen Leven")
    expect(heading).to_be_visible()
    table = page.locator('[data-testid="stTable"]')
    expect(table).to_contain_text("Besteed")
    expect(page.locator('[data-testid="stPlotlyChart"] .js-plotly-plot')).to_be_visible()
    assert_no_exception(page, expect)
    before = table.inner_text()
    page.screenshot(path=str(shots / "01_baseline.png"), full_page=True)

    # A valid change: less for 2.1.a. The ledger must change.
    set_number(page, LABEL_2_1_A, 1000)
    expect(table).not_to_have_text(before)
    wait_for_idle(page)
    expect(page.get_by_role("spinbutton", name=LABEL_2_1_A, exact=True)).to_have_value("1000")
    expect(page.locator('[data-testid="stAlertContentError"]')).to_have_count(0)
    assert_no_exception(page, expect)
    changed = table.inner_text()
    assert changed != before
    page.screenshot(path=str(shots / "02_changed.png"), full_page=True)

    # Over the reserve: the error is shown and the last valid ledger stays.
    set_number(page, LABEL_2_2, 40_000)
    error = page.locator('[data-testid="stAlertContentError"]')
    expect(error).to_be_visible()
    expect(error).to_contain_text("Deze verdeling is niet geldig")
    wait_for_idle(page)
    assert table.inner_text() == changed
    assert_no_exception(page, expect)
    page.screenshot(path=str(shots / "03_over_reserve.png"), full_page=True)

    # English: headings and the model's error message switch language, inputs stay.
    page.locator('[data-testid="stSidebar"]').get_by_text("English", exact=True).click()
    expect(
        page.get_by_role("heading", name="Allocating the Samen Leven programme reserve")
    ).to_be_visible()
    expect(error).to_contain_text("This allocation is not valid")
    wait_for_idle(page)
    expect(
        page.get_by_role("spinbutton", name="2.2 Strong communities in neighbourhoods and villages", exact=True)
    ).to_have_value("40000")
    assert_no_exception(page, expect)
    page.screenshot(path=str(shots / "04_english.png"), full_page=True)

    for name in ("01_baseline.png", "02_changed.png", "03_over_reserve.png", "04_english.png"):
        assert (shots / name).stat().st_size > 10_000
