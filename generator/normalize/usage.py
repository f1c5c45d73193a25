"""Which models requests use and which responses use (a model can be both)."""

from __future__ import annotations

from generator.ir import Api
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

    def reach(keys: set[str], role: str) -> None:
        # One walk from all the starting points of a role: what each reaches, together.
        for key in models_reachable(keys, table):
            roles.setdefault(key, set()).add(role)

    starts: dict[str, set[str]] = {"request": set(), "response": set()}
    for op in api.operations:
        for role, t in operation_types(op):
            starts[role].update(model_refs(t))
    for role, keys in starts.items():
        reach(keys, role)
    unused = [m for m in api.models if not roles.get(m.key)]
    for model in unused:
        roles[model.key] = {"response"}
    # An unused model is rendered as a response model, so whatever it refers to must exist
    # as a response model too, even when requests also use it.
    reach({key for model in unused for key in model_dependencies(model)}, "response")
    return {key: frozenset(value) for key, value in roles.items()}
