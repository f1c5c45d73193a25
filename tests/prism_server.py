"""Stoplight Prism, the OpenAPI mock server, run for the tests.

`make test` installs Prism from `tests/prism/package-lock.json` into `tests/prism/node_modules`
(`make prism`). `prism_mock()` starts `prism mock` on 127.0.0.1 on a free port, waits until it
answers, and always stops it: on exit from the `with` block, and, through the kernel's parent
death signal, when the test process dies without cleaning up.
"""

from __future__ import annotations

import contextlib
import http.server
import json
import os
import shutil
import signal
import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from generator.load import load_spec
from tests.contract_calls import Exchange, RecordingTransport

PRISM_DIR = Path(__file__).resolve().parent / "prism"
PRISM_BIN = PRISM_DIR / "node_modules" / ".bin" / "prism"
_START_TIMEOUT = 90.0


@dataclass(frozen=True)
class Prism:
    """A running Prism: its base URL and the log it writes."""

    url: str
    log: Path
    dynamic: bool

    def log_tail(self, lines: int = 40) -> str:
        """The end of Prism's log, for failure messages."""
        text = self.log.read_text(encoding="utf-8", errors="replace")
        return "\n".join(text.splitlines()[-lines:])


def spec_as_json(spec: Path, out: Path) -> Path:
    """The spec as the generator reads it (YAML 1.2: `16:9` stays a string), written as JSON,
    so that Prism and the generator judge the same document."""
    out.write_text(json.dumps(load_spec(spec).data), encoding="utf-8")
    return out


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _dies_with_parent(command: list[str]) -> list[str]:
    """`command`, asked to be stopped by the kernel when the test process dies (Linux's parent
    death signal, through util-linux `setpriv`); as it is where that is missing."""
    setpriv = shutil.which("setpriv")
    return [setpriv, "--pdeathsig", "TERM", "--", *command] if setpriv else command


def _answers(url: str) -> bool:
    try:
        httpx.get(url + "/__prism_ready__", timeout=2.0)
    except httpx.HTTPError:
        return False
    return True


@contextlib.contextmanager
def prism_mock(
    spec: Path, workdir: Path, *, dynamic: bool = False, seed: str = "venice"
) -> Iterator[Prism]:
    """Run `prism mock` for `spec` on 127.0.0.1 until the block ends.

    In dynamic mode (`-d`) Prism invents a spec-valid response for each call (`seed` makes
    the sequence repeatable); otherwise it answers with the spec's examples.
    """
    if not PRISM_BIN.exists():
        pytest.fail(f"Prism is not installed at {PRISM_BIN}: run `make prism` (or `make test`)")
    port = _free_port()
    log = workdir / f"prism-{'dynamic' if dynamic else 'static'}-{port}.log"
    command = [str(PRISM_BIN), "mock", "--host", "127.0.0.1", "--port", str(port)]
    if dynamic:
        command += ["--dynamic", "--seed", seed]
    command += ["--errors=false", "--verboseLevel", "info", str(spec)]
    env = {**os.environ, "SCARF_ANALYTICS": "false", "NO_UPDATE_NOTIFIER": "1"}
    with log.open("wb") as out:
        process = subprocess.Popen(
            _dies_with_parent(command),
            stdout=out,
            stderr=subprocess.STDOUT,
            env=env,
            start_new_session=True,
        )
    prism = Prism(f"http://127.0.0.1:{port}", log, dynamic)
    try:
        deadline = time.monotonic() + _START_TIMEOUT
        while not _answers(prism.url):
            if process.poll() is not None:
                pytest.fail(f"Prism exited with {process.returncode}:\n{prism.log_tail()}")
            if time.monotonic() > deadline:
                pytest.fail(f"Prism did not answer in {_START_TIMEOUT:.0f} s:\n{prism.log_tail()}")
            time.sleep(0.2)
        yield prism
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


@contextlib.contextmanager
def repaired(prism: Prism) -> Iterator[tuple[str, list[Exchange]]]:
    """A pass-through to Prism on 127.0.0.1 that drops the `Content-Encoding` header Prism
    copies from the spec's examples onto bodies it never encodes, for code that builds its
    own client (the README's). Yields its URL and the exchanges it relayed."""
    transport = RecordingTransport()
    upstream = httpx.Client(base_url=prism.url, transport=transport, timeout=30.0)

    class Relay(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def _relay(self) -> None:
            length = int(self.headers.get("content-length") or 0)
            body = self.rfile.read(length) if length else b""
            headers = [(k, v) for k, v in self.headers.items() if k.lower() != "host"]
            answer = upstream.request(self.command, self.path, headers=headers, content=body)
            self.send_response(answer.status_code)
            for name, value in answer.headers.multi_items():
                # The body is relayed decoded, so its encoding headers do not apply.
                hop = ("content-length", "content-encoding", "transfer-encoding", "connection")
                if name.lower() not in hop:
                    self.send_header(name, value)
            self.send_header("Content-Length", str(len(answer.content)))
            self.end_headers()
            self.wfile.write(answer.content)

        do_GET = do_POST = do_PATCH = do_DELETE = do_PUT = _relay

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Relay)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", transport.exchanges
    finally:
        server.shutdown()
        server.server_close()
        upstream.close()
