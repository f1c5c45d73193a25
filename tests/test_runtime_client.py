"""The client runtime through `httpx.MockTransport`: errors, uploads, settings, escape hatches."""

from __future__ import annotations

import asyncio
import contextlib
import io
import json
import logging
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest
import venice_ai
from venice_ai import (
    APIStatusError,
    AsyncBinaryResponse,
    AsyncVeniceClient,
    BinaryResponse,
    RawResponse,
    Stream,
    VeniceClient,
    VeniceError,
)
from venice_ai._prepared import USER_AGENT
from venice_ai._streaming import EventDecoder
from venice_ai.types import ImageGenerateResponse, ModelList

Handler = Callable[[httpx.Request], httpx.Response]


class Recorder:
    """A MockTransport handler that records requests and answers from a function."""

    def __init__(self, answer: Handler | httpx.Response) -> None:
        self.requests: list[httpx.Request] = []
        self.answer = answer

    def __call__(self, request: httpx.Request) -> httpx.Response:
        request.read()
        self.requests.append(request)
        return self.answer(request) if callable(self.answer) else self.answer

    def client(self, **settings: Any) -> VeniceClient:
        settings.setdefault("api_key", "sk-secret-key")
        settings.setdefault("max_retries", 0)
        return VeniceClient(
            http_client=httpx.Client(transport=httpx.MockTransport(self)), **settings
        )


def _multipart_fields(request: httpx.Request) -> dict[str, list[tuple[str | None, bytes]]]:
    """Parts of a multipart body: name -> [(filename, content)]."""
    boundary = request.headers["content-type"].split("boundary=")[1].encode()
    fields: dict[str, list[tuple[str | None, bytes]]] = {}
    for part in request.content.split(b"--" + boundary)[1:-1]:
        head, _, body = part.strip(b"\r\n").partition(b"\r\n\r\n")
        disposition = head.split(b"\r\n")[0].decode()
        name = disposition.split('name="')[1].split('"')[0]
        filename = (
            disposition.split('filename="')[1].split('"')[0] if "filename=" in disposition else None
        )
        fields.setdefault(name, []).append((filename, body))
    return fields


# ---------------------------------------------------------------- errors


@pytest.mark.parametrize(
    ("status", "name"),
    [
        (400, "BadRequestError"),
        (401, "AuthenticationError"),
        (402, "PaymentRequiredError"),
        (403, "PermissionDeniedError"),
        (404, "NotFoundError"),
        (409, "ConflictError"),
        (410, "GoneError"),
        (413, "PayloadTooLargeError"),
        (415, "UnsupportedMediaTypeError"),
        (422, "UnprocessableEntityError"),
        (429, "RateLimitError"),
        (500, "InternalServerError"),
        (503, "ServiceUnavailableError"),
        (504, "GatewayTimeoutError"),
        (502, "ServerError"),
        (418, "APIStatusError"),
    ],
)
def test_each_status_maps_to_its_error_class(status: int, name: str) -> None:
    recorder = Recorder(
        httpx.Response(status, json={"error": "nope"}, headers={"x-request-id": "r1"})
    )
    with pytest.raises(APIStatusError) as caught:
        recorder.client().models.list()
    error = caught.value
    assert type(error).__name__ == name and isinstance(error, VeniceError)
    assert error.status_code == status and error.request_id == "r1"
    assert error.body == {"error": "nope"} and error.message == f"Error code: {status} - nope"
    assert getattr(venice_ai, name) is type(error)


