"""Which events end a stream or report an error comes from the config's `[streams]` table,
through the rendered `_constants`; the runtime is tested here from the source tree."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from generator.config import ConfigFile, load_config_file
from generator.diagnostics import GeneratorError
from generator.render import package_info, render_package
from generator.runtime._exceptions import StreamError
from generator.runtime._streaming import API_STREAM_RULES, Stream, StreamRules
from generator.signatures import method_signatures
from tests.project import ROOT
from tests.spec_builders import named_api

VENICE_RULES = StreamRules(
    done="[DONE]",
    final_types=frozenset({"response.completed", "response.incomplete"}),
    error_types=frozenset({"error", "response.failed"}),
    error_field="error",
    item_fields=frozenset({"choices"}),
)


def _stream(body: bytes, rules: StreamRules = API_STREAM_RULES) -> Iterator[object]:
    response = httpx.Response(
        200,
        content=body,
        headers={"content-type": "text/event-stream"},
        request=httpx.Request("POST", "http://localhost/stream"),
    )
    return iter(Stream(response=response, item_type=dict, strict=False, rules=rules))


def _constants(config: ConfigFile) -> dict[str, object]:
    """The stream constants `_constants.py` gets for a small spec under `config`."""
    api = named_api("paths: {}\n", config)
    files = render_package(api, method_signatures(api), package_info(api, config, "0" * 64, None))
    text = next(t for p, t in files.items() if p.endswith("/_constants.py"))
    values: dict[str, object] = {}
    for node in ast.parse(text).body:
        if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            if node.target.id.startswith("STREAM_") and node.value is not None:
                values[node.target.id] = _literal(node.value)
    return values


def _literal(node: ast.expr) -> object:
    """A literal, or a `frozenset(...)` of literals."""
    if isinstance(node, ast.Call):
        return frozenset(ast.literal_eval(node.args[0]) if node.args else ())
    return ast.literal_eval(node)


def test_the_venice_config_keeps_the_rules_the_runtime_had() -> None:
    streams = load_config_file(ROOT / "specs" / "venice.toml").streams
    assert _constants(ConfigFile(streams=streams)) == {
        "STREAM_DONE": VENICE_RULES.done,
        "STREAM_FINAL_TYPES": VENICE_RULES.final_types,
        "STREAM_ERROR_TYPES": VENICE_RULES.error_types,
        "STREAM_ERROR_FIELD": VENICE_RULES.error_field,
        "STREAM_ITEM_FIELDS": VENICE_RULES.item_fields,
    }


def test_without_a_streams_table_streams_are_plain_sse_ending_with_done() -> None:
    assert _constants(ConfigFile()) == {
        "STREAM_DONE": "[DONE]",
        "STREAM_FINAL_TYPES": frozenset(),
        "STREAM_ERROR_TYPES": frozenset(),
        "STREAM_ERROR_FIELD": None,
        "STREAM_ITEM_FIELDS": frozenset(),
    }
    assert StreamRules() == API_STREAM_RULES  # the stand-in `_constants` has no config


@pytest.mark.parametrize(
    ("table", "problem"),
    [
        ('[streams]\ndone = ""\n', "streams.done"),
        ('[streams]\nend = "x"\n', "streams.end"),
        ('[streams]\nfinal_types = ["a"]\nerror_types = ["a"]\n', "both end a stream and fail"),
        ('[streams]\nerror_types = [""]\n', "must not be empty"),
    ],
)
def test_a_wrong_streams_table_is_a_config_error(tmp_path: Path, table: str, problem: str) -> None:
    path = tmp_path / "config.toml"
    path.write_text(table, encoding="utf-8")
    with pytest.raises(GeneratorError) as error:
        load_config_file(path)
    assert problem in str(error.value) and "config-invalid" in str(error.value)


def test_plain_sse_yields_an_error_shaped_event_as_an_item() -> None:
    body = b'data: {"error": "not for us"}\n\ndata: {"type": "response.failed"}\n\ndata: [DONE]\n\n'
    assert list(_stream(body)) == [{"error": "not for us"}, {"type": "response.failed"}]


def test_configured_error_events_and_fields_raise() -> None:
    for body in (b'data: {"error": {"message": "boom"}}\n\n', b"event: error\ndata: {}\n\n"):
        with pytest.raises(StreamError, match="reported an error"):
            list(_stream(body, VENICE_RULES))
    chunk = b'data: {"choices": [], "error": null}\n\ndata: [DONE]\n\n'
    assert list(_stream(chunk, VENICE_RULES)) == [{"choices": [], "error": None}]


def test_a_final_type_ends_the_stream_and_a_custom_done_too() -> None:
    final = b'data: {"type": "response.completed"}\n\ndata: {"type": "never read"}\n\n'
    assert list(_stream(final, VENICE_RULES)) == [{"type": "response.completed"}]
    with pytest.raises(StreamError, match=r"without \[DONE\]"):
        list(_stream(final))
    custom = StreamRules(done="END")
    assert list(_stream(b"data: {}\n\ndata: END\n\n", custom)) == [{}]
    with pytest.raises(StreamError, match="without END"):
        list(_stream(b"data: {}\n\n", custom))
