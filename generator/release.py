"""The generated package's version, and the names it keeps for callers across renames.

The version is semantic and follows the API: a spec update moves it by the diff's verdict
(`next_version`), and a generator change that changes the package moves the patch number.
`ReleaseState` is the file that records it (`specs/release.toml`, written by the project's
scripts, read by the generator through the config): the version, the spec it was made from,
a digest of what was generated, and the deprecated aliases that keep renamed types
importable under their old names.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Literal

from generator.diagnostics import Code, GeneratorError

Bump = Literal["major", "minor", "patch"]
_VERSION = re.compile(r"(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)")


def next_version(version: str, bump: Bump) -> str:
    """`version` moved by `bump`.

    From 1.0.0 on: major, minor and patch as SemVer says. Before 1.0.0 the public API is not
    yet stable, and the common reading of SemVer's 0.y.z (Cargo's and npm's caret ranges)
    applies: a breaking change moves the minor number (0.3.2 -> 0.4.0) and anything else the
    patch number (0.3.2 -> 0.3.3), so that `~=0.3.2` never takes a breaking release.
    """
    match = _VERSION.fullmatch(version)
    if match is None:
        raise ValueError(f"{version!r} is not a MAJOR.MINOR.PATCH version")
    major, minor, patch = (int(part) for part in match.groups())
    if major == 0:
        return f"0.{minor + 1}.0" if bump == "major" else f"0.{minor}.{patch + 1}"
    if bump == "major":
        return f"{major + 1}.0.0"
    if bump == "minor":
        return f"{major}.{minor + 1}.0"
    return f"{major}.{minor}.{patch + 1}"


@dataclass(frozen=True)
class ReleaseState:
    """What `specs/release.toml` records."""

    version: str
    api_version: str = ""
    spec_sha256: str = ""
    content_sha256: str = ""
    """Digest of the generated files with the version left out ("" until first generated)."""
    pending: bool = False
    """A generator-only bump not yet released: further generator changes join it."""
    aliases: dict[str, str] = field(default_factory=dict)
    """Old public type name -> the name it now has (kept importable, deprecated)."""
    released: str = ""
    """While `pending`: the last released version, which a larger bump is counted from
    ("" when unknown)."""

    def with_aliases(self, renamed: dict[str, str]) -> ReleaseState:
        """The state with more renames kept; an alias to a name that is itself renamed
        follows it to the current name."""
        aliases = {**self.aliases, **renamed}
        return replace(self, aliases={old: _follow(new, aliases) for old, new in aliases.items()})

    def to_toml(self) -> str:
        """The file's text."""
        lines = [
            "# The version of generated/ and what it was made from. Written by `make update-spec`",
            "# (a new spec moves the version by the diff's verdict) and `make generate` (a changed",
            "# generator moves the patch number); read by the generator. Do not edit by hand.",
            "[release]",
            f'version = "{self.version}"',
            f'api_version = "{self.api_version}"',
            f'spec_sha256 = "{self.spec_sha256}"',
            f'content_sha256 = "{self.content_sha256}"',
            f"pending = {'true' if self.pending else 'false'}",
            *([f'released = "{self.released}"'] if self.pending and self.released else []),
            "",
            "# Public type names that a spec update renamed: still importable, deprecated.",
            "[aliases]",
            *(f'{old} = "{new}"' for old, new in sorted(self.aliases.items())),
        ]
        return "\n".join(lines) + "\n"


def version_key(version: str) -> tuple[int, int, int]:
    """`version` (MAJOR.MINOR.PATCH) as numbers, for comparing versions."""
    major, minor, patch = (int(part) for part in version.split("."))
    return major, minor, patch


def _follow(name: str, aliases: dict[str, str]) -> str:
    seen = {name}
    while name in aliases and aliases[name] not in seen:
        name = aliases[name]
        seen.add(name)
    return name


def read_release(path: Path) -> ReleaseState:
    """Read a release file; a broken one is reported for people."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        release = data["release"]
        state = ReleaseState(
            version=str(release["version"]),
            api_version=str(release.get("api_version", "")),
            spec_sha256=str(release.get("spec_sha256", "")),
            content_sha256=str(release.get("content_sha256", "")),
            pending=bool(release.get("pending", False)),
            released=str(release.get("released", "")),
            aliases={str(k): str(v) for k, v in data.get("aliases", {}).items()},
        )
        next_version(state.version, "patch")  # the version must be MAJOR.MINOR.PATCH
    except (OSError, tomllib.TOMLDecodeError, KeyError, ValueError, AttributeError) as exc:
        raise GeneratorError.single(
            Code.CONFIG_INVALID,
            f"the release file cannot be read: {exc}",
            file=str(path),
            hint="restore it from version control; `make update-spec` and `make generate` write it",
        ) from None
    return state


def write_release(path: Path, state: ReleaseState) -> None:
    """Write a release file."""
    path.write_text(state.to_toml(), encoding="utf-8")
