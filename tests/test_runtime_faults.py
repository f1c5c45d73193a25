"""The generated client against a real, misbehaving HTTP server on 127.0.0.1, sync and async.

Covers what mocks cannot show honestly: connection resets, responses slower than the
timeout, Retry-After waits, retried 5xx, server-sent event streams (chat and responses) that
finish or are cut off mid-event. Faults after the headers (bodies cut off, stalled or
undecodable, and files) are in `test_runtime_body_faults.py`.
"""

from __future__ import annotations

import email.utils
import json
import time
from collections.abc import Iterator
from typing import Any

import pytest
from venice_ai import (
    APIConnectionError,
    APITimeoutError,
    AsyncVeniceClient,
    AuthenticationError,
    BadRequestError,
    RateLimitError,
    ServiceUnavailableError,
    StreamError,
    VeniceClient,
)
from venice_ai.types import ChatCompletionChunk, ModelList, ResponseStreamEvent

from tests.fault_clients import count_retries_only, run
from tests.fault_server import (
    Events,
    FaultServer,
    Reset,
    Respond,
    serve,
    sse,
    typed_sse,
)

MODELS = {"object": "list", "data": [], "type": "text"}
MESSAGES = [{"role": "user", "content": "Hi"}]


@pytest.fixture
def server(monkeypatch: pytest.MonkeyPatch) -> Iterator[FaultServer]:
    count_retries_only(monkeypatch)
    yield from serve()


@pytest.fixture(params=["sync", "async"])
def mode(request: pytest.FixtureRequest) -> str:
    return str(request.param)


def chat_stream(mode: str, server: FaultServer, **settings: Any) -> list[ChatCompletionChunk]:
    """Stream a chat completion and collect its chunks."""

    def sync_call(client: VeniceClient) -> list[ChatCompletionChunk]:
        with client.chat.completions.create(model="m", messages=MESSAGES, stream=True) as s:
            return list(s)

    async def async_call(client: AsyncVeniceClient) -> list[ChatCompletionChunk]:
        stream = await client.chat.completions.create(model="m", messages=MESSAGES, stream=True)
        async with stream:
            return [chunk async for chunk in stream]

    return run(mode, server, sync_call if mode == "sync" else async_call, **settings)  # type: ignore[no-any-return]


def response_stream(mode: str, server: FaultServer) -> list[ResponseStreamEvent]:
    """Stream a response (the Responses API) and collect its events."""

    def sync_call(client: VeniceClient) -> list[ResponseStreamEvent]:
        with client.responses.create(model="m", input="Hi", stream=True) as stream:
            return list(stream)

    async def async_call(client: AsyncVeniceClient) -> list[ResponseStreamEvent]:
        stream = await client.responses.create(model="m", input="Hi", stream=True)
        async with stream:
            return [event async for event in stream]

    return run(mode, server, sync_call if mode == "sync" else async_call)  # type: ignore[no-any-return]


# ---------------------------------------------------------------- retries


def test_connection_reset_is_retried(mode: str, server: FaultServer) -> None:
    server.script("/models", Reset(), Respond.json(MODELS))
    listing = run(mode, server, lambda c: c.models.list())
    assert isinstance(listing, ModelList)
    assert server.count("/models") == 2


def test_connection_errors_give_up_after_max_retries(mode: str, server: FaultServer) -> None:
    server.script("/models", Reset())
    with pytest.raises(APIConnectionError) as caught:
        run(mode, server, lambda c: c.models.list(), max_retries=1)
    assert not isinstance(caught.value, APITimeoutError)
    assert server.count("/models") == 2
    assert "sk-test" not in str(caught.value)


def test_a_slow_response_times_out(mode: str, server: FaultServer) -> None:
    slow = Respond(200, b"{}", (("Content-Type", "application/json"),), delay=3.0)
    server.script("/models", slow)
    started = time.monotonic()
    with pytest.raises(APITimeoutError):
        run(mode, server, lambda c: c.models.list(timeout=0.3), max_retries=0)
    assert time.monotonic() - started < 2.5


def test_the_client_timeout_applies_and_timeouts_are_retried(
    mode: str, server: FaultServer
) -> None:
    slow = Respond(200, b"{}", (("Content-Type", "application/json"),), delay=3.0)
    server.script("/models", slow, Respond.json(MODELS))
    listing = run(mode, server, lambda c: c.models.list(), timeout=0.3, max_retries=1)
    assert isinstance(listing, ModelList) and server.count("/models") == 2


