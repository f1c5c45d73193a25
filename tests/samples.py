"""Example values for IR types, built from the spec (not from the generated code).

Tests use them to call every generated method and to answer it, then check what went over
the wire against what the spec says should.
"""

from __future__ import annotations

from typing import Any

from generator.ir import (
    AliasModel,
    AnyType,
    ArrayType,
    BinaryType,
    EnumType,
    FileType,
    LiteralType,
    MapType,
    Model,
    ModelRef,
    NullType,
    ObjectModel,
    Primitive,
    TypeRef,
    UnionType,
)

FILE_CONTENT = b"\x89PNG sample file"
_MAX_DEPTH = 6


def sample(t: TypeRef, models: dict[str, Model], depth: int = 0) -> Any:
    """A value of type `t` as the wire carries it (objects keyed by wire names)."""
    if isinstance(t, Primitive):
        return {
            "string": "https://example.com/x" if t.format == "uri" else "text",
            "integer": 3,
            "number": 1.5,
            "boolean": True,
        }[t.kind]
    if isinstance(t, LiteralType):
        return t.value
    if isinstance(t, EnumType):
        return t.values[0]
    if isinstance(t, ArrayType):
        return [] if depth > _MAX_DEPTH else [sample(t.item, models, depth + 1)]
    if isinstance(t, MapType):
        return {} if depth > _MAX_DEPTH else {"key": sample(t.value, models, depth + 1)}
    if isinstance(t, UnionType):
        member = next(m for m in t.members if not isinstance(m, NullType))
        return sample(member, models, depth)
    if isinstance(t, ModelRef):
        model = models[t.key]
        if isinstance(model, AliasModel):
            return sample(model.target, models, depth)
        assert isinstance(model, ObjectModel)
        return {
            f.name: sample(f.type, models, depth + 1)
            for f in model.fields
            if f.required or depth < 2
        }
    if isinstance(t, FileType):
        return FILE_CONTENT
    if isinstance(t, BinaryType):
        return FILE_CONTENT
    if isinstance(t, NullType):
        return None
    assert isinstance(t, AnyType)
    return {"any": "value"}
