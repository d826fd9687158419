"""잠재 공간(latent space) 탐색: 두 잠재 벡터 사이를 잇고, 그 길을 따라 이미지를 만듭니다.

- ``interpolate(z_start, z_end, n)``: 두 벡터 사이의 점 n개 (구면 보간 slerp 또는 선형 보간 lerp).
- ``interpolation_images(gan, rows, steps)``: 무작위 z 쌍마다 한 줄씩, 보간한 z로 만든 이미지.
  잠재 코드가 있는 GAN이면 두 끝의 코드를 같게(``codes="same"``) 또는 다르게(``"different"``) 고를 수 있습니다.

z가 표준 정규분포에서 왔다면 길이는 거의 √d로 일정합니다. 직선으로 이으면 가운데 점의 길이가
짧아져 생성자가 학습 중에 거의 보지 못한 영역을 지나므로, 기본값은 구면 보간입니다. 코드가 다른 두
z를 이으면 길의 가운데는 두 코드 덩어리 사이의 빈 곳을 지납니다.
"""

import numpy as np

from ..errors import GanTutorialError, check_choice, check_int
from ..prior import add_codes
from ..training import GAN

__all__ = ["interpolate", "interpolation_images"]

_PARALLEL = 1e-6  # 두 벡터 사이 각의 사인이 이보다 작으면(같은 방향·정반대) 직선으로 잇습니다


def _check_vector(name: str, z: np.ndarray) -> np.ndarray:
    z = np.asarray(z, dtype=np.float64)
    if z.ndim != 1 or z.size == 0:
        raise GanTutorialError(f"{name}는 1차원 벡터여야 합니다(받은 모양: {z.shape}).")
    if not np.isfinite(z).all():
        raise GanTutorialError(f"{name}에 NaN이나 무한대가 있습니다.")
    return z


def interpolate(
    z_start: np.ndarray, z_end: np.ndarray, n: int, spherical: bool = True
) -> np.ndarray:
    """z_start에서 z_end까지 같은 간격의 점 n개를 (n, d) float32 배열로 돌려줍니다.

    첫 줄은 z_start, 마지막 줄은 z_end입니다. spherical=True면 구면 보간(slerp)으로
    두 벡터 사이의 각을 고르게 나누고, 길이가 같은 두 벡터라면 모든 점의 길이도 같습니다.
    두 벡터의 방향이 같거나 정반대이거나(사인 0) 한쪽이 영벡터면 선형 보간(lerp)으로 잇습니다.
    """
    check_int("n", n, 2)
    a, b = _check_vector("z_start", z_start), _check_vector("z_end", z_end)
    if a.shape != b.shape:
        raise GanTutorialError(f"두 잠재 벡터의 길이가 다릅니다: {a.size} != {b.size}")
    t = np.linspace(0.0, 1.0, n)[:, None]
    weights = (1.0 - t, t)  # 선형 보간의 가중치
    norms = np.linalg.norm(a) * np.linalg.norm(b)
    if spherical and norms > 0:
        omega = np.arccos(np.clip(a @ b / norms, -1.0, 1.0))  # 두 벡터 사이의 각
        sin_omega = np.sin(omega)
        if sin_omega > _PARALLEL:
            weights = (np.sin((1.0 - t) * omega) / sin_omega, np.sin(t * omega) / sin_omega)
    path = weights[0] * a + weights[1] * b
    path[0], path[-1] = a, b  # 끝점은 반올림 오차 없이 입력 그대로
    return path.astype(np.float32)


def _code_pairs(rng: np.random.Generator, rows: int, count: int, codes: str) -> np.ndarray:
    """줄마다 (출발 코드, 도착 코드): same이면 같은 코드, different면 서로 다른 코드."""
    start = rng.integers(0, count, rows)
    if codes == "same":
        return np.stack([start, start], axis=1)
    return np.stack([start, (start + rng.integers(1, count, rows)) % count], axis=1)


def interpolation_images(
    gan: GAN,
    rows: int = 6,
    steps: int = 10,
    seed: int = 0,
    spherical: bool = True,
    codes: str = "any",
) -> np.ndarray:
    """무작위 z 쌍 rows개를 steps 단계로 보간해 만든 이미지 (rows × steps, H, W, C).

    줄마다 왼쪽 끝이 출발점, 오른쪽 끝이 도착점이므로 ``plots.image_grid(images, ncols=steps)``
    로 그리면 한 줄이 한 번의 보간이 됩니다. 같은 seed면 같은 z 쌍을 씁니다. codes="any"면 끝점 z를
    그 GAN의 잠재 분포(``gan.latent_samples``)에서 뽑고, 잠재 코드가 있는 GAN에서 "same"이면 두 끝이
    같은 코드, "different"면 서로 다른 코드를 갖습니다(잡음 부분은 표준 정규분포).
    """
    check_int("rows", rows)
    check_choice("코드 고르기", codes, ("any", "same", "different"))
    if codes == "any":
        ends = gan.latent_samples(2 * rows, seed).reshape(rows, 2, gan.latent_size)
    else:
        needed = 1 if codes == "same" else 2
        if gan.latent_codes < needed:
            raise GanTutorialError(
                f"codes={codes!r}는 잠재 코드가 {needed}개 이상인 GAN에만 씁니다"
                f"(이 GAN: {gan.latent_codes}개)."
            )
        rng = np.random.default_rng(seed)
        noise = rng.standard_normal((2 * rows, gan.latent_size), "float32")
        pairs = _code_pairs(rng, rows, gan.latent_codes, codes)
        ends = add_codes(noise, pairs.reshape(-1)).reshape(rows, 2, gan.latent_size)
    z = np.concatenate([interpolate(a, b, steps, spherical) for a, b in ends])
    return gan.generate(z)
