"""직접 해 보기 페이지의 내보내기: 가중치 압축, 잠재 방향, 브라우저 순전파(Node로 실행)의 정확도."""

import json
import shutil
import subprocess
from pathlib import Path

import keras
import numpy as np
import pytest
from keras import layers

from gan_tutorial import TrainConfig, train
from gan_tutorial.errors import GanTutorialError
from gan_tutorial.families.cgan import build_cgan_generator
from gan_tutorial.lab.playground import (
    decode_weights,
    describe_generator,
    encode_weights,
    export_playground,
    latent_directions,
)
from gan_tutorial.models.dcgan import (
    CLASSIC_GENERATOR,
    build_dcgan_discriminator,
    build_dcgan_generator,
)
from gan_tutorial.models.mlp import build_mlp_generator
from gan_tutorial.prior import CODE_SCALE, sample_latent_and_codes
from gan_tutorial.training import GAN

GENERATOR_JS = Path(__file__).resolve().parents[1] / "docs" / "javascripts" / "generator.js"
# Node로 generator.js를 불러 checks.json의 z마다 출력을 계산해 JSON으로 찍습니다.
NODE_SCRIPT = """
const fs = require("fs");
const [js, folder] = process.argv.slice(1); // node -e 스크립트 뒤의 인자
const G = require(js);
const read = (name) => fs.readFileSync(`${folder}/${name}`);
const description = JSON.parse(read("generator.json"));
const checks = JSON.parse(read("checks.json"));
G.load(description, read("generator.bin")).then((g) => {
  const labels = checks.labels || [];
  console.log(JSON.stringify(checks.z.map((z, i) => Array.from(g.generate(z, labels[i])))));
});
"""


def _all_layers(model: keras.Model) -> list:
    """모델 안의 층 전부 (조건부 생성자 안의 Sequential 'synthesis'의 층까지)."""
    return [
        inner
        for layer in model.layers
        for inner in (_all_layers(layer) if isinstance(layer, keras.Model) else [layer])
    ]


def _randomize_batch_norm(model: keras.Model, seed: int = 0) -> None:
    """이동 평균·분산과 γ·β를 1과 0이 아닌 값으로 바꿔, 배치 정규화 변환이 정말 계산되게 합니다."""
    rng = np.random.default_rng(seed)
    for layer in _all_layers(model):
        if isinstance(layer, layers.BatchNormalization):
            n = layer.moving_mean.shape[0]
            layer.moving_mean.assign(rng.normal(0, 0.5, n))
            layer.moving_variance.assign(rng.uniform(0.2, 3.0, n))
            layer.gamma.assign(rng.uniform(0.5, 1.5, n))
            layer.beta.assign(rng.normal(0, 0.3, n))


