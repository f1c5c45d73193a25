"""What a chat completion stream helper reports as chunks arrive, and how it builds the
completion they make up (no I/O: `ChatAccumulator` is fed the chunks' data).

Chunks are OpenAI-style chat completion chunks: `choices[].delta` holds what a chunk adds
to the message of choice `choices[].index`. The text fields (`content`, and whatever the
API adds, such as `reasoning_content`) and each tool call's `function.arguments` are
concatenated; every other field keeps the last value sent (a `role` repeated in every
chunk stays `assistant`). Top-level fields (`id`, `model`, `usage` in the last chunk, ...)
keep their last value too, and `fixed` ones (the completion's `object`) are set.
"""

from __future__ import annotations

import copy
import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Generic, Literal, TypeAlias, TypeVar, cast

__all__ = [
    "ChatAccumulator",
    "ChatStreamEvent",
    "ChunkEvent",
    "TextDeltaEvent",
    "TextDoneEvent",
    "ToolCallDeltaEvent",
    "ToolCallDoneEvent",
]

ChunkT = TypeVar("ChunkT")


@dataclass(frozen=True, slots=True)
class ChunkEvent(Generic[ChunkT]):
    """A chunk as it arrived (every chunk gives one, before the events it causes)."""

    chunk: ChunkT
    type: Literal["chunk"] = dataclasses.field(default="chunk", init=False)


@dataclass(frozen=True, slots=True)
class TextDeltaEvent:
    """Text added to a text field (`field`: `content`, ...) of a choice's message."""

    field: str
    delta: str
    snapshot: str
    """The field's whole text so far."""
    choice: int
    type: Literal["text.delta"] = dataclasses.field(default="text.delta", init=False)


@dataclass(frozen=True, slots=True)
class TextDoneEvent:
    """A text field of a choice's message is complete (the choice finished)."""

    field: str
    text: str
    choice: int
    type: Literal["text.done"] = dataclasses.field(default="text.done", init=False)


@dataclass(frozen=True, slots=True)
class ToolCallDeltaEvent:
    """Arguments added to tool call `index` of a choice's message."""

    index: int
    name: str | None
    arguments_delta: str
    arguments: str
    """The arguments so far (JSON text, complete only when the call is done)."""
    choice: int
    type: Literal["tool_call.delta"] = dataclasses.field(default="tool_call.delta", init=False)


@dataclass(frozen=True, slots=True)
class ToolCallDoneEvent:
    """Tool call `index` of a choice's message is complete."""

    index: int
    id: str | None
    name: str | None
    arguments: str
    choice: int
    type: Literal["tool_call.done"] = dataclasses.field(default="tool_call.done", init=False)


ChatStreamEvent: TypeAlias = (
    ChunkEvent[ChunkT] | TextDeltaEvent | TextDoneEvent | ToolCallDeltaEvent | ToolCallDoneEvent
)
"""Any event of a chat completion stream; tell them apart by `type` (or `isinstance`)."""
_Event: TypeAlias = TextDeltaEvent | TextDoneEvent | ToolCallDeltaEvent | ToolCallDoneEvent
_Data: TypeAlias = dict[str, Any]


def _mapping(value: object) -> _Data | None:
    return cast(_Data, value) if isinstance(value, dict) else None


def _update(target: _Data, source: _Data, *, skip: tuple[str, ...]) -> None:
    """Set the fields `source` sends (not null), but those in `skip`."""
    target.update((k, v) for k, v in source.items() if k not in skip and v is not None)


def _text(value: object) -> str:
    return value if isinstance(value, str) else ""


class ChatAccumulator:
    """The completion so far, built from chunk data, and the events each chunk causes."""

    def __init__(self, text_fields: tuple[str, ...], fixed: Mapping[str, object]) -> None:
        self._text_fields = text_fields
        self._fixed = dict(fixed)
        self._top: _Data = {}
        self._choices: dict[int, _Data] = {}
        self._calls: dict[tuple[int, int], _Data] = {}
        self._done: set[int] = set()

    def add(self, data: object) -> list[_Event]:
        """Take one chunk's data (as the API sent it); the events it causes."""
        chunk = _mapping(data) or {}
        self._top.update((k, v) for k, v in chunk.items() if k != "choices" and v is not None)
        events: list[_Event] = []
        choices = chunk.get("choices")
        for raw in cast(list[object], choices) if isinstance(choices, list) else []:
            choice = _mapping(raw)
            if choice is not None:
                events += self._choice(choice)
        return events

    def finish(self) -> list[_Event]:
        """The events of the choices the stream ended without finishing."""
        return [e for index in sorted(self._choices) for e in self._finished(index)]

    def snapshot(self) -> _Data:
        """The completion so far, as the API's data (a copy)."""
        choices = [self._choices[index] for index in sorted(self._choices)]
        return copy.deepcopy({**self._top, **self._fixed, "choices": choices})

    def _choice(self, raw: _Data) -> list[_Event]:
        index = raw.get("index")
        index = index if isinstance(index, int) else 0
        choice = self._choices.setdefault(index, {"index": index, "message": {}})
        events = self._delta(index, choice["message"], _mapping(raw.get("delta")) or {})
        _update(choice, raw, skip=("index", "delta"))
        if raw.get("finish_reason") is not None:
            events += self._finished(index)
        return events

    def _delta(self, choice: int, message: _Data, delta: _Data) -> list[_Event]:
        events: list[_Event] = []
        for key, value in delta.items():
            if value is None:
                continue
            if key in self._text_fields and isinstance(value, str):
                message[key] = _text(message.get(key)) + value
                if value:
                    events.append(TextDeltaEvent(key, value, message[key], choice))
            elif key == "tool_calls" and isinstance(value, list):
                for call in cast(list[object], value):
                    events += self._tool_call(choice, message, _mapping(call) or {})
            else:
                message[key] = value
        return events

    def _tool_call(self, choice: int, message: _Data, delta: _Data) -> list[_Event]:
        calls: list[_Data] = message.setdefault("tool_calls", [])
        index = delta.get("index")
        index = index if isinstance(index, int) else len(calls)
        call = self._calls.get((choice, index))
        if call is None:
            call = self._calls[(choice, index)] = {}
            calls.append(call)
        _update(call, delta, skip=("index", "function"))
        function: _Data = call.setdefault("function", {})
        added = ""
        for key, value in (_mapping(delta.get("function")) or {}).items():
            if key == "arguments" and isinstance(value, str):
                added = value
                function["arguments"] = _text(function.get("arguments")) + value
            elif value is not None:
                function[key] = value
        if not added:
            return []
        name = function.get("name")
        arguments = _text(function.get("arguments"))
        return [ToolCallDeltaEvent(index, name, added, arguments, choice)]

    def _finished(self, index: int) -> list[_Event]:
        if index in self._done:
            return []
        self._done.add(index)
        message: _Data = self._choices[index]["message"]
        events: list[_Event] = [
            TextDoneEvent(key, message[key], index)
            for key in self._text_fields
            if isinstance(message.get(key), str) and message[key]
        ]
        for (choice, call_index), call in sorted(self._calls.items()):
            if choice == index:
                function: _Data = call.get("function", {})
                events.append(
                    ToolCallDoneEvent(
                        call_index,
                        call.get("id"),
                        function.get("name"),
                        _text(function.get("arguments")),
                        index,
                    )
                )
        return events
