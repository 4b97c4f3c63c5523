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
from urllib.parse import parse_qs, urlparse

import pytest

from model import LINES, load_scenario
from model.present.appstate import rebalance

BASELINE = load_scenario("baseline").allocation
pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
APP = ROOT / "app.py"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
IN_CI = os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}
TIMEOUT_MS = 60_000

# Labels as shown in Dutch (the default language), see model/texts_app.py.
LABEL_2_1_A = "2.1.a Armoede en laaggeletterdheid"
LABEL_2_2 = "2.2 Krachtige gemeenschappen in wijken en dorpen"
PAGES_NL = {
    "assumptions": "Aannames",
    "compare": "Vergelijken",
    "drivers": "Wat drijft het?",
    "share": "Bewaren en delen",
    "explain": "Uitleg",
    "calibration": "Kalibratie en eigen gegevens",
}
MONITOR = ROOT / "calibration" / "examples" / "monitor_example.csv"


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
            viewport={"width": 1600, "height": 2600},
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


def slider(page, label: str):
    """The thumb of the sidebar's allocation slider for ``label``."""
    box = page.locator('[data-testid="stSidebar"] [data-testid="stSlider"]').filter(has_text=label)
    return box.get_by_role("slider")


def remaining(page):
    return page.locator('[data-testid="stSidebar"] [data-testid="stMetricValue"]').first


def shoot(page, shots: Path, name: str) -> None:
    page.wait_for_timeout(800)  # plotly finishes drawing after the script is idle
    page.screenshot(path=str(shots / name), full_page=True)
    assert (shots / name).stat().st_size > 10_000


def open_page(page, expect, label: str) -> None:
    page.locator('[data-testid="stSidebar"]').get_by_text(label, exact=True).click()
    wait_for_idle(page)
    assert_no_exception(page, expect)


