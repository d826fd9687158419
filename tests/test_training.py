"""GAN.train_step: 어느 단계가 어느 가중치를 바꾸는지, k번의 판별자 단계, 지표."""

import keras
import numpy as np
import pytest

from gan_tutorial.config import TrainConfig
from gan_tutorial.errors import GanTutorialError
from gan_tutorial.lab.diagnostics import snapshot, variable_changes
from gan_tutorial.runner import build_gan
from gan_tutorial.training import GAN


@pytest.fixture
def gan() -> GAN:
    keras.utils.set_random_seed(1)
    # DCGAN은 양쪽에 배치 정규화가 있어 이동 통계(학습되지 않는 변수)까지 확인할 수 있습니다.
    return build_gan(TrainConfig(model="dcgan", filters=4, latent_size=8))


def real_batch(n: int = 8) -> np.ndarray:
    return np.random.default_rng(0).uniform(-1, 1, (n, 28, 28, 1)).astype("float32")


WEIGHTS, STATS = "학습되는 가중치", "배치 정규화 이동 통계"


def test_generator_step_changes_no_discriminator_variable(gan):
    g_before, d_before = snapshot(gan.generator), snapshot(gan.discriminator)
    gan.generator_step(8)
    d_changes = variable_changes(gan.discriminator, d_before)
    assert d_changes[WEIGHTS][0] == 0 and d_changes[STATS][0] == 0  # 이동 평균까지 그대로
    g_changes = variable_changes(gan.generator, g_before)
    assert g_changes[WEIGHTS][0] == g_changes[WEIGHTS][1]  # 생성자의 가중치는 모두 바뀜


def test_discriminator_step_changes_no_generator_variable(gan):
    g_before, d_before = snapshot(gan.generator), snapshot(gan.discriminator)
    gan.discriminator_step(real_batch())
    g_changes = variable_changes(gan.generator, g_before)
    assert g_changes[WEIGHTS][0] == 0 and g_changes[STATS][0] == 0
    d_changes = variable_changes(gan.discriminator, d_before)
    assert d_changes[WEIGHTS][0] == d_changes[WEIGHTS][1]
    assert d_changes[STATS][0] > 0  # 판별자의 이동 통계는 갱신


@pytest.mark.parametrize("k", [1, 3])
def test_k_discriminator_updates_per_generator_update(k):
    keras.utils.set_random_seed(0)
    gan = build_gan(TrainConfig(model="mlp", k_disc=k, latent_size=8))
    data = np.repeat(real_batch(4 * k), 3, axis=0)  # 반복마다 4k장
    history = gan.fit(data, batch_size=4 * k, epochs=1, shuffle=False, verbose=0)
    assert gan.step == 3
    assert int(gan.d_optimizer.iterations.numpy()) == 3 * k
    assert set(history.history) == {"d_loss", "g_loss", "d_real", "d_fake"}


def test_metrics_are_probabilities_and_losses(gan):
    logs = gan.train_on_batch(real_batch(), return_dict=True)
    assert 0 <= logs["d_real"] <= 1 and 0 <= logs["d_fake"] <= 1
    assert logs["d_loss"] > 0 and logs["g_loss"] > 0  # 비포화 손실은 양수


def test_minimax_generator_loss_is_negative():
    gan = build_gan(TrainConfig(model="mlp", loss="minimax", latent_size=8))
    logs = gan.train_on_batch(real_batch(), return_dict=True)
    assert logs["g_loss"] < 0  # log(1 − D(G(z))) < 0


def test_call_runs_the_generator_in_the_requested_mode(gan):
    z = np.random.default_rng(0).standard_normal((4, 8)).astype("float32")
    inference = np.asarray(gan(z))
    assert inference.shape == (4, 28, 28, 1)
    np.testing.assert_allclose(inference, np.asarray(gan.generator(z, training=False)), atol=1e-6)
    np.testing.assert_allclose(inference, gan.generate(z), atol=1e-6)
    training = np.asarray(gan(z, training=True))  # 배치 정규화가 이 미니배치의 통계를 씁니다
    np.testing.assert_allclose(training, np.asarray(gan.generator(z, training=True)), atol=1e-6)
    assert np.abs(training - inference).max() > 1e-3


def test_invalid_k():
    g, d = keras.Sequential([keras.layers.Dense(1)]), keras.Sequential([keras.layers.Dense(1)])
    with pytest.raises(GanTutorialError, match="k_disc=0"):
        GAN(g, d, k_disc=0)
