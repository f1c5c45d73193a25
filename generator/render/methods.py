"""The view of one generated method, spelled from its `Signature`.

A method is a signature, a docstring and one call into the runtime. Everything about it
(arguments, body, return, flag overloads, `Accept`) was decided by the signature stage;
this module only spells it, once for the sync client and once for the async one.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from generator.ir import (
    ArrayType,
    BinaryType,
    MapType,
    ModelRef,
    NullType,
    ObjectModel,
    Primitive,
    TypeRef,
    UnionType,
)
from generator.ir_features import Pagination
from generator.render.pages import PAGINATION_MODULE, paging_source
from generator.render.text import docstring, string_literal
from generator.render.types import (
    Annotation,
    TypeSpeller,
    python_literal,
    union,
)
from generator.signatures import Argument, ArgumentLocation, Flag, Signature

JSON_MEDIA_TYPE = "application/json"
"""What the runtime asks for when a method names no `Accept`."""
_DOC_WIDTH = 88
_PAGED = (
    "Returns the first page, which is also iterable over every item of every page (each "
    "fetched when the loop reaches it); on the async client, await the call for the first "
    "page or iterate it with `async for`."
)
_PAGED_OTHERS = (
    "The API also answers as {}, which this method does not ask for (such an answer "
    "raises `APIResponseValidationError`): fetch it with `client.get()`, "
    "`cast_to=BinaryResponse` and that media type in `Accept`."
)
_Text = Callable[[Annotation], str]
CastKind = Literal["none", "itself", "type", "any"]
"""How the runtime is told what to parse: not at all (`NoneType`), by the return type
itself, by a `cast("type[...]", ...)`, or as `Any` with the result cast afterwards."""


@dataclass(frozen=True)
class ArgView:
    """One parameter of a generated method."""

    name: str
    annotation: str
    default: str | None


@dataclass(frozen=True)
class OverloadView:
    """One `@overload` of a method: a narrower type for `flag`, and what it then returns."""

    flag: str
    annotation: str
    default: str | None
    returns: str


@dataclass(frozen=True)
class MethodView:
    """One generated method and the call it makes, as template-ready text."""

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
    pager: str | None = None
    """For an operation that pages: the runtime function that fetches its first page (the
    async one is not awaited: it gives a paginator)."""
    paging: str | None = None
    """The rule of how its pages follow, as a Python expression."""


@dataclass(frozen=True)
class _Spelled:
    """A signature's annotations (spelled once, printed for either client)."""

    arguments: dict[str, Annotation]
    json_returns: Annotation
    returns: Annotation
    flag_returns: Annotation | None
    cast: CastKind
    paging: str | None = None


def method_views(sig: Signature, speller: TypeSpeller) -> tuple[MethodView, MethodView]:
    """The method on the sync client and on the async client."""
    spelled = _spell(sig, speller)
    return _view(sig, spelled, speller, False), _view(sig, spelled, speller, True)


def _spell(sig: Signature, speller: TypeSpeller) -> _Spelled:
    arguments = {a.name: _argument_annotation(a, speller) for a in sig.arguments}
    page = sig.returns.page
    if page is not None:
        speller.need(PAGINATION_MODULE, "request_page")
        speller.need(PAGINATION_MODULE, "async_request_page")
        returns = speller.page_of(page)
        rule = paging_source(page, speller)
        return _Spelled(arguments, returns, returns, None, "itself", rule)
    json = union(speller.spell(t, "response") for t in sig.returns.json)
    binary = speller.spell(BinaryType(), "response") if sig.returns.binary else Annotation()
    flag_returns = None
    if sig.flag is not None:
        speller.need("typing", "overload")
        speller.need("typing", "Literal")
        flag_returns = _flag_returns(sig.flag, speller)
    cast = _cast_kind(sig, speller)
    return _Spelled(arguments, json, union((json, binary)), flag_returns, cast)


def _argument_annotation(argument: Argument, speller: TypeSpeller) -> Annotation:
    annotation = union(speller.spell(t, "request") for t in argument.types)
    return annotation if argument.required else annotation.or_not_given()


def _flag_returns(flag: Flag, speller: TypeSpeller) -> Annotation:
    if flag.kind == "stream":
        assert flag.stream_item is not None
        return speller.stream_of(flag.stream_item)
    return speller.spell(BinaryType(), "response")


def _view(
    sig: Signature, spelled: _Spelled, speller: TypeSpeller, asynchronous: bool
) -> MethodView:
    def text(annotation: Annotation) -> str:
        return annotation.text(asynchronous=asynchronous)

    def args(arguments: tuple[Argument, ...]) -> tuple[ArgView, ...]:
        return tuple(
            ArgView(a.name, text(spelled.arguments[a.name]), None if a.required else "NOT_GIVEN")
            for a in arguments
        )

    overloads = _overloads(sig, spelled, speller, text)
    stream = sig.flag if sig.flag is not None and sig.flag.kind == "stream" else None
    whole_body = sig.body is not None and sig.body.whole
    returns = text(spelled.returns)
    page = sig.returns.page
    return MethodView(
        operation=sig.operation.key,
        name=sig.name,
        doc=_method_doc(sig),
        deprecated=_deprecation(sig),
        positional=args(sig.positional),
        keyword=args(sig.keyword),
        http_method=sig.operation.method,
        path=string_literal(sig.operation.path),
        path_params=_placed(sig, "path"),
        query=_placed(sig, "query"),
        headers=_placed(sig, "header"),
        cookies=_placed(sig, "cookie"),
        body_fields=() if whole_body else _placed(sig, "body"),
        body_arg=sig.arguments_at("body")[0].name if whole_body else None,
        encoding=sig.body.encoding if sig.body is not None else "json",
        returns=overloads[-1].returns if overloads else returns,
        cast_to=_cast_to(spelled.cast, returns)
        if page is None
        else _page_class(page, asynchronous),
        result_cast=string_literal(returns) if spelled.cast == "any" else None,
        overloads=overloads,
        stream_arg=stream.argument.name if stream else None,
        stream_cls=text(spelled.flag_returns) if stream and spelled.flag_returns else None,
        accept=_accept(sig),
        pager=None if page is None else ("async_request_page" if asynchronous else "request_page"),
        paging=spelled.paging,
    )


