"""Reading a response's fields by the API's own names (`nextCursor`, `data.transactions`).

The helpers that page, poll and accumulate are told where to look in the API's terms (the
generator's config names wire fields); a model built leniently may hold plain data where a
model was declared, so both are read the same way.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, cast

import pydantic

__all__ = ["field_at", "wire_data"]


def field_at(value: object, path: Sequence[str]) -> object:
    """The value at `path` (field names as the API spells them) inside `value`, or None
    when a step is missing."""
    for key in path:
        value = _field(value, key)
        if value is None:
            return None
    return value


def _field(value: object, key: str) -> object:
    if isinstance(value, pydantic.BaseModel):
        for name, info in type(value).model_fields.items():
            if (info.alias or name) == key:
                return getattr(value, name, None)
        extra = value.__pydantic_extra__ or {}
        return extra.get(key)
    if isinstance(value, dict):
        return cast(dict[str, object], value).get(key)
    return None


def wire_data(value: object) -> Any:
    """A model (or plain data) as JSON-compatible data under the API's field names."""
    if isinstance(value, pydantic.BaseModel):
        return value.model_dump(mode="json", by_alias=True, exclude_unset=True, warnings=False)
    return value
