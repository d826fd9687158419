"""2차원 모드 붕괴 실험: 데이터, 모드 세기, 미니배치 표준편차, 학습 기록의 재현성."""

import keras
import numpy as np
import pytest

from gan_tutorial.lab.modes import (
    METHODS,
    MinibatchStddev,
    coverage,
    grid,
    ring,
    train_modes,
)


def test_mixtures():
    rings = ring()
    np.testing.assert_allclose(np.linalg.norm(rings.centers, axis=1), 2.0, rtol=1e-6)
    assert rings.centers.shape == (8, 2) and rings.std == 0.02
    grids = grid()
    assert grids.centers.shape == (25, 2)
    assert sorted(set(grids.centers[:, 0].round(6))) == [-4.0, -2.0, 0.0, 2.0, 4.0]
    points = np.asarray(rings.sample_tensor(500, keras.random.SeedGenerator(0)))
    nearest = np.linalg.norm(points[:, None] - rings.centers[None], axis=-1).min(axis=1)
    assert points.shape == (500, 2) and nearest.max() < 5 * rings.std


def test_coverage_counts_by_hand():
    rings = ring()
    samples = np.concatenate(
        [
            np.repeat(rings.centers[:1], 25, axis=0),  # 모드 0에 25개
            np.repeat(
                rings.centers[1:2] + np.array([0.05, 0.0]), 19, axis=0
            ),  # 모드 1의 3σ 안에 19개
            np.zeros((30, 2)),  # 원점: 어느 모드에서도 멉니다
            np.repeat(
                rings.centers[2:3] + np.array([0.1, 0.0]), 40, axis=0
            ),  # 모드 2에서 5σ: 좋은 샘플 아님
        ]
    )
    cov = coverage(samples, rings)
    assert cov.modes == 1  # 20개 이상인 모드는 0번뿐
    assert cov.counts.tolist() == [25, 19, 0, 0, 0, 0, 0, 0]
    assert cov.high_quality == pytest.approx(44 / 114)
    loose = coverage(samples, rings, sigmas=10)
    assert loose.modes == 2 and loose.counts[2] == 40  # 10σ로 넓히면 모드 2도 덮습니다


def test_minibatch_stddev_appends_the_batch_spread():
    x = np.array([[0.0, 1.0], [2.0, 1.0], [4.0, 1.0], [6.0, 1.0]], "float32")
    out = np.asarray(MinibatchStddev()(x))
    spread = (
        np.std([0, 2, 4, 6]) + 0.0
    ) / 2  # 특징마다의 표준편차(모집단)의 평균: 두 번째 특징은 0
    assert out.shape == (4, 3)
    np.testing.assert_allclose(out[:, :2], x)
    np.testing.assert_allclose(out[:, 2], spread, rtol=1e-6)


def test_train_modes_records_and_is_reproducible():
    first = train_modes("GAN", ring(), seed=1, steps=20, record=[10])
    again = train_modes("GAN", ring(), seed=1, steps=20, record=[10])
    assert first.steps == [10, 20] and first.samples[0].shape == (2500, 2)
    np.testing.assert_allclose(first.samples[-1], again.samples[-1], rtol=1e-5, atol=1e-6)
    assert set(METHODS) >= {"GAN", "GAN, k=5", "미니배치 표준편차", "WGAN-GP"}
    wgan = train_modes("WGAN-GP", ring(), seed=1, steps=3)
    assert wgan.steps == [3] and np.isfinite(wgan.samples[-1]).all()
