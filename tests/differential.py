"""Differential check of models: sample payloads from a raw JSON schema, and a comparison of
which of them two validators accept.

The samples come from the OpenAPI document itself, not from the IR or the generated code:
the spec's `example` values (as each schema gives them, and assembled into one payload),
valid payloads (required properties only, every property, each enum value, each union
branch, null where nullable) and invalid ones (a required property missing, a wrong type,
a value outside an enum, null where not nullable, a limit broken, an unknown key on a
closed object, a required property under its Python name instead of its wire name, a wrong
type at top level). Each invalid payload changes one place of a
valid one, so a difference points at one field. The same schema always gives the same
samples.
"""

from __future__ import annotations

import copy
import importlib.util
import json
import re
import sys
from collections import Counter
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from types import ModuleType
from typing import Any, Literal

import pydantic

Json = Any
Intent = Literal["example", "valid", "invalid"]
Schema = dict[str, Any]

_MAX_DEPTH = 12
_NONE: Any = object()
"""No such value (no example, no value of a wrong type)."""
_ANY_VALUE = "any value"
_OUTSIDE_ENUM = "not-one-of-the-listed-values"
_UNKNOWN_KEY = "x_differential_unknown_key"
_NO_MATCH = "!? no match ?!"

# --------------------------------------------------------------------------- samples


@dataclass(frozen=True)
class Sample:
    """One payload for one component.

    `kind` says what the sample tests (`all-properties`, `wrong-type`, `bad-enum`, ...),
    `path` where it differs from the valid payload it was made from (`choices[].role`; `|1`
    is a union's second branch, `[]` an array item, `*` a map value) and `intent` what the
    spec says of it (examples are meant to be valid, the spec does not promise it). `trail`
    holds the schemas from the component down to the place changed, `prop` the nearest
    property on the way there and `required` whether its object requires it.
    """

    kind: str
    path: str
    intent: Intent
    value: Json = field(compare=False)
    trail: tuple[Schema, ...] = field(default=(), compare=False, repr=False)
    prop: str | None = None
    required: bool | None = None

    @property
    def target(self) -> Schema:
        """The schema of the place changed (the component's own for a whole payload)."""
        return self.trail[-1] if self.trail else {}

    def under(self, outer: Schema, prefix: str, value: Json) -> Sample:
        """This change seen from `outer` (a union, array or map holding it at `prefix`)."""
        return replace(self, path=_join(prefix, self.path), value=value, trail=(outer, *self.trail))

    def in_property(self, outer: Schema, name: str, value: Json, *, required: bool) -> Sample:
        """This change seen from the object `outer` whose property `name` holds it."""
        nearest = self.prop is None
        return replace(
            self.under(outer, name, value),
            prop=name if nearest else self.prop,
            required=required if nearest else self.required,
        )


