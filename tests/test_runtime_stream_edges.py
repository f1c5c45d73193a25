"""Server-sent event streams at the edges of the WHATWG event-stream rules, over a real
server on 127.0.0.1 (sync and async), and a stream used the wrong way: every failure is a
`VeniceError`, never an httpx or pydantic exception."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pydantic
import pytest
from venice_ai import APIResponseValidationError, StreamError, VeniceClient
from venice_ai._streaming import EventDecoder
from venice_ai.types import ChatCompletionChunk

from tests.fault_clients import run
from tests.fault_server import Events, FaultServer, serve, sse

BOM = b"\xef\xbb\xbf"
MESSAGES = [{"role": "user", "content": "Hi"}]
CHUNK = {
    "id": "c1",
    "object": "chat.completion.chunk",
    "created": 1,
    "model": "m",
    "choices": [{"index": 0, "delta": {"content": "Hel"}}],
}


@pytest.fixture
def server() -> Iterator[FaultServer]:
    yield from serve()


@pytest.fixture(params=["sync", "async"])
def mode(request: pytest.FixtureRequest) -> str:
    return str(request.param)


def chunks(mode: str, server: FaultServer, **settings: Any) -> list[ChatCompletionChunk]:
    def sync_call(client: VeniceClient) -> list[ChatCompletionChunk]:
        with client.chat.completions.create(model="m", messages=MESSAGES, stream=True) as s:
            return list(s)

    async def async_call(client: Any) -> list[ChatCompletionChunk]:
        stream = await client.chat.completions.create(model="m", messages=MESSAGES, stream=True)
        async with stream:
            return [chunk async for chunk in stream]

    return run(mode, server, sync_call if mode == "sync" else async_call, **settings)  # type: ignore[no-any-return]


def test_a_byte_order_mark_does_not_cost_the_first_event(mode: str, server: FaultServer) -> None:
    first, *rest = sse(CHUNK, {**CHUNK, "id": "c2"})
    server.script("/chat/completions", Events((BOM[:2], BOM[2:] + first, *rest)))
    assert [c.id for c in chunks(mode, server)] == ["c1", "c2"]


def test_events_without_data_are_not_items(mode: str, server: FaultServer) -> None:
    ping = b"event: ping\n\n"
    keep_alive = b"data:\n\n"
    first, done = sse(CHUNK)
    server.script("/chat/completions", Events((ping, first, keep_alive, ping, done)))
    assert [c.id for c in chunks(mode, server)] == ["c1"]


def test_a_stream_item_of_another_type_with_strict_responses_is_a_validation_error(
    mode: str, server: FaultServer
) -> None:
    server.script("/chat/completions", Events(sse({**CHUNK, "choices": "none"})))
    with pytest.raises(APIResponseValidationError, match="event 1") as caught:
        chunks(mode, server, strict_responses=True)
    assert isinstance(caught.value.__cause__, pydantic.ValidationError)
    assert caught.value.body == {**CHUNK, "choices": "none"}
    assert chunks(mode, server)[0].id == "c1"  # lenient by default


def test_iterating_a_stream_again_is_a_stream_error(server: FaultServer) -> None:
    server.script("/chat/completions", Events(sse(CHUNK)))

    def twice(client: VeniceClient) -> None:
        stream = client.chat.completions.create(model="m", messages=MESSAGES, stream=True)
        assert [c.id for c in stream] == ["c1"]
        with pytest.raises(StreamError, match="only once"):
            list(stream)

    run("sync", server, twice)


def test_iterating_an_async_stream_again_is_a_stream_error(server: FaultServer) -> None:
    server.script("/chat/completions", Events(sse(CHUNK)))

    async def twice(client: Any) -> None:
        stream = await client.chat.completions.create(model="m", messages=MESSAGES, stream=True)
        assert [c.id async for c in stream] == ["c1"]
        with pytest.raises(StreamError, match="only once"):
            [c async for c in stream]

    run("async", server, twice)


def test_the_decoder_drops_a_byte_order_mark_split_across_chunks_and_only_one() -> None:
    decoder = EventDecoder()
    event = f"data: {json.dumps(CHUNK)}\n\n".encode()
    events = [*decoder.feed(BOM[:1]), *decoder.feed(BOM[1:2]), *decoder.feed(BOM[2:] + event)]
    events += decoder.feed(BOM + event)  # not at the start: part of the line's field name
    assert [e.data for e in events] == [json.dumps(CHUNK)]


def test_the_decoder_dispatches_only_blocks_with_data() -> None:
    decoder = EventDecoder()
    events = decoder.feed(b"event: ping\n\nevent: update\nid: 3\n\ndata: x\n\n")
    assert [(e.event, e.id, e.data) for e in events] == [("message", "3", "x")]
    assert not decoder.in_progress
