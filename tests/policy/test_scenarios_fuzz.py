"""Fuzz: mutated scenario files and links never end in anything but the project's own error.

Every file in ``scenarios/`` is mutated many ways with a seeded :class:`random.Random`
(lines deleted, duplicated and swapped; values replaced by random text, huge integers,
dates, date-times, nested lists and tables; a byte-order mark inserted; bytes truncated
and flipped) and fed to the entry points the app's upload and the command line use:
:func:`model.present.appstate.read_upload` (only :class:`UploadError`),
:func:`model.policy.scenarios.parse_scenario` and :func:`load_scenario` (only
:class:`ScenarioError`). Links made from every file are mutated likewise and fed to
:func:`parse_link`, :func:`scenario_from_query` and :func:`link_warnings` (only
:class:`QueryError` or :class:`ScenarioError`, the two the app catches). A failure
prints the seed of the case and its input. ``hypothesis`` is not installed; the seeds
are fixed, so a failure repeats.
"""

from __future__ import annotations

import random
import time
import urllib.parse
from collections.abc import Callable
from pathlib import Path

import pytest

from model.errors import SamenlevenError
from model.policy.scenarios import (
    SCENARIO_DIR,
    ScenarioError,
    list_scenarios,
    load_scenario,
    parse_scenario,
)
from model.present import appstate as A

FILES = {p.name: p.read_bytes() for p in list_scenarios()}
LINKS = {name: A.scenario_to_query(load_scenario(SCENARIO_DIR / name)) for name in FILES}
FILE_CASES = 3000
LINK_CASES = 1500


def _nested(rng: random.Random) -> str:
    depth = rng.choice([2, 5, 19, 20, 21, 50, 300, 499, 500, 2000])
    open_, close = rng.choice([("[", "]"), ("{a = ", "}"), ("[{x = ", "}]")])
    return open_ * depth + "1" + close * depth


def _dotted(rng: random.Random) -> str:
    return ".".join(["k"] * rng.choice([3, 21, 25, 500, 3000]))


VALUES: list[Callable[[random.Random], str]] = [
    lambda r: str(2**70),
    lambda r: str(-(2**70)),
    lambda r: "1" + "0" * r.choice([18, 19, 308, 309, 400, 4299, 4301]),
    lambda r: r.choice(["nan", "inf", "-inf", "+nan", "-0.0", "1e309", "1e-400", "0x7fffffff"]),
    lambda r: r.choice(["true", "false"]),
    lambda r: r.choice(["2024-06-28", "2023-01-01", "2028-01-01", "1979-05-27", "9999-12-31"]),
    lambda r: r.choice(["2024-06-28T10:00:00", "2024-06-28T10:00:00+02:00", "2024-06-28 10:00"]),
    lambda r: r.choice(["10:00:00", "00:00:00.5", "2024-02-30", "2024-13-01"]),
    lambda r: _nested(r),
    lambda r: r.choice(["[]", "{}", "[1, 2, 3]", '{ "2.1.a" = 1 }', "[[1], [2]]", '["a", 1]']),
    lambda r: '"' + "".join(chr(r.randrange(32, 0x2FFF)) for _ in range(r.randrange(0, 30))) + '"',
    lambda r: '"' + "x" * r.choice([0, 1, 300, 5000]) + '"',
    lambda r: "'" + r.choice(["../../etc/passwd", "/root/.rustup/settings", "baseline"]) + "'",
    lambda r: '"\\u0000\\u007f\\ud800"',
    lambda r: '"' + r.choice(["baseline", "../baseline", "baseline.toml", "jeugd_eerst"]) + '"',
    lambda r: str(r.randrange(-(10**6), 10**6)),
    lambda r: repr(r.uniform(-1e6, 1e6)),
    lambda r: "",
]

