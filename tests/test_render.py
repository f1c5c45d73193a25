"""Stage 5: spelling types, escaping spec text, and rendering modules that compile."""

from __future__ import annotations

import ast
import tomllib
from pathlib import Path

import pytest

from generator.ir import (
    AnyType,
    ArrayType,
    BinaryType,
    Discriminator,
    EnumType,
    FileType,
    LiteralType,
    MapType,
    ModelRef,
    NullType,
    ObjectModel,
    Primitive,
    UnionType,
)
from generator.render.text import docstring, string_literal
from generator.render.types import TypeSpeller, union

MODEL = ObjectModel(key="#/m", fields=(), sites=(), name="Thing", param_name="ThingParam")


@pytest.mark.parametrize(
    ("t", "response", "request_"),
    [
        (Primitive("string"), "str", "str"),
        (ArrayType(Primitive("integer")), "list[int]", "Sequence[int]"),
        (MapType(Primitive("number")), "dict[str, float]", "Mapping[str, float]"),
        (EnumType(("a", "b")), 'Literal["a", "b"] | str', 'Literal["a", "b"]'),
        (EnumType(("a",), open=True), 'Literal["a"] | str', 'Literal["a"] | str'),
        (EnumType((1, 2), "integer"), "Literal[1, 2] | int", "Literal[1, 2]"),
        (EnumType((1.5, 2.5), "number"), "float", "float"),
        (LiteralType("x"), 'Literal["x"]', 'Literal["x"]'),
        (LiteralType(True), "Literal[True]", "Literal[True]"),
        (UnionType((Primitive("string"), NullType())), "str | None", "str | None"),
        (ModelRef("#/m"), "Thing", "ThingParam"),
        (AnyType(), "Any", "object"),
        (FileType(), "FileTypes", "FileTypes"),
    ],
)
def test_types_are_spelled_for_each_side(t: object, response: str, request_: str) -> None:
    speller = TypeSpeller({"#/m": MODEL})
    assert speller.spell(t, "response").text() == response  # type: ignore[arg-type]
    assert speller.spell(t, "request").text() == request_  # type: ignore[arg-type]


def test_discriminated_unions_are_annotated_for_pydantic_on_the_response_side() -> None:
    other = ObjectModel(key="#/o", fields=(), sites=(), name="Other", param_name="OtherParam")
    speller = TypeSpeller({"#/m": MODEL, "#/o": other})
    union = UnionType(
        (ModelRef("#/m"), ModelRef("#/o"), NullType()),
        Discriminator("type", (("a", "#/m"), ("b", "#/o"))),
    )
    assert speller.spell(union, "response").text() == (
        'Annotated[Thing | Other, Field(discriminator="type")] | None'
    )
    assert speller.spell(union, "request").text() == "ThingParam | OtherParam | None"
    assert speller.imports["pydantic"] == {"Field"}


def test_annotations_are_values_asked_rather_than_text_edited() -> None:
    speller = TypeSpeller({"#/m": MODEL})
    nullable = speller.spell(UnionType((ArrayType(ModelRef("#/m")), NullType())), "response")
    assert nullable.nullable and nullable.names == {"list", "Thing"}
    assert nullable.or_not_given().text() == "list[Thing] | NotGiven | None"
    assert nullable.or_not_given().without_not_given().text() == "list[Thing] | None"
    plain = speller.spell(Primitive("string"), "request")
    assert plain.or_none().text() == "str | None"
    assert speller.spell(AnyType(), "response").or_none().text() == "Any"  # already admits None
    assert speller.spell(NullType(), "request").or_not_given().text() == "NotGiven | None"
    files = union(
        (speller.spell(ModelRef("#/m"), "response"), speller.spell(BinaryType(), "response"))
    )
    assert files.text() == "Thing | BinaryResponse"
    assert files.text(asynchronous=True) == "Thing | AsyncBinaryResponse"
    stream = speller.stream_of(ModelRef("#/m"))
    assert (stream.text(), stream.text(asynchronous=True)) == (
        "Stream[Thing]",
        "AsyncStream[Thing]",
    )
    # Members are unique by their text, so a union of overlapping annotations reads cleanly.
    enum = speller.spell(EnumType(("a",), open=True), "response")
    assert union((enum, plain)).text() == 'Literal["a"] | str'


