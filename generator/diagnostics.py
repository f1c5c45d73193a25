"""Problems found in a spec, as values.

Every stage reports what it finds through a `Diagnostics` collector instead of raising: a
`Diagnostic` says what is wrong, where (file, line, JSON pointer) and what to do about it.
Stages raise `GeneratorError` only when they cannot go on; the CLI turns that into exit
status 2 with every collected message printed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from enum import Enum, StrEnum


class Code(StrEnum):
    """Every diagnostic the generator reports, by stable code (the list people and tools
    can rely on; a new problem gets a new member here, never an ad-hoc string)."""

    # Reading the input
    FILE_NOT_FOUND = "file-not-found"  # the spec file does not exist
    FILE_UNREADABLE = "file-unreadable"  # the spec file cannot be read
    NOT_UTF8 = "not-utf8"  # the bytes are not UTF-8 text
    EMPTY_FILE = "empty-file"  # nothing to read
    INVALID_JSON = "invalid-json"  # text that is not JSON
    INVALID_YAML = "invalid-yaml"  # text that is not YAML
    YAML_TAG = "yaml-tag"  # a YAML tag JSON cannot hold
    DUPLICATE_KEY = "duplicate-key"  # a mapping key given twice with different values
    COMPLEX_KEY = "complex-key"  # a mapping key that is not a scalar
    TOO_DEEP = "too-deep"  # nesting past what the parsers handle
    NOT_A_MAPPING = "not-a-mapping"  # the top level is not an object
    # Is it OpenAPI?
    NOT_OPENAPI = "not-openapi"  # no `openapi` field
    UNSUPPORTED_VERSION = "unsupported-version"  # Swagger 2, or an OpenAPI we do not know
    INVALID_OPENAPI = "invalid-openapi"  # the validator's findings
    VALIDATOR_FAILED = "validator-failed"  # the validator itself could not run
    NO_PATHS = "no-paths"  # nothing to call
    # References and schemas
    BROKEN_REF = "broken-ref"  # a `$ref` to nothing
    CIRCULAR_REF = "circular-ref"  # a `$ref` that leads back to itself
    EXTERNAL_REF = "external-ref"  # a `$ref` to another file or URL (never fetched)
    CIRCULAR_ALLOF = "circular-allof"  # an `allOf` that includes itself
    RECURSIVE_SCHEMA = "recursive-schema"  # inline schemas nested too deep to follow
    RECURSIVE_UNION = "recursive-union"  # a union that contains itself
    RECURSIVE_ALIAS = "recursive-alias"  # an alias that refers to itself
    BAD_SCHEMA = "bad-schema"  # a schema that is not an object
    UNKNOWN_TYPE = "unknown-type"  # a `type` OpenAPI does not have
    ENUM_VALUE = "enum-value"  # an enum value that is not a scalar
    DISCRIMINATOR_IGNORED = "discriminator-ignored"  # a discriminator that cannot apply
    EMPTY_PROPERTY_NAME = "empty-property-name"  # a property named "" (cannot be typed)
    # Operations
    BAD_OPERATION = "bad-operation"  # a path item or operation that is not an object
    BAD_PARAMETER = "bad-parameter"  # a parameter without a name or a known `in`
    UNDECLARED_PATH_PARAMETER = "undeclared-path-parameter"  # `{x}` in a path, not declared
    METHOD_COLLISION = "method-collision"  # two operations want the same method name
    UNNAMED_OPERATION = "unnamed-operation"  # an operation the config does not place
    # The config and the pin
    NO_CONFIG = "no-config"  # the default config file is missing
    CONFIG_NOT_FOUND = "config-not-found"  # the config file given does not exist
    CONFIG_INVALID = "config-invalid"  # the config file does not validate
    CONFIG_UNUSED = "config-unused"  # a config entry that matches nothing
    CONFIG_NAME_TAKEN = "config-name-taken"  # a configured name already in use
    CONFIG_STREAM = "config-stream"  # a `stream` setting that does not fit the operation
    CONFIG_BINARY = "config-binary"  # a `binary_when` setting that does not fit
    CONFIG_ACCEPT = "config-accept"  # an `accept` setting naming undeclared media types
    CONFIG_PAGINATION = "config-pagination"  # a `pagination` setting that does not fit
    CONFIG_STREAM_HELPER = "config-stream-helper"  # a `stream_helper` that does not fit
    CONFIG_JOB = "config-job"  # a `[jobs]` family whose operations do not fit
    EXTRA_SCHEMAS_MISSING = "extra-schemas-missing"  # the config's extra schemas file is gone
    EXTRA_SCHEMA_SHADOWED = "extra-schema-shadowed"  # the spec now defines an extra schema
    PIN_MISSING = "pin-missing"  # no pin file
    PIN_INVALID = "pin-invalid"  # a pin file that does not read
    PINNED_SPEC_MISSING = "pinned-spec-missing"  # no copy of the pinned spec is at hand
    ALIAS_DROPPED = "alias-dropped"  # a kept old type name whose type is gone
    # Writing
    FORMAT_FAILED = "format-failed"  # ruff could not format the output
    OUTPUT_NOT_GENERATED = "output-not-generated"  # `--out` holds files we did not write
    OUTPUT_UNWRITABLE = "output-unwritable"  # `--out` cannot be written


class Level(Enum):
    """How bad a problem is: warnings still generate, errors stop generation."""

    WARNING = "warning"
    ERROR = "error"


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One problem: a stable `code`, a sentence for people, and where it is."""

    level: Level
    code: Code
    message: str
    pointer: str = ""
    hint: str = ""
    file: str | None = None
    line: int | None = None

    def format(self) -> str:
        """Render as `file:line: level[code]: message (at pointer)` plus an indented hint."""
        where = self.file or "venice-codegen"
        if self.line is not None:
            where = f"{where}:{self.line}"
        text = f"{where}: {self.level.value}[{self.code}]: {self.message}"
        if self.pointer:
            text += f" (at {self.pointer})"
        if self.hint:
            text += f"\n    hint: {self.hint}"
        return text


