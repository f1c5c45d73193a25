"""`make check-live`: would the live spec change generated/? Offline: a message, no traceback.

The live spec itself is only reached by the test marked `live`; the others serve archive
specs from a loopback server or a file and compare against the committed generated/.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator.config import load_config_file
from generator.diff import diff_specs
from scripts.check_live import check_spec, compare_trees, main
from scripts.update_spec import LIVE_SPEC, fetch
from tests.project import PINNED_SPEC, ROOT, SHARED_SPECS
from tests.servers import closed_port, serve_directory

# Slow: generates and diffs whole specs.
# `make test-fast` leaves it out; `make test` and CI run it.
pytestmark = pytest.mark.slow

OLDER = SHARED_SPECS / "2026-08-13_24e8429e.yaml"


def test_the_pinned_spec_would_not_change_generated(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--source", str(PINNED_SPEC), "--root", str(ROOT)]) == 0
    out = capsys.readouterr().out
    assert "generated/ would not change" in out
    assert "No change to the Python API." in out


def test_another_spec_lists_the_files_and_the_changes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    shutil.copy(OLDER, tmp_path / "openapi.yaml")
    with serve_directory(tmp_path) as base_url:
        assert main(["--source", f"{base_url}/openapi.yaml", "--root", str(ROOT)]) == 1
    out = capsys.readouterr().out
    assert "generated/ would change: 11 files (0 added, 0 removed)" in out
    assert "  changed  venice_ai/types/video.py" in out
    expected = diff_specs(PINNED_SPEC, OLDER, load_config_file(ROOT / "specs" / "venice.toml"))
    assert expected.to_markdown() in out
    assert "make update-spec" in out


def test_files_are_compared_byte_for_byte(tmp_path: Path) -> None:
    current, candidate = tmp_path / "current", tmp_path / "candidate"
    for directory in (current, candidate):
        (directory / "pkg" / "__pycache__").mkdir(parents=True)
        (directory / "pkg" / "same.py").write_text("x = 1\n")
    (current / "pkg" / "edited.py").write_text("a = 1\n")
    (candidate / "pkg" / "edited.py").write_text("a = 2\n")
    (current / "pkg" / "gone.py").write_text("")
    (candidate / "pkg" / "new.py").write_text("")
    (candidate / "pkg" / "__pycache__" / "new.cpython-311.pyc").write_bytes(b"\0")
    assert compare_trees(current, candidate) == (
        ("changed", "pkg/edited.py"),
        ("removed", "pkg/gone.py"),
        ("added", "pkg/new.py"),
    )


def test_no_network_is_a_message_not_a_traceback(capsys: pytest.CaptureFixture[str]) -> None:
    url = f"http://127.0.0.1:{closed_port()}/openapi.json"
    assert main(["--source", url, "--root", str(ROOT)]) == 2
    captured = capsys.readouterr()
    assert "cannot reach" in captured.err and "is there network access?" in captured.err
    assert "nothing was checked" in captured.err
    assert "Traceback" not in captured.err + captured.out


def test_a_spec_the_generator_cannot_read_is_reported(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text(
        "openapi: 3.0.0\ninfo: {title: T, version: '1'}\npaths: {/x: {get: {responses: {'200': {$ref: '#/nowhere'}}}}}\n"
    )
    before = (ROOT / "generated" / "venice_ai" / "_version.py").read_bytes()
    assert main(["--source", str(broken), "--root", str(ROOT)]) == 2
    assert "the generator cannot read" in capsys.readouterr().err
    assert (ROOT / "generated" / "venice_ai" / "_version.py").read_bytes() == before


@pytest.mark.live
def test_the_live_spec_generates_and_is_compared(capsys: pytest.CaptureFixture[str]) -> None:
    """Same as `make check-live`; skipped, with the reason, when the network is not there."""
    try:
        raw = fetch(LIVE_SPEC)
    except OSError as exc:
        pytest.skip(f"live spec unreachable, so not checked: {exc}")
    result = check_spec(raw, LIVE_SPEC, ROOT)
    assert result.version
    assert result.report is not None, result.note
    with capsys.disabled():
        print(f"\nlive spec {result.version}: generated/ would change in {len(result.files)} files")
        print(result.report.to_markdown())
