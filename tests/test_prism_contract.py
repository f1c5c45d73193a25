"""The generated client against Stoplight Prism serving the pinned spec: the spec is the judge.

Every operation is called, sync and async, in every variant `contract_calls` builds (required
arguments only; every argument from the spec's examples; multipart uploads; the binary flag;
streams). Prism validates each request against the spec and answers from it; openapi-core
validates the same request a second time. A request either judge rejects fails the test, and
so does a JSON response our model loses or changes (`to_dict()` must give the body back).
The dynamic pass has Prism invent spec-valid responses (`-d`), several per operation, and the
client parses them with strict validation.

Prism's known limitations, each worked around here and checked another way (never skipped):
- Its request validator silently passes some bodies it cannot compile (`PRISM_UNCHECKED`,
  kept honest by `test_prism_still_cannot_check_these_bodies`): openapi-core checks those.
- It rejects repeated multipart parts (an array of files): openapi-core checks those requests.
- `security: [{}]` (no authentication) with an `Authorization` header is refused with 401;
  such operations are called without a key, and the refusal itself is asserted.
- It copies a `Content-Encoding: gzip` response header from the spec's examples onto a body it
  never compresses; the recording transport drops that header (and counts it), and
  `test_gzip_bodies_are_decoded` checks real gzip against a local server.
- It cannot answer `text/event-stream` where the spec declares only JSON: the stream request is
  judged by Prism with a JSON `Accept`, and streams are parsed in `test_runtime_faults.py`.
"""

from __future__ import annotations

import asyncio
import gzip
import inspect
import json
import typing
import warnings
from typing import Any

import httpx
import pydantic
import pytest
import venice_ai
from pydantic import BaseModel
from venice_ai._models import parse

from tests.contract_calls import (
    AsyncRecordingTransport,
    ContractCall,
    Exchange,
    RecordingTransport,
    pinned_calls,
    pinned_samples,
    raw_operation,
)
from tests.openapi_check import RequestJudge, read_multipart
from tests.prism_server import Prism
from tests.project import venice_api

# Slow: a Prism server and about 900 calls.
# `make test-fast` leaves it out; `make test` and CI run it.
pytestmark = pytest.mark.slow

API = venice_api()
SAMPLES = pinned_samples()
DOCUMENT: dict[str, Any] = SAMPLES.document
CALLS = list(pinned_calls())
DYNAMIC_ROUNDS = 3
KEY = "test-key"

# Operations whose request body Prism 5.16 does not validate: its validator fails to compile
# the schema (they share `{nullable: true}` branches without a `type`) and lets any body pass.
PRISM_UNCHECKED = frozenset(
    {
        "PATCH /api_keys",
        "POST /api_keys",
        "POST /api_keys/generate_web3_key",
        "POST /chat/completions",
        "POST /image/generate",
        "POST /responses",
    }
)


def _op(op_key: str) -> Any:
    return next(op for op in API.operations if op.key == op_key)


@pytest.fixture(scope="session")
def judge() -> RequestJudge:
    return RequestJudge(DOCUMENT)


# ---------------------------------------------------------------- calling


def _run(
    call: ContractCall, url: str, *, asynchronous: bool, strict: bool
) -> tuple[Any, list[Exchange]]:
    """Make the call through the real client; returns its result (or the error raised)."""
    key = None if call.anonymous else KEY
    settings: dict[str, Any] = {"api_key": key, "base_url": url, "max_retries": 0}
    settings["require_credentials"] = not call.anonymous  # an operation that needs none
    settings["strict_responses"] = strict
    expect_warning = call.op.deprecated
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", DeprecationWarning)
        if asynchronous:
            result, exchanges = asyncio.run(_run_async(call, settings))
        else:
            transport = RecordingTransport()
            with httpx.Client(transport=transport) as http:
                client = venice_ai.VeniceClient(http_client=http, **settings)
                result = _outcome(lambda: call.method(client)(**call.kwargs))
                if isinstance(result, venice_ai.BinaryResponse):
                    result.content  # noqa: B018 - read it while the client is open
            exchanges = transport.exchanges
    deprecations = [w for w in caught if issubclass(w.category, DeprecationWarning)]
    assert bool(deprecations) == expect_warning, [str(w.message) for w in caught]
    return result, exchanges


