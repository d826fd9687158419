"""CycleGAN(Zhu et al., 2017)을 작게: 짝 없는 두 도메인, 손글씨 숫자(A)와 인쇄체 숫자(B) 사이의 변환.

짝지은 예("이 손글씨 7은 이 인쇄체 7")가 없어도 되게 하는 것이 순환 일관성입니다. 생성자 둘을 둡니다.

- G: A → B (손글씨 → 인쇄체), F: B → A (인쇄체 → 손글씨)
- 판별자 D_B는 진짜 인쇄체와 G(a)를, D_A는 진짜 손글씨와 F(b)를 가립니다(PatchGAN: 7×7 조각마다 점수).
- 순환 일관성 손실: F(G(a)) ≈ a, G(F(b)) ≈ b (L1, 계수 λ). 변환이 숫자를 바꾸면 되돌릴 수 없습니다.
- 동일성 손실: G(b) ≈ b, F(a) ≈ a (계수 λ/2). 이미 목표 도메인인 그림은 그대로 두게 합니다.
- 적대 손실은 최소제곱(LSGAN), 정규화는 인스턴스 정규화(GroupNormalization(groups=-1)),
  판별자는 최근에 만든 가짜 50장을 모아 둔 기록(history pool)에서 절반을 섞어 봅니다.

논문과 다른 점(README에 잰 값):

- 판별자가 숫자 레이블을 받습니다(기본; 조각마다 투영 항). 짝은 없어도 두 도메인 모두 레이블이 있어
  "이 숫자다운 손글씨인가"를 봅니다. 논문에는 없는 감독 신호입니다. 변환 생성자는 레이블을 받지 않아
  변환할 때는 그림만 있으면 됩니다. ``labels=False``(설정 ``d_labels=False``)면 논문처럼 보지 않습니다.
- λ = 3(논문 10), 학습률 1e-3(논문 2e-4), 미니배치 16(논문 1), 28×28 흑백(논문은 대개 256×256 컬러),
  첫 합성곱의 채널 16(기본 설정 ``filters``; 논문 64).
- 생성자: 한 번 줄이고 잔차 블록 2개(논문은 두 번 줄이고 6개나 9개), 키울 때 양선형 확대 + 합성곱
  (논문은 전치 합성곱), 가장자리 채우기는 0(논문의 생성자는 반사 채우기).
- 판별자: 보폭 2 합성곱 둘과 점수 합성곱 하나(점수 한 칸이 보는 조각 22×22, 논문은 256×256에서
  70×70). 가중치 초기화는 Keras 기본값(논문은 N(0, 0.02²)).
"""

from typing import TYPE_CHECKING

import keras
import numpy as np
import tensorflow as tf
from keras import layers, ops

from ..errors import GanTutorialError
from ..losses import least_squares_discriminator_loss, least_squares_generator_loss
from ..printed import printed_images
from ..training import GAN, METRIC_NAMES
from . import require_mnist_shape, training_args
from .cgan import NUM_CLASSES, digit_labels

if TYPE_CHECKING:
    from ..config import TrainConfig

__all__ = [
    "CYCLE_WEIGHT",
    "ConstantThenLinearDecay",
    "CycleGAN",
    "ImagePool",
    "build",
    "build_patch_discriminator",
    "build_translator",
]

CYCLE_WEIGHT = 3.0  # 순환 일관성 손실의 계수 λ (논문은 10, 여기서 잰 값은 README)
IDENTITY_WEIGHT = 0.5  # 동일성 손실의 계수: λ의 절반 (논문 값)
POOL_SIZE = 50  # 판별자가 보는 가짜 기록의 크기 (논문 값)
RESIDUAL_BLOCKS = 2


def _instance_norm() -> layers.Layer:
    return layers.GroupNormalization(groups=-1)  # 채널마다 따로: 인스턴스 정규화


