"""Fetch the Venice spec (or copy a local file), pin it, and write up what changed.

    python scripts/update_spec.py [--source URL-or-PATH] [--root DIR]

The default source is the live spec. The new spec must go through the generator's reading
stages (load, validate, normalise, name) with the project's config before anything changes;
a download that fails or a spec the generator cannot read leaves the stored spec and the pin
as they were. When the pinned spec changes, the Python API of the old and new versions is
compared: the changelog is printed and written to `.spec/CHANGES.md` and `.spec/changes.json`
(what the weekly job puts in its pull request), and the old spec is kept as `.spec/previous.*`.
Run `make generate` next to regenerate the client.

Exit status: 0 when pinned (changed or not), 2 when the spec could not be fetched or read.
"""

from __future__ import annotations

import argparse
import datetime
import hashlib
import sys
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from generator.config import ConfigFile, load_config_file
from generator.diagnostics import Diagnostics, GeneratorError
from generator.diff import Report, diff_apis
from generator.ir import Api
from generator.load import load_spec_bytes
from generator.pin import DOWNLOAD_DIR, PIN_FILE, SpecPin, read_pin, resolve_pinned_spec
from generator.pipeline import read_api
from generator.release import ReleaseState, next_version, read_release, write_release
from scripts.generate import prepend_entry

LIVE_SPEC = "https://api.venice.ai/api/openapi.json"
ARCHIVE = Path("../shared/specs/venice")
CONFIG_FILE = Path("specs/venice.toml")
CHANGES_MARKDOWN = DOWNLOAD_DIR / "CHANGES.md"
CHANGES_JSON = DOWNLOAD_DIR / "changes.json"
TIMEOUT_SECONDS = 30


@dataclass(frozen=True)
class Update:
    """The outcome of one update: the pins, the changelog when there is one, and the
    package version it moved to."""

    pin: SpecPin
    old: SpecPin | None
    report: Report | None
    note: str = ""
    version: tuple[str, str] | None = None
    """(before, after), when the project keeps a release file."""

    @property
    def changed(self) -> bool:
        """Whether the pinned spec is different from before."""
        return self.old is None or self.old.sha256 != self.pin.sha256


def fetch(source: str) -> bytes:
    """The bytes at a URL or local path; raises OSError with a readable reason."""
    if source.startswith(("http://", "https://")):
        request = urllib.request.Request(source, headers={"User-Agent": "venice-codegen"})
        try:
            with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:
                data: bytes = response.read()
                return data
        except urllib.error.HTTPError as exc:
            raise OSError(f"{source} answered HTTP {exc.code}") from None
        except (urllib.error.URLError, TimeoutError) as exc:
            reason = getattr(exc, "reason", exc)
            raise OSError(f"cannot reach {source} ({reason}); is there network access?") from None
    return Path(source).read_bytes()


def spec_suffix(raw: bytes) -> str:
    """`json` or `yaml`, by the first character of the document."""
    return "json" if raw.lstrip()[:1] in (b"{", b"[") else "yaml"


def project_config(root: Path) -> ConfigFile:
    """The repository's generator config (defaults when it has none)."""
    path = root / CONFIG_FILE
    return load_config_file(path) if path.is_file() else ConfigFile()


def read_spec_api(path: Path, root: Path) -> Api:
    """The named IR of a spec, read with the project's config (GeneratorError if unusable)."""
    return read_api(path, project_config(root), Diagnostics(file=str(path)))[0]


def update(source: str, root: Path, today: str | None = None) -> Update:
    """Store and pin the spec from `source` under `root`; compare it with the previous pin,
    and move the package version by the verdict (`today` dates the changelog entry)."""
    raw = fetch(source)
    load_spec_bytes(raw, source)  # not even a document: refuse before writing anything
    suffix = spec_suffix(raw)
    download_dir = root / DOWNLOAD_DIR
    download_dir.mkdir(parents=True, exist_ok=True)
    incoming = download_dir / f"incoming.{suffix}"
    incoming.write_bytes(raw)
    try:
        new_api = read_spec_api(incoming, root)
    except GeneratorError:
        incoming.unlink()
        raise

    digest = hashlib.sha256(raw).hexdigest()
    pin_path = root / PIN_FILE
    old = read_pin(pin_path) if pin_path.exists() else None
    report, note = None, ""
    release = project_config(root).package.release
    state = read_release(Path(release)) if release else None
    if old is not None and old.sha256 != digest:
        kept = state.aliases if state else {}
        report, note = _compare_with_previous(old, new_api, root, kept)

    local = DOWNLOAD_DIR / f"openapi.{suffix}"
    incoming.replace(root / local)
    for stale in download_dir.glob("openapi.*"):
        if stale.name != local.name:
            stale.unlink()
    pin = SpecPin(
        source=source,
        info_version=new_api.version,
        sha256=digest,
        local_copy=str(local),
        archive_copy=_archive_copy(root, digest),
    )
    pin_path.parent.mkdir(parents=True, exist_ok=True)
    pin_path.write_text(pin.to_toml(), encoding="utf-8")
    _write_changes(report, root)
    moved = None
    if state is not None and release and old is not None and old.sha256 != digest:
        date = today or datetime.date.today().isoformat()
        moved = _move_version(
            state, Path(release), pin, report=report, note=note, root=root, date=date
        )
    return Update(pin, old, report, note, moved)


