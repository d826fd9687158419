"""CPU 초당 품질 경주의 표와 그림 (경주 자체는 벤치마크라 여기서 돌리지 않습니다)."""

import numpy as np
import pytest

from gan_tutorial.lab.bench import QualityTrace
from gan_tutorial.lab.race import race_figure, race_ratios, read_race_csv, tutorial_generator

ROWS = [
    {
        "recipe": r,
        "budget": b,
        "step": s,
        "cpu_seconds": c,
        "confident": p,
        "classes": 10,
        "frechet": f,
    }
    for r, b, s, c, p, f in [
        ("ours", 60, 500, 61.0, 0.6, 20.0),
        ("ours", 120, 1000, 121.0, 0.8, 10.0),
        ("dcgan-paper", 60, 200, 62.0, 0.1, 200.0),
        ("dcgan-paper", 120, 400, 120.5, 0.4, 40.0),
    ]
]


def test_ratios_at_a_budget_compare_with_ours():
    ratios = race_ratios(ROWS, 120)
    assert ratios["dcgan-paper"]["confident_ratio"] == pytest.approx(2.0)  # 0.8 / 0.4
    assert ratios["dcgan-paper"]["frechet_ratio"] == pytest.approx(4.0)  # 40 / 10
    assert ratios["ours"]["confident_ratio"] == 1.0
    zero = [dict(row, confident=0.0) if row["recipe"] != "ours" else row for row in ROWS]
    assert race_ratios(zero, 60)["dcgan-paper"]["confident_ratio"] == float("inf")


def test_csv_round_trip_and_figure(tmp_path):
    path = tmp_path / "race.csv"
    path.write_text(
        "recipe,budget,step,cpu_seconds,confident,classes,frechet\n"
        + "".join(",".join(str(row[k]) for k in row) + "\n" for row in ROWS),
        encoding="utf-8",
    )
    assert read_race_csv(path) == ROWS
    fig = race_figure(ROWS)
    left, right = fig.axes
    assert len(left.lines) == len(right.lines) == 2  # 학습법마다 한 선
    np.testing.assert_allclose(left.lines[0].get_ydata(), [60.0, 80.0])


def test_budget_trace_measures_once_per_budget_and_stops():
    trace = QualityTrace(0, None, None, budgets=[1.0, 2.0])
    trace.cpu_seconds = 0.5
    assert not trace._due(7)
    trace.cpu_seconds = 1.2
    assert trace._due(7)
    trace.rows.append({"budget": 1.0})
    assert not trace._due(8)  # 다음 예산 2초 전까지는 재지 않습니다


def test_tutorial_generator_draws_28x28_in_tanh_range():
    images = tutorial_generator(8)(np.zeros((2, 8), "float32"), training=False).numpy()
    assert images.shape == (2, 28, 28, 1) and np.abs(images).max() <= 1


def test_quality_trace_can_measure_the_live_generator_instead_of_the_average():
    import keras
    from keras import layers

    from gan_tutorial.training import GAN

    keras.utils.set_random_seed(0)
    generator = keras.Sequential(
        [keras.Input((3,)), layers.Dense(4, activation="tanh"), layers.Reshape((2, 2, 1))]
    )
    discriminator = keras.Sequential([keras.Input((2, 2, 1)), layers.Flatten(), layers.Dense(1)])
    gan = GAN(generator, discriminator, latent_size=3, ema_decay=0.9)
    gan.compile(keras.optimizers.SGD(0.1), keras.optimizers.SGD(0.1))
    gan.train_on_batch(np.random.default_rng(1).uniform(-1, 1, (6, 2, 2, 1)).astype("float32"))
    z = np.random.default_rng(2).standard_normal((5, 3)).astype("float32")
    traces = {live: QualityTrace(0, None, None, live=live) for live in (False, True)}
    for trace in traces.values():
        trace.set_model(gan)
        trace.noise = z
    np.testing.assert_allclose(traces[False].samples(), gan.generate(z), rtol=1e-6)
    live = gan.generator(z, training=False).numpy()
    np.testing.assert_allclose(traces[True].samples(), live, rtol=1e-6)
    assert not np.allclose(traces[False].samples(), live)  # 평균 생성자는 학습 중인 것과 다릅니다
