"""생성자·판별자 모델: MLP(2014)와 DCGAN(2016), 그리고 원문 클래스 API."""

from .api import ARCHITECTURES, Discriminator, Generator, default_output_dir
from .dcgan import build_dcgan_discriminator, build_dcgan_generator
from .mlp import build_mlp_discriminator, build_mlp_generator

__all__ = [
    "ARCHITECTURES",
    "Discriminator",
    "Generator",
    "build_dcgan_discriminator",
    "build_dcgan_generator",
    "build_mlp_discriminator",
    "build_mlp_generator",
    "default_output_dir",
]
