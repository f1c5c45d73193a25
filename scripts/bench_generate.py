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


def contenders(
    spec: Path, bench: Path
) -> tuple[dict[str, tuple[Contender, str | None]], dict[str, str]]:
    """Name -> (command maker, text its stderr must hold) for each contender that can run;
    and why each other one cannot."""
    python = sys.executable
    venice = [
        python,
        "-m",
        "generator.cli",
        "generate",
        "--spec",
        str(spec),
        "--config",
        str(CONFIG),
    ]
    tools = bench / "generators" / "bin"
    jars = (bench / "generators").glob("lib/python*/site-packages/openapi_generator_cli/*.jar")
    jar = next(jars, None)
    found = {
        "venice": None,
        "venice_regen": None,
        "opc": None if (tools / "openapi-python-client").exists() else "not installed",
        "dcg": None if (tools / "datamodel-codegen").exists() else "not installed",
        "oag": "no java on PATH" if shutil.which("java") is None else None,
    }
    if jar is None:
        found["oag"] = "the openapi-generator-cli package (and its jar) is not installed"
    made = {
        "venice": (lambda d: [*venice, "--out", str(d / "out"), "--no-cache", "-q"], None),
        "venice_regen": (
            lambda d: [
                *venice,
                "--out",
                str(ROOT / ".out" / "bench-regen"),
                "--cache-dir",
                str(ROOT / ".out" / "bench-regen-cache"),
            ],
            "is up to date",
        ),
        "opc": (
            lambda d: [
                str(tools / "openapi-python-client"),
                "generate",
                "--path",
                str(spec),
                "--output-path",
                str(d / "out"),
                "--config",
                _opc_config(d),
            ],
            None,
        ),
        "dcg": (
            lambda d: [
                str(tools / "datamodel-codegen"),
                "--input",
                str(spec),
                "--input-file-type",
                "openapi",
                "--output",
                str(d / "models.py"),
                "--output-model-type",
                "pydantic_v2.BaseModel",
            ],
            None,
        ),
        "oag": (
            lambda d: [
                "java",
                "-jar",
                str(jar),
                "generate",
                "-i",
                str(spec),
                "-g",
                "python",
                "-o",
                str(d / "out"),
            ],
            None,
        ),
    }
    return {name: made[name] for name, missing in found.items() if missing is None}, {
        name: missing for name, missing in found.items() if missing is not None
    }


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
