"""What may be uploaded where an operation takes a file.

A file is given as bytes, an open binary file, a path, or a `(filename, content)` /
`(filename, content, media_type)` tuple whose content is bytes or an open binary file.
"""

from __future__ import annotations

import io
import mimetypes
import os
from pathlib import Path
from typing import IO, TypeAlias, cast

__all__ = ["FileContent", "FileTypes", "is_file", "to_httpx_file"]

FileContent: TypeAlias = IO[bytes] | bytes | bytearray | os.PathLike[str]
FileTypes: TypeAlias = (
    FileContent | tuple[str | None, FileContent] | tuple[str | None, FileContent, str | None]
)

HttpxFile: TypeAlias = tuple[str | None, IO[bytes] | bytes, str | None]


def is_file(value: object) -> bool:
    """Whether a value is something `FileTypes` accepts (as opposed to a plain string)."""
    if isinstance(value, bytes | bytearray | io.IOBase | os.PathLike):
        return True
    if not isinstance(value, tuple):
        return False
    parts = cast(tuple[object, ...], value)
    return (
        len(parts) in (2, 3)
        and (parts[0] is None or isinstance(parts[0], str))
        and isinstance(parts[1], bytes | bytearray | io.IOBase | os.PathLike)
    )


def to_httpx_file(value: FileTypes) -> HttpxFile:
    """Normalise a file argument to httpx's `(filename, content, media_type)`."""
    if isinstance(value, tuple):
        name, content, *rest = value
        media_type = rest[0] if rest else None
    else:
        name, content, media_type = None, value, None
    if isinstance(content, os.PathLike):
        path = Path(content)
        name = name or path.name
        data: IO[bytes] | bytes = path.read_bytes()
    elif isinstance(content, bytearray):
        data = bytes(content)
    else:
        data = content
    if name is None:
        raw_name = getattr(data, "name", None)
        name = os.path.basename(raw_name) if isinstance(raw_name, str) else "upload"
    if media_type is None:
        media_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    return name, data, media_type
