"""1차원 장난감 GAN: Goodfellow et al. (2014)의 그림 1을 실제 학습으로 다시 그립니다.

데이터는 x ~ N(4, 0.5²), 잠재 벡터는 z ~ N(0, 1)입니다. 생성자와 판별자는 작은 다층
퍼셉트론이고, 학습은 패키지의 ``GAN.train_step``(알고리즘 1: 판별자 k번, 생성자 1번,
생성자 단계에서는 판별자를 얼림)을 그대로 씁니다. 바뀌는 것은 두 모델뿐입니다.

논문 그림은 z를 균등분포에서 뽑지만, 균등분포의 z는 범위가 막혀 있어 작은 생성자가
정규분포의 꼬리까지 만들기 어렵습니다. 그래서 MNIST GAN과 같은 표준정규분포를 씁니다.
"""

from collections.abc import Sequence
from dataclasses import dataclass

import keras
import numpy as np
import tensorflow as tf
from keras import layers
from matplotlib.figure import Figure
from scipy.special import ndtri

from ..plots import setup_korean_font
from ..training import GAN

__all__ = ["STORY_TITLES", "ToyGAN", "ToySnapshot", "figure_1", "figure_1_story", "train_toy"]

DATA_MEAN, DATA_STD = 4.0, 0.5
X_RANGE = (0.0, 6.0)  # 그림의 가로 범위. 신경망 안에서는 이 범위를 [−1, 1]로 옮겨 씁니다.
GRID = np.linspace(*X_RANGE, 401, dtype="float32")
N_DENSITY = 2000  # 생성자 밀도를 추정할 G(z) 개수
BANDWIDTH = 0.06  # 커널 밀도 추정의 폭
Z_CENTER, Z_SCALE = 3.0, 1.2  # 그림에서 z 직선을 놓는 가로 위치: z → Z_CENTER + Z_SCALE·z
STORY_TITLES = (
    "(a) 학습 도중: D는 부분적으로만 정확",
    "(b) 판별자 학습 뒤: D ≈ D*",
    "(c) 생성자 업데이트 뒤",
    "(d) 균형: $p_g = p_{\text{data}}$, D = 1/2",
)


@dataclass(frozen=True)
class ToySnapshot:
    """어느 한 순간의 장난감 GAN: 격자 x 위의 두 밀도와 D(x), 그리고 z → G(z) 몇 쌍."""

    step: int  # 지금까지의 생성자 업데이트 횟수
    d_steps: int  # 지금까지의 판별자 업데이트 횟수
    x: np.ndarray
    p_data: np.ndarray  # 데이터 밀도
    p_g: np.ndarray  # 생성자 밀도(G(z) 2천 개의 커널 밀도 추정)
    d: np.ndarray  # 판별자 출력 D(x) = σ(로짓)
    z: np.ndarray  # 화살표용 z (확률이 같은 간격인 분위수)
    g_z: np.ndarray  # 그 z의 G(z)
    g_mean: float  # 생성자 분포의 평균
    g_std: float  # 생성자 분포의 표준편차

    @property
    def d_star(self) -> np.ndarray:
        """지금의 생성자에 대한 최적 판별자 D*(x) = p_data / (p_data + p_g)."""
        return self.p_data / np.maximum(self.p_data + self.p_g, 1e-12)


def _normal_quantiles(n: int) -> np.ndarray:
    """표준정규분포의 분위수 n개 (확률 (i + ½)/n, i = 0 … n−1)."""
    return ndtri((np.arange(n) + 0.5) / n).astype("float32")


def _mlp(name: str, hidden: Sequence[int], seed: int, first=None, last=None) -> keras.Sequential:
    """1 → hidden(tanh) → 1 완전 연결 신경망. 앞뒤에 고정 층(first, last)을 붙일 수 있습니다."""
    model = keras.Sequential(name=name)
    model.add(keras.Input(shape=(1,)))
    if first is not None:
        model.add(first)
    for i, units in enumerate([*hidden, 1]):
        activation = "tanh" if i < len(hidden) else None
        init = keras.initializers.GlorotUniform(seed=seed + i)
        model.add(layers.Dense(units, activation, kernel_initializer=init))
    if last is not None:
        model.add(last)
    return model


