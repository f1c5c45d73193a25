"""Title and body of the weekly job's pull request, from the changelog `make update-spec` wrote.

    python scripts/pull_request.py --tests passed|failed [--root DIR] [--github-output FILE]

Writes the body to `.spec/PULL_REQUEST.md` and prints `title=...`, `verdict=...` and
`bump=...` lines (appended to FILE too, which is how a GitHub Actions step hands them on).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from generator.pin import DOWNLOAD_DIR, PIN_FILE, read_pin
from scripts.update_spec import CHANGES_JSON, CHANGES_MARKDOWN

BODY = DOWNLOAD_DIR / "PULL_REQUEST.md"


def compose(root: Path, tests: str) -> tuple[dict[str, str], str]:
    """The step outputs (title, verdict, bump) and the body text."""
    pin = read_pin(root / PIN_FILE)
    changes_path = root / CHANGES_JSON
    changes = json.loads(changes_path.read_text(encoding="utf-8")) if changes_path.exists() else {}
    verdict = str(changes.get("verdict", "unknown"))
    bump = str(changes.get("suggested_bump", "unknown"))
    described = {
        "breaking": f"{changes.get('breaking_count')} breaking changes",
        "compatible": "compatible changes",
        "unchanged": "no change to the Python API",
    }.get(verdict, "changes not compared")
    title = f"Venice spec {pin.info_version}: {described}"
    if tests != "passed":
        title += " (tests fail)"
    changelog = (
        (root / CHANGES_MARKDOWN).read_text(encoding="utf-8")
        if (root / CHANGES_MARKDOWN).exists()
        else "No changelog: the previously pinned spec was not available to compare with.\n"
    )
    body = "\n".join(
        [
            f"The weekly job pinned Venice spec `{pin.info_version}` "
            f"(sha256 `{pin.sha256[:12]}`) and regenerated `generated/`.",
            "",
            f"- verdict: **{verdict}**, suggested version bump: **{bump}**",
            f"- tests (`make test`): **{tests}**",
            "",
            "To reproduce: `make update-spec && make generate && make test`.",
            "",
            changelog,
        ]
    )
    return {"title": title, "verdict": verdict, "bump": bump}, body


def main(argv: list[str] | None = None) -> int:
    """Entry point."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--tests", choices=("passed", "failed"), required=True)
    parser.add_argument("--root", type=Path, default=Path(), help="repository root")
    parser.add_argument("--github-output", type=Path, help="append key=value lines here")
    args = parser.parse_args(argv)
    outputs, body = compose(args.root, args.tests)
    (args.root / BODY).parent.mkdir(parents=True, exist_ok=True)
    (args.root / BODY).write_text(body, encoding="utf-8")
    lines = "".join(f"{key}={value}\n" for key, value in outputs.items())
    sys.stdout.write(lines)
    if args.github_output:
        with args.github_output.open("a", encoding="utf-8") as out:
            out.write(lines)
    return 0


if __name__ == "__main__":
    sys.exit(main())
