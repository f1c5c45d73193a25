"""The package version follows the API: spec updates move it by the verdict, generator
changes by a pending patch; renamed types keep their old names; the package says which
API it was generated from."""

from __future__ import annotations

import importlib
import shutil
import sys
import textwrap
import warnings
from dataclasses import replace
from pathlib import Path

import pytest

from generator.cli import main as cli_main
from generator.release import ReleaseState, next_version, read_release, write_release
from scripts.generate import prepend_entry, retitle_entry, settle
from scripts.update_spec import update
from tests.project import ROOT
from tests.spec_builders import spec_text


@pytest.mark.parametrize(
    ("version", "bump", "expected"),
    [
        # Before 1.0: a breaking change moves the minor number, anything else the patch.
        ("0.3.2", "major", "0.4.0"),
        ("0.3.2", "minor", "0.3.3"),
        ("0.3.2", "patch", "0.3.3"),
        ("0.0.7", "major", "0.1.0"),
        # From 1.0: SemVer.
        ("1.4.2", "major", "2.0.0"),
        ("1.4.2", "minor", "1.5.0"),
        ("1.4.2", "patch", "1.4.3"),
    ],
)
def test_next_version(version: str, bump: str, expected: str) -> None:
    assert next_version(version, bump) == expected  # type: ignore[arg-type]


def test_a_version_that_is_not_semantic_is_refused() -> None:
    with pytest.raises(ValueError, match=r"MAJOR\.MINOR\.PATCH"):
        next_version("1.0", "patch")


def test_the_release_file_round_trips_and_aliases_follow_renames(tmp_path: Path) -> None:
    state = ReleaseState("0.2.0", "20260101", "ab" * 32, "cd" * 32, True, {"A": "B"})
    later = state.with_aliases({"B": "C"})
    assert later.aliases == {"A": "C", "B": "C"}
    write_release(tmp_path / "release.toml", later)
    assert read_release(tmp_path / "release.toml") == later


def test_a_broken_release_file_is_reported_for_people(tmp_path: Path) -> None:
    (tmp_path / "release.toml").write_text('[release]\nversion = "one"\n')
    with pytest.raises(Exception, match="release file cannot be read"):
        read_release(tmp_path / "release.toml")


def test_a_changed_generator_moves_the_patch_once_per_release() -> None:
    spec = "s" * 64
    recorded = ReleaseState("0.4.1", "v", spec, content_sha256="old")
    unchanged, new_entry = settle(recorded, "old", spec, "patch")
    assert (unchanged, new_entry) == (recorded, False)
    changed, new_entry = settle(recorded, "new", spec, "patch")
    assert (changed.version, changed.pending, new_entry) == ("0.4.2", True, True)
    # Another change before the release joins the pending one.
    again, new_entry = settle(changed, "newer", spec, "patch")
    assert (again.version, again.content_sha256, new_entry) == ("0.4.2", "newer", False)
    # A bigger bump before the release raises the pending version, counted from 0.4.1.
    assert again.released == "0.4.1"
    raised, new_entry = settle(again, "newer", spec, "major")
    assert (raised.version, raised.pending, new_entry) == ("0.5.0", True, False)
    assert settle(raised, "newest", spec, "major")[0].version == "0.5.0"  # not twice
    assert settle(raised, "newest", spec, "patch")[0].version == "0.5.0"  # never down
    # After `make release`, the next change moves the version again.
    released = ReleaseState("0.4.2", "v", spec, content_sha256="newer")
    assert settle(released, "newest", spec, "minor")[0].version == "0.4.3"
    # The first generation after a spec update only records what it made.
    fresh = ReleaseState("0.5.0", "v2", spec, content_sha256="")
    assert settle(fresh, "x", spec, "patch") == (ReleaseState("0.5.0", "v2", spec, "x"), False)


def test_the_released_base_survives_the_release_file() -> None:
    state = ReleaseState("0.4.2", "v", "s" * 64, "d", pending=True, released="0.4.1")
    assert 'released = "0.4.1"' in state.to_toml()
    assert "released" not in replace(state, pending=False).to_toml()


def test_a_raised_pending_release_retitles_its_changelog_entry() -> None:
    text = "# Changelog\n\n## 0.4.2 (2026-01-02)\n\nGen.\n\n## 0.4.1 (2026-01-01)\n\nOld.\n"
    raised = retitle_entry(text, "0.4.2", "0.5.0")
    assert raised == text.replace("## 0.4.2 ", "## 0.5.0 ")


def test_changelog_entries_go_first() -> None:
    text = "# Changelog\n\nIntro.\n\n## 0.1.0 (2026-01-01)\n\nFirst.\n"
    new = prepend_entry(text, "## 0.1.1 (2026-02-01)\n\nSecond.\n")
    assert new.index("0.1.1") < new.index("0.1.0") and new.startswith("# Changelog\n\nIntro.")


SPEC_V1 = """
paths:
  /things:
    get:
      operationId: listThings
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Thing'}
        "400":
          description: bad
          content:
            application/json:
              schema: {type: object, properties: {error: {type: string}}}
components:
  schemas:
    Thing:
      type: object
      description: A thing.
      properties:
        id: {type: string}
"""