LINES_TO_INSERT: list[Callable[[random.Random], str]] = [
    lambda r: (
        'extends = "'
        + r.choice(
            [
                "../../../root/.rustup/settings",
                "/etc/hosts",
                "sub/x",
                "baseline.toml",
                "BASELINE",
                "armoede_eerst",
                "",
                " ",
            ]
        )
        + '"'
    ),
    lambda r: "decision_date = " + r.choice(["2024-06-28T10:00:00", "10:00:00", "2030-01-01"]),
    lambda r: r.choice(
        [
            "[scenario]",
            "[levers]",
            "[levers.allocation]",
            "[assumptions]",
            "[[levers]]",
            "[levers.phasing.default]",
            '[levers.phasing."2.3"]',
        ]
    ),
    lambda r: r.choice(
        [
            '"2.1.a" = 1',
            '"2024" = 2',
            "neighbourhood_share = 0.5",
            "jeugdfonds_share_130 = 1",
            "execution_capacity = 1e9",
            "gbt_national_contribution = -1",
            "no_such_parameter = 1",
        ]
    ),
    lambda r: f"{_dotted(r)} = 1",
    lambda r: f"[{_dotted(r)}]",
    lambda r: "x = " + _nested(r),
    lambda r: "# " + "".join(chr(r.randrange(0, 0x110000)) for _ in range(10)).replace("\n", ""),
]


def _replace_value(rng: random.Random, lines: list[str]) -> None:
    with_value = [i for i, line in enumerate(lines) if "=" in line]
    if with_value:
        i = rng.choice(with_value)
        key = lines[i].split("=", 1)[0]
        lines[i] = f"{key}= {rng.choice(VALUES)(rng)}"


def _mutate_text(rng: random.Random, text: str) -> str:
    lines = text.split("\n")
    for _ in range(rng.randint(1, 3)):
        op = rng.randrange(5)
        if op == 0 and lines:
            del lines[rng.randrange(len(lines))]
        elif op == 1 and lines:
            i = rng.randrange(len(lines))
            lines.insert(i, lines[i])
        elif op == 2 and len(lines) > 1:
            i, j = rng.randrange(len(lines)), rng.randrange(len(lines))
            lines[i], lines[j] = lines[j], lines[i]
        elif op == 3:
            _replace_value(rng, lines)
        else:
            lines.insert(rng.randrange(len(lines) + 1), rng.choice(LINES_TO_INSERT)(rng))
    return "\n".join(lines)


def _mutate_bytes(rng: random.Random, data: bytes) -> bytes:
    op = rng.randrange(6)
    if op == 0:
        return b"\xef\xbb\xbf" + data
    if op == 1 and data:  # a byte-order mark somewhere else
        i = rng.randrange(len(data))
        return data[:i] + b"\xef\xbb\xbf" + data[i:]
    if op == 2 and data:
        return data[: rng.randrange(len(data))]
    if op == 3 and data:
        out = bytearray(data)
        for _ in range(rng.randint(1, 8)):
            out[rng.randrange(len(out))] = rng.randrange(256)
        return bytes(out)
    if op == 4:
        return rng.choice([b"", b"\xef\xbb\xbf", b"\n\n", b"# only a comment\n", b"\x00" * 10])
    return data.decode("utf-8", "replace").encode("utf-16") if rng.random() < 0.5 else data


def _file_case(rng: random.Random) -> tuple[str, bytes]:
    name = rng.choice(sorted(FILES))
    data = FILES[name]
    if rng.random() < 0.8:
        data = _mutate_text(rng, data.decode("utf-8")).encode("utf-8", "surrogatepass")
    if rng.random() < 0.4:
        data = _mutate_bytes(rng, data)
    return name, data


def _fail(kind: str, case: int, given: object, exc: BaseException) -> str:
    shown = repr(given)
    shown = shown if len(shown) < 3000 else shown[:3000] + "…"
    return f"{kind} case {case} raised {type(exc).__name__}: {exc!s:.500}\ninput: {shown}"


def _files(seed: int, cases: int, tmp: Path) -> int:
    """Run ``cases`` mutated files; return how many were refused (with a message)."""
    rng = random.Random(seed)
    refused = 0
    for case in range(cases):
        name, data = _file_case(rng)
        try:  # the app's upload: only UploadError
            A.read_upload(name, data)
        except A.UploadError as err:
            assert err.message("nl") and err.message("en")
            refused += 1
        except BaseException as exc:  # any other exception is the failure
            pytest.fail(_fail("upload", case, data, exc))
        try:  # the command line: load_scenario reads the file's bytes and parses them
            if case % 25 == 0:
                path = tmp / f"case_{case}.toml"
                path.write_bytes(data)
                load_scenario(path)
            else:
                parse_scenario(data, source=name)
        except ScenarioError as err:
            for lang in ("nl", "en"):
                text = err.message(lang)
                assert str(SCENARIO_DIR) not in text, _fail("path in message", case, data, err)
        except BaseException as exc:
            pytest.fail(_fail("parse", case, data, exc))
    return refused


