"""The views of the helper methods: a stream helper beside a streaming method, a job helper
beside a job's `queue` method (see `generator.helper_signatures`).

A helper's body is one call into the runtime (`ChatCompletionStreamManager(...)`,
`run_job(...)`) handing it lambdas that call the resource's own generated methods, so the
helper sends exactly what those methods send, typed as they are.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from generator.helper_signatures import JobSignature, StreamHelperSignature
from generator.ir import BinaryType, Model
from generator.ir_features import Carried, Job
from generator.normalize.paths import object_of
from generator.render.methods import ArgView
from generator.render.modules import attribute_names
from generator.render.pages import tuple_source
from generator.render.readme_examples import python_source
from generator.render.text import docstring, string_literal
from generator.render.types import TypeSpeller, python_literal, union
from generator.signatures import Argument, Signature

DEFAULT_POLL_TIMEOUT = 1800.0
"""The runtime's `_jobs.DEFAULT_POLL_TIMEOUT`, spelled in each job helper's signature."""
CALL_OPTIONS = ("extra_headers", "extra_query", "extra_body", "timeout")
_POLLING = (
    ArgView("poll_interval", "float | None", "None"),
    ArgView("poll_timeout", "float | None", repr(DEFAULT_POLL_TIMEOUT)),
    ArgView("on_progress", "Callable[[JobProgress], object] | None", "None"),
)
_STREAM_DOC = (
    "Stream a chat completion with helpers: `with {call}(...) as stream:` sends the request "
    "(with `stream` on) and gives the stream's events (each chunk, text and tool call "
    "deltas, what is complete when a choice finishes); `stream.text_deltas()` gives the main "
    "text as it comes and `stream.get_final_completion()` the `{completion}` the chunks make "
    "up.{defaults} On the async client: `async with`, `async for` and `await`.\n\n"
    "Takes the arguments of `{base}()` but `stream`."
)
_CLEANUP = "; then delete its media on the server with `{}()`"
_JOB_DOC = (
    "Queue a job with `{0}()`, wait until it is done and return its file"
    + _CLEANUP.format("{2}")
    + ".\n\n"
    "Polls `{1}()` as often as the API's estimate of the time left says (every 1 to 10 "
    "seconds), calling `on_progress` with a `JobProgress` after each poll, and raises "
    "`JobTimeoutError` after `poll_timeout` seconds: the job goes on on the server, and the "
    "error's `job` is what `{0}()` returned. Takes the arguments of `{0}()` (see there), "
    "and:\n\n"
    "Args:\n"
    "  poll_interval: seconds between polls, instead of the API's estimate.\n"
    "  poll_timeout: seconds to wait for the job after queuing it (None: no limit).\n"
    "  on_progress: called with how the job is doing after every poll that is not done."
)


@dataclass(frozen=True)
class CallView:
    """A lambda that calls one of the resource's methods: `lambda job: self.retrieve(...)`."""

    keyword: str
    parameter: str
    method: str
    arguments: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class HelperView:
    """One helper method, as template-ready text (the same shape for both kinds)."""

    name: str
    path: tuple[str, ...]
    """Resource path and method name."""
    operations: str
    """The operations it calls, for the API listing."""
    doc: str | None
    positional: tuple[ArgView, ...]
    keyword: tuple[ArgView, ...]
    extra: tuple[ArgView, ...]
    """Arguments after the call options (`poll_interval`, ...)."""
    returns: str
    coroutine: bool
    factory: str
    leading: tuple[str, ...]
    calls: tuple[CallView, ...]
    settings: tuple[tuple[str, str], ...]


def _arg_views(
    arguments: tuple[Argument, ...], speller: TypeSpeller, asynchronous: bool
) -> tuple[tuple[ArgView, ...], tuple[ArgView, ...]]:
    """The positional and keyword parameters for `arguments` (signature order)."""

    def view(argument: Argument) -> ArgView:
        annotation = union(speller.spell(t, "request") for t in argument.types)
        if not argument.required:
            annotation = annotation.or_not_given()
        default = None if argument.required else "NOT_GIVEN"
        return ArgView(argument.name, annotation.text(asynchronous=asynchronous), default)

    positional = tuple(view(a) for a in arguments if a.location == "path")
    return positional, tuple(view(a) for a in arguments if a.location != "path")


def _forwarded(arguments: tuple[Argument, ...]) -> list[tuple[str, str]]:
    return [(a.name, a.name) for a in arguments]


@dataclass(frozen=True)
class _Shape:
    """What a helper's sync and async views share. `factories` holds the runtime callable
    (from `module`) and the return annotation of each; an `awaited` helper is a coroutine
    on the async client."""

    name: str
    path: tuple[str, ...]
    operations: str
    doc: str
    arguments: tuple[Argument, ...]
    module: str
    factories: tuple[tuple[str, str], tuple[str, str]]
    awaited: bool
    calls: tuple[CallView, ...]
    settings: tuple[tuple[str, str], ...]
    leading: tuple[str, ...] = ()
    extra: tuple[ArgView, ...] = ()


def _pair(shape: _Shape, speller: TypeSpeller) -> tuple[HelperView, HelperView]:
    views = []
    for asynchronous, (factory, returns) in zip((False, True), shape.factories, strict=True):
        speller.need(shape.module, factory)
        positional, keyword = _arg_views(shape.arguments, speller, asynchronous)
        views.append(
            HelperView(
                name=shape.name,
                path=shape.path,
                operations=shape.operations,
                doc=docstring(shape.doc, indent="        "),
                positional=positional,
                keyword=keyword,
                extra=shape.extra,
                returns=returns,
                coroutine=asynchronous and shape.awaited,
                factory=factory,
                leading=shape.leading,
                calls=shape.calls,
                settings=shape.settings,
            )
        )
    return views[0], views[1]


