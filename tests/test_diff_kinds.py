"""`venice-codegen diff`: each kind of change on a small spec, with its verdict for callers."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from generator.cli import main
from generator.diff import diff_apis
from generator.diff.changes import UNKNOWN_ENUMS_NOTE, accepts
from generator.diff.compare import compare
from generator.diff.report import Report
from generator.diff.surface import Sig, surface
from tests.spec_builders import named_api

BASE = """
paths:
  /things/{id}:
    post:
      operationId: updateThing
      tags: [Things]
      parameters:
        - {name: id, in: path, required: true, schema: {type: string}}
        - {name: verbose, in: query, schema: {type: boolean}}
      requestBody:
        content:
          application/json:
            schema:
              type: object
              required: [name]
              properties:
                name: {type: string}
                color: {type: string, enum: [red, green]}
                size: {type: integer}
                options: {$ref: '#/components/schemas/Options'}
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Thing'}
        "400":
          description: bad
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Problem'}
  /things:
    get:
      operationId: listThings
      tags: [Things]
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {type: array, items: {$ref: '#/components/schemas/Thing'}}
components:
  schemas:
    Thing:
      type: object
      required: [id, status]
      properties:
        id: {type: string}
        status: {type: string, enum: [open, closed]}
        note: {type: string}
        tags: {type: array, items: {type: string}}
    Options:
      type: object
      properties:
        fast: {type: boolean}
        level: {type: integer}
    Problem: {type: object, properties: {error: {type: string}}}
"""

Changes = set[tuple[str, str, bool]]


def diff(new: str, old: str = BASE) -> Report:
    changes = compare(surface(named_api(old)), surface(named_api(new)))
    return Report("1", "2", "Test API", tuple(changes))


def changes(new: str, old: str = BASE) -> Changes:
    return {(c.kind, c.subject, c.breaking) for c in diff(new, old).changes}


def edit(*replacements: tuple[str, str]) -> str:
    text = BASE
    for old, new in replacements:
        assert old in text, old
        text = text.replace(old, new, 1)
    return text


UPDATE = "client.things.update"


def test_no_change_means_no_report() -> None:
    report = diff(BASE)
    # A new spec with the same Python API still makes a release: a patch one.
    assert report.changes == () and report.verdict == "unchanged" and report.bump == "patch"


def test_descriptions_examples_and_defaults_are_not_api_changes() -> None:
    assert (
        changes(
            edit(
                (
                    "size: {type: integer}",
                    "size: {type: integer, description: How big., default: 3, example: 4}",
                )
            )
        )
        == set()
    )


def test_methods_added_removed_and_moved() -> None:
    added = BASE.replace(
        "components:",
        """  /things/{id}/archive:
    post:
      operationId: archiveThing
      tags: [Things]
      parameters: [{name: id, in: path, required: true, schema: {type: string}}]
      responses: {"204": {description: done}}
