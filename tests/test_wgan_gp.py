"""WGAN-GP: 손실과 경사 페널티의 값, 공개 구현에 흔한 버그 다섯 가지, 설정, 재개."""

import keras
import numpy as np
import pytest
import tensorflow as tf
from keras import layers

from gan_tutorial.config import TrainConfig
from gan_tutorial.data import MnistData
from gan_tutorial.errors import GanTutorialError
from gan_tutorial.families.wgan_gp import (
    build_critic,
    gradient_penalty,
    interpolation_weights,
)
from gan_tutorial.lab.diagnostics import snapshot, variable_changes
from gan_tutorial.losses import wasserstein_critic_loss, wasserstein_generator_loss
from gan_tutorial.runner import build_gan, generate_images, train

CONFIG = TrainConfig(model="wgan-gp", filters=4, latent_size=8, batch_size=4, steps=4)
WEIGHTS = "학습되는 가중치"


def linear_critic(weights: np.ndarray) -> keras.Model:
    """f(x) = Σ w·x: 어디서나 기울기가 w인 비평자."""
    model = keras.Sequential([keras.Input(weights.shape), layers.Flatten(), layers.Dense(1)])
    model.layers[-1].set_weights([weights.reshape(-1, 1), np.zeros(1, "float32")])
    return model


class HalfSquare(keras.Model):
    """f(x) = ½‖x‖²: 샘플마다 기울기가 x 자신이라 기울기 크기가 샘플마다 다릅니다."""

    def call(self, x, training=False):
        return 0.5 * keras.ops.sum(keras.ops.square(x), axis=(1, 2, 3))[:, None]


def test_wasserstein_losses_hand_computed():
    real, fake = tf.constant([[1.0], [3.0]]), tf.constant([[0.5], [-0.5]])
    assert float(wasserstein_critic_loss(real, fake)) == pytest.approx(0.0 - 2.0)
    assert float(wasserstein_generator_loss(fake)) == pytest.approx(0.0)
    assert float(wasserstein_generator_loss(tf.constant([[2.0], [4.0]]))) == pytest.approx(-3.0)


def test_penalty_uses_raw_scores_of_a_linear_critic():
    # ‖∇f‖ = ‖w‖ = 5 어디서나 → (5 − 1)² = 16. 시그모이드를 거친 점수라면 기울기가 1/4 이하입니다.
    w = np.zeros((2, 2, 1), "float32")
    w[0, 0, 0], w[1, 1, 0] = 3.0, 4.0
    real, fake = (
        np.random.default_rng(s).normal(size=(6, 2, 2, 1)).astype("float32") for s in (0, 1)
    )
    eps = np.random.default_rng(2).uniform(size=(6, 1, 1, 1)).astype("float32")
    penalty = gradient_penalty(linear_critic(w), real, fake, eps)
    assert float(penalty) == pytest.approx(16.0, rel=1e-5)


def test_penalty_norm_is_per_sample_over_all_pixel_axes():
    real = np.zeros((3, 2, 2, 1), "float32")
    real[0, 0, 0, 0] = 2.0  # ‖x‖ = 2
    real[1] = 0.5  # ‖x‖ = 1 (네 픽셀 모두 0.5)
    real[2, 1, 0, 0], real[2, 0, 1, 0] = 3.0, 4.0  # ‖x‖ = 5
    eps = np.ones((3, 1, 1, 1), "float32")  # x̂ = 진짜
    expected = np.mean([(2 - 1) ** 2, (1 - 1) ** 2, (5 - 1) ** 2])  # 17/3
    penalty = gradient_penalty(HalfSquare(), real, np.zeros_like(real), eps)
    assert float(penalty) == pytest.approx(expected, rel=1e-5)


def test_penalty_matches_finite_differences():
    keras.utils.set_random_seed(0)
    critic = build_critic((6, 6, 1), filters=4)
    rng = np.random.default_rng(0)
    x = rng.uniform(-1, 1, (3, 6, 6, 1))
    h = 1e-3
    norms = []
    for sample in x:
        grad = np.zeros(sample.size)
        for i in range(sample.size):
            step = np.zeros(sample.size)
            step[i] = h
            up, down = (sample + s.reshape(sample.shape) for s in (step, -step))
            scores = critic(np.stack([up, down]).astype("float32")).numpy()[:, 0]
            grad[i] = (scores[0] - scores[1]) / (2 * h)
        norms.append(np.linalg.norm(grad))
    expected = np.mean((np.array(norms) - 1.0) ** 2)
    x = x.astype("float32")
    penalty = gradient_penalty(critic, x, np.zeros_like(x), np.ones((3, 1, 1, 1), "float32"))
    assert float(penalty) == pytest.approx(expected, rel=2e-3)


