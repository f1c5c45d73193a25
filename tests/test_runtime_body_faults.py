"""Faults after the headers, against a real misbehaving server on 127.0.0.1, sync and async.

The body is read inside the retry loop: a body reset, cut, stalled or undecodable is
retried, and every such failure reaches the caller as a `VeniceError` with the httpx
exception as its `__cause__`. A response that does not hold what the method promises (an
empty body, a redirect that is not followed, a body that is not JSON, or with
`strict_responses=True` one of another type) is an `APIResponseValidationError`, never
`None` or a pydantic error. Files are read before the call returns, so that their
connection goes back to the pool.
"""

from __future__ import annotations

import asyncio
import gzip
import json
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pydantic
import pytest
from venice_ai import (
    APIConnectionError,
    APIResponseError,
    APIResponseValidationError,
    APITimeoutError,
    AsyncBinaryResponse,
    AsyncVeniceClient,
    BadRequestError,
    BinaryResponse,
    ServiceUnavailableError,
    VeniceClient,
)
from venice_ai.types import ModelList

from tests.fault_clients import Pool, count_retries_only, pool, run
from tests.fault_server import Download, FaultServer, Partial, Respond, serve

MODELS = {"object": "list", "data": [], "type": "text"}
BODY = json.dumps({**MODELS, "padding": "x" * 4000}).encode()
JSON = (("Content-Type", "application/json"),)


@pytest.fixture
def server(monkeypatch: pytest.MonkeyPatch) -> Iterator[FaultServer]:
    count_retries_only(monkeypatch)
    yield from serve()


@pytest.fixture(params=["sync", "async"])
def mode(request: pytest.FixtureRequest) -> str:
    return str(request.param)


def list_models(client: Any) -> Any:
    return client.models.list()


# ---------------------------------------------------------------- cut, stalled, undecodable


@pytest.mark.parametrize("then", ["reset", "close"])
def test_a_200_body_cut_off_is_retried(mode: str, server: FaultServer, then: Any) -> None:
    server.script("/models", Partial(BODY, sent=100, then=then), Respond.json(MODELS))
    assert isinstance(run(mode, server, list_models), ModelList)
    assert server.count("/models") == 2


@pytest.mark.parametrize("then", ["reset", "close"])
def test_a_body_cut_off_every_time_is_a_connection_error_with_its_cause(
    mode: str, server: FaultServer, then: Any
) -> None:
    server.script("/models", Partial(BODY, sent=100, then=then))
    with pytest.raises(APIConnectionError, match="while reading the body of a 200") as caught:
        run(mode, server, list_models, max_retries=1)
    assert not isinstance(caught.value, APITimeoutError)
    assert isinstance(caught.value.__cause__, httpx.TransportError)
    assert server.count("/models") == 2


def test_a_503_whose_body_is_cut_off_is_retried_then_typed(mode: str, server: FaultServer) -> None:
    cut = Partial(b'{"error": "busy", "padding": "' + b"x" * 500, sent=20, status=503)
    server.script("/models", cut, Respond.json(MODELS))
    assert isinstance(run(mode, server, list_models), ModelList)
    server.script("/models", cut)
    with pytest.raises(
        ServiceUnavailableError, match="body could not be read: RemoteProtocolError"
    ) as caught:
        run(mode, server, list_models, max_retries=1)
    assert isinstance(caught.value.__cause__, httpx.TransportError)
    assert server.count("/models") == 4


def test_a_body_that_stalls_past_the_read_timeout_is_retried_then_times_out(
    mode: str, server: FaultServer
) -> None:
    stall = Partial(BODY, sent=100, then="stall", stall=3.0)
    server.script("/models", stall, Respond.json(MODELS))
    assert isinstance(run(mode, server, list_models, timeout=0.3), ModelList)
    server.script("/models", stall)
    started = time.monotonic()
    with pytest.raises(APITimeoutError, match="while reading the body") as caught:
        run(mode, server, list_models, timeout=0.3, max_retries=1)
    assert time.monotonic() - started < 2.5
    assert isinstance(caught.value.__cause__, httpx.ReadTimeout)
    assert server.count("/models") == 4


def test_a_corrupt_gzip_body_is_retried_then_a_validation_error(
    mode: str, server: FaultServer
) -> None:
    corrupt = Respond(
        200, b"\x1f\x8b\x08\x00 not really gzip", (*JSON, ("Content-Encoding", "gzip"))
    )
    good = Respond(200, gzip.compress(json.dumps(MODELS).encode()), corrupt.headers)
    server.script("/models", corrupt, good)
    assert isinstance(run(mode, server, list_models), ModelList)
    server.script("/models", corrupt)
    with pytest.raises(APIResponseValidationError, match="could not be decoded") as caught:
        run(mode, server, list_models, max_retries=1)
    assert isinstance(caught.value.__cause__, httpx.DecodingError)
    assert caught.value.status_code == 200 and server.count("/models") == 4


