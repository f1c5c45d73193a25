"""Fetch the Venice spec (or copy a local file), store it in `.spec/` and update the pin.

    python scripts/update_spec.py [--source URL-or-PATH] [--root DIR]

The default source is the live spec. The file is checked to be an OpenAPI document before
the pin changes; a download that fails leaves both the stored spec and the pin as they were.
Exit status: 0 when pinned (changed or not), 2 when the spec could not be fetched or read.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
import urllib.error
import urllib.request
from pathlib import Path

from generator.diagnostics import GeneratorError
from generator.load import load_spec_bytes
from generator.pin import DOWNLOAD_DIR, PIN_FILE, SpecPin, read_pin

LIVE_SPEC = "https://api.venice.ai/api/openapi.json"
ARCHIVE = Path("../shared/specs/venice")
TIMEOUT_SECONDS = 30


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


def update(source: str, root: Path) -> tuple[SpecPin, SpecPin | None]:
    """Store and pin the spec from `source` under `root`; returns (new pin, old pin)."""
    raw = fetch(source)
    spec = load_spec_bytes(raw, source)
    version = str((spec.data.get("info") or {}).get("version", ""))
    suffix = "json" if raw.lstrip()[:1] in (b"{", b"[") else "yaml"
    local = DOWNLOAD_DIR / f"openapi.{suffix}"
    (root / DOWNLOAD_DIR).mkdir(parents=True, exist_ok=True)
    staging = root / local.with_suffix(".tmp")
    staging.write_bytes(raw)
    staging.replace(root / local)
    for stale in (root / DOWNLOAD_DIR).glob("openapi.*"):
        if stale.name != local.name:
            stale.unlink()
    digest = hashlib.sha256(raw).hexdigest()
    pin_path = root / PIN_FILE
    old = read_pin(pin_path) if pin_path.exists() else None
    pin = SpecPin(
        source=source,
        info_version=version,
        sha256=digest,
        local_copy=str(local),
        archive_copy=_archive_copy(root, digest),
    )
    pin_path.parent.mkdir(parents=True, exist_ok=True)
    pin_path.write_text(pin.to_toml(), encoding="utf-8")
    return pin, old


def _archive_copy(root: Path, digest: str) -> str | None:
    """The archive file with these exact bytes, so offline clones can find the spec too."""
    for candidate in sorted((root / ARCHIVE).glob("*.yaml")):
        if hashlib.sha256(candidate.read_bytes()).hexdigest() == digest:
            return str(ARCHIVE / candidate.name)
    return None


def main(argv: list[str] | None = None) -> int:
    """Entry point."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--source", default=LIVE_SPEC, help="URL or file (default: live spec)")
    parser.add_argument("--root", type=Path, default=Path(), help="repository root")
    args = parser.parse_args(argv)
    try:
        pin, old = update(args.source, args.root)
    except OSError as exc:
        print(f"update-spec: {exc}", file=sys.stderr)
        return 2
    except GeneratorError as exc:
        print(f"update-spec: {args.source} is not a usable spec:", file=sys.stderr)
        for diagnostic in exc.diagnostics:
            print(f"  {diagnostic.format()}", file=sys.stderr)
        return 2
    before = f" (was {old.info_version})" if old and old.sha256 != pin.sha256 else ""
    state = "unchanged" if old and old.sha256 == pin.sha256 else "updated"
    print(f"spec {state}: {pin.info_version}{before}, sha256 {pin.sha256[:12]}, {pin.local_copy}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
