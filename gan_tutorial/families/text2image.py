"""Text2Image를 작게(Reed et al. 2016): 한국어 설명문("굵고 왼쪽으로 기운 4")으로 숫자를 그립니다.

조건부 GAN의 레이블 자리에 설명문이 들어갑니다. 세 부분으로 되어 있습니다.

1. 텍스트 인코더(text encoder): 설명문의 낱말 번호 → 문장 벡터 h. 낱말 임베딩의 평균을 두 층에
   통과시킵니다. GAN보다 먼저, 설명문만 보고 그 뜻(숫자, 굵기, 기울기)을 맞히도록 학습한 뒤 얼려
   둡니다. 뜻이 같은 다른 표현("굵은"과 "두꺼운")은 가까운 벡터가 됩니다.
2. 생성자 G(z, h): h를 z 옆에 붙여 DCGAN 생성자에 넣습니다(조건부 GAN과 같은 구조).
3. 짝을 따지는 판별자(matching-aware discriminator) D(x, h): 투영 판별자에 h를 넣습니다.

학습은 원 논문의 두 가지 기법을 따릅니다.

- GAN-CLS: 판별자는 (진짜 이미지, 맞는 설명문)만 진짜로, (가짜 이미지, 맞는 설명문)과 함께
  (진짜 이미지, 틀린 설명문)도 가짜로 배웁니다. 그래야 이미지가 설명문과 맞는지를 봅니다.
- GAN-INT: 생성자는 두 설명문 벡터의 가운데 (h₁ + h₂)/2로도 판별자를 속여야 합니다. 실제로 쓰인
  적 없는 설명문 사이의 공간까지 학습에 쓰여, 조건 공간이 매끄러워집니다.
"""

from typing import TYPE_CHECKING

import keras
import numpy as np
import tensorflow as tf
from keras import layers, ops

from ..captions import (
    MAX_WORDS,
    SLANTS,
    THICKNESSES,
    VOCABULARY,
    Meaning,
    caption_pairs,
    encode,
    hide_held_out,
    image_meanings,
    parse,
    write_caption,
)
from ..errors import GanTutorialError
from ..losses import gan_cls_discriminator_loss
from ..training import GAN
from . import training_args
from .cgan import conditional_generator, digit_labels, projection_discriminator

if TYPE_CHECKING:
    from ..config import TrainConfig

__all__ = [
    "TEXT_SIZE",
    "Text2ImageGAN",
    "build",
    "build_text2image_discriminator",
    "build_text2image_generator",
    "build_text_encoder",
    "gan_cls_discriminator_update",
    "pretrain_text_encoder",
    "pretraining_captions",
]

TEXT_SIZE = 32  # 문장 벡터 h의 길이
WORD_SIZE = 32  # 낱말 임베딩의 길이
# 인코더가 맞히는 뜻: 숫자 10, 굵기 3(말 안 함/굵은/가는), 기울기 4(말 안 함/오른쪽/왼쪽/똑바른)
MEANING_HEADS = {"digit": 10, "thickness": 3, "slant": 4}
SAMPLE_TEXTS = [str(d) for d in range(10)]  # --text를 주지 않았을 때 돌아가며 쓸 설명문


def build_text_encoder() -> keras.Model:
    """(N, MAX_WORDS) 낱말 번호 → (N, TEXT_SIZE) 문장 벡터. 빈칸(0)은 평균에서 뺍니다."""
    tokens = keras.Input((MAX_WORDS,), dtype="int32", name="tokens")
    words = layers.Embedding(len(VOCABULARY), WORD_SIZE, mask_zero=True, name="words")(tokens)
    average = layers.GlobalAveragePooling1D()(words)
    hidden = layers.Dense(64, activation="relu")(average)
    return keras.Model(
        tokens, layers.Dense(TEXT_SIZE, name="sentence")(hidden), name="text_encoder"
    )


def _meaning_targets(meanings: list[Meaning]) -> dict[str, np.ndarray]:
    return {
        "digit": np.array([m.digit for m in meanings]),
        "thickness": np.array([THICKNESSES.index(m.thickness) for m in meanings]),
        "slant": np.array([SLANTS.index(m.slant) for m in meanings]),
    }