class Schemas:
    """The schemas of one OpenAPI document, and the samples each gives."""

    def __init__(self, document: Mapping[str, Any]) -> None:
        self.document = document

    def resolve(self, schema: Json) -> Schema:
        """The schema with local `$ref`s followed and an `allOf` merged."""
        seen: set[str] = set()
        while isinstance(schema, dict) and isinstance(schema.get("$ref"), str):
            ref: str = schema["$ref"]
            if ref in seen or not ref.startswith("#/"):
                return {}
            seen.add(ref)
            node: Any = self.document
            for token in ref[2:].split("/"):
                key = token.replace("~1", "/").replace("~0", "~")
                node = node.get(key) if isinstance(node, dict) else None
            schema = node
        if not isinstance(schema, dict):
            return {}
        if isinstance(schema.get("allOf"), list):
            return self._merge_all_of(schema)
        return schema

    def _merge_all_of(self, schema: Schema) -> Schema:
        """Properties and required lists added up; other keywords: the first one wins."""
        merged: Schema = {k: v for k, v in schema.items() if k != "allOf"}
        properties: Schema = dict(merged.get("properties") or {})
        required: list[str] = list(merged.get("required") or [])
        for part in schema["allOf"]:
            for key, value in self.resolve(part).items():
                if key == "properties":
                    properties.update(value)
                elif key == "required":
                    required += [r for r in value if r not in required]
                else:
                    merged.setdefault(key, value)
        if properties:
            merged["properties"] = properties
        if required:
            merged["required"] = required
        return merged

    # ------------------------------------------------------------ what a schema allows

    def branches(self, schema: Json) -> list[Json] | None:
        """The members of an `anyOf` or `oneOf`, or None."""
        s = self.resolve(schema)
        found = s.get("anyOf", s.get("oneOf"))
        return found if isinstance(found, list) else None

    def types(self, schema: Json, depth: int = 0) -> set[str] | None:
        """The JSON types a value may have (`number` brings `integer`); None: any type."""
        s = self.resolve(schema)
        if depth > _MAX_DEPTH:
            return None
        allowed: set[str] | None
        if "const" in s:
            allowed = {_json_type(s["const"])}
        elif isinstance(s.get("enum"), list):
            allowed = {_json_type(v) for v in s["enum"]}
        elif (branches := self.branches(s)) is not None:
            allowed = set()
            for branch in branches:
                more = self.types(branch, depth + 1)
                if more is None:
                    return None
                allowed |= more
        elif isinstance(s.get("type"), str):
            allowed = {s["type"]}
        elif isinstance(s.get("type"), list):
            allowed = set(s["type"])
        elif "properties" in s or "additionalProperties" in s:
            allowed = {"object"}
        elif "items" in s:
            allowed = {"array"}
        else:
            return None
        if "number" in allowed:
            allowed.add("integer")
        if s.get("nullable") is True:
            allowed.add("null")
        return allowed

    def allows_null(self, schema: Json) -> bool:
        allowed = self.types(schema)
        return allowed is None or "null" in allowed

    def wrong_value(self, schema: Json) -> Json:
        """A value of a JSON type the schema does not allow, one that pydantic's lax mode
        converts to none of the others; `_NONE` when the schema allows every type."""
        allowed = self.types(schema)
        if allowed is None:
            return _NONE
        for kind, value in (
            ("string", "not-the-right-type"),
            ("integer", 12345),
            ("array", ["not-the-right-type"]),
            ("object", {"not": "the right type"}),
        ):
            if kind not in allowed:
                return value
        return _NONE

    # ------------------------------------------------------------ valid values

    def valid(self, schema: Json, *, full: bool, depth: int = 0) -> Json:
        """A valid value: with every property when `full`, else with the required ones."""
        s = self.resolve(schema)
        if depth > _MAX_DEPTH:
            return None
        if "const" in s:
            return s["const"]
        if isinstance(s.get("enum"), list) and s["enum"]:
            return next((v for v in s["enum"] if v is not None), None)
        if (branches := self.branches(s)) is not None:
            usable = [b for b in branches if self.types(b) != {"null"}] or branches
            return self.valid(usable[0], full=full, depth=depth + 1) if usable else None
        kind = _main_type(self.types(s))
        if kind == "object":
            return self._valid_object(s, full=full, depth=depth)
        if kind == "array":
            item = self.valid(s.get("items", {}), full=full, depth=depth + 1)
            count = max(int(s.get("minItems", 1)), 1)
            if "maxItems" in s:
                count = min(count, int(s["maxItems"]))
            return [copy.deepcopy(item) for _ in range(count)]
        if kind == "string":
            return _valid_string(s)
        if kind in ("integer", "number"):
            return _valid_number(s, integer=kind == "integer")
        if kind == "boolean":
            return True
        if kind == "null":
            return None
        return _ANY_VALUE

    def _valid_object(self, s: Schema, *, full: bool, depth: int) -> dict[str, Any]:
        properties: Schema = s.get("properties") or {}
        required: list[str] = s.get("required") or []
        value: dict[str, Any] = {}
        for name, sub in properties.items():
            if full or name in required:
                value[name] = self.valid(sub, full=full, depth=depth + 1)
        for name in required:
            value.setdefault(name, _ANY_VALUE)
        extra = s.get("additionalProperties")
        if full and isinstance(extra, dict) and extra and "extra_key" not in value:
            value["extra_key"] = self.valid(extra, full=full, depth=depth + 1)
        return value

    # ------------------------------------------------------------ examples

    def examples(self, schema: Json) -> list[Json]:
        """The examples the schema itself gives (`example`, or `examples` as a list)."""
        s = self.resolve(schema)
        found = [s["example"]] if "example" in s else []
        listed = s.get("examples")
        if isinstance(listed, list):
            found += listed
        return found

    def assembled(self, schema: Json, depth: int = 0) -> Json:
        """One value built from the examples of the schema's parts (required parts without
        one get a generated value), or `_NONE` if no part has an example."""
        s = self.resolve(schema)
        if depth > _MAX_DEPTH:
            return _NONE
        if own := self.examples(s):
            return own[0]
        if (branches := self.branches(s)) is not None:
            found = (self.assembled(b, depth + 1) for b in branches)
            return next((v for v in found if v is not _NONE), _NONE)
        kind = _main_type(self.types(s))
        if kind == "array":
            item = self.assembled(s.get("items", {}), depth + 1)
            return _NONE if item is _NONE else [item]
        if kind != "object":
            return _NONE
        properties: Schema = s.get("properties") or {}
        parts = {name: self.assembled(sub, depth + 1) for name, sub in properties.items()}
        value = {name: v for name, v in parts.items() if v is not _NONE}
        if not value:
            return _NONE
        for name in s.get("required") or []:
            if name not in value:
                value[name] = self.valid(properties.get(name, {}), full=False, depth=depth + 1)
        return value

    # ------------------------------------------------------------ variations

    def variations(self, schema: Json, base: Json, depth: int = 0) -> Iterator[Sample]:
        """Samples that differ from `base`, a valid value of `schema`, in one place; their
        value is the whole new value of `schema`."""
        s = self.resolve(schema)
        if depth > _MAX_DEPTH:
            return
        here = (s,)
        for example in self.examples(s):
            if example != base:
                yield Sample("example", "", "example", example, here)
        if s.get("nullable") is True and base is not None:
            yield Sample("null", "", "valid", None, here)
        if (branches := self.branches(s)) is not None:
            yield from self._branch_variations(s, branches, base, depth)
        elif isinstance(s.get("enum"), list):
            for value in s["enum"]:
                if value != base:
                    yield Sample("enum-value", "", "valid", value, here)
            yield Sample("bad-enum", "", "invalid", _outside_enum(s["enum"]), here)
        elif "const" in s:
            return
        elif isinstance(base, dict):
            yield from self._object_variations(s, base, depth)
        elif isinstance(base, list):
            yield from self._array_variations(s, base, depth)
        elif isinstance(base, str):
            for kind, value in _string_variations(s, base):
                yield Sample(kind, "", "invalid", value, here)
        elif isinstance(base, int | float) and not isinstance(base, bool):
            integer = _main_type(self.types(s)) == "integer"
            for kind, value in _number_variations(s, base, integer=integer):
                yield Sample(kind, "", "invalid", value, here)

    def _branch_variations(
        self, s: Schema, branches: list[Json], base: Json, depth: int
    ) -> Iterator[Sample]:
        for index, branch in enumerate(branches):
            if self.types(branch) == {"null"}:
                continue  # the null a branch allows is the `null` sample
            value = self.valid(branch, full=True, depth=depth + 1)
            label = f"|{index}"
            if value != base:
                yield Sample("branch", label, "valid", value, (s, self.resolve(branch)))
            for change in self.variations(branch, value, depth + 1):
                yield change.under(s, label, change.value)

    def _object_variations(self, s: Schema, base: dict[str, Any], depth: int) -> Iterator[Sample]:
        properties: Schema = s.get("properties") or {}
        required: list[str] = s.get("required") or []
        for name, sub in properties.items():
            if name not in base:
                continue
            needed = name in required
            trail = (s, self.resolve(sub))
            changed: list[tuple[str, Json]] = []
            if needed:
                changed.append(("missing-required", {k: v for k, v in base.items() if k != name}))
                python_name = _snake_case(name)
                if python_name != name and python_name not in properties:
                    # The value under the name a Python client would give the field: the
                    # wire name is still missing.
                    renamed = {python_name if k == name else k: v for k, v in base.items()}
                    changed.append(("python-name", renamed))
            if (wrong := self.wrong_value(sub)) is not _NONE:
                changed.append(("wrong-type", {**base, name: wrong}))
            if not self.allows_null(sub):
                changed.append(("null-not-nullable", {**base, name: None}))
            for kind, value in changed:
                yield Sample(kind, name, "invalid", value, trail, name, needed)
            for change in self.variations(sub, base[name], depth + 1):
                yield change.in_property(s, name, {**base, name: change.value}, required=needed)
        extra = s.get("additionalProperties")
        if extra is False:
            yield Sample("unknown-key", "", "invalid", {**base, _UNKNOWN_KEY: "x"}, (s,))
        elif isinstance(extra, dict) and extra:
            value = self.valid(extra, full=True, depth=depth + 1)
            if (wrong := self.wrong_value(extra)) is not _NONE:
                changed_map = {**base, _UNKNOWN_KEY: wrong}
                yield Sample("wrong-type", "*", "invalid", changed_map, (s, self.resolve(extra)))
            for change in self.variations(extra, value, depth + 1):
                yield change.under(s, "*", {**base, _UNKNOWN_KEY: change.value})

    def _array_variations(self, s: Schema, base: list[Any], depth: int) -> Iterator[Sample]:
        items = s.get("items", {})
        if base:
            if (wrong := self.wrong_value(items)) is not _NONE:
                yield Sample(
                    "wrong-type", "[]", "invalid", [wrong, *base[1:]], (s, self.resolve(items))
                )
            for change in self.variations(items, base[0], depth + 1):
                yield change.under(s, "[]", [change.value, *base[1:]])
        if int(s.get("minItems", 0)) > 0:
            yield Sample("min-items", "", "invalid", base[: int(s["minItems"]) - 1], (s,))
        if "maxItems" in s and base:
            yield Sample("max-items", "", "invalid", [base[0]] * (int(s["maxItems"]) + 1), (s,))

    # ------------------------------------------------------------ all samples

    def samples(self, schema: Json) -> list[Sample]:
        """Every sample of one schema, each payload once."""
        root = (self.resolve(schema),)
        full = self.valid(schema, full=True)
        own_examples = self.examples(schema)
        found = [
            Sample("all-properties", "", "valid", full, root),
            Sample("required-only", "", "valid", self.valid(schema, full=False), root),
            *(Sample("example", "", "example", e, root) for e in own_examples),
        ]
        assembled = self.assembled(schema)
        if assembled is not _NONE:
            found.append(Sample("example-assembled", "", "example", assembled, root))
        if (wrong := self.wrong_value(schema)) is not _NONE:
            found.append(Sample("wrong-type", "", "invalid", wrong, root))
        if not self.allows_null(schema):
            found.append(Sample("null-not-nullable", "", "invalid", None, root))
        found += self.variations(schema, full)
        unique: dict[str, Sample] = {}
        for sample in found:
            # The first sample of a value stands for it: whole payloads before the
            # variations, the schema's own example before the same value reached again.
            unique.setdefault(_key(sample.value), sample)
        return list(unique.values())


