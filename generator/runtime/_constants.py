"""Stand-in for the one runtime module venice-codegen writes per spec.

A generated package gets `templates/constants.py.j2` rendered in place of this file: the
package name, version, base URL, environment variables, stream rules and the base error
class, all of which depend on the spec or the config. This copy defines the same names
with the values of an API titled "Example" that has no config, so that the plain runtime
beside it imports, type-checks and runs its unit tests as it sits in the source tree.
`tests/test_runtime_plain.py` checks that it defines exactly the names the template does.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

if TYPE_CHECKING:
    from ._models import BaseModel

    ResponseHeaders = BaseModel

PACKAGE: Final = "example"
"""The import name; also the logger's name and the start of the `User-Agent`."""
VERSION: Final = "0.1.0"
SPEC_VERSION: Final = "1.0.0"
"""`info.version` of the OpenAPI document this client was generated from."""
SPEC_SHA256: Final = "0" * 64
"""SHA-256 of that document's bytes."""
DEFAULT_BASE_URL: Final = "http://localhost"
ENV_API_KEY: Final = "EXAMPLE_API_KEY"
ENV_BASE_URL: Final = "EXAMPLE_BASE_URL"
ENV_LOG: Final = "EXAMPLE_LOG"
CREDENTIAL_HEADERS: Final[frozenset[str]] = frozenset({"authorization", "x-example-wallet"})
"""Headers (lower case) that carry a credential one of the spec's security schemes accepts."""
CREDENTIALS_REQUIRED: Final = True
"""Whether some operation needs a credential (a client without one is then refused)."""
STREAM_DONE: Final = "[DONE]"
"""The `data` of the event that ends a stream."""
STREAM_FINAL_TYPES: Final[frozenset[str]] = frozenset()
"""Event types after which a stream is over, as after `STREAM_DONE` (the event is yielded)."""
STREAM_ERROR_TYPES: Final[frozenset[str]] = frozenset()
"""Event types that report the stream failed."""
STREAM_ERROR_FIELD: Final[str | None] = None
"""A JSON event with this key reports an error, unless it has one of `STREAM_ITEM_FIELDS`."""
STREAM_ITEM_FIELDS: Final[frozenset[str]] = frozenset()
"""Keys that make a JSON event an item even when it has `STREAM_ERROR_FIELD`."""


class ExampleError(Exception):
    """Base class of every error this package raises."""


ErrorBase = ExampleError
"""The same class, under the name the runtime's `_exceptions` builds the error tree on."""


def response_headers_model() -> type[ResponseHeaders]:
    """The model of the response headers the spec declares (`RawResponse.typed_headers`).

    A spec that declares none gets a model that keeps every header as an extra field.
    """
    from ._models import BaseModel

    return BaseModel
