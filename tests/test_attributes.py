"""글씨체 속성: 알려진 굵기와 기울기의 선을 그려 잽니다."""

import numpy as np
import pytest

from gan_tutorial.attributes import slant, stroke_thickness
from gan_tutorial.errors import DataError


def line(width: int, shear: float = 0.0, length: int = 20) -> np.ndarray:
    """세로선 하나(28×28, [−1, 1]): 폭 width, 아래로 한 줄 내려갈 때 가로로 shear만큼 옮겨 감."""
    image = -np.ones((28, 28), np.float32)
    top = (28 - length) // 2
    for row in range(top, top + length):
        left = round(14 - width / 2 + shear * (row - 14))
        image[row, left : left + width] = 1.0
    return image


@pytest.mark.parametrize("width", [1, 2, 3, 4])
def test_thickness_of_a_straight_bar(width):
    # 폭 w, 길이 20인 막대: A = 20w, P = 2(20 + w) → 2A/P = 20w / (20 + w)
    expected = 20 * width / (20 + width)
    assert stroke_thickness(line(width)[None])[0] == pytest.approx(expected)


def test_thicker_strokes_measure_thicker_whatever_the_shape():
    thin, thick = line(2), line(4)
    ring = -np.ones((28, 28), np.float32)
    rows, cols = np.mgrid[0:28, 0:28]
    radius = np.hypot(rows - 14, cols - 14)
    ring[(radius > 6) & (radius < 10)] = 1.0  # 폭 약 4의 고리('0' 모양)
    values = stroke_thickness(np.stack([thin, thick, ring]))
    assert values[0] < values[1] and values[0] < values[2]
    assert abs(values[2] - values[1]) < 1.0


def test_slant_sign_and_value():
    right, left, upright = line(2, shear=-0.3), line(2, shear=0.3), line(2)
    values = slant(np.stack([right, left, upright]))
    assert values[0] > 0.2 and values[1] < -0.2  # 위가 오른쪽(/)이면 양수
    assert values[2] == pytest.approx(0.0, abs=1e-9)
    assert values[0] == pytest.approx(0.3, abs=0.05)  # 전단 계수 그대로


def test_slant_divides_by_the_row_variance():
    # μ_pq = Σ I (c − c̄)^p (r − r̄)^q (x = 열, y = 줄): 기울기 = −μ₁₁/μ₀₂, μ₀₂는 줄 방향의 분산
    image = np.random.default_rng(0).uniform(-1, 1, (28, 28))
    ink = (image + 1) / 2
    rows, cols = np.mgrid[0:28, 0:28]
    dr = rows - (ink * rows).sum() / ink.sum()
    dc = cols - (ink * cols).sum() / ink.sum()
    mu11, mu02 = (ink * dc * dr).sum(), (ink * dr**2).sum()
    assert slant(image[None])[0] == pytest.approx(-mu11 / mu02)


def test_uint8_and_channel_axis_give_the_same_numbers():
    image = line(3, shear=-0.2)
    as_uint8 = ((image + 1) * 127.5).round().astype(np.uint8)
    np.testing.assert_allclose(slant(image[None, ..., None]), slant(as_uint8[None]), atol=1e-6)
    np.testing.assert_allclose(stroke_thickness(image[None]), stroke_thickness(as_uint8[None]))


def test_blank_image_is_zero_and_bad_shape_is_refused():
    blank = -np.ones((1, 28, 28), np.float32)
    assert stroke_thickness(blank)[0] == 0 and slant(blank)[0] == 0
    with pytest.raises(DataError, match="모양"):
        slant(np.zeros((28, 28)))