def _json_type(value: Json) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    return "array" if isinstance(value, list) else "object"


def _main_type(allowed: set[str] | None) -> str | None:
    """The type a generated value takes (`number` before `integer`: 1.5 tells them apart)."""
    for kind in ("object", "array", "string", "number", "integer", "boolean", "null"):
        if allowed is not None and kind in allowed:
            return kind
    return None


def _join(prefix: str, path: str) -> str:
    """`choices` + `[]` -> `choices[]`; `|0` + `role` -> `|0.role`."""
    return prefix + ("." + path if path and path[0] not in "[|*" else path)


def _snake_case(name: str) -> str:
    """`promptCharacterLimit` -> `prompt_character_limit`, `content-type` -> `content_type`."""
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", name).replace("-", "_").lower()


def _key(value: Json) -> str:
    return json.dumps(value, sort_keys=True, default=repr)


def _outside_enum(values: list[Json]) -> Json:
    numbers = [v for v in values if isinstance(v, int | float) and not isinstance(v, bool)]
    if numbers and len(numbers) == len([v for v in values if v is not None]):
        return max(numbers) + 1000
    return _OUTSIDE_ENUM


# --------------------------------------------------------------------------- strings, numbers

_FORMATS = {
    "date-time": ("2024-05-06T07:08:09Z", "not-a-date-time"),
    "date": ("2024-05-06", "not-a-date"),
    "uri": ("https://example.com/path", "not a uri"),
    "email": ("someone@example.com", "not-an-email"),
    "uuid": ("123e4567-e89b-12d3-a456-426614174000", "not-a-uuid"),
}


