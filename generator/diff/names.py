"""Every public Python name of an API, keyed by the identity of the thing it names.

Identities come from the spec, not from the names: an operation is `METHOD /path`; a model is
each place its schema appears, described the way naming sees it (component, operation, role,
property path, union branches by title); a field is that place plus the wire name. Comparing
two versions' maps shows *churn*: things present in both whose Python spelling changed,
which breaks callers for no reason of their own. A thing whose own fields changed (a field
added, removed, or turned into another kind of type) counts as restructured and is left
out: a changed shape may rightly change a name derived from it.
"""

from __future__ import annotations

from dataclasses import dataclass

from generator.ir import Api, ArrayType, ObjectModel, Step, TypeRef, UnionType


@dataclass(frozen=True)
class NameMap:
    """Names by identity, and the shape of each model place (to spot restructures)."""

    names: dict[str, str]
    shapes: dict[str, frozenset[tuple[str, str]]]


def type_kind(t: TypeRef) -> str:
    """What kind of type this is (a literal, an enum, a model, ...), ignoring its details."""
    if isinstance(t, UnionType):
        return "|".join(sorted({type_kind(m) for m in t.members}))
    if isinstance(t, ArrayType):
        return f"list[{type_kind(t.item)}]"
    return type(t).__name__


def place(context: tuple[Step, ...]) -> str:
    """A readable identity for a schema place, stable when union branches are reordered."""
    return " / ".join(
        f"{step.kind}:{step.value if step.value else step.index}"
        if step.kind == "branch"
        else f"{step.kind}:{step.value}"
        if step.value
        else step.kind
        for step in context
    )


def public_names(api: Api) -> NameMap:
    """Identity -> Python name, for methods, arguments, models and fields."""
    names: dict[str, str] = {}
    shapes: dict[str, frozenset[tuple[str, str]]] = {}
    for op in api.operations:
        names[f"method {op.key}"] = ".".join(("client", *op.resource, op.method_name))
        for param in op.parameters:
            names[f"argument {op.key} {param.location}:{param.name}"] = param.python_name
        for wire, python in op.body_python_names:
            names[f"argument {op.key} body:{wire}"] = python
    for model in api.models:
        fields = model.fields if isinstance(model, ObjectModel) else ()
        for site in model.sites:
            where = place(site.context)
            shapes[where] = frozenset((f.name, type_kind(f.type)) for f in fields)
            names[f"model {where}"] = model.name
            if model.param_name:
                names[f"param {where}"] = model.param_name
            for field in fields:
                names[f"field {where} {field.name}"] = field.python_name
    return NameMap(names, shapes)


def churn(old: NameMap, new: NameMap) -> dict[str, tuple[str, str]]:
    """Identities in both versions whose names differ (restructured things left out)."""
    changed = {}
    for key in old.names.keys() & new.names.keys():
        if old.names[key] == new.names[key]:
            continue
        where = (
            key.split(" ", 1)[1].rsplit(" ", 1)[0]
            if key.startswith("field ")
            else (key.split(" ", 1)[1])
        )
        if where in old.shapes and old.shapes[where] != new.shapes.get(where):
            continue
        changed[key] = (old.names[key], new.names[key])
    return changed
