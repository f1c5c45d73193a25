"""The HTTP machinery under both clients.

`BaseClient` does everything that needs no I/O. It holds the settings (`ClientSettings`)
and runs each call as one generator, `_call`: build the request (`build_request`), send
and read it with retries and redirects (`send_plan`), and turn the response into the
result (`_decode`), yielding each send, sleep and body read it needs. `SyncAPIClient` and
`AsyncAPIClient` only perform those steps, and close the HTTP client they own.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any, ClassVar, Generic, TypeVar, cast

import anyio
import httpx
from typing_extensions import Self

from ._checks import checked_headers, checked_max_retries
from ._decode import body_kind, result
from ._logs import setup_logging
from ._request import BodyEncoding, RequestOptions, build_request, format_path
from ._response import AsyncBinaryResponse, BinaryResponse
from ._retry import Flow, Outcome, Read, RetryPolicy, Sleep, Step, send_plan
from ._settings import (
    DEFAULT_MAX_RETRIES,
    ClientSettings,
    HttpT,
    api_key_or_env,
    base_url_or_env,
    checked_httpx_settings,
    client_timeout,
)
from ._streaming import AsyncStream, Stream
from ._types import NOT_GIVEN, Body, Headers, NotGiven, Query, Timeout

__all__ = ["AsyncAPIClient", "BaseClient", "BodyEncoding", "SyncAPIClient", "format_path"]

T = TypeVar("T")
ANY_JSON: Any = object
"""Default `cast_to` of the generic calls: the parsed JSON, as is."""


class BaseClient(Generic[HttpT]):
    """Settings and all the logic that does no I/O."""

    _stream_type: ClassVar[type[Stream[Any]] | type[AsyncStream[Any]]]
    _binary_type: ClassVar[type[BinaryResponse] | type[AsyncBinaryResponse]]

    def __init__(
        self,
        *,
        api_key: str | None = None,
        base_url: str | httpx.URL | None = None,
        timeout: Timeout | NotGiven = NOT_GIVEN,
        max_retries: int = DEFAULT_MAX_RETRIES,
        default_headers: Mapping[str, str] | None = None,
        default_query: Mapping[str, object] | None = None,
        strict_responses: bool = False,
        http_client: HttpT | None = None,
        **httpx_settings: Any,
    ) -> None:
        setup_logging()
        settings = ClientSettings(
            api_key=api_key_or_env(api_key),
            base_url=base_url_or_env(base_url),
            timeout=client_timeout(timeout, http_client),
            max_retries=checked_max_retries(max_retries),
            default_headers=MappingProxyType(
                dict(checked_headers(default_headers or {}, "default header"))
            ),
            default_query=MappingProxyType(dict(default_query or {})),
            strict_responses=strict_responses,
            http_client=http_client,
            httpx_settings=checked_httpx_settings(httpx_settings, http_client),
        )
        self._use(settings)

    def _use(self, settings: ClientSettings[HttpT]) -> None:
        self._settings: ClientSettings[HttpT] = settings
        self._owns_http_client = settings.http_client is None
        self._http: HttpT = (
            settings.http_client
            if settings.http_client is not None
            else self._new_http_client(settings.httpx_settings)
        )

    def _new_http_client(self, httpx_settings: Mapping[str, Any]) -> HttpT:
        raise NotImplementedError

    def with_options(
        self,
        *,
        api_key: str | None = None,
        base_url: str | httpx.URL | None = None,
        timeout: Timeout | NotGiven = NOT_GIVEN,
        max_retries: int | None = None,
        default_headers: Mapping[str, str] | None = None,
    ) -> Self:
        """A copy of this client with some settings changed; it shares the HTTP client."""
        copy = type(self).__new__(type(self))
        copy._use(
            self._settings.updated(
                api_key=api_key,
                base_url=base_url,
                timeout=timeout,
                max_retries=max_retries,
                default_headers=default_headers,
                http_client=self._http,
            )
        )
        return copy

    @property
    def api_key(self) -> str | None:
        """The bearer token sent with every request, if any."""
        return self._settings.api_key

    @property
    def base_url(self) -> httpx.URL:
        """The URL every path is joined to (it ends with `/`)."""
        return self._settings.base_url

    @property
    def timeout(self) -> Timeout:
        """The timeout of every request that does not set its own."""
        return self._settings.timeout

    @property
    def max_retries(self) -> int:
        """How many times a failed request is retried."""
        return self._settings.max_retries

    @property
    def default_headers(self) -> Mapping[str, str]:
        """Headers sent with every request."""
        return self._settings.default_headers

    @property
    def default_query(self) -> Mapping[str, object]:
        """Query parameters sent with every request."""
        return self._settings.default_query

    @property
    def strict_responses(self) -> bool:
        """Whether responses that do not match their type raise instead of being kept."""
        return self._settings.strict_responses

    @property
    def is_closed(self) -> bool:
        """Whether the underlying HTTP client is closed."""
        return self._http.is_closed

    def __repr__(self) -> str:
        key = "set" if self.api_key else "not set"
        return f"<{type(self).__name__} base_url={str(self.base_url)!r} api_key={key}>"

    def _call(self, options: RequestOptions, cast_to: Any, stream_cls: Any) -> Flow[object]:
        """One call from request to result, with its I/O left to the caller (see `Flow`).

        Every body but a stream's is read inside the retry loop, binary ones too: the
        connection goes back to the pool before the call returns."""
        streaming = options.stream and stream_cls is not None
        response = yield from send_plan(
            lambda: build_request(self._http, self._settings, options),
            RetryPolicy(
                max_retries=self.max_retries,
                follow_redirects=self._http.follow_redirects,
                max_redirects=self._http.max_redirects,
            ),
            read_body=not streaming,
        )
        return result(
            body_kind(cast_to, response, stream=streaming),
            cast_to=cast_to,
            response=response,
            stream_cls=stream_cls,
            strict=self.strict_responses,
            stream_type=self._stream_type,
            binary_type=self._binary_type,
        )


class SyncAPIClient(BaseClient[httpx.Client]):
    """Sends requests with an `httpx.Client` (the caller's, or one it owns)."""

    _stream_type = Stream
    _binary_type = BinaryResponse

    def _new_http_client(self, httpx_settings: Mapping[str, Any]) -> httpx.Client:
        return httpx.Client(**httpx_settings)

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
        options = RequestOptions(
            method=method,
            path=path,
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
        return cast(T, self._run(self._call(options, cast_to, stream_cls)))

    def _run(self, flow: Flow[object]) -> object:
        outcome: Outcome = None
        while True:
            try:
                step = flow.send(outcome)
            except StopIteration as done:
                return done.value
            outcome = self._perform(step)

    def _perform(self, step: Step) -> Outcome:
        if isinstance(step, Sleep):
            time.sleep(step.seconds)
            return None
        if isinstance(step, Read):
            try:
                step.response.read()
            except (httpx.HTTPError, httpx.StreamError) as exc:
                return exc
            finally:
                step.response.close()
            return None
        try:
            return self._http.send(step, stream=True, follow_redirects=False)
        except (httpx.HTTPError, httpx.StreamError) as exc:
            return exc

    def get(self, path: str, *, cast_to: type[T] = ANY_JSON, **kwargs: Any) -> T:
        """`GET path` with the client's auth, retries and timeouts."""
        return self.request("get", path, cast_to=cast_to, **kwargs)

    def post(self, path: str, *, cast_to: type[T] = ANY_JSON, **kwargs: Any) -> T:
        """`POST path` with the client's auth, retries and timeouts."""
        return self.request("post", path, cast_to=cast_to, **kwargs)

    def delete(self, path: str, *, cast_to: type[T] = ANY_JSON, **kwargs: Any) -> T:
        """`DELETE path` with the client's auth, retries and timeouts."""
        return self.request("delete", path, cast_to=cast_to, **kwargs)

    def close(self) -> None:
        """Close the HTTP client if this client created it (a caller's client stays open)."""
        if self._owns_http_client:
            self._http.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


class AsyncAPIClient(BaseClient[httpx.AsyncClient]):
    """Sends requests with an `httpx.AsyncClient` (the caller's, or one it owns)."""

    _stream_type = AsyncStream
    _binary_type = AsyncBinaryResponse

    def _new_http_client(self, httpx_settings: Mapping[str, Any]) -> httpx.AsyncClient:
        return httpx.AsyncClient(**httpx_settings)

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
        options = RequestOptions(
            method=method,
            path=path,
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
        return cast(T, await self._run(self._call(options, cast_to, stream_cls)))

    async def _run(self, flow: Flow[object]) -> object:
        outcome: Outcome = None
        while True:
            try:
                step = flow.send(outcome)
            except StopIteration as done:
                return done.value
            outcome = await self._perform(step)

    async def _perform(self, step: Step) -> Outcome:
        if isinstance(step, Sleep):
            await anyio.sleep(step.seconds)
            return None
        if isinstance(step, Read):
            try:
                await step.response.aread()
            except (httpx.HTTPError, httpx.StreamError) as exc:
                return exc
            finally:
                await step.response.aclose()
            return None
        try:
            return await self._http.send(step, stream=True, follow_redirects=False)
        except (httpx.HTTPError, httpx.StreamError) as exc:
            return exc

    async def get(self, path: str, *, cast_to: type[T] = ANY_JSON, **kwargs: Any) -> T:
        """`GET path` with the client's auth, retries and timeouts."""
        return await self.request("get", path, cast_to=cast_to, **kwargs)

    async def post(self, path: str, *, cast_to: type[T] = ANY_JSON, **kwargs: Any) -> T:
        """`POST path` with the client's auth, retries and timeouts."""
        return await self.request("post", path, cast_to=cast_to, **kwargs)

    async def delete(self, path: str, *, cast_to: type[T] = ANY_JSON, **kwargs: Any) -> T:
        """`DELETE path` with the client's auth, retries and timeouts."""
        return await self.request("delete", path, cast_to=cast_to, **kwargs)

    async def aclose(self) -> None:
        """Close the HTTP client if this client created it (a caller's client stays open)."""
        if self._owns_http_client:
            await self._http.aclose()

    async def close(self) -> None:
        """Same as `aclose()`."""
        await self.aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()
