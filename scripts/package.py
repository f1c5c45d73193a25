"""Build the wheel and sdist of `generated/` into `dist/`, twice, and check them.

    python scripts/package.py [--src generated] [--out dist] [--root .]

`python -m build` makes the sdist, then the wheel from the sdist, with hatchling in an
isolated environment pinned by `scripts/build-constraints.txt`. A second build into a
temporary directory must give the same bytes (SHA-256); the contents are checked
(`scripts/artifacts.py`) and so is the metadata (`twine check --strict`). Prints each
artifact's name and SHA-256. Exit status 0 when all holds, 1 otherwise.

The timestamps inside the archives are `SOURCE_DATE_EPOCH`: the caller's when set, else
the commit time of the last commit that changed the source directory (`git log`), so that
a build of a given commit gives the same bytes on any machine and the dates say when the
code last changed; without git, 1980-01-01, the earliest date a zip file can hold.
The source is built from a copy outside the repository: hatchling puts the nearest
`.gitignore` above a project into its sdist, which would be the repository's.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from scripts.artifacts import problems, sha256

ROOT = Path(__file__).resolve().parent.parent
CONSTRAINTS = Path(__file__).resolve().with_name("build-constraints.txt")
FALLBACK_EPOCH = 315_532_800  # 1980-01-01T00:00:00Z
COPY_IGNORES = shutil.ignore_patterns("__pycache__", "*.py[cod]", ".*_cache", "dist", "build")


def source_date_epoch(root: Path, src: Path) -> tuple[int, str]:
    """The archives' timestamp and where it comes from (see the module docstring)."""
    if os.environ.get("SOURCE_DATE_EPOCH"):
        return int(os.environ["SOURCE_DATE_EPOCH"]), "SOURCE_DATE_EPOCH"
    try:
        run = subprocess.run(
            ["git", "log", "-1", "--format=%ct", "--", str(src.resolve())],
            cwd=root,
            capture_output=True,
            text=True,
            check=False,
        )
    except FileNotFoundError:  # no git on this machine
        return FALLBACK_EPOCH, "fixed (no git)"
    if run.returncode != 0 or not run.stdout.strip():
        return FALLBACK_EPOCH, "fixed (not in a git history)"
    return int(run.stdout.strip()), f"last commit to {src.name}/"


def build(src: Path, out: Path, epoch: int) -> tuple[Path, Path]:
    """Build `src` into the empty directory `out`; returns (wheel, sdist)."""
    env = {**os.environ, "SOURCE_DATE_EPOCH": str(epoch), "PIP_CONSTRAINT": str(CONSTRAINTS)}
    with tempfile.TemporaryDirectory(prefix="venice-package-") as tmp:
        staged = Path(tmp) / "src"
        shutil.copytree(src, staged, ignore=COPY_IGNORES)
        run = subprocess.run(
            [sys.executable, "-m", "build", "--outdir", str(out), str(staged)],
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
    if run.returncode != 0:
        raise SystemExit(f"python -m build failed:\n{run.stdout}{run.stderr}")
    wheels, sdists = sorted(out.glob("*.whl")), sorted(out.glob("*.tar.gz"))
    if len(wheels) != 1 or len(sdists) != 1:
        raise SystemExit(f"expected one wheel and one sdist in {out}, found {wheels + sdists}")
    return wheels[0], sdists[0]


def differences(first: list[Path], second: list[Path]) -> list[str]:
    """Artifacts of two builds that differ in name or bytes."""
    one = {p.name: sha256(p) for p in first}
    two = {p.name: sha256(p) for p in second}
    if one.keys() != two.keys():
        return [f"the builds made different files: {sorted(one)} and {sorted(two)}"]
    return [f"{name} differs between two builds" for name in sorted(one) if one[name] != two[name]]


def twine_check(files: list[Path]) -> list[str]:
    """`twine check --strict` of the artifacts: its report when it fails."""
    run = subprocess.run(
        [sys.executable, "-m", "twine", "check", "--strict", *map(str, files)],
        capture_output=True,
        text=True,
        check=False,
    )
    return [] if run.returncode == 0 else [f"twine check --strict:\n{run.stdout}{run.stderr}"]


def package(src: Path, out: Path, epoch: int) -> tuple[list[Path], list[str]]:
    """Build into `out` (emptied first) and again elsewhere; the artifacts and the problems."""
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    wheel, sdist = build(src, out, epoch)
    with tempfile.TemporaryDirectory(prefix="venice-package-again-") as again:
        rebuilt = build(src, Path(again), epoch)
        found = differences([wheel, sdist], list(rebuilt))
    found += problems(wheel, sdist)
    found += twine_check([sdist, wheel])
    return [sdist, wheel], found


def main(argv: list[str] | None = None) -> int:
    """Entry point."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--root", type=Path, default=ROOT, help="repository root")
    parser.add_argument("--src", type=Path, default=Path("generated"), help="under --root")
    parser.add_argument("--out", type=Path, default=Path("dist"), help="under --root")
    args = parser.parse_args(argv)
    src, out = args.root / args.src, args.root / args.out
    epoch, origin = source_date_epoch(args.root, src)
    print(f"SOURCE_DATE_EPOCH={epoch} ({origin})")
    files, found = package(src, out, epoch)
    for problem in found:
        print(f"error: {problem}", file=sys.stderr)
    if found:
        return 1
    print("reproducible: a second build gave the same bytes; twine check --strict passed")
    for path in files:
        shown = path.relative_to(args.root) if path.is_relative_to(args.root) else path
        print(f"{sha256(path)}  {shown}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
