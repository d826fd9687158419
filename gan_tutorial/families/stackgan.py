"""StackGAN을 작게(Zhang et al. 2017): 설명문 → 14×14 밑그림(1단계, Stage I) → 28×28 완성(2단계, Stage II).

Text2Image 하나로 큰 그림을 곧바로 그리는 대신, 두 단계로 나눕니다.

- 1단계: 문장 벡터 h와 z로 작은 14×14 밑그림을 그립니다. 모양과 굵기, 기울기를 정하는 단계입니다.
- 2단계: z 없이, 1단계의 밑그림과 설명문만 보고 28×28로 다시 그립니다. 원 논문은 밑그림의 빠진
  부분과 설명문에 어긋난 부분을 고치는 단계라고 합니다(이 작은 모델에서 그런지는 문서의 StackGAN
  페이지가 잽니다).

두 단계 모두 문장 벡터를 그대로 쓰지 않고 조건 증강(conditioning augmentation)을 거칩니다.
h로 평균 μ와 로그 분산 log σ²를 계산하고 ĉ = μ + σ·ε (ε ~ N(0, I))를 뽑아 조건으로 씁니다.
생성자 손실에는 N(μ, σ²)가 표준 정규분포에서 너무 멀어지지 않게 KL 항을 더합니다.
학습은 원 논문처럼 두 단계로 합니다: 처음 stage_one_steps번은 1단계만, 그 뒤에는 1단계를 얼리고
2단계만 학습합니다. 텍스트 인코더와 설명문은 Text2Image와 같습니다.
"""

from typing import TYPE_CHECKING

import keras
import numpy as np
import tensorflow as tf
from keras import layers, ops

from ..errors import GanTutorialError
from ..losses import kl_to_standard_normal
from . import require_mnist_shape, training_args
from .cgan import projection_discriminator
from .text2image import (
    TEXT_SIZE,
    Text2ImageGAN,
    build_text_encoder,
    gan_cls_discriminator_update,
)

if TYPE_CHECKING:
    from ..config import TrainConfig

__all__ = [
    "CONDITION_SIZE",
    "KL_WEIGHT",
    "STAGE_ONE_SHAPE",
    "ConditioningAugmentation",
    "StackGAN",
    "build",
    "build_stackgan_discriminator",
    "build_stage_one_generator",
    "build_stage_two_generator",
]

CONDITION_SIZE = 16  # 조건 ĉ의 길이
KL_WEIGHT = 1.0  # 생성자 손실에 더하는 KL 항의 계수 λ (원 논문과 같음)
STAGE_ONE_SHAPE = (14, 14, 1)


class ConditioningAugmentation(layers.Layer):
    """조건 증강: h → (ĉ, μ, log σ²). 학습 모드에서는 ĉ = μ + σ·ε를 뽑고, 추론 모드에서는 ĉ = μ입니다."""

    def __init__(self, size: int = CONDITION_SIZE, seed: int = 0, **kwargs) -> None:
        super().__init__(**kwargs)
        self.size = size
        self.moments = layers.Dense(2 * size)
        self.noise_seed = keras.random.SeedGenerator(seed)

    def call(self, h, training: bool = False):
        moments = self.moments(h)
        mu, log_var = moments[:, : self.size], moments[:, self.size :]
        if not training:
            return mu, mu, log_var
        epsilon = keras.random.normal(ops.shape(mu), seed=self.noise_seed)
        return mu + ops.exp(0.5 * log_var) * epsilon, mu, log_var


def build_stage_one_generator(latent_size: int = 100, filters: int = 32) -> keras.Model:
    """입력 {z, text} → {image: 14×14, mu, log_var}. 7×7로 투영한 뒤 전치 합성곱 한 번으로 키웁니다."""
    z = keras.Input((latent_size,), name="z")
    text = keras.Input((TEXT_SIZE,), name="text")
    condition, mu, log_var = ConditioningAugmentation(name="augmentation")(text)
    x = layers.Concatenate()([z, condition])
    x = layers.Dense(7 * 7 * 2 * filters, use_bias=False)(x)
    x = layers.ReLU()(layers.BatchNormalization(momentum=0.9)(x))
    x = layers.Reshape((7, 7, 2 * filters))(x)
    x = layers.Conv2DTranspose(filters, 5, strides=2, padding="same", use_bias=False)(x)
    x = layers.ReLU()(layers.BatchNormalization(momentum=0.9)(x))
    image = layers.Conv2D(1, 5, padding="same", activation="tanh", name="image")(x)
    outputs = {"image": image, "mu": mu, "log_var": log_var}
    return keras.Model({"z": z, "text": text}, outputs, name="stage_one_generator")


