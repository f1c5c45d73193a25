"""What the config says about types the spec cannot say: open enums and named inline unions.

- `open_enums`: an enum of model ids grows every week; a caller who passes a model the
  client does not list yet must not be refused by the type checker. The enums of the
  fields and parameters named there accept any value of their base type too.
- `aliases`: an inline schema callers need to write down (the items of a chat request's
  `messages`, a union of five message shapes) becomes a named alias at its JSON pointer.
"""

from __future__ import annotations

from dataclasses import replace

from generator.config import TypesConfig
from generator.diagnostics import Code, Diagnostics, split_pointer
from generator.ir import (
    AliasModel,
    Api,
    ArrayType,
    EnumType,
    Field,
    MapType,
    ModelRef,
    NullType,
    ObjectModel,
    Site,
    Step,
    TypeRef,
    UnionType,
)


def apply_type_settings(api: Api, settings: TypesConfig, diagnostics: Diagnostics) -> Api:
    """`api` with the configured enums opened and inline schemas named."""
    if settings.open_enums:
        api = open_enums(api, frozenset(settings.open_enums))
    for name, pointer in sorted(settings.aliases.items()):
        api = name_inline_type(api, name, pointer, diagnostics)
    return api


def open_enums(api: Api, wire_names: frozenset[str]) -> Api:
    """The enums of fields and parameters named `wire_names`, opened."""
    models = tuple(
        replace(m, fields=tuple(_open_field(f, wire_names) for f in m.fields))
        if isinstance(m, ObjectModel)
        else m
        for m in api.models
    )
    operations = tuple(
        replace(
            op,
            parameters=tuple(
                replace(p, type=_opened(p.type)) if p.name in wire_names else p
                for p in op.parameters
            ),
        )
        for op in api.operations
    )
    return replace(api, models=models, operations=operations)


def _open_field(field: Field, wire_names: frozenset[str]) -> Field:
    return replace(field, type=_opened(field.type)) if field.name in wire_names else field


def _opened(t: TypeRef) -> TypeRef:
    if isinstance(t, EnumType):
        return replace(t, open=True)
    if isinstance(t, UnionType):
        return replace(t, members=tuple(_opened(m) for m in t.members))
    if isinstance(t, ArrayType):
        return ArrayType(_opened(t.item))
    return t


def name_inline_type(api: Api, name: str, pointer: str, diagnostics: Diagnostics) -> Api:
    """`api` with the inline schema at `pointer` made the alias `name` (a pointer into a
    model's properties, through `items` and `additionalProperties`)."""
    objects = [m for m in api.models if isinstance(m, ObjectModel)]
    for model in objects:
        for site in model.sites:
            if pointer.startswith(site.pointer + "/"):
                rest = split_pointer("#" + pointer[len(site.pointer) :])
                named = _with_alias(model, rest, ModelRef(pointer))
                if named is not None:
                    updated, target = named
                    alias = AliasModel(
                        key=pointer,
                        target=target,
                        sites=(Site(pointer, (Step("component", name),)),),
                        component=name,
                    )
                    models = tuple(updated if m.key == model.key else m for m in api.models)
                    return replace(api, models=(*models, alias))
    diagnostics.warn(
        Code.CONFIG_UNUSED,
        f"[types] aliases names {name} at {pointer}, which is no inline schema of a model's "
        "properties; ignored",
        pointer,
        "point at a property, or at its `items` or `additionalProperties`",
    )
    return api


def _with_alias(
    model: ObjectModel, tokens: list[str], ref: ModelRef
) -> tuple[ObjectModel, TypeRef] | None:
    """The model with the type at `tokens` (from `properties`) swapped for `ref`, and that
    type; None when the tokens do not lead to one."""
    if len(tokens) < 2 or tokens[0] != "properties":
        return None
    field = next((f for f in model.fields if f.name == tokens[1]), None)
    swapped = _swap(field.type, tokens[2:], ref) if field is not None else None
    if field is None or swapped is None:
        return None
    new_type, target = swapped
    fields = tuple(replace(f, type=new_type) if f is field else f for f in model.fields)
    return replace(model, fields=fields), target


def _swap(t: TypeRef, tokens: list[str], ref: ModelRef) -> tuple[TypeRef, TypeRef] | None:
    """`t` with the type at `tokens` replaced by `ref`, and the type replaced."""
    if not tokens:
        return ref, t
    members = t.members if isinstance(t, UnionType) else ()
    inner = [m for m in members if not isinstance(m, NullType)]
    if isinstance(t, UnionType) and len(inner) == 1:  # a nullable property: step inside
        found = _swap(inner[0], tokens, ref)
        if found is None:
            return None
        members = tuple(found[0] if m is inner[0] else m for m in t.members)
        return replace(t, members=members), found[1]
    if tokens[0] == "items" and isinstance(t, ArrayType):
        found = _swap(t.item, tokens[1:], ref)
        return (ArrayType(found[0]), found[1]) if found else None
    if tokens[0] == "additionalProperties" and isinstance(t, MapType):
        found = _swap(t.value, tokens[1:], ref)
        return (MapType(found[0]), found[1]) if found else None
    return None
