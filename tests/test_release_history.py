"""Replaying the archive through `make update-spec`: the version moves as the verdicts say,
and no compatible update loses a name that `from venice_ai.types import X` takes."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator.config import load_config_file
from generator.diagnostics import Diagnostics
from generator.pipeline import read_api
from generator.release import ReleaseState, next_version, read_release, write_release
from generator.render.modules import exported_type_names
from scripts.spec_history import archive_order
from scripts.update_spec import update
from tests.project import ROOT, SHARED_SPECS, shared_spec_files

# Slow: reads and diffs every spec of the archive.
# `make test-fast` leaves it out; `make test` and CI run it.
pytestmark = pytest.mark.slow


def _importable(spec: Path, config: Path, aliases: dict[str, str]) -> set[str]:
    """What `types` exports for `spec`, and the kept aliases whose type is still there
    (worked out from the generator's views, not from the diff being checked)."""
    api = read_api(spec, load_config_file(config), Diagnostics())[0]
    exported = exported_type_names(api)
    return exported | {old for old, new in aliases.items() if new in exported}


def test_the_archive_replayed_through_update_spec(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    shared_spec_files()  # fails loudly without the archive
    root = tmp_path / "repo"
    shutil.copytree(ROOT / "specs", root / "specs")
    (root / "specs" / "spec-pin.toml").unlink()
    config = root / "specs" / "venice.toml"
    release = root / "specs" / "release.toml"
    write_release(release, ReleaseState("0.1.0"))
    entries = (root / "specs" / "CHANGELOG.md").read_text().count("\n## ")  # as committed
    sequence: list[str] = []
    lost: list[str] = []
    previous: set[str] | None = None
    for spec, _, _ in archive_order(SHARED_SPECS):
        before = read_release(release)
        result = update(str(spec), root, today="2026-12-01")
        after = read_release(release)
        names = _importable(spec, config, after.aliases)
        if result.report is not None:
            assert after.version == next_version(before.version, result.report.bump)
            gone = (previous or set()) - names
            sequence.append(f"{spec.name[:10]} {result.report.verdict[:4]} {after.version}")
            if result.report.verdict != "breaking" and gone:
                lost.append(f"{spec.name}: {sorted(gone)}")
        previous = names
    with capsys.disabled():
        print("\nversion after each update of the archive:\n  " + "\n  ".join(sequence))
    assert not lost, f"compatible updates lost importable names: {lost}"
    changelog = (root / "specs" / "CHANGELOG.md").read_text()
    assert changelog.count("\n## ") == len(sequence) + entries  # one entry per update