def build_stage_two_generator(filters: int = 32) -> keras.Model:
    """입력 {sketch: 14×14, text} → {image: 28×28, mu, log_var}. z는 받지 않습니다.

    밑그림을 합성곱으로 읽고, 조건 ĉ를 14×14로 펼쳐 붙인 뒤 잔차 블록으로 고치고 두 배로 키웁니다.
    """
    sketch = keras.Input(STAGE_ONE_SHAPE, name="sketch")
    text = keras.Input((TEXT_SIZE,), name="text")
    condition, mu, log_var = ConditioningAugmentation(seed=1, name="augmentation")(text)
    height, width, _ = STAGE_ONE_SHAPE
    tiled = layers.UpSampling2D((height, width))(layers.Reshape((1, 1, CONDITION_SIZE))(condition))
    x = layers.ReLU()(layers.Conv2D(filters, 3, padding="same")(sketch))
    x = layers.Concatenate()([x, tiled])
    x = layers.Conv2D(filters, 3, padding="same", use_bias=False)(x)
    x = layers.ReLU()(layers.BatchNormalization(momentum=0.9)(x))
    residual = layers.Conv2D(filters, 3, padding="same", use_bias=False)(x)
    residual = layers.ReLU()(layers.BatchNormalization(momentum=0.9)(residual))
    residual = layers.Conv2D(filters, 3, padding="same", use_bias=False)(residual)
    x = layers.ReLU()(layers.Add()([x, layers.BatchNormalization(momentum=0.9)(residual)]))
    x = layers.Conv2DTranspose(filters, 4, strides=2, padding="same", use_bias=False)(x)
    x = layers.ReLU()(layers.BatchNormalization(momentum=0.9)(x))
    image = layers.Conv2D(1, 3, padding="same", activation="tanh", name="image")(x)
    outputs = {"image": image, "mu": mu, "log_var": log_var}
    return keras.Model({"sketch": sketch, "text": text}, outputs, name="stage_two_generator")


def build_stackgan_discriminator(
    image_shape: tuple[int, int, int], filters: int = 32, name: str = "stackgan_discriminator"
) -> keras.Model:
    """입력 {image, text} → 로짓. Text2Image와 같은 짝을 따지는 투영 판별자(크기만 단계마다 다름)."""
    text = keras.Input((TEXT_SIZE,), name="text")
    return projection_discriminator(
        image_shape, filters, text, lambda units: layers.Dense(units, use_bias=False), name
    )


