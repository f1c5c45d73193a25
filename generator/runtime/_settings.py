"""A client's settings: one frozen value that the clients, `with_options` and the request
builder read, and the functions that turn the constructor's arguments into it (the
environment, `ENV_API_KEY` and `ENV_BASE_URL`, and the defaults applied). The API key, the
base URL, the default headers and `max_retries` are checked here (`_checks`), so that a
client that was built can send them.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, replace
from types import MappingProxyType
from typing import Any, Final, Generic, TypeVar

import httpx

from ._checks import checked_api_key, checked_base_url, checked_headers, checked_max_retries
from ._constants import DEFAULT_BASE_URL, ENV_API_KEY, ENV_BASE_URL
from ._exceptions import InvalidArgumentError
from ._types import NotGiven, Timeout

__all__ = [
    "DEFAULT_MAX_RETRIES",
    "ClientSettings",
    "HttpT",
    "api_key_or_env",
    "base_url_or_env",
    "checked_httpx_settings",
    "client_timeout",
]

HttpT = TypeVar("HttpT", httpx.Client, httpx.AsyncClient)
DEFAULT_MAX_RETRIES: Final = 2
DEFAULT_TIMEOUT: Final = httpx.Timeout(timeout=600.0, connect=10.0)
"""Generation and long completions take minutes; connecting should not."""
HTTPX_DEFAULT_TIMEOUT: Final = httpx.Timeout(5.0)
"""httpx's own default: a caller's `http_client` with this timeout has not set one."""
HTTPX_SETTINGS: Final = frozenset(
    {
        "proxy",
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
    }
)
"""The `httpx.Client` arguments a client passes on to the HTTP client it creates."""


@dataclass(frozen=True, slots=True, kw_only=True)
class ClientSettings(Generic[HttpT]):
    """Everything a client is configured with (the client's docstring explains each)."""

    api_key: str | None
    base_url: httpx.URL
    """Always ends with `/`, so that paths join below it."""
    timeout: Timeout
    max_retries: int
    default_headers: Mapping[str, str]
    default_query: Mapping[str, object]
    strict_responses: bool
    http_client: HttpT | None
    """The caller's HTTP client, used as is and never closed; None: the client makes one."""
    httpx_settings: Mapping[str, Any]
    """Arguments for the HTTP client the client makes (none when `http_client` is given)."""

    def updated(
        self,
        *,
        api_key: str | None,
        base_url: str | httpx.URL | None,
        timeout: Timeout | NotGiven,
        max_retries: int | None,
        default_headers: Mapping[str, str] | None,
        http_client: HttpT,
    ) -> ClientSettings[HttpT]:
        """These settings with the ones given changed (None and NOT_GIVEN keep a setting;
        headers are merged), on `http_client`: `with_options`."""
        return replace(
            self,
            api_key=self.api_key if api_key is None else checked_api_key(api_key, "api_key"),
            base_url=self.base_url if base_url is None else checked_base_url(base_url),
            timeout=self.timeout if isinstance(timeout, NotGiven) else timeout,
            max_retries=self.max_retries
            if max_retries is None
            else checked_max_retries(max_retries),
            default_headers=MappingProxyType(
                {**self.default_headers, **checked_headers(default_headers or {}, "default header")}
            ),
            http_client=http_client,
            httpx_settings=MappingProxyType({}),
        )


def api_key_or_env(api_key: str | None) -> str | None:
    """The API key given, else the one in the environment, if any (checked)."""
    if api_key is not None:
        return checked_api_key(api_key, "api_key")
    return checked_api_key(os.environ.get(ENV_API_KEY), f"${ENV_API_KEY}")


def base_url_or_env(base_url: str | httpx.URL | None) -> httpx.URL:
    """The base URL given, else the environment's, else the spec's; ending with `/`."""
    if base_url is not None:
        return checked_base_url(base_url)
    if os.environ.get(ENV_BASE_URL):
        return checked_base_url(os.environ[ENV_BASE_URL], f"${ENV_BASE_URL}")
    return checked_base_url(DEFAULT_BASE_URL)


def client_timeout(
    timeout: Timeout | NotGiven, http_client: httpx.Client | httpx.AsyncClient | None
) -> Timeout:
    """`timeout` if given, else that of the caller's `http_client` if it set one, else ours."""
    if not isinstance(timeout, NotGiven):
        return timeout
    if http_client is not None and http_client.timeout != HTTPX_DEFAULT_TIMEOUT:
        return http_client.timeout
    return DEFAULT_TIMEOUT


class SettingsError(InvalidArgumentError, TypeError):
    """Unknown httpx settings, or httpx settings next to the caller's own `http_client`: a
    `TypeError`, as for an unexpected keyword argument, and an `InvalidArgumentError`."""


def checked_httpx_settings(
    settings: Mapping[str, object], http_client: httpx.Client | httpx.AsyncClient | None
) -> Mapping[str, Any]:
    """The settings for the HTTP client to create; a `TypeError` for unknown ones, and for
    any given together with the caller's own `http_client`."""
    unknown = set(settings) - HTTPX_SETTINGS
    if unknown:
        raise SettingsError(f"unexpected httpx settings: {', '.join(sorted(unknown))}")
    given = {k: v for k, v in settings.items() if not isinstance(v, NotGiven)}
    if http_client is not None and given:
        raise SettingsError("pass either http_client or httpx settings, not both")
    return MappingProxyType(given)
