"""The Python surface of an API: what callers of the generated client can see and use.

Two versions of a spec are compared through this view, not through their YAML: methods by
their Python path (`client.chat.completions.create`) with their keyword arguments and
return types, and models by class name with their fields. Types are compared as
signatures in which models are referred to by name, so a change inside a model shows up
once, on that model, rather than on every method that uses it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from generator.helper_signatures import job_signatures, stream_helper_signature
from generator.ir import (
    AliasModel,
    AnyType,
    Api,
    ArrayType,
    BinaryType,
    EnumType,
    FileType,
    LiteralType,
    MapType,
    Model,
    ModelRef,
    NullType,
    ObjectModel,
    Primitive,
    TypeRef,
    UnionType,
    scalar_kind,
)
from generator.ir_features import Pagination
from generator.normalize.build import RESPONSE_HEADERS_KEY
from generator.normalize.usage import model_usage
from generator.normalize.walk import (
    model_dependencies,
    model_refs,
    models_reachable,
    operation_types,
)
from generator.render.modules import assign_modules, exported_type_names
from generator.render.types import Side, TypeSpeller
from generator.signatures import Argument, Signature, method_signatures

RETIREMENT_HEADERS = frozenset({"sunset", "deprecation"})
"""Response headers that announce an endpoint's retirement (RFC 8594, RFC 9745)."""

Sig = tuple[Any, ...]
"""A hashable, order-insensitive form of a type, with models named."""


@dataclass(frozen=True)
class Typed:
    """A type as compared (`sig`) and as shown to people (`spelled`)."""

    sig: Sig
    spelled: str


@dataclass(frozen=True)
class ArgSurface:
    """A keyword (or path) argument of a method."""

    name: str
    wire: str
    where: str
    type: Typed
    required: bool
    deprecated: bool


@dataclass(frozen=True)
class MethodSurface:
    """One method of the client."""

    path: str
    group: str
    http: str
    args: dict[str, ArgSurface]
    returns: Typed
    request_media: frozenset[str]
    response_media: frozenset[str]
    deprecated: bool
    sunset: bool
    retirement_headers: frozenset[str]
    """`Sunset` and `Deprecation`, when successful responses declare them: retirement ahead."""
    security: tuple[tuple[str, ...], ...] | None


@dataclass(frozen=True)
class FieldSurface:
    """A field of a model, under its wire name."""

    wire: str
    name: str
    type: Typed
    required: bool
    deprecated: bool


@dataclass(frozen=True)
class ModelSurface:
    """A public class or type alias."""

    name: str
    group: str
    kind: str
    fields: dict[str, FieldSurface]
    alias: Typed | None
    roles: frozenset[str]
    deprecated: bool
    reach: str
    """`call` (arguments or results of methods), `error` (only error bodies) or `none`."""
    body_root: bool


@dataclass(frozen=True)
class Surface:
    """Everything a caller of one version of the client can use."""

    title: str
    version: str
    methods: dict[str, MethodSurface]
    models: dict[str, ModelSurface]
    security: Mapping[str, tuple[str, ...]]
    importable: Mapping[str, str] = field(default_factory=dict)
    """Every name `from <package>.types import X` takes -> the class it gives: itself, or
    for a deprecated alias kept after a rename, the current name."""


def sig(t: TypeRef, table: dict[str, Model], renamed: Mapping[str, str] | None = None) -> Sig:
    """The comparable form of a type (formats, media types and tags are left out); models
    are named by their `renamed` name where they have one (a rename is no change of type)."""
    if isinstance(t, Primitive | LiteralType | EnumType):
        return _scalar_sig(t)
    if isinstance(t, ArrayType):
        return ("array", sig(t.item, table, renamed))
    if isinstance(t, MapType):
        return ("map", sig(t.value, table, renamed))
    if isinstance(t, UnionType):
        return ("union", frozenset(sig(m, table, renamed) for m in t.members))
    if isinstance(t, ModelRef):
        name = table[t.key].name
        return ("model", (renamed or {}).get(name, name))
    if isinstance(t, NullType):
        return ("null",)
    if isinstance(t, BinaryType):
        return ("binary",)
    if isinstance(t, FileType):
        return ("file",)
    assert isinstance(t, AnyType)
    return ("any",)


