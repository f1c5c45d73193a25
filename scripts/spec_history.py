"""Walk a directory of spec versions in order: diff verdicts and name churn per consecutive pair.

    python scripts/spec_history.py [--archive DIR] [--jobs 2]

The order comes from the archive's INDEX.md (`seq` column) when there is one, else from the
file names. For each consecutive pair it prints the diff verdict, the number of breaking and
of all changes, the components.schemas removed, and the name churn: public Python names of
things present in both versions whose spelling changed though the thing itself did not.
Exit status: 0, or 1 when churn was found on a pair that removed no schema.
"""

from __future__ import annotations

import argparse
import itertools
import re
import sys
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from generator.config import load_config_file
from generator.diagnostics import Diagnostics
from generator.diff import Report, diff_apis
from generator.diff.names import NameMap, churn, public_names
from generator.ir import Api
from generator.pipeline import read_api

ROOT = Path(__file__).resolve().parent.parent
CONFIG = ROOT / "specs" / "venice.toml"
ARCHIVE = ROOT.parent / "shared" / "specs" / "venice"
PAIR_LABEL = re.compile(r"\b([PC]\d\d) (old|new)\b")


@dataclass(frozen=True)
class Version:
    """One spec version, as the diff and the name check see it."""

    file: str
    seq: int
    labels: frozenset[str]
    api: Api
    names: NameMap
    components: frozenset[str]


@dataclass(frozen=True)
class Step:
    """One consecutive pair of versions."""

    old: Version
    new: Version
    report: Report
    churn: dict[str, tuple[str, str]]

    @property
    def label(self) -> str:
        """The archive's pair id (P01, C02, ...) when the two files are a labelled pair."""
        old = {label[:-4] for label in self.old.labels if label.endswith(" old")}
        new = {label[:-4] for label in self.new.labels if label.endswith(" new")}
        return ",".join(sorted(old & new))

    @property
    def schemas_removed(self) -> frozenset[str]:
        """components.schemas present in the old version and gone from the new."""
        return self.old.components - self.new.components


def archive_order(archive: Path) -> list[tuple[Path, int, frozenset[str]]]:
    """The spec files in history order, with their pair labels (`P01 old`, ...)."""
    files = sorted(archive.glob("*.yaml"))
    index = archive / "INDEX.md"
    rows: dict[str, tuple[int, frozenset[str]]] = {}
    if index.is_file():
        for line in index.read_text(encoding="utf-8").splitlines():
            cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
            if len(cells) > 2 and cells[0].endswith(".yaml") and cells[1].isdigit():
                labels = frozenset(" ".join(m) for m in PAIR_LABEL.findall(cells[-1]))
                rows[cells[0]] = (int(cells[1]), labels)
    ordered = [(f, *rows.get(f.name, (position, frozenset()))) for position, f in enumerate(files)]
    return sorted(ordered, key=lambda row: (row[1], row[0].name))


def read_version(path: Path, seq: int, labels: frozenset[str]) -> Version:
    """Read one spec with the project's config and take what the comparisons need."""
    api, spec = read_api(path, load_config_file(CONFIG), Diagnostics(file=str(path)))
    components = spec.data.get("components")
    schemas = components.get("schemas") if isinstance(components, dict) else None
    return Version(
        file=path.name,
        seq=seq,
        labels=labels,
        api=api,
        names=public_names(api),
        components=frozenset(schemas) if isinstance(schemas, dict) else frozenset(),
    )


def read_versions(archive: Path, jobs: int = 2) -> list[Version]:
    """Every version of the archive, in history order."""
    order = archive_order(archive)
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        futures = [pool.submit(read_version, *row) for row in order]
        return [future.result() for future in futures]


def steps(versions: list[Version]) -> Iterator[Step]:
    """Diff and churn for each consecutive pair, as `make update-spec` would report them:
    renamed types keep their old names as aliases, carried from one update to the next."""
    aliases: dict[str, str] = {}
    for old, new in itertools.pairwise(versions):
        report = diff_apis(old.api, new.api, aliases, keep_renamed=True)
        aliases = dict(report.aliases)
        yield Step(old, new, report, churn(old.names, new.names))


def main(argv: list[str] | None = None) -> int:
    """Print one line per pair, then the renamed names where churn was found."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--archive", type=Path, default=ARCHIVE, help="directory of spec files")
    parser.add_argument("--jobs", type=int, default=2, help="specs read in parallel")
    args = parser.parse_args(argv)
    if not any(args.archive.glob("*.yaml")):
        print(f"spec-history: no *.yaml spec files in {args.archive}", file=sys.stderr)
        return 2
    header = f"{'pair':<4} {'old':<25} {'new':<25} {'verdict':<10} breaking changes removed churn"
    print(header)
    unexplained = 0
    for step in steps(read_versions(args.archive, args.jobs)):
        report = step.report
        removed = len(step.schemas_removed)
        print(
            f"{step.label:<4} {step.old.file:<25} {step.new.file:<25} {report.verdict:<10} "
            f"{len(report.breaking):>8} {len(report.changes):>7} {removed:>7} {len(step.churn):>5}"
        )
        for key, (before, after) in sorted(step.churn.items()):
            print(f"       churn: {key}: {before} -> {after}")
        if step.churn and not removed:
            unexplained += 1
    print(f"pairs with churn and no schema removed: {unexplained}")
    return 1 if unexplained else 0


if __name__ == "__main__":
    sys.exit(main())
