"""Skipping work whose inputs did not change.

Two kinds of entries live in one directory (`.cache/venice-codegen` under the current
directory, or `$VENICE_CODEGEN_CACHE_DIR`):

- a run entry per output directory: the key of everything that decides the output (the
  spec's bytes, the config file and every file it names, the command-line options, the
  generator's own source and templates, the installed distributions and the Python
  version), the SHA-256 of every file the run left in the output, and what it printed.
  A run whose key matches and whose output is still byte for byte what was recorded has
  nothing to do.
- a validation entry per spec: the validator's findings, keyed by the spec's SHA-256, the
  strictness, and the source of the modules that read and validate it.

Entries are written atomically (a temporary file renamed over the old one); an entry that
cannot be read is a miss. Nothing here imports the pipeline, so a run that hits stays cheap.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import json
import os
import sys
import tempfile
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

CACHE_ENV = "VENICE_CODEGEN_CACHE_DIR"
DEFAULT_CACHE_DIR = Path(".cache") / "venice-codegen"
_PACKAGE = Path(__file__).resolve().parent
# The modules whose code decides what validation reports for given spec bytes.
_VALIDATION_SOURCES = ("validate.py", "load.py", "yaml12.py", "diagnostics.py")
_IGNORED_PARTS = frozenset({"__pycache__"})
_FORMAT = 1  # bump when the layout of an entry changes


def default_cache_dir() -> Path:
    """Where entries go unless told otherwise."""
    configured = os.environ.get(CACHE_ENV)
    return Path(configured) if configured else DEFAULT_CACHE_DIR


def _files_under(root: Path) -> list[Path]:
    return sorted(
        path
        for path in root.rglob("*")
        if path.is_file() and not _IGNORED_PARTS & set(path.relative_to(root).parts)
    )


def _hash_files(hasher: hashlib._Hash, root: Path, paths: Iterable[Path]) -> None:
    for path in paths:
        hasher.update(str(path.relative_to(root)).encode() + b"\0")
        hasher.update(hashlib.sha256(path.read_bytes()).digest())


@functools.cache
def environment_digest() -> str:
    """The Python version and every installed distribution by name and version (the names
    of the `*.dist-info` folders on `sys.path`): ruff decides the output's bytes, the
    validator its findings, and a changed install changes either without a source edit."""
    names: set[str] = set()
    for entry in sys.path:  # (not the entries themselves: the first is the script's folder)
        try:
            names.update(n for n in os.listdir(entry or ".") if n.endswith(".dist-info"))
        except OSError:
            continue
    return hashlib.sha256("\0".join([sys.version, *sorted(names)]).encode()).hexdigest()


def source_digest(package: Path, templates: Path) -> str:
    """Every file of a generator package and of its templates folder (if there is one)."""
    hasher = hashlib.sha256()
    _hash_files(hasher, package, _files_under(package))
    if templates.is_dir():
        _hash_files(hasher, templates, _files_under(templates))
    return hasher.hexdigest()


@functools.cache
def generator_digest() -> str:
    """This generator's source and templates, with the environment. Templates sit in the
    package when installed (hashed with it) and beside it in a checkout."""
    source = source_digest(_PACKAGE, _PACKAGE.parent / "templates")
    return hashlib.sha256(f"{environment_digest()}:{source}".encode()).hexdigest()


@functools.cache
def validation_digest() -> str:
    """The code that reads and validates a spec, with the environment."""
    hasher = hashlib.sha256(environment_digest().encode())
    _hash_files(hasher, _PACKAGE, [_PACKAGE / name for name in _VALIDATION_SOURCES])
    return hasher.hexdigest()


def config_inputs(config_path: Path) -> list[Path]:
    """The config file and every file it names: any string setting that is the path of a
    file relative to the config's folder (extra schemas, the release file, the changelog,
    and whatever setting names a file next)."""
    inputs = [config_path]
    try:
        data = tomllib.loads(config_path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return inputs
    folder = config_path.parent
    inputs += sorted({folder / text for text in _strings(data) if (folder / text).is_file()})
    return inputs


def _strings(value: object) -> Iterable[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def _file_digest(path: Path) -> str:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return "unreadable"


def run_key(spec_path: Path, config_path: Path | None, options: Mapping[str, object]) -> str:
    """The key of one `generate` run: what decides its output and what it prints."""
    parts: dict[str, object] = {
        "format": _FORMAT,
        "generator": generator_digest(),
        "spec": [str(spec_path), _file_digest(spec_path)],
        "config": [[str(p), _file_digest(p)] for p in config_inputs(config_path)]
        if config_path is not None
        else None,
        "cwd": str(Path.cwd()),
        "options": dict(options),
    }
    return hashlib.sha256(json.dumps(parts, sort_keys=True, default=str).encode()).hexdigest()


def validation_key(spec_sha256: str, *, strict: bool) -> str:
    """The key of a spec's validation findings."""
    text = f"{_FORMAT}:{validation_digest()}:{spec_sha256}:{strict}"
    return hashlib.sha256(text.encode()).hexdigest()


