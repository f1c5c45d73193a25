"""Stage 6: format the rendered files with ruff and put them in place atomically.

Files are written to a staging directory beside the output, formatted there, and then
swapped with the output directory in one `renameat2(RENAME_EXCHANGE)` call, so a failed
or killed run leaves the previous output exactly as it was. Where that call is missing
(not Linux), two renames are used and a run killed between them is repaired by the next.

Each output holds a marker file; a directory without one that is not empty is refused,
so that `--out .` or a mistyped path cannot wipe a project.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from ruff.__main__ import find_ruff_bin

from generator.diagnostics import Code, GeneratorError

_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def format_tree(root: Path) -> None:
    """Sort imports and format every Python file under `root` with the pinned ruff."""
    ruff = os.fsdecode(find_ruff_bin())
    for args in (
        ["check", "--fix", "--select", "I,F401,RUF022", "--exit-zero", "--quiet"],
        ["format"],
    ):
        result = subprocess.run(
            [ruff, *args, "--no-cache", "."],
            cwd=root,
            capture_output=True,
            text=True,
            check=False,
        )
        if result.returncode != 0:
            raise GeneratorError.single(
                Code.FORMAT_FAILED,
                f"ruff {args[0]} failed on the generated code: "
                f"{(result.stderr or result.stdout).strip()[:2000]}",
                hint="this is a bug in venice-codegen's templates; please report it",
            )


MARKER = ".venice-codegen"
MARKER_TEXT = "venice-codegen writes this directory; every run replaces all of it.\n"


def write_output(files: dict[str, str], out_dir: Path, *, format_code: bool = True) -> None:
    """Replace `out_dir` with exactly `files` (relative path -> text), plus `MARKER`.

    A directory that exists must be empty or hold the marker of an earlier run: anything
    else (a project, `.`) is refused rather than replaced.
    """
    out_dir = out_dir.resolve()
    try:
        out_dir.parent.mkdir(parents=True, exist_ok=True)
        recover_interrupted_swap(out_dir)
        _check_replaceable(out_dir)
        staging = Path(
            tempfile.mkdtemp(prefix=f".{out_dir.name}.new-{os.getpid()}-", dir=out_dir.parent)
        )
    except OSError as exc:
        raise GeneratorError.single(
            Code.OUTPUT_UNWRITABLE,
            f"cannot write the output to {out_dir}: {exc.strerror or exc}",
            hint="pass --out a directory you can write to",
        ) from None
    try:
        staging.chmod(0o777 & ~_umask())  # mkdtemp makes it private; an output is not
        files = {**files, MARKER: MARKER_TEXT}
        for relative, text in sorted(files.items()):
            path = staging / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            # Spec text reaches Markdown files as it is; a lone surrogate cannot be UTF-8.
            path.write_text(text, encoding="utf-8", errors="replace", newline="\n")
        if format_code:
            format_tree(staging)
        _swap(staging, out_dir)
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)


def _check_replaceable(out_dir: Path) -> None:
    if not out_dir.exists() or (out_dir / MARKER).is_file():
        return
    if out_dir.is_dir() and not any(out_dir.iterdir()):
        return
    what = "holds files venice-codegen did not write" if out_dir.is_dir() else "is a file"
    raise GeneratorError.single(
        Code.OUTPUT_NOT_GENERATED,
        f"{out_dir} {what}; it is left as it is",
        hint="pass --out a new or empty directory, or one an earlier run generated",
    )


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _swap(staging: Path, out_dir: Path) -> None:
    if not out_dir.exists():
        staging.rename(out_dir)
        return
    if _exchange(staging, out_dir):
        return  # staging now holds the old output and is removed by the caller
    backup = out_dir.with_name(f".{out_dir.name}.old")
    if backup.exists():
        shutil.rmtree(backup)
    out_dir.rename(backup)
    staging.rename(out_dir)
    shutil.rmtree(backup, ignore_errors=True)


def recover_interrupted_swap(out_dir: Path) -> None:
    """Put back the output a run killed between its two renames left as a backup."""
    backup = out_dir.with_name(f".{out_dir.name}.old")
    if backup.exists() and not out_dir.exists():
        backup.rename(out_dir)
    for stale in out_dir.parent.glob(f".{out_dir.name}.new-*"):
        if not _running(stale.name.removeprefix(f".{out_dir.name}.new-").split("-")[0]):
            shutil.rmtree(stale, ignore_errors=True)


def _running(pid: str) -> bool:
    """Whether the run that made a staging directory (by its process id) is still going."""
    if not pid.isdigit() or int(pid) == os.getpid():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # alive, and someone else's
        pass
    return True


def _exchange(a: Path, b: Path) -> bool:
    """Atomically swap two paths with renameat2; False if the system cannot."""
    libc_name = ctypes.util.find_library("c")
    if libc_name is None:
        return False
    libc = ctypes.CDLL(libc_name, use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is None:
        return False
    result = renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    return bool(result == 0)
