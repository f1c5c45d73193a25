"""Pages of list operations: the first page, iterable over every item of every page.

A method whose operation pages returns its first page: the response model itself, every
field typed and reachable (`page.data`), and a `SyncPage[Item]` (`AsyncPage[Item]` on the
async client) that iterates over every item, fetching the following pages as the loop
reaches them. `iter_pages()` yields the pages themselves, `has_next_page()` says whether
another follows and `next_page()` fetches it (None after the last). On the async client
the method returns an `AsyncPaginator`: `await` it for the first page, or `async for` over
every item at once.

How pages follow each other is the operation's own (`OffsetPaging`, `PageNumberPaging`,
`CursorPaging`, filled in from the generator's config): the next request is the first one
with its query moved on, and the same path, headers, extra options and timeout.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Generator, Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Generic, TypeAlias, TypeGuard, TypeVar, cast

from pydantic import PrivateAttr
from typing_extensions import Self

from ._logs import log
from ._models import BaseModel
from ._raw import Deferred
from ._wire import field_at

if TYPE_CHECKING:
    from ._async_client import AsyncAPIClient
    from ._sync_client import SyncAPIClient

__all__ = [
    "AsyncPage",
    "AsyncPaginator",
    "CursorPaging",
    "OffsetPaging",
    "PageNumberPaging",
    "Paging",
    "SyncPage",
    "async_request_page",
    "request_page",
]

ItemT = TypeVar("ItemT")
Query: TypeAlias = Mapping[str, object]


def page_items(page: object, path: tuple[str, ...]) -> list[Any]:
    """The items a page holds at `path` (none when the page does not have a list there)."""
    items = field_at(page, path)
    return list(items) if _is_list(items) else []


def _is_list(value: object) -> TypeGuard[list[Any]]:
    return isinstance(value, list)


def _number(value: object) -> int | None:
    """A query or response value that counts (an int, not a bool), else None."""
    return value if isinstance(value, int) and not isinstance(value, bool) else None


@dataclass(frozen=True, slots=True)
class OffsetPaging:
    """Pages that skip `offset` items. The next page starts after the items seen so far;
    the walk ends at an empty page, where `has_more` (a response field) is false, or,
    without one, at a page shorter than the `limit` asked for (or `default_limit`)."""

    items: tuple[str, ...]
    offset: str
    limit: str | None = None
    default_limit: int | None = None
    has_more: tuple[str, ...] = ()

    def next_query(self, page: object, query: Query) -> dict[str, object] | None:
        """The query of the page after `page` (fetched with `query`), or None."""
        count = len(page_items(page, self.items))
        more = field_at(page, self.has_more) if self.has_more else None
        if count == 0 or more is False:
            return None
        if more is not True and _short(count, query, self.limit, self.default_limit):
            return None
        start = _number(query.get(self.offset)) or 0
        return {**query, self.offset: start + count}


@dataclass(frozen=True, slots=True)
class PageNumberPaging:
    """Numbered pages, from `first`. The walk ends at an empty page, at the last of
    `total_pages` (a response field), or, without it, at a page shorter than the
    `page_size` asked for (or `default_page_size`)."""

    items: tuple[str, ...]
    page: str
    first: int = 1
    page_size: str | None = None
    default_page_size: int | None = None
    total_pages: tuple[str, ...] = ()

    def next_query(self, page: object, query: Query) -> dict[str, object] | None:
        """The query of the page after `page` (fetched with `query`), or None."""
        count = len(page_items(page, self.items))
        number = _number(query.get(self.page))
        current = self.first if number is None else number
        total = _number(field_at(page, self.total_pages)) if self.total_pages else None
        if count == 0 or (total is not None and current >= total):
            return None
        if total is None and _short(count, query, self.page_size, self.default_page_size):
            return None
        return {**query, self.page: current + 1}


@dataclass(frozen=True, slots=True)
class CursorPaging:
    """Pages that hand out the cursor of the next one (`next_cursor`, a response field),
    sent back as the `cursor` query parameter; the walk ends when there is none. With
    `alone`, the cursor carries the other filters and is sent without them."""

    items: tuple[str, ...]
    cursor: str
    next_cursor: tuple[str, ...]
    alone: bool = False

    def next_query(self, page: object, query: Query) -> dict[str, object] | None:
        """The query of the page after `page` (fetched with `query`), or None."""
        token = field_at(page, self.next_cursor)
        if not isinstance(token, str) or not token:
            return None
        if token == query.get(self.cursor):
            # Asking again would return this page again, forever.
            log.warning("the API gave the cursor it was sent as the next one; the walk stops")
            return None
        return {self.cursor: token} if self.alone else {**query, self.cursor: token}


Paging: TypeAlias = OffsetPaging | PageNumberPaging | CursorPaging


def _short(count: int, query: Query, size: str | None, default: int | None) -> bool:
    """Whether a page of `count` items is shorter than the page size asked for."""
    asked = _number(query.get(size)) if size else None
    wanted = asked if asked is not None else default
    return wanted is not None and count < wanted


class _Page(BaseModel):
    """What a page knows besides its fields: how it was fetched and how pages follow."""

    _paging: Paging | None = PrivateAttr(default=None)
    _query: dict[str, object] = PrivateAttr(default_factory=dict[str, object])

    def _bind(self, paging: Paging, query: Query) -> None:
        self._paging = paging
        self._query = dict(query)

    def _page_items(self) -> list[Any]:
        return page_items(self, self._paging.items) if self._paging is not None else []

    def _next_query(self) -> dict[str, object] | None:
        return self._paging.next_query(self, self._query) if self._paging is not None else None

    def has_next_page(self) -> bool:
        """Whether another page follows this one."""
        return self._next_query() is not None


class SyncPage(_Page, Generic[ItemT]):
    """A page from the synchronous client, iterable over every item of every page."""

    _fetch: Callable[[Query], Any] | None = PrivateAttr(default=None)

    # A page iterates over its items, not over its fields as pydantic models do.
    def __iter__(self) -> Iterator[ItemT]:  # type: ignore[override]
        """Every item of this page and of the pages after it, fetched as they are reached."""
        for page in self.iter_pages():
            yield from page._page_items()

    def iter_pages(self) -> Iterator[Self]:
        """This page and every page after it, fetched one by one."""
        page: Self | None = self
        while page is not None:
            yield page
            page = page.next_page()

    def next_page(self) -> Self | None:
        """The page after this one (a request), or None after the last."""
        query = self._next_query()
        if query is None or self._fetch is None:
            return None
        return cast(Self, self._fetch(query))


class AsyncPage(_Page, Generic[ItemT]):
    """A page from the asynchronous client, async-iterable over every item of every page."""

    _fetch: Callable[[Query], Awaitable[Any]] | None = PrivateAttr(default=None)

    def __aiter__(self) -> AsyncIterator[ItemT]:
        """Every item of this page and of the pages after it, fetched as they are reached."""
        return self._every_item()

    async def _every_item(self) -> AsyncIterator[ItemT]:
        async for page in self.iter_pages():
            for item in page._page_items():
                yield item

    async def iter_pages(self) -> AsyncIterator[Self]:
        """This page and every page after it, fetched one by one."""
        page: Self | None = self
        while page is not None:
            yield page
            page = await page.next_page()

    async def next_page(self) -> Self | None:
        """The page after this one (a request), or None after the last."""
        query = self._next_query()
        if query is None or self._fetch is None:
            return None
        return cast(Self, await self._fetch(query))


# (Bounds by name: `SyncPage[Any]` itself would build the page model's validator at import.)
SyncPageT = TypeVar("SyncPageT", bound="SyncPage[Any]")
AsyncPageT = TypeVar("AsyncPageT", bound="AsyncPage[Any]")


class AsyncPaginator(Generic[AsyncPageT, ItemT]):
    """An async list call not yet awaited: `await` it for its first page, or iterate over
    every item of every page with `async for`."""

    def __init__(self, first: Callable[[], Awaitable[AsyncPageT]]) -> None:
        self._first = first

    def __await__(self) -> Generator[Any, None, AsyncPageT]:
        return self._first().__await__()

    def __aiter__(self) -> AsyncIterator[ItemT]:
        return self._every_item()

    async def _every_item(self) -> AsyncIterator[ItemT]:
        page = await self
        async for item in page:
            yield cast(ItemT, item)


def _bound(result: object, bind: Callable[[Any], Any]) -> Any:
    """The fetched page bound to its walk; under `with_raw_response` or
    `with_streaming_response`, the deferred result whose page, once made, is bound."""
    if isinstance(result, Deferred):
        deferred = result
        return Deferred(deferred.response, lambda: bind(deferred.make()), deferred.reads_body)
    return bind(result)


def request_page(
    client: SyncAPIClient,
    paging: Paging,
    method: str,
    path: str,
    *,
    cast_to: type[SyncPageT],
    query: Query | None = None,
    **options: Any,
) -> SyncPageT:
    """`client.request(...)` for an operation that pages: its first page, which fetches the
    pages after it with the same options."""

    def fetch(page_query: Query) -> SyncPageT:
        def bind(page: SyncPageT) -> SyncPageT:
            page._bind(paging, page_query)
            page._fetch = fetch
            return page

        result = client.request(method, path, cast_to=cast_to, query=page_query, **options)
        return cast(SyncPageT, _bound(result, bind))

    return fetch(dict(query or {}))


def async_request_page(
    client: AsyncAPIClient,
    paging: Paging,
    method: str,
    path: str,
    *,
    cast_to: type[AsyncPageT],
    query: Query | None = None,
    **options: Any,
) -> AsyncPaginator[AsyncPageT, Any]:
    """The async `request_page`: a paginator to await (the first page) or iterate."""

    async def fetch(page_query: Query) -> AsyncPageT:
        def bind(page: AsyncPageT) -> AsyncPageT:
            page._bind(paging, page_query)
            page._fetch = fetch
            return page

        result = await client.request(method, path, cast_to=cast_to, query=page_query, **options)
        return cast(AsyncPageT, _bound(result, bind))

    return AsyncPaginator(lambda: fetch(dict(query or {})))
