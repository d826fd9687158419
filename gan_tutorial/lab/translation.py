"""CycleGAN 평가: 바꾼 숫자가 그 숫자로 남는가, 목표 도메인으로 옮겨 갔는가, 되돌리면 원래 그림인가.

- 숫자 유지: 인쇄체 → 손글씨(b2a) 결과는 품질 평가기(MNIST 분류기)로, 손글씨 → 인쇄체(a2b) 결과는
  패키지가 자기 인쇄체 렌더로 학습한 분류기로 읽어, 원래 숫자로 0.9 이상 확신하는 비율을 잽니다.
  같은 분류기로 바꾸기 전 그림을 읽은 비율(source_label_agreement)도 함께 냅니다.
- 도메인 이동: 바꾼 그림과 목표 도메인의 진짜 그림 사이의 프레셰 거리를, 바꾸기 전 그림과 목표
  도메인 사이의 거리와 견줍니다(특징은 품질 평가기의 것).
- 순환 복원 오차: F(G(a))와 a, G(F(b))와 b의 픽셀 평균 절대 오차([−1, 1] 범위).
"""

import hashlib
import sys

import keras
import numpy as np

from ..data import MnistData
from ..printed import printed_images
from .evaluate import (
    NUM_DIGITS,
    _cache_dir,
    build_classifier,
    cached_weights,
    classifier_features,
    frechet_distance,
    held_out_mask,
    label_agreement,
    load_or_train_classifier,
)

__all__ = ["TranslationReportAt", "load_or_train_printed_classifier", "translation_report"]

PRINTED_VERSION = "p2"  # 렌더링이나 분류기 학습법을 바꾸면 올립니다
PRINTED_TRAIN = 6000
PRINTED_SEED = 100  # 분류기 학습용 렌더의 시드 (CycleGAN 학습 데이터의 시드와 겹치지 않게)


def load_or_train_printed_classifier(verbose: bool = False) -> keras.Model:
    """인쇄체 숫자 0–9 분류기: 렌더 6,000장으로 5에포크 학습하고 캐시에 둡니다."""
    key = hashlib.sha256(f"{PRINTED_VERSION}-{PRINTED_TRAIN}-{PRINTED_SEED}".encode()).hexdigest()
    path = _cache_dir(None) / f"printed_classifier-{key[:16]}.weights.h5"

    def train() -> keras.Model:
        if verbose:
            print("인쇄체 숫자 분류기를 학습합니다 ...", file=sys.stderr, flush=True)
        keras.utils.set_random_seed(PRINTED_SEED)
        images, labels = printed_images(PRINTED_TRAIN, PRINTED_SEED)
        model = build_classifier(num_classes=NUM_DIGITS)
        model.compile("adam", "sparse_categorical_crossentropy")
        model.fit(images, labels, batch_size=64, epochs=5, shuffle=True, verbose=0)
        return model

    return cached_weights(path, lambda: build_classifier(num_classes=NUM_DIGITS), train)


def _mean(agreement: dict[int, float]) -> float:
    return float(np.mean(list(agreement.values())))


def translation_report(gan, data: MnistData, n: int = 1000, seed: int = 0) -> dict:
    """학습된 CycleGAN(gan)을 두 방향으로 잽니다. 손글씨는 data에서 분류기가 학습하지 않은 숫자를 씁니다.

    b2a에는 숫자마다의 비율(per_label: 바꾼 뒤, source_per_label: 바꾸기 전)도 담습니다.
    """
    mnist_classifier = load_or_train_classifier(data=data, verbose=False)
    printed_classifier = load_or_train_printed_classifier()
    held_out = held_out_mask(data.labels)
    handwritten, hand_labels = data.images[held_out][:n], data.labels[held_out][:n]
    printed, printed_labels = printed_images(len(handwritten), 10_000 + seed)
    reference_printed, _ = printed_images(len(handwritten), 20_000 + seed)
    to_printed, to_handwritten = gan.translate(handwritten, "a2b"), gan.translate(printed, "b2a")
    b2a = label_agreement(mnist_classifier, to_handwritten, printed_labels)
    b2a_source = label_agreement(mnist_classifier, printed, printed_labels)

    def fd(a, b):
        return frechet_distance(
            classifier_features(mnist_classifier, a), classifier_features(mnist_classifier, b)
        )

    return {
        "b2a": {
            "label_agreement": _mean(b2a),
            "source_label_agreement": _mean(b2a_source),
            "per_label": {str(d): share for d, share in b2a.items()},
            "source_per_label": {str(d): share for d, share in b2a_source.items()},
            "frechet_to_handwritten": fd(to_handwritten, handwritten),
            "source_frechet_to_handwritten": fd(printed, handwritten),
            "cycle_error": float(np.abs(gan.translate(to_handwritten, "a2b") - printed).mean()),
        },
        "a2b": {
            "label_agreement": _mean(label_agreement(printed_classifier, to_printed, hand_labels)),
            "source_label_agreement": _mean(
                label_agreement(printed_classifier, handwritten, hand_labels)
            ),
            "frechet_to_printed": fd(to_printed, reference_printed),
            "source_frechet_to_printed": fd(handwritten, reference_printed),
            "cycle_error": float(np.abs(gan.translate(to_printed, "b2a") - handwritten).mean()),
        },
    }


class TranslationReportAt(keras.callbacks.Callback):
    """학습 중 반복 step을 마친 때의 translation_report를 ``report``에 남깁니다.

    stop=True면 그 자리에서 학습을 멈춥니다. 학습률 일정은 설정의 전체 반복 수를 따르므로, 같은 설정의
    두 학습을 같은 반복에서 견줄 때 씁니다.
    """

    def __init__(self, step: int, data: MnistData, stop: bool = False):
        super().__init__()
        self.step, self.data, self.stop = step, data, stop
        self.report: dict | None = None

    def on_train_batch_end(self, batch: int, logs: dict | None = None) -> None:
        if self.model.step == self.step:
            self.report = translation_report(self.model, self.data)
            self.model.stop_training = self.stop
