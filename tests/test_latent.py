"""잠재 공간 보간: 끝점, 중점, 길이 보존, 모양, 잘못된 입력."""

from types import SimpleNamespace

import numpy as np
import pytest

from gan_tutorial.config import TrainConfig
from gan_tutorial.errors import GanTutorialError
from gan_tutorial.lab.latent import interpolate, interpolation_images
from gan_tutorial.prior import CODE_SCALE
from gan_tutorial.runner import build_gan


@pytest.mark.parametrize("spherical", [True, False])
def test_endpoints_are_the_inputs(spherical):
    rng = np.random.default_rng(0)
    a, b = rng.standard_normal(16), rng.standard_normal(16)
    path = interpolate(a, b, 7, spherical=spherical)
    assert path.shape == (7, 16)
    assert path.dtype == np.float32
    np.testing.assert_array_equal(path[0], a.astype(np.float32))
    np.testing.assert_array_equal(path[-1], b.astype(np.float32))


def test_lerp_is_evenly_spaced_on_the_line():
    path = interpolate(np.array([0.0, 2.0]), np.array([4.0, 6.0]), 5, spherical=False)
    np.testing.assert_allclose(path, [[0, 2], [1, 3], [2, 4], [3, 5], [4, 6]])


def test_slerp_of_orthogonal_unit_vectors_follows_the_circle():
    path = interpolate(np.array([1.0, 0.0]), np.array([0.0, 1.0]), 3)
    np.testing.assert_allclose(path[1], [np.sqrt(0.5), np.sqrt(0.5)], atol=1e-6)
    # 선형 보간의 중점은 원 안쪽(길이 √0.5)에 있습니다.
    lerp_mid = interpolate(np.array([1.0, 0.0]), np.array([0.0, 1.0]), 3, spherical=False)[1]
    np.testing.assert_allclose(np.linalg.norm(lerp_mid), np.sqrt(0.5), atol=1e-6)


def test_slerp_keeps_the_norm_of_equal_norm_endpoints():
    rng = np.random.default_rng(1)
    a, b = rng.standard_normal(100), rng.standard_normal(100)
    b *= np.linalg.norm(a) / np.linalg.norm(b)
    norms = np.linalg.norm(interpolate(a, b, 11), axis=1)
    np.testing.assert_allclose(norms, np.linalg.norm(a), rtol=1e-5)
    # 각도도 고르게 나뉩니다: 이웃한 점 사이의 거리가 모두 같습니다.
    gaps = np.linalg.norm(np.diff(interpolate(a, b, 11), axis=0), axis=1)
    np.testing.assert_allclose(gaps, gaps[0], rtol=1e-4)


def test_parallel_or_zero_vectors_fall_back_to_lerp():
    a = np.array([1.0, 2.0, 3.0])
    np.testing.assert_allclose(interpolate(a, 3 * a, 3)[1], 2 * a, rtol=1e-6)
    np.testing.assert_allclose(interpolate(np.zeros(3), a, 3)[1], a / 2, rtol=1e-6)


@pytest.mark.parametrize(
    ("z_start", "z_end", "n"),
    [
        (np.zeros(3), np.zeros(4), 5),  # 길이가 다름
        (np.zeros((2, 3)), np.zeros((2, 3)), 5),  # 1차원이 아님
        (np.array([np.nan, 0.0]), np.zeros(2), 5),  # NaN
        (np.zeros(3), np.ones(3), 1),  # 점이 2개보다 적음
        (np.zeros(3), np.ones(3), 2.5),  # 정수가 아님
    ],
)
def test_bad_input_raises(z_start, z_end, n):
    with pytest.raises(GanTutorialError):
        interpolate(z_start, z_end, n)


def test_interpolation_images_shape_and_endpoints():
    config = TrainConfig(model="mlp", latent_size=8)
    gan = build_gan(config)
    images = interpolation_images(gan, rows=3, steps=4, seed=5)
    assert images.shape == (12, 28, 28, 1)
    # 같은 seed의 첫 줄 왼쪽 끝은 같은 z로 만든 이미지입니다.
    start = np.random.default_rng(5).standard_normal((6, 8), "float32")[0]
    expected = gan.generate(start[None])
    np.testing.assert_allclose(images[0], expected[0], atol=1e-5)
    np.testing.assert_allclose(interpolation_images(gan, 3, 4, seed=5), images, atol=1e-6)


def test_interpolation_images_start_from_the_gan_prior():
    gan = build_gan(TrainConfig(model="mlp", latent_size=8, latent_codes=4))
    images = interpolation_images(gan, rows=2, steps=3, seed=1)
    ends = gan.latent_samples(4, 1)  # 줄마다 (출발, 도착)
    expected = gan.generate(ends[[0, 1, 2, 3]])
    np.testing.assert_allclose(images[[0, 2, 3, 5]], expected, atol=1e-5)


@pytest.mark.parametrize("codes", ["same", "different"])
def test_interpolation_ends_have_the_same_or_different_codes(codes):
    # 생성자 대신 z를 그대로 돌려주는 GAN: 끝점의 코드를 z에서 읽습니다
    gan = SimpleNamespace(latent_codes=4, latent_size=8, generate=lambda z: z)
    z = interpolation_images(gan, rows=50, steps=5, seed=2, codes=codes)
    starts, ends = z[0::5], z[4::5]
    start_codes, end_codes = starts[:, :4].argmax(axis=1), ends[:, :4].argmax(axis=1)
    assert np.all(starts[np.arange(50), start_codes] > CODE_SCALE / 2)  # 코드 칸에 CODE_SCALE
    assert np.all(ends[np.arange(50), end_codes] > CODE_SCALE / 2)
    if codes == "same":
        assert np.array_equal(start_codes, end_codes)
    else:
        assert np.all(start_codes != end_codes)
    assert len(set(start_codes)) == 4  # 50줄이면 네 코드가 모두 나옵니다


def test_code_pairs_need_codes():
    gan = SimpleNamespace(latent_codes=1, latent_size=8, generate=lambda z: z)
    interpolation_images(gan, rows=2, steps=3, codes="same")
    with pytest.raises(GanTutorialError, match="2개 이상"):
        interpolation_images(gan, rows=2, steps=3, codes="different")
