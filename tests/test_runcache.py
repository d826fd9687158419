"""학습 캐시(runcache)와 가벼운 import: 같은 학습은 캐시에서, 설정·학습 코드가 바뀌면 다시 학습."""

import json
import subprocess
import sys

import keras
import numpy as np
import pytest

from gan_tutorial import runcache
from gan_tutorial.config import TrainConfig
from gan_tutorial.data import MnistData
from gan_tutorial.runner import train

CONFIG = TrainConfig(
    model="mlp", steps=20, batch_size=16, latent_size=8, checkpoint_every=10, sample_every=10
)


@pytest.fixture(scope="module")
def data() -> MnistData:
    images = np.random.default_rng(0).uniform(-1, 1, (128, 28, 28, 1)).astype("float32")
    return MnistData(images, np.arange(128) % 10, "테스트용 난수 이미지")


@pytest.fixture
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv(runcache.CACHE_ENV, str(tmp_path / "runs"))
    monkeypatch.setenv(runcache.LOG_ENV, str(tmp_path / "runs.jsonl"))
    return tmp_path / "runs.jsonl"


def hits(log) -> list[bool]:
    return [json.loads(line)["hit"] for line in log.read_text().splitlines()]


def weights(run) -> list[np.ndarray]:
    return [np.asarray(v) for v in run.gan.generator.variables + run.gan.discriminator.variables]


def test_same_run_comes_from_the_cache_with_the_same_numbers(tmp_path, data, cache):
    first = train(CONFIG, tmp_path / "a", data=data, verbose=0, figures=False)
    after_first = np.random.random()
    second = train(CONFIG, tmp_path / "b", data=data, verbose=0)
    # 학습 뒤 전역 난수 상태가 같습니다: 캐시를 쓴 페이지도 뒤 셀의 숫자가 같습니다
    assert np.random.random() == after_first
    assert hits(cache) == [False, True]
    assert not first.timing["cached"] and second.timing["cached"]
    assert second.timing["cpu_seconds"] == first.timing["cpu_seconds"] > 0
    for x, y in zip(weights(first), weights(second), strict=True):
        np.testing.assert_array_equal(x, y)
    assert second.gan.step == 20 and int(second.gan.g_optimizer.iterations.numpy()) == 20
    np.testing.assert_array_equal(first.history["g_loss"], second.history["g_loss"])
    assert sorted(first.samples()) == sorted(second.samples()) == [0, 10, 20]
    assert (
        tmp_path / "b" / "samples_final.png"
    ).is_file()  # 그림은 캐시에서 온 학습으로 새로 그립니다


def test_changed_config_trains_again(tmp_path, data, cache):
    train(CONFIG, tmp_path / "a", data=data, verbose=0, figures=False)
    train(CONFIG.replace(learning_rate=5e-4), tmp_path / "b", data=data, verbose=0, figures=False)
    changed = data._replace(images=data.images[::-1].copy())
    train(CONFIG, tmp_path / "c", data=changed, verbose=0, figures=False)
    assert hits(cache) == [False, False, False]


def test_changed_training_code_trains_again(tmp_path, data, cache, monkeypatch):
    train(CONFIG, tmp_path / "a", data=data, verbose=0, figures=False)
    digest = runcache.source_digest
    monkeypatch.setattr(runcache, "source_digest", lambda modules, *a: digest(modules, *a) + "x")
    train(CONFIG, tmp_path / "b", data=data, verbose=0, figures=False)
    assert hits(cache) == [False, False]


def test_training_code_is_the_family_and_the_core_not_plots_or_other_families():
    names = {
        p.relative_to(runcache.PACKAGE).as_posix()
        for p in runcache.source_closure(["gan_tutorial.runner", "gan_tutorial.families.cgan"])
    }
    assert {"training.py", "losses.py", "runner.py", "families/cgan.py", "models/dcgan.py"} <= names
    assert {"plots.py", "families/cyclegan.py", "lab/evaluate.py"}.isdisjoint(names)
    assert "plots.py" in {
        p.name for p in runcache.source_closure(["gan_tutorial.runner"], frozenset())
    }


class Counter(keras.callbacks.Callback):
    """반복 수를 세는 콜백: 캐시 규약(cache_token, cache_state, restore_cache_state)을 따릅니다."""

    def __init__(self, token="count"):
        super().__init__()
        self.token, self.count = token, 0

    def on_train_batch_end(self, batch, logs=None):
        self.count += 1

    def cache_token(self):
        return self.token

    def cache_state(self):
        return self.count

    def restore_cache_state(self, state):
        self.count = state


def test_callbacks_state_is_restored_and_unknown_callbacks_disable_the_cache(tmp_path, data, cache):
    train(CONFIG, tmp_path / "a", data=data, verbose=0, figures=False, callbacks=[Counter()])
    restored = Counter()
    train(CONFIG, tmp_path / "b", data=data, verbose=0, figures=False, callbacks=[restored])
    assert restored.count == 20
    train(CONFIG, tmp_path / "c", data=data, verbose=0, figures=False, callbacks=[Counter("other")])
    plain = keras.callbacks.Callback()  # 규약이 없는 콜백: 캐시를 쓰지도 저장하지도 않습니다
    train(CONFIG, tmp_path / "d", data=data, verbose=0, figures=False, callbacks=[plain])
    assert hits(cache) == [False, True, False]


def test_no_cache_without_the_environment_variable(tmp_path, data, monkeypatch):
    monkeypatch.delenv(runcache.CACHE_ENV, raising=False)
    assert runcache.run_key(CONFIG, data, []) is None
    run = train(CONFIG, tmp_path / "a", data=data, verbose=0, figures=False)
    assert run.timing["cached"] is False


def test_import_is_light_and_families_load_on_demand():
    code = (
        "import sys, gan_tutorial\n"
        "a = sorted(m for m in sys.modules if m.startswith('gan_tutorial'))\n"
        "from gan_tutorial import TrainConfig, train\n"
        "from gan_tutorial.runner import build_gan\n"
        "build_gan(TrainConfig(model='cgan', filters=4))\n"
        "b = sorted(m for m in sys.modules if m.startswith('gan_tutorial.families.'))\n"
        "print(a, b)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == (
        "['gan_tutorial', 'gan_tutorial.tflog'] ['gan_tutorial.families.cgan']"
    )
