"""GAN 튜토리얼: Keras 3(TensorFlow 백엔드)로 만드는 GAN과 DCGAN.

자주 쓰는 것은 모두 여기서 바로 가져올 수 있습니다::

    from gan_tutorial import Generator, Discriminator, TrainConfig, train, load_mnist
"""

import os

from .tflog import import_tensorflow_quietly

# TensorFlow의 C++ 정보 로그가 노트북과 터미널을 어지럽히지 않게 합니다 (이미 정했다면 그대로).
# 로그 수준을 낮춰 둔 환경에서도 import 때의 시작 로그는 보이지 않게 합니다.
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
import_tensorflow_quietly()

from .config import TrainConfig
from .data import MnistData, load_mnist, make_dataset
from .errors import (
    CheckpointError,
    DataError,
    GanTutorialError,
    TrainingDivergedError,
)
from .lab.guidelines import dcgan_guideline_report
from .losses import (
    minimax_discriminator_loss,
    minimax_generator_loss,
    non_saturating_generator_loss,
)
from .models import Discriminator, Generator
from .runner import TrainingRun, build_gan, generate_images, train
from .training import GAN

__version__ = "0.1.0"

__all__ = [
    "GAN",
    "CheckpointError",
    "DataError",
    "Discriminator",
    "GanTutorialError",
    "Generator",
    "MnistData",
    "TrainConfig",
    "TrainingDivergedError",
    "TrainingRun",
    "build_gan",
    "dcgan_guideline_report",
    "generate_images",
    "load_mnist",
    "make_dataset",
    "minimax_discriminator_loss",
    "minimax_generator_loss",
    "non_saturating_generator_loss",
    "train",
]
