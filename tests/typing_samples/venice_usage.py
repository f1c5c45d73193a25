"""Code a user would write against the generated client; type-checked with it by the tests.

Lines marked `# type: ignore[...]` must be errors: the checkers run with unused-ignore
warnings on, so if one of them stopped being an error the check would fail.
"""

from __future__ import annotations

import httpx
from venice_ai import AsyncVeniceClient, BinaryResponse, NotFoundError, VeniceClient
from venice_ai.types import ChatCompletion, ModelList


def chat(client: VeniceClient) -> str | None:
    completion: ChatCompletion = client.chat.completions.create(
        model="venice-uncensored",
        messages=[
            {"role": "system", "content": "Be brief."},
            {"role": "user", "content": [{"type": "text", "text": "Hello"}]},
        ],
        venice_parameters={"enable_web_search": "on", "include_venice_system_prompt": False},
        temperature=0.2,
        timeout=30,
    )
    for web_search in ("auto", "off"):
        client.chat.completions.create(
            model="m",
            messages=[{"role": "user", "content": "x"}],
            venice_parameters={"enable_web_search": web_search},
        )
    client.chat.completions.create(
        model="m",
        messages=[{"role": "user", "content": "x"}],
        venice_parameters={"enable_web_search": "maybe"},  # type: ignore[arg-type]
    )
    client.chat.completions.create(messages=[])  # type: ignore[call-arg]
    return completion.choices[0].finish_reason if completion.choices else None


def images(client: VeniceClient) -> None:
    edited = client.image.edit(image=b"png bytes", prompt="sepia", aspect_ratio="16:9")
    assert isinstance(edited, BinaryResponse)
    client.image.edit(image="aGVsbG8=", prompt="sepia", aspect_ratio="4:5")
    client.image.edit(image=b"", prompt="x", aspect_ratio="16/9")  # type: ignore[arg-type]
    client.video.queue(model="m", prompt="p", duration="5s", aspect_ratio="16:9")


def models(client: VeniceClient) -> list[str]:
    listing: ModelList = client.models.list(type="text")
    return [model.id for model in listing.data]


async def asynchronous(client: AsyncVeniceClient) -> None:
    listing = await client.models.list()
    assert listing.data
    try:
        await client.characters.retrieve("slug")
    except NotFoundError as exc:
        assert exc.status_code == 404


def configured() -> VeniceClient:
    with httpx.Client() as http:
        return VeniceClient(api_key="k", http_client=http, max_retries=5).with_options(timeout=3)
