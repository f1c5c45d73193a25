"""Pass: find the property that tells the members of an object union apart.

With an explicit `discriminator`, the tag values come from the members themselves (each
must declare the property as a required single-value enum), so a wrong or partial
`mapping` cannot mislead the parser; a discriminator the members do not support is
reported and dropped. Without one, the first property that every member requires with a
distinct single value becomes an inferred tag, which lets pydantic pick the member
directly instead of trying each in turn.

A union of object models that no property tags can still be told apart by the keys its
members require (`key_unions`); responses then pick the member by the keys an object
carries instead of validating it against every member.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from generator.diagnostics import Code, Diagnostics
from generator.ir import (
    Api,
    Discriminator,
    EnumType,
    LiteralType,
    Model,
    ModelRef,
    NullType,
    ObjectModel,
    Primitive,
    RequiredKeys,
    Scalar,
    TypeRef,
    UnionType,
)
from generator.normalize.walk import map_api_types


def tag_values(models: list[ObjectModel], prop: str) -> tuple[Scalar, ...] | None:
    """Each model's value of the required single-value property `prop`, if all are distinct."""
    values: list[Scalar] = []
    for model in models:
        field = next((f for f in model.fields if f.name == prop), None)
        if field is None or not field.required or not isinstance(field.type, LiteralType):
            return None
        values.append(field.type.value)
    return tuple(values) if len(set(values)) == len(values) else None


def find_tag(models: list[ObjectModel]) -> str | None:
    """The first property of the first model that tags every model distinctly."""
    for field in models[0].fields:
        if tag_values(models, field.name) is not None:
            return field.name
    return None


def narrow_declared_tags(api: Api, diagnostics: Diagnostics) -> Api:
    """Give each member of a declared discriminator its tag value as a one-value literal.

    Specs often declare the tag property as a plain string in every member and let the
    discriminator say which value means which member: the `mapping`, or else the member's
    component name. The member's property becomes that literal (and required), so the
    union parses by its tag. A member that would need two different values is left alone.
    """
    table = api.model_table()
    wanted: dict[tuple[str, str], set[Scalar]] = {}

    def visit(t: TypeRef) -> TypeRef:
        declared = t.discriminator if isinstance(t, UnionType) else None
        if (
            isinstance(t, UnionType)
            and isinstance(declared, Discriminator)
            and not declared.inferred
        ):
            models = _object_models([m for m in t.members if not isinstance(m, NullType)], table)
            if models and tag_values(models, declared.property) is None:
                for model in models:
                    value = _declared_value(declared, model)
                    if value is not None and _narrowable(model, declared.property, value):
                        wanted.setdefault((model.key, declared.property), set()).add(value)
        return t

    map_api_types(api, visit)
    narrowed = {key: next(iter(values)) for key, values in wanted.items() if len(values) == 1}
    if not narrowed:
        return api
    return replace(api, models=tuple(_narrow(m, narrowed) for m in api.models))


def _declared_value(declared: Discriminator, model: ObjectModel) -> Scalar | None:
    """The tag value the discriminator gives `model`: from `mapping`, else its name."""
    explicit = [value for value, key in declared.mapping if key == model.key]
    if explicit:
        return explicit[0] if len(explicit) == 1 else None
    return model.component


def _narrowable(model: ObjectModel, prop: str, value: Scalar) -> bool:
    field = next((f for f in model.fields if f.name == prop), None)
    if field is None:
        return False
    if isinstance(field.type, Primitive):
        return field.type.kind == "string" and isinstance(value, str)
    return isinstance(field.type, EnumType) and value in field.type.values


def _narrow(model: Model, narrowed: dict[tuple[str, str], Scalar]) -> Model:
    if not isinstance(model, ObjectModel):
        return model
    fields = tuple(
        replace(f, type=LiteralType(narrowed[(model.key, f.name)]), required=True)
        if (model.key, f.name) in narrowed
        else f
        for f in model.fields
    )
    return replace(model, fields=fields)


def infer_union_tags(api: Api, diagnostics: Diagnostics) -> Api:
    """Set (or check) the discriminator of every union of object models."""
    table = api.model_table()

    def visit(t: TypeRef) -> TypeRef:
        if not isinstance(t, UnionType):
            return t
        members = [m for m in t.members if not isinstance(m, NullType)]
        models = _object_models(members, table)
        declared = t.discriminator
        if isinstance(declared, RequiredKeys):
            return t
        if declared is not None and not declared.inferred:
            if models is not None and tag_values(models, declared.property) is not None:
                return replace(
                    t, discriminator=_discriminator(declared.property, models, inferred=False)
                )
            ignored.setdefault(declared.property, []).append(declared.pointer)
            declared = None
        if declared is None and models is not None and len(models) > 1:
            prop = find_tag(models)
            if prop is not None:
                return replace(t, discriminator=_discriminator(prop, models, inferred=True))
        return replace(t, discriminator=declared)

    ignored: dict[str, list[str]] = {}
    api = map_api_types(api, visit)
    for prop, pointers in ignored.items():
        places = sorted(set(pointers))
        more = f" (and at {len(places) - 1} more places)" if len(places) > 1 else ""
        diagnostics.warn(
            Code.DISCRIMINATOR_IGNORED,
            f"discriminator {prop!r} is ignored: not every member is an object that requires "
            f"it as a single-value enum{more}",
            places[0],
            "declare the property with a one-value `enum` in every member, or drop the "
            "discriminator; until then the union is parsed without it",
        )
    return api


def key_unions(api: Api, diagnostics: Diagnostics) -> Api:
    """Mark the untagged unions of object models whose members the keys tell apart.

    Members are told apart when any two differ in a key one requires and the other does
    not declare: then an object carrying only keys its member declares (every object the
    spec allows, where members take no additional properties) fits the required keys of
    that member alone, or of others that declare fewer of its keys. Members that a value
    inside a shared key tells apart (`{a: int}` and `{a: str}`) are not, and stay a union
    pydantic tries member by member.
    """
    table = api.model_table()

    def visit(t: TypeRef) -> TypeRef:
        if not isinstance(t, UnionType) or t.discriminator is not None:
            return t
        models = _object_models([m for m in t.members if not isinstance(m, NullType)], table)
        if models is None or len(models) < 2 or not keys_tell_apart(models):
            return t
        return replace(t, discriminator=RequiredKeys())

    return map_api_types(api, visit)


def keys_tell_apart(models: Sequence[ObjectModel]) -> bool:
    """Whether any two of `models` differ in a key one requires and the other does not
    declare (by wire name)."""
    keys = [
        (frozenset(f.name for f in m.fields if f.required), frozenset(f.name for f in m.fields))
        for m in models
    ]
    return all(
        not (required | other_required) <= (declared & other_declared)
        for index, (required, declared) in enumerate(keys)
        for other_required, other_declared in keys[index + 1 :]
    )


def _object_models(
    members: Sequence[TypeRef],
    table: dict[str, Model],
) -> list[ObjectModel] | None:
    models: list[ObjectModel] = []
    for member in members:
        model = table.get(member.key) if isinstance(member, ModelRef) else None
        if not isinstance(model, ObjectModel):
            return None
        models.append(model)
    return models


def _discriminator(prop: str, models: list[ObjectModel], *, inferred: bool) -> Discriminator:
    values = tag_values(models, prop) or ()
    return Discriminator(
        prop, tuple(zip(values, (m.key for m in models), strict=True)), inferred=inferred
    )
