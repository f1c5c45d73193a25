"""Example values for IR types, built from the spec (not from the generated code).

The tests call every generated method with them and answer with them, then check what went
over the wire against the spec; the benchmarks use them as realistic, schema-valid bodies.
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


def sample(
    t: TypeRef,
    models: dict[str, Model],
    depth: int = 0,
    *,
    optional_depth: int = 2,
) -> Any:
    """A value of type `t` as the wire carries it (objects keyed by wire names).

    Objects get every required field, and their optional fields too down to `optional_depth`.
    """
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
        if depth > _MAX_DEPTH:
            return []
        return [sample(t.item, models, depth + 1, optional_depth=optional_depth)]
    if isinstance(t, MapType):
        if depth > _MAX_DEPTH:
            return {}
        return {"key": sample(t.value, models, depth + 1, optional_depth=optional_depth)}
    if isinstance(t, UnionType):
        member = next(m for m in t.members if not isinstance(m, NullType))
        return sample(member, models, depth, optional_depth=optional_depth)
    if isinstance(t, ModelRef):
        model = models[t.key]
        if isinstance(model, AliasModel):
            return sample(model.target, models, depth, optional_depth=optional_depth)
        assert isinstance(model, ObjectModel)
        return {
            f.name: sample(f.type, models, depth + 1, optional_depth=optional_depth)
            for f in model.fields
            if f.required or depth < optional_depth
        }
    if isinstance(t, FileType):
        return FILE_CONTENT
    if isinstance(t, BinaryType):
        return FILE_CONTENT
    if isinstance(t, NullType):
        return None
    assert isinstance(t, AnyType)
    return {"any": "value"}
