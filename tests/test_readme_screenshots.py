"""The README's pictures exist (docs/screenshots is rewritten by scripts/refresh_screenshots.sh)."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_every_picture_the_readme_shows_is_in_the_repository() -> None:
    links = re.findall(r"!\[[^\]]*\]\(([^)]+\.png)\)", (ROOT / "README.md").read_text(encoding="utf-8"))
    assert links, "the README shows no screenshot"
    missing = [link for link in links if not (ROOT / link).is_file()]
    assert not missing, f"README links to missing pictures: {missing}"


def test_the_refresh_script_keeps_every_picture_the_readme_shows() -> None:
    script = (ROOT / "scripts" / "refresh_screenshots.sh").read_text(encoding="utf-8")
    kept = set(re.search(r'KEEP="([^"]*)"', script, re.S).group(1).split())  # type: ignore[union-attr]
    shown = {
        Path(link).stem
        for link in re.findall(
            r"docs/screenshots/([\w-]+)\.png", (ROOT / "README.md").read_text(encoding="utf-8")
        )
    }
    assert shown <= kept, f"refresh_screenshots.sh would delete {sorted(shown - kept)}"
