"""Stage 2: check the document against the OpenAPI schema with openapi-spec-validator.

Real Venice history holds invalid versions that must still generate, so problems are
warnings unless `strict` is set. Each problem carries the JSON pointer and line of the
offending node; for "not valid under any of the given schemas" the most relevant nested
cause is reported instead of the unhelpful summary.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Iterator
from typing import Any

from generator.diagnostics import Code, Diagnostics, Level, join_pointer
from generator.load import LoadedSpec

_DUPLICATE_OPERATION = re.compile(r"for '(?P<method>\w+)' in '(?P<path>[^']*)'")


def validate_spec(spec: LoadedSpec, diagnostics: Diagnostics, *, strict: bool = False) -> None:
    """Report every validation problem of `spec` into `diagnostics`."""
    version = openapi_version(spec, diagnostics)
    if version is not None:
        run_validator(spec, version, diagnostics, strict=strict)


def run_validator(
    spec: LoadedSpec, version: str, diagnostics: Diagnostics, *, strict: bool = False
) -> None:
    """Validate `spec` against the schema of OpenAPI `version` ("3.0" or "3.1")."""
    validator = _spec_validator(version, local_only(spec.data))
    level = Level.ERROR if strict else Level.WARNING
    try:
        errors: Iterable[Exception] = list(validator.iter_errors())
    except Exception as exc:  # the validator itself can fail on odd documents
        diagnostics.add(
            level,
            Code.VALIDATOR_FAILED,
            "the OpenAPI validator could not check the document: "
            f"{_shorten(str(exc).split(' within {', 1)[0])}",
            "#",
            hint="fix the document so the validator can run"
            + ("" if strict else "; generation goes on"),
        )
        return
    for error in errors:
        pointer, message = _describe(error)
        diagnostics.add(
            level,
            Code.INVALID_OPENAPI,
            message,
            pointer,
            hint="the document breaks the OpenAPI schema; "
            + (
                "--strict refuses it (without it, generation goes on)"
                if strict
                else "generation goes on (use --strict to refuse it)"
            ),
        )


def _spec_validator(version: str, document: dict[str, Any]) -> Any:
    """openapi-spec-validator's validator for `version`, its JSON Schema pass always done by
    the `jsonschema` package (whose errors `_describe` reads), and skipped for a document
    the compiled `jsonschema_rs` finds valid against the same schema: that pass is half of
    validation and the Rust one takes a millisecond. Only a document it finds invalid (or
    cannot read) pays for the Python pass, which then says why."""
    # Imported here: the validator and what it pulls in take a tenth of a second, which a
    # run whose findings are cached (or that runs this in another process) need not pay.
    from openapi_spec_validator import OpenAPIV30SpecValidator, OpenAPIV31SpecValidator
    from openapi_spec_validator.schemas.backend.jsonschema import create_validator
    from openapi_spec_validator.schemas.utils import get_schema_content

    schema = get_schema_content(version)
    base = OpenAPIV30SpecValidator if version == "3.0" else OpenAPIV31SpecValidator
    fast = _compiled_schema(version)
    valid = fast is not None and _is_valid(fast, document)
    schema_validator = _NoErrors() if valid else create_validator(dict(schema))
    return type(base.__name__, (base,), {"schema_validator": schema_validator})(document)


class _NoErrors:
    """The JSON Schema pass of a document already found valid."""

    def iter_errors(self, instance: object) -> Iterator[Exception]:
        return iter(())


@functools.cache
def _compiled_schema(version: str) -> Any:
    """The OpenAPI `version` schema compiled by jsonschema_rs; None without it. Formats are
    not asserted, as the `jsonschema` validator does not assert them either."""
    try:
        import jsonschema_rs
        from openapi_spec_validator.schemas.utils import get_schema_content
    except ImportError:
        return None
    return jsonschema_rs.validator_for(dict(get_schema_content(version)), validate_formats=False)


def _is_valid(compiled: Any, document: dict[str, Any]) -> bool:
    try:
        return bool(compiled.is_valid(document))
    except (ValueError, TypeError, OverflowError):  # data it cannot hold (NaN, huge ints)
        return False


def openapi_version(spec: LoadedSpec, diagnostics: Diagnostics) -> str | None:
    """ "3.0" or "3.1" for a document the validator reads; None (reported as an error) for
    one that is not OpenAPI 3.0 or 3.1."""
    version = spec.data.get("openapi")
    if isinstance(version, str) and version.startswith(("3.0", "3.1")):
        return version[:3]
    swagger = spec.data.get("swagger")
    if isinstance(version, str):
        diagnostics.error(
            Code.UNSUPPORTED_VERSION,
            f"OpenAPI version {version!r} is not supported",
            "#/openapi",
            hint="venice-codegen reads OpenAPI 3.0 and 3.1 documents",
        )
    elif swagger is not None:
        diagnostics.error(
            Code.UNSUPPORTED_VERSION,
            f"Swagger {swagger} documents are not supported",
            "#/swagger",
            hint="convert the document to OpenAPI 3 first",
        )
    else:
        diagnostics.error(
            Code.NOT_OPENAPI,
            "document has no `openapi` version field",
            "#",
            hint="an OpenAPI 3 document starts with `openapi: 3.0.3` or similar",
        )
    return None


def local_only(value: Any) -> Any:
    """`value` with every `$ref` that leaves the document replaced by an empty schema.

    The validator would otherwise read the files and fetch the URLs such references
    name: a spec from outside must not make the generator touch the disk or the network.
    (The IR builder reports each one as `external-ref`.) Unchanged parts are shared.
    """
    if isinstance(value, dict):
        ref = value.get("$ref")
        if isinstance(ref, str) and not ref.startswith("#"):
            return {}
        items = {k: local_only(v) for k, v in value.items()}
        return value if all(items[k] is value[k] for k in value) else items
    if isinstance(value, list):
        elements = [local_only(v) for v in value]
        return value if all(a is b for a, b in zip(elements, value, strict=True)) else elements
    return value


def _describe(error: Exception) -> tuple[str, str]:
    from jsonschema.exceptions import ValidationError, best_match

    if not isinstance(error, ValidationError) or not (error.absolute_path or error.context):
        match = _DUPLICATE_OPERATION.search(str(error))
        pointer = join_pointer("#/paths", match["path"], match["method"]) if match else "#"
        return pointer, str(getattr(error, "message", error))
    cause = error
    while cause.context:
        # A failed "object or $ref" alternative mostly means the object was meant; the
        # "'$ref' is a required property" branch only hides the real cause.
        candidates = [e for e in cause.context if e.validator_value != ["$ref"]] or cause.context
        nested = best_match(candidates)
        if nested is None:
            break
        cause = nested
    pointer = join_pointer("#", *cause.absolute_path)
    return pointer, _shorten(cause.message)


def _shorten(text: str, limit: int = 300) -> str:
    """`text` on one line, cut to `limit` characters (validator messages quote whole documents)."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 3] + "..."
