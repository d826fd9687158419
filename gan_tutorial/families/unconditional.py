"""조건 없는 GAN(mlp, dcgan): 블로그 API의 Generator/Discriminator로 만든 두 신경망과 코어의 ``GAN``."""

from typing import TYPE_CHECKING

from ..models import Discriminator, Generator
from ..models.init import initialize
from ..training import GAN
from . import training_args

if TYPE_CHECKING:
    from ..config import TrainConfig

__all__ = ["build"]


def build(config: "TrainConfig", shape: tuple[int, int, int]) -> GAN:
    """설정대로 생성자·판별자를 만들어 초기화한 GAN(compile 전)을 돌려줍니다."""
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
    return GAN(generator, discriminator, **training_args(config), **averaging)
