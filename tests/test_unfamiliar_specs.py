"""Specs written unlike Venice's generate sensible clients without any config.

Each spec under `tests/specs/unfamiliar/` isolates one feature; the tests call the
generated client against an in-process transport and check what goes over the wire and
what comes back.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pydantic
import pytest

from tests.conftest import FixtureClient
from tests.project import TEST_SPECS, generate_spec

Handler = Callable[[httpx.Request], httpx.Response]


class Recorder:
    """An httpx transport handler that answers every request with one JSON body."""

    def __init__(self, body: object = None, status: int = 200) -> None:
        self.body, self.status = body, status
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        if self.body is None:
            return httpx.Response(self.status)
        return httpx.Response(self.status, json=self.body)

    @property
    def sent(self) -> Any:
        """The JSON body of the last request."""
        return json.loads(self.requests[-1].content)


def make_client(fixture: FixtureClient, handler: Handler) -> Any:
    """The generated sync client, talking to `handler`."""
    package = fixture.module()
    (name,) = [n for n in package.__all__ if n.endswith("Client") and not n.startswith("Async")]
    transport = httpx.MockTransport(handler)
    return getattr(package, name)(
        api_key="k", max_retries=0, http_client=httpx.Client(transport=transport)
    )


@pytest.fixture
def clients(fixture_clients: dict[str, FixtureClient]) -> dict[str, FixtureClient]:
    return {
        k.removeprefix("unfamiliar/"): v for k, v in fixture_clients.items() if "unfamiliar/" in k
    }


def test_package_and_client_names_come_from_the_title(clients: dict[str, FixtureClient]) -> None:
    assert clients["openapi31"].package == "shapes"
    assert "ShapesClient" in clients["openapi31"].module().__all__
    assert "AsyncShapesClient" in clients["openapi31"].module().__all__


def test_package_and_client_names_can_be_overridden(tmp_path: Path) -> None:
    spec = TEST_SPECS / "unfamiliar" / "openapi31.yaml"
    flags = ("--package-name", "geometry", "--client-name", "Geometry")
    package, _ = generate_spec(spec, tmp_path / "out", *flags)
    assert package == "geometry"
    client = (tmp_path / "out" / "geometry" / "_client.py").read_text()
    assert "class Geometry(SyncAPIClient):" in client
    assert "class AsyncGeometry(AsyncAPIClient):" in client


def test_openapi_31_type_arrays_const_and_prefix_items(clients: dict[str, FixtureClient]) -> None:
    shapes = clients["openapi31"]
    wire = {"kind": "polygon", "label": None, "corner": [1.5, 2], "anything": True, "version": 2}
    recorder = Recorder(wire)
    shape = make_client(shapes, recorder).shapes.create(kind="polygon", label=None, corner=[1.5, 2])
    assert recorder.sent == {"kind": "polygon", "label": None, "corner": [1.5, 2]}
    assert (shape.kind, shape.label, shape.corner, shape.anything, shape.version) == (
        "polygon",
        None,
        [1.5, 2.0],
        True,
        2,
    )
    source = (shapes.out / "shapes" / "types" / "shapes.py").read_text()
    assert 'kind: Literal["polygon"]' in source  # const
    assert "label: str | None" in source  # type: [string, "null"]
    assert "anything: str | int | bool | None" in source


def test_defs_inside_a_component_become_models(clients: dict[str, FixtureClient]) -> None:
    recorder = Recorder({"title": "T", "author": {"name": "A"}, "editors": [{"name": "E"}]})
    book = make_client(clients["defs"], recorder).books.get("b1")
    assert recorder.requests[0].url.path == "/books/b1"
    assert (book.author.name, book.editors[0].name) == ("A", "E")
    assert type(book.author) is type(book.editors[0])
    assert type(book.author).__module__.startswith("books.types")


@pytest.mark.parametrize(
    ("spec", "wire", "expected"),
    [
        ("discriminator_mapping", {"species": "dog", "good": True}, "Dog"),
        ("discriminator_mapping", {"species": "cat", "lives": 9}, "Cat"),
        ("discriminator_no_mapping", {"vehicleType": "Bike", "wheels": 2}, "Bike"),
        ("discriminator_no_mapping", {"vehicleType": "Car", "wheels": 4}, "Car"),
    ],
)
def test_discriminators_pick_the_member_by_tag(
    clients: dict[str, FixtureClient], spec: str, wire: dict[str, object], expected: str
) -> None:
    client = make_client(clients[spec], Recorder(wire if "species" in wire else [wire]))
    result = client.animals.get(1) if "species" in wire else client.vehicles.list()[0]
    assert type(result).__name__ == expected
    assert result.model_dump(by_alias=True, exclude_unset=True) == wire
    assert "discriminator-ignored" not in clients[spec].printed


def test_a_discriminator_without_mapping_uses_component_names(
    clients: dict[str, FixtureClient],
) -> None:
    package = clients["discriminator_no_mapping"].out / "vehicles"
    types = (package / "types" / "vehicles.py").read_text()
    assert 'vehicle_type: Literal["Car"] = Field(alias="vehicleType")' in types
    assert 'vehicle_type: Literal["Bike"] = Field(alias="vehicleType")' in types
    resource = (package / "resources" / "vehicles.py").read_text()
    assert 'Annotated[Car | Bike, Field(discriminator="vehicle_type")]' in resource


def test_all_of_chains_inherit_every_field(clients: dict[str, FixtureClient]) -> None:
    staff = clients["allof_chain"]
    recorder = Recorder(
        {"id": "m", "name": "Ann", "salary": None, "reports": [{"id": "e", "name": "Bo"}]}
    )
    client = make_client(staff, recorder)
    manager = client.managers.get("m")
    assert (manager.id, manager.name, manager.salary, manager.reports[0].name) == (
        "m",
        "Ann",
        None,
        "Bo",
    )
    assert set(staff.module("types").Manager.model_fields) == {"id", "name", "salary", "reports"}
    source = (staff.out / "staff" / "types" / "managers.py").read_text()
    param = source.split("class ManagerParam(", 1)[1]
    for required in ("id: Required[str]", "name: Required[str]", "reports: Required["):
        assert required in param
    assert "salary: float | None\n" in param
    recorder.body = None
    recorder.status = 204
    client.managers.put("m", body_id="m", name="Ann", reports=[])  # `id` is the path's
    assert recorder.sent == {"id": "m", "name": "Ann", "reports": []}


def test_additional_properties_are_typed_maps(clients: dict[str, FixtureClient]) -> None:
    wire = {
        "limits": {"a": 1},
        "labels": {"x": {"color": "red"}},
        "free": {"any": [1]},
        "nested": {"k": ["v"]},
        "unknown": "kept",
    }
    settings = make_client(clients["additional_properties"], Recorder(wire)).settings.get()
    assert settings.limits == {"a": 1}
    assert settings.labels["x"].color == "red"
    assert settings.nested == {"k": ["v"]}
    assert settings.model_extra == {"unknown": "kept"}
    types = clients["additional_properties"].module("types")
    assert types.Settings.__name__ == "Settings"  # the model keeps its component name


def test_recursive_models_parse_and_send_nested_data(clients: dict[str, FixtureClient]) -> None:
    tree = {
        "value": "root",
        "children": [{"value": "leaf", "parent": {"value": "root"}}],
        "byName": {"x": {"value": "x", "owner": {"trees": [{"value": "y"}]}}},
    }
    recorder = Recorder(tree)
    client = make_client(clients["recursive"], recorder)
    node = client.trees.plant(value="root", children=tree["children"], by_name=tree["byName"])
    assert recorder.sent == tree
    assert node.children[0].parent.value == "root"
    assert node.by_name["x"].owner.trees[0].value == "y"
    expression = {"op": "sum", "terms": [{"op": "num", "value": 1}, {"op": "sum", "terms": []}]}
    result = make_client(clients["recursive"], Recorder(expression)).expressions.get()
    assert [type(t).__name__ for t in result.terms] == ["Number", "Sum"]


def test_recursive_aliases_validate_nested_data_and_are_reported(
    clients: dict[str, FixtureClient],
) -> None:
    document = {
        "id": "d",
        "content": {"title": "t", "tags": ["a", 1, True, {"deep": [[{"x": None}]]}]},
        "outline": ["intro", ["part", ["sub"]]],
        "label": "final",
        "annotations": {"a": {"b": {}}},
    }
    recorder = Recorder(document)
    client = make_client(clients["recursive_aliases"], recorder)
    stored = client.documents.store(content=document["content"], outline=document["outline"])
    assert recorder.sent == {"content": document["content"], "outline": document["outline"]}
    assert stored.content == document["content"]
    assert stored.outline == ["intro", ["part", ["sub"]]]
    assert stored.annotations == {"a": {"b": {}}}
    types = clients["recursive_aliases"].module("types")
    # pydantic resolves the recursion: a value of the wrong shape deep inside is refused
    with pytest.raises(pydantic.ValidationError):
        pydantic.TypeAdapter(types.Outline).validate_python(["ok", [3]])
    assert pydantic.TypeAdapter(types.Shapes).validate_python([{"a": [1.5]}]) == [{"a": [1.5]}]
    # `Label` listed itself among its own members: the reference back adds nothing
    assert "recursive-union" in clients["recursive_aliases"].printed
    assert "schema Label is a union that contains itself" in clients["recursive_aliases"].printed


def test_31_type_lists_keep_component_models_and_inheritance_keeps_back_references(
    clients: dict[str, FixtureClient],
) -> None:
    catalog = clients["openapi31_components"]
    types = catalog.module("types")
    # `type: [object, "null"]`: the component is its model, and the null is the caller's
    assert set(types.MaybeNode.model_fields) == {"id", "node"}
    # `type: [object, string]`: a union of a model and a string
    label = make_client(catalog, Recorder({"text": "t", "color": "red"})).labels.get("l1")
    assert (label.text, label.color) == ("t", "red")
    assert make_client(catalog, Recorder("plain")).labels.get("l1") == "plain"
    # Base refers back to Node, which extends Base: Node still inherits `kind`
    assert {"kind", "parent", "children"} <= set(types.Node.model_fields)
    assert types.Node.model_fields["kind"].is_required()
    recorder = Recorder(None)
    assert make_client(catalog, recorder).nodes.add(kind="leaf", children=[]) is None
    assert recorder.sent == {"kind": "leaf", "children": []}
    # `Label%20Or%20Text` is the component `Label Or Text`
    assert "broken-ref" not in catalog.printed


def test_header_and_cookie_parameters_are_sent(clients: dict[str, FixtureClient]) -> None:
    recorder = Recorder({"id": "o"})
    order = make_client(clients["parameters"], recorder).stores.get_order(
        "s 1", "o/2", x_tenant="t", session="abc; def", theme="dark", x_debug=True, fields=["a"]
    )
    request = recorder.requests[0]
    assert order.id == "o"
    assert request.url.raw_path == b"/stores/s%201/orders/o%2F2?fields=a"
    assert request.headers["X-Tenant"] == "t"
    assert request.headers["X-Debug"] == "true"
    assert request.headers["Cookie"] == "session=abc%3B%20def; theme=dark"
    assert "undeclared-path-parameter" in clients["parameters"].printed


def test_optional_cookies_left_out_are_not_sent(clients: dict[str, FixtureClient]) -> None:
    recorder = Recorder({"id": "o"})
    make_client(clients["parameters"], recorder).stores.get_order(
        "s", "o", x_tenant="t", session="1"
    )
    assert recorder.requests[0].headers["Cookie"] == "session=1"


def test_default_responses(clients: dict[str, FixtureClient]) -> None:
    notes = clients["default_responses"]
    recorder = Recorder({"text": "hi"}, status=201)
    client = make_client(notes, recorder)
    note = client.notes.create(text="hi")
    assert type(note).__name__ == "Note" and note.text == "hi"
    recorder.body, recorder.status = [{"text": "a"}], 200
    assert [n.text for n in client.notes.list()] == ["a"]
    recorder.body, recorder.status = {"title": "Broken", "status": 500}, 500
    with pytest.raises(notes.module().InternalServerError) as raised:
        client.notes.list()
    assert raised.value.body == {"title": "Broken", "status": 500}


def test_operations_without_or_with_duplicate_ids_all_get_methods(
    clients: dict[str, FixtureClient],
) -> None:
    files = clients["operation_ids"]
    recorder = Recorder(["a.txt"])
    client = make_client(files, recorder)
    assert client.files.get() == ["a.txt"]
    recorder.body, recorder.status = None, 204
    client.files.upload(body=b"raw")
    client.files.upload_put("a.txt", body=b"text")
    client.files.delete_name("a.txt")
    sent = [(r.method, r.url.path) for r in recorder.requests]
    assert sent == [
        ("GET", "/files"),
        ("POST", "/files"),
        ("PUT", "/files/a.txt"),
        ("DELETE", "/files/a.txt"),
    ]
    assert callable(client.files.get_name)
    assert (
        "PUT /files/{name} and POST /files both want the name files.upload; "
        "this one is called upload_put" in files.printed
    )


def test_version_and_api_segments_do_not_name_resources(clients: dict[str, FixtureClient]) -> None:
    zoo = clients["versioned_paths"]
    resources = sorted(p.stem for p in (zoo.out / zoo.package / "resources").glob("*.py"))
    assert resources == ["__init__", "pets", "stores"]
    recorder = Recorder([{"name": "Rex"}])
    client = make_client(zoo, recorder)
    assert [p.name for p in client.pets.list()] == ["Rex"]
    client.stores.list()
    assert recorder.requests[-1].url.path == "/api/v2/stores"


def test_two_success_responses_of_one_schema_return_it_without_a_cast(
    clients: dict[str, FixtureClient],
) -> None:
    upserts = clients["same_schema_twice"]
    source = (upserts.out / upserts.package / "resources" / "items.py").read_text()
    assert "cast(" not in source  # mypy's redundant-cast and pyright's unnecessary cast
    item = make_client(upserts, Recorder({"id": "i1"}, status=201)).items.upsert(id="i1")
    assert type(item).__name__ == "Item" and item.id == "i1"
