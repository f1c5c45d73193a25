"""Which `types/` module each model goes to, and the view of each module for its template.

A model used by one top-level resource lives in `types/<resource>.py`; a model used by
several (or by none) lives in `types/shared.py`, together with everything it refers to, so
resource modules import only from `shared` and never from each other.
"""

from __future__ import annotations

import keyword
import re
from collections import defaultdict
from dataclasses import dataclass, replace

from generator.ir import AliasModel, Api, Field, Model, ObjectModel
from generator.naming.words import ANNOTATION_BUILTINS
from generator.normalize.usage import Usage, model_usage
from generator.normalize.walk import model_refs, models_reachable, operation_types, reachable
from generator.render.pages import PAGINATION_MODULE, paginations
from generator.render.text import docstring, string_literal
from generator.render.types import Annotation, Side, TypeSpeller

SHARED = "shared"
_ALIAS_IMPORTS = {
    False: (("typing", "TypeAlias"),),
    True: (
        ("typing", "TypeAlias"),
        ("typing", "TYPE_CHECKING"),
        ("typing_extensions", "TypeAliasType"),
    ),
}


@dataclass(frozen=True)
class FieldView:
    """One attribute of a generated class, as template-ready text."""

    name: str
    annotation: str
    default: str | None
    doc: str | None


@dataclass(frozen=True)
class EntryView:
    """One class or alias of a `types/` module."""

    kind: str  # "model", "params", "alias" or "page"
    name: str
    doc: str | None
    fields: tuple[FieldView, ...] = ()
    annotation: str = ""
    functional: bool = False
    mentions: frozenset[str] = frozenset()
    """For an alias: the aliases its value refers to (they must be defined first)."""
    base: str = ""
    """For a page: the answer's model class it pages."""
    recursive: bool = False
    """An alias that mentions itself (directly or through other aliases). Its value is a
    string, evaluated when needed: a quoted `TypeAlias` for type checkers (pyright misreads
    a recursive `TypeAliasType` first met from another module) and a `TypeAliasType`,
    which pydantic resolves, at run time."""


@dataclass(frozen=True)
class TypeModuleView:
    """A whole `types/<name>.py` module."""

    name: str
    entries: tuple[EntryView, ...]
    imports: tuple[tuple[str, tuple[str, ...]], ...]
    shared_names: tuple[str, ...]

    @property
    def exported(self) -> tuple[str, ...]:
        """The names the module defines, sorted (a page's `Async` twin too)."""
        pages = (f"Async{e.name}" for e in self.entries if e.kind == "page")
        return tuple(sorted([*(e.name for e in self.entries), *pages]))


def both_sides(usage: Usage) -> frozenset[str]:
    """Keys of the models rendered as a response class and as a request TypedDict."""
    return frozenset(key for key, roles in usage.items() if roles >= {"request", "response"})


def exported_type_names(api: Api) -> set[str]:
    """Every name `types` exports (classes and aliases, requests and responses)."""
    return {name for view in type_module_views(api) for name in view.exported}


def assign_modules(api: Api) -> dict[str, str]:
    """Model key -> module name (a top-level resource, or `shared`)."""
    table = api.model_table()
    users: dict[str, set[str]] = defaultdict(set)
    for op in api.operations:
        top = op.resource[0] if op.resource else SHARED
        for key in models_reachable(
            (k for _, t in operation_types(op) for k in model_refs(t)), table
        ):
            users[key].add(top)
    module = {
        m.key: next(iter(users[m.key])) if len(users[m.key]) == 1 else SHARED for m in api.models
    }
    # What a shared model refers to is shared too: resource modules never import each other.
    shared = models_reachable((key for key, name in module.items() if name == SHARED), table)
    return {key: SHARED if key in shared else name for key, name in module.items()}


def type_module_views(api: Api) -> list[TypeModuleView]:
    """Views of every `types/` module, in name order."""
    table = api.model_table()
    module_of = assign_modules(api)
    usage = model_usage(api)
    by_module: dict[str, list[Model]] = defaultdict(list)
    for model in api.models:
        by_module[module_of[model.key]].append(model)
    views = []
    for name in sorted(by_module):
        speller = TypeSpeller(table, both_sides=both_sides(usage))
        entries: list[EntryView] = []
        for model in by_module[name]:
            roles = usage.get(model.key, frozenset({"response"}))
            if "response" in roles:
                entries.append(_entry(model, "response", speller))
            if "request" in roles:
                entries.append(_entry(model, "request", speller))
        classes = sorted((e for e in entries if e.kind != "alias"), key=lambda e: e.name)
        aliases = _alias_order([e for e in entries if e.kind == "alias"])
        for alias in aliases:
            for module, imported in _ALIAS_IMPORTS[alias.recursive]:
                speller.need(module, imported)
        pages = _page_entries(api, module_of, name, speller)
        defined = {e.name for e in entries}
        shared = tuple(sorted(speller.model_names - defined))
        views.append(
            TypeModuleView(
                name=name,
                entries=(*classes, *aliases, *pages),
                imports=tuple((m, tuple(sorted(n))) for m, n in sorted(speller.imports.items())),
                shared_names=shared,
            )
        )
    return views


