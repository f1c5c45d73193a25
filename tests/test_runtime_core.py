"""The runtime's I/O-free core, imported from the source tree: settings, request options and
the call flow that both clients drive (here driven by hand, with no network and no sleep)."""

from __future__ import annotations

import dataclasses
import json
from typing import Any
from urllib.parse import quote

import httpx
import pytest

from generator.runtime._async_client import AsyncAPIClient
from generator.runtime._checks import checked_base_url
from generator.runtime._exceptions import (
    APIConnectionError,
    InvalidArgumentError,
    ServiceUnavailableError,
)
from generator.runtime._prepared import USER_AGENT
from generator.runtime._request import RequestOptions, build_request, request_url
from generator.runtime._retry import Read, Sleep, Step, without_credentials
from generator.runtime._settings import ClientSettings
from generator.runtime._sync_client import SyncAPIClient
from generator.runtime._types import NOT_GIVEN


def _unreachable(request: httpx.Request) -> httpx.Response:
    raise AssertionError(f"the core must not send anything: {request.url}")


def _client(**settings: Any) -> SyncAPIClient:
    http = httpx.Client(transport=httpx.MockTransport(_unreachable))
    return SyncAPIClient(api_key="k", http_client=http, **settings)


def _drive(client: SyncAPIClient, options: RequestOptions, answers: list[httpx.Response]) -> Any:
    """Run one call's flow by hand: answer each send from `answers`, record every step."""
    flow = client._call(options, dict, None)
    steps: list[Step] = []
    outcome: Any = None
    while True:
        try:
            step = flow.send(outcome)
        except StopIteration as done:
            return steps, done.value
        steps.append(step)
        if isinstance(step, httpx.Request):
            outcome = answers.pop(0)
            outcome.request = step
        else:
            if isinstance(step, Read):
                step.response.read()
            outcome = None


