"""A second judge of requests: what the client sent, validated against the spec.

Prism is the main judge. Where Prism is known not to check (its validator silently gives up
on some request schemas, and it cannot read repeated multipart parts), the contract tests
also need a second opinion. openapi-core (a validator nobody here wrote) checks parameters,
credentials and JSON bodies. It does not read multipart bodies the way servers do (it keeps
every part as text, and loses parts with binary content), so a multipart body is read here
by the standard library's MIME parser, each text part converted to the type its schema
names (a form carries `false` as text), and validated with the OpenAPI 3.0 schema validator.
"""

from __future__ import annotations

import json
from email.message import Message
from email.parser import BytesParser
from http.cookies import SimpleCookie
from typing import Any
from urllib.parse import urlsplit

import httpx
from openapi_core import Config, OpenAPI
from openapi_core.datatypes import RequestParameters
from openapi_core.validation.request.validators import V30RequestParametersValidator
from werkzeug.datastructures import Headers, ImmutableMultiDict

from tests.spec_samples import SpecSamples


class _Request:
    """An `httpx.Request` as openapi-core reads requests, placed on the spec's server."""

    def __init__(self, request: httpx.Request, server: str, *, with_body: bool) -> None:
        parts = urlsplit(server)
        cookies = SimpleCookie(request.headers.get("cookie", ""))
        self.host_url = f"{parts.scheme}://{parts.netloc}"
        self.path = parts.path.rstrip("/") + request.url.path
        self.method = request.method.lower()
        self.content_type = request.headers.get("content-type", "") if with_body else ""
        self.body: bytes | None = (request.content or None) if with_body else None
        self.parameters = RequestParameters(
            query=ImmutableMultiDict(list(request.url.params.multi_items())),
            header=Headers(list(request.headers.items())),
            cookie=ImmutableMultiDict({k: v.value for k, v in cookies.items()}),
        )


class RequestJudge:
    """Validates requests against one spec document."""

    def __init__(self, document: dict[str, Any]) -> None:
        self.document = document
        self.samples = SpecSamples(document)
        self.whole = OpenAPI.from_dict(document)
        self.parameters_only = OpenAPI.from_dict(
            document, config=Config(request_validator_cls=V30RequestParametersValidator)
        )
        servers = document.get("servers") or [{"url": "http://localhost"}]
        self.server = str(servers[0]["url"])

    def problems(self, request: httpx.Request, path_template: str) -> list[str]:
        """What is wrong with `request` (to the operation at `path_template`) per the spec."""
        multipart = request.headers.get("content-type", "").startswith("multipart/")
        judge = self.parameters_only if multipart else self.whole
        found = [_describe(e) for e in judge.iter_request_errors(
            _Request(request, self.server, with_body=not multipart)
        )]  # fmt: skip
        if multipart:
            found += self._multipart_problems(request, path_template)
        return found

    def _multipart_problems(self, request: httpx.Request, path_template: str) -> list[str]:
        operation = self.document["paths"][path_template][request.method.lower()]
        body = self.samples.resolve(operation["requestBody"])
        schema = body["content"]["multipart/form-data"]["schema"]
        properties = self.samples.properties(schema)
        fields: dict[str, Any] = {}
        for name, value in read_multipart(request):
            prop = self.samples.resolve(properties.get(name, {}))
            if prop.get("type") == "array":
                item = self.samples.resolve(prop.get("items", {}))
                fields.setdefault(name, []).append(_from_form(value, item))
            else:
                if name in fields:
                    return [f"multipart part {name!r} repeated, but its schema is not an array"]
                fields[name] = _from_form(value, prop)
        return self.samples.errors(schema, fields)


def read_multipart(request: httpx.Request) -> list[tuple[str, str | bytes]]:
    """The parts of a multipart body, in order: text parts as text, files as bytes."""
    head = f"Content-Type: {request.headers['content-type']}\r\n\r\n".encode()
    message: Message = BytesParser().parsebytes(head + request.content)
    parts: list[tuple[str, str | bytes]] = []
    for part in message.get_payload():
        assert isinstance(part, Message)
        name = str(part.get_param("name", header="content-disposition"))
        payload = part.get_payload(decode=True)
        assert isinstance(payload, bytes)
        is_file = part.get_param("filename", header="content-disposition") is not None
        parts.append((name, payload if is_file else payload.decode()))
    return parts


def _from_form(value: str | bytes, schema: dict[str, Any]) -> Any:
    """A form part as the value its schema names (a form carries everything as text)."""
    if isinstance(value, bytes):
        return value
    kind = schema.get("type")
    try:
        if kind == "boolean":
            return {"true": True, "false": False}.get(value, value)
        if kind == "integer":
            return int(value)
        if kind == "number":
            return float(value)
        if kind in ("object", "array"):
            return json.loads(value)
    except ValueError:
        return value
    return value


def _describe(exc: BaseException) -> str:
    parts = [f"{type(exc).__name__}: {exc}"]
    cause: BaseException | None = exc
    while cause is not None:
        for inner in getattr(cause, "schema_errors", ()) or ():
            parts.append(f"  {'/'.join(map(str, inner.absolute_path))}: {inner.message[:200]}")
        cause = cause.__cause__
    return "\n".join(parts)
