"""Every public method, through every way it can fail, raises only `VeniceError`s.

Each operation of the pinned spec is called (sync and async, plain and through
`with_raw_response`, with its stream and file variants) against a real server on 127.0.0.1
that answers every path with one kind of failure: a reset, a body cut off or stalled, a
corrupt gzip body, HTML, an empty body, a redirect, an error status with its body cut off,
a body of the wrong type under `strict_responses=True`, or an event stream that breaks.
Whatever comes back (a stream, a file, a raw response) is used to the end, twice; the
only exceptions allowed out are `VeniceError`s. Arguments that cannot be sent (a path
parameter `..`, a header parameter with a line break) are refused the same way, with
nothing sent.
"""

from __future__ import annotations

import asyncio
import gzip
import warnings
from collections.abc import Callable, Iterator
from typing import Any

import pytest
import venice_ai
from venice_ai import AsyncVeniceClient, InvalidArgumentError, VeniceClient, VeniceError

from tests.contract_calls import ContractCall, pinned_calls
from tests.fault_server import Action, Events, FaultServer, Partial, Reset, Respond, serve
from tests.project import venice_api

API = venice_api()
CALLS = [c for c in pinned_calls() if c.variant in ("required", "binary", "stream")]
JSON = (("Content-Type", "application/json"),)
FAULTS: dict[str, tuple[Action, dict[str, Any]]] = {
    "reset": (Reset(), {}),
    "body cut off": (Partial(b'{"data": [1, 2, 3]}', sent=5), {}),
    "body stalled": (Partial(b'{"data": []}', sent=5, then="stall", stall=1.0), {"timeout": 0.05}),
    "corrupt gzip": (Respond(200, b"\x1f\x8b not gzip", (*JSON, ("Content-Encoding", "gzip"))), {}),
    "gzip of no JSON": (Respond(200, gzip.compress(b"\xff<"), (("Content-Encoding", "gzip"),)), {}),
    "html": (Respond(200, b"<html>portal</html>", (("Content-Type", "text/html"),)), {}),
    "empty": (Respond(200, b"", JSON), {}),
    "redirect": (Respond(302, headers=(("Location", "/elsewhere"),)), {}),
    "redirect loop": (
        Respond(302, headers=(("Location", "/api/v1/loop"),)),
        {"follow_redirects": True, "max_redirects": 2},
    ),
    "error body cut off": (Partial(b'{"error": "nope"}', sent=3, status=500), {}),
    "wrong type": (
        Respond.json({"data": "nothing", "choices": 3, "id": []}),
        {"strict_responses": True},
    ),
    "stream cut": (Events((b'data: {"id": "c"}\n\n', b'data: {"id"')), {}),
    "stream not json": (Events((b"data: <html>\n\n",)), {}),
}


@pytest.fixture
def server() -> Iterator[FaultServer]:
    yield from serve()


def _target(client: Any, call: ContractCall, raw: bool) -> Callable[..., Any]:
    return call.method(client.with_raw_response if raw else client)  # type: ignore[no-any-return]


def _use_sync(result: Any) -> None:
    """Use what a call returned the way a caller would: parse, read, iterate (twice)."""
    if isinstance(result, venice_ai.RawResponse):
        _ = result.status_code, result.headers, result.request_id, result.typed_headers
        result = result.parse()
    for _ in range(2):
        if isinstance(result, venice_ai.Stream):
            list(result)
        elif isinstance(result, venice_ai.BinaryResponse):
            _ = result.content, result.text, list(result.iter_bytes())


async def _use_async(result: Any) -> None:
    if isinstance(result, venice_ai.RawResponse):
        _ = result.status_code, result.headers, result.request_id, result.typed_headers
        result = result.parse()
    for _ in range(2):
        if isinstance(result, venice_ai.AsyncStream):
            [item async for item in result]
        elif isinstance(result, venice_ai.AsyncBinaryResponse):
            _ = await result.read(), await result.text(), [c async for c in result.iter_bytes()]


Kwargs = Callable[[ContractCall], dict[str, Any]]


def _outcome(run: Callable[[], object]) -> str:
    """`ok`, or the name of the `VeniceError` raised; any other exception fails the test."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        try:
            run()
        except VeniceError as exc:
            return type(exc).__name__
    return "ok"


async def _outcome_async(run: Callable[[], Any]) -> str:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        try:
            await run()
        except VeniceError as exc:
            return type(exc).__name__
    return "ok"


def _walk_sync(
    calls: list[ContractCall], settings: dict[str, Any], kwargs: Kwargs
) -> dict[str, str]:
    seen = {}
    with VeniceClient(**settings) as client:
        for call in calls:
            for raw in (False, True):
                target, arguments = _target(client, call, raw), kwargs(call)
                seen[f"{call.id}{raw}"] = _outcome(lambda: _use_sync(target(**arguments)))  # noqa: B023
        seen["get"] = _outcome(lambda: client.get("/anything"))
        seen["post"] = _outcome(lambda: client.post("/anything", body={"a": 1}))
    return seen


def _walk_async(
    calls: list[ContractCall], settings: dict[str, Any], kwargs: Kwargs
) -> dict[str, str]:
    async def main() -> dict[str, str]:
        seen = {}
        async with AsyncVeniceClient(**settings) as client:
            for call in calls:
                for raw in (False, True):
                    target, arguments = _target(client, call, raw), kwargs(call)

                    async def one() -> None:
                        await _use_async(await target(**arguments))  # noqa: B023

                    seen[f"{call.id}{raw}"] = await _outcome_async(one)
            seen["get"] = await _outcome_async(lambda: client.get("/anything"))
            seen["post"] = await _outcome_async(lambda: client.post("/anything", body={"a": 1}))
        return seen

    return asyncio.run(main())


SLOW = {"body stalled"}  # a read timeout per call


@pytest.mark.parametrize("mode", ["sync", "async"])
@pytest.mark.parametrize(
    "fault", [pytest.param(f, marks=[pytest.mark.slow] * (f in SLOW)) for f in sorted(FAULTS)]
)
def test_every_method_fails_only_with_venice_errors(
    server: FaultServer, fault: str, mode: str
) -> None:
    action, settings = FAULTS[fault]
    server.fallback = action
    settings = {"api_key": "k", "base_url": server.url, "max_retries": 0, **settings}
    walk = _walk_sync if mode == "sync" else _walk_async
    seen = walk(CALLS, settings, lambda call: call.kwargs)
    assert set(seen.values()) - {"ok"}, f"{fault}: no call failed, so the fault was not exercised"


def _bad_arguments(call: ContractCall) -> dict[str, Any]:
    """The call's arguments with every path parameter `..` and every header one broken."""
    where = {p.python_name: p.location for p in call.op.parameters}
    bad = {"path": "..", "header": "proof\r\n"}
    return {k: bad.get(where.get(k, ""), v) for k, v in call.kwargs.items()}


@pytest.mark.parametrize("mode", ["sync", "async"])
def test_arguments_that_cannot_be_sent_are_refused_by_every_method(
    server: FaultServer, mode: str
) -> None:
    calls = [c for c in CALLS if _bad_arguments(c) != c.kwargs]
    walk = _walk_sync if mode == "sync" else _walk_async
    seen = walk(calls, {"api_key": "k", "base_url": server.url}, _bad_arguments)
    refused = {k for k, v in seen.items() if v == InvalidArgumentError.__name__}
    assert refused == set(seen) - {"get", "post"} and len(refused) >= 10, seen
    assert all(r.path.endswith("/anything") for r in server.received), "sent despite bad arguments"
