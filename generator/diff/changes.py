"""Changes between two versions of the Python API, and which of them break callers.

The rule behind every verdict: a change breaks a caller if code that type-checked and ran
against the old client may fail against the new one. Direction matters. For what a caller
sends (arguments, request models), narrowing breaks and widening does not; for what a caller
reads (return types, response models), it is the other way round: new values, new union
members and new nulls can break code written for the old types. The one exception is enum
values in responses, which the generated models accept even when unknown.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Literal

from generator.diff.surface import Sig, Typed
from generator.render.types import PYTHON_PRIMITIVES

Direction = Literal["request", "response", "both"]

WIDER, NARROWER = "accepts more values", "accepts fewer values"
RETYPINGS = frozenset({"retyped", "widened", "narrowed"})
"""Kinds of change whose detail is the old and new type, and no more."""
UNKNOWN_ENUMS_NOTE = "compatible only because response models accept enum values they do not list"


@dataclass(frozen=True)
class Change:
    """One difference a caller could notice."""

    kind: str
    subject: str
    group: str
    breaking: bool
    detail: str
    note: str = ""

    def to_json(self) -> dict[str, object]:
        """The change as JSON data."""
        return asdict(self)


@dataclass(frozen=True)
class TypeChange:
    """One aspect of a changed type.

    `widened` is True when the new type admits more values, False when fewer, and None
    when the two are not comparable (a different type altogether).
    """

    kind: str
    detail: str
    widened: bool | None
    enum: bool = False
    same: bool = False
    """The two types hold the same values (only their spelling changed): no change."""


def direction_of(roles: frozenset[str]) -> Direction:
    """How a model is used: only sent, only received, or both."""
    if roles == {"request"}:
        return "request"
    if roles == {"response"}:
        return "response"
    return "both"


def breaks(widened: bool | None, direction: Direction, *, enum: bool = False) -> tuple[bool, str]:
    """Whether widening (or narrowing) a type breaks callers, and why it does not if not."""
    if widened is None:
        return True, ""
    if direction == "request":
        return (not widened), ""
    if widened and enum:
        return False, UNKNOWN_ENUMS_NOTE
    if direction == "response":
        return widened, ""
    return True, ""  # both ways: one of them breaks


def type_changes(old: Typed, new: Typed) -> list[TypeChange]:
    """How a type changed, aspect by aspect (empty when it did not)."""
    if old.sig == new.sig:
        return []
    return [c for c in _aspects(old, new) if not c.same]


def _aspects(old: Typed, new: Typed) -> list[TypeChange]:
    changes: list[TypeChange] = []
    old_core, old_null = _split_null(old.sig)
    new_core, new_null = _split_null(new.sig)
    if ("null",) in (old.sig, new.sig):  # a value became nothing, or nothing a value
        return [TypeChange("retyped", f"type {old.spelled} -> {new.spelled}", widened=None)]
    if new_null and not old_null:
        changes.append(TypeChange("nullable-added", "may now be null", widened=True))
    elif old_null and not new_null:
        changes.append(TypeChange("nullable-removed", "may no longer be null", widened=False))
    if old_core == new_core:
        return changes
    enums = _enum_change(old_core, new_core)
    if enums is not None:
        return changes + enums
    old_members, new_members = _members(old_core), _members(new_core)
    if old_members < new_members or new_members < old_members:
        added, removed = new_members - old_members, old_members - new_members
        if added:
            changes.append(
                TypeChange("union-members-added", f"now also accepts {_show(added)}", widened=True)
            )
        if removed:
            changes.append(
                TypeChange(
                    "union-members-removed", f"no longer accepts {_show(removed)}", widened=False
                )
            )
        return changes
    changes.append(_compared(old, new, old_core, new_core))
    return changes


def _compared(old: Typed, new: Typed, old_core: Sig, new_core: Sig) -> TypeChange:
    """Any other change, by whether one type's values include the other's."""
    wider, narrower = accepts(new_core, old_core), accepts(old_core, new_core)
    detail = f"type {old.spelled} -> {new.spelled}"
    if wider and narrower:  # the same values, written another way
        return TypeChange("respelled", detail, widened=None, same=True)
    if wider:
        # Wider only by enum values (anywhere inside) is what response models tolerate.
        only_enums = accepts(old_core, new_core, open_enums=True)
        return TypeChange("widened", f"{detail}: {WIDER}", widened=True, enum=only_enums)
    if narrower:
        return TypeChange("narrowed", f"{detail}: {NARROWER}", widened=False)
    return TypeChange("retyped", detail, widened=None)


def accepts(outer: Sig, inner: Sig, *, open_enums: bool = False) -> bool:
    """Whether every value of type `inner` is a value of type `outer`.

    With `open_enums`, closed enums count as their base type: what response models do
    with values they do not list.
    """
    if outer in (("any",), inner, _values_of(inner)):
        return True
    inner = _values_of(inner)
    if inner[0] == "union":
        return all(accepts(outer, m, open_enums=open_enums) for m in inner[1])
    if outer[0] == "union":
        if inner[0] == "enum" and not inner[3] and len(inner[2]) > 1:  # value by value
            return all(
                accepts(outer, ("enum", inner[1], frozenset([v]), False), open_enums=open_enums)
                for v in inner[2]
            )
        return any(accepts(m, inner, open_enums=open_enums) for m in outer[1])
    kind = outer[0]
    if kind in ("array", "map"):
        return inner[0] == kind and accepts(outer[1], inner[1], open_enums=open_enums)
    if kind == "prim":
        base = _base(inner)
        return base == outer[1] or (outer[1] == "number" and base == "integer")
    if kind == "enum" and inner[0] == "enum" and inner[1] == outer[1]:
        return outer[3] or open_enums or (not inner[3] and inner[2] <= outer[2])
    if kind == "enum" and inner[0] == "prim":
        return inner[1] == outer[1] and (outer[3] or open_enums)
    return False


_BOOLEANS: Sig = ("enum", "boolean", frozenset({False, True}), False)


def _values_of(s: Sig) -> Sig:
    """A type as far as its values go: bool is its two literals, and a page is its answer's
    model (with more to it)."""
    if s[0] == "page":
        return _values_of(s[1])
    return _BOOLEANS if s == ("prim", "boolean") else s


def _base(s: Sig) -> str | None:
    """The JSON type of a primitive or enum signature."""
    return str(s[1]) if s[0] in ("prim", "enum") else None


def _split_null(s: Sig) -> tuple[Sig, bool]:
    if s[0] != "union" or ("null",) not in s[1]:
        return s, s == ("null",)
    rest = frozenset(m for m in s[1] if m != ("null",))
    if len(rest) == 1:
        return next(iter(rest)), True
    return ("union", rest), True


def _members(s: Sig) -> frozenset[Sig]:
    return s[1] if s[0] == "union" else frozenset([s])


def _enum_change(old: Sig, new: Sig) -> list[TypeChange] | None:
    if old[0] != "enum" or new[0] != "enum" or old[1] != new[1]:
        return None
    changes = []
    added, removed = new[2] - old[2], old[2] - new[2]
    if added:
        changes.append(
            TypeChange("enum-values-added", f"new values {_values(added)}", widened=True, enum=True)
        )
    if removed:
        changes.append(
            TypeChange(
                "enum-values-removed",
                f"values {_values(removed)} removed",
                widened=False,
                enum=True,
            )
        )
    if old[3] != new[3]:
        opened = new[3]
        changes.append(
            TypeChange(
                "enum-opened" if opened else "enum-closed",
                "now accepts any value" if opened else "no longer accepts values it does not list",
                widened=opened,
                enum=True,
            )
        )
    return changes


def _values(values: frozenset[object]) -> str:
    return ", ".join(repr(v) for v in sorted(values, key=repr))


def _show(members: frozenset[Sig]) -> str:
    return ", ".join(sorted(_describe(m) for m in members))


def _describe(s: Sig) -> str:
    kind = str(s[0])
    if kind == "model":
        return str(s[1])
    if kind == "prim":
        return PYTHON_PRIMITIVES[s[1]]
    if kind == "enum":
        return f"Literal[{_values(s[2])}]"
    if kind in ("array", "map"):
        return f"{'list' if kind == 'array' else 'dict'}[{_describe(s[1])}]"
    return kind
