"""Views of the resource modules: one class per resource, one method per operation.

Each method's view comes from its `Signature` (see `render.methods`); this module groups
them into resource classes and modules and works out what each module imports.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from generator.ir import Api, Resource
from generator.naming.operations import resource_class_name
from generator.naming.words import ANNOTATION_BUILTINS
from generator.normalize.usage import model_usage
from generator.render.methods import MethodView, method_views
from generator.render.modules import both_sides
from generator.render.text import docstring
from generator.render.types import TypeSpeller
from generator.signatures import Signature


@dataclass(frozen=True)
class ResourceClassView:
    """A resource class (sync name; the async class is `Async` + name)."""

    name: str
    doc: str | None
    methods: tuple[MethodView, ...]
    async_methods: tuple[MethodView, ...]
    children: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class ResourceModuleView:
    """A `resources/<name>.py` module."""

    name: str
    classes: tuple[ResourceClassView, ...]
    type_imports: tuple[tuple[str, tuple[str, ...]], ...]
    imports: tuple[tuple[str, tuple[str, ...]], ...]
    import_builtins: bool = False

    @property
    def has_deprecated(self) -> bool:
        """Whether a method of the module is deprecated."""
        return any(m.deprecated for c in self.classes for m in c.methods)

    @property
    def main_class(self) -> str:
        """The class for the top-level resource itself."""
        return self.classes[-1].name

    @property
    def exported(self) -> tuple[str, ...]:
        """Every class the module defines, sync and async, sorted."""
        return tuple(
            sorted(
                f"{prefix}{c.name}{suffix}"
                for c in self.classes
                for prefix in ("", "Async")
                for suffix in ("", "WithRawResponse", "WithStreamingResponse")
            )
        )


def resource_module_views(
    api: Api, signatures: dict[str, Signature], module_of: dict[str, str]
) -> list[ResourceModuleView]:
    """One view per top-level resource."""
    table = api.model_table()
    model_names = frozenset(n for m in api.models for n in (m.name, m.param_name) if n)
    responses_too = both_sides(model_usage(api))
    views = []
    for top in api.resources:
        speller = TypeSpeller(
            table, shadowed=_members(top) & ANNOTATION_BUILTINS, both_sides=responses_too
        )
        classes = tuple(_class(node, signatures, speller, model_names) for node in _post_order(top))
        if any(m.deprecated for c in classes for m in c.methods):
            speller.need("typing_extensions", "deprecated")
        by_module: dict[str, set[str]] = {}
        for name in sorted(speller.model_names):
            key = next(m.key for m in api.models if name in (m.name, m.param_name))
            by_module.setdefault(module_of[key], set()).add(name)
        views.append(
            ResourceModuleView(
                name=top.path[0],
                classes=classes,
                type_imports=tuple((m, tuple(sorted(n))) for m, n in sorted(by_module.items())),
                imports=tuple((m, tuple(sorted(n))) for m, n in sorted(speller.imports.items())),
                import_builtins=speller.uses_builtins_module,
            )
        )
    return views


def _members(node: Resource) -> frozenset[str]:
    """The method and attribute names of a resource's classes and its children's."""
    names = {op.method_name for op in node.operations}
    names |= {child.path[-1] for child in node.children}
    return frozenset(names).union(*(_members(child) for child in node.children))


def _post_order(node: Resource) -> Iterator[Resource]:
    for child in node.children:
        yield from _post_order(child)
    yield node


def _class(
    node: Resource,
    signatures: dict[str, Signature],
    speller: TypeSpeller,
    model_names: frozenset[str],
) -> ResourceClassView:
    children = tuple(
        (child.path[-1], resource_class_name(child.path, model_names)) for child in node.children
    )
    views = [method_views(signatures[op.key], speller) for op in node.operations]
    return ResourceClassView(
        resource_class_name(node.path, model_names),
        docstring(node.description or _default_doc(node)),
        tuple(sync for sync, _ in views),
        tuple(asynchronous for _, asynchronous in views),
        children,
    )


def _default_doc(node: Resource) -> str:
    """What a resource the spec does not describe offers."""
    members = [f"`{op.method_name}()`" for op in node.operations]
    members += [f"`{child.path[-1]}`" for child in node.children]
    return f"`client.{'.'.join(node.path)}`: {', '.join(members)}."
