"""Stage 1: read a spec file (YAML or JSON) into plain Python data.

YAML is read by the YAML 1.2 core schema (`generator.yaml12`), not PyYAML's YAML 1.1 rules,
so `on`, `16:9` and dates stay the strings the spec means.

Duplicate mapping keys are reported with both line numbers. When both values are equal the
later one is kept with a warning (the spec author's intent is unambiguous); when they differ
the file is refused, because either choice could be wrong.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeAlias

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from generator.diagnostics import Code, Diagnostics, GeneratorError, join_pointer, split_pointer
from generator.yaml12 import (
    MAPPING_TAG,
    SEQUENCE_TAG,
    CoreSchemaLoader,
    is_core_tag,
    resolve_scalar,
)

JsonValue: TypeAlias = str | int | float | bool | list["JsonValue"] | dict[str, "JsonValue"] | None
"""Data as JSON would hold it: dict, list, str, int, float, bool or None."""

_MAX_YAML_DEPTH = 400


@dataclass
class SourceMap:
    """Finds the line of a JSON pointer, composing the document again only when asked."""

    text: str
    _root: Node | None = field(default=None, init=False, repr=False)
    _composed: bool = field(default=False, init=False, repr=False)

    def line_of(self, pointer: str) -> int | None:
        """1-based line of the deepest node on the pointer's path that exists."""
        if not self._composed:
            self._composed = True
            try:
                self._root = yaml.compose(self.text, Loader=CoreSchemaLoader)
            except yaml.YAMLError:
                self._root = None
        node = self._root
        if node is None:
            return None
        line: int = node.start_mark.line + 1
        for token in split_pointer(pointer):
            child = _child(node, token)
            if child is None:
                break
            key_node, node = child
            line = key_node.start_mark.line + 1
        return line


def _child(node: Node, token: str) -> tuple[Node, Node] | None:
    if isinstance(node, MappingNode):
        for key_node, value_node in node.value:
            if isinstance(key_node, ScalarNode) and key_node.value == token:
                return key_node, value_node
    elif isinstance(node, SequenceNode) and token.isdigit() and int(token) < len(node.value):
        item = node.value[int(token)]
        return item, item
    return None


@dataclass(frozen=True)
class LoadedSpec:
    """A spec as data, with what later stages need to report problems and pin versions."""

    path: str
    data: dict[str, JsonValue]
    sha256: str
    source: SourceMap

    @property
    def line_of(self) -> Callable[[str], int | None]:
        """Pointer-to-line lookup for diagnostics."""
        return self.source.line_of


def load_spec(path: str | Path, diagnostics: Diagnostics | None = None) -> LoadedSpec:
    """Read a YAML or JSON OpenAPI document; raise `GeneratorError` if it cannot be read."""
    name = str(path)
    try:
        raw = Path(path).read_bytes()
    except FileNotFoundError:
        raise GeneratorError.single(
            Code.FILE_NOT_FOUND,
            f"spec file {name!r} does not exist",
            file=name,
            hint="pass --spec with the path of an OpenAPI YAML or JSON file, "
            "or run `make update-spec` to fetch it",
        ) from None
    except OSError as exc:
        raise GeneratorError.single(
            Code.FILE_UNREADABLE,
            f"cannot read spec file {name!r}: {exc.strerror}",
            file=name,
            hint="check the path and its permissions",
        ) from None
    return load_spec_bytes(raw, name, diagnostics)


