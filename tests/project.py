"""Where the project's files are, and the helpers that generate or read its spec."""

from __future__ import annotations

import functools
from pathlib import Path

import pytest

from generator.diagnostics import Diagnostics
from generator.ir import Api
from generator.pin import read_pin, resolve_pinned_spec

ROOT = Path(__file__).resolve().parent.parent
SHARED_SPECS = ROOT.parent / "shared" / "specs" / "venice"
TEST_SPECS = ROOT / "tests" / "specs"
GENERATED = ROOT / "generated"
VENICE_CONFIG = ROOT / "specs" / "venice.toml"
PINNED_SPEC = resolve_pinned_spec(read_pin(ROOT / "specs" / "spec-pin.toml"), ROOT)
"""The spec `specs/spec-pin.toml` pins, found by checksum (in the shared archive on a fresh
clone)."""
_IGNORED_PARTS = {"__pycache__", ".mypy_cache", ".ruff_cache", ".pytest_cache"}


def shared_spec_files() -> list[Path]:
    """Every spec of the shared archive; fails loudly when the archive is missing."""
    files = sorted(SHARED_SPECS.glob("*.yaml"))
    if not files:
        pytest.fail(f"the shared spec archive is missing: expected it at {SHARED_SPECS}")
    return files


def tree_files(root: Path) -> dict[str, bytes]:
    """The files under `root` (relative path -> bytes), without caches."""
    return {
        str(path.relative_to(root)): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file() and not _IGNORED_PARTS & set(path.relative_to(root).parts)
    }


def generate_pinned(out: Path) -> None:
    """Generate the pinned spec with the repository's config into `out`."""
    from generator.config import Config, load_config_file
    from generator.pipeline import generate

    config = Config(
        spec_path=PINNED_SPEC,
        out_dir=out,
        file=load_config_file(VENICE_CONFIG),
    )
    generate(config, Diagnostics())


@functools.cache
def venice_api() -> Api:
    """The named IR of the pinned spec with the repository's config (made once per test
    session: the IR is frozen, and several modules build their parameters from it)."""
    from generator.config import load_config_file
    from generator.pipeline import read_api

    config = load_config_file(VENICE_CONFIG)
    return read_api(PINNED_SPEC, config, Diagnostics())[0]


def generate_spec(spec: Path, out: Path, *flags: str) -> tuple[str, str]:
    """Generate `spec` without any config into `out` through the command line.

    Returns the package name and what the command printed (its diagnostics).
    """
    import io
    from contextlib import redirect_stderr

    from generator.cli import main

    printed = io.StringIO()
    with redirect_stderr(printed):
        status = main(["generate", "--spec", str(spec), "--out", str(out), "--no-config", *flags])
    assert status == 0, printed.getvalue()
    package = next(p.name for p in sorted(out.iterdir()) if (p / "__init__.py").is_file())
    return package, printed.getvalue()
