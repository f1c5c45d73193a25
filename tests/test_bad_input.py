"""Input the generator refuses: one located message with a hint, exit status 2, and the
previous output left exactly as it was.

The specs live in `tests/specs/bad/`, one per concern; inputs that cannot be a file in the
repository (bytes that are not UTF-8, very deep nesting) are written by the test.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pytest

from generator.cli import main
from tests.project import TEST_SPECS, tree_files

BAD = TEST_SPECS / "bad"


@pytest.fixture(autouse=True)
def _outside_the_repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Run where there is no specs/venice.toml, so the Venice config does not apply."""
    monkeypatch.chdir(tmp_path)


@dataclass(frozen=True)
class Refusal:
    """What the one message about a refused spec must say."""

    code: str
    text: str
    line: int | None = None
    pointer: str | None = None


CASES = {
    "empty.yaml": Refusal("empty-file", "spec file is empty"),
    "not_yaml.yaml": Refusal("invalid-yaml", "(line 6, column 1)", line=6),
    "not_json.json": Refusal(
        "invalid-json", "Expecting property name enclosed in double quotes (line 5, column 1)", 5
    ),
    "duplicate_keys.yaml": Refusal(
        "duplicate-key",
        "mapping key 'get' appears twice (lines 5 and 9) with different values",
        line=5,
        pointer="#/paths/~1things/get",
    ),
    "broken_ref.yaml": Refusal(
        "broken-ref",
        "reference '#/components/schemas/Thing' points to nothing",
        line=12,
        pointer="#/paths/~1things/get/responses/200/content/application~1json/schema",
    ),
    "not_a_mapping.yaml": Refusal(
        "not-a-mapping", "spec must be a mapping at the top level, not list", line=1
    ),
    "swagger2.yaml": Refusal(
        "unsupported-version", "Swagger 2.0 documents are not supported", 1, "#/swagger"
    ),
    "recursive_alias.yaml": Refusal(
        "recursive-alias",
        "a YAML alias refers to a node that contains it",
        line=3,
        pointer="#/paths/~1things",
    ),
}


@pytest.fixture
def previous_output(tmp_path: Path) -> Path:
    """An output directory from an earlier, successful run."""
    out = tmp_path / "out"
    good = BAD.parent / "unfamiliar" / "default_responses.yaml"
    assert main(["generate", "--spec", str(good), "--out", str(out), "-q"]) == 0
    return out


def _refused(
    spec: Path,
    out: Path,
    capsys: pytest.CaptureFixture[str],
    *extra: str,
) -> str:
    before = tree_files(out)
    status = main(["generate", "--spec", str(spec), "--out", str(out), *extra])
    err = capsys.readouterr().err
    assert status == 2, err
    assert tree_files(out) == before, "the previous output changed"
    leftovers = [p.name for p in out.parent.iterdir() if p.name.startswith(f".{out.name}.")]
    assert leftovers == [], "a staging directory was left behind"
    assert "Traceback" not in err
    return err


def _assert_says(err: str, spec: Path | str, refusal: Refusal) -> None:
    errors = [block for block in err.split("\n") if "error[" in block]
    assert len(errors) == 1, f"expected one error, got: {err}"
    where = f"{spec}:{refusal.line}" if refusal.line is not None else f"{spec}"
    assert errors[0].startswith(f"{where}: error[{refusal.code}]: "), err
    assert refusal.text in errors[0], err
    if refusal.pointer is not None:
        assert errors[0].endswith(f"(at {refusal.pointer})"), err
    hint = err.split(errors[0], 1)[1].lstrip("\n")
    assert hint.startswith("    hint: ") and len(hint.split("\n")[0]) > len("    hint: "), err


