"""Long-running jobs: queue, poll until done, return the file, clean up.

    video = client.video.generate(model=..., prompt=..., on_progress=print)
    video.write_to_file("video.mp4")

A job helper queues the job, then retrieves it until the file comes (or, where the API
hands out a download URL instead, until its status says it is done, and then downloads the
file from that URL without the client's credentials), and then asks the API to delete the
media (`complete`). Between polls it waits what the API's own estimate of the time left
says (between `MIN_POLL_INTERVAL` and `MAX_POLL_INTERVAL` seconds), else it backs off
exponentially; `poll_interval` fixes the wait instead. `on_progress` is called with a
`JobProgress` after every poll that is not done yet. After `poll_timeout` seconds it raises
`JobTimeoutError` (the job goes on on the server: the error holds what `queue` returned).

Which fields of the API's answers say all this is the API's own (`JobRule`, filled in from
the generator's config); the polling itself is written once (`_poll`, no I/O) for both
clients. Cancelling a helper (an interrupt, a cancelled task) leaves no connection open:
every answer is read whole before the next step.
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable, Generator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Final, TypeAlias, TypeVar

import anyio

from ._constants import ErrorBase
from ._logs import REDACTED_HEADERS, log
from ._models import BaseModel
from ._response import AsyncBinaryResponse, BinaryResponse
from ._types import NOT_GIVEN, Headers, NotGiven, Timeout
from ._wire import field_at

if TYPE_CHECKING:
    from ._async_client import AsyncAPIClient
    from ._sync_client import SyncAPIClient

__all__ = ["JobProgress", "JobRule", "JobTimeoutError", "async_run_job", "run_job"]

JobT = TypeVar("JobT", bound=BaseModel)
MIN_POLL_INTERVAL: Final = 1.0
MAX_POLL_INTERVAL: Final = 10.0
DEFAULT_POLL_TIMEOUT: Final = 1800.0
"""Seconds a helper waits for a job by default (video generation takes minutes)."""


@dataclass(frozen=True, slots=True)
class JobRule:
    """Where a job's answers say how it is doing (paths of the API's field names).

    `status`, `elapsed` and `expected` are read from `retrieve`'s JSON answer (the times in
    units of `seconds_per_unit` seconds); `file_url` from `queue`'s answer, fetched once
    the status is one of `done`.
    """

    status: tuple[str, ...] = ()
    done: frozenset[str] = frozenset()
    elapsed: tuple[str, ...] = ()
    expected: tuple[str, ...] = ()
    seconds_per_unit: float = 1.0
    file_url: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class JobProgress:
    """How a job is doing, after one poll."""

    status: str | None
    """The status the API reported, if it reports one."""
    elapsed: float | None
    """Seconds the job has run, by the API's count."""
    expected: float | None
    """Seconds the API expects the job to take."""
    waited: float
    """Seconds since the job was queued, by this client's clock."""
    polls: int

    @property
    def fraction(self) -> float | None:
        """How far along the job is (0 to 1), from `elapsed` and `expected`, if known."""
        if self.elapsed is None or not self.expected:
            return None
        return max(0.0, min(self.elapsed / self.expected, 1.0))


class JobTimeoutError(ErrorBase, TimeoutError):
    """A queued job was not done within `poll_timeout` seconds (also a `TimeoutError`).

    The job goes on on the server: `job` is what `queue` returned, to retrieve it later.
    """

    job: BaseModel
    waited: float
    progress: JobProgress | None

    def __init__(self, message: str, *, job: BaseModel, progress: JobProgress | None) -> None:
        super().__init__(message)
        self.job = job
        self.progress = progress
        self.waited = progress.waited if progress is not None else 0.0


@dataclass(frozen=True, slots=True)
class _Retrieve:
    """Step: ask how the job is doing; the outcome is `retrieve`'s answer."""


@dataclass(frozen=True, slots=True)
class _Sleep:
    seconds: float


@dataclass(frozen=True, slots=True)
class _Download:
    """Step: fetch the file at `url`; the outcome is the binary response."""

    url: str


_Step: TypeAlias = _Retrieve | _Sleep | _Download
_File: TypeAlias = BinaryResponse | AsyncBinaryResponse


@dataclass(frozen=True, slots=True)
class _Polling:
    rule: JobRule
    poll_interval: float | None
    poll_timeout: float | None
    on_progress: Callable[[JobProgress], object] | None


def _poll(polling: _Polling, job: BaseModel) -> Generator[_Step, object, _File]:
    """Poll `job` until its file comes; the file (no I/O: the shells perform the steps)."""
    started, polls = time.monotonic(), 0
    while True:
        answer = yield _Retrieve()
        polls += 1
        if isinstance(answer, BinaryResponse | AsyncBinaryResponse):
            return answer
        progress = _progress(polling.rule, answer, time.monotonic() - started, polls)
        if polling.on_progress is not None:
            polling.on_progress(progress)
        url = _file_url(polling.rule, job, progress)
        if url is not None:
            downloaded = yield _Download(url)
            assert isinstance(downloaded, BinaryResponse | AsyncBinaryResponse)
            return downloaded
        wait = _wait(progress, polling.poll_interval)
        left = wait if polling.poll_timeout is None else polling.poll_timeout - progress.waited
        if left <= 0:
            raise JobTimeoutError(
                f"the job was not done after {progress.waited:.1f} s ({polls} polls, last "
                f"status {progress.status!r}); it goes on on the server (see `.job`)",
                job=job,
                progress=progress,
            )
        yield _Sleep(min(wait, left))


