"""`make bench`'s parts work (no timings here: the benchmark itself is not a test): the
bodies are what the generated client parses, the server sends one event per HTTP chunk,
the client contenders answer through the public API, and the table judges targets."""

from __future__ import annotations

import json
import socket
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from scripts import bench_clients
from scripts.bench_bodies import LARGE_BYTES, SMALL_BYTES, write_bodies
from scripts.bench_table import Comparison, Figure, Target, render
from tests.project import GENERATED, PINNED_SPEC

EVENTS = 25


@pytest.fixture(scope="module")
def bodies(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("bodies")
    sizes = write_bodies(PINNED_SPEC, folder, EVENTS)
    assert sizes["models-large.json"] >= LARGE_BYTES and sizes["models-small.json"] >= SMALL_BYTES
    return folder


@pytest.fixture(scope="module")
def base(bodies: Path) -> Iterator[str]:
    server, url = bench_clients.start_server(bodies)
    yield url
    bench_clients.stop(server)


def test_the_bodies_parse_with_the_generated_models(bodies: Path) -> None:
    from venice_ai.types import ChatCompletion, ChatCompletionChunk, ModelList

    listing = ModelList.model_validate(json.loads((bodies / "models-large.json").read_bytes()))
    pricing = {type(m.model_spec.pricing).__name__ for m in listing.data if m.model_spec}
    assert len(pricing) == 9  # every member of the pricing union, so all are validated
    ChatCompletion.model_validate(json.loads((bodies / "chat.json").read_bytes()))
    lines = (bodies / "stream.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(lines) == EVENTS + 1  # and the usage chunk
    for line in lines:
        ChatCompletionChunk.model_validate(json.loads(line))


def _chunks(base: str) -> list[bytes]:
    host, port = base.removeprefix("http://").split(":")
    body = b'{"model": "m", "messages": [], "stream": true}'
    request = b"POST /small/v1/chat/completions HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
    request += b"Content-Length: %d\r\n\r\n%s" % (len(body), body)
    with socket.create_connection((host, int(port))) as connection:
        connection.sendall(request)
        response = b"".join(iter(lambda: connection.recv(65536), b""))
    payload = response.split(b"\r\n\r\n", 1)[1]
    chunks = []
    while True:
        size, _, payload = payload.partition(b"\r\n")
        if int(size, 16) == 0:
            return chunks
        chunks.append(payload[: int(size, 16)])
        payload = payload[int(size, 16) + 2 :]


def test_the_server_sends_one_event_per_http_chunk(base: str) -> None:
    chunks = _chunks(base)
    assert len(chunks) == EVENTS + 2  # the events, the usage chunk, [DONE]
    assert all(c.startswith(b"data: ") and c.endswith(b"\n\n") for c in chunks)
    assert chunks[-1] == b"data: [DONE]\n\n"


@pytest.mark.parametrize("name", ["venice", "raw", "raw_model"])
def test_a_contender_answers_every_case(base: str, name: str) -> None:
    """Through the generated package's public API (venice) and raw httpx; openai-python
    lives only in the benchmark's own environments."""
    env = {"PYTHONPATH": str(GENERATED)}
    contender = bench_clients.start(name, Path(sys.executable), base, env)
    try:
        assert contender.version
        for case in bench_clients.CASES:
            if name in bench_clients.CASES[case]:
                seconds, events = contender.run(case, 2)
                assert seconds >= 0
                assert events == (
                    2 * (EVENTS + 1) if case == "sse" else 0 if case == "async" else 2
                )
    finally:
        contender.close()


def test_the_table_says_which_targets_are_met() -> None:
    figure = Figure("calls", "1.00 ms")
    figure.comparisons += [
        Comparison("peer a", "0.50 ms", 2.0, Target(1.1)),
        Comparison("peer b", "2.00 ms", 0.5, Target(1.0, text="< 1x")),
        Comparison("peer c", "4.00 ms", 0.25, Target(0.9, at_most=False)),
        Comparison("peer d", "not measured: no Java", None),
    ]
    absolute = Figure("regeneration", "0.05 s", 0.05, Target(0.2, absolute=True, text="≤ 0.2 s"))
    lines = render([figure, absolute]).splitlines()
    assert lines[2].endswith("| 2.00x | ≤ 1.1x | missed |")
    assert lines[3].endswith("| 0.50x | < 1x | met |")
    assert lines[4].endswith("| 0.25x | ≥ 0.9x | missed |")
    assert "not measured: no Java" in lines[5] and lines[5].endswith("|  |  |  |")
    assert lines[6].endswith("| ≤ 0.2 s | met |")
