"""인쇄체 숫자: 패키지가 글꼴로 직접 그리는 두 번째 도메인(CycleGAN의 B 도메인).

설치된 패키지에 들어 있는 글꼴만 씁니다. matplotlib의 DejaVu Sans·Serif·Sans Mono와
koreanize-matplotlib의 나눔고딕, 네 가지입니다. MNIST를 만든 방법처럼 숫자를
20×20 상자에 가로세로 비율을 지켜 맞추고, 무게중심이 28×28의 가운데에 오게 놓습니다. 숫자마다 작은
회전과 획 굵기 변화를 무작위로 줍니다.
"""

import functools
from pathlib import Path

import matplotlib
import numpy as np
from PIL import Image, ImageDraw, ImageFont

from .errors import DataError

__all__ = ["MAX_ROTATION", "font_paths", "printed_images", "render_digit", "render_printed_digits"]

MAX_ROTATION = 10.0  # 무작위 회전의 최대 각도(도)
MAX_STROKE = 2  # 글꼴 크기 96에서 덧그리는 획 두께의 최댓값(픽셀)
_FONT_SIZE = 96
_DEJAVU = ["DejaVuSans.ttf", "DejaVuSerif.ttf", "DejaVuSansMono.ttf"]
_NANUM = ["NanumGothic.ttf"]


@functools.cache
def font_paths() -> tuple[Path, ...]:
    """쓸 글꼴 파일들. 하나도 없으면 무엇을 설치할지 알려 주는 오류를 냅니다."""
    dejavu = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
    paths = [dejavu / name for name in _DEJAVU]
    try:
        import koreanize_matplotlib

        nanum = Path(koreanize_matplotlib.__file__).parent / "fonts"
        paths += [nanum / name for name in _NANUM]
    except ImportError:
        pass
    found = tuple(path for path in paths if path.is_file())
    if not found:
        raise DataError(
            "인쇄체 숫자를 그릴 글꼴이 없습니다. pip install -r requirements.txt로 matplotlib을 설치하세요."
        )
    return found


@functools.cache
def _font(path: Path) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(path), _FONT_SIZE)


def render_digit(digit: int, font: Path, angle: float = 0.0, stroke: int = 0) -> np.ndarray:
    """숫자 하나를 uint8 (28, 28)로 그립니다: 20×20 상자에 맞추고 무게중심을 가운데에 둡니다."""
    canvas = Image.new("L", (2 * _FONT_SIZE, 2 * _FONT_SIZE), 0)
    ImageDraw.Draw(canvas).text(
        (_FONT_SIZE, _FONT_SIZE),
        str(digit),
        fill=255,
        font=_font(font),
        anchor="mm",
        stroke_width=stroke,
        stroke_fill=255,
    )
    glyph = canvas.rotate(angle, resample=Image.Resampling.BILINEAR)
    glyph = glyph.crop(glyph.getbbox())
    scale = 20 / max(glyph.size)
    size = (max(1, round(glyph.width * scale)), max(1, round(glyph.height * scale)))
    small = np.asarray(glyph.resize(size, Image.Resampling.LANCZOS), dtype=np.float64)
    rows, cols = np.indices(small.shape)
    center = np.array([(rows * small).sum(), (cols * small).sum()]) / small.sum()
    top, left = np.clip(np.round(14 - center).astype(int), 0, 28 - np.array(small.shape))
    image = np.zeros((28, 28))
    image[top : top + small.shape[0], left : left + small.shape[1]] = small
    return np.clip(image, 0, 255).astype(np.uint8)


def render_printed_digits(
    n: int, seed: int = 0, labels: np.ndarray | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """인쇄체 숫자 n장: uint8 (n, 28, 28)과 레이블. labels를 주지 않으면 0–9를 고르게 뽑습니다.

    글꼴, 회전(±MAX_ROTATION도), 획 굵기(0–MAX_STROKE)는 시드로 정해지므로 같은 시드는 같은 그림입니다.
    """
    rng = np.random.default_rng(seed)
    labels = rng.integers(0, 10, n) if labels is None else np.asarray(labels, dtype=np.int64)
    fonts = font_paths()
    images = (
        np.stack(
            [
                render_digit(
                    int(digit),
                    fonts[rng.integers(len(fonts))],
                    rng.uniform(-MAX_ROTATION, MAX_ROTATION),
                    int(rng.integers(0, MAX_STROKE + 1)),
                )
                for digit in labels
            ]
        )
        if n
        else np.zeros((0, 28, 28), np.uint8)
    )
    return images, labels


def printed_images(
    n: int, seed: int = 0, labels: np.ndarray | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """render_printed_digits를 모델이 받는 꼴로: float32 (n, 28, 28, 1), [−1, 1] 범위와 레이블."""
    images, labels = render_printed_digits(n, seed=seed, labels=labels)
    return images.astype("float32")[..., None] / 127.5 - 1.0, labels
