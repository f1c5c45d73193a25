"""The generator's own code stays ruff-clean, ruff-formatted and `mypy --strict` clean."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.project import ROOT

BIN = Path(sys.executable).parent
SOURCES = ["generator", "tests", "scripts"]


def _run(*command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)


def test_ruff_check() -> None:
    result = _run(str(BIN / "ruff"), "check", "--no-cache", *SOURCES)
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_format() -> None:
    result = _run(str(BIN / "ruff"), "format", "--check", "--no-cache", *SOURCES)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.slow  # mypy over the whole generator
def test_mypy_strict(tmp_path: Path) -> None:
    result = _run(sys.executable, "-m", "mypy", "--cache-dir", str(tmp_path))
    assert result.returncode == 0, result.stdout + result.stderr
