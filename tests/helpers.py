"""Helpers for tests: build small specs inline, find the shared spec archive."""

from __future__ import annotations

import contextlib
import http.server
import json
import socket
import textwrap
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from generator.config import ConfigFile
from generator.diagnostics import Diagnostics
from generator.ir import Api, Model, ObjectModel
from generator.load import load_spec_bytes
from generator.naming import assign_names
from generator.normalize import normalize
from generator.normalize.behaviour import configure_operations
from generator.normalize.build import RESPONSE_HEADERS_KEY, build_api

ROOT = Path(__file__).resolve().parent.parent
SHARED_SPECS = ROOT.parent / "shared" / "specs" / "venice"
PINNED_SPEC = SHARED_SPECS / "2026-08-22_1d9b674d.yaml"
TEST_SPECS = ROOT / "tests" / "specs"


def shared_spec_files() -> list[Path]:
    """Every spec of the shared archive; fails loudly when the archive is missing."""
    files = sorted(SHARED_SPECS.glob("*.yaml"))
    if not files:
        pytest.fail(f"the shared spec archive is missing: expected it at {SHARED_SPECS}")
    return files


def spec_text(body: str) -> str:
    """A minimal OpenAPI document around `body` (YAML, dedented)."""
    return "openapi: 3.0.0\ninfo: {title: Test API, version: '1'}\n" + textwrap.dedent(body)


def load_text(text: str, diagnostics: Diagnostics | None = None) -> dict[str, object]:
    """Load YAML/JSON text the way the generator does."""
    return load_spec_bytes(text.encode(), "spec.yaml", diagnostics).data


def raw_api(body: str, diagnostics: Diagnostics | None = None) -> Api:
    """The IR straight from the builder, before any pass."""
    return build_api(load_text(spec_text(body)), diagnostics or Diagnostics())


def normalized_api(body: str, diagnostics: Diagnostics | None = None) -> Api:
    """The IR after every normalisation pass."""
    return normalize(load_text(spec_text(body)), diagnostics or Diagnostics())


def named_api(
    body: str, config: ConfigFile | None = None, diagnostics: Diagnostics | None = None
) -> Api:
    """The IR after normalisation and naming."""
    diagnostics = diagnostics or Diagnostics()
    config = config or ConfigFile()
    api = configure_operations(
        normalize(load_text(spec_text(body)), diagnostics), config, diagnostics
    )
    return assign_names(api, config, diagnostics)


def spec_models(api: Api) -> list[Model]:
    """The models that come from the spec's schemas (not the synthesized headers model)."""
    return [m for m in api.models if m.key != RESPONSE_HEADERS_KEY]


def model_named(api: Api, name: str) -> Model:
    """The model whose class (or param) name is `name`."""
    for model in api.models:
        if name in (model.name, model.param_name):
            return model
    raise AssertionError(f"no model named {name}; have {sorted(str(m.name) for m in api.models)}")


def object_at(api: Api, pointer: str) -> ObjectModel:
    """The object model that has a site at `pointer`."""
    for model in api.models:
        if isinstance(model, ObjectModel) and any(s.pointer == pointer for s in model.sites):
            return model
    raise AssertionError(f"no object model at {pointer}")


GENERATED = ROOT / "generated"
VENICE_CONFIG = ROOT / "specs" / "venice.toml"
_IGNORED_PARTS = {"__pycache__", ".mypy_cache", ".ruff_cache", ".pytest_cache"}


def tree_files(root: Path) -> dict[str, bytes]:
    """The files under `root` (relative path -> bytes), without caches."""
    return {
        str(path.relative_to(root)): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file() and not _IGNORED_PARTS & set(path.relative_to(root).parts)
    }


def generate_pinned(out: Path) -> None:
    """Generate the pinned spec with the repository's config into `out`."""
    from generator.config import Config, load_config_file
    from generator.pipeline import generate

    config = Config(
        spec_path=PINNED_SPEC,
        out_dir=out,
        file=load_config_file(VENICE_CONFIG),
    )
    generate(config, Diagnostics())


def venice_api() -> Api:
    """The named IR of the pinned spec with the repository's config."""
    from generator.config import load_config_file
    from generator.pipeline import read_api

    config = load_config_file(VENICE_CONFIG)
    return read_api(PINNED_SPEC, config, Diagnostics())[0]


@contextlib.contextmanager
def serve_directory(directory: Path) -> Iterator[str]:
    """Serve the files of `directory` over HTTP on loopback; yields the base URL."""

    class Handler(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *args: object, **kwargs: object) -> None:
            super().__init__(*args, directory=str(directory), **kwargs)  # type: ignore[arg-type]

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def closed_port() -> int:
    """A loopback port nothing listens on (bound, then released)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def generate_spec(spec: Path, out: Path, *flags: str) -> tuple[str, str]:
    """Generate `spec` without any config into `out` through the command line.

    Returns the package name and what the command printed (its diagnostics).
    """
    import io
    from contextlib import redirect_stderr

    from generator.cli import main

    printed = io.StringIO()
    with redirect_stderr(printed):
        status = main(["generate", "--spec", str(spec), "--out", str(out), "--no-config", *flags])
    assert status == 0, printed.getvalue()
    package = next(p.name for p in sorted(out.iterdir()) if (p / "__init__.py").is_file())
    return package, printed.getvalue()


def _packages(outputs: list[Path]) -> list[str]:
    return [
        str(p) for out in outputs for p in sorted(out.iterdir()) if (p / "__init__.py").is_file()
    ]


def check_generated_code(
    outputs: list[Path], cache: Path, *, pyright_outputs: list[Path] | None = None
) -> None:
    """Assert that every output directory is ruff-clean and passes mypy --strict, and that
    `pyright_outputs` (default: all of them) pass pyright in strict mode.

    One run of each tool covers all outputs; their package names must differ. Pyright
    starts slowly and takes longest per package, so big batches check a sample with it.
    """
    import subprocess
    import sys

    bin_dir = Path(sys.executable).parent
    packages = _packages(outputs)
    # The settings of the generated pyproject.toml, for all packages at once.
    pyright_config = cache / "pyrightconfig.json"
    pyright_config.parent.mkdir(parents=True, exist_ok=True)
    pyright_config.write_text(
        json.dumps(
            {
                "include": _packages(outputs if pyright_outputs is None else pyright_outputs),
                "typeCheckingMode": "strict",
                "pythonVersion": "3.10",
                "reportPrivateUsage": False,
                "reportUnnecessaryTypeIgnoreComment": "error",
            }
        )
    )
    commands = [
        [str(bin_dir / "ruff"), "check", "--no-cache", *map(str, outputs)],
        [str(bin_dir / "ruff"), "format", "--check", "--no-cache", *map(str, outputs)],
        [
            *(sys.executable, "-m", "mypy", "--strict", "--python-version", "3.10"),
            *("--num-workers", "2" if len(packages) > 20 else "0"),
            *("--cache-dir", str(cache / "mypy"), *packages),
        ],
        [str(bin_dir / "pyright"), "--pythonpath", sys.executable, "-p", str(pyright_config)],
    ]
    for command in commands:
        result = subprocess.run(command, capture_output=True, text=True, check=False)
        assert result.returncode == 0, f"{command[:3]}:\n{result.stdout}{result.stderr}"
