"""What an error response says: its body (JSON, else text), a one-line message from any of
the shapes the API uses, and the request id to quote to support."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any, cast

import httpx

__all__ = ["error_message", "parse_error_body", "pick", "pick_raw", "request_id"]

_REQUEST_ID_HEADERS = (b"x-request-id", b"cf-ray", b"x-venice-request-id")
"""Where the id of a request is, the first that is present."""


def request_id(headers: httpx.Headers) -> str | None:
    """The id of a request to quote to support, from whichever header carries it (one
    pass over the headers: every response is asked)."""
    found: dict[bytes, list[bytes]] = {}
    for raw_name, value in headers.raw:
        name = raw_name.lower()
        if name in _REQUEST_ID_HEADERS:
            found.setdefault(name, []).append(value)
    for name in _REQUEST_ID_HEADERS:
        if name in found:  # several: joined, as `headers[name]` joins them
            return b", ".join(found[name]).decode(headers.encoding)
    return None


_MAX_TEXT = 500


def parse_error_body(response: httpx.Response) -> object:
    """The error body as JSON when it is JSON, else its text (possibly empty)."""
    try:
        text = response.text
    except (httpx.ResponseNotRead, UnicodeDecodeError):
        return None
    try:
        return json.loads(text) if text.strip() else None
    except ValueError:
        return text


def error_message(body: object, response: httpx.Response) -> str:
    """A one-line explanation from any of the error shapes the API uses."""
    message = pick(body, "message", "error", "detail")
    if message:
        return message
    if isinstance(body, str) and body.strip():
        text = " ".join(body.split())
        return text[:_MAX_TEXT] + ("..." if len(text) > _MAX_TEXT else "")
    if body is not None and not isinstance(body, str):
        return json.dumps(body)[:_MAX_TEXT]
    return response.reason_phrase or "no error body"


def pick(body: object, *keys: str) -> str | None:
    """The first of `keys` that holds a non-empty string (or an object with a message), at
    the top of `body` or under its `error`."""
    value = pick_raw(body, *keys)
    if isinstance(value, Mapping):
        value = pick_raw(cast(Mapping[str, Any], value), "message", "type", "code")
    return value if isinstance(value, str) and value else None


def pick_raw(body: object, *keys: str) -> Any:
    """The value of the first of `keys` that is set, at the top of `body` or under `error`."""
    if not isinstance(body, Mapping):
        return None
    fields = cast(Mapping[str, Any], body)
    for key in keys:
        if fields.get(key) is not None:
            return fields[key]
    nested = fields.get("error")
    if isinstance(nested, Mapping):
        inner = cast(Mapping[str, Any], nested)
        for key in keys:
            if inner.get(key) is not None:
                return inner[key]
    return None