JUNK = [
    "",
    "x",
    ",",
    ";",
    ":",
    "=",
    "%",
    "%ff",
    "%00",
    "%E2%80%AE",
    "nan",
    "inf",
    "-1",
    "1e400",
    "2024-02-30",
    "2024-06-28T10:00",
    "99999-01-01",
    "1" * 400,
    "é",
    "\u202e",
    "0x10",
    "2.3=1,2,3,4",
    "execution_capacity:1",
    "a:1,a:2",
    "[",
    "\n",
    "../../etc/passwd",
]


def _link_case(rng: random.Random) -> str:
    name = rng.choice(sorted(FILES))
    query: dict[str, list[str]] = {k: [v] for k, v in LINKS[name].items()}
    for _ in range(rng.randint(1, 4)):
        op = rng.randrange(7)
        key = rng.choice([*A.SCENARIO_QUERY_KEYS, "page", "lang", "utm_source", "x" * 60])
        if op == 0:
            query.pop(key, None)
        elif op == 1:  # repeated
            query.setdefault(key, ["1"]).append(rng.choice(JUNK))
        elif op == 2:
            query[key] = [rng.choice(JUNK)]
        elif op == 3 and key in query:  # edit one number or character
            text = query[key][0]
            i = rng.randrange(len(text) + 1)
            query[key][0] = text[:i] + rng.choice(JUNK) + text[i + 1 :]
        elif op == 4:
            query["alloc"] = [
                ",".join(
                    rng.choice(["0", "1e308", str(2**70), "-5", "4000", "x"])
                    for _ in range(rng.choice([0, 5, 6, 7]))
                )
            ]
        elif op == 5:
            query["as"] = [rng.choice(JUNK) + ":" + rng.choice(JUNK)]
        else:
            query[key] = ["".join(chr(rng.randrange(1, 0x3000)) for _ in range(rng.randrange(300)))]
    text = urllib.parse.urlencode(query, doseq=True)
    if rng.random() < 0.3:  # the raw string itself
        chars = list(text)
        for _ in range(rng.randint(1, 5)):
            chars.insert(
                rng.randrange(len(chars) + 1), rng.choice(["&", "=", "%", "%f", "+", "#", "?"])
            )
        text = "".join(chars)
    return "http://localhost:8501/?" + text


def _links(seed: int, cases: int) -> int:
    rng = random.Random(seed)
    refused = 0
    for case in range(cases):
        link = _link_case(rng)
        try:
            query = A.parse_link(link)
            A.link_warnings(query)
            A.scenario_from_query(query)
            # as the app passes them: one value per parameter (the last)
            A.scenario_from_query({k: v[-1] for k, v in query.items()})
        except (A.QueryError, ScenarioError) as err:
            assert err.message("nl") and err.message("en")
            refused += 1
        except BaseException as exc:
            pytest.fail(_fail("link", case, link, exc))
    return refused


def test_mutated_files_and_links_give_only_the_projects_errors(tmp_path):
    start = time.perf_counter()
    refused_files = _files(20261201, FILE_CASES, tmp_path)
    refused_links = _links(16, LINK_CASES)
    elapsed = time.perf_counter() - start
    # the fuzzer reaches the checks: most mutations are refused, some still pass
    assert FILE_CASES * 0.3 < refused_files < FILE_CASES
    assert LINK_CASES * 0.3 < refused_links < LINK_CASES
    # speed is the benchmark's business, not a test's (a shared machine is noisy): printed only
    print(f"fuzz: {elapsed:.1f} s for {FILE_CASES + LINK_CASES} cases")


def test_every_refusal_is_a_samenleven_error_in_both_languages():
    """The errors the fuzzer accepts are the project's own, each with a message in Dutch
    and English that names a field, a value or a place."""
    rng = random.Random(7)
    for case in range(200):
        name, data = _file_case(rng)
        try:
            parse_scenario(data, source=name)
        except ScenarioError as err:
            assert isinstance(err, SamenlevenError)
            nl, en = err.message("nl"), err.message("en")
            assert nl.startswith(name) and en.startswith(name), (case, nl)
            assert ("toegestaan" in nl or "bekend:" in nl) and (
                "allowed" in en or "known:" in en
            ), (
                case,
                nl,
                en,
            )
