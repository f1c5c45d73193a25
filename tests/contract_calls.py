"""Calls of every operation with arguments built from the spec, and what they must get back.

`contract_calls(api, samples)` gives, per operation, the variants a user would write:
`required` (required arguments only), `examples` (every argument, from the spec's examples),
`multipart` (files as uploads where the body may also be JSON), `binary` (the flag that turns
the response into a file) and `stream`. Values come from `SpecSamples` (the raw spec); only
the Python argument names and which fields take files come from the generator's IR.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, Literal

import httpx

from generator.examples import sample
from generator.ir import (
    Api,
    ArrayType,
    BinaryType,
    Field,
    FileType,
    Model,
    ModelRef,
    ObjectModel,
    Operation,
    TypeRef,
    UnionType,
)
from generator.load import load_spec
from tests.project import PINNED_SPEC, venice_api
from tests.spec_samples import FILE_CONTENT, SpecSamples

Variant = Literal["required", "examples", "multipart", "binary", "stream"]
Expect = Literal["json", "binary", "stream", "error"]


@dataclass(frozen=True)
class ContractCall:
    """One call of one operation: the method path, its arguments and what comes back."""

    op: Operation
    variant: Variant
    kwargs: dict[str, Any]
    expect: Expect
    media_type: str | None = None
    """The request body's media type the call should send (None: no body)."""
    anonymous: bool = False
    """The served spec takes no credentials here (`security: [{}]`)."""

    @property
    def extras(self) -> dict[str, Any]:
        """What the call passes through `extra_*`: arguments the client does not have."""
        return {k: v for k, v in self.kwargs.items() if k.startswith("extra_")}

    @property
    def id(self) -> str:
        """`resource.method[variant]`, for test ids."""
        return f"{'.'.join((*self.op.resource, self.op.method_name or ''))}[{self.variant}]"

    def method(self, client: Any) -> Any:
        """The bound method of `client` this call uses."""
        target = client
        for part in (*self.op.resource, self.op.method_name):
            target = getattr(target, part)
        return target


def raw_operation(document: dict[str, Any], op: Operation) -> dict[str, Any]:
    """The operation object of the raw spec."""
    operation: dict[str, Any] = document["paths"][op.path][op.method]
    return operation


def _raw_parameters(
    document: dict[str, Any], op: Operation, samples: SpecSamples
) -> dict[tuple[str, str], dict[str, Any]]:
    item = document["paths"][op.path]
    raw = [*item.get("parameters", []), *raw_operation(document, op).get("parameters", [])]
    found: dict[tuple[str, str], dict[str, Any]] = {}
    for raw_parameter in raw:
        parameter = samples.resolve(raw_parameter)
        found[(parameter["in"], parameter["name"])] = parameter
    return found


def _parameter_value(parameter: dict[str, Any], samples: SpecSamples) -> Any:
    schema = dict(samples.resolve(parameter.get("schema", {})))
    if "example" in parameter and samples.valid(schema, parameter["example"]):
        schema["example"] = parameter["example"]
    return samples.value(schema, full=True)


def _takes_files(t: TypeRef, models: dict[str, Model]) -> Literal["one", "many", "no"]:
    if isinstance(t, FileType):
        return "one"
    if isinstance(t, ArrayType) and _takes_files(t.item, models) == "one":
        return "many"
    if isinstance(t, UnionType):
        kinds = {_takes_files(m, models) for m in t.members} - {"no"}
        return "many" if "many" in kinds else "one" if kinds else "no"
    return "no"


def _body_fields(op: Operation, models: dict[str, Model]) -> list[Field]:
    """The fields of the client's request body models (every media type)."""
    found: list[Field] = []
    for content in op.request_body.contents if op.request_body else ():
        model = models.get(content.type.key) if isinstance(content.type, ModelRef) else None
        found += model.fields if isinstance(model, ObjectModel) else ()
    return found


def _file_fields(op: Operation, models: dict[str, Model]) -> dict[str, Literal["one", "many"]]:
    """Body fields (wire names) that take uploaded files."""
    files: dict[str, Literal["one", "many"]] = {}
    for f in _body_fields(op, models):
        kind = _takes_files(f.type, models)
        if kind != "no":
            files[f.name] = kind
    return files


def _success_kinds(op: Operation) -> tuple[bool, bool]:
    """Whether a success response may be JSON, and whether it may be a file."""
    kinds = [isinstance(c.type, BinaryType) for r in op.success_responses for c in r.contents]
    return (False in kinds, True in kinds)