def test_settings_are_one_frozen_value_resolved_from_the_environment(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("EXAMPLE_API_KEY", "from-env")
    monkeypatch.setenv("EXAMPLE_BASE_URL", "https://env.example/v1")
    client = SyncAPIClient(http_client=httpx.Client(), default_headers={"X-A": "1"})
    settings = client._settings
    assert isinstance(settings, ClientSettings)
    assert (settings.api_key, str(settings.base_url)) == ("from-env", "https://env.example/v1/")
    with pytest.raises(dataclasses.FrozenInstanceError):
        settings.max_retries = 9  # type: ignore[misc]
    with pytest.raises(TypeError):
        settings.default_headers["X-B"] = "2"  # type: ignore[index]
    assert client.api_key == "from-env" and client.default_headers == {"X-A": "1"}


def test_with_options_changes_a_copy_of_the_settings_on_the_same_http_client() -> None:
    client = _client(max_retries=0, default_headers={"X-A": "1"}, timeout=20)
    other = client.with_options(base_url="https://other.example", default_headers={"X-B": "2"})
    assert other._settings == dataclasses.replace(
        client._settings,
        base_url=httpx.URL("https://other.example/"),
        default_headers={"X-A": "1", "X-B": "2"},
        http_client=client._http,
    )
    assert other._http is client._http and not other._owns_http_client
    assert type(other) is SyncAPIClient


def test_async_clients_take_the_same_settings() -> None:
    http = httpx.AsyncClient(timeout=42)
    client = AsyncAPIClient(api_key="k", http_client=http, default_query={"q": 1})
    assert client._settings.timeout == httpx.Timeout(42) and client.default_query == {"q": 1}
    assert client.with_options(max_retries=7).max_retries == 7


def test_request_options_build_a_request_without_a_client() -> None:
    settings = _client(default_query={"d": 1}, default_headers={"X-Drop": "x"})._settings
    options = RequestOptions(
        method="post",
        path="/things",
        query={"flag": True, "skip": NOT_GIVEN, "none": None},
        headers={"X-Version": 2},
        cookies={"session": "a b"},
        body={"name": "n", "unset": NOT_GIVEN},
        extra_headers={"X-Drop": NOT_GIVEN},
        extra_body={"more": 1},
        timeout=3,
    )
    request = build_request(httpx.Client(), settings, options)
    assert request.method == "POST"
    assert str(request.url) == "http://localhost/things?d=1&flag=true"
    assert request.headers["x-version"] == "2" and "x-drop" not in request.headers
    assert request.headers["cookie"] == "session=a%20b"
    assert request.headers["authorization"] == "Bearer k"
    assert json.loads(request.content) == {"name": "n", "more": 1}
    assert request.extensions["timeout"] == httpx.Timeout(3).as_dict()


def test_a_paths_own_query_is_kept_beside_the_parameters() -> None:
    settings = _client()._settings
    signed = RequestOptions(method="get", path="https://files.test/v.mp4?sig=a%2Fb&x=1")
    assert str(build_request(httpx.Client(), settings, signed).url).endswith("?sig=a%2Fb&x=1")
    both = RequestOptions(method="get", path="/things?a=1", query={"b": 2})
    assert str(build_request(httpx.Client(), settings, both).url) == (
        "http://localhost/things?a=1&b=2"
    )


def test_the_call_flow_asks_for_every_send_sleep_and_read_and_does_none_itself() -> None:
    client = _client(max_retries=1)
    busy = httpx.Response(503, headers={"Retry-After": "0"}, json={"error": "busy"})
    ok = httpx.Response(200, json={"ok": True})
    steps, value = _drive(client, RequestOptions(method="get", path="/x"), [busy, ok])
    kinds = [type(s).__name__ for s in steps]
    assert kinds == ["Request", "Read", "Sleep", "Request", "Read"]
    assert steps[2] == Sleep(0.0) and value == {"ok": True}


def test_the_call_flow_raises_the_status_error_after_the_last_retry() -> None:
    client = _client(max_retries=0)
    busy = httpx.Response(503, json={"message": "busy"})
    with pytest.raises(ServiceUnavailableError, match="busy"):
        _drive(client, RequestOptions(method="get", path="/x"), [busy])


def test_a_transport_error_is_an_outcome_the_flow_retries_after_a_backoff() -> None:
    client = _client(max_retries=1)
    flow = client._call(RequestOptions(method="get", path="/x"), dict, None)
    first = next(flow)
    assert isinstance(first, httpx.Request)
    wait = flow.send(httpx.ConnectError("refused", request=first))
    assert isinstance(wait, Sleep) and 0 < wait.seconds <= 0.5
    assert isinstance(flow.send(None), httpx.Request)


def test_a_failed_body_read_is_an_outcome_the_flow_retries_then_maps() -> None:
    client = _client(max_retries=1)
    flow = client._call(RequestOptions(method="get", path="/x"), dict, None)
    request = next(flow)
    assert isinstance(request, httpx.Request)
    ok = httpx.Response(200, request=request, stream=httpx.ByteStream(b"{}"))
    read = flow.send(ok)
    assert isinstance(read, Read) and read.response is ok  # the body is read in the loop
    assert isinstance(flow.send(httpx.RemoteProtocolError("cut", request=request)), Sleep)
    request = flow.send(None)
    assert isinstance(request, httpx.Request)
    assert isinstance(flow.send(httpx.Response(200, request=request)), Read)
    with pytest.raises(APIConnectionError, match="while reading the body of a 200") as caught:
        flow.send(httpx.ReadError("reset", request=request))
    assert isinstance(caught.value.__cause__, httpx.ReadError)


def test_a_redirect_off_the_origin_loses_every_credential_header() -> None:
    first = httpx.Request("GET", "https://api.example/v1/x")
    moved = httpx.Request(
        "GET",
        "https://cdn.example/file",
        headers={"Authorization": "Bearer k", "Sign-In-With-X": "s", "X-Payment": "p", "A": "1"},
    )
    stripped = without_credentials(moved, first.url)
    assert dict(stripped.headers) == {"host": "cdn.example", "a": "1"}
    same = httpx.Request("GET", "https://api.example/v1/y", headers={"Sign-In-With-X": "s"})
    assert without_credentials(same, first.url).headers["sign-in-with-x"] == "s"


# ------------------------------------------------------------------ prepared once per client

_BASES = [
    "http://localhost",
    "http://localhost/",
    "https://api.example.test/api/v1",
    "https://api.example.test/api/v1/",
    "http://127.0.0.1:8080/prefix/v1//",
    "https://api.example.test/a%20b/v1",
    "https://api.example.test/v1?tenant=a",
]
_PATHS = [
    "/models",
    "models",
    "//models/x",
    "/models/" + quote("modèle/ü x", safe=""),  # a path parameter, as format_path quotes it
    "/files/a%2Fb%3F/content",
    "/models/a b",
    "/a/./b/../c",
    "/../../up",
    "/models?type=text",  # a path's own query
    "/things?a=1&b=",
    "/x#fragment",
    "https://files.test/v.mp4?sig=a%2Fb&x=1",  # a signed download link
]
_PARAMS: list[dict[str, object]] = [{}, {"b": 2, "a": "x y"}, {"type": "image", "n": [1, 2]}]


def settings_of(base: str) -> ClientSettings[Any]:
    return _client(base_url=base)._settings


@pytest.mark.parametrize("base", _BASES)
@pytest.mark.parametrize("path", _PATHS)
@pytest.mark.parametrize("params", _PARAMS)
def test_the_url_built_once_equals_what_httpx_join_and_merge_build(
    base: str, path: str, params: dict[str, object]
) -> None:
    base_url = checked_base_url(base)
    joined = base_url.join(path.lstrip("/"))
    expected = httpx.URL(joined, params=joined.params.merge(params))  # the former way
    base_text = settings_of(base).request_defaults.base
    assert request_url(base_text, base_url, path, params) == expected


@pytest.mark.parametrize("path", ["/models", "/models?type=text"])
def test_an_http_clients_own_params_join_the_urls_query(path: str) -> None:
    settings = _client()._settings
    http = httpx.Client(params={"c": "3"})
    options = RequestOptions(method="get", path=path, query={"b": 2})
    url = build_request(http, settings, options).url
    assert url.params == httpx.QueryParams({**dict(httpx.URL(path).params), "b": "2", "c": "3"})


def test_an_invalid_path_is_an_invalid_argument_error() -> None:
    settings = _client()._settings
    with pytest.raises(InvalidArgumentError, match="not a valid URL path"):
        build_request(httpx.Client(), settings, RequestOptions(method="get", path="/a\nb"))


def test_the_prepared_headers_follow_every_copy() -> None:
    client = _client(default_headers={"X-Team": "a"})
    copy = client.with_options(api_key="k2", default_headers={"X-Other": "b"})
    replaced = copy.copy(set_default_headers={"Accept": "text/plain"})
    for each, key, extra in (
        (client, "k", {"x-team": "a"}),
        (copy, "k2", {"x-team": "a", "x-other": "b"}),
        (replaced, "k2", {"accept": "text/plain"}),
    ):
        request = build_request(each._http, each._settings, RequestOptions(method="get", path="/x"))
        sent = {k: v for k, v in request.headers.items() if k.startswith("x-") or k == "accept"}
        assert request.headers["authorization"] == f"Bearer {key}"
        assert sent == {"accept": "application/json", **extra}
        assert request.headers["user-agent"] == USER_AGENT
    assert client._settings.request_defaults is not copy._settings.request_defaults


def test_a_copy_without_the_key_stops_sending_it() -> None:
    client = _client(require_credentials=False)
    keyless = client.copy(api_key="", require_credentials=False)
    request = build_request(
        keyless._http, keyless._settings, RequestOptions(method="get", path="/x")
    )
    assert "authorization" not in request.headers
    assert (
        "authorization"
        in build_request(
            client._http, client._settings, RequestOptions(method="get", path="/x")
        ).headers
    )


def test_a_call_that_changes_no_header_sends_the_prepared_ones_and_they_stay_unchanged() -> None:
    client = _client(default_headers={"X-Team": "a"})
    settings = client._settings
    plain = build_request(client._http, settings, RequestOptions(method="get", path="/x"))
    plain.headers["X-Team"] = "changed by a hook"
    del plain.headers["authorization"]
    dropped = RequestOptions(method="get", path="/x", extra_headers={"X-Team": NOT_GIVEN})
    assert "x-team" not in build_request(client._http, settings, dropped).headers
    streamed = RequestOptions(method="get", path="/x", stream=True)
    assert build_request(client._http, settings, streamed).headers["accept"] == "text/event-stream"
    again = build_request(client._http, settings, RequestOptions(method="get", path="/x"))
    assert again.headers["x-team"] == "a" and again.headers["authorization"] == "Bearer k"
    assert again.headers["accept"] == "application/json"


@pytest.mark.parametrize(
    ("client_timeout", "call_timeout", "read"),
    [
        (None, NOT_GIVEN, None),
        (30.0, NOT_GIVEN, 30.0),
        (30.0, 2, 2),
        (30.0, None, None),
        (httpx.Timeout(5.0, read=9.0), NOT_GIVEN, 9.0),
    ],
)
def test_the_timeout_reaches_the_request_as_httpx_would_pass_it(
    client_timeout: Any, call_timeout: Any, read: float | None
) -> None:
    settings = _client(timeout=client_timeout)._settings
    options = RequestOptions(method="get", path="/x", timeout=call_timeout)
    request = build_request(httpx.Client(), settings, options)
    given = client_timeout if isinstance(call_timeout, type(NOT_GIVEN)) else call_timeout
    assert request.extensions["timeout"] == httpx.Timeout(given).as_dict()
    assert request.extensions["timeout"]["read"] == read


def test_the_prepared_defaults_do_not_show_the_key() -> None:
    defaults = _client()._settings.request_defaults
    assert defaults.headers["Authorization"] == "Bearer k" and "Bearer k" not in repr(defaults)


def test_the_settings_do_not_show_the_key_or_the_default_headers() -> None:
    settings = _client(default_headers={"Sign-In-With-X": "siwx-secret"})._settings
    assert settings.api_key == "k" and "api_key" not in repr(settings)
    assert "siwx-secret" not in repr(settings) and "base_url" in repr(settings)
