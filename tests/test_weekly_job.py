"""The weekly workflow: its pull request text, and that every command it runs exists.

The workflow runs `make update-spec`, `make generate`, `make test` and
`scripts/pull_request.py`; the first two have their own tests (test_update_spec.py,
test_cli.py, test_golden.py). Here: the pull request composed from a real update, and the
workflow file checked against the Makefile and the scripts.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.pin import DOWNLOAD_DIR
from scripts import pull_request, update_spec
from tests.project import ROOT, SHARED_SPECS

# Slow: generates and diffs whole specs.
# `make test-fast` leaves it out; `make test` and CI run it.
pytestmark = pytest.mark.slow

WORKFLOW = ROOT / ".github" / "workflows" / "weekly-spec-update.yml"
OLD = SHARED_SPECS / "2026-08-11_476df95b.yaml"  # P10: /billing/usage retired
NEW = SHARED_SPECS / "2026-08-13_24e8429e.yaml"


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A scratch repository with the project's config, the archive beside it, no pin yet."""
    root = tmp_path / "repo"
    shutil.copytree(ROOT / "specs", root / "specs")
    (root / "specs" / "spec-pin.toml").unlink()
    (tmp_path / "shared").symlink_to(SHARED_SPECS.parent.parent)
    return root


def test_the_pull_request_carries_the_verdict_and_the_changelog(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert update_spec.main(["--source", str(OLD), "--root", str(repo)]) == 0
    assert update_spec.main(["--source", str(NEW), "--root", str(repo)]) == 0
    capsys.readouterr()
    outputs = repo / "github-output"
    args = ["--tests", "passed", "--root", str(repo), "--github-output", str(outputs)]
    assert pull_request.main(args) == 0
    lines = outputs.read_text().splitlines()
    assert lines == [
        "title=Venice spec 20260813.194314: 14 breaking changes",
        "verdict=breaking",
        "bump=major",
    ]
    assert capsys.readouterr().out.splitlines() == lines
    body = (repo / pull_request.BODY).read_text()
    assert "- verdict: **breaking**, suggested version bump: **major**" in body
    assert "- tests (`make test`): **passed**" in body
    assert body.endswith((repo / ".spec" / "CHANGES.md").read_text())
    assert "`client.billing.get_usage`: the endpoint is retired" in body


def test_failing_tests_and_a_missing_changelog_are_said_plainly(repo: Path) -> None:
    assert update_spec.main(["--source", str(NEW), "--root", str(repo)]) == 0  # first pin
    outputs, body = pull_request.compose(repo, "failed")
    assert outputs["title"] == "Venice spec 20260813.194314: changes not compared (tests fail)"
    assert outputs["verdict"] == "unknown"
    assert "No changelog: the previously pinned spec was not available" in body
    assert "**failed**" in body


def _workflow() -> dict[str, Any]:
    document: dict[str, Any] = yaml.safe_load(WORKFLOW.read_text())
    return document


def _run_commands() -> list[str]:
    steps = _workflow()["jobs"]["update"]["steps"]
    return [" ".join(step["run"].split()) for step in steps if "run" in step]


def test_the_workflow_runs_only_make_targets_that_exist() -> None:
    makefile = (ROOT / "Makefile").read_text()
    targets = set(re.findall(r"^([a-z][a-z-]*):", makefile, flags=re.MULTILINE))
    called = {t for command in _run_commands() for t in re.findall(r"\bmake ([a-z-]+)", command)}
    assert called == {"update-spec", "generate", "test"}
    assert called <= targets


def test_the_scripts_the_workflow_runs_start_the_way_it_starts_them() -> None:
    called = {s for command in _run_commands() for s in re.findall(r"scripts/\w+\.py", command)}
    assert called == {"scripts/pull_request.py"}
    for script in called:
        run = subprocess.run(
            [sys.executable, script, "--help"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=False,
        )
        assert run.returncode == 0, run.stderr


def test_the_workflow_uses_the_files_the_scripts_write() -> None:
    text = WORKFLOW.read_text()
    assert f"body-path: {pull_request.BODY}" in text
    assert f"path: {DOWNLOAD_DIR}" in text
    assert str(update_spec.CHANGES_MARKDOWN).startswith(str(DOWNLOAD_DIR))
    on = _workflow()[True]  # YAML 1.1 reads the `on:` key as a boolean; GitHub does not
    assert "schedule" in on and "workflow_dispatch" in on
