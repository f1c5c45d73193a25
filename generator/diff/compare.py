"""Compare two Python surfaces and list the changes, each classified for callers."""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from generator.diff.changes import (
    NARROWER,
    RETYPINGS,
    WIDER,
    Change,
    Direction,
    breaks,
    direction_of,
    type_changes,
)
from generator.diff.surface import (
    ArgSurface,
    FieldSurface,
    MethodSurface,
    ModelSurface,
    Surface,
    Typed,
)
from generator.normalize.build import RESPONSE_HEADERS


def compare(old: Surface, new: Surface) -> list[Change]:
    """Every change from `old` to `new`, methods first, then models, then auth."""
    changes: list[Change] = []
    for path in sorted(old.methods.keys() | new.methods.keys()):
        changes.extend(_method(old.methods.get(path), new.methods.get(path)))
    for name in sorted(old.models.keys() | new.models.keys()):
        if name in new.importable and name not in new.models:
            changes.append(_kept(old.models[name], new.importable[name]))
        else:
            changes.extend(_model(old.models.get(name), new.models.get(name)))
    changes.extend(_lost_names(old, new))
    changes.extend(_security(old.security, new.security))
    return changes


def _kept(old: ModelSurface, current: str) -> Change:
    """A type that only changed its name: the old name stays importable."""
    return Change(
        "model-renamed",
        old.name,
        _group(old),
        False,
        f"{_what(old)} renamed {current}",
        "the old name stays importable (deprecated: importing it warns)",
    )


def _lost_names(old: Surface, new: Surface) -> Iterator[Change]:
    """Importable names that go and are no model (request TypedDicts, kept aliases)."""
    for name in sorted(old.importable.keys() - new.importable.keys() - old.models.keys()):
        yield Change(
            "name-removed",
            name,
            f"types.{name}",
            True,
            f"`{name}` can no longer be imported from types",
        )


def _method(old: MethodSurface | None, new: MethodSurface | None) -> Iterator[Change]:
    if old is None and new is not None:
        yield Change("method-added", new.path, new.group, False, f"new method ({new.http})")
        return
    if new is None and old is not None:
        yield Change("method-removed", old.path, old.group, True, f"method removed ({old.http})")
        return
    assert old is not None and new is not None
    subject, group = new.path, new.group
    yield from _lifecycle(old, new)
    for name in sorted(old.args.keys() | new.args.keys()):
        yield from _argument(subject, group, old.args.get(name), new.args.get(name))
    yield from _returns(subject, group, old, new)
    yield from _media(subject, group, old.request_media, new.request_media, "request")
    yield from _media(subject, group, old.response_media, new.response_media, "response")
    if old.security != new.security:
        yield Change(
            "method-security-changed",
            subject,
            group,
            False,
            f"authentication {_auth(old.security)} -> {_auth(new.security)}",
            "the client sends the credentials it is given; nothing to change in calls",
        )


def _lifecycle(old: MethodSurface, new: MethodSurface) -> Iterator[Change]:
    """Where a method calls, and whether it is deprecated, retired or about to be."""
    subject, group = new.path, new.group
    if old.http != new.http:
        yield Change(
            "endpoint-moved",
            subject,
            group,
            False,
            f"now calls {new.http} (was {old.http})",
            "callers are not affected",
        )
    if new.sunset and not old.sunset:
        yield Change(
            "method-sunset",
            subject,
            group,
            True,
            "the endpoint is retired: it now only answers 410 Gone",
        )
    announced = sorted(new.retirement_headers - old.retirement_headers)
    if announced and not new.sunset:
        yield Change(
            "method-sunset-announced",
            subject,
            group,
            False,
            f"successful responses now declare {' and '.join(announced)}"
            + (" headers" if len(announced) > 1 else " header"),
            "the server dates the endpoint's deprecation or retirement: calls still work",
        )
    if new.deprecated and not old.deprecated:
        yield Change(
            "method-deprecated",
            subject,
            group,
            False,
            "deprecated: calls now warn (DeprecationWarning)",
        )
    elif old.deprecated and not new.deprecated:
        yield Change("method-undeprecated", subject, group, False, "no longer deprecated")


def _argument(
    method: str,
    group: str,
    old: ArgSurface | None,
    new: ArgSurface | None,
) -> Iterator[Change]:
    if old is None and new is not None:
        where = f"{new.where} parameter" if new.where != "body" else "body field"
        if new.required:
            yield Change(
                "argument-added",
                f"{method}({new.name}=)",
                group,
                True,
                f"new required argument ({where} {new.wire!r})",
            )
        else:
            yield Change(
                "argument-added",
                f"{method}({new.name}=)",
                group,
                False,
                f"new optional argument ({where} {new.wire!r})",
            )
        return
    if new is None and old is not None:
        yield Change(
            "argument-removed",
            f"{method}({old.name}=)",
            group,
            True,
            "argument removed: calls that pass it fail",
        )
        return
    assert old is not None and new is not None
    subject = f"{method}({new.name}=)"
    if new.required and not old.required:
        yield Change("argument-required", subject, group, True, "argument is now required")
    elif old.required and not new.required:
        yield Change("argument-optional", subject, group, False, "argument is now optional")
    if new.deprecated and not old.deprecated:
        yield Change("argument-deprecated", subject, group, False, "argument deprecated")
    yield from _typed(subject, group, old.type, new.type, direction="request", what="argument")


