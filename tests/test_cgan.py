"""조건부 GAN: 입력과 출력 모양, 투영 판별자의 식, 단계마다 바뀌는 변수, 조건, 재개, 보간."""

import keras
import numpy as np
import pytest

from gan_tutorial.config import MODELS, TrainConfig
from gan_tutorial.data import MnistData
from gan_tutorial.errors import DataError, GanTutorialError
from gan_tutorial.families import FAMILIES
from gan_tutorial.families.cgan import (
    EMBEDDING_SIZE,
    ConditionalGAN,
    label_embedding_images,
)
from gan_tutorial.lab.diagnostics import snapshot, variable_changes
from gan_tutorial.models.dcgan import (
    CLASSIC_DISCRIMINATOR,
    CLASSIC_GENERATOR,
    build_dcgan_discriminator,
    build_dcgan_generator,
)
from gan_tutorial.runner import build_gan, generate_samples, train

CONFIG = TrainConfig(model="cgan", filters=4, latent_size=8, batch_size=8)
WEIGHTS, STATS = "학습되는 가중치", "배치 정규화 이동 통계"


@pytest.fixture
def gan() -> ConditionalGAN:
    keras.utils.set_random_seed(1)
    return build_gan(CONFIG)


def noise(n: int) -> np.ndarray:
    return np.random.default_rng(0).standard_normal((n, 8)).astype("float32")


def real_batch(n: int = 8) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(0)
    images = rng.uniform(-1, 1, (n, 28, 28, 1)).astype("float32")
    return images, (np.arange(n) % 10).astype("int32")


def test_every_model_name_has_a_family():
    assert set(FAMILIES) == set(MODELS)
    assert isinstance(build_gan(CONFIG), ConditionalGAN)


def test_default_steps_depend_on_the_model():
    assert TrainConfig(model="cgan").steps == 2000
    assert TrainConfig(model="dcgan").steps == 2500
    assert TrainConfig(model="mlp").steps == 1000
    assert TrainConfig(model="cgan", steps=7).steps == 7


def test_shapes(gan):
    labels = np.array([0, 3, 9], "int32")
    images = gan.generate(noise(3), labels)
    assert images.shape == (3, 28, 28, 1) and np.abs(images).max() <= 1
    logits = gan.discriminator({"image": images, "label": labels})
    assert tuple(logits.shape) == (3, 1)


def test_generator_is_the_classic_dcgan_generator_with_the_embedding_as_extra_inputs(gan):
    # 페이지가 하는 말: 조건 없는 처음 구조(CLASSIC_GENERATOR)와 다른 것은 입력 16개와 임베딩 표뿐
    plain = build_dcgan_generator((28, 28, 1), 8, 4, **CLASSIC_GENERATOR)
    synthesis = gan.generator.get_layer("synthesis")
    units = synthesis.layers[0].units  # 첫 Dense(투영)가 입력 하나마다 더 받는 가중치 수
    assert [type(a) for a in synthesis.layers] == [type(b) for b in plain.layers]
    embedding = gan.generator.get_layer("label_embedding").count_params()
    assert embedding == 10 * EMBEDDING_SIZE
    extra = EMBEDDING_SIZE * units + embedding
    assert gan.generator.count_params() == plain.count_params() + extra
    # 판별자의 특징 층도 처음 구조의 DCGAN 판별자와 같습니다(로짓 층 앞까지)
    plain_d = build_dcgan_discriminator((28, 28, 1), 4, **CLASSIC_DISCRIMINATOR)
    features = gan.discriminator.get_layer("features")
    assert [type(a) for a in features.layers] == [type(b) for b in plain_d.layers[:-1]]


def test_label_changes_the_image_for_the_same_z(gan):
    z = np.repeat(noise(1), 2, axis=0)
    images = gan.generate(z, np.array([2, 7], "int32"))
    assert np.abs(images[0] - images[1]).max() > 1e-4


def test_projection_logit_is_linear_term_plus_inner_product(gan):
    images, labels = real_batch(4)
    d = gan.discriminator
    features = np.asarray(d.get_layer("features")(images, training=False))
    kernel, bias = (np.asarray(v) for v in d.get_layer("logit").weights)
    table = np.asarray(d.get_layer("projection").embeddings)
    table += np.random.default_rng(1).normal(0, 0.1, table.shape).astype("float32")
    d.get_layer("projection").embeddings.assign(table)  # 0이 아닌 투영으로 확인합니다
    expected = features @ kernel + bias + (table[labels] * features).sum(axis=1, keepdims=True)
    actual = np.asarray(d({"image": images, "label": labels}, training=False))
    np.testing.assert_allclose(actual, expected, rtol=1e-4, atol=1e-5)


