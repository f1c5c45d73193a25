"""Same input, same bytes: two runs with different hash seeds produce identical trees."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.project import PINNED_SPEC, ROOT, VENICE_CONFIG, tree_files

# Slow: generates the pinned spec in fresh processes.
# `make test-fast` leaves it out; `make test` and CI run it.
pytestmark = pytest.mark.slow


def _run(out: Path, seed: str) -> None:
    env = {**os.environ, "PYTHONHASHSEED": seed}
    subprocess.run(
        [
            sys.executable,
            "-m",
            "generator.cli",
            "generate",
            "--spec",
            str(PINNED_SPEC),
            "--config",
            str(VENICE_CONFIG),
            "--out",
            str(out),
            "--quiet",
        ],
        cwd=ROOT,
        env=env,
        check=True,
    )


def test_two_runs_with_different_hash_seeds_give_identical_bytes(tmp_path: Path) -> None:
    _run(tmp_path / "a", "1")
    _run(tmp_path / "b", "4242")
    first, second = tree_files(tmp_path / "a"), tree_files(tmp_path / "b")
    assert first.keys() == second.keys()
    assert [name for name in first if first[name] != second[name]] == []
