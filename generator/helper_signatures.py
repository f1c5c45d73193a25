"""The signatures of the helper methods the config adds, built on the operations' own.

A stream helper (`client.chat.completions.stream`) takes what its operation's method
takes but the `stream` flag, and gives a stream manager of the operation's completion and
chunk types. A job helper (`client.video.generate`) takes what `queue` takes, plus how to
poll, and gives the file; it calls `queue`, `retrieve` and `complete`, passing the latter
two the fields they require from the job. The resource views, the README and API views
and the diff tool read these, as they read `signatures`.
"""

from __future__ import annotations

from dataclasses import dataclass

from generator.ir import Api, ModelRef, TypeRef
from generator.ir_features import Carried, Job, StreamHelper
from generator.signatures import Argument, Signature


@dataclass(frozen=True, slots=True)
class StreamHelperSignature:
    """`client.<resource>.<helper>(...)` beside a streaming method."""

    base: Signature
    helper: StreamHelper

    @property
    def path(self) -> tuple[str, ...]:
        """Resource path and method name: `("chat", "completions", "stream")`."""
        return (*self.base.path[:-1], self.helper.name)

    @property
    def dotted(self) -> str:
        """The call as written: `client.chat.completions.stream`."""
        return ".".join(("client", *self.path))

    @property
    def arguments(self) -> tuple[Argument, ...]:
        """The base method's arguments in signature order, but the stream flag."""
        flag = self.base.flag.argument if self.base.flag is not None else None
        return tuple(a for a in (*self.base.positional, *self.base.keyword) if a != flag)

    @property
    def completion(self) -> TypeRef:
        """The completion the chunks make up (the operation's JSON answer)."""
        return ModelRef(self.helper.completion)

    @property
    def chunk(self) -> TypeRef:
        """The type of each chunk."""
        assert self.base.flag is not None and self.base.flag.stream_item is not None
        return self.base.flag.stream_item


@dataclass(frozen=True, slots=True)
class JobSignature:
    """`client.<resource>.<helper>(...)` beside a job's `queue` method."""

    job: Job
    queue: Signature
    retrieve: Signature
    complete: Signature | None

    @property
    def path(self) -> tuple[str, ...]:
        """Resource path and method name: `("video", "generate")`."""
        return (*self.queue.path[:-1], self.job.name)

    @property
    def dotted(self) -> str:
        """The call as written: `client.video.generate`."""
        return ".".join(("client", *self.path))

    @property
    def arguments(self) -> tuple[Argument, ...]:
        """`queue`'s arguments, in signature order (the polling ones come after)."""
        return (*self.queue.positional, *self.queue.keyword)

    def carried(self, target: Signature) -> tuple[tuple[str, Carried], ...]:
        """(`target`'s argument name, where its value comes from) for `retrieve` or
        `complete`."""
        fields = self.job.retrieve_args if target is self.retrieve else self.job.complete_args
        pairs = []
        for carried in fields:
            argument = target.argument(carried.target)
            assert argument is not None, carried
            pairs.append((argument.name, carried))
        return tuple(pairs)


def stream_helper_signature(signature: Signature) -> StreamHelperSignature | None:
    """The stream helper beside a method, if its operation has one."""
    helper = signature.operation.stream_helper
    if helper is None or signature.flag is None or signature.flag.kind != "stream":
        return None
    return StreamHelperSignature(signature, helper)


def job_signatures(api: Api, signatures: dict[str, Signature]) -> tuple[JobSignature, ...]:
    """Every job helper (each beside its `queue` operation's method)."""
    return tuple(
        JobSignature(
            job,
            signatures[job.queue],
            signatures[job.retrieve],
            signatures[job.complete] if job.complete else None,
        )
        for job in api.jobs
    )
