import pytest

from gan_tutorial import TrainConfig
from gan_tutorial.config import DEFAULT_LEARNING_RATES
from gan_tutorial.errors import GanTutorialError


@pytest.mark.parametrize("model", ["dcgan", "mlp"])
def test_learning_rate_default_depends_on_model(model):
    assert TrainConfig(model=model).learning_rate == DEFAULT_LEARNING_RATES[model]
    assert TrainConfig(model=model, learning_rate=3e-4).learning_rate == 3e-4


def test_save_and_load_roundtrip(tmp_path):
    config = TrainConfig(model="mlp", steps=7, k_disc=2, seed=5)
    config.save(tmp_path / "config.json")
    assert TrainConfig.load(tmp_path / "config.json") == config


def test_sample_steps_include_classic_iterations():
    assert TrainConfig(steps=250, sample_every=100).sample_steps() == [0, 10, 30, 100, 200, 250]


@pytest.mark.parametrize(
    "changes",
    [{"steps": -1}, {"k_disc": 0}, {"batch_size": 5000}, {"model": "gru"}, {"learning_rate": 2.0}],
)
def test_bad_values_are_rejected(changes):
    with pytest.raises(GanTutorialError):
        TrainConfig(**changes)
