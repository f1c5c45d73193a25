"""Small specs written inline in tests, taken through the generator's stages."""

from __future__ import annotations

import textwrap

from generator.config import ConfigFile
from generator.diagnostics import Diagnostics
from generator.ir import Api, Model, ObjectModel
from generator.load import load_spec_bytes
from generator.naming import assign_names
from generator.normalize import normalize
from generator.normalize.behaviour import configure_operations
from generator.normalize.build import RESPONSE_HEADERS_KEY, build_api
from generator.normalize.helpers import configure_helpers
from generator.normalize.type_settings import apply_type_settings


def spec_text(body: str) -> str:
    """A minimal OpenAPI document around `body` (YAML, dedented)."""
    return "openapi: 3.0.0\ninfo: {title: Test API, version: '1'}\n" + textwrap.dedent(body)


def load_text(text: str, diagnostics: Diagnostics | None = None) -> dict[str, object]:
    """Load YAML/JSON text the way the generator does."""
    return load_spec_bytes(text.encode(), "spec.yaml", diagnostics).data


def raw_api(body: str, diagnostics: Diagnostics | None = None) -> Api:
    """The IR straight from the builder, before any pass."""
    return build_api(load_text(spec_text(body)), diagnostics or Diagnostics())


def normalized_api(body: str, diagnostics: Diagnostics | None = None) -> Api:
    """The IR after every normalisation pass."""
    return normalize(load_text(spec_text(body)), diagnostics or Diagnostics())


def named_api(
    body: str, config: ConfigFile | None = None, diagnostics: Diagnostics | None = None
) -> Api:
    """The IR after normalisation and naming."""
    diagnostics = diagnostics or Diagnostics()
    config = config or ConfigFile()
    api = normalize(load_text(spec_text(body)), diagnostics)
    api = apply_type_settings(api, config.types, diagnostics)
    api = configure_operations(api, config, diagnostics)
    return configure_helpers(assign_names(api, config, diagnostics), config, diagnostics)


def spec_models(api: Api) -> list[Model]:
    """The models that come from the spec's schemas (not the synthesized headers model)."""
    return [m for m in api.models if m.key != RESPONSE_HEADERS_KEY]


def model_named(api: Api, name: str) -> Model:
    """The model whose class (or param) name is `name`."""
    for model in api.models:
        if name in (model.name, model.param_name):
            return model
    raise AssertionError(f"no model named {name}; have {sorted(str(m.name) for m in api.models)}")


def object_at(api: Api, pointer: str) -> ObjectModel:
    """The object model that has a site at `pointer`."""
    for model in api.models:
        if isinstance(model, ObjectModel) and any(s.pointer == pointer for s in model.sites):
            return model
    raise AssertionError(f"no object model at {pointer}")
