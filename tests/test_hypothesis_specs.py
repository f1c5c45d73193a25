"""Generated specs full of hostile names, prose and shapes: the generator never crashes,
every file it renders compiles, and spec prose stays inside strings and comments.

Hundreds of specs are rendered in process, then formatted and type-checked all together:
one run each of ruff, mypy --strict and pyright over every output.
"""

from __future__ import annotations

import io
import json
import tokenize
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.config import Config, ConfigFile
from generator.diagnostics import Diagnostics
from generator.pipeline import build
from generator.write import format_tree
from tests.type_checkers import check_generated_code

# Slow: 300 generated specs built and type-checked (about 45 s).
# `make test-fast` leaves it out; `make test` and CI run it.
pytestmark = pytest.mark.slow

MARKER = "PWNED"
Schema = dict[str, Any]

# Names that are keywords, builtins, dunders, runtime names, or collide once sanitised.
NASTY_NAMES = [
    "class", "def", "None", "True", "self", "type", "Type", "__init__", "__class__",
    "model_config", "model_dump", "1st", "2", "foo-bar", "foo_bar", "Foo Bar", "fooBar",
    "a.b", "über", "日本", "", "-", "_", "__", "x y", "timeout", "extra_headers", "cast",
    "format_path", "BaseModel", "Field", "Any", "Literal", "str", "list", "dict", "async",
    "await", "match", "print", "object", "id", "json", "httpx", "NotGiven", "Required",
]  # fmt: skip
# Prose fragments that break naive templates, docstrings or source files.
PROSE = [
    '"""', "'''", '"', "'", "\\", "\\n", "{{", "}}", "{%", "%}", "{#", "#", "\x00", "\x07",
    "\x1b", "\x7f", "\x85", "\u2028", "\r", "\n", "\t", " ", "word", "ü", MARKER, "*/",
    "import os", "):", "x" * 120,
]  # fmt: skip

names = st.one_of(st.sampled_from(NASTY_NAMES), st.text(max_size=8))
# `$ref` targets must survive as JSON pointers; keep component names pointer-safe.
component_names = st.one_of(
    st.sampled_from([n for n in NASTY_NAMES if n and "/" not in n and " " not in n]),
    st.from_regex(r"[A-Za-z0-9._-]{1,10}", fullmatch=True),
)
prose = st.lists(st.sampled_from(PROSE), max_size=8).map("".join)
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-5, 5),
    st.floats(allow_nan=False, allow_infinity=False, width=32),
    st.sampled_from(PROSE),
    names,
)


def _described(schema: st.SearchStrategy[Schema]) -> st.SearchStrategy[Schema]:
    return st.one_of(schema, st.builds(lambda s, d: {**s, "description": d}, schema, prose))


def schemas(refs: list[str]) -> st.SearchStrategy[Schema]:
    """Schemas of every shape, referring to the components `refs`."""
    leaves: list[st.SearchStrategy[Schema]] = [
        st.sampled_from(
            [{"type": t} for t in ("string", "integer", "number", "boolean")]
            + [
                {},
                {"type": "string", "format": "date-time"},
                {"type": "string", "format": "binary"},
            ]
        ),
        st.lists(st.one_of(st.sampled_from(PROSE), names), min_size=1, max_size=4, unique=True).map(
            lambda values: {"type": "string", "enum": values}
        ),
        st.lists(scalars, min_size=1, max_size=4, unique=True).map(lambda v: {"enum": v}),
    ]
    if refs:
        leaves.append(st.sampled_from(refs).map(lambda n: {"$ref": f"#/components/schemas/{n}"}))

    def compound(children: st.SearchStrategy[Schema]) -> st.SearchStrategy[Schema]:
        properties = st.dictionaries(names, children, max_size=4)
        return st.one_of(
            properties.map(lambda p: {"type": "object", "properties": p, "required": list(p)[::2]}),
            children.map(lambda c: {"type": "array", "items": c}),
            children.map(lambda c: {"type": "object", "additionalProperties": c}),
            children.map(lambda c: {**c, "nullable": True}),
            st.lists(children, min_size=2, max_size=3).map(lambda cs: {"oneOf": cs}),
            st.lists(children, min_size=2, max_size=3).map(lambda cs: {"anyOf": cs}),
            st.lists(children, min_size=1, max_size=3).map(lambda cs: {"allOf": cs}),
        )

    return _described(st.recursive(st.one_of(leaves), compound, max_leaves=6))


