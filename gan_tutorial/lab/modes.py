"""2차원 장난감 데이터로 보는 모드 붕괴(mode collapse)와 그 처방.

데이터는 정규분포 여러 개를 섞은 분포(가우스 혼합)입니다: 원 위의 8개(고리)나 5×5 격자의 25개.
모드(mode)마다 샘플이 몰려 있고 모드 사이는 비어 있어, 생성자가 몇 개의 모드만 만들고 나머지를
버리면 한눈에 보입니다. 학습은 패키지의 GAN 클래스(알고리즘 1)를 그대로 쓰고, 바뀌는 것은 두 다층 퍼셉트론과
처방(method)뿐입니다.

고리(반지름 2, σ = 0.02)는 Unrolled GAN(Metz et al., 2017)이 쓴 시험 데이터입니다.

모드 세기: 생성자 샘플 2,500개 가운데 어떤 모드 중심에서 3σ 안에 든 샘플을 '좋은 샘플'이라 하고,
좋은 샘플이 MIN_COUNT개 이상 모인 모드를 '덮은 모드'로 셉니다. 두 척도(좋은 샘플의 비율, 덮은 모드의
수)는 VEEGAN(Srivastava et al., 2017)과 PacGAN(Lin et al., 2018)이 쓰는 것이고, PacGAN의 공개 코드는
좋은 샘플이 하나만 있어도 덮은 모드로 셉니다. 20개라는 문턱은 이 패키지가 더 엄격하게 정한 값입니다.
"""

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cached_property

import keras
import numpy as np
import tensorflow as tf
from keras import layers, ops
from matplotlib.figure import Figure

from ..families.wgan_gp import WGANGP
from ..plots import setup_korean_font
from ..training import GAN

__all__ = [
    "METHODS",
    "Coverage",
    "MinibatchStddev",
    "Mixture",
    "ModeRun",
    "Snapshot",
    "coverage",
    "field_figure",
    "follow_pull",
    "generator_pull",
    "grid",
    "occupancy_figure",
    "ring",
    "samples_figure",
    "train_modes",
]

LATENT_SIZE = 16
HIDDEN = 128
BATCH_SIZE = 256
N_EVAL = 2500  # 모드를 셀 때 쓰는 생성자 샘플 수
MIN_COUNT = 20  # 모드 하나를 덮었다고 칠 좋은 샘플 수 (2,500개 중 0.8%)
LEARNING_RATE = (
    1e-3  # 두 신경망의 Adam 학습률 (1e-4는 반복 5,000번에도 모드에 닿지 못했습니다, README)
)


@dataclass(frozen=True)
class Mixture:
    """같은 표준편차 std를 가진 정규분포들을 같은 비율로 섞은 2차원 분포(가우스 혼합)."""

    name: str
    centers: np.ndarray  # (모드 수, 2)
    std: float

    def sample(self, n: int, seed: int = 0) -> np.ndarray:
        """넘파이로 n개를 뽑습니다(그림용)."""
        rng = np.random.default_rng(seed)
        which = rng.integers(len(self.centers), size=n)
        return (self.centers[which] + self.std * rng.standard_normal((n, 2))).astype("float32")

    def sample_tensor(self, n: int, seed: keras.random.SeedGenerator):
        """그래프 안에서 n개를 뽑습니다(학습용: 반복마다 새 미니배치)."""
        logits = ops.zeros((n, len(self.centers)))
        which = keras.random.categorical(logits, 1, seed=seed)[:, 0]
        centers = ops.take(ops.convert_to_tensor(self.centers), which, axis=0)
        return centers + self.std * keras.random.normal((n, 2), seed=seed)


def ring(modes: int = 8, radius: float = 2.0, std: float = 0.02) -> Mixture:
    """반지름 radius인 원 위에 같은 간격으로 놓인 정규분포 modes개."""
    angles = 2 * np.pi * np.arange(modes) / modes
    centers = radius * np.stack([np.cos(angles), np.sin(angles)], axis=1)
    return Mixture(f"고리 {modes}개", centers.astype("float32"), std)


