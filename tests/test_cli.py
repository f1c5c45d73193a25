"""The command line: exit status, messages, defaults."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from generator.cli import main


@pytest.fixture(autouse=True)
def _outside_the_repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Run where there is no specs/venice.toml, so the Venice config does not apply."""
    monkeypatch.chdir(tmp_path)


GOOD = """
paths:
  /things:
    get:
      operationId: listThings
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {type: array, items: {type: object, properties: {id: {type: string}}}}
"""


def test_generate_writes_a_package_and_reports(
    write_spec: Callable[[str], Path],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    out = tmp_path / "out"
    assert main(["generate", "--spec", str(write_spec(GOOD)), "--out", str(out)]) == 0
    assert (out / "test" / "_client.py").is_file()
    err = capsys.readouterr().err
    assert "generated" in err
    # run away from the project, the Venice config is not found: it says so
    assert "warning[no-config]: no config file at specs/venice.toml" in err
    assert (
        main(["generate", "--spec", str(write_spec(GOOD)), "--out", str(out), "--no-config"]) == 0
    )
    assert "no-config" not in capsys.readouterr().err


def test_bad_input_exits_2_with_a_located_message_and_keeps_old_output(
    write_spec: Callable[[str], Path],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    out = tmp_path / "out"
    assert main(["generate", "--spec", str(write_spec(GOOD)), "--out", str(out), "-q"]) == 0
    before = sorted(p.read_bytes() for p in out.rglob("*.py"))
    broken = write_spec(GOOD.replace("type: string}", "type: string}\n    x: [1, 2"), "bad.yaml")
    assert main(["generate", "--spec", str(broken), "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert "bad.yaml:" in err and "error[invalid-yaml]" in err and "hint:" in err
    assert sorted(p.read_bytes() for p in out.rglob("*.py")) == before


def test_strict_refuses_an_invalid_spec(
    write_spec: Callable[[str], Path],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    spec = write_spec(GOOD.replace("          description: ok\n", ""))
    assert main(["generate", "--spec", str(spec), "--out", str(tmp_path / "a"), "-q"]) == 0
    assert main(["generate", "--spec", str(spec), "--out", str(tmp_path / "b"), "--strict"]) == 2
    assert "error[invalid-openapi]" in capsys.readouterr().err
    assert not (tmp_path / "b").exists()


def test_missing_spec_and_config_are_reported(
    tmp_path: Path,
    write_spec: Callable[[str], Path],
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["generate", "--spec", str(tmp_path / "none.yaml"), "--out", str(tmp_path)]) == 2
    assert "file-not-found" in capsys.readouterr().err
    spec = str(write_spec(GOOD))
    assert main(["generate", "--spec", spec, "--config", str(tmp_path / "no.toml")]) == 2
    assert "config-not-found" in capsys.readouterr().err


def test_config_errors_name_the_setting(
    tmp_path: Path,
    write_spec: Callable[[str], Path],
    capsys: pytest.CaptureFixture[str],
) -> None:
    config = tmp_path / "c.toml"
    config.write_text('[operations]\n"FETCH /x" = "a.b"\n[package]\nnmae = "x"\n')
    spec = str(write_spec(GOOD))
    assert main(["generate", "--spec", spec, "--config", str(config), "--out", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert "config-invalid" in err and "package.nmae" in err and "FETCH /x" in err


def test_internal_errors_are_one_line_not_a_traceback(
    write_spec: Callable[[str], Path],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def explode(*args: object, **kwargs: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr("generator.render.render_package", explode)
    monkeypatch.delenv("VENICE_CODEGEN_TRACEBACK", raising=False)
    assert main(["generate", "--spec", str(write_spec(GOOD)), "--out", str(tmp_path / "o")]) == 3
    err = capsys.readouterr().err
    assert "internal error: RuntimeError: boom" in err and "Traceback" not in err


def test_a_broken_config_is_reported_before_a_broken_spec(
    tmp_path: Path,
    write_spec: Callable[[str], Path],
    capsys: pytest.CaptureFixture[str],
) -> None:
    """The spec is read (and validation started) before the config, for speed; what is
    reported stays as when the config came first."""
    broken = str(write_spec("paths: {x: [1, 2", "broken.yaml"))
    missing = str(tmp_path / "no.toml")
    assert main(["generate", "--spec", broken, "--config", missing, "--out", "o"]) == 2
    err = capsys.readouterr().err
    assert "config-not-found" in err and "invalid-yaml" not in err
    good = str(write_spec(GOOD))
    assert main(["generate", "--spec", good, "--config", missing, "--out", "o", "-q"]) == 2
    assert "config-not-found" in capsys.readouterr().err
    assert not (tmp_path / "o").exists()
