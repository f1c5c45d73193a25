"""Views of the resource modules: one class per resource, one method per operation.

Each method's view comes from its `Signature` (see `render.methods`); this module groups
them into resource classes and modules and works out what each module imports.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from generator.helper_signatures import JobSignature, job_signatures, stream_helper_signature
from generator.ir import Api, Model, Resource
from generator.naming.operations import resource_class_name
from generator.naming.words import ANNOTATION_BUILTINS
from generator.normalize.usage import model_usage
from generator.render.helper_methods import HelperView, job_views, stream_helper_views
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
    helpers: tuple[HelperView, ...] = ()
    """The helper methods the config adds (not in `with_raw_response`)."""
    async_helpers: tuple[HelperView, ...] = ()


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
    model_names |= {f"{p}{op.pagination.page_class}" for op in api.operations
                    if op.pagination for p in ("", "Async")}  # fmt: skip
    responses_too = both_sides(model_usage(api))
    helpers = _Helpers(table, job_signatures(api, signatures))
    views = []
    for top in api.resources:
        speller = TypeSpeller(
            table, shadowed=_members(top) & ANNOTATION_BUILTINS, both_sides=responses_too
        )
        classes = tuple(
            _class(node, signatures, speller, model_names, helpers) for node in _post_order(top)
        )
        if any(m.deprecated for c in classes for m in c.methods):
            speller.need("typing_extensions", "deprecated")
        by_module: dict[str, set[str]] = {}
        for name in sorted(speller.model_names):
            key = next(m.key for m in api.models if name in (m.name, m.param_name))
            by_module.setdefault(module_of[key], set()).add(name)
        for name, key in speller.page_models.items():
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


@dataclass(frozen=True)
class _Helpers:
    """What the helper methods' views are made from."""

    models: dict[str, Model]
    jobs: tuple[JobSignature, ...]

    def views(self, sig: Signature, speller: TypeSpeller) -> list[tuple[HelperView, HelperView]]:
        """The helpers beside `sig`'s method, sync and async."""
        views = []
        stream = stream_helper_signature(sig)
        if stream is not None:
            views.append(stream_helper_views(stream, speller))
        for job in self.jobs:
            if job.job.queue == sig.operation.key:
                views.append(job_views(job, speller, self.models))
        return views


def _class(
    node: Resource,
    signatures: dict[str, Signature],
    speller: TypeSpeller,
    model_names: frozenset[str],
    helpers: _Helpers,
) -> ResourceClassView:
    children = tuple(
        (child.path[-1], resource_class_name(child.path, model_names)) for child in node.children
    )
    views = [method_views(signatures[op.key], speller) for op in node.operations]
    extra = [pair for op in node.operations for pair in helpers.views(signatures[op.key], speller)]
    return ResourceClassView(
        resource_class_name(node.path, model_names),
        docstring(node.description or _default_doc(node, extra)),
        tuple(sync for sync, _ in views),
        tuple(asynchronous for _, asynchronous in views),
        children,
        tuple(sync for sync, _ in extra),
        tuple(asynchronous for _, asynchronous in extra),
    )


def _default_doc(node: Resource, helpers: list[tuple[HelperView, HelperView]]) -> str:
    """What a resource the spec does not describe offers."""
    members = [f"`{op.method_name}()`" for op in node.operations]
    members += [f"`{sync.name}()`" for sync, _ in helpers]
    members += [f"`{child.path[-1]}`" for child in node.children]
    return f"`client.{'.'.join(node.path)}`: {', '.join(members)}."
