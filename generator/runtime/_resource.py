"""Base classes of the generated resource classes: they hold the client they call."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ._async_client import AsyncAPIClient
    from ._sync_client import SyncAPIClient

__all__ = ["AsyncAPIResource", "SyncAPIResource"]


class SyncAPIResource:
    """A group of operations of the synchronous client."""

    def __init__(self, client: SyncAPIClient) -> None:
        self._client = client


class AsyncAPIResource:
    """A group of operations of the asynchronous client."""

    def __init__(self, client: AsyncAPIClient) -> None:
        self._client = client
