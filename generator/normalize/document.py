"""The document around its operations: info, servers, security schemes and tags.

Plain functions of the document (security schemes resolve `$ref`s with the translation's
resolver); `document_api` puts them together with the operations and models that
`build_api` has translated. Nothing here keeps state.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from generator.diagnostics import join_pointer
from generator.ir import Api, Model, Operation, SecurityScheme
from generator.load import JsonValue
from generator.normalize.keywords import security_requirements, text
from generator.normalize.refs import RefResolver

_SERVER_VARIABLE = re.compile(r"\{([^}]+)\}")


def document_api(
    document: dict[str, JsonValue],
    refs: RefResolver,
    operations: tuple[Operation, ...],
    models: tuple[Model, ...],
) -> Api:
    """The `Api` of `document`, around the operations and models translated from it."""
    info = document.get("info")
    info = info if isinstance(info, dict) else {}
    return Api(
        title=str(info.get("title") or "API"),
        version=str(info.get("version") or ""),
        description=text(info.get("description")),
        operations=operations,
        models=models,
        base_url=base_url(document),
        security_schemes=tuple(security_schemes(document, refs)),
        security=security_requirements(document.get("security")) or (),
        tag_descriptions=tag_descriptions(document),
    )


def base_url(document: dict[str, JsonValue]) -> str | None:
    """The first server's URL, its `{variables}` replaced by their defaults."""
    servers = document.get("servers")
    if not isinstance(servers, list) or not servers or not isinstance(servers[0], dict):
        return None
    server = servers[0]
    url = server.get("url")
    if not isinstance(url, str):
        return None
    variables = server.get("variables") if isinstance(server.get("variables"), dict) else {}

    def default(match: re.Match[str]) -> str:
        spec = variables.get(match[1]) if isinstance(variables, dict) else None
        value = spec.get("default") if isinstance(spec, dict) else None
        return str(value) if value is not None else match[0]

    return _SERVER_VARIABLE.sub(default, url)


def security_schemes(document: dict[str, JsonValue], refs: RefResolver) -> Iterator[SecurityScheme]:
    """The `components.securitySchemes` that resolve to objects, in document order."""
    components = document.get("components")
    schemes = components.get("securitySchemes") if isinstance(components, dict) else None
    for name, raw in (schemes or {}).items() if isinstance(schemes, dict) else ():
        scheme, _ = refs.resolve(raw, join_pointer("#/components/securitySchemes", name))
        if not isinstance(scheme, dict):
            continue
        yield SecurityScheme(
            name=name,
            kind=str(scheme.get("type") or ""),
            scheme=text(scheme.get("scheme")),
            location=text(scheme.get("in")),
            parameter_name=text(scheme.get("name")),
            description=text(scheme.get("description")),
        )


def tag_descriptions(document: dict[str, JsonValue]) -> tuple[tuple[str, str], ...]:
    """`(name, description)` of each declared tag; the description may be empty."""
    tags = document.get("tags")
    found: list[tuple[str, str]] = []
    for tag in tags if isinstance(tags, list) else []:
        if not isinstance(tag, dict):
            continue
        name = tag.get("name")
        if isinstance(name, str):
            found.append((name, text(tag.get("description")) or ""))
    return tuple(found)
