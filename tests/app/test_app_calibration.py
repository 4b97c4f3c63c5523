"""The app's calibration page (AppTest, in process): it says which parameter set the
ensembles draw from and what the data changed; a monitor file uploaded there shows its
fit, the same as ``samenleven calibrate --monitor FILE`` prints, without code changes;
a bad file gives a clear message in the page's language; an upload is read in memory and
never written to disk.

100 samples per run: every test stays under half a minute.
"""

from __future__ import annotations

import builtins
import os
from pathlib import Path

from streamlit.testing.v1 import AppTest

from model.analysis.calibration import monitor_report
from model.analysis.observations import CALIBRATION_DIR
from model.analysis.sets import default_parameters
from model.i18n import t

APP = Path(__file__).resolve().parents[2] / "app.py"
SAMPLES = 100
SEED = 1
EXAMPLE = CALIBRATION_DIR / "examples" / "monitor_example.csv"


def start(lang: str = "nl") -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=180)
    at.session_state["samples"] = SAMPLES
    at.session_state["seed"] = SEED
    at.query_params["lang"] = lang
    at.query_params["page"] = "calibration"
    at.run()
    assert not at.exception, at.exception
    return at


def upload(at: AppTest, name: str, data: bytes) -> AppTest:
    at.file_uploader(key="monitor_upload").set_value((name, data, "text/csv")).run()
    assert not at.exception, at.exception
    return at


def codes(at: AppTest) -> list[str]:
    return [c.value for c in at.code]


def test_the_page_says_which_set_the_ensembles_draw_from_and_what_changed() -> None:
    at = start()
    assert at.header[0].value == t("app.calib.heading", "nl")
    intro = at.markdown[1].value if len(at.markdown) > 1 else ""
    assert any("gekalibreerde parameterset 'public'" in m.value for m in at.markdown), intro
    table = at.dataframe[0].value
    calibrated = [k for k, p in default_parameters().items() if p.calibrated]
    assert sorted(table["parameter"]) == sorted(calibrated)
    row = table.set_index("parameter").loc["loneliness_trend"]
    assert row[t("app.calib.col.prior", "nl")] == "0,5"
    assert row[t("app.calib.col.prior_range", "nl")] == "-0,5 – 1,5"
    # the outputs on the allocation page say it too, in plain words
    at.radio(key="page").set_value("allocate").run()
    assert any("gekalibreerde parameterset 'public'" in c.value for c in at.caption)


def test_an_uploaded_monitor_file_shows_its_fit_as_the_command_line_prints_it() -> None:
    at = upload(start(), "mijn_monitor.csv", EXAMPLE.read_bytes())
    frame = at.dataframe[-1].value
    assert len(frame) == 7  # one row per observation of the example
    assert list(frame.columns[:3]) == ["indicator", "regio", "jaar"]
    assert frame.iloc[0][t("calib.monitor.col.observed", "nl")] == "46,6"
    assert all(
        v.startswith(("binnen de band", "boven de band", "onder de band"))
        for v in frame[t("calib.monitor.col.verdict", "nl")]
    )
    summary = [m.value for m in at.markdown if "metingen liggen binnen de band" in m.value]
    assert summary and "van de 7 metingen" in summary[0]
    # the text is what `samenleven calibrate --monitor FILE --samples 100 --seed 1` prints
    expected = monitor_report(
        "mijn_monitor.csv", data=EXAMPLE.read_bytes(), samples=SAMPLES, seed=SEED, lang="nl"
    )
    assert expected in codes(at)
    assert (
        "samenleven --lang nl calibrate --monitor mijn_monitor.csv --samples 100 --seed 1"
        in codes(at)
    )


def test_the_fit_can_be_compared_with_the_priors_and_in_english() -> None:
    at = start("en")
    at.radio(key="monitor_parameters").set_value("priors").run()
    at = upload(at, "m.csv", EXAMPLE.read_bytes())
    text = next(c for c in codes(at) if c.startswith("Monitor m.csv"))
    assert "parameter set the priors" in text
    assert "--parameters priors" in codes(at)[-1]
    assert at.dataframe[-1].value.columns[0] == "indicator"


def test_a_bad_monitor_file_gives_a_clear_message_in_the_pages_language() -> None:
    bad = b"indicator;jaar;regio;waarde;eenheid;bron\nmovement_guideline_share;2024;limburg;44,1;1;x\n"
    at = upload(start(), "slecht.csv", bad)
    assert len(at.error) == 1
    message = at.error[0].value
    assert message.startswith(t("app.calib.monitor_error", "nl", message="")[:30])
    assert "slecht.csv: regel 2, kolom eenheid = '1'" in message and "toegestaan" in message
    at = upload(start("en"), "bad.csv", b"\xff\xfe not a csv at all")
    assert "bad.csv" in at.error[0].value and "allowed" in at.error[0].value
    assert "Traceback" not in at.error[0].value


def test_an_upload_is_never_written_to_disk(monkeypatch, tmp_path) -> None:
    at = start()
    writes: list[str] = []
    real_open = builtins.open

    def guarded_open(file, mode="r", *args, **kwargs):
        if any(m in str(mode) for m in "wax+"):
            writes.append(str(file))
        return real_open(file, mode, *args, **kwargs)

    real_os_open = os.open

    def guarded_os_open(path, flags, *args, **kwargs):
        if flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT):
            writes.append(str(path))
        return real_os_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", guarded_open)
    monkeypatch.setattr(os, "open", guarded_os_open)
    before = {p for p in Path(CALIBRATION_DIR).rglob("*")}
    at = upload(at, "../../geheim.csv", EXAMPLE.read_bytes())
    assert at.dataframe[-1].value.shape[0] == 7
    assert writes == []
    assert {p for p in Path(CALIBRATION_DIR).rglob("*")} == before
    assert not (Path(CALIBRATION_DIR).parents[1] / "geheim.csv").exists()
    # the name shown is the upload's own name, never a path of the server
    assert any("Monitor geheim.csv" in c for c in codes(at))
