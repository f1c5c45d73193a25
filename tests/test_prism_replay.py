"""Forward compatibility: clients generated from older specs, against today's API.

A client published months ago keeps running while the API moves on. Each older spec below is
generated (with today's config) into its own package, and every operation it shares with the
pinned spec is called against Prism in dynamic mode serving the *pinned* spec: responses are
new, randomised and spec-valid. Arguments follow the pinned spec (what the old client has no
argument for goes through `extra_*`). Every response must decode with the old client's
default settings, and nothing new may be lost: fields the old models do not know stay
reachable, unknown enum values are kept, and `to_dict()` gives the body back unchanged.
"""

from __future__ import annotations

import importlib
import sys
import warnings
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

import httpx
import pytest
from pydantic import BaseModel

from generator.config import load_config_file
from generator.diagnostics import Diagnostics
from generator.ir import Api
from generator.pipeline import read_api
from tests.contract_calls import (
    ContractCall,
    RecordingTransport,
    contract_calls,
    pinned_samples,
)
from tests.prism_server import Prism
from tests.project import PINNED_SPEC, SHARED_SPECS, VENICE_CONFIG

# Slow: generates three older clients and runs them against Prism.
# `make test-fast` leaves it out; `make test` and CI run it.
pytestmark = pytest.mark.slow

# One from each year, far enough back that the API has grown since.
OLD_SPECS = ("2025-06-27_4895adbb.yaml", "2026-01-29_1a6399bc.yaml", "2026-06-22_fe34508e.yaml")
ROUNDS = 2
SAMPLES = pinned_samples()


@dataclass(frozen=True)
class OldClient:
    """A client generated from an older spec, importable as `package`."""

    spec: str
    package: ModuleType
    api: Api


@pytest.fixture(scope="module", params=OLD_SPECS)
def old_client(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> OldClient:
    spec = SHARED_SPECS / request.param
    name = "venice_ai_" + request.param.split("_")[1].removesuffix(".yaml")
    out = tmp_path_factory.mktemp(name)
    from generator.cli import main

    status = main(
        ["generate", "--spec", str(spec), "--out", str(out), "--package-name", name, "-q"]
    )
    assert status == 0
    sys.path.insert(0, str(out))
    api = read_api(spec, load_config_file(VENICE_CONFIG), Diagnostics())[0]
    return OldClient(request.param, importlib.import_module(name), api)


def _plain(value: Any) -> Any:
    if isinstance(value, BaseModel):
        return value.to_dict()  # type: ignore[attr-defined]
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def _extras(value: Any) -> int:
    """How many values the models keep beyond what they declare (new fields)."""
    if isinstance(value, BaseModel):
        own = len(value.model_extra or {})
        return own + sum(_extras(getattr(value, name)) for name in type(value).model_fields)
    if isinstance(value, list):
        return sum(_extras(v) for v in value)
    return 0


def test_old_clients_decode_every_new_response(old_client: OldClient, prism_dynamic: Prism) -> None:
    calls = [
        c for c in contract_calls(old_client.api, SAMPLES) if c.variant in ("required", "binary")
    ]
    assert len({c.op.key for c in calls}) >= 19  # the oldest has 19 operations
    package = old_client.package
    decoded = new_fields = 0
    with httpx.Client(transport=RecordingTransport()) as http:
        settings = {"base_url": prism_dynamic.url, "max_retries": 0, "http_client": http}
        keyed = package.VeniceClient(api_key="test-key", **settings)
        anonymous = package.VeniceClient(  # see test_prism_contract
            api_key=None, require_credentials=False, **settings
        )
        for call in calls:
            for _ in range(ROUNDS):
                result = _call(call, anonymous if call.anonymous else keyed, package)
                exchange = http._transport.exchanges[-1]  # type: ignore[attr-defined]
                assert not exchange.violations(), (call.id, exchange.violations())
                if call.expect == "error":  # retired since: the old client raises its error
                    assert isinstance(result, package.APIStatusError), call.id
                    assert result.status_code == exchange.status
                    decoded += 1
                    continue
                assert 200 <= exchange.status < 300, (call.id, exchange.status, exchange.body[:300])
                if exchange.headers.get("content-type", "").startswith("application/json"):
                    assert _plain(result) == exchange.json(), f"{call.id}: data lost or changed"
                    new_fields += _extras(result)
                else:
                    assert result.content == exchange.body, call.id
                decoded += 1
    assert decoded == len(calls) * ROUNDS
    assert new_fields > 0  # the newer API did send what these clients do not know


def _call(call: ContractCall, client: Any, package: ModuleType) -> Any:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        try:
            return call.method(client)(**call.kwargs)
        except package.VeniceError as exc:
            return exc


def test_the_replayed_specs_are_older_than_the_pinned_one() -> None:
    assert all(name < PINNED_SPEC.name for name in OLD_SPECS)
    assert all((SHARED_SPECS / name).is_file() for name in OLD_SPECS)
    assert isinstance(Path(PINNED_SPEC), Path)
