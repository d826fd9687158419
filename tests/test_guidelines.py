"""DCGAN 다섯 지침 점검기(gan_tutorial.lab.guidelines)의 테스트입니다."""

import dataclasses

import keras
import pytest
from keras import layers

from gan_tutorial.lab.guidelines import (
    GuidelineReport,
    GuidelineResult,
    dcgan_guideline_report,
)
from gan_tutorial.models.dcgan import build_dcgan_discriminator, build_dcgan_generator
from gan_tutorial.models.mlp import build_mlp_discriminator, build_mlp_generator


def _failed(report: GuidelineReport) -> set[int]:
    return {result.number for result in report.violations()}


def _detail(report: GuidelineReport, number: int) -> str:
    return next(result.detail for result in report.results if result.number == number)


def _bad_discriminator() -> keras.Sequential:
    """입력 합성곱에 BN, ReLU, MaxPooling을 쓴 판별자: 지침 1, 2, 5 위반."""
    return keras.Sequential(
        [
            keras.Input((28, 28, 1)),
            layers.Conv2D(16, 3, strides=2, padding="same", name="in_conv"),
            layers.BatchNormalization(name="in_bn"),
            layers.ReLU(name="in_relu"),
            layers.Conv2D(32, 3, padding="same", name="conv2"),
            layers.BatchNormalization(name="bn2"),
            layers.LeakyReLU(0.2, name="leaky2"),
            layers.MaxPooling2D(name="pool"),
            layers.Flatten(),
            layers.Dense(1, name="logit"),
        ],
        name="bad_discriminator",
    )


def _bad_generator() -> keras.Sequential:
    """UpSampling, LeakyReLU, 출력층 BN, sigmoid 출력을 쓴 생성자: 지침 1, 2, 4 위반."""
    return keras.Sequential(
        [
            keras.Input((16,)),
            layers.Dense(7 * 7 * 8, name="proj"),
            layers.BatchNormalization(name="proj_bn"),
            layers.ReLU(name="proj_relu"),
            layers.Reshape((7, 7, 8)),
            layers.UpSampling2D(name="up"),
            layers.Conv2D(8, 3, padding="same", name="conv"),
            layers.BatchNormalization(name="conv_bn"),
            layers.LeakyReLU(0.2, name="leaky"),
            layers.Conv2DTranspose(1, 4, strides=2, padding="same", name="out"),
            layers.BatchNormalization(name="out_bn"),
            layers.Activation("sigmoid", name="out_sigmoid"),
        ],
        name="bad_generator",
    )


@pytest.mark.parametrize("shape", [(28, 28, 1), (32, 32, 3)])
def test_dcgan_models_follow_all_guidelines(shape):
    for model, role in (
        (build_dcgan_generator(shape), "generator"),
        (build_dcgan_discriminator(shape), "discriminator"),
    ):
        report = dcgan_guideline_report(model)
        assert report.role == role
        assert report.model_name == model.name
        assert [r.number for r in report.results] == [1, 2, 3, 4, 5]
        assert report.all_hold, str(report)
        assert report.violations() == []


def test_mlp_generator_violations_are_named():
    model = build_mlp_generator((28, 28, 1))
    report = dcgan_guideline_report(model)
    assert report.role == "generator"
    assert _failed(report) == {1, 2, 3, 4}
    dense = [layer.name for layer in model.layers if isinstance(layer, layers.Dense)]
    assert dense[0] not in _detail(report, 3)  # 첫 투영층은 허용됩니다
    assert all(f"'{name}'" in _detail(report, 3) for name in dense[1:])
    assert "배치 정규화가 없는 은닉층" in _detail(report, 2)
    assert "LeakyReLU" in _detail(report, 4)
    assert "전치 합성곱이 없습니다" in _detail(report, 1)


def test_mlp_discriminator_violations_are_named():
    model = build_mlp_discriminator((28, 28, 1))
    report = dcgan_guideline_report(model)
    assert report.role == "discriminator"
    assert _failed(report) == {1, 2, 3}
    hidden = [layer.name for layer in model.layers if isinstance(layer, layers.Dense)][:-1]
    assert all(f"'{name}'" in _detail(report, 3) for name in hidden)
    assert f"'{hidden[1]}'" in _detail(report, 2)  # 첫 층(입력층)은 BN이 없어야 맞습니다
    assert f"'{hidden[0]}'" not in _detail(report, 2)
    assert "기울기 0.2" in _detail(report, 5)


