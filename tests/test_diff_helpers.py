"""The diff tool sees what the helpers add: a method that pages returns its page class, and
helper methods are methods; a spec change that makes a helper setting stop fitting takes
them away, which callers notice (breaking)."""

from __future__ import annotations

from typing import Any

from generator.config import ConfigFile
from generator.diff import diff_apis
from generator.diff.surface import surface
from tests.spec_builders import named_api

SPEC = """
paths:
  /things:
    get:
      operationId: listThings
      parameters:
        - {name: offset, in: query, schema: {type: integer}}
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema:
                type: object
                properties:
                  ITEMS: {type: array, items: {type: object, properties: {name: {type: string}}}}
  /jobs/queue:
    post:
      operationId: queueJob
      requestBody:
        content:
          application/json:
            schema: {type: object, required: [model], properties: {model: {type: string}}}
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {type: object, required: [id], properties: {id: {type: string}}}
  /jobs/retrieve:
    post:
      operationId: retrieveJob
      requestBody:
        content:
          application/json:
            schema: {type: object, required: [ID], properties: {ID: {type: string}}}
      responses:
        "200":
          description: ok
          content:
            audio/mpeg: {schema: {type: string, format: binary}}
"""

CONFIG = ConfigFile.model_validate(
    {
        "operations": {
            "GET /things": {
                "method": "things.list",
                "pagination": {"kind": "offset", "items": "data"},
            },
            "POST /jobs/queue": "jobs.queue",
            "POST /jobs/retrieve": "jobs.retrieve",
        },
        "jobs": {
            "runs": {
                "method": "run",
                "queue": "POST /jobs/queue",
                "retrieve": "POST /jobs/retrieve",
            }
        },
    }
)


def _api(*, pages: bool, jobs: bool) -> Any:
    spec = SPEC.replace("ITEMS", "data" if pages else "rows").replace("ID", "id" if jobs else "job")
    return named_api(spec, CONFIG)


def test_the_surface_has_page_returns_and_helper_methods() -> None:
    methods = surface(_api(pages=True, jobs=True)).methods
    listing = methods["client.things.list"]
    assert listing.returns.spelled == "ThingListPage" and listing.returns.sig[0] == "page"
    run = methods["client.jobs.run"]
    assert run.returns.spelled == "BinaryResponse" and list(run.args) == ["model"]
    assert run.http == "POST /jobs/queue"


def test_losing_a_page_or_a_helper_is_breaking() -> None:
    report = diff_apis(_api(pages=True, jobs=True), _api(pages=False, jobs=False))
    changes = {(c.kind, c.subject): c for c in report.changes}
    returned = changes[("return-widened", "client.things.list")]
    assert returned.breaking and "ThingListPage" in returned.detail
    assert changes[("method-removed", "client.jobs.run")].breaking


def test_gaining_them_is_not() -> None:
    report = diff_apis(_api(pages=False, jobs=False), _api(pages=True, jobs=True))
    added = {c.subject: c for c in report.changes if c.kind == "method-added"}
    assert "client.jobs.run" in added and not added["client.jobs.run"].breaking
    [paged] = [c for c in report.changes if c.subject == "client.things.list"]
    assert paged.kind == "return-narrowed" and not paged.breaking  # a page is its answer too
