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
from tests.helpers import ROOT, VENICE_CONFIG, shared_spec_files

SPECS = shared_spec_files()


def _generate_and_import(spec: Path, out: Path) -> tuple[str, list[str], str]:
    diagnostics = Diagnostics(file=spec.name)
    config = Config(
        spec_path=spec,
        out_dir=out,
        file=load_config_file(VENICE_CONFIG),
    )
    result = generate(config, diagnostics)
    errors = [d.format() for d in diagnostics if d.level is Level.ERROR]
    check = subprocess.run(
        [sys.executable, str(ROOT / "tests" / "import_check.py"), str(out), result.info.name],
        capture_output=True,
        text=True,
        check=False,
    )
    outcome = check.stdout.strip() if check.returncode == 0 else "FAILED\n" + check.stderr[-3000:]
    return spec.name, errors, outcome


@pytest.fixture(scope="module")
def outcomes(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[list[str], str]]:
    root = tmp_path_factory.mktemp("corpus")
    with ProcessPoolExecutor(max_workers=2) as pool:
        futures = [pool.submit(_generate_and_import, spec, root / spec.stem) for spec in SPECS]
        return {name: (errors, outcome) for name, errors, outcome in (f.result() for f in futures)}


def test_the_archive_has_all_53_versions() -> None:
    assert len(SPECS) == 53


@pytest.mark.parametrize("spec", SPECS, ids=lambda p: p.stem)
def test_spec_generates_and_the_client_imports(
    spec: Path,
    outcomes: dict[str, tuple[list[str], str]],
) -> None:
    errors, outcome = outcomes[spec.name]
    assert errors == []
    assert not outcome.startswith("FAILED"), outcome
    assert int(outcome) > 0  # classes checked
