"""Fixtures shared by the tests (helpers live in `tests.helpers`)."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.helpers import GENERATED, spec_text

# Tests import the committed client (`import venice_ai`) the way its users do.
sys.path.insert(0, str(GENERATED))


@pytest.fixture
def write_spec(tmp_path: Path) -> Callable[[str], Path]:
    """Write a small spec (body after `info`) to a file and return its path."""

    def write(body: str, name: str = "spec.yaml") -> Path:
        path = tmp_path / name
        path.write_text(spec_text(body), encoding="utf-8")
        return path

    return write