components:""",
    )
    assert changes(added) == {("method-added", "client.things.archive", False)}
    assert changes(BASE, added) == {("method-removed", "client.things.archive", True)}
    moved = edit(("  /things:\n", "  /things/all:\n"))
    assert changes(moved) == {("endpoint-moved", "client.things.list", False)}


@pytest.mark.parametrize(
    ("replacement", "expected"),
    [
        (
            (
                "size: {type: integer}",
                "size: {type: integer}\n                weight: {type: number}",
            ),
            {("argument-added", f"{UPDATE}(weight=)", False)},
        ),
        (
            ("required: [name]", "required: [name, size]"),
            {("argument-required", f"{UPDATE}(size=)", True)},
        ),
        (("required: [name]", "required: []"), {("argument-optional", f"{UPDATE}(name=)", False)}),
        (
            ("                size: {type: integer}\n", ""),
            {("argument-removed", f"{UPDATE}(size=)", True)},
        ),
        (
            (
                "color: {type: string, enum: [red, green]}",
                "color: {type: string, enum: [red, green, blue]}",
            ),
            {("argument-enum-values-added", f"{UPDATE}(color=)", False)},
        ),
        (
            ("color: {type: string, enum: [red, green]}", "color: {type: string, enum: [red]}"),
            {("argument-enum-values-removed", f"{UPDATE}(color=)", True)},
        ),
        (
            ("size: {type: integer}", "size: {anyOf: [{type: integer}, {type: string}]}"),
            {("argument-union-members-added", f"{UPDATE}(size=)", False)},
        ),
        (
            ("size: {type: integer}", "size: {type: integer, nullable: true}"),
            {("argument-nullable-added", f"{UPDATE}(size=)", False)},
        ),
        (
            ("size: {type: integer}", "size: {type: string}"),
            {("argument-retyped", f"{UPDATE}(size=)", True)},
        ),
        (
            (
                "{name: verbose, in: query, schema: {type: boolean}}",
                "{name: verbose, in: query, required: true, schema: {type: boolean}}",
            ),
            {("argument-required", f"{UPDATE}(verbose=)", True)},
        ),
        (
            ("size: {type: integer}", "size: {type: integer, deprecated: true}"),
            {("argument-deprecated", f"{UPDATE}(size=)", False)},
        ),
    ],
)
def test_argument_changes(replacement: tuple[str, str], expected: Changes) -> None:
    assert changes(edit(replacement)) == expected


@pytest.mark.parametrize(
    ("replacement", "expected"),
    [
        # Thing is only received: widening breaks readers, narrowing does not
        (
            ("note: {type: string}", "note: {type: string}\n        size: {type: integer}"),
            {("field-added", "Thing.size", False)},
        ),
        (("        note: {type: string}\n", ""), {("field-removed", "Thing.note", True)}),
        (("required: [id, status]", "required: [id]"), {("field-optional", "Thing.status", True)}),
        (
            ("required: [id, status]", "required: [id, status, note]"),
            {("field-required", "Thing.note", False)},
        ),
        (
            ("enum: [open, closed]", "enum: [open, closed, archived]"),
            {("field-enum-values-added", "Thing.status", False)},
        ),
        (
            ("enum: [open, closed]", "enum: [open]"),
            {("field-enum-values-removed", "Thing.status", False)},
        ),
        (
            ("note: {type: string}", "note: {type: string, nullable: true}"),
            {("field-nullable-added", "Thing.note", True)},
        ),
        (
            ("tags: {type: array, items: {type: string}}", "tags: {type: string}"),
            {("field-retyped", "Thing.tags", True)},
        ),
        # Options is only sent: the other way round
        (
            ("level: {type: integer}", "level: {type: integer}\n        extra: {type: string}"),
            {("field-added", "Options.extra", False)},
        ),
        (
            (
                "properties:\n        fast: {type: boolean}",
                "required: [fast]\n      properties:\n        fast: {type: boolean}",
            ),
            {("field-required", "Options.fast", True)},
        ),
    ],
)
def test_model_field_changes_by_direction(replacement: tuple[str, str], expected: Changes) -> None:
    assert changes(edit(replacement)) == expected


def test_a_response_enum_gaining_a_value_says_why_it_is_compatible() -> None:
    [change] = diff(edit(("enum: [open, closed]", "enum: [open, closed, archived]"))).changes
    assert not change.breaking and "accept enum values they do not list" in change.note


def retype(at: str, before: str, after: str) -> Changes:
    """The changes when the type at `at` (`name: type`, in BASE) goes from `before` to `after`."""
    name = at.split(":", maxsplit=1)[0]
    return changes(edit((at, f"{name}: {after}")), edit((at, f"{name}: {before}")))


SIZE, NOTE = "size: {type: integer}", "note: {type: string}"
ENUMS = "{type: array, items: {type: string, enum: [a, b]}}"
INTS = "{type: array, items: {type: integer}}"
INTS_OR_STRS = "{type: array, items: {anyOf: [{type: integer}, {type: string}]}}"
STRS = "{type: array, items: {type: string}}"


@pytest.mark.parametrize(
    ("before", "after", "expected"),
    [
        ("{type: string, enum: [a, b]}", "{type: string}", ("argument-widened", False)),
        ("{type: string}", "{type: string, enum: [a, b]}", ("argument-narrowed", True)),
        ("{type: boolean}", "{}", ("argument-widened", False)),
        (ENUMS, ENUMS.replace("[a, b]", "[a, b, c]"), ("argument-widened", False)),
        (ENUMS, ENUMS.replace("[a, b]", "[a]"), ("argument-narrowed", True)),
        (INTS, INTS_OR_STRS, ("argument-widened", False)),
        (INTS_OR_STRS, INTS, ("argument-narrowed", True)),
        ("{type: integer}", "{type: number}", ("argument-widened", False)),
        ("{type: number}", "{type: integer}", ("argument-narrowed", True)),
        (STRS, "{type: string}", ("argument-retyped", True)),
    ],
)
def test_what_callers_send_may_widen_but_not_narrow(
    before: str, after: str, expected: tuple[str, bool]
) -> None:
    kind, breaking = expected
    assert retype(SIZE, before, after) == {(kind, f"{UPDATE}(size=)", breaking)}


@pytest.mark.parametrize(
    ("before", "after", "expected"),
    [
        # Thing is only received: narrowing is compatible, widening breaks but for enum values
        ("{type: string}", "{type: string, enum: [a, b]}", ("field-narrowed", False)),
        ("{type: string, enum: [a, b]}", "{type: string}", ("field-widened", False)),
        (ENUMS, ENUMS.replace("[a, b]", "[a, b, c]"), ("field-widened", False)),
        (ENUMS, ENUMS.replace("[a, b]", "[a]"), ("field-narrowed", False)),
        (INTS, INTS_OR_STRS, ("field-widened", True)),
        (INTS_OR_STRS, INTS, ("field-narrowed", False)),
        ("{type: integer}", "{type: number}", ("field-widened", True)),
        ("{type: number}", "{type: integer}", ("field-narrowed", False)),
        (STRS, "{type: string}", ("field-retyped", True)),
    ],
)
def test_what_callers_read_may_narrow_but_not_widen(
    before: str, after: str, expected: tuple[str, bool]
) -> None:
    kind, breaking = expected
    assert retype(NOTE, before, after) == {(kind, "Thing.note", breaking)}


def test_widening_says_how_and_enum_widening_in_responses_says_why_it_is_compatible() -> None:
    old, new = ENUMS, ENUMS.replace("[a, b]", "[a, b, c]")
    [field] = diff(edit((NOTE, f"note: {new}")), edit((NOTE, f"note: {old}"))).changes
    assert field.detail.endswith(": accepts more values") and field.note == UNKNOWN_ENUMS_NOTE
    [argument] = diff(edit((SIZE, "size: {type: number}"))).changes
    assert argument.detail == "type int -> float: accepts more values" and argument.note == ""
    listed = "schema: {type: array, items: {$ref: '#/components/schemas/Thing'}}"
    returned = diff(edit((listed, f"schema: {new}")), edit((listed, f"schema: {old}"))).changes
    assert [(c.kind, c.subject, c.breaking, c.note) for c in returned] == [
        ("return-widened", "client.things.list", False, UNKNOWN_ENUMS_NOTE)
    ]
    assert returned[0].detail.endswith("): accepts more values")


def test_a_model_sent_and_received_may_neither_widen_nor_narrow() -> None:
    both = edit(
        (
            "tags: {type: array, items: {type: string}}",
            "tags: {type: array, items: {type: string}}\n        options: {$ref: '#/components/schemas/Options'}",
        )
    )
    wider = both.replace("level: {type: integer}", "level: {type: number}")
    assert changes(wider, both) == {("field-widened", "Options.level", True)}
    assert changes(both, wider) == {("field-narrowed", "Options.level", True)}


@pytest.mark.parametrize(
    ("at", "before", "after"),
    [
        (SIZE, "{type: boolean}", "{type: boolean, enum: [true, false]}"),
        (
            SIZE,
            "{type: string, enum: [a, b]}",
            "{anyOf: [{type: string, enum: [a]}, {type: string, enum: [b]}]}",
        ),
        (
            NOTE,
            "{type: boolean}",
            "{anyOf: [{type: boolean, enum: [true]}, {type: boolean, enum: [false]}]}",
        ),
    ],
)
def test_a_type_spelled_another_way_is_no_change(at: str, before: str, after: str) -> None:
    assert retype(at, before, after) == set()
    assert retype(at, after, before) == set()


def test_a_return_type_that_only_changes_spelling_is_not_reported() -> None:
    listed = "schema: {type: array, items: {$ref: '#/components/schemas/Thing'}}"
    twice = edit(
        (
            f"              {listed}",
            f"""              {listed}
        "201":
          description: made
          content:
            application/json:
              {listed}""",
        )
    )
    old, new = surface(named_api(BASE)), surface(named_api(twice))
    assert (
        old.methods["client.things.list"].returns.sig
        != new.methods["client.things.list"].returns.sig
    )
    assert changes(twice) == set() and changes(BASE, twice) == set()


BOOL, INT, NUM, STR = (
    ("prim", "boolean"),
    ("prim", "integer"),
    ("prim", "number"),
    ("prim", "string"),
)


def _enum(*values: object, base: str = "string", open: bool = False) -> Sig:
    return ("enum", base, frozenset(values), open)


def _union(*members: Sig) -> Sig:
    return ("union", frozenset(members))


@pytest.mark.parametrize(
    ("outer", "inner", "expected", "with_open_enums"),
    [
        (NUM, INT, True, True),
        (INT, NUM, False, False),
        (("any",), ("array", STR), True, True),
        (STR, ("any",), False, False),
        (STR, _enum("a", "b"), True, True),
        (_enum("a", "b"), STR, False, True),
        (_enum("a", open=True), STR, True, True),
        (_enum("a", "b"), _enum("a"), True, True),
        (_enum("a"), _enum("a", "b"), False, True),
        (_enum(1, base="integer"), _enum("1"), False, False),
        (("array", _union(INT, STR)), ("array", INT), True, True),
        (("array", INT), ("array", _union(INT, STR)), False, False),
        (("map", NUM), ("array", NUM), False, False),
        (_union(_enum("a"), _enum("b")), _enum("a", "b"), True, True),
        (_union(_enum(True, base="boolean"), _enum(False, base="boolean")), BOOL, True, True),
        (_enum(True, base="boolean"), BOOL, False, True),
        (_union(INT, ("null",)), ("null",), True, True),
        (("model", "Thing"), ("model", "Options"), False, False),
    ],
)
def test_accepts_is_value_set_inclusion(
    outer: Sig, inner: Sig, expected: bool, with_open_enums: bool
) -> None:
    assert accepts(outer, inner) is expected
    assert accepts(outer, inner, open_enums=True) is with_open_enums


def test_a_model_sent_and_received_breaks_both_ways() -> None:
    both = edit(
        (
            "tags: {type: array, items: {type: string}}",
            "tags: {type: array, items: {type: string}}\n        options: {$ref: '#/components/schemas/Options'}",
        )
    )
    grown = both.replace(
        "level: {type: integer}", "level: {type: integer}\n        extra: {type: string}"
    )
    assert changes(grown, both) == {("field-added", "Options.extra", False)}
    required = both.replace(
        "properties:\n        fast", "required: [level]\n      properties:\n        fast"
    )
    assert changes(required, both) == {("field-required", "Options.level", True)}


def test_models_added_and_removed_by_how_they_were_used() -> None:
    extra = BASE + "    Unused: {type: object, properties: {x: {type: string}}}\n"
    assert changes(extra) == {("model-added", "Unused", False)}
    # Every class of `types` is importable: removing one breaks imports, whatever it typed.
    assert changes(BASE, extra) == {("model-removed", "Unused", True)}
    no_problem = edit(
        (
            "              schema: {$ref: '#/components/schemas/Problem'}",
            "              schema: {type: string}",
        ),
        ("    Problem: {type: object, properties: {error: {type: string}}}\n", ""),
    )
    [removed] = diff(no_problem).changes
    assert (removed.kind, removed.subject, removed.breaking) == ("model-removed", "Problem", True)
    assert removed.note == "it only typed error bodies, which no method returns"
    renamed = BASE.replace("Thing", "Item")
    assert {("model-removed", "Thing", True), ("model-added", "Item", False)} <= changes(renamed)


def test_a_type_that_only_changed_its_name_stays_importable_under_the_old_one() -> None:
    renamed = BASE.replace("Thing", "Item")
    report = diff_apis(named_api(BASE), named_api(renamed), keep_renamed=True)
    # (The request body model is named after the operation, which was renamed too.)
    assert report.aliases == {"Thing": "Item", "ThingUpdateParams": "ItemUpdateParams"}
    kept = {(c.kind, c.subject, c.breaking) for c in report.changes}
    assert ("model-renamed", "Thing", False) in kept and (
        "model-removed",
        "Thing",
        True,
    ) not in kept
    # The next update carries the alias; a type gone for good is a breaking removal.
    again = diff_apis(named_api(renamed), named_api(renamed), report.aliases, keep_renamed=True)
    assert again.changes == () and again.aliases == report.aliases
    # Renamed again: the old alias follows the type to its newest name.
    twice = renamed.replace("Item", "Entry")
    moved = diff_apis(named_api(renamed), named_api(twice), report.aliases, keep_renamed=True)
    assert moved.aliases["Thing"] == "Entry" and moved.aliases["Item"] == "Entry"
    # Changed as well as renamed: not the same type, so both old names are gone for good.
    changed = twice.replace("required: [id, status]", "required: [id, status, note]")
    later = diff_apis(named_api(renamed), named_api(changed), report.aliases, keep_renamed=True)
    lost = {(c.kind, c.subject, c.breaking) for c in later.changes}
    assert {("model-removed", "Item", True), ("name-removed", "Thing", True)} <= lost


def test_return_types_content_types_deprecation_and_sunset() -> None:
    retyped = edit(
        (
            "              schema: {$ref: '#/components/schemas/Thing'}",
            "              schema: {$ref: '#/components/schemas/Options'}",
        )
    )
    assert ("return-retyped", UPDATE, True) in changes(retyped)
    multipart = edit(
        (
            "          application/json:\n            schema:\n              type: object\n              required: [name]",
            "          multipart/form-data:\n            schema:\n              type: object\n              required: [name]",
        )
    )
    assert ("request-content-type-removed", UPDATE, True) in changes(multipart)
    assert ("request-content-type-added", UPDATE, False) in changes(multipart)
    deprecated = edit(
        ("operationId: listThings", "operationId: listThings\n      deprecated: true")
    )
    assert changes(deprecated) == {("method-deprecated", "client.things.list", False)}
    sunset = edit(
        (
            """      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {type: array, items: {$ref: '#/components/schemas/Thing'}}""",
            """      responses:
        "410":
          description: gone
          headers: {Sunset: {schema: {type: string}}}""",
        )
    )
    found = changes(sunset)
    assert ("method-sunset", "client.things.list", True) in found
    assert ("return-retyped", "client.things.list", True) in found


def test_auth_changes_are_reported_as_compatible() -> None:
    secured = BASE.replace(
        "components:\n",
        """components:
  securitySchemes:
    key: {type: apiKey, in: header, name: X-Key}
