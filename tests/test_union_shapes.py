"""Unions of objects in responses: how each kind is told apart, and what a newer server's
variant becomes.

`tests/specs/unfamiliar/union_shapes.yaml` holds one union of each kind: a declared
discriminator, members tagged by a one-value enum, members told apart by the keys they
require (`ByKeys`, as Venice's model pricing), and members the keys cannot tell apart
(a plain union pydantic tries member by member). The client parses real bodies through
an in-process transport.
"""

from __future__ import annotations

import importlib
import itertools
import logging
from collections import Counter
from collections.abc import Iterator
from typing import Annotated, Any

import httpx
import pydantic
import pytest

from tests.conftest import FixtureClient

PRICE = {"usd": 0.5}


@pytest.fixture
def tariffs(fixture_clients: dict[str, FixtureClient]) -> FixtureClient:
    return fixture_clients["unfamiliar/union_shapes"]


@pytest.fixture(autouse=True)
def fresh_drift(tariffs: FixtureClient) -> Iterator[None]:
    """Each test starts as a new process would: no drift reported yet."""
    drift = importlib.import_module(f"{tariffs.package}._drift")
    drift._REPORTED.clear()
    yield
    drift._REPORTED.clear()


def get_tariff(tariffs: FixtureClient, body: dict[str, Any], **options: Any) -> Any:
    """`tariffs.get(1)` answered with `body`."""
    transport = httpx.MockTransport(lambda request: httpx.Response(200, json=body))
    client = tariffs.module().TariffsClient(
        api_key="k", max_retries=0, http_client=httpx.Client(transport=transport), **options
    )
    return client.tariffs.get(1)


def drift_warnings(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]


@pytest.mark.parametrize(
    ("field", "value", "member"),
    [
        ("declared", {"plan": "Flat", "fee": 1.0}, "Flat"),
        ("declared", {"plan": "Metered", "rate": 2.0}, "Metered"),
        ("tagged", {"unit": "second", "price": PRICE}, "TariffTaggedSecond"),
        ("tagged", {"unit": "token", "price": PRICE, "cached": PRICE}, "TariffTaggedToken"),
        ("keyed", {"input": PRICE, "output": PRICE}, "TariffKeyedTokens"),
        ("keyed", {"input": PRICE, "output": PRICE, "cache": PRICE}, "TariffKeyedTokens"),
        ("keyed", {"input": PRICE}, "TariffKeyedCharacters"),
        ("keyed", {"generation": PRICE}, "TariffKeyedSong"),
        ("keyed", {"upscale": PRICE}, "TariffKeyedImage"),
        ("keyed", {"generation": PRICE, "upscale": PRICE}, "TariffKeyedImage"),
        # A key a newer server added to a member keeps the member (and the key).
        ("keyed", {"input": PRICE, "output": PRICE, "batch": PRICE}, "TariffKeyedTokens"),
        ("untold", {"amount": 3}, "TariffUntoldCount"),
        ("untold", {"amount": "three"}, "TariffUntoldLabel"),
    ],
)
def test_each_union_picks_its_member(
    tariffs: FixtureClient, field: str, value: dict[str, Any], member: str
) -> None:
    tariff = get_tariff(tariffs, {"id": "t", field: value}, strict_responses=True)
    assert type(getattr(tariff, field)).__name__ == member
    assert tariff.to_dict() == {"id": "t", field: value}


def test_each_kind_is_spelled_as_its_kind(tariffs: FixtureClient) -> None:
    source = (tariffs.out / tariffs.package / "types" / "tariffs.py").read_text()
    assert 'Annotated[Flat | Metered, Field(discriminator="plan")]' in source
    assert 'Field(discriminator="unit")' in source
    assert "TariffKeyedCharacters | TariffKeyedSong, ByKeys()" in source
    assert "untold: TariffUntoldCount | TariffUntoldLabel | None = None" in source


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("declared", {"plan": "Tiered", "tiers": [1, 2]}),
        ("tagged", {"unit": "image", "price": PRICE}),
        ("keyed", {"per_image": PRICE}),
    ],
)
def test_a_newer_variant_still_parses_with_the_drift_warning(
    tariffs: FixtureClient, caplog: pytest.LogCaptureFixture, field: str, value: dict[str, Any]
) -> None:
    body = {"id": "t", field: value}
    tariff = get_tariff(tariffs, body)
    assert type(tariff).__name__ == "Tariff" and tariff.id == "t"
    assert tariff.to_dict() == body  # nothing lost
    if field == "keyed":  # it shares no key with any member: kept as the data it is
        assert tariff.keyed == value
    # The first warning names the variant (a kept key may add a field warning).
    warning = drift_warnings(caplog)[0]
    assert "union variant" in warning and field in warning

    errors = importlib.import_module(f"{tariffs.package}._exceptions")
    with pytest.raises(errors.APIResponseValidationError) as raised:
        get_tariff(tariffs, body, strict_responses=True)
    assert isinstance(raised.value, tariffs.module().TariffsError)


def test_keyed_members_are_the_ones_smart_mode_picks(tariffs: FixtureClient) -> None:
    """`ByKeys` against pydantic's smart mode, on every set of keys the members declare
    (and one they do not), each holding a price, valid or (one at a time) not: the same
    member, or both fail."""
    types = tariffs.module("types")
    members = (
        types.TariffKeyedTokens,
        types.TariffKeyedImage,
        types.TariffKeyedCharacters,
        types.TariffKeyedSong,
    )
    union = members[0] | members[1] | members[2] | members[3]
    smart: pydantic.TypeAdapter[Any] = pydantic.TypeAdapter(union)
    by_keys: pydantic.TypeAdapter[Any] = pydantic.TypeAdapter(
        Annotated[union, importlib.import_module(f"{tariffs.package}._unions").ByKeys()]
    )
    keys = ("input", "output", "cache", "generation", "upscale", "newer")
    outcomes: Counter[str] = Counter()
    for size in range(len(keys) + 1):
        for chosen in itertools.combinations(keys, size):
            for broken in (None, *chosen):
                value = {key: {"usd": "x"} if key == broken else PRICE for key in chosen}
                try:
                    expected = type(smart.validate_python(value)).__name__
                except pydantic.ValidationError:
                    with pytest.raises(pydantic.ValidationError):
                        by_keys.validate_python(value)
                    outcomes["both fail"] += 1
                    continue
                assert type(by_keys.validate_python(value)).__name__ == expected, value
                outcomes[expected] += 1
    # A broken `output` makes `{input, output}` the Characters member with an extra key.
    assert type(by_keys.validate_python({"input": PRICE, "output": {}})) is members[2]
    # Every member is reached, and so is failure: 256 values compared.
    assert outcomes == {
        "both fail": 52,
        "TariffKeyedTokens": 40,
        "TariffKeyedImage": 84,
        "TariffKeyedCharacters": 44,
        "TariffKeyedSong": 36,
    }


def test_a_model_built_by_hand_keeps_its_member(tariffs: FixtureClient) -> None:
    types = tariffs.module("types")
    song = types.TariffKeyedSong(generation=types.Price(usd=1.0))
    tariff = types.Tariff(id="t", keyed=song)
    assert tariff.keyed is song
    copied = types.Tariff.model_validate(tariff.to_dict())
    assert type(copied.keyed) is types.TariffKeyedSong
