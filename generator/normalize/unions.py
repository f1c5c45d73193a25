"""Passes that put union types into one canonical shape.

Each function rewrites a single type node and is applied bottom-up over the whole API by
`generator.normalize.walk.map_api_types`, in the order `generator.normalize.PASSES` gives.
The canonical optional type is `UnionType((..., NullType()))` with exactly one null last.
"""

from __future__ import annotations

from generator.ir import (
    AnyType,
    EnumType,
    LiteralType,
    NullType,
    Primitive,
    PrimitiveKind,
    Scalar,
    TypeRef,
    UnionType,
    scalar_kind,
)


def flatten_unions(t: TypeRef) -> TypeRef:
    """Splice nested plain unions into their parent: `A | (B | C)` is `A | B | C`."""
    if not isinstance(t, UnionType):
        return t
    members: list[TypeRef] = []
    for member in t.members:
        if isinstance(member, UnionType) and member.discriminator is None:
            members.extend(member.members)
        else:
            members.append(member)
    return UnionType(tuple(members), t.discriminator)


def fold_nulls(t: TypeRef) -> TypeRef:
    """Gather every null member (from `nullable` or zod-style null branches) into one, last."""
    if not isinstance(t, UnionType) or not any(isinstance(m, NullType) for m in t.members):
        return t
    rest = tuple(m for m in t.members if not isinstance(m, NullType))
    if not rest:
        return NullType()
    return UnionType((*rest, NullType()), t.discriminator)


def dedupe_union_members(t: TypeRef) -> TypeRef:
    """Drop repeated members, keeping the first occurrence of each."""
    if not isinstance(t, UnionType):
        return t
    # Keyed by type too: `Literal[1]` and `Literal[True]` are equal in Python, not in JSON.
    unique = {(m, type(m.value) if isinstance(m, LiteralType) else None): m for m in t.members}
    return UnionType(tuple(unique.values()), t.discriminator)


def absorb_any(t: TypeRef) -> TypeRef:
    """A union with an untyped member accepts anything: `Any | X` is `Any` (nullability kept)."""
    if not isinstance(t, UnionType) or not any(isinstance(m, AnyType) for m in t.members):
        return t
    if isinstance(t.members[-1], NullType):
        return UnionType((AnyType(), NullType()))
    return AnyType()


def open_enums(t: TypeRef) -> TypeRef:
    """Merge literal and enum members of one kind; a plain member of that kind opens the enum.

    `string | enum["a", "b"]` becomes the open enum `"a" | "b" | <any other string>`, and
    `enum["a"] | enum["b"]` becomes the closed enum `"a" | "b"`.
    """
    if not isinstance(t, UnionType):
        return t
    values: dict[PrimitiveKind, list[Scalar]] = {}
    plain: set[PrimitiveKind] = set()
    first: dict[PrimitiveKind, int] = {}
    for index, member in enumerate(t.members):
        for kind, member_values in _literal_values(member):
            values.setdefault(kind, []).extend(
                v for v in member_values if v not in values.get(kind, [])
            )
            first.setdefault(kind, index)
        if isinstance(member, Primitive):
            plain.add(member.kind)
    merged = {kind for kind in values if kind in plain or _literal_member_count(t, kind) > 1}
    if not merged:
        return t
    members: list[TypeRef] = []
    for index, member in enumerate(t.members):
        member_kind = _member_kind(member)
        if member_kind is not None and member_kind in merged:
            if first[member_kind] == index:
                enum = EnumType(tuple(values[member_kind]), member_kind, open=member_kind in plain)
                members.append(enum)
            continue
        members.append(member)
    return UnionType(tuple(members), t.discriminator)


def collapse_single_member_unions(t: TypeRef) -> TypeRef:
    """A union of one member is that member."""
    if isinstance(t, UnionType) and len(t.members) == 1:
        return t.members[0]
    return t


def _literal_values(member: TypeRef) -> list[tuple[PrimitiveKind, tuple[Scalar, ...]]]:
    if isinstance(member, EnumType):
        return [(member.base, member.values)]
    if isinstance(member, LiteralType):
        return [(scalar_kind(member.value), (member.value,))]
    return []


def _literal_member_count(t: UnionType, kind: PrimitiveKind) -> int:
    return sum(
        1 for m in t.members if isinstance(m, EnumType | LiteralType) and _member_kind(m) == kind
    )


def _member_kind(member: TypeRef) -> PrimitiveKind | None:
    if isinstance(member, EnumType):
        return member.base
    if isinstance(member, LiteralType):
        return scalar_kind(member.value)
    if isinstance(member, Primitive):
        return member.kind
    return None
