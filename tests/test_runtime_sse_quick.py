"""The quick path of server-sent event streams (`_sse.QuickPath`): a chunk that is one plain
`data:` event becomes its item without the decoder; every other chunk goes to the
decoder and the general path. Whichever way the bytes are cut, a stream gives the same
items and the same errors."""

from __future__ import annotations

import asyncio
import gzip
import json
from collections.abc import AsyncIterator, Iterator
from typing import Any

import httpx
import pytest
from venice_ai import StreamError
from venice_ai._sse import SLOW, EventDecoder, QuickPath
from venice_ai._streaming import API_STREAM_RULES, AsyncStream, Stream
from venice_ai.types import ChatCompletionChunk, ResponseStreamEvent

HEAD = {"id": "c1", "object": "chat.completion.chunk", "created": 1, "model": "m"}
TEXT = {**HEAD, "choices": [{"index": 0, "delta": {"content": "Hel"}}]}
TOOL = {
    **HEAD,
    "choices": [
        {
            "index": 0,
            "delta": {"tool_calls": [{"index": 0, "id": "t1", "type": "function", "function": {}}]},
        }
    ],
}
NEW_FIELD = {**TEXT, "id": "c2", "system_fingerprint": "fp"}  # a key the spec does not have
NOT_A_CHUNK = {**HEAD, "id": "c3", "choices": "none"}  # built leniently
# One event per chunk, as servers send them, with a few that only the decoder reads.
CHAT_EVENTS = (
    f"data: {json.dumps(TEXT)}\n\n".encode(),
    b": keep-alive comment\n\n",
    f"data:{json.dumps(TOOL)}\n\n".encode(),  # no space after the colon
    f"data: {json.dumps(NEW_FIELD)}\n\n".encode(),
    b"data:\n\n",  # data but nothing in it: not an item
    f"data: {json.dumps(NOT_A_CHUNK)}\n\n".encode(),
    f"event: message\r\ndata: {json.dumps(TEXT)}\r\n\r\n".encode(),
    f"data: {json.dumps(TEXT)}\n\ndata: {json.dumps(TOOL)}\n\n".encode(),  # two in one
    f"data: {json.dumps(TEXT)}\n\n".encode(),
    b"data: [DONE]\n\n",
)
RULES: dict[str, Any] = {
    "done": API_STREAM_RULES.done,
    "kinds": API_STREAM_RULES.final_types | API_STREAM_RULES.error_types,
    "error_field": API_STREAM_RULES.error_field,
    "item_fields": API_STREAM_RULES.item_fields,
}


def _response(chunks: tuple[bytes, ...], **headers: str) -> httpx.Response:
    return httpx.Response(
        200,
        headers={"content-type": "text/event-stream", **headers},
        content=iter(chunks),
        request=httpx.Request("POST", "http://localhost/chat/completions"),
    )


def _items(item_type: Any, chunks: tuple[bytes, ...], **headers: str) -> list[Any]:
    return list(Stream(response=_response(chunks, **headers), item_type=item_type, strict=False))


def _async_items(item_type: Any, chunks: tuple[bytes, ...]) -> list[Any]:
    async def body() -> AsyncIterator[bytes]:
        for chunk in chunks:
            yield chunk

    async def read() -> list[Any]:
        response = httpx.Response(
            200,
            headers={"content-type": "text/event-stream"},
            content=body(),
            request=httpx.Request("POST", "http://localhost/chat/completions"),
        )
        return [i async for i in AsyncStream(response=response, item_type=item_type, strict=False)]

    return asyncio.run(read())


def _dumped(items: list[Any]) -> list[tuple[str, object]]:
    return [(type(item).__name__, item.to_dict()) for item in items]


def _cuts(chunks: tuple[bytes, ...]) -> Iterator[tuple[bytes, ...]]:
    """The same bytes as they came, all in one chunk, and one byte at a time."""
    whole = b"".join(chunks)
    yield chunks
    yield (whole,)
    yield tuple(whole[i : i + 1] for i in range(len(whole)))


