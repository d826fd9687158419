"""CPU 초당 품질 경주: 같은 데이터·평가기·CPU 예산으로 DCGAN 학습법 세 가지를 나란히 잽니다.

``python -m gan_tutorial bench --race`` 로 실행합니다(단위 테스트가 아니라 측정입니다).

- ``ours``: 이 패키지의 DCGAN 기본값(``TrainConfig()``).
- ``dcgan-paper``: 같은 구조에 DCGAN 논문의 최적화 설정(Adam 2e-4, β₁ 0.5, 미니배치 128; R1·평균·코드 없음).
  논문의 초기화(N(0, 0.02²))와 균등분포 z는 쓰지 않습니다(경주를 잰 뒤에 패키지에 들어왔습니다).
- ``tf-tutorial``: TensorFlow DCGAN 튜토리얼의 구조와 학습법(Adam 1e-4, 미니배치 256, 판별자 드롭아웃).
"""

import csv
import dataclasses
from collections.abc import Callable, Sequence
from pathlib import Path

import keras
from keras import layers
from matplotlib.figure import Figure
from matplotlib.ticker import ScalarFormatter

from ..callbacks import StopOnNaN
from ..config import TrainConfig
from ..data import MnistData, load_mnist, make_dataset
from ..plots import setup_korean_font
from ..runner import build_gan
from ..training import GAN
from .bench import QualityTrace
from .evaluate import load_or_train_classifier, reference_digits

__all__ = ["BUDGETS", "RECIPES", "Recipe", "race", "race_figure", "race_ratios", "read_race_csv"]

BUDGETS = (30, 60, 120, 240)  # 학습에 쓰는 이 프로세스의 CPU 초
COLUMNS = ("recipe", "budget", "step", "cpu_seconds", "confident", "classes", "frechet")


@dataclasses.dataclass(frozen=True)
class Recipe:
    """경주에 나가는 학습법 하나: 이름, 한 줄 설명, 시드 → compile한 GAN, 미니배치 크기."""

    label: str
    build: Callable[[int], GAN]
    batch_size: int


def tutorial_generator(latent_size: int = 100) -> keras.Sequential:
    """TensorFlow DCGAN 튜토리얼의 생성자: 7×7×256 투영, 5×5 전치 합성곱 셋, LeakyReLU."""
    model = keras.Sequential(name="tf_tutorial_generator")
    model.add(keras.Input((latent_size,)))
    model.add(layers.Dense(7 * 7 * 256, use_bias=False))
    model.add(layers.BatchNormalization())
    model.add(layers.LeakyReLU())
    model.add(layers.Reshape((7, 7, 256)))
    for filters, stride in ((128, 1), (64, 2)):
        model.add(layers.Conv2DTranspose(filters, 5, stride, padding="same", use_bias=False))
        model.add(layers.BatchNormalization())
        model.add(layers.LeakyReLU())
    model.add(layers.Conv2DTranspose(1, 5, 2, padding="same", use_bias=False, activation="tanh"))
    return model


def tutorial_discriminator() -> keras.Sequential:
    """TensorFlow DCGAN 튜토리얼의 판별자: 5×5 합성곱 둘, LeakyReLU와 드롭아웃 0.3, 배치 정규화 없음."""
    model = keras.Sequential(name="tf_tutorial_discriminator")
    model.add(keras.Input((28, 28, 1)))
    for filters in (64, 128):
        model.add(layers.Conv2D(filters, 5, 2, padding="same"))
        model.add(layers.LeakyReLU())
        model.add(layers.Dropout(0.3))
    model.add(layers.Flatten())
    model.add(layers.Dense(1))
    return model


def _tf_tutorial(seed: int) -> GAN:
    gan = GAN(tutorial_generator(), tutorial_discriminator(), seed=seed)
    gan.compile(keras.optimizers.Adam(1e-4), keras.optimizers.Adam(1e-4))
    return gan


PAPER = {
    "learning_rate": 2e-4,
    "beta_1": 0.5,
    "batch_size": 128,
    "r1_weight": 0.0,
    "ema_decay": 0.0,
    "latent_codes": 0,
}
RECIPES = {
    "ours": Recipe("이 패키지의 기본값", lambda seed: build_gan(TrainConfig(seed=seed)), 32),
    "dcgan-paper": Recipe(
        "같은 구조 + 논문의 최적화 설정",
        lambda seed: build_gan(TrainConfig(seed=seed, **PAPER)),
        PAPER["batch_size"],
    ),
    "tf-tutorial": Recipe("TensorFlow DCGAN 튜토리얼", _tf_tutorial, 256),
}


