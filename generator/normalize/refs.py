"""Pass: resolve `$ref`s inside the document.

Only local references (`#/...`) are followed. A reference that points nowhere, or to a
file or URL, is reported with the pointer of the `$ref` itself and resolves to `None`;
callers then treat the schema as untyped so that the rest of the API still generates.
"""

from __future__ import annotations

from urllib.parse import unquote

from generator.diagnostics import Code, Diagnostics, split_pointer
from generator.load import JsonValue

_MAX_HOPS = 64


class RefResolver:
    """Follows `$ref` chains in one document, remembering what it already reported."""

    def __init__(self, document: dict[str, JsonValue], diagnostics: Diagnostics) -> None:
        self.document = document
        self.diagnostics = diagnostics
        self._reported: set[tuple[str, str]] = set()

    def lookup(self, ref: str) -> JsonValue | None:
        """The value at a local reference `#/a/b`, or None if it does not exist."""
        if not ref.startswith("#"):
            return None
        found = self._walk(ref)
        # A reference is a URI fragment, so it may be percent-encoded (`Foo%20Bar`).
        return found if found is not None or "%" not in ref else self._walk(unquote(ref))

    def _walk(self, pointer: str) -> JsonValue | None:
        node: JsonValue = self.document
        for token in split_pointer(pointer):
            if isinstance(node, dict) and token in node:
                node = node[token]
            elif isinstance(node, list) and token.isdigit() and int(token) < len(node):
                node = node[int(token)]
            else:
                return None
        return node

    def resolve(self, value: JsonValue, pointer: str) -> tuple[JsonValue, str]:
        """Follow `$ref`s from `value` (found at `pointer`) to a non-reference value.

        Returns the value and the pointer it lives at. Broken, external and circular
        references are reported once and give `({}, pointer)`: an untyped schema at the
        place of the reference.
        """
        origin = pointer
        seen: list[str] = []
        while isinstance(value, dict):
            ref = value.get("$ref")
            if not isinstance(ref, str):
                break
            if not ref.startswith("#"):
                self._report(
                    pointer,
                    Code.EXTERNAL_REF,
                    f"reference {ref!r} points outside this "
                    "document; it is read as an untyped value",
                    "inline the referenced schema or bundle the spec into one file",
                )
                return {}, origin
            if ref in seen or len(seen) > _MAX_HOPS:
                self._report(
                    pointer,
                    Code.CIRCULAR_REF,
                    f"reference {ref!r} only refers to itself through other references",
                    "point the $ref at an actual schema",
                )
                return {}, origin
            target = self.lookup(ref)
            if target is None:
                self._report(
                    pointer,
                    Code.BROKEN_REF,
                    f"reference {ref!r} points to nothing",
                    "check the spelling of the target or add the missing component",
                    error=True,
                )
                return {}, origin
            seen.append(ref)
            value, pointer = target, ref
        return value, pointer

    def _report(
        self, pointer: str, code: Code, message: str, hint: str, *, error: bool = False
    ) -> None:
        if (pointer, code) in self._reported:
            return
        self._reported.add((pointer, code))
        if error:
            self.diagnostics.error(code, message, pointer, hint)
        else:
            self.diagnostics.warn(code, message, pointer, hint)