def grid(side: int = 5, spacing: float = 2.0, std: float = 0.05) -> Mixture:
    """side×side 격자점(간격 spacing, 원점 중심)에 놓인 정규분포."""
    ticks = spacing * (np.arange(side) - (side - 1) / 2)
    centers = np.stack(np.meshgrid(ticks, ticks), axis=-1).reshape(-1, 2)
    return Mixture(f"격자 {side * side}개", centers.astype("float32"), std)


@dataclass(frozen=True)
class Coverage:
    """생성자 샘플이 데이터의 모드를 얼마나 덮는지."""

    modes: int  # 덮은 모드 수
    total: int  # 전체 모드 수
    high_quality: float  # 어떤 모드에서든 3σ 안에 든 샘플의 비율
    counts: np.ndarray  # 모드마다의 좋은 샘플 수


def coverage(
    samples: np.ndarray, mixture: Mixture, min_count: int = MIN_COUNT, sigmas: float = 3.0
) -> Coverage:
    """샘플마다 가장 가까운 모드를 찾고, sigmas·σ 안이면 그 모드의 좋은 샘플로 셉니다."""
    distances = np.linalg.norm(samples[:, None, :] - mixture.centers[None], axis=-1)
    nearest = distances.argmin(axis=1)
    good = distances.min(axis=1) <= sigmas * mixture.std
    counts = np.bincount(nearest[good], minlength=len(mixture.centers))
    return Coverage(int((counts >= min_count).sum()), len(counts), float(good.mean()), counts)


class MinibatchStddev(layers.Layer):
    """미니배치 표준편차(Karras et al., 2018): 배치 안 특징들의 표준편차 평균을 특징 하나로 붙입니다.

    가짜가 한 모드에 몰리면 배치 안의 다양성이 진짜보다 작아지고, 판별자는 이 값 하나로 그것을
    알아챌 수 있습니다. 판별자를 진짜 배치와 가짜 배치에 따로 부르므로 두 배치가 섞이지 않습니다.
    제곱근 안에 작은 수(1e-8)를 더합니다: 가짜가 모두 같아 분산이 0이 되는 바로 그때(완전한 붕괴)에도
    기울기가 NaN이 되지 않게 하려는 것입니다(Karras et al.의 구현과 같습니다).
    """

    def call(self, x):
        spread = ops.mean(ops.sqrt(ops.var(x, axis=0) + 1e-8))
        return ops.concatenate([x, ops.ones_like(x[:, :1]) * spread], axis=-1)


def _mlp(
    name: str, inputs: int, seed: int, extra: Sequence[layers.Layer] = (), extra_after: int = 2
) -> keras.Sequential:
    """inputs → 128 → 128 → 1 또는 2. extra는 은닉층 extra_after개 뒤에 끼웁니다(기본: 출력층 바로 앞)."""
    outputs = 2 if name == "generator" else 1
    init = keras.initializers.GlorotUniform
    hidden = [
        [
            layers.Dense(HIDDEN, kernel_initializer=init(seed + i)),
            layers.LeakyReLU(0.2) if name != "generator" else layers.ReLU(),
        ]
        for i in range(2)
    ]
    blocks = [*hidden[:extra_after], list(extra), *hidden[extra_after:]]
    model = keras.Sequential(name=f"toy2d_{name}")
    model.add(keras.Input((inputs,)))
    for layer in (layer for block in blocks for layer in block):
        model.add(layer)
    model.add(layers.Dense(outputs, kernel_initializer=init(seed + 2)))
    return model


def _adam(rate: float, beta_1: float, beta_2: float = 0.999) -> keras.optimizers.Adam:
    return keras.optimizers.Adam(rate, beta_1=beta_1, beta_2=beta_2)


def _gan(
    seed: int, rate: float, k: int = 1, extra: Sequence[layers.Layer] = (), extra_after: int = 2
) -> GAN:
    gan = GAN(
        _mlp("generator", LATENT_SIZE, seed),
        _mlp("discriminator", 2, seed + 10, extra, extra_after),
        latent_size=LATENT_SIZE,
        k_disc=k,
        seed=seed,
    )
    gan.compile(d_optimizer=_adam(rate, 0.5), g_optimizer=_adam(rate, 0.5))
    return gan


