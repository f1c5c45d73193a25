"""The chat stream helper (`generator/runtime/_chat_stream.py`, `_chat_events.py`), tested
from the source tree: events for text and tool call deltas, the completion the chunks make
up (usage included when sent), sync and async."""

from __future__ import annotations

import asyncio
import json
from typing import Any, Literal

import httpx
import pytest

from generator.runtime._chat_events import (
    ChatAccumulator,
    ChunkEvent,
    TextDeltaEvent,
    TextDoneEvent,
    ToolCallDeltaEvent,
    ToolCallDoneEvent,
)
from generator.runtime._chat_stream import (
    AsyncChatCompletionStreamManager,
    ChatCompletionStreamManager,
)
from generator.runtime._exceptions import APIResponseValidationError, StreamError
from generator.runtime._models import BaseModel
from generator.runtime._streaming import AsyncStream, Stream


class Delta(BaseModel):
    role: str | None = None
    content: str | None = None


class ChunkChoice(BaseModel):
    index: int
    delta: Delta
    finish_reason: str | None = None


class Chunk(BaseModel):
    id: str
    object: str
    choices: list[ChunkChoice]


class Message(BaseModel):
    role: Literal["assistant"]
    content: str | None = None
    reasoning_content: str | None = None


class Choice(BaseModel):
    index: int
    message: Message
    finish_reason: str


class Usage(BaseModel):
    total_tokens: int


class Completion(BaseModel):
    id: str
    object: Literal["chat.completion"]
    choices: list[Choice]
    usage: Usage


def chunk(delta: dict[str, Any], finish: str | None = None, **top: Any) -> dict[str, Any]:
    choice = {"index": 0, "delta": delta, "finish_reason": finish}
    return {"id": "c1", "object": "chat.completion.chunk", "choices": [choice], **top}


CHUNKS = [
    chunk({"role": "assistant", "reasoning_content": "Think"}),
    chunk({"role": "assistant", "content": "Hel"}),
    chunk({"role": "assistant", "content": "lo"}, finish="stop"),
    {"id": "c1", "object": "chat.completion.chunk", "choices": [], "usage": {"total_tokens": 9}},
]


def sse(*payloads: object, done: bool = True) -> bytes:
    events = [f"data: {json.dumps(p)}\n\n" for p in payloads]
    return "".join([*events, "data: [DONE]\n\n" if done else ""]).encode()


def response(body: bytes) -> httpx.Response:
    return httpx.Response(
        200,
        content=body,
        headers={"content-type": "text/event-stream"},
        request=httpx.Request("POST", "http://api.test/chat/completions"),
    )


SETTINGS: dict[str, Any] = {
    "completion_type": Completion,
    "text_fields": ("content", "reasoning_content"),
    "fixed": {"object": "chat.completion"},
}


def manager(body: bytes, **settings: Any) -> ChatCompletionStreamManager[Completion, Chunk]:
    stream = Stream(response=response(body), item_type=Chunk, strict=False)
    return ChatCompletionStreamManager(lambda: stream, **{**SETTINGS, **settings})


def test_text_deltas_and_the_final_completion() -> None:
    with manager(sse(*CHUNKS)) as stream:
        assert list(stream.text_deltas()) == ["Hel", "lo"]
        completion = stream.get_final_completion()
    assert isinstance(completion, Completion)
    assert completion.object == "chat.completion" and completion.usage.total_tokens == 9
    message = completion.choices[0].message
    assert (message.role, message.content, message.reasoning_content) == (
        "assistant",  # sent in every chunk, kept once
        "Hello",
        "Think",
    )
    assert completion.choices[0].finish_reason == "stop"


