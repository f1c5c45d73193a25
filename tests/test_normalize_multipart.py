"""Pass: files in multipart bodies (binary strings and untyped zod branches)."""

from __future__ import annotations

from generator.ir import ArrayType, EnumType, FileType, ObjectModel, Primitive, UnionType
from tests.spec_builders import normalized_api

SPEC = """
paths:
  /upscale:
    post:
      requestBody:
        content:
          application/json: {schema: {$ref: '#/components/schemas/Upscale'}}
          multipart/form-data: {schema: {$ref: '#/components/schemas/Upscale'}}
      responses: {"200": {description: ok}}
  /transcribe:
    post:
      requestBody:
        content:
          multipart/form-data:
            schema:
              type: object
              properties:
                file: {type: string, format: binary}
                extra: {type: array, items: {type: string, format: binary}}
                language: {type: string}
      responses: {"200": {description: ok}}
  /json-only:
    post:
      requestBody:
        content:
          application/json: {schema: {$ref: '#/components/schemas/JsonOnly'}}
      responses: {"200": {description: ok}}
components:
  schemas:
    Upscale:
      type: object
      properties:
        image: {anyOf: [{}, {type: string}]}
        scale: {type: number}
    JsonOnly:
      type: object
      properties:
        blob: {}
        data: {type: string, format: binary}
"""


def _fields(api: object, key: str) -> dict[str, object]:
    model = api.model_table()[key]  # type: ignore[attr-defined]
    assert isinstance(model, ObjectModel)
    return {f.name: f.type for f in model.fields}


def test_untyped_branch_of_a_multipart_body_is_a_file() -> None:
    fields = _fields(normalized_api(SPEC), "#/components/schemas/Upscale")
    assert fields["image"] == UnionType((FileType(), Primitive("string")))
    assert fields["scale"] == Primitive("number")


def test_binary_strings_and_arrays_of_them_are_files() -> None:
    api = normalized_api(SPEC)
    key = "#/paths/~1transcribe/post/requestBody/content/multipart~1form-data/schema"
    fields = _fields(api, key)
    assert fields["file"] == FileType()
    assert fields["extra"] == ArrayType(FileType())
    assert fields["language"] == Primitive("string")


def test_json_only_bodies_are_left_alone() -> None:
    fields = _fields(normalized_api(SPEC), "#/components/schemas/JsonOnly")
    assert fields["data"] == Primitive("string", "binary")
    assert not isinstance(fields["blob"], FileType)
    assert not any(isinstance(t, EnumType) for t in fields.values())
