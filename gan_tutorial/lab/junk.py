"""'숫자 아님' 이미지: 품질 측정용 분류기가 숫자가 아니라고 배울 그림을 만듭니다.

GAN이 실패할 때 내놓는 그림을 흉내 냅니다. 포화된(tanh 출력이 ±1에 붙은) 점·줄무늬·체크무늬,
얼룩과 격자, 흩어진 픽셀 구름, 빈 화면과 회색 화면, 학습 초기의 흐릿한 얼룩, 여러 잡음, 그리고
진짜 숫자로 만든 가짜(픽셀이나 조각을 뒤섞은 것, 픽셀마다 다른 숫자에서 가져온 것, 두 숫자를
어긋나게 겹친 것, 여러 숫자의 평균)입니다.
한 줄짜리 세로 막대('1')나 고리('0')처럼 진짜 숫자로 볼 수도 있는 그림은 만들지 않습니다.

모든 종류는 KINDS에 이름으로 들어 있고, 함수 하나(rng, n, digits)가 (n, 28, 28) 배열을 만듭니다.
분류기는 TRAIN_KINDS로만 학습하고, HELD_OUT_KINDS는 처음 보는 실패도 잡는지 시험하는 데 씁니다.
"""

import zlib
from collections.abc import Callable, Sequence

import numpy as np
from scipy import ndimage

__all__ = ["HELD_OUT_KINDS", "KINDS", "TRAIN_KINDS", "make_junk"]

SIZE = 28
Kind = Callable[[np.random.Generator, int, np.ndarray], np.ndarray]

# 화면 가운데를 원점으로 한 픽셀 좌표 (행, 열)
_Y_INDEX, _X_INDEX = np.mgrid[:SIZE, :SIZE]
_Y, _X = _Y_INDEX - (SIZE - 1) / 2, _X_INDEX - (SIZE - 1) / 2


def _column(values: np.ndarray) -> np.ndarray:
    """이미지마다 하나인 값 (n,)을 (n, 1, 1)로 바꿔 이미지 전체에 퍼지게 합니다."""
    return np.asarray(values, np.float64)[:, None, None]


def _rails(x: np.ndarray) -> np.ndarray:
    """양수는 +1, 나머지는 −1: tanh 출력이 양 끝에 붙은 포화 상태입니다."""
    return np.where(x > 0, 1.0, -1.0)


def _rotated(rng: np.random.Generator, n: int) -> tuple[np.ndarray, np.ndarray]:
    """이미지마다 임의의 각도로 돌린 좌표 (u, v)."""
    angle = _column(rng.uniform(0, np.pi, n))
    u = _X * np.cos(angle) + _Y * np.sin(angle)
    v = -_X * np.sin(angle) + _Y * np.cos(angle)
    return u, v


def _waves(rng: np.random.Generator, n: int, low: float, high: float) -> tuple[np.ndarray, ...]:
    """서로 수직인 두 코사인 파동: 주기는 low–high 픽셀, 방향과 위상은 임의입니다."""
    u, v = _rotated(rng, n)
    period = _column(rng.uniform(low, high, n))
    phases = rng.uniform(0, 2 * np.pi, (2, n))
    return (
        np.cos(2 * np.pi * u / period + _column(phases[0])),
        np.cos(2 * np.pi * v / period + _column(phases[1])),
    )


def _blur(images: np.ndarray, sigmas: np.ndarray) -> np.ndarray:
    """이미지마다 다른 표준편차(픽셀)로 가우시안 블러를 겁니다."""
    return np.stack(
        [
            ndimage.gaussian_filter(image, s, mode="wrap")
            for image, s in zip(images, sigmas, strict=True)
        ]
    )


def _standardized(x: np.ndarray) -> np.ndarray:
    """이미지마다 평균 0, 표준편차 1로 맞춥니다."""
    mean = x.mean(axis=(1, 2), keepdims=True)
    std = x.std(axis=(1, 2), keepdims=True)
    return (x - mean) / np.maximum(std, 1e-8)


