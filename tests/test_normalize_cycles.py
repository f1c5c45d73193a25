"""The pass that takes unions out of themselves, on IR values and on a small spec."""

from __future__ import annotations

from generator.diagnostics import Diagnostics
from generator.ir import AliasModel, AnyType, Api, ArrayType, ModelRef, Primitive, UnionType
from generator.normalize.cycles import break_alias_cycles
from tests.spec_builders import normalized_api

STR, INT = Primitive("string"), Primitive("integer")


def _api(**targets: object) -> Api:
    models = tuple(AliasModel(f"#/{k}", t, (), component=k) for k, t in targets.items())
    return Api("T", "1", (), models)


def _targets(api: Api) -> dict[str, object]:
    return {m.key[2:]: m.target for m in api.models if isinstance(m, AliasModel)}


def test_a_union_that_lists_itself_keeps_its_other_members() -> None:
    diagnostics = Diagnostics()
    api = _api(X=UnionType((STR, ModelRef("#/X"), INT)))
    assert _targets(break_alias_cycles(api, diagnostics)) == {"X": UnionType((STR, INT))}
    assert [d.code for d in diagnostics] == ["recursive-union"]


def test_unions_on_a_cycle_each_get_the_members_of_the_whole_cycle() -> None:
    api = _api(X=UnionType((STR, ModelRef("#/Y"))), Y=UnionType((INT, ModelRef("#/X"))))
    assert _targets(break_alias_cycles(api, Diagnostics())) == {
        "X": UnionType((STR, INT)),
        "Y": UnionType((INT, STR)),
    }


def test_a_longer_cycle_is_spliced_in_the_order_its_members_are_met() -> None:
    a, b, c = Primitive("string", "a"), Primitive("string", "b"), Primitive("string", "c")
    api = _api(
        X=UnionType((a, ModelRef("#/Y"))),
        Y=UnionType((ModelRef("#/Z"), b)),
        Z=UnionType((c, ModelRef("#/X"), ModelRef("#/Y"))),
        Outside=UnionType((ModelRef("#/X"), INT)),  # reaches the cycle, is not on it
    )
    targets = _targets(break_alias_cycles(api, Diagnostics()))
    assert targets["X"] == UnionType((a, c, b))
    assert targets["Z"] == UnionType((c, a, b))
    assert targets["Outside"] == UnionType((ModelRef("#/X"), INT))


def test_a_union_of_only_itself_is_untyped_and_one_member_is_that_member() -> None:
    api = _api(X=UnionType((ModelRef("#/X"),)), Y=UnionType((ModelRef("#/Y"), STR)))
    assert _targets(break_alias_cycles(api, Diagnostics())) == {"X": AnyType(), "Y": STR}


def test_recursion_through_arrays_and_plain_references_is_left_alone() -> None:
    diagnostics = Diagnostics()
    api = _api(
        Tree=UnionType((STR, ArrayType(ModelRef("#/Tree")))),  # a real recursive type
        Name=ModelRef("#/Tree"),  # refers to a cycle without being on it
    )
    assert break_alias_cycles(api, diagnostics) == api
    assert not diagnostics.items


def test_in_the_pipeline_nested_branches_are_flattened_first() -> None:
    api = normalized_api("""
    components:
      schemas:
        Label:
          oneOf:
            - {type: string, enum: [a, b]}
            - oneOf: [{$ref: "#/components/schemas/Label"}, {type: integer}]
    """)
    (label,) = [m for m in api.models if m.component == "Label"]
    assert isinstance(label, AliasModel)
    assert ModelRef(label.key) not in label.target.members
    assert INT in label.target.members
