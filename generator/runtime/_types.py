"""Small types shared by the client, the resources and the generated signatures."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final, Literal, TypeAlias

import httpx

__all__ = ["NOT_GIVEN", "Body", "Headers", "NoneType", "NotGiven", "Query", "Timeout"]

NoneType = type(None)
"""`cast_to` of operations whose response has no body."""


class NotGiven:
    """The type of `NOT_GIVEN`: an argument the caller did not pass.

    It is distinct from `None`, which the API may give a meaning of its own ("set this
    field to null"). Arguments left at `NOT_GIVEN` are not sent at all.
    """

    _instance: NotGiven | None = None

    def __new__(cls) -> NotGiven:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __bool__(self) -> Literal[False]:
        return False

    def __repr__(self) -> str:
        return "NOT_GIVEN"

    def __reduce__(self) -> str:
        return "NOT_GIVEN"


NOT_GIVEN: Final = NotGiven()

Headers: TypeAlias = Mapping[str, "str | NotGiven"]
"""Extra request headers; a `NOT_GIVEN` value removes a header the client would send."""
Query: TypeAlias = Mapping[str, object]
"""Extra query parameters."""
Body: TypeAlias = Mapping[str, object]
"""Extra JSON body fields, merged over the generated ones."""
Timeout: TypeAlias = float | httpx.Timeout | None
"""Seconds (or an `httpx.Timeout`); `None` waits forever."""
