"""조건부 GAN(Conditional GAN, Mirza & Osindero 2014): 원하는 숫자를 골라 만드는 GAN.

조건 없는 GAN은 어떤 숫자가 나올지 고를 수 없습니다. 조건부 GAN은 생성자와 판별자 모두에
레이블 y를 함께 줍니다.

- 생성자 G(z, y): 레이블을 임베딩(embedding) 벡터 e(y)로 바꿔 z 옆에 이어 붙이고, 그 뒤는
  DCGAN 생성자와 같습니다. 같은 z에 다른 y를 주면 같은 글씨체로 다른 숫자가 나옵니다.
- 판별자 D(x, y): DCGAN 판별자의 특징 φ(x)에 '투영(projection)' 항을 더합니다
  (Miyato & Koyama 2018): 로짓 = w·φ(x) + b + ⟨v(y), φ(x)⟩.
  v(y)는 레이블마다 배우는 벡터라서, 판별자는 "진짜 같은가"와 "이 숫자 y 같은가"를 함께 봅니다.

손실과 학습 단계(판별자 k번, 생성자 1번)는 조건 없는 GAN과 같습니다. 가짜 이미지는 같은 배치의
진짜 레이블로 만들므로, 레이블 분포도 데이터와 같습니다.
"""

from collections.abc import Callable
from typing import TYPE_CHECKING

import keras
import numpy as np
from keras import layers, ops

from ..errors import DataError, GanTutorialError
from ..models.dcgan import (
    CLASSIC_DISCRIMINATOR,
    CLASSIC_GENERATOR,
    build_dcgan_generator,
    dcgan_discriminator_features,
)
from ..training import GAN
from . import training_args

if TYPE_CHECKING:
    from ..config import TrainConfig

__all__ = [
    "EMBEDDING_SIZE",
    "NUM_CLASSES",
    "ConditionalGAN",
    "build",
    "build_cgan_discriminator",
    "build_cgan_generator",
    "conditional_generator",
    "digit_labels",
    "label_embedding_images",
    "projection_discriminator",
]

NUM_CLASSES = 10
EMBEDDING_SIZE = 16  # 레이블 임베딩 e(y)의 길이


def conditional_generator(
    image_shape: tuple[int, int, int],
    latent_size: int,
    filters: int,
    condition: keras.KerasTensor,
    condition_vector: keras.KerasTensor,
    name: str,
) -> keras.Model:
    """입력 {z, 조건} → 이미지. 조건 벡터를 z 옆에 붙여 DCGAN 생성자('synthesis')에 넣습니다."""
    z = keras.Input((latent_size,), name="z")
    synthesis = build_dcgan_generator(
        image_shape, latent_size + condition_vector.shape[-1], filters, **CLASSIC_GENERATOR
    )
    synthesis.name = "synthesis"
    image = synthesis(layers.Concatenate()([z, condition_vector]))
    return keras.Model({"z": z, condition.name: condition}, image, name=name)


def projection_discriminator(
    image_shape: tuple[int, int, int],
    filters: int,
    condition: keras.KerasTensor,
    make_projection: Callable[[int], layers.Layer],
    name: str,
) -> keras.Model:
    """입력 {image, 조건} → 로짓 w·φ(x) + b + ⟨v(조건), φ(x)⟩.

    make_projection(φ의 길이)는 조건을 φ(x)와 같은 길이의 벡터 v로 바꾸는 층을 만듭니다.
    """
    image = keras.Input(image_shape, name="image")
    features = keras.Sequential(
        dcgan_discriminator_features(filters, **CLASSIC_DISCRIMINATOR), name="features"
    )(image)
    unconditional = layers.Dense(1, name="logit")(features)  # w·φ(x) + b
    class_vector = make_projection(features.shape[-1])(condition)
    projection = ops.sum(class_vector * features, axis=-1, keepdims=True)  # ⟨v, φ(x)⟩
    logit = layers.Add(name="conditional_logit")([unconditional, projection])
    return keras.Model({"image": image, condition.name: condition}, logit, name=name)


def build_cgan_generator(
    image_shape: tuple[int, int, int], latent_size: int = 100, filters: int = 32
) -> keras.Model:
    """입력 {z, label} → 이미지. 레이블 임베딩 e(y)를 z 옆에 붙입니다."""
    label = keras.Input((), dtype="int32", name="label")
    embedding = layers.Embedding(NUM_CLASSES, EMBEDDING_SIZE, name="label_embedding")(label)
    return conditional_generator(
        image_shape, latent_size, filters, label, embedding, "cgan_generator"
    )


