"""문서와 코드의 용어 검사: 금지한 번역어, 용어집의 '처음 나오는 페이지', 출력 없는 노트북.

금지어는 docs/glossary.md의 '이렇게 쓰지 않습니다' 절(주석 표시 사이)에서만 쓸 수 있습니다.
노트북은 아직 없는 것이 있어도 됩니다: 있는 파일만 검사합니다.
"""

import json
import re
import unicodedata
from pathlib import Path

import pytest
from docs_helpers import nav_pages

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
GLOSSARY = DOCS / "glossary.md"

# 쓰지 않는 말 → 찾는 정규식. 낱말 대부분은 그대로 찾고, '곧'은 홀로 쓰일 때만('곧바로'는 괜찮음).
FORBIDDEN = {
    "감별자": "감별자",
    "구분자": "구분자",
    "식별자": "식별자",
    "판별기": "판별기",
    "생성기": "생성기",
    "제너레이터": "제너레이터",
    "디스크리미네이터": "디스크리미네이터",
    "발전기": "발전기",
    "네트워크": "네트워크",
    "매개변수": "매개변수",
    "심사위원": "심사위원",
    "가중치 평균": "가중치 평균",
    "바서슈타인": "바서슈타인",
    "곧": r"(?<![가-힣])곧(?![가-힣])",
    r"\theta_G": r"\\theta_G",
    "p_{data}": r"p_\{data\}",
}
SECTION_START = "<!-- 금지어 목록 -->"
SECTION_END = "<!-- /금지어 목록 -->"


def read_lines(path: Path) -> list[tuple[str, str]]:
    """파일을 (위치, 한 줄) 목록으로 읽습니다. 노트북은 markdown·code 셀의 소스만 읽습니다."""
    if path.suffix != ".ipynb":
        text = path.read_text(encoding="utf-8")
        return [(f"{number}행", line) for number, line in enumerate(text.splitlines(), 1)]
    notebook = json.loads(path.read_text(encoding="utf-8"))
    lines = []
    for index, cell in enumerate(notebook["cells"], 1):
        if cell["cell_type"] not in ("markdown", "code"):
            continue
        source = cell["source"]
        text = "".join(source) if isinstance(source, list) else source
        lines += [(f"셀 {index} {n}행", line) for n, line in enumerate(text.splitlines(), 1)]
    return lines


