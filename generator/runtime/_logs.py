"""Logging through the standard logger named after the package (`_constants.PACKAGE`).

Set the `_constants.ENV_LOG` variable (`VENICE_LOG` for `venice_ai`) to `info` (retries and
errors) or `debug` (every request and response) to print to stderr without configuring
logging yourself. The `Authorization` header and other credentials are never logged.
"""

from __future__ import annotations

import functools
import logging
import os

import httpx

from ._constants import ENV_LOG, PACKAGE

__all__ = [
    "REDACTED_HEADERS",
    "log",
    "log_request",
    "log_response",
    "redact_headers",
    "setup_logging",
]

log = logging.getLogger(PACKAGE)
REDACTED_HEADERS = frozenset(
    {
        "authorization",
        "proxy-authorization",
        "cookie",
        "set-cookie",
        "x-api-key",
        "sign-in-with-x",
        "x-sign-in-with-x",
        "payment-signature",
        "x-payment",
        "x-402-payment",
    }
)


@functools.cache
def setup_logging() -> None:
    """Honour the `ENV_LOG` variable (once per process: later calls do nothing)."""
    level = os.environ.get(ENV_LOG, "").strip().lower()
    if level not in ("info", "debug"):
        return
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("[%(asctime)s %(name)s %(levelname)s] %(message)s"))
    log.addHandler(handler)
    log.setLevel(logging.DEBUG if level == "debug" else logging.INFO)


def redact_headers(headers: httpx.Headers) -> dict[str, str]:
    """Headers safe to log: credentials replaced by `<redacted>`."""
    return {
        name: "<redacted>" if name.lower() in REDACTED_HEADERS else value
        for name, value in headers.items()
    }


def log_request(request: httpx.Request) -> None:
    """Debug-log a request about to be sent."""
    if log.isEnabledFor(logging.DEBUG):
        log.debug(
            "request: %s %s headers=%s",
            request.method,
            request.url,
            redact_headers(request.headers),
        )


def log_response(response: httpx.Response) -> None:
    """Log a response status (errors at info, the rest at debug)."""
    level = logging.INFO if response.status_code >= 400 else logging.DEBUG
    if log.isEnabledFor(level):
        log.log(
            level,
            "response: %s %s -> %s",
            response.request.method,
            response.request.url,
            response.status_code,
        )
