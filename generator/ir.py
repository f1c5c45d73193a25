"""The intermediate representation: what the API is, independent of how Python spells it.

A closed set of frozen dataclasses. Types form the `TypeRef` union; objects with fields are
`ObjectModel`s referenced by `ModelRef(key)`, where the key is the JSON pointer of the
schema that defines them. Nothing here holds Python source text, so rendering alone decides
spelling.

Naming (a later stage) fills the Python names: `ObjectModel.name`/`AliasModel.name`,
`Field.python_name`, `Parameter.python_name`, `Operation.resource`/`method_name`/
`body_python_names`. They are plain `str`, empty until then; `naming.assign_names` checks
that every one is filled before the IR leaves it, so later stages read them as they are.
(`param_name` stays optional: only models that requests use have one.)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal, TypeAlias, get_args

from generator.diagnostics import join_pointer

if TYPE_CHECKING:
    from generator.ir_features import Job, Pagination, StreamHelper

# ---------------------------------------------------------------- types

PrimitiveKind = Literal["string", "integer", "number", "boolean"]
PRIMITIVE_KINDS: tuple[PrimitiveKind, ...] = get_args(PrimitiveKind)
Scalar: TypeAlias = str | int | float | bool


def scalar_kind(value: Scalar) -> PrimitiveKind:
    """The JSON type of a scalar value."""
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    return "string"


@dataclass(frozen=True, slots=True)
class Primitive:
    """A JSON scalar type; `format` is kept for documentation (`date-time`, `uri`, ...)."""

    kind: PrimitiveKind
    format: str | None = None


@dataclass(frozen=True, slots=True)
class NullType:
    """JSON null."""


@dataclass(frozen=True, slots=True)
class LiteralType:
    """Exactly one value (`const`, or an `enum` with one member)."""

    value: Scalar


@dataclass(frozen=True, slots=True)
class EnumType:
    """One of several known values. `open` enums also accept any other value of `base`."""

    values: tuple[Scalar, ...]
    base: PrimitiveKind = "string"
    open: bool = False


@dataclass(frozen=True, slots=True)
class ArrayType:
    """A JSON array."""

    item: TypeRef


@dataclass(frozen=True, slots=True)
class MapType:
    """A JSON object used as a dictionary with arbitrary keys."""

    value: TypeRef


@dataclass(frozen=True, slots=True)
class Discriminator:
    """Which property tells union members apart, and its value for each member model key;
    `pointer` is where an explicit `discriminator` was declared (for diagnostics),
    `inferred` marks tags found by `infer_union_tags` rather than declared."""

    property: str
    mapping: tuple[tuple[Scalar, str], ...]
    inferred: bool = False
    pointer: str = ""


@dataclass(frozen=True, slots=True)
class RequiredKeys:
    """Members (object models, no tag property) the keys they require tell apart
    (`normalize.tags.key_unions`): a response picks its member by the keys present."""


@dataclass(frozen=True, slots=True)
class UnionType:
    """Any one of `members` (anyOf / oneOf / type lists / nullable)."""

    members: tuple[TypeRef, ...]
    discriminator: Discriminator | RequiredKeys | None = None


@dataclass(frozen=True, slots=True)
class ModelRef:
    """A reference to a named model (`ObjectModel` or `AliasModel`) by key."""

    key: str


@dataclass(frozen=True, slots=True)
class BinaryType:
    """Raw bytes in a response body (images, audio, video, CSV, plain text)."""

    media_type: str = "application/octet-stream"


@dataclass(frozen=True, slots=True)
class FileType:
    """An uploaded file in a multipart request body."""


@dataclass(frozen=True, slots=True)
class AnyType:
    """Any JSON value (an untyped schema)."""


TypeRef: TypeAlias = (
    Primitive
    | NullType
    | LiteralType
    | EnumType
    | ArrayType
    | MapType
    | UnionType
    | ModelRef
    | BinaryType
    | FileType
    | AnyType
)

# ---------------------------------------------------------------- models


StepKind = Literal[
    "component",
    "operation",
    "request",
    "response",
    "parameter",
    "header",
    "property",
    "item",
    "value",
    "branch",
]


@dataclass(frozen=True, slots=True)
class Step:
    """One step of a naming context: `property:choices`, `item`, `branch:User Message`, ..."""

    kind: StepKind
    value: str = ""
    index: int = 0


@dataclass(frozen=True, slots=True)
class Site:
    """One place a schema appears, and the naming context of that place.

    `context` reads from the outside in, e.g. operation createChatCompletion, response 200,
    property choices, item, property message; naming turns it into a class name.
    """

    pointer: str
    context: tuple[Step, ...]
    title: str | None = None
    order: int = 0
    """Position in document order; where several places share a model, the first names it."""

    @property
    def is_error_body(self) -> bool:
        """Whether this place is the whole body of an error (4xx/5xx/default) response."""
        context = self.context
        return (len(context) == 2 and context[1].kind == "response"
                and not context[1].value.startswith("2"))  # fmt: skip


@dataclass(frozen=True, slots=True)
class Field:
    """A property of an object model, under its wire name."""

    name: str
    type: TypeRef
    required: bool
    description: str | None = None
    deprecated: bool = False
    example_json: str | None = None
    """The spec's example value as JSON text (for documentation), if it gives one."""
    python_name: str = ""


