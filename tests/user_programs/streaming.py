"""Stream a chat completion and print the text as it arrives."""

from venice_ai import VeniceClient


def main() -> None:
    with VeniceClient() as client:
        stream = client.chat.completions.create(
            model="venice-uncensored",
            messages=[{"role": "user", "content": "Tell me a story"}],
            stream=True,
        )
        with stream:
            for chunk in stream:
                for choice in chunk.choices:
                    print(choice.delta.content or "", end="")
        print()


if __name__ == "__main__":
    main()