def _wgan_gp(seed: int, rate: float) -> GAN:
    gan = WGANGP(
        _mlp("generator", LATENT_SIZE, seed),
        _mlp("critic", 2, seed + 10),
        latent_size=LATENT_SIZE,
        k_disc=5,
        seed=seed,
    )
    gan.compile(
        d_optimizer=_adam(rate, 0.0, 0.9),
        g_optimizer=_adam(rate, 0.0, 0.9),
        generator_loss="wasserstein",
    )
    return gan


# 처방 이름 → (시드, 학습률)을 받아 compile한 GAN을 만드는 함수
METHODS: dict[str, Callable[[int, float], GAN]] = {
    "GAN": _gan,
    "GAN, k=5": lambda seed, rate: _gan(seed, rate, k=5),
    "미니배치 표준편차": lambda seed, rate: _gan(seed, rate, extra=[MinibatchStddev()]),
    "미니배치 표준편차, k=5": lambda seed, rate: _gan(seed, rate, k=5, extra=[MinibatchStddev()]),
    # 같은 층을 두 번째 은닉층 앞에 끼운 것(Karras et al.처럼 뒤에 비선형 층이 더 있습니다)
    "미니배치 표준편차, 앞쪽": lambda seed, rate: _gan(
        seed, rate, extra=[MinibatchStddev()], extra_after=1
    ),
    "WGAN-GP": _wgan_gp,
}


@dataclass(frozen=True)
class Snapshot:
    """한 반복에서 얼려 둔 두 신경망의 사본(학습은 그대로 이어집니다). GAN Lab식 그림에 씁니다."""

    step: int
    generator: keras.Model
    discriminator: keras.Model  # WGAN-GP에서는 비평자
    generator_loss: Callable  # 그 GAN이 쓰는 생성자 손실(로짓이나 점수를 받음)
    critic: bool  # 판별자 대신 비평자(점수 f(x), 시그모이드 없음)인가

    @cached_property
    def mover(self) -> Callable:
        """follow_pull이 쓰는 그래프 함수 (점들, 옮길 횟수, 한 번의 최대 거리) → 옮긴 점들.

        스냅숏마다 한 번만 추적합니다(점의 수가 달라도 다시 추적하지 않습니다).
        """

        def move(x, moves, step):
            for _ in tf.range(moves):
                pull = _pull(self, x)[1]
                length = tf.norm(pull, axis=1, keepdims=True)
                x = x + step * pull / tf.maximum(1.0, length)
            return x

        signature = [
            tf.TensorSpec((None, 2), tf.float32),
            tf.TensorSpec((), tf.int32),
            tf.TensorSpec((), tf.float32),
        ]
        return tf.function(move, input_signature=signature)


@dataclass
class ModeRun:
    """한 처방·한 시드의 학습 기록: 기록한 반복마다의 샘플과 모드 덮기."""

    method: str
    seed: int
    steps: list[int]
    samples: list[np.ndarray]
    coverages: list[Coverage]
    cpu_seconds: float  # 학습에 든 프로세스 CPU 시간(샘플 기록 제외)
    snapshots: dict[int, Snapshot] = field(default_factory=dict)  # train_modes(keep=…)의 반복마다


def _frozen_copy(model: keras.Model) -> keras.Model:
    copy = keras.models.clone_model(model)
    copy.set_weights(model.get_weights())
    copy.trainable = False
    return copy


def train_modes(
    method: str,
    mixture: Mixture,
    seed: int = 0,
    steps: int = 2000,
    record: Sequence[int] = (),
    learning_rate: float = LEARNING_RATE,
    keep: Sequence[int] = (),
) -> ModeRun:
    """처방 method로 mixture를 steps번(생성자 업데이트) 학습하고, record의 반복과 마지막에 기록합니다.

    keep의 반복(0–steps)에서는 생성자와 판별자의 사본을 ``run.snapshots[반복]``에 남깁니다. 사본을
    만드는 일은 학습의 난수와 가중치를 건드리지 않으므로, keep이 있든 없든 학습은 같습니다.
    """
    keras.utils.set_random_seed(seed)
    gan = METHODS[method](seed, learning_rate)
    data_seed = keras.random.SeedGenerator(seed + 1)
    iteration = tf.function(
        lambda: gan.train_step(mixture.sample_tensor(gan.k_disc * BATCH_SIZE, data_seed))
    )
    z = np.random.default_rng(seed + 2).standard_normal((N_EVAL, LATENT_SIZE), "float32")
    run = ModeRun(method, seed, [], [], [], 0.0)
    recorded = {s for s in record if 0 <= s < steps} | {steps}
    kept = {s for s in keep if 0 <= s <= steps}
    for mark in sorted(recorded | kept):
        started = time.process_time()
        for _ in range(mark - gan.step):
            iteration()
        run.cpu_seconds += time.process_time() - started
        if mark in kept:
            run.snapshots[mark] = Snapshot(
                mark,
                _frozen_copy(gan.generator),
                _frozen_copy(gan.discriminator),
                gan.generator_loss,
                gan.critic,
            )
        if mark in recorded:
            samples = gan.generate(z)
            run.steps.append(mark)
            run.samples.append(samples)
            run.coverages.append(coverage(samples, mixture))
    return run


