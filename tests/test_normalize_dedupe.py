"""Pass: structurally identical models become one (components keep their identity)."""

from __future__ import annotations

from generator.ir import ArrayType, ModelRef, ObjectModel
from tests.spec_builders import normalized_api, spec_models

ERRORS = """
paths:
  /a:
    get:
      responses:
        "401":
          description: no
          content:
            application/json:
              schema: {type: object, properties: {error: {type: string, description: What failed.}}}
        "500":
          description: no
          content:
            application/json:
              schema: {type: object, properties: {error: {type: string, description: What failed.}}}
  /b:
    get:
      responses:
        "429":
          description: no
          content:
            application/json:
              schema: {type: object, properties: {error: {type: string, description: What failed.}}}
"""


def test_repeated_inline_error_bodies_become_one_model_with_every_site() -> None:
    api = normalized_api(ERRORS)
    [model] = spec_models(api)
    assert isinstance(model, ObjectModel) and len(model.sites) == 3
    refs = {c.type for op in api.operations for r in op.responses for c in r.contents}
    assert refs == {ModelRef(model.key)}


def test_error_bodies_merge_across_docs_and_requiredness() -> None:
    looser = ERRORS.replace("What failed.", "Why.", 1).replace(
        'properties: {error: {type: string, description: What failed.}}}\n        "500"',
        "properties: {error: {type: string, description: What failed.}}, required: [error]}\n"
        '        "500"',
        1,
    )
    [model] = spec_models(normalized_api(looser))
    assert isinstance(model, ObjectModel) and len(model.sites) == 3
    assert not model.fields[0].required  # required only where every copy requires it


SUCCESS = """
paths:
  /a:
    get:
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {type: object, properties: {url: {type: string, description: A video.}}}
  /b:
    get:
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {type: object, properties: {url: {type: string, description: A video.}}}
"""


def test_same_shape_with_different_field_docs_stays_separate() -> None:
    assert len(spec_models(normalized_api(SUCCESS))) == 1
    assert (
        len(spec_models(normalized_api(SUCCESS.replace("A video.", "A page to scrape.", 1)))) == 2
    )


def test_inline_copy_of_a_component_merges_into_the_component() -> None:
    api = normalized_api("""
    paths:
      /balance:
        get:
          responses:
            "200":
              description: ok
              content:
                application/json:
                  schema: {type: object, properties: {usd: {type: number}}, required: [usd]}
    components:
      schemas:
        Balance: {type: object, properties: {usd: {type: number}}, required: [usd]}
        SameShape: {type: object, properties: {usd: {type: number}}, required: [usd]}
    """)
    assert sorted(m.component or "" for m in spec_models(api)) == ["Balance", "SameShape"]
    body = api.operations[0].responses[0].contents[0].type
    assert body == ModelRef("#/components/schemas/Balance")


def test_recursive_models_merge_when_identical() -> None:
    api = normalized_api("""
    paths: {}
    components:
      schemas:
        Holder:
          type: object
          properties:
            left:
              type: object
              properties:
                children:
                  type: array
                  items: {$ref: '#/components/schemas/Holder/properties/left'}
            right:
              type: object
              properties:
                children:
                  type: array
                  items: {$ref: '#/components/schemas/Holder/properties/right'}
    """)
    inline = [m for m in spec_models(api) if isinstance(m, ObjectModel) and not m.component]
    assert len(inline) == 1
    assert inline[0].fields[0].type == ArrayType(ModelRef(inline[0].key))


def test_required_differs_keeps_models_apart() -> None:
    required = SUCCESS.replace(
        "description: A video.}}}", "description: A video.}}, required: [url]}", 1
    )
    assert len(spec_models(normalized_api(required))) == 2
