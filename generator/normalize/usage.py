"""Which models requests use and which responses use (a model can be both)."""

from __future__ import annotations

from generator.ir import Api, ModelRef, TypeRef
from generator.normalize.walk import (
    model_dependencies,
    model_refs,
    models_reachable,
    operation_types,
)

Usage = dict[str, frozenset[str]]


def model_usage(api: Api) -> Usage:
    """For each model key, the roles ("request", "response") it is reachable from.

    Models no operation reaches (unused components) count as responses: they are rendered
    as pydantic models, which is the useful form for parsing data by hand.
    """
    table = api.model_table()
    roles: dict[str, set[str]] = {}

    def reach(t: TypeRef, role: str) -> None:
        for key in models_reachable(model_refs(t), table):
            roles.setdefault(key, set()).add(role)

    for op in api.operations:
        for role, t in operation_types(op):
            reach(t, role)
    unused = [m for m in api.models if not roles.get(m.key)]
    for model in unused:
        roles[model.key] = {"response"}
    for model in unused:
        # An unused model is rendered as a response model, so whatever it refers to must
        # exist as a response model too, even when requests also use it.
        for key in model_dependencies(model):
            reach(ModelRef(key), "response")
    return {key: frozenset(value) for key, value in roles.items()}