def _repo(tmp_path: Path) -> Path:
    """A scratch repository with a config that keeps a release file and a changelog."""
    root = tmp_path / "repo"
    (root / "specs").mkdir(parents=True)
    (root / "specs" / "venice.toml").write_text(
        '[package]\nrelease = "release.toml"\nchangelog = "CHANGELOG.md"\n'
    )
    write_release(root / "specs" / "release.toml", ReleaseState("0.1.0"))
    (root / "specs" / "CHANGELOG.md").write_text("# Changelog\n\n## 0.1.0 (2026-01-01)\n")
    return root


def _step(root: Path, tmp_path: Path, body: str, version: str) -> tuple[str, str] | None:
    spec = tmp_path / f"spec-{version}.yaml"
    spec.write_text(spec_text(body).replace("version: '1'", f"version: '{version}'"))
    return update(str(spec), root, today="2026-12-01").version


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ("      description: A thing.", "0.1.1"),  # docs only: patch
        ("        id: {type: string}", "0.1.1"),  # a field added: compatible (0.x: patch)
        ("    Thing:", "0.2.0"),  # a type renamed and changed: breaking (0.x: minor)
    ],
)
def test_a_spec_update_moves_the_version_by_its_verdict(
    tmp_path: Path, change: str, expected: str
) -> None:
    root = _repo(tmp_path)
    assert _step(root, tmp_path, SPEC_V1, "1") is None  # the first pin: nothing to compare
    replacement = {
        "      description: A thing.": "      description: A thing, said better.",
        "        id: {type: string}": "        id: {type: string}\n        size: {type: integer}",
        "    Thing:": "    Item:",
    }[change]
    body = SPEC_V1.replace(change, replacement)
    if change == "    Thing:":
        body = body.replace("schemas/Thing", "schemas/Item").replace("        id:", "        key:")
    assert _step(root, tmp_path, body, "2") == ("0.1.0", expected)
    state = read_release(root / "specs" / "release.toml")
    assert (state.version, state.api_version, state.pending) == (expected, "2", False)
    changelog = (root / "specs" / "CHANGELOG.md").read_text()
    assert changelog.index(f"## {expected} (2026-12-01)") < changelog.index("## 0.1.0")
    if expected == "0.2.0":
        assert changelog.index("### Breaking changes") < changelog.index("### Other changes")


def test_a_renamed_type_keeps_its_old_name_as_a_deprecated_alias(tmp_path: Path) -> None:
    root = _repo(tmp_path)
    _step(root, tmp_path, SPEC_V1, "1")
    renamed = SPEC_V1.replace("    Thing:", "    Item:").replace("schemas/Thing", "schemas/Item")
    assert _step(root, tmp_path, renamed, "2") == ("0.1.0", "0.1.1")  # compatible: patch
    assert read_release(root / "specs" / "release.toml").aliases == {"Thing": "Item"}
    spec = tmp_path / "spec-2.yaml"
    out = tmp_path / "out"
    config = root / "specs" / "venice.toml"
    package = "renamed_types_pkg"
    args = ["generate", "--spec", str(spec), "--out", str(out), "--config", str(config)]
    assert cli_main([*args, "--package-name", package, "-q"]) == 0
    sys.path.insert(0, str(out))
    types = importlib.import_module(f"{package}.types")
    with pytest.warns(DeprecationWarning, match="Thing was renamed Item"):
        old = types.Thing
    assert old is types.Item
    assert "Thing" not in types.__all__
    init = (out / package / "types" / "__init__.py").read_text()
    assert "from .things import Item as Thing" in init  # what type checkers see
    assert (out / "CHANGELOG.md").read_text().startswith("# Changelog")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert types.Item.__name__ == "Item"


def test_the_package_says_which_api_and_spec_it_was_made_from() -> None:
    import venice_ai

    pin = (ROOT / "specs" / "spec-pin.toml").read_text()
    release = read_release(ROOT / "specs" / "release.toml")
    assert venice_ai.__version__ == release.version
    assert f'info_version = "{venice_ai.__api_version__}"' in pin
    assert f'sha256 = "{venice_ai.__spec_sha256__}"' in pin
    assert textwrap.dedent(release.spec_sha256) == venice_ai.__spec_sha256__


@pytest.mark.slow  # generates the pinned spec three times
def test_make_generate_moves_the_version_when_the_generator_changed_the_package(
    tmp_path: Path,
) -> None:
    from dataclasses import replace

    from scripts.generate import run

    root = tmp_path / "repo"
    shutil.copytree(ROOT / "specs", root / "specs")
    (tmp_path / "shared").symlink_to((ROOT / ".." / "shared").resolve())  # the pinned spec
    release = root / "specs" / "release.toml"
    committed = read_release(release)
    write_release(release, ReleaseState("0.1.0", committed.api_version, committed.spec_sha256))
    assert run(root, "patch", "2026-12-02") == "version 0.1.0"  # first generation: no bump
    assert read_release(release).content_sha256
    # As if generated/ had been made by an older generator: a different digest recorded.
    write_release(release, replace(read_release(release), content_sha256="0" * 64))
    said = run(root, "patch", "2026-12-02")
    assert said == "the generator changed the package: version 0.1.0 -> 0.1.1"
    state = read_release(release)
    assert (state.version, state.pending) == ("0.1.1", True)
    assert 'version = "0.1.1"' in (root / "generated" / "pyproject.toml").read_text()
    changelog = (root / "generated" / "CHANGELOG.md").read_text()
    assert changelog.index("## 0.1.1 (2026-12-02)") < changelog.index("## 0.1.0")
    assert "Regenerated by a changed venice-codegen" in changelog