def _parameter(name: str, location: str, schema: Schema, doc: str) -> dict[str, Any]:
    return {
        "name": name,
        "in": location,
        "required": location == "path",
        "schema": schema,
        "description": doc,
    }


@st.composite
def operations(draw: st.DrawFn, refs: list[str]) -> tuple[str, str, dict[str, Any]]:
    """One operation: its path, method and body."""
    segment = draw(names)
    placeholder = draw(names.filter(lambda n: n and not set(n) & set("{}/")))
    path = f"/{segment}/{{{placeholder}}}" if draw(st.booleans()) else f"/{segment}"
    method = draw(st.sampled_from(["get", "post", "put", "delete", "patch"]))
    simple = st.sampled_from([{"type": "string"}, {"type": "integer"}, {"type": "boolean"}])
    parameters = [
        _parameter(name, location, draw(simple), draw(prose))
        for name, location in draw(
            st.lists(
                st.tuples(names, st.sampled_from(["query", "header", "cookie"])),
                max_size=4,
                unique=True,
            )
        )
    ]
    if "{" in path:
        parameters.append(_parameter(placeholder, "path", draw(simple), draw(prose)))
    operation: dict[str, Any] = {
        "summary": draw(prose),
        "description": draw(prose),
        "parameters": parameters,
        "responses": {
            draw(st.sampled_from(["200", "201", "default"])): {
                "description": draw(prose),
                "content": {"application/json": {"schema": draw(schemas(refs))}},
            },
            "204": {"description": "nothing"},
        },
    }
    if draw(st.booleans()):
        operation["operationId"] = draw(names)
    if draw(st.booleans()):
        operation["tags"] = [draw(names)]
    if method in ("post", "put", "patch"):
        media = draw(st.sampled_from(["application/json", "multipart/form-data"]))
        operation["requestBody"] = {
            "required": draw(st.booleans()),
            "content": {media: {"schema": draw(schemas(refs))}},
        }
    return path, method, operation


@st.composite
def specs(draw: st.DrawFn) -> dict[str, Any]:
    """A whole OpenAPI 3.0 document."""
    refs = draw(st.lists(component_names, max_size=4, unique=True))
    components = {name: draw(schemas(refs)) for name in refs}
    paths: dict[str, dict[str, Any]] = {}
    for path, method, operation in draw(st.lists(operations(refs), min_size=1, max_size=3)):
        paths.setdefault(path, {})[method] = operation
    return {
        "openapi": "3.0.3",
        "info": {
            "title": draw(st.one_of(names, prose)),
            "version": "1",
            "description": draw(prose),
        },
        "paths": paths,
        "components": {"schemas": components},
    }


def _assert_inert(path: str, source: str) -> None:
    compile(source, path, "exec")
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if MARKER in token.string:
            # An identifier made from spec text (a class named after the title) is one
            # NAME token; prose that escaped its string would be several tokens of code.
            assert token.type in (tokenize.STRING, tokenize.COMMENT, tokenize.NAME), (path, token)


EXAMPLES = 300


def test_generated_specs_give_inert_code_that_passes_ruff_mypy_and_pyright(tmp_path: Path) -> None:
    """Each spec is built in process and its files must compile with spec text inert
    (hypothesis shrinks a failing spec); then every output is formatted as the write stage
    does and checked by ruff and mypy --strict, one run of each for all of them, and every
    tenth by pyright."""
    outputs: list[Path] = []

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(specs())
    def build_one(spec: Schema) -> None:
        index = len(outputs)
        path = tmp_path / "specs" / f"spec{index}.json"
        path.parent.mkdir(exist_ok=True)
        path.write_text(json.dumps(spec, indent=1), encoding="utf-8")
        out = tmp_path / "out" / f"out{index}"
        package = ConfigFile.model_validate({"package": {"name": f"sample{index}"}})
        files = build(Config(spec_path=path, out_dir=out, file=package), Diagnostics()).files
        assert any(name.endswith("/_client.py") for name in files)
        for name, text in files.items():
            if name.endswith(".py"):
                _assert_inert(name, text)
            (out / name).parent.mkdir(parents=True, exist_ok=True)
            (out / name).write_text(text, encoding="utf-8")
        outputs.append(out)

    build_one()
    assert len(outputs) >= EXAMPLES * 0.9  # hypothesis may stop early on duplicates
    format_tree(tmp_path / "out")
    check_generated_code(outputs, tmp_path / "checks", pyright_outputs=outputs[::10])
