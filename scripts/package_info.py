"""The generated package's name and version, for the weekly pull request and the release.

    python scripts/package_info.py                      # prints: venice-ai-client 0.1.0
    python scripts/package_info.py --tag v0.1.0         # exit 1 unless the tag is v<version>
    python scripts/package_info.py --pr-note FILE [--previous-ref HEAD] [--dist dist]
        [--build passed|failed] [--artifacts-url URL]

`--pr-note` appends a "Package" section to FILE (the weekly job's pull request body): the
version before (`generated/pyproject.toml` at `--previous-ref`) and now, and the built
artifacts with their SHA-256 and where the workflow run keeps them.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tomllib
from pathlib import Path

from scripts.artifacts import sha256

PYPROJECT = Path("generated") / "pyproject.toml"


def name_and_version(pyproject_text: str) -> tuple[str, str]:
    """`[project]` name and version of a pyproject.toml."""
    project = tomllib.loads(pyproject_text)["project"]
    return str(project["name"]), str(project["version"])


def previous_version(root: Path, ref: str) -> str | None:
    """The version `generated/pyproject.toml` had at the git `ref`, if it existed then."""
    run = subprocess.run(
        ["git", "show", f"{ref}:{PYPROJECT.as_posix()}"],
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
    )
    return name_and_version(run.stdout)[1] if run.returncode == 0 else None


def tag_problem(tag: str, version: str) -> str | None:
    """Why `tag` cannot release `version` (None when it is `v<version>`)."""
    if tag.removeprefix("refs/tags/") == f"v{version}":
        return None
    return f"tag {tag!r} does not match the generated package's version: expected 'v{version}'"


def pr_note(
    name: str, versions: tuple[str | None, str], dist: Path, build: str, url: str | None
) -> str:
    """The pull request's section on the package."""
    before, now = versions
    if before is None:
        bump = f"`{name}` **{now}** (no earlier version to compare with)"
    elif before == now:
        bump = f"`{name}` **{now}**, unchanged: this pull request does not bump it"
    else:
        bump = f"`{name}` **{before} → {now}**"
    lines = ["", "## Package", "", f"- version: {bump}", f"- build (`make package`): **{build}**"]
    artifacts = sorted([*dist.glob("*.tar.gz"), *dist.glob("*.whl")]) if build == "passed" else []
    if artifacts:
        where = f"[this run's artifacts]({url})" if url else "the workflow run's artifacts"
        lines += [f"- artifacts, attached to {where} as `dist`:", ""]
        lines += [f"  - `{path.name}` sha256 `{sha256(path)}`" for path in artifacts]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    """Entry point."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--root", type=Path, default=Path(), help="repository root")
    parser.add_argument("--tag", help="check that this tag releases the generated version")
    parser.add_argument("--pr-note", type=Path, help="append the package section to this file")
    parser.add_argument("--previous-ref", default="HEAD", help="git ref of the old version")
    parser.add_argument("--dist", type=Path, default=Path("dist"), help="built artifacts")
    parser.add_argument("--build", choices=("passed", "failed"), default="passed")
    parser.add_argument("--artifacts-url", help="where the run's artifacts can be downloaded")
    args = parser.parse_args(argv)
    name, version = name_and_version((args.root / PYPROJECT).read_text(encoding="utf-8"))
    print(f"{name} {version}")
    if args.tag is not None and (problem := tag_problem(args.tag, version)):
        print(f"error: {problem}", file=sys.stderr)
        return 1
    if args.pr_note is not None:
        versions = (previous_version(args.root, args.previous_ref), version)
        note = pr_note(name, versions, args.root / args.dist, args.build, args.artifacts_url)
        with (args.root / args.pr_note).open("a", encoding="utf-8") as body:
            body.write(note)
    return 0


if __name__ == "__main__":
    sys.exit(main())
