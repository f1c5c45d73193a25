"""Turning spec text into Python identifiers: words, PascalCase, snake_case, safety."""

from __future__ import annotations

import keyword
import re
import unicodedata

_WORD = re.compile(r"[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+[0-9]*|[A-Z]+[0-9]*|[0-9]+[a-z]*")
_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_SNAKE_NAME = re.compile(r"[a-z][a-z0-9]*(?:_[a-z0-9]+)*")
_AMBIGUOUS = frozenset({"l", "O", "I"})
"""Names PEP 8 (and ruff's E741-E743) refuse: they read as the digits 1 and 0."""
ANNOTATION_BUILTINS = frozenset({"str", "int", "float", "bool", "list", "dict", "bytes", "object"})
"""Builtins that generated annotations and method bodies spell, so that no generated
name (a parameter, a field, a client attribute) may hide them."""
_IRREGULAR_SINGULARS = {
    "data": "data",
    "metadata": "metadata",
    "series": "series",
    "news": "news",
    "status": "status",
    "alias": "alias",
}


def ascii_text(text: str) -> str:
    """`text` with accents stripped and other non-ASCII characters dropped."""
    decomposed = unicodedata.normalize("NFKD", text)
    return decomposed.encode("ascii", "ignore").decode("ascii")


def words(text: str) -> list[str]:
    """Split camelCase, snake_case, kebab-case and free text into words.

    Text without lower-case letters (`SIGN-IN-WITH-X`, `PAYMENT_REQUIRED`) is read as
    lower case, so that it splits into words instead of one shouted block.
    """
    text = ascii_text(text)
    if not any(c.islower() for c in text):
        text = text.lower()
    return _WORD.findall(text)


def pascal(text: str) -> str:
    """`chat completion` / `chat_completion` / `chatCompletion` -> `ChatCompletion`."""
    return "".join(w[0].upper() + w[1:] for w in words(text))


def pascal_words(parts: list[str]) -> str:
    """Join already-split words in PascalCase."""
    return "".join(w[0].upper() + w[1:] for w in parts if w)


def snake(text: str) -> str:
    """`chatCompletion` / `Chat Completion` / `chat-completion` -> `chat_completion`."""
    return "_".join(w.lower() for w in words(text))


def snake_name(text: str) -> str:
    """`text` as a snake_case name: kept as it is when it already is one (`enable_e2ee`,
    which `snake` would split into `enable_e2_ee`), else `snake(text)`."""
    return text if _SNAKE_NAME.fullmatch(text) else snake(text)


def singular(word: str) -> str | None:
    """The singular of an English plural noun, or None if `word` does not look plural."""
    lower = word.lower()
    if lower in _IRREGULAR_SINGULARS:
        return None
    if lower.endswith("ies") and len(word) > 4:
        return word[:-3] + ("Y" if word[-3:].isupper() else "y")
    if lower.endswith(("sses", "xes", "ches", "shes")):
        return word[:-2]
    if lower.endswith("s") and not lower.endswith(("ss", "us", "is")) and len(word) > 3:
        return word[:-1]
    return None


def is_identifier(name: str) -> bool:
    """Whether `name` is a usable ASCII Python identifier (not a keyword)."""
    return (
        bool(_IDENTIFIER.fullmatch(name))
        and not keyword.iskeyword(name)
        and (not keyword.issoftkeyword(name))
    )


def safe_identifier(
    candidate: str, reserved: frozenset[str] | set[str] = frozenset(), prefix: str = "x"
) -> str:
    """Make `candidate` a valid identifier that avoids keywords and `reserved` names.

    Keywords and reserved names get a trailing underscore (PEP 8's convention), names that
    start with a digit get `prefix` in front, and an empty result becomes `prefix`.
    """
    name = candidate or prefix
    if name[0].isdigit():
        name = f"{prefix}_{name}" if "_" in name or name.islower() else f"{prefix.upper()}{name}"
    while (
        keyword.iskeyword(name)
        or keyword.issoftkeyword(name)
        or name in reserved
        or name in _AMBIGUOUS
    ):
        name += "_"
    return name


def unique(name: str, taken: set[str]) -> str:
    """`name`, or `name2`, `name3`, ... the first not in `taken`; adds it to `taken`."""
    result, counter = name, 2
    while result in taken:
        result = f"{name}{counter}"
        counter += 1
    taken.add(result)
    return result
