"""Views of the resource modules: one class per resource, one method per operation.

A method is a signature, a docstring and one call into the runtime; everything the call
needs (path, parameter placement, body fields, what to parse the response into) is worked
out here so the template only prints it.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Iterator
from dataclasses import dataclass, replace

from generator.ir import (
    Api,
    BinaryType,
    Field,
    ModelRef,
    ObjectModel,
    Operation,
    Parameter,
    Resource,
    TypeRef,
)
from generator.naming.operations import resource_class_name
from generator.render.text import docstring, string_literal
from generator.render.types import TypeSpeller

BINARY_RESPONSE = "BinaryResponse"
_DOC_WIDTH = 88


@dataclass(frozen=True)
class ArgView:
    """One parameter of a generated method."""

    name: str
    annotation: str
    default: str | None
    doc: str | None


@dataclass(frozen=True)
class MethodView:
    """One generated method and the call it makes."""

    operation: str
    name: str
    doc: str | None
    deprecated: str | None
    positional: tuple[ArgView, ...]
    keyword: tuple[ArgView, ...]
    http_method: str
    path: str
    path_params: tuple[tuple[str, str], ...]
    query: tuple[tuple[str, str], ...]
    headers: tuple[tuple[str, str], ...]
    body_fields: tuple[tuple[str, str], ...]
    body_arg: str | None
    encoding: str
    returns: str
    cast_to: str

    def for_async(self) -> MethodView:
        """The same method on the async client (binary bodies come back as the async kind)."""
        return replace(
            self, returns=_async_binary(self.returns), cast_to=_async_binary(self.cast_to)
        )


@dataclass(frozen=True)
class ResourceClassView:
    """A resource class (sync name; the async class is `Async` + name)."""

    name: str
    doc: str | None
    methods: tuple[MethodView, ...]
    children: tuple[tuple[str, str], ...]

    @property
    def async_methods(self) -> tuple[MethodView, ...]:
        """The methods as the async class has them."""
        return tuple(m.for_async() for m in self.methods)


@dataclass(frozen=True)
class ResourceModuleView:
    """A `resources/<name>.py` module."""

    name: str
    classes: tuple[ResourceClassView, ...]
    type_imports: tuple[tuple[str, tuple[str, ...]], ...]
    imports: tuple[tuple[str, tuple[str, ...]], ...]

    @property
    def main_class(self) -> str:
        """The class for the top-level resource itself."""
        return self.classes[-1].name

    @property
    def exported(self) -> tuple[str, ...]:
        """Every class the module defines, sync and async, sorted."""
        return tuple(sorted(n for c in self.classes for n in (c.name, f"Async{c.name}")))


def _async_binary(text: str) -> str:
    return re.sub(rf"\b{BINARY_RESPONSE}\b", f"Async{BINARY_RESPONSE}", text)


def resource_module_views(api: Api, module_of: dict[str, str]) -> list[ResourceModuleView]:
    """One view per top-level resource."""
    table = api.model_table()
    views = []
    for top in api.resources:
        speller = TypeSpeller(table)
        classes = tuple(_class(node, speller) for node in _post_order(top))
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
            )
        )
    return views


def _post_order(node: Resource) -> Iterator[Resource]:
    for child in node.children:
        yield from _post_order(child)
    yield node


def _class(node: Resource, speller: TypeSpeller) -> ResourceClassView:
    children = tuple((child.path[-1], resource_class_name(child.path)) for child in node.children)
    methods = tuple(_method(op, speller) for op in node.operations)
    return ResourceClassView(
        resource_class_name(node.path), docstring(node.description), methods, children
    )


def _method(op: Operation, speller: TypeSpeller) -> MethodView:
    positional: list[ArgView] = []
    parameter_args: list[ArgView] = []
    placed: dict[str, list[tuple[str, str]]] = {"path": [], "query": [], "header": [], "cookie": []}
    for param in op.parameters:
        name = param.python_name or param.name
        placed[param.location].append((string_literal(param.name), name))
        arg = _param_arg(param, speller)
        (positional if param.location == "path" else parameter_args).append(arg)
    body_fields, body_arg, body_args = _body(op, speller)
    media = [c.media_type for c in op.request_body.contents] if op.request_body else []
    multipart = any(m.startswith("multipart/") for m in media)
    encoding = ("auto" if len(media) > 1 else "multipart") if multipart else "json"
    # The body is what a call is about; query and header parameters come after it.
    keyword = sorted([*body_args, *parameter_args], key=lambda a: a.default is not None)
    returns, cast_to = _returns(op, speller)
    return MethodView(
        operation=op.key,
        name=op.method_name or op.method,
        doc=_method_doc(op, [*positional, *keyword]),
        deprecated=string_literal(f"{op.key} is deprecated") if op.deprecated else None,
        positional=tuple(positional),
        keyword=tuple(keyword),
        http_method=op.method,
        path=string_literal(op.path),
        path_params=tuple(placed["path"]),
        query=tuple(placed["query"]),
        headers=tuple(placed["header"]),
        body_fields=body_fields,
        body_arg=body_arg,
        encoding=encoding,
        returns=returns,
        cast_to=cast_to,
    )


def _param_arg(param: Parameter, speller: TypeSpeller) -> ArgView:
    annotation = speller.spell(param.type, "request")
    name = param.python_name or param.name
    if param.required:
        return ArgView(name, annotation, None, param.description)
    return ArgView(name, _optional(annotation), "NOT_GIVEN", param.description)


def _body(
    op: Operation,
    speller: TypeSpeller,
) -> tuple[tuple[tuple[str, str], ...], str | None, list[ArgView]]:
    body = op.request_body
    if body is None:
        return (), None, []
    names = dict(op.body_python_names)
    models = [
        speller.models.get(c.type.key) if isinstance(c.type, ModelRef) else None
        for c in body.contents
    ]
    if "" in names or not all(isinstance(m, ObjectModel) for m in models):
        types = list(dict.fromkeys(speller.spell(c.type, "request") for c in body.contents))
        arg = names.get("", "body")
        return (), arg, [ArgView(arg, " | ".join(types), None, body.description)]
    merged: dict[str, list[Field]] = {}
    for model in models:
        assert isinstance(model, ObjectModel)
        for field in model.fields:
            merged.setdefault(field.name, []).append(field)
    args = []
    for wire, fields in merged.items():
        annotation = " | ".join(dict.fromkeys(speller.spell(f.type, "request") for f in fields))
        # `requestBody.required` is rarely set by generators that write specs; a field the
        # body schema requires is required whenever there is a body at all.
        required = len(fields) == len(models) and all(f.required for f in fields)
        doc = fields[0].description
        if required:
            args.append(ArgView(names[wire], annotation, None, doc))
        else:
            args.append(ArgView(names[wire], _optional(annotation), "NOT_GIVEN", doc))
    return tuple((string_literal(w), names[w]) for w in merged), None, args


def _optional(annotation: str) -> str:
    """`annotation` that may also be left out (`NotGiven`), with `None` kept last."""
    if annotation.endswith(" | None"):
        return annotation.removesuffix(" | None") + " | NotGiven | None"
    return f"{annotation} | NotGiven"


def _returns(op: Operation, speller: TypeSpeller) -> tuple[str, str]:
    """The return annotation and the `cast_to` argument for the runtime."""
    success = [r for r in op.responses if r.is_success]
    json_types: list[TypeRef] = []
    binary = False
    for response in success:
        for content in response.contents:
            if isinstance(content.type, BinaryType):
                binary = True
            else:
                json_types.append(content.type)
    spelled = list(dict.fromkeys(speller.spell(t, "response") for t in json_types))
    if binary:
        speller.need("_response", BINARY_RESPONSE)
        speller.need("_response", f"Async{BINARY_RESPONSE}")
        spelled.append(BINARY_RESPONSE)
    if not spelled:
        return "None", "NoneType"
    returns = " | ".join(spelled)
    if len(json_types) + binary == 1 and _is_class(json_types, speller):
        return returns, returns
    if binary and not json_types:
        return returns, BINARY_RESPONSE
    speller.need("typing", "cast")
    return returns, f"cast({string_literal(f'type[{returns}]')}, {returns})"


def _is_class(types: list[TypeRef], speller: TypeSpeller) -> bool:
    if len(types) != 1 or not isinstance(types[0], ModelRef):
        return False
    return isinstance(speller.models.get(types[0].key), ObjectModel)


def _method_doc(op: Operation, args: list[ArgView]) -> str | None:
    parts = [
        op.summary if op.summary and not op.summary.startswith("/") else "",
        op.description or "",
    ]
    text = "\n\n".join(p for p in parts if p)
    documented = [a for a in args if a.doc]
    if documented:
        lines = ["Args:"]
        for arg in documented:
            paragraphs = [p for p in (arg.doc or "").strip().split("\n") if p.strip()]
            for index, paragraph in enumerate(paragraphs):
                lead = f"  {arg.name}: " if index == 0 else "    "
                lines.extend(
                    textwrap.wrap(
                        lead + paragraph.strip(),
                        _DOC_WIDTH,
                        subsequent_indent="    ",
                        break_long_words=False,
                        break_on_hyphens=False,
                    )
                )
        text = (text + "\n\n" if text else "") + "\n".join(lines)
    if op.deprecated:
        text = "Deprecated.\n\n" + text
    return docstring(text or f"{op.key}.", indent="        ")
