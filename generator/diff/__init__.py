"""`venice-codegen diff`: compare two spec versions as Python APIs.

Both specs go through the same pipeline as generation (with the same config), so the
comparison is between the clients they would produce: `surface` extracts what callers can
use, `compare` lists the differences, `changes` classifies them, `report` writes them up.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from generator.config import ConfigFile
from generator.diagnostics import Diagnostics
from generator.diff.compare import compare
from generator.diff.renames import renamed_types
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


def diff_apis(
    old: Api, new: Api, kept: Mapping[str, str] | None = None, *, keep_renamed: bool = False
) -> Report:
    """Compare two named APIs (as `read_api` returns them).

    `kept` are the deprecated aliases the old package already keeps (old name -> current
    name); with `keep_renamed`, types that only changed their name are kept the same way in
    the new package (`Report.aliases` says which), as `make update-spec` does.
    """
    aliases = dict(kept or {})
    if keep_renamed:
        aliases = _following(aliases, renamed_types(surface(old, kept), surface(new)))
    new_surface = surface(new, aliases)
    # The old version's types under the names they have now: a rename is no change of type.
    old_surface = surface(old, kept, renamed=aliases)
    return Report(
        old_version=old.version,
        new_version=new.version,
        title=new.title,
        changes=tuple(compare(old_surface, new_surface)),
        # The aliases that still lead to a type (an alias whose type is gone goes too).
        aliases={o: c for o, c in new_surface.importable.items() if o != c},
    )


def _following(aliases: dict[str, str], renamed: dict[str, str]) -> dict[str, str]:
    """Existing aliases and new renames, each alias pointing at the type's current name."""
    merged = {**aliases, **renamed}
    return {old: renamed.get(current, current) for old, current in merged.items()}
