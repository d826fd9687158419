"""학습 경로의 규칙: 읽는 순서, 페이지 끝의 정리와 연습 문제, 빈 자리표시, 손으로 쓴 층 모양.

노트북은 출력 없이 저장되므로 여기서는 노트북의 원본(마크다운과 코드 셀)을 읽습니다. 수치가 맞는지는
빌드가 셀을 실행하며 확인하고(셀이 실패하면 빌드 실패), 층 모양은 패키지가 만드는 모델과 견줍니다.
"""

import json
import re
from pathlib import Path

import pytest
from docs_helpers import nav_pages

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
NOTEBOOKS = sorted(DOCS.glob("*.ipynb"))

# 학습 경로(이슈 21): 개념 → 손실 → 학습 → 100줄 → DCGAN → 직접 해 보기 → 모드 붕괴·WGAN-GP →
# 확장 개관 → cGAN → Text2Image → StackGAN → CycleGAN → 용어집·참고 문헌
READING_ORDER = [
    "index.md",
    "install.md",
    "models.ipynb",
    "losses.ipynb",
    "training.ipynb",
    "gan_in_100_lines.ipynb",
    "dcgan.ipynb",
    "dcgan_plus.ipynb",
    "playground.md",
    "mode_collapse.ipynb",
    "wgan_gp.ipynb",
    "extensions.md",
    "cgan.ipynb",
    "text2image.ipynb",
    "stackgan.ipynb",
    "cyclegan.ipynb",
    "glossary.md",
    "references.md",
]
MAX_CELLS = 50


def cells(path: Path) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))["cells"]


def source(cell: dict) -> str:
    return "".join(cell["source"])


def markdown_cells(path: Path) -> list[str]:
    return [source(c) for c in cells(path) if c["cell_type"] == "markdown"]


def sections(path: Path) -> list[tuple[str, list[dict]]]:
    """노트북을 '## ' 제목마다 나눈 (제목, 그 절의 셀들) 목록. 첫 제목 앞은 빼고 셉니다.

    한 셀에 제목이 여럿이면 셀의 글을 제목마다 나눠 각 절에 (마크다운 셀 조각으로) 넣습니다.
    """
    result: list[tuple[str, list[dict]]] = []
    for cell in cells(path):
        parts = re.split(r"^## (.+)$", source(cell), flags=re.M)
        if cell["cell_type"] != "markdown" or len(parts) == 1:
            if result:
                result[-1][1].append(cell)
            continue
        if result and parts[0].strip():
            result[-1][1].append({"cell_type": "markdown", "source": parts[0]})
        for title, body in zip(parts[1::2], parts[2::2], strict=True):
            result.append((title.strip(), [{"cell_type": "markdown", "source": body}]))
    return result


def test_nav_follows_the_learning_path():
    assert nav_pages() == READING_ORDER
    for page in READING_ORDER:
        assert (DOCS / page).is_file(), page


def test_home_page_reading_order_matches_the_nav():
    home = (DOCS / "index.md").read_text(encoding="utf-8")
    part = home.split("## 읽는 순서", 1)[1].split("\n## ", 1)[0]
    listed = re.findall(r"^\d+\. \[[^\]]+\]\(([^)#]+)", part, flags=re.M)
    assert listed == READING_ORDER[1:-2], "홈의 '읽는 순서'는 nav와 같은 순서여야 합니다"
    for extra in READING_ORDER[-2:]:
        assert f"]({extra})" in part, f"읽는 순서 절이 {extra}를 안내해야 합니다"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_is_at_most_fifty_cells(path):
    assert len(cells(path)) <= MAX_CELLS


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_ends_with_summary_and_exercises(path):
    titles = [title for title, _ in sections(path)]
    assert titles[-2:] == ["정리", "연습 문제"], f"{path.name}: 마지막 두 절은 정리, 연습 문제"
    summary = "".join(source(c) for c in sections(path)[-2][1] if c["cell_type"] == "markdown")
    bullets = re.findall(r"^- ", summary, flags=re.M)
    assert 3 <= len(bullets) <= 6, f"{path.name}: 정리는 3–6개 항목 (지금 {len(bullets)}개)"