def tree_manifest(root: Path) -> dict[str, str]:
    """Relative path -> SHA-256 of every file under `root` (Python's caches left out)."""
    return {
        str(path.relative_to(root)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in _files_under(root)
    }


@dataclass(frozen=True)
class RunRecord:
    """What a finished run left and printed."""

    manifest: dict[str, str]
    printed: list[str]
    """The diagnostics it printed (formatted), in order."""
    summary: str
    """The closing line without its time and output path."""


def _record(data: object) -> RunRecord | None:
    if not isinstance(data, dict):
        return None
    manifest, printed, summary = data.get("manifest"), data.get("printed"), data.get("summary")
    if isinstance(manifest, dict) and isinstance(printed, list) and isinstance(summary, str):
        return RunRecord(manifest, printed, summary)
    return None


class Cache:
    """The entries under one directory."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def _read(self, name: str) -> dict[str, object] | None:
        try:
            data = json.loads((self.root / name).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        return data if isinstance(data, dict) else None

    def _write(self, name: str, data: Mapping[str, object]) -> None:
        try:
            self.root.mkdir(parents=True, exist_ok=True)
            fd, temporary = tempfile.mkstemp(prefix=f".{name}.", dir=self.root)
            with os.fdopen(fd, "w", encoding="utf-8") as file:
                json.dump(data, file)
            os.replace(temporary, self.root / name)
        except OSError:
            pass  # a cache that cannot be written only costs the next run its shortcut

    @staticmethod
    def _run_name(out_dir: Path) -> str:
        return "run-" + hashlib.sha256(str(out_dir.resolve()).encode()).hexdigest()[:32] + ".json"

    def lookup_run(self, key: str, out_dir: Path) -> RunRecord | None:
        """The record of the last run into `out_dir` if it had this key and the output is
        still exactly what it left."""
        data = self._read(self._run_name(out_dir))
        if data is None or data.get("key") != key or not out_dir.is_dir():
            return None
        record = _record(data.get("record"))
        if record is None:
            return None
        try:
            intact = tree_manifest(out_dir) == record.manifest
        except OSError:
            return None
        return record if intact else None

    def store_run(self, key: str, out_dir: Path, record: RunRecord) -> None:
        """Remember a run into `out_dir`."""
        entry = {"key": key, "record": dataclasses.asdict(record)}
        self._write(self._run_name(out_dir), entry)

    def lookup_validation(self, key: str) -> list[list[str]] | None:
        """The findings stored under `key`: [level, code, message, pointer, hint] each."""
        data = self._read(f"validation-{key}.json")
        findings = data.get("findings") if data else None
        return findings if isinstance(findings, list) else None

    def store_validation(self, key: str, findings: list[list[str]]) -> None:
        """Remember a spec's findings."""
        self._write(f"validation-{key}.json", {"findings": findings})
