"""Pass: unions of named aliases that contain themselves.

`X = A | X` (a component whose `oneOf` refers back to it, directly or through other
union aliases) is an alias Python type checkers refuse: a union cannot be a member of
itself. It means no more than `X = A`, so each alias on such a cycle gets the members
of the whole cycle, with the references that close it left out.
"""

from __future__ import annotations

from dataclasses import replace

from generator.diagnostics import Code, Diagnostics
from generator.ir import AliasModel, AnyType, Api, Model, ModelRef, TypeRef, UnionType
from generator.normalize.walk import reachable


def _members(target: TypeRef) -> tuple[TypeRef, ...]:
    return target.members if isinstance(target, UnionType) else (target,)


def _alias_members(key: str, aliases: dict[str, AliasModel]) -> list[str]:
    """The aliases that are direct members of alias `key`."""
    return [
        m.key for m in _members(aliases[key].target) if isinstance(m, ModelRef) and m.key in aliases
    ]


def _reachable(key: str, aliases: dict[str, AliasModel]) -> set[str]:
    """The aliases reachable from `key` through union membership, one step or more."""
    return reachable(_alias_members(key, aliases), lambda k: _alias_members(k, aliases))


def _cycle_members(key: str, aliases: dict[str, AliasModel]) -> list[TypeRef] | None:
    """The members alias `key` means: those of every alias on its cycle, in the order met,
    without the references between them. None when `key` is not on a cycle."""
    reachable = _reachable(key, aliases)
    if key not in reachable:
        return None
    cycle = {a for a in reachable if key in _reachable(a, aliases)}
    members: list[TypeRef] = []
    expanded: set[str] = set()

    def expand(current: str) -> None:
        expanded.add(current)
        for member in _members(aliases[current].target):
            if not (isinstance(member, ModelRef) and member.key in cycle):
                members.append(member)
            elif member.key not in expanded:
                expand(member.key)

    expand(key)
    return members


def break_alias_cycles(api: Api, diagnostics: Diagnostics) -> Api:
    """Give every alias that is a member of itself the members it means."""
    aliases = {m.key: m for m in api.models if isinstance(m, AliasModel)}
    models: list[Model] = []
    for model in api.models:
        members = _cycle_members(model.key, aliases) if isinstance(model, AliasModel) else None
        if members is None:
            models.append(model)
            continue
        assert isinstance(model, AliasModel)
        diagnostics.warn(
            Code.RECURSIVE_UNION,
            f"schema {model.component or model.key} is a union that contains itself; "
            "the reference back to it adds nothing and is left out",
            model.key,
            "remove the branch that refers back to the schema",
        )
        unique = tuple(dict.fromkeys(members))
        target: TypeRef = (
            AnyType()
            if not unique
            else unique[0]
            if len(unique) == 1
            else UnionType(
                unique, model.target.discriminator if isinstance(model.target, UnionType) else None
            )
        )
        models.append(replace(model, target=target))
    return replace(api, models=tuple(models))
