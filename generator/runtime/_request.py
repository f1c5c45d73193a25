"""One call's request options, and the `httpx.Request` they make with a client's settings.

Nothing here does I/O: `build_request` only asks the HTTP client to assemble the request
(its cookies, its event hooks stay the caller's), and is run again for every retry. What
cannot be sent (a path parameter of `..`, a header value with a line break, a body value
JSON cannot hold) raises `InvalidArgumentError` before anything is sent.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal, cast
from urllib.parse import quote

import httpx
import pydantic

from ._checks import checked_header, checked_path_value
from ._exceptions import InvalidArgumentError
from ._files import is_file, to_httpx_file
from ._prepared import RequestDefaults, query_value, timeout_extension
from ._settings import ClientSettings
from ._types import NOT_GIVEN, Body, Headers, NotGiven, Query, Timeout

__all__ = ["BodyEncoding", "RequestOptions", "build_request", "format_path", "request_url"]

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
    defaults = settings.request_defaults
    try:
        url = request_url(
            defaults.base, settings.base_url, options.path, _params(defaults, options)
        )
        return http.build_request(
            options.method.upper(),
            url,
            # httpx replaces a URL's query with its client's `params` merged with these.
            params=url.params if http.params else None,
            headers=_headers(defaults, options),
            **_timeout(settings, options.timeout),
            **_encode_body(options.body, options.encoding, options.extra_body),
        )
    except httpx.InvalidURL as exc:
        raise InvalidArgumentError(f"the path {options.path!r} is not a valid URL path") from exc
    except (TypeError, ValueError) as exc:  # a body value JSON cannot hold (a set, NaN), ...
        raise InvalidArgumentError(
            f"the request cannot be built from the arguments: {exc}"
        ) from exc


def request_url(
    base: str, base_url: httpx.URL, path: str, params: Mapping[str, object]
) -> httpx.URL:
    """The URL of `path` below the base URL (`base` is its text, see `RequestDefaults`),
    with `params` merged over the path's own query; an absolute URL (a signed download
    link) is taken as it is.

    A plain path is appended to the base URL's text and parsed once (and, without
    `params`, only the first time); one that may hold a query, a fragment or a scheme is
    joined to the base URL as `httpx.URL.join` does (both give the same URL for a plain
    path, dot segments resolved alike)."""
    if not base or "?" in path or "#" in path or ":" in path:
        url = base_url.join(path.lstrip("/"))
        return url.copy_merge_params(cast(Any, params)) if params else url
    text = base + path.lstrip("/")
    return httpx.URL(text, params=params) if params else _parsed_url(text)


@functools.lru_cache(maxsize=1024)
def _parsed_url(text: str) -> httpx.URL:
    """`httpx.URL(text)`, parsed once for the URLs called again and again (an `httpx.URL`
    cannot be changed, and a request copies what it keeps of it)."""
    return httpx.URL(text)


def format_path(template: str, values: Mapping[str, object]) -> str:
    """Fill `{name}` placeholders with URL-quoted values; an empty value, `.` or `..` is
    refused (`InvalidArgumentError`, a `ValueError`): it would reach another endpoint."""
    path = template
    for name, value in values.items():
        text = checked_path_value(name, _scalar(value))
        path = path.replace("{" + name + "}", quote(text, safe=""))
    return path


def _timeout(settings: ClientSettings[Any], timeout: Timeout | NotGiven) -> dict[str, Any]:
    """The timeout, as the `timeout` extension httpx would make of it (so that it is not
    made again for every request); one httpx cannot take is handed to it to say why."""
    if isinstance(timeout, NotGiven):
        extension = settings.request_defaults.timeout
        timeout = settings.timeout
    else:
        extension = timeout_extension(timeout)
    if extension is None:
        return {"timeout": timeout}
    return {"extensions": {"timeout": dict(extension)}}


def _params(defaults: RequestDefaults, options: RequestOptions) -> Mapping[str, object]:
    """The query: the client's defaults, the call's parameters, then `extra_query`; a None
    value leaves the parameter out."""
    given = _given(options.query) if options.query else None
    extra = options.extra_query
    if not given and not extra:
        return defaults.query
    merged = {**defaults.query, **(given or {}), **(extra or {})}
    return {k: query_value(v) for k, v in merged.items() if v is not None}


def _headers(defaults: RequestDefaults, options: RequestOptions) -> Mapping[str, str]:
    """The client's headers, with the call's: `Accept`, header parameters and cookies,
    then `extra_headers` (a `NOT_GIVEN` one removes the header)."""
    given = _given(options.headers) if options.headers else None
    cookie = _cookie_header(_given(options.cookies)) if options.cookies else ""
    extra = options.extra_headers
    if not (given or extra or cookie or options.stream or options.accept is not None):
        return defaults.sent_headers
    merged = dict(defaults.headers)
    if options.stream:
        merged["Accept"] = "text/event-stream"
    elif options.accept is not None:
        merged["Accept"] = options.accept
    for name, value in {**(given or {}), **(extra or {})}.items():
        if isinstance(value, NotGiven):
            merged.pop(name, None)
        elif value is not None:
            merged[name] = checked_header(name, _scalar(value))
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
    # NOT_GIVEN is the only NotGiven (a singleton, even unpickled).
    return {k: v for k, v in (values or {}).items() if v is not NOT_GIVEN}


def _encode_body(body: object, encoding: BodyEncoding, extra_body: Body | None) -> dict[str, Any]:
    if body is NOT_GIVEN:
        body = None
    if body is None and not extra_body:
        return {}
    if isinstance(body, Mapping):
        fields = _given(cast("Mapping[str, object]", body))
        if extra_body:
            fields.update(extra_body)
        if encoding == "multipart" or (encoding == "auto" and _has_file(fields)):
            return _multipart(fields)
        return {"json": {k: v if type(v) in _JSON_SCALARS else _wire(v) for k, v in fields.items()}}
    data: object = body if body is not None else dict(extra_body or {})
    if is_file(data):
        return {"content": to_httpx_file(cast(Any, data))[1]}
    return {"json": _wire(data)}


_JSON_SCALARS = frozenset({str, int, float, bool, type(None)})
"""Types JSON takes as they are (their subclasses, such as enums, go through `_wire`)."""


def _wire(value: object) -> object:
    """Request data as JSON takes it: a model (a response object sent back, such as a chat
    message the API returned) becomes its data under the API's field names, at any depth."""
    if type(value) in _JSON_SCALARS:
        return value
    if isinstance(value, pydantic.BaseModel):
        return value.model_dump(mode="json", by_alias=True, exclude_unset=True, warnings=False)
    if isinstance(value, dict):
        items = cast("dict[str, object]", value).items()
        return {k: v if type(v) in _JSON_SCALARS else _wire(v) for k, v in items}
    if isinstance(value, list | tuple):
        values = cast("Sequence[object]", value)
        return [v if type(v) in _JSON_SCALARS else _wire(v) for v in values]
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
