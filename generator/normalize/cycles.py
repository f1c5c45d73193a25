"""Pass: unions of named aliases that contain themselves.

`X = A | X` (a component whose `oneOf` refers back to it, directly or through other
union aliases) is an alias Python type checkers refuse: a union cannot be a member of
itself. It means no more than `X = A`, so each alias on such a cycle gets the members
of the whole cycle, with the references that close it left out.
"""

from __future__ import annotations

from dataclasses import replace

from generator.diagnostics import Diagnostics
from generator.ir import AliasModel, AnyType, Api, Model, ModelRef, TypeRef, UnionType


def _members(target: TypeRef) -> tuple[TypeRef, ...]:
    return target.members if isinstance(target, UnionType) else (target,)


def _cycle_members(
    key: str, aliases: dict[str, AliasModel], path: frozenset[str]
) -> list[TypeRef] | None:
    """The members of alias `key`, with aliases that lead back to `path` spliced in.

    None when no member of `key` leads back: the alias is not on a cycle.
    """
    members: list[TypeRef] = []
    cyclic = False
    for member in _members(aliases[key].target):
        if isinstance(member, ModelRef) and member.key in aliases:
            if member.key in path:
                cyclic = True
                continue
            inner = _cycle_members(member.key, aliases, path | {member.key})
            if inner is not None:
                cyclic = True
                members.extend(inner)
                continue
        members.append(member)
    return members if cyclic else None


def break_alias_cycles(api: Api, diagnostics: Diagnostics) -> Api:
    """Give every alias that is a member of itself the members it means."""
    aliases = {m.key: m for m in api.models if isinstance(m, AliasModel)}
    models: list[Model] = []
    for model in api.models:
        members = (
            _cycle_members(model.key, aliases, frozenset({model.key}))
            if isinstance(model, AliasModel)
            else None
        )
        if members is None:
            models.append(model)
            continue
        assert isinstance(model, AliasModel)
        diagnostics.warn(
            "recursive-union",
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
