"""The runtime as plain Python: imported from the generator's source tree, copied verbatim.

These tests import `generator.runtime` directly (with its stand-in `_constants`), not the
generated package, and check that a generated package holds the same files.
"""

from __future__ import annotations

import ast
import importlib

import httpx
import pytest

from generator.config import ConfigFile
from generator.render import HEADER, package_info, render_package
from generator.runtime import RENDERED, RUNTIME_DIR, exports, module_exports, plain_modules
from generator.runtime import _constants as constants
from generator.runtime import _exceptions as exceptions
from generator.runtime._raw import RawResponse
from generator.signatures import method_signatures
from tests.project import GENERATED
from tests.spec_builders import named_api


def _module_names(source: str) -> set[str]:
    """The names a module defines at its top level, `if TYPE_CHECKING:` blocks included."""
    names: set[str] = set()
    nodes = list(ast.parse(source).body)
    while nodes:
        node = nodes.pop()
        if isinstance(node, ast.If):
            nodes.extend(node.body)
        elif isinstance(node, ast.ClassDef | ast.FunctionDef):
            names.add(node.name)
        elif isinstance(node, ast.Assign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            names.update(t.id for t in targets if isinstance(t, ast.Name))
    return names


def _rendered_constants() -> str:
    """`_constants.py` as the generator writes it for a spec titled "Test API"."""
    api = named_api("paths: {}\n")
    info = package_info(api, ConfigFile(), "0" * 64, None)
    files = render_package(api, method_signatures(api), info)
    return next(text for path, text in files.items() if path.endswith("/_constants.py"))


def test_the_generated_runtime_is_the_plain_source_under_the_header() -> None:
    copied = [p.name for p in plain_modules()]
    assert "_base_client.py" in copied and RENDERED not in copied
    for module in plain_modules():
        generated = (GENERATED / "venice_ai" / module.name).read_text(encoding="utf-8")
        assert generated == f"{HEADER}\n{module.read_text(encoding='utf-8')}", module.name


def test_only_the_constants_module_is_rendered() -> None:
    templates = sorted(p.name for p in (RUNTIME_DIR.parent.parent / "templates").rglob("*.j2"))
    assert "constants.py.j2" in templates
    assert not any(name.startswith("_") and name.endswith(".py.j2") for name in templates)
    runtime = {p.name for p in GENERATED.glob("venice_ai/_*.py")} - {"__init__.py", "_client.py"}
    assert runtime == {p.name for p in plain_modules()} | {RENDERED}


def test_the_stand_in_defines_exactly_the_names_the_template_renders() -> None:
    stand_in = _module_names((RUNTIME_DIR / RENDERED).read_text(encoding="utf-8"))
    rendered = _module_names(_rendered_constants())
    # Only the base error class differs: it is named after the API's title.
    assert stand_in - {"ExampleError"} == rendered - {"TestError"}
    assert "ErrorBase" in rendered and "response_headers_model" in rendered


def test_exports_are_what_the_modules_really_export() -> None:
    for module in plain_modules():
        imported = importlib.import_module(f"generator.runtime.{module.stem}")
        assert module_exports(module.name) == frozenset(imported.__all__), module.name
        assert all(hasattr(imported, name) for name in imported.__all__), module.name
    assert {"APIStatusError", "SyncAPIClient", "Stream", "NotGiven"} <= exports()


def test_the_error_tree_is_built_on_the_base_the_constants_define() -> None:
    assert constants.ErrorBase is constants.ExampleError
    for name in exceptions.__all__:
        value = getattr(exceptions, name)
        if isinstance(value, type):
            assert issubclass(value, constants.ErrorBase), name


def test_typed_headers_without_declared_headers_keep_every_header() -> None:
    request = httpx.Request("GET", "http://localhost/x")
    response = httpx.Response(200, headers={"X-Balance": "4.2"}, request=request)
    raw = RawResponse(response, lambda: None)
    assert (raw.typed_headers.model_extra or {}) == {"x-balance": "4.2"}


@pytest.mark.parametrize("module", [p.name for p in plain_modules()])
def test_no_plain_module_holds_template_syntax(module: str) -> None:
    text = (RUNTIME_DIR / module).read_text(encoding="utf-8")
    assert "{{" not in text and "{%" not in text
    assert not text.startswith("#"), "the header line is added when copying"


def test_the_package_gets_its_own_constants_not_the_stand_in() -> None:
    generated = (GENERATED / "venice_ai" / RENDERED).read_text(encoding="utf-8")
    assert 'PACKAGE: Final = "venice_ai"' in generated and "class VeniceError(" in generated
    assert "ExampleError" not in generated
