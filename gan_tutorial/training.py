"""GAN 학습: 생성자 한 번 업데이트할 때마다 판별자를 k번 업데이트하는 keras.Model.

Goodfellow et al. (2014)의 알고리즘 1을 그대로 따릅니다. ``fit()``이 부르는
``train_step`` 한 번이 반복(iteration) 한 번이고, 그 안에서

1. 판별자 단계 k번: 진짜 미니배치와 가짜 미니배치로 판별자만 업데이트합니다.
2. 생성자 단계 1번: 판별자를 얼려 둔 채(변수를 읽기만 함) 생성자만 업데이트합니다.

데이터셋은 반복마다 ``k × batch_size`` 장의 진짜 이미지를 주고, 판별자 단계마다 그중
``batch_size`` 장씩을 씁니다.
"""

from collections.abc import Callable

import keras
import numpy as np
import tensorflow as tf
from keras import ops

from .errors import check_int
from .losses import (
    get_generator_loss,
    minimax_discriminator_loss,
    non_saturating_generator_loss,
)

__all__ = ["GAN", "METRIC_NAMES"]

METRIC_NAMES = ("d_loss", "g_loss", "d_real", "d_fake")


class GAN(keras.Model):
    """생성자와 판별자를 묶어 적대적으로 학습시키는 모델.

    Args:
        generator: z → 이미지 모델.
        discriminator: 이미지 → 로짓 모델.
        latent_size: 잠재 벡터 z의 길이.
        k_disc: 생성자 업데이트 한 번당 판별자 업데이트 횟수 k.
        seed: z를 뽑을 때 쓰는 난수의 시드.
    """

    def __init__(
        self,
        generator: keras.Model,
        discriminator: keras.Model,
        latent_size: int = 100,
        k_disc: int = 1,
        seed: int = 0,
        **kwargs,
    ) -> None:
        super().__init__(**kwargs)
        check_int("k_disc", k_disc)
        self.generator = generator
        self.discriminator = discriminator
        self.latent_size = latent_size
        self.k_disc = k_disc
        self.noise_seed = keras.random.SeedGenerator(seed)

    def compile(
        self,
        d_optimizer: keras.optimizers.Optimizer,
        g_optimizer: keras.optimizers.Optimizer,
        generator_loss: Callable | str = non_saturating_generator_loss,
    ) -> None:
        """두 신경망의 옵티마이저와 생성자 손실(로짓을 받는 함수나 그 이름)을 정합니다."""
        super().compile()
        self.d_optimizer = d_optimizer
        self.g_optimizer = g_optimizer
        if isinstance(generator_loss, str):
            generator_loss = get_generator_loss(generator_loss)
        self.generator_loss = generator_loss
        d_optimizer.build(self.discriminator.trainable_variables)
        g_optimizer.build(self.generator.trainable_variables)

    @property
    def step(self) -> int:
        """지금까지 끝낸 반복 수(= 생성자 업데이트 횟수)."""
        return int(self.g_optimizer.iterations.numpy())

    def call(self, z, training: bool = False):
        """z로 이미지를 만듭니다: ``gan(z)``는 ``gan.generator(z)``와 같습니다."""
        return self.generator(z, training=training)

    def sample_noise(self, n):
        """표준 정규분포에서 잠재 벡터 n개를 뽑습니다."""
        return keras.random.normal((n, self.latent_size), seed=self.noise_seed)

    def state_variables(self) -> dict[str, list]:
        """체크포인트에 담을 변수 묶음: 두 모델, 두 옵티마이저, 잡음 난수 상태."""
        return {
            "generator": list(self.generator.variables),
            "discriminator": list(self.discriminator.variables),
            "g_optimizer": list(self.g_optimizer.variables),
            "d_optimizer": list(self.d_optimizer.variables),
            "noise_seed": [self.noise_seed.state],
        }

    def frozen_call(self, model: keras.Model, x):
        """변수를 읽기만 하고 쓰지 않는 호출(배치 정규화 이동 통계도 그대로 둡니다)."""
        trainable = [v.value for v in model.trainable_variables]
        non_trainable = [v.value for v in model.non_trainable_variables]
        outputs, _ = model.stateless_call(trainable, non_trainable, x, training=True)
        return outputs

    def discriminator_step(self, real_images):
        batch_size = ops.shape(real_images)[0]
        # 테이프 밖에서 만들므로 이 가짜 이미지에서 생성자 쪽으로 가는 기울기는 처음부터 없습니다.
        fake_images = self.frozen_call(self.generator, self.sample_noise(batch_size))
        with tf.GradientTape() as tape:
            real_logits = self.discriminator(real_images, training=True)
            fake_logits = self.discriminator(fake_images, training=True)
            d_loss = minimax_discriminator_loss(real_logits, fake_logits)
        variables = self.discriminator.trainable_variables
        self.d_optimizer.apply(tape.gradient(d_loss, variables), variables)
        d_real = ops.mean(ops.sigmoid(real_logits))
        d_fake = ops.mean(ops.sigmoid(fake_logits))
        return d_loss, d_real, d_fake

    def generator_step(self, batch_size):
        z = self.sample_noise(batch_size)
        with tf.GradientTape() as tape:
            fake_logits = self.frozen_call(self.discriminator, self.generator(z, training=True))
            g_loss = self.generator_loss(fake_logits)
        variables = self.generator.trainable_variables
        self.g_optimizer.apply(tape.gradient(g_loss, variables), variables)
        return g_loss

    def train_step(self, data):
        """반복 한 번: 판별자 k번, 생성자 1번. 이번 반복의 지표를 돌려줍니다."""
        real_images = keras.utils.unpack_x_y_sample_weight(data)[0]  # 레이블은 쓰지 않습니다
        batch_size = ops.shape(real_images)[0] // self.k_disc
        d_stats = []
        for i in range(self.k_disc):  # 그래프 안에서 k번 펼쳐집니다.
            chunk = real_images[i * batch_size : (i + 1) * batch_size]
            d_stats.append(self.discriminator_step(chunk))
        g_loss = self.generator_step(batch_size)
        d_loss, d_real, d_fake = (ops.mean(ops.stack(s)) for s in zip(*d_stats, strict=True))
        return {"d_loss": d_loss, "g_loss": g_loss, "d_real": d_real, "d_fake": d_fake}

    def generate(self, noise: np.ndarray) -> np.ndarray:
        """주어진 잠재 벡터로 추론 모드 이미지를 만들어 넘파이 배열로 돌려줍니다."""
        return keras.ops.convert_to_numpy(self.generator(noise, training=False))