def _stream_call(helper: StreamHelperSignature) -> CallView:
    """`lambda: self.create(..., stream=True)`, with the configured defaults."""
    base = helper.base
    assert base.flag is not None
    forwarded = _forwarded(helper.arguments)
    for wire, value in helper.helper.defaults:
        argument = base.argument(wire)
        assert argument is not None
        name = argument.name
        default = python_source(json.loads(value))
        forwarded[forwarded.index((name, name))] = (
            name,
            f"{name} if not isinstance({name}, NotGiven) else {default}",
        )
    forwarded += [(base.flag.argument.name, "True"), *((o, o) for o in CALL_OPTIONS)]
    return CallView("open_stream", "", base.name, tuple(forwarded))


def stream_helper_views(
    helper: StreamHelperSignature, speller: TypeSpeller
) -> tuple[HelperView, HelperView]:
    """The stream helper on the sync client and on the async client."""
    settings = helper.helper
    completion = speller.spell(helper.completion, "response").text()
    chunk = speller.spell(helper.chunk, "response").text()
    asked = ", ".join(f"`{wire} = {value}`" for wire, value in settings.defaults)
    doc = _STREAM_DOC.format(
        call=helper.dotted,
        completion=completion,
        base=helper.base.name,
        defaults=f" Sends {asked} unless given." if asked else "",
    )
    fixed = ", ".join(f"{string_literal(k)}: {python_literal(v)}" for k, v in settings.fixed)
    managers = ("ChatCompletionStreamManager", "AsyncChatCompletionStreamManager")
    shape = _Shape(
        name=settings.name,
        path=helper.path,
        operations=f"{helper.base.operation.key} (stream)",
        doc=doc,
        arguments=helper.arguments,
        module="_chat_stream",
        factories=(
            (managers[0], f"{managers[0]}[{completion}, {chunk}]"),
            (managers[1], f"{managers[1]}[{completion}, {chunk}]"),
        ),
        awaited=False,
        calls=(_stream_call(helper),),
        settings=(
            ("completion_type", completion),
            ("text_fields", tuple_source(settings.text_fields)),
            ("fixed", "{" + fixed + "}"),
            ("strict", "self._client.strict_responses"),
        ),
    )
    return _pair(shape, speller)


def _job_rule(job: Job, speller: TypeSpeller) -> str:
    """The runtime's `JobRule(...)` for `job`, as a Python expression."""
    speller.need("_jobs", "JobRule")
    paths = {
        "status": job.status,
        "elapsed": job.elapsed,
        "expected": job.expected,
        "file_url": job.file_url,
    }
    arguments = [f"{k}={tuple_source(v)}" for k, v in paths.items() if v]
    if job.done:
        arguments.append("done=frozenset({" + ", ".join(map(string_literal, job.done)) + "})")
    if job.seconds_per_unit != 1.0:
        arguments.append(f"seconds_per_unit={job.seconds_per_unit!r}")
    return f"JobRule({', '.join(arguments)})"


def _carried_call(
    helper: JobSignature, target: Signature, keyword: str, attributes: dict[str, str]
) -> CallView:
    """`lambda job: self.retrieve(model=job.model, ...)`: `target` with what it requires."""

    def source(carried: Carried) -> str:
        if carried.source == "job":
            return f"job.{attributes[carried.wire]}"
        argument = helper.queue.argument(carried.wire)
        assert argument is not None
        return argument.name

    arguments = [(name, source(carried)) for name, carried in helper.carried(target)]
    arguments += [("extra_headers", "extra_headers"), ("timeout", "timeout")]
    return CallView(keyword, "job", target.name, tuple(arguments))


def job_views(
    helper: JobSignature, speller: TypeSpeller, models: dict[str, Model]
) -> tuple[HelperView, HelperView]:
    """The job helper on the sync client and on the async client."""
    [answer] = helper.queue.returns.json
    job_model = object_of(answer, models)
    assert job_model is not None
    attributes = attribute_names(job_model, models)
    forwarded = (*_forwarded(helper.arguments), *((o, o) for o in CALL_OPTIONS))
    calls = [
        CallView("queue", "", helper.queue.name, forwarded),
        _carried_call(helper, helper.retrieve, "retrieve", attributes),
    ]
    if helper.complete is not None:
        calls.append(_carried_call(helper, helper.complete, "complete", attributes))
    speller.need("collections.abc", "Callable")
    speller.need("_jobs", "JobProgress")
    called = [helper.queue, helper.retrieve, *([helper.complete] if helper.complete else [])]
    doc = _JOB_DOC.format(
        *(s.name for s in called[:2]), helper.complete.name if helper.complete else ""
    )
    returns = speller.spell(BinaryType(), "response")
    shape = _Shape(
        name=helper.job.name,
        path=helper.path,
        operations=", ".join(s.operation.key for s in called),
        doc=doc if helper.complete else doc.replace(_CLEANUP.format(""), ""),
        arguments=helper.arguments,
        module="_jobs",
        factories=(("run_job", returns.text()), ("async_run_job", returns.text(asynchronous=True))),
        awaited=True,
        calls=tuple(calls),
        settings=(*((a.name, a.name) for a in _POLLING), ("timeout", "timeout")),
        leading=("self._client", _job_rule(helper.job, speller)),
        extra=_POLLING,
    )
    return _pair(shape, speller)
