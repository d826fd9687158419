"""DCGAN(Radford et al., 2016)의 다섯 가지 지침을 따르는 합성곱 생성자와 판별자.

1. 풀링 대신 판별자는 스트라이드 합성곱, 생성자는 전치 합성곱으로 크기를 바꿉니다.
2. 생성자 출력층과 판별자 입력층을 빼고 배치 정규화를 씁니다.
3. 생성자의 첫 투영(projection)을 빼면 은닉 완전 연결층이 없습니다.
4. 생성자는 ReLU, 출력만 tanh를 씁니다.
5. 판별자는 LeakyReLU(기울기 0.2)를 씁니다.
"""

import keras
from keras import layers

__all__ = [
    "BN_MOMENTUM",
    "CLASSIC_DISCRIMINATOR",
    "CLASSIC_GENERATOR",
    "DEFAULT_FILTERS",
    "build_dcgan_discriminator",
    "build_dcgan_generator",
    "dcgan_discriminator_features",
]

# 기본값: 2코어 CPU에서 CPU 초당 품질이 가장 좋았던 구조 (README의 "CPU 초당 품질" 참고).
# depth는 생성자에서 출력층 앞의 전치 합성곱 수, 판별자에서 스트라이드 2 합성곱 수입니다.
DEFAULT_FILTERS = 32
# 4×4: 스트라이드 2로 나누어떨어져 체커보드 무늬가 덜 생기고, 반복당 CPU가 5×5보다 약 19% 적습니다.
KERNEL_SIZE = 4
GENERATOR_DEPTH = 2
DISCRIMINATOR_DEPTH = 3
# 조건부 가족(cgan, text2image)과 WGAN-GP가 쓰는 처음 구조: 논문의 5×5 커널, 층이 하나씩 적습니다.
# README의 그 가족 측정값은 이 구조로 잰 것입니다.
CLASSIC_GENERATOR = {"depth": 1, "kernel_size": 5}
CLASSIC_DISCRIMINATOR = {"depth": 2, "kernel_size": 5}
# 생성자 배치 정규화의 이동 평균 운동량. Keras 기본값 0.99는 이동 평균이 반복 수백 번에 걸쳐
# 따라오므로 학습 초반의 추론 모드 그림(반복 10, 30의 진행 그림)이 밋밋한 회색이 됩니다.
# 0.9는 PyTorch와 DCGAN 원 구현(Torch)의 기본값과 같고, 학습 모드만 쓰는 학습 자체는 바꾸지 않습니다.
BN_MOMENTUM = 0.9


def build_dcgan_generator(
    image_shape: tuple[int, int, int],
    latent_size: int = 100,
    filters: int = DEFAULT_FILTERS,
    depth: int = GENERATOR_DEPTH,
    kernel_size: int = KERNEL_SIZE,
) -> keras.Sequential:
    """z를 1/4 크기 특징 맵으로 투영한 뒤 전치 합성곱으로 다듬고 두 번 두 배씩 키웁니다.

    은닉 전치 합성곱 depth개 가운데 마지막만 스트라이드 2(크기 두 배)이고, 그 앞은 크기를 그대로
    두고 채널을 절반씩 줄입니다. 출력층이 두 번째 두 배를 맡습니다.
    """
    height, width, channels = image_shape
    start = (height // 4, width // 4, filters * 2**depth)
    model = keras.Sequential(name="dcgan_generator")
    model.add(keras.Input(shape=(latent_size,), name="z"))
    model.add(layers.Dense(start[0] * start[1] * start[2], use_bias=False))  # 투영
    model.add(layers.BatchNormalization(momentum=BN_MOMENTUM))
    model.add(layers.ReLU())
    model.add(layers.Reshape(start))
    for i in range(depth):
        stride = 2 if i == depth - 1 else 1
        model.add(
            layers.Conv2DTranspose(
                filters * 2 ** (depth - 1 - i), kernel_size, stride, padding="same", use_bias=False
            )
        )
        model.add(layers.BatchNormalization(momentum=BN_MOMENTUM))
        model.add(layers.ReLU())
    # 출력층: 배치 정규화 없이 tanh로 [−1, 1] 픽셀을 냅니다.
    model.add(layers.Conv2DTranspose(channels, kernel_size, strides=2, padding="same"))
    model.add(layers.Activation("tanh"))
    return model


def dcgan_discriminator_features(
    filters: int = DEFAULT_FILTERS, depth: int = DISCRIMINATOR_DEPTH, kernel_size: int = KERNEL_SIZE
) -> list[layers.Layer]:
    """판별자의 특징 추출 층들: 스트라이드 2 합성곱 depth번(채널은 두 배씩) 뒤 펼치기."""
    # 입력층: 배치 정규화 없이 바로 LeakyReLU
    features = [
        layers.Conv2D(filters, kernel_size, strides=2, padding="same"),
        layers.LeakyReLU(negative_slope=0.2),
    ]
    for i in range(1, depth):
        features += [
            layers.Conv2D(filters * 2**i, kernel_size, 2, padding="same", use_bias=False),
            layers.BatchNormalization(),
            layers.LeakyReLU(negative_slope=0.2),
        ]
    return [*features, layers.Flatten()]


def build_dcgan_discriminator(
    image_shape: tuple[int, int, int],
    filters: int = DEFAULT_FILTERS,
    depth: int = DISCRIMINATOR_DEPTH,
    kernel_size: int = KERNEL_SIZE,
) -> keras.Sequential:
    """스트라이드 2 합성곱 depth번으로 이미지를 줄이고 로짓 하나를 냅니다."""
    model = keras.Sequential(name="dcgan_discriminator")
    model.add(keras.Input(shape=image_shape, name="image"))
    for layer in dcgan_discriminator_features(filters, depth, kernel_size):
        model.add(layer)
    model.add(layers.Dense(1, name="logit"))  # 은닉층이 아닌 출력층
    return model