def _picks(rng: np.random.Generator, n: int, digits: np.ndarray) -> np.ndarray:
    """진짜 숫자 n장을 임의로 골라 (n, 28, 28)로 돌려줍니다."""
    return digits[rng.integers(0, len(digits), n)].reshape(n, SIZE, SIZE)


def stripes(rng: np.random.Generator, n: int, digits: np.ndarray) -> np.ndarray:
    """포화된 줄무늬: 주기 2–8픽셀, 임의의 방향과 위상."""
    wave, _ = _waves(rng, n, 2, 8)
    return _rails(wave)


def checkerboard(rng: np.random.Generator, n: int, digits: np.ndarray) -> np.ndarray:
    """포화된 체크무늬: 칸 크기 1–5픽셀, 임의의 방향과 위상."""
    a, b = _waves(rng, n, 2, 10)
    return _rails(a * b)


def dots(rng: np.random.Generator, n: int, digits: np.ndarray) -> np.ndarray:
    """포화된 주기적인 점 무늬: 밝은 점이나 어두운 점이 2–9픽셀 간격으로 찍힙니다."""
    a, b = _waves(rng, n, 2, 9)
    level = _column(rng.uniform(0.3, 1.6, n))
    sign = _column(rng.choice([-1.0, 1.0], n))
    return _rails(sign * (a + b - level))


def speckle(rng: np.random.Generator, n: int, digits: np.ndarray) -> np.ndarray:
    """포화된 무작위 무늬: 흐린 잡음을 ±1로 자른 것 (입자 0.5–1.5픽셀)."""
    noise = rng.standard_normal((n, SIZE, SIZE))
    return _rails(_blur(noise, rng.uniform(0.5, 1.5, n)) + _column(rng.uniform(-0.3, 0.3, n)))


def _gaussians(rng: np.random.Generator, counts: np.ndarray) -> np.ndarray:
    """이미지마다 가우시안 얼룩 counts[i]개를 더한 값 (봉우리 높이 1, 폭 2–7픽셀)."""
    n = len(counts)
    total = np.zeros((n, SIZE, SIZE))
    for i in range(int(counts.max(initial=0))):
        cy, cx = (_column(rng.uniform(-12, 12, n)) for _ in range(2))
        sigma = _column(rng.uniform(2, 7, n))
        bump = np.exp(-((_Y - cy) ** 2 + (_X - cx) ** 2) / (2 * sigma**2))
        total += bump * _column(i < counts)
    return total


def blob(rng: np.random.Generator, n: int, digits: np.ndarray) -> np.ndarray:
    """검은 바탕의 가우시안 얼룩 하나 (폭 2–7픽셀, 밝기 0.3–1)."""
    return -1 + 2 * _column(rng.uniform(0.3, 1, n)) * _gaussians(rng, np.ones(n, int))


def blobs(rng: np.random.Generator, n: int, digits: np.ndarray) -> np.ndarray:
    """검은 바탕의 가우시안 얼룩 2–6개."""
    return np.clip(-1 + 2 * _gaussians(rng, rng.integers(2, 7, n)), -1, 1)


def cloud(rng: np.random.Generator, n: int, digits: np.ndarray) -> np.ndarray:
    """숫자 크기의 구름 안에 흩어진 흰 픽셀: 픽셀마다 따로 노는, 붕괴한 MLP 생성자의 모습."""
    envelope = np.minimum(_gaussians(rng, rng.integers(1, 4, n)), 1)
    density = _column(rng.uniform(0.2, 0.8, n))
    return np.where(rng.random((n, SIZE, SIZE)) < density * envelope, 1.0, -1.0)


def grid(rng: np.random.Generator, n: int, digits: np.ndarray) -> np.ndarray:
    """격자: 간격 3–9픽셀, 두께 1–2픽셀의 선을 가로세로로 긋고 임의로 돌립니다."""
    u, v = _rotated(rng, n)
    spacing = _column(rng.uniform(3, 9, n))
    width = _column(rng.uniform(1, 2, n))
    offset = rng.uniform(0, 9, (2, n))
    on_line = ((u + _column(offset[0])) % spacing < width) | (
        (v + _column(offset[1])) % spacing < width
    )
    return np.where(on_line, 1.0, -1.0)


