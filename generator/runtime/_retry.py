"""When to retry and how long to wait, with no I/O (shared by the sync and async clients).

Retried: connection errors, timeouts, 408, 409, 429 and 5xx. Never retried: any other
status. The wait honours `retry-after-ms`, `Retry-After` in seconds or as an HTTP date,
up to `MAX_RETRY_AFTER` seconds: a server that asks for a longer wait gets no retry
sooner than it allows; the error is raised at once, and its `retry_after` says when to
come back. Without such a header the wait backs off exponentially with jitter.

A call is a `Flow`: a generator that yields the I/O it needs (`Step`) and is sent back
what came of it (`Outcome`), so that the sync and async clients run the same flow and
differ only in how they send, sleep and read.
"""

from __future__ import annotations

import email.utils
import random
import time
from collections.abc import Callable, Generator
from dataclasses import dataclass
from typing import TypeAlias, TypeVar

import httpx

from ._exceptions import APIConnectionError, APITimeoutError, make_status_error
from ._logs import log, log_request, log_response

__all__ = [
    "Flow",
    "Outcome",
    "Read",
    "RetryPolicy",
    "Sleep",
    "Step",
    "retry_after_seconds",
    "send_plan",
]

R = TypeVar("R")


@dataclass(frozen=True, slots=True)
class Sleep:
    """Step: wait this many seconds; the outcome is None."""

    seconds: float


@dataclass(frozen=True, slots=True)
class Read:
    """Step: read the rest of this response's body, then close it; the outcome is None."""

    response: httpx.Response


Step: TypeAlias = httpx.Request | Sleep | Read
"""What a flow asks for next; a request means: send it, streaming its response body."""
Outcome: TypeAlias = httpx.Response | httpx.TransportError | None
"""What came of a step: the response (body unread) or the transport's error of a send."""
Flow: TypeAlias = Generator[Step, Outcome, R]
"""A call without its I/O: yields steps, gets their outcomes, returns the call's result."""

MAX_RETRY_AFTER = 60.0
RETRYABLE_STATUSES = frozenset({408, 409, 429})


@dataclass(frozen=True)
class RetryPolicy:
    """How many times to retry and how the wait between attempts grows."""

    max_retries: int = 2
    initial_delay: float = 0.5
    max_delay: float = 8.0

    def should_retry(self, response: httpx.Response) -> bool:
        """Whether a response with this status is worth another attempt."""
        status = response.status_code
        return status in RETRYABLE_STATUSES or status >= 500

    def delay(self, retries_taken: int, headers: httpx.Headers | None = None) -> float | None:
        """Seconds to wait before attempt number `retries_taken + 1`; None when the server
        asks for a longer wait than `MAX_RETRY_AFTER` (then there is no retry)."""
        asked = retry_after_seconds(headers) if headers is not None else None
        if asked is not None and asked > MAX_RETRY_AFTER:
            return None
        if asked is not None and asked >= 0:
            return asked
        return self.backoff(retries_taken)

    def backoff(self, retries_taken: int) -> float:
        """The exponential wait with jitter before attempt number `retries_taken + 1`."""
        ceiling = min(self.initial_delay * 2.0**retries_taken, self.max_delay)
        return ceiling * (1.0 - 0.25 * random.random())


def retry_after_seconds(headers: httpx.Headers) -> float | None:
    """The wait a response asks for, from `retry-after-ms` or `Retry-After`, if any."""
    milliseconds = headers.get("retry-after-ms")
    if milliseconds is not None:
        try:
            return float(milliseconds) / 1000.0
        except ValueError:
            pass
    value = headers.get("retry-after")
    if value is None:
        return None
    try:
        return float(value)
    except ValueError:
        pass
    parsed = email.utils.parsedate_tz(value)
    if parsed is None:
        return None
    return max(0.0, email.utils.mktime_tz(parsed) - time.time())


def send_plan(build: Callable[[], httpx.Request], policy: RetryPolicy) -> Flow[httpx.Response]:
    """The retry loop: send `build()` until a response succeeds, reading error bodies and
    sleeping between attempts as `policy` says. It returns the successful response (body
    unread), or raises the error to give the user."""
    retries = 0
    while True:
        request = build()
        log_request(request)
        outcome = yield request
        if isinstance(outcome, httpx.TransportError):
            if retries >= policy.max_retries:
                if isinstance(outcome, httpx.TimeoutException):
                    raise APITimeoutError(request=request) from outcome
                raise APIConnectionError(
                    f"Connection error: {type(outcome).__name__}", request=request
                ) from outcome
            wait = policy.backoff(retries)
        else:
            assert isinstance(outcome, httpx.Response)
            log_response(outcome)
            if outcome.status_code < 400:
                return outcome
            yield Read(outcome)
            delay = policy.delay(retries, outcome.headers)
            if retries >= policy.max_retries or not policy.should_retry(outcome) or delay is None:
                raise make_status_error(outcome)
            wait = delay
        log.info("retrying in %.2f seconds", wait)
        yield Sleep(wait)
        retries += 1
