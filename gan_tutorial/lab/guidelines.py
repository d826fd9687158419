"""DCGAN 논문(Radford et al., 2016)의 다섯 가지 구조 지침을 Keras 모델에서 점검합니다.

``dcgan_guideline_report(model)``은 층을 평평하게 펼치고(중첩 모델 포함, InputLayer 제외)
가중치 층(Dense·합성곱)마다 다음 가중치 층 전까지 오는 배치 정규화와 활성화를 모아 판정합니다.

판단 기준:

- 풀링은 클래스 이름에 ``Pooling``이 든 모든 층입니다. 논문의 판별자는 특징을 펼쳐(Flatten)
  출력하므로 GlobalAveragePooling도 위반으로 셉니다. 생성자의 UpSampling 층도 위반입니다.
- 배치 정규화는 활성화 앞에 있든 뒤에 있든 다음 가중치 층 전이면 "뒤따른다"고 봅니다.
- 판별자의 LeakyReLU 기울기가 0.2가 아니어도 지켜진 것으로 보되, 설명에 기울기를 적습니다.
- 판별자 보고서의 4번은 "출력층은 활성화 없는 로짓 하나(또는 sigmoid)"를 점검하고,
  생성자 보고서의 5번(판별자 LeakyReLU)은 해당 없음으로 지켜진 것으로 적습니다.
"""

import math
from dataclasses import dataclass, field

import keras
from keras import layers

__all__ = ["ROLES", "GuidelineReport", "GuidelineResult", "dcgan_guideline_report"]

ROLES = ("generator", "discriminator")
_ROLE_KO = {"generator": "생성자", "discriminator": "판별자"}
_PAPER_SLOPE = 0.2  # 논문의 LeakyReLU 기울기이자 keras.activations.leaky_relu의 기본값
_DENSE = (layers.Dense, layers.EinsumDense)
_TRANSPOSED = (layers.Conv1DTranspose, layers.Conv2DTranspose, layers.Conv3DTranspose)
_CONV = (
    layers.Conv1D, layers.Conv2D, layers.Conv3D, layers.SeparableConv1D,
    layers.SeparableConv2D, layers.DepthwiseConv1D, layers.DepthwiseConv2D,
)  # fmt: skip
_WEIGHT = _DENSE + _TRANSPOSED + _CONV
_ACTIVATIONS = (
    layers.Activation, layers.ReLU, layers.LeakyReLU, layers.PReLU, layers.ELU, layers.Softmax,
)  # fmt: skip
_MARK = {True: "[지킴]", False: "[어김]"}  # 이모지 글꼴이 없는 곳에서도 보이는 글자
_DISPLAY = {"relu": "ReLU", "leaky_relu": "LeakyReLU", "prelu": "PReLU", "elu": "ELU"}


@dataclass(frozen=True)
class GuidelineResult:
    """지침 하나의 판정 결과입니다. 위반이면 ``detail``에 문제가 된 층 이름을 적습니다."""

    number: int
    title: str
    holds: bool
    detail: str


_NOT_FOR_GENERATOR = GuidelineResult(
    5, "판별자 LeakyReLU(해당 없음)", True, "판별자에 대한 지침이라 생성자에는 적용하지 않습니다."
)


@dataclass
class GuidelineReport:
    """모델 하나에 대한 다섯 지침의 판정 결과 묶음입니다."""

    role: str
    model_name: str
    results: list[GuidelineResult] = field(default_factory=list)

    @property
    def all_hold(self) -> bool:
        """모든 지침이 지켜졌으면 True입니다."""
        return all(result.holds for result in self.results)

    def violations(self) -> list[GuidelineResult]:
        """지켜지지 않은 지침만 돌려줍니다."""
        return [result for result in self.results if not result.holds]

    def __str__(self) -> str:
        kept, role = len(self.results) - len(self.violations()), _ROLE_KO.get(self.role, self.role)
        head = f"DCGAN 지침 점검: {self.model_name}({role}), {len(self.results)}개 중 {kept}개 지킴"
        body = [f"  {_MARK[r.holds]} {r.number}. {r.title}: {r.detail}" for r in self.results]
        return "\n".join([head, *body])