def strip_allowed_section(lines: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """금지어 목록 표시 사이의 줄을 뺍니다. 표시가 짝이 맞지 않으면 ValueError."""
    kept, inside = [], False
    for where, line in lines:
        if SECTION_START in line or SECTION_END in line:
            opening = SECTION_START in line
            if opening == inside or (SECTION_START in line and SECTION_END in line):
                raise ValueError(f"{where}: 금지어 목록 표시의 짝이 맞지 않습니다")
            inside = opening
            continue
        if not inside:
            kept.append((where, line))
    if inside:
        raise ValueError(f"{SECTION_END} 표시가 없습니다")
    return kept


def forbidden_hits(path: Path, allow_section: bool = False, root: Path = ROOT) -> list[str]:
    """path에서 금지어가 나오는 곳을 '파일(root 기준):위치: 낱말 | 줄' 꼴로 돌려줍니다."""
    lines = read_lines(path)
    if allow_section:
        lines = strip_allowed_section(lines)
    hits = []
    for where, line in lines:
        for word, pattern in FORBIDDEN.items():
            if re.search(pattern, line):
                hits.append(f"{path.relative_to(root)}:{where}: '{word}' | {line.strip()}")
    return hits


def scanned_files() -> list[Path]:
    """검사할 파일: docs의 .md·.ipynb·.py, 패키지 소스, README.md."""
    files = [ROOT / "README.md"]
    for pattern in ("*.md", "*.ipynb"):
        files += sorted(DOCS.glob(pattern))
    files += sorted(DOCS.rglob("*.py"))
    files += sorted((ROOT / "gan_tutorial").rglob("*.py"))
    return [path for path in files if path.is_file()]


def test_no_forbidden_terms():
    hits = []
    for path in scanned_files():
        hits += forbidden_hits(path, allow_section=path == GLOSSARY)
    assert not hits, "쓰지 않기로 한 용어가 있습니다 (docs/glossary.md 참고):\n" + "\n".join(hits)


def test_only_glossary_has_the_allowed_section():
    marked = [
        path.relative_to(ROOT).as_posix()
        for path in scanned_files()
        if any(SECTION_START in line or SECTION_END in line for _, line in read_lines(path))
    ]
    assert marked == ["docs/glossary.md"]


def test_glossary_section_explains_every_forbidden_term():
    lines = read_lines(GLOSSARY)
    kept = {where for where, _ in strip_allowed_section(lines)}
    section = "\n".join(line for where, line in lines if where not in kept)
    missing = [word for word in FORBIDDEN if word not in section]
    assert not missing, f"용어집의 '이렇게 쓰지 않습니다' 절에 없는 금지어: {missing}"


@pytest.mark.parametrize(
    ("line", "found"),
    [
        ("두 네트워크가 겨룹니다", ["네트워크"]),
        ("학습률, 곧 한 걸음의 크기", ["곧"]),
        ("곧바로 잇습니다. 곧은 획", []),
        (r"$p_{data}$와 $p_{\text{data}}$", ["p_{data}"]),
        (r"$\theta_G$와 $\theta_g$", [r"\theta_G"]),
        ("경찰과 위조지폐범", []),
    ],
)
def test_variant_spellings_are_found(tmp_path, line, found):
    page = tmp_path / "page.md"
    page.write_text(line + "\n", encoding="utf-8")
    hits = forbidden_hits(page, root=tmp_path)
    assert [hit.split("'")[1] for hit in hits] == found


def test_scanner_finds_terms_in_markdown_code_and_notebook_cells(tmp_path):
    page = tmp_path / "page.md"
    page.write_text(
        f"판별자입니다.\n감별자라고 쓰면 안 됩니다.\n{SECTION_START}\n생성기\n{SECTION_END}\n발전기\n",
        encoding="utf-8",
    )
    assert forbidden_hits(page, allow_section=True, root=tmp_path) == [
        "page.md:2행: '감별자' | 감별자라고 쓰면 안 됩니다.",
        "page.md:6행: '발전기' | 발전기",
    ]
    assert (
        len(forbidden_hits(page, root=tmp_path)) == 3
    )  # 표시를 허용하지 않으면 절 안의 낱말도 찾습니다

    notebook = tmp_path / "page.ipynb"
    cells = [
        {"cell_type": "markdown", "metadata": {}, "source": ["# 제목\n", "생성자와 판별자\n"]},
        {"cell_type": "raw", "metadata": {}, "source": "제너레이터"},
        {
            "cell_type": "code",
            "metadata": {},
            "source": "x = 1\n# 판별기 대신 판별자\n",
            "outputs": [],
            "execution_count": None,
        },
    ]
    notebook.write_text(json.dumps({"cells": cells}), encoding="utf-8")
    assert forbidden_hits(notebook, root=tmp_path) == [
        "page.ipynb:셀 3 2행: '판별기' | # 판별기 대신 판별자"
    ]


@pytest.mark.parametrize(
    "text",
    [
        f"{SECTION_START}\n생성기\n",  # 닫는 표시가 없음
        f"{SECTION_END}\n",  # 여는 표시가 없음
        f"{SECTION_START}\n{SECTION_START}\n{SECTION_END}\n",  # 겹친 표시
    ],
)
def test_unbalanced_markers_are_rejected(tmp_path, text):
    page = tmp_path / "page.md"
    page.write_text(text, encoding="utf-8")
    with pytest.raises(ValueError, match="금지어 목록"):
        strip_allowed_section(read_lines(page))


def test_notebooks_are_stored_without_outputs():
    problems = []
    for path in sorted(DOCS.glob("*.ipynb")):
        notebook = json.loads(path.read_text(encoding="utf-8"))
        for index, cell in enumerate(notebook["cells"], 1):
            if cell["cell_type"] != "code":
                continue
            if cell.get("outputs"):
                problems.append(f"{path.name} 셀 {index}: 출력이 저장되어 있습니다")
            if cell.get("execution_count") is not None:
                problems.append(f"{path.name} 셀 {index}: 실행 번호가 저장되어 있습니다")
    assert not problems, (
        "노트북은 출력 없이 저장합니다 "
        "(jupyter nbconvert --clear-output --inplace docs/*.ipynb):\n" + "\n".join(problems)
    )


# --- 용어집의 '처음 나오는 페이지' ---------------------------------------------------------

GLOSSARY_ROW = re.compile(r"^\|\s*([^|]+?)\s*\|\s*([^|]+?)\s*\|.*\]\(([^)]+)\)\s*\|\s*$")


def normalize(text: str) -> str:
    """비교용: 대소문자, 강조 표시, 공백 차이를 없앱니다."""
    text = unicodedata.normalize("NFC", text).lower()
    return re.sub(r"[*_`\s]+", "", text)


def introduces(page_text: str, korean: str, english: str) -> bool:
    """페이지가 '한국어(English…' 꼴로 용어를 소개하는지. 영어는 첫 낱말만 비교합니다."""
    first_word = re.match(r"[A-Za-zÀ-ÿ]+", english).group(0)
    return normalize(f"{korean}({first_word}") in normalize(page_text)


def glossary_rows() -> list[tuple[str, str, str]]:
    """용어 표의 (한국어, English, 페이지 파일) 목록. 금지어 절은 빼고 읽습니다."""
    rows = []
    for _, line in strip_allowed_section(read_lines(GLOSSARY)):
        match = GLOSSARY_ROW.match(line)
        if match and match.group(1) != "한국어":
            rows.append((match.group(1), match.group(2), match.group(3).split("#")[0]))
    return rows


def test_glossary_covers_the_project_terms():
    terms = {korean for korean, _, _ in glossary_rows()}
    required = {
        "생성자", "판별자", "생성 모델", "판별 모델", "잠재 벡터", "잠재 공간", "적대적",
        "가치 함수", "최소최대 게임", "포화 손실", "비포화 손실", "최적 판별자",
        "옌센-섀넌 발산", "쿨백-라이블러 발산", "모드 붕괴", "배치 정규화", "전치 합성곱",
        "스트라이드 합성곱", "반복", "에포크", "미니배치", "학습률", "손실 함수", "로짓",
        "기울기", "체크포인트", "프레셰 거리",
    }  # fmt: skip
    assert required <= terms, f"용어집에 없는 용어: {sorted(required - terms)}"


def test_glossary_first_pages_match_the_pages():
    """용어마다 nav 순서로 처음 '한국어(English'를 쓰는 페이지가 표에 적힌 페이지인지.

    아직 없는 페이지를 적은 줄은, 그보다 앞선 페이지가 이미 그 용어를 소개했을 때만 틀렸다고 봅니다.
    """
    order = [page for page in nav_pages() if page not in ("glossary.md", "references.md")]
    texts = {
        page: "\n".join(line for _, line in read_lines(DOCS / page))
        for page in order
        if (DOCS / page).exists()
    }
    wrong = []
    for korean, english, listed in glossary_rows():
        term = f"{korean}({english})"
        if listed not in order:
            wrong.append(f"{term}: {listed}는 mkdocs.yml nav의 본문 페이지가 아닙니다")
            continue
        first = next((p for p in texts if introduces(texts[p], korean, english)), None)
        if listed in texts and first is None:
            wrong.append(f"{term}: 표에는 {listed}, '한국어(English)'로 소개하는 페이지가 없음")
        elif first not in (None, listed) and (
            listed in texts or order.index(first) < order.index(listed)
        ):
            wrong.append(f"{term}: 표에는 {listed}, 처음 소개하는 곳은 {first}")
    assert not wrong, "용어집의 '처음 나오는 페이지'를 고치세요:\n" + "\n".join(wrong)
