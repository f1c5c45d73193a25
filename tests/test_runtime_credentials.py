"""Credentials and paths: what the client refuses before sending, and what it never forwards.

An API key or header that cannot be sent is refused when the client is built (or, for a
header parameter, before the call sends anything), with a message that does not repeat
it; a base URL with a password in it is refused; a path parameter that would reach
another endpoint is refused; a redirect to another origin loses every credential header.
Redirects are served by two real servers on 127.0.0.1 (two ports: two origins).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from venice_ai import (
    APIResponseValidationError,
    AsyncVeniceClient,
    InvalidArgumentError,
    VeniceClient,
    VeniceError,
)

from tests.fault_clients import run
from tests.fault_server import FaultServer, Respond, serve

SECRET = "sk-very-secret"
BALANCE = {"success": True, "data": {"walletAddress": "0x1", "balanceUsd": 1.5}}


@pytest.fixture
def server() -> Iterator[FaultServer]:
    yield from serve()


@pytest.fixture
def other() -> Iterator[FaultServer]:
    """A second server: another origin."""
    yield from serve()


@pytest.fixture(params=["sync", "async"])
def mode(request: pytest.FixtureRequest) -> str:
    return str(request.param)


def _refused(build: Any, *hidden: str) -> InvalidArgumentError:
    with pytest.raises(InvalidArgumentError) as caught:
        build()
    error = caught.value
    assert isinstance(error, ValueError) and isinstance(error, VeniceError)
    for text in hidden:
        assert text not in str(error) and text not in repr(error)
    return error


# ---------------------------------------------------------------- keys and headers


@pytest.mark.parametrize("client", [VeniceClient, AsyncVeniceClient])
@pytest.mark.parametrize(
    ("key", "said"),
    [
        (SECRET + "\n", "line break at the end"),
        (SECRET + "\r\n", "line break"),
        (" " + SECRET, "whitespace at the start"),
        (SECRET[:4] + "\x00" + SECRET[4:], "control character at position 4"),
        (SECRET + "é", "non-ASCII"),
    ],
)
def test_an_api_key_that_cannot_be_sent_is_refused_when_the_client_is_built(
    client: type[VeniceClient] | type[AsyncVeniceClient], key: str, said: str
) -> None:
    error = _refused(lambda: client(api_key=key), SECRET)
    assert said in str(error) and "api_key" in str(error)


def test_the_key_from_the_environment_and_with_options_are_checked_too(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("VENICE_API_KEY", SECRET + "\n")
    assert "$VENICE_API_KEY" in str(_refused(VeniceClient, SECRET))
    monkeypatch.delenv("VENICE_API_KEY")
    client = VeniceClient(api_key="sk-fine")
    _refused(lambda: client.with_options(api_key=SECRET + "\n"), SECRET)
    _refused(lambda: client.with_options(default_headers={"X-Payment": SECRET + "\n"}), SECRET)
    _refused(lambda: client.with_options(max_retries=-1))
    assert client.api_key == "sk-fine"


@pytest.mark.parametrize(
    "headers",
    [{"SIGN-IN-WITH-X": SECRET + "\n"}, {"X-Note": SECRET + "é"}, {"Bad Name": "v"}],
)
def test_default_headers_that_cannot_be_sent_are_refused(headers: dict[str, str]) -> None:
    _refused(lambda: VeniceClient(api_key="k", default_headers=headers), SECRET)


def test_a_header_parameter_that_cannot_be_sent_is_refused_before_sending(
    mode: str, server: FaultServer
) -> None:
    server.script("/x402/balance/0x1", Respond.json(BALANCE))

    def call(client: Any) -> Any:
        return client.x402.get_balance("0x1", sign_in_with_x=SECRET + "\r\n")

    _refused(lambda: run(mode, server, call), SECRET)
    assert server.count("/x402/balance/0x1") == 0  # not sent, so not retried either


def test_a_body_value_json_cannot_hold_is_refused_before_sending(
    mode: str, server: FaultServer
) -> None:
    def call(client: Any) -> Any:
        return client.embeddings.create(input="hi", model="m", extra_body={"x": {1, 2}})

    assert "JSON" in str(_refused(lambda: run(mode, server, call)))
    assert not server.received


# ---------------------------------------------------------------- base URL


@pytest.mark.parametrize(
    "url",
    [
        "https://user:hunter2-password@api.example/api/v1",
        "https://hunter2-password@api.example/api/v1",
    ],
)
def test_a_base_url_with_credentials_is_refused(url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    error = _refused(lambda: VeniceClient(api_key="k", base_url=url), "hunter2")
    assert "api_key" in str(error)
    _refused(lambda: AsyncVeniceClient(api_key="k").with_options(base_url=url), "hunter2")
    monkeypatch.setenv("VENICE_BASE_URL", url)
    assert "$VENICE_BASE_URL" in str(_refused(lambda: VeniceClient(api_key="k"), "hunter2"))


@pytest.mark.parametrize("url", ["api.venice.ai/api/v1", "ftp://api.example/", "https://"])
def test_a_base_url_that_is_not_http_is_refused(url: str) -> None:
    _refused(lambda: VeniceClient(api_key="k", base_url=url))


# ---------------------------------------------------------------- paths


@pytest.mark.parametrize("slug", ["..", ".", ""])
def test_path_parameters_that_change_the_path_are_refused(
    mode: str, server: FaultServer, slug: str
) -> None:
    def call(client: Any) -> Any:
        return client.characters.retrieve(slug)

    error = _refused(lambda: run(mode, server, call))
    assert "'slug'" in str(error)
    assert not server.received


def test_dots_that_are_not_a_whole_segment_are_sent_quoted(server: FaultServer) -> None:
    server.fallback = Respond.json({"object": "character", "data": {}})
    for slug in ("...", "a..b", "../x", "%2e%2e"):
        run("sync", server, lambda c, s=slug: c.characters.retrieve(s))
    assert [r.path for r in server.received] == [
        "/api/v1/characters/...",
        "/api/v1/characters/a..b",
        "/api/v1/characters/..%2Fx",
        "/api/v1/characters/%252e%252e",
    ]


# ---------------------------------------------------------------- redirects


def _balance(client: Any) -> Any:
    return client.x402.get_balance(
        "0x1", sign_in_with_x="wallet-proof", extra_headers={"X-Payment": "payment-proof"}
    )


def test_a_redirect_to_another_origin_drops_every_credential_header(
    mode: str, server: FaultServer, other: FaultServer
) -> None:
    server.script("/x402/balance/0x1", Respond(307, headers=(("Location", other.url + "/b"),)))
    other.script("/b", Respond.json(BALANCE))
    balance = run(mode, server, _balance, follow_redirects=True, api_key=SECRET)
    assert balance.data.balance_usd == 1.5
    [first] = server.received
    [landed] = other.received
    assert first.headers["authorization"] == f"Bearer {SECRET}"
    assert first.headers["sign-in-with-x"] == "wallet-proof"
    sent = {name for name in landed.headers if name in first.headers}
    assert sent.isdisjoint({"authorization", "sign-in-with-x", "x-payment"})
    assert landed.headers["user-agent"] == first.headers["user-agent"]  # the rest stays


def test_a_redirect_within_the_origin_keeps_the_credentials(mode: str, server: FaultServer) -> None:
    server.script("/x402/balance/0x1", Respond(302, headers=(("Location", server.url + "/b"),)))
    server.script("/b", Respond.json(BALANCE))
    run(mode, server, _balance, follow_redirects=True, api_key=SECRET)
    landed = server.received[-1]
    assert landed.path == "/api/v1/b" and landed.headers["sign-in-with-x"] == "wallet-proof"
    assert landed.headers["authorization"] == f"Bearer {SECRET}"


def test_a_callers_http_client_that_follows_redirects_gets_the_same_care(
    server: FaultServer, other: FaultServer
) -> None:
    server.script("/x402/balance/0x1", Respond(307, headers=(("Location", other.url + "/b"),)))
    other.script("/b", Respond.json(BALANCE))
    http = httpx.Client(follow_redirects=True)
    run("sync", server, _balance, http_client=http)
    assert "sign-in-with-x" not in other.received[0].headers
    http.close()


def test_too_many_redirects_is_a_validation_error(mode: str, server: FaultServer) -> None:
    server.script("/x402/balance/0x1", Respond(302, headers=(("Location", server.url + "/b"),)))
    server.script("/b", Respond(302, headers=(("Location", server.url + "/b"),)))
    with pytest.raises(APIResponseValidationError, match="max_redirects=3") as caught:
        run(mode, server, _balance, follow_redirects=True, max_redirects=3)
    assert caught.value.status_code == 302 and server.count("/b") == 3
