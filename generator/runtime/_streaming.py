"""Server-sent event streams: `Stream[T]` and `AsyncStream[T]`.

Iterating a stream yields one parsed item per event until the API's end: the `done`
event (`[DONE]`) or an event of a final type (`response.completed`: Responses streams may
end there without `[DONE]`, while chat streams, whose chunks have no `type`, still need
it). An error event, a body that is not an event stream, an event that is not JSON, or a
connection that ends before the end raises `StreamError` with what was received so far.
Which events end a stream or report an error is the API's own (`StreamRules`, filled in
from the generator's config by `_constants`). A stream is a context manager; leaving it (or
finishing the iteration) closes the connection.

Decoding events and turning them into items is done once, without I/O, in `EventDecoder`
and `_StreamBase`; the two stream classes only read bytes.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from types import TracebackType
from typing import Any, Generic, TypeVar, cast

import httpx
import pydantic

from ._constants import (
    STREAM_DONE,
    STREAM_ERROR_FIELD,
    STREAM_ERROR_TYPES,
    STREAM_FINAL_TYPES,
    STREAM_ITEM_FIELDS,
)
from ._exceptions import StreamError
from ._models import invalid_data, parse
from ._sse import SLOW, EventDecoder, QuickPath, ServerSentEvent, always_slow

__all__ = [
    "API_STREAM_RULES",
    "AsyncStream",
    "EventDecoder",
    "ServerSentEvent",
    "Stream",
    "StreamRules",
]

T = TypeVar("T")
_UNREAD = object()
"""An event's JSON not parsed yet (the model parses the text itself)."""


@dataclass(frozen=True, slots=True)
class StreamRules:
    """How an API's streams end and report errors.

    A stream ends at the event whose data is `done`, or after an event whose type (its
    `event:` name or its JSON `type`) is one of `final_types`. An event whose type is one
    of `error_types`, or a JSON object with an `error_field` key and none of
    `item_fields`, reports an error.
    """

    done: str = "[DONE]"
    final_types: frozenset[str] = frozenset()
    error_types: frozenset[str] = frozenset()
    error_field: str | None = None
    item_fields: frozenset[str] = frozenset()

    def markers(self) -> tuple[str, ...]:
        """Text that an event's data holds when it may be an error or final event: only
        such events are read as JSON before the item is parsed."""
        keys = ["type"] if self.final_types or self.error_types else []
        keys += [self.error_field] if self.error_field else []
        return tuple(f'"{key}"' for key in keys)

    def is_error(self, kinds: set[str | None], payload: object) -> bool:
        """Whether an event of these types (name, JSON `type`) and payload is an error."""
        if kinds & self.error_types:
            return True
        if self.error_field is None or not isinstance(payload, dict):
            return False
        fields = cast(dict[str, object], payload)
        return self.error_field in fields and not self.item_fields & fields.keys()


API_STREAM_RULES = StreamRules(
    done=STREAM_DONE,
    final_types=STREAM_FINAL_TYPES,
    error_types=STREAM_ERROR_TYPES,
    error_field=STREAM_ERROR_FIELD,
    item_fields=STREAM_ITEM_FIELDS,
)
"""The rules of the API this package was generated for."""


