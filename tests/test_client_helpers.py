"""The committed client's helpers, as callers use them (through `httpx.MockTransport`): lists
that page, the chat stream helper and the job helpers, sync and async."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from typing import Any

import httpx
import pytest
import venice_ai
import venice_ai.exceptions
from venice_ai import (
    APIResponseValidationError,
    AsyncVeniceClient,
    JobProgress,
    JobTimeoutError,
    RawResponse,
    VeniceClient,
)
from venice_ai.types import (
    BillingUsageHistoryResponse,
    CharacterListPage,
    CharacterListResponse,
    ChatCompletion,
)

Answer = Callable[[httpx.Request], httpx.Response]


class Server:
    """Records requests and answers them with `answer`."""

    def __init__(self, answer: Answer) -> None:
        self.answer = answer
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        request.read()
        self.requests.append(request)
        return self.answer(request)

    def sync(self) -> VeniceClient:
        http = httpx.Client(transport=httpx.MockTransport(self))
        return VeniceClient(api_key="sk-test", max_retries=0, http_client=http)

    def asynchronous(self) -> AsyncVeniceClient:
        http = httpx.AsyncClient(transport=httpx.MockTransport(self))
        return AsyncVeniceClient(api_key="sk-test", max_retries=0, http_client=http)

    def queries(self) -> list[dict[str, str]]:
        return [dict(r.url.params) for r in self.requests]


def character(n: int) -> dict[str, Any]:
    return {
        "adult": False,
        "author": "a",
        "createdAt": "2025-01-01",
        "featured": False,
        "id": str(n),
        "name": f"Character {n}",
        "slug": f"c-{n}",
        "stats": {
            "averageRating": 4,
            "imports": 1,
            "ratingCount": 1,
            "ratingSum": 4,
            "userRating": None,
        },
        "tags": [],
        "updatedAt": "2025-01-01",
        "webEnabled": True,
        "modelId": "m",
    }


def characters(total: int) -> Answer:
    """`GET /characters` over `total` characters (the server's page size is the spec's 50)."""

    def answer(request: httpx.Request) -> httpx.Response:
        offset = int(request.url.params.get("offset", 0))
        limit = int(request.url.params.get("limit", 50))
        data = [character(n) for n in range(offset, min(offset + limit, total))]
        return httpx.Response(200, json={"data": data, "object": "list"})

    return answer


def test_a_list_is_its_first_page_and_iterates_every_character() -> None:
    server = Server(characters(53))
    with server.sync() as client:
        page = client.characters.list(is_adult="false")
        assert isinstance(page, CharacterListResponse) and isinstance(page, CharacterListPage)
        assert len(page.data) == 50 and page.object == "list" and page.has_next_page()
        slugs = [c.slug for c in page]
    assert slugs == [f"c-{n}" for n in range(53)]
    # The spec's default page size (50) says the second page, of 3, is the last.
    assert server.queries() == [{"isAdult": "false"}, {"isAdult": "false", "offset": "50"}]


def test_async_lists_iterate_directly_or_give_their_first_page_when_awaited() -> None:
    server = Server(characters(7))

    async def main() -> tuple[list[str], int, bool]:
        async with server.asynchronous() as client:
            slugs = [c.slug async for c in client.characters.list(limit=5)]
            first = await client.characters.list(limit=5)
            second = await first.next_page()
            assert second is not None and await second.next_page() is None
            return slugs, len(first.data), first.has_next_page()

    slugs, first_count, more = asyncio.run(main())
    assert slugs == [f"c-{n}" for n in range(7)] and first_count == 5 and more
    assert [q.get("offset") for q in server.queries()] == [None, "5", None, "5"]


def test_reviews_page_by_number_until_the_last_page() -> None:
    def answer(request: httpx.Request) -> httpx.Response:
        number = int(request.url.params.get("page", 1))
        review = {
            "characterId": "c",
            "createdAt": "t",
            "id": f"r{number}",
            "isOwner": False,
            "locale": None,
            "message": None,
            "rating": 5,
            "userAvatarUrl": None,
            "username": "u",
        }
        pagination = {"page": number, "pageSize": 1, "total": 3, "totalPages": 3}
        summary = {"averageRating": 5, "totalReviews": 3}
        body = {"data": [review], "object": "list", "pagination": pagination, "summary": summary}
        return httpx.Response(200, json=body)

    server = Server(answer)
    with server.sync() as client:
        reviews = client.characters.list_reviews("alan-watts", page_size=1)
        assert reviews.summary.total_reviews == 3
        assert [p.data[0].id for p in reviews.iter_pages()] == ["r1", "r2", "r3"]
    assert [r.url.path for r in server.requests] == ["/api/v1/characters/alan-watts/reviews"] * 3
    assert [q.get("page") for q in server.queries()] == [None, "2", "3"]


def test_usage_history_follows_cursors_sent_alone_and_asks_for_json() -> None:
    cursors = {None: "n1", "n1": None}

    def answer(request: httpx.Request) -> httpx.Response:
        cursor = request.url.params.get("cursor")
        return httpx.Response(200, json={"data": [], "nextCursor": cursors[cursor]})

    server = Server(answer)
    with server.sync() as client:
        pages = list(client.billing.get_usage_history(currency="USD", page_size=10).iter_pages())
    assert len(pages) == 2 and isinstance(pages[0], BillingUsageHistoryResponse)
    assert server.queries() == [{"currency": "USD", "pageSize": "10"}, {"cursor": "n1"}]
    assert {r.headers["accept"] for r in server.requests} == {"application/json"}


def test_a_csv_page_is_refused_as_not_what_the_method_returns() -> None:
    server = Server(
        lambda request: httpx.Response(200, text="a,b\n", headers={"content-type": "text/csv"})
    )
    with server.sync() as client, pytest.raises(APIResponseValidationError, match="text/csv"):
        client.billing.get_usage_history(extra_headers={"Accept": "text/csv"})


def test_x402_transactions_stop_where_the_api_says_no_more() -> None:
    def answer(request: httpx.Request) -> httpx.Response:
        offset = int(request.url.params.get("offset", 0))
        entry = {
            "id": str(offset),
            "amount": -1,
            "balanceAfter": 1,
            "type": "CHARGE",
            "createdAt": "t",
            "requestId": None,
            "modelId": None,
        }
        data = {
            "walletAddress": "w",
            "currentBalance": 1,
            "transactions": [entry],
            "pagination": {"limit": 50, "offset": offset, "hasMore": offset == 0},
        }
        return httpx.Response(200, json={"success": True, "data": data})

    server = Server(answer)
    with server.sync() as client:
        page = client.x402.list_transactions("0xabc", sign_in_with_x="token")
        assert [t.id for t in page] == ["0", "1"]
    assert all(r.headers["sign-in-with-x"] == "token" for r in server.requests)


def test_raw_list_responses_parse_to_pages_that_walk() -> None:
    server = Server(characters(60))
    with server.sync() as client:
        raw = client.with_raw_response.characters.list()
        assert isinstance(raw, RawResponse) and raw.status_code == 200
        assert len(list(raw.parse())) == 60
        with client.with_streaming_response.characters.list(limit=50) as streamed:
            assert streamed.status_code == 200
            streamed_page = streamed.parse()
            assert isinstance(streamed_page, CharacterListPage)
            assert len(list(streamed_page)) == 60


def test_async_raw_and_streamed_list_responses_parse_to_pages_that_walk() -> None:
    server = Server(characters(60))

    async def main() -> tuple[int, int]:
        async with server.asynchronous() as client:
            raw = await client.with_raw_response.characters.list()
            walked = [c.slug async for c in raw.parse()]
            async with client.with_streaming_response.characters.list(limit=50) as streamed:
                page = await streamed.parse()
                streamed_walk = [c.slug async for c in page]
            return len(walked), len(streamed_walk)

    assert asyncio.run(main()) == (60, 60)


CHUNK: dict[str, Any] = {"id": "c", "object": "chat.completion.chunk", "created": 1, "model": "m"}


def sse(*payloads: dict[str, Any]) -> bytes:
    return b"".join(f"data: {json.dumps(p)}\n\n".encode() for p in payloads) + b"data: [DONE]\n\n"


def chat_events(request: httpx.Request) -> httpx.Response:
    def delta(finish: str | None = None, **fields: Any) -> dict[str, Any]:
        return {**CHUNK, "choices": [{"index": 0, "delta": fields, "finish_reason": finish}]}

    usage = {"prompt_tokens": 3, "completion_tokens": 2, "total_tokens": 5}
    body = sse(
        delta(role="assistant", content="Hel"),
        delta("stop", role="assistant", content="lo"),
        {**CHUNK, "choices": [], "usage": usage},
    )
    return httpx.Response(200, content=body, headers={"content-type": "text/event-stream"})


def test_the_chat_stream_helper_builds_a_typed_completion_with_usage() -> None:
    server = Server(chat_events)
    with server.sync() as client:
        with client.chat.completions.stream(
            model="m", messages=[{"role": "user", "content": "Hi"}]
        ) as stream:
            assert list(stream.text_deltas()) == ["Hel", "lo"]
            completion = stream.get_final_completion()
        with client.chat.completions.stream(
            model="m", messages=[], stream_options={"include_usage": False}
        ) as stream:
            stream.until_done()
    assert isinstance(completion, ChatCompletion)
    assert completion.object == "chat.completion" and completion.usage.total_tokens == 5
    assert completion.choices is not None and completion.choices[0].message.role == "assistant"
    first, second = (json.loads(r.content) for r in server.requests)
    assert first["stream"] is True and first["stream_options"] == {"include_usage": True}
    assert second["stream_options"] == {"include_usage": False}  # the caller's own wins
    assert server.requests[0].headers["accept"] == "text/event-stream"


def test_the_async_chat_stream_helper() -> None:
    server = Server(chat_events)

    async def main() -> tuple[list[str], ChatCompletion]:
        async with server.asynchronous() as client:
            async with client.chat.completions.stream(model="m", messages=[]) as stream:
                kinds = [event.type async for event in stream]
                return kinds, await stream.get_final_completion()

    kinds, completion = asyncio.run(main())
    assert kinds.count("text.delta") == 2 and "text.done" in kinds
    assert completion.usage.prompt_tokens == 3


def job_server(*retrieved: httpx.Response, queued: dict[str, Any] | None = None) -> Server:
    answers = iter(retrieved)

    def answer(request: httpx.Request) -> httpx.Response:
        path = request.url.path.removeprefix("/api/v1")
        if path.endswith("/queue"):
            return httpx.Response(
                200, json=queued or {"model": "m", "queue_id": "q1", "status": "QUEUED"}
            )
        if path.endswith("/retrieve"):
            return next(answers)
        if path.endswith("/complete"):
            return httpx.Response(200, json={"success": True})
        return httpx.Response(200, content=b"MP4", headers={"content-type": "video/mp4"})

    return Server(answer)


RUNNING = httpx.Response(
    200, json={"status": "PROCESSING", "average_execution_time": 1000, "execution_duration": 500}
)
AUDIO = httpx.Response(200, content=b"ID3", headers={"content-type": "audio/mpeg"})


def test_the_audio_helper_queues_polls_returns_the_file_and_cleans_up() -> None:
    server = job_server(RUNNING, AUDIO)
    seen: list[JobProgress] = []
    with server.sync() as client:
        audio = client.audio.generate(
            model="m", prompt="calm piano", poll_interval=0, on_progress=seen.append
        )
    assert audio.content == b"ID3" and audio.content_type == "audio/mpeg"
    assert [r.url.path.rsplit("/", 1)[1] for r in server.requests] == [
        "queue",
        "retrieve",
        "retrieve",
        "complete",
    ]
    bodies = [json.loads(r.content) for r in server.requests]
    assert bodies[0] == {"model": "m", "prompt": "calm piano"}
    assert bodies[1] == bodies[3] == {"model": "m", "queue_id": "q1"}
    assert [(p.status, p.fraction, p.elapsed) for p in seen] == [("PROCESSING", 0.5, 0.5)]


def test_the_video_helper_downloads_from_the_jobs_url_without_the_key() -> None:
    done = httpx.Response(
        200, json={"status": "COMPLETED", "average_execution_time": 1, "execution_duration": 1}
    )
    queued = {"model": "m", "queue_id": "v1", "download_url": "https://files.test/v.mp4?sig=s"}
    server = job_server(done, queued=queued)

    async def main() -> bytes:
        async with server.asynchronous() as client:
            video = await client.video.generate(model="m", prompt="sunset", duration="5s")
            return await video.read()

    assert asyncio.run(main()) == b"MP4"
    download = server.requests[2]
    assert str(download.url) == "https://files.test/v.mp4?sig=s"
    assert "authorization" not in download.headers
    assert server.requests[1].headers["authorization"] == "Bearer sk-test"


def test_a_job_that_takes_too_long_raises_a_venice_error_with_the_job() -> None:
    server = job_server(*([RUNNING] * 50))
    with server.sync() as client, pytest.raises(JobTimeoutError) as caught:
        client.audio.generate(model="m", prompt="p", poll_interval=0.01, poll_timeout=0.05)
    assert isinstance(caught.value, venice_ai.VeniceError)
    assert caught.value.job.to_dict()["queue_id"] == "q1"
    assert venice_ai.exceptions.JobTimeoutError is JobTimeoutError
    assert not any(r.url.path.endswith("/complete") for r in server.requests)
