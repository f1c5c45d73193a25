"""The diff and the names over the real history of the Venice spec (the shared archive).

Every consecutive pair of the archive is compared. For the labelled pairs (P01-P10, and the
control pairs C01-C02) the expected changes below were written by hand from the two YAML
files, before comparing with the tool's output:

- P01: `POST /image/generations` becomes `POST /images/generations`, same operationId: the
  method keeps its name and calls the new path (a random `seed` default also changes; the
  diff ignores defaults).
- P02: `/image/upscale` accepts JSON bodies too, and `image` accepts a string (URL/base64);
  the body stops being marked required, which changes nothing for callers (its fields carry
  their own requiredness).
- P03: `/image/upscale`'s `enhance` accepts a boolean as well as the string forms.
- P04: `diem` prices appear everywhere; `ConsumptionLimit` is sent (API key creation) and
  received, so its new required field breaks requests.
- P05: the two error components are replaced by `StandardError`/`DetailedError`; error bodies
  are not returned by methods, so nothing breaks.
- P06: a model id disappears from `/image/edit`'s `modelId` enum (request side: breaking).
- P07: `/crypto/rpc/{network}` may also be called with SIWX auth; its 402 body becomes a
  oneOf (error bodies are raised as exceptions, not returned, so the diff leaves them out).
- P08: a model id is added to `/image/edit`'s enum (request side: compatible).
- P09: the x402 balance/transactions header is renamed `X-Sign-In-With-X` -> `SIGN-IN-WITH-X`
  (a new required argument and a removed one, twice); 402 bodies gain fields.
- P10: `/billing/usage` is retired (410 only, every parameter gone) and its models removed.
- C01, C02: documentation-only and metadata-only changes: no change to the Python API.
"""

from __future__ import annotations

from collections import Counter

import pytest

from scripts.spec_history import Step, archive_order, read_versions, steps
from tests.project import SHARED_SPECS, shared_spec_files

# Slow: diffs every consecutive pair of the shared archive.
# `make test-fast` leaves it out; `make test` and CI run it.
pytestmark = pytest.mark.slow

Expected = Counter[tuple[str, str, bool]]


def _expect(*changes: tuple[str, str, bool]) -> Expected:
    return Counter(changes)


UPSCALE = "client.image.upscale"
BILLING = "client.billing.get_usage"
X402 = "client.x402"

EXPECTED: dict[str, tuple[str, Expected]] = {
    "P01": (
        "compatible",
        _expect(("endpoint-moved", "client.image.simple_generate", False)),
    ),
    "P02": (
        "compatible",
        _expect(
            ("request-content-type-added", UPSCALE, False),
            ("argument-union-members-added", f"{UPSCALE}(image=)", False),
        ),
    ),
    "P03": (
        "compatible",
        _expect(("argument-union-members-added", f"{UPSCALE}(enhance=)", False)),
    ),
    "P04": (
        "breaking",
        _expect(
            ("field-added", "ConsumptionLimit.diem", True),
            ("field-added", "ApiKeyGetRateLimitsResponseDataBalances.diem", False),
            ("field-added", "ApiKeyUsageTrailingSevenDays.diem", False),
            ("field-added", "ModelSpecAudioModelPricingInput.diem", False),
            ("field-added", "ModelSpecImageModelPricingGeneration.diem", False),
            ("field-added", "ModelSpecImageModelPricingUpscale2x.diem", False),
            ("field-added", "ModelSpecImageModelPricingUpscale4x.diem", False),
            ("field-added", "ModelSpecLLMModelPricingInput.diem", False),
            ("field-added", "ModelSpecLLMModelPricingOutput.diem", False),
        ),
    ),
    "P05": (
        "compatible",
        _expect(
            # Moved from inline error bodies into components: the same types, renamed; the
            # old names stay importable as deprecated aliases.
            ("model-renamed", "ErrorResponse", False),
            ("model-renamed", "ErrorResponseWithDetails", False),
            ("model-added", "StandardError", False),
            ("model-added", "DetailedError", False),
        ),
    ),
    "P06": (
        "breaking",
        _expect(("argument-enum-values-removed", "client.image.edit(model_id=)", True)),
    ),
    "P07": (
        "compatible",
        _expect(("method-security-changed", "client.crypto.rpc.call", False)),
    ),
    "P08": (
        "compatible",
        _expect(("argument-enum-values-added", "client.image.edit(model_id=)", False)),
    ),
    "P09": (
        "breaking",
        _expect(
            ("argument-added", f"{X402}.get_balance(sign_in_with_x=)", True),
            ("argument-removed", f"{X402}.get_balance(x_sign_in_with_x=)", True),
            ("argument-added", f"{X402}.list_transactions(sign_in_with_x=)", True),
            ("argument-removed", f"{X402}.list_transactions(x_sign_in_with_x=)", True),
            ("field-added", "X402InferencePaymentRequiredVariant1.extensions", False),
            (
                "field-added",
                "X402InferencePaymentRequiredVariant1AuthOptionsX402Wallet.legacy_header",
                False,
            ),
            ("security-scheme-changed", "siwx", False),
        ),
    ),
    "P10": (
        "breaking",
        _expect(
            ("method-sunset", BILLING, True),
            *(
                ("argument-removed", f"{BILLING}({name}=)", True)
                for name in (
                    "accept",
                    "currency",
                    "end_date",
                    "limit",
                    "page",
                    "sort_order",
                    "start_date",
                )
            ),
            ("return-retyped", BILLING, True),
            ("response-content-type-removed", BILLING, False),
            ("response-content-type-removed", BILLING, False),
            ("method-security-changed", BILLING, False),
            ("model-removed", "BillingUsageRequest", True),  # importable: imports break
            ("model-removed", "BillingUsageResponse", True),
            ("model-removed", "BillingUsageResponseDataItem", True),
            ("model-removed", "BillingUsageResponseDataItemInferenceDetails", True),
            ("model-removed", "BillingUsageResponsePagination", True),
            ("field-removed", "ResponseHeaders.retry_after", False),
            ("field-removed", "ResponseHeaders.x_ratelimit_resets", False),
            ("field-added", "ResponseHeaders.sunset", False),
            ("field-union-members-removed", "ResponseHeaders.x_ratelimit_remaining", False),
        ),
    ),
    "C01": ("unchanged", _expect()),
    "C02": ("unchanged", _expect()),
}


