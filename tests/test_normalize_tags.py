"""Pass: union tags, declared (and checked) or inferred from one-value enums."""

from __future__ import annotations

from generator.diagnostics import Diagnostics
from generator.ir import ObjectModel, UnionType
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
    assert _union(PARTS.replace("required: [type, url]", "required: [url]")).discriminator is None
    assert _union(PARTS.replace("enum: [image]", "enum: [text]")).discriminator is None


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
    assert isinstance(union, UnionType) and union.discriminator is None
    assert all(isinstance(m, ObjectModel) for m in api.models)
