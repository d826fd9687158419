"""GAN.train_step: 어느 단계가 어느 가중치를 바꾸는지, k번의 판별자 단계, 지표."""

import keras
import numpy as np
import pytest

from gan_tutorial.config import TrainConfig
from gan_tutorial.errors import GanTutorialError
from gan_tutorial.runner import build_gan
from gan_tutorial.training import GAN


def snapshot(model: keras.Model) -> list[np.ndarray]:
    return [np.array(v) for v in model.variables]


def changed(
    before: list[np.ndarray], model: keras.Model, trainable: bool | None = None
) -> list[bool]:
    """변수마다 값이 바뀌었는지. trainable을 주면 그 종류의 변수만 봅니다."""
    pairs = zip(before, model.variables, strict=True)
    return [
        not np.array_equal(b, np.asarray(v))
        for b, v in pairs
        if trainable is None or v.trainable == trainable
    ]


@pytest.fixture
def gan() -> GAN:
    keras.utils.set_random_seed(1)
    # DCGAN은 양쪽에 배치 정규화가 있어 이동 통계(학습되지 않는 변수)까지 확인할 수 있습니다.
    return build_gan(TrainConfig(model="dcgan", filters=4, latent_size=8))


def real_batch(n: int = 8) -> np.ndarray:
    return np.random.default_rng(0).uniform(-1, 1, (n, 28, 28, 1)).astype("float32")


def test_generator_step_changes_no_discriminator_variable(gan):
    g_before, d_before = snapshot(gan.generator), snapshot(gan.discriminator)
    gan._generator_step(8)
    assert not any(changed(d_before, gan.discriminator))  # 이동 평균까지 그대로
    assert all(changed(g_before, gan.generator, trainable=True))


def test_discriminator_step_changes_no_generator_variable(gan):
    g_before, d_before = snapshot(gan.generator), snapshot(gan.discriminator)
    gan._discriminator_step(real_batch())
    assert not any(changed(g_before, gan.generator))
    assert all(changed(d_before, gan.discriminator, trainable=True))
    assert any(changed(d_before, gan.discriminator, trainable=False))  # 이동 통계도 갱신


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


def test_call_generates_images(gan):
    images = gan.generate(np.zeros((2, 8), "float32"))
    assert images.shape == (2, 28, 28, 1)


def test_invalid_k():
    g, d = keras.Sequential([keras.layers.Dense(1)]), keras.Sequential([keras.layers.Dense(1)])
    with pytest.raises(GanTutorialError, match="k_disc=0"):
        GAN(g, d, k_disc=0)
