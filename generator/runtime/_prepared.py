"""What every request of a client sends, worked out once per client (and again for each
copy, `with_options`), so that a call only adds its own parts: the base URL as text, the
default headers (`Accept`, `User-Agent`, the API key, the caller's defaults) both as a
mapping and as the `httpx.Headers` httpx copies without parsing them again, the timeout
as httpx passes it to its transport, and the default query without unset values.
"""

from __future__ import annotations

import platform
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Final

import httpx

from ._constants import PACKAGE
from ._types import Timeout
from ._version import __version__

__all__ = ["USER_AGENT", "RequestDefaults", "query_value", "timeout_extension"]

USER_AGENT: Final = f"{PACKAGE}/{__version__} python/{platform.python_version()}"


@dataclass(frozen=True, slots=True)
class RequestDefaults:
    """A client's part of every request (see the module docstring)."""

    base: str
    """The base URL as text, ending with `/`, that a plain path is appended to; empty when
    the base URL has a query or a fragment (paths are then joined to it)."""
    headers: Mapping[str, str] = field(repr=False)  # the API key is among them
    """The headers every request sends unless the call changes them."""
    sent_headers: httpx.Headers = field(repr=False)
    """`headers` as httpx takes them; httpx copies it into each request, never changes it
    (and neither may anything else)."""
    timeout: dict[str, float | None] | None
    """The timeout as a request's `timeout` extension; None: httpx refused it, so it is
    handed to httpx on every request, which says why."""
    query: Mapping[str, object]
    """The default query parameters that have a value, as they are sent."""

    @classmethod
    def of(
        cls,
        *,
        api_key: str | None,
        base_url: httpx.URL,
        default_headers: Mapping[str, str],
        default_query: Mapping[str, object],
        timeout: Timeout,
    ) -> RequestDefaults:
        """The defaults of a client with these settings."""
        headers = {
            "Accept": "application/json",
            "User-Agent": USER_AGENT,
            **({"Authorization": f"Bearer {api_key}"} if api_key else {}),
            **default_headers,
        }
        return cls(
            base="" if base_url.query or base_url.fragment else str(base_url),
            headers=MappingProxyType(headers),
            sent_headers=httpx.Headers(headers),
            timeout=timeout_extension(timeout),
            query=MappingProxyType(
                {k: query_value(v) for k, v in default_query.items() if v is not None}
            ),
        )


def timeout_extension(timeout: Timeout) -> dict[str, float | None] | None:
    """`timeout` as httpx hands it to its transport (None when httpx refuses it)."""
    try:
        return httpx.Timeout(timeout).as_dict()
    except (TypeError, ValueError):
        return None


def query_value(value: object) -> object:
    """A query value as it is sent: booleans as `true` and `false`, the rest as httpx
    writes them."""
    if value is True:
        return "true"
    if value is False:
        return "false"
    return value
