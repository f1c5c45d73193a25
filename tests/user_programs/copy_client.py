"""Copies of a client with some settings changed: per-call retries, headers, its own httpx client."""

import asyncio

import httpx
from venice_ai import AsyncVeniceClient, VeniceClient


def sync_part() -> None:
    with VeniceClient(timeout=30.0) as client:
        quick = client.with_options(timeout=5.0, max_retries=0)
        tagged = client.copy(default_headers={"X-Team": "search"})
        print(quick.timeout, quick.max_retries, dict(tagged.default_headers))
        print(len(tagged.models.list().data))
        with httpx.Client(timeout=10.0) as own:
            separate = client.copy(http_client=own)
            print(len(separate.models.list().data))


async def async_part() -> None:
    async with AsyncVeniceClient() as client:
        patient = client.copy(max_retries=5, set_default_headers={"X-Only": "this"})
        print(patient.max_retries, dict(patient.default_headers))
        print(len((await patient.models.list()).data))


def main() -> None:
    sync_part()
    asyncio.run(async_part())


if __name__ == "__main__":
    main()