def _page_class(page: Pagination, asynchronous: bool) -> str:
    return f"Async{page.page_class}" if asynchronous else page.page_class


def _placed(sig: Signature, location: ArgumentLocation) -> tuple[tuple[str, str], ...]:
    return tuple((string_literal(a.wire), a.name) for a in sig.arguments_at(location))


def _deprecation(sig: Signature) -> str | None:
    op = sig.operation
    return string_literal(f"{op.key} is deprecated") if op.deprecated else None


def _overloads(
    sig: Signature, spelled: _Spelled, speller: TypeSpeller, text: _Text
) -> tuple[OverloadView, ...]:
    """Overloads that type the result by the flag: `stream`, or the field that gives a file."""
    flag = sig.flag
    if flag is None or spelled.flag_returns is None:
        return ()
    if flag.kind == "stream":
        either = speller.builtin("bool")
    else:
        either = text(spelled.arguments[flag.argument.name].without_not_given())
    off = text(speller.literal(flag.off, "str"))
    on = text(speller.literal((flag.on,), "str"))
    json = text(spelled.json_returns)
    other = text(spelled.flag_returns)
    name = flag.argument.name
    return (
        OverloadView(name, f"{off} | NotGiven", "NOT_GIVEN", json),
        OverloadView(name, on, None, other),
        OverloadView(name, either, None, f"{json} | {other}"),
    )


def _cast_kind(sig: Signature, speller: TypeSpeller) -> CastKind:
    binary = sig.returns.binary
    json = _distinct_returns(sig, speller)
    if not json and not binary:
        return "none"
    if (len(json) == 1 and not binary and _is_type_expression(json[0], speller)) or not json:
        return "itself"  # a class, a builtin generic, or BinaryResponse alone
    speller.need("typing", "cast")
    shadowed = any(a.name == "type" for a in sig.arguments)  # hides the builtin `type`
    if all(_is_class(t, speller) for t in json) and not shadowed:
        return "type"
    # `type[...]` cannot hold literals or aliases: the runtime parses to Any, and the
    # method casts its result to the return annotation.
    speller.need("typing", "Any")
    return "any"


def _distinct_returns(sig: Signature, speller: TypeSpeller) -> list[TypeRef]:
    """The JSON return types, unions opened, one for each way they are spelled: media types
    or union members that spell alike (a string, and a string of some format) return one
    type, which is its own `cast_to` (a `cast` to it would be redundant)."""
    found: dict[str, TypeRef] = {}
    for t in sig.returns.json:
        for member in t.members if isinstance(t, UnionType) else (t,):
            found.setdefault(speller.spell(member, "response").text(), member)
    return list(found.values())


def _cast_to(kind: CastKind, returns: str) -> str:
    """The `cast_to` argument the method passes to the runtime."""
    if kind == "none":
        return "NoneType"
    if kind == "itself":
        return returns
    if kind == "type":
        return f"cast({string_literal(f'type[{returns}]')}, {returns})"
    return f"cast(Any, {returns})"


def _accept(sig: Signature) -> str | None:
    accept = sig.accept
    if accept.when_flag_on and sig.flag is not None:
        flag = sig.flag
        compare = "is" if isinstance(flag.on, bool) else "=="
        test = f"{flag.argument.name} {compare} {python_literal(flag.on)}"
        on, off = (string_literal(", ".join(t)) for t in (accept.when_flag_on, accept.normal))
        return f"{on} if {test} else {off}"
    if list(accept.normal) in ([], [JSON_MEDIA_TYPE]):
        return None  # the runtime's default
    return string_literal(", ".join(accept.normal))


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


def _paged_doc(sig: Signature) -> str:
    """What a method that pages returns, and the forms of the answer it does not ask for."""
    if sig.returns.page is None:
        return ""
    others = sorted(
        {c.media_type for r in sig.operation.success_responses for c in r.contents}
        - set(sig.accept.normal)
    )
    if not others:
        return _PAGED
    return f"{_PAGED} {_PAGED_OTHERS.format(', '.join(others))}"


def _method_doc(sig: Signature) -> str | None:
    op = sig.operation
    parts = [
        op.summary if op.summary and not op.summary.startswith("/") else "",
        op.description or "",
        _paged_doc(sig),
    ]
    text = "\n\n".join(p for p in parts if p)
    documented = [a for a in (*sig.positional, *sig.keyword) if a.doc]
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
