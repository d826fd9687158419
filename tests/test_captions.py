"""설명문: 이미지에서 뜻 만들기, 여러 표현, 읽기와 그 오류, 맞는·틀린 짝, 빼 둔 조합."""

import numpy as np
import pytest

from gan_tutorial.captions import (
    HELD_OUT,
    MAX_WORDS,
    VOCABULARY,
    Meaning,
    caption_pairs,
    encode,
    image_meanings,
    parse,
    write_caption,
)
from gan_tutorial.errors import GanTutorialError


@pytest.mark.parametrize(
    ("text", "meaning"),
    [
        ("굵은 7", Meaning(7, "굵은", None)),
        ("두꺼운 숫자 7", Meaning(7, "굵은", None)),
        ("가는 3", Meaning(3, "가는", None)),
        ("오른쪽으로 기운 1", Meaning(1, None, "오른쪽으로 기운")),
        ("굵고 왼쪽으로 기운 4", Meaning(4, "굵은", "왼쪽으로 기운")),
        ("왼쪽으로 기울고 얇은 4", Meaning(4, "가는", "왼쪽으로 기운")),
        ("반듯한 0", Meaning(0, None, "똑바른")),
        ("9", Meaning(9, None, None)),
    ],
)
def test_parse(text, meaning):
    assert parse(text) == meaning


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("빨간 7", "모르는 낱말 빨간: 아는 낱말은 0, 1,"),
        ("굵은", "숫자 0–9를 하나만"),
        ("3 4", "숫자 0–9를 하나만"),
        ("굵은 가는 7", "서로 어긋나는 말"),
        ("기운 7", "앞에 오른쪽으로/왼쪽으로"),
        ("오른쪽으로 7", "뒤에 기운"),
        ("굵고 오른쪽으로 기운 숫자 7 7", "너무 깁니다"),
    ],
)
def test_parse_errors_are_one_line(text, message):
    with pytest.raises(GanTutorialError, match=message) as error:
        parse(text)
    assert "\n" not in str(error.value)


def test_unknown_word_lists_every_known_word():
    with pytest.raises(GanTutorialError) as error:
        parse("굵은 칠")
    for word in VOCABULARY[1:]:
        assert word in str(error.value)


def test_encode_pads_with_zero():
    tokens = encode(["굵고 왼쪽으로 기운 4", "7"])
    assert tokens.shape == (2, MAX_WORDS) and tokens.dtype == np.int32
    assert [VOCABULARY[i] for i in tokens[0, :4]] == ["굵고", "왼쪽으로", "기운", "4"]
    assert tokens[0, 4] == 0 and list(tokens[1]) == [VOCABULARY.index("7"), 0, 0, 0, 0]


def test_written_captions_mean_what_they_say_in_many_ways():
    rng = np.random.default_rng(0)
    meaning = Meaning(7, "굵은", "왼쪽으로 기운")
    texts = {write_caption(meaning, rng, keep="굵은") for _ in range(200)}
    assert len(texts) >= 8  # 같은 뜻, 여러 표현
    for text in texts:
        said = parse(text)
        assert said.digit == 7 and said.thickness == "굵은"  # keep은 빠지지 않음
        assert said.slant in (None, "왼쪽으로 기운")


def line(width: int, shear: float) -> np.ndarray:
    image = -np.ones((28, 28), np.float32)
    for row in range(4, 24):
        left = round(14 - width / 2 + shear * (row - 14))
        image[row, left : left + width] = 1.0
    return image


def test_image_meanings_come_from_the_pixels():
    images = np.stack([line(4, -0.4), line(1, 0.4), line(2, 0.0), line(2, -0.15)])
    meanings = image_meanings(images, np.array([1, 1, 1, 1]))
    assert meanings[0] == Meaning(1, "굵은", "오른쪽으로 기운")
    assert meanings[1] == Meaning(1, "가는", "왼쪽으로 기운")
    assert meanings[2].slant == "똑바른"
    assert meanings[3].slant is None  # 경계 사이: 기울기를 말하지 않음


def test_caption_pairs_right_matches_wrong_differs_and_held_out_never_said():
    rng = np.random.default_rng(1)
    meanings = [Meaning(int(rng.integers(10)), *(rng.choice(3), rng.choice(4))) for _ in range(400)]
    meanings = [
        Meaning(
            m.digit,
            (None, "굵은", "가는")[m.thickness],
            (None, "오른쪽으로 기운", "왼쪽으로 기운", "똑바른")[m.slant],
        )
        for m in meanings
    ] + [Meaning(*HELD_OUT)] * 50
    right, wrong = caption_pairs(meanings, seed=0)
    assert caption_pairs(meanings, seed=0) == (right, wrong)
    for meaning, good, bad in zip(meanings, right, wrong, strict=True):
        said, other = parse(good), parse(bad)
        assert said.digit == meaning.digit
        assert said.thickness in (None, meaning.thickness)
        assert said.slant in (None, meaning.slant)
        assert said != Meaning(*HELD_OUT) and other != Meaning(*HELD_OUT)
        contradicts = other.digit != meaning.digit or any(
            getattr(other, f) not in (None, getattr(meaning, f)) for f in ("thickness", "slant")
        )
        assert contradicts, (meaning, bad)