def race(
    out_dir: str | Path,
    budgets: Sequence[float] = BUDGETS,
    seed: int = 0,
    data: MnistData | None = None,
    recipes: Sequence[str] = tuple(RECIPES),
) -> list[dict]:
    """학습법마다 CPU 예산을 처음 넘는 반복에서 품질을 재고 out_dir/race.csv, race.png에 씁니다."""
    data = data if data is not None else load_mnist()
    classifier = load_or_train_classifier(data=data)
    reference = reference_digits(data)
    rows = []
    for name in recipes:
        recipe = RECIPES[name]
        print(f"{name}: {recipe.label}, 미니배치 {recipe.batch_size}", flush=True)
        keras.utils.set_random_seed(seed)
        gan = recipe.build(seed)
        trace = QualityTrace(0, classifier, reference, verbose=True, budgets=budgets)
        dataset = make_dataset(data.images, recipe.batch_size, seed=seed)
        gan.fit(
            dataset,
            epochs=1,
            steps_per_epoch=10**7,
            shuffle=False,
            verbose=0,
            callbacks=[StopOnNaN(), trace],
        )
        rows += [{"recipe": name, **{c: row[c] for c in COLUMNS[1:]}} for row in trace.rows]
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    with open(out_dir / "race.csv", "w", newline="", encoding="utf-8") as file:
        writer = csv.DictWriter(file, COLUMNS)
        writer.writeheader()
        writer.writerows(rows)
    race_figure(rows).savefig(out_dir / "race.png", dpi=110)
    return rows


def read_race_csv(path: str | Path) -> list[dict]:
    """race.csv를 읽어 race()가 돌려준 것과 같은 행 목록으로 돌려줍니다."""
    kinds = {"recipe": str, "step": int, "classes": int}
    with open(path, encoding="utf-8") as file:
        return [{k: kinds.get(k, float)(v) for k, v in row.items()} for row in csv.DictReader(file)]


def race_figure(rows: Sequence[dict]) -> Figure:
    """확신 비율과 프레셰 거리를 학습 CPU 초에 따라 학습법마다 한 선으로 그립니다."""
    setup_korean_font()
    fig = Figure(figsize=(10, 4), layout="constrained")
    left, right = fig.subplots(1, 2)
    for name in dict.fromkeys(row["recipe"] for row in rows):
        mine = [row for row in rows if row["recipe"] == name]
        seconds = [row["cpu_seconds"] for row in mine]
        label = RECIPES[name].label if name in RECIPES else name
        left.plot(seconds, [100 * row["confident"] for row in mine], "o-", label=label)
        right.plot(seconds, [row["frechet"] for row in mine], "o-", label=label)
    left.set(xlabel="학습 CPU 초", ylabel="확신 비율 (%)", title="숫자로 읽히는 샘플")
    right.set(xlabel="학습 CPU 초", ylabel="프레셰 거리 (로그 눈금)", title="진짜 숫자와의 거리")
    right.set_yscale("log")
    budgets = sorted({row["budget"] for row in rows})
    for axes in (left, right):
        axes.set_xscale("log")
        axes.set_xticks(budgets, [f"{b:g}" for b in budgets])
        axes.minorticks_off()
        axes.grid(alpha=0.3)
    right.yaxis.set_major_formatter(ScalarFormatter())
    left.legend()
    return fig


def race_ratios(rows: Sequence[dict], budget: float = 120, base: str = "ours") -> dict[str, dict]:
    """예산 budget에서 학습법마다 (확신 비율, 프레셰 거리)와 base에 대한 비(base ÷ 그 학습법)."""
    at = {row["recipe"]: row for row in rows if row["budget"] == budget}
    mine = at[base]
    return {
        name: {
            "confident": row["confident"],
            "frechet": row["frechet"],
            "confident_ratio": _ratio(mine["confident"], row["confident"]),
            "frechet_ratio": _ratio(row["frechet"], mine["frechet"]),
        }
        for name, row in at.items()
    }


def _ratio(a: float, b: float) -> float:
    return a / b if b else float("inf")
