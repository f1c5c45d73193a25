"""Stage 2: OpenAPI validation problems, as warnings (or errors under --strict)."""

from __future__ import annotations

import http.server
import threading
from pathlib import Path

import pytest

from generator import validate
from generator.diagnostics import Diagnostics, GeneratorError, Level
from generator.load import load_spec, load_spec_bytes
from generator.validate import local_only, validate_spec
from tests.project import ROOT, SHARED_SPECS, shared_spec_files
from tests.spec_builders import spec_text

MISSING_DESCRIPTION = spec_text("""
paths:
  /things:
    get:
      responses:
        "200":
          content:
            application/json:
              schema: {type: object}
""")


def _validate(text: str, *, strict: bool = False) -> Diagnostics:
    diagnostics = Diagnostics(file="spec.yaml")
    spec = load_spec_bytes(text.encode(), "spec.yaml", diagnostics)
    validate_spec(spec, diagnostics, strict=strict)
    return diagnostics


def test_problems_are_warnings_with_pointer_line_and_the_real_cause() -> None:
    [problem] = _validate(MISSING_DESCRIPTION).items
    assert problem.level is Level.WARNING and problem.code == "invalid-openapi"
    assert problem.pointer == "#/paths/~1things/get/responses/200"
    assert problem.line == 8  # the line of `"200":`
    assert "'description' is a required property" in problem.message
    assert "--strict" in problem.hint


def test_strict_makes_problems_errors() -> None:
    [problem] = _validate(MISSING_DESCRIPTION, strict=True).items
    assert problem.level is Level.ERROR


def test_a_valid_spec_has_no_problems() -> None:
    assert _validate(spec_text("paths: {}\n")).items == []


def test_duplicate_operation_ids_point_at_the_operation() -> None:
    diagnostics = Diagnostics()
    validate_spec(load_spec(SHARED_SPECS / "2025-02-18_3660f46d.yaml"), diagnostics)
    pointers = sorted(d.pointer for d in diagnostics)
    assert pointers == [
        "#/paths/~1models~1compatibility_mapping/get",
        "#/paths/~1models~1traits/get",
    ]
    assert all("is not unique" in d.message for d in diagnostics)


def test_swagger_2_is_refused() -> None:
    [problem] = _validate("swagger: '2.0'\ninfo: {title: x, version: '1'}\npaths: {}\n").items
    assert problem.level is Level.ERROR and problem.code == "unsupported-version"


def test_a_document_without_openapi_field_is_refused() -> None:
    [problem] = _validate("info: {title: x}\n").items
    assert problem.level is Level.ERROR and problem.code == "not-openapi"


def test_openapi_3_1_is_validated_with_the_3_1_schema() -> None:
    text = "openapi: 3.1.0\ninfo: {title: x, version: '1'}\npaths: {}\n"
    assert _validate(text).items == []


def test_external_references_are_neither_read_nor_fetched(tmp_path: Path) -> None:
    hits: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            hits.append(self.path)
            self.send_response(200)
            self.end_headers()
            self.wfile.write(b'{"type": 7}')

        def log_message(self, *args: object) -> None:
            pass

    secret = tmp_path / "secret.json"
    secret.write_text('{"type": "not a type"}')
    with http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler) as server:
        threading.Thread(target=server.serve_forever, daemon=True).start()
        url = f"http://127.0.0.1:{server.server_address[1]}/x.json"
        text = spec_text(f"""
        paths:
          /a:
            get:
              responses:
                "200": {{description: ok, content: {{application/json: {{schema: {{$ref: "{url}"}}}}}}}}
                "201": {{description: ok, content: {{application/json: {{schema: {{$ref: "{secret.as_uri()}"}}}}}}}}
        """)
        diagnostics = _validate(text, strict=True)
        server.shutdown()
    assert hits == []
    assert not diagnostics.items  # the file's content would have been an invalid schema


def test_local_only_shares_what_it_does_not_change() -> None:
    document = {"a": {"b": [1, {"$ref": "#/x"}]}, "c": {"$ref": "other.yaml#/y"}}
    cleaned = local_only(document)
    assert cleaned == {"a": {"b": [1, {"$ref": "#/x"}]}, "c": {}}
    assert cleaned["a"] is document["a"] and document["c"] == {"$ref": "other.yaml#/y"}


def _findings(path: Path) -> list[str]:
    diagnostics = Diagnostics(file=path.name)
    try:
        validate_spec(load_spec(path, diagnostics), diagnostics)
    except GeneratorError:
        pass
    return [d.format() for d in diagnostics]


@pytest.mark.parametrize(
    "path", sorted((ROOT / "tests" / "specs").rglob("*.*")), ids=lambda p: p.stem
)
def test_the_compiled_check_changes_no_finding(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A spec the compiled schema finds valid skips the Python JSON Schema pass: what is
    reported must be what the Python pass alone reports."""
    fast = _findings(path)
    monkeypatch.setattr(validate, "_compiled_schema", lambda version: None)
    assert _findings(path) == fast


@pytest.mark.slow  # every spec of the archive through the Python JSON Schema pass
def test_the_compiled_check_agrees_with_jsonschema_on_every_archived_spec() -> None:
    from openapi_spec_validator.schemas.backend.jsonschema import create_validator
    from openapi_spec_validator.schemas.utils import get_schema_content

    for path in shared_spec_files():
        document = local_only(load_spec(path).data)
        version = str(document["openapi"])[:3]
        compiled = validate._compiled_schema(version)
        python = create_validator(dict(get_schema_content(version)))
        assert compiled.is_valid(document) == (not list(python.iter_errors(document))), path
