"""Every character and every review, page after page, without writing the paging loop."""

import asyncio

from venice_ai import AsyncVeniceClient, VeniceClient
from venice_ai.types import X402ListTransactionsPage


def main() -> None:
    with VeniceClient() as client:
        characters = client.characters.list(limit=20)
        print("first page:", len(characters.data), "characters")
        for character in characters:
            print(character.slug, "-", character.name)

        reviews = client.characters.list_reviews("alan-watts", page_size=10)
        print("average rating:", reviews.summary.average_rating)
        for page in reviews.iter_pages():
            ratings = [review.rating for review in page.data]
            print("a page of", len(ratings), "reviews, out of", page.pagination.total_pages)

        transactions: X402ListTransactionsPage | None = client.x402.list_transactions(
            "0x1111111111111111111111111111111111111111", sign_in_with_x="siwx-token"
        )
        while transactions is not None:
            for entry in transactions.data.transactions:
                print(entry.type, entry.amount)
            transactions = transactions.next_page()


async def list_async() -> None:
    async with AsyncVeniceClient() as client:
        async for character in client.characters.list(limit=20):
            print("async:", character.slug)
        first = await client.characters.list_reviews("alan-watts")
        print("more pages:", first.has_next_page())


if __name__ == "__main__":
    main()
    asyncio.run(list_async())
