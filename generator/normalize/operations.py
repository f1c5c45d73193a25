"""Translate `paths` into operations: parameters, request bodies, responses and headers.

Operations are identified by METHOD /path. A path item or operation that is not an object
is skipped with a warning. Schemas are handed to `generator.normalize.schemas`, with the
operation as the root of their naming context; this module keeps no state of its own.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import cast

from generator.diagnostics import Code, Diagnostics, join_pointer
from generator.ir import (
    Header,
    Operation,
    Parameter,
    ParameterLocation,
    Primitive,
    RequestBody,
    Response,
    Scalar,
    Step,
)
from generator.load import JsonValue
from generator.normalize.keywords import (
    example_json,
    security_requirements,
    short_repr,
    strings,
    text,
)
from generator.normalize.media import contents
from generator.normalize.schemas import type_of
from generator.normalize.translation import Translation

HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
_PLACEHOLDER = re.compile(r"\{([^{}/]+)\}")


def operations(translation: Translation, document: dict[str, JsonValue]) -> Iterator[Operation]:
    """Every operation of the document's `paths`, in document order."""
    paths = document.get("paths")
    if not isinstance(paths, dict):
        translation.diagnostics.warn(
            Code.NO_PATHS,
            "the spec has no `paths`; the client has no methods",
            "#/paths",
            "add operations under `paths`",
        )
        return
    for path, raw_item in paths.items():
        item_pointer = join_pointer("#/paths", path)
        item, _ = translation.refs.resolve(raw_item, item_pointer)
        if isinstance(item, dict):
            yield from _path_item(translation, path, item, item_pointer)
        else:
            _skipped(translation.diagnostics, "path item", item, item_pointer)


def _path_item(
    translation: Translation, path: str, item: dict[str, JsonValue], pointer: str
) -> Iterator[Operation]:
    shared = item.get("parameters")
    for method in HTTP_METHODS:
        raw_op = item.get(method)
        op_pointer = join_pointer(pointer, method)
        if isinstance(raw_op, dict):
            yield _operation(translation, path, method, raw_op, shared=shared, pointer=op_pointer)
        elif raw_op is not None:
            _skipped(translation.diagnostics, "operation", raw_op, op_pointer)


def _skipped(diagnostics: Diagnostics, what: str, value: JsonValue, pointer: str) -> None:
    diagnostics.warn(
        Code.BAD_OPERATION,
        f"{what} must be an object, not {short_repr(value)}; it is skipped",
        pointer,
        f"replace it with an OpenAPI {what} object",
    )


def _operation(
    translation: Translation,
    path: str,
    method: str,
    op: dict[str, JsonValue],
    *,
    shared: JsonValue,
    pointer: str,
) -> Operation:
    operation_id = op.get("operationId")
    # Identified by METHOD /path; naming spells it as the Python method it becomes.
    root = Step("operation", f"{method.upper()} {path}")
    parameters = tuple(_parameters(translation, shared, op.get("parameters"), pointer, root))
    return Operation(
        method=method,
        path=path,
        operation_id=operation_id if isinstance(operation_id, str) else None,
        parameters=_with_path_placeholders(translation.diagnostics, path, parameters, pointer),
        request_body=_request_body(translation, op.get("requestBody"), pointer, root),
        responses=tuple(_responses(translation, op.get("responses"), pointer, root)),
        tags=tuple(strings(op.get("tags"))),
        summary=text(op.get("summary")),
        description=text(op.get("description")),
        deprecated=op.get("deprecated") is True,
        security=security_requirements(op.get("security")),
    )


def _parameters(
    translation: Translation, shared: JsonValue, own: JsonValue, pointer: str, root: Step
) -> Iterator[Parameter]:
    """The path item's parameters, then the operation's; the latter win by (in, name)."""
    found: dict[tuple[str, str], Parameter] = {}
    path_pointer = pointer.rsplit("/", 1)[0]
    for base, raw_list in ((path_pointer, shared), (pointer, own)):
        for index, raw in enumerate(raw_list if isinstance(raw_list, list) else []):
            param, at = translation.refs.resolve(raw, join_pointer(base, "parameters", index))
            if not isinstance(param, dict):
                continue
            parameter = _parameter(translation, param, at, root)
            if parameter is not None:
                found[(parameter.location, parameter.name)] = parameter
    yield from found.values()


