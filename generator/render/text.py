"""Spec text made safe to place in generated source: docstrings and string literals.

Everything a spec author wrote reaches the output only inside string literals, escaped
here, so no description can close a docstring, inject code or break the file's encoding.
"""

from __future__ import annotations

import functools
import json
import re
import textwrap
from collections.abc import Iterable

# Control characters, and the Unicode line breaks some editors and tools split lines at.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]")
_MAX_DOC_CHARS = 100_000
"""Docstrings carry the spec's prose whole; only a hostile spec's megabytes of text are cut."""


_NOT_PRINTABLE_ASCII = re.compile(r"[^\x20-\x7e]")
_SURROGATE = re.compile("[\ud800-\udfff]")


def _code_point_escape(match: re.Match[str]) -> str:
    point = ord(match.group())
    return f"\\u{point:04x}" if point <= 0xFFFF else f"\\U{point:08x}"


def string_literal(text: str) -> str:
    """`text` as a double-quoted, printable-ASCII string literal.

    Valid and equal to `text` both in Python source and in a TOML basic string: every
    character outside printable ASCII becomes a `\\uXXXX` or `\\UXXXXXXXX` escape (JSON's
    surrogate pairs would be two separate characters in Python and invalid TOML). Lone
    surrogates, which no UTF-8 file can hold, become U+FFFD.
    """
    body = json.dumps(_SURROGATE.sub("\ufffd", text), ensure_ascii=False)
    return _NOT_PRINTABLE_ASCII.sub(_code_point_escape, body)


def optional_literal(text: str | None) -> str:
    """`string_literal(text)`, or `None`."""
    return "None" if text is None else string_literal(text)


def string_set(texts: Iterable[str]) -> str:
    """A `frozenset` of string literals, sorted so that the output is stable."""
    items = ", ".join(string_literal(t) for t in sorted(set(texts)))
    return f"frozenset({{{items}}})" if items else "frozenset()"


def _escape(text: str) -> str:
    text = _SURROGATE.sub("\ufffd", text)  # no UTF-8 file can hold one
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", "    ")
    text = text.replace("\\", "\\\\").replace('"""', '\\"\\"\\"')
    return _CONTROL.sub(lambda m: ascii(m.group())[1:-1], text)


def plain_text(text: str, limit: int = 200) -> str:
    """`text` as one printable line (for titles in Markdown and messages)."""
    flat = " ".join(_CONTROL.sub(" ", _SURROGATE.sub("\ufffd", text)).split())
    return flat if len(flat) <= limit else flat[:limit].rstrip() + " ..."


def _ends_with_bare_quote(line: str) -> bool:
    """Whether `line` ends in a `"` that no backslash escapes."""
    stripped = line.removesuffix('"')
    if stripped == line:
        return False
    backslashes = len(stripped) - len(stripped.rstrip("\\"))
    return backslashes % 2 == 0


def inline_doc(text: str, limit: int = 200) -> str:
    """`text` on one line, escaped for use inside a docstring (a title, a URL)."""
    flat = " ".join(text.split())
    if len(flat) > limit:
        flat = flat[:limit].rstrip() + " ..."
    escaped = _escape(flat)
    return escaped + " " if _ends_with_bare_quote(escaped) else escaped


def doc_lines(text: str | None, width: int = 88) -> list[str]:
    """Spec prose as escaped, wrapped lines without trailing blanks."""
    if not text or not text.strip():
        return []
    return list(_wrapped(text, width))


@functools.lru_cache(maxsize=4096)
def _wrapped(text: str, width: int) -> tuple[str, ...]:
    # The same descriptions come back for sync and async methods, params and models alike,
    # and textwrap is the slowest part of rendering.
    if len(text) > _MAX_DOC_CHARS:
        text = text[:_MAX_DOC_CHARS].rstrip() + " ..."
    lines: list[str] = []
    for raw in _escape(text.strip()).split("\n"):
        line = raw.rstrip()
        if len(line) <= width or line.lstrip().startswith(("|", "```")):
            lines.append(line)
            continue
        indent = line[: len(line) - len(line.lstrip())]
        lines.extend(
            textwrap.wrap(
                line,
                width,
                initial_indent="",
                subsequent_indent=indent,
                break_long_words=False,
                break_on_hyphens=False,
            )
            or [""]
        )
    while lines and not lines[-1]:
        lines.pop()
    # A block of text whose blank lines were doubled (YAML folding) reads better single-spaced.
    compact: list[str] = []
    for line in lines:
        if line or (compact and compact[-1]):
            compact.append(line)
    return tuple(compact)


def docstring(text: str | None, indent: str = "    ", width: int = 88) -> str | None:
    """A complete triple-quoted docstring literal for `text`, or None if there is no text.

    Continuation lines carry `indent`, which must match where the literal is placed.
    """
    lines = doc_lines(text, width)
    if not lines:
        return None
    body = [lines[0], *[(indent + line) if line else "" for line in lines[1:]]]
    if _ends_with_bare_quote(body[-1]):  # it would merge with the closing quotes
        body[-1] = body[-1][:-1] + '\\"'
    if len(body) == 1:
        return f'"""{body[0]}"""'
    return '"""' + "\n".join(body) + "\n" + indent + '"""'
