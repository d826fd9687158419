"""MkDocs 훅: 노트북 페이지 다듬기와 오프라인 MathJax.

- 노트북 페이지 맨 위에 'Colab에서 열기' 배지를 붙입니다.
- 노트북 안의 한글 제목에 목차(TOC)와 같은 id를 달아 목차 링크가 살아 있게 합니다.
- MathJax 3을 npm 레지스트리에서 한 번 받아(.cache/node) 사이트에 함께 넣습니다.
  CDN에 기대지 않으므로 인터넷 없이 연 페이지에서도 수식이 보입니다.
- 머리말에 ``mathjax: false``를 둔 페이지(수식이 없는 직접 해 보기)에서는 MathJax를 싣지 않습니다.
"""

import html
import re
import shutil
import subprocess
from pathlib import Path

from mkdocs.exceptions import PluginError
from pymdownx import slugs

ROOT = Path(__file__).resolve().parents[2]
MATHJAX_VERSION = "3.2.2"
NODE_DIR = ROOT / ".cache" / "node"
MATHJAX_FILE = NODE_DIR / "node_modules" / "mathjax" / "es5" / "tex-mml-svg.js"
MATHJAX_SCRIPTS = re.compile(
    r'<script src="[^"]*javascripts/(?:vendor/mathjax/[^"]*|mathjax-config\.js)"></script>\s*'
)
HEADING = re.compile(r"<h([1-6])((?:\s[^>]*)?)>(.*?)</h\1>", re.DOTALL)


def _colab_link(page, config) -> str:
    """노트북 페이지 맨 위의 'Colab에서 열기' 링크 (외부 이미지 없이 CSS로 그립니다)."""
    extra = config["extra"]
    url = (
        "https://colab.research.google.com/github/"
        f"{extra['repository']}/blob/{extra['branch']}/docs/{page.file.src_uri}"
    )
    return (
        f'<p class="colab-link"><a class="colab-badge" href="{url}" target="_blank" '
        'rel="noopener">Colab에서 열기</a></p>\n'
    )


def _toc_ids(page) -> list[str]:
    """목차 항목에 한글 제목 그대로의 id를 새로 주고, 그 id들을 문서 순서대로 돌려줍니다."""
    ids: list[str] = []
    slugify = slugs.slugify(case="lower")

    def walk(items) -> None:
        for item in items:
            base = slugify(html.unescape(item.title), "-") or "section"
            item.id = base if base not in ids else f"{base}-{ids.count(base) + 1}"
            ids.append(item.id)
            walk(item.children)

    walk(page.toc.items)
    return ids


def _set_heading_ids(content: str, ids: list[str]) -> str:
    """제목들에 문서 순서대로 목차의 id를 붙이고, 제목 안의 ¶ 링크도 맞춥니다."""
    remaining = iter(ids)

    def replace(match: re.Match) -> str:
        level, attrs, inner = match.groups()
        new_id = next(remaining, None)
        if new_id is None:
            return match.group(0)
        attrs = re.sub(r'\sid="[^"]*"', "", attrs)
        inner = re.sub(
            r'class="anchor-link" href="#[^"]*"', f'class="anchor-link" href="#{new_id}"', inner
        )
        return f'<h{level} id="{new_id}"{attrs}>{inner}</h{level}>'

    return HEADING.sub(replace, content)


def on_page_content(content, page, config, files):
    if not page.file.src_uri.endswith(".ipynb"):
        return content
    return _colab_link(page, config) + _set_heading_ids(content, _toc_ids(page))


def on_post_page(output, page, config):
    if page.meta.get("mathjax", True) is not False:
        return output
    return MATHJAX_SCRIPTS.sub("", output)


def _mathjax() -> Path:
    if not MATHJAX_FILE.exists():
        command = [
            "npm",
            "install",
            "--prefix",
            str(NODE_DIR),
            "--no-save",
            "--no-audit",
            "--no-fund",
            f"mathjax@{MATHJAX_VERSION}",
        ]
        try:
            subprocess.run(command, check=True, capture_output=True, timeout=300)
        except (OSError, subprocess.SubprocessError) as error:
            raise PluginError(
                f"MathJax를 npm으로 받지 못했습니다({error}). Node.js·npm을 설치하고 npm 레지스트리에 "
                "접속할 수 있는지 확인하세요."
            ) from None
    return MATHJAX_FILE


def on_post_build(config):
    target = Path(config["site_dir"]) / "javascripts" / "vendor" / "mathjax" / "tex-mml-svg.js"
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(_mathjax(), target)