def test_discriminator_step_changes_no_generator_variable(gan):
    g_before, d_before = snapshot(gan.generator), snapshot(gan.discriminator)
    gan.discriminator_step(*real_batch())
    g_changes = variable_changes(gan.generator, g_before)
    assert g_changes[WEIGHTS][0] == 0 and g_changes[STATS][0] == 0
    d_changes = variable_changes(gan.discriminator, d_before)
    assert d_changes[WEIGHTS][0] == d_changes[WEIGHTS][1]  # 투영 임베딩까지 모두 바뀜


def test_generator_step_changes_no_discriminator_variable(gan):
    g_before, d_before = snapshot(gan.generator), snapshot(gan.discriminator)
    gan.generator_step(8, real_batch()[1])
    d_changes = variable_changes(gan.discriminator, d_before)
    assert d_changes[WEIGHTS][0] == 0 and d_changes[STATS][0] == 0
    g_changes = variable_changes(gan.generator, g_before)
    assert g_changes[WEIGHTS][0] == g_changes[WEIGHTS][1]  # 레이블 임베딩까지 모두 바뀜


def test_train_step_uses_labels(gan):
    logs = gan.train_on_batch(*real_batch(), return_dict=True)
    assert 0 <= logs["d_real"] <= 1 and logs["d_loss"] > 0


def test_fixed_inputs_rows_are_digits_columns_share_z():
    z, labels = ConditionalGAN.fixed_inputs(latent_size=5, seed=3)
    assert z.shape == (100, 5) and labels.shape == (100,)
    np.testing.assert_array_equal(
        labels.reshape(10, 10), np.repeat(np.arange(10), 10).reshape(10, 10)
    )
    for row in range(10):
        np.testing.assert_array_equal(z[row * 10 : row * 10 + 10], z[:10])
    assert len(np.unique(z[:10, 0])) == 10


def test_sample_conditions():
    np.testing.assert_array_equal(ConditionalGAN.sample_conditions(7, 3), [7, 7, 7])
    np.testing.assert_array_equal(ConditionalGAN.sample_conditions(None, 12)[:11], [*range(10), 0])
    for bad in (10, -1):
        with pytest.raises(GanTutorialError, match="0부터 9까지"):
            ConditionalGAN.sample_conditions(bad, 3)


def test_training_needs_digit_labels():
    with pytest.raises(DataError, match="0–9 레이블이 필요"):
        ConditionalGAN.training_conditions(np.full(5, -1))
    assert ConditionalGAN.training_conditions(np.array([0, 9])).dtype == np.int32


def test_label_embedding_path_ends_at_the_two_labels(gan):
    z = noise(2)
    images = label_embedding_images(gan, z, start=1, end=8, steps=5)
    assert images.shape == (10, 28, 28, 1)
    start = gan.generate(z, np.array([1, 1], "int32"))
    end = gan.generate(z, np.array([8, 8], "int32"))
    np.testing.assert_allclose(images[[0, 5]], start, atol=1e-5)
    np.testing.assert_allclose(images[[4, 9]], end, atol=1e-5)
    assert gan.generator.get_layer("label_embedding").embeddings.shape == (10, EMBEDDING_SIZE)


@pytest.fixture(scope="module")
def digits() -> MnistData:
    rng = np.random.default_rng(0)
    images = rng.uniform(-1, 1, (64, 28, 28, 1)).astype("float32")
    return MnistData(images, np.arange(64) % 10, "테스트용 난수 이미지와 레이블")


def test_resume_equals_uninterrupted(tmp_path, digits):
    config = CONFIG.replace(steps=6, checkpoint_every=3, sample_every=3, k_disc=2)
    kwargs = {"data": digits, "verbose": 0, "figures": False}
    straight = train(config, tmp_path / "straight", **kwargs)
    train(config.replace(steps=3), tmp_path / "split", **kwargs)
    resumed = train(config, tmp_path / "split", resume=True, **kwargs)
    for a, b in zip(straight.gan.variables, resumed.gan.variables, strict=True):
        np.testing.assert_allclose(np.asarray(a), np.asarray(b), rtol=1e-5, atol=1e-6)
    assert sorted(resumed.samples()) == [0, 3, 6]
    assert resumed.samples()[6].shape == (100, 28, 28, 1)


def test_unlabelled_data_is_refused(tmp_path):
    images = np.zeros((16, 28, 28, 1), "float32")
    data = MnistData(images, np.full(16, -1), "레이블 없는 이미지")
    with pytest.raises(DataError, match="레이블이 필요"):
        train(CONFIG.replace(steps=1), tmp_path / "run", data=data, verbose=0, figures=False)


def test_generate_samples_with_and_without_label(tmp_path, digits):
    train(CONFIG.replace(steps=2), tmp_path / "run", data=digits, verbose=0, figures=True)
    images, labels = generate_samples(tmp_path / "run", 4, condition=7)
    assert images.shape == (4, 28, 28) and images.dtype == np.uint8
    np.testing.assert_array_equal(labels, [7, 7, 7, 7])
    assert (tmp_path / "run" / "progress.gif").exists()
    _, cycled = generate_samples(tmp_path / "run", 11)
    np.testing.assert_array_equal(cycled, [*range(10), 0])
