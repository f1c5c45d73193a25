"""Unions of objects told apart by the keys they carry: `Annotated[A | B | C, ByKeys()]`.

The generator writes `ByKeys()` on a union of response models that no tag property tells
apart but whose required keys do: any two members differ in a key one of them requires
and the other does not declare (the generator checks this). Without it pydantic would
validate an object against every member and keep the best match ("smart" mode); with it
one look at the object's keys picks the member, and only that member is validated.

The member picked is the one smart mode picks whenever the members an object has the
required keys of all validate it: among the members whose required keys the object has,
the one that declares the most of its keys, the first in the union's order on a tie. An
object that carries only keys its member declares is therefore always that member (no
other member declares all of them and requires only keys among them).

An object with the required keys of no member (a variant newer than this client) is an
"unknown union tag": validation fails and the response is built leniently, with the drift
warning for a new union variant (see `_models` and `_drift`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, cast, get_args

import pydantic
from pydantic import GetCoreSchemaHandler
from pydantic_core import CoreSchema, core_schema

__all__ = ["ByKeys"]


class _Member:
    """One member's keys: by wire name (responses bind by it) and, where the Python name
    of a field differs, by that name too (a model built by hand may use it)."""

    __slots__ = ("alternatives", "declared", "probe", "required", "tag")

    def __init__(self, model: type[pydantic.BaseModel], rarity: Mapping[str, int]) -> None:
        self.tag = model.__name__
        required: set[str] = set()
        declared: set[str] = set()
        alternatives: list[tuple[str, str]] = []
        for name, field in model.model_fields.items():
            wire = field.alias or name
            declared.update((wire, name))
            if field.is_required():
                required.add(wire)
                if wire != name:
                    alternatives.append((wire, name))
        self.required = frozenset(required)
        self.declared = frozenset(declared)
        self.alternatives = tuple(alternatives)
        # The required key fewest members declare, looked up first: one dict lookup
        # rules most members out.
        self.probe = min(sorted(required), key=lambda key: rarity[key]) if required else None

    def fits(self, keys: Mapping[str, object]) -> bool:
        """Whether `keys` has every key this member requires (by wire name)."""
        return (self.probe is None or self.probe in keys) and keys.keys() >= self.required

    def fits_by_name(self, keys: Mapping[str, object]) -> bool:
        """Whether `keys` has every key this member requires, by wire or Python name."""
        rest = self.required.difference(wire for wire, _ in self.alternatives)
        return keys.keys() >= rest and all(
            wire in keys or name in keys for wire, name in self.alternatives
        )


class ByKeys:
    """Pydantic metadata for a union of models: pick the member by the object's keys."""

    __slots__ = ("_by_class", "_by_name", "_members")

    def __init__(self) -> None:
        self._members: tuple[_Member, ...] = ()
        self._by_name = False
        self._by_class: dict[type[Any], str] = {}

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> CoreSchema:
        models = cast(tuple[type[pydantic.BaseModel], ...], get_args(source))
        rarity: dict[str, int] = {}
        for model in models:
            for name, field in model.model_fields.items():
                rarity[field.alias or name] = rarity.get(field.alias or name, 0) + 1
        self._members = tuple(_Member(model, rarity) for model in models)
        self._by_name = any(member.alternatives for member in self._members)
        self._by_class = {model: model.__name__ for model in models}
        choices: dict[str | int, CoreSchema] = {
            model.__name__: handler.generate_schema(model) for model in models
        }
        return core_schema.tagged_union_schema(choices, self.tag)

    def tag(self, value: object) -> str | None:
        """The member `value` is (its class's name), or None when it is none of them."""
        if isinstance(value, dict):
            keys = cast(dict[str, object], value)
            fit: _Member | None = None
            for member in self._members:  # `fits`, inlined: this runs for every object
                probe = member.probe
                if (probe is None or probe in keys) and keys.keys() >= member.required:
                    if fit is not None:
                        return self._best(keys, _Member.fits)
                    fit = member
            if fit is None and self._by_name:
                return self._best(keys, _Member.fits_by_name)
            return fit.tag if fit is not None else None
        for cls in type(value).__mro__:  # a model instance (built by hand)
            tag = self._by_class.get(cls)
            if tag is not None:
                return tag
        return None

    def _best(
        self, keys: dict[str, object], fits: Callable[[_Member, dict[str, object]], bool]
    ) -> str | None:
        """Of the members `keys` fits, the one that declares most of them (the first on
        a tie), as pydantic's smart mode would choose among members that validate."""
        best: _Member | None = None
        most = -1
        for member in self._members:
            if fits(member, keys):
                count = len(member.declared.intersection(keys))
                if count > most:
                    best, most = member, count
        return best.tag if best is not None else None

    def __repr__(self) -> str:
        return "ByKeys()"
