"""페이지가 보여 주는 층 목록(lab.architecture)이 모델 그대로인지: 알려진 구조와 견줍니다."""

import keras
from keras import layers

from gan_tutorial import Discriminator, Generator
from gan_tutorial.lab.architecture import layer_groups, shape_path, walkthrough


def test_default_dcgan_generator_is_listed_layer_group_by_group():
    text = walkthrough(Generator().model()).splitlines()
    assert text == [
        "1. `Dense`(완전 연결층): 길이 100인 벡터 → 값 6,272개, 뒤에 배치 정규화 → ReLU",
        "2. `Reshape`: 값 6,272개를 7×7×128 모양으로 세웁니다",
        "3. `Conv2DTranspose`(전치 합성곱, 커널 4×4, 스트라이드 1): 7×7×128 → 7×7×64, 뒤에 배치 정규화 → ReLU",
        "4. `Conv2DTranspose`(전치 합성곱, 커널 4×4, 스트라이드 2): 7×7×64 → 14×14×32, 뒤에 배치 정규화 → ReLU",
        "5. `Conv2DTranspose`(전치 합성곱, 커널 4×4, 스트라이드 2): 14×14×32 → 28×28×1, 뒤에 tanh",
    ]


def test_default_dcgan_discriminator_shapes():
    model = Discriminator().model()
    assert shape_path(model, 16) == (
        "(16, 28, 28, 1) → (16, 14, 14, 32) → (16, 7, 7, 64) → (16, 4, 4, 128) → (16, 2048) → (16, 1)"
    )
    assert (
        walkthrough(model).splitlines()[-1]
        == "5. `Dense`(완전 연결층): 길이 2,048인 벡터 → 값 1개 (로짓)"
    )


def test_followers_join_the_layer_before_them():
    model = keras.Sequential(
        [
            keras.Input((8,)),
            layers.Dense(4, activation="sigmoid"),
            layers.Dropout(0.5),
            layers.Dense(2),
            layers.LeakyReLU(negative_slope=0.1),
        ]
    )
    groups = layer_groups(model)
    assert [len(g.layers) for g in groups] == [2, 2]
    assert [(g.input_shape, g.output_shape) for g in groups] == [((8,), (4,)), ((4,), (2,))]
    assert walkthrough(model).splitlines() == [
        "1. `Dense`(완전 연결층): 길이 8인 벡터 → 값 4개, 뒤에 sigmoid → 드롭아웃 0.5",
        "2. `Dense`(완전 연결층): 길이 4인 벡터 → 값 2개, 뒤에 LeakyReLU(기울기 0.1)",
    ]