def test_429_waits_for_retry_after_seconds(mode: str, server: FaultServer) -> None:
    server.script(
        "/models", Respond.json({"error": "slow down"}, 429, Retry_After="1"), Respond.json(MODELS)
    )
    started = time.monotonic()
    run(mode, server, lambda c: c.models.list())
    assert 0.9 <= time.monotonic() - started < 5
    assert server.count("/models") == 2


def test_429_honours_retry_after_as_an_http_date_and_in_ms(mode: str, server: FaultServer) -> None:
    date = email.utils.formatdate(time.time() + 1.5, usegmt=True)
    server.script(
        "/models",
        Respond.json({}, 429, Retry_After=date),
        Respond.json({}, 429, retry_after_ms="300"),
        Respond.json(MODELS),
    )
    started = time.monotonic()
    run(mode, server, lambda c: c.models.list())
    assert 0.8 <= time.monotonic() - started < 5  # whole seconds of the date, then 0.3 s
    assert server.count("/models") == 3


def test_429_asking_for_longer_than_the_cap_is_raised_at_once(
    mode: str, server: FaultServer
) -> None:
    server.script("/models", Respond.json({"error": "quota"}, 429, Retry_After="3600"))
    started = time.monotonic()
    with pytest.raises(RateLimitError) as caught:
        run(mode, server, lambda c: c.models.list(), max_retries=2)
    assert time.monotonic() - started < 1 and server.count("/models") == 1
    assert caught.value.retry_after == 3600


def test_429_after_the_last_retry_is_a_rate_limit_error(mode: str, server: FaultServer) -> None:
    server.script(
        "/models",
        Respond.json(
            {"error": "Too many requests", "code": "RATE_LIMITED"}, 429, retry_after_ms="10"
        ),
    )
    with pytest.raises(RateLimitError) as caught:
        run(mode, server, lambda c: c.models.list(), max_retries=1)
    error = caught.value
    assert error.status_code == 429 and error.retry_after == pytest.approx(0.01)
    assert error.code == "RATE_LIMITED" and "Too many requests" in error.message


def test_503_then_200_succeeds(mode: str, server: FaultServer) -> None:
    server.script("/models", Respond.json({"error": "busy"}, 503), Respond.json(MODELS))
    assert isinstance(run(mode, server, lambda c: c.models.list()), ModelList)
    assert server.count("/models") == 2


def test_persistent_503_raises_after_retries(mode: str, server: FaultServer) -> None:
    server.script("/models", Respond.json({"error": "busy"}, 503))
    with pytest.raises(ServiceUnavailableError):
        run(mode, server, lambda c: c.models.list(), max_retries=2)
    assert server.count("/models") == 3


def test_other_4xx_are_not_retried(mode: str, server: FaultServer) -> None:
    server.script("/models", Respond.json({"error": "bad", "details": {"type": ["invalid"]}}, 400))
    with pytest.raises(BadRequestError) as caught:
        run(mode, server, lambda c: c.models.list())
    assert server.count("/models") == 1
    assert caught.value.details == {"type": ["invalid"]}


# ---------------------------------------------------------------- streams

CHUNKS = [
    {
        "id": "c1",
        "object": "chat.completion.chunk",
        "created": 1,
        "model": "m",
        "choices": [{"index": 0, "delta": {"role": "assistant", "content": "Hel"}}],
    },
    {
        "id": "c1",
        "object": "chat.completion.chunk",
        "created": 1,
        "model": "m",
        "choices": [{"index": 0, "delta": {"content": "lo"}, "finish_reason": "stop"}],
    },
    {
        "id": "c1",
        "object": "chat.completion.chunk",
        "created": 1,
        "model": "m",
        "choices": [],
        "usage": {"prompt_tokens": 3, "completion_tokens": 2, "total_tokens": 5},
    },
]


def test_sse_stream_yields_chunks_until_done(mode: str, server: FaultServer) -> None:
    server.script("/chat/completions", Events((b": keep-alive\n\n", *sse(*CHUNKS))))
    chunks = chat_stream(mode, server)
    assert [c.choices[0].delta.content for c in chunks[:2] if c.choices and c.choices[0].delta] == [
        "Hel",
        "lo",
    ]
    assert chunks[-1].usage is not None and chunks[-1].usage.total_tokens == 5
    [request] = server.received
    assert json.loads(request.body)["stream"] is True


