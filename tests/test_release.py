"""The release workflow and `scripts/package_info.py`, which it and the weekly job run.

The workflow cannot run here (it needs GitHub and the index's trusted publishing); its
file is read instead: a `v*` tag triggers it, the tag must name the generated version, the
build is `make package`, and only the publishing job, in the `pypi` environment, may ask
for an OpenID Connect token.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from scripts import package_info
from tests.project import GENERATED, ROOT

WORKFLOW = ROOT / ".github" / "workflows" / "release.yml"


def _workflow() -> dict[str, Any]:
    document: dict[str, Any] = yaml.safe_load(WORKFLOW.read_text())
    return document


def _uses(steps: list[dict[str, Any]], action: str) -> dict[str, Any]:
    return next(s for s in steps if str(s.get("uses", "")).startswith(f"{action}@"))


def test_a_version_tag_starts_it_and_only_publishing_gets_a_token() -> None:
    workflow = _workflow()
    assert workflow[True] == {"push": {"tags": ["v*"]}}  # YAML 1.1 reads `on:` as True
    assert workflow["permissions"] == {"contents": "read"}
    build, publish = workflow["jobs"]["build"], workflow["jobs"]["publish"]
    assert "permissions" not in build
    assert publish["needs"] == "build"
    assert publish["permissions"] == {"id-token": "write"}
    assert publish["environment"]["name"] == "pypi"


def test_the_build_checks_the_tag_then_runs_make_package() -> None:
    steps = _workflow()["jobs"]["build"]["steps"]
    runs = [step["run"] for step in steps if "run" in step]
    assert runs == [
        "make setup",
        '.venv/bin/python scripts/package_info.py --tag "$GITHUB_REF_NAME"',
        "make package",
    ]
    assert _uses(steps, "actions/checkout")["with"]["fetch-depth"] == 0
    uploaded = _uses(steps, "actions/upload-artifact")["with"]
    assert uploaded["path"] == "dist/"


def test_publishing_uploads_what_the_build_attached() -> None:
    steps = _workflow()["jobs"]["publish"]["steps"]
    downloaded = _uses(steps, "actions/download-artifact")["with"]
    uploaded = _uses(_workflow()["jobs"]["build"]["steps"], "actions/upload-artifact")["with"]
    assert downloaded == {"name": uploaded["name"], "path": "dist/"}
    publish = _uses(steps, "pypa/gh-action-pypi-publish")
    assert "with" not in publish, "trusted publishing needs no token or password"
    assert steps[-1] is publish


def test_the_readme_says_what_to_set_up_for_releases() -> None:
    readme = (ROOT / "README.md").read_text()
    for needed in ("release.yml", "trusted publisher", "`pypi`", "venice-ai-client", "`v"):
        assert needed in readme, needed


def test_the_tag_must_be_v_and_the_version() -> None:
    assert package_info.tag_problem("v1.2.0", "1.2.0") is None
    assert package_info.tag_problem("refs/tags/v1.2.0", "1.2.0") is None
    assert package_info.tag_problem("1.2.0", "1.2.0") is not None
    assert package_info.tag_problem("v1.2", "1.2.0") is not None


def test_the_script_reads_the_committed_version_and_rejects_a_wrong_tag() -> None:
    name, version = package_info.name_and_version((GENERATED / "pyproject.toml").read_text())
    assert name == "venice-ai-client"
    ok, bad = (
        subprocess.run(
            [sys.executable, "scripts/package_info.py", "--tag", tag],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=False,
        )
        for tag in (f"v{version}", "v0.0.0-no")
    )
    assert ok.returncode == 0 and ok.stdout == f"{name} {version}\n"
    assert bad.returncode == 1 and f"expected 'v{version}'" in bad.stderr


@pytest.mark.parametrize(
    ("before", "said"),
    [
        ("0.1.0", "`venice-ai-client` **0.1.0 → 0.2.0**"),
        ("0.2.0", "`venice-ai-client` **0.2.0**, unchanged: this pull request does not bump it"),
        (None, "`venice-ai-client` **0.2.0** (no earlier version to compare with)"),
    ],
)
def test_the_pull_request_note_says_the_bump(tmp_path: Path, before: str | None, said: str) -> None:
    (tmp_path / "pkg-0.2.0.tar.gz").write_bytes(b"sdist")
    (tmp_path / "pkg-0.2.0-py3-none-any.whl").write_bytes(b"wheel")
    note = package_info.pr_note("venice-ai-client", (before, "0.2.0"), tmp_path, "passed", "U")
    assert f"- version: {said}" in note
    assert "- build (`make package`): **passed**" in note
    assert "attached to [this run's artifacts](U) as `dist`" in note
    digest = package_info.sha256(tmp_path / "pkg-0.2.0-py3-none-any.whl")
    assert f"  - `pkg-0.2.0-py3-none-any.whl` sha256 `{digest}`" in note


def test_a_failed_build_lists_no_artifacts(tmp_path: Path) -> None:
    (tmp_path / "pkg-0.2.0.tar.gz").write_bytes(b"stale")
    note = package_info.pr_note("p", ("0.1.0", "0.2.0"), tmp_path, "failed", None)
    assert "**failed**" in note and "sha256" not in note


def test_the_previous_version_comes_from_git(tmp_path: Path) -> None:
    committed = package_info.previous_version(ROOT, "HEAD")
    assert committed is not None and committed.count(".") >= 1
    assert package_info.previous_version(tmp_path, "HEAD") is None  # not a repository
