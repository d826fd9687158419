"""모델: 원문 API(model/summary/save_model), 모양, 잘못된 크기의 거부."""

import shutil

import keras
import numpy as np
import pytest

from gan_tutorial.config import TrainConfig
from gan_tutorial.errors import GanTutorialError
from gan_tutorial.models import Discriminator, Generator
from gan_tutorial.models.dcgan import build_dcgan_discriminator, build_dcgan_generator
from gan_tutorial.runner import build_gan


@pytest.mark.parametrize("arch", ["dcgan", "mlp"])
@pytest.mark.parametrize("size", [(28, 28, 1), (32, 32, 3)])
def test_shapes(arch, size):
    width, height, channels = size
    generator = Generator(width, height, channels, latent_size=16, arch=arch)
    discriminator = Discriminator(width, height, channels, latent_size=16, arch=arch)
    images = generator.model()(np.zeros((3, 16), "float32"))
    assert images.shape == (3, height, width, channels)
    assert discriminator.model()(images).shape == (3, 1)
    values = keras.ops.convert_to_numpy(images)
    assert values.min() >= -1 and values.max() <= 1  # tanh 출력


def test_default_arguments_match_the_seed_api():
    generator, discriminator = Generator(), Discriminator()
    for network in (generator, discriminator):
        assert (network.width, network.height, network.channels, network.latent_size) == (
            28,
            28,
            1,
            100,
        )
    assert generator.model().input_shape == (None, 100)
    assert discriminator.model().input_shape == (None, 28, 28, 1)


def test_model_is_built_once():
    generator = Generator(arch="mlp")
    assert generator.model() is generator.model()


@pytest.mark.parametrize("network", [Generator, Discriminator])
@pytest.mark.parametrize("arch", ["dcgan", "mlp"])
def test_models_are_chains_of_layers(network, arch):
    """순차 모델: 층을 차례로 하나씩 부른 결과가 모델을 한 번에 부른 결과와 같습니다."""
    model = network(latent_size=16, arch=arch).model()
    assert isinstance(model, keras.Sequential)
    x = np.random.default_rng(0).standard_normal((4, *model.input_shape[1:])).astype("float32")
    y = x
    for layer in model.layers:
        y = layer(y, training=False)
    np.testing.assert_allclose(np.asarray(y), np.asarray(model(x, training=False)), atol=1e-6)


def test_summary_lists_every_layer_and_the_parameter_count(capsys):
    network = Discriminator(arch="mlp")
    network.summary()
    out = capsys.readouterr().out
    model = network.model()
    for layer in model.layers:
        assert layer.name in out
    assert f"Total params: {model.count_params():,}" in out
    assert model.count_params() == (784 * 512 + 512) + (512 * 256 + 256) + (256 + 1)


@pytest.mark.skipif(shutil.which("dot") is None, reason="graphviz가 없음")
def test_save_model_writes_png(tmp_path, monkeypatch):
    path = Generator().save_model(tmp_path / "g.png")
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    monkeypatch.setenv("GAN_TUTORIAL_OUTPUT", str(tmp_path / "out"))
    default = Discriminator(arch="mlp").save_model()
    assert default == tmp_path / "out" / "models" / "mlp_discriminator.png"
    assert default.exists()


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"width": 30, "height": 30}, "4의 배수"),
        ({"channels": 2}, "흑백은 1, 컬러는 3"),
        ({"latent_size": 0}, "latent_size=0"),
        ({"width": -28}, "width=-28"),
        ({"arch": "resnet"}, "dcgan, mlp"),
    ],
)
def test_bad_sizes_are_rejected(kwargs, message):
    with pytest.raises(GanTutorialError, match=message):
        Generator(**kwargs)


def test_mlp_accepts_any_size():
    assert Generator(30, 30, 1, arch="mlp").model().output_shape == (None, 30, 30, 1)


