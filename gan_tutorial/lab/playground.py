"""직접 해 보기 페이지: 학습한 생성자를 브라우저에서 돌릴 정적 파일로 내보냅니다.

- ``describe_generator(model)``: Keras 생성자의 층을 브라우저가 읽을 목록과 가중치 배열로 바꿉니다.
- ``latent_directions(model, count)``: 그림을 가장 크게 바꾸는 z의 방향(주성분) count개.
- ``export_playground(gan, folder)``: 위 둘과 예시 z, 검증용 z와 그 Keras 출력을 파일로 씁니다.

브라우저 쪽 계산은 ``docs/javascripts/generator.js``가 합니다(층마다 몇 줄짜리 순전파).
배치 정규화는 추론 모드의 식 그대로, 채널마다 곱하고 더하는 층(affine)으로 바꿔 내보냅니다.
"""

import gzip
import json
from pathlib import Path

import keras
import numpy as np

from ..errors import GanTutorialError, check_int
from ..prior import CODE_SCALE, sample_latent, sample_latent_and_codes
from ..training import GAN

__all__ = [
    "FORMAT",
    "decode_weights",
    "describe_generator",
    "encode_weights",
    "export_playground",
    "latent_directions",
]

FORMAT = "gan-tutorial-generator/1"
ENCODING = "float32-top28-planes-gzip"
_ACTIVATIONS = {"relu", "tanh", "sigmoid", "linear"}


class _Weights:
    """내보낼 float32 가중치를 한 버퍼에 차례로 모으고, 층 설명에는 [시작, 개수]만 남깁니다."""

    def __init__(self) -> None:
        self.arrays: list[np.ndarray] = []
        self.size = 0

    def add(self, array: np.ndarray) -> list[int]:
        flat = np.ascontiguousarray(array, dtype="<f4").ravel()
        self.arrays.append(flat)
        self.size += flat.size
        return [self.size - flat.size, flat.size]

    def values(self) -> np.ndarray:
        return np.concatenate(self.arrays) if self.arrays else np.zeros(0, "<f4")


def encode_weights(values: np.ndarray) -> bytes:
    """float32 가중치를 페이지가 받을 바이트로: 위 28비트만 남겨 자리별로 모은 뒤 gzip.

    가수의 아래 4비트를 반올림해 버리므로 가중치 하나의 상대 오차는 2⁻²⁰ 이하입니다. 바이트 자리별로
    모으면 부호·지수 바이트는 값이 비슷해 gzip이 잘 줄입니다(가수 바이트는 거의 줄지 않습니다).
    순서: 위에서 첫째·둘째·셋째 바이트 면(각 n바이트), 그다음 넷째 바이트의 위 4비트(두 개씩 한 바이트).
    """
    words = np.ascontiguousarray(values, dtype="<f4").view("<u4").astype(np.uint64)
    top = np.minimum(words + 0x8, 0xFFFFFFFF) >> 4  # 위 28비트 (반올림)
    planes = [((top >> shift) & 0xFF).astype(np.uint8) for shift in (20, 12, 4)]
    nibbles = np.append(top & 0xF, np.zeros(top.size % 2, np.uint64)).astype(np.uint8)
    packed = nibbles[0::2] | (nibbles[1::2] << 4)
    return gzip.compress(np.concatenate([*planes, packed]).tobytes(), compresslevel=9, mtime=0)


def decode_weights(data: bytes, count: int) -> np.ndarray:
    """encode_weights의 역: 브라우저가 받는 float32 값 그대로(버린 아래 4비트는 0)."""
    raw = np.frombuffer(gzip.decompress(data), np.uint8)
    if raw.size != 3 * count + (count + 1) // 2:
        raise GanTutorialError(f"가중치 바이트 수가 맞지 않습니다: {raw.size} (가중치 {count}개)")
    planes = raw[: 3 * count].reshape(3, count).astype(np.uint32)
    nibbles = np.stack([raw[3 * count :] & 0xF, raw[3 * count :] >> 4], axis=1).ravel()[:count]
    words = (
        (planes[0] << 24) | (planes[1] << 16) | (planes[2] << 8) | (nibbles.astype(np.uint32) << 4)
    )
    return words.view("<f4")


def _activation(layer: keras.layers.Layer) -> list[dict]:
    """층 안에 든 활성화를 따로 떼어 낸 설명 (linear면 없음)."""
    name = keras.activations.serialize(layer.activation)
    name = name if isinstance(name, str) else name.get("config", {}).get("name", str(name))
    if name not in _ACTIVATIONS:
        raise GanTutorialError(f"{layer.name}: 활성화 {name!r}는 내보낼 수 없습니다.")
    return [] if name == "linear" else [{"type": name}]