@pytest.mark.parametrize(
    ("body", "message", "code", "details"),
    [
        ({"error": "Plain"}, "Plain", None, None),
        (
            {"error": "Invalid", "details": {"_errors": [], "model": {"_errors": ["Required"]}}},
            "Invalid",
            None,
            {"_errors": [], "model": {"_errors": ["Required"]}},
        ),
        (
            {"error": {"message": "Nested", "type": "provider_content_policy"}},
            "Nested",
            "provider_content_policy",
            None,
        ),
        (
            {"error": "Payment required", "code": "PAYMENT_REQUIRED", "message": "Top up"},
            "Top up",
            "PAYMENT_REQUIRED",
            None,
        ),
        ("<html>502 Bad Gateway</html>", "<html>502 Bad Gateway</html>", None, None),
        ("", "Bad Request", None, None),
    ],
)
def test_error_bodies_of_every_shape_give_a_message(
    body: object,
    message: str,
    code: str | None,
    details: object,
) -> None:
    response = (
        httpx.Response(400, json=body) if isinstance(body, dict) else httpx.Response(400, text=body)
    )
    with pytest.raises(APIStatusError) as caught:
        Recorder(response).client().models.list()
    assert caught.value.message == f"Error code: 400 - {message}"
    assert caught.value.code == code and caught.value.details == details


def test_the_api_key_is_never_in_error_text() -> None:
    def echo(request: httpx.Request) -> httpx.Response:
        return httpx.Response(401, json={"error": "bad key", "echo": dict(request.headers)})

    with pytest.raises(APIStatusError) as caught:
        Recorder(echo).client(api_key="sk-secret-key").models.list()
    assert "sk-secret-key" not in str(caught.value) and "sk-secret-key" not in repr(caught.value)


# ---------------------------------------------------------------- uploads

UPSCALED = httpx.Response(200, content=b"PNG", headers={"content-type": "image/png"})


@pytest.mark.parametrize(
    "image",
    ["bytes", "file", "path", "tuple"],
)
def test_files_are_uploaded_as_multipart_in_every_form(image: str, tmp_path: Path) -> None:
    path = tmp_path / "photo.png"
    path.write_bytes(b"\x89PNG data")
    value: Any = {
        "bytes": b"\x89PNG data",
        "file": io.BytesIO(b"\x89PNG data"),
        "path": path,
        "tuple": ("photo.png", b"\x89PNG data", "image/png"),
    }[image]
    recorder = Recorder(UPSCALED)
    result = recorder.client().image.upscale(image=value, scale=2)
    assert isinstance(result, BinaryResponse) and result.content == b"PNG"
    [request] = recorder.requests
    assert request.headers["content-type"].startswith("multipart/form-data")
    fields = _multipart_fields(request)
    [(filename, content)] = fields["image"]
    assert content == b"\x89PNG data"
    assert filename == ("upload" if image in ("bytes", "file") else "photo.png")
    assert fields["scale"] == [(None, b"2")]


def test_a_string_instead_of_a_file_is_sent_as_json() -> None:
    recorder = Recorder(UPSCALED)
    recorder.client().image.upscale(image="aGVsbG8=", scale=2)
    [request] = recorder.requests
    assert request.headers["content-type"] == "application/json"
    assert json.loads(request.content) == {"image": "aGVsbG8=", "scale": 2}


def test_arrays_of_files_and_multipart_only_operations() -> None:
    recorder = Recorder(UPSCALED)
    recorder.client().image.multi_edit(images=[b"one", ("two.png", b"two")], prompt="merge")
    recorder.client().audio.create_transcription(file=b"RIFF", timestamps=True)
    multi, transcription = recorder.requests
    assert [c for _, c in _multipart_fields(multi)["images"]] == [b"one", b"two"]
    fields = _multipart_fields(transcription)
    assert fields["file"] == [("upload", b"RIFF")] and fields["timestamps"] == [(None, b"true")]


# ---------------------------------------------------------------- binary or JSON

IMAGE_JSON = {"id": "g1", "images": ["aGk="], "timing": {}}


def test_binary_flag_gives_a_binary_response_and_json_otherwise() -> None:
    recorder = Recorder(
        lambda r: (
            UPSCALED
            if json.loads(r.content).get("return_binary")
            else httpx.Response(200, json=IMAGE_JSON)
        )
    )
    client = recorder.client()
    image = client.image.generate(model="m", prompt="p", return_binary=True)
    assert isinstance(image, BinaryResponse) and image.content == b"PNG"
    assert image.content_type == "image/png"
    generated = client.image.generate(model="m", prompt="p")
    assert isinstance(generated, ImageGenerateResponse) and generated.id == "g1"


