"""The signature stage: each method's arguments, body, return, flag and `Accept`, once."""

from __future__ import annotations

from generator.config import ConfigFile, OperationConfig
from generator.ir import BinaryType, FileType, ModelRef, Primitive, UnionType
from generator.signatures import Signature, method_signatures
from tests.spec_builders import named_api

SPEC = """
paths:
  /things/{thingId}:
    post:
      operationId: makeThing
      parameters:
        - {name: thingId, in: path, required: true, schema: {type: string}}
        - {name: verbose, in: query, schema: {type: boolean}}
        - {name: X-Trace, in: header, required: true, schema: {type: string}, example: t-1}
      requestBody:
        content:
          application/json:
            schema: {$ref: "#/components/schemas/Thing"}
          multipart/form-data:
            schema: {$ref: "#/components/schemas/ThingForm"}
      responses:
        "200":
          description: ok
          content:
            application/json: {schema: {$ref: "#/components/schemas/Made"}}
            image/png: {schema: {type: string, format: binary}}
  /raw:
    post:
      operationId: sendRaw
      requestBody:
        required: false
        content:
          application/json: {schema: {type: object, additionalProperties: true}}
      responses:
        "204": {description: nothing}
components:
  schemas:
    Thing:
      type: object
      required: [name, picture]
      properties:
        name: {type: string, example: Rex}
        picture: {type: string}
        as_file: {type: boolean}
    ThingForm:
      type: object
      required: [name, picture]
      properties:
        name: {type: string}
        picture: {type: string, format: binary}
        as_file: {type: boolean}
    Made:
      type: object
      properties: {id: {type: string}}
"""


def _signatures() -> dict[str, Signature]:
    config = ConfigFile(
        operations={
            "POST /things/{thingId}": OperationConfig(
                method="things.make", binary_when={"as_file": True}
            ),
            "POST /raw": "raw.send",
        }
    )
    return method_signatures(named_api(SPEC, config))


def test_arguments_in_signature_order_with_their_places() -> None:
    sig = _signatures()["POST /things/{thingId}"]
    assert sig.dotted == "client.things.make"
    assert [a.name for a in sig.positional] == ["thing_id"]
    # Keyword arguments: required first (body before parameters), then the optional ones.
    assert [(a.name, a.location, a.required) for a in sig.keyword] == [
        ("name", "body", True),
        ("picture", "body", True),
        ("x_trace", "header", True),
        ("as_file", "body", False),
        ("verbose", "query", False),
    ]
    assert [a.wire for a in sig.arguments_at("header")] == ["X-Trace"]
    assert sig.argument("X-Trace", "header").example_json == '"t-1"'  # type: ignore[union-attr]
    assert sig.argument("name").example_json == '"Rex"'  # type: ignore[union-attr]


def test_a_field_of_several_media_types_takes_any_of_their_types() -> None:
    sig = _signatures()["POST /things/{thingId}"]
    picture = sig.argument("picture")
    assert picture is not None and picture.types == (Primitive("string"), FileType())
    assert picture.type == UnionType((Primitive("string"), FileType()))
    assert sig.body is not None and sig.body.encoding == "auto" and not sig.body.whole


def test_the_flag_decides_the_return_and_the_accept_header() -> None:
    sig = _signatures()["POST /things/{thingId}"]
    assert sig.returns.binary and len(sig.returns.json) == 1
    assert isinstance(sig.returns.json[0], ModelRef)
    assert sig.flag is not None and sig.flag.kind == "binary"
    assert (sig.flag.argument.name, sig.flag.on, sig.flag.off) == ("as_file", True, (False,))
    assert sig.accept.normal == ("application/json",)
    assert sig.accept.when_flag_on == ("image/png",)
    assert not isinstance(sig.returns.json[0], BinaryType)


def test_an_optional_whole_body_is_one_optional_argument() -> None:
    sig = _signatures()["POST /raw"]
    [body] = sig.arguments
    assert (body.name, body.wire, body.location, body.required) == ("body", "", "body", False)
    assert sig.body is not None and sig.body.whole
    assert sig.returns.json == () and not sig.returns.binary
    assert sig.flag is None and sig.accept.normal == ()