def test_the_items_do_not_depend_on_how_the_bytes_are_cut() -> None:
    expected = _dumped(_items(ChatCompletionChunk, CHAT_EVENTS))
    assert [name for name, _ in expected] == ["ChatCompletionChunk"] * 8
    assert [data["id"] for _, data in expected] == ["c1", "c1", "c2", "c3"] + ["c1"] * 4
    assert expected[2][1]["system_fingerprint"] == "fp"  # kept
    assert expected[3][1]["choices"] == "none"  # kept as it came
    tool_call = _items(ChatCompletionChunk, CHAT_EVENTS)[1].choices[0].delta.tool_calls[0]
    assert tool_call.type == "function" and tool_call.id == "t1"
    for chunks in _cuts(CHAT_EVENTS):
        assert _dumped(_items(ChatCompletionChunk, chunks)) == expected
        assert _dumped(_async_items(ChatCompletionChunk, chunks)) == expected


def test_a_compressed_stream_is_read_through_its_decoding() -> None:
    body = gzip.compress(b"".join(CHAT_EVENTS))
    items = _items(ChatCompletionChunk, (body[:50], body[50:]), **{"content-encoding": "gzip"})
    assert _dumped(items) == _dumped(_items(ChatCompletionChunk, CHAT_EVENTS))


def test_the_quick_path_takes_only_whole_plain_events_once_the_stream_has_started() -> None:
    decoder = EventDecoder()
    quick = QuickPath.of(decoder, ChatCompletionChunk, **RULES)
    assert quick is not None
    plain = f"data: {json.dumps(TEXT)}\n\n".encode()
    assert quick.item(plain) is SLOW  # the first chunk may start with a byte-order mark
    assert [e.data for e in decoder.feed(plain)] == [json.dumps(TEXT)]
    item = quick.item(plain)
    assert isinstance(item, ChatCompletionChunk) and item.id == "c1"
    for other in (
        plain[:-1],  # not ended yet
        plain + plain,
        plain.replace(b"\n", b"\r\n"),
        b"id: 5\n" + plain,
        b"event: update\n" + plain,
        b": comment\n\n",
        b"data: [DONE]\n\n",
        b"data: {not json}\n\n",
        f"data: {json.dumps(NOT_A_CHUNK)}\n\n".encode(),
    ):
        assert quick.item(other) is SLOW, other
    decoder.feed(b"data: half of an ev")
    assert quick.item(plain) is SLOW  # an event is in progress: the decoder goes on
    assert QuickPath.of(EventDecoder(), dict, **RULES) is None


@pytest.mark.parametrize(
    "event",
    [
        {"type": "error", "sequence_number": 1, "message": "model overloaded"},
        {"error": {"message": "model overloaded"}},  # also a valid ResponseStreamEvent
        {"type": "response.failed", "response": {"error": {"message": "model overloaded"}}},
    ],
    ids=["error type", "error field", "response.failed"],
)
def test_an_error_event_alone_in_its_chunk_raises(event: dict[str, object]) -> None:
    created = {"type": "response.created", "sequence_number": 0}
    chunks = (b"\n", *(f"data: {json.dumps(e)}\n\n".encode() for e in (created, event)))
    for cut in _cuts(chunks):
        with pytest.raises(StreamError, match="error after 1 events: model overloaded") as caught:
            _items(ResponseStreamEvent, cut)
        assert caught.value.body == event
    chat_error = (b"\n", f"data: {json.dumps(event)}\n\n".encode())
    with pytest.raises(StreamError, match="model overloaded"):
        _items(ChatCompletionChunk, chat_error)


def test_a_final_event_alone_in_its_chunk_ends_the_stream() -> None:
    events = [{"type": "response.created"}, {"type": "response.completed"}, {"type": "late"}]
    chunks = (b"\n", *(f"data: {json.dumps(e)}\n\n".encode() for e in events))
    for cut in _cuts(chunks):
        assert [e.type for e in _items(ResponseStreamEvent, cut)] == [
            "response.created",
            "response.completed",
        ]