def test_async_binary_response_reads_and_streams(tmp_path: Path) -> None:
    async def main() -> bytes:
        async def answer(request: httpx.Request) -> httpx.Response:
            return httpx.Response(200, content=b"mp3 bytes", headers={"content-type": "audio/mpeg"})

        async with AsyncVeniceClient(
            api_key="k", http_client=httpx.AsyncClient(transport=httpx.MockTransport(answer))
        ) as client:
            speech = await client.audio.create_speech(input="hi", voice="af_sky")
            assert isinstance(speech, AsyncBinaryResponse)
            await speech.write_to_file(tmp_path / "a.mp3")
            return await speech.read()

    assert asyncio.run(main()) == b"mp3 bytes"
    assert (tmp_path / "a.mp3").read_bytes() == b"mp3 bytes"


# ---------------------------------------------------------------- escape hatches


def test_extra_headers_query_body_and_timeout_per_call() -> None:
    recorder = Recorder(httpx.Response(200, json={"data": []}))
    recorder.client(default_headers={"X-App": "a"}).models.list(
        type="text",
        extra_headers={"X-Trace": "t1", "X-App": venice_ai.NOT_GIVEN},
        extra_query={"debug": "1"},
        extra_body={"ignored": "for GET"},
        timeout=7.5,
    )
    recorder.client().embeddings.create(input="x", model="m", extra_body={"dimensions": 8})
    listing, embedding = recorder.requests
    assert listing.headers["x-trace"] == "t1" and "x-app" not in listing.headers
    assert listing.url.params["debug"] == "1" and listing.url.params["type"] == "text"
    assert listing.extensions["timeout"] == httpx.Timeout(7.5).as_dict()
    assert json.loads(embedding.content) == {"input": "x", "model": "m", "dimensions": 8}


def test_with_options_changes_settings_on_a_copy_that_shares_the_connection() -> None:
    recorder = Recorder(httpx.Response(200, json={"data": []}))
    client = recorder.client(timeout=20)
    other = client.with_options(timeout=2, max_retries=5, default_headers={"X-A": "1"})
    other.models.list()
    client.models.list()
    first, second = recorder.requests
    assert first.extensions["timeout"]["read"] == 2 and first.headers["x-a"] == "1"
    assert second.extensions["timeout"]["read"] == 20 and "x-a" not in second.headers
    assert other.max_retries == 5 and client.max_retries == 0
    other.close()
    assert not client.is_closed


def test_generic_calls_use_auth_and_parse_json() -> None:
    recorder = Recorder(httpx.Response(200, json={"ok": True}))
    client = recorder.client()
    assert client.get("/anything", query={"a": 1}) == {"ok": True}
    assert client.post("/anything", body={"b": 2}, cast_to=dict) == {"ok": True}
    assert client.delete("/anything/1") == {"ok": True}
    get, post, delete = recorder.requests
    assert get.url == "https://api.venice.ai/api/v1/anything?a=1"
    assert json.loads(post.content) == {"b": 2} and delete.method == "DELETE"
    assert all(r.headers["authorization"] == "Bearer sk-secret-key" for r in recorder.requests)


def test_with_raw_response_gives_status_headers_typed_headers_and_parse() -> None:
    recorder = Recorder(
        httpx.Response(
            200,
            json={"object": "list", "data": []},
            headers={"X-Balance-Remaining": "4.23", "x-request-id": "req-9", "X-Unknown": "u"},
        )
    )
    client = recorder.client()
    raw = client.with_raw_response.models.list(type="text")
    assert isinstance(raw, RawResponse) and raw.status_code == 200
    assert raw.headers["x-request-id"] == "req-9" and raw.request_id == "req-9"
    assert raw.typed_headers.x_balance_remaining == "4.23"
    assert (raw.typed_headers.model_extra or {})["x-unknown"] == "u"  # undeclared ones too
    ray = Recorder(
        httpx.Response(200, json={"object": "list", "data": []}, headers={"cf-ray": "r"})
    )
    assert ray.client().with_raw_response.models.list().request_id == "r"  # as errors find it
    listing = raw.parse()
    assert isinstance(listing, ModelList) and raw.parse() is listing
    nested = client.models.with_raw_response.list()
    assert isinstance(nested.parse(), ModelList)


