"""The config's helpers, checked against the spec and set on the named IR.

Runs after naming, because helpers add names: a page class per paginated answer (named
after the answer's model: `CharacterListResponse` pages are `CharacterListPage`), and a
method beside an operation's (`chat.completions.stream` beside `create`, `video.generate`
beside `queue`), which must not take a name the resource already uses. Each setting is
checked by its own module (`paging`, `chat_stream`, `jobs`); what does not fit is reported
there and left out.
"""

from __future__ import annotations

from dataclasses import replace

from generator.config import ConfigFile
from generator.diagnostics import Code, Diagnostics
from generator.ir import Api, Model, Operation, Resource
from generator.ir_features import Job, Pagination
from generator.naming.operations import RESOURCE_ATTRIBUTES, RESOURCE_MODULE_NAMES
from generator.naming.reserved import LIBRARY_IMPORTS
from generator.naming.words import unique
from generator.normalize.chat_stream import check_stream_helper
from generator.normalize.jobs import check_job
from generator.normalize.paging import check_pagination

Members = dict[tuple[str, ...], set[str]]


def configure_helpers(api: Api, config: ConfigFile, diagnostics: Diagnostics) -> Api:
    """`api` with each operation's pagination and stream helper, and the job helpers."""
    table = api.model_table()
    members = _members(api.resources)
    operations: list[Operation] = []
    for op in api.operations:
        settings = config.operation(op.key)
        paging = settings.pagination if settings else None
        helper = settings.stream_helper if settings else None
        checked = check_stream_helper(op, helper, table, diagnostics) if helper else None
        if checked is not None and not _claim(members, op, checked.name, diagnostics):
            checked = None
        operations.append(
            replace(
                op,
                pagination=check_pagination(op, paging, table, diagnostics) if paging else None,
                stream_helper=checked,
            )
        )
    operations = _named_pages(operations, api.models)
    by_key = {op.key: op for op in operations}
    jobs: list[Job] = []
    for family, job_settings in sorted(config.jobs.items()):
        job = check_job(family, job_settings, by_key, table, diagnostics)
        if job is not None and _claim(members, by_key[job.queue], job.name, diagnostics):
            jobs.append(job)
    return replace(
        api,
        operations=tuple(operations),
        resources=_with_operations(api.resources, by_key),
        jobs=tuple(jobs),
    )


def _members(resources: tuple[Resource, ...]) -> Members:
    """The names each resource class uses: methods, child resources, its own attributes."""
    members: Members = {}
    for node in resources:
        names = {op.method_name for op in node.operations} | set(RESOURCE_ATTRIBUTES)
        members[node.path] = names | {child.path[-1] for child in node.children}
        members.update(_members(node.children))
    return members


def _claim(members: Members, op: Operation, name: str, diagnostics: Diagnostics) -> bool:
    """Take `name` on `op`'s resource for a helper; False (reported) when it is taken."""
    taken = members.setdefault(op.resource, set())
    if name in taken:
        where = ".".join(("client", *op.resource, name))
        diagnostics.warn(
            Code.CONFIG_NAME_TAKEN,
            f"the helper {where}() would take a name the resource already uses; not generated",
            op.pointer,
            "give the helper another `method` name in the config",
        )
        return False
    taken.add(name)
    return True


def _named_pages(operations: list[Operation], models: tuple[Model, ...]) -> list[Operation]:
    """The operations with their page classes named: one per answer model and items field
    (`<Model>Page`, without a `Response` suffix), never a name already in use."""
    taken = {n for m in models for n in (m.name, m.param_name) if n}
    taken |= RESOURCE_MODULE_NAMES | LIBRARY_IMPORTS
    names: dict[tuple[str, tuple[str, ...]], str] = {}
    table = {m.key: m for m in models}
    named: list[Operation] = []
    for op in operations:
        paging = op.pagination
        if paging is None:
            named.append(op)
            continue
        shape = (paging.page_model, paging.items)
        if shape not in names:
            base = table[paging.page_model].name
            names[shape] = _free_name(f"{base.removesuffix('Response') or base}Page", taken)
        named.append(replace(op, pagination=_with_class(paging, names[shape])))
    return named


def _free_name(wanted: str, taken: set[str]) -> str:
    """`wanted` (or a numbered variant) such that it and its `Async` twin are free."""
    name = unique(wanted, taken | {n.removeprefix("Async") for n in taken})
    taken.update((name, f"Async{name}"))
    return name


def _with_class(paging: Pagination, name: str) -> Pagination:
    return replace(paging, page_class=name)


def _with_operations(
    resources: tuple[Resource, ...], by_key: dict[str, Operation]
) -> tuple[Resource, ...]:
    """The resource tree holding the updated operations."""
    return tuple(
        replace(
            node,
            operations=tuple(by_key[op.key] for op in node.operations),
            children=_with_operations(node.children, by_key),
        )
        for node in resources
    )
