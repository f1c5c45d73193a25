"""Issue 13: the client's settings as a caller sees them, sync and async, over loopback.

httpx settings are typed keyword arguments (the former `proxies=` is mapped to `mounts`),
an `http_client` of the wrong kind is refused when the client is built, a client without
any credential is refused unless `require_credentials=False`, and `copy()` (`with_options`)
changes any setting.
"""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
import pytest
import venice_ai
from venice_ai import AsyncVeniceClient, SettingsError, VeniceClient, VeniceError

from tests.fault_clients import run
from tests.fault_server import FaultServer, Respond, serve

MODELS = {"object": "list", "data": [], "type": "text"}


@pytest.fixture(params=["sync", "async"])
def mode(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def server() -> Any:
    yield from serve()


@pytest.fixture(autouse=True)
def no_key_in_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("VENICE_API_KEY", raising=False)
    monkeypatch.delenv("VENICE_BASE_URL", raising=False)


def client_class(mode: str) -> type[VeniceClient] | type[AsyncVeniceClient]:
    return VeniceClient if mode == "sync" else AsyncVeniceClient


def list_models(client: Any) -> Any:
    return client.models.list()


# ------------------------------------------------------------------ httpx settings


def test_proxies_as_older_httpx_took_them_route_through_the_proxy(
    mode: str, server: FaultServer
) -> None:
    # The fault server acts as the proxy: a request through an HTTP proxy names the whole URL.
    server.fallback = Respond.json(MODELS)
    models = run(
        mode,
        server,
        list_models,
        base_url="http://venice.invalid/api/v1",
        proxies={"all://": server.origin, "all://nowhere.invalid": None},
        trust_env=False,
    )
    assert models.data == []
    [received] = server.received
    assert received.path == "http://venice.invalid/api/v1/models"


def test_one_proxy_given_as_proxies_is_the_proxy(mode: str, server: FaultServer) -> None:
    server.fallback = Respond.json(MODELS)
    run(mode, server, list_models, base_url="http://venice.invalid/api/v1", proxies=server.origin)
    assert server.received[0].path == "http://venice.invalid/api/v1/models"


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ({"proxy": "http://a.invalid", "proxies": "http://b.invalid"}, "proxy= or proxies="),
        ({"proxies": {"all://": "ftp://proxy.invalid"}}, r"proxies\['all://'\] cannot be used"),
        ({"proxy": "ftp://proxy.invalid"}, "httpx refused the settings"),
        ({"event_hooks": {"requests": []}}, "event_hooks takes the keys"),
        ({"http_client": "not a client"}, "not str"),
    ],
)
def test_settings_that_cannot_work_are_refused_when_the_client_is_built(
    mode: str, settings: dict[str, Any], message: str
) -> None:
    with pytest.raises(SettingsError, match=message) as caught:
        client_class(mode)(api_key="k", **settings)
    assert isinstance(caught.value, VeniceError) and isinstance(caught.value, TypeError)


def test_what_httpx_refuses_is_a_settings_error_with_its_cause() -> None:
    with pytest.raises(SettingsError) as caught:
        VeniceClient(api_key="k", proxy="ftp://proxy.invalid")
    assert isinstance(caught.value.__cause__, ValueError)


def test_an_http_client_of_the_other_kind_is_refused_at_construction() -> None:
    with pytest.raises(SettingsError, match=r"AsyncVeniceClient sends with an httpx.AsyncClient"):
        AsyncVeniceClient(api_key="k", http_client=httpx.Client())  # type: ignore[arg-type]
    with pytest.raises(SettingsError, match=r"use AsyncVeniceClient for this one"):
        VeniceClient(api_key="k", http_client=httpx.AsyncClient())  # type: ignore[arg-type]


def test_the_typed_settings_reach_the_http_client_it_creates(mode: str) -> None:
    hooks: dict[str, Any] = {"request": [], "response": []}
    client: Any = client_class(mode)(
        api_key="k",
        limits=httpx.Limits(max_connections=3),
        follow_redirects=True,
        max_redirects=4,
        trust_env=False,
        http1=True,
        http2=False,
        default_encoding="latin-1",
        event_hooks=hooks,
        mounts={"all://other.invalid": None},
    )
    http = client._http
    assert http.follow_redirects and http.max_redirects == 4 and not http.trust_env
    assert http._default_encoding == "latin-1"
    assert http.event_hooks == hooks
    asyncio.run(client.close()) if mode == "async" else client.close()


# ------------------------------------------------------------------ credentials


def test_a_client_without_credentials_is_refused_and_told_how(mode: str) -> None:
    with pytest.raises(SettingsError) as caught:
        client_class(mode)()
    message = str(caught.value)
    assert "VENICE_API_KEY" in message and "api_key=" in message
    assert "SIGN-IN-WITH-X" in message and "require_credentials=False" in message


