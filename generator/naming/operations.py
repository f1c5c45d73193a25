"""Where each operation lives on the client (`client.chat.completions.create`) and the
Python names of its parameters and body fields.

The config names operations explicitly; an operation it does not mention is placed by its
first tag (or first path segment) and named after its operationId without the resource's
words, and a warning says how to pin the name.
"""

from __future__ import annotations

import re
from dataclasses import replace

from generator.config import ConfigFile
from generator.diagnostics import Code, Diagnostics
from generator.ir import (
    Api,
    Model,
    ObjectModel,
    Operation,
    Resource,
)
from generator.naming.reserved import (
    CLIENT_MEMBERS,
    GENERATED_CLIENT_MEMBERS,
    LIBRARY_IMPORTS,
    RUNTIME_EXPORTS,
)
from generator.naming.words import (
    ANNOTATION_BUILTINS,
    pascal,
    safe_identifier,
    singular,
    snake,
    snake_name,
    unique,
    words,
)
from generator.normalize.walk import body_models

CLIENT_ATTRIBUTES = CLIENT_MEMBERS | GENERATED_CLIENT_MEMBERS | ANNOTATION_BUILTINS
"""What a top-level resource, an attribute of the client, must not be called."""
CALL_OPTIONS = frozenset(
    {
        "self",
        "extra_headers",
        "extra_query",
        "extra_body",
        "timeout",
        # names the generated method bodies call
        "cast",
        "format_path",
    }
    | ANNOTATION_BUILTINS  # a method body may evaluate them (in `cast_to`)
)
RESOURCE_ATTRIBUTES = frozenset({"with_raw_response"})
"""What every resource class defines besides its methods."""
RESOURCE_MODULE_NAMES = RUNTIME_EXPORTS | LIBRARY_IMPORTS
"""Names the resource modules and `_client.py` import; a resource class must not shadow them."""


def resource_class_name(path: tuple[str, ...], model_names: frozenset[str] = frozenset()) -> str:
    """`("chat", "completions")` -> `ChatCompletions`: the class of that resource.

    A resource named like a model its module imports (`pets` with a `Pets` model) becomes
    `PetsResource`.
    """
    name = safe_identifier("".join(pascal(part) for part in path), RESOURCE_MODULE_NAMES)
    variants = {
        f"{prefix}{name}{suffix}" for prefix in ("", "Async") for suffix in ("", "WithRawResponse")
    }
    return f"{name}Resource" if variants & model_names else name


def name_operations(api: Api, config: ConfigFile, diagnostics: Diagnostics) -> Api:
    """Fill in resource paths, method names and Python parameter names."""
    table = api.model_table()
    used: dict[tuple[tuple[str, ...], str], Operation] = {}
    named: list[Operation] = []
    known = {op.key for op in api.operations}
    for key in sorted(set(config.operations) - known):
        diagnostics.warn(
            Code.CONFIG_UNUSED,
            f"config names operation {key!r}, which the spec does not have",
            "",
            "remove it from the config or fix the path",
        )
    for op in api.operations:
        resource, method = _place(op, config, diagnostics)
        if (resource, method) in used:
            other = used[(resource, method)]
            wanted = ".".join((*resource, method))
            method = unique(f"{method}_{op.method}", {m for (r, m) in used if r == resource})
            diagnostics.warn(
                Code.METHOD_COLLISION,
                f"{op.key} and {other.key} both want the name {wanted}; "
                f"this one is called {method}",
                op.pointer,
                "give one of them a name in the config's [operations]",
            )
        used[(resource, method)] = op
        placed = replace(op, resource=resource, method_name=method)
        named.append(_with_python_names(placed, table))
    return replace(api, operations=tuple(named), resources=_resource_tree(named, api))


def _place(
    op: Operation,
    config: ConfigFile,
    diagnostics: Diagnostics,
) -> tuple[tuple[str, ...], str]:
    settings = config.operation(op.key)
    if settings is not None:
        *path, name = settings.method.split(".")
        return tuple(path), name
    resource = _default_resource(op)
    method = _default_method(op, resource)
    if config.operations:
        diagnostics.warn(
            Code.UNNAMED_OPERATION,
            f"{op.key} is not in the config; it is generated as "
            f"client.{'.'.join((*resource, method))}",
            op.pointer,
            f'add `"{op.key}" = "{".".join((*resource, method))}"` under [operations] to pin it',
        )
    return resource, method


# Path segments that say how the API is served, not what an operation is about.
_PLUMBING_SEGMENT = re.compile(r"(api|rest|v\d+(\.\d+)*|\d+(\.\d+)*)", re.IGNORECASE)


def _default_resource(op: Operation) -> tuple[str, ...]:
    """The first tag; without one, the first path segment that names something (not a
    parameter, not a version or `api` segment)."""
    segments = (s for s in op.path.split("/") if s)
    meaningful = (s for s in segments if "{" not in s and not _PLUMBING_SEGMENT.fullmatch(s))
    source = op.tags[0] if op.tags else next(meaningful, "default")
    return (safe_identifier(snake(source) or "default", CLIENT_ATTRIBUTES),)


def _default_method(op: Operation, resource: tuple[str, ...]) -> str:
    source = op.operation_id or f"{op.method} {op.path.replace('{', '').replace('}', '')}"
    resource_words = {w.lower() for part in resource for w in words(part)}
    resource_words |= {(singular(w) or w).lower() for w in resource_words}
    kept = [w for w in words(source) if w.lower() not in resource_words]
    return safe_identifier(snake(" ".join(kept or words(source))) or op.method, RESOURCE_ATTRIBUTES)


def _with_python_names(op: Operation, table: dict[str, Model]) -> Operation:
    taken: set[str] = set(CALL_OPTIONS)
    parameters = tuple(
        replace(
            p,
            python_name=unique(
                safe_identifier(snake_name(p.name) or p.location, CALL_OPTIONS), taken
            ),
        )
        for p in sorted(op.parameters, key=lambda p: p.location != "path")
    )
    body: dict[str, str] = {}
    for model in body_models(op, table):
        if not isinstance(model, ObjectModel):
            body.setdefault("", unique("body", taken))
            continue
        for field in model.fields:
            if field.name in body:
                continue
            wanted = safe_identifier(snake_name(field.name) or "field", CALL_OPTIONS)
            body[field.name] = unique(wanted if wanted not in taken else f"body_{wanted}", taken)
    return replace(op, parameters=parameters, body_python_names=tuple(body.items()))


def _resource_tree(operations: list[Operation], api: Api) -> tuple[Resource, ...]:
    paths = {op.resource[:depth] for op in operations for depth in range(1, len(op.resource) + 1)}
    tag_docs = {snake(tag): text for tag, text in api.tag_descriptions}

    def node(path: tuple[str, ...]) -> Resource:
        children = tuple(
            node(p) for p in sorted(paths) if len(p) == len(path) + 1 and p[: len(path)] == path
        )
        ops = tuple(op for op in operations if op.resource == path)
        doc = tag_docs.get(path[-1]) if len(path) == 1 else None
        return Resource(path, ops, children, doc)

    return tuple(node(p) for p in sorted(paths) if len(p) == 1)
