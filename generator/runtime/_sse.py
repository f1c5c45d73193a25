"""Reading a server-sent event stream's bytes: `EventDecoder` (the WHATWG rules, any
framing) and `QuickPath` (the common case, quickly).

Servers send one event per HTTP chunk, `data: {...}` and a blank line. `QuickPath` turns
such a chunk into its item with a few bytes operations and pydantic-core's own JSON
parser (no text decoding, no `json.loads`, no event object), and leaves every other chunk
to the decoder and the stream's general path (`_streaming`), which then takes it whole:
other framing (several events or lines, `\r`, comments, `event:` or `id:` fields, an event
split across chunks), the end of the stream, an event that may report an error or end
the stream, data that is not the item type (built leniently there, or the error raised).
The two paths give the same items.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Final, cast

import pydantic

__all__ = ["SLOW", "EventDecoder", "QuickPath", "ServerSentEvent", "always_slow"]

_BOM = b"\xef\xbb\xbf"
SLOW: Final = object()
"""What `QuickPath.item` gives for a chunk it leaves to `EventDecoder.feed`."""


@dataclass(frozen=True, slots=True)
class ServerSentEvent:
    """One event: its `event` name (default "message"), `data`, and `id`."""

    data: str
    event: str = "message"
    id: str | None = None


class EventDecoder:
    """Incremental SSE parser (WHATWG rules): feed bytes in, get complete events out. A
    byte-order mark at the start is dropped; a block without a `data` line (`event: ping`)
    is not an event.

    `idle` says that the stream has started (a byte-order mark is no longer possible) and
    that no event is in progress: a chunk may then be read without the decoder (see
    `QuickPath`) when it is one whole event that changes none of its state (no `id`)."""

    def __init__(self) -> None:
        self._pending = b""
        self._data: list[str] = []
        self._event = ""
        self._id: str | None = None
        self._started = False
        self.idle = False

    def feed(self, chunk: bytes) -> list[ServerSentEvent]:
        """Events completed by `chunk`."""
        buffer = self._pending + chunk
        if not self._started:
            if len(buffer) < len(_BOM) and _BOM.startswith(buffer):
                self._pending = buffer  # maybe the start of a byte-order mark: wait
                return []
            self._started = True
            buffer = buffer.removeprefix(_BOM)
        if b"\r" in buffer:
            if buffer.endswith(b"\r"):  # maybe half of a CRLF: wait for the next byte
                buffer, tail = buffer[:-1], b"\r"
            else:
                tail = b""
            buffer = buffer.replace(b"\r\n", b"\n").replace(b"\r", b"\n") + tail
        lines = buffer.split(b"\n")
        self._pending = lines.pop()
        events: list[ServerSentEvent] = []
        for line in lines:
            event = self._line(line)
            if event is not None:
                events.append(event)
        self.idle = not (self._pending or self._data or self._event)
        return events

    @property
    def in_progress(self) -> bool:
        """Whether an event has started but not ended (bytes or fields not yet dispatched)."""
        return bool(self._pending or self._data or self._event)

    def _line(self, raw: bytes) -> ServerSentEvent | None:
        if not raw:
            if not self._data:  # no data: nothing to dispatch (WHATWG), the type is reset
                self._event = ""
                return None
            event = ServerSentEvent("\n".join(self._data), self._event or "message", self._id)
            self._data, self._event = [], ""
            return event
        if raw.startswith(b":"):
            return None
        name, _, value = raw.partition(b":")
        if value.startswith(b" "):
            value = value[1:]
        text = value.decode("utf-8", errors="replace")
        if name == b"data":
            self._data.append(text)
        elif name == b"event":
            self._event = text
        elif name == b"id" and "\0" not in text:
            self._id = text
        return None


@dataclass(frozen=True, slots=True)
class QuickPath:
    """Items straight from chunks that are one plain `data:` event each (see the module),
    for one stream, whose `decoder` takes every other chunk.

    Before validating, the data is searched for `markers` (`"error"` when an error-shaped
    object could also pass for the item); after, the item's JSON `type` (its `type_field`
    attribute, or an extra key `type`) is looked at when `kinds` (types that end a stream
    or report an error) are given. Either sends the chunk to the general path, which
    decides."""

    decoder: EventDecoder
    validate: Callable[..., Any]
    done: bytes
    markers: tuple[bytes, ...]
    type_field: str | None
    kinds: frozenset[str]

    @classmethod
    def of(
        cls,
        decoder: EventDecoder,
        item_type: object,
        *,
        done: str,
        kinds: frozenset[str],
        error_field: str | None,
        item_fields: frozenset[str],
    ) -> QuickPath | None:
        """The quick path beside `decoder` for items of `item_type` under a stream's rules;
        None when the item type is not a model class (or cannot be built yet), or when a
        plain event's name ("message") is itself one of `kinds`."""
        if not (isinstance(item_type, type) and issubclass(item_type, pydantic.BaseModel)):
            return None
        model = item_type
        if "message" in kinds or (
            not model.__pydantic_complete__ and not model.model_rebuild(raise_errors=False)
        ):
            return None  # (the general path then says why, as a `VeniceError`)
        wire = {name: field.alias or name for name, field in model.model_fields.items()}
        required = {wire[n] for n, f in model.model_fields.items() if f.is_required()}
        # An object with an item field is an item, never an error: a model that requires
        # one cannot validate an error event, so its data need not be searched.
        markers = () if error_field is None or required & item_fields else (error_field,)
        validator: Any = model.__pydantic_validator__
        return cls(
            decoder=decoder,
            validate=cast(Callable[..., Any], validator.validate_json),
            done=done.encode(),
            markers=tuple(f'"{marker}"'.encode() for marker in markers),
            type_field=next((n for n, key in wire.items() if key == "type"), None),
            kinds=kinds,
        )

    def item(self, chunk: bytes) -> Any:
        """The item of `chunk` (an instance of the model), or `SLOW` when the decoder and
        the general path must take the chunk (nothing has been consumed then)."""
        # One `data:` line and the blank line after it: the first line break is the
        # last but one byte and the last is one too; no `\r` (a line break as well).
        if (
            not self.decoder.idle
            or not chunk.startswith(b"data:")
            or chunk.find(b"\n") != len(chunk) - 2
            or not chunk.endswith(b"\n\n")
            or chunk.find(b"\r") >= 0
        ):
            return SLOW
        data = chunk[6:-2] if chunk[5:6] == b" " else chunk[5:-2]
        if not data or data == self.done:
            return SLOW
        for marker in self.markers:
            if data.find(marker) >= 0:
                return SLOW
        try:
            item = self.validate(data, by_alias=True, by_name=False)
        except pydantic.ValidationError:
            return SLOW
        if self.kinds:
            if self.type_field is None:
                extra = item.__pydantic_extra__
                kind = None if extra is None else extra.get("type")
            else:
                kind = getattr(item, self.type_field)
            if isinstance(kind, str) and kind in self.kinds:
                return SLOW
        return item


def always_slow(chunk: bytes) -> Any:
    """The quick path of a stream that has none: every chunk goes to the decoder."""
    return SLOW
