"""Where the shipped data files live, in a source tree, a wheel or the bundle."""

from __future__ import annotations

from pathlib import Path

import resources


def resource_path(*parts: str) -> Path:
    """The path of a file under the top-level `resources/` folder."""
    return Path(resources.__file__).parent.joinpath(*parts)
