"""Programs written the way a user would, from the reference documents, run for real.

Each file of `tests/user_programs/` is a small program (`python file.py`) that reads
`VENICE_API_KEY` and `VENICE_BASE_URL` like a user's would. They run here in a fresh process
each, against Prism serving the pinned spec (through the relay that drops Prism's copied
`Content-Encoding` header), or, for what Prism cannot serve (event streams, chosen errors),
against a local scripted server. `test_generated_quality.py` type-checks them with
`mypy --strict` and pyright strict; here they must also hold no casts and no ignores.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.fault_server import Events, FaultServer, Respond, serve, sse
from tests.prism_server import Prism, repaired
from tests.project import GENERATED, ROOT

# Slow: a fresh interpreter per program, against Prism.
# `make test-fast` leaves it out; `make test` and CI run it.
pytestmark = pytest.mark.slow

PROGRAMS = ROOT / "tests" / "user_programs"
CHUNK = {
    "id": "c1",
    "object": "chat.completion.chunk",
    "created": 1,
    "model": "venice-uncensored",
    "choices": [{"index": 0, "delta": {"role": "assistant", "content": "Once upon"}}],
}
ERROR = {"error": "not found", "details": {"_errors": []}}
# What Prism cannot serve, scripted instead: path -> what the server answers.
SCRIPTED: dict[str, dict[str, tuple[object, ...]]] = {
    "streaming.py": {"/chat/completions": (Events(sse(CHUNK, CHUNK)),)},
    "errors.py": {
        "/characters/no-such-character": (Respond.json(ERROR, 404, x_request_id="req-1"),),
        "/models": (Respond.json({"error": "slow down"}, 429, retry_after="7"),),
    },
    "request_id.py": {
        "/models": (
            Respond.json({"object": "list", "data": [], "type": "text"}, x_request_id="req-42"),
        )
    },
}


def programs() -> list[str]:
    return sorted(p.name for p in PROGRAMS.glob("*.py"))


@pytest.fixture
def scripted() -> Iterator[FaultServer]:
    yield from serve()


def _run(program: str, base_url: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "PYTHONPATH": str(GENERATED),
        "VENICE_API_KEY": "test-key",
        "VENICE_BASE_URL": base_url,
    }
    command = [sys.executable, "-W", "error", str(PROGRAMS / program)]
    return subprocess.run(
        command, cwd=cwd, env=env, capture_output=True, text=True, timeout=120, check=False
    )


@pytest.mark.parametrize("program", programs())
def test_the_program_runs(
    program: str, prism: Prism, scripted: FaultServer, tmp_path: Path
) -> None:
    if program in SCRIPTED:
        for path, actions in SCRIPTED[program].items():
            scripted.script(path, *actions)  # type: ignore[arg-type]
        result = _run(program, scripted.url, tmp_path)
    else:
        with repaired(prism) as (url, exchanges):
            result = _run(program, url, tmp_path)
        assert exchanges, "the program made no call"
        for exchange in exchanges:
            assert 200 <= exchange.status < 300 and not exchange.violations(), exchange
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip(), "the program printed nothing"


def test_the_programs_hold_no_casts_and_no_ignores() -> None:
    for path in PROGRAMS.glob("*.py"):
        text = path.read_text()
        assert "cast(" not in text and "type: ignore" not in text and "pyright: ignore" not in text


def test_scripted_answers_are_what_the_programs_print(
    scripted: FaultServer, tmp_path: Path
) -> None:
    for path, actions in SCRIPTED["errors.py"].items():
        scripted.script(path, *actions)  # type: ignore[arg-type]
    out = _run("errors.py", scripted.url, tmp_path).stdout
    assert "not found: 404 req-1" in out and "rate limited, retry after 7" in out


def test_the_request_id_program_prints_the_header(scripted: FaultServer, tmp_path: Path) -> None:
    for path, actions in SCRIPTED["request_id.py"].items():
        scripted.script(path, *actions)  # type: ignore[arg-type]
    out = _run("request_id.py", scripted.url, tmp_path).stdout
    assert "request id: req-42" in out and "async request id: req-42" in out
    assert "in the data: False" in out
