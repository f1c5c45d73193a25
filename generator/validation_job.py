"""Validation beside the rest of the pipeline: cached, or in a forked process.

Validation is a third of a cold run and its findings only add diagnostics (warnings unless
`--strict`), so it need not hold up normalising and rendering. `start_validation` checks
the OpenAPI version at once (an unknown version is an error that stops the run), then
takes the findings from the cache, or forks a process that validates while this one goes
on, or validates here: under `--strict` (findings stop the run before normalising), where
`fork` is missing, or where other threads run (forking those is unsafe).
`PendingValidation.join` puts the findings into the collector where validation would have
put them, ahead of the later stages' diagnostics, so the output reads the same.
"""

from __future__ import annotations

import json
import os
import signal
import threading
from dataclasses import dataclass, field

from generator.cache import Cache, validation_key
from generator.diagnostics import Code, Diagnostic, Diagnostics, Level
from generator.load import LoadedSpec
from generator.validate import openapi_version, run_validator

Finding = list[str]
"""[level, code, message, pointer, hint]: a diagnostic as the cache and the pipe carry it."""

PARALLEL = True
"""Whether validation may run in a forked process (tests turn it off to compare)."""


def _findings(items: list[Diagnostic]) -> list[Finding]:
    return [[d.level.value, d.code.value, d.message, d.pointer, d.hint] for d in items]


def _validate_here(spec: LoadedSpec, version: str, *, strict: bool) -> list[Finding]:
    collector = Diagnostics()
    run_validator(spec, version, collector, strict=strict)
    return _findings(collector.items)


@dataclass
class PendingValidation:
    """Findings on their way: known already, or being written by a child process."""

    spec: LoadedSpec
    version: str | None
    strict: bool
    cache: Cache | None
    key: str
    findings: list[Finding] | None = None
    child: tuple[int, int] | None = None
    """(process id, read end of the pipe) of the forked validator."""
    _joined: bool = field(default=False, init=False)

    def _collect(self) -> list[Finding]:
        if self.findings is not None:
            return self.findings
        if self.child is not None:
            pid, read_end = self.child
            with os.fdopen(read_end, "rb") as pipe:
                payload = pipe.read()
            _, status = os.waitpid(pid, 0)
            if os.waitstatus_to_exitcode(status) == 0:
                return list(json.loads(payload))
        # No child, or it died: validate here after all.
        assert self.version is not None
        return _validate_here(self.spec, self.version, strict=self.strict)

    def join(self, diagnostics: Diagnostics, at: int) -> None:
        """Insert the findings into `diagnostics` at index `at` (once)."""
        if self._joined or self.version is None:
            return
        self._joined = True
        findings = self._collect()
        if self.cache is not None and self.findings is None:
            self.cache.store_validation(self.key, findings)
        replay = Diagnostics(file=diagnostics.file, line_of=diagnostics.line_of)
        for level, code, message, pointer, hint in findings:
            replay.add(Level(level), Code(code), message, pointer, hint)
        diagnostics.items[at:at] = replay.items

    def cancel(self) -> None:
        """Stop a forked validator (the run is being interrupted) without waiting for it."""
        if self.child is not None and not self._joined:
            self._joined = True
            pid, read_end = self.child
            os.close(read_end)
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)


def start_validation(
    spec: LoadedSpec, diagnostics: Diagnostics, *, strict: bool, cache: Cache | None
) -> PendingValidation:
    """Begin validating `spec`; version errors go into `diagnostics` at once."""
    version = openapi_version(spec, diagnostics)
    key = validation_key(spec.sha256, strict=strict)
    pending = PendingValidation(spec, version, strict, cache, key)
    if version is None:
        return pending
    pending.findings = cache.lookup_validation(key) if cache is not None else None
    if pending.findings is None:
        if strict or not _can_fork():
            pending.findings = _validate_here(spec, version, strict=strict)
            if cache is not None:
                cache.store_validation(key, pending.findings)
        else:
            pending.child = _fork_validator(spec, version)
    return pending


def _can_fork() -> bool:
    return PARALLEL and hasattr(os, "fork") and threading.active_count() == 1


def _fork_validator(spec: LoadedSpec, version: str) -> tuple[int, int]:
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: validate, send the findings, and leave without cleanup
        code = 1
        try:
            os.close(read_end)
            payload = json.dumps(_validate_here(spec, version, strict=False)).encode()
            with os.fdopen(write_end, "wb") as pipe:
                pipe.write(payload)
            code = 0
        finally:
            os._exit(code)
    os.close(write_end)
    return pid, read_end
