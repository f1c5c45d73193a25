"""Many calls at once on one client, against a server that fails a share of them.

Hundreds of concurrent async calls, and a sync client shared by threads: every call gets
its own answer (JSON models and files, after retries of resets, bodies cut off, 503 and
429), the connection pool ends with every connection idle and none waiting, and memory
stays flat from one round to the next.
"""

from __future__ import annotations

import asyncio
import gc
import json
import os
import sys
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from venice_ai import AsyncVeniceClient, VeniceClient
from venice_ai._retry import RetryPolicy

from tests.fault_clients import Pool, pool
from tests.fault_server import Action, Decide, FaultServer, Partial, Received, Reset, Respond, serve

# Slow: about 3,000 calls. `make test-fast` leaves it out; `make test` and CI run it.
pytestmark = pytest.mark.slow

CALLS = 300
ROUNDS = 4
LIMITS = httpx.Limits(max_connections=20, max_keepalive_connections=20)


class Flaky:
    """Answers each call by what it asked for; the first attempt of most calls fails (by
    the number in the call: reset, a body cut off or reset, 503, 429)."""

    def __init__(self) -> None:
        self.attempts: dict[str, int] = {}
        self.lock = threading.Lock()

    def __call__(self, request: Received) -> Action:
        path = request.path.split("?")[0]
        key = path + request.body.decode()
        with self.lock:
            attempt = self.attempts.get(key, 0)
            self.attempts[key] = attempt + 1
        answer = self.answer(path, request.body)
        if attempt > 0:
            return answer
        if "/characters/" in path:
            number = int(path.rsplit("/", 1)[-1].removeprefix("c"))
        else:
            number = int(json.loads(request.body)["input"].split()[-1])
        return self.fault(number // 2, answer)

    def answer(self, path: str, body: bytes) -> Respond:
        if path.endswith("/audio/speech"):
            said = json.loads(body)["input"].encode()
            return Respond(200, said * 2000, (("Content-Type", "audio/mpeg"),))
        slug = path.rsplit("/", 1)[-1]
        return Respond.json({"object": "character", "data": {"slug": slug, "name": slug.upper()}})

    def fault(self, number: int, answer: Respond) -> Action:
        kind = number % 6
        if kind == 1:
            return Reset()
        if kind in (2, 3):
            then: Any = "close" if kind == 2 else "reset"
            return Partial(
                answer.body, sent=len(answer.body) // 2, then=then, headers=answer.headers
            )
        if kind == 4:
            return Respond.json({"error": "busy"}, 503)
        if kind == 5:
            return Respond.json({"error": "slow down"}, 429, retry_after_ms="5")
        return answer


@pytest.fixture
def server(monkeypatch: pytest.MonkeyPatch) -> Iterator[FaultServer]:
    monkeypatch.setattr(RetryPolicy, "backoff", lambda self, retries: 0.01)
    for running in serve():
        running.fallback = Decide(Flaky())
        yield running


def _check(number: int, result: Any) -> None:
    """The call numbered `number` got its own answer (a file's content, or a character)."""
    if number % 2:
        assert result == f"say {number}".encode() * 2000
    else:
        assert result.data.slug == f"c{number}"


@dataclass(frozen=True)
class Memory:
    """What the process holds: objects the collector tracks, blocks the interpreter has
    allocated (bytes and str included), and resident bytes."""

    objects: int
    blocks: int
    resident: int

    @classmethod
    def now(cls) -> Memory:
        gc.collect()
        pages = int(Path("/proc/self/statm").read_text().split()[1])
        return cls(
            len(gc.get_objects()), sys.getallocatedblocks(), pages * os.sysconf("SC_PAGE_SIZE")
        )

    def grew_from(self, start: Memory) -> bool:
        return (
            self.objects - start.objects > 2_000
            or self.blocks - start.blocks > 5_000
            or self.resident - start.resident > 16 * 1024 * 1024
        )


def _rounds(run_round: Callable[[], Pool], server: FaultServer) -> None:
    """Run the rounds, checking the pool after each; memory after the first (the warm-up)
    and after the last (the server forgets between rounds) must be about the same."""
    sizes = []
    for _ in range(ROUNDS):
        state = run_round()
        assert state.busy == 0 and state.waiting == 0, state
        assert 0 < state.connections <= LIMITS.max_connections, state
        server.received.clear()
        server.fallback = Decide(Flaky())
        sizes.append(Memory.now())
    assert not sizes[-1].grew_from(sizes[0]), sizes


def test_hundreds_of_concurrent_async_calls(server: FaultServer) -> None:
    client = AsyncVeniceClient(api_key="k", base_url=server.url, limits=LIMITS, max_retries=2)

    async def one(number: int) -> None:
        if number % 2:
            speech = await client.audio.create_speech(input=f"say {number}", voice="af_sky")
            _check(number, await speech.read())
        else:
            _check(number, await client.characters.retrieve(f"c{number}"))

    async def round_() -> Pool:
        await asyncio.gather(*(one(n) for n in range(CALLS)))
        return pool(client)

    loop = asyncio.new_event_loop()
    try:
        _rounds(lambda: loop.run_until_complete(round_()), server)
        loop.run_until_complete(client.aclose())
    finally:
        loop.close()


def test_a_sync_client_shared_by_threads(server: FaultServer) -> None:
    client = VeniceClient(api_key="k", base_url=server.url, limits=LIMITS, max_retries=2)

    def one(number: int) -> None:
        if number % 2:
            speech = client.audio.create_speech(input=f"say {number}", voice="af_sky")
            _check(number, speech.content)
        else:
            _check(number, client.characters.retrieve(f"c{number}"))

    def round_() -> Pool:
        with ThreadPoolExecutor(max_workers=16) as threads:
            list(threads.map(one, range(CALLS)))
        return pool(client)

    with client:
        _rounds(round_, server)
