"""The YAML 1.2 core schema on PyYAML's C parser: which value a scalar stands for.

Only `true`/`false` are booleans, only `null`/`~`/empty are null, numbers follow the
JSON-like core patterns, and everything else stays a string. PyYAML's default YAML 1.1
rules would turn `on`/`off` into booleans, `16:9` into the sexagesimal integer 969 and
dates into `datetime`s, which silently changes the meaning of the Venice spec.

`CoreSchemaLoader` composes nodes and tags every untagged plain scalar `PLAIN_TAG` instead
of applying the YAML 1.1 rules; `resolve_scalar` then gives each scalar its value. The
module holds no state; building the data (and reporting odd tags) is `generator.load`'s.
"""

from __future__ import annotations

import math
import re

import yaml
from yaml.nodes import Node, ScalarNode

PLAIN_TAG = "tag:venice-codegen:plain"
"""The tag of an untagged plain scalar: its value follows from its text alone."""
SEQUENCE_TAG = "tag:yaml.org,2002:seq"
MAPPING_TAG = "tag:yaml.org,2002:map"
_STR = "tag:yaml.org,2002:str"
_CORE_TAGS = {
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    _STR,
    SEQUENCE_TAG,
    MAPPING_TAG,
}
_INT = re.compile(r"[-+]?[0-9]+")
_OCT = re.compile(r"0o[0-7]+")
_HEX = re.compile(r"0x[0-9a-fA-F]+")
_FLOAT = re.compile(r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?")
_INF = re.compile(r"[-+]?\.(?:inf|Inf|INF)")
_NAN = re.compile(r"\.(?:nan|NaN|NAN)")
_NUMBER_START = frozenset("-+.0123456789")


class CoreSchemaLoader(yaml.CSafeLoader):
    """C parser whose resolver marks plain scalars instead of applying YAML 1.1 rules."""

    def resolve(self, kind: type[Node], value: str | None, implicit: tuple[bool, bool]) -> str:
        """`PLAIN_TAG` for an untagged plain scalar; PyYAML's own tag for anything else."""
        if kind is ScalarNode and implicit[0]:
            return PLAIN_TAG
        resolved: str = super().resolve(kind, value, implicit)  # type: ignore[no-untyped-call]
        return resolved


def resolve_plain_scalar(text: str) -> str | int | float | bool | None:
    """Resolve an untagged plain scalar by the YAML 1.2 core schema."""
    if text in ("", "~", "null", "Null", "NULL"):
        return None
    if text in ("true", "True", "TRUE"):
        return True
    if text in ("false", "False", "FALSE"):
        return False
    number = _core_number(text)
    return text if number is None else number


def _core_number(text: str) -> int | float | None:
    """The number a non-empty plain scalar spells by the core schema, if it spells one."""
    if text[0] in _NUMBER_START:
        if _INT.fullmatch(text):
            return int(text)
        if _FLOAT.fullmatch(text):
            return float(text)
        if _INF.fullmatch(text):
            return -math.inf if text.startswith("-") else math.inf
    if _OCT.fullmatch(text):
        return int(text[2:], 8)
    if _HEX.fullmatch(text):
        return int(text[2:], 16)
    if _NAN.fullmatch(text):
        return math.nan
    return None


def is_core_tag(tag: str) -> bool:
    """Whether `resolve_scalar` knows the tag: plain, or one of the core schema's."""
    return tag == PLAIN_TAG or tag in _CORE_TAGS


def resolve_scalar(tag: str, text: str) -> str | int | float | bool | None:
    """The value of a scalar whose tag `is_core_tag`.

    A plain scalar is resolved by its text; `!!str` keeps the text; any other core tag
    takes the text's value when it has one (`!!int "7"` is 7) and keeps the text otherwise.
    """
    if tag == PLAIN_TAG:
        return resolve_plain_scalar(text)
    if tag == _STR:
        return text
    resolved = resolve_plain_scalar(text)
    return text if isinstance(resolved, str) else resolved
