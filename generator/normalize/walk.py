"""Apply a type transformation everywhere a type occurs in the API."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Iterator
from dataclasses import replace
from typing import TypeVar

from generator.ir import (
    AliasModel,
    Api,
    ArrayType,
    BodyContent,
    Field,
    MapType,
    Model,
    ModelRef,
    ObjectModel,
    Operation,
    Parameter,
    TypeRef,
    UnionType,
)

TypeFn = Callable[[TypeRef], TypeRef]
Node = TypeVar("Node", bound=Hashable)
FieldT = TypeVar("FieldT", Field, Parameter)


def map_type(t: TypeRef, fn: TypeFn) -> TypeRef:
    """Rebuild `t` bottom-up, applying `fn` to every node after its children. A node whose
    children come back unchanged is kept as it is (most passes change few types; the
    copies cost more than the rest of normalising)."""
    if isinstance(t, ArrayType):
        item = map_type(t.item, fn)
        t = t if item is t.item else ArrayType(item)
    elif isinstance(t, MapType):
        value = map_type(t.value, fn)
        t = t if value is t.value else MapType(value)
    elif isinstance(t, UnionType):
        members = tuple(map_type(m, fn) for m in t.members)
        if any(a is not b for a, b in zip(members, t.members, strict=True)):
            t = UnionType(members, t.discriminator)
    return fn(t)


def _field_mapped(f: FieldT, fn: TypeFn) -> FieldT:
    mapped = map_type(f.type, fn)
    return f if mapped is f.type else replace(f, type=mapped)


def map_model_types(model: Model, fn: TypeFn) -> Model:
    """Apply `fn` to the types inside one model (the model itself when nothing changed)."""
    if isinstance(model, AliasModel):
        target = map_type(model.target, fn)
        return model if target is model.target else replace(model, target=target)
    fields = tuple(_field_mapped(f, fn) for f in model.fields)
    additional = map_type(model.additional, fn) if model.additional is not None else None
    if additional is model.additional and all(
        a is b for a, b in zip(fields, model.fields, strict=True)
    ):
        return model
    return replace(model, fields=fields, additional=additional)


def map_operation_types(op: Operation, fn: TypeFn) -> Operation:
    """Apply `fn` to the types of parameters, bodies and responses of one operation."""

    def contents(items: tuple[BodyContent, ...]) -> tuple[BodyContent, ...]:
        return tuple(replace(c, type=map_type(c.type, fn)) for c in items)

    body = op.request_body
    return replace(
        op,
        stream_item=map_type(op.stream_item, fn) if op.stream_item is not None else None,
        parameters=tuple(replace(p, type=map_type(p.type, fn)) for p in op.parameters),
        request_body=replace(body, contents=contents(body.contents)) if body else None,
        responses=tuple(
            replace(
                r,
                contents=contents(r.contents),
                headers=tuple(replace(h, type=map_type(h.type, fn)) for h in r.headers),
            )
            for r in op.responses
        ),
    )


def map_api_types(api: Api, fn: TypeFn) -> Api:
    """Apply `fn` to every type in the API."""
    return replace(
        api,
        operations=tuple(map_operation_types(op, fn) for op in api.operations),
        models=tuple(map_model_types(m, fn) for m in api.models),
    )


def iter_types(t: TypeRef) -> Iterator[TypeRef]:
    """`t` and every type nested in it, outside in."""
    yield t
    if isinstance(t, ArrayType):
        yield from iter_types(t.item)
    elif isinstance(t, MapType):
        yield from iter_types(t.value)
    elif isinstance(t, UnionType):
        for member in t.members:
            yield from iter_types(member)


def model_refs(t: TypeRef) -> Iterator[str]:
    """Keys of the models `t` refers to directly (not through other models)."""
    for node in iter_types(t):
        if isinstance(node, ModelRef):
            yield node.key


def model_dependencies(model: Model) -> Iterator[str]:
    """Keys of the models a model's own types refer to."""
    if isinstance(model, AliasModel):
        yield from model_refs(model.target)
        return
    assert isinstance(model, ObjectModel)
    for f in model.fields:
        yield from model_refs(f.type)
    if model.additional is not None:
        yield from model_refs(model.additional)
    yield from model.extends


def operation_types(op: Operation) -> Iterator[tuple[str, TypeRef]]:
    """(role, type) for every type an operation uses directly; role is request or response."""
    for p in op.parameters:
        yield "request", p.type
    if op.request_body:
        for c in op.request_body.contents:
            yield "request", c.type
    for r in op.responses:
        for c in r.contents:
            yield "response", c.type
        for h in r.headers:
            yield "response", h.type
    if op.stream_item is not None:
        yield "response", op.stream_item


def reachable(start: Iterable[Node], edges: Callable[[Node], Iterable[Node]]) -> set[Node]:
    """`start` and everything reachable from it by `edges` (the one graph walk of the
    generator: models through their references, aliases through their members, ...)."""
    seen: set[Node] = set()
    stack = list(start)
    while stack:
        node = stack.pop()
        if node not in seen:
            seen.add(node)
            stack.extend(edges(node))
    return seen


def models_reachable(keys: Iterable[str], table: dict[str, Model]) -> set[str]:
    """The model keys `keys` lead to (themselves included), through fields and members."""
    return reachable(
        (k for k in keys if k in table),
        lambda key: (k for k in model_dependencies(table[key]) if k in table),
    )


def body_models(op: Operation, table: dict[str, Model]) -> list[Model | None]:
    """The model of each request media type's body (None where it is not a named model)."""
    return [
        table.get(c.type.key) if isinstance(c.type, ModelRef) else None
        for c in (op.request_body.contents if op.request_body else ())
    ]


def body_fields(op: Operation, table: dict[str, Model]) -> Iterator[Field]:
    """The fields of every request media type's object body, in order (names may repeat)."""
    for model in body_models(op, table):
        if isinstance(model, ObjectModel):
            yield from model.fields
