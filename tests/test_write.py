"""Stage 6: formatting and the atomic replacement of the output directory."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from generator.diagnostics import GeneratorError
from generator.write import recover_interrupted_swap, write_output


def _tree(root: Path) -> dict[str, str]:
    return {str(p.relative_to(root)): p.read_text() for p in sorted(root.rglob("*")) if p.is_file()}


def test_output_is_formatted_and_replaces_the_old_tree(tmp_path: Path) -> None:
    out = tmp_path / "out"
    (out / "stale").mkdir(parents=True)
    (out / "stale" / "old.py").write_text("x = 1\n")
    write_output({"pkg/mod.py": "import sys,os\nx=[1,\n2]\n"}, out)
    assert _tree(out) == {"pkg/mod.py": "x = [1, 2]\n"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_a_failed_format_leaves_the_previous_output_untouched(tmp_path: Path) -> None:
    out = tmp_path / "out"
    write_output({"a.py": "x = 1\n"}, out)
    before = _tree(out)
    with pytest.raises(GeneratorError) as caught:
        write_output({"a.py": "def broken(:\n"}, out)
    assert caught.value.diagnostics[0].code == "format-failed"
    assert _tree(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_a_run_killed_between_two_renames_is_repaired(tmp_path: Path) -> None:
    out = tmp_path / "out"
    backup = tmp_path / ".out.old"
    backup.mkdir()
    (backup / "a.py").write_text("x = 1\n")
    (tmp_path / ".out.new-abc").mkdir()
    recover_interrupted_swap(out)
    assert _tree(out) == {"a.py": "x = 1\n"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


KILL_SCRIPT = """
import sys, time
from pathlib import Path
import generator.write as write

def slow_format(root):
    Path(sys.argv[2]).write_text("formatting")
    time.sleep(30)

write.format_tree = slow_format
write.write_output({"a.py": "x = 2\\n"}, Path(sys.argv[1]))
"""


def test_sigkill_during_a_run_leaves_the_previous_output(tmp_path: Path) -> None:
    out = tmp_path / "out"
    write_output({"a.py": "x = 1\n"}, out)
    marker = tmp_path / "started"
    process = subprocess.Popen([sys.executable, "-c", KILL_SCRIPT, str(out), str(marker)])
    try:
        deadline = time.monotonic() + 20
        while not marker.exists() and time.monotonic() < deadline:
            time.sleep(0.02)
        assert marker.exists(), "the generator never reached the formatting step"
        os.kill(process.pid, signal.SIGKILL)
    finally:
        process.wait(timeout=20)
    assert _tree(out) == {"a.py": "x = 1\n"}
    write_output({"a.py": "x = 3\n"}, out)  # the next run cleans the killed run's staging
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out", "started"]
