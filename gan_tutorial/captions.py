"""한국어 손글씨 설명문(caption): 이미지에서 잰 속성으로 만들고, 낱말 단위로 읽습니다.

설명문의 뜻(Meaning)은 세 가지입니다: 숫자(0–9), 굵기(굵은/가는, 또는 말하지 않음),
기울기(오른쪽으로 기운/왼쪽으로 기운/똑바른, 또는 말하지 않음). 굵기와 기울기는 attributes 모듈이
이미지에서 직접 잰 값으로 정하므로, 설명문은 사람이 아니라 이미지가 씁니다.

같은 뜻을 여러 말로 씁니다("굵은 7", "두꺼운 숫자 7", "왼쪽으로 기울고 굵은 7" …). 그래서 텍스트
인코더는 문장 번호가 아니라 낱말을 배워야 합니다.
"""

from typing import NamedTuple

import numpy as np

from .attributes import slant, stroke_thickness
from .errors import GanTutorialError

__all__ = [
    "HELD_OUT",
    "MAX_WORDS",
    "SLANTS",
    "THICKNESSES",
    "VOCABULARY",
    "Meaning",
    "caption_pairs",
    "encode",
    "hide_held_out",
    "image_meanings",
    "parse",
    "write_caption",
]

# 굵기(픽셀)와 기울기(전단 계수)의 경계. MNIST에서 굵기 중앙값은 약 1.9, 기울기 중앙값은 약 0.13입니다.
THICK, THIN = 2.2, 1.7
RIGHT, LEFT, UPRIGHT = 0.25, -0.08, 0.06  # 기울기 > RIGHT, < LEFT, |기울기| ≤ UPRIGHT

THICKNESSES = (None, "굵은", "가는")
SLANTS = (None, "오른쪽으로 기운", "왼쪽으로 기운", "똑바른")

# 뜻 하나를 쓰는 여러 표현: (꾸미는 말 '굵은 7'에 쓰는 꼴, 이어 주는 말 '굵고 …'에 쓰는 꼴)
_PHRASES = {
    "굵은": [("굵은", "굵고"), ("두꺼운", "두껍고")],
    "가는": [("가는", "가늘고"), ("얇은", "얇고")],
    "오른쪽으로 기운": [
        ("오른쪽으로 기운", "오른쪽으로 기울고"),
        ("오른쪽으로 기울어진", "오른쪽으로 기울고"),
    ],
    "왼쪽으로 기운": [
        ("왼쪽으로 기운", "왼쪽으로 기울고"),
        ("왼쪽으로 기울어진", "왼쪽으로 기울고"),
    ],
    "똑바른": [("똑바른", "똑바르고"), ("반듯한", "반듯하고")],
}


def _word_meanings() -> dict[str, tuple[str, str]]:
    """낱말 → (종류, 뜻). 숫자 앞의 '숫자'는 뜻 없이 붙는 말이고, 방향 낱말은 '기운' 앞에 옵니다."""
    table: dict[str, tuple[str, str]] = {"숫자": ("", "")}
    for meaning, forms in _PHRASES.items():
        kind = "thickness" if meaning in THICKNESSES else "slant"
        for word in {piece for form in forms for phrase in form for piece in phrase.split()}:
            table.setdefault(word, (kind, meaning))
    for direction in ("오른쪽으로", "왼쪽으로"):
        table[direction] = ("direction", direction)
    return table | {str(d): ("digit", str(d)) for d in range(10)}


_WORD_MEANING = _word_meanings()
VOCABULARY = ("", *sorted(_WORD_MEANING))  # 번호 0은 빈칸(padding)
_WORD_ID = {word: i for i, word in enumerate(VOCABULARY)}
MAX_WORDS = 5
# 학습 설명문에 한 번도 함께 나오지 않는 조합: 새 조합을 알아듣는지 시험하는 데 씁니다.
HELD_OUT = (4, "굵은", "왼쪽으로 기운")


class Meaning(NamedTuple):
    """설명문의 뜻: 숫자, 굵기(THICKNESSES의 하나), 기울기(SLANTS의 하나)."""

    digit: int
    thickness: str | None = None
    slant: str | None = None


def image_meanings(images: np.ndarray, labels: np.ndarray) -> list[Meaning]:
    """이미지마다 잰 속성의 뜻. 경계 사이(보통 굵기, 애매한 기울기)는 말하지 않습니다(None)."""
    thickness, lean = stroke_thickness(images), slant(images)
    meanings = []
    for digit, t, s in zip(labels, thickness, lean, strict=True):
        thick = "굵은" if t > THICK else "가는" if t < THIN else None
        if s > RIGHT:
            direction = "오른쪽으로 기운"
        elif s < LEFT:
            direction = "왼쪽으로 기운"
        else:
            direction = "똑바른" if abs(s) <= UPRIGHT else None
        meanings.append(Meaning(int(digit), thick, direction))
    return meanings


