"""Fixtures shared by the tests (helpers live in `tests.project`, `tests.spec_builders`,
`tests.servers` and `tests.type_checkers`)."""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

import pytest

from tests.prism_server import Prism, prism_mock, spec_as_json
from tests.project import GENERATED, PINNED_SPEC, TEST_SPECS, generate_spec
from tests.spec_builders import spec_text

# Tests import the committed client (`import venice_ai`) the way its users do.
sys.path.insert(0, str(GENERATED))


@pytest.fixture(scope="session", autouse=True)
def _private_generator_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """The generator's cache (generator.cache) in a folder of this session, not the
    checkout's: what an earlier run left must not decide what a test sees."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("VENICE_CODEGEN_CACHE_DIR", str(tmp_path_factory.mktemp("codegen-cache")))
        yield


@pytest.fixture
def write_spec(tmp_path: Path) -> Callable[[str], Path]:
    """Write a small spec (body after `info`) to a file and return its path."""

    def write(body: str, name: str = "spec.yaml") -> Path:
        path = tmp_path / name
        path.write_text(spec_text(body), encoding="utf-8")
        return path

    return write


@dataclass(frozen=True)
class FixtureClient:
    """A client generated from one of the specs under `tests/specs/`, importable."""

    out: Path
    package: str
    printed: str

    def module(self, name: str = "") -> ModuleType:
        """The package, or its submodule `name` (`types`, `resources.pets`)."""
        return importlib.import_module(f"{self.package}.{name}" if name else self.package)


@pytest.fixture(scope="session")
def fixture_clients(tmp_path_factory: pytest.TempPathFactory) -> dict[str, FixtureClient]:
    """Every hostile and unfamiliar fixture spec, generated once without a config.

    Keys are `folder/stem` (`unfamiliar/recursive`); the outputs are on `sys.path`.
    """
    root = tmp_path_factory.mktemp("fixture-clients")
    clients: dict[str, FixtureClient] = {}
    for spec in sorted([*TEST_SPECS.glob("hostile/*"), *TEST_SPECS.glob("unfamiliar/*")]):
        key = f"{spec.parent.name}/{spec.stem}"
        out = root / key.replace("/", "-")
        package, printed = generate_spec(spec, out)
        sys.path.insert(0, str(out))
        clients[key] = FixtureClient(out, package, printed)
    packages = [c.package for c in clients.values()]
    assert len(set(packages)) == len(packages), f"package names repeat: {packages}"
    return clients


@pytest.fixture(scope="session")
def served_spec(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The pinned spec as JSON, read the generator's way, for Prism to serve."""
    return spec_as_json(PINNED_SPEC, tmp_path_factory.mktemp("prism") / "openapi.json")


@pytest.fixture(scope="session")
def prism(served_spec: Path) -> Iterator[Prism]:
    """Prism answering from the pinned spec's examples (started once, stopped at the end)."""
    with prism_mock(served_spec, served_spec.parent) as server:
        yield server


@pytest.fixture(scope="session")
def prism_dynamic(served_spec: Path) -> Iterator[Prism]:
    """Prism inventing spec-valid answers for the pinned spec (`prism mock -d`)."""
    with prism_mock(served_spec, served_spec.parent, dynamic=True) as server:
        yield server
