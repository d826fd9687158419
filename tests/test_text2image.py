"""Text2Image: 텍스트 인코더 사전 학습, GAN-CLS 판별자 단계, GAN-INT 생성자 단계, 조건, 재개."""

import keras
import numpy as np
import pytest

from gan_tutorial.captions import HELD_OUT, Meaning, encode, parse
from gan_tutorial.config import TrainConfig
from gan_tutorial.data import MnistData
from gan_tutorial.errors import GanTutorialError
from gan_tutorial.families.text2image import (
    Text2ImageGAN,
    pretrain_text_encoder,
    pretraining_captions,
)
from gan_tutorial.lab.diagnostics import snapshot, variable_changes
from gan_tutorial.runner import build_gan, generate_samples, train

CONFIG = TrainConfig(model="text2image", filters=4, latent_size=8, batch_size=8)
WEIGHTS, STATS = "학습되는 가중치", "배치 정규화 이동 통계"


@pytest.fixture
def gan() -> Text2ImageGAN:
    keras.utils.set_random_seed(1)
    return build_gan(CONFIG)


def batch(n: int = 8) -> tuple[np.ndarray, np.ndarray]:
    images = np.random.default_rng(0).uniform(-1, 1, (n, 28, 28, 1)).astype("float32")
    right = encode([f"굵은 {i % 10}" for i in range(n)])
    wrong = encode([f"가는 {(i + 1) % 10}" for i in range(n)])
    return images, np.stack([right, wrong], axis=1)


def test_pretraining_never_says_the_held_out_combination(gan, monkeypatch):
    said = []

    def spy(texts):
        said.extend(texts)
        return encode(texts)

    monkeypatch.setattr("gan_tutorial.families.text2image.encode", spy)
    pretrain_text_encoder(gan.text_encoder, [Meaning(*HELD_OUT)] * 100, seed=0, epochs=1)
    meanings = [parse(text) for text in said]
    assert len(meanings) == 400 and Meaning(*HELD_OUT) not in meanings
    # 속성 하나씩은 여전히 말합니다: 굵은 4, 왼쪽으로 기운 4
    assert any(m.thickness == "굵은" for m in meanings)
    assert any(m.slant == "왼쪽으로 기운" for m in meanings)


def test_pretraining_captions_are_what_pretraining_reads(gan, monkeypatch):
    # 페이지는 pretraining_captions로 사전 학습 설명문을 셉니다: 사전 학습이 읽는 바로 그 설명문
    meanings = [Meaning(d % 10, "굵은", "왼쪽으로 기운") for d in range(20)]
    said = []

    def spy(texts):
        said.extend(texts)
        return encode(texts)

    monkeypatch.setattr("gan_tutorial.families.text2image.encode", spy)
    pretrain_text_encoder(gan.text_encoder, meanings, seed=3, epochs=1)
    assert said == pretraining_captions(meanings, seed=3)
    assert len(said) == 4 * len(meanings)


def test_pretrained_encoder_reads_meanings_and_synonyms_agree(gan):
    rng = np.random.default_rng(0)
    meanings = [
        Meaning(int(d), t, s)
        for d, t, s in zip(
            rng.integers(0, 10, 600),
            rng.choice(np.array([None, "굵은", "가는"], object), 600),
            rng.choice(np.array([None, "오른쪽으로 기운", "왼쪽으로 기운", "똑바른"], object), 600),
            strict=True,
        )
    ]
    accuracy = pretrain_text_encoder(gan.text_encoder, meanings, seed=0, epochs=8)
    assert min(accuracy.values()) > 0.95, accuracy
    assert not gan.text_encoder.trainable
    h = np.asarray(gan.encode(encode(["굵은 7", "두꺼운 7", "가는 7", "굵은 1"])))
    distance = lambda a, b: float(np.linalg.norm(h[a] - h[b]))  # noqa: E731
    assert distance(0, 1) < distance(0, 2) and distance(0, 1) < distance(0, 3)


def test_discriminator_step_changes_only_the_discriminator(gan):
    before = {name: snapshot(m) for name, m in (("g", gan.generator), ("t", gan.text_encoder))}
    d_before = snapshot(gan.discriminator)
    gan.discriminator_step(*batch())
    for name, model in (("g", gan.generator), ("t", gan.text_encoder)):
        changes = variable_changes(model, before[name])
        assert changes[WEIGHTS][0] == 0 and changes[STATS][0] == 0
    d_changes = variable_changes(gan.discriminator, d_before)
    assert d_changes[WEIGHTS][0] == d_changes[WEIGHTS][1]


def test_generator_step_changes_only_the_generator(gan):
    d_before, t_before = snapshot(gan.discriminator), snapshot(gan.text_encoder)
    g_before = snapshot(gan.generator)
    gan.generator_step(8, batch()[1])
    for model, before in ((gan.discriminator, d_before), (gan.text_encoder, t_before)):
        changes = variable_changes(model, before)
        assert changes[WEIGHTS][0] == 0 and changes[STATS][0] == 0
    g_changes = variable_changes(gan.generator, g_before)
    assert g_changes[WEIGHTS][0] == g_changes[WEIGHTS][1]


def test_generate_shapes_and_text_matters(gan):
    z = np.repeat(np.random.default_rng(0).standard_normal((1, 8)).astype("float32"), 2, axis=0)
    images = gan.generate(z, encode(["굵은 7", "가는 2"]))
    assert images.shape == (2, 28, 28, 1)
    assert np.abs(images[0] - images[1]).max() > 1e-4


def test_sample_conditions_and_labels():
    tokens = Text2ImageGAN.sample_conditions("가는 3", 4)
    np.testing.assert_array_equal(tokens, encode(["가는 3"] * 4))
    np.testing.assert_array_equal(Text2ImageGAN.sample_labels("가는 3", 2), [3, 3])
    np.testing.assert_array_equal(Text2ImageGAN.sample_labels(None, 11), [*range(10), 0])
    with pytest.raises(GanTutorialError, match="--text"):
        Text2ImageGAN.sample_conditions(7, 4)
    with pytest.raises(GanTutorialError, match="모르는 낱말"):
        Text2ImageGAN.sample_conditions("파란 7", 4)


@pytest.fixture(scope="module")
def digits() -> MnistData:
    rng = np.random.default_rng(0)
    images = rng.uniform(-1, 1, (64, 28, 28, 1)).astype("float32")
    return MnistData(images, np.arange(64) % 10, "테스트용 난수 이미지와 레이블")


def test_resume_equals_uninterrupted(tmp_path, digits):
    config = CONFIG.replace(steps=4, checkpoint_every=2, sample_every=2)
    kwargs = {"data": digits, "verbose": 0, "figures": False}
    straight = train(config, tmp_path / "straight", **kwargs)
    train(config.replace(steps=2), tmp_path / "split", **kwargs)
    resumed = train(config, tmp_path / "split", resume=True, **kwargs)
    for name in ("generator", "discriminator", "text_encoder"):
        for a, b in zip(
            getattr(straight.gan, name).variables, getattr(resumed.gan, name).variables, strict=True
        ):
            np.testing.assert_allclose(np.asarray(a), np.asarray(b), rtol=1e-5, atol=1e-6)
    assert resumed.samples()[4].shape == (100, 28, 28, 1)
    images, labels = generate_samples(tmp_path / "split", 3, condition="오른쪽으로 기운 5")
    assert images.shape == (3, 28, 28) and list(labels) == [5, 5, 5]
