"""Spelling IR types as Python annotations.

Responses are parsed into pydantic models and should survive a spec that moves faster than
the client, so their enums are open (`Literal["a", "b"] | str`); single-value literals stay
closed because unions are told apart by them. Requests are typed for what the caller may
pass: `Sequence`/`Mapping` instead of `list`/`dict`, TypedDicts instead of models.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

from generator.ir import (
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
    Scalar,
    TypeRef,
    UnionType,
)
from generator.render.text import string_literal

Side = Literal["request", "response"]

_PRIMITIVES = {"string": "str", "integer": "int", "number": "float", "boolean": "bool"}


def python_literal(value: Scalar) -> str:
    """A scalar as Python source: strings double-quoted and escaped, booleans capitalised."""
    if isinstance(value, bool):
        return "True" if value else "False"
    if isinstance(value, str):
        return string_literal(value)
    return repr(value)


@dataclass
class TypeSpeller:
    """Turns types into annotation text and records what each annotation needs imported.

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
    uses_builtins_module: bool = False

    def need(self, module: str, name: str) -> None:
        """Record that `name` must be imported from `module`."""
        self.imports.setdefault(module, set()).add(name)

    def builtin(self, name: str) -> str:
        """The spelling of the builtin `name` (`str`, `list`, ...) in an annotation."""
        if name in self.shadowed:
            self.uses_builtins_module = True
            return f"builtins.{name}"
        return name

    def spell(self, t: TypeRef, side: Side) -> str:
        """The annotation for `t` on one side of the wire."""
        if isinstance(t, Primitive):
            return self.builtin(_PRIMITIVES[t.kind])
        if isinstance(t, NullType):
            return "None"
        if isinstance(t, LiteralType):
            return self._literal((t.value,), self.builtin(t.value.__class__.__name__))
        if isinstance(t, EnumType):
            base = self.builtin(_PRIMITIVES[t.base])
            closed = self._literal(t.values, base)
            if t.open or side == "response":
                return f"{closed} | {base}" if closed != base else closed
            return closed
        if isinstance(t, ArrayType):
            if side == "request":
                self.need("collections.abc", "Sequence")
                return f"Sequence[{self.spell(t.item, side)}]"
            return f"{self.builtin('list')}[{self.spell(t.item, side)}]"
        if isinstance(t, MapType):
            if side == "request":
                self.need("collections.abc", "Mapping")
                return f"Mapping[{self.builtin('str')}, {self.spell(t.value, side)}]"
            return f"{self.builtin('dict')}[{self.builtin('str')}, {self.spell(t.value, side)}]"
        if isinstance(t, UnionType):
            return self._union(t, side)
        if isinstance(t, ModelRef):
            return self.model_name(t.key, side)
        if isinstance(t, FileType):
            self.need("_files", "FileTypes")
            return "FileTypes"
        if isinstance(t, BinaryType):
            return self.builtin("bytes")
        assert isinstance(t, AnyType)
        if side == "request":
            return self.builtin("object")
        self.need("typing", "Any")
        return "Any"

    def model_name(self, key: str, side: Side) -> str:
        """The class (or alias) name a model has on one side."""
        model = self.models[key]
        name = (model.param_name if side == "request" else None) or model.name
        self.model_names.add(name)
        return name

    def _literal(self, values: tuple[Scalar, ...], fallback: str) -> str:
        # Type checkers accept only str, int, bool (and None) inside Literal[...].
        if any(isinstance(v, float) for v in values):
            return self.builtin("float")
        if any(isinstance(v, int) and not -(2**63) <= v < 2**63 for v in values):
            return fallback  # type checkers refuse integers past 64 bits in Literal[...]
        self.need("typing", "Literal")
        return f"Literal[{', '.join(python_literal(v) for v in values)}]"

    def _tag_field(self, members: Sequence[TypeRef], wire_name: str) -> str:
        """The Python name of the tag field (pydantic wants it, not the alias)."""
        for member in members:
            model = self.models.get(member.key) if isinstance(member, ModelRef) else None
            if isinstance(model, ObjectModel):
                for f in model.fields:
                    if f.name == wire_name:
                        return f.python_name
        return wire_name

    def _union(self, t: UnionType, side: Side) -> str:
        nullable = any(isinstance(m, NullType) for m in t.members)
        members = [m for m in t.members if not isinstance(m, NullType)]
        spelled = list(dict.fromkeys(self.spell(m, side) for m in members))
        text = " | ".join(spelled) if spelled else "None"
        if t.discriminator is not None and side == "response" and len(spelled) > 1:
            self.need("typing", "Annotated")
            self.need("pydantic", "Field")
            tag = python_literal(self._tag_field(members, t.discriminator.property))
            text = f"Annotated[{text}, Field(discriminator={tag})]"
        return f"{text} | None" if nullable and spelled else text
