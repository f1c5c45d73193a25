"""`make update-spec`: store the spec in .spec/, rewrite the pin; fail clearly offline."""

from __future__ import annotations

import http.server
import shutil
import socket
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from generator.pin import read_pin, resolve_pinned_spec
from scripts.update_spec import main
from tests.helpers import SHARED_SPECS

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


@pytest.fixture
def json_server(tmp_path: Path) -> Iterator[str]:
    """A loopback HTTP server serving one JSON spec; stops with the test."""
    (tmp_path / "openapi.json").write_text(
        '{"openapi": "3.0.0", "info": {"title": "T", "version": "7"}, "paths": {}}'
    )

    class Handler(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *args: object, **kwargs: object) -> None:
            super().__init__(*args, directory=str(tmp_path), **kwargs)  # type: ignore[arg-type]

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/openapi.json"
    finally:
        server.shutdown()
        server.server_close()


def test_a_url_is_downloaded_and_json_is_kept_as_json(repo: Path, json_server: str) -> None:
    assert main(["--source", json_server, "--root", str(repo)]) == 0
    pin = read_pin(repo / "specs" / "spec-pin.toml")
    assert pin.source == json_server and pin.info_version == "7"
    assert pin.local_copy == ".spec/openapi.json" and pin.archive_copy is None


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_no_network_gives_a_message_and_leaves_the_pin(
    repo: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["--source", str(OLD), "--root", str(repo)]) == 0
    before = (repo / "specs" / "spec-pin.toml").read_text()
    url = f"http://127.0.0.1:{_closed_port()}/openapi.json"
    assert main(["--source", url, "--root", str(repo)]) == 2
    err = capsys.readouterr().err
    assert "cannot reach" in err and "Traceback" not in err
    assert (repo / "specs" / "spec-pin.toml").read_text() == before


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
