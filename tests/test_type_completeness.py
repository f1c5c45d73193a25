"""`pyright --verifytypes`: every symbol the committed package exports has a declared type.

Type completeness is what a user's type checker sees of a `py.typed` package: a public
attribute without an annotation is "ambiguous" (pyright, mypy and others may infer it
differently), and anything that mentions such a type is only partly known. The package
must score 100%; a symbol that cannot be helped goes in `ALLOWED` with its reason.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.project import GENERATED

# Slow: a type checker over the whole generated package (a few seconds).
# `make test-fast` leaves it out; `make test` and CI run it.
pytestmark = pytest.mark.slow

PACKAGE = "venice_ai"
ALLOWED: dict[str, str] = {}
"""Fully qualified names allowed an incomplete type, each with the reason (none today)."""


def verify_types(package_parent: Path, package: str, cwd: Path) -> dict[str, Any]:
    """The `typeCompleteness` report of `pyright --verifytypes --ignoreexternal`.

    The package is found on `PYTHONPATH` the way an installed one is on `sys.path`, and
    pyright runs outside the package so that no project settings of its own apply.
    """
    pyright = Path(sys.executable).parent / "pyright"
    env = {**os.environ, "PYTHONPATH": str(package_parent)}
    command = [str(pyright), "--pythonpath", sys.executable, "--outputjson"]
    command += ["--verifytypes", package, "--ignoreexternal"]
    run = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, check=False)
    report: dict[str, Any] = json.loads(run.stdout)
    assert not report.get("generalDiagnostics"), report["generalDiagnostics"]
    completeness: dict[str, Any] = report["typeCompleteness"]
    return completeness


def incomplete_symbols(completeness: dict[str, Any]) -> dict[str, list[str]]:
    """Exported symbols whose type is ambiguous or (partly) unknown -> pyright's reasons."""
    return {
        symbol["name"]: [d["message"].splitlines()[0] for d in symbol["diagnostics"]]
        for symbol in completeness["symbols"]
        if symbol["isExported"] and (symbol["isTypeAmbiguous"] or not symbol["isTypeKnown"])
    }


def test_every_exported_symbol_has_a_known_type(tmp_path: Path) -> None:
    completeness = verify_types(GENERATED, PACKAGE, tmp_path)
    counts = completeness["exportedSymbolCounts"]
    incomplete = incomplete_symbols(completeness)
    unexplained = {name: why for name, why in incomplete.items() if name not in ALLOWED}
    assert not unexplained, (
        f"{len(unexplained)} exported symbols lack a declared type ({counts}); first ones: "
        + json.dumps(dict(list(unexplained.items())[:20]), indent=1)
    )
    assert set(ALLOWED) <= set(incomplete), "ALLOWED names a symbol that is complete now"
    total = sum(counts.values())
    assert counts["withKnownType"] == total - len(ALLOWED)
    if not ALLOWED:
        assert completeness["completenessScore"] == 1.0