def blank(rng: np.random.Generator, n: int, digits: np.ndarray) -> np.ndarray:
    """모두 −1인 빈 화면."""
    return np.full((n, SIZE, SIZE), -1.0)


def white(rng: np.random.Generator, n: int, digits: np.ndarray) -> np.ndarray:
    """모두 +1인 흰 화면."""
    return np.full((n, SIZE, SIZE), 1.0)


def grey(rng: np.random.Generator, n: int, digits: np.ndarray) -> np.ndarray:
    """한 가지 회색으로 채운 화면 (−0.9–0.9)."""
    return np.broadcast_to(_column(rng.uniform(-0.9, 0.9, n)), (n, SIZE, SIZE))


def smudge(rng: np.random.Generator, n: int, digits: np.ndarray) -> np.ndarray:
    """학습하지 않은 생성자처럼 흐린 저대비 얼룩: 회색 −0.8–0.4 둘레로 표준편차 0.05–0.3."""
    noise = _standardized(_blur(rng.standard_normal((n, SIZE, SIZE)), rng.uniform(1, 4, n)))
    level, spread = _column(rng.uniform(-0.8, 0.4, n)), _column(rng.uniform(0.05, 0.3, n))
    return level + spread * noise


def uniform_noise(rng: np.random.Generator, n: int, digits: np.ndarray) -> np.ndarray:
    """−1–1 균등 잡음."""
    return rng.uniform(-1, 1, (n, SIZE, SIZE))


def gaussian_noise(rng: np.random.Generator, n: int, digits: np.ndarray) -> np.ndarray:
    """가우시안 잡음: 평균 −0.7–0.3, 표준편차 0.1–0.8."""
    level, spread = _column(rng.uniform(-0.7, 0.3, n)), _column(rng.uniform(0.1, 0.8, n))
    return level + spread * rng.standard_normal((n, SIZE, SIZE))


def salt_pepper(rng: np.random.Generator, n: int, digits: np.ndarray) -> np.ndarray:
    """소금·후추 잡음: 검은 바탕에서 픽셀 2–40%가 흰색(+1)입니다."""
    share = _column(rng.uniform(0.02, 0.4, n))
    return np.where(rng.random((n, SIZE, SIZE)) < share, 1.0, -1.0)


def shuffled(rng: np.random.Generator, n: int, digits: np.ndarray) -> np.ndarray:
    """진짜 숫자의 픽셀을 뒤섞은 것 (밝기 분포는 같고 모양은 없음)."""
    flat = _picks(rng, n, digits).reshape(n, -1)
    return rng.permuted(flat, axis=1).reshape(n, SIZE, SIZE)


def pixel_mix(rng: np.random.Generator, n: int, digits: np.ndarray) -> np.ndarray:
    """픽셀마다 다른 진짜 숫자에서 가져온 것: 픽셀별 분포만 배우고 픽셀 사이의 관계는 못 배운 생성자.

    포화 손실로 붕괴한 MLP 생성자의 점 구름이 바로 이런 모습이라, 이 종류 없이 학습한 분류기는
    그 점 구름을 '8'로 확신했습니다.
    """
    sources = rng.integers(0, len(digits), (n, SIZE, SIZE))
    return digits.reshape(-1, SIZE, SIZE)[sources, _Y_INDEX, _X_INDEX]


def tiles(rng: np.random.Generator, n: int, digits: np.ndarray) -> np.ndarray:
    """진짜 숫자를 7×7 조각 16개로 잘라 뒤섞은 것 (획 조각은 있지만 이어지지 않음)."""
    side = SIZE // 7
    pieces = _picks(rng, n, digits).reshape(n, side, 7, side, 7).swapaxes(2, 3)
    pieces = pieces.reshape(n, side * side, 7, 7)
    order = rng.permuted(np.tile(np.arange(side * side), (n, 1)), axis=1)
    pieces = pieces[np.arange(n)[:, None], order]
    return pieces.reshape(n, side, side, 7, 7).swapaxes(2, 3).reshape(n, SIZE, SIZE)