def test_raw_streams_are_parsed_on_demand() -> None:
    body = b'data: {"id": "c"}\n\ndata: [DONE]\n\n'
    recorder = Recorder(
        httpx.Response(200, content=body, headers={"content-type": "text/event-stream"})
    )
    raw = recorder.client().with_raw_response.chat.completions.create(
        model="m", messages=[], stream=True
    )
    stream = raw.parse()
    assert isinstance(stream, Stream)
    assert [chunk.id for chunk in stream] == ["c"]


# ---------------------------------------------------------------- http client control


def test_a_callers_http_client_is_used_and_never_closed() -> None:
    seen: list[str] = []
    http = httpx.Client(
        transport=httpx.MockTransport(lambda r: httpx.Response(200, json={"data": []})),
        event_hooks={"request": [lambda r: seen.append(str(r.url))]},
        base_url="https://ignored.example",
    )
    with VeniceClient(api_key="k", http_client=http) as client:
        client.models.list()
    assert seen == ["https://api.venice.ai/api/v1/models"]
    assert not http.is_closed
    http.close()


def test_httpx_settings_reach_the_owned_client() -> None:
    seen: list[httpx.Request] = []
    transport = httpx.MockTransport(lambda r: httpx.Response(200, json={"data": []}))
    client = VeniceClient(
        api_key="k",
        transport=transport,
        event_hooks={"request": [seen.append]},
        follow_redirects=True,
        max_redirects=3,
        trust_env=False,
        limits=httpx.Limits(max_connections=3),
        default_encoding="latin-1",
    )
    client.models.list()
    assert len(seen) == 1 and client._http.follow_redirects and client._http.max_redirects == 3
    client.close()
    assert client.is_closed


def test_a_callers_http_client_keeps_its_own_timeout_unless_one_is_given() -> None:
    recorder = Recorder(httpx.Response(200, json={"data": []}))
    transport = httpx.MockTransport(recorder)
    own = VeniceClient(api_key="k", http_client=httpx.Client(transport=transport, timeout=42))
    given = VeniceClient(
        api_key="k", http_client=httpx.Client(transport=transport, timeout=42), timeout=7
    )
    unset = VeniceClient(api_key="k", http_client=httpx.Client(transport=transport))
    for client in (own, given, unset):
        client.models.list()
    assert [r.extensions["timeout"]["read"] for r in recorder.requests] == [42, 7, 600]
    assert own.with_options(max_retries=1).timeout == httpx.Timeout(42)
    async_own = AsyncVeniceClient(api_key="k", http_client=httpx.AsyncClient(timeout=42))
    assert async_own.timeout == httpx.Timeout(42)


def test_settings_and_a_client_together_are_refused() -> None:
    with pytest.raises(TypeError, match="either http_client or httpx settings"):
        VeniceClient(api_key="k", http_client=httpx.Client(), verify=False)


def test_async_client_owns_and_closes_its_client() -> None:
    async def main() -> bool:
        client = AsyncVeniceClient(api_key="k")
        await client.aclose()
        return client.is_closed

    assert asyncio.run(main())


# ---------------------------------------------------------------- logging


def test_debug_logging_redacts_credentials(caplog: pytest.LogCaptureFixture) -> None:
    recorder = Recorder(httpx.Response(200, json={"data": []}))
    with caplog.at_level(logging.DEBUG, logger="venice_ai"):
        recorder.client(api_key="sk-secret-key").x402.get_balance(
            "0x1", sign_in_with_x="wallet-sig"
        )
    text = caplog.text
    assert "GET https://api.venice.ai/api/v1/x402/balance/0x1" in text
    assert "'authorization': '<redacted>'" in text and "'sign-in-with-x': '<redacted>'" in text
    assert "sk-secret-key" not in text and "wallet-sig" not in text