@dataclass(frozen=True)
class _Act:
    """활성화 하나: 종류, LeakyReLU 기울기, 활성화 층 이름(activation 인자면 None)."""

    kind: str
    slope: float | None
    where: str | None

    def __str__(self) -> str:
        text = _DISPLAY.get(self.kind, self.kind)
        text += "" if self.slope is None else f"(기울기 {self.slope:g})"
        return text + (f" '{self.where}'" if self.where else "(activation 인자)")


@dataclass
class _Unit:
    """가중치 층 하나와 그 뒤(다음 가중치 층 전)에 오는 배치 정규화·활성화입니다."""

    layer: keras.Layer
    norms: list[str] = field(default_factory=list)
    acts: list[_Act] = field(default_factory=list)

    @property
    def kinds(self) -> list[str]:
        return [act.kind for act in self.acts]

    def describe(self) -> str:
        return f"{_labels([self.layer])} → {', '.join(map(str, self.acts)) or '활성화 없음'}"


@dataclass
class _Structure:
    units: list[_Unit]
    pooling: list[keras.Layer]
    upsampling: list[keras.Layer]
    leading_norms: list[str]  # 첫 가중치 층보다 앞(입력 바로 뒤)의 배치 정규화


def _labels(found: list[keras.Layer]) -> str:
    return ", ".join(f"'{layer.name}'({type(layer).__name__})" for layer in found)


def _activation_kind(obj: object) -> tuple[str, float | None] | None:
    """활성화 층이나 함수를 (종류, LeakyReLU 기울기)로 바꿉니다. 선형이면 None입니다."""
    if isinstance(obj, layers.LeakyReLU | layers.ReLU):
        slope = float(obj.negative_slope)
        leaky = isinstance(obj, layers.LeakyReLU) or slope > 0
        return ("leaky_relu", slope) if leaky else ("relu", None)
    if isinstance(obj, layers.Activation):
        return _activation_kind(obj.activation)
    if isinstance(obj, keras.Layer):  # PReLU, ELU, Softmax 등
        return type(obj).__name__.lower(), None
    name = getattr(obj, "__name__", type(obj).__name__)
    if obj is None or name == "linear":  # activation 인자가 없거나 선형이면 활성화가 아닙니다
        return None
    return name, (_PAPER_SLOPE if name == "leaky_relu" else None)


def _flatten(model: keras.Model) -> list[keras.Layer]:
    """중첩된 Sequential/함수형 모델 안까지 층을 순서대로 펼칩니다(InputLayer 제외)."""
    flat: list[keras.Layer] = []
    for layer in model.layers:
        if isinstance(layer, keras.Model):
            flat.extend(_flatten(layer))
        elif not isinstance(layer, layers.InputLayer):
            flat.append(layer)
    return flat


def _analyse(model: keras.Model) -> _Structure:
    """층 목록을 가중치 층 단위로 묶고 풀링·업샘플링 층을 따로 모읍니다."""
    structure = _Structure([], [], [], [])
    units = structure.units
    for layer in _flatten(model):
        name = type(layer).__name__
        if isinstance(layer, _WEIGHT):
            units.append(_Unit(layer))
            kind = _activation_kind(getattr(layer, "activation", None))
            if kind:
                units[-1].acts.append(_Act(*kind, None))
        elif isinstance(layer, layers.BatchNormalization):
            (units[-1].norms if units else structure.leading_norms).append(layer.name)
        elif isinstance(layer, _ACTIVATIONS):
            kind = _activation_kind(layer)
            if kind and units:
                units[-1].acts.append(_Act(*kind, layer.name))
        elif "Pooling" in name:
            structure.pooling.append(layer)
        elif "UpSampling" in name:
            structure.upsampling.append(layer)
    if not units:
        raise ValueError(f"모델 '{model.name}'에 가중치 층(Dense·합성곱)이 없어 점검할 수 없습니다")
    return structure


