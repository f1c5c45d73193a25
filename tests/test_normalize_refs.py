"""Pass: resolving local `$ref`s, and reporting the ones that cannot be followed."""

from __future__ import annotations

from generator.diagnostics import Diagnostics, Level
from generator.normalize.allof import merge_all_of
from generator.normalize.refs import RefResolver

DOC = {
    "components": {
        "schemas": {
            "A": {"$ref": "#/components/schemas/B"},
            "B": {"type": "string"},
            "Loop1": {"$ref": "#/components/schemas/Loop2"},
            "Loop2": {"$ref": "#/components/schemas/Loop1"},
            "Base": {
                "type": "object",
                "properties": {"id": {"type": "string"}},
                "required": ["id"],
                "additionalProperties": False,
            },
            "a/b": {"type": "integer"},
        },
        "parameters": {"Limit": {"name": "limit", "in": "query"}},
    },
    "list": [{"x": 1}],
}


def test_follows_chains_to_the_target_and_its_pointer() -> None:
    refs = RefResolver(DOC, Diagnostics())
    value, at = refs.resolve({"$ref": "#/components/schemas/A"}, "#/here")
    assert value == {"type": "string"} and at == "#/components/schemas/B"


def test_lookup_handles_escapes_lists_and_non_schema_components() -> None:
    refs = RefResolver(DOC, Diagnostics())
    assert refs.lookup("#/components/schemas/a~1b") == {"type": "integer"}
    assert refs.lookup("#/list/0/x") == 1
    assert refs.lookup("#/components/parameters/Limit") == {"name": "limit", "in": "query"}
    assert refs.lookup("#/list/9") is None


def test_circular_broken_and_external_refs_become_untyped_with_one_report_each() -> None:
    diagnostics = Diagnostics()
    refs = RefResolver(DOC, diagnostics)
    assert refs.resolve({"$ref": "#/components/schemas/Loop1"}, "#/x") == ({}, "#/x")
    assert refs.resolve({"$ref": "#/nowhere"}, "#/y") == ({}, "#/y")
    assert refs.resolve({"$ref": "#/nowhere"}, "#/y") == ({}, "#/y")
    assert refs.resolve({"$ref": "https://x/y.yaml"}, "#/z") == ({}, "#/z")
    codes = [(d.code, d.level) for d in diagnostics]
    assert codes == [
        ("circular-ref", Level.WARNING),
        ("broken-ref", Level.ERROR),
        ("external-ref", Level.WARNING),
    ]


def test_merge_all_of_combines_properties_required_and_closedness() -> None:
    refs = RefResolver(DOC, Diagnostics())
    merged = merge_all_of(
        {
            "description": "Mine.",
            "allOf": [
                {"$ref": "#/components/schemas/Base"},
                {
                    "properties": {"id": {"description": "The id."}, "n": {"type": "integer"}},
                    "required": ["n"],
                    "description": "Theirs.",
                },
            ],
        },
        "#/s",
        refs,
    )
    assert merged["description"] == "Mine."
    assert merged["properties"] == {
        "id": {"type": "string", "description": "The id."},
        "n": {"type": "integer"},
    }
    assert merged["required"] == ["id", "n"]
    assert merged["additionalProperties"] is False and merged["type"] == "object"
