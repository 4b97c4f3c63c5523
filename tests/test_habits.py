"""Habits that check themselves: the linters, the formatter, the type checker and the
layer contract run as tests, so `make test` (and CI) fail when one of them does.

Each runs in the repository as a subprocess of this Python (the tools are pinned in the
``test`` extra of ``pyproject.toml``); a failure shows the tool's own output. The
configuration is in ``pyproject.toml``: ``[tool.ruff]``, ``[tool.mypy]`` (cache in
``.mypy_cache``) and ``[tool.importlinter]``.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
LINT_IMPORTS = "import sys; from importlinter.cli import lint_imports_command; sys.exit(lint_imports_command())"


def run(*args: str, timeout: float = 600) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def assert_passes(done: subprocess.CompletedProcess[str], fix: str) -> None:
    """Fail with the tool's output unless it exited with 0."""
    if done.returncode != 0:
        pytest.fail(
            f"`python {' '.join(done.args[1:])}` exited with {done.returncode} ({fix}):\n"
            f"{done.stdout}{done.stderr}",
            pytrace=False,
        )


@pytest.mark.parametrize(
    ("args", "fix"),
    [
        (("check", "."), "fix with `ruff check --fix .` or by hand"),
        (("format", "--check", "."), "fix with `ruff format .`"),
    ],
    ids=["check", "format"],
)
def test_ruff(args: tuple[str, ...], fix: str) -> None:
    assert_passes(run("-m", "ruff", *args, "--no-cache"), fix)


def test_mypy() -> None:
    assert_passes(
        run("-m", "mypy", "--cache-dir", str(ROOT / ".mypy_cache")),
        "type errors in model/, see [tool.mypy] in pyproject.toml",
    )


def test_import_contracts() -> None:
    """The layers (cli > report > present > analysis > run > policy > engine > common >
    errors > i18n) import only downwards, and the goal modules not from each other."""
    assert_passes(
        run("-c", LINT_IMPORTS),
        "an import against the architecture, see [tool.importlinter] in pyproject.toml",
    )
