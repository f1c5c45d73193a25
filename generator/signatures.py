"""Stage 5: the Python signature of every method, worked out once.

Between naming and rendering: for each operation, where the method lives on the client
(`client.chat.completions.create`), its arguments (Python name, wire name, location, IR
type, whether required, doc), the shape of its body, what it returns, the argument whose
value decides the return type (a `stream` flag, or the field that makes the answer a file)
and the `Accept` header it sends. The resource modules, the README and API views and the
diff tool all read these values; none of them works a signature out on its own.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from generator.ir import (
    Api,
    BinaryType,
    EnumType,
    Field,
    Model,
    ModelRef,
    NullType,
    ObjectModel,
    Operation,
    Scalar,
    TypeRef,
    UnionType,
)
from generator.ir_features import Pagination
from generator.normalize.walk import body_models

ArgumentLocation = Literal["path", "query", "header", "cookie", "body"]
BodyEncoding = Literal["json", "multipart", "auto"]
WHOLE_BODY = ""
"""The wire name of an argument that is the whole request body (not an object's field)."""


@dataclass(frozen=True, slots=True)
class Argument:
    """One argument of a method.

    `types` holds the argument's type in each request media type that has it (a body field
    may be a string in JSON and a file in a form); the method accepts any of them.
    """

    name: str
    wire: str
    location: ArgumentLocation
    types: tuple[TypeRef, ...]
    required: bool
    doc: str | None = None
    deprecated: bool = False
    example_json: str | None = None
    """The spec's example value as JSON text, if it gives one (for documentation)."""

    @property
    def type(self) -> TypeRef:
        """The argument's type: one type, or the union of its types across media types."""
        return self.types[0] if len(self.types) == 1 else UnionType(self.types)


@dataclass(frozen=True, slots=True)
class Body:
    """How the request body is sent: its media types, and whether it is one argument."""

    media_types: tuple[str, ...]
    whole: bool
    """The body is passed as one argument (not an object with fields)."""

    @property
    def encoding(self) -> BodyEncoding:
        """JSON, a multipart form, or either (a form when a file is given)."""
        if not any(m.startswith("multipart/") for m in self.media_types):
            return "json"
        return "auto" if len(self.media_types) > 1 else "multipart"


@dataclass(frozen=True, slots=True)
class Returns:
    """What a successful call gives back: JSON types (in order), and whether a file; for an
    operation that pages, its first page (`page`: the JSON answer's model, as a page)."""

    json: tuple[TypeRef, ...]
    binary: bool
    page: Pagination | None = None


@dataclass(frozen=True, slots=True)
class Flag:
    """The argument whose value decides what comes back: `stream`, or a file flag.

    `on` is the value that gives a stream (`stream_item` events) or a file; `off` holds the
    other values the argument takes (for the overload that returns JSON).
    """

    argument: Argument
    kind: Literal["stream", "binary"]
    on: Scalar
    off: tuple[Scalar, ...]
    stream_item: TypeRef | None = None


@dataclass(frozen=True, slots=True)
class Accept:
    """The `Accept` header: its media types, and those sent instead when the flag is on
    (empty: the runtime's default, JSON)."""

    normal: tuple[str, ...]
    when_flag_on: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Signature:
    """A method of the client, as callers see it."""

    operation: Operation
    path: tuple[str, ...]
    """Resource path and method name: `("chat", "completions", "create")`."""
    arguments: tuple[Argument, ...]
    """In declaration order: path parameters, body fields, then the other parameters (each
    in the spec's order); `positional` and `keyword` give them in signature order."""
    body: Body | None
    returns: Returns
    flag: Flag | None
    accept: Accept

    @property
    def name(self) -> str:
        """The method's name."""
        return self.path[-1]

    @property
    def dotted(self) -> str:
        """The call as written: `client.chat.completions.create`."""
        return ".".join(("client", *self.path))

    @property
    def positional(self) -> tuple[Argument, ...]:
        """The path parameters, passed by position."""
        return tuple(a for a in self.arguments if a.location == "path")

    @property
    def keyword(self) -> tuple[Argument, ...]:
        """Every other argument, keyword-only, required ones first: the body is what a call
        is about, so its fields come before query and header parameters."""
        keyword = [a for a in self.arguments if a.location != "path"]
        return tuple(sorted(keyword, key=lambda a: not a.required))

    def arguments_at(self, location: ArgumentLocation) -> tuple[Argument, ...]:
        """The arguments sent in one place (`query`, `body`, ...), in the spec's order."""
        return tuple(a for a in self.arguments if a.location == location)

    def argument(self, wire: str, location: ArgumentLocation = "body") -> Argument | None:
        """The argument for a wire name at a location, if the method has one."""
        return next((a for a in self.arguments if (a.wire, a.location) == (wire, location)), None)


def method_signatures(api: Api) -> dict[str, Signature]:
    """Every operation's signature, by operation key (`POST /chat/completions`)."""
    table = api.model_table()
    return {op.key: _signature(op, table) for op in api.operations}


def _signature(op: Operation, table: dict[str, Model]) -> Signature:
    parameters = [_parameter_argument(op, i) for i in range(len(op.parameters))]
    body, body_arguments = _body(op, table)
    arguments = (
        *(a for a in parameters if a.location == "path"),
        *body_arguments,
        *(a for a in parameters if a.location != "path"),
    )
    returns = _returns(op)
    flag = _flag(op, arguments)
    return Signature(
        operation=op,
        path=(*op.resource, op.method_name),
        arguments=arguments,
        body=body,
        returns=returns,
        flag=flag,
        accept=_accept(op, flag),
    )


def _parameter_argument(op: Operation, index: int) -> Argument:
    param = op.parameters[index]
    return Argument(
        name=param.python_name,
        wire=param.name,
        location=param.location,
        types=(param.type,),
        required=param.required,
        doc=param.description,
        deprecated=param.deprecated,
        example_json=param.example_json,
    )


def _body(op: Operation, table: dict[str, Model]) -> tuple[Body | None, list[Argument]]:
    request = op.request_body
    if request is None:
        return None, []
    media = tuple(c.media_type for c in request.contents)
    names = dict(op.body_python_names)
    models = body_models(op, table)
    if WHOLE_BODY in names or not all(isinstance(m, ObjectModel) for m in models):
        types = tuple(dict.fromkeys(c.type for c in request.contents))
        whole = Argument(
            names.get(WHOLE_BODY, "body"), WHOLE_BODY, "body", types, request.required,
            request.description,
        )  # fmt: skip
        return Body(media, whole=True), [whole]
    merged: dict[str, list[Field]] = {}
    for model in models:
        assert isinstance(model, ObjectModel)
        for field in model.fields:
            merged.setdefault(field.name, []).append(field)
    arguments = [
        Argument(
            name=names[wire],
            wire=wire,
            location="body",
            types=tuple(dict.fromkeys(f.type for f in fields)),
            # `requestBody.required` is rarely set by generators that write specs; a field
            # the body schema requires is required whenever there is a body at all.
            required=len(fields) == len(models) and all(f.required for f in fields),
            doc=fields[0].description,
            deprecated=all(f.deprecated for f in fields),
            example_json=next((f.example_json for f in fields if f.example_json), None),
        )
        for wire, fields in merged.items()
    ]
    return Body(media, whole=False), arguments


def _returns(op: Operation) -> Returns:
    if op.pagination is not None:  # JSON pages only: the method asks for nothing else
        return Returns((ModelRef(op.pagination.page_model),), False, op.pagination)
    json: list[TypeRef] = []
    binary = False
    for response in op.success_responses:
        for content in response.contents:
            if isinstance(content.type, BinaryType):
                binary = True
            elif content.type not in json:
                json.append(content.type)
    return Returns(tuple(json), binary)


def _flag(op: Operation, arguments: tuple[Argument, ...]) -> Flag | None:
    by_wire = {a.wire: a for a in arguments if a.location == "body"}
    if op.streaming and op.stream_item is not None and "stream" in by_wire:
        return Flag(by_wire["stream"], "stream", True, (False,), op.stream_item)
    if op.binary_when is not None and op.binary_when[0] in by_wire:
        wire, value = op.binary_when
        argument = by_wire[wire]
        if isinstance(value, bool):
            return Flag(argument, "binary", value, (not value,))
        others = tuple(v for v in _enum_values(argument.types) if v != value)
        return Flag(argument, "binary", value, others)
    return None


def _enum_values(types: tuple[TypeRef, ...]) -> tuple[Scalar, ...]:
    for declared in types:
        t = declared
        if isinstance(t, UnionType):
            t = next(m for m in t.members if not isinstance(m, NullType))
        if isinstance(t, EnumType):
            return t.values
    return ()


def _accept(op: Operation, flag: Flag | None) -> Accept:
    """The media types the spec declares for the response the caller will get (streams
    ask for events in the runtime); the config may name the default ones."""
    json: list[str] = []
    binary: list[str] = []
    for response in op.success_responses:
        for content in response.contents:
            kind = binary if isinstance(content.type, BinaryType) else json
            kind.append(content.media_type)
    json, binary = list(dict.fromkeys(json)), list(dict.fromkeys(binary))
    if flag is not None and flag.kind == "binary" and json and binary:
        return Accept(tuple(json), tuple(binary))
    if op.pagination is not None:
        return Accept(op.accept or tuple(json))
    return Accept(op.accept or (*json, *binary))
