"""Translating schemas, parameters, bodies and responses into the IR (before the passes)."""

from __future__ import annotations

from generator.diagnostics import Diagnostics, Level
from generator.ir import (
    AliasModel,
    AnyType,
    Api,
    ArrayType,
    BinaryType,
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
from tests.spec_builders import object_at, raw_api

COMPONENTS = "#/components/schemas/"


def _field_types(body: str, component: str = "T") -> dict[str, object]:
    api = raw_api(body)
    model = api.model_table()[COMPONENTS + component]
    assert isinstance(model, ObjectModel)
    return {f.name: f.type for f in model.fields}


def test_primitive_enum_const_and_nullable_schemas() -> None:
    types = _field_types("""
    components:
      schemas:
        T:
          type: object
          properties:
            s: {type: string, format: uri}
            i: {type: integer}
            n: {type: number, nullable: true}
            b: {type: boolean}
            e: {type: string, enum: [a, b]}
            one: {type: string, enum: [only]}
            ints: {type: integer, enum: [1, 2, 4]}
            mixed: {enum: [1, x]}
            with_null: {type: string, enum: [a, null]}
            flag: {type: boolean, enum: [true]}
            c: {const: fixed}
            untyped: {}
            zod_null: {nullable: true, title: "null"}
    """)
    assert types["s"] == Primitive("string", "uri")
    assert types["i"] == Primitive("integer")
    assert types["n"] == UnionType((Primitive("number"), NullType()))
    assert types["e"] == EnumType(("a", "b"))
    assert types["one"] == LiteralType("only")
    assert types["ints"] == EnumType((1, 2, 4), "integer")
    assert types["mixed"] == UnionType((LiteralType(1), LiteralType("x")))
    assert types["with_null"] == UnionType((LiteralType("a"), NullType()))
    assert types["flag"] == LiteralType(True)
    assert types["c"] == LiteralType("fixed")
    assert types["untyped"] == AnyType()
    assert types["zod_null"] == NullType()


def test_objects_maps_arrays_and_type_lists() -> None:
    types = _field_types("""
    components:
      schemas:
        T:
          type: object
          properties:
            free: {type: object}
            empty: {type: object, properties: {}}
            counts: {type: object, additionalProperties: {type: integer}}
            nested: {type: object, properties: {x: {type: string}}}
            list: {type: array, items: {type: string}}
            bare_list: {type: array}
            tuple: {type: array, prefixItems: [{type: string}, {type: integer}]}
            either: {type: [string, "null"]}
    """)
    assert types["free"] == MapType(AnyType())
    assert types["empty"] == MapType(AnyType())
    assert types["counts"] == MapType(Primitive("integer"))
    assert types["nested"] == ModelRef(COMPONENTS + "T/properties/nested")
    assert types["list"] == ArrayType(Primitive("string"))
    assert types["bare_list"] == ArrayType(AnyType())
    assert types["tuple"] == ArrayType(UnionType((Primitive("string"), Primitive("integer"))))
    assert types["either"] == UnionType((Primitive("string"), NullType()))


def test_object_with_properties_and_additional_properties_keeps_both() -> None:
    api = raw_api("""
    components:
      schemas:
        T:
          type: object
          properties: {a: {type: string}}
          required: [a]
          additionalProperties: {type: number}
        Closed:
          type: object
          properties: {a: {type: string}}
          additionalProperties: false
    """)
    table = api.model_table()
    t, closed = table[COMPONENTS + "T"], table[COMPONENTS + "Closed"]
    assert isinstance(t, ObjectModel) and isinstance(closed, ObjectModel)
    assert t.additional == Primitive("number") and not t.closed
    assert t.fields[0].required
    assert closed.additional is None and closed.closed


def test_component_refs_are_model_refs_and_non_object_components_are_aliases() -> None:
    api = raw_api("""
    components:
      schemas:
        Holder:
          type: object
          properties:
            thing: {$ref: '#/components/schemas/Thing'}
            maybe: {$ref: '#/components/schemas/Maybe'}
            color: {$ref: '#/components/schemas/Color'}
            deep: {$ref: '#/components/schemas/Thing/properties/inner'}
        Thing:
          type: object
          properties:
            inner: {type: object, properties: {z: {type: string}}}
        Maybe:
          type: object
          nullable: true
          properties: {m: {type: string}}
        Color: {type: string, enum: [red, green]}
    """)
    table = api.model_table()
    holder = table[COMPONENTS + "Holder"]
    assert isinstance(holder, ObjectModel)
    types = {f.name: f.type for f in holder.fields}
    assert types["thing"] == ModelRef(COMPONENTS + "Thing")
    assert types["maybe"] == UnionType((ModelRef(COMPONENTS + "Maybe"), NullType()))
    assert types["color"] == ModelRef(COMPONENTS + "Color")
    assert types["deep"] == ModelRef(COMPONENTS + "Thing/properties/inner")
    color = table[COMPONENTS + "Color"]
    assert isinstance(color, AliasModel) and color.target == EnumType(("red", "green"))


def test_recursive_components_refer_to_themselves() -> None:
    api = raw_api("""
    components:
      schemas:
        Node:
          type: object
          properties:
            children: {type: array, items: {$ref: '#/components/schemas/Node'}}
    """)
    node = api.model_table()[COMPONENTS + "Node"]
    assert isinstance(node, ObjectModel)
    assert node.fields[0].type == ArrayType(ModelRef(COMPONENTS + "Node"))


def test_a_property_extending_its_own_component_twice_refers_back_to_it() -> None:
    # Found by test_hypothesis_specs: the member listed twice made a copy of the property
    # at each unfolding, so the schema met inside itself was never recognised.
    api = raw_api("""
    components:
      schemas:
        Node:
          type: object
          required: [name]
          properties:
            name: {type: string}
            child:
              allOf:
                - {$ref: '#/components/schemas/Node'}
                - {$ref: '#/components/schemas/Node'}
                - {type: string}
    """)
    table = api.model_table()
    inline = COMPONENTS + "Node/properties/child"
    for key in (COMPONENTS + "Node", inline):  # the merged copy refers to itself: no unfolding
        model = table[key]
        assert isinstance(model, ObjectModel)
        assert [(f.name, f.type) for f in model.fields] == [
            ("name", Primitive("string")),
            ("child", ModelRef(inline)),
        ]


def test_broken_and_external_refs_are_reported_and_read_as_untyped() -> None:
    diagnostics = Diagnostics()
    api = raw_api(
        """
    components:
      schemas:
        T:
          type: object
          properties:
            broken: {$ref: '#/components/schemas/Nope'}
            external: {$ref: 'other.yaml#/X'}
    """,
        diagnostics,
    )
    model = api.model_table()[COMPONENTS + "T"]
    assert isinstance(model, ObjectModel)
    assert [f.type for f in model.fields] == [AnyType(), AnyType()]
    by_code = {d.code: d for d in diagnostics}
    assert by_code["broken-ref"].level is Level.ERROR
    assert by_code["broken-ref"].pointer == COMPONENTS + "T/properties/broken"
    assert "'#/components/schemas/Nope'" in by_code["broken-ref"].message
    assert by_code["external-ref"].level is Level.WARNING


def test_all_of_merges_members_and_single_ref_all_of_is_the_ref() -> None:
    api = raw_api("""
    components:
      schemas:
        Base:
          type: object
          properties: {id: {type: string}, kind: {type: string}}
          required: [id]
        Derived:
          allOf:
            - $ref: '#/components/schemas/Base'
            - type: object
              properties: {kind: {type: string, enum: [x, y]}, extra: {type: integer}}
              required: [extra]
        Wrapper:
          type: object
          properties:
            base: {allOf: [{$ref: '#/components/schemas/Base'}], description: The base.}
    """)
    table = api.model_table()
    derived = table[COMPONENTS + "Derived"]
    assert isinstance(derived, ObjectModel)
    fields = {f.name: f for f in derived.fields}
    assert list(fields) == ["id", "kind", "extra"]
    assert fields["id"].required and fields["extra"].required and not fields["kind"].required
    assert fields["kind"].type == EnumType(("x", "y"))
    wrapper = table[COMPONENTS + "Wrapper"]
    assert isinstance(wrapper, ObjectModel)
    assert wrapper.fields[0].type == ModelRef(COMPONENTS + "Base")
    assert wrapper.fields[0].description == "The base."


def test_union_branches_carry_titles_and_parent_properties() -> None:
    api = raw_api("""
    components:
      schemas:
        Pet:
          type: object
          properties: {name: {type: string}}
          required: [name]
          oneOf:
            - {title: Dog, properties: {barks: {type: boolean}}}
            - {title: Cat, properties: {meows: {type: boolean}}}
    """)
    alias = api.model_table()[COMPONENTS + "Pet"]
    assert isinstance(alias, AliasModel) and isinstance(alias.target, UnionType)
    dog = object_at(api, COMPONENTS + "Pet/oneOf/0")
    assert [f.name for f in dog.fields] == ["name", "barks"]
    assert dog.sites[0].context[-1].value == "Dog"


def test_operations_parameters_bodies_and_responses() -> None:
    api = raw_api("""
    servers:
      - url: https://{host}/v1
        variables: {host: {default: api.example.com}}
    paths:
      /items/{id}:
        parameters:
          - {name: id, in: path, required: true, schema: {type: string}}
        post:
          operationId: updateItem
          parameters:
            - {name: dry_run, in: query, schema: {type: boolean}}
            - {name: X-Trace, in: header, schema: {type: string}}
          requestBody:
            required: true
            content:
              application/json:
                schema: {type: object, properties: {name: {type: string}}}
              multipart/form-data:
                schema: {type: object, properties: {file: {type: string, format: binary}}}
          responses:
            "200":
              description: ok
              headers:
                X-Balance: {schema: {type: string}}
              content:
                application/json: {schema: {type: object, properties: {ok: {type: boolean}}}}
                image/png: {schema: {type: string, format: binary}}
            "404": {description: missing}
    """)
    assert api.base_url == "https://api.example.com/v1"
    [op] = api.operations
    assert op.key == "POST /items/{id}" and op.operation_id == "updateItem"
    assert [(p.name, p.location, p.required) for p in op.parameters] == [
        ("id", "path", True),
        ("dry_run", "query", False),
        ("X-Trace", "header", False),
    ]
    assert op.request_body is not None and op.request_body.required
    assert [c.media_type for c in op.request_body.contents] == [
        "application/json",
        "multipart/form-data",
    ]
    ok, missing = op.responses
    assert ok.is_success and not missing.is_success and missing.contents == ()
    assert ok.contents[1].type == BinaryType("image/png")
    assert ok.headers[0].name == "X-Balance"
    multipart = object_at(
        api, "#/paths/~1items~1{id}/post/requestBody/content/multipart~1form-data/schema"
    )
    assert multipart.fields[0].type == Primitive("string", "binary")


def test_an_octet_stream_request_body_is_a_file() -> None:
    api = raw_api("""
    paths:
      /upload:
        put:
          requestBody:
            content: {application/octet-stream: {schema: {type: string, format: binary}}}
          responses: {"204": {description: done}}
    """)
    body = api.operations[0].request_body
    assert body is not None and body.contents[0].type == FileType()


def test_unusable_schemas_are_reported_and_untyped() -> None:
    diagnostics = Diagnostics()
    api = raw_api(
        """
    components:
      schemas:
        T:
          type: object
          properties:
            misspelt: {type: strnig}
            number: 42
    """,
        diagnostics,
    )
    model = api.model_table()[COMPONENTS + "T"]
    assert isinstance(model, ObjectModel)
    assert [f.type for f in model.fields] == [AnyType(), AnyType()]
    assert sorted(d.code for d in diagnostics) == ["bad-schema", "no-paths", "unknown-type"]
    assert all(d.level is Level.WARNING for d in diagnostics)


def test_path_items_and_operations_that_are_not_objects_are_reported_not_dropped_silently() -> None:
    diagnostics = Diagnostics()
    api = raw_api(
        """
    paths:
      /broken: 7
      /half:
        get: [not, an, operation]
        post: {responses: {"204": {description: done}}}
    """,
        diagnostics,
    )
    assert [op.key for op in api.operations] == ["POST /half"]
    skipped = [(d.code, d.pointer, d.message) for d in diagnostics]
    assert skipped == [
        ("bad-operation", "#/paths/~1broken", "path item must be an object, not 7; it is skipped"),
        (
            "bad-operation",
            "#/paths/~1half/get",
            "operation must be an object, not ['not', 'an', 'operation']; it is skipped",
        ),
    ]


def _map_of_notes(members: str, diagnostics: Diagnostics, extra: str = "") -> Api:
    """A `Notes` map whose values merge `members`, returned by GET /notes inline too."""
    values = f"{{type: object, additionalProperties: {{allOf: [{members}]}}}}"
    return raw_api(
        f"""
    paths:
      /notes:
        get:
          responses:
            "200":
              description: ok
              content: {{application/json: {{schema: {values}}}}}
    components:
      schemas:
        Notes: {values}
        {extra}
    """,
        diagnostics,
    )


def test_schemas_that_unfold_into_themselves_end_in_a_reference() -> None:
    diagnostics = Diagnostics()
    notes_ref = '{$ref: "#/components/schemas/Notes"}'
    loop = """Loop:
          allOf:
            - {type: object, required: [next], properties: {next: {$ref: "#/components/schemas/Loop"}}}
            - oneOf: [{type: string}, {$ref: "#/components/schemas/Loop"}]"""
    api = _map_of_notes(f"{notes_ref}, {notes_ref}", diagnostics, loop)
    table = api.model_table()
    notes = table[COMPONENTS + "Notes"]
    # one allOf member repeated is that member: a map of itself
    assert isinstance(notes, AliasModel)
    assert notes.target == MapType(ModelRef(COMPONENTS + "Notes"))
    (response,) = api.operations[0].responses
    assert response.contents[0].type == MapType(ModelRef(COMPONENTS + "Notes"))
    # the branch that refers back to the component being built stays a reference
    loop_model = table[COMPONENTS + "Loop"]
    assert isinstance(loop_model, AliasModel) and isinstance(loop_model.target, UnionType)
    assert ModelRef(COMPONENTS + "Loop") in loop_model.target.members
    assert not diagnostics.items


def test_an_inline_schema_met_again_inside_itself_is_reported_and_read_as_untyped() -> None:
    diagnostics = Diagnostics()
    api = _map_of_notes('{$ref: "#/components/schemas/Notes"}, {description: a note}', diagnostics)
    assert api.operations  # it terminates
    warnings = [d for d in diagnostics if d.code == "recursive-schema"]
    assert warnings and "contains itself" in warnings[0].message
    assert warnings[0].level is Level.WARNING


def test_lists_and_objects_of_the_wrong_type_are_ignored() -> None:
    # Read only when they have the type JSON data needs: a `required` or `tags` string is
    # not a list of names, and a non-object `properties` or media object holds no schema.
    api = raw_api("""
    paths:
      /x:
        get:
          tags: ab
          parameters:
            - {name: q, in: query, content: {application/json: x}}
          responses: {}
        post:
          tags: true
          responses: {}
    components:
      schemas:
        T:
          type: object
          required: true
          properties: {a: {type: string}}
        U:
          allOf:
            - {type: object, properties: [x], required: a}
          properties: {a: {type: string}}
    """)
    get, post = api.operations
    assert get.tags == () and post.tags == ()
    assert get.parameters[0].type == AnyType()
    for name in ("T", "U"):
        model = api.model_table()[COMPONENTS + name]
        assert isinstance(model, ObjectModel)
        assert [(f.name, f.required) for f in model.fields] == [("a", False)]