def _pull(snapshot: Snapshot, x):
    """점들 x(텐서)에서 판별자의 로짓(또는 점수)과 −∂(생성자 손실)/∂x × 미니배치 크기."""
    with tf.GradientTape() as tape:
        tape.watch(x)
        outputs = snapshot.discriminator(x, training=False)
        loss = snapshot.generator_loss(outputs)
    return outputs, -tape.gradient(loss, x) * tf.cast(tf.shape(x)[0], x.dtype)


def generator_pull(snapshot: Snapshot, points: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """점들을 가짜 미니배치 하나로 판별자에 넣었을 때의 (판별자 출력, 생성자 손실이 점을 미는 방향).

    판별자 출력은 D(x) = σ(로짓)이고, 비평자면 점수 f(x) 그대로입니다. 미는 방향은 샘플마다
    −∂(생성자 손실)/∂x에 미니배치 크기를 곱한 값입니다(손실이 샘플 평균이므로). 비포화 손실이면
    (1 − D(x))·∇ₓ로짓, WGAN이면 ∇ₓf(x)입니다. 생성자 가중치가 실제로 움직이는 방향은 이 힘을 생성자의
    야코비안으로 옮긴 것이라, 화살표는 '판별자가 샘플을 어디로 끌어당기는가'를 보여 줍니다.
    """
    outputs, pull = _pull(snapshot, tf.convert_to_tensor(np.asarray(points, "float32")))
    outputs = outputs.numpy()[:, 0]
    return (outputs if snapshot.critic else 1 / (1 + np.exp(-outputs))), pull.numpy()


def follow_pull(
    snapshot: Snapshot, points: np.ndarray, moves: int = 300, step: float = 0.01
) -> np.ndarray:
    """판별자를 얼린 채 점들을 generator_pull의 방향으로 moves번 옮긴 끝 점.

    한 번에 옮기는 거리는 step·‖힘‖이되 step을 넘지 않습니다(힘이 1보다 크면 방향만 씁니다). 생성자가
    점마다 마음대로 움직일 수 있다면 이 판별자 앞에서 샘플이 어디로 가는지를 봅니다.
    """
    x = tf.convert_to_tensor(np.asarray(points, "float32"))
    # 스냅숏마다 그래프를 한 번 추적하는 것은 의도한 일입니다. TensorFlow는 같은 코드의 함수가 여러 번
    # 추적되면 '다시 추적' 경고를 찍으므로, 이 호출 동안만 경고를 끕니다.
    logger = tf.get_logger()
    level = logger.level
    logger.setLevel("ERROR")
    try:
        return snapshot.mover(x, tf.constant(moves), tf.constant(step, "float32")).numpy()
    finally:
        logger.setLevel(level)


def samples_figure(runs: Sequence[ModeRun], mixture: Mixture, limit: float = 3.0) -> Figure:
    """처방마다 한 줄, 기록한 반복마다 한 칸: 데이터(회색) 위에 생성자 샘플(색)을 찍습니다."""
    setup_korean_font()
    columns = len(runs[0].steps)
    fig = Figure(figsize=(2.1 * columns, 2.2 * len(runs)), layout="constrained")
    axes = fig.subplots(len(runs), columns, squeeze=False, sharex=True, sharey=True)
    data = mixture.sample(N_EVAL, seed=99)
    for row, run in zip(axes, runs, strict=True):
        for ax, step, points, cov in zip(row, run.steps, run.samples, run.coverages, strict=True):
            ax.scatter(*data.T, s=2, c="0.75", linewidths=0)
            ax.scatter(*points.T, s=2, c="C3", alpha=0.5, linewidths=0)
            ax.set(xlim=(-limit, limit), ylim=(-limit, limit), xticks=[], yticks=[], aspect="equal")
            ax.set_title(f"반복 {step}: 모드 {cov.modes}/{cov.total}", fontsize=9)
        row[0].set_ylabel(run.method)
    return fig


def field_figure(
    panels: Sequence[tuple[str, Snapshot]],
    mixture: Mixture,
    noise: np.ndarray,
    arrows: int = 40,
    limit: float = 3.0,
) -> Figure:
    """GAN Lab식 그림, 칸마다 스냅숏 하나: 배경은 판별자 D(x), 주황 점은 noise로 만든 생성자 샘플,
    화살표는 그 가운데 arrows개에 생성자 손실이 거는 힘(generator_pull, 모든 칸이 같은 배율),
    검은 원은 진짜 모드의 중심입니다. 비평자가 아닌 판별자(출력이 확률)만 그립니다.
    """
    setup_korean_font()
    ticks = np.linspace(-limit, limit, 161)
    xx, yy = np.meshgrid(ticks, ticks)
    plane = np.stack([xx.ravel(), yy.ravel()], axis=1)
    fig = Figure(figsize=(3.9 * len(panels) + 0.8, 3.9), layout="constrained")
    axes = fig.subplots(1, len(panels), squeeze=False)[0]
    drawn = []
    for title, snapshot in panels:
        fakes = np.asarray(snapshot.generator(noise, training=False))
        drawn.append((title, snapshot, fakes, generator_pull(snapshot, fakes[:arrows])[1]))
    # 화살표 배율: 모든 칸에서 가장 긴 화살표가 한계의 3분의 1 길이가 되게
    longest = max(float(np.linalg.norm(pull, axis=1).max()) for *_, pull in drawn)
    for ax, (title, snapshot, fakes, pull) in zip(axes, drawn, strict=True):
        d_plane = generator_pull(snapshot, plane)[0].reshape(xx.shape)
        image = ax.imshow(
            d_plane,
            origin="lower",
            extent=(-limit, limit, -limit, limit),
            cmap="PRGn",
            vmin=0,
            vmax=1,
        )
        ax.scatter(*fakes.T, s=3, c="C1", alpha=0.6, linewidths=0)
        ax.scatter(*mixture.centers.T, s=40, facecolors="none", edgecolors="k", linewidths=1)
        ax.quiver(
            *fakes[:arrows].T,
            *pull.T,
            angles="xy",
            scale_units="xy",
            scale=longest / (limit / 3),
            width=0.006,
        )
        ax.set(xlim=(-limit, limit), ylim=(-limit, limit), xticks=[], yticks=[], aspect="equal")
        ax.set_title(f"{title} (반복 {snapshot.step})", fontsize=10)
    fig.colorbar(image, ax=axes, label="판별자 D(x)", shrink=0.85)
    return fig


def occupancy_figure(runs: Sequence[ModeRun]) -> Figure:
    """처방마다 한 칸: 가로는 반복, 세로는 모드, 색은 그 모드에 든 좋은 샘플의 비율.

    한 줄만 밝으면 한 모드에 몰린 것이고, 밝은 칸이 위아래로 옮겨 다니면 모드 사이를 떠도는 것입니다.
    """
    setup_korean_font()
    fig = Figure(figsize=(4.2 * len(runs), 3.0), layout="constrained")
    axes = fig.subplots(1, len(runs), squeeze=False)[0]
    for ax, run in zip(axes, runs, strict=True):
        shares = np.stack([cov.counts / N_EVAL for cov in run.coverages], axis=1)
        steps = np.asarray(run.steps)
        image = ax.imshow(
            shares,
            aspect="auto",
            origin="lower",
            cmap="magma",
            vmin=0,
            vmax=0.5,
            extent=(steps[0], steps[-1], -0.5, shares.shape[0] - 0.5),
        )
        ax.set(title=run.method, xlabel="반복", ylabel="모드 번호")
    fig.colorbar(image, ax=axes, label="좋은 샘플의 비율")
    return fig
