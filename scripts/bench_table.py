"""The one table `make bench` prints: a figure of ours per row group, then one line per
comparison with the peer's figure, the ratio (ours / theirs, both from the same run) and
the target it is held to, if any."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Target:
    """`ratio <= bound` (`at_most`) or `ratio >= bound`; `absolute` targets hold our own
    figure (in its unit) instead of a ratio."""

    bound: float
    at_most: bool = True
    absolute: bool = False
    text: str = ""

    def met(self, value: float) -> bool:
        """Whether `value` (the ratio, or our figure for an absolute target) meets it."""
        return value <= self.bound if self.at_most else value >= self.bound

    def describe(self) -> str:
        """How the target reads in the table."""
        if self.text:
            return self.text
        return f"{'≤' if self.at_most else '≥'} {self.bound:g}x"


@dataclass(frozen=True)
class Comparison:
    """Our figure against one peer's."""

    peer: str
    theirs: str
    ratio: float | None
    target: Target | None = None


@dataclass
class Figure:
    """A row group: what is measured, our figure, and its comparisons."""

    label: str
    ours: str
    value: float | None = None
    """Our figure in its unit, for an absolute target."""
    target: Target | None = None
    comparisons: list[Comparison] = field(default_factory=list)


def duration(seconds: float) -> str:
    """`812 µs`, `4.31 ms`, `719 ms`, `1.02 s`."""
    if seconds < 1e-3:
        return f"{seconds * 1e6:.0f} µs"
    if seconds < 0.01:
        return f"{seconds * 1e3:.2f} ms"
    if seconds < 1:
        return f"{seconds * 1e3:.0f} ms"
    return f"{seconds:.2f} s"


def rate(per_second: float) -> str:
    """`65.2k/s`."""
    return f"{per_second / 1000:.1f}k/s"


def mebibytes(size: float) -> str:
    """`58 MiB`."""
    return f"{size / 2**20:.0f} MiB"


def _verdict(target: Target | None, value: float | None) -> str:
    if target is None or value is None:
        return ""
    return "met" if target.met(value) else "missed"


def _row(cells: list[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def render(figures: list[Figure]) -> str:
    """The Markdown table."""
    lines = [
        _row(["figure", "venice", "against", "theirs", "ratio", "target", ""]),
        _row(["---", "---:", "---", "---:", "---:", "---", "---"]),
    ]
    for figure in figures:
        first = [figure.label, figure.ours]
        if figure.target is not None:
            target = figure.target.describe()
            verdict = _verdict(figure.target, figure.value)
            lines.append(_row([*first, "", "", "", target, verdict]))
            first = ["", ""]
        for comparison in figure.comparisons:
            ratio = "" if comparison.ratio is None else f"{comparison.ratio:.2f}x"
            target = comparison.target.describe() if comparison.target else ""
            verdict = _verdict(comparison.target, comparison.ratio)
            lines.append(_row([*first, comparison.peer, comparison.theirs, ratio, target, verdict]))
            first = ["", ""]
        if figure.target is None and not figure.comparisons:
            lines.append(_row([*first, "", "", "", "", ""]))
    return "\n".join(lines)