def write_caption(meaning: Meaning, rng: np.random.Generator, keep: str | None = None) -> str:
    """뜻 하나를 무작위 표현으로 씁니다. 속성은 저마다 1/4 확률로 빼고(keep에 든 속성은 남김),
    두 속성의 순서도 바꿉니다."""
    parts = [
        m
        for m in (meaning.thickness, meaning.slant)
        if m is not None and (m == keep or rng.random() >= 0.25)
    ]
    if len(parts) == 2 and rng.random() < 0.5:
        parts.reverse()
    forms = [_PHRASES[m][rng.integers(len(_PHRASES[m]))] for m in parts]
    words = [form[1] for form in forms[:-1]] + [form[0] for form in forms[-1:]]
    digit = f"숫자 {meaning.digit}" if rng.random() < 0.3 else str(meaning.digit)
    return " ".join([*words, digit])


def parse(text: str) -> Meaning:
    """설명문을 읽어 뜻을 돌려줍니다. 모르는 낱말, 숫자 없음, 어긋나는 속성은 한 줄 오류입니다."""
    words = text.split()
    unknown = [w for w in words if w not in _WORD_ID]
    if unknown:
        known = ", ".join(w for w in VOCABULARY if w)
        raise GanTutorialError(f"모르는 낱말 {', '.join(unknown)}: 아는 낱말은 {known}입니다.")
    if len(words) > MAX_WORDS:
        raise GanTutorialError(f"설명문 '{text}'이 너무 깁니다: 낱말 {MAX_WORDS}개까지 쓰세요.")
    found: dict[str, set[str]] = {"digit": set(), "thickness": set(), "slant": set()}
    direction = None
    for word in words:
        kind, value = _WORD_MEANING[word]
        if kind == "direction":
            direction = value
        elif kind == "slant" and value != "똑바른":
            if direction is None:
                raise GanTutorialError(f"'{text}': '{word}' 앞에 오른쪽으로/왼쪽으로를 쓰세요.")
            found["slant"].add(f"{direction} 기운")
        elif kind:
            found[kind].add(value)
    if direction is not None and not found["slant"]:
        raise GanTutorialError(f"'{text}': '{direction}' 뒤에 기운/기울어진/기울고를 쓰세요.")
    if len(found["digit"]) != 1:
        raise GanTutorialError(f"'{text}': 숫자 0–9를 하나만 쓰세요(예: '굵은 7').")
    for kind in ("thickness", "slant"):
        if len(found[kind]) > 1:
            raise GanTutorialError(
                f"'{text}': 서로 어긋나는 말({', '.join(sorted(found[kind]))})을 함께 썼습니다."
            )
    (digit,) = found["digit"]
    return Meaning(int(digit), *(next(iter(found[k]), None) for k in ("thickness", "slant")))


def encode(texts: list[str]) -> np.ndarray:
    """설명문들을 (N, MAX_WORDS) 낱말 번호 배열로 바꿉니다(뒤는 0으로 채움). 먼저 parse로 검사합니다."""
    tokens = np.zeros((len(texts), MAX_WORDS), np.int32)
    for row, text in enumerate(texts):
        parse(text)
        ids = [_WORD_ID[w] for w in text.split()]
        tokens[row, : len(ids)] = ids
    return tokens


def _wrong(meaning: Meaning, rng: np.random.Generator) -> tuple[Meaning, str | None]:
    """뜻이 분명히 다른 짝과, 설명문에서 빼면 안 되는 (바꾼) 속성: 숫자를 바꾸거나 속성을 뒤집습니다."""
    opposite = {
        "굵은": "가는",
        "가는": "굵은",
        "오른쪽으로 기운": "왼쪽으로 기운",
        "왼쪽으로 기운": "오른쪽으로 기운",
    }
    flips = [f for f in ("thickness", "slant") if getattr(meaning, f) in opposite]
    if flips and rng.random() < 0.5:
        flipped = opposite[getattr(meaning, flips[rng.integers(len(flips))])]
        field = "thickness" if flipped in THICKNESSES else "slant"
        return meaning._replace(**{field: flipped}), flipped
    other = (meaning.digit + rng.integers(1, 10)) % 10
    return meaning._replace(digit=int(other)), None


def hide_held_out(meaning: Meaning, rng: np.random.Generator) -> Meaning:
    """HELD_OUT 조합이면 두 속성 가운데 하나를 무작위로 뺀 뜻, 아니면 그대로.

    학습에 쓰는 설명문(GAN의 설명문과 텍스트 인코더의 사전 학습 설명문)은 모두 이것을 거치므로,
    HELD_OUT 조합을 말하는 설명문은 학습 어디에도 나오지 않습니다.
    """
    if meaning != Meaning(*HELD_OUT):
        return meaning
    return meaning._replace(**{("thickness", "slant")[rng.integers(2)]: None})


def caption_pairs(meanings: list[Meaning], seed: int) -> tuple[list[str], list[str]]:
    """이미지마다 맞는 설명문 하나와 틀린 설명문 하나. HELD_OUT 조합은 속성 하나를 빼고 씁니다."""
    rng = np.random.default_rng(seed)
    right, wrong = [], []
    for meaning in meanings:
        meaning = hide_held_out(meaning, rng)
        right.append(write_caption(meaning, rng))
        mismatch, keep = _wrong(meaning, rng)
        if mismatch == Meaning(*HELD_OUT):  # 뒤집은 속성은 남기고 다른 속성을 뺍니다
            other = "slant" if keep == "굵은" else "thickness"
            mismatch = mismatch._replace(**{other: None})
        wrong.append(write_caption(mismatch, rng, keep))
    return right, wrong
