"""What the generator skips when its inputs did not change (generator.cache), and that a
change to any input makes it do the work again. No timings: what is asserted is whether a
run said it was up to date, and what it left."""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from generator import cache, validation_job
from generator.cache import Cache, config_inputs, run_key, source_digest, validation_key
from generator.cli import main
from generator.config import load_config_file
from generator.diagnostics import Diagnostics
from generator.pipeline import read_api, reading
from tests.spec_builders import spec_text

SPEC = """
paths:
  /things:
    get:
      operationId: listThings
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Thing'}
components:
  schemas:
    Thing: {type: object, properties: {id: {type: string}}}
"""
# Invalid OpenAPI (a response without a description) that also draws a warning from a
# later stage (an unknown type, which the validator reports too), to check the order.
INVALID = """
paths:
  /things:
    get:
      operationId: listThings
      responses:
        "200":
          content:
            application/json:
              schema: {type: object, properties: {id: {type: strange}}}
"""
CONFIG = """
extra_schemas = "extra.yaml"

[package]
name = "things"
changelog = "CHANGES.md"
"""
EXTRA = "components:\n  schemas:\n    Extra: {type: object, properties: {x: {type: integer}}}\n"


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder with a spec, a config that names two more files, and its own cache."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv(cache.CACHE_ENV, str(tmp_path / "cache"))
    (tmp_path / "spec.yaml").write_text(spec_text(SPEC), encoding="utf-8")
    (tmp_path / "conf").mkdir()
    (tmp_path / "conf" / "codegen.toml").write_text(CONFIG, encoding="utf-8")
    (tmp_path / "conf" / "extra.yaml").write_text(EXTRA, encoding="utf-8")
    (tmp_path / "conf" / "CHANGES.md").write_text("# Changes\n", encoding="utf-8")
    return tmp_path


Run = Callable[..., bool]


@pytest.fixture
def run(project: Path, capsys: pytest.CaptureFixture[str]) -> Run:
    """Generate `project`; True when the run found nothing to do."""

    def generate(*extra: str) -> bool:
        args = ["generate", "--spec", "spec.yaml", "--config", "conf/codegen.toml"]
        assert main([*args, "--out", "out", *extra]) == 0
        return "is up to date" in capsys.readouterr().err

    return generate


def test_a_second_run_with_nothing_changed_does_nothing(run: Run, project: Path) -> None:
    assert not run()
    before = {p: p.stat().st_mtime_ns for p in (project / "out").rglob("*")}
    assert run()
    assert {p: p.stat().st_mtime_ns for p in (project / "out").rglob("*")} == before


@pytest.mark.parametrize(
    "path", ["spec.yaml", "conf/codegen.toml", "conf/extra.yaml", "conf/CHANGES.md"]
)
def test_a_changed_spec_config_or_file_the_config_names_runs_again(
    run: Run, project: Path, path: str
) -> None:
    assert not run()
    with (project / path).open("a", encoding="utf-8") as file:
        file.write("\n# changed\n")
    assert not run()
    assert run()


@pytest.mark.parametrize(
    "option", [["--strict"], ["--no-format"], ["--package-name", "other"], ["--client-name", "C"]]
)
def test_a_changed_option_runs_again(run: Run, option: list[str]) -> None:
    assert not run()
    assert not run(*option)
    assert run(*option)


