"""`make update-spec`: store the spec in .spec/, rewrite the pin, write the changelog; fail
clearly offline or on a spec the generator cannot read, changing nothing."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from generator.config import load_config_file
from generator.diff import diff_specs
from generator.pin import read_pin, resolve_pinned_spec
from scripts.update_spec import main
from tests.project import ROOT, SHARED_SPECS
from tests.servers import closed_port, serve_directory

# Slow: generates and diffs whole specs.
# `make test-fast` leaves it out; `make test` and CI run it.
pytestmark = pytest.mark.slow

OLD = SHARED_SPECS / "2026-08-13_24e8429e.yaml"
NEW = SHARED_SPECS / "2026-08-22_1d9b674d.yaml"


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A scratch repository root with the shared archive beside it."""
    root = tmp_path / "repo"
    root.mkdir()
    (tmp_path / "shared").symlink_to(SHARED_SPECS.parent.parent)
    return root


def test_a_local_file_is_stored_pinned_and_found_again(
    repo: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["--source", str(OLD), "--root", str(repo)]) == 0
    assert main(["--source", str(NEW), "--root", str(repo)]) == 0
    out = capsys.readouterr().out
    assert "updated: 20260821.193530 (was 20260813.194314)" in out
    pin = read_pin(repo / "specs" / "spec-pin.toml")
    assert pin.info_version == "20260821.193530" and pin.local_copy == ".spec/openapi.yaml"
    assert pin.archive_copy == "../shared/specs/venice/2026-08-22_1d9b674d.yaml"
    assert (repo / ".spec" / "openapi.yaml").read_bytes() == NEW.read_bytes()
    shutil.rmtree(repo / ".spec")  # a fresh clone: found in the archive by checksum
    assert resolve_pinned_spec(pin, repo).resolve() == NEW.resolve()


def test_a_changed_spec_comes_with_its_changelog(
    repo: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """The changelog is the one `venice-codegen diff` gives for the same two files."""
    shutil.copytree(ROOT / "specs", repo / "specs")
    (repo / "specs" / "spec-pin.toml").unlink()  # the project's config, but no pin yet
    assert main(["--source", str(OLD), "--root", str(repo)]) == 0
    assert not (repo / ".spec" / "CHANGES.md").exists()  # pinned spec unchanged: no changelog
    assert main(["--source", str(NEW), "--root", str(repo)]) == 0
    out = capsys.readouterr().out
    expected = diff_specs(OLD, NEW, load_config_file(repo / "specs" / "venice.toml"))
    assert (repo / ".spec" / "CHANGES.md").read_text() == expected.to_markdown()
    assert expected.to_markdown() in out
    changes = json.loads((repo / ".spec" / "changes.json").read_text())
    assert changes["verdict"] == expected.verdict == "breaking"
    assert changes["old_version"] == "20260813.194314"
    assert (repo / ".spec" / "previous.yaml").read_bytes() == OLD.read_bytes()
    assert sorted(p.name for p in (repo / ".spec").iterdir()) == [
        "CHANGES.md",
        "changes.json",
        "openapi.yaml",
        "previous.yaml",
    ]
    assert main(["--source", str(NEW), "--root", str(repo)]) == 0  # again: nothing changed
    assert "spec unchanged" in capsys.readouterr().out
    assert not (repo / ".spec" / "CHANGES.md").exists()


def test_without_the_previous_spec_there_is_no_changelog_and_it_says_why(
    repo: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["--source", str(OLD), "--root", str(repo)]) == 0
    (repo / "specs" / "spec-pin.toml").write_text(
        (repo / "specs" / "spec-pin.toml").read_text().replace("archive_copy", "# archive_copy")
    )
    (repo / ".spec" / "openapi.yaml").unlink()  # a fresh clone without the archive
    assert main(["--source", str(NEW), "--root", str(repo)]) == 0
    captured = capsys.readouterr()
    assert "no copy of the previously pinned spec" in captured.err
    assert not (repo / ".spec" / "CHANGES.md").exists()
    assert read_pin(repo / "specs" / "spec-pin.toml").info_version == "20260821.193530"


@pytest.fixture
def json_server(tmp_path: Path) -> Iterator[str]:
    """A loopback HTTP server serving one JSON spec; stops with the test."""
    (tmp_path / "openapi.json").write_text(
        '{"openapi": "3.0.0", "info": {"title": "T", "version": "7"}, "paths": {}}'
    )
    with serve_directory(tmp_path) as base_url:
        yield f"{base_url}/openapi.json"


def test_a_url_is_downloaded_and_json_is_kept_as_json(repo: Path, json_server: str) -> None:
    assert main(["--source", json_server, "--root", str(repo)]) == 0
    pin = read_pin(repo / "specs" / "spec-pin.toml")
    assert pin.source == json_server and pin.info_version == "7"
    assert pin.local_copy == ".spec/openapi.json" and pin.archive_copy is None


def test_no_network_gives_a_message_and_leaves_the_pin(
    repo: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["--source", str(OLD), "--root", str(repo)]) == 0
    before = (repo / "specs" / "spec-pin.toml").read_text()
    url = f"http://127.0.0.1:{closed_port()}/openapi.json"
    assert main(["--source", url, "--root", str(repo)]) == 2
    err = capsys.readouterr().err
    assert "cannot reach" in err and "Traceback" not in err
    assert (repo / "specs" / "spec-pin.toml").read_text() == before


def test_a_spec_the_generator_cannot_read_is_refused_and_the_pin_kept(
    repo: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["--source", str(OLD), "--root", str(repo)]) == 0
    before = (repo / "specs" / "spec-pin.toml").read_text()
    broken = tmp_path / "broken.yaml"
    broken.write_text(
        "openapi: 3.0.0\ninfo: {title: T, version: '2'}\npaths:\n"
        "  /x:\n    get:\n      responses:\n        '200':\n          description: ok\n"
        "          content:\n            application/json:\n"
        "              schema: {$ref: '#/components/schemas/Missing'}\n"
    )
    assert main(["--source", str(broken), "--root", str(repo)]) == 2
    err = capsys.readouterr().err
    assert "not a usable spec; the pin is unchanged" in err and "Missing" in err
    assert (repo / "specs" / "spec-pin.toml").read_text() == before
    assert sorted(p.name for p in (repo / ".spec").iterdir()) == ["openapi.yaml"]


def test_a_file_that_is_not_a_spec_is_refused(
    repo: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    junk = tmp_path / "junk.yaml"
    junk.write_text("- not\n- a mapping\n")
    assert main(["--source", str(junk), "--root", str(repo)]) == 2
    assert "not a usable spec" in capsys.readouterr().err
    assert not (repo / "specs" / "spec-pin.toml").exists()
