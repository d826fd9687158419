"""CycleGAN 평가: 바꾼 숫자가 그 숫자로 남는가, 목표 도메인으로 옮겨 갔는가, 되돌리면 원래 그림인가.

- 숫자 유지: 인쇄체 → 손글씨(b2a) 결과는 품질 평가기(MNIST 분류기)로, 손글씨 → 인쇄체(a2b) 결과는
  패키지가 자기 인쇄체 렌더로 학습한 분류기로 읽어, 원래 숫자로 0.9 이상 확신하는 비율을 잽니다.
  같은 분류기로 바꾸기 전 그림을 읽은 비율(source_label_agreement)도 함께 냅니다.
- 도메인 이동: 바꾼 그림과 목표 도메인의 진짜 그림 사이의 프레셰 거리를, 바꾸기 전 그림과 목표
  도메인 사이의 거리와 견줍니다(특징은 품질 평가기의 것). 그리고 손글씨와 인쇄체만 가르도록 학습한
  도메인 분류기가 바꾼 그림을 목표 도메인 쪽으로 읽는 비율(domain_share)도 잽니다.
- 순환 복원 오차: F(G(a))와 a, G(F(b))와 b의 픽셀 평균 절대 오차([−1, 1] 범위).
"""

import hashlib
import json
import sys

import keras
import numpy as np

from .. import runcache
from ..data import MnistData, fingerprint
from ..printed import printed_images
from .evaluate import (
    NUM_DIGITS,
    _cache_dir,
    _cache_key,
    build_classifier,
    cached_weights,
    classifier_features,
    classifier_probabilities,
    frechet_distance,
    held_out_mask,
    label_agreement,
    load_or_train_classifier,
)

__all__ = [
    "TranslationReportAt",
    "build_domain_classifier",
    "domain_share",
    "load_or_train_domain_classifier",
    "load_or_train_printed_classifier",
    "receptive_field",
    "score_path",
    "translation_report",
]

PRINTED_VERSION = "p2"  # 렌더링이나 분류기 학습법을 바꾸면 올립니다
PRINTED_TRAIN = 6000
PRINTED_SEED = 100  # 분류기 학습용 렌더의 시드 (CycleGAN 학습 데이터의 시드와 겹치지 않게)
DOMAIN_VERSION = "d3"  # 도메인 분류기의 구조나 학습법을 바꾸면 올립니다
DOMAIN_EPOCHS = 5  # 떼어 둔 MNIST의 98%, 평가용 렌더의 99.9%를 제 도메인으로 읽습니다
DOMAIN_SEED = 300  # 도메인 분류기 학습용 렌더의 시드 (평가용 10_000·20_000번대와 겹치지 않게)
HANDWRITTEN, PRINTED = 0, 1  # 도메인 분류기의 두 클래스


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


def build_domain_classifier() -> keras.Model:
    """도메인 분류기: 숫자 분류기(build_classifier)와 같은 구조에 클래스 둘, 이미지 보강 없음.

    돌리거나 키운 인쇄체는 손글씨와 헷갈리기 쉬워, 보강하면 진짜 손글씨도 잘 가려내지 못합니다.
    """
    return build_classifier(num_classes=2, augment=False, name="domain_classifier")


def load_or_train_domain_classifier(data: MnistData, verbose: bool = False) -> keras.Model:
    """손글씨(0)와 인쇄체(1)를 가르는 분류기: 평가에 쓰지 않는 MNIST와 같은 수의 렌더로 학습합니다.

    숫자는 묻지 않고 도메인만 묻습니다. 캐시는 데이터의 내용으로 구별합니다.
    """
    held_out = held_out_mask(data.labels)
    key = hashlib.sha256(
        f"{DOMAIN_VERSION}-{DOMAIN_EPOCHS}-{DOMAIN_SEED}-{_cache_key(data)}".encode()
    ).hexdigest()
    path = _cache_dir(None) / f"domain_classifier-{key[:16]}.weights.h5"

    def train() -> keras.Model:
        if verbose:
            print("도메인 분류기를 학습합니다 ...", file=sys.stderr, flush=True)
        keras.utils.set_random_seed(DOMAIN_SEED)
        handwritten = data.images[~held_out]
        printed, _ = printed_images(len(handwritten), DOMAIN_SEED)
        images = np.concatenate([handwritten, printed])
        domains = np.repeat([HANDWRITTEN, PRINTED], [len(handwritten), len(printed)])
        model = build_domain_classifier()
        model.compile("adam", "sparse_categorical_crossentropy")
        model.fit(images, domains, batch_size=64, epochs=DOMAIN_EPOCHS, shuffle=True, verbose=0)
        return model

    return cached_weights(path, build_domain_classifier, train)