def test_a_changed_generator_or_environment_runs_again(
    run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert not run()
    monkeypatch.setattr(cache, "generator_digest", lambda: "another generator")
    assert not run()
    assert run()
    monkeypatch.setattr(cache, "environment_digest", lambda: "another install")
    monkeypatch.setattr(cache, "validation_digest", lambda: "another install")
    assert run()  # the generator digest above is patched: it stands for both


@pytest.mark.parametrize("change", ["edit", "delete", "add"])
def test_an_output_changed_by_hand_is_generated_again(run: Run, project: Path, change: str) -> None:
    assert not run()
    client = project / "out" / "things" / "_client.py"
    original = client.read_bytes()
    if change == "edit":
        client.write_text("# edited\n", encoding="utf-8")
    elif change == "delete":
        client.unlink()
    else:
        (project / "out" / "notes.txt").write_text("mine\n", encoding="utf-8")
    assert not run()
    assert client.read_bytes() == original
    assert not (project / "out" / "notes.txt").exists()
    assert run()


def test_python_caches_in_the_output_do_not_count(run: Run, project: Path) -> None:
    assert not run()
    (project / "out" / "things" / "__pycache__").mkdir()
    (project / "out" / "things" / "__pycache__" / "_client.cpython-311.pyc").write_bytes(b"x")
    assert run()


def test_an_unreadable_entry_is_a_miss_and_no_cache_is_a_full_run(run: Run, project: Path) -> None:
    assert not run()
    for entry in (project / "cache").glob("run-*.json"):
        entry.write_text("{not json", encoding="utf-8")
    assert not run()
    assert not run("--no-cache")
    assert run()


def test_the_generator_digest_covers_its_source_and_templates(tmp_path: Path) -> None:
    package, templates = tmp_path / "generator", tmp_path / "templates"
    (package / "sub").mkdir(parents=True)
    templates.mkdir()
    (package / "sub" / "stage.py").write_text("x = 1\n", encoding="utf-8")
    (templates / "client.py.j2").write_text("{{ x }}\n", encoding="utf-8")
    digests = {source_digest(package, templates)}
    (package / "sub" / "stage.py").write_text("x = 2\n", encoding="utf-8")
    digests.add(source_digest(package, templates))
    (templates / "client.py.j2").write_text("{{ y }}\n", encoding="utf-8")
    digests.add(source_digest(package, templates))
    (package / "new.py").write_text("", encoding="utf-8")
    digests.add(source_digest(package, templates))
    assert len(digests) == 4


def test_config_inputs_are_the_files_the_loaded_config_reads(project: Path) -> None:
    path = project / "conf" / "codegen.toml"
    loaded = load_config_file(path)
    named = {loaded.extra_schemas, loaded.package.changelog, loaded.package.release} - {None}
    assert {str(p) for p in config_inputs(path)} == {str(path), *named}


def test_run_keys_differ_by_each_input(project: Path) -> None:
    spec, config = project / "spec.yaml", project / "conf" / "codegen.toml"
    keys = {run_key(spec, config, {}), run_key(spec, None, {}), run_key(spec, config, {"a": 1})}
    spec.write_text(spec.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    keys.add(run_key(spec, config, {}))
    assert len(keys) == 4


def test_validation_keys_differ_by_spec_strictness_and_code(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    keys = {validation_key("a", strict=False), validation_key("b", strict=False)}
    keys.add(validation_key("a", strict=True))
    monkeypatch.setattr(cache, "validation_digest", lambda: "changed validator")
    keys.add(validation_key("a", strict=False))
    assert len(keys) == 4


def _diagnostics(spec: Path, cache_dir: Path | None, *, parallel: bool) -> list[str]:
    validation_job.PARALLEL = parallel
    try:
        diagnostics = Diagnostics(file="spec.yaml")
        read_api(spec, load_config_file(None), diagnostics, cache_dir=cache_dir)
    finally:
        validation_job.PARALLEL = True
    return [d.format() for d in diagnostics]


def test_findings_read_the_same_validated_here_forked_or_cached(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    forks: list[int] = []
    fork = validation_job._fork_validator

    def counted(*args: Any) -> tuple[int, int]:
        forks.append(1)
        return fork(*args)

    monkeypatch.setattr(validation_job, "_fork_validator", counted)
    spec = tmp_path / "spec.yaml"
    spec.write_text(spec_text(INVALID), encoding="utf-8")
    here = _diagnostics(spec, None, parallel=False)
    assert [line.split("]")[0].rsplit("[", 1)[1] for line in here] == [
        "invalid-openapi",
        "invalid-openapi",
        "unknown-type",
    ]
    assert _diagnostics(spec, None, parallel=True) == here
    assert forks == [1]  # (one process runs here: forking is allowed)
    assert _diagnostics(spec, tmp_path / "cache", parallel=True) == here  # stores them
    assert list((tmp_path / "cache").glob("validation-*.json"))
    assert _diagnostics(spec, tmp_path / "cache", parallel=True) == here  # reads them
    assert forks == [1, 1]
    entry = Cache(tmp_path / "cache")
    assert entry.lookup_validation("no such key") is None


def test_an_interrupted_run_stops_the_validator_instead_of_waiting(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    spec = tmp_path / "spec.yaml"
    spec.write_text(spec_text(SPEC), encoding="utf-8")
    children: list[int] = []
    fork = validation_job._fork_validator

    def slow_child(*args: Any) -> tuple[int, int]:
        monkeypatch.setattr(validation_job, "_validate_here", lambda *a, **k: time.sleep(600))
        pid, read_end = fork(*args)  # the child sleeps; this process goes on
        children.append(pid)
        return pid, read_end

    def no_join(*args: Any) -> None:
        raise AssertionError("an interrupted run waited for validation")

    monkeypatch.setattr(validation_job, "_fork_validator", slow_child)
    monkeypatch.setattr(validation_job.PendingValidation, "join", no_join)
    with pytest.raises(KeyboardInterrupt), reading(spec, load_config_file(None), Diagnostics()):
        raise KeyboardInterrupt
    assert len(children) == 1
    with pytest.raises(ProcessLookupError):
        os.kill(children[0], 0)  # killed and reaped