def _shifted(images: np.ndarray, dy: np.ndarray, dx: np.ndarray) -> np.ndarray:
    """이미지마다 (dy, dx)픽셀 옮깁니다. 빈 곳은 −1(검정)로 채웁니다."""
    pad = SIZE
    padded = np.pad(images, ((0, 0), (pad, pad), (pad, pad)), constant_values=-1.0)
    return np.stack(
        [
            p[pad - y : pad - y + SIZE, pad - x : pad - x + SIZE]
            for p, y, x in zip(padded, dy, dx, strict=True)
        ]
    )


def overlap(rng: np.random.Generator, n: int, digits: np.ndarray) -> np.ndarray:
    """진짜 숫자 두 장을 5–9픽셀 어긋나게 겹쳐 그린 것 (같은 숫자끼리 겹쳐도 숫자 하나로 보이지 않게)."""
    dx = rng.integers(5, 10, n) * rng.choice([-1, 1], n)
    dy = rng.integers(-3, 4, n)
    return np.maximum(_picks(rng, n, digits), _shifted(_picks(rng, n, digits), dy, dx))


def mean_digits(rng: np.random.Generator, n: int, digits: np.ndarray) -> np.ndarray:
    """진짜 숫자 10–40장의 평균: 학습 초기의 생성자가 내놓는 흐릿한 덩어리와 닮았습니다."""
    counts = rng.integers(10, 41, n)
    return np.stack([_picks(rng, int(k), digits).mean(axis=0) for k in counts])


KINDS: dict[str, Kind] = {
    "stripes": stripes,
    "checkerboard": checkerboard,
    "dots": dots,
    "speckle": speckle,
    "blob": blob,
    "blobs": blobs,
    "cloud": cloud,
    "grid": grid,
    "blank": blank,
    "white": white,
    "grey": grey,
    "smudge": smudge,
    "uniform_noise": uniform_noise,
    "gaussian_noise": gaussian_noise,
    "salt_pepper": salt_pepper,
    "shuffled": shuffled,
    "pixel_mix": pixel_mix,
    "tiles": tiles,
    "overlap": overlap,
    "mean_digits": mean_digits,
}

# 시험용으로 떼어 두는 종류: 무늬, 격자, 저대비 얼룩, 흩어진 픽셀 (서로 다른 계열에서 하나씩)
HELD_OUT_KINDS = ("checkerboard", "grid", "smudge", "cloud")
TRAIN_KINDS = tuple(kind for kind in KINDS if kind not in HELD_OUT_KINDS)


def make_junk(kinds: Sequence[str], n: int, digits: np.ndarray, seed: int = 0) -> np.ndarray:
    """kinds를 고르게 섞은 '숫자 아님' 이미지 n장: float32 (n, 28, 28, 1), 범위 [−1, 1].

    digits는 진짜 숫자 이미지([−1, 1], (N, 28, 28) 또는 (N, 28, 28, 1))이고 숫자를 망가뜨리는
    종류에 쓰입니다. 같은 seed면 같은 이미지가 나오고, 종류마다 난수 흐름이 따로라 목록에 다른
    종류를 더하거나 빼도 한 종류의 그림은 (장수가 같으면) 그대로입니다.
    """
    sizes = np.diff(np.linspace(0, n, len(kinds) + 1).round().astype(int))
    parts = [
        KINDS[kind](np.random.default_rng([seed, zlib.crc32(kind.encode())]), int(size), digits)
        for kind, size in zip(kinds, sizes, strict=True)
        if size > 0  # n이 종류 수보다 작으면 몇 종류는 0장입니다
    ]
    images = np.clip(np.concatenate([np.empty((0, SIZE, SIZE)), *parts]), -1, 1)
    images = images.astype(np.float32)
    return images[..., np.newaxis]