def _node_outputs(folder: Path) -> np.ndarray:
    node = shutil.which("node")
    if node is None:
        pytest.fail("node가 없습니다: bash .ci/install이 nodejs를 설치합니다")
    result = subprocess.run(
        [node, "-e", NODE_SCRIPT, str(GENERATOR_JS), str(folder)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return np.array(json.loads(result.stdout))


GENERATORS = {
    "dcgan 기본(4×4, 두 번 전치 합성곱)": lambda: build_dcgan_generator((28, 28, 1), 8, 4),
    "dcgan 처음 구조(5×5)": lambda: build_dcgan_generator((28, 28, 1), 8, 4, **CLASSIC_GENERATOR),
    "dcgan 3채널 32×32": lambda: build_dcgan_generator((32, 32, 3), 6, 4),
    "mlp": lambda: build_mlp_generator((28, 28, 1), 8, (16, 12)),
    "cgan (z 뒤에 레이블 임베딩)": lambda: build_cgan_generator((28, 28, 1), 8, 4),
}


def _keras_outputs(model: keras.Model, checks: dict, training: bool = False) -> np.ndarray:
    z = np.array(checks["z"], np.float32)
    inputs = z if "labels" not in checks else {"z": z, "label": np.array(checks["labels"], "int32")}
    return keras.ops.convert_to_numpy(model(inputs, training=training)).reshape(len(z), -1)


@pytest.mark.parametrize("name", GENERATORS)
def test_javascript_forward_pass_equals_keras(tmp_path, name):
    keras.utils.set_random_seed(1)
    model = GENERATORS[name]()
    _randomize_batch_norm(model)
    export_playground(model, tmp_path, directions=2, samples=4)
    checks = json.loads((tmp_path / "checks.json").read_text())
    keras_out = _keras_outputs(model, checks)
    np.testing.assert_allclose(np.array(checks["images"]), keras_out, atol=1e-7)
    browser_out = _node_outputs(tmp_path)
    assert browser_out.shape == keras_out.shape
    assert np.abs(browser_out - keras_out).max() <= 1e-4
    # 학습 모드(미니배치 통계)로 계산했다면 차이가 훨씬 컸을 것입니다: 비교가 배치 정규화를 가려냅니다
    if any(isinstance(layer, layers.BatchNormalization) for layer in _all_layers(model)):
        training_out = _keras_outputs(model, checks, training=True)
        assert np.abs(browser_out - training_out).max() > 1e-2


def test_weights_keep_the_top_28_bits_rounded():
    words = np.array(
        [0x3F800000, 0x3F800001, 0x3F800007, 0x3F800008, 0xBF8FFFFF, 0x00000000], "<u4"
    )
    decoded = decode_weights(encode_weights(words.view("<f4")), words.size).view("<u4")
    expected = [0x3F800000, 0x3F800000, 0x3F800000, 0x3F800010, 0xBF900000, 0x00000000]
    assert decoded.tolist() == expected


def test_weight_round_trip_error_is_below_two_to_the_minus_20():
    values = np.random.default_rng(0).normal(0, 0.05, 10_001).astype(np.float32)  # 홀수 개
    decoded = decode_weights(encode_weights(values), values.size)
    relative = np.abs(decoded - values) / np.abs(values)
    assert relative.max() <= 2.0**-20
    assert len(encode_weights(values)) < 3.5 * values.size  # 부호·지수 바이트가 줄어듭니다


def test_decode_refuses_a_wrong_count():
    data = encode_weights(np.ones(4, np.float32))
    with pytest.raises(GanTutorialError, match="가중치 바이트 수"):
        decode_weights(data, 5)


def test_latent_directions_of_a_linear_generator_are_its_singular_directions():
    # G(z) = z K, K의 행이 서로 직교하고 길이가 3, 1, 2 → Jᵀ J = K Kᵀ = diag(9, 1, 4)
    kernel = np.array([[3, 0, 0, 0], [0, 0, 1, 0], [0, 2, 0, 0]], np.float32)
    model = keras.Sequential([keras.Input((3,)), layers.Dense(4, use_bias=False)])
    model.layers[0].set_weights([kernel])
    directions, strengths = latent_directions(model, count=3, samples=2)
    np.testing.assert_allclose(strengths, [9, 4, 1], rtol=1e-4)
    np.testing.assert_allclose(directions, [[1, 0, 0], [0, 0, 1], [0, 1, 0]], atol=1e-4)


def test_export_writes_what_the_page_reads(tmp_path):
    keras.utils.set_random_seed(0)
    model = build_dcgan_generator((28, 28, 1), 8, 4)
    summary = export_playground(model, tmp_path, directions=3, examples=2, checks=4, samples=4)
    assert sorted(summary["files"]) == [
        "checks.json",
        "generator.bin",
        "generator.json",
        "playground.json",
    ]
    page = json.loads((tmp_path / "playground.json").read_text())
    assert np.array(page["directions"]).shape == (3, 8)
    np.testing.assert_allclose(np.linalg.norm(page["directions"], axis=1), 1, atol=1e-4)
    assert np.array(page["examples"]).shape == (2, 8)
    assert len(json.loads((tmp_path / "checks.json").read_text())["z"]) == 4
    description, values = describe_generator(model)
    # 배치 정규화의 네 값(γ, β, 이동 평균·분산)은 두 값(scale, shift)이 됩니다
    moving = sum(
        layer.moving_mean.shape[0] for layer in model.layers if hasattr(layer, "moving_mean")
    )
    assert description["weights"]["count"] == values.size == model.count_params() - 2 * moving
    types = [spec["type"] for spec in description["layers"]]
    assert types[:4] == ["dense", "affine", "relu", "reshape"]
    assert types[-2:] == ["conv_transpose", "tanh"]


def test_export_of_a_gan_uses_its_sampler_and_its_prior(tmp_path):
    keras.utils.set_random_seed(0)
    gan = GAN(
        build_dcgan_generator((28, 28, 1), 8, 4),
        build_dcgan_discriminator((28, 28, 1), 4),
        latent_size=8,
        ema_decay=0.9,
        latent_codes=4,
    )
    # 평균 생성자를 학습 중인 생성자와 다르게 만들어, 어느 쪽을 내보냈는지 가릴 수 있게 합니다
    for weight in gan.average_generator.weights:
        weight.assign(weight * 0.5)
    export_playground(gan, tmp_path, directions=2, examples=3, checks=2, samples=4)
    page = json.loads((tmp_path / "playground.json").read_text())
    z, which = sample_latent_and_codes(5, 8, 4, seed=1)  # export의 seed 0 + 1
    assert page["codes"] == 4 and page["code_scale"] == CODE_SCALE
    assert page["example_codes"] == which[:3].tolist()
    np.testing.assert_allclose(page["examples"], z[:3], atol=1e-5)
    checks = json.loads((tmp_path / "checks.json").read_text())
    np.testing.assert_allclose(checks["z"], z[3:], atol=1e-6)
    expected = keras.ops.convert_to_numpy(gan.sampler(z[3:], training=False))
    np.testing.assert_allclose(np.reshape(checks["images"], expected.shape), expected, atol=1e-6)
    live = keras.ops.convert_to_numpy(gan.generator(z[3:], training=False))
    assert np.abs(live - expected).max() > 1e-3
    export_playground(gan.generator, tmp_path / "plain", samples=4)  # 모델만 주면 표준 정규분포
    plain = json.loads((tmp_path / "plain" / "playground.json").read_text())
    assert plain["codes"] == 0 and "example_codes" not in plain


def test_export_refuses_a_uniform_prior(tmp_path):
    generator = build_dcgan_generator((28, 28, 1), 8, 4)
    gan = GAN(generator, build_dcgan_discriminator((28, 28, 1), 4), 8, latent_prior="uniform")
    with pytest.raises(GanTutorialError, match="정규분포"):
        export_playground(gan, tmp_path)


def test_the_playground_page_snippet_exports_a_trained_run(tmp_path, monkeypatch):
    """직접 해 보기 페이지의 '내 학습으로 해 보기' 코드를 그대로 실행합니다."""
    page = (Path(__file__).resolve().parents[1] / "docs" / "playground.md").read_text("utf-8")
    section = page.split("## 내 학습으로 해 보기", 1)[1]
    snippet = section.split("```python\n", 1)[1].split("```", 1)[0]
    monkeypatch.chdir(tmp_path)
    data = tmp_path / "digits.npz"
    np.savez(data, images=np.random.default_rng(0).integers(0, 256, (64, 28, 28), np.uint8))
    config = TrainConfig(model="dcgan", steps=2, filters=4, latent_codes=3, data=str(data))
    train(config, tmp_path / "runs" / "dcgan", verbose=0, figures=False)
    exec(snippet, {"print": lambda *args: None})
    page_values = json.loads((tmp_path / "my_playground" / "playground.json").read_text())
    assert page_values["codes"] == 3 and len(page_values["example_codes"]) == 8


def test_same_model_exports_the_same_files(tmp_path):
    keras.utils.set_random_seed(0)
    model = build_dcgan_generator((28, 28, 1), 8, 4)
    export_playground(model, tmp_path / "a", samples=4)
    export_playground(model, tmp_path / "b", samples=4)
    for name in ("generator.bin", "generator.json", "playground.json"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name


REFUSED = {
    "Dropout": lambda: keras.Sequential([keras.Input((4,)), layers.Dense(8), layers.Dropout(0.5)]),
    "softmax": lambda: keras.Sequential([keras.Input((4,)), layers.Dense(8, activation="softmax")]),
    "팽창": lambda: keras.Sequential(
        [keras.Input((16,)), layers.Reshape((4, 4, 1)), layers.Conv2D(2, 2, dilation_rate=2)]
    ),
    "벡터": lambda: keras.Sequential([keras.Input((2, 2)), layers.Flatten()]),
}


@pytest.mark.parametrize("message", REFUSED)
def test_layers_the_page_cannot_run_are_refused(message):
    with pytest.raises(GanTutorialError, match=message):
        describe_generator(REFUSED[message]())


def test_conditional_export_holds_the_label_table_and_checks_per_label(tmp_path):
    keras.utils.set_random_seed(0)
    model = build_cgan_generator((28, 28, 1), 8, 4)
    summary = export_playground(model, tmp_path, checks=12)
    description = json.loads((tmp_path / "generator.json").read_text())
    assert description["input_size"] == 8 and description["labels"]["count"] == 10
    assert summary["checks"]["labels"] == [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1]
    assert "directions" not in summary  # 슬라이더 방향은 조건 없는 생성자에서만 구합니다
    # 같은 z, 다른 레이블이면 다른 그림: 임베딩이 정말 입력에 들어갑니다
    images = np.array(summary["checks"]["images"])
    z = np.repeat(np.array(summary["checks"]["z"][:1], np.float32), 2, axis=0)
    two = _keras_outputs(model, {"z": z.tolist(), "labels": [0, 1]})
    assert np.abs(two[0] - two[1]).max() > 1e-3 and np.allclose(two[0], images[0], atol=1e-6)


def test_functional_models_are_refused():
    z = keras.Input((4,))
    model = keras.Model(z, layers.Dense(3)(z))
    with pytest.raises(GanTutorialError, match="Sequential"):
        describe_generator(model)
