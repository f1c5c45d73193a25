"""Errors raised by the client.

    ErrorBase                       named after the API (`VeniceError`), see `_constants`
    ├── InvalidArgumentError        refused before sending: a path parameter of `..`, an API
    │   │                           key with a line break, ... (also a `ValueError`)
    │   └── SettingsError           a client that cannot work: no API key, an http_client of
    │                               the wrong kind, ... (also a `TypeError`)
    ├── JobTimeoutError             a queued job not done in time (`_jobs`; a `TimeoutError`)
    ├── APIConnectionError          no (whole) response: DNS, refused, reset, TLS, a body cut
    │   │                           off, ...
    │   └── APITimeoutError         connecting, sending, waiting or reading took too long
    ├── APIResponseError            a response that cannot be read as promised
    │   ├── APIResponseValidationError  no body, not JSON, undecodable, an unfollowed
    │   │                               redirect, or (strict) not of the declared type
    │   └── StreamError             a server-sent event stream broke off or sent an error
    └── APIStatusError              the API answered with a 4xx or 5xx status
        ├── BadRequestError             400
        ├── AuthenticationError         401
        ├── PaymentRequiredError        402
        ├── PermissionDeniedError       403
        ├── NotFoundError               404
        ├── ConflictError               409
        ├── GoneError                   410
        ├── PayloadTooLargeError        413
        ├── UnsupportedMediaTypeError   415
        ├── UnprocessableEntityError    422
        ├── RateLimitError              429
        └── ServerError                 5xx
            ├── InternalServerError     500
            ├── ServiceUnavailableError 503
            └── GatewayTimeoutError     504

Every `APIStatusError` carries the status, the response headers, the request id and the
parsed error body (`message`, `code`, `details`), so callers never need to re-read the
response. Messages never contain the API key. An error caused by httpx or pydantic has
that exception as its `__cause__`; `request_error` is the one place that maps httpx's.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import httpx

from ._constants import ErrorBase
from ._error_body import error_message, parse_error_body, pick, pick_raw, request_id

__all__ = [
    "APIConnectionError",
    "APIResponseError",
    "APIResponseValidationError",
    "APIStatusError",
    "APITimeoutError",
    "AuthenticationError",
    "BadRequestError",
    "ConflictError",
    "GatewayTimeoutError",
    "GoneError",
    "InternalServerError",
    "InvalidArgumentError",
    "NotFoundError",
    "PayloadTooLargeError",
    "PaymentRequiredError",
    "PermissionDeniedError",
    "RateLimitError",
    "ServerError",
    "ServiceUnavailableError",
    "SettingsError",
    "StreamError",
    "UnprocessableEntityError",
    "UnsupportedMediaTypeError",
    "make_status_error",
    "request_error",
]


class InvalidArgumentError(ErrorBase, ValueError):
    """An argument the client refuses before sending anything (a path parameter of `..`, an
    API key with a line break, a base URL with a password in it, ...); also a `ValueError`.
    The message says what is wrong without repeating a credential."""


class SettingsError(InvalidArgumentError, TypeError):
    """A client setting that cannot work: no credentials, an `http_client` of the wrong
    kind, httpx settings next to your own `http_client`; also a `TypeError`."""


class APIConnectionError(ErrorBase):
    """The request did not get a response, or the connection failed while its body came."""

    message: str
    request: httpx.Request

    def __init__(self, message: str = "Connection error.", *, request: httpx.Request) -> None:
        super().__init__(message)
        self.message = message
        self.request = request


class APITimeoutError(APIConnectionError):
    """The request timed out: connecting, sending, waiting for the response or its body, or
    waiting for a free connection of the pool (the message says which)."""

    def __init__(self, *, request: httpx.Request, message: str = "Request timed out.") -> None:
        super().__init__(message, request=request)


class APIResponseError(ErrorBase):
    """A successful response could not be read as the API describes it."""

    message: str
    response: httpx.Response
    request: httpx.Request

    def __init__(self, message: str, *, response: httpx.Response) -> None:
        super().__init__(message)
        self.message = message
        self.response = response
        self.request = response.request


class APIResponseValidationError(APIResponseError):
    """A response that does not hold what the method promises: an empty body, a body that is
    not JSON or cannot be decoded, a redirect that was not followed, or (with
    `strict_responses=True`) data that does not match the declared type.

    Attributes:
      status_code: the HTTP status.
      body: the parsed JSON, or the text, of the body (None when it could not be read).
      errors: what did not match the declared type (pydantic's `errors()`; the
        `ValidationError` itself is the `__cause__`), else empty.
    """

    status_code: int
    body: object
    errors: Sequence[Mapping[str, object]]

    def __init__(
        self,
        message: str,
        *,
        response: httpx.Response,
        body: object = None,
        errors: Sequence[Mapping[str, object]] = (),
    ) -> None:
        super().__init__(message, response=response)
        self.status_code = response.status_code
        self.body = body
        self.errors = errors


class StreamError(APIResponseError):
    """A server-sent event stream was cut off, or sent an error event."""

    body: object
    """What the server sent that reported the error (JSON when it parses, else the text);
    `None` when the stream was cut off."""

    def __init__(self, message: str, *, response: httpx.Response, body: object = None) -> None:
        super().__init__(message, response=response)
        self.body = body


class APIStatusError(ErrorBase):
    """The API answered with an error status.

    Attributes:
      status_code: the HTTP status.
      message: the API's explanation (or the start of the body when it is not JSON).
      code: the API's machine-readable error code, when it sends one.
      details: structured details (for example per-field validation problems).
      body: the whole parsed error body (JSON), or the text when it is not JSON.
      headers: the response headers.
      request_id: the id to quote to support, when the response has one.
    """

    # Declared, not inferred, so that every type checker reads the same types (a py.typed
    # package's public attributes must be annotated; see tests/test_type_completeness.py).
    status_code: int
    message: str
    response: httpx.Response
    request: httpx.Request
    headers: httpx.Headers
    body: object
    code: str | None
    details: Any
    request_id: str | None

    def __init__(self, message: str, *, response: httpx.Response, body: object) -> None:
        super().__init__(message)
        self.message = message
        self.response = response
        self.request = response.request
        self.status_code = response.status_code
        self.headers = response.headers
        self.body = body
        self.code = pick(body, "code", "type")
        self.details = pick_raw(body, "details")
        self.request_id = request_id(response.headers)


class BadRequestError(APIStatusError):
    """400: the request is malformed or has invalid values."""


class AuthenticationError(APIStatusError):
    """401: the API key is missing or invalid."""


class PaymentRequiredError(APIStatusError):
    """402: the account (or x402 wallet) has too little balance."""


class PermissionDeniedError(APIStatusError):
    """403: the key may not use this endpoint or model."""


class NotFoundError(APIStatusError):
    """404: the resource does not exist."""


class ConflictError(APIStatusError):
    """409: the request conflicts with the current state (retried automatically)."""


class GoneError(APIStatusError):
    """410: the endpoint was retired."""


class PayloadTooLargeError(APIStatusError):
    """413: the upload is too large."""


class UnsupportedMediaTypeError(APIStatusError):
    """415: the body's content type is not accepted."""