async def _run_async(call: ContractCall, settings: dict[str, Any]) -> tuple[Any, list[Exchange]]:
    transport = AsyncRecordingTransport()
    async with httpx.AsyncClient(transport=transport) as http:
        client = venice_ai.AsyncVeniceClient(http_client=http, **settings)
        try:
            result = await call.method(client)(**call.kwargs)
        except venice_ai.VeniceError as exc:
            result = exc
        if isinstance(result, venice_ai.AsyncBinaryResponse):
            await result.read()
    return result, transport.exchanges


def _outcome(make: Any) -> Any:
    try:
        return make()
    except venice_ai.VeniceError as exc:
        return exc


def _plain(value: Any) -> Any:
    """What a result holds, as JSON data (models through their own `to_dict()`)."""
    if isinstance(value, BaseModel) and hasattr(value, "to_dict"):
        return value.to_dict()
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


# ---------------------------------------------------------------- checks


def _repeated_parts_refused(exchange: Exchange) -> bool:
    """Prism's limitation: an array sent as repeated multipart parts (how forms carry arrays)
    is read as one value and refused with "must be array"."""
    violations = exchange.violations()
    if not violations or not exchange.request.headers["content-type"].startswith("multipart/"):
        return False
    names = [name for name, _ in read_multipart(exchange.request)]
    return all(
        v["code"] == "type"
        and v["message"].endswith("must be array")
        and names.count(v["location"][-1]) > 1
        for v in violations
    )


def _check_request(call: ContractCall, exchange: Exchange, judge: RequestJudge) -> None:
    request = exchange.request
    if not _repeated_parts_refused(exchange):
        assert not exchange.violations(), f"Prism rejected the request: {exchange.violations()}"
    assert not judge.problems(request, call.op.path), judge.problems(request, call.op.path)
    if call.media_type is None:
        assert request.content == b""
    else:
        sent = request.headers.get("content-type", "").split(";")[0]
        assert sent == call.media_type or (call.kwargs == {} and not request.content), sent


def _check_result(call: ContractCall, result: Any, exchange: Exchange) -> None:
    content_type = exchange.headers.get("content-type", "").split(";")[0].strip()
    if _repeated_parts_refused(exchange):
        # No answer but Prism's 400 to check here; the same operation's JSON variants check
        # the response, and the request was judged by `_check_request`.
        assert isinstance(result, venice_ai.BadRequestError), result
        return
    if call.expect == "error":
        assert isinstance(result, venice_ai.APIStatusError), result
        assert result.status_code == exchange.status
        return
    assert not isinstance(result, Exception), f"{type(result).__name__}: {result}"
    assert 200 <= exchange.status < 300, (exchange.status, exchange.body[:300])
    if call.expect == "binary":
        assert isinstance(result, venice_ai.BinaryResponse | venice_ai.AsyncBinaryResponse)
        assert not content_type.endswith("json"), content_type
        assert result.response.content == exchange.body
        return
    assert content_type == "application/json", content_type
    assert _plain(result) == exchange.json(), "the model lost or changed response data"


def _exchange_of(exchanges: list[Exchange]) -> Exchange:
    [exchange] = exchanges
    return exchange


STATIC = [c for c in CALLS if c.expect != "stream"]
STREAMS = [c for c in CALLS if c.expect == "stream"]


def test_every_operation_has_a_contract_call() -> None:
    covered = {c.op.key for c in CALLS}
    assert covered == {op.key for op in API.operations}
    assert len(covered) == 49
    variants = {c.variant for c in CALLS}
    assert variants == {"required", "examples", "multipart", "binary", "stream"}
    # Every argument the spec has is an argument of the method: nothing goes through extras.
    assert [c.id for c in CALLS if c.extras] == []


