"""The HTTP machinery under both clients.

`BaseClient` does everything that needs no I/O. It holds the settings (`ClientSettings`),
makes copies with some of them changed (`copy`, `with_options`), and runs each call as one
generator, `_call`: build the request (`build_request`), send and read it with retries and
redirects (`send_plan`), and turn the response into the result (`_decode`), yielding each
send, sleep and body read it needs. `SyncAPIClient` (`_sync_client`) and `AsyncAPIClient`
(`_async_client`) only perform those steps, and close the HTTP client they own.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any, ClassVar, Generic, TypeVar

import httpx
from typing_extensions import Self

from ._checks import checked_headers, checked_max_retries
from ._decode import body_kind, result
from ._http_settings import HTTPX_SETTINGS, checked_http_client, httpx_arguments
from ._logs import setup_logging
from ._raw import response_mode
from ._request import BodyEncoding, RequestOptions, build_request, format_path
from ._response import AsyncBinaryResponse, BinaryResponse
from ._retry import Flow, RetryPolicy, send_plan
from ._settings import (
    ClientSettings,
    HttpT,
    api_key_or_env,
    base_url_or_env,
    checked_credentials,
    client_timeout,
)
from ._streaming import AsyncStream, Stream
from ._types import NOT_GIVEN, NotGiven, Timeout

__all__ = ["BaseClient", "BodyEncoding", "format_path"]

T = TypeVar("T")
ANY_JSON: Any = object
"""Default `cast_to` of the generic calls: the parsed JSON, as is."""


class BaseClient(Generic[HttpT]):
    """Settings and all the logic that does no I/O."""

    _stream_type: ClassVar[type[Stream[Any]] | type[AsyncStream[Any]]]
    _binary_type: ClassVar[type[BinaryResponse] | type[AsyncBinaryResponse]]

    _http_type: ClassVar[type[httpx.Client] | type[httpx.AsyncClient]]
    _transport_type: ClassVar[type[httpx.HTTPTransport] | type[httpx.AsyncHTTPTransport]]

    def _setup(self, arguments: Mapping[str, Any]) -> None:
        """Build the settings from the constructor's `arguments` (by name), check them and
        make (or take) the HTTP client."""
        setup_logging()
        http_client: HttpT | None = checked_http_client(
            arguments["http_client"], self._http_type, type(self).__name__
        )
        settings = ClientSettings(
            api_key=api_key_or_env(arguments["api_key"]),
            base_url=base_url_or_env(arguments["base_url"]),
            timeout=client_timeout(arguments["timeout"], http_client),
            max_retries=checked_max_retries(arguments["max_retries"]),
            default_headers=MappingProxyType(
                dict(checked_headers(arguments["default_headers"] or {}, "default header"))
            ),
            default_query=MappingProxyType(dict(arguments["default_query"] or {})),
            strict_responses=arguments["strict_responses"],
            warn_on_drift=arguments["warn_on_drift"],
            require_credentials=arguments["require_credentials"],
            http_client=http_client,
            httpx_settings=httpx_arguments(
                {name: arguments[name] for name in HTTPX_SETTINGS},
                http_client,
                self._transport_type,
            ),
        )
        checked_credentials(settings)
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

    def copy(
        self,
        *,
        api_key: str | None = None,
        base_url: str | httpx.URL | None = None,
        timeout: Timeout | NotGiven = NOT_GIVEN,
        max_retries: int | None = None,
        default_headers: Mapping[str, str] | None = None,
        set_default_headers: Mapping[str, str] | None = None,
        default_query: Mapping[str, object] | None = None,
        set_default_query: Mapping[str, object] | None = None,
        strict_responses: bool | None = None,
        warn_on_drift: bool | None = None,
        require_credentials: bool | None = None,
        http_client: HttpT | None = None,
    ) -> Self:
        """A new client with the same settings but those given (left out or None: kept).

        `default_headers` and `default_query` are merged over the current ones, while
        `set_default_headers` and `set_default_query` replace them. The copy shares this
        client's HTTP client (closing either one closes only what it made), unless you
        give it an `http_client` of its own; to change httpx settings (proxy, limits,
        ...), give it an `http_client` configured with them.
        """
        changes = dict(locals())  # every argument above, by name
        del changes["self"], changes["http_client"]
        http: HttpT | None = checked_http_client(http_client, self._http_type, type(self).__name__)
        settings = self._settings.copied(changes, http if http is not None else self._http)
        checked_credentials(settings)
        copy = type(self).__new__(type(self))
        copy._use(settings)
        return copy

    with_options = copy
    """Same as `copy()`: `client.with_options(max_retries=0).chat.completions.create(...)`."""

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

    @property
    def warn_on_drift(self) -> bool:
        """Whether a response holding what this client does not know yet logs a warning."""
        return self._settings.warn_on_drift

    def __repr__(self) -> str:
        key = "set" if self.api_key else "not set"
        return f"<{type(self).__name__} base_url={str(self.base_url)!r} api_key={key}>"

    def _call(self, options: RequestOptions, cast_to: Any, stream_cls: Any) -> Flow[object]:
        """One call from request to result, with its I/O left to the caller (see `Flow`).

        Every body but a stream's is read inside the retry loop, binary ones too: the
        connection goes back to the pool before the call returns."""
        streaming = options.stream and stream_cls is not None
        streamed = response_mode() == "streamed"  # with_streaming_response: body left unread
        response = yield from send_plan(
            lambda: build_request(self._http, self._settings, options),
            RetryPolicy(
                max_retries=self.max_retries,
                follow_redirects=self._http.follow_redirects,
                max_redirects=self._http.max_redirects,
            ),
            read_body=not streaming and not streamed,
        )
        return result(
            body_kind(cast_to, response, stream=streaming),
            cast_to=cast_to,
            response=response,
            stream_cls=stream_cls,
            strict=self.strict_responses,
            drift=self._settings.warn_on_drift,
            stream_type=self._stream_type,
            binary_type=self._binary_type,
        )
