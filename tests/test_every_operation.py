"""Every operation of the pinned spec, called through `httpx.MockTransport`, sync and async.

For each operation the arguments come from the spec (every parameter and body field gets an
example value); the test checks the request against the spec (method, path with quoted
path parameters, query, headers, JSON or multipart body) and that the answer, an example
response valid per the spec, parses into the declared return type with strict validation.
"""

from __future__ import annotations

import asyncio
import contextlib
import inspect
import json
import warnings
from collections.abc import Callable
from typing import Any
from urllib.parse import quote

import httpx
import pytest
import venice_ai

from generator.examples import FILE_CONTENT, sample
from generator.ir import Api, BinaryType, Model, ModelRef, ObjectModel, Operation
from tests.project import venice_api

API: Api = venice_api()
MODELS: dict[str, Model] = API.model_table()
BASE = "https://api.venice.ai/api/v1"


def _wire(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


class Call:
    """The arguments for one operation and what the request must look like."""

    def __init__(self, op: Operation) -> None:
        self.op = op
        self.kwargs: dict[str, Any] = {}
        path = op.path
        self.query: list[tuple[str, str]] = []
        self.headers: dict[str, str] = {}
        for param in op.parameters:
            value = sample(param.type, MODELS)
            if param.location == "path":
                value = "a/b c" if isinstance(value, str) else value
                path = path.replace("{" + param.name + "}", quote(_wire(value), safe=""))
            elif param.location == "query":
                values = value if isinstance(value, list) else [value]
                self.query.extend((param.name, _wire(v)) for v in values)
            elif param.location == "header":
                self.headers[param.name.lower()] = _wire(value)
            assert param.python_name
            self.kwargs[param.python_name] = value
        self.path = path
        self.body: Any = None
        self.multipart = False
        names = dict(op.body_python_names)
        if op.request_body is not None and "" in names:  # a body that is not an object
            self.body = sample(op.request_body.contents[0].type, MODELS)
            self.kwargs[names[""]] = self.body
        elif op.request_body is not None:
            self.body = {}
            for content in op.request_body.contents:
                model = MODELS.get(content.type.key) if isinstance(content.type, ModelRef) else None
                assert isinstance(model, ObjectModel), f"{op.key}: non-object body"
                for field in model.fields:
                    if field.name not in self.body:
                        self.body[field.name] = sample(field.type, MODELS)
                        self.kwargs[names[field.name]] = self.body[field.name]
            # Flags that change what comes back are set to "plain JSON" here; streaming and
            # binary answers have their own tests.
            for flag, off in _flags_off(op).items():
                self.body[flag] = off
                self.kwargs[names[flag]] = off
            media = [c.media_type for c in op.request_body.contents]
            values = self.body.values() if isinstance(self.body, dict) else ()
            has_file = any(
                v == FILE_CONTENT or (isinstance(v, list) and FILE_CONTENT in v) for v in values
            )
            self.multipart = any(m.startswith("multipart/") for m in media) and (
                has_file or "application/json" not in media
            )

    def method(self, client: Any) -> Callable[..., Any]:
        target = client
        for part in (*self.op.resource, self.op.method_name):
            target = getattr(target, part)
        return target  # type: ignore[no-any-return]

    def check(self, request: httpx.Request) -> None:
        op = self.op
        assert request.method == op.method.upper()
        assert request.url.raw_path.decode().split("?")[0] == "/api/v1" + self.path
        assert sorted(request.url.params.multi_items()) == sorted(self.query)
        for name, value in self.headers.items():
            assert request.headers[name] == value
        assert request.headers["authorization"] == "Bearer test-key"
        if self.body is None:
            assert request.content == b""
        elif self.multipart:
            assert request.headers["content-type"].startswith("multipart/form-data")
            for name in self.body:
                assert f'name="{name}"'.encode() in request.content, name
            assert FILE_CONTENT in request.content or not any(
                v == FILE_CONTENT for v in self.body.values()
            )
        else:
            assert request.headers["content-type"] == "application/json"
            assert json.loads(request.content) == self.body


def _flags_off(op: Operation) -> dict[str, Any]:
    flags: dict[str, Any] = {"stream": False} if op.streaming else {}
    if op.binary_when is not None:
        name, value = op.binary_when
        flags[name] = (not value) if isinstance(value, bool) else "json"
    return flags


def _answer(op: Operation) -> httpx.Response:
    """An example success response, valid per the spec."""
    for response in op.responses:
        if not response.is_success or not response.contents:
            continue
        content = response.contents[0]
        if isinstance(content.type, BinaryType):
            return httpx.Response(
                200, content=FILE_CONTENT, headers={"content-type": content.media_type}
            )
        return httpx.Response(200, json=sample(content.type, MODELS))
    return httpx.Response(200)


def _expected_class_name(op: Operation) -> str | None:
    for response in op.responses:
        for content in response.contents if response.is_success else ():
            if isinstance(content.type, BinaryType):
                return "BinaryResponse"
            model = MODELS.get(content.type.key) if isinstance(content.type, ModelRef) else None
            return model.name if isinstance(model, ObjectModel) else None
    return "NoneType"


OPERATIONS = sorted(API.operations, key=lambda o: o.key)


def _awaitable_method(method: Any, op: Operation) -> bool:
    """Whether an async client's method is awaited: a coroutine function, or (for a list
    that pages) a function whose paginator is awaited for the first page."""
    if op.pagination is not None:
        return inspect.signature(method).return_annotation.startswith("AsyncPaginator[")
    return asyncio.iscoroutinefunction(method)


def test_the_pinned_spec_has_49_operations_all_on_both_clients() -> None:
    assert len(OPERATIONS) == 49
    sync = venice_ai.VeniceClient(api_key="k")
    asynchronous = venice_ai.AsyncVeniceClient(api_key="k")
    for op in OPERATIONS:
        call = Call(op)
        assert callable(call.method(sync)), op.key
        assert _awaitable_method(call.method(asynchronous), op), op.key


@pytest.mark.parametrize("op", OPERATIONS, ids=lambda op: op.key)
def test_sync_call_sends_what_the_spec_says(op: Operation) -> None:
    call = Call(op)
    seen: list[httpx.Request] = []
    answer = _answer(op)

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return answer

    with venice_ai.VeniceClient(
        api_key="test-key",
        strict_responses=True,
        http_client=httpx.Client(transport=httpx.MockTransport(handler)),
    ) as client:
        with _deprecation(op):
            result = call.method(client)(**call.kwargs)
    [request] = seen
    call.check(request)
    _check_result(op, result)


@pytest.mark.parametrize("op", OPERATIONS, ids=lambda op: op.key)
def test_async_call_sends_what_the_spec_says(op: Operation) -> None:
    call = Call(op)
    seen: list[httpx.Request] = []
    answer = _answer(op)

    async def handler(request: httpx.Request) -> httpx.Response:
        await request.aread()
        seen.append(request)
        return answer

    async def run() -> Any:
        async with venice_ai.AsyncVeniceClient(
            api_key="test-key",
            strict_responses=True,
            http_client=httpx.AsyncClient(transport=httpx.MockTransport(handler)),
        ) as client:
            with _deprecation(op):
                result = await call.method(client)(**call.kwargs)
            if isinstance(result, venice_ai.AsyncBinaryResponse):
                assert await result.read() == FILE_CONTENT
            return result

    result = asyncio.run(run())
    [request] = seen
    call.check(request)
    _check_result(op, result)


# The surface people already use (from the hand-written SDK's reference), written out by
# hand rather than read from the generator's IR: method -> what it sends.
KNOWN_METHODS = {
    "chat.completions.create": "POST /chat/completions",
    "models.list": "GET /models",
    "models.list_traits": "GET /models/traits",
    "models.list_compatibility": "GET /models/compatibility_mapping",
    "image.generate": "POST /image/generate",
    "image.upscale": "POST /image/upscale",
    "image.list_styles": "GET /image/styles",
    "api_keys.list": "GET /api_keys",
    "audio.create_speech": "POST /audio/speech",
    "embeddings.create": "POST /embeddings",
    "billing.get_usage": "GET /billing/usage",
    "characters.list": "GET /characters",
    "video.queue": "POST /video/queue",
}


@pytest.mark.parametrize(("method", "sent"), sorted(KNOWN_METHODS.items()))
def test_the_methods_people_know_send_their_request(method: str, sent: str) -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json={})

    transport = httpx.MockTransport(handler)
    sync = _dotted(
        venice_ai.VeniceClient(api_key="k", http_client=httpx.Client(transport=transport)), method
    )
    arguments = {
        name: "x"
        for name, p in inspect.signature(sync).parameters.items()
        if p.default is inspect.Parameter.empty and p.kind is inspect.Parameter.KEYWORD_ONLY
    }
    with contextlib.suppress(venice_ai.APIResponseError), warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        sync(**arguments)  # the empty answer need not parse; the request is what counts
    [request] = seen
    verb, path = sent.split(" ")
    assert (request.method, request.url.path) == (verb, "/api/v1" + path)
    async_method = inspect.unwrap(_dotted(venice_ai.AsyncVeniceClient(api_key="k"), method))
    op = next(o for o in OPERATIONS if o.key == sent)
    assert _awaitable_method(async_method, op)  # (deprecated() wraps)


def _dotted(client: object, method: str) -> Any:
    target: Any = client
    for part in method.split("."):
        target = getattr(target, part)
    return target


def _deprecation(op: Operation) -> contextlib.AbstractContextManager[object]:
    """Deprecated operations warn when called; others must not."""
    if op.deprecated:
        return pytest.warns(DeprecationWarning, match=op.key)
    return contextlib.nullcontext()


def _check_result(op: Operation, result: Any) -> None:
    expected = _expected_class_name(op)
    if expected == "BinaryResponse":
        assert type(result).__name__ in ("BinaryResponse", "AsyncBinaryResponse")
        if isinstance(result, venice_ai.BinaryResponse):
            assert result.content == FILE_CONTENT
    elif expected == "NoneType":
        assert result is None
    elif expected is not None:  # a page is its answer's model too
        assert expected in {cls.__name__ for cls in type(result).__mro__}
