"""The response bodies the client benchmarks are served, built from the pinned spec.

- model lists of about 100 KiB and 5.7 KiB: the spec's `ModelResponse` example, each
  entry with its own id and one of the nine pricing variants in turn (so a client
  validates every member of that union, as real lists make it);
- a chat completion: the spec's example response for `POST /chat/completions`;
- a stream of chat completion chunks, one content token each, then a usage chunk.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

from generator.load import load_spec

LARGE_BYTES = 100 * 1024
SMALL_BYTES = int(5.7 * 1024)


def _instance(schema: dict[str, Any]) -> Any:
    """An instance of a pricing variant's schema: every property, examples where given."""
    if "example" in schema:
        return schema["example"]
    if schema.get("type") == "object" or "properties" in schema:
        value = {name: _instance(sub) for name, sub in schema.get("properties", {}).items()}
        extra = schema.get("additionalProperties")
        if isinstance(extra, dict):
            value["5s"] = _instance(extra)
        return value
    defaults = {"number": 1.0, "integer": 1, "string": "text", "boolean": True}
    return defaults.get(schema.get("type", ""), None)


def model_list(document: dict[str, Any], size: int) -> bytes:
    """A `GET /models` body of at least `size` bytes (compact JSON)."""
    model = document["components"]["schemas"]["ModelResponse"]
    pricing = model["properties"]["model_spec"]["properties"]["pricing"]["anyOf"]
    variants = [_instance(v) for v in pricing]
    entries: list[dict[str, Any]] = []
    while len(json.dumps({"data": entries}, separators=(",", ":"))) < size:
        entry = copy.deepcopy(model["example"])
        entry["id"] = f"{entry['id']}-{len(entries)}"
        entry["model_spec"]["pricing"] = variants[len(entries) % len(variants)]
        entries.append(entry)
    body = {"data": entries, "object": "list", "type": "all"}
    return json.dumps(body, separators=(",", ":")).encode()


def chat_completion(document: dict[str, Any]) -> bytes:
    """The spec's example chat completion, compact."""
    content = document["paths"]["/chat/completions"]["post"]["responses"]["200"]["content"]
    example = content["application/json"]["schema"]["example"]
    return json.dumps(example, separators=(",", ":")).encode()


def stream_events(count: int) -> bytes:
    """`count` content chunks and a usage chunk, one JSON document a line."""
    head = '{"id":"chatcmpl-bench","object":"chat.completion.chunk","created":1739928524,'
    head += '"model":"venice-uncensored",'
    token = head + '"choices":[{"index":0,"delta":{"content":"tok%d"},"finish_reason":null}]}'
    usage = head + '"choices":[],"usage":{"prompt_tokens":5,"completion_tokens":%d,'
    usage += '"total_tokens":%d}}'
    lines = [token % i for i in range(count)] + [usage % (count, count + 5)]
    return ("\n".join(lines) + "\n").encode()


def write_bodies(spec: Path, folder: Path, events: int) -> dict[str, int]:
    """Write every body into `folder`; their sizes in bytes by file name."""
    document = load_spec(spec).data
    bodies = {
        "models-large.json": model_list(document, LARGE_BYTES),
        "models-small.json": model_list(document, SMALL_BYTES),
        "chat.json": chat_completion(document),
        "stream.jsonl": stream_events(events),
    }
    folder.mkdir(parents=True, exist_ok=True)
    for name, body in bodies.items():
        (folder / name).write_bytes(body)
    return {name: len(body) for name, body in bodies.items()}