def _returns(
    subject: str,
    group: str,
    old: MethodSurface,
    new: MethodSurface,
) -> Iterator[Change]:
    for change in type_changes(old.returns, new.returns):
        broken, note = breaks(change.widened, "response", enum=change.enum)
        yield Change(
            f"return-{change.kind}",
            subject,
            group,
            broken,
            f"returns {new.returns.spelled} (was {old.returns.spelled})"
            + (f": {change.detail}" if change.kind not in RETYPINGS else _how(change.widened)),
            note,
        )


def _how(widened: bool | None) -> str:
    return "" if widened is None else f": {WIDER if widened else NARROWER}"


def _media(
    subject: str,
    group: str,
    old: frozenset[str],
    new: frozenset[str],
    side: str,
) -> Iterator[Change]:
    for media in sorted(new - old):
        yield Change(
            f"{side}-content-type-added", subject, group, False, f"{side} body may now be {media}"
        )
    for media in sorted(old - new):
        broken = side == "request"
        yield Change(
            f"{side}-content-type-removed",
            subject,
            group,
            broken,
            f"{side} body can no longer be {media}",
        )


def _model(old: ModelSurface | None, new: ModelSurface | None) -> Iterator[Change]:
    if old is None and new is not None:
        yield Change("model-added", new.name, _group(new), False, f"new {_what(new)}")
        return
    if new is None and old is not None:
        note = {
            "call": "",
            "error": "it only typed error bodies, which no method returns",
            "none": "no method used it",
        }[old.reach]
        # Whatever it typed, the class was importable: code that imports it breaks.
        detail = f"{_what(old)} removed: imports of it fail"
        yield Change("model-removed", old.name, _group(old), True, detail, note)
        return
    assert old is not None and new is not None
    direction = direction_of(old.roles | new.roles)
    if old.kind != new.kind:
        yield Change(
            "model-restructured", new.name, _group(new), True, f"was {old.kind}, now {new.kind}"
        )
        return
    if new.deprecated and not old.deprecated:
        yield Change("model-deprecated", new.name, _group(new), False, f"{_what(new)} deprecated")
    if old.alias is not None and new.alias is not None:
        yield from _typed(
            new.name, _group(new), old.alias, new.alias, direction=direction, what="alias"
        )
    if new.body_root and old.body_root:
        return  # its fields are method arguments, reported on the methods
    for wire in sorted(old.fields.keys() | new.fields.keys()):
        yield from _field(new, direction, old.fields.get(wire), new.fields.get(wire))


def _field(
    model: ModelSurface,
    direction: Direction,
    old: FieldSurface | None,
    new: FieldSurface | None,
) -> Iterator[Change]:
    group = _group(model)
    if old is None and new is not None:
        subject = f"{model.name}.{new.name}"
        broken = direction != "response" and new.required
        required = "required" if new.required else "optional"
        yield Change(
            "field-added",
            subject,
            group,
            broken,
            f"new {required} field {new.wire!r}",
            "" if direction != "both" or not broken else "the model is also sent",
        )
        return
    if new is None and old is not None:
        subject = f"{model.name}.{old.name}"
        if model.name == RESPONSE_HEADERS:
            note = "typed_headers still carries headers the spec does not list"
            yield Change("field-removed", subject, group, False,
                         f"header {old.wire!r} no longer documented", note)  # fmt: skip
            return
        yield Change("field-removed", subject, group, True, f"field {old.wire!r} removed")
        return
    assert old is not None and new is not None
    subject = f"{model.name}.{new.name}"
    if new.required != old.required:
        now_required = new.required
        broken = (direction != "response") if now_required else (direction != "request")
        yield Change(
            "field-required" if now_required else "field-optional",
            subject,
            group,
            broken,
            "now required" if now_required else "now optional (may be absent)",
        )
    if new.deprecated and not old.deprecated:
        yield Change("field-deprecated", subject, group, False, "field deprecated")
    yield from _typed(subject, group, old.type, new.type, direction=direction, what="field")


def _typed(
    subject: str,
    group: str,
    old: Typed,
    new: Typed,
    *,
    direction: Direction,
    what: str,
) -> Iterator[Change]:
    for change in type_changes(old, new):
        broken, note = breaks(change.widened, direction, enum=change.enum)
        yield Change(f"{what}-{change.kind}", subject, group, broken, change.detail, note)


def _security(
    old: Mapping[str, tuple[str, ...]],
    new: Mapping[str, tuple[str, ...]],
) -> Iterator[Change]:
    for name in sorted(old.keys() | new.keys()):
        if old.get(name) == new.get(name):
            continue
        state = "added" if name not in old else "removed" if name not in new else "changed"
        description = " ".join(p for p in new.get(name, old.get(name, ())) if p)
        yield Change(
            f"security-scheme-{state}",
            name,
            "auth",
            False,
            f"authentication scheme {state} ({description})",
            "client-wide setting; calls are unaffected",
        )


def _group(model: ModelSurface) -> str:
    return f"types.{model.group}"


def _what(model: ModelSurface) -> str:
    return "type alias" if model.kind == "alias" else "model"


def _auth(security: tuple[tuple[str, ...], ...] | None) -> str:
    if security is None:
        return "(API default)"
    if not security:
        return "none"
    return " or ".join("+".join(req) or "none" for req in security)
