"""A chat completion and a follow-up that sends the assistant's answer back."""

from venice_ai import VeniceClient
from venice_ai.types import ChatCompletionMessageParam


def main() -> None:
    client = VeniceClient()
    history: list[ChatCompletionMessageParam] = [
        {"role": "system", "content": "Be brief."},
        {"role": "user", "content": "Why is the sky blue?"},
    ]
    completion = client.chat.completions.create(model="venice-uncensored", messages=history)
    for choice in completion.choices or []:
        history.append(choice.message)
        print(choice.message.content)
    history.append({"role": "user", "content": "And at sunset?"})
    again = client.chat.completions.create(model="venice-uncensored", messages=history)
    print(again.usage.total_tokens if again.usage else "no usage")
    client.close()


if __name__ == "__main__":
    main()
