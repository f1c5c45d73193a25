"""The HTTP machinery under both clients.

`BaseClient` does everything that needs no I/O: settings, building requests, encoding
bodies, deciding retries (see `_retry.send_plan`) and turning responses into models.
`SyncAPIClient` and `AsyncAPIClient` only send, sleep, read and close.
"""

from __future__ import annotations

import json
import os
import platform
import time
import types
from collections.abc import Generator, Mapping, Sequence
from typing import Any, Literal, TypeVar, Union, cast, get_args, get_origin
from urllib.parse import quote

import anyio
import httpx

from ._constants import (
    DEFAULT_BASE_URL,
    DEFAULT_TIMEOUT,
    ENV_API_KEY,
    ENV_BASE_URL,
    HTTPX_DEFAULT_TIMEOUT,
    PACKAGE,
)
from ._exceptions import APIResponseError
from ._files import is_file, to_httpx_file
from ._logs import log, log_request, log_response, setup_logging
from ._models import parse
from ._raw import RawResponse, raw_mode
from ._response import AsyncBinaryResponse, BinaryResponse
from ._retry import RetryPolicy, send_plan
from ._streaming import AsyncStream, Stream
from ._types import NOT_GIVEN, Body, Headers, NotGiven, Query, Timeout
from ._version import __version__

__all__ = ["AsyncAPIClient", "BaseClient", "BodyEncoding", "SyncAPIClient", "format_path"]

T = TypeVar("T")
ANY_JSON: Any = object
"""Default `cast_to` of the generic calls: the parsed JSON, as is."""
BodyEncoding = Literal["json", "multipart", "auto"]
BodyKind = Literal["stream", "binary", "parsed"]
SendPlan = Generator[httpx.Request | float, httpx.Response | Exception | None, httpx.Response]

_HTTPX_SETTINGS = (
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
)


# Characters a cookie value may hold as they are (RFC 6265 cookie-octet, less `%`).
_COOKIE_SAFE = "!#$&'()*+-./:<=>?@[]^_`{|}~"


def format_path(template: str, values: Mapping[str, object]) -> str:
    """Fill `{name}` placeholders with URL-quoted values."""
    path = template
    for name, value in values.items():
        path = path.replace("{" + name + "}", quote(_scalar(value), safe=""))
    return path


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


def _client_timeout(
    timeout: Timeout | NotGiven, http_client: httpx.Client | httpx.AsyncClient | None
) -> Timeout:
    """`timeout` if given, else that of the caller's `http_client` if it set one, else ours."""
    if not isinstance(timeout, NotGiven):
        return timeout
    if http_client is not None and http_client.timeout != HTTPX_DEFAULT_TIMEOUT:
        return http_client.timeout
    return DEFAULT_TIMEOUT


def _given(values: Mapping[str, Any] | None) -> dict[str, Any]:
    return {k: v for k, v in (values or {}).items() if not isinstance(v, NotGiven)}


def _has_file(fields: Mapping[str, object]) -> bool:
    for value in fields.values():
        if is_file(value):
            return True
        if isinstance(value, list | tuple):
            items = cast(Sequence[object], value)
            if items and all(is_file(item) for item in items):
                return True
    return False


def _form_value(value: object) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, bool | int | float):
        return _scalar(value)
    return json.dumps(value)


