"""`client.with_raw_response`: the HTTP response itself, parsed only when asked.

    raw = client.with_raw_response.models.list()
    raw.status_code, raw.headers["x-ratelimit-remaining"], raw.typed_headers.x_balance_remaining
    models = raw.parse()

The wrappers run the ordinary method with raw mode switched on for that call only (a
context variable, so concurrent calls and async tasks do not affect each other); the call
then returns a `Deferred`, the response and how to make the method's result from it, which
the wrapper hands back as a `RawResponse`. `with_streaming_response` (`_streamed`) uses the
same machinery in the "streamed" mode, where the body is left unread.
"""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable, Generator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Generic, Literal, ParamSpec, TypeVar, cast

import httpx

from ._constants import response_headers_model
from ._error_body import request_id
from ._models import parse

if TYPE_CHECKING:
    from ._constants import ResponseHeaders

__all__ = [
    "Deferred",
    "RawResponse",
    "ResponseInfo",
    "ResponseMode",
    "async_to_raw_response_wrapper",
    "response_mode",
    "to_raw_response_wrapper",
    "use_mode",
]

P = ParamSpec("P")
R = TypeVar("R")

ResponseMode = Literal["parsed", "raw", "streamed"]
"""What a call returns: its result, a `Deferred` over the read response, or a `Deferred`
over a response whose body is still to be read (`with_streaming_response`)."""
_MODE: ContextVar[ResponseMode] = ContextVar("response_mode", default="parsed")


def response_mode() -> ResponseMode:
    """How the current call was made: plainly, or through `with_raw_response` or
    `with_streaming_response`."""
    return _MODE.get()


@contextmanager
def use_mode(mode: ResponseMode) -> Generator[None, None, None]:
    """Make the calls inside the block in `mode`."""
    token = _MODE.set(mode)
    try:
        yield
    finally:
        _MODE.reset(token)


@dataclass(frozen=True, slots=True)
class Deferred:
    """A successful response and how to make the method's result from it (no I/O); when
    `reads_body`, the body must be read first (a JSON result, not a stream or a file)."""

    response: httpx.Response
    make: Callable[[], object]
    reads_body: bool


class ResponseInfo:
    """The status and headers of `http_response`."""

    http_response: httpx.Response

    @property
    def status_code(self) -> int:
        """The HTTP status."""
        return self.http_response.status_code

    @property
    def headers(self) -> httpx.Headers:
        """All response headers (case-insensitive)."""
        return self.http_response.headers

    @property
    def typed_headers(self) -> ResponseHeaders:
        """The headers the spec declares (balance, rate limits, ...), typed."""
        data = {name.lower(): value for name, value in self.http_response.headers.items()}
        result: ResponseHeaders = parse(response_headers_model(), data)
        return result

    @property
    def request_id(self) -> str | None:
        """The request id to quote to support, when the response has one."""
        return request_id(self.http_response.headers)


class RawResponse(ResponseInfo, Generic[R]):
    """An HTTP response and what the method would have returned, on demand."""

    def __init__(self, response: httpx.Response, parser: Callable[[], R]) -> None:
        self.http_response = response
        self._parser = parser
        self._parsed: tuple[R] | None = None

    def parse(self) -> R:
        """What the method returns normally (parsed once, then cached)."""
        if self._parsed is None:
            self._parsed = (self._parser(),)
        return self._parsed[0]

    def __repr__(self) -> str:
        return f"<RawResponse {self.status_code} {self.http_response.request.url.path}>"


def _as_raw(result: object) -> RawResponse[Any]:
    deferred = cast(Deferred, result)  # what a call returns in the raw mode
    return RawResponse(deferred.response, deferred.make)


def to_raw_response_wrapper(method: Callable[P, R]) -> Callable[P, RawResponse[R]]:
    """`method`, returning a `RawResponse` instead of the parsed value."""

    @functools.wraps(method)
    def wrapped(*args: P.args, **kwargs: P.kwargs) -> RawResponse[R]:
        with use_mode("raw"):
            return _as_raw(method(*args, **kwargs))

    return wrapped


def async_to_raw_response_wrapper(
    method: Callable[P, Awaitable[R]],
) -> Callable[P, Awaitable[RawResponse[R]]]:
    """The async form of `to_raw_response_wrapper`."""

    @functools.wraps(method)
    async def wrapped(*args: P.args, **kwargs: P.kwargs) -> RawResponse[R]:
        with use_mode("raw"):
            return _as_raw(await method(*args, **kwargs))

    return wrapped