def domain_share(classifier: keras.Model, images: np.ndarray, domain: int) -> float:
    """도메인 분류기가 images를 domain(HANDWRITTEN 또는 PRINTED) 쪽으로 읽는 비율(확률 0.5 이상)."""
    probabilities = classifier_probabilities(classifier, images)
    return float((probabilities[:, domain] >= 0.5).mean())


def score_path(discriminator: keras.Model) -> list[tuple[int, int]]:
    """패치 판별자가 입력에서 점수까지 지나는 합성곱들의 (커널, 보폭), 입력 쪽부터.

    점수를 내는 1채널 합성곱에서 거꾸로 입력까지 층을 따라갑니다(레이블 투영의 특징 φ'은 같은
    자리에서 갈라지는 같은 크기의 합성곱이라 보는 범위가 같습니다).
    """
    scores = [
        layer
        for layer in discriminator.layers
        if isinstance(layer, keras.layers.Conv2D) and layer.filters == 1
    ]
    if len(scores) != 1:
        raise ValueError(f"{discriminator.name}: 1채널 점수를 내는 합성곱이 하나여야 합니다.")
    path, node = [], scores[0]._inbound_nodes[0]
    while node is not None:
        if isinstance(node.operation, keras.layers.Conv2D):
            path.append((int(node.operation.kernel_size[0]), int(node.operation.strides[0])))
        node = node.parent_nodes[0] if node.parent_nodes else None
    return path[::-1]


def receptive_field(path: list[tuple[int, int]]) -> int:
    """(커널, 보폭) 합성곱을 차례로 지난 출력 한 칸이 보는 입력 조각의 한 변(픽셀).

    합성곱 하나는 보는 범위를 (커널 − 1) × (지금까지의 보폭을 모두 곱한 값)만큼 넓힙니다.
    인스턴스 정규화의 평균·분산은 그림 전체에서 구하지만, 여기서는 합성곱만 셉니다.
    """
    field, jump = 1, 1
    for kernel, stride in path:
        field += (kernel - 1) * jump
        jump *= stride
    return field


def _mean(agreement: dict[int, float]) -> float:
    return float(np.mean(list(agreement.values())))


def translation_report(gan, data: MnistData, n: int = 1000, seed: int = 0) -> dict:
    """학습된 CycleGAN(gan)을 두 방향으로 잽니다. 손글씨는 data에서 분류기가 학습하지 않은 숫자를 씁니다.

    b2a에는 숫자마다의 비율(per_label: 바꾼 뒤, source_per_label: 바꾸기 전)도 담습니다.
    domain_share는 도메인 분류기가 바꾼 그림을 목표 도메인으로 읽는 비율, source_domain_share는
    바꾸기 전 그림을, target_domain_share는 목표 도메인의 진짜 그림을 그렇게 읽는 비율입니다.
    """
    mnist_classifier = load_or_train_classifier(data=data, verbose=False)
    printed_classifier = load_or_train_printed_classifier()
    domain_classifier = load_or_train_domain_classifier(data)
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
            "domain_share": domain_share(domain_classifier, to_handwritten, HANDWRITTEN),
            "source_domain_share": domain_share(domain_classifier, printed, HANDWRITTEN),
            "target_domain_share": domain_share(domain_classifier, handwritten, HANDWRITTEN),
        },
        "a2b": {
            "label_agreement": _mean(label_agreement(printed_classifier, to_printed, hand_labels)),
            "source_label_agreement": _mean(
                label_agreement(printed_classifier, handwritten, hand_labels)
            ),
            "frechet_to_printed": fd(to_printed, reference_printed),
            "source_frechet_to_printed": fd(handwritten, reference_printed),
            "cycle_error": float(np.abs(gan.translate(to_printed, "b2a") - handwritten).mean()),
            "domain_share": domain_share(domain_classifier, to_printed, PRINTED),
            "source_domain_share": domain_share(domain_classifier, handwritten, PRINTED),
            "target_domain_share": domain_share(domain_classifier, reference_printed, PRINTED),
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

    def cache_token(self) -> str:
        """학습 캐시 키에 넣을 값(runcache): 반복, 멈춤 여부, 데이터, 이 모듈과 그 의존 코드."""
        return json.dumps(
            {
                "callback": "TranslationReportAt",
                "step": self.step,
                "stop": self.stop,
                "data": fingerprint(self.data),
                "code": runcache.source_digest([__name__]),
            }
        )

    def cache_state(self) -> dict | None:
        return self.report

    def restore_cache_state(self, report: dict | None) -> None:
        self.report = report

    def on_train_batch_end(self, batch: int, logs: dict | None = None) -> None:
        if self.model.step == self.step:
            self.report = translation_report(self.model, self.data)
            self.model.stop_training = self.stop
