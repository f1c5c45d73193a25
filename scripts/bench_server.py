"""The local server the client benchmarks call, in a process of its own (so that only the
client's CPU time is counted): OpenAI-compatible JSON from files, streams sent one event
per HTTP chunk as servers send them.

    python scripts/bench_server.py BODIES_DIR

Prints the port it listens on (127.0.0.1), then serves until stdin closes. Routes, where
PREFIX is any first path segment (the benchmark picks a body by its client's base URL):

- `GET /PREFIX/v1/models`: `models-PREFIX.json`
- `POST /PREFIX/v1/chat/completions`: `chat.json`, or with `"stream": true` the events of
  `stream.jsonl` (one JSON document a line) as `data:` events, each in its own HTTP chunk,
  then `data: [DONE]`.
"""

from __future__ import annotations

import http.server
import json
import sys
import threading
from pathlib import Path


class _Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True
    bodies: Path = Path()

    def do_GET(self) -> None:
        """A model list, picked by the first path segment."""
        prefix, _, rest = self.path.lstrip("/").partition("/")
        if rest.split("?")[0] != "v1/models":
            self.send_error(404)
            return
        self._send_json((self.bodies / f"models-{prefix}.json").read_bytes())

    def do_POST(self) -> None:
        """A chat completion, or a stream of chunks when the request asks for one."""
        request = json.loads(self.rfile.read(int(self.headers.get("Content-Length", "0"))))
        if not self.path.endswith("/v1/chat/completions"):
            self.send_error(404)
        elif request.get("stream"):
            self._send_stream()
        else:
            self._send_json((self.bodies / "chat.json").read_bytes())

    def _send_json(self, body: bytes) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _send_stream(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        lines = (self.bodies / "stream.jsonl").read_bytes().splitlines()
        for data in [*lines, b"[DONE]"]:
            event = b"data: " + data + b"\n\n"
            # One write per event: the socket writer is unbuffered, so each is its own chunk.
            self.wfile.write(b"%x\r\n%s\r\n" % (len(event), event))
        self.wfile.write(b"0\r\n\r\n")

    def log_message(self, format: str, *args: object) -> None:
        """Quiet: the benchmark prints its own table."""


class _Server(http.server.ThreadingHTTPServer):
    # 50 clients connect at once in the async case: the default backlog of 5 would drop
    # their handshakes and make them wait a second to retry.
    request_queue_size = 128


def main() -> int:
    """Serve until stdin closes."""
    _Handler.bodies = Path(sys.argv[1])
    server = _Server(("127.0.0.1", 0), _Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    print(server.server_address[1], flush=True)
    sys.stdin.read()  # the benchmark closes it when done (or dies)
    server.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
