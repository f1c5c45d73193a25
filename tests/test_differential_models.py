"""Differential check: our models against datamodel-code-generator's (DCG) for every component.

For every component schema of the pinned spec (with the config's extra schemas, as the
generator reads it), our type in `venice_ai.types` and the class DCG generates from the
same document must accept and reject the same sample payloads (`tests/differential.py`
makes them from the raw schema). Our side is validated the runtime's way,
`venice_ai._models.parse(type_, data, strict=True)`. Components only sent in requests have
no response model: their type is the TypedDict callers pass, validated the same way.

Every difference must be explained by one entry of `KNOWN` (a narrow predicate and its
reason); the test fails on a difference no entry explains and on an entry that explains
none (the table must stay honest). Entries marked `bug=True` are likely bugs in our
generator, listed so that they stay visible until fixed.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Literal

import pydantic
import pytest
from typing_extensions import is_typeddict

from generator.config import load_config_file
from generator.diagnostics import Diagnostics
from generator.ir import AliasModel, ObjectModel
from generator.load import load_spec
from generator.normalize.usage import model_usage
from generator.normalize.walk import model_dependencies, models_reachable
from generator.pipeline import with_extra_schemas
from generator.render.modules import both_sides
from tests.differential import (
    Case,
    Comparison,
    Difference,
    Known,
    Sample,
    Schemas,
    Validator,
    compare,
    dcg_module,
    dcg_validator,
    judge,
    pattern_sample,
    summary,
)
from tests.project import PINNED_SPEC, VENICE_CONFIG, venice_api

# --------------------------------------------------------------------------- the table


def _untyped_null_branch(schema: dict[str, Any]) -> bool:
    """A union with a branch `{nullable: true}` that has no type (zod's way of saying null)."""
    branches = schema.get("anyOf", schema.get("oneOf"))
    return isinstance(branches, list) and any(
        isinstance(b, dict) and b.get("nullable") is True and not {"type", "enum", "$ref"} & set(b)
        for b in branches
    )


def _ours_only_accepts(d: Difference, *kinds: str) -> bool:
    return d.sample.kind in kinds and (d.ours, d.dcg) == ("accept", "reject")


def _dcg_only_accepts(d: Difference, *kinds: str) -> bool:
    return d.sample.kind in kinds and (d.ours, d.dcg) == ("reject", "accept")


@functools.cache
def _holding_response_shapes() -> frozenset[str]:
    """Request components that reach a model rendered both as a request TypedDict and as a
    response class (where the request accepts either)."""
    api = venice_api()
    table = api.model_table()
    usage = model_usage(api)
    shared = both_sides(usage)
    return frozenset(
        m.component
        for m in api.models
        if m.component
        and "request" in usage.get(m.key, frozenset())
        and models_reachable(model_dependencies(m), table) & shared
    )


LIMITS = ("minimum", "maximum", "min-length", "max-length", "pattern", "min-items", "max-items")

KNOWN: list[Known] = [
    Known(
        "ours is open: response enums accept unknown values by design (`Literal[...] | str`)",
        lambda d: _ours_only_accepts(d, "bad-enum") and "params" not in d.tags,
    ),
    Known(
        "ours is open by config: request enums of model ids (`[types] open_enums` in "
        "specs/venice.toml) also take values the client does not list yet",
        lambda d: (
            _ours_only_accepts(d, "bad-enum")
            and "params" in d.tags
            and d.sample.prop in load_config_file(VENICE_CONFIG).types.open_enums
        ),
    ),
    Known(
        "ours takes a response object where a request takes its shape (a chat message the "
        "API returned can be sent back): the response model is lenient (optional fields "
        "take null, enums are open), so `XParam | X` takes what the TypedDict alone refuses",
        lambda d: (
            (d.ours, d.dcg) == ("accept", "reject")
            and "params" in d.tags
            and d.sample.kind in ("null-not-nullable", "bad-enum")
            and d.component in _holding_response_shapes()
        ),
    ),
    Known(
        "ours is lenient by design: an optional response field is `X | None = None` (None "
        "stands for absent), so it also takes an explicit null the spec does not allow",
        lambda d: (
            _ours_only_accepts(d, "null-not-nullable")
            and "params" not in d.tags
            and d.sample.required is False
        ),
    ),
    Known(
        "ours by design: a required response field that is nullable may be left out "
        "(`= None`), since leaving it out means the same as sending null (also when its "
        "value comes under its Python name instead: that key is one more unknown key)",
        lambda d: (
            _ours_only_accepts(d, "missing-required", "python-name")
            and "params" not in d.tags
            and d.sample.target.get("nullable") is True
        ),
    ),
    Known(
        "ours is open: response models keep undeclared fields (extra='allow'), also where "
        "the spec says additionalProperties: false, so a newer API does not break the client",
        lambda d: _ours_only_accepts(d, "unknown-key") and "params" not in d.tags,
    ),
    Known(
        "pydantic ignores unknown keys of a TypedDict: request params are closed for type "
        "checkers (which reject unknown keys), and the client never validates them",
        lambda d: _ours_only_accepts(d, "unknown-key") and "params" in d.tags,
    ),
    Known(
        "ours does not enforce limits (minimum/maximum, lengths, pattern, item counts): the "
        "server is the judge of limits, and a changed limit must not break parsing",
        lambda d: _ours_only_accepts(d, *LIMITS),
    ),
    Known(
        "ours keeps formatted strings (date-time, uri) as plain str; DCG parses them "
        "(AwareDatetime, AnyUrl) and rejects text that is not one",
        lambda d: _ours_only_accepts(d, "format"),
    ),
    Known(
        "DCG types format date-time as AwareDatetime, which pydantic's lax mode also reads "
        "from a number (as Unix time): the wrong-type sample 12345 passes there",
        lambda d: (
            _dcg_only_accepts(d, "wrong-type") and d.sample.target.get("format") == "date-time"
        ),
    ),
    Known(
        "DCG reads an anyOf branch `{nullable: true}` without a type as any value (the "
        "letter of OpenAPI 3.0.3), so the whole union takes anything; ours reads it as null, "
        "as the zod-made spec means (`content`, `stop` of ChatCompletionRequest)",
        lambda d: (
            (d.ours, d.dcg) == ("reject", "accept")
            and any(_untyped_null_branch(s) for s in d.sample.trail)
        ),
    ),
    Known(
        "DCG shares one Enum class among equal enums and carries another property's default "
        "(and `| None`) over to properties that have none, so it takes null there",
        lambda d: (
            _dcg_only_accepts(d, "null-not-nullable")
            and "params" in d.tags
            and "enum" in d.sample.target
            and "default" not in d.sample.target
        ),
    ),
    Known(
        "not comparable: request params with a file field (FileTypes holds IO[bytes]) have "
        "no pydantic schema; the client only sends them, it never validates them",
        lambda d: (
            d.ours == "crash: PydanticSchemaGenerationError"
            and "params" in d.tags
            and "file-field" in d.tags
        ),
    ),
]

# --------------------------------------------------------------------------- fixtures


def venice_document() -> dict[str, Any]:
    """The pinned spec with the config's extra schemas, as the generator reads it (YAML 1.2)."""
    config = load_config_file(VENICE_CONFIG)
    assert config.extra_schemas is not None
    document = load_spec(PINNED_SPEC).data
    return with_extra_schemas(document, load_spec(config.extra_schemas).data, Diagnostics())


def _our_case(schema: Any, name: str, dcg: Validator) -> Case:
    """Our type `name` from `venice_ai.types`, validated the runtime's way."""
    import venice_ai.types
    from venice_ai._models import parse

    type_ = getattr(venice_ai.types, name)
    tags: set[str] = set()
    if is_typeddict(type_):
        tags.add("params")
        if any("FileTypes" in str(a) for a in type_.__annotations__.values()):
            tags.add("file-field")
    return Case(schema, lambda data: parse(type_, data, strict=True), dcg, frozenset(tags))


_DCG_MODULES = ("dcg_venice_models", "dcg_pets")


@pytest.fixture(scope="module")
def dcg_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    yield tmp_path_factory.mktemp("dcg")
    for name in _DCG_MODULES:
        sys.modules.pop(name, None)


@pytest.fixture(scope="module")
def comparison(dcg_dir: Path) -> Comparison:
    document = venice_document()
    theirs = dcg_module(document, dcg_dir / "venice", _DCG_MODULES[0])
    schemas = document["components"]["schemas"]
    cases: dict[str, Case] = {}
    for model in venice_api().models:
        if not isinstance(model, ObjectModel | AliasModel) or model.component not in schemas:
            continue  # models of inline schemas, and the synthesized response headers
        assert model.name is not None
        assert hasattr(theirs, model.component), f"DCG made no class {model.component}"
        dcg = dcg_validator(theirs, model.component)
        cases[model.component] = _our_case(schemas[model.component], model.name, dcg)
    assert sorted(cases) == sorted(schemas), "every component schema has a model in the IR"
    return compare(Schemas(document), cases)


# --------------------------------------------------------------------------- tests


def test_document_keeps_yaml_1_2_strings() -> None:
    """Both sides see the spec the generator reads: `16:9` is a string, not 969."""
    schemas = venice_document()["components"]["schemas"]
    ratios = schemas["EditImageRequest"]["properties"]["aspect_ratio"]["enum"]
    assert "16:9" in ratios and 969 not in ratios


def test_our_models_and_dcg_accept_the_same_samples(
    comparison: Comparison, record_property: Any
) -> None:
    result = comparison
    verdict = judge(result.differences, KNOWN)
    text = summary(result, verdict)
    print(text)
    record_property("summary", text)
    assert result.samples > 3000, "the sample generator lost most of its samples"
    assert not verdict.problems(), "\n".join([text, *verdict.problems()[:60]])


def test_valid_samples_are_valid_on_both_sides(comparison: Comparison) -> None:
    """No example or generated valid payload is refused by both sides (that would say the
    sample generator, or the spec's example, is wrong, and the sample tests nothing)."""
    assert not [key for key in comparison.agreed if key[0] != "invalid" and key[1] != "accept"]
    rejected = [
        d.describe()
        for d in comparison.differences
        if d.sample.intent != "invalid" and "file-field" not in d.tags
    ]
    assert not rejected


# --------------------------------------------------------------------------- the check can fail

PET_SPEC: dict[str, Any] = {
    "openapi": "3.0.0",
    "info": {"title": "Pets", "version": "1"},
    "paths": {},
    "components": {
        "schemas": {
            "Pet": {
                "type": "object",
                "required": ["name"],
                "properties": {
                    "name": {"type": "string", "example": "Rex"},
                    "kind": {"type": "string", "enum": ["cat", "dog"]},
                },
            }
        }
    },
}


class FaithfulPet(pydantic.BaseModel):
    name: str
    kind: Literal["cat", "dog"] = "cat"  # a default is not validated: absent is fine


class PlantedPet(pydantic.BaseModel):
    """Two planted bugs: `name` is not required and `kind` takes any string."""

    name: str | None = None
    kind: str = "cat"


def test_the_comparison_notices_a_planted_difference(dcg_dir: Path) -> None:
    theirs = dcg_validator(dcg_module(PET_SPEC, dcg_dir / "pets", _DCG_MODULES[1]), "Pet")
    schemas = Schemas(PET_SPEC)
    pet = PET_SPEC["components"]["schemas"]["Pet"]

    faithful = compare(schemas, {"Pet": Case(pet, FaithfulPet.model_validate, theirs)})
    assert faithful.samples > 5
    assert faithful.differences == []

    planted = compare(schemas, {"Pet": Case(pet, PlantedPet.model_validate, theirs)})
    found = {(d.sample.kind, d.sample.path, d.ours, d.dcg) for d in planted.differences}
    assert found == {
        ("missing-required", "name", "accept", "reject"),
        ("null-not-nullable", "name", "accept", "reject"),
        ("bad-enum", "kind", "accept", "reject"),
    }
    # Unlisted differences fail the check ...
    assert len(judge(planted.differences, []).unexplained) == 3
    # ... and so does a listed difference that no longer occurs.
    enum_only = Known("open enum", lambda d: d.sample.kind == "bad-enum")
    never = Known("never happens", lambda d: d.sample.kind == "unknown-key")
    verdict = judge(planted.differences, [enum_only, never])
    assert [d.sample.kind for d in verdict.unexplained] == ["missing-required", "null-not-nullable"]
    assert verdict.stale == ["never happens"]
    assert len(verdict.problems()) == 3


def test_samples_of_a_small_schema() -> None:
    """What the sample generator makes of one schema: valid, example and invalid payloads."""
    schema = {
        "type": "object",
        "required": ["id", "size", "maxCount"],
        "additionalProperties": False,
        "properties": {
            "id": {"type": "string", "pattern": "^[a-z]{3}-\\d+$"},
            "maxCount": {"type": "integer"},
            "size": {"type": "integer", "minimum": 1, "maximum": 9, "example": 4},
            "tags": {"type": "array", "items": {"type": "string"}, "maxItems": 2},
            "mode": {"type": "string", "enum": ["a", "b"], "nullable": True},
        },
    }
    samples = {(s.kind, s.path): s for s in Schemas({}).samples(schema)}
    assert samples["all-properties", ""].value == {
        "id": "aaa-0",
        "maxCount": 3,
        "size": 5,
        "tags": ["text"],
        "mode": "a",
    }
    assert samples["required-only", ""].value == {"id": "aaa-0", "maxCount": 3, "size": 5}
    assert samples["example-assembled", ""].value == {"size": 4, "id": "aaa-0", "maxCount": 3}
    assert "maxCount" not in samples["python-name", "maxCount"].value
    assert samples["python-name", "maxCount"].value["max_count"] == 3
    assert samples["enum-value", "mode"].value["mode"] == "b"
    assert samples["null", "mode"].value["mode"] is None
    assert samples["bad-enum", "mode"].intent == "invalid"
    assert "size" not in samples["missing-required", "size"].value
    assert samples["wrong-type", "tags[]"].value["tags"] == [12345]
    assert samples["maximum", "size"].value["size"] == 10
    assert samples["max-items", "tags"].value["tags"] == ["text"] * 3
    assert samples["unknown-key", ""].intent == "invalid"
    assert samples["wrong-type", ""].value == "not-the-right-type"
    example = samples["example", "size"]
    assert (example.value["size"], example.prop, example.required) == (4, "size", True)


@pytest.mark.parametrize(
    "pattern",
    [
        r"^\d+$",
        r"^[1-9]\d*d$",
        r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{3})?Z$",
        r"^(0x[a-fA-F0-9]{40}|[1-9A-HJ-NP-Za-km-z]{32,44})$",
        r"^[A-Za-z0-9_-]{1,255}$",
    ],
)
def test_pattern_samples_match(pattern: str) -> None:
    found = pattern_sample(pattern)
    assert found is not None


def test_sample_records_where_it_changed() -> None:
    schema = {
        "type": "object",
        "properties": {
            "items": {
                "type": "array",
                "items": {
                    "anyOf": [
                        {"type": "string"},
                        {"type": "object", "properties": {"n": {"type": "integer"}}},
                    ]
                },
            }
        },
    }
    samples = {(s.kind, s.path): s for s in Schemas({}).samples(schema)}
    deep: Sample = samples["wrong-type", "items[]|1.n"]
    assert deep.value == {"items": [{"n": "not-the-right-type"}]}
    assert (deep.prop, deep.required) == ("n", False)
    assert [s.get("type") for s in deep.trail] == ["object", "array", None, "object", "integer"]
