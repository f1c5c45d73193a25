"""Every spec of the shared archive generates, and the result imports and resolves.

The archive holds 53 real versions of the Venice spec, invalid ones included: those must
generate with warnings, never fail. Runs two specs at a time.
"""

from __future__ import annotations

import subprocess
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytest

from generator.config import Config, load_config_file
from generator.diagnostics import Diagnostics, Level
from generator.pipeline import generate
from tests.project import ROOT, VENICE_CONFIG, shared_spec_files

# Slow: generates every spec of the shared archive.
# `make test-fast` leaves it out; `make test` and CI run it.
pytestmark = pytest.mark.slow

SPECS = shared_spec_files()


def _generate_and_import(spec: Path, out: Path) -> tuple[str, list[str], str, bool]:
    diagnostics = Diagnostics(file=spec.name)
    config = Config(
        spec_path=spec,
        out_dir=out,
        file=load_config_file(VENICE_CONFIG),
    )
    result = generate(config, diagnostics)
    errors = [d.format() for d in diagnostics if d.level is Level.ERROR]
    invalid = any(d.code == "invalid-openapi" for d in diagnostics)
    check = subprocess.run(
        [sys.executable, str(ROOT / "tests" / "import_check.py"), str(out), result.info.name],
        capture_output=True,
        text=True,
        check=False,
    )
    outcome = check.stdout.strip() if check.returncode == 0 else "FAILED\n" + check.stderr[-3000:]
    return spec.name, errors, outcome, invalid


Outcome = tuple[list[str], str, bool]
"""Errors, the import check's output, and whether the validator found the spec invalid."""

# The versions the archive's INDEX.md lists as invalid OpenAPI (with a YAML 1.2 load).
INVALID = {
    "2025-02-17_8462f4b4.yaml",
    "2025-02-17_74a26a38.yaml",
    "2025-02-18_3660f46d.yaml",
    "2025-12-04_1a28f791.yaml",
}


@pytest.fixture(scope="module")
def outcomes(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Outcome]:
    root = tmp_path_factory.mktemp("corpus")
    with ProcessPoolExecutor(max_workers=2) as pool:
        futures = [pool.submit(_generate_and_import, spec, root / spec.stem) for spec in SPECS]
        results = [f.result() for f in futures]
        return {name: (errors, outcome, invalid) for name, errors, outcome, invalid in results}


def test_the_archive_has_all_53_versions() -> None:
    assert len(SPECS) == 53


@pytest.mark.parametrize("spec", SPECS, ids=lambda p: p.stem)
def test_spec_generates_and_the_client_imports(
    spec: Path,
    outcomes: dict[str, Outcome],
) -> None:
    errors, outcome, invalid = outcomes[spec.name]
    assert errors == []
    assert invalid == (spec.name in INVALID)  # invalid ones generate, with warnings
    assert not outcome.startswith("FAILED"), outcome
    assert int(outcome) > 0  # classes checked
