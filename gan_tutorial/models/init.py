"""가중치 초기화: Keras 기본값 대신 DCGAN 논문의 초기화를 쓰는 방법.

DCGAN 논문(Radford et al., 2016)은 "모든 가중치를 평균 0, 표준편차 0.02인 정규분포에서"
초기화했고, 저자들의 코드는 배치 정규화의 배율 γ를 평균 1, 표준편차 0.02인 정규분포에서 뽑았습니다.
Keras는 합성곱·완전 연결층의 커널을 Glorot 균등분포로, γ를 1로 시작합니다.
"""

import keras
import numpy as np
from keras import layers

from ..errors import check_choice

__all__ = ["INITS", "PAPER_STDDEV", "initialize"]

INITS = ("keras", "paper")
PAPER_STDDEV = 0.02


def initialize(model: keras.Model, init: str, seed: int) -> None:
    """init이 "paper"면 (순차) model의 가중치를 DCGAN 논문의 초기화로 다시 뽑습니다("keras"면 그대로).

    커널은 N(0, 0.02²), 편향·β는 0, 배치 정규화의 γ는 N(1, 0.02²)입니다. 같은 seed는 같은 가중치를 냅니다.
    """
    check_choice("초기화", init, INITS)
    if init == "keras":
        return
    rng = np.random.default_rng(seed)
    for layer in model.layers:
        if isinstance(layer, layers.BatchNormalization):
            if layer.gamma is not None:
                layer.gamma.assign(rng.normal(1.0, PAPER_STDDEV, layer.gamma.shape))
            if layer.beta is not None:
                layer.beta.assign(np.zeros(layer.beta.shape))
        elif hasattr(layer, "kernel"):
            layer.kernel.assign(rng.normal(0.0, PAPER_STDDEV, layer.kernel.shape))
            if getattr(layer, "bias", None) is not None:
                layer.bias.assign(np.zeros(layer.bias.shape))