def exercises(path: Path) -> tuple[int, int]:
    """연습 문제 절의 (문제 수, 접힌 풀이 수)."""
    problems = answers = 0
    for cell in sections(path)[-1][1]:
        text = source(cell)
        if cell["cell_type"] == "markdown":
            problems += len(re.findall(r"^\*\*문제 \d+\.", text, flags=re.M))
            answers += len(re.findall(r'<details class="note"><summary>풀이</summary>', text))
        elif "answer(" in text:
            answers += text.count("answer(")
    return problems, answers


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_every_exercise_has_a_folded_answer(path):
    problems, answers = exercises(path)
    assert problems >= 3, f"{path.name}: 연습 문제는 세 개 이상 ('**문제 N.**'으로 시작)"
    assert answers == problems, f"{path.name}: 문제 {problems}개, 풀이 {answers}개"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_answer_cells_hide_their_code(path):
    """풀이를 계산하는 셀은 코드를 감춥니다(태그 hide-input): 코드에 답이 적혀 있기 때문입니다."""
    for index, cell in enumerate(cells(path)):
        if cell["cell_type"] != "code":
            continue
        calls_answer = "answer(" in source(cell)
        hidden = "hide-input" in cell.get("metadata", {}).get("tags", [])
        assert calls_answer == hidden, f"{path.name} 셀 {index}: answer()와 hide-input 태그는 함께"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_markdown_has_no_placeholders(path):
    """마크다운 셀은 f-문자열이 아닙니다: {N_EVAL} 같은 글자가 그대로 보이면 안 됩니다."""
    for text in markdown_cells(path):
        outside_math = re.sub(r"\$\$.+?\$\$|\$[^$]+\$", "", text, flags=re.S)
        found = re.findall(r"\{[A-Za-z_][A-Za-z0-9_]*\}", outside_math)
        assert not found, f"{path.name}: 자리표시 {found}"


# --- 손으로 쓴 층 모양은 패키지가 만드는 모델의 모양이어야 합니다 ------------------------------

# 패키지 밖의 구조를 말하는 곳 (모양 → 까닭)
FOREIGN_SHAPES = {
    (4, 4, 1024): "extensions.md: DCGAN 논문 그림 1의 생성자(64×64 컬러)",
    (8, 8, 512): "extensions.md: DCGAN 논문 그림 1",
    (16, 16, 256): "extensions.md: DCGAN 논문 그림 1",
    (32, 32, 128): "extensions.md: DCGAN 논문 그림 1",
    (64, 64, 3): "extensions.md: DCGAN 논문 그림 1",
    (28, 28): "MNIST 이미지 배열 (미니배치, 28, 28)",
}
TRIPLE = re.compile(r"(\d+)\s*×\s*(\d+)\s*×\s*(\d+)")
BATCH_TUPLE = re.compile(r"\((16|32|64), (\d+(?:, \d+)*)\)")


def _shapes(models) -> set[tuple[int, ...]]:
    """모델들(안에 든 모델까지)의 입력·층 출력 모양(미니배치 차원 뺌)."""
    import keras

    shapes, models = set(), list(models)
    while models:
        model = models.pop()
        for layer in model.layers:
            if isinstance(layer, keras.Model):
                models.append(layer)
            for tensor in keras.tree.flatten([layer.input, layer.output]):
                shapes.add(tuple(int(n) for n in tensor.shape[1:] if n is not None))
    return shapes


@pytest.fixture(scope="module")
def package_shapes() -> dict[str, set[tuple[int, ...]]]:
    """'unconditional': 기본 MLP·DCGAN과 경주의 TensorFlow 튜토리얼 모델(DCGAN 페이지들이 설명하는 것)만,
    'all': 패키지가 만드는 모든 모델(기본 설정)."""
    import keras

    from gan_tutorial import Discriminator, Generator, TrainConfig, build_gan
    from gan_tutorial.config import MODELS
    from gan_tutorial.lab.race import tutorial_discriminator, tutorial_generator

    plain = [net(arch=arch).model() for net in (Generator, Discriminator) for arch in ARCHS]
    plain += [tutorial_generator(), tutorial_discriminator()]
    every = list(plain)
    for name in MODELS:
        gan = build_gan(TrainConfig(model=name))
        every += [v for v in vars(gan).values() if isinstance(v, keras.Model)]
    return {"unconditional": _shapes(plain), "all": _shapes(every)}


