"""The base of every response model, and how responses become models.

Responses are validated with pydantic. Models keep fields they do not declare (the API
adds fields weekly) and enums accept values they do not list. When a response still does
not match its declared type (a missing field, an unknown union tag), it is built
leniently instead of failing the call: every part that validates is typed, the rest is
kept as plain data, and a debug log line says what did not match. Set the client's
`strict_responses=True` to get the validation error instead.

A response binds its keys by wire name only (`promptCharacterLimit`), so a key that
happens to equal a field's Python name (`prompt_character_limit`) stays an extra key and
is written back as it came. Building a model by hand accepts either name.
"""

from __future__ import annotations

import types
from collections.abc import Iterator
from functools import lru_cache
from typing import (
    TYPE_CHECKING,
    Annotated,
    Any,
    ClassVar,
    TypeGuard,
    Union,
    cast,
    get_args,
    get_origin,
)

import httpx
import pydantic
from pydantic import ConfigDict, TypeAdapter, ValidationError

from ._drift import drift_in_validation
from ._exceptions import APIResponseValidationError
from ._logs import log

if TYPE_CHECKING:
    from pydantic.fields import FieldInfo

__all__ = ["BaseModel", "construct", "invalid_data", "parse", "parse_json", "with_request_id"]


class BaseModel(pydantic.BaseModel):
    """A response object; attribute names are snake_case, `model_dump()` gives wire names."""

    model_config: ClassVar[ConfigDict] = ConfigDict(
        extra="allow",
        validate_by_name=True,
        validate_by_alias=True,
        serialize_by_alias=True,
        protected_namespaces=(),
        defer_build=True,
    )

    @property
    def _request_id(self) -> str | None:
        """The id of the request that returned this object (`x-request-id`), to quote to
        support; None for an object nested in a result or built by hand. Not part of
        `to_dict()`."""
        private = self.__pydantic_private__
        return None if private is None else private.get("_request_id")

    def to_dict(self) -> dict[str, Any]:
        """The object as JSON-compatible data under the API's own field names."""
        # A leniently built model may hold plain data where a type was declared: it is
        # written as it came, without pydantic's "unexpected value" warnings.
        return self.model_dump(mode="json", by_alias=True, exclude_unset=True, warnings=False)

    def to_json(self, *, indent: int | None = 2) -> str:
        """The object as JSON text under the API's own field names."""
        return self.model_dump_json(
            indent=indent, by_alias=True, exclude_unset=True, warnings=False
        )


@lru_cache(maxsize=512)
def _cached_adapter(type_: Any) -> TypeAdapter[Any]:
    return TypeAdapter(type_)


def _adapter(type_: Any) -> TypeAdapter[Any]:
    try:
        return _cached_adapter(type_)
    except TypeError:  # an unhashable annotation: build it each time
        return TypeAdapter(type_)


_FIELD_ADAPTERS: dict[tuple[type[pydantic.BaseModel], str], TypeAdapter[Any]] = {}


def with_request_id(value: object, request_id: str | None) -> None:
    """Let `value`, when it is a model, carry the id of the request that returned it."""
    if request_id is not None and isinstance(value, BaseModel):
        private = {**(value.__pydantic_private__ or {}), "_request_id": request_id}
        object.__setattr__(value, "__pydantic_private__", private)


def parse(type_: Any, data: object, *, strict: bool = False, drift: bool = False) -> Any:
    """Validate `data` as `type_`; if it does not match, build it leniently (unless strict),
    warning about what is new in it when `drift` (see `_drift`)."""
    try:
        if _is_model(type_):
            return type_.model_validate(data, by_alias=True, by_name=False)
        return _adapter(type_).validate_python(data, by_alias=True, by_name=False)
    except ValidationError as exc:
        if strict:
            raise
        log.debug("response did not match %s; built leniently: %s", _name(type_), exc)
        if drift:
            drift_in_validation(exc)
        return construct(type_, data)


def parse_json(type_: Any, content: bytes) -> Any:
    """Validate the JSON text `content` as `type_` in one pass: pydantic-core reads the JSON
    itself, with no Python objects in between (fewer allocations than `json.loads` and
    then `parse`). Raises `ValidationError` where the text is not UTF-8 JSON or not a
    `type_`; the caller then takes the general path (decoded data through `parse`)."""
    if _is_model(type_):
        return type_.model_validate_json(content, by_alias=True, by_name=False)
    return _adapter(type_).validate_json(content, by_alias=True, by_name=False)


