"""The diff as a report: a verdict, a suggested version bump, Markdown and JSON."""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass
from typing import Literal

from generator.diff.changes import Change

Bump = Literal["major", "minor", "none"]


@dataclass(frozen=True)
class Report:
    """The changes from one spec version to another, as Python callers see them."""

    old_version: str
    new_version: str
    title: str
    changes: tuple[Change, ...]

    @property
    def breaking(self) -> tuple[Change, ...]:
        """The changes that break callers."""
        return tuple(c for c in self.changes if c.breaking)

    @property
    def bump(self) -> Bump:
        """Semantic-version bump the changes call for (before 1.0, use minor for major)."""
        if self.breaking:
            return "major"
        return "minor" if self.changes else "none"

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
                note = f" ({change.note})" if change.note else ""
                lines.append(f"- {mark}: `{change.subject}`: {change.detail}{note}")
        return "\n".join(lines) + "\n"


def _group_order(group: str) -> tuple[int, str]:
    return (0 if group.startswith("client") else 1 if group.startswith("types") else 2, group)
