"""Code a user would write against the generated client; type-checked with it by the tests.

Lines marked `# type: ignore[...]` must be errors: the checkers run with unused-ignore
warnings on, so if one of them stopped being an error the check would fail.
"""

from __future__ import annotations

import httpx
from venice_ai import (
    AsyncBinaryResponse,
    AsyncVeniceClient,
    BinaryResponse,
    JobProgress,
    NotFoundError,
    Stream,
    VeniceClient,
)
from venice_ai.types import (
    AsyncCharacterListPage,
    AudioCreateTranscriptionResponse,
    CharacterListPage,
    CharacterListResponse,
    CharacterListResponseDataItem,
    ChatCompletion,
    ChatCompletionChunk,
    ImageGenerateResponse,
    ModelList,
    ResponsesResponse,
    ResponseStreamEvent,
)


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
        venice_parameters={"enable_web_search": "maybe"},  # type: ignore[call-overload]
    )
    client.chat.completions.create(messages=[])  # type: ignore[call-overload]
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


def streaming(client: VeniceClient) -> str:
    text = ""
    with client.chat.completions.create(
        model="m", messages=[{"role": "user", "content": "x"}], stream=True
    ) as stream:
        for chunk in stream:
            for choice in chunk.choices or []:
                text += (choice.delta.content or "") if choice.delta else ""
    whole: ChatCompletion = client.chat.completions.create(
        model="m", messages=[{"role": "user", "content": "x"}], stream=False
    )
    either: ChatCompletion | Stream[ChatCompletionChunk] = client.chat.completions.create(
        model="m", messages=[], stream=bool(text)
    )
    wrong: ChatCompletion = client.chat.completions.create(  # type: ignore[assignment]
        model="m", messages=[], stream=True
    )
    return text + str(whole) + str(either) + str(wrong)


async def streaming_async(client: AsyncVeniceClient) -> str:
    text = ""
    async with await client.chat.completions.create(model="m", messages=[], stream=True) as stream:
        async for chunk in stream:
            text += chunk.id or ""
    return text


def streaming_responses(client: VeniceClient) -> str:
    text = ""
    with client.responses.create(model="m", input="x", stream=True) as stream:
        for event in stream:
            if event.type == "response.output_text.delta":
                text += event.delta or ""
            elif event.response is not None:
                text += event.response.status or ""
    whole: ResponsesResponse = client.responses.create(model="m", input="x")
    events: Stream[ResponseStreamEvent] = client.responses.create(  # type: ignore[assignment]
        model="m", input="x"
    )
    return text + whole.id + str(events)


def binary_or_json(client: VeniceClient) -> None:
    image: BinaryResponse = client.image.generate(model="m", prompt="p", return_binary=True)
    image.stream_to_file("out.png")
    generated: ImageGenerateResponse = client.image.generate(model="m", prompt="p")
    text: BinaryResponse = client.audio.create_transcription(file=b"..", response_format="text")
    as_json: AudioCreateTranscriptionResponse = client.audio.create_transcription(file=b"..")
    assert generated and text and as_json


def raw_responses(client: VeniceClient) -> int:
    raw = client.with_raw_response.models.list(type="text")
    listing: ModelList = raw.parse()
    balance: str | None = raw.typed_headers.x_balance_remaining
    also = client.models.with_raw_response.list_traits()
    return raw.status_code + len(listing.data) + len(balance or "") + also.status_code


def settings_are_typed() -> None:
    """httpx settings are keyword arguments of their own: a misspelt one, a value of the
    wrong type or an `http_client` of the other kind is a type error."""
    VeniceClient(proxy="http://localhost:8080", limits=httpx.Limits(max_connections=5))
    VeniceClient(proxie="http://localhost:8080")  # type: ignore[call-arg]
    VeniceClient(http2="yes")  # type: ignore[arg-type]
    AsyncVeniceClient(http_client=httpx.Client())  # type: ignore[arg-type]
    AsyncVeniceClient(transport=httpx.HTTPTransport())  # type: ignore[arg-type]
    client = VeniceClient().copy(max_retries=0, set_default_headers={"X-Team": "a"})
    client.with_options(http_client=httpx.AsyncClient())  # type: ignore[arg-type]


def streamed_download(client: VeniceClient, async_client: AsyncVeniceClient) -> None:
    """`with_streaming_response` keeps the method's arguments and its result type."""
    with client.with_streaming_response.audio.create_speech(input="Hi") as response:
        audio: BinaryResponse = response.parse()
        response.stream_to_file("speech.mp3")
        assert audio.content_type
    with client.with_streaming_response.models.list() as listing:
        models: ModelList = listing.parse()
        request_id: str | None = models._request_id
        assert request_id is None or request_id
    client.with_streaming_response.audio.create_speech(text="Hi")  # type: ignore[call-arg]
    del async_client


def pages(client: VeniceClient) -> list[str]:
    page: CharacterListPage = client.characters.list(limit=10)
    answer: CharacterListResponse = page  # a page is its answer
    names = [character.name for character in page]
    following: CharacterListPage | None = page.next_page()
    assured: CharacterListPage = page.next_page()  # type: ignore[assignment]
    for character in page:
        names.append(character.nickname)  # type: ignore[attr-defined]
    return [*names, str(answer), str(following), str(assured)]


async def pages_async(client: AsyncVeniceClient) -> list[str]:
    names = [character.slug async for character in client.characters.list()]
    page: AsyncCharacterListPage = await client.characters.list()
    items: list[CharacterListResponseDataItem] = [c async for c in page]
    wrong: CharacterListPage = await client.characters.list()  # type: ignore[assignment]
    return names + [c.id for c in items] + [str(wrong)]


def helpers(client: VeniceClient) -> str:
    text = ""
    with client.chat.completions.stream(model="m", messages=[]) as stream:
        for event in stream:
            if event.type == "text.delta":
                text += event.delta
            elif event.type == "tool_call.done":
                text += event.arguments
        completion: ChatCompletion = stream.get_final_completion()
    client.chat.completions.stream(model="m", messages=[], stream=True)  # type: ignore[call-arg]
    audio: BinaryResponse = client.audio.generate(model="m", prompt="p", poll_timeout=60)

    def report(progress: JobProgress) -> None:
        print(progress.percent)  # type: ignore[attr-defined]

    client.video.generate(model="m", prompt="p", duration="5s", on_progress=report)
    return text + completion.id + audio.content_type


async def helpers_async(client: AsyncVeniceClient) -> int:
    async with client.chat.completions.stream(model="m", messages=[]) as stream:
        pieces = [piece async for piece in stream.text_deltas()]
    video: AsyncBinaryResponse = await client.video.generate(model="m", prompt="p", duration="5s")
    return len(pieces) + len(await video.read())
