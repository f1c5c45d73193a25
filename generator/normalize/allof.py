"""Pass: merge `allOf` into a single schema.

`allOf: [{$ref: Base}, {properties: ...}]` is how specs extend an object; Python gets one
class with the fields of every member. Properties declared in several members are merged
keyword by keyword (JSON Schema applies all of them), `required` lists are joined, and
the schema's own keywords (description, nullable, ...) win over the members'.
"""

from __future__ import annotations

from collections.abc import Iterator

from generator.diagnostics import Code, join_pointer
from generator.load import JsonValue
from generator.normalize.keywords import strings
from generator.normalize.refs import RefResolver

_COMBINED = ("properties", "required", "allOf")


def merge_all_of(
    schema: dict[str, JsonValue],
    pointer: str,
    refs: RefResolver,
    inside: frozenset[str] = frozenset(),
) -> dict[str, JsonValue]:
    """Return `schema` with its `allOf` members folded in (recursively).

    A member that contains the schema being merged (an `allOf` cycle, tracked by the
    pointers `inside`) would be copied into itself without end: it is reported and left
    out. Members whose properties merely refer back to the schema are merged as usual:
    those references stay references.
    """
    inside = inside | {pointer}
    parts = [*_members(schema, pointer, refs, inside)]
    parts.append({k: schema[k] for k in ("properties", "required") if k in schema})
    merged: dict[str, JsonValue] = {k: v for k, v in schema.items() if k not in _COMBINED}
    properties: dict[str, JsonValue] = {}
    required: list[JsonValue] = []
    for part in parts:
        declared = part.get("properties")
        for name, prop in declared.items() if isinstance(declared, dict) else ():
            properties[name] = _merge_property(properties.get(name), prop)
        required += [name for name in strings(part.get("required")) if name not in required]
        _merge_keywords(merged, part)
    if properties:
        merged["properties"] = properties
        merged.setdefault("type", "object")
    if required:
        merged["required"] = required
    return merged


def _members(
    schema: dict[str, JsonValue], pointer: str, refs: RefResolver, inside: frozenset[str]
) -> Iterator[dict[str, JsonValue]]:
    """The `allOf` members, resolved and merged themselves; cycles reported and left out."""
    members = schema.get("allOf")
    for index, member in enumerate(members if isinstance(members, list) else ()):
        member_at = join_pointer(pointer, "allOf", index)
        resolved, at = refs.resolve(member, member_at)
        if not isinstance(resolved, dict):
            continue
        if at in inside:
            refs.diagnostics.warn(
                Code.CIRCULAR_ALLOF,
                f"allOf member {at} contains this schema, so it cannot be copied in; left out",
                member_at,
                "an object cannot extend itself; move the shared fields to a third schema",
            )
            continue
        yield merge_all_of(resolved, at, refs, inside) if "allOf" in resolved else resolved


def _merge_keywords(merged: dict[str, JsonValue], part: dict[str, JsonValue]) -> None:
    """Fold a part's other keywords in: the first value wins, except that a closed
    `additionalProperties` and a `nullable` from any part hold for the whole."""
    for key, value in part.items():
        if key in _COMBINED:
            continue
        if key == "additionalProperties" and value is False:
            merged[key] = False
        elif key == "nullable":
            merged[key] = bool(merged.get(key)) or bool(value)
        else:
            merged.setdefault(key, value)


def _merge_property(earlier: JsonValue, later: JsonValue) -> JsonValue:
    """One property declared by two parts. The same declaration twice (a member listed
    twice) stays the very object it was: the translation knows a schema met inside itself
    by identity, so a copy of a self-referring property would unfold without end."""
    if earlier == later:
        return later
    if isinstance(earlier, dict) and isinstance(later, dict):
        if "$ref" not in earlier and "$ref" not in later:
            return {**earlier, **later}
    return later