def test_string_literals_escape_everything() -> None:
    text = 'a "quote", a \\ backslash, \x00 nul, é, {{ jinja }}\n'
    literal = string_literal(text)
    assert literal.isascii() and ast.literal_eval(literal) == text


@pytest.mark.parametrize("text", ["\U0001f600 astral", "\u2028\x7f\x85", 'é\t"q"\\', ""])
def test_string_literals_mean_the_same_in_python_and_toml(text: str) -> None:
    literal = string_literal(text)
    assert literal.isascii() and literal.isprintable()
    assert ast.literal_eval(literal) == text  # JSON's surrogate pairs would be two characters
    assert tomllib.loads(f"x = {literal}")["x"] == text


def test_lone_surrogates_become_replacement_characters() -> None:
    assert ast.literal_eval(string_literal("a\ud800b")) == "a\ufffdb"


@pytest.mark.parametrize(
    "text",
    [
        'Ends with a quote"',
        'Has """triple quotes""" and \'\'\' inside',
        "Back\\slash \\n and \\",
        "Control \x00\x07\x1b characters",
        "{% raw %} {{ x }} {# c #}",
        "x" * 5000,
        "\n\n   leading and trailing blank lines   \n\n",
        "carriage\r\nreturns\rhere",
    ],
)
def test_docstrings_hold_any_text_as_an_inert_literal(text: str) -> None:
    literal = docstring(text)
    assert literal is not None
    source = f"def f():\n    {literal}\n    return 1\n"
    tree = ast.parse(source)
    value = ast.get_docstring(tree.body[0], clean=False)  # type: ignore[arg-type]
    assert value is not None
    assert len(tree.body) == 1 and isinstance(tree.body[0], ast.FunctionDef)
    assert len(tree.body[0].body) == 2


def test_empty_text_gives_no_docstring() -> None:
    assert docstring(None) is None and docstring("   \n") is None


def test_long_lines_are_wrapped_but_markdown_tables_and_fences_are_not() -> None:
    literal = docstring(("word " * 40) + "\n| a | b |" + " x" * 60 + "\n```" + " y" * 60)
    assert literal is not None
    lines = literal.splitlines()
    assert max(len(line) for line in lines if not line.strip().startswith(("|", "```"))) <= 92
    assert any(line.strip().startswith("| a | b |") and len(line) > 100 for line in lines)


def test_the_error_base_avoids_every_error_class_the_package_exports() -> None:
    import venice_ai

    from generator.render import _PACKAGE_NAMES

    exported = {n for n in venice_ai.__all__ if n.endswith("Error") and n != "VeniceError"}
    assert exported <= _PACKAGE_NAMES


def test_returns_that_spell_alike_are_one_type_without_a_cast(tmp_path: Path) -> None:
    """Two JSON media types (a string and a dated string), and a oneOf of the same two, all
    return `str`: `cast_to=str`, not a `cast` to `type[str]` that mypy --strict calls
    redundant."""
    from tests.project import generate_spec
    from tests.spec_builders import spec_text

    spec = tmp_path / "spec.yaml"
    spec.write_text(
        spec_text("""
        paths:
          /thing:
            get:
              operationId: getThing
              responses:
                "200":
                  description: ok
                  content:
                    application/json: {schema: {type: string}}
                    application/vnd.thing+json: {schema: {type: string, format: date}}
          /other:
            get:
              operationId: getOther
              responses:
                "200":
                  description: ok
                  content:
                    application/json:
                      schema: {oneOf: [{type: string, format: date-time}, {type: string}]}
        """),
        encoding="utf-8",
    )
    package, _ = generate_spec(spec, tmp_path / "out")
    for module in ("thing", "other"):
        path = tmp_path / "out" / package / "resources" / f"{module}.py"
        source = path.read_text(encoding="utf-8")
        assert source.count("cast_to=str,") == 2 and "cast(" not in source
