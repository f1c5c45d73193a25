"""`venice-codegen diff`: compare two spec versions as Python APIs.

Both specs go through the same pipeline as generation (with the same config), so the
comparison is between the clients they would produce: `surface` extracts what callers can
use, `compare` lists the differences, `changes` classifies them, `report` writes them up.
"""

from __future__ import annotations

from pathlib import Path

from generator.config import ConfigFile
from generator.diagnostics import Diagnostics
from generator.diff.compare import compare
from generator.diff.report import Report
from generator.diff.surface import surface
from generator.pipeline import read_api

__all__ = ["Report", "diff_specs"]


def diff_specs(
    old_path: Path,
    new_path: Path,
    config: ConfigFile,
) -> Report:
    """Compare two spec files; problems in either stop the comparison (GeneratorError)."""
    old_api, _ = read_api(old_path, config, Diagnostics(file=str(old_path)))
    new_api, _ = read_api(new_path, config, Diagnostics(file=str(new_path)))
    return Report(
        old_version=old_api.version,
        new_version=new_api.version,
        title=new_api.title,
        changes=tuple(compare(surface(old_api), surface(new_api))),
    )
