"""Stage 4: give everything a stable, readable Python name.

Fills `name`/`param_name` on models, `python_name` on fields and parameters, and
`resource`/`method_name` on operations. A model that requests use is rendered as a
`TypedDict` under `param_name` (`...Param`); one that responses use is a pydantic model
under `name`. See `naming.models` for how class names are chosen.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

import pydantic

from generator.config import ConfigFile
from generator.diagnostics import Code, Diagnostics, join_pointer
from generator.ir import AliasModel, Api, Model, ObjectModel
from generator.naming.models import ModelNamer
from generator.naming.operations import name_operations
from generator.naming.words import safe_identifier, snake_name, unique
from generator.normalize.usage import Usage, model_usage

BASE_MODEL_ATTRIBUTES = frozenset(
    name for name in dir(pydantic.BaseModel) if not name.startswith("_")
)
_PARAM_SUFFIXES = ("Params", "Param", "Request", "RequestSchema")


def assign_names(api: Api, config: ConfigFile, diagnostics: Diagnostics) -> Api:
    """Name models, fields, parameters, resources and methods."""
    api = name_operations(api, config, diagnostics)
    namer = ModelNamer(api, dict(config.names), diagnostics)
    names = namer.assign_all(api.models)
    for key in sorted(set(config.names) - namer.used_overrides):
        diagnostics.warn(
            Code.CONFIG_UNUSED,
            f"config renames {key!r}, but no model has that default name any more",
            "",
            "remove the entry from [names] or update it to the new default name",
        )
    usage = model_usage(api)
    _report_unnamed_request_fields(api.models, usage, diagnostics)
    param_names = _param_names(api.models, names, usage)
    models = tuple(_named_model(m, names[m.key], param_names.get(m.key)) for m in api.models)
    named = replace(api, models=models)
    _check_named(named)
    return named


def _check_named(api: Api) -> None:
    """Every Python name later stages read is filled (a failure is a bug in naming)."""
    missing = [f"model {m.key}" for m in api.models if not m.name]
    missing += [
        f"field {m.key} {f.name!r}"
        for m in api.models
        if isinstance(m, ObjectModel)
        for f in m.fields
        if not f.python_name
    ]
    for op in api.operations:
        if not (op.method_name and op.resource):
            missing.append(f"method of {op.key}")
        missing += [f"parameter {op.key} {p.name!r}" for p in op.parameters if not p.python_name]
        missing += [f"body field {op.key} {w!r}" for w, name in op.body_python_names if not name]
    if missing:
        raise AssertionError(f"naming left names unset: {', '.join(missing[:10])}")


def _report_unnamed_request_fields(
    models: Iterable[Model], usage: Usage, diagnostics: Diagnostics
) -> None:
    """A property named "" cannot be a `TypedDict` key; the request type leaves it out."""
    for model in models:
        if "request" in usage.get(model.key, ()) and isinstance(model, ObjectModel):
            if any(not f.name for f in model.fields):
                diagnostics.warn(
                    Code.EMPTY_PROPERTY_NAME,
                    "a property with an empty name cannot be typed in a request; "
                    "the request type leaves it out",
                    join_pointer(model.key, "properties", ""),
                    "give the property a name, or send it with `extra_body`",
                )


def _param_names(models: Iterable[Model], names: dict[str, str], usage: Usage) -> dict[str, str]:
    taken = set(names.values())
    result: dict[str, str] = {}
    for model in sorted(models, key=lambda m: names[m.key]):
        if "request" not in usage.get(model.key, ()):
            continue
        name = names[model.key]
        wanted = name if name.endswith(_PARAM_SUFFIXES) else f"{name}Param"
        if "response" in usage.get(model.key, ()) and wanted == name:
            wanted = f"{name}Param"
        result[model.key] = unique(wanted, taken) if wanted != name else wanted
    return result


def _named_model(model: Model, name: str, param_name: str | None) -> Model:
    if isinstance(model, AliasModel):
        return replace(model, name=name, param_name=param_name)
    assert isinstance(model, ObjectModel)
    taken: set[str] = set()
    fields = tuple(
        replace(
            f,
            python_name=unique(
                safe_identifier(snake_name(f.name) or "field", BASE_MODEL_ATTRIBUTES), taken
            ),
        )
        for f in model.fields
    )
    return replace(model, name=name, param_name=param_name, fields=fields)