class _StreamBase(Generic[T]):
    """What a stream does with events, shared by the sync and async classes."""

    def __init__(
        self,
        *,
        response: httpx.Response,
        item_type: type[T],
        strict: bool,
        rules: StreamRules = API_STREAM_RULES,
    ) -> None:
        self.response = response
        self._item_type = item_type
        self._strict = strict
        self._rules = rules
        self._markers = rules.markers()
        self._typed = bool(rules.final_types or rules.error_types)
        self._decoder = EventDecoder()
        self._count = 0
        self._done = False
        quick = QuickPath.of(
            self._decoder,
            item_type,
            done=rules.done,
            kinds=rules.final_types | rules.error_types,
            error_field=rules.error_field,
            item_fields=rules.item_fields,
        )
        self._quick_item = always_slow if quick is None else quick.item

    def _plain_body(self) -> bool:
        """Whether the body's bytes are its content as they come (no `Content-Encoding`)
        and still unread: they are then read without httpx's decoding layer."""
        encoding = self.response.headers.get("content-encoding", "").strip().lower()
        return encoding in ("", "identity") and not self.response.is_stream_consumed

    def _is_json_body(self) -> bool:
        content_type = str(self.response.headers.get("content-type", ""))
        return "text/event-stream" not in content_type and "json" in content_type

    def _not_a_stream(self, body: bytes) -> StreamError:
        text = body.decode("utf-8", errors="replace")
        return StreamError(
            f"expected a server-sent event stream but got a JSON body: {text[:300]}",
            response=self.response,
            body=_json_or_text(text),
        )

    def _items(self, events: list[ServerSentEvent]) -> Iterator[T]:
        for event in events:
            if self._done:
                return
            if event.data.strip() == self._rules.done:
                self._done = True
                return
            if not event.data.strip():  # `data:` alone: a keep-alive, no item
                continue
            # Most events are plain items: only those that may name an error or a final
            # type are read as JSON here (the model then parses the text once more).
            payload: object = _UNREAD
            if (self._typed and event.event != "message") or any(
                marker in event.data for marker in self._markers
            ):
                payload = self._checked(event)
            item = self._parse(event.data, payload)
            self._count += 1
            yield item

    def _checked(self, event: ServerSentEvent) -> object:
        """The event's JSON, after raising for an error event and noting a final one."""
        payload = _json_or_text(event.data)
        kinds = {event.event, _type_of(payload)}
        if self._rules.is_error(kinds, payload):
            raise StreamError(
                f"the stream reported an error after {self._count} events: {_error_text(payload)}",
                response=self.response,
                body=payload,
            )
        self._done = bool(kinds & self._rules.final_types)
        return payload

    def _parse(self, data: str, payload: object) -> T:
        item_type: Any = self._item_type
        if isinstance(item_type, type) and issubclass(item_type, pydantic.BaseModel):
            try:
                return cast(T, item_type.model_validate_json(data, by_alias=True, by_name=False))
            except pydantic.ValidationError:
                pass  # not JSON, or not the type: said below, or built leniently
        payload = _json_or_text(data) if payload is _UNREAD else payload
        if isinstance(payload, str):
            raise StreamError(
                f"event {self._count + 1} is not JSON: {data[:200]!r}",
                response=self.response,
                body=payload,
            )
        try:
            return cast(T, parse(item_type, payload, strict=self._strict))
        except pydantic.ValidationError as exc:
            name = getattr(self._item_type, "__name__", "the item type")
            raise invalid_data(
                exc, f"{name} (event {self._count + 1})", self.response, payload
            ) from exc

    def _last_events(self) -> list[ServerSentEvent]:
        """The event the body ended inside of, when it is whole all the same (servers may
        leave out the final blank line); an event cut short is reported as such."""
        if not self._decoder.in_progress:
            return []
        events = self._decoder.feed(b"\n\n")
        for event in events:
            if event.data.strip() != self._rules.done and isinstance(
                _json_or_text(event.data), str
            ):
                raise StreamError(
                    f"the stream ended in the middle of an event after {self._count} events, "
                    f"without {self._rules.done}; the connection was probably cut (partial data: "
                    f"{event.data[:100]!r})",
                    response=self.response,
                )
        return events

    def _end(self) -> None:
        if self._done:
            return
        where = "in the middle of an event" if self._decoder.in_progress else "between events"
        raise StreamError(
            f"the stream ended {where} after {self._count} events, without {self._rules.done}; "
            "the connection was probably cut",
            response=self.response,
        )

    def _cut(self, error: httpx.HTTPError | httpx.StreamError) -> StreamError:
        if isinstance(error, httpx.StreamError):  # consumed or closed: iterated before
            return StreamError(
                f"the stream can be iterated only once ({type(error).__name__})",
                response=self.response,
            )
        return StreamError(
            f"the stream was cut off after {self._count} events: {type(error).__name__}: {error}",
            response=self.response,
        )


class Stream(_StreamBase[T]):
    """Items of a server-sent event stream, from the synchronous client."""

    def __iter__(self) -> Iterator[T]:
        try:
            if self._is_json_body():
                raise self._not_a_stream(self.response.read())
            response = self.response
            quick = self._quick_item
            for chunk in response.iter_raw() if self._plain_body() else response.iter_bytes():
                item = quick(chunk)
                if item is not SLOW:
                    self._count += 1
                    yield item
                    continue
                yield from self._items(self._decoder.feed(chunk))
                if self._done:
                    return
            yield from self._items(self._last_events())
            self._end()
        except (httpx.HTTPError, httpx.StreamError) as exc:
            raise self._cut(exc) from exc
        finally:
            self.close()

    def close(self) -> None:
        """Close the connection (also when the stream was not read to the end)."""
        self.response.close()

    def __enter__(self) -> Stream[T]:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


class AsyncStream(_StreamBase[T]):
    """Items of a server-sent event stream, from the asynchronous client."""

    def __aiter__(self) -> AsyncIterator[T]:
        return self._iterate()

    async def _iterate(self) -> AsyncIterator[T]:
        try:
            if self._is_json_body():
                raise self._not_a_stream(await self.response.aread())
            response = self.response
            quick = self._quick_item
            chunks = response.aiter_raw() if self._plain_body() else response.aiter_bytes()
            async for chunk in chunks:
                item = quick(chunk)
                if item is not SLOW:
                    self._count += 1
                    yield item
                    continue
                for parsed in self._items(self._decoder.feed(chunk)):
                    yield parsed
                if self._done:
                    return
            for item in self._items(self._last_events()):
                yield item
            self._end()
        except (httpx.HTTPError, httpx.StreamError) as exc:
            raise self._cut(exc) from exc
        finally:
            await self.close()

    async def close(self) -> None:
        """Close the connection (also when the stream was not read to the end)."""
        await self.response.aclose()

    async def __aenter__(self) -> AsyncStream[T]:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.close()


def _json_or_text(data: str) -> object:
    try:
        return json.loads(data)
    except ValueError:
        return data


def _type_of(payload: object) -> str | None:
    """The `type` a JSON event names itself by (Responses events do; chat chunks do not)."""
    kind = cast(dict[str, object], payload).get("type") if isinstance(payload, dict) else None
    return kind if isinstance(kind, str) else None


def _error_text(payload: object) -> str:
    """The message of `{"error": ...}`, of a failed response's `{"response": {"error": ...}}`,
    or of an event that is the error itself (`{"type": "error", "message": ...}`)."""
    if isinstance(payload, dict):
        fields = cast(dict[str, object], payload)
        response = fields.get("response")
        if isinstance(response, dict) and cast(dict[str, object], response).get("error"):
            fields = cast(dict[str, object], response)
        error = fields.get("error", fields)
        if isinstance(error, dict):
            inner = cast(dict[str, object], error)
            return str(inner.get("message") or inner)
        return str(error)
    return str(payload)[:300]
