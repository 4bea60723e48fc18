"""The documentation stands on its own: every link and every cited path resolves inside the repository."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
MARKDOWN_LINK = re.compile(r"\]\(([^)\s]+)\)")
DOCS_PATH = re.compile(r"\bdocs/[\w./-]+\.md\b")


def _tracked(*patterns: str) -> list[Path]:
    try:
        out = subprocess.run(
            ["git", "ls-files", *patterns], cwd=ROOT, capture_output=True, text=True, check=True
        ).stdout
    except (OSError, subprocess.CalledProcessError):
        pytest.skip("not a git checkout")
    return [ROOT / line for line in out.splitlines() if line]


def _markdown_files() -> list[Path]:
    return _tracked("README.md", "docs/*.md", "docs/**/*.md")


@pytest.mark.parametrize("page", _markdown_files(), ids=lambda p: str(p.relative_to(ROOT)))
def test_relative_links_resolve(page: Path):
    missing = []
    for target in MARKDOWN_LINK.findall(page.read_text(encoding="utf-8")):
        if re.match(r"^[a-z]+:", target) or target.startswith("#"):
            continue  # an external address or an anchor on the same page
        path = target.split("#", 1)[0]
        if not (page.parent / path).exists():
            missing.append(target)
    assert not missing, f"{page.relative_to(ROOT)} links to missing files: {missing}"


def test_cited_docs_pages_exist():
    sources = _tracked("*.py", "*.md", "*.html", "*.js", "Makefile", ".ci/*")
    missing = {
        (str(path.relative_to(ROOT)), cited)
        for path in sources
        if path.exists()
        for cited in DOCS_PATH.findall(path.read_text(encoding="utf-8", errors="replace"))
        if not (ROOT / cited).exists()
    }
    assert not missing, f"paths under docs/ cited but missing: {sorted(missing)}"
