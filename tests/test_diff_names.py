"""Name churn: the public names of things present in two versions, compared by identity."""

from __future__ import annotations

from generator.config import ConfigFile
from generator.diff.names import churn, public_names
from tests.spec_builders import named_api

SPEC = """
paths:
  /things:
    post:
      operationId: createThing
      tags: [Things]
      parameters:
        - {name: X-Trace-Id, in: header, schema: {type: string}}
      requestBody:
        content:
          application/json:
            schema:
              type: object
              properties:
                label: {type: string}
                shape:
                  type: object
                  properties:
                    sides: {type: integer}
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Thing'}
components:
  schemas:
    Thing:
      type: object
      properties:
        id: {type: string}
        createdAt: {type: string}
"""


def test_the_same_spec_has_no_churn() -> None:
    assert churn(public_names(named_api(SPEC)), public_names(named_api(SPEC))) == {}


def test_every_kind_of_public_name_is_listed() -> None:
    names = public_names(named_api(SPEC)).names
    assert names["method POST /things"] == "client.things.create"
    assert names["argument POST /things header:X-Trace-Id"] == "x_trace_id"
    assert names["argument POST /things body:label"] == "label"
    assert "Thing" in names.values()
    assert {"ThingCreateShape", "ThingCreateShapeParam"} <= set(names.values())
    assert "created_at" in names.values()


def test_a_renamed_model_counts_as_churn() -> None:
    renamed = ConfigFile(names={"Thing": "Widget"})
    changed = churn(public_names(named_api(SPEC)), public_names(named_api(SPEC, renamed)))
    assert sorted(changed.values()) == [("Thing", "Widget")]


def test_a_renamed_method_counts_as_churn() -> None:
    moved = ConfigFile(operations={"POST /things": "things.make"})
    changed = churn(public_names(named_api(SPEC)), public_names(named_api(SPEC, moved)))
    assert changed["method POST /things"] == ("client.things.create", "client.things.make")


def test_a_restructured_model_may_change_its_names() -> None:
    """A field that turns from a string into an object changes the model's shape."""
    reshaped = SPEC.replace("id: {type: string}", "id: {type: object, properties: {v: {}}}")
    old, new = public_names(named_api(SPEC)), public_names(named_api(reshaped))
    thing = next(k for k, v in old.names.items() if v == "Thing")
    renamed = {**new.names, thing: "Thing2"}
    assert churn(old, type(new)(renamed, new.shapes)) == {}
    assert churn(old, type(new)(renamed, old.shapes)) == {thing: ("Thing", "Thing2")}
