"""The package version and the spec it was generated from (values in `_constants`)."""

from __future__ import annotations

from ._constants import SPEC_SHA256, SPEC_VERSION
from ._constants import VERSION as __version__

__all__ = ["SPEC_SHA256", "SPEC_VERSION", "__version__"]