class StackGAN(Text2ImageGAN):
    """두 단계 GAN. generator/discriminator는 2단계, stage_one_*은 1단계입니다."""

    stages = (1, 2)

    def __init__(
        self,
        stage_one: tuple[keras.Model, keras.Model],
        stage_two: tuple[keras.Model, keras.Model],
        text_encoder: keras.Model,
        stage_one_steps: int,
        kl_weight: float = KL_WEIGHT,
        **kwargs,
    ) -> None:
        super().__init__(*stage_two, text_encoder, **kwargs)
        self.stage_one_generator, self.stage_one_discriminator = stage_one
        self.stage_one_steps = stage_one_steps
        self.kl_weight = kl_weight  # 0이면 KL 항 없이 학습합니다(비교 실험용)

    def compile(self, d_optimizer, g_optimizer, generator_loss="non-saturating") -> None:
        """2단계의 옵티마이저를 받고, 1단계에는 같은 설정의 옵티마이저를 따로 만듭니다."""
        super().compile(d_optimizer, g_optimizer, generator_loss)
        self.d1_optimizer = d_optimizer.__class__.from_config(d_optimizer.get_config())
        self.g1_optimizer = g_optimizer.__class__.from_config(g_optimizer.get_config())
        self.d1_optimizer.build(self.stage_one_discriminator.trainable_variables)
        self.g1_optimizer.build(self.stage_one_generator.trainable_variables)

    @property
    def step(self) -> int:
        """끝낸 반복 수: 1단계와 2단계의 생성자 업데이트를 합한 것."""
        return int(self.g1_optimizer.iterations.numpy() + self.g_optimizer.iterations.numpy())

    def state_variables(self) -> dict[str, list]:
        return {
            **super().state_variables(),
            "stage_one_generator": list(self.stage_one_generator.variables),
            "stage_one_discriminator": list(self.stage_one_discriminator.variables),
            "g1_optimizer": list(self.g1_optimizer.variables),
            "d1_optimizer": list(self.d1_optimizer.variables),
        }

    def sketch(self, noise, h):
        """1단계의 14×14 밑그림 (추론 모드: 조건 증강 없이 ĉ = μ)."""
        inputs = {"z": ops.convert_to_tensor(noise), "text": ops.convert_to_tensor(h)}
        return self.stage_one_generator(inputs, training=False)["image"]

    def _adversarial_step(self, stage, real, fake_inputs, right, wrong):
        """한 단계의 판별자 업데이트 한 번과 생성자 업데이트 한 번 (둘 다 GAN-CLS 판별자)."""
        generator, discriminator, d_opt, g_opt = stage
        fake = self.frozen_call(generator, fake_inputs)["image"]
        d_loss, real_logits, fake_logits = gan_cls_discriminator_update(
            discriminator, d_opt, real, fake, right, wrong
        )
        with tf.GradientTape() as tape:
            output = generator(fake_inputs, training=True)
            logits = self.frozen_call(discriminator, {"image": output["image"], "text": right})
            kl = kl_to_standard_normal(output["mu"], output["log_var"])
            g_loss = self.generator_loss(logits) + self.kl_weight * kl
        g_opt.apply(
            tape.gradient(g_loss, generator.trainable_variables), generator.trainable_variables
        )
        return {
            "d_loss": d_loss,
            "g_loss": g_loss,
            "d_real": ops.mean(ops.sigmoid(real_logits)),
            "d_fake": ops.mean(ops.sigmoid(fake_logits)),
        }

    def train_step(self, data):
        """반복 한 번: 처음 stage_one_steps번은 1단계, 그 뒤로는 2단계 (판별자 1번, 생성자 1번)."""
        images, condition, _ = keras.utils.unpack_x_y_sample_weight(data)
        right, wrong = self.encode(condition[:, 0]), self.encode(condition[:, 1])
        noise = self.sample_noise(ops.shape(images)[0])
        stage_one = (
            self.stage_one_generator,
            self.stage_one_discriminator,
            self.d1_optimizer,
            self.g1_optimizer,
        )
        stage_two = (self.generator, self.discriminator, self.d_optimizer, self.g_optimizer)
        small = ops.average_pool(images, 2, 2)  # 1단계 판별자가 보는 14×14 진짜 이미지

        def first():
            return self._adversarial_step(
                stage_one, small, {"z": noise, "text": right}, right, wrong
            )

        def second():
            sketch = self.sketch(noise, right)  # 1단계는 얼려 둔 채 추론 모드로
            return self._adversarial_step(
                stage_two, images, {"sketch": sketch, "text": right}, right, wrong
            )

        in_stage_two = self.g1_optimizer.iterations >= self.stage_one_steps
        return tf.cond(in_stage_two, second, first)

    def generate(
        self, noise: np.ndarray, condition: np.ndarray | None = None, stage: int | None = None
    ) -> np.ndarray:
        """설명문 낱말 번호로 28×28 이미지를 만듭니다.

        stage=1은 1단계의 14×14 밑그림을 양선형 보간으로 두 배 늘린 것, 2는 2단계의 그림입니다.
        None이면 지금까지 학습한 마지막 단계의 그림입니다(진행 그림이 이것을 씁니다).
        """
        if stage is None:
            stage = 2 if int(self.g1_optimizer.iterations.numpy()) >= self.stage_one_steps else 1
        if stage not in self.stages:
            raise GanTutorialError(f"--stage {stage}: 1(밑그림) 또는 2(완성 그림)를 쓰세요.")
        h = self.encode(condition)
        sketch = self.sketch(noise, h)
        if stage == 1:
            image = ops.image.resize(sketch, (28, 28), interpolation="bilinear")
        else:
            image = self.generator({"sketch": sketch, "text": h}, training=False)["image"]
        return ops.convert_to_numpy(image)


def build(config: "TrainConfig", shape: tuple[int, int, int]) -> StackGAN:
    """설정대로 StackGAN을 만듭니다(compile 전). 가족 등록부(``families``)가 부릅니다."""
    require_mnist_shape("StackGAN", shape)
    stage_one = (
        build_stage_one_generator(config.latent_size, config.filters),
        build_stackgan_discriminator(STAGE_ONE_SHAPE, config.filters, "stage_one_discriminator"),
    )
    stage_two = (
        build_stage_two_generator(config.filters),
        build_stackgan_discriminator(shape, config.filters, "stage_two_discriminator"),
    )
    return StackGAN(
        stage_one, stage_two, build_text_encoder(), config.stage_one_steps, **training_args(config)
    )
