"""Pass: union tags, declared (and checked) or inferred from one-value enums."""

from __future__ import annotations

from generator.diagnostics import Diagnostics
from generator.ir import ObjectModel, RequiredKeys, UnionType
from tests.spec_builders import normalized_api

PARTS = """
components:
  schemas:
    Part:
      oneOf:
        - type: object
          properties: {type: {type: string, enum: [text]}, text: {type: string}}
          required: [type, text]
        - type: object
          properties: {type: {type: string, enum: [image]}, url: {type: string}}
          required: [type, url]
"""


def _union(api_body: str, diagnostics: Diagnostics | None = None) -> UnionType:
    api = normalized_api(api_body, diagnostics)
    alias = api.model_table()["#/components/schemas/Part"]
    target = getattr(alias, "target", None)
    assert isinstance(target, UnionType)
    return target


def test_tag_is_inferred_from_required_single_value_properties() -> None:
    union = _union(PARTS)
    assert union.discriminator is not None and union.discriminator.inferred
    assert union.discriminator.property == "type"
    assert [value for value, _ in union.discriminator.mapping] == ["text", "image"]


def test_no_tag_when_a_member_lacks_it_or_values_repeat() -> None:
    # No property tags them; the keys they require (`text`, `url`) still tell them apart.
    lacks = _union(PARTS.replace("required: [type, url]", "required: [url]"))
    repeats = _union(PARTS.replace("enum: [image]", "enum: [text]"))
    assert isinstance(lacks.discriminator, RequiredKeys)
    assert isinstance(repeats.discriminator, RequiredKeys)


def test_declared_discriminator_is_kept_when_members_support_it() -> None:
    union = _union(PARTS + "      discriminator: {propertyName: type}\n")
    assert union.discriminator is not None and not union.discriminator.inferred


def test_declared_discriminator_members_cannot_support_is_dropped_with_one_warning() -> None:
    body = """
components:
  schemas:
    Plain: {type: object, properties: {error: {type: string}}}
    Coded:
      type: object
      properties: {code: {type: string, enum: [PAYMENT_REQUIRED]}}
      required: [code]
paths:
  /a:
    get:
      responses:
        "402":
          description: pay
          content:
            application/json:
              schema:
                oneOf: [{$ref: '#/components/schemas/Plain'}, {$ref: '#/components/schemas/Coded'}]
                discriminator: {propertyName: code}
  /b:
    get:
      responses:
        "402":
          description: pay
          content:
            application/json:
              schema:
                oneOf: [{$ref: '#/components/schemas/Plain'}, {$ref: '#/components/schemas/Coded'}]
                discriminator: {propertyName: code}
"""
    diagnostics = Diagnostics()
    api = normalized_api(body, diagnostics)
    [warning] = diagnostics.items
    assert warning.code == "discriminator-ignored" and "1 more places" in warning.message
    assert (
        warning.pointer
        == "#/paths/~1a/get/responses/402/content/application~1json/schema/discriminator"
    )
    union = api.operations[0].responses[0].contents[0].type
    # Dropped; the keys tell the members apart (`Coded` requires what `Plain` lacks).
    assert isinstance(union, UnionType) and isinstance(union.discriminator, RequiredKeys)
    assert all(isinstance(m, ObjectModel) for m in api.models)


def _members(*members: str) -> str:
    items = "".join(f"        - {m}\n" for m in members)
    return f"""
components:
  schemas:
    Part:
      anyOf:
{items}"""


TOKENS = "{type: object, properties: {input: {}, output: {}}, required: [input, output]}"
CHARACTERS = "{type: object, properties: {input: {}}, required: [input]}"


def test_members_the_required_keys_tell_apart_are_keyed() -> None:
    # `output` is required by the first member, and the second does not declare it.
    assert isinstance(_union(_members(TOKENS, CHARACTERS)).discriminator, RequiredKeys)


def test_members_the_keys_cannot_tell_apart_stay_a_plain_union() -> None:
    # Both declare both keys: `{input, output}` fits either.
    both = "{type: object, properties: {input: {}, output: {}}, required: [input]}"
    assert _union(_members(TOKENS, both)).discriminator is None
    # Only the type of a shared key's value differs.
    count = "{type: object, properties: {amount: {type: integer}}, required: [amount]}"
    label = "{type: object, properties: {amount: {type: string}}, required: [amount]}"
    assert _union(_members(count, label)).discriminator is None
