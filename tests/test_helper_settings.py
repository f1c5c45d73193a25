"""The config's helper settings checked against the spec (`normalize.helpers` and its
modules): pagination, the chat stream helper and job helpers; what fits is set on the IR,
what does not is reported and left out; and the signatures and views built on them."""

from __future__ import annotations

import textwrap
from pathlib import Path
from typing import Any

import pytest

from generator.config import ConfigFile, load_config_file
from generator.diagnostics import Code, Diagnostics, GeneratorError
from generator.helper_signatures import job_signatures, stream_helper_signature
from generator.ir import Api, ModelRef
from generator.ir_features import Carried
from generator.render import package_info, render_package
from generator.signatures import method_signatures
from tests.spec_builders import named_api

SPEC = """
paths:
  /things:
    get:
      operationId: listThings
      parameters:
        - {name: offset, in: query, schema: {type: integer, nullable: true, default: 0}}
        - {name: limit, in: query, schema: {type: integer, default: 25}}
        - {name: cursor, in: query, schema: {type: string}}
      responses:
        "200":
          description: ok
          content:
            application/json: {schema: {$ref: "#/components/schemas/ThingList"}}
            text/csv: {schema: {type: string, format: binary}}
  /more-things:
    get:
      operationId: listMoreThings
      parameters:
        - {name: page, in: query, schema: {type: integer, default: 1}}
      responses:
        "200":
          description: ok
          content:
            application/json: {schema: {$ref: "#/components/schemas/ThingList"}}
  /chat:
    post:
      operationId: chat
      requestBody:
        content:
          application/json:
            schema:
              type: object
              required: [prompt]
              properties:
                prompt: {type: string}
                stream: {type: boolean}
                options: {type: object, properties: {usage: {type: boolean}}}
      responses:
        "200":
          description: ok
          content:
            application/json: {schema: {$ref: "#/components/schemas/Completion"}}
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
              schema:
                type: object
                required: [id]
                properties: {id: {type: string}, url: {type: string}}
  /jobs/retrieve:
    post:
      operationId: retrieveJob
      requestBody:
        content:
          application/json:
            schema:
              type: object
              required: [id, model]
              properties: {id: {type: string}, model: {type: string}}
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema:
                type: object
                properties:
                  state: {type: string, enum: [RUNNING, DONE]}
                  ran_ms: {type: number}
            audio/mpeg: {schema: {type: string, format: binary}}
  /jobs/complete:
    post:
      operationId: completeJob
      requestBody:
        content:
          application/json:
            schema: {type: object, required: [id], properties: {id: {type: string}}}
      responses:
        "200": {description: ok}
components:
  schemas:
    Thing:
      type: object
      properties: {name: {type: string}}
    ThingList:
      type: object
      properties:
        data: {type: array, items: {$ref: "#/components/schemas/Thing"}}
        meta:
          type: object
          properties:
            more: {type: boolean}
            pages: {type: integer}
            next: {type: string, nullable: true}
    Chunk:
      type: object
      properties:
        choices:
          type: array
          items:
            type: object
            properties:
              index: {type: integer}
              delta: {type: object, properties: {role: {type: string}, text: {type: string}}}
    Completion:
      type: object
      required: [object]
      properties:
        object: {type: string, enum: [completion]}
        choices:
          type: array
          items:
            type: object
            properties:
              message:
                type: object
                properties: {role: {type: string}, text: {type: string}}
"""

OFFSET = {"kind": "offset", "items": "data", "limit": "limit", "has_more": "meta.more"}


def _api(
    pagination: dict[str, Any] | None = None,
    stream_helper: dict[str, Any] | None = None,
    job: dict[str, Any] | None = None,
    more: dict[str, Any] | None = None,
) -> tuple[Api, Diagnostics]:
    operations: dict[str, Any] = {
        "GET /things": {"method": "things.list", "pagination": pagination or OFFSET},
        "GET /more-things": {"method": "things.list_more", **(more or {})},
        "POST /chat": {"method": "chat.create", "stream": True, "stream_chunk": "Chunk"},
        "POST /jobs/queue": "jobs.queue",
        "POST /jobs/retrieve": "jobs.retrieve",
        "POST /jobs/complete": "jobs.complete",
    }
    if stream_helper is not None:
        operations["POST /chat"]["stream_helper"] = stream_helper
    jobs = {"tracks": job} if job is not None else {}
    config = ConfigFile.model_validate({"operations": operations, "jobs": jobs})
    diagnostics = Diagnostics()
    return named_api(SPEC, config, diagnostics), diagnostics


def _op(api: Api, key: str) -> Any:
    return next(op for op in api.operations if op.key == key)