def _with_path_placeholders(
    diagnostics: Diagnostics, path: str, parameters: tuple[Parameter, ...], pointer: str
) -> tuple[Parameter, ...]:
    """`parameters`, plus a string parameter for each `{name}` of the path none declares."""
    declared = {p.name for p in parameters if p.location == "path"}
    missing = [n for n in dict.fromkeys(_PLACEHOLDER.findall(path)) if n not in declared]
    if missing:
        diagnostics.warn(
            Code.UNDECLARED_PATH_PARAMETER,
            f"path placeholder{'s' if len(missing) > 1 else ''} "
            f"{', '.join(f'{{{n}}}' for n in missing)} not declared as a parameter; "
            "generated as a required string",
            pointer,
            "declare it under `parameters` with `in: path` and a schema",
        )
    extra = tuple(Parameter(n, "path", Primitive("string"), required=True) for n in missing)
    order = {name: index for index, name in enumerate(_PLACEHOLDER.findall(path))}
    return tuple(
        sorted(
            extra + parameters,
            key=lambda p: order.get(p.name, len(order)) if p.location == "path" else len(order),
        )
    )


def _parameter(
    translation: Translation, param: dict[str, JsonValue], pointer: str, root: Step
) -> Parameter | None:
    name, location = param.get("name"), param.get("in")
    if not isinstance(name, str) or location not in ("path", "query", "header", "cookie"):
        translation.diagnostics.warn(
            Code.BAD_PARAMETER,
            "parameter without a `name` or with an unknown `in` is skipped",
            pointer,
            "give the parameter a name and `in: path|query|header|cookie`",
        )
        return None
    schema, schema_at = _parameter_schema(param, pointer)
    ptype = type_of(
        translation,
        schema if schema is not None else {},
        schema_at,
        (root, Step("parameter", name)),
    )
    style_explode = param.get("explode")
    schema_example = example_json(schema) if isinstance(schema, dict) else None
    return Parameter(
        name=name,
        location=cast(ParameterLocation, location),
        type=ptype,
        required=param.get("required") is True or location == "path",
        # Many specs describe a parameter on its schema rather than on the parameter.
        description=text(param.get("description"))
        or (text(schema.get("description")) if isinstance(schema, dict) else None),
        deprecated=param.get("deprecated") is True,
        explode=style_explode
        if isinstance(style_explode, bool)
        else param.get("style") in (None, "form"),
        example_json=example_json(param) or schema_example,
        default=_scalar_default(schema),
    )


def _scalar_default(schema: JsonValue) -> Scalar | None:
    default = schema.get("default") if isinstance(schema, dict) else None
    return default if isinstance(default, str | int | float | bool) else None


def _parameter_schema(param: dict[str, JsonValue], pointer: str) -> tuple[JsonValue, str]:
    """A parameter's `schema`, else that of its first `content` media type; and where."""
    schema, schema_at = param.get("schema"), join_pointer(pointer, "schema")
    content = param.get("content")
    if schema is None and isinstance(content, dict) and content:
        media = next(iter(content))
        declared = content[media]
        schema = declared.get("schema") if isinstance(declared, dict) else None
        schema_at = join_pointer(pointer, "content", media, "schema")
    return schema, schema_at


def _request_body(
    translation: Translation, raw: JsonValue, pointer: str, root: Step
) -> RequestBody | None:
    if raw is None:
        return None
    body, at = translation.refs.resolve(raw, join_pointer(pointer, "requestBody"))
    if not isinstance(body, dict):
        return None
    found = tuple(contents(translation, body.get("content"), at, (root,), Step("request")))
    if not found:
        return None
    return RequestBody(found, body.get("required") is True, text(body.get("description")))


def _responses(
    translation: Translation, raw: JsonValue, pointer: str, root: Step
) -> Iterator[Response]:
    if not isinstance(raw, dict):
        return
    for status, raw_response in raw.items():
        response, at = translation.refs.resolve(
            raw_response, join_pointer(pointer, "responses", status)
        )
        if not isinstance(response, dict) or status.startswith("x-"):
            continue
        step = Step("response", str(status))
        yield Response(
            status=str(status),
            contents=tuple(contents(translation, response.get("content"), at, (root,), step)),
            headers=tuple(_headers(translation, response.get("headers"), at, (root, step))),
            description=text(response.get("description")),
        )


def _headers(
    translation: Translation, raw: JsonValue, pointer: str, context: tuple[Step, ...]
) -> Iterator[Header]:
    if not isinstance(raw, dict):
        return
    for name, raw_header in raw.items():
        header, at = translation.refs.resolve(raw_header, join_pointer(pointer, "headers", name))
        if not isinstance(header, dict):
            continue
        yield Header(
            name=name,
            type=type_of(
                translation,
                header.get("schema") or {},
                join_pointer(at, "schema"),
                (*context, Step("header", name)),
            ),
            required=header.get("required") is True,
            description=text(header.get("description")),
        )