class ToyGAN(GAN):
    """1차원 GAN. 학습 단계는 부모 클래스 ``GAN``의 것을 그대로 씁니다.

    학습률은 생성자 1e-3, 판별자 1e-2(Adam, β₁ = 0.5)에서 시작해 반복 1000번마다
    절반으로 줄입니다. 판별자가 열 배 빨리 배우므로 생성자가 움직여도 D* 곁을 따라가고,
    학습률을 줄이는 것은 학습 끝의 진동을 가라앉혀 균형점에 머물게 하려는 것입니다.
    """

    def __init__(
        self,
        seed: int = 0,
        k: int = 3,
        batch_size: int = 256,
        d_learning_rate: float = 1e-2,
        g_learning_rate: float = 1e-3,
    ) -> None:
        center, half = (X_RANGE[0] + X_RANGE[1]) / 2, (X_RANGE[1] - X_RANGE[0]) / 2
        super().__init__(
            _mlp("toy_generator", (16, 16), seed, last=layers.Rescaling(half, center)),
            _mlp(
                "toy_discriminator", (32, 32), seed + 10, layers.Rescaling(1 / half, -center / half)
            ),
            latent_size=1,
            k_disc=k,
            seed=seed,
        )
        self.data_seed = keras.random.SeedGenerator(seed + 1)

        def adam(rate: float, decay_steps: int) -> keras.optimizers.Adam:
            schedule = keras.optimizers.schedules.ExponentialDecay(rate, decay_steps, 0.5)
            return keras.optimizers.Adam(schedule, beta_1=0.5)

        # 판별자는 반복마다 k번 업데이트하므로, 반복 1000번은 판별자 업데이트 1000·k번입니다.
        self.compile(
            d_optimizer=adam(d_learning_rate, 1000 * k), g_optimizer=adam(g_learning_rate, 1000)
        )
        self.curves: dict[str, list[float]] = {
            "step": [],
            "g_mean": [],
            "g_std": [],
            "d_at_mean": [],
        }
        self._iteration = tf.function(lambda: self.train_step(self.sample_data(k * batch_size)))
        self._d_only = tf.function(lambda: self.discriminator_step(self.sample_data(batch_size)))
        self._g_only = tf.function(lambda: self.generator_step(batch_size))

    def sample_data(self, n):
        """데이터 미니배치 x ~ N(4, 0.5²)."""
        return DATA_MEAN + DATA_STD * keras.random.normal((n, 1), seed=self.data_seed)

    @property
    def d_step(self) -> int:
        """지금까지의 판별자 업데이트 횟수."""
        return int(self.d_optimizer.iterations.numpy())

    def train(self, steps: int, record_every: int = 10) -> None:
        """알고리즘 1을 steps번 반복합니다. record_every번마다 ``curves``에 기록합니다."""
        for _ in range(steps):
            self._iteration()
            if self.step % record_every == 0:
                self._record()

    def train_discriminator(self, steps: int) -> None:
        """생성자는 그대로 두고 판별자만 steps번 업데이트합니다(알고리즘 1의 안쪽 루프)."""
        for _ in range(steps):
            self._d_only()

    def train_generator(self, steps: int) -> None:
        """판별자를 얼려 둔 채 생성자만 steps번 업데이트합니다."""
        for _ in range(steps):
            self._g_only()

    def discriminate(self, x: np.ndarray) -> np.ndarray:
        """D(x) = σ(로짓)를 넘파이 배열로 돌려줍니다."""
        logits = self.discriminator(np.asarray(x, "float32").reshape(-1, 1))
        return keras.ops.convert_to_numpy(keras.ops.sigmoid(logits))[:, 0]

    def _quantile_samples(self, n: int) -> np.ndarray:
        """z의 분위수 n개에서 만든 G(z). 무작위 표본보다 흔들림이 없습니다."""
        return self.generate(_normal_quantiles(n)[:, None])[:, 0]

    def _record(self) -> None:
        samples = self._quantile_samples(N_DENSITY)
        self.curves["step"].append(self.step)
        self.curves["g_mean"].append(float(samples.mean()))
        self.curves["g_std"].append(float(samples.std()))
        self.curves["d_at_mean"].append(float(self.discriminate([DATA_MEAN])[0]))

    def snapshot(self, n_arrows: int = 13) -> ToySnapshot:
        """지금 상태를 격자 위의 값으로 기록합니다."""
        samples = self._quantile_samples(N_DENSITY)
        kernel = np.exp(-0.5 * ((GRID[:, None] - samples[None, :]) / BANDWIDTH) ** 2)
        p_g = kernel.mean(axis=1) / (BANDWIDTH * np.sqrt(2 * np.pi))
        p_data = np.exp(-0.5 * ((GRID - DATA_MEAN) / DATA_STD) ** 2) / (
            DATA_STD * np.sqrt(2 * np.pi)
        )
        z = _normal_quantiles(n_arrows)
        return ToySnapshot(
            step=self.step,
            d_steps=self.d_step,
            x=GRID.copy(),
            p_data=p_data,
            p_g=p_g,
            d=self.discriminate(GRID),
            z=z,
            g_z=self.generate(z[:, None])[:, 0],
            g_mean=float(samples.mean()),
            g_std=float(samples.std()),
        )