def load_spec_bytes(raw: bytes, name: str, diagnostics: Diagnostics | None = None) -> LoadedSpec:
    """Parse the bytes of a spec; `name` is used in messages."""
    diagnostics = diagnostics if diagnostics is not None else Diagnostics(file=name)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise GeneratorError.single(
            Code.NOT_UTF8,
            f"spec is not UTF-8 text (bad byte at offset {exc.start})",
            file=name,
            line=raw.count(b"\n", 0, exc.start) + 1,
            hint="OpenAPI documents must be UTF-8 encoded YAML or JSON",
        ) from None
    if not text.strip():
        raise GeneratorError.single(
            Code.EMPTY_FILE,
            "spec file is empty",
            file=name,
            hint="the file should hold an OpenAPI document; re-fetch it with `make update-spec`",
        )
    source = SourceMap(text)
    if diagnostics.line_of is None:
        diagnostics.line_of = source.line_of
    stripped = text.lstrip()
    if stripped[0] in "{[":
        data = _parse_json(text, name, diagnostics)
    else:
        data = _parse_yaml(text, name, diagnostics)
    if not isinstance(data, dict):
        raise GeneratorError.single(
            Code.NOT_A_MAPPING,
            f"spec must be a mapping at the top level, not {type(data).__name__}",
            file=name,
            line=1,
            hint="an OpenAPI document starts with keys like `openapi:` and `paths:`",
        )
    diagnostics.raise_if_errors()
    return LoadedSpec(name, data, hashlib.sha256(raw).hexdigest(), source)


def _parse_json(text: str, name: str, diagnostics: Diagnostics) -> JsonValue:
    duplicates: list[tuple[str, bool]] = []

    def pairs(items: list[tuple[str, JsonValue]]) -> dict[str, JsonValue]:
        result: dict[str, JsonValue] = {}
        for key, value in items:
            if key in result:
                duplicates.append((key, result[key] == value))
            result[key] = value
        return result

    try:
        data: JsonValue = json.loads(text, object_pairs_hook=pairs)
    except json.JSONDecodeError as exc:
        raise GeneratorError.single(
            Code.INVALID_JSON,
            f"not valid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})",
            file=name,
            line=exc.lineno,
            hint="fix the syntax at that position",
        ) from None
    except RecursionError:
        raise _too_deep(name) from None
    if duplicates:
        _report_json_duplicates(text, name, duplicates, diagnostics)
    return data


def _report_json_duplicates(
    text: str, name: str, duplicates: list[tuple[str, bool]], diagnostics: Diagnostics
) -> None:
    """Report duplicate keys of a JSON spec with their lines and pointers.

    The JSON parser does not say where a key is; JSON is YAML, so the YAML reader, which
    does, reads the text again (only when there are duplicates). Should it fail, the
    duplicates are reported without a place.
    """
    located = Diagnostics(file=name, line_of=diagnostics.line_of)
    try:
        _parse_yaml(text, name, located)
    except GeneratorError:
        pass
    found = [d for d in located if d.code == "duplicate-key"]
    if found:
        diagnostics.items.extend(found)
        return
    for key, same in duplicates:
        _report_duplicate(diagnostics, key, None, None, same=same)


def _parse_yaml(text: str, name: str, diagnostics: Diagnostics) -> JsonValue:
    try:
        # libyaml's composer recurses in C: a hostile depth would crash the process.
        if _nesting_depth(text) > _MAX_YAML_DEPTH:
            raise _too_deep(name)
        root = yaml.compose(text, Loader=CoreSchemaLoader)
    except yaml.MarkedYAMLError as exc:
        if "maximum nesting depth" in str(exc.problem):  # libyaml's own limit, met first
            raise _too_deep(name) from None
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        column = f", column {mark.column + 1}" if mark else ""
        raise GeneratorError.single(
            Code.INVALID_YAML,
            f"not valid YAML: {exc.problem or exc.context} (line {line}{column})",
            file=name,
            line=line,
            hint="fix the syntax at that position",
        ) from None
    except yaml.YAMLError as exc:
        raise GeneratorError.single(
            Code.INVALID_YAML,
            f"not valid YAML: {exc}",
            file=name,
            hint="fix the YAML syntax",
        ) from None
    if root is None:
        raise GeneratorError.single(
            Code.EMPTY_FILE,
            "spec file holds no YAML document",
            file=name,
            hint="the file should hold an OpenAPI document",
        )
    try:
        return _Constructor(diagnostics).construct(root, "#")
    except RecursionError:
        raise _too_deep(name) from None