class UnprocessableEntityError(APIStatusError):
    """422: the request is well-formed but cannot be processed."""


class RateLimitError(APIStatusError):
    """429: too many requests; `retry_after` says how long the API asks to wait."""

    @property
    def retry_after(self) -> float | None:
        """Seconds to wait before retrying, from `Retry-After`/`retry-after-ms`, if sent."""
        from ._retry import retry_after_seconds

        return retry_after_seconds(self.headers)


class ServerError(APIStatusError):
    """5xx: the API failed (retried automatically)."""


class InternalServerError(ServerError):
    """500."""


class ServiceUnavailableError(ServerError):
    """503."""


class GatewayTimeoutError(ServerError):
    """504."""


_BY_STATUS: dict[int, type[APIStatusError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    402: PaymentRequiredError,
    403: PermissionDeniedError,
    404: NotFoundError,
    409: ConflictError,
    410: GoneError,
    413: PayloadTooLargeError,
    415: UnsupportedMediaTypeError,
    422: UnprocessableEntityError,
    429: RateLimitError,
    500: InternalServerError,
    503: ServiceUnavailableError,
    504: GatewayTimeoutError,
}


def make_status_error(response: httpx.Response, *, hint: str | None = None) -> APIStatusError:
    """The error for a (read) error response: the right class, message and parsed body."""
    body = parse_error_body(response)
    message = f"Error code: {response.status_code} - {error_message(body, response)}"
    if hint:
        message += f" ({hint})"
    cls = _BY_STATUS.get(response.status_code)
    if cls is None:
        cls = ServerError if response.status_code >= 500 else APIStatusError
    return cls(message, response=response, body=body)


_TIMED_OUT: dict[type[httpx.TimeoutException], str] = {
    httpx.ConnectTimeout: " while connecting",
    httpx.WriteTimeout: " while sending the request",
    httpx.ReadTimeout: " waiting for the response",
    httpx.PoolTimeout: (
        " waiting for a free connection: every connection of the pool is in use"
        " (are responses or streams left open?)"
    ),
}


def request_error(
    exc: Exception, request: httpx.Request, response: httpx.Response | None = None
) -> ErrorBase:
    """The error for a failure of httpx while sending `request` or, when `response` is
    given, while reading its body; `exc` is its `__cause__`."""
    error = _request_error(exc, request, response)
    error.__cause__ = exc
    return error


def _request_error(
    exc: Exception, request: httpx.Request, response: httpx.Response | None
) -> ErrorBase:
    during = "" if response is None else f" while reading the body of a {response.status_code}"
    if isinstance(exc, httpx.TimeoutException):
        where = f"{during} response" if during else _TIMED_OUT.get(type(exc), "")
        return APITimeoutError(request=request, message=f"Request timed out{where}.")
    if response is not None and isinstance(exc, httpx.DecodingError):
        encoding = response.headers.get("content-encoding", "none")
        return APIResponseValidationError(
            f"the response body could not be decoded (Content-Encoding: {encoding}): {exc}",
            response=response,
        )
    if response is not None and isinstance(exc, httpx.StreamError):
        return APIResponseError(
            f"the body of this response can no longer be read ({type(exc).__name__}): a body "
            "passed through as a stream is read once and not kept",
            response=response,
        )
    # A local protocol error quotes what was sent, which may hold a credential.
    detail = "" if isinstance(exc, httpx.LocalProtocolError) or not str(exc) else f": {exc}"
    where = f"{during} response" if during else ""
    return APIConnectionError(
        f"Connection error{where}: {type(exc).__name__}{detail}", request=request
    )
