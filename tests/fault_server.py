"""A scriptable HTTP/1.1 server on 127.0.0.1 that misbehaves on request.

Each request to a path takes the next action scripted for that path (the last one repeats;
`fallback` serves paths with no script): answer normally, wait first, reset the connection,
send the head and only part of the body and then close, reset or stall, stream server-sent
events and cut them off, send a large body in pieces, or decide per request (`Decide`).
Written on raw sockets so that resets and cuts are real TCP events, not simulations. Threads
are daemons and the server stops with its fixture.
"""

from __future__ import annotations

import json
import socket
import struct
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Literal


@dataclass(frozen=True)
class Respond:
    """A complete response."""

    status: int = 200
    body: bytes = b""
    headers: tuple[tuple[str, str], ...] = ()
    delay: float = 0.0

    @classmethod
    def json(cls, data: object, status: int = 200, **headers: str) -> Respond:
        """A JSON response; keyword headers use `_` for `-`."""
        extra = tuple((k.replace("_", "-"), v) for k, v in headers.items())
        return cls(
            status, json.dumps(data).encode(), (("Content-Type", "application/json"), *extra)
        )


@dataclass(frozen=True)
class Reset:
    """Close the connection with a TCP reset, sending nothing."""


@dataclass(frozen=True)
class Partial:
    """The head of a response whose `Content-Length` promises all of `body`, then only its
    first `sent` bytes, then: a clean close, a TCP reset, or a stall of `stall` seconds
    (then a close)."""

    body: bytes
    sent: int
    then: Literal["close", "reset", "stall"] = "close"
    status: int = 200
    headers: tuple[tuple[str, str], ...] = (("Content-Type", "application/json"),)
    stall: float = 3.0


@dataclass(frozen=True)
class Events:
    """A server-sent event stream; `cut` ends it abruptly after that many bytes."""

    events: tuple[bytes, ...]
    cut: int | None = None
    pause: float = 0.0


@dataclass(frozen=True)
class Download:
    """A large binary body sent in pieces."""

    size: int
    piece: int = 64 * 1024
    content_type: str = "video/mp4"


@dataclass(frozen=True)
class Decide:
    """The action `choose` picks for each request (called on the connection's thread)."""

    choose: Callable[[Received], Action]


Action = Respond | Reset | Partial | Events | Download | Decide


@dataclass
class Received:
    """What the server saw of one request."""

    method: str
    path: str
    headers: dict[str, str]
    body: bytes