def _codes(diagnostics: Diagnostics) -> list[str]:
    return [d.code.value for d in diagnostics]


def test_an_offset_pagination_that_fits() -> None:
    api, diagnostics = _api()
    paging = _op(api, "GET /things").pagination
    assert _codes(diagnostics) == []
    assert (paging.kind, paging.items, paging.param) == ("offset", ("data",), "offset")
    assert (paging.size_param, paging.default_size) == ("limit", 25)  # the spec's default
    assert paging.progress == ("meta", "more") and paging.page_class == "ThingListPage"
    assert paging.item_type == ModelRef("#/components/schemas/Thing")


def test_page_and_cursor_paginations_and_one_page_class_per_answer() -> None:
    numbered = {"kind": "page", "items": "data", "total_pages": "meta.pages"}
    api, diagnostics = _api(
        {"kind": "cursor", "items": "data", "next_cursor": "meta.next", "cursor_alone": True},
        more={"pagination": numbered},
    )
    cursor, pages = _op(api, "GET /things").pagination, _op(api, "GET /more-things").pagination
    assert _codes(diagnostics) == []
    assert (cursor.kind, cursor.param, cursor.progress, cursor.alone) == (
        "cursor",
        "cursor",
        ("meta", "next"),
        True,
    )
    assert (pages.kind, pages.first, pages.progress) == ("page", 1, ("meta", "pages"))
    assert cursor.page_class == pages.page_class == "ThingListPage"


@pytest.mark.parametrize(
    ("setting", "why"),
    [
        ({**OFFSET, "items": "meta"}, "no array field 'meta'"),
        ({**OFFSET, "offset": "skip"}, "no query parameter 'skip'"),
        ({**OFFSET, "has_more": "meta.pages"}, "no boolean field 'meta.pages'"),
        (
            {"kind": "cursor", "items": "data", "cursor": "limit", "next_cursor": "meta.next"},
            "is not string",
        ),
        ({"kind": "cursor", "items": "data", "next_cursor": "meta.more"}, "no string field"),
        (
            {"kind": "page", "items": "data", "page": "offset", "total_pages": "meta.next"},
            "no integer or number",
        ),
    ],
)
def test_a_pagination_that_does_not_fit_is_reported_and_left_out(
    setting: dict[str, Any], why: str
) -> None:
    api, diagnostics = _api(setting)
    assert _op(api, "GET /things").pagination is None
    [warning] = diagnostics.warnings
    assert warning.code is Code.CONFIG_PAGINATION and why in warning.message
    assert warning.pointer == "#/paths/~1things/get"


def test_a_paged_method_returns_its_page_and_asks_for_json_only() -> None:
    api, _ = _api()
    sig = method_signatures(api)["GET /things"]
    assert sig.returns.page is not None and not sig.returns.binary
    assert sig.returns.json == (ModelRef("#/components/schemas/ThingList"),)
    assert sig.accept.normal == ("application/json",)  # not the CSV the spec also offers


def test_the_stream_helper_that_fits() -> None:
    setting = {"method": "stream", "text": ["text"], "defaults": {"options": {"usage": True}}}
    api, diagnostics = _api(stream_helper=setting)
    helper = _op(api, "POST /chat").stream_helper
    assert _codes(diagnostics) == []
    assert (helper.name, helper.text_fields) == ("stream", ("text",))
    assert helper.fixed == (("object", "completion"),)
    assert helper.defaults == (("options", '{"usage": true}'),)
    signature = stream_helper_signature(method_signatures(api)["POST /chat"])
    assert signature is not None and signature.dotted == "client.chat.stream"
    assert [a.name for a in signature.arguments] == ["prompt", "options"]  # not `stream`


@pytest.mark.parametrize(
    ("setting", "why"),
    [
        ({"method": "stream", "text": ["reasoning"]}, "no string field 'reasoning'"),
        ({"method": "stream", "defaults": {"options": {"usage": "yes"}}}, "not a value of"),
        ({"method": "stream", "defaults": {"missing": 1}}, "not a value of"),
        ({"method": "create"}, "already uses"),
    ],
)
def test_a_stream_helper_that_does_not_fit_is_reported(setting: dict[str, Any], why: str) -> None:
    if "text" not in setting:
        setting["text"] = ["text"]
    api, diagnostics = _api(stream_helper=setting)
    assert _op(api, "POST /chat").stream_helper is None
    [warning] = diagnostics.warnings
    assert why in warning.message


JOB = {
    "method": "run",
    "queue": "POST /jobs/queue",
    "retrieve": "POST /jobs/retrieve",
    "complete": "POST /jobs/complete",
    "status": "state",
    "elapsed": "ran_ms",
    "time_unit": "ms",
}


