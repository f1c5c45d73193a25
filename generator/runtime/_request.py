"""One call's request options, and the `httpx.Request` they make with a client's settings.

Nothing here does I/O: `build_request` only asks the HTTP client to assemble the request
(its cookies, its event hooks stay the caller's), and is run again for every retry. What
cannot be sent (a path parameter of `..`, a header value with a line break, a body value
JSON cannot hold) raises `InvalidArgumentError` before anything is sent.
"""

from __future__ import annotations

import json
import platform
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal, cast
from urllib.parse import quote

import httpx
import pydantic

from ._checks import checked_header, checked_path_value
from ._constants import PACKAGE
from ._exceptions import InvalidArgumentError
from ._files import is_file, to_httpx_file
from ._settings import ClientSettings
from ._types import NOT_GIVEN, Body, Headers, NotGiven, Query, Timeout
from ._version import __version__

__all__ = ["BodyEncoding", "RequestOptions", "build_request", "format_path"]

BodyEncoding = Literal["json", "multipart", "auto"]
"""How a mapping body is sent: JSON, multipart form, or multipart only when it holds a file."""

# Characters a cookie value may hold as they are (RFC 6265 cookie-octet, less `%`).
_COOKIE_SAFE = "!#$&'()*+-./:<=>?@[]^_`{|}~"


@dataclass(frozen=True, slots=True, kw_only=True)
class RequestOptions:
    """What one call asks to send, before the client's settings are added.

    `query`, `headers`, `cookies` and a mapping `body` hold the operation's parameters
    (`NOT_GIVEN` values are left out); the `extra_*` options add to or override them, and a
    `NOT_GIVEN` extra header removes a header the client would send. `accept` is the
    `Accept` header (default JSON; `text/event-stream` when `stream` is set).
    """

    method: str
    path: str
    query: Mapping[str, object] | None = None
    headers: Mapping[str, object] | None = None
    cookies: Mapping[str, object] | None = None
    body: object = None
    encoding: BodyEncoding = "json"
    extra_headers: Headers | None = None
    extra_query: Query | None = None
    extra_body: Body | None = None
    timeout: Timeout | NotGiven = NOT_GIVEN
    stream: bool = False
    accept: str | None = None


def build_request(
    http: httpx.Client | httpx.AsyncClient, settings: ClientSettings[Any], options: RequestOptions
) -> httpx.Request:
    """The request `options` make under `settings` (auth, default headers and query, base
    URL, timeout), assembled by `http`."""
    params = {
        k: (_scalar(v) if isinstance(v, bool) else v)
        for k, v in {
            **settings.default_query,
            **_given(options.query),
            **(options.extra_query or {}),
        }.items()
        if v is not None
    }
    try:
        url = settings.base_url.join(options.path.lstrip("/"))
    except httpx.InvalidURL as exc:
        raise InvalidArgumentError(f"the path {options.path!r} is not a valid URL path") from exc
    headers = _headers(settings, options)
    try:
        return http.build_request(
            options.method.upper(),
            url,
            # httpx replaces a URL's own query with `params`: keep it (a signed URL's).
            params=url.params.merge(cast(Any, params)),
            headers=headers,
            timeout=settings.timeout if isinstance(options.timeout, NotGiven) else options.timeout,
            **_encode_body(options.body, options.encoding, options.extra_body),
        )
    except (TypeError, ValueError) as exc:  # a body value JSON cannot hold (a set, NaN), ...
        raise InvalidArgumentError(
            f"the request cannot be built from the arguments: {exc}"
        ) from exc


def format_path(template: str, values: Mapping[str, object]) -> str:
    """Fill `{name}` placeholders with URL-quoted values; an empty value, `.` or `..` is
    refused (`InvalidArgumentError`, a `ValueError`): it would reach another endpoint."""
    path = template
    for name, value in values.items():
        text = checked_path_value(name, _scalar(value))
        path = path.replace("{" + name + "}", quote(text, safe=""))
    return path


def _headers(settings: ClientSettings[Any], options: RequestOptions) -> dict[str, str]:
    merged = {
        "Accept": "application/json",
        "User-Agent": f"{PACKAGE}/{__version__} python/{platform.python_version()}",
        **({"Authorization": f"Bearer {settings.api_key}"} if settings.api_key else {}),
        **settings.default_headers,
    }
    if options.stream:
        merged["Accept"] = "text/event-stream"
    elif options.accept is not None:
        merged["Accept"] = options.accept
    for name, value in {**_given(options.headers), **(options.extra_headers or {})}.items():
        if isinstance(value, NotGiven):
            merged.pop(name, None)
        elif value is not None:
            merged[name] = checked_header(name, _scalar(value))
    cookie = _cookie_header(_given(options.cookies))
    if cookie:
        merged["Cookie"] = "; ".join(c for c in (merged.get("Cookie"), cookie) if c)
    return merged


def _scalar(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _cookie_header(cookies: Mapping[str, object]) -> str:
    """`name=value; ...` for the cookie parameters that have a value, percent-encoded."""
    return "; ".join(
        f"{name}={quote(_scalar(value), safe=_COOKIE_SAFE)}"
        for name, value in cookies.items()
        if value is not None
    )


def _given(values: Mapping[str, Any] | None) -> dict[str, Any]:
    return {k: v for k, v in (values or {}).items() if not isinstance(v, NotGiven)}


def _encode_body(body: object, encoding: BodyEncoding, extra_body: Body | None) -> dict[str, Any]:
    if isinstance(body, NotGiven):
        body = None
    if body is None and not extra_body:
        return {}
    if isinstance(body, Mapping):
        fields: dict[str, object] = {
            **_given(cast(Mapping[str, object], body)),
            **(extra_body or {}),
        }
        if encoding == "multipart" or (encoding == "auto" and _has_file(fields)):
            return _multipart(fields)
        return {"json": _wire(fields)}
    data: object = body if body is not None else dict(extra_body or {})
    if is_file(data):
        return {"content": to_httpx_file(cast(Any, data))[1]}
    return {"json": _wire(data)}


def _wire(value: object) -> object:
    """Request data as JSON takes it: a model (a response object sent back, such as a chat
    message the API returned) becomes its data under the API's field names, at any depth."""
    if isinstance(value, pydantic.BaseModel):
        return value.model_dump(mode="json", by_alias=True, exclude_unset=True, warnings=False)
    if isinstance(value, dict):
        return {k: _wire(v) for k, v in cast(dict[str, object], value).items()}
    if isinstance(value, list | tuple):
        return [_wire(v) for v in cast(Sequence[object], value)]
    return value


def _has_file(fields: Mapping[str, object]) -> bool:
    for value in fields.values():
        if is_file(value):
            return True
        if isinstance(value, list | tuple):
            items = cast(Sequence[object], value)
            if items and all(is_file(item) for item in items):
                return True
    return False


def _multipart(data: Mapping[str, object]) -> dict[str, Any]:
    # Plain fields go in as parts without a filename, so that the body is multipart
    # even when no file is given (httpx would otherwise send a url-encoded form).
    parts: list[tuple[str, Any]] = []
    for key, value in data.items():
        if is_file(value):
            parts.append((key, to_httpx_file(cast(Any, value))))
        elif isinstance(value, list | tuple):
            items = cast(Sequence[object], value)
            parts.extend(
                (key, to_httpx_file(cast(Any, v)) if is_file(v) else (None, _form_value(v)))
                for v in items
            )
        elif value is not None:
            parts.append((key, (None, _form_value(value))))
    return {"files": parts}


def _form_value(value: object) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, bool | int | float):
        return _scalar(value)
    return json.dumps(_wire(value))
