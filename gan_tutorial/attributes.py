"""손글씨 이미지에서 직접 재는 글씨체 속성: 획 굵기와 기울기.

둘 다 레이블 없이 픽셀만으로 계산하므로, 진짜 숫자와 생성한 숫자를 같은 자로 잴 수 있습니다.

- 획 굵기(stroke thickness): 잉크를 0.5에서 나눈 이진 그림의 넓이 A와 둘레 P로 2A/P를 잽니다.
  폭 w, 길이 L인 획은 A ≈ wL, P ≈ 2L이라 2A/P ≈ w입니다. 숫자 모양(1과 8)이 달라도 굵기를 비교할 수
  있습니다. 단위는 픽셀입니다.
- 기울기(slant): 잉크의 2차 모멘트로 잰 전단(shear) 계수 −μ₁₁/μ₀₂입니다. 모멘트는 영상 처리의
  관례(x = 열, y = 줄)대로 μ_pq = Σ I(r, c)·(c − c̄)^p·(r − r̄)^q로 씁니다(r은 위에서 아래로 세는 줄
  번호, c는 열 번호). 그래서 μ₀₂는 줄 방향의 분산이고, μ₁₁/μ₀₂는 아래로 한 픽셀 내려갈 때 잉크가 가로로
  몇 픽셀 옮겨 가는지(열을 줄에 회귀한 기울기)입니다. 그 반대 부호를 쓰므로 양수면 위쪽이 오른쪽으로
  기운 글씨(/), 음수면 왼쪽으로 기운 글씨(\\), 0이면 똑바른 글씨입니다.
"""

import numpy as np

from .errors import DataError

__all__ = ["INK_THRESHOLD", "slant", "stroke_thickness"]

INK_THRESHOLD = 0.5  # 잉크 세기(0–1)가 이 값 이상인 픽셀을 획으로 봅니다


def _ink(images: np.ndarray) -> np.ndarray:
    """[−1, 1] 또는 uint8 이미지를 (N, H, W) 잉크 세기 0–1로 바꿉니다."""
    images = np.asarray(images)
    if images.ndim == 4 and images.shape[-1] == 1:
        images = images[..., 0]
    if images.ndim != 3:
        raise DataError(
            f"이미지는 (N, H, W) 또는 (N, H, W, 1) 모양이어야 합니다(받은 모양: {images.shape})."
        )
    if images.dtype == np.uint8:
        return images.astype(np.float64) / 255.0
    return (images.astype(np.float64) + 1.0) / 2.0


def stroke_thickness(images: np.ndarray) -> np.ndarray:
    """이미지마다 획 굵기 2A/P(픽셀). 잉크가 없는 이미지는 0입니다."""
    ink = _ink(images) >= INK_THRESHOLD
    area = ink.sum(axis=(1, 2))
    padded = np.pad(ink, ((0, 0), (1, 1), (1, 1)))
    # 둘레 = 잉크 픽셀과 잉크 아닌 픽셀이 맞닿은 변의 수 (가로 방향 + 세로 방향)
    perimeter = np.abs(np.diff(padded, axis=1)).sum(axis=(1, 2)) + np.abs(
        np.diff(padded, axis=2)
    ).sum(axis=(1, 2))
    return np.where(perimeter > 0, 2.0 * area / np.maximum(perimeter, 1), 0.0)


def slant(images: np.ndarray) -> np.ndarray:
    """이미지마다 기울기 −μ₁₁/μ₀₂ (μ₀₂: 줄 방향의 분산, 양수: 오른쪽으로 기움). 잉크가 없으면 0입니다."""
    ink = _ink(images)
    _, height, width = ink.shape
    rows, cols = np.mgrid[0:height, 0:width].astype(np.float64)
    mass = ink.sum(axis=(1, 2))
    safe = np.maximum(mass, 1e-12)
    row_mean = (ink * rows).sum(axis=(1, 2)) / safe
    col_mean = (ink * cols).sum(axis=(1, 2)) / safe
    dr = rows[None] - row_mean[:, None, None]
    dc = cols[None] - col_mean[:, None, None]
    mu11 = (ink * dr * dc).sum(axis=(1, 2))
    mu02 = (ink * dr**2).sum(axis=(1, 2))  # μ₀₂ = Σ I·(r − r̄)²: 줄 방향의 분산
    return np.where(mu02 > 1e-12, -mu11 / np.maximum(mu02, 1e-12), 0.0)