# ---------------------------------------------------------------- x-should-retry


def test_x_should_retry_false_stops_the_retry_of_a_503(mode: str, server: FaultServer) -> None:
    server.script("/models", Respond.json({"error": "busy"}, 503, x_should_retry="false"))
    with pytest.raises(ServiceUnavailableError):
        run(mode, server, list_models, max_retries=2)
    assert server.count("/models") == 1


def test_x_should_retry_true_retries_a_400(mode: str, server: FaultServer) -> None:
    retry = Respond.json({"error": "try again"}, 400, x_should_retry="true", retry_after_ms="0")
    server.script("/models", retry, Respond.json(MODELS))
    assert isinstance(run(mode, server, list_models), ModelList)
    server.script("/models", retry)
    with pytest.raises(BadRequestError):
        run(mode, server, list_models, max_retries=1)
    assert server.count("/models") == 4


# ---------------------------------------------------------------- not what was promised


def test_an_empty_200_body_is_a_validation_error_not_none(mode: str, server: FaultServer) -> None:
    server.script("/models", Respond(200, b"", JSON))
    with pytest.raises(APIResponseValidationError, match=r"empty body.*ModelList") as caught:
        run(mode, server, list_models)
    assert caught.value.status_code == 200 and caught.value.body == ""
    assert server.count("/models") == 1


def test_a_redirect_not_followed_is_a_validation_error_not_none(
    mode: str, server: FaultServer
) -> None:
    moved = Respond(302, b"moved", (("Location", "/elsewhere?sig=secret"),))
    server.script("/models", moved)
    with pytest.raises(APIResponseValidationError, match=r"302 Found.*follow_redirects") as caught:
        run(mode, server, list_models)
    assert caught.value.status_code == 302 and caught.value.body == "moved"
    assert "secret" not in str(caught.value)
    assert server.count("/models") == 1


@pytest.mark.parametrize(
    ("body", "content_type", "said"),
    [
        (b'{"object": "list", "data": [', "application/json", "not valid JSON .*Expecting"),
        (b"<html>Sign in to the Wi-Fi</html>", "text/html", "text/html body where JSON"),
    ],
)
def test_a_body_that_is_not_json_says_what_is_wrong(
    mode: str, server: FaultServer, body: bytes, content_type: str, said: str
) -> None:
    server.script("/models", Respond(200, body, (("Content-Type", content_type),)))
    with pytest.raises(APIResponseValidationError, match=said) as caught:
        run(mode, server, list_models)
    assert caught.value.body == body.decode()
    assert isinstance(caught.value.__cause__, ValueError)


def test_strict_responses_raise_a_validation_error_with_pydantics(
    mode: str, server: FaultServer
) -> None:
    server.script("/models", Respond.json({"object": "list", "data": "not a list"}))
    with pytest.raises(APIResponseValidationError, match=r"not ModelList.*data") as caught:
        run(mode, server, list_models, strict_responses=True)
    assert isinstance(caught.value.__cause__, pydantic.ValidationError)
    assert caught.value.errors[0]["loc"] == ("data",)
    assert isinstance(run(mode, server, list_models), ModelList)  # lenient by default


# ---------------------------------------------------------------- files


def speech(client: Any) -> Any:
    return client.audio.create_speech(input="hi", voice="af_sky")


def test_files_left_unread_do_not_hold_their_connection(mode: str, server: FaultServer) -> None:
    server.script(
        "/audio/speech", Respond(200, b"ID3 mp3 bytes", (("Content-Type", "audio/mpeg"),))
    )
    one = httpx.Limits(max_connections=1)

    def sync_calls(client: VeniceClient) -> Pool:
        for _ in range(3):
            assert isinstance(speech(client), BinaryResponse)  # never read, never closed
        return pool(client)

    async def async_calls(client: AsyncVeniceClient) -> Pool:
        for _ in range(3):
            assert isinstance(await speech(client), AsyncBinaryResponse)
        return pool(client)

    started = time.monotonic()
    calls = sync_calls if mode == "sync" else async_calls
    state = run(mode, server, calls, limits=one, timeout=httpx.Timeout(5.0, pool=1.0))
    assert state == Pool(connections=1, busy=0, waiting=0)
    assert time.monotonic() - started < 1.0