class BaseClient:
    """Settings and all the logic that does no I/O."""

    def __init__(
        self,
        *,
        api_key: str | None,
        base_url: str | httpx.URL | None,
        timeout: Timeout | NotGiven,
        max_retries: int,
        default_headers: Mapping[str, str] | None,
        default_query: Mapping[str, object] | None,
        strict_responses: bool,
        http_client: httpx.Client | httpx.AsyncClient | None,
    ) -> None:
        setup_logging()
        self.api_key = api_key if api_key is not None else os.environ.get(ENV_API_KEY)
        url = base_url if base_url is not None else os.environ.get(ENV_BASE_URL) or DEFAULT_BASE_URL
        self.base_url = httpx.URL(str(url).rstrip("/") + "/")
        self.timeout: Timeout = _client_timeout(timeout, http_client)
        self.max_retries = max_retries
        self.default_headers = dict(default_headers or {})
        self.default_query = dict(default_query or {})
        self.strict_responses = strict_responses

    def __repr__(self) -> str:
        key = "set" if self.api_key else "not set"
        return f"<{type(self).__name__} base_url={str(self.base_url)!r} api_key={key}>"

    # ------------------------------------------------------------ requests

    def _auth_headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.api_key}"} if self.api_key else {}

    def _default_request_headers(self) -> dict[str, str]:
        return {
            "Accept": "application/json",
            "User-Agent": f"{PACKAGE}/{__version__} python/{platform.python_version()}",
            **self._auth_headers(),
            **self.default_headers,
        }

    def _plan(
        self,
        http: httpx.Client | httpx.AsyncClient,
        method: str,
        path: str,
        **request: Any,
    ) -> SendPlan:
        """The retry loop for one call (see `send_plan`); each attempt builds a new request."""

        def build(retries: int) -> httpx.Request:
            return self._build_request(http, method, path, **request)

        return send_plan(build, self._retry_policy())

    def _build_request(
        self,
        http: httpx.Client | httpx.AsyncClient,
        method: str,
        path: str,
        *,
        query: Mapping[str, object] | None,
        headers: Mapping[str, object] | None,
        cookies: Mapping[str, object] | None,
        body: object,
        encoding: BodyEncoding,
        extra_headers: Headers | None,
        extra_query: Query | None,
        extra_body: Body | None,
        timeout: Timeout | NotGiven,
        stream: bool,
        accept: str | None,
    ) -> httpx.Request:
        merged_headers: dict[str, str] = self._default_request_headers()
        if stream:
            merged_headers["Accept"] = "text/event-stream"
        elif accept is not None:
            merged_headers["Accept"] = accept
        for name, value in {**_given(headers), **(extra_headers or {})}.items():
            if isinstance(value, NotGiven):
                merged_headers.pop(name, None)
            elif value is not None:
                merged_headers[name] = _scalar(value)
        cookie = _cookie_header(_given(cookies))
        if cookie:
            merged_headers["Cookie"] = "; ".join(
                c for c in (merged_headers.get("Cookie"), cookie) if c
            )
        params = {
            k: (_scalar(v) if isinstance(v, bool) else v)
            for k, v in {**self.default_query, **_given(query), **(extra_query or {})}.items()
            if v is not None
        }
        content = self._encode_body(body, encoding, extra_body)
        url = self.base_url.join(path.lstrip("/"))
        return http.build_request(
            method.upper(),
            url,
            params=cast(Any, params),
            headers=merged_headers,
            timeout=self.timeout if isinstance(timeout, NotGiven) else timeout,
            **content,
        )

    def _encode_body(
        self,
        body: object,
        encoding: BodyEncoding,
        extra_body: Body | None,
    ) -> dict[str, Any]:
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
                return self._multipart(fields)
            return {"json": fields}
        data: object = body if body is not None else dict(extra_body or {})
        if is_file(data):
            return {"content": to_httpx_file(cast(Any, data))[1]}
        return {"json": data}

    @staticmethod
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

    # ------------------------------------------------------------ responses

    def _retry_policy(self) -> RetryPolicy:
        return RetryPolicy(max_retries=self.max_retries)

    @staticmethod
    def _body_kind(cast_to: Any, response: httpx.Response, *, stream: bool) -> BodyKind:
        """How to hand back a successful response: as a stream, as a file, or parsed."""
        if stream:
            return "stream"
        targets = (BinaryResponse, AsyncBinaryResponse)
        if cast_to in targets:
            return "binary"
        if any(m in targets for m in get_args(cast_to)):
            if "json" not in response.headers.get("content-type", ""):
                return "binary"
        return "parsed"

    def _deliver(
        self,
        kind: BodyKind,
        *,
        cast_to: Any,
        response: httpx.Response,
        stream_cls: Any,
        stream_type: type[Stream[Any]] | type[AsyncStream[Any]],
        binary_type: type[BinaryResponse] | type[AsyncBinaryResponse],
    ) -> object:
        """The call's result, or under `with_raw_response` the response that makes it."""

        def make() -> object:
            if kind == "stream":
                item_type = get_args(stream_cls)[0] if get_args(stream_cls) else object
                return stream_type(
                    response=response, item_type=item_type, strict=self.strict_responses
                )
            if kind == "binary":
                return binary_type(response)
            return self._parse_body(cast_to, response)

        return RawResponse(response, make) if raw_mode() else make()

    @staticmethod
    def _json_type(cast_to: Any) -> Any:
        """`cast_to` without the binary response classes it may list."""
        if get_origin(cast_to) not in (Union, types.UnionType):
            return cast_to
        members: tuple[Any, ...] = get_args(cast_to)
        kept = [m for m in members if m not in (BinaryResponse, AsyncBinaryResponse)]
        return Union[tuple(kept)] if len(kept) > 1 else kept[0]  # noqa: UP007 - built at runtime

    def _parse_body(self, cast_to: Any, response: httpx.Response) -> Any:
        """Turn a fully read successful response into `cast_to`."""
        if cast_to is type(None):
            return None
        if not response.content.strip():
            return None
        try:
            data = response.json()
        except ValueError as exc:
            raise APIResponseError(
                f"expected a JSON body but got {response.headers.get('content-type', 'no type')!r}",
                response=response,
            ) from exc
        return parse(self._json_type(cast_to), data, strict=self.strict_responses)

    @staticmethod
    def _httpx_settings(settings: Mapping[str, object]) -> dict[str, Any]:
        unknown = set(settings) - set(_HTTPX_SETTINGS)
        if unknown:
            raise TypeError(f"unexpected httpx settings: {', '.join(sorted(unknown))}")
        return {k: v for k, v in settings.items() if not isinstance(v, NotGiven)}


