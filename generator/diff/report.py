"""The diff as a report: a verdict, a suggested version bump, Markdown and JSON."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field

from generator.diff.changes import Change
from generator.release import Bump


@dataclass(frozen=True)
class Report:
    """The changes from one spec version to another, as Python callers see them."""

    old_version: str
    new_version: str
    title: str
    changes: tuple[Change, ...]
    aliases: Mapping[str, str] = field(default_factory=dict)
    """The deprecated aliases the new package keeps (old type name -> current name)."""

    @property
    def breaking(self) -> tuple[Change, ...]:
        """The changes that break callers."""
        return tuple(c for c in self.changes if c.breaking)

    @property
    def bump(self) -> Bump:
        """The version bump the changes call for: major for a breaking change, minor for
        compatible additions, patch when the API callers see did not change (docs, examples);
        `release.next_version` says what a bump means before 1.0."""
        if self.breaking:
            return "major"
        return "minor" if self.changes else "patch"

    @property
    def verdict(self) -> str:
        """`breaking`, `compatible` or `unchanged`."""
        if self.breaking:
            return "breaking"
        return "compatible" if self.changes else "unchanged"

    def to_json(self) -> str:
        """The report as JSON text."""
        return (
            json.dumps(
                {
                    "title": self.title,
                    "old_version": self.old_version,
                    "new_version": self.new_version,
                    "verdict": self.verdict,
                    "suggested_bump": self.bump,
                    "breaking_count": len(self.breaking),
                    "change_count": len(self.changes),
                    "changes": [c.to_json() for c in self.changes],
                },
                indent=2,
                sort_keys=True,
            )
            + "\n"
        )

    def changelog_entry(self, version: str, date: str, spec_sha256: str) -> str:
        """The section of the package's CHANGELOG.md for the release this update makes:
        dated, breaking changes first, then the rest, each as callers see it."""
        lines = [
            f"## {version} ({date})",
            "",
            f"{self.title} {self.old_version} -> {self.new_version} "
            f"(spec sha256 {spec_sha256[:12]}): {self._summary()}.",
        ]
        for title, changes in (
            ("Breaking changes", self.breaking),
            ("Other changes", tuple(c for c in self.changes if not c.breaking)),
        ):
            if changes:
                lines += ["", f"### {title}", ""]
                lines += [_line(c) for c in sorted(changes, key=lambda c: (c.group, c.subject))]
        return "\n".join(lines) + "\n"

    def _summary(self) -> str:
        if not self.changes:
            return "no change to the Python API"
        return (
            f"{self.verdict}, {len(self.breaking)} breaking and "
            f"{len(self.changes) - len(self.breaking)} other changes"
        )

    def to_markdown(self) -> str:
        """A changelog grouped by resource, breaking changes first in each group."""
        lines = [f"# {self.title}: {self.old_version} -> {self.new_version}", ""]
        if not self.changes:
            lines.append("No change to the Python API.")
            return "\n".join(lines) + "\n"
        lines.append(
            f"**{self.verdict.capitalize()}**: {len(self.breaking)} breaking and "
            f"{len(self.changes) - len(self.breaking)} compatible changes. "
            f"Suggested version bump: **{self.bump}**."
        )
        groups: dict[str, list[Change]] = defaultdict(list)
        for change in self.changes:
            groups[change.group].append(change)
        for group in sorted(groups, key=_group_order):
            lines += ["", f"## `{group}`", ""]
            for change in sorted(groups[group], key=lambda c: (not c.breaking, c.subject)):
                mark = "**breaking**" if change.breaking else "compatible"
                lines.append(f"- {mark}: {_line(change).removeprefix('- ')}")
        return "\n".join(lines) + "\n"


def _line(change: Change) -> str:
    note = f" ({change.note})" if change.note else ""
    return f"- `{change.subject}`: {change.detail}{note}"


def _group_order(group: str) -> tuple[int, str]:
    return (0 if group.startswith("client") else 1 if group.startswith("types") else 2, group)
