"""`make bench`: every figure of issue 14 in one table, measured in one run.

    python -m scripts.bench [--rounds 5] [--archive-rounds 3] [--events 20000]
                            [--only clients|generators] [--out FILE]

The client (the committed generated/ package) against openai-python and raw httpx, as CPU
time of the client's own process against a local server in another process; the generator
against openapi-python-client, datamodel-code-generator and openapi-generator, as wall time
and peak memory of fresh processes. The peers live in .bench-venv/ (`make bench` installs
them). Every figure is a median over rounds in which the contenders take turns; every ratio
compares two figures of this run. BENCHMARKS.md says how to read it.
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import tempfile
from pathlib import Path

from generator.pin import read_pin, resolve_pinned_spec
from scripts import bench_clients, bench_generate
from scripts.bench_bodies import write_bodies
from scripts.bench_figures import client_figures, generator_figures
from scripts.bench_table import Figure, render

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / ".bench-venv"


def _pythons() -> dict[str, Path]:
    """Which interpreter runs each client contender (openai 3.x only if it installed)."""
    clients = BENCH / "clients" / "bin" / "python"
    if not clients.exists():
        raise SystemExit("the benchmark's environments are missing: run `make bench`")
    pythons = {name: clients for name in ("venice", "openai2", "raw", "raw_model", "deps")}
    openai3 = BENCH / "openai3"
    if (openai3 / "bin" / "python").exists() and not (openai3 / "NOT-INSTALLED").exists():
        pythons["openai3"] = openai3 / "bin" / "python"
    return pythons


def run_clients(spec: Path, args: argparse.Namespace, scratch: Path) -> list[Figure]:
    """Start the server and the contenders, measure, stop them."""
    sizes = write_bodies(spec, scratch / "bodies", args.events)
    pythons = _pythons()
    env = {**os.environ, "PYTHONPATH": str(ROOT / "generated")}
    server, base = bench_clients.start_server(scratch / "bodies")
    contenders: dict[str, bench_clients.Contender] = {}
    try:
        for name in ("venice", "openai2", "openai3", "raw", "raw_model"):
            if name in pythons:
                contenders[name] = bench_clients.start(name, pythons[name], base, env)
        results = bench_clients.measure(contenders, args.rounds)
        imports = bench_clients.import_times(pythons, env, args.rounds)
    finally:
        for contender in contenders.values():
            contender.close()
        bench_clients.stop(server)
    if "openai3" not in pythons:
        print("openai 3.x: not measured (it did not install)", file=sys.stderr)
    return client_figures(results, sizes, imports)


def run_generators(spec: Path, args: argparse.Namespace) -> list[Figure]:
    """Time the generators."""
    runs = bench_generate.measure(spec, BENCH, args.rounds, args.archive_rounds)
    peers = {
        "opc": "openapi-python-client 0.29.1",
        "dcg": "datamodel-code-generator 0.89.0 (models only)",
        "oag": "openapi-generator 7.26.0 (python)",
    }
    return generator_figures(runs, peers)


def machine() -> str:
    """One line about where this ran."""
    model = next(
        (line.split(":", 1)[1].strip() for line in _cpuinfo() if line.startswith("model name")),
        platform.processor() or "unknown CPU",
    )
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    return f"{os.cpu_count()} cores ({model}), Python {platform.python_version()}, load {load}"


def _cpuinfo() -> list[str]:
    try:
        return Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines()
    except OSError:
        return []


def main() -> int:
    """Measure and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--archive-rounds", type=int, default=3)
    parser.add_argument("--events", type=int, default=20_000, help="events per SSE stream")
    parser.add_argument("--only", choices=("clients", "generators"))
    parser.add_argument("--out", type=Path, help="also write the table here")
    args = parser.parse_args()
    spec = resolve_pinned_spec(read_pin(ROOT / "specs" / "spec-pin.toml"), ROOT)
    before = machine()
    figures: list[Figure] = []
    with tempfile.TemporaryDirectory() as scratch:
        if args.only != "generators":
            figures += run_clients(spec, args, Path(scratch))
        if args.only != "clients":
            figures += run_generators(spec, args)
    text = f"{render(figures)}\n\nmachine: {before}; at the end: load {machine().split('load ')[1]}"
    print(text)
    if args.out:
        args.out.write_text(text + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
