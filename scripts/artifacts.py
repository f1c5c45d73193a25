"""What a built wheel and sdist hold, and whether that is what they should hold.

Both must carry the whole package with its `py.typed` (the wheel is built from the sdist,
so a file missing from the sdist is missing from the wheel too); the sdist also needs
`pyproject.toml`, `PKG-INFO` and the README. Neither may carry bytecode, caches, hidden
files (a `.gitignore` picked up from the repository) or the generator's marker file.
"""

from __future__ import annotations

import hashlib
import tarfile
import zipfile
from pathlib import Path, PurePosixPath

SDIST_FILES = frozenset({"pyproject.toml", "PKG-INFO", "README.md"})
"""Files every sdist must have at its top."""


def sha256(path: Path) -> str:
    """The SHA-256 of a file, in hex."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def members(path: Path) -> list[str]:
    """The files in a wheel, or in an sdist relative to its top directory, sorted."""
    if path.name.endswith(".whl"):
        with zipfile.ZipFile(path) as wheel:
            return sorted(n for n in wheel.namelist() if not n.endswith("/"))
    with tarfile.open(path, "r:gz") as sdist:
        names = [m.name for m in sdist.getmembers() if m.isfile()]
    return sorted(str(PurePosixPath(*PurePosixPath(n).parts[1:])) for n in names)


def _unwanted(name: str) -> bool:
    parts = PurePosixPath(name).parts
    return (
        "__pycache__" in parts
        or name.endswith((".pyc", ".pyo"))
        or any(part.startswith(".") for part in parts)
    )


def _packages(wheel_files: list[str]) -> set[str]:
    """The top-level import packages of a wheel (its directories with an `__init__.py`)."""
    return {
        name.split("/")[0]
        for name in wheel_files
        if name.count("/") == 1 and name.endswith("/__init__.py")
    }


def problems(wheel: Path, sdist: Path) -> list[str]:
    """What is wrong with the contents of a wheel and the sdist it was built from."""
    wheel_files, sdist_files = members(wheel), members(sdist)
    found = [f"{wheel.name}: no package in it"] if not _packages(wheel_files) else []
    for package in sorted(_packages(wheel_files)):
        if f"{package}/py.typed" not in wheel_files:
            found.append(f"{wheel.name}: {package}/py.typed is missing")
        in_wheel = {n for n in wheel_files if n.startswith(f"{package}/")}
        in_sdist = {n for n in sdist_files if n.startswith(f"{package}/")}
        if in_wheel != in_sdist:
            found.append(f"{package}/ differs in the sdist and the wheel: {in_wheel ^ in_sdist}")
    missing = sorted(SDIST_FILES - set(sdist_files))
    found += [f"{sdist.name}: {name} is missing" for name in missing]
    for archive, files in ((wheel, wheel_files), (sdist, sdist_files)):
        found += [f"{archive.name}: unwanted {name}" for name in files if _unwanted(name)]
    return found
