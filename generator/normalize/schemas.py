"""Translate schemas into `TypeRef`s, building a model for each object schema.

Every object schema with properties becomes an `ObjectModel` keyed by its JSON pointer,
and every place it appears is recorded as a `Site` with the naming context of that place;
a component that is not such an object becomes an `AliasModel`. Both go into the
translation's `ModelTable`, the only state written here. Where a schema is met (`Place`:
its pointer, naming context and the way down to it) is a value handed down the
recursion: a model met again inside itself is referred to, not rebuilt.

Later passes clean the types up; this step only translates, reporting what it cannot
translate and reading it as untyped instead.
"""

from __future__ import annotations

from generator.diagnostics import Code, join_pointer
from generator.ir import (
    AliasModel,
    AnyType,
    ArrayType,
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
from generator.load import JsonValue
from generator.normalize.allof import merge_all_of
from generator.normalize.keywords import (
    COMPONENT_PREFIX,
    all_of_one_ref,
    component_name,
    discriminator,
    enum_type,
    example_json,
    leaf_type,
    literal,
    nullable,
    strings,
    text,
)
from generator.normalize.translation import OUTSIDE, Inside, Place, Translation


def type_of(
    translation: Translation, schema: JsonValue, pointer: str, context: tuple[Step, ...]
) -> TypeRef:
    """Translate one schema found at `pointer`, reached through `context`."""
    return _type_of(translation, schema, Place(pointer, context))


def component_ref(translation: Translation, name: str) -> ModelRef:
    """The model for `components.schemas[name]`, built on first use."""
    return _component_ref(translation, name, OUTSIDE)


def _type_of(translation: Translation, schema: JsonValue, place: Place) -> TypeRef:
    if isinstance(schema, bool):
        return AnyType()
    if not isinstance(schema, dict):
        translation.diagnostics.warn(
            Code.BAD_SCHEMA,
            f"a schema must be an object, not {schema!r}; read as untyped",
            place.pointer,
            "replace it with a schema object",
        )
        return AnyType()
    ref = schema.get("$ref")
    if isinstance(ref, str) and ref.startswith(COMPONENT_PREFIX):
        # A component reference cannot unfold: `_component_ref` builds each model once.
        result = _translate(translation, schema, place)
    else:
        first = place.inside.first_met(schema)
        if first is not None:
            return _unfolding(translation, first, place)
        result = _translate(translation, schema, place.entering(schema))
    if schema.get("nullable") is True and not isinstance(result, NullType):
        return UnionType((result, NullType()))
    return result


def _translate(translation: Translation, schema: dict[str, JsonValue], place: Place) -> TypeRef:
    if "$ref" in schema:
        return _ref(translation, schema, place)
    member = all_of_one_ref(schema)
    if member is not None:
        return _ref(translation, member, place.child("allOf", 0))
    return _core(translation, schema, place)


def _unfolding(translation: Translation, first: str, place: Place) -> TypeRef:
    """A schema met again inside itself, not through a component `$ref`.

    Merging `allOf` members copies their subschemas under new pointers, so a member
    that contains itself would unfold without end. An object met again is the model
    being built for it; anything else cannot be named, and is read as untyped.
    """
    if first in place.inside.models:
        return ModelRef(first)
    translation.diagnostics.warn(
        Code.RECURSIVE_SCHEMA,
        f"this schema contains itself (first met at {first}) through allOf or an inline "
        "reference; the inner occurrence is read as untyped",
        place.pointer,
        "make the recursive part a component and refer to it with $ref",
    )
    return AnyType()


def _ref(translation: Translation, schema: dict[str, JsonValue], place: Place) -> TypeRef:
    name = component_name(schema["$ref"], translation.components)
    if name is not None:
        target = translation.components[name]
        if isinstance(target, dict) and nullable(target):
            return UnionType((_component_ref(translation, name, place.inside), NullType()))
        return _component_ref(translation, name, place.inside)
    target, at = translation.refs.resolve(schema, place.pointer)
    if at == place.pointer:  # could not be resolved; already reported
        return AnyType()
    return _type_of(translation, target, place.moved(at))


def _component_ref(translation: Translation, name: str, inside: Inside) -> ModelRef:
    key = join_pointer(COMPONENT_PREFIX.rstrip("/"), name)
    if key in translation.table.models or key in inside.models:
        return ModelRef(key)
    schema = translation.components.get(name)
    schema = schema if isinstance(schema, dict) else {}
    context = (Step("component", name),)
    core = _core(translation, schema, Place(key, context, inside.building(key)), component=name)
    # A nullable object component is its model; references add the null.
    if core not in (ModelRef(key), UnionType((ModelRef(key), NullType()))):
        translation.table.add_site(Site(key, context))
        translation.table.add_model(
            AliasModel(
                key=key,
                target=core,
                sites=(),
                component=name,
                description=text(schema.get("description")),
            )
        )
    return ModelRef(key)


def _core(
    translation: Translation,
    schema: dict[str, JsonValue],
    place: Place,
    component: str | None = None,
) -> TypeRef:
    extends: tuple[str, ...] = ()
    if "allOf" in schema:
        extends = _all_of_components(translation, schema["allOf"], place.inside)
        schema = merge_all_of(schema, place.pointer, translation.refs)
    if "const" in schema:
        return literal(schema["const"])
    enum = schema.get("enum")
    if isinstance(enum, list):
        return enum_type(enum, place.pointer, translation.diagnostics)
    for keyword in ("oneOf", "anyOf"):
        branches = schema.get(keyword)
        if isinstance(branches, list):
            return _union(translation, schema, keyword, branches, place)
    kind = schema.get("type")
    if isinstance(kind, list):
        return _type_list(translation, schema, kind, place, component)
    if kind == "object" or (kind is None and "properties" in schema):
        return _object(translation, schema, place, component, extends)
    if kind == "array" or (kind is None and "items" in schema):
        return _array(translation, schema, place)
    return leaf_type(schema, place.pointer, translation.diagnostics)


def _all_of_components(
    translation: Translation, members: JsonValue, inside: Inside
) -> tuple[str, ...]:
    """Keys of the component models an `allOf` names directly."""
    keys: list[str] = []
    for member in members if isinstance(members, list) else ():
        ref = member.get("$ref") if isinstance(member, dict) else None
        name = component_name(ref, translation.components)
        if name is not None:
            keys.append(_component_ref(translation, name, inside).key)
    return tuple(keys)


def _union(
    translation: Translation,
    schema: dict[str, JsonValue],
    keyword: str,
    branches: list[JsonValue],
    place: Place,
) -> TypeRef:
    """`oneOf`/`anyOf` (`keyword`): one member per branch, keeping the discriminator."""
    shared: dict[str, JsonValue] = {
        k: v
        for k, v in schema.items()
        if k in ("properties", "required", "type", "additionalProperties")
    }
    members = tuple(
        _branch(translation, shared, branch, place.child(keyword, index), index)
        for index, branch in enumerate(branches)
    )
    return UnionType(members, discriminator(schema, place.pointer))


def _branch(
    translation: Translation, shared: dict[str, JsonValue], branch: JsonValue, at: Place, index: int
) -> TypeRef:
    """Branch `index` of a union, with the keywords the union shares with every branch."""
    resolved, resolved_at = translation.refs.resolve(branch, at.pointer)
    title = resolved.get("title") if isinstance(resolved, dict) else None
    step = Step("branch", title if isinstance(title, str) else "", index)
    schema_at = branch
    # A branch that refers back to a model still being built stays a reference:
    # copying the shared properties into it would unfold it without end.
    if (
        shared.get("properties")
        and isinstance(branch, dict)
        and resolved_at not in at.inside.models
    ):
        schema_at = merge_all_of({"allOf": [shared, branch]}, at.pointer, translation.refs)
    return _type_of(translation, schema_at, at.named(step))


def _type_list(
    translation: Translation,
    schema: dict[str, JsonValue],
    kinds: list[JsonValue],
    place: Place,
    component: str | None,
) -> TypeRef:
    """OpenAPI 3.1 `type: [...]`: one member per type.

    With one type besides null, the schema is that type, nullable: a component stays
    its own model. With several, an object member is a model of its own, keyed and
    named as a branch, since the component's name is the union's.
    """
    names = [k for k in kinds if isinstance(k, str)]
    solid = [k for k in names if k != "null"]
    members: list[TypeRef] = []
    for index, kind in enumerate(names):
        if len(solid) == 1 or kind != "object":
            own = component if len(solid) == 1 else None
            members.append(_core(translation, {**schema, "type": kind}, place, own))
        else:
            branch = place.child("type", index, step=Step("branch", "", index))
            members.append(_core(translation, {**schema, "type": kind}, branch))
    return UnionType(tuple(members)) if members else AnyType()


def _array(translation: Translation, schema: dict[str, JsonValue], place: Place) -> TypeRef:
    items = schema.get("items")
    prefix = schema.get("prefixItems")
    item = Step("item")
    if isinstance(prefix, list) and prefix:
        members = [
            _type_of(translation, p, place.child("prefixItems", i, step=item))
            for i, p in enumerate(prefix)
        ]
        if isinstance(items, dict):
            members.append(_type_of(translation, items, place.child("items", step=item)))
        return ArrayType(UnionType(tuple(members)))
    if items is None:
        return ArrayType(AnyType())
    return ArrayType(_type_of(translation, items, place.child("items", step=item)))


def _object(
    translation: Translation,
    schema: dict[str, JsonValue],
    place: Place,
    component: str | None,
    extends: tuple[str, ...] = (),
) -> TypeRef:
    properties = schema.get("properties")
    extra = schema.get("additionalProperties")
    if not isinstance(properties, dict) or not properties:
        return MapType(_values(translation, extra, place) if isinstance(extra, dict) else AnyType())
    key = place.pointer
    title = schema.get("title")
    translation.table.add_site(Site(key, place.context, title if isinstance(title, str) else None))
    # A component is inside its own model already: `_component_ref` put it there.
    if key in translation.table.models or (key in place.inside.models and component is None):
        return ModelRef(key)
    place = place.building(key)
    required = set(strings(schema.get("required")))
    fields = tuple(
        _field(
            translation,
            name,
            prop,
            place.child("properties", name, step=Step("property", name)),
            name in required,
        )
        for name, prop in properties.items()
    )
    translation.table.add_model(
        ObjectModel(
            key=key,
            fields=fields,
            sites=(),
            component=component,
            description=text(schema.get("description")),
            additional=_values(translation, extra, place) if isinstance(extra, dict) else None,
            closed=extra is False,
            deprecated=schema.get("deprecated") is True,
            extends=extends,
        )
    )
    return ModelRef(key)


def _values(translation: Translation, extra: JsonValue, place: Place) -> TypeRef:
    """The type of the values an object's `additionalProperties` schema allows."""
    return _type_of(translation, extra, place.child("additionalProperties", step=Step("value")))


def _field(
    translation: Translation, name: str, prop: JsonValue, place: Place, required: bool
) -> Field:
    own = prop if isinstance(prop, dict) else {}
    target, _ = (
        translation.refs.resolve(prop, place.pointer) if "$ref" in own else (own, place.pointer)
    )
    target = target if isinstance(target, dict) else {}
    return Field(
        name=name,
        type=_type_of(translation, prop, place),
        required=required,
        description=text(own.get("description")) or text(target.get("description")),
        deprecated=own.get("deprecated") is True or target.get("deprecated") is True,
        example_json=example_json(own) or example_json(target),
    )
