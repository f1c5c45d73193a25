"""Binary response bodies: images, audio, video, CSV and plain text.

A method that returns a file reads the whole body before it returns, inside its retry
loop, so that the connection goes back to the pool at once and a body cut off is retried:
`.content`, `.text`, `.iter_bytes()`, `.write_to_file()` and `.stream_to_file()` all read
it from memory, as often as you like. Over a response whose body has not been read yet
(a streamed download), `.iter_bytes()` and `.stream_to_file()` pass it through in chunks,
once; close it (or use it as a context manager) when not reading it all. A failure while
reading is an `APIConnectionError` (`APITimeoutError`), and a body that can no longer be
read an `APIResponseError`, never an httpx exception.
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Generator, Iterator
from contextlib import contextmanager
from types import TracebackType

import anyio
import httpx

from ._exceptions import request_error

__all__ = ["CHUNK_SIZE", "AsyncBinaryResponse", "BinaryResponse", "reading_body"]

CHUNK_SIZE = 64 * 1024


@contextmanager
def reading_body(response: httpx.Response) -> Generator[None, None, None]:
    """Raise what httpx raises while reading the body as the package's error."""
    try:
        yield
    except (httpx.HTTPError, httpx.StreamError) as exc:
        raise request_error(exc, response.request, response) from exc


class _BinaryBase:
    def __init__(self, response: httpx.Response) -> None:
        self.response = response

    @property
    def content_type(self) -> str:
        """The media type the API sent, such as `image/png`."""
        content_type = str(self.response.headers.get("content-type", ""))
        return content_type.split(";", maxsplit=1)[0].strip()

    @property
    def headers(self) -> httpx.Headers:
        """The response headers."""
        return self.response.headers

    @property
    def status_code(self) -> int:
        """The HTTP status."""
        return self.response.status_code

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.status_code} {self.content_type or '?'}>"


class BinaryResponse(_BinaryBase):
    """A binary body from the synchronous client."""

    @property
    def content(self) -> bytes:
        """The whole body."""
        with reading_body(self.response):
            return self.response.read()

    @property
    def text(self) -> str:
        """The whole body decoded as text."""
        with reading_body(self.response):
            self.response.read()
            return self.response.text

    def iter_bytes(self, chunk_size: int = CHUNK_SIZE) -> Iterator[bytes]:
        """The body in chunks (as it arrives, when it was not read yet)."""
        with reading_body(self.response):
            yield from self.response.iter_bytes(chunk_size)

    def write_to_file(self, path: str | os.PathLike[str]) -> None:
        """Write the whole body to `path`."""
        with open(path, "wb") as f:
            f.write(self.content)

    def stream_to_file(self, path: str | os.PathLike[str], chunk_size: int = CHUNK_SIZE) -> None:
        """Write the body to `path` chunk by chunk, never holding all of it in memory."""
        with open(path, "wb") as f:
            for chunk in self.iter_bytes(chunk_size):
                f.write(chunk)

    def close(self) -> None:
        """Release the connection without reading the rest of the body."""
        self.response.close()

    def __enter__(self) -> BinaryResponse:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


class AsyncBinaryResponse(_BinaryBase):
    """A binary body from the asynchronous client."""

    async def read(self) -> bytes:
        """The whole body."""
        with reading_body(self.response):
            return await self.response.aread()

    async def text(self) -> str:
        """The whole body decoded as text."""
        with reading_body(self.response):
            await self.response.aread()
            return self.response.text

    async def iter_bytes(self, chunk_size: int = CHUNK_SIZE) -> AsyncIterator[bytes]:
        """The body in chunks (as it arrives, when it was not read yet)."""
        with reading_body(self.response):
            async for chunk in self.response.aiter_bytes(chunk_size):
                yield chunk

    async def write_to_file(self, path: str | os.PathLike[str]) -> None:
        """Write the whole body to `path`."""
        data = await self.read()
        await anyio.Path(path).write_bytes(data)

    async def stream_to_file(
        self, path: str | os.PathLike[str], chunk_size: int = CHUNK_SIZE
    ) -> None:
        """Write the body to `path` chunk by chunk, never holding all of it in memory."""
        async with await anyio.open_file(path, "wb") as f:
            async for chunk in self.iter_bytes(chunk_size):
                await f.write(chunk)

    async def close(self) -> None:
        """Release the connection without reading the rest of the body."""
        await self.response.aclose()

    async def __aenter__(self) -> AsyncBinaryResponse:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.close()
