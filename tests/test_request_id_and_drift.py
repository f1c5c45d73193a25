"""Issue 13: `_request_id` on returned models, and drift made visible, sync and async.

A model a method returns carries the request id header (`x-request-id`) as `_request_id`,
outside its data. A response holding a field, an enum value or a union variant the client
does not know logs one warning per kind per process (unless `warn_on_drift=False`).
"""

from __future__ import annotations

import copy
import logging
import pickle
from collections.abc import Iterator
from typing import Any

import pytest
from venice_ai import _drift
from venice_ai.types import ChatCompletion, ModelList

from tests.fault_clients import run
from tests.fault_server import FaultServer, Respond, serve

MODEL = {
    "id": "m1",
    "object": "model",
    "created": 1,
    "owned_by": "venice.ai",
    "type": "text",
    "model_spec": {},
}
MODELS = {"object": "list", "data": [MODEL], "type": "text"}
COMPLETION = {
    "id": "c1",
    "object": "chat.completion",
    "created": 1,
    "model": "m",
    "choices": [
        {
            "index": 0,
            "finish_reason": "stop",
            "message": {"role": "assistant", "content": "Hi"},
        }
    ],
}


@pytest.fixture(params=["sync", "async"])
def mode(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def server() -> Iterator[FaultServer]:
    yield from serve()


@pytest.fixture(autouse=True)
def fresh_process(caplog: pytest.LogCaptureFixture) -> Iterator[None]:
    """Each test starts as a new process would: no kind reported yet."""
    _drift._REPORTED.clear()
    caplog.set_level(logging.WARNING, logger="venice_ai")
    yield
    _drift._REPORTED.clear()


def list_models(client: Any) -> Any:
    return client.models.list()


def chat(client: Any) -> Any:
    return client.chat.completions.create(model="m", messages=[{"role": "user", "content": "Hi"}])


def warnings_of(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]


# ------------------------------------------------------------------ _request_id


def test_a_returned_model_carries_its_request_id(mode: str, server: FaultServer) -> None:
    server.script("/models", Respond.json(MODELS, x_request_id="req-123"))
    models = run(mode, server, list_models)
    assert isinstance(models, ModelList)
    assert models._request_id == "req-123"
    assert models.data[0]._request_id is None  # only the object the method returned
    assert "req-123" not in models.to_json() and "_request_id" not in models.to_dict()
    assert "req-123" not in str(models.model_dump()) and "req-123" not in repr(models)
    for kept in (copy.deepcopy(models), pickle.loads(pickle.dumps(models))):
        assert kept._request_id == "req-123"


def test_raw_responses_parse_to_models_with_the_request_id(mode: str, server: FaultServer) -> None:
    server.script("/models", Respond.json(MODELS, x_request_id="req-9"))

    def call(client: Any) -> Any:
        return client.with_raw_response.models.list()

    async def async_call(client: Any) -> Any:
        return await client.with_raw_response.models.list()

    raw = run(mode, server, call if mode == "sync" else async_call)
    assert raw.parse()._request_id == "req-9"


def test_without_the_header_the_request_id_is_none(mode: str, server: FaultServer) -> None:
    server.script("/models", Respond.json(MODELS))
    assert run(mode, server, list_models)._request_id is None


# ------------------------------------------------------------------ drift


def test_a_new_field_is_reported_once_per_process(
    mode: str, server: FaultServer, caplog: pytest.LogCaptureFixture
) -> None:
    model = {**MODEL, "brand_new": 1}
    body = {**MODELS, "data": [model, model]}
    server.script("/models", Respond.json(body))
    for _ in range(3):
        assert run(mode, server, list_models).data[0].model_extra == {"brand_new": 1}
    [warning] = warnings_of(caplog)
    assert "field" in warning and "ModelResponse.brand_new" in warning
    assert "regenerate" in warning and "warn_on_drift=False" in warning


def test_a_new_value_of_an_open_enum_is_reported(
    mode: str, server: FaultServer, caplog: pytest.LogCaptureFixture
) -> None:
    server.script("/models", Respond.json({**MODELS, "type": "hologram"}))
    assert run(mode, server, list_models).type == "hologram"
    [warning] = warnings_of(caplog)
    assert "enum value" in warning and "ModelList.type = 'hologram'" in warning


def test_a_new_union_variant_is_reported_and_kept(
    mode: str, server: FaultServer, caplog: pytest.LogCaptureFixture
) -> None:
    choice = {**COMPLETION["choices"][0], "message": {"role": "critic", "content": "Hm"}}  # type: ignore[index]
    server.script("/chat/completions", Respond.json({**COMPLETION, "choices": [choice]}))
    completion = run(mode, server, chat)
    assert isinstance(completion, ChatCompletion)
    [warning] = warnings_of(caplog)
    assert "union variant" in warning and "critic" in warning


def test_known_responses_report_nothing(
    mode: str, server: FaultServer, caplog: pytest.LogCaptureFixture
) -> None:
    server.script("/models", Respond.json(MODELS))
    server.script("/chat/completions", Respond.json(COMPLETION))
    run(mode, server, list_models)
    run(mode, server, chat)
    assert warnings_of(caplog) == [] and _drift.reported() == frozenset()


def test_the_client_flag_turns_it_off(
    mode: str, server: FaultServer, caplog: pytest.LogCaptureFixture
) -> None:
    server.script("/models", Respond.json({**MODELS, "type": "hologram", "brand_new": 1}))
    run(mode, server, list_models, warn_on_drift=False)
    assert warnings_of(caplog) == []
    run(mode, server, lambda client: client.with_options(warn_on_drift=True).models.list())
    assert len(warnings_of(caplog)) == 2  # a field and an enum value


# ------------------------------------------------------------------ where drift is looked for


def test_drift_is_found_in_models_behind_lists_maps_unions_and_annotations() -> None:
    from typing import Annotated, Literal

    from generator.runtime import _drift as drift
    from generator.runtime._models import BaseModel, parse

    class Leaf(BaseModel):
        kind: Literal["a", "b"] | str

    class Other(BaseModel):
        size: int

    class Root(BaseModel):
        name: str
        mode: Literal["x"]
        tags: list[str] | None = None
        items: list[dict[str, Annotated[Leaf | Other, "meta"]]] | None = None

    plan = drift._plan(Root)
    assert plan.nested == ("items",) and plan.enums == ()
    assert drift._plan(Leaf).enums == (("kind", frozenset({"a", "b"})),)
    cases = [
        ({"items": [{"k": {"kind": "c"}}]}, "enum value", "Leaf.kind = 'c'"),
        ({"items": [{"k": {"kind": "a", "new": 1}}]}, "field", "Leaf.new"),
        ({"items": [{"k": {"size": 1, "fresh": 2}}]}, "field", "Other.fresh"),
    ]
    for data, kind, what in cases:
        drift._REPORTED.clear()
        found: dict[Any, str] = {}
        drift._walk(parse(Root, {"name": "n", "mode": "x", **data}), found, 0)
        assert found == {kind: what}
    drift._REPORTED.clear()


def test_the_request_id_is_read_from_the_first_header_that_carries_it() -> None:
    import httpx

    from generator.runtime._error_body import request_id

    assert request_id(httpx.Headers({"CF-Ray": "ray", "X-Request-Id": "rid"})) == "rid"
    assert request_id(httpx.Headers({"x-venice-request-id": "v", "cf-ray": "ray"})) == "ray"
    assert request_id(httpx.Headers([("X-Request-ID", "a"), ("x-request-id", "b")])) == "a, b"
    assert request_id(httpx.Headers({"x-request-id": "é".encode()})) == "é"
    assert request_id(httpx.Headers({"content-type": "application/json"})) is None