def _valid_string(s: Schema) -> str:
    pattern = s.get("pattern")
    if isinstance(pattern, str) and (found := pattern_sample(pattern)) is not None:
        return found
    value = _FORMATS.get(str(s.get("format")), ("text",))[0]
    low, high = int(s.get("minLength", 0)), s.get("maxLength")
    value += "x" * max(low - len(value), 0)
    return value if high is None else value[: int(high)]


def _string_variations(s: Schema, base: str) -> Iterator[tuple[str, Json]]:
    low, high = int(s.get("minLength", 0)), s.get("maxLength")
    if low > 0:
        yield "min-length", base[: low - 1]
    if high is not None:
        yield "max-length", (base or "x") * (int(high) + 1)
    pattern = s.get("pattern")
    if isinstance(pattern, str) and not re.search(pattern, _NO_MATCH):
        yield "pattern", _NO_MATCH
    if (bad_format := _FORMATS.get(str(s.get("format")))) is not None:
        yield "format", bad_format[1]


def _number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _valid_number(s: Schema, *, integer: bool) -> int | float:
    step = 1 if integer else 0.5
    low, high = s.get("minimum"), s.get("maximum")
    # OpenAPI 3.0 marks a bound exclusive with a boolean; 3.1 gives the bound itself.
    if _number(s.get("exclusiveMinimum")):
        low = s["exclusiveMinimum"] + step
    elif low is not None and s.get("exclusiveMinimum") is True:
        low += step
    if _number(s.get("exclusiveMaximum")):
        high = s["exclusiveMaximum"] - step
    elif high is not None and s.get("exclusiveMaximum") is True:
        high -= step
    if low is not None and high is not None:
        value = (low + high) / 2
    elif low is not None:
        value = low + step
    elif high is not None:
        value = high - step
    else:
        value = 3 if integer else 1.5
    if integer:
        return int(value) if low is None or int(value) >= low else int(value) + 1
    return value


