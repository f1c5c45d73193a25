"""The IR of what the config adds to operations beyond the spec, once checked against it:
how a list operation pages, which streaming operation gets a stream helper, and which
operations make up a long-running job.

Frozen values like the rest of the IR (`generator.ir`), filled in by
`normalize.helpers.configure_helpers`; fields and parameters are named as the API spells
them (wire names), so the runtime reads the same names the spec declares.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from generator.ir import Scalar, TypeRef

PageKind = Literal["offset", "page", "cursor"]


@dataclass(frozen=True, slots=True)
class Pagination:
    """How one list operation's pages follow each other.

    `param` is the query parameter that moves (`offset`, `page` or `cursor`), `size_param`
    the page size asked for (`limit`, `pageSize`) and `default_size` its spec default;
    `progress` is the response field that says whether another page follows (`hasMore`,
    `totalPages`, `nextCursor`).
    """

    kind: PageKind
    items: tuple[str, ...]
    """Path of the response field holding the page's items."""
    item_type: TypeRef
    page_model: str
    """Key of the (object) model of the JSON response: the page's fields."""
    page_class: str
    """The Python name of the page class (`Async` + it on the async client)."""
    param: str
    size_param: str | None = None
    default_size: int | None = None
    first: int = 1
    """The first page's number (`page` pages)."""
    progress: tuple[str, ...] = ()
    alone: bool = False
    """`cursor` pages: the cursor carries the other filters and is sent without them."""


@dataclass(frozen=True, slots=True)
class StreamHelper:
    """A chat completion stream helper beside a streaming operation's method."""

    name: str
    """The helper's method name (`stream`), on the operation's resource."""
    completion: str
    """Key of the (object) model the chunks make up: the operation's JSON response."""
    text_fields: tuple[str, ...]
    """Message fields whose deltas are text to concatenate; the first is the main text."""
    fixed: tuple[tuple[str, Scalar], ...] = ()
    """Top-level fields of the completion that have one possible value (`object`)."""
    defaults: tuple[tuple[str, str], ...] = ()
    """Body fields the helper sends unless the caller does: wire name, JSON text."""


@dataclass(frozen=True, slots=True)
class Carried:
    """Where a body field of `retrieve` or `complete` comes from: a field of the queue's
    response (`job`), or the same-named argument of the queue request (`argument`)."""

    target: str
    source: Literal["job", "argument"]
    wire: str


@dataclass(frozen=True, slots=True)
class Job:
    """A queue -> retrieve -> complete family, and its helper method (beside `queue`)."""

    family: str
    name: str
    queue: str
    retrieve: str
    complete: str | None
    retrieve_args: tuple[Carried, ...]
    complete_args: tuple[Carried, ...] = ()
    status: tuple[str, ...] = ()
    done: tuple[str, ...] = ()
    elapsed: tuple[str, ...] = ()
    expected: tuple[str, ...] = ()
    seconds_per_unit: float = 1.0
    file_url: tuple[str, ...] = ()