def _weighted(spec: dict, layer, weights: _Weights) -> list[dict]:
    """가중치 층 설명에 kernel·bias 자리를 넣고, 층 안의 활성화를 뒤에 붙입니다."""
    spec["kernel"] = weights.add(layer.kernel)
    if layer.use_bias:
        spec["bias"] = weights.add(layer.bias)
    return [spec, *_activation(layer)]


def _dense(layer, weights: _Weights) -> list[dict]:
    return _weighted({"type": "dense", "units": layer.units}, layer, weights)


def _convolution(layer, weights: _Weights) -> list[dict]:
    if tuple(layer.dilation_rate) != (1, 1) or getattr(layer, "groups", 1) != 1:
        raise GanTutorialError(f"{layer.name}: 팽창·그룹 합성곱은 내보낼 수 없습니다.")
    if layer.padding not in ("same", "valid"):
        raise GanTutorialError(f"{layer.name}: padding={layer.padding!r}는 내보낼 수 없습니다.")
    transpose = isinstance(layer, keras.layers.Conv2DTranspose)
    if transpose and layer.output_padding is not None:
        raise GanTutorialError(
            f"{layer.name}: output_padding이 있는 전치 합성곱은 내보낼 수 없습니다."
        )
    spec = {
        "type": "conv_transpose" if transpose else "conv",
        "filters": layer.filters,
        "kernel_size": list(layer.kernel_size),
        "strides": list(layer.strides),
        "padding": layer.padding,
    }
    return _weighted(spec, layer, weights)


def _batch_norm(layer, weights: _Weights) -> list[dict]:
    """추론 모드의 배치 정규화 (x − 평균) / √(분산 + ε) · γ + β를 x · scale + shift로 바꿉니다."""
    if layer.axis not in (-1, len(layer.input.shape) - 1):
        raise GanTutorialError(f"{layer.name}: 마지막 축이 아닌 배치 정규화는 내보낼 수 없습니다.")
    mean = np.asarray(layer.moving_mean, dtype=np.float64)
    variance = np.asarray(layer.moving_variance, dtype=np.float64)
    gamma = np.asarray(layer.gamma, np.float64) if layer.scale else np.ones_like(mean)
    beta = np.asarray(layer.beta, np.float64) if layer.center else np.zeros_like(mean)
    scale = gamma / np.sqrt(variance + layer.epsilon)
    return [
        {"type": "affine", "scale": weights.add(scale), "shift": weights.add(beta - mean * scale)}
    ]


def _relu(layer, weights: _Weights) -> list[dict]:
    config = layer.get_config()
    if config.get("max_value") is not None or config.get("threshold", 0) != 0:
        raise GanTutorialError(
            f"{layer.name}: max_value·threshold가 있는 ReLU는 내보낼 수 없습니다."
        )
    slope = float(config.get("negative_slope", 0.0))
    return [{"type": "leaky_relu", "slope": slope} if slope else {"type": "relu"}]


# 층 종류 → 브라우저용 설명을 만드는 함수 (layer, 가중치 버퍼) → 설명 0개 이상
_LAYERS = {
    keras.layers.InputLayer: lambda layer, weights: [],
    keras.layers.Dense: _dense,
    keras.layers.Conv2D: _convolution,
    keras.layers.Conv2DTranspose: _convolution,
    keras.layers.BatchNormalization: _batch_norm,
    keras.layers.ReLU: _relu,
    keras.layers.LeakyReLU: lambda layer, weights: [
        {"type": "leaky_relu", "slope": float(layer.negative_slope)}
    ],
    keras.layers.Activation: lambda layer, weights: _activation(layer),
    keras.layers.Reshape: lambda layer, weights: [
        {"type": "reshape", "shape": list(layer.target_shape)}
    ],
    keras.layers.Flatten: lambda layer, weights: [{"type": "flatten"}],
}


def _describe(layer: keras.layers.Layer, weights: _Weights) -> list[dict]:
    """층 하나를 브라우저용 설명 0개 이상으로 바꿉니다. 모르는 층이면 한 줄 오류입니다."""
    describe = _LAYERS.get(type(layer))
    if describe is None:
        raise GanTutorialError(
            f"{layer.name}({type(layer).__name__}) 층은 브라우저용으로 내보낼 수 없습니다: "
            "Dense, Conv2D, Conv2DTranspose, BatchNormalization, 활성화, Reshape만 됩니다."
        )
    return describe(layer, weights)