def test_sse_stream_cut_mid_event_raises_a_clear_error(mode: str, server: FaultServer) -> None:
    events = sse(*CHUNKS)
    server.script("/chat/completions", Events(events, cut=len(events[0]) + 25))
    with pytest.raises(StreamError) as caught:
        chat_stream(mode, server)
    assert "after 1 events" in str(caught.value)
    assert "JSON" not in str(caught.value)


def test_sse_stream_ending_cleanly_inside_an_event_says_so(mode: str, server: FaultServer) -> None:
    first, second = sse(*CHUNKS[:2], done=False)
    server.script("/chat/completions", Events((first, second[:30])))
    with pytest.raises(StreamError, match="ended in the middle of an event after 1 events"):
        chat_stream(mode, server)


def test_sse_last_event_without_its_blank_line_still_counts(mode: str, server: FaultServer) -> None:
    server.script("/chat/completions", Events((*sse(*CHUNKS[:2], done=False), b"data: [DONE]")))
    assert len(chat_stream(mode, server)) == 2


def test_sse_stream_closed_without_done_is_an_error(mode: str, server: FaultServer) -> None:
    server.script("/chat/completions", Events(sse(*CHUNKS, done=False)))
    with pytest.raises(StreamError, match="without \\[DONE\\]"):
        chat_stream(mode, server)


def test_sse_error_event_raises_with_the_message(mode: str, server: FaultServer) -> None:
    error = {"error": {"message": "model overloaded", "type": "server_error"}}
    server.script("/chat/completions", Events(sse(CHUNKS[0], error)))
    with pytest.raises(StreamError, match="model overloaded") as caught:
        chat_stream(mode, server)
    assert caught.value.body == error


def test_an_error_status_before_the_stream_is_typed(mode: str, server: FaultServer) -> None:
    server.script("/chat/completions", Respond.json({"error": "Invalid API key"}, 401))
    with pytest.raises(AuthenticationError, match="Invalid API key"):
        chat_stream(mode, server)


RESPONSE = {
    "id": "resp_1",
    "object": "response",
    "created_at": 1,
    "model": "m",
    "status": "in_progress",
    "output": [],
}
MESSAGE = {
    "type": "message",
    "id": "msg_1",
    "status": "completed",
    "role": "assistant",
    "content": [{"type": "output_text", "text": "Hello", "annotations": []}],
}
TEXT = {"item_id": "msg_1", "output_index": 0, "content_index": 0}
RESPONSE_EVENTS: list[dict[str, object]] = [
    {"type": "response.created", "sequence_number": 0, "response": RESPONSE},
    {"type": "response.output_text.delta", "sequence_number": 1, **TEXT, "delta": "Hel"},
    {"type": "response.output_text.delta", "sequence_number": 2, **TEXT, "delta": "lo"},
    {
        "type": "response.completed",
        "sequence_number": 3,
        "response": {**RESPONSE, "status": "completed", "output": [MESSAGE]},
    },
]


def test_a_responses_stream_ends_after_response_completed_without_done(
    mode: str, server: FaultServer
) -> None:
    server.script("/responses", Events(typed_sse(*RESPONSE_EVENTS)))
    events = response_stream(mode, server)
    assert [e.sequence_number for e in events] == [0, 1, 2, 3]
    assert "".join(e.delta or "" for e in events) == "Hello"
    assert events[1].item_id == "msg_1" and events[1].content_index == 0
    final = events[-1].response
    assert final is not None and final.status == "completed" and final.output
    [request] = server.received
    assert json.loads(request.body)["stream"] is True
    assert request.headers["accept"] == "text/event-stream"


def test_a_responses_stream_cut_before_its_final_event_is_an_error(
    mode: str, server: FaultServer
) -> None:
    server.script("/responses", Events(typed_sse(*RESPONSE_EVENTS[:3])))
    with pytest.raises(StreamError, match="ended between events after 3 events"):
        response_stream(mode, server)


@pytest.mark.parametrize(
    "failure",
    [
        {
            "type": "response.failed",
            "sequence_number": 2,
            "response": {
                **RESPONSE,
                "status": "failed",
                "error": {"code": "server_error", "message": "model overloaded"},
            },
        },
        {"type": "error", "sequence_number": 2, "code": "503", "message": "model overloaded"},
    ],
    ids=["response.failed", "error"],
)
def test_a_failed_responses_stream_raises_with_the_message(
    mode: str, server: FaultServer, failure: dict[str, object]
) -> None:
    server.script("/responses", Events(typed_sse(*RESPONSE_EVENTS[:2], failure)))
    with pytest.raises(StreamError, match="error after 2 events: model overloaded") as caught:
        response_stream(mode, server)
    assert caught.value.body == failure
