"""A streamed chat completion through the helper: the text as it comes, then the whole
completion with its token usage; the reasoning shown apart; the same with the async client."""

import asyncio

from venice_ai import AsyncVeniceClient, VeniceClient


def main() -> None:
    with VeniceClient() as client:
        with client.chat.completions.stream(
            model="venice-uncensored",
            messages=[{"role": "user", "content": "Tell me a story"}],
        ) as stream:
            for text in stream.text_deltas():
                print(text, end="", flush=True)
            completion = stream.get_final_completion()
        print()
        print("tokens used:", completion.usage.total_tokens)
        for choice in completion.choices or []:
            print("finished because:", choice.finish_reason)

        with client.chat.completions.stream(
            model="venice-uncensored",
            messages=[{"role": "user", "content": "Think first, then answer"}],
        ) as stream:
            for event in stream:
                if event.type == "text.delta" and event.field == "reasoning_content":
                    print("[thinking]", event.delta)
                elif event.type == "text.done":
                    print(f"[{event.field} done]", event.text)


async def stream_async() -> None:
    async with AsyncVeniceClient() as client:
        async with client.chat.completions.stream(
            model="venice-uncensored",
            messages=[{"role": "user", "content": "Tell me a story"}],
        ) as stream:
            pieces = [text async for text in stream.text_deltas()]
            completion = await stream.get_final_completion()
        print("async:", "".join(pieces), completion.usage.prompt_tokens)


if __name__ == "__main__":
    main()
    asyncio.run(stream_async())
