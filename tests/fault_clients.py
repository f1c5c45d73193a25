"""The client side of the fault tests: run a call with a sync or an async client against a
`FaultServer`, and look into the HTTP client's connection pool."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from venice_ai import AsyncVeniceClient, VeniceClient
from venice_ai._retry import RetryPolicy

from tests.fault_server import FaultServer


def count_retries_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """Retries in the fault tests are counted, not timed: the backoff between them is made
    short (test_runtime_client checks its values; waits a server asks for stay real)."""
    monkeypatch.setattr(RetryPolicy, "backoff", lambda self, retries: 0.01)


def run(mode: str, server: FaultServer, call: Callable[[Any], Any], **settings: Any) -> Any:
    """Run `call(client)` with a sync or an async client pointed at the server (an async
    `call` returns an awaitable)."""
    settings.setdefault("api_key", "sk-test")
    settings.setdefault("base_url", server.url)
    if mode == "sync":
        with VeniceClient(**settings) as client:
            return call(client)

    async def main() -> Any:
        async with AsyncVeniceClient(**settings) as client:
            return await call(client)

    return asyncio.run(main())


@dataclass(frozen=True)
class Pool:
    """What an HTTP client's connection pool holds."""

    connections: int
    busy: int
    """Connections serving a response that was not read or closed yet."""
    waiting: int
    """Requests waiting for a connection."""


def pool(client: VeniceClient | AsyncVeniceClient) -> Pool:
    """The pool of the httpx client under `client` (httpcore's, through httpx's transport)."""
    connection_pool: Any = client._http._transport._pool  # type: ignore[attr-defined]
    connections = list(connection_pool.connections)
    return Pool(
        connections=len(connections),
        busy=sum(1 for c in connections if not c.is_idle() and not c.is_closed()),
        waiting=len(connection_pool._requests),
    )