def _run_with_log(level: str, code: str) -> subprocess.CompletedProcess[str]:
    """Run `code` in a fresh interpreter with `VENICE_LOG=level` and the committed client."""
    from tests.project import GENERATED

    env = {"VENICE_LOG": level, "PYTHONPATH": str(GENERATED), "PATH": ""}
    return subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )


def test_env_var_turns_on_logging(monkeypatch: pytest.MonkeyPatch) -> None:
    code = (
        "import venice_ai, logging; venice_ai.VeniceClient(api_key='k'); "
        "print(logging.getLogger('venice_ai').level)"
    )
    result = _run_with_log("debug", code)
    assert result.stdout.strip() == str(logging.DEBUG)


def test_env_var_at_info_logs_errors_but_not_every_request() -> None:
    code = (
        "import httpx, logging, venice_ai\n"
        "answer = lambda r: httpx.Response(404, json={'error': 'gone'})\n"
        "http = httpx.Client(transport=httpx.MockTransport(answer))\n"
        "client = venice_ai.VeniceClient(api_key='k', http_client=http)\n"
        "print(logging.getLogger('venice_ai').level)\n"
        "try:\n"
        "    client.models.list()\n"
        "except venice_ai.NotFoundError:\n"
        "    pass\n"
    )
    result = _run_with_log("info", code)
    assert result.stdout.strip() == str(logging.INFO)
    assert "venice_ai INFO] response: GET https://api.venice.ai/api/v1/models -> 404" in (
        result.stderr
    )
    assert "request:" not in result.stderr


# ---------------------------------------------------------------- event decoding


def test_event_decoder_handles_split_lines_crlf_comments_and_multiline_data() -> None:
    decoder = EventDecoder()
    stream = b': ping\r\nevent: update\r\nid: 7\r\ndata: {"a":\r\ndata:  1}\r\n\r\ndata: x\n\n'
    events = []
    for i in range(len(stream)):  # one byte at a time
        events.extend(decoder.feed(stream[i : i + 1]))
    assert [(e.event, e.id, e.data) for e in events] == [
        ("update", "7", '{"a":\n 1}'),
        ("message", "7", "x"),
    ]
    assert not decoder.in_progress
    decoder.feed(b"data: partial")
    assert decoder.in_progress


# ---------------------------------------------------------------- retry policy


def test_retry_delays_back_off_with_jitter_and_cap_what_the_server_asks() -> None:
    from venice_ai._retry import MAX_RETRY_AFTER, RetryPolicy, retry_after_seconds

    policy = RetryPolicy(max_retries=5, initial_delay=0.5, max_delay=8.0)
    for attempt, ceiling in enumerate([0.5, 1.0, 2.0, 4.0, 8.0, 8.0]):
        delays = {policy.delay(attempt) for _ in range(50)}
        assert all(d is not None and 0.75 * ceiling <= d <= ceiling for d in delays)
        assert len(delays) > 1
    asked = httpx.Headers({"retry-after": "2"})
    assert policy.delay(0, asked) == 2.0
    assert policy.delay(0, httpx.Headers({"retry-after": str(MAX_RETRY_AFTER)})) == MAX_RETRY_AFTER
    too_long = httpx.Headers({"retry-after": str(MAX_RETRY_AFTER * 10)})
    assert policy.delay(0, too_long) is None  # past the cap: no retry sooner than asked
    assert retry_after_seconds(httpx.Headers({"retry-after-ms": "250"})) == 0.25
    assert retry_after_seconds(httpx.Headers({"retry-after": "soon"})) is None


@pytest.mark.parametrize("status", [408, 409, 429, 500, 502, 503, 504])
def test_retryable_statuses(status: int) -> None:
    from venice_ai._retry import RetryPolicy

    assert RetryPolicy().should_retry(httpx.Response(status))


@pytest.mark.parametrize("status", [400, 401, 402, 403, 404, 410, 413, 415, 422])
def test_statuses_that_are_never_retried(status: int) -> None:
    recorder = Recorder(httpx.Response(status, json={"error": "no"}))
    with pytest.raises(APIStatusError):
        recorder.client(max_retries=3).models.list()
    assert len(recorder.requests) == 1


