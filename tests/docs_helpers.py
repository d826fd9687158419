"""문서 테스트가 함께 쓰는 도우미: mkdocs.yml의 nav 읽기."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NAV_ENTRY = re.compile(r"^\s*-\s+[^:]+:\s+(\S+\.(?:md|ipynb))\s*$")


def nav_pages() -> list[str]:
    """mkdocs.yml의 nav 순서대로 페이지 파일 이름(묶음 제목 줄은 건너뜀)."""
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    nav = text.split("\nnav:\n", 1)[1].split("\n\n", 1)[0]
    return [m.group(1) for line in nav.splitlines() if (m := NAV_ENTRY.match(line))]
