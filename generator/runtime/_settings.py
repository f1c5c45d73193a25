"""A client's settings: one frozen value that the clients, `with_options` and the request
builder read, and the functions that turn the constructor's arguments into it (the
environment, `ENV_API_KEY` and `ENV_BASE_URL`, and the defaults applied). The API key, the
base URL, the default headers and `max_retries` are checked here (`_checks`), so that a
client that was built can send them.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from types import MappingProxyType
from typing import Any, Final, Generic, TypeVar

import httpx

from ._checks import checked_api_key, checked_base_url, checked_headers, checked_max_retries
from ._constants import (
    CREDENTIAL_HEADERS,
    CREDENTIALS_REQUIRED,
    DEFAULT_BASE_URL,
    ENV_API_KEY,
    ENV_BASE_URL,
)
from ._exceptions import SettingsError
from ._prepared import RequestDefaults
from ._types import NOT_GIVEN, NotGiven, Timeout

__all__ = [
    "DEFAULT_MAX_RETRIES",
    "ClientSettings",
    "HttpT",
    "api_key_or_env",
    "base_url_or_env",
    "checked_credentials",
    "client_timeout",
]

HttpT = TypeVar("HttpT", httpx.Client, httpx.AsyncClient)
DEFAULT_MAX_RETRIES: Final = 2
DEFAULT_TIMEOUT: Final = httpx.Timeout(timeout=600.0, connect=10.0)
"""Generation and long completions take minutes; connecting should not."""
HTTPX_DEFAULT_TIMEOUT: Final = httpx.Timeout(5.0)
"""httpx's own default: a caller's `http_client` with this timeout has not set one."""


@dataclass(frozen=True, slots=True, kw_only=True)
class ClientSettings(Generic[HttpT]):
    """Everything a client is configured with (the client's docstring explains each)."""

    api_key: str | None = field(repr=False)
    base_url: httpx.URL
    """Always ends with `/`, so that paths join below it."""
    timeout: Timeout
    max_retries: int
    default_headers: Mapping[str, str] = field(repr=False)
    """May carry credentials (a sign-in header): left out of the repr, like the key."""
    default_query: Mapping[str, object]
    strict_responses: bool
    warn_on_drift: bool
    require_credentials: bool
    http_client: HttpT | None
    """The caller's HTTP client, used as is and never closed; None: the client makes one."""
    httpx_settings: Mapping[str, Any]
    """Arguments for the HTTP client the client makes (none when `http_client` is given)."""
    request_defaults: RequestDefaults = field(init=False, repr=False, compare=False)
    """What every request sends, worked out from the settings above when they are made
    (a copy, `copied`, works them out again)."""

    def __post_init__(self) -> None:
        defaults = RequestDefaults.of(
            api_key=self.api_key,
            base_url=self.base_url,
            default_headers=self.default_headers,
            default_query=self.default_query,
            timeout=self.timeout,
        )
        object.__setattr__(self, "request_defaults", defaults)

    def copied(self, changes: Mapping[str, Any], http_client: HttpT) -> ClientSettings[HttpT]:
        """These settings with `changes` (`copy()`'s arguments by name; None and NOT_GIVEN
        keep a setting), on `http_client`: `default_headers` and `default_query` are merged
        over the current ones, `set_default_headers` and `set_default_query` replace them."""
        given = {k: v for k, v in changes.items() if v is not None and not isinstance(v, NotGiven)}
        headers = _replaced_or_merged(self.default_headers, given, "headers")
        timeout = changes.get("timeout", NOT_GIVEN)  # None is a timeout: no limit
        return replace(
            self,
            api_key=checked_api_key(given.get("api_key", self.api_key), "api_key"),
            base_url=checked_base_url(given["base_url"]) if "base_url" in given else self.base_url,
            timeout=self.timeout if isinstance(timeout, NotGiven) else timeout,
            max_retries=checked_max_retries(given.get("max_retries", self.max_retries)),
            default_headers=MappingProxyType(dict(checked_headers(headers, "default header"))),
            default_query=MappingProxyType(_replaced_or_merged(self.default_query, given, "query")),
            strict_responses=given.get("strict_responses", self.strict_responses),
            warn_on_drift=given.get("warn_on_drift", self.warn_on_drift),
            require_credentials=given.get("require_credentials", self.require_credentials),
            http_client=http_client,
            httpx_settings=MappingProxyType({}),
        )


def _replaced_or_merged(
    current: Mapping[str, Any], given: Mapping[str, Any], kind: str
) -> dict[str, Any]:
    merged: Mapping[str, Any] | None = given.get(f"default_{kind}")
    replaced: Mapping[str, Any] | None = given.get(f"set_default_{kind}")
    if merged is not None and replaced is not None:
        raise SettingsError(
            f"pass default_{kind} (merged over the current ones) or set_default_{kind} "
            "(replacing them), not both"
        )
    if replaced is not None:
        return dict(replaced)
    return {**current, **(merged or {})}


def checked_credentials(settings: ClientSettings[Any]) -> None:
    """Refuse a client that would send no credential while the API asks for one
    (`CREDENTIALS_REQUIRED`), unless `require_credentials` is off: an API key, or one of
    `CREDENTIAL_HEADERS` in the default headers or the caller's HTTP client (or its auth)."""
    if settings.api_key or not settings.require_credentials or not CREDENTIALS_REQUIRED:
        return
    http = settings.http_client
    sent = {name.lower() for name in (*settings.default_headers, *(http.headers if http else ()))}
    if sent & CREDENTIAL_HEADERS or (http is not None and http.auth is not None):
        return
    others = sorted(CREDENTIAL_HEADERS - {"authorization"})
    other = (
        f", or send the {' or '.join(h.upper() for h in others)} header in default_headers"
        if others
        else ""
    )
    raise SettingsError(
        f"no API key: pass api_key=... or set the {ENV_API_KEY} environment variable{other}; "
        "for the operations that need no credentials, pass require_credentials=False"
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
