"""Problems found in a spec, as values.

Every stage reports what it finds through a `Diagnostics` collector instead of raising: a
`Diagnostic` says what is wrong, where (file, line, JSON pointer) and what to do about it.
Stages raise `GeneratorError` only when they cannot go on; the CLI turns that into exit
status 2 with every collected message printed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from enum import Enum


class Level(Enum):
    """How bad a problem is: warnings still generate, errors stop generation."""

    WARNING = "warning"
    ERROR = "error"


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One problem: a stable `code`, a sentence for people, and where it is."""

    level: Level
    code: str
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

    def add(self, level: Level, code: str, message: str, pointer: str = "", hint: str = "") -> None:
        """Record one problem, looking up its line from the pointer."""
        line = self.line_of(pointer) if (self.line_of and pointer) else None
        self.items.append(Diagnostic(level, code, message, pointer, hint, self.file, line))

    def warn(self, code: str, message: str, pointer: str = "", hint: str = "") -> None:
        """Record a problem that does not stop generation."""
        self.add(Level.WARNING, code, message, pointer, hint)

    def error(self, code: str, message: str, pointer: str = "", hint: str = "") -> None:
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
        code: str,
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
