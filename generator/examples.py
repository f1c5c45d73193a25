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

    def inner(member: TypeRef, deeper: int = 1) -> Any:
        return sample(member, models, depth + deeper, optional_depth=optional_depth)

    if isinstance(t, ArrayType):
        return [inner(t.item)] if depth <= _MAX_DEPTH else []
    if isinstance(t, MapType):
        return {"key": inner(t.value)} if depth <= _MAX_DEPTH else {}
    if isinstance(t, UnionType):
        return inner(next(m for m in t.members if not isinstance(m, NullType)), 0)
    if isinstance(t, ModelRef):
        model = models[t.key]
        if isinstance(model, AliasModel):
            return inner(model.target, 0)
        assert isinstance(model, ObjectModel)
        wanted = (f for f in model.fields if f.required or depth < optional_depth)
        return {f.name: inner(f.type) for f in wanted}
    return _leaf(t)


def _leaf(t: TypeRef) -> Any:
    """A value of a type with nothing inside it."""
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
    if isinstance(t, FileType | BinaryType):
        return FILE_CONTENT
    if isinstance(t, NullType):
        return None
    assert isinstance(t, AnyType)
    return {"any": "value"}
