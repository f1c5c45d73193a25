"""Generate music with the async client: the helper queues the job, polls until the audio is
ready, returns it and deletes it on the server; several jobs run at once."""

import asyncio

from venice_ai import AsyncVeniceClient, JobProgress


def show(progress: JobProgress) -> None:
    print("status:", progress.status, "waited", round(progress.waited, 1), "s")


async def main() -> None:
    async with AsyncVeniceClient() as client:
        prompts = ["A calm piano melody", "An upbeat synth loop"]
        tracks = await asyncio.gather(
            *(
                client.audio.generate(model="elevenlabs-music", prompt=prompt, on_progress=show)
                for prompt in prompts
            )
        )
        for number, track in enumerate(tracks):
            await track.write_to_file(f"track-{number}.mp3")
            print("saved", track.content_type, len(await track.read()), "bytes")


if __name__ == "__main__":
    asyncio.run(main())