def _residual(x, filters: int):
    h = layers.Conv2D(filters, 3, padding="same")(x)
    h = layers.ReLU()(_instance_norm()(h))
    h = _instance_norm()(layers.Conv2D(filters, 3, padding="same")(h))
    return layers.Add()([x, h])


def build_translator(name: str, filters: int, channels: int = 1) -> keras.Model:
    """28×28 → 28×28 변환 생성자: 한 번 줄이고, 잔차 블록 RESIDUAL_BLOCKS개, 다시 키웁니다.

    키울 때는 전치 합성곱 대신 양선형 확대 뒤 합성곱을 씁니다(획에 바둑판 무늬가 덜 생깁니다).
    """
    image = keras.Input((28, 28, channels), name="image")
    h = layers.ReLU()(_instance_norm()(layers.Conv2D(filters, 7, padding="same")(image)))
    h = layers.Conv2D(2 * filters, 3, strides=2, padding="same")(h)  # 14×14
    h = layers.ReLU()(_instance_norm()(h))
    for _ in range(RESIDUAL_BLOCKS):
        h = _residual(h, 2 * filters)
    h = layers.UpSampling2D(interpolation="bilinear")(h)  # 28×28
    h = layers.ReLU()(_instance_norm()(layers.Conv2D(filters, 3, padding="same")(h)))
    out = layers.Conv2D(channels, 7, padding="same", activation="tanh")(h)
    return keras.Model(image, out, name=name)


def build_patch_discriminator(
    name: str, filters: int, channels: int = 1, labels: bool = True
) -> keras.Model:
    """입력 {image, label} → 7×7개의 겹치는 조각마다 점수 w·φ + b + ⟨v_y, φ'⟩.

    앞 항은 PatchGAN 그대로 "진짜 같은 조각인가", 뒤 항은 레이블 y마다 배우는 벡터 v_y와 조각 특징의
    내적으로 "이 숫자의 조각다운가"를 봅니다(조건부 GAN 페이지의 투영 판별자를 조각마다 한 것).
    labels=False면 논문처럼 레이블을 보지 않는 판별자입니다(label 입력은 받되 쓰지 않고 앞 항만 냅니다).
    """
    image = keras.Input((28, 28, channels), name="image")
    label = keras.Input((), dtype="int32", name="label")
    h = layers.LeakyReLU(0.2)(layers.Conv2D(filters, 4, strides=2, padding="same")(image))
    h = layers.Conv2D(2 * filters, 4, strides=2, padding="same")(h)  # 7×7
    h = layers.LeakyReLU(0.2)(_instance_norm()(h))
    scores = layers.Conv2D(1, 4, padding="same")(h)  # 조각마다 점수 (시그모이드 없음: LSGAN)
    if not labels:
        return keras.Model({"image": image, "label": label}, scores, name=name)
    features = layers.Conv2D(2 * filters, 4, padding="same")(h)  # 조각마다 특징 φ'
    class_vector = layers.Embedding(NUM_CLASSES, 2 * filters, name="projection")(label)
    projection = ops.sum(features * class_vector[:, None, None, :], axis=-1, keepdims=True)
    return keras.Model({"image": image, "label": label}, scores + projection, name=name)


class ConstantThenLinearDecay(keras.optimizers.schedules.LearningRateSchedule):
    """논문의 학습률 일정: 앞 절반은 그대로, 뒤 절반은 일정한 비율로(선형으로) 0까지 줄입니다."""

    def __init__(self, rate: float, steps: int):
        self.rate, self.steps = rate, steps

    def __call__(self, step):
        half = self.steps // 2
        left = (self.steps - ops.cast(step, "float32")) / (self.steps - half)
        return self.rate * ops.clip(left, 0.0, 1.0)

    def get_config(self) -> dict:
        return {"rate": self.rate, "steps": self.steps}


