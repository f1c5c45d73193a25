"""Spelling IR types as Python annotations, built as values.

Responses are parsed into pydantic models and should survive a spec that moves faster than
the client, so their enums are open (`Literal["a", "b"] | str`); single-value literals stay
closed because unions are told apart by them. Requests are typed for what the caller may
pass: `Sequence`/`Mapping` instead of `list`/`dict`, TypedDicts instead of models.

`TypeSpeller.spell()` gives an `Annotation`: the members of a union, whether `None` is one
of them, the names the text mentions and how the async client spells it. Later code asks
those questions of the value (and builds new values from it) instead of editing text.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Literal

from generator.ir import (
    PRIMITIVE_KINDS,
    AnyType,
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
    PrimitiveKind,
    RequiredKeys,
    Scalar,
    TypeRef,
    UnionType,
    scalar_kind,
)
from generator.ir_features import Pagination
from generator.render.text import string_literal

Side = Literal["request", "response"]

PYTHON_PRIMITIVES: dict[PrimitiveKind, str] = {
    "string": "str",
    "integer": "int",
    "number": "float",
    "boolean": "bool",
}
"""The one table of how JSON's scalar types are spelled in Python."""
assert set(PYTHON_PRIMITIVES) == set(PRIMITIVE_KINDS)

NOT_GIVEN_TYPE = "NotGiven"
UNIONS_MODULE = "_unions"
BY_KEYS = "ByKeys"
"""The runtime's pydantic marker of a union whose member the keys of an object tell."""
BINARY_RESPONSE = "BinaryResponse"
STREAM = "Stream"


def python_literal(value: Scalar) -> str:
    """A scalar as Python source: strings double-quoted and escaped, booleans capitalised."""
    if isinstance(value, bool):
        return "True" if value else "False"
    if isinstance(value, str):
        return string_literal(value)
    return repr(value)


@dataclass(frozen=True, slots=True)
class Member:
    """One member of a union as text; `async_text` where the async client spells it
    differently (`AsyncBinaryResponse`, `AsyncStream[...]`)."""

    text: str
    names: frozenset[str] = frozenset()
    """The identifiers the text mentions (classes, builtins, typing names)."""
    async_text: str | None = None


@dataclass(frozen=True, slots=True)
class Annotation:
    """A Python annotation: the union of `members`, then `NotGiven` and `None` if flagged."""

    members: tuple[Member, ...] = ()
    nullable: bool = False
    not_given: bool = False

    def text(self, *, asynchronous: bool = False) -> str:
        """The annotation as written (on the async client when `asynchronous`)."""
        parts = [(m.async_text or m.text) if asynchronous else m.text for m in self.members]
        parts += [NOT_GIVEN_TYPE] * self.not_given + ["None"] * self.nullable
        return " | ".join(parts) or "None"

    @property
    def names(self) -> frozenset[str]:
        """Every identifier the annotation mentions."""
        return frozenset[str]().union(*(m.names for m in self.members))

    @property
    def is_any(self) -> bool:
        """Whether this is `Any` (which already admits `None`)."""
        return [m.text for m in self.members] == ["Any"] and not self.not_given

    def or_none(self) -> Annotation:
        """The annotation that also admits `None` (`Any` already does)."""
        return self if self.is_any else replace(self, nullable=True)

    def or_not_given(self) -> Annotation:
        """The annotation of an argument that may be left out (`NotGiven` before `None`)."""
        return replace(self, not_given=True)

    def without_not_given(self) -> Annotation:
        """The annotation of an argument that must be given."""
        return replace(self, not_given=False)


def union(annotations: Iterable[Annotation]) -> Annotation:
    """One annotation admitting whatever any of `annotations` admits (members deduplicated
    by their text, in order)."""
    members: dict[str, Member] = {}
    nullable = not_given = False
    for annotation in annotations:
        members.update((m.text, m) for m in annotation.members if m.text not in members)
        nullable |= annotation.nullable
        not_given |= annotation.not_given
    return Annotation(tuple(members.values()), nullable, not_given)


