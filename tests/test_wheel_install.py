"""The wheel installs and works on every Python the generated package claims.

The claimed versions are the `Programming Language :: Python :: 3.X` classifiers of
`generated/pyproject.toml`, which must agree with its `requires-python`. For each, an
interpreter is looked for under pyenv (the newest patch release) or on `PATH`; a claimed
version with no interpreter on the machine fails the test. Each gets a fresh virtual
environment, `pip install`s the wheel (dependencies from the index, through pip's cache),
and runs `tests/wheel_smoke.py` against a loopback server in this process: a plain call,
a streamed chat completion and a binary download, sync and async.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import time
import tomllib
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from packaging.specifiers import SpecifierSet

from scripts.package import FALLBACK_EPOCH, build
from tests.fault_server import Download, Events, FaultServer, Respond, serve, sse
from tests.project import GENERATED, ROOT

CLASSIFIER = re.compile(r"Programming Language :: Python :: (3\.\d+)$")
SMOKE = ROOT / "tests" / "wheel_smoke.py"
AUDIO_SIZE = 200_000
CHUNKS = [
    {"id": "c", "object": "chat.completion.chunk", "created": 1, "model": "m", "choices": [c]}
    for c in (
        {"index": 0, "delta": {"role": "assistant", "content": "Hel"}},
        {"index": 0, "delta": {"content": "lo"}, "finish_reason": "stop"},
    )
]


def claimed_pythons(pyproject: Path) -> list[str]:
    """The Python versions the package's classifiers name, in order ("3.10", ...)."""
    project = tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]
    found = [m[1] for c in project.get("classifiers", []) if (m := CLASSIFIER.match(c))]
    return sorted(found, key=lambda v: tuple(map(int, v.split("."))))


def _pyenv_roots() -> list[Path]:
    roots = [Path(os.environ["PYENV_ROOT"])] if os.environ.get("PYENV_ROOT") else []
    if pyenv := shutil.which("pyenv"):
        run = subprocess.run([pyenv, "root"], capture_output=True, text=True, check=False)
        roots += [Path(run.stdout.strip())] if run.returncode == 0 else []
    return [*roots, Path.home() / ".pyenv"]


def find_python(version: str) -> Path | None:
    """An interpreter of `version` ("3.12"): pyenv's newest release of it, else PATH's."""
    releases = re.compile(rf"{re.escape(version)}\.(\d+)$")  # not "3.13.0t" nor "3.13-dev"
    for root in _pyenv_roots():
        found = [
            (int(m[1]), p)
            for p in (root / "versions").glob(f"{version}.*")
            if (m := releases.match(p.name)) and (p / "bin" / "python").is_file()
        ]
        if found:
            return max(found)[1] / "bin" / "python"
    on_path = shutil.which(f"python{version}")
    return Path(on_path) if on_path else None


def test_the_classifiers_claim_what_requires_python_allows() -> None:
    pyproject = GENERATED / "pyproject.toml"
    requires = SpecifierSet(tomllib.loads(pyproject.read_text())["project"]["requires-python"])
    claimed = claimed_pythons(pyproject)
    assert claimed, "no `Programming Language :: Python :: 3.X` classifier"
    assert all(f"{v}.0" in requires for v in claimed), (claimed, str(requires))
    below = f"3.{int(claimed[0].split('.')[1]) - 1}.0"
    assert below not in requires, f"requires-python {requires} allows {below}, not claimed"


@pytest.fixture(scope="module")
def server() -> Iterator[FaultServer]:
    """The loopback server the smoke program calls."""
    for running in serve():
        running.script("/models", Respond.json({"object": "list", "data": [], "type": "text"}))
        running.script("/chat/completions", Events(sse(*CHUNKS)))
        running.script("/audio/speech", Download(AUDIO_SIZE, content_type="audio/mpeg"))
        yield running


def install_and_run(
    python: Path, wheel: Path, where: Path, base_url: str
) -> tuple[dict[str, object], list[float]]:
    """A fresh venv of `python` with the wheel installed: what the smoke program saw, and
    the seconds each step took (venv, pip install, program)."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    where.mkdir(parents=True)
    venv = where / "venv"
    steps = [
        [str(python), "-m", "venv", str(venv)],
        [str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet", "--no-input", str(wheel)],
        [str(venv / "bin" / "python"), str(SMOKE), base_url],
    ]
    seconds: list[float] = []
    for step in steps:
        started = time.monotonic()
        run = subprocess.run(step, cwd=where, env=env, capture_output=True, text=True, check=False)
        assert run.returncode == 0, f"{python}: {step[2:4]} failed:\n{run.stdout}{run.stderr}"
        seconds.append(round(time.monotonic() - started, 1))
    seen: dict[str, object] = json.loads(run.stdout.splitlines()[-1])
    return {**seen, "venv": str(venv)}, seconds


@pytest.mark.slow
def test_the_wheel_installs_and_runs_on_every_claimed_python(
    tmp_path: Path, server: FaultServer
) -> None:
    versions = claimed_pythons(GENERATED / "pyproject.toml")
    pythons = {v: find_python(v) for v in versions}
    missing = [v for v, path in pythons.items() if path is None]
    assert not missing, f"claimed but not on this machine (pyenv or PATH): {missing}"
    wheel, _ = build(GENERATED, tmp_path / "dist", FALLBACK_EPOCH)
    with ThreadPoolExecutor(max_workers=len(versions)) as pool:
        futures = {
            v: pool.submit(install_and_run, path, wheel, tmp_path / v, server.url)
            for v, path in pythons.items()
            if path is not None
        }
        results = {v: future.result() for v, future in futures.items()}
    expected = {"models": "ModelList", "text": "Hello", "audio": AUDIO_SIZE}
    for version, (seen, (venv, install, smoke)) in results.items():
        print(f"python {version}: venv {venv} s, pip install {install} s, calls {smoke} s")
        assert seen["python"] == version
        assert str(seen["module"]).startswith(str(seen["venv"])), "not the installed wheel"
        assert seen["sync"] == expected and seen["async"] == expected, seen