def invalid_data(
    exc: ValidationError, expected: str, response: httpx.Response, data: object
) -> APIResponseValidationError:
    """The error for response data that is not `expected` (with `strict_responses=True`):
    the validation error becomes its `errors` (and should be its `__cause__`)."""
    first = exc.errors()[0] if exc.error_count() else None
    where = ".".join(str(p) for p in first["loc"]) if first and first["loc"] else "the top"
    detail = f"{where}: {first['msg']}" if first else str(exc)
    return APIResponseValidationError(
        f"the API answered {response.status_code} with data that is not {expected} "
        f"({exc.error_count()} problem(s), strict_responses=True); first at {detail}",
        response=response,
        body=data,
        errors=exc.errors(),
    )


def construct(type_: Any, data: object) -> Any:
    """Build `data` as `type_` as far as it matches, keeping the rest as plain data."""
    origin = get_origin(type_)
    args: tuple[Any, ...] = get_args(type_)
    if origin is Annotated:
        return construct(args[0], data)
    if _is_model(type_):
        fields = _fields(data)
        return _construct_model(type_, fields) if fields is not None else data
    if origin is list and isinstance(data, list):
        item = args[0] if args else Any
        return [construct(item, v) for v in cast(list[object], data)]
    if origin is dict and isinstance(data, dict):
        value_type = args[1] if len(args) > 1 else Any
        return {k: construct(value_type, v) for k, v in cast(dict[str, object], data).items()}
    if origin is Union or origin is types.UnionType:
        return _construct_union(args, data)
    return data


def _construct_model(model: type[pydantic.BaseModel], data: dict[str, Any]) -> Any:
    if not model.__pydantic_complete__:  # deferred build: annotations are still strings
        model.model_rebuild(raise_errors=False)
    values: dict[str, Any] = {}
    known: set[str] = set()
    for name, field in model.model_fields.items():
        key = field.alias or name
        known.add(key)
        if key in data:
            values[name] = _field_value(model, name, field, data[key])
    instance = model.model_construct(**values)
    # Extra keys are set apart: passed to `model_construct` they would bind by Python name.
    extra = instance.__pydantic_extra__
    if extra is not None:
        extra.update((k, v) for k, v in data.items() if k not in known)
    return instance


def _field_value(
    model: type[pydantic.BaseModel], name: str, field: FieldInfo, value: object
) -> Any:
    """One field's value: validated when it matches (fast), else built leniently."""
    adapter = _FIELD_ADAPTERS.get((model, name))
    if adapter is None:
        annotation: Any = field.annotation
        if field.metadata:  # keeps constraints such as a union's discriminator
            parts = (annotation, *field.metadata)
            annotation = Annotated[parts]
        adapter = _FIELD_ADAPTERS.setdefault((model, name), TypeAdapter(annotation))
    try:
        return adapter.validate_python(value, by_alias=True, by_name=False)
    except ValidationError:
        return construct(field.annotation, value)


def _construct_union(members: tuple[Any, ...], data: object) -> Any:
    members = tuple(_union_members(members))
    for member in members:
        try:
            return _adapter(member).validate_python(data, by_alias=True, by_name=False)
        except (ValidationError, TypeError):
            continue
    fields = _fields(data)
    models = [m for m in members if _is_model(m)]
    if fields is not None and models:
        best = max(models, key=lambda m: len(set(fields) & _aliases(m)))
        # An object that shares no key with any member (a variant newer than this client)
        # stays plain data: a member built from none of its fields would only pretend.
        if set(fields) & _aliases(best):
            return _construct_model(best, fields)
    return data


def _union_members(members: tuple[Any, ...]) -> Iterator[Any]:
    """The members of a union, those of a union nested in `Annotated` (a tagged union,
    `Annotated[A | B, ByKeys()]`) spliced in, so each is tried and built on its own."""
    for member in members:
        inner = get_args(member)[0] if get_origin(member) is Annotated else member
        if get_origin(inner) is Union or get_origin(inner) is types.UnionType:
            yield from _union_members(get_args(inner))
        else:
            yield inner if _is_model(inner) else member


def _is_model(type_: Any) -> TypeGuard[type[pydantic.BaseModel]]:
    return isinstance(type_, type) and issubclass(type_, pydantic.BaseModel)


def _fields(data: object) -> dict[str, Any] | None:
    return cast(dict[str, Any], data) if isinstance(data, dict) else None


def _aliases(model: type[pydantic.BaseModel]) -> set[str]:
    return {field.alias or name for name, field in model.model_fields.items()}


def _name(type_: Any) -> str:
    return getattr(type_, "__name__", None) or repr(type_)