def _number_variations(s: Schema, base: float, *, integer: bool) -> Iterator[tuple[str, Json]]:
    if "minimum" in s:
        yield "minimum", s["minimum"] - (0 if s.get("exclusiveMinimum") is True else 1)
    elif _number(s.get("exclusiveMinimum")):
        yield "minimum", s["exclusiveMinimum"]
    if "maximum" in s:
        yield "maximum", s["maximum"] + (0 if s.get("exclusiveMaximum") is True else 1)
    elif _number(s.get("exclusiveMaximum")):
        yield "maximum", s["exclusiveMaximum"]
    if integer:
        yield "fraction", base + 0.5


def pattern_sample(pattern: str) -> str | None:
    """The shortest string the regular expression matches, for the simple patterns specs
    use (literals, classes, repeats, groups, alternatives); None when it cannot tell."""
    from re import _constants as c  # type: ignore[attr-defined]  # the stdlib's own parser
    from re import _parser  # type: ignore[attr-defined]

    categories = {c.CATEGORY_DIGIT: "0", c.CATEGORY_WORD: "a", c.CATEGORY_SPACE: " "}

    def one_of(items: Any) -> str | None:
        for op, arg in items:
            if op is c.LITERAL:
                return chr(arg)
            if op is c.RANGE:
                return chr(arg[0])
            if op is c.CATEGORY and arg in categories:
                return categories[arg]
            if op is not c.NEGATE:
                return None
        return None

    def build(items: Any) -> str | None:
        out = ""
        for op, arg in items:
            piece: str | None = None
            if op is c.LITERAL:
                piece = chr(arg)
            elif op is c.ANY:
                piece = "a"
            elif op is c.IN and not any(inner is c.NEGATE for inner, _ in arg):
                piece = one_of(arg)
            elif op in (c.MAX_REPEAT, c.MIN_REPEAT):
                once = build(arg[2])
                piece = None if once is None else once * arg[0]
            elif op is c.SUBPATTERN:
                piece = build(arg[-1])
            elif op is c.BRANCH:
                piece = build(arg[1][0])
            elif op is c.AT:
                piece = ""
            elif op is c.CATEGORY:
                piece = categories.get(arg)
            if piece is None:
                return None
            out += piece
        return out

    try:
        found = build(_parser.parse(pattern))
    except (re.error, ValueError, TypeError, OverflowError):
        return None
    return found if found is not None and re.search(pattern, found) else None


