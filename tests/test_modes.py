"""2차원 모드 붕괴 실험: 데이터, 모드 세기, 미니배치 표준편차, 학습 기록의 재현성."""

import keras
import numpy as np
import pytest
import tensorflow as tf

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
    # 특징마다 √(분산 + 1e-8)의 평균: 첫 특징은 √5, 두 번째 특징(분산 0)은 1e-4
    spread = (np.sqrt(5.0 + 1e-8) + 1e-4) / 2
    assert out.shape == (4, 3)
    np.testing.assert_allclose(out[:, :2], x)
    np.testing.assert_allclose(out[:, 2], spread, rtol=1e-6)


def test_minibatch_stddev_gradient_is_finite_when_the_batch_has_collapsed():
    x = tf.Variable(np.ones((8, 3), "float32"))  # 모든 샘플이 같음: 분산 0
    with tf.GradientTape() as tape:
        out = tf.reduce_sum(MinibatchStddev()(x))
    assert np.isfinite(tape.gradient(out, x).numpy()).all()


def test_train_modes_records_and_is_reproducible():
    first = train_modes("GAN", ring(), seed=1, steps=20, record=[10])
    again = train_modes("GAN", ring(), seed=1, steps=20, record=[10])
    assert first.steps == [10, 20] and first.samples[0].shape == (2500, 2)
    np.testing.assert_allclose(first.samples[-1], again.samples[-1], rtol=1e-5, atol=1e-6)
    assert set(METHODS) >= {"GAN", "GAN, k=5", "미니배치 표준편차", "WGAN-GP"}
    wgan = train_modes("WGAN-GP", ring(), seed=1, steps=3)
    assert wgan.steps == [3] and np.isfinite(wgan.samples[-1]).all()


def test_snapshots_freeze_both_networks_without_changing_the_training():
    plain = train_modes("GAN", ring(), seed=1, steps=20, record=[10])
    kept = train_modes("GAN", ring(), seed=1, steps=20, record=[10], keep=[10, 20])
    assert kept.steps == plain.steps == [10, 20] and sorted(kept.snapshots) == [10, 20]
    np.testing.assert_allclose(kept.samples[-1], plain.samples[-1], rtol=1e-5, atol=1e-6)
    z = np.random.default_rng(3).standard_normal(
        (2500, 16), "float32"
    )  # train_modes의 z (시드 + 2)
    for i, step in enumerate((10, 20)):
        snapshot = kept.snapshots[step]
        assert snapshot.step == step and not snapshot.critic
        drawn = snapshot.generator(z, training=False).numpy()
        np.testing.assert_allclose(drawn, kept.samples[i], rtol=1e-5, atol=1e-5)
    first, last = (kept.snapshots[s].discriminator.get_weights()[0] for s in (10, 20))
    assert not np.allclose(first, last)  # 사본은 그 반복의 값에 멈춰 있습니다


def linear_snapshot(critic: bool):
    """D의 로짓(또는 비평자 점수)이 l(x) = 2·x₀ − x₁ + 0.5인 스냅숏: 어디서나 ∇ₓl = (2, −1)."""
    from gan_tutorial.lab.modes import Snapshot
    from gan_tutorial.losses import non_saturating_generator_loss, wasserstein_generator_loss

    discriminator = keras.Sequential([keras.Input((2,)), keras.layers.Dense(1)])
    discriminator.set_weights([np.array([[2.0], [-1.0]], "float32"), np.array([0.5], "float32")])
    loss = wasserstein_generator_loss if critic else non_saturating_generator_loss
    return Snapshot(0, None, discriminator, loss, critic)


def test_generator_pull_is_the_per_sample_force_of_the_generator_loss():
    from gan_tutorial.lab.modes import generator_pull

    points = np.array([[0.0, 0.0], [1.0, 3.0], [-2.0, 1.0]], "float32")
    logits = points @ np.array([2.0, -1.0]) + 0.5
    d, pull = generator_pull(linear_snapshot(critic=False), points)
    np.testing.assert_allclose(d, 1 / (1 + np.exp(-logits)), rtol=1e-5)
    # 비포화 손실 −log D의 힘은 (1 − D)·∇ₓl: D가 1에 가까운 곳일수록 약합니다
    np.testing.assert_allclose(pull, (1 - d)[:, None] * np.array([2.0, -1.0]), rtol=1e-5)
    scores, pull = generator_pull(linear_snapshot(critic=True), points)
    np.testing.assert_allclose(scores, logits, rtol=1e-5)
    np.testing.assert_allclose(pull, np.tile([2.0, -1.0], (3, 1)), rtol=1e-5)  # WGAN: ∇ₓf


def test_follow_pull_moves_points_at_most_one_step_per_move():
    from gan_tutorial.lab.modes import follow_pull

    start = np.zeros((4, 2), "float32")
    moved = follow_pull(linear_snapshot(critic=True), start, moves=10, step=0.1)
    # 힘 (2, −1)은 길이가 1보다 커서 방향만 씁니다: 10번 × 0.1 = 거리 1
    np.testing.assert_allclose(moved, np.tile([2.0, -1.0] / np.sqrt(5.0), (4, 1)), rtol=1e-5)


def test_field_figure_draws_one_panel_per_snapshot():
    from gan_tutorial.lab.modes import field_figure

    run = train_modes("GAN", ring(), seed=1, steps=5, keep=[5])
    z = np.random.default_rng(0).standard_normal((50, 16)).astype("float32")
    fig = field_figure([("a", run.snapshots[5]), ("b", run.snapshots[5])], ring(), z, arrows=10)
    assert len(fig.axes) == 3  # 두 칸과 색 막대
    assert fig.axes[0].get_title() == "a (반복 5)"