LineLookup = Callable[[str], int | None]


@dataclass
class Diagnostics:
    """Collects diagnostics; knows the file and how to turn a JSON pointer into a line."""

    file: str | None = None
    line_of: LineLookup | None = None
    items: list[Diagnostic] = field(default_factory=list)

    def add(
        self, level: Level, code: Code, message: str, pointer: str = "", hint: str = ""
    ) -> None:
        """Record one problem, looking up its line from the pointer."""
        line = self.line_of(pointer) if (self.line_of and pointer) else None
        self.items.append(Diagnostic(level, code, message, pointer, hint, self.file, line))

    def warn(self, code: Code, message: str, pointer: str = "", hint: str = "") -> None:
        """Record a problem that does not stop generation."""
        self.add(Level.WARNING, code, message, pointer, hint)

    def error(self, code: Code, message: str, pointer: str = "", hint: str = "") -> None:
        """Record a problem that stops generation once the current stage ends."""
        self.add(Level.ERROR, code, message, pointer, hint)

    @property
    def errors(self) -> list[Diagnostic]:
        """The diagnostics at error level."""
        return [d for d in self.items if d.level is Level.ERROR]

    @property
    def warnings(self) -> list[Diagnostic]:
        """The diagnostics at warning level."""
        return [d for d in self.items if d.level is Level.WARNING]

    def __iter__(self) -> Iterator[Diagnostic]:
        return iter(self.items)

    def raise_if_errors(self) -> None:
        """Stop the pipeline if any error was recorded."""
        if self.errors:
            raise GeneratorError(self.errors)


class GeneratorError(Exception):
    """The spec (or config) cannot be turned into a client; carries the reasons."""

    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        self.diagnostics = diagnostics
        super().__init__("\n".join(d.format() for d in diagnostics))

    @classmethod
    def single(
        cls,
        code: Code,
        message: str,
        *,
        file: str | None = None,
        line: int | None = None,
        pointer: str = "",
        hint: str = "",
    ) -> GeneratorError:
        """Build the error for one problem found outside a `Diagnostics` collector."""
        return cls([Diagnostic(Level.ERROR, code, message, pointer, hint, file, line)])


def escape_pointer_token(token: str) -> str:
    """Escape one JSON-pointer reference token (RFC 6901)."""
    return token.replace("~", "~0").replace("/", "~1")


def unescape_pointer_token(token: str) -> str:
    """Undo `escape_pointer_token`."""
    return token.replace("~1", "/").replace("~0", "~")


def join_pointer(pointer: str, *tokens: str | int) -> str:
    """Append reference tokens to a `#/...` pointer."""
    return pointer + "".join("/" + escape_pointer_token(str(t)) for t in tokens)


def split_pointer(pointer: str) -> list[str]:
    """The unescaped reference tokens of a `#/...` pointer."""
    body = pointer[1:] if pointer.startswith("#") else pointer
    if not body:
        return []
    return [unescape_pointer_token(t) for t in body.lstrip("/").split("/")]
