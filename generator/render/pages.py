"""Pages: the page classes of the `types/` modules, and the paging rule a method passes.

A paginated operation's JSON answer gets two page classes beside its model (see
`render.modules`), each the model itself and a page of its items:
`CharacterListPage(SyncPage[Item], CharacterListResponse)` and its `Async` twin. The method
that returns them hands the runtime the rule of how its pages follow (`OffsetPaging(...)`).
"""

from __future__ import annotations

from collections.abc import Iterator

from generator.ir import Api
from generator.ir_features import Pagination
from generator.render.text import string_literal
from generator.render.types import TypeSpeller, python_literal

PAGINATION_MODULE = "_pagination"
_RULES = {"offset": "OffsetPaging", "page": "PageNumberPaging", "cursor": "CursorPaging"}


def paginations(api: Api) -> Iterator[tuple[str, Pagination]]:
    """(`client.x.y()`, pagination) of every operation that pages, one per page class."""
    seen: set[str] = set()
    for op in api.operations:
        paging = op.pagination
        if paging is not None and paging.page_class not in seen:
            seen.add(paging.page_class)
            yield ".".join(("client", *op.resource, op.method_name)) + "()", paging


def paging_source(paging: Pagination, speller: TypeSpeller) -> str:
    """The runtime rule of `paging`, as a Python expression (`OffsetPaging(...)`)."""
    rule = _RULES[paging.kind]
    speller.need(PAGINATION_MODULE, rule)
    arguments = {"items": tuple_source(paging.items)}
    if paging.kind == "offset":
        arguments |= {
            "offset": string_literal(paging.param),
            "has_more": tuple_source(paging.progress),
        }
    elif paging.kind == "page":
        arguments |= {
            "page": string_literal(paging.param),
            "first": python_literal(paging.first),
            "total_pages": tuple_source(paging.progress),
        }
    else:
        arguments |= {
            "cursor": string_literal(paging.param),
            "next_cursor": tuple_source(paging.progress),
            "alone": python_literal(paging.alone),
        }
    if paging.size_param is not None:
        size = "limit" if paging.kind == "offset" else "page_size"
        arguments[size] = string_literal(paging.size_param)
        if paging.default_size is not None:
            arguments[f"default_{size}"] = python_literal(paging.default_size)
    given = {k: v for k, v in arguments.items() if v != "()"}
    return f"{rule}({', '.join(f'{k}={v}' for k, v in given.items())})"


def tuple_source(path: tuple[str, ...]) -> str:
    """Strings as a tuple of string literals: `("data",)`."""
    steps = [string_literal(step) for step in path]
    return f"({steps[0]},)" if len(steps) == 1 else f"({', '.join(steps)})"
