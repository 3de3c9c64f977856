"""Where the shipped data files live, in a source tree, a wheel or the bundle."""

from __future__ import annotations

from pathlib import Path

import resources


def resource_path(*parts: str) -> Path:
    """The path of a file under the top-level `resources/` folder."""
    return Path(resources.__file__).parent.joinpath(*parts)


# The one demo portfolio (issue 14): the GUI's sample trading accounts, the Risk page's
# default, `risk report --portfolio demo` and `advice --portfolio demo` all read it.
DEMO_PORTFOLIO = ("demo", "portfolio.json")


def demo_portfolio_path() -> Path:
    return resource_path(*DEMO_PORTFOLIO)


def scenario_names() -> list[str]:
    """The shipped crash presets, by name (their scenario files' stems), sorted."""
    return sorted(path.stem for path in resource_path("scenarios").glob("*.json"))