def pretraining_captions(meanings: list[Meaning], seed: int) -> list[str]:
    """인코더의 사전 학습 설명문: 이미지의 뜻마다 표현을 네 개씩 새로 뽑습니다.

    GAN의 설명문(caption_pairs)처럼 HELD_OUT 조합은 속성 하나를 빼고 쓰므로, 인코더도 그 조합을
    말하는 설명문을 보지 않습니다.
    """
    rng = np.random.default_rng(seed)
    return [write_caption(hide_held_out(m, rng), rng) for m in meanings for _ in range(4)]


def pretrain_text_encoder(
    encoder: keras.Model, meanings: list[Meaning], seed: int, epochs: int = 3
) -> dict[str, float]:
    """설명문만 보고 그 뜻 세 가지를 맞히도록 인코더를 학습합니다. 뜻마다의 정확도를 돌려줍니다.

    설명문은 pretraining_captions가 씁니다. 이미지의 뜻마다 표현을 네 개씩 새로 뽑아 쓰므로,
    인코더는 문장이 아니라 낱말을 배웁니다. 설명문이 말하지 않은 속성의 정답은 '말 안 함'입니다.
    """
    texts = pretraining_captions(meanings, seed)
    tokens = encode(texts)
    targets = _meaning_targets([parse(text) for text in texts])  # 설명문이 실제로 말한 뜻
    h = encoder.output
    heads = {name: layers.Dense(n, name=name)(h) for name, n in MEANING_HEADS.items()}
    model = keras.Model(encoder.input, heads)
    model.compile(
        keras.optimizers.Adam(3e-3),
        loss={k: keras.losses.SparseCategoricalCrossentropy(from_logits=True) for k in heads},
        metrics={k: ["accuracy"] for k in heads},
    )
    history = model.fit(tokens, targets, batch_size=256, epochs=epochs, verbose=0, shuffle=True)
    encoder.trainable = False
    return {k: float(history.history[f"{k}_accuracy"][-1]) for k in heads}


def build_text2image_generator(
    image_shape: tuple[int, int, int], latent_size: int = 100, filters: int = 32
) -> keras.Model:
    """입력 {z, text(문장 벡터 h)} → 이미지."""
    text = keras.Input((TEXT_SIZE,), name="text")
    compressed = layers.Dense(TEXT_SIZE, name="text_projection")(text)
    vector = layers.LeakyReLU(negative_slope=0.2)(compressed)
    return conditional_generator(image_shape, latent_size, filters, text, vector, "t2i_generator")


def build_text2image_discriminator(
    image_shape: tuple[int, int, int], filters: int = 32
) -> keras.Model:
    """입력 {image, text} → 로짓. 투영 항 ⟨V h, φ(x)⟩로 이미지와 설명문이 맞는지 봅니다."""
    text = keras.Input((TEXT_SIZE,), name="text")
    return projection_discriminator(
        image_shape,
        filters,
        text,
        lambda units: layers.Dense(units, use_bias=False, name="projection"),  # V
        "t2i_discriminator",
    )


def gan_cls_discriminator_update(
    discriminator: keras.Model, optimizer, real_images, fake_images, right, wrong
):
    """짝을 따지는 판별자(GAN-CLS) 업데이트 한 번. (손실, 진짜 짝 로짓, 가짜 로짓)을 돌려줍니다.

    (진짜, 맞는 글)은 진짜로, (진짜, 틀린 글)과 (가짜, 맞는 글)은 가짜로 배웁니다.
    """
    with tf.GradientTape() as tape:
        real = discriminator({"image": real_images, "text": right}, training=True)
        mismatched = discriminator({"image": real_images, "text": wrong}, training=True)
        fake = discriminator({"image": fake_images, "text": right}, training=True)
        d_loss = gan_cls_discriminator_loss(real, mismatched, fake)
    variables = discriminator.trainable_variables
    optimizer.apply(tape.gradient(d_loss, variables), variables)
    return d_loss, real, fake


