"""Build the IR from the document: the order of the jobs, and who owns what.

`build_api` makes one `Translation` (see `translation`) and runs the jobs in order:

1. every component schema becomes a model (`schemas.component_ref`);
2. `paths` become operations (`operations`, with bodies by media type from `media`),
   their schemas translated by `schemas` on the way;
3. the synthesized `ResponseHeaders` model is made from those operations
   (`headers_model`) and added to the table;
4. `document` puts info, servers, security schemes and tags around the operations and
   the finished models.

Only the translation's `ModelTable` is written, by `schemas` and by step 3; every other
module is made of plain functions. Later passes clean the types up; this step only
translates, reporting what it cannot translate and reading it as untyped instead.
"""

from __future__ import annotations

from generator.diagnostics import Diagnostics
from generator.ir import Api
from generator.load import JsonValue
from generator.normalize.document import document_api
from generator.normalize.headers_model import (
    RESPONSE_HEADERS,
    RESPONSE_HEADERS_KEY,
    RESPONSE_HEADERS_SITE,
    response_headers_model,
)
from generator.normalize.operations import operations
from generator.normalize.schemas import component_ref
from generator.normalize.translation import Translation

__all__ = ["RESPONSE_HEADERS", "RESPONSE_HEADERS_KEY", "build_api"]


def build_api(document: dict[str, JsonValue], diagnostics: Diagnostics) -> Api:
    """Translate an OpenAPI document into the (unnamed, un-normalised) IR."""
    translation = Translation.of(document, diagnostics)
    for name in translation.components:
        component_ref(translation, name)
    found = tuple(operations(translation, document))
    translation.table.add_site(RESPONSE_HEADERS_SITE)
    translation.table.add_model(response_headers_model(found))
    return document_api(document, translation.refs, found, translation.table.with_sites())