@dataclass
class FaultServer:
    """The server; use `script()` to set what each path does and `received` to check."""

    scripts: dict[str, list[Action]] = field(default_factory=dict)
    received: list[Received] = field(default_factory=list)
    fallback: Action = field(default_factory=lambda: Respond(404, b'{"error": "not scripted"}'))
    """What paths without a script get."""
    _socket: socket.socket | None = None
    _stop: threading.Event = field(default_factory=threading.Event)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def url(self) -> str:
        """Base URL clients should use."""
        return f"{self.origin}/api/v1"

    @property
    def origin(self) -> str:
        """`http://127.0.0.1:port`."""
        assert self._socket is not None
        return f"http://127.0.0.1:{self._socket.getsockname()[1]}"

    def script(self, path: str, *actions: Action) -> None:
        """What requests to `/api/v1{path}` get, in order (the last repeats)."""
        self.scripts["/api/v1" + path] = list(actions)

    def count(self, path: str) -> int:
        """How many requests reached `/api/v1{path}`."""
        return sum(1 for r in self.received if r.path.split("?")[0] == "/api/v1" + path)

    def start(self) -> None:
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(("127.0.0.1", 0))
        sock.listen(64)
        sock.settimeout(0.2)
        self._socket = sock
        threading.Thread(target=self._accept, daemon=True).start()

    def stop(self) -> None:
        self._stop.set()
        if self._socket is not None:
            self._socket.close()

    def _accept(self) -> None:
        assert self._socket is not None
        while not self._stop.is_set():
            try:
                conn, _ = self._socket.accept()
            except (TimeoutError, OSError):
                continue
            threading.Thread(target=self._serve, args=(conn,), daemon=True).start()

    def _serve(self, conn: socket.socket) -> None:
        conn.settimeout(10)
        reader = conn.makefile("rb")
        try:
            while not self._stop.is_set():
                request = _read_request(reader)
                if request is None:
                    return
                with self._lock:
                    self.received.append(request)
                    action = self._next(request.path.split("?")[0])
                while isinstance(action, Decide):
                    action = action.choose(request)
                if not self._perform(conn, action):
                    return
        except (OSError, ValueError):
            return
        finally:
            reader.close()
            conn.close()

    def _next(self, path: str) -> Action:
        actions = self.scripts.get(path) or [self.fallback]
        return actions.pop(0) if len(actions) > 1 else actions[0]

    def _perform(self, conn: socket.socket, action: Action) -> bool:
        """Carry out one action; False when the connection must not be reused."""
        if isinstance(action, Reset):
            conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            return False
        if isinstance(action, Respond):
            time.sleep(action.delay)
            headers = [*action.headers, ("Content-Length", str(len(action.body)))]
            conn.sendall(_head(action.status, headers) + action.body)
            return True
        if isinstance(action, Partial):
            _partial(conn, action)
            return False
        if isinstance(action, Events):
            conn.sendall(
                _head(200, [("Content-Type", "text/event-stream"), ("Connection", "close")])
            )
            sent = 0
            for event in action.events:
                if action.cut is not None and sent + len(event) > action.cut:
                    conn.sendall(event[: action.cut - sent])
                    time.sleep(0.05)
                    conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                    return False
                conn.sendall(event)
                sent += len(event)
                time.sleep(action.pause)
            return False
        conn.sendall(
            _head(
                200, [("Content-Type", action.content_type), ("Content-Length", str(action.size))]
            )
        )
        piece = bytes(range(256)) * (action.piece // 256)
        remaining = action.size
        while remaining > 0:
            chunk = piece[: min(len(piece), remaining)]
            conn.sendall(chunk)
            remaining -= len(chunk)
        return True


def _partial(conn: socket.socket, action: Partial) -> None:
    headers = [*action.headers, ("Content-Length", str(len(action.body)))]
    conn.sendall(_head(action.status, headers) + action.body[: action.sent])
    if action.then == "stall":
        time.sleep(action.stall)
    elif action.then == "reset":
        time.sleep(0.05)  # let the bytes sent arrive first
        conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))


def _head(status: int, headers: list[tuple[str, str]]) -> bytes:
    lines = [f"HTTP/1.1 {status} {_REASONS.get(status, 'Status')}"]
    lines += [f"{name}: {value}" for name, value in headers]
    return ("\r\n".join(lines) + "\r\n\r\n").encode()


def _read_request(reader: object) -> Received | None:
    readline = reader.readline  # type: ignore[attr-defined]
    line = readline()
    if not line:
        return None
    method, path, _ = line.decode().split(" ", 2)
    headers: dict[str, str] = {}
    while (header := readline()) not in (b"\r\n", b"\n", b""):
        name, _, value = header.decode().partition(":")
        headers[name.strip().lower()] = value.strip()
    length = int(headers.get("content-length", "0"))
    body = reader.read(length) if length else b""  # type: ignore[attr-defined]
    return Received(method, path, headers, body)


_REASONS = {
    200: "OK",
    204: "No Content",
    301: "Moved Permanently",
    302: "Found",
    303: "See Other",
    307: "Temporary Redirect",
    400: "Bad Request",
    401: "Unauthorized",
    404: "Not Found",
    429: "Too Many Requests",
    500: "Internal Server Error",
    502: "Bad Gateway",
    503: "Service Unavailable",
    504: "Gateway Timeout",
}


def sse(*payloads: object, done: bool = True) -> tuple[bytes, ...]:
    """Events carrying JSON payloads (strings are sent as they are), then `[DONE]`."""
    events = [f"data: {p if isinstance(p, str) else json.dumps(p)}\n\n".encode() for p in payloads]
    return (*events, b"data: [DONE]\n\n") if done else tuple(events)


def typed_sse(*payloads: dict[str, object]) -> tuple[bytes, ...]:
    """Responses-style events, each named by its payload's `type`, without `[DONE]`."""
    return tuple(f"event: {p['type']}\ndata: {json.dumps(p)}\n\n".encode() for p in payloads)


def serve() -> Iterator[FaultServer]:
    """Run a server for the duration of a fixture."""
    server = FaultServer()
    server.start()
    try:
        yield server
    finally:
        server.stop()
