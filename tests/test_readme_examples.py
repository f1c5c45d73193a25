"""Every code example of the generated README runs, as written, against Prism.

The blocks run in order in one namespace (later blocks use the `client` of the first), with
`VENICE_API_KEY` and `VENICE_BASE_URL` set the way a user would, in a directory holding the
file the upload example names. Prism validates each request and logs its verdict; a request
it rejects fails the example (the client raises on the 4xx it answers) and is found in its
log as well. Prism cannot serve server-sent events the spec does not declare, so the
streaming block runs against a local event server instead, and the request it sent is
judged by `RequestJudge`.
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
from tests.fault_server import Events, FaultServer, serve, sse
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


def readme_blocks() -> list[str]:
    """The Python code blocks of the generated README, in order."""
    return BLOCK.findall(README.read_text(encoding="utf-8"))


@pytest.fixture
def event_server() -> Iterator[FaultServer]:
    yield from serve()


def test_the_readme_has_examples_of_every_kind() -> None:
    blocks = readme_blocks()
    assert len(blocks) == 8
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
    event_server.script("/chat/completions", Events(sse(CHUNK)))
    namespace: dict[str, Any] = {}
    printed = io.StringIO()
    with repaired(prism) as (url, exchanges), contextlib.redirect_stdout(printed):
        monkeypatch.setenv("VENICE_BASE_URL", url)
        for index, block in enumerate(readme_blocks()):
            code = compile(block, f"README.md block {index + 1}", "exec")
            if "stream=True" in block:
                _run_against(event_server, namespace, code)
            else:
                exec(code, namespace)
        namespace["client"].close()  # a script would end here; the test closes its client
    assert len(exchanges) == 8
    for exchange in exchanges:
        assert exchange.status == 200 and not exchange.violations(), exchange
    assert (tmp_path / "output").stat().st_size > 0  # the download was written
    assert (tmp_path / "output-streamed").read_bytes() == (tmp_path / "output").read_bytes()
    assert "'choices'" in printed.getvalue() and "chat.completion.chunk" in printed.getvalue()
    [streamed] = event_server.received
    request = httpx.Request(
        streamed.method,
        "http://127.0.0.1" + streamed.path.removeprefix("/api/v1"),
        headers=streamed.headers,
        content=streamed.body,
    )
    assert json.loads(streamed.body)["stream"] is True
    assert RequestJudge(load_spec(PINNED_SPEC).data).problems(request, "/chat/completions") == []


def _run_against(server: FaultServer, namespace: dict[str, Any], code: Any) -> None:
    """Run `code` with the namespace's client pointed at `server`, then point it back."""
    client = namespace["client"]
    namespace["client"] = client.with_options(base_url=server.url)
    try:
        exec(code, namespace)
    finally:
        namespace["client"] = client