def single(text: str, *names: str, async_text: str | None = None) -> Annotation:
    """An annotation of one member."""
    return Annotation((Member(text, frozenset(names), async_text),))


def _wrap(outer: str, *inner: Annotation, names: Sequence[str] = ()) -> Annotation:
    """`outer[inner, ...]` as one member (it mentions what its parts mention)."""
    mentioned = frozenset(names).union(*(a.names for a in inner), outer.split("."))
    args = ", ".join(a.text() for a in inner)
    return Annotation((Member(f"{outer}[{args}]", mentioned),))


@dataclass
class TypeSpeller:
    """Turns types into `Annotation`s and records what each annotation needs imported.

    `imports` maps a module (`typing`, `collections.abc`, `pydantic`, or a runtime module
    of the generated package such as `_files`) to the names taken from it; `model_names`
    collects the generated classes and aliases the annotations mention.
    """

    models: dict[str, Model]
    imports: dict[str, set[str]] = field(default_factory=dict)
    model_names: set[str] = field(default_factory=set)
    shadowed: frozenset[str] = frozenset()
    """Builtins that members of the classes being spelled for hide (a method named `list`):
    annotations spell them `builtins.list`."""
    both_sides: frozenset[str] = frozenset()
    """Keys of models that are a response class as well as a request TypedDict: a request
    takes either (a chat message the API returned can be sent back as it is)."""
    uses_builtins_module: bool = False
    page_models: dict[str, str] = field(default_factory=dict)
    """Page classes the annotations mention -> the key of the answer model they page."""

    def need(self, module: str, name: str) -> None:
        """Record that `name` must be imported from `module`."""
        self.imports.setdefault(module, set()).add(name)

    def builtin(self, name: str) -> str:
        """The spelling of the builtin `name` (`str`, `list`, ...) in an annotation."""
        if name in self.shadowed:
            self.uses_builtins_module = True
            return f"builtins.{name}"
        return name

    def named(self, module: str, name: str, *, async_name: str | None = None) -> Annotation:
        """A name imported from `module` (and its async twin), as an annotation."""
        self.need(module, name)
        if async_name is not None:
            self.need(module, async_name)
        return single(name, name, async_text=async_name)

    def spell(self, t: TypeRef, side: Side) -> Annotation:
        """The annotation for `t` on one side of the wire."""
        if isinstance(t, Primitive | EnumType | LiteralType):
            return self._scalar(t, side)
        if isinstance(t, NullType):
            return Annotation(nullable=True)
        if isinstance(t, ArrayType | MapType):
            return self._container(t, side)
        if isinstance(t, UnionType):
            return self._union(t, side)
        if isinstance(t, ModelRef):
            name = self.model_name(t.key, side)
            if side == "request" and t.key in self.both_sides:
                response = self.model_name(t.key, "response")
                return union((single(name, name), single(response, response)))
            return single(name, name)
        if isinstance(t, FileType):
            return self.named("_files", "FileTypes")
        if isinstance(t, BinaryType):
            return self.named("_response", BINARY_RESPONSE, async_name=f"Async{BINARY_RESPONSE}")
        assert isinstance(t, AnyType)
        if side == "request":
            return self._builtin("object")
        return self.named("typing", "Any")

    def _container(self, t: ArrayType | MapType, side: Side) -> Annotation:
        """`list`/`dict` for responses, the read-only `Sequence`/`Mapping` for requests."""
        if isinstance(t, ArrayType):
            item = self.spell(t.item, side)
            if side == "request":
                self.need("collections.abc", "Sequence")
                return _wrap("Sequence", item)
            return _wrap(self.builtin("list"), item)
        key, value = self._builtin("str"), self.spell(t.value, side)
        if side == "request":
            self.need("collections.abc", "Mapping")
            return _wrap("Mapping", key, value)
        return _wrap(self.builtin("dict"), key, value)

    def stream_of(self, item: TypeRef) -> Annotation:
        """`Stream[item]` (`AsyncStream[item]` on the async client)."""
        self.need("_streaming", STREAM)
        self.need("_streaming", f"Async{STREAM}")
        inner = self.spell(item, "response")
        names = inner.names | {STREAM, f"Async{STREAM}"}
        text = f"{STREAM}[{inner.text()}]"
        return Annotation((Member(text, names, async_text=f"Async{text}"),))

    def page_of(self, page: Pagination) -> Annotation:
        """A method's first page: the page class (on the async client, an `AsyncPaginator`
        of its `Async` twin, to await or to iterate)."""
        self.need("_pagination", "AsyncPaginator")
        item = self.spell(page.item_type, "response")
        name, twin = page.page_class, f"Async{page.page_class}"
        self.page_models.update({name: page.page_model, twin: page.page_model})
        names = item.names | {name, twin, "AsyncPaginator"}
        text = f"AsyncPaginator[{twin}, {item.text()}]"
        return Annotation((Member(name, names, async_text=text),))

    def model_name(self, key: str, side: Side) -> str:
        """The class (or alias) name a model has on one side."""
        model = self.models[key]
        name = (model.param_name if side == "request" else None) or model.name
        self.model_names.add(name)
        return name

    def literal(self, values: tuple[Scalar, ...], fallback: str) -> Annotation:
        """`Literal[values...]`, or `fallback` where type checkers refuse the values."""
        # Type checkers accept only str, int, bool (and None) inside Literal[...].
        if any(isinstance(v, float) for v in values):
            return self._builtin("float")
        if any(isinstance(v, int) and not -(2**63) <= v < 2**63 for v in values):
            return self._builtin(fallback)  # past 64 bits, type checkers refuse them
        self.need("typing", "Literal")
        text = f"Literal[{', '.join(python_literal(v) for v in values)}]"
        return single(text, "Literal")

    def _builtin(self, name: str) -> Annotation:
        spelled = self.builtin(name)
        return single(spelled, *spelled.split("."))

    def _scalar(self, t: Primitive | EnumType | LiteralType, side: Side) -> Annotation:
        if isinstance(t, Primitive):
            return self._builtin(PYTHON_PRIMITIVES[t.kind])
        if isinstance(t, LiteralType):
            return self.literal((t.value,), PYTHON_PRIMITIVES[scalar_kind(t.value)])
        base = PYTHON_PRIMITIVES[t.base]
        closed = self.literal(t.values, base)
        if (t.open or side == "response") and closed.text() != self.builtin(base):
            return union((closed, self._builtin(base)))
        return closed

    def _tag_field(self, members: Sequence[TypeRef], wire_name: str) -> str:
        """The Python name of the tag field (pydantic wants it, not the alias)."""
        for member in members:
            model = self.models.get(member.key) if isinstance(member, ModelRef) else None
            if isinstance(model, ObjectModel):
                for f in model.fields:
                    if f.name == wire_name:
                        return f.python_name
        return wire_name

    def _union(self, t: UnionType, side: Side) -> Annotation:
        nullable = any(isinstance(m, NullType) for m in t.members)
        members = [m for m in t.members if not isinstance(m, NullType)]
        spelled = union(self.spell(m, side) for m in members)
        if not spelled.members:
            return Annotation(nullable=True)
        told_apart = t.discriminator
        if told_apart is not None and side == "response" and len(spelled.members) > 1:
            self.need("typing", "Annotated")
            if isinstance(told_apart, RequiredKeys):
                # The member is picked by the keys an object carries (runtime `_unions`).
                self.need(UNIONS_MODULE, BY_KEYS)
                text = f"Annotated[{spelled.text()}, {BY_KEYS}()]"
                spelled = single(text, "Annotated", BY_KEYS, *spelled.names)
            else:
                self.need("pydantic", "Field")
                tag = python_literal(self._tag_field(members, told_apart.property))
                text = f"Annotated[{spelled.text()}, Field(discriminator={tag})]"
                spelled = single(text, "Annotated", "Field", *spelled.names)
        return replace(spelled, nullable=nullable or spelled.nullable)
