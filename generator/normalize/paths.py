"""Finding what the config's helper settings point at: an operation's JSON answer, the type
at a dotted path of wire names inside it, and whether a type is of a kind (the shared
lookups of `normalize.paging`, `normalize.chat_stream` and `normalize.jobs`)."""

from __future__ import annotations

from generator.ir import (
    AliasModel,
    EnumType,
    LiteralType,
    Model,
    ModelRef,
    NullType,
    ObjectModel,
    Operation,
    Primitive,
    TypeRef,
    UnionType,
    scalar_kind,
)


class Unfit(Exception):
    """A helper setting the spec does not bear out (the message says why)."""


def dotted(path: str) -> tuple[str, ...]:
    """`data.pagination.hasMore` -> ("data", "pagination", "hasMore")."""
    return tuple(path.split("."))


def non_null(t: TypeRef, table: dict[str, Model]) -> TypeRef:
    """`t` without a null alternative, and with aliases replaced by what they name."""
    while True:
        if isinstance(t, UnionType):
            members = [m for m in t.members if not isinstance(m, NullType)]
            if len(members) != 1:
                return t
            t = members[0]
        elif isinstance(t, ModelRef) and isinstance(table.get(t.key), AliasModel):
            alias = table[t.key]
            assert isinstance(alias, AliasModel)
            t = alias.target
        else:
            return t


def object_of(t: TypeRef, table: dict[str, Model]) -> ObjectModel | None:
    """The object model `t` is (nullable or through an alias), if it is one."""
    t = non_null(t, table)
    model = table.get(t.key) if isinstance(t, ModelRef) else None
    return model if isinstance(model, ObjectModel) else None


def type_at(t: TypeRef, path: tuple[str, ...], table: dict[str, Model]) -> TypeRef | None:
    """The type of the field at `path` (wire names) inside `t`, if every step is a field."""
    for name in path:
        model = object_of(t, table)
        field = next((f for f in model.fields if f.name == name), None) if model else None
        if field is None:
            return None
        t = field.type
    return non_null(t, table)


def json_answer(op: Operation, table: dict[str, Model]) -> tuple[str, ObjectModel] | None:
    """The key and model of the one object an operation's success answers with as JSON."""
    types = [
        c.type
        for r in op.success_responses
        for c in r.contents
        if "json" in c.media_type and not isinstance(c.type, NullType)
    ]
    kinds = set(types)
    if len(kinds) != 1:
        return None
    [t] = kinds
    model = object_of(t, table)
    return (model.key, model) if model is not None else None


def is_kind(t: TypeRef | None, *kinds: str) -> bool:
    """Whether `t` is a scalar of one of `kinds` (an enum or a literal of one counts)."""
    if isinstance(t, Primitive):
        return t.kind in kinds
    if isinstance(t, EnumType):
        return t.base in kinds
    if isinstance(t, LiteralType):
        return scalar_kind(t.value) in kinds
    return False
