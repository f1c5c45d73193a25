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
from generator.write import MARKER, MARKER_TEXT, _umask, recover_interrupted_swap, write_output


def _tree(root: Path) -> dict[str, str]:
    """The files under `root`, without the marker every output holds."""
    return {
        str(p.relative_to(root)): p.read_text()
        for p in sorted(root.rglob("*"))
        if p.is_file() and p.name != MARKER
    }


def test_output_is_formatted_and_replaces_the_old_tree(tmp_path: Path) -> None:
    out = tmp_path / "out"
    (out / "stale").mkdir(parents=True)
    (out / "stale" / "old.py").write_text("x = 1\n")
    (out / MARKER).write_text(MARKER_TEXT)
    write_output({"pkg/mod.py": "import sys,os\nx=[1,\n2]\n"}, out)
    assert _tree(out) == {"pkg/mod.py": "x = [1, 2]\n"}
    assert (out / MARKER).read_text() == MARKER_TEXT
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]
    assert out.stat().st_mode & 0o777 == 0o777 & ~_umask()  # not mkdtemp's private mode


@pytest.mark.parametrize("kind", ["project", "file"])
def test_what_venice_codegen_did_not_write_is_never_replaced(tmp_path: Path, kind: str) -> None:
    out = tmp_path / "precious"
    if kind == "project":
        (out / "src").mkdir(parents=True)
        (out / "src" / "data.txt").write_text("keep me")
    else:
        out.write_text("keep me")
    with pytest.raises(GeneratorError) as caught:
        write_output({"a.py": "x = 1\n"}, out)
    [problem] = caught.value.diagnostics
    assert problem.code == "output-not-generated" and str(out) in problem.message
    assert (out / "src" / "data.txt" if kind == "project" else out).read_text() == "keep me"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["precious"]


def test_an_output_that_cannot_be_written_is_an_error_not_a_crash(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    with pytest.raises(GeneratorError) as caught:
        write_output({"a.py": "x = 1\n"}, blocker / "out")
    [problem] = caught.value.diagnostics
    assert problem.code == "output-unwritable" and "cannot write the output" in problem.message


def test_a_staging_directory_of_a_run_still_going_is_left_alone(tmp_path: Path) -> None:
    parent = os.getppid()  # alive while the tests run
    busy, stale = tmp_path / f".out.new-{parent}-x", tmp_path / ".out.new-999999999-y"
    busy.mkdir()
    stale.mkdir()
    recover_interrupted_swap(tmp_path / "out")
    assert busy.exists() and not stale.exists()


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
