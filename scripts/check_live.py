"""Would the live Venice spec change the client? Fetch it, generate from it, compare.

    python scripts/check_live.py [--source URL-or-PATH] [--root DIR]

The spec is fetched into a temporary directory and the client generated there with the
project's config; the pin, `.spec/` and `generated/` are left alone. Prints which files of
`generated/` would change, then the diff report from the pinned spec to the live one.
Exit status: 0 when `generated/` would stay the same, 1 when it would change, 2 when the
live spec could not be fetched or the generator cannot read it.
"""

from __future__ import annotations

import hashlib
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from generator.config import Config
from generator.diagnostics import Diagnostics, GeneratorError
from generator.diff import Report, diff_apis
from generator.pin import PIN_FILE, read_pin, resolve_pinned_spec
from generator.pipeline import generate
from scripts.update_spec import (
    fetch,
    print_unusable,
    project_config,
    read_spec_api,
    source_arguments,
    spec_suffix,
)

GENERATED = Path("generated")
SHOWN_FILES = 30


@dataclass(frozen=True)
class LiveCheck:
    """What the live spec would do to the repository."""

    version: str
    sha256: str
    files: tuple[tuple[str, str], ...]
    """(`changed` | `added` | `removed`, path under generated/), sorted by path."""
    report: Report | None
    note: str = ""


def tree(directory: Path) -> dict[str, bytes]:
    """Every file under `directory` by relative path (bytecode caches left out)."""
    if not directory.is_dir():
        return {}
    return {
        path.relative_to(directory).as_posix(): path.read_bytes()
        for path in directory.rglob("*")
        if path.is_file() and "__pycache__" not in path.parts
    }


def compare_trees(current: Path, candidate: Path) -> tuple[tuple[str, str], ...]:
    """How `candidate` differs from `current`, file by file."""
    old, new = tree(current), tree(candidate)
    changes = [
        ("removed" if path not in new else "added" if path not in old else "changed", path)
        for path in old.keys() | new.keys()
        if old.get(path) != new.get(path)
    ]
    return tuple(sorted(changes, key=lambda change: change[1]))


def check(source: str, root: Path) -> LiveCheck:
    """Fetch `source`, generate from it, compare with `generated/` and with the pinned spec."""
    return check_spec(fetch(source), source, root)


def check_spec(raw: bytes, source: str, root: Path) -> LiveCheck:
    """Generate from the spec bytes `raw`; compare with `generated/` and the pinned spec."""
    config_file = project_config(root)
    with tempfile.TemporaryDirectory(prefix="venice-live-") as scratch:
        spec_path = Path(scratch) / f"openapi.{spec_suffix(raw)}"
        spec_path.write_bytes(raw)
        out = Path(scratch) / "generated"
        result = generate(
            Config(spec_path=spec_path, out_dir=out, file=config_file),
            Diagnostics(file=source),
        )
        files = compare_trees(root / GENERATED, out)
    try:
        pinned = resolve_pinned_spec(read_pin(root / PIN_FILE), root)
        report, note = diff_apis(read_spec_api(pinned, root), result.api), ""
    except GeneratorError as exc:
        report, note = None, f"no diff report: {exc.diagnostics[0].message}"
    return LiveCheck(result.api.version, hashlib.sha256(raw).hexdigest(), files, report, note)


def main(argv: list[str] | None = None) -> int:
    """Entry point."""
    args = source_arguments(__doc__.split("\n")[0]).parse_args(argv)
    try:
        result = check(args.source, args.root)
    except OSError as exc:
        print(f"check-live: {exc}\ncheck-live: nothing was checked.", file=sys.stderr)
        return 2
    except GeneratorError as exc:
        print_unusable("check-live", f"the generator cannot read {args.source}", exc)
        return 2
    print(f"live spec: {result.version}, sha256 {result.sha256[:12]} ({args.source})")
    if result.files:
        counts = {
            kind: sum(1 for k, _ in result.files if k == kind) for kind in ("added", "removed")
        }
        print(
            f"generated/ would change: {len(result.files)} files "
            f"({counts['added']} added, {counts['removed']} removed)"
        )
        for kind, path in result.files[:SHOWN_FILES]:
            print(f"  {kind:<8} {path}")
        if len(result.files) > SHOWN_FILES:
            print(f"  ... and {len(result.files) - SHOWN_FILES} more")
    else:
        print("generated/ would not change")
    if result.note:
        print(f"check-live: {result.note}", file=sys.stderr)
    if result.report:
        print()
        sys.stdout.write(result.report.to_markdown())
    if result.files:
        print("\nto take it: `make update-spec` then `make generate`")
    return 1 if result.files else 0


if __name__ == "__main__":
    sys.exit(main())
