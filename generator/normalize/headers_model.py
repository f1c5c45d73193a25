"""The synthesized `ResponseHeaders` model: every response header the spec declares.

It is no schema of the spec; typed raw responses use it. A pure function of the
operations already built: `build_api` adds the model and its one site to the table.
"""

from __future__ import annotations

from generator.ir import Field, Header, ObjectModel, Operation, Site, Step, UnionType

RESPONSE_HEADERS = "ResponseHeaders"
RESPONSE_HEADERS_KEY = "#/x-venice-codegen/ResponseHeaders"
"""A model made of every declared response header; not a schema of the spec itself."""
RESPONSE_HEADERS_SITE = Site(RESPONSE_HEADERS_KEY, (Step("component", RESPONSE_HEADERS),))


def response_headers_model(operations: tuple[Operation, ...]) -> ObjectModel:
    """One model of every response header the spec declares, for typed raw responses.

    Each header is an optional field under its lower-case name; a header declared with
    several types is their union, documented by the first description given.
    """
    by_name: dict[str, list[Header]] = {}
    for op in operations:
        for response in op.responses:
            for header in response.headers:
                by_name.setdefault(header.name.lower(), []).append(header)
    fields = tuple(
        Field(
            name=name,
            type=headers[0].type
            if len({h.type for h in headers}) == 1
            else UnionType(tuple(dict.fromkeys(h.type for h in headers))),
            required=False,
            description=next((h.description for h in headers if h.description), None),
        )
        for name, headers in sorted(by_name.items())
    )
    return ObjectModel(
        key=RESPONSE_HEADERS_KEY,
        fields=fields,
        sites=(),
        component=RESPONSE_HEADERS,
        description="Response headers the API documents (all optional, by lower-case name).",
    )