def _scalar_sig(t: Primitive | LiteralType | EnumType) -> Sig:
    if isinstance(t, Primitive):
        return ("prim", t.kind)
    if isinstance(t, LiteralType):
        return ("enum", scalar_kind(t.value), frozenset([t.value]), False)
    return ("enum", t.base, frozenset(t.values), t.open)


Typer = Callable[[TypeRef, Side], Typed]


def surface(
    api: Api, aliases: Mapping[str, str] | None = None, renamed: Mapping[str, str] | None = None
) -> Surface:
    """The Python surface of a named API, with the deprecated `aliases` (old name -> current
    name) its package keeps for renamed types; `renamed` names types in signatures by the
    names a later version gives them, for comparing with that version."""
    table = api.model_table()
    speller = TypeSpeller(table)

    def typed(t: TypeRef, side: Side) -> Typed:
        return Typed(sig(t, table, renamed), speller.spell(t, side).text())

    methods = {}
    signatures = method_signatures(api)
    for signature in signatures.values():
        method = _method(signature, typed)
        methods[method.path] = method
    methods.update(helper_methods(api, signatures, typed))
    security = {
        s.name: (s.kind, s.scheme or "", s.location or "", s.parameter_name or "")
        for s in api.security_schemes
    }
    exported = exported_type_names(api)
    importable = {name: name for name in exported}
    for old, current in (aliases or {}).items():
        if current in exported and old not in exported:
            importable[old] = current
    return Surface(api.title, api.version, methods, _models(api, typed), security, importable)


def _models(api: Api, typed: Typer) -> dict[str, ModelSurface]:
    """Every public class and alias, and the typed response headers."""
    table = api.model_table()
    usage = model_usage(api)
    module_of = assign_modules(api)
    call_keys = _reachable(api, table, errors=False)
    error_keys = _reachable(api, table, errors=True) - call_keys
    body_roots = _body_roots(api)
    models = {}
    for model in api.models:
        if model.key == RESPONSE_HEADERS_KEY:
            continue
        roles = usage.get(model.key, frozenset({"response"}))
        side: Side = "request" if roles == {"request"} else "response"
        reach = "call" if model.key in call_keys else "error" if model.key in error_keys else "none"
        models[model.name] = ModelSurface(
            name=model.name,
            group=module_of[model.key],
            kind="alias" if isinstance(model, AliasModel) else "object",
            fields=_fields(model, side, typed),
            alias=typed(model.target, side) if isinstance(model, AliasModel) else None,
            roles=roles,
            deprecated=isinstance(model, ObjectModel) and model.deprecated,
            reach=reach,
            body_root=model.key in body_roots,
        )
    headers = table.get(RESPONSE_HEADERS_KEY)
    if isinstance(headers, ObjectModel):
        # Every header is optional and none is deprecated: they are read, never sent.
        optional = tuple(replace(f, required=False, deprecated=False) for f in headers.fields)
        models["ResponseHeaders"] = ModelSurface(
            name="ResponseHeaders",
            group="headers",
            kind="object",
            fields=_fields(replace(headers, fields=optional), "response", typed),
            alias=None,
            roles=frozenset({"response"}),
            deprecated=False,
            reach="call",
            body_root=False,
        )
    return models


def _fields(model: Model, side: Side, typed: Typer) -> dict[str, FieldSurface]:
    fields = model.fields if isinstance(model, ObjectModel) else ()
    return {
        f.name: FieldSurface(f.name, f.python_name, typed(f.type, side), f.required, f.deprecated)
        for f in fields
    }