class SyncAPIClient(BaseClient):
    """Sends requests with an `httpx.Client` (the caller's, or one it owns)."""

    def __init__(
        self,
        *,
        api_key: str | None,
        base_url: str | httpx.URL | None,
        timeout: Timeout | NotGiven,
        max_retries: int,
        default_headers: Mapping[str, str] | None,
        default_query: Mapping[str, object] | None,
        strict_responses: bool,
        http_client: httpx.Client | None,
        httpx_settings: Mapping[str, object],
    ) -> None:
        super().__init__(
            api_key=api_key,
            base_url=base_url,
            timeout=timeout,
            max_retries=max_retries,
            default_headers=default_headers,
            default_query=default_query,
            strict_responses=strict_responses,
            http_client=http_client,
        )
        settings = self._httpx_settings(httpx_settings)
        if http_client is not None and settings:
            raise TypeError("pass either http_client or httpx settings, not both")
        self._owns_http_client = http_client is None
        self._http = http_client if http_client is not None else httpx.Client(**settings)

    def request(
        self,
        method: str,
        path: str,
        *,
        cast_to: type[T],
        query: Mapping[str, object] | None = None,
        headers: Mapping[str, object] | None = None,
        cookies: Mapping[str, object] | None = None,
        body: object = None,
        encoding: BodyEncoding = "json",
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        extra_body: Body | None = None,
        timeout: Timeout | NotGiven = NOT_GIVEN,
        stream: bool = False,
        stream_cls: Any = None,
        accept: str | None = None,
    ) -> T:
        """Send a request (with retries) and parse the response as `cast_to`.

        With `stream=True` the response is returned unread as `stream_cls`, a
        `Stream[Item]` (or `AsyncStream[Item]`) that parses events as they arrive.
        `accept` is the `Accept` header (default JSON; `text/event-stream` for streams).
        """

        plan = self._plan(
            self._http,
            method,
            path,
            query=query,
            headers=headers,
            cookies=cookies,
            body=body,
            encoding=encoding,
            extra_headers=extra_headers,
            extra_query=extra_query,
            extra_body=extra_body,
            timeout=timeout,
            stream=stream,
            accept=accept,
        )
        response = self._send(plan)
        kind = self._body_kind(cast_to, response, stream=stream and stream_cls is not None)
        if kind == "parsed":
            try:
                response.read()
            finally:
                response.close()
        return cast(
            T,
            self._deliver(
                kind,
                cast_to=cast_to,
                response=response,
                stream_cls=stream_cls,
                stream_type=Stream,
                binary_type=BinaryResponse,
            ),
        )

    def _send(self, plan: SendPlan) -> httpx.Response:
        step = next(plan)
        while True:
            try:
                if not isinstance(step, httpx.Request):
                    log.info("retrying in %.2f seconds", step)
                    time.sleep(step)
                    step = plan.send(None)
                    continue
                log_request(step)
                try:
                    response = self._http.send(step, stream=True)
                except httpx.TransportError as exc:
                    step = plan.send(exc)
                    continue
                log_response(response)
                if response.status_code >= 400:
                    try:
                        response.read()
                    finally:
                        response.close()
                step = plan.send(response)
            except StopIteration as done:
                return cast(httpx.Response, done.value)

    # ------------------------------------------------------------ generic calls

    def get(self, path: str, *, cast_to: type[T] = ANY_JSON, **kwargs: Any) -> T:
        """`GET path` with the client's auth, retries and timeouts."""
        return self.request("get", path, cast_to=cast_to, **kwargs)

    def post(self, path: str, *, cast_to: type[T] = ANY_JSON, **kwargs: Any) -> T:
        """`POST path` with the client's auth, retries and timeouts."""
        return self.request("post", path, cast_to=cast_to, **kwargs)

    def delete(self, path: str, *, cast_to: type[T] = ANY_JSON, **kwargs: Any) -> T:
        """`DELETE path` with the client's auth, retries and timeouts."""
        return self.request("delete", path, cast_to=cast_to, **kwargs)

    # ------------------------------------------------------------ lifecycle

    @property
    def is_closed(self) -> bool:
        """Whether the underlying HTTP client is closed."""
        return self._http.is_closed

    def close(self) -> None:
        """Close the HTTP client if this client created it (a caller's client stays open)."""
        if self._owns_http_client:
            self._http.close()