@pytest.mark.parametrize("name", sorted(CASES))
def test_each_bad_spec_is_refused_with_one_located_message(
    name: str, previous_output: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    spec = BAD / name
    err = _refused(spec, previous_output, capsys)
    _assert_says(err, spec, CASES[name])


def test_every_bad_fixture_has_a_case() -> None:
    fixtures = {p.name for p in BAD.iterdir()} - {"invalid_openapi.yaml"}
    assert fixtures == set(CASES)


def test_a_missing_file_is_refused(
    previous_output: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    spec = tmp_path / "nope.yaml"
    err = _refused(spec, previous_output, capsys)
    _assert_says(err, spec, Refusal("file-not-found", f"spec file '{spec}' does not exist"))


def test_bytes_that_are_not_utf8_are_refused_at_their_line(
    previous_output: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    spec = tmp_path / "latin1.yaml"
    spec.write_bytes(b'openapi: 3.0.3\ninfo: {title: "caf\xe9", version: "1"}\npaths: {}\n')
    err = _refused(spec, previous_output, capsys)
    _assert_says(err, spec, Refusal("not-utf8", "spec is not UTF-8 text", line=2))


@pytest.mark.parametrize("suffix", [".json", ".yaml"])
def test_absurd_nesting_is_refused_not_a_crash(
    suffix: str, previous_output: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    spec = tmp_path / f"deep{suffix}"
    depth = 100_000 if suffix == ".json" else 30_000
    nested = "[" * depth + "]" * depth
    spec.write_text(
        '{"openapi": "3.0.3", "info": {"title": "Deep", "version": "1"}, "paths": {}, '
        f'"x-deep": {nested}}}'
        if suffix == ".json"
        else f"openapi: 3.0.3\ninfo: {{title: Deep, version: '1'}}\npaths: {{}}\nx-deep: {nested}\n"
    )
    err = _refused(spec, previous_output, capsys)
    _assert_says(err, spec, Refusal("too-deep", "nested too deeply"))


def _nested_schema_spec(path: Path, depth: int) -> Path:
    schema: dict[str, object] = {"type": "string"}
    for _ in range(depth):
        schema = {"type": "object", "properties": {"inner": schema}}
    content = {"application/json": {"schema": schema}}
    operation = {
        "operationId": "dig",
        "responses": {"200": {"description": "ok", "content": content}},
    }
    path.write_text(
        json.dumps(
            {
                "openapi": "3.0.3",
                "info": {"title": "Deep", "version": "1"},
                "paths": {"/dig": {"get": operation}},
            }
        )
    )
    return path


def test_deeply_nested_schemas_generate_up_to_a_limit(
    previous_output: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    deep = _nested_schema_spec(tmp_path / "deep.json", 100)
    assert main(["generate", "--spec", str(deep), "--out", str(tmp_path / "deep"), "-q"]) == 0
    deeper = _nested_schema_spec(tmp_path / "deeper.json", 400)
    err = _refused(deeper, previous_output, capsys)
    _assert_says(err, deeper, Refusal("too-deep", "more than about 150 levels of inline schemas"))


def test_invalid_openapi_is_refused_under_strict_only(
    previous_output: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    spec = BAD / "invalid_openapi.yaml"
    err = _refused(spec, previous_output, capsys, "--strict")
    refusal = Refusal(
        "invalid-openapi",
        "'description' is a required property",
        line=10,
        pointer="#/paths/~1things/get/responses/200",
    )
    _assert_says(err, spec, refusal)
    assert "--strict refuses it (without it, generation goes on)" in err
    out = tmp_path / "lenient"
    assert main(["generate", "--spec", str(spec), "--out", str(out)]) == 0
    assert "warning[invalid-openapi]" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("flags", "text"),
    [
        (["--package-name", "class"], "'class' must be a Python identifier"),
        (["--client-name", "My Client"], "'My Client' must be a Python identifier"),
        (["--no-config", "--config", "x.toml"], "--config and --no-config contradict"),
    ],
)
def test_bad_names_on_the_command_line_are_refused(
    flags: list[str], text: str, previous_output: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    spec = BAD.parent / "unfamiliar" / "default_responses.yaml"
    err = _refused(spec, previous_output, capsys, *flags)
    _assert_says(err, "venice-codegen", Refusal("config-invalid", text))


def test_every_diagnostic_code_is_one_the_generator_reports() -> None:
    """`Code` is the one list of diagnostics: each member is used, none is spelled ad hoc."""
    import re

    from generator.diagnostics import Code
    from tests.project import ROOT

    sources = "\n".join(p.read_text() for p in (ROOT / "generator").rglob("*.py"))
    used = set(re.findall(r"\bCode\.([A-Z0-9_]+)\b", sources))
    assert used == {c.name for c in Code}
    assert all(c.value == c.name.lower().replace("_", "-") for c in Code)
