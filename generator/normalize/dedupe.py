"""Pass: structurally identical object models become one model.

Inline schemas repeat: the same error body under every status of every operation, the
same object under several operations. Two models are identical when their fields have the
same names, requiredness, types and documentation (for bodies used only by error responses,
which only type exception payloads, names and types suffice; a field stays required only if
every copy requires it), where nested model references count as
identical when they point at identical models. This is computed by partition refinement, so
recursive models merge correctly. Examples and the schema's own title and description do
not count; field descriptions do, because a copy of a schema repeats them while two
different things that happen to share a shape (`{url}` as a video URL and as a scrape
request) do not, and merging those would document one as the other.

Component schemas keep their identity (their names are part of the API): identical
components stay separate, and an inline copy of a component merges into it.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace
from typing import Any

from generator.diagnostics import Diagnostics
from generator.ir import (
    Api,
    ArrayType,
    Discriminator,
    MapType,
    ModelRef,
    ObjectModel,
    TypeRef,
    UnionType,
)
from generator.normalize.usage import Usage, model_usage
from generator.normalize.walk import map_api_types


def merge_identical_models(api: Api, diagnostics: Diagnostics) -> Api:
    """Point every reference at one representative per group of identical models."""
    objects = [m for m in api.models if isinstance(m, ObjectModel)]
    group = _partition(objects)
    canonical = _representatives(objects, group, model_usage(api))
    if all(canonical[m.key] == m.key for m in objects):
        return api
    sites: dict[str, list[Any]] = defaultdict(list)
    for model in objects:
        sites[canonical[model.key]].extend(model.sites)

    def redirect(t: TypeRef) -> TypeRef:
        if isinstance(t, ModelRef) and t.key in canonical:
            return ModelRef(canonical[t.key])
        return t

    optional: dict[str, set[str]] = defaultdict(set)  # fields some merged copy leaves out
    for model in objects:
        optional[canonical[model.key]].update(f.name for f in model.fields if not f.required)
    kept = tuple(
        replace(
            m,
            sites=tuple(sorted(set(sites[m.key]), key=lambda s: s.order)),
            fields=tuple(
                replace(f, required=f.required and f.name not in optional[m.key]) for f in m.fields
            ),
        )
        if isinstance(m, ObjectModel)
        else m
        for m in api.models
        if not isinstance(m, ObjectModel) or canonical[m.key] == m.key
    )
    return map_api_types(replace(api, models=kept), redirect)


def _error_only(model: ObjectModel) -> bool:
    return bool(model.sites) and all(site.is_error_body for site in model.sites)


def _partition(objects: list[ObjectModel]) -> dict[str, int]:
    """Group ids such that two models share an id exactly when they are identical."""
    group = {m.key: 0 for m in objects}
    count = 1
    while True:
        signatures = {m.key: (group[m.key], _signature(m, group)) for m in objects}
        ids = {sig: index for index, sig in enumerate(sorted(set(signatures.values()), key=repr))}
        refined = {key: ids[sig] for key, sig in signatures.items()}
        if len(ids) == count:
            return refined
        group, count = refined, len(ids)


def _representatives(
    objects: list[ObjectModel],
    group: dict[str, int],
    usage: Usage,
) -> dict[str, str]:
    """Each model's representative: itself for components, else the group's chosen member.

    An inline copy merges into a component only when it is used the same way (sent,
    received, or both): a response that happens to look like a `...Request` component
    should not be typed as that request.
    """
    members: dict[int, list[ObjectModel]] = defaultdict(list)
    for model in objects:
        members[group[model.key]].append(model)
    canonical: dict[str, str] = {}
    for same in members.values():
        components = sorted((m for m in same if m.component), key=lambda m: m.component or "")
        inline = sorted((m for m in same if not m.component), key=lambda m: m.key)
        for model in components:
            canonical[model.key] = model.key
        unmatched = []
        for model in inline:
            roles = usage.get(model.key, frozenset())
            home = next((c for c in components if roles <= usage.get(c.key, frozenset())), None)
            if home is not None:
                canonical[model.key] = home.key
            else:
                unmatched.append(model)
        for model in unmatched:
            canonical[model.key] = unmatched[0].key
    return canonical


def _signature(model: ObjectModel, group: dict[str, int]) -> tuple[Any, ...]:
    if _error_only(model):  # only exception payloads: the fields and their types suffice
        fields: tuple[Any, ...] = tuple(
            sorted((f.name, _shape(f.type, group)) for f in model.fields)
        )
        return ("error-body", fields, model.closed)
    fields = tuple(
        sorted(
            (f.name, f.required, f.deprecated, f.description or "", _shape(f.type, group))
            for f in model.fields
        )
    )
    extra = _shape(model.additional, group) if model.additional is not None else None
    return (fields, extra, model.closed)


def _shape(t: TypeRef, group: dict[str, int]) -> Any:
    if isinstance(t, ModelRef):
        return ("model", group[t.key]) if t.key in group else ("alias", t.key)
    if isinstance(t, ArrayType):
        return ("array", _shape(t.item, group))
    if isinstance(t, MapType):
        return ("map", _shape(t.value, group))
    if isinstance(t, UnionType):
        members = tuple(_shape(m, group) for m in t.members)
        tag = t.discriminator.property if isinstance(t.discriminator, Discriminator) else None
        return ("union", members, tag)
    return t
