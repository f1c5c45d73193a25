"""The calls the README shows: real, runnable code with values from the spec's examples.

One call per kind of operation (a listing, a JSON call, a stream, an upload, a download),
each with its required arguments; a value is the spec's example where it gives one, else
a sample of the argument's type. The tests run every README example against Prism.
"""

from __future__ import annotations

import json
from typing import Any

from generator.examples import sample
from generator.ir import (
    Api,
    ArrayType,
    BinaryType,
    FileType,
    Model,
    ModelRef,
    ObjectModel,
    Operation,
    TypeRef,
    UnionType,
)
from generator.render.text import string_literal

UPLOAD_PATH = "input.png"
"""The file the upload example reads (the README says to put one there)."""

EXAMPLE_KINDS = ("listing", "call", "stream", "upload", "download")


def readme_examples(api: Api) -> dict[str, str]:
    """A call per kind of example ("" where the API has no such operation)."""
    models = api.model_table()
    examples = dict.fromkeys(EXAMPLE_KINDS, "")

    def offer(kind: str, op: Operation, **extra: str) -> None:
        if not examples[kind]:
            examples[kind] = _call(op, models, **extra)

    for op in api.operations:
        if op.deprecated or not op.success_responses:
            continue
        media = [c.media_type for c in op.request_body.contents] if op.request_body else []
        binary = [isinstance(c.type, BinaryType) for r in op.success_responses for c in r.contents]
        if op.method == "get" and not op.parameters and binary and not any(binary):
            offer("listing", op)
        if media == ["application/json"] and binary and not any(binary):
            offer("call", op)
        if op.streaming:
            offer("stream", op, stream="True")
        if any(m.startswith("multipart/") for m in media):
            offer("upload", op)
        if binary and all(binary) and not _call(op, models).count("Path("):
            offer("download", op)  # a file that comes back without one going up
    return examples


def _call(op: Operation, models: dict[str, Model], **extra: str) -> str:
    args: list[str] = []
    for param in op.parameters:
        if param.required:
            args.append(f"{param.python_name}={_value(param.example_json, param.type, models)}")
    names = dict(op.body_python_names)
    for field in _required_fields(op, models):
        if _takes_file(field.type, models):
            value = f"Path({string_literal(UPLOAD_PATH)})"
        else:
            value = _value(field.example_json, field.type, models)
        args.append(f"{names[field.name]}={value}")
    args += [f"{name}={value}" for name, value in extra.items()]
    return f"client.{'.'.join((*op.resource, op.method_name))}({', '.join(args)})"


def _required_fields(op: Operation, models: dict[str, Model]) -> list[Any]:
    """Required fields of the first body media type (the whole body is not shown)."""
    if op.request_body is None or "" in dict(op.body_python_names):
        return []
    content = op.request_body.contents[0]
    model = models.get(content.type.key) if isinstance(content.type, ModelRef) else None
    return [f for f in model.fields if f.required] if isinstance(model, ObjectModel) else []


def _takes_file(t: TypeRef, models: dict[str, Model]) -> bool:
    if isinstance(t, FileType):
        return True
    if isinstance(t, ArrayType):
        return _takes_file(t.item, models)
    if isinstance(t, UnionType):
        return any(_takes_file(m, models) for m in t.members)
    return False


def _value(example_json: str | None, t: TypeRef, models: dict[str, Model]) -> str:
    if example_json is not None:
        value = json.loads(example_json)
    else:
        value = sample(t, models, optional_depth=0)
    return python_source(value)


def python_source(value: object) -> str:
    """JSON data as Python source (double-quoted strings, `True`, `None`)."""
    if value is None or isinstance(value, bool):
        return repr(value)
    if isinstance(value, str):
        return string_literal(value)
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, list):
        return "[" + ", ".join(python_source(v) for v in value) + "]"
    if isinstance(value, dict):
        items = (f"{string_literal(str(k))}: {python_source(v)}" for k, v in value.items())
        return "{" + ", ".join(items) + "}"
    return string_literal(str(value))