def _move_version(
    state: ReleaseState,
    path: Path,
    pin: SpecPin,
    *,
    report: Report | None,
    note: str,
    root: Path,
    date: str,
) -> tuple[str, str]:
    """Bump the version by the verdict (a breaking one when there was nothing to compare
    with), keep renamed types' old names, and prepend the changelog entry."""
    version = next_version(state.version, report.bump if report else "major")
    aliases = dict(report.aliases) if report else dict(state.aliases)
    write_release(path, ReleaseState(version, pin.info_version, pin.sha256, "", False, aliases))
    changelog = project_config(root).package.changelog
    if changelog:
        if report is not None:
            entry = report.changelog_entry(version, date, pin.sha256)
        else:
            entry = (
                f"## {version} ({date})\n\nAPI {pin.info_version} (spec sha256 "
                f"{pin.sha256[:12]}); treated as breaking: {note}.\n"
            )
        text = Path(changelog).read_text(encoding="utf-8")
        Path(changelog).write_text(prepend_entry(text, entry), encoding="utf-8")
    return state.version, version


def _compare_with_previous(
    old: SpecPin, new_api: Api, root: Path, kept: dict[str, str]
) -> tuple[Report | None, str]:
    """The changelog from the previously pinned spec, keeping a copy of it as `previous.*`."""
    try:
        old_path = resolve_pinned_spec(old, root)
    except GeneratorError:
        return None, (
            "no copy of the previously pinned spec is available (it is not committed; "
            "keep .spec/ between runs), so there is no changelog"
        )
    old_raw = old_path.read_bytes()
    for stale in (root / DOWNLOAD_DIR).glob("previous.*"):
        stale.unlink()
    previous = root / DOWNLOAD_DIR / f"previous.{spec_suffix(old_raw)}"
    previous.write_bytes(old_raw)
    try:
        return diff_apis(read_spec_api(previous, root), new_api, kept, keep_renamed=True), ""
    except GeneratorError as exc:
        problems = "; ".join(d.format() for d in exc.diagnostics[:3])
        return None, f"the previously pinned spec cannot be read any more ({problems})"


def _write_changes(report: Report | None, root: Path) -> None:
    """Write the changelog files, or remove stale ones when there is no changelog."""
    for path, text in (
        (root / CHANGES_MARKDOWN, report.to_markdown() if report else None),
        (root / CHANGES_JSON, report.to_json() if report else None),
    ):
        if text is None:
            path.unlink(missing_ok=True)
        else:
            path.write_text(text, encoding="utf-8")


def _archive_copy(root: Path, digest: str) -> str | None:
    """The archive file with these exact bytes, so offline clones can find the spec too."""
    for candidate in sorted((root / ARCHIVE).glob("*.yaml")):
        if hashlib.sha256(candidate.read_bytes()).hexdigest() == digest:
            return str(ARCHIVE / candidate.name)
    return None


def source_arguments(description: str) -> argparse.ArgumentParser:
    """The command line of the scripts that read a spec from a source into a repository."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--source", default=LIVE_SPEC, help="URL or file (default: live spec)")
    parser.add_argument("--root", type=Path, default=Path(), help="repository root")
    return parser


def print_unusable(command: str, what: str, exc: GeneratorError) -> None:
    """Say on stderr that the generator cannot read a spec, with its diagnostics."""
    print(f"{command}: {what}:", file=sys.stderr)
    for diagnostic in exc.diagnostics:
        print(f"  {diagnostic.format()}", file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    """Entry point."""
    args = source_arguments(__doc__.split("\n")[0]).parse_args(argv)
    try:
        result = update(args.source, args.root)
    except OSError as exc:
        print(f"update-spec: {exc}", file=sys.stderr)
        return 2
    except GeneratorError as exc:
        print_unusable(
            "update-spec", f"{args.source} is not a usable spec; the pin is unchanged", exc
        )
        return 2
    pin, old = result.pin, result.old
    if not result.changed:
        print(f"spec unchanged: {pin.info_version}, sha256 {pin.sha256[:12]}, {pin.local_copy}")
        return 0
    before = f" (was {old.info_version})" if old else ""
    print(f"spec updated: {pin.info_version}{before}, sha256 {pin.sha256[:12]}, {pin.local_copy}")
    if result.note:
        print(f"update-spec: {result.note}", file=sys.stderr)
    if result.version:
        print(f"package version {result.version[0]} -> {result.version[1]}")
    if result.report:
        print(f"changelog written to {CHANGES_MARKDOWN} and {CHANGES_JSON}:\n")
        sys.stdout.write(result.report.to_markdown())
    print("\nnext: `make generate` regenerates generated/ from the new pin")
    return 0


if __name__ == "__main__":
    sys.exit(main())
