"""Figures for the generated client's runtime.

    python scripts/bench_runtime.py [--calls 400] [--chunks 100000]

1. CPU time per `client.models.list()` call against a local HTTP server (run in another
   process, so only the client's CPU is counted), next to raw httpx doing the same request
   and `json.loads` of the body: the ratio is what the SDK costs on top of httpx.
2. Chunks per second parsing a server-sent event stream of N chat completion chunks into
   `ChatCompletionChunk` models: from memory (parser only) and over loopback.
"""

from __future__ import annotations

import argparse
import http.server
import json
import multiprocessing
import socket
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from multiprocessing.connection import Connection
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "generated"))

from venice_ai import VeniceClient  # noqa: E402
from venice_ai._streaming import Stream  # noqa: E402
from venice_ai.types import ChatCompletionChunk  # noqa: E402


def models_body(count: int, *, conforming: bool = True, optional_depth: int = 9) -> bytes:
    """A GET /models body of `count` models built from the pinned spec's schema.

    Every field the schema declares is filled in (optional ones too), so it is as large
    as real responses. With `conforming=False` each model lacks one required field, which
    sends the client down its lenient path.
    """
    from generator.config import load_config_file
    from generator.diagnostics import Diagnostics
    from generator.examples import sample
    from generator.pin import read_pin, resolve_pinned_spec
    from generator.pipeline import read_api

    config_path = ROOT / "specs" / "venice.toml"
    spec = resolve_pinned_spec(read_pin(ROOT / "specs" / "spec-pin.toml"), ROOT)
    api, _ = read_api(spec, load_config_file(config_path), Diagnostics())
    op = next(o for o in api.operations if o.key == "GET /models")
    listing = sample(
        op.responses[0].contents[0].type, api.model_table(), optional_depth=optional_depth
    )
    model = listing["data"][0]
    entries = []
    for index in range(count):
        entry = json.loads(json.dumps(model))
        entry["id"] = f"model-{index}"
        if not conforming:
            del entry["owned_by"]
        entries.append(entry)
    return json.dumps({**listing, "data": entries}).encode()


BODIES = {
    "full": models_body(40),
    "minimal": models_body(40, optional_depth=0),
    "lenient": models_body(40, conforming=False),
}


class _Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True

    def do_GET(self) -> None:
        query = parse_qs(urlsplit(self.path).query)
        body = BODIES[query.get("variant", ["full"])[0]]
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length", "0"))
        self.rfile.read(length)
        query = parse_qs(urlsplit(self.path).query)
        body = sse_body(int(query.get("n", ["1000"])[0]))
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


def _serve(port_out: Connection) -> None:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    port_out.send(server.server_address[1])
    server.serve_forever()


def sse_body(chunks: int) -> bytes:
    """A chat completion stream of `chunks` content chunks, a usage chunk and [DONE]."""
    template = (
        'data: {"id":"chatcmpl-1","object":"chat.completion.chunk","created":1,'
        '"model":"venice-uncensored","choices":[{"index":0,"delta":{"content":"tok%d"},'
        '"finish_reason":null}]}\n\n'
    )
    usage = (
        'data: {"id":"chatcmpl-1","object":"chat.completion.chunk","created":1,"model":'
        '"venice-uncensored","choices":[],"usage":{"prompt_tokens":5,"completion_tokens":'
        f'{chunks},"total_tokens":{chunks + 5}}}}}\n\n'
    )
    return (
        "".join(template % i for i in range(chunks)).encode()
        + usage.encode()
        + (b"data: [DONE]\n\n")
    )


def cpu_per_call(action: Callable[[], object], calls: int) -> float:
    """Median CPU seconds per call over 5 rounds (after a warm-up round)."""
    for _ in range(20):
        action()
    rounds = []
    for _ in range(5):
        started = time.process_time()
        for _ in range(calls):
            action()
        rounds.append((time.process_time() - started) / calls)
    return statistics.median(rounds)


def bench_calls(base: str, calls: int) -> None:
    client = VeniceClient(api_key="sk-bench", base_url=base, max_retries=0)
    http = httpx.Client()
    headers = {"Authorization": "Bearer sk-bench", "Accept": "application/json"}
    print(f"GET /models (40 models), CPU per call, median of 5 rounds of {calls} calls:")
    for variant, label in (
        ("full", "every field filled"),
        ("minimal", "required fields only"),
        ("lenient", "each model lacks a required field"),
    ):
        url = f"{base}/models?variant={variant}"

        def body_only(url: str = url) -> object:
            return http.get(url, headers=headers).content

        def with_json(url: str = url) -> object:
            return json.loads(http.get(url, headers=headers).content)

        def sdk(variant: str = variant) -> object:
            return client.models.list(extra_query={"variant": variant})

        bare, raw, typed = (cpu_per_call(f, calls) for f in (body_only, with_json, sdk))
        size = len(BODIES[variant]) / 1024
        print(f"  {label} ({size:.1f} KiB):")
        print(f"    raw httpx, body only        {bare * 1e6:7.0f} us")
        print(f"    raw httpx + json.loads      {raw * 1e6:7.0f} us")
        print(f"    client.models.list()        {typed * 1e6:7.0f} us  (typed ModelList)")
        print(f"    ratio SDK / (httpx + json)  {typed / raw:7.2f}")
    client.close()
    http.close()


def _pieces(data: bytes, size: int = 64 * 1024) -> Iterator[bytes]:
    for start in range(0, len(data), size):
        yield data[start : start + size]


def bench_stream(base: str, chunks: int) -> None:
    body = sse_body(chunks)
    response = httpx.Response(
        200, headers={"content-type": "text/event-stream"}, content=_pieces(body)
    )
    started = time.perf_counter()
    count = sum(1 for _ in Stream(response=response, item_type=ChatCompletionChunk, strict=False))
    memory_rate = count / (time.perf_counter() - started)
    client = VeniceClient(api_key="sk-bench", base_url=base, max_retries=0)
    started = time.perf_counter()
    stream = client.chat.completions.create(
        model="venice-uncensored",
        messages=[],
        stream=True,
        extra_query={"n": chunks},
    )
    received = sum(1 for _ in stream)
    network_rate = received / (time.perf_counter() - started)
    print(f"SSE stream of {chunks} chunks ({len(body) / 1e6:.1f} MB) into ChatCompletionChunk:")
    print(f"  from memory (decoder + models)   {memory_rate:10.0f} chunks/s ({count} chunks)")
    print(f"  over loopback, end to end         {network_rate:10.0f} chunks/s ({received} chunks)")
    client.close()


def main() -> int:
    """Print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--calls", type=int, default=400)
    parser.add_argument("--chunks", type=int, default=100_000)
    args = parser.parse_args()
    receive, send = multiprocessing.Pipe(duplex=False)
    server = multiprocessing.Process(target=_serve, args=(send,), daemon=True)
    server.start()
    try:
        base = f"http://127.0.0.1:{receive.recv()}/api/v1"
        bench_calls(base, args.calls)
        bench_stream(base, args.chunks)
    finally:
        server.terminate()
        server.join()
    return 0


if __name__ == "__main__":
    socket.setdefaulttimeout(60)
    sys.exit(main())
