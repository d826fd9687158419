"""블로그 원문의 클래스 API: Generator와 Discriminator.

두 클래스 모두 ``model()`` (한 번만 만들어 돌려줌), ``summary()`` (구조 출력),
``save_model(path=None)`` (구조 그림을 PNG로 저장)을 제공합니다.
"""

import os
from pathlib import Path

import keras

from ..errors import GanTutorialError, check_choice, check_int
from .dcgan import DEFAULT_FILTERS, build_dcgan_discriminator, build_dcgan_generator
from .mlp import build_mlp_discriminator, build_mlp_generator

__all__ = ["ARCHITECTURES", "Discriminator", "Generator", "default_output_dir"]

ARCHITECTURES = ("dcgan", "mlp")


def default_output_dir() -> Path:
    """그림 같은 산출물의 기본 폴더: 환경 변수 GAN_TUTORIAL_OUTPUT 또는 ./outputs."""
    return Path(os.environ.get("GAN_TUTORIAL_OUTPUT", "outputs"))


class _Network:
    """Generator와 Discriminator가 공유하는 부분: 검증, 지연 생성, 요약, 그림 저장."""

    role = ""

    def __init__(
        self,
        width: int = 28,
        height: int = 28,
        channels: int = 1,
        latent_size: int = 100,
        arch: str = "dcgan",
        filters: int = DEFAULT_FILTERS,
    ) -> None:
        for name, value in (("width", width), ("height", height), ("latent_size", latent_size)):
            check_int(name, value)
        check_int("filters", filters)
        check_choice("모델", arch, ARCHITECTURES)
        if arch == "dcgan" and (height % 4 or width % 4):
            raise GanTutorialError(
                f"DCGAN은 가로·세로가 4의 배수여야 합니다({width}×{height}). "
                "28×28이나 32×32처럼 4로 나누어지는 크기를 쓰세요."
            )
        if channels not in (1, 3):
            raise GanTutorialError(f"channels={channels}: 흑백은 1, 컬러는 3을 쓰세요.")
        self.width, self.height, self.channels = width, height, channels
        self.latent_size = latent_size
        self.arch = arch
        self.filters = filters
        self._model: keras.Model | None = None

    @property
    def image_shape(self) -> tuple[int, int, int]:
        """(세로, 가로, 채널) 순서의 이미지 모양."""
        return (self.height, self.width, self.channels)

    def _build(self) -> keras.Model:
        raise NotImplementedError

    def model(self) -> keras.Model:
        """Keras 모델을 처음 부를 때 한 번만 만들고, 이후에는 같은 모델을 돌려줍니다."""
        if self._model is None:
            self._model = self._build()
        return self._model

    def summary(self) -> None:
        """모델의 층과 파라미터 수를 출력합니다."""
        self.model().summary()

    def save_model(self, path: str | os.PathLike | None = None) -> Path:
        """모델 구조 그림을 PNG로 저장하고 경로를 돌려줍니다 (graphviz 필요)."""
        if path is None:
            path = default_output_dir() / "models" / f"{self.arch}_{self.role}.png"
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            keras.utils.plot_model(
                self.model(), to_file=str(path), show_shapes=True, show_layer_names=True, dpi=80
            )
        except ImportError as error:
            raise GanTutorialError(
                f"구조 그림을 그릴 수 없습니다({error}). "
                "pip install pydot 과 apt-get install graphviz 로 설치하세요."
            ) from None
        if not path.exists():
            raise GanTutorialError(
                "구조 그림이 만들어지지 않았습니다. graphviz의 dot 명령이 있는지 확인하세요 "
                "(apt-get install graphviz)."
            )
        return path


class Generator(_Network):
    """잠재 벡터 z(길이 latent_size)를 받아 width×height×channels 이미지를 만드는 생성자."""

    role = "generator"

    def _build(self) -> keras.Model:
        if self.arch == "mlp":
            return build_mlp_generator(self.image_shape, self.latent_size)
        return build_dcgan_generator(self.image_shape, self.latent_size, self.filters)


class Discriminator(_Network):
    """이미지를 받아 '진짜일 로짓' 하나를 내는 이진 분류기, 판별자.

    latent_size는 원문 API와 맞추려고 받을 뿐 판별자 구조에는 쓰지 않습니다.
    """

    role = "discriminator"

    def _build(self) -> keras.Model:
        if self.arch == "mlp":
            return build_mlp_discriminator(self.image_shape)
        return build_dcgan_discriminator(self.image_shape, self.filters)
