"""A streaming operation's `stream_helper` setting, checked against the spec.

The helper builds the operation's JSON answer (a chat completion) from its stream's chunks,
the way OpenAI-style chat chunks are read: `choices[].delta` adds to `choices[].message`.
So the operation must stream (`stream = true` with a chunk schema), its chunks must have
`choices[].delta` and its answer `choices[].message`, and each text field the config names
must be a string in the delta and a field of the message. The answer's fields that can hold
one value only (`object: chat.completion`) are set on the built completion; the `defaults`
must be request body fields that take the values given. What does not fit is reported and
no helper is generated.
"""

from __future__ import annotations

import json

from generator.config_features import StreamHelperConfig
from generator.diagnostics import Code, Diagnostics
from generator.ir import (
    ArrayType,
    EnumType,
    LiteralType,
    Model,
    ModelRef,
    ObjectModel,
    Operation,
    Scalar,
    TypeRef,
    UnionType,
)
from generator.ir_features import StreamHelper
from generator.load import JsonValue
from generator.normalize.paths import (
    Unfit,
    dotted,
    is_kind,
    json_answer,
    non_null,
    object_of,
    type_at,
)
from generator.normalize.walk import body_fields


def check_stream_helper(
    op: Operation, settings: StreamHelperConfig, table: dict[str, Model], diagnostics: Diagnostics
) -> StreamHelper | None:
    """The operation's checked stream helper, or None."""
    try:
        return _checked(op, settings, table)
    except Unfit as why:
        diagnostics.warn(
            Code.CONFIG_STREAM_HELPER,
            f"{op.key}: stream_helper {settings.method!r} does not fit: {why}; "
            "no helper is generated",
            op.pointer,
            "fix the operation's `stream_helper` setting under [operations]",
        )
        return None


def _checked(op: Operation, settings: StreamHelperConfig, table: dict[str, Model]) -> StreamHelper:
    if not op.streaming or op.stream_item is None:
        raise Unfit("the operation does not stream (`stream = true` with a `stream_chunk`)")
    answer = json_answer(op, table)
    if answer is None:
        raise Unfit("its success answer is not one JSON object")
    delta = _choice_part(op.stream_item, "delta", table)
    if delta is None:
        raise Unfit("its chunks have no `choices[].delta` object")
    messages = _messages(answer[1], table)
    if not messages:
        raise Unfit("its answer has no `choices[].message` object")
    for name in settings.text:
        if not is_kind(type_at(delta, (name,), table), "string"):
            raise Unfit(f"the chunks' delta has no string field {name!r}")
        if not any(f.name == name for m in messages for f in m.fields):
            raise Unfit(f"the answer's message has no field {name!r}")
    return StreamHelper(
        name=settings.method,
        completion=answer[0],
        text_fields=tuple(settings.text),
        fixed=_fixed(answer[1]),
        defaults=_defaults(op, settings, table),
    )


def _choice_part(t: TypeRef, name: str, table: dict[str, Model]) -> TypeRef | None:
    """The type of `choices[].<name>` inside `t`, if it is an object."""
    choices = type_at(t, ("choices",), table)
    if not isinstance(choices, ArrayType):
        return None
    part = type_at(choices.item, dotted(name), table)
    return part if part is not None and _objects(part, table) else None


def _objects(t: TypeRef, table: dict[str, Model]) -> list[ObjectModel]:
    """The object models `t` is (several for a union of message shapes)."""
    t = non_null(t, table)
    members = t.members if isinstance(t, UnionType) else (t,)
    return [m for m in (object_of(member, table) for member in members) if m is not None]


def _messages(model: ObjectModel, table: dict[str, Model]) -> list[ObjectModel]:
    message = _choice_part(ModelRef(model.key), "message", table)
    return _objects(message, table) if message is not None else []


def _fixed(model: ObjectModel) -> tuple[tuple[str, Scalar], ...]:
    """The answer's fields that can hold one value only (what a chunk says differently)."""
    fixed: list[tuple[str, Scalar]] = []
    for field in model.fields:
        if isinstance(field.type, LiteralType):
            fixed.append((field.name, field.type.value))
        elif isinstance(field.type, EnumType) and len(field.type.values) == 1:
            fixed.append((field.name, field.type.values[0]))
    return tuple(fixed)


def _defaults(
    op: Operation, settings: StreamHelperConfig, table: dict[str, Model]
) -> tuple[tuple[str, str], ...]:
    fields = {f.name: f for f in body_fields(op, table)}
    for name, value in settings.defaults.items():
        field = fields.get(name)
        if field is None or not fits(value, field.type, table):
            raise Unfit(f"the default {name} = {json.dumps(value)} is not a value of its field")
    return tuple((name, json.dumps(value)) for name, value in settings.defaults.items())


def fits(value: JsonValue, t: TypeRef, table: dict[str, Model]) -> bool:
    """Whether `value` is a value of `t` (objects: every key a field that takes its value)."""
    t = non_null(t, table)
    if isinstance(t, UnionType):
        return any(fits(value, member, table) for member in t.members)
    if isinstance(value, dict):
        model = object_of(t, table)
        fields = {f.name: f.type for f in model.fields} if model else {}
        return model is not None and all(
            k in fields and fits(v, fields[k], table) for k, v in value.items()
        )
    if isinstance(value, list):
        return isinstance(t, ArrayType) and all(fits(v, t.item, table) for v in value)
    if isinstance(t, EnumType | LiteralType):
        values = t.values if isinstance(t, EnumType) else (t.value,)
        return value in values or (isinstance(t, EnumType) and t.open)
    kind = {bool: "boolean", int: "integer", float: "number", str: "string"}.get(type(value))
    return kind is not None and (is_kind(t, kind) or (kind == "integer" and is_kind(t, "number")))
