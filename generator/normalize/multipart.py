"""Pass: in multipart request bodies, binary strings and untyped branches are files.

Specs describe an uploaded file either as `type: string, format: binary` or, when written
by zod-to-openapi, as an untyped `{}` branch (`image: anyOf[{}, string]`). In a multipart
body both mean "a file". The body model is shared with the operation's JSON content when
both use the same schema, which is what lets one method accept either a file (sent as
multipart) or a string (sent as JSON).
"""

from __future__ import annotations

from dataclasses import replace

from generator.diagnostics import Diagnostics
from generator.ir import (
    AnyType,
    Api,
    ArrayType,
    FileType,
    ModelRef,
    ObjectModel,
    Primitive,
    TypeRef,
    UnionType,
)


def as_file(t: TypeRef) -> TypeRef:
    """`t` with binary strings and untyped values read as files."""
    if isinstance(t, AnyType) or (isinstance(t, Primitive) and t.format == "binary"):
        return FileType()
    if isinstance(t, ArrayType):
        return ArrayType(as_file(t.item))
    if isinstance(t, UnionType):
        return UnionType(tuple(as_file(m) for m in t.members), t.discriminator)
    return t


def multipart_files(api: Api, diagnostics: Diagnostics) -> Api:
    """Rewrite the body models of every operation that accepts a multipart body.

    The operation's other body models (its JSON body) are rewritten too: the method takes
    one set of arguments and sends multipart exactly when a file is given.
    """
    targets: set[str] = set()
    for op in api.operations:
        body = op.request_body
        if body is None or not any(c.media_type.startswith("multipart/") for c in body.contents):
            continue
        for content in body.contents:
            if isinstance(content.type, ModelRef):
                targets.add(content.type.key)
    if not targets:
        return api
    models = tuple(
        replace(m, fields=tuple(replace(f, type=as_file(f.type)) for f in m.fields))
        if isinstance(m, ObjectModel) and m.key in targets
        else m
        for m in api.models
    )
    return replace(api, models=models)
