"""`import venice_ai` loads little: the clients, streams, pages and helpers (with the pydantic
models they define), every `types` module and every resource module load on first use.
Each check runs in a fresh interpreter, whose `sys.modules` is what the import did."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from types import ModuleType

import pytest
import venice_ai
import venice_ai.types

from tests.project import GENERATED


def _modules_after(program: str) -> list[str]:
    """The `venice_ai` and pydantic modules loaded after running `program`."""
    report = "import sys, json; print(json.dumps(sorted(sys.modules)))"
    env = {**os.environ, "PYTHONPATH": str(GENERATED)}
    done = subprocess.run(
        [sys.executable, "-c", f"{program}\n{report}"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    names: list[str] = json.loads(done.stdout.splitlines()[-1])
    return [n for n in names if n.split(".")[0] in ("venice_ai", "pydantic")]


def test_importing_the_package_loads_no_types_module_resource_or_model() -> None:
    loaded = _modules_after("import venice_ai")
    assert "venice_ai.types" in loaded
    assert not [n for n in loaded if n.startswith(("venice_ai.types.", "venice_ai.resources"))]
    for heavy in ("venice_ai._client", "venice_ai._models", "venice_ai._streaming", "pydantic"):
        assert heavy not in loaded


def test_a_name_loads_its_module_and_a_resource_loads_on_first_access() -> None:
    loaded = _modules_after(
        "from venice_ai import VeniceClient\nclient = VeniceClient(api_key='k')\n"
        "import sys; assert not [m for m in sys.modules if m.startswith('venice_ai.resources.')]\n"
        "client.chat"
    )
    assert "venice_ai._client" in loaded and "venice_ai.resources.chat" in loaded
    assert "venice_ai.resources.models" not in loaded
    assert "venice_ai.types.models" not in loaded  # (chat's own types, not every module)
    loaded = _modules_after("from venice_ai.types import ModelList")
    assert "venice_ai.types.models" in loaded and "venice_ai.types.chat" not in loaded


@pytest.mark.parametrize("module", [venice_ai, venice_ai.types], ids=["venice_ai", "types"])
def test_every_exported_name_resolves_and_is_listed(module: ModuleType) -> None:
    names: list[str] = module.__all__
    assert names and set(names) <= set(dir(module))
    for name in names:
        assert getattr(module, name) is not None, name
    assert venice_ai.types.ChatCompletion.__module__ == "venice_ai.types.chat"
    assert venice_ai.VeniceClient.__module__ == "venice_ai._client"
    from venice_ai import AsyncVeniceClient, SyncPage  # noqa: F401
    from venice_ai.types import ChatCompletionChunk  # noqa: F401


@pytest.mark.parametrize("module", [venice_ai, venice_ai.types], ids=["venice_ai", "types"])
def test_a_misspelt_name_is_an_attribute_error(module: ModuleType) -> None:
    with pytest.raises(AttributeError, match="ChatCompletoin"):
        module.ChatCompletoin  # noqa: B018
    with pytest.raises(ImportError):
        exec(f"from {module.__name__} import ChatCompletoin", {})