def test_zero_gradient_gives_no_nan():
    critic = linear_critic(np.zeros((2, 2, 1), "float32"))  # 기울기 0
    x = np.ones((4, 2, 2, 1), "float32")
    with tf.GradientTape() as tape:
        penalty = gradient_penalty(critic, x, -x, np.full((4, 1, 1, 1), 0.3, "float32"))
    kernel_gradient = tape.gradient(penalty, critic.layers[-1].kernel)
    assert float(penalty) == pytest.approx(1.0, abs=1e-5)  # (0 − 1)²
    assert np.isfinite(np.asarray(kernel_gradient)).all()


def test_interpolation_weight_is_uniform_per_sample():
    eps = np.asarray(interpolation_weights(4000, 4, keras.random.SeedGenerator(0)))
    assert eps.shape == (4000, 1, 1, 1)  # 샘플마다 하나, 모든 픽셀에 같은 값
    assert eps.min() >= 0.0 and eps.max() <= 1.0  # 정규분포라면 음수와 1 초과가 나옵니다
    assert eps.mean() == pytest.approx(0.5, abs=0.02)
    assert eps.var() == pytest.approx(1 / 12, abs=0.01)


def test_critic_has_no_batch_norm_and_no_sigmoid():
    critic = build_gan(CONFIG).discriminator
    kinds = {type(layer).__name__ for layer in critic.layers}
    assert "BatchNormalization" not in kinds
    assert critic.layers[-1].get_config()["activation"] == "linear"


def test_defaults_follow_the_paper_except_the_measured_learning_rate():
    config = TrainConfig(model="wgan-gp")
    assert (config.k_disc, config.loss) == (5, "wasserstein")
    gan = build_gan(config)
    for optimizer in (gan.d_optimizer, gan.g_optimizer):
        assert float(optimizer.learning_rate) == pytest.approx(1e-3)
        assert (optimizer.beta_1, optimizer.beta_2) == (0.0, 0.9)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"model": "wgan-gp", "loss": "non-saturating"}, "wasserstein"),
        ({"loss": "wasserstein"}, "wgan-gp"),
    ],
)
def test_loss_must_match_the_model(changes, message):
    with pytest.raises(GanTutorialError, match=message):
        TrainConfig(**changes)


def test_every_critic_step_gets_a_fresh_real_minibatch():
    keras.utils.set_random_seed(0)
    gan = build_gan(CONFIG)
    seen = []
    original = gan.discriminator_step

    def record(real_images, condition=None):
        seen.append(np.asarray(real_images))
        return original(real_images, condition)

    gan.discriminator_step = record
    batch = np.random.default_rng(0).uniform(-1, 1, (5 * 4, 28, 28, 1)).astype("float32")
    gan.train_step(tf.constant(batch))
    assert len(seen) == 5  # n_critic = 5
    np.testing.assert_array_equal(np.concatenate(seen), batch)  # 겹치지 않는 다섯 묶음


def test_critic_step_moves_only_the_critic_and_generator_step_only_the_generator():
    keras.utils.set_random_seed(0)
    gan = build_gan(CONFIG)
    real = tf.constant(np.random.default_rng(0).uniform(-1, 1, (4, 28, 28, 1)).astype("float32"))
    for step, moved in (
        (lambda: gan.discriminator_step(real), "d"),
        (lambda: gan.generator_step(4), "g"),
    ):
        before = {"g": snapshot(gan.generator), "d": snapshot(gan.discriminator)}
        step()
        changes = {
            "g": variable_changes(gan.generator, before["g"])[WEIGHTS][0],
            "d": variable_changes(gan.discriminator, before["d"])[WEIGHTS][0],
        }
        assert {name for name, count in changes.items() if count} == {moved}


def test_resume_equals_one_run_and_sample_works(tmp_path):
    rng = np.random.default_rng(0)
    data = MnistData(rng.uniform(-1, 1, (64, 28, 28, 1)).astype("float32"), np.arange(64) % 10, "")
    config = CONFIG.replace(checkpoint_every=1, sample_every=2)
    kwargs = {"data": data, "verbose": 0}
    straight = train(config, tmp_path / "straight", figures=False, **kwargs)
    train(config.replace(steps=2), tmp_path / "split", figures=False, **kwargs)
    resumed = train(config, tmp_path / "split", resume=True, **kwargs)
    for a, b in zip(straight.gan.variables, resumed.gan.variables, strict=True):
        np.testing.assert_allclose(np.asarray(a), np.asarray(b), rtol=1e-5, atol=1e-6)
    assert resumed.gan.step == 4 and int(resumed.gan.d_optimizer.iterations.numpy()) == 20
    assert (tmp_path / "split" / "wasserstein.png").exists()
    assert not (tmp_path / "split" / "d_outputs.png").exists()  # 점수는 확률이 아닙니다
    assert generate_images(tmp_path / "split", 3).shape == (3, 28, 28)
