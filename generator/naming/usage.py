"""Which models requests use and which responses use (a model can be both)."""

from __future__ import annotations

from generator.ir import Api, TypeRef
from generator.normalize.walk import model_dependencies, model_refs, operation_types

Usage = dict[str, frozenset[str]]


def model_usage(api: Api) -> Usage:
    """For each model key, the roles ("request", "response") it is reachable from.

    Models no operation reaches (unused components) count as responses: they are rendered
    as pydantic models, which is the useful form for parsing data by hand.
    """
    table = api.model_table()
    roles: dict[str, set[str]] = {}

    def reach(t: TypeRef, role: str) -> None:
        stack = list(model_refs(t))
        while stack:
            key = stack.pop()
            if key not in table or role in roles.setdefault(key, set()):
                continue
            roles[key].add(role)
            stack.extend(model_dependencies(table[key]))

    for op in api.operations:
        for role, t in operation_types(op):
            reach(t, role)
    for model in api.models:
        if not roles.get(model.key):
            roles[model.key] = {"response"}
            stack = list(model_dependencies(model))
            while stack:
                key = stack.pop()
                if key in table and not roles.get(key):
                    roles[key] = {"response"}
                    stack.extend(model_dependencies(table[key]))
    return {key: frozenset(value) for key, value in roles.items()}
