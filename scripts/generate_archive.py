"""Generate every spec of a folder (the shared archive by default), one output each.

    python scripts/generate_archive.py [--specs DIR] [--out DIR] [--jobs N] [--cache-dir DIR]

How it is fast: one worker process per core (`--jobs`, default the number of cores), each
importing the generator once and generating its share in-process, largest specs first so
that the workers finish together; within a worker validation runs in line (the workers
already keep every core busy). Validation findings and compiled templates are kept under
`--cache-dir` (by default a fresh temporary folder: nothing reused from earlier runs).

Prints how many specs were generated, the warnings and the wall time; exit 1 if any failed.
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from generator import validation_job
from generator.config import Config, load_config_file
from generator.diagnostics import Diagnostics, GeneratorError, Level
from generator.pipeline import generate

ROOT = Path(__file__).resolve().parent.parent
ARCHIVE = ROOT.parent / "shared" / "specs" / "venice"
CONFIG = ROOT / "specs" / "venice.toml"


def _worker_setup() -> None:
    validation_job.PARALLEL = False
    gc.freeze()
    gc.set_threshold(100_000, 50, 100)


def _one(spec: Path, out: Path, cache_dir: Path) -> tuple[str, int, str | None]:
    """(spec name, warnings, error or None)."""
    diagnostics = Diagnostics(file=spec.name)
    config = Config(spec_path=spec, out_dir=out, file=load_config_file(CONFIG), cache_dir=cache_dir)
    try:
        generate(config, diagnostics)
    except GeneratorError as exc:
        return spec.name, 0, "; ".join(d.format() for d in exc.diagnostics)
    warnings = sum(1 for d in diagnostics if d.level is Level.WARNING)
    return spec.name, warnings, None


def generate_all(specs: list[Path], out: Path, cache_dir: Path, jobs: int) -> list[str]:
    """Generate each spec into `out/<stem>`; the failures, described."""
    ordered = sorted(specs, key=lambda p: p.stat().st_size, reverse=True)
    with ProcessPoolExecutor(max_workers=jobs, initializer=_worker_setup) as pool:
        futures = [pool.submit(_one, s, out / s.stem, cache_dir) for s in ordered]
        results = [f.result() for f in futures]
    warned = sum(1 for _, warnings, _ in results if warnings)
    print(f"{len(results)} specs, {warned} with warnings", file=sys.stderr)
    return [f"{name}: {error}" for name, _, error in results if error]


def main() -> int:
    """Entry point."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--specs", type=Path, default=ARCHIVE)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--cache-dir", type=Path)
    args = parser.parse_args()
    started = time.perf_counter()
    specs = sorted(args.specs.glob("*.yaml"))
    with tempfile.TemporaryDirectory() as scratch:
        failures = generate_all(specs, args.out, args.cache_dir or Path(scratch), args.jobs)
    for failure in failures:
        print(failure, file=sys.stderr)
    print(
        f"generated {len(specs) - len(failures)} of {len(specs)} specs in "
        f"{time.perf_counter() - started:.1f}s with {args.jobs} processes",
        file=sys.stderr,
    )
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