# ---------------------------------------------------------------- stream lifecycle


def test_a_stream_asks_for_events_and_closes_its_connection() -> None:
    body = b'data: {"id": "a"}\n\ndata: {"id": "b"}\n\ndata: [DONE]\n\n'
    recorder = Recorder(
        httpx.Response(200, content=body, headers={"content-type": "text/event-stream"})
    )
    client = recorder.client()
    with client.chat.completions.create(model="m", messages=[], stream=True) as stream:
        first = next(iter(stream))
        assert first.id == "a"
    assert stream.response.is_closed
    [request] = recorder.requests
    assert request.headers["accept"] == "text/event-stream"
    plain = Recorder(httpx.Response(200, json={"object": "list", "data": []}))
    plain.client().models.list()
    assert plain.requests[0].headers["accept"] == "application/json"


def test_a_json_body_where_a_stream_was_asked_for_is_a_stream_error() -> None:
    recorder = Recorder(httpx.Response(200, json={"id": "not-a-stream"}))
    stream = recorder.client().chat.completions.create(model="m", messages=[], stream=True)
    with pytest.raises(venice_ai.StreamError, match="got a JSON body"):
        list(stream)


def test_accept_names_the_media_types_of_the_response_the_caller_will_get() -> None:
    recorder = Recorder(lambda r: httpx.Response(200, json={}))
    client = recorder.client()
    with contextlib.suppress(VeniceError):
        client.image.upscale(image=b"png bytes")
    client.image.generate(model="m", prompt="p", return_binary=True)
    client.image.generate(model="m", prompt="p", return_binary=False)
    client.image.generate(model="m", prompt="p")
    client.audio.create_speech(input="hi", model="tts-kokoro")
    client.audio.create_transcription(file=b"a", response_format="text")
    client.audio.create_transcription(file=b"a", response_format="json")
    client.video.retrieve(model="m", queue_id="q")
    client.billing.get_usage_history()  # CSV only when asked for by name
    client.models.list()
    client.get("/anything")
    with client.chat.completions.create(model="m", messages=[], stream=True) as stream:
        del stream
    assert [r.headers["accept"] for r in recorder.requests] == [
        "image/png",
        "image/jpeg, image/png, image/webp",
        "application/json",
        "application/json",
        "audio/aac, audio/flac, audio/mpeg, audio/opus, audio/pcm, audio/wav",
        "text/plain",
        "application/json",
        "application/json, video/mp4",
        "application/json",
        "application/json",
        "application/json",
        "text/event-stream",
    ]
    client.billing.get_usage_history(extra_headers={"Accept": "text/csv"})
    assert recorder.requests[-1].headers["accept"] == "text/csv"


def test_every_request_sends_one_accept_and_one_user_agent_of_the_clients_own() -> None:
    recorder = Recorder(httpx.Response(200, json={"data": []}))
    client = VeniceClient(api_key="k", transport=httpx.MockTransport(recorder))
    caller_http = httpx.Client(transport=httpx.MockTransport(recorder), headers={"X-Own": "1"})
    callers = VeniceClient(api_key="k", http_client=caller_http)
    for each in (client, client.with_options(max_retries=0), callers):
        each.models.list()
    client.models.list(
        extra_headers={"Accept": venice_ai.NOT_GIVEN, "User-Agent": venice_ai.NOT_GIVEN}
    )
    client.models.list(extra_headers={"Accept": "text/plain"})
    *sent, removed, replaced = recorder.requests
    for request in sent:
        assert request.headers.get_list("accept") == ["application/json"]
        assert request.headers.get_list("user-agent") == [USER_AGENT]
    assert "accept" not in removed.headers and "user-agent" not in removed.headers
    assert replaced.headers.get_list("accept") == ["text/plain"]
    # A caller's client is used as it is: its own headers stay, httpx's defaults too.
    assert sent[-1].headers["x-own"] == "1" and caller_http.headers["accept"] == "*/*"
    assert "accept" not in client._http.headers and "user-agent" not in client._http.headers