def test_non_conforming_discriminator():
    report = dcgan_guideline_report(_bad_discriminator())
    assert _failed(report) == {1, 2, 5}
    assert "'pool'(MaxPooling2D)" in _detail(report, 1)
    assert "'in_bn'" in _detail(report, 2) and "'in_conv'" in _detail(report, 2)
    assert "'in_relu'" in _detail(report, 5) and "'in_conv'" in _detail(report, 5)


def test_non_conforming_generator():
    report = dcgan_guideline_report(_bad_generator())
    assert _failed(report) == {1, 2, 4}
    assert "'up'(UpSampling2D)" in _detail(report, 1)
    assert "'out_bn'" in _detail(report, 2)
    assert "'leaky'" in _detail(report, 4) and "'out_sigmoid'" in _detail(report, 4)
    assert "'proj'" not in _detail(report, 4)


def test_activation_keyword_arguments_are_recognised():
    generator = keras.Sequential(
        [
            keras.Input((8,)),
            layers.Dense(4 * 4 * 8, activation="relu"),
            layers.BatchNormalization(),  # 활성화 뒤의 BN도 인정합니다
            layers.Reshape((4, 4, 8)),
            layers.Conv2DTranspose(4, 4, strides=2, padding="same", activation="relu"),
            layers.BatchNormalization(),
            layers.Conv2DTranspose(1, 4, strides=2, padding="same", activation="tanh"),
        ]
    )
    assert dcgan_guideline_report(generator).all_hold
    discriminator = keras.Sequential(
        [
            keras.Input((16, 16, 1)),
            layers.Conv2D(4, 4, strides=2, padding="same", activation="leaky_relu"),
            layers.Conv2D(8, 4, strides=2, padding="same"),
            layers.BatchNormalization(),
            layers.LeakyReLU(),  # Keras 3 기본 기울기 0.3: 지켜짐, 설명에 적습니다
            layers.Flatten(),
            layers.Dense(1, activation="sigmoid"),
        ]
    )
    report = dcgan_guideline_report(discriminator)
    assert report.all_hold, str(report)
    assert "0.2, 0.3" in _detail(report, 5) and "논문" in _detail(report, 5)
    assert "sigmoid" in _detail(report, 4)


def test_nested_models_are_flattened():
    generator = build_dcgan_generator((28, 28, 1))
    z = keras.Input((100,))
    wrapped = keras.Model(z, generator(z), name="wrapped")
    report = dcgan_guideline_report(wrapped)
    assert report.role == "generator" and report.all_hold
    assert report.model_name == "wrapped"


def test_global_pooling_counts_as_pooling():
    model = keras.Sequential(
        [
            keras.Input((16, 16, 1)),
            layers.Conv2D(4, 4, strides=2, padding="same"),
            layers.LeakyReLU(0.2),
            layers.GlobalAveragePooling2D(name="gap"),
            layers.Dense(1),
        ]
    )
    report = dcgan_guideline_report(model)
    assert _failed(report) == {1}
    assert "'gap'" in _detail(report, 1)


def test_role_detection_and_errors():
    classifier = keras.Sequential([keras.Input((4,)), layers.Dense(10)], name="classifier")
    with pytest.raises(ValueError, match="role="):
        dcgan_guideline_report(classifier)
    with pytest.raises(ValueError, match="role"):
        dcgan_guideline_report(classifier, role="critic")
    # 역할을 직접 주면 자동 판정을 건너뜁니다: 출력이 10개라 판별자 4번 위반입니다.
    report = dcgan_guideline_report(classifier, role="discriminator")
    assert report.role == "discriminator" and 4 in _failed(report)
    assert "10개" in _detail(report, 4)
    with pytest.raises(ValueError, match="가중치 층"):
        dcgan_guideline_report(keras.Sequential([keras.Input((4,)), layers.ReLU()]), "generator")


def test_text_rendering():
    report = dcgan_guideline_report(build_mlp_discriminator((28, 28, 1)))
    head, *rows = str(report).splitlines()
    assert "mlp_discriminator" in head and "판별자" in head and "5개 중 2개" in head
    assert [row.split()[1] for row in rows] == ["1.", "2.", "3.", "4.", "5."]
    marks = [row.split()[0] for row in rows]
    assert marks == ["[지킴]" if r.holds else "[어김]" for r in report.results]
    assert marks[0] == "[어김]" and marks[4] == "[지킴]"
    emoji = [ch for ch in str(report) if 0x2700 <= ord(ch) <= 0x27BF or ord(ch) >= 0x1F000]
    assert emoji == []  # 이모지 글꼴이 없으면 빈 상자로 보입니다


def test_result_is_frozen():
    result = GuidelineResult(1, "제목", True, "설명")
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.holds = False  # type: ignore[misc]
