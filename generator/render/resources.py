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
    ArrayType,
    BinaryType,
    EnumType,
    Field,
    MapType,
    ModelRef,
    NullType,
    ObjectModel,
    Operation,
    Parameter,
    Primitive,
    Resource,
    Scalar,
    TypeRef,
    UnionType,
)
from generator.naming.operations import resource_class_name
from generator.naming.words import ANNOTATION_BUILTINS
from generator.render.text import docstring, string_literal
from generator.render.types import TypeSpeller, python_literal

BINARY_RESPONSE = "BinaryResponse"
JSON_MEDIA_TYPE = "application/json"
"""What the runtime asks for when a method names no `Accept`."""
STREAM = "Stream"
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
    cookies: tuple[tuple[str, str], ...]
    body_fields: tuple[tuple[str, str], ...]
    body_arg: str | None
    encoding: str
    returns: str
    cast_to: str
    overloads: tuple[OverloadView, ...] = ()
    stream_arg: str | None = None
    stream_cls: str | None = None
    accept: str | None = None
    """The `Accept` header as a Python expression (it may depend on a flag argument)."""
    result_cast: str | None = None
    """The return annotation as a string, when the runtime's result needs a `cast` to it."""

    def for_async(self) -> MethodView:
        """The same method on the async client (streams and files come back as async kinds)."""
        return replace(
            self,
            returns=_to_async(self.returns),
            cast_to=_to_async(self.cast_to),
            result_cast=_to_async(self.result_cast) if self.result_cast else None,
            stream_cls=_to_async(self.stream_cls) if self.stream_cls else None,
            overloads=tuple(replace(o, returns=_to_async(o.returns)) for o in self.overloads),
        )


@dataclass(frozen=True)
class OverloadView:
    """One `@overload` of a method: a narrower type for `flag`, and what it then returns."""

    flag: str
    annotation: str
    default: str | None
    returns: str


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
    import_builtins: bool = False

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
                for suffix in ("", "WithRawResponse")
            )
        )


def _to_async(text: str) -> str:
    return re.sub(rf"\b({BINARY_RESPONSE}|{STREAM})\b", r"Async\1", text)


def resource_module_views(api: Api, module_of: dict[str, str]) -> list[ResourceModuleView]:
    """One view per top-level resource."""
    table = api.model_table()
    model_names = frozenset(n for m in api.models for n in (m.name, m.param_name) if n)
    views = []
    for top in api.resources:
        speller = TypeSpeller(table, shadowed=_members(top) & ANNOTATION_BUILTINS)
        classes = tuple(_class(node, speller, model_names) for node in _post_order(top))
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


def _class(node: Resource, speller: TypeSpeller, model_names: frozenset[str]) -> ResourceClassView:
    children = tuple(
        (child.path[-1], resource_class_name(child.path, model_names)) for child in node.children
    )
    methods = tuple(_method(op, speller) for op in node.operations)
    return ResourceClassView(
        resource_class_name(node.path, model_names), docstring(node.description), methods, children
    )


