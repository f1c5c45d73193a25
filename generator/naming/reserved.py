"""Names that generated classes, resources and client attributes must not take.

The runtime's own names are read from the runtime itself, so that a name it adds is
reserved without anyone copying it here: what the runtime modules that generated code
imports from export (their `__all__`), and what its client classes define. The names
the generated modules import from libraries (typing, typing_extensions, collections.abc,
functools, pydantic) are spelled out instead: those libraries export far more than the
templates use, and reserving all of it would rename models (`Text`, `Pattern`) for
nothing. `tests/test_reserved_names.py` checks both against the committed package.
"""

from __future__ import annotations

from generator.runtime import module_exports, public_members

IMPORTED_MODULES = (
    "_async_client",
    "_base_client",
    "_chat_stream",
    "_files",
    "_jobs",
    "_models",
    "_pagination",
    "_raw",
    "_resource",
    "_response",
    "_streamed",
    "_streaming",
    "_sync_client",
    "_types",
    "_unions",
)
"""The runtime modules that generated types, resources and clients import from. The
others (errors among them) never share a module with a generated class, so a model may
keep a name like `PayloadTooLargeError` that the runtime's exceptions also use."""
RUNTIME_EXPORTS = frozenset().union(*(module_exports(f"{m}.py") for m in IMPORTED_MODULES))
"""What those modules export (their `__all__`)."""

LIBRARY_IMPORTS = frozenset(
    {
        "Annotated",
        "Any",
        "Callable",
        "ConfigDict",
        "Field",
        "Final",
        "Literal",
        "Mapping",
        "NotRequired",
        "Optional",
        "Required",
        "Self",
        "Sequence",
        "TYPE_CHECKING",
        "TypeAlias",
        "TypeAliasType",
        "TypedDict",
        "Union",
        "cached_property",
        "cast",
        "deprecated",
        "overload",
    }
)
"""What the templates import from libraries (`_macros.j2`, `render.types` and the module
templates): a generated class of the same name would hide the import."""

MODULE_NAMES = frozenset({"annotations", "builtins", "httpx", "importlib"})
"""The modules (and the `__future__` feature) the generated modules import by name."""

CLIENT_MEMBERS = (
    public_members("_base_client.py", "BaseClient")
    | public_members("_sync_client.py", "SyncAPIClient")
    | public_members("_async_client.py", "AsyncAPIClient")
)
"""What the runtime's client classes define; the generated clients add resources to it."""

GENERATED_CLIENT_MEMBERS = frozenset(
    {"with_raw_response", "with_streaming_response", "put", "patch"}
)
"""What the generated client defines itself (`with_raw_response`, `with_streaming_response`),
and the generic calls (`put`, `patch`) the runtime may grow: kept free now so that adding
them later renames no resource."""
