"""A `[jobs.<family>]` setting, checked against the spec.

The helper queues the job with `queue`'s arguments, polls `retrieve` and cleans up with
`complete`, so: the three operations exist; `queue` answers with one JSON object (the job);
every field `retrieve` and `complete` require comes from the job (a field of the same name)
or from `queue`'s own arguments, and they need no other parameter; `retrieve` answers with
the file, or the config says where the job's file is (`file_url`, a string field of the
job) and which statuses mean done. The status, elapsed and expected fields are read from
`retrieve`'s JSON answer and must be a string and numbers there; `done` must be values of
the status field. What does not fit is reported and no helper is generated.
"""

from __future__ import annotations

from dataclasses import replace

from generator.config_features import JobConfig
from generator.diagnostics import Code, Diagnostics
from generator.ir import BinaryType, EnumType, Model, ModelRef, ObjectModel, Operation
from generator.ir_features import Carried, Job
from generator.normalize.paths import Unfit, dotted, is_kind, json_answer, non_null, type_at
from generator.normalize.walk import body_fields

HELPER_ARGUMENTS = frozenset({"poll_interval", "poll_timeout", "on_progress"})
"""The arguments a job helper adds to `queue`'s."""


def check_job(
    family: str,
    settings: JobConfig,
    operations: dict[str, Operation],
    table: dict[str, Model],
    diagnostics: Diagnostics,
) -> Job | None:
    """The family's checked job, or None."""
    try:
        return _checked(family, settings, operations, table)
    except Unfit as why:
        queue = operations.get(settings.queue)
        diagnostics.warn(
            Code.CONFIG_JOB,
            f"[jobs.{family}] does not fit: {why}; no {settings.method}() helper is generated",
            queue.pointer if queue else "",
            f"fix [jobs.{family}] in the config",
        )
        return None


def _operation(operations: dict[str, Operation], key: str, role: str) -> Operation:
    op = operations.get(key)
    if op is None:
        raise Unfit(f"its {role} operation {key!r} is not in the spec")
    return op


def _checked(
    family: str, settings: JobConfig, operations: dict[str, Operation], table: dict[str, Model]
) -> Job:
    queue = _operation(operations, settings.queue, "queue")
    retrieve = _operation(operations, settings.retrieve, "retrieve")
    complete = _operation(operations, settings.complete, "complete") if settings.complete else None
    answer = json_answer(queue, table)
    if answer is None:
        raise Unfit(f"{queue.key} does not answer with one JSON object")
    job = answer[1]
    taken = HELPER_ARGUMENTS & {p.python_name for p in queue.parameters}
    taken |= HELPER_ARGUMENTS & {name for _, name in queue.body_python_names}
    if taken:
        raise Unfit(f"{queue.key} has arguments named like the helper's own: {sorted(taken)}")
    file_url = _file_url(settings, job, table)
    if not file_url and not _answers_with_a_file(retrieve):
        raise Unfit(f"{retrieve.key} never answers with a file, and no `file_url` is set")
    return replace(
        _progress(settings, retrieve, table),
        family=family,
        name=settings.method,
        queue=queue.key,
        retrieve=retrieve.key,
        complete=complete.key if complete else None,
        retrieve_args=_carried(retrieve, queue, job, table),
        complete_args=_carried(complete, queue, job, table) if complete else (),
        seconds_per_unit=0.001 if settings.time_unit == "ms" else 1.0,
        file_url=file_url,
    )


def _answers_with_a_file(op: Operation) -> bool:
    return any(isinstance(c.type, BinaryType) for r in op.success_responses for c in r.contents)


def _file_url(settings: JobConfig, job: ObjectModel, table: dict[str, Model]) -> tuple[str, ...]:
    if settings.file_url is None:
        return ()
    path = dotted(settings.file_url)
    if not is_kind(type_at(ModelRef(job.key), path, table), "string"):
        raise Unfit(f"the queued job has no string field {settings.file_url!r}")
    if not settings.done or settings.status is None:
        raise Unfit("`file_url` needs `status` and the `done` values that say when to fetch it")
    return path


def _carried(
    op: Operation, queue: Operation, job: ObjectModel, table: dict[str, Model]
) -> tuple[Carried, ...]:
    """Where each field `op` requires comes from: the job, else `queue`'s arguments."""
    needed = [p.name for p in op.parameters if p.required]
    if needed:
        raise Unfit(f"{op.key} needs parameters the job cannot give: {needed}")
    # Only values that are always there: a required, non-null field of the job, else a
    # required argument of `queue`.
    given = {f.name for f in job.fields if f.required and non_null(f.type, table) == f.type}
    arguments = {f.name for f in body_fields(queue, table) if f.required}
    carried: list[Carried] = []
    for field in body_fields(op, table):
        if not field.required:
            continue
        if field.name in given:
            carried.append(Carried(field.name, "job", field.name))
        elif field.name in arguments:
            carried.append(Carried(field.name, "argument", field.name))
        else:
            raise Unfit(f"{op.key} requires {field.name!r}, which neither the job nor "
                        f"{queue.key}'s required arguments always give")  # fmt: skip
    return tuple(carried)


def _progress(settings: JobConfig, retrieve: Operation, table: dict[str, Model]) -> Job:
    """A job with only the paths of the status, elapsed and expected fields (in
    `retrieve`'s JSON answer) and the `done` values filled in."""
    wanted = (
        ("status", settings.status, ("string",)),
        ("elapsed", settings.elapsed, ("integer", "number")),
        ("expected", settings.expected, ("integer", "number")),
    )
    answer = json_answer(retrieve, table)
    paths: dict[str, tuple[str, ...]] = {}
    for role, name, kinds in wanted:
        if name is None:
            continue
        found = type_at(ModelRef(answer[0]), dotted(name), table) if answer else None
        if not is_kind(found, *kinds):
            raise Unfit(f"{retrieve.key}'s JSON answer has no {' or '.join(kinds)} field {name!r}")
        if (
            role == "status"
            and isinstance(found, EnumType)
            and set(settings.done) - set(found.values)
        ):
            raise Unfit(f"`done` lists values that {retrieve.key}'s {name!r} does not take")
        paths[role] = dotted(name)
    return Job(
        family="",
        name="",
        queue="",
        retrieve="",
        complete=None,
        retrieve_args=(),
        status=paths.get("status", ()),
        done=tuple(settings.done),
        elapsed=paths.get("elapsed", ()),
        expected=paths.get("expected", ()),
    )
