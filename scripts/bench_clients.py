"""The client figures: each contender in a process of its own (scripts/bench_client.py),
the server in another (scripts/bench_server.py), rounds interleaved, medians kept.

Per round, every case runs on every contender in turn (the order rotates from round to
round), so that whatever else the machine does falls on all of them alike.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CLIENT = ROOT / "scripts" / "bench_client.py"
SERVER = ROOT / "scripts" / "bench_server.py"

# Operations per measurement: each takes a few tenths of a CPU second.
COUNTS = {"large": 30, "small": 200, "chat": 300, "async": 1000, "sse": 1}
CASES = {
    "large": ("venice", "openai2", "openai3", "raw", "raw_model"),
    "small": ("venice", "openai2", "openai3", "raw", "raw_model"),
    "chat": ("venice", "openai2", "openai3", "raw", "raw_model"),
    "async": ("venice", "openai2", "openai3", "raw"),
    "sse": ("venice", "openai2", "openai3", "raw", "raw_model"),
}


@dataclass
class Contender:
    """One running client process."""

    name: str
    process: subprocess.Popen[str]
    version: str

    def run(self, case: str, count: int) -> tuple[float, int]:
        """CPU seconds for `count` operations of `case` (and events, for streams)."""
        assert self.process.stdin is not None and self.process.stdout is not None
        self.process.stdin.write(f"{case} {count}\n")
        self.process.stdin.flush()
        answer = self.process.stdout.readline().split()
        if len(answer) != 2:
            raise RuntimeError(f"{self.name} failed on {case}; see its stderr above")
        return float(answer[0]), int(answer[1])

    def close(self) -> None:
        """End the process."""
        stop(self.process)


@dataclass
class ClientResults:
    """Medians per (case, contender): CPU seconds per operation, or events per CPU second
    for `sse`; and each contender's library version."""

    medians: dict[tuple[str, str], float] = field(default_factory=dict)
    versions: dict[str, str] = field(default_factory=dict)


def start(name: str, python: Path, base: str, env: dict[str, str]) -> Contender:
    """Start one contender and wait until it is ready."""
    library = "openai" if name.startswith("openai") else name
    process = subprocess.Popen(
        [str(python), str(CLIENT), library, base, str(ROOT / "generated")],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env=env,
    )
    assert process.stdout is not None
    ready = process.stdout.readline().split()
    if not ready or ready[0] != "ready":
        raise RuntimeError(f"the {name} client did not start")
    return Contender(name, process, ready[1])


def start_server(bodies: Path) -> tuple[subprocess.Popen[str], str]:
    """The server process and its base URL."""
    server = subprocess.Popen(
        [sys.executable, str(SERVER), str(bodies)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert server.stdout is not None
    return server, f"http://127.0.0.1:{server.stdout.readline().strip()}"


def stop(process: subprocess.Popen[str]) -> None:
    """End a contender or the server: both leave when their stdin closes."""
    assert process.stdin is not None and process.stdout is not None
    process.stdin.close()
    process.wait(timeout=30)
    process.stdout.close()


def _sample(contender: Contender, case: str) -> float:
    spent, events = contender.run(case, COUNTS[case])
    return events / spent if case == "sse" else spent / COUNTS[case]


def measure(contenders: dict[str, Contender], rounds: int) -> ClientResults:
    """Interleaved rounds over every case; medians."""
    samples: dict[tuple[str, str], list[float]] = defaultdict(list)
    for case, names in CASES.items():  # warm-up: imports, connections, caches
        for name in names:
            if name in contenders:
                contenders[name].run(case, min(COUNTS[case], 50))
    for index in range(rounds):
        started = time.perf_counter()
        for case, names in CASES.items():
            present = [n for n in names if n in contenders]
            shift = index % len(present)
            for name in present[shift:] + present[:shift]:
                samples[case, name].append(_sample(contenders[name], case))
        took = time.perf_counter() - started
        print(f"  clients: round {index + 1} of {rounds} took {took:.0f}s", file=sys.stderr)
    medians = {key: statistics.median(values) for key, values in samples.items()}
    return ClientResults(medians, {n: c.version for n, c in contenders.items()})


IMPORTS = {
    "venice": "import venice_ai",
    "venice_client": "from venice_ai import VeniceClient",
    "openai2": "import openai",
    "openai3": "import openai",
    "deps": "import httpx, anyio, pydantic; pydantic.BaseModel",
}


def import_times(pythons: dict[str, Path], env: dict[str, str], rounds: int) -> dict[str, float]:
    """Median CPU seconds of each import in a fresh interpreter (bytecode already cached)."""
    samples: dict[str, list[float]] = defaultdict(list)
    pythons = {**pythons, "venice_client": pythons["venice"]}
    present = {name: code for name, code in IMPORTS.items() if name in pythons}
    # The caches must be written for the timed rounds to read them.
    env = {key: value for key, value in env.items() if key != "PYTHONDONTWRITEBYTECODE"}
    for index in range(rounds + 1):  # the first round writes the bytecode caches
        for name, code in present.items():
            program = f"import time; t = time.process_time(); {code}; "
            program += "print(time.process_time() - t)"
            command = [str(pythons[name]), "-c", program]
            output = subprocess.run(command, env=env, capture_output=True, text=True, check=True)
            if index:
                samples[name].append(float(output.stdout))
    return {name: statistics.median(values) for name, values in samples.items()}
