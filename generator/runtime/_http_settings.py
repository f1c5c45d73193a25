"""The httpx settings a client takes as keyword arguments, and the HTTP client it is given.

A client creates its own `httpx.Client` (`httpx.AsyncClient`) from the settings given, or
uses the caller's `http_client` as it is; the two do not mix. What cannot work is refused
when the client is built, with a `SettingsError`: an `http_client` of the other kind (an
`httpx.AsyncClient` for the synchronous client fails only at the first call otherwise),
settings next to the caller's own `http_client`, event hooks of an unknown kind, and
settings httpx itself refuses (a bad proxy URL, a certificate file that is missing).

`proxies=`, which httpx 0.28 removed, is accepted as code written for older httpx passes
it: a single proxy becomes `proxy=`, and a mapping of URL patterns becomes `mounts` (a
transport per pattern, through that proxy, with the client's `verify`, `cert`,
`trust_env`, `http1`, `http2` and `limits`; `None` for a pattern means no proxy).
"""

from __future__ import annotations

import ssl
from collections.abc import Awaitable, Callable, Mapping, Sequence
from types import MappingProxyType
from typing import Any, Final, TypeAlias, cast

import httpx

from ._exceptions import SettingsError
from ._types import NotGiven

__all__ = [
    "HTTPX_SETTINGS",
    "AsyncEventHooks",
    "CertTypes",
    "EventHooks",
    "ProxiesTypes",
    "ProxyTypes",
    "VerifyTypes",
    "checked_http_client",
    "httpx_arguments",
    "new_http_client",
]

ProxyTypes: TypeAlias = "str | httpx.URL | httpx.Proxy"
"""One proxy for every request (`proxy=`)."""
ProxiesTypes: TypeAlias = "ProxyTypes | Mapping[str, ProxyTypes | None]"
"""httpx's former `proxies=`: one proxy, or a proxy (None: none) per URL pattern."""
CertTypes: TypeAlias = "str | tuple[str, str] | tuple[str, str, str]"
"""A client certificate file, or (certificate, key) or (certificate, key, password)."""
VerifyTypes: TypeAlias = "ssl.SSLContext | str | bool"
"""Whether (or how, an `ssl.SSLContext`) to verify the server's certificate."""
EventHooks: TypeAlias = "Mapping[str, Sequence[Callable[..., object]]]"
"""`{"request": [...], "response": [...]}`: functions called with each request or response."""
AsyncEventHooks: TypeAlias = "Mapping[str, Sequence[Callable[..., Awaitable[object]]]]"
"""The same for the asynchronous client: coroutine functions."""

HTTPX_SETTINGS: Final = (
    "proxy",
    "proxies",
    "mounts",
    "transport",
    "limits",
    "cert",
    "verify",
    "trust_env",
    "http1",
    "http2",
    "follow_redirects",
    "max_redirects",
    "default_encoding",
    "event_hooks",
)
"""The keyword arguments of a client that configure the HTTP client it creates."""
_SET_PER_REQUEST: Final = ("Accept", "User-Agent")
"""httpx's default headers that every request replaces."""
_PROXY_TRANSPORT_SETTINGS: Final = ("verify", "cert", "trust_env", "http1", "http2", "limits")
_HOOK_KINDS: Final = frozenset({"request", "response"})


def checked_http_client(http_client: object, expected: type[Any], owner: str) -> Any:
    """The caller's `http_client`, if it is the kind `owner` sends with."""
    if http_client is None or isinstance(http_client, expected):
        return http_client
    other = owner.removeprefix("Async") if owner.startswith("Async") else "Async" + owner
    raise SettingsError(
        f"{owner} sends with an httpx.{expected.__name__}, not {type(http_client).__name__}: "
        f"pass httpx.{expected.__name__}(...) as http_client, or use {other} for this one"
    )


def httpx_arguments(
    given: Mapping[str, Any], http_client: object, transport_type: type[Any]
) -> Mapping[str, Any]:
    """The arguments for the HTTP client to create from the settings `given` (those left
    unset, `None` or `NOT_GIVEN`, are left to httpx), checked; empty with an `http_client`."""
    settings: dict[str, Any] = {
        k: v for k, v in given.items() if v is not None and not isinstance(v, NotGiven)
    }
    if http_client is not None:
        if settings:
            raise SettingsError(
                f"pass either http_client or httpx settings ({', '.join(sorted(settings))}), "
                "not both: configure your own client with them instead"
            )
        return MappingProxyType({})
    if "event_hooks" in settings:
        settings["event_hooks"] = _event_hooks(settings["event_hooks"])
    if "proxies" in settings:
        settings.update(_from_proxies(settings, transport_type))
    return MappingProxyType(settings)


def new_http_client(http_type: type[Any], arguments: Mapping[str, Any]) -> Any:
    """`http_type(**arguments)`; what httpx refuses (a proxy URL, a certificate file) is a
    `SettingsError` with httpx's error as its cause.

    The client keeps no `Accept` and `User-Agent` of its own: every request sets both
    (`_prepared`), and httpx would otherwise take its own out of each request again. A
    request that removes one of them (a `NOT_GIVEN` extra header) sends none."""
    try:
        client = http_type(**arguments)
    except (TypeError, ValueError, OSError, ssl.SSLError) as exc:
        raise SettingsError(f"httpx refused the settings: {type(exc).__name__}: {exc}") from exc
    for name in _SET_PER_REQUEST:
        del client.headers[name]
    return client


def _event_hooks(hooks: Mapping[str, Sequence[object]]) -> dict[str, list[object]]:
    """The hooks as httpx takes them (lists); an unknown kind would never be called."""
    unknown = set(hooks) - _HOOK_KINDS
    if unknown:
        raise SettingsError(
            f"event_hooks takes the keys 'request' and 'response', not {sorted(unknown)}"
        )
    return {kind: list(functions) for kind, functions in hooks.items()}


def _from_proxies(settings: dict[str, Any], transport_type: type[Any]) -> dict[str, Any]:
    """`proxy` or `mounts` for httpx's former `proxies` setting (see the module docstring)."""
    proxies = settings.pop("proxies")
    if "proxy" in settings:
        raise SettingsError("pass proxy= or proxies=, not both (proxies= is the older form)")
    if not isinstance(proxies, Mapping):
        return {"proxy": proxies}
    options = {k: settings[k] for k in _PROXY_TRANSPORT_SETTINGS if k in settings}
    mounts: dict[str, Any] = {}
    patterns = cast(Mapping[str, object], proxies)
    for pattern, proxy in patterns.items():
        try:
            mounts[pattern] = None if proxy is None else transport_type(proxy=proxy, **options)
        except (TypeError, ValueError, OSError, ssl.SSLError) as exc:
            raise SettingsError(
                f"proxies[{pattern!r}] cannot be used: {type(exc).__name__}: {exc}"
            ) from exc
    return {"mounts": {**mounts, **settings.get("mounts", {})}}