class Text2ImageGAN(GAN):
    """설명문 조건의 GAN: GAN-CLS 판별자 단계와 GAN-INT 생성자 단계."""

    grid_columns = 10

    def __init__(self, generator, discriminator, text_encoder: keras.Model, **kwargs) -> None:
        super().__init__(generator, discriminator, **kwargs)
        self.text_encoder = text_encoder

    def state_variables(self) -> dict[str, list]:
        return {**super().state_variables(), "text_encoder": list(self.text_encoder.variables)}

    def encode(self, tokens):
        """낱말 번호 → 문장 벡터 h (얼린 인코더)."""
        return self.text_encoder(ops.convert_to_tensor(tokens), training=False)

    def generator_inputs(self, noise, condition=None):
        return {"z": ops.convert_to_tensor(noise), "text": self.encode(condition)}

    def discriminator_step(self, real_images, condition=None):
        right, wrong = self.encode(condition[:, 0]), self.encode(condition[:, 1])
        real_images = ops.convert_to_tensor(real_images)
        noise = self.sample_noise(ops.shape(real_images)[0])
        fake_images = self.frozen_call(self.generator, {"z": noise, "text": right})
        d_loss, real, fake = gan_cls_discriminator_update(
            self.discriminator, self.d_optimizer, real_images, fake_images, right, wrong
        )
        return d_loss, ops.mean(ops.sigmoid(real)), ops.mean(ops.sigmoid(fake))

    def generator_step(self, batch_size, condition=None):
        right = self.encode(condition[:, 0])
        between = 0.5 * (right + ops.roll(right, 1, axis=0))  # GAN-INT: 두 설명문의 가운데
        text = ops.concatenate([right, between], axis=0)
        noise = self.sample_noise(2 * batch_size)
        with tf.GradientTape() as tape:
            fake_images = self.generator({"z": noise, "text": text}, training=True)
            fake_logits = self.frozen_call(self.discriminator, {"image": fake_images, "text": text})
            g_loss = self.generator_loss(fake_logits)
        variables = self.generator.trainable_variables
        self.g_optimizer.apply(tape.gradient(g_loss, variables), variables)
        return g_loss

    def prepare(self, data, seed: int, fresh: bool) -> np.ndarray:
        """이미지마다 (맞는, 틀린) 설명문의 낱말 번호 (N, 2, MAX_WORDS). 새 학습이면 인코더도 학습합니다."""
        meanings = image_meanings(data.images, digit_labels(data.labels))
        if fresh:
            pretrain_text_encoder(self.text_encoder, meanings, seed)
        self.text_encoder.trainable = False
        right, wrong = caption_pairs(meanings, seed)
        return np.stack([encode(right), encode(wrong)], axis=1)

    @staticmethod
    def fixed_inputs(latent_size: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
        """진행 그림용 고정 입력 10×10: 줄마다 설명문 "0"–"9", 열마다 같은 z."""
        z = np.random.default_rng(seed).standard_normal((10, latent_size), "float32")
        return np.tile(z, (10, 1)), encode(np.repeat(SAMPLE_TEXTS, 10).tolist())

    @staticmethod
    def sample_conditions(condition: object, n: int) -> np.ndarray:
        """샘플 n장의 설명문 낱말 번호: 설명문 하나를 모두에, 없으면 "0"–"9"를 돌아가며."""
        if condition is None:
            return encode([SAMPLE_TEXTS[i % 10] for i in range(n)])
        if not isinstance(condition, str):
            raise GanTutorialError(
                "이 모델은 설명문(--text)으로 조건을 받습니다. --label 대신 --text를 쓰세요."
            )
        return encode([condition] * n)

    @staticmethod
    def sample_labels(condition: object, n: int) -> np.ndarray:
        """샘플마다 설명문이 말하는 숫자 (평가기의 레이블 일치도용)."""
        texts = [SAMPLE_TEXTS[i % 10] for i in range(n)] if condition is None else [condition] * n
        return np.array([parse(t).digit for t in texts], np.int32)


def build(config: "TrainConfig", shape: tuple[int, int, int]) -> Text2ImageGAN:
    """설정대로 Text2Image GAN을 만듭니다(compile 전). 가족 등록부(``families``)가 부릅니다."""
    return Text2ImageGAN(
        build_text2image_generator(shape, config.latent_size, config.filters),
        build_text2image_discriminator(shape, config.filters),
        build_text_encoder(),
        **training_args(config),
    )