@dataclass(frozen=True, slots=True)
class ObjectModel:
    """An object schema with declared properties; becomes a class. `extends` lists the
    component models an `allOf` merged into this one (their fields are already in
    `fields`); it records the relation for usage and change reports."""

    key: str
    fields: tuple[Field, ...]
    sites: tuple[Site, ...]
    component: str | None = None
    description: str | None = None
    additional: TypeRef | None = None
    closed: bool = False
    deprecated: bool = False
    extends: tuple[str, ...] = ()
    name: str = ""
    param_name: str | None = None


@dataclass(frozen=True, slots=True)
class AliasModel:
    """A named component that is not an object (a union, enum, array or scalar)."""

    key: str
    target: TypeRef
    sites: tuple[Site, ...]
    component: str | None = None
    description: str | None = None
    name: str = ""
    param_name: str | None = None


Model: TypeAlias = ObjectModel | AliasModel

# ---------------------------------------------------------------- operations

ParameterLocation = Literal["path", "query", "header", "cookie"]


@dataclass(frozen=True, slots=True)
class Parameter:
    """A path, query, header or cookie parameter."""

    name: str
    location: ParameterLocation
    type: TypeRef
    required: bool
    description: str | None = None
    deprecated: bool = False
    explode: bool = True
    example_json: str | None = None
    """The spec's example value as JSON text (for documentation), if it gives one."""
    default: Scalar | None = None
    """The schema's scalar `default`: what the server assumes when the parameter is left out."""
    python_name: str = ""


@dataclass(frozen=True, slots=True)
class BodyContent:
    """One media type of a request or response body and the type it carries."""

    media_type: str
    type: TypeRef


@dataclass(frozen=True, slots=True)
class RequestBody:
    """The request body, possibly offered in several media types."""

    contents: tuple[BodyContent, ...]
    required: bool
    description: str | None = None


@dataclass(frozen=True, slots=True)
class Header:
    """A response header the spec declares."""

    name: str
    type: TypeRef
    required: bool = False
    description: str | None = None


@dataclass(frozen=True, slots=True)
class Response:
    """One documented response: status ("200", "4XX", "default"), bodies and headers."""

    status: str
    contents: tuple[BodyContent, ...]
    headers: tuple[Header, ...] = ()
    description: str | None = None

    @property
    def is_success(self) -> bool:
        """Whether this is a 2xx response."""
        return self.status.startswith("2")


@dataclass(frozen=True, slots=True)
class Operation:
    """One HTTP operation; naming fills `resource` and `method_name`."""

    method: str
    path: str
    operation_id: str | None
    parameters: tuple[Parameter, ...]
    request_body: RequestBody | None
    responses: tuple[Response, ...]
    tags: tuple[str, ...] = ()
    summary: str | None = None
    description: str | None = None
    deprecated: bool = False
    security: tuple[tuple[str, ...], ...] | None = None
    resource: tuple[str, ...] = ()
    method_name: str = ""
    streaming: bool = False
    stream_item: TypeRef | None = None
    binary_when: tuple[str, Scalar] | None = None
    accept: tuple[str, ...] = ()
    """Media types asked for by default, from the config (empty: all the spec declares)."""
    body_python_names: tuple[tuple[str, str], ...] = ()
    pagination: Pagination | None = None
    stream_helper: StreamHelper | None = None

    @property
    def key(self) -> str:
        """`METHOD /path`, the identity of the operation."""
        return f"{self.method.upper()} {self.path}"

    @property
    def pointer(self) -> str:
        """Where the operation is in the spec, as a JSON pointer (for messages)."""
        return join_pointer("#/paths", self.path, self.method)

    @property
    def success_responses(self) -> tuple[Response, ...]:
        """The 2xx responses; without any, the `default` response is what success returns."""
        success = tuple(r for r in self.responses if r.is_success)
        return success or tuple(r for r in self.responses if r.status == "default")


@dataclass(frozen=True, slots=True)
class SecurityScheme:
    """An authentication scheme from `components.securitySchemes`."""

    name: str
    kind: str
    scheme: str | None = None
    location: str | None = None
    parameter_name: str | None = None
    description: str | None = None


@dataclass(frozen=True, slots=True)
class Resource:
    """A group of operations reachable as `client.<path...>`, with nested resources."""

    path: tuple[str, ...]
    operations: tuple[Operation, ...]
    children: tuple[Resource, ...] = ()
    description: str | None = None


@dataclass(frozen=True, slots=True)
class Api:
    """The whole API."""

    title: str
    version: str
    operations: tuple[Operation, ...]
    models: tuple[Model, ...]
    description: str | None = None
    base_url: str | None = None
    security_schemes: tuple[SecurityScheme, ...] = ()
    security: tuple[tuple[str, ...], ...] = ()
    """The document's `security`: what an operation without its own requires (each entry
    names the schemes that together satisfy it; an empty entry, nothing)."""
    resources: tuple[Resource, ...] = ()
    tag_descriptions: tuple[tuple[str, str], ...] = field(default=())
    jobs: tuple[Job, ...] = ()

    def model(self, key: str) -> Model:
        """The model with this key."""
        return self.model_table()[key]

    def model_table(self) -> dict[str, Model]:
        """Models by key."""
        return {m.key: m for m in self.models}
