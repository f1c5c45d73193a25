"""What the config says about how operations answer, checked against the spec and set on the IR.

The spec cannot say that `stream: true` turns a response into server-sent events, which
request field makes a response a file instead of JSON, or which media type a caller gets
unless it asks for another. The config can (`[operations]` in `specs/venice.toml`); this
pass reads those settings, checks each against the operation's request body and responses,
and records what holds on the `Operation` (`streaming`, `stream_item`, `binary_when`,
`accept`). A setting that does not fit is reported and left out.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from generator.config import ConfigFile, OperationConfig
from generator.diagnostics import Code, Diagnostics, join_pointer
from generator.ir import (
    AnyType,
    Api,
    EnumType,
    Field,
    Model,
    ModelRef,
    NullType,
    Operation,
    Primitive,
    Scalar,
    TypeRef,
    UnionType,
)
from generator.normalize.walk import body_fields


@dataclass(frozen=True)
class Behaviour:
    """The checked settings of one operation (defaults: plain JSON, nothing configured)."""

    streaming: bool = False
    stream_item: TypeRef | None = None
    binary_when: tuple[str, Scalar] | None = None
    accept: tuple[str, ...] = ()


def configure_operations(api: Api, config: ConfigFile, diagnostics: Diagnostics) -> Api:
    """`api` with each configured operation's streaming, file and `Accept` settings."""
    table = api.model_table()
    operations = []
    for op in api.operations:
        settings = config.operation(op.key)
        if settings is None:
            operations.append(op)
            continue
        behaviour = _checked(op, settings, table, diagnostics)
        operations.append(
            replace(
                op,
                streaming=behaviour.streaming,
                stream_item=behaviour.stream_item,
                binary_when=behaviour.binary_when,
                accept=behaviour.accept,
            )
        )
    return replace(api, operations=tuple(operations))


def _checked(
    op: Operation, settings: OperationConfig, table: dict[str, Model], diagnostics: Diagnostics
) -> Behaviour:
    fields = {f.name: f for f in body_fields(op, table)}
    pointer = op.pointer
    streaming, stream_item = _stream(op, settings, fields, table, diagnostics)
    return Behaviour(
        streaming=streaming,
        stream_item=stream_item,
        binary_when=_binary_when(op, settings, fields, diagnostics, pointer),
        accept=_accept(op, settings, diagnostics, pointer),
    )


def _stream(
    op: Operation,
    settings: OperationConfig,
    fields: dict[str, Field],
    table: dict[str, Model],
    diagnostics: Diagnostics,
) -> tuple[bool, TypeRef | None]:
    pointer = op.pointer
    if not settings.stream:
        return False, None
    if "stream" not in fields:
        diagnostics.warn(
            Code.CONFIG_STREAM,
            f"{op.key} is marked `stream = true` but its "
            "request has no `stream` field; it is generated without streaming",
            pointer,
            "remove `stream` from the operation's config",
        )
        return False, None
    key = join_pointer("#/components/schemas", settings.stream_chunk or "")
    if settings.stream_chunk and key in table:
        return True, ModelRef(key)
    diagnostics.warn(
        Code.CONFIG_STREAM,
        f"{op.key}: stream_chunk "
        f"{settings.stream_chunk!r} is not a component schema; "
        "streamed events are untyped",
        pointer,
        "name a schema of the spec or of `extra_schemas`",
    )
    return True, AnyType()


def _binary_when(
    op: Operation,
    settings: OperationConfig,
    fields: dict[str, Field],
    diagnostics: Diagnostics,
    pointer: str,
) -> tuple[str, Scalar] | None:
    if not settings.binary_when:
        return None
    [(name, value)] = settings.binary_when.items()
    field = fields.get(name)
    if field is not None and _admits(field.type, value):
        return name, value
    diagnostics.warn(
        Code.CONFIG_BINARY,
        f"{op.key}: binary_when {name} = {value!r} does "
        "not match a boolean or enum field of the request body; ignored",
        pointer,
        "fix the field name or value under [operations]",
    )
    return None


def _accept(
    op: Operation, settings: OperationConfig, diagnostics: Diagnostics, pointer: str
) -> tuple[str, ...]:
    if not settings.accept:
        return ()
    declared = {c.media_type for r in op.success_responses for c in r.contents}
    unknown = [m for m in settings.accept if m not in declared]
    if not unknown:
        return tuple(settings.accept)
    diagnostics.warn(
        Code.CONFIG_ACCEPT,
        f"{op.key}: accept lists {', '.join(unknown)}, which no success response declares; ignored",
        pointer,
        f"choose among {', '.join(sorted(declared)) or 'nothing (no body)'}",
    )
    return ()


def _admits(t: TypeRef, value: Scalar) -> bool:
    """Whether a boolean or enum field can hold `value` (and something else)."""
    if isinstance(t, UnionType):
        t = next((m for m in t.members if not isinstance(m, NullType)), t)
    if isinstance(t, Primitive):
        return t.kind == "boolean" and isinstance(value, bool)
    if isinstance(t, EnumType):
        return value in t.values and not t.open
    return False