def test_events_in_order() -> None:
    with manager(sse(*CHUNKS)) as stream:
        events = list(stream)
    kinds = [e.type for e in events]
    assert kinds == [
        "chunk",
        "text.delta",
        "chunk",
        "text.delta",
        "chunk",
        "text.delta",
        "text.done",
        "text.done",
        "chunk",
    ]
    first = events[0]
    assert isinstance(first, ChunkEvent) and isinstance(first.chunk, Chunk)
    delta = events[5]
    assert isinstance(delta, TextDeltaEvent)
    assert (delta.field, delta.delta, delta.snapshot) == ("content", "lo", "Hello")
    done = [e for e in events if isinstance(e, TextDoneEvent)]
    assert [(d.field, d.text) for d in done] == [
        ("content", "Hello"),
        ("reasoning_content", "Think"),
    ]


def test_tool_call_arguments_are_accumulated() -> None:
    accumulator = ChatAccumulator(("content",), {})
    call = {"index": 0, "id": "call_1", "type": "function", "function": {"name": "f"}}
    events = accumulator.add(chunk({"role": "assistant", "tool_calls": [call]}))
    events += accumulator.add(
        chunk({"tool_calls": [{"index": 0, "function": {"arguments": '{"a":'}}]})
    )
    events += accumulator.add(
        chunk({"tool_calls": [{"index": 0, "function": {"arguments": " 1}"}}]}, "tool_calls")
    )
    deltas = [e for e in events if isinstance(e, ToolCallDeltaEvent)]
    assert [(d.name, d.arguments_delta, d.arguments) for d in deltas] == [
        ("f", '{"a":', '{"a":'),
        ("f", " 1}", '{"a": 1}'),
    ]
    [done] = [e for e in events if isinstance(e, ToolCallDoneEvent)]
    assert (done.id, done.name, json.loads(done.arguments)) == ("call_1", "f", {"a": 1})
    message = accumulator.snapshot()["choices"][0]["message"]
    assert message["tool_calls"] == [
        {"id": "call_1", "type": "function", "function": {"name": "f", "arguments": '{"a": 1}'}}
    ]


def test_choices_unfinished_at_the_end_are_done_then() -> None:
    accumulator = ChatAccumulator(("content",), {})
    accumulator.add(chunk({"content": "Hi"}))
    assert [e.type for e in accumulator.finish()] == ["text.done"]
    assert accumulator.finish() == []


def test_an_interrupted_stream_raises_stream_error_with_what_came() -> None:
    with manager(sse(*CHUNKS[:2], done=False)) as stream:
        with pytest.raises(StreamError):
            stream.get_final_completion()
        assert stream.current_completion_snapshot().choices[0].message.content == "Hel"


def test_strict_clients_refuse_a_completion_the_chunks_cannot_make() -> None:
    with manager(sse(*CHUNKS[:3]), strict=True) as stream:  # no usage chunk
        with pytest.raises(APIResponseValidationError) as caught:
            stream.get_final_completion()
    assert "usage" in str(caught.value) and caught.value.__cause__ is not None


def test_the_request_is_sent_on_enter_and_the_connection_closed_on_exit() -> None:
    opened: list[Stream[Chunk]] = []

    def open_stream() -> Stream[Chunk]:
        opened.append(Stream(response=response(sse(*CHUNKS)), item_type=Chunk, strict=False))
        return opened[-1]

    helper = ChatCompletionStreamManager(open_stream, **SETTINGS)
    assert opened == []
    with helper as stream:
        next(iter(stream))
    assert opened[0].response.is_closed


def test_async_streams_give_the_same_events_and_completion() -> None:
    async def main() -> tuple[list[str], list[str], Completion]:
        async def open_stream() -> AsyncStream[Chunk]:
            return AsyncStream(response=response(sse(*CHUNKS)), item_type=Chunk, strict=False)

        async with AsyncChatCompletionStreamManager(open_stream, **SETTINGS) as stream:
            texts = [text async for text in stream.text_deltas()]
            completion = await stream.get_final_completion()
        async with AsyncChatCompletionStreamManager(open_stream, **SETTINGS) as stream:
            kinds = [event.type async for event in stream]
        return texts, kinds, completion

    texts, kinds, completion = asyncio.run(main())
    assert texts == ["Hel", "lo"] and kinds.count("text.done") == 2
    assert completion.choices[0].message.content == "Hello"
    assert completion.usage.total_tokens == 9
