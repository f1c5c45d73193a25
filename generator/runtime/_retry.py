"""When to retry and how long to wait, with no I/O (shared by the sync and async clients).

An attempt is one request and, unless the caller streams it, the reading of its body:
a connection reset, cut or stalled while the body comes is retried like one that fails
before the headers. Retried: connection errors and timeouts (sending or reading), a body
that cannot be decoded, 408, 409, 429 and 5xx; never any other status, nor a redirect
that is not followed. A server's `x-should-retry: true` or `false` overrides the status
rule. Redirects are followed only when the HTTP client is set to (`follow_redirects`), and
without credential headers across origins. The wait honours `retry-after-ms`, `Retry-After`
in seconds or as an HTTP date, up to `MAX_RETRY_AFTER` seconds: a server that asks for a
longer wait gets no retry sooner than it allows; the error is raised at once, and its
`retry_after` says when to come back. Without such a header the wait backs off
exponentially with jitter.

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
from typing import TypeAlias, TypeVar, cast

import httpx

from ._constants import ErrorBase
from ._error_body import parse_error_body
from ._exceptions import (
    APIResponseValidationError,
    make_status_error,
    request_error,
)
from ._logs import REDACTED_HEADERS, log, log_request, log_response

__all__ = [
    "Failure",
    "Flow",
    "Outcome",
    "Read",
    "RetryPolicy",
    "Sleep",
    "Step",
    "retry_after_seconds",
    "send_plan",
    "without_credentials",
]

R = TypeVar("R")


@dataclass(frozen=True, slots=True)
class Sleep:
    """Step: wait this many seconds; the outcome is None."""

    seconds: float


@dataclass(frozen=True, slots=True)
class Read:
    """Step: read the rest of this response's body, then close it; the outcome is None, or
    the failure that stopped the read."""

    response: httpx.Response


Step: TypeAlias = httpx.Request | Sleep | Read
"""What a flow asks for next; a request means: send it without following redirects,
streaming its response body."""
Failure: TypeAlias = httpx.HTTPError | httpx.StreamError
"""What httpx raises when a send or a read fails (the shells return it as the outcome)."""
Outcome: TypeAlias = httpx.Response | Failure | None
"""What came of a step: the response of a send (body unread), or the failure of a send or
a read."""
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
    follow_redirects: bool = False
    """Whether to follow redirects (the HTTP client's own setting)."""
    max_redirects: int = 20

    def should_retry(self, response: httpx.Response) -> bool:
        """Whether an error response is worth another attempt: as the server says in
        `x-should-retry` (`true` or `false`), else by its status."""
        verdict = str(response.headers.get("x-should-retry", "")).strip().lower()
        if verdict in ("true", "false"):
            return verdict == "true"
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
    build: Callable[[], httpx.Request], policy: RetryPolicy, *, read_body: bool = True
) -> Flow[httpx.Response]:
    """The retry loop: send `build()` (following redirects as `policy` says) and read the
    body (error bodies always, a successful one when `read_body`) until an attempt
    succeeds, sleeping between attempts. It returns the successful response (its body read
    and the connection released, unless `read_body` is false), or raises the error to give
    the caller."""
    retries = 0
    while True:
        attempt = yield from _attempt(build(), policy, read_body=read_body)
        error, wait = _verdict(attempt, policy, retries)
        if error is None:
            assert attempt.response is not None
            return attempt.response
        if wait is None:
            raise error
        log.info("retrying in %.2f seconds after: %s", wait, error)
        yield Sleep(wait)
        retries += 1


@dataclass(frozen=True, slots=True)
class _Attempt:
    """What one attempt got: the last request sent (after redirects), its response if one
    came, and the failure of the send or of reading the body."""

    request: httpx.Request
    response: httpx.Response | None
    failure: Failure | None


def _attempt(request: httpx.Request, policy: RetryPolicy, *, read_body: bool) -> Flow[_Attempt]:
    log_request(request)
    outcome = yield request
    hops = 0
    while isinstance(outcome, httpx.Response) and _follows(outcome, policy, hops):
        yield Read(outcome)  # only to release the connection: a failure does not matter
        request = without_credentials(outcome.next_request, outcome.request.url)
        log_request(request)
        outcome = yield request
        hops += 1
    if not isinstance(outcome, httpx.Response):
        assert outcome is not None
        return _Attempt(request, None, outcome)
    log_response(outcome)
    if read_body or not outcome.is_success:
        read = yield Read(outcome)
        return _Attempt(request, outcome, None if read is None else cast(Failure, read))
    return _Attempt(request, outcome, None)


def _follows(response: httpx.Response, policy: RetryPolicy, hops: int) -> bool:
    return (
        policy.follow_redirects
        and response.next_request is not None
        and hops < policy.max_redirects
    )


def without_credentials(request: httpx.Request | None, origin: httpx.URL) -> httpx.Request:
    """The redirect `request` (built by httpx), without any credential header
    (`REDACTED_HEADERS`) when it leaves the origin of `origin`: httpx itself drops only
    `Authorization`, and keeps it from http to https on the same host."""
    assert request is not None
    url = request.url
    if (url.scheme, url.host, url.port) != (origin.scheme, origin.host, origin.port):
        for name in [n for n in request.headers if n.lower() in REDACTED_HEADERS]:
            del request.headers[name]
    return request


def _verdict(
    attempt: _Attempt, policy: RetryPolicy, retries: int
) -> tuple[ErrorBase | None, float | None]:
    """The error an attempt ends with (None: it succeeded), and the wait before the next
    attempt (None: no retry)."""
    response, failure = attempt.response, attempt.failure
    retry_left = retries < policy.max_retries
    if failure is not None and (response is None or response.is_success):
        error = request_error(failure, attempt.request, response)
        transient = isinstance(failure, httpx.TransportError | httpx.DecodingError)
        return error, policy.backoff(retries) if retry_left and transient else None
    assert response is not None
    if response.is_success:
        return None, None
    if response.status_code < 400:
        return _unfollowed(response, policy), None
    hint = None if failure is None else f"its body could not be read: {type(failure).__name__}"
    status_error = make_status_error(response, hint=hint)
    status_error.__cause__ = failure
    delay = policy.delay(retries, response.headers)
    return status_error, delay if retry_left and policy.should_retry(response) else None


def _unfollowed(response: httpx.Response, policy: RetryPolicy) -> APIResponseValidationError:
    """The error for a response that is neither a success nor an error (a redirect)."""
    location = response.headers.get("location")
    if location is None:
        why = "a status this client cannot use"
    elif policy.follow_redirects:
        why = f"more than max_redirects={policy.max_redirects} redirects"
    else:
        target = location.split("?", 1)[0]  # a signed URL's query is a credential
        why = f"a redirect to {target}, which is not followed (follow_redirects=True follows it)"
    return APIResponseValidationError(
        f"the API answered {response.status_code} {response.reason_phrase}: {why}",
        response=response,
        body=parse_error_body(response),
    )