def contract_calls(api: Api, samples: SpecSamples) -> Iterator[ContractCall]:
    """Every variant of every operation of `api` that the served spec (`samples.document`)
    also has. `api` may come from another version of the spec than the one served: values
    follow the served spec, and what the client has no argument for goes in its `extra_*`."""
    models = api.model_table()
    document = dict(samples.document)
    for op in sorted(api.operations, key=lambda o: o.key):
        if op.method in document["paths"].get(op.path, {}):
            yield from _calls(op, document, samples, models)


@functools.cache
def pinned_samples() -> SpecSamples:
    """Values from the pinned spec (its document read once per test session)."""
    return SpecSamples(load_spec(PINNED_SPEC).data)


@functools.cache
def pinned_calls() -> tuple[ContractCall, ...]:
    """Every call of the pinned spec's client (built once per test session: building the
    values takes a second, and several modules parametrize over them)."""
    return tuple(contract_calls(venice_api(), pinned_samples()))


@dataclass(frozen=True)
class _Arguments:
    """Builds a call's keyword arguments for one operation from the served spec."""

    op: Operation
    document: dict[str, Any]
    samples: SpecSamples
    models: dict[str, Model]

    def build(self, full: bool, media_type: str | None, *, uploads: bool) -> dict[str, Any]:
        """Required (or, `full`, all) arguments; `uploads` sends files as files."""
        extra: dict[str, dict[str, Any]] = {"query": {}, "header": {}, "body": {}}
        kwargs = self._parameters(full, extra)
        if media_type is not None:
            kwargs.update(self._body(full, media_type, uploads, extra["body"]))
        kwargs.update({f"extra_{where}s" if where == "header" else f"extra_{where}": values
                       for where, values in extra.items() if values})  # fmt: skip
        return kwargs

    def _parameters(self, full: bool, extra: dict[str, dict[str, Any]]) -> dict[str, Any]:
        names = {(p.location, p.name): p.python_name for p in self.op.parameters}
        kwargs: dict[str, Any] = {}
        for (location, name), raw in _raw_parameters(self.document, self.op, self.samples).items():
            if raw.get("required") is True or location == "path" or full:
                value = _parameter_value(raw, self.samples)
                python = names.get((location, name))
                if python is not None:
                    kwargs[python] = value
                else:
                    extra[location][name] = value if location == "query" else str(value)
        return kwargs

    def _body(
        self, full: bool, media_type: str, uploads: bool, extra: dict[str, Any]
    ) -> dict[str, Any]:
        schema = _body_schema(self.document, self.op, self.samples, media_type)
        body = self.samples.value(schema, full=full)
        files = _file_fields(self.op, self.models)
        # What the client requires and the served spec no longer does: a served value where
        # the served spec still has the field, else one for the client's type.
        served = self.samples.properties(schema)
        for f in _body_fields(self.op, self.models):
            if f.required and f.name not in body and f.name not in files:
                body[f.name] = (
                    self.samples.value(served[f.name], full=False)
                    if f.name in served
                    else sample(f.type, self.models, optional_depth=0)
                )
        if uploads:  # every field that takes files gets them, as uploads
            body.update({wire: _upload(kind) for wire, kind in files.items()})
        names = dict(self.op.body_python_names)
        if "" in names:
            return {names[""]: body}
        kwargs: dict[str, Any] = {}
        for wire, value in body.items():
            if wire in names:
                kwargs[names[wire]] = value
            else:
                extra[wire] = value
        return kwargs


def _calls(
    op: Operation, document: dict[str, Any], samples: SpecSamples, models: dict[str, Model]
) -> Iterator[ContractCall]:
    arguments = _Arguments(op, document, samples, models)
    json_ok, binary_ok = _success_kinds(op)
    plain: Expect = "json" if json_ok or not binary_ok else "binary"
    served = raw_operation(document, op).get("responses", {})
    if not any(str(status).startswith("2") or status == "default" for status in served):
        plain = "error"  # a retired endpoint: the served spec documents only an error
    media = _media_types(op, document, samples)
    security = raw_operation(document, op).get("security", document.get("security"))
    anonymous = security == [{}]
    multipart_only = bool(media) and all(m.startswith("multipart/") for m in media)
    first = media[0] if media else None

    def call(
        variant: Variant, kwargs: dict[str, Any], expect: Expect, media: str | None
    ) -> ContractCall:
        return ContractCall(op, variant, kwargs, expect, media, anonymous)

    flags_off = _flags(op, on=False)
    for variant, full in (("required", False), ("examples", True)):
        kwargs = arguments.build(full, first, uploads=multipart_only)
        if full or any(k in kwargs for k in flags_off):
            kwargs.update(flags_off)
        yield call(variant, kwargs, plain, first)  # type: ignore[arg-type]
    multipart = next((m for m in media if m.startswith("multipart/")), None)
    if _file_fields(op, models) and not multipart_only and multipart:
        yield call("multipart", arguments.build(False, multipart, uploads=True), plain, multipart)
    if op.binary_when is not None:
        kwargs = {**arguments.build(True, first, uploads=multipart_only), **_flags(op, on=True)}
        yield call("binary", kwargs, "binary", first)
    names = dict(op.body_python_names)
    if op.streaming and "stream" in names:
        kwargs = {**arguments.build(False, first, uploads=multipart_only), names["stream"]: True}
        yield call("stream", kwargs, "stream", first)


