"""빌드된 사이트(site/)를 헤드리스 Chromium으로 열어 보는 브라우저 테스트.

`mkdocs build --strict`가 만든 site/가 있어야 합니다(.ci/run이 먼저 빌드합니다).
로컬 HTTP 서버(127.0.0.1)로 띄우고, 페이지마다 이미지가 모두 로드되는지, 콘솔 오류가 없는지,
수식이 조판되는지, 검색창에 "판별자"를 치면 결과가 나오는지 봅니다.
"""

import functools
import http.server
import re
import shutil
import threading
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SITE = ROOT / "site"
PAGES = [
    "",
    "install/",
    "models/",
    "losses/",
    "training/",
    "gan_in_100_lines/",
    "dcgan/",
    "extensions/",
    "glossary/",
    "references/",
]
MATH_PAGES = ["losses/", "training/", "dcgan/", "extensions/"]

pytestmark = pytest.mark.skipif(
    not (SITE / "index.html").exists(), reason="site/가 없습니다: 먼저 `mkdocs build --strict`"
)


def _chromium_path() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(scope="module")
def base_url():
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(SITE))
    handler.log_message = lambda *args: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


@pytest.fixture(scope="module")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api")
    executable = _chromium_path()
    if executable is None:
        pytest.fail("chromium이 없습니다: apt-get install chromium")
    with sync_api.sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=executable, args=["--no-sandbox"])
        yield instance
        instance.close()


@pytest.fixture
def page(browser):
    context = browser.new_context()
    tab = context.new_page()
    tab.errors = []
    tab.on("console", lambda m: m.type == "error" and tab.errors.append(m.text))
    tab.on("pageerror", lambda e: tab.errors.append(str(e)))
    yield tab
    context.close()


@pytest.mark.parametrize("path", PAGES)
def test_page_loads_images_without_console_errors(page, base_url, path):
    response = page.goto(base_url + path, wait_until="networkidle")
    assert response is not None and response.ok, path
    broken = page.eval_on_selector_all(
        "img", "imgs => imgs.filter(i => !(i.complete && i.naturalWidth > 0)).map(i => i.src)"
    )
    assert broken == [], f"{path}: 로드되지 않은 이미지 {broken}"
    assert page.errors == [], f"{path}: 콘솔 오류 {page.errors}"


def test_notebook_pages_have_figures(page, base_url):
    for path in ["models/", "losses/", "training/", "gan_in_100_lines/", "dcgan/"]:
        page.goto(base_url + path, wait_until="networkidle")
        assert page.locator(".jp-OutputArea-output img").count() >= 1, path
        assert page.locator("a.colab-badge").count() == 1, path


@pytest.mark.parametrize("path", MATH_PAGES)
def test_math_is_typeset(page, base_url, path):
    page.goto(base_url + path, wait_until="networkidle")
    page.wait_for_selector("mjx-container", state="attached", timeout=10_000)
    assert page.locator("mjx-container").count() >= 3
    assert page.locator("mjx-container >> visible=true").count() >= 3


def test_search_finds_korean_word(page, base_url):
    page.goto(base_url, wait_until="networkidle")
    page.locator("label.md-search__icon, .md-search__input").first.click()
    search = page.locator("input.md-search__input")
    search.fill("판별자")
    search.press("End")  # 한글을 fill()로 넣은 뒤 키 입력이 있어야 검색이 반응합니다
    page.wait_for_selector(".md-search-result__item", timeout=15_000)
    assert page.locator(".md-search-result__item").count() >= 3


def test_pages_show_no_tensorflow_startup_or_english_download_lines():
    """실행된 노트북의 출력에 TensorFlow C++ 시작 로그나 keras의 영어 다운로드 줄이 없어야 합니다."""
    noise = re.compile(
        r"absl::InitializeLog|cpu_feature_guard|oneDNN custom operations|rebuild TensorFlow"
        r"|Downloading data from"
    )
    pages = sorted(SITE.rglob("*.html"))
    assert len(pages) >= len(PAGES)
    offenders = [str(p.relative_to(SITE)) for p in pages if noise.search(p.read_text("utf-8"))]
    assert offenders == []
