"""`make package`: the wheel and sdist of generated/, reproducible, complete and clean.

The quick tests check the pieces of `scripts/package.py` and `scripts/artifacts.py` on
small made-up archives and repositories; the slow one builds the committed package twice
with `python -m build` (hatchling comes from the index) and reads what came out.
"""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
import tarfile
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import pytest

from scripts import package
from scripts.artifacts import members, problems
from tests.project import GENERATED, ROOT, tree_files

EPOCH = 1_700_000_000


def _wheel(path: Path, names: list[str]) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        for name in names:
            archive.writestr(name, "")
    return path


def _sdist(path: Path, names: list[str]) -> Path:
    with tarfile.open(path, "w:gz") as archive:
        for name in names:
            info = tarfile.TarInfo(f"pkg-1.0/{name}")
            archive.addfile(info, io.BytesIO(b""))
    return path


PACKAGE_FILES = ["pkg/__init__.py", "pkg/py.typed", "pkg/_client.py"]
SDIST_TOP = ["pyproject.toml", "PKG-INFO", "README.md"]


def test_a_complete_clean_pair_has_no_problems(tmp_path: Path) -> None:
    wheel = _wheel(
        tmp_path / "pkg-1.0-py3-none-any.whl", [*PACKAGE_FILES, "pkg-1.0.dist-info/METADATA"]
    )
    sdist = _sdist(tmp_path / "pkg-1.0.tar.gz", [*PACKAGE_FILES, *SDIST_TOP])
    assert members(sdist) == sorted([*PACKAGE_FILES, *SDIST_TOP])
    assert problems(wheel, sdist) == []


def test_caches_hidden_files_and_missing_files_are_problems(tmp_path: Path) -> None:
    wheel = _wheel(
        tmp_path / "pkg-1.0-py3-none-any.whl",
        ["pkg/__init__.py", "pkg/__pycache__/x.cpython-311.pyc", "pkg-1.0.dist-info/METADATA"],
    )
    sdist = _sdist(tmp_path / "pkg-1.0.tar.gz", ["pkg/__init__.py", ".gitignore", "PKG-INFO"])
    found = problems(wheel, sdist)
    assert "pkg-1.0-py3-none-any.whl: pkg/py.typed is missing" in found
    assert "pkg-1.0.tar.gz: README.md is missing" in found
    assert "pkg-1.0.tar.gz: pyproject.toml is missing" in found
    assert "pkg-1.0.tar.gz: unwanted .gitignore" in found
    assert "pkg-1.0-py3-none-any.whl: unwanted pkg/__pycache__/x.cpython-311.pyc" in found
    assert any(p.startswith("pkg/ differs in the sdist and the wheel") for p in found)


def test_two_builds_that_differ_are_reported(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    (tmp_path / "a" / "x.whl").write_bytes(b"1")
    (tmp_path / "b" / "x.whl").write_bytes(b"2")
    assert package.differences([tmp_path / "a" / "x.whl"], [tmp_path / "a" / "x.whl"]) == []
    assert package.differences([tmp_path / "a" / "x.whl"], [tmp_path / "b" / "x.whl"]) == [
        "x.whl differs between two builds"
    ]


def _git(cwd: Path, *args: str, date: str = "2024-05-06T07:08:09+00:00") -> None:
    env = {"GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date, "HOME": str(cwd)}
    env |= {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@t", "GIT_COMMITTER_NAME": "t"}
    env |= {"GIT_COMMITTER_EMAIL": "t@t", "PATH": "/usr/bin:/bin:/usr/local/bin"}
    subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True)


def test_the_epoch_is_the_last_commit_to_the_source(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    (tmp_path / "generated").mkdir()
    (tmp_path / "generated" / "a.py").write_text("")
    _git(tmp_path, "init", "-q")
    _git(tmp_path, "add", ".")
    _git(tmp_path, "commit", "-q", "-m", "one")
    (tmp_path / "other.txt").write_text("")
    _git(tmp_path, "add", ".")
    _git(tmp_path, "commit", "-q", "-m", "two", date="2025-01-01T00:00:00+00:00")
    epoch, origin = package.source_date_epoch(tmp_path, tmp_path / "generated")
    assert datetime.fromtimestamp(epoch, UTC).isoformat() == "2024-05-06T07:08:09+00:00"
    assert origin == "last commit to generated/"


def test_the_callers_epoch_wins_and_no_git_history_gives_the_fixed_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1234567890")
    assert package.source_date_epoch(ROOT, GENERATED) == (1234567890, "SOURCE_DATE_EPOCH")
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    assert package.source_date_epoch(tmp_path, tmp_path)[0] == package.FALLBACK_EPOCH


def test_make_package_runs_the_script_and_dist_is_ignored() -> None:
    makefile = (ROOT / "Makefile").read_text()
    assert re.search(r"^package: setup\n\t\$\(BIN\)/python scripts/package.py$", makefile, re.M)
    assert "dist/" in (ROOT / ".gitignore").read_text().splitlines()


@pytest.mark.slow
def test_the_committed_package_builds_reproducibly_with_exactly_its_files(tmp_path: Path) -> None:
    out = tmp_path / "dist"
    command = [sys.executable, "scripts/package.py", "--out", str(out)]
    env = {**os.environ, "SOURCE_DATE_EPOCH": str(EPOCH)}
    run = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    assert run.returncode == 0, run.stdout + run.stderr
    sdist, wheel = sorted(out.glob("*.tar.gz")), sorted(out.glob("*.whl"))
    assert len(sdist) == len(wheel) == 1
    printed = run.stdout.splitlines()
    assert "reproducible: a second build gave the same bytes" in run.stdout
    assert printed[-2:] == [f"{package.sha256(p)}  {p}" for p in (*sdist, *wheel)]
    source = {f"venice_ai/{name}" for name in tree_files(GENERATED / "venice_ai")}
    top = {name for name in ("API.md", "CHANGELOG.md") if (GENERATED / name).exists()}
    assert set(members(sdist[0])) == source | top | {"README.md", "pyproject.toml", "PKG-INFO"}
    with zipfile.ZipFile(wheel[0]) as archive:
        assert {n for n in archive.namelist() if n.startswith("venice_ai/")} == source
        stamp = datetime(*archive.infolist()[0].date_time, tzinfo=UTC)
    assert stamp == datetime.fromtimestamp(EPOCH, UTC)
