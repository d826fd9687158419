"""원 논문(Goodfellow et al., 2014)의 다층 퍼셉트론(MLP) 생성자와 판별자."""

import keras
from keras import layers

__all__ = ["build_mlp_discriminator", "build_mlp_generator"]


def build_mlp_generator(
    image_shape: tuple[int, int, int], latent_size: int = 100, hidden: tuple[int, ...] = (256, 512)
) -> keras.Sequential:
    """잠재 벡터 z를 완전 연결층으로 키워 이미지 하나를 만드는 생성자입니다."""
    pixels = image_shape[0] * image_shape[1] * image_shape[2]
    model = keras.Sequential(name="mlp_generator")
    model.add(keras.Input(shape=(latent_size,), name="z"))
    for units in hidden:
        model.add(layers.Dense(units))
        model.add(layers.LeakyReLU(negative_slope=0.2))
    model.add(layers.Dense(pixels, activation="tanh"))  # 픽셀 값을 [−1, 1]로
    model.add(layers.Reshape(image_shape))
    return model


def build_mlp_discriminator(
    image_shape: tuple[int, int, int], hidden: tuple[int, ...] = (512, 256)
) -> keras.Sequential:
    """이미지를 펼쳐 완전 연결층에 넣고 '진짜일 로짓' 하나를 내는 판별자입니다."""
    model = keras.Sequential(name="mlp_discriminator")
    model.add(keras.Input(shape=image_shape, name="image"))
    model.add(layers.Flatten())
    for units in hidden:
        model.add(layers.Dense(units))
        model.add(layers.LeakyReLU(negative_slope=0.2))
    model.add(layers.Dense(1, name="logit"))  # 시그모이드는 손실 함수 안에서 적용
    return model
