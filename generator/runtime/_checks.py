"""What the client refuses before it sends anything.

Each check raises `InvalidArgumentError` (a `VeniceError` and a `ValueError`) that says what
is wrong and where without repeating the value: an API key with a trailing newline would
otherwise reach httpcore, whose "Illegal header value" error quotes it, and be retried as a
connection error. The API key, the base URL and the default headers are checked when a
client is built; header parameters and path parameters on every call.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from urllib.parse import urlsplit

import httpx

from ._exceptions import InvalidArgumentError

__all__ = [
    "checked_api_key",
    "checked_base_url",
    "checked_header",
    "checked_headers",
    "checked_max_retries",
    "checked_path_value",
]

_TOKEN = re.compile(r"[!#$%&'*+\-.^_`|~0-9A-Za-z]+")
"""An HTTP header name (RFC 9110 token)."""
_UNSAFE_SEGMENTS = frozenset({"", ".", ".."})


def checked_api_key(key: str | None, source: str) -> str | None:
    """`key`, unless it cannot be sent as a bearer token (whitespace, control or non-ASCII
    characters); `source` says where it came from (`api_key`, `$VENICE_API_KEY`)."""
    if not key:
        return key
    problem = _problem(key, inner_spaces=False)
    if problem:
        raise InvalidArgumentError(
            f"the API key ({source}) {problem}; check for a stray newline or space from "
            "copying it (the key is not shown)"
        )
    return key


def checked_header(name: str, value: str, where: str = "header") -> str:
    """`value`, unless `name: value` is not a header httpx can send as it is."""
    if not _TOKEN.fullmatch(name):
        raise InvalidArgumentError(f"{where} name {name!r} is not a valid HTTP header name")
    problem = _problem(value, inner_spaces=True)
    if problem:
        raise InvalidArgumentError(f"{where} {name!r} {problem} (the value is not shown)")
    return value


def checked_headers(headers: Mapping[str, str], where: str) -> Mapping[str, str]:
    """Every header of `headers`, checked by `checked_header`."""
    for name, value in headers.items():
        checked_header(name, value, where)
    return headers


def checked_base_url(url: str | httpx.URL, source: str = "base_url") -> httpx.URL:
    """The base URL, ending with `/`: an http(s) URL with a host and no credentials in it."""
    text = str(url)
    try:
        userinfo = "@" in urlsplit(text).netloc
    except ValueError:
        raise InvalidArgumentError(f"{source} is not a valid URL") from None
    if userinfo:
        raise InvalidArgumentError(
            f"{source} holds a user name or password (user:password@host), which would replace "
            "the API key and show in logs and errors; pass the key as api_key= instead (the "
            "URL is not shown)"
        )
    try:
        parsed = httpx.URL(text.rstrip("/") + "/")
    except httpx.InvalidURL as exc:
        raise InvalidArgumentError(f"{source} is not a valid URL: {exc}") from exc
    if parsed.scheme not in ("http", "https") or not parsed.host:
        raise InvalidArgumentError(
            f"{source} must be an http:// or https:// URL with a host, not {text!r}"
        )
    return parsed


def checked_max_retries(value: object) -> int:
    """`value`, a whole number of retries (0 or more)."""
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise InvalidArgumentError(f"max_retries must be a whole number >= 0, not {value!r}")
    return value


def checked_path_value(name: str, value: str) -> str:
    """`value` for the path parameter `name`, unless it would change which endpoint the
    request reaches: empty (the listing instead of one item), `.` or `..` (URLs resolve
    them, so `retrieve("..")` would request the path above)."""
    if value in _UNSAFE_SEGMENTS:
        shown = "empty" if not value else f"{value!r}"
        raise InvalidArgumentError(
            f"path parameter {name!r} must not be {shown}: the request would reach another endpoint"
        )
    return value


def _problem(value: str, *, inner_spaces: bool) -> str | None:
    """What makes `value` unfit for a header (None when nothing does): the first character
    that httpx or the server would reject, and where it is."""
    last = len(value) - 1
    for i, char in enumerate(value):
        edge = i in (0, last)
        if char.isascii() and char.isprintable() and (char != " " or (inner_spaces and not edge)):
            continue
        where = "at the end" if i == last else "at the start" if i == 0 else f"at position {i}"
        return f"holds {_describe(char)} {where}"
    return None


def _describe(char: str) -> str:
    if char in "\r\n":
        return "a line break"
    if char in " \t":
        return "whitespace"
    if not char.isascii():
        return "a non-ASCII character"
    return "a control character"
