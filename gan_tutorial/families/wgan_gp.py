"""WGAN-GP(Gulrajani et al., 2017): 판별자 대신 비평자(critic)가 와서스타인 거리를 잽니다.

보통 GAN의 판별자는 "진짜일 확률"을 냅니다. 진짜와 가짜의 분포가 겹치지 않으면 판별자가 너무 쉽게
이겨 생성자에게 가는 기울기가 사라집니다. WGAN(Arjovsky et al., 2017)은 확률 대신 점수 f(x)를 내는
비평자를 두고, 진짜와 가짜의 점수 차 E[f(x)] − E[f(G(z))]를 키우게 합니다. f가 1-립시츠
(기울기 크기 ≤ 1)이면 이 차의 최댓값이 두 분포 사이의 와서스타인 거리(Wasserstein distance)입니다.

WGAN-GP는 1-립시츠 조건을 가중치 자르기 대신 경사 페널티(gradient penalty)로 지킵니다:
진짜와 가짜 사이의 점 x̂에서 ‖∇f(x̂)‖₂가 1에서 멀어질수록 벌점을 줍니다. 논문의 알고리즘 1 그대로

- 비평자 단계 n_critic = 5번, 단계마다 새 진짜 미니배치(코어 ``GAN.train_step``의 k_disc)
- ε ~ U[0, 1]을 샘플마다 하나, x̂ = ε·x + (1 − ε)·G(z)
- 기울기 크기는 샘플마다 모든 픽셀 축에 걸쳐 계산, 점수는 시그모이드 없는 그대로
- 비평자에는 배치 정규화가 없습니다(샘플끼리 섞이면 샘플마다의 기울기가 아니게 됩니다)
- Adam(β₁ = 0, β₂ = 0.9). 학습률은 논문의 1e-4 대신 1e-3: 2코어 CPU의 짧은 예산에서 잰 값입니다(config)
"""

from typing import TYPE_CHECKING, ClassVar

import keras
import tensorflow as tf
from keras import layers, ops

from ..losses import wasserstein_critic_loss
from ..models.dcgan import (
    CLASSIC_DISCRIMINATOR,
    CLASSIC_GENERATOR,
    DEFAULT_FILTERS,
    build_dcgan_generator,
)
from ..training import GAN
from . import training_args

if TYPE_CHECKING:
    from ..config import TrainConfig

__all__ = [
    "GP_WEIGHT",
    "WGANGP",
    "build",
    "build_critic",
    "gradient_penalty",
    "interpolation_weights",
]

GP_WEIGHT = 10.0  # 경사 페널티의 계수 λ (논문 값)
NORM_EPSILON = 1e-12  # 제곱근 안의 작은 수: 기울기가 0이어도 NaN이 나지 않게 합니다


def build_critic(
    image_shape: tuple[int, int, int], filters: int = DEFAULT_FILTERS
) -> keras.Sequential:
    """DCGAN 판별자처럼 스트라이드 2 합성곱 두 번, 그러나 배치 정규화 없이 점수 하나를 냅니다.

    점수에는 시그모이드가 없습니다. 합성곱에 편향을 두지 않는 것은 속도 때문입니다(잰 값: 반복당
    CPU 157 ms vs 편향이 있으면 166 ms). 마지막 Dense의 편향은 두 점수의 차에서 지워집니다.
    """
    model = keras.Sequential(name="critic")
    model.add(keras.Input(shape=image_shape, name="image"))
    for units in (filters, filters * 2):
        model.add(
            layers.Conv2D(
                units,
                CLASSIC_DISCRIMINATOR["kernel_size"],
                strides=2,
                padding="same",
                use_bias=False,
            )
        )
        model.add(layers.LeakyReLU(negative_slope=0.2))
    model.add(layers.Flatten())
    model.add(layers.Dense(1, name="score"))
    return model


def interpolation_weights(batch_size, ndim: int, seed: keras.random.SeedGenerator):
    """샘플마다 하나씩 ε ~ U[0, 1]. 모양 (배치, 1, …, 1)이라 이미지의 모든 픽셀에 같은 ε를 씁니다."""
    return keras.random.uniform((batch_size,) + (1,) * (ndim - 1), seed=seed)


def gradient_penalty(critic: keras.Model, real, fake, epsilon):
    """E[(‖∇f(x̂)‖₂ − 1)²], x̂ = ε·real + (1 − ε)·fake. λ는 곱하지 않은 값입니다."""
    x_hat = ops.convert_to_tensor(epsilon * real + (1.0 - epsilon) * fake)
    with tf.GradientTape() as tape:
        tape.watch(x_hat)
        scores = critic(x_hat, training=True)
    # 비평자 안에서 샘플끼리 섞이지 않으므로, 점수 합의 기울기가 샘플마다의 기울기와 같습니다.
    gradients = tape.gradient(scores, x_hat)
    pixel_axes = list(range(1, len(gradients.shape)))
    norms = ops.sqrt(ops.sum(ops.square(gradients), axis=pixel_axes) + NORM_EPSILON)
    return ops.mean(ops.square(norms - 1.0))


class WGANGP(GAN):
    """비평자 단계와 생성자 단계만 바꾼 GAN. 반복 구조(비평자 k번, 생성자 1번)는 코어와 같습니다.

    기록되는 d_real, d_fake는 확률이 아니라 비평자 점수의 평균이고,
    d_real − d_fake가 비평자가 잰 와서스타인 거리의 추정값입니다.
    """

    critic = True
    metric_labels: ClassVar[dict[str, str]] = {
        "d_loss": "비평자 손실",
        "g_loss": "G 손실",
        "d_real": "f(x)",
        "d_fake": "f(G(z))",
    }

    def __init__(self, *args, gp_weight: float = GP_WEIGHT, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.gp_weight = gp_weight

    def discriminator_step(self, real_images, condition=None):
        batch_size = ops.shape(real_images)[0]
        fake_images = self.frozen_call(self.generator, self.sample_noise(batch_size))
        epsilon = interpolation_weights(batch_size, len(real_images.shape), self.noise_seed)
        with tf.GradientTape() as tape:
            real_scores = self.discriminator(real_images, training=True)
            fake_scores = self.discriminator(fake_images, training=True)
            penalty = gradient_penalty(self.discriminator, real_images, fake_images, epsilon)
            d_loss = wasserstein_critic_loss(real_scores, fake_scores) + self.gp_weight * penalty
        variables = self.discriminator.trainable_variables
        self.d_optimizer.apply(tape.gradient(d_loss, variables), variables)
        return d_loss, ops.mean(real_scores), ops.mean(fake_scores)


def build(config: "TrainConfig", shape: tuple[int, int, int]) -> WGANGP:
    """설정대로 WGAN-GP를 만듭니다(compile 전). 가족 등록부(``families``)가 부릅니다."""
    return WGANGP(
        build_dcgan_generator(shape, config.latent_size, config.filters, **CLASSIC_GENERATOR),
        build_critic(shape, config.filters),
        **training_args(config),
    )