def _result(number: int, title: str, problems: list[str], ok: str) -> GuidelineResult:
    return GuidelineResult(number, title, not problems, " ".join(problems) or ok)


def _resampling(s: _Structure, role: str) -> GuidelineResult:
    """지침 1: 풀링·업샘플링 대신 스트라이드(판별자)/전치(생성자) 합성곱을 씁니다."""
    generator = role == "generator"
    kinds = _TRANSPOSED if generator else _CONV
    strided = [u.layer for u in s.units if isinstance(u.layer, kinds) and max(u.layer.strides) > 1]
    what, verb = ("전치 합성곱", "키웁니다") if generator else ("합성곱", "줄입니다")
    problems = [f"풀링 층이 있습니다: {_labels(s.pooling)}."] if s.pooling else []
    if generator and s.upsampling:
        problems.append(f"UpSampling 층이 있습니다: {_labels(s.upsampling)}.")
    if not strided:
        problems.append(f"스트라이드가 1보다 큰 {what}이 없습니다({what}으로 크기를 바꾸지 않음).")
    title = "풀링 대신 전치 합성곱" if generator else "풀링 대신 스트라이드 합성곱"
    return _result(1, title, problems, f"스트라이드 {what}으로 {verb}: {_labels(strided)}.")


def _batch_norm(s: _Structure, role: str) -> GuidelineResult:
    """지침 2: 생성자 출력층·판별자 입력층을 빼고 배치 정규화를 씁니다."""
    first, last = s.units[0], s.units[-1]
    generator = role == "generator"
    needs_bn = s.units[:-1] if generator else s.units[1:-1]
    problems = []
    if not generator and (s.leading_norms or first.norms):
        names = ", ".join(f"'{n}'" for n in s.leading_norms + first.norms)
        problems.append(f"입력층 {_labels([first.layer])} 앞뒤에 배치 정규화가 있습니다: {names}.")
    missing = [u.layer for u in needs_bn if not u.norms]
    if missing:
        problems.append(f"배치 정규화가 없는 은닉층: {_labels(missing)}.")
    if last.norms and (generator or last is not first):
        names = ", ".join(f"'{n}'" for n in last.norms)
        problems.append(f"출력층 {_labels([last.layer])} 뒤에 배치 정규화가 있습니다: {names}.")
    skip = "출력층" if generator else "입력층과 출력층"
    title = "배치 정규화(출력층 제외)" if generator else "배치 정규화(입력층 제외)"
    return _result(2, title, problems, f"{skip}을 뺀 모든 가중치 층 뒤에 배치 정규화가 있습니다.")


def _no_hidden_dense(s: _Structure, role: str) -> GuidelineResult:
    """지침 3: 생성자의 첫 투영층과 판별자의 출력층 말고는 완전 연결층이 없습니다."""
    allowed = s.units[0].layer if role == "generator" else s.units[-1].layer
    dense = [u.layer for u in s.units if isinstance(u.layer, _DENSE)]
    extra = [layer for layer in dense if layer is not allowed]
    where = "z를 투영하는 첫 층" if role == "generator" else "출력층"
    problems = [f"{where} 말고도 완전 연결층이 있습니다: {_labels(extra)}."] if extra else []
    ok = (
        f"완전 연결층은 {where} {_labels([allowed])}뿐입니다."
        if dense
        else "완전 연결층이 없습니다."
    )
    return _result(3, "은닉 완전 연결층 없음", problems, ok)


def _generator_activations(s: _Structure) -> GuidelineResult:
    """지침 4: 생성자의 은닉층은 ReLU, 출력층은 tanh를 씁니다(LeakyReLU는 ReLU가 아닙니다)."""
    bad = [u.describe() for u in s.units[:-1] if u.kinds != ["relu"]]
    problems = [f"ReLU가 아닌 은닉층: {'; '.join(bad)}."] if bad else []
    last = s.units[-1]
    if last.kinds != ["tanh"]:
        problems.append(f"tanh가 아닌 출력층: {last.describe()}.")
    return _result(4, "은닉층 ReLU, 출력층 tanh", problems, "은닉층은 ReLU, 출력층은 tanh입니다.")


