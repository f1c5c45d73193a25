"""Job helpers (`generator/runtime/_jobs.py`), tested from the source tree: queue, poll
with the server's estimate or a backoff, report progress, return the file (from retrieve or
a download URL fetched without credentials), clean up, time out, cancel; sync and async."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from pydantic import Field

from generator.runtime._async_client import AsyncAPIClient
from generator.runtime._constants import ErrorBase
from generator.runtime._exceptions import NotFoundError, make_status_error
from generator.runtime._jobs import (
    JobProgress,
    JobRule,
    JobTimeoutError,
    _wait,
    async_run_job,
    run_job,
)
from generator.runtime._models import BaseModel
from generator.runtime._response import AsyncBinaryResponse, BinaryResponse
from generator.runtime._sync_client import SyncAPIClient

RULE = JobRule(
    status=("status",),
    done=frozenset({"COMPLETED"}),
    elapsed=("execution_duration",),
    expected=("average_execution_time",),
    seconds_per_unit=0.001,
    file_url=("download_url",),
)


class Queued(BaseModel):
    model: str
    queue_id: str
    download_url: str | None = None


class Status(BaseModel):
    status: str
    elapsed: float = Field(alias="execution_duration")
    expected: float = Field(alias="average_execution_time")


def status(state: str = "PROCESSING", elapsed: float = 100.0) -> Status:
    return Status.model_validate(
        {"status": state, "execution_duration": elapsed, "average_execution_time": 200.0}
    )


def file(content: bytes = b"RIFF") -> BinaryResponse:
    request = httpx.Request("POST", "http://api.test/audio/retrieve")
    return BinaryResponse(httpx.Response(200, content=content, request=request))


class Calls:
    """Stand-ins for the generated queue/retrieve/complete methods, recording their calls."""

    def __init__(self, answers: list[object], job: Queued | None = None) -> None:
        self.answers: Iterator[object] = iter(answers)
        self.job = job or Queued(model="m", queue_id="q1")
        self.log: list[str] = []

    def queue(self) -> Queued:
        self.log.append("queue")
        return self.job

    def retrieve(self, job: Queued) -> object:
        self.log.append(f"retrieve {job.queue_id}")
        return next(self.answers)

    def complete(self, job: Queued) -> object:
        self.log.append(f"complete {job.queue_id}")
        return {"success": True}


def sync_client(answer: httpx.Response | None = None) -> tuple[SyncAPIClient, list[httpx.Request]]:
    seen: list[httpx.Request] = []

    def handle(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return answer or httpx.Response(404)

    http = httpx.Client(transport=httpx.MockTransport(handle))
    return SyncAPIClient(api_key="sk-secret", base_url="http://api.test/v1", http_client=http), seen


def test_polls_until_the_file_comes_then_cleans_up() -> None:
    calls = Calls([status(elapsed=150.0), status(elapsed=190.0), file()])
    progress: list[JobProgress] = []
    client, _ = sync_client()
    result = run_job(
        client,
        RULE,
        queue=calls.queue,
        retrieve=calls.retrieve,
        complete=calls.complete,
        poll_interval=0.0,
        on_progress=progress.append,
    )
    assert isinstance(result, BinaryResponse) and result.content == b"RIFF"
    assert calls.log == ["queue", "retrieve q1", "retrieve q1", "retrieve q1", "complete q1"]
    assert [(p.status, p.fraction, p.polls) for p in progress] == [
        ("PROCESSING", pytest.approx(0.75), 1),
        ("PROCESSING", pytest.approx(0.95), 2),
    ]
    assert progress[0].elapsed == pytest.approx(0.15) and progress[0].expected == 0.2


def test_a_download_url_is_fetched_once_done_without_credentials() -> None:
    video = httpx.Response(200, content=b"MP4", headers={"content-type": "video/mp4"})
    client, seen = sync_client(video)
    job = Queued(model="m", queue_id="q2", download_url="https://files.test/v.mp4?sig=1")
    calls = Calls([status(), status("COMPLETED")], job)
    result = run_job(client, RULE, queue=calls.queue, retrieve=calls.retrieve, poll_interval=0)
    assert result.content == b"MP4" and result.content_type == "video/mp4"
    [download] = seen
    assert str(download.url) == "https://files.test/v.mp4?sig=1"
    assert "authorization" not in download.headers


def test_a_job_not_done_in_time_raises_with_the_job() -> None:
    calls = Calls([status()] * 100)
    client, _ = sync_client()
    with pytest.raises(JobTimeoutError) as caught:
        run_job(
            client,
            RULE,
            queue=calls.queue,
            retrieve=calls.retrieve,
            complete=calls.complete,
            poll_interval=0.01,
            poll_timeout=0.05,
        )
    error = caught.value
    assert isinstance(error, ErrorBase) and isinstance(error, TimeoutError)
    assert error.job is calls.job and error.progress is not None
    assert error.progress.status == "PROCESSING" and "goes on on the server" in str(error)
    assert not any(entry.startswith("complete") for entry in calls.log)


def test_a_failed_cleanup_keeps_the_file(caplog: pytest.LogCaptureFixture) -> None:
    calls = Calls([file()])

    def complete(job: Queued) -> object:
        raise make_status_error(
            httpx.Response(404, request=httpx.Request("POST", "http://api.test/complete"))
        )

    client, _ = sync_client()
    result = run_job(client, RULE, queue=calls.queue, retrieve=calls.retrieve, complete=complete)
    assert result.content == b"RIFF" and "call complete() later" in caplog.text


def test_errors_while_polling_reach_the_caller() -> None:
    request = httpx.Request("POST", "http://api.test/retrieve")

    def retrieve(job: Queued) -> object:
        raise make_status_error(httpx.Response(404, request=request))

    client, _ = sync_client()
    with pytest.raises(NotFoundError):
        run_job(client, RULE, queue=Calls([]).queue, retrieve=retrieve)


@pytest.mark.parametrize(
    ("elapsed", "expected", "polls", "asked", "wait"),
    [
        (50.0, 80.0, 1, None, 10.0),  # 30 s left: poll again at the longest wait
        (75.0, 80.0, 1, None, 5.0),  # the API's estimate of the time left
        (79.9, 80.0, 1, None, 1.0),  # never more often than once a second
        (90.0, 80.0, 3, None, 4.0),  # late: backs off
        (None, None, 9, None, 10.0),
        (50.0, 80.0, 1, 0.25, 0.25),  # as asked
    ],
)
def test_the_wait_between_polls(
    elapsed: float | None, expected: float | None, polls: int, asked: float | None, wait: float
) -> None:
    progress = JobProgress("PROCESSING", elapsed, expected, waited=0.0, polls=polls)
    assert _wait(progress, asked) == pytest.approx(wait)


def test_async_jobs_poll_and_clean_up_the_same_way() -> None:
    calls = Calls([status(), file()])
    content = b"ASYNC"

    async def main() -> AsyncBinaryResponse:
        async def queue() -> Queued:
            return calls.queue()

        async def retrieve(job: Queued) -> object:
            answer = calls.retrieve(job)
            if isinstance(answer, BinaryResponse):
                return AsyncBinaryResponse(httpx.Response(200, content=content))
            return answer

        async def complete(job: Queued) -> object:
            return calls.complete(job)

        client = AsyncAPIClient(api_key="k", base_url="http://api.test/v1")
        return await async_run_job(
            client, RULE, queue=queue, retrieve=retrieve, complete=complete, poll_interval=0
        )

    result = asyncio.run(main())
    assert isinstance(result, AsyncBinaryResponse)
    assert calls.log == ["queue", "retrieve q1", "retrieve q1", "complete q1"]


def test_async_jobs_time_out_and_cancel_cleanly() -> None:
    calls = Calls([status()] * 1000)

    async def queue() -> Queued:
        return calls.queue()

    async def retrieve(job: Queued) -> object:
        return calls.retrieve(job)

    async def complete(job: Queued) -> object:
        return calls.complete(job)

    async def run(poll_timeout: float | None) -> AsyncBinaryResponse:
        client = AsyncAPIClient(api_key="k", base_url="http://api.test/v1")
        return await async_run_job(
            client,
            RULE,
            queue=queue,
            retrieve=retrieve,
            complete=complete,
            poll_interval=0.01,
            poll_timeout=poll_timeout,
        )

    async def cancelled() -> Any:
        task = asyncio.ensure_future(run(None))
        await asyncio.sleep(0.05)
        task.cancel()
        return await task

    with pytest.raises(JobTimeoutError):
        asyncio.run(run(0.03))
    with pytest.raises(asyncio.CancelledError):
        asyncio.run(cancelled())
    assert not any(entry.startswith("complete") for entry in calls.log)
