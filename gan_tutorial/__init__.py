"""GAN 튜토리얼: Keras 3(TensorFlow 백엔드)로 만드는 GAN과 DCGAN.

자주 쓰는 것은 모두 여기서 바로 가져올 수 있습니다::

    from gan_tutorial import Generator, Discriminator, TrainConfig, train, load_mnist

이름은 처음 쓸 때 그 모듈을 불러옵니다(PEP 562). 그래서 ``import gan_tutorial``은 가볍고, 페이지나
스크립트는 실제로 쓴 모듈에만 기댑니다(문서 빌드가 페이지마다 쓴 파일을 기록해 캐시 키로 씁니다).
"""

import importlib
import os

from .tflog import import_tensorflow_quietly

# TensorFlow의 C++ 정보 로그가 노트북과 터미널을 어지럽히지 않게 합니다 (이미 정했다면 그대로).
# 로그 수준을 낮춰 둔 환경에서도 import 때의 시작 로그는 보이지 않게 합니다.
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
import_tensorflow_quietly()

__version__ = "0.1.0"

# 공개 이름 → 그 이름이 있는 모듈
_EXPORTS = {
    "GAN": "training",
    "CheckpointError": "errors",
    "DataError": "errors",
    "Discriminator": "models",
    "GanTutorialError": "errors",
    "Generator": "models",
    "MnistData": "data",
    "TrainConfig": "config",
    "TrainingDivergedError": "errors",
    "TrainingRun": "runner",
    "build_gan": "runner",
    "generate_images": "runner",
    "load_mnist": "data",
    "make_dataset": "data",
    "minimax_discriminator_loss": "losses",
    "minimax_generator_loss": "losses",
    "non_saturating_generator_loss": "losses",
    "train": "runner",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str):
    if name not in _EXPORTS:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{_EXPORTS[name]}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *_EXPORTS])
