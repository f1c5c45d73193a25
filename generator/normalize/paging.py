"""A list operation's `pagination` setting, checked against the spec.

The config says how pages follow each other (`offset`, `page` or `cursor`), which response
field holds the items and which says whether more follow; the spec must agree: the success
answer is one JSON object, the items field is an array (its item type types the page), the
parameters that move are query parameters of the right type, and the progress field is a
boolean (`has_more`), a number (`total_pages`) or a string (`next_cursor`). Page sizes and
the first page number come from the parameters' defaults. What does not fit is reported
and the operation is generated without pagination.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from generator.config_features import (
    CursorPagination,
    OffsetPagination,
    PagePagination,
    PaginationConfig,
)
from generator.diagnostics import Code, Diagnostics
from generator.ir import ArrayType, Model, ModelRef, ObjectModel, Operation, Parameter
from generator.ir_features import Pagination
from generator.normalize.paths import Unfit, dotted, is_kind, json_answer, type_at

PAGE_MEMBERS = frozenset({"iter_pages", "has_next_page", "next_page"})
"""What a page class defines besides the response's fields."""


@dataclass(frozen=True)
class _Page:
    op: Operation
    key: str
    model: ObjectModel
    table: dict[str, Model]

    def query(self, name: str, *kinds: str) -> Parameter:
        param = next(
            (p for p in self.op.parameters if p.location == "query" and p.name == name), None
        )
        if param is None:
            raise Unfit(f"it has no query parameter {name!r}")
        if not is_kind(type_at(param.type, (), self.table), *kinds):
            raise Unfit(f"its query parameter {name!r} is not {' or '.join(kinds)}")
        return param

    def field(self, path: str, *kinds: str) -> tuple[str, ...]:
        steps = dotted(path)
        if not is_kind(type_at(ModelRef(self.key), steps, self.table), *kinds):
            raise Unfit(f"its answer has no {' or '.join(kinds)} field {path!r}")
        return steps


def check_pagination(
    op: Operation, settings: PaginationConfig, table: dict[str, Model], diagnostics: Diagnostics
) -> Pagination | None:
    """The operation's checked pagination (its `page_class` still unnamed), or None."""
    try:
        return _checked(op, settings, table)
    except Unfit as why:
        diagnostics.warn(
            Code.CONFIG_PAGINATION,
            f"{op.key}: pagination {settings.kind!r} does not fit: {why}; "
            "the method returns its answer without paging",
            op.pointer,
            "fix the operation's `pagination` setting under [operations]",
        )
        return None


def _checked(op: Operation, settings: PaginationConfig, table: dict[str, Model]) -> Pagination:
    answer = json_answer(op, table)
    if answer is None:
        raise Unfit("its success answer is not one JSON object")
    page = _Page(op, *answer, table)
    clash = sorted(PAGE_MEMBERS & {f.python_name for f in page.model.fields})
    if clash:
        raise Unfit(f"its answer has fields named like a page's methods: {clash}")
    items = dotted(settings.items)
    array = type_at(ModelRef(page.key), items, table)
    if not isinstance(array, ArrayType):
        raise Unfit(f"its answer has no array field {settings.items!r}")
    shape = Pagination(
        kind=settings.kind,
        items=items,
        item_type=array.item,
        page_model=page.key,
        page_class="",
        param="",
    )
    if isinstance(settings, OffsetPagination):
        return _offset(page, settings, shape)
    if isinstance(settings, PagePagination):
        return _numbered(page, settings, shape)
    return _cursor(page, settings, shape)


def _size(page: _Page, name: str | None) -> tuple[str | None, int | None]:
    """The page size parameter and its default, if the setting names one."""
    if name is None:
        return None, None
    default = page.query(name, "integer").default
    return name, default if isinstance(default, int) and not isinstance(default, bool) else None


def _offset(page: _Page, settings: OffsetPagination, shape: Pagination) -> Pagination:
    page.query(settings.offset, "integer")
    size, default = _size(page, settings.limit)
    progress = page.field(settings.has_more, "boolean") if settings.has_more else ()
    return replace(
        shape, param=settings.offset, size_param=size, default_size=default, progress=progress
    )


def _numbered(page: _Page, settings: PagePagination, shape: Pagination) -> Pagination:
    first = page.query(settings.page, "integer").default
    size, default = _size(page, settings.page_size)
    total = settings.total_pages
    return replace(
        shape,
        param=settings.page,
        size_param=size,
        default_size=default,
        progress=page.field(total, "integer", "number") if total else (),
        first=first if isinstance(first, int) and not isinstance(first, bool) else 1,
    )


def _cursor(page: _Page, settings: CursorPagination, shape: Pagination) -> Pagination:
    page.query(settings.cursor, "string")
    progress = page.field(settings.next_cursor, "string")
    return replace(shape, param=settings.cursor, progress=progress, alone=settings.cursor_alone)
