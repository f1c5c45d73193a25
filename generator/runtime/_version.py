"""The package version and the spec it was generated from (values in `_constants`)."""

from __future__ import annotations

from ._constants import SPEC_SHA256, SPEC_VERSION
from ._constants import SPEC_SHA256 as __spec_sha256__
from ._constants import SPEC_VERSION as __api_version__
from ._constants import VERSION as __version__

__all__ = ["SPEC_SHA256", "SPEC_VERSION", "__api_version__", "__spec_sha256__", "__version__"]