def _progress(rule: JobRule, answer: object, waited: float, polls: int) -> JobProgress:
    status = field_at(answer, rule.status) if rule.status else None
    return JobProgress(
        status=status if isinstance(status, str) else None,
        elapsed=_seconds(answer, rule.elapsed, rule.seconds_per_unit),
        expected=_seconds(answer, rule.expected, rule.seconds_per_unit),
        waited=waited,
        polls=polls,
    )


def _seconds(answer: object, path: tuple[str, ...], seconds_per_unit: float) -> float | None:
    value = field_at(answer, path) if path else None
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value) * seconds_per_unit
    return None


def _file_url(rule: JobRule, job: BaseModel, progress: JobProgress) -> str | None:
    if not rule.file_url or progress.status not in rule.done:
        return None
    url = field_at(job, rule.file_url)
    return url if isinstance(url, str) and url else None


def _wait(progress: JobProgress, poll_interval: float | None) -> float:
    """Seconds until the next poll: as asked, else the API's estimate of the time left,
    else an exponential backoff."""
    if poll_interval is not None:
        return max(poll_interval, 0.0)
    if progress.elapsed is not None and progress.expected is not None:
        left = progress.expected - progress.elapsed
        if left > 0:
            return min(max(left, MIN_POLL_INTERVAL), MAX_POLL_INTERVAL)
    return min(MIN_POLL_INTERVAL * 2.0 ** (progress.polls - 1), MAX_POLL_INTERVAL)


def _without_credentials(default_headers: Mapping[str, str]) -> Headers:
    """Extra headers that remove the credentials a client sends: a download URL is signed
    on its own, and may lead to another host."""
    names = {"Authorization", *default_headers}
    return {name: NOT_GIVEN for name in names if name.lower() in REDACTED_HEADERS}


def _cleanup_failed(exc: ErrorBase) -> None:
    # The file is what the caller paid for: a failed cleanup must not lose it.
    log.warning("the job's media could not be deleted (%s); call complete() later", exc)


def run_job(
    client: SyncAPIClient,
    rule: JobRule,
    *,
    queue: Callable[[], JobT],
    retrieve: Callable[[JobT], object],
    complete: Callable[[JobT], object] | None = None,
    poll_interval: float | None = None,
    poll_timeout: float | None = DEFAULT_POLL_TIMEOUT,
    on_progress: Callable[[JobProgress], object] | None = None,
    timeout: Timeout | NotGiven = NOT_GIVEN,
) -> BinaryResponse:
    """Queue a job, poll it until its file comes, clean up, and return the file."""
    job = queue()
    flow = _poll(_Polling(rule, poll_interval, poll_timeout, on_progress), job)
    outcome: object = None
    while True:
        try:
            step = flow.send(outcome)
        except StopIteration as done:
            file: BinaryResponse = done.value
            break
        if isinstance(step, _Sleep):
            time.sleep(step.seconds)
            outcome = None
        elif isinstance(step, _Download):
            outcome = client.request(
                "get",
                step.url,
                cast_to=BinaryResponse,
                extra_headers=_without_credentials(client.default_headers),
                accept="*/*",
                timeout=timeout,
            )
        else:
            outcome = retrieve(job)
    if complete is not None:
        try:
            complete(job)
        except ErrorBase as exc:
            _cleanup_failed(exc)
    return file


async def async_run_job(
    client: AsyncAPIClient,
    rule: JobRule,
    *,
    queue: Callable[[], Awaitable[JobT]],
    retrieve: Callable[[JobT], Awaitable[object]],
    complete: Callable[[JobT], Awaitable[object]] | None = None,
    poll_interval: float | None = None,
    poll_timeout: float | None = DEFAULT_POLL_TIMEOUT,
    on_progress: Callable[[JobProgress], object] | None = None,
    timeout: Timeout | NotGiven = NOT_GIVEN,
) -> AsyncBinaryResponse:
    """The async `run_job`."""
    job = await queue()
    flow = _poll(_Polling(rule, poll_interval, poll_timeout, on_progress), job)
    outcome: object = None
    while True:
        try:
            step = flow.send(outcome)
        except StopIteration as done:
            file: AsyncBinaryResponse = done.value
            break
        if isinstance(step, _Sleep):
            await anyio.sleep(step.seconds)
            outcome = None
        elif isinstance(step, _Download):
            outcome = await client.request(
                "get",
                step.url,
                cast_to=AsyncBinaryResponse,
                extra_headers=_without_credentials(client.default_headers),
                accept="*/*",
                timeout=timeout,
            )
        else:
            outcome = await retrieve(job)
    if complete is not None:
        try:
            await complete(job)
        except ErrorBase as exc:
            _cleanup_failed(exc)
    return file