def build_cgan_discriminator(image_shape: tuple[int, int, int], filters: int = 32) -> keras.Model:
    """입력 {image, label} → 로짓. 레이블마다 배우는 벡터 v_y로 투영 항 ⟨v_y, φ(x)⟩를 더합니다."""
    label = keras.Input((), dtype="int32", name="label")
    return projection_discriminator(
        image_shape,
        filters,
        label,
        lambda units: layers.Embedding(NUM_CLASSES, units, name="projection"),
        "cgan_discriminator",
    )


def digit_labels(labels: np.ndarray) -> np.ndarray:
    """레이블을 int32로 돌려줍니다. 0–9가 아닌 레이블(레이블 없음 −1 포함)이 있으면 DataError."""
    labels = np.asarray(labels)
    if len(labels) and (labels.min() < 0 or labels.max() >= NUM_CLASSES):
        raise DataError(
            "이 모델은 이미지마다 0–9 레이블이 필요합니다. 레이블이 없는 .npz라면 "
            "np.savez(경로, images=이미지, labels=레이블)로 다시 저장하세요."
        )
    return labels.astype(np.int32)


class ConditionalGAN(GAN):
    """레이블 조건을 받는 GAN. 학습 단계는 GAN 그대로이고 두 신경망의 입력만 다릅니다."""

    grid_columns = NUM_CLASSES  # 샘플 격자: 한 줄에 숫자 0–9

    def generator_inputs(self, noise, condition=None):
        # Keras는 한 입력 사전에 텐서와 넘파이 배열이 섞이는 것을 받지 않으므로 모두 텐서로 바꿉니다.
        return {"z": ops.convert_to_tensor(noise), "label": ops.convert_to_tensor(condition)}

    def discriminator_inputs(self, images, condition=None):
        return {"image": ops.convert_to_tensor(images), "label": ops.convert_to_tensor(condition)}

    @staticmethod
    def training_conditions(labels: np.ndarray) -> np.ndarray:
        """학습 이미지의 레이블을 조건으로 씁니다."""
        return digit_labels(labels)

    @staticmethod
    def fixed_inputs(latent_size: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
        """진행 그림용 고정 입력 10×10: 줄마다 숫자 0–9, 열마다 같은 z(같은 글씨체)."""
        z = np.random.default_rng(seed).standard_normal((NUM_CLASSES, latent_size), "float32")
        labels = np.repeat(np.arange(NUM_CLASSES, dtype=np.int32), NUM_CLASSES)
        return np.tile(z, (NUM_CLASSES, 1)), labels

    @staticmethod
    def sample_conditions(label: int | None, n: int) -> np.ndarray:
        """샘플 n장의 레이블: label을 주면 모두 그 숫자, 없으면 0–9를 돌아가며."""
        if label is None:
            return np.arange(n, dtype=np.int32) % NUM_CLASSES
        if isinstance(label, str):
            raise GanTutorialError(
                "이 모델은 숫자 레이블(--label)로 조건을 받습니다. --text 대신 --label을 쓰세요."
            )
        if not isinstance(label, int | np.integer) or not 0 <= label < NUM_CLASSES:
            raise GanTutorialError(f"--label {label}: 0부터 9까지의 숫자를 쓰세요.")
        return np.full(n, label, np.int32)

    sample_labels = sample_conditions  # 요청한 숫자 = 조건 그대로


def label_embedding_images(
    gan: ConditionalGAN, noise: np.ndarray, start: int, end: int, steps: int = 8
) -> np.ndarray:
    """레이블 임베딩 e(start)에서 e(end)까지 직선으로 옮겨 가며 같은 z로 만든 이미지.

    반환 모양은 (len(noise) × steps, H, W, C)이고, z 하나가 한 줄입니다.
    """
    table = gan.generator.get_layer("label_embedding").embeddings.numpy()
    t = np.linspace(0.0, 1.0, steps, dtype=np.float32)[:, None]
    path = (1 - t) * table[start] + t * table[end]  # (steps, EMBEDDING_SIZE)
    z = np.repeat(np.asarray(noise, np.float32), steps, axis=0)
    embedding = np.tile(path, (len(noise), 1))
    synthesis = gan.generator.get_layer("synthesis")
    return ops.convert_to_numpy(synthesis(np.concatenate([z, embedding], axis=1), training=False))


def build(config: "TrainConfig", shape: tuple[int, int, int]) -> ConditionalGAN:
    """설정대로 조건부 GAN을 만듭니다(compile 전). 가족 등록부(``families``)가 부릅니다."""
    return ConditionalGAN(
        build_cgan_generator(shape, config.latent_size, config.filters),
        build_cgan_discriminator(shape, config.filters),
        **training_args(config),
    )
