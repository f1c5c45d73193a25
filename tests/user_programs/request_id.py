"""The request id a returned object carries, to quote to support."""

import asyncio

from venice_ai import AsyncVeniceClient, VeniceClient


def main() -> None:
    with VeniceClient() as client:
        models = client.models.list()
        print("request id:", models._request_id)
        print("in the data:", "_request_id" in models.to_dict())

    async def again() -> None:
        async with AsyncVeniceClient() as client:
            print("async request id:", (await client.models.list())._request_id)

    asyncio.run(again())


if __name__ == "__main__":
    main()
