import re

import pytest

from gan_tutorial import TrainConfig
from gan_tutorial.config import RESUMABLE
from gan_tutorial.errors import GanTutorialError


@pytest.mark.parametrize("model", ["dcgan", "mlp"])
def test_learning_rate_default_is_the_measured_one(model):
    assert TrainConfig(model=model).learning_rate == 1e-3
    assert TrainConfig(model=model, learning_rate=3e-4).learning_rate == 3e-4


def test_unset_values_take_the_model_defaults():
    dcgan, wgan = TrainConfig(), TrainConfig(model="wgan-gp")
    assert (dcgan.steps, dcgan.k_disc, dcgan.loss, dcgan.beta_1, dcgan.beta_2) == (
        2500,
        1,
        "non-saturating",
        0.5,
        0.999,
    )
    assert (wgan.steps, wgan.k_disc, wgan.loss, wgan.beta_1, wgan.beta_2) == (
        600,
        5,
        "wasserstein",
        0.0,
        0.9,
    )
    assert TrainConfig(model="wgan-gp", k_disc=3).k_disc == 3  # 준 값이 기본값보다 먼저
    assert TrainConfig(model="cgan").steps == 2000


def test_save_and_load_roundtrip(tmp_path):
    config = TrainConfig(model="mlp", steps=7, k_disc=2, seed=5)
    config.save(tmp_path / "config.json")
    assert TrainConfig.load(tmp_path / "config.json") == config


def test_sample_steps_include_classic_iterations():
    assert TrainConfig(steps=250, sample_every=100).sample_steps() == [0, 10, 30, 100, 200, 250]


def test_images_per_step():
    assert TrainConfig(batch_size=16, k_disc=3).images_per_step == 48


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"steps": -1}, "steps=-1"),
        ({"k_disc": 0}, "k_disc=0"),
        ({"batch_size": 5000}, "batch_size=5000: 1 이상 1024 이하"),
        ({"model": "gru"}, "알 수 없는 모델 'gru'"),
        ({"loss": "hinge"}, "알 수 없는 손실 'hinge'"),
        ({"learning_rate": 2.0}, "learning_rate=2.0: 0 초과 1 미만"),
        ({"learning_rate": 0.0}, "learning_rate=0.0: 0 초과 1 미만"),
        ({"learning_rate": float("nan")}, "learning_rate=nan: 0 초과 1 미만"),
        ({"beta_1": 1.0}, "beta_1=1.0: 0 이상 1 미만"),
        ({"beta_2": -0.1}, "beta_2=-0.1: 0 이상 1 미만"),
        ({"cycle_weight": float("inf")}, "cycle_weight=inf: 0 이상 1000 이하"),
        ({"r1_weight": -1.0}, "r1_weight=-1.0: 0 이상 1000 이하"),
        ({"ema_decay": 1.0}, "ema_decay=1.0: 0 이상 1 미만"),
        ({"seed": -3}, "seed=-3: 0 이상 4294967295 이하"),
        ({"seed": 2**32}, "seed=4294967296: 0 이상 4294967295 이하"),
    ],
)
def test_bad_values_are_rejected(changes, message):
    with pytest.raises(GanTutorialError, match=re.escape(message)) as error:
        TrainConfig(**changes)
    field = next(iter(changes))
    assert error.value.field == (None if field in ("model", "loss") else field)


def test_the_largest_seed_is_accepted():
    assert TrainConfig(seed=2**32 - 1).seed == 2**32 - 1


def test_resumed_applies_only_the_resumable_settings():
    stored = TrainConfig(model="mlp", steps=100)
    assert RESUMABLE == ("steps", "checkpoint_every", "sample_every")
    longer = stored.resumed(steps=300, checkpoint_every=7, sample_every=9, model="mlp")
    assert (longer.steps, longer.checkpoint_every, longer.sample_every) == (300, 7, 9)
    assert longer.replace(steps=100, checkpoint_every=100, sample_every=100) == stored
    for name, value in [("model", "dcgan"), ("learning_rate", 0.05), ("seed", 1), ("data", "x")]:
        with pytest.raises(GanTutorialError, match=f"{name}을\\(를\\) 바꿀 수 없습니다"):
            stored.resumed(**{name: value})
