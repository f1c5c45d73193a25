"""Build the IR from the document: operations, parameters, bodies, responses and models.

Each schema becomes a `TypeRef`. Every object schema with properties becomes an
`ObjectModel` keyed by its JSON pointer, and every place it appears is recorded as a
`Site` with the naming context of that place. Later passes clean the types up; this step
only translates, reporting what it cannot translate and reading it as untyped instead.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import replace
from typing import Any, cast
from urllib.parse import unquote

from generator.diagnostics import Diagnostics, join_pointer, unescape_pointer_token
from generator.ir import (
    AliasModel,
    AnyType,
    Api,
    ArrayType,
    BinaryType,
    BodyContent,
    Discriminator,
    EnumType,
    Field,
    FileType,
    Header,
    LiteralType,
    MapType,
    Model,
    ModelRef,
    NullType,
    ObjectModel,
    Operation,
    Parameter,
    ParameterLocation,
    Primitive,
    PrimitiveKind,
    RequestBody,
    Response,
    Scalar,
    SecurityScheme,
    Site,
    Step,
    TypeRef,
    UnionType,
    scalar_kind,
)
from generator.load import JsonValue
from generator.normalize.allof import merge_all_of
from generator.normalize.refs import RefResolver

HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
COMPONENT_PREFIX = "#/components/schemas/"
_PRIMITIVES: dict[str, PrimitiveKind] = {
    "string": "string",
    "integer": "integer",
    "number": "number",
    "boolean": "boolean",
}
_NULL_ONLY_KEYS = {"nullable", "title", "description", "example", "examples", "deprecated"}
_SERVER_VARIABLE = re.compile(r"\{([^}]+)\}")
RESPONSE_HEADERS = "ResponseHeaders"
RESPONSE_HEADERS_KEY = "#/x-venice-codegen/ResponseHeaders"
"""A model made of every declared response header; not a schema of the spec itself."""

_PLACEHOLDER = re.compile(r"\{([^{}/]+)\}")


def is_json_media(media_type: str) -> bool:
    """Whether a media type carries JSON."""
    base = media_type.split(";", maxsplit=1)[0].strip().lower()
    return base in ("application/json", "text/json", "*/*") or base.endswith("+json")


def is_form_media(media_type: str) -> bool:
    """Whether a media type is a form (multipart or url-encoded)."""
    base = media_type.split(";", maxsplit=1)[0].strip().lower()
    return base in ("multipart/form-data", "application/x-www-form-urlencoded")


def _text(value: JsonValue) -> str | None:
    return value.strip() or None if isinstance(value, str) else None


class ApiBuilder:
    """Translates one OpenAPI document into an unnamed `Api`."""

    def __init__(self, document: dict[str, JsonValue], diagnostics: Diagnostics) -> None:
        self.document = document
        self.diagnostics = diagnostics
        self.refs = RefResolver(document, diagnostics)
        self.models: dict[str, Model] = {}
        self.sites: dict[str, list[Site]] = {}
        self.building: set[str] = set()
        self.translating: dict[int, str] = {}
        """Schema objects being translated (by identity), and the pointer of each."""
        self.site_count = 0
        components = document.get("components")
        schemas = components.get("schemas") if isinstance(components, dict) else None
        self.components: dict[str, JsonValue] = schemas if isinstance(schemas, dict) else {}

    # ------------------------------------------------------------ document level

    def build(self) -> Api:
        """Translate the whole document."""
        info = self.document.get("info")
        info = info if isinstance(info, dict) else {}
        for name in self.components:
            self.component_ref(name)
        operations = tuple(self._operations())
        self._response_headers_model(operations)
        models = tuple(
            _with_sites(model, self.sites.get(key, []))
            for key, model in sorted(self.models.items())
        )
        tags = self.document.get("tags")
        tag_descriptions = tuple(
            (t["name"], _text(t.get("description")) or "")
            for t in (tags if isinstance(tags, list) else [])
            if isinstance(t, dict) and isinstance(t.get("name"), str)
        )
        return Api(
            title=str(info.get("title") or "API"),
            version=str(info.get("version") or ""),
            description=_text(info.get("description")),
            operations=operations,
            models=models,
            base_url=self._base_url(),
            security_schemes=tuple(self._security_schemes()),
            tag_descriptions=tag_descriptions,
        )

    def _base_url(self) -> str | None:
        servers = self.document.get("servers")
        if not isinstance(servers, list) or not servers or not isinstance(servers[0], dict):
            return None
        server = servers[0]
        url = server.get("url")
        if not isinstance(url, str):
            return None
        variables = server.get("variables") if isinstance(server.get("variables"), dict) else {}

        def default(match: re.Match[str]) -> str:
            spec = variables.get(match[1]) if isinstance(variables, dict) else None
            value = spec.get("default") if isinstance(spec, dict) else None
            return str(value) if value is not None else match[0]

        return _SERVER_VARIABLE.sub(default, url)

    def _security_schemes(self) -> Iterator[SecurityScheme]:
        components = self.document.get("components")
        schemes = components.get("securitySchemes") if isinstance(components, dict) else None
        for name, raw in (schemes or {}).items() if isinstance(schemes, dict) else ():
            scheme, _ = self.refs.resolve(raw, join_pointer("#/components/securitySchemes", name))
            if not isinstance(scheme, dict):
                continue
            yield SecurityScheme(
                name=name,
                kind=str(scheme.get("type") or ""),
                scheme=_text(scheme.get("scheme")),
                location=_text(scheme.get("in")),
                parameter_name=_text(scheme.get("name")),
                description=_text(scheme.get("description")),
            )

    def _response_headers_model(self, operations: tuple[Operation, ...]) -> None:
        """One model of every response header the spec declares, for typed raw responses."""
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
        context = (Step("component", RESPONSE_HEADERS),)
        self._add_site(RESPONSE_HEADERS_KEY, Site(RESPONSE_HEADERS_KEY, context))
        self.models[RESPONSE_HEADERS_KEY] = ObjectModel(
            key=RESPONSE_HEADERS_KEY,
            fields=fields,
            sites=(),
            component=RESPONSE_HEADERS,
            description="Response headers the API documents (all optional, by lower-case name).",
        )

    # ------------------------------------------------------------ operations

    def _operations(self) -> Iterator[Operation]:
        paths = self.document.get("paths")
        if not isinstance(paths, dict):
            self.diagnostics.warn(
                "no-paths",
                "the spec has no `paths`; the client has no methods",
                "#/paths",
                "add operations under `paths`",
            )
            return
        for path, raw_item in paths.items():
            item_pointer = join_pointer("#/paths", path)
            item, _ = self.refs.resolve(raw_item, item_pointer)
            if not isinstance(item, dict):
                self._skipped("path item", item, item_pointer)
                continue
            shared = item.get("parameters")
            for method in HTTP_METHODS:
                raw_op = item.get(method)
                op_pointer = join_pointer(item_pointer, method)
                if isinstance(raw_op, dict):
                    yield self._operation(path, method, raw_op, shared, op_pointer)
                elif raw_op is not None:
                    self._skipped("operation", raw_op, op_pointer)

    def _skipped(self, what: str, value: JsonValue, pointer: str) -> None:
        self.diagnostics.warn(
            "bad-operation",
            f"{what} must be an object, not {_short_repr(value)}; it is skipped",
            pointer,
            f"replace it with an OpenAPI {what} object",
        )

    def _operation(
        self,
        path: str,
        method: str,
        op: dict[str, Any],
        shared: Any,
        pointer: str,
    ) -> Operation:
        operation_id = op.get("operationId") if isinstance(op.get("operationId"), str) else None
        # Identified by METHOD /path; naming spells it as the Python method it becomes.
        root = Step("operation", f"{method.upper()} {path}")
        security = op.get("security")
        return Operation(
            method=method,
            path=path,
            operation_id=operation_id,
            parameters=self._with_path_placeholders(
                path, tuple(self._parameters(shared, op.get("parameters"), pointer, root)), pointer
            ),
            request_body=self._request_body(op.get("requestBody"), pointer, root),
            responses=tuple(self._responses(op.get("responses"), pointer, root)),
            tags=tuple(t for t in op.get("tags") or () if isinstance(t, str)),
            summary=_text(op.get("summary")),
            description=_text(op.get("description")),
            deprecated=op.get("deprecated") is True,
            security=tuple(tuple(sorted(req)) for req in security if isinstance(req, dict))
            if isinstance(security, list)
            else None,
        )

    def _parameters(self, shared: Any, own: Any, pointer: str, root: Step) -> Iterator[Parameter]:
        found: dict[tuple[str, str], Parameter] = {}
        path_pointer = pointer.rsplit("/", 1)[0]
        for base, raw_list in ((path_pointer, shared), (pointer, own)):
            for index, raw in enumerate(raw_list if isinstance(raw_list, list) else []):
                at = join_pointer(base, "parameters", index)
                param, at = self.refs.resolve(raw, at)
                if not isinstance(param, dict):
                    continue
                parameter = self._parameter(param, at, root)
                if parameter is not None:
                    found[(parameter.location, parameter.name)] = parameter
        yield from found.values()

    def _with_path_placeholders(
        self, path: str, parameters: tuple[Parameter, ...], pointer: str
    ) -> tuple[Parameter, ...]:
        """`parameters`, plus a string parameter for each `{name}` of the path none declares."""
        declared = {p.name for p in parameters if p.location == "path"}
        missing = [n for n in dict.fromkeys(_PLACEHOLDER.findall(path)) if n not in declared]
        if missing:
            self.diagnostics.warn(
                "undeclared-path-parameter",
                f"path placeholder{'s' if len(missing) > 1 else ''} "
                f"{', '.join(f'{{{n}}}' for n in missing)} not declared as a parameter; "
                "generated as a required string",
                pointer,
                "declare it under `parameters` with `in: path` and a schema",
            )
        extra = tuple(Parameter(n, "path", Primitive("string"), required=True) for n in missing)
        order = {name: index for index, name in enumerate(_PLACEHOLDER.findall(path))}
        return tuple(
            sorted(
                extra + parameters,
                key=lambda p: order.get(p.name, len(order)) if p.location == "path" else len(order),
            )
        )

    def _parameter(self, param: dict[str, Any], pointer: str, root: Step) -> Parameter | None:
        name, location = param.get("name"), param.get("in")
        if not isinstance(name, str) or location not in ("path", "query", "header", "cookie"):
            self.diagnostics.warn(
                "bad-parameter",
                "parameter without a `name` or with an unknown `in` is skipped",
                pointer,
                "give the parameter a name and `in: path|query|header|cookie`",
            )
            return None
        schema, schema_at = param.get("schema"), join_pointer(pointer, "schema")
        content = param.get("content")
        if schema is None and isinstance(content, dict) and content:
            media = next(iter(content))
            schema = (content[media] or {}).get("schema")
            schema_at = join_pointer(pointer, "content", media, "schema")
        ptype = self.type_of(
            schema if schema is not None else {}, schema_at, (root, Step("parameter", name))
        )
        style_explode = param.get("explode")
        schema_example = _example_json(schema) if isinstance(schema, dict) else None
        return Parameter(
            name=name,
            location=cast(ParameterLocation, location),
            type=ptype,
            required=param.get("required") is True or location == "path",
            description=_text(param.get("description")),
            deprecated=param.get("deprecated") is True,
            explode=style_explode
            if isinstance(style_explode, bool)
            else param.get("style") in (None, "form"),
            example_json=_example_json(param) or schema_example,
        )

    def _request_body(self, raw: Any, pointer: str, root: Step) -> RequestBody | None:
        if raw is None:
            return None
        body, at = self.refs.resolve(raw, join_pointer(pointer, "requestBody"))
        if not isinstance(body, dict):
            return None
        contents = tuple(self._contents(body.get("content"), at, (root,), Step("request")))
        if not contents:
            return None
        return RequestBody(contents, body.get("required") is True, _text(body.get("description")))

    def _responses(self, raw: Any, pointer: str, root: Step) -> Iterator[Response]:
        if not isinstance(raw, dict):
            return
        for status, raw_response in raw.items():
            at = join_pointer(pointer, "responses", status)
            response, at = self.refs.resolve(raw_response, at)
            if not isinstance(response, dict) or status.startswith("x-"):
                continue
            step = Step("response", str(status))
            yield Response(
                status=str(status),
                contents=tuple(self._contents(response.get("content"), at, (root,), step)),
                headers=tuple(self._headers(response.get("headers"), at, (root, step))),
                description=_text(response.get("description")),
            )

    def _contents(
        self,
        raw: Any,
        pointer: str,
        context: tuple[Step, ...],
        step: Step,
    ) -> Iterator[BodyContent]:
        """Bodies by media type; `step` is the request/response step, completed per media."""
        if not isinstance(raw, dict):
            return
        for media_type, media in raw.items():
            at = join_pointer(pointer, "content", media_type, "schema")
            schema = media.get("schema") if isinstance(media, dict) else None
            if is_json_media(media_type) or is_form_media(media_type):
                where = (*context, Step(step.kind, step.value or media_type))
                yield BodyContent(media_type, self.type_of(schema or {}, at, where))
            elif step.kind == "request":
                yield BodyContent(media_type, FileType())
            else:
                yield BodyContent(media_type, BinaryType(media_type))

    def _headers(self, raw: Any, pointer: str, context: tuple[Step, ...]) -> Iterator[Header]:
        if not isinstance(raw, dict):
            return
        for name, raw_header in raw.items():
            header, at = self.refs.resolve(raw_header, join_pointer(pointer, "headers", name))
            if not isinstance(header, dict):
                continue
            yield Header(
                name=name,
                type=self.type_of(
                    header.get("schema") or {},
                    join_pointer(at, "schema"),
                    (*context, Step("header", name)),
                ),
                required=header.get("required") is True,
                description=_text(header.get("description")),
            )

    # ------------------------------------------------------------ schemas

    def component_ref(self, name: str) -> ModelRef:
        """The model for `components.schemas[name]`, built on first use."""
        key = join_pointer(COMPONENT_PREFIX.rstrip("/"), name)
        if key in self.models or key in self.building:
            return ModelRef(key)
        self.building.add(key)
        schema = self.components.get(name)
        schema = schema if isinstance(schema, dict) else {}
        context = (Step("component", name),)
        core = self._core(schema, key, context, component=name)
        # A nullable object component is its model; references add the null.
        if core not in (ModelRef(key), UnionType((ModelRef(key), NullType()))):
            self._add_site(key, Site(key, context))
            self.models[key] = AliasModel(
                key=key,
                target=core,
                sites=(),
                component=name,
                description=_text(schema.get("description")),
            )
        self.building.discard(key)
        return ModelRef(key)

    def type_of(self, schema: JsonValue, pointer: str, context: tuple[Step, ...]) -> TypeRef:
        """Translate one schema found at `pointer`, reached through `context`."""
        if isinstance(schema, bool):
            return AnyType()
        if not isinstance(schema, dict):
            self.diagnostics.warn(
                "bad-schema",
                f"a schema must be an object, not {schema!r}; read as untyped",
                pointer,
                "replace it with a schema object",
            )
            return AnyType()
        ref = schema.get("$ref")
        identity = id(schema)
        if isinstance(ref, str) and ref.startswith(COMPONENT_PREFIX):
            # A component reference cannot unfold: `component_ref` builds each model once.
            result = self._translate(schema, pointer, context)
        elif identity in self.translating:
            return self._unfolding(self.translating[identity], pointer)
        else:
            self.translating[identity] = pointer
            try:
                result = self._translate(schema, pointer, context)
            finally:
                del self.translating[identity]
        if schema.get("nullable") is True and not isinstance(result, NullType):
            return UnionType((result, NullType()))
        return result

    def _translate(
        self, schema: dict[str, Any], pointer: str, context: tuple[Step, ...]
    ) -> TypeRef:
        if "$ref" in schema:
            return self._ref(schema, pointer, context)
        if _single_ref_all_of(schema):
            return self._ref(schema["allOf"][0], join_pointer(pointer, "allOf", 0), context)
        return self._core(schema, pointer, context)

    def _unfolding(self, first: str, pointer: str) -> TypeRef:
        """A schema met again inside itself, not through a component `$ref`.

        Merging `allOf` members copies their subschemas under new pointers, so a member
        that contains itself would unfold without end. An object met again is the model
        being built for it; anything else cannot be named, and is read as untyped.
        """
        if first in self.building:
            return ModelRef(first)
        self.diagnostics.warn(
            "recursive-schema",
            f"this schema contains itself (first met at {first}) through allOf or an inline "
            "reference; the inner occurrence is read as untyped",
            pointer,
            "make the recursive part a component and refer to it with $ref",
        )
        return AnyType()

    def _ref(self, schema: dict[str, Any], pointer: str, context: tuple[Step, ...]) -> TypeRef:
        name = self._component_name(schema["$ref"])
        if name is not None:
            target = self.components[name]
            if isinstance(target, dict) and _nullable(target):
                return UnionType((self.component_ref(name), NullType()))
            return self.component_ref(name)
        target, at = self.refs.resolve(schema, pointer)
        if at == pointer:  # could not be resolved; already reported
            return AnyType()
        return self.type_of(target, at, context)

    def _core(
        self,
        schema: dict[str, Any],
        pointer: str,
        context: tuple[Step, ...],
        component: str | None = None,
    ) -> TypeRef:
        extends: tuple[str, ...] = ()
        if "allOf" in schema:
            extends = self._all_of_components(schema["allOf"])
            schema = merge_all_of(schema, pointer, self.refs)
        if "const" in schema:
            return _literal(schema["const"])
        if isinstance(schema.get("enum"), list):
            return self._enum(schema, pointer)
        for keyword in ("oneOf", "anyOf"):
            if isinstance(schema.get(keyword), list):
                return self._union(schema, keyword, pointer, context)
        kind = schema.get("type")
        if isinstance(kind, list):
            return self._type_list(schema, kind, pointer, context, component)
        if kind == "object" or (kind is None and "properties" in schema):
            return self._object(schema, pointer, context, component, extends)
        if kind == "array" or (kind is None and "items" in schema):
            return self._array(schema, pointer, context)
        if isinstance(kind, str) and kind in _PRIMITIVES:
            fmt = schema.get("format")
            return Primitive(_PRIMITIVES[kind], fmt if isinstance(fmt, str) else None)
        if kind == "null":
            return NullType()
        if kind is not None:
            self.diagnostics.warn(
                "unknown-type",
                f"unknown schema type {kind!r}; read as untyped",
                join_pointer(pointer, "type"),
                "use one of string, integer, number, boolean, array, object",
            )
            return AnyType()
        if (
            schema.get("nullable") is True
            and set(schema) <= _NULL_ONLY_KEYS
            and (schema.get("title") == "null")
        ):
            return NullType()
        return AnyType()

    def _all_of_components(self, members: Any) -> tuple[str, ...]:
        """Keys of the component models an `allOf` names directly."""
        keys: list[str] = []
        for member in members if isinstance(members, list) else ():
            name = self._component_name(member.get("$ref") if isinstance(member, dict) else None)
            if name is not None:
                keys.append(self.component_ref(name).key)
        return tuple(keys)

    def _component_name(self, ref: object) -> str | None:
        """The component a `#/components/schemas/<name>` reference names, if it exists.

        The reference is a URI fragment: its name may be percent-encoded.
        """
        if not isinstance(ref, str) or not ref.startswith(COMPONENT_PREFIX):
            return None
        name = unescape_pointer_token(ref[len(COMPONENT_PREFIX) :])
        for candidate in (name, unquote(name)):
            if candidate in self.components:
                return candidate
        return None

    def _enum(self, schema: dict[str, Any], pointer: str) -> TypeRef:
        values: list[Scalar] = []
        has_null = False
        for value in schema["enum"]:
            if value is None:
                has_null = True
            elif isinstance(value, str | int | float | bool) and not _listed(value, values):
                values.append(value)
            elif not isinstance(value, str | int | float | bool):
                self.diagnostics.warn(
                    "enum-value",
                    f"enum value {value!r} is not a scalar; left out",
                    join_pointer(pointer, "enum"),
                    "enum values should be strings, numbers or booleans",
                )
        result: TypeRef
        kinds = {scalar_kind(v) for v in values}
        if not values:
            result = NullType() if has_null else AnyType()
        elif len(values) == 1:
            result = LiteralType(values[0])
        elif len(kinds) == 1:
            result = EnumType(tuple(values), kinds.pop())
        else:
            result = UnionType(tuple(LiteralType(v) for v in values))
        if has_null and values:
            return UnionType((result, NullType()))
        return result

    def _union(
        self,
        schema: dict[str, Any],
        keyword: str,
        pointer: str,
        context: tuple[Step, ...],
    ) -> TypeRef:
        shared = {
            k: v
            for k, v in schema.items()
            if k in ("properties", "required", "type", "additionalProperties")
        }
        members: list[TypeRef] = []
        for index, branch in enumerate(schema[keyword]):
            at = join_pointer(pointer, keyword, index)
            resolved, resolved_at = self.refs.resolve(branch, at)
            title = resolved.get("title") if isinstance(resolved, dict) else None
            step = Step("branch", title if isinstance(title, str) else "", index)
            schema_at = branch
            # A branch that refers back to a model still being built stays a reference:
            # copying the shared properties into it would unfold it without end.
            if (
                shared.get("properties")
                and isinstance(branch, dict)
                and resolved_at not in self.building
            ):
                schema_at = merge_all_of({"allOf": [shared, branch]}, at, self.refs)
            members.append(self.type_of(schema_at, at, (*context, step)))
        return UnionType(tuple(members), self._discriminator(schema, pointer))

    def _discriminator(self, schema: dict[str, Any], pointer: str) -> Discriminator | None:
        raw = schema.get("discriminator")
        if not isinstance(raw, dict) or not isinstance(raw.get("propertyName"), str):
            return None
        mapping = raw.get("mapping")
        mapping = mapping if isinstance(mapping, dict) else {}
        pairs: list[tuple[Scalar, str]] = []
        for value, target in mapping.items():
            if isinstance(target, str):
                key = (
                    target
                    if target.startswith("#")
                    else join_pointer(COMPONENT_PREFIX.rstrip("/"), target)
                )
                pairs.append((value, key))
        return Discriminator(
            raw["propertyName"], tuple(pairs), pointer=join_pointer(pointer, "discriminator")
        )

    def _type_list(
        self,
        schema: dict[str, Any],
        kinds: list[Any],
        pointer: str,
        context: tuple[Step, ...],
        component: str | None,
    ) -> TypeRef:
        """OpenAPI 3.1 `type: [...]`: one member per type.

        With one type besides null, the schema is that type, nullable: a component stays
        its own model. With several, an object member is a model of its own, keyed and
        named as a branch, since the component's name is the union's.
        """
        names = [k for k in kinds if isinstance(k, str)]
        solid = [k for k in names if k != "null"]
        members: list[TypeRef] = []
        for index, kind in enumerate(names):
            if len(solid) == 1 or kind != "object":
                own = component if len(solid) == 1 else None
                members.append(self._core({**schema, "type": kind}, pointer, context, own))
            else:
                members.append(
                    self._core(
                        {**schema, "type": kind},
                        join_pointer(pointer, "type", index),
                        (*context, Step("branch", "", index)),
                    )
                )
        return UnionType(tuple(members)) if members else AnyType()

    def _array(self, schema: dict[str, Any], pointer: str, context: tuple[Step, ...]) -> TypeRef:
        items = schema.get("items")
        prefix = schema.get("prefixItems")
        step = (*context, Step("item"))
        if isinstance(prefix, list) and prefix:
            members = [
                self.type_of(p, join_pointer(pointer, "prefixItems", i), step)
                for i, p in enumerate(prefix)
            ]
            if isinstance(items, dict):
                members.append(self.type_of(items, join_pointer(pointer, "items"), step))
            return ArrayType(UnionType(tuple(members)))
        if items is None:
            return ArrayType(AnyType())
        return ArrayType(self.type_of(items, join_pointer(pointer, "items"), step))

    def _object(
        self,
        schema: dict[str, Any],
        pointer: str,
        context: tuple[Step, ...],
        component: str | None,
        extends: tuple[str, ...] = (),
    ) -> TypeRef:
        properties = schema.get("properties")
        extra = schema.get("additionalProperties")
        if not isinstance(properties, dict) or not properties:
            if isinstance(extra, dict):
                return MapType(
                    self.type_of(
                        extra,
                        join_pointer(pointer, "additionalProperties"),
                        (*context, Step("value")),
                    )
                )
            return MapType(AnyType())
        key = pointer
        title = schema.get("title")
        self._add_site(key, Site(pointer, context, title if isinstance(title, str) else None))
        # A component is marked as building by `component_ref` before it gets here.
        if key in self.models or (key in self.building and component is None):
            return ModelRef(key)
        self.building.add(key)
        required = {r for r in schema.get("required") or () if isinstance(r, str)}
        fields = tuple(
            self._field(
                name,
                prop,
                join_pointer(pointer, "properties", name),
                name in required,
                (*context, Step("property", name)),
            )
            for name, prop in properties.items()
        )
        self.models[key] = ObjectModel(
            key=key,
            fields=fields,
            sites=(),
            component=component,
            description=_text(schema.get("description")),
            additional=(
                self.type_of(
                    extra, join_pointer(pointer, "additionalProperties"), (*context, Step("value"))
                )
                if isinstance(extra, dict)
                else None
            ),
            closed=extra is False,
            deprecated=schema.get("deprecated") is True,
            extends=extends,
        )
        self.building.discard(key)
        return ModelRef(key)

    def _field(
        self,
        name: str,
        prop: Any,
        pointer: str,
        required: bool,
        context: tuple[Step, ...],
    ) -> Field:
        own = prop if isinstance(prop, dict) else {}
        target, _ = self.refs.resolve(prop, pointer) if "$ref" in own else (own, pointer)
        target = target if isinstance(target, dict) else {}
        default = own.get("default", target.get("default"))
        return Field(
            name=name,
            type=self.type_of(prop, pointer, context),
            required=required,
            description=_text(own.get("description")) or _text(target.get("description")),
            deprecated=own.get("deprecated") is True or target.get("deprecated") is True,
            default_json=json.dumps(default, sort_keys=True)
            if "default" in own or ("default" in target)
            else None,
            example_json=_example_json(own) or _example_json(target),
        )

    def _add_site(self, key: str, site: Site) -> None:
        sites = self.sites.setdefault(key, [])
        if not any(s.pointer == site.pointer and s.context == site.context for s in sites):
            self.site_count += 1
            sites.append(replace(site, order=self.site_count))


def _nullable(schema: dict[str, Any]) -> bool:
    """Whether a schema admits null: `nullable: true` (3.0) or a type list with null (3.1)."""
    kind = schema.get("type")
    return schema.get("nullable") is True or (isinstance(kind, list) and "null" in kind)


def _listed(value: Scalar, values: list[Scalar]) -> bool:
    """Whether `values` holds `value` itself: `1`, `1.0` and `True` are equal in Python."""
    return any(v == value and type(v) is type(value) for v in values)


def _short_repr(value: JsonValue, limit: int = 40) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _single_ref_all_of(schema: dict[str, Any]) -> bool:
    """Whether `schema` is an `allOf` of one reference (possibly repeated) and nothing more."""
    members = schema.get("allOf")
    return (
        isinstance(members, list)
        and bool(members)
        and all(isinstance(m, dict) and "$ref" in m for m in members)
        and len({str(m["$ref"]) for m in members}) == 1
        and "properties" not in schema
    )


def _literal(value: JsonValue) -> TypeRef:
    if value is None:
        return NullType()
    if isinstance(value, str | int | float | bool):
        return LiteralType(value)
    return AnyType()


def _with_sites(model: Model, sites: list[Site]) -> Model:
    return replace(model, sites=tuple(sorted(sites, key=lambda s: s.order)))


def build_api(document: dict[str, JsonValue], diagnostics: Diagnostics) -> Api:
    """Translate an OpenAPI document into the (unnamed, un-normalised) IR."""
    return ApiBuilder(document, diagnostics).build()


def _example_json(schema: dict[str, Any]) -> str | None:
    """A schema's (or parameter's) example as JSON text: `example`, else the first of a
    3.1 `examples` list."""
    if "example" in schema:
        return json.dumps(schema["example"], sort_keys=True)
    examples = schema.get("examples")
    if isinstance(examples, list) and examples:
        return json.dumps(examples[0], sort_keys=True)
    return None
