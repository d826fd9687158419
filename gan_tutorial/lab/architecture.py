"""모델의 구조를 모델 자신에서 읽어 글로 씁니다: 페이지의 층 설명이 모델과 어긋나지 않게 합니다.

- ``layer_groups(model)``: 가중치 층 하나와 그 뒤의 정규화·활성화를 한 묶음으로 (이름, 입력, 출력).
- ``walkthrough(model)``: 그 묶음마다 한 줄씩, 무엇을 하고 모양이 어떻게 바뀌는지 적은 번호 목록.
- ``shape_path(model, batch)``: 입력부터 출력까지 모양이 바뀌는 순서 ``(16, 100) → … → (16, 28, 28, 1)``.
"""

import dataclasses

import keras
from keras import layers

__all__ = ["LayerGroup", "layer_groups", "shape_path", "walkthrough"]

# 앞의 가중치 층에 붙여 한 묶음으로 쓰는 층(모양을 바꾸지 않는 층)
_FOLLOWERS = (
    layers.BatchNormalization,
    layers.GroupNormalization,
    layers.ReLU,
    layers.LeakyReLU,
    layers.Activation,
    layers.Dropout,
)


@dataclasses.dataclass(frozen=True)
class LayerGroup:
    """모양을 바꾸는 층 하나와 그 뒤에 붙은 층들."""

    layers: tuple[keras.layers.Layer, ...]
    input_shape: tuple[int, ...]  # 미니배치 차원을 뺀 모양
    output_shape: tuple[int, ...]


def _shape(shape) -> tuple[int, ...]:
    return tuple(int(n) for n in shape[1:])


def layer_groups(model: keras.Sequential) -> list[LayerGroup]:
    """순차 모델의 층을 '모양을 바꾸는 층 + 뒤따르는 정규화·활성화' 묶음으로 나눕니다."""
    groups: list[list[keras.layers.Layer]] = []
    for layer in model.layers:
        if groups and isinstance(layer, _FOLLOWERS):
            groups[-1].append(layer)
        else:
            groups.append([layer])
    result = []
    for group in groups:
        result.append(
            LayerGroup(tuple(group), _shape(group[0].input.shape), _shape(group[-1].output.shape))
        )
    return result


def _size(shape: tuple[int, ...]) -> str:
    """(7, 7, 128) → '7×7×128', (100,) → '길이 100인 벡터'."""
    if len(shape) == 1:
        return f"길이 {shape[0]:,}인 벡터"
    return "×".join(str(n) for n in shape)


def _follower(layer: keras.layers.Layer) -> str:
    if isinstance(layer, layers.BatchNormalization):
        return "배치 정규화"
    if isinstance(layer, layers.GroupNormalization):
        return "인스턴스 정규화" if layer.groups == -1 else "그룹 정규화"
    if isinstance(layer, layers.LeakyReLU):
        return f"LeakyReLU(기울기 {layer.negative_slope:g})"
    if isinstance(layer, layers.ReLU):
        return "ReLU"
    if isinstance(layer, layers.Dropout):
        return f"드롭아웃 {layer.rate:g}"
    return str(layer.activation.__name__)


def _main(layer: keras.layers.Layer, group: LayerGroup) -> str:
    """묶음의 첫 층이 하는 일을 한 구절로."""
    before, after = _size(group.input_shape), _size(group.output_shape)
    if isinstance(layer, (layers.Conv2D, layers.Conv2DTranspose)):
        kind = "전치 합성곱" if isinstance(layer, layers.Conv2DTranspose) else "합성곱"
        kernel, stride = layer.kernel_size, layer.strides
        return (
            f"`{type(layer).__name__}`({kind}, 커널 {kernel[0]}×{kernel[1]}, 스트라이드 {stride[0]}): "
            f"{before} → {after}"
        )
    if isinstance(layer, layers.Dense):
        units = group.output_shape[-1]
        return f"`Dense`(완전 연결층): {before} → 값 {units:,}개" + (
            " (로짓)" if units == 1 else ""
        )
    if isinstance(layer, layers.Reshape):
        return f"`Reshape`: 값 {group.input_shape[0]:,}개를 {after} 모양으로 세웁니다"
    if isinstance(layer, layers.Flatten):
        return f"`Flatten`: {before} 모양을 {after}로 펼칩니다"
    return f"`{type(layer).__name__}`: {before} → {after}"


def walkthrough(model: keras.Sequential) -> str:
    """층 묶음마다 한 줄씩 적은 마크다운 번호 목록(모양은 미니배치 차원을 뺀 것)."""
    lines = []
    for number, group in enumerate(layer_groups(model), 1):
        line = _main(group.layers[0], group)
        extra = [_follower(layer) for layer in group.layers[1:]]
        if isinstance(group.layers[0], layers.Dense) and group.layers[0].activation is not None:
            name = group.layers[0].activation.__name__
            if name != "linear":
                extra.insert(0, name)
        if extra:
            line += f", 뒤에 {' → '.join(extra)}"
        lines.append(f"{number}. {line}")
    return "\n".join(lines)


def shape_path(model: keras.Sequential, batch: int) -> str:
    """미니배치 batch개가 묶음을 지날 때마다의 모양: '(16, 100) → (16, 6272) → …'."""
    groups = layer_groups(model)
    shapes = [groups[0].input_shape, *(group.output_shape for group in groups)]
    return " → ".join(str((batch, *shape)) for shape in shapes)
