"""Binary response bodies: images, audio, video, CSV and plain text.

The body is not read until asked for: `.content` reads it into memory, `.iter_bytes()`
and `.stream_to_file()` pass it through in chunks, so a large video never has to fit in
memory. Use the object as a context manager (or call `close()`) when not reading it all.
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Iterator
from types import TracebackType

import anyio
import httpx

__all__ = ["AsyncBinaryResponse", "BinaryResponse"]

_CHUNK = 64 * 1024


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
        """The whole body (read on first access)."""
        return self.response.read()

    @property
    def text(self) -> str:
        """The whole body decoded as text."""
        self.response.read()
        return self.response.text

    def iter_bytes(self, chunk_size: int = _CHUNK) -> Iterator[bytes]:
        """The body in chunks, as it arrives."""
        if self.response.is_stream_consumed:
            data = self.response.content
            yield from (data[i : i + chunk_size] for i in range(0, len(data), chunk_size))
            return
        yield from self.response.iter_bytes(chunk_size)

    def write_to_file(self, path: str | os.PathLike[str]) -> None:
        """Write the whole body to `path`."""
        with open(path, "wb") as f:
            f.write(self.content)

    def stream_to_file(self, path: str | os.PathLike[str], chunk_size: int = _CHUNK) -> None:
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
        return await self.response.aread()

    async def text(self) -> str:
        """The whole body decoded as text."""
        await self.response.aread()
        return self.response.text

    async def iter_bytes(self, chunk_size: int = _CHUNK) -> AsyncIterator[bytes]:
        """The body in chunks, as it arrives."""
        if self.response.is_stream_consumed:
            data = self.response.content
            for i in range(0, len(data), chunk_size):
                yield data[i : i + chunk_size]
            return
        async for chunk in self.response.aiter_bytes(chunk_size):
            yield chunk

    async def write_to_file(self, path: str | os.PathLike[str]) -> None:
        """Write the whole body to `path`."""
        data = await self.read()
        await anyio.Path(path).write_bytes(data)

    async def stream_to_file(self, path: str | os.PathLike[str], chunk_size: int = _CHUNK) -> None:
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
