"""GAN 가족(family): 모델 이름 → 학습 클래스와 두 신경망을 만드는 함수.

조건 없는 GAN(mlp, dcgan)은 코어의 ``GAN``을, 새 가족은 이 폴더의 모듈 하나씩을 씁니다.
러너, 체크포인트, 콜백, CLI는 모든 가족이 함께 씁니다.
"""

from collections.abc import Callable
from typing import NamedTuple

import keras

from ..config import TrainConfig
from ..models import Discriminator, Generator
from ..training import GAN
from .cgan import ConditionalGAN, build_cgan_discriminator, build_cgan_generator

__all__ = ["FAMILIES", "Family", "get_family"]

Shape = tuple[int, int, int]


class Family(NamedTuple):
    """가족 하나: 학습 클래스, 생성자·판별자를 만드는 함수 (설정, 이미지 모양) → 모델."""

    gan_class: type[GAN]
    generator: Callable[[TrainConfig, Shape], keras.Model]
    discriminator: Callable[[TrainConfig, Shape], keras.Model]


def _network(cls: type, config: TrainConfig, shape: Shape) -> keras.Model:
    height, width, channels = shape
    return cls(
        width=width,
        height=height,
        channels=channels,
        latent_size=config.latent_size,
        arch=config.model,
        filters=config.filters,
    ).model()


_UNCONDITIONAL = Family(
    GAN,
    lambda config, shape: _network(Generator, config, shape),
    lambda config, shape: _network(Discriminator, config, shape),
)

FAMILIES: dict[str, Family] = {
    "mlp": _UNCONDITIONAL,
    "dcgan": _UNCONDITIONAL,
    "cgan": Family(
        ConditionalGAN,
        lambda config, shape: build_cgan_generator(shape, config.latent_size, config.filters),
        lambda config, shape: build_cgan_discriminator(shape, config.filters),
    ),
}


def get_family(model: str) -> Family:
    """모델 이름(TrainConfig.model)의 가족."""
    return FAMILIES[model]
