"""The config's settings for the helpers the spec cannot describe: how list operations page
(`pagination` on an operation), the chat stream helper (`stream_helper`), and long-running
job helpers (`[jobs]`). Field and parameter names are the API's own (wire names); paths into
a response are dotted (`data.pagination.hasMore`). `normalize.helpers` checks each setting
against the spec and reports what does not fit.
"""

from __future__ import annotations

import re
from keyword import iskeyword
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, JsonValue, field_validator

_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_OPERATION_KEY = re.compile(r"(GET|PUT|POST|DELETE|OPTIONS|HEAD|PATCH|TRACE) /\S*")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _method_name(value: str) -> str:
    if not _IDENTIFIER.fullmatch(value) or iskeyword(value):
        raise ValueError(f"{value!r} must be a method name, like 'stream'")
    return value


def _operation_key(value: str | None) -> str | None:
    if value is not None and not _OPERATION_KEY.fullmatch(value):
        raise ValueError(f"operation key {value!r} must look like 'POST /video/queue'")
    return value


class OffsetPagination(_Strict):
    """Pages that skip items: the next page's `offset` is the number of items seen."""

    kind: Literal["offset"]
    items: str
    """The response field that holds the items (dotted path)."""
    offset: str = "offset"
    limit: str | None = None
    """The page size parameter: a page shorter than it (or its default) is the last."""
    has_more: str | None = None
    """A boolean response field that says whether more items follow."""


class PagePagination(_Strict):
    """Numbered pages: the next page's `page` is one more."""

    kind: Literal["page"]
    items: str
    page: str = "page"
    page_size: str | None = None
    total_pages: str | None = None
    """A response field with the number of pages."""


class CursorPagination(_Strict):
    """Pages that give the next page's cursor (`next_cursor`), sent back as `cursor`."""

    kind: Literal["cursor"]
    items: str
    cursor: str = "cursor"
    next_cursor: str
    cursor_alone: bool = False
    """The cursor carries the walk's filters: the next request sends it without them."""


PaginationConfig = Annotated[
    OffsetPagination | PagePagination | CursorPagination, Field(discriminator="kind")
]


class StreamHelperConfig(_Strict):
    """A chat stream helper method beside a `stream = true` operation's method
    (`client.chat.completions.stream(...)`): events, text deltas, the final completion."""

    method: str
    text: list[str] = Field(default=["content"], min_length=1)
    """The message fields whose deltas are text (concatenated); the first is the main text."""
    defaults: dict[str, JsonValue] = {}
    """Request body fields the helper sends unless the caller gives them (asking for usage)."""

    @field_validator("method")
    @classmethod
    def _method(cls, value: str) -> str:
        return _method_name(value)


class JobConfig(_Strict):
    """A long-running job family (`[jobs.<family>]`): `queue` starts it, `retrieve` answers
    with a status or the file, `complete` deletes the media. The helper method goes beside
    `queue`'s; it sends `retrieve` and `complete` the fields they require from `queue`'s
    answer (or from its own arguments)."""

    method: str
    queue: str
    retrieve: str
    complete: str | None = None
    status: str | None = None
    """The status field of `retrieve`'s JSON answer."""
    done: list[str] = []
    """Status values that mean the job is done (then `file_url` is fetched)."""
    elapsed: str | None = None
    """How long the job has run so far (a number field of `retrieve`'s answer)."""
    expected: str | None = None
    """How long the job is expected to take in all."""
    time_unit: Literal["s", "ms"] = "s"
    file_url: str | None = None
    """A field of `queue`'s answer: where the file is once the status is done (a URL signed
    on its own: fetched without the client's credentials)."""

    @field_validator("method")
    @classmethod
    def _method(cls, value: str) -> str:
        return _method_name(value)

    @field_validator("queue", "retrieve", "complete")
    @classmethod
    def _operation(cls, value: str | None) -> str | None:
        return _operation_key(value)