def _synthesis(model: keras.Model) -> tuple[keras.Sequential, keras.layers.Embedding | None]:
    """내보낼 Sequential과, 조건부 생성자라면 레이블 임베딩 층.

    조건부 생성자(cgan)는 {z, label} → 임베딩 e(label)을 z 뒤에 붙임 → Sequential('synthesis')입니다.
    """
    if isinstance(model, keras.Sequential):
        return model, None
    kinds = sorted(type(layer).__name__ for layer in model.layers)
    expected = ["Concatenate", "Embedding", "InputLayer", "InputLayer", "Sequential"]
    if kinds != expected or set(model.input) != {"z", "label"}:
        raise GanTutorialError(
            f"{model.name}: keras.Sequential 생성자나 {{z, label}}을 받는 조건부 생성자(cgan)만 "
            "내보낼 수 있습니다."
        )
    by_kind = {type(layer).__name__: layer for layer in model.layers}
    return by_kind["Sequential"], by_kind["Embedding"]


def describe_generator(model: keras.Model) -> tuple[dict, np.ndarray]:
    """생성자를 (층 설명, 모든 가중치를 이어 붙인 float32 배열)로 바꿉니다.

    층 설명의 kernel·bias 등은 가중치 버퍼에서의 [시작, 개수](float32 단위)입니다.
    합성곱 커널은 Keras 순서 그대로입니다: Conv2D (kh, kw, 입력, 출력), Conv2DTranspose (kh, kw, 출력, 입력).
    조건부 생성자는 레이블 임베딩 표(labels)도 담고, 브라우저는 z 뒤에 e(label)을 붙여 계산합니다.
    """
    synthesis, embedding = _synthesis(model)
    input_shape = tuple(synthesis.input_shape[1:])
    if len(input_shape) != 1:
        raise GanTutorialError(f"{model.name}: 입력이 벡터(z) 하나인 생성자만 내보낼 수 있습니다.")
    weights = _Weights()
    description = {"format": FORMAT, "name": model.name, "input_size": int(input_shape[0])}
    if embedding is not None:
        table = np.asarray(embedding.embeddings)
        description["labels"] = {"count": table.shape[0], "table": weights.add(table)}
        description["input_size"] -= table.shape[1]
    description["output_shape"] = [int(n) for n in synthesis.output_shape[1:]]
    description["layers"] = [
        spec for layer in synthesis.layers for spec in _describe(layer, weights)
    ]
    description["weights"] = {"file": "generator.bin", "encoding": ENCODING, "count": weights.size}
    return description, weights.values()


def _images(model: keras.Model, z: np.ndarray, labels: np.ndarray | None = None) -> np.ndarray:
    """추론 모드의 생성자 출력을 (n, 픽셀 수) float64로. 조건부 생성자는 labels도 받습니다."""
    inputs = z.astype(np.float32)
    if labels is not None:
        inputs = {
            "z": keras.ops.convert_to_tensor(inputs),
            "label": keras.ops.convert_to_tensor(labels),
        }
    out = keras.ops.convert_to_numpy(model(inputs, training=False))
    return out.reshape(len(z), -1).astype(np.float64)


# --8<-- [start:latent_directions]
def latent_directions(
    model: keras.Model,
    count: int = 4,
    samples: int = 32,
    seed: int = 0,
    step: float = 0.05,
    codes: int = 0,
) -> tuple[np.ndarray, np.ndarray]:
    """그림을 가장 크게 바꾸는 z의 단위 방향 count개와 그 세기를 돌려줍니다.

    무작위 z마다 야코비안 J = ∂G(z)/∂z를 중앙 차분으로 재서 평균 JᵀJ를 만들고, 그 고유벡터를
    고윳값이 큰 순서로 고릅니다. 고윳값은 그 방향으로 z를 1만큼 옮길 때 픽셀 변화의 제곱합(평균)입니다.
    방향의 부호는 가장 큰 성분이 양수가 되게 정해 같은 모델이면 같은 결과가 나옵니다.
    z는 학습 때와 같은 잠재 분포(코드 codes개, ``prior`` 모듈)에서 뽑습니다.
    """
    size = int(model.input_shape[-1])
    check_int("count", count, 1, size)
    check_int("samples", samples, 1)
    z = sample_latent(samples, size, codes, seed).astype(np.float64)
    eye = np.eye(size) * step
    metric = np.zeros((size, size))
    for point in z:
        plus, minus = _images(model, point + eye), _images(model, point - eye)
        jacobian = (plus - minus).T / (2 * step)  # (픽셀 수, size)
        metric += jacobian.T @ jacobian / samples
    strengths, vectors = np.linalg.eigh(metric)
    order = np.argsort(strengths)[::-1][:count]
    directions = vectors[:, order].T
    signs = np.sign(directions[np.arange(count), np.abs(directions).argmax(axis=1)])
    return (directions * signs[:, None]).astype(np.float32), strengths[order]


