"""A small program run by tests/test_wheel_install.py with the installed wheel.

    python wheel_smoke.py BASE_URL

Runs outside the repository, in a fresh virtual environment of each Python the package
claims (3.10 included, so this file keeps to 3.10 syntax). Against the loopback server at
BASE_URL it makes, with the sync and then the async client, one plain call, one streamed
chat completion and one binary download; then prints one JSON line of what it saw.
"""

from __future__ import annotations

import asyncio
import json
import sys

import venice_ai
from venice_ai import AsyncVeniceClient, VeniceClient

MESSAGES = [{"role": "user", "content": "Hi"}]


def sync_calls(base_url: str) -> dict[str, object]:
    """The three calls with the synchronous client."""
    with VeniceClient(api_key="sk-test", base_url=base_url, max_retries=0) as client:
        models = client.models.list()
        with client.chat.completions.create(model="m", messages=MESSAGES, stream=True) as s:
            text = "".join(c.choices[0].delta.content or "" for c in s)
        with client.audio.create_speech(input="Hi") as speech:
            audio = speech.content
    return {"models": type(models).__name__, "text": text, "audio": len(audio)}


async def async_calls(base_url: str) -> dict[str, object]:
    """The three calls with the asynchronous client."""
    async with AsyncVeniceClient(api_key="sk-test", base_url=base_url, max_retries=0) as client:
        models = await client.models.list()
        stream = await client.chat.completions.create(model="m", messages=MESSAGES, stream=True)
        async with stream:
            text = "".join([c.choices[0].delta.content or "" async for c in stream])
        speech = await client.audio.create_speech(input="Hi")
        async with speech:
            audio = await speech.read()
    return {"models": type(models).__name__, "text": text, "audio": len(audio)}


def main() -> None:
    """Entry point."""
    base_url = sys.argv[1]
    seen = {
        "python": "{}.{}".format(*sys.version_info[:2]),
        "version": venice_ai.__version__,
        "module": venice_ai.__file__,
        "sync": sync_calls(base_url),
        "async": asyncio.run(async_calls(base_url)),
    }
    print(json.dumps(seen))


if __name__ == "__main__":
    main()