def test_a_file_can_be_read_again_after_it_was_streamed_to_disk(
    mode: str, server: FaultServer, tmp_path: Path
) -> None:
    server.script("/audio/speech", Download(300_000, content_type="audio/mpeg"))
    target = tmp_path / "speech.mp3"

    def sync_call(client: VeniceClient) -> bytes:
        audio = speech(client)
        audio.stream_to_file(target)
        assert b"".join(audio.iter_bytes(1000)) == b"".join(audio.iter_bytes())
        return bytes(audio.content)

    async def async_call(client: AsyncVeniceClient) -> bytes:
        audio = await speech(client)
        await audio.stream_to_file(target)
        chunks = [chunk async for chunk in audio.iter_bytes(1000)]
        assert b"".join(chunks) == await audio.read()
        return bytes(await audio.read())

    content = run(mode, server, sync_call if mode == "sync" else async_call)
    assert content == target.read_bytes() and len(content) == 300_000


def test_a_download_cut_off_is_retried_then_a_connection_error(
    mode: str, server: FaultServer
) -> None:
    body = bytes(range(256)) * 4000
    cut = Partial(body, sent=300_000, then="reset", headers=(("Content-Type", "video/mp4"),))
    server.script("/video/retrieve", cut, Download(len(body)))

    def retrieve(client: Any) -> Any:
        return client.video.retrieve(model="m", queue_id="q")

    video = run(mode, server, retrieve)
    assert isinstance(video, BinaryResponse | AsyncBinaryResponse)
    assert video.response.content == body
    server.script("/video/retrieve", cut)
    with pytest.raises(APIConnectionError, match="while reading the body of a 200"):
        run(mode, server, retrieve, max_retries=1)
    assert server.count("/video/retrieve") == 4


def test_a_large_download_is_read_whole_and_its_connection_released(
    mode: str, server: FaultServer, tmp_path: Path
) -> None:
    size = 24 * 1024 * 1024
    server.script("/video/retrieve", Download(size))
    target = tmp_path / "video.mp4"

    def sync_call(client: VeniceClient) -> Pool:
        video = client.video.retrieve(model="m", queue_id="q")
        assert isinstance(video, BinaryResponse)
        state = pool(client)
        video.stream_to_file(target)
        return state

    async def async_call(client: AsyncVeniceClient) -> Pool:
        video = await client.video.retrieve(model="m", queue_id="q")
        assert isinstance(video, AsyncBinaryResponse)
        state = pool(client)
        await video.stream_to_file(target)
        return state

    state = run(mode, server, sync_call if mode == "sync" else async_call)
    assert state == Pool(connections=1, busy=0, waiting=0)  # released before it is written
    assert target.stat().st_size == size
    with target.open("rb") as f:
        assert f.read(256) == bytes(range(256))


def test_a_file_passed_through_unread_is_read_once_and_fails_as_venice_errors(
    server: FaultServer,
) -> None:
    """The runtime's streamed form (for a streaming download): read once, then an
    `APIResponseError` (never httpx's `StreamConsumed`); a cut is an `APIConnectionError`."""
    body = bytes(range(256)) * 1000
    server.script("/file", Download(len(body)))
    with httpx.Client() as http:
        request = http.build_request("GET", server.url + "/file")
        streamed = BinaryResponse(http.send(request, stream=True))
        assert b"".join(streamed.iter_bytes()) == body
        with pytest.raises(APIResponseError, match="read once") as caught:
            _ = streamed.content
        assert isinstance(caught.value.__cause__, httpx.StreamError)
        with pytest.raises(APIResponseError, match="read once"):
            list(streamed.iter_bytes())
        server.script("/file", Partial(body, sent=1000, then="reset"))
        with BinaryResponse(
            http.send(http.build_request("GET", server.url + "/file"), stream=True)
        ) as cut:
            with pytest.raises(APIConnectionError, match="while reading the body"):
                list(cut.iter_bytes())


def test_an_async_file_passed_through_unread_is_read_once(server: FaultServer) -> None:
    body = bytes(range(256)) * 1000
    server.script("/file", Download(len(body)))

    async def main() -> None:
        async with httpx.AsyncClient() as http:
            request = http.build_request("GET", server.url + "/file")
            streamed = AsyncBinaryResponse(await http.send(request, stream=True))
            assert b"".join([c async for c in streamed.iter_bytes()]) == body
            with pytest.raises(APIResponseError, match="read once"):
                await streamed.read()
            await streamed.close()

    asyncio.run(main())