# --------------------------------------------------------------------------- comparing

Validator = Callable[[Json], object]


def outcome(validate: Validator, value: Json) -> str:
    """`accept`, `reject` (a pydantic ValidationError) or `crash: <exception type>`."""
    try:
        validate(copy.deepcopy(value))
    except pydantic.ValidationError:
        return "reject"
    except Exception as exc:  # a crash is a finding too, compared like the rest
        return f"crash: {type(exc).__name__}"
    return "accept"


@dataclass(frozen=True)
class Case:
    """One component: its schema, our validator, DCG's, and tags that the table of known
    differences may ask about (`params`: our type is a TypedDict of request params)."""

    schema: Json
    ours: Validator
    dcg: Validator
    tags: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Difference:
    """A sample that one side accepts and the other does not."""

    component: str
    sample: Sample
    ours: str
    dcg: str
    tags: frozenset[str] = frozenset()

    def describe(self) -> str:
        where = f" at {self.sample.path}" if self.sample.path else ""
        return (
            f"{self.component}: {self.sample.kind}{where} ({self.sample.intent}): "
            f"ours {self.ours}, DCG {self.dcg}; payload {_key(self.sample.value)[:200]}"
        )


@dataclass
class Comparison:
    """What comparing every sample of every component found. `agreed` counts the samples
    both sides agree on by (intent, outcome)."""

    components: int = 0
    samples: int = 0
    by_intent: Counter[str] = field(default_factory=Counter)
    agreed: Counter[tuple[str, str]] = field(default_factory=Counter)
    differences: list[Difference] = field(default_factory=list)

    @property
    def agreements(self) -> int:
        return sum(self.agreed.values())


def compare(schemas: Schemas, cases: Mapping[str, Case]) -> Comparison:
    """Run the samples of each component's schema through both validators."""
    result = Comparison()
    for component, case in cases.items():
        result.components += 1
        for sample in schemas.samples(case.schema):
            result.samples += 1
            result.by_intent[sample.intent] += 1
            mine, theirs = outcome(case.ours, sample.value), outcome(case.dcg, sample.value)
            if mine == theirs:
                result.agreed[sample.intent, mine] += 1
            else:
                result.differences.append(Difference(component, sample, mine, theirs, case.tags))
    return result


