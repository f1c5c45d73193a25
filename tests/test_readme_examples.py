"""Every code example of the generated README runs, as written, against Prism.

The blocks run in order in one namespace (later blocks use the `client` of the first), with
`VENICE_API_KEY` and `VENICE_BASE_URL` set the way a user would, in a directory holding the
file the upload example names. Prism validates each request and logs its verdict; a request
it rejects fails the example (the client raises on the 4xx it answers) and is found in its
log as well. Prism cannot serve server-sent events the spec does not declare, so the
streaming blocks run against a local event server instead, and the requests they sent are
judged by `RequestJudge`; nor can it play a job that is processing and then done, so the
job helper's block runs against the scripted server too.
"""

from __future__ import annotations

import contextlib
import io
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from generator.load import load_spec
from generator.render.readme_examples import UPLOAD_PATH
from tests.fault_server import Events, FaultServer, Respond, serve, sse
from tests.openapi_check import RequestJudge
from tests.prism_server import Prism, repaired
from tests.project import GENERATED, PINNED_SPEC
from tests.spec_samples import FILE_CONTENT

# Slow: runs against a Prism server.
# `make test-fast` leaves it out; `make test` and CI run it.
pytestmark = pytest.mark.slow

README = GENERATED / "README.md"
BLOCK = re.compile(r"```python\n(.*?)```", re.DOTALL)
CHUNK = {
    "id": "chatcmpl-1",
    "object": "chat.completion.chunk",
    "created": 1,
    "model": "zai-org-glm-5-1",
    "choices": [{"index": 0, "delta": {"role": "assistant", "content": "Hi"}}],
}
USAGE = {
    **CHUNK,
    "choices": [],
    "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
}
PROCESSING = {"status": "PROCESSING", "average_execution_time": 1500, "execution_duration": 900}
AUDIO = b"ID3 generated audio"


SCRIPTED_MARKERS = ("stream=True", ".stream(", "on_progress=")
"""What marks a block Prism cannot serve: event streams and jobs that are processing."""


def readme_blocks() -> list[str]:
    """The Python code blocks of the generated README, in order."""
    return BLOCK.findall(README.read_text(encoding="utf-8"))


@pytest.fixture
def event_server() -> Iterator[FaultServer]:
    yield from serve()


def test_the_readme_has_examples_of_every_kind() -> None:
    blocks = readme_blocks()
    assert len(blocks) == 11
    joined = "\n".join(blocks)
    for call in (
        "client.image.list_styles(",
        "client.chat.completions.create(",
        "stream=True",
        "._request_id",
        "client.with_streaming_response.",
        "transport=httpx.HTTPTransport(",
        ".copy(",
        ".with_options(",
        "require_credentials=False",
        "client.chat.completions.stream(",
        "stream.get_final_completion()",
        "for item in page:",
        "client.audio.generate(",
    ):
        assert call in joined
    assert "..." not in joined  # every argument is a real value


def test_every_readme_example_runs_against_prism(
    prism: Prism,
    event_server: FaultServer,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("VENICE_API_KEY", "test-key")
    monkeypatch.chdir(tmp_path)
    (tmp_path / UPLOAD_PATH).write_bytes(FILE_CONTENT)
    event_server.script("/chat/completions", Events(sse(CHUNK)), Events(sse(CHUNK, USAGE)))
    event_server.script(
        "/audio/queue", Respond.json({"model": "m", "queue_id": "q", "status": "QUEUED"})
    )
    event_server.script(
        "/audio/retrieve",
        Respond.json(PROCESSING),
        Respond(200, AUDIO, (("Content-Type", "audio/mpeg"),)),
    )
    event_server.script("/audio/complete", Respond.json({"success": True}))
    namespace: dict[str, Any] = {}
    printed = io.StringIO()
    with repaired(prism) as (url, exchanges), contextlib.redirect_stdout(printed):
        monkeypatch.setenv("VENICE_BASE_URL", url)
        for index, block in enumerate(readme_blocks()):
            code = compile(block, f"README.md block {index + 1}", "exec")
            if any(marker in block for marker in SCRIPTED_MARKERS):
                _run_against(event_server, namespace, code)
            else:
                exec(code, namespace)
        namespace["client"].close()  # a script would end here; the test closes its client
    assert len(exchanges) == 9
    for exchange in exchanges:
        assert exchange.status == 200 and not exchange.violations(), exchange
    assert (tmp_path / "output").stat().st_size > 0  # the download was written
    assert (tmp_path / "output-streamed").read_bytes() == (tmp_path / "output").read_bytes()
    assert (tmp_path / "generated-file").read_bytes() == AUDIO  # the job's file
    out = printed.getvalue()
    assert "'choices'" in out and "chat.completion.chunk" in out  # the raw stream
    assert "'object': 'chat.completion'" in out and "'total_tokens': 2" in out  # the helper
    assert "JobProgress(status='PROCESSING'" in out
    judge = RequestJudge(load_spec(PINNED_SPEC).data)
    for received in event_server.received:
        path = received.path.removeprefix("/api/v1")
        request = httpx.Request(
            received.method,
            "http://127.0.0.1" + path,
            headers=received.headers,
            content=received.body,
        )
        assert judge.problems(request, path) == [], path
    streamed = [
        json.loads(r.body) for r in event_server.received if r.path.endswith("/chat/completions")
    ]
    assert [body["stream"] for body in streamed] == [True, True]
    assert streamed[1]["stream_options"] == {"include_usage": True}


def _run_against(server: FaultServer, namespace: dict[str, Any], code: Any) -> None:
    """Run `code` with the namespace's client pointed at `server`, then point it back."""
    client = namespace["client"]
    namespace["client"] = client.with_options(base_url=server.url)
    try:
        exec(code, namespace)
    finally:
        namespace["client"] = client
