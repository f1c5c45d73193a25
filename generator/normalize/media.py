"""Media types: which carry JSON or forms, and the bodies a `content` map declares.

A JSON or form body is translated from its schema; any other request body is a file to
upload, and any other response body is binary data of its media type.
"""

from __future__ import annotations

from collections.abc import Iterator

from generator.diagnostics import join_pointer
from generator.ir import BinaryType, BodyContent, FileType, Step
from generator.load import JsonValue
from generator.normalize.schemas import type_of
from generator.normalize.translation import Translation


def is_json_media(media_type: str) -> bool:
    """Whether a media type carries JSON."""
    base = media_type.split(";", maxsplit=1)[0].strip().lower()
    return base in ("application/json", "text/json", "*/*") or base.endswith("+json")


def is_form_media(media_type: str) -> bool:
    """Whether a media type is a form (multipart or url-encoded)."""
    base = media_type.split(";", maxsplit=1)[0].strip().lower()
    return base in ("multipart/form-data", "application/x-www-form-urlencoded")


def contents(
    translation: Translation,
    raw: JsonValue,
    pointer: str,
    context: tuple[Step, ...],
    step: Step,
) -> Iterator[BodyContent]:
    """Bodies by media type; `step` is the request/response step, completed per media."""
    if not isinstance(raw, dict):
        return
    for media_type, media in raw.items():
        at = join_pointer(pointer, "content", media_type, "schema")
        schema = media.get("schema") if isinstance(media, dict) else None
        if is_json_media(media_type) or is_form_media(media_type):
            where = (*context, Step(step.kind, step.value or media_type))
            yield BodyContent(media_type, type_of(translation, schema or {}, at, where))
        elif step.kind == "request":
            yield BodyContent(media_type, FileType())
        else:
            yield BodyContent(media_type, BinaryType(media_type))