class ImagePool:
    """판별자에게 보여 줄 가짜의 기록(Shrivastava et al., 2017). 변수에 담겨 체크포인트에 들어갑니다.

    채워지는 동안에는 새 가짜를 그대로 넣고 돌려줍니다. 다 차면 가짜마다 반반의 확률로, 그대로
    돌려주거나 기록의 무작위 한 장을 돌려주고 그 자리에 새 가짜를 넣습니다. 가짜의 레이블도 함께
    기록해, 판별자는 언제나 그림과 그 그림을 만든 레이블을 짝으로 봅니다.
    """

    def __init__(self, size: int, shape: tuple[int, ...], seed: keras.random.SeedGenerator):
        self.size = size
        self.images = keras.Variable(np.zeros((size, *shape), "float32"), trainable=False)
        self.labels = keras.Variable(np.zeros(size, "int32"), trainable=False)
        self.count = keras.Variable(0, dtype="int32", trainable=False)
        self.seed = seed

    def variables(self) -> list:
        return [self.images, self.labels, self.count]

    def query(self, fakes, labels):
        """가짜 n장과 그 레이블 → 판별자에게 보여 줄 n장과 그 레이블."""
        n = ops.shape(fakes)[0]
        full = self.count >= self.size
        slots = ops.where(
            full,
            keras.random.randint((n,), 0, self.size, seed=self.seed),
            ops.minimum(self.count + ops.arange(n, dtype="int32"), self.size - 1),
        )
        swap = ops.logical_or(
            ops.logical_not(full), keras.random.uniform((n,), seed=self.seed) < 0.5
        )
        from_pool = ops.logical_and(swap, full)
        stored = ops.take(self.images, slots, axis=0)
        stored_labels = ops.take(self.labels, slots, axis=0)
        mask = ops.reshape(swap, (-1, 1, 1, 1))
        shown = ops.where(ops.reshape(from_pool, (-1, 1, 1, 1)), stored, fakes)
        shown_labels = ops.where(from_pool, stored_labels, labels)
        kept = ops.where(mask, fakes, stored)
        kept_labels = ops.where(swap, labels, stored_labels)
        self.images.assign(tf.tensor_scatter_nd_update(self.images, slots[:, None], kept))
        self.labels.assign(tf.tensor_scatter_nd_update(self.labels, slots[:, None], kept_labels))
        self.count.assign(ops.minimum(self.count + n, self.size))
        return shown, shown_labels