@dataclass(frozen=True)
class Known:
    """A kind of difference that is expected, and why. `bug` marks a likely bug in our
    generator, listed so that the test passes while the finding stays visible."""

    reason: str
    matches: Callable[[Difference], bool]
    bug: bool = False

    @property
    def label(self) -> str:
        return f"BUG: {self.reason}" if self.bug else self.reason


@dataclass
class Verdict:
    """The differences by the reason that explains them, those that no reason explains,
    and the reasons that explain nothing (the table is out of date)."""

    explained: dict[str, list[Difference]]
    unexplained: list[Difference]
    stale: list[str]

    def problems(self) -> list[str]:
        lines = [f"unexplained: {d.describe()}" for d in self.unexplained]
        return lines + [f"listed, but no longer occurs: {reason}" for reason in self.stale]


def judge(differences: list[Difference], table: list[Known]) -> Verdict:
    """Explain each difference by the first entry of `table` that matches it."""
    explained: dict[str, list[Difference]] = {known.label: [] for known in table}
    unexplained: list[Difference] = []
    for difference in differences:
        known = next((k for k in table if k.matches(difference)), None)
        if known is None:
            unexplained.append(difference)
        else:
            explained[known.label].append(difference)
    stale = [label for label, found in explained.items() if not found]
    return Verdict(explained, unexplained, stale)


def summary(result: Comparison, verdict: Verdict) -> str:
    intents = ", ".join(f"{n} {intent}" for intent, n in sorted(result.by_intent.items()))
    agreed = ", ".join(f"{i} both {o}: {n}" for (i, o), n in sorted(result.agreed.items()))
    lines = [
        f"components compared: {result.components}",
        f"samples: {result.samples} ({intents})",
        f"agreements: {result.agreements} ({agreed})",
        f"differences: {len(result.differences)}",
        *(f"  {len(found):5d}  {label}" for label, found in verdict.explained.items()),
    ]
    if verdict.unexplained:
        lines.append(f"  {len(verdict.unexplained):5d}  UNEXPLAINED")
    return "\n".join(lines)


# --------------------------------------------------------------------------- DCG


def dcg_module(document: Mapping[str, Any], out_dir: Path, module_name: str) -> ModuleType:
    """Run datamodel-code-generator on `document`, handed to it as JSON, into `out_dir`, and
    import the module it writes as `module_name`."""
    import datamodel_code_generator as dcg
    from datamodel_code_generator.enums import TargetPydanticVersion
    from datamodel_code_generator.format import Formatter

    out_dir.mkdir(parents=True, exist_ok=True)
    source = out_dir / "openapi.json"
    source.write_text(json.dumps(document), encoding="utf-8")
    target = out_dir / f"{module_name}.py"
    # Without `formatters` DCG warns (FutureWarning) that their default will change; naming
    # one avoids it, and any other warning fails the test (pytest's filterwarnings=error).
    dcg.generate(
        source,
        input_file_type=dcg.InputFileType.OpenAPI,
        output=target,
        output_model_type=dcg.DataModelType.PydanticV2BaseModel,
        target_python_version=dcg.PythonVersion.PY_311,
        formatters=[Formatter.BUILTIN],
        disable_timestamp=True,
        # The spec's meaning: an optional property that is not `nullable` may be absent but
        # not null. DCG's default types every optional property `X | None`; these make it
        # `X | MISSING` (pydantic.MISSING, pydantic 2.14 or later).
        strict_nullable=True,
        use_missing_sentinel=True,
        target_pydantic_version=TargetPydanticVersion.V2_14,
    )
    spec = importlib.util.spec_from_file_location(module_name, target)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[module_name] = module  # pydantic resolves forward references through it
    spec.loader.exec_module(module)
    return module


def dcg_validator(module: ModuleType, class_name: str) -> Validator:
    """The validator of DCG's class `class_name` (a model or a root model)."""
    model = getattr(module, class_name)
    assert isinstance(model, type) and issubclass(model, pydantic.BaseModel), class_name
    return model.model_validate
