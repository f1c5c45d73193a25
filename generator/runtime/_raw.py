"""`client.with_raw_response`: the HTTP response itself, parsed only when asked.

    raw = client.with_raw_response.models.list()
    raw.status_code, raw.headers["x-ratelimit-remaining"], raw.typed_headers.x_balance_remaining
    models = raw.parse()

The wrappers run the ordinary method with raw mode switched on for that call only (a
context variable, so concurrent calls and async tasks do not affect each other).
"""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable, Generator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TYPE_CHECKING, Any, Generic, ParamSpec, TypeVar, cast

import httpx

from ._constants import response_headers_model
from ._exceptions import request_id
from ._models import parse

if TYPE_CHECKING:
    from ._constants import ResponseHeaders

__all__ = ["RawResponse", "async_to_raw_response_wrapper", "raw_mode", "to_raw_response_wrapper"]

P = ParamSpec("P")
R = TypeVar("R")

_RAW_MODE: ContextVar[bool] = ContextVar("raw_mode", default=False)


def raw_mode() -> bool:
    """Whether the current call was made through `with_raw_response`."""
    return _RAW_MODE.get()


@contextmanager
def _raw() -> Generator[None, None, None]:
    token = _RAW_MODE.set(True)
    try:
        yield
    finally:
        _RAW_MODE.reset(token)


class RawResponse(Generic[R]):
    """An HTTP response and what the method would have returned, on demand."""

    def __init__(self, response: httpx.Response, parser: Callable[[], R]) -> None:
        self.http_response = response
        self._parser = parser
        self._parsed: tuple[R] | None = None

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

    def parse(self) -> R:
        """What the method returns normally (parsed once, then cached)."""
        if self._parsed is None:
            self._parsed = (self._parser(),)
        return self._parsed[0]

    def __repr__(self) -> str:
        return f"<RawResponse {self.status_code} {self.http_response.request.url.path}>"


def to_raw_response_wrapper(method: Callable[P, R]) -> Callable[P, RawResponse[R]]:
    """`method`, returning a `RawResponse` instead of the parsed value."""

    @functools.wraps(method)
    def wrapped(*args: P.args, **kwargs: P.kwargs) -> RawResponse[R]:
        with _raw():
            result: Any = method(*args, **kwargs)
        return cast(RawResponse[R], result)

    return wrapped


def async_to_raw_response_wrapper(
    method: Callable[P, Awaitable[R]],
) -> Callable[P, Awaitable[RawResponse[R]]]:
    """The async form of `to_raw_response_wrapper`."""

    @functools.wraps(method)
    async def wrapped(*args: P.args, **kwargs: P.kwargs) -> RawResponse[R]:
        with _raw():
            result: Any = await method(*args, **kwargs)
        return cast(RawResponse[R], result)

    return wrapped
