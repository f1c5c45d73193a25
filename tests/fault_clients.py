"""The client side of the fault tests: run a call with a sync or an async client against a
`FaultServer`, and look into the HTTP client's connection pool."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from venice_ai import AsyncVeniceClient, VeniceClient

from tests.fault_server import FaultServer


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
