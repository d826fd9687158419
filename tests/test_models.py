"""모델: 원문 API(model/summary/save_model), 모양, 잘못된 크기의 거부."""

import shutil

import keras
import numpy as np
import pytest

from gan_tutorial.errors import GanTutorialError
from gan_tutorial.models import Discriminator, Generator


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


def test_generator_is_sequential():
    assert isinstance(Generator().model(), keras.Sequential)


def test_summary_prints(capsys):
    Discriminator(arch="mlp").summary()
    out = capsys.readouterr().out
    assert "mlp_discriminator" in out and "Total params" in out


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
