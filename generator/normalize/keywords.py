"""Readers of single keywords: plain functions of the data they are given.

Texts, examples and defaults; `enum`, `const` and the types of schemas that hold no other
schema; `discriminator` and component references; tests of a schema's shape. None of them
translates a subschema or keeps state: `generator.normalize.schemas` does the recursion.
"""

from __future__ import annotations

import json
from urllib.parse import unquote

from generator.diagnostics import Code, Diagnostics, join_pointer, unescape_pointer_token
from generator.ir import (
    PRIMITIVE_KINDS,
    AnyType,
    Discriminator,
    EnumType,
    LiteralType,
    NullType,
    Primitive,
    Scalar,
    TypeRef,
    UnionType,
    scalar_kind,
)
from generator.load import JsonValue

COMPONENT_PREFIX = "#/components/schemas/"
_NULL_ONLY_KEYS = {"nullable", "title", "description", "example", "examples", "deprecated"}


def text(value: JsonValue) -> str | None:
    """A description, summary or similar: stripped, or None when blank or not a string."""
    return value.strip() or None if isinstance(value, str) else None


def strings(value: JsonValue) -> list[str]:
    """The strings of a list of them (`required`, `tags`); nothing when it is no list."""
    return [item for item in value if isinstance(item, str)] if isinstance(value, list) else []


def short_repr(value: JsonValue, limit: int = 40) -> str:
    """`repr(value)`, cut to `limit` characters for a message."""
    shown = repr(value)
    return shown if len(shown) <= limit else shown[: limit - 3] + "..."


def example_json(schema: dict[str, JsonValue]) -> str | None:
    """A schema's (or parameter's) example as JSON text: `example`, else the first of a
    3.1 `examples` list."""
    if "example" in schema:
        return json.dumps(schema["example"], sort_keys=True)
    examples = schema.get("examples")
    if isinstance(examples, list) and examples:
        return json.dumps(examples[0], sort_keys=True)
    return None


def nullable(schema: dict[str, JsonValue]) -> bool:
    """Whether a schema admits null: `nullable: true` (3.0) or a type list with null (3.1)."""
    kind = schema.get("type")
    return schema.get("nullable") is True or (isinstance(kind, list) and "null" in kind)


def all_of_one_ref(schema: dict[str, JsonValue]) -> dict[str, JsonValue] | None:
    """The first member of an `allOf` of one reference (possibly repeated) and nothing
    more; None when `schema` is not such an `allOf`."""
    members = schema.get("allOf")
    if not isinstance(members, list) or not members or "properties" in schema:
        return None
    refs = [m for m in members if isinstance(m, dict) and "$ref" in m]
    if len(refs) < len(members) or len({str(m["$ref"]) for m in refs}) != 1:
        return None
    return refs[0]


def component_name(ref: object, components: dict[str, JsonValue]) -> str | None:
    """The component a `#/components/schemas/<name>` reference names, if it exists.

    The reference is a URI fragment: its name may be percent-encoded.
    """
    if not isinstance(ref, str) or not ref.startswith(COMPONENT_PREFIX):
        return None
    name = unescape_pointer_token(ref[len(COMPONENT_PREFIX) :])
    for candidate in (name, unquote(name)):
        if candidate in components:
            return candidate
    return None


def literal(value: JsonValue) -> TypeRef:
    """The type of `const: value`."""
    if value is None:
        return NullType()
    if isinstance(value, str | int | float | bool):
        return LiteralType(value)
    return AnyType()


def enum_type(enum: list[JsonValue], pointer: str, diagnostics: Diagnostics) -> TypeRef:
    """The type of a schema whose `enum` is `enum`; values that are not scalars are reported."""
    values: list[Scalar] = []
    seen: set[tuple[type, Scalar]] = set()
    has_null = False
    for value in enum:
        if value is None:
            has_null = True
        elif not isinstance(value, str | int | float | bool):
            diagnostics.warn(
                Code.ENUM_VALUE,
                f"enum value {value!r} is not a scalar; left out",
                join_pointer(pointer, "enum"),
                "enum values should be strings, numbers or booleans",
            )
        elif not _listed(value, seen):
            values.append(value)
    if not values:
        return NullType() if has_null else AnyType()
    result = _enum_of(values)
    return UnionType((result, NullType())) if has_null else result


def _enum_of(values: list[Scalar]) -> TypeRef:
    """One literal, an enum of one scalar kind, or a union of literals of several kinds."""
    kinds = {scalar_kind(v) for v in values}
    if len(values) == 1:
        return LiteralType(values[0])
    if len(kinds) == 1:
        return EnumType(tuple(values), kinds.pop())
    return UnionType(tuple(LiteralType(v) for v in values))


def _listed(value: Scalar, seen: set[tuple[type, Scalar]]) -> bool:
    """Whether `value` itself was seen (and note it): `1`, `1.0` and `True` are equal in
    Python, so each counts with its type. NaN equals nothing, itself included."""
    key = (type(value), value)
    if value != value or key not in seen:  # noqa: PLR0124 (NaN is the one value unequal to itself)
        seen.add(key)
        return False
    return True


def leaf_type(schema: dict[str, JsonValue], pointer: str, diagnostics: Diagnostics) -> TypeRef:
    """The type of a schema that is no object, array or type list: a primitive, null, or
    untyped (an unknown `type` is reported)."""
    kind = schema.get("type")
    primitive = next((k for k in PRIMITIVE_KINDS if k == kind), None)
    if primitive is not None:
        fmt = schema.get("format")
        return Primitive(primitive, fmt if isinstance(fmt, str) else None)
    if kind == "null":
        return NullType()
    if kind is not None:
        diagnostics.warn(
            Code.UNKNOWN_TYPE,
            f"unknown schema type {kind!r}; read as untyped",
            join_pointer(pointer, "type"),
            "use one of string, integer, number, boolean, array, object",
        )
        return AnyType()
    if (
        schema.get("nullable") is True
        and set(schema) <= _NULL_ONLY_KEYS
        and (schema.get("title") == "null")
    ):
        return NullType()
    return AnyType()


def discriminator(schema: dict[str, JsonValue], pointer: str) -> Discriminator | None:
    """A union's `discriminator`, its mapping's targets as pointers."""
    raw = schema.get("discriminator")
    if not isinstance(raw, dict):
        return None
    name = raw.get("propertyName")
    if not isinstance(name, str):
        return None
    mapping = raw.get("mapping")
    mapping = mapping if isinstance(mapping, dict) else {}
    pairs: list[tuple[Scalar, str]] = []
    for value, target in mapping.items():
        if isinstance(target, str):
            key = (
                target
                if target.startswith("#")
                else join_pointer(COMPONENT_PREFIX.rstrip("/"), target)
            )
            pairs.append((value, key))
    return Discriminator(name, tuple(pairs), pointer=join_pointer(pointer, "discriminator"))


def security_requirements(security: JsonValue) -> tuple[tuple[str, ...], ...] | None:
    """A `security` list as the scheme names of each requirement (None when not a list)."""
    if not isinstance(security, list):
        return None
    return tuple(tuple(sorted(req)) for req in security if isinstance(req, dict))
