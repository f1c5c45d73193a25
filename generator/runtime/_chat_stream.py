"""Chat completion streams with helpers: `client.chat.completions.stream(...)`.

    with client.chat.completions.stream(model=..., messages=[...]) as stream:
        for text in stream.text_deltas():
            print(text, end="")
        completion = stream.get_final_completion()

The manager sends the request when the `with` block starts and closes the connection when
it ends. The stream yields events (`ChatStreamEvent`: each chunk, text deltas, tool call
argument deltas, and what is complete when a choice finishes), and builds the completion
the chunks make up: `get_final_completion()` reads the rest of the stream and returns it
as the operation's own completion type, with `usage` when the stream sends it. The async
client's twins take `async with` and `async for`.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Iterator, Mapping
from types import TracebackType
from typing import Any, Generic, TypeVar

import httpx
import pydantic
from typing_extensions import Self

from ._chat_events import ChatAccumulator, ChatStreamEvent, ChunkEvent, TextDeltaEvent
from ._models import invalid_data, parse
from ._streaming import AsyncStream, Stream
from ._wire import wire_data

__all__ = [
    "AsyncChatCompletionStream",
    "AsyncChatCompletionStreamManager",
    "ChatCompletionStream",
    "ChatCompletionStreamManager",
]

CompletionT = TypeVar("CompletionT")
ChunkT = TypeVar("ChunkT")


class _Helper(Generic[CompletionT, ChunkT]):
    """The part of a stream helper that does no I/O: events and the completion."""

    def __init__(
        self,
        *,
        completion_type: type[CompletionT],
        text_fields: tuple[str, ...],
        fixed: Mapping[str, object],
        strict: bool,
    ) -> None:
        self._completion_type = completion_type
        self._text_fields = text_fields
        self._accumulator = ChatAccumulator(text_fields, fixed)
        self._strict = strict

    def _events(self, chunk: ChunkT) -> list[ChatStreamEvent[ChunkT]]:
        return [ChunkEvent(chunk), *self._accumulator.add(wire_data(chunk))]

    def _main_text(self, event: ChatStreamEvent[ChunkT]) -> str | None:
        """What `event` adds to the main text (the first text field) of choice 0, if any."""
        if isinstance(event, TextDeltaEvent) and event.choice == 0:
            return event.delta if (event.field,) == self._text_fields[:1] else None
        return None

    def _completion(self, response: httpx.Response) -> CompletionT:
        data = self._accumulator.snapshot()
        try:
            completion: CompletionT = parse(self._completion_type, data, strict=self._strict)
        except pydantic.ValidationError as exc:
            name = getattr(self._completion_type, "__name__", "the completion")
            raise invalid_data(exc, f"{name} (built from the stream)", response, data) from exc
        return completion


class ChatCompletionStream(_Helper[CompletionT, ChunkT]):
    """Events of a streamed chat completion (sync); see the module docstring."""

    def __init__(self, stream: Stream[ChunkT], **settings: Any) -> None:
        super().__init__(**settings)
        self._stream = stream
        self._iterator = self._every_event()

    @property
    def response(self) -> httpx.Response:
        """The HTTP response the events come from."""
        return self._stream.response

    def __iter__(self) -> Iterator[ChatStreamEvent[ChunkT]]:
        return self._iterator

    def _every_event(self) -> Iterator[ChatStreamEvent[ChunkT]]:
        for chunk in self._stream:
            yield from self._events(chunk)
        yield from self._accumulator.finish()

    def text_deltas(self) -> Iterator[str]:
        """The main text of the first choice, piece by piece as it arrives."""
        for event in self:
            text = self._main_text(event)
            if text is not None:
                yield text

    def until_done(self) -> Self:
        """Read the rest of the stream."""
        for _ in self:
            pass
        return self

    def get_final_completion(self) -> CompletionT:
        """Read the rest of the stream; the completion the chunks made up."""
        return self.until_done()._completion(self.response)

    def current_completion_snapshot(self) -> CompletionT:
        """The completion as far as the stream has been read."""
        return self._completion(self.response)

    def close(self) -> None:
        """Close the connection (also when the stream was not read to the end)."""
        self._stream.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


class AsyncChatCompletionStream(_Helper[CompletionT, ChunkT]):
    """Events of a streamed chat completion (async); see the module docstring."""

    def __init__(self, stream: AsyncStream[ChunkT], **settings: Any) -> None:
        super().__init__(**settings)
        self._stream = stream
        self._iterator = self._every_event()

    @property
    def response(self) -> httpx.Response:
        """The HTTP response the events come from."""
        return self._stream.response

    def __aiter__(self) -> AsyncIterator[ChatStreamEvent[ChunkT]]:
        return self._iterator

    async def _every_event(self) -> AsyncIterator[ChatStreamEvent[ChunkT]]:
        async for chunk in self._stream:
            for event in self._events(chunk):
                yield event
        for event in self._accumulator.finish():
            yield event

    async def text_deltas(self) -> AsyncIterator[str]:
        """The main text of the first choice, piece by piece as it arrives."""
        async for event in self:
            text = self._main_text(event)
            if text is not None:
                yield text

    async def until_done(self) -> Self:
        """Read the rest of the stream."""
        async for _ in self:
            pass
        return self

    async def get_final_completion(self) -> CompletionT:
        """Read the rest of the stream; the completion the chunks made up."""
        return (await self.until_done())._completion(self.response)

    def current_completion_snapshot(self) -> CompletionT:
        """The completion as far as the stream has been read."""
        return self._completion(self.response)

    async def close(self) -> None:
        """Close the connection (also when the stream was not read to the end)."""
        await self._stream.close()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.close()


class ChatCompletionStreamManager(Generic[CompletionT, ChunkT]):
    """What `stream()` returns: `with` it to send the request and get the stream."""

    def __init__(
        self,
        open_stream: Callable[[], Stream[ChunkT]],
        *,
        completion_type: type[CompletionT],
        text_fields: tuple[str, ...] = ("content",),
        fixed: Mapping[str, object] | None = None,
        strict: bool = False,
    ) -> None:
        self._open = open_stream
        self._settings: dict[str, Any] = {
            "completion_type": completion_type,
            "text_fields": text_fields,
            "fixed": fixed or {},
            "strict": strict,
        }
        self._stream: ChatCompletionStream[CompletionT, ChunkT] | None = None

    def __enter__(self) -> ChatCompletionStream[CompletionT, ChunkT]:
        self._stream = ChatCompletionStream(self._open(), **self._settings)
        return self._stream

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._stream is not None:
            self._stream.close()


class AsyncChatCompletionStreamManager(Generic[CompletionT, ChunkT]):
    """What the async `stream()` returns: `async with` it to send the request."""

    def __init__(
        self,
        open_stream: Callable[[], Awaitable[AsyncStream[ChunkT]]],
        *,
        completion_type: type[CompletionT],
        text_fields: tuple[str, ...] = ("content",),
        fixed: Mapping[str, object] | None = None,
        strict: bool = False,
    ) -> None:
        self._open = open_stream
        self._settings: dict[str, Any] = {
            "completion_type": completion_type,
            "text_fields": text_fields,
            "fixed": fixed or {},
            "strict": strict,
        }
        self._stream: AsyncChatCompletionStream[CompletionT, ChunkT] | None = None

    async def __aenter__(self) -> AsyncChatCompletionStream[CompletionT, ChunkT]:
        self._stream = AsyncChatCompletionStream(await self._open(), **self._settings)
        return self._stream

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._stream is not None:
            await self._stream.close()
