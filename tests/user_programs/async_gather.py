"""Several calls at once with the async client."""

import asyncio

from venice_ai import AsyncVeniceClient


async def main() -> None:
    async with AsyncVeniceClient() as client:
        styles, models, balance = await asyncio.gather(
            client.image.list_styles(),
            client.models.list(),
            client.billing.get_balance(),
        )
        print(len(styles.data), len(models.data), balance.can_consume)


if __name__ == "__main__":
    asyncio.run(main())
