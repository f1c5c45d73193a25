"""Pages (`generator/runtime/_pagination.py`), tested from the source tree.

A page is the response model of its first request and iterates over every item of every
page, fetching the next one only when the loop reaches it; the three ways pages follow
each other (offset, page number, cursor) and where each walk ends, sync and async.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from typing import Any

import httpx
import pytest
from pydantic import Field

from generator.runtime._async_client import AsyncAPIClient
from generator.runtime._models import BaseModel
from generator.runtime._pagination import (
    AsyncPage,
    CursorPaging,
    OffsetPaging,
    PageNumberPaging,
    Paging,
    SyncPage,
    async_request_page,
    request_page,
)
from generator.runtime._raw import RawResponse, to_raw_response_wrapper
from generator.runtime._sync_client import SyncAPIClient

Answer = Callable[[httpx.Request], dict[str, Any]]


class Item(BaseModel):
    name: str


class Listing(BaseModel):
    data: list[Item]
    next_cursor: str | None = Field(default=None, alias="nextCursor")
    total_pages: int | None = Field(default=None, alias="totalPages")


class ListingPage(SyncPage[Item], Listing):
    pass


class AsyncListingPage(AsyncPage[Item], Listing):
    pass


class Server:
    """Answers list requests from `answer` and records their query strings."""

    def __init__(self, answer: Answer) -> None:
        self.answer = answer
        self.queries: list[dict[str, str]] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.queries.append(dict(request.url.params))
        return httpx.Response(200, json=self.answer(request))

    def sync_client(self) -> SyncAPIClient:
        transport = httpx.MockTransport(self)
        return SyncAPIClient(
            api_key="k",
            base_url="http://api.test/v1",
            http_client=httpx.Client(transport=transport),
        )

    def async_client(self) -> AsyncAPIClient:
        transport = httpx.MockTransport(self)
        http = httpx.AsyncClient(transport=transport)
        return AsyncAPIClient(api_key="k", base_url="http://api.test/v1", http_client=http)


def items(*names: str) -> list[dict[str, str]]:
    return [{"name": n} for n in names]


def by_offset(total: int, default_limit: int = 2) -> Answer:
    """An offset API over `total` items named 0, 1, ..."""

    def answer(request: httpx.Request) -> dict[str, Any]:
        offset = int(request.url.params.get("offset", 0))
        limit = int(request.url.params.get("limit", default_limit))
        return {"data": items(*map(str, range(offset, min(offset + limit, total))))}

    return answer


OFFSET = OffsetPaging(items=("data",), offset="offset", limit="limit", default_limit=2)


def first_page(server: Server, paging: Paging, **query: object) -> ListingPage:
    return request_page(
        server.sync_client(), paging, "get", "/things", cast_to=ListingPage, query=query
    )


def test_a_page_is_its_response_model_and_iterates_every_item_lazily() -> None:
    server = Server(by_offset(5))
    page = first_page(server, OFFSET, tag="x")
    assert isinstance(page, Listing) and [i.name for i in page.data] == ["0", "1"]
    assert len(server.queries) == 1  # nothing fetched before the loop needs it
    names = [item.name for item in page]
    assert names == ["0", "1", "2", "3", "4"]
    assert server.queries == [
        {"tag": "x"},
        {"tag": "x", "offset": "2"},
        {"tag": "x", "offset": "4"},
    ]  # the third page is short: the walk ends without asking for a fourth


def test_offset_walks_end_at_an_empty_page_without_a_known_limit() -> None:
    server = Server(by_offset(3))
    paging = OffsetPaging(items=("data",), offset="offset", limit="limit")
    assert [i.name for i in first_page(server, paging)] == ["0", "1", "2"]
    assert server.queries[-1] == {"offset": "3"} and len(server.queries) == 3


def test_a_limit_given_by_the_caller_decides_what_a_short_page_is() -> None:
    server = Server(by_offset(7))
    assert [i.name for i in first_page(server, OFFSET, limit=3)] == [str(n) for n in range(7)]
    assert [q.get("offset") for q in server.queries] == [None, "3", "6"]


def test_has_more_ends_an_offset_walk() -> None:
    paging = OffsetPaging(items=("data",), offset="offset", has_more=("more",))
    pages = iter([{"data": items("a", "b"), "more": True}, {"data": items("c"), "more": False}])
    server = Server(lambda request: next(pages))
    page = first_page(server, paging)
    assert page.has_next_page()
    assert [i.name for i in page] == ["a", "b", "c"]


def test_page_numbers_stop_at_the_total() -> None:
    paging = PageNumberPaging(items=("data",), page="page", total_pages=("totalPages",))
    server = Server(lambda r: {"data": items(r.url.params.get("page", "1")), "totalPages": 3})
    pages = list(first_page(server, paging).iter_pages())
    assert [p.data[0].name for p in pages] == ["1", "2", "3"]
    assert pages[-1].next_page() is None and not pages[-1].has_next_page()


def test_cursor_pages_send_the_cursor_alone_when_it_carries_the_filters() -> None:
    cursors = {None: "c1", "c1": "c2", "c2": None}

    def answer(request: httpx.Request) -> dict[str, Any]:
        cursor = request.url.params.get("cursor")
        return {"data": items(str(cursor)), "nextCursor": cursors[cursor]}

    server = Server(answer)
    paging = CursorPaging(items=("data",), cursor="cursor", next_cursor=("nextCursor",), alone=True)
    assert [i.name for i in first_page(server, paging, currency="USD")] == ["None", "c1", "c2"]
    assert server.queries == [{"currency": "USD"}, {"cursor": "c1"}, {"cursor": "c2"}]


def test_a_cursor_that_does_not_move_ends_the_walk(caplog: pytest.LogCaptureFixture) -> None:
    server = Server(lambda request: {"data": items("same"), "nextCursor": "c1"})
    paging = CursorPaging(items=("data",), cursor="cursor", next_cursor=("nextCursor",))
    assert [i.name for i in first_page(server, paging)] == ["same", "same"]
    assert "cursor it was sent" in caplog.text


def test_next_page_keeps_the_first_requests_options() -> None:
    seen: list[httpx.Request] = []

    def answer(request: httpx.Request) -> dict[str, Any]:
        seen.append(request)
        return by_offset(4)(request)

    server = Server(answer)
    page = request_page(
        server.sync_client(),
        OFFSET,
        "get",
        "/things",
        cast_to=ListingPage,
        headers={"X-Wallet": "w1"},
        extra_query={"debug": "1"},
    )
    following = page.next_page()
    assert following is not None and [i.name for i in following.data] == ["2", "3"]
    assert seen[1].headers["x-wallet"] == "w1" and seen[1].url.params["debug"] == "1"


def test_raw_responses_parse_to_pages_that_still_walk() -> None:
    server = Server(by_offset(3))
    client = server.sync_client()

    def listing() -> ListingPage:
        return request_page(client, OFFSET, "get", "/things", cast_to=ListingPage)

    raw: Any = to_raw_response_wrapper(listing)()
    assert isinstance(raw, RawResponse) and raw.status_code == 200
    assert [i.name for i in raw.parse()] == ["0", "1", "2"]


def test_a_page_that_is_not_a_list_where_items_should_be_has_none() -> None:
    server = Server(lambda request: {"data": "oops"})
    page = first_page(server, OFFSET)
    assert list(page) == [] and not page.has_next_page()


def test_async_pages_walk_the_same_way() -> None:
    server = Server(by_offset(5))

    async def main() -> tuple[list[str], list[str], int]:
        client = server.async_client()
        paginator = async_request_page(
            client, OFFSET, "get", "/things", cast_to=AsyncListingPage, query={}
        )
        first = await paginator
        everything = [item.name async for item in first]
        direct = [
            item.name
            async for item in async_request_page(
                client, OFFSET, "get", "/things", cast_to=AsyncListingPage
            )
        ]
        pages = [page async for page in first.iter_pages()]
        return everything, direct, len(pages)

    everything, direct, pages = asyncio.run(main())
    assert everything == direct == ["0", "1", "2", "3", "4"]
    assert pages == 3


def test_async_next_page_and_has_next_page() -> None:
    server = Server(by_offset(3))

    async def main() -> list[str | None]:
        client = server.async_client()
        first = await async_request_page(client, OFFSET, "get", "/things", cast_to=AsyncListingPage)
        second = await first.next_page()
        assert second is not None and not second.has_next_page()
        return [first.data[0].name, second.data[0].name, str(await second.next_page())]

    assert asyncio.run(main()) == ["0", "2", "None"]


def test_pages_built_by_hand_do_not_walk() -> None:
    page = ListingPage.model_validate({"data": items("a")})
    assert list(page) == [] and page.next_page() is None
    assert json.loads(page.model_dump_json(by_alias=True))["data"] == [{"name": "a"}]