class AsyncAPIClient(BaseClient):
    """Sends requests with an `httpx.AsyncClient` (the caller's, or one it owns)."""

    def __init__(
        self,
        *,
        api_key: str | None,
        base_url: str | httpx.URL | None,
        timeout: Timeout | NotGiven,
        max_retries: int,
        default_headers: Mapping[str, str] | None,
        default_query: Mapping[str, object] | None,
        strict_responses: bool,
        http_client: httpx.AsyncClient | None,
        httpx_settings: Mapping[str, object],
    ) -> None:
        super().__init__(
            api_key=api_key,
            base_url=base_url,
            timeout=timeout,
            max_retries=max_retries,
            default_headers=default_headers,
            default_query=default_query,
            strict_responses=strict_responses,
            http_client=http_client,
        )
        settings = self._httpx_settings(httpx_settings)
        if http_client is not None and settings:
            raise TypeError("pass either http_client or httpx settings, not both")
        self._owns_http_client = http_client is None
        self._http = http_client if http_client is not None else httpx.AsyncClient(**settings)

    async def request(
        self,
        method: str,
        path: str,
        *,
        cast_to: type[T],
        query: Mapping[str, object] | None = None,
        headers: Mapping[str, object] | None = None,
        cookies: Mapping[str, object] | None = None,
        body: object = None,
        encoding: BodyEncoding = "json",
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        extra_body: Body | None = None,
        timeout: Timeout | NotGiven = NOT_GIVEN,
        stream: bool = False,
        stream_cls: Any = None,
        accept: str | None = None,
    ) -> T:
        """Send a request (with retries) and parse the response as `cast_to`.

        With `stream=True` the response is returned unread as `stream_cls`, a
        `Stream[Item]` (or `AsyncStream[Item]`) that parses events as they arrive.
        `accept` is the `Accept` header (default JSON; `text/event-stream` for streams).
        """

        plan = self._plan(
            self._http,
            method,
            path,
            query=query,
            headers=headers,
            cookies=cookies,
            body=body,
            encoding=encoding,
            extra_headers=extra_headers,
            extra_query=extra_query,
            extra_body=extra_body,
            timeout=timeout,
            stream=stream,
            accept=accept,
        )
        response = await self._send(plan)
        kind = self._body_kind(cast_to, response, stream=stream and stream_cls is not None)
        if kind == "parsed":
            try:
                await response.aread()
            finally:
                await response.aclose()
        return cast(
            T,
            self._deliver(
                kind,
                cast_to=cast_to,
                response=response,
                stream_cls=stream_cls,
                stream_type=AsyncStream,
                binary_type=AsyncBinaryResponse,
            ),
        )

    async def _send(self, plan: SendPlan) -> httpx.Response:
        step = next(plan)
        while True:
            try:
                if not isinstance(step, httpx.Request):
                    log.info("retrying in %.2f seconds", step)
                    await anyio.sleep(step)
                    step = plan.send(None)
                    continue
                log_request(step)
                try:
                    response = await self._http.send(step, stream=True)
                except httpx.TransportError as exc:
                    step = plan.send(exc)
                    continue
                log_response(response)
                if response.status_code >= 400:
                    try:
                        await response.aread()
                    finally:
                        await response.aclose()
                step = plan.send(response)
            except StopIteration as done:
                return cast(httpx.Response, done.value)

    # ------------------------------------------------------------ generic calls

    async def get(self, path: str, *, cast_to: type[T] = ANY_JSON, **kwargs: Any) -> T:
        """`GET path` with the client's auth, retries and timeouts."""
        return await self.request("get", path, cast_to=cast_to, **kwargs)

    async def post(self, path: str, *, cast_to: type[T] = ANY_JSON, **kwargs: Any) -> T:
        """`POST path` with the client's auth, retries and timeouts."""
        return await self.request("post", path, cast_to=cast_to, **kwargs)

    async def delete(self, path: str, *, cast_to: type[T] = ANY_JSON, **kwargs: Any) -> T:
        """`DELETE path` with the client's auth, retries and timeouts."""
        return await self.request("delete", path, cast_to=cast_to, **kwargs)

    # ------------------------------------------------------------ lifecycle

    @property
    def is_closed(self) -> bool:
        """Whether the underlying HTTP client is closed."""
        return self._http.is_closed

    async def aclose(self) -> None:
        """Close the HTTP client if this client created it (a caller's client stays open)."""
        if self._owns_http_client:
            await self._http.aclose()

    async def close(self) -> None:
        """Same as `aclose()`."""
        await self.aclose()