# --8<-- [end:latent_directions]
def export_playground(
    source: GAN | keras.Model,
    folder: str | Path,
    *,
    directions: int = 4,
    examples: int = 8,
    checks: int = 5,
    samples: int = 32,
    seed: int = 0,
) -> dict:
    """생성자와 페이지가 쓸 값을 folder에 씁니다. 쓴 파일과 크기 등 요약을 돌려줍니다.

    source가 학습한 ``GAN``이면 그림을 그리는 생성자(``gan.sampler``: 평균 생성자가 있으면 그것)를
    내보내고, 예시·검산 z와 페이지의 '새 z'는 그 GAN의 잠재 분포(코드 ``gan.latent_codes``개)를 따릅니다.
    Keras 생성자 모델을 바로 주면 z는 표준 정규분포입니다.

    - generator.json, generator.bin: 층 설명과 가중치 (describe_generator, encode_weights)
    - playground.json: 잠재 방향과 그 세기(조건 없는 생성자만), 예시 z (페이지가 읽습니다)
    - checks.json: 검증용 z(조건부면 레이블도)와 그 Keras 출력(추론 모드). 페이지가 검산에,
      테스트가 비교에 씁니다.

    samples는 잠재 방향을 구할 때 평균할 z의 수입니다(latent_directions).
    """
    model, codes = _generator_and_codes(source)
    for name, value in (("directions", directions), ("examples", examples), ("checks", checks)):
        check_int(name, value)
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    description, values = describe_generator(model)
    size = description["input_size"]
    latent, which = sample_latent_and_codes(examples + checks, size, codes, seed + 1)
    page = {"examples": _rounded(latent[:examples]), "codes": codes, "code_scale": CODE_SCALE}
    if codes:  # 페이지가 예시 z의 코드를 바꿀 수 있게 (코드 칸에서 CODE_SCALE을 빼면 잡음)
        page["example_codes"] = which[:examples].tolist()
    check_z = latent[examples:]
    check_data = {"z": check_z.tolist()}
    labels = None
    if "labels" in description:  # 조건부: 검산 레이블은 0, 1, 2, …
        labels = np.arange(checks, dtype=np.int32) % description["labels"]["count"]
        check_data["labels"] = labels.tolist()
    else:
        vectors, strengths = latent_directions(model, directions, samples, seed, codes=codes)
        page |= {"directions": _rounded(vectors), "direction_strengths": _rounded(strengths)}
    check_data["images"] = _images(model, check_z, labels).tolist()
    (folder / "generator.json").write_text(json.dumps(description), encoding="utf-8")
    (folder / "generator.bin").write_bytes(encode_weights(values))
    (folder / "playground.json").write_text(json.dumps(page), encoding="utf-8")
    (folder / "checks.json").write_text(json.dumps(check_data), encoding="utf-8")
    files = {p.name: p.stat().st_size for p in sorted(folder.iterdir()) if p.is_file()}
    parameters = description["weights"]["count"]
    return {"files": files, "parameters": parameters, **page, "checks": check_data}


def _generator_and_codes(source: GAN | keras.Model) -> tuple[keras.Model, int]:
    """내보낼 생성자와 그 잠재 분포의 코드 수."""
    if not isinstance(source, GAN):
        return source, 0
    if source.latent_prior != "normal":
        raise GanTutorialError(
            f"직접 해 보기 페이지는 정규분포에서 z를 뽑습니다(이 GAN의 잠재 분포: {source.latent_prior}). "
            "--prior normal로 학습한 생성자를 내보내세요."
        )
    return source.sampler, source.latent_codes


def _rounded(values: np.ndarray) -> list:
    """페이지가 읽을 값: 소수 다섯째 자리까지 (파일을 작게)."""
    return np.round(np.asarray(values, dtype=np.float64), 5).tolist()
