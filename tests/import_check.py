"""Import a generated package completely and resolve every annotation in it.

Run as `python tests/import_check.py DIR PACKAGE`: exits non-zero with the problem if any
module fails to import, any model fails to build, or any annotation names something that
does not exist.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import sys
import typing

import pydantic


def check(directory: str, package: str) -> int:
    """Import every module of `package` found in `directory`; return the number checked."""
    sys.path.insert(0, directory)
    root = importlib.import_module(package)
    modules = [root] + [
        importlib.import_module(info.name)
        for info in pkgutil.walk_packages(root.__path__, f"{package}.")
    ]
    checked = 0
    for module in modules:
        namespace = vars(module)
        for value in list(namespace.values()):
            if getattr(value, "__module__", None) != module.__name__ or not inspect.isclass(value):
                continue
            if issubclass(value, pydantic.BaseModel):
                value.model_rebuild(force=True)
                checked += 1
            elif typing.is_typeddict(value):
                typing.get_type_hints(value)
                checked += 1
        for exported in getattr(module, "__all__", []):
            obj = namespace.get(exported)
            own = vars(obj) if inspect.isclass(obj) and obj.__module__ == module.__name__ else {}
            for attr, member in own.items():
                # Only the module's own functions: pydantic adds `model_post_init` to a model
                # with private attributes (a page), annotated in pydantic's own terms.
                if (
                    inspect.isfunction(member)
                    and not attr.startswith("_")
                    and member.__module__ == module.__name__
                ):
                    typing.get_type_hints(member)
                    checked += 1
    client = next(
        getattr(root, n) for n in root.__all__ if n.endswith("Client") and not n.startswith("Async")
    )(api_key="check")
    for name in dir(client):
        if not name.startswith("_") and name not in ("api_key",):
            getattr(client, name)
    return checked


if __name__ == "__main__":
    print(check(sys.argv[1], sys.argv[2]))