class CycleGAN(GAN):
    """두 생성자(G: 손글씨 → 인쇄체, F: 인쇄체 → 손글씨)와 두 판별자를 함께 학습합니다.

    코어 GAN의 generator·discriminator 자리에는 F와 D_A(손글씨 쪽)를 둡니다. 그래서 진행 그림과
    ``sample``은 인쇄체 숫자를 손글씨로 바꾼 결과입니다. 데이터셋은 손글씨와 인쇄체를 레이블과 함께
    묶어 주지만 두 장은 짝이 아닙니다(인쇄체 숫자는 손글씨와 상관없이 뽑습니다).
    """

    grid_columns = 8
    metric_names = (*METRIC_NAMES, "cycle")  # cycle: 순환 일관성 손실(L1, 두 방향의 합)

    def __init__(
        self,
        to_printed: keras.Model,
        to_handwritten: keras.Model,
        printed_discriminator: keras.Model,
        handwritten_discriminator: keras.Model,
        cycle_weight: float = CYCLE_WEIGHT,
        seed: int = 0,
        **kwargs,
    ) -> None:
        super().__init__(to_handwritten, handwritten_discriminator, seed=seed, **kwargs)
        self.to_printed, self.printed_discriminator = to_printed, printed_discriminator
        self.cycle_weight = cycle_weight
        shape = tuple(to_printed.input_shape[1:])
        self.pools = {
            "printed": ImagePool(POOL_SIZE, shape, self.noise_seed),
            "handwritten": ImagePool(POOL_SIZE, shape, self.noise_seed),
        }

    @staticmethod
    def learning_rate_schedule(rate: float, steps: int) -> ConstantThenLinearDecay:
        return ConstantThenLinearDecay(rate, steps)

    def prepare(self, data, seed: int, fresh: bool) -> dict[str, np.ndarray]:
        """손글씨마다 짝이 아닌 인쇄체 한 장: 레이블을 손글씨와 상관없이 시드로 뽑아 그립니다."""
        labels = digit_labels(data.labels)
        printed, printed_labels = printed_images(len(data.images), seed=seed + 1)
        return {
            "printed": printed,
            "printed_label": printed_labels.astype("int32"),
            "label": labels,
        }

    @staticmethod
    def fixed_inputs(latent_size: int, seed: int) -> tuple[np.ndarray, None]:
        """진행 그림용 고정 입력: 0–9를 돌아가며 그린 인쇄체 숫자 64장."""
        return printed_images(64, seed=seed + 2, labels=np.arange(64) % 10)[0], None

    def sample_inputs(self, n: int, seed: int, condition: object = None) -> np.ndarray:
        """sample이 바꿀 인쇄체 숫자 n장(레이블은 sample_labels와 같은 0–9 순환이나 고른 숫자)."""
        return printed_images(n, seed=seed, labels=self.sample_labels(condition, n))[0]

    @staticmethod
    def sample_conditions(condition: object, n: int) -> None:
        return None

    @staticmethod
    def sample_labels(condition: object, n: int) -> np.ndarray:
        """바꿀 인쇄체 숫자의 레이블: --label이 있으면 그 숫자, 없으면 0–9를 돌아가며."""
        if condition is None:
            return np.arange(n) % 10
        if isinstance(condition, str) or not 0 <= int(condition) <= 9:
            raise GanTutorialError(f"--label {condition}: 0부터 9까지의 숫자를 쓰세요.")
        return np.full(n, int(condition))

    def state_variables(self) -> dict[str, list]:
        groups = super().state_variables()
        groups["to_printed"] = list(self.to_printed.variables)
        groups["printed_discriminator"] = list(self.printed_discriminator.variables)
        for name, pool in self.pools.items():
            groups[f"{name}_pool"] = pool.variables()
        return groups

    def compile(self, d_optimizer, g_optimizer, generator_loss=None) -> None:
        """두 판별자는 d_optimizer 하나, 두 생성자는 g_optimizer 하나로 함께 업데이트합니다."""
        keras.Model.compile(self)
        self.d_optimizer, self.g_optimizer = d_optimizer, g_optimizer
        d_optimizer.build(self._discriminator_variables())
        g_optimizer.build(self._generator_variables())

    def _generator_variables(self) -> list:
        return self.to_printed.trainable_variables + self.generator.trainable_variables

    def _discriminator_variables(self) -> list:
        return (
            self.printed_discriminator.trainable_variables + self.discriminator.trainable_variables
        )

    def translate(self, images, direction: str):
        """추론 모드 변환: direction은 "a2b"(손글씨 → 인쇄체) 또는 "b2a"(인쇄체 → 손글씨)."""
        model = {"a2b": self.to_printed, "b2a": self.generator}[direction]
        return keras.ops.convert_to_numpy(model(images, training=False))

    def generator_step(self, handwritten, printed, handwritten_labels, printed_labels):
        """두 생성자를 함께: 적대 손실 둘 + λ·순환 일관성 + λ/2·동일성.

        G(a)는 a의 레이블로, F(b)는 b의 레이블로 판별자에게 보입니다(숫자를 지킨 변환이어야 속습니다).
        """
        with tf.GradientTape() as tape:
            fake_printed = self.to_printed(handwritten, training=True)
            fake_handwritten = self.generator(printed, training=True)
            cycle = ops.mean(ops.abs(self.generator(fake_printed, training=True) - handwritten))
            cycle += ops.mean(ops.abs(self.to_printed(fake_handwritten, training=True) - printed))
            identity = ops.mean(ops.abs(self.generator(handwritten, training=True) - handwritten))
            identity += ops.mean(ops.abs(self.to_printed(printed, training=True) - printed))
            adversarial = least_squares_generator_loss(
                self.frozen_call(
                    self.printed_discriminator,
                    {"image": fake_printed, "label": handwritten_labels},
                )
            ) + least_squares_generator_loss(
                self.frozen_call(
                    self.discriminator, {"image": fake_handwritten, "label": printed_labels}
                )
            )
            g_loss = adversarial + self.cycle_weight * (cycle + IDENTITY_WEIGHT * identity)
        variables = self._generator_variables()
        self.g_optimizer.apply(tape.gradient(g_loss, variables), variables)
        return g_loss, cycle, fake_printed, fake_handwritten

    def discriminator_step(self, real: dict, fake: dict):
        """두 판별자를 함께: 진짜와, 기록에서 섞어 꺼낸 가짜로 최소제곱 손실.

        real과 fake는 도메인 이름("printed", "handwritten") → (그림, 레이블)입니다.
        """
        pairs = {
            "printed": self.printed_discriminator,
            "handwritten": self.discriminator,
        }
        with tf.GradientTape() as tape:
            real_scores, fake_scores = [], []
            for domain, discriminator in pairs.items():
                shown, shown_labels = self.pools[domain].query(*fake[domain])
                images, labels = real[domain]
                real_scores.append(discriminator({"image": images, "label": labels}, training=True))
                fake_scores.append(
                    discriminator({"image": shown, "label": shown_labels}, training=True)
                )
            d_loss = sum(
                least_squares_discriminator_loss(r, f)
                for r, f in zip(real_scores, fake_scores, strict=True)
            )
        variables = self._discriminator_variables()
        self.d_optimizer.apply(tape.gradient(d_loss, variables), variables)
        return (
            d_loss,
            ops.mean(ops.stack([ops.mean(r) for r in real_scores])),
            ops.mean(ops.stack([ops.mean(f) for f in fake_scores])),
        )

    def train_step(self, data):
        """반복 한 번: 생성자 둘을 먼저, 그다음 판별자 둘(논문의 구현 순서)."""
        handwritten, domains, _ = keras.utils.unpack_x_y_sample_weight(data)
        printed, labels, printed_labels = (
            domains["printed"],
            domains["label"],
            domains["printed_label"],
        )
        g_loss, cycle, fake_printed, fake_handwritten = self.generator_step(
            handwritten, printed, labels, printed_labels
        )
        # 가짜는 생성자 테이프 밖으로 나온 값이라, 판별자 손실의 기울기가 생성자로 흐르지 않습니다.
        # 가짜 인쇄체 G(a)의 레이블은 a의 것, 가짜 손글씨 F(b)의 레이블은 b의 것입니다.
        d_loss, d_real, d_fake = self.discriminator_step(
            real={"printed": (printed, printed_labels), "handwritten": (handwritten, labels)},
            fake={
                "printed": (fake_printed, labels),
                "handwritten": (fake_handwritten, printed_labels),
            },
        )
        return {
            "d_loss": d_loss,
            "g_loss": g_loss,
            "d_real": d_real,
            "d_fake": d_fake,
            "cycle": cycle,
        }


def build(config: "TrainConfig", shape: tuple[int, int, int]) -> CycleGAN:
    """설정대로 CycleGAN을 만듭니다(compile 전). 가족 등록부(``families``)가 부릅니다."""
    require_mnist_shape("CycleGAN", shape)
    discriminators = (
        build_patch_discriminator(name, config.filters, labels=config.d_labels)
        for name in ("printed_discriminator", "handwritten_discriminator")
    )
    return CycleGAN(
        build_translator("to_printed", config.filters),
        build_translator("to_handwritten", config.filters),
        *discriminators,
        cycle_weight=config.cycle_weight,
        **training_args(config),
    )
