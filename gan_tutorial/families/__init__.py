"""GAN 가족(family) 등록부: 모델 이름 → 그 가족의 모듈. 모듈은 쓸 때 처음 불러옵니다.

가족 모듈마다 ``build(config, shape)``가 그 가족의 GAN(compile 전)을 만듭니다. 조건 없는 GAN
(mlp, dcgan)은 ``unconditional``이 코어의 ``GAN``으로 만듭니다. 러너, 체크포인트, 콜백, CLI는 모든
가족이 함께 씁니다. ``import gan_tutorial.families``는 가족 모듈을 하나도 불러오지 않으므로, DCGAN만
쓰는 페이지는 CycleGAN 코드에 기대지 않습니다(문서 빌드가 페이지마다 쓴 파일을 기록합니다).
"""

import importlib
from types import ModuleType
from typing import TYPE_CHECKING

from ..errors import DataError

if TYPE_CHECKING:
    from ..config import TrainConfig
    from ..training import GAN

__all__ = ["FAMILIES", "build_family", "family_module", "require_mnist_shape", "training_args"]

Shape = tuple[int, int, int]

FAMILIES: dict[str, str] = {
    "mlp": "unconditional",
    "dcgan": "unconditional",
    "cgan": "cgan",
    "text2image": "text2image",
    "stackgan": "stackgan",
    "wgan-gp": "wgan_gp",
    "cyclegan": "cyclegan",
}


def family_module(model: str) -> ModuleType:
    """모델 이름의 가족 모듈(예: "cyclegan" → gan_tutorial.families.cyclegan)을 불러옵니다."""
    return importlib.import_module(f"{__name__}.{FAMILIES[model]}")


def build_family(config: "TrainConfig", shape: Shape) -> "GAN":
    """설정의 모델 이름(config.model)에 맞는 가족의 GAN을 만듭니다(compile 전)."""
    return family_module(config.model).build(config, shape)


def training_args(config: "TrainConfig") -> dict:
    """모든 가족의 GAN이 받는 학습 인자: 잠재 크기, k, 시드."""
    return {"latent_size": config.latent_size, "k_disc": config.k_disc, "seed": config.seed}


def require_mnist_shape(name: str, shape: Shape) -> None:
    """28×28 흑백만 받는 가족(StackGAN, CycleGAN)에 다른 모양을 주면 한 줄짜리 오류를 냅니다."""
    if shape != (28, 28, 1):
        raise DataError(f"{name}은 28×28 흑백 이미지만 받습니다(받은 모양: {shape}).")
