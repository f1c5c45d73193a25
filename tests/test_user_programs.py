"""Programs written the way a user would, from the reference documents, run for real.

Each file of `tests/user_programs/` is a small program (`python file.py`) that reads
`VENICE_API_KEY` and `VENICE_BASE_URL` like a user's would. They run here in a fresh process
each, against Prism serving the pinned spec (through the relay that drops Prism's copied
`Content-Encoding` header), or, for what Prism cannot serve (event streams, chosen errors),
against a local scripted server. `test_generated_quality.py` type-checks them with
`mypy --strict` and pyright strict; here they must also hold no casts and no ignores.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.fault_server import Decide, Events, FaultServer, Received, Respond, serve, sse
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


def chunk(**delta: object) -> dict[str, object]:
    finish = delta.pop("finish", None)
    return {**CHUNK, "choices": [{"index": 0, "delta": delta, "finish_reason": finish}]}


USAGE = {
    **CHUNK,
    "choices": [],
    "usage": {"prompt_tokens": 5, "completion_tokens": 3, "total_tokens": 8},
}
HELPED_STREAM = Events(
    sse(
        chunk(role="assistant", reasoning_content="A story, then."),
        chunk(role="assistant", content="Once upon"),
        chunk(role="assistant", content=" a time", finish="stop"),
        USAGE,
    )
)
PROCESSING = {"status": "PROCESSING", "average_execution_time": 1200, "execution_duration": 1000}
FILE = b"\x00\x00\x00\x18ftypmp42 generated media"


def _queued_with_url(request: Received) -> Respond:
    """A queue answer whose file waits at a URL of this server (a pre-signed URL's stand-in)."""
    url = f"http://{request.headers['host']}/api/v1/files/sunset.mp4?signature=abc"
    return Respond.json(
        {"model": "wan-2.5-preview-text-to-video", "queue_id": "v1", "download_url": url}
    )


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
    "chat_stream_helper.py": {"/chat/completions": (HELPED_STREAM,)},
    "video_generate.py": {
        "/video/queue": (Decide(_queued_with_url),),
        "/video/retrieve": (
            Respond.json(PROCESSING),
            Respond.json({**PROCESSING, "status": "COMPLETED"}),
        ),
        "/files/sunset.mp4": (Respond(200, FILE, (("Content-Type", "video/mp4"),)),),
        "/video/complete": (Respond.json({"success": True}),),
    },
    "audio_generate.py": {
        "/audio/queue": (
            Respond.json({"model": "elevenlabs-music", "queue_id": "a1", "status": "QUEUED"}),
        ),
        "/audio/retrieve": (
            Respond.json(PROCESSING),
            Respond(200, FILE, (("Content-Type", "audio/mpeg"),)),
        ),
        "/audio/complete": (Respond.json({"success": True}),),
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


def _scripted_run(scripted: FaultServer, program: str, cwd: Path) -> str:
    for path, actions in SCRIPTED[program].items():
        scripted.script(path, *actions)  # type: ignore[arg-type]
    result = _run(program, scripted.url, cwd)
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def test_the_chat_stream_helper_asks_for_usage_and_builds_the_completion(
    scripted: FaultServer, tmp_path: Path
) -> None:
    out = _scripted_run(scripted, "chat_stream_helper.py", tmp_path)
    assert "Once upon a time" in out and "tokens used: 8" in out and "finished because: stop" in out
    assert "[thinking] A story, then." in out and "[content done] Once upon a time" in out
    sent = [json.loads(r.body) for r in scripted.received]
    assert len(sent) == 3 and all(b["stream"] is True for b in sent)
    assert all(b["stream_options"] == {"include_usage": True} for b in sent)


def test_the_video_helper_polls_downloads_without_the_key_and_cleans_up(
    scripted: FaultServer, tmp_path: Path
) -> None:
    out = _scripted_run(scripted, "video_generate.py", tmp_path)
    assert "PROCESSING: 83% after 1 polls" in out and "saved video/mp4" in out
    assert (tmp_path / "sunset.mp4").read_bytes() == FILE
    paths = [r.path.split("?")[0].removeprefix("/api/v1") for r in scripted.received]
    assert paths == [
        "/video/queue",
        "/video/retrieve",
        "/video/retrieve",
        "/files/sunset.mp4",
        "/video/complete",
    ]
    retrieve, download, complete = scripted.received[1], scripted.received[3], scripted.received[4]
    assert json.loads(retrieve.body) == {"model": "wan-2.5-preview-text-to-video", "queue_id": "v1"}
    assert json.loads(complete.body) == json.loads(retrieve.body)
    assert "authorization" in retrieve.headers and "authorization" not in download.headers
    assert download.path.endswith("?signature=abc")


def test_the_audio_helper_runs_jobs_side_by_side(scripted: FaultServer, tmp_path: Path) -> None:
    out = _scripted_run(scripted, "audio_generate.py", tmp_path)
    assert out.count("saved audio/mpeg") == 2 and "status: PROCESSING" in out
    assert scripted.count("/audio/queue") == 2 and scripted.count("/audio/complete") == 2
    assert (tmp_path / "track-1.mp3").read_bytes() == FILE


def test_the_request_id_program_prints_the_header(scripted: FaultServer, tmp_path: Path) -> None:
    out = _scripted_run(scripted, "request_id.py", tmp_path)
    assert "request id: req-42" in out and "async request id: req-42" in out
    assert "in the data: False" in out