def test_browser_change_allocation(server, page, sync_api) -> None:
    expect = sync_api.expect
    shots = screenshot_dir()

    page.goto(server, wait_until="domcontentloaded")
    wait_for_idle(page)
    expect(
        page.get_by_role("heading", name="Samen Leven: waar gaat de reserve van 27 miljoen heen?")
    ).to_be_visible()
    table = page.locator('[data-testid="stTable"]').first
    expect(table).to_contain_text("Kans: Basis (§9.2)")
    expect(page.locator('[data-testid="stPlotlyChart"] .js-plotly-plot')).to_have_count(2)
    expect(remaining(page)).to_have_text("0 k€")
    assert_no_exception(page, expect)
    before = table.inner_text()
    shoot(page, shots, "01_allocate_baseline.png")

    # Move 2.1.a down by 1,000 k€ with the keyboard (20 steps of 50): the result changes.
    thumb = slider(page, LABEL_2_1_A)
    thumb.focus()
    for _ in range(20):
        thumb.press("ArrowLeft")
    expect(remaining(page)).to_have_text("1.000 k€")
    expect(table).to_contain_text(
        "Kans: Uw verdeling"
    )  # the changed choice, now beside the baseline
    wait_for_idle(page)
    expect(page.locator('[data-testid="stAlertContentError"]')).to_have_count(0)
    assert_no_exception(page, expect)
    assert table.inner_text() != before
    expect(
        page.get_by_text("2.1.a −1.000 k€", exact=False)
    ).to_be_visible()  # the difference, in words
    assert "alloc=3000" in page.url  # the link follows the sliders
    shoot(page, shots, "02_allocate_changed.png")

    # Over the reserve: 2.2 up by 1,050 k€, 50 more than is left. The message shows, then
    # "bring back" lowers the other lines in proportion.
    thumb = slider(page, LABEL_2_2)
    thumb.focus()
    for _ in range(21):
        thumb.press("ArrowRight")
    error = page.locator('[data-testid="stSidebar"] [data-testid="stAlertContentError"]')
    expect(error).to_contain_text("50 k€ méér verdeeld dan de reserve van 27.000 k€")
    expect(remaining(page)).to_have_text("-50 k€")
    wait_for_idle(page)
    assert_no_exception(page, expect)
    shoot(page, shots, "03_over_reserve.png")
    page.locator('[data-testid="stSidebar"]').get_by_role(
        "button", name="Breng terug naar 27.000 k€"
    ).click()
    expect(remaining(page)).to_have_text("0 k€")
    wait_for_idle(page)
    expect(page.locator('[data-testid="stAlertContentError"]')).to_have_count(0)
    assert_no_exception(page, expect)

    # Every page, with a screenshot.
    open_page(page, expect, PAGES_NL["assumptions"])
    page.get_by_role("button", name="Pessimistische cofinanciering").click()
    wait_for_idle(page)
    expect(page.locator('[data-testid="stAlertContentInfo"]').first).to_contain_text(
        "aannames vastgezet"
    )
    shoot(page, shots, "04_assumptions.png")

    open_page(page, expect, PAGES_NL["compare"])
    expect(page.locator('[data-testid="stTable"]').first).to_contain_text("Kans: Armoede eerst")
    expect(page.locator('[data-testid="stPlotlyChart"] .js-plotly-plot')).to_have_count(2)
    wait_for_idle(page)
    assert_no_exception(page, expect)
    shoot(page, shots, "05_compare.png")

    open_page(page, expect, PAGES_NL["drivers"])
    page.get_by_role("button", name="Bereken", exact=True).click()
    expect(page.locator('[data-testid="stPlotlyChart"] .js-plotly-plot')).to_have_count(
        1, timeout=300_000
    )
    expect(page.get_by_text("komt vooral van", exact=False)).to_be_visible()
    wait_for_idle(page)
    assert_no_exception(page, expect)
    shoot(page, shots, "06_drivers.png")

    open_page(page, expect, PAGES_NL["share"])
    expect(page.get_by_role("button", name="Download scenario (.toml)")).to_be_visible()
    shoot(page, shots, "07_share.png")

    open_page(page, expect, PAGES_NL["explain"])
    expect(page.locator('[data-testid="stDataFrame"]').first).to_be_visible()
    shoot(page, shots, "08_explain.png")

    # A monitor file of one's own, uploaded from memory: its fit against the model's band.
    open_page(page, expect, PAGES_NL["calibration"])
    expect(page.locator('[data-testid="stDataFrame"]').first).to_be_visible()
    page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(
        {"name": "mijn_monitor.csv", "mimeType": "text/csv", "buffer": MONITOR.read_bytes()}
    )
    expect(page.get_by_text("van de 7 metingen liggen binnen de band", exact=False)).to_be_visible(
        timeout=120_000
    )
    wait_for_idle(page)
    assert_no_exception(page, expect)
    shoot(page, shots, "08b_calibration.png")

    # English: the whole interface switches, the choices stay.
    page.locator('[data-testid="stSidebar"]').get_by_text("English", exact=True).click()
    expect(
        page.get_by_role("heading", name="Samen Leven: where does the 27 million reserve go?")
    ).to_be_visible()
    open_page(page, expect, "Allocation")
    expect(page.locator('[data-testid="stTable"]').first).to_contain_text("Chance: Baseline (§9.2)")
    expect(remaining(page)).to_have_text("0 k€")
    wait_for_idle(page)
    assert_no_exception(page, expect)
    shoot(page, shots, "09_english.png")

    # The link reopens the same scenario in a fresh page.
    link = page.url
    page.goto(link, wait_until="domcontentloaded")
    wait_for_idle(page)
    expect(page.locator('[data-testid="stTable"]').first).to_contain_text("Chance: Baseline (§9.2)")
    query = parse_qs(urlparse(page.url).query)
    rebalanced = rebalance({**BASELINE, "2.1.a": 3000, "2.2": 16050}, keep="2.2")
    assert rebalanced["2.2"] == 16050
    expected = ",".join(str(rebalanced[line]) for line in LINES)
    assert (
        query["alloc"] == parse_qs(urlparse(link).query)["alloc"] == [expected]
    )  # 2.2 kept, the rest made room
    assert (
        query["lang"] == ["en"] and "gbt_national_contribution:0" in query["as"][0]
    )  # pessimistic co-financing kept
    expect(remaining(page)).to_have_text("0 k€")
    assert_no_exception(page, expect)


def test_browser_search_and_click_a_point_into_the_sliders(server, page, sync_api) -> None:
    """Run a small search on the search page, click a point of its chart, and see the
    sidebar's sliders take that allocation."""
    expect = sync_api.expect
    shots = screenshot_dir()
    page.goto(f"{server}/?page=search&lang=nl", wait_until="domcontentloaded")
    wait_for_idle(page)
    expect(page.get_by_role("heading", name="Zoek een verdeling")).to_be_visible()
    samples = page.locator('[data-testid="stSelectbox"]').filter(
        has_text="Trekkingen per kandidaat"
    )
    samples.click()
    page.get_by_role("option", name="100", exact=True).click()
    wait_for_idle(page)
    page.get_by_role("button", name="Zoek", exact=True).click()
    expect(page.get_by_text("verdelingen gevonden", exact=False)).to_be_visible(timeout=300_000)
    wait_for_idle(page)
    assert_no_exception(page, expect)
    shoot(page, shots, "10_search_result.png")
    chart = page.locator('[data-testid="stPlotlyChart"] .scatterlayer .trace').first
    points = chart.locator(".point")
    n = points.count()
    assert n >= 2
    before = slider(page, LABEL_2_1_A).get_attribute("aria-valuetext")
    points.nth(n - 1).click(force=True)  # the last candidate: the search's proposal
    loaded = page.get_by_text(f"Verdeling nr. {n - 1} staat nu in de schuifregelaars", exact=False)
    expect(loaded).to_be_visible()
    wait_for_idle(page)
    expect(slider(page, LABEL_2_1_A)).not_to_have_attribute("aria-valuetext", before or "")
    assert_no_exception(page, expect)
    expect(remaining(page)).to_have_text("0 k€")
    shoot(page, shots, "11_search_clicked.png")
