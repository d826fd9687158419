"""GAN 가족(family): 모델 이름 → 그 가족의 GAN(compile 전)을 만드는 함수.

조건 없는 GAN(mlp, dcgan)은 코어의 ``GAN``을, 새 가족은 이 폴더의 모듈 하나씩을 씁니다.
러너, 체크포인트, 콜백, CLI는 모든 가족이 함께 씁니다.
"""

from collections.abc import Callable

from ..config import TrainConfig
from ..errors import DataError
from ..models import Discriminator, Generator
from ..models.dcgan import CLASSIC_GENERATOR, build_dcgan_generator
from ..models.init import initialize
from ..training import GAN
from .cgan import ConditionalGAN, build_cgan_discriminator, build_cgan_generator
from .cyclegan import CycleGAN, build_patch_discriminator, build_translator
from .stackgan import (
    STAGE_ONE_SHAPE,
    StackGAN,
    build_stackgan_discriminator,
    build_stage_one_generator,
    build_stage_two_generator,
)
from .text2image import (
    Text2ImageGAN,
    build_text2image_discriminator,
    build_text2image_generator,
    build_text_encoder,
)
from .wgan_gp import WGANGP, build_critic

__all__ = ["FAMILIES", "build_family"]

Shape = tuple[int, int, int]


def _unconditional(config: TrainConfig, shape: Shape) -> GAN:
    height, width, channels = shape
    common = {
        "width": width,
        "height": height,
        "channels": channels,
        "latent_size": config.latent_size,
        "arch": config.model,
        "filters": config.filters,
    }
    averaging = {
        "r1_weight": config.r1_weight,
        "ema_decay": config.ema_decay,
        "latent_codes": config.latent_codes,
        "latent_prior": config.prior,
    }
    generator, discriminator = Generator(**common).model(), Discriminator(**common).model()
    initialize(generator, config.init, config.seed)
    initialize(discriminator, config.init, config.seed + 1)
    return GAN(generator, discriminator, **_training(config), **averaging)


def _cgan(config: TrainConfig, shape: Shape) -> GAN:
    return ConditionalGAN(
        build_cgan_generator(shape, config.latent_size, config.filters),
        build_cgan_discriminator(shape, config.filters),
        **_training(config),
    )


def _text2image(config: TrainConfig, shape: Shape) -> GAN:
    return Text2ImageGAN(
        build_text2image_generator(shape, config.latent_size, config.filters),
        build_text2image_discriminator(shape, config.filters),
        build_text_encoder(),
        **_training(config),
    )


def _stackgan(config: TrainConfig, shape: Shape) -> GAN:
    if shape != (28, 28, 1):
        raise DataError(f"StackGAN은 28×28 흑백 이미지만 받습니다(받은 모양: {shape}).")
    stage_one = (
        build_stage_one_generator(config.latent_size, config.filters),
        build_stackgan_discriminator(STAGE_ONE_SHAPE, config.filters, "stage_one_discriminator"),
    )
    stage_two = (
        build_stage_two_generator(config.filters),
        build_stackgan_discriminator(shape, config.filters, "stage_two_discriminator"),
    )
    return StackGAN(
        stage_one, stage_two, build_text_encoder(), config.stage_one_steps, **_training(config)
    )


def _wgan_gp(config: TrainConfig, shape: Shape) -> GAN:
    return WGANGP(
        build_dcgan_generator(shape, config.latent_size, config.filters, **CLASSIC_GENERATOR),
        build_critic(shape, config.filters),
        **_training(config),
    )


def _cyclegan(config: TrainConfig, shape: Shape) -> GAN:
    if shape != (28, 28, 1):
        raise DataError(f"CycleGAN은 28×28 흑백 이미지만 받습니다(받은 모양: {shape}).")
    return CycleGAN(
        build_translator("to_printed", config.filters),
        build_translator("to_handwritten", config.filters),
        build_patch_discriminator("printed_discriminator", config.filters, labels=config.d_labels),
        build_patch_discriminator(
            "handwritten_discriminator", config.filters, labels=config.d_labels
        ),
        cycle_weight=config.cycle_weight,
        **_training(config),
    )


def _training(config: TrainConfig) -> dict:
    return {"latent_size": config.latent_size, "k_disc": config.k_disc, "seed": config.seed}


FAMILIES: dict[str, Callable[[TrainConfig, Shape], GAN]] = {
    "mlp": _unconditional,
    "dcgan": _unconditional,
    "cgan": _cgan,
    "text2image": _text2image,
    "stackgan": _stackgan,
    "wgan-gp": _wgan_gp,
    "cyclegan": _cyclegan,
}


def build_family(config: TrainConfig, shape: Shape) -> GAN:
    """설정의 모델 이름(config.model)에 맞는 가족의 GAN을 만듭니다(compile 전)."""
    return FAMILIES[config.model](config, shape)
