"""Request values built from the spec's own schemas and examples, checked against the spec.

The contract tests call every operation with these. They are built from the raw document
(not from the generator's IR), prefer the spec's `example`s, respect enums, bounds, lengths
and patterns, and are validated with an OpenAPI 3.0 schema validator before use, so that a
request Prism rejects is the client's fault, not the sample's.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import Any

from hypothesis import find, settings
from hypothesis import strategies as st
from openapi_schema_validator import OAS30Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4

FILE_CONTENT = b"\x89PNG\r\n\x1a\n sample file"
_FORMATS = {
    "date-time": "2026-01-02T03:04:05Z",
    "date": "2026-01-02",
    "uri": "https://example.com/a.png",
    "url": "https://example.com/a.png",
    "email": "user@example.com",
    "uuid": "8a3b6f1e-2c4d-4e5f-9a0b-1c2d3e4f5a6b",
}
_MAX_DEPTH = 8
_BASE = "urn:venice-spec"


class SampleError(AssertionError):
    """A value built for a schema does not validate against it (a bug in this module)."""


class SpecSamples:
    """Values for the schemas of one OpenAPI 3.0 document."""

    def __init__(self, document: Mapping[str, Any]) -> None:
        self.document = document
        resource = Resource.from_contents(dict(document), default_specification=DRAFT4)
        self._registry: Registry[Any] = Registry().with_resource(_BASE, resource)
        self._regex_samples: dict[str, str] = {}

    # ------------------------------------------------------------ schemas

    def resolve(self, schema: Any) -> dict[str, Any]:
        """`schema` with `$ref`s followed."""
        seen = 0
        while isinstance(schema, dict) and "$ref" in schema:
            target: Any = self.document
            for token in schema["$ref"].removeprefix("#/").split("/"):
                target = target[token.replace("~1", "/").replace("~0", "~")]
            schema = target
            seen += 1
            assert seen < 50, "a $ref cycle"
        return schema if isinstance(schema, dict) else {}

    def properties(self, schema: Any) -> dict[str, Any]:
        """The properties of an object schema, `allOf` parts merged."""
        schema = self.resolve(schema)
        if "allOf" in schema:
            schema = self._merged(schema)
        properties: dict[str, Any] = schema.get("properties", {})
        return properties

    def errors(self, schema: Any, value: Any) -> list[str]:
        """Why `value` does not validate against `schema` (empty: it does)."""
        # Local `$ref`s in any part of the document resolve against the whole document.
        resolver = self._registry.resolver(base_uri=_BASE)
        validator = OAS30Validator(schema, registry=self._registry, _resolver=resolver)
        return [
            f"{'/'.join(map(str, e.absolute_path)) or '(root)'}: {e.message[:200]}"
            for e in validator.iter_errors(value)
        ]

    def valid(self, schema: Any, value: Any) -> bool:
        """Whether `value` validates against `schema`."""
        return not self.errors(schema, value)

    # ------------------------------------------------------------ values

    def value(self, schema: Any, *, full: bool, depth: int = 0) -> Any:
        """A value of `schema`: its example when valid, else one built from its keywords.

        `full` fills every property (from examples where the spec has them); otherwise only
        required properties are given.
        """
        raw = schema
        schema = self.resolve(schema)
        built = self._build(schema, full=full, depth=depth)
        errors = self.errors(raw, built)
        if errors:
            raise SampleError(f"sample {built!r} does not fit its schema: {errors[:3]}")
        return built

    def _build(self, schema: dict[str, Any], *, full: bool, depth: int) -> Any:
        if depth > _MAX_DEPTH:
            raise SampleError("schema nests too deep for a sample")
        is_object = schema.get("type") == "object" or "properties" in schema
        if (
            "example" in schema
            and (full or not is_object)
            and self.valid(schema, schema["example"])
        ):
            return copy.deepcopy(schema["example"])
        if "allOf" in schema:
            return self._build(self._merged(schema), full=full, depth=depth)
        if "const" in schema:
            return schema["const"]
        if "enum" in schema:
            return next((v for v in schema["enum"] if v is not None), None)
        if "default" in schema and not is_object and self.valid(schema, schema["default"]):
            return copy.deepcopy(schema["default"])
        for keyword in ("oneOf", "anyOf"):
            if keyword in schema:
                return self._branch(schema, keyword, full=full, depth=depth)
        if is_object:
            return self._object(schema, full=full, depth=depth)
        kind = schema.get("type")
        if kind == "array":
            item = self._build(self.resolve(schema.get("items", {})), full=full, depth=depth + 1)
            return [item] * max(1, int(schema.get("minItems", 1)))
        if kind == "string":
            return self._string(schema)
        if kind in ("integer", "number"):
            return self._number(schema, integer=kind == "integer")
        if kind == "boolean":
            return False
        if schema.get("nullable") and not kind:
            return None
        return "value"  # an untyped schema accepts anything

    def _merged(self, schema: dict[str, Any]) -> dict[str, Any]:
        merged: dict[str, Any] = {k: v for k, v in schema.items() if k != "allOf"}
        for raw_part in schema["allOf"]:
            part = self.resolve(raw_part)
            if "allOf" in part:
                part = self._merged(part)
            merged.setdefault("properties", {}).update(part.get("properties", {}))
            merged["required"] = [*merged.get("required", []), *part.get("required", [])]
            for key, value in part.items():
                if key not in ("properties", "required"):
                    merged.setdefault(key, value)
        return merged

    def _branch(self, schema: dict[str, Any], keyword: str, *, full: bool, depth: int) -> Any:
        siblings = {k: v for k, v in schema.items() if k not in (keyword, "example", "default")}
        for raw_branch in schema[keyword]:
            branch = self.resolve(raw_branch)
            if (branch.get("nullable") and "type" not in branch) or branch == {}:
                continue  # the null or anything branch: prefer a typed one
            candidate = self._build({**siblings, **branch}, full=full, depth=depth + 1)
            if self.valid(schema, candidate):
                return candidate
        return None if schema.get("nullable") else "value"

    def _object(self, schema: dict[str, Any], *, full: bool, depth: int) -> dict[str, Any]:
        properties: dict[str, Any] = schema.get("properties", {})
        required = set(schema.get("required", []))
        result: dict[str, Any] = {}
        for name, raw_prop in properties.items():
            if name in required or full:
                prop = self.resolve(raw_prop)
                if prop.get("readOnly"):
                    continue
                result[name] = self._build(prop, full=full and depth < 3, depth=depth + 1)
        extra = schema.get("additionalProperties")
        if not properties and isinstance(extra, dict) and extra and full:
            result["key"] = self._build(self.resolve(extra), full=False, depth=depth + 1)
        return result

    def _string(self, schema: dict[str, Any]) -> Any:
        if schema.get("format") == "binary":
            return FILE_CONTENT
        if "pattern" in schema:
            return self._matching(schema["pattern"], int(schema.get("minLength", 0)))
        text = _FORMATS.get(str(schema.get("format")), "text")
        low, high = int(schema.get("minLength", 0)), schema.get("maxLength")
        text = text.ljust(low, "x")
        return text[: int(high)] if high is not None else text

    def _matching(self, pattern: str, min_length: int) -> str:
        """The simplest string that matches `pattern` (found and shrunk by hypothesis)."""
        key = f"{min_length}:{pattern}"
        if key not in self._regex_samples:
            strategy = st.from_regex(pattern, fullmatch=False)
            self._regex_samples[key] = find(
                strategy,
                lambda s: len(s) >= min_length and s.isprintable(),
                settings=settings(database=None, max_examples=2000),
            )
        return self._regex_samples[key]

    @staticmethod
    def _number(schema: dict[str, Any], *, integer: bool) -> int | float:
        low = schema.get("minimum")
        high = schema.get("maximum")
        if schema.get("exclusiveMinimum") is True and low is not None:
            low = low + 1 if integer else low + 0.5
        if low is not None:
            value = low
        elif high is not None:
            value = min(high, 1)
        else:
            value = 1
        multiple = schema.get("multipleOf")
        if multiple:
            value = multiple * max(1, -(-value // multiple))
        return int(value) if integer else value
