"""The state of translating one document into the IR, and who owns each part.

- `Translation` is made once by `build_api` and handed to every function that translates
  a schema. Its inputs (the component schemas, the `$ref` resolver, the diagnostics
  collector) are only read, or appended to; its `table` is the one thing written.
- `ModelTable` keeps the models finished so far, by key, and every place (`Site`) where
  one appears, in the order they were found. Only `generator.normalize.schemas` and
  `build_api` (for the synthesized headers model) add to it; nothing is ever removed.
- `Place` says where a schema is met: its pointer, its naming context, and (`Inside`) the
  models being built and the schema objects being translated on the way down to it.
  Places are frozen values, extended on the way down and dropped on the way back, so
  no one has to undo them.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from generator.diagnostics import Diagnostics, join_pointer
from generator.ir import Model, Site, Step
from generator.load import JsonValue
from generator.normalize.refs import RefResolver


@dataclass
class ModelTable:
    """The models built so far, and every place each one appears."""

    models: dict[str, Model] = field(default_factory=dict)
    """Finished models by key; a key is the pointer of the schema the model was built from."""
    _sites: dict[tuple[str, tuple[Step, ...]], Site] = field(default_factory=dict)
    """Sites by place (pointer and naming context), in the order they were found."""

    def add_site(self, site: Site) -> None:
        """Record a place where the model keyed by `site.pointer` appears.

        A place is recorded once, with the title first seen there; `order` numbers the
        places in the order they were found, from 1.
        """
        place = (site.pointer, site.context)
        if place not in self._sites:
            self._sites[place] = replace(site, order=len(self._sites) + 1)

    def add_model(self, model: Model) -> None:
        """Keep a finished model under its key."""
        self.models[model.key] = model

    def with_sites(self) -> tuple[Model, ...]:
        """Every model, sorted by key, with the places it appears in."""
        sites: dict[str, list[Site]] = {}
        for site in self._sites.values():
            sites.setdefault(site.pointer, []).append(site)
        return tuple(
            replace(model, sites=tuple(sites.get(key, ())))
            for key, model in sorted(self.models.items())
        )


@dataclass(frozen=True, slots=True)
class Translation:
    """What translating a document reads, and the table it fills."""

    components: dict[str, JsonValue]
    """`components.schemas` of the document (empty when it has none)."""
    refs: RefResolver
    diagnostics: Diagnostics
    table: ModelTable

    @classmethod
    def of(cls, document: dict[str, JsonValue], diagnostics: Diagnostics) -> Translation:
        """A fresh translation of `document`, reporting into `diagnostics`."""
        components = document.get("components")
        schemas = components.get("schemas") if isinstance(components, dict) else None
        return cls(
            components=schemas if isinstance(schemas, dict) else {},
            refs=RefResolver(document, diagnostics),
            diagnostics=diagnostics,
            table=ModelTable(),
        )


@dataclass(frozen=True, slots=True)
class Inside:
    """What is being translated on the way down to a schema."""

    models: frozenset[str] = frozenset()
    """Keys of the models being built: met again, they are referred to, not rebuilt."""
    schemas: tuple[tuple[int, str], ...] = ()
    """Schema objects being translated (by identity), each with the pointer it was met at.

    By identity: equal schemas in two places are not one schema met inside itself. An
    `id` stays valid as long as this value does, since the frames on the way down hold
    the objects.
    """

    def building(self, key: str) -> Inside:
        """The way down, inside the model `key` too."""
        return Inside(self.models | {key}, self.schemas)

    def entering(self, schema: dict[str, JsonValue], pointer: str) -> Inside:
        """The way down, inside the translation of `schema` (met at `pointer`) too."""
        return Inside(self.models, (*self.schemas, (id(schema), pointer)))

    def first_met(self, schema: dict[str, JsonValue]) -> str | None:
        """The pointer `schema` was met at, if it is being translated further up."""
        return next((at for identity, at in self.schemas if identity == id(schema)), None)


OUTSIDE = Inside()
"""The way down from the document itself: nothing is being translated yet."""


@dataclass(frozen=True, slots=True)
class Place:
    """Where a schema is met: its pointer, its naming context and the way down to it."""

    pointer: str
    context: tuple[Step, ...]
    inside: Inside = OUTSIDE

    def child(self, *tokens: str | int, step: Step | None = None) -> Place:
        """The place of a subschema: `tokens` below this pointer, `step` added to the context."""
        context = self.context if step is None else (*self.context, step)
        return Place(join_pointer(self.pointer, *tokens), context, self.inside)

    def named(self, step: Step) -> Place:
        """This place, `step` added to its naming context."""
        return Place(self.pointer, (*self.context, step), self.inside)

    def moved(self, pointer: str) -> Place:
        """The same naming context and way down, at another pointer (a `$ref` followed)."""
        return Place(pointer, self.context, self.inside)

    def building(self, key: str) -> Place:
        """This place, inside the model `key` too."""
        return Place(self.pointer, self.context, self.inside.building(key))

    def entering(self, schema: dict[str, JsonValue]) -> Place:
        """This place, inside the translation of `schema` (met here) too."""
        return Place(self.pointer, self.context, self.inside.entering(schema, self.pointer))
