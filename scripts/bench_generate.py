"""The generator figures: venice-codegen against its peers on the pinned spec, each a fresh
process, wall time and peak memory (the largest resident set of the process and the
processes it waited for), rounds interleaved, medians kept.

- venice-codegen, a full run: `--no-cache`, so nothing is reused;
- venice-codegen again with the spec, the config and the generator unchanged (the cache
  primed by one run first);
- openapi-python-client (with `literal_enums`: without it, it refuses the spec's enums),
  datamodel-code-generator (pydantic v2 models only, no client) and openapi-generator's
  `python` client (the jar of the openapi-generator-cli package, on the machine's Java);
- the whole shared archive with scripts/generate_archive.py.
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CONFIG = ROOT / "specs" / "venice.toml"
ARCHIVE = ROOT.parent / "shared" / "specs" / "venice"


@dataclass(frozen=True)
class Run:
    """One process: wall seconds, peak resident memory in bytes, and how it ended."""

    wall: float
    peak: int
    failure: str | None = None


def timed(command: list[str], cwd: Path, *, expect: str | None = None) -> Run:
    """Run `command` once; a non-zero exit (or `expect` missing from stderr) is a failure."""
    started = time.perf_counter()
    process = subprocess.Popen(
        command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    )
    assert process.stderr is not None
    errors = process.stderr.read()
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    wall = time.perf_counter() - started
    failure = None
    if process.returncode != 0:
        failure = (errors.strip().splitlines() or ["no output"])[-1][:200]
    elif expect is not None and expect not in errors:
        failure = f"did not say {expect!r}"
    return Run(wall, usage.ru_maxrss * 1024, failure)


Contender = Callable[[Path], list[str]]
"""Given a fresh scratch folder, the command to time."""


class _Commands:
    """The command of each contender, given a fresh scratch folder."""

    def __init__(self, spec: Path, bench: Path) -> None:
        self.spec = str(spec)
        self.tools = bench / "generators" / "bin"
        jars = (bench / "generators").glob("lib/python*/site-packages/openapi_generator_cli/*.jar")
        self.jar = next(jars, None)
        self.venice = [sys.executable, "-m", "generator.cli", "generate", "--spec", self.spec]
        self.venice += ["--config", str(CONFIG)]

    def missing(self) -> dict[str, str]:
        """Why each contender that cannot run cannot."""
        why = {
            "opc": None if (self.tools / "openapi-python-client").exists() else "not installed",
            "dcg": None if (self.tools / "datamodel-codegen").exists() else "not installed",
            "oag": "no java on PATH" if shutil.which("java") is None else None,
        }
        if self.jar is None:
            why["oag"] = "the openapi-generator-cli package (and its jar) is not installed"
        return {name: reason for name, reason in why.items() if reason is not None}

    def full(self, folder: Path) -> list[str]:
        """venice-codegen with nothing cached."""
        return [*self.venice, "--out", str(folder / "out"), "--no-cache", "-q"]

    def regen(self, folder: Path) -> list[str]:
        """venice-codegen again into the output of the priming run."""
        out, cache = ROOT / ".out" / "bench-regen", ROOT / ".out" / "bench-regen-cache"
        return [*self.venice, "--out", str(out), "--cache-dir", str(cache)]

    def opc(self, folder: Path) -> list[str]:
        """openapi-python-client."""
        config = _opc_config(folder)
        command = [str(self.tools / "openapi-python-client"), "generate", "--path", self.spec]
        return [*command, "--output-path", str(folder / "out"), "--config", config]

    def dcg(self, folder: Path) -> list[str]:
        """datamodel-code-generator."""
        command = [str(self.tools / "datamodel-codegen"), "--input", self.spec]
        command += ["--input-file-type", "openapi", "--output", str(folder / "models.py")]
        return [*command, "--output-model-type", "pydantic_v2.BaseModel"]

    def oag(self, folder: Path) -> list[str]:
        """openapi-generator's python client."""
        command = ["java", "-jar", str(self.jar), "generate", "-i", self.spec, "-g", "python"]
        return [*command, "-o", str(folder / "out")]


def contenders(
    spec: Path, bench: Path
) -> tuple[dict[str, tuple[Contender, str | None]], dict[str, str]]:
    """Name -> (command maker, text its stderr must hold) for each contender that can run;
    and why each other one cannot."""
    commands = _Commands(spec, bench)
    made: dict[str, tuple[Contender, str | None]] = {
        "venice": (commands.full, None),
        "venice_regen": (commands.regen, "is up to date"),
        "opc": (commands.opc, None),
        "dcg": (commands.dcg, None),
        "oag": (commands.oag, None),
    }
    missing = commands.missing()
    return {name: m for name, m in made.items() if name not in missing}, missing


def _opc_config(folder: Path) -> str:
    path = folder / "opc.yaml"
    path.write_text("literal_enums: true\n", encoding="utf-8")
    return str(path)


def archive_command(folder: Path) -> list[str]:
    """All 53 archived specs, cold (a fresh cache folder)."""
    script = str(ROOT / "scripts" / "generate_archive.py")
    return [
        sys.executable,
        script,
        "--out",
        str(folder / "archive"),
        "--cache-dir",
        str(folder / "cache"),
    ]


def measure(spec: Path, bench: Path, rounds: int, archive_rounds: int) -> dict[str, Run]:
    """Median wall time and peak memory of each contender (the first failure, if any; a
    contender that cannot run fails as "not measured")."""
    made, missing = contenders(spec, bench)
    for stale in ("bench-regen", "bench-regen-cache"):
        shutil.rmtree(ROOT / ".out" / stale, ignore_errors=True)
    subprocess.run(made["venice_regen"][0](ROOT), cwd=ROOT, check=True, capture_output=True)
    runs: dict[str, list[Run]] = defaultdict(list)
    names = list(made)
    for index in range(max(rounds, archive_rounds)):
        order = names[index % len(names) :] + names[: index % len(names)]
        for name in order if index < rounds else []:
            runs[name].append(_in_scratch(partial(_timed_contender, made[name])))
        if index < archive_rounds:
            runs["archive"].append(_in_scratch(lambda d: timed(archive_command(d), ROOT)))
        print(f"  generators: round {index + 1} done", file=sys.stderr)
    medians = {name: _median(found) for name, found in runs.items()}
    return medians | {name: Run(0, 0, f"not measured: {why}") for name, why in missing.items()}


def _timed_contender(contender: tuple[Contender, str | None], folder: Path) -> Run:
    make, expect = contender
    return timed(make(folder), ROOT, expect=expect)


def _in_scratch(action: Callable[[Path], Run]) -> Run:
    folder = ROOT / ".out" / "bench-scratch"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    try:
        return action(folder)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _median(runs: list[Run]) -> Run:
    failed = next((r for r in runs if r.failure), None)
    if failed is not None:
        return failed
    return Run(
        statistics.median(r.wall for r in runs), int(statistics.median(r.peak for r in runs))
    )