ARCHS = ("mlp", "dcgan")
# 이 페이지들은 기본 MLP·DCGAN의 구조를 설명합니다(다른 가족의 모양과 우연히 같아도 통과시키지 않음)
UNCONDITIONAL_PAGES = ("models.ipynb", "dcgan.ipynb", "dcgan_plus.ipynb", "gan_in_100_lines.ipynb")


def claims(text: str) -> list[tuple[int, ...]]:
    found = [tuple(int(n) for n in m.groups()) for m in TRIPLE.finditer(text)]
    for match in BATCH_TUPLE.finditer(text):
        found.append(tuple(int(n) for n in match.group(2).split(", ")))
    return found


def test_claim_finder_reads_sizes_and_batch_shapes():
    assert claims("z를 7×7×64 = 3136개 값으로") == [(7, 7, 64)]
    assert claims("(16, 3136), (16, 7, 7, 64)") == [(3136,), (7, 7, 64)]


def page_texts() -> dict[str, str]:
    texts = {p.name: "\n".join(markdown_cells(p)) for p in NOTEBOOKS}
    return texts | {p.name: p.read_text(encoding="utf-8") for p in sorted(DOCS.glob("*.md"))}


@pytest.mark.parametrize("name", sorted(page_texts()))
def test_hand_written_layer_shapes_match_the_package_models(name, package_shapes):
    text = page_texts()[name]
    shapes = package_shapes["unconditional" if name in UNCONDITIONAL_PAGES else "all"]
    wrong = [c for c in claims(text) if c not in shapes and c not in FOREIGN_SHAPES]
    assert not wrong, (
        f"{name}: 패키지의 어느 모델에도 없는 층 모양 {wrong}. 모델이 바뀌었다면 글을 고치고, "
        "모양은 셀이 출력하게 하세요(gan_tutorial.lab.architecture)."
    )


# --- 참고 문헌 ----------------------------------------------------------------------------------

REFERENCES = DOCS / "references.md"
# 페이지들이 기대는 논문 가운데 꼭 있어야 하는 것 (이슈 21)
REQUIRED_ARXIV = {
    "1406.2661": "GAN",
    "1511.06434": "DCGAN",
    "1704.00028": "WGAN-GP",
    "1611.04076": "LSGAN",
    "1712.04086": "PacGAN",
    "1611.02163": "Unrolled GAN",
    "1710.10196": "Progressive growing (미니배치 표준편차)",
    "1607.08022": "Instance normalization",
    "1705.07761": "VEEGAN",
    "1612.07828": "가짜 기록(history pool)",
}
CITATION = re.compile(r"\b([A-Z][A-Za-zı\-]+)(?: et al\.| & [A-Z][A-Za-zı\-]+),?\s*\(?(\d{4})\)?")


def reference_entries() -> list[str]:
    """'## 논문' 절의 항목들(한 항목은 '- '로 시작해 다음 항목 전까지)."""
    text = REFERENCES.read_text(encoding="utf-8")
    papers = text.split("## 논문", 1)[1].split("\n## ", 1)[0]
    return [e for e in re.split(r"\n(?=- )", papers) if e.startswith("- ")]


def test_references_cite_the_papers_the_pages_rest_on():
    text = REFERENCES.read_text(encoding="utf-8")
    missing = [f"{name} (arXiv:{key})" for key, name in REQUIRED_ARXIV.items() if key not in text]
    assert not missing, f"참고 문헌에 없는 논문: {missing}"


def test_every_reference_names_authors_title_venue_year_and_id():
    for entry in reference_entries():
        head = entry.split("<br>", 1)[0]
        assert re.search(r'"[^"]+"', head), f"제목이 없습니다: {head[:80]}"
        assert re.search(r"\b(19|20)\d{2}\b", head), f"해가 없습니다: {head[:80]}"
        has_id = "arXiv:" in head or "doi:" in head or "Proceedings of the IEEE" in head
        assert has_id, f"arXiv 번호(또는 doi)가 없습니다: {head[:80]}"


def test_papers_cited_on_pages_are_in_the_references():
    """본문의 'Mescheder et al., 2018', 'Arjovsky & Bottou, 2017' 꼴 인용은 참고 문헌에 있어야 합니다."""
    references = REFERENCES.read_text(encoding="utf-8")
    missing = set()
    for name, text in page_texts().items():
        for author, year in CITATION.findall(text):
            if author not in references or year not in references:
                missing.add(f"{name}: {author} {year}")
    assert not missing, f"참고 문헌에 없는 인용: {sorted(missing)}"
