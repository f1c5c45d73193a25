"""What a successful response becomes: a stream, a binary body, or parsed JSON (no I/O)."""

from __future__ import annotations

import types
from typing import Any, Literal, Union, get_args, get_origin

import httpx

from ._exceptions import APIResponseError
from ._models import parse
from ._raw import RawResponse, raw_mode
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
    stream_type: type[Stream[Any]] | type[AsyncStream[Any]],
    binary_type: type[BinaryResponse] | type[AsyncBinaryResponse],
) -> object:
    """The call's result, or under `with_raw_response` the response that makes it."""

    def make() -> object:
        if kind == "stream":
            item_type = get_args(stream_cls)[0] if get_args(stream_cls) else object
            return stream_type(response=response, item_type=item_type, strict=strict)
        if kind == "binary":
            return binary_type(response)
        return parse_body(cast_to, response, strict=strict)

    return RawResponse(response, make) if raw_mode() else make()


def parse_body(cast_to: Any, response: httpx.Response, *, strict: bool) -> Any:
    """Turn a fully read successful response into `cast_to`."""
    if cast_to is type(None):
        return None
    if not response.content.strip():
        return None
    try:
        data = response.json()
    except ValueError as exc:
        raise APIResponseError(
            f"expected a JSON body but got {response.headers.get('content-type', 'no type')!r}",
            response=response,
        ) from exc
    return parse(_json_type(cast_to), data, strict=strict)


def _json_type(cast_to: Any) -> Any:
    """`cast_to` without the binary response classes it may list."""
    if get_origin(cast_to) not in (Union, types.UnionType):
        return cast_to
    members: tuple[Any, ...] = get_args(cast_to)
    kept = [m for m in members if m not in _BINARY]
    return Union[tuple(kept)] if len(kept) > 1 else kept[0]  # noqa: UP007 - built at runtime