def _method(op: Operation, speller: TypeSpeller) -> MethodView:
    positional: list[ArgView] = []
    parameter_args: list[ArgView] = []
    placed: dict[str, list[tuple[str, str]]] = {"path": [], "query": [], "header": [], "cookie": []}
    for param in op.parameters:
        name = param.python_name
        placed[param.location].append((string_literal(param.name), name))
        arg = _param_arg(param, speller)
        (positional if param.location == "path" else parameter_args).append(arg)
    body_fields, body_arg, body_args = _body(op, speller)
    media = [c.media_type for c in op.request_body.contents] if op.request_body else []
    multipart = any(m.startswith("multipart/") for m in media)
    encoding = ("auto" if len(media) > 1 else "multipart") if multipart else "json"
    # The body is what a call is about; query and header parameters come after it.
    keyword = sorted([*body_args, *parameter_args], key=lambda a: a.default is not None)
    returns, cast_to, cast_result = _returns(op, speller)
    overloads, stream_arg, stream_cls = _overloads(op, keyword, speller)
    if overloads:
        returns = overloads[-1].returns
    return MethodView(
        operation=op.key,
        name=op.method_name,
        doc=_method_doc(op, [*positional, *keyword]),
        deprecated=string_literal(f"{op.key} is deprecated") if op.deprecated else None,
        positional=tuple(positional),
        keyword=tuple(keyword),
        http_method=op.method,
        path=string_literal(op.path),
        path_params=tuple(placed["path"]),
        query=tuple(placed["query"]),
        headers=tuple(placed["header"]),
        cookies=tuple(placed["cookie"]),
        body_fields=body_fields,
        body_arg=body_arg,
        encoding=encoding,
        returns=returns,
        cast_to=cast_to,
        result_cast=string_literal(returns) if cast_result else None,
        overloads=overloads,
        stream_arg=stream_arg,
        stream_cls=stream_cls,
        accept=_accept(op),
    )


def _accept(op: Operation) -> str | None:
    """The `Accept` header of a call: the media types the spec declares for the response
    the caller will get (streams ask for events in the runtime)."""
    json_types: list[str] = []
    binary_types: list[str] = []
    for response in op.success_responses:
        for content in response.contents:
            kind = binary_types if isinstance(content.type, BinaryType) else json_types
            kind.append(content.media_type)
    json_types = list(dict.fromkeys(json_types))
    binary_types = list(dict.fromkeys(binary_types))
    if op.binary_when is not None and json_types and binary_types:
        field_name, value = op.binary_when
        flag = dict(op.body_python_names)[field_name]
        test = (
            f"{flag} is {value}"
            if isinstance(value, bool)
            else f"{flag} == {python_literal(value)}"
        )
        binary, json = (string_literal(", ".join(t)) for t in (binary_types, json_types))
        return f"{binary} if {test} else {json}"
    declared = list(op.accept) or [*json_types, *binary_types]
    if declared in ([], [JSON_MEDIA_TYPE]):
        return None  # the runtime's default
    return string_literal(", ".join(declared))


def _overloads(
    op: Operation, keyword: list[ArgView], speller: TypeSpeller
) -> tuple[tuple[OverloadView, ...], str | None, str | None]:
    """Overloads that type the result by a flag: `stream`, or the field of `binary_when`."""
    names = dict(op.body_python_names)
    json_returns = _json_returns(op, speller)
    if op.streaming and op.stream_item is not None and "stream" in names:
        flag = names["stream"]
        streamed = f"{STREAM}[{speller.spell(op.stream_item, 'response')}]"
        speller.need("_streaming", STREAM)
        speller.need("_streaming", f"Async{STREAM}")
        overloads = _flag_overloads(
            flag,
            off="Literal[False]",
            on="Literal[True]",
            either=speller.builtin("bool"),
            off_returns=json_returns,
            on_returns=streamed,
            speller=speller,
        )
        return overloads, flag, streamed
    if op.binary_when is not None:
        field_name, value = op.binary_when
        flag = names[field_name]
        either = next(a.annotation for a in keyword if a.name == flag).replace(" | NotGiven", "")
        if isinstance(value, bool):
            off = f"Literal[{not value}]"
        else:
            others = [v for v in _enum_values(op, field_name, speller) if v != value]
            off = f"Literal[{', '.join(python_literal(v) for v in others)}]"
        on = f"Literal[{python_literal(value)}]"
        overloads = _flag_overloads(
            flag,
            off=off,
            on=on,
            either=either,
            off_returns=json_returns,
            on_returns=BINARY_RESPONSE,
            speller=speller,
        )
        return overloads, None, None
    return (), None, None


