"""What a successful response becomes: a stream, a binary body, or parsed JSON (no I/O)."""

from __future__ import annotations

import types
from typing import Any, Literal, Union, get_args, get_origin

import httpx
import pydantic

from ._drift import drift_in_result
from ._error_body import request_id
from ._exceptions import APIResponseValidationError
from ._models import invalid_data, parse, parse_json, with_request_id
from ._raw import Deferred, response_mode
from ._response import AsyncBinaryResponse, BinaryResponse
from ._streaming import AsyncStream, Stream

__all__ = ["BodyKind", "body_kind", "parse_body", "result"]

BodyKind = Literal["stream", "binary", "parsed"]
_BINARY = (BinaryResponse, AsyncBinaryResponse)


def body_kind(cast_to: Any, response: httpx.Response, *, stream: bool) -> BodyKind:
    """How to hand back a successful response: as a stream, as a file, or parsed (the
    body must then be read first)."""
    if stream:
        return "stream"
    if cast_to in _BINARY:
        return "binary"
    if any(m in _BINARY for m in get_args(cast_to)):
        if "json" not in response.headers.get("content-type", ""):
            return "binary"
    return "parsed"


def result(
    kind: BodyKind,
    *,
    cast_to: Any,
    response: httpx.Response,
    stream_cls: Any,
    strict: bool,
    drift: bool,
    stream_type: type[Stream[Any]] | type[AsyncStream[Any]],
    binary_type: type[BinaryResponse] | type[AsyncBinaryResponse],
) -> object:
    """The call's result, or under `with_raw_response` and `with_streaming_response` the
    response and how to make it (`Deferred`)."""

    def make() -> object:
        if kind == "stream":
            item_type = get_args(stream_cls)[0] if get_args(stream_cls) else object
            return stream_type(response=response, item_type=item_type, strict=strict)
        if kind == "binary":
            return binary_type(response)
        return parse_body(cast_to, response, strict=strict, drift=drift)

    if response_mode() == "parsed":
        return make()
    return Deferred(response, make, reads_body=kind == "parsed")


def parse_body(cast_to: Any, response: httpx.Response, *, strict: bool, drift: bool = False) -> Any:
    """Turn a fully read successful response into `cast_to`, a model of which carries the
    request id; a body that is empty (where a value is promised), not JSON, or (when
    `strict`) not a `cast_to` raises `APIResponseValidationError`. With `drift`, what the
    types do not know yet is reported (`_drift`)."""
    if cast_to is type(None):
        return None
    if not response.content.strip():
        if _admits_none(cast_to):
            return None
        raise APIResponseValidationError(
            f"{_status(response)} with an empty body, where {_type_name(cast_to)} was expected",
            response=response,
            body=response.text,
        )
    json_type = _json_type(cast_to)
    try:
        value = parse_json(json_type, response.content)
    except pydantic.ValidationError:
        # Not the expected type, or JSON pydantic-core does not read (another encoding, a
        # byte-order mark): decoded as `json.loads` does, built leniently or refused.
        value = _parse_decoded(cast_to, response, strict=strict, drift=drift)
    if drift:
        drift_in_result(value)
    with_request_id(value, request_id(response.headers))
    return value


def _parse_decoded(cast_to: Any, response: httpx.Response, *, strict: bool, drift: bool) -> Any:
    """`parse_body`'s general path: the body decoded by `json.loads`, then `parse`."""
    try:
        data = response.json()
    except ValueError as exc:
        raise APIResponseValidationError(
            _not_json(response, exc), response=response, body=response.text
        ) from exc
    try:
        return parse(_json_type(cast_to), data, strict=strict, drift=drift)
    except pydantic.ValidationError as exc:
        raise invalid_data(exc, _type_name(cast_to), response, data) from exc


def _status(response: httpx.Response) -> str:
    return f"the API answered {response.status_code} {response.reason_phrase}".rstrip()


def _not_json(response: httpx.Response, exc: ValueError) -> str:
    content_type = response.headers.get("content-type", "no Content-Type")
    start = " ".join(response.text[:200].split())
    if "json" not in content_type:
        return f"{_status(response)} with a {content_type} body where JSON was expected: {start!r}"
    return f"{_status(response)} with a body that is not valid JSON ({exc}): {start!r}"


def _admits_none(cast_to: Any) -> bool:
    """Whether an empty body is a fine answer: any JSON (`object`), or a type with None."""
    return cast_to is object or any(m is type(None) for m in get_args(cast_to))


def _type_name(cast_to: Any) -> str:
    """`ChatCompletion`, `list[Model]`; a union's members joined by "or", files left out."""
    union = get_origin(cast_to) in (Union, types.UnionType)
    members = [m for m in get_args(cast_to) if m not in _BINARY] if union else [cast_to]
    return " or ".join(m.__name__ if isinstance(m, type) else repr(m) for m in members)


def _json_type(cast_to: Any) -> Any:
    """`cast_to` without the binary response classes it may list."""
    if get_origin(cast_to) not in (Union, types.UnionType):
        return cast_to
    members: tuple[Any, ...] = get_args(cast_to)
    kept = [m for m in members if m not in _BINARY]
    return Union[tuple(kept)] if len(kept) > 1 else kept[0]  # noqa: UP007 - built at runtime
