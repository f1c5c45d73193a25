"""Drift made visible: a warning when the API sends what this client does not know yet.

The API changes weekly; the client keeps what it does not know (an extra field, an enum
value it does not list, an object of a union variant it has no class for) instead of
failing. So that this does not go unseen, the first response of each kind of novelty logs
one warning per process on the package's logger, naming what is new and suggesting a
newer client; the client's `warn_on_drift=False` turns it off.

It costs little on the hot path: new fields and enum values are looked for along one
sampled path of the result (the first item of each list, the first value of each map, not
every item), so the work does not grow with the size of the body, and union variants (or
values of closed enums) only where validation already failed and the model was built
leniently. Once a kind has been reported, it is not looked for again.
"""

from __future__ import annotations

import logging
import types
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Annotated, Any, Final, Literal, Union, cast, get_args, get_origin

import pydantic

from ._constants import PACKAGE
from ._logs import log

__all__ = ["DriftKind", "drift_in_result", "drift_in_validation", "reported"]

DriftKind = Literal["field", "enum value", "union variant"]
_REPORTED: set[DriftKind] = set()
"""The kinds already warned about in this process."""
_MAX_DEPTH: Final = 8
_VARIANT_ERRORS: Final = frozenset({"union_tag_invalid", "union_tag_not_found"})
_VALUE_ERRORS: Final = frozenset({"literal_error", "enum"})


def reported() -> frozenset[DriftKind]:
    """The kinds of novelty warned about so far in this process."""
    return frozenset(_REPORTED)


def drift_in_result(value: object) -> None:
    """Warn about fields and (open) enum values of `value` that its types do not declare,
    looking along one sampled path (see the module docstring)."""
    if {"field", "enum value"} <= _REPORTED:
        return
    found: dict[DriftKind, str] = {}
    _walk(value, found, 0)
    for kind, what in found.items():
        _report(kind, what)


def drift_in_validation(exc: pydantic.ValidationError) -> None:
    """Warn about the union variants and enum values a failed validation names (the
    response is then built leniently)."""
    if {"union variant", "enum value"} <= _REPORTED:
        return
    for error in exc.errors(include_url=False):
        where = ".".join(str(p) for p in error["loc"]) or "the top"
        if error["type"] in _VARIANT_ERRORS:
            _report("union variant", f"{where}: {_short(error['input'])}")
        elif error["type"] in _VALUE_ERRORS:
            _report("enum value", f"{where} = {_short(error['input'])}")


def _report(kind: DriftKind, what: str) -> None:
    if kind in _REPORTED:
        return
    _REPORTED.add(kind)
    if log.isEnabledFor(logging.WARNING):
        log.warning(
            "the API sent a %s this client does not know (%s); this client was generated "
            "from an older spec: regenerate it (or upgrade %s) to have it typed. Later "
            "ones are not reported; warn_on_drift=False turns this off.",
            kind,
            what,
            PACKAGE,
        )


def _walk(value: object, found: dict[DriftKind, str], depth: int) -> None:
    """Look at `value` and, below it, along the sampled path (see the module docstring)."""
    if depth > _MAX_DEPTH:
        return
    plan = _PLANS.get(type(value)) or _walk_other(value, found, depth)
    if plan is None:
        return
    fields: dict[str, object] = value.__dict__
    extra = cast("pydantic.BaseModel", value).__pydantic_extra__
    if extra and "field" not in _REPORTED:
        found.setdefault("field", f"{type(value).__name__}.{next(iter(extra))}")
    if plan.enums and "enum value" not in _REPORTED:
        _look_at_enums(type(value).__name__, fields, plan, found)
    for name in plan.nested:
        item = fields.get(name)
        if item is not None:
            _walk(item, found, depth + 1)


def _walk_other(value: object, found: dict[DriftKind, str], depth: int) -> _Plan | None:
    """Walk on from a list or a dict; the plan of a model of a class not met yet."""
    if isinstance(value, list):
        if value:
            _walk(cast("list[object]", value)[0], found, depth + 1)
    elif isinstance(value, dict):
        if value:
            _walk(next(iter(cast("dict[str, object]", value).values())), found, depth + 1)
    elif isinstance(value, pydantic.BaseModel):
        return _plan(type(value))
    return None


def _look_at_enums(
    model: str, fields: Mapping[str, object], plan: _Plan, found: dict[DriftKind, str]
) -> None:
    for field, known in plan.enums:
        value = fields.get(field)
        values = cast("list[object]", value)[:1] if isinstance(value, list) else [value]
        for item in values:
            if isinstance(item, str) and item not in known:
                found.setdefault("enum value", f"{model}.{field} = {item!r}")


@dataclass(frozen=True, slots=True)
class _Plan:
    """What to look at in a model of one class: its open enum fields with the values
    they list, and the fields that can hold a model (only those are walked into: the
    other fields hold plain values, and extra keys plain data)."""

    enums: tuple[tuple[str, frozenset[str]], ...]
    nested: tuple[str, ...]


_PLANS: dict[type[Any], _Plan] = {}
"""The plan of every model class met so far (a miss: not a model, or not met yet)."""


def _plan(model: type[pydantic.BaseModel]) -> _Plan:
    plan = _PLANS.get(model)
    if plan is not None:
        return plan
    enums: list[tuple[str, frozenset[str]]] = []
    nested: list[str] = []
    for name, field in model.model_fields.items():
        known = _literal_values(field.annotation)
        if known:
            enums.append((name, known))
        if _may_hold_model(field.annotation):
            nested.append(name)
    return _PLANS.setdefault(model, _Plan(tuple(enums), tuple(nested)))


def _may_hold_model(annotation: Any) -> bool:
    """Whether a value of `annotation` can be or hold a model (what this cannot tell, such
    as a name left unresolved, counts as able to)."""
    if isinstance(annotation, type):
        return issubclass(annotation, pydantic.BaseModel)  # a bare list or dict: plain data
    origin = get_origin(annotation)
    if origin is Literal:
        return False
    args: tuple[Any, ...] = get_args(annotation)
    if origin is Annotated:
        args = args[:1]
    if args:
        return any(_may_hold_model(arg) for arg in args if arg is not Ellipsis)
    return annotation is not Any


def _literal_values(annotation: Any) -> frozenset[str]:
    """The string values of an open enum annotation (empty when it is not one)."""
    if get_origin(annotation) is list:
        return _literal_values(get_args(annotation)[0]) if get_args(annotation) else frozenset()
    if get_origin(annotation) not in (Union, types.UnionType):
        return frozenset()
    members = get_args(annotation)
    if str not in members:
        return frozenset()
    literals = [m for m in members if get_origin(m) is Literal]
    return frozenset(v for m in literals for v in get_args(m) if isinstance(v, str))


def _short(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 120 else text[:117] + "..."
