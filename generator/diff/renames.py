"""Public type names a spec update renamed: the same type under a new name.

A spec that moves an inline error body into `components` renames the class callers import
(`ErrorResponse` becomes `StandardError`, with the same fields). Such a type lives on; its
old name is kept as a deprecated alias, so `from <package>.types import ErrorResponse`
keeps working. A name whose type is gone is not a rename: removing it breaks imports.
"""

from __future__ import annotations

from generator.diff.surface import ModelSurface, Surface


def renamed_types(old: Surface, new: Surface) -> dict[str, str]:
    """Old public name -> new public name, for every type that only changed its name: it
    left, and exactly one arriving type has the same kind, fields and value."""
    gone = [m for name, m in old.models.items() if name not in new.models]
    arrived = [m for name, m in new.models.items() if name not in old.models]
    renamed: dict[str, str] = {}
    for model in gone:
        same = [m for m in arrived if _same_shape(model, m)]
        if len(same) == 1:
            renamed[model.name] = same[0].name
    return renamed


def _same_shape(a: ModelSurface, b: ModelSurface) -> bool:
    return (a.kind, a.fields, a.alias) == (b.kind, b.fields, b.alias)
