"""JSON response bodies read in one pass (`_models.parse_json`), and the general path
(`json.loads`, then `parse`) where that pass cannot read them, through the committed client.

The one pass must give what the general path gives: the same models, the same union members,
the same extras; a body it does not read (a byte-order mark, UTF-16, not the type) takes
the general path, so it is still read, built leniently with the drift warning, or refused.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any

import httpx
import pydantic
import pytest
from venice_ai import APIResponseValidationError, VeniceClient
from venice_ai._models import parse, parse_json
from venice_ai.types import ChatCompletion, ModelList

from scripts.bench_bodies import write_bodies
from tests.project import PINNED_SPEC

CHAT: dict[str, Any] = {
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
    "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
}


def _client(body: bytes, content_type: str = "application/json", **settings: Any) -> VeniceClient:
    def answer(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=body, headers={"content-type": content_type})

    http = httpx.Client(transport=httpx.MockTransport(answer))
    return VeniceClient(api_key="k", max_retries=0, http_client=http, **settings)


def _shape(value: object) -> object:
    """A model tree as data, each model with its class name (so union members count)."""
    if isinstance(value, pydantic.BaseModel):
        fields = {k: _shape(v) for k, v in vars(value).items()}
        extra = value.__pydantic_extra__ or {}
        return (type(value).__name__, fields, {k: _shape(v) for k, v in extra.items()})
    if isinstance(value, list):
        return [_shape(v) for v in value]
    if isinstance(value, dict):
        return {k: _shape(v) for k, v in value.items()}
    return value


def test_one_pass_gives_what_the_general_path_gives(tmp_path: Path) -> None:
    write_bodies(PINNED_SPEC, tmp_path, 5)  # every pricing variant, spec examples
    for name, model in (("models-large.json", ModelList), ("chat.json", ChatCompletion)):
        body = (tmp_path / name).read_bytes()
        one_pass = parse_json(model, body)
        general = parse(model, json.loads(body))
        assert _shape(one_pass) == _shape(general), name


def test_a_body_with_a_byte_order_mark_or_in_utf_16_is_still_read() -> None:
    text = json.dumps(CHAT)
    for body in (b"\xef\xbb\xbf" + text.encode(), text.encode("utf-16")):
        with _client(body) as client:
            completion = client.chat.completions.create(model="m", messages=[])
        assert completion.choices is not None and completion.choices[0].message.content == "Hi"


def test_a_body_that_is_not_the_type_is_built_leniently_with_the_drift_warning(
    caplog: pytest.LogCaptureFixture,
) -> None:
    choice = {**CHAT["choices"][0], "finish_reason": "a-new-reason"}
    newer = {**CHAT, "created": "yesterday", "choices": [choice]}
    with caplog.at_level(logging.WARNING), _client(json.dumps(newer).encode()) as client:
        completion = client.chat.completions.create(model="m", messages=[])
    assert completion.created == "yesterday"  # type: ignore[comparison-overlap]
    assert completion.choices is not None
    assert completion.choices[0].finish_reason == "a-new-reason"
    assert "a-new-reason" in caplog.text


def test_strict_responses_and_bodies_that_are_not_json_are_refused() -> None:
    wrong = json.dumps({**CHAT, "created": "yesterday"}).encode()
    with _client(wrong, strict_responses=True) as client:
        with pytest.raises(APIResponseValidationError, match="created"):
            client.chat.completions.create(model="m", messages=[])
    with _client(b"{not json") as client:
        with pytest.raises(APIResponseValidationError, match="not valid JSON"):
            client.chat.completions.create(model="m", messages=[])