def train_toy(
    seed: int = 0, steps: int = 2000, k: int = 3, snapshots: Sequence[int] = ()
) -> list[ToySnapshot]:
    """알고리즘 1로 steps번 학습하며 snapshots의 반복에서 상태를 기록합니다(마지막 반복 포함)."""
    gan = ToyGAN(seed=seed, k=k)
    result, done = [], 0
    for mark in sorted({s for s in snapshots if 0 <= s < steps} | {steps}):
        gan.train(mark - done)
        done = mark
        result.append(gan.snapshot())
    return result


def figure_1_story(
    gan: ToyGAN, warmup: int = 5, d_steps: int = 300, g_steps: int = 4, rest: int = 2000
) -> list[ToySnapshot]:
    """논문 그림 1의 네 순간을 차례로 만듭니다.

    (a) 알고리즘 1을 warmup번 반복한 뒤, (b) 판별자만 d_steps번 더 학습한 뒤,
    (c) 판별자를 얼리고 생성자만 g_steps번 업데이트한 뒤, (d) 알고리즘 1을 rest번 더 반복한 뒤.
    """
    gan.train(warmup)
    story = [gan.snapshot()]
    gan.train_discriminator(d_steps)
    story.append(gan.snapshot())
    gan.train_generator(g_steps)
    story.append(gan.snapshot())
    gan.train(rest)
    story.append(gan.snapshot())
    return story


def figure_1(snapshots: Sequence[ToySnapshot], titles: Sequence[str] = STORY_TITLES) -> Figure:
    """논문 그림 1처럼 칸마다 위에는 p_data(검은 점선)·p_g(초록 실선)·D(x)(파란 파선)를,
    아래에는 z 직선에서 x 직선으로 가는 화살표(x = G(z))를 그립니다."""
    setup_korean_font()
    fig = Figure(figsize=(13, 4.8), layout="constrained")
    grid = fig.add_gridspec(2, len(snapshots), height_ratios=[3, 1.3])
    top = min(2.0, max(1.1, *(1.05 * s.p_g.max() for s in snapshots)))
    lo, hi = X_RANGE
    for col, (snap, title) in enumerate(zip(snapshots, titles, strict=True)):
        ax = fig.add_subplot(grid[0, col])
        ax.plot(snap.x, snap.p_data, "k:", lw=2, label="데이터 분포 $p_{\text{data}}$")
        ax.plot(snap.x, snap.p_g, "g-", lw=1.8, label="생성자 분포 $p_g$")
        ax.plot(snap.x, snap.d, "b--", lw=1.8, label="판별자 출력 D(x)")
        ax.axhline(0.5, color="0.85", lw=0.8, zorder=0)
        ax.set(xlim=(lo, hi), ylim=(0, top), title=title)
        note = f"반복 {snap.step}\n판별자 업데이트 {snap.d_steps}"
        ax.text(0.03, 0.97, note, va="top", transform=ax.transAxes, fontsize=8, color="0.35")
        ax.tick_params(labelbottom=False, labelleft=col == 0)
        arrows = fig.add_subplot(grid[1, col], sharex=ax)
        z_pos = Z_CENTER + Z_SCALE * snap.z
        arrows.hlines([0, 1], [Z_CENTER - 2.5 * Z_SCALE, lo], [Z_CENTER + 2.5 * Z_SCALE, hi], "k")
        for start, end in zip(z_pos, np.clip(snap.g_z, lo, hi), strict=True):
            arrows.annotate("", (end, 1), (start, 0), arrowprops={"arrowstyle": "->", "lw": 0.8})
        arrows.text(lo + 0.05, 1.1, "x", va="bottom", fontsize=11, style="italic")
        arrows.text(lo + 0.05, 0.1, "z", va="bottom", fontsize=11, style="italic")
        arrows.set(ylim=(-0.15, 1.4), yticks=[])
        arrows.tick_params(bottom=False, labelbottom=False)
        arrows.axis("off")
    handles, labels = ax.get_legend_handles_labels()
    fig.legend(handles, labels, loc="outside upper center", ncol=3, frameon=False)
    return fig
