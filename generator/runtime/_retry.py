"""When to retry and how long to wait, with no I/O (shared by the sync and async clients).

Retried: connection errors, timeouts, 408, 409, 429 and 5xx. Never retried: any other
status. The wait honours `retry-after-ms`, `Retry-After` in seconds or as an HTTP date,
up to `MAX_RETRY_AFTER` seconds: a server that asks for a longer wait gets no retry
sooner than it allows; the error is raised at once, and its `retry_after` says when to
come back. Without such a header the wait backs off exponentially with jitter.
"""

from __future__ import annotations

import email.utils
import random
import time
from collections.abc import Callable, Generator
from dataclasses import dataclass

import httpx

from ._exceptions import APIConnectionError, APITimeoutError, make_status_error

__all__ = ["RetryPolicy", "retry_after_seconds", "send_plan"]

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


def send_plan(
    build: Callable[[int], httpx.Request],
    policy: RetryPolicy,
) -> Generator[httpx.Request | float, httpx.Response | Exception | None, httpx.Response]:
    """The retry loop as a generator: the caller performs the I/O it asks for.

    It yields a request to send or a number of seconds to sleep. After a send, the caller
    passes back the response (with its body already read when the status is an error) or
    the exception the transport raised; after a sleep, it passes back None. The generator
    returns the successful response, or raises the error to give the user.
    """
    retries = 0
    while True:
        request = build(retries)
        outcome = yield request
        if isinstance(outcome, Exception):
            if not isinstance(outcome, httpx.TransportError):
                raise outcome
            if retries >= policy.max_retries:
                if isinstance(outcome, httpx.TimeoutException):
                    raise APITimeoutError(request=request) from outcome
                raise APIConnectionError(
                    f"Connection error: {type(outcome).__name__}", request=request
                ) from outcome
            yield policy.backoff(retries)
        else:
            assert isinstance(outcome, httpx.Response)
            if outcome.is_success or outcome.status_code < 400:
                return outcome
            wait = policy.delay(retries, outcome.headers)
            if retries >= policy.max_retries or not policy.should_retry(outcome) or wait is None:
                raise make_status_error(outcome)
            yield wait
        retries += 1
