"""Class names for models, derived from where each schema appears.

Rules, in order, for one model (a group of identical schemas, see `normalize.dedupe`):

1. A config override, keyed by any default name of the model or by its JSON pointer.
2. A component keeps its name.
3. An error body used only as error responses is named by its fields
   (`ErrorResponse`, `ErrorResponseWithDetails`), so it does not depend on which
   operations happen to share it.
4. Otherwise each place gives a name: the enclosing model's name plus the property path
   (`ChatCompletionChoice`), or, at the top of an operation, the operationId plus the role
   (`CreateApiKeyParams`, `ListModelsResponse`). Several places (identical schemas
   merged): the first place in document order names the model.

Names depend only on the model's own places and its parents' names, never on a counter, so
adding an operation or a field elsewhere does not rename an existing class. (Nor does an
identical schema appearing in a new place further down: the first place still names it.
A name made from what all places have in common would change when one more place comes.)
"""

from __future__ import annotations

from collections.abc import Iterable

from generator.diagnostics import Code, Diagnostics
from generator.ir import (
    Api,
    LiteralType,
    Model,
    ObjectModel,
    Operation,
    Step,
)
from generator.naming.reserved import LIBRARY_IMPORTS, MODULE_NAMES, RUNTIME_EXPORTS
from generator.naming.words import (
    ANNOTATION_BUILTINS,
    is_identifier,
    pascal,
    pascal_words,
    singular,
    unique,
    words,
)

RESERVED_CLASS_NAMES = (
    RUNTIME_EXPORTS
    | LIBRARY_IMPORTS
    | MODULE_NAMES
    | ANNOTATION_BUILTINS
    | {"type", "None"}
    # names PEP 8 (and ruff's E742) refuse: they read as 1 and 0
    | {"I", "O", "l"}
)
_TAG_FIELDS = ("type", "role", "kind", "object", "event", "status", "reason", "code")
_GENERIC_TITLES = {
    "string",
    "strings",
    "object",
    "objects",
    "null",
    "array",
    "number",
    "integer",
    "boolean",
}
_MAX_ERROR_NAME_FIELDS = 3


class ModelNamer:
    """Assigns every model a unique class name."""

    def __init__(
        self,
        api: Api,
        overrides: dict[str, str],
        diagnostics: Diagnostics,
    ) -> None:
        self.operation_words = {op.key: operation_words(op) for op in api.operations}
        self.table = api.model_table()
        self.overrides = overrides
        self.diagnostics = diagnostics
        self.owner: dict[tuple[Step, ...], str] = {}
        for model in api.models:
            for site in model.sites:
                self.owner.setdefault(site.context, model.key)
        self.names: dict[str, str] = {}
        self.taken: set[str] = set(RESERVED_CLASS_NAMES)
        self.computing: set[str] = set()
        self.used_overrides: set[str] = set()

    def assign_all(self, models: Iterable[Model]) -> dict[str, str]:
        """Name every model; components first so that they keep their names."""
        for model in sorted(models, key=_priority):
            self.name(model.key)
        return self.names

    def name(self, key: str) -> str:
        """The class name of the model `key`, computing (and reserving) it on first use."""
        if key in self.names:
            return self.names[key]
        model = self.table[key]
        if key in self.computing:  # a model nested in itself by its own places
            return pascal(model.sites[0].pointer.rsplit("/", 2)[-1] if model.sites else key)
        self.computing.add(key)
        wanted, alternatives = self._choose(model)
        if wanted in self.taken and wanted in self.overrides.values():
            self.diagnostics.warn(
                Code.CONFIG_NAME_TAKEN,
                f"config names a model {wanted!r}, a name another class already has; "
                f"it becomes {unique(wanted, set(self.taken))!r}",
                key,
                "choose a name no other model has in [names]",
            )
        usable = [n if is_identifier(n) else f"Model{n}" for n in [wanted, *alternatives]]
        name = next((n for n in usable if n not in self.taken), None)
        self.names[key] = unique(name or usable[0], self.taken)
        self.computing.discard(key)
        return self.names[key]

    # ------------------------------------------------------------ choosing

    def _choose(self, model: Model) -> tuple[str, list[str]]:
        """The name to use (an override, else the default) and fallbacks if it is taken."""
        candidates = [pascal_words(self._context_words(s.context, model)) for s in model.sites]
        candidates = [c for c in candidates if c] or [pascal(model.key) or "Model"]
        default, alternatives = self._default(model, candidates)
        for key in [default, *candidates, model.key]:
            if key in self.overrides:
                self.used_overrides.add(key)
                return self.overrides[key], []
        return default, alternatives

    def _default(self, model: Model, candidates: list[str]) -> tuple[str, list[str]]:
        by_length = sorted(set(candidates), key=lambda c: (len(c), c))
        if model.component:
            return component_class_name(model.component), by_length
        error_name = _error_name(model)
        if error_name:
            return error_name, by_length
        if len(by_length) == 1:
            return by_length[0], []
        return candidates[0], by_length

    # ------------------------------------------------------------ one place

    def _context_words(self, context: tuple[Step, ...], model: Model) -> list[str]:
        """Words naming the place `context`: the nearest enclosing model, then the steps."""
        for length in range(len(context) - 1, 0, -1):
            owner = self.owner.get(context[:length])
            if owner is not None and owner != model.key:
                base = words(self.name(owner))
                if base[-1:] == ["Params"]:
                    base = base[:-1]
                return _join_steps(base, context[length:], model)
        root = context[0]
        if root.kind == "component":
            return words(root.value)
        return _join_steps(self.operation_words.get(root.value, words(root.value)),
                           context[1:], model)  # fmt: skip