def test_a_wallet_header_is_a_credential(mode: str, server: FaultServer) -> None:
    server.script("/models", Respond.json(MODELS))
    run(mode, server, list_models, api_key=None, default_headers={"Sign-In-With-X": "signed"})
    [received] = server.received
    assert received.headers["sign-in-with-x"] == "signed"
    assert "authorization" not in {name.lower() for name in received.headers}


def test_an_http_client_with_its_own_authorization_is_a_credential() -> None:
    with httpx.Client(headers={"Authorization": "Bearer from-the-gateway"}) as http:
        VeniceClient(http_client=http)
    with httpx.Client(auth=("user", "password")) as http:
        VeniceClient(http_client=http)


def test_operations_that_need_no_credentials_work_with_the_opt_out(
    mode: str, server: FaultServer
) -> None:
    server.script("/api_keys/generate_web3_key", Respond.json({"data": {"token": "t"}}))
    token = run(
        mode,
        server,
        lambda client: client.api_keys.get_web3_token(),
        api_key=None,
        require_credentials=False,
    )
    assert token.data.token == "t"
    assert "authorization" not in {name.lower() for name in server.received[0].headers}


def test_the_key_from_the_environment_is_a_credential(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VENICE_API_KEY", "sk-env")
    assert VeniceClient().api_key == "sk-env"


def test_a_copy_is_refused_like_a_new_client_would_be() -> None:
    client = VeniceClient(require_credentials=False)
    with pytest.raises(SettingsError, match="no API key"):
        client.copy(require_credentials=True)


# ------------------------------------------------------------------ copy and with_options


def test_a_copy_changes_every_setting_given_and_keeps_the_rest(
    mode: str, server: FaultServer
) -> None:
    server.script("/models", Respond.json(MODELS))

    def call(client: Any) -> Any:
        copy = client.copy(
            api_key="sk-copy",
            timeout=7.0,
            max_retries=0,
            default_headers={"X-Team": "search"},
            default_query={"lang": "en"},
            strict_responses=True,
            warn_on_drift=False,
        )
        assert (copy.timeout, copy.max_retries, copy.strict_responses) == (7.0, 0, True)
        assert not copy.warn_on_drift and copy.api_key == "sk-copy"
        assert copy.default_headers == {"X-Keep": "1", "X-Team": "search"}
        assert client.api_key == "sk-test" and client.default_headers == {"X-Keep": "1"}
        return copy.models.list()

    run(mode, server, call, default_headers={"X-Keep": "1"}, default_query={"v": "2"})
    [received] = server.received
    assert received.headers["authorization"] == "Bearer sk-copy"
    assert received.headers["x-team"] == "search" and received.headers["x-keep"] == "1"
    assert received.path.endswith("/models?v=2&lang=en")


def test_set_default_headers_and_query_replace_them(mode: str, server: FaultServer) -> None:
    server.script("/models", Respond.json(MODELS))

    def call(client: Any) -> Any:
        return client.with_options(
            set_default_headers={"X-Only": "1"}, set_default_query={"only": "1"}
        ).models.list()

    run(mode, server, call, default_headers={"X-Keep": "1"}, default_query={"v": "2"})
    [received] = server.received
    assert "x-keep" not in received.headers and received.headers["x-only"] == "1"
    assert received.path.endswith("/models?only=1")


def test_merging_and_replacing_together_is_refused() -> None:
    client = VeniceClient(api_key="k")
    with pytest.raises(SettingsError, match="not both"):
        client.copy(default_headers={"a": "1"}, set_default_headers={"b": "2"})


def test_a_copy_shares_the_http_client_or_takes_its_own(server: FaultServer) -> None:
    server.script("/models", Respond.json(MODELS))
    client = VeniceClient(api_key="k", base_url=server.url)
    shared = client.copy(timeout=None)
    assert shared.timeout is None  # None is a timeout: wait forever
    shared.close()
    assert not client.is_closed  # the copy does not own the HTTP client
    with httpx.Client(headers={"X-Own": "1"}) as own:
        client.with_options(http_client=own).models.list()
        assert not own.is_closed
    assert server.received[0].headers["x-own"] == "1"
    with pytest.raises(SettingsError):
        client.copy(http_client=httpx.AsyncClient())  # type: ignore[arg-type]
    client.close()
    assert client.is_closed


def test_with_options_is_copy() -> None:
    assert VeniceClient.with_options is VeniceClient.copy
    assert venice_ai.AsyncVeniceClient.with_options is venice_ai.AsyncVeniceClient.copy
