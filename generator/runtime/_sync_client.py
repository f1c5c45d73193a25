"""`SyncAPIClient`: the synchronous client's I/O, around `BaseClient`'s call flow."""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from typing import Any, TypeVar, cast

import httpx
from typing_extensions import Self

from ._base_client import ANY_JSON, BaseClient
from ._http_settings import (
    CertTypes,
    EventHooks,
    ProxiesTypes,
    ProxyTypes,
    VerifyTypes,
    new_http_client,
)
from ._request import BodyEncoding, RequestOptions
from ._response import BinaryResponse
from ._retry import Flow, Outcome, Read, Sleep, Step
from ._settings import DEFAULT_MAX_RETRIES
from ._streaming import Stream
from ._types import NOT_GIVEN, Body, Headers, NotGiven, Query, Timeout

__all__ = ["SyncAPIClient"]

T = TypeVar("T")


class SyncAPIClient(BaseClient[httpx.Client]):
    """Sends requests with an `httpx.Client` (the caller's, or one it owns)."""

    _stream_type = Stream
    _binary_type = BinaryResponse
    _http_type = httpx.Client
    _transport_type = httpx.HTTPTransport

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
        warn_on_drift: bool = True,
        require_credentials: bool = True,
        http_client: httpx.Client | None = None,
        proxy: ProxyTypes | None = None,
        proxies: ProxiesTypes | None = None,
        mounts: Mapping[str, httpx.BaseTransport | None] | None = None,
        transport: httpx.BaseTransport | None = None,
        limits: httpx.Limits | None = None,
        cert: CertTypes | None = None,
        verify: VerifyTypes | NotGiven = NOT_GIVEN,
        trust_env: bool | NotGiven = NOT_GIVEN,
        http1: bool | NotGiven = NOT_GIVEN,
        http2: bool | NotGiven = NOT_GIVEN,
        follow_redirects: bool | NotGiven = NOT_GIVEN,
        max_redirects: int | NotGiven = NOT_GIVEN,
        default_encoding: str | Callable[[bytes], str] | NotGiven = NOT_GIVEN,
        event_hooks: EventHooks | None = None,
    ) -> None:
        """A client; the generated class's docstring says what each argument does."""
        self._setup(locals())  # every argument above, by name

    def _new_http_client(self, httpx_settings: Mapping[str, Any]) -> httpx.Client:
        client: httpx.Client = new_http_client(httpx.Client, httpx_settings)
        return client

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
