"""The committed generated/ is exactly what the generator makes from the pinned spec.

Refresh it after an intended change with `UPDATE_GOLDEN=1 make check` (or `make generate`),
then review the diff like any other code change.
"""

from __future__ import annotations

import difflib
import os
import shutil
from pathlib import Path

from tests.project import GENERATED, generate_pinned, tree_files

_MAX_DIFF_LINES = 400


def test_generated_tree_matches_the_generator(tmp_path: Path) -> None:
    fresh = tmp_path / "generated"
    generate_pinned(fresh)
    if os.environ.get("UPDATE_GOLDEN"):
        shutil.rmtree(GENERATED, ignore_errors=True)
        shutil.copytree(fresh, GENERATED)
    expected, actual = tree_files(GENERATED), tree_files(fresh)
    problems: list[str] = []
    for missing in sorted(set(actual) - set(expected)):
        problems.append(f"generated/{missing} is missing from the committed tree")
    for extra in sorted(set(expected) - set(actual)):
        problems.append(f"generated/{extra} is committed but no longer generated")
    for name in sorted(set(expected) & set(actual)):
        if expected[name] != actual[name]:
            problems.extend(
                difflib.unified_diff(
                    expected[name].decode().splitlines(),
                    actual[name].decode().splitlines(),
                    f"committed/{name}",
                    f"regenerated/{name}",
                    lineterm="",
                    n=2,
                )
            )
    if problems:
        shown = "\n".join(problems[:_MAX_DIFF_LINES])
        more = len(problems) - _MAX_DIFF_LINES
        raise AssertionError(
            "generated/ differs from what the generator makes now "
            f"(refresh with `UPDATE_GOLDEN=1 make check` and review the diff):\n{shown}"
            + (f"\n... {more} more lines" if more > 0 else "")
        )