""",
    )
    assert changes(secured) == {("security-scheme-added", "key", False)}


def test_report_markdown_json_and_bump() -> None:
    report = diff(
        edit(
            ("required: [name]", "required: [name, size]"),
            ("note: {type: string}", "note: {type: string}\n        size: {type: integer}"),
        )
    )
    assert report.verdict == "breaking" and report.bump == "major" and len(report.breaking) == 1
    markdown = report.to_markdown()
    assert "Suggested version bump: **major**" in markdown
    assert markdown.index("## `client.things`") < markdown.index("## `types.things`")
    assert "- **breaking**: `client.things.update(size=)`: argument is now required" in markdown
    data = json.loads(report.to_json())
    assert data["verdict"] == "breaking" and data["breaking_count"] == 1
    assert {c["kind"] for c in data["changes"]} == {"argument-required", "field-added"}


def test_cli_exit_status_and_outputs(
    tmp_path: Path,
    write_spec: Callable[[str, str], Path],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.chdir(tmp_path)
    old = write_spec(BASE, "old.yaml")
    compatible = write_spec(edit(("enum: [red, green]", "enum: [red, green, blue]")), "c.yaml")
    breaking = write_spec(edit(("required: [name]", "required: [name, size]")), "b.yaml")
    assert main(["diff", str(old), str(old)]) == 0
    assert "No change to the Python API" in capsys.readouterr().out
    assert main(["diff", str(old), str(compatible), "--json-out", "r.json"]) == 0
    assert json.loads((tmp_path / "r.json").read_text())["verdict"] == "compatible"
    capsys.readouterr()
    assert (
        main(["diff", str(old), str(breaking), "--format", "json", "--markdown-out", "r.md"]) == 1
    )
    assert json.loads(capsys.readouterr().out)["verdict"] == "breaking"
    assert "**breaking**" in (tmp_path / "r.md").read_text()
    assert main(["diff", str(old), str(tmp_path / "missing.yaml")]) == 2
    assert "file-not-found" in capsys.readouterr().err


LIST_OK = """        "200":
          description: ok
          content:
            application/json:
              schema: {type: array, items: {$ref: '#/components/schemas/Thing'}}"""


@pytest.mark.parametrize(
    ("headers", "detail"),
    [
        ("{Sunset: {schema: {type: string}}}", "successful responses now declare Sunset header"),
        (
            "{Deprecation: {schema: {type: string}}, sunset: {schema: {type: string}}}",
            "successful responses now declare Deprecation and Sunset headers",
        ),
    ],
)
def test_a_retirement_header_on_a_working_response_announces_the_sunset(
    headers: str, detail: str
) -> None:
    announced = edit(
        (
            LIST_OK,
            LIST_OK.replace("description: ok", f"description: ok\n          headers: {headers}"),
        )
    )
    report = diff(announced)
    found = {(c.kind, c.subject, c.breaking) for c in report.changes}
    assert ("method-sunset-announced", "client.things.list", False) in found
    assert {kind for kind, _, _ in found} == {"method-sunset-announced", "field-added"}
    [change] = [c for c in report.changes if c.kind == "method-sunset-announced"]
    assert change.detail == detail and "calls still work" in change.note
    assert report.verdict == "compatible"
    assert changes(BASE, announced) == {
        ("field-removed", f"ResponseHeaders.{name}", False)
        for name in ("deprecation", "sunset")
        if name in headers.lower()
    }


def test_retirement_headers_on_errors_or_on_a_retired_endpoint_announce_nothing_more() -> None:
    problem = """        "400":
          description: bad"""
    on_error = edit(
        (problem, f"{problem}\n          headers: {{Sunset: {{schema: {{type: string}}}}}}")
    )
    assert "method-sunset-announced" not in {kind for kind, _, _ in changes(on_error)}
    gone = edit(
        (
            LIST_OK,
            """        "410":
          description: gone
          headers: {Sunset: {schema: {type: string}}}""",
        )
    )
    announced = edit(
        (
            LIST_OK,
            LIST_OK.replace(
                "description: ok",
                "description: ok\n          headers: {Sunset: {schema: {type: string}}}",
            ),
        )
    )
    kinds = {kind for kind, _, _ in changes(gone, announced)}
    assert "method-sunset" in kinds and "method-sunset-announced" not in kinds


def test_a_deprecated_schema_is_reported_on_its_model() -> None:
    deprecated = edit(
        ("    Thing:\n      type: object", "    Thing:\n      type: object\n      deprecated: true")
    )
    assert changes(deprecated) == {("model-deprecated", "Thing", False)}
    [change] = diff(deprecated).changes
    assert change.group == "types.things" and change.detail == "model deprecated"
    assert changes(BASE, deprecated) == set()
    options = edit(
        (
            "    Options:\n      type: object",
            "    Options:\n      type: object\n      deprecated: true",
        )
    )
    assert changes(options) == {
        ("model-deprecated", "Options", False),
        ("argument-deprecated", f"{UPDATE}(options=)", False),
    }
