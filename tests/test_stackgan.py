"""StackGAN: 조건 증강과 KL 항, 두 단계의 모양, 단계마다 바뀌는 변수, 단계 번호, 재개."""

import math

import keras
import numpy as np
import pytest
import tensorflow as tf

from gan_tutorial.captions import encode
from gan_tutorial.config import TrainConfig
from gan_tutorial.data import MnistData
from gan_tutorial.errors import GanTutorialError
from gan_tutorial.families.stackgan import (
    CONDITION_SIZE,
    ConditioningAugmentation,
    StackGAN,
)
from gan_tutorial.families.text2image import TEXT_SIZE
from gan_tutorial.lab.diagnostics import snapshot, variable_changes
from gan_tutorial.losses import kl_to_standard_normal
from gan_tutorial.runner import build_gan, generate_samples, train

CONFIG = TrainConfig(
    model="stackgan", filters=4, latent_size=8, batch_size=8, steps=4, stage_one_steps=2
)
WEIGHTS = "학습되는 가중치"


def test_kl_hand_computed():
    # μ = (1, 0), log σ² = (0, ln 2): ½[(1 + 1 − 0 − 1) + (0 + 2 − ln 2 − 1)] = 1 − ½ ln 2
    kl = kl_to_standard_normal(tf.constant([[1.0, 0.0]]), tf.constant([[0.0, math.log(2.0)]]))
    assert float(kl) == pytest.approx(1 - 0.5 * math.log(2), rel=1e-6)
    zero = kl_to_standard_normal(tf.zeros((3, 4)), tf.zeros((3, 4)))
    assert float(zero) == pytest.approx(0.0, abs=1e-7)  # 이미 표준 정규분포


def test_conditioning_augmentation_samples_around_mu():
    layer = ConditioningAugmentation(seed=3)
    h = np.repeat(np.random.default_rng(0).standard_normal((1, TEXT_SIZE)), 4000, axis=0)
    c, mu, log_var = (np.asarray(t) for t in layer(h.astype("float32"), training=True))
    assert c.shape == mu.shape == log_var.shape == (4000, CONDITION_SIZE)
    np.testing.assert_allclose(c.mean(axis=0), mu[0], atol=0.1)
    np.testing.assert_allclose(c.std(axis=0), np.exp(0.5 * log_var[0]), rtol=0.1)
    inference, mu_again, _ = (np.asarray(t) for t in layer(h[:2].astype("float32")))
    np.testing.assert_array_equal(inference, mu_again)  # 추론 모드: ĉ = μ


def tokens(n: int = 8) -> np.ndarray:
    right = encode([f"굵은 {i % 10}" for i in range(n)])
    wrong = encode([f"가는 {(i + 1) % 10}" for i in range(n)])
    return np.stack([right, wrong], axis=1)


def images(n: int = 8) -> np.ndarray:
    return np.random.default_rng(0).uniform(-1, 1, (n, 28, 28, 1)).astype("float32")


@pytest.fixture
def gan() -> StackGAN:
    keras.utils.set_random_seed(2)
    return build_gan(CONFIG)


def stage_models(gan):
    return {
        "g1": gan.stage_one_generator,
        "d1": gan.stage_one_discriminator,
        "g2": gan.generator,
        "d2": gan.discriminator,
        "text": gan.text_encoder,
    }


def changed(gan, before) -> dict[str, int]:
    """모델마다 바뀐 학습 가중치의 수."""
    return {
        name: variable_changes(model, before[name])[WEIGHTS][0]
        for name, model in stage_models(gan).items()
    }


def test_first_stage_one_then_stage_two(gan):
    for step, active in ((1, {"g1", "d1"}), (2, {"g1", "d1"}), (3, {"g2", "d2"})):
        before = {name: snapshot(model) for name, model in stage_models(gan).items()}
        gan.train_on_batch(images(), tokens())
        assert gan.step == step
        moved = {name for name, count in changed(gan, before).items() if count}
        assert moved == active, (step, moved)
        frozen = set(stage_models(gan)) - active
        for name in frozen:  # 얼린 쪽은 배치 정규화 이동 통계까지 그대로
            after = snapshot(stage_models(gan)[name])
            assert all(np.array_equal(a, b) for a, b in zip(before[name], after, strict=True))


def test_generate_stages(gan):
    z = np.random.default_rng(0).standard_normal((3, 8)).astype("float32")
    condition = encode(["굵은 7"] * 3)
    sketch = np.asarray(gan.sketch(z, gan.encode(condition)))
    assert sketch.shape == (3, 14, 14, 1)
    one, two = gan.generate(z, condition, stage=1), gan.generate(z, condition, stage=2)
    assert one.shape == two.shape == (3, 28, 28, 1)
    # 늘린 밑그림의 2×2 평균은 원래 밑그림과 거의 같습니다(양선형 보간).
    pooled = one.reshape(3, 14, 2, 14, 2, 1).mean(axis=(2, 4))
    assert np.abs(pooled - sketch)[:, 2:-2, 2:-2].max() < 0.15
    np.testing.assert_array_equal(gan.generate(z, condition), one)  # 아직 Stage I 학습 중
    with pytest.raises(GanTutorialError, match="1\\(밑그림\\) 또는 2"):
        gan.generate(z, condition, stage=3)


@pytest.mark.parametrize(
    ("changes", "message"),
    [({"k_disc": 2}, "k_disc=2: stackgan"), ({"stage_one_steps": 4}, "stage_one_steps")],
)
def test_config_rules(changes, message):
    with pytest.raises(GanTutorialError, match=message):
        CONFIG.replace(**changes)


def test_resume_across_the_stage_boundary_equals_one_run(tmp_path):
    rng = np.random.default_rng(0)
    data = MnistData(rng.uniform(-1, 1, (64, 28, 28, 1)).astype("float32"), np.arange(64) % 10, "")
    config = CONFIG.replace(steps=4, checkpoint_every=1, sample_every=2)
    kwargs = {"data": data, "verbose": 0, "figures": False}
    straight = train(config, tmp_path / "straight", **kwargs)
    train(config.replace(steps=3), tmp_path / "split", **kwargs)
    resumed = train(config, tmp_path / "split", resume=True, **kwargs)
    for a, b in zip(straight.gan.variables, resumed.gan.variables, strict=True):
        np.testing.assert_allclose(np.asarray(a), np.asarray(b), rtol=1e-5, atol=1e-6)
    assert resumed.gan.step == 4
    for stage in (1, 2):
        pictures, labels = generate_samples(tmp_path / "split", 2, condition="가는 3", stage=stage)
        assert pictures.shape == (2, 28, 28) and list(labels) == [3, 3]
