"""Every public Python name of an API, keyed by the identity of the thing it names.

Identities come from the spec, not from the names: an operation is `METHOD /path`, a model
is each place (JSON pointer) its schema appears, a field is that place plus the wire name.
Comparing two versions' maps shows *churn*: things present in both whose Python spelling
changed, which is what breaks callers for no reason of their own.
"""

from __future__ import annotations

from generator.ir import Api, ObjectModel


def public_names(api: Api) -> dict[str, str]:
    """Identity -> Python name, for methods, arguments, models and fields."""
    names: dict[str, str] = {}
    for op in api.operations:
        names[f"method {op.key}"] = ".".join(("client", *op.resource, op.method_name or ""))
        for param in op.parameters:
            names[f"argument {op.key} {param.location}:{param.name}"] = param.python_name or ""
        for wire, python in op.body_python_names:
            names[f"argument {op.key} body:{wire}"] = python
    for model in api.models:
        for site in model.sites:
            names[f"model {site.pointer}"] = model.name or ""
            if model.param_name:
                names[f"param {site.pointer}"] = model.param_name
            if isinstance(model, ObjectModel):
                for field in model.fields:
                    names[f"field {site.pointer} {field.name}"] = field.python_name or ""
    return names


def churn(old: dict[str, str], new: dict[str, str]) -> dict[str, tuple[str, str]]:
    """Identities present in both maps whose names differ: identity -> (old, new)."""
    return {key: (old[key], new[key]) for key in old.keys() & new.keys() if old[key] != new[key]}
