"""잠재 분포(prior): 코드를 섞은 z의 값, 분포, 모델·설정·체크포인트와의 연결."""

import json

import keras
import numpy as np
import pytest

from gan_tutorial import TrainConfig
from gan_tutorial.errors import GanTutorialError
from gan_tutorial.prior import (
    CODE_SCALE,
    add_codes,
    sample_latent,
    sample_latent_and_codes,
    sample_latent_tensor,
)
from gan_tutorial.runner import build_gan


def test_add_codes_adds_the_scale_to_one_cell_per_row():
    noise = np.zeros((3, 4), "float32")
    z = add_codes(noise, np.array([0, 3, 3]))
    expected = np.array([[7, 0, 0, 0], [0, 0, 0, 7], [0, 0, 0, 7]], "float32")
    np.testing.assert_array_equal(z, expected)
    assert CODE_SCALE == 7.0
    np.testing.assert_array_equal(noise, 0)  # 입력은 그대로


@pytest.mark.parametrize(
    ("noise", "codes"),
    [
        (np.zeros((2, 4)), np.array([0, 4])),  # 칸 밖
        (np.zeros((2, 4)), np.array([-1, 0])),
        (np.zeros((2, 4)), np.array([0])),  # 행 수가 다름
        (np.zeros(4), np.array([0])),  # 1차원 잡음
    ],
)
def test_add_codes_refuses_bad_codes(noise, codes):
    with pytest.raises(GanTutorialError):
        add_codes(noise, codes)


def test_without_codes_the_prior_is_the_plain_standard_normal():
    expected = np.random.default_rng(7).standard_normal((5, 6), "float32")
    np.testing.assert_array_equal(sample_latent(5, 6, 0, seed=7), expected)
    assert sample_latent_and_codes(5, 6, 0, seed=7)[1] is None


def test_with_codes_the_noise_is_the_same_and_one_code_cell_moves():
    z, which = sample_latent_and_codes(400, 8, codes=3, seed=1)
    rng = np.random.default_rng(1)
    noise = rng.standard_normal((400, 8), "float32")
    np.testing.assert_array_equal(which, rng.integers(0, 3, 400))
    moved = z - noise
    np.testing.assert_allclose(moved[np.arange(400), which], CODE_SCALE)
    moved[np.arange(400), which] = 0
    np.testing.assert_array_equal(moved, 0)
    assert set(which) == {0, 1, 2}  # 코드는 앞 세 칸만
    np.testing.assert_array_equal(sample_latent(400, 8, 3, seed=1), z)


def test_codes_must_fit_in_z():
    with pytest.raises(GanTutorialError, match="codes"):
        sample_latent(2, 4, codes=5)


@pytest.mark.parametrize("codes", [0, 4])
def test_tensor_prior_has_the_mixture_means(codes):
    z = keras.ops.convert_to_numpy(
        sample_latent_tensor(20_000, 10, codes, keras.random.SeedGenerator(3))
    )
    means = z.mean(axis=0)
    # 코드 칸의 평균은 CODE_SCALE/codes, 나머지 칸은 0 (표준오차 약 0.02)
    expected = np.where(np.arange(10) < codes, CODE_SCALE / max(codes, 1), 0.0)
    np.testing.assert_allclose(means, expected, atol=0.08)
    if codes:  # 행마다 코드 칸 하나만 크게 (argmax가 고르게 퍼짐)
        shares = np.bincount(z[:, :codes].argmax(axis=1), minlength=codes) / len(z)
        np.testing.assert_allclose(shares, 1 / codes, atol=0.03)


def test_gan_draws_training_noise_and_sample_inputs_from_its_prior():
    gan = build_gan(TrainConfig(model="mlp", latent_size=8, latent_codes=2))
    assert gan.latent_codes == 2
    np.testing.assert_array_equal(gan.sample_inputs(6, 4), sample_latent(6, 8, 2, 4))
    np.testing.assert_array_equal(gan.fixed_inputs(8, 4)[0], sample_latent(64, 8, 2, 4))
    z = keras.ops.convert_to_numpy(gan.sample_noise(8000))
    np.testing.assert_allclose(z.mean(axis=0)[:2], CODE_SCALE / 2, atol=0.1)
    np.testing.assert_allclose(z.mean(axis=0)[2:], 0, atol=0.1)


def test_config_defaults_and_limits():
    assert TrainConfig(model="dcgan").latent_codes == 10
    assert TrainConfig(model="mlp").latent_codes == 0
    assert TrainConfig(model="cgan").latent_codes == 0
    assert TrainConfig(model="dcgan", latent_size=8).latent_codes == 8  # 기본값은 z의 길이까지
    with pytest.raises(GanTutorialError, match="latent_codes"):
        TrainConfig(model="dcgan", latent_size=8, latent_codes=9)
    with pytest.raises(GanTutorialError, match="--codes"):
        TrainConfig(model="wgan-gp", latent_codes=3)
    assert TrainConfig(model="dcgan", latent_size=8, latent_codes=0).latent_codes == 0


def test_a_config_saved_before_codes_loads_as_the_plain_normal(tmp_path):
    """잠재 코드가 생기기 전에 학습한 폴더는 정규분포로 학습했으므로 코드 0으로 읽습니다."""
    values = json.loads(json.dumps(TrainConfig(model="dcgan").__dict__))
    del values["latent_codes"]
    path = tmp_path / "config.json"
    path.write_text(json.dumps(values), encoding="utf-8")
    assert TrainConfig.load(path).latent_codes == 0
    path.write_text("[1, 2]", encoding="utf-8")
    with pytest.raises(GanTutorialError, match="읽을 수 없습니다"):
        TrainConfig.load(path)


def test_uniform_prior_is_the_papers_box_in_numpy_and_in_the_graph():
    z = sample_latent(2000, 5, seed=3, prior="uniform")
    expected = np.random.default_rng(3).uniform(-1.0, 1.0, (2000, 5)).astype("float32")
    np.testing.assert_array_equal(z, expected)
    tensor = keras.ops.convert_to_numpy(
        sample_latent_tensor(20000, 5, 0, keras.random.SeedGenerator(0), prior="uniform")
    )
    assert tensor.min() >= -1.0 and tensor.max() <= 1.0
    assert abs(tensor.mean()) < 0.02 and abs(tensor.var() - 1 / 3) < 0.01  # U[−1, 1]의 분산 1/3


def test_uniform_prior_takes_no_codes():
    with pytest.raises(GanTutorialError, match="정규분포"):
        sample_latent(4, 5, codes=2, prior="uniform")
    with pytest.raises(GanTutorialError, match="잠재 분포"):
        sample_latent(4, 5, prior="cauchy")
    # 설정: 균등분포면 DCGAN의 기본 코드 수는 0, 코드를 주면 그 이름을 밝힌 오류
    assert TrainConfig(model="dcgan", prior="uniform").latent_codes == 0
    with pytest.raises(GanTutorialError, match="latent_codes=10"):
        TrainConfig(model="dcgan", prior="uniform", latent_codes=10)
    with pytest.raises(GanTutorialError, match="--prior"):
        TrainConfig(model="cgan", prior="uniform")


def test_gan_with_the_uniform_prior_draws_from_it():
    gan = build_gan(TrainConfig(model="mlp", latent_size=6, prior="uniform"))
    z = gan.latent_samples(500, 1)
    assert z.min() >= -1 and z.max() <= 1 and z.std() < 0.7  # 정규분포면 표준편차 1
    noise = keras.ops.convert_to_numpy(gan.sample_noise(500))
    assert noise.min() >= -1 and noise.max() <= 1
