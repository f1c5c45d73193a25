"""The union passes, one function each, on IR values; then once through a small spec."""

from __future__ import annotations

from generator.ir import (
    AnyType,
    ArrayType,
    Discriminator,
    EnumType,
    LiteralType,
    ModelRef,
    NullType,
    ObjectModel,
    Primitive,
    UnionType,
)
from generator.normalize.unions import (
    absorb_any,
    collapse_single_member_unions,
    dedupe_union_members,
    flatten_unions,
    fold_nulls,
    open_enums,
)
from tests.spec_builders import normalized_api

STR, INT, NULL = Primitive("string"), Primitive("integer"), NullType()
A, B = ModelRef("#/a"), ModelRef("#/b")


def test_flatten_splices_nested_plain_unions() -> None:
    # one level per call; the walker applies it bottom-up, innermost first
    assert flatten_unions(UnionType((A, UnionType((B, STR))))) == UnionType((A, B, STR))
    inner = flatten_unions(UnionType((B, UnionType((STR,)))))
    assert flatten_unions(UnionType((A, inner))) == UnionType((A, B, STR))


def test_flatten_keeps_discriminated_unions_whole() -> None:
    tagged = UnionType((A, B), Discriminator("type", (("a", "#/a"), ("b", "#/b"))))
    assert flatten_unions(UnionType((tagged, NULL))) == UnionType((tagged, NULL))


def test_fold_nulls_keeps_one_null_last() -> None:
    assert fold_nulls(UnionType((NULL, STR, NULL, INT, NULL))) == UnionType((STR, INT, NULL))


def test_fold_nulls_of_only_nulls_is_null() -> None:
    assert fold_nulls(UnionType((NULL, NULL))) == NULL


def test_dedupe_keeps_first_occurrences_in_order() -> None:
    assert dedupe_union_members(UnionType((B, A, B, STR, A))) == UnionType((B, A, STR))


def test_any_absorbs_other_members_but_not_null() -> None:
    assert absorb_any(UnionType((STR, AnyType()))) == AnyType()
    assert absorb_any(UnionType((STR, AnyType(), NULL))) == UnionType((AnyType(), NULL))


def test_string_or_enum_is_an_open_enum() -> None:
    union = UnionType((STR, EnumType(("a", "b"))))
    assert open_enums(union) == UnionType((EnumType(("a", "b"), "string", open=True),))


def test_literals_of_one_kind_merge_into_a_closed_enum() -> None:
    union = UnionType((LiteralType("x"), EnumType(("y", "x")), INT))
    assert open_enums(union) == UnionType((EnumType(("x", "y"), "string"), INT))


def test_a_boolean_or_string_enum_stays_a_union() -> None:
    union = UnionType((Primitive("boolean"), EnumType(("true", "false"))))
    assert open_enums(union) == union


def test_collapse_single_member_unions() -> None:
    assert collapse_single_member_unions(UnionType((STR,))) == STR
    assert collapse_single_member_unions(UnionType((STR, INT))) == UnionType((STR, INT))


def test_zod_null_branches_and_nullable_fold_into_optional() -> None:
    api = normalized_api("""
    paths: {}
    components:
      schemas:
        Thing:
          type: object
          properties:
            stop:
              anyOf:
                - {type: string, title: String}
                - {type: array, items: {type: string}}
                - {nullable: true, title: "null"}
                - {nullable: true, title: "null"}
            name: {type: string, nullable: true}
            choice:
              anyOf:
                - {type: string}
                - {type: string, enum: [auto, none]}
            single:
              oneOf:
                - {$ref: '#/components/schemas/Other'}
        Other:
          type: object
          properties: {id: {type: string}}
    """)
    thing = {m.component: m for m in api.models}["Thing"]
    assert isinstance(thing, ObjectModel)
    types = {f.name: f.type for f in thing.fields}
    assert types["stop"] == UnionType((STR, ArrayType(STR), NULL))
    assert types["name"] == UnionType((STR, NULL))
    assert types["choice"] == EnumType(("auto", "none"), "string", open=True)
    assert types["single"] == ModelRef("#/components/schemas/Other")
