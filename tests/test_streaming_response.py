"""Issue 13: `with_streaming_response`, sync and async, over loopback.

The call is made on entering the block and the body is left on the connection: it arrives
as the caller reads it (the connection is busy until then), and leaving the block releases
the connection whether the body was read or not.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from venice_ai import (
    APIConnectionError,
    AsyncBinaryResponse,
    AsyncStream,
    AsyncStreamedResponse,
    AsyncVeniceClient,
    BinaryResponse,
    NotFoundError,
    Stream,
    StreamedResponse,
    VeniceClient,
)
from venice_ai.types import ModelList

from tests.fault_clients import Pool, pool, run
from tests.fault_server import Download, Events, FaultServer, Partial, Respond, serve, sse

SIZE = 2 * 1024 * 1024
MODELS = {"object": "list", "data": [], "type": "text"}
CHUNK = {
    "id": "c1",
    "object": "chat.completion.chunk",
    "created": 1,
    "model": "m",
    "choices": [{"index": 0, "delta": {"content": "Hi"}}],
}
IDLE = Pool(connections=1, busy=0, waiting=0)


@pytest.fixture(params=["sync", "async"])
def mode(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def server() -> Any:
    yield from serve()


def speech(client: Any) -> Any:
    return client.with_streaming_response.audio.create_speech(input="Hello")


def test_a_download_arrives_as_it_is_read_and_the_connection_is_released(
    mode: str, server: FaultServer, tmp_path: Path
) -> None:
    server.script("/audio/speech", Download(SIZE, content_type="audio/mpeg"))
    target = tmp_path / "speech.mp3"

    def sync_call(client: VeniceClient) -> tuple[Pool, Pool]:
        with speech(client) as response:
            assert isinstance(response, StreamedResponse)
            assert response.headers["content-type"] == "audio/mpeg"
            before = pool(client)  # nothing read yet: the body waits on the connection
            response.stream_to_file(target)
        return before, pool(client)

    async def async_call(client: AsyncVeniceClient) -> tuple[Pool, Pool]:
        async with speech(client) as response:
            assert isinstance(response, AsyncStreamedResponse)
            before = pool(client)
            await response.stream_to_file(target)
        return before, pool(client)

    before, after = run(mode, server, sync_call if mode == "sync" else async_call)
    assert before.busy == 1 and after == IDLE  # httpcore counts the open response as waiting
    assert target.stat().st_size == SIZE


def test_leaving_the_block_unread_releases_the_connection(mode: str, server: FaultServer) -> None:
    server.script("/audio/speech", Download(SIZE, content_type="audio/mpeg"))

    def sync_call(client: VeniceClient) -> Pool:
        with speech(client) as response:
            next(response.iter_bytes(1024))
        return pool(client)

    async def async_call(client: AsyncVeniceClient) -> Pool:
        async with speech(client) as response:
            async for _ in response.iter_bytes(1024):
                break
        return pool(client)

    state = run(mode, server, sync_call if mode == "sync" else async_call)
    assert state.busy == 0 and state.waiting == 0


def test_parse_gives_the_methods_result(mode: str, server: FaultServer) -> None:
    server.script("/models", Respond.json(MODELS, x_request_id="req-7"))
    server.script("/audio/speech", Download(1000, content_type="audio/mpeg"))
    server.script("/chat/completions", Events(sse(CHUNK, CHUNK)))
    chat = {"model": "m", "messages": [{"role": "user", "content": "Hi"}], "stream": True}

    def sync_call(client: VeniceClient) -> list[object]:
        with client.with_streaming_response.models.list() as response:
            models = response.parse()
        with speech(client) as response:
            audio = response.parse()
            assert isinstance(audio, BinaryResponse) and len(b"".join(audio.iter_bytes())) == 1000
        with client.with_streaming_response.chat.completions.create(**chat) as response:
            stream = response.parse()
            assert isinstance(stream, Stream) and len(list(stream)) == 2
        return [models]

    async def async_call(client: AsyncVeniceClient) -> list[object]:
        async with client.with_streaming_response.models.list() as response:
            models = await response.parse()
        async with speech(client) as response:
            audio = await response.parse()
            assert isinstance(audio, AsyncBinaryResponse)
            assert len(b"".join([c async for c in audio.iter_bytes()])) == 1000
        async with client.with_streaming_response.chat.completions.create(**chat) as response:
            stream = await response.parse()
            assert isinstance(stream, AsyncStream) and len([c async for c in stream]) == 2
        return [models]

    [models] = run(mode, server, sync_call if mode == "sync" else async_call)
    assert isinstance(models, ModelList) and models._request_id == "req-7"


def test_lines_text_and_whole_bodies(mode: str, server: FaultServer) -> None:
    server.script("/models", Respond.json(MODELS, x_request_id="req-8"))

    def sync_call(client: VeniceClient) -> tuple[str, str, bytes, str | None]:
        with client.with_streaming_response.models.list() as response:
            lines = "".join(response.iter_lines())
        with client.with_streaming_response.models.list() as response:
            text = "".join(response.iter_text())
        with client.with_streaming_response.models.list() as response:
            return lines, text, response.read(), response.request_id

    async def async_call(client: AsyncVeniceClient) -> tuple[str, str, bytes, str | None]:
        async with client.with_streaming_response.models.list() as response:
            lines = "".join([line async for line in response.iter_lines()])
        async with client.with_streaming_response.models.list() as response:
            text = "".join([t async for t in response.iter_text()])
        async with client.with_streaming_response.models.list() as response:
            return lines, text, await response.read(), response.request_id

    lines, text, body, request_id = run(mode, server, sync_call if mode == "sync" else async_call)
    assert json.loads(lines) == json.loads(text) == json.loads(body) == MODELS
    assert request_id == "req-8"


def test_an_error_status_raises_on_entering_and_frees_the_connection(
    mode: str, server: FaultServer
) -> None:
    server.script("/models", Respond.json({"error": "gone"}, 404))

    def sync_call(client: VeniceClient) -> Pool:
        with pytest.raises(NotFoundError), client.with_streaming_response.models.list():
            pass
        return pool(client)

    async def async_call(client: AsyncVeniceClient) -> Pool:
        with pytest.raises(NotFoundError):
            async with client.with_streaming_response.models.list():
                pass
        return pool(client)

    assert run(mode, server, sync_call if mode == "sync" else async_call) == IDLE


def test_a_body_cut_off_while_streaming_is_a_connection_error(
    mode: str, server: FaultServer
) -> None:
    body = bytes(300_000)
    cut = Partial(body, sent=100_000, then="reset", headers=(("Content-Type", "audio/mpeg"),))
    server.script("/audio/speech", cut)

    def sync_call(client: VeniceClient) -> None:
        with speech(client) as response, pytest.raises(APIConnectionError):
            b"".join(response.iter_bytes())

    async def async_call(client: AsyncVeniceClient) -> None:
        async with speech(client) as response:
            with pytest.raises(APIConnectionError):
                b"".join([c async for c in response.iter_bytes()])

    run(mode, server, sync_call if mode == "sync" else async_call, max_retries=0)
    assert server.count("/audio/speech") == 1  # a streamed body is not retried
