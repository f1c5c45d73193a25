"""How the generated client behaves for callers: arguments, responses, settings.

Everything goes through `httpx.MockTransport`; see `test_runtime_faults.py` for behaviour
against a real server (timeouts, resets, retries, streams).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pydantic
import pytest
from venice_ai import (
    NOT_GIVEN,
    APIResponseValidationError,
    AsyncVeniceClient,
    VeniceClient,
)
from venice_ai.types import ChatCompletion, ModelList

Handler = Callable[[httpx.Request], httpx.Response]

CHAT_RESPONSE: dict[str, Any] = {
    "id": "chatcmpl-1",
    "object": "chat.completion",
    "created": 1,
    "model": "venice-uncensored",
    "choices": [
        {
            "index": 0,
            "finish_reason": "a_reason_added_next_week",
            "message": {"role": "assistant", "content": "Hi", "brand_new_field": [1, 2]},
        }
    ],
    "usage": {"prompt_tokens": 1, "completion_tokens": 2, "total_tokens": 3},
    "extra_top_level": {"nested": True},
}


@pytest.fixture
def recorded() -> list[httpx.Request]:
    return []


def _client(handler: Handler, recorded: list[httpx.Request], **kwargs: Any) -> VeniceClient:
    def record(request: httpx.Request) -> httpx.Response:
        recorded.append(request)
        return handler(request)

    kwargs.setdefault("api_key", "sk-test")
    return VeniceClient(http_client=httpx.Client(transport=httpx.MockTransport(record)), **kwargs)


def _json(data: object, status: int = 200) -> Handler:
    return lambda request: httpx.Response(status, json=data)


def test_chat_request_body_has_only_what_was_given(recorded: list[httpx.Request]) -> None:
    client = _client(_json(CHAT_RESPONSE), recorded)
    client.chat.completions.create(
        model="m",
        messages=[{"role": "user", "content": "Hi"}],
        stop=None,
        venice_parameters={"enable_web_search": "auto"},
        temperature=NOT_GIVEN,
    )
    [request] = recorded
    assert request.url == "https://api.venice.ai/api/v1/chat/completions"
    assert json.loads(request.content) == {
        "model": "m",
        "messages": [{"role": "user", "content": "Hi"}],
        "stop": None,  # None is sent as null; NOT_GIVEN is not sent at all
        "venice_parameters": {"enable_web_search": "auto"},
    }


def test_responses_keep_unknown_fields_and_unknown_enum_values(
    recorded: list[httpx.Request],
) -> None:
    completion = _client(
        _json(CHAT_RESPONSE), recorded, strict_responses=True
    ).chat.completions.create(model="m", messages=[{"role": "user", "content": "Hi"}])
    assert isinstance(completion, ChatCompletion)
    choice = (completion.choices or [])[0]
    assert choice.finish_reason == "a_reason_added_next_week"
    assert choice.message.model_extra == {"brand_new_field": [1, 2]}
    assert completion.model_extra == {"extra_top_level": {"nested": True}}
    assert completion.to_dict()["extra_top_level"] == {"nested": True}


def test_a_response_that_breaks_its_schema_is_built_leniently_unless_strict(
    recorded: list[httpx.Request],
) -> None:
    broken = {
        **CHAT_RESPONSE,
        "choices": [{**CHAT_RESPONSE["choices"][0], "message": {"role": "robot"}}],
    }
    del broken["created"]
    lenient = _client(_json(broken), recorded).chat.completions.create(
        model="m", messages=[{"role": "user", "content": "Hi"}]
    )
    assert isinstance(lenient, ChatCompletion) and lenient.id == "chatcmpl-1"
    assert lenient.usage.total_tokens == 3  # the parts that match are still typed
    strict = _client(_json(broken), recorded, strict_responses=True)
    with pytest.raises(APIResponseValidationError, match="not ChatCompletion") as caught:
        strict.chat.completions.create(model="m", messages=[{"role": "user", "content": "Hi"}])
    error = caught.value
    assert isinstance(error.__cause__, pydantic.ValidationError) and error.status_code == 200
    assert error.errors and error.body == broken


def test_snake_case_attributes_and_wire_names_on_the_way_out(recorded: list[httpx.Request]) -> None:
    body = {"data": [{"id": "k1", "apiKeyType": "INFERENCE", "consumptionLimits": {"usd": 1}}]}
    listing = _client(_json(body), recorded).api_keys.list()
    key = listing.data[0]
    assert key.api_key_type == "INFERENCE"
    assert key.to_dict()["apiKeyType"] == "INFERENCE"
    assert "api_key_type" not in key.model_dump()


def test_query_parameters_and_path_parameters(recorded: list[httpx.Request]) -> None:
    client = _client(_json({"object": "list", "data": [], "type": "text"}), recorded)
    listing = client.models.list(type="text")
    assert isinstance(listing, ModelList)
    client.characters.retrieve("a slug/with?odd#chars")
    first, second = recorded
    assert first.url.params["type"] == "text"
    assert second.url.raw_path == b"/api/v1/characters/a%20slug%2Fwith%3Fodd%23chars"


def test_api_key_and_base_url_come_from_the_environment(
    monkeypatch: pytest.MonkeyPatch,
    recorded: list[httpx.Request],
) -> None:
    monkeypatch.setenv("VENICE_API_KEY", "sk-from-env")
    monkeypatch.setenv("VENICE_BASE_URL", "http://localhost:9999/v9")
    client = _client(_json({"object": "list", "data": []}), recorded, api_key=None)
    client.models.list()
    [request] = recorded
    assert request.headers["authorization"] == "Bearer sk-from-env"
    assert str(request.url) == "http://localhost:9999/v9/models"


def test_without_a_key_no_authorization_header_is_sent(
    monkeypatch: pytest.MonkeyPatch,
    recorded: list[httpx.Request],
) -> None:
    monkeypatch.delenv("VENICE_API_KEY", raising=False)
    _client(
        _json({"data": []}), recorded, api_key=None, require_credentials=False
    ).x402.get_balance("0xabc", sign_in_with_x="signed")
    [request] = recorded
    assert "authorization" not in request.headers
    assert request.headers["sign-in-with-x"] == "signed"


def test_the_key_is_not_in_repr(recorded: list[httpx.Request]) -> None:
    client = _client(_json({}), recorded, api_key="sk-very-secret")
    assert "sk-very-secret" not in repr(client)


def test_closing_keeps_a_callers_http_client_open() -> None:
    http = httpx.Client()
    with VeniceClient(api_key="k", http_client=http) as client:
        assert client.models is client.models  # resources are created once
    assert not http.is_closed
    http.close()
    owned = VeniceClient(api_key="k")
    owned.close()
    assert owned.is_closed


@pytest.fixture
def async_handler() -> Iterator[list[httpx.Request]]:
    yield []


def test_async_client_has_the_same_surface(async_handler: list[httpx.Request]) -> None:
    import asyncio

    async def record(request: httpx.Request) -> httpx.Response:
        async_handler.append(request)
        return httpx.Response(200, json=CHAT_RESPONSE)

    async def run() -> ChatCompletion:
        async with AsyncVeniceClient(
            api_key="k", http_client=httpx.AsyncClient(transport=httpx.MockTransport(record))
        ) as client:
            return await client.chat.completions.create(model="m", messages=[])

    completion = asyncio.run(run())
    assert completion.id == "chatcmpl-1" and len(async_handler) == 1


IMAGE_CONSTRAINTS: dict[str, Any] = {
    "promptCharacterLimit": 1500,
    "steps": {"default": 8, "max": 30},
    "widthHeightDivisor": 16,
    # A key that equals a field's Python name is not that field: it is the server's own key.
    "prompt_character_limit": 7,
}


@pytest.mark.parametrize("strict", [True, False])
def test_responses_bind_wire_names_only(strict: bool) -> None:
    from venice_ai._models import parse
    from venice_ai.types import ModelSpecImageModelConstraints

    data = dict(IMAGE_CONSTRAINTS)
    if not strict:  # a missing required field sends the model down the lenient path
        del data["widthHeightDivisor"]
    model = parse(ModelSpecImageModelConstraints, data, strict=strict)
    assert model.prompt_character_limit == 1500
    assert model.model_extra == {"prompt_character_limit": 7}
    assert model.to_dict() == data


def test_response_fields_named_by_python_name_alone_are_extras() -> None:
    from venice_ai._models import parse
    from venice_ai.types import ModelSpecImageModelConstraints

    data = {"prompt_character_limit": 7, "steps": {"default": 8, "max": 30},
            "widthHeightDivisor": 16}  # fmt: skip
    model = parse(ModelSpecImageModelConstraints, data)  # promptCharacterLimit is missing
    assert model.model_extra == {"prompt_character_limit": 7}
    assert model.to_dict() == data


def test_models_built_by_hand_take_python_names() -> None:
    from venice_ai.types import ModelSpecImageModelConstraints

    model = ModelSpecImageModelConstraints(
        prompt_character_limit=10, steps={"default": 1, "max": 2}, width_height_divisor=8
    )
    assert model.to_dict()["promptCharacterLimit"] == 10


def test_to_dict_of_a_lenient_model_gives_the_data_back_without_warnings(
    recorded: list[httpx.Request],
) -> None:
    broken = {
        **CHAT_RESPONSE,
        "created": "not a number",
        "choices": [{**CHAT_RESPONSE["choices"][0], "message": {"role": "robot"}}],
        "usage": {"prompt_tokens": "one", "completion_tokens": 2, "total_tokens": 3},
    }
    lenient = _client(_json(broken), recorded).chat.completions.create(
        model="m", messages=[{"role": "user", "content": "Hi"}]
    )
    # pytest turns warnings into errors: a serializer warning fails here.
    assert lenient.to_dict() == broken
    assert json.loads(lenient.to_json()) == broken


def test_an_optional_request_body_may_be_left_out(recorded: list[httpx.Request]) -> None:
    client = _client(_json({"success": True}), recorded)
    client.x402.top_up()  # the spec marks this body `required: false`
    client.x402.top_up(body={})
    without, with_body = recorded
    assert without.content == b"" and "content-type" not in without.headers
    assert json.loads(with_body.content) == {}


def test_a_returned_message_can_be_sent_back(recorded: list[httpx.Request]) -> None:
    from venice_ai.types import ChatCompletionMessageParam

    message = {"role": "assistant", "content": "Hi", "reasoning_content": None}
    choice = {**CHAT_RESPONSE["choices"][0], "message": message}
    client = _client(_json({**CHAT_RESPONSE, "choices": [choice]}), recorded)
    history: list[ChatCompletionMessageParam] = [{"role": "user", "content": "Hello"}]
    completion = client.chat.completions.create(model="m", messages=history)
    history.append((completion.choices or [])[0].message)  # a response model, as returned
    history.append({"role": "user", "content": "And then?"})
    client.chat.completions.create(model="m", messages=history)
    sent = json.loads(recorded[-1].content)["messages"]
    assert sent == [
        {"role": "user", "content": "Hello"},
        {"role": "assistant", "content": "Hi", "reasoning_content": None},  # as it came
        {"role": "user", "content": "And then?"},
    ]
