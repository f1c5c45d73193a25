"""`client.with_streaming_response`: the response before its body is read, in a `with` block.

    with client.with_streaming_response.audio.create_speech(input="Hi") as response:
        print(response.headers["content-type"])
        response.stream_to_file("speech.mp3")  # chunk by chunk, never all in memory

The call is made when the block is entered: an error status raises there, as usual (its
body is read for the error). The body of a success is left on the connection: read it in
chunks (`iter_bytes`, `iter_text`, `iter_lines`, `stream_to_file`), whole (`read`), or as
what the method returns (`parse`: a JSON result is read and parsed; a file or an event
stream is handed over unread, to be read from there). Leaving the block releases the
connection, read or not. A failure while reading is an `APIConnectionError`
(`APITimeoutError`) or an `APIResponseError`, never an httpx exception.
"""

from __future__ import annotations

import functools
import os
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from types import TracebackType
from typing import Any, Generic, ParamSpec, TypeVar, cast

import anyio
import httpx

from ._raw import Deferred, ResponseInfo, use_mode
from ._response import CHUNK_SIZE, reading_body

__all__ = [
    "AsyncStreamedResponse",
    "AsyncStreamedResponseManager",
    "StreamedResponse",
    "StreamedResponseManager",
    "async_to_streamed_response_wrapper",
    "to_streamed_response_wrapper",
]

P = ParamSpec("P")
R = TypeVar("R")


class _StreamedBase(ResponseInfo, Generic[R]):
    def __init__(self, deferred: Deferred) -> None:
        response: httpx.Response = deferred.response
        self.http_response = response
        self._deferred = deferred

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.status_code} {self.http_response.request.url.path}>"


class StreamedResponse(_StreamedBase[R]):
    """A response of the synchronous client whose body is still on the connection."""

    def parse(self) -> R:
        """What the method returns normally: JSON is read and parsed, a file or an event
        stream is returned unread (iterate it, or use its `stream_to_file`)."""
        if self._deferred.reads_body:
            self.read()
        return cast(R, self._deferred.make())

    def read(self) -> bytes:
        """The whole body."""
        with reading_body(self.http_response):
            return self.http_response.read()

    def iter_bytes(self, chunk_size: int | None = None) -> Iterator[bytes]:
        """The body in chunks as it arrives (decoded, if it was compressed)."""
        with reading_body(self.http_response):
            yield from self.http_response.iter_bytes(chunk_size)

    def iter_text(self, chunk_size: int | None = None) -> Iterator[str]:
        """The body as text, in chunks as it arrives."""
        with reading_body(self.http_response):
            yield from self.http_response.iter_text(chunk_size)

    def iter_lines(self) -> Iterator[str]:
        """The body's lines as they arrive, without their line breaks."""
        with reading_body(self.http_response):
            yield from self.http_response.iter_lines()

    def stream_to_file(self, path: str | os.PathLike[str], chunk_size: int = CHUNK_SIZE) -> None:
        """Write the body to `path` chunk by chunk, never holding all of it in memory."""
        with open(path, "wb") as f:
            for chunk in self.iter_bytes(chunk_size):
                f.write(chunk)

    def close(self) -> None:
        """Release the connection (leaving the `with` block does it)."""
        self.http_response.close()


class AsyncStreamedResponse(_StreamedBase[R]):
    """A response of the asynchronous client whose body is still on the connection."""

    async def parse(self) -> R:
        """What the method returns normally: JSON is read and parsed, a file or an event
        stream is returned unread (iterate it, or use its `stream_to_file`)."""
        if self._deferred.reads_body:
            await self.read()
        return cast(R, self._deferred.make())

    async def read(self) -> bytes:
        """The whole body."""
        with reading_body(self.http_response):
            return await self.http_response.aread()

    async def iter_bytes(self, chunk_size: int | None = None) -> AsyncIterator[bytes]:
        """The body in chunks as it arrives (decoded, if it was compressed)."""
        with reading_body(self.http_response):
            async for chunk in self.http_response.aiter_bytes(chunk_size):
                yield chunk

    async def iter_text(self, chunk_size: int | None = None) -> AsyncIterator[str]:
        """The body as text, in chunks as it arrives."""
        with reading_body(self.http_response):
            async for text in self.http_response.aiter_text(chunk_size):
                yield text

    async def iter_lines(self) -> AsyncIterator[str]:
        """The body's lines as they arrive, without their line breaks."""
        with reading_body(self.http_response):
            async for line in self.http_response.aiter_lines():
                yield line

    async def stream_to_file(
        self, path: str | os.PathLike[str], chunk_size: int = CHUNK_SIZE
    ) -> None:
        """Write the body to `path` chunk by chunk, never holding all of it in memory."""
        async with await anyio.open_file(path, "wb") as f:
            async for chunk in self.iter_bytes(chunk_size):
                await f.write(chunk)

    async def close(self) -> None:
        """Release the connection (leaving the `async with` block does it)."""
        await self.http_response.aclose()


class StreamedResponseManager(Generic[R]):
    """`with` it to make the call and get its `StreamedResponse`; leaving closes it."""

    def __init__(self, call: Callable[[], object]) -> None:
        self._call = call
        self._response: StreamedResponse[R] | None = None

    def __enter__(self) -> StreamedResponse[R]:
        with use_mode("streamed"):
            deferred = cast(Deferred, self._call())
        self._response = StreamedResponse(deferred)
        return self._response

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._response is not None:
            self._response.close()


class AsyncStreamedResponseManager(Generic[R]):
    """`async with` it to make the call and get its `AsyncStreamedResponse`; leaving
    closes it."""

    def __init__(self, call: Callable[[], Awaitable[object]]) -> None:
        self._call = call
        self._response: AsyncStreamedResponse[R] | None = None

    async def __aenter__(self) -> AsyncStreamedResponse[R]:
        with use_mode("streamed"):
            deferred = cast(Deferred, await self._call())
        self._response = AsyncStreamedResponse(deferred)
        return self._response

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._response is not None:
            await self._response.close()


def to_streamed_response_wrapper(method: Callable[P, R]) -> Callable[P, StreamedResponseManager[R]]:
    """`method`, returning a `StreamedResponseManager` (the call is made on `with`)."""

    @functools.wraps(method)
    def wrapped(*args: P.args, **kwargs: P.kwargs) -> StreamedResponseManager[R]:
        return StreamedResponseManager(functools.partial(method, *args, **kwargs))

    return wrapped


def async_to_streamed_response_wrapper(
    method: Callable[P, Awaitable[R]],
) -> Callable[P, AsyncStreamedResponseManager[R]]:
    """The async form of `to_streamed_response_wrapper`."""

    @functools.wraps(method)
    def wrapped(*args: P.args, **kwargs: P.kwargs) -> AsyncStreamedResponseManager[R]:
        call: Callable[[], Awaitable[Any]] = functools.partial(method, *args, **kwargs)
        return AsyncStreamedResponseManager(call)

    return wrapped
