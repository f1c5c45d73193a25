"""Figures for the generator: wall time per run and per stage, and what it generates.

    python scripts/bench_generate.py [--runs 5] [--spec PATH]

Prints the median (and spread) of `venice-codegen generate` over fresh processes, the
median time of each stage in one process, and counts of the generated classes by kind.
"""

from __future__ import annotations

import argparse
import ast
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Protocol, TypeVar

from generator.config import ConfigFile, load_config_file
from generator.diagnostics import Diagnostics
from generator.load import load_spec
from generator.naming import assign_names
from generator.normalize import normalize
from generator.normalize.behaviour import configure_operations
from generator.normalize.type_settings import apply_type_settings
from generator.pin import read_pin, resolve_pinned_spec
from generator.pipeline import with_extra_schemas
from generator.render import package_info, render_package
from generator.signatures import method_signatures
from generator.validate import validate_spec
from generator.write import write_output

ROOT = Path(__file__).resolve().parent.parent
CONFIG = ROOT / "specs" / "venice.toml"
T = TypeVar("T")


class Timer(Protocol):
    """Runs an action, recording how long it took under a stage name."""

    def __call__(self, name: str, action: Callable[[], T]) -> T: ...


def _median_seconds(action: Callable[[], object], runs: int) -> tuple[float, float, float]:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return statistics.median(times), min(times), max(times)


def run_cli(spec: Path, out: Path) -> None:
    """`venice-codegen generate` in a fresh interpreter."""
    command = [sys.executable, "-m", "generator.cli", "generate", "--spec", str(spec),
               "--config", str(CONFIG), "--out", str(out), "--quiet"]  # fmt: skip
    subprocess.run(command, cwd=ROOT, check=True)


def bench_cli(spec: Path, runs: int) -> tuple[float, float, float]:
    """Whole command, fresh interpreter each time (what `make generate` costs)."""
    with tempfile.TemporaryDirectory() as tmp:
        return _median_seconds(lambda: run_cli(spec, Path(tmp) / "out"), runs)


def bench_stages(spec: Path, runs: int) -> dict[str, float]:
    """Median seconds of each stage, in one process."""
    config = load_config_file(CONFIG)
    results: dict[str, list[float]] = {}

    def timed(name: str, action: Callable[[], T]) -> T:
        started = time.perf_counter()
        value = action()
        results.setdefault(name, []).append(time.perf_counter() - started)
        return value

    with tempfile.TemporaryDirectory() as tmp:
        for _ in range(runs):
            _run_stages(spec, config, Path(tmp) / "out", timed)
    return {name: statistics.median(times) for name, times in results.items()}


def _run_stages(spec: Path, config: ConfigFile, out: Path, timed: Timer) -> None:
    diagnostics = Diagnostics()
    loaded = timed("load", lambda: load_spec(spec, diagnostics))
    timed("validate", lambda: validate_spec(loaded, diagnostics))
    extra = (
        load_spec(CONFIG.parent / (config.extra_schemas or "")).data if config.extra_schemas else {}
    )
    api = timed(
        "normalize",
        lambda: configure_operations(
            apply_type_settings(
                normalize(with_extra_schemas(loaded.data, extra, diagnostics), diagnostics),
                config.types,
                diagnostics,
            ),
            config,
            diagnostics,
        ),
    )
    named = timed("naming", lambda: assign_names(api, config, diagnostics))
    info = package_info(named, config, loaded.sha256, None)
    signatures = timed("signatures", lambda: method_signatures(named))
    files = timed("render", lambda: render_package(named, signatures, info))
    timed("format+write", lambda: write_output(files, out))
    assert not diagnostics.items, [d.format() for d in diagnostics]


def count_classes(package: Path) -> Counter[str]:
    """Classes and type aliases in the generated package, by kind."""
    kinds: Counter[str] = Counter()
    for path in sorted(package.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        area = path.relative_to(package).parts[0]
        for node in tree.body:
            if isinstance(node, ast.ClassDef):
                bases = {ast.unparse(b) for b in node.bases}
                if "BaseModel" in bases and area == "types":
                    kinds["response models (pydantic)"] += 1
                elif "TypedDict" in bases:
                    kinds["request params (TypedDict)"] += 1
                elif area == "resources":
                    kinds["resource classes (sync + async)"] += 1
                else:
                    kinds["runtime classes"] += 1
            elif isinstance(node, ast.AnnAssign) and "TypeAlias" in ast.unparse(node.annotation):
                kinds["type aliases"] += 1 if area == "types" else 0
            elif isinstance(node, ast.Assign) and "TypedDict(" in ast.unparse(node.value):
                kinds["request params (TypedDict)"] += 1
    return kinds


def main() -> int:
    """Print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--spec", type=Path)
    args = parser.parse_args()
    spec = args.spec or resolve_pinned_spec(read_pin(ROOT / "specs" / "spec-pin.toml"), ROOT)
    median, low, high = bench_cli(spec, args.runs)
    print(f"spec: {spec.name}")
    print(
        f"venice-codegen generate, wall time over {args.runs} fresh runs: "
        f"median {median:.2f}s (min {low:.2f}s, max {high:.2f}s)"
    )
    print("stage medians (one process):")
    for name, seconds in bench_stages(spec, args.runs).items():
        print(f"  {name:<13} {seconds * 1000:7.0f} ms")
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "out"
        run_cli(spec, out)
        kinds = count_classes(next(p for p in out.iterdir() if (p / "__init__.py").exists()))
        files = sum(1 for _ in out.rglob("*.py"))
        lines = sum(len(p.read_text().splitlines()) for p in out.rglob("*.py"))
    print(f"generated: {files} Python files, {lines} lines")
    for kind, count in sorted(kinds.items()):
        print(f"  {kind:<32} {count}")
    print(f"  {'classes in all':<32} {sum(v for k, v in kinds.items() if k != 'type aliases')}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
