"""The caller's own httpx clients, sync and async, closed by the caller."""

import asyncio

import httpx
from venice_ai import AsyncVeniceClient, VeniceClient


def sync_part() -> None:
    http = httpx.Client(timeout=httpx.Timeout(20.0), limits=httpx.Limits(max_connections=5))
    client = VeniceClient(http_client=http)
    print(len(client.models.list().data))
    client.close()
    print(http.is_closed)  # False: the caller's client stays open
    http.close()


async def async_part() -> None:
    async with httpx.AsyncClient() as http:
        client = AsyncVeniceClient(http_client=http)
        print(len((await client.models.list()).data))


def main() -> None:
    sync_part()
    asyncio.run(async_part())


if __name__ == "__main__":
    main()
