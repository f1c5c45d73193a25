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
from generator.ir import Api
from generator.pipeline import read_api

__all__ = ["Report", "diff_apis", "diff_specs"]


def diff_specs(old_path: Path, new_path: Path, config: ConfigFile) -> Report:
    """Compare two spec files; problems in either stop the comparison (GeneratorError)."""
    old_api, _ = read_api(old_path, config, Diagnostics(file=str(old_path)))
    new_api, _ = read_api(new_path, config, Diagnostics(file=str(new_path)))
    return diff_apis(old_api, new_api)


def diff_apis(old: Api, new: Api) -> Report:
    """Compare two named APIs (as `read_api` returns them)."""
    return Report(
        old_version=old.version,
        new_version=new.version,
        title=new.title,
        changes=tuple(compare(surface(old), surface(new))),
    )
