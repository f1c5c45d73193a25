"""Stage 1: reading YAML (1.2 core schema) and JSON, with errors people can act on."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from generator.diagnostics import Diagnostics, GeneratorError, Level
from generator.load import load_spec, load_spec_bytes
from generator.yaml12 import resolve_plain_scalar
from tests.project import PINNED_SPEC


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("on", "on"),
        ("off", "off"),
        ("yes", "yes"),
        ("no", "no"),
        ("On", "On"),
        ("y", "y"),
        ("16:9", "16:9"),
        ("1:1", "1:1"),
        ("2026-04-09", "2026-04-09"),
        ("2026-04-09T12:00:00.000Z", "2026-04-09T12:00:00.000Z"),
        ("true", True),
        ("False", False),
        ("TRUE", True),
        ("null", None),
        ("~", None),
        ("", None),
        ("NULL", None),
        ("12", 12),
        ("-3", -3),
        ("+7", 7),
        ("012", 12),
        ("0o17", 15),
        ("0x1F", 31),
        ("1.5", 1.5),
        ("1e3", 1000.0),
        (".5", 0.5),
        ("-.inf", -math.inf),
        ("20260821.193530", 20260821.19353),
        ("1_000", "1_000"),
        ("0b101", "0b101"),
        ("1.0.0", "1.0.0"),
    ],
)
def test_plain_scalars_follow_the_yaml_1_2_core_schema(text: str, expected: object) -> None:
    assert resolve_plain_scalar(text) == expected
    assert type(resolve_plain_scalar(text)) is type(expected)


def test_nan_is_a_float() -> None:
    value = resolve_plain_scalar(".nan")
    assert isinstance(value, float) and math.isnan(value)


def test_quoted_and_tagged_scalars_stay_strings() -> None:
    data = load_spec_bytes(b'a: "on"\nb: \'12\'\nc: !!str 16:9\nd: !!int "7"\n', "x.yaml").data
    assert data == {"a": "on", "b": "12", "c": "16:9", "d": 7}


def test_mapping_keys_keep_their_source_text() -> None:
    data = load_spec_bytes(b"responses:\n  200: {description: ok}\n  4XX: {}\n", "x.yaml").data
    assert list(data["responses"]) == ["200", "4XX"]


def test_the_pinned_spec_keeps_venice_strings() -> None:
    data = load_spec(PINNED_SPEC).data
    chat = data["components"]["schemas"]["ChatCompletionRequest"]["properties"]
    web_search = chat["venice_parameters"]["properties"]["enable_web_search"]
    assert web_search["enum"] == ["auto", "off", "on"]
    assert web_search["default"] == "off"
    assert data["info"]["version"] == "20260821.193530"
    edit = data["components"]["schemas"]["EditImageRequest"]["properties"]["aspect_ratio"]
    assert "16:9" in edit["enum"]


def test_duplicate_keys_with_equal_values_warn_with_both_lines() -> None:
    diagnostics = Diagnostics(file="x.yaml")
    data = load_spec_bytes(b"a:\n  b: 1\n  c: 2\n  b: 1\n", "x.yaml", diagnostics).data
    assert data == {"a": {"b": 1, "c": 2}}
    [warning] = diagnostics.items
    assert warning.level is Level.WARNING and warning.code == "duplicate-key"
    assert "lines 2 and 4" in warning.message and warning.pointer == "#/a/b"
    assert warning.line == 2


def test_duplicate_keys_with_different_values_are_refused() -> None:
    with pytest.raises(GeneratorError) as caught:
        load_spec_bytes(b"a:\n  b: 1\n  b: 2\n", "x.yaml")
    [error] = caught.value.diagnostics
    assert error.code == "duplicate-key" and "different values" in error.message
    assert "lines 2 and 3" in error.message and error.file == "x.yaml"


def test_json_is_read_and_its_duplicate_keys_reported() -> None:
    diagnostics = Diagnostics()
    data = load_spec_bytes(b'{"a": {"x": 1, "x": 1}, "on": "off"}', "x.json", diagnostics).data
    assert data == {"a": {"x": 1}, "on": "off"}
    assert [d.code for d in diagnostics] == ["duplicate-key"]


def test_json_duplicate_keys_are_located_like_yaml_ones() -> None:
    text = b'{"paths": {"/a": {\n  "get": {"operationId": "a"},\n  "get": {"operationId": "b"}}}}'
    with pytest.raises(GeneratorError) as caught:
        load_spec_bytes(text, "x.json")
    [error] = caught.value.diagnostics
    assert (error.code, error.line, error.pointer) == ("duplicate-key", 2, "#/paths/~1a/get")
    assert "(lines 2 and 3) with different values" in error.message


def test_invalid_json_gives_line_and_column() -> None:
    with pytest.raises(GeneratorError) as caught:
        load_spec_bytes(b'{\n  "a": 1,\n  "b": \n}', "x.json")
    [error] = caught.value.diagnostics
    assert error.code == "invalid-json" and error.line == 4 and "column 1" in error.message


def test_invalid_yaml_gives_line_and_column() -> None:
    with pytest.raises(GeneratorError) as caught:
        load_spec_bytes(b"a: 1\nb: [1, 2\nc: 3\n", "x.yaml")
    [error] = caught.value.diagnostics
    assert error.code == "invalid-yaml" and error.line is not None and "column" in error.message


@pytest.mark.parametrize("content", [b"", b"   \n\n", b"# only a comment\n"])
def test_empty_files_are_refused(content: bytes) -> None:
    with pytest.raises(GeneratorError) as caught:
        load_spec_bytes(content, "x.yaml")
    assert caught.value.diagnostics[0].code == "empty-file"


def test_a_document_that_is_not_a_mapping_is_refused() -> None:
    with pytest.raises(GeneratorError) as caught:
        load_spec_bytes(b"- 1\n- 2\n", "x.yaml")
    assert caught.value.diagnostics[0].code == "not-a-mapping"


def test_missing_file_says_what_to_do(tmp_path: Path) -> None:
    with pytest.raises(GeneratorError) as caught:
        load_spec(tmp_path / "nope.yaml")
    [error] = caught.value.diagnostics
    assert error.code == "file-not-found" and "make update-spec" in error.hint


def test_recursive_aliases_are_refused() -> None:
    with pytest.raises(GeneratorError) as caught:
        load_spec_bytes(b"a: &x\n  b: *x\n", "x.yaml")
    assert caught.value.diagnostics[0].code == "recursive-alias"


def test_aliases_are_shared_values() -> None:
    data = load_spec_bytes(b"a: &x {k: 1}\nb: *x\n", "x.yaml").data
    assert data["b"] == {"k": 1}


def test_line_of_finds_nested_pointers() -> None:
    spec = load_spec_bytes(b"paths:\n  /a/b:\n    get:\n      responses: {}\n", "x.yaml")
    assert spec.line_of("#/paths/~1a~1b/get") == 3
    assert spec.line_of("#/paths/~1a~1b/get/missing/deeper") == 3
    assert spec.line_of("#/paths") == 1
