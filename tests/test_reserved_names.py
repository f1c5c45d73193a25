"""The names generated code must not take are read from the runtime, not copied by hand.

The committed package shows what the generated modules really import; every such name
must be reserved. Specs then show the reservation at work.
"""

from __future__ import annotations

import ast

import pytest
from venice_ai import VeniceClient

from generator.naming.models import RESERVED_CLASS_NAMES
from generator.naming.operations import CLIENT_ATTRIBUTES, RESOURCE_MODULE_NAMES
from generator.naming.reserved import (
    IMPORTED_MODULES,
    LIBRARY_IMPORTS,
    MODULE_NAMES,
    RUNTIME_EXPORTS,
)
from tests.project import GENERATED
from tests.spec_builders import named_api

PACKAGE = GENERATED / "venice_ai"
GENERATED_MODULES = sorted(
    [PACKAGE / "_client.py", *PACKAGE.glob("resources/*.py"), *PACKAGE.glob("types/*.py")]
)


def _imports() -> tuple[dict[str, set[str]], set[str]]:
    """Names the generated modules import: from the runtime (by module), and from libraries."""
    runtime: dict[str, set[str]] = {}
    library: set[str] = set()
    for path in GENERATED_MODULES:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module is not None:
                names = {a.asname or a.name for a in node.names}
                if node.level and node.module.startswith("_"):
                    runtime.setdefault(node.module, set()).update(names)
                elif not node.level and node.module != "__future__":
                    library.update(names)
            elif isinstance(node, ast.Import):
                library.update(a.asname or a.name for a in node.names)
    return runtime, library


def test_every_runtime_name_the_generated_modules_import_is_reserved() -> None:
    runtime, _ = _imports()
    assert set(runtime) <= set(IMPORTED_MODULES)
    imported = set().union(*runtime.values())
    assert imported <= RUNTIME_EXPORTS
    assert imported <= RESERVED_CLASS_NAMES and imported <= RESOURCE_MODULE_NAMES


def test_every_library_name_the_generated_modules_import_is_listed() -> None:
    _, library = _imports()
    assert library <= LIBRARY_IMPORTS | MODULE_NAMES
    assert library <= RESERVED_CLASS_NAMES


def test_the_client_attributes_are_what_the_generated_client_has() -> None:
    resources = {name for name in vars(VeniceClient) if not name.startswith("_")}
    members = {name for name in dir(VeniceClient) if not name.startswith("_")} - resources
    assert members | {"with_raw_response"} <= CLIENT_ATTRIBUTES
    assert {"default_headers", "strict_responses", "with_options"} <= CLIENT_ATTRIBUTES


MODELS = """
paths:
  /events:
    get:
      operationId: listEvents
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/ServerSentEvent'}
        "413":
          description: too large
          content:
            application/json:
              schema: {$ref: '#/components/schemas/PayloadTooLargeError'}
components:
  schemas:
    ServerSentEvent:
      type: object
      properties: {data: {type: string}}
    PayloadTooLargeError:
      type: object
      properties: {code: {type: string}}
"""


def test_a_model_named_like_a_runtime_export_is_renamed_but_not_like_an_error_class() -> None:
    names = {m.key.rsplit("/", 1)[1]: m.name for m in named_api(MODELS).models}
    assert names["ServerSentEvent"] not in (None, "ServerSentEvent")
    assert names["PayloadTooLargeError"] == "PayloadTooLargeError"


@pytest.mark.parametrize("tag", ["default_headers", "strict_responses", "with_options"])
def test_a_resource_named_like_a_client_attribute_is_renamed(tag: str) -> None:
    api = named_api(f"""
paths:
  /things:
    get:
      operationId: listThings
      tags: [{tag}]
      responses:
        "204": {{description: none}}
""")
    [operation] = api.operations
    assert operation.resource[0] != tag and operation.resource[0].startswith(tag)
