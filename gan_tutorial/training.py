"""GAN 학습: 생성자 한 번 업데이트할 때마다 판별자를 k번 업데이트하는 keras.Model.

Goodfellow et al. (2014)의 알고리즘 1을 그대로 따릅니다. ``fit()``이 부르는
``train_step`` 한 번이 반복(iteration) 한 번이고, 그 안에서

1. 판별자 단계 k번: 진짜 미니배치와 가짜 미니배치로 판별자만 업데이트합니다.
2. 생성자 단계 1번: 판별자를 얼려 둔 채(변수를 읽기만 함) 생성자만 업데이트합니다.

데이터셋은 반복마다 ``k × batch_size`` 장의 진짜 이미지를 주고, 판별자 단계마다 그중
``batch_size`` 장씩을 씁니다.
"""

from collections.abc import Callable
from typing import ClassVar

import keras
import numpy as np
import tensorflow as tf
from keras import ops

from .errors import GanTutorialError, check_int
from .losses import (
    get_generator_loss,
    minimax_discriminator_loss,
    non_saturating_generator_loss,
)
from .prior import check_prior, sample_latent, sample_latent_tensor

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
        r1_weight: 진짜 이미지에서의 판별자 기울기 페널티(R1)의 계수 γ. 0이면 쓰지 않습니다.
        ema_decay: 0보다 크면 생성자 가중치의 지수 이동 평균을 따로 두고 그림은 그것으로 그립니다.
        latent_codes: z에 섞을 코드 수 K (``prior`` 모듈). 0이면 z는 표준 정규분포입니다.
        latent_prior: 잡음의 분포, "normal"(표준 정규분포) 또는 "uniform"(DCGAN 논문의 U[−1, 1]).
    """

    def __init__(
        self,
        generator: keras.Model,
        discriminator: keras.Model,
        latent_size: int = 100,
        k_disc: int = 1,
        seed: int = 0,
        r1_weight: float = 0.0,
        ema_decay: float = 0.0,
        latent_codes: int = 0,
        latent_prior: str = "normal",
        **kwargs,
    ) -> None:
        super().__init__(**kwargs)
        check_int("k_disc", k_disc)
        check_int("latent_codes", latent_codes, 0, latent_size)
        self.generator = generator
        self.discriminator = discriminator
        self.latent_size = latent_size
        self.k_disc = k_disc
        self.noise_seed = keras.random.SeedGenerator(seed)
        self.r1_weight = r1_weight
        self.ema_decay = ema_decay
        self.latent_codes = latent_codes
        self.latent_prior = latent_prior
        check_prior(latent_prior, latent_codes)
        self.average_generator = _copy_of(generator) if ema_decay else None

    grid_columns = 8  # 진행 그림 격자의 열 수
    critic = False  # 판별자가 확률 대신 점수를 내는 비평자인가(WGAN)
    metric_names: tuple[str, ...] = METRIC_NAMES  # history.csv의 열(가족마다 더할 수 있음)
    metric_labels: ClassVar[dict[str, str]] = {
        "d_loss": "D 손실",
        "g_loss": "G 손실",
        "d_real": "D(x)",
        "d_fake": "D(G(z))",
    }
    stages: tuple[int, ...] = ()  # 여러 단계로 그리는 가족(StackGAN)만 단계 번호가 있습니다

    @staticmethod
    def learning_rate_schedule(rate: float, steps: int) -> float | Callable:
        """두 옵티마이저의 학습률: 기본은 처음부터 끝까지 같은 값입니다(steps는 일정을 쓰는 가족용)."""
        return rate

    @staticmethod
    def training_conditions(labels: np.ndarray) -> None:
        """학습 데이터에 붙일 조건. 조건 없는 GAN은 레이블을 쓰지 않으므로 None입니다."""
        return None

    def prepare(self, data, seed: int, fresh: bool) -> np.ndarray | None:
        """학습 전에 한 번: 이미지마다의 조건을 만듭니다. fresh는 새 학습(이어서 학습이 아님)인지입니다.

        조건이 필요 없는 GAN은 None을 돌려줍니다. 텍스트 인코더처럼 먼저 학습할 것이 있는 가족은
        fresh일 때 여기서 학습하고, 이어서 학습할 때는 체크포인트가 그 결과를 되살립니다.
        """
        return self.training_conditions(data.labels)

    def latent_samples(self, n: int, seed: int) -> np.ndarray:
        """잠재 분포에서 시드로 정한 z n개(넘파이). 학습 중에 뽑는 z와 같은 분포입니다."""
        return sample_latent(n, self.latent_size, self.latent_codes, seed, self.latent_prior)

    def fixed_inputs(self, latent_size: int, seed: int) -> tuple[np.ndarray, None]:
        """진행 그림용 고정 입력: 시드로 정한 z 64개(조건 없음). 시드가 같으면 언제나 같습니다."""
        return sample_latent(64, latent_size, self.latent_codes, seed, self.latent_prior), None

    def sample_inputs(self, n: int, seed: int, condition: object = None) -> np.ndarray:
        """sample 명령이 생성자에 넣을 입력 n개: 시드로 정한 z (변환 모델은 바꿀 그림)."""
        return self.latent_samples(n, seed)

    @staticmethod
    def sample_labels(condition: object, n: int) -> np.ndarray | None:
        """샘플마다 요청한 숫자(평가기의 레이블 일치도용). 조건 없는 GAN은 None입니다."""
        return None

    @staticmethod
    def sample_conditions(condition: object, n: int) -> None:
        """샘플에 줄 조건. 조건 없는 GAN에 조건을 주면 한 줄짜리 오류를 냅니다."""
        if condition is not None:
            raise GanTutorialError(
                "이 모델은 조건 없는 GAN이라 레이블이나 글을 받지 않습니다. "
                "--label/--text를 빼거나 조건부 모델(cgan, text2image)로 학습한 폴더를 주세요."
            )
        return None

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
        """생성자 입력으로 이미지를 만듭니다: ``gan(z)``는 ``gan.generator(z)``와 같습니다."""
        return self.generator(z, training=training)

    def sample_noise(self, n):
        """잠재 분포(표준 정규분포, 코드가 있으면 가우스 혼합, 또는 균등분포)에서 잠재 벡터 n개를 뽑습니다."""
        return sample_latent_tensor(
            n, self.latent_size, self.latent_codes, self.noise_seed, self.latent_prior
        )

    def state_variables(self) -> dict[str, list]:
        """체크포인트에 담을 변수 묶음: 두 모델, 두 옵티마이저, 잡음 난수 상태(와 평균 생성자)."""
        groups = {
            "generator": list(self.generator.variables),
            "discriminator": list(self.discriminator.variables),
            "g_optimizer": list(self.g_optimizer.variables),
            "d_optimizer": list(self.d_optimizer.variables),
            "noise_seed": [self.noise_seed.state],
        }
        if self.average_generator is not None:
            groups["average_generator"] = list(self.average_generator.variables)
        return groups

    def frozen_call(self, model: keras.Model, x):
        """변수를 읽기만 하고 쓰지 않는 호출(배치 정규화 이동 통계도 그대로 둡니다)."""
        trainable = [v.value for v in model.trainable_variables]
        non_trainable = [v.value for v in model.non_trainable_variables]
        outputs, _ = model.stateless_call(trainable, non_trainable, x, training=True)
        return outputs

    def generator_inputs(self, noise, condition=None):
        """생성자에 넣을 입력. 조건 없는 GAN은 z만 쓰고 조건은 무시합니다(조건부 GAN이 바꿉니다)."""
        return noise

    def discriminator_inputs(self, images, condition=None):
        """판별자에 넣을 입력. 조건 없는 GAN은 이미지만 씁니다(조건부 GAN이 바꿉니다)."""
        return images

    def real_logits(self, real_images, condition=None):
        """진짜 이미지의 로짓과 R1 페널티 E[‖∇ₓD(x)‖²] (r1_weight가 0이면 페널티는 계산하지 않고 0).

        배치 정규화가 샘플을 조금 섞지만, 로짓 합의 기울기를 샘플마다의 기울기로 씁니다.
        """
        if not self.r1_weight:
            inputs = self.discriminator_inputs(real_images, condition)
            return self.discriminator(inputs, training=True), 0.0
        real_images = ops.convert_to_tensor(real_images)
        with tf.GradientTape() as tape:
            tape.watch(real_images)
            inputs = self.discriminator_inputs(real_images, condition)
            logits = self.discriminator(inputs, training=True)
        gradients = tape.gradient(logits, real_images)
        pixel_axes = list(range(1, len(gradients.shape)))
        return logits, ops.mean(ops.sum(ops.square(gradients), axis=pixel_axes))

    def discriminator_step(self, real_images, condition=None):
        batch_size = ops.shape(real_images)[0]
        # 테이프 밖에서 만들므로 이 가짜 이미지에서 생성자 쪽으로 가는 기울기는 처음부터 없습니다.
        noise = self.sample_noise(batch_size)
        fake_images = self.frozen_call(self.generator, self.generator_inputs(noise, condition))
        with tf.GradientTape() as tape:
            real_logits, penalty = self.real_logits(real_images, condition)
            fake_logits = self.discriminator(
                self.discriminator_inputs(fake_images, condition), training=True
            )
            d_loss = minimax_discriminator_loss(real_logits, fake_logits)
            # 기록하는 d_loss는 GAN 손실만, 업데이트는 R1 페널티 γ/2·E[‖∇ₓD(x)‖²]까지 더해서
            total = d_loss + 0.5 * self.r1_weight * penalty
        variables = self.discriminator.trainable_variables
        self.d_optimizer.apply(tape.gradient(total, variables), variables)
        d_real = ops.mean(ops.sigmoid(real_logits))
        d_fake = ops.mean(ops.sigmoid(fake_logits))
        return d_loss, d_real, d_fake

    def generator_step(self, batch_size, condition=None):
        noise = self.sample_noise(batch_size)
        with tf.GradientTape() as tape:
            fake_images = self.generator(self.generator_inputs(noise, condition), training=True)
            fake_logits = self.frozen_call(
                self.discriminator, self.discriminator_inputs(fake_images, condition)
            )
            g_loss = self.generator_loss(fake_logits)
        variables = self.generator.trainable_variables
        self.g_optimizer.apply(tape.gradient(g_loss, variables), variables)
        return g_loss

    def train_step(self, data):
        """반복 한 번: 판별자 k번, 생성자 1번. 이번 반복의 지표를 돌려줍니다.

        data는 이미지 배치이거나 (이미지, 조건) 쌍입니다. 조건 없는 GAN은 조건(레이블)을 쓰지
        않습니다. 생성자 단계는 마지막 판별자 단계와 같은 조건을 씁니다.
        """
        real_images, condition, _ = keras.utils.unpack_x_y_sample_weight(data)
        batch_size = ops.shape(real_images)[0] // self.k_disc
        d_stats = []
        for i in range(self.k_disc):  # 그래프 안에서 k번 펼쳐집니다.
            chunk = slice(i * batch_size, (i + 1) * batch_size)
            chunk_condition = None if condition is None else condition[chunk]
            d_stats.append(self.discriminator_step(real_images[chunk], chunk_condition))
        g_loss = self.generator_step(batch_size, chunk_condition)
        if self.average_generator is not None:
            self.update_average()
        d_loss, d_real, d_fake = (ops.mean(ops.stack(s)) for s in zip(*d_stats, strict=True))
        return {"d_loss": d_loss, "g_loss": g_loss, "d_real": d_real, "d_fake": d_fake}

    def average_decay(self):
        """이번 반복의 감쇠 d_t = min(d, (1 + t)/(10 + t)), t는 끝낸 반복 수.

        처음 몇백 번은 평균이 빨리 따라오도록 감쇠를 줄입니다(TensorFlow의
        ExponentialMovingAverage와 같은 예열). 그러지 않으면 짧은 학습의 그림이 초기값에 머뭅니다.
        """
        t = ops.cast(self.g_optimizer.iterations, "float32")
        return ops.minimum(self.ema_decay, (1.0 + t) / (10.0 + t))

    def update_average(self) -> None:
        """평균 생성자를 한 걸음 옮깁니다: θ̄ ← d_t·θ̄ + (1 − d_t)·θ (배치 정규화의 이동 통계도 같이)."""
        decay = self.average_decay()
        pairs = zip(self.average_generator.variables, self.generator.variables, strict=True)
        for average, current in pairs:
            average.assign(decay * average + (1.0 - decay) * current)

    @property
    def sampler(self) -> keras.Model:
        """그림을 그리는 생성자: 지수 이동 평균이 있으면 그것, 없으면 학습 중인 생성자."""
        return self.average_generator if self.average_generator is not None else self.generator

    def generate(self, noise: np.ndarray, condition: np.ndarray | None = None) -> np.ndarray:
        """주어진 잠재 벡터(와 조건)로 추론 모드 이미지를 만들어 넘파이 배열로 돌려줍니다."""
        images = self.sampler(self.generator_inputs(noise, condition), training=False)
        return keras.ops.convert_to_numpy(images)


def _copy_of(model: keras.Model) -> keras.Model:
    """같은 구조, 같은 값의 새 모델(지수 이동 평균을 담을 곳). 학습되지 않습니다."""
    copy = keras.models.clone_model(model)
    copy.name = f"{model.name}_average"
    copy.set_weights(model.get_weights())
    copy.trainable = False
    return copy
