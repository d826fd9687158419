"""DCGAN 기본 학습법의 두 장치: R1 페널티과 생성자 가중치의 지수 이동 평균(EMA)."""

import keras
import numpy as np
import pytest
from keras import layers

from gan_tutorial.config import TrainConfig
from gan_tutorial.errors import GanTutorialError
from gan_tutorial.runner import build_gan
from gan_tutorial.training import GAN

WEIGHT = np.array([1.0, 2.0, 2.0, 4.0], "float32")  # ‖w‖² = 1 + 4 + 4 + 16 = 25


def linear_gan(r1_weight: float, ema_decay: float = 0.0) -> GAN:
    """2×2 이미지의 선형 판별자 D(x) = w·x + b: 어느 x에서나 ∇ₓD = w."""
    keras.utils.set_random_seed(0)
    generator = keras.Sequential(
        [keras.Input((3,)), layers.Dense(4, activation="tanh"), layers.Reshape((2, 2, 1))]
    )
    discriminator = keras.Sequential([keras.Input((2, 2, 1)), layers.Flatten(), layers.Dense(1)])
    discriminator.layers[-1].set_weights([WEIGHT[:, None], np.zeros(1, "float32")])
    gan = GAN(generator, discriminator, latent_size=3, r1_weight=r1_weight, ema_decay=ema_decay)
    gan.compile(keras.optimizers.SGD(0.1), keras.optimizers.SGD(0.1))
    return gan


REAL = np.random.default_rng(1).uniform(-1, 1, (6, 2, 2, 1)).astype("float32")


def test_r1_penalty_is_squared_gradient_norm_of_real_logits():
    logits, penalty = linear_gan(r1_weight=1.0).real_logits(REAL)
    assert float(penalty) == pytest.approx(25.0)
    np.testing.assert_allclose(np.asarray(logits)[:, 0], REAL.reshape(6, 4) @ WEIGHT, rtol=1e-6)


@pytest.mark.parametrize("gamma", [1.0, 4.0])
def test_r1_adds_gamma_times_w_to_the_discriminator_gradient(gamma):
    """γ/2·‖w‖²의 기울기는 γ·w: SGD(0.1) 한 걸음의 차이가 정확히 −0.1·γ·w입니다."""
    plain, penalized = linear_gan(0.0), linear_gan(gamma)  # 같은 시드: 같은 가짜 이미지
    plain.discriminator_step(REAL)
    penalized.discriminator_step(REAL)
    difference = (
        penalized.discriminator.layers[-1].kernel.numpy()[:, 0]
        - (plain.discriminator.layers[-1].kernel.numpy()[:, 0])
    )
    np.testing.assert_allclose(difference, -0.1 * gamma * WEIGHT, rtol=1e-5, atol=1e-6)


def test_without_r1_the_penalty_is_not_computed():
    assert linear_gan(0.0).real_logits(REAL)[1] == 0.0


@pytest.mark.parametrize(("ema_decay", "steps"), [(0.9, 1), (0.9, 3), (0.2, 3), (0.999, 200)])
def test_average_generator_follows_the_warmed_up_moving_average(ema_decay, steps):
    """반복 t(1부터)의 감쇠는 min(d, (1 + t)/(10 + t)): 0.18, 0.25, 0.31, … 뒤로 d."""
    gan = linear_gan(0.0, ema_decay=ema_decay)
    expected = [v.numpy() for v in gan.generator.variables]
    np.testing.assert_array_equal(gan.average_generator.variables[0].numpy(), expected[0])
    for t in range(1, steps + 1):
        gan.train_on_batch(REAL)
        decay = min(ema_decay, (1 + t) / (10 + t))
        current = [v.numpy() for v in gan.generator.variables]
        expected = [decay * e + (1 - decay) * c for e, c in zip(expected, current, strict=True)]
    for average, value, now in zip(gan.average_generator.variables, expected, current, strict=True):
        assert not np.allclose(value, now)  # 평균은 지금 가중치와 다르고
        np.testing.assert_allclose(average.numpy(), value, rtol=1e-4, atol=1e-6)


def test_average_generator_is_not_trained_and_draws_the_samples():
    gan = linear_gan(0.0, ema_decay=0.9)
    assert gan.average_generator.trainable_variables == []
    trained = {id(v) for v in gan.g_optimizer.variables}
    assert not trained & {id(v) for v in gan.average_generator.variables}
    gan.train_on_batch(REAL)
    z = np.random.default_rng(2).standard_normal((5, 3)).astype("float32")
    expected = gan.average_generator(z, training=False).numpy()
    np.testing.assert_allclose(gan.generate(z), expected, rtol=1e-6)
    assert not np.allclose(gan.generate(z), gan.generator(z, training=False).numpy())


def test_dcgan_batchnorm_statistics_are_averaged_too():
    keras.utils.set_random_seed(0)
    gan = build_gan(TrainConfig(model="dcgan", filters=4, latent_size=8, ema_decay=0.1))
    stats = [v for v in gan.generator.non_trainable_variables if "moving_mean" in v.path]
    average = {v.path.split("/", 1)[1]: v for v in gan.average_generator.variables}
    before = [v.numpy() for v in stats]
    images = np.random.default_rng(0).uniform(-1, 1, (32, 28, 28, 1)).astype("float32")
    gan.train_on_batch(images)
    for variable, old in zip(stats, before, strict=True):
        mirrored = average[variable.path.split("/", 1)[1]].numpy()
        np.testing.assert_allclose(mirrored, 0.1 * old + 0.9 * variable.numpy(), atol=1e-6)


def test_dcgan_defaults_use_r1_and_average():
    config = TrainConfig()
    assert (config.model, config.batch_size, config.r1_weight, config.ema_decay) == (
        "dcgan", 32, 1.0, 0.995,
    )  # fmt: skip
    assert TrainConfig(model="mlp").r1_weight == 0.0
    assert build_gan(TrainConfig(model="mlp")).average_generator is None


@pytest.mark.parametrize(
    ("changes", "words"),
    [
        ({"model": "cgan", "r1_weight": 1.0}, "--r1"),
        ({"model": "wgan-gp", "ema_decay": 0.99}, "mlp, dcgan"),
        ({"ema_decay": 1.0}, "ema_decay"),
        ({"r1_weight": -1.0}, "r1_weight"),
    ],
)
def test_bad_averaging_options_give_one_line(changes, words):
    with pytest.raises(GanTutorialError, match=words) as error:
        TrainConfig(**changes)
    assert "\n" not in str(error.value)