def test_generator_batchnorm_tracks_minibatch_statistics_with_momentum_0_9():
    """이동 분산 ← 0.9 × 이동 분산 + 0.1 × 미니배치 분산 (학습 모드로 한 번 부른 뒤)."""
    model = Generator(latent_size=8).model()
    norms = [layer for layer in model.layers if isinstance(layer, keras.layers.BatchNormalization)]
    assert [layer.momentum for layer in norms] == [0.9, 0.9, 0.9]
    z = np.random.default_rng(0).standard_normal((32, 8)).astype("float32")
    projected = np.asarray(model.layers[0](z))  # 첫 배치 정규화의 입력
    model(z, training=True)
    expected = 0.9 * 1.0 + 0.1 * projected.var(axis=0)
    np.testing.assert_allclose(np.asarray(norms[0].moving_variance), expected, rtol=1e-4)


def _layout(model: keras.Model, kind: type) -> list[tuple]:
    return [
        (layer.filters, layer.kernel_size, layer.strides)
        for layer in model.layers
        if isinstance(layer, kind)
    ]


def test_default_dcgan_is_one_layer_deeper_with_4x4_kernels():
    generator = build_dcgan_generator((28, 28, 1))
    assert generator.layers[0].units == 7 * 7 * 128  # 7×7×(32·2²)으로 투영
    assert _layout(generator, keras.layers.Conv2DTranspose) == [
        (64, (4, 4), (1, 1)),  # 7×7 그대로 다듬기
        (32, (4, 4), (2, 2)),  # 14×14
        (1, (4, 4), (2, 2)),  # 28×28 출력
    ]
    discriminator = build_dcgan_discriminator((28, 28, 1))
    assert _layout(discriminator, keras.layers.Conv2D) == [
        (32, (4, 4), (2, 2)),
        (64, (4, 4), (2, 2)),
        (128, (4, 4), (2, 2)),
    ]
    assert discriminator.layers[-2].output.shape == (None, 4 * 4 * 128)  # 28 → 14 → 7 → 4


def test_conditional_families_keep_the_classic_dcgan():
    """cgan의 생성자·판별자는 README 측정 당시의 구조(5×5, 층 하나씩 적음) 그대로입니다."""
    gan = build_gan(TrainConfig(model="cgan"))
    synthesis = gan.generator.get_layer("synthesis")
    assert _layout(synthesis, keras.layers.Conv2DTranspose) == [
        (32, (5, 5), (2, 2)),
        (1, (5, 5), (2, 2)),
    ]
    features = gan.discriminator.get_layer("features")
    assert _layout(features, keras.layers.Conv2D) == [(32, (5, 5), (2, 2)), (64, (5, 5), (2, 2))]


def test_paper_initialisation_draws_kernels_and_gammas_from_the_papers_normals():
    gan = build_gan(TrainConfig(model="dcgan", init="paper", seed=4))
    for model in (gan.generator, gan.discriminator):
        for layer in model.layers:
            if isinstance(layer, keras.layers.BatchNormalization):
                assert abs(float(np.mean(layer.gamma)) - 1) < 0.01
                assert 0.015 < float(np.std(layer.gamma)) < 0.025
                assert not np.any(layer.beta)
            elif hasattr(layer, "kernel") and layer.kernel.shape.num_elements() > 1000:
                assert abs(float(np.std(layer.kernel)) - 0.02) < 0.001  # Keras 기본값은 층마다 다름
                assert layer.bias is None or not np.any(layer.bias)
    again = build_gan(TrainConfig(model="dcgan", init="paper", seed=4))
    for a, b in zip(gan.generator.weights, again.generator.weights, strict=True):
        np.testing.assert_array_equal(a, b)  # 같은 시드, 같은 가중치
    # 평균 생성자는 논문 초기화를 마친 생성자의 사본에서 시작합니다
    for a, b in zip(gan.generator.weights, gan.average_generator.weights, strict=True):
        np.testing.assert_array_equal(a, b)


def test_keras_initialisation_is_the_default_and_differs():
    # Glorot 균등분포는 ±√(6 / (100 + 6272)) ≈ ±0.031 안에 있고, N(0, 0.02²)은 그 밖으로도 나갑니다
    limit = np.sqrt(6 / (100 + 6272))
    keras_kernel = build_gan(TrainConfig(model="dcgan")).generator.layers[0].kernel
    paper_kernel = build_gan(TrainConfig(model="dcgan", init="paper")).generator.layers[0].kernel
    assert float(np.abs(keras_kernel).max()) <= limit + 1e-6
    assert float(np.abs(paper_kernel).max()) > 2 * limit
