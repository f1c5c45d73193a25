"""A download passed through to a file without holding it in memory, and a streamed listing."""

import asyncio
from pathlib import Path

from venice_ai import AsyncVeniceClient, VeniceClient


def sync_part() -> None:
    with (
        VeniceClient() as client,
        client.with_streaming_response.audio.create_speech(
            input="Hello from Venice", model="tts-kokoro", voice="af_sky"
        ) as response,
    ):
        print(response.status_code, response.headers.get("content-type"))
        response.stream_to_file("hello.mp3")
    print(Path("hello.mp3").stat().st_size > 0)


async def async_part() -> None:
    async with (
        AsyncVeniceClient() as client,
        client.with_streaming_response.models.list() as response,
    ):
        models = await response.parse()
        print(len(models.data))


def main() -> None:
    sync_part()
    asyncio.run(async_part())


if __name__ == "__main__":
    main()