@pytest.mark.parametrize("asynchronous", [False, True], ids=["sync", "async"])
@pytest.mark.parametrize("call", STATIC, ids=lambda c: c.id)
def test_static_responses(
    call: ContractCall, asynchronous: bool, prism: Prism, judge: RequestJudge
) -> None:
    result, exchanges = _run(call, prism.url, asynchronous=asynchronous, strict=False)
    exchange = _exchange_of(exchanges)
    _check_request(call, exchange, judge)
    _check_result(call, result, exchange)


@pytest.mark.parametrize("asynchronous", [False, True], ids=["sync", "async"])
@pytest.mark.parametrize(
    "call", [c for c in STATIC if c.variant in ("required", "binary")], ids=lambda c: c.id
)
def test_dynamic_responses_parse_strictly(
    call: ContractCall, asynchronous: bool, prism_dynamic: Prism, judge: RequestJudge
) -> None:
    for _ in range(DYNAMIC_ROUNDS):
        result, exchanges = _run(call, prism_dynamic.url, asynchronous=asynchronous, strict=False)
        exchange = _exchange_of(exchanges)
        _check_request(call, exchange, judge)
        _check_result(call, result, exchange)
        if call.expect == "json":
            assert _strict_errors(call, exchange.json()) == []


# What Prism's faker does with an untyped `{nullable: true, title: "null"}` branch (the way
# this spec writes "or null"): any value is valid there by the letter of OpenAPI 3.0, and
# the faker returns the schema object itself. Our models read the branch as null, its
# evident meaning; such a value is still kept (see `_check_result`), only not typed.
_UNTYPED_NULL_KEYS = {"nullable", "title", "description", "deprecated", "example", "examples"}


def _strict_errors(call: ContractCall, data: Any) -> list[str]:
    """Where `data` fails strict validation against the method's JSON return type, less
    the values Prism invents for untyped `nullable` branches."""
    target = inspect.unwrap(call.method(venice_ai.VeniceClient(api_key=KEY)))
    returns = typing.get_type_hints(target)["return"]
    files_and_streams = (venice_ai.BinaryResponse, venice_ai.Stream)
    members = [
        m for m in typing.get_args(returns) if (typing.get_origin(m) or m) not in files_and_streams
    ]
    json_type = returns if not members else typing.Union[tuple(members)]  # noqa: UP007
    try:
        parse(json_type, data, strict=True)
    except pydantic.ValidationError as exc:
        return [
            f"{'.'.join(map(str, e['loc']))}: {e['msg']} ({e['input']!r:.200})"
            for e in exc.errors()
            if not (
                isinstance(e["input"], dict)
                and e["input"].get("nullable") is True
                and set(e["input"]) <= _UNTYPED_NULL_KEYS
            )
        ]
    return []


@pytest.mark.parametrize("asynchronous", [False, True], ids=["sync", "async"])
@pytest.mark.parametrize("call", STREAMS, ids=lambda c: c.id)
def test_stream_requests_are_valid(
    call: ContractCall, asynchronous: bool, prism: Prism, judge: RequestJudge
) -> None:
    result, exchanges = _run(call, prism.url, asynchronous=asynchronous, strict=False)
    exchange = _exchange_of(exchanges)
    assert exchange.request.headers["accept"] == "text/event-stream"
    # Prism cannot serve events the spec does not declare: it answers 406, and the client
    # reports that as an error rather than parsing anything.
    assert exchange.status == 406 and isinstance(result, venice_ai.APIStatusError)
    assert json.loads(exchange.request.content)["stream"] is True
    assert not judge.problems(exchange.request, call.op.path), judge.problems(
        exchange.request, call.op.path
    )
    with _raw_client(prism) as http:
        replay = http.send(_with_accept(exchange.request, "application/json"))
    assert replay.status_code == 200 and "sl-violations" not in replay.headers


