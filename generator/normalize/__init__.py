"""Stage 3: turn the document into the IR and normalise its types.

`build_api` translates (resolving `$ref`s and merging `allOf` on the way); then each pass
in `PASSES` rewrites the IR, in order. Every pass is a pure function with its own tests.
"""

from __future__ import annotations

from collections.abc import Callable

from generator.diagnostics import Diagnostics
from generator.ir import Api
from generator.load import JsonValue
from generator.normalize.build import build_api
from generator.normalize.cycles import break_alias_cycles
from generator.normalize.dedupe import merge_identical_models
from generator.normalize.multipart import multipart_files
from generator.normalize.tags import infer_union_tags, key_unions, narrow_declared_tags
from generator.normalize.unions import (
    absorb_any,
    collapse_single_member_unions,
    dedupe_union_members,
    flatten_unions,
    fold_nulls,
    open_enums,
)
from generator.normalize.walk import TypeFn, map_api_types

Pass = Callable[[Api, Diagnostics], Api]


def type_pass(fn: TypeFn) -> Pass:
    """Lift a one-node type rewrite into a pass over the whole API."""

    def run(api: Api, diagnostics: Diagnostics) -> Api:
        return map_api_types(api, fn)

    run.__name__ = fn.__name__
    run.__doc__ = fn.__doc__
    return run


PASSES: tuple[Pass, ...] = (
    type_pass(flatten_unions),
    break_alias_cycles,
    type_pass(fold_nulls),
    type_pass(dedupe_union_members),
    # Before absorb_any: in `anyOf[{}, string]` the untyped branch is the file of a
    # multipart body, and the string must survive as the JSON alternative.
    multipart_files,
    type_pass(absorb_any),
    type_pass(open_enums),
    type_pass(collapse_single_member_unions),
    narrow_declared_tags,
    infer_union_tags,
    merge_identical_models,
    key_unions,
)


def normalize(document: dict[str, JsonValue], diagnostics: Diagnostics) -> Api:
    """Build the IR from a loaded document and run every pass over it."""
    api = build_api(document, diagnostics)
    for run in PASSES:
        api = run(api, diagnostics)
    return api
