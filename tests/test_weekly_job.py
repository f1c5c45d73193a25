"""The weekly workflow: its pull request text, and that every command it runs exists.

The workflow runs `make update-spec`, `make generate`, `make test`, `make package`,
`scripts/pull_request.py` and `scripts/package_info.py`; most have their own tests
(test_update_spec.py, test_cli.py, test_golden.py, test_package.py, test_release.py). Here:
the pull request composed from a real update, and the workflow file checked against the
Makefile and the scripts.
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
    assert called == {"update-spec", "generate", "test", "package"}
    assert called <= targets


def test_the_scripts_the_workflow_runs_start_the_way_it_starts_them() -> None:
    called = {s for command in _run_commands() for s in re.findall(r"scripts/\w+\.py", command)}
    assert called == {"scripts/pull_request.py", "scripts/package_info.py"}
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


def _steps() -> list[dict[str, Any]]:
    steps: list[dict[str, Any]] = _workflow()["jobs"]["update"]["steps"]
    return steps


def _index(predicate: Any) -> int:
    return next(i for i, step in enumerate(_steps()) if predicate(step))


def test_the_artifacts_are_built_after_the_tests_and_attached_to_the_run() -> None:
    steps = _steps()
    tests = _index(lambda s: s.get("run") == "make test")
    build = _index(lambda s: s.get("run") == "make package")
    upload = _index(lambda s: str(s.get("uses", "")).startswith("actions/upload-artifact@"))
    assert tests < build < upload
    assert steps[build]["id"] == "package" and steps[build]["continue-on-error"] is True
    assert steps[upload]["with"]["path"] == "dist/"
    assert steps[upload]["if"] == "steps.package.outcome == 'success'"
    assert "steps.package.outcome == 'failure'" in steps[-1]["if"]  # the run still fails
    checkout = steps[0]
    assert checkout["uses"].startswith("actions/checkout@")
    assert checkout["with"]["fetch-depth"] == 0  # the epoch is the last commit to generated/


def test_the_pull_request_body_gets_the_version_bump_before_it_is_opened() -> None:
    steps = _steps()
    written = _index(lambda s: "scripts/pull_request.py" in s.get("run", ""))
    noted = _index(lambda s: "scripts/package_info.py" in s.get("run", ""))
    opened = _index(lambda s: str(s.get("uses", "")).startswith("peter-evans/create-pull"))
    assert written < noted < opened
    assert f"--pr-note {pull_request.BODY}" in steps[noted]["run"]
    assert steps[opened]["with"]["body-path"] == str(pull_request.BODY)
    assert "dist" not in steps[opened]["with"]["add-paths"]  # artifacts are not committed