@pytest.fixture(scope="module")
def history() -> list[Step]:
    shared_spec_files()  # fails loudly when the archive is missing
    return list(steps(read_versions(SHARED_SPECS, jobs=2)))


@pytest.fixture(scope="module")
def labelled(history: list[Step]) -> dict[str, Step]:
    return {step.label: step for step in history if step.label}


def test_history_order_follows_the_index() -> None:
    order = archive_order(SHARED_SPECS)
    seqs = [seq for _, seq, _ in order]
    assert len(order) == 53
    assert seqs == sorted(seqs)
    assert (seqs[0], seqs[-1]) == (1, 439)


def test_every_consecutive_pair_is_compared(history: list[Step]) -> None:
    assert len(history) == 52
    for step in history:
        assert step.old.seq < step.new.seq
        assert step.report.verdict in ("breaking", "compatible", "unchanged")


def test_every_labelled_pair_is_found(labelled: dict[str, Step]) -> None:
    assert sorted(labelled) == sorted(EXPECTED)


@pytest.mark.parametrize("label", sorted(EXPECTED))
def test_pair_reports_exactly_the_expected_changes(label: str, labelled: dict[str, Step]) -> None:
    verdict, expected = EXPECTED[label]
    report = labelled[label].report
    found = Counter((c.kind, c.subject, c.breaking) for c in report.changes)
    assert found == expected
    assert report.verdict == verdict
    assert len(report.breaking) == sum(n for (_, _, broken), n in expected.items() if broken)


def test_control_pairs_suggest_only_a_patch_release(labelled: dict[str, Step]) -> None:
    for label in ("C01", "C02"):
        assert labelled[label].report.bump == "patch"
        assert labelled[label].report.to_markdown().endswith("No change to the Python API.\n")


def test_names_do_not_churn_where_no_schema_was_removed(
    history: list[Step], capsys: pytest.CaptureFixture[str]
) -> None:
    with capsys.disabled():
        print("\nname churn per consecutive pair (old -> new: renamed, schemas removed):")
        for step in history:
            print(
                f"  {step.label or '   '} {step.old.file} -> {step.new.file}: "
                f"{len(step.churn)}, {len(step.schemas_removed)}"
            )
    unexplained = {
        f"{step.old.file} -> {step.new.file}": step.churn
        for step in history
        if step.churn and not step.schemas_removed
    }
    assert unexplained == {}
