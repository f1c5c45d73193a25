"""Base classes of the generated resource classes: they hold the client they call."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ._base_client import AsyncAPIClient, SyncAPIClient

__all__ = ["AsyncAPIResource", "SyncAPIResource"]


class SyncAPIResource:
    """A group of operations of the synchronous client."""

    def __init__(self, client: SyncAPIClient) -> None:
        self._client = client


class AsyncAPIResource:
    """A group of operations of the asynchronous client."""

    def __init__(self, client: AsyncAPIClient) -> None:
        self._client = client