def _nesting_depth(text: str) -> int:
    """How deep collections nest in the YAML `text`, from the (iterative) event stream."""
    depth = deepest = 0
    for event in yaml.parse(text, Loader=yaml.CSafeLoader):
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            deepest = max(deepest, depth)
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
    return deepest


def _too_deep(name: str) -> GeneratorError:
    return GeneratorError.single(
        Code.TOO_DEEP,
        "spec is nested too deeply to read",
        file=name,
        hint="flatten the document or break it up with $ref",
    )


class _Constructor:
    """Builds plain data from composed YAML nodes, reporting duplicate keys and odd tags."""

    def __init__(self, diagnostics: Diagnostics) -> None:
        self.diagnostics = diagnostics
        self.done: dict[int, JsonValue] = {}
        self.active: set[int] = set()

    def construct(self, node: Node, pointer: str) -> JsonValue:
        key = id(node)
        if key in self.done:
            return self.done[key]
        if key in self.active:
            raise GeneratorError.single(
                Code.RECURSIVE_ALIAS,
                "a YAML alias refers to a node that contains it",
                file=self.diagnostics.file,
                line=node.start_mark.line + 1,
                pointer=pointer,
                hint="JSON data cannot be recursive; use $ref for recursive schemas",
            )
        self.active.add(key)
        value = self._build(node, pointer)
        self.active.discard(key)
        self.done[key] = value
        return value

    def _build(self, node: Node, pointer: str) -> JsonValue:
        if isinstance(node, ScalarNode):
            return self._scalar(node, pointer)
        if node.tag not in (SEQUENCE_TAG, MAPPING_TAG):
            self.diagnostics.warn(
                Code.YAML_TAG,
                f"YAML tag {node.tag!r} is not part of the JSON data model; read as plain data",
                pointer,
                hint="remove the tag; OpenAPI documents are JSON data",
            )
        if isinstance(node, SequenceNode):
            return [self.construct(item, f"{pointer}/{i}") for i, item in enumerate(node.value)]
        assert isinstance(node, MappingNode)
        result: dict[str, JsonValue] = {}
        first_line: dict[str, int] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode):
                raise GeneratorError.single(
                    Code.COMPLEX_KEY,
                    "mapping keys must be plain scalars",
                    file=self.diagnostics.file,
                    line=key_node.start_mark.line + 1,
                    pointer=pointer,
                    hint="JSON objects only have string keys",
                )
            name = key_node.value
            child = join_pointer(pointer, name)
            value = self.construct(value_node, child)
            line = key_node.start_mark.line + 1
            if name in result:
                _report_duplicate(
                    self.diagnostics,
                    name,
                    first_line[name],
                    line,
                    same=result[name] == value,
                    pointer=child,
                )
            else:
                first_line[name] = line
            result[name] = value
        return result

    def _scalar(self, node: ScalarNode, pointer: str) -> JsonValue:
        value: str = node.value  # a scalar node's value is its text
        if is_core_tag(node.tag):
            return resolve_scalar(node.tag, value)
        self.diagnostics.warn(
            Code.YAML_TAG,
            f"YAML tag {node.tag!r} is not part of the JSON data model; read as a string",
            pointer,
            hint="remove the tag; OpenAPI documents are JSON data",
        )
        return value


def _report_duplicate(
    diagnostics: Diagnostics,
    key: str,
    first: int | None,
    second: int | None,
    *,
    same: bool,
    pointer: str = "",
) -> None:
    where = f" (lines {first} and {second})" if first and second else ""
    if same:
        diagnostics.warn(
            Code.DUPLICATE_KEY,
            f"mapping key {key!r} appears twice{where} with equal values; the second is used",
            pointer,
            hint="delete one of the two entries",
        )
    else:
        diagnostics.error(
            Code.DUPLICATE_KEY,
            f"mapping key {key!r} appears twice{where} with different values",
            pointer,
            hint="delete the entry that is wrong; loaders disagree on which one wins",
        )