def _discriminator_output(s: _Structure, shape: tuple | None) -> GuidelineResult:
    """판별자의 4번: 출력층은 활성화 없는 로짓 하나(또는 sigmoid 확률 하나)를 냅니다."""
    last, problems = s.units[-1], []
    size = math.prod(shape[1:]) if shape and None not in shape[1:] else None
    if size not in (None, 1):
        problems.append(f"출력이 표본당 {size}개입니다(1개여야 합니다).")
    if last.kinds not in ([], ["sigmoid"]):
        problems.append(f"활성화 없는 로짓(또는 sigmoid)이 아닌 출력층: {last.describe()}.")
    what = "sigmoid 확률" if last.kinds else "활성화 없는 로짓"
    ok = f"출력층 {_labels([last.layer])}: {what} 1개를 냅니다."
    return _result(4, "출력층은 로짓 하나(또는 sigmoid)", problems, ok)


def _leaky_relu(s: _Structure) -> GuidelineResult:
    """지침 5: 판별자의 모든 은닉층 뒤에 LeakyReLU가 있습니다(기울기는 설명에만 적습니다)."""
    hidden = s.units[:-1]
    bad = [u.describe() for u in hidden if u.kinds != ["leaky_relu"]]
    problems = [f"LeakyReLU가 아닌 은닉층: {'; '.join(bad)}."] if bad else []
    slopes = sorted({u.acts[0].slope for u in hidden if u.kinds == ["leaky_relu"]})
    ok = f"모든 은닉층 뒤에 LeakyReLU(기울기 {', '.join(f'{v:g}' for v in slopes)})가 있습니다."
    if any(not math.isclose(v, _PAPER_SLOPE) for v in slopes):
        ok += " 논문의 기울기 0.2와 다르지만 위반으로 보지는 않습니다."
    return _result(5, "은닉층 LeakyReLU", problems, ok if hidden else "은닉층이 없습니다.")


def _output_shape(model: keras.Model) -> tuple | None:
    """출력이 하나이고 모델이 빌드되어 있으면 출력 모양을, 아니면 None을 돌려줍니다."""
    try:
        outputs = model.outputs
    except (AttributeError, ValueError):
        return None
    return tuple(outputs[0].shape) if outputs and len(outputs) == 1 else None


def _detect_role(model: keras.Model, shape: tuple | None) -> str:
    """출력이 이미지(랭크 4)면 생성자, 표본당 값 하나면 판별자로 봅니다."""
    if shape is not None and len(shape) == 4:
        return "generator"
    if shape is not None and len(shape) >= 1 and all(dim == 1 for dim in shape[1:]):
        return "discriminator"
    raise ValueError(
        f"모델 '{model.name}'의 출력 모양 {shape}으로는 역할을 알 수 없습니다. "
        "role='generator' 또는 role='discriminator'를 지정하세요."
    )


def dcgan_guideline_report(model: keras.Model, role: str | None = None) -> GuidelineReport:
    """모델이 DCGAN의 다섯 지침을 지키는지 점검합니다. role이 None이면 출력 모양으로 정합니다."""
    shape = _output_shape(model)
    role = _detect_role(model, shape) if role is None else role
    if role not in ROLES:
        raise ValueError(f"role은 'generator' 또는 'discriminator'여야 합니다: {role!r}")
    s = _analyse(model)
    common = [_resampling(s, role), _batch_norm(s, role), _no_hidden_dense(s, role)]
    if role == "generator":
        results = [*common, _generator_activations(s), _NOT_FOR_GENERATOR]
    else:
        results = [*common, _discriminator_output(s, shape), _leaky_relu(s)]
    return GuidelineReport(role, model.name, results)
