"""One contender of the client benchmarks, in a process of its own, driven over stdin.

    python scripts/bench_client.py CONTENDER BASE_URL GENERATED_DIR

CONTENDER is `venice` (the generated client, from GENERATED_DIR), `openai` (whichever
openai-python this interpreter has), `raw` (httpx and json.loads) or `raw_model` (the same,
then validating the generated package's model). Each stdin line `CASE COUNT` runs COUNT
operations of CASE and answers with the CPU seconds this process spent on them:

- `large`, `small`: `models.list()` of the big or the small list;
- `chat`: one non-streamed `chat.completions.create`;
- `async`: COUNT `models.list()` calls of the small list on the async client, 50 in flight;
- `sse`: one streamed chat completion, every event read (COUNT is ignored; the answer adds
  the number of events after the seconds).

Only public APIs are used, so the figures hold whatever the runtime does inside. Kept free
of the generator and of the project's other modules: it runs in the benchmark's own
virtual environments.
"""

from __future__ import annotations

import asyncio
import json
import sys
import time
from collections.abc import Awaitable, Callable
from typing import Any

IN_FLIGHT = 50
MODEL = "venice-uncensored"
MESSAGES = [{"role": "user", "content": "Why is the sky blue?"}]
HEADERS = {"Authorization": "Bearer sk-bench", "Accept": "application/json"}


def _sdk(name: str, base: str) -> tuple[Callable[[str], Any], Callable[[str], Any]]:
    """(sync client factory, async client factory), each taking a base-URL prefix."""
    if name == "venice":
        from venice_ai import AsyncVeniceClient, VeniceClient

        return (
            lambda p: VeniceClient(api_key="sk-bench", base_url=f"{base}/{p}/v1", max_retries=0),
            lambda p: AsyncVeniceClient(
                api_key="sk-bench", base_url=f"{base}/{p}/v1", max_retries=0
            ),
        )
    from openai import AsyncOpenAI, OpenAI

    return (
        lambda p: OpenAI(api_key="sk-bench", base_url=f"{base}/{p}/v1", max_retries=0),
        lambda p: AsyncOpenAI(api_key="sk-bench", base_url=f"{base}/{p}/v1", max_retries=0),
    )


class Sdk:
    """A client library's public API: the venice_ai package or openai-python."""

    def __init__(self, name: str, base: str) -> None:
        sync, self.make_async = _sdk(name, base)
        self.large, self.small = sync("large"), sync("small")
        self.loop = asyncio.new_event_loop()
        self.async_client = self.loop.run_until_complete(self._async_client())

    async def _async_client(self) -> Any:
        return self.make_async("small")  # made inside the loop that will use it

    def call(self, case: str) -> int:
        """One operation of `case`; how many items it read."""
        if case == "sse":
            stream = self.small.chat.completions.create(model=MODEL, messages=MESSAGES, stream=True)
            return sum(1 for _ in stream)
        if case == "chat":
            self.small.chat.completions.create(model=MODEL, messages=MESSAGES)
        else:
            (self.large if case == "large" else self.small).models.list()
        return 1

    def run_async(self, count: int) -> None:
        """`count` async list calls, `IN_FLIGHT` at a time."""
        self.loop.run_until_complete(_fan_out(self.async_client.models.list, count))


class Raw:
    """httpx and json.loads, optionally validating the generated package's models."""

    def __init__(self, base: str, *, validate: bool) -> None:
        import httpx  # (not at the top: openai 3.x's environment has httpx2 instead)

        self.base = base
        self.http = httpx.Client(headers=HEADERS)
        self.models: dict[str, Callable[[Any], Any]] = {}
        if validate:
            from venice_ai.types import ChatCompletion, ChatCompletionChunk, ModelList

            self.models = {
                "list": ModelList.model_validate,
                "chat": ChatCompletion.model_validate,
                "chunk": ChatCompletionChunk.model_validate,
            }
        self.loop = asyncio.new_event_loop()
        self.async_http = self.loop.run_until_complete(self._async_client())

    async def _async_client(self) -> Any:
        import httpx

        return httpx.AsyncClient(headers=HEADERS)

    def _check(self, kind: str, data: Any) -> None:
        if self.models:
            self.models[kind](data)

    def call(self, case: str) -> int:
        """One operation of `case`; how many items it read."""
        if case == "sse":
            return self._stream()
        if case == "chat":
            body = {"model": MODEL, "messages": MESSAGES}
            url = f"{self.base}/small/v1/chat/completions"
            self._check("chat", json.loads(self.http.post(url, json=body).content))
        else:
            url = f"{self.base}/{case}/v1/models"
            self._check("list", json.loads(self.http.get(url).content))
        return 1

    def _stream(self) -> int:
        count = 0
        body = {"model": MODEL, "messages": MESSAGES, "stream": True}
        url = f"{self.base}/small/v1/chat/completions"
        with self.http.stream("POST", url, json=body) as response:
            for line in response.iter_lines():
                if not line.startswith("data: "):
                    continue
                if line == "data: [DONE]":
                    break
                self._check("chunk", json.loads(line[6:]))
                count += 1
        return count

    def run_async(self, count: int) -> None:
        """`count` async list requests, `IN_FLIGHT` at a time."""

        async def call() -> None:
            response = await self.async_http.get(f"{self.base}/small/v1/models")
            self._check("list", json.loads(response.content))

        self.loop.run_until_complete(_fan_out(call, count))


async def _fan_out(call: Callable[[], Awaitable[Any]], count: int) -> None:
    """`count` calls, `IN_FLIGHT` at a time."""

    async def worker(share: int) -> None:
        for _ in range(share):
            await call()

    shares = [count // IN_FLIGHT + (i < count % IN_FLIGHT) for i in range(IN_FLIGHT)]
    await asyncio.gather(*(worker(n) for n in shares))


def serve(contender: Sdk | Raw) -> None:
    """Answer `CASE COUNT` lines with CPU seconds (and events, for `sse`)."""
    for line in sys.stdin:
        case, count = line.split()
        started = time.process_time()
        events = 0
        if case == "async":
            contender.run_async(int(count))
        else:
            for _ in range(int(count)):
                events += contender.call(case)
        spent = time.process_time() - started
        print(f"{spent} {events}", flush=True)


def main() -> int:
    """Build the contender, say it is ready, serve."""
    name, base, generated = sys.argv[1:4]
    sys.path.insert(0, generated)
    contender = (
        Raw(base, validate=name == "raw_model") if name.startswith("raw") else Sdk(name, base)
    )
    library = {"venice": "venice_ai", "openai": "openai"}.get(name, "httpx")
    print("ready", sys.modules[library].__version__, flush=True)
    serve(contender)
    return 0


if __name__ == "__main__":
    sys.exit(main())
