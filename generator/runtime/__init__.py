"""The client runtime: plain Python modules copied into every generated package.

Every `_*.py` module here is shipped as it is written (under the generated-file header
line) as `<package>/_*.py`: HTTP, retries, errors, models, streams, files, binary and raw
responses. What depends on the spec or the config (package name, version, base URL,
environment variables, stream rules, the base error class named after the API, the model
of the declared response headers) lives in one module, `_constants`, which the generator renders
from `templates/constants.py.j2` instead of copying. The `_constants.py` here is a
stand-in with the same names, so that the runtime imports, type-checks (`make lint`) and
is unit-tested right here, as `generator.runtime`.

The generator itself never imports these modules (it does not depend on httpx); it reads
them as text: `exports()` gives the names their `__all__` lists, and `public_members()`
the attributes of a runtime class; generated names must not take them.
"""

from __future__ import annotations

import ast
import functools
from pathlib import Path

RUNTIME_DIR = Path(__file__).parent
RENDERED = "_constants.py"
"""The module rendered per spec; the file of that name here is only its stand-in."""


def plain_modules() -> list[Path]:
    """The modules copied verbatim into a generated package, in name order."""
    return sorted(p for p in RUNTIME_DIR.glob("_*.py") if p.name not in ("__init__.py", RENDERED))


@functools.cache
def _tree(name: str) -> ast.Module:
    return ast.parse((RUNTIME_DIR / name).read_text(encoding="utf-8"), filename=name)


def module_exports(name: str) -> frozenset[str]:
    """The names a runtime module's `__all__` lists (`name` is a file name: `_types.py`)."""
    for node in _tree(name).body:
        if (
            isinstance(node, ast.Assign)
            and any(isinstance(t, ast.Name) and t.id == "__all__" for t in node.targets)
            and isinstance(node.value, ast.List | ast.Tuple)
        ):
            return frozenset(
                e.value
                for e in node.value.elts
                if isinstance(e, ast.Constant) and isinstance(e.value, str)
            )
    raise ValueError(f"runtime module {name} has no literal __all__")


@functools.cache
def exports() -> frozenset[str]:
    """Every name the copied runtime modules export."""
    return frozenset().union(*(module_exports(p.name) for p in plain_modules()))


def public_members(name: str, *classes: str) -> frozenset[str]:
    """The public methods, properties and class attributes that `classes` of the runtime
    module `name` define in their own bodies."""
    members: set[str] = set()
    for node in _tree(name).body:
        if isinstance(node, ast.ClassDef) and node.name in classes:
            for item in node.body:
                if isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef):
                    members.add(item.name)
                elif isinstance(item, ast.AnnAssign) and isinstance(item.target, ast.Name):
                    members.add(item.target.id)
                elif isinstance(item, ast.Assign):
                    members.update(t.id for t in item.targets if isinstance(t, ast.Name))
    return frozenset(m for m in members if not m.startswith("_"))
