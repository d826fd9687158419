"""1차원 장난감 GAN: 모양, 시드 재현성, 반복당 판별자 k번, 균형점 수렴, 그림 1의 네 칸."""

import numpy as np
import pytest

from gan_tutorial.lab.toy import (
    DATA_MEAN,
    DATA_STD,
    GRID,
    STORY_TITLES,
    ToyGAN,
    ToySnapshot,
    figure_1,
    figure_1_story,
    train_toy,
)


def weights(model) -> list[np.ndarray]:
    return [v.numpy() for v in model.variables]


def same(a: list[np.ndarray], b: list[np.ndarray]) -> bool:
    return all(np.array_equal(x, y) for x, y in zip(a, b, strict=True))


@pytest.fixture(scope="module")
def trained() -> ToySnapshot:
    """알고리즘 1(k = 3)로 1000번 반복한 끝 상태."""
    (last,) = train_toy(seed=0, steps=1000, k=3)
    return last


def test_snapshot_shapes_and_densities():
    snap = ToyGAN(seed=0).snapshot(n_arrows=7)
    for values in (snap.x, snap.p_data, snap.p_g, snap.d):
        assert values.shape == GRID.shape
    assert snap.z.shape == snap.g_z.shape == (7,)
    assert np.all(np.diff(snap.z) > 0) and snap.z[3] == 0  # 분위수는 0에 대칭
    dx = float(snap.x[1] - snap.x[0])
    assert snap.p_data.sum() * dx == pytest.approx(1, abs=1e-3)
    assert snap.p_data.argmax() == np.abs(snap.x - DATA_MEAN).argmin()
    assert np.all((snap.d > 0) & (snap.d < 1))
    assert (snap.step, snap.d_steps) == (0, 0)


def test_d_star_is_half_where_densities_are_equal():
    snap = ToyGAN(seed=0).snapshot()
    equal = ToySnapshot(**{**snap.__dict__, "p_g": snap.p_data})
    np.testing.assert_allclose(equal.d_star[np.abs(GRID - DATA_MEAN) < 1], 0.5)


def test_same_seed_same_run_other_seed_other_run():
    a, b, c = (train_toy(seed=s, steps=20)[0] for s in (3, 3, 4))
    for field in ("p_g", "d", "g_z"):
        np.testing.assert_array_equal(getattr(a, field), getattr(b, field))
    assert not np.allclose(a.p_g, c.p_g)


def test_k_discriminator_updates_per_generator_update():
    gan = ToyGAN(seed=0, k=3)
    gan.train(4)
    assert (gan.step, gan.d_step) == (4, 12)
    gan.train_discriminator(5)
    assert (gan.step, gan.d_step) == (4, 17)
    gan.train_generator(2)
    assert (gan.step, gan.d_step) == (6, 17)


def test_learning_rates_start_where_asked_and_halve_every_1000_iterations():
    def rate(optimizer, updates: int) -> float:
        optimizer.iterations.assign(updates)
        return float(optimizer.learning_rate)

    gan = ToyGAN(seed=0, k=2, d_learning_rate=0.02, g_learning_rate=0.003)
    assert rate(gan.d_optimizer, 0) == pytest.approx(0.02)
    assert rate(gan.g_optimizer, 0) == pytest.approx(0.003)
    # 반복 1000번 = 판별자 업데이트 2000번, 생성자 업데이트 1000번
    assert rate(gan.d_optimizer, 2000) == pytest.approx(0.01)
    assert rate(gan.g_optimizer, 1000) == pytest.approx(0.0015)
    default = ToyGAN(seed=0)
    assert rate(default.d_optimizer, 0) == pytest.approx(1e-2)
    assert rate(default.g_optimizer, 0) == pytest.approx(1e-3)


def test_generator_step_leaves_discriminator_frozen_and_vice_versa():
    gan = ToyGAN(seed=0)
    g_before, d_before = weights(gan.generator), weights(gan.discriminator)
    gan.train_generator(1)
    assert same(d_before, weights(gan.discriminator))
    assert not same(g_before, weights(gan.generator))
    g_before, d_before = weights(gan.generator), weights(gan.discriminator)
    gan.train_discriminator(1)
    assert same(g_before, weights(gan.generator))
    assert not same(d_before, weights(gan.discriminator))


def test_curves_are_recorded_every_few_iterations():
    gan = ToyGAN(seed=0, k=1)
    gan.train(30, record_every=10)
    assert list(gan.curves["step"]) == [10, 20, 30]
    assert all(len(values) == 3 for values in gan.curves.values())


def test_training_reaches_the_equilibrium(trained):
    assert trained.g_mean == pytest.approx(DATA_MEAN, abs=0.1)
    assert trained.g_std == pytest.approx(DATA_STD, abs=0.15)
    data_region = np.abs(trained.x - DATA_MEAN) < 2 * DATA_STD
    np.testing.assert_allclose(trained.d[data_region], 0.5, atol=0.08)


def test_story_and_figure_have_four_panels():
    gan = ToyGAN(seed=0)
    story = figure_1_story(gan, warmup=2, d_steps=20, g_steps=2, rest=10)
    assert [(s.step, s.d_steps) for s in story] == [(2, 6), (2, 26), (4, 26), (14, 56)]
    fig = figure_1(story)
    titled = [ax for ax in fig.axes if ax.get_title()]
    assert [ax.get_title() for ax in titled] == list(STORY_TITLES)
    for ax in titled:
        assert len(ax.get_lines()) == 4  # p_data, p_g, D(x), 1/2 기준선
    arrows = [ax for ax in fig.axes if not ax.get_title()]
    assert [len(ax.texts) for ax in arrows] == [2 + 13] * 4  # x·z 글자 + 화살표 13개