def _flag_overloads(
    flag: str,
    *,
    off: str,
    on: str,
    either: str,
    off_returns: str,
    on_returns: str,
    speller: TypeSpeller,
) -> tuple[OverloadView, ...]:
    speller.need("typing", "overload")
    speller.need("typing", "Literal")
    return (
        OverloadView(flag, f"{off} | NotGiven", "NOT_GIVEN", off_returns),
        OverloadView(flag, on, None, on_returns),
        OverloadView(flag, either, None, f"{off_returns} | {on_returns}"),
    )


def _json_returns(op: Operation, speller: TypeSpeller) -> str:
    """The return annotation without binary bodies."""
    spelled = [
        speller.spell(c.type, "response")
        for r in op.success_responses
        for c in r.contents
        if not isinstance(c.type, BinaryType)
    ]
    return " | ".join(dict.fromkeys(spelled)) or "None"


def _enum_values(op: Operation, field_name: str, speller: TypeSpeller) -> tuple[Scalar, ...]:
    for content in op.request_body.contents if op.request_body else ():
        model = speller.models.get(content.type.key) if isinstance(content.type, ModelRef) else None
        for field in model.fields if isinstance(model, ObjectModel) else ():
            t = field.type
            if isinstance(t, UnionType):
                t = next(m for m in t.members if not isinstance(m, NullType))
            if field.name == field_name and isinstance(t, EnumType):
                return t.values
    return ()


def _param_arg(param: Parameter, speller: TypeSpeller) -> ArgView:
    annotation = speller.spell(param.type, "request")
    name = param.python_name
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
        annotation = " | ".join(types)
        if body.required:
            return (), arg, [ArgView(arg, annotation, None, body.description)]
        # A body the spec marks optional (`required` is false unless set) may be left out.
        return (), arg, [ArgView(arg, _optional(annotation), "NOT_GIVEN", body.description)]
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
    if annotation == "None":
        return "NotGiven | None"
    if annotation.endswith(" | None"):
        return annotation.removesuffix(" | None") + " | NotGiven | None"
    return f"{annotation} | NotGiven"


def _returns(op: Operation, speller: TypeSpeller) -> tuple[str, str, bool]:
    """The return annotation, the `cast_to` argument for the runtime, and whether the
    runtime's result must be cast to the annotation."""
    success = op.success_responses
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
        return "None", "NoneType", False
    returns = " | ".join(spelled)
    if len(json_types) == 1 and not binary and _is_type_expression(json_types[0], speller):
        return returns, returns, False
    if binary and not json_types:
        return returns, BINARY_RESPONSE, False
    speller.need("typing", "cast")
    if all(_is_class(t, speller) for t in json_types) and not _shadows_type(op):
        return returns, f"cast({string_literal(f'type[{returns}]')}, {returns})", False
    # `type[...]` cannot hold literals or aliases: the runtime parses to Any, and the
    # method casts its result to the return annotation (`MethodView.result_cast`).
    speller.need("typing", "Any")
    return returns, f"cast(Any, {returns})", True


def _is_type_expression(value: TypeRef, speller: TypeSpeller) -> bool:
    """Whether the spelled `value` evaluates to a `type[...]` (a class or a builtin generic),
    so it is its own `cast_to`; unions, literals and aliases need a `cast`."""
    if isinstance(value, ModelRef):
        return isinstance(speller.models.get(value.key), ObjectModel)
    return isinstance(value, Primitive | ArrayType | MapType)


def _is_class(value: TypeRef, speller: TypeSpeller) -> bool:
    """Whether `value` may stand in `type[...]`: classes, builtin generics, None, and unions
    of those (not literals, enums or aliases)."""
    if isinstance(value, UnionType):
        return all(_is_class(m, speller) for m in value.members)
    return isinstance(value, NullType) or _is_type_expression(value, speller)


def _shadows_type(op: Operation) -> bool:
    """Whether a parameter named `type` hides the builtin inside the method body."""
    return (
        any(p.python_name == "type" for p in op.parameters)
        or "type" in dict(op.body_python_names).values()
    )


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
