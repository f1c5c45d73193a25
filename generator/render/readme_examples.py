"""The calls the README shows: real, runnable code with values from the spec's examples.

One call per kind of operation (a listing, a JSON call, a stream, an upload, a download, a
call that needs no credentials, a list that pages) and per kind of helper (a chat stream
helper, a job helper), each with its required arguments; a value is the spec's example where
it gives one, else a sample of the argument's type, and a file argument reads `UPLOAD_PATH`.
The tests run every README example against Prism.
"""

from __future__ import annotations

import json

from generator.examples import sample
from generator.helper_signatures import job_signatures, stream_helper_signature
from generator.ir import Api, ArrayType, FileType, Model, ModelRef, Operation, TypeRef, UnionType
from generator.ir_features import Pagination
from generator.normalize.paths import object_of
from generator.render.modules import attribute_names
from generator.render.text import string_literal
from generator.signatures import Flag, Signature

UPLOAD_PATH = "input.png"
"""The file the upload example reads (the README says to put one there)."""

EXAMPLE_KINDS = ("listing", "call", "stream", "upload", "download", "public")


def readme_examples(api: Api, signatures: dict[str, Signature]) -> dict[str, str]:
    """A call per kind of example ("" where the API has no such operation)."""
    models = api.model_table()
    examples = dict.fromkeys(EXAMPLE_KINDS, "")

    def offer(kind: str, sig: Signature, **extra: str) -> None:
        if not examples[kind]:
            examples[kind] = _call(sig, models, extra)

    for op in api.operations:
        sig = signatures[op.key]
        if op.deprecated or not op.success_responses:
            continue
        media = sig.body.media_types if sig.body else ()
        json_only = bool(sig.returns.json) and not sig.returns.binary
        if op.method == "get" and not sig.arguments and json_only:
            offer("listing", sig)
            offer("public" if not needs_credentials(api, op) else "listing", sig)
        if media == ("application/json",) and json_only:
            offer("call", sig)
        if sig.flag is not None and sig.flag.kind == "stream":
            offer("stream", sig, **{sig.flag.argument.name: "True"})
        if any(m.startswith("multipart/") for m in media):
            offer("upload", sig)
        if sig.returns.binary and not sig.returns.json and _asks_without_files(sig):
            offer("download", sig)  # a file that comes back for a plain request
    return examples | _helper_examples(api, signatures, models)


def _helper_examples(
    api: Api, signatures: dict[str, Signature], models: dict[str, Model]
) -> dict[str, str]:
    """A call of the first list that pages (and the attributes of its first page's items),
    of the first stream helper and of the first job helper (where there are)."""
    examples = {"paged": "", "page_items": "", "chat_stream": "", "job": ""}
    paged = next((s for s in signatures.values() if s.returns.page is not None), None)
    if paged is not None and paged.returns.page is not None:
        examples["paged"] = _call(paged, models)
        examples["page_items"] = _attributes(paged.returns.page, models)
    streams = (stream_helper_signature(s) for s in signatures.values())
    stream = next((s for s in streams if s is not None), None)
    if stream is not None:
        examples["chat_stream"] = _call(
            stream.base, models, name=stream.helper.name, skip=stream.base.flag
        )
    job = next(iter(job_signatures(api, signatures)), None)
    if job is not None:
        examples["job"] = _call(job.queue, models, {"on_progress": "print"}, name=job.job.name)
    return examples


def needs_credentials(api: Api, op: Operation) -> bool:
    """Whether `op` requires some credential: it (or the document) lists requirements, and
    none of them is empty (`{}` means that calling without credentials is fine too)."""
    requirements = api.security if op.security is None else op.security
    return bool(requirements) and all(requirements)


def _call(
    sig: Signature,
    models: dict[str, Model],
    extra: dict[str, str] | None = None,
    *,
    name: str | None = None,
    skip: Flag | None = None,
) -> str:
    """A call of `sig`'s method (or of the helper `name` beside it) with its required
    arguments (but the flag `skip`) and `extra` ones."""
    args: list[str] = []
    for argument in (*sig.positional, *sig.keyword):
        if not argument.required or (skip is not None and argument == skip.argument):
            continue
        if _takes_file(argument.type):
            value = f"Path({string_literal(UPLOAD_PATH)})"
        elif argument.example_json is not None:
            value = python_source(json.loads(argument.example_json))
        else:
            value = python_source(sample(argument.type, models, optional_depth=0))
        args.append(f"{argument.name}={value}")
    args += [f"{key}={value}" for key, value in (extra or {}).items()]
    dotted = sig.dotted if name is None else ".".join(("client", *sig.path[:-1], name))
    return f"{dotted}({', '.join(args)})"


def _attributes(page: Pagination, models: dict[str, Model]) -> str:
    """The attributes that reach a page's items: `data.transactions`."""
    attributes: list[str] = []
    t: TypeRef = ModelRef(page.page_model)
    for wire in page.items:
        model = object_of(t, models)
        assert model is not None
        attributes.append(attribute_names(model, models)[wire])
        t = next(f.type for f in model.fields if f.name == wire)
    return ".".join(attributes)


def _asks_without_files(sig: Signature) -> bool:
    required = [a for a in sig.arguments if a.required]
    return bool(required) and not any(_takes_file(a.type) for a in required)


def _takes_file(t: TypeRef) -> bool:
    if isinstance(t, FileType):
        return True
    if isinstance(t, ArrayType):
        return _takes_file(t.item)
    if isinstance(t, UnionType):
        return any(_takes_file(m) for m in t.members)
    return False


def python_source(value: object) -> str:
    """JSON data as Python source (double-quoted strings, `True`, `None`)."""
    if value is None or isinstance(value, bool):
        return repr(value)
    if isinstance(value, str):
        return string_literal(value)
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, list):
        return "[" + ", ".join(python_source(v) for v in value) + "]"
    if isinstance(value, dict):
        items = (f"{string_literal(str(k))}: {python_source(v)}" for k, v in value.items())
        return "{" + ", ".join(items) + "}"
    return string_literal(str(value))