def _upload(kind: Literal["one", "many"]) -> bytes | list[bytes]:
    return [FILE_CONTENT, FILE_CONTENT] if kind == "many" else FILE_CONTENT


def _media_types(op: Operation, document: dict[str, Any], samples: SpecSamples) -> list[str]:
    """The request body's media types the served spec declares, JSON first."""
    body = samples.resolve(raw_operation(document, op).get("requestBody", {}))
    media = list(body.get("content", {}))
    return sorted(media, key=lambda m: m != "application/json")


def _body_schema(
    document: dict[str, Any], op: Operation, samples: SpecSamples, media_type: str
) -> Any:
    body = samples.resolve(raw_operation(document, op)["requestBody"])
    return body["content"][media_type]["schema"]


def _flags(op: Operation, *, on: bool) -> dict[str, Any]:
    """The arguments that make the response a stream or a file (`on`) or plain JSON."""
    names = dict(op.body_python_names)
    flags: dict[str, Any] = {}
    if op.streaming and "stream" in names and not on:
        flags[names["stream"]] = False
    if op.binary_when is not None:
        wire, value = op.binary_when
        if on:
            flags[names[wire]] = value
        else:
            flags[names[wire]] = (not value) if isinstance(value, bool) else "json"
    return flags


# ---------------------------------------------------------------- what went over the wire


@dataclass
class Exchange:
    """One request and the response to it, as bytes on the wire."""

    request: httpx.Request
    status: int
    headers: httpx.Headers
    body: bytes
    content_encoding_dropped: bool = False

    def violations(self) -> list[dict[str, Any]]:
        """What Prism found wrong with the request (its `sl-violations` header)."""
        raw = self.headers.get("sl-violations")
        found: list[dict[str, Any]] = json.loads(raw) if raw else []
        return [v for v in found if v.get("location", [""])[0] == "request"]

    def json(self) -> Any:
        """The response body as JSON."""
        return json.loads(self.body)


def _undeclared_encoding(headers: httpx.Headers, body: bytes) -> bool:
    """Prism copies a `Content-Encoding` response header from the spec's header examples
    onto a body it never encodes; httpx would then fail to decode a plain body."""
    encoding = headers.get("content-encoding", "").strip().lower()
    return encoding == "gzip" and not body.startswith(b"\x1f\x8b")


class RecordingTransport(httpx.BaseTransport):
    """Sends through a real transport and records every exchange."""

    def __init__(self) -> None:
        self.inner = httpx.HTTPTransport()
        self.exchanges: list[Exchange] = []

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        request.read()
        response = self.inner.handle_request(request)
        try:
            raw = b"".join(response.stream)
        finally:
            response.close()
        return _record(self.exchanges, request, response, raw)

    def close(self) -> None:
        self.inner.close()


class AsyncRecordingTransport(httpx.AsyncBaseTransport):
    """The async twin of `RecordingTransport`."""

    def __init__(self) -> None:
        self.inner = httpx.AsyncHTTPTransport()
        self.exchanges: list[Exchange] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        await request.aread()
        response = await self.inner.handle_async_request(request)
        try:
            raw = b"".join([chunk async for chunk in response.stream])  # type: ignore[union-attr]
        finally:
            await response.aclose()
        return _record(self.exchanges, request, response, raw)

    async def aclose(self) -> None:
        await self.inner.aclose()


def _record(
    exchanges: list[Exchange], request: httpx.Request, response: httpx.Response, raw: bytes
) -> httpx.Response:
    headers = httpx.Headers(response.headers)
    dropped = _undeclared_encoding(headers, raw)
    if dropped:
        del headers["content-encoding"]
    exchanges.append(Exchange(request, response.status_code, headers, raw, dropped))
    return httpx.Response(response.status_code, headers=headers, content=raw, request=request)