def _raw_client(prism: Prism) -> httpx.Client:
    """Plain httpx to Prism, with its copied `Content-Encoding` header dropped."""
    return httpx.Client(base_url=prism.url, transport=RecordingTransport())


def _with_accept(request: httpx.Request, accept: str) -> httpx.Request:
    headers = httpx.Headers(request.headers)
    headers["accept"] = accept
    return httpx.Request(request.method, request.url, headers=headers, content=request.content)


# ---------------------------------------------------------------- Prism's limitations


def _bad_body(op_key: str) -> httpx.Request | None:
    op = _op(op_key)
    media = [c.media_type for c in op.request_body.contents] if op.request_body else []
    if "application/json" not in media:
        return None
    path = op.path
    for param in op.parameters:
        path = path.replace("{" + param.name + "}", "x")
    return httpx.Request(
        op.method.upper(),
        path,
        json=[["not", "an", "object"]],
        headers={"authorization": "Bearer k"},
    )


def test_prism_still_cannot_check_these_bodies(prism: Prism) -> None:
    """Which JSON bodies Prism validates: a body of the wrong type must be flagged. The list
    of those it lets through is `PRISM_UNCHECKED`, which openapi-core covers."""
    unchecked = set()
    with _raw_client(prism) as http:
        for op in API.operations:
            request = _bad_body(op.key)
            if request is None:
                continue
            response = http.send(
                http.build_request(
                    request.method,
                    request.url.path,
                    content=request.content,
                    headers=request.headers,
                )
            )
            if response.status_code < 400:
                unchecked.add(op.key)
    assert unchecked == PRISM_UNCHECKED
    # ... and the cause is the one named above: exactly these bodies hold an untyped
    # `nullable` schema somewhere.
    with_untyped_null = {
        op.key
        for op in API.operations
        if "requestBody" in raw_operation(DOCUMENT, op)
        and _has_untyped_nullable(raw_operation(DOCUMENT, op)["requestBody"], set())
    }
    assert with_untyped_null == PRISM_UNCHECKED


def _has_untyped_nullable(schema: Any, seen: set[str]) -> bool:
    if isinstance(schema, list):
        return any(_has_untyped_nullable(s, seen) for s in schema)
    if not isinstance(schema, dict):
        return False
    if "$ref" in schema:
        if schema["$ref"] in seen:
            return False
        seen.add(schema["$ref"])
        return _has_untyped_nullable(SAMPLES.resolve(schema), seen)
    combined = {"type", "anyOf", "oneOf", "allOf"} & schema.keys()
    if schema.get("nullable") is True and not combined:
        return True
    return any(_has_untyped_nullable(v, seen) for v in schema.values())


def test_prism_refuses_credentials_where_none_are_asked_for(prism: Prism) -> None:
    anonymous = sorted({c.op.key for c in CALLS if c.anonymous})
    assert anonymous == ["GET /crypto/rpc/networks"]
    with _raw_client(prism) as http:
        assert http.get("/crypto/rpc/networks").status_code == 200
        refused = http.get("/crypto/rpc/networks", headers={"authorization": f"Bearer {KEY}"})
    assert refused.status_code == 401
    # Our client does send its key there (as openai-python does): the call above was made
    # without one so that Prism answers; the request is otherwise the same.


def test_gzip_bodies_are_decoded() -> None:
    """What Prism cannot show: a body that really is gzip-encoded reaches the model decoded."""
    body = {"data": [], "object": "list", "type": "text"}

    def answer(request: httpx.Request) -> httpx.Response:
        return httpx.Response(
            200,
            content=gzip.compress(json.dumps(body).encode()),
            headers={"content-encoding": "gzip", "content-type": "application/json"},
        )

    with httpx.Client(transport=httpx.MockTransport(answer)) as http:
        client = venice_ai.VeniceClient(api_key=KEY, http_client=http)
        assert client.models.list().to_dict() == body