def _method(signature: Signature, typed: Typer) -> MethodSurface:
    op = signature.operation
    args = _args(signature.arguments, typed)
    body = op.request_body
    success = op.success_responses
    returned = [c.type for r in success for c in r.contents]
    returns = (
        typed(UnionType(tuple(returned)), "response")
        if len(returned) > 1
        else typed(returned[0], "response")
        if returned
        else Typed(("null",), "None")
    )
    page = signature.returns.page
    if page is not None:  # its first page: the JSON answer, iterable over every item
        returns = page_typed(page, typed)
    statuses = {r.status for r in op.responses}
    sunset = statuses == {"410"} or (
        not success and any(h.name.lower() == "sunset" for r in op.responses for h in r.headers)
    )
    retirement = frozenset(
        h.name.capitalize()
        for r in success
        for h in r.headers
        if h.name.lower() in RETIREMENT_HEADERS
    )
    return MethodSurface(
        path=signature.dotted,
        group=".".join(("client", *signature.path[:-1])),
        http=op.key,
        args=args,
        returns=returns,
        request_media=frozenset(c.media_type for c in body.contents) if body else frozenset(),
        response_media=frozenset(c.media_type for r in success for c in r.contents),
        deprecated=op.deprecated,
        sunset=sunset,
        retirement_headers=retirement,
        security=op.security,
    )


def _reachable(api: Api, table: dict[str, Model], *, errors: bool) -> set[str]:
    """Models reachable from arguments and successful responses, or from error responses."""
    keys: list[str] = []
    for op in api.operations:
        if not errors:
            keys += [
                k for role, t in operation_types(op) if role == "request" for k in model_refs(t)
            ]
            keys += model_refs(op.stream_item) if op.stream_item is not None else []
        for response in op.responses:
            if (response in op.success_responses) != errors:
                keys += [k for c in response.contents for k in model_refs(c.type)]
    return models_reachable(keys, table)


def _body_roots(api: Api) -> set[str]:
    """Models that are only ever a whole request body: their fields are method arguments."""
    roots = {
        c.type.key
        for op in api.operations
        for c in (op.request_body.contents if op.request_body else ())
        if isinstance(c.type, ModelRef)
    }
    referenced = {key for m in api.models for key in model_dependencies(m)}
    for op in api.operations:
        for param in op.parameters:
            referenced.update(model_refs(param.type))
        for response in op.responses:
            for content in response.contents:
                referenced.update(model_refs(content.type))
    return roots - referenced


def _args(arguments: tuple[Argument, ...], typed: Typer) -> dict[str, ArgSurface]:
    return {
        a.name: ArgSurface(
            a.name, a.wire, a.location, typed(a.type, "request"), a.required, a.deprecated
        )
        for a in arguments
    }


def page_typed(page: Pagination, typed: Typer) -> Typed:
    """A method's first page: its answer's model, paged over its item type."""
    model, item = typed(ModelRef(page.page_model), "response"), typed(page.item_type, "response")
    return Typed(("page", model.sig, item.sig), page.page_class)


def helper_methods(
    api: Api, signatures: dict[str, Signature], typed: Typer
) -> dict[str, MethodSurface]:
    """The helper methods the config adds: stream helpers and job helpers, each with the
    arguments of the method it builds on, and what it gives back."""
    methods: dict[str, MethodSurface] = {}
    for signature in signatures.values():
        helper = stream_helper_signature(signature)
        if helper is not None:
            completion = typed(helper.completion, "response")
            chunk = typed(helper.chunk, "response")
            returns = Typed(
                ("chat-stream", completion.sig, chunk.sig),
                f"ChatCompletionStreamManager[{completion.spelled}, {chunk.spelled}]",
            )
            methods[helper.dotted] = _helper(
                helper.path, signature, helper.arguments, returns, typed
            )
    for job in job_signatures(api, signatures):
        returns = Typed(("binary",), "BinaryResponse")
        methods[job.dotted] = _helper(job.path, job.queue, job.arguments, returns, typed)
    return methods


def _helper(
    path: tuple[str, ...],
    base: Signature,
    arguments: tuple[Argument, ...],
    returns: Typed,
    typed: Typer,
) -> MethodSurface:
    method = _method(base, typed)
    return replace(
        method,
        path=".".join(("client", *path)),
        args=_args(arguments, typed),
        returns=returns,
        response_media=frozenset(),
    )