def _page_entries(
    api: Api, module_of: dict[str, str], module: str, speller: TypeSpeller
) -> list[EntryView]:
    """The page classes `module` defines (those of the answers it holds)."""
    entries = []
    for call, paging in paginations(api):
        if module_of[paging.page_model] != module:
            continue
        speller.need(PAGINATION_MODULE, "SyncPage")
        speller.need(PAGINATION_MODULE, "AsyncPage")
        base = speller.model_name(paging.page_model, "response")
        item = speller.spell(paging.item_type, "response").text()
        doc = (
            f"A page of `{call}`: the `{base}` it answers with, iterable over every item of "
            "every page (`SyncPage` on the sync client, `AsyncPage` on the async one)."
        )
        entries.append(
            EntryView("page", paging.page_class, docstring(doc), annotation=item, base=base)
        )
    return entries


def _entry(model: Model, side: Side, speller: TypeSpeller) -> EntryView:
    name = speller.model_name(model.key, side)
    speller.model_names.discard(name)
    if isinstance(model, AliasModel):
        return EntryView(
            "alias",
            name,
            docstring(model.description, indent=""),
            annotation=speller.spell(model.target, side).text(),
            mentions=_alias_mentions(model, side, speller),
        )
    assert isinstance(model, ObjectModel)
    if side == "response":
        speller.need("_models", "BaseModel")
        annotations = [speller.spell(f.type, "response") for f in model.fields]
        used = frozenset[str]().union(*(a.names for a in annotations))
        return EntryView(
            "model",
            name,
            docstring(model.description),
            tuple(
                _model_field(f, a, used, speller)
                for f, a in zip(model.fields, annotations, strict=True)
            ),
        )
    speller.need("typing_extensions", "TypedDict")
    # A property named "" cannot be a TypedDict key (naming reports it).
    named = [f for f in model.fields if f.name]
    fields = tuple(_param_field(f, speller) for f in named)
    # Class syntax where it can say the keys: annotation-only fields bind no names, so a
    # key `str` hides nothing from the annotations after it.
    functional = any(not f.name.isidentifier() or keyword.iskeyword(f.name) for f in named)
    doc = docstring(model.description, indent="" if functional else "    ")
    return EntryView("params", name, doc, fields, functional=functional)


def attribute_name(field: Field, used_names: frozenset[str]) -> str:
    """The attribute a response field is read by, given the names the class's annotations
    use."""
    name = field.python_name
    if name in ANNOTATION_BUILTINS and name in used_names:
        name += "_"  # the class body would otherwise shadow the builtin its annotations use
    return name


def attribute_names(model: ObjectModel, models: dict[str, Model]) -> dict[str, str]:
    """Wire name -> attribute of each field of a response class."""
    speller = TypeSpeller(models)
    annotations = [speller.spell(f.type, "response") for f in model.fields]
    used = frozenset[str]().union(*(a.names for a in annotations))
    return {f.name: attribute_name(f, used) for f in model.fields}


def _model_field(
    field: Field,
    annotation: Annotation,
    used_names: frozenset[str],
    speller: TypeSpeller,
) -> FieldView:
    name = attribute_name(field, used_names)
    alias = f"alias={string_literal(field.name)}" if name != field.name else ""
    # A response that omits a nullable field means the same as one that sends null.
    optional = not field.required or annotation.nullable or annotation.is_any
    default: str | None
    if optional:
        annotation = annotation.or_none()
        default = f"Field(default=None, {alias})" if alias else "None"
    else:
        default = f"Field({alias})" if alias else None
    if default and default.startswith("Field("):
        speller.need("pydantic", "Field")
    return FieldView(name, annotation.text(), default, docstring(_field_doc(field)))


def _param_field(field: Field, speller: TypeSpeller) -> FieldView:
    annotation = speller.spell(field.type, "request").text()
    if field.required:
        speller.need("typing_extensions", "Required")
        annotation = f"Required[{annotation}]"
    return FieldView(field.name, annotation, None, docstring(_field_doc(field)))


def _field_doc(field: Field) -> str | None:
    parts = [field.description or ""]
    if field.deprecated:
        parts.append("Deprecated.")
    return "\n\n".join(p for p in parts if p) or None


def _alias_mentions(model: AliasModel, side: Side, speller: TypeSpeller) -> frozenset[str]:
    """The names of the aliases an alias's value refers to (from the IR, not its text)."""
    return frozenset(
        speller.model_name(key, side)
        for key in model_refs(model.target)
        if isinstance(speller.models[key], AliasModel)
    )


def _alias_order(aliases: list[EntryView]) -> list[EntryView]:
    """Aliases are evaluated at import, so each must follow the aliases it mentions.

    Aliases on a cycle of mentions cannot all follow each other; they are marked
    `recursive`: their value becomes a string, evaluated later, so they need nothing
    placed before them.
    """
    names = {a.name for a in aliases}
    mentions = {a.name: a.mentions & names for a in aliases}
    on_cycle = {n for n in names if n in reachable(mentions[n], lambda name: mentions[name])}
    needs = {n: set() if n in on_cycle else mentions[n] for n in names}
    done: list[EntryView] = []
    placed: set[str] = set()
    pending = sorted(aliases, key=lambda a: a.name)
    while pending:
        ready = [a for a in pending if needs[a.name] <= placed]
        batch = ready or pending[:1]
        for alias in batch:
            done.append(_recursive(alias) if alias.name in on_cycle else alias)
            placed.add(alias.name)
            pending.remove(alias)
    return done


def _recursive(alias: EntryView) -> EntryView:
    """`alias` marked recursive; its docstring moves into an `if TYPE_CHECKING:` block."""
    doc = re.sub(r"\n(?=.)", "\n    ", alias.doc) if alias.doc else None
    return replace(alias, recursive=True, doc=doc)
