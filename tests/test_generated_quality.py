"""The committed client is ruff-clean and type-checks with mypy --strict and pyright (strict).

The same runs check `tests/typing_samples/`, code written the way users call the client,
which must type-check too, with its deliberate mistakes reported, and the programs of
`tests/user_programs/` (run by `test_user_programs.py`), which must type-check as they are.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.project import GENERATED, ROOT

# Slow: mypy and pyright over the whole generated package.
# `make test-fast` leaves it out; `make test` and CI run it.
pytestmark = pytest.mark.slow

BIN = Path(sys.executable).parent
SAMPLES = ROOT / "tests" / "typing_samples"
PROGRAMS = ROOT / "tests" / "user_programs"


def _run(*command: str, cwd: Path = GENERATED) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(GENERATED)}
    return subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, check=False)


def test_ruff_check_is_clean() -> None:
    result = _run(str(BIN / "ruff"), "check", "--no-cache", ".")
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_format_is_a_no_op() -> None:
    result = _run(str(BIN / "ruff"), "format", "--check", "--no-cache", ".")
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_strict_finds_nothing(tmp_path: Path) -> None:
    result = _run(
        sys.executable,
        "-m",
        "mypy",
        "--strict",
        "--warn-unused-ignores",
        "--cache-dir",
        str(tmp_path / "mypy"),
        "venice_ai",
        str(SAMPLES),
        *map(str, sorted(PROGRAMS.glob("*.py"))),
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_pyright_strict_finds_nothing() -> None:
    result = _run(
        str(BIN / "pyright"),
        "--pythonpath",
        sys.executable,
        "venice_ai",
        str(SAMPLES),
        str(PROGRAMS),
    )
    assert result.returncode == 0, result.stdout + result.stderr
