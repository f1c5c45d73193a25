"""The pin of the spec in use: where it came from, its version and its checksum.

`specs/spec-pin.toml` is committed; the spec itself is not (it is third-party data).
`make update-spec` downloads it to the git-ignored `.spec/` and rewrites the pin; a fresh
clone with no network finds the same bytes in the shared spec archive next to the
checkout instead, recognised by checksum.
"""

from __future__ import annotations

import hashlib
import tomllib
from dataclasses import dataclass
from pathlib import Path

from generator.diagnostics import Code, GeneratorError

PIN_FILE = Path("specs/spec-pin.toml")
DOWNLOAD_DIR = Path(".spec")


@dataclass(frozen=True)
class SpecPin:
    """What the pin file says."""

    source: str
    info_version: str
    sha256: str
    local_copy: str
    archive_copy: str | None = None

    def to_toml(self) -> str:
        """The pin file's text."""
        lines = [
            "# The Venice spec this repository generates from (written by `make update-spec`).",
            "# The spec itself is third-party data and is not committed.",
            "[spec]",
            f'source = "{self.source}"',
            f'info_version = "{self.info_version}"',
            f'sha256 = "{self.sha256}"',
            f'local_copy = "{self.local_copy}"',
        ]
        if self.archive_copy:
            lines.append(f'archive_copy = "{self.archive_copy}"')
        return "\n".join(lines) + "\n"


def read_pin(path: Path = PIN_FILE) -> SpecPin:
    """Read the pin file."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))["spec"]
        return SpecPin(
            source=data["source"],
            info_version=str(data["info_version"]),
            sha256=data["sha256"],
            local_copy=data["local_copy"],
            archive_copy=data.get("archive_copy"),
        )
    except FileNotFoundError:
        raise GeneratorError.single(
            Code.PIN_MISSING,
            f"no spec pin at {path}",
            file=str(path),
            hint="pass --spec PATH, or run `make update-spec` to fetch and pin the spec",
        ) from None
    except (KeyError, tomllib.TOMLDecodeError) as exc:
        raise GeneratorError.single(
            Code.PIN_INVALID,
            f"the spec pin is unreadable: {exc}",
            file=str(path),
            hint="restore specs/spec-pin.toml from git or run `make update-spec`",
        ) from None


def sha256_of(path: Path) -> str:
    """SHA-256 of a file's bytes."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def resolve_pinned_spec(pin: SpecPin, root: Path = Path()) -> Path:
    """The path of a file holding exactly the pinned spec."""
    candidates = [root / pin.local_copy]
    if pin.archive_copy:
        candidates.append(root / pin.archive_copy)
    for candidate in candidates:
        if candidate.is_file() and sha256_of(candidate) == pin.sha256:
            return candidate
    tried = ", ".join(str(c) for c in candidates)
    raise GeneratorError.single(
        Code.PINNED_SPEC_MISSING,
        f"no copy of the pinned spec (sha256 {pin.sha256[:12]}...) was found; tried {tried}",
        file=str(PIN_FILE),
        hint="run `make update-spec` (needs network), or pass --spec PATH explicitly",
    )
