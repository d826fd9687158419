"""잠재 분포(latent prior): 생성자에 넣을 z를 뽑는 규칙.

기본은 표준 정규분포 N(0, I)입니다. DCGAN 논문처럼 균등분포 U[−1, 1]를 고를 수도 있습니다
(``prior="uniform"``). 코드 수 K가 0보다 크면(정규분포에서만) z의 앞 K칸 가운데 하나(코드 k)를 같은
확률로 골라 그 칸에 ``CODE_SCALE``을 더합니다. 중심이 CODE_SCALE·e_k인 정규분포 K개를 같은 비율로
섞은 가우스 혼합(Gaussian mixture)입니다.

왜 섞나: 정규분포처럼 이어진 잠재 공간을 연속인 생성자로 옮기면 그림들도 이어져 있어야 하므로,
'3'을 내는 z와 '8'을 내는 z 사이에는 3도 8도 아닌 그림을 내는 z가 반드시 있습니다. 중심이 떨어진
덩어리 K개로 나누면 생성자는 덩어리 사이의 빈 곳에서 숫자를 바꿀 수 있습니다.
"""

import keras
import numpy as np
from keras import ops

from .errors import GanTutorialError, check_int

__all__ = [
    "CODE_SCALE",
    "PRIORS",
    "add_codes",
    "check_prior",
    "sample_latent",
    "sample_latent_and_codes",
    "sample_latent_tensor",
]

# 코드 칸에 더하는 값. DCGAN 기본값의 반복 3,000번에서 확신 비율이 3 → 77.8%, 5 → 85.3%, 7 → 89.2%,
# 10 → 87.1%였습니다(시드 0, README의 'CPU 초당 품질').
CODE_SCALE = 7.0
# 잡음의 분포: 표준 정규분포, 또는 DCGAN 논문의 [−1, 1] 균등분포
PRIORS = ("normal", "uniform")


def check_prior(prior: str, codes: int) -> None:
    """분포 이름이 PRIORS의 하나인지, 코드를 정규분포에만 섞는지 검사합니다."""
    if prior not in PRIORS:
        raise GanTutorialError(f"잠재 분포 {prior!r}: {', '.join(PRIORS)} 가운데 하나를 쓰세요.")
    if prior == "uniform" and codes:
        raise GanTutorialError(
            "잠재 코드는 정규분포 잡음에만 더합니다. 균등분포에서는 코드를 0으로 두세요."
        )


def add_codes(noise: np.ndarray, codes: np.ndarray) -> np.ndarray:
    """정규분포 잡음 noise의 행 i에서 codes[i]번째 칸에 CODE_SCALE을 더한 float32 복사본."""
    noise = np.array(noise, dtype=np.float32)
    codes = np.asarray(codes)
    if noise.ndim != 2 or codes.shape != (len(noise),):
        raise GanTutorialError(
            f"잡음은 (n, d), 코드는 (n,)이어야 합니다(받은 모양: {noise.shape}, {codes.shape})."
        )
    if codes.size and not (codes.min() >= 0 and codes.max() < noise.shape[1]):
        raise GanTutorialError(f"코드는 0 이상 {noise.shape[1]} 미만이어야 합니다.")
    noise[np.arange(len(noise)), codes] += CODE_SCALE
    return noise


def sample_latent_and_codes(
    n: int, latent_size: int, codes: int = 0, seed: int = 0, prior: str = "normal"
) -> tuple[np.ndarray, np.ndarray | None]:
    """잠재 분포에서 z n개((n, latent_size) float32)와 z마다 고른 코드((n,), 코드가 없으면 None)."""
    check_int("codes", codes, 0, latent_size)
    check_prior(prior, codes)
    rng = np.random.default_rng(seed)
    if prior == "uniform":
        return rng.uniform(-1.0, 1.0, (n, latent_size)).astype("float32"), None
    noise = rng.standard_normal((n, latent_size), "float32")
    if not codes:
        return noise, None
    which = rng.integers(0, codes, n)
    return add_codes(noise, which), which


def sample_latent(
    n: int, latent_size: int, codes: int = 0, seed: int = 0, prior: str = "normal"
) -> np.ndarray:
    """잠재 분포에서 z n개를 (n, latent_size) float32로 뽑습니다. 시드가 같으면 같은 z입니다.

    codes = 0이면 ``default_rng(seed).standard_normal`` 그대로입니다.
    """
    return sample_latent_and_codes(n, latent_size, codes, seed, prior)[0]


def sample_latent_tensor(
    n, latent_size: int, codes: int, seed: keras.random.SeedGenerator, prior: str = "normal"
):
    """학습 그래프 안에서 쓰는 같은 분포의 z n개(텐서)."""
    if prior == "uniform":
        return keras.random.uniform((n, latent_size), -1.0, 1.0, seed=seed)
    noise = keras.random.normal((n, latent_size), seed=seed)
    if not codes:
        return noise
    which = keras.random.randint((n,), 0, codes, seed=seed)
    return noise + CODE_SCALE * ops.one_hot(which, latent_size)