def operation_words(op: Operation) -> list[str]:
    """How a method names what it sends and returns: `client.api_keys.create` -> ApiKeyCreate.

    Taken from the Python method (which the config controls) rather than the operationId,
    so that an operationId the spec renames, or repeats, does not rename classes.
    """
    resource = [w for part in op.resource for w in words(part)]
    if resource:
        resource[-1] = singular(resource[-1]) or resource[-1]
    return [*resource, *words(op.method_name)]


def component_class_name(component: str) -> str:
    """A component's name as a class name: kept as written when it is a valid one."""
    if (
        is_identifier(component)
        and component[0].isupper()
        and (component not in RESERVED_CLASS_NAMES)
    ):
        return component
    name = pascal(component) or "Model"
    if name[0].isdigit() or name in RESERVED_CLASS_NAMES or not is_identifier(name):
        name = "Model" + name
    return name


def _priority(model: Model) -> tuple[int, int, str]:
    depth = min((len(s.context) for s in model.sites), default=0)
    return (0 if model.component else 1, depth, model.key)


def _error_name(model: Model) -> str | None:
    """`ErrorResponse[With...]` for a body used only as error responses, else None."""
    if not isinstance(model, ObjectModel) or not all(s.is_error_body for s in model.sites):
        return None
    extra = [f.name for f in model.fields if f.name != "error"]
    if len(extra) > _MAX_ERROR_NAME_FIELDS:
        return None
    if not extra:
        return "ErrorResponse"
    return "ErrorResponseWith" + "And".join(pascal(f) for f in extra)


def _join_steps(base: list[str], steps: tuple[Step, ...], model: Model) -> list[str]:
    out = list(base)
    for index, step in enumerate(steps):
        last = index == len(steps) - 1
        if step.kind == "item":
            after_property = index > 0 and steps[index - 1].kind == "property"
            one = singular(out[-1]) if out and after_property else None
            if one:
                out[-1] = one
            elif last:
                out.append("Item")
        elif step.kind == "branch" and last:
            _append_label(out, _branch_labels(step, model))
        else:
            out.extend(_step_words(step, last))
    return out


def _step_words(step: Step, last: bool) -> list[str]:
    """The words one step of a naming context adds (items and branches aside)."""
    if step.kind in ("property", "parameter"):
        return words(step.value)
    if step.kind == "header":
        return [*words(step.value), "Header"]
    if step.kind == "request":
        return _request_words(step.value)
    if step.kind == "response":
        return _response_words(step.value)
    return ["Value"] if step.kind == "value" and last else []


def _request_words(media_type: str) -> list[str]:
    if "json" in media_type or not media_type:
        return ["Params"]
    if media_type.startswith("multipart/"):
        return ["Multipart", "Params"]
    return [*words(media_type.rsplit("/", maxsplit=1)[-1].split(";", maxsplit=1)[0]), "Params"]


def _response_words(status: str) -> list[str]:
    if status in ("200", "2XX"):
        return ["Response"]
    if status.startswith("2"):
        return ["Response", status]
    if status == "default":
        return ["Default", "Response"]
    return ["Error", status]


def _branch_labels(step: Step, model: Model) -> list[list[str]]:
    """Possible labels for a union member, best first; the last is always `VariantN`."""
    labels: list[list[str]] = []
    title = step.value
    if title and title.lower() not in _GENERIC_TITLES:
        labels.append(words(title))
    if isinstance(model, ObjectModel):
        literals = {
            f.name: f.type.value
            for f in model.fields
            if f.required and isinstance(f.type, LiteralType) and isinstance(f.type.value, str)
        }
        tags = [name for name in _TAG_FIELDS if name in literals]
        labels.extend(words(str(literals[name])) for name in [*tags, *literals])
    labels.append([f"Variant{step.index + 1}"])
    return [label for label in labels if label]


def _append_label(out: list[str], labels: list[list[str]]) -> None:
    """Append the first label that adds a word, sharing words where `out` ends as it starts.

    `...Message` + `User Message` gives `...UserMessage`; `...PaymentRequired` + `Payment
    required` would add nothing, so the next label is tried.
    """
    lower_out = [w.lower() for w in out]
    for label in labels:
        lower_label = [w.lower() for w in label]
        if lower_out[-len(label) :] == lower_label:
            continue
        for overlap in range(min(len(out), len(label) - 1), 0, -1):
            if lower_out[-overlap:] == lower_label[:overlap]:
                out.extend(label[overlap:])
                return
        if out and len(label) > 1 and lower_out[-1] == lower_label[-1]:
            out.pop()
        out.extend(label)
        return
