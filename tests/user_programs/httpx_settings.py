"""httpx settings passed to the client as typed keyword arguments, sync and async."""

import asyncio

import httpx
from venice_ai import AsyncVeniceClient, VeniceClient


def sync_part() -> None:
    sent: list[str] = []

    def remember(request: httpx.Request) -> None:
        sent.append(f"{request.method} {request.url.path}")

    with VeniceClient(
        limits=httpx.Limits(max_connections=4),
        transport=httpx.HTTPTransport(retries=1),
        event_hooks={"request": [remember]},
        trust_env=False,
        follow_redirects=False,
    ) as client:
        print(len(client.models.list().data))
    print(sent)


async def async_part() -> None:
    seen: list[int] = []

    async def remember(response: httpx.Response) -> None:
        seen.append(response.status_code)

    async with AsyncVeniceClient(
        transport=httpx.AsyncHTTPTransport(retries=1),
        event_hooks={"response": [remember]},
        http2=False,
    ) as client:
        print(len((await client.models.list()).data))
    print(seen)


def main() -> None:
    sync_part()
    asyncio.run(async_part())


if __name__ == "__main__":
    main()