def test_a_job_that_fits_carries_what_retrieve_and_complete_require() -> None:
    api, diagnostics = _api(job=JOB)
    assert _codes(diagnostics) == []
    [job] = api.jobs
    assert (job.family, job.name, job.status, job.elapsed) == (
        "tracks",
        "run",
        ("state",),
        ("ran_ms",),
    )
    assert job.seconds_per_unit == 0.001
    assert job.retrieve_args == (
        Carried("id", "job", "id"),
        Carried("model", "argument", "model"),  # the job lacks it: queue's own argument
    )
    assert job.complete_args == (Carried("id", "job", "id"),)
    [signature] = job_signatures(api, method_signatures(api))
    assert signature.dotted == "client.jobs.run"
    assert [a.name for a in signature.arguments] == ["model"]


@pytest.mark.parametrize(
    ("change", "why"),
    [
        ({"retrieve": "POST /nowhere"}, "not in the spec"),
        ({"status": "ran_ms"}, "no string field 'ran_ms'"),
        ({"done": ["FINISHED"]}, "does not take"),
        ({"file_url": "url"}, "needs `status` and the `done` values"),
        ({"file_url": "nope", "done": ["DONE"]}, "no string field 'nope'"),
        ({"retrieve": "POST /jobs/complete", "complete": None}, "never answers with a file"),
        ({"queue": "POST /jobs/complete"}, "does not answer with one JSON object"),
        ({"method": "queue"}, "already uses"),
    ],
)
def test_a_job_that_does_not_fit_is_reported(change: dict[str, Any], why: str) -> None:
    api, diagnostics = _api(job={**JOB, **change})
    assert api.jobs == ()
    [warning] = diagnostics.warnings
    assert why in warning.message


def test_helper_settings_are_checked_when_the_config_is_read(tmp_path: Path) -> None:
    bad = {
        'pagination = { kind = "sideways", items = "data" }': "sideways",
        'stream_helper = { method = "class" }': "method name",
        'stream_helper = { method = "s", text = [] }': "at least 1",
    }
    for setting, why in bad.items():
        path = tmp_path / "venice.toml"
        path.write_text(
            textwrap.dedent(f"""
            [operations."GET /things"]
            method = "things.list"
            {setting}
            """),
            encoding="utf-8",
        )
        with pytest.raises(GeneratorError) as caught:
            load_config_file(path)
        assert why in str(caught.value)
    (tmp_path / "jobs.toml").write_text(
        '[jobs.x]\nmethod = "run"\nqueue = "queue"\nretrieve = "GET /r"\n'
    )
    with pytest.raises(GeneratorError, match="must look like"):
        load_config_file(tmp_path / "jobs.toml")


def _files(api: Api) -> dict[str, str]:
    info = package_info(api, ConfigFile(), "0" * 64, None)
    return render_package(api, method_signatures(api), info)


def test_the_views_page_stream_and_run_jobs() -> None:
    setting = {"method": "stream", "text": ["text"], "defaults": {"options": {"usage": True}}}
    api, _ = _api(stream_helper=setting, job={**JOB, "done": ["DONE"], "file_url": "url"})
    files = _files(api)
    types = files["test/types/things.py"]
    assert "class ThingListPage(SyncPage[Thing], ThingList):" in types
    assert "class AsyncThingListPage(AsyncPage[Thing], ThingList):" in types
    things = files["test/resources/things.py"]
    assert "    def list(" in things and "async def list(" not in things  # a paginator
    assert "-> AsyncPaginator[AsyncThingListPage, Thing]:" in things
    assert "The API also answers as text/csv, which this method" in " ".join(things.split())
    assert 'OffsetPaging(items=("data",), offset="offset", has_more=("meta", "more")' in things
    chat = files["test/resources/chat.py"]
    assert "-> ChatCompletionStreamManager[Completion, Chunk]:" in chat
    assert 'options if not isinstance(options, NotGiven) else {"usage": True}' in chat
    assert 'fixed={"object": "completion"}' in chat
    jobs = files["test/resources/jobs.py"]
    assert "retrieve=lambda job: self.retrieve(" in jobs and "id=job.id," in jobs
    assert "model=model," in jobs and "async def run(" in jobs
    assert 'done=frozenset({"DONE"})' in jobs and "seconds_per_unit=0.001" in jobs
    api_md = files["API.md"]
    assert (
        "| `POST /jobs/queue, POST /jobs/retrieve, POST /jobs/complete` | `client.jobs.run()` |"
        in api_md
    )
    assert "`client.chat.stream()` | `ChatCompletionStreamManager[Completion, Chunk]`" in api_md
