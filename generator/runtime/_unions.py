"""Unions of objects told apart by the keys they carry: `Annotated[A | B | C, ByKeys()]`.

The generator writes `ByKeys()` on a union of response models that no tag property tells
apart but whose required keys do: any two members differ in a key one of them requires
and the other does not declare (the generator checks this). Without it pydantic would
validate an object against every member and keep the best match ("smart" mode); with it
one look at the object's keys picks the member, and only that member is validated.

The member picked is the one smart mode picks: among the members whose required keys
the object has, the one that declares the most of its keys, the first in the union's
order on a tie (smart mode would also weigh how exactly each matched). An object that
carries only keys its member declares is therefore always that member: no other member
declares all of them and requires only keys among them. Where the member picked does not
validate the object, smart mode decides among all members (the object may be another's,
its keys then extra keys of that one), so the result is smart mode's there too.

An object with the required keys of no member (a variant newer than this client) is
none of them, in smart mode too: an "unknown union tag". Validation fails and the
response is built leniently, with the drift warning for a new union variant (see
`_models` and `_drift`).
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

    __slots__ = ("_by_class", "_by_name", "_by_probe", "_members", "_unprobed")

    def __init__(self) -> None:
        self._members: tuple[_Member, ...] = ()
        self._by_probe: dict[str, tuple[_Member, ...]] = {}
        """The members by their probe key: an object's keys lead to its candidates."""
        self._unprobed: tuple[_Member, ...] = ()
        """The members that require no key (a candidate for every object)."""
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
        by_probe: dict[str, list[_Member]] = {}
        for member in self._members:
            if member.probe is not None:
                by_probe.setdefault(member.probe, []).append(member)
        self._by_probe = {probe: tuple(members) for probe, members in by_probe.items()}
        self._unprobed = tuple(member for member in self._members if member.probe is None)
        self._by_name = any(member.alternatives for member in self._members)
        self._by_class = {model: model.__name__ for model in models}
        schemas = [handler.generate_schema(model) for model in models]
        # Where the member the keys pick does not validate, the object may still be
        # another member's (its keys then extra keys of that one): smart mode decides.
        smart = core_schema.union_schema(list(schemas))
        choices: dict[str | int, CoreSchema] = {
            model.__name__: core_schema.union_schema([schema, smart], mode="left_to_right")
            for model, schema in zip(models, schemas, strict=True)
        }
        return core_schema.tagged_union_schema(choices, self.tag)

    def tag(self, value: object) -> str | None:
        """The member `value` is (its class's name), or None when it is none of them."""
        if isinstance(value, dict):
            keys = cast(dict[str, object], value)
            fit: _Member | None = self._unprobed[0] if self._unprobed else None
            several = len(self._unprobed) > 1
            by_probe = self._by_probe
            for key in keys:  # objects have few keys: fewer lookups than members
                for member in by_probe.get(key, ()):
                    if keys.keys() >= member.required:
                        several = fit is not None
                        fit = member
                        if several:
                            return self._best(keys, _Member.fits)
            if several:
                return self._best(keys, _Member.fits)
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
