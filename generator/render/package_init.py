"""What the package's `__init__` exports: the names it imports at once, the names that load
on first use, and `__all__`, which is both (one list of names, so the three cannot drift).
"""

from __future__ import annotations

from dataclasses import dataclass

from generator.runtime import module_exports

ExportGroup = tuple[str, tuple[str, ...]]
"""A runtime module and the names the package takes from it."""

LAZY_EXPORTS: tuple[ExportGroup, ...] = (
    (
        "_chat_events",
        (
            "ChatStreamEvent",
            "ChunkEvent",
            "TextDeltaEvent",
            "TextDoneEvent",
            "ToolCallDeltaEvent",
            "ToolCallDoneEvent",
        ),
    ),
    (
        "_chat_stream",
        (
            "AsyncChatCompletionStream",
            "AsyncChatCompletionStreamManager",
            "ChatCompletionStream",
            "ChatCompletionStreamManager",
        ),
    ),
    ("_jobs", ("JobProgress", "JobTimeoutError")),
    ("_pagination", ("AsyncPage", "AsyncPaginator", "SyncPage")),
    ("_raw", ("RawResponse",)),
    ("_response", ("AsyncBinaryResponse", "BinaryResponse")),
    (
        "_streamed",
        (
            "AsyncStreamedResponse",
            "AsyncStreamedResponseManager",
            "StreamedResponse",
            "StreamedResponseManager",
        ),
    ),
    ("_streaming", ("AsyncStream", "Stream")),
)
"""The exports that load on first use (the clients' module joins them), by runtime module:
what they import (pydantic's model machinery among it) is not paid by `import <package>`."""

_VERSION_NAMES = ("SPEC_VERSION", "__api_version__", "__spec_sha256__", "__version__")


@dataclass(frozen=True)
class PackageExports:
    """The view `templates/package_init.py.j2` renders."""

    eager: tuple[ExportGroup, ...]
    """Imported with the package (the error base, from `_constants`, and `types` aside)."""
    lazy: tuple[ExportGroup, ...]
    """Imported on first use."""
    all: tuple[str, ...]
    """`__all__`, in the order ruff sorts it (constants, classes, the rest)."""


def package_exports(client: str, async_client: str, error_base: str) -> PackageExports:
    """The package's exports, its clients named `client` and `async_client`."""
    # The error classes are the capitalised names of `_exceptions.__all__` (its functions
    # are the runtime's own).
    errors = sorted(n for n in module_exports("_exceptions.py") if n[0].isupper())
    eager: tuple[ExportGroup, ...] = (
        ("_exceptions", tuple(errors)),
        ("_files", ("FileTypes",)),
        ("_types", ("NOT_GIVEN", "NotGiven")),
        ("_version", _VERSION_NAMES),
    )
    lazy = (("_client", (async_client, client)), *LAZY_EXPORTS)
    names = {error_base, "types", *(n for _, group in (*eager, *lazy) for n in group)}
    return PackageExports(eager, lazy, tuple(sorted(names, key=_ruff_order)))


def _ruff_order(name: str) -> tuple[int, str]:
    """ruff's order of `__all__` (RUF022): SCREAMING_CASE, then CamelCase, then the rest."""
    if name.isupper():
        return 0, name
    return (1 if name[0].isupper() else 2), name
